//! Quotation extraction throughput on generated news-like text (100 MB by default).
//! Run: `cargo bench --bench quotes` (or `-- 10` for 10 MB). Prints MB/s; not run by CI.

use sidenote::quotes;
use sidenote::store::{Document, Origin};
use std::time::Instant;

/// A small deterministic generator (xorshift), so every run measures the same text.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() % xs.len() as u64) as usize]
    }
}

const WORDS: &[&str] = &[
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "is",
    "that",
    "for",
    "it",
    "was",
    "with",
    "be",
    "by",
    "on",
    "not",
    "this",
    "are",
    "from",
    "at",
    "which",
    "have",
    "an",
    "they",
    "were",
    "been",
    "would",
    "will",
    "more",
    "when",
    "what",
    "people",
    "government",
    "market",
    "report",
    "country",
    "year",
    "week",
    "city",
    "plan",
    "officials",
    "court",
];
const NAMES: &[&str] = &[
    "Maria Lopez",
    "John Smith",
    "Aiko Tanaka",
    "Igor Petrov",
    "Amina Diallo",
    "Chen Wei",
];
const VERBS: &[&str] = &["said", "added", "told reporters", "noted", "warned"];

fn sentence(r: &mut Rng) -> String {
    let n = 6 + r.next() % 18;
    let mut s: Vec<&str> = (0..n).map(|_| r.pick(WORDS)).collect();
    s[0] = "The";
    format!("{}.", s.join(" "))
}

/// About `bytes` of paragraphs: narration, tagged quotations, pronoun tags, stand-alone quotes.
pub fn generate(bytes: usize) -> String {
    let mut r = Rng(0x5eed_1234_abcd_0042);
    let mut out = String::with_capacity(bytes + 1024);
    while out.len() < bytes {
        let name = r.pick(NAMES);
        match r.next() % 4 {
            0 => out.push_str(&format!(
                "{name} {} {}\n\n",
                r.pick(&["arrived", "spoke", "met"]),
                sentence(&mut r)
            )),
            1 => out.push_str(&format!(
                "“{} {},” {name} {}.\n\n",
                sentence(&mut r),
                sentence(&mut r),
                r.pick(VERBS)
            )),
            2 => out.push_str(&format!(
                "“{},” he {}. “{}”\n\n",
                sentence(&mut r),
                r.pick(VERBS),
                sentence(&mut r)
            )),
            _ => out.push_str(&format!("{} {}\n\n", sentence(&mut r), sentence(&mut r))),
        }
    }
    out
}

fn main() {
    let mb: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(100);
    let text = generate(mb << 20);
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
