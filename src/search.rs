//! Searching a document's bytes: compiling what the user typed, finding the next and previous
//! match from a position, and counting matches (cancellable, for the background).
//!
//! Every query becomes one byte regex, so plain words, whole words and regular expressions share
//! one fast engine (SIMD literal search where it can): smart case (all lower case ignores case,
//! with Unicode case folding, so `élysée` finds `ÉLYSÉE`), and a plain query forgives typography
//! (`fold`): quote marks, dashes, runs of white space, and accents it does not have.

mod anchor;
mod fold;

use anchor::Anchor;
use regex::bytes::{Regex, RegexBuilder};
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};

/// How the query is read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// The query is a regular expression.
    pub regex: bool,
    /// Matches must be whole words.
    pub whole_word: bool,
}

/// A compiled search.
#[derive(Clone, Debug)]
pub struct Query {
    re: Regex,
    /// A faster way in for one word ignoring case.
    anchor: Option<Anchor>,
    /// With accents folded: the query without them, searched fast (see `find_folded`).
    unaccented: Option<Unaccented>,
}

/// A query without its accent folds: the regex and its own fast way in, and the longest match
/// of the whole query to look for around an accented letter.
#[derive(Clone, Debug)]
struct Unaccented {
    re: Regex,
    anchor: Option<Anchor>,
    max_len: usize,
}

impl PartialEq for Query {
    fn eq(&self, other: &Query) -> bool {
        self.re.as_str() == other.re.as_str()
    }
}

/// Bytes scanned per step when counting, between checks for cancellation.
const COUNT_CHUNK: usize = 4 << 20;
/// How far past its chunk a counting step may read, for matches that cross the chunk's end.
const COUNT_MARGIN: usize = 64 << 10;
/// Bytes searched backwards per step for the previous match (doubling).
const BACK_CHUNK: usize = 64 << 10;
/// Compiled regexes are kept below this size; larger patterns are refused.
const SIZE_LIMIT: usize = 8 << 20;

/// True when the query should ignore case: it has no upper-case letter. The one smart-case
/// rule, for the text search and the filters of the sidebar, the library and the bookmarks.
pub fn smart_case_insensitive(input: &str) -> bool {
    !input.chars().any(char::is_uppercase)
}

/// Compiles `input`; an invalid regular expression gives its error as one line.
pub fn compile(input: &str, opts: Options) -> Result<Query, String> {
    let insensitive = smart_case_insensitive(input);
    let accents = !opts.regex && fold::folds_accents(input, insensitive);
    let mut pattern = if opts.regex {
        input.to_string()
    } else {
        fold::pattern(input, accents)
    };
    if pattern.is_empty() {
        return Err("empty query".into());
    }
    if opts.whole_word {
        pattern = format!(r"\b(?:{pattern})\b");
    }
    let mut words = input.split_whitespace();
    let one_word = match (words.next(), words.next()) {
        (Some(word), None) if insensitive && !opts.regex => Some(word),
        _ => None,
    };
    let anchor = one_word.and_then(|w| Anchor::new(w, opts.whole_word));
    let build = |pattern: &str| {
        RegexBuilder::new(pattern)
            .case_insensitive(insensitive)
            .multi_line(true)
            .size_limit(SIZE_LIMIT)
            .build()
    };
    let unaccented = if accents {
        let mut plain = fold::pattern(input, false);
        if opts.whole_word {
            plain = format!(r"\b(?:{plain})\b");
        }
        build(&plain).ok().map(|re| Unaccented {
            re,
            anchor: anchor.clone(),
            // Every character at most two bytes and a few combining marks, and room for runs
            // of white space.
            max_len: 12 * input.len() + 256,
        })
    } else {
        None
    };
    build(&pattern)
        .map(|re| Query {
            re,
            // With accents folded, the anchor is the unaccented query's.
            anchor: anchor.filter(|_| unaccented.is_none()),
            unaccented,
        })
        .map_err(|e| {
            // The regex crate's errors span several lines with a caret; keep the last line.
            let msg = e.to_string();
            msg.lines()
                .rev()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("invalid pattern")
                .trim()
                .to_string()
        })
}

