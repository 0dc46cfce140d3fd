//! The event loop: draw → wait → read events → keymap → update → run effects.
//!
//! The terminal is always restored: on quit, on error, on a hang-up, on panic (hook in `tty`)
//! and on SIGTERM, SIGHUP and SIGINT (a flag checked every wake-up; see `tty`).

mod background;
mod effects;
mod gate;
mod watch;

use crate::action::Action;
use crate::effect::Effect;
use crate::keymap;
use crate::model::Model;
use crate::tty::{self, Waiter, Wake};
use crate::ui;
use crate::update::{self, update};
use background::Background;
use crossterm::event::{self, Event, KeyEventKind, MouseEventKind};
use effects::run_effects;
use ratatui::DefaultTerminal;
use std::io;
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::time::Duration;

/// How often the loop wakes without input, to notice signals.
const TICK: Duration = Duration::from_millis(250);

/// Maps a terminal event to an action; while the search bar is open, keys are text.
fn action_for(ev: Event, m: &Model) -> Option<Action> {
    match ev {
        Event::Key(k) if k.kind == KeyEventKind::Release => None,
        Event::Key(k) if m.typing() => match m.keys.action_for(k) {
            Some(a @ (Action::Quit | Action::Suspend)) => Some(a),
            _ => keymap::input_for(k).map(Action::Input),
        },
        Event::Key(k) => m.keys.action_for(k),
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
/// effects `update::init` asked for, taking the mouse if `mouse`. Returns the exit code (128 +
/// the signal's number after a signal).
pub fn run(
    mut m: Model,
    startup: Vec<Effect>,
    data_dir: Option<PathBuf>,
    mouse: bool,
) -> io::Result<i32> {
    let waiter = Waiter::new()?;
    let bg = Background::new(&waiter);
    let mut term = tty::init(mouse)?;
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
            let Some(action) = action_for(event::read()?, m) else {
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
