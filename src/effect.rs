//! What `update` asks the edge to do: the side effects it never carries out itself (saving,
//! reading files, work on other threads, leaving the terminal). `app` carries them out and
//! reports back with actions or the `update` functions each one names.

use crate::action::Action;
use crate::bookmarks::BookmarkChange;
use crate::place::Position;
use crate::search::Query;
use crate::store::library::Refresh;
use std::path::PathBuf;

/// Side effects `update` asks the event loop to carry out.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Save a reading position (the loop stamps the time).
    SavePosition(Position),
    /// Change the saved bookmarks (the loop stamps a new bookmark's id and time), then replace
    /// the model's list with what is saved.
    Bookmark(BookmarkChange),
    /// Find the quotations of a large document off the input path, then call
    /// `update::quotes_ready`.
    ExtractQuotes(usize),
    /// Find the quotations around source offset `at` of document `doc` now, ahead of the
    /// search through all of it (`update::ask_preview`).
    PreviewQuotes {
        doc: usize,
        at: usize,
    },
    /// See `CountMatches`.
    CountMatches(CountMatches),
    /// See `FindMatch`.
    FindMatch(FindMatch),
    /// Look at the files a library was listed with (from its index), re-read the changed
    /// ones (`update::doc_reloaded`) and save the index, off the input path.
    RefreshLibrary(Box<Refresh>),
    /// Count a large library's matches per document off the input path (cancelling any
    /// earlier search), then call `update::library_hits_ready` with the generation.
    CountLibrary {
        generation: u64,
        query: Query,
    },
    /// Read a document listed from the library index (its file), then apply `then` (the
    /// action that needed it, again).
    Read {
        doc: usize,
        then: Action,
    },
    /// Find the headings of a large document off the input path, then call
    /// `update::outline_ready`.
    FindOutline(usize),
    /// See `LoadOutside`.
    LoadOutside(LoadOutside),
    /// Add a query to the saved search history.
    SaveSearch(String),
    /// Give the terminal back and stop until continued (Ctrl-z), then take it again.
    Suspend,
    Quit,
}

/// Count a large document's matches off the input path (cancelling any earlier count), then
/// call `update::count_ready` with the generation.
#[derive(Clone, Debug, PartialEq)]
pub struct CountMatches {
    pub doc: usize,
    pub generation: u64,
    pub query: Query,
    /// The current match's start, whose number among the matches is counted too.
    pub current: usize,
}

/// Find a match of a search in a large document off the input path (cancelling any earlier
/// search or count): forward, the first from `from` to the end, then from the top; backward,
/// the last before `from`, then from the end. Then call `update::found_ready` with the
/// generation and `step` (true for `n`/`N`: the view moves on from where it is, not from where
/// the search began).
#[derive(Clone, Debug, PartialEq)]
pub struct FindMatch {
    pub doc: usize,
    pub generation: u64,
    pub query: Query,
    pub from: usize,
    pub forward: bool,
    pub step: bool,
}

/// Load the document of bookmark `bookmark`, which is not in this library, from the first of
/// `paths` that reads (the first is where it was bookmarked: taken even if edited; the others
/// only with the bookmark's `fingerprint`), then call `update::adopt` with it, or
/// `update::not_found` when none does.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadOutside {
    pub paths: Vec<PathBuf>,
    pub fingerprint: String,
    pub bookmark: String,
}
