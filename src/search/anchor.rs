//! A fast way into case-insensitive searches for one word.
//!
//! The regex engine searches `xylophonist` ignoring case at under 1 GB/s: it must try every
//! case variant. But any match must contain the word's rarest letter, as lower or upper case, at
//! a known place, so we jump between occurrences of that one byte pair with SIMD `memchr2`
//! (several GB/s on a rare letter), check a second letter at its fixed distance, and only then
//! ask the regex about a small window around it. The regex still decides what matches, so
//! Unicode case folding (`K` for K, `ſ` for s) and whole-word boundaries are unchanged; those two
//! letters, whose folds are not ASCII, are never used as anchors or spanned by the pair.

use regex::bytes::Regex;
use std::ops::Range;

/// English letters from the most to the least frequent; later is rarer.
const FREQUENCY: &[u8] = b"etaoinshrdlcumwfgypbvkjxqz";
/// Words made only of the commonest letters (`the`, `and`) match every few bytes anyway; the
/// regex engine's own search is faster for them.
const MIN_RARITY: usize = 11;

/// Where to look for candidate matches of one word.
#[derive(Clone, Debug)]
pub(super) struct Anchor {
    /// The rarest byte of the word, both cases.
    lo: u8,
    up: u8,
    /// A second byte at a fixed distance from the first, both cases.
    second: Option<(isize, u8, u8)>,
    /// No match is longer than this (a letter can fold to up to three bytes).
    max_len: usize,
    /// Without `k` or `s` every match is the word's own bytes in either case, at a fixed place
    /// (`offset` before the anchor): checked directly, and by the regex only for word edges.
    exact: Option<(Vec<u8>, usize)>,
    whole_word: bool,
}

/// How rare a byte is (higher is rarer); `None` for bytes that cannot anchor: those whose
/// matches may be other bytes (`k` and `s` fold to non-ASCII letters; see `fold` for the rest).
fn rarity(b: u8) -> Option<usize> {
    let l = b.to_ascii_lowercase();
    if l == b'k' || l == b's' || !b.is_ascii() || super::fold::may_differ(b) {
        return None;
    }
    match FREQUENCY.iter().position(|&f| f == l) {
        Some(p) => Some(p),
        // Digits and punctuation are rarer than any letter and have no case.
        None => Some(FREQUENCY.len()),
    }
}

impl Anchor {
    /// An anchor for `word` (one word, ignoring case), or `None` when it has no usable byte.
    /// `whole_word` matches need the regex to judge their edges.
    pub(super) fn new(word: &str, whole_word: bool) -> Option<Anchor> {
        let w = word.as_bytes();
        if w.is_empty() || !w.iter().all(|b| b.is_ascii_graphic()) {
            return None;
        }
        let (i, &b) = w
            .iter()
            .enumerate()
            .filter(|(_, b)| rarity(**b).is_some())
            .max_by_key(|(_, b)| rarity(**b))?;
        if rarity(b)? < MIN_RARITY {
            return None;
        }
        // The second byte must be at a fixed distance: nothing between that may fold to more
        // than one byte.
        let fixed = |j: usize| w[i.min(j)..=i.max(j)].iter().all(|b| rarity(*b).is_some());
        let second = w
            .iter()
            .enumerate()
            .filter(|&(j, b)| j != i && rarity(*b).is_some() && fixed(j))
            .max_by_key(|(_, b)| rarity(**b))
            .map(|(j, b)| {
                (
                    j as isize - i as isize,
                    b.to_ascii_lowercase(),
                    b.to_ascii_uppercase(),
                )
            });
        Some(Anchor {
            lo: b.to_ascii_lowercase(),
            up: b.to_ascii_uppercase(),
            second,
            max_len: 3 * w.len() + 4,
            exact: w
                .iter()
                .all(|b| rarity(*b).is_some())
                .then(|| (w.to_vec(), i)),
            whole_word,
        })
    }

    /// The first match of `re` starting at or after `from`, found through the anchor.
    pub(super) fn find_at(&self, re: &Regex, bytes: &[u8], from: usize) -> Option<Range<usize>> {
        let mut pos = from;
        while pos < bytes.len() {
            let c = pos + memchr::memchr2(self.lo, self.up, &bytes[pos..])?;
            pos = c + 1;
            if let Some((d, lo, up)) = self.second {
                let at = c as isize + d;
                let ok = usize::try_from(at)
                    .ok()
                    .and_then(|a| bytes.get(a))
                    .is_some_and(|&b| b == lo || b == up);
                if !ok {
                    continue;
                }
            }
            if let Some((word, offset)) = &self.exact {
                let Some(start) = c.checked_sub(*offset) else {
                    continue;
                };
                let end = start + word.len();
                let same = start >= from
                    && bytes
                        .get(start..end)
                        .is_some_and(|m| m.eq_ignore_ascii_case(word));
                // The regex sees a few bytes either side to judge word boundaries.
                let edges = || {
                    re.find_at(&bytes[..(end + 4).min(bytes.len())], start)
                        .is_some_and(|m| m.start() == start)
                };
                if same && (!self.whole_word || edges()) {
                    return Some(start..end);
                }
                continue;
            }
            // Every match that holds `c` or starts before it fits in this window, so the first
            // one starting at or before `c` is the first of all (earlier anchors found none).
            let start = c.saturating_sub(self.max_len).max(from);
            let end = (c + self.max_len).min(bytes.len());
            if let Some(m) = re.find_at(&bytes[..end], start)
                && m.start() <= c
            {
                return Some(m.range());
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_rarest_letter_but_never_k_or_s() {
        let a = Anchor::new("xylophonist", false).unwrap();
        assert_eq!((a.lo, a.up), (b'x', b'X'));
        let a = Anchor::new("kiwis", false).unwrap();
        assert_eq!((a.lo, a.up), (b'w', b'W'));
        assert!(
            Anchor::new("the", false).is_none(),
            "common letters: the regex is faster"
        );
        assert!(Anchor::new("ss", false).is_none());
        assert!(Anchor::new("élysée", false).is_none());
    }

    #[test]
    fn the_second_byte_never_spans_a_folding_letter() {
        // `t` is beyond an `s` (which may be `ſ`, two bytes), so the second letter is `u`.
        let a = Anchor::new("bust", false).unwrap();
        assert_eq!(a.lo, b'b');
        assert_eq!(a.second.map(|s| s.1), Some(b'u'));
    }

    #[test]
    fn quote_marks_and_dashes_never_anchor() {
        // They stand for their typographic forms too.
        assert!(Anchor::new("x-ray", false).is_some_and(|a| a.lo == b'x' && a.exact.is_none()));
        assert!(Anchor::new("'';", false).is_some_and(|a| a.lo == b';'));
    }
}
