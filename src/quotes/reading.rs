//! Reading a document for attribution: its paragraphs a block at a time, the quotations of
//! each block, and the stretches of text tokenized, handed on in batches (to another thread,
//! for a large document).

use super::attribute::WORDS_COUNTED;
use super::{scan, tokens};
use std::ops::Range;

/// How the text is read: parameters so that tests can make the blocks and batches tiny and the
/// cuts frequent, on one thread or two.
#[derive(Clone, Copy, Debug)]
pub(super) struct Reading {
    /// Paragraphs read at a time.
    pub(super) block: usize,
    /// Bytes of text tokenized before they are handed on.
    pub(super) batch: usize,
    pub(super) two_threads: bool,
}

/// Stretches of text read and tokenized, for attribution: a stretch is a paragraph plus any
/// that a quotation starting in it runs into.
#[derive(Default)]
pub(super) struct Batch<'a> {
    stretches: Vec<Stretch>,
    /// The stretches' tokens, one after another, their lower-case forms still to be taken
    /// from `lowered` (`tokens::relower`).
    toks: Vec<tokens::Tok<'a>>,
    /// The stretches' text with ASCII letters lowered, one after another.
    lowered: String,
    /// Their quotations, one after another, paragraphs numbered in the document.
    spans: Vec<scan::Span>,
    /// Bytes of text in it.
    len: usize,
    /// The quotations of the stretch being tokenized, in its text (kept for its memory).
    inside: Vec<Range<usize>>,
}

pub(super) struct Stretch {
    /// The number of its first paragraph in the document.
    pub(super) first: usize,
    pub(super) range: Range<usize>,
    /// Its tokens in the batch's; `None` when its text is not UTF-8: the tokens borrow the
    /// text, made valid, so they are made where they are used.
    toks: Option<Range<usize>>,
    /// Where its text starts in the batch's lowered text.
    lowered: usize,
    spans: Range<usize>,
    /// Whether a quotation starts in the paragraph after it (true past the last one read).
    pub(super) quote_next: bool,
}

/// What `Batch::each` calls with a stretch, its tokens and its quotations.
type EachStretch<'f> = dyn FnMut(&Stretch, &[tokens::Tok], &[scan::Span]) -> bool + 'f;

impl<'a> Batch<'a> {
    /// Adds the stretch `range` of the document `bytes`, whose first paragraph is paragraph
    /// `first` of the document, with its quotations, tokenized.
    fn add(
        &mut self,
        bytes: &'a [u8],
        first: usize,
        range: Range<usize>,
        found: impl Iterator<Item = scan::Span>,
        quote_next: bool,
    ) {
        let from = self.spans.len();
        self.spans.extend(found);
        let lowered = self.lowered.len();
        let toks = match tokens::same_offsets(&bytes[range.clone()]) {
            std::borrow::Cow::Borrowed(text) => {
                self.lowered.push_str(text);
                self.lowered[lowered..].make_ascii_lowercase();
                let start = self.toks.len();
                let low = Some(&self.lowered[lowered..]);
                self.inside.clear();
                self.inside
                    .extend(in_stretch(&self.spans[from..], range.start));
                tokens::tokenize_skipping(
                    text,
                    low,
                    range.start,
                    &mut self.toks,
                    &self.inside,
                    WORDS_COUNTED,
                );
                Some(start..self.toks.len())
            }
            std::borrow::Cow::Owned(_) => None,
        };
        self.len += range.len();
        self.stretches.push(Stretch {
            first,
            range,
            toks,
            lowered,
            spans: from..self.spans.len(),
            quote_next,
        });
    }

    /// Calls `f` with each stretch, its tokens and its quotations, until it returns false, and
    /// empties the batch, keeping its memory for the next. Returns whether it went through them
    /// all. `bytes` is the document.
    pub(super) fn each(&mut self, bytes: &[u8], f: &mut EachStretch) -> bool {
        let mut all = std::mem::take(&mut self.toks);
        for s in &self.stretches {
            if let Some(t) = &s.toks {
                tokens::relower(
                    &mut all[t.clone()],
                    &self.lowered[s.lowered..],
                    s.range.start,
                );
            }
        }
        let mut go_on = true;
        for s in &self.stretches {
            let (text, made_here);
            let toks = match &s.toks {
                Some(t) => &all[t.clone()],
                None => {
                    text = tokens::same_offsets(&bytes[s.range.clone()]);
                    made_here =
                        tokenize_stretch(&text, s.range.start, &self.spans[s.spans.clone()]);
                    &made_here[..]
                }
            };
            if !f(s, toks, &self.spans[s.spans.clone()]) {
                go_on = false;
                break;
            }
        }
        self.toks = tokens::recycle(all);
        self.clear();
        go_on
    }

