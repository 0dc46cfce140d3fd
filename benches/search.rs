//! Search speed on a generated 100 MB document (or `-- N` MB): the time from a keystroke to
//! the first match (compile + search forward from the top), and counting every match, for a
//! rare word placed at 99%, a common word, a case-insensitive word and a regex.
//! Run: `cargo bench --bench search`. Not run by CI.

#[path = "support/gen.rs"]
mod generator;

use sidenote::search::{Options, compile};
use std::sync::atomic::AtomicBool;
use std::time::Instant;

fn best_of<T>(n: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut best = f64::MAX;
    let mut out = None;
    for _ in 0..n {
        let t = Instant::now();
        let r = f();
        best = best.min(t.elapsed().as_secs_f64());
        out = Some(r);
    }
    (best * 1000.0, out.unwrap())
}

fn main() {
    let mb: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(100);
    let mut text = generator::generate(mb << 20);
    // One rare word at 99% of the document.
    let at = text.len() * 99 / 100;
    let at = (at..text.len())
        .find(|&i| text.is_char_boundary(i) && text.as_bytes()[i] == b' ')
        .unwrap();
    text.insert_str(at, " xylophonist ");
    let bytes = text.into_bytes();
    let never = AtomicBool::new(false);
    println!("search: {:.0} MB", bytes.len() as f64 / 1e6);
    let cases = [
        ("rare word at 99%", "xylophonist", Options::default()),
        ("common word", "the", Options::default()),
        ("case-insensitive", "government", Options::default()),
        ("smart case, capital", "Government", Options::default()),
        (
            "whole word",
            "plan",
            Options {
                whole_word: true,
                ..Options::default()
            },
        ),
        (
            "regex",
            r"gov\w+ment",
            Options {
                regex: true,
                ..Options::default()
            },
        ),
    ];
    for (name, q, opts) in cases {
        let (first_ms, found) = best_of(5, || compile(q, opts).unwrap().find_from(&bytes, 0));
        let query = compile(q, opts).unwrap();
        let (count_ms, counted) = best_of(3, || query.count(&bytes, 0, &never).unwrap().0);
        let gbps = bytes.len() as f64 / 1e9 / (count_ms / 1000.0);
        println!(
            "  {name:<22} keystroke→first match {first_ms:>8.2} ms (at {:>5.1}%)   count {counted:>9} in {count_ms:>8.1} ms ({gbps:.2} GB/s)",
            found.map_or(0.0, |r| r.start as f64 * 100.0 / bytes.len() as f64)
        );
    }
}
