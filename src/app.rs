//! The event loop: draw → wait → read events → keymap → update → run effects.
//!
//! The terminal is always restored: on quit, on error, on a hang-up, on panic (hook in `tty`)
//! and on SIGTERM, SIGHUP and SIGINT (a flag checked every wake-up; see `tty`).

mod gate;
mod watch;

use crate::action::Action;
use crate::bookmarks::BookmarkChange;
use crate::effect::{CountMatches, Effect, FindMatch, LoadOutside};
use crate::keymap;
use crate::model::Model;
use crate::persist;
use crate::quote_cache;
use crate::quotes::{self, Quote};
use crate::store::Document;
use crate::tty::{self, Waiter, Wake};
use crate::ui;
use crate::update::{self, update};
use crossterm::event::{self, Event, KeyEventKind, MouseEventKind};
use gate::{Gate, NOT_READING, Searching};
use ratatui::DefaultTerminal;
use std::cell::RefCell;
use std::io;
use std::io::Write as _;
use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

/// How often the loop wakes without input, to notice signals.
const TICK: Duration = Duration::from_millis(250);

/// A counter that makes bookmark ids unique within this process.
fn next_id() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

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
    /// A library file changed since it was indexed: its new reading.
    Reloaded(usize, Box<Document>),
    /// A message for the status line.
    Status(String),
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
pub struct Background {
    tx: Sender<Done>,
    rx: Receiver<Done>,
    waker: Option<UnixStream>,
    /// Cancels the running search or match count when a new one starts.
    search_cancel: RefCell<Option<Arc<AtomicBool>>>,
    /// What the quotation workers wait on.
    gate: Arc<Gate>,
}

