//! The reader on the model, with no terminal: key flows, screens, bookmarks, the library and
//! hostile input. One test binary for all of them, so the crate is linked once.

mod common;

mod bookmarks;
mod flows;
mod formats;
mod hostile;
mod layout_props;
mod paragraph_props;
mod quote_flows;
mod reader_trips;
mod search_flows;
mod snapshots;
mod store;
