//! Words and punctuation of a paragraph, with byte offsets into the document, and the
//! capitalised runs in them that may be names.

use super::lexicon;
use std::borrow::Cow;

mod names;

pub(super) use names::{NameRun, RunKind, name_runs};

/// One word or punctuation mark, borrowed from the paragraph's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Tok<'a> {
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
    /// Lower-case form, for the word lists (borrowed when the word is lower case already, or
    /// from the paragraph's lower-case copy).
    pub lower: Cow<'a, str>,
    /// Whether it starts with a letter or digit, and with a capital: asked of every token many
    /// times, so worked out once.
    word: bool,
    capital: bool,
    /// How it tags speech (`lexicon::verb` bits: `said`, `smiled`, `put`): looked up once
    /// here, asked of most tokens several times.
    verb: u8,
    /// `lexicon::classes` of `lower` for a capitalised word (0 for others): name runs ask
    /// about each of their words several times.
    class: u16,
    /// An ASCII word with a capital whose `lower` is still its text, until `relower` (see
    /// `tokenize_into`).
    unlowered: bool,
}

impl Tok<'_> {
    pub(super) fn is_word(&self) -> bool {
        self.word
    }

    pub(super) fn is_capitalised(&self) -> bool {
        self.capital
    }

    pub(super) fn is(&self, s: &str) -> bool {
        self.text == s
    }

    /// `lexicon::verb` bits of the word: how it may tag speech.
    pub(super) fn verb_bits(&self) -> u8 {
        self.verb
    }

    /// `lexicon::classes` of the lower-case form.
    pub(super) fn classes(&self) -> u16 {
        if self.capital {
            self.class
        } else {
            lexicon::classes(&self.lower)
        }
    }

    /// `classes` of the lower-case form without its final dots (`Gen.`, `Mr.`): the form roles
    /// and honorifics are looked up in.
    pub(crate) fn classes_undotted(&self) -> u16 {
        if self.lower.ends_with('.') {
            lexicon::classes(self.lower.trim_end_matches('.'))
        } else {
            self.classes()
        }
    }
}

/// Text with every invalid UTF-8 byte replaced by `?`, so byte offsets stay file offsets
/// (borrowed when the text is valid, as it nearly always is).
pub(super) fn same_offsets(bytes: &[u8]) -> Cow<'_, str> {
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Cow::Borrowed(s);
    }
    let mut s = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        s.push_str(chunk.valid());
        s.extend(std::iter::repeat_n('?', chunk.invalid().len()));
    }
    Cow::Owned(s)
}

fn word_char(c: char) -> bool {
    // Quote marks, dashes and ellipses (General Punctuation, U+2010–U+205E) are looked up
    // constantly and are never letters or digits: no need for the Unicode tables.
    if ('\u{2010}'..='\u{205E}').contains(&c) {
        return false;
    }
    c.is_alphanumeric()
}

/// Lower case, borrowed when there is nothing to change (most words).
fn lower(t: &str) -> Cow<'_, str> {
    if t.is_ascii() {
        if t.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(t.to_ascii_lowercase())
        } else {
            Cow::Borrowed(t)
        }
    } else if t.chars().any(char::is_uppercase) {
        Cow::Owned(t.to_lowercase())
    } else {
        Cow::Borrowed(t)
    }
}

/// The character at byte `i` of `text` (a char boundary) and its length; ASCII without decoding.
fn char_at(text: &str, i: usize) -> Option<(char, usize)> {
    let b = *text.as_bytes().get(i)?;
    if b < 0x80 {
        return Some((b as char, 1));
    }
    let c = text[i..].chars().next()?;
    Some((c, c.len_utf8()))
}

/// Byte classes for reading ASCII a byte at a time (`HIGH`: a byte of a longer character).
const ALNUM: u8 = 1;
const UPPER: u8 = 2;
const SPACE: u8 = 4;
const JOIN: u8 = 8;
const HIGH: u8 = 16;
const CLASS: [u8; 256] = {
    let mut t = [0; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = match c {
            0x80.. => HIGH,
            b'A'..=b'Z' => ALNUM | UPPER,
            b'a'..=b'z' | b'0'..=b'9' => ALNUM,
            b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r' | b' ' => SPACE,
            b'\'' | b'-' | b'.' | b'&' => JOIN,
            _ => 0,
        };
        b += 1;
    }
    t
};

