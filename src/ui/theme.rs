//! Colours and styles in one place: a `Theme`, read from a theme file (the built-in ones are
//! `assets/themes/`). Colours are the terminal's own palette, so they follow its scheme.

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

/// The built-in themes, by name.
const BUILT_IN: &[(&str, &str)] = &[
    ("dark", include_str!("../../assets/themes/dark.toml")),
    ("light", include_str!("../../assets/themes/light.toml")),
    ("mono", include_str!("../../assets/themes/mono.toml")),
];

/// The name of the built-in theme `auto` means in this environment: `mono` with `NO_COLOR`
/// (<https://no-color.org>: set and not empty), `light` when `COLORFGBG` (`fg;bg`, set by rxvt,
/// Konsole and others) gives a light background (7 or 9–15), else `dark`.
pub fn auto(no_color: Option<&str>, colorfgbg: Option<&str>) -> &'static str {
    let light = colorfgbg
        .and_then(|v| v.rsplit(';').next())
        .and_then(|bg| bg.trim().parse::<u8>().ok())
        .is_some_and(|bg| bg == 7 || (9..=15).contains(&bg));
    match (no_color.is_some_and(|v| !v.is_empty()), light) {
        (true, _) => "mono",
        (false, true) => "light",
        (false, false) => "dark",
    }
}

/// The text of the built-in theme `name`.
pub fn built_in(name: &str) -> Option<&'static str> {
    BUILT_IN.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// Declares the styles a theme has, once: the `Theme` fields and the theme file's keys.
