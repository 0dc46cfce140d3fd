//! Text that is safe to show: sanitising untrusted bytes into display text with a map back to the
//! source, and wrapping that text into screen lines by display width.

pub mod layout;
pub mod markdown;
pub mod sanitize;
