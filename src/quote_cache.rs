//! The quotations of large documents, kept in the cache directory so that a book opened again
//! has its sidebar complete at once instead of after another pass over all of it (tens of
//! seconds for 1 GB).
//!
//! A cache file is used only for the very text it was made from, by the very engine that made
//! it: it records a hash of every byte of the text (the fingerprint samples only 192 KiB, and
//! an edit elsewhere would move every offset after it) and the engine's version, bumped with
//! every change of its output, so a build whose extraction differs never takes an older
//! build's results. Anything that does not check out is a miss: the file is removed and the
//! quotations are found again. Nothing in here is state (`persist` owns that); losing it only
//! costs time.
//!
//! Format, little-endian: `MAGIC`, engine hash u64, text length u64, text hash u64; the
//! speakers (count u32, then each as length u32 and UTF-8); the quotations (count u64, then
//! each as varints: its start less the start of the one before, its length, and its speaker,
//! 0 for none and k for speaker k − 1, times 16 plus the evidence for it; then a byte: the confidence in hundredths, and the top
//! bit set for a part that goes on the quotation before it); last, the CRC-32 of every byte
//! before it (u32). About 5 bytes a quotation. A file whose checksum does not match is a miss
//! like any other: a flipped byte could otherwise shift every span after it.

use crate::quotes::{Evidence, Quote, Speaker};
use crate::store::Document;
use std::collections::HashMap;
use std::fs;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

/// The format's name, its last byte the version.
const MAGIC: &[u8; 16] = b"sidenote-quotes\x03";

/// Smaller documents are read in a fraction of a second: not worth a file.
pub const MIN_LEN: usize = 4 << 20;
/// The cache is kept under this size and number of files, the least recently used going first.
const MAX_BYTES: u64 = 256 << 20;
const MAX_FILES: usize = 64;
/// A file being written by a copy that died is removed after this long.
const STALE: Duration = Duration::from_secs(24 * 3600);

/// What a cache file must have been made by: the engine's version (`quotes::ENGINE_VERSION`,
/// bumped whenever its output changes, which `tests/quotes/golden.rs` checks) in the high
/// half, and this file's format in the low one.
const ENGINE: u64 = (crate::quotes::ENGINE_VERSION as u64) << 32 | MAGIC[15] as u64;

/// A hash of every byte, at memory speed (four independent lanes of eight bytes). Each step is
/// a bijection of a lane's state for a given input, so two texts that differ in one stretch
/// always hash differently; it is not meant to resist anyone forging a collision.
pub fn content_hash(bytes: &[u8]) -> u64 {
    content_hash_politely(bytes, &|| {})
}

/// Bytes hashed between calls of `wait` (a multiple of 32): a few milliseconds' work.
const HASH_STRETCH: usize = 8 << 20;

/// `content_hash`, calling `wait` after every `HASH_STRETCH` bytes: a worker hashing a 1 GB
/// document stands aside for a search as it does while finding quotations.
pub fn content_hash_politely(bytes: &[u8], wait: &dyn Fn()) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let step = |h: u64, w: u64| (h ^ w).wrapping_mul(K).rotate_left(29);
    let word = |c: &[u8]| u64::from_le_bytes(c.try_into().expect("eight bytes"));
    let mut lanes = [1u64, 2, 3, 4];
    let whole = bytes.len() / 32 * 32;
    for (n, stretch) in bytes[..whole].chunks(HASH_STRETCH).enumerate() {
        if n > 0 {
            wait();
        }
        for b in stretch.chunks_exact(32) {
            for (k, lane) in lanes.iter_mut().enumerate() {
                *lane = step(*lane, word(&b[8 * k..8 * k + 8]));
            }
        }
    }
    let mut tail = [0u8; 32];
    let rest = &bytes[whole..];
    tail[..rest.len()].copy_from_slice(rest);
    let mut h = bytes.len() as u64;
    for (k, lane) in lanes.iter().enumerate() {
        h = step(step(h, *lane), word(&tail[8 * k..8 * k + 8]));
    }
    h
}

/// The cache file of `doc` in `dir`, named by its fingerprint.
fn file_of(doc: &Document, dir: &Path) -> PathBuf {
    dir.join(format!("{}.bin", doc.fingerprint()))
}

/// Where the quotations of one document are cached, and what the file must match.
#[derive(Clone, Debug)]
pub struct Slot {
    path: PathBuf,
    len: u64,
    hash: u64,
}

