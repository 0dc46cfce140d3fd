//! The only code that reads and writes state files (DESIGN decision 5): reading positions
//! (`positions.json`), bookmarks (`bookmarks.json`) and the search history
//! (`search-history.json`) in the data directory, and the library index, a cache.
//!
//! How a state file is kept (atomic writes, a last good copy, checksums, locks, files left
//! alone) is `persist::file`. Every change takes the file's lock, re-reads it, applies the one
//! change to what is on disk now (for positions: the newest record per document wins) and
//! writes it back, so two running copies never drop each other's changes.

mod file;

use crate::bookmarks::{Bookmark, BookmarkChange};
use crate::place::Position;
use file::State;
pub use file::{PersistError, VERSION, write_atomic};
use serde::{Deserialize, Serialize};
use std::fs;
use std::path::Path;

/// Records kept at most; the oldest are dropped beyond this.
const MAX_RECORDS: usize = 10_000;
const FILE: &str = "positions.json";

#[derive(Debug, Default, Serialize, Deserialize)]
struct PositionsFile {
    version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    crc32: Option<String>,
    positions: Vec<Position>,
}

impl State for PositionsFile {
    type Records = Vec<Position>;
    fn records(&self) -> &Vec<Position> {
        &self.positions
    }
    fn version(&mut self) -> &mut u32 {
        &mut self.version
    }
    fn checksum(&mut self) -> &mut Option<String> {
        &mut self.crc32
    }
}

/// What loading found: the records, and a message for the status bar if something was wrong.
#[derive(Debug, Default)]
pub struct Loaded {
    pub positions: Vec<Position>,
    pub warning: Option<String>,
}

/// Reads the positions file (changing nothing on disk).
pub fn load(dir: &Path) -> Loaded {
    let (file, warning) = file::load::<PositionsFile>(&dir.join(FILE));
    Loaded {
        positions: file.positions,
        warning,
    }
}

const HISTORY_FILE: &str = "search-history.json";

#[derive(Debug, Default, Serialize, Deserialize)]
struct HistoryFile {
    version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    crc32: Option<String>,
    /// Oldest first.
    entries: Vec<String>,
}

impl State for HistoryFile {
    type Records = Vec<String>;
    fn records(&self) -> &Vec<String> {
        &self.entries
    }
    fn version(&mut self) -> &mut u32 {
        &mut self.version
    }
    fn checksum(&mut self) -> &mut Option<String> {
        &mut self.crc32
    }
}

/// Reads the search history.
pub fn load_history(dir: &Path) -> (Vec<String>, Option<String>) {
    let (file, warning) = file::load::<HistoryFile>(&dir.join(HISTORY_FILE));
    (file.entries, warning)
}

/// Adds a search to the history file (most recent last, no duplicates, at most `max`).
pub fn add_history(dir: &Path, entry: &str, max: usize) -> Result<(), PersistError> {
    file::change::<HistoryFile>(
        &dir.join(HISTORY_FILE),
        |file| {
            file.entries.retain(|e| e != entry);
            file.entries.push(entry.to_string());
            let excess = file.entries.len().saturating_sub(max);
            file.entries.drain(..excess);
        },
        &[],
    )
    .map(drop)
}

/// Saves one record: lock, re-read, merge, write atomically.
pub fn save(dir: &Path, record: Position) -> Result<(), PersistError> {
    file::change::<PositionsFile>(&dir.join(FILE), |f| merge(&mut f.positions, record), &[])
        .map(drop)
}

