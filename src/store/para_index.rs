//! Finding paragraphs without reading the whole document.
//!
//! Paragraph boundaries are *local*: whether a paragraph starts here depends only on the lines
//! around it (blank lines, headings, line shapes). So the paragraph at any position, the one
//! after and the one before can be worked out from a few kilobytes of text, and the first screen
//! of a 1 GB file or its last (`G`) touches only what they show. A small document that may
//! hold a fenced code block gets a full list instead (`Paragraphs::Full`), which adds the one
//! non-local rule: a fenced code block keeps its blank lines.
//!
//! So that a single line or block of any length stays cheap to show, long blocks are cut into
//! *pieces* at fixed places: the first line start at or after each multiple of `PIECE` bytes.
//! The places depend only on the bytes there, never on where the block began, so a cut is found
//! the same way from any direction. A paragraph that ends at a cut is `joined` to the next one
//! (no blank row between them).

use super::paragraphs::{Paragraph, classify_block, is_heading};
use std::ops::Range;

/// Bytes between piece cuts. A normal paragraph is far shorter; a longer block (a log, a book
/// with no blank lines) is shown a piece at a time.
pub const PIECE: usize = 32 << 10;
/// Documents up to this size get a full paragraph list when loaded (a few milliseconds).
pub const FULL_MAX: usize = 4 << 20;

/// The text a paragraph search runs over: `bytes[lo..hi]`, cut every `piece` bytes.
#[derive(Clone, Copy)]
pub struct Region<'a> {
    pub bytes: &'a [u8],
    pub lo: usize,
    pub hi: usize,
    pub piece: usize,
}

/// White space between paragraphs: blanks and line breaks.
pub fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

fn is_break(b: u8) -> bool {
    b == b'\n' || b == b'\r'
}

/// The first line break in `b`. A blank line's is its first byte, looked at before memchr is
/// set up (a walk meets one after every paragraph).
fn find_break(b: &[u8]) -> Option<usize> {
    match b.first() {
        Some(&c) if is_break(c) => Some(0),
        _ => memchr::memchr2(b'\n', b'\r', b),
    }
}

/// The last line break in `b`. Walking paragraphs asks for the start of a line that a break
/// has just ended, so the last few bytes are looked at first, one by one.
fn rfind_break(b: &[u8]) -> Option<usize> {
    let near = b.len().saturating_sub(16);
    match b[near..].iter().rposition(|&c| is_break(c)) {
        Some(i) => Some(near + i),
        None => memchr::memrchr2(b'\n', b'\r', &b[..near]),
    }
}

fn is_blank(line: &[u8]) -> bool {
    line.iter().all(|&b| b == b' ' || b == b'\t')
}

impl<'a> Region<'a> {
    /// Cut `k` (k ≥ 1): the first line start at or after `k·piece`. Inside a line longer than
    /// half a piece it falls after a space, else at a character boundary; `hi` when past it.
    fn cut(&self, k: usize) -> usize {
        let b = self.bytes;
        let x = k * self.piece;
        if x >= self.hi {
            return self.hi;
        }
        let at_line_start = matches!(b[x - 1], b'\n') || (b[x - 1] == b'\r' && b[x] != b'\n');
        if at_line_start {
            return x;
        }
        let window = &b[x..(x + self.piece / 2).min(self.hi)];
        if let Some(i) = memchr::memchr2(b'\n', b'\r', window) {
            let e = x + i + 1;
            return if b[x + i] == b'\r' && b.get(e) == Some(&b'\n') {
                e + 1
            } else {
                e
            };
        }
        if x + window.len() >= self.hi {
            // The last line runs to the end: leave it whole.
            return self.hi;
        }
        if let Some(i) = memchr::memchr(b' ', &window[..window.len().min(256)]) {
            return x + i + 1;
        }
        (x..self.hi)
            .find(|&i| b[i] & 0xC0 != 0x80)
            .unwrap_or(self.hi)
    }

    /// The last cut at or before `pos` (or `lo`), with cut `k` from `cut` (`Region::cut`,
    /// perhaps remembered).
    fn floor(&self, pos: usize, cut: &dyn Fn(usize) -> usize) -> usize {
        let k = pos / self.piece;
        if k >= 1 {
            let c = cut(k);
            if c <= pos {
                return c.max(self.lo);
            }
            if k >= 2 {
                return cut(k - 1).max(self.lo);
            }
        }
        self.lo
    }

