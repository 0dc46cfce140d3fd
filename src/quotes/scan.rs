//! Finding quotation spans: which marks open and close quotations, and how they pair up.
//!
//! Marks are classified by their neighbours (an apostrophe sits between letters; an opening mark
//! follows a space and precedes a word). Pairing uses a stack per paragraph so nested quotes stay
//! inside their outer quotation. A paragraph that ends inside a quotation continues it when the
//! next paragraph opens with a fresh mark (or closes it before opening anything); otherwise the
//! quotation ends at the last closing mark seen (a missing closing mark before a new opening
//! mark, as in the sample) or at the paragraph's end. Nothing here looks further than the next
//! paragraph, so one stray mark can never swallow the rest of a document.

use std::ops::Range;

/// Quote-mark families: a closing mark only closes an opening mark of its own family.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Family {
    /// “ ” " „ « »
    Double,
    /// ‘ ’ ' ‹ ›
    Single,
    /// 「 」
    Corner,
    /// 『 』
    WhiteCorner,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Open,
    Close,
    /// A straight `"`: decided by the pairing state.
    Either,
}

#[derive(Clone, Copy, Debug)]
pub(super) struct Mark {
    pos: usize,
    len: usize,
    family: Family,
    role: Role,
}

/// One quotation found: the bytes between its first opening and last closing mark.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Span {
    /// Source byte range of the words, without the quote marks.
    pub range: Range<usize>,
    /// Index of the paragraph the quotation opens in, and of the one it ends in.
    pub first_para: usize,
    pub last_para: usize,
    pub family: Family,
    /// False when the closing mark was never found (ends at the paragraph end).
    pub closed: bool,
}

fn is_space(c: Option<char>) -> bool {
    c.is_none_or(|c| c.is_whitespace())
}

fn is_word(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric())
}

/// Punctuation that may follow a closing mark (or precede an opening one).
fn is_close_ctx(c: Option<char>) -> bool {
    is_space(c)
        || c.is_some_and(|c| {
            matches!(
                c,
                '.' | ','
                    | ';'
                    | ':'
                    | '!'
                    | '?'
                    | ')'
                    | ']'
                    | '}'
                    | '—'
                    | '–'
                    | '-'
                    | '…'
                    | '”'
                    | '’'
                    | '"'
                    | '\''
            )
        })
}

fn is_open_ctx(c: Option<char>) -> bool {
    is_space(c)
        || c.is_some_and(|c| {
            matches!(
                c,
                '(' | '[' | '{' | '—' | '–' | '-' | '/' | '“' | '‘' | '"' | '\'' | ':' | '«' | '„'
            )
        })
}

/// Flips a mark's default role when its neighbours clearly say otherwise.
fn by_context(default: Role, prev: Option<char>, next: Option<char>) -> Role {
    let opens = is_open_ctx(prev) && !is_space(next);
    let closes = !is_space(prev) && is_close_ctx(next);
    match default {
        Role::Open if closes && !opens => Role::Close,
        Role::Close if opens && !closes => Role::Open,
        r => r,
    }
}

/// Classifies one character as a quote mark, or `None` (including apostrophes).
fn classify(c: char, prev: Option<char>, next: Option<char>) -> Option<(Family, Role)> {
    use Family::*;
    let (family, role) = match c {
        '“' | '„' | '«' => (Double, by_context(Role::Open, prev, next)),
        '”' | '»' => (Double, by_context(Role::Close, prev, next)),
        '"' => {
            let open = is_open_ctx(prev) && !is_space(next);
            let close = !is_space(prev) && is_close_ctx(next);
            let role = match (open, close) {
                (true, false) => Role::Open,
                (false, true) => Role::Close,
                _ => Role::Either,
            };
            (Double, role)
        }
        '‘' | '‹' => (Single, by_context(Role::Open, prev, next)),
        '’' | '\'' | '›' => {
            // Between letters or digits it is an apostrophe (don’t, rock’n’roll, 1990’s).
            if is_word(prev) && is_word(next) {
                return None;
            }
            let open = is_open_ctx(prev) && is_word(next);
            let close = !is_space(prev) && is_close_ctx(next);
            match (open, close) {
                (true, false) => (Single, Role::Open),
                (false, true) => (Single, Role::Close),
                _ => return None,
            }
        }
        '「' => (Corner, Role::Open),
        '」' => (Corner, Role::Close),
        '『' => (WhiteCorner, Role::Open),
        '』' => (WhiteCorner, Role::Close),
        _ => return None,
    };
    Some((family, role))
}

