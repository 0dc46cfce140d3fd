//! Markdown shown as what it means: one paragraph's source (a block between blank lines, as
//! `store::paragraphs` finds it) laid out at a width, with the syntax left out (`**`, `#`, the
//! brackets and target of a link), lists with bullets and hanging indents, block quotes with a
//! bar, code blocks kept line for line with a margin, tables as tables.
//!
//! Only what is on screen is rendered, a paragraph at a time, so a Markdown file of any size
//! opens as fast as plain text. The display text keeps its map to the source (every copied
//! character maps to its byte; a bullet, a bar or a border maps to the source it stands for),
//! so quotations, search matches, bookmarks and the reading position stay source offsets as in
//! any other document.

use super::layout::{self, width};
use super::sanitize::{self, Breaks, Display, clean_line};
use pulldown_cmark::{Alignment, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// How a stretch of rendered text is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    Emphasis,
    Strong,
    Strike,
    /// Inline code and code blocks.
    Code,
    /// A link's text, a footnote reference.
    Link,
    Heading,
    /// What the layout draws: bullets, bars, rules, table borders.
    Markup,
}

/// One paragraph laid out: its display text, its screen lines (byte ranges of it), the marks
/// on them, and where each link goes.
#[derive(Debug, Default)]
pub struct Rendered {
    pub display: Display,
    pub lines: Vec<Range<usize>>,
    pub marks: Vec<(Range<usize>, Mark)>,
    pub links: Vec<(Range<usize>, String)>,
    /// Rendered from Markdown (else wrapped as it is).
    pub rendered: bool,
}

/// A table column's narrowest useful width.
const MIN_COLUMN: usize = 6;
/// Between two table columns.
const COLUMN_GAP: &str = " │ ";

/// Lays out `src` (a paragraph of Markdown that starts at source offset `base`) at `width`
/// columns. `in_list` says the paragraph before it is part of a list, so an indented paragraph
/// continues that list instead of being code. `None` when `src` is not UTF-8 (shown as text).
pub fn render(src: &[u8], base: usize, width: usize, in_list: bool) -> Option<Rendered> {
    let text = std::str::from_utf8(src).ok()?;
    let width = width.max(1);
    // A paragraph of a loose list (items or their continuations between blank lines) is
    // indented in the source; rendered alone it would be code. It is rendered without the
    // indentation, inside a margin as deep.
    let indent = text.len() - text.trim_start_matches(' ').len();
    let (text, base, margin) = if indent >= 2 && (in_list || starts_item(&text[indent..])) {
        (dedent(text, indent), base, indent)
    } else {
        (Dedented::Same(text), base, 0)
    };
    let mut r = Renderer {
        src: text.as_str(),
        map: &text,
        base,
        width,
        out: Rendered::default(),
        prefixes: Vec::new(),
        inline: Inline::default(),
        lists: Vec::new(),
        links: Vec::new(),
        table: None,
        last_end: None,
    };
    if margin > 0 {
        r.prefixes
            .push(Prefix::new(" ".repeat(margin.min(width / 2))));
    }
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_OLD_FOOTNOTES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TASKLISTS);
    // A reference link's definition is elsewhere in the document: its text is still a link,
    // its target the label in brackets (`[town]`) until the definition is looked up.
    let mut broken = |link: pulldown_cmark::BrokenLink<'_>| {
        matches!(link.link_type, LinkType::Reference | LinkType::Collapsed)
            .then(|| (format!("[{}]", link.reference).into(), CowStr::Borrowed("")))
    };
    let parser =
        Parser::new_with_broken_link_callback(r.src, options, Some(&mut broken)).into_offset_iter();
    for (event, range) in parser {
        r.event(event, range);
    }
    // Whatever is left open (a paragraph cut in pieces) is shown as it is.
    let end = r.src.len();
    r.flush(end);
    if r.out.lines.is_empty() {
        r.out.lines.push(0..0);
    }
    r.out.display.set_end(base + src.len());
    r.out.rendered = true;
    Some(r.out)
}

