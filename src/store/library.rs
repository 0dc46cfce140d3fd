//! The library index: what a folder scan learned about each file (title, date, word count,
//! fingerprint), kept between runs in the data directory so that a folder of thousands of
//! articles is listed without reading them. An entry is used only while the file's size and
//! modification time are unchanged; any other file is read and its entry renewed.

mod disk;

use super::Meta;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

/// Entries kept at most; the oldest scans' entries go first.
const MAX_ENTRIES: usize = 200_000;

/// What one file was when it was last read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub path: String,
    pub size: u64,
    /// Modification time, nanoseconds since the epoch.
    pub modified: u128,
    /// `None`: the file is not a text document (binary), so scans skip it.
    pub meta: Option<Meta>,
}

/// The whole index: its entries sorted by path, one per path, looked up by binary search. (A
/// map copied every path for its keys and hashed them while the list waited: over a tenth of
/// the time to list 10,000 articles from their index.)
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Index {
    entries: Vec<Entry>,
}

/// A file's identity for the index: its path as text (paths that are not UTF-8 are not kept),
/// size and modification time.
pub fn stamp(path: &Path, meta: &std::fs::Metadata) -> Option<(String, u64, u128)> {
    let modified = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
    Some((path.to_str()?.to_string(), meta.len(), modified.as_nanos()))
}

impl Index {
    /// An index of `entries` (in any order; of two for one path, the later is kept).
    pub fn new(mut entries: Vec<Entry>) -> Index {
        // A stable sort keeps entries of one path in order: the last is the newest.
        entries.sort_by(|a, b| a.path.cmp(&b.path));
        entries.reverse();
        entries.dedup_by(|a, b| a.path == b.path);
        entries.reverse();
        Index { entries }
    }

    /// Reads an index from its file (`disk`); `None` when it is not one this version
    /// understands (the index is only a cache: it is then rebuilt).
    pub fn from_bytes(bytes: &[u8]) -> Option<Index> {
        let entries = disk::decode(bytes)?;
        // Saved sorted, so nearly always sorted already.
        let sorted = entries.windows(2).all(|w| w[0].path < w[1].path);
        Some(if sorted {
            Index { entries }
        } else {
            Index::new(entries)
        })
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        disk::encode(&self.entries[..self.entries.len().min(MAX_ENTRIES)])
    }

    /// The entry of the file at `path` (absolute, as text).
    pub fn get(&self, path: &str) -> Option<&Entry> {
        self.get_near(path, &mut 0)
    }

    /// `get`, trying first the entry at `*hint` and leaving `*hint` after the one found: a
    /// folder's files are looked up in path order, so each is nearly always the next entry
    /// (halving the list each time compares long, alike paths a dozen times per file).
    pub fn get_near(&self, path: &str, hint: &mut usize) -> Option<&Entry> {
        let i = self.find_near(path, hint)?;
        Some(&self.entries[i])
    }

    /// `get_near`, for changing the entry.
    pub fn get_near_mut(&mut self, path: &str, hint: &mut usize) -> Option<&mut Entry> {
        let i = self.find_near(path, hint)?;
        Some(&mut self.entries[i])
    }

    fn find_near(&self, path: &str, hint: &mut usize) -> Option<usize> {
        let i = match self.entries.get(*hint) {
            Some(e) if e.path == path => *hint,
            _ => self
                .entries
                .binary_search_by(|e| e.path.as_str().cmp(path))
                .ok()?,
        };
        *hint = i + 1;
        Some(i)
    }

    /// Every entry, sorted by path.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Takes in what a scan of the folders `roots` (absolute) found: their old entries are
    /// replaced by `found`, so deleted files leave; others are kept. True when anything changed.
    pub fn update(&mut self, roots: &[PathBuf], found: Vec<Entry>) -> bool {
        let roots: Vec<String> = roots
            .iter()
            .filter_map(|r| {
                r.to_str()
                    .map(|s| s.trim_end_matches('/').to_string() + "/")
            })
            .collect();
        let (old, kept): (Vec<Entry>, Vec<Entry>) = std::mem::take(&mut self.entries)
            .into_iter()
            .partition(|e| roots.iter().any(|r| e.path.starts_with(r.as_str())));
        let old = Index { entries: old };
        let changed =
            old.entries.len() != found.len() || found.iter().any(|e| old.get(&e.path) != Some(e));
        let mut all = kept;
        all.extend(found);
        *self = Index::new(all);
        changed
    }
}

