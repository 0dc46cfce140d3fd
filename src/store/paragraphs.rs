//! Splitting document text into paragraphs, and deciding which keep their line breaks.
//!
//! Paragraphs are separated by blank lines. A block of several lines is *reflowed* (its breaks
//! become spaces) when it looks hard-wrapped: long lines, each filled so that the next line's
//! first word would not have fitted. Lists, headings, quotes, tables, indented code, fenced code
//! and verse-like short lines keep their breaks. Paragraphs are byte ranges into the document,
//! never copies, so a large file's index stays small.

use serde::{Deserialize, Serialize};
use std::ops::Range;

/// How a paragraph is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kind {
    /// Prose: line breaks inside it are reflowed.
    Prose,
    /// Line breaks are kept (lists, verse, code, tables).
    Lines,
    /// A Markdown `#` heading.
    Heading,
}

/// One paragraph: a byte range of the document (without its final line break).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Paragraph {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// The next paragraph continues this one (a long block cut in pieces): no blank row.
    pub joined: bool,
}

/// Hard-wrapped prose is at least this wide; shorter lines are more likely verse or a list.
const MIN_WRAP_WIDTH: usize = 40;
/// Prose wrapped by hand is at least this wide (most verse is narrower), and its lines but the
/// last are within this many characters of its widest.
const MIN_HAND_WRAP_WIDTH: usize = 60;
const HAND_WRAP_SLACK: usize = 12;

/// Whether a paragraph is a fenced code block: its first line a fence.
pub fn is_code_block(paragraph: &[u8]) -> bool {
    let first = memchr::memchr(b'\n', paragraph).map_or(paragraph, |n| &paragraph[..n]);
    is_fence(first)
}

pub(super) fn is_fence(line: &[u8]) -> bool {
    let t = trim_start(line);
    line.len() - t.len() <= 3 && (t.starts_with(b"```") || t.starts_with(b"~~~"))
}

fn trim_start(line: &[u8]) -> &[u8] {
    let n = line
        .iter()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count();
    &line[n..]
}

pub(super) fn is_heading(line: &[u8]) -> bool {
    let hashes = line.iter().take_while(|&&b| b == b'#').count();
    (1..=6).contains(&hashes) && matches!(line.get(hashes), None | Some(b' ') | Some(b'\t'))
}

/// Lines that only make sense with their breaks: list items, block quotes, table rows.
fn is_structural(line: &[u8]) -> bool {
    let t = trim_start(line);
    let digits = t.iter().take_while(|b| b.is_ascii_digit()).count();
    let bullet = matches!(t, [b'-' | b'*' | b'+' | b'\xe2', ..])
        && (t.starts_with(b"- ")
            || t.starts_with(b"* ")
            || t.starts_with(b"+ ")
            || t.starts_with("• ".as_bytes()));
    let numbered =
        (1..=3).contains(&digits) && matches!(t.get(digits..digits + 2), Some(b". ") | Some(b") "));
    bullet || numbered || t.starts_with(b">") || t.starts_with(b"|")
}

fn is_indented_code(line: &[u8]) -> bool {
    line.starts_with(b"    ") || line.starts_with(b"\t")
}

/// Length in characters (not bytes: accents and CJK would skew byte counts).
fn char_len(line: &[u8]) -> usize {
    let trimmed = line
        .iter()
        .rposition(|&b| b != b' ' && b != b'\t')
        .map_or(0, |p| p + 1);
    line[..trimmed]
        .iter()
        .filter(|&&b| (b & 0xC0) != 0x80)
        .count()
}

fn first_word_len(line: &[u8]) -> usize {
    let t = trim_start(line);
    let n = t
        .iter()
        .position(|&b| b == b' ' || b == b'\t')
        .unwrap_or(t.len());
    char_len(&t[..n])
}

/// True when a block of lines looks like prose hard-wrapped at a fixed width.
fn is_hard_wrapped(bytes: &[u8], lines: &[Range<usize>]) -> bool {
    // Lengths are counted twice rather than kept: this runs for every paragraph of a book.
    let len = |r: &Range<usize>| char_len(&bytes[r.clone()]);
    let width = lines.iter().map(len).max().unwrap_or(0);
    if width < MIN_WRAP_WIDTH {
        return false;
    }
    // A wrapper breaks a line only when the next word would not fit; verse breaks earlier.
    let filled = lines
        .windows(2)
        .filter(|pair| len(&pair[0]) + 1 + first_word_len(&bytes[pair[1].clone()]) > width)
        .count();
    let breaks = lines.len() - 1;
    if filled * 4 >= breaks * 3 {
        return true;
    }
    // Wrapped by hand or by a typesetter rather than greedily (as much of Project Gutenberg
    // is), prose still runs to near its width on every line but the last, and goes on from
    // one line to the next mid-sentence; verse capitalises its lines, or varies in length.
    let near = lines[..breaks]
        .iter()
        .filter(|r| len(r) + HAND_WRAP_SLACK >= width)
        .count();
    let runs_on = lines[1..].iter().any(|r| {
        trim_start(&bytes[r.clone()])
            .first()
            .is_some_and(|b| !b.is_ascii_uppercase())
    });
    width >= MIN_HAND_WRAP_WIDTH && near * 4 >= breaks * 3 && runs_on
}

pub(super) fn classify_block(bytes: &[u8], block: &[Range<usize>], out: &mut Vec<Paragraph>) {
    // Headings stand alone even without blank lines around them.
    let mut rest: &[Range<usize>] = block;
    while let Some(pos) = rest.iter().position(|r| is_heading(&bytes[r.clone()])) {
        push_lines(bytes, &rest[..pos], out);
        out.push(Paragraph {
            start: rest[pos].start,
            end: rest[pos].end,
            kind: Kind::Heading,
            joined: false,
        });
        rest = &rest[pos + 1..];
    }
    push_lines(bytes, rest, out);
}

