//! Key flows for the quote sidebar and quotation navigation, on the model.

use crate::common;

use common::{draw, press, sample, screen};
use sidenote::action::Action;
use sidenote::model::{Model, SpeakerFilter};
use sidenote::update::{text_size, update};

fn selected_text(m: &Model) -> String {
    let (_, d) = m.open_doc().unwrap();
    let q = &m.open_quotes().unwrap()[m.sidebar.selected.expect("a quotation is selected")];
    String::from_utf8_lossy(&d.bytes[q.start()..q.end()]).into_owned()
}

/// True when the first words of the selected quotation are on the reader's screen.
fn selected_on_screen(m: &Model) -> bool {
    let words: String = selected_text(m)
        .split(' ')
        .take(4)
        .collect::<Vec<_>>()
        .join(" ");
    screen(m).contains(&words)
}

#[test]
fn wide_terminal_shows_the_sidebar_with_both_speakers() {
    let m = sample(130, 35);
    assert!(m.sidebar_shown());
    let s = screen(&m);
    assert!(s.contains("Quotations (8)"), "{s}");
    assert!(
        s.contains("Igor Khovaev 7") && s.contains("Raymundo Elefante 1"),
        "{s}"
    );
}

#[test]
fn narrow_terminal_hides_it_until_asked() {
    let mut m = sample(80, 24);
    assert!(!m.sidebar_shown());
    let (w, _) = text_size(&m);
    press(&mut m, "s");
    assert!(m.sidebar_shown());
    assert!(screen(&m).contains("Quotations (8)"));
    assert_eq!(
        text_size(&m).0,
        w,
        "the text keeps its width; the sidebar overlays it"
    );
    press(&mut m, "s");
    assert!(!m.sidebar_shown());
}

#[test]
fn tab_j_enter_moves_the_reader_to_the_quotation() {
    let mut m = sample(130, 35);
    press(&mut m, "tab");
    assert!(m.sidebar.focus);
    assert!(selected_text(&m).starts_with("We are ready to supply"));
    press(&mut m, "j j j j j enter");
    assert!(
        selected_text(&m).starts_with("Russia is extending the hand"),
        "{}",
        selected_text(&m)
    );
    assert!(selected_on_screen(&m), "{}", screen(&m));
    press(&mut m, "tab");
    assert!(!m.sidebar.focus);
}

#[test]
fn brackets_step_through_quotations_in_order() {
    let mut m = sample(100, 30);
    press(&mut m, "]");
    assert!(selected_text(&m).starts_with("We are ready to supply"));
    press(&mut m, "]");
    assert!(
        selected_text(&m).starts_with("We offer advanced"),
        "{}",
        selected_text(&m)
    );
    // Who says it, as the sidebar would (it is hidden at 100 columns).
    assert_eq!(
        m.status.as_deref(),
        Some("quotation 2/8 · Igor Khovaev"),
        "{}",
        screen(&m)
    );
    press(&mut m, "] ]");
    assert!(selected_text(&m).starts_with("We are ready to use all ways"));
    assert!(selected_on_screen(&m));
    press(&mut m, "[");
    assert!(selected_text(&m).starts_with("Russia suffered"));
    press(&mut m, "G ] ] ] ] ] ] ] ] ]");
    assert!(m.status.as_deref().unwrap_or("").contains("no more"));
}

#[test]
fn selecting_a_speaker_filters_the_list() {
    let mut m = sample(130, 35);
    press(&mut m, "tab right right");
    assert_eq!(
        m.sidebar.filter,
        SpeakerFilter::Only("Raymundo Elefante".to_string())
    );
    assert_eq!(m.visible_quotes().len(), 1);
    assert!(selected_text(&m).starts_with("It will be a long journey"));
    assert!(!screen(&m).contains("We offer advanced defense equipment. …"));
    press(&mut m, "esc");
    assert_eq!(m.sidebar.filter, SpeakerFilter::All);
    assert_eq!(m.visible_quotes().len(), 8);
}