/// A file listed from the index before it was looked at: `doc` is its place in the list
/// (`None` for a file the index says is not text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Check {
    pub doc: Option<usize>,
    pub path: PathBuf,
    /// Its entry's path in the index (the worker looks the entry up there: copying 10,000 of
    /// them while the list waits took longer than showing it).
    pub key: String,
}

/// What is left to do after a library was listed from its index: look at the listed files
/// (their size and modification time), read again the ones that changed, and save the index.
/// It runs after the list is on screen, so a large folder opens without waiting for it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Refresh {
    pub index: Index,
    /// The folders scanned (absolute).
    pub roots: Vec<PathBuf>,
    /// Entries for the files read while listing (new or changed).
    pub known: Vec<Entry>,
    pub check: Vec<Check>,
    /// Documents read while listing (by index in the list) and their entries, still to be
    /// described (`describe`). Any left undescribed stay out of the index and are read again
    /// next time, never taken for binary files.
    pub fresh: Vec<(usize, Entry)>,
}

impl Refresh {
    /// Describes the documents read while listing, with `meta` of each (its hash of the text is
    /// the slow part, so this runs after the list is shown).
    pub fn describe(&mut self, meta: impl Fn(usize) -> Option<Meta>) {
        for (i, e) in self.fresh.drain(..) {
            if let Some(m) = meta(i) {
                self.known.push(Entry { meta: Some(m), ..e });
            }
        }
    }

    /// Looks at every listed file; a changed one is read again and handed to `reloaded` with
    /// its place in the list. `meta` gives a listed document's description: a listing may have
    /// lent the index's to the document (`folder::load_paths`), and it is given back here.
    /// Returns the index brought up to date, and whether it changed.
    pub fn run(
        mut self,
        meta: impl Fn(usize) -> Option<Meta>,
        mut reloaded: impl FnMut(usize, super::Document),
    ) -> (Index, bool) {
        let mut hint = 0;
        for c in self.check {
            let Ok(stat) = std::fs::metadata(&c.path) else {
                // Gone: it leaves the index (opening it says so).
                continue;
            };
            let Some((key, size, modified)) = stamp(Path::new(&c.key), &stat) else {
                continue;
            };
            // A binary file's entry has no description, and its check no document.
            let described = match c.doc {
                Some(i) => meta(i).map(Some),
                None => Some(None),
            };
            if let (Some(e), Some(m)) = (self.index.get_near_mut(&c.key, &mut hint), described)
                && size == e.size
                && modified == e.modified
            {
                e.meta = m;
                self.known.push(e.clone());
                continue;
            }
            let doc = super::load_file(&c.path).ok();
            self.known.push(Entry {
                path: key,
                size,
                modified,
                meta: doc.as_ref().map(super::Document::meta),
            });
            if let (Some(i), Some(d)) = (c.doc, doc) {
                reloaded(i, d);
            }
        }
        let changed = self.index.update(&self.roots, self.known);
        (self.index, changed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str, size: u64) -> Entry {
        Entry {
            path: path.into(),
            size,
            modified: 0,
            meta: None,
        }
    }

    #[test]
    fn an_index_keeps_one_entry_per_path_the_last_given() {
        let index = Index::new(vec![entry("/b", 1), entry("/a", 1), entry("/b", 2)]);
        let got: Vec<(&str, u64)> = index
            .entries()
            .iter()
            .map(|e| (e.path.as_str(), e.size))
            .collect();
        assert_eq!(got, [("/a", 1), ("/b", 2)]);
        assert_eq!(Index::from_bytes(&index.to_bytes()), Some(index));
    }

    proptest::proptest! {
        #[test]
        fn a_look_up_from_any_hint_finds_what_a_search_finds(
            paths in proptest::collection::btree_set("/[a-c]{1,3}", 0..12),
            key in "/[a-c]{1,3}",
            hint in 0usize..14,
        ) {
            let index = Index::new(paths.iter().map(|p| entry(p, 0)).collect());
            let mut h = hint;
            let near = index.get_near(&key, &mut h);
            proptest::prop_assert_eq!(near, index.get(&key));
            if let Some(e) = near {
                proptest::prop_assert_eq!(&index.entries()[h - 1], e);
            } else {
                proptest::prop_assert_eq!(h, hint);
            }
        }
    }
}
