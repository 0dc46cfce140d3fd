//! The bookmark list overlay and the one-line prompt (bookmark notes, list filter).

use super::fit;
use crate::bookmarks::Found;
use crate::model::{Model, PromptFor};
use crate::text::layout::width;
use crate::text::sanitize::{clean_bytes, clean_line};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

/// Rows one bookmark takes in the list.
const ITEM_ROWS: usize = 4;

/// The list's frame in `area`.
fn popup_of(area: Rect) -> Rect {
    let w = area.width.saturating_sub(4).clamp(10, 100).min(area.width);
    let h = area.height.saturating_sub(2).max(3).min(area.height);
    super::centered(area, w, h)
}

/// The first row shown and how many fit, for a list inside `inner`.
fn page(m: &Model, rows: usize, inner: Rect) -> (usize, usize) {
    let per_page = (usize::from(inner.height) / ITEM_ROWS).max(1);
    let sel = m.marks.selected.min(rows.saturating_sub(1));
    ((sel + 1).saturating_sub(per_page), per_page)
}

/// The position in the list (`Model::bookmark_rows`) of the bookmark at (`x`, `y`) of a
/// list drawn in `area`.
pub(super) fn entry_at(m: &Model, area: Rect, x: u16, y: u16) -> Option<usize> {
    let inner = Block::default().borders(Borders::ALL).inner(popup_of(area));
    if !inner.contains(Position::new(x, y)) {
        return None;
    }
    let rows = m.bookmark_rows().len();
    let (first, _) = page(m, rows, inner);
    let k = first + usize::from(y - inner.y) / ITEM_ROWS;
    (k < rows).then_some(k)
}

pub(super) fn draw_list(m: &Model, frame: &mut Frame, area: Rect) {
    let popup = popup_of(area);
    let w = popup.width;
    let scope = if m.marks.all {
        "all documents"
    } else {
        "this document"
    };
    let filter = if m.marks.filter.is_empty() {
        String::new()
    } else {
        format!(" · /{}", clean_line(&m.marks.filter))
    };
    let title = format!(
        " Bookmarks: {scope}{filter} · Tab all/this · Enter go · e note · d delete · u undo "
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .title(fit(&title, usize::from(w.saturating_sub(2))));
    let inner = super::overlay(frame, popup, block);
    let rows = m.bookmark_rows();
    let tw = usize::from(inner.width.saturating_sub(2));
    if rows.is_empty() {
        let msg = if m.bookmarks.is_empty() {
            " No bookmarks yet: m bookmarks the passage at the top.".to_string()
        } else if !m.marks.filter.is_empty() {
            format!(
                " Nothing matches “{}” (/ to change it).",
                clean_line(&m.marks.filter)
            )
        } else {
            " No bookmarks here (Tab shows all documents).".to_string()
        };
        frame.render_widget(Paragraph::new(Line::styled(msg, m.theme.dim)), inner);
        return;
    }
    let (first, per_page) = page(m, rows.len(), inner);
    let sel = m.marks.selected.min(rows.len() - 1);
    let mut lines = Vec::new();
    for (k, &i) in rows.iter().enumerate().skip(first).take(per_page) {
        let b = &m.bookmarks[i];
        let selected = k == sel;
        let mark = if selected { "▌ " } else { "  " };
        let missing = m
            .located
            .iter()
            .any(|(id, f)| *id == b.id && *f == Found::NotFound);
        let head = format!(
            "{}{}{}  ·  added {}",
            if missing { "[passage not found] " } else { "" },
            clean_line(&b.title),
            b.date
                .as_deref()
                .map(|d| format!(" ({})", clean_line(d)))
                .unwrap_or_default(),
            crate::bookmarks::date(b.created),
        );
        let who = b
            .speaker
            .as_deref()
            .map(|s| format!(" — {}", clean_line(s)))
            .unwrap_or_default();
        let excerpt = format!("{}{who}", clean_bytes(b.passage()));
        let note = if b.note.is_empty() {
            String::new()
        } else {
            format!("note: {}", clean_line(&b.note))
        };
        let style = if selected {
            m.theme.selected
        } else {
            ratatui::style::Style::new()
        };
        lines.push(
            Line::from(vec![
                Span::styled(mark, m.theme.focus_border),
                Span::styled(fit(&head, tw), m.theme.title),
            ])
            .style(style),
        );
        lines.push(Line::from(vec![
            Span::raw(mark),
            Span::raw(fit(&excerpt, tw)),
        ]));
        lines.push(Line::from(vec![
            Span::raw(mark),
            Span::styled(fit(&note, tw), m.theme.key),
        ]));
        lines.push(Line::raw(""));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The prompt in the bottom row, with the cursor.
pub(super) fn draw_prompt(m: &Model, frame: &mut Frame, area: Rect) {
    let Some(p) = &m.prompt else {
        return;
    };
    if area.width < 4 || area.height == 0 {
        return;
    }
    let (label, hint) = match p.purpose {
        PromptFor::NewBookmark(_) => ("note: ", "  Enter saves · Esc cancels "),
        // Outside the list a note is edited only after `m` on a passage already bookmarked.
        PromptFor::EditNote(_) if m.overlay.is_none() => (
            "already bookmarked · note: ",
            "  Enter saves · Esc keeps the old note ",
        ),
        PromptFor::EditNote(_) => ("note: ", "  Enter saves · Esc keeps the old note "),
        PromptFor::FilterBookmarks => ("/", "  Enter keeps · Esc clears "),
    };
    let text = clean_line(&p.text);
    let room = usize::from(area.width).saturating_sub(width(label) + width(hint) + 1);
    let before = width(&clean_line(&p.text[..p.cursor]));
    let skip = before.saturating_sub(room.saturating_sub(1));
    let visible: String = text.chars().skip(skip).collect();
    let visible = fit(&visible, room);
    let pad = " ".repeat(
        usize::from(area.width).saturating_sub(width(label) + width(&visible) + width(hint)),
    );
    let line = Line::from(vec![
        Span::styled(label, m.theme.key),
        Span::raw(visible),
        Span::raw(pad),
        Span::styled(hint, m.theme.dim),
    ]);
    frame.render_widget(Paragraph::new(line), area);
    let x = area.x + (width(label) + before - skip).min(usize::from(area.width) - 1) as u16;
    frame.set_cursor_position(Position::new(x, area.y));
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_from_epoch_seconds() {
        assert_eq!(crate::bookmarks::date(0), "1970-01-01");
        assert_eq!(crate::bookmarks::date(951_782_400), "2000-02-29");
        assert_eq!(crate::bookmarks::date(1_795_833_468), "2026-11-28");
    }
}
