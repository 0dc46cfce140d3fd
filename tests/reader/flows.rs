//! Key flows on the model: key strings in, model state and screens out. No terminal, no sleeps.

use crate::common;

use common::{press, sample, screen};
use sidenote::action::Action;
use sidenote::effect::Effect;
use sidenote::model::{Model, Screen};
use sidenote::store::{self, Document, Origin};
use sidenote::update::{text_size, update};

fn top_text(m: &Model) -> String {
    let (r, d) = m.open_doc().unwrap();
    let (w, _) = text_size(m);
    let row = r.top_row(d, w);
    let wrapped = r.wrapped(d, row.para, w);
    wrapped
        .lines
        .get(row.line)
        .map(|l| wrapped.display.text[l.clone()].to_string())
        .unwrap_or_default()
}

#[test]
fn g_and_shift_g_go_to_the_ends() {
    let mut m = sample(100, 30);
    press(&mut m, "G");
    assert!(screen(&m).contains("opportunity,” he said."));
    assert!(screen(&m).contains("100%"));
    press(&mut m, "g");
    assert!(top_text(&m).starts_with("In a bid to boost"));
    press(&mut m, "end");
    let after_end = top_text(&m);
    press(&mut m, "home G");
    assert_eq!(top_text(&m), after_end);
}

#[test]
fn lines_pages_and_half_pages() {
    let mut m = sample(80, 24);
    let start = top_text(&m);
    press(&mut m, "j");
    let one = top_text(&m);
    assert_ne!(one, start);
    press(&mut m, "k");
    assert_eq!(top_text(&m), start);
    press(&mut m, "space");
    let page = top_text(&m);
    press(&mut m, "b");
    assert_eq!(top_text(&m), start);
    press(&mut m, "f b pagedown pageup down up");
    assert_eq!(top_text(&m), start);
    press(&mut m, "ctrl-d ctrl-u");
    assert_eq!(top_text(&m), start);
    assert_ne!(page, start);
}

#[test]
fn paging_never_passes_the_end_or_the_top() {
    let mut m = sample(80, 24);
    press(&mut m, "G");
    let end = top_text(&m);
    press(&mut m, "space space j j ctrl-d");
    assert_eq!(top_text(&m), end);
    press(&mut m, "g k b ctrl-u");
    assert!(top_text(&m).starts_with("In a bid"));
}

#[test]
fn braces_put_paragraph_starts_at_the_top() {
    let mut m = sample(80, 24);
    press(&mut m, "}");
    assert!(
        top_text(&m).starts_with("“We are ready to supply"),
        "{}",
        top_text(&m)
    );
    press(&mut m, "}");
    assert!(top_text(&m).starts_with("“We offer advanced"));
    press(&mut m, "j {");
    assert!(
        top_text(&m).starts_with("“We offer advanced"),
        "mid-paragraph {{ goes to its start"
    );
    press(&mut m, "{");
    assert!(top_text(&m).starts_with("“We are ready to supply"));
}

#[test]
fn mouse_wheel_scrolls_three_lines() {
    let mut m = sample(80, 24);
    let mut n = sample(80, 24);
    update(&mut m, Action::WheelDown);
    press(&mut n, "j j j");
    assert_eq!(top_text(&m), top_text(&n));
    update(&mut m, Action::WheelUp);
    assert!(top_text(&m).starts_with("In a bid"));
}

#[test]
fn help_opens_and_esc_closes_it() {
    let mut m = sample(80, 24);
    press(&mut m, "?");
    assert!(screen(&m).contains("half page down"));
    press(&mut m, "j");
    assert!(
        screen(&m).contains("half page down"),
        "keys other than close leave help open"
    );
    press(&mut m, "esc");
    assert!(!screen(&m).contains("half page down"));
    assert!(top_text(&m).starts_with("In a bid"));
}

#[test]
fn q_quits_a_single_document_and_saves_the_place() {
    let mut m = sample(80, 24);
    press(&mut m, "} }");
    let fx = press(&mut m, "q");
    assert!(m.quit);
    assert!(
        matches!(fx.as_slice(), [Effect::SavePosition(p), Effect::Quit] if p.anchor.starts_with("“We offer"))
    );
}

#[test]
fn resume_puts_the_reader_back_on_the_same_text() {
    let mut m = sample(80, 24);
    press(&mut m, "} } j j");
    let before = top_text(&m);
    let fx = press(&mut m, "q");
    let Effect::SavePosition(p) = &fx[0] else {
        panic!("no save")
    };
    let mut again = sidenote::update::init(sidenote::update::Start {
        positions: vec![p.clone()],
        ..sidenote::update::Start::new(store::builtin(), false)
    })
    .0;
    update(&mut again, Action::Resize(80, 24));
    assert_eq!(top_text(&again), before);
}

