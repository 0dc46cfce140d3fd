//! Hostile documents, generated: the loaders, the quote engine, the layout, the reader's screen
//! and every export, run over text made of what breaks readers (escape sequences, bidi and C1
//! controls, invalid and truncated UTF-8, NULs past the binary check, every line end, byte-order
//! marks, quote marks in every style and out of balance, emoji sequences and runs of marks,
//! headers, fences, one huge line). A fixed number of cases runs in CI, as a fuzzer would
//! without needing a nightly toolchain; `PROPTEST_CASES=100000 cargo test --test reader hostile` runs
//! longer.
//!
//! What must hold, whatever the text: nothing panics; every paragraph and quotation lies inside
//! the text, in order; every screen line fits its width; no export writes anything that acts
//! on a terminal; the screen holds no control character.

use crate::common;

use proptest::prelude::*;
use sidenote::action::Action;
use sidenote::export::{self, Format};
use sidenote::store::{Document, Origin};
use sidenote::text::layout;
use sidenote::update::update;

/// Pieces that hostile text is made of.
fn piece() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        6 => proptest::sample::select(vec![
            "word ", "Said ", "Jane Doe ", "said. ", "he said, ", "\u{201c}", "\u{201d}", "\"",
            "''", "``", "\u{2018}", "\u{2019}", "\u{ab}", "\u{bb}", "\u{300c}", "\u{300d}", ": ",
            "\n", "\n\n", "\r\n", "\r", "\r\r", "\t", "    ", "title: T\n", "date: 2020-01-01\n",
            "---\n", "```\n", "# Head\n", "- item\n", "1. ", "CHAPTER I.\n",
            "\x1b[2J", "\x1b]0;pwned\x07", "\x1b[31m", "\u{9b}", "\u{85}", "\u{202e}", "\u{2066}",
            "\u{2028}", "\u{feff}", "\u{7f}", "\u{200b}", "\u{200d}", "\u{301}\u{301}\u{301}",
            "👨\u{200d}👩\u{200d}👧", "👍🏽", "❤\u{fe0f}", "🇫🇷", "日本語", "ﾊﾞ", "é", "𝒜",
            // Markdown, rendered when the document is named `.md`.
            "| a | b |\n", "|---|--:|\n", "|", "> ", "**", "*", "_", "`", "~~", "[x](y)", "[r][]",
            "[^1]", "[^1]: ", "  - ", "    ", "- [ ] ", "<b>", "&amp;", "&#0;", "\\", "***\n",
        ])
        .prop_map(|s| s.as_bytes().to_vec()),
        1 => any::<u8>().prop_map(|b| vec![b]),
        1 => proptest::sample::select(vec![
            vec![0xff, 0xfe], vec![0xfe, 0xff], vec![0xef, 0xbb, 0xbf], vec![0xe2, 0x80],
            vec![0xf0, 0x9f], vec![0xc0, 0xaf], vec![0xed, 0xa0, 0x80], vec![0],
        ]),
        1 => (1usize..3000).prop_map(|n| b"x".repeat(n)),
    ]
}

fn hostile() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(piece(), 0..80).prop_map(|v| v.concat())
}

/// True for what must never reach a terminal: controls other than line breaks and tabs, C1
/// controls, bidi controls, line and paragraph separators.
fn acts_on_a_terminal(c: char) -> bool {
    matches!(c, '\0'..='\x08' | '\x0b'..='\x1f' | '\x7f'..='\u{9f}' | '\u{2028}' | '\u{2029}'
        | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{61c}')
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn hostile_text_is_read_laid_out_quoted_and_exported_safely(
        text in hostile(),
        width in 1usize..120,
        at in any::<u16>(),
        markdown in any::<bool>(),
    ) {
        let name = if markdown { "hostile.md" } else { "hostile" };
        let Some(d) = Document::from_bytes(Origin::Builtin(name), text) else {
            return Ok(()); // binary: refused, nothing more to do
        };
        let len = d.len();
        prop_assert!(d.body_start <= len);
        // Paragraphs: inside the text, in order, and laid out within the width.
        let mut last_end = 0;
        for p in d.paragraphs() {
            prop_assert!(p.start <= p.end && p.end <= len && p.start >= last_end.min(p.start));
            last_end = p.end;
            let laid = d.layout(&p, width);
            let disp = &laid.display;
            prop_assert!(!disp.text.chars().any(|c| acts_on_a_terminal(c) || c == '\r'));
            let mut last_line = 0;
            for line in laid.lines {
                // Lines in order, on character boundaries, each mapping into the paragraph.
                prop_assert!(last_line <= line.start && line.start <= line.end);
                last_line = line.end;
                let src = disp.to_src(line.start);
                prop_assert!(src <= p.end.max(p.start), "{} outside {:?}", src, p);
                let l = &disp.text[line];
                prop_assert!(
                    layout::width(l) <= width
                        || unicode_segmentation::UnicodeSegmentation::graphemes(l, true)
                            .filter(|g| layout::cells(g) > 0)
                            .count()
                            <= 1,
                    "{:?} wider than {}", l, width
                );
            }
        }
        // Quotations: inside the text, in order, their parts too; the preview as well.
        let found = sidenote::quotes::extract(&d);
        prop_assert!(found.iter().all(|q| q.start() <= q.end() && q.end() <= len));
        prop_assert!(found.windows(2).all(|w| w[0].start() <= w[1].start()));
        let (range, ahead) = sidenote::quotes::preview(&d, usize::from(at) % (len + 1));
        prop_assert!(range.start <= range.end && range.end <= len);
        prop_assert!(ahead.iter().all(|q| q.end() <= len));
        // Every export: nothing that acts on a terminal.
        for format in [Format::Json, Format::Md, Format::Csv] {
            let mut out = Vec::new();
            export::write_quotes(&mut out, &d, &found, format, true).unwrap();
            let out = String::from_utf8(out).expect("exports are UTF-8");
            prop_assert!(!out.chars().any(|c| acts_on_a_terminal(c) || c == '\r'), "{:?}", out);
        }
        // The reader's screen, at the top and the end, and the plain output.
        let mut m = sidenote::update::init(sidenote::update::Start::new(vec![d], false)).0;
        update(&mut m, Action::Resize(width.clamp(20, 120) as u16, 12));
        for keys in ["", "G", "k ]"] {
            common::press(&mut m, keys);
            let screen = common::screen(&m);
            prop_assert!(!screen.chars().any(acts_on_a_terminal), "{:?}", screen);
        }
        let mut plain = Vec::new();
        sidenote::plain::write_docs(&mut plain, &m.docs, width.max(2) as u16).unwrap();
        let plain = String::from_utf8(plain).unwrap();
        prop_assert!(!plain.chars().any(|c| acts_on_a_terminal(c) || c == '\r'));
    }
}
