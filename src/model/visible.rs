//! The quote sidebar's visible quotations: those of the open document that pass the speaker
//! filter and the typed filter, kept between frames. A large document has 100,000s of
//! quotations: the list is never made again from all of them for a frame or a key, only
//! narrowed or extended from the one kept.

use super::growing::ReadUpTo;
use crate::model::{SpeakerFilter, smart_contains};
use crate::quotes::{Quote, Speaker};
use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

/// The quotations the sidebar lists, as indices into the open document's, in order: all of
/// them when nothing filters them (a book's 100,000s are then never listed one by one), or
/// those the filters pass.
#[derive(Clone, Debug)]
pub enum Visible {
    All(usize),
    Only(Arc<Vec<usize>>),
}

impl Visible {
    pub fn len(&self) -> usize {
        match self {
            Visible::All(n) => *n,
            Visible::Only(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The `k`th listed quotation.
    pub fn get(&self, k: usize) -> Option<usize> {
        match self {
            Visible::All(n) => (k < *n).then_some(k),
            Visible::Only(v) => v.get(k).copied(),
        }
    }

    pub fn first(&self) -> Option<usize> {
        self.get(0)
    }

    pub fn last(&self) -> Option<usize> {
        self.len().checked_sub(1).and_then(|k| self.get(k))
    }

    /// Where quotation `i` is in the list, if listed.
    pub fn position(&self, i: usize) -> Option<usize> {
        match self {
            Visible::All(n) => (i < *n).then_some(i),
            Visible::Only(v) => v.binary_search(&i).ok(),
        }
    }

    /// How many listed quotations come before the first one `before` is false of (it must be
    /// true of a first part of the list and false of the rest, as for `slice::partition_point`).
    pub fn partition_point(&self, before: impl Fn(usize) -> bool) -> usize {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.get(mid).is_some_and(&before) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = usize> + '_ {
        (0..self.len()).filter_map(|k| self.get(k))
    }
}

/// The filters a list was made with.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Filters {
    pub(super) speaker: SpeakerFilter,
    /// Only those whose words or speaker contain this (smart case).
    pub(super) query: String,
}

/// Quotations looked at per step of filtering: a step takes a fraction of a millisecond, so a
/// key typed into the filter of a book with 500,000 quotations shows at once, with the first
/// matches, and the rest are filtered in steps between frames (`Model::filter_more`).
pub(super) const STEP: usize = 4096;

#[derive(Debug, Default)]
pub(super) struct VisibleQuotes {
    /// The document's list, and how much of it has been taken in: the quotations from
    /// `seen.count` on are still to be looked at, after those in `queue`.
    seen: ReadUpTo,
    filters: Filters,
    /// Those that passed, in order.
    visible: Arc<Vec<usize>>,
    /// Lists that passed earlier filters, still to be looked through, from a position, first
    /// to last: a filter that grew looks only among what passed before. It holds more than one
    /// list only when the filter grew again before the last was looked through.
    queue: VecDeque<(Arc<Vec<usize>>, usize)>,
    /// Every quotation before this one has been looked at (for the progress shown).
    decided: usize,
    /// Whether each speaker's name holds the query.
    speakers: HashMap<Speaker, bool, foldhash::fast::FixedState>,
}

/// The filtered list as far as it has got.
pub(super) struct Listed {
    pub(super) visible: Arc<Vec<usize>>,
    /// Quotations of the document's list looked at: all before this one.
    pub(super) decided: usize,
    pub(super) done: bool,
}

impl VisibleQuotes {
    /// The indices of `qs` (the list of document `doc`, whose text is `text`) that pass
    /// `filters`, as far as filtering has got after looking at up to `budget` more quotations.
    /// Only quotations appended since are looked at, and a typed filter that grew looks only
    /// among those that passed before.
    pub(super) fn get(
        &mut self,
        doc: usize,
        qs: &Arc<Vec<Quote>>,
        text: &[u8],
        filters: &Filters,
        budget: usize,
    ) -> Listed {
        let grown = self.seen.continues(doc, qs);
        if !(grown && filters == &self.filters) {
            // Text holding the new query holds the old one (in either case mode), so it can
            // only take quotations away: what passed, and what was still to be looked at, is
            // all there is to look at.
            let narrowed = grown
                && filters.speaker == self.filters.speaker
                && filters.query.contains(self.filters.query.as_str());
            let old = std::mem::take(self);
            *self = VisibleQuotes {
                seen: ReadUpTo::start(doc, qs),
                filters: filters.clone(),
                ..Default::default()
            };
            if narrowed {
                self.seen = old.seen;
                self.queue = old.queue;
                self.queue.push_front((old.visible, 0));
            }
        }
        let mut budget = budget;
        if budget > 0 && !self.done(qs) {
            let mut matcher = Matcher::new(&self.filters, text, &mut self.speakers);
            let visible = Arc::make_mut(&mut self.visible);
            while budget > 0
                && let Some((list, at)) = self.queue.front_mut()
            {
                let take = budget.min(list.len() - *at);
                let part = &list[*at..*at + take];
                visible.extend(part.iter().copied().filter(|&i| matcher.passes(&qs[i])));
                if let Some(&last) = part.last() {
                    self.decided = last + 1;
                }
                *at += take;
                budget -= take;
                if *at == list.len() {
                    self.queue.pop_front();
                }
            }
            if self.queue.is_empty() {
                let from = self.seen.count;
                let to = qs.len().min(from.saturating_add(budget));
                visible.extend((from..to).filter(|&i| matcher.passes(&qs[i])));
                self.seen.read_to(qs, to);
                self.decided = to;
            }
        }
        Listed {
            visible: self.visible.clone(),
            decided: self.decided,
            done: self.done(qs),
        }
    }

    fn done(&self, qs: &[Quote]) -> bool {
        self.queue.is_empty() && self.seen.count == qs.len()
    }
}

/// Whether a quotation passes the filters, asked of every quotation of a book: the typed
/// filter is looked for with a prepared searcher, in the document's bytes, without a lower-case
/// copy of each quotation (or any copy, for text in ASCII).
struct Matcher<'a> {
    filters: &'a Filters,
    text: &'a [u8],
    /// Whether the query has a capital, so case counts (smart case).
    exact: bool,
    /// The query as given when `exact`, in lower case otherwise.
    finder: memchr::memmem::Finder<'static>,
    scratch: Vec<u8>,
    /// `filters.speaker` as the quotations hold it (`Some(None)`: the unattributed ones), so
    /// that no name is looked up per quotation; and whether it is a name no quotation holds.
    only: Option<Option<Speaker>>,
    nobody: bool,
    /// Whether each speaker's name holds the query.
    speakers: &'a mut HashMap<Speaker, bool, foldhash::fast::FixedState>,
}

impl<'a> Matcher<'a> {
    fn new(
        filters: &'a Filters,
        text: &'a [u8],
        speakers: &'a mut HashMap<Speaker, bool, foldhash::fast::FixedState>,
    ) -> Matcher<'a> {
        let q = &filters.query;
        let exact = !crate::search::smart_case_insensitive(q);
        let finder = if exact {
            memchr::memmem::Finder::new(q.as_bytes()).into_owned()
        } else {
            memchr::memmem::Finder::new(q.to_lowercase().as_bytes()).into_owned()
        };
        // A name no quotation holds lists nothing.
        let (only, nobody) = match &filters.speaker {
            SpeakerFilter::All => (None, false),
            SpeakerFilter::Unattributed => (Some(None), false),
            SpeakerFilter::Only(name) => match Speaker::find(name) {
                Some(s) => (Some(Some(s)), false),
                None => (Some(None), true),
            },
        };
        Matcher {
            filters,
            text,
            exact,
            finder,
            scratch: Vec::new(),
            only,
            nobody,
            speakers,
        }
    }

