//! The quote sidebar and quotation navigation: selecting, filtering by speaker, jumping.

use super::reveal_offset;
use crate::action::Action;
use crate::effect::Effect;
use crate::model::{Model, Notice, Preview, Quotes, Screen, SpeakerFilter};
use crate::quotes::Quote;
use std::sync::Arc;

/// Scrolls the reader so quotation `i` of the open document is near the top, and selects it.
pub(super) fn reveal(m: &mut Model, i: usize) {
    let Some(start) = m.open_quotes().and_then(|qs| qs.get(i)).map(|q| q.start()) else {
        return;
    };
    reveal_offset(m, start, false);
    m.sidebar.selected = Some(i);
}

/// While the text has the focus, the sidebar follows the reading: its selection is the first
/// quotation on screen (or, with none there, the next one below), so its list shows where the
/// reader is. With the focus in the sidebar, the selection is the user's.
pub(super) fn follow(m: &mut Model) {
    if m.sidebar.focus || !m.sidebar_shown() {
        return;
    }
    if let Some(near) = first_on_screen(m) {
        m.sidebar.selected = Some(near);
    }
}

/// The first listed quotation that reaches the screen, else the last one before it.
fn first_on_screen(m: &Model) -> Option<usize> {
    let top = m.reader.as_ref().map_or(0, |r| r.top_offset);
    let visible = m.visible_quotes();
    let qs = m.open_quotes()?;
    // Quotations are in order and do not overlap, so their ends are in order too.
    visible
        .get(visible.partition_point(|i| qs[i].end() <= top))
        .or(visible.last())
}

/// Called by the event loop when all the quotations of document `doc` have been delivered
/// (`quotes_progress`): those found so far are the whole list.
pub fn quotes_ready(m: &mut Model, doc: usize) {
    if let Some(slot) = m.quotes.get_mut(doc)
        && let Some(Quotes::Pending(p)) = slot.take()
    {
        *slot = Some(Quotes::Ready(p.found));
    }
}

/// Called by the event loop as a background search for quotations gets on: `done` bytes read,
/// with the quotations found since the last call. They are listed and highlighted at once; a
/// preview the search has passed is dropped.
pub fn quotes_progress(m: &mut Model, doc: usize, done: usize, more: Vec<Quote>) {
    let Some(Some(Quotes::Pending(p))) = m.quotes.get_mut(doc) else {
        return;
    };
    let len = m.docs.get(doc).map_or(1, |d| d.len().max(1));
    p.percent = (done.saturating_mul(100) / len).min(99) as u8;
    p.done = done;
    Arc::make_mut(&mut p.found).extend(more);
    if matches!(&p.preview, Preview::Found(r, _) if r.end <= done) {
        p.preview = Preview::None;
    }
}

/// The reader is this far past where the background search has got before a preview of the
/// quotations there is asked for (the search reads that much in a fraction of a second).
const PREVIEW_BEHIND: usize = 4 << 20;
/// A preview is asked for again when fewer than this many bytes of it are left below the top.
const PREVIEW_LEFT: usize = 32 << 10;

/// Asks for the quotations around the reading position (`Effect::PreviewQuotes`) when the
/// background search is far from it, so the text on screen is highlighted without waiting for
/// the search to reach it. One is asked for at a time.
pub fn ask_preview(m: &mut Model) -> Vec<Effect> {
    let Some(r) = m.reader.as_ref().filter(|_| m.screen == Screen::Reader) else {
        return Vec::new();
    };
    let (doc, top) = (r.doc, r.top_offset);
    let docs = &m.docs;
    let Some(Some(Quotes::Pending(p))) = m.quotes.get_mut(doc) else {
        return Vec::new();
    };
    // Where the text ends: a preview up to there covers the last screen, however short.
    let text_end = || {
        docs.get(doc)
            .and_then(|d| d.last_paragraph())
            .map_or(0, |p| p.end)
    };
    let covered = match &p.preview {
        Preview::Asked(_) => true,
        Preview::Found(range, _) => {
            range.start <= top && (top + PREVIEW_LEFT <= range.end || range.end >= text_end())
        }
        Preview::None => false,
    };
    if covered || top < p.done + PREVIEW_BEHIND {
        return Vec::new();
    }
    p.preview = Preview::Asked(top);
    vec![Effect::PreviewQuotes { doc, at: top }]
}

