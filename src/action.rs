//! The vocabulary of everything a user can do: the message type of `update` and the names used
//! in key bindings (snake_case, e.g. `"ctrl-d" = "half_page_down"`).

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Scroll down one line (library: select the next document).
    LineDown,
    /// Scroll up one line (library: select the previous document).
    LineUp,
    /// Scroll down one page.
    PageDown,
    /// Scroll up one page.
    PageUp,
    /// Scroll down half a page.
    HalfPageDown,
    /// Scroll up half a page.
    HalfPageUp,
    /// Go to the top.
    Top,
    /// Go to the bottom.
    Bottom,
    /// Scroll so the next paragraph starts at the top.
    NextParagraph,
    /// Scroll so the previous paragraph (or this one's start) is at the top.
    PrevParagraph,
    /// Mouse wheel down: three lines.
    WheelDown,
    /// Mouse wheel up: three lines.
    WheelUp,
    /// Open the selected document.
    Open,
    /// Back to the library, or quit when there is none.
    Back,
    /// Close any overlay.
    Cancel,
    /// Quit from anywhere.
    Quit,
    /// Suspend to the shell (`fg` comes back), as Ctrl-z does in less.
    Suspend,
    /// Show or hide the list of keys.
    ToggleHelp,
    /// Library: change the sort order (date, title, file order).
    CycleSort,
    /// Show or hide the quote sidebar.
    ToggleSidebar,
    /// Move the focus between the reader and the quote sidebar.
    FocusNext,
    /// Jump to the next quotation and select it.
    NextQuote,
    /// Jump to the previous quotation and select it.
    PrevQuote,
    /// Sidebar: show only the next speaker's quotations.
    NextSpeaker,
    /// Sidebar: show only the previous speaker's quotations.
    PrevSpeaker,
    /// Open the search bar (reader: search the text; sidebar: filter quotations; library:
    /// filter documents).
    Search,
    /// Go to the next match, wrapping at the end.
    NextMatch,
    /// Go to the previous match, wrapping at the start.
    PrevMatch,
    /// Bookmark the current passage, the selection, or the selected quotation.
    Mark,
    /// Start selecting sentences from the current one.
    Select,
    /// Selection: extend to the next sentence.
    NextSentence,
    /// Selection: extend to the previous sentence.
    PrevSentence,
    /// Open the list of bookmarks.
    Bookmarks,
    /// Bookmark list: edit the note.
    EditNote,
    /// Bookmark list: delete (undo with `u` until the list closes).
    Delete,
    /// Bookmark list: undo the last delete.
    Undo,
    /// Show the document's outline (its headings and chapters) to jump to one.
    Outline,
    /// Show where the links on the screen go (rendered Markdown).
    Links,
    /// A key typed into the search bar; not a key binding.
    #[serde(skip)]
    Input(Input),
    /// The terminal changed size (columns, rows); not a key binding.
    #[serde(skip)]
    Resize(u16, u16),
    /// A mouse click at (column, row); not a key binding.
    #[serde(skip)]
    Click(u16, u16),
    /// The mouse wheel, down or not, at (column, row): it scrolls what is under the pointer.
    #[serde(skip)]
    Wheel { down: bool, x: u16, y: u16 },
}

/// Keys that edit the search bar's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Input {
    Char(char),
    Backspace,
    Delete,
    Left,
    Right,
    Home,
    End,
    /// Ctrl-w: delete the word before the cursor.
    DeleteWord,
    /// Ctrl-u: clear the line.
    Clear,
    /// Ctrl-r: toggle regular-expression mode.
    ToggleRegex,
    /// Ctrl-e: toggle whole-word matching.
    ToggleWord,
    /// ↑: an earlier search from the history.
    HistoryBack,
    /// ↓: a later search from the history.
    HistoryForward,
    Enter,
    Esc,
}
