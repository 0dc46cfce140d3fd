//! Where reading stopped in a document: the record kept for resuming it and for the library's
//! progress column. Pure data; `persist` saves it.

use serde::{Deserialize, Serialize};

/// Where reading stopped in one document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Position {
    /// Content fingerprint of the document (`store::fingerprint`).
    pub fingerprint: String,
    /// Where the document was last read from (a file path, or the built-in sample's name).
    pub path: String,
    /// Source byte offset of the top line.
    pub offset: usize,
    /// The top row is the blank gap after the paragraph at `offset`, not its first line.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub gap: bool,
    /// Text at `offset`, to find the place again if the file was edited.
    pub anchor: String,
    /// Fraction read, 0.0–1.0, for the library list.
    pub progress: f32,
    /// Seconds since the Unix epoch when saved (set by the app, not by `update`).
    pub updated: u64,
}
