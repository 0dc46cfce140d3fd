//! Wrapping one paragraph's display text into screen lines (DESIGN decision 2: wrap only what is
//! visible). Lines are returned as byte ranges into the display text, so every screen line can be
//! mapped back to source offsets for highlights and reading positions.
//!
//! Wrapping is textwrap's first-fit over words found by our own separator: spaces separate
//! words, and wide (CJK) characters are break opportunities of their own, so Chinese or Japanese
//! text with no spaces still fills its lines. First-fit rather than optimal-fit keeps a line's
//! start stable when later text changes, which keeps the reading position steady.

use std::ops::Range;
use textwrap::core::{Word, break_words};
use textwrap::wrap_algorithms::wrap_first_fit;
use unicode_width::UnicodeWidthChar;

/// Closing punctuation that must not start a line in CJK text (kinsoku).
fn no_break_before(c: char) -> bool {
    matches!(
        c,
        '。' | '、'
            | '，'
            | '．'
            | '！'
            | '？'
            | '：'
            | '；'
            | '」'
            | '』'
            | '）'
            | '】'
            | '〉'
            | '》'
            | '〕'
            | 'ー'
            | '…'
    ) || c.width() == Some(0)
}

/// Splits one line (no `\n`) into words. Leading spaces stay part of the first word so that
/// indentation in kept-break paragraphs survives wrapping.
fn words(line: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = line.char_indices().peekable();
    let mut in_leading_space = true;
    while let Some((i, c)) = chars.next() {
        if c == ' ' {
            if in_leading_space {
                continue;
            }
            // End of a word: take the run of spaces as its whitespace.
            let mut end = i + 1;
            while let Some(&(j, ' ')) = chars.peek() {
                end = j + 1;
                chars.next();
            }
            out.push(Word::from(&line[start..end]));
            start = end;
            continue;
        }
        in_leading_space = false;
        let next = chars.peek().map(|&(_, n)| n);
        let wide_here = c.width() == Some(2);
        let breakable = match next {
            Some(n) if n != ' ' && !no_break_before(n) => wide_here || n.width() == Some(2),
            _ => false,
        };
        if breakable {
            let end = i + c.len_utf8();
            out.push(Word::from(&line[start..end]));
            start = end;
        }
    }
    if start < line.len() {
        out.push(Word::from(&line[start..]));
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
        let ws = words(line);
        if ws.is_empty() {
            lines.push(line_start..line_start);
        } else {
            let broken = break_words(ws, width);
            for group in wrap_first_fit(&broken, &[width as f64]) {
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

/// Display width of a string in terminal cells.
pub fn width(s: &str) -> usize {
    s.chars().map(|c| c.width().unwrap_or(0)).sum()
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
    fn kept_breaks_and_indentation() {
        assert_eq!(lines("a\n\n    code here", 20), ["a", "", "    code here"]);
    }
}
