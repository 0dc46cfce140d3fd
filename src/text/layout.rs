//! Wrapping one paragraph's display text into screen lines (DESIGN decision 2: wrap only what is
//! visible). Lines are returned as byte ranges into the display text, so every screen line can be
//! mapped back to source offsets for highlights and reading positions.
//!
//! Wrapping is textwrap's first-fit over words found by our own separator: spaces separate
//! words, and wide (CJK) characters are break opportunities of their own, so Chinese or Japanese
//! text with no spaces still fills its lines. First-fit rather than optimal-fit keeps a line's
//! start stable when later text changes, which keeps the reading position steady.

use std::ops::Range;
use textwrap::core::Fragment;
use textwrap::wrap_algorithms::wrap_first_fit;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Closing punctuation that must not start a line in CJK text (kinsoku).
fn no_break_before(g: &str) -> bool {
    matches!(
        g,
        "。" | "、"
            | "，"
            | "．"
            | "！"
            | "？"
            | "："
            | "；"
            | "」"
            | "』"
            | "）"
            | "】"
            | "〉"
            | "》"
            | "〕"
            | "ー"
            | "…"
    ) || cells(g) == 0
}

/// The cells one grapheme cluster takes, exactly as ratatui's buffer counts them when it draws
/// it (one cluster a cell, or two for a wide one), so a line measured here never overflows
/// the row it is drawn in. Halfwidth (han)dakuten count as a cell of their own, as terminals
/// draw them.
pub fn cells(g: &str) -> usize {
    if g.len() == 1 {
        return usize::from(g.as_bytes()[0] >= b' ');
    }
    g.width()
        + g.chars()
            .filter(|c| matches!(c, '\u{FF9E}' | '\u{FF9F}'))
            .count()
}

/// A word and the spaces after it, measured by cluster.
#[derive(Debug)]
struct Piece<'a> {
    word: &'a str,
    space: &'a str,
    width: usize,
}

impl Fragment for Piece<'_> {
    fn width(&self) -> f64 {
        self.width as f64
    }
    fn whitespace_width(&self) -> f64 {
        self.space.len() as f64
    }
    fn penalty_width(&self) -> f64 {
        0.0
    }
}

/// Splits one line (no `\n`) into pieces at spaces, and between wide (CJK) clusters, which
/// are break opportunities of their own. Leading spaces stay part of the first piece so that
/// indentation in kept-break paragraphs survives wrapping. A piece wider than `width` is cut
/// between clusters, never inside one.
fn pieces(line: &str, width: usize) -> Vec<Piece<'_>> {
    let mut out: Vec<Piece<'_>> = Vec::new();
    fn push<'a>(out: &mut Vec<Piece<'a>>, line: &'a str, at: [usize; 3], width: usize) {
        let [from, to, space_to] = at;
        out.push(Piece {
            word: &line[from..to],
            space: &line[to..space_to],
            width,
        });
    }
    let mut start = 0;
    let mut w = 0;
    let mut in_leading_space = true;
    let mut clusters = line.grapheme_indices(true).peekable();
    while let Some((i, g)) = clusters.next() {
        if g == " " {
            if in_leading_space {
                if w + 1 > width {
                    push(&mut out, line, [start, i, i], w);
                    start = i;
                    w = 0;
                }
                w += 1;
                continue;
            }
            // End of a word: take the run of spaces as its whitespace.
            let mut end = i + 1;
            while let Some(&(j, " ")) = clusters.peek() {
                end = j + 1;
                clusters.next();
            }
            push(&mut out, line, [start, i, end], w);
            start = end;
            w = 0;
            continue;
        }
        in_leading_space = false;
        let cw = cells(g);
        // Too wide for a line: the word so far ends here.
        if w > 0 && w + cw > width {
            push(&mut out, line, [start, i, i], w);
            start = i;
            w = 0;
        }
        w += cw;
        let end = i + g.len();
        let breakable = match clusters.peek() {
            Some(&(_, n)) if n != " " && !no_break_before(n) => cw == 2 || cells(n) == 2,
            _ => false,
        };
        if breakable {
            push(&mut out, line, [start, end, end], w);
            start = end;
            w = 0;
        }
    }
    if start < line.len() {
        push(&mut out, line, [start, line.len(), line.len()], w);
    }
    out
}