/// Puts `record` in `list`, replacing an older record of the same document.
pub fn merge(list: &mut Vec<Position>, record: Position) {
    match list
        .iter_mut()
        .find(|p| p.fingerprint == record.fingerprint)
    {
        Some(old) if old.updated <= record.updated => *old = record,
        Some(_) => {}
        None => list.push(record),
    }
    if list.len() > MAX_RECORDS {
        list.sort_by_key(|p| std::cmp::Reverse(p.updated));
        list.truncate(MAX_RECORDS);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(fp: &str, offset: usize, updated: u64) -> Position {
        Position {
            fingerprint: fp.into(),
            path: "/x".into(),
            offset,
            gap: false,
            anchor: "a".into(),
            progress: 0.5,
            updated,
        }
    }

    #[test]
    fn round_trip_and_merge_keeps_other_documents() {
        let dir = tempfile::tempdir().unwrap();
        save(dir.path(), pos("a", 10, 1)).unwrap();
        save(dir.path(), pos("b", 20, 2)).unwrap();
        save(dir.path(), pos("a", 30, 3)).unwrap();
        let l = load(dir.path());
        assert!(l.warning.is_none());
        assert_eq!(l.positions.len(), 2);
        assert_eq!(
            l.positions
                .iter()
                .find(|p| p.fingerprint == "a")
                .unwrap()
                .offset,
            30
        );
    }

    proptest::proptest! {
        /// A byte of the positions or history file (or of their last good copies) changed to
        /// anything: what is read is what was saved, or nothing with a warning; never other
        /// records, never a panic.
        #[test]
        fn a_flipped_byte_never_reads_as_other_records(
            at in 0usize..100_000, byte in proptest::prelude::any::<u8>(), which in 0usize..4,
        ) {
            let dir = tempfile::tempdir().unwrap();
            save(dir.path(), pos("a", 1234, 5)).unwrap();
            save(dir.path(), pos("b", 99, 6)).unwrap();
            add_history(dir.path(), "Khovaev", 10).unwrap();
            add_history(dir.path(), "arms deal", 10).unwrap();
            let (saved, history) = (load(dir.path()).positions, load_history(dir.path()).0);
            let name = ["positions.json", "positions.json.bak", "search-history.json", "search-history.json.bak"][which];
            let path = dir.path().join(name);
            let mut bytes = fs::read(&path).unwrap();
            let at = at % bytes.len();
            bytes[at] = byte;
            fs::write(&path, &bytes).unwrap();
            let l = load(dir.path());
            proptest::prop_assert!(l.positions == saved || (l.positions.is_empty() && l.warning.is_some()));
            let (h, warning) = load_history(dir.path());
            proptest::prop_assert!(h == history || (h.is_empty() && warning.is_some()));
        }
    }

    #[test]
    fn older_record_does_not_replace_newer() {
        let mut list = vec![pos("a", 1, 10)];
        merge(&mut list, pos("a", 2, 5));
        assert_eq!(list[0].offset, 1);
    }

    #[test]
    fn corrupt_file_is_reported_then_moved_aside_by_the_next_change() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(FILE), b"{ not json").unwrap();
        let l = load(dir.path());
        assert!(l.warning.as_deref().unwrap().contains("unreadable"));
        // Reading changed nothing.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        save(dir.path(), pos("a", 1, 1)).unwrap();
        assert_eq!(load(dir.path()).positions, [pos("a", 1, 1)]);
        let aside: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with("positions.json.corrupt-")
            })
            .collect();
        assert_eq!(aside.len(), 1);
        assert_eq!(fs::read(aside[0].path()).unwrap(), b"{ not json");
    }

    #[test]
    fn newer_version_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let newer = br#"{"version": 99, "positions": [], "future": true}"#;
        fs::write(dir.path().join(FILE), newer).unwrap();
        assert!(load(dir.path()).warning.unwrap().contains("newer"));
        assert!(matches!(
            save(dir.path(), pos("a", 1, 1)),
            Err(PersistError::Newer { .. })
        ));
        assert_eq!(fs::read(dir.path().join(FILE)).unwrap(), newer);
    }

    #[test]
    fn failed_write_leaves_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE);
        fs::write(&path, b"old").unwrap();
        // A directory where the temp file should go makes the write fail before the rename.
        let tmp = dir
            .path()
            .join(format!(".{FILE}.tmp-{}", std::process::id()));
        fs::create_dir(&tmp).unwrap();
        assert!(write_atomic(&path, b"new").is_err());
        assert_eq!(fs::read(&path).unwrap(), b"old");
    }
}

const BOOKMARKS_FILE: &str = "bookmarks.json";

#[derive(Debug, Default, Serialize, Deserialize)]
struct BookmarksFile {
    version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    crc32: Option<String>,
    bookmarks: Vec<Bookmark>,
}

impl State for BookmarksFile {
    type Records = Vec<Bookmark>;
    fn records(&self) -> &Vec<Bookmark> {
        &self.bookmarks
    }
    fn version(&mut self) -> &mut u32 {
        &mut self.version
    }
    fn checksum(&mut self) -> &mut Option<String> {
        &mut self.crc32
    }
    fn ids(&self) -> Vec<&str> {
        self.bookmarks.iter().map(|b| b.id.as_str()).collect()
    }
}

/// Reads the bookmarks, changing nothing on disk: a corrupt or missing file is shown from its
/// last good copy, with a warning.
pub fn load_bookmarks(dir: &Path) -> (Vec<Bookmark>, Option<String>) {
    let (file, warning) = file::load::<BookmarksFile>(&dir.join(BOOKMARKS_FILE));
    (file.bookmarks, warning)
}

