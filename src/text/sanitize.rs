//! The one place untrusted text becomes something a terminal cell may show (DESIGN decision 3).
//!
//! Every control character, bidi control and invalid byte is replaced by a visible stand-in
//! (`^[`, `<U+202E>`, `<FF>`), so no escape sequence from a document, file name or error message
//! can ever reach the terminal. Document text additionally gets a segment map from display bytes
//! back to source bytes, because positions, bookmarks and highlights are kept as source offsets
//! while the screen shows the sanitised text.

use std::fmt::Write as _;
use unicode_width::UnicodeWidthChar;

/// How line breaks inside a paragraph are shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Breaks {
    /// Hard-wrapped prose: a line break (and the indentation after it) becomes one space.
    Reflow,
    /// Lists, verse, code: line breaks stay (`\n` in the display text), tabs expand to stops.
    Keep,
}

/// Tab stops every 8 columns, as terminals and `less` do.
const TAB_STOP: usize = 8;

/// One stretch of display text and where it came from. A `copy` segment maps byte for byte; a
/// replacement maps its whole display stretch to the start of its source stretch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Seg {
    disp: usize,
    src: usize,
    copy: bool,
}

/// Sanitised display text of one stretch of a document, with the map back to source offsets.
#[derive(Clone, Debug, Default)]
pub struct Display {
    pub text: String,
    segs: Vec<Seg>,
    src_end: usize,
    /// Segments run in source order too (always, but for text laid out out of order, such
    /// as a table's cells wrapped side by side).
    unordered: bool,
}

impl Display {
    /// The source stretch that display bytes `disp` show: from the least source offset among
    /// them to the greatest (for text in source order, where the ends map to).
    pub fn source_span(&self, disp: std::ops::Range<usize>) -> std::ops::Range<usize> {
        let (a, b) = (self.to_src(disp.start), self.to_src(disp.end));
        if !self.unordered {
            return a..b;
        }
        let first = self
            .segs
            .partition_point(|s| s.disp <= disp.start)
            .saturating_sub(1);
        let (mut lo, mut hi) = (a.min(b), a.max(b));
        for (i, s) in self.segs.iter().enumerate().skip(first) {
            if s.disp >= disp.end {
                break;
            }
            let next = self.segs.get(i + 1).map_or(self.text.len(), |n| n.disp);
            let len = if s.copy {
                next.min(disp.end) - s.disp.max(disp.start)
            } else {
                0
            };
            let from = if s.copy {
                s.src + (s.disp.max(disp.start) - s.disp)
            } else {
                s.src
            };
            lo = lo.min(from);
            hi = hi.max(from + len);
        }
        lo..hi
    }

    /// An empty display of the source stretch ending at `src_end`, to be built up by
    /// `append` and `decorate` (rendered Markdown).
    pub(crate) fn empty(src_end: usize) -> Display {
        Display {
            src_end,
            ..Display::default()
        }
    }

    /// Appends `other.text[range]` with its map to the source.
    pub(crate) fn append(&mut self, other: &Display, range: std::ops::Range<usize>) {
        if range.is_empty() {
            return;
        }
        let first = other.segs.partition_point(|s| s.disp <= range.start) - 1;
        for s in other.segs[first..]
            .iter()
            .take_while(|s| s.disp < range.end)
        {
            let from = s.disp.max(range.start);
            let src = if s.copy {
                s.src + (from - s.disp)
            } else {
                s.src
            };
            self.push_seg(self.text.len() + (from - range.start), src, s.copy);
        }
        // What is built this way ends where the last of its source does.
        self.src_end = self.src_end.max(other.source_span(range.clone()).end);
        self.text.push_str(&other.text[range]);
    }

    /// Sets where the source stretch this display shows ends.
    pub(crate) fn set_end(&mut self, src_end: usize) {
        self.src_end = src_end;
    }

    /// Appends `text` drawn for the source at `src` (a list's bullet, a table's border) that
    /// is not a copy of it.
    pub(crate) fn decorate(&mut self, src: usize, text: &str) {
        self.push_seg(self.text.len(), src, false);
        self.src_end = self.src_end.max(src);
        self.text.push_str(text);
    }

    fn push_seg(&mut self, disp: usize, src: usize, copy: bool) {
        if let Some(last) = self.segs.last_mut() {
            if copy && last.copy && src >= last.src && src - last.src == disp - last.disp {
                return;
            }
            if last.disp == disp {
                *last = Seg { disp, src, copy };
                self.unordered |= self.segs.iter().rev().nth(1).is_some_and(|s| s.src > src);
                return;
            }
            self.unordered |= last.src > src;
        }
        self.segs.push(Seg { disp, src, copy });
    }

