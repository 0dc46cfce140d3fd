//! The reader pane's state: where reading is, and the rows of text around it.
//!
//! The reading position is a text position (DESIGN decision 1): the source byte offset where the
//! top line starts. Rows are derived from it by wrapping only the paragraphs that are needed, at
//! the current width, through a small cache. A resize re-derives the row from the same offset, so
//! the sentence at the top stays at the top.

use crate::store::Document;
use crate::store::paragraphs::Paragraph;
use crate::text::sanitize::Display;
use ratatui::layout::Rect;
use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

/// The widest text column, in cells, unless the configuration says otherwise: a comfortable
/// line length for prose (`assets/config.toml` gives the same; a test checks).
pub const MAX_TEXT_WIDTH: u16 = 88;
/// Wrapped paragraphs kept before the cache is emptied; a screen needs only a few dozen.
const CACHE_LIMIT: usize = 4096;
/// Display text kept in the cache before it is emptied, so long pieces cannot pile up.
const CACHE_BYTES: usize = 16 << 20;

/// One paragraph wrapped at one width.
#[derive(Debug)]
pub struct Wrapped {
    pub para: Paragraph,
    pub display: Display,
    /// Display byte ranges of the lines.
    pub lines: Vec<Range<usize>>,
    /// A blank row follows (not after the last paragraph, nor inside a block cut in pieces).
    pub gap: bool,
    /// How rendered Markdown shows its stretches (display byte ranges): emphasis, code, links.
    pub marks: Vec<(Range<usize>, crate::text::markdown::Mark)>,
    /// Whether the text was rendered from markup (its headings' `#` are not in it).
    pub rendered: bool,
    /// Links in rendered Markdown: their text (display bytes of its first line) and target.
    pub links: Vec<(Range<usize>, String)>,
}

impl Wrapped {
    /// Rows it takes: its lines and the gap.
    pub fn rows(&self) -> usize {
        self.lines.len() + usize::from(self.gap)
    }
}

/// A row of the pane: a line of a paragraph (named by its start offset), or
/// (`line == lines.len()`) the gap after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Row {
    pub para: usize,
    pub line: usize,
}

#[derive(Debug, Default)]
struct Cache {
    map: HashMap<(usize, u16), Rc<Wrapped>>,
    bytes: usize,
    /// The previous generation: when `map` is full it becomes `old`, and what is still used is
    /// moved back, so a full cache never makes the screen wrap everything again at once.
    old: HashMap<(usize, u16), Rc<Wrapped>>,
}

/// Where each part of the reader screen goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Geometry {
    pub header: Rect,
    pub text: Rect,
    pub scrollbar: Rect,
    pub status: Rect,
}

/// Lays out the reader screen in `area`, the text no wider than `max_width`. Small terminals
/// drop the header, then the margins.
pub fn geometry(area: Rect, max_width: u16) -> Geometry {
    let status_h = u16::from(area.height >= 2);
    let header_h = if area.height >= 8 { 2 } else { 0 };
    let body_h = area.height.saturating_sub(status_h + header_h);
    let y = area.y + header_h;
    let w = area.width;
    // Scrollbar at the right edge; the text column centred in what is left, with margins.
    let margin = match w {
        30.. => 2,
        16.. => 1,
        _ => 0,
    };
    let usable = w.saturating_sub(1 + 2 * margin);
    let text_w = usable.min(max_width);
    let x = area.x + margin + (usable - text_w) / 2;
    Geometry {
        header: Rect::new(x, area.y, text_w, header_h.min(1)),
        text: Rect::new(x, y, text_w, body_h),
        scrollbar: Rect::new(area.x + w.saturating_sub(1), y, w.min(1), body_h),
        status: Rect::new(
            area.x,
            area.y + area.height.saturating_sub(status_h),
            w,
            status_h,
        ),
    }
}

/// The reader pane's state for one open document.
#[derive(Debug)]
pub struct Reader {
    /// Index of the open document in the model's list.
    pub doc: usize,
    /// The top row, kept as a text position: source offset of the top line's start …
    pub top_offset: usize,
    /// … and whether the top row is the blank gap after that paragraph.
    pub top_gap: bool,
    cache: RefCell<Cache>,
}

impl Reader {
    pub fn new(doc: usize, offset: usize) -> Reader {
        Reader {
            doc,
            top_offset: offset,
            top_gap: false,
            cache: RefCell::default(),
        }
    }

