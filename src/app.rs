//! The event loop and the terminal's lifecycle: draw → read event → keymap → update → effects.
//!
//! The terminal is always restored: on quit, on error, on panic (hook) and on SIGTERM, SIGHUP
//! and SIGINT (flags checked between events).

use crate::action::Action;
use crate::keymap;
use crate::model::{Effect, Model};
use crate::persist;
use crate::ui;
use crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyEventKind, MouseEventKind,
};
use crossterm::execute;
use crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use ratatui::DefaultTerminal;
use ratatui::prelude::CrosstermBackend;
use std::io::{self, stdout};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// How often the loop wakes without input, to notice signals.
const TICK: Duration = Duration::from_millis(100);

/// Puts the terminal in raw mode on the alternate screen with mouse reporting.
fn init_terminal() -> io::Result<DefaultTerminal> {
    terminal::enable_raw_mode()?;
    execute!(stdout(), EnterAlternateScreen, EnableMouseCapture)?;
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        hook(info);
    }));
    ratatui::Terminal::new(CrosstermBackend::new(stdout()))
}

/// Undoes `init_terminal`; safe to call more than once.
pub fn restore_terminal() {
    let _ = execute!(
        stdout(),
        DisableMouseCapture,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
    let _ = terminal::disable_raw_mode();
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Carries out effects; returns false when the program should stop.
fn run_effects(m: &mut Model, data_dir: Option<&PathBuf>, effects: Vec<Effect>) -> bool {
    let mut go_on = true;
    for fx in effects {
        match fx {
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

/// Runs the interactive reader until the user quits or a signal arrives. Returns the exit code.
pub fn run(mut m: Model, data_dir: Option<PathBuf>) -> io::Result<i32> {
    let signal = Arc::new(AtomicUsize::new(0));
    for sig in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ] {
        signal_hook::flag::register_usize(sig, signal.clone(), sig as usize)?;
    }
    let mut term = init_terminal()?;
    let result = event_loop(&mut term, &mut m, data_dir.as_ref(), &signal);
    // Whatever happened, save the place and give the terminal back.
    if !m.quit {
        let fx = crate::update::update(&mut m, Action::Quit);
        run_effects(&mut m, data_dir.as_ref(), fx);
    }
    restore_terminal();
    result?;
    let sig = signal.load(Ordering::Relaxed);
    Ok(if sig == 0 { 0 } else { 128 + sig as i32 })
}

fn event_loop(
    term: &mut DefaultTerminal,
    m: &mut Model,
    dir: Option<&PathBuf>,
    signal: &AtomicUsize,
) -> io::Result<()> {
    let size = term.size()?;
    crate::update::update(m, Action::Resize(size.width, size.height));
    let mut dirty = true;
    loop {
        if signal.load(Ordering::Relaxed) != 0 {
            return Ok(());
        }
        if dirty {
            term.draw(|f| {
                if (f.area().width, f.area().height) != m.viewport {
                    crate::update::update(m, Action::Resize(f.area().width, f.area().height));
                }
                ui::view(m, f)
            })?;
            dirty = false;
        }
        if !event::poll(TICK)? {
            continue;
        }
        let Some(action) = action_for(event::read()?) else {
            continue;
        };
        let fx = crate::update::update(m, action);
        dirty = true;
        if !run_effects(m, dir, fx) {
            return Ok(());
        }
    }
}
