//! The documents a benchmark runs on, named as divan arguments: generated sizes (`1 MB`,
//! `100 MB`; others with `SIDENOTE_BENCH_MB=1,1000`) and files (`SIDENOTE_BENCH_FILES=a.txt:b.txt`,
//! opened as a user would: mapped). Environment variables rather than arguments, because divan
//! reads the command line as benchmark filters. Each text is made once per run.

use sidenote::store::{self, Document, Origin};
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

#[path = "gen.rs"]
mod generator;

/// The rare word placed at 99% of every generated text (what `/xylophonist` finds).
pub(crate) const RARE: &str = "xylophonist";

/// The names of the documents to run on: `default_mb` generated sizes unless
/// `SIDENOTE_BENCH_MB` names others, and any files named in `SIDENOTE_BENCH_FILES`.
pub(crate) fn names(default_mb: &[usize]) -> Vec<String> {
    let sizes: Vec<usize> = match std::env::var("SIDENOTE_BENCH_MB") {
        Ok(v) => v.split(',').filter_map(|s| s.trim().parse().ok()).collect(),
        Err(_) => default_mb.to_vec(),
    };
    let files = std::env::var("SIDENOTE_BENCH_FILES").unwrap_or_default();
    sizes
        .iter()
        .map(|mb| format!("{mb} MB"))
        .chain(files.split(':').filter(|f| !f.is_empty()).map(String::from))
        .collect()
}

/// The generated text of a name like `100 MB` (with `RARE` at 99%), made once and kept for the
/// rest of the run; `None` for a file's name.
pub(crate) fn generated(name: &str) -> Option<&'static [u8]> {
    let mb: usize = name.strip_suffix(" MB")?.parse().ok()?;
    static MADE: OnceLock<Mutex<HashMap<usize, &'static [u8]>>> = OnceLock::new();
    let mut made = MADE.get_or_init(Default::default).lock().unwrap();
    Some(made.entry(mb).or_insert_with(|| {
        let mut text = generator::generate(mb << 20);
        let at = text.len() * 99 / 100;
        let at = (at..text.len())
            .find(|&i| text.is_char_boundary(i) && text.as_bytes()[i] == b' ')
            .unwrap_or(text.len());
        text.insert_str(at, &format!(" {RARE} "));
        // Kept until the process ends, like the benchmark's own data.
        Box::leak(text.into_bytes().into_boxed_slice())
    }))
}

/// What a document is made from: generated text (copied, so each document owns its own) or a
/// file's path.
pub(crate) enum Source {
    Text(Vec<u8>),
    File(std::path::PathBuf),
}

pub(crate) fn source(name: &str) -> Source {
    match generated(name) {
        Some(text) => Source::Text(text.to_vec()),
        None => Source::File(name.into()),
    }
}

/// Makes the document: from the text, or by loading the file (mapped, as a user opens it).
pub(crate) fn load(s: Source) -> Document {
    match s {
        Source::Text(t) => Document::from_bytes(Origin::Builtin("bench"), t).unwrap(),
        Source::File(p) => store::load_file(&p).unwrap_or_else(|e| panic!("{e}")),
    }
}

/// A fresh document of that name.
pub(crate) fn open(name: &str) -> Document {
    load(source(name))
}
