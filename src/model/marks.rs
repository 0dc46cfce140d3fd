//! The bookmark list, the one-line prompt (a bookmark's note, the list's filter) and the
//! selection of sentences a bookmark is made from.

use crate::bookmarks::Bookmark;

/// What a one-line prompt is asking for.
#[derive(Clone, Debug, PartialEq)]
pub enum PromptFor {
    /// The note of a bookmark about to be saved.
    NewBookmark(Box<Bookmark>),
    /// A new note for a saved bookmark.
    EditNote(String),
    /// Words to filter the bookmark list by.
    FilterBookmarks,
}

/// A one-line prompt at the bottom of the screen.
#[derive(Clone, Debug, PartialEq)]
pub struct Prompt {
    pub purpose: PromptFor,
    pub text: String,
    pub cursor: usize,
}

/// The bookmark list's state.
#[derive(Debug, Default)]
pub struct MarksList {
    /// Every document's bookmarks, not just the open one's.
    pub all: bool,
    pub selected: usize,
    pub filter: String,
    /// Deleted while the list is open, newest last, for `u`.
    pub deleted: Vec<Bookmark>,
}

/// A selection of whole sentences (source byte ranges).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selection {
    /// The sentence it started at.
    pub anchor: std::ops::Range<usize>,
    /// The sentence it extends to.
    pub end: std::ops::Range<usize>,
}

impl Selection {
    pub fn range(&self) -> std::ops::Range<usize> {
        self.anchor.start.min(self.end.start)..self.anchor.end.max(self.end.end)
    }
}
