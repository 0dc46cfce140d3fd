//! End to end: the real binary in a pseudo-terminal, read back through a terminal emulator.
//! Covers raw mode, the alternate screen, key input, resize, resume and restoring the terminal
//! on quit and on SIGTERM. Waits are for screen contents (with a deadline), never fixed sleeps.

// Pseudo-terminals, signals, FIFOs and resource limits are made with libc.
#![allow(unsafe_code)]

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::os::fd::FromRawFd;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

const DEADLINE: Duration = Duration::from_secs(20);

struct Session {
    master: Box<dyn MasterPty + Send>,
    child: Box<dyn Child + Send + Sync>,
    writer: std::fs::File,
    output: Receiver<Vec<u8>>,
    parser: vt100::Parser,
    stop: Arc<AtomicBool>,
    reader_thread: std::thread::JoinHandle<()>,
}

impl Session {
    fn start(data: &Path, cols: u16, rows: u16, args: &[&str]) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_sidenote"));
        cmd.args(args);
        cmd.cwd(env!("CARGO_MANIFEST_DIR"));
        cmd.env("XDG_DATA_HOME", data);
        cmd.env("XDG_CACHE_HOME", data.join("cache"));
        cmd.env("XDG_CONFIG_HOME", data.join("config"));
        cmd.env("TERM", "xterm-256color");
        let child = pty.slave.spawn_command(cmd).unwrap();
        drop(pty.slave);
        // Our own duplicate of the master, read with a timeout, so a test can close every copy
        // of the master (a closed window) by stopping this thread.
        // SAFETY: dup of the open master fd; the new fd is owned by `reader` alone.
        let fd = unsafe { libc::dup(pty.master.as_raw_fd().unwrap()) };
        assert!(fd >= 0);
        // SAFETY: `fd` was just made by dup and nothing else owns it.
        let mut reader = unsafe { std::fs::File::from_raw_fd(fd) };
        let (tx, output) = channel();
        let stop = Arc::new(AtomicBool::new(false));
        let stop_reader = stop.clone();
        let reader_thread = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while !stop_reader.load(Ordering::SeqCst) {
                let mut p = libc::pollfd {
                    fd,
                    events: libc::POLLIN,
                    revents: 0,
                };
                // SAFETY: one valid pollfd.
                if unsafe { libc::poll(&mut p, 1, 50) } <= 0 {
                    continue;
                }
                match reader.read(&mut buf) {
                    Ok(n) if n > 0 => {
                        if tx.send(buf[..n].to_vec()).is_err() {
                            break;
                        }
                    }
                    _ => break,
                }
            }
        });
        // portable-pty's own writer sends an end-of-file (Ctrl-D) when dropped, which the reader
        // would take as a key; write through a plain duplicate of the master instead.
        // SAFETY: dup of the open master fd, owned by `writer` alone.
        let writer =
            unsafe { std::fs::File::from_raw_fd(libc::dup(pty.master.as_raw_fd().unwrap())) };
        Session {
            master: pty.master,
            child,
            writer,
            output,
            parser: vt100::Parser::new(rows, cols, 0),
            stop,
            reader_thread,
        }
    }

    /// Feeds output to the emulator until `pred` holds for the screen.
    fn wait_for(&mut self, what: &str, pred: impl Fn(&vt100::Screen) -> bool) {
        let end = Instant::now() + DEADLINE;
        while !pred(self.parser.screen()) {
            let left = end.saturating_duration_since(Instant::now());
            match self.output.recv_timeout(left) {
                Ok(bytes) => self.parser.process(&bytes),
                Err(_) => panic!(
                    "timed out waiting for {what}; screen:\n{}",
                    self.parser.screen().contents()
                ),
            }
        }
    }

    /// Waits until the first text row (under the header) contains `text`.
    fn wait_top(&mut self, text: &str) {
        self.wait_for(text, |sc| {
            sc.contents().lines().nth(2).unwrap_or("").contains(text)
        });
    }

    fn wait_text(&mut self, text: &str) {
        self.wait_for(text, |s| s.contents().contains(text));
    }

    fn keys(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Waits for the program to exit, draining output so it never blocks on a full pty.
    fn exit_code(&mut self) -> u32 {
        let end = Instant::now() + DEADLINE;
        loop {
            while let Ok(bytes) = self.output.try_recv() {
                self.parser.process(&bytes);
            }
            if let Some(status) = self.child.try_wait().unwrap() {
                // Collect what was written just before exit (the restore sequences).
                while let Ok(bytes) = self.output.recv_timeout(Duration::from_millis(200)) {
                    self.parser.process(&bytes);
                }
                return status.exit_code();
            }
            assert!(Instant::now() < end, "program did not exit");
            let _ = self
                .output
                .recv_timeout(Duration::from_millis(50))
                .map(|b| self.parser.process(&b));
        }
    }

    /// Raw mode is off again: the tty echoes and reads lines.
    fn tty_is_cooked(&self) -> bool {
        let fd = self.master.as_raw_fd().unwrap();
        // SAFETY: a termios is plain integers, for which all zeros is a valid value.
        let mut t: libc::termios = unsafe { std::mem::zeroed() };
        // SAFETY: fd is the open master of our pty; `t` is a valid termios to fill.
        assert_eq!(unsafe { libc::tcgetattr(fd, &mut t) }, 0);
        t.c_lflag & libc::ICANON != 0 && t.c_lflag & libc::ECHO != 0
    }

    fn assert_restored(&self) {
        let s = self.parser.screen();
        assert!(!s.alternate_screen(), "still on the alternate screen");
        assert!(!s.hide_cursor(), "cursor still hidden");
        assert_eq!(
            s.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "mouse capture left on"
        );
        assert!(self.tty_is_cooked(), "terminal left in raw mode");
    }
}