    /// The source byte offset that display byte `disp` came from.
    pub fn to_src(&self, disp: usize) -> usize {
        if disp >= self.text.len() {
            return self.src_end;
        }
        let i = self.segs.partition_point(|s| s.disp <= disp) - 1;
        let s = self.segs[i];
        if s.copy {
            s.src + (disp - s.disp)
        } else {
            s.src
        }
    }

    /// The display byte offset showing source byte `src` (clamped to this stretch).
    pub fn to_disp(&self, src: usize) -> usize {
        if src >= self.src_end {
            return self.text.len();
        }
        if self.unordered {
            return self.to_disp_unordered(src);
        }
        let i = self.segs.partition_point(|s| s.src <= src);
        if i == 0 {
            return 0;
        }
        let s = self.segs[i - 1];
        let next_disp = self.segs.get(i).map_or(self.text.len(), |n| n.disp);
        if s.copy {
            (s.disp + (src - s.src)).min(next_disp)
        } else {
            s.disp
        }
    }
}

impl Display {
    /// `to_disp` where segments are out of source order: the copied stretch holding `src`,
    /// else the segment from the nearest source offset before it.
    fn to_disp_unordered(&self, src: usize) -> usize {
        let mut best: Option<(usize, usize)> = None;
        let mut end_of = None;
        for (i, s) in self.segs.iter().enumerate() {
            let next = self.segs.get(i + 1).map_or(self.text.len(), |n| n.disp);
            if s.copy && src >= s.src && src - s.src < next - s.disp {
                return s.disp + (src - s.src);
            }
            // Just past a copied stretch (the end of a match that ends a table cell's line).
            if s.copy && end_of.is_none() && src == s.src + (next - s.disp) {
                end_of = Some(next);
            }
            if s.src <= src && best.is_none_or(|(b, _)| s.src > b) {
                best = Some((s.src, s.disp));
            }
        }
        end_of.or(best.map(|(_, d)| d)).unwrap_or(0)
    }
}

/// Builds a `Display` by appending copied and replaced stretches.
struct Builder {
    out: Display,
    /// Display column in the current line, for tab stops.
    col: usize,
    /// The last character copied, and how many zero-width ones followed it.
    last: Option<char>,
    marks: usize,
}

impl Builder {
    fn push_seg(&mut self, src: usize, copy: bool) {
        let disp = self.out.text.len();
        if let Some(last) = self.out.segs.last_mut() {
            // Extend a running copy segment instead of starting a new one.
            if copy && last.copy && src >= last.src && src - last.src == disp - last.disp {
                return;
            }
            if last.disp == disp && last.src == src {
                *last = Seg { disp, src, copy };
                return;
            }
        }
        self.out.segs.push(Seg { disp, src, copy });
    }

    fn copy(&mut self, src: usize, c: char) {
        self.push_seg(src, true);
        self.out.text.push(c);
        let w = c.width().unwrap_or(0);
        self.col += w;
        if w > 0 {
            self.last = Some(c);
            self.marks = 0;
        } else {
            self.marks += 1;
        }
    }

    fn replace(&mut self, src: usize, with: &str) {
        self.push_seg(src, false);
        self.out.text.push_str(with);
        self.col += with.chars().map(|c| c.width().unwrap_or(0)).sum::<usize>();
    }
}

/// True for characters that must never reach a terminal cell as themselves.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Zero-width characters kept on one base character; more are not shown (a run of hundreds of
/// combining marks, as "Zalgo" text has, is drawn by every terminal differently).
const MARKS_SHOWN: usize = 4;

/// Pictographs: the emoji that sequences are built from.
fn is_pictograph(c: char) -> bool {
    matches!(c, '\u{2300}'..='\u{23FF}' | '\u{2600}'..='\u{27BF}' | '\u{2B00}'..='\u{2BFF}' | '\u{1F000}'..='\u{1FAFF}')
}