/// An interrupted quotation is one: selecting either part highlights both strongly, and
/// nothing else.
#[test]
fn both_parts_of_an_interrupted_quotation_are_selected_together() {
    use sidenote::store::{Document, Origin};
    let text = "Ann Lee spoke first.\n\n\
        “We will win this match,” Ann Lee said, “and then the next one as well.”\n\n\
        “It is a long season,” Bob Day said.\n";
    let d = Document::from_bytes(Origin::Builtin("parts"), text.as_bytes().to_vec()).unwrap();
    let mut m = sidenote::update::init(sidenote::update::Start::new(vec![d], false)).0;
    update(&mut m, Action::Resize(130, 20));
    assert_eq!(m.open_quotes().unwrap().len(), 3);
    let strong = |m: &Model, words: &str| {
        let (buf, s) = (draw(m), screen(m));
        s.lines().enumerate().any(|(y, l)| {
            l.find(words).is_some_and(|b| {
                let x = l[..b].chars().count() as u16;
                buf[(x, y as u16)].style().bg == m.theme.selected_quote.bg
            })
        })
    };
    for pick in ["tab", "tab j"] {
        press(&mut m, "esc esc");
        m.sidebar.selected = None;
        press(&mut m, pick);
        assert!(strong(&m, "We will win"), "{pick}");
        assert!(strong(&m, "and then the next"), "{pick}");
        assert!(!strong(&m, "It is a long season"), "{pick}");
    }
}

#[test]
fn quotations_are_highlighted_and_the_selected_one_strongly() {
    let mut m = sample(130, 35);
    press(&mut m, "]");
    let buf = draw(&m);
    let s = screen(&m);
    // (column, row) of `text` in the reader pane (left of the sidebar).
    let find = |text: &str| {
        s.lines().enumerate().find_map(|(y, l)| {
            let byte = l.find(text).filter(|&b| l[..b].chars().count() < 80)?;
            Some((l[..byte].chars().count() as u16 + 1, y as u16))
        })
    };
    let (col, row) = find("“We are ready to supply").unwrap();
    assert_eq!(buf[(col, row)].style().bg, m.theme.selected_quote.bg);
    let (col2, row2) = find("“We offer advanced").unwrap();
    assert_eq!(buf[(col2, row2)].style().fg, m.theme.quote.fg);
    assert_ne!(buf[(col2, row2)].style().bg, m.theme.selected_quote.bg);
    // The quote mark itself is not part of the quotation.
    assert_ne!(buf[(col2 - 1, row2)].style().fg, m.theme.quote.fg);
    // The tag after the quotation is plain text.
    let said = s.lines().nth(row as usize + 2).unwrap();
    assert!(said.contains("Russian Ambassador"), "{said}");
}

#[test]
fn sidebar_never_breaks_small_screens() {
    for (w, h) in [(20, 5), (40, 12), (60, 8), (121, 3), (130, 6)] {
        let mut m = sample(w, h);
        press(&mut m, "s tab j j enter right left esc ] [ s");
        let _ = screen(&m);
        update(&mut m, Action::Resize(w / 2 + 1, h));
        let _ = screen(&m);
    }
}

#[test]
fn large_documents_find_quotations_in_the_background() {
    use sidenote::effect::Effect;
    use sidenote::store::{Document, Origin};
    let para = "“We are ready to help,” Jane Doe said. Then she went home and slept.\n\n";
    let text = para.repeat((1 << 20) / para.len() + 1);
    let d = Document::from_bytes(Origin::Builtin("big"), text.into_bytes()).unwrap();
    let (mut m, startup) = sidenote::update::init(sidenote::update::Start::new(vec![d], false));
    update(&mut m, Action::Resize(130, 35));
    assert_eq!(
        startup,
        vec![Effect::ExtractQuotes(0)],
        "the first screen does not wait"
    );
    assert!(screen(&m).contains("finding quotations…"));
    assert!(
        screen(&m).contains("quotations 0%"),
        "progress in the status line"
    );
    press(&mut m, "]");
    assert!(m.status.as_deref().unwrap_or("").contains("still finding"));
    // What the worker thread would deliver: first the quotations of the first stretch, shown
    // and usable at once, then all of them.
    let found = sidenote::quotes::extract(&m.docs[0]);
    // Progress comes in bytes read.
    let len = m.docs[0].len();
    let at = |percent: usize| (len * percent).div_ceil(100);
    sidenote::update::quotes_progress(&mut m, 0, at(40), found[..2].to_vec());
    let s = screen(&m);
    assert!(s.contains("2 so far, 40%") && s.contains("Jane Doe"), "{s}");
    assert!(s.contains("quotations 40%"));
    // The filter's count is of those found so far too.
    press(&mut m, "tab /");
    update(&mut m, Action::Input(sidenote::action::Input::Char('J')));
    let s = screen(&m);
    assert!(s.contains("2 quotations so far, 40%"), "{s}");
    update(&mut m, Action::Input(sidenote::action::Input::Esc));
    press(&mut m, "tab");
    press(&mut m, "]");
    assert!(selected_text(&m).starts_with("We are ready to help"));
    press(&mut m, "] ]");
    let status = m.status.clone().unwrap_or_default();
    assert!(status.contains("still finding quotations… 40%"), "{status}");
    let end = at(99);
    sidenote::update::quotes_progress(&mut m, 0, end, found[2..].to_vec());
    sidenote::update::quotes_ready(&mut m, 0);
    let s = screen(&m);
    assert!(
        !s.contains("quotations 40%") && !s.contains("so far"),
        "{s}"
    );
    assert_eq!(m.open_quotes().unwrap().len(), found.len());
    press(&mut m, "]");
    let status = m.status.clone().unwrap_or_default();
    assert!(status.starts_with("quotation 3/"), "{status}");
}