#[test]
fn read_sample_jump_to_end_quit_and_resume() {
    let data = tempfile::tempdir().unwrap();
    let mut s = Session::start(data.path(), 80, 30, &[]);
    s.wait_text("Khovaev");
    assert!(s.parser.screen().alternate_screen());
    assert!(s.parser.screen().contents().contains("2019-09-05"));
    s.keys("G");
    s.wait_text("opportunity,” he said.");
    s.wait_text("100%");
    s.keys("q");
    assert_eq!(s.exit_code(), 0);
    s.assert_restored();
    assert!(data.path().join("sidenote/positions.json").exists());

    // Launching again resumes at the same place.
    let mut again = Session::start(data.path(), 80, 30, &[]);
    again.wait_text("opportunity,” he said.");
    again.keys("q");
    assert_eq!(again.exit_code(), 0);
}

#[test]
fn resize_rewraps_and_keeps_the_top_sentence() {
    let data = tempfile::tempdir().unwrap();
    let mut s = Session::start(data.path(), 100, 30, &[]);
    s.wait_text("Khovaev");
    s.keys("}}}");
    s.wait_top("Recently");
    s.master
        .resize(PtySize {
            rows: 30,
            cols: 50,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    s.wait_for("re-wrap at 50 columns", |sc| {
        let rows: Vec<String> = sc.contents().lines().map(str::to_string).collect();
        rows.iter().all(|r| r.chars().count() <= 50)
            && rows.get(2).is_some_and(|r| r.contains("Recently, Khovaev"))
    });
    s.keys("q");
    assert_eq!(s.exit_code(), 0);
    s.assert_restored();
}

#[test]
fn sigterm_restores_the_terminal_and_saves_the_place() {
    let data = tempfile::tempdir().unwrap();
    let mut s = Session::start(
        data.path(),
        80,
        24,
        &["tests/fixtures/pride-and-prejudice-ch1.txt"],
    );
    s.wait_text("truth universally");
    s.keys("}");
    s.wait_top("However little");
    let pid = s.child.process_id().unwrap() as i32;
    // SAFETY: sending a signal to our own child process.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    assert_eq!(s.exit_code(), 128 + libc::SIGTERM as u32);
    s.assert_restored();
    let saved = std::fs::read_to_string(data.path().join("sidenote/positions.json")).unwrap();
    assert!(saved.contains("However little known"), "{saved}");
}

#[test]
fn closing_the_terminal_ends_the_program_and_saves_the_place() {
    let data = tempfile::tempdir().unwrap();
    let mut s = Session::start(data.path(), 80, 24, &[]);
    s.wait_text("Khovaev");
    s.keys("}");
    s.wait_top("We are ready");
    let Session {
        master,
        mut child,
        writer,
        output,
        stop,
        reader_thread,
        ..
    } = s;
    // Closing the window: every copy of the pty's master side goes away.
    stop.store(true, Ordering::SeqCst);
    reader_thread.join().unwrap();
    drop(writer);
    drop(master);
    let end = Instant::now() + DEADLINE;
    let status = loop {
        if let Some(st) = child.try_wait().unwrap() {
            break st;
        }
        assert!(
            Instant::now() < end,
            "still running after its terminal closed"
        );
        let _ = output.recv_timeout(Duration::from_millis(50));
    };
    assert!(!status.success());
    // The clean path (not the watchdog's forced exit) saves the position.
    let saved = std::fs::read_to_string(data.path().join("sidenote/positions.json")).unwrap();
    assert!(saved.contains("We are ready to supply"), "{saved}");
}

#[test]
fn plus_slash_opens_at_the_first_match_and_search_works_in_a_terminal() {
    let data = tempfile::tempdir().unwrap();
    let mut s = Session::start(
        data.path(),
        100,
        30,
        &["+/Elefante", "seeds/000_92467008a657f711.txt"],
    );
    s.wait_text("Raymundo Elefante");
    s.wait_text("1/1");
    s.keys("/arms");
    s.wait_text("1/3");
    s.keys("\r");
    s.keys("q");
    assert_eq!(s.exit_code(), 0);
    s.assert_restored();
    let history =
        std::fs::read_to_string(data.path().join("sidenote/search-history.json")).unwrap();
    assert!(history.contains("\"arms\""), "{history}");
}

#[test]
fn a_resize_before_any_key_is_seen() {
    let data = tempfile::tempdir().unwrap();
    let mut s = Session::start(data.path(), 100, 30, &[]);
    s.wait_text("Khovaev");
    s.master
        .resize(PtySize {
            rows: 20,
            cols: 44,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    s.wait_for("re-wrap at 44 columns", |sc| {
        let rows: Vec<String> = sc.contents().lines().map(str::to_string).collect();
        rows.iter().all(|r| r.chars().count() <= 44)
            && rows.get(2).is_some_and(|r| {
                r.trim_start_matches([' ', '│'])
                    .starts_with("In a bid to boost")
            })
            && rows
                .get(3)
                .is_some_and(|r| !r.contains("Wednesday that it will supply the country"))
    });
    s.keys("q");
    assert_eq!(s.exit_code(), 0);
}

#[test]
fn a_large_documents_quotations_are_kept_and_taken_back_when_it_is_reopened() {
    let data = tempfile::tempdir().unwrap();
    // The sample repeated to just over the size whose quotations are cached (4 MiB).
    let sample = std::fs::read("seeds/000_92467008a657f711.txt").unwrap();
    let mut text = Vec::new();
    while text.len() <= 4 << 20 {
        text.extend_from_slice(&sample);
        text.extend_from_slice(b"\n\n");
    }
    let doc = data.path().join("big.txt");
    std::fs::write(&doc, &text).unwrap();
    let doc = doc.to_str().unwrap();
    let all_found = |sc: &vt100::Screen| {
        let c = sc.contents();
        c.contains("Quotations (") && !c.contains("so far")
    };
    // The cache file: its inode (a file written again is a new one) and modification time.
    let cached = || {
        use std::os::unix::fs::MetadataExt;
        let dir = data.path().join("cache/sidenote/quotes");
        let files: Vec<_> = std::fs::read_dir(dir).ok()?.flatten().collect();
        let [file] = &files[..] else { return None };
        let meta = file.metadata().ok()?;
        let bin = file.path().extension().is_some_and(|e| e == "bin");
        bin.then_some((meta.ino(), meta.modified().ok()?))
    };

    let mut s = Session::start(data.path(), 160, 40, &[doc]);
    s.wait_for("every quotation found", all_found);
    // Kept once found (written on a worker, just after).
    let deadline = Instant::now() + DEADLINE;
    while cached().is_none() {
        assert!(Instant::now() < deadline, "no quotation cache written");
        std::thread::sleep(Duration::from_millis(20));
    }
    let (inode, written) = cached().unwrap();
    s.keys("q");
    assert_eq!(s.exit_code(), 0);

    // Reopened: taken from the cache, which marks the file used. Found again instead, they
    // would have been written to a new file.
    let mut again = Session::start(data.path(), 160, 40, &[doc]);
    again.wait_for("every quotation found", all_found);
    again.keys("q");
    assert_eq!(again.exit_code(), 0);
    let (same, used) = cached().unwrap();
    assert_eq!(same, inode, "the quotations were found and written again");
    assert!(used > written, "the cache file was not read");
}

#[test]
fn a_filter_over_many_quotations_runs_to_its_end_with_no_key_pressed() {
    let data = tempfile::tempdir().unwrap();
    // 20,000 quotations: the filter looks at them a few thousand at a time, between frames.
    let n = 20_000;
    let mut text = String::new();
    for i in 0..n {
        text.push_str(&format!("“Number {i} is here,” Ann Lee said.\n\n"));
    }
    let doc = data.path().join("many.txt");
    std::fs::write(&doc, text).unwrap();
    let mut s = Session::start(data.path(), 120, 30, &[doc.to_str().unwrap()]);
    s.wait_text("Quotations (20,000)");
    s.keys("\t/77");
    let want = (0..n).filter(|i| i.to_string().contains("77")).count();
    // The final count, drawn without another key to bring a frame.
    s.wait_for("the whole list filtered", |sc| {
        let c = sc.contents();
        c.contains(&format!("  {want} quotations  ")) && !c.contains("so far")
    });
    s.keys("\r");
    s.wait_text("/77 · Esc all");
    s.keys("q");
    assert_eq!(s.exit_code(), 0);
}

/// The state letter of a process (`R`, `S`, `T` for stopped…), from /proc.
fn process_state(pid: i32) -> char {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // After the command name in parentheses, which may hold spaces.
    stat.rsplit_once(") ")
        .and_then(|(_, rest)| rest.chars().next())
        .unwrap_or('?')
}

fn wait_state(pid: i32, want: char) {
    let end = Instant::now() + DEADLINE;
    while process_state(pid) != want {
        assert!(Instant::now() < end, "process never reached state {want}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn sigtstp_gives_the_terminal_back_and_sigcont_takes_it_again() {
    let data = tempfile::tempdir().unwrap();
    let mut s = Session::start(data.path(), 80, 24, &[]);
    s.wait_text("Khovaev");
    let pid = s.child.process_id().unwrap() as i32;
    // SAFETY: signals to our own child process.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTSTP) }, 0);
    wait_state(pid, 'T');
    s.wait_for("the main screen back", |sc| !sc.alternate_screen());
    s.assert_restored();
    // SAFETY: as above.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGCONT) }, 0);
    s.wait_for("the reader drawn again", |sc| {
        sc.alternate_screen() && sc.contents().contains("Khovaev")
    });
    assert!(!s.tty_is_cooked(), "raw mode again");
    // A key acts at once, with no Enter: raw mode, and the loop is running.
    s.keys("}");
    s.wait_top("We are ready");
    // Ctrl-z suspends as SIGTSTP does.
    s.keys("\x1a");
    wait_state(pid, 'T');
    s.wait_for("the main screen back", |sc| !sc.alternate_screen());
    // SAFETY: as above.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGCONT) }, 0);
    s.wait_for("drawn again", |sc| {
        sc.alternate_screen() && sc.contents().contains("We are ready")
    });
    s.keys("q");
    assert_eq!(s.exit_code(), 0);
    s.assert_restored();
}

#[test]
fn a_file_that_shrinks_while_shown_is_reloaded_not_a_crash() {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.txt");
    // 10 MB: mapped, not read.
    let para = "The committee met again on Thursday and talked for hours about the budget.\n\n";
    std::fs::write(&path, para.repeat((10 << 20) / para.len())).unwrap();
    let mut s = Session::start(data.path(), 80, 24, &[path.to_str().unwrap()]);
    s.wait_text("committee");
    s.keys("G");
    s.wait_text("100%");
    // Cut to a few KB under the reader, then any key: the pages it shows are gone.
    std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .unwrap()
        .set_len(4096)
        .unwrap();
    s.keys("k");
    // The text as it is now: cut in the middle of a paragraph. (The status line said the file
    // changed on disk; the next key may have cleared it before it was read here.)
    s.wait_text("about the b\u{20}");
    assert!(s.child.try_wait().unwrap().is_none(), "still running");
    s.keys("g");
    s.wait_top("The committee met");
    s.keys("q");
    assert_eq!(s.exit_code(), 0);
    s.assert_restored();
}

#[test]
fn state_files_that_are_fifos_are_reported_and_the_reader_starts() {
    let data = tempfile::tempdir().unwrap();
    let state = data.path().join("sidenote");
    std::fs::create_dir_all(&state).unwrap();
    for name in ["bookmarks.json", "library-index.bin"] {
        let c = std::ffi::CString::new(state.join(name).as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: mkfifo with a valid C string.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    }
    let mut s = Session::start(data.path(), 100, 24, &["tests/fixtures/news-dev"]);
    s.wait_text("not a regular file");
    s.keys("q");
    assert_eq!(s.exit_code(), 0);
    s.assert_restored();
}

#[test]
fn a_dash_with_nothing_piped_in_says_what_it_wants() {
    // Standard input is the terminal itself: the reader would wait for text nobody types.
    let data = tempfile::tempdir().unwrap();
    let mut s = Session::start(data.path(), 100, 30, &["-"]);
    assert_eq!(s.exit_code(), 2);
    s.assert_restored();
    let text = s.parser.screen().contents();
    assert!(
        text.contains("reads standard input, which is this terminal"),
        "{text}"
    );
}

#[test]
fn listing_no_bookmarks_on_a_terminal_says_so() {
    let data = tempfile::tempdir().unwrap();
    let mut s = Session::start(data.path(), 100, 30, &["bookmarks"]);
    assert_eq!(s.exit_code(), 0);
    let text = s.parser.screen().contents();
    assert!(text.contains("no bookmarks yet"), "{text}");
}

#[test]
fn a_click_in_a_real_terminal_opens_a_document() {
    let data = tempfile::tempdir().unwrap();
    let lib = data.path().join("lib");
    std::fs::create_dir(&lib).unwrap();
    std::fs::write(lib.join("a.txt"), "title: Alpha\n\nThe first.").unwrap();
    std::fs::write(lib.join("b.txt"), "title: Beta\n\nThe second one, clicked.").unwrap();
    let mut s = Session::start(data.path(), 100, 20, &[lib.to_str().unwrap()]);
    s.wait_text("Beta");
    let row = s
        .parser
        .screen()
        .contents()
        .lines()
        .position(|l| l.contains("Beta"))
        .unwrap();
    // SGR mouse reports: left button pressed then released, at column 10 (1-based).
    let click = format!("\x1b[<0;10;{0}M\x1b[<0;10;{0}m", row + 1);
    s.keys(&click);
    s.keys(&click);
    s.wait_text("clicked.");
    s.keys("q");
    s.keys("q");
    assert_eq!(s.exit_code(), 0);
}

#[test]
fn a_rebinding_in_the_config_file_takes_effect_and_shows_in_the_help() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().join("config/sidenote");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("config.toml"),
        "[reader]\nsidebar = \"never\"\n[keys]\n\"x\" = \"toggle_help\"\n\"?\" = \"none\"\n",
    )
    .unwrap();
    let mut s = Session::start(data.path(), 160, 40, &[]);
    s.wait_text("x:help");
    s.keys("\r");
    s.wait_text("x:help");
    assert!(
        !s.parser.screen().contents().contains("Quotations"),
        "sidebar = never keeps it hidden on a wide window"
    );
    s.keys("?");
    std::thread::sleep(Duration::from_millis(200));
    assert!(!s.parser.screen().contents().contains("this help"));
    s.keys("x");
    s.wait_text("this help");
    let help = s.parser.screen().contents();
    let line = help.lines().find(|l| l.contains("this help")).unwrap();
    let before = line[..line.find("this help").unwrap()].trim_end();
    assert!(
        before.ends_with(" x"),
        "x, and only x, opens the help: {line}"
    );
    s.keys("x");
    s.wait_for("the help closed", |screen| {
        !screen.contents().contains("this help")
    });
    s.keys("q");
    assert_eq!(s.exit_code(), 0);
    s.assert_restored();
}

#[test]
fn a_bad_config_file_is_named_with_its_line_and_the_reader_starts_on_the_defaults() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().join("config/sidenote");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("config.toml"), "[reader]\nsidebr = \"never\"\n").unwrap();
    let mut s = Session::start(data.path(), 160, 40, &[]);
    s.wait_text("line 2 (sidebr)");
    s.keys("?");
    s.wait_text("this help");
    s.keys("?");
    s.wait_for("the help closed", |screen| {
        !screen.contents().contains("this help")
    });
    s.keys("q");
    assert_eq!(s.exit_code(), 0);
    s.assert_restored();
}