/// The character starting at byte `i`, with invalid UTF-8 read as a letter.
fn char_at(bytes: &[u8], i: usize) -> Option<char> {
    let b = *bytes.get(i)?;
    if b < 0x80 {
        return Some(b as char);
    }
    let len = match b {
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF7 => 4,
        _ => return Some('x'),
    };
    let s = bytes
        .get(i..i + len)
        .and_then(|s| std::str::from_utf8(s).ok());
    Some(s.and_then(|s| s.chars().next()).unwrap_or('x'))
}

/// The character ending just before byte `i`.
fn char_before(bytes: &[u8], i: usize) -> Option<char> {
    let mut start = i.checked_sub(1)?;
    while start > 0 && i - start < 4 && (bytes[start] & 0xC0) == 0x80 {
        start -= 1;
    }
    char_at(bytes, start)
}

/// The quote marks of one paragraph, in order. Only bytes that can start a mark are decoded,
/// so a paragraph is scanned at memchr speed.
fn marks(bytes: &[u8], base: usize) -> Vec<Mark> {
    let mut out = Vec::new();
    marks_into(bytes, base, &mut out);
    out
}

/// `marks`, into `out` (cleared first): one list serves every paragraph of a book.
fn marks_into(bytes: &[u8], base: usize, out: &mut Vec<Mark>) {
    out.clear();
    // Every quote mark starts with one of these bytes: " ' or the lead byte of « » (C2),
    // “ ” ‘ ’ „ ‹ › (E2) or 「 」 『 』 (E3). Two searches, each resumed only when used up.
    let find_a = |from: usize| memchr::memchr3(b'"', b'\'', 0xE2, &bytes[from..]).map(|o| from + o);
    let find_b = |from: usize| memchr::memchr3(0xC2, 0xE3, b'`', &bytes[from..]).map(|o| from + o);
    let (mut next_a, mut next_b) = (find_a(0), find_b(0));
    loop {
        let i = match (next_a, next_b) {
            (Some(a), Some(b)) => a.min(b),
            (Some(a), None) => a,
            (None, Some(b)) => b,
            (None, None) => break,
        };
        if next_a == Some(i) {
            next_a = find_a(i + 1);
        }
        if next_b == Some(i) {
            next_b = find_b(i + 1);
        }
        let Some(c) = char_at(bytes, i) else { break };
        // Two apostrophes (as some papers print the double marks) or two backquotes (as TeX
        // writes an opening one) are one double mark. Of three apostrophes, the single mark
        // goes inside: they close a single quotation, then the double one, or open them the
        // other way round.
        let run = |b: u8| bytes[i..].iter().take_while(|&&x| x == b).count();
        if c == '`' {
            // A code span (`name = "x"`, as Markdown and plain-text notes write code): one
            // backtick, or three or more, closed by as many further on in the paragraph. The
            // quote marks inside are code. Two backticks open a quotation (TeX's way, which
            // some papers print).
            let n = run(b'`');
            if n != 2
                && let Some(end) = closing_run(bytes, i + n, n)
            {
                next_a = find_a(end);
                next_b = find_b(end);
                continue;
            }
            if n >= 2 {
                out.push(Mark {
                    pos: base + i,
                    len: 2,
                    family: Family::Double,
                    role: Role::Open,
                });
                next_b = find_b(i + 2);
            }
            continue;
        }
        if c == '\'' && run(b'\'') >= 2 {
            let n = run(b'\'').min(3);
            let prev = char_before(bytes, i);
            let next = char_at(bytes, i + n);
            let Some((_, role)) = classify('"', prev, next) else {
                continue;
            };
            let double = |pos: usize| Mark {
                pos: base + pos,
                len: 2,
                family: Family::Double,
                role,
            };
            let single = |pos: usize| Mark {
                pos: base + pos,
                len: 1,
                family: Family::Single,
                role,
            };
            match (n, role) {
                (3, Role::Open) => out.extend([double(i), single(i + 2)]),
                (3, _) => out.extend([single(i), double(i + 1)]),
                _ => out.push(double(i)),
            }
            next_a = find_a(i + n);
            continue;
        }
        if !matches!(
            c,
            '“' | '”'
                | '„'
                | '«'
                | '»'
                | '"'
                | '‘'
                | '’'
                | '\''
                | '‹'
                | '›'
                | '「'
                | '」'
                | '『'
                | '』'
        ) {
            continue;
        }
        let len = c.len_utf8();
        if let Some((family, role)) = classify(c, char_before(bytes, i), char_at(bytes, i + len)) {
            out.push(Mark {
                pos: base + i,
                len,
                family,
                role,
            });
        }
    }
}

