//! The document store: loading files, folders and the built-in samples into `Document`s.
//!
//! A `Document` keeps the text as read plus an index of paragraph byte ranges; display text is
//! made per paragraph when it is shown (`Document::display`), never for the whole file.

pub mod decode;
mod deferred;
mod epub;
pub mod fingerprint;
mod folder;
mod format;
mod html;
pub mod library;
pub mod mapped;
pub mod metadata;
pub mod outline;
pub mod para_index;
pub mod paragraphs;
pub mod text_bytes;

use crate::text::markdown;
use crate::text::sanitize::{self, Breaks, Display};
use decode::Encoding;
pub use folder::{Scan, load_dir, load_paths, load_paths_reading};
use metadata::Header;
use para_index::{PIECE, Paragraphs, Region};
use paragraphs::{Kind, Paragraph};
use std::fmt;
use std::path::{Path, PathBuf};

/// Where a document came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    File(PathBuf),
    /// A sample compiled into the binary, by its file name in `seeds/`.
    Builtin(&'static str),
    /// Standard input (`sidenote -`).
    Stdin,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::File(p) => {
                f.write_str(&sanitize::clean_bytes(p.as_os_str().as_encoded_bytes()))
            }
            Origin::Builtin(name) => write!(f, "(built-in) {name}"),
            Origin::Stdin => f.write_str("(standard input)"),
        }
    }
}

impl Origin {
    /// The file name alone (or the built-in sample's name), sanitised for display.
    pub fn short_name(&self) -> String {
        match self {
            Origin::File(p) => p
                .file_name()
                .map_or_else(|| show(p), |n| show(Path::new(n))),
            // Its file name (a content hash) means nothing to a reader.
            Origin::Builtin(_) => "built-in sample".to_string(),
            Origin::Stdin => "(standard input)".to_string(),
        }
    }
}

/// A loaded document.
#[derive(Debug)]
pub struct Document {
    pub origin: Origin,
    /// The text as read (for UTF-8 files, exactly the file's bytes; large files are mapped;
    /// a file known from the library index is read when first needed).
    pub bytes: deferred::Bytes,
    pub encoding: Encoding,
    /// Where the body starts (after a BOM and metadata header).
    pub body_start: usize,
    /// The paragraphs: listed for small documents, found on demand in large ones; made when
    /// first needed.
    index: std::sync::OnceLock<Paragraphs>,
    /// No paragraph at all (only white space after the header).
    empty: bool,
    pub header: Header,
    /// Shown title: from the header, a first heading, or the first sentence.
    pub title: String,
    pub words: usize,
    /// False when `words` is estimated from samples (very large documents).
    pub words_exact: bool,
    /// Content fingerprint (`fingerprint()`), worked out when first asked for: listing a
    /// folder of 10,000 new files does not wait for 10,000 hashes.
    fingerprint: std::sync::OnceLock<String>,
    /// Where the text starts after a byte-order mark: what the fingerprint hashes.
    text_start: usize,
}

/// What the library index keeps about a document (see `Document::meta`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Meta {
    pub encoding: Encoding,
    pub body_start: usize,
    pub header: Header,
    pub title: String,
    pub words: usize,
    pub words_exact: bool,
    pub fingerprint: String,
    pub empty: bool,
}

/// Why a file could not be loaded. Displayed as one line naming the file.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: binary file, not text")]
    Binary { path: String },
    #[error("{path}: {why}")]
    Unreadable { path: String, why: String },
    #[error("{path}: no documents (.txt, .md, .html, .epub or other text files) in this folder")]
    EmptyFolder { path: String },
}

/// A document's file changed while it was being read for output (it shrank under its
/// mapping): what was read past that point is not the file, so output stops. Carried inside an
/// `io::Error` by the writers (`plain`, `export`), told apart by `changed_on_disk`.
#[derive(Debug, thiserror::Error)]
#[error("{0}: the file changed on disk while it was read; output stopped")]
pub struct Changed(pub String);

