//! The quote sidebar: speakers with their counts, then every quotation (speaker and first
//! words), the selected one highlighted.

use super::fit;
use super::thousands;
use crate::model::{Model, SpeakerFilter};
use crate::text::layout::width as cells;
use crate::text::sanitize::clean_line;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

/// Rows one quotation takes: speaker, first words, a gap.
const ITEM_ROWS: usize = 3;

pub(super) fn draw(m: &Model, frame: &mut Frame, area: Rect) {
    frame.render_widget(Clear, area);
    let border = if m.sidebar.focus {
        m.theme.focus_border
    } else {
        m.theme.dim
    };
    let count = m.open_quotes().map_or(0, |q| q.len());
    let pending = m.finding_quotes();
    // What the list is: all of them, or those of one speaker or a filter, out of how many.
    let shown = if !m.sidebar.query.is_empty() {
        Some(format!("/{}", clean_line(&m.sidebar.query)))
    } else {
        match &m.sidebar.filter {
            SpeakerFilter::All => None,
            SpeakerFilter::Only(who) => Some(clean_line(who)),
            SpeakerFilter::Unattributed => Some("unattributed".to_string()),
        }
    };
    let so_far = pending.map_or(String::new(), |p| format!(" so far, {p}%"));
    let title = match shown {
        Some(what) => {
            let of = format!(
                "{what} {} of {}{so_far}",
                thousands(m.visible_quotes().len()),
                thousands(count)
            );
            // The filter matters more than the word `Quotations` on a narrow sidebar.
            let long = format!(" Quotations · {of} ");
            if cells(&long) <= usize::from(area.width) {
                long
            } else {
                fit(&format!(" {of} "), usize::from(area.width))
            }
        }
        None if pending.is_some() => format!(" Quotations ({}{so_far}) ", thousands(count)),
        None => format!(" Quotations ({}) ", thousands(count)),
    };
    let block = Block::default()
        .borders(Borders::LEFT)
        .border_style(border)
        .title(Span::styled(title, m.theme.title));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width.saturating_sub(1));
    let mut lines: Vec<Line> = Vec::new();

    let (Some(quotes), Some((_, doc))) = (m.open_quotes(), m.open_doc()) else {
        return;
    };
    if quotes.is_empty() {
        let msg = match pending {
            Some(0) => " finding quotations…".to_string(),
            Some(p) => format!(" finding quotations… {p}%"),
            None => " no quotations found".to_string(),
        };
        frame.render_widget(Paragraph::new(Line::styled(msg, m.theme.dim)), inner);
        return;
    }

    // Speakers, most quoted first; the active filter stands out. Those that do not fit give
    // way to `…` (←/→ still reaches them).
    let speakers = m.speakers();
    let mut header: Vec<Span> = vec![Span::raw(" ")];
    let mut used = 1;
    for (i, (name, n)) in speakers.iter().enumerate() {
        let label = format!(
            "{}{} {n}",
            if i > 0 { " · " } else { "" },
            name.as_deref()
                .map_or("unattributed".to_string(), clean_line)
        );
        let active = m.sidebar.filter.is(name.as_deref());
        let style = if active {
            m.theme.selected
        } else {
            m.theme.speaker(i)
        };
        let left = width.saturating_sub(used);
        let more = i + 1 < speakers.len();
        if cells(&label) > left || (more && cells(&label) == left) {
            let cut = crate::text::layout::cut(&label, left.saturating_sub(1)).0;
            header.push(Span::styled(format!("{cut}…"), style));
            break;
        }
        used += cells(&label);
        header.push(Span::styled(label, style));
    }
    lines.push(Line::from(header));
    let filtering = m
        .filtering()
        .map_or(String::new(), |p| format!(" · filtering {p}%"));
    let hint = if !m.sidebar.query.is_empty() {
        format!(" /{}{filtering} · Esc all", clean_line(&m.sidebar.query))
    } else if !m.sidebar.filter.is_all() {
        format!(" ←/→ speaker{filtering} · Esc all")
    } else {
        " ←/→ one speaker · / filter".to_string()
    };
    lines.push(Line::styled(fit(&hint, width), m.theme.dim));
    lines.push(Line::raw(""));

    let visible = m.visible_quotes();
    let Page {
        first,
        per_page,
        whole,
    } = page(m, doc, quotes, inner);
    for i in (first..visible.len().min(first + per_page)).filter_map(|k| visible.get(k)) {
        let q = &quotes[i];
        let mut who = q
            .speaker_name()
            .map_or("unattributed".to_string(), clean_line);
        if !q.is_sure() {
            who.push_str(" ?");
        }
        let colour = speakers
            .iter()
            .position(|(s, _)| s.as_deref() == q.speaker_name())
            .map_or(m.theme.dim, |rank| m.theme.speaker(rank));
        let selected = m.sidebar.selected == Some(i);
        let (mut text, cut) = start_of(doc, q, 4 * width + 64);
        if cut {
            text.push('…');
        }
        let mark = if selected { "▌" } else { " " };
        // The selected entry in plain reverse video: readable on any background, with or
        // without colour.
        let (colour, words) = if selected {
            (m.theme.selected, m.theme.selected)
        } else {
            (colour, m.theme.dim)
        };
        lines.push(Line::from(vec![
            Span::styled(mark, m.theme.focus_border),
            Span::styled(fit(&who, width), colour),
        ]));
        if selected && !whole.is_empty() {
            for l in &whole {
                lines.push(Line::from(vec![
                    Span::styled(mark, m.theme.focus_border),
                    Span::styled(l.clone(), words),
                ]));
            }
        } else {
            lines.push(Line::from(vec![
                Span::styled(mark, m.theme.focus_border),
                Span::styled(fit(&format!("“{text}”"), width), words),
            ]));
        }
        lines.push(Line::raw(""));
    }
    let buf = frame.buffer_mut();
    for (y, line) in (inner.y..inner.bottom()).zip(&lines) {
        super::put_line(buf, inner.x, y, line, inner.width);
    }
}

