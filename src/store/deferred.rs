//! A document's text as the document holds it: read at once, or read from its file the first
//! time it is needed (a library listed from its index). Reading the file and decoding it are
//! done here, above both `text_bytes` and `decode`.

use super::text_bytes::{Text, read};
use std::fmt;
use std::ops::Deref;

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

    /// False when the file shrank while mapped (part of the text reads as zeros); true for text
    /// not read yet.
    pub fn intact(&self) -> bool {
        self.text.get().is_none_or(Text::intact)
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
            .and_then(|raw| super::format::to_text(raw, Some(path)))
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