/// Applies `change` to the bookmarks on disk and returns the whole list as saved.
pub fn change_bookmarks(
    dir: &Path,
    change: &BookmarkChange,
) -> Result<Vec<Bookmark>, PersistError> {
    let deleted: Vec<&str> = match change {
        BookmarkChange::Delete(id) => vec![id.as_str()],
        _ => Vec::new(),
    };
    let file = file::change::<BookmarksFile>(
        &dir.join(BOOKMARKS_FILE),
        |file| match change {
            BookmarkChange::Add(b) => {
                file.bookmarks.retain(|x| x.id != b.id);
                file.bookmarks.push((**b).clone());
            }
            BookmarkChange::Delete(id) => file.bookmarks.retain(|x| &x.id != id),
            BookmarkChange::Note { id, note } => {
                if let Some(b) = file.bookmarks.iter_mut().find(|b| &b.id == id) {
                    b.note = note.clone();
                }
            }
        },
        &deleted,
    )?;
    Ok(file.bookmarks)
}

#[cfg(test)]
mod history_tests {
    use super::*;

    #[test]
    fn history_round_trip_dedupes_and_caps() {
        let dir = tempfile::tempdir().unwrap();
        for q in ["arms", "Khovaev", "arms", "x", "y"] {
            add_history(dir.path(), q, 3).unwrap();
        }
        let (h, warn) = load_history(dir.path());
        assert!(warn.is_none());
        assert_eq!(h, ["arms", "x", "y"]);
    }

    #[test]
    fn corrupt_history_is_reported_and_replaced_by_the_next_search() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(HISTORY_FILE), "nope").unwrap();
        let (h, warn) = load_history(dir.path());
        assert!(h.is_empty() && warn.unwrap().contains("unreadable"));
        assert_eq!(fs::read(dir.path().join(HISTORY_FILE)).unwrap(), b"nope");
        add_history(dir.path(), "arms", 3).unwrap();
        assert_eq!(load_history(dir.path()), (vec!["arms".to_string()], None));
    }
}

const LIBRARY_FILE: &str = "library-index.bin";
/// The index as earlier builds wrote it (JSON), removed when the new one is saved.
const OLD_LIBRARY_FILE: &str = "library-index.json";

/// Reads the library index. It is only a cache: when missing, unreadable or from another
/// version it is empty, and the next scan rebuilds it.
pub fn load_library(dir: &Path) -> crate::store::library::Index {
    let Ok(file) = file::open_regular(&dir.join(LIBRARY_FILE)) else {
        return Default::default();
    };
    // Mapped rather than read into a new buffer: a 10,000-article index is 1.8 MB, and a
    // fresh process took each of its pages as a fault, a tenth of the time to list them. It
    // is replaced by renaming a new file over it, never written in place; should anything
    // cut it short anyway, the mapping reads zeros (`store::mapped`), which fail its checksum.
    crate::store::mapped::Map::new(&file)
        .ok()
        .and_then(|b| crate::store::library::Index::from_bytes(&b))
        .unwrap_or_default()
}

/// Writes the library index (atomically, so a crash leaves the old one).
pub fn save_library(dir: &Path, index: &crate::store::library::Index) -> Result<(), PersistError> {
    fs::create_dir_all(dir).map_err(file::io_err(dir))?;
    write_atomic(&dir.join(LIBRARY_FILE), &index.to_bytes())?;
    // A cache nothing reads any more.
    _ = fs::remove_file(dir.join(OLD_LIBRARY_FILE));
    Ok(())
}

#[cfg(test)]
mod library_file_tests {
    use super::*;
    use crate::store::library::{Entry, Index};

    #[test]
    fn the_library_index_reads_back_and_replaces_the_old_json_one() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(
            dir.path().join(OLD_LIBRARY_FILE),
            b"{\"version\":1,\"entries\":[]}",
        )
        .unwrap();
        let index = Index::new(vec![Entry {
            path: "/a/b.txt".into(),
            size: 3,
            modified: 7,
            meta: None,
        }]);
        save_library(dir.path(), &index).unwrap();
        assert_eq!(load_library(dir.path()), index);
        assert!(!dir.path().join(OLD_LIBRARY_FILE).exists());
        // Damaged: empty, to be rebuilt by the next scan.
        fs::write(
            dir.path().join(LIBRARY_FILE),
            b"sidenote-library\x02garbage",
        )
        .unwrap();
        assert_eq!(load_library(dir.path()), Index::default());
        // Empty (cut short), or a folder where the file should be: the same.
        fs::write(dir.path().join(LIBRARY_FILE), b"").unwrap();
        assert_eq!(load_library(dir.path()), Index::default());
        fs::remove_file(dir.path().join(LIBRARY_FILE)).unwrap();
        fs::create_dir(dir.path().join(LIBRARY_FILE)).unwrap();
        assert_eq!(load_library(dir.path()), Index::default());
    }
}
