//! Default key bindings: one table from key names to actions, used for input and for the help
//! overlay, so the help can never disagree with what the keys do.

use crate::action::{Action, Input};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// (keys, action, what it does). Keys are written as in a config file: `j`, `G`, `ctrl-d`,
/// `space`, `pagedown`.
pub const DEFAULT: &[(&[&str], Action, &str)] = &[
    (
        &["j", "down"],
        Action::LineDown,
        "line down / next document",
    ),
    (&["k", "up"], Action::LineUp, "line up / previous document"),
    (
        &["space", "f", "ctrl-f", "pagedown"],
        Action::PageDown,
        "page down",
    ),
    (&["b", "ctrl-b", "pageup"], Action::PageUp, "page up"),
    (&["ctrl-d"], Action::HalfPageDown, "half page down"),
    (&["ctrl-u"], Action::HalfPageUp, "half page up"),
    (&["g", "home"], Action::Top, "top"),
    (&["G", "end"], Action::Bottom, "bottom"),
    (&["}"], Action::NextParagraph, "next paragraph to top"),
    (&["{"], Action::PrevParagraph, "previous paragraph to top"),
    (
        &["m"],
        Action::Mark,
        "bookmark passage / selection / quotation",
    ),
    (
        &["v"],
        Action::Select,
        "select sentences (j/k or ) ( extend, m marks)",
    ),
    (&[")"], Action::NextSentence, "selection: next sentence"),
    (&["("], Action::PrevSentence, "selection: previous sentence"),
    (
        &["B"],
        Action::Bookmarks,
        "bookmarks (Tab: this document / all)",
    ),
    (&["e"], Action::EditNote, "bookmarks: edit note"),
    (&["d"], Action::Delete, "bookmarks: delete"),
    (&["u"], Action::Undo, "bookmarks: undo delete"),
    (
        &["/"],
        Action::Search,
        "search (sidebar: quotations; library: documents)",
    ),
    (&["n"], Action::NextMatch, "next match"),
    (&["N"], Action::PrevMatch, "previous match"),
    (&["enter"], Action::Open, "open document / go to quotation"),
    (
        &["s"],
        Action::ToggleSidebar,
        "show / hide the quote sidebar",
    ),
    (&["tab"], Action::FocusNext, "focus reader / quote sidebar"),
    (&["]"], Action::NextQuote, "next quotation"),
    (&["["], Action::PrevQuote, "previous quotation"),
    (
        &["l", "right"],
        Action::NextSpeaker,
        "sidebar: next speaker only",
    ),
    (
        &["h", "left"],
        Action::PrevSpeaker,
        "sidebar: previous speaker only",
    ),
    (
        &["o"],
        Action::CycleSort,
        "library: sort by date / title / file",
    ),
    (&["?"], Action::ToggleHelp, "this help"),
    (&["esc"], Action::Cancel, "close overlay"),
    (&["q"], Action::Back, "back to library / quit"),
    (&["ctrl-c"], Action::Quit, "quit"),
    (
        &["ctrl-z"],
        Action::Suspend,
        "suspend to the shell (fg to come back)",
    ),
];

/// Parses a key name such as `ctrl-d`, `G` or `pagedown`.
pub fn parse_key(name: &str) -> Option<(KeyCode, KeyModifiers)> {
    let (mods, key) = match name.strip_prefix("ctrl-") {
        Some(k) => (KeyModifiers::CONTROL, k),
        None => (KeyModifiers::NONE, name),
    };
    let code = match key {
        "down" => KeyCode::Down,
        "up" => KeyCode::Up,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "pagedown" => KeyCode::PageDown,
        "pageup" => KeyCode::PageUp,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "enter" => KeyCode::Enter,
        "esc" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "backspace" => KeyCode::Backspace,
        "space" => KeyCode::Char(' '),
        k if k.chars().count() == 1 => KeyCode::Char(k.chars().next()?),
        _ => return None,
    };
    Some((code, mods))
}

/// The action bound to a key press, if any.
pub fn action_for(key: KeyEvent) -> Option<Action> {
    // Terminals report `G` as shift+g or as plain `G`; the character already says it.
    let mods = match key.code {
        KeyCode::Char(_) => key.modifiers - KeyModifiers::SHIFT,
        _ => key.modifiers,
    };
    DEFAULT.iter().find_map(|(keys, action, _)| {
        keys.iter()
            .any(|k| parse_key(k) == Some((key.code, mods)))
            .then_some(*action)
    })
}

/// What a key does while the search bar takes the keys (`None`: nothing).
pub fn input_for(key: KeyEvent) -> Option<Input> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    Some(match key.code {
        KeyCode::Char('w') if ctrl => Input::DeleteWord,
        KeyCode::Char('u') if ctrl => Input::Clear,
        KeyCode::Char('r') if ctrl => Input::ToggleRegex,
        KeyCode::Char('e') if ctrl => Input::ToggleWord,
        KeyCode::Char('h') if ctrl => Input::Backspace,
        KeyCode::Char('a') if ctrl => Input::Home,
        KeyCode::Char(_) if ctrl => return None,
        KeyCode::Char(c) => Input::Char(c),
        KeyCode::Backspace => Input::Backspace,
        KeyCode::Delete => Input::Delete,
        KeyCode::Left => Input::Left,
        KeyCode::Right => Input::Right,
        KeyCode::Home => Input::Home,
        KeyCode::End => Input::End,
        KeyCode::Up => Input::HistoryBack,
        KeyCode::Down => Input::HistoryForward,
        KeyCode::Enter => Input::Enter,
        KeyCode::Esc => Input::Esc,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_default_key_parses_and_none_is_bound_twice() {
        let mut seen = HashSet::new();
        for (keys, _, _) in DEFAULT {
            for k in *keys {
                let parsed = parse_key(k).unwrap_or_else(|| panic!("bad key name {k}"));
                assert!(seen.insert(parsed), "{k} is bound twice");
            }
        }
    }

    #[test]
    fn shifted_letters_and_control_keys() {
        let g = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(action_for(g), Some(Action::Bottom));
        let cd = KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL);
        assert_eq!(action_for(cd), Some(Action::HalfPageDown));
        let d = KeyEvent::new(KeyCode::Char('d'), KeyModifiers::NONE);
        assert_eq!(action_for(d), Some(Action::Delete), "plain d is not ctrl-d");
        let z = KeyEvent::new(KeyCode::Char('z'), KeyModifiers::NONE);
        assert_eq!(action_for(z), None);
    }

    #[test]
    fn action_names_are_snake_case() {
        let json = serde_json::to_string(&Action::HalfPageDown).unwrap();
        assert_eq!(json, "\"half_page_down\"");
    }
}