/// Where the run of exactly `n` backticks at or after `from` ends (a code span's closing run).
fn closing_run(bytes: &[u8], from: usize, n: usize) -> Option<usize> {
    let mut at = from;
    while let Some(o) = memchr::memchr(b'`', &bytes[at..]) {
        let start = at + o;
        let len = bytes[start..].iter().take_while(|&&b| b == b'`').count();
        if len == n {
            return Some(start + len);
        }
        at = start + len;
    }
    None
}

/// Whether a paragraph holds any quote mark: a quotation can only start in one that does.
pub(super) fn has_marks(bytes: &[u8], scratch: &mut Vec<Mark>) -> bool {
    marks_into(bytes, 0, scratch);
    !scratch.is_empty()
}

/// A quotation still open at the end of a paragraph.
#[derive(Clone, Debug)]
struct Open {
    /// Where its opening mark is, and where its words start.
    mark: usize,
    start: usize,
    first_para: usize,
    family: Family,
    /// The last closing mark of this family seen inside it (closing a nested opener).
    last_close: Option<usize>,
}

/// Pairs the marks of one paragraph. `carry` is a quotation continued from the previous one.
/// Adds the spans closed here to `spans` and returns the quotation left open at the end, if
/// any. `stack` is working space, kept by the caller so a book's paragraphs share one.
fn pair(
    marks: &[Mark],
    para: usize,
    carry: Option<Open>,
    disabled: &[usize],
    stack: &mut Vec<(Family, usize)>,
    spans: &mut Vec<Span>,
) -> Option<Open> {
    // The stack holds (family, opening mark end); entry 0 is the outer quotation.
    stack.clear();
    let mut outer: Option<Open> = carry;
    if let Some(o) = &outer {
        stack.push((o.family, o.start));
    }
    let mut carried_reopen_pending = outer.is_some();
    for m in marks.iter().filter(|m| !disabled.contains(&m.pos)) {
        let top_family = stack.last().map(|s| s.0);
        let role = match m.role {
            Role::Either if stack.iter().any(|s| s.0 == m.family) => Role::Close,
            Role::Either => Role::Open,
            r => r,
        };
        // A continued quotation's paragraph starts by re-opening it: that mark is part of it.
        if carried_reopen_pending {
            carried_reopen_pending = false;
            if role == Role::Open && Some(m.family) == top_family && stack.len() == 1 {
                continue;
            }
        }
        match role {
            Role::Open => {
                if stack.is_empty() {
                    outer = Some(Open {
                        mark: m.pos,
                        start: m.pos + m.len,
                        first_para: para,
                        family: m.family,
                        last_close: None,
                    });
                }
                stack.push((m.family, m.pos + m.len));
            }
            Role::Close => {
                let Some(depth) = stack.iter().rposition(|s| s.0 == m.family) else {
                    continue; // a stray closer or a possessive apostrophe
                };
                stack.truncate(depth);
                if depth == 0 {
                    let o = outer.take().expect("outer quotation");
                    spans.push(Span {
                        range: o.start..m.pos,
                        first_para: o.first_para,
                        last_para: para,
                        family: o.family,
                        closed: true,
                    });
                } else if let Some(o) = outer.as_mut().filter(|o| o.family == m.family) {
                    o.last_close = Some(m.pos);
                }
            }
            Role::Either => unreachable!(),
        }
    }
    outer
}

/// True when `marks` (of the next paragraph) continue a quotation of `family`: the paragraph
/// starts with an opening mark of that family, or closes it before opening anything.
fn continues(marks: &[Mark], para_start: usize, bytes: &[u8], family: Family) -> bool {
    let Some(first) = marks.first() else {
        return false;
    };
    if first.family != family {
        return false;
    }
    let lead = &bytes[para_start..first.pos];
    match first.role {
        Role::Open | Role::Either => lead.iter().all(|b| b.is_ascii_whitespace()),
        Role::Close => true,
    }
}

/// Finds every quotation in the paragraphs (byte ranges of `bytes`), in document order.
#[cfg(test)]
pub(super) fn find(bytes: &[u8], paragraphs: &[Range<usize>]) -> Vec<Span> {
    find_block(bytes, paragraphs, true).0
}