impl Slot {
    /// The slot of `doc` in `dir`, for a document large enough to be worth one (this reads
    /// every byte of it, for the hash, calling `wait` every few MB).
    pub fn of(doc: &Document, dir: &Path, wait: &dyn Fn()) -> Option<Slot> {
        if doc.len() < MIN_LEN || doc.bytes.error().is_some() {
            return None;
        }
        Some(Slot {
            path: file_of(doc, dir),
            len: doc.len() as u64,
            hash: content_hash_politely(&doc.bytes, wait),
        })
    }

    /// The quotations of `doc` kept in `dir`, if any: `of` and `load`, without hashing the
    /// document (or even fingerprinting a small one) when it has no cache file at all.
    pub fn cached(doc: &Document, dir: &Path) -> Option<Vec<Quote>> {
        if doc.len() < MIN_LEN || !file_of(doc, dir).is_file() {
            return None;
        }
        Slot::of(doc, dir, &|| {})?.load()
    }

    /// The cached quotations, if there are any for exactly this text and engine. A file that
    /// does not match is removed.
    pub fn load(&self) -> Option<Vec<Quote>> {
        use std::os::unix::fs::OpenOptionsExt as _;
        // Never blocking on, nor reading, something that is not a file (a FIFO in its place).
        let file = fs::File::options()
            .read(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(&self.path)
            .ok()
            .filter(|f| f.metadata().is_ok_and(|m| m.is_file()))?;
        let found = decode(&mut BufReader::new(&file), self.len, self.hash);
        match found {
            // Used: the last to be evicted (where the cache may be written at all).
            Some(_) => {
                _ = fs::File::options()
                    .write(true)
                    .open(&self.path)
                    .and_then(|f| f.set_modified(SystemTime::now()))
            }
            None => _ = fs::remove_file(&self.path),
        }
        found
    }

    /// Writes `quotes` to the slot (to a new file, then renamed over the old one, so a reader
    /// never sees half a file), then trims the cache to its limits.
    pub fn save(&self, quotes: &[Quote]) -> io::Result<()> {
        let dir = self.path.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(dir)?;
        // A name of its own, should two workers keep the same document at once.
        static MADE: AtomicUsize = AtomicUsize::new(0);
        let n = MADE.fetch_add(1, Ordering::Relaxed);
        let tmp = self
            .path
            .with_extension(format!("tmp.{}.{n}", std::process::id()));
        let written = fs::File::create(&tmp).and_then(|f| {
            let mut w = BufWriter::new(f);
            encode(&mut w, self.len, self.hash, quotes)?;
            w.into_inner().map_err(io::IntoInnerError::into_error)?;
            fs::rename(&tmp, &self.path)
        });
        if written.is_err() {
            _ = fs::remove_file(&tmp);
        }
        written?;
        trim(dir, MAX_BYTES, MAX_FILES);
        Ok(())
    }
}

/// Removes the least recently used cache files past `max_bytes` or `max_files`, and files left
/// half-written long ago.
fn trim(dir: &Path, max_bytes: u64, max_files: usize) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let now = SystemTime::now();
    let mut files: Vec<(SystemTime, u64, PathBuf)> = Vec::new();
    for e in entries.flatten() {
        let path = e.path();
        let Ok(meta) = e.metadata() else { continue };
        let modified = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name.ends_with(".bin") {
            files.push((modified, meta.len(), path));
        } else if name.contains(".tmp.")
            && now.duration_since(modified).is_ok_and(|age| age > STALE)
        {
            _ = fs::remove_file(&path);
        }
    }
    files.sort_by_key(|f| std::cmp::Reverse(f.0));
    let mut total = 0;
    for (i, (_, size, path)) in files.iter().enumerate() {
        total += size;
        if i >= max_files || total > max_bytes {
            _ = fs::remove_file(path);
        }
    }
}

/// Writes the cache file of `quotes`, found in a text of `len` bytes with hash `hash`.
pub fn encode(w: &mut impl Write, len: u64, hash: u64, quotes: &[Quote]) -> io::Result<()> {
    let mut summed = Summed {
        inner: &mut *w,
        crc: crc32fast::Hasher::new(),
    };
    encode_body(&mut summed, len, hash, quotes)?;
    let crc = summed.crc.finalize();
    w.write_all(&crc.to_le_bytes())?;
    w.flush()
}

