//! The configuration file: its settings, read over the defaults of `assets/config.toml` (which is
//! embedded, so the documented defaults and the program's cannot differ). Pure: the file's text
//! comes in, settings or a one-line error naming the line and the key come out; reading the file
//! is the edge's.

use crate::keymap::{self, Binding, Keymap};
use serde::Deserialize;
use serde::de::Error as _;
use std::path::PathBuf;

/// The defaults, documenting every setting.
pub const DEFAULT_TOML: &str = include_str!("../assets/config.toml");

/// Whether the quote sidebar shows when a document opens.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SidebarStart {
    /// When the window is wide enough for both.
    #[default]
    Auto,
    Always,
    Never,
}

impl SidebarStart {
    /// The sidebar's starting state: `None` decides by the window's width.
    pub fn shown(self) -> Option<bool> {
        match self {
            SidebarStart::Auto => None,
            SidebarStart::Always => Some(true),
            SidebarStart::Never => Some(false),
        }
    }

    fn name(self) -> &'static str {
        match self {
            SidebarStart::Auto => "auto",
            SidebarStart::Always => "always",
            SidebarStart::Never => "never",
        }
    }
}

/// The settings in effect.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// The widest the text column grows.
    pub width: u16,
    /// `auto`, a built-in theme's name, or a theme file's path.
    pub theme: String,
    pub sidebar: SidebarStart,
    /// Whether the reader takes the mouse.
    pub mouse: bool,
    /// What opens when no path is named.
    pub folders: Vec<PathBuf>,
    pub keys: Keymap,
}