/// Splits `text` (which starts at document offset `base`) into tokens. Words keep inner
/// apostrophes, hyphens and dots (`don’t`, `Wingfield-Hayes`, `U.S.`); a dot after a short
/// capitalised word or an initial stays with it (`Col.`, `J.`).
pub(super) fn tokenize(text: &str, base: usize) -> Vec<Tok<'_>> {
    tokenize_with(text, None, base)
}

/// `tokenize`, taking lower-case forms from `lowered` (the text with ASCII letters lowered,
/// so the same length) instead of allocating one per capitalised word.
pub(super) fn tokenize_with<'a>(
    text: &'a str,
    lowered: Option<&'a str>,
    base: usize,
) -> Vec<Tok<'a>> {
    let mut out = Vec::new();
    tokenize_into(text, lowered, base, &mut out);
    if let Some(l) = lowered {
        relower(&mut out, l, base);
    }
    out
}

/// An empty token list with `v`'s memory, for text of another lifetime: a document's
/// paragraphs are tokenized one after another, and one allocation serves them all.
pub(super) fn recycle<'b>(mut v: Vec<Tok<'_>>) -> Vec<Tok<'b>> {
    v.clear();
    // Collecting an emptied vector's iterator into one of the same layout keeps its memory.
    v.into_iter().map(|_| unreachable!()).collect()
}

/// Gives the tokens that `tokenize_into` made with `lowered` their lower-case forms, borrowed
/// from `lowered`: the text they were made from (which starts at document offset `base`) with
/// ASCII letters lowered. The tokens and the lower-case text can then be made apart, on
/// different threads, without the tokens borrowing a buffer that goes with them.
pub(super) fn relower<'l>(toks: &mut [Tok<'l>], lowered: &'l str, base: usize) {
    for t in toks.iter_mut().filter(|t| t.unlowered) {
        t.lower = Cow::Borrowed(&lowered[t.start - base..t.end - base]);
        t.unlowered = false;
    }
}

/// Splits `text` (which starts at document offset `base`) into tokens, appending them to
/// `out`. With `lowered` (the text with ASCII letters lowered, so the same length) the word
/// lists are looked up in it, and a capitalised ASCII word keeps its text as its lower-case
/// form until `relower` is given the same lowered text: nothing is allocated per word. This
/// runs over every byte of a document, so ASCII is read byte by byte and only other characters
/// are decoded.
pub(super) fn tokenize_into<'a>(
    text: &'a str,
    lowered: Option<&str>,
    base: usize,
    out: &mut Vec<Tok<'a>>,
) {
    tokenize_skipping(text, lowered, base, out, &[], 0);
}