    /// The paragraph starting at `para` (a source offset) wrapped at `width`, from the cache.
    pub fn wrapped(&self, doc: &Document, para: usize, width: u16) -> Rc<Wrapped> {
        let mut cache = self.cache.borrow_mut();
        let key = (para, width);
        if let Some(w) = cache.map.get(&key) {
            return w.clone();
        }
        if cache.map.len() >= CACHE_LIMIT || cache.bytes >= CACHE_BYTES {
            cache.old = std::mem::take(&mut cache.map);
            cache.bytes = 0;
        }
        if let Some(w) = cache.old.remove(&key) {
            cache.bytes += w.display.text.len();
            cache.map.insert(key, w.clone());
            return w;
        }
        let p = doc.paragraph_at(para).unwrap_or(Paragraph {
            start: para,
            end: para,
            kind: crate::store::paragraphs::Kind::Prose,
            joined: false,
        });
        let laid = doc.layout(&p, usize::from(width));
        let gap = !p.joined && !doc.is_last(&p);
        cache.bytes += laid.display.text.len();
        let w = Rc::new(Wrapped {
            para: p,
            display: laid.display,
            lines: laid.lines,
            gap,
            marks: laid.marks,
            rendered: laid.rendered,
            links: laid.links,
        });
        cache.map.insert(key, w.clone());
        w
    }

    pub fn next_row(&self, doc: &Document, r: Row, width: u16) -> Option<Row> {
        let w = self.wrapped(doc, r.para, width);
        if r.line + 1 < w.rows() {
            return Some(Row {
                para: r.para,
                line: r.line + 1,
            });
        }
        doc.paragraph_after(&w.para).map(|p| Row {
            para: p.start,
            line: 0,
        })
    }

    pub fn prev_row(&self, doc: &Document, r: Row, width: u16) -> Option<Row> {
        if r.line > 0 {
            return Some(Row {
                para: r.para,
                line: r.line - 1,
            });
        }
        let w = self.wrapped(doc, r.para, width);
        let p = doc.paragraph_before(&w.para)?;
        Some(Row {
            para: p.start,
            line: self.wrapped(doc, p.start, width).rows().saturating_sub(1),
        })
    }

    /// The top row at this width, derived from the text position.
    pub fn top_row(&self, doc: &Document, width: u16) -> Row {
        let Some(p) = doc.paragraph_at(self.top_offset) else {
            return Row { para: 0, line: 0 };
        };
        let w = self.wrapped(doc, p.start, width);
        if self.top_gap && w.gap {
            return Row {
                para: p.start,
                line: w.lines.len(),
            };
        }
        let disp = w.display.to_disp(self.top_offset);
        let line = w
            .lines
            .partition_point(|l| l.start <= disp)
            .saturating_sub(1);
        Row {
            para: p.start,
            line,
        }
    }

    /// Makes `r` the top row, keeping it as a text position.
    pub fn set_top(&mut self, doc: &Document, r: Row, width: u16) {
        if doc.is_empty() {
            return;
        }
        let w = self.wrapped(doc, r.para, width);
        match w.lines.get(r.line) {
            Some(line) => {
                self.top_offset = w.display.to_src(line.start);
                self.top_gap = false;
            }
            None => {
                // The gap row: anchor it to the paragraph's last line.
                let last = w.lines.last().map_or(0, |l| l.start);
                self.top_offset = w.display.to_src(last);
                self.top_gap = true;
            }
        }
    }

    /// The lowest top row: the one that puts the document's last line at the bottom.
    pub fn last_top(&self, doc: &Document, width: u16, height: u16) -> Row {
        let Some(last) = doc.last_paragraph() else {
            return Row { para: 0, line: 0 };
        };
        let mut r = Row {
            para: last.start,
            line: self
                .wrapped(doc, last.start, width)
                .rows()
                .saturating_sub(1),
        };
        for _ in 1..height {
            match self.prev_row(doc, r, width) {
                Some(p) => r = p,
                None => break,
            }
        }
        r
    }

    /// Scrolls by `delta` rows (negative is up), never past the last page.
    pub fn scroll(&mut self, doc: &Document, delta: isize, width: u16, height: u16) {
        if doc.is_empty() {
            return;
        }
        let mut r = self.top_row(doc, width);
        if delta > 0 {
            let limit = self.last_top(doc, width, height);
            for _ in 0..delta {
                if r >= limit {
                    break;
                }
                match self.next_row(doc, r, width) {
                    Some(n) => r = n,
                    None => break,
                }
            }
        } else {
            for _ in 0..delta.unsigned_abs() {
                match self.prev_row(doc, r, width) {
                    Some(p) => r = p,
                    None => break,
                }
            }
        }
        self.set_top(doc, r, width);
    }

