//! Quotation extraction throughput on generated news-like text of 1 MB and 100 MB
//! (`SIDENOTE_BENCH_MB=1000` for 1 GB) and on any files (`SIDENOTE_BENCH_FILES=novel.txt`: the
//! generated text is denser in quotations and names than most, and simpler). Each sample starts
//! from a fresh document, so finding the paragraphs is part of it.
//! Run: `cargo bench --bench quotes`. Not run by CI.

#[path = "support/docs.rs"]
mod docs;

use divan::{Bencher, counter::BytesCount};
use sidenote::quotes;

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
