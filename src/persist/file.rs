//! One state file on disk, kept so that nothing in it is ever lost: how it is opened, checked,
//! read, changed and written. `persist` says which files there are and what is in them.
//!
//! - **Written atomically, twice.** A change is written to a temp file in the same folder,
//!   fsynced and renamed over the file; then the same bytes become its last good copy
//!   (`NAME.bak`), the same way. A crash or a full disk at any point leaves each of the two
//!   either as it was or as it is now, never cut short.
//! - **Checked.** Each file records its format version and a CRC-32 of its records. A file that
//!   does not parse, or whose records do not match their checksum (a flipped byte, a
//!   half-copied file), is corrupt: it is shown from its last good copy, and the next change
//!   moves it aside (`NAME.corrupt-SECS`, kept for the user) and applies to that copy. A file
//!   with no checksum was written by hand (or by an older build) and is taken as it is.
//! - **Only reading when reading.** Loading a file to show it never moves, writes or creates
//!   anything, so `sidenote bookmarks` and a launch change nothing on disk.
//! - **Left alone when odd.** A state file that is not a regular file (a FIFO, a device, a
//!   folder) is reported and never opened for reading in a way that could block, nor replaced;
//!   one written by a newer sidenote is shown as empty and never changed.

use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fs::{self, File, OpenOptions};
use std::io::{Read as _, Write as _};
use std::os::unix::fs::OpenOptionsExt as _;
use std::path::{Path, PathBuf};

/// The version this build writes.
pub const VERSION: u32 = 1;

#[derive(Debug, thiserror::Error)]
pub enum PersistError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: written by a newer sidenote (format {found}); not changing it")]
    Newer { path: String, found: u32 },
    #[error("{path}: not a regular file; left alone")]
    NotRegular { path: String },
}

pub(super) fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> PersistError + '_ {
    move |source| PersistError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// A state file's contents: its version and checksum, and the records the checksum covers.
pub(super) trait State: Serialize + DeserializeOwned + Default {
    type Records: Serialize;
    fn records(&self) -> &Self::Records;
    fn version(&mut self) -> &mut u32;
    fn checksum(&mut self) -> &mut Option<String>;
    /// Record ids this file holds, for the rule that a last good copy is replaced only by a
    /// file with every record it had, or a deliberate deletion (`change`). Files whose records
    /// are not precious say nothing.
    fn ids(&self) -> Vec<&str> {
        Vec::new()
    }
}

/// The CRC-32 of a file's records, as their compact JSON: the same for the same records
/// however the file is laid out.
fn checksum_of<T: State>(t: &T) -> String {
    let bytes = serde_json::to_vec(t.records()).expect("state serialises");
    format!("{:08x}", crc32fast::hash(&bytes))
}

/// Why a state file could not be used.
#[derive(Debug)]
pub(super) enum ReadError {
    Missing,
    /// It does not parse, or does not match its checksum.
    Corrupt(String),
    Other(PersistError),
}

/// Opens `path` to read without ever blocking (a FIFO with no writer would otherwise hold the
/// launch for ever) and makes sure it is a regular file.
pub(super) fn open_regular(path: &Path) -> Result<File, ReadError> {
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => ReadError::Missing,
            _ => ReadError::Other(io_err(path)(e)),
        })?;
    match file.metadata() {
        Ok(m) if m.is_file() => Ok(file),
        Ok(_) => Err(ReadError::Other(PersistError::NotRegular {
            path: path.display().to_string(),
        })),
        Err(e) => Err(ReadError::Other(io_err(path)(e))),
    }
}

/// Reads and checks one state file.
pub(super) fn read<T: State>(path: &Path) -> Result<T, ReadError> {
    let mut bytes = Vec::new();
    open_regular(path)?
        .read_to_end(&mut bytes)
        .map_err(|e| ReadError::Other(io_err(path)(e)))?;
    // The version is checked before the shape, so a newer file is never called corrupt.
    let value: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|e| ReadError::Corrupt(e.to_string()))?;
    let found = value.get("version").and_then(|v| v.as_u64()).unwrap_or(0);
    if found > u64::from(VERSION) {
        return Err(ReadError::Other(PersistError::Newer {
            path: path.display().to_string(),
            found: u32::try_from(found).unwrap_or(u32::MAX),
        }));
    }
    let mut t: T = serde_json::from_value(value).map_err(|e| ReadError::Corrupt(e.to_string()))?;
    if let Some(sum) = t.checksum().clone()
        && sum != checksum_of(&t)
    {
        return Err(ReadError::Corrupt("its checksum does not match".into()));
    }
    Ok(t)
}

