//! The library index on disk: a compact binary list, read at every launch before a folder's list
//! is shown. (As JSON, 10,000 entries were 3.4 MB and took 25–30 ms to parse, more than half of
//! the time to list them; this takes a few.) It is a cache: a file that does not read back
//! whole is ignored and rebuilt by the next scan.
//!
//! Little-endian: `MAGIC`, the entry count (u64), then each entry: path (str), size (u64),
//! modification time (u128), and a flag byte for its description, followed when set by
//! encoding (u8), body start (u64), header title, date and author (each a flag byte and a str),
//! title (str), words (u64), words exact (u8), fingerprint (str), empty (u8); last, the CRC-32
//! of every byte before it (u32). A str is its length (u32) and its UTF-8.

use super::Entry;
use crate::store::Meta;
use crate::store::decode::Encoding;
use crate::store::metadata::Header;

/// The format's name; the byte after it is its version.
const MAGIC: &[u8; 16] = b"sidenote-library";
const VERSION: u8 = 3;

pub(super) fn encode(entries: &[Entry]) -> Vec<u8> {
    let mut w = Vec::with_capacity(entries.len() * 160 + 32);
    w.extend_from_slice(MAGIC);
    w.push(VERSION);
    w.extend_from_slice(&(entries.len() as u64).to_le_bytes());
    for e in entries {
        put_str(&mut w, &e.path);
        w.extend_from_slice(&e.size.to_le_bytes());
        w.extend_from_slice(&e.modified.to_le_bytes());
        let Some(m) = &e.meta else {
            w.push(0);
            continue;
        };
        w.push(1);
        w.push(match m.encoding {
            Encoding::Utf8 => 0,
            Encoding::Utf8Bom => 1,
            Encoding::Utf16Le => 2,
            Encoding::Utf16Be => 3,
        });
        w.extend_from_slice(&(m.body_start as u64).to_le_bytes());
        for s in [&m.header.title, &m.header.date, &m.header.author] {
            match s {
                Some(s) => {
                    w.push(1);
                    put_str(&mut w, s);
                }
                None => w.push(0),
            }
        }
        put_str(&mut w, &m.title);
        w.extend_from_slice(&(m.words as u64).to_le_bytes());
        w.push(u8::from(m.words_exact));
        put_str(&mut w, &m.fingerprint);
        w.push(u8::from(m.empty));
    }
    let crc = crc32fast::hash(&w);
    w.extend_from_slice(&crc.to_le_bytes());
    w
}

fn put_str(w: &mut Vec<u8>, s: &str) {
    w.extend_from_slice(&(s.len() as u32).to_le_bytes());
    w.extend_from_slice(s.as_bytes());
}

/// The entries of an index file; `None` unless it is one, whole, of this version.
pub(super) fn decode(bytes: &[u8]) -> Option<Vec<Entry>> {
    let (bytes, crc) = bytes.split_last_chunk::<4>()?;
    if crc32fast::hash(bytes) != u32::from_le_bytes(*crc) {
        return None;
    }
    let mut r = Input(bytes);
    if r.take(16)? != MAGIC || r.byte()? != VERSION {
        return None;
    }
    let n = r.u64()?;
    // Each entry takes at least 29 bytes: a count beyond that is a damaged file.
    if n > (bytes.len() / 29) as u64 {
        return None;
    }
    let mut out = Vec::with_capacity(n as usize);
    for _ in 0..n {
        let path = r.str()?;
        let size = r.u64()?;
        let modified = u128::from_le_bytes(r.take(16)?.try_into().ok()?);
        let meta = match r.byte()? {
            0 => None,
            1 => Some(r.meta()?),
            _ => return None,
        };
        out.push(Entry {
            path,
            size,
            modified,
            meta,
        });
    }
    r.0.is_empty().then_some(out)
}

/// What is left of the file to read.
struct Input<'a>(&'a [u8]);

impl Input<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        let (head, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(head)
    }

    fn byte(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    fn flag(&mut self) -> Option<bool> {
        match self.byte()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn str(&mut self) -> Option<String> {
        let n = u32::from_le_bytes(self.take(4)?.try_into().ok()?);
        let b = self.take(n as usize)?;
        Some(std::str::from_utf8(b).ok()?.to_owned())
    }

    fn opt_str(&mut self) -> Option<Option<String>> {
        Some(if self.flag()? {
            Some(self.str()?)
        } else {
            None
        })
    }

    fn meta(&mut self) -> Option<Meta> {
        let encoding = match self.byte()? {
            0 => Encoding::Utf8,
            1 => Encoding::Utf8Bom,
            2 => Encoding::Utf16Le,
            3 => Encoding::Utf16Be,
            _ => return None,
        };
        let body_start = usize::try_from(self.u64()?).ok()?;
        let header = Header {
            title: self.opt_str()?,
            date: self.opt_str()?,
            author: self.opt_str()?,
        };
        Some(Meta {
            encoding,
            body_start,
            header,
            title: self.str()?,
            words: usize::try_from(self.u64()?).ok()?,
            words_exact: self.flag()?,
            fingerprint: self.str()?,
            empty: self.flag()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str, meta: bool) -> Entry {
        Entry {
            path: path.into(),
            size: 4017,
            modified: 1_795_869_190_259_672_906,
            meta: meta.then(|| Meta {
                encoding: Encoding::Utf16Be,
                body_start: 16,
                header: Header {
                    title: None,
                    date: Some("2000-01-01".into()),
                    author: Some("Jane “J.” Doe".into()),
                },
                title: "The government, “quoted”".into(),
                words: 780,
                words_exact: true,
                fingerprint: "c7201fa3bb264a33".into(),
                empty: false,
            }),
        }
    }

    #[test]
    fn entries_read_back_as_written() {
        let entries = vec![entry("/a/b.txt", true), entry("/a/c.bin", false)];
        assert_eq!(decode(&encode(&entries)), Some(entries));
        assert_eq!(decode(&encode(&[])), Some(Vec::new()));
    }

    #[test]
    fn a_cut_padded_or_foreign_file_is_not_read() {
        let file = encode(&[entry("/a/b.txt", true), entry("/a/c.bin", false)]);
        for cut in 0..file.len() {
            assert!(decode(&file[..cut]).is_none(), "cut at {cut}");
        }
        let mut longer = file.clone();
        longer.push(0);
        assert!(decode(&longer).is_none());
        let mut newer = file;
        newer[16] = VERSION + 1;
        assert!(decode(&newer).is_none());
        assert!(decode(b"{\"version\":1,\"entries\":[]}").is_none());
    }

    proptest::proptest! {
        #[test]
        fn a_damaged_file_never_panics(at in 0usize..400, byte in proptest::prelude::any::<u8>()) {
            let mut file = encode(&[entry("/a/b.txt", true), entry("/a/c.bin", false)]);
            let at = at % file.len();
            file[at] = byte;
            // Refused, unless the byte is what it was.
            let saved = encode(&[entry("/a/b.txt", true), entry("/a/c.bin", false)]);
            proptest::prop_assert_eq!(decode(&file).is_some(), file == saved);
        }
    }
}