    /// The first cut after `pos` (or `hi`), with cut `k` from `cut`.
    fn ceil(&self, pos: usize, cut: &dyn Fn(usize) -> usize) -> usize {
        cut(pos / self.piece + 1).min(self.hi)
    }

    /// Start of the line holding `pos`, not before `floor`. A line's break belongs to it.
    fn line_start(&self, mut pos: usize, floor: usize) -> usize {
        let b = self.bytes;
        if pos > floor && pos < self.hi && b[pos] == b'\n' && b[pos - 1] == b'\r' {
            pos -= 1;
        }
        rfind_break(&b[floor..pos]).map_or(floor, |i| floor + i + 1)
    }

    /// End of the content of the line starting at `s` (where its break is), looking no further
    /// than `limit` (a cut): a 1 GB line is never scanned to its end.
    fn line_end(&self, s: usize, limit: usize) -> usize {
        find_break(&self.bytes[s..limit]).map_or(limit, |i| s + i)
    }

    /// Start of the line after a line whose content ends at `e`.
    fn after_break(&self, e: usize) -> usize {
        let b = self.bytes;
        if e >= self.hi {
            self.hi
        } else if b[e] == b'\r' && e + 1 < self.hi && b[e + 1] == b'\n' {
            e + 2
        } else {
            e + 1
        }
    }

    /// The paragraph holding `pos`, or the first one after it.
    pub fn at(&self, pos: usize) -> Option<Paragraph> {
        let block = self.block(pos)?;
        match block.iter().find(|p| !ends_before(self.bytes, p, pos)) {
            Some(p) => Some(*p),
            // `pos` was in the line break after the block: the next paragraph.
            None => self.after(block.last()?),
        }
    }

    /// The paragraphs of the block (lines between blank lines, within a piece) that holds
    /// `pos`, or of the first block after it.
    fn block(&self, pos: usize) -> Option<Vec<Paragraph>> {
        let mut out = Vec::new();
        self.block_into(pos, &mut Vec::new(), &mut out)?;
        Some(out)
    }

    /// `block`, into `out` (cleared first), with `lines` for the block's lines: a walk over a
    /// book of short paragraphs reuses the two instead of allocating them for each paragraph.
    fn block_into(
        &self,
        pos: usize,
        lines: &mut Vec<Range<usize>>,
        out: &mut Vec<Paragraph>,
    ) -> Option<()> {
        out.clear();
        lines.clear();
        if self.lo >= self.hi {
            return None;
        }
        let pos = pos.clamp(self.lo, self.hi);
        // The first non-blank line at or after `pos`: where the first byte of text after the
        // start of `pos`'s line is (one pass, however much blank space comes first).
        // A block asks for the same one or two cuts several times: each is found once.
        let known = std::cell::Cell::new([(usize::MAX, 0); 2]);
        let cut = |k: usize| {
            let [a, b] = known.get();
            if a.0 == k {
                return a.1;
            }
            if b.0 == k {
                return b.1;
            }
            let c = self.cut(k);
            known.set([(k, c), a]);
            c
        };
        let floor = |p: usize| self.floor(p, &cut);
        let ceil = |p: usize| self.ceil(p, &cut);
        let s0 = self.line_start(pos, floor(pos));
        let x = s0 + self.bytes[s0..self.hi].iter().position(|&b| !is_space(b))?;
        let s = self.line_start(x, floor(x));
        // A heading is a paragraph of its own, so the lines around it need not be read.
        let heading = |t: usize, e: usize| is_heading(&self.bytes[t..e]);
        let s_end = self.line_end(s, ceil(s));
        let own_heading = heading(s, s_end);
        // Back to the start of its block (or to the line after a heading), but not past a cut.
        let floor = floor(s);
        let mut r = s;
        while r > floor && !own_heading {
            let mut end = r - 1;
            if self.bytes[end] == b'\n' && end > floor && self.bytes[end - 1] == b'\r' {
                end -= 1;
            }
            let ps = self.line_start(end, floor);
            if is_blank(&self.bytes[ps..end]) || heading(ps, end) {
                break;
            }
            r = ps;
        }
        // Forward to a blank line, a heading, a cut or the end.
        let cut = ceil(r);
        let (mut t, mut joined) = (r, false);
        // Whether the block goes on past the cut: the line there has text.
        let joined_at = |t: usize| !is_blank(&self.bytes[t..self.line_end(t, ceil(t))]);
        while t < self.hi {
            if t >= cut {
                joined = joined_at(t);
                break;
            }
            // The first line's end is known already when the block starts with it.
            let e = if t == s && cut == ceil(s) {
                s_end
            } else {
                self.line_end(t, cut)
            };
            if lines.is_empty() || !heading(t, e) {
                if e == cut && cut < self.hi {
                    // No break before the cut: it falls inside this line.
                    lines.push(t..cut);
                    joined = true;
                    break;
                }
                if is_blank(&self.bytes[t..e]) {
                    break;
                }
            }
            if heading(t, e) {
                if lines.is_empty() {
                    // The heading alone; joined when the cut comes right after it.
                    lines.push(t..e);
                    let n = self.after_break(e);
                    joined = n >= cut && n < self.hi && joined_at(n);
                }
                break;
            }
            lines.push(t..e);
            t = self.after_break(e);
        }
        classify_block(self.bytes, lines, out);
        if let Some(last) = out.last_mut() {
            last.joined = joined;
        }
        Some(())
    }