impl Document {
    /// `Ok` while the text read is the file's; else the error to stop output with.
    pub fn check_intact(&self) -> std::io::Result<()> {
        if self.bytes.intact() {
            Ok(())
        } else {
            Err(std::io::Error::other(Changed(self.origin.to_string())))
        }
    }
}

/// The `Changed` inside an output error, if that is what it is.
pub fn changed_on_disk(e: &std::io::Error) -> Option<&Changed> {
    e.get_ref()?.downcast_ref::<Changed>()
}

fn show(path: &Path) -> String {
    sanitize::clean_bytes(path.as_os_str().as_encoded_bytes())
}

/// Longest title made from a first sentence.
const TITLE_CHARS: usize = 72;
/// Bytes of a first paragraph read to make a title: room for the sentence in any script.
const TITLE_SOURCE: usize = 16 * TITLE_CHARS;

impl Document {
    /// Builds a document from raw bytes; `None` when they are binary.
    pub fn from_bytes(origin: Origin, raw: Vec<u8>) -> Option<Document> {
        Document::from_text(origin, raw.into())
    }

    /// Builds a document from bytes read or mapped; `None` when they are binary.
    pub fn from_text(origin: Origin, raw: text_bytes::Text) -> Option<Document> {
        let d = decode::decode(raw)?;
        let (header, body_start) = metadata::parse_header(&d.bytes, d.start);
        let empty = d.bytes[body_start..]
            .iter()
            .all(|&b| para_index::is_space(b));
        let (words, words_exact) = metadata::word_count_fast(&d.bytes[body_start..]);
        let mut doc = Document {
            origin,
            bytes: deferred::Bytes::ready(d.bytes),
            encoding: d.encoding,
            body_start,
            index: std::sync::OnceLock::new(),
            empty,
            header,
            title: String::new(),
            words,
            words_exact,
            fingerprint: std::sync::OnceLock::new(),
            text_start: d.start,
        };
        doc.title = doc.make_title();
        Some(doc)
    }

    /// What the library index keeps about a document, so it can be listed without reading it.
    pub fn meta(&self) -> Meta {
        Meta {
            encoding: self.encoding,
            body_start: self.body_start,
            header: self.header.clone(),
            title: self.title.clone(),
            words: self.words,
            words_exact: self.words_exact,
            fingerprint: self.fingerprint().to_string(),
            empty: self.empty,
        }
    }

    /// A document known from the library index: its file is read when first needed.
    pub fn deferred(path: PathBuf, meta: Meta) -> Document {
        Document {
            bytes: deferred::Bytes::deferred(path.clone()),
            origin: Origin::File(path),
            encoding: meta.encoding,
            body_start: meta.body_start,
            index: std::sync::OnceLock::new(),
            empty: meta.empty,
            header: meta.header,
            title: meta.title,
            words: meta.words,
            words_exact: meta.words_exact,
            fingerprint: meta.fingerprint.into(),
            text_start: 0,
        }
    }

    /// This document with its text let go, to be read again from `path` when needed: a folder
    /// scan reads each new file once to list it, and keeping all of them would hold a whole
    /// library in memory (40 MB for 10,000 articles) before any is opened.
    pub fn unload(self, path: PathBuf) -> Document {
        Document {
            bytes: deferred::Bytes::deferred(path),
            index: std::sync::OnceLock::new(),
            ..self
        }
    }

    /// The content fingerprint, which finds a document's bookmarks and place after it was
    /// moved or renamed (`store::fingerprint`). The text of a document not read yet is read for
    /// this and not kept.
    pub fn fingerprint(&self) -> &str {
        self.fingerprint.get_or_init(|| {
            self.bytes
                .peek(|b| fingerprint::fingerprint(&b[self.text_start.min(b.len())..]))
        })
    }

    /// Paragraphs are found where they are shown, so opening a document never waits for a pass
    /// over all of it, however long. Only a small one with a fenced code block, whose
    /// blank lines depend on the fences before them, is listed the first time it is needed.
    fn index(&self) -> &Paragraphs {
        self.index.get_or_init(|| {
            if self.bytes.len() <= para_index::FULL_MAX
                && para_index::may_fence(&self.bytes, self.body_start)
            {
                Paragraphs::Full(para_index::split(&self.bytes, self.body_start, PIECE))
            } else {
                Paragraphs::Local
            }
        })
    }

