//! The `?` overlay: every key, generated from the key table itself. Two columns when the
//! terminal is wide; otherwise one, scrolled with the usual keys when it does not fit.

use super::theme;
use crate::keymap;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

/// Width of one column: keys, then what they do.
const KEYS_W: usize = 20;
const COLUMN_W: u16 = 68;

fn entry(keys: &[&str], what: &str) -> Line<'static> {
    Line::from(vec![
        // `^f` as in less's own help, so the key column stays narrow.
        Span::styled(
            format!("{:<KEYS_W$}", keys.join(" ").replace("ctrl-", "^")),
            theme::key(),
        ),
        Span::raw(what.to_string()),
    ])
}

pub fn draw(frame: &mut Frame, area: Rect, scroll: u16) {
    let entries: Vec<Line> = keymap::DEFAULT
        .iter()
        .map(|(keys, _, what)| entry(keys, what))
        .collect();
    let two = area.width >= 2 * COLUMN_W + 4;
    let per_col = if two {
        entries.len().div_ceil(2)
    } else {
        entries.len()
    };
    let w = if two {
        2 * COLUMN_W + 3
    } else {
        area.width.min(COLUMN_W + 2)
    };
    let h = area.height.min(per_col as u16 + 2);
    let popup = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    let inner_h = h.saturating_sub(2);
    let scroll = if two {
        0
    } else {
        scroll.min((per_col as u16).saturating_sub(inner_h))
    };
    let more = !two && (per_col as u16) > inner_h + scroll;
    let title = if more {
        " keys · j/k scroll · mouse wheel scrolls text · Esc closes "
    } else {
        " keys · mouse wheel scrolls text · Esc closes "
    };
    let block = Block::default().borders(Borders::ALL).title(title);
    frame.render_widget(Clear, popup);
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
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
