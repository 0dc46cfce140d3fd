//! Turning a file's bytes into document text: byte-order marks, UTF-16, and the binary check.
//!
//! UTF-8 text (with or without BOM) is kept exactly as read, so every offset we report (quotation
//! spans, bookmarks) is an offset into the file itself. Invalid UTF-8 bytes are kept too; the
//! sanitiser shows them as `<XX>`. UTF-16 is transcoded, so its offsets are into the UTF-8 text.

use super::text_bytes::{Text, looks_binary};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// How the file was encoded on disk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
}

/// Decoded text: the bytes to index and where the text starts (after a UTF-8 BOM).
pub struct Decoded {
    pub bytes: Text,
    pub start: usize,
    pub encoding: Encoding,
}

/// Decodes raw file bytes, or `None` when the file is binary.
pub fn decode(raw: Text) -> Option<Decoded> {
    if raw.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Some(Decoded {
            bytes: raw,
            start: 3,
            encoding: Encoding::Utf8Bom,
        });
    }
    for (bom, enc) in [
        ([0xFF, 0xFE], Encoding::Utf16Le),
        ([0xFE, 0xFF], Encoding::Utf16Be),
    ] {
        if raw.starts_with(&bom) {
            return Some(Decoded {
                bytes: transcode(&raw[2..], enc),
                start: 0,
                encoding: enc,
            });
        }
    }
    if looks_binary(&raw) {
        return None;
    }
    Some(Decoded {
        bytes: raw,
        start: 0,
        encoding: Encoding::Utf8,
    })
}

/// UTF-16 from this size on is transcoded into a file, not into memory: 200 MB of UTF-16 would
/// otherwise take 100 MB of heap, over the budget of 64 MB and 5 % of the file.
const SPILL_MIN: usize = 64 << 20;

/// Bytes of UTF-16 transcoded at a time into that file.
const SPILL_CHUNK: usize = 4 << 20;

/// Transcodes UTF-16 (`utf16_to_utf8`): into memory, or when large into an unnamed file in the
/// cache directory, mapped like any large document. Its pages are then the kernel's to drop
/// and read again. Where no such file can be made (no cache directory, a full disk), into
/// memory after all.
fn transcode(raw: &[u8], enc: Encoding) -> Text {
    if raw.len() >= SPILL_MIN
        && let Some(dir) = crate::dirs::cache()
        && let Ok(text) = utf16_to_file(raw, enc, &dir, SPILL_CHUNK)
    {
        return text;
    }
    Text::Owned(utf16_to_utf8(raw, enc))
}

/// `utf16_to_utf8` written to a new file in `dir`, `chunk` bytes of UTF-16 at a time, then
/// mapped. The file is deleted as soon as it is made (the mapping keeps it until the document
/// is dropped), so nothing is left behind, whatever happens to the process.
fn utf16_to_file(raw: &[u8], enc: Encoding, dir: &Path, chunk: usize) -> std::io::Result<Text> {
    use std::io::Write;
    let mut file = super::text_bytes::unnamed_file(dir, "utf16")?;
    let chunk = chunk.max(2) & !1; // whole units
    let mut out = Vec::with_capacity(chunk + 16);
    let mut at = 0;
    while at < raw.len() {
        let mut end = (at + chunk).min(raw.len());
        // A surrogate pair is never split: a chunk does not end with a high half.
        let high_last = |end: usize| {
            let top = match enc {
                Encoding::Utf16Be => raw[end - 2],
                _ => raw[end - 1],
            };
            (0xD8..=0xDB).contains(&top)
        };
        while end + 2 <= raw.len() && high_last(end) {
            end += 2;
        }
        // An odd last byte belongs to the last chunk alone.
        if raw.len() - end == 1 {
            end += 1;
        }
        out.clear();
        utf16_into(&raw[at..end], enc, &mut out);
        file.write_all(&out)?;
        at = end;
    }
    Ok(Text::Mapped(super::mapped::Map::new(&file)?))
}

/// Transcodes UTF-16; unpaired surrogates and an odd trailing byte become U+FFFD, which shows.
fn utf16_to_utf8(raw: &[u8], enc: Encoding) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len() / 2 + 8);
    utf16_into(raw, enc, &mut out);
    out
}

