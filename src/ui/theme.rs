//! Colours and styles in one place, using the terminal's own palette so light and dark themes
//! both stay readable.

use ratatui::style::{Color, Modifier, Style};

/// How the terminal shows things, from its environment (`Look::from_env`, at the edge).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Look {
    /// False with `NO_COLOR` set: every highlight is then told apart by attributes alone
    /// (reverse video, bold, underline), which every style here carries as well as its colour.
    pub colour: bool,
    /// A light background (from `COLORFGBG`), for tints that must read on it.
    pub light: bool,
}

impl Default for Look {
    fn default() -> Look {
        Look {
            colour: true,
            light: false,
        }
    }
}

impl Look {
    /// From `NO_COLOR` (<https://no-color.org>: set and not empty) and `COLORFGBG` (`fg;bg`,
    /// set by rxvt, Konsole and others; a background of 7 or 9–15 is light).
    pub fn from_env(no_color: Option<&str>, colorfgbg: Option<&str>) -> Look {
        let light = colorfgbg
            .and_then(|v| v.rsplit(';').next())
            .and_then(|bg| bg.trim().parse::<u8>().ok())
            .is_some_and(|bg| bg == 7 || (9..=15).contains(&bg));
        Look {
            colour: no_color.is_none_or(str::is_empty),
            light,
        }
    }
}

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

/// A notice of something not done (not saved, not read): it must not pass for a hint.
pub fn warning() -> Style {
    Style::new()
        .fg(Color::Red)
        .add_modifier(Modifier::BOLD | Modifier::REVERSED)
}

/// The style of a status-line notice of `kind`.
pub fn notice(kind: crate::model::NoticeKind) -> Style {
    match kind {
        crate::model::NoticeKind::Info => message(),
        crate::model::NoticeKind::Warning => warning(),
    }
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

/// The selected quotation in the text: black on yellow, drawn as yellow on black reversed so
/// that without colour it is still reverse video.
pub fn selected_quote() -> Style {
    Style::new()
        .fg(Color::Yellow)
        .bg(Color::Black)
        .add_modifier(Modifier::REVERSED)
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

/// A search match in the text (underlined, for when there is no colour).
pub fn search_match() -> Style {
    Style::new()
        .fg(Color::Black)
        .bg(Color::Cyan)
        .add_modifier(Modifier::UNDERLINED)
}

/// The current search match: black on magenta, reversed as `selected_quote` is.
pub fn current_match() -> Style {
    Style::new()
        .fg(Color::Magenta)
        .bg(Color::Black)
        .add_modifier(Modifier::REVERSED | Modifier::BOLD | Modifier::UNDERLINED)
}

/// A bookmarked passage: a subtle tint, darker or lighter than the background. (Without
/// colour the gutter's `▐` marks it.)
pub fn bookmarked(look: Look) -> Style {
    Style::new().bg(Color::Indexed(if look.light { 254 } else { 236 }))
}

/// The gutter mark beside a bookmarked passage.
pub fn bookmark_mark() -> Style {
    Style::new().fg(Color::Yellow)
}

/// Sentences being selected for a bookmark.
pub fn selection() -> Style {
    Style::new().add_modifier(Modifier::REVERSED)
}

#[cfg(test)]
mod tests {
    use super::Look;

    #[test]
    fn look_from_the_environment() {
        assert_eq!(Look::from_env(None, None), Look::default());
        assert!(!Look::from_env(Some("1"), None).colour);
        assert!(
            Look::from_env(Some(""), None).colour,
            "set but empty means colour"
        );
        assert!(Look::from_env(None, Some("0;15")).light);
        assert!(Look::from_env(None, Some("0;default;7")).light);
        assert!(!Look::from_env(None, Some("15;0")).light);
        assert!(!Look::from_env(None, Some("nonsense")).light);
    }
}