impl Query {
    /// The first match (possibly empty) starting at or after `from`.
    fn find_at(&self, bytes: &[u8], from: usize) -> Option<Range<usize>> {
        match (&self.anchor, &self.unaccented) {
            (_, Some(plain)) => self.find_folded(plain, bytes, from),
            (Some(a), None) => a.find_at(&self.re, bytes, from),
            (None, None) => self.re.find_at(bytes, from).map(|m| m.range()),
        }
    }

    /// `find_at` with accents folded, at the speed of a search without them. A match holds an
    /// accented letter (one of `fold::ACCENT_LEADS` starts it) or it is found by `plain`: so
    /// the first match is the earlier of `plain`'s first and the first found around an
    /// accented letter before it. In text dense with accents that costs more than the folded
    /// regex alone, which then takes over.
    fn find_folded(&self, plain: &Unaccented, bytes: &[u8], from: usize) -> Option<Range<usize>> {
        let max_len = plain.max_len;
        let first_plain = match &plain.anchor {
            Some(a) => a.find_at(&plain.re, bytes, from),
            None => plain.re.find_at(bytes, from).map(|m| m.range()),
        };
        let stop = first_plain
            .as_ref()
            .map_or(bytes.len(), |m| (m.start + max_len).min(bytes.len()));
        let next =
            |pos: usize| fold::next_accent_lead(&bytes[pos.min(stop)..stop]).map(|i| pos + i);
        let earlier = |m: Range<usize>| match &first_plain {
            Some(p)
                if (p.start, std::cmp::Reverse(p.end)) <= (m.start, std::cmp::Reverse(m.end)) =>
            {
                p.clone()
            }
            _ => m,
        };
        let mut pos = from;
        let mut windows = 0usize;
        while let Some(at) = next(pos) {
            windows += 1;
            let start = at.saturating_sub(max_len).max(from);
            if windows > 64 && windows * 256 > at - from {
                // Accents every few hundred bytes: one pass of the folded regex is cheaper.
                return match self.re.find_at(bytes, start) {
                    Some(m) => Some(earlier(m.range())),
                    None => first_plain,
                };
            }
            let end = (at + max_len).min(bytes.len());
            if let Some(m) = self.re.find_at(&bytes[..end], start)
                && m.start() <= at
            {
                return Some(earlier(m.range()));
            }
            pos = at + 1;
        }
        first_plain
    }

    /// The first match starting at or after `from`.
    pub fn find_from(&self, bytes: &[u8], from: usize) -> Option<Range<usize>> {
        let from = from.min(bytes.len());
        self.find_at(bytes, from).filter(|r| !r.is_empty())
    }

    /// The first match starting in `from..until`, searched a chunk at a time; `None` when
    /// cancelled, `Some(None)` when there is none.
    pub fn find_in(
        &self,
        bytes: &[u8],
        from: usize,
        until: usize,
        cancel: &AtomicBool,
    ) -> Option<Option<Range<usize>>> {
        let until = until.min(bytes.len());
        let mut pos = from;
        while pos < until {
            if cancel.load(Ordering::Relaxed) {
                return None;
            }
            let chunk_end = (pos + COUNT_CHUNK).min(until);
            if let Some(m) = self.starting_in(bytes, pos, chunk_end).next() {
                return Some(Some(m));
            }
            pos = chunk_end;
        }
        Some(None)
    }

