//! The `?` overlay: every key, generated from the key table itself.

use super::theme;
use crate::keymap;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

pub fn draw(frame: &mut Frame, area: Rect) {
    let lines: Vec<Line> = keymap::DEFAULT
        .iter()
        .map(|(keys, _, what)| {
            Line::from(vec![
                Span::styled(format!("{:<20}", keys.join(" ")), theme::key()),
                Span::raw(*what),
            ])
        })
        .collect();
    let w = area.width.min(60);
    let h = area.height.min(lines.len() as u16 + 2);
    let popup = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .title(" keys · mouse wheel scrolls · Esc closes ");
    frame.render_widget(Clear, popup);
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}
