//! The terminal's lifecycle and waiting for input, kept apart from the event loop.
//!
//! - `init`/`restore`: raw mode, alternate screen and mouse reporting, undone on every exit path
//!   (also from a panic hook and from the signal watcher).
//! - `Waiter`: blocks until the terminal has input, hangs up, a signal arrives (including
//!   SIGWINCH) or a tick passes. We wait with our own `poll(2)` instead of crossterm's, because
//!   crossterm's reader loops forever on a terminal that hung up (a closed window or tmux pane);
//!   crossterm is then asked only for events that are already there.

// The terminal and signals are the system: `poll`, `tcgetattr`, `raise` and `write` from a handler.
#![allow(unsafe_code)]

use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::execute;
use crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use ratatui::DefaultTerminal;
use ratatui::prelude::CrosstermBackend;
use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGTERM, SIGTSTP, SIGWINCH};
use std::fs::File;
use std::io::{self, IsTerminal, Read, stdout};
use std::os::fd::AsRawFd;
use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// Time between a quitting signal and a forced exit, for when the event loop cannot notice it.
const SIGNAL_GRACE: Duration = Duration::from_secs(2);

/// Whether `init` took the mouse, for `resume` to do the same.
static MOUSE: AtomicBool = AtomicBool::new(true);

/// Puts the terminal in raw mode on the alternate screen, with mouse reporting when `mouse`
/// (without it the terminal keeps the mouse, to select text).
pub(crate) fn init(mouse: bool) -> io::Result<DefaultTerminal> {
    save_mode();
    MOUSE.store(mouse, Ordering::SeqCst);
    terminal::enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    take_screen()?;
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        hook(info);
    }));
    ratatui::Terminal::new(CrosstermBackend::new(stdout()))
}

/// Sets the terminal up again as `init` did, after a suspension.
pub(crate) fn resume() -> io::Result<()> {
    terminal::enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    take_screen()
}

/// The alternate screen, and the mouse if the configuration lets the reader take it.
fn take_screen() -> io::Result<()> {
    execute!(stdout(), EnterAlternateScreen)?;
    if MOUSE.load(Ordering::SeqCst) {
        execute!(stdout(), EnableMouseCapture)?;
    }
    Ok(())
}

/// Gives the terminal back and stops the process, as the default action of SIGTSTP would
/// (which handling SIGTSTP replaces); returns once continued (`fg`), the terminal still given
/// back: `resume` takes it again.
pub(crate) fn suspend() {
    restore();
    // SAFETY: raise has no preconditions; SIGSTOP stops this process until SIGCONT.
    unsafe {
        libc::raise(libc::SIGSTOP);
    }
}

/// Asks the event loop to suspend (Ctrl-z), as SIGTSTP does.
pub(crate) fn request_suspend() {
    if let Some(flag) = SUSPEND.get() {
        flag.store(true, Ordering::SeqCst);
    }
}

/// Set by SIGTSTP and by `request_suspend`; read by `Waiter::take_suspend`.
static SUSPEND: OnceLock<Arc<AtomicBool>> = OnceLock::new();

/// Undoes `init`; safe to call more than once and on a terminal that is gone.
pub(crate) fn restore() {
    ACTIVE.store(false, Ordering::SeqCst);
    let _ = execute!(
        stdout(),
        DisableMouseCapture,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
    let _ = terminal::disable_raw_mode();
}

/// Whether the terminal is set up by `init` and not yet restored.
static ACTIVE: AtomicBool = AtomicBool::new(false);
/// The terminal's mode before `init` (and the descriptor it was read from), for
/// `emergency_restore`, which may not take locks as crossterm's restore does.
static ORIGINAL: OnceLock<(i32, libc::termios)> = OnceLock::new();

/// Escape sequences that undo `init`: mouse reporting off (every mode crossterm turns on),
/// the main screen back, the cursor shown.
const UNDO: &[u8] = b"\x1b[?1006l\x1b[?1015l\x1b[?1003l\x1b[?1002l\x1b[?1000l\x1b[?1049l\x1b[?25h";

/// Keeps the terminal's mode as it is before the first `init`.
fn save_mode() {
    if ORIGINAL.get().is_some() {
        return;
    }
    // The terminal is stdin, or /dev/tty when stdin is redirected (as crossterm does); the
    // descriptor of /dev/tty is kept open for the life of the process.
    let fd = if io::stdin().is_terminal() {
        0
    } else {
        match File::open("/dev/tty") {
            Ok(f) => std::os::fd::IntoRawFd::into_raw_fd(f),
            Err(_) => return,
        }
    };
    // SAFETY: tcgetattr writes a termios for a descriptor we hold open.
    unsafe {
        let mut t: libc::termios = std::mem::zeroed();
        if libc::tcgetattr(fd, &mut t) == 0 {
            let _ = ORIGINAL.set((fd, t));
        }
    }
}

/// Gives the terminal back from a signal handler, when the process is about to die of a fault:
/// only async-signal-safe calls (`write`, `tcsetattr`), no locks. Does nothing when the
/// terminal is not ours.
pub(crate) fn emergency_restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    // SAFETY: write of a static buffer to stdout and tcsetattr with a saved termios.
    unsafe {
        libc::write(1, UNDO.as_ptr().cast(), UNDO.len());
        if let Some((fd, t)) = ORIGINAL.get() {
            libc::tcsetattr(*fd, libc::TCSANOW, t);
        }
    }
}

