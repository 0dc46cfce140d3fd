//! The reader pane: header, the visible lines of text, scrollbar and status line.

use super::fit;
use super::theme::Theme;
use crate::action::Action::{Back, NextMatch, PrevMatch, ToggleHelp};
use crate::model::reader::Wrapped;
use crate::model::reader::geometry;
use crate::model::{Model, Quotes, SearchTarget};
use crate::quotes::Quote;
use crate::store::metadata::reading_time;
use crate::store::paragraphs::Kind;
use crate::text::layout::width;
use crate::text::sanitize::clean_line;
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState};
use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

/// Draws the reader in `area`; the status line spans `full` (under the sidebar too).
pub(super) fn draw(m: &Model, frame: &mut Frame, area: Rect, full: Rect) {
    let Some((r, d)) = m.open_doc() else {
        return;
    };
    let mut g = geometry(area, m.text_width);
    if g.status.height > 0 {
        g.status = Rect::new(full.x, full.bottom() - 1, full.width, 1);
    }
    let quotes: &[Quote] = m.open_quotes().map_or(&[], |q| q.as_slice());
    // Search matches in the paragraphs on screen (searched only there, every frame).
    let rows = r.visible(d, g.text.width, g.text.height);
    let on_screen = match (rows.first(), rows.last()) {
        (Some(a), Some(b)) => a.para..r.wrapped(d, b.para, g.text.width).para.end,
        _ => 0..0,
    };
    // While they are being found, a preview may highlight those past where the search is.
    let previewed = match m.quotes.get(r.doc) {
        Some(Some(q @ Quotes::Pending(_))) => Some(q.shown_in(on_screen.clone())),
        _ => None,
    };
    let matches: Vec<Range<usize>> = match (&m.search.query, rows.first(), rows.last()) {
        (Some(Ok(q)), Some(_), Some(_))
            if m.search.shown && m.search.target == SearchTarget::Reader =>
        {
            q.matches_in(&d.bytes, on_screen.clone())
        }
        _ => Vec::new(),
    };
    let tints: Vec<Range<usize>> = m.located.iter().filter_map(|(_, f)| f.range()).collect();
    let paint = Paint {
        quotes: previewed.as_deref().unwrap_or(quotes),
        selected: m.sidebar.selected.filter(|&i| i < quotes.len()).map(|i| {
            let p = crate::quotes::parts(quotes, i);
            quotes[p.start].start()..quotes[p.end - 1].end()
        }),
        matches: &matches,
        current: m.search.current.clone(),
        tints: &tints,
        selection: m.selection.as_ref().map(|s| s.range()),
        theme: &m.theme,
    };
    let w = g.text.width;

    if g.header.height > 0 {
        // The title matters most; the date, then the reading time, give way on narrow screens.
        let about = if d.words_exact { "" } else { "~" };
        let minutes = format!("{about}{}", reading_time(d.words));
        let width_all = usize::from(g.header.width);
        let date = match d.date().map(clean_line) {
            Some(date) if width_all >= 60 => format!("{date}  ·  {minutes}"),
            Some(date) if width_all >= 30 => date,
            Some(_) => String::new(),
            None if width_all >= 40 => minutes,
            None => String::new(),
        };
        let title_w = width_all.saturating_sub(width(&date) + 2);
        frame.render_widget(
            Paragraph::new(Span::styled(fit(&d.title, title_w), m.theme.title)),
            g.header,
        );
        frame.render_widget(
            Paragraph::new(Span::styled(date, m.theme.dim)).alignment(Alignment::Right),
            g.header,
        );
    }

    let lines: Vec<Line> = if d.is_empty() {
        vec![Line::styled("(empty document)", m.theme.dim)]
    } else {
        rows.iter()
            .map(|row| {
                let wrapped = r.wrapped(d, row.para, w);
                match wrapped.lines.get(row.line) {
                    Some(range) => {
                        let text = wrapped.display.text[range.clone()].to_string();
                        match wrapped.para.kind {
                            // The `#` marks are Markdown syntax; the style shows the heading.
                            Kind::Heading if !wrapped.rendered && row.line == 0 => Line::styled(
                                text.trim_start_matches('#').trim_start().to_string(),
                                m.theme.heading,
                            ),
                            Kind::Heading if !wrapped.rendered => {
                                Line::styled(text, m.theme.heading)
                            }
                            _ => paint.line(&wrapped, range.clone()),
                        }
                    }
                    None => Line::raw(""),
                }
            })
            .collect()
    };
    // Lines already fit the column: written straight into the buffer (the `Paragraph` widget's
    // wrapping and alignment passes would only cost time on every key press).
    let buf = frame.buffer_mut();
    for (y, line) in (g.text.y..g.text.bottom()).zip(&lines) {
        super::put_line(buf, g.text.x, y, line, g.text.width);
    }
    gutter(m, frame, &g, &rows, &tints);

    let body = d.len().saturating_sub(d.body_start);
    let bottom = r.bottom_of(d, &rows, w);
    // Show the bar only when the document does not fit on one screen.
    let fits = r.top_offset <= d.body_start && bottom >= d.len();
    if g.scrollbar.width > 0 && g.scrollbar.height > 2 && !fits {
        let shown = bottom.saturating_sub(r.top_offset);
        let mut state = ScrollbarState::new(body.saturating_sub(shown))
            .viewport_content_length(shown)
            .position(r.top_offset.saturating_sub(d.body_start));
        let bar = Scrollbar::new(ScrollbarOrientation::VerticalRight)
            .begin_symbol(None)
            .end_symbol(None);
        frame.render_stateful_widget(bar, g.scrollbar, &mut state);
    }

    if g.status.height > 0 && m.search.editing {
        super::search_bar::draw(m, frame, g.status);
    } else if g.status.height > 0 {
        let pct = crate::model::reader::percent_at(d, bottom);
        let back = if m.has_library { "back" } else { "quit" };
        let found = if m.search.shown && m.search.target == SearchTarget::Reader {
            let next = [m.keys.hint(NextMatch), m.keys.hint(PrevMatch)];
            format!(
                " /{}  {}  {} ",
                fit(&clean_line(&m.search.input), 20),
                super::search_bar::summary(m),
                next.into_iter().flatten().collect::<Vec<_>>().join("/")
            )
        } else {
            String::new()
        };
        // A large document's quotations are found in the background: how far, while it runs.
        let finding = match m.finding_quotes() {
            Some(p) => format!(" quotations {p}% "),
            None => String::new(),
        };
        let keys = super::hints(m, &[(ToggleHelp, "help"), (Back, back)]);
        let right = format!("{found}{finding} {pct:>3}%{keys} ");
        let left_w = usize::from(g.status.width).saturating_sub(width(&right));
        let left = match &m.status {
            Some(msg) => Span::styled(
                fit(&format!(" {}", clean_line(msg)), left_w),
                m.theme.notice(msg.kind),
            ),
            None => Span::raw(fit(&format!(" {}", d.origin.short_name()), left_w)),
        };
        let pad = " ".repeat(left_w.saturating_sub(width(&left.content)));
        let line =
            Line::from(vec![left, Span::raw(pad), Span::raw(right)]).style(m.theme.status_bar);
        frame.render_widget(Paragraph::new(line), g.status);
    }
}

