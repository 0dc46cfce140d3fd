//! The search bar on the model: typing, Enter, Esc, n/N, editing keys, modes, history, and
//! searching the sidebar and the library.

use crate::common;

use common::{draw, press, sample, screen};
use sidenote::action::{Action, Input};
use sidenote::effect::{Effect, FindMatch};
use sidenote::model::{Count, Model, Screen};
use sidenote::store::{Document, Origin};
use sidenote::update::{text_size, update};

fn typ(m: &mut Model, text: &str) -> Vec<Effect> {
    text.chars()
        .flat_map(|c| update(m, Action::Input(Input::Char(c))))
        .collect()
}

fn key(m: &mut Model, k: Input) -> Vec<Effect> {
    update(m, Action::Input(k))
}

fn current_text(m: &Model) -> String {
    let (_, d) = m.open_doc().unwrap();
    String::from_utf8_lossy(&d.bytes[m.search.current.clone().unwrap()]).into_owned()
}

fn top(m: &Model) -> (usize, bool) {
    let r = m.reader.as_ref().unwrap();
    (r.top_offset, r.top_gap)
}

#[test]
fn typing_searches_as_you_type_with_a_counter() {
    let mut m = sample(100, 30);
    press(&mut m, "/");
    assert!(m.search.editing);
    typ(&mut m, "arms");
    assert_eq!(m.search.count, Count::Done { total: 3, index: 1 });
    assert_eq!(current_text(&m), "arms");
    let s = screen(&m);
    assert!(
        s.lines().last().unwrap().contains("/arms") && s.contains("1/3"),
        "{s}"
    );
}

#[test]
fn enter_keeps_place_and_highlights_n_wraps_esc_returns() {
    let mut m = sample(100, 30);
    let start = top(&m);
    press(&mut m, "/");
    typ(&mut m, "arms");
    let fx = key(&mut m, Input::Enter);
    assert!(fx.contains(&Effect::SaveSearch("arms".into())));
    assert!(!m.search.editing && m.search.shown);
    press(&mut m, "n");
    assert_eq!(m.search.count, Count::Done { total: 3, index: 2 });
    press(&mut m, "n n");
    assert_eq!(m.search.count, Count::Done { total: 3, index: 1 });
    let notice = m.status.clone().unwrap();
    assert!(notice.contains("wrapped"), "{notice}");
    assert_eq!(notice.kind, sidenote::model::NoticeKind::Info);
    press(&mut m, "N");
    assert_eq!(m.search.count, Count::Done { total: 3, index: 3 });
    press(&mut m, "esc");
    assert_eq!(top(&m), start, "Esc goes back to where the search began");
    assert!(!m.search.shown);
}

#[test]
fn esc_while_typing_returns_exactly() {
    let mut m = sample(80, 24);
    press(&mut m, "} } j");
    let start = top(&m);
    press(&mut m, "/");
    typ(&mut m, "elefante");
    assert_ne!(top(&m), start, "the reader moved to the match");
    key(&mut m, Input::Esc);
    assert_eq!(top(&m), start);
    assert!(!m.search.editing && !m.search.shown);
}

#[test]
fn search_starts_at_the_reading_position() {
    let mut m = sample(100, 30);
    press(&mut m, "G");
    press(&mut m, "/");
    typ(&mut m, "khovaev");
    // From the end there is no later match: it wraps to the first.
    assert!(m.search.current.is_some());
    let mut m2 = sample(100, 30);
    press(&mut m2, "} } } }");
    press(&mut m2, "/");
    typ(&mut m2, "khovaev");
    assert_eq!(
        m2.search.count,
        Count::Done { total: 5, index: 3 },
        "first match at or after the top"
    );
}

#[test]
fn no_match_and_invalid_regex_are_said_in_the_bar() {
    let mut m = sample(100, 30);
    let start = top(&m);
    press(&mut m, "/");
    typ(&mut m, "zebra");
    assert!(screen(&m).contains("no match"));
    assert_eq!(top(&m), start);
    key(&mut m, Input::Clear);
    key(&mut m, Input::ToggleRegex);
    typ(&mut m, "arms(");
    let s = screen(&m);
    assert!(s.contains("[regex]") && s.contains("invalid"), "{s}");
    key(&mut m, Input::Backspace);
    assert_eq!(m.search.count, Count::Done { total: 3, index: 1 });
}

