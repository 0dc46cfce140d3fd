//! Bookmarks and their text anchors (DESIGN decision 4). Pure: no I/O.
//!
//! A bookmark keeps the exact passage, some text before and after it, a byte-offset hint, the
//! document's fingerprint and path, a note and the time. Finding it again: the offset when the
//! document is unchanged; else the exact passage nearest the hint (the context breaks ties
//! between copies); else, for small edits, pieces of the passage found nearby; else it is shown
//! as "passage not found" with its saved text — never dropped.

use serde::{Deserialize, Serialize};
use std::ops::Range;

/// Bytes of context saved on each side of a passage.
const CONTEXT: usize = 48;
/// Length of the pieces used to find an edited passage.
const PIECE: usize = 24;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Bookmark {
    /// Unique id (creation time and a counter), stable across processes.
    pub id: String,
    pub fingerprint: String,
    /// Where the document was read from (a file path or `builtin:NAME`).
    pub path: String,
    /// The document's title and date when bookmarked, for lists.
    pub title: String,
    #[serde(default)]
    pub date: Option<String>,
    /// The passage, exactly when it is valid UTF-8; else with U+FFFD for each invalid byte,
    /// and `raw` holds its bytes.
    pub text: String,
    /// The passage's bytes, when they are not valid UTF-8 (saved as hex).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "hex")]
    pub raw: Option<Vec<u8>>,
    pub before: String,
    pub after: String,
    /// Byte offset of the passage when saved.
    pub offset: usize,
    #[serde(default)]
    pub note: String,
    /// Who said it, when the bookmark is a quotation.
    #[serde(default)]
    pub speaker: Option<String>,
    /// Seconds since the Unix epoch.
    pub created: u64,
}

impl Bookmark {
    /// A bookmark of `range` of `bytes`, with its anchor; the document fields (fingerprint,
    /// path, title, date) and the id and time are left for the caller to fill.
    pub fn at(bytes: &[u8], range: Range<usize>) -> Bookmark {
        let (text, before, after) = anchor(bytes, range.clone());
        let raw = std::str::from_utf8(&bytes[range.clone()])
            .is_err()
            .then(|| bytes[range.clone()].to_vec());
        Bookmark {
            raw,
            id: String::new(),
            fingerprint: String::new(),
            path: String::new(),
            title: String::new(),
            date: None,
            text,
            before,
            after,
            offset: range.start,
            note: String::new(),
            speaker: None,
            created: 0,
        }
    }
}

impl Bookmark {
    /// The passage's bytes, as they were in the document.
    pub fn passage(&self) -> &[u8] {
        self.raw.as_deref().unwrap_or(self.text.as_bytes())
    }
}

/// Bytes as a string of hex digits in saved state.
mod hex {
    use serde::{Deserialize, Deserializer, Serializer};
    use std::fmt::Write as _;

    pub(super) fn serialize<S: Serializer>(v: &Option<Vec<u8>>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(b) => s.serialize_str(&b.iter().fold(String::new(), |mut h, x| {
                let _ = write!(h, "{x:02x}");
                h
            })),
            None => s.serialize_none(),
        }
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Vec<u8>>, D::Error> {
        let Some(h) = Option::<String>::deserialize(d)? else {
            return Ok(None);
        };
        if h.len() % 2 != 0 || !h.is_ascii() {
            return Err(serde::de::Error::custom("hex bytes of odd length"));
        }
        (0..h.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&h[i..i + 2], 16).map_err(serde::de::Error::custom))
            .collect::<Result<Vec<u8>, _>>()
            .map(Some)
    }
}

/// Where a bookmark is now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Found {
    /// The exact passage.
    Exact(Range<usize>),
    /// An edited passage, found by its pieces.
    Approximate(Range<usize>),
    NotFound,
}

impl Found {
    pub fn range(&self) -> Option<Range<usize>> {
        match self {
            Found::Exact(r) | Found::Approximate(r) => Some(r.clone()),
            Found::NotFound => None,
        }
    }
}

/// The longest prefix of `bytes[..n]` (or suffix) that is valid UTF-8, as a string.
fn utf8_clip(bytes: &[u8], from_end: bool) -> String {
    let mut s = bytes;
    while !s.is_empty() && std::str::from_utf8(s).is_err() {
        s = if from_end { &s[1..] } else { &s[..s.len() - 1] };
    }
    String::from_utf8_lossy(s).into_owned()
}

