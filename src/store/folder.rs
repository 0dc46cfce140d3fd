//! Loading a folder (a library): its text files in path order, listed from the library index
//! where it knows them and read otherwise.

use super::{Document, StoreError, library, load_file, load_file_with_metadata, load_stdin, show};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// File endings that are always taken as text in a folder scan.
const TEXT_EXTENSIONS: &[&str] = &[
    "txt", "md", "markdown", "text", "rst", "org", "adoc", "html", "htm", "xhtml", "epub",
];

/// Text files that are data or code, not reading: skipped in folder scans (a file named on the
/// command line is always opened).
const SKIPPED_EXTENSIONS: &[&str] = &[
    "json", "jsonl", "ndjson", "csv", "tsv", "yaml", "yml", "toml", "xml", "css", "js", "ts", "rs",
    "py", "c", "h", "go", "java", "sh", "lock", "log", "ini", "cfg", "conf", "svg", "sql",
];

/// What a folder scan found: documents, how many files were skipped as binary, and the library
/// index entries for what it saw.
#[derive(Debug, Default)]
pub struct Scan {
    /// Shared from the start, as the reader keeps them: wrapping 10,000 documents afterwards
    /// copied each into a new allocation while the list waited.
    pub docs: Vec<Arc<Document>>,
    pub skipped: usize,
    pub entries: Vec<library::Entry>,
    /// The folders scanned (absolute), whose index entries `entries` replaces.
    pub roots: Vec<PathBuf>,
    /// Files listed from the index, still to be looked at (`library::Refresh`).
    pub check: Vec<library::Check>,
    /// Documents read now (by index in `docs`) and their index entries, whose descriptions
    /// (`Meta`, with a hash of the text) are made after the list is shown.
    pub fresh: Vec<(usize, library::Entry)>,
}

impl Scan {
    /// What is left to do once the list is shown (`library::Refresh`), taken from the scan;
    /// `index` is the one it was listed from. The documents stay.
    pub fn refresh(&mut self, index: library::Index) -> library::Refresh {
        library::Refresh {
            index,
            roots: std::mem::take(&mut self.roots),
            known: std::mem::take(&mut self.entries),
            check: std::mem::take(&mut self.check),
            fresh: std::mem::take(&mut self.fresh),
        }
    }

    /// Every index entry of the scan, with the fresh ones described now.
    pub fn described_entries(&self) -> Vec<library::Entry> {
        let mut all = self.entries.clone();
        all.extend(self.fresh.iter().map(|(i, e)| library::Entry {
            meta: Some(self.docs[*i].meta()),
            ..e.clone()
        }));
        all
    }
}

/// Loads every text file under `dir`, recursively, in path order; hidden entries are skipped.
/// Files that have an entry in `index` are listed from it without being looked at (they are
/// read when needed, and checked afterwards: `Scan::check`); the others are read now.
pub fn load_dir(dir: &Path, index: &library::Index) -> Result<Scan, StoreError> {
    list_dir(dir, &mut Listed::Shared(index))
}

