//! What a plain query forgives: typography a reader cannot type or does not remember. Each
//! character of the query becomes the set of characters it stands for in the text:
//!
//! - an apostrophe or quote mark any of its typographic forms (`'` finds `’`, `"` finds `“`);
//! - a hyphen or dash any other (`-` finds `‑`, `–`, `—`);
//! - white space any run of it (a line break inside a paragraph, a no-break space);
//! - when the query has no accents and ignores case, a letter its accented forms too, precomposed
//!   (`e` finds `é`) or followed by combining marks (`e` + U+0301).
//!
//! The sets are written into the regex, which still decides every match, so the fast ways in
//! (`anchor`) need only know which query bytes can stand for something other than themselves.

/// Latin letters with their accented forms (Latin-1 Supplement and Latin Extended-A), lower
/// case; upper case comes from the regex's case folding, as the accents are folded only when
/// case is ignored.
const ACCENTED: &[(char, &str)] = &[
    ('a', "àáâãäåāăą"),
    ('c', "çćĉċč"),
    ('d', "ďđ"),
    ('e', "èéêëēĕėęě"),
    ('g', "ĝğġģ"),
    ('h', "ĥħ"),
    ('i', "ìíîïĩīĭįı"),
    ('j', "ĵ"),
    ('k', "ķ"),
    ('l', "ĺļľŀł"),
    ('n', "ñńņňŉ"),
    ('o', "òóôõöøōŏő"),
    ('r', "ŕŗř"),
    ('s', "śŝşšſ"),
    ('t', "ţťŧ"),
    ('u', "ùúûüũūŭůűų"),
    ('w', "ŵ"),
    ('y', "ýÿŷ"),
    ('z', "źżž"),
];

/// The first bytes of every accented form above, in either case, and of the combining marks
/// U+0300–U+036F: a match that the query's ASCII letters alone would not find holds one.
pub(super) const ACCENT_LEADS: [u8; 5] = [0xC3, 0xC4, 0xC5, 0xCC, 0xCD];

/// Where the first of `ACCENT_LEADS` is in `hay` (SIMD `memchr`, two passes for five bytes).
pub(super) fn next_accent_lead(hay: &[u8]) -> Option<usize> {
    let [a, b, c, d, e] = ACCENT_LEADS;
    let first = memchr::memchr3(a, b, c, hay);
    // The marks only before the first letter found: no need to read further.
    let marks = memchr::memchr2(d, e, &hay[..first.unwrap_or(hay.len())]);
    marks.or(first)
}

/// Apostrophes and single quote marks.
const APOSTROPHES: &str = "'‘’‚‛ʼ′";
/// Double quote marks.
const QUOTES: &str = "\"“”„‟″«»";
/// Hyphens and dashes.
const DASHES: &str = "-‐‑‒–—―−";

/// True when the punctuation byte, in a query, may match something other than itself: then it
/// cannot be looked for as it is. (Accented letters are looked for apart: see
/// `Query::find_folded`.)
pub(super) fn may_differ(b: u8) -> bool {
    matches!(b, b'\'' | b'"' | b'-')
}

/// True when accents are folded for this query: it ignores case and has no letter beyond
/// ASCII.
pub(super) fn folds_accents(input: &str, insensitive: bool) -> bool {
    insensitive && input.chars().all(|c| c.is_ascii() || !c.is_alphabetic())
}

/// The regex for a plain query, with each character standing for its set.
pub(super) fn pattern(input: &str, accents: bool) -> String {
    let mut out = String::new();
    let words: Vec<&str> = input.split_whitespace().collect();
    for (i, word) in words.iter().enumerate() {
        if i > 0 {
            out.push_str(r"\s+");
        }
        for c in word.chars() {
            push_char(&mut out, c, accents);
        }
    }
    out
}

fn push_char(out: &mut String, c: char, accents: bool) {
    for set in [APOSTROPHES, QUOTES, DASHES] {
        if set.contains(c) {
            push_set(out, set);
            return;
        }
    }
    let lower = c.to_ascii_lowercase();
    if accents && let Some((_, forms)) = ACCENTED.iter().find(|(b, _)| *b == lower) {
        // Both cases written out and case folding off inside: the accented forms are exactly
        // these (no sign that merely folds to one, as the Ångström sign does to `å`), so every
        // match beyond the ASCII letters holds one of `ACCENT_LEADS`.
        // The letter itself as the rest of the query is (case folded like it, `k` finding the
        // Kelvin sign), then its accented forms.
        out.push_str("(?:");
        out.push(c);
        out.push_str("|(?-i:[");
        for f in forms.chars() {
            out.push(f);
            let mut up = f.to_uppercase();
            if let (Some(u), None) = (up.next(), up.next())
                && u.len_utf8() <= 2
            {
                out.push(u);
            }
        }
        out.push_str(r"]))\p{Mn}*");
        return;
    }
    out.push_str(&regex::escape(c.encode_utf8(&mut [0; 4])));
}

/// A set of characters as a regex class (none of them special inside one but `-`, put first).
fn push_set(out: &mut String, set: &str) {
    out.push('[');
    for c in set.chars() {
        if c == '-' {
            out.push_str(r"\-");
        } else {
            out.push(c);
        }
    }
    out.push(']');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_folded_character_is_its_own_letter_once() {
        // The sets are disjoint, so a character never stands for two query characters.
        let mut seen = std::collections::HashSet::new();
        for (_, forms) in ACCENTED {
            for c in forms.chars() {
                assert!(seen.insert(c), "{c} twice");
            }
        }
        for set in [APOSTROPHES, QUOTES, DASHES] {
            for c in set.chars() {
                assert!(seen.insert(c), "{c} twice");
            }
        }
    }

    #[test]
    fn every_accented_form_starts_with_an_accent_lead() {
        for (_, forms) in ACCENTED {
            for c in forms.chars() {
                let up: Vec<char> = c.to_uppercase().collect();
                for f in std::iter::once(c).chain(up.clone().into_iter().filter(|_| up.len() == 1))
                {
                    let mut buf = [0; 4];
                    let first = f.encode_utf8(&mut buf).as_bytes()[0];
                    // ASCII (`ı` is `I` in upper case) is found without the folds; upper-case
                    // forms beyond two bytes are left out of the pattern.
                    assert!(
                        first < 0x80 || ACCENT_LEADS.contains(&first) || f.len_utf8() > 2,
                        "{f} starts with {first:#x}"
                    );
                }
            }
        }
        for mark in '\u{300}'..='\u{36f}' {
            let mut buf = [0; 4];
            assert!(ACCENT_LEADS.contains(&mark.encode_utf8(&mut buf).as_bytes()[0]));
        }
    }

    #[test]
    fn the_next_accent_lead_is_found_wherever_it_is() {
        for len in 0..40 {
            for at in 0..len {
                for lead in ACCENT_LEADS.into_iter().chain([0xE2]) {
                    let mut hay = vec![b'a'; len];
                    hay[at] = lead;
                    let want = (lead != 0xE2).then_some(at);
                    assert_eq!(next_accent_lead(&hay), want, "{len} {at} {lead:#x}");
                }
            }
            assert_eq!(next_accent_lead(&vec![0x80; len]), None);
        }
    }

    #[test]
    fn accents_fold_only_for_plain_ascii_letters_ignoring_case() {
        assert!(folds_accents("attache", true));
        assert!(folds_accents("philippines' armed", true));
        assert!(!folds_accents("attaché", true));
        assert!(!folds_accents("attache", false));
    }
}
