//! Formats other than plain text: an HTML page or an EPUB book is turned into the text a
//! document holds (`store::html`, `store::epub`) as soon as its file is read, so everything past
//! this point (paragraphs, quotations, search, bookmarks) sees text. Which format a file is in
//! is told by its name, and for unnamed input (standard input) by its first bytes.

use super::text_bytes::Text;
use std::path::Path;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Format {
    Text,
    Html,
    Epub,
}

impl Format {
    /// The format of a file at `path` (if named) starting with `head`.
    pub(crate) fn of(path: Option<&Path>, head: &[u8]) -> Format {
        let ext = path
            .and_then(Path::extension)
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("html" | "htm" | "xhtml" | "shtml") => return Format::Html,
            Some("epub") => return Format::Epub,
            _ => {}
        }
        // A zip archive whose first entry says it is a book (as the EPUB standard requires).
        if head.starts_with(b"PK\x03\x04")
            && head.get(30..58) == Some(b"mimetypeapplication/epub+zip")
        {
            return Format::Epub;
        }
        let start = head
            .strip_prefix(b"\xEF\xBB\xBF")
            .unwrap_or(head)
            .trim_ascii_start();
        let lower = start[..start.len().min(15)].to_ascii_lowercase();
        if ext.is_none() && (lower.starts_with(b"<!doctype html") || lower.starts_with(b"<html")) {
            return Format::Html;
        }
        Format::Text
    }
}

/// The text of `raw`, read from `path` (if named): as it is for text, else converted; `Err`
/// says what is wrong with a book that cannot be read.
pub(crate) fn to_text(raw: Text, path: Option<&Path>) -> Result<Text, String> {
    match Format::of(path, &raw[..raw.len().min(64)]) {
        Format::Text => Ok(raw),
        Format::Html => Ok(Text::Owned(super::html::article(&raw).into_bytes())),
        Format::Epub => super::epub::book(&raw).map(|t| Text::Owned(t.into_bytes())),
    }
}