/// What is styled in the text: quotations (the selected one strongly) and search matches
/// (the current one most strongly), all as source byte ranges.
struct Paint<'a> {
    /// Bookmarked passages, tinted.
    tints: &'a [Range<usize>],
    selection: Option<Range<usize>>,
    quotes: &'a [Quote],
    /// From the start of the selected quotation to its end, over all its parts.
    selected: Option<Range<usize>>,
    matches: &'a [Range<usize>],
    current: Option<Range<usize>>,
    theme: &'a Theme,
}

impl Paint<'_> {
    /// One screen line (`line`, a byte range of `display`) with its styles. Styles are laid per
    /// byte, later layers over earlier ones, then merged into spans; a match that wraps onto the
    /// next line is styled on both.
    fn line(&self, wrapped: &Wrapped, line: Range<usize>) -> Line<'static> {
        let display = &wrapped.display;
        let span = display.source_span(line.clone());
        let (src_start, src_end) = (span.start, span.end);
        let mut styles = vec![Style::new(); line.len()];
        let mut layer = |r: &Range<usize>, style: Style| {
            if r.end <= src_start || r.start >= src_end.max(src_start + 1) {
                return;
            }
            let a = display.to_disp(r.start).clamp(line.start, line.end) - line.start;
            let b = display.to_disp(r.end).clamp(line.start, line.end) - line.start;
            // Text laid out out of source order (a table) may map the ends either way round.
            for s in &mut styles[a.min(b)..b.max(a)] {
                *s = style;
            }
        };
        for t in self.tints {
            layer(t, self.theme.bookmarked);
        }
        let first = self.quotes.partition_point(|q| q.end() <= src_start);
        for q in self.quotes[first..]
            .iter()
            .take_while(|q| q.start() < src_end)
        {
            let selected = self.selected.as_ref();
            let style = if selected.is_some_and(|s| s.start <= q.start() && q.end() <= s.end) {
                self.theme.selected_quote
            } else {
                self.theme.quote
            };
            layer(&(q.start()..q.end()), style);
        }
        if let Some(sel) = &self.selection {
            layer(sel, self.theme.selection);
        }
        for r in self.matches {
            layer(r, self.theme.search_match);
        }
        if let Some(c) = &self.current {
            layer(c, self.theme.current_match);
        }
        // Markup (emphasis, code, a link) under the highlights, its attributes kept through
        // them: a quotation in italics stays in italics.
        if !wrapped.marks.is_empty() {
            let mut markup = vec![Style::new(); line.len()];
            for (r, mark) in &wrapped.marks {
                let (a, b) = (r.start.max(line.start), r.end.min(line.end));
                for s in markup
                    .get_mut(a.saturating_sub(line.start)..b.saturating_sub(line.start))
                    .into_iter()
                    .flatten()
                {
                    *s = s.patch(self.theme.mark(*mark));
                }
            }
            for (s, m) in styles.iter_mut().zip(markup) {
                *s = m.patch(*s);
            }
        }
        let text = &display.text[line.clone()];
        if text.is_empty() {
            return Line::raw("");
        }
        // Cut only between clusters: a cell never gets part of one in one style and the rest
        // (a combining accent, an emoji's modifier) in another.
        let mut spans = Vec::new();
        let mut start = 0;
        for (i, _) in text
            .grapheme_indices(true)
            .skip(1)
            .chain([(text.len(), " ")])
        {
            if i == text.len() || styles[i] != styles[start] {
                spans.push(Span::styled(text[start..i].to_string(), styles[start]));
                start = i;
            }
        }
        Line::from(spans)
    }
}