#[test]
fn far_ahead_of_the_search_the_quotations_on_screen_are_highlighted_from_a_preview() {
    use sidenote::effect::Effect;
    use sidenote::store::{Document, Origin};
    use sidenote::update::{ask_preview, preview_ready, quotes_progress};
    let para = "“We are ready to help,” Jane Doe said. Then she went home and slept.\n\n";
    let text = para.repeat((6 << 20) / para.len());
    let d = Document::from_bytes(Origin::Builtin("big"), text.into_bytes()).unwrap();
    let mut m = sidenote::update::init(sidenote::update::Start::new(vec![d], false)).0;
    update(&mut m, Action::Resize(100, 30));
    // Near the start the search through the document is soon there: no preview.
    assert_eq!(ask_preview(&mut m), vec![]);
    press(&mut m, "G");
    let top = m.reader.as_ref().unwrap().top_offset;
    assert_eq!(
        ask_preview(&mut m),
        vec![Effect::PreviewQuotes { doc: 0, at: top }]
    );
    assert_eq!(ask_preview(&mut m), vec![], "one at a time");
    let quote_cells = |m: &Model| {
        let (buf, s) = (draw(m), screen(m));
        let mut n = 0;
        for (y, line) in s.lines().enumerate() {
            if let Some(b) = line.find("We are ready") {
                let x = line[..b].chars().count() as u16;
                n += usize::from(buf[(x, y as u16)].style().fg == m.theme.quote.fg);
            }
        }
        n
    };
    assert_eq!(quote_cells(&m), 0, "nothing found there yet");
    // What the worker would deliver.
    let (range, found) = sidenote::quotes::preview(&m.docs[0], top);
    assert!(range.start <= top && range.end > top, "{range:?} {top}");
    assert!(found.len() > 10);
    assert!(
        found
            .iter()
            .all(|q| q.start() >= range.start && q.end() <= range.end)
    );
    assert!(
        !found[0].continues(),
        "a preview starts with a quotation's first part"
    );
    let whole = sidenote::quotes::extract(&m.docs[0]);
    let spans =
        |qs: &[sidenote::quotes::Quote]| qs.iter().map(|q| q.start()..q.end()).collect::<Vec<_>>();
    let same: Vec<_> = whole
        .iter()
        .filter(|q| range.contains(&q.start()))
        .cloned()
        .collect();
    assert_eq!(
        spans(&found),
        spans(&same),
        "the spans the whole search finds there"
    );
    preview_ready(&mut m, 0, range.clone(), found);
    assert!(
        quote_cells(&m) >= 5,
        "the quotations on screen are highlighted"
    );
    assert_eq!(
        m.open_quotes().unwrap().len(),
        0,
        "but not listed: they are provisional"
    );
    assert_eq!(ask_preview(&mut m), vec![], "the preview covers the screen");
    // Once the search has passed it, the preview goes; what the search found is shown.
    quotes_progress(&mut m, 0, range.end, same);
    assert!(quote_cells(&m) >= 5);
    assert_eq!(ask_preview(&mut m), vec![]);
}