/// The index a folder is listed from: shared, its descriptions copied into the documents; or
/// lent, its descriptions moved into them (copying 10,000 took a tenth of a launch), to be
/// given back by `library::Refresh::run` from the documents.
enum Listed<'a> {
    Shared(&'a library::Index),
    Lent(&'a mut library::Index),
}

fn list_dir(dir: &Path, index: &mut Listed) -> Result<Scan, StoreError> {
    let mut files = Vec::new();
    collect(dir, &mut files)?;
    list_files(dir, files, index)
}

/// `list_dir` once its `files` are collected.
fn list_files(dir: &Path, files: Vec<PathBuf>, index: &mut Listed) -> Result<Scan, StoreError> {
    let mut scan = Scan::default();
    let root = std::path::absolute(dir).ok();
    scan.roots.extend(root.clone());
    // A file's index key: its absolute path, made from the folder's in one reused buffer (this
    // runs for every file of a library before its list is shown).
    let root_text = root.as_deref().and_then(Path::to_str);
    let mut key = String::new();
    // Files come in path order, as the index is sorted: the next entry is nearly always the one.
    let mut hint = 0;
    scan.docs.reserve(files.len());
    scan.check.reserve(files.len());
    for f in files {
        let rel = relative(&f, dir);
        let ext = match rel {
            Some(r) => extension(r),
            None => f.extension().and_then(|e| e.to_str()).unwrap_or(""),
        };
        if SKIPPED_EXTENSIONS
            .iter()
            .any(|x| x.eq_ignore_ascii_case(ext))
        {
            continue;
        }
        let keyed = match (root_text, rel) {
            (Some(r), Some(rel)) => {
                key.clear();
                key.push_str(r);
                if !key.ends_with('/') {
                    key.push('/');
                }
                key.push_str(rel);
                true
            }
            _ => false,
        };
        let found = match index {
            _ if !keyed => None,
            Listed::Shared(x) => x.get_near(&key, &mut hint).map(|e| e.meta.clone()),
            Listed::Lent(x) => x.get_near_mut(&key, &mut hint).map(|e| e.meta.take()),
        };
        if let Some(meta) = found {
            let doc = match meta {
                Some(m) => {
                    scan.docs.push(Arc::new(Document::deferred(f.clone(), m)));
                    Some(scan.docs.len() - 1)
                }
                None => {
                    scan.skipped += 1;
                    None
                }
            };
            scan.check.push(library::Check {
                doc,
                path: f,
                key: key.clone(),
            });
            continue;
        }
        let known = TEXT_EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(ext));
        let (loaded, meta) = load_file_with_metadata(&f);
        // Saved under the key it is looked up by.
        let stamp = meta
            .filter(|_| keyed)
            .and_then(|m| library::stamp(Path::new(&key), &m));
        let doc = match loaded {
            Ok(doc)
                if known
                    || std::str::from_utf8(&doc.bytes[..doc.bytes.len().min(4096)]).is_ok() =>
            {
                Some(doc)
            }
            Ok(_) | Err(StoreError::Binary { .. }) => None,
            Err(e) => return Err(e),
        };
        let entry = stamp.map(|(path, size, modified)| library::Entry {
            path,
            size,
            modified,
            meta: None,
        });
        match doc {
            Some(d) => {
                // Listed from what was just read, and read again when opened.
                scan.docs.push(Arc::new(d.unload(f)));
                // Its entry is described later (`Refresh::describe`), off the way to the list.
                scan.fresh.extend(entry.map(|e| (scan.docs.len() - 1, e)));
            }
            None => {
                scan.entries.extend(entry);
                scan.skipped += 1;
            }
        }
    }
    if scan.docs.is_empty() {
        return Err(StoreError::EmptyFolder { path: show(dir) });
    }
    Ok(scan)
}

/// `path` relative to `dir`, as text, for a path that `collect` made under `dir`: the bytes
/// after `dir`'s and a separator. (`Path::strip_prefix` compares components, which took a tenth
/// of the time to list a library from its index.) `None` when that is not so, or not UTF-8.
fn relative<'a>(path: &'a Path, dir: &Path) -> Option<&'a str> {
    let rest = path
        .as_os_str()
        .as_encoded_bytes()
        .strip_prefix(dir.as_os_str().as_encoded_bytes())?;
    // Joined to a folder that ended with a separator, a name gets no other.
    let rest = match rest.strip_prefix(b"/") {
        Some(r) => r,
        None if dir.as_os_str().as_encoded_bytes().ends_with(b"/") => rest,
        None => return None,
    };
    std::str::from_utf8(rest).ok()
}

/// `Path::extension` of a relative path as text (without the dot; empty when there is none),
/// without splitting it into components.
fn extension(rel: &str) -> &str {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    match name.rfind('.') {
        Some(i) if i > 0 => &name[i + 1..],
        _ => "",
    }
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), StoreError> {
    let io = |source| StoreError::Io {
        path: show(dir),
        source,
    };
    // Each entry's name is made once (`DirEntry::file_name` allocates) and kept with its type.
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let entry = entry.map_err(io)?;
        let name = entry.file_name();
        if !name.as_encoded_bytes().starts_with(b".") {
            entries.push((name, entry.file_type().map_err(io)?));
        }
    }
    // Sorting each folder by name walks the tree in path order (names in a folder are unique).
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    for (name, ty) in entries {
        let path = dir.join(name);
        if ty.is_dir() {
            collect(&path, out)?;
            continue;
        }
        // Files are not looked at here (10,000 of them take a while): a symbolic link is kept
        // if it leads to a file, and anything odd fails later, when read.
        if ty.is_file() || (ty.is_symlink() && path.is_file()) {
            out.push(path);
        }
    }
    Ok(())
}

