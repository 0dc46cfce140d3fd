//! Quotation extraction throughput on generated news-like text (100 MB by default).
//! Run: `cargo bench --bench quotes` (or `-- 10` for 10 MB). Prints MB/s; not run by CI.

use sidenote::quotes;
use sidenote::store::{Document, Origin};
use std::time::Instant;

#[path = "support/gen.rs"]
mod generator;

fn main() {
    let mb: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(100);
    let text = generator::generate(mb << 20);
    let doc = Document::from_bytes(Origin::Builtin("bench"), text.into_bytes()).unwrap();
    let mut best = f64::MAX;
    let mut count = 0;
    for _ in 0..3 {
        let t = Instant::now();
        count = quotes::extract(&doc).len();
        best = best.min(t.elapsed().as_secs_f64());
    }
    let size = doc.len() as f64 / 1e6;
    println!(
        "quotes: {size:.0} MB, {count} quotations, best of 3: {best:.2} s = {:.1} MB/s",
        size / best
    );
}