#[test]
fn editing_keys() {
    let mut m = sample(100, 30);
    press(&mut m, "/");
    typ(&mut m, "defense ties");
    key(&mut m, Input::DeleteWord);
    assert_eq!(m.search.input, "defense ");
    key(&mut m, Input::Home);
    typ(&mut m, "x");
    assert_eq!(m.search.input, "xdefense ");
    key(&mut m, Input::Right);
    key(&mut m, Input::Delete);
    assert_eq!(m.search.input, "xdfense ");
    key(&mut m, Input::End);
    key(&mut m, Input::Left);
    key(&mut m, Input::Backspace);
    assert_eq!(m.search.input, "xdfens ");
    key(&mut m, Input::Clear);
    assert_eq!(m.search.input, "");
}

#[test]
fn space_matches_a_line_break_and_the_match_is_highlighted_on_both_lines() {
    let mut m = sample(60, 30);
    press(&mut m, "/");
    // At 60 columns "two countries" is split over two screen lines? Find one that is.
    typ(&mut m, "in order to");
    let total = match m.search.count {
        Count::Done { total, .. } => total,
        c => panic!("{c:?}"),
    };
    assert!(total >= 3);
    let buf = draw(&m);
    let s = screen(&m);
    // Every screen line that ends inside a match carries the match style at its end.
    let styled = (0..buf.area.height)
        .filter(|&y| {
            (0..buf.area.width).any(|x| {
                buf[(x, y)].style().bg == m.theme.search_match.bg
                    || buf[(x, y)].style().bg == m.theme.current_match.bg
            })
        })
        .count();
    assert!(styled >= 2, "{s}");
}

#[test]
fn whole_word_toggle() {
    let mut m = sample(100, 30);
    press(&mut m, "/");
    typ(&mut m, "arm");
    assert!(matches!(m.search.count, Count::Done { total, .. } if total > 3));
    key(&mut m, Input::ToggleWord);
    assert_eq!(m.search.count, Count::Done { total: 0, index: 0 });
    assert!(screen(&m).contains("[word]"));
}

#[test]
fn history_recalls_earlier_searches() {
    let mut m = sample(100, 30);
    m.search.history = vec!["first".into(), "arms".into()];
    press(&mut m, "/");
    key(&mut m, Input::HistoryBack);
    assert_eq!(m.search.input, "arms");
    key(&mut m, Input::HistoryBack);
    assert_eq!(m.search.input, "first");
    key(&mut m, Input::HistoryForward);
    key(&mut m, Input::HistoryForward);
    assert_eq!(m.search.input, "");
    key(&mut m, Input::Enter);
    assert_eq!(
        m.search.input, "arms",
        "Enter on an empty bar repeats the last search"
    );
}

#[test]
fn the_search_highlight_style_is_on_the_match_cells() {
    let mut m = sample(80, 30);
    press(&mut m, "/");
    typ(&mut m, "Arab");
    key(&mut m, Input::Enter);
    let buf = draw(&m);
    let s = screen(&m);
    let (y, line) = s
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("Arab News"))
        .unwrap();
    let x = line[..line.find("Arab").unwrap()].chars().count() as u16;
    for dx in 0..4 {
        assert_eq!(buf[(x + dx, y as u16)].style().bg, m.theme.current_match.bg);
    }
    assert_ne!(buf[(x + 4, y as u16)].style().bg, m.theme.current_match.bg);
}

#[test]
fn sidebar_slash_filters_quotations() {
    let mut m = sample(130, 35);
    press(&mut m, "tab /");
    typ(&mut m, "elefante");
    assert_eq!(m.visible_quotes().len(), 1);
    assert!(screen(&m).contains(" 1 quotation "), "{}", screen(&m));
    key(&mut m, Input::Clear);
    typ(&mut m, "journey");
    assert_eq!(m.visible_quotes().len(), 1);
    key(&mut m, Input::Enter);
    assert_eq!(m.visible_quotes().len(), 1);
    press(&mut m, "esc");
    assert_eq!(m.visible_quotes().len(), 8);
}