macro_rules! styles {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {
        /// How each part of the screen looks. Every highlight carries an attribute as well as a
        /// colour, so that it still shows without colour.
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct Theme {
            $($(#[$doc])* pub $name: Style,)*
            /// One per speaker, taken in turn by rank.
            pub speakers: Vec<Style>,
            /// False for a theme of attributes only: the screen is then drawn without any colour,
            /// whatever a widget asked for.
            pub colour: bool,
        }

        /// A theme file: the theme it starts from and the styles it changes.
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct File {
            base: Option<String>,
            colour: Option<bool>,
            speakers: Option<Vec<Spec>>,
            $($name: Option<Spec>,)*
        }

        impl Theme {
            fn apply(&mut self, f: File) {
                $(if let Some(Spec(s)) = f.$name { self.$name = s; })*
                if let Some(list) = f.speakers.filter(|l| !l.is_empty()) {
                    self.speakers = list.into_iter().map(|s| s.0).collect();
                }
                if let Some(c) = f.colour {
                    self.colour = c;
                }
            }
        }
    };
}

styles! {
    /// Titles: the document's, the help's headings.
    title,
    /// Metadata, hints, what is there but not the point.
    dim,
    /// Headings in the text.
    heading,
    /// Code in rendered Markdown.
    code,
    /// A link's text in rendered Markdown.
    link,
    status_bar,
    /// What a key did.
    message,
    /// A notice of something not done (not saved, not read): it must not pass for a hint.
    warning,
    /// The selected row of a list.
    selected,
    /// Key names in the help and the hints.
    key,
    /// The border of the pane that takes the keys.
    focus_border,
    /// A quotation in the text.
    quote,
    /// The selected quotation in the text.
    selected_quote,
    /// A search match in the text.
    search_match,
    /// The current search match.
    current_match,
    /// A bookmarked passage.
    bookmarked,
    /// The gutter mark beside a bookmarked passage.
    bookmark_mark,
    /// Sentences being selected for a bookmark.
    selection,
}

/// A style as a theme file writes it: `black on cyan underlined`.
struct Spec(Style);

impl<'de> Deserialize<'de> for Spec {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Spec, D::Error> {
        let text = String::deserialize(d)?;
        parse_style(&text)
            .map(Spec)
            .map_err(serde::de::Error::custom)
    }
}

/// Parses colours and attributes in any order: a colour, `on` and a background colour, and
/// attribute names.
fn parse_style(text: &str) -> Result<Style, String> {
    let mut style = Style::new();
    let mut words = text.split_whitespace();
    while let Some(w) = words.next() {
        let modifier = match w {
            "bold" => Modifier::BOLD,
            "dim" => Modifier::DIM,
            "italic" => Modifier::ITALIC,
            "underlined" => Modifier::UNDERLINED,
            "reversed" => Modifier::REVERSED,
            "crossed_out" => Modifier::CROSSED_OUT,
            "on" => {
                let bg = words.next().ok_or("`on` needs a colour after it")?;
                style = style.bg(colour(bg)?);
                continue;
            }
            _ => {
                style = style.fg(colour(w)?);
                continue;
            }
        };
        style = style.add_modifier(modifier);
    }
    Ok(style)
}

fn colour(name: &str) -> Result<Color, String> {
    name.parse::<Color>()
        .map_err(|_| format!("`{name}` is not a colour or an attribute"))
}

/// What is wrong with a theme file: its name, the line, the message.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{file}: line {line}: {message}")]
pub struct ThemeError {
    file: String,
    line: usize,
    message: String,
}

impl Default for Theme {
    fn default() -> Theme {
        Theme::built_in("dark")
    }
}

impl Theme {
    /// How rendered Markdown's `mark` shows: emphasis and strong by their attributes alone
    /// (as the text asks for them), the rest by the theme.
    pub fn mark(&self, mark: crate::text::markdown::Mark) -> Style {
        use crate::text::markdown::Mark;
        match mark {
            Mark::Emphasis => Style::new().add_modifier(Modifier::ITALIC),
            Mark::Strong => Style::new().add_modifier(Modifier::BOLD),
            Mark::Strike => Style::new().add_modifier(Modifier::CROSSED_OUT),
            Mark::Code => self.code,
            Mark::Link => self.link,
            Mark::Heading => self.heading,
            Mark::Markup => self.dim,
        }
    }

    /// The built-in theme `name` (`dark`, `light`, `mono`); dark for any other.
    pub fn built_in(name: &str) -> Theme {
        let text = built_in(name).unwrap_or(BUILT_IN[0].1);
        Theme::parse(text, name).expect("the built-in themes parse")
    }

    /// The theme of a theme file's `text` (named `file` in errors): its `base` (a built-in
    /// theme; dark when it names none) with the styles it changes.
    pub fn parse(text: &str, file: &str) -> Result<Theme, ThemeError> {
        let f: File = toml::from_str(text).map_err(|e| {
            let at = e.span().map_or(0, |s| s.start).min(text.len());
            ThemeError {
                file: file.to_string(),
                line: text[..at].matches('\n').count() + 1,
                message: e.message().replace('\n', " ").trim().to_string(),
            }
        })?;
        let mut theme = match f.base.as_deref() {
            None => Theme::empty(),
            Some(base) if built_in(base).is_some() && base != file => Theme::built_in(base),
            Some(base) => {
                return Err(ThemeError {
                    file: file.to_string(),
                    line: text
                        .lines()
                        .position(|l| l.starts_with("base"))
                        .unwrap_or(0)
                        + 1,
                    message: format!("`{base}` is not a built-in theme (dark, light, mono)"),
                });
            }
        };
        theme.apply(f);
        Ok(theme)
    }

    /// Every style plain: what a theme file without a base starts from.
    fn empty() -> Theme {
        let plain = Style::new();
        Theme {
            title: plain,
            dim: plain,
            heading: plain,
            code: plain,
            link: plain,
            status_bar: plain,
            message: plain,
            warning: plain,
            selected: plain,
            key: plain,
            focus_border: plain,
            quote: plain,
            selected_quote: plain,
            search_match: plain,
            current_match: plain,
            bookmarked: plain,
            bookmark_mark: plain,
            selection: plain,
            speakers: vec![plain],
            colour: true,
        }
    }

    /// The style of a status-line notice of `kind`.
    pub fn notice(&self, kind: crate::model::NoticeKind) -> Style {
        match kind {
            crate::model::NoticeKind::Info => self.message,
            crate::model::NoticeKind::Warning => self.warning,
        }
    }

    /// A speaker's style, by rank, so a speaker looks the same everywhere.
    pub fn speaker(&self, rank: usize) -> Style {
        self.speakers[rank % self.speakers.len()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_follows_the_environment() {
        assert_eq!(auto(None, None), "dark");
        assert_eq!(auto(Some("1"), None), "mono");
        assert_eq!(auto(Some(""), None), "dark", "set but empty means colour");
        assert_eq!(auto(None, Some("0;15")), "light");
        assert_eq!(auto(None, Some("0;default;7")), "light");
        assert_eq!(auto(None, Some("15;0")), "dark");
        assert_eq!(auto(None, Some("nonsense")), "dark");
        assert_eq!(auto(Some("1"), Some("0;15")), "mono");
    }

    #[test]
    fn the_built_in_themes_parse_and_differ() {
        let dark = Theme::built_in("dark");
        let light = Theme::built_in("light");
        let mono = Theme::built_in("mono");
        assert_eq!(dark, Theme::default());
        assert_eq!(
            dark.heading,
            Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
        );
        assert_ne!(light.bookmarked, dark.bookmarked);
        assert!(dark.colour && light.colour && !mono.colour);
    }

    #[test]
    fn without_colour_every_highlight_still_has_an_attribute() {
        let mono = Theme::built_in("mono");
        for (name, s) in [
            ("quote", mono.quote),
            ("selected_quote", mono.selected_quote),
            ("search_match", mono.search_match),
            ("current_match", mono.current_match),
            ("selection", mono.selection),
            ("selected", mono.selected),
            ("warning", mono.warning),
            ("speaker", mono.speaker(3)),
        ] {
            assert!(!s.add_modifier.is_empty(), "{name} has no attribute");
        }
        assert_ne!(mono.search_match, mono.current_match);
        assert_ne!(mono.quote, mono.selected_quote);
    }

    #[test]
    fn a_user_theme_changes_what_it_names() {
        let t = Theme::parse(
            "base = \"light\"\nquote = \"#ff8800 on 17 italic\"\n",
            "mine",
        )
        .unwrap();
        assert_eq!(
            t.quote,
            Style::new()
                .fg(Color::Rgb(255, 136, 0))
                .bg(Color::Indexed(17))
                .add_modifier(Modifier::ITALIC)
        );
        assert_eq!(t.heading, Theme::built_in("light").heading);
    }

    #[test]
    fn a_bad_theme_names_its_line() {
        let e = Theme::parse("base = \"dark\"\nquote = \"grene\"\n", "t.toml").unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.toml: line 2: `grene` is not a colour or an attribute"
        );
        let e = Theme::parse("qoute = \"green\"\n", "t.toml").unwrap_err();
        assert!(
            e.to_string().contains("line 1") && e.to_string().contains("qoute"),
            "{e}"
        );
        let e = Theme::parse("base = \"solarized\"\n", "t.toml").unwrap_err();
        assert!(
            e.to_string()
                .contains("`solarized` is not a built-in theme"),
            "{e}"
        );
        assert!(Theme::parse("quote = \"on\"\n", "t").is_err());
    }
}
