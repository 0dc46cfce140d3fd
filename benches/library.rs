//! Library scan on 10,000 generated articles (~40 MB, or `-- N` articles) in nested folders:
//! listing them with no index (first run), with the index from the data directory (every
//! later run, including reading and parsing the index), and after one file changed.
//! Run: `cargo bench --bench library`. Not run by CI.

#[path = "support/gen.rs"]
mod generator;

use sidenote::store::{self, library::Index};
use std::time::Instant;

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(10_000);
    // Generated once and kept under target/ (never committed); each run rewrites the article
    // the last step changes.
    let root = std::path::PathBuf::from(format!("target/bench-data/library-{n}"));
    let text = generator::generate(n * 5000 + 5000);
    let fresh = !root.join(".generated").exists();
    let mut total = 0;
    for i in 0..n {
        let sub = root.join(format!("{:02}", i / 500));
        let start = (i * 5000..).find(|&s| text.is_char_boundary(s)).unwrap();
        let body = &text[start..];
        let end = (4000..5000).find(|&e| body.is_char_boundary(e)).unwrap();
        let article = format!(
            "date 20{:02}-{:02}-01 {}\n",
            i % 25,
            1 + i % 12,
            &body[..end]
        );
        total += article.len();
        if fresh || i == 0 {
            std::fs::create_dir_all(&sub).unwrap();
            std::fs::write(sub.join(format!("{i:05}.txt")), article).unwrap();
        }
    }
    std::fs::write(root.join(".generated"), "").unwrap();
    println!("library: {n} articles, {:.0} MB", total as f64 / 1e6);
    let roots = [root.clone()];

    // Five times (files in the page cache, as after any earlier use of the folder): this VM's
    // timings vary up to 2× from run to run, so the median and the best are both shown.
    let mut times = Vec::new();
    let mut scan = None;
    for _ in 0..5 {
        let t = Instant::now();
        scan = Some(store::load_paths(&roots, &Index::default()).unwrap());
        times.push(ms(t));
    }
    let scan = scan.unwrap();
    times.sort_by(f64::total_cmp);
    // After the list is shown, a worker describes the files just read (hashing each) and saves
    // the index.
    let t = Instant::now();
    let mut scan = scan;
    let mut refresh = scan.refresh(Index::default());
    refresh.describe(|i| scan.docs.get(i).map(|d| d.meta()));
    let (index, _) = refresh.run(|_, _| {});
    let json = index.to_json();
    let described = ms(t);
    println!(
        "  no index (first run)      {:>7.1} ms  (best {:.1} of 5; {} documents; then describing them {described:.1} ms; index {:.1} MB)",
        times[2],
        times[0],
        scan.docs.len(),
        json.len() as f64 / 1e6
    );

    for _ in 0..2 {
        let t = Instant::now();
        let index = Index::from_json(&json).unwrap();
        let parsed = ms(t);
        let mut scan = store::load_paths(&roots, &index).unwrap();
        let listed = ms(t);
        // After the list is shown: every file looked at, on a worker thread in the reader.
        let t = Instant::now();
        let refresh = scan.refresh(index);
        let (_, changed) = refresh.run(|_, _| {});
        println!(
            "  with the index            {listed:>7.1} ms  (parse {parsed:.1} ms; {} documents; then checking them {:.1} ms, changed: {changed})",
            scan.docs.len(),
            ms(t)
        );
    }

    // What the launch does after the scan: the model, and the first frame of the list.
    let index = Index::from_json(&json).unwrap();
    let scan = store::load_paths(&roots, &index).unwrap();
    let t = Instant::now();
    let mut m = sidenote::model::Model::new(scan.docs, true, Vec::new());
    sidenote::update::update(&mut m, sidenote::action::Action::Resize(200, 60));
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(200, 60)).unwrap();
    term.draw(|f| sidenote::ui::view(&m, f)).unwrap();
    let read = m
        .docs
        .iter()
        .filter(|d| !format!("{:?}", d.bytes).contains("not read yet"))
        .count();
    println!(
        "  model + first frame       {:>7.1} ms  ({read} files read to show it)",
        ms(t)
    );

    std::fs::write(root.join("00/00000.txt"), "date 2030-01-01 Changed.\n").unwrap();
    let index = Index::from_json(&json).unwrap();
    let t = Instant::now();
    let mut scan = store::load_paths(&roots, &index).unwrap();
    let listed = ms(t);
    let refresh = scan.refresh(index);
    let mut title = String::new();
    let (_, changed) = refresh.run(|_, d| title = d.title);
    println!(
        "  one file changed          {listed:>7.1} ms  (then checked: changed {changed}, its title now {title:?})"
    );
}