#[test]
fn quotations_delivered_as_they_are_found_are_the_final_ones() {
    use sidenote::store::{Document, Origin};
    let mut text = String::new();
    for i in 0..4000 {
        text.push_str(&format!(
            "“Part {i} is ready,” Jane Doe said. Then she left.\n\n“And then?” he asked.\n\n\
             Mr. John Smith arrived. “We will see,” he said, “what comes.”\n\n"
        ));
    }
    let d = Document::from_bytes(Origin::Builtin("t"), text.into_bytes()).unwrap();
    let (mut streamed, mut calls, mut last_done) = (Vec::new(), 0, 0);
    sidenote::quotes::extract_with_progress(&d, |done, more| {
        assert!(done > last_done);
        last_done = done;
        calls += 1;
        streamed.extend(more);
        true
    });
    assert!(calls >= 50, "progress now and then: {calls}");
    assert_eq!(last_done, d.len(), "the last call is at the end");
    let all = sidenote::quotes::extract(&d);
    assert!(all.len() > 10_000);
    assert_eq!(streamed, all, "every quotation handed over once, in order");
}

#[test]
fn a_long_quotation_in_wide_characters_is_cut_to_the_sidebar_with_an_ellipsis() {
    use sidenote::store::{Document, Origin};
    // 3,000 wide characters: the sidebar shows its start, cut to fit, and nothing spills.
    let long = "漢字と".repeat(1000);
    let text = format!("Jane Doe spoke first.\n\n“{long} plain end,” Jane Doe said.\n");
    let d = Document::from_bytes(Origin::Builtin("t"), text.into_bytes()).unwrap();
    let mut m = sidenote::update::init(sidenote::update::Start::new(vec![d], false)).0;
    update(&mut m, Action::Resize(130, 30));
    assert!(m.sidebar_shown());
    let s = screen(&m);
    let row = s
        .lines()
        .rfind(|l| l.contains("“漢字と"))
        .unwrap_or_else(|| panic!("{s}"));
    assert!(row.trim_end().ends_with('…'), "{s}");
    assert!(!row.contains("plain end"), "{row}");
    // No row is wider than the terminal: a wide character is never split or spilled.
    for line in s.lines() {
        assert!(unicode_width::UnicodeWidthStr::width(line) <= 130, "{line}");
    }
}

#[test]
fn a_filter_over_many_quotations_shows_its_first_matches_at_once_and_the_rest_step_by_step() {
    use sidenote::quotes::{Quote, Speaker};
    use sidenote::store::{Document, Origin};
    // 30,000 quotations: far more than one step of filtering looks at.
    let n = 30_000;
    let mut text = String::new();
    let mut quotes = Vec::new();
    let ann = Speaker::new("Ann Lee");
    let bob = Speaker::new("Bob Day");
    for i in 0..n {
        text.push('“');
        let start = text.len();
        text.push_str(&format!("number {i} is here"));
        // Bob's are the last five.
        let speaker = if i + 5 < n { ann } else { bob };
        quotes.push(Quote::new(start, text.len(), speaker, false, 0.95).unwrap());
        text.push_str(",” Ann Lee said.\n\n");
    }
    let d = Document::from_bytes(Origin::Builtin("many"), text.into_bytes()).unwrap();
    let mut m = sidenote::update::init(sidenote::update::Start::new(vec![d], false)).0;
    update(&mut m, Action::Resize(120, 30));
    let len = m.docs[0].len();
    sidenote::update::quotes_progress(&mut m, 0, len, quotes);
    sidenote::update::quotes_ready(&mut m, 0);
    // "77" is in 840 of them (77, 177, …, 29977), the first near the start.
    let want: Vec<usize> = (0..n).filter(|i| i.to_string().contains("77")).collect();
    press(&mut m, "tab /");
    for c in "77".chars() {
        update(&mut m, Action::Input(sidenote::action::Input::Char(c)));
    }
    let first = m.visible_quotes();
    assert!(m.filtering().is_some(), "one key filters only a part");
    assert!(first.len() < want.len() && first.first() == Some(77));
    assert_eq!(m.sidebar.selected, Some(77));
    let s = screen(&m);
    assert!(
        s.contains(&format!("{} quotations so far", first.len())),
        "{s}"
    );
    assert!(s.contains("number 77 is here"), "{s}");
    // The event loop takes a step between frames until it is done.
    let mut steps = 0;
    while sidenote::update::filter_step(&mut m) {
        steps += 1;
        assert!(steps < n, "filtering ends");
    }
    assert!(steps > 1);
    assert_eq!(m.visible_quotes().iter().collect::<Vec<_>>(), want);
    let s = screen(&m);
    assert!(s.contains(&format!("  {} quotations", want.len())), "{s}");
    assert!(!s.contains("so far"), "{s}");
    // Only Bob's, chosen with the filter cleared: the first steps find none of his, so none is
    // selected until the step that does.
    update(&mut m, Action::Input(sidenote::action::Input::Enter));
    press(&mut m, "esc right right");
    assert!(m.sidebar.query.is_empty());
    assert_eq!(m.sidebar.filter, SpeakerFilter::Only("Bob Day".to_string()));
    assert_eq!(m.sidebar.selected, None);
    while sidenote::update::filter_step(&mut m) {}
    assert_eq!(m.sidebar.selected, Some(n - 5));
    assert_eq!(m.visible_quotes().len(), 5);
}