    /// The last match starting in `from..until`, searched a chunk at a time from the end;
    /// `None` when cancelled, `Some(None)` when there is none.
    pub fn find_last_in(
        &self,
        bytes: &[u8],
        from: usize,
        until: usize,
        cancel: &AtomicBool,
    ) -> Option<Option<Range<usize>>> {
        let mut end = until.min(bytes.len());
        while end > from {
            if cancel.load(Ordering::Relaxed) {
                return None;
            }
            let start = end.saturating_sub(COUNT_CHUNK).max(from);
            let last = self.starting_in(bytes, start, end).last();
            if last.is_some() {
                return Some(last);
            }
            end = start;
        }
        Some(None)
    }

    /// The next match from `from` (`forward`) or the last before it, going round the end of
    /// `bytes[top..]` if need be, as `n` and `N` do: the match and whether it went round. `None`
    /// when cancelled.
    pub fn find_round(
        &self,
        bytes: &[u8],
        top: usize,
        from: usize,
        forward: bool,
        cancel: &AtomicBool,
    ) -> Option<Option<(Range<usize>, bool)>> {
        let end = bytes.len();
        let (ahead, round) = if forward {
            ((from, end), (top, from))
        } else {
            ((top, from), (from, end))
        };
        let find = |(a, b): (usize, usize)| {
            if forward {
                self.find_in(bytes, a, b, cancel)
            } else {
                self.find_last_in(bytes, a, b, cancel)
            }
        };
        Some(match find(ahead)? {
            Some(m) => Some((m, false)),
            None => find(round)?.map(|m| (m, true)),
        })
    }

    /// The last match starting before `before`.
    pub fn find_before(&self, bytes: &[u8], before: usize) -> Option<Range<usize>> {
        let before = before.min(bytes.len());
        let mut chunk = BACK_CHUNK;
        loop {
            let start = before.saturating_sub(chunk);
            // Search a window that ends a little past `before` so matches across its edge count.
            let end = (before + 4096).min(bytes.len());
            let last = self
                .iter_from(&bytes[..end], start)
                .take_while(|m| m.start < before)
                .last();
            if let Some(m) = last {
                return Some(m);
            }
            if start == 0 {
                return None;
            }
            chunk = chunk.saturating_mul(2);
        }
    }

    /// Next match at or after `after` in `bytes[top..]`, going round to `top` at the end. The
    /// bool says it went round.
    pub fn next(&self, bytes: &[u8], top: usize, after: usize) -> Option<(Range<usize>, bool)> {
        match self.find_from(bytes, after.max(top)) {
            Some(r) => Some((r, false)),
            None => self.find_from(bytes, top).map(|r| (r, true)),
        }
    }

    /// Previous match before `before` in `bytes[top..]`, going round to the end at `top`.
    pub fn prev(&self, bytes: &[u8], top: usize, before: usize) -> Option<(Range<usize>, bool)> {
        // The last match before a place is in `bytes[top..]` or none of them is.
        let last_before = |b: usize| self.find_before(bytes, b).filter(|r| r.start >= top);
        match last_before(before) {
            Some(r) => Some((r, false)),
            None => last_before(bytes.len()).map(|r| (r, true)),
        }
    }

    /// Matches inside `range` (for highlighting what is on screen).
    pub fn matches_in(&self, bytes: &[u8], range: Range<usize>) -> Vec<Range<usize>> {
        let end = range.end.min(bytes.len());
        // Start a little early so a match running into the range is found whole.
        let start = range.start.min(end).saturating_sub(256);
        self.iter_from(&bytes[..end], start)
            .filter(|m| m.end > range.start)
            .collect()
    }

