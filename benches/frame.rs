//! Key press → new frame (update + draw at 200×60), and load → first frame, on generated
//! documents of 1 MB and 100 MB (`SIDENOTE_BENCH_MB=1000` for 1 GB) or on files
//! (`SIDENOTE_BENCH_FILES=target/bench-data/gen-1000.txt`, the 1 GB file that
//! `benches/bench-tty.sh 1000` makes, opened as a user would: mapped). Each sample is one key
//! press, so `slowest` is the slowest frame. Run: `cargo bench --bench frame`. Not run by CI.

#[path = "support/docs.rs"]
mod docs;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use divan::Bencher;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use sidenote::action::{Action, Input};
use sidenote::keymap;
use sidenote::model::Model;
use sidenote::quotes::Quote;
use sidenote::update::update;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

const W: u16 = 200;
const H: u16 = 60;

fn main() {
    divan::main();
}

fn names() -> Vec<String> {
    docs::names(&[1, 100])
}

fn key(c: char) -> Action {
    keymap::Keymap::default()
        .action_for(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
        .unwrap()
}

/// A document's quotations, found once per run (the frames are measured as they are once the
/// background search has ended: highlighted, and listed in the sidebar at 200 columns); none
/// for documents over 200 MB, which take long to search.
fn quotations(name: &str, m: &Model) -> Arc<Vec<Quote>> {
    static FOUND: OnceLock<Mutex<HashMap<String, Arc<Vec<Quote>>>>> = OnceLock::new();
    let mut found = FOUND.get_or_init(Default::default).lock().unwrap();
    found
        .entry(name.to_string())
        .or_insert_with(|| {
            let d = &m.docs[0];
            Arc::new(if d.len() <= 200 << 20 {
                sidenote::quotes::extract(d)
            } else {
                Vec::new()
            })
        })
        .clone()
}

/// The reader open on `name` at 200×60 with its quotations, and a terminal drawn once.
fn reader(name: &str) -> (Model, Terminal<TestBackend>) {
    let mut m =
        sidenote::update::init(sidenote::update::Start::new(vec![docs::open(name)], false)).0;
    update(&mut m, Action::Resize(W, H));
    if m.open_quotes().is_none_or(|q| q.is_empty()) {
        let found = quotations(name, &m).to_vec();
        sidenote::update::quotes_progress(&mut m, 0, 99, found);
        sidenote::update::quotes_ready(&mut m, 0);
    }
    let mut term = Terminal::new(TestBackend::new(W, H)).unwrap();
    term.draw(|f| sidenote::ui::view(&m, f)).unwrap();
    (m, term)
}

/// Times each of `keys`, in turn and over again, as one key press → update → draw.
fn presses(b: Bencher, name: &str, keys: &[Action]) {
    let (mut m, mut term) = reader(name);
    let mut next = keys.iter().cycle();
    b.bench_local(|| {
        update(&mut m, *next.next().unwrap());
        term.draw(|f| sidenote::ui::view(&m, f)).unwrap();
    });
}

#[divan::bench(args = names(), sample_count = 300)]
fn line_down(b: Bencher, name: &str) {
    presses(b, name, &[key('j')]);
}

/// Down to the end and on (at the end a press changes nothing, as for a user holding the key).
#[divan::bench(args = names(), sample_count = 300)]
fn page_down(b: Bencher, name: &str) {
    presses(b, name, &[Action::PageDown]);
}

/// From the end of the document back up: `G` first, then page up.
#[divan::bench(args = names(), sample_count = 300)]
fn page_up(b: Bencher, name: &str) {
    let mut keys = vec![key('G')];
    keys.extend(std::iter::repeat_n(Action::PageUp, 299));
    presses(b, name, &keys);
}

#[divan::bench(args = names(), sample_count = 100)]
fn end_and_top(b: Bencher, name: &str) {
    presses(b, name, &[key('G'), key('g')]);
}

/// Typing a word that is everywhere: each letter searches from the top and redraws; `/` opens
/// the bar and Esc closes it.
#[divan::bench(args = names(), sample_count = 120)]
fn search_keystroke(b: Bencher, name: &str) {
    let mut keys = vec![key('/')];
    keys.extend("said".chars().map(|c| Action::Input(Input::Char(c))));
    keys.push(Action::Input(Input::Esc));
    presses(b, name, &keys);
}

/// Typing the rare word placed at 99% of the document, letter by letter: once the letters
/// are rare, each keystroke searches from the reading position for as far as it does at once
/// before the worker takes over.
#[divan::bench(args = names(), sample_count = 130)]
fn search_rare_keystroke(b: Bencher, name: &str) {
    let mut keys = vec![key('/')];
    keys.extend(docs::RARE.chars().map(|c| Action::Input(Input::Char(c))));
    keys.push(Action::Input(Input::Esc));
    presses(b, name, &keys);
}

/// From the text (generated, in memory; or the file, from its path) to the first frame of the
/// reader: making the document, the model, and drawing.
#[divan::bench(args = names(), sample_count = 5)]
fn load_to_first_frame(b: Bencher, name: &str) {
    b.with_inputs(|| docs::source(name))
        .bench_local_values(|source| {
            let mut m = sidenote::update::init(sidenote::update::Start::new(
                vec![docs::load(source)],
                false,
            ))
            .0;
            update(&mut m, Action::Resize(W, H));
            let mut term = Terminal::new(TestBackend::new(W, H)).unwrap();
            term.draw(|f| sidenote::ui::view(&m, f)).unwrap();
            m
        });
}

/// Typing a speaker's name into the quote sidebar's filter (`Tab`, `/`), letter by letter, over
/// every quotation of the document (about 5,500 a MB here); Esc and `Tab` give the focus back.
#[divan::bench(args = names(), sample_count = 100)]
fn sidebar_filter_keystroke(b: Bencher, name: &str) {
    let mut keys = vec![Action::FocusNext, key('/')];
    keys.extend("Tanaka".chars().map(|c| Action::Input(Input::Char(c))));
    keys.extend([Action::Input(Input::Esc), Action::FocusNext]);
    presses(b, name, &keys);
}

/// The first letter typed into the quote sidebar's filter, and every step after it until the
/// whole list is filtered, with a frame every 12 ms (as the event loop does them): how long the
/// count takes to be final. One sample is all of it; the letter changes from one to the next,
/// so none finds its list kept from the last.
#[divan::bench(args = names(), sample_count = 20)]
fn sidebar_filter_to_the_end(b: Bencher, name: &str) {
    let (mut m, mut term) = reader(name);
    update(&mut m, Action::FocusNext);
    let mut letters = ['T', 'a'].iter().cycle();
    b.bench_local(|| {
        update(&mut m, key('/'));
        update(&mut m, Action::Input(Input::Char(*letters.next().unwrap())));
        term.draw(|f| sidenote::ui::view(&m, f)).unwrap();
        // As the event loop does: steps for up to 12 ms, then a frame.
        let mut start = std::time::Instant::now();
        while sidenote::update::filter_step(&mut m) {
            if start.elapsed().as_millis() >= 12 {
                term.draw(|f| sidenote::ui::view(&m, f)).unwrap();
                start = std::time::Instant::now();
            }
        }
        term.draw(|f| sidenote::ui::view(&m, f)).unwrap();
        update(&mut m, Action::Input(Input::Esc));
    });
}

/// Moving down the quote sidebar's list, one quotation a press.
#[divan::bench(args = names(), sample_count = 300)]
fn sidebar_line_down(b: Bencher, name: &str) {
    let (mut m, mut term) = reader(name);
    update(&mut m, Action::FocusNext);
    b.bench_local(|| {
        update(&mut m, key('j'));
        term.draw(|f| sidenote::ui::view(&m, f)).unwrap();
    });
}

/// `[` from the end of the document: the previous quotation, found among all of them.
#[divan::bench(args = names(), sample_count = 300)]
fn previous_quotation_from_the_end(b: Bencher, name: &str) {
    let mut keys = vec![key('G')];
    keys.extend(std::iter::repeat_n(Action::PrevQuote, 299));
    presses(b, name, &keys);
}