/// `load_paths` as a launch does it, with the library index still to `read`: for one folder,
/// it is read on a second thread while the folder's files are collected, as neither needs the
/// other (each took about a quarter of a launch into a 10,000-article list). Returns the
/// index too, with the descriptions the documents took from it lent (see `load_paths`).
pub fn load_paths_reading(
    paths: &[PathBuf],
    read: impl FnOnce() -> library::Index + Send,
) -> (Result<Scan, StoreError>, library::Index) {
    let dir = match paths {
        // `-` is standard input, as `load_paths` takes it, even beside a folder of that name.
        [p] if p.as_os_str() != "-" && p.is_dir() => p,
        _ => {
            let mut index = read();
            return (load_paths(paths, &mut index), index);
        }
    };
    std::thread::scope(|s| {
        let reading = s.spawn(read);
        let mut files = Vec::new();
        let collected = collect(dir, &mut files);
        // A panic while reading is a damaged cache, and a cache can be rebuilt.
        let mut index = reading.join().unwrap_or_default();
        let scan = collected.and_then(|()| list_files(dir, files, &mut Listed::Lent(&mut index)));
        (scan, index)
    })
}

/// Loads what the command line named: files and folders (through the library `index`), in order.
/// When one folder is named, the index's descriptions of its files are moved into their
/// documents: `library::Refresh::run` gives them back.
pub fn load_paths(paths: &[PathBuf], index: &mut library::Index) -> Result<Scan, StoreError> {
    let mut scan = Scan::default();
    for p in paths {
        if p.as_os_str() == "-" {
            scan.docs.push(Arc::new(load_stdin()?));
            continue;
        }
        let meta = std::fs::metadata(p).map_err(|source| StoreError::Io {
            path: show(p),
            source,
        })?;
        if meta.is_dir() && paths.len() == 1 {
            // The usual case, one folder: its scan is the whole of it (not moved, 10,000
            // documents at a time, into another list), and no other folder lists its files
            // again from the index (as `sidenote lib lib/sub` does).
            return list_dir(p, &mut Listed::Lent(index));
        }
        if meta.is_dir() {
            let mut s = load_dir(p, index)?;
            let offset = scan.docs.len();
            for c in &mut s.check {
                c.doc = c.doc.map(|i| i + offset);
            }
            scan.check.extend(s.check);
            scan.fresh
                .extend(s.fresh.into_iter().map(|(i, e)| (i + offset, e)));
            scan.docs.extend(s.docs);
            scan.skipped += s.skipped;
            scan.entries.extend(s.entries);
            scan.roots.extend(s.roots);
        } else {
            scan.docs.push(Arc::new(load_file(p)?));
        }
    }
    Ok(scan)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_collected_path_is_made_relative_to_its_folder_by_its_bytes() {
        for dir in ["lib", "lib/", "/abs/lib", ".", "./lib//"] {
            let path = Path::new(dir).join("a/b.txt");
            assert_eq!(relative(&path, Path::new(dir)), Some("a/b.txt"), "{dir}");
        }
        assert_eq!(relative(Path::new("library/x.txt"), Path::new("lib")), None);
        assert_eq!(relative(Path::new("other/x.txt"), Path::new("lib")), None);
    }

    proptest::proptest! {
        // Paths as `collect` makes them: names that are not hidden (no `.` or `..` either).
        #[test]
        fn extensions_are_those_of_path_extension(rel in "([a-z][a-z.]{0,3}/){0,2}[a-zA-Z][a-zA-Z.]{0,5}") {
            let expected = Path::new(&rel).extension().and_then(|e| e.to_str()).unwrap_or("");
            proptest::prop_assert_eq!(extension(&rel), expected);
        }
    }
}