/// A file's settings: each one it leaves out keeps the default.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    reader: ReaderSection,
    #[serde(default)]
    library: LibrarySection,
    #[serde(default)]
    keys: std::collections::BTreeMap<KeyName, Binding>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ReaderSection {
    width: Option<Width>,
    theme: Option<String>,
    sidebar: Option<SidebarStart>,
    mouse: Option<bool>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct LibrarySection {
    folders: Option<Vec<PathBuf>>,
}

/// A text width: at least 20 columns, so a line holds a few words.
struct Width(u16);

impl<'de> Deserialize<'de> for Width {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Width, D::Error> {
        let w = u16::deserialize(d)?;
        if w < 20 {
            return Err(D::Error::custom(format!(
                "a width of {w} is too narrow (20 columns or more)"
            )));
        }
        Ok(Width(w))
    }
}

/// A key name that `keymap::parse_key` understands.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct KeyName(String);

impl<'de> Deserialize<'de> for KeyName {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<KeyName, D::Error> {
        let name = String::deserialize(d)?;
        match keymap::parse_key(&name) {
            Some(_) => Ok(KeyName(name)),
            None => Err(D::Error::custom(format!(
                "`{name}` is not a key (for example j, G, ctrl-d, space, pagedown)"
            ))),
        }
    }
}

/// What is wrong with a configuration file, in one line: where and what.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{file}: line {line}{key}: {message}")]
pub struct ConfigError {
    file: String,
    line: usize,
    /// ` (key)`, when the line names one.
    key: String,
    message: String,
}

impl Default for Config {
    /// The embedded file's settings: it gives every one.
    fn default() -> Config {
        let f: File = toml::from_str(DEFAULT_TOML).expect("the embedded defaults parse");
        let (r, l) = (f.reader, f.library);
        let mut keys = Keymap::default();
        for (key, binding) in f.keys {
            keys.bind(&key.0, binding);
        }
        Config {
            width: r.width.expect("a default width").0,
            theme: r.theme.expect("a default theme"),
            sidebar: r.sidebar.expect("a default sidebar"),
            mouse: r.mouse.expect("a default mouse"),
            folders: l.folders.expect("default folders"),
            keys,
        }
    }
}

/// The settings of a configuration file's `text` (named `file` in errors), over the defaults.
pub fn parse(text: &str, file: &str) -> Result<Config, ConfigError> {
    let f: File = toml::from_str(text).map_err(|e| located(text, file, &e))?;
    let d = Config::default();
    let mut keys = d.keys;
    for (key, binding) in f.keys {
        keys.bind(&key.0, binding);
    }
    Ok(Config {
        width: f.reader.width.map_or(d.width, |w| w.0),
        theme: f.reader.theme.unwrap_or(d.theme),
        sidebar: f.reader.sidebar.unwrap_or(d.sidebar),
        mouse: f.reader.mouse.unwrap_or(d.mouse),
        folders: f.library.folders.unwrap_or(d.folders),
        keys,
    })
}

/// The error of `e`, with the line it is on and the key that line sets.
fn located(text: &str, file: &str, e: &toml::de::Error) -> ConfigError {
    let start = e.span().map_or(0, |s| s.start).min(text.len());
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_text = text[line_start..].lines().next().unwrap_or("");
    let key = line_text
        .split_once('=')
        .map(|(k, _)| k.trim().trim_matches('"'))
        .filter(|k| !k.is_empty() && !k.starts_with('['))
        .map_or(String::new(), |k| format!(" ({k})"));
    ConfigError {
        file: file.to_string(),
        line: text[..start].matches('\n').count() + 1,
        key,
        message: e.message().replace('\n', " ").trim().to_string(),
    }
}

impl Config {
    /// The settings as a configuration file, every key binding included.
    pub fn to_toml(&self) -> String {
        let mut out = String::from("[reader]\n");
        out += &format!("width = {}\n", self.width);
        out += &format!("theme = {}\n", quoted(&self.theme));
        out += &format!("sidebar = \"{}\"\n", self.sidebar.name());
        out += &format!("mouse = {}\n", self.mouse);
        out += "\n[library]\nfolders = [";
        let folders: Vec<_> = self
            .folders
            .iter()
            .map(|f| quoted(&f.to_string_lossy()))
            .collect();
        out += &folders.join(", ");
        out += "]\n\n[keys]\n";
        let mut last = None;
        for (key, action, what) in self.keys.bindings() {
            let line = format!("{} = \"{}\"", quoted(key), keymap::action_name(action));
            // What an action does, beside its first key.
            if last != Some(action) {
                out += &format!("{line:<34} # {what}\n");
            } else {
                out += &format!("{line}\n");
            }
            last = Some(action);
        }
        for key in self.keys.unbound_defaults() {
            out += &format!("{} = \"none\"\n", quoted(key));
        }
        out
    }
}

/// `s` as a TOML string.
fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out += "\\\"",
            '\\' => out += "\\\\",
            c if c.is_control() => out += &format!("\\u{:04X}", u32::from(c)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::action::Action;

    #[test]
    fn the_embedded_defaults_parse_and_say_what_the_program_does() {
        let c = Config::default();
        assert_eq!(c.width, crate::model::reader::MAX_TEXT_WIDTH);
        assert_eq!(c.theme, "auto");
        assert_eq!(c.sidebar, SidebarStart::Auto);
        assert!(c.mouse);
        assert!(c.folders.is_empty());
        assert_eq!(c.keys, Keymap::default());
    }

    #[test]
    fn a_file_changes_only_what_it_names() {
        let c = parse(
            "[reader]\nsidebar = \"never\"\n[keys]\n\"x\" = \"quit\"\n\"q\" = \"none\"\n",
            "c.toml",
        )
        .unwrap();
        assert_eq!(c.sidebar, SidebarStart::Never);
        assert_eq!(c.width, Config::default().width);
        assert_eq!(c.keys.action("x"), Some(Action::Quit));
        assert_eq!(c.keys.action("q"), None);
        assert_eq!(c.keys.action("j"), Some(Action::LineDown));
    }

    #[test]
    fn a_bad_file_names_its_line_and_key() {
        let bad = "[reader]\nwidth = 70\nsidebar = \"sometimes\"\n";
        let e = parse(bad, "config.toml").unwrap_err().to_string();
        assert!(e.starts_with("config.toml: line 3 (sidebar): "), "{e}");
        assert!(e.contains("sometimes"), "{e}");
        assert!(!e.contains('\n'));

        let e = parse("[reader]\nsidebr = \"never\"\n", "c").unwrap_err();
        assert_eq!(e.line, 2, "{e}");
        assert!(e.to_string().contains("sidebr"), "{e}");

        let e = parse("[keys]\n\"ctrl-f\" = \"page_dwn\"\n", "c").unwrap_err();
        assert!(e.to_string().contains("line 2 (ctrl-f)"), "{e}");
        let e = parse("[keys]\n\"hyper-q\" = \"quit\"\n", "c").unwrap_err();
        assert!(e.to_string().contains("`hyper-q` is not a key"), "{e}");
        let e = parse("[reader]\nwidth = 5\n", "c").unwrap_err();
        assert!(e.to_string().contains("too narrow"), "{e}");
        let e = parse("[reader\n", "c").unwrap_err();
        assert_eq!(e.line, 1, "{e}");
    }

    #[test]
    fn printed_settings_read_back_the_same() {
        let c = parse(
            "[reader]\ntheme = \"my \\\"theme\\\".toml\"\nmouse = false\n[library]\nfolders = [\"~/news\"]\n[keys]\n\"ctrl-f\" = \"page_down\"\n\"b\" = \"none\"\n",
            "c",
        )
        .unwrap();
        let again = parse(&c.to_toml(), "printed").unwrap();
        assert_eq!(again, c);
    }
}