/// Builds the anchor fields of a bookmark for `range` of `bytes`.
pub fn anchor(bytes: &[u8], range: Range<usize>) -> (String, String, String) {
    let text = String::from_utf8_lossy(&bytes[range.clone()]).into_owned();
    let before = utf8_clip(
        &bytes[range.start.saturating_sub(CONTEXT)..range.start],
        true,
    );
    let after = utf8_clip(
        &bytes[range.end..(range.end + CONTEXT).min(bytes.len())],
        false,
    );
    (text, before, after)
}

fn all_matches(hay: &[u8], needle: &[u8]) -> Vec<usize> {
    if needle.is_empty() {
        return Vec::new();
    }
    memchr::memmem::find_iter(hay, needle).collect()
}

/// Shared bytes at the end of `a` and the start of `b`... of the context next to a copy.
fn context_score(bytes: &[u8], at: usize, len: usize, b: &Bookmark) -> usize {
    let before = &bytes[at.saturating_sub(b.before.len())..at];
    let after = &bytes[(at + len).min(bytes.len())..(at + len + b.after.len()).min(bytes.len())];
    let tail = before
        .iter()
        .rev()
        .zip(b.before.as_bytes().iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let head = after
        .iter()
        .zip(b.after.as_bytes())
        .take_while(|(x, y)| x == y)
        .count();
    tail + head
}

/// Finds a bookmark's passage in `bytes`.
pub fn locate(bytes: &[u8], b: &Bookmark) -> Found {
    let text = b.passage();
    if text.is_empty() {
        return Found::NotFound;
    }
    if bytes.get(b.offset..b.offset + text.len()) == Some(text) {
        return Found::Exact(b.offset..b.offset + text.len());
    }
    // Every exact copy: the best context wins, then the nearest to where it was.
    let copies = all_matches(bytes, text);
    if let Some(&at) = copies.iter().max_by_key(|&&at| {
        (
            context_score(bytes, at, text.len(), b),
            std::cmp::Reverse(at.abs_diff(b.offset)),
        )
    }) {
        return Found::Exact(at..at + text.len());
    }
    // Small edits: pieces of the passage, found where the passage would start.
    let mut votes: Vec<usize> = Vec::new();
    let mut i = 0;
    while i + PIECE <= text.len() {
        if let Ok(piece) = std::str::from_utf8(&text[i..i + PIECE]) {
            for at in all_matches(bytes, piece.as_bytes()) {
                votes.push(at.saturating_sub(i));
            }
        }
        i += PIECE;
    }
    let pieces = (text.len() / PIECE).max(1);
    votes.sort_unstable();
    // The start most pieces agree on (within a few bytes of edit), nearest the hint on ties.
    let mut best: Option<(usize, usize)> = None;
    let mut j = 0;
    for k in 0..votes.len() {
        while votes[k] - votes[j] > 32 {
            j += 1;
        }
        let n = k - j + 1;
        let better = match best {
            None => true,
            Some((bn, bs)) => {
                n > bn || (n == bn && votes[k].abs_diff(b.offset) < bs.abs_diff(b.offset))
            }
        };
        if better {
            best = Some((n, votes[k]));
        }
    }
    match best {
        Some((n, start)) if n * 2 >= pieces || (n >= 1 && pieces <= 2) => {
            let end = (start + text.len()).min(bytes.len());
            Found::Approximate(start..end)
        }
        _ => Found::NotFound,
    }
}

/// Sentence ranges (source bytes) within `bytes[range]`: ends after `.`, `!`, `?` (and closing
/// quotes or brackets) followed by white space.
pub fn sentences(bytes: &[u8], range: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = range.start;
    let mut i = range.start;
    while i < range.end {
        let b = bytes[i];
        if matches!(b, b'.' | b'!' | b'?') {
            let mut end = i + 1;
            // Closing marks stay with the sentence: ." .” !) …
            loop {
                let rest = &bytes[end.min(range.end)..range.end];
                let skip = if rest.starts_with("”".as_bytes()) || rest.starts_with("’".as_bytes())
                {
                    3
                } else if rest
                    .first()
                    .is_some_and(|c| matches!(c, b'"' | b'\'' | b')' | b']'))
                {
                    1
                } else {
                    0
                };
                if skip == 0 {
                    break;
                }
                end += skip;
            }
            let next_space = bytes.get(end).is_some_and(|c| c.is_ascii_whitespace());
            if end >= range.end || next_space {
                let end = end.min(range.end);
                out.push(start..end);
                start = end;
                while start < range.end && bytes[start].is_ascii_whitespace() {
                    start += 1;
                }
                i = start;
                continue;
            }
        }
        i += 1;
    }
    if start < range.end {
        out.push(start..range.end);
    }
    out
}

/// Merges another copy's bookmarks into `mine`: the union by id, minus the deleted ids.
pub fn merge(mine: &mut Vec<Bookmark>, theirs: Vec<Bookmark>, deleted: &[String]) {
    for b in theirs {
        match mine.iter_mut().find(|m| m.id == b.id) {
            Some(m) => *m = b,
            None => mine.push(b),
        }
    }
    mine.retain(|b| !deleted.contains(&b.id));
}

/// One change to the saved bookmarks, applied under the lock to what is on disk now, so two
/// windows adding and deleting at once lose nothing.
#[derive(Clone, Debug, PartialEq)]
pub enum BookmarkChange {
    Add(Box<Bookmark>),
    Delete(String),
    Note { id: String, note: String },
}

/// A date from seconds since the epoch (UTC), without a calendar crate.
pub fn date(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(bytes: &[u8], range: Range<usize>) -> Bookmark {
        Bookmark {
            id: "1".into(),
            ..Bookmark::at(bytes, range)
        }
    }

    #[test]
    fn a_passage_of_invalid_bytes_is_found_by_its_bytes_and_saved_as_hex() {
        let doc = b"Before.\n\n\xff\xfe caf\xe9 \xff\n\nAfter.";
        let b = mark(doc, 9..18);
        assert_eq!(b.passage(), &doc[9..18]);
        assert_eq!(locate(doc, &b), Found::Exact(9..18));
        let moved = [b"New first line.\n\n".as_slice(), doc].concat();
        assert_eq!(locate(&moved, &b), Found::Exact(26..35));
        let json = serde_json::to_string(&b).unwrap();
        assert!(json.contains("\"raw\":\"fffe20636166e920ff\""), "{json}");
        let back: Bookmark = serde_json::from_str(&json).unwrap();
        assert_eq!(back, b);
        // Valid text has no `raw` at all.
        let plain = mark(doc, 0..7);
        assert!(plain.raw.is_none() && !serde_json::to_string(&plain).unwrap().contains("raw"));
    }

    #[test]
    fn unchanged_document_finds_the_exact_passage() {
        let doc = b"One. Two three. Four.";
        let b = mark(doc, 5..15);
        assert_eq!(locate(doc, &b), Found::Exact(5..15));
    }

    #[test]
    fn inserted_text_before_moves_the_passage() {
        let doc = b"Alpha beta. The passage we want to keep. Gamma.";
        let b = mark(doc, 12..40);
        let edited = b"New words at the top. Alpha beta. The passage we want to keep. Gamma.";
        let r = locate(edited, &b).range().unwrap();
        assert_eq!(&edited[r], b"The passage we want to keep.");
    }

    #[test]
    fn the_same_sentence_twice_goes_to_the_right_copy() {
        let doc = b"Intro A. Same words here. Middle part. Same words here. End B.";
        let second = 39..55;
        assert_eq!(&doc[second.clone()], b"Same words here.");
        let b = mark(doc, second.clone());
        let edited = b"Intro A. Same words here. Middle part changed. Same words here. End B.";
        let r = locate(edited, &b).range().unwrap();
        assert!(r.start > 30, "went to the first copy: {r:?}");
    }

    #[test]
    fn a_small_edit_inside_is_found_approximately() {
        let doc = "Here is a rather long passage that somebody bookmarked because it mattered a great deal to them.";
        let b = mark(doc.as_bytes(), 0..doc.len());
        let edited = "Here is a rather long passage that somebody bookmarked since it mattered a great deal to them.";
        assert!(matches!(locate(edited.as_bytes(), &b), Found::Approximate(r) if r.start == 0));
    }

    #[test]
    fn gone_passage_is_not_found() {
        let b = mark(b"Completely different text here for sure.", 0..20);
        assert_eq!(locate(b"Nothing alike at all.", &b), Found::NotFound);
    }

    #[test]
    fn sentences_split_after_closing_marks() {
        let t = "“We are ready.” He said so! Why? Yes.";
        let s: Vec<&str> = sentences(t.as_bytes(), 0..t.len())
            .into_iter()
            .map(|r| &t[r])
            .collect();
        assert_eq!(s, ["“We are ready.”", "He said so!", "Why?", "Yes."]);
    }

    #[test]
    fn merge_keeps_both_sides_and_honours_deletes() {
        let a = mark(b"x", 0..1);
        let mut b2 = a.clone();
        b2.id = "2".into();
        let mut mine = vec![a.clone()];
        merge(&mut mine, vec![b2.clone()], &[]);
        assert_eq!(mine.len(), 2);
        merge(&mut mine, vec![], &["1".into()]);
        assert_eq!(mine, vec![b2]);
    }
}