fn backup_of(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

/// The last good copy of `path`, if it reads whole.
fn last_good<T: State>(path: &Path) -> Option<T> {
    read(&backup_of(path)).ok()
}

/// Reads a state file to show it, changing nothing on disk. A corrupt or missing file is shown
/// from its last good copy; the message says what was wrong and what was shown.
pub(super) fn load<T: State>(path: &Path) -> (T, Option<String>) {
    match read::<T>(path) {
        Ok(t) => (t, None),
        Err(ReadError::Missing) => match last_good(path) {
            Some(t) => (
                t,
                Some(format!(
                    "{}: missing; showing its last good copy",
                    path.display()
                )),
            ),
            None => (T::default(), None),
        },
        Err(ReadError::Corrupt(why)) => {
            let shown = match last_good(path) {
                Some(t) => (t, "; showing its last good copy"),
                None => (T::default(), ""),
            };
            let warning = format!(
                "{}: unreadable ({why}){}; set aside at the next change",
                path.display(),
                shown.1
            );
            (shown.0, Some(warning))
        }
        Err(ReadError::Other(e)) => (T::default(), Some(e.to_string())),
    }
}

/// Applies `change` to the state file at `path`, under its lock, and returns what is saved.
/// A corrupt file is moved aside and the change applies to its last good copy; a missing one
/// starts from its last good copy, if there is one. `deleted` names the records the change
/// removes on purpose.
pub(super) fn change<T: State>(
    path: &Path,
    change: impl FnOnce(&mut T),
    deleted: &[&str],
) -> Result<T, PersistError> {
    let _lock = lock(path)?;
    let mut t = match read::<T>(path) {
        Ok(t) => t,
        Err(ReadError::Missing) => last_good(path).unwrap_or_default(),
        Err(ReadError::Corrupt(_)) => {
            move_aside(path, "corrupt").map_err(io_err(path))?;
            last_good(path).unwrap_or_default()
        }
        Err(ReadError::Other(e)) => return Err(e),
    };
    change(&mut t);
    *t.version() = VERSION;
    *t.checksum() = Some(checksum_of(&t));
    let bytes = serde_json::to_vec_pretty(&t).expect("state serialises");
    write_atomic(path, &bytes)?;
    // The last good copy: replaced only by a file holding every record it held, except those
    // deleted now; one that held more (the file was changed by something else, by hand, or by
    // a build with this bug) is kept aside, not overwritten.
    let bak = backup_of(path);
    if let Ok(old) = read::<T>(&bak) {
        let now = t.ids();
        let lost = old
            .ids()
            .into_iter()
            .any(|id| !now.contains(&id) && !deleted.contains(&id));
        if lost {
            move_aside(&bak, "kept").map_err(io_err(&bak))?;
        }
    }
    // The file itself is saved; a copy that cannot be written is only older than it.
    let _ = write_atomic(&bak, &bytes);
    Ok(t)
}

/// Moves `path` aside to `NAME.WHY-SECS` (never over another file), kept for the user.
pub(super) fn move_aside(path: &Path, why: &str) -> std::io::Result<PathBuf> {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut aside = path.with_file_name(format!("{name}.{why}-{secs}"));
    let mut n = 1;
    while aside.exists() {
        aside = path.with_file_name(format!("{name}.{why}-{secs}-{n}"));
        n += 1;
    }
    fs::rename(path, &aside)?;
    Ok(aside)
}

/// Takes the lock that guards `path` (`NAME.lock` beside it; released when dropped).
pub(super) fn lock(path: &Path) -> Result<File, PersistError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(io_err(dir))?;
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    let lock_path = path.with_file_name(name);
    // Non-blocking: a FIFO put in its place fails to open (no reader) instead of hanging.
    let lock = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(&lock_path)
        .map_err(io_err(&lock_path))?;
    if !lock.metadata().map_err(io_err(&lock_path))?.is_file() {
        return Err(PersistError::NotRegular {
            path: lock_path.display().to_string(),
        });
    }
    lock.lock().map_err(io_err(&lock_path))?;
    Ok(lock)
}

/// Writes `bytes` to `path` via a temp file in the same folder, fsync and rename, so the file
/// is either as it was or whole. A `path` that is something other than a regular file is left
/// alone (an error); one that is a symbolic link is written where it leads.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), PersistError> {
    let path = match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => fs::canonicalize(path).map_err(io_err(path))?,
        _ => path.to_path_buf(),
    };
    match fs::metadata(&path) {
        Ok(m) if !m.is_file() => {
            return Err(PersistError::NotRegular {
                path: path.display().to_string(),
            });
        }
        _ => {}
    }
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
        fs::rename(&tmp, &path)?;
        // Make the rename itself durable.
        File::open(dir)?.sync_all()
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map_err(io_err(&path))
}
