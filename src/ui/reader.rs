//! The reader pane: header, the visible lines of text, scrollbar and status line.

use super::theme;
use crate::model::Model;
use crate::quotes::Quote;
use crate::reader::geometry;
use crate::store::metadata::reading_minutes;
use crate::store::paragraphs::Kind;
use crate::text::layout::width;
use crate::text::sanitize::Display;
use crate::text::sanitize::clean_line;
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState};
use std::ops::Range;
use unicode_width::UnicodeWidthChar;

/// Cuts `s` to `max` cells, ending in `…` when cut.
pub fn fit(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw + 1 > max {
            break;
        }
        out.push(c);
        w += cw;
    }
    if max > 0 {
        out.push('…');
    }
    out
}

/// Draws the reader in `area`; the status line spans `full` (under the sidebar too).
pub fn draw(m: &Model, frame: &mut Frame, area: Rect, full: Rect) {
    let Some((r, d)) = m.open_doc() else {
        return;
    };
    let mut g = geometry(area);
    if g.status.height > 0 {
        g.status = Rect::new(full.x, full.bottom() - 1, full.width, 1);
    }
    let quotes: &[Quote] = m.open_quotes().map_or(&[], |q| q.as_slice());
    let selected_group = m
        .sidebar
        .selected
        .and_then(|i| quotes.get(i))
        .map(|q| q.quote);
    let (w, h) = (g.text.width, g.text.height);

    if g.header.height > 0 {
        // The title matters most; the date, then the reading time, give way on narrow screens.
        let minutes = format!("{} min", reading_minutes(d.words));
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
            Paragraph::new(Span::styled(fit(&d.title, title_w), theme::title())),
            g.header,
        );
        frame.render_widget(
            Paragraph::new(Span::styled(date, theme::dim())).alignment(Alignment::Right),
            g.header,
        );
    }

    let rows = r.visible(d, w, h);
    let lines: Vec<Line> = if d.is_empty() {
        vec![Line::styled("(empty document)", theme::dim())]
    } else {
        rows.iter()
            .map(|row| {
                let wrapped = r.wrapped(d, row.para, w);
                match wrapped.lines.get(row.line) {
                    Some(range) => {
                        let text = wrapped.display.text[range.clone()].to_string();
                        match d.paragraphs[row.para].kind {
                            // The `#` marks are Markdown syntax; the style shows the heading.
                            Kind::Heading if row.line == 0 => Line::styled(
                                text.trim_start_matches('#').trim_start().to_string(),
                                theme::heading(),
                            ),
                            Kind::Heading => Line::styled(text, theme::heading()),
                            _ => highlight(&wrapped.display, range.clone(), quotes, selected_group),
                        }
                    }
                    None => Line::raw(""),
                }
            })
            .collect()
    };
    frame.render_widget(Paragraph::new(lines), g.text);

    let body = d.len().saturating_sub(d.body_start);
    let bottom = r.bottom_offset(d, w, h);
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

    if g.status.height > 0 {
        let pct = r.percent(d, w, h);
        let back = if m.has_library { "back" } else { "quit" };
        let right = format!(" {pct:>3}%  ?:help  q:{back} ");
        let left_w = usize::from(g.status.width).saturating_sub(width(&right));
        let left = match &m.status {
            Some(msg) => Span::styled(
                fit(&format!(" {}", clean_line(msg)), left_w),
                theme::message(),
            ),
            None => Span::raw(fit(&format!(" {}", d.origin.short_name()), left_w)),
        };
        let pad = " ".repeat(left_w.saturating_sub(width(&left.content)));
        let line =
            Line::from(vec![left, Span::raw(pad), Span::raw(right)]).style(theme::status_bar());
        frame.render_widget(Paragraph::new(line), g.status);
    }
}

/// One screen line with its quotations styled: every quotation in the quote colour, the parts
/// of the selected one strongly. `line` is the line's byte range in `display`.
fn highlight(
    display: &Display,
    line: Range<usize>,
    quotes: &[Quote],
    selected: Option<usize>,
) -> Line<'static> {
    let (src_start, src_end) = (display.to_src(line.start), display.to_src(line.end));
    // Quotations are in document order; skip those that end before this line.
    let first = quotes.partition_point(|q| q.end <= src_start);
    let mut spans = Vec::new();
    let mut at = line.start;
    for q in quotes[first..].iter().take_while(|q| q.start < src_end) {
        let a = display.to_disp(q.start).clamp(line.start, line.end);
        let b = display.to_disp(q.end).clamp(line.start, line.end);
        if b <= a || a < at {
            continue;
        }
        spans.push(Span::raw(display.text[at..a].to_string()));
        let style = if Some(q.quote) == selected {
            theme::selected_quote()
        } else {
            theme::quote()
        };
        spans.push(Span::styled(display.text[a..b].to_string(), style));
        at = b;
    }
    spans.push(Span::raw(display.text[at..line.end].to_string()));
    Line::from(spans)
}