/// Finds the quotations of a block of paragraphs that may be followed by more (unless `last`).
/// Returns those of the first `settled` paragraphs and `settled`: the paragraphs whose
/// quotations cannot change whatever follows the block. A paragraph is settled when the two
/// after it are in the block (what decides whether a quotation goes on) and no quotation is
/// open at its end; the next block starts with the first unsettled paragraph, with nothing
/// carried over, so the quotations come out exactly as from one call over the whole document.
pub(super) fn find_block(
    bytes: &[u8],
    paragraphs: &[Range<usize>],
    last: bool,
) -> (Vec<Span>, usize) {
    let (mut spans, mut settled) = (Vec::new(), 0);
    let lookahead_ok = |i: usize| last || i + 2 < paragraphs.len();
    let mut carry: Option<Open> = None;
    // The marks of this paragraph and the next, and the pairing stack: kept from paragraph to
    // paragraph rather than made for each.
    let (mut these, mut next_marks, mut stack) = (Vec::new(), Vec::new(), Vec::new());
    if let Some(p) = paragraphs.first() {
        marks_into(&bytes[p.clone()], p.start, &mut next_marks);
    }
    for (i, p) in paragraphs.iter().enumerate() {
        std::mem::swap(&mut these, &mut next_marks);
        match paragraphs.get(i + 1) {
            Some(n) => marks_into(&bytes[n.clone()], n.start, &mut next_marks),
            None => next_marks.clear(),
        }
        let has_next = i + 1 < paragraphs.len();
        // An opening single mark left unclosed was most likely an apostrophe (’90s, ’em):
        // disable it and pair the paragraph again. Bounded, so the whole stays linear.
        let mut disabled = Vec::new();
        let before = spans.len();
        let mut open = pair(&these, i, carry.take(), &disabled, &mut stack, &mut spans);
        for _ in 0..4 {
            match &open {
                Some(o) if o.family == Family::Single && o.first_para == i => {
                    disabled.push(o.mark);
                    spans.truncate(before);
                    open = pair(&these, i, None, &disabled, &mut stack, &mut spans);
                }
                _ => break,
            }
        }
        let Some(o) = open else {
            if lookahead_ok(i) {
                settled = i + 1;
            }
            continue;
        };
        let continued = o.family != Family::Single
            && paragraphs
                .get(i + 1)
                .is_some_and(|n| continues(&next_marks, n.start, bytes, o.family));
        if continued {
            carry = Some(o);
            continue;
        }
        // A long statement may run through a paragraph with no marks at all ("each new
        // paragraph reopening with “, or carrying no mark"): continue through at most one when
        // the paragraph after it reopens or closes the quotation.
        if o.family != Family::Single
            && o.first_para < i
            && has_next
            && next_marks.is_empty()
            && let Some(after) = paragraphs.get(i + 2)
            && continues(
                &marks(&bytes[after.clone()], after.start),
                after.start,
                bytes,
                o.family,
            )
        {
            carry = Some(o);
            continue;
        }
        // Not continued: end at the last closing mark inside it, else at the paragraph's end.
        let (end, closed) = match o.last_close {
            Some(c) => (c, true),
            None => (
                p.end - trailing_space(&bytes[o.start.min(p.end)..p.end]),
                false,
            ),
        };
        if end > o.start {
            spans.push(Span {
                range: o.start..end,
                first_para: o.first_para,
                last_para: i,
                family: o.family,
                closed,
            });
        }
        if lookahead_ok(i) {
            settled = i + 1;
        }
    }
    spans.retain(|s| s.first_para < settled);
    for s in &mut spans {
        s.range = trim(bytes, s.range.clone());
    }
    spans.retain(|s| !s.range.is_empty());
    (spans, settled)
}

/// A quotation's text `r` with the marks around it (and the spaces inside them, as in « French
/// »), when they are there: what a reader copies or bookmarks as the quotation.
pub fn with_marks(bytes: &[u8], r: Range<usize>) -> Range<usize> {
    let is_space = |c: char| c.is_whitespace();
    let (mut start, mut end) = (r.start.min(bytes.len()), r.end.min(bytes.len()));
    let mut s = start;
    while let Some(c) = char_before(bytes, s).filter(|&c| is_space(c) && c != '\n') {
        s -= c.len_utf8();
    }
    if let Some(c) = char_before(bytes, s) {
        let before = char_before(bytes, s - c.len_utf8());
        if matches!(
            classify(c, before, char_at(bytes, s)),
            Some((_, Role::Open | Role::Either))
        ) {
            start = s - c.len_utf8();
        }
    }
    let mut e = end;
    while let Some(c) = char_at(bytes, e).filter(|&c| is_space(c) && c != '\n') {
        e += c.len_utf8();
    }
    if let Some(c) = char_at(bytes, e) {
        let after = char_at(bytes, e + c.len_utf8());
        if matches!(
            classify(c, char_before(bytes, e), after),
            Some((_, Role::Close | Role::Either))
        ) {
            end = e + c.len_utf8();
        }
    }
    start..end
}

