//! The quotation engine's output on the golden texts (the built-in sample and every text
//! fixture) is tied to `quotes::ENGINE_VERSION`, which keys the quotation cache: output that
//! changes while the version stays the same would let a build take another build's cached
//! results. When an intended change alters the output, bump `ENGINE_VERSION` and add a line to
//! `HISTORY` with the hash this test prints; lines are never edited.

use sidenote::quotes;
use sidenote::store::{self, Document, Origin};
use std::path::Path;

/// Every version of the engine with the hash of its golden output, oldest first.
const HISTORY: &[(u32, u64)] = &[
    (2, 0xc07b_44df_26aa_f259),
    (3, 0x45cc_e607_35d5_2498),
    (4, 0x034e_eb94_13b6_9582),
    (5, 0xfef9_ca5b_6b3e_a398),
    (6, 0x9524_d6ea_66f8_1cf3),
    (7, 0x30d4_e0c9_7c3e_c05b),
    (8, 0x8397_fb4d_d437_825c),
    (9, 0x000a_303d_997f_e002),
    (10, 0x8703_b79d_8705_232b),
    (11, 0x1eec_88dc_8926_2766),
    (12, 0xaa18_1c28_8288_5048),
    (13, 0x4cfd_0add_4833_e906),
    (14, 0x72b2_3c92_b1ef_e361),
    (15, 0xe049_67a7_3af4_1957),
];

/// FNV-1a, written out: a stable hash of the output, whatever the platform.
fn fnv(h: u64, bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .fold(h, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

fn golden_texts() -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut files = vec![root.join("pride-and-prejudice-ch1.txt")];
    for dir in ["news-dev", "quotes"] {
        let mut here: Vec<_> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        here.sort();
        files.extend(here);
    }
    let mut out: Vec<(String, Vec<u8>)> = store::SEEDS
        .iter()
        .map(|(name, bytes)| (name.to_string(), bytes.to_vec()))
        .collect();
    for f in files {
        let name = f
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        out.push((name, std::fs::read(&f).unwrap()));
    }
    out
}

#[test]
fn golden_output_changes_only_with_the_engine_version() {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    let mut count = 0;
    for (name, bytes) in golden_texts() {
        let doc = Document::from_bytes(Origin::Builtin("golden"), bytes).unwrap();
        for q in quotes::extract(&doc) {
            let line = format!(
                "{name}\t{}\t{}\t{}\t{}\t{}\t{}\n",
                q.start(),
                q.end(),
                q.speaker_name().unwrap_or(""),
                q.hundredths(),
                q.evidence().name(),
                q.continues()
            );
            h = fnv(h, line.as_bytes());
            count += 1;
        }
    }
    assert!(count > 100, "{count} golden quotations");
    for w in HISTORY.windows(2) {
        assert!(w[0].0 < w[1].0, "versions only grow");
        assert_ne!(w[0].1, w[1].1, "each version has output of its own");
    }
    let &(version, hash) = HISTORY.last().unwrap();
    assert_eq!(
        version,
        quotes::ENGINE_VERSION,
        "ENGINE_VERSION is not the last in HISTORY"
    );
    assert_eq!(
        hash,
        h,
        "the golden output changed (hash {h:#018x}): if that is intended, bump \
         quotes::ENGINE_VERSION and add ({}, {h:#018x}) to HISTORY",
        version + 1
    );
}
