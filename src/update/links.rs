//! The links overlay: where the links on the screen go. Rendered Markdown shows a link's text
//! and not its target; this shows both, for the screen being read.

use super::text_size;
use crate::action::Action;
use crate::effect::Effect;
use crate::model::{Model, Notice, Overlay, Screen};

/// Opens the overlay on the links of the rows on screen, each once, in order.
pub(super) fn open(m: &mut Model) {
    let (w, h) = text_size(m);
    let Some((r, d)) = m.open_doc().filter(|_| m.screen == Screen::Reader) else {
        return;
    };
    let mut items: Vec<(String, String)> = Vec::new();
    for row in r.visible(d, w, h) {
        let wrapped = r.wrapped(d, row.para, w);
        let Some(line) = wrapped.lines.get(row.line) else {
            continue;
        };
        for (range, target) in &wrapped.links {
            let starts_here =
                line.start <= range.start && range.start < line.end.max(line.start + 1);
            let item = (
                wrapped.display.text[range.clone()].to_string(),
                target.clone(),
            );
            if starts_here && !items.contains(&item) {
                items.push(item);
            }
        }
    }
    // A reference link's target is its definition, found in the document (a line
    // `[label]: target`).
    for (_, target) in &mut items {
        if target.starts_with('[')
            && target.ends_with(']')
            && let Some(found) = definition(&d.bytes, target)
        {
            *target = found;
        }
    }
    if items.is_empty() {
        m.status = Some(Notice::info("no links on this screen"));
        return;
    }
    m.links.items = items;
    m.links.first = 0;
    m.overlay = Some(Overlay::Links);
}

pub(super) fn keys(m: &mut Model, action: Action) -> Vec<Effect> {
    let last = m.links.items.len().saturating_sub(1);
    let first = &mut m.links.first;
    match action {
        Action::LineDown | Action::WheelDown => *first = (*first + 1).min(last),
        Action::LineUp | Action::WheelUp => *first = first.saturating_sub(1),
        Action::Top => *first = 0,
        Action::Bottom => *first = last,
        Action::Cancel | Action::Links | Action::Back | Action::Open | Action::ToggleHelp => {
            m.overlay = None
        }
        _ => {}
    }
    Vec::new()
}

/// The target the document defines for a reference `[label]`: what follows `[label]:` at the
/// start of a line.
fn definition(bytes: &[u8], label: &str) -> Option<String> {
    let key = format!("{label}:");
    let mut from = 0;
    while let Some(i) = memchr::memmem::find(&bytes[from..], key.as_bytes()) {
        let at = from + i;
        let line_start = at == 0 || bytes[at - 1] == b'\n';
        if line_start {
            let rest = &bytes[at + key.len()..];
            let end = memchr::memchr(b'\n', rest).unwrap_or(rest.len());
            let target = String::from_utf8_lossy(&rest[..end]).trim().to_string();
            let target = target.split_whitespace().next().unwrap_or("").to_string();
            return Some(target.trim_matches(['<', '>']).to_string());
        }
        from = at + 1;
    }
    None
}
