//! Key bindings: the default table from key names to actions, and the `Keymap` in effect (the
//! defaults with the configuration's changes), used for input and for the help overlay, so the
//! help can never disagree with what the keys do.

use crate::action::{Action, Input};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;

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
    (
        &["O", "t"],
        Action::Outline,
        "outline: headings and chapters (Enter goes)",
    ),
    (&["L"], Action::Links, "where the links on the screen go"),
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
        "enter" => "Enter".into(),
        "esc" => "Esc".into(),
        "tab" => "Tab".into(),
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

/// The key bindings in effect: the defaults with the configuration's changes. Input and the help
/// both read it, so the help shows the keys as they are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Keymap {
    /// Per action, in the order of `DEFAULT`: its keys (possibly none) and what it does.
    entries: Vec<(Vec<String>, Action, &'static str)>,
}

impl Default for Keymap {
    fn default() -> Keymap {
        Keymap {
            entries: DEFAULT
                .iter()
                .map(|(keys, action, what)| {
                    (keys.iter().map(|k| k.to_string()).collect(), *action, *what)
                })
                .collect(),
        }
    }
}

/// What a key is bound to: an action, or nothing (`"none"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Binding {
    Action(Action),
    Nothing,
}

impl<'de> Deserialize<'de> for Binding {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Binding, D::Error> {
        let name = String::deserialize(d)?;
        if name == "none" {
            return Ok(Binding::Nothing);
        }
        let de: serde::de::value::StrDeserializer<'_, serde::de::value::Error> =
            serde::de::IntoDeserializer::into_deserializer(name.as_str());
        match Action::deserialize(de) {
            Ok(a) if bindable(a) => Ok(Binding::Action(a)),
            _ => Err(serde::de::Error::custom(format!(
                "`{name}` is not an action (sidenote --print-config lists them) or \"none\""
            ))),
        }
    }
}

/// Whether a key can be bound to `action` (those the help lists).
pub fn bindable(action: Action) -> bool {
    DEFAULT.iter().any(|(_, a, _)| *a == action)
}

/// An action's name in the configuration file: `half_page_down`.
pub fn action_name(action: Action) -> String {
    serde_json::to_value(action)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

impl Keymap {
    /// Binds `key` (a name `parse_key` understands) to `binding`, taking it from whatever it did.
    pub fn bind(&mut self, key: &str, binding: Binding) {
        let parsed = parse_key(key);
        if let Binding::Action(a) = binding
            && parsed
                .is_some_and(|(code, mods)| self.action_for(KeyEvent::new(code, mods)) == Some(a))
        {
            return;
        }
        for (keys, _, _) in &mut self.entries {
            keys.retain(|k| parse_key(k) != parsed);
        }
        if let Binding::Action(action) = binding
            && let Some((keys, _, _)) = self.entries.iter_mut().find(|(_, a, _)| *a == action)
        {
            keys.push(key.to_string());
        }
    }

    /// The action bound to a key press, if any.
    pub fn action_for(&self, key: KeyEvent) -> Option<Action> {
        let pressed = pressed(key);
        self.entries.iter().find_map(|(keys, then, _)| {
            keys.iter()
                .any(|k| parse_key(k) == Some(pressed))
                .then_some(*then)
        })
    }

    /// The action bound to the key named `key`.
    pub fn action(&self, key: &str) -> Option<Action> {
        let (code, mods) = parse_key(key)?;
        self.action_for(KeyEvent::new(code, mods))
    }

    /// The first key bound to `action`, as the status line shows it (`None`: no key is).
    pub fn hint(&self, action: Action) -> Option<String> {
        self.entries
            .iter()
            .find(|(_, a, _)| *a == action)
            .and_then(|(keys, _, _)| keys.first())
            .map(|k| display_name(k))
    }

    /// Every action's keys and what it does, in the help's order.
    pub fn entries(&self) -> impl Iterator<Item = (&[String], Action, &'static str)> {
        self.entries
            .iter()
            .map(|(keys, action, what)| (keys.as_slice(), *action, *what))
    }

    /// The default keys this keymap leaves unbound.
    pub fn unbound_defaults(&self) -> impl Iterator<Item = &'static str> {
        DEFAULT
            .iter()
            .flat_map(|(keys, _, _)| keys.iter().copied())
            .filter(|k| {
                parse_key(k).is_some_and(|(c, m)| self.action_for(KeyEvent::new(c, m)).is_none())
            })
    }

    /// Every binding: (key, action, what the action does).
    pub fn bindings(&self) -> impl Iterator<Item = (&str, Action, &'static str)> {
        self.entries
            .iter()
            .flat_map(|(keys, action, what)| keys.iter().map(move |k| (k.as_str(), *action, *what)))
    }
}

/// A key press as `parse_key` names it. Terminals report `G` as shift+g or as plain `G`; the
/// character already says it.
fn pressed(key: KeyEvent) -> (KeyCode, KeyModifiers) {
    let mods = match key.code {
        KeyCode::Char(_) => key.modifiers - KeyModifiers::SHIFT,
        _ => key.modifiers,
    };
    (key.code, mods)
}

/// What `table` binds to a key press, if anything.
fn bound<T: Copy>(table: &[(&[&str], T, &str)], key: KeyEvent) -> Option<T> {
    let pressed = pressed(key);
    table.iter().find_map(|(keys, then, _)| {
        keys.iter()
            .any(|k| parse_key(k) == Some(pressed))
            .then_some(*then)
    })
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
        let keys = Keymap::default();
        let action_for = |k| keys.action_for(k);
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
