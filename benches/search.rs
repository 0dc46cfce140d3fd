//! Search on generated documents of 1 MB and 100 MB (`SIDENOTE_BENCH_MB=1000` for 1 GB; files
//! with `SIDENOTE_BENCH_FILES`): the time from a keystroke to the first match (compiling the
//! query and searching forward from the top), and counting every match (throughput), for a
//! rare word at 99%, a common word, a case-insensitive word, smart case with a capital, a whole
//! word, a regex, and a word every letter of which may be accented (no byte of it can be looked
//! for as it is). Run: `cargo bench --bench search`. Not run by CI.

#[path = "support/docs.rs"]
mod docs;

use divan::{Bencher, counter::BytesCount};
use sidenote::search::{Options, compile};
use std::sync::atomic::AtomicBool;

fn main() {
    divan::main();
}

fn names() -> Vec<String> {
    docs::names(&[1, 100])
}

fn bytes_of(name: &str) -> &'static [u8] {
    docs::generated(name).unwrap_or_else(|| {
        let doc: &'static _ = Box::leak(Box::new(docs::open(name)));
        &doc.bytes[..]
    })
}

const WHOLE: Options = Options {
    whole_word: true,
    regex: false,
};
const REGEX: Options = Options {
    whole_word: false,
    regex: true,
};

/// Keystroke → first match: compile, then search forward from the top.
fn first_match(b: Bencher, name: &str, query: &str, opts: Options) {
    let bytes = bytes_of(name);
    b.bench_local(|| compile(query, opts).unwrap().find_from(bytes, 0));
}

/// Every match counted, as the search bar's count is.
fn count(b: Bencher, name: &str, query: &str, opts: Options) {
    let bytes = bytes_of(name);
    let query = compile(query, opts).unwrap();
    let never = AtomicBool::new(false);
    b.counter(BytesCount::new(bytes.len()))
        .bench_local(|| query.count(bytes, 0, 0, &never));
}

/// One benchmark of each kind per query, in the modules `first_match` and `count`.
macro_rules! cases {
    ($($name:ident: $query:expr, $opts:expr;)*) => {
        mod keystroke_to_first_match {
            use super::*;
            $(
                #[divan::bench(args = names(), sample_count = 10)]
                fn $name(b: Bencher, doc: &str) {
                    first_match(b, doc, $query, $opts)
                }
            )*
        }
        mod count_all {
            use super::*;
            $(
                #[divan::bench(args = names(), sample_count = 5)]
                fn $name(b: Bencher, doc: &str) {
                    count(b, doc, $query, $opts)
                }
            )*
        }
    };
}

cases! {
    rare_word: docs::RARE, Options::default();
    // Every letter may stand for an accented one, so no byte of it can be looked for as it is.
    rare_word_all_letters_folded: "lophonist", Options::default();

    common_word: "the", Options::default();
    case_insensitive: "government", Options::default();
    smart_case_capital: "Government", Options::default();
    whole_word: "plan", WHOLE;
    regex: r"gov\w+ment", REGEX;
}