/// A reader or writer that keeps the CRC-32 of the bytes that pass through it.
struct Summed<T> {
    inner: T,
    crc: crc32fast::Hasher,
}

impl<W: Write> Write for Summed<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.crc.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl<R: BufRead> Read for Summed<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = {
            let b = self.fill_buf()?;
            let n = b.len().min(buf.len());
            buf[..n].copy_from_slice(&b[..n]);
            n
        };
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Summed<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }
    fn consume(&mut self, n: usize) {
        // The bytes consumed are those `fill_buf` just gave: asking again reads nothing new.
        if let Ok(b) = self.inner.fill_buf() {
            self.crc.update(&b[..n.min(b.len())]);
        }
        self.inner.consume(n);
    }
}

fn encode_body(w: &mut impl Write, len: u64, hash: u64, quotes: &[Quote]) -> io::Result<()> {
    // Speakers are numbered in order of first appearance; a book has few, shared by many.
    let mut numbers: HashMap<Speaker, u32> = HashMap::new();
    let mut speakers: Vec<&str> = Vec::new();
    for s in quotes.iter().filter_map(Quote::speaker) {
        numbers.entry(s).or_insert_with(|| {
            speakers.push(s.name());
            speakers.len() as u32
        });
    }
    w.write_all(MAGIC)?;
    for n in [ENGINE, len, hash] {
        w.write_all(&n.to_le_bytes())?;
    }
    w.write_all(&(speakers.len() as u32).to_le_bytes())?;
    for s in &speakers {
        w.write_all(&(s.len() as u32).to_le_bytes())?;
        w.write_all(s.as_bytes())?;
    }
    w.write_all(&(quotes.len() as u64).to_le_bytes())?;
    let mut last_start = 0;
    for q in quotes {
        let Some(delta) = q.start().checked_sub(last_start) else {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "quotations out of order",
            ));
        };
        last_start = q.start();
        varint(w, delta as u64)?;
        varint(w, (q.end() - q.start()) as u64)?;
        // The speaker's number (0 for none) and, in the low four bits, the evidence for them.
        let speaker = u64::from(q.speaker().map_or(0, |s| numbers[&s]));
        varint(w, speaker << 4 | q.evidence() as u64)?;
        w.write_all(&[q.hundredths() | if q.continues() { CONTINUES } else { 0 }])?;
    }
    Ok(())
}

/// Reads a cache file; `None` unless it is whole, well formed, and made by this engine from a
/// text of `len` bytes with hash `hash`.
pub fn decode(r: &mut impl BufRead, len: u64, hash: u64) -> Option<Vec<Quote>> {
    let mut summed = Summed {
        inner: &mut *r,
        crc: crc32fast::Hasher::new(),
    };
    let found = decode_body(&mut summed, len, hash)?;
    let crc = summed.crc.finalize();
    // The checksum, and nothing after it.
    (u32s(r)? == crc && r.read(&mut [0]).ok()? == 0).then_some(found)
}

fn decode_body(r: &mut impl BufRead, len: u64, hash: u64) -> Option<Vec<Quote>> {
    let mut magic = [0; 16];
    r.read_exact(&mut magic).ok()?;
    if &magic != MAGIC || [u64s(r)?, u64s(r)?, u64s(r)?] != [ENGINE, len, hash] {
        return None;
    }
    let n = u32s(r)?;
    // Names are short; a count or length past these is a damaged file, not a reason to
    // allocate gigabytes.
    if n > 1 << 24 {
        return None;
    }
    let mut speakers: Vec<Option<Speaker>> = Vec::with_capacity(n.min(1 << 10) as usize);
    for _ in 0..n {
        let l = u32s(r)?;
        if l > 1 << 16 {
            return None;
        }
        let mut b = vec![0; l as usize];
        r.read_exact(&mut b).ok()?;
        speakers.push(Speaker::new(std::str::from_utf8(&b).ok()?));
    }
    let n = u64s(r)?;
    if n > len {
        return None;
    }
    let mut out = Vec::with_capacity(n.min(1 << 20) as usize);
    let mut start = 0u64;
    for i in 0..n {
        // Quotations come in order, inside the text; the first is no part of one before it.
        let ([step, length, speaker], flags) = quotation(r)?;
        start = start.checked_add(step)?;
        let end = start.checked_add(length)?;
        let evidence = Evidence::from_number((speaker & 0xF) as u8)?;
        let speaker = match speaker >> 4 {
            0 => None,
            k => *speakers.get(usize::try_from(k - 1).ok()?)?,
        };
        let (hundredths, continues) = (flags & !CONTINUES, flags & CONTINUES != 0);
        if end > len || continues && i == 0 {
            return None;
        }
        out.push(
            Quote::in_hundredths(start as usize, end as usize, speaker, continues, hundredths)?
                .with_evidence(evidence),
        );
    }
    Some(out)
}

