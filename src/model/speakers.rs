//! The quote sidebar's speaker counts.

use super::growing::ReadUpTo;
use crate::quotes::{Quote, Speaker};
use std::sync::Arc;

/// Quotations per speaker, counted as a document's list grows: a large document's list grows
/// a batch at a time to 100,000s, and counting it all again for each batch took a third of the
/// time its quotations were being found.
#[derive(Debug, Default)]
pub(super) struct SpeakerCounts {
    /// The list counted, and how far.
    counted: ReadUpTo,
    /// Per speaker: quotations and the index of the first. Asked for every quotation of a
    /// list, millions when a large document opens with its quotations cached: with the cheap
    /// hash (SipHash was a fifth of the time it took).
    counts: std::collections::HashMap<Option<Speaker>, (usize, usize), foldhash::fast::FixedState>,
    /// `counts`, most first; equal counts keep the order of first appearance.
    pub(super) sorted: Vec<(Option<String>, usize)>,
}

impl SpeakerCounts {
    /// Brings the counts up to `qs`, the list of document `doc`.
    pub(super) fn update(&mut self, doc: usize, qs: &Arc<Vec<Quote>>) {
        let grown = self.counted.continues(doc, qs);
        if grown && qs.len() == self.counted.count {
            return;
        }
        if !grown {
            *self = SpeakerCounts {
                counted: ReadUpTo::start(doc, qs),
                ..Default::default()
            };
        }
        for (i, q) in qs.iter().enumerate().skip(self.counted.count) {
            self.counts.entry(q.speaker()).or_insert((0, i)).0 += 1;
        }
        self.counted.read_all(qs);
        let mut out: Vec<_> = self.counts.iter().collect();
        out.sort_by_key(|(s, (n, first))| (s.is_none(), std::cmp::Reverse(*n), *first));
        self.sorted = out
            .into_iter()
            .map(|(s, (n, _))| (s.map(|s| s.name().to_string()), *n))
            .collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speakers_most_quoted_first_ties_in_order_of_appearance_unattributed_last() {
        let q = |s: Option<&str>| Quote::new(0, 0, s.and_then(Speaker::new), false, 1.0).unwrap();
        let list = [
            q(None),
            q(Some("Bo")),
            q(Some("Al")),
            q(None),
            q(None),
            q(Some("Al")),
            q(Some("Cy")),
            q(Some("Bo")),
            q(Some("Di")),
        ];
        let want = [
            (Some("Bo"), 2),
            (Some("Al"), 2),
            (Some("Cy"), 1),
            (Some("Di"), 1),
            (None, 3),
        ]
        .map(|(s, n)| (s.map(str::to_string), n));
        let mut whole = SpeakerCounts::default();
        whole.update(0, &Arc::new(list.to_vec()));
        assert_eq!(whole.sorted, want);
        // The same list growing a few at a time, as a large document's does.
        let mut grown = SpeakerCounts::default();
        let mut qs = Arc::new(Vec::new());
        for part in list.chunks(2) {
            Arc::make_mut(&mut qs).extend_from_slice(part);
            grown.update(0, &qs);
        }
        assert_eq!(grown.sorted, want);
        // Another document's list is counted afresh.
        grown.update(1, &Arc::new(list[1..3].to_vec()));
        let fresh = [(Some("Bo"), 1), (Some("Al"), 1)].map(|(s, n)| (s.map(str::to_string), n));
        assert_eq!(grown.sorted, fresh);
    }
}