/// Rows above the list: the speakers, the hint, a gap.
const HEADER_ROWS: usize = 3;

/// The part of the list on screen: from the `first` visible quotation, `per_page` of them, the
/// selected one in `whole`.
struct Page {
    first: usize,
    per_page: usize,
    whole: Vec<String>,
}

fn page(
    m: &Model,
    doc: &crate::store::Document,
    quotes: &[crate::quotes::Quote],
    inner: Rect,
) -> Page {
    let width = usize::from(inner.width.saturating_sub(1));
    let visible = m.visible_quotes();
    let rows = usize::from(inner.height).saturating_sub(HEADER_ROWS);
    let sel_pos = m.sidebar.selected.and_then(|s| visible.position(s));
    // The selected quotation whole, wrapped (up to half the list); the others a line each.
    let whole = m
        .sidebar
        .selected
        .filter(|_| sel_pos.is_some())
        .map(|s| whole_text(doc, &quotes[s], width, (rows / 2).max(1)))
        .unwrap_or_default();
    let per_page = (rows.saturating_sub(whole.len().saturating_sub(1)) / ITEM_ROWS).max(1);
    let first = (sel_pos.unwrap_or(0) + 1).saturating_sub(per_page);
    Page {
        first,
        per_page,
        whole,
    }
}

/// The sidebar's inside, for a sidebar drawn in `area`.
fn inner_of(area: Rect) -> Rect {
    Block::default()
        .borders(Borders::LEFT)
        .title(" ")
        .inner(area)
}

/// The quotation whose entry is at row `y` of a sidebar drawn in `area`.
pub(super) fn quote_at(m: &Model, area: Rect, y: u16) -> Option<usize> {
    let (quotes, (_, doc)) = (m.open_quotes()?, m.open_doc()?);
    let inner = inner_of(area);
    let Page {
        first,
        per_page,
        whole,
    } = page(m, doc, quotes, inner);
    let visible = m.visible_quotes();
    let mut top = usize::from(inner.y) + HEADER_ROWS;
    let y = usize::from(y);
    for i in (first..visible.len().min(first + per_page)).filter_map(|k| visible.get(k)) {
        let rows = if m.sidebar.selected == Some(i) && !whole.is_empty() {
            whole.len() + 1
        } else {
            ITEM_ROWS - 1
        };
        if (top..top + rows).contains(&y) {
            return Some(i);
        }
        top += rows + 1;
    }
    None
}

/// The first `max_bytes` of a quotation (to a character's edge), cleaned, and whether it goes
/// on: a long quotation is not cleaned whole on every frame.
fn start_of(
    doc: &crate::store::Document,
    q: &crate::quotes::Quote,
    max_bytes: usize,
) -> (String, bool) {
    let mut end = q.end().min(q.start() + max_bytes);
    while end < q.end() && end > q.start() && doc.bytes[end] & 0xC0 == 0x80 {
        end -= 1;
    }
    let text = clean_line(&String::from_utf8_lossy(&doc.bytes[q.start()..end]));
    (text, end < q.end())
}

/// A quotation in quote marks, wrapped to `width` in at most `max_lines` lines (the last ending
/// in `…` when it goes on). Only as much is cleaned as could be shown.
fn whole_text(
    doc: &crate::store::Document,
    q: &crate::quotes::Quote,
    width: usize,
    max_lines: usize,
) -> Vec<String> {
    let (text, cut) = start_of(doc, q, max_lines * width * 4 + 64);
    let text = format!("“{text}{}”", if cut { " …" } else { "" });
    let ranges = crate::text::layout::wrap(&text, width);
    let mut out: Vec<String> = ranges
        .iter()
        .take(max_lines)
        .map(|r| text[r.clone()].to_string())
        .collect();
    if ranges.len() > max_lines
        && let Some(last) = out.last_mut()
    {
        *last = format!(
            "{}…",
            crate::text::layout::cut(last, width.saturating_sub(1)).0
        );
    }
    out
}