/// Whether `c`, after `last`, is left out of the display text so that every terminal draws
/// what is left at the width it is measured at. Terminals disagree on emoji sequences: a
/// family joined with U+200D is one cell pair in some and four in others, a skin-tone modifier
/// is part of the emoji or a second one, and U+FE0F makes `❤` wide in some only. Shown as their
/// parts (`👨👩👧`, `👍`, `❤`), they are drawn alike everywhere. The text itself is unchanged.
fn left_out(c: char, last: Option<char>, marks: usize) -> bool {
    let after_pictograph = last.is_some_and(is_pictograph);
    match c {
        '\u{FE0E}' | '\u{FE0F}' => true,
        '\u{200D}' | '\u{1F3FB}'..='\u{1F3FF}' => after_pictograph,
        _ => marks >= MARKS_SHOWN && c.width() == Some(0),
    }
}

/// The visible stand-in for a character that must not be shown raw, or `None` if it is safe.
fn stand_in(c: char) -> Option<String> {
    match c {
        '\0'..='\x1f' => Some(format!("^{}", ((c as u8) + 0x40) as char)),
        '\x7f' => Some("^?".to_string()),
        '\u{80}'..='\u{9f}' | '\u{2028}' | '\u{2029}' | '\u{FEFF}' => {
            Some(format!("<U+{:04X}>", c as u32))
        }
        _ if is_bidi_control(c) => Some(format!("<U+{:04X}>", c as u32)),
        _ => None,
    }
}

/// Sanitises `bytes` (which start at source offset `base`) into display text.
///
/// Line ends may be `\n`, `\r\n` or a lone `\r`. Invalid UTF-8 bytes become `<XX>`.
pub fn display(bytes: &[u8], base: usize, breaks: Breaks) -> Display {
    display_with(bytes, base, breaks, true)
}

