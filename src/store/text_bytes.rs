//! A document's bytes: read into memory, or mapped from the file so that a large document costs
//! no copy and no whole-file read before its first screen.

use std::fmt;
use std::ops::Deref;

/// Files from this size on are mapped rather than read.
pub const MAP_MIN: u64 = 1 << 20;

pub enum Text {
    Owned(Vec<u8>),
    Mapped(memmap2::Mmap),
}

impl Deref for Text {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Text::Owned(v) => v,
            Text::Mapped(m) => m,
        }
    }
}

impl From<Vec<u8>> for Text {
    fn from(v: Vec<u8>) -> Text {
        Text::Owned(v)
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = if matches!(self, Text::Mapped(_)) {
            "mapped"
        } else {
            "owned"
        };
        write!(f, "Text({kind}, {} bytes)", self.len())
    }
}

/// Reads `file`, mapping it when it is large.
pub fn read(path: &std::path::Path) -> std::io::Result<Text> {
    let file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    if len >= MAP_MIN {
        // SAFETY: the map is read-only. If another program truncates the file while it is open
        // the process can fault, as with any mapped reader; sidenote never writes documents.
        let map = unsafe { memmap2::Mmap::map(&file)? };
        return Ok(Text::Mapped(map));
    }
    let mut v = Vec::with_capacity(len as usize);
    std::io::Read::read_to_end(&mut &file, &mut v)?;
    Ok(Text::Owned(v))
}