/// Called by the event loop with the quotations found around `range` of `doc` (`ask_preview`).
pub fn preview_ready(m: &mut Model, doc: usize, range: std::ops::Range<usize>, found: Vec<Quote>) {
    if let Some(Some(Quotes::Pending(p))) = m.quotes.get_mut(doc) {
        p.preview = Preview::Found(range, Arc::new(found));
    }
}

/// `]` and `[`: the next or previous quotation after the selected one, or after the top of the
/// page when none is selected (or the selection is out of view).
pub(super) fn jump(m: &mut Model, forward: bool) {
    let visible = m.visible_quotes();
    let pending = m.finding_quotes();
    let Some(qs) = m.open_quotes().cloned() else {
        m.status = Some(Notice::info("no quotations".to_string()));
        return;
    };
    let top = m.reader.as_ref().map_or(0, |r| r.top_offset);
    let from = m
        .sidebar
        .selected
        .map(|s| qs[s].start())
        .filter(|&s| s >= top.saturating_sub(1))
        .unwrap_or(top);
    let has_selection = m
        .sidebar
        .selected
        .is_some_and(|s| qs[s].start() >= top.saturating_sub(1));
    // The visible quotations are in document order: found by halving, not by walking a
    // book's 100,000s from one end.
    let before = visible.partition_point(|i| qs[i].start() < from);
    let target = if forward {
        let after = visible.partition_point(|i| qs[i].start() <= from);
        visible.get(if has_selection { after } else { before })
    } else {
        before.checked_sub(1).and_then(|k| visible.get(k))
    };
    match target {
        Some(i) => {
            reveal(m, i);
            let pos = visible.position(i).map_or(0, |p| p + 1);
            // Who says it, as the sidebar would: with the sidebar hidden, only here.
            let q = &qs[i];
            let who = match q.speaker_name() {
                Some(name) if q.is_sure() => crate::text::sanitize::clean_line(name),
                Some(name) => format!("{}?", crate::text::sanitize::clean_line(name)),
                None => "speaker not found".into(),
            };
            m.status = Some(Notice::info(format!(
                "quotation {pos}/{} · {who}",
                visible.len()
            )));
        }
        None if pending.is_some() => {
            let p = pending.unwrap_or(0);
            m.status = Some(Notice::info(format!("still finding quotations… {p}%")));
        }
        None if let Some(p) = m.filtering() => {
            m.status = Some(Notice::info(format!("still filtering quotations… {p}%")));
        }
        None => {
            m.status = Some(Notice::info(if forward {
                "no more quotations below"
            } else {
                "no more quotations above"
            }))
        }
    }
}

/// The wheel over the sidebar: its list moves three entries, the focus stays where it is.
pub(super) fn wheel(m: &mut Model, down: bool) {
    let visible = m.visible_quotes();
    let pos = m.sidebar.selected.and_then(|s| visible.position(s));
    let to = match (pos, down) {
        (None, _) => 0,
        (Some(p), true) => p + super::WHEEL_LINES as usize,
        (Some(p), false) => p.saturating_sub(super::WHEEL_LINES as usize),
    };
    m.sidebar.selected = visible.get(to.min(visible.len().saturating_sub(1)));
}