/// Whether a line opens a list item: `- `, `* `, `+ `, `1. `, `1) `.
pub(crate) fn starts_item(line: &str) -> bool {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &line[digits..];
    if digits > 0 {
        return digits <= 9 && (rest.starts_with(". ") || rest.starts_with(") "));
    }
    ["- ", "* ", "+ "].iter().any(|m| line.starts_with(m))
}

/// The source with up to `indent` spaces taken off each line, and the map back.
enum Dedented<'a> {
    Same(&'a str),
    /// The text, and for each of its lines (start in it, start in the source).
    Cut(String, Vec<(usize, usize)>),
}

impl Dedented<'_> {
    fn as_str(&self) -> &str {
        match self {
            Dedented::Same(s) => s,
            Dedented::Cut(s, _) => s,
        }
    }

    /// The source offset (relative to the paragraph) of byte `at` of the text.
    fn to_src(&self, at: usize) -> usize {
        match self {
            Dedented::Same(_) => at,
            Dedented::Cut(_, lines) => {
                let i = lines.partition_point(|l| l.0 <= at).saturating_sub(1);
                let (t, s) = lines.get(i).copied().unwrap_or((0, 0));
                s + (at - t)
            }
        }
    }
}

fn dedent(text: &str, indent: usize) -> Dedented<'_> {
    let mut out = String::with_capacity(text.len());
    let mut lines = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let cut = line.len() - line.trim_start_matches(' ').len();
        let cut = cut.min(indent);
        lines.push((out.len(), at + cut));
        out.push_str(&line[cut..]);
        at += line.len();
    }
    Dedented::Cut(out, lines)
}

/// What a container draws before its lines: the first line's (a bullet) and the others'.
struct Prefix {
    first: String,
    rest: String,
    fresh: bool,
}

impl Prefix {
    fn new(all: String) -> Prefix {
        Prefix {
            first: all.clone(),
            rest: all,
            fresh: true,
        }
    }

    fn hanging(first: String) -> Prefix {
        let rest = " ".repeat(width(&first));
        Prefix {
            first,
            rest,
            fresh: true,
        }
    }
}

/// Inline text being gathered for a block: its display text and marks.
#[derive(Default)]
struct Inline {
    text: Display,
    marks: Vec<(Range<usize>, Mark)>,
    open: Vec<(Mark, usize)>,
    /// Links in it: their text and where they go.
    links: Vec<(Range<usize>, String)>,
}

impl Inline {
    fn is_empty(&self) -> bool {
        self.text.text.is_empty()
    }

    fn start(&mut self, mark: Mark) {
        self.open.push((mark, self.text.text.len()));
    }

    fn end(&mut self, mark: Mark) {
        if let Some(i) = self.open.iter().rposition(|(m, _)| *m == mark) {
            let (_, from) = self.open.remove(i);
            self.mark(from, mark);
        }
    }

    fn mark(&mut self, from: usize, mark: Mark) {
        let to = self.text.text.len();
        if from < to {
            self.marks.push((from..to, mark));
        }
    }
}

/// A table being gathered: its rows of cells, how many are the head's, its alignments.
struct Table {
    align: Vec<Alignment>,
    rows: Vec<Vec<Inline>>,
    head: usize,
    at: usize,
    /// Where the head ends in the source (the delimiter row follows).
    body_at: Option<usize>,
}

struct Renderer<'a> {
    src: &'a str,
    map: &'a Dedented<'a>,
    base: usize,
    width: usize,
    out: Rendered,
    prefixes: Vec<Prefix>,
    inline: Inline,
    /// The open lists' next numbers (`None` for bullets).
    lists: Vec<Option<u64>>,
    /// Open links: where their text starts and where they go.
    links: Vec<(usize, String)>,
    table: Option<Table>,
    /// Where the source of the last line laid out ends.
    last_end: Option<usize>,
}

