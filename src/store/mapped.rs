//! Files mapped into memory, guarded against shrinking while they are mapped.
//!
//! When another program truncates a file we have mapped, every later read of its lost pages
//! raises SIGBUS, which ends the process (and would leave the terminal in raw mode). Each
//! mapping is therefore registered here, in a fixed table that a signal handler can read
//! without locks or allocation. The handler (`crate::faults`) calls `patch` with the faulting
//! address: when it falls in a registered mapping, the lost pages are replaced by zero-filled
//! memory, the read that faulted goes on (it finds NUL bytes), and the mapping is marked
//! damaged. Whoever holds it then asks `Map::intact` and reloads or reports the file; nothing
//! is ever read from a damaged mapping as if it were the file.

// Mapping files and patching their pages are the system: `mmap`, `sysconf`.
#![allow(unsafe_code)]

use std::fs::File;
use std::io;
use std::ops::Deref;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Mappings alive at once at most. A document is mapped only while open or being read, so a
/// library never comes near this; past it, files are read instead of mapped.
const SLOTS: usize = 1024;

/// A slot being filled in: not yet a mapping the handler may patch.
const CLAIMED: usize = usize::MAX;

struct Slot {
    /// First byte of the mapping, 0 when the slot is free, `CLAIMED` while being filled in.
    start: AtomicUsize,
    /// One past its last byte.
    end: AtomicUsize,
    /// Some of its pages were lost and now read as zeros.
    damaged: AtomicBool,
}

static TABLE: [Slot; SLOTS] = [const {
    Slot {
        start: AtomicUsize::new(0),
        end: AtomicUsize::new(0),
        damaged: AtomicBool::new(false),
    }
}; SLOTS];

/// How many times a mapping was found damaged, for a loop that wants to notice cheaply.
static DAMAGE: AtomicUsize = AtomicUsize::new(0);

/// The system's page size, learnt before the first mapping (the handler may not ask for it).
static PAGE: AtomicUsize = AtomicUsize::new(4096);

/// A read-only mapping of a whole file, registered for the fault handler.
pub struct Map {
    map: memmap2::Mmap,
    /// Its slot in `TABLE`; `None` for an empty file (nothing is mapped).
    slot: Option<usize>,
}

impl Map {
    /// Maps `file`. Fails when the mapping cannot be made or guarded (the table is full):
    /// the caller then reads the file instead.
    pub fn new(file: &File) -> io::Result<Map> {
        // SAFETY: a read-only shared mapping. Its pages may change or vanish if another program
        // writes or truncates the file; a vanished page is patched by the fault handler (see the
        // module doc), and the bytes are only ever read as `[u8]`, whatever they hold.
        let map = unsafe { memmap2::Mmap::map(file)? };
        if map.is_empty() {
            return Ok(Map { map, slot: None });
        }
        page_size();
        let start = map.as_ptr() as usize;
        let slot = register(start, start + map.len())
            .ok_or_else(|| io::Error::other("too many files mapped at once"))?;
        Ok(Map {
            map,
            slot: Some(slot),
        })
    }

    /// False once any of its pages was lost (the file shrank while mapped): the bytes past
    /// some point are zeros, not the file.
    pub fn intact(&self) -> bool {
        self.slot
            .is_none_or(|i| !TABLE[i].damaged.load(Ordering::Acquire))
    }
}

impl Deref for Map {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.map
    }
}

impl Drop for Map {
    fn drop(&mut self) {
        // Freed before the pages are unmapped (by the field's own drop, after this).
        if let Some(i) = self.slot {
            TABLE[i].start.store(0, Ordering::Release);
        }
    }
}

fn page_size() -> usize {
    // SAFETY: sysconf has no preconditions.
    let p = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    let p = usize::try_from(p)
        .ok()
        .filter(|p| p.is_power_of_two())
        .unwrap_or(4096);
    PAGE.store(p, Ordering::Relaxed);
    p
}

fn register(start: usize, end: usize) -> Option<usize> {
    for (i, s) in TABLE.iter().enumerate() {
        if s.start
            .compare_exchange(0, CLAIMED, Ordering::AcqRel, Ordering::Relaxed)
            .is_ok()
        {
            s.end.store(end, Ordering::Release);
            s.damaged.store(false, Ordering::Release);
            s.start.store(start, Ordering::Release);
            return Some(i);
        }
    }
    None
}

/// How many times a mapping has been found damaged so far.
pub fn damage_count() -> usize {
    DAMAGE.load(Ordering::Acquire)
}

/// Called from the SIGBUS handler with the faulting address: when it lies in a registered
/// mapping, puts zero-filled pages over the rest of that mapping from the faulting page on,
/// marks it damaged and returns true (the faulting read can then go on). Async-signal-safe:
/// atomics and one `mmap` system call.
pub fn patch(addr: usize) -> bool {
    let page = PAGE.load(Ordering::Relaxed);
    for s in &TABLE {
        let start = s.start.load(Ordering::Acquire);
        if start == 0 || start == CLAIMED || addr < start {
            continue;
        }
        let end = s.end.load(Ordering::Acquire);
        if addr >= end {
            continue;
        }
        let from = addr & !(page - 1);
        let to = end.div_ceil(page) * page;
        // SAFETY: [from, to) lies inside a live mapping of ours (registered, not yet dropped:
        // the faulting thread is reading it), which is replaced by private zero pages of the
        // same protection. No other memory is touched.
        let p = unsafe {
            libc::mmap(
                from as *mut libc::c_void,
                to - from,
                libc::PROT_READ,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_FIXED,
                -1,
                0,
            )
        };
        if p == libc::MAP_FAILED {
            return false;
        }
        s.damaged.store(true, Ordering::Release);
        DAMAGE.fetch_add(1, Ordering::AcqRel);
        return true;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mapping_is_registered_while_it_lives() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, vec![b'x'; 3 * 4096 + 5]).unwrap();
        let map = Map::new(&File::open(&path).unwrap()).unwrap();
        let i = map.slot.unwrap();
        assert_eq!(
            TABLE[i].start.load(Ordering::Acquire),
            map.as_ptr() as usize
        );
        assert!(map.intact());
        drop(map);
        assert_eq!(TABLE[i].start.load(Ordering::Acquire), 0);
        // An address nowhere mapped by us is left to the next handler.
        assert!(!patch(8));
    }

    #[test]
    fn an_empty_file_maps_to_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("e.txt");
        std::fs::write(&path, b"").unwrap();
        let map = Map::new(&File::open(&path).unwrap()).unwrap();
        assert!(map.is_empty() && map.intact() && map.slot.is_none());
    }
}
