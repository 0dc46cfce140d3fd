//! Where the reader and the quote sidebar go on the screen. Pure, shared by `update` (to know the
//! text column's size) and `view`.

use ratatui::layout::Rect;

/// The text keeps at least this many columns beside the sidebar; below it the sidebar overlays.
const MIN_TEXT: u16 = 60;
/// The sidebar's narrowest: a speaker's name and the start of a quotation.
const MIN_SIDE: u16 = 30;
/// From this width the sidebar shows by default, beside the text.
pub(crate) const WIDE: u16 = MIN_TEXT + MIN_SIDE;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Panes {
    pub reader: Rect,
    pub sidebar: Option<Rect>,
    /// True when the sidebar covers part of the text instead of sitting beside it.
    pub overlay: bool,
}

/// Splits `area` for the reader and, if `sidebar` is shown, the quote sidebar.
pub(crate) fn panes(area: Rect, sidebar: bool) -> Panes {
    if !sidebar || area.width < 20 || area.height < 4 {
        return Panes {
            reader: area,
            sidebar: None,
            overlay: false,
        };
    }
    let side_w = (area.width * 32 / 100).clamp(MIN_SIDE, 48).min(area.width);
    if area.width >= side_w + MIN_TEXT {
        let reader = Rect {
            width: area.width - side_w,
            ..area
        };
        let side = Rect::new(
            area.x + reader.width,
            area.y,
            side_w,
            area.height.saturating_sub(1),
        );
        Panes {
            reader,
            sidebar: Some(side),
            overlay: false,
        }
    } else {
        // Narrow: the text keeps its width and the sidebar is drawn over its right part.
        let w = side_w.min(area.width);
        let side = Rect::new(
            area.x + area.width - w,
            area.y,
            w,
            area.height.saturating_sub(1),
        );
        Panes {
            reader: area,
            sidebar: Some(side),
            overlay: true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beside_the_text_whenever_both_keep_a_comfortable_width() {
        for w in WIDE..=200 {
            let p = panes(Rect::new(0, 0, w, 30), true);
            let side = p.sidebar.unwrap();
            assert!(!p.overlay, "{w}");
            assert!(p.reader.width >= MIN_TEXT && side.width >= MIN_SIDE, "{w}");
        }
        assert!(panes(Rect::new(0, 0, WIDE - 1, 30), true).overlay);
        assert!(!panes(Rect::new(0, 0, 100, 30), true).overlay);
    }

    #[test]
    fn wide_screens_split_narrow_ones_overlay_and_all_fit() {
        let wide = panes(Rect::new(0, 0, 160, 40), true);
        assert!(!wide.overlay && wide.reader.width + wide.sidebar.unwrap().width == 160);
        let narrow = panes(Rect::new(0, 0, 80, 24), true);
        assert!(narrow.overlay && narrow.reader.width == 80);
        for w in 0..200 {
            for h in 0..10 {
                let p = panes(Rect::new(0, 0, w, h), true);
                if let Some(s) = p.sidebar {
                    assert!(s.right() <= w && s.bottom() <= h);
                }
                assert!(p.reader.right() <= w);
            }
        }
    }
}
