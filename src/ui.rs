//! `view`: draws the model into a ratatui frame. It only reads the model.

mod help;
mod library;
mod marks;

pub use marks::date;
mod reader;
mod search_bar;
mod sidebar;
pub mod theme;

use crate::model::{Model, Overlay, Screen};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

/// Below this size there is no room for a readable page.
const MIN_WIDTH: u16 = 12;
const MIN_HEIGHT: u16 = 3;

/// Draws the whole screen.
pub fn view(m: &Model, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(frame, area);
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
        Some(Overlay::Help) => help::draw(frame, area, m.help_scroll),
        Some(Overlay::Bookmarks) => marks::draw_list(m, frame, area),
        None => {}
    }
    if m.prompt.is_some() {
        marks::draw_prompt(
            m,
            frame,
            Rect::new(area.x, area.bottom() - 1, area.width, 1),
        );
    }
}

fn too_small(frame: &mut Frame, area: Rect) {
    let msg =
        Paragraph::new(Line::styled("window too small", theme::dim())).wrap(Wrap { trim: true });
    frame.render_widget(msg, area);
}
