//! What a new reader trips on (library, resume, search, bookmarks, the quote sidebar), each as
//! a key flow on the model that fails without its fix.

mod common;

use common::{press, screen};
use sidenote::action::{Action, Input};
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
    let docs = vec![
        Document::from_bytes(
            Origin::Builtin("a"),
            b"title: Apples\n\nNothing about it here.".to_vec(),
        )
        .unwrap(),
        Document::from_bytes(
            Origin::Builtin("b"),
            b"title: Pears\n\nThe zebra appears here.".to_vec(),
        )
        .unwrap(),
        Document::from_bytes(Origin::Builtin("c"), b"title: Plums\n\nStripes.".to_vec()).unwrap(),
    ];
    let mut m = Model::new(docs, true, Vec::new());
    update(&mut m, Action::Resize(80, 24));
    m
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
    assert_eq!(
        sidenote::update::bookmark_entries(&m).len(),
        1,
        "{}",
        screen(&m)
    );
}
