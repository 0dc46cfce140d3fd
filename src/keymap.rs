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

/// The keys of the search bar and of the note and filter prompts, the same way: (keys, what the
/// key does to the line, what it does). Other keys type themselves.
pub const BAR: &[(&[&str], Input, &str)] = &[
    (
        &["enter"],
        Input::Enter,
        "search: keep the place and the highlights",
    ),
    (&["esc"], Input::Esc, "search: back to where it began"),
    (
        &["ctrl-r"],
        Input::ToggleRegex,
        "regular expression on / off",
    ),
    (&["ctrl-e"], Input::ToggleWord, "whole words on / off"),
    (&["up"], Input::HistoryBack, "an earlier search"),
    (&["down"], Input::HistoryForward, "a later search"),
    (
        &["backspace", "ctrl-h"],
        Input::Backspace,
        "delete the character before",
    ),
    (&["delete"], Input::Delete, "delete the character under"),
    (&["ctrl-w"], Input::DeleteWord, "delete the word before"),
    (&["ctrl-u"], Input::Clear, "clear the line"),
    (&["left"], Input::Left, "cursor left"),
    (&["right"], Input::Right, "cursor right"),
    (&["home", "ctrl-a"], Input::Home, "cursor to the start"),
    (&["end"], Input::End, "cursor to the end"),
];

/// A key name as the help shows it: `^d`, `↑`.
pub fn display_name(name: &str) -> String {
    let name = name.replace("ctrl-", "^");
    match name.as_str() {
        "up" => "↑".into(),
        "down" => "↓".into(),
        "left" => "←".into(),
        "right" => "→".into(),
        _ => name,
    }
}

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
        "delete" => KeyCode::Delete,
        "space" => KeyCode::Char(' '),
        k if k.chars().count() == 1 => KeyCode::Char(k.chars().next()?),
        _ => return None,
    };
    Some((code, mods))
}

/// What `table` binds to a key press, if anything.
fn bound<T: Copy>(table: &[(&[&str], T, &str)], key: KeyEvent) -> Option<T> {
    // Terminals report `G` as shift+g or as plain `G`; the character already says it.
    let mods = match key.code {
        KeyCode::Char(_) => key.modifiers - KeyModifiers::SHIFT,
        _ => key.modifiers,
    };
    table.iter().find_map(|(keys, then, _)| {
        keys.iter()
            .any(|k| parse_key(k) == Some((key.code, mods)))
            .then_some(*then)
    })
}

/// The action bound to a key press, if any.
pub fn action_for(key: KeyEvent) -> Option<Action> {
    bound(DEFAULT, key)
}

/// What a key does while the search bar or a prompt takes the keys (`None`: nothing).
pub fn input_for(key: KeyEvent) -> Option<Input> {
    match (bound(BAR, key), key.code) {
        (Some(input), _) => Some(input),
        (None, KeyCode::Char(c)) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
            Some(Input::Char(c))
        }
        _ => None,
    }
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
    fn every_bar_key_parses_once_and_letters_type_themselves() {
        let mut seen = HashSet::new();
        for (keys, input, _) in BAR {
            for k in *keys {
                let (code, mods) = parse_key(k).unwrap_or_else(|| panic!("bad key name {k}"));
                assert!(seen.insert((code, mods)), "{k} is bound twice");
                assert_eq!(input_for(KeyEvent::new(code, mods)), Some(*input));
            }
        }
        let big = KeyEvent::new(KeyCode::Char('R'), KeyModifiers::SHIFT);
        assert_eq!(input_for(big), Some(Input::Char('R')));
        let ctrl_x = KeyEvent::new(KeyCode::Char('x'), KeyModifiers::CONTROL);
        assert_eq!(input_for(ctrl_x), None);
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
