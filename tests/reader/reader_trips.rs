//! What a new reader trips on (library, resume, search, bookmarks, the quote sidebar), each as
//! a key flow on the model that fails without its fix.

use crate::common;

use common::{press, screen};
use sidenote::action::{Action, Input};
use sidenote::effect::{Effect, LoadOutside};
use sidenote::model::{Model, Screen};
use sidenote::store::{Document, Origin};
use sidenote::update::update;

fn key(m: &mut Model, k: Input) {
    update(m, Action::Input(k));
}

fn typ(m: &mut Model, s: &str) {
    for c in s.chars() {
        key(m, Input::Char(c));
    }
}

fn library() -> Model {
    common::library_of(
        &[
            ("a", "title: Apples\n\nNothing about it here."),
            ("b", "title: Pears\n\nThe zebra appears here."),
            ("c", "title: Plums\n\nStripes."),
        ],
        Vec::new(),
        (80, 24),
    )
}

#[test]
fn esc_clears_an_accepted_library_filter() {
    let mut m = library();
    press(&mut m, "/");
    typ(&mut m, "zebra");
    key(&mut m, Input::Enter);
    assert_eq!(m.library.order.len(), 1);
    press(&mut m, "esc");
    assert_eq!(m.library.order.len(), 3, "{}", screen(&m));
    assert_eq!(m.screen, Screen::Library);
}

#[test]
fn the_bookmark_lists_filter_goes_when_the_list_closes() {
    let mut m = common::sample(100, 30);
    let fx = press(&mut m, "m");
    assert!(fx.is_empty(), "m asks for a note first");
    key(&mut m, Input::Enter);
    assert_eq!(m.bookmarks.len(), 1, "Enter saves the bookmark");
    press(&mut m, "B");
    press(&mut m, "/");
    typ(&mut m, "zzz");
    key(&mut m, Input::Enter);
    assert!(
        screen(&m).contains("Nothing matches “zzz”"),
        "{}",
        screen(&m)
    );
    press(&mut m, "esc");
    press(&mut m, "B");
    assert_eq!(m.bookmark_rows().len(), 1, "{}", screen(&m));
}

/// A long document whose saved place (from an earlier run) is its first paragraph.
fn library_with_saved_place() -> Model {
    let body: String = (0..400)
        .map(|i| format!("Paragraph {i} of the long one, with enough words to wrap.\n\n"))
        .collect();
    let text = format!("title: Long\n\n{body}");
    let doc = Document::from_bytes(Origin::Builtin("long"), text.clone().into_bytes()).unwrap();
    let saved = sidenote::place::Position {
        fingerprint: doc.fingerprint().to_string(),
        path: "long".into(),
        offset: 13,
        gap: false,
        anchor: "Paragraph 0".into(),
        progress: 0.0,
        updated: 1_700_000_000,
    };
    common::library_of(&[("long", &text)], vec![saved], (80, 24))
}

#[test]
fn a_document_reopens_where_it_was_left_in_this_run() {
    let mut m = library_with_saved_place();
    press(&mut m, "enter");
    press(&mut m, "G");
    let left_at = m.reader.as_ref().unwrap().top_offset;
    assert!(left_at > 1000);
    press(&mut m, "q");
    assert_eq!(m.screen, Screen::Library);
    assert!(
        screen(&m).contains("100%"),
        "the progress column follows:\n{}",
        screen(&m)
    );
    press(&mut m, "enter");
    assert_eq!(m.reader.as_ref().unwrap().top_offset, left_at);
}

/// A document whose title (shown only as its header) holds the word searched for.
fn titled_zebra() -> Model {
    let doc = Document::from_bytes(
        Origin::Builtin("z"),
        b"title: The zebra\n\nA zebra ran.\n\nThen the zebra slept.".to_vec(),
    )
    .unwrap();
    let mut m = sidenote::update::init(sidenote::update::Start::new(vec![doc], false)).0;
    update(&mut m, Action::Resize(80, 24));
    m
}

#[test]
fn search_covers_only_the_text_on_display() {
    use sidenote::model::Count;
    let mut m = titled_zebra();
    let body = m.docs[0].body_start;
    press(&mut m, "/");
    typ(&mut m, "zebra");
    key(&mut m, Input::Enter);
    assert_eq!(m.search.count, Count::Done { total: 2, index: 1 });
    press(&mut m, "n");
    press(&mut m, "n");
    let at = m.search.current.clone().expect("a match");
    assert!(at.start >= body, "n went round to the hidden title");
    assert_eq!(m.search.count, Count::Done { total: 2, index: 1 });
    press(&mut m, "N");
    press(&mut m, "N");
    assert!(m.search.current.clone().unwrap().start >= body);
}

