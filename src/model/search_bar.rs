//! The search bar and the search it runs: the query typed, its matches and the history.

/// What the search bar is searching.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SearchTarget {
    /// The text of the open document.
    #[default]
    Reader,
    /// The quotations in the sidebar, by their words or speaker.
    Quotes,
    /// The library's documents, by title and full text.
    Library,
}

/// How many matches the query has, and which one is current (1-based).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Count {
    #[default]
    Unknown,
    /// Being counted in the background.
    Counting,
    Done {
        total: usize,
        index: usize,
    },
}

/// The search bar and the active search.
#[derive(Debug, Default)]
pub struct SearchState {
    /// The bar is open and takes the keys.
    pub editing: bool,
    pub target: SearchTarget,
    pub input: String,
    /// Cursor position in `input`, in bytes.
    pub cursor: usize,
    pub opts: crate::search::Options,
    /// The compiled query, or why it does not compile.
    pub query: Option<Result<crate::search::Query, String>>,
    /// Matches are highlighted (while typing, and after Enter until Esc).
    pub shown: bool,
    /// The current match, as a source byte range.
    pub current: Option<std::ops::Range<usize>>,
    /// Where reading was when the bar opened, to go back to on Esc.
    pub origin: Option<(usize, bool)>,
    pub count: Count,
    /// Bumped on every change, so a late background count is ignored.
    pub generation: u64,
    /// Earlier searches, oldest first.
    pub history: Vec<String>,
    /// Position while stepping through the history with ↑/↓.
    pub history_pos: Option<usize>,
}