/// Marks left of the text: `▐` beside bookmarked passages, `│` beside the current passage
/// (what `m` would bookmark).
fn gutter(
    m: &Model,
    frame: &mut Frame,
    g: &crate::model::reader::Geometry,
    rows: &[crate::model::reader::Row],
    tints: &[Range<usize>],
) {
    let Some((r, d)) = m.open_doc() else {
        return;
    };
    if g.text.x < 2 {
        return;
    }
    let x = g.text.x - 2;
    let current = crate::model::reader::passage_in(d, rows);
    let buf = frame.buffer_mut();
    for (i, row) in rows.iter().enumerate() {
        let y = g.text.y + i as u16;
        let w = r.wrapped(d, row.para, g.text.width);
        let Some(line) = w.lines.get(row.line) else {
            continue;
        };
        let span = w.display.source_span(line.clone());
        let (a, b) = (span.start, span.end.max(span.start + 1));
        let (symbol, style) = if tints.iter().any(|t| t.start < b && a < t.end) {
            ("▐", m.theme.bookmark_mark)
        } else if current.as_ref().is_some_and(|c| c.start < b && a < c.end) {
            ("│", m.theme.dim)
        } else {
            continue;
        };
        if let Some(cell) = buf.cell_mut((x, y)) {
            cell.set_symbol(symbol).set_style(style);
        }
    }
}
