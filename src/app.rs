//! The event loop: draw → wait → read events → keymap → update → run effects.
//!
//! The terminal is always restored: on quit, on error, on a hang-up, on panic (hook in `tty`)
//! and on SIGTERM, SIGHUP and SIGINT (a flag checked every wake-up; see `tty`).

use crate::action::Action;
use crate::keymap;
use crate::model::{Effect, Model};
use crate::persist;
use crate::quotes::{self, Quote};
use crate::store::Document;
use crate::tty::{self, Waiter, Wake};
use crate::ui;
use crate::update::{self, update};
use crossterm::event::{self, Event, KeyEventKind, MouseEventKind};
use ratatui::DefaultTerminal;
use std::io;
use std::io::Write as _;
use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

/// How often the loop wakes without input, to notice signals.
const TICK: Duration = Duration::from_millis(250);

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Work done off the input path, reported back to the loop.
pub struct Background {
    tx: Sender<(usize, Vec<Quote>)>,
    rx: Receiver<(usize, Vec<Quote>)>,
    waker: Option<UnixStream>,
}

impl Background {
    fn new(waiter: &Waiter) -> Background {
        let (tx, rx) = channel();
        Background {
            tx,
            rx,
            waker: waiter.waker().ok(),
        }
    }

    /// Finds a document's quotations on a worker thread; the loop wakes when they are ready.
    fn extract_quotes(&self, doc: usize, d: Arc<Document>) {
        let tx = self.tx.clone();
        let mut waker = self.waker.as_ref().and_then(|w| w.try_clone().ok());
        std::thread::spawn(move || {
            let found = quotes::extract(&d);
            if tx.send((doc, found)).is_ok()
                && let Some(w) = waker.as_mut()
            {
                let _ = w.write_all(&[1]);
            }
        });
    }

    /// Hands finished work to the model; true when something arrived.
    fn collect(&self, m: &mut Model) -> bool {
        let mut any = false;
        while let Ok((doc, found)) = self.rx.try_recv() {
            update::quotes_ready(m, doc, found);
            any = true;
        }
        any
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
            Effect::ExtractQuotes(doc) => {
                // Without a loop to report back to (quitting) there is nothing to do.
                if let (Some(bg), Some(d)) = (bg, m.docs.get(doc)) {
                    bg.extract_quotes(doc, d.clone());
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
            Effect::Quit => go_on = false,
        }
    }
    go_on
}

/// Maps a terminal event to an action.
fn action_for(ev: Event) -> Option<Action> {
    match ev {
        Event::Key(k) if k.kind != KeyEventKind::Release => keymap::action_for(k),
        Event::Mouse(me) => match me.kind {
            MouseEventKind::ScrollDown => Some(Action::WheelDown),
            MouseEventKind::ScrollUp => Some(Action::WheelUp),
            _ => None,
        },
        Event::Resize(w, h) => Some(Action::Resize(w, h)),
        _ => None,
    }
}

/// Runs the interactive reader until the user quits or a signal arrives. Returns the exit code
/// (128 + the signal's number after a signal).
pub fn run(mut m: Model, data_dir: Option<PathBuf>) -> io::Result<i32> {
    let waiter = Waiter::new()?;
    let bg = Background::new(&waiter);
    let startup = std::mem::take(&mut m.startup);
    run_effects(&mut m, data_dir.as_ref(), Some(&bg), startup);
    let mut term = tty::init()?;
    let result = event_loop(&mut term, &mut m, data_dir.as_ref(), &waiter, &bg);
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

fn event_loop(
    term: &mut DefaultTerminal,
    m: &mut Model,
    dir: Option<&PathBuf>,
    waiter: &Waiter,
    bg: &Background,
) -> io::Result<()> {
    let size = term.size()?;
    update(m, Action::Resize(size.width, size.height));
    let mut dirty = true;
    loop {
        if waiter.quit_signal() != 0 {
            return Ok(());
        }
        if dirty {
            term.draw(|f| {
                if (f.area().width, f.area().height) != m.viewport {
                    update(m, Action::Resize(f.area().width, f.area().height));
                }
                ui::view(m, f)
            })?;
            dirty = false;
        }
        match waiter.wait(TICK) {
            Wake::HungUp => {
                waiter
                    .signal
                    .store(signal_hook::consts::SIGHUP as usize, Ordering::SeqCst);
                return Ok(());
            }
            Wake::Tick => continue,
            Wake::Ready => {}
        }
        if bg.collect(m) {
            dirty = true;
        }
        // Only events that are already there: crossterm never blocks here.
        while event::poll(Duration::ZERO)? {
            let Some(action) = action_for(event::read()?) else {
                continue;
            };
            let fx = update(m, action);
            dirty = true;
            if !run_effects(m, dir, Some(bg), fx) {
                return Ok(());
            }
        }
    }
}
