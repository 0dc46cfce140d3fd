//! Everything the program knows at one moment: the documents, which screen is showing, the
//! reader's position, overlays and the status message. `update` changes it; `view` draws it.

use crate::bookmarks::{Bookmark, Found};
use crate::place::Position;
use crate::quotes::Quote;
use crate::store::{Document, Origin};
use reader::Reader;
use speakers::SpeakerCounts;
use std::sync::Arc;
pub use visible::Visible;
use visible::{Filters, VisibleQuotes};

mod growing;
mod library;
mod marks;
pub mod reader;
mod search_bar;
mod sidebar;
mod speakers;
mod visible;

pub use library::{Library, Sort};
pub use marks::{MarksList, Prompt, PromptFor, Selection};
pub use search_bar::{Count, SearchState, SearchTarget};
pub use sidebar::{Pending, Preview, Quotes, Sidebar, SpeakerFilter};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Library,
    Reader,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Overlay {
    Help,
    Bookmarks,
    Outline,
    Links,
}

/// The links overlay: the links on the screen when it opened, as (text, target).
#[derive(Debug, Default)]
pub struct Links {
    pub items: Vec<(String, String)>,
    pub first: usize,
}

/// The outline overlay's state: the headings of the document they were found in (kept while
/// that reading of it is the one in `docs`, so a second look costs nothing) and the one selected.
#[derive(Debug, Default)]
pub struct Outline {
    pub of: std::sync::Weak<Document>,
    pub headings: Vec<crate::store::outline::Heading>,
    pub selected: usize,
    /// A large document's headings are being found off the input path.
    pub finding: bool,
}

#[derive(Debug)]
pub struct Model {
    pub docs: Vec<Arc<Document>>,
    /// Quotations per document, found when it is first opened.
    pub quotes: Vec<Option<Quotes>>,
    pub sidebar: Sidebar,
    /// Speaker counts of the open document's quotations: see `speakers`.
    speaker_cache: std::cell::RefCell<SpeakerCounts>,
    /// The quotations the sidebar's filters pass: see `visible_quotes`.
    visible_cache: std::cell::RefCell<VisibleQuotes>,
    pub search: SearchState,
    /// Every saved bookmark.
    pub bookmarks: Vec<Bookmark>,
    /// Where the open document's bookmarks are now: (bookmark id, place).
    pub located: Vec<(String, Found)>,
    pub marks: MarksList,
    pub outline: Outline,
    pub links: Links,
    pub prompt: Option<Prompt>,
    pub selection: Option<Selection>,
    /// False when a single document was opened: `q` then quits instead of showing a library.
    pub has_library: bool,
    pub screen: Screen,
    pub library: Library,
    pub reader: Option<Reader>,
    pub overlay: Option<Overlay>,
    /// First row of the help overlay shown, when it does not fit.
    pub help_scroll: u16,
    /// A one-line message for the status bar, cleared by the next key.
    pub status: Option<Notice>,
    /// Terminal size (columns, rows), kept so `update` can page correctly.
    pub viewport: (u16, u16),
    /// Saved reading positions, for resuming and for progress in the library.
    pub positions: Vec<Position>,
    pub quit: bool,
    /// How things look: from the configuration and the environment.
    pub theme: crate::ui::theme::Theme,
    /// The key bindings in effect.
    pub keys: crate::keymap::Keymap,
    /// The widest the text column grows.
    pub text_width: u16,
}

/// A one-line message for the status bar: what happened, or what could not be done.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Notice {
    pub kind: NoticeKind,
    pub text: String,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum NoticeKind {
    /// What a key did (`bookmarked`, `sorted by date`, a search that went round the end).
    #[default]
    Info,
    /// Something that was not done or not read (a bookmark not saved, a file unreadable),
    /// shown so that it stands out.
    Warning,
}

impl Notice {
    pub fn info(text: impl Into<String>) -> Notice {
        Notice {
            kind: NoticeKind::Info,
            text: text.into(),
        }
    }

    pub fn warning(text: impl Into<String>) -> Notice {
        Notice {
            kind: NoticeKind::Warning,
            text: text.into(),
        }
    }
}

impl std::fmt::Display for Notice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

