//! `view`: draws the model into a ratatui frame. It only reads the model.

pub mod help;
mod library;
mod links;
mod marks;
mod outline;

mod reader;
mod search_bar;
mod sidebar;
pub mod theme;

use crate::model::{Model, Overlay, Screen};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

/// Below this size there is no room for a readable page.
const MIN_WIDTH: u16 = 12;
const MIN_HEIGHT: u16 = 3;

/// Draws the whole screen.
pub fn view(m: &Model, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(m, frame, area);
        return;
    }
    match m.screen {
        Screen::Library => library::draw(m, frame, area),
        Screen::Reader => {
            let panes = crate::panes::panes(area, m.sidebar_shown());
            reader::draw(m, frame, panes.reader, area);
            if let Some(side) = panes.sidebar {
                sidebar::draw(m, frame, side);
            }
        }
    }
    match m.overlay {
        Some(Overlay::Help) => help::draw(m, frame, area),
        Some(Overlay::Bookmarks) => marks::draw_list(m, frame, area),
        Some(Overlay::Outline) => outline::draw(m, frame, area),
        Some(Overlay::Links) => links::draw(m, frame, area),
        None => {}
    }
    if m.prompt.is_some() {
        marks::draw_prompt(
            m,
            frame,
            Rect::new(area.x, area.bottom() - 1, area.width, 1),
        );
    }
    if !m.theme.colour {
        // One place, so no widget can forget it; what tells highlights apart is their
        // attributes, which stay.
        for cell in &mut frame.buffer_mut().content {
            cell.set_fg(ratatui::style::Color::Reset)
                .set_bg(ratatui::style::Color::Reset);
        }
    }
}

/// What is at a cell of the screen, for the mouse.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// A row of the library: its position in the list.
    Document(usize),
    /// An entry of the bookmark list: its position in the list.
    Bookmark(usize),
    /// A quotation of the sidebar (its index), or the sidebar elsewhere.
    Quote(Option<usize>),
    /// The text, or anything else.
    Elsewhere,
}

/// What is at (`x`, `y`) on the screen the model draws: the same layout as `view`.
pub fn target_at(m: &Model, x: u16, y: u16) -> Target {
    let area = Rect::new(0, 0, m.viewport.0, m.viewport.1);
    if area.width < MIN_WIDTH
        || area.height < MIN_HEIGHT
        || matches!(
            m.overlay,
            Some(Overlay::Help | Overlay::Outline | Overlay::Links)
        )
    {
        return Target::Elsewhere;
    }
    if m.overlay == Some(Overlay::Bookmarks) {
        return marks::entry_at(m, area, x, y).map_or(Target::Elsewhere, Target::Bookmark);
    }
    match m.screen {
        Screen::Library => library::row_at(m, area, y).map_or(Target::Elsewhere, Target::Document),
        Screen::Reader => match crate::panes::panes(area, m.sidebar_shown()).sidebar {
            Some(side) if side.contains(ratatui::layout::Position::new(x, y)) => {
                Target::Quote(sidebar::quote_at(m, side, y))
            }
            _ => Target::Elsewhere,
        },
    }
}

fn too_small(m: &Model, frame: &mut Frame, area: Rect) {
    let msg =
        Paragraph::new(Line::styled("window too small", m.theme.dim)).wrap(Wrap { trim: true });
    frame.render_widget(msg, area);
}

/// A `w`×`h` box centred in `area` (for an overlay).
pub(super) fn centered(area: Rect, w: u16, h: u16) -> Rect {
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// Draws an overlay's `block` over what is under `popup`; returns the room inside it.
pub(super) fn overlay(frame: &mut Frame, popup: Rect, block: ratatui::widgets::Block) -> Rect {
    frame.render_widget(ratatui::widgets::Clear, popup);
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    inner
}

/// Cuts `s` to `max` cells between grapheme clusters, ending in `…` when cut.
pub(super) fn fit(s: &str, max: usize) -> String {
    if crate::text::layout::width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    format!("{}…", crate::text::layout::cut(s, max - 1).0)
}

/// Status-line hints for `actions` with the keys in effect: `  Enter:open  /:search`. An
/// action without a key is left out.
pub(super) fn hints(m: &Model, actions: &[(crate::action::Action, &str)]) -> String {
    actions
        .iter()
        .filter_map(|(a, what)| Some(format!("  {}:{what}", m.keys.hint(*a)?)))
        .collect()
}

/// `1 quotation`, `2 quotations`.
pub(super) fn counted(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// `1,700`: a count a reader takes in at a glance.
pub(super) fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `Buffer::set_line`, with printable ASCII written a byte to a cell: most text is, and splitting
/// it into graphemes and measuring each was a fifth of the time of a key press. Anything else
/// (wide characters, combining marks) goes through `set_stringn`.
pub(super) fn put_line(buf: &mut Buffer, x: u16, y: u16, line: &Line, width: u16) {
    let end = x.saturating_add(width).min(buf.area.right());
    if line.style != Style::default() {
        // As `set_line`: the line's own style covers the whole row.
        buf.set_style(Rect::new(x, y, end.saturating_sub(x), 1), line.style);
    }
    let mut at = x;
    for span in &line.spans {
        if at >= end {
            break;
        }
        let style = line.style.patch(span.style);
        let text = span.content.as_ref();
        if text.bytes().all(|b| (0x20..0x7f).contains(&b)) {
            for b in text.bytes().take(usize::from(end - at)) {
                buf[(at, y)].set_char(char::from(b)).set_style(style);
                at += 1;
            }
        } else {
            at = buf.set_stringn(at, y, text, usize::from(end - at), style).0;
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_are_grouped() {
        let t = super::thousands;
        assert_eq!(
            [t(0), t(999), t(1_000), t(1_700), t(1_234_567)],
            ["0", "999", "1,000", "1,700", "1,234,567"]
        );
    }
}
