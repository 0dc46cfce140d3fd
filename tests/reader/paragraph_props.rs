//! Property tests for finding paragraphs on demand (`store::para_index`): the paragraph at any
//! position, the one after and the one before must agree with each other whichever way the text
//! is walked, cover every visible character exactly once, and, with no cuts, be exactly the
//! blocks between blank lines. Pieces are made tiny here so that cuts happen all the time.

use proptest::prelude::*;
use sidenote::store::para_index::{Region, ends_before};
use sidenote::store::paragraphs::Paragraph;

/// Lines of words, blanks, headings, list items and long unbroken runs, with every line ending.
fn text() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        4 => "[a-z]{1,8}( [a-z]{1,8}){0,6}",
        2 => Just(String::new()),
        1 => Just("   ".to_string()),
        1 => "# [a-z]{1,6}",
        1 => "- [a-z]{1,6}",
        1 => "[a-zé日]{30,90}",
    ];
    let end = prop_oneof![4 => Just("\n"), 1 => Just("\r\n"), 1 => Just("\r")];
    prop::collection::vec((line, end), 0..40)
        .prop_map(|v| v.into_iter().map(|(l, e)| format!("{l}{e}")).collect())
}

/// Walks with `step`, failing (not hanging) if a step does not move on.
fn walk(
    first: Option<Paragraph>,
    step: impl Fn(&Paragraph) -> Option<Paragraph>,
) -> Vec<Paragraph> {
    let mut out: Vec<Paragraph> = Vec::new();
    let mut p = first;
    while let Some(q) = p {
        if let Some(last) = out.last() {
            assert_ne!(last.start, q.start, "stuck at {q:?}");
        }
        assert!(out.len() < 100_000);
        out.push(q);
        p = step(&q);
    }
    out
}

fn walk_forward(s: &Region) -> Vec<Paragraph> {
    walk(s.first(), |p| s.after(p))
}

fn walk_backward(s: &Region) -> Vec<Paragraph> {
    let mut out = walk(s.last(), |p| s.before(p));
    out.reverse();
    out
}

fn ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn every_direction_finds_the_same_paragraphs(t in text(), piece in 8usize..80, lo in 0usize..4) {
        let bytes = t.as_bytes();
        let lo = lo.min(bytes.len());
        let s = Region { bytes, lo, hi: bytes.len(), piece };
        let fwd = walk_forward(&s);
        prop_assert_eq!(&fwd, &walk_backward(&s));
        // The block-at-a-time walk finds the same as stepping one paragraph at a time.
        prop_assert_eq!(&fwd, &s.paragraphs().collect::<Vec<_>>());
        // The one-pass forward walk (the quotation worker's) finds the same ranges.
        let ranges: Vec<_> = fwd.iter().map(|p| p.start..p.end).collect();
        prop_assert_eq!(&ranges, &s.ranges().collect::<Vec<_>>());
        // In order, not overlapping, and every visible byte is in exactly one paragraph.
        for w in fwd.windows(2) {
            prop_assert!(w[0].end <= w[1].start, "{:?}", w);
        }
        for (i, &b) in bytes.iter().enumerate().skip(lo) {
            let holders = fwd.iter().filter(|p| (p.start..p.end).contains(&i)).count();
            prop_assert!(ws(b) || holders == 1, "byte {} ({:?}) in {} paragraphs", i, b as char, holders);
        }
        // The paragraph at any position is the one holding it, or the next one.
        for pos in lo..=bytes.len() {
            let want = fwd.iter().find(|p| !ends_before(bytes, p, pos)).copied();
            prop_assert_eq!(s.at(pos), want, "at {}", pos);
        }
        // Only a paragraph that ends at a cut is joined, and then the next starts right there.
        for w in fwd.windows(2) {
            if w[0].joined {
                prop_assert!(w[1].start - w[0].end <= 2, "{:?}", w);
            }
        }
    }

    #[test]
    fn without_cuts_paragraphs_are_the_blocks_between_blank_lines(t in text()) {
        let t = t.replace('#', "x").replace('-', "y");
        let bytes = t.as_bytes();
        let s = Region { bytes, lo: 0, hi: bytes.len(), piece: 1 << 20 };
        let found: Vec<&str> = walk_forward(&s).iter().map(|p| &t[p.start..p.end]).collect();
        let norm = t.replace("\r\n", "\n").replace('\r', "\n");
        let blocks: Vec<String> = norm
            .split('\n')
            .collect::<Vec<_>>()
            .split(|l| l.trim().is_empty())
            .filter(|b| !b.is_empty())
            .map(|b| b.join("\n"))
            .collect();
        let found_norm: Vec<String> = found
            .iter()
            .map(|f| f.replace("\r\n", "\n").replace('\r', "\n"))
            .collect();
        prop_assert_eq!(found_norm, blocks);
    }
}

#[test]
fn one_long_line_is_shown_in_joined_pieces() {
    let line = "word ".repeat(20_000);
    let bytes = line.as_bytes();
    let s = Region {
        bytes,
        lo: 0,
        hi: bytes.len(),
        piece: 32 << 10,
    };
    let all = walk_forward(&s);
    assert!(all.len() >= 3, "{}", all.len());
    assert!(all.iter().all(|p| p.end - p.start <= 48 << 10));
    assert!(all[..all.len() - 1].iter().all(|p| p.joined));
    assert!(!all.last().unwrap().joined);
    // The piece in the middle is found from a position inside it without reading from the start.
    let mid = s.at(bytes.len() / 2).unwrap();
    assert!(mid.start <= bytes.len() / 2 && bytes.len() / 2 <= mid.end);
}