#[test]
fn resume_after_an_edit_finds_the_anchor_text() {
    let text = "Intro paragraph.\n\nMiddle paragraph here.\n\nTarget paragraph text.";
    let d = Document::from_bytes(Origin::Builtin("a"), text.as_bytes().to_vec()).unwrap();
    let mut m = sidenote::update::init(sidenote::update::Start::new(vec![d], false)).0;
    press(&mut m, "} }");
    let Effect::SavePosition(p) = press(&mut m, "q").remove(0) else {
        panic!()
    };
    let edited = format!("A new first paragraph was added.\n\n{text}");
    let d2 = Document::from_bytes(Origin::Builtin("a"), edited.into_bytes()).unwrap();
    assert_ne!(d2.fingerprint(), p.fingerprint);
    let m2 = sidenote::update::init(sidenote::update::Start {
        positions: vec![p],
        ..sidenote::update::Start::new(vec![d2], false)
    })
    .0;
    assert!(top_text(&m2).starts_with("Target paragraph"));
}

#[test]
fn resize_keeps_the_top_sentence_in_view() {
    let mut m = sample(100, 30);
    press(&mut m, "} } } } j");
    let top = top_text(&m);
    let first_words: String = top.split(' ').take(2).collect::<Vec<_>>().join(" ");
    for (w, h) in [(50, 30), (40, 12), (200, 60), (100, 30)] {
        update(&mut m, Action::Resize(w, h));
        let s = screen(&m);
        let text_rows: Vec<&str> = s.lines().skip(2).take(3).collect();
        assert!(
            text_rows
                .iter()
                .any(|l| l.contains(first_words.split(' ').next().unwrap())),
            "{w}x{h}: {first_words:?} not near the top:\n{s}"
        );
    }
}

#[test]
fn library_lists_opens_sorts_and_returns() {
    let docs: Vec<Document> = [
        ("a", "title: Zebra\ndate: 2020-01-01\n\nZ body."),
        ("b", "title: Apple\ndate: 2021-06-01\n\nA body."),
    ]
    .into_iter()
    .map(|(n, t)| {
        Document::from_bytes(
            Origin::Builtin(if n == "a" { "a" } else { "b" }),
            t.as_bytes().to_vec(),
        )
        .unwrap()
    })
    .collect();
    let mut m = sidenote::update::init(sidenote::update::Start::new(docs, true)).0;
    update(&mut m, Action::Resize(80, 24));
    assert_eq!(m.screen, Screen::Library);
    let s = screen(&m);
    let (apple, zebra) = (s.find("Apple").unwrap(), s.find("Zebra").unwrap());
    assert!(apple < zebra, "newest first by date:\n{s}");
    press(&mut m, "o");
    assert!(screen(&m).contains("sorted by title"));
    press(&mut m, "j enter");
    assert_eq!(m.screen, Screen::Reader);
    assert!(screen(&m).contains("Z body."));
    let fx = press(&mut m, "q");
    assert_eq!(m.screen, Screen::Library);
    assert!(!m.quit && matches!(fx.as_slice(), [Effect::SavePosition(_)]));
    assert!(
        screen(&m).contains("100%"),
        "progress shows after reading:\n{}",
        screen(&m)
    );
    press(&mut m, "q");
    assert!(m.quit);
}

#[test]
fn ctrl_c_quits_from_anywhere() {
    let mut m = sample(80, 24);
    press(&mut m, "?");
    let fx = press(&mut m, "ctrl-c");
    assert!(m.quit && fx.contains(&Effect::Quit));
}

#[test]
fn tiny_terminals_never_panic() {
    for (w, h) in [(1, 1), (2, 2), (5, 3), (12, 3), (20, 4), (3, 40), (300, 2)] {
        let mut m = sample(w, h);
        press(&mut m, "j space G } { ctrl-d ctrl-u g ? esc k b");
        let _ = screen(&m);
    }
}

#[test]
fn empty_document_shows_a_notice() {
    let d = Document::from_bytes(Origin::Builtin("empty.txt"), Vec::new()).unwrap();
    let mut m = sidenote::update::init(sidenote::update::Start::new(vec![d], false)).0;
    update(&mut m, Action::Resize(40, 12));
    press(&mut m, "j G space");
    assert!(screen(&m).contains("(empty document)"));
}

