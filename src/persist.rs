//! The only code that reads and writes state files (DESIGN decision 5).
//!
//! Reading positions live in `positions.json` in the data directory. Every save takes a lock,
//! re-reads the file, merges our record into it (newest record per document wins), writes a
//! temp file in the same folder, fsyncs it and renames it over the old one, so a crash leaves
//! either the old or the new file, and two running copies never drop each other's records.
//! A file that cannot be parsed is moved aside and reported; a file written by a newer version
//! is left alone.

use crate::bookmarks::Bookmark;
use serde::{Deserialize, Serialize};
use std::fs::{self, File, OpenOptions};
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The version this build writes.
pub const VERSION: u32 = 1;
/// Records kept at most; the oldest are dropped beyond this.
const MAX_RECORDS: usize = 10_000;
const FILE: &str = "positions.json";

/// Where reading stopped in one document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Position {
    /// Content fingerprint of the document (`store::fingerprint`).
    pub fingerprint: String,
    /// Where the document was last read from (a file path, or the built-in sample's name).
    pub path: String,
    /// Source byte offset of the top line.
    pub offset: usize,
    /// Text at `offset`, to find the place again if the file was edited.
    pub anchor: String,
    /// Fraction read, 0.0–1.0, for the library list.
    pub progress: f32,
    /// Seconds since the Unix epoch when saved (set by the app, not by `update`).
    pub updated: u64,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct PositionsFile {
    version: u32,
    positions: Vec<Position>,
}

#[derive(Debug, thiserror::Error)]
pub enum PersistError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: written by a newer sidenote (format {found}); not changing it")]
    Newer { path: String, found: u32 },
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> PersistError + '_ {
    move |source| PersistError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// What loading found: the records, and a message for the status bar if something was wrong.
#[derive(Debug, Default)]
pub struct Loaded {
    pub positions: Vec<Position>,
    pub warning: Option<String>,
}

/// Reads the positions file; a missing file is empty, a corrupt one is moved aside.
pub fn load(dir: &Path) -> Loaded {
    let (file, warning) = load_json::<PositionsFile>(&dir.join(FILE), || None);
    Loaded {
        positions: file.positions,
        warning,
    }
}

enum ReadError {
    Corrupt(String),
    Other(PersistError),
}

/// Reads a state file to show it: a corrupt one is moved aside and the warning says so;
/// `fallback` may offer a replacement (the bookmarks' last good copy).
fn load_json<T: serde::de::DeserializeOwned + Default>(
    path: &Path,
    fallback: impl FnOnce() -> Option<T>,
) -> (T, Option<String>) {
    match read_json::<T>(path) {
        Ok(f) => (f, None),
        Err(ReadError::Corrupt(why)) => {
            let moved = match move_aside(path) {
                Ok(aside) => format!("moved to {}", aside.display()),
                Err(e) => format!("could not move it aside: {e}"),
            };
            let (value, used) = match fallback() {
                Some(v) => (v, "; using the last good copy"),
                None => (T::default(), ""),
            };
            (
                value,
                Some(format!(
                    "{}: unreadable ({why}); {moved}{used}",
                    path.display()
                )),
            )
        }
        Err(ReadError::Other(e)) => (T::default(), Some(e.to_string())),
    }
}

/// Reads a state file to change it (under its lock): a corrupt one is kept aside for the user
/// and `fallback` (else an empty file) is changed instead.
fn read_for_change<T: serde::de::DeserializeOwned + Default>(
    path: &Path,
    fallback: impl FnOnce() -> Option<T>,
) -> Result<T, PersistError> {
    match read_json::<T>(path) {
        Ok(f) => Ok(f),
        Err(ReadError::Corrupt(_)) => {
            move_aside(path).map_err(io_err(path))?;
            Ok(fallback().unwrap_or_default())
        }
        Err(ReadError::Other(e)) => Err(e),
    }
}

/// Reads a versioned JSON state file; a missing file is the default.
fn read_json<T: serde::de::DeserializeOwned + Default>(path: &Path) -> Result<T, ReadError> {
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(T::default()),
        Err(e) => return Err(ReadError::Other(io_err(path)(e))),
    };
    // Check the version before the shape, so a newer file is never called corrupt.
    let value: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|e| ReadError::Corrupt(e.to_string()))?;
    let found = value.get("version").and_then(|v| v.as_u64()).unwrap_or(0) as u32;
    if found > VERSION {
        return Err(ReadError::Other(PersistError::Newer {
            path: path.display().to_string(),
            found,
        }));
    }
    serde_json::from_value(value).map_err(|e| ReadError::Corrupt(e.to_string()))
}

fn move_aside(path: &Path) -> std::io::Result<PathBuf> {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut aside = path.with_file_name(format!("{name}.corrupt-{secs}"));
    let mut n = 1;
    while aside.exists() {
        aside = path.with_file_name(format!("{name}.corrupt-{secs}-{n}"));
        n += 1;
    }
    fs::rename(path, &aside)?;
    Ok(aside)
}

/// Takes the lock that guards `file` in `dir` (released when dropped).
fn lock(dir: &Path, file: &str) -> Result<File, PersistError> {
    fs::create_dir_all(dir).map_err(io_err(dir))?;
    let lock_path = dir.join(format!("{file}.lock"));
    let lock = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(io_err(&lock_path))?;
    lock.lock().map_err(io_err(&lock_path))?;
    Ok(lock)
}

const HISTORY_FILE: &str = "search-history.json";

#[derive(Debug, Default, Serialize, Deserialize)]
struct HistoryFile {
    version: u32,
    /// Oldest first.
    entries: Vec<String>,
}

