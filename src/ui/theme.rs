//! Colours and styles in one place, using the terminal's own palette so light and dark themes
//! both stay readable.

use ratatui::style::{Color, Modifier, Style};

pub fn title() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

pub fn dim() -> Style {
    Style::new().fg(Color::DarkGray)
}

pub fn heading() -> Style {
    Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
}

pub fn status_bar() -> Style {
    Style::new().add_modifier(Modifier::REVERSED)
}

pub fn message() -> Style {
    Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
}

pub fn selected() -> Style {
    Style::new().add_modifier(Modifier::REVERSED)
}

pub fn key() -> Style {
    Style::new().fg(Color::Cyan)
}

pub fn focus_border() -> Style {
    Style::new().fg(Color::Cyan)
}

/// A quotation in the text.
pub fn quote() -> Style {
    Style::new().fg(Color::Green)
}

/// The selected quotation, in the text and in the sidebar.
pub fn selected_quote() -> Style {
    Style::new().fg(Color::Black).bg(Color::Yellow)
}

/// A colour per speaker, by rank, so a speaker looks the same everywhere.
pub fn speaker(rank: usize) -> Style {
    const COLOURS: [Color; 6] = [
        Color::Magenta,
        Color::Blue,
        Color::Cyan,
        Color::Red,
        Color::Yellow,
        Color::Green,
    ];
    Style::new()
        .fg(COLOURS[rank % COLOURS.len()])
        .add_modifier(Modifier::BOLD)
}

/// A search match in the text.
pub fn search_match() -> Style {
    Style::new().fg(Color::Black).bg(Color::Cyan)
}

/// The current search match.
pub fn current_match() -> Style {
    Style::new()
        .fg(Color::Black)
        .bg(Color::Magenta)
        .add_modifier(Modifier::BOLD)
}

/// A bookmarked passage: a subtle tint.
pub fn bookmarked() -> Style {
    Style::new().bg(Color::Indexed(236))
}

/// The gutter mark beside a bookmarked passage.
pub fn bookmark_mark() -> Style {
    Style::new().fg(Color::Yellow)
}

/// Sentences being selected for a bookmark.
pub fn selection() -> Style {
    Style::new().add_modifier(Modifier::REVERSED)
}
