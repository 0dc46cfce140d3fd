//! Work done off the input path: finding quotations, counting and finding matches, checking
//! a library's files. Each job runs on a thread of its own and reports back through a channel
//! that wakes the event loop; `collect` hands the results to `update`.

use super::effects::Workers;
use super::gate::{Gate, NOT_READING, Searching};
use crate::effect::{CountMatches, Effect, FindMatch};
use crate::model::{Model, Notice};
use crate::persist;
use crate::quote_cache;
use crate::quotes::{self, Quote};
use crate::store::Document;
use crate::tty::Waiter;
use crate::update;
use std::cell::RefCell;
use std::io::Write as _;
use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};

/// Results of work done off the input path.
enum Done {
    /// Every quotation of a document has been delivered; with the cache slot to save them in
    /// when they were found anew in a document large enough to keep them for.
    AllQuotes(usize, Option<quote_cache::Slot>),
    /// How far a document's quotation search has got, in bytes, and what it found since.
    QuotesProgress(usize, usize, Vec<Quote>),
    /// The quotations found around a range of a document (`update::ask_preview`).
    QuotePreview(usize, std::ops::Range<usize>, Vec<Quote>),
    Count {
        generation: u64,
        total: usize,
        before: usize,
    },
    Found {
        generation: u64,
        /// The match, and whether the search went round the end to find it.
        found: Option<(std::ops::Range<usize>, bool)>,
        step: bool,
    },
    LibraryHits {
        generation: u64,
        hits: Vec<usize>,
    },
    /// A document's headings (`Effect::FindOutline`).
    Outline(usize, Vec<crate::store::outline::Heading>),
    /// A library file changed since it was indexed: its new reading.
    Reloaded(usize, Box<Document>),
    /// Something that could not be done, for the status line.
    Warning(String),
}

/// A worker's way back to the loop: sends a result and wakes the loop to read it.
struct Report {
    tx: Sender<Done>,
    waker: Option<UnixStream>,
}

impl Report {
    fn send(&mut self, done: Done) {
        if self.tx.send(done).is_ok()
            && let Some(w) = self.waker.as_mut()
        {
            let _ = w.write_all(&[1]);
        }
    }
}

/// Work done off the input path, reported back to the loop.
pub(super) struct Background {
    tx: Sender<Done>,
    rx: Receiver<Done>,
    waker: Option<UnixStream>,
    /// Cancels the running search or match count when a new one starts.
    search_cancel: RefCell<Option<Arc<AtomicBool>>>,
    /// What the quotation workers wait on.
    gate: Arc<Gate>,
}

impl Background {
    pub(super) fn new(waiter: &Waiter) -> Background {
        let (tx, rx) = channel();
        Background {
            tx,
            rx,
            waker: waiter.waker().ok(),
            search_cancel: RefCell::new(None),
            gate: Arc::new(Gate::new()),
        }
    }

    /// Tells the quotation workers which document is being read.
    pub(super) fn reading(&self, m: &Model) {
        let doc = match (&m.screen, &m.reader) {
            (crate::model::Screen::Reader, Some(r)) => r.doc,
            _ => NOT_READING,
        };
        self.gate.change(|s| s.reading = doc);
    }

    fn report(&self) -> Report {
        Report {
            tx: self.tx.clone(),
            waker: self.waker.as_ref().and_then(|w| w.try_clone().ok()),
        }
    }

    /// Runs `work` on a worker thread; the loop wakes when it is done.
    fn spawn(&self, work: impl FnOnce() -> Option<Done> + Send + 'static) {
        let mut report = self.report();
        std::thread::spawn(move || {
            if let Some(done) = work() {
                report.send(done);
            }
        });
    }

    /// Keeps a document's quotations in the cache, on a worker thread. A cache that cannot be
    /// written only means finding them again next time: nothing to report.
    fn save_quotes(&self, slot: quote_cache::Slot, found: Arc<Vec<Quote>>) {
        self.spawn(move || {
            lower_priority();
            _ = slot.save(&found);
            None
        });
    }

    /// Runs a search job on a worker thread: the running one (if any) is cancelled, and the
    /// quotation workers stand aside while it runs.
    fn spawn_search(&self, work: impl FnOnce(&AtomicBool) -> Option<Done> + Send + 'static) {
        let cancel = self.new_search();
        let searching = Searching::new(&self.gate);
        self.spawn(move || {
            let _searching = searching;
            work(&cancel)
        });
    }

    /// A cancel flag for a new search job; the running one (if any) is cancelled.
    fn new_search(&self) -> Arc<AtomicBool> {
        let cancel = Arc::new(AtomicBool::new(false));
        if let Some(old) = self.search_cancel.replace(Some(cancel.clone())) {
            old.store(true, Ordering::Relaxed);
        }
        cancel
    }

