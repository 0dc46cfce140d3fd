//! Whole-screen snapshots from `TestBackend` at fixed sizes, plus style checks on exact cells
//! (text snapshots do not record colour).

use crate::common;

use common::{draw, press, sample, screen};
use ratatui::style::Modifier;
use sidenote::action::Action;
use sidenote::model::Model;
use sidenote::store;
use sidenote::update::update;

#[test]
fn sample_top_80x24() {
    insta::assert_snapshot!(screen(&sample(80, 24)));
}

#[test]
fn sample_end_80x24() {
    let mut m = sample(80, 24);
    press(&mut m, "G");
    insta::assert_snapshot!(screen(&m));
}

#[test]
fn sample_top_40x12() {
    insta::assert_snapshot!(screen(&sample(40, 12)));
}

#[test]
fn sample_paragraphs_40x12() {
    let mut m = sample(40, 12);
    press(&mut m, "} } }");
    insta::assert_snapshot!(screen(&m));
}

#[test]
fn help_80x24() {
    let mut m = sample(80, 24);
    press(&mut m, "?");
    insta::assert_snapshot!(screen(&m));
}

/// A library of the Markdown, book and README fixtures at 80×24.
fn fixture_library() -> Model {
    let scan = store::load_paths(
        &[
            "tests/fixtures/notes.md".into(),
            "tests/fixtures/pride-and-prejudice-ch1.txt".into(),
            "tests/fixtures/README.md".into(),
        ],
        &mut Default::default(),
    )
    .unwrap();
    let mut m = sidenote::update::init(sidenote::update::Start::new(scan.docs, true)).0;
    update(&mut m, Action::Resize(80, 24));
    m
}

#[test]
fn markdown_and_book_library_80x24() {
    let m = fixture_library();
    insta::assert_snapshot!(screen(&m).replace(env!("CARGO_MANIFEST_DIR"), "<repo>"));
}

#[test]
fn markdown_reader_with_wide_characters_40x12() {
    let d = store::load_file(std::path::Path::new("tests/fixtures/notes.md")).unwrap();
    let mut m = sidenote::update::init(sidenote::update::Start::new(vec![d], false)).0;
    update(&mut m, Action::Resize(40, 12));
    press(&mut m, "G");
    insta::assert_snapshot!(screen(&m));
}

#[test]
fn status_bar_is_reversed_and_title_bold() {
    let m = sample(80, 24);
    let buf = draw(&m);
    assert!(buf[(0, 23)].modifier.contains(Modifier::REVERSED));
    assert!(buf[(79, 23)].modifier.contains(Modifier::REVERSED));
    let title_x = (0..80).find(|&x| buf[(x, 0)].symbol() == "I").unwrap();
    assert!(buf[(title_x, 0)].modifier.contains(Modifier::BOLD));
    // Body text is plain.
    assert!(!buf[(title_x, 2)].modifier.contains(Modifier::BOLD));
}

#[test]
fn headings_are_styled() {
    let d = store::load_file(std::path::Path::new("tests/fixtures/notes.md")).unwrap();
    let mut m = sidenote::update::init(sidenote::update::Start::new(vec![d], false)).0;
    update(&mut m, Action::Resize(80, 24));
    let buf = draw(&m);
    let s = screen(&m);
    let row = s
        .lines()
        .position(|l| l.trim_start_matches([' ', '│']).trim() == "Field notes")
        .expect("heading shown without #");
    let x = (0..80)
        .find(|&x| buf[(x, row as u16)].symbol() == "F")
        .unwrap();
    assert!(buf[(x, row as u16)].modifier.contains(Modifier::BOLD));
}

#[test]
fn library_selection_is_highlighted_and_follows_keys() {
    let mut m = fixture_library();
    let reversed = |m: &Model, row: u16| draw(m)[(5, row)].modifier.contains(Modifier::REVERSED);
    assert!(reversed(&m, 1) && !reversed(&m, 2));
    press(&mut m, "j");
    assert!(!reversed(&m, 1) && reversed(&m, 2));
}

#[test]
fn sidebar_130x35() {
    let mut m = sample(130, 35);
    press(&mut m, "tab j j enter");
    insta::assert_snapshot!(screen(&m));
}