/// Trims white space (including no-break spaces, as in « French ») from both ends.
fn trim(bytes: &[u8], r: Range<usize>) -> Range<usize> {
    // Valid text (nearly always) is trimmed in place: no copy of every quotation.
    let lossy;
    let text = match std::str::from_utf8(&bytes[r.clone()]) {
        Ok(text) => text,
        Err(_) => {
            lossy = String::from_utf8_lossy(&bytes[r.clone()]);
            if lossy.len() != r.len() {
                return r; // invalid UTF-8 inside: keep the span as it is
            }
            &*lossy
        }
    };
    let lead = text.len() - text.trim_start().len();
    let tail = text.len() - text.trim_end().len();
    r.start + lead..(r.end - tail).max(r.start + lead)
}

fn trailing_space(b: &[u8]) -> usize {
    b.iter()
        .rev()
        .take_while(|b| b.is_ascii_whitespace())
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn with_marks_takes_in_the_marks_around_a_quotation() {
        let marked = |text: &str, inner: &str| {
            let at = text.find(inner).unwrap();
            let r = with_marks(text.as_bytes(), at..at + inner.len());
            text[r].to_string()
        };
        assert_eq!(marked("He said “Hi,” and left.", "Hi,"), "“Hi,”");
        assert_eq!(
            marked("Il dit « Bonjour » et part.", "Bonjour"),
            "« Bonjour »"
        );
        assert_eq!(marked("\"Go\" she said", "Go"), "\"Go\"");
        // No marks, or an apostrophe in a word: the text as it was.
        assert_eq!(marked("plain words here", "words"), "words");
        assert_eq!(marked("the cat's toy", "the cat"), "the cat");
        assert_eq!(marked("“Hi", "Hi"), "“Hi");
    }

    fn quotes(text: &str) -> Vec<&str> {
        let mut paras = Vec::new();
        let mut start = 0;
        for part in text.split("\n\n") {
            paras.push(start..start + part.len());
            start += part.len() + 2;
        }
        find(text.as_bytes(), &paras)
            .into_iter()
            .map(|s| &text[s.range])
            .collect()
    }

    #[test]
    fn curly_straight_guillemets_and_corner_marks() {
        assert_eq!(quotes("He said “yes,” then \"no.\""), ["yes,", "no."]);
        assert_eq!(quotes("Il a dit « bonjour » hier."), ["bonjour"]);
        assert_eq!(quotes("彼は「こんにちは」と言った。"), ["こんにちは"]);
        assert_eq!(quotes("Sie sagte „Guten Tag“ und ging."), ["Guten Tag"]);
    }

    #[test]
    fn apostrophes_are_not_quote_marks() {
        assert!(
            quotes("Don’t touch the Philippines’ military in the ’90s, rock ’n’ roll.")
                .iter()
                .all(|q| q.len() <= 3)
        );
        assert_eq!(
            quotes("It's the students' union and Chris' car."),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn single_marks_can_quote_speech() {
        assert_eq!(
            quotes("'We will fight on,' said the minister."),
            ["We will fight on,"]
        );
        assert_eq!(quotes("The BBC said ‘no deal’ was likely."), ["no deal"]);
    }

    #[test]
    fn nested_quotes_stay_inside() {
        assert_eq!(
            quotes("“He told me ‘never’ and left,” she said."),
            ["He told me ‘never’ and left,"]
        );
    }

    #[test]
    fn quotation_continued_over_paragraphs_is_one() {
        let text = "“First part of it.\n\n“Second part,” he said.";
        assert_eq!(quotes(text), ["First part of it.\n\n“Second part,"]);
    }

    #[test]
    fn missing_closing_mark_before_a_new_opening_mark() {
        let text = "“One run. “Two run.”\n\nNext paragraph with “another quote” here.";
        assert_eq!(quotes(text), ["One run. “Two run.", "another quote"]);
    }

    #[test]
    fn a_stray_mark_does_not_derail_later_paragraphs() {
        let text = "A stray “ mark here.\n\nThen “a real quote,” she said.\n\nAnd ‘another’ one.";
        let q = quotes(text);
        assert!(q.contains(&"a real quote,"), "{q:?}");
        assert!(q.contains(&"another"), "{q:?}");
    }
}
