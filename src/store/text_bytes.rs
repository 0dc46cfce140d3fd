//! A document's bytes: read into memory, or mapped from the file so that a large document costs
//! no copy and no whole-file read before its first screen.

use std::fmt;
use std::ops::Deref;

/// Files from this size on are mapped rather than read.
pub const MAP_MIN: u64 = 1 << 20;

pub enum Text {
    Owned(Vec<u8>),
    Mapped(super::mapped::Map),
}

impl Text {
    /// False when the file shrank while mapped: part of the text now reads as zeros, not the
    /// file (`store::mapped`).
    pub fn intact(&self) -> bool {
        match self {
            Text::Owned(_) => true,
            Text::Mapped(m) => m.intact(),
        }
    }
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

/// How far into a file we look for NUL bytes, like git and ripgrep.
pub(crate) const SNIFF_LEN: usize = 8192;

/// True when the bytes look like a binary file rather than text.
pub(crate) fn looks_binary(raw: &[u8]) -> bool {
    let head = &raw[..raw.len().min(SNIFF_LEN)];
    !(head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF])) && head.contains(&0)
}

/// Reads `file`, mapping it when it is large.
pub fn read(path: &std::path::Path) -> std::io::Result<Text> {
    read_with_metadata(path).map(|(t, _)| t)
}

/// Reads `file` as `read` does, with its metadata (from the open file: no second look-up).
/// Regular files and FIFOs are read; anything else (a device such as `/dev/zero`, a socket) is
/// refused before it is opened, as less does: it may never end, or opening it may do something.
pub fn read_with_metadata(path: &std::path::Path) -> std::io::Result<(Text, std::fs::Metadata)> {
    use std::os::unix::fs::FileTypeExt;
    let kind = std::fs::metadata(path)?.file_type();
    if !kind.is_file() && !kind.is_fifo() {
        return Err(not_regular());
    }
    let file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    // Looked at again on the open file: the path may have been replaced in between.
    if meta.file_type().is_fifo() {
        return Ok((read_stream(&file)?, meta));
    }
    if !meta.is_file() {
        return Err(not_regular());
    }
    let len = meta.len();
    if len >= MAP_MIN
        && let Ok(map) = super::mapped::Map::new(&file)
    {
        return Ok((Text::Mapped(map), meta));
    }
    Ok((Text::Owned(read_small(&file, len as usize)?), meta))
}

fn not_regular() -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidInput,
        "not a regular file (only files, FIFOs and standard input are read)",
    )
}

/// A stream (standard input, a FIFO) is read up to this much; past it, it is refused rather
/// than read for ever (`sidenote /dev/zero` would otherwise fill memory, then the disk).
pub const STREAM_MAX: u64 = 4 << 30;

/// A stream is kept in memory up to this size; past it, in an unnamed file in the cache
/// directory, mapped like any large file, so its memory is the kernel's to drop and read again.
const STREAM_SPILL: usize = 64 << 20;

/// A stream held in memory when no file can be made for it goes no further than this.
const STREAM_IN_MEMORY_MAX: usize = 256 << 20;

/// Reads a stream to its end, within `STREAM_MAX`. Binary input is noticed in its first few KB
/// and read no further: what is returned is that much, which `decode` then refuses.
pub fn read_stream(r: impl std::io::Read) -> std::io::Result<Text> {
    read_stream_with(r, crate::dirs::cache().as_deref(), STREAM_SPILL, STREAM_MAX)
}

fn read_stream_with(
    mut r: impl std::io::Read,
    spill_dir: Option<&std::path::Path>,
    spill_at: usize,
    max: u64,
) -> std::io::Result<Text> {
    use std::io::{ErrorKind, Write};
    let too_long = || {
        std::io::Error::new(
            ErrorKind::FileTooLarge,
            format!(
                "more than {} GiB of input: save it to a file to read it",
                max >> 30
            ),
        )
    };
    let mut v = Vec::new();
    let mut sniffed = false;
    let mut chunk = vec![0u8; 64 << 10];
    loop {
        let n = match r.read(&mut chunk) {
            Ok(0) => return Ok(Text::Owned(v)),
            Ok(n) => n,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        v.extend_from_slice(&chunk[..n]);
        if !sniffed && v.len() >= SNIFF_LEN {
            sniffed = true;
            if looks_binary(&v) {
                return Ok(Text::Owned(v));
            }
        }
        if v.len() as u64 > max {
            return Err(too_long());
        }
        if v.len() >= spill_at
            && let Some(dir) = spill_dir
            && let Ok(mut file) = unnamed_file(dir, "stream")
        {
            file.write_all(&v)?;
            let mut total = v.len() as u64;
            drop(v);
            loop {
                let n = match r.read(&mut chunk) {
                    Ok(0) => break,
                    Ok(n) => n,
                    Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e),
                };
                total += n as u64;
                if total > max {
                    return Err(too_long());
                }
                file.write_all(&chunk[..n])?;
            }
            return Ok(Text::Mapped(super::mapped::Map::new(&file)?));
        }
        if v.len() > STREAM_IN_MEMORY_MAX.max(spill_at) {
            return Err(std::io::Error::other(
                "too long to keep in memory, and no cache directory to keep it in",
            ));
        }
    }
}

