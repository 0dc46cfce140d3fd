//! The reader: opening and closing a document (where it was left), its keys, and keeping a
//! place in view.

use super::{ANCHOR_BYTES, WHEEL_LINES, marks, search_bar, sidebar};
use crate::action::Action;
use crate::effect::Effect;
use crate::model::reader::{Reader, geometry};
use crate::model::{Model, Notice, Quotes, Screen, origin_key};
use crate::place::Position;
use crate::store::Document;
use ratatui::layout::Rect;

/// The text column's size for the current viewport.
pub fn text_size(m: &Model) -> (u16, u16) {
    let area = Rect::new(0, 0, m.viewport.0, m.viewport.1);
    let g = geometry(
        crate::panes::panes(area, m.sidebar_shown()).reader,
        m.text_width,
    );
    (g.text.width, g.text.height)
}

/// Rows of context kept above a place the reader jumps to (a quotation, a match).
pub(super) const CONTEXT_ROWS: isize = 2;

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
    if to_top(m, offset) {
        let r = m.reader.as_mut().expect("a reader");
        r.scroll(&m.docs[r.doc], -CONTEXT_ROWS, w, h);
    }
}

/// Scrolls the reader so the line holding `offset` is the top one, or as near as the end of
/// the document allows; true when it is the top one.
pub(super) fn to_top(m: &mut Model, offset: usize) -> bool {
    let (w, h) = text_size(m);
    let Some(r) = m.reader.as_mut() else {
        return false;
    };
    let d = &m.docs[r.doc];
    r.top_offset = offset;
    r.top_gap = false;
    let row = r.top_row(d, w);
    let last = r.last_top(d, w, h);
    r.set_top(d, row.min(last), w);
    row <= last
}

/// Documents up to this size have their quotations found at once when opened; larger ones in
/// the background, so the first screen never waits.
pub(super) const SYNC_QUOTES: usize = 1 << 20;

/// Opens document `doc` in the reader at its saved position, finding its quotations.
pub fn open(m: &mut Model, doc: usize) -> Vec<Effect> {
    let Some(d) = m.docs.get(doc).cloned() else {
        return Vec::new();
    };
    let d = &*d;
    // A file listed from the library index has been read (`Effect::Read`); it may have gone.
    if let Some(e) = d.bytes.error() {
        m.status = Some(Notice::warning(format!("{}: {e}", d.origin)));
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
    m.status = Some(Notice::info(format!(
        "{name}: the file changed on disk; reloaded"
    )));
    fx
}

/// A reader on `d` at its saved place `p`: the same top row, gap or line.
pub(super) fn resume(doc: usize, d: &Document, p: &Position) -> Reader {
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
pub(super) fn position_record(m: &Model) -> Option<Position> {
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
pub(super) fn close_reader(m: &mut Model) -> Vec<Effect> {
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

pub(super) fn reader(m: &mut Model, action: Action) -> Vec<Effect> {
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