/// What ended a wait.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Wake {
    /// Keys, mouse or a resize may be waiting for crossterm to read.
    Ready,
    /// The terminal hung up: nothing can be read or drawn any more.
    HungUp,
    /// The tick passed with nothing to do.
    Tick,
}

/// Waits on the terminal and on a self-pipe written by signal handlers.
pub(crate) struct Waiter {
    /// The terminal input: stdin, or `/dev/tty` when stdin is redirected (as crossterm does).
    tty: Option<File>,
    wake_rx: UnixStream,
    wake_tx: UnixStream,
    /// The quitting signal received (SIGTERM, SIGHUP, SIGINT), or 0.
    pub signal: Arc<AtomicUsize>,
    /// SIGTSTP (or Ctrl-z) asked to suspend; SIGCONT continued the process.
    suspend: Arc<AtomicBool>,
    continued: Arc<AtomicBool>,
}

impl Waiter {
    pub(crate) fn new() -> io::Result<Waiter> {
        let (wake_rx, wake_tx) = UnixStream::pair()?;
        wake_tx.set_nonblocking(true)?;
        wake_rx.set_nonblocking(true)?;
        for sig in [SIGWINCH, SIGTERM, SIGHUP, SIGINT, SIGTSTP, SIGCONT] {
            signal_hook::low_level::pipe::register(sig, wake_tx.try_clone()?)?;
        }
        let suspend = SUSPEND.get_or_init(Default::default).clone();
        let continued = Arc::new(AtomicBool::new(false));
        signal_hook::flag::register(SIGTSTP, suspend.clone())?;
        signal_hook::flag::register(SIGCONT, continued.clone())?;
        let signal = Arc::new(AtomicUsize::new(0));
        watch_quit_signals(signal.clone())?;
        // SAFETY: isatty only inspects fd 0.
        let tty = if unsafe { libc::isatty(0) } == 1 {
            None
        } else {
            File::open("/dev/tty").ok()
        };
        Ok(Waiter {
            tty,
            wake_rx,
            wake_tx,
            signal,
            suspend,
            continued,
        })
    }

    /// Whether a suspension was asked for since last asked (and forgets it).
    pub(crate) fn take_suspend(&self) -> bool {
        self.suspend.swap(false, Ordering::SeqCst)
    }

    /// Whether the process was continued (SIGCONT) since last asked (and forgets it).
    pub(crate) fn take_continued(&self) -> bool {
        self.continued.swap(false, Ordering::SeqCst)
    }

    /// Whether `wait` would return at once: input, a hang-up or a wake-up is there. Nothing is
    /// read.
    pub(crate) fn ready(&self) -> bool {
        let mut fds = self.fds();
        // SAFETY: `fds` is a valid array of two pollfds for the duration of the call.
        unsafe { libc::poll(fds.as_mut_ptr(), 2, 0) != 0 }
    }

    /// The terminal input and the wake-up pipe, to poll for reading.
    fn fds(&self) -> [libc::pollfd; 2] {
        [
            libc::pollfd {
                fd: self.tty.as_ref().map_or(0, |f| f.as_raw_fd()),
                events: libc::POLLIN,
                revents: 0,
            },
            libc::pollfd {
                fd: self.wake_rx.as_raw_fd(),
                events: libc::POLLIN,
                revents: 0,
            },
        ]
    }

    /// Blocks until input, a hang-up, a signal or `tick`.
    pub(crate) fn wait(&self, tick: Duration) -> Wake {
        let mut fds = self.fds();
        let ms = tick.as_millis().min(i32::MAX as u128) as i32;
        // SAFETY: `fds` is a valid array of two pollfds for the duration of the call.
        let n = unsafe { libc::poll(fds.as_mut_ptr(), 2, ms) };
        if n < 0 {
            // EINTR from a signal: the flag or the pipe says what happened.
            return Wake::Ready;
        }
        if fds[0].revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
            return Wake::HungUp;
        }
        if fds[1].revents != 0 {
            let mut buf = [0u8; 64];
            while matches!((&self.wake_rx).read(&mut buf), Ok(n) if n > 0) {}
        }
        if n == 0 { Wake::Tick } else { Wake::Ready }
    }

    /// A handle that wakes `wait` from another thread: write one byte to it.
    pub(crate) fn waker(&self) -> io::Result<UnixStream> {
        self.wake_tx.try_clone()
    }

    /// The quitting signal received so far, or 0.
    pub(crate) fn quit_signal(&self) -> usize {
        self.signal.load(Ordering::SeqCst)
    }
}

/// Records SIGTERM, SIGHUP and SIGINT in `flag` for the event loop. If the loop has not ended the
/// program within `SIGNAL_GRACE`, the watcher restores the terminal and exits itself; state
/// writes are atomic, so at worst the last position is not saved.
fn watch_quit_signals(flag: Arc<AtomicUsize>) -> io::Result<()> {
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])?;
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            flag.store(sig as usize, Ordering::SeqCst);
            std::thread::sleep(SIGNAL_GRACE);
            restore();
            std::process::exit(128 + sig);
        }
    });
    Ok(())
}