impl Renderer<'_> {
    /// The absolute source offset of byte `at` of the (dedented) text.
    fn abs(&self, at: usize) -> usize {
        self.base + self.map.to_src(at)
    }

    /// Copies `range` of the text, sanitised, into the inline text.
    fn copy(&mut self, range: Range<usize>) {
        let start = self.abs(range.start);
        // A dedented text is contiguous in the source within one line.
        let d = match self.map {
            Dedented::Same(_) => {
                sanitize::display(&self.src.as_bytes()[range], start, Breaks::Keep)
            }
            Dedented::Cut(..) => {
                let mut d = Display::empty(0);
                let bytes = self.src.as_bytes();
                let mut at = range.start;
                for piece in self.src[range.clone()].split_inclusive('\n') {
                    let part =
                        sanitize::display(&bytes[at..at + piece.len()], self.abs(at), Breaks::Keep);
                    d.append(&part, 0..part.text.len());
                    at += piece.len();
                }
                d
            }
        };
        self.inline.text.append(&d, 0..d.text.len());
    }

    /// Text the parser gives for `range` of the source: copied where it is the source (most
    /// text), else shown as given (an escape, an entity) for the source it came from.
    fn text(&mut self, text: &str, range: Range<usize>) {
        let source = &self.src[range.clone()];
        if let Some(at) = source.rfind(text).filter(|_| !text.is_empty()) {
            let from = range.start + at;
            self.copy(from..from + text.len());
        } else {
            let at = self.abs(range.start);
            self.inline.text.decorate(at, &clean_line(text));
        }
    }

    fn decorate(&mut self, at: usize, text: &str) {
        let at = self.abs(at);
        let from = self.inline.text.text.len();
        self.inline.text.decorate(at, text);
        self.inline.mark(from, Mark::Markup);
    }

    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag, range),
            Event::Text(t) => self.text(&t, range),
            Event::Code(t) => {
                let from = self.inline.text.text.len();
                self.text(&t, range);
                self.inline.mark(from, Mark::Code);
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => self.text(&t, range),
            Event::Html(t) | Event::InlineHtml(t) => self.text(&t, range),
            Event::FootnoteReference(label) => {
                // `[^label]` shown as `[label]`, the label the source's own.
                let from = self.inline.text.text.len();
                let at = self.abs(range.start);
                self.inline.text.decorate(at, "[");
                let inner = range.start + 2..range.end.saturating_sub(1);
                if self.src.get(inner.clone()) == Some(&*label) {
                    self.copy(inner);
                } else {
                    self.inline.text.decorate(at, &clean_line(&label));
                }
                let end = self.abs(range.end.saturating_sub(1));
                self.inline.text.decorate(end, "]");
                self.inline.mark(from, Mark::Link);
            }
            Event::SoftBreak => {
                let at = self.abs(range.start);
                self.inline.text.decorate(at, " ");
            }
            Event::HardBreak => {
                let at = self.abs(range.start);
                self.inline.text.decorate(at, "\n");
            }
            Event::Rule => {
                self.flush(range.start);
                let rule = "─".repeat(self.avail());
                self.decorate(range.start, &rule);
                self.flush(range.start);
            }
            Event::TaskListMarker(done) => {
                self.decorate(range.start, if done { "[x] " } else { "[ ] " });
            }
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        match tag {
            Tag::Paragraph | Tag::Heading { .. } => self.separate(range.start),
            Tag::BlockQuote(_) => {
                self.separate(range.start);
                self.prefixes.push(Prefix::new("│ ".into()));
            }
            Tag::CodeBlock(_) | Tag::HtmlBlock => {
                self.separate(range.start);
            }
            Tag::List(start) => {
                self.flush(range.start);
                self.lists.push(start);
            }
            Tag::Item => {
                self.flush(range.start);
                let depth = self.lists.len();
                let marker = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        *n += 1;
                        format!("{}. ", *n - 1)
                    }
                    _ => ["• ", "◦ ", "▪ "][depth.saturating_sub(1) % 3].to_string(),
                };
                self.prefixes.push(Prefix::hanging(marker));
            }
            Tag::FootnoteDefinition(label) => {
                self.flush(range.start);
                self.prefixes
                    .push(Prefix::hanging(format!("[{}] ", clean_line(&label))));
            }
            Tag::Table(align) => {
                self.separate(range.start);
                self.table = Some(Table {
                    align,
                    rows: Vec::new(),
                    head: 0,
                    at: range.start,
                    body_at: None,
                });
            }
            Tag::TableHead | Tag::TableRow => {
                if let Some(t) = &mut self.table {
                    t.rows.push(Vec::new());
                }
            }
            Tag::TableCell => self.inline = Inline::default(),
            Tag::Emphasis => self.inline.start(Mark::Emphasis),
            Tag::Strong => self.inline.start(Mark::Strong),
            Tag::Strikethrough => self.inline.start(Mark::Strike),
            Tag::Link { dest_url, .. } => {
                self.links
                    .push((self.inline.text.text.len(), dest_url.to_string()));
            }
            Tag::Image { .. } => self.decorate(range.start, "[image: "),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd, range: Range<usize>) {
        match tag {
            TagEnd::Paragraph => self.flush(range.end),
            TagEnd::Heading(_) => {
                self.inline.mark(0, Mark::Heading);
                self.flush(range.end);
            }
            TagEnd::BlockQuote(_) | TagEnd::Item | TagEnd::FootnoteDefinition => {
                self.flush(range.end);
                // An empty item still shows its bullet.
                if self.prefixes.last().is_some_and(|p| p.fresh) {
                    let at = self.abs(range.start);
                    self.emit_line(&Inline::default(), 0..0, at);
                }
                self.prefixes.pop();
            }
            TagEnd::List(_) => {
                self.lists.pop();
            }
            TagEnd::CodeBlock | TagEnd::HtmlBlock => {
                self.code_block(range.end);
            }
            TagEnd::TableCell => {
                let cell = std::mem::take(&mut self.inline);
                if let Some(row) = self.table.as_mut().and_then(|t| t.rows.last_mut()) {
                    row.push(cell);
                }
            }
            TagEnd::TableHead => {
                if let Some(t) = &mut self.table {
                    t.head = t.rows.len();
                    t.body_at = Some(range.end);
                }
            }
            TagEnd::Table => {
                if let Some(t) = self.table.take() {
                    self.lay_table(t);
                }
            }
            TagEnd::Emphasis => self.inline.end(Mark::Emphasis),
            TagEnd::Strong => self.inline.end(Mark::Strong),
            TagEnd::Strikethrough => self.inline.end(Mark::Strike),
            TagEnd::Link => {
                if let Some((from, url)) = self.links.pop() {
                    let to = self.inline.text.text.len();
                    self.inline.mark(from, Mark::Link);
                    self.inline.links.push((from..to, url));
                }
            }
            TagEnd::Image => self.decorate(range.end.saturating_sub(1), "]"),
            _ => {}
        }
    }

    /// Before a block that follows another inside this paragraph (a quotation's second
    /// paragraph, code right after text): what is gathered laid out, then a blank line.
    fn separate(&mut self, at: usize) {
        self.flush(at);
        if !self.out.lines.is_empty() && !self.prefixes.iter().any(|p| p.fresh) {
            let at = self.abs(at);
            self.emit_line(&Inline::default(), 0..0, at);
        }
    }

    /// Columns the containers' prefixes may take: deep nesting on a narrow screen still
    /// leaves half the width to the text, and a screen too narrow for both shows no prefix.
    fn prefix_room(&self) -> usize {
        if self.width < 8 { 0 } else { self.width / 2 }
    }

    /// Columns left for text inside the open containers.
    fn avail(&self) -> usize {
        let used: usize = self.prefixes.iter().map(|p| width(&p.rest)).sum();
        self.width
            .saturating_sub(used.min(self.prefix_room()))
            .max(1)
    }

    /// Lays out the gathered inline text as a block: wrapped inside the containers.
    fn flush(&mut self, at: usize) {
        if self.inline.is_empty() {
            self.inline = Inline::default();
            return;
        }
        let inline = std::mem::take(&mut self.inline);
        let lines = layout::wrap(&inline.text.text, self.avail());
        let fallback = self.abs(at);
        self.emit_lines(&inline, &lines, fallback);
    }

    /// `emit_lines` of one line.
    fn emit_line(&mut self, content: &Inline, line: Range<usize>, at: usize) {
        self.emit_lines(content, std::slice::from_ref(&line), at);
    }

    /// Appends lines of `content` (ranges of its text), each after the containers' prefixes.
    fn emit_lines(&mut self, content: &Inline, lines: &[Range<usize>], fallback: usize) {
        // A link is named by its text's first line.
        let mut moved: Vec<Option<Range<usize>>> = vec![None; content.links.len()];
        for line in lines {
            // An empty line stands for the source where the line before it ends, and shows a
            // space for it: it is a place of its own, between the lines around it.
            let at = if line.is_empty() {
                self.last_end.unwrap_or(fallback)
            } else {
                content.text.to_src(line.start)
            };
            let (line_start, start) = self.open_line(at);
            let shift = |x: usize| x - line.start + start;
            if line.is_empty() {
                if start == line_start {
                    self.out.display.decorate(at, " ");
                }
            } else {
                self.out.display.append(&content.text, line.clone());
                self.last_end = Some(content.text.source_span(line.clone()).end);
            }
            for (r, mark) in &content.marks {
                let (a, b) = (r.start.max(line.start), r.end.min(line.end));
                if a < b {
                    self.out.marks.push((shift(a)..shift(b), *mark));
                }
            }
            for (i, (r, _)) in content.links.iter().enumerate() {
                let (a, b) = (r.start.max(line.start), r.end.min(line.end));
                if a < b && moved[i].is_none() {
                    moved[i] = Some(shift(a)..shift(b));
                }
            }
            let end = self.out.display.text.len();
            self.out.lines.push(line_start..end);
        }
        for (r, (_, url)) in moved.into_iter().zip(&content.links) {
            if let Some(r) = r {
                self.out.links.push((r, url.clone()));
            }
        }
    }

    /// Starts a screen line: the break after the last one, the containers' prefixes (their
    /// first-line form once). Returns where the line starts in the display text, and where
    /// its text starts after the prefixes.
    fn open_line(&mut self, at: usize) -> (usize, usize) {
        // The break belongs to the line before it: it stands for where that line's source
        // ends, so this line's place is its own first character's.
        if !self.out.lines.is_empty() {
            let end = self.last_end.unwrap_or(at);
            self.out.display.decorate(end, "\n");
        }
        let start = self.out.display.text.len();
        let mut prefix = String::new();
        for p in &mut self.prefixes {
            prefix.push_str(if p.fresh { &p.first } else { &p.rest });
            p.fresh = false;
        }
        if width(&prefix) > self.prefix_room() {
            // `cut` keeps whole clusters: never wider than asked.
            prefix = layout::cut(&prefix, self.prefix_room()).0.to_string();
        }
        if !prefix.is_empty() {
            self.out.display.decorate(at, &prefix);
            if !prefix.trim().is_empty() {
                self.out
                    .marks
                    .push((start..self.out.display.text.len(), Mark::Markup));
            }
        }
        (start, self.out.display.text.len())
    }

    /// A code block: its lines as they are (wrapped only where longer than the screen), in a
    /// margin, never joined.
    fn code_block(&mut self, at: usize) {
        let mut inline = std::mem::take(&mut self.inline);
        if inline.text.text.ends_with('\n') {
            let keep = inline.text.text.len() - 1;
            inline.text.text.truncate(keep);
        }
        inline.mark(0, Mark::Code);
        self.prefixes.push(Prefix::new("  ".into()));
        let lines = layout::wrap(&inline.text.text, self.avail());
        let fallback = self.abs(at);
        self.emit_lines(&inline, &lines, fallback);
        self.prefixes.pop();
    }

    /// A table: columns as wide as their widest cell where the screen allows, else narrowed
    /// (cells wrapped inside them); where even that leaves a column too narrow, each row is a
    /// block of `heading: value` lines.
    fn lay_table(&mut self, t: Table) {
        let columns = t.rows.iter().map(Vec::len).max().unwrap_or(0);
        if columns == 0 {
            return;
        }
        let avail = self.avail();
        let gaps = width(COLUMN_GAP) * (columns - 1);
        let natural: Vec<usize> = (0..columns)
            .map(|c| {
                t.rows
                    .iter()
                    .filter_map(|r| r.get(c))
                    .map(|cell| width(&cell.text.text))
                    .max()
                    .unwrap_or(0)
                    .max(1)
            })
            .collect();
        let Some(widths) = fit_columns(&natural, avail.saturating_sub(gaps)) else {
            self.table_records(&t);
            return;
        };
        let mut row_at = self.abs(t.at);
        for (i, row) in t.rows.iter().enumerate() {
            let wrapped: Vec<Vec<Range<usize>>> = (0..columns)
                .map(|c| match row.get(c) {
                    Some(cell) if !cell.is_empty() => layout::wrap(&cell.text.text, widths[c]),
                    _ => vec![Range::default()],
                })
                .collect();
            let height = wrapped.iter().map(Vec::len).max().unwrap_or(1);
            for k in 0..height {
                // What the line's borders and padding stand for: the first source its cells
                // show (the least, since cells are in source order and wrap forwards). So each
                // line of the table has a place of its own in the source, and a reading
                // position on any of them comes back to it.
                let at = (0..columns)
                    .filter_map(|c| {
                        let cell = row.get(c)?;
                        let r = wrapped[c].get(k).filter(|r| !r.is_empty())?;
                        Some(cell.text.to_src(r.start))
                    })
                    .min()
                    .unwrap_or(row_at);
                row_at = at;
                let mut line = Inline::default();
                let last = columns - 1;
                for c in 0..columns {
                    if c > 0 {
                        let from = line.text.text.len();
                        line.text.decorate(at, COLUMN_GAP);
                        line.mark(from, Mark::Markup);
                    }
                    let (cell, range) = match (row.get(c), wrapped[c].get(k)) {
                        (Some(cell), Some(r)) => (Some(cell), r.clone()),
                        _ => (None, 0..0),
                    };
                    let used = cell.map_or(0, |cell| width(&cell.text.text[range.clone()]));
                    let pad = widths[c].saturating_sub(used);
                    let (before, after) = match t.align.get(c) {
                        Some(Alignment::Right) => (pad, 0),
                        Some(Alignment::Center) => (pad / 2, pad - pad / 2),
                        _ => (0, pad),
                    };
                    // Nothing after the last column's text: no spaces at the end of a line.
                    if c < last || used > 0 {
                        line.text.decorate(at, &" ".repeat(before));
                    }
                    if let Some(cell) = cell {
                        let start = line.text.text.len();
                        line.text.append(&cell.text, range.clone());
                        for (r, mark) in &cell.marks {
                            let (a, b) = (r.start.max(range.start), r.end.min(range.end));
                            if a < b {
                                let s = start + a - range.start;
                                line.marks.push((s..s + (b - a), *mark));
                            }
                        }
                        if i < t.head {
                            line.mark(start, Mark::Strong);
                        }
                    }
                    if c < last {
                        line.text.decorate(at, &" ".repeat(after));
                    }
                }
                let len = line.text.text.len();
                self.emit_line(&line, 0..len, at);
            }
            if i + 1 == t.head {
                // Stands for the delimiter row, between the head and the body.
                let at = t.body_at.map_or(row_at, |b| self.abs(b));
                let mut rule = Inline::default();
                let cells: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
                rule.text.decorate(at, &cells.join("─┼─"));
                rule.mark(0, Mark::Markup);
                let len = rule.text.text.len();
                self.emit_line(&rule, 0..len, at);
            }
        }
    }

    /// A table too wide for the screen: each body row a block, each cell on a line of its own
    /// after its column's heading.
    fn table_records(&mut self, t: &Table) {
        let head = t.rows.first().filter(|_| t.head > 0);
        let at = self.abs(t.at);
        for (n, row) in t.rows.iter().enumerate().skip(t.head) {
            if n > t.head {
                // The blank line between records stands for the start of the next one.
                let next = row
                    .iter()
                    .find(|c| !c.is_empty())
                    .map_or(at, |c| c.text.to_src(0));
                self.emit_line(&Inline::default(), 0..0, next);
            }
            for (c, cell) in row.iter().enumerate() {
                let mut line = Inline::default();
                // The heading, repeated in every record, stands for the cell's own source,
                // so each record line has a place of its own.
                let cell_at = if cell.is_empty() {
                    at
                } else {
                    cell.text.to_src(0)
                };
                if let Some(name) = head.and_then(|h| h.get(c)) {
                    line.text
                        .decorate(cell_at, &format!("{}: ", name.text.text));
                    line.mark(0, Mark::Strong);
                    line.mark(0, Mark::Markup);
                }
                let start = line.text.text.len();
                line.text.append(&cell.text, 0..cell.text.text.len());
                for (r, mark) in &cell.marks {
                    line.marks.push((r.start + start..r.end + start, *mark));
                }
                self.inline = line;
                self.flush(t.at);
            }
        }
    }
}