/// The sidebar's part of the screen: what is right of its border.
fn sidebar_text(m: &Model) -> String {
    screen(m)
        .lines()
        .filter_map(|l| {
            l.split_once('│')
                .map(|(_, r)| r.split_once('│').map_or(r, |x| x.1))
        })
        .map(|r| format!("{}\n", r.trim_end()))
        .collect()
}

#[test]
fn the_selected_quotation_is_shown_whole_and_the_title_names_the_filter() {
    let mut m = sample(100, 40);
    press(&mut m, "tab");
    let side = sidebar_text(&m);
    // Its first entry is selected: all of it, wrapped; the next is one line.
    assert!(side.contains("military exercises,"), "{side}");
    assert!(
        !side.contains("equipment. And"),
        "only the selected one wraps:\n{side}"
    );
    // The speakers' line ends in … when they do not all fit.
    let head = side.lines().nth(1).unwrap();
    assert!(head.ends_with('…'), "{head:?}");
    press(&mut m, "right");
    let s = screen(&m);
    assert!(s.contains("│ Igor Khovaev 7 of 8"), "{s}");
    update(&mut m, Action::Resize(150, 40));
    let s = screen(&m);
    assert!(s.contains("Quotations · Igor Khovaev 7 of 8"), "{s}");
}

#[test]
fn the_sidebar_follows_the_reading_while_the_text_has_the_focus() {
    let mut m = sample(130, 35);
    press(&mut m, "G");
    let top = m.reader.as_ref().unwrap().top_offset;
    let i = m
        .sidebar
        .selected
        .expect("the first quotation on screen is selected");
    let q = &m.open_quotes().unwrap()[i];
    assert!(q.end() > top, "it is on screen");
    assert!(
        sidebar_text(&m).contains("It will be a long journey"),
        "{}",
        screen(&m)
    );
    // First on screen: none before it reaches the screen.
    let before_it = m.open_quotes().unwrap()[..i].iter().any(|p| p.end() > top);
    assert!(!before_it);
    press(&mut m, "g");
    assert!(selected_text(&m).starts_with("We are ready to supply"));
    // With the focus in the sidebar, the selection is the user's.
    press(&mut m, "tab j j");
    let chosen = m.sidebar.selected;
    press(&mut m, "tab g");
    assert_ne!(m.sidebar.selected, chosen, "the text has the focus again");
    press(&mut m, "tab");
    let now = m.sidebar.selected;
    press(&mut m, "j");
    assert_ne!(m.sidebar.selected, now);
    let stays = m.sidebar.selected;
    sidenote::update::update(&mut m, Action::Resize(131, 35));
    assert_eq!(m.sidebar.selected, stays);
}

#[test]
fn on_a_narrow_screen_the_overlay_gets_out_of_the_way() {
    let mut m = sample(80, 24);
    assert!(!m.sidebar_shown());
    press(&mut m, "tab");
    assert!(m.sidebar_shown() && m.sidebar.focus);
    press(&mut m, "j j enter");
    assert!(
        !m.sidebar_shown(),
        "Enter goes to the quotation and closes the overlay"
    );
    assert!(selected_on_screen(&m), "{}", screen(&m));
    press(&mut m, "tab");
    assert!(m.sidebar_shown());
    press(&mut m, "tab");
    assert!(!m.sidebar_shown(), "Tab back to the text hides it");
    // Beside the text, Tab only moves the focus.
    let mut wide = sample(130, 35);
    press(&mut wide, "tab tab");
    assert!(wide.sidebar_shown() && !wide.sidebar.focus);
}