/// Keys while the sidebar has the focus. Returns `None` for keys it leaves to the reader.
pub(super) fn keys(m: &mut Model, action: Action) -> Option<Vec<Effect>> {
    let visible = m.visible_quotes();
    let pos = m.sidebar.selected.and_then(|s| visible.position(s));
    let page = usize::from(m.viewport.1 / 2).max(1) / 2;
    let select = |m: &mut Model, p: usize| {
        m.sidebar.selected = visible.get(p.min(visible.len().saturating_sub(1)))
    };
    match action {
        Action::LineDown | Action::WheelDown => select(m, pos.map_or(0, |p| p + 1)),
        Action::LineUp | Action::WheelUp => select(m, pos.map_or(0, |p| p.saturating_sub(1))),
        Action::PageDown | Action::HalfPageDown => select(m, pos.map_or(0, |p| p + page.max(1))),
        Action::PageUp | Action::HalfPageUp => {
            select(m, pos.map_or(0, |p| p.saturating_sub(page.max(1))))
        }
        Action::Top => select(m, 0),
        Action::Bottom => select(m, visible.len().saturating_sub(1)),
        Action::Open => {
            if let Some(s) = m.sidebar.selected {
                reveal(m, s);
                // Over the text, the list would hide the quotation it just went to.
                if m.sidebar_overlays() {
                    hide(m);
                }
            }
        }
        Action::NextSpeaker | Action::PrevSpeaker => {
            cycle_speaker(m, action == Action::NextSpeaker)
        }
        Action::Cancel => {
            if !m.sidebar.query.is_empty() {
                m.sidebar.query.clear();
            } else if !m.sidebar.filter.is_all() {
                m.sidebar.filter = SpeakerFilter::All;
            } else if m.sidebar_overlays() {
                hide(m);
            } else {
                m.sidebar.focus = false;
            }
        }
        _ => return None,
    }
    Some(Vec::new())
}

/// Called by the event loop between frames: takes a step of a filter under way (see
/// `Model::filter_more`), selecting the first quotation to pass when none is selected yet.
/// Returns whether there is more to do.
pub fn filter_step(m: &mut Model) -> bool {
    if m.filtering().is_none() {
        return false;
    }
    let visible = m.filter_more();
    if m.sidebar.selected.is_none() {
        m.sidebar.selected = visible.first();
    }
    m.filtering().is_some()
}

/// Steps the speaker filter through: everyone, each speaker (most quoted first), unattributed.
fn cycle_speaker(m: &mut Model, forward: bool) {
    let speakers = m.speakers();
    if speakers.is_empty() {
        return;
    }
    // Position 0 is "everyone"; 1.. are the speakers.
    let now = speakers
        .iter()
        .position(|(s, _)| m.sidebar.filter.is(s.as_deref()))
        .map_or(0, |p| p + 1);
    let n = speakers.len() + 1;
    let next = if forward {
        (now + 1) % n
    } else {
        (now + n - 1) % n
    };
    m.sidebar.filter = match next {
        0 => SpeakerFilter::All,
        _ => SpeakerFilter::of(speakers[next - 1].0.as_deref()),
    };
    m.sidebar.selected = m.filter_more().first();
    m.status = Some(Notice::info(match &m.sidebar.filter {
        SpeakerFilter::All => "all speakers".to_string(),
        SpeakerFilter::Only(s) => format!("only {s}"),
        SpeakerFilter::Unattributed => "only unattributed quotations".to_string(),
    }));
}

/// Hides the overlaid sidebar and gives the focus back to the text. The choice goes back to
/// the default (hidden where it would overlay), so a wider window shows it beside the text.
fn hide(m: &mut Model) {
    // "never" in the configuration stays never; otherwise the width decides again.
    m.sidebar.shown = m.sidebar.start.filter(|shown| !shown);
    m.sidebar.focus = false;
}

/// `Tab`: shows the sidebar if hidden and moves the focus between it and the reader.
pub(super) fn focus_next(m: &mut Model) {
    if !m.sidebar_shown() {
        m.sidebar.shown = Some(true);
        m.sidebar.focus = true;
    } else if m.sidebar.focus && m.sidebar_overlays() {
        // Back to the text: an overlay would stay over it.
        hide(m);
    } else {
        m.sidebar.focus = !m.sidebar.focus;
    }
    if m.sidebar.focus && m.sidebar.selected.is_none() {
        m.sidebar.selected = first_on_screen(m);
    }
}

/// `s`: shows or hides the sidebar.
pub(super) fn toggle(m: &mut Model) {
    let shown = !m.sidebar_shown();
    m.sidebar.shown = Some(shown);
    if !shown {
        m.sidebar.focus = false;
    }
}