/// A new file in `dir` that has no name: it is deleted as soon as it is made (the open
/// descriptor, and a mapping of it, keep it until they are dropped), so nothing is left
/// behind, whatever happens to the process.
pub fn unnamed_file(dir: &std::path::Path, what: &str) -> std::io::Result<std::fs::File> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static MADE: AtomicUsize = AtomicUsize::new(0);
    std::fs::create_dir_all(dir)?;
    let n = MADE.fetch_add(1, Ordering::Relaxed);
    let path = dir.join(format!(".{what}-{}-{n}.tmp", std::process::id()));
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .open(&path)?;
    std::fs::remove_file(&path)?;
    Ok(file)
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
        // Files such as those in /proc say 0 bytes and still have text (a few KB, but a file
        // that says 0 may also never end).
        file.take(STREAM_MAX).read_to_end(&mut v)?;
    }
    Ok(v)
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

    /// A stream that never ends: `byte` for ever, counting what was read.
    struct Endless {
        byte: u8,
        read: u64,
    }

    impl std::io::Read for Endless {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            buf.fill(self.byte);
            self.read += buf.len() as u64;
            Ok(buf.len())
        }
    }

    #[test]
    fn an_endless_binary_stream_is_read_no_further_than_its_start() {
        let mut zeros = Endless { byte: 0, read: 0 };
        let t = read_stream_with(&mut zeros, None, 1 << 20, 1 << 30).unwrap();
        assert!(zeros.read <= 64 << 10, "read {} bytes", zeros.read);
        assert!(crate::store::decode::decode(t).is_none(), "binary");
    }

    #[test]
    fn an_endless_text_stream_stops_at_the_limit_in_memory_or_in_a_file() {
        let dir = tempfile::tempdir().unwrap();
        for spill in [None, Some(dir.path())] {
            let mut text = Endless {
                byte: b'y',
                read: 0,
            };
            let e = read_stream_with(&mut text, spill, 1 << 20, 8 << 20).unwrap_err();
            assert_eq!(e.kind(), std::io::ErrorKind::FileTooLarge, "{e}");
            assert!(text.read <= (8 << 20) + (64 << 10));
        }
        // Nothing left behind in the cache directory.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_long_stream_is_kept_in_a_file_and_reads_back_whole() {
        let dir = tempfile::tempdir().unwrap();
        let text: Vec<u8> = (0..3_000_000u32).map(|i| b'a' + (i % 26) as u8).collect();
        let t = read_stream_with(&text[..], Some(dir.path()), 1 << 20, 1 << 30).unwrap();
        assert!(matches!(t, Text::Mapped(_)));
        assert!(*t == text[..]);
        let t = read_stream_with(&text[..], None, 1 << 20, 1 << 30).unwrap();
        assert!(matches!(t, Text::Owned(_)) && *t == text[..]);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn devices_are_refused_before_they_are_read() {
        for dev in ["/dev/zero", "/dev/urandom", "/dev/null"] {
            let e = read(std::path::Path::new(dev)).unwrap_err();
            assert!(e.to_string().contains("not a regular file"), "{dev}: {e}");
        }
    }

    #[test]
    #[allow(unsafe_code)] // mkfifo, to make one
    fn a_fifo_is_read_as_a_stream() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("f");
        let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: mkfifo with a valid C string.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let writer = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::write(fifo, b"piped text\n"))
        };
        let t = read(&fifo).unwrap();
        writer.join().unwrap().unwrap();
        assert_eq!(&*t, b"piped text\n");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_file_that_says_it_is_empty_is_still_read() {
        // /proc files report a size of 0 and have text.
        let t = read(std::path::Path::new("/proc/self/status")).unwrap();
        assert!(!t.is_empty());
    }
}
