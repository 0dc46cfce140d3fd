//! The `?` overlay: every key, generated from the key table itself. Two columns when the
//! terminal is wide; otherwise one, scrolled with the usual keys when it does not fit.

use crate::action::Action;
use crate::keymap::{self, Keymap};
use crate::model::Model;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

/// Width of one column: keys, then what they do.
const KEYS_W: usize = 20;
const COLUMN_W: u16 = 68;
/// Below this many columns inside the frame, keys go on a line of their own.
const STACKED_BELOW: usize = 50;

/// Every entry: a heading per key table, then its keys and what they do, generated from the
/// tables in effect so the help cannot disagree with the keys.
fn entries(keys: &Keymap) -> Vec<(Option<String>, &'static str)> {
    let mut out = vec![(None, "Reading, the library, the quote sidebar, bookmarks")];
    // An action left without a key is not listed: the help lists keys.
    for (keys, _, what) in keys.entries().filter(|(k, _, _)| !k.is_empty()) {
        out.push((Some(names(keys)), what));
    }
    out.push((None, ""));
    out.push((None, "In the search bar and the note and filter prompts"));
    for (keys, _, what) in keymap::BAR {
        out.push((Some(names(keys)), what));
    }
    out
}

fn names(keys: &[impl AsRef<str>]) -> String {
    keys.iter()
        .map(|k| keymap::display_name(k.as_ref()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The help's lines for a column `width` wide: descriptions wrapped, never cut.
fn lines(m: &Model, width: usize) -> Vec<Line<'static>> {
    let stacked = width < STACKED_BELOW;
    let indent = if stacked { 2 } else { KEYS_W };
    let text_w = width.saturating_sub(indent).max(8);
    let mut out = Vec::new();
    for (keys, what) in entries(&m.keys) {
        let Some(keys) = keys else {
            if what.is_empty() {
                out.push(Line::raw(""));
            }
            for r in crate::text::layout::wrap(what, width.max(8)) {
                out.push(Line::styled(what[r].to_string(), m.theme.title));
            }
            continue;
        };
        let wrapped = crate::text::layout::wrap(what, text_w);
        if stacked {
            out.push(Line::styled(keys.clone(), m.theme.key));
        }
        for (i, r) in wrapped.iter().enumerate() {
            let lead = if stacked || i > 0 {
                " ".repeat(indent)
            } else {
                format!("{keys:<KEYS_W$}")
            };
            let style = if stacked || i > 0 {
                Style::new()
            } else {
                m.theme.key
            };
            out.push(Line::from(vec![
                Span::styled(lead, style),
                Span::raw(what[r.clone()].to_string()),
            ]));
        }
    }
    out
}

/// The help laid out in `area`: its frame, its lines, whether they go in two columns, and how
/// many rows a column holds.
struct Layout {
    popup: Rect,
    lines: Vec<Line<'static>>,
    two: bool,
    per_col: usize,
}

fn layout(m: &Model, area: Rect) -> Layout {
    let two = area.width >= 2 * COLUMN_W + 4;
    let w = if two {
        2 * COLUMN_W + 3
    } else {
        area.width.min(COLUMN_W + 2)
    };
    let col = if two { COLUMN_W } else { w.saturating_sub(2) };
    let lines = lines(m, usize::from(col));
    let per_col = if two {
        lines.len().div_ceil(2)
    } else {
        lines.len()
    };
    let h = area.height.min(per_col as u16 + 2);
    let popup = super::centered(area, w, h);
    Layout {
        popup,
        lines,
        two,
        per_col,
    }
}

/// How far the help scrolls in a terminal of `size`: the rows that do not fit.
pub fn max_scroll(m: &Model) -> u16 {
    let l = layout(m, Rect::new(0, 0, m.viewport.0, m.viewport.1));
    if l.two {
        return 0;
    }
    (l.per_col as u16).saturating_sub(l.popup.height.saturating_sub(2))
}

pub fn draw(m: &Model, frame: &mut Frame, area: Rect) {
    let scroll = m.help_scroll;
    let Layout {
        popup,
        lines: entries,
        two,
        per_col,
    } = layout(m, area);
    let inner_h = popup.height.saturating_sub(2);
    let scroll = if two {
        0
    } else {
        scroll.min((per_col as u16).saturating_sub(inner_h))
    };
    let more = !two && (per_col as u16) > inner_h + scroll;
    let key = |a| m.keys.hint(a).unwrap_or_default();
    let closes = format!("{} closes", key(Action::Cancel));
    let title = if more {
        format!(
            " keys · {}/{} scroll · {closes} ",
            key(Action::LineDown),
            key(Action::LineUp)
        )
    } else {
        format!(" keys · {closes} ")
    };
    let block = Block::default().borders(Borders::ALL).title(title);
    let inner = super::overlay(frame, popup, block);
    if two {
        let (left, right) = entries.split_at(per_col);
        let lw = COLUMN_W.min(inner.width);
        frame.render_widget(Paragraph::new(left.to_vec()), Rect { width: lw, ..inner });
        let rx = inner.x + lw + 1;
        frame.render_widget(
            Paragraph::new(right.to_vec()),
            Rect {
                x: rx,
                width: inner.right().saturating_sub(rx),
                ..inner
            },
        );
    } else {
        frame.render_widget(Paragraph::new(entries).scroll((scroll, 0)), inner);
    }
}