/// `utf16_to_utf8`, appending to `out` (encoding_rs, which copies runs of ASCII quickly: this
/// reads the whole file before the first screen).
fn utf16_into(raw: &[u8], enc: Encoding, out: &mut Vec<u8>) {
    let encoding = if enc == Encoding::Utf16Le {
        encoding_rs::UTF_16LE
    } else {
        encoding_rs::UTF_16BE
    };
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let room = decoder
        .max_utf8_buffer_length(raw.len())
        .unwrap_or(raw.len() * 2);
    let mut text = String::with_capacity(room);
    let _ = decoder.decode_to_string(raw, &mut text, true);
    out.extend_from_slice(text.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy;

    #[test]
    fn utf8_bom_is_skipped_but_offsets_stay_file_offsets() {
        let d = decode(b"\xEF\xBB\xBFhello".to_vec().into()).unwrap();
        assert_eq!(d.encoding, Encoding::Utf8Bom);
        assert_eq!(&d.bytes[d.start..], b"hello");
    }

    #[test]
    fn utf16_both_byte_orders() {
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("héllo 日本".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("héllo 日本".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(&*decode(le.into()).unwrap().bytes, "héllo 日本".as_bytes());
        assert_eq!(&*decode(be.into()).unwrap().bytes, "héllo 日本".as_bytes());
    }

    proptest::proptest! {
        #[test]
        fn utf16_is_transcoded_as_decode_utf16_does(
            units in proptest::collection::vec(
                proptest::prop_oneof![
                    6 => 0x20u16..0x7F,
                    1 => 0x80u16..0xD800,
                    1 => 0xD800u16..0xE000,
                    1 => 0xE000u16..=0xFFFF,
                ],
                0..80,
            ),
            odd in proptest::bool::ANY,
        ) {
            for enc in [Encoding::Utf16Le, Encoding::Utf16Be] {
                let mut raw: Vec<u8> = units
                    .iter()
                    .flat_map(|u| if enc == Encoding::Utf16Le { u.to_le_bytes() } else { u.to_be_bytes() })
                    .collect();
                if odd {
                    raw.push(b'x');
                }
                // As `char::decode_utf16` reads the units; an odd last byte is one more
                // U+FFFD, which stands for a high surrogate right before it as well (the
                // WHATWG decoder's way: one unfinished character).
                let mut all = units.clone();
                if odd {
                    if all.last().is_some_and(|u| (0xD800..0xDC00).contains(u)) {
                        all.pop();
                    }
                    all.push(0xFFFD);
                }
                let want: String = char::decode_utf16(all)
                    .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
                    .collect();
                proptest::prop_assert_eq!(utf16_to_utf8(&raw, enc), want.into_bytes());
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// Written to a file a few bytes at a time, with surrogate pairs and an odd last byte
        /// falling on every chunk boundary, the text is what transcoding it whole gives.
        #[test]
        fn utf16_transcoded_to_a_file_in_chunks_is_the_same(
            units in proptest::collection::vec(
                proptest::prop_oneof![
                    3 => (0x20u16..0x7F).prop_map(|u| vec![u]),
                    1 => (0x80u16..0xD800).prop_map(|u| vec![u]),
                    2 => (0xD800u16..0xDC00, 0xDC00u16..0xE000).prop_map(|(h, l)| vec![h, l]),
                    1 => (0xD800u16..0xE000).prop_map(|u| vec![u]),
                ],
                0..40,
            ),
            odd in proptest::bool::ANY,
            chunk in 1usize..12,
        ) {
            let dir = tempfile::tempdir().unwrap();
            for enc in [Encoding::Utf16Le, Encoding::Utf16Be] {
                let mut raw: Vec<u8> = units
                    .iter()
                    .flatten()
                    .flat_map(|u| if enc == Encoding::Utf16Le { u.to_le_bytes() } else { u.to_be_bytes() })
                    .collect();
                if odd {
                    raw.push(b'x');
                }
                let text = utf16_to_file(&raw, enc, dir.path(), chunk).unwrap();
                proptest::prop_assert!(matches!(text, Text::Mapped(_)) || raw.is_empty());
                proptest::prop_assert_eq!(&text[..], &utf16_to_utf8(&raw, enc)[..]);
            }
            // Each file was deleted when made.
            proptest::prop_assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        }
    }

    #[test]
    fn nul_bytes_mean_binary() {
        assert!(decode(b"\x7fELF\x02\x01\x00\x00".to_vec().into()).is_none());
        assert!(decode(b"plain text".to_vec().into()).is_some());
    }
}
