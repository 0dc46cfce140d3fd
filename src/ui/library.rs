//! The library list: every document with its date, title, length and reading progress.

use super::fit;
use crate::action::Action::{Back, Cancel, CycleSort, Open, Search, ToggleHelp};
use crate::model::Model;
use crate::store::metadata::reading_time;
use crate::text::layout::width;
use crate::text::sanitize::clean_line;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// From this width the list has a column of file names, this wide.
const FILE_COLUMN_FROM: u16 = 100;
const FILE_W: usize = 24;

/// The list's position of the document at row `y` of a library drawn in `area`.
pub(super) fn row_at(m: &Model, area: Rect, y: u16) -> Option<usize> {
    let height = usize::from(area.height.saturating_sub(2));
    let row = usize::from(y.checked_sub(area.y + 1)?);
    let first = (m.library.selected + 1).saturating_sub(height);
    let k = first + row;
    (row < height && k < m.library.order.len()).then_some(k)
}

pub(super) fn draw(m: &Model, frame: &mut Frame, area: Rect) {
    let header = Rect::new(area.x, area.y, area.width, 1);
    let status = Rect::new(area.x, area.bottom() - 1, area.width, 1);
    let list = Rect::new(
        area.x,
        area.y + 1,
        area.width,
        area.height.saturating_sub(2),
    );
    let title = format!(
        " sidenote · {} · sorted by {}",
        super::counted(m.docs.len(), "document"),
        m.library.sort.label()
    );
    frame.render_widget(
        Paragraph::new(Span::styled(
            fit(&title, usize::from(area.width)),
            m.theme.title,
        )),
        header,
    );

    let height = usize::from(list.height);
    let first = (m.library.selected + 1).saturating_sub(height);
    let wide = area.width >= 60;
    let lines: Vec<Line> = m
        .library
        .order
        .iter()
        .enumerate()
        .skip(first)
        .take(height)
        .map(|(i, &doc)| {
            let d = &m.docs[doc];
            let progress = m
                .saved(d)
                .map(|p| format!("{:>3}%", (p.progress * 100.0).round() as u32))
                .unwrap_or_else(|| "  · ".to_string());
            let date = d.date().unwrap_or("");
            let hits = m
                .library
                .hits
                .get(doc)
                .copied()
                .filter(|_| !m.library.query.is_empty());
            let progress = match hits {
                Some(n) => format!("{n:>3} hit{}", if n == 1 { " " } else { "s" }),
                None => progress,
            };
            let right = if wide {
                let about = if d.words_exact { " " } else { "~" };
                format!(
                    " {about}{:>6} words {:>7} {progress} ",
                    d.words,
                    reading_time(d.words)
                )
            } else {
                format!(" {progress} ")
            };
            let date_col = if wide {
                format!(" {date:<10} ")
            } else {
                " ".to_string()
            };
            // The file, so that sorting by file reads naturally (on narrower screens, the
            // selected one's is in the status line).
            let file_col = if area.width >= FILE_COLUMN_FROM {
                format!(" {:<FILE_W$}", fit(&d.origin.short_name(), FILE_W))
            } else {
                String::new()
            };
            let title_w = usize::from(area.width)
                .saturating_sub(width(&right) + width(&date_col) + width(&file_col));
            let title = fit(&d.title, title_w);
            let pad = " ".repeat(title_w.saturating_sub(width(&title)));
            let line = Line::from(vec![
                Span::styled(date_col, m.theme.dim),
                Span::raw(title),
                Span::raw(pad),
                Span::styled(file_col, m.theme.dim),
                Span::styled(right, m.theme.dim),
            ]);
            if i == m.library.selected {
                line.style(m.theme.selected)
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);

    if m.search.editing {
        super::search_bar::draw(m, frame, status);
        return;
    }
    let hint = match &m.status {
        Some(msg) => Span::styled(format!(" {}", clean_line(msg)), m.theme.notice(msg.kind)),
        None if !m.library.query.is_empty() => Span::raw(format!(
            " /{}{}",
            clean_line(&m.library.query),
            super::hints(m, &[(Open, "open at first hit"), (Cancel, "all")])
        )),
        None if area.width < FILE_COLUMN_FROM
            && let Some(d) = m.library.order.get(m.library.selected).map(|&i| &m.docs[i]) =>
        {
            Span::raw(format!(
                " {}{}",
                fit(&d.origin.short_name(), usize::from(area.width) / 2),
                super::hints(
                    m,
                    &[
                        (Open, "open"),
                        (Search, "search"),
                        (CycleSort, "sort"),
                        (ToggleHelp, "help")
                    ]
                )
            ))
        }
        None => Span::raw(super::hints(
            m,
            &[
                (Open, "open"),
                (Search, "search"),
                (CycleSort, "sort"),
                (ToggleHelp, "help"),
                (Back, "quit"),
            ],
        )),
    };
    frame.render_widget(
        Paragraph::new(Line::from(hint).style(m.theme.status_bar)),
        status,
    );
}
