//! A document's outline: its headings, from its structure where it has one (`#` headings, which
//! web pages and books are written with) and from the lines that act as headings in plain text
//! (`CHAPTER I.`, `Part Two`, `2.1 Methods`, a short line in capitals standing alone).

use super::Document;
use super::paragraphs::Kind;

/// One heading: where its paragraph starts, how deep it is (1 is the top), what it says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    pub offset: usize,
    pub level: u8,
    pub title: String,
}

/// Words that open a heading of a book's parts (level 1) and of its chapters (level 2) when a
/// number follows them or they stand alone.
const PARTS: &[&str] = &["book", "part", "volume"];
const CHAPTERS: &[&str] = &["chapter", "letter", "stave", "canto", "act", "scene"];
/// Headings that need no number.
const ALONE: &[&str] = &[
    "prologue",
    "epilogue",
    "preface",
    "foreword",
    "introduction",
    "afterword",
    "appendix",
    "contents",
    "conclusion",
];

/// Longest line taken for a heading of plain text.
const MAX_HEADING: usize = 72;

/// The headings of `doc`, in order, their levels made to start at 1. (A large document is read
/// through for this.)
pub fn outline(doc: &Document) -> Vec<Heading> {
    let mut out: Vec<Heading> = doc
        .paragraphs()
        .filter_map(|p| {
            let text = doc.display(&p).text;
            let text = text.trim();
            let level = match p.kind {
                Kind::Heading => {
                    let hashes = text.chars().take_while(|&c| c == '#').count();
                    let title = text[hashes..].trim();
                    return (!title.is_empty()).then(|| Heading {
                        offset: p.start,
                        level: hashes.clamp(1, 6) as u8,
                        title: title.to_string(),
                    });
                }
                _ => plain_heading(text)?,
            };
            Some(Heading {
                offset: p.start,
                level,
                title: text.to_string(),
            })
        })
        .collect();
    if let Some(top) = out.iter().map(|h| h.level).min() {
        for h in &mut out {
            h.level -= top - 1;
        }
    }
    out
}

/// The heading a reader at `offset` is under: the last one that starts at or before it.
pub fn current(headings: &[Heading], offset: usize) -> Option<usize> {
    headings
        .partition_point(|h| h.offset <= offset)
        .checked_sub(1)
}

/// The level of a paragraph of plain text that reads as a heading.
fn plain_heading(text: &str) -> Option<u8> {
    if text.is_empty() || text.contains('\n') || text.chars().count() > MAX_HEADING {
        return None;
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let first = words[0].trim_end_matches(['.', ':']).to_lowercase();
    // `Chapter 2`, `CHAPTER II. THE STORM`, `Part One: Arrival`, but not `Chapter 2 ends badly.`:
    // what follows the number is a title, not the rest of a sentence.
    let titled = match words.get(2) {
        None => true,
        Some(w) => {
            words.len() <= 12
                && (w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
                    || w.starts_with(['—', '–', '-', ':', '(']))
        }
    };
    let numbered_next = words.get(1).is_none_or(|w| is_number(w)) && titled;
    if PARTS.contains(&first.as_str()) && numbered_next {
        return Some(1);
    }
    if CHAPTERS.contains(&first.as_str()) && numbered_next {
        return Some(2);
    }
    if ALONE.contains(&first.as_str()) && words.len() <= 4 {
        return Some(2);
    }
    // `2.1 Methods`, `IV. The Trial`: a number, then a capitalised title with no full stop.
    if words.len() >= 2
        && words.len() <= 10
        && is_number(words[0])
        && words[1].starts_with(char::is_uppercase)
        && !text.ends_with(['.', ',', ';', '?', '!', ':'])
    {
        return Some(2 + words[0].trim_end_matches(['.', ')']).matches('.').count() as u8);
    }
    // A short line in capitals standing alone (`THE END OF THE AFFAIR`).
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    let upper = text.chars().filter(|c| c.is_uppercase()).count();
    // Not a letter's salutation or signature (`DEAR SIR,`, `WILLIAM COLLINS.”`), nor a notice
    // or a shout (`POOH FOUND IT.`, `HELP!`): those end as sentences do.
    let speech = text.starts_with(['"', '“', '‘', '\''])
        || text.ends_with([',', ';', '.', '!', '?', '"', '”', '’', '*']);
    if letters >= 3 && upper == letters && words.len() <= 10 && !speech {
        return Some(2);
    }
    None
}

/// `12`, `12.`, `3.1`, `IV.`, `xii`, `One`, `FIRST`: a heading's number.
fn is_number(word: &str) -> bool {
    let w = word.trim_end_matches(['.', ':', ')']);
    if w.is_empty() {
        return false;
    }
    let digits = w
        .split('.')
        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    let roman = w.len() <= 7 && w.chars().all(|c| "IVXLCivxlc".contains(c));
    const WORDS: &[&str] = &[
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve", "first", "second", "third", "fourth", "fifth", "sixth", "last", "the",
    ];
    digits || roman || WORDS.contains(&w.to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Origin;

    fn headings(text: &str) -> Vec<(u8, String)> {
        let d = Document::from_bytes(Origin::Builtin("t"), text.as_bytes().to_vec()).unwrap();
        outline(&d)
            .into_iter()
            .map(|h| (h.level, h.title))
            .collect()
    }

    #[test]
    fn markdown_headings_keep_their_depth() {
        let h = headings("# Notes\n\nText.\n\n## First\n\nMore.\n\n### Deeper\n\nEnd.");
        assert_eq!(
            h,
            [
                (1, "Notes".into()),
                (2, "First".into()),
                (3, "Deeper".into())
            ]
        );
    }

    #[test]
    fn plain_text_chapters_parts_and_numbered_sections() {
        let text = "PART ONE\n\nCHAPTER I.\n\nIt was a dark night, and \"Chapter and verse\" was all he said.\n\n\
                    Chapter 2: The Storm\n\nRain.\n\n2.1 Methods Used Here\n\nWe counted.\n\n\
                    THE END\n\n\"HELP!\"\n\nPOOH FOUND IT.\n\nDEAR SIR,\n\nWILLIAM COLLINS.\"\n\n1. Buy milk.\n\nEpilogue";
        assert_eq!(
            headings(text),
            [
                (1, "PART ONE".into()),
                (2, "CHAPTER I.".into()),
                (2, "Chapter 2: The Storm".into()),
                (3, "2.1 Methods Used Here".into()),
                (2, "THE END".into()),
                (2, "Epilogue".into()),
            ]
        );
    }

    #[test]
    fn prose_is_not_a_heading() {
        assert!(headings("Chapter and verse were quoted at length.\n\nA line.").is_empty());
        assert!(headings("I went home.\n\nOK.").is_empty());
        assert!(
            headings("Chapter 1 paragraph 0 goes on for a while.\n\nPart two of it, too.")
                .is_empty()
        );
    }
}