#[test]
fn marking_a_bookmarked_passage_again_offers_its_note() {
    let mut m = common::sample(100, 30);
    press(&mut m, "m");
    typ(&mut m, "first");
    key(&mut m, Input::Enter);
    assert_eq!(m.bookmarks.len(), 1);
    press(&mut m, "m");
    let p = m.prompt.as_ref().expect("a prompt");
    assert_eq!(p.text, "first", "the note to edit");
    assert!(
        matches!(p.purpose, sidenote::model::PromptFor::EditNote(_)),
        "{:?}",
        p.purpose
    );
    assert!(screen(&m).contains("already bookmarked"), "{}", screen(&m));
    typ(&mut m, " and second");
    key(&mut m, Input::Enter);
    assert_eq!(m.bookmarks.len(), 1);
    assert_eq!(m.bookmarks[0].note, "first and second");
}

/// A bookmark on the last paragraph of a file outside the library.
fn bookmark_outside(path: &std::path::Path, text: &[u8]) -> sidenote::bookmarks::Bookmark {
    let doc = sidenote::store::load_file(path).unwrap();
    let start = text.windows(6).position(|w| w == b"Second").unwrap();
    sidenote::bookmarks::Bookmark {
        id: "1-1-1".into(),
        fingerprint: doc.fingerprint().to_string(),
        path: std::path::absolute(path)
            .unwrap()
            .to_string_lossy()
            .into_owned(),
        title: doc.title.clone(),
        created: 1,
        ..sidenote::bookmarks::Bookmark::at(&doc.bytes, start..text.len())
    }
}

#[test]
fn a_bookmark_outside_the_library_opens_its_document() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("far.txt");
    let text = b"title: Far away\n\nFirst paragraph.\n\nSecond paragraph, the marked one.";
    std::fs::write(&path, text).unwrap();
    let b = bookmark_outside(&path, text);
    let mut m = library();
    m.bookmarks.push(b.clone());
    press(&mut m, "B");
    let fx = press(&mut m, "enter");
    let Some(Effect::LoadOutside(LoadOutside {
        paths, bookmark, ..
    })) = fx.into_iter().next()
    else {
        panic!("no load asked for:\n{}", screen(&m));
    };
    assert_eq!(paths[0], std::path::absolute(&path).unwrap());
    assert_eq!(bookmark, b.id);
    // What the event loop does with the effect.
    let doc = sidenote::store::load_file(&paths[0]).unwrap();
    sidenote::update::adopt(&mut m, doc, &bookmark);
    assert_eq!(m.screen, Screen::Reader, "{}", screen(&m));
    assert!(screen(&m).contains("Second paragraph"), "{}", screen(&m));
    assert_eq!(m.docs.len(), 4, "it joins the list for this run");
}

#[test]
fn g_shows_the_last_line_at_every_width() {
    for w in [40u16, 60, 80, 89, 90, 100, 119, 120, 160] {
        let mut m = common::sample(w, 30);
        press(&mut m, "G");
        // The terminal says its size again (as some do after the first frame).
        update(&mut m, Action::Resize(w, 30));
        let s = screen(&m);
        assert!(s.contains("100%"), "{w}:\n{s}");
        assert!(s.contains("he said."), "{w}:\n{s}");
    }
}

#[test]
fn leaving_and_reopening_shows_the_same_screen_at_every_row() {
    let mut m = sidenote::update::init(sidenote::update::Start::new(
        sidenote::store::builtin(),
        true,
    ))
    .0;
    update(&mut m, Action::Resize(80, 30));
    press(&mut m, "enter");
    for row in 0..60 {
        let before = screen(&m);
        let fx = press(&mut m, "q");
        let Some(Effect::SavePosition(saved)) = fx.into_iter().next() else {
            panic!("no place saved");
        };
        // Reopened in a later run, from what was saved.
        let mut later = sidenote::update::init(sidenote::update::Start {
            positions: vec![saved],
            ..sidenote::update::Start::new(sidenote::store::builtin(), true)
        })
        .0;
        update(&mut later, Action::Resize(80, 30));
        press(&mut later, "enter");
        assert_eq!(screen(&later), before, "row {row}");
        press(&mut m, "enter j");
    }
}

#[test]
fn without_colour_every_highlight_still_shows() {
    use ratatui::style::{Color, Modifier};
    let mut m = common::sample(130, 35);
    m.theme = sidenote::ui::theme::Theme::built_in("mono");
    press(&mut m, "/");
    typ(&mut m, "Khovaev");
    key(&mut m, Input::Enter);
    press(&mut m, "tab j");
    let buf = common::draw(&m);
    // Everything above the status bar (which is in reverse video anyway).
    let body = buf.content.len() - usize::from(buf.area.width);
    let cells: Vec<_> = buf.content[..body].iter().collect();
    assert!(
        cells
            .iter()
            .all(|c| c.fg == Color::Reset && c.bg == Color::Reset),
        "NO_COLOR: no colour at all"
    );
    let with = |modifier: Modifier| {
        cells
            .iter()
            .filter(|c| c.modifier.contains(modifier))
            .count()
    };
    // Matches underlined; the current match and the selected quotation (text and sidebar
    // entry) in reverse video.
    assert!(
        with(Modifier::UNDERLINED) >= "Khovaev".len() * 2,
        "{}",
        screen(&m)
    );
    assert!(with(Modifier::REVERSED) > 40, "{}", screen(&m));
}

