//! The quote sidebar: whether it shows, what it lists, and each document's quotations as far as
//! they have been found.

use crate::quotes::Quote;
use std::sync::Arc;

/// The quote sidebar's state.
#[derive(Debug, Default)]
pub struct Sidebar {
    /// Shown or hidden by the user; `None` follows the terminal width.
    pub shown: Option<bool>,
    /// The configuration's choice for when a document opens (`None`: by the window's width).
    pub start: Option<bool>,
    /// Keys go to the sidebar rather than the reader.
    pub focus: bool,
    /// Index into the open document's quotations of the selected one.
    pub selected: Option<usize>,
    /// Whose quotations are listed.
    pub filter: SpeakerFilter,
    /// Show only quotations whose words or speaker contain this (smart case).
    pub query: String,
}

/// Which speaker's quotations the sidebar lists.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum SpeakerFilter {
    #[default]
    All,
    /// Only this speaker's.
    Only(String),
    /// Only the quotations no speaker was found for.
    Unattributed,
}

impl SpeakerFilter {
    /// The filter listing a speaker as `Model::speakers` names them (`None`: nobody found).
    pub fn of(speaker: Option<&str>) -> SpeakerFilter {
        match speaker {
            Some(name) => SpeakerFilter::Only(name.to_string()),
            None => SpeakerFilter::Unattributed,
        }
    }

    pub fn is_all(&self) -> bool {
        *self == SpeakerFilter::All
    }

    /// Whether it lists that speaker's quotations only (as `Model::speakers` names them).
    pub fn is(&self, speaker: Option<&str>) -> bool {
        match self {
            SpeakerFilter::All => false,
            SpeakerFilter::Only(name) => speaker == Some(name.as_str()),
            SpeakerFilter::Unattributed => speaker.is_none(),
        }
    }
}

/// A document's quotations: being found, or found.
#[derive(Clone, Debug)]
pub enum Quotes {
    Pending(Pending),
    Ready(Arc<Vec<Quote>>),
}

/// Quotations being found in the background.
#[derive(Clone, Debug, Default)]
pub struct Pending {
    pub percent: u8,
    /// Bytes read so far: the quotations found are final up to here.
    pub done: usize,
    /// Those found so far, in document order; listed and highlighted meanwhile.
    pub found: Arc<Vec<Quote>>,
    /// Quotations around the reading position when it is ahead of the search.
    pub preview: Preview,
}

/// The quotations found around the reading position ahead of the search through the whole
/// document (`quotes::preview`): only highlighted, until the search gets there.
#[derive(Clone, Debug, Default)]
pub enum Preview {
    #[default]
    None,
    /// Asked for at this position, not arrived yet.
    Asked(usize),
    /// The range it covers and the quotations starting in it.
    Found(std::ops::Range<usize>, Arc<Vec<Quote>>),
}

impl Quotes {
    /// The quotations found so far.
    pub fn found(&self) -> &Arc<Vec<Quote>> {
        match self {
            Quotes::Pending(p) => &p.found,
            Quotes::Ready(q) => q,
        }
    }

    /// How far the search has got, while it runs.
    pub fn pending(&self) -> Option<u8> {
        match self {
            Quotes::Pending(p) => Some(p.percent),
            Quotes::Ready(_) => None,
        }
    }

    /// The quotations to highlight in `range`, in order: those found, and past where the
    /// search has got, those of a preview.
    pub fn shown_in(&self, range: std::ops::Range<usize>) -> Vec<Quote> {
        let found = self.found();
        let first = found.partition_point(|q| q.end() <= range.start);
        let mut out: Vec<Quote> = found[first..]
            .iter()
            .take_while(|q| q.start() < range.end)
            .cloned()
            .collect();
        if let Quotes::Pending(Pending {
            done,
            preview: Preview::Found(_, ahead),
            ..
        }) = self
        {
            let from = (*done).max(out.last().map_or(0, |q| q.end()));
            out.extend(
                ahead
                    .iter()
                    .filter(|q| q.start() >= from && q.start() < range.end && q.end() > range.start)
                    .cloned(),
            );
        }
        out
    }
}