    fn clear(&mut self) {
        self.stretches.clear();
        self.toks.clear();
        self.lowered.clear();
        self.spans.clear();
        self.len = 0;
    }
}

/// A line longer than this (in bytes) is not hard-wrapped prose: no one wraps text this wide.
const LONG_LINE: usize = 160;

/// The paragraphs as attribution reads them: a block of lines with one longer than
/// `LONG_LINE` is a paragraph a line (news pasted with single line breaks between its
/// paragraphs), so no tag is looked for across a line break there. Hard-wrapped prose, verse
/// and lists stay whole.
#[derive(Clone)]
pub(super) struct Lines<'a, I> {
    bytes: &'a [u8],
    inner: I,
    /// What is left of a block being given a line at a time.
    rest: Option<Range<usize>>,
}

impl<'a, I> Lines<'a, I> {
    pub(super) fn new(bytes: &'a [u8], inner: I) -> Self {
        Lines {
            bytes,
            inner,
            rest: None,
        }
    }
}

impl<I: Iterator<Item = Range<usize>>> Iterator for Lines<'_, I> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        loop {
            if let Some(r) = self.rest.take() {
                let line_end = memchr::memchr(b'\n', &self.bytes[r.clone()]).map(|n| r.start + n);
                let Some(end) = line_end else {
                    return Some(r);
                };
                let next = end + 1;
                if next < r.end {
                    self.rest = Some(next..r.end);
                }
                // Without the line's `\r`, as a paragraph holds no line end.
                let end = if end > r.start && self.bytes[end - 1] == b'\r' {
                    end - 1
                } else {
                    end
                };
                if end > r.start {
                    return Some(r.start..end);
                }
                continue;
            }
            let r = self.inner.next()?;
            let text = &self.bytes[r.clone()];
            let mut long = false;
            let mut from = 0;
            let mut breaks = false;
            for n in memchr::memchr_iter(b'\n', text) {
                breaks = true;
                if n - from > LONG_LINE {
                    long = true;
                    break;
                }
                from = n + 1;
            }
            if !breaks || !long {
                return Some(r);
            }
            self.rest = Some(r);
        }
    }
}

/// The quotations `spans` of a stretch starting at `start`, as ranges of its text.
fn in_stretch(spans: &[scan::Span], start: usize) -> impl Iterator<Item = Range<usize>> {
    spans
        .iter()
        .map(move |s| s.range.start - start..s.range.end - start)
}

/// The tokens of a stretch's `text` (at `start` in the document) with its quotations `spans`,
/// as attribution gets them: a quotation's words after the few counted are left out.
fn tokenize_stretch<'a>(text: &'a str, start: usize, spans: &[scan::Span]) -> Vec<tokens::Tok<'a>> {
    let inside: Vec<_> = in_stretch(spans, start).collect();
    let mut toks = Vec::new();
    tokens::tokenize_skipping(text, None, start, &mut toks, &inside, WORDS_COUNTED);
    toks
}