#[test]
fn help_scrolls_when_it_does_not_fit_and_shows_two_columns_when_wide() {
    let mut m = sample(80, 24);
    press(&mut m, "?");
    let first = screen(&m);
    assert!(first.contains("line down"));
    press(&mut m, "j j j j j j j j");
    let later = screen(&m);
    assert!(
        later.contains("quit") && !later.contains("line down"),
        "{later}"
    );
    let mut wide = sample(160, 40);
    press(&mut wide, "?");
    let s = screen(&wide);
    assert!(s.contains("line down") && s.contains("^c"), "{s}");
}

#[test]
fn every_overlay_and_prompt_survives_tiny_terminals() {
    use sidenote::action::Input;
    for (w, h) in [
        (1, 1),
        (2, 3),
        (4, 2),
        (9, 4),
        (13, 3),
        (20, 5),
        (33, 6),
        (121, 4),
    ] {
        let mut m = sample(w, h);
        press(&mut m, "s tab j m");
        update(&mut m, Action::Input(Input::Char('x')));
        let _ = screen(&m);
        update(&mut m, Action::Input(Input::Enter));
        press(&mut m, "tab v j j m");
        let _ = screen(&m);
        update(&mut m, Action::Input(Input::Esc));
        press(&mut m, "/");
        update(&mut m, Action::Input(Input::Char('a')));
        let _ = screen(&m);
        update(&mut m, Action::Input(Input::Enter));
        press(&mut m, "n N B j e");
        let _ = screen(&m);
        update(&mut m, Action::Input(Input::Esc));
        press(&mut m, "d u / ");
        let _ = screen(&m);
        update(&mut m, Action::Input(Input::Esc));
        press(&mut m, "esc ?");
        let _ = screen(&m);
    }
}

#[test]
fn a_large_document_reads_the_same_from_either_end() {
    // Past the size where paragraphs are found on demand; numbered so every screen is known.
    let text: String = (0..80_000)
        .map(|i| format!("Paragraph {i} of the long document, with some words to wrap.\n\n"))
        .collect();
    assert!(text.len() > sidenote::store::para_index::FULL_MAX);
    let d = Document::from_bytes(Origin::Builtin("big"), text.into_bytes()).unwrap();
    let mut m = sidenote::update::init(sidenote::update::Start::new(vec![d], false)).0;
    update(&mut m, Action::Resize(60, 20));
    assert!(top_text(&m).starts_with("Paragraph 0 of"));
    press(&mut m, "G");
    let s = screen(&m);
    assert!(
        s.contains("Paragraph 79999 of") && s.contains("100%"),
        "{s}"
    );
    // Paging back up from the end and down again lands on the same text.
    press(&mut m, "b b b");
    let up = top_text(&m);
    assert!(up.starts_with("Paragraph 799"), "{up}");
    press(&mut m, "space space space");
    press(&mut m, "b b b");
    assert_eq!(top_text(&m), up);
    // Paragraph steps and a resize keep to the text.
    press(&mut m, "}");
    let next = top_text(&m);
    update(&mut m, Action::Resize(30, 12));
    assert!(top_text(&m).starts_with(next.split(" of").next().unwrap()));
    press(&mut m, "{ {");
    assert!(top_text(&m).starts_with("Paragraph 79"), "{}", top_text(&m));
    press(&mut m, "g");
    assert!(top_text(&m).starts_with("Paragraph 0 of"));
}

/// A single document of `text`, open in the reader at `w`×`h`.
fn reading(text: &str, w: u16, h: u16) -> Model {
    let d = Document::from_bytes(Origin::Builtin("book"), text.as_bytes().to_vec()).unwrap();
    let mut m = sidenote::update::init(sidenote::update::Start::new(vec![d], false)).0;
    update(&mut m, Action::Resize(w, h));
    m
}

fn book() -> String {
    let mut text = String::new();
    for (i, name) in ["I.", "II.", "III.", "IV."].iter().enumerate() {
        text += &format!("CHAPTER {name}\n\n");
        for p in 0..12 {
            text += &format!(
                "Chapter {} paragraph {p} goes on for a while, long enough to wrap.\n\n",
                i + 1
            );
        }
    }
    text
}