/// `display`; with `runs`, a stretch of printable ASCII is copied in one piece (what most text
/// is, and what each character's own steps made slow: titles for a library of 10,000 articles
/// took a third of its first listing). Tests compare it with the character-by-character way.
fn display_with(bytes: &[u8], base: usize, breaks: Breaks, runs: bool) -> Display {
    let mut b = Builder {
        out: Display {
            text: String::with_capacity(bytes.len()),
            segs: Vec::new(),
            src_end: base + bytes.len(),
            unordered: false,
        },
        col: 0,
        last: None,
        marks: 0,
    };
    // In reflow mode, whitespace at the start of the paragraph and after each line break is
    // dropped, so indentation of hard-wrapped prose does not show up mid-sentence.
    let mut skip_space = breaks == Breaks::Reflow;
    let mut i = 0;
    while i < bytes.len() {
        // Printable ASCII is copied as it is, a space too unless it is being skipped.
        let printable = |b: u8| (b' '..=b'~').contains(&b);
        if runs && printable(bytes[i]) && !(skip_space && bytes[i] == b' ') {
            let end = bytes[i..]
                .iter()
                .position(|&c| !printable(c))
                .map_or(bytes.len(), |n| i + n);
            b.push_seg(base + i, true);
            let run = std::str::from_utf8(&bytes[i..end]).expect("ASCII");
            b.out.text.push_str(run);
            // Each printable ASCII character is one column wide.
            b.col += end - i;
            b.last = Some(char::from(bytes[end - 1]));
            b.marks = 0;
            skip_space = false;
            i = end;
            continue;
        }
        let (c, len) = match decode_one(&bytes[i..]) {
            Some(x) => x,
            None => {
                let mut s = String::new();
                let _ = write!(s, "<{:02X}>", bytes[i]);
                b.replace(base + i, &s);
                skip_space = false;
                i += 1;
                continue;
            }
        };
        let src = base + i;
        match c {
            '\r' | '\n' => {
                let len = if c == '\r' && bytes.get(i + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                match breaks {
                    Breaks::Reflow => {
                        let ends_in_space = b.out.text.is_empty() || b.out.text.ends_with(' ');
                        b.replace(src, if ends_in_space { "" } else { " " });
                        skip_space = true;
                    }
                    Breaks::Keep => {
                        b.replace(src, "\n");
                        b.col = 0;
                    }
                }
                i += len;
                continue;
            }
            ' ' | '\t' if skip_space => b.replace(src, ""),
            '\t' => match breaks {
                Breaks::Reflow => b.replace(src, " "),
                Breaks::Keep => {
                    let n = TAB_STOP - b.col % TAB_STOP;
                    b.replace(src, &" ".repeat(n));
                }
            },
            _ if left_out(c, b.last, b.marks) => b.replace(src, ""),
            _ => {
                skip_space = false;
                match stand_in(c) {
                    Some(s) => b.replace(src, &s),
                    None => b.copy(src, c),
                }
            }
        }
        i += len;
    }
    b.out.segs.push(Seg {
        disp: b.out.text.len(),
        src: base + bytes.len(),
        copy: false,
    });
    b.out
}

/// Decodes one UTF-8 character at the start of `bytes`, or `None` for an invalid byte.
fn decode_one(bytes: &[u8]) -> Option<(char, usize)> {
    let first = *bytes.first()?;
    if first < 0x80 {
        return Some((first as char, 1));
    }
    let len = match first {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    let s = std::str::from_utf8(bytes.get(..len)?).ok()?;
    s.chars().next().map(|c| (c, len))
}

/// Text made safe for a terminal with its lines kept: for command-line output and data files
/// (CSV), where a line break is text. Line ends (`\r\n`, a lone `\r`) become `\n` and tabs
/// stay; every other control character, bidi control and invalid byte is made visible as in
/// `display`. Text with nothing to replace is returned as it is.
pub fn visible(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    let safe = |c: char| c == '\n' || c == '\t' || (c != '\r' && stand_in(c).is_none());
    if let Ok(s) = std::str::from_utf8(bytes)
        && s.chars().all(safe)
    {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(bytes.len() + 16);
    let mut i = 0;
    while i < bytes.len() {
        match decode_one(&bytes[i..]) {
            Some(('\r', _)) => {
                out.push('\n');
                i += if bytes.get(i + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
            }
            Some((c, len)) => {
                match stand_in(c) {
                    Some(s) if !safe(c) => out.push_str(&s),
                    _ => out.push(c),
                }
                i += len;
            }
            None => {
                let _ = write!(out, "<{:02X}>", bytes[i]);
                i += 1;
            }
        }
    }
    std::borrow::Cow::Owned(out)
}

/// True for a character that could act on a terminal if written raw: what `visible` and
/// `display` replace (line breaks and tabs aside).
pub fn is_active(c: char) -> bool {
    // The characters `stand_in` replaces, told without making their stand-ins (this is asked
    // of every character written out).
    match c {
        '\n' | '\t' => false,
        '\0'..='\x1f' | '\x7f'..='\u{9f}' | '\u{2028}' | '\u{2029}' | '\u{FEFF}' => true,
        ' '..='~' => false,
        _ => is_bidi_control(c),
    }
}

/// Sanitises a short string for one line of the UI (file names, titles, error messages): control
/// characters and bidi controls become visible, line breaks become spaces.
pub fn clean_line(s: &str) -> String {
    let d = display(s.as_bytes(), 0, Breaks::Reflow);
    d.text.trim().to_string()
}

/// Like `clean_line`, for bytes that may not be UTF-8 (file names on Unix).
pub fn clean_bytes(bytes: &[u8]) -> String {
    display(bytes, 0, Breaks::Reflow).text.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn runs_of_ascii_display_as_characters_one_by_one_do(
            t in proptest::collection::vec(proptest::prop_oneof![
                8 => 0x20u8..0x7f,
                1 => proptest::prelude::any::<u8>(),
                1 => proptest::sample::select(vec![b'\n', b'\r', b'\t', b' ']),
            ], 0..64),
            base in 0usize..1000,
        ) {
            for breaks in [Breaks::Reflow, Breaks::Keep] {
                let fast = display_with(&t, base, breaks, true);
                let slow = display_with(&t, base, breaks, false);
                proptest::prop_assert_eq!(&fast.text, &slow.text);
                proptest::prop_assert_eq!(&fast.segs, &slow.segs);
                proptest::prop_assert_eq!(fast.src_end, slow.src_end);
            }
        }
    }

    #[test]
    fn control_characters_become_visible() {
        let d = display(b"a\x1b[31mred\x07", 0, Breaks::Reflow);
        assert_eq!(d.text, "a^[[31mred^G");
        assert!(!d.text.contains('\x1b'));
    }

    #[test]
    fn bidi_and_c1_controls_become_visible() {
        let d = display("x\u{202E}y\u{9b}z".as_bytes(), 0, Breaks::Reflow);
        assert_eq!(d.text, "x<U+202E>y<U+009B>z");
    }

    #[test]
    fn invalid_bytes_are_shown_not_dropped() {
        let d = display(b"caf\xe9 ok\xff", 0, Breaks::Reflow);
        assert_eq!(d.text, "caf<E9> ok<FF>");
    }

    #[test]
    fn reflow_joins_lines_and_drops_indentation() {
        let d = display(b"one\r\n   two\rthree\nfour", 0, Breaks::Reflow);
        assert_eq!(d.text, "one two three four");
    }

    #[test]
    fn keep_mode_keeps_breaks_and_expands_tabs_to_stops() {
        let d = display(b"ab\tc\r\n\tx", 0, Breaks::Keep);
        assert_eq!(d.text, "ab      c\n        x");
    }

    #[test]
    fn map_round_trips_copied_text() {
        let src = "α\x1bβ\r\n  γ";
        let d = display(src.as_bytes(), 100, Breaks::Reflow);
        assert_eq!(d.text, "α^[β γ");
        for (di, _) in d.text.char_indices() {
            let s = d.to_src(di);
            assert!((100..100 + src.len()).contains(&s));
        }
        let gamma_src = 100 + src.find('γ').unwrap();
        assert_eq!(&d.text[d.to_disp(gamma_src)..], "γ");
        assert_eq!(d.to_src(d.text.find('γ').unwrap()), gamma_src);
        assert_eq!(
            d.to_src(d.text.find('β').unwrap()),
            100 + src.find('β').unwrap()
        );
    }

    #[test]
    fn visible_text_keeps_lines_and_tabs_and_shows_the_rest() {
        assert!(matches!(
            visible(b"plain\n\ttext"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(
            visible(
                &[
                    "a\x1b]0;t\x07b\r\nc\rd\u{202E}e\u{2066}\u{85}".as_bytes(),
                    b"\xff"
                ]
                .concat()
            ),
            "a^[]0;t^Gb\nc\nd<U+202E>e<U+2066><U+0085><FF>"
        );
        assert_eq!(visible(b"caf\xe9"), "caf<E9>");
    }

    proptest::proptest! {
        #[test]
        fn nothing_that_acts_on_a_terminal_is_left_visible_or_displayed(
            t in proptest::collection::vec(proptest::prop_oneof![
                4 => 0x20u8..0x7f,
                2 => proptest::prelude::any::<u8>(),
                1 => proptest::sample::select(vec![0x1b, b'\r', b'\n', 0x7f, 0x9b]),
                // Bidi isolates and overrides, C1 controls and line separators, as UTF-8.
                2 => proptest::sample::select(vec![0xe2, 0x80, 0x81, 0xa8, 0xa9, 0xaa, 0xae, 0xa6, 0xa9, 0xc2, 0x85, 0x9b]),
            ], 0..64),
        ) {
            let v = visible(&t);
            proptest::prop_assert!(!v.chars().any(|c| c == '\r' || is_active(c)), "{:?}", v);
            for breaks in [Breaks::Reflow, Breaks::Keep] {
                let d = display(&t, 0, breaks);
                proptest::prop_assert!(!d.text.chars().any(|c| c == '\r' || c == '\t' || is_active(c)), "{:?}", d.text);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn is_active_is_what_a_stand_in_is_made_for(c in proptest::prelude::any::<char>()) {
            let want = c != '\n' && c != '\t' && stand_in(c).is_some();
            proptest::prop_assert_eq!(is_active(c), want);
        }
    }

    #[test]
    fn every_bidi_control_is_shown_as_a_code_point() {
        for c in [
            '\u{061C}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}',
            '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
        ] {
            let d = display(c.to_string().as_bytes(), 0, Breaks::Reflow);
            assert_eq!(d.text, format!("<U+{:04X}>", c as u32));
        }
    }

    #[test]
    fn emoji_sequences_are_shown_as_their_parts_and_marks_are_capped() {
        let shown = |s: &str| display(s.as_bytes(), 0, Breaks::Reflow).text;
        assert_eq!(shown("a 👨\u{200d}👩\u{200d}👧 b"), "a 👨👩👧 b");
        assert_eq!(shown("👍🏽 ❤\u{fe0f} 1\u{fe0f}\u{20e3}"), "👍 ❤ 1\u{20e3}");
        // A lone modifier is a character of its own; U+200D between letters joins them.
        assert_eq!(shown("🏽 क्\u{200d}ष"), "🏽 क्\u{200d}ष");
        assert_eq!(
            shown(&format!("e{}x", "\u{301}".repeat(40))),
            format!("e{}x", "\u{301}".repeat(4))
        );
        // What is left out still maps back to the text.
        let src = "x👍🏽y";
        let d = display(src.as_bytes(), 0, Breaks::Reflow);
        assert_eq!(d.to_src(d.text.find('y').unwrap()), src.find('y').unwrap());
    }

    #[test]
    fn clean_line_neutralises_file_names() {
        assert_eq!(
            clean_line("evil\x1b]0;title\x07.txt\n"),
            "evil^[]0;title^G.txt"
        );
    }
}