/// Reads the search history; a corrupt file is moved aside with a warning.
pub fn load_history(dir: &Path) -> (Vec<String>, Option<String>) {
    let (file, warning) = load_json::<HistoryFile>(&dir.join(HISTORY_FILE), || None);
    (file.entries, warning)
}

/// Adds a search to the history file (most recent last, no duplicates, at most `max`).
pub fn add_history(dir: &Path, entry: &str, max: usize) -> Result<(), PersistError> {
    let _lock = lock(dir, HISTORY_FILE)?;
    let path = dir.join(HISTORY_FILE);
    let mut file = read_for_change::<HistoryFile>(&path, || None)?;
    file.entries.retain(|e| e != entry);
    file.entries.push(entry.to_string());
    let excess = file.entries.len().saturating_sub(max);
    file.entries.drain(..excess);
    file.version = VERSION;
    write_atomic(
        &path,
        &serde_json::to_vec_pretty(&file).expect("history serialises"),
    )
}

/// Saves one record: lock, re-read, merge, write atomically.
pub fn save(dir: &Path, record: Position) -> Result<(), PersistError> {
    let lock = lock(dir, FILE)?;
    let path = dir.join(FILE);
    let mut file = read_for_change::<PositionsFile>(&path, || None)?;
    merge(&mut file.positions, record);
    file.version = VERSION;
    let json = serde_json::to_vec_pretty(&file).expect("positions serialise");
    write_atomic(&path, &json)?;
    drop(lock);
    Ok(())
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

/// Writes `bytes` to `path` via a temp file in the same folder, fsync and rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), PersistError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, path)?;
        // Make the rename itself durable.
        File::open(dir)?.sync_all()
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map_err(io_err(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(fp: &str, offset: usize, updated: u64) -> Position {
        Position {
            fingerprint: fp.into(),
            path: "/x".into(),
            offset,
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

    #[test]
    fn older_record_does_not_replace_newer() {
        let mut list = vec![pos("a", 1, 10)];
        merge(&mut list, pos("a", 2, 5));
        assert_eq!(list[0].offset, 1);
    }

    #[test]
    fn corrupt_file_is_moved_aside_and_reported() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(FILE), b"{ not json").unwrap();
        let l = load(dir.path());
        assert!(l.warning.as_deref().unwrap().contains("unreadable"));
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
    bookmarks: Vec<Bookmark>,
}

/// One change to the saved bookmarks, applied under the lock to what is on disk now, so two
/// windows adding and deleting at once lose nothing.
#[derive(Clone, Debug, PartialEq)]
pub enum BookmarkChange {
    Add(Box<Bookmark>),
    Delete(String),
    Note { id: String, note: String },
}

/// Reads the bookmarks. A corrupt file is moved aside and the last good copy (`.bak`) is used.
pub fn load_bookmarks(dir: &Path) -> (Vec<Bookmark>, Option<String>) {
    let (file, warning) =
        load_json::<BookmarksFile>(&dir.join(BOOKMARKS_FILE), || last_good_bookmarks(dir));
    (file.bookmarks, warning)
}

/// The previous good bookmarks file, if there is one with anything in it.
fn last_good_bookmarks(dir: &Path) -> Option<BookmarksFile> {
    read_json::<BookmarksFile>(&dir.join(format!("{BOOKMARKS_FILE}.bak")))
        .ok()
        .filter(|f| !f.bookmarks.is_empty())
}

/// Applies `change` to the bookmarks on disk and returns the whole list as saved.
pub fn change_bookmarks(
    dir: &Path,
    change: &BookmarkChange,
) -> Result<Vec<Bookmark>, PersistError> {
    let _lock = lock(dir, BOOKMARKS_FILE)?;
    let path = dir.join(BOOKMARKS_FILE);
    let mut file = read_for_change::<BookmarksFile>(&path, || last_good_bookmarks(dir))?;
    match change {
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
    }
    file.version = VERSION;
    // Keep the previous good file as a backup before replacing it.
    if path.exists() {
        let _ = fs::copy(&path, dir.join(format!("{BOOKMARKS_FILE}.bak")));
    }
    write_atomic(
        &path,
        &serde_json::to_vec_pretty(&file).expect("bookmarks serialise"),
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
    fn corrupt_history_is_moved_aside() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(HISTORY_FILE), "nope").unwrap();
        let (h, warn) = load_history(dir.path());
        assert!(h.is_empty() && warn.unwrap().contains("unreadable"));
        assert!(!dir.path().join(HISTORY_FILE).exists());
    }
}

const LIBRARY_FILE: &str = "library-index.bin";
/// The index as earlier builds wrote it (JSON), removed when the new one is saved.
const OLD_LIBRARY_FILE: &str = "library-index.json";

/// Reads the library index. It is only a cache: when missing, unreadable or from another
/// version it is empty, and the next scan rebuilds it.
pub fn load_library(dir: &Path) -> crate::store::library::Index {
    let Ok(file) = fs::File::open(dir.join(LIBRARY_FILE)) else {
        return Default::default();
    };
    // Mapped rather than read into a new buffer: a 10,000-article index is 1.8 MB, and a
    // fresh process took each of its pages as a fault, a tenth of the time to list them.
    // SAFETY: the index is only ever replaced by renaming a new file over it
    // (`write_atomic`), never written in place, so the mapped pages do not change under us.
    let map = unsafe { memmap2::Mmap::map(&file) };
    map.ok()
        .and_then(|b| crate::store::library::Index::from_bytes(&b))
        .unwrap_or_default()
}

/// Writes the library index (atomically, so a crash leaves the old one).
pub fn save_library(dir: &Path, index: &crate::store::library::Index) -> Result<(), PersistError> {
    fs::create_dir_all(dir).map_err(io_err(dir))?;
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
