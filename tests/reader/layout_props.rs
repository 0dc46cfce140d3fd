//! Property tests for the invariants the reader depends on: wrapped lines fit the pane, no text
//! is lost or duplicated by wrapping or scrolling, the reading position survives any resize, and
//! sanitised text never carries a control character.

use proptest::prelude::*;
use sidenote::model::reader::Reader;
use sidenote::store::{Document, Origin};
use sidenote::text::layout::{width, wrap};
use sidenote::text::sanitize::{Breaks, display};

/// Text made of words in several scripts, with spaces, line breaks and paragraph breaks.
fn prose() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        "[a-zA-Z]{1,12}",
        "[àéîõü]{1,6}",
        "[日本語中文한국어]{1,8}",
        Just("🙂".to_string()),
        Just("“quoted,”".to_string()),
        "[a-z]{20,40}",
    ];
    let sep = prop_oneof![6 => Just(" "), 1 => Just("  "), 1 => Just("\n"), 1 => Just("\n\n"), 1 => Just("\t")];
    prop::collection::vec((word, sep), 1..120)
        .prop_map(|v| v.into_iter().map(|(w, s)| format!("{w}{s}")).collect())
}

fn visible(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn wrapped_lines_fit_and_keep_every_character(text in prose(), w in 2usize..100) {
        let d = display(text.as_bytes(), 0, Breaks::Keep);
        let lines = wrap(&d.text, w);
        let mut last_end = 0;
        for l in &lines {
            prop_assert!(width(&d.text[l.clone()]) <= w, "line {:?} wider than {}", &d.text[l.clone()], w);
            prop_assert!(l.start >= last_end);
            last_end = l.end;
        }
        let joined: String = lines.iter().map(|l| &d.text[l.clone()]).collect();
        prop_assert_eq!(visible(&joined), visible(&d.text));
    }

    #[test]
    fn scrolling_through_a_document_shows_every_word_once(text in prose(), w in 2u16..90, h in 1u16..12) {
        let doc = Document::from_bytes(Origin::Builtin("p"), text.into_bytes()).unwrap();
        let mut r = Reader::new(0, 0);
        let mut seen = String::new();
        // Page through; on each page take the rows not seen before.
        let mut shown_rows = std::collections::BTreeSet::new();
        for _ in 0..10_000 {
            for row in r.visible(&doc, w, h) {
                if shown_rows.insert(row) {
                    let wr = r.wrapped(&doc, row.para, w);
                    if let Some(l) = wr.lines.get(row.line) {
                        seen.push_str(&wr.display.text[l.clone()]);
                    }
                }
            }
            let before = r.top_row(&doc, w);
            r.scroll(&doc, i64::from(h).try_into().unwrap(), w, h);
            if r.top_row(&doc, w) == before {
                break;
            }
        }
        let all: String = doc.paragraphs().map(|p| doc.display(&p).text).collect();
        prop_assert_eq!(visible(&seen), visible(&all));
    }

    #[test]
    fn the_top_text_stays_on_the_top_row_across_resizes(
        text in prose(),
        w1 in 2u16..90,
        widths in prop::collection::vec(2u16..200, 1..5),
        steps in 0isize..60,
    ) {
        let doc = Document::from_bytes(Origin::Builtin("p"), text.into_bytes()).unwrap();
        let mut r = Reader::new(0, 0);
        r.scroll(&doc, steps, w1, 10);
        let offset = r.top_offset;
        for w in widths {
            let row = r.top_row(&doc, w);
            let wr = r.wrapped(&doc, row.para, w);
            if r.top_gap {
                continue;
            }
            let l = wr.lines[row.line].clone();
            let at = wr.display.to_disp(offset);
            prop_assert!(l.start <= at && at <= l.end.max(l.start), "offset {} not on top row at width {}", offset, w);
            prop_assert_eq!(r.top_offset, offset, "a resize alone never moves the position");
        }
    }

    #[test]
    fn sanitised_text_has_no_control_characters(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        for breaks in [Breaks::Reflow, Breaks::Keep] {
            let d = display(&bytes, 7, breaks);
            for c in d.text.chars() {
                prop_assert!(!c.is_control() || (c == '\n' && breaks == Breaks::Keep), "{:?} in {:?}", c, d.text);
                let bidi = matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
                prop_assert!(!bidi, "bidi control {:?}", c);
            }
            let mut last = 7;
            for (i, _) in d.text.char_indices() {
                let s = d.to_src(i);
                prop_assert!(s >= last && s < 7 + bytes.len().max(1));
                last = s;
            }
        }
    }
}