/// A notice reads as its text.
impl std::ops::Deref for Notice {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

/// How a document is named in saved state: its file path, or `builtin:NAME`.
pub fn origin_key(doc: &Document) -> String {
    match &doc.origin {
        Origin::File(p) => std::path::absolute(p)
            .unwrap_or_else(|_| p.clone())
            .to_string_lossy()
            .into_owned(),
        Origin::Builtin(name) => format!("builtin:{name}"),
        // Piped text has no path; its fingerprint still finds its place and bookmarks.
        Origin::Stdin => format!("stdin:{}", doc.fingerprint()),
    }
}

impl Model {
    /// A model over `docs`, on the library screen in file order: `update::init` makes the
    /// program's first one from it.
    pub(crate) fn new(
        docs: Vec<Arc<Document>>,
        has_library: bool,
        positions: Vec<Position>,
    ) -> Model {
        Model {
            library: Library {
                order: (0..docs.len()).collect(),
                selected: 0,
                sort: Sort::Date,
                query: String::new(),
                hits: Vec::new(),
            },
            quotes: vec![None; docs.len()],
            speaker_cache: Default::default(),
            visible_cache: Default::default(),
            docs,
            sidebar: Sidebar::default(),
            search: SearchState::default(),
            bookmarks: Vec::new(),
            located: Vec::new(),
            marks: MarksList::default(),
            outline: Outline::default(),
            links: Links::default(),
            prompt: None,
            selection: None,
            has_library,
            screen: Screen::Library,
            reader: None,
            overlay: None,
            help_scroll: 0,
            theme: Default::default(),
            keys: Default::default(),
            text_width: crate::model::reader::MAX_TEXT_WIDTH,
            status: None,
            viewport: (80, 24),
            positions,
            quit: false,
        }
    }

    /// The saved position of a document: by fingerprint, else by path (an edited file).
    pub fn saved(&self, doc: &Document) -> Option<&Position> {
        self.positions
            .iter()
            .find(|p| p.fingerprint == doc.fingerprint())
            .or_else(|| {
                let key = origin_key(doc);
                self.positions
                    .iter()
                    .filter(|p| p.path == key)
                    .max_by_key(|p| p.updated)
            })
    }

    /// True while typed keys are text (search bar or prompt).
    pub fn typing(&self) -> bool {
        self.search.editing || self.prompt.is_some()
    }

    /// Whether bookmark `b` belongs to document `d` (same content, or same file).
    pub fn bookmark_is_of(b: &Bookmark, d: &Document) -> bool {
        b.fingerprint == d.fingerprint() || b.path == origin_key(d)
    }

    /// The bookmark list's rows: indices into `bookmarks`, newest first, of the open
    /// document's (or all, as the list shows) that pass the list's filter.
    pub fn bookmark_rows(&self) -> Vec<usize> {
        let doc = self.open_doc().map(|(_, d)| d);
        let mut idx: Vec<usize> = (0..self.bookmarks.len())
            .filter(|&i| {
                let b = &self.bookmarks[i];
                (self.marks.all || doc.is_none_or(|d| Model::bookmark_is_of(b, d)))
                    && (self.marks.filter.is_empty()
                        || [&b.text, &b.note, &b.title]
                            .iter()
                            .any(|t| smart_contains(t, &self.marks.filter)))
            })
            .collect();
        idx.sort_by_key(|&i| std::cmp::Reverse((self.bookmarks[i].created, i)));
        idx
    }

    /// The document open in the reader.
    pub fn open_doc(&self) -> Option<(&Reader, &Document)> {
        let r = self.reader.as_ref()?;
        Some((r, self.docs.get(r.doc)?))
    }

    /// The quotations of the open document, once found.
    pub fn open_quotes(&self) -> Option<&Arc<Vec<Quote>>> {
        self.quotes
            .get(self.reader.as_ref()?.doc)?
            .as_ref()
            .map(Quotes::found)
    }

    /// How far the search for the open document's quotations has got, in percent, while it
    /// runs.
    pub fn finding_quotes(&self) -> Option<u8> {
        self.quotes
            .get(self.reader.as_ref()?.doc)?
            .as_ref()?
            .pending()
    }

    /// The open document's quotations that pass the speaker filter and the typed one, as far
    /// as filtering has got (`filter_more`). A filtered list is kept from call to call (drawing
    /// and keys ask for it many times a frame).
    pub fn visible_quotes(&self) -> Visible {
        self.listed(0).0
    }

    /// Filters the open document's quotations a step further, when a filter is under way, and
    /// gives `visible_quotes`. A step looks at a few thousand quotations: typing into the filter
    /// of a book never waits for all of its 100,000s, and the event loop takes more steps
    /// between frames until `filtering` says it is done.
    pub fn filter_more(&self) -> Visible {
        self.listed(visible::STEP).0
    }

    /// How far filtering has got, in percent of the open document's quotations, while there is
    /// more to look at; `None` when the list is complete (or nothing filters it).
    pub fn filtering(&self) -> Option<usize> {
        self.listed(0).1
    }