    fn make_title(&self) -> String {
        if let Some(t) = self
            .header
            .title
            .as_deref()
            .filter(|t| !t.trim().is_empty())
        {
            return sanitize::clean_line(t);
        }
        // A `# Heading` before any prose names the document.
        // Found on demand, so loading a document never lists all its paragraphs; and only the
        // start of a long paragraph is made into display text.
        let span = self.span();
        let first = span.first();
        let start_of = |p: &Paragraph| {
            let end = p.end.min(p.start + TITLE_SOURCE);
            self.display(&Paragraph { end, ..*p }).text
        };
        // A `# Heading` before any prose names the document.
        let heading = std::iter::successors(first, |p| {
            (p.kind == Kind::Heading).then(|| span.after(p)).flatten()
        })
        .find(|p| p.kind == Kind::Heading);
        if let Some(p) = heading {
            return start_of(&p).trim_start_matches('#').trim().to_string();
        }
        if let Some(p) = first {
            return metadata::title_from_text(&start_of(&p), TITLE_CHARS);
        }
        match &self.origin {
            Origin::Builtin(n) => n.to_string(),
            file => file.short_name(),
        }
    }

    /// Whether the document is Markdown (by its file's name), shown rendered.
    pub fn is_markdown(&self) -> bool {
        let name = match &self.origin {
            Origin::File(p) => p.extension().and_then(|e| e.to_str()),
            Origin::Builtin(n) => Path::new(n).extension().and_then(|e| e.to_str()),
            Origin::Stdin => None,
        };
        name.is_some_and(|e| {
            ["md", "markdown", "mdown", "mkd", "mkdn"].contains(&e.to_ascii_lowercase().as_str())
        })
    }

    /// One paragraph laid out at `width` columns: Markdown rendered, other text wrapped.
    pub fn layout(&self, p: &Paragraph, width: usize) -> markdown::Rendered {
        if self.is_markdown() {
            // An indented paragraph after a list item (or after one of its continuations)
            // belongs to that list.
            let in_list = self.paragraph_before(p).is_some_and(|q| {
                let line = &self.bytes[q.start..q.end.min(q.start + 64)];
                let text = String::from_utf8_lossy(line);
                text.starts_with("  ") || markdown::starts_item(text.trim_start())
            });
            if let Some(r) = markdown::render(&self.bytes[p.start..p.end], p.start, width, in_list)
            {
                return r;
            }
        }
        let display = self.display(p);
        let lines = crate::text::layout::wrap(&display.text, width);
        markdown::Rendered {
            display,
            lines,
            ..Default::default()
        }
    }

    /// The sanitised display text of one paragraph.
    pub fn display(&self, p: &Paragraph) -> Display {
        let breaks = if p.kind == Kind::Prose {
            Breaks::Reflow
        } else {
            Breaks::Keep
        };
        sanitize::display(&self.bytes[p.start..p.end], p.start, breaks)
    }

    /// The date from the header, if any.
    pub fn date(&self) -> Option<&str> {
        self.header.date.as_deref()
    }