/// Wraps `text` (which may contain `\n` for kept line breaks) to `width` display columns.
/// Every returned range is a line; an empty source line gives one empty range.
pub fn wrap(text: &str, width: usize) -> Vec<Range<usize>> {
    let width = width.max(1);
    let base = text.as_ptr() as usize;
    let offset = |s: &str| s.as_ptr() as usize - base;
    let mut lines = Vec::new();
    let mut line_start = 0;
    for line in text.split('\n') {
        let ps = pieces(line, width);
        if ps.is_empty() {
            lines.push(line_start..line_start);
        } else {
            for group in wrap_first_fit(&ps, &[width as f64]) {
                let (Some(first), Some(last)) = (group.first(), group.last()) else {
                    continue;
                };
                let start = offset(first.word);
                lines.push(start..offset(last.word) + last.word.len());
            }
        }
        line_start += line.len() + 1;
    }
    lines
}

/// Display width of a string in terminal cells, cluster by cluster as it is drawn.
pub fn width(s: &str) -> usize {
    s.graphemes(true).map(cells).sum()
}

/// `s` cut to at most `max` cells at a cluster boundary, and the cells it takes.
pub fn cut(s: &str, max: usize) -> (&str, usize) {
    let mut w = 0;
    for (i, g) in s.grapheme_indices(true) {
        let cw = cells(g);
        if w + cw > max {
            return (&s[..i], w);
        }
        w += cw;
    }
    (s, w)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str, w: usize) -> Vec<&str> {
        wrap(text, w).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn wraps_at_spaces() {
        assert_eq!(lines("the quick brown fox", 10), ["the quick", "brown fox"]);
    }

    #[test]
    fn breaks_long_words() {
        assert_eq!(lines("abcdefghij", 4), ["abcd", "efgh", "ij"]);
    }

    #[test]
    fn cjk_fills_lines_by_width_and_keeps_closing_punctuation() {
        let text = "日本語の文章です。改行";
        let ls = lines(text, 8);
        assert!(ls.iter().all(|l| width(l) <= 8), "{ls:?}");
        assert_eq!(ls[0], "日本語の");
        assert!(!ls.iter().any(|l| l.starts_with('。')));
        assert_eq!(ls.concat(), text);
    }

    #[test]
    fn emoji_sequences_combining_marks_and_flags_are_measured_as_drawn() {
        assert_eq!(width("👨\u{200d}👩\u{200d}👧"), 2);
        assert_eq!(width("e\u{301}\u{301}x"), 2);
        assert_eq!(width("🇫🇷"), 2);
        assert_eq!(width("a\u{200b}\u{200b}b"), 2);
        // A long word of clusters is cut between clusters, never inside one.
        let word = "e\u{301}".repeat(10);
        let ls = lines(&word, 4);
        assert!(
            ls.iter()
                .all(|l| !l.starts_with('\u{301}') && width(l) <= 4),
            "{ls:?}"
        );
        assert_eq!(ls.concat(), word);
    }

    proptest::proptest! {
        /// Every line fits its width as ratatui draws it, lines start on cluster boundaries,
        /// and together they hold all the text but the spaces at breaks.
        #[test]
        fn lines_fit_as_drawn_and_never_split_a_cluster(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "word", " ", "  ", "日本", "👨\u{200d}👩\u{200d}👧", "🇫🇷", "e\u{301}", "\u{301}",
                "\u{200b}", "ﾊﾞ", "한국어", "x\u{20e3}", "。", "—",
            ]), 0..40),
            width in 1usize..16,
        ) {
            let text = parts.concat();
            let clusters: Vec<usize> = text.grapheme_indices(true).map(|(i, _)| i).collect();
            let ls = wrap(&text, width);
            for l in &ls {
                let line = &text[l.clone()];
                // A cluster wider than the line itself is the only thing that may overflow.
                let single = line.graphemes(true).filter(|g| cells(g) > 0).count() == 1;
                proptest::prop_assert!(width_of(line) <= width || single, "{:?} at {}", line, width);
                proptest::prop_assert!(l.start == text.len() || clusters.contains(&l.start) || l.is_empty(), "{:?}", line);
            }
            let kept: String = ls.iter().map(|l| &text[l.clone()]).collect::<String>().replace(' ', "");
            proptest::prop_assert_eq!(kept, text.replace(' ', ""));
        }
    }

    /// The width ratatui's buffer gives a line: the sum of its clusters' cells.
    fn width_of(line: &str) -> usize {
        use ratatui::buffer::Buffer;
        use ratatui::layout::Rect;
        let mut buf = Buffer::empty(Rect::new(0, 0, 200, 1));
        let (x, _) = buf.set_stringn(0, 0, line, 200, ratatui::style::Style::new());
        usize::from(x)
    }

    #[test]
    fn kept_breaks_and_indentation() {
        assert_eq!(lines("a\n\n    code here", 20), ["a", "", "    code here"]);
    }
}