#[test]
fn library_slash_filters_by_title_and_text_and_opens_at_the_first_hit() {
    let docs = vec![
        Document::from_bytes(
            Origin::Builtin("a"),
            b"title: Apples\n\nNothing about it here.".to_vec(),
        )
        .unwrap(),
        Document::from_bytes(
            Origin::Builtin("b"),
            b"title: Pears\n\nFirst line.\n\nThe zebra appears here, zebra again.".to_vec(),
        )
        .unwrap(),
        Document::from_bytes(
            Origin::Builtin("c"),
            b"title: Zebra facts\n\nStripes.".to_vec(),
        )
        .unwrap(),
    ];
    let mut m = sidenote::update::init(sidenote::update::Start::new(docs, true)).0;
    update(&mut m, Action::Resize(80, 24));
    press(&mut m, "/");
    typ(&mut m, "zebra");
    assert_eq!(m.library.order.len(), 2);
    assert!(screen(&m).contains("2 hits"), "{}", screen(&m));
    key(&mut m, Input::Enter);
    let pears = m
        .library
        .order
        .iter()
        .position(|&i| m.docs[i].title == "Pears")
        .unwrap();
    for _ in 0..pears {
        press(&mut m, "j");
    }
    press(&mut m, "enter");
    assert_eq!(m.screen, Screen::Reader);
    assert!(m.search.shown);
    assert_eq!(current_text(&m), "zebra");
    press(&mut m, "n");
    assert_eq!(m.search.count, Count::Done { total: 2, index: 2 });
}

#[test]
fn keys_typed_in_the_bar_are_text_not_commands() {
    let mut m = sample(100, 30);
    press(&mut m, "/");
    let before = text_size(&m);
    typ(&mut m, "qGj");
    assert!(!m.quit);
    assert_eq!(m.search.input, "qGj");
    assert_eq!(text_size(&m), before);
}

/// 20 MB of text (past the size searched at once) with " xylophonist " near the end, at 100×30;
/// and where the word's leading space is.
fn large_with_word_near_end() -> (Model, usize) {
    let mut text = "Plain words fill this paragraph of the document.\n\n".repeat(400_000);
    let at = text.len() - 100;
    text.insert_str(at, " xylophonist ");
    let d = Document::from_bytes(Origin::Builtin("big"), text.into_bytes()).unwrap();
    let mut m = sidenote::update::init(sidenote::update::Start::new(vec![d], false)).0;
    update(&mut m, Action::Resize(100, 30));
    (m, at)
}

/// The background search `fx` asks for (its generation and where it starts), which must go in
/// the given direction and be (or not be) an `n`/`N` step.
fn background_find(fx: &[Effect], forward: bool, step: bool) -> (u64, usize) {
    match fx.last() {
        Some(Effect::FindMatch(FindMatch {
            generation,
            from,
            forward: f,
            step: s,
            ..
        })) if *f == forward && *s == step => (*generation, *from),
        _ => panic!("no background search (forward {forward}, step {step}): {fx:?}"),
    }
}

#[test]
fn a_far_match_in_a_large_document_is_found_in_the_background() {
    // 20 MB of text with the word near the end: the keystroke searches only near the reading
    // position and hands the rest to a worker; its answer shows the match, a stale one is ignored.
    let (mut m, at) = large_with_word_near_end();
    press(&mut m, "/");
    let fx = typ(&mut m, "xylophonist");
    let (generation, from) = background_find(&fx, true, false);
    assert!(from > 0);
    assert_eq!(m.search.count, Count::Counting);
    assert!(screen(&m).contains("searching"));
    // Enter before it is found: the status line keeps saying so.
    key(&mut m, Input::Enter);
    assert!(screen(&m).lines().last().unwrap().contains("searching"));
    let found = at + 1..at + 12;
    let stale =
        sidenote::update::found_ready(&mut m, generation - 1, Some((found.clone(), false)), false);
    assert!(stale.is_empty());
    assert_eq!(m.search.current, None);
    sidenote::update::found_ready(&mut m, generation, Some((found.clone(), false)), false);
    assert_eq!(m.search.current, Some(found));
    assert_eq!(current_text(&m), "xylophonist");
    assert!(screen(&m).contains("xylophonist"));
}

#[test]
fn a_large_library_filters_titles_at_once_and_counts_texts_in_the_background() {
    let docs: Vec<Document> = (0..600)
        .map(|i| {
            let body = if i % 100 == 7 {
                "a xylophonist played"
            } else {
                "plain text"
            };
            let text = format!("Article {i}\n\nSome {body} here.\n");
            Document::from_bytes(Origin::Builtin("lib"), text.into_bytes()).unwrap()
        })
        .collect();
    let mut m = sidenote::update::init(sidenote::update::Start::new(docs, true)).0;
    update(&mut m, Action::Resize(100, 30));
    press(&mut m, "/");
    let fx = typ(&mut m, "xylophonist");
    let Some(Effect::CountLibrary { generation, query }) = fx.last().cloned() else {
        panic!("no background count: {fx:?}");
    };
    assert!(screen(&m).contains("searching texts"));
    assert!(m.library.order.is_empty(), "no title matches");
    // What the worker would find: a stale answer is ignored, the current one filters.
    let never = std::sync::atomic::AtomicBool::new(false);
    let hits: Vec<usize> = m
        .docs
        .iter()
        .map(|d| query.count(&d.bytes, 0, 0, &never).unwrap().0)
        .collect();
    sidenote::update::library_hits_ready(&mut m, generation - 1, hits.clone());
    assert!(m.library.order.is_empty());
    sidenote::update::library_hits_ready(&mut m, generation, hits);
    assert_eq!(m.library.order.len(), 6);
    assert!(screen(&m).contains("6 documents"));
}

