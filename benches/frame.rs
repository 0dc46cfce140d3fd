//! Key press → new frame (update + draw) at 200×60, and load → first frame, on generated
//! documents of 1 MB and 100 MB, or of the sizes given (`cargo bench --bench frame -- 1000` for
//! 1 GB), or on files (`-- target/bench-data/gen-1000.txt`, the 1 GB file that
//! `benches/bench-tty.sh 1000` makes, opened as a user would: mapped).
//! Reports the median and the slowest of many presses. Run: `cargo bench --bench frame`.

#[path = "support/args.rs"]
mod args;
#[path = "support/gen.rs"]
mod generator;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use sidenote::action::{Action, Input};
use sidenote::keymap;
use sidenote::model::Model;
use sidenote::store::{self, Document, Origin};
use sidenote::update::update;
use std::time::Instant;

const W: u16 = 200;
const H: u16 = 60;

fn key(c: char) -> Action {
    keymap::action_for(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)).unwrap()
}

fn frame(m: &mut Model, term: &mut Terminal<TestBackend>, action: Action) -> f64 {
    let t = Instant::now();
    update(m, action);
    term.draw(|f| sidenote::ui::view(m, f)).unwrap();
    t.elapsed().as_secs_f64() * 1000.0
}

fn report(name: &str, mut times: Vec<f64>) {
    times.sort_by(f64::total_cmp);
    println!(
        "  {name:<28} median {:>7.3} ms   slowest {:>7.3} ms   ({} frames)",
        times[times.len() / 2],
        times[times.len() - 1],
        times.len()
    );
}

fn bench(label: &str, doc: Document) {
    println!("{label}");
    let t = Instant::now();
    let mut m = Model::new(vec![doc], false, Vec::new());
    update(&mut m, Action::Resize(W, H));
    let mut term = Terminal::new(TestBackend::new(W, H)).unwrap();
    term.draw(|f| sidenote::ui::view(&m, f)).unwrap();
    println!(
        "  {:<28} {:>7.1} ms",
        "model → first frame",
        t.elapsed().as_secs_f64() * 1000.0
    );
    // Frames with every quotation found (highlighted, and listed in the sidebar at 200 columns),
    // as they are once the background search ends; skipped for the largest files (it takes long).
    if m.docs[0].len() <= 200 << 20 && m.open_quotes().is_none_or(|q| q.is_empty()) {
        let found = sidenote::quotes::extract(&m.docs[0]);
        println!("  ({} quotations)", found.len());
        sidenote::update::quotes_progress(&mut m, 0, 99, found);
        sidenote::update::quotes_ready(&mut m, 0);
    }
    let line: Vec<f64> = (0..300)
        .map(|_| frame(&mut m, &mut term, key('j')))
        .collect();
    report("j (line down)", line);
    let page: Vec<f64> = (0..300)
        .map(|_| frame(&mut m, &mut term, Action::PageDown))
        .collect();
    report("page down", page);
    let up: Vec<f64> = (0..300)
        .map(|_| frame(&mut m, &mut term, Action::PageUp))
        .collect();
    report("page up", up);
    let ends: Vec<f64> = (0..50)
        .flat_map(|_| {
            [
                frame(&mut m, &mut term, key('G')),
                frame(&mut m, &mut term, key('g')),
            ]
        })
        .collect();
    report("G and g", ends);
    // Typing a word that is everywhere: each letter searches from the top and redraws.
    let mut typing = Vec::new();
    for _ in 0..20 {
        frame(&mut m, &mut term, key('/'));
        for c in "said".chars() {
            typing.push(frame(&mut m, &mut term, Action::Input(Input::Char(c))));
        }
        frame(&mut m, &mut term, Action::Input(Input::Esc));
    }
    report("search keystroke (\"said\")", typing);
}

fn main() {
    let (sizes, files) = args::sizes_and_files(&[1, 100]);
    {
        for mb in sizes {
            let text = generator::generate(mb << 20);
            let t = Instant::now();
            let doc = Document::from_bytes(Origin::Builtin("bench"), text.into_bytes()).unwrap();
            let load = t.elapsed().as_secs_f64() * 1000.0;
            bench(
                &format!("frame: {mb} MB generated (load {load:.1} ms)"),
                doc,
            );
        }
    }
    for f in files {
        let t = Instant::now();
        let doc = store::load_file(std::path::Path::new(&f)).unwrap();
        let load = t.elapsed().as_secs_f64() * 1000.0;
        bench(
            &format!("frame: {f} ({} MB, load {load:.1} ms)", doc.len() >> 20),
            doc,
        );
    }
}