/// All the help shows, scrolled to its end: the text inside its frame, joined into words.
fn help_text(w: u16, h: u16) -> String {
    let mut m = common::sample(w, h);
    press(&mut m, "?");
    let mut seen = String::new();
    for _ in 0..=sidenote::ui::help::max_scroll(&m) {
        seen.push_str(&screen(&m));
        press(&mut m, "j");
    }
    seen.replace(['│', '─', '┌', '┐', '└', '┘'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn help_lists_every_key_whole_at_any_width() {
    for (w, h) in [(200, 60), (100, 30), (60, 20), (40, 15)] {
        let text = help_text(w, h);
        let tables = sidenote::keymap::DEFAULT
            .iter()
            .map(|(_, _, what)| *what)
            .chain(sidenote::keymap::BAR.iter().map(|(_, _, what)| *what));
        for what in tables {
            assert!(text.contains(what), "{w}×{h}: “{what}” not shown whole");
        }
        for heading in [
            "Reading, the library, the quote sidebar, bookmarks",
            "In the search bar and the note and filter prompts",
        ] {
            assert!(
                text.contains(heading),
                "{w}×{h}: “{heading}” not shown whole"
            );
        }
        for key in ["^r", "^e", "^w", "^u", "↑", "↓"] {
            assert!(text.contains(key), "{w}×{h}: {key} missing");
        }
    }
}

#[test]
fn the_library_names_files_and_the_sample_is_known_by_its_title() {
    let dir = tempfile::tempdir().unwrap();
    let mut docs = Vec::new();
    for (name, title) in [("zebra-notes.txt", "Apples"), ("apple-notes.txt", "Zebras")] {
        let path = dir.path().join(name);
        std::fs::write(&path, format!("title: {title}\n\nText.")).unwrap();
        docs.push(sidenote::store::load_file(&path).unwrap());
    }
    let mut m = sidenote::update::init(sidenote::update::Start::new(docs, true)).0;
    update(&mut m, Action::Resize(120, 20));
    let s = screen(&m);
    assert!(
        s.contains("zebra-notes.txt") && s.contains("apple-notes.txt"),
        "{s}"
    );
    // Too narrow for a column: the selected document's file is named at the bottom.
    update(&mut m, Action::Resize(60, 20));
    let s = screen(&m);
    let selected = m.docs[m.library.order[m.library.selected]]
        .origin
        .short_name();
    assert!(s.lines().last().unwrap().contains(&selected), "{s}");

    let mut sample = common::sample(100, 30);
    press(&mut sample, "j");
    assert!(!screen(&sample).contains("000_"), "{}", screen(&sample));
}

#[test]
fn the_mouse_selects_and_scrolls_what_is_under_it() {
    // The library: a click selects a row, a second click opens it.
    let mut m = library();
    let row =
        |m: &Model, title: &str| screen(m).lines().position(|l| l.contains(title)).unwrap() as u16;
    let y = row(&m, "Plums");
    update(&mut m, Action::Click(10, y));
    let plums = m.library.order[m.library.selected];
    assert_eq!(m.docs[plums].title, "Plums");
    update(&mut m, Action::Click(10, y));
    assert_eq!(m.screen, Screen::Reader);

    // The sidebar: the wheel over it moves its list, not the text; a click picks a quotation.
    let mut m = common::sample(130, 35);
    let top = m.reader.as_ref().unwrap().top_offset;
    update(
        &mut m,
        Action::Wheel {
            down: true,
            x: 120,
            y: 20,
        },
    );
    assert_eq!(m.reader.as_ref().unwrap().top_offset, top, "the text stays");
    assert!(m.sidebar.selected.is_some(), "the list moved");
    let s = screen(&m);
    let lines: Vec<&str> = s.lines().collect();
    // An entry not selected (the selected one is marked ▌), and the start of its quotation.
    let y = lines
        .iter()
        .rposition(|l| l.contains("│ Igor Khovaev"))
        .unwrap();
    let start: String = lines[y + 1]
        .rsplit('“')
        .next()
        .unwrap()
        .chars()
        .take(12)
        .collect();
    update(&mut m, Action::Click(110, y as u16));
    let (i, (_, d)) = (m.sidebar.selected.unwrap(), m.open_doc().unwrap());
    let q = &m.open_quotes().unwrap()[i];
    assert!(
        d.bytes[q.start()..].starts_with(start.as_bytes()),
        "{start:?}\n{s}"
    );
    // The wheel over the text scrolls the text.
    update(
        &mut m,
        Action::Wheel {
            down: true,
            x: 10,
            y: 10,
        },
    );
    assert_ne!(m.reader.as_ref().unwrap().top_offset, top);

    // The bookmark list: a click selects an entry.
    let mut m = common::sample(100, 30);
    for keys in ["m", "G m"] {
        press(&mut m, keys);
        key(&mut m, Input::Enter);
    }
    press(&mut m, "B");
    assert_eq!(m.marks.selected, 0);
    let s = screen(&m);
    let second = s
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("(2019-09-05)"))
        .nth(1)
        .expect(&s)
        .0;
    update(&mut m, Action::Click(20, second as u16 + 1));
    assert_eq!(m.marks.selected, 1, "{s}");
}