/// `tokenize_into`, leaving out most of the inside of long quotations. `quotes` are ranges of
/// `text`, in order and apart. In each, once `keep` words have been made (those starting in
/// it), the tokens up to its last ASCII space are skipped: nothing asks about a quotation's
/// words beyond its first few, and in news they are half of the text. Every other token is
/// the one `tokenize_into` makes: no token runs over a space, so the tokens after one are the
/// same wherever tokenizing started.
pub(super) fn tokenize_skipping<'a>(
    text: &'a str,
    lowered: Option<&str>,
    base: usize,
    out: &mut Vec<Tok<'a>>,
    quotes: &[std::ops::Range<usize>],
    keep: usize,
) {
    debug_assert!(lowered.is_none_or(|l| l.len() == text.len()));
    debug_assert!(quotes.windows(2).all(|w| w[0].end <= w[1].start));
    // The quotation looked at, where it starts (the tokens before it need no look), and the
    // words made in it so far.
    let mut q = 0;
    let mut watch = quotes.first().map_or(usize::MAX, |r| r.start);
    let mut words_in = 0;
    let bytes = text.as_bytes();
    let n = bytes.len();
    out.reserve(n / 3 + 4);
    let starts_word = |at: usize| match bytes.get(at) {
        Some(&b) if b.is_ascii() => CLASS[usize::from(b)] & ALNUM != 0,
        Some(_) => char_at(text, at).is_some_and(|(c, _)| word_char(c)),
        None => false,
    };
    let mut i = 0;
    while i < n {
        let start = i;
        let first = CLASS[usize::from(bytes[i])];
        // char::is_whitespace in ASCII, which counts the vertical tab.
        if first & SPACE != 0 {
            i += 1;
            continue;
        }
        let (word, capital, mut ascii);
        if first & HIGH == 0 {
            i += 1;
            (word, capital, ascii) = (first & ALNUM != 0, first & UPPER != 0, true);
        } else {
            let (c, len) = char_at(text, i).unwrap_or(('\u{FFFD}', 1));
            i += len;
            word = word_char(c);
            if !word && c.is_whitespace() {
                continue;
            }
            (capital, ascii) = (word && c.is_uppercase(), false);
        }
        // The classes of the word's ASCII letters and digits, or'ed: whether one is a capital.
        let mut seen = first;
        if word {
            loop {
                // ASCII letters and digits: nearly every byte of a word.
                while let Some(&c) = bytes.get(i).map(|&b| &CLASS[usize::from(b)])
                    && c & ALNUM != 0
                {
                    seen |= c;
                    i += 1;
                }
                let Some(&b) = bytes.get(i) else { break };
                let class = CLASS[usize::from(b)];
                if class & JOIN != 0 {
                    // Apostrophes, hyphens, dots and ampersands join two word characters.
                    if !starts_word(i + 1) {
                        break;
                    }
                    i += 1;
                } else if class & HIGH != 0 {
                    let Some((d, m)) = char_at(text, i) else {
                        break;
                    };
                    if !(word_char(d) || d == '’' && starts_word(i + m)) {
                        break;
                    }
                    ascii = false;
                    i += m;
                } else {
                    break;
                }
            }
            // Abbreviations and initials keep their dot: "Col.", "Mr.", "J.", "U.S."
            if bytes.get(i) == Some(&b'.') && is_abbreviation(&text[start..i]) {
                i += 1;
            }
        }
        let t = &text[start..i];
        // The lower-case form, and, for an ASCII word with a capital in it, its form in
        // `lowered`, where the word lists look it up.
        let (lower, look) = match lowered {
            // Marks and punctuation have no case.
            _ if !word => (Cow::Borrowed(t), None),
            Some(l) if ascii && seen & UPPER != 0 => (Cow::Borrowed(t), Some(&l[start..i])),
            Some(_) if ascii => (Cow::Borrowed(t), None),
            _ => (lower(t), None),
        };
        let unlowered = look.is_some();
        let look = look.unwrap_or(&lower);
        out.push(Tok {
            start: base + start,
            end: base + i,
            text: t,
            verb: if word { lexicon::verb(look) } else { 0 },
            class: if capital { lexicon::classes(look) } else { 0 },
            lower,
            word,
            capital,
            unlowered,
        });
        while start >= watch {
            let r = &quotes[q];
            if start < r.end {
                if word {
                    words_in += 1;
                }
                if words_in < keep {
                    break;
                }
                if let Some(space) = memchr::memrchr(b' ', &bytes[i.min(r.end)..r.end]) {
                    i += space + 1;
                }
            }
            q += 1;
            words_in = 0;
            watch = quotes.get(q).map_or(usize::MAX, |r| r.start);
        }
    }
}

/// The word without possessive endings (`NASA’s` → `NASA`). Plain suffix checks: this runs for
/// every name word, and `trim_end_matches` with a string builds a searcher each time.
pub(super) fn strip_possessive(mut s: &str) -> &str {
    while let Some(x) = s.strip_suffix("'s") {
        s = x;
    }
    while let Some(x) = s.strip_suffix("’s") {
        s = x;
    }
    s
}

/// Short words that end with a dot without ending a sentence.
pub(super) fn is_abbreviation(word: &str) -> bool {
    if word.contains('.') {
        return true;
    }
    // A single initial.
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && c.is_uppercase()
    {
        return true;
    }
    // Asked at the end of every sentence: the list is of ASCII words of up to four bytes,
    // compared as numbers.
    word.len() <= 4 && word.is_ascii() && ABBREVIATIONS.contains(&pack(word.as_bytes()))
}