    /// Non-empty matches starting at or after `from`, in order; the regex sees the bytes before
    /// `from` as context (for `\b`).
    fn iter_from<'a>(
        &'a self,
        bytes: &'a [u8],
        from: usize,
    ) -> impl Iterator<Item = Range<usize>> + 'a {
        let mut pos = from;
        std::iter::from_fn(move || {
            while pos <= bytes.len() {
                let m = self.find_at(bytes, pos)?;
                pos = if m.end > m.start { m.end } else { m.start + 1 };
                if !m.is_empty() {
                    return Some(m);
                }
            }
            None
        })
    }

    /// Matches starting in `start..end`, in order. The haystack runs a margin past `end`, so a
    /// match across it is found whole (unless it is longer than the margin); chunked searches
    /// go through here.
    fn starting_in<'a>(
        &'a self,
        bytes: &'a [u8],
        start: usize,
        end: usize,
    ) -> impl Iterator<Item = Range<usize>> + 'a {
        let hay = &bytes[..(end + COUNT_MARGIN).min(bytes.len())];
        self.iter_from(hay, start)
            .take_while(move |m| m.start < end)
    }

    /// Counts the matches in `bytes[top..]` and how many start before `current`; `None` when
    /// cancelled.
    /// Works through the text a chunk at a time, checking for cancellation between chunks; each
    /// step's haystack ends a margin past its chunk, so a match starting in the chunk is found
    /// whole unless it is longer than the margin.
    pub fn count(
        &self,
        bytes: &[u8],
        top: usize,
        current: usize,
        cancel: &AtomicBool,
    ) -> Option<(usize, usize)> {
        let (mut total, mut before) = (0, 0);
        let mut pos = top;
        while pos < bytes.len() {
            if cancel.load(Ordering::Relaxed) {
                return None;
            }
            let chunk_end = (pos + COUNT_CHUNK).min(bytes.len());
            let mut next = chunk_end;
            for m in self.starting_in(bytes, pos, chunk_end) {
                total += 1;
                before += usize::from(m.start < current);
                next = next.max(m.end);
            }
            pos = next;
        }
        Some((total, before))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find_all(q: &str, opts: Options, text: &str) -> Vec<String> {
        let query = compile(q, opts).unwrap();
        query
            .matches_in(text.as_bytes(), 0..text.len())
            .into_iter()
            .map(|r| text[r].to_string())
            .collect()
    }

    #[test]
    fn typography_is_forgiven() {
        let d = Options::default();
        // Apostrophes, quote marks, dashes and spaces, in either direction.
        assert_eq!(
            find_all("philippines' armed", d, "the Philippines’ armed forces"),
            ["Philippines’ armed"]
        );
        assert_eq!(
            find_all("Philippines’ armed", d, "Philippines' armed"),
            ["Philippines' armed"]
        );
        assert_eq!(find_all("\"we are", d, "“We are ready"), ["“We are"]);
        assert_eq!(
            find_all("state-of-the-art", d, "state‑of—the–art"),
            ["state‑of—the–art"]
        );
        assert_eq!(
            find_all("new world", d, "new\u{a0}world, new\n  world"),
            ["new\u{a0}world", "new\n  world"]
        );
        // Accents, when the query has none and ignores case.
        assert_eq!(
            find_all("attache", d, "the defense attaché, ATTACHÉ"),
            ["attaché", "ATTACHÉ"]
        );
        assert_eq!(find_all("malacanang", d, "in Malacañang"), ["Malacañang"]);
        assert_eq!(
            find_all("cafe", d, "a cafe\u{301} and a café"),
            ["cafe\u{301}", "café"]
        );
        // An accent typed means that accent; a capital means case matters, accents too.
        assert_eq!(find_all("attaché", d, "attache attaché"), ["attaché"]);
        assert_eq!(find_all("Attache", d, "Attaché Attache"), ["Attache"]);
        // Whole words and the fast one-word path see the same folds.
        let whole = Options {
            whole_word: true,
            ..d
        };
        assert_eq!(find_all("attache", whole, "attachés attaché"), ["attaché"]);
        assert_eq!(
            find_all("xylophoniste", d, "XYLOPHONISTE xylophonisté"),
            ["XYLOPHONISTE", "xylophonisté"]
        );
        // A regular expression is taken as written.
        let re = Options { regex: true, ..d };
        assert!(find_all("attache", re, "attaché").is_empty());
    }

    #[test]
    fn smart_case() {
        let text = "Arms and ARMS and arms";
        assert_eq!(find_all("arms", Options::default(), text).len(), 3);
        assert_eq!(find_all("Arms", Options::default(), text), ["Arms"]);
    }

    #[test]
    fn unicode_case_folding() {
        assert_eq!(
            find_all("élysée", Options::default(), "Palais de l'ÉLYSÉE, Élysée"),
            ["ÉLYSÉE", "Élysée"]
        );
    }

    #[test]
    fn spaces_match_any_white_space_including_line_breaks() {
        assert_eq!(
            find_all(
                "defense ties",
                Options::default(),
                "defense\nties and defense   ties"
            ),
            ["defense\nties", "defense   ties"]
        );
    }

    #[test]
    fn whole_words_and_regex() {
        let text = "arms army arms-length";
        let word = Options {
            whole_word: true,
            ..Options::default()
        };
        assert_eq!(find_all("arm", word, text), Vec::<String>::new());
        assert_eq!(find_all("arms", word, text), ["arms", "arms"]);
        let re = Options {
            regex: true,
            ..Options::default()
        };
        assert_eq!(find_all("ar[a-z]+", re, text), ["arms", "army", "arms"]);
        assert!(
            compile("a(b", re).unwrap_err().contains("unclosed"),
            "{}",
            compile("a(b", re).unwrap_err()
        );
    }

    #[test]
    fn special_characters_are_literal_in_plain_mode() {
        assert_eq!(
            find_all("a.b (c)", Options::default(), "axb (c) a.b (c)"),
            ["a.b (c)"]
        );
    }

    #[test]
    fn next_and_prev_wrap() {
        let q = compile("x", Options::default()).unwrap();
        let b = b"x..x..x";
        assert_eq!(q.next(b, 0, 1), Some((3..4, false)));
        assert_eq!(q.next(b, 0, 7), Some((0..1, true)));
        assert_eq!(q.prev(b, 0, 3), Some((0..1, false)));
        assert_eq!(q.prev(b, 0, 0), Some((6..7, true)));
        // Text before `top` (a header shown apart) is never a match.
        assert_eq!(q.next(b, 1, 7), Some((3..4, true)));
        assert_eq!(q.prev(b, 1, 3), Some((6..7, true)));
    }

    #[test]
    fn count_and_position() {
        let q = compile("ab", Options::default()).unwrap();
        let text = "ab ".repeat(10);
        let cancel = AtomicBool::new(false);
        assert_eq!(q.count(text.as_bytes(), 0, 6, &cancel), Some((10, 2)));
        assert_eq!(q.count(text.as_bytes(), 3, 6, &cancel), Some((9, 1)));
        cancel.store(true, Ordering::Relaxed);
        assert_eq!(q.count(text.as_bytes(), 0, 6, &cancel), None);
    }

    #[test]
    fn one_word_ignoring_case_finds_what_the_regex_finds() {
        // Through the anchor: case variants, Unicode folds of k and s, accents, whole words,
        // overlaps.
        let text = "Xylophonist xYLOPHONIST xylophonisT; KIWIſ \u{212a}iwis kiwis bust BUſT zzz \
                    xýlophoníst búst vamp VÁMP vamps";
        let word = Options {
            whole_word: true,
            ..Options::default()
        };
        for (q, opts) in [
            ("xylophonist", Options::default()),
            ("bust", Options::default()),
            ("bust", word),
            ("vamp", Options::default()),
            ("vamp", word),
            ("t;", Options::default()),
        ] {
            let query = compile(q, opts).unwrap();
            let anchored = query.anchor.is_some()
                || query
                    .unaccented
                    .as_ref()
                    .is_some_and(|u| u.anchor.is_some());
            assert!(anchored, "{q}");
            let plain = Query {
                anchor: None,
                unaccented: None,
                ..query.clone()
            };
            let got = query.matches_in(text.as_bytes(), 0..text.len());
            let want = plain.matches_in(text.as_bytes(), 0..text.len());
            assert!(!want.is_empty(), "{q}");
            assert_eq!(got, want, "{q}");
        }
    }

    proptest::proptest! {
        #[test]
        fn the_anchor_never_changes_what_matches(
            text in "[xXzZbBwWkKsSeE\u{17f}\u{212a}\u{212b}éÉèžŵ\u{301}\u{a0}’ ;'\n-]{0,60}",
            word in "[xzbkwse;'-]{1,4}( [xzbkwse]{1,2})?",
            whole_word: bool,
        ) {
            let opts = Options { whole_word, ..Options::default() };
            let query = compile(&word, opts).unwrap();
            let plain = Query { anchor: None, unaccented: None, ..query.clone() };
            let bytes = text.as_bytes();
            proptest::prop_assert_eq!(
                query.matches_in(bytes, 0..bytes.len()),
                plain.matches_in(bytes, 0..bytes.len())
            );
            for from in 0..=bytes.len() {
                proptest::prop_assert_eq!(query.find_from(bytes, from), plain.find_from(bytes, from));
            }
        }
    }

    #[test]
    fn the_fast_ways_in_match_as_the_regex_does_in_accented_text() {
        // Dense enough in accents that the search around them hands over to the folded regex.
        let mut text = String::new();
        for i in 0..5000 {
            text.push_str(["côté ", "cote ", "été ", "x ", "CÔTÉ\u{a0}"][i % 5]);
        }
        for q in ["cote", "ete", "cote ete", "te"] {
            let query = compile(q, Options::default()).unwrap();
            assert!(query.unaccented.is_some(), "{q}");
            let plain = Query {
                anchor: None,
                unaccented: None,
                ..query.clone()
            };
            let b = text.as_bytes();
            assert_eq!(
                query.matches_in(b, 0..b.len()),
                plain.matches_in(b, 0..b.len()),
                "{q}"
            );
        }
    }

    #[test]
    fn find_in_stops_at_its_end_and_when_cancelled() {
        let q = compile("needle", Options::default()).unwrap();
        let text = format!("{}needle{}needle", " ".repeat(5 << 20), " ".repeat(10));
        let b = text.as_bytes();
        let cancel = AtomicBool::new(false);
        let first = 5 << 20;
        assert_eq!(
            q.find_in(b, 0, b.len(), &cancel),
            Some(Some(first..first + 6))
        );
        assert_eq!(q.find_in(b, 0, first, &cancel), Some(None));
        // A match straddling a chunk's end is found whole.
        assert_eq!(
            q.find_in(b, first - 3, first + 1, &cancel),
            Some(Some(first..first + 6))
        );
        assert_eq!(
            q.find_last_in(b, 0, b.len(), &cancel),
            Some(Some(first + 16..first + 22))
        );
        assert_eq!(
            q.find_last_in(b, 0, first + 16, &cancel),
            Some(Some(first..first + 6))
        );
        assert_eq!(q.find_last_in(b, 0, first, &cancel), Some(None));
        // Round the end, both ways.
        let round = |from, forward| q.find_round(b, 0, from, forward, &cancel).unwrap();
        assert_eq!(
            round(first + 1, true),
            Some((first + 16..first + 22, false))
        );
        assert_eq!(round(first + 17, true), Some((first..first + 6, true)));
        assert_eq!(round(first + 16, false), Some((first..first + 6, false)));
        assert_eq!(round(first, false), Some((first + 16..first + 22, true)));
        cancel.store(true, Ordering::Relaxed);
        assert_eq!(q.find_in(b, 0, b.len(), &cancel), None);
        assert_eq!(q.find_last_in(b, 0, b.len(), &cancel), None);
    }

    #[test]
    fn find_before_finds_far_matches() {
        let q = compile("needle", Options::default()).unwrap();
        let mut text = "needle".to_string();
        text.push_str(&" ".repeat(1 << 20));
        assert_eq!(q.find_before(text.as_bytes(), text.len()), Some(0..6));
    }
}