/// The top bit of a quotation's last byte: a part that goes on the quotation before it.
const CONTINUES: u8 = 0x80;

/// `v` in 7-bit groups, low first, the top bit set on all but the last.
fn varint(w: &mut impl Write, mut v: u64) -> io::Result<()> {
    let mut buf = [0; 10];
    let mut n = 0;
    while v >= 0x80 {
        buf[n] = v as u8 | 0x80;
        v >>= 7;
        n += 1;
    }
    buf[n] = v as u8;
    w.write_all(&buf[..=n])
}

/// A quotation's three varints and its last byte. Read from the reader's buffer when all of
/// it is there (nearly always: a quotation is a few bytes and the buffer 8 KB), instead of a
/// byte at a time: millions are read when a large document is opened again.
fn quotation(r: &mut impl BufRead) -> Option<([u64; 3], u8)> {
    const MOST: usize = 3 * 10 + 1;
    let buf = r.fill_buf().ok()?;
    if buf.len() < MOST {
        let varints = [read_varint(r)?, read_varint(r)?, read_varint(r)?];
        return Some((varints, byte(r)?[0]));
    }
    let mut at = &buf[..MOST];
    let varints = [
        read_varint(&mut at)?,
        read_varint(&mut at)?,
        read_varint(&mut at)?,
    ];
    let [last] = byte(&mut at)?;
    let used = MOST - at.len();
    r.consume(used);
    Some((varints, last))
}

/// A `varint`; `None` for one cut short or past a u64.
fn read_varint(r: &mut impl BufRead) -> Option<u64> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let [b] = byte(r)?;
        v |= u64::from(b & 0x7F) << shift;
        if b & 0x80 == 0 {
            // The tenth group holds a u64's last bit only.
            return (shift < 63 || b <= 1).then_some(v);
        }
    }
    None
}

/// The next byte, taken from the reader's buffer (a quotation is a few bytes).
fn byte(r: &mut impl BufRead) -> Option<[u8; 1]> {
    let b = *r.fill_buf().ok()?.first()?;
    r.consume(1);
    Some([b])
}

fn u64s(r: &mut impl Read) -> Option<u64> {
    let mut b = [0; 8];
    r.read_exact(&mut b).ok()?;
    Some(u64::from_le_bytes(b))
}

