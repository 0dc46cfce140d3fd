//! How far a document's quotation list has been read, for what is worked out from it as it
//! grows (speaker counts, the sidebar's filtered list): a list only grows, by quotations being
//! appended, so what was worked out from its first part still holds.

use crate::quotes::Quote;
use std::sync::Arc;

#[derive(Debug, Default)]
pub(super) struct ReadUpTo {
    /// The (document, list) read.
    list: (usize, usize),
    /// How many of its quotations are read, and the span of the last of them: a different list
    /// that happens to have been given the same address is told apart by it.
    pub(super) count: usize,
    last: Option<(usize, usize)>,
}

fn span(q: &Quote) -> (usize, usize) {
    (q.start(), q.end())
}

impl ReadUpTo {
    /// Nothing read yet of `qs`, the list of document `doc`.
    pub(super) fn start(doc: usize, qs: &Arc<Vec<Quote>>) -> ReadUpTo {
        ReadUpTo {
            list: (doc, Arc::as_ptr(qs) as usize),
            ..Default::default()
        }
    }

    /// Whether `qs` (the list of document `doc`) is the list read so far, grown or not.
    pub(super) fn continues(&self, doc: usize, qs: &Arc<Vec<Quote>>) -> bool {
        (doc, Arc::as_ptr(qs) as usize) == self.list
            && qs.len() >= self.count
            && self.count.checked_sub(1).map(|i| span(&qs[i])) == self.last
    }

    /// All of `qs` read.
    pub(super) fn read_all(&mut self, qs: &[Quote]) {
        self.read_to(qs, qs.len());
    }

    /// The first `n` of `qs` read.
    pub(super) fn read_to(&mut self, qs: &[Quote], n: usize) {
        self.count = n;
        self.last = n.checked_sub(1).map(|i| span(&qs[i]));
    }
}