    /// Puts source offset `start` (a paragraph's start) at the top.
    pub fn to_start(&mut self, start: usize) {
        self.top_offset = start;
        self.top_gap = false;
    }

    /// The rows visible from the top, at most `height` of them.
    pub fn visible(&self, doc: &Document, width: u16, height: u16) -> Vec<Row> {
        let mut rows = Vec::with_capacity(usize::from(height));
        if doc.is_empty() || height == 0 {
            return rows;
        }
        let mut r = Some(self.top_row(doc, width));
        while let Some(row) = r {
            if rows.len() >= usize::from(height) {
                break;
            }
            rows.push(row);
            r = self.next_row(doc, row, width);
        }
        rows
    }

    /// Source offset just past the last visible text, for progress by position.
    pub fn bottom_offset(&self, doc: &Document, width: u16, height: u16) -> usize {
        self.bottom_of(doc, &self.visible(doc, width, height), width)
    }

    /// Source offset just past the text of `rows` (the visible rows, already computed).
    pub fn bottom_of(&self, doc: &Document, rows: &[Row], width: u16) -> usize {
        let Some(last) = rows.last() else {
            return doc.body_start;
        };
        if self.next_row(doc, *last, width).is_none() {
            return doc.len();
        }
        let w = self.wrapped(doc, last.para, width);
        match w.lines.get(last.line) {
            Some(l) => w.display.to_src(l.end),
            None => w.para.end,
        }
    }

    /// Reading progress in percent, by the position of the last visible text.
    pub fn percent(&self, doc: &Document, width: u16, height: u16) -> u16 {
        percent_at(doc, self.bottom_offset(doc, width, height))
    }
}

/// Reading progress in percent when the last visible text ends at source offset `bottom`.
pub fn percent_at(doc: &Document, bottom: usize) -> u16 {
    let span = doc.len().saturating_sub(doc.body_start).max(1);
    ((bottom.saturating_sub(doc.body_start) * 100) / span).min(100) as u16
}

/// The current passage among the visible `rows`: the first paragraph whose start is in view,
/// else the one at the top.
pub fn passage_in(doc: &Document, rows: &[Row]) -> Option<Range<usize>> {
    let para = rows.iter().find(|row| row.line == 0).or(rows.first())?.para;
    doc.paragraph_at(para).map(|p| p.start..p.end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Document, Origin};

    fn doc(text: &str) -> Document {
        Document::from_bytes(Origin::Builtin("t"), text.as_bytes().to_vec()).unwrap()
    }

    #[test]
    fn geometry_fits_any_size() {
        for w in 0..130 {
            for h in 0..40 {
                let area = Rect::new(0, 0, w, h);
                let g = geometry(area, MAX_TEXT_WIDTH);
                for r in [g.header, g.text, g.scrollbar, g.status] {
                    assert!(r.right() <= w && r.bottom() <= h, "{w}x{h}: {r:?}");
                }
                assert!(g.text.width <= MAX_TEXT_WIDTH);
            }
        }
    }

    #[test]
    fn scrolling_stops_at_the_last_page_and_the_top() {
        let d = doc("one two three four\n\nfive six seven eight\n\nnine ten");
        let mut r = Reader::new(0, 0);
        r.scroll(&d, 100, 9, 3);
        let last = r.last_top(&d, 9, 3);
        assert_eq!(r.top_row(&d, 9), last);
        let rows = r.visible(&d, 9, 3);
        assert_eq!(rows.len(), 3);
        assert_eq!(r.percent(&d, 9, 3), 100);
        r.scroll(&d, -100, 9, 3);
        assert_eq!(r.top_row(&d, 9), Row { para: 0, line: 0 });
        // Rows are named by their paragraph's start offset.
        r.scroll(&d, 4, 9, 3);
        assert_eq!(r.top_row(&d, 9), Row { para: 20, line: 0 });
    }

    #[test]
    fn resize_keeps_the_top_text() {
        let d = doc("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu");
        let mut r = Reader::new(0, 0);
        r.scroll(&d, 3, 12, 2);
        let w = r.wrapped(&d, 0, 12);
        let top_text = w.display.text[w.lines[r.top_row(&d, 12).line].clone()].to_string();
        let first_word = top_text.split(' ').next().unwrap().to_string();
        for width in [5, 20, 40] {
            let w2 = r.wrapped(&d, 0, width);
            let line = &w2.display.text[w2.lines[r.top_row(&d, width).line].clone()];
            assert!(
                line.contains(&first_word),
                "{width}: {line:?} lacks {first_word}"
            );
        }
    }
}
