//! The search bar at the bottom: `/query▏ [regex] [word]` with the match count, or the error of
//! an invalid pattern, on the right.

use super::fit;
use crate::model::{Count, Model, SearchTarget};
use crate::text::layout::width;
use crate::text::sanitize::clean_line;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// What the right side of the bar says about the search.
pub(super) fn summary(m: &Model) -> String {
    let s = &m.search;
    match (&s.target, &s.query) {
        (_, Some(Err(e))) => format!("invalid: {e}"),
        (SearchTarget::Quotes, _) => {
            let n = super::counted(m.visible_quotes().len(), "quotation");
            // Still filtering, or the document's quotations are still being found.
            match m.filtering().or(m.finding_quotes().map(usize::from)) {
                Some(p) => format!("{n} so far, {p}%"),
                None => n,
            }
        }
        (SearchTarget::Library, _) if s.count == Count::Counting => {
            format!(
                "{}, searching texts…",
                super::counted(m.library.order.len(), "title")
            )
        }
        (SearchTarget::Library, _) => super::counted(m.library.order.len(), "document"),
        (SearchTarget::Reader, None) => String::new(),
        (SearchTarget::Reader, Some(Ok(_))) => match s.count {
            Count::Done { total: 0, .. } => "no match".into(),
            Count::Done { total, index } => format!("{index}/{total}"),
            Count::Counting => match &s.current {
                Some(_) => "?/counting…".into(),
                None => "searching…".into(),
            },
            Count::Unknown => String::new(),
        },
    }
}

pub(super) fn draw(m: &Model, frame: &mut Frame, area: Rect) {
    if area.height == 0 || area.width < 4 {
        return;
    }
    let s = &m.search;
    let mut flags = String::new();
    if s.opts.regex {
        flags.push_str(" [regex]");
    }
    if s.opts.whole_word {
        flags.push_str(" [word]");
    }
    let right = format!("{flags}  {}  ^r regex ^e word ", summary(m));
    let right = fit(&right, usize::from(area.width) / 2);
    let input_w = usize::from(area.width).saturating_sub(width(&right) + 2);
    // Keep the cursor in view: show the end of a long query.
    let shown = clean_line(&s.input);
    let before_cursor = width(&clean_line(&s.input[..s.cursor]));
    let skip = before_cursor.saturating_sub(input_w.saturating_sub(1));
    let visible: String =
        unicode_segmentation::UnicodeSegmentation::graphemes(shown.as_str(), true)
            .scan(0, |w, g| {
                *w += crate::text::layout::cells(g);
                Some((*w, g))
            })
            .filter(|(w, _)| *w > skip)
            .map(|(_, g)| g)
            .collect();
    let visible = fit(&visible, input_w);
    let pad =
        " ".repeat(usize::from(area.width).saturating_sub(1 + width(&visible) + width(&right)));
    let error = matches!(s.query, Some(Err(_))) || matches!(s.count, Count::Done { total: 0, .. });
    let right_style = if error { m.theme.message } else { m.theme.dim };
    let line = Line::from(vec![
        Span::styled("/", m.theme.key),
        Span::raw(visible),
        Span::raw(pad),
        Span::styled(right, right_style),
    ]);
    frame.render_widget(Paragraph::new(line), area);
    let x = area.x + 1 + (before_cursor - skip).min(input_w) as u16;
    frame.set_cursor_position(Position::new(x.min(area.right().saturating_sub(1)), area.y));
}
