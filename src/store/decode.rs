//! Turning a file's bytes into document text: byte-order marks, UTF-16, and the binary check.
//!
//! UTF-8 text (with or without BOM) is kept exactly as read, so every offset we report (quotation
//! spans, bookmarks) is an offset into the file itself. Invalid UTF-8 bytes are kept too; the
//! sanitiser shows them as `<XX>`. UTF-16 is transcoded, so its offsets are into the UTF-8 text.

use super::text_bytes::Text;
use serde::{Deserialize, Serialize};

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

/// How far into a file we look for NUL bytes, like git and ripgrep.
const SNIFF_LEN: usize = 8192;

/// True when the bytes look like a binary file rather than text.
pub fn looks_binary(raw: &[u8]) -> bool {
    let head = &raw[..raw.len().min(SNIFF_LEN)];
    !(head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF])) && head.contains(&0)
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
                bytes: Text::Owned(utf16_to_utf8(&raw[2..], enc)),
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

/// Transcodes UTF-16; unpaired surrogates and an odd trailing byte become U+FFFD, which shows.
fn utf16_to_utf8(raw: &[u8], enc: Encoding) -> Vec<u8> {
    let units = raw.chunks(2).map(|c| match (c, enc) {
        ([a, b], Encoding::Utf16Le) => u16::from_le_bytes([*a, *b]),
        ([a, b], _) => u16::from_be_bytes([*a, *b]),
        _ => 0xFFFD,
    });
    let text: String = char::decode_utf16(units)
        .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect();
    text.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn nul_bytes_mean_binary() {
        assert!(decode(b"\x7fELF\x02\x01\x00\x00".to_vec().into()).is_none());
        assert!(decode(b"plain text".to_vec().into()).is_some());
    }
}