    fn span(&self) -> Region<'_> {
        let bytes: &[u8] = &self.bytes;
        Region {
            bytes,
            lo: self.body_start.min(bytes.len()),
            hi: bytes.len(),
            piece: PIECE,
        }
    }

    /// The paragraph holding source offset `pos`, else the first after it, else the last.
    pub fn paragraph_at(&self, pos: usize) -> Option<Paragraph> {
        match self.index() {
            Paragraphs::Full(v) => {
                let i = v
                    .partition_point(|p| para_index::ends_before(&self.bytes, p, pos))
                    .min(v.len().checked_sub(1)?);
                Some(v[i])
            }
            Paragraphs::Local => self.span().at(pos).or_else(|| self.span().last()),
        }
    }

    /// The paragraph after `p`.
    pub fn paragraph_after(&self, p: &Paragraph) -> Option<Paragraph> {
        match self.index() {
            Paragraphs::Full(v) => v.get(v.partition_point(|q| q.start <= p.start)).copied(),
            Paragraphs::Local => self.span().after(p),
        }
    }

    /// The paragraph before `p`.
    pub fn paragraph_before(&self, p: &Paragraph) -> Option<Paragraph> {
        match self.index() {
            Paragraphs::Full(v) => {
                let i = v.partition_point(|q| q.start < p.start).checked_sub(1)?;
                Some(v[i])
            }
            Paragraphs::Local => self.span().before(p),
        }
    }

    /// True when no text follows `p` (so no blank row is shown after it).
    pub fn is_last(&self, p: &Paragraph) -> bool {
        match self.index() {
            Paragraphs::Full(v) => v.last().is_none_or(|l| l.start <= p.start),
            // Only white space after it (stops at the first other byte, so it costs nothing
            // in the middle of a document).
            Paragraphs::Local => {
                !p.joined
                    && self.bytes[p.end.min(self.bytes.len())..]
                        .iter()
                        .all(|&b| para_index::is_space(b))
            }
        }
    }

    pub fn first_paragraph(&self) -> Option<Paragraph> {
        match self.index() {
            Paragraphs::Full(v) => v.first().copied(),
            Paragraphs::Local => self.span().first(),
        }
    }

    pub fn last_paragraph(&self) -> Option<Paragraph> {
        match self.index() {
            Paragraphs::Full(v) => v.last().copied(),
            Paragraphs::Local => self.span().last(),
        }
    }

    /// Every paragraph in order (for a large document this reads all of it).
    pub fn paragraphs(&self) -> impl Iterator<Item = Paragraph> + Clone + '_ {
        let (full, local) = match self.index() {
            Paragraphs::Full(v) => (Some(v.iter().copied()), None),
            Paragraphs::Local => (None, Some(self.span().paragraphs())),
        };
        full.into_iter()
            .flatten()
            .chain(local.into_iter().flatten())
    }

    /// The byte range of every paragraph in order, but fenced code blocks (whose quote marks
    /// are code, never speech): what quotations are looked for in. `paragraphs` without their
    /// kinds, which a large document's walk need not work out.
    pub fn paragraph_ranges(&self) -> impl Iterator<Item = std::ops::Range<usize>> + Clone + '_ {
        let (full, local) = match self.index() {
            Paragraphs::Full(v) => (Some(v.iter().map(|p| p.start..p.end)), None),
            Paragraphs::Local => (None, Some(self.span().ranges())),
        };
        full.into_iter()
            .flatten()
            .chain(local.into_iter().flatten())
            .filter(|r| !paragraphs::is_code_block(&self.bytes[r.clone()]))
    }

    /// Length of the text in bytes, for progress by position.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.empty
    }
}

/// The sample documents compiled into the binary (`seeds/`).
pub const SEEDS: &[(&str, &[u8])] = &[(
    "000_92467008a657f711.txt",
    include_bytes!("../seeds/000_92467008a657f711.txt"),
)];

/// The built-in sample library.
pub fn builtin() -> Vec<Document> {
    SEEDS
        .iter()
        .filter_map(|(name, bytes)| Document::from_bytes(Origin::Builtin(name), bytes.to_vec()))
        .collect()
}

/// Loads one file named by the user.
pub fn load_file(path: &Path) -> Result<Document, StoreError> {
    load_file_with_metadata(path).0
}

/// Loads a file as `load_file` does, with the metadata of the file read (if it could be opened).
fn load_file_with_metadata(
    path: &Path,
) -> (Result<Document, StoreError>, Option<std::fs::Metadata>) {
    let (raw, meta) = match text_bytes::read_with_metadata(path) {
        Ok((raw, meta)) => (raw, meta),
        Err(source) => {
            let e = StoreError::Io {
                path: show(path),
                source,
            };
            return (Err(e), None);
        }
    };
    let doc = match format::to_text(raw, Some(path)) {
        Ok(text) => Document::from_text(Origin::File(path.to_path_buf()), text)
            .ok_or_else(|| StoreError::Binary { path: show(path) }),
        Err(why) => Err(StoreError::Unreadable {
            path: show(path),
            why,
        }),
    };
    (doc, Some(meta))
}