/// Up to four ASCII bytes as one number, in lower case (a word holds no NUL, so two words
/// never give the same number).
const fn pack(b: &[u8]) -> u32 {
    let (mut k, mut i) = (0u32, 0);
    while i < b.len() {
        k = k << 8 | b[i].to_ascii_lowercase() as u32;
        i += 1;
    }
    k
}

/// Short words that end with a dot without ending a sentence.
const ABBREVIATION_WORDS: [&str; 39] = [
    "mr", "mrs", "ms", "dr", "prof", "col", "gen", "lt", "capt", "sgt", "maj", "sen", "rep", "gov",
    "st", "jr", "sr", "rev", "adm", "cmdr", "no", "vs", "etc", "inc", "corp", "ltd", "co", "jan",
    "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec", "mt", "ft",
];

/// `ABBREVIATION_WORDS`, `pack`ed.
const ABBREVIATIONS: [u32; ABBREVIATION_WORDS.len()] = {
    let mut out = [0; ABBREVIATION_WORDS.len()];
    let mut i = 0;
    while i < out.len() {
        out[i] = pack(ABBREVIATION_WORDS[i].as_bytes());
        i += 1;
    }
    out
};

/// True when token `i` ends a sentence.
pub(super) fn ends_sentence(toks: &[Tok], i: usize) -> bool {
    let t = &toks[i];
    if t.is("!") || t.is("?") || t.is("…") {
        return true;
    }
    // A dot followed by a comma, a semicolon or a word in lower case ends an abbreviation
    // (`Mitch McConnell, R-Ky., said`), not a sentence.
    if t.is(".") {
        return !toks.get(i + 1).is_some_and(|n| {
            matches!(n.text, "," | ";" | ")") || n.is_word() && !n.is_capitalised()
        });
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tokenizer as first written, character by character: the fast one must agree.
    fn reference(text: &str) -> Vec<(usize, usize, String, bool, bool)> {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let at = |k: usize| chars.get(k).map(|&(_, c)| c);
        let pos = |k: usize| chars.get(k).map_or(text.len(), |&(p, _)| p);
        let mut out = Vec::new();
        let mut k = 0;
        while let Some(c) = at(k) {
            let start = pos(k);
            k += 1;
            if c.is_whitespace() {
                continue;
            }
            if c.is_alphanumeric() {
                while let Some(d) = at(k) {
                    let joins = matches!(d, '\'' | '’' | '-' | '.' | '&')
                        && at(k + 1).is_some_and(char::is_alphanumeric);
                    if !(d.is_alphanumeric() || joins) {
                        break;
                    }
                    k += 1;
                }
                if at(k) == Some('.') && is_abbreviation(&text[start..pos(k)]) {
                    k += 1;
                }
            }
            let t = &text[start..pos(k)];
            let word = c.is_alphanumeric();
            out.push((start, pos(k), t.to_lowercase(), word, c.is_uppercase()));
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn the_fast_tokenizer_agrees_with_the_reference(
            t in "([a-zA-Z0-9]{1,6}|[ .,'&\\-\t\n\x0B\x0C]|[’“”‘—…éÉßİ日本\u{00A0}\u{2003}\u{0301}])*"
        ) {
            let lowered = t.to_ascii_lowercase();
            for toks in [tokenize(&t, 0), tokenize_with(&t, Some(&lowered), 0)] {
                let got: Vec<_> = toks
                    .iter()
                    .map(|x| (x.start, x.end, x.lower.to_string(), x.is_word(), x.is_capitalised()))
                    .collect();
                proptest::prop_assert_eq!(&got, &reference(&t));
                for x in &toks {
                    proptest::prop_assert_eq!(x.text, &t[x.start..x.end]);
                    proptest::prop_assert_eq!(x.verb_bits(), if x.is_word() { lexicon::verb(&x.text.to_lowercase()) } else { 0 });
                    proptest::prop_assert_eq!(x.classes(), lexicon::classes(&x.lower));
                }
            }
        }
    }

    proptest::proptest! {
        // Quotations cut anywhere between characters, keeping few words so that most are
        // skipped: what is left must be `tokenize_into`'s tokens, all of those outside the
        // quotations, and in each the ones up to its `keep`th word.
        #[test]
        fn skipping_leaves_out_only_a_quotations_words_after_the_first_few(
            t in "([a-zA-Z0-9]{1,6}|[ .,'&\\-\n]|[’“”éÉ日\u{00A0}])*",
            cuts in proptest::collection::vec(proptest::prelude::any::<proptest::sample::Index>(), 0..8),
            keep in 0usize..4,
        ) {
            let lowered = t.to_ascii_lowercase();
            let bounds: Vec<usize> = t.char_indices().map(|(i, _)| i).chain([t.len()]).collect();
            let mut cuts: Vec<usize> = cuts.iter().map(|c| bounds[c.index(bounds.len())]).collect();
            cuts.sort_unstable();
            let quotes: Vec<_> = cuts.chunks_exact(2).map(|c| c[0]..c[1]).collect();
            let mut full = Vec::new();
            tokenize_into(&t, Some(&lowered), 3, &mut full);
            let mut got = Vec::new();
            tokenize_skipping(&t, Some(&lowered), 3, &mut got, &quotes, keep);
            // In order, each one of `full`'s.
            let mut rest = full.iter();
            for g in &got {
                proptest::prop_assert!(rest.any(|f| f == g), "{:?} is not tokenize_into's", g);
            }
            let inside = |x: &Tok, r: &std::ops::Range<usize>| r.contains(&(x.start - 3));
            for f in full.iter().filter(|f| !quotes.iter().any(|r| inside(f, r))) {
                proptest::prop_assert!(got.contains(f), "{:?} outside the quotations is missing", f);
            }
            for r in &quotes {
                let mut words = 0;
                let first: Vec<_> = full
                    .iter()
                    .filter(|f| inside(f, r))
                    .take_while(|f| {
                        let more = words < keep;
                        words += usize::from(f.is_word());
                        more
                    })
                    .collect();
                let kept: Vec<_> = got.iter().filter(|g| inside(g, r)).take(first.len()).collect();
                proptest::prop_assert_eq!(kept, first, "in {:?}", r);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn abbreviations_are_the_listed_words_initials_and_dotted_words(
            w in "[a-zA-Z.ÉéK\u{212A}]{0,6}"
        ) {
            let one_capital = w.chars().count() == 1 && w.chars().all(char::is_uppercase);
            let listed = ABBREVIATION_WORDS.contains(&w.to_lowercase().as_str());
            proptest::prop_assert_eq!(is_abbreviation(&w), one_capital || w.contains('.') || listed);
        }
    }

    #[test]
    fn every_listed_abbreviation_is_one_in_any_case() {
        for w in ABBREVIATION_WORDS {
            assert!(
                is_abbreviation(w) && is_abbreviation(&w.to_uppercase()),
                "{w}"
            );
        }
        assert!(!is_abbreviation("the") && !is_abbreviation("Smith") && !is_abbreviation(""));
    }

    #[test]
    fn general_punctuation_is_never_part_of_a_word() {
        for c in '\u{2010}'..='\u{205E}' {
            assert!(!c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn a_recycled_token_list_is_empty_and_keeps_its_memory() {
        let text = String::from("Mr. Smith said so.");
        let toks = tokenize(&text, 0);
        let capacity = toks.capacity();
        assert!(capacity > 0);
        let other = String::from("Yes.");
        let mut again = recycle(toks);
        assert!(again.is_empty());
        assert_eq!(again.capacity(), capacity);
        tokenize_into(&other, None, 7, &mut again);
        assert_eq!(again, tokenize(&other, 7));
    }

    #[test]
    fn tokens_keep_offsets_and_abbreviations() {
        let t = tokenize("Col. Dmitry Kitin, don’t “go” U.S. now.", 10);
        let texts: Vec<&str> = t.iter().map(|t| t.text).collect();
        assert_eq!(
            texts,
            [
                "Col.", "Dmitry", "Kitin", ",", "don’t", "“", "go", "”", "U.S.", "now", "."
            ]
        );
        assert_eq!(t[1].start, 15);
    }
}
