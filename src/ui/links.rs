//! The links overlay: each link on the screen, its text and, under it, where it goes.

use super::{centered, fit, hints, overlay};
use crate::action::Action;
use crate::model::Model;
use crate::text::sanitize::clean_line;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

const WIDTH: u16 = 100;

pub(super) fn draw(m: &Model, frame: &mut Frame, area: Rect) {
    let l = &m.links;
    let w = area.width.min(WIDTH + 2);
    let h = area
        .height
        .min(2 * l.items.len() as u16 + 2)
        .max(3.min(area.height));
    let popup = centered(area, w, h);
    let keys = hints(m, &[(Action::Cancel, "closes")]);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" Links on this screen ·{keys} "))
        .border_style(m.theme.focus_border);
    let inner = overlay(frame, popup, block);
    let text_w = usize::from(inner.width);
    let lines: Vec<Line> = l
        .items
        .iter()
        .skip(l.first)
        .flat_map(|(text, target)| {
            [
                Line::from(Span::styled(fit(&clean_line(text), text_w), m.theme.link)),
                Line::from(Span::styled(
                    fit(&format!("  → {}", clean_line(target)), text_w),
                    m.theme.dim,
                )),
            ]
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
