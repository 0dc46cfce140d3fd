//! Deterministic news-like text for the benchmarks (never committed: generated at run time).

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
pub(crate) fn generate(bytes: usize) -> String {
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
