//! `update`: the whole behaviour of the program as a pure function of the model and an action.
//! It never touches the terminal, the clock or the disk; it returns `Effect`s for the loop.

mod marks;
mod search_bar;
mod sidebar;

pub use marks::{adopt, current_passage, not_found, refresh_located};
pub use search_bar::{
    HISTORY_MAX, count_ready, found_ready, library_hits_ready, start_with as search_at_start,
};
pub use sidebar::{ask_preview, filter_step, preview_ready, quotes_progress, quotes_ready};

use crate::action::Action;
use crate::bookmarks::Bookmark;
use crate::effect::Effect;
use crate::model::{Model, Overlay, Quotes, Screen, Sort, origin_key};
use crate::place::Position;
use crate::reader::{Reader, geometry};
use crate::store::Document;
use crate::store::library::Refresh;
use crate::ui::theme::Look;
use ratatui::layout::Rect;
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
    pub look: Look,
    /// A message for the first screen (a state file that could not be read).
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
    m.look = start.look;
    m.search.history = start.history;
    m.bookmarks = start.bookmarks;
    sort_library(&mut m);
    m.library.selected = 0;
    let mut fx = Vec::new();
    if !m.has_library && !m.docs.is_empty() {
        fx = open(&mut m, 0);
    }
    refresh_located(&mut m);
    m.status = start.status;
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
    if m.overlay.is_some() {
        match action {
            Action::Cancel | Action::ToggleHelp | Action::Back => m.overlay = None,
            Action::LineDown | Action::PageDown | Action::HalfPageDown | Action::WheelDown => {
                m.help_scroll = (m.help_scroll + 1).min(crate::ui::help::max_scroll(m.viewport))
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

/// The text column's size for the current viewport.
pub fn text_size(m: &Model) -> (u16, u16) {
    let area = Rect::new(0, 0, m.viewport.0, m.viewport.1);
    let g = geometry(crate::panes::panes(area, m.sidebar_shown()).reader);
    (g.text.width, g.text.height)
}

/// Rows of context kept above a place the reader jumps to (a quotation, a match).
const CONTEXT_ROWS: isize = 2;

/// Scrolls the reader so source offset `offset` is on screen, near the top with a little
/// context above. With `keep_if_visible` (search), a page that already shows it stays put.
pub fn reveal_offset(m: &mut Model, offset: usize, keep_if_visible: bool) {
    let (w, h) = text_size(m);
    let Some(r) = m.reader.as_mut() else {
        return;
    };
    let d = &m.docs[r.doc];
    let visible = r.top_offset <= offset && offset < r.bottom_offset(d, w, h) && !d.is_empty();
    if visible && keep_if_visible {
        return;
    }
    r.top_offset = offset;
    r.top_gap = false;
    let row = r.top_row(d, w);
    let last = r.last_top(d, w, h);
    r.set_top(d, row.min(last), w);
    if row <= last {
        r.scroll(d, -CONTEXT_ROWS, w, h);
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

/// Documents up to this size have their quotations found at once when opened; larger ones in
/// the background, so the first screen never waits.
const SYNC_QUOTES: usize = 1 << 20;

fn library(m: &mut Model, action: Action) -> Vec<Effect> {
    let n = m.library.order.len();
    let page = usize::from(m.viewport.1.saturating_sub(4)).max(1);
    let sel = &mut m.library.selected;
    match action {
        Action::LineDown | Action::WheelDown => *sel = (*sel + 1).min(n.saturating_sub(1)),
        Action::LineUp | Action::WheelUp => *sel = sel.saturating_sub(1),
        Action::PageDown => *sel = (*sel + page).min(n.saturating_sub(1)),
        Action::PageUp => *sel = sel.saturating_sub(page),
        Action::HalfPageDown => *sel = (*sel + page / 2).min(n.saturating_sub(1)),
        Action::HalfPageUp => *sel = sel.saturating_sub(page / 2),
        Action::Top => *sel = 0,
        Action::Bottom => *sel = n.saturating_sub(1),
        Action::Open => {
            if let Some(&doc) = m.library.order.get(m.library.selected) {
                if !m.docs[doc].bytes.is_read() {
                    return vec![Effect::Read {
                        doc,
                        then: Action::Open,
                    }];
                }
                let mut fx = open(m, doc);
                fx.extend(search_bar::open_at_first_hit(m));
                return fx;
            }
        }
        Action::Search => search_bar::open_bar(m),
        Action::Cancel if !m.library.query.is_empty() => {
            // Every document again: the filter is what the bar last held, so both go.
            m.library.query.clear();
            m.search.input.clear();
            m.search.cursor = 0;
            m.search.shown = false;
            return search_bar::filter_library(m);
        }
        Action::CycleSort => {
            m.library.sort = match m.library.sort {
                Sort::Date => Sort::Title,
                Sort::Title => Sort::File,
                Sort::File => Sort::Date,
            };
            sort_library(m);
            m.status = Some(format!("sorted by {}", m.library.sort.label()));
        }
        Action::Back => {
            m.quit = true;
            return vec![Effect::Quit];
        }
        _ => {}
    }
    Vec::new()
}

/// Re-sorts the library, keeping the selected document selected.
pub fn sort_library(m: &mut Model) {
    let current = m.library.order.get(m.library.selected).copied();
    let docs = &m.docs;
    let mut order: Vec<usize> = (0..docs.len()).collect();
    match m.library.sort {
        // Stable sorts keep file order among equals. Newest first, undated last; each key is
        // made once, as a number, so the sort reads no document (10,000 of them, each behind
        // its own pointer, took 7 ms of a library's launch).
        Sort::Date => order.sort_by_cached_key(|&i| match docs[i].date() {
            Some(d) => (false, std::cmp::Reverse(date_key(d))),
            None => (true, std::cmp::Reverse((0, 0))),
        }),
        // Keys made once: `to_lowercase` allocates, and a sort asks at every comparison.
        Sort::Title => order.sort_by_cached_key(|&i| docs[i].title.to_lowercase()),
        Sort::File => {}
    }
    m.library.order = order;
    m.library.selected = current
        .and_then(|c| m.library.order.iter().position(|&i| i == c))
        .unwrap_or(0);
}

/// A date as a number that orders like its text: its first 16 bytes, then its length (the
/// dates sidenote reads are all `YYYY-MM-DD`, so this is exact; a longer string would be
/// compared on those bytes alone).
fn date_key(d: &str) -> (u128, usize) {
    let mut b = [0u8; 16];
    let n = d.len().min(16);
    b[..n].copy_from_slice(&d.as_bytes()[..n]);
    (u128::from_be_bytes(b), d.len())
}

/// Opens document `doc` in the reader at its saved position, finding its quotations.
pub fn open(m: &mut Model, doc: usize) -> Vec<Effect> {
    let Some(d) = m.docs.get(doc).cloned() else {
        return Vec::new();
    };
    let d = &*d;
    // A file listed from the library index has been read (`Effect::Read`); it may have gone.
    if let Some(e) = d.bytes.error() {
        m.status = Some(format!("{}: {e}", d.origin));
        return Vec::new();
    }
    m.reader = Some(match m.saved(d) {
        Some(p) => resume(doc, d, p),
        None => Reader::new(doc, d.body_start),
    });
    m.screen = Screen::Reader;
    m.sidebar.selected = None;
    m.sidebar.filter = crate::model::SpeakerFilter::All;
    m.sidebar.focus = false;
    m.selection = None;
    marks::refresh_located(m);
    if m.quotes[doc].is_some() {
        return Vec::new();
    }
    if d.len() <= SYNC_QUOTES {
        let found = crate::quotes::extract(d);
        m.quotes[doc] = Some(Quotes::Ready(std::sync::Arc::new(found)));
        Vec::new()
    } else {
        m.quotes[doc] = Some(Quotes::Pending(Default::default()));
        vec![Effect::ExtractQuotes(doc)]
    }
}

/// A library file changed since it was indexed: its new reading replaces the listed one
/// (unless it is open: its text was read when it was opened, only the listing is old).
pub fn doc_reloaded(m: &mut Model, doc: usize, d: crate::store::Document) {
    if m.reader.as_ref().is_some_and(|r| r.doc == doc) || doc >= m.docs.len() {
        return;
    }
    m.docs[doc] = std::sync::Arc::new(d);
    m.quotes[doc] = None;
    // Its hit count (if filtering) is the old one until the next keystroke recounts.
    search_bar::show_filtered(m);
}

/// Document `doc`'s file changed on disk (or shrank while it was mapped): `d` is what it holds
/// now. It replaces the old reading; a reader on it stays at the same text (found again by
/// its anchor), and its quotations are found again.
pub fn doc_changed(m: &mut Model, doc: usize, d: Document) -> Vec<Effect> {
    if doc >= m.docs.len() {
        return Vec::new();
    }
    let place = m
        .reader
        .as_ref()
        .filter(|r| r.doc == doc)
        .and_then(|_| position_record(m));
    let name = d.origin.short_name();
    m.docs[doc] = std::sync::Arc::new(d);
    m.quotes[doc] = None;
    let mut fx = Vec::new();
    if let Some(p) = place {
        let (screen, sidebar_shown, focus) = (m.screen, m.sidebar.shown, m.sidebar.focus);
        fx = open(m, doc);
        let d = m.docs[doc].clone();
        m.reader = Some(resume(doc, &d, &p));
        m.screen = screen;
        m.sidebar.shown = sidebar_shown;
        m.sidebar.focus = focus;
        // Matches were found in the old text.
        m.search.current = None;
        m.search.count = crate::model::Count::Unknown;
        m.search.generation += 1;
    }
    search_bar::show_filtered(m);
    m.status = Some(format!("{name}: the file changed on disk; reloaded"));
    fx
}

/// A reader on `d` at its saved place `p`: the same top row, gap or line.
fn resume(doc: usize, d: &Document, p: &Position) -> Reader {
    let offset = resume_offset(d, p);
    let mut r = Reader::new(doc, offset);
    r.top_gap = p.gap && offset == p.offset;
    r
}

/// Where to resume: the saved offset if the document is unchanged, else where its anchor text
/// is found nearest the old offset, else the old offset clamped to the text.
pub fn resume_offset(d: &Document, p: &Position) -> usize {
    let body = d.body_start..d.len().max(d.body_start);
    if p.fingerprint == d.fingerprint() {
        return p.offset.clamp(body.start, body.end);
    }
    let anchor = p.anchor.as_bytes();
    if !anchor.is_empty() {
        let hits = d
            .bytes
            .windows(anchor.len())
            .enumerate()
            .filter(|(_, w)| *w == anchor)
            .map(|(i, _)| i);
        if let Some(best) = hits.min_by_key(|&i| i.abs_diff(p.offset)) {
            return best;
        }
    }
    d.paragraph_at(p.offset.clamp(body.start, body.end))
        .map_or(body.start, |q| q.start)
}

/// The record that saves the reader's current place.
fn position_record(m: &Model) -> Option<Position> {
    let (r, d) = m.open_doc()?;
    let (w, h) = text_size(m);
    let start = r.top_offset.min(d.len());
    let mut end = (start + ANCHOR_BYTES).min(d.len());
    while end > start && std::str::from_utf8(&d.bytes[start..end]).is_err() {
        end -= 1;
    }
    Some(Position {
        fingerprint: d.fingerprint().to_string(),
        path: origin_key(d),
        offset: r.top_offset,
        gap: r.top_gap,
        anchor: String::from_utf8_lossy(&d.bytes[start..end]).into_owned(),
        progress: f32::from(r.percent(d, w, h)) / 100.0,
        updated: 0,
    })
}

/// Leaves the reader, saving its place.
fn close_reader(m: &mut Model) -> Vec<Effect> {
    let Some(rec) = position_record(m) else {
        return Vec::new();
    };
    // A place left in this run is newer than any loaded at launch, whatever the stamps say
    // (the app stamps the time only when it saves), so it replaces the document's record.
    m.positions.retain(|p| p.fingerprint != rec.fingerprint);
    m.positions.push(rec.clone());
    m.reader = None;
    vec![Effect::SavePosition(rec)]
}

fn reader(m: &mut Model, action: Action) -> Vec<Effect> {
    let (w, h) = text_size(m);
    let page = h.saturating_sub(2).max(1) as isize;
    if m.selection.is_some() {
        match action {
            Action::LineDown | Action::NextSentence => return marks::extend(m, true),
            Action::LineUp | Action::PrevSentence => return marks::extend(m, false),
            Action::Cancel => {
                m.selection = None;
                return Vec::new();
            }
            _ => {}
        }
    }
    match action {
        Action::Mark => {
            marks::mark(m);
            return Vec::new();
        }
        Action::Select => {
            marks::select(m);
            return Vec::new();
        }
        _ => {}
    }
    if let Some(fx) = search_bar::reader_keys(m, action) {
        return fx;
    }
    let Some(r) = m.reader.as_mut() else {
        return Vec::new();
    };
    let Some(d) = m.docs.get(r.doc) else {
        return Vec::new();
    };
    let moves = matches!(
        action,
        Action::LineDown
            | Action::LineUp
            | Action::WheelDown
            | Action::WheelUp
            | Action::PageDown
            | Action::PageUp
            | Action::HalfPageDown
            | Action::HalfPageUp
            | Action::Top
            | Action::Bottom
            | Action::NextParagraph
            | Action::PrevParagraph
    );
    match action {
        Action::LineDown => r.scroll(d, 1, w, h),
        Action::LineUp => r.scroll(d, -1, w, h),
        Action::WheelDown => r.scroll(d, WHEEL_LINES, w, h),
        Action::WheelUp => r.scroll(d, -WHEEL_LINES, w, h),
        Action::PageDown => r.scroll(d, page, w, h),
        Action::PageUp => r.scroll(d, -page, w, h),
        Action::HalfPageDown => r.scroll(d, (h / 2).max(1) as isize, w, h),
        Action::HalfPageUp => r.scroll(d, -((h / 2).max(1) as isize), w, h),
        Action::Top => r.to_start(d.first_paragraph().map_or(d.body_start, |p| p.start)),
        Action::Bottom => {
            let last = r.last_top(d, w, h);
            r.set_top(d, last, w);
        }
        Action::NextParagraph => {
            let top = r.top_row(d, w);
            if let Some(p) = d.paragraph_at(top.para).and_then(|p| d.paragraph_after(&p)) {
                r.to_start(p.start);
            }
        }
        Action::PrevParagraph => {
            let top = r.top_row(d, w);
            let here = d.paragraph_at(top.para);
            let para = if top.line > 0 || r.top_gap {
                here
            } else {
                here.and_then(|p| d.paragraph_before(&p)).or(here)
            };
            if let Some(p) = para {
                r.to_start(p.start);
            }
        }
        Action::ToggleSidebar => sidebar::toggle(m),
        Action::FocusNext => sidebar::focus_next(m),
        Action::NextQuote => sidebar::jump(m, true),
        Action::PrevQuote => sidebar::jump(m, false),
        Action::Back => {
            let fx = close_reader(m);
            if m.has_library {
                m.screen = Screen::Library;
            } else {
                m.quit = true;
                return fx.into_iter().chain([Effect::Quit]).collect();
            }
            return fx;
        }
        _ => {}
    }
    if moves {
        sidebar::follow(m);
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::date_key;

    proptest::proptest! {
        #[test]
        fn date_keys_order_as_the_dates_do(a in "[0-9\\-T:\u{0}a]{0,16}", b in "[0-9\\-T:\u{0}a]{0,16}") {
            proptest::prop_assert_eq!(date_key(&a).cmp(&date_key(&b)), a.cmp(&b));
        }
    }
}
