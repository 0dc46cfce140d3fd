//! The outline overlay: the document's headings, indented by depth, the one the reader is in
//! marked, the selected one highlighted.

use super::{centered, fit, hints, overlay};
use crate::action::Action;
use crate::model::Model;
use crate::text::sanitize::clean_line;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

const WIDTH: u16 = 72;

pub(super) fn draw(m: &Model, frame: &mut Frame, area: Rect) {
    let o = &m.outline;
    let w = area.width.min(WIDTH + 2);
    let h = area
        .height
        .min(o.headings.len() as u16 + 2)
        .max(3.min(area.height));
    let popup = centered(area, w, h);
    let keys = hints(m, &[(Action::Open, "go"), (Action::Cancel, "closes")]);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" Outline ·{keys} "))
        .border_style(m.theme.focus_border);
    let inner = overlay(frame, popup, block);
    let rows = usize::from(inner.height);
    // The selected heading stays in view, a third of the way down where it can.
    let first = o
        .selected
        .saturating_sub(rows / 3)
        .min(o.headings.len().saturating_sub(rows));
    let current = m
        .reader
        .as_ref()
        .and_then(|r| crate::store::outline::current(&o.headings, r.top_offset));
    let text_w = usize::from(inner.width);
    let lines: Vec<Line> = o
        .headings
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .map(|(i, heading)| {
            let mark = if Some(i) == current { "▶ " } else { "  " };
            let indent = "  ".repeat(usize::from(heading.level.saturating_sub(1)).min(6));
            let text = fit(
                &format!("{mark}{indent}{}", clean_line(&heading.title)),
                text_w,
            );
            let style = if i == o.selected {
                m.theme.selected
            } else if heading.level == 1 {
                m.theme.title
            } else {
                ratatui::style::Style::new()
            };
            // Padded to the width so the selection bar spans the row, wide characters counted.
            let pad = text_w.saturating_sub(crate::text::layout::width(&text));
            Line::from(Span::styled(format!("{text}{}", " ".repeat(pad)), style))
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