impl Background {
    fn new(waiter: &Waiter) -> Background {
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
    fn reading(&self, m: &Model) {
        let doc = match (&m.screen, &m.reader) {
            (crate::model::Screen::Reader, Some(r)) => r.doc,
            _ => NOT_READING,
        };
        self.gate.change(|s| s.1 = doc);
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

    /// Keeps a document's quotations in the cache, on a worker thread. A cache that cannot be
    /// written only means finding them again next time: nothing to report.
    fn save_quotes(&self, slot: quote_cache::Slot, found: Arc<Vec<Quote>>) {
        self.spawn(move || {
            lower_priority();
            _ = slot.save(&found);
            None
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

    /// Counts matches on a worker thread, cancelling the previous count.
    fn count(
        &self,
        d: Arc<Document>,
        generation: u64,
        query: crate::search::Query,
        current: usize,
    ) {
        let cancel = self.new_search();
        let searching = Searching::new(&self.gate);
        self.spawn(move || {
            let _searching = searching;
            let (total, before) = query.count(&d.bytes, d.body_start, current, &cancel)?;
            Some(Done::Count {
                generation,
                total,
                before,
            })
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

    /// Finds a match on a worker thread (see `Effect::FindMatch`).
    fn find(&self, d: Arc<Document>, fx: Effect) {
        let Effect::FindMatch(FindMatch {
            generation,
            query,
            from,
            forward,
            step,
            ..
        }) = fx
        else {
            return;
        };
        let cancel = self.new_search();
        let searching = Searching::new(&self.gate);
        self.spawn(move || {
            let _searching = searching;
            let found = query.find_round(&d.bytes[..], d.body_start, from, forward, &cancel)?;
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
        let cancel = self.new_search();
        let searching = Searching::new(&self.gate);
        self.spawn(move || {
            let _searching = searching;
            let mut hits = Vec::with_capacity(docs.len());
            for d in &docs {
                // A title shown in the library counts: the list is filtered by what it shows too.
                hits.push(query.count(&d.bytes, 0, 0, &cancel)?.0);
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
                Some(Some(Err(e))) => Some(Done::Status(format!("library index not saved: {e}"))),
                _ => None,
            }
        });
    }

    /// Hands finished work to the model; returns whether something arrived and the effects
    /// it asks for.
    fn collect(&self, m: &mut Model) -> (bool, Vec<Effect>) {
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
                Done::Reloaded(i, d) => update::doc_reloaded(m, i, *d),
                Done::Status(s) => m.status = Some(s),
            }
            any = true;
        }
        (any, fx)
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

/// Carries out effects; returns false when the program should stop.
fn run_effects(
    m: &mut Model,
    data_dir: Option<&PathBuf>,
    bg: Option<&Background>,
    effects: Vec<Effect>,
) -> bool {
    let mut go_on = true;
    for fx in effects {
        match fx {
            Effect::CountMatches(CountMatches {
                doc,
                generation,
                query,
                current,
            }) => {
                if let (Some(bg), Some(d)) = (bg, m.docs.get(doc)) {
                    bg.count(d.clone(), generation, query, current);
                }
            }
            Effect::FindMatch(FindMatch { doc, .. }) => {
                if let (Some(bg), Some(d)) = (bg, m.docs.get(doc)) {
                    bg.find(d.clone(), fx);
                }
            }
            Effect::Read { doc, then } => {
                if let Some(d) = m.docs.get(doc) {
                    d.bytes.read();
                }
                let fx = update(m, then);
                go_on &= run_effects(m, data_dir, bg, fx);
            }
            Effect::LoadOutside(LoadOutside {
                paths,
                fingerprint,
                bookmark,
            }) => {
                let fx = match load_outside(&paths, &fingerprint) {
                    Ok(d) => update::adopt(m, d, &bookmark),
                    Err(why) => {
                        update::not_found(m, &bookmark, &why);
                        Vec::new()
                    }
                };
                go_on &= run_effects(m, data_dir, bg, fx);
            }
            Effect::CountLibrary { generation, query } => {
                if let Some(bg) = bg {
                    bg.count_library(m.docs.clone(), generation, query);
                }
            }
            Effect::RefreshLibrary(r) => {
                // Quitting before it started: the index is checked next time.
                if let Some(bg) = bg {
                    bg.refresh_library(*r, data_dir.cloned(), m.docs.clone());
                }
            }
            Effect::Bookmark(mut change) => {
                if let BookmarkChange::Add(b) = &mut change
                    && b.id.is_empty()
                {
                    b.created = now();
                    b.id = format!("{}-{}-{}", b.created, std::process::id(), next_id());
                }
                // The model's list is replaced by what is saved (with other windows' changes).
                match data_dir.map(|dir| persist::change_bookmarks(dir, &change)) {
                    Some(Ok(saved)) => {
                        m.bookmarks = saved;
                        update::refresh_located(m);
                    }
                    Some(Err(e)) => m.status = Some(format!("bookmark not saved: {e}")),
                    None => {}
                }
            }
            Effect::SaveSearch(entry) => {
                if let Some(dir) = data_dir
                    && let Err(e) = persist::add_history(dir, &entry, update::HISTORY_MAX)
                {
                    m.status = Some(format!("search history not saved: {e}"));
                }
            }
            Effect::ExtractQuotes(doc) => {
                // Without a loop to report back to (quitting) there is nothing to do.
                if let (Some(bg), Some(d)) = (bg, m.docs.get(doc)) {
                    bg.extract_quotes(doc, d.clone());
                }
            }
            Effect::PreviewQuotes { doc, at } => {
                if let (Some(bg), Some(d)) = (bg, m.docs.get(doc)) {
                    bg.preview_quotes(doc, at, d.clone());
                }
            }
            Effect::SavePosition(mut p) => {
                p.updated = now();
                if let Some(dir) = data_dir
                    && let Err(e) = persist::save(dir, p)
                {
                    m.status = Some(format!("position not saved: {e}"));
                }
            }
            Effect::Suspend => tty::request_suspend(),
            Effect::Quit => go_on = false,
        }
    }
    go_on
}

/// Maps a terminal event to an action; while the search bar is open, keys are text.
fn action_for(ev: Event, editing: bool) -> Option<Action> {
    match ev {
        Event::Key(k) if k.kind == KeyEventKind::Release => None,
        Event::Key(k) if editing => match keymap::action_for(k) {
            Some(a @ (Action::Quit | Action::Suspend)) => Some(a),
            _ => keymap::input_for(k).map(Action::Input),
        },
        Event::Key(k) => keymap::action_for(k),
        Event::Mouse(me) => match me.kind {
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => Some(Action::Wheel {
                down: me.kind == MouseEventKind::ScrollDown,
                x: me.column,
                y: me.row,
            }),
            MouseEventKind::Down(event::MouseButton::Left) => {
                Some(Action::Click(me.column, me.row))
            }
            _ => None,
        },
        Event::Resize(w, h) => Some(Action::Resize(w, h)),
        _ => None,
    }
}

/// Runs the interactive reader until the user quits or a signal arrives, starting with the
/// effects `update::init` asked for. Returns the exit code (128 + the signal's number after a
/// signal).
pub fn run(mut m: Model, startup: Vec<Effect>, data_dir: Option<PathBuf>) -> io::Result<i32> {
    let waiter = Waiter::new()?;
    let bg = Background::new(&waiter);
    let mut term = tty::init()?;
    let result = event_loop(&mut term, &mut m, startup, data_dir.as_ref(), &waiter, &bg);
    // Whatever happened, save the place and give the terminal back.
    if !m.quit {
        let fx = update(&mut m, Action::Quit);
        run_effects(&mut m, data_dir.as_ref(), None, fx);
    }
    tty::restore();
    result?;
    let sig = waiter.quit_signal();
    Ok(if sig == 0 { 0 } else { 128 + sig as i32 })
}

/// Most of a frame's time at 60 frames a second.
const FILTER_TIME: Duration = Duration::from_millis(12);

/// Takes the steps of the sidebar's filter (each a fraction of a millisecond) until it is done,
/// input or a worker's result is waiting, or a frame's time has gone, so a filter over 500,000
/// quotations ends in a few frames and a key typed meanwhile waits for one step at most.
fn filter_between_frames(m: &mut Model, waiter: &Waiter) {
    let start = std::time::Instant::now();
    while update::filter_step(m) && start.elapsed() < FILTER_TIME && !waiter.ready() {}
}

fn event_loop(
    term: &mut DefaultTerminal,
    m: &mut Model,
    mut startup: Vec<Effect>,
    dir: Option<&PathBuf>,
    waiter: &Waiter,
    bg: &Background,
) -> io::Result<()> {
    let size = term.size()?;
    update(m, Action::Resize(size.width, size.height));
    // Start crossterm's event source now, so it registers for SIGWINCH before any resize.
    event::poll(Duration::ZERO)?;
    let mut dirty = true;
    let mut watch = watch::Watch::new();
    loop {
        if waiter.quit_signal() != 0 {
            return Ok(());
        }
        if dirty {
            // The size is asked for before drawing: `view` only draws what `update` laid out.
            let size = term.size()?;
            if (size.width, size.height) != m.viewport {
                update(m, Action::Resize(size.width, size.height));
            }
            term.draw(|f| ui::view(m, f))?;
            dirty = false;
            bg.reading(m);
            // Background work asked for at start (quotations, the library check, a search),
            // and the quotations around the reading position when the search for them is far
            // behind, begin once the frame is out, so they never delay it.
            let mut later = std::mem::take(&mut startup);
            later.extend(update::ask_preview(m));
            if !run_effects(m, dir, Some(bg), later) {
                return Ok(());
            }
        }
        // Steps taken, the last one too, are for the next frame to show, at once.
        if m.filtering().is_some() {
            filter_between_frames(m, waiter);
            dirty = true;
        }
        match waiter.wait(if dirty { Duration::ZERO } else { TICK }) {
            Wake::HungUp => {
                waiter
                    .signal
                    .store(signal_hook::consts::SIGHUP as usize, Ordering::SeqCst);
                return Ok(());
            }
            Wake::Tick => {}
            // A signal (SIGWINCH) may have come before crossterm could see it: redraw anyway;
            // drawing picks up the terminal's size.
            Wake::Ready => dirty = true,
        }
        let (arrived, fx) = bg.collect(m);
        if arrived {
            dirty = true;
        }
        if !run_effects(m, dir, Some(bg), fx) {
            return Ok(());
        }
        let (changed, fx) = watch.check(m);
        if changed {
            dirty = true;
        }
        if !run_effects(m, dir, Some(bg), fx) {
            return Ok(());
        }
        // Only events that are already there: crossterm never blocks here.
        while event::poll(Duration::ZERO)? {
            let Some(action) = action_for(event::read()?, m.typing()) else {
                continue;
            };
            let fx = update(m, action);
            dirty = true;
            if !run_effects(m, dir, Some(bg), fx) {
                return Ok(());
            }
        }
        // Ctrl-z or SIGTSTP: the terminal goes back to the shell until `fg`; after SIGCONT
        // (from our own stop or from anyone's SIGSTOP) it is set up again and drawn whole.
        let suspended = waiter.take_suspend();
        if suspended {
            tty::suspend();
        }
        if waiter.take_continued() || suspended {
            tty::resume()?;
            // The screen was the shell's: blank it and draw every cell again (not with
            // `Terminal::clear`, which asks the terminal where its cursor is, and waits two
            // seconds on a terminal that does not answer).
            crossterm::execute!(
                io::stdout(),
                crossterm::terminal::Clear(crossterm::terminal::ClearType::All)
            )?;
            term.draw(|f| f.render_widget(ratatui::widgets::Clear, f.area()))?;
            dirty = true;
        }
    }
}

/// The first of `paths` that reads as the bookmarked document (`Effect::LoadOutside`); the
/// first error when none does.
fn load_outside(paths: &[PathBuf], fingerprint: &str) -> Result<Document, String> {
    let mut first_error = None;
    for (i, p) in paths.iter().enumerate() {
        match crate::store::load_file(p) {
            // Where it was bookmarked, even edited (the bookmark is found by its text); elsewhere
            // only the same text.
            Ok(d) if i == 0 || d.fingerprint() == fingerprint => return Ok(d),
            Ok(_) => {}
            Err(e) => {
                first_error.get_or_insert(e.to_string());
            }
        }
    }
    Err(first_error.unwrap_or_else(|| "its file now holds other text".into()))
}
