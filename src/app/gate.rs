//! When the quotation workers may run: the one piece of state the event loop shares with them.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};

pub(super) const NOT_READING: usize = usize::MAX;

/// What the workers wait on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct GateState {
    /// Searches running.
    pub(super) searching: usize,
    /// The document in the reader, or `NOT_READING`.
    pub(super) reading: usize,
}

impl GateState {
    /// Whether the quotation worker of `doc` should wait: a search is running, or another
    /// document is being read.
    fn stand_aside(&self, doc: usize) -> bool {
        self.searching > 0 || self.reading != NOT_READING && self.reading != doc
    }
}

/// When the quotation workers may run. A worker waits while a search runs (on a machine with
/// one core's worth of CPU its low priority alone does not keep it out of the way) and while
/// another document is read (so the one on screen gets its quotations first). It sleeps until
/// one of these changes: a worker left behind for the whole session never wakes.
pub(super) struct Gate {
    state: Mutex<GateState>,
    changed: Condvar,
    /// A copy of `state` read without the lock: a worker asks between every two paragraphs
    /// (a file of one-word paragraphs asks millions of times), and nearly always may go on.
    searching: AtomicUsize,
    reading: AtomicUsize,
}

impl Gate {
    pub(super) fn new() -> Gate {
        Gate {
            state: Mutex::new(GateState {
                searching: 0,
                reading: NOT_READING,
            }),
            changed: Condvar::new(),
            searching: AtomicUsize::new(0),
            reading: AtomicUsize::new(NOT_READING),
        }
    }

    fn state(&self) -> MutexGuard<'_, GateState> {
        // The state is two numbers, never left half-changed: a panic elsewhere cannot spoil it.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(super) fn change(&self, f: impl FnOnce(&mut GateState)) {
        let mut s = self.state();
        let before = *s;
        f(&mut s);
        if *s != before {
            self.searching.store(s.searching, Ordering::SeqCst);
            self.reading.store(s.reading, Ordering::SeqCst);
            self.changed.notify_all();
        }
    }

    /// Returns when the worker of `doc` may go on.
    pub(super) fn wait(&self, doc: usize) {
        let now = GateState {
            searching: self.searching.load(Ordering::SeqCst),
            reading: self.reading.load(Ordering::SeqCst),
        };
        if !now.stand_aside(doc) {
            return;
        }
        // Decided again under the lock, which `change` holds while it changes the state.
        let s = self.state();
        let _s = self
            .changed
            .wait_while(s, |s| s.stand_aside(doc))
            .unwrap_or_else(PoisonError::into_inner);
    }
}

/// Counts a running search in the `Gate` for as long as it lives.
pub(super) struct Searching(Arc<Gate>);

impl Searching {
    pub(super) fn new(gate: &Arc<Gate>) -> Searching {
        gate.change(|s| s.searching += 1);
        Searching(gate.clone())
    }
}

impl Drop for Searching {
    fn drop(&mut self) {
        self.0.change(|s| s.searching -= 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::{Receiver, channel};
    use std::time::Duration;

    #[test]
    fn a_quotation_worker_waits_for_searches_and_for_another_document_being_read() {
        let at = |searching, reading| GateState { searching, reading }.stand_aside(3);
        assert!(!at(0, NOT_READING), "in the library");
        assert!(!at(0, 3), "its own document");
        assert!(at(0, 4), "another document");
        assert!(at(1, 3), "a search");
    }

    #[test]
    fn a_search_counts_as_running_until_it_is_dropped() {
        let gate = Arc::new(Gate::new());
        let a = Searching::new(&gate);
        let b = Searching::new(&gate);
        assert_eq!(gate.state().searching, 2);
        drop(a);
        std::thread::spawn(move || drop(b)).join().unwrap();
        assert_eq!(gate.state().searching, 0);
    }

    #[test]
    fn a_waiting_worker_goes_on_when_its_document_is_read_and_no_search_runs() {
        let gate = Arc::new(Gate::new());
        gate.change(|s| s.reading = 4);
        let search = Searching::new(&gate);
        let (tx, rx) = channel();
        let g = gate.clone();
        std::thread::spawn(move || {
            g.wait(3);
            tx.send(()).unwrap();
        });
        let waiting = |rx: &Receiver<()>| rx.recv_timeout(Duration::from_millis(100)).is_err();
        assert!(waiting(&rx), "another document is read and a search runs");
        gate.change(|s| s.reading = 3);
        assert!(waiting(&rx), "a search still runs");
        drop(search);
        // Woken by the change, not by a timer: nothing else would wake it.
        assert!(rx.recv_timeout(Duration::from_secs(10)).is_ok());
    }
}
