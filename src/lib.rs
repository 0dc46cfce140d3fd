//! sidenote: a terminal reader for prose documents.
//!
//! Module map (a pure core, with I/O at the edge in `app`, `persist` and `main`):
//! - `action`   — the `Action` vocabulary shared by `update` and key bindings
//! - `config`   — the configuration file's settings over the embedded defaults (pure)
//! - `keymap`   — key bindings (the defaults and the configuration's), for input and the help
//! - `model`    — all program state, one file per feature (`library`, `reader`, `search_bar`,
//!   `sidebar`, `marks`); `model::reader` is the reading position as a text offset, rows,
//!   scrolling and screen geometry
//! - `effect`   — the `Effect`s `update` asks the edge to carry out
//! - `bookmarks` — bookmarks and their text anchors (pure); `place` — a saved reading position
//! - `update`   — the pure state transition: `init` and `update(&mut Model, Action) -> Vec<Effect>`,
//!   one file per feature as in `model` and `ui`
//! - `panes`    — where the reader and the quote sidebar go
//! - `search`   — compiling queries (smart case, whole word, regex) and finding matches
//! - `store`    — loading files/folders/built-in samples into `Document`s (HTML and EPUB converted
//!   to text); metadata, fingerprints, a document's outline
//! - `text`     — sanitising untrusted text; wrapping by display width; rendering Markdown a
//!   paragraph at a time
//! - `ui`       — `view(&Model, &mut Frame)`: library, reader, sidebar, overlays (help, bookmarks,
//!   outline, links), themes
//! - `persist`  — the only reader/writer of state files (atomic, locked, merged)
//! - `dirs`     — where state files and cache files go
//! - `quotes`   — direct quotations: finding them and attributing speakers (pure, linear)
//! - `quote_cache` — the quotations of large documents kept in the cache directory
//! - `plain`    — text output when stdout is not a terminal
//! - `export`   — quotation export (JSON lines, Markdown, CSV) for `sidenote quotes`
//! - `app`      — the event loop (`app`), running effects (`app::effects`), work on threads
//!   (`app::background`)
//! - `tty`      — terminal set-up and restore; waiting for input, hang-up and signals
//! - `faults`   — SIGBUS from a file that shrank while mapped, and restoring the terminal on a crash

pub mod action;
pub mod app;
pub mod bookmarks;
pub mod config;
pub mod dirs;
pub mod effect;
pub mod export;
pub mod faults;
pub mod keymap;
pub mod model;
pub(crate) mod panes;
pub mod persist;
pub mod place;
pub mod plain;
pub mod quote_cache;
pub mod quotes;
pub mod search;
pub mod store;
pub mod text;
pub(crate) mod tty;
pub mod ui;
pub mod update;