/// Reads the paragraphs a block at a time, finds their quotations, and hands the stretches to
/// `emit` tokenized, in batches, until it returns false.
pub(super) fn read<'a>(
    bytes: &'a [u8],
    mut paragraphs: impl Iterator<Item = Range<usize>> + Clone,
    how: Reading,
    emit: &mut dyn FnMut(&mut Batch<'a>) -> bool,
) {
    // The paragraphs read but not yet handed on, and the index of the first of them.
    let mut block: Vec<Range<usize>> = Vec::new();
    let mut first = 0;
    // Where the next paragraph with a quote mark starts, once a look ahead has found it.
    let mut marked_ahead: Option<usize> = None;
    let mut scratch = Vec::new();
    let mut batch = Batch::default();
    loop {
        let want = how.block.max(block.len() * 2);
        block.extend(paragraphs.by_ref().take(want - block.len()));
        let at_end = block.len() < want;
        let (spans, settled) = scan::find_block(bytes, &block, at_end);
        // A block with no quotation is read only for who it names, which matters only to a
        // quotation after it. With no quote mark left in the document, none can follow: the
        // rest (all of a log, a report, a novel's quote-free end) is not read at all.
        if spans.is_empty() {
            let unread = &block[settled..];
            let from = match (unread.first(), block.last()) {
                (Some(p), _) => p.start,
                (None, Some(p)) => p.end,
                (None, None) => 0,
            };
            if marked_ahead.is_none_or(|m| m < from) {
                marked_ahead = unread
                    .iter()
                    .cloned()
                    .chain(paragraphs.clone())
                    .find(|p| scan::has_marks(&bytes[p.clone()], &mut scratch))
                    .map(|p| p.start);
                if marked_ahead.is_none() {
                    break;
                }
            }
        }
        let paras = &block[..settled];
        let mut next = 0; // first span not yet handed on
        let mut p = 0;
        while p < paras.len() {
            let mut last = p;
            let mut k = next;
            while k < spans.len() && spans[k].first_para <= last {
                last = last.max(spans[k].last_para);
                k += 1;
            }
            let found = spans[next..k].iter().map(|s| scan::Span {
                first_para: s.first_para + first,
                last_para: s.last_para + first,
                ..s.clone()
            });
            // Whether a quotation starts in the next paragraph; past the block, not known yet.
            let quote_next = spans
                .get(k)
                .map_or(last + 1 >= paras.len(), |s| s.first_para == last + 1);
            let range = paras[p].start..paras[last].end;
            batch.add(bytes, p + first, range, found, quote_next);
            if batch.len >= how.batch && !emit(&mut batch) {
                return;
            }
            next = k;
            p = last + 1;
        }
        if at_end {
            break;
        }
        // A quotation open over the whole block (settled 0) makes the next block larger.
        block.drain(..settled);
        first += settled;
    }
    if !batch.stretches.is_empty() {
        emit(&mut batch);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Document, Origin};

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// What the reading hands on, in batches of any size: every paragraph once, in order,
        /// in stretches that hold their quotations, with the tokens of the stretch's text
        /// (their lower-case forms too, which are made apart from them; long quotations' words
        /// after the first few left out), text that is not UTF-8 included.
        #[test]
        fn each_stretch_comes_with_its_own_tokens(
            picks in proptest::collection::vec(0..8usize, 1..30),
            block in 1..6usize,
            batch in 1..300usize,
        ) {
            const PARAS: [&str; 8] = [
                "“We will win,” said Mr. McDONALD of the U.S. Navy.",
                "He said ÉMILE Zola’s iPhone was O’Brien’s.",
                "“First part of a long statement.",
                "“Our \u{1} TEAM is ready,” said Ms. Doe.",
                "A paragraph with no marks at all in it.",
                "“A quotation of more than eight words, some of them Capitalised, goes on,” Ann said.",
                "“Not UTF-8 \u{1} and more than eight words, some Capitalised, goes on,” Bo said.",
                "“Yes.” “No.” “Maybe,” she said.",
            ];
            let text = picks.iter().map(|&i| PARAS[i]).collect::<Vec<_>>().join("\n\n");
            let bytes: Vec<u8> = text.bytes().map(|b| if b == 1 { 0xFF } else { b }).collect();
            let d = Document::from_bytes(Origin::Builtin("t"), bytes).unwrap();
            let paragraphs: Vec<_> = d.paragraph_ranges().collect();
            let how = Reading { block, batch, two_threads: false };
            let mut next = 0;
            let mut failed = None;
            read(&d.bytes, paragraphs.iter().cloned(), how, &mut |b| {
                b.each(&d.bytes, &mut |s, toks, found| {
                    let text = tokens::same_offsets(&d.bytes[s.range.clone()]);
                    let want = tokenize_stretch(&text, s.range.start, found);
                    let last = paragraphs.iter().rposition(|p| p.end == s.range.end);
                    let ok = toks == &want[..]
                        && s.first == next
                        && paragraphs[s.first].start == s.range.start
                        && found.iter().all(|q| s.range.start <= q.range.start && q.range.end <= s.range.end);
                    if !ok {
                        failed = Some(format!("{:?}: {toks:?} / {want:?}", s.range));
                    }
                    next = last.map_or(usize::MAX, |l| l + 1);
                    ok
                });
                failed.is_none()
            });
            proptest::prop_assert_eq!(failed, None);
            // Every paragraph was handed on, unless nothing after it has a quote mark.
            let marked = paragraphs.iter().rposition(|p| {
                scan::has_marks(&d.bytes[p.clone()], &mut Vec::new())
            });
            proptest::prop_assert!(marked.is_none_or(|m| next > m), "{} {:?}", next, marked);
        }
    }
}