    /// Where to look for the paragraph after `p`, or `None` at the end.
    fn next_from(&self, p: &Paragraph) -> Option<usize> {
        // A piece cut inside a line ends without a line break; the next piece starts right there.
        let next = if p.end < self.hi && !is_break(self.bytes[p.end]) {
            p.end
        } else {
            self.after_break(p.end)
        };
        (next < self.hi).then_some(next)
    }

    /// The paragraph after `p`.
    pub fn after(&self, p: &Paragraph) -> Option<Paragraph> {
        self.at(self.next_from(p)?)
    }

    /// The paragraph before `p`.
    pub fn before(&self, p: &Paragraph) -> Option<Paragraph> {
        self.last_text_before(p.start).and_then(|x| self.at(x))
    }

    pub fn first(&self) -> Option<Paragraph> {
        self.at(self.lo)
    }

    pub fn last(&self) -> Option<Paragraph> {
        self.last_text_before(self.hi).and_then(|x| self.at(x))
    }

    /// The last byte before `pos` that is not white space.
    fn last_text_before(&self, pos: usize) -> Option<usize> {
        self.bytes[self.lo..pos.min(self.hi)]
            .iter()
            .rposition(|&b| !is_space(b))
            .map(|i| self.lo + i)
    }

    /// Every paragraph in order.
    pub fn walk(&self, out: &mut Vec<Paragraph>) {
        out.extend(self.paragraphs());
    }

