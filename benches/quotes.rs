//! Quotation extraction throughput on generated news-like text of 1 MB and 100 MB
//! (`SIDENOTE_BENCH_MB=1000` for 1 GB) and on any files (`SIDENOTE_BENCH_FILES=novel.txt`: the
//! generated text is denser in quotations and names than most, and simpler). Each sample starts
//! from a fresh document, so finding the paragraphs is part of it. `extract_without_quote_marks`
//! runs on the generated text with its quote marks removed.
//! Run: `cargo bench --bench quotes`. Not run by CI.

#[path = "support/docs.rs"]
mod docs;

use divan::{Bencher, counter::BytesCount};
use sidenote::quotes;
use sidenote::store::{Document, Origin};

fn main() {
    divan::main();
}

fn names() -> Vec<String> {
    docs::names(&[1, 100])
}

#[divan::bench(args = names(), sample_count = 5)]
fn extract(b: Bencher, name: &str) {
    let len = docs::open(name).len();
    b.counter(BytesCount::new(len))
        .with_inputs(|| docs::open(name))
        .bench_local_values(|doc| quotes::extract(&doc).len());
}

/// The generated sizes only (files have their own quote marks).
fn generated_names() -> Vec<String> {
    docs::names(&[100])
        .into_iter()
        .filter(|n| docs::generated(n).is_some())
        .collect()
}

/// The same generated text with its quote marks taken out, as a log, a report or most prose
/// is: nothing after the last quote mark needs reading, so this measures how fast the worker
/// finds that there is nothing to find.
#[divan::bench(args = generated_names(), sample_count = 5)]
fn extract_without_quote_marks(b: Bencher, name: &str) {
    let text = String::from_utf8_lossy(docs::generated(name).unwrap()).replace(['“', '”'], "");
    b.counter(BytesCount::new(text.len()))
        .with_inputs(|| {
            Document::from_bytes(Origin::Builtin("bench"), text.clone().into_bytes()).unwrap()
        })
        .bench_local_values(|doc| quotes::extract(&doc).len());
}