/// Column widths for natural widths `natural` in `room` columns: the natural ones when they
/// fit, else each narrow column keeps its width and the wide ones share what is left; `None`
/// when a column would get fewer than `MIN_COLUMN`.
fn fit_columns(natural: &[usize], room: usize) -> Option<Vec<usize>> {
    if natural.iter().sum::<usize>() <= room {
        return Some(natural.to_vec());
    }
    let mut order: Vec<usize> = (0..natural.len()).collect();
    order.sort_by_key(|&c| natural[c]);
    let mut widths = vec![0; natural.len()];
    let mut left = room;
    for (k, &c) in order.iter().enumerate() {
        let share = left / (natural.len() - k);
        widths[c] = natural[c].min(share);
        left -= widths[c];
    }
    widths
        .iter()
        .zip(natural)
        .all(|(&w, &n)| w >= n.min(MIN_COLUMN))
        .then_some(widths)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The screen lines of `text` at `width`.
    fn lines(text: &str, width: usize) -> Vec<String> {
        let r = render(text.as_bytes(), 100, width, false).unwrap();
        r.lines
            .iter()
            .map(|l| r.display.text[l.clone()].to_string())
            .collect()
    }

    /// The text under each mark of kind `mark`.
    fn marked(text: &str, mark: Mark) -> Vec<String> {
        let r = render(text.as_bytes(), 0, 80, false).unwrap();
        r.marks
            .iter()
            .filter(|(_, m)| *m == mark)
            .map(|(range, _)| r.display.text[range.clone()].to_string())
            .collect()
    }

    #[test]
    fn inline_markup_is_shown_by_style_without_its_syntax() {
        let text = "Some *em*, **strong**, `code`, ~~gone~~ and [a link](http://x.org) here.";
        assert_eq!(
            lines(text, 80),
            ["Some em, strong, code, gone and a link here."]
        );
        assert_eq!(marked(text, Mark::Emphasis), ["em"]);
        assert_eq!(marked(text, Mark::Strong), ["strong"]);
        assert_eq!(marked(text, Mark::Code), ["code"]);
        assert_eq!(marked(text, Mark::Strike), ["gone"]);
        assert_eq!(marked(text, Mark::Link), ["a link"]);
        let r = render(text.as_bytes(), 0, 80, false).unwrap();
        assert_eq!(r.links.len(), 1);
        assert_eq!(&r.display.text[r.links[0].0.clone()], "a link");
        assert_eq!(r.links[0].1, "http://x.org");
        assert_eq!(lines("# A *big* heading", 80), ["A big heading"]);
        assert_eq!(
            marked("# A *big* heading", Mark::Heading),
            ["A big heading"]
        );
        assert_eq!(
            lines("three &amp; &copy; \\*x\\* and a break  \nhere", 80),
            ["three & © *x* and a break", "here"]
        );
    }

    #[test]
    fn lists_hang_their_lines_under_the_first_and_keep_their_numbers() {
        let text = "- one\n- two that is long enough to wrap\n  - nested\n- three";
        assert_eq!(
            lines(text, 20),
            [
                "• one",
                "• two that is long",
                "  enough to wrap",
                "  ◦ nested",
                "• three"
            ]
        );
        assert_eq!(lines("3. third\n4. fourth", 80), ["3. third", "4. fourth"]);
        assert_eq!(
            lines("- [x] done\n- [ ] not\n- ", 80),
            ["• [x] done", "• [ ] not", "• "]
        );
        // An item of a loose list, alone between blank lines, is still an item.
        assert_eq!(lines("  - indented item", 80), ["  • indented item"]);
        let r = render(b"    more of the item above", 0, 80, true).unwrap();
        assert_eq!(r.display.text, "    more of the item above");
        assert!(r.marks.iter().all(|(_, m)| *m != Mark::Code));
    }

    #[test]
    fn quotes_code_and_rules_are_laid_out_as_blocks() {
        assert_eq!(
            lines("> quoted text that goes on\n>\n> > inner", 20),
            ["│ quoted text that", "│ goes on", "│ ", "│ │ inner"]
        );
        // Never reflowed: each line of code stays a line, blank ones too, in a margin.
        assert_eq!(
            lines("```rust\nfn main() {\n\n    let x = 1;\n}\n```", 80),
            ["  fn main() {", "  ", "      let x = 1;", "  }"]
        );
        assert_eq!(marked("```\na b\n```", Mark::Code), ["a b"]);
        assert_eq!(lines("---", 12), ["────────────"]);
        assert_eq!(lines("Text[^1] here.", 80), ["Text[1] here."]);
        assert_eq!(lines("[^1]: The note.", 80), ["[1] The note."]);
    }

    #[test]
    fn tables_fit_their_columns_to_the_width_and_wrap_cells_inside_them() {
        let table = "| a | bb |\n|---|---:|\n| 1 | 2 |\n| long cell text here | x |";
        assert_eq!(
            lines(table, 80),
            [
                "a                   │ bb",
                "────────────────────┼───",
                "1                   │  2",
                "long cell text here │  x"
            ]
        );
        assert_eq!(
            lines(table, 16),
            [
                "a           │ bb",
                "────────────┼───",
                "1           │  2",
                "long cell   │  x",
                "text here   │ ",
            ]
        );
        assert_eq!(marked(table, Mark::Strong), ["a", "bb"]);
        // Too narrow for its columns: each row a block of `heading: value` lines.
        let wide = "| name | role | place |\n|---|---|---|\n| Ann Lee | skipper | north pier |";
        assert_eq!(
            lines(wide, 16),
            ["name: Ann Lee", "role: skipper", "place: north", "pier"]
        );
    }

    /// Every word shown is the source's at the offset the display maps it to, whatever the
    /// width: what keeps highlights, bookmarks and the reading position on the right text.
    #[test]
    fn every_word_shown_maps_to_the_same_word_in_the_source() {
        let text = include_str!("../../tests/fixtures/formats/guide.md");
        let body = &text[text.find("# The").unwrap()..];
        let base = 7;
        let mut words = 0;
        for width in [12, 20, 33, 47, 60, 80, 120] {
            for para in body.split("\n\n") {
                let start = base + (para.as_ptr() as usize - body.as_ptr() as usize);
                let r = render(para.as_bytes(), start, width, false).unwrap();
                let shown = &r.display.text;
                let drawn = |at: usize| {
                    r.marks
                        .iter()
                        .any(|(m, k)| *k == Mark::Markup && m.contains(&at))
                };
                let mut at = 0;
                for word in shown.split(|c: char| !c.is_alphanumeric()) {
                    if !word.is_empty() && !drawn(at) {
                        let src = r.display.to_src(at) - base;
                        assert_eq!(
                            &body[src..src + word.len()],
                            word,
                            "width {width}: {shown:?}"
                        );
                        // Back to where it is shown (a table's heading repeated in each of its
                        // records is found at its first showing).
                        let back = r.display.to_disp(src + base);
                        assert!(shown[back..].starts_with(word), "{word} in {shown:?}");
                        words += 1;
                    }
                    let sep = shown[at + word.len()..].chars().next();
                    at += word.len() + sep.map_or(0, char::len_utf8);
                }
            }
        }
        assert!(words > 1000, "{words}");
    }
}
