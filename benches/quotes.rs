//! Quotation extraction throughput: on generated news-like text (100 MB by default, or `-- 10`
//! for 10 MB) and on any file named (`-- FILE`, e.g. a novel or real articles: the generated
//! text is denser in quotations and names than most, and simpler). Prints MB/s; not run by CI.
//! Each run starts from a fresh document, so finding the paragraphs is part of it.

use sidenote::quotes;
use sidenote::store::{self, Document, Origin};
use std::time::Instant;

#[path = "support/args.rs"]
mod args;
#[path = "support/gen.rs"]
mod generator;

fn bench(name: &str, load: impl Fn() -> Document) {
    let mut best = f64::MAX;
    let (mut count, mut size) = (0, 0.0);
    for _ in 0..3 {
        let doc = load();
        size = doc.len() as f64 / 1e6;
        let t = Instant::now();
        count = quotes::extract(&doc).len();
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "quotes: {name}: {size:.1} MB, {count} quotations, best of 3: {best:.2} s = {:.1} MB/s",
        size / best
    );
}

fn main() {
    let (sizes, files) = args::sizes_and_files(&[100]);
    for mb in sizes {
        let text = generator::generate(mb << 20);
        bench("generated", || {
            Document::from_bytes(Origin::Builtin("bench"), text.clone().into_bytes()).unwrap()
        });
    }
    for f in &files {
        bench(f, || store::load_file(std::path::Path::new(f)).unwrap());
    }
}
