//! A library of 10,000 generated articles (~40 MB, in nested folders; another number with
//! `SIDENOTE_BENCH_ARTICLES=N`): listing it with no index (the first run), with the index from
//! the data directory (every later run: reading the index's JSON included), what the worker
//! does once the list is shown (describing new files; checking the listed ones for changes),
//! the model and the first frame, and a launch after one file changed.
//! Run: `cargo bench --bench library`. Not run by CI.

#[path = "support/gen.rs"]
mod generator;

use divan::Bencher;
use sidenote::store::{self, library::Index};
use std::path::PathBuf;
use std::sync::OnceLock;

fn main() {
    // Made before any timing starts.
    library();
    divan::main();
}

/// The library's folder (generated once and kept under target/, never committed) and the
/// index a first run saves for it.
fn library() -> &'static (Vec<PathBuf>, Vec<u8>) {
    static MADE: OnceLock<(Vec<PathBuf>, Vec<u8>)> = OnceLock::new();
    MADE.get_or_init(|| {
        let n: usize = std::env::var("SIDENOTE_BENCH_ARTICLES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(10_000);
        let root = PathBuf::from(format!("target/bench-data/library-{n}"));
        let text = generator::generate(n * 5000 + 5000);
        // Article 0 is written every time: `one_file_changed` changes it.
        let fresh = !root.join(".generated").exists();
        for i in (0..n).filter(|&i| fresh || i == 0) {
            let sub = root.join(format!("{:02}", i / 500));
            std::fs::create_dir_all(&sub).unwrap();
            std::fs::write(sub.join(format!("{i:05}.txt")), article(&text, i)).unwrap();
        }
        std::fs::write(root.join(".generated"), "").unwrap();
        let roots = vec![root];
        let mut scan = store::load_paths(&roots, &mut Index::default()).unwrap();
        let mut refresh = scan.refresh(Index::default());
        refresh.describe(|i| scan.docs.get(i).map(|d| d.meta()));
        let (index, _) = refresh.run(|i| scan.docs.get(i).map(|d| d.meta()), |_, _| {});
        (roots, index.to_bytes())
    })
}

/// Article `i`: a dated news-feed line and about 4,000 bytes of the generated text.
fn article(text: &str, i: usize) -> String {
    let start = (i * 5000..).find(|&s| text.is_char_boundary(s)).unwrap();
    let body = &text[start..];
    let end = (4000..5000).find(|&e| body.is_char_boundary(e)).unwrap();
    format!(
        "date 20{:02}-{:02}-01 {}\n",
        i % 25,
        1 + i % 12,
        &body[..end]
    )
}

fn index() -> Index {
    Index::from_bytes(&library().1).unwrap()
}

/// Launch → list, with no index: every file is read to list it. (The list is returned, so
/// that freeing it, which the reader never does, is not timed.)
#[divan::bench(sample_count = 5)]
fn list_without_index() -> store::Scan {
    store::load_paths(&library().0, &mut Index::default()).unwrap()
}

/// Launch → list, with the index: its JSON read, then the folder listed from it. (The index
/// is returned too: the reader keeps it, for the worker that checks the files.)
#[divan::bench(sample_count = 10)]
fn list_with_index() -> (store::Scan, Index) {
    let mut index = index();
    (store::load_paths(&library().0, &mut index).unwrap(), index)
}

/// `list_with_index` as a launch does it: the index read on a second thread while the folder
/// is listed (`load_paths_reading`).
#[divan::bench(sample_count = 10)]
fn list_with_index_read_beside() -> (Result<store::Scan, store::StoreError>, Index) {
    store::load_paths_reading(&library().0, index)
}

/// After a first listing, on the worker: the new files described (read again and hashed) for
/// the index.
#[divan::bench(sample_count = 3)]
fn describe_new_files(b: Bencher) {
    b.with_inputs(|| store::load_paths(&library().0, &mut Index::default()).unwrap())
        .bench_local_values(|mut scan| {
            let mut refresh = scan.refresh(Index::default());
            refresh.describe(|i| scan.docs.get(i).map(|d| d.meta()));
            refresh
                .run(|i| scan.docs.get(i).map(|d| d.meta()), |_, _| {})
                .0
        });
}

/// After a listing from the index, on the worker: every file looked at for changes.
#[divan::bench(sample_count = 5)]
fn check_listed_files(b: Bencher) {
    b.with_inputs(|| {
        let mut index = index();
        (store::load_paths(&library().0, &mut index).unwrap(), index)
    })
    .bench_local_values(|(mut scan, index)| {
        let docs = std::mem::take(&mut scan.docs);
        let (_, changed) = scan
            .refresh(index)
            .run(|i| docs.get(i).map(|d| d.meta()), |_, _| {});
        assert!(!changed);
    });
}

/// What a launch does after listing: the model, and the first frame of the library at 200×60
/// (reading no file to show it).
#[divan::bench(sample_count = 10)]
fn model_and_first_frame(b: Bencher) {
    b.with_inputs(|| store::load_paths(&library().0, &mut index()).unwrap().docs)
        .bench_local_values(|docs| {
            let mut m = sidenote::update::init(sidenote::update::Start::new(docs, true)).0;
            sidenote::update::update(&mut m, sidenote::action::Action::Resize(200, 60));
            let backend = ratatui::backend::TestBackend::new(200, 60);
            let mut term = ratatui::Terminal::new(backend).unwrap();
            term.draw(|f| sidenote::ui::view(&m, f)).unwrap();
            m
        });
}

/// A launch with the index after one file changed: listed, then the change found and the file
/// read again. The file is put back afterwards.
#[divan::bench(sample_count = 5)]
fn one_file_changed(b: Bencher) {
    let path = library().0[0].join("00/00000.txt");
    let original = std::fs::read(&path).unwrap();
    std::fs::write(&path, "date 2030-01-01 Changed.\n").unwrap();
    b.with_inputs(index).bench_local_values(|mut index| {
        let mut scan = store::load_paths(&library().0, &mut index).unwrap();
        let docs = std::mem::take(&mut scan.docs);
        let mut title = String::new();
        let (_, changed) = scan
            .refresh(index)
            .run(|i| docs.get(i).map(|d| d.meta()), |_, d| title = d.title);
        assert!(changed && title == "Changed.");
    });
    std::fs::write(&path, original).unwrap();
}