    fn listed(&self, budget: usize) -> (Visible, Option<usize>) {
        let (Some(qs), Some((r, d))) = (self.open_quotes(), self.open_doc()) else {
            return (Visible::All(0), None);
        };
        if self.sidebar.filter.is_all() && self.sidebar.query.is_empty() {
            return (Visible::All(qs.len()), None);
        }
        let filters = Filters {
            speaker: self.sidebar.filter.clone(),
            query: self.sidebar.query.clone(),
        };
        let listed = self
            .visible_cache
            .borrow_mut()
            .get(r.doc, qs, &d.bytes, &filters, budget);
        let progress = (!listed.done).then(|| listed.decided * 100 / qs.len().max(1));
        (Visible::Only(listed.visible), progress)
    }

    /// Speakers of the open document with how many quotations each, most first; the
    /// unattributed ones (`None`) last.
    pub fn speakers(&self) -> Vec<(Option<String>, usize)> {
        let Some(qs) = self.open_quotes() else {
            return Vec::new();
        };
        // Drawn every frame: each quotation is counted once (a large document has 100,000s).
        let doc = self.reader.as_ref().map_or(0, |r| r.doc);
        let mut cache = self.speaker_cache.borrow_mut();
        cache.update(doc, qs);
        cache.sorted.clone()
    }

    /// Whether the quote sidebar, when shown, covers part of the text (a narrow screen).
    pub fn sidebar_overlays(&self) -> bool {
        let (w, h) = self.viewport;
        crate::panes::panes(ratatui::layout::Rect::new(0, 0, w, h), true).overlay
    }

    /// Whether the quote sidebar is on screen.
    pub fn sidebar_shown(&self) -> bool {
        self.screen == Screen::Reader
            && self
                .sidebar
                .shown
                .unwrap_or(self.viewport.0 >= crate::panes::WIDE)
    }
}

/// Substring match with smart case: a query in lower case ignores case.
pub fn smart_contains(text: &str, query: &str) -> bool {
    if crate::search::smart_case_insensitive(query) {
        text.to_lowercase().contains(&query.to_lowercase())
    } else {
        text.contains(query)
    }
}

/// Applies an editing key to a one-line text field; false for keys that are not edits.
pub fn edit_line(text: &mut String, cursor: &mut usize, key: crate::action::Input) -> bool {
    use crate::action::Input;
    match key {
        Input::Char(c) => {
            text.insert(*cursor, c);
            *cursor += c.len_utf8();
        }
        Input::Backspace => {
            if let Some(c) = text[..*cursor].chars().next_back() {
                *cursor -= c.len_utf8();
                text.remove(*cursor);
            }
        }
        Input::Delete => {
            if *cursor < text.len() {
                text.remove(*cursor);
            }
        }
        Input::Left => {
            *cursor = text[..*cursor]
                .char_indices()
                .next_back()
                .map_or(0, |(i, _)| i)
        }
        Input::Right => {
            *cursor = text[*cursor..]
                .chars()
                .next()
                .map_or(*cursor, |c| *cursor + c.len_utf8())
        }
        Input::Home => *cursor = 0,
        Input::End => *cursor = text.len(),
        Input::DeleteWord => {
            let before = text[..*cursor].trim_end();
            let start = before.rfind(char::is_whitespace).map_or(0, |i| i + 1);
            text.replace_range(start..*cursor, "");
            *cursor = start;
        }
        Input::Clear => {
            text.clear();
            *cursor = 0;
        }
        _ => return false,
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_quotations_are_those_found_then_a_preview_past_where_the_search_is() {
        // Found ones are told from a preview's by their confidence: 1 and 0.
        let q = |start, end, found| {
            Quote::new(start, end, None, false, if found { 1.0 } else { 0.0 }).unwrap()
        };
        let found = Arc::new(vec![q(10, 20, true), q(30, 40, true), q(95, 99, true)]);
        // The preview was made before the search passed 100; from there on it is shown.
        let ahead = Arc::new(vec![
            q(50, 60, false),
            q(96, 98, false),
            q(120, 130, false),
            q(300, 310, false),
        ]);
        let pending = Quotes::Pending(Pending {
            percent: 10,
            done: 100,
            found: found.clone(),
            preview: Preview::Found(50..400, ahead),
        });
        let spans = |qs: Vec<Quote>| {
            qs.iter()
                .map(|q| (q.start(), q.confidence() == 1.0))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            spans(pending.shown_in(15..200)),
            [(10, true), (30, true), (95, true), (120, false)]
        );
        assert_eq!(spans(pending.shown_in(0..12)), [(10, true)]);
        assert_eq!(spans(pending.shown_in(305..400)), [(300, false)]);
        let ready = Quotes::Ready(found);
        assert_eq!(
            spans(ready.shown_in(0..1000)),
            [(10, true), (30, true), (95, true)]
        );
    }
}
