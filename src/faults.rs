//! Faults the process must survive, or at least end from with the terminal given back.
//!
//! - SIGBUS from a mapped file that shrank: the lost pages are patched with zeros
//!   (`store::mapped::patch`) and reading goes on; the reader notices and reloads the file,
//!   `sidenote quotes` and `--plain` stop with an error.
//! - Any other SIGBUS or SIGSEGV: the terminal is restored (`tty::emergency_restore`) and the
//!   fault goes to the handler that was there before (Rust's stack-overflow report, or the
//!   default, which ends the process).
//! - SIGXFSZ (a write past the file-size limit) is ignored, so the write fails with an error
//!   that is reported like a full disk instead of killing the process mid-save.

// Signal handlers and the pages they patch are the system: `sigaction`, `mmap`.
#![allow(unsafe_code)]

use std::sync::OnceLock;

static OLD_BUS: OnceLock<libc::sigaction> = OnceLock::new();
static OLD_SEGV: OnceLock<libc::sigaction> = OnceLock::new();

/// Installs the handlers; call once at start, before any file is mapped.
pub fn install() {
    for (sig, old) in [(libc::SIGBUS, &OLD_BUS), (libc::SIGSEGV, &OLD_SEGV)] {
        // SAFETY: sigaction with a zeroed struct filled in with our handler; the previous action
        // is kept to hand faults on to.
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = on_fault as *const () as usize;
            action.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK | libc::SA_NODEFER;
            libc::sigemptyset(&mut action.sa_mask);
            let mut previous: libc::sigaction = std::mem::zeroed();
            if libc::sigaction(sig, &action, &mut previous) == 0 {
                let _ = old.set(previous);
            }
        }
    }
    // SAFETY: setting a signal to be ignored has no preconditions.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
}

extern "C" fn on_fault(sig: libc::c_int, info: *mut libc::siginfo_t, _ctx: *mut libc::c_void) {
    // SAFETY: the kernel passes a valid siginfo to an SA_SIGINFO handler.
    let (addr, code) = unsafe { ((*info).si_addr() as usize, (*info).si_code) };
    // A real fault (code > 0), not a signal someone sent, in a file we mapped.
    if sig == libc::SIGBUS && code > 0 && crate::store::mapped::patch(addr) {
        return;
    }
    crate::tty::emergency_restore();
    let old = if sig == libc::SIGBUS {
        OLD_BUS.get()
    } else {
        OLD_SEGV.get()
    };
    // SAFETY: putting back the action that was there before ours (or the default), then
    // returning: a fault happens again at once and goes to it; a sent signal is sent again.
    unsafe {
        match old {
            Some(a) => libc::sigaction(sig, a, std::ptr::null_mut()),
            None => {
                libc::signal(sig, libc::SIG_DFL);
                0
            }
        };
        if code <= 0 {
            libc::raise(sig);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::mapped::{Map, damage_count};

    #[test]
    fn a_mapped_file_that_shrinks_reads_as_zeros_and_says_so() {
        install();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.txt");
        let page = 4096;
        std::fs::write(&path, vec![b'a'; 64 * page]).unwrap();
        let map = Map::new(&std::fs::File::open(&path).unwrap()).unwrap();
        assert_eq!(map[40 * page], b'a');
        let before = damage_count();
        std::fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .unwrap()
            .set_len(10 * page as u64 + 7)
            .unwrap();
        // Still there: the pages the file keeps.
        assert_eq!(map[10 * page + 6], b'a');
        assert!(map.intact());
        // Gone: read as zeros instead of killing the process.
        assert_eq!(map[40 * page], 0);
        assert_eq!(map[64 * page - 1], 0);
        assert!(!map.intact());
        assert!(damage_count() > before);
        // The pages before the lost ones are the file's.
        assert!(map[..10 * page].iter().all(|&b| b == b'a'));
    }
}