#[test]
fn the_outline_lists_chapters_marks_the_current_one_and_enter_goes_there() {
    let mut m = reading(&book(), 80, 24);
    press(&mut m, "t");
    let s = screen(&m);
    assert!(s.contains("Outline"), "{s}");
    for heading in [
        "▶ CHAPTER I.",
        "  CHAPTER II.",
        "  CHAPTER III.",
        "  CHAPTER IV.",
    ] {
        assert!(s.contains(heading), "{heading:?} missing:\n{s}");
    }
    press(&mut m, "j j enter");
    assert_eq!(m.overlay, None);
    assert_eq!(top_text(&m), "CHAPTER III.");
    // Further into chapter 3, the outline opens on it; `O` opens it too and `esc` leaves the
    // reader where it was.
    press(&mut m, "j j j");
    let before = m.reader.as_ref().unwrap().top_offset;
    press(&mut m, "O");
    assert!(screen(&m).contains("▶ CHAPTER III."), "{}", screen(&m));
    press(&mut m, "G esc");
    assert_eq!(m.reader.as_ref().unwrap().top_offset, before);
    press(&mut m, "t G enter");
    assert_eq!(top_text(&m), "CHAPTER IV.");
}

#[test]
fn a_document_without_headings_says_so_instead_of_an_empty_outline() {
    let mut m = reading(
        "One paragraph.\n\nAnother paragraph, \"with a quote,\" he said.",
        80,
        24,
    );
    press(&mut m, "t");
    assert_eq!(m.overlay, None);
    assert!(
        screen(&m).contains("no headings or chapters"),
        "{}",
        screen(&m)
    );
}

#[test]
fn a_large_documents_outline_is_found_off_the_input_path_once() {
    let mut text = String::new();
    while text.len() <= 5 << 20 {
        text += &book();
    }
    let mut m = reading(&text, 80, 24);
    let fx = press(&mut m, "t");
    assert_eq!(fx, [Effect::FindOutline(0)]);
    assert_eq!(m.overlay, None);
    assert!(
        press(&mut m, "t").is_empty(),
        "asked once while it is found"
    );
    let found = store::outline::outline(&m.docs[0]);
    sidenote::update::outline_ready(&mut m, 0, found);
    assert_eq!(m.overlay, Some(sidenote::model::Overlay::Outline));
    assert!(screen(&m).contains("▶ CHAPTER I."));
    // Kept for the next look.
    press(&mut m, "esc");
    assert!(press(&mut m, "t").is_empty());
    assert_eq!(m.overlay, Some(sidenote::model::Overlay::Outline));
}

/// Line by line through rendered Markdown, down to the end and back: every row is a place of
/// its own (tables laid out out of source order too), so the way up passes the same places.
#[test]
fn rendered_markdown_scrolls_row_by_row_both_ways() {
    for (w, h) in [(30u16, 10u16), (40, 24), (57, 15), (80, 24), (131, 12)] {
        let d = store::load_file(std::path::Path::new("tests/fixtures/formats/guide.md")).unwrap();
        let mut m = sidenote::update::init(sidenote::update::Start::new(vec![d], false)).0;
        update(&mut m, Action::Resize(w, h));
        // The text alone: the sidebar's selection follows the reading and is not the point.
        if m.sidebar_shown() {
            press(&mut m, "s");
        }
        let place = |m: &Model| {
            let r = m.reader.as_ref().unwrap();
            (r.top_offset, r.top_gap, screen(m))
        };
        let mut down = vec![place(&m)];
        loop {
            press(&mut m, "j");
            let p = place(&m);
            if p.2 == down.last().unwrap().2 {
                break;
            }
            assert!(down.len() < 500, "{w}x{h}: no end going down");
            down.push(p);
        }
        let mut up = vec![down.last().unwrap().clone()];
        loop {
            press(&mut m, "k");
            let p = place(&m);
            if p.2 == up.last().unwrap().2 {
                break;
            }
            assert!(up.len() < 500, "{w}x{h}: no end going up");
            up.push(p);
        }
        up.reverse();
        if down.len() != up.len() {
            let i = down
                .iter()
                .zip(&up)
                .position(|(a, b)| a.2 != b.2)
                .unwrap_or(0);
            eprintln!(
                "{w}x{h} {} vs {}, differ at {i}: down {:?}\n{}\nup {:?}\n{}",
                down.len(),
                up.len(),
                (down[i].0, down[i].1),
                down[i].2,
                (up[i].0, up[i].1),
                up[i].2
            );
        }
        assert!(down.len() > 10, "{w}x{h}: {} rows", down.len());
        assert_eq!(
            down.len(),
            up.len(),
            "{w}x{h}: down and up pass different places"
        );
        for (a, b) in down.iter().zip(&up) {
            assert_eq!(a.2, b.2, "{w}x{h}: the same place shows differently");
        }
    }
}