#[test]
fn emoji_sequences_flags_and_marks_stay_inside_their_rows() {
    let text = "Family 👨\u{200d}👩\u{200d}👧\u{200d}👦 and flags 🇫🇷🇩🇪 and 👍🏽 and ❤\u{fe0f} and 1\u{fe0f}\u{20e3}. \
                Zalgo e\u{301}\u{302}\u{303}\u{304}\u{305}\u{306}\u{307}\u{308} and a\u{200b}\u{200b}\u{200b}b. "
        .repeat(30);
    for (w, h) in [(80, 24), (41, 12), (23, 10)] {
        let d = store::Document::from_bytes(store::Origin::Builtin("e"), text.clone().into_bytes());
        let mut m = sidenote::update::init(sidenote::update::Start::new(vec![d.unwrap()], false)).0;
        update(&mut m, Action::Resize(w, h));
        let buf = draw(&m);
        let scrollbar = w - 1;
        for y in 2..h - 1 {
            // The scrollbar is where it belongs on every text row: nothing pushed it out.
            let s = buf[(scrollbar, y)].symbol();
            assert!(
                ["║", "█"].contains(&s),
                "{w}x{h} row {y}: {s:?}\n{}",
                screen(&m)
            );
            for x in 0..w {
                let sym = buf[(x, y)].symbol();
                // A cell holds whole clusters: never a mark or a joiner on its own.
                let first = sym.chars().next().unwrap_or(' ');
                assert!(
                    unicode_width::UnicodeWidthChar::width(first) != Some(0),
                    "{w}x{h} ({x},{y}): {sym:?}"
                );
            }
        }
    }
}

#[test]
fn no_cluster_is_cut_off_at_the_end_of_a_row() {
    // Emoji sequences and marks among words, reflowed at several widths and shown whole: every
    // character shown is on screen (a line measured narrower than it draws loses its end).
    let text = "Heart ❤\u{fe0f}❤\u{fe0f} then 👍🏽👍🏽 and e\u{301}\u{302} and 🇫🇷. ".repeat(12);
    for w in [23u16, 31, 40, 57] {
        let d = store::Document::from_bytes(store::Origin::Builtin("e"), text.clone().into_bytes());
        let d = d.unwrap();
        let shown = d.display(&d.first_paragraph().unwrap()).text;
        let mut m = sidenote::update::init(sidenote::update::Start::new(vec![d], false)).0;
        update(&mut m, Action::Resize(w, 200));
        let on_screen: String = screen(&m)
            .lines()
            .skip(2)
            .map(|l| {
                l.trim_start_matches(['│', ' '])
                    .trim_end_matches(['║', '█', ' '])
            })
            .collect::<Vec<_>>()
            .join(" ");
        let squash = |s: &str| s.split_whitespace().collect::<String>();
        assert!(
            squash(&on_screen).contains(&squash(&shown)),
            "{w}: {on_screen}\nwant {shown}"
        );
    }
}

#[test]
fn html_article_80x24() {
    let d = store::load_file(std::path::Path::new(
        "tests/fixtures/formats/news-page.html",
    ))
    .unwrap();
    let mut m = sidenote::update::init(sidenote::update::Start::new(vec![d], false)).0;
    update(&mut m, Action::Resize(80, 24));
    insta::assert_snapshot!(screen(&m));
}

fn guide(w: u16, h: u16) -> Model {
    let d = store::load_file(std::path::Path::new("tests/fixtures/formats/guide.md")).unwrap();
    let mut m = sidenote::update::init(sidenote::update::Start::new(vec![d], false)).0;
    update(&mut m, Action::Resize(w, h));
    m
}

#[test]
fn markdown_rendered_80x24() {
    let mut m = guide(80, 24);
    insta::assert_snapshot!("markdown_rendered_80x24_top", screen(&m));
    // The second screen: the quotation, the table, code.
    press(&mut m, "space");
    insta::assert_snapshot!("markdown_rendered_80x24_next", screen(&m));
}

#[test]
fn markdown_markup_is_drawn_as_styles() {
    let m = guide(100, 30);
    let buf = draw(&m);
    let s = screen(&m);
    // The cell showing the first character of `needle` on the screen.
    let cell = |needle: &str| {
        let (row, line) = s
            .lines()
            .enumerate()
            .find(|(_, l)| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle:?} not shown:\n{s}"));
        let col = sidenote::text::layout::width(&line[..line.find(needle).unwrap()]);
        buf[(col as u16, row as u16)].clone()
    };
    assert!(cell("about an hour").modifier.contains(Modifier::ITALIC));
    assert!(cell("every pier").modifier.contains(Modifier::BOLD));
    assert!(
        cell("ferry timetable")
            .modifier
            .contains(Modifier::UNDERLINED)
    );
    assert!(!cell("and read").modifier.contains(Modifier::UNDERLINED));
    assert_eq!(cell("good shoes").fg, m.theme.code.fg.unwrap());
    assert!(
        !s.contains("**") && !s.contains("](") && !s.contains("# "),
        "{s}"
    );
}
