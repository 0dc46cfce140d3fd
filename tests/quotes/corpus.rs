//! The quotation engine against real articles with hand-checked gold quotations
//! (`tests/fixtures/news-dev`). Prints detection precision, recall and F1 (a prediction matches a
//! gold quotation when they overlap by at least half of the shorter) and speaker accuracy over
//! the matched pairs, and fails below F1 0.97 or speaker accuracy 0.93.
//! Run with `cargo test --test quotes corpus -- --nocapture` to see the figures and every miss.

use serde::Deserialize;
use sidenote::quotes;
use sidenote::store::{Document, Origin};
use std::path::Path;

#[derive(Deserialize)]
struct Gold {
    start: usize,
    end: usize,
    text: String,
    speaker: Option<String>,
}

fn overlap(a: (usize, usize), b: (usize, usize)) -> bool {
    let shared = a.1.min(b.1).saturating_sub(a.0.max(b.0));
    let shorter = (a.1 - a.0).min(b.1 - b.0);
    shared * 2 >= shorter && shared > 0
}

#[derive(Default)]
struct Score {
    gold: usize,
    predicted: usize,
    matched: usize,
    same_speaker: usize,
}

fn score_file(name: &str, text_path: &Path, gold_path: &Path, report: &mut String) -> Score {
    let bytes = std::fs::read(text_path).unwrap();
    let gold: Vec<Gold> = std::fs::read_to_string(gold_path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    for g in &gold {
        assert_eq!(
            std::str::from_utf8(&bytes[g.start..g.end]).unwrap(),
            g.text,
            "{name}: gold span"
        );
    }
    let doc = Document::from_bytes(Origin::File(text_path.to_path_buf()), bytes.clone()).unwrap();
    let predicted = quotes::extract(&doc);
    let mut used = vec![false; predicted.len()];
    let mut s = Score {
        gold: gold.len(),
        predicted: predicted.len(),
        ..Score::default()
    };
    let snippet =
        |a: usize, b: usize| String::from_utf8_lossy(&bytes[a..b.min(a + 50)]).into_owned();
    for g in &gold {
        let hit = predicted
            .iter()
            .enumerate()
            .find(|(i, p)| !used[*i] && overlap((g.start, g.end), (p.start(), p.end())));
        match hit {
            Some((i, p)) => {
                used[i] = true;
                s.matched += 1;
                if p.speaker_name() == g.speaker.as_deref() {
                    s.same_speaker += 1;
                } else {
                    report.push_str(&format!(
                        "{name}: speaker {:?}, gold {:?}: {}\n",
                        p.speaker_name(),
                        g.speaker,
                        snippet(g.start, g.end)
                    ));
                }
            }
            None => report.push_str(&format!(
                "{name}: missed {}..{}: {}\n",
                g.start,
                g.end,
                snippet(g.start, g.end)
            )),
        }
    }
    for (p, _) in predicted.iter().zip(&used).filter(|(_, u)| !**u) {
        report.push_str(&format!(
            "{name}: extra {}..{}: {}\n",
            p.start(),
            p.end(),
            snippet(p.start(), p.end())
        ));
    }
    s
}

#[test]
fn news_dev_corpus_meets_the_bar() {
    let dir = Path::new("tests/fixtures/news-dev");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| {
            e.ok()?
                .file_name()
                .to_str()?
                .strip_suffix(".gold.jsonl")
                .map(str::to_string)
        })
        .collect();
    names.sort();
    assert!(names.len() >= 16, "corpus fixtures missing");
    let mut total = Score::default();
    let mut report = String::new();
    for name in &names {
        let text = dir.join(format!("{name}.txt"));
        let text = if text.exists() {
            text
        } else {
            Path::new("seeds/000_92467008a657f711.txt").to_path_buf()
        };
        let s = score_file(
            name,
            &text,
            &dir.join(format!("{name}.gold.jsonl")),
            &mut report,
        );
        total.gold += s.gold;
        total.predicted += s.predicted;
        total.matched += s.matched;
        total.same_speaker += s.same_speaker;
    }
    let p = total.matched as f64 / total.predicted.max(1) as f64;
    let r = total.matched as f64 / total.gold.max(1) as f64;
    let f1 = 2.0 * p * r / (p + r).max(f64::EPSILON);
    let acc = total.same_speaker as f64 / total.matched.max(1) as f64;
    println!("{report}");
    println!(
        "news-dev: {} gold, {} predicted, {} matched; precision {p:.3} recall {r:.3} F1 {f1:.3}; speaker accuracy {acc:.3}",
        total.gold, total.predicted, total.matched
    );
    assert!(f1 >= 0.97, "F1 {f1:.3} below 0.97");
    assert!(acc >= 0.93, "speaker accuracy {acc:.3} below 0.93");
}