    fn passes(&mut self, q: &Quote) -> bool {
        if let Some(only) = self.only
            && (self.nobody || q.speaker() != only)
        {
            return false;
        }
        let query = &self.filters.query;
        query.is_empty()
            || q.speaker().is_some_and(|s| self.speaker_matches(s))
            || self.contains(self.text.get(q.start()..q.end()).unwrap_or_default())
    }

    /// `smart_contains` of a speaker's name, once per name: a book's quotations share a few
    /// hundred names.
    fn speaker_matches(&mut self, s: Speaker) -> bool {
        *self
            .speakers
            .entry(s)
            .or_insert_with(|| smart_contains(s.name(), &self.filters.query))
    }

    /// `smart_contains` of the words, as the sidebar shows them.
    fn contains(&mut self, words: &[u8]) -> bool {
        if self.exact {
            // The query's bytes are whole characters, which bytes that are not UTF-8 never
            // absorb: found in the bytes exactly when found in the words as shown (where such
            // bytes become U+FFFD, looked for the slow way).
            return if self.filters.query.contains('\u{FFFD}') {
                smart_contains(&String::from_utf8_lossy(words), &self.filters.query)
            } else {
                self.finder.find(words).is_some()
            };
        }
        if !words.is_ascii() {
            return smart_contains(&String::from_utf8_lossy(words), &self.filters.query);
        }
        // ASCII lowers to ASCII byte for byte, as `to_lowercase` would.
        let low = &mut self.scratch;
        low.clear();
        low.extend(words.iter().map(u8::to_ascii_lowercase));
        self.finder.find(low).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quote(start: usize, end: usize, speaker: Option<&str>) -> Quote {
        Quote::new(start, end, speaker.and_then(Speaker::new), false, 0.9).unwrap()
    }

    /// What the filters pass, worked out the plain way.
    fn plain(qs: &[Quote], text: &[u8], f: &Filters) -> Vec<usize> {
        (0..qs.len())
            .filter(|&i| {
                let q = &qs[i];
                (f.speaker.is_all() || f.speaker.is(q.speaker_name()))
                    && (f.query.is_empty()
                        || smart_contains(
                            &String::from_utf8_lossy(&text[q.start()..q.end()]),
                            &f.query,
                        )
                        || q.speaker_name()
                            .is_some_and(|s| smart_contains(s, &f.query)))
            })
            .collect()
    }

    proptest::proptest! {
        /// Any text (ASCII, accents, the Kelvin sign that lowers to `k`, invalid bytes), any
        /// typing into the filter and choice of speaker, a list that grows between them, and
        /// filtering that is done or left under way before the next key: the kept list is
        /// always what the plain way gives.
        #[test]
        fn the_kept_list_is_what_filtering_all_of_them_gives(
            words in proptest::collection::vec("(Ann|ann|KELVIN|\u{212A}elvin|É|é|x\u{FF}|\u{FE}é|a\u{FE}|Bo b|bob|  )", 1..30),
            speakers in proptest::collection::vec(proptest::option::of("(Ann|Bob)"), 30),
            steps in proptest::collection::vec(
                (
                    0..31usize,
                    // A letter typed, a backspace (empty), or the speaker chosen (one is
                    // a name that no quotation, here or in another test, has).
                    "(a|A|n|b|k|é|É| |\u{FF}|\u{FFFD})?|(a|n)",
                    proptest::option::weighted(0.2, proptest::option::of(proptest::option::of("(Ann|Bob|Zed Unquoted)"))),
                    0..5usize,
                    proptest::bool::ANY,
                ),
                1..16,
            ),
        ) {
            let mut text = Vec::new();
            let mut all = Vec::new();
            for (w, s) in words.iter().zip(&speakers) {
                let start = text.len();
                // In the pattern, "\u{FF}" stands for a byte that is not UTF-8 and "\u{FE}" for
                // the first two bytes of a three-byte character, cut short.
                for b in w.replace('\u{FF}', "\u{1}").replace('\u{FE}', "\u{2}").bytes() {
                    match b {
                        1 => text.push(0xFF),
                        2 => text.extend([0xE2, 0x82]),
                        b => text.push(b),
                    }
                }
                all.push(quote(start, text.len(), s.as_deref()));
                text.push(b' ');
            }
            // Each step is asked for `budget` more quotations: the list so far is what the
            // plain way gives for the quotations looked at, and asking until it is done (at
            // some steps; others type on while it is under way) gives all of it.
            let mut kept = VisibleQuotes::default();
            let mut qs = Arc::new(Vec::new());
            let mut f = Filters::default();
            for (n, key, speaker, budget, finish) in steps {
                // The document's list only grows, in place, as the worker finds more.
                let n = n.min(all.len()).max(qs.len());
                let had = qs.len();
                Arc::make_mut(&mut qs).extend_from_slice(&all[had..n]);
                match (speaker, key.replace('\u{FF}', "")) {
                    (Some(s), _) => {
                        f.speaker = match s {
                            None => SpeakerFilter::All,
                            Some(who) => SpeakerFilter::of(who.as_deref()),
                        }
                    }
                    (None, k) if k.is_empty() => _ = f.query.pop(),
                    (None, k) => f.query.push_str(&k),
                }
                let whole = plain(&qs, &text, &f);
                let got = kept.get(0, &qs, &text, &f, budget);
                let so_far: Vec<usize> = whole.iter().copied().filter(|&i| i < got.decided).collect();
                proptest::prop_assert_eq!(&*got.visible, &so_far, "{:?}", f);
                proptest::prop_assert!(!got.done || got.decided == qs.len());
                if !finish {
                    continue;
                }
                let mut asked = 0;
                let got = loop {
                    let got = kept.get(0, &qs, &text, &f, budget.max(1));
                    asked += 1;
                    if got.done {
                        break got;
                    }
                };
                proptest::prop_assert!(asked <= 1 + qs.len());
                proptest::prop_assert_eq!(&*got.visible, &whole, "{:?}", f);
            }
        }
    }

    proptest::proptest! {
        /// All of `n` answers as the list `0..n` does, and a list answers as a slice does.
        #[test]
        fn a_visible_list_answers_as_its_slice(
            set in proptest::collection::btree_set(0usize..60, 0..30),
            n in 0usize..60,
            t in 0usize..62,
        ) {
            for (v, list) in [
                (set.iter().copied().collect::<Vec<_>>(), None),
                ((0..n).collect(), Some(Visible::All(n))),
            ] {
                let list = list.unwrap_or_else(|| Visible::Only(Arc::new(v.clone())));
                proptest::prop_assert_eq!(list.len(), v.len());
                proptest::prop_assert_eq!(list.iter().collect::<Vec<_>>(), v.clone());
                proptest::prop_assert_eq!(list.partition_point(|i| i < t), v.partition_point(|&i| i < t));
                proptest::prop_assert_eq!(list.position(t), v.iter().position(|&i| i == t));
                proptest::prop_assert_eq!((list.first(), list.last()), (v.first().copied(), v.last().copied()));
            }
        }
    }

    #[test]
    fn typing_more_narrows_less_widens_and_new_quotations_are_added() {
        let text = b"alpha beta alphabet gamma";
        let qs = Arc::new(vec![
            quote(0, 5, None),
            quote(6, 10, None),
            quote(11, 19, None),
            quote(20, 25, None),
        ]);
        let mut kept = VisibleQuotes::default();
        let f = |q: &str| Filters {
            speaker: SpeakerFilter::All,
            query: q.into(),
        };
        let mut all =
            |qs: &Arc<Vec<Quote>>, q: &str| kept.get(0, qs, text, &f(q), usize::MAX).visible;
        assert_eq!(*all(&qs, "al"), [0, 2]);
        assert_eq!(*all(&qs, "alphab"), [2]);
        // Typing less widens it again; a grown list is looked at from where it was.
        assert_eq!(*all(&qs, "a"), [0, 1, 2, 3]);
        let more = Arc::new([&qs[..], &[quote(0, 5, None)]].concat());
        assert_eq!(*all(&more, "alpha"), [0, 2, 4]);
    }
}