    /// Hands finished work to the model; returns whether something arrived and the effects
    /// it asks for.
    pub(super) fn collect(&self, m: &mut Model) -> (bool, Vec<Effect>) {
        let (mut any, mut fx) = (false, Vec::new());
        while let Ok(done) = self.rx.try_recv() {
            match done {
                Done::AllQuotes(doc, slot) => {
                    update::quotes_ready(m, doc);
                    if let Some(slot) = slot
                        && let Some(Some(crate::model::Quotes::Ready(found))) = m.quotes.get(doc)
                    {
                        self.save_quotes(slot, found.clone());
                    }
                }
                Done::QuotesProgress(doc, done, more) => {
                    update::quotes_progress(m, doc, done, more)
                }
                Done::QuotePreview(doc, range, found) => {
                    update::preview_ready(m, doc, range, found)
                }
                Done::Count {
                    generation,
                    total,
                    before,
                } => update::count_ready(m, generation, total, before),
                Done::Found {
                    generation,
                    found,
                    step,
                } => fx.extend(update::found_ready(m, generation, found, step)),
                Done::LibraryHits { generation, hits } => {
                    update::library_hits_ready(m, generation, hits);
                }
                Done::Outline(doc, headings) => update::outline_ready(m, doc, headings),
                Done::Reloaded(i, d) => update::doc_reloaded(m, i, *d),
                Done::Warning(s) => m.status = Some(Notice::warning(s)),
            }
            any = true;
        }
        (any, fx)
    }
}

impl Workers for Background {
    /// Finds a document's quotations on a worker thread, at low priority so that it never
    /// slows the screen or a search (one core's worth of CPU is all this machine may have);
    /// or takes them from the cache, where a large document's are kept once found.
    fn extract_quotes(&self, doc: usize, d: Arc<Document>) {
        let mut progress = self.report();
        let gate = self.gate.clone();
        self.spawn(move || {
            lower_priority();
            let wait = || gate.wait(doc);
            let slot = crate::dirs::cache()
                .and_then(|dir| quote_cache::Slot::of(&d, &dir.join("quotes"), &wait));
            if let Some(found) = slot.as_ref().and_then(quote_cache::Slot::load) {
                progress.send(Done::QuotesProgress(doc, d.len(), found));
                return Some(Done::AllQuotes(doc, None));
            }
            quotes::extract_politely(&d, &wait, |done, more| {
                progress.send(Done::QuotesProgress(doc, done, more));
                true
            });
            Some(Done::AllQuotes(doc, slot))
        });
    }

    /// Finds the quotations around offset `at` on a worker thread: a fraction of a second's
    /// work, at normal priority, since it is for the text on screen.
    fn preview_quotes(&self, doc: usize, at: usize, d: Arc<Document>) {
        self.spawn(move || {
            let (range, found) = quotes::preview(&d, at);
            Some(Done::QuotePreview(doc, range, found))
        });
    }

    /// Finds a document's headings on a worker thread: a read through all of it, at normal
    /// priority, since the reader asked to see them.
    fn outline(&self, doc: usize, d: Arc<Document>) {
        self.spawn(move || Some(Done::Outline(doc, crate::store::outline::outline(&d))));
    }

    /// Counts matches on a worker thread, cancelling the previous count.
    fn count(&self, d: Arc<Document>, c: CountMatches) {
        let CountMatches {
            generation,
            query,
            current,
            ..
        } = c;
        self.spawn_search(move |cancel| {
            let (total, before) = query.count(&d.bytes, d.body_start, current, cancel)?;
            Some(Done::Count {
                generation,
                total,
                before,
            })
        });
    }

    /// Finds a match on a worker thread (see `FindMatch`).
    fn find(&self, d: Arc<Document>, fx: FindMatch) {
        let FindMatch {
            generation,
            query,
            from,
            forward,
            step,
            ..
        } = fx;
        self.spawn_search(move |cancel| {
            let found = query.find_round(&d.bytes[..], d.body_start, from, forward, cancel)?;
            Some(Done::Found {
                generation,
                found,
                step,
            })
        });
    }

    /// Counts a query's matches in every document of a library, on a worker thread (reading
    /// files not read yet), cancelling the previous search.
    fn count_library(
        &self,
        docs: Vec<Arc<Document>>,
        generation: u64,
        query: crate::search::Query,
    ) {
        self.spawn_search(move |cancel| {
            let mut hits = Vec::with_capacity(docs.len());
            for d in &docs {
                // A title shown in the library counts: the list is filtered by what it shows too.
                hits.push(query.count(&d.bytes, 0, 0, cancel)?.0);
            }
            Some(Done::LibraryHits { generation, hits })
        });
    }

    /// Looks at the files a library was listed with from its index, on a worker thread:
    /// changed ones are read again and sent back; the index is saved.
    fn refresh_library(
        &self,
        mut r: crate::store::library::Refresh,
        dir: Option<PathBuf>,
        docs: Vec<Arc<Document>>,
    ) {
        let mut reloaded = self.report();
        self.spawn(move || {
            r.describe(|i| docs.get(i).map(|d| d.meta()));
            let (index, changed) = r.run(
                |i| docs.get(i).map(|d| d.meta()),
                |i, d| reloaded.send(Done::Reloaded(i, Box::new(d))),
            );
            match dir.map(|d| changed.then(|| persist::save_library(&d, &index))) {
                Some(Some(Err(e))) => Some(Done::Warning(format!("library index not saved: {e}"))),
                _ => None,
            }
        });
    }
}
/// Makes the calling thread yield the CPU to the others (nice 19; Linux nice values are per
/// thread). Elsewhere it would lower the whole process, screen included, so it does nothing.
#[allow(unsafe_code)] // `setpriority` on the calling thread: the system's.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: plain system calls about the calling thread; no memory is passed.
    unsafe {
        let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
        libc::setpriority(libc::PRIO_PROCESS, tid, 19);
    }
}