#[test]
fn n_and_shift_n_in_a_large_document_hand_far_matches_to_the_background() {
    let filler = "Plain words fill this paragraph of the document.\n\n";
    let mut text = filler.repeat(20_000);
    let first = text.len() + 5;
    text.push_str("Some xylophonist here.\n\n");
    text.push_str(&filler.repeat(380_000));
    let second = text.len() + 5;
    text.push_str("Some xylophonist there.\n\n");
    text.push_str(&filler.repeat(1_000));
    let d = Document::from_bytes(Origin::Builtin("big"), text.into_bytes()).unwrap();
    let mut m = sidenote::update::init(sidenote::update::Start::new(vec![d], false)).0;
    update(&mut m, Action::Resize(100, 30));
    press(&mut m, "/");
    typ(&mut m, "xylophonist");
    key(&mut m, Input::Enter);
    assert_eq!(
        m.search.current,
        Some(first..first + 11),
        "found near the start at once"
    );

    let (generation, from) = background_find(&press(&mut m, "n"), true, true);
    assert!(from > first && from < second);
    sidenote::update::found_ready(&mut m, generation, Some((second..second + 11, false)), true);
    assert_eq!(current_text(&m), "xylophonist");
    assert!(screen(&m).contains("xylophonist there"));

    let (generation, from) = background_find(&press(&mut m, "N"), false, true);
    assert!(from > first && from < second);
    sidenote::update::found_ready(&mut m, generation, Some((first..first + 11, false)), true);
    assert!(screen(&m).contains("xylophonist here"));
}

#[test]
fn esc_forgets_a_search_still_running_in_the_background() {
    let (mut m, at) = large_with_word_near_end();
    let start = top(&m);
    press(&mut m, "/");
    let fx = typ(&mut m, "xylophonist");
    let (generation, _) = background_find(&fx, true, false);
    key(&mut m, Input::Enter);
    press(&mut m, "esc");
    assert!(!screen(&m).contains("searching"));
    // The answer comes after all: it is not shown.
    sidenote::update::found_ready(&mut m, generation, Some((at + 1..at + 12, false)), false);
    assert_eq!(m.search.current, None);
    assert_eq!(top(&m), start);
}

/// Every word of a rendered Markdown document found by the search is drawn as the current
/// match where it is shown, in tables (laid out out of source order) and lists alike, at any
/// width.
#[test]
fn matches_in_rendered_markdown_are_drawn_where_the_words_are_shown() {
    let path = std::path::Path::new("tests/fixtures/formats/guide.md");
    for width in [40u16, 57, 80, 131] {
        for word in [
            "fish", "customs", "Distance", "inside", "tide", "second", "closes", "leads",
        ] {
            let d = sidenote::store::load_file(path).unwrap();
            let mut m = sidenote::update::init(sidenote::update::Start::new(vec![d], false)).0;
            update(&mut m, Action::Resize(width, 24));
            press(&mut m, "/");
            typ(&mut m, word);
            key(&mut m, Input::Enter);
            assert_eq!(current_text(&m).to_lowercase(), word.to_lowercase());
            let buf = draw(&m);
            let s = screen(&m);
            let style = m.theme.current_match;
            let (row, line) = s
                .lines()
                .enumerate()
                .find(|(_, l)| l.contains(word))
                .unwrap_or_else(|| panic!("{word} not on screen at {width}:\n{s}"));
            let col = sidenote::text::layout::width(&line[..line.find(word).unwrap()]) as u16;
            for x in col..col + word.len() as u16 {
                let cell = &buf[(x, row as u16)];
                assert!(
                    cell.modifier.contains(style.add_modifier),
                    "{word} at {width}: cell {x} not drawn as the match:\n{s}"
                );
            }
        }
    }
}