    /// Every paragraph in order, as `first` then `after` again and again would find them, but a
    /// block at a time: a block of many paragraphs (a run of headings) is read once, not once
    /// for each of its paragraphs.
    pub fn paragraphs(self) -> impl Iterator<Item = Paragraph> + Clone + 'a {
        let mut from = Some(self.lo);
        let (mut lines, mut block, mut next) = (Vec::new(), Vec::new(), 0);
        std::iter::from_fn(move || {
            loop {
                if let Some(p) = block.get(next) {
                    next += 1;
                    return Some(*p);
                }
                let pos = from.take()?;
                self.block_into(pos, &mut lines, &mut block)?;
                from = block.last().and_then(|p| self.next_from(p));
                block.retain(|p| !ends_before(self.bytes, p, pos));
                next = 0;
            }
        })
    }

    /// The byte ranges of `paragraphs`, in one pass forwards: the quotation worker reads every
    /// paragraph of a book and needs only where each is, not how it is shown (telling
    /// hard-wrapped prose from verse measures every line), nor the searches back that finding
    /// a paragraph at any position takes. A paragraph never crosses a cut, so the text is read
    /// a piece (cut to cut) at a time: blocks of lines between blank lines, a heading on its
    /// own, and a line that a cut falls inside ends there.
    pub fn ranges(self) -> impl Iterator<Item = Range<usize>> + Clone + 'a {
        let b = self.bytes;
        // The first cut after `lo`.
        let mut k = (self.lo / self.piece).max(1);
        let mut piece_end = self.cut(k).min(self.hi);
        while piece_end <= self.lo && piece_end < self.hi {
            k += 1;
            piece_end = self.cut(k).min(self.hi);
        }
        let mut t = self.lo; // the next line's start
        let mut block: Option<Range<usize>> = None;
        let mut heading: Option<Range<usize>> = None; // found just after a block ended
        std::iter::from_fn(move || {
            loop {
                if let Some(h) = heading.take() {
                    return Some(h);
                }
                if t >= piece_end {
                    if block.is_some() {
                        return block.take();
                    }
                    if piece_end >= self.hi {
                        return None;
                    }
                    k += 1;
                    piece_end = self.cut(k).min(self.hi);
                    continue;
                }
                let s = t;
                let e = find_break(&b[s..piece_end]).map_or(piece_end, |i| s + i);
                t = if e < piece_end {
                    self.after_break(e)
                } else {
                    piece_end
                };
                let line = &b[s..e];
                if is_blank(line) {
                    if block.is_some() {
                        return block.take();
                    }
                } else if is_heading(line) {
                    if block.is_some() {
                        heading = Some(s..e);
                        return block.take();
                    }
                    return Some(s..e);
                } else {
                    block = Some(block.as_ref().map_or(s, |r| r.start)..e);
                }
            }
        })
    }
}

/// True when `p` ends before `pos`. A paragraph holds its final line break; one cut inside a
/// line ends where the next begins, and that position belongs to the next.
pub fn ends_before(bytes: &[u8], p: &Paragraph, pos: usize) -> bool {
    p.end < pos || (p.end == pos && pos < bytes.len() && !is_break(bytes[pos]))
}

/// Whether `bytes[from..]` may hold a fenced code block, the one rule that is not local: a
/// document with none needs no list, its paragraphs are the same found on demand.
pub fn may_fence(bytes: &[u8], from: usize) -> bool {
    let rest = bytes.get(from..).unwrap_or_default();
    memchr::memmem::find(rest, b"```").is_some() || memchr::memmem::find(rest, b"~~~").is_some()
}

/// The whole list for a small document: fenced code blocks whole, the rest found as above.
pub fn split(bytes: &[u8], from: usize, piece: usize) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let span = |lo, hi| Region {
        bytes,
        lo,
        hi,
        piece,
    };
    if !may_fence(bytes, from) {
        span(from, bytes.len()).walk(&mut out);
        return out;
    }
    let mut stretch = from;
    let mut lines = line_ranges(bytes, from);
    while let Some(line) = lines.next() {
        if !super::paragraphs::is_fence(&bytes[line.clone()]) {
            continue;
        }
        span(stretch, line.start).walk(&mut out);
        // A fenced code block runs to its closing fence (or the end), blank lines included.
        let mut end = line.end;
        for r in lines.by_ref() {
            end = r.end;
            if super::paragraphs::is_fence(&bytes[r]) {
                break;
            }
        }
        out.push(Paragraph {
            start: line.start,
            end,
            kind: super::paragraphs::Kind::Lines,
            joined: false,
        });
        stretch = end;
    }
    span(stretch, bytes.len()).walk(&mut out);
    out
}

/// Content ranges of the lines of `bytes[from..]`.
fn line_ranges(bytes: &[u8], from: usize) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut at = from;
    std::iter::from_fn(move || {
        if at >= bytes.len() {
            return None;
        }
        let end = memchr::memchr2(b'\n', b'\r', &bytes[at..]).map_or(bytes.len(), |p| at + p);
        let start = at;
        at = if end >= bytes.len() {
            end
        } else if bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n') {
            end + 2
        } else {
            end + 1
        };
        Some(start..end)
    })
}

/// A document's paragraphs: a full list for small documents, found on demand for large ones.
#[derive(Debug)]
pub enum Paragraphs {
    Full(Vec<Paragraph>),
    Local,
}