fn u32s(r: &mut impl Read) -> Option<u32> {
    let mut b = [0; 4];
    r.read_exact(&mut b).ok()?;
    Some(u32::from_le_bytes(b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Origin;

    fn quote(start: usize, end: usize, speaker: Option<&str>, continues: bool) -> Quote {
        let speaker = speaker.map(|s| Speaker::new(s).unwrap());
        Quote::new(start, end, speaker, continues, 0.85).unwrap()
    }

    fn sample() -> Vec<Quote> {
        vec![
            quote(10, 20, Some("Igor Khovaev"), false),
            quote(30, 40, None, false),
            quote(45, 60, Some("Mu Li"), false),
            quote(70, 75, Some("Igor Khovaev"), true),
        ]
    }

    /// A file changed on purpose, with its checksum made again: to test the checks behind it.
    fn resigned(mut f: Vec<u8>) -> Vec<u8> {
        let body = f.len() - 4;
        let crc = crc32fast::hash(&f[..body]);
        f[body..].copy_from_slice(&crc.to_le_bytes());
        f
    }

    fn encoded(len: u64, hash: u64, quotes: &[Quote]) -> Vec<u8> {
        let mut v = Vec::new();
        encode(&mut v, len, hash, quotes).unwrap();
        v
    }

    #[test]
    fn quotations_come_back_as_written() {
        let file = encoded(100, 7, &sample());
        let back = decode(&mut &file[..], 100, 7).unwrap();
        assert_eq!(back, sample());
        assert_eq!(decode(&mut &encoded(5, 1, &[])[..], 5, 1), Some(Vec::new()));
    }

    #[test]
    fn a_file_for_another_text_or_engine_is_not_used() {
        let file = encoded(100, 7, &sample());
        assert!(decode(&mut &file[..], 101, 7).is_none());
        assert!(decode(&mut &file[..], 100, 8).is_none());
        let mut other_engine = file.clone();
        other_engine[16] ^= 1;
        assert!(decode(&mut &resigned(other_engine)[..], 100, 7).is_none());
        // The format before this one (28 bytes a quotation).
        let mut other_version = file;
        other_version[15] = 1;
        assert!(decode(&mut &resigned(other_version)[..], 100, 7).is_none());
    }

    #[test]
    fn a_cut_or_padded_file_is_not_used() {
        let file = encoded(100, 7, &sample());
        for cut in 0..file.len() {
            assert!(decode(&mut &file[..cut], 100, 7).is_none(), "cut at {cut}");
        }
        let mut longer = file;
        longer.push(0);
        assert!(decode(&mut &longer[..], 100, 7).is_none());
    }

    #[test]
    fn quotations_outside_the_text_or_out_of_order_are_not_used() {
        let q = |start, end| quote(start, end, None, false);
        let file = encoded(100, 7, &[q(90, 101)]);
        assert!(decode(&mut &file[..], 100, 7).is_none());
        // Starts are kept as steps from the one before: a list out of order is not written.
        let mut v = Vec::new();
        assert!(encode(&mut v, 100, 7, &[q(10, 20), q(5, 8)]).is_err());
    }

    /// The byte after a quotation's varints: its confidence, and the top bit for a part that
    /// goes on the one before, which the first cannot; anything past 100 hundredths is a
    /// damaged file.
    #[test]
    fn the_last_byte_of_a_quotation_is_checked() {
        let q = |start, end| quote(start, end, None, false);
        let file = encoded(100, 7, &[q(10, 20), q(30, 40)]);
        // The header (16 + 3 × 8), no names, the count; then 4 bytes a quotation here (three
        // one-byte varints and the byte).
        let flags = |k: usize| 16 + 3 * 8 + 4 + 8 + 4 * k + 3;
        let with = |k: usize, b: u8| {
            let mut f = file.clone();
            assert_eq!(f[flags(k)], 85);
            f[flags(k)] = b;
            decode(&mut &resigned(f)[..], 100, 7)
        };
        let parts = with(1, 0x80 | 85).unwrap();
        assert_eq!((parts[0].continues(), parts[1].continues()), (false, true));
        assert_eq!(parts[1].confidence(), 0.85);
        assert!(with(0, 0x80 | 85).is_none());
        assert!(with(1, 101).is_none());
        assert_eq!(with(1, 100).unwrap()[1].confidence(), 1.0);
    }

    proptest::proptest! {
        /// Any number comes back as written, in as few bytes as its 7-bit groups need; one
        /// cut short, or past a u64, is refused.
        #[test]
        fn varints_come_back_as_written(v: u64, cut in 0usize..10) {
            let mut b = Vec::new();
            varint(&mut b, v).unwrap();
            proptest::prop_assert_eq!(b.len(), (64 - v.leading_zeros() as usize).max(1).div_ceil(7));
            proptest::prop_assert_eq!(read_varint(&mut &b[..]), Some(v));
            if cut < b.len() {
                proptest::prop_assert_eq!(read_varint(&mut &b[..cut]), None);
            }
        }
    }

    #[test]
    fn a_varint_past_a_u64_is_refused() {
        let mut too_long = vec![0xFF; 9];
        too_long.push(0x02);
        assert_eq!(read_varint(&mut &too_long[..]), None);
        too_long[9] = 0x01;
        assert_eq!(read_varint(&mut &too_long[..]), Some(u64::MAX));
    }

    #[test]
    fn hashing_stands_aside_every_few_megabytes() {
        let text = vec![b'x'; 2 * HASH_STRETCH + 100];
        let waits = std::cell::Cell::new(0);
        let h = content_hash_politely(&text, &|| waits.set(waits.get() + 1));
        assert_eq!(waits.get(), 2);
        let mut edited = text.clone();
        edited[HASH_STRETCH + 1] = b'y';
        assert_ne!(content_hash(&edited), h);
        waits.set(0);
        content_hash_politely(&text[..HASH_STRETCH - 32], &|| waits.set(waits.get() + 1));
        assert_eq!(waits.get(), 0);
    }

    proptest::proptest! {
        #[test]
        fn a_damaged_file_never_panics_and_never_gives_other_quotations(
            at in 0usize..400, byte in proptest::prelude::any::<u8>(), through_a_file in proptest::prelude::any::<bool>()
        ) {
            let saved = encoded(100, 7, &sample());
            let mut file = saved.clone();
            let at = at % file.len();
            file[at] = byte;
            // Read from a slice, or through a small buffer as a cache file is.
            let found = if through_a_file {
                decode(&mut BufReader::with_capacity(16, &file[..]), 100, 7)
            } else {
                decode(&mut &file[..], 100, 7)
            };
            // Refused, unless the byte is what it was.
            proptest::prop_assert_eq!(found.is_some(), file == saved);
            if let Some(qs) = found {
                proptest::prop_assert_eq!(qs, sample());
            }
        }

        #[test]
        fn the_content_hash_sees_a_change_of_any_byte(
            len in 0usize..200, at in 0usize..200, byte in proptest::prelude::any::<u8>()
        ) {
            let text: Vec<u8> = (0..len).map(|i| (i * 7 % 251) as u8).collect();
            proptest::prop_assert_eq!(content_hash(&text), content_hash(&text.clone()));
            if len > 0 && text[at % len] != byte {
                let mut edited = text.clone();
                edited[at % len] = byte;
                proptest::prop_assert_ne!(content_hash(&text), content_hash(&edited));
            }
            let mut longer = text.clone();
            longer.push(0);
            proptest::prop_assert_ne!(content_hash(&text), content_hash(&longer));
        }
    }

    /// A document just over the size that is cached, with `mark` at a byte that the sampled
    /// fingerprint does not read (between its first and middle samples).
    fn big_doc(mark: u8) -> Document {
        let mut text = b"\xE2\x80\x9cYes,\xE2\x80\x9d she said.\n\n".repeat(MIN_LEN / 20 + 1);
        text[200_000] = mark;
        Document::from_bytes(Origin::Builtin("big"), text).unwrap()
    }

    #[test]
    fn a_slot_gives_back_what_was_saved_for_the_same_text_only() {
        let dir = tempfile::tempdir().unwrap();
        let doc = big_doc(b'x');
        let slot = Slot::of(&doc, dir.path(), &|| {}).unwrap();
        assert!(slot.load().is_none());
        slot.save(&sample()).unwrap();
        assert_eq!(slot.load(), Some(sample()));
        // Nothing half-written is left beside it.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);

        // An edit where the fingerprint does not look: the same file name, another text.
        let edited = big_doc(b'y');
        assert_eq!(edited.fingerprint(), doc.fingerprint());
        let other = Slot::of(&edited, dir.path(), &|| {}).unwrap();
        assert_eq!(other.path, slot.path);
        assert!(other.load().is_none());
        // The file that did not match is gone, so it is made again for the new text.
        assert!(!slot.path.exists());

        let small = Document::from_bytes(Origin::Builtin("s"), b"\"Hi,\" she said.".to_vec());
        assert!(Slot::of(&small.unwrap(), dir.path(), &|| {}).is_none());
    }

    #[test]
    fn the_cache_keeps_the_most_recently_used_files_within_its_limits() {
        let dir = tempfile::tempdir().unwrap();
        let day = Duration::from_secs(24 * 3600);
        let make = |name: &str, size: usize, days_old: u32| {
            let path = dir.path().join(name);
            fs::write(&path, vec![0; size]).unwrap();
            let f = fs::File::options().write(true).open(&path).unwrap();
            f.set_modified(SystemTime::now() - day * days_old).unwrap();
        };
        make("new.bin", 100, 0);
        make("older.bin", 100, 1);
        make("oldest.bin", 100, 2);
        make("a.tmp.1", 10, 3);
        make("b.tmp.2", 10, 0);
        trim(dir.path(), 250, 10);
        let mut left: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        // Over 250 bytes without the oldest; a day-old temporary file is a dead writer's.
        assert_eq!(left, ["b.tmp.2", "new.bin", "older.bin"]);
        trim(dir.path(), 1000, 1);
        assert!(dir.path().join("new.bin").exists() && !dir.path().join("older.bin").exists());
    }
}