/// Reads standard input as a document (`sidenote -`, `cmd | sidenote -`).
pub fn load_stdin() -> Result<Document, StoreError> {
    let raw =
        text_bytes::read_stream(std::io::stdin().lock()).map_err(|source| StoreError::Io {
            path: "standard input".into(),
            source,
        })?;
    let path = "standard input".to_string();
    let text = format::to_text(raw, None).map_err(|why| StoreError::Unreadable {
        path: path.clone(),
        why,
    })?;
    Document::from_text(Origin::Stdin, text).ok_or(StoreError::Binary { path })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_is_built_in_with_date_and_title() {
        let docs = builtin();
        assert_eq!(docs.len(), 1);
        let d = &docs[0];
        assert_eq!(d.date(), Some("2019-09-05"));
        assert!(
            d.title.starts_with("In a bid to boost the capabilities"),
            "{}",
            d.title
        );
        assert_eq!(d.paragraphs().count(), 12);
        let first = d.display(&d.first_paragraph().unwrap()).text;
        assert!(first.starts_with("In a bid"), "{first}");
        let last = d.display(&d.last_paragraph().unwrap()).text;
        assert!(last.ends_with("a very good opportunity,” he said."));
    }

    #[test]
    fn a_small_document_without_fences_is_read_on_demand_as_the_full_list_reads_it() {
        let novel = include_bytes!("../tests/fixtures/pride-and-prejudice-ch1.txt");
        let sample = &builtin()[0];
        for d in [
            sample,
            &Document::from_bytes(Origin::Builtin("novel"), novel.to_vec()).unwrap(),
        ] {
            assert!(matches!(d.index(), Paragraphs::Local));
            let full = para_index::split(&d.bytes, d.body_start, PIECE);
            assert!(full.len() > 10);
            assert_eq!(d.paragraphs().collect::<Vec<_>>(), full);
            assert_eq!(d.first_paragraph(), full.first().copied());
            assert_eq!(d.last_paragraph(), full.last().copied());
            for (i, p) in full.iter().enumerate() {
                for pos in [p.start, p.end, p.end + 1] {
                    let want = full
                        .iter()
                        .find(|q| !para_index::ends_before(&d.bytes, q, pos))
                        .or(full.last());
                    assert_eq!(d.paragraph_at(pos).as_ref(), want, "at {pos}");
                }
                assert_eq!(d.paragraph_after(p), full.get(i + 1).copied());
                let before = i.checked_sub(1).map(|b| full[b]);
                assert_eq!(d.paragraph_before(p), before);
                assert_eq!(d.is_last(p), i + 1 == full.len());
            }
        }
        let fenced = b"Code:\n\n```\nfn main() {\n\n}\n```\n\nAfter.".to_vec();
        let d = Document::from_bytes(Origin::Builtin("t"), fenced).unwrap();
        assert!(matches!(d.index(), Paragraphs::Full(_)));
        assert_eq!(
            d.paragraphs().count(),
            3,
            "the fenced block keeps its blank line"
        );
    }

    #[test]
    fn first_heading_is_the_title() {
        let d =
            Document::from_bytes(Origin::Builtin("t"), b"# The Title\n\nBody.".to_vec()).unwrap();
        assert_eq!(d.title, "The Title");
    }

    #[test]
    fn paragraph_at_finds_containing_paragraph() {
        let d = Document::from_bytes(Origin::Builtin("t"), b"aaa\n\nbbb\n\nccc".to_vec()).unwrap();
        let at = |pos| d.paragraph_at(pos).unwrap().start;
        assert_eq!(at(0), 0);
        assert_eq!(at(6), 5);
        assert_eq!(at(4), 5);
        assert_eq!(at(100), 10);
    }
}
