//! `update`: the whole behaviour of the program as a pure function of the model and an action.
//! It never touches the terminal, the clock or the disk; it returns `Effect`s for the loop.

mod library;
mod links;
mod marks;
mod outline;
pub use outline::outline_ready;
mod reader;
mod search_bar;
mod sidebar;

use library::library;
pub use library::sort_library;
pub use marks::{adopt, current_passage, not_found, refresh_located};
use reader::{close_reader, reader};
pub use reader::{doc_changed, doc_reloaded, open, resume_offset, reveal_offset, text_size};
pub use search_bar::{
    HISTORY_MAX, count_ready, found_ready, library_hits_ready, start_with as search_at_start,
};
pub use sidebar::{ask_preview, filter_step, preview_ready, quotes_progress, quotes_ready};

use crate::action::Action;
use crate::bookmarks::Bookmark;
use crate::config::Config;
use crate::effect::Effect;
use crate::model::{Model, Notice, Overlay, Screen};
use crate::place::Position;
use crate::store::Document;
use crate::store::library::Refresh;
use crate::ui::theme::Theme;
use std::sync::Arc;

/// Lines moved by one notch of the mouse wheel.
const WHEEL_LINES: isize = 3;
/// Bytes of text saved with a position, to find the place again in an edited file.
const ANCHOR_BYTES: usize = 64;

/// What the program starts with: the documents and what was saved, as the edge read them.
#[derive(Default)]
pub struct Start {
    pub docs: Vec<Arc<Document>>,
    /// False when a single document was opened: it opens straight in the reader, and `q`
    /// quits.
    pub has_library: bool,
    pub positions: Vec<Position>,
    pub bookmarks: Vec<Bookmark>,
    pub history: Vec<String>,
    /// The configuration's settings (its key bindings, the text width, the sidebar at start).
    pub config: Config,
    /// The theme the configuration and the environment chose.
    pub theme: Theme,
    /// A warning for the first screen (a state file that could not be read, files skipped).
    pub status: Option<String>,
    /// The files listed from the library index, to look at once the list is on screen.
    pub refresh: Option<Refresh>,
    /// A search to run at once (`--search`).
    pub search: Option<String>,
}

impl Start {
    pub fn new(docs: Vec<impl Into<Arc<Document>>>, has_library: bool) -> Start {
        Start {
            docs: docs.into_iter().map(Into::into).collect(),
            has_library,
            ..Start::default()
        }
    }
}

/// The first model, and the effects it asks for once the first frame is out (finding a large
/// document's quotations, checking the library's files, a search).
pub fn init(start: Start) -> (Model, Vec<Effect>) {
    let mut m = Model::new(start.docs, start.has_library, start.positions);
    m.theme = start.theme;
    m.keys = start.config.keys;
    m.text_width = start.config.width;
    m.sidebar.start = start.config.sidebar.shown();
    m.sidebar.shown = m.sidebar.start;
    m.search.history = start.history;
    m.bookmarks = start.bookmarks;
    sort_library(&mut m);
    m.library.selected = 0;
    let mut fx = Vec::new();
    if !m.has_library && !m.docs.is_empty() {
        fx = open(&mut m, 0);
    }
    refresh_located(&mut m);
    m.status = start.status.map(Notice::warning);
    if let Some(r) = start.refresh {
        fx.push(Effect::RefreshLibrary(Box::new(r)));
    }
    if let Some(pattern) = &start.search {
        fx.extend(search_at_start(&mut m, pattern));
    }
    (m, fx)
}

/// Applies one action.
pub fn update(m: &mut Model, action: Action) -> Vec<Effect> {
    if let Action::Resize(w, h) = action {
        m.viewport = (w, h);
        return Vec::new();
    }
    m.status = None;
    if let Action::Input(key) = action {
        return if m.prompt.is_some() {
            marks::prompt_input(m, key)
        } else if m.search.editing {
            search_bar::input(m, key)
        } else {
            Vec::new()
        };
    }
    // Suspending changes nothing in the model; whatever is being typed is there on return.
    if action == Action::Suspend {
        return vec![Effect::Suspend];
    }
    if m.typing() && action != Action::Quit {
        return Vec::new();
    }
    match action {
        Action::Wheel { down, x, y } => return wheel(m, down, x, y),
        Action::Click(x, y) => return click(m, x, y),
        _ => {}
    }
    if action == Action::Quit {
        let mut fx = close_reader(m);
        fx.push(Effect::Quit);
        m.quit = true;
        return fx;
    }
    if m.overlay == Some(Overlay::Bookmarks) {
        return marks::list_keys(m, action);
    }
    if action == Action::Bookmarks {
        marks::open_list(m);
        return Vec::new();
    }
    if m.overlay == Some(Overlay::Outline) {
        return outline::keys(m, action);
    }
    if m.overlay == Some(Overlay::Links) {
        return links::keys(m, action);
    }
    if action == Action::Links {
        links::open(m);
        return Vec::new();
    }
    if action == Action::Outline {
        return outline::open(m);
    }
    if m.overlay.is_some() {
        match action {
            Action::Cancel | Action::ToggleHelp | Action::Back => m.overlay = None,
            Action::LineDown | Action::PageDown | Action::HalfPageDown | Action::WheelDown => {
                m.help_scroll = (m.help_scroll + 1).min(crate::ui::help::max_scroll(m))
            }
            Action::LineUp | Action::PageUp | Action::HalfPageUp | Action::WheelUp => {
                m.help_scroll = m.help_scroll.saturating_sub(1)
            }
            _ => {}
        }
        return Vec::new();
    }
    if action == Action::ToggleHelp {
        m.overlay = Some(Overlay::Help);
        m.help_scroll = 0;
        return Vec::new();
    }
    if m.screen == Screen::Reader
        && m.sidebar.focus
        && m.sidebar_shown()
        && let Some(fx) = sidebar::keys(m, action)
    {
        return fx;
    }
    match m.screen {
        Screen::Library => library(m, action),
        Screen::Reader => reader(m, action),
    }
}

/// The wheel scrolls what is under the pointer: the quote sidebar's list, or else what the
/// wheel always scrolls (the text, the library, a list).
fn wheel(m: &mut Model, down: bool, x: u16, y: u16) -> Vec<Effect> {
    if let crate::ui::Target::Quote(_) = crate::ui::target_at(m, x, y) {
        sidebar::wheel(m, down);
        return Vec::new();
    }
    update(
        m,
        if down {
            Action::WheelDown
        } else {
            Action::WheelUp
        },
    )
}

/// A click selects what is under it (a document, a bookmark, a quotation); a click on what is
/// selected already opens it, as `Enter` would. A click on the text gives it the focus.
fn click(m: &mut Model, x: u16, y: u16) -> Vec<Effect> {
    use crate::ui::Target;
    match crate::ui::target_at(m, x, y) {
        Target::Document(k) if k == m.library.selected => update(m, Action::Open),
        Target::Document(k) => {
            m.library.selected = k;
            Vec::new()
        }
        Target::Bookmark(k) if k == m.marks.selected => update(m, Action::Open),
        Target::Bookmark(k) => {
            m.marks.selected = k;
            Vec::new()
        }
        Target::Quote(Some(i)) => {
            m.sidebar.selected = Some(i);
            m.sidebar.focus = true;
            sidebar::keys(m, Action::Open).unwrap_or_default()
        }
        Target::Quote(None) => {
            m.sidebar.focus = true;
            Vec::new()
        }
        Target::Elsewhere => {
            if m.overlay.is_none() {
                m.sidebar.focus = false;
            }
            Vec::new()
        }
    }
}
