//! The outline overlay: the open document's headings, the one the reader is in selected; the
//! usual keys move, `Enter` goes to a heading.

use super::reader::to_top;
use crate::action::Action;
use crate::effect::Effect;
use crate::model::{Model, Notice, Overlay, Screen};
use crate::store::outline::{Heading, current, outline};
use std::sync::Arc;

/// Documents up to this size have their headings found at once; a larger one's are found off
/// the input path (a read through all of it), so no key waits on it.
const SYNC_OUTLINE: usize = 4 << 20;

/// Opens the outline of the open document, on the heading the top of the screen is under.
pub(super) fn open(m: &mut Model) -> Vec<Effect> {
    let Some((r, d)) = m.open_doc().filter(|_| m.screen == Screen::Reader) else {
        m.status = Some(Notice::info("open a document to see its outline"));
        return Vec::new();
    };
    let (doc, len) = (r.doc, d.len());
    let known = m
        .outline
        .of
        .upgrade()
        .is_some_and(|of| Arc::ptr_eq(&of, &m.docs[doc]));
    if known {
        show(m);
    } else if len <= SYNC_OUTLINE {
        let headings = outline(&m.docs[doc]);
        outline_ready(m, doc, headings);
    } else if !m.outline.finding {
        m.outline.finding = true;
        m.status = Some(Notice::info("finding the headings…"));
        return vec![Effect::FindOutline(doc)];
    }
    Vec::new()
}

/// Document `doc`'s headings are found: kept, and shown if it is still the one being read.
pub fn outline_ready(m: &mut Model, doc: usize, headings: Vec<Heading>) {
    let Some(d) = m.docs.get(doc) else {
        return;
    };
    m.outline.of = Arc::downgrade(d);
    m.outline.headings = headings;
    m.outline.finding = false;
    let reading = m.screen == Screen::Reader && m.reader.as_ref().is_some_and(|r| r.doc == doc);
    if reading && m.overlay.is_none() {
        show(m);
    }
}

/// Shows the outline the model holds, on the heading the top of the screen is under.
fn show(m: &mut Model) {
    if m.outline.headings.is_empty() {
        m.status = Some(Notice::info("no headings or chapters in this document"));
        return;
    }
    let top = m.reader.as_ref().map_or(0, |r| r.top_offset);
    m.outline.selected = current(&m.outline.headings, top).unwrap_or(0);
    m.overlay = Some(Overlay::Outline);
}

pub(super) fn keys(m: &mut Model, action: Action) -> Vec<Effect> {
    let last = m.outline.headings.len().saturating_sub(1);
    let page = usize::from(m.viewport.1.saturating_sub(4)).max(1);
    let sel = &mut m.outline.selected;
    match action {
        Action::LineDown | Action::WheelDown => *sel = (*sel + 1).min(last),
        Action::LineUp | Action::WheelUp => *sel = sel.saturating_sub(1),
        Action::PageDown | Action::HalfPageDown => *sel = (*sel + page).min(last),
        Action::PageUp | Action::HalfPageUp => *sel = sel.saturating_sub(page),
        Action::Top => *sel = 0,
        Action::Bottom => *sel = last,
        Action::Open => {
            m.overlay = None;
            if let Some(h) = m.outline.headings.get(m.outline.selected) {
                to_top(m, h.offset);
            }
        }
        Action::Cancel | Action::Outline | Action::Back | Action::ToggleHelp => m.overlay = None,
        _ => {}
    }
    Vec::new()
}