fn push_lines(bytes: &[u8], lines: &[Range<usize>], out: &mut Vec<Paragraph>) {
    let (Some(first), Some(last)) = (lines.first(), lines.last()) else {
        return;
    };
    let line = |r: &Range<usize>| &bytes[r.clone()];
    // Log and data lines (`2026-11-28 12:00 INFO …`) start with digits; prose seldom does.
    let numeric = lines
        .iter()
        .filter(|r| trim_start(line(r)).first().is_some_and(u8::is_ascii_digit))
        .count();
    let kind = if lines.len() == 1 {
        if is_indented_code(line(first)) || is_structural(line(first)) {
            Kind::Lines
        } else {
            Kind::Prose
        }
    } else if (numeric * 2 >= lines.len()
        && trim_start(line(first))
            .first()
            .is_some_and(u8::is_ascii_digit))
        || lines.iter().any(|r| is_structural(line(r)))
        || lines.iter().all(|r| is_indented_code(line(r)))
        || !is_hard_wrapped(bytes, lines)
    {
        Kind::Lines
    } else {
        Kind::Prose
    };
    out.push(Paragraph {
        start: first.start,
        end: last.end,
        kind,
        joined: false,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(Kind, &str)> {
        super::super::para_index::split(text.as_bytes(), 0, super::super::para_index::PIECE)
            .into_iter()
            .map(|p| (p.kind, &text[p.start..p.end]))
            .collect()
    }

    #[test]
    fn blank_lines_separate_paragraphs_with_any_line_ending() {
        let k = kinds("one\r\n\r\ntwo\r\r  \nthree\n");
        assert_eq!(
            k,
            [
                (Kind::Prose, "one"),
                (Kind::Prose, "two"),
                (Kind::Prose, "three")
            ]
        );
    }

    #[test]
    fn hard_wrapped_prose_is_reflowed() {
        let text = "It is a truth universally acknowledged, that a single man in\n\
                    possession of a good fortune, must be in want of a wife. However\n\
                    little known the feelings or views of such a man may be.";
        assert_eq!(kinds(text)[0].0, Kind::Prose);
    }

    #[test]
    fn prose_wrapped_by_hand_is_reflowed() {
        // Project Gutenberg's *Emma* (public domain): no greedy wrapper broke these lines
        // (`and` would have fitted on the first), but every line but the last runs to near
        // the width and the sentence runs on.
        let emma = "Emma Woodhouse, handsome, clever, and rich, with a comfortable home\n\
                    and happy disposition, seemed to unite some of the best blessings of\n\
                    existence; and had lived nearly twenty-one years in the world with very\n\
                    little to distress or vex her.";
        assert_eq!(kinds(emma)[0].0, Kind::Prose);
        let dialogue = "\"He was four-and-twenty the 8th of last June, and my birthday is the\n\
                        23rd just a fortnight and a day's difference--which is very odd.\"";
        assert_eq!(
            kinds(dialogue)[0].0,
            Kind::Prose,
            "a line starting with a number"
        );
        // Longfellow's *Evangeline* (public domain): long lines of verse, each capitalised.
        let verse = "This is the forest primeval. The murmuring pines and the hemlocks,\n\
                     Bearded with moss, and in garments green, indistinct in the twilight,\n\
                     Stand like Druids of eld, with voices sad and prophetic,\n\
                     Stand like harpers hoar, with beards that rest on their bosoms.";
        assert_eq!(kinds(verse)[0].0, Kind::Lines);
        let address = "Mrs. Goddard's School,\nHighbury,\nSurrey.";
        assert_eq!(kinds(address)[0].0, Kind::Lines, "an address block");
    }

    #[test]
    fn verse_and_lists_keep_their_breaks() {
        let verse = "Tyger Tyger, burning bright,\nIn the forests of the night;\nWhat immortal hand or eye,\nCould frame thy fearful symmetry?";
        assert_eq!(kinds(verse)[0].0, Kind::Lines);
        let list = "Shopping:\n- apples and a great many other things to buy today\n- pears";
        assert_eq!(kinds(list)[0].0, Kind::Lines);
        let short = "Roses are red,\nViolets are blue.";
        assert_eq!(kinds(short)[0].0, Kind::Lines);
    }

    #[test]
    fn headings_stand_alone_and_fences_keep_blank_lines() {
        let text = "# Title\nBody text.\n\n```\ncode\n\nmore\n```\nafter";
        let k = kinds(text);
        assert_eq!(k[0], (Kind::Heading, "# Title"));
        assert_eq!(k[1], (Kind::Prose, "Body text."));
        assert_eq!(k[2], (Kind::Lines, "```\ncode\n\nmore\n```"));
        assert_eq!(k[3], (Kind::Prose, "after"));
    }

    #[test]
    fn log_lines_keep_their_breaks() {
        let log = "2026-11-28 12:00:01 INFO request 1 served in 266 ms after a long wait\n\
                   2026-11-28 12:00:02 INFO request 2 served in 130 ms after a long wait\n\
                   2026-11-28 12:00:03 INFO request 3 served in 772 ms after a long wait";
        assert_eq!(kinds(log)[0].0, Kind::Lines);
    }

    #[test]
    fn empty_and_blank_text_has_no_paragraphs() {
        assert!(kinds("").is_empty());
        assert!(kinds("\n \n\t\n").is_empty());
    }
}
