//! A document's bytes: read into memory, or mapped from the file so that a large document costs
//! no copy and no whole-file read before its first screen.

use std::fmt;
use std::ops::Deref;

/// Files from this size on are mapped rather than read.
pub const MAP_MIN: u64 = 1 << 20;

pub enum Text {
    Owned(Vec<u8>),
    Mapped(memmap2::Mmap),
}

impl Deref for Text {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Text::Owned(v) => v,
            Text::Mapped(m) => m,
        }
    }
}

impl From<Vec<u8>> for Text {
    fn from(v: Vec<u8>) -> Text {
        Text::Owned(v)
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = if matches!(self, Text::Mapped(_)) {
            "mapped"
        } else {
            "owned"
        };
        write!(f, "Text({kind}, {} bytes)", self.len())
    }
}

/// Reads `file`, mapping it when it is large.
pub fn read(path: &std::path::Path) -> std::io::Result<Text> {
    read_with_metadata(path).map(|(t, _)| t)
}

/// Reads `file` as `read` does, with its metadata (from the open file: no second look-up).
pub fn read_with_metadata(path: &std::path::Path) -> std::io::Result<(Text, std::fs::Metadata)> {
    let file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    let len = meta.len();
    if len >= MAP_MIN {
        // SAFETY: the map is read-only. If another program truncates the file while it is open
        // the process can fault, as with any mapped reader; sidenote never writes documents.
        let map = unsafe { memmap2::Mmap::map(&file)? };
        return Ok((Text::Mapped(map), meta));
    }
    Ok((Text::Owned(read_small(&file, len as usize)?), meta))
}

/// Reads a small file of `len` bytes (its size when opened): one `read` in the usual case.
/// `read_to_end` would look the size up again, ask where the file position is, and read once
/// more to see the end: four system calls more for each of a library's thousands of files.
fn read_small(mut file: &std::fs::File, len: usize) -> std::io::Result<Vec<u8>> {
    use std::io::{ErrorKind, Read};
    let mut v = vec![0; len];
    let mut n = 0;
    while n < len {
        match file.read(&mut v[n..]) {
            Ok(0) => break, // shorter than it was: what is there
            Ok(k) => n += k,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    v.truncate(n);
    if len == 0 {
        // Files such as those in /proc say 0 bytes and still have text.
        file.read_to_end(&mut v)?;
    }
    Ok(v)
}

/// A document's text, available at once or read from its file when first needed. A library
/// of thousands of files opens from its cached index (`store::library`) without reading them;
/// each is read when it is opened or searched.
pub struct Bytes {
    text: std::sync::OnceLock<Text>,
    /// The file to read, for text not read yet.
    deferred: Option<std::path::PathBuf>,
    /// Why reading it failed (the text is then empty).
    error: std::sync::OnceLock<String>,
}

impl Bytes {
    pub fn ready(text: Text) -> Bytes {
        Bytes {
            text: text.into(),
            deferred: None,
            error: std::sync::OnceLock::new(),
        }
    }

    pub fn deferred(path: std::path::PathBuf) -> Bytes {
        Bytes {
            text: std::sync::OnceLock::new(),
            deferred: Some(path),
            error: std::sync::OnceLock::new(),
        }
    }

    /// Whether the text is there (read, or never deferred).
    pub fn is_read(&self) -> bool {
        self.text.get().is_some()
    }

    /// Reads a deferred file now. The event loop does this (`Effect::Read`) before a document
    /// is opened, so `update` itself never waits on the disk.
    pub fn read(&self) {
        let _ = self.text();
    }

    /// Why the file could not be read, if it was read and could not be.
    pub fn error(&self) -> Option<&str> {
        self.error.get().map(String::as_str)
    }

    /// Calls `f` with the text, reading a deferred file for this call alone if it has not been
    /// read: the library describes thousands of files it listed without keeping their text.
    /// A file that cannot be read gives empty text here (opening it reports why).
    pub fn peek<R>(&self, f: impl FnOnce(&[u8]) -> R) -> R {
        if let Some(t) = self.text.get() {
            return f(t);
        }
        match self.read_deferred() {
            Ok(t) => f(&t),
            Err(_) => f(&[]),
        }
    }

    fn read_deferred(&self) -> Result<Text, String> {
        let path = self.deferred.as_deref().unwrap_or(std::path::Path::new(""));
        read(path)
            .map_err(|e| e.to_string())
            .and_then(|raw| super::decode::decode(raw).ok_or("binary file, not text".into()))
            .map(|d| d.bytes)
    }

    fn text(&self) -> &Text {
        self.text.get_or_init(|| match self.read_deferred() {
            Ok(t) => t,
            Err(e) => {
                let _ = self.error.set(e);
                Text::Owned(Vec::new())
            }
        })
    }
}

impl Deref for Bytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        self.text()
    }
}

impl fmt::Debug for Bytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.text.get() {
            Some(t) => t.fmt(f),
            None => write!(f, "Bytes(not read yet: {:?})", self.deferred),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_file_is_read_whole() {
        let dir = std::env::temp_dir().join(format!("sidenote-read-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("a.txt");
        let text: Vec<u8> = (0..10_000u32).flat_map(|i| i.to_le_bytes()).collect();
        std::fs::write(&path, &text).unwrap();
        let (t, meta) = read_with_metadata(&path).unwrap();
        assert_eq!(meta.len(), text.len() as u64);
        assert!(matches!(t, Text::Owned(ref v) if *v == text));
        std::fs::write(&path, b"").unwrap();
        assert_eq!(read(&path).unwrap().len(), 0);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_file_that_says_it_is_empty_is_still_read() {
        // /proc files report a size of 0 and have text.
        let t = read(std::path::Path::new("/proc/self/status")).unwrap();
        assert!(!t.is_empty());
    }
}
