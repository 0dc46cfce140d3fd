//! The library screen: the documents' order, the selected one and the filter.

/// Library sort orders, cycled with `o`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sort {
    /// Newest first; undated documents last, in file order.
    Date,
    Title,
    /// The order the files were named or found in.
    File,
}

impl Sort {
    pub fn label(self) -> &'static str {
        match self {
            Sort::Date => "date",
            Sort::Title => "title",
            Sort::File => "file",
        }
    }
}

#[derive(Debug)]
pub struct Library {
    /// Document indices in display order.
    pub order: Vec<usize>,
    /// Index into `order` of the selected row.
    pub selected: usize,
    pub sort: Sort,
    /// Show only documents whose title or text matches this.
    pub query: String,
    /// Matches of `query` in each document's text (by document index).
    pub hits: Vec<usize>,
}
