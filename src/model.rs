//! Everything the program knows at one moment: the documents, which screen is showing, the
//! reader's position, overlays and the status message. `update` changes it; `view` draws it.

use crate::persist::Position;
use crate::reader::Reader;
use crate::store::{Document, Origin};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Library,
    Reader,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Overlay {
    Help,
}

/// Library sort orders, cycled with `o`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sort {
    /// Newest first; undated documents last, in file order.
    Date,
    Title,
    /// The order the files were named or found in.
    File,
}

impl Sort {
    pub fn label(self) -> &'static str {
        match self {
            Sort::Date => "date",
            Sort::Title => "title",
            Sort::File => "file",
        }
    }
}

#[derive(Debug)]
pub struct Library {
    /// Document indices in display order.
    pub order: Vec<usize>,
    /// Index into `order` of the selected row.
    pub selected: usize,
    pub sort: Sort,
}

/// Side effects `update` asks the event loop to carry out.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Save a reading position (the loop stamps the time).
    SavePosition(Position),
    Quit,
}

#[derive(Debug)]
pub struct Model {
    pub docs: Vec<Document>,
    /// False when a single document was opened: `q` then quits instead of showing a library.
    pub has_library: bool,
    pub screen: Screen,
    pub library: Library,
    pub reader: Option<Reader>,
    pub overlay: Option<Overlay>,
    /// A one-line message for the status bar, cleared by the next key.
    pub status: Option<String>,
    /// Terminal size (columns, rows), kept so `update` can page correctly.
    pub viewport: (u16, u16),
    /// Saved reading positions, for resuming and for progress in the library.
    pub positions: Vec<Position>,
    pub quit: bool,
}

/// How a document is named in saved state: its file path, or `builtin:NAME`.
pub fn origin_key(doc: &Document) -> String {
    match &doc.origin {
        Origin::File(p) => std::path::absolute(p)
            .unwrap_or_else(|_| p.clone())
            .to_string_lossy()
            .into_owned(),
        Origin::Builtin(name) => format!("builtin:{name}"),
    }
}

impl Model {
    /// A model over `docs`. With one document and no library, it opens straight in the reader.
    pub fn new(docs: Vec<Document>, has_library: bool, positions: Vec<Position>) -> Model {
        let mut m = Model {
            library: Library {
                order: (0..docs.len()).collect(),
                selected: 0,
                sort: Sort::Date,
            },
            docs,
            has_library,
            screen: Screen::Library,
            reader: None,
            overlay: None,
            status: None,
            viewport: (80, 24),
            positions,
            quit: false,
        };
        crate::update::sort_library(&mut m);
        m.library.selected = 0;
        if !m.has_library && !m.docs.is_empty() {
            crate::update::open(&mut m, 0);
        }
        m
    }

    /// The saved position of a document: by fingerprint, else by path (an edited file).
    pub fn saved(&self, doc: &Document) -> Option<&Position> {
        self.positions
            .iter()
            .find(|p| p.fingerprint == doc.fingerprint)
            .or_else(|| {
                let key = origin_key(doc);
                self.positions
                    .iter()
                    .filter(|p| p.path == key)
                    .max_by_key(|p| p.updated)
            })
    }

    /// The document open in the reader.
    pub fn open_doc(&self) -> Option<(&Reader, &Document)> {
        let r = self.reader.as_ref()?;
        Some((r, self.docs.get(r.doc)?))
    }
}
