//! The library screen's keys: moving through the documents, sorting them, opening one.

use super::{open, search_bar};
use crate::action::Action;
use crate::effect::Effect;
use crate::model::{Model, Notice, Sort};

pub(super) fn library(m: &mut Model, action: Action) -> Vec<Effect> {
    let n = m.library.order.len();
    let page = usize::from(m.viewport.1.saturating_sub(4)).max(1);
    let sel = &mut m.library.selected;
    match action {
        Action::LineDown | Action::WheelDown => *sel = (*sel + 1).min(n.saturating_sub(1)),
        Action::LineUp | Action::WheelUp => *sel = sel.saturating_sub(1),
        Action::PageDown => *sel = (*sel + page).min(n.saturating_sub(1)),
        Action::PageUp => *sel = sel.saturating_sub(page),
        Action::HalfPageDown => *sel = (*sel + page / 2).min(n.saturating_sub(1)),
        Action::HalfPageUp => *sel = sel.saturating_sub(page / 2),
        Action::Top => *sel = 0,
        Action::Bottom => *sel = n.saturating_sub(1),
        Action::Open => {
            if let Some(&doc) = m.library.order.get(m.library.selected) {
                if !m.docs[doc].bytes.is_read() {
                    return vec![Effect::Read {
                        doc,
                        then: Action::Open,
                    }];
                }
                let mut fx = open(m, doc);
                fx.extend(search_bar::open_at_first_hit(m));
                return fx;
            }
        }
        Action::Search => search_bar::open_bar(m),
        Action::Cancel if !m.library.query.is_empty() => {
            // Every document again: the filter is what the bar last held, so both go.
            m.library.query.clear();
            m.search.input.clear();
            m.search.cursor = 0;
            m.search.shown = false;
            return search_bar::filter_library(m);
        }
        Action::CycleSort => {
            m.library.sort = match m.library.sort {
                Sort::Date => Sort::Title,
                Sort::Title => Sort::File,
                Sort::File => Sort::Date,
            };
            sort_library(m);
            m.status = Some(Notice::info(format!(
                "sorted by {}",
                m.library.sort.label()
            )));
        }
        Action::Back => {
            m.quit = true;
            return vec![Effect::Quit];
        }
        _ => {}
    }
    Vec::new()
}

/// Re-sorts the library, keeping the selected document selected.
pub fn sort_library(m: &mut Model) {
    let current = m.library.order.get(m.library.selected).copied();
    let docs = &m.docs;
    let mut order: Vec<usize> = (0..docs.len()).collect();
    match m.library.sort {
        // Stable sorts keep file order among equals. Newest first, undated last; each key is
        // made once, as a number, so the sort compares numbers and reads no document.
        Sort::Date => order.sort_by_cached_key(|&i| match docs[i].date() {
            Some(d) => (false, std::cmp::Reverse(date_key(d))),
            None => (true, std::cmp::Reverse((0, 0))),
        }),
        // Keys made once: `to_lowercase` allocates, and a sort asks at every comparison.
        Sort::Title => order.sort_by_cached_key(|&i| docs[i].title.to_lowercase()),
        Sort::File => {}
    }
    m.library.order = order;
    m.library.selected = current
        .and_then(|c| m.library.order.iter().position(|&i| i == c))
        .unwrap_or(0);
}

/// A date as a number that orders like its text: its first 16 bytes, then its length (the
/// dates sidenote reads are all `YYYY-MM-DD`, so this is exact; a longer string would be
/// compared on those bytes alone).
pub(super) fn date_key(d: &str) -> (u128, usize) {
    let mut b = [0u8; 16];
    let n = d.len().min(16);
    b[..n].copy_from_slice(&d.as_bytes()[..n]);
    (u128::from_be_bytes(b), d.len())
}

#[cfg(test)]
mod tests {
    use super::date_key;

    proptest::proptest! {
        #[test]
        fn date_keys_order_as_the_dates_do(a in "[0-9\\-T:\u{0}a]{0,16}", b in "[0-9\\-T:\u{0}a]{0,16}") {
            proptest::prop_assert_eq!(date_key(&a).cmp(&date_key(&b)), a.cmp(&b));
        }
    }
}
