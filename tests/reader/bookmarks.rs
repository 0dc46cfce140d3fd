//! Bookmarks: marking on the model, the list, anchoring properties, and the state file under
//! concurrent writers.

// Pseudo-terminals, signals, FIFOs and resource limits are made with libc.
#![allow(unsafe_code)]

use crate::common;

use common::{press, sample, screen};
use proptest::prelude::*;
use sidenote::action::{Action, Input};
use sidenote::bookmarks::BookmarkChange;
use sidenote::bookmarks::{self, Bookmark, Found};
use sidenote::effect::{Effect, LoadOutside};
use sidenote::model::{Model, Overlay};
use sidenote::persist;
use sidenote::store::{Document, Origin};
use sidenote::update::update;

fn key(m: &mut Model, k: Input) -> Vec<Effect> {
    update(m, Action::Input(k))
}

fn added(fx: &[Effect]) -> Bookmark {
    match fx {
        [Effect::Bookmark(BookmarkChange::Add(b))] => (**b).clone(),
        other => panic!("expected one new bookmark, got {other:?}"),
    }
}

#[test]
fn m_bookmarks_the_paragraph_at_the_top_with_a_note() {
    let mut m = sample(100, 30);
    press(&mut m, "} }");
    press(&mut m, "m");
    assert!(m.prompt.is_some());
    for c in "arms offer".chars() {
        key(&mut m, Input::Char(c));
    }
    let b = added(&key(&mut m, Input::Enter));
    assert!(
        b.text.starts_with("“We offer advanced defense equipment."),
        "{}",
        b.text
    );
    assert!(b.text.ends_with("he said."));
    assert_eq!(b.note, "arms offer");
    assert_eq!(b.date.as_deref(), Some("2019-09-05"));
    assert!(
        screen(&m).contains("▐ “We offer"),
        "gutter mark:\n{}",
        screen(&m)
    );
}

#[test]
fn enter_with_no_note_skips_it_and_esc_cancels() {
    let mut m = sample(100, 30);
    press(&mut m, "m");
    let b = added(&key(&mut m, Input::Enter));
    assert_eq!(b.note, "");
    press(&mut m, "} m");
    assert!(key(&mut m, Input::Esc).is_empty());
    assert_eq!(m.bookmarks.len(), 1);
}

#[test]
fn v_selects_sentences_and_m_bookmarks_exactly_the_selection() {
    let mut m = sample(100, 30);
    press(&mut m, "} } } }");
    press(&mut m, "v");
    let first = m.selection.clone().unwrap();
    press(&mut m, "j j");
    press(&mut m, "k");
    press(&mut m, "m");
    let b = added(&key(&mut m, Input::Enter));
    assert_eq!(
        b.text,
        "“Russia suffered a lot from terrorism. So we know very well what it means."
    );
    assert_eq!(b.offset, first.anchor.start);
}

#[test]
fn sidebar_m_bookmarks_the_quotation_with_its_speaker() {
    let mut m = sample(130, 35);
    press(&mut m, "tab j j j j j j j m");
    let b = added(&key(&mut m, Input::Enter));
    assert_eq!(b.speaker.as_deref(), Some("Raymundo Elefante"));
    // With its quote marks, so that it reads as a quotation wherever it is shown.
    assert!(
        b.text.starts_with("“It will be a long journey"),
        "{}",
        b.text
    );
    assert!(b.text.ends_with('”'), "{}", b.text);
    let mut md = Vec::new();
    sidenote::export::write_bookmark(&mut md, &b, sidenote::export::MarksFormat::Md).unwrap();
    let md = String::from_utf8(md).unwrap();
    assert!(md.contains("> “It will be a long journey"), "{md}");
    assert!(md.contains("”\n>\n> — Raymundo Elefante\n"), "{md}");
}

#[test]
fn list_jumps_edits_deletes_and_undoes() {
    let mut m = sample(100, 30);
    press(&mut m, "} } m");
    let mut b1 = added(&key(&mut m, Input::Enter));
    b1.id = "a".into();
    b1.created = 10;
    press(&mut m, "G m");
    let mut b2 = added(&key(&mut m, Input::Enter));
    b2.id = "b".into();
    b2.created = 20;
    m.bookmarks = vec![b1.clone(), b2.clone()];
    press(&mut m, "g B");
    assert_eq!(m.overlay, Some(Overlay::Bookmarks));
    let s = screen(&m);
    let second: String = b2.text.chars().take(20).collect();
    let (p1, p2) = (
        s.find("We offer advanced").unwrap(),
        s.find(&second).unwrap(),
    );
    assert!(p2 < p1, "newest first:\n{s}");
    press(&mut m, "j e");
    key(&mut m, Input::Clear);
    for c in "edited".chars() {
        key(&mut m, Input::Char(c));
    }
    let fx = key(&mut m, Input::Enter);
    assert_eq!(
        fx,
        vec![Effect::Bookmark(BookmarkChange::Note {
            id: "a".into(),
            note: "edited".into()
        })]
    );
    press(&mut m, "d");
    assert_eq!(m.bookmarks.len(), 1);
    let fx = common::press(&mut m, "u");
    assert!(matches!(fx.as_slice(), [Effect::Bookmark(BookmarkChange::Add(b))] if b.id == "a"));
    assert_eq!(m.bookmarks.len(), 2);
    // Enter goes to the passage.
    press(&mut m, "g");
    let i = m
        .bookmark_rows()
        .iter()
        .position(|&i| m.bookmarks[i].id == "a")
        .unwrap();
    for _ in 0..i {
        press(&mut m, "j");
    }
    press(&mut m, "enter");
    assert_eq!(m.overlay, None);
    assert!(screen(&m).contains("“We offer advanced"));
}

#[test]
fn list_filters_and_toggles_all_documents() {
    let mut m = sample(100, 30);
    press(&mut m, "m");
    key(&mut m, Input::Enter);
    let mut other = m.bookmarks[0].clone();
    other.fingerprint = "elsewhere".into();
    other.path = "/elsewhere.txt".into();
    other.title = "Another document".into();
    other.id = "x".into();
    m.bookmarks.push(other);
    press(&mut m, "B");
    assert_eq!(m.bookmark_rows().len(), 1);
    press(&mut m, "tab");
    assert_eq!(m.bookmark_rows().len(), 2);
    press(&mut m, "/");
    for c in "another".chars() {
        key(&mut m, Input::Char(c));
    }
    assert_eq!(m.bookmark_rows().len(), 1);
    key(&mut m, Input::Enter);
    assert_eq!(m.marks.filter, "another", "Enter keeps the filter");
    // Not in this library: it is loaded from where it was bookmarked.
    let fx = press(&mut m, "enter");
    assert!(
        matches!(&fx[..], [sidenote::effect::Effect::LoadOutside(LoadOutside { paths, .. })]
            if paths[0] == std::path::Path::new("/elsewhere.txt")),
        "{fx:?}"
    );
    sidenote::update::not_found(&mut m, "x", "No such file or directory");
    assert!(
        m.status
            .as_deref()
            .unwrap_or("")
            .contains("“Another document” could not be opened")
    );
}

#[test]
fn a_lost_passage_is_kept_and_shown_as_not_found() {
    let mut m = sample(100, 30);
    press(&mut m, "m");
    let mut b = added(&key(&mut m, Input::Enter));
    b.text = "This sentence was never in the article at all, not even close.".into();
    b.offset = 99_999;
    b.id = "gone".into();
    m.bookmarks = vec![b];
    sidenote::update::refresh_located(&mut m);
    press(&mut m, "B");
    assert!(screen(&m).contains("[passage not found]"), "{}", screen(&m));
    press(&mut m, "enter");
    assert_eq!(m.bookmarks.len(), 1, "never dropped");
    let notice = m.status.clone().unwrap();
    assert!(notice.contains("passage not found"), "{notice}");
    assert_eq!(notice.kind, sidenote::model::NoticeKind::Warning);
}

fn bookmark_at(bytes: &[u8], range: std::ops::Range<usize>) -> Bookmark {
    Bookmark {
        id: "p".into(),
        ..Bookmark::at(bytes, range)
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Insertions and deletions elsewhere in the document never lose the passage.
    #[test]
    fn passage_survives_edits_elsewhere(
        words in prop::collection::vec("[a-z]{2,9}", 60..200),
        pick in 0usize..1000,
        edits in prop::collection::vec((any::<bool>(), 0usize..10_000, "[a-z ]{1,30}"), 1..8),
    ) {
        let text = words.join(" ");
        let bytes = text.as_bytes();
        let n = words.len();
        let first = pick % (n - 10);
        let start: usize = words[..first].iter().map(|w| w.len() + 1).sum();
        let len: usize = words[first..first + 8].iter().map(|w| w.len() + 1).sum::<usize>() - 1;
        let range = start..start + len;
        let b = bookmark_at(bytes, range.clone());
        let passage = text[range.clone()].to_string();
        // Edit outside the passage.
        let mut edited = text.clone();
        let mut offset = range.start;
        for (insert, at, s) in edits {
            let before_passage = at % 2 == 0;
            let span = if before_passage { 0..offset } else { offset + passage.len()..edited.len() };
            if span.is_empty() { continue; }
            let p = span.start + at % span.len();
            if insert {
                edited.insert_str(p, &s);
                if before_passage { offset += s.len(); }
            } else {
                let end = (p + s.len()).min(span.end);
                edited.replace_range(p..end, "");
                if before_passage { offset -= end - p; }
            }
        }
        prop_assert_eq!(&edited[offset..offset + passage.len()], passage.as_str());
        let found = bookmarks::locate(edited.as_bytes(), &b);
        let r = found.range().expect("found");
        prop_assert_eq!(&edited[r], passage.as_str());
    }
}

#[test]
fn moved_document_keeps_its_bookmarks() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.txt");
    std::fs::write(&a, "First paragraph.\n\nThe bookmarked one.\n\nLast.").unwrap();
    let d = sidenote::store::load_file(&a).unwrap();
    let b = bookmark_at(&d.bytes, 18..37);
    let b = Bookmark {
        fingerprint: d.fingerprint().to_string(),
        path: a.display().to_string(),
        ..b
    };
    let moved = dir.path().join("sub-moved.md");
    std::fs::rename(&a, &moved).unwrap();
    let d2 = sidenote::store::load_file(&moved).unwrap();
    assert!(Model::bookmark_is_of(&b, &d2));
    assert_eq!(bookmarks::locate(&d2.bytes, &b), Found::Exact(18..37));
    // In the reader: the moved file opens with its bookmark in place.
    let mut m = sidenote::update::init(sidenote::update::Start::new(vec![d2], false)).0;
    m.bookmarks = vec![b];
    sidenote::update::refresh_located(&mut m);
    assert_eq!(m.located[0].1, Found::Exact(18..37));
    let _ = Document::from_bytes(Origin::Builtin("x"), Vec::new());
}

#[test]
fn persistence_round_trip_corruption_and_backup() {
    let dir = tempfile::tempdir().unwrap();
    let b = bookmark_at(b"Some text here.", 0..9);
    let saved = persist::change_bookmarks(
        dir.path(),
        &BookmarkChange::Add(Box::new(Bookmark {
            id: "1".into(),
            ..b.clone()
        })),
    )
    .unwrap();
    assert_eq!(saved.len(), 1);
    persist::change_bookmarks(
        dir.path(),
        &BookmarkChange::Add(Box::new(Bookmark {
            id: "2".into(),
            ..b.clone()
        })),
    )
    .unwrap();
    let (list, warn) = persist::load_bookmarks(dir.path());
    assert!(warn.is_none());
    assert_eq!(list.len(), 2);
    // A crash that left a temp file behind changes nothing.
    std::fs::write(
        dir.path().join(".bookmarks.json.tmp-4242"),
        b"{ half written",
    )
    .unwrap();
    assert_eq!(persist::load_bookmarks(dir.path()).0.len(), 2);
    // Corruption: told, and the last good copy shown; nothing moved by reading.
    std::fs::write(dir.path().join("bookmarks.json"), b"{ garbage").unwrap();
    let (list, warn) = persist::load_bookmarks(dir.path());
    let warn = warn.unwrap();
    assert!(
        warn.contains("unreadable") && warn.contains("last good copy"),
        "{warn}"
    );
    assert_eq!(list.len(), 2, "the last good copy is the last state saved");
    assert_eq!(aside(dir.path(), "bookmarks.json.corrupt-").len(), 0);
    // The next change moves the corrupt file aside, kept as it was.
    persist::change_bookmarks(dir.path(), &BookmarkChange::Delete("2".into())).unwrap();
    let aside = aside(dir.path(), "bookmarks.json.corrupt-");
    assert_eq!(aside.len(), 1);
    assert_eq!(std::fs::read(&aside[0]).unwrap(), b"{ garbage");
}

/// Files in `dir` whose names start with `prefix`.
fn aside(dir: &std::path::Path, prefix: &str) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(prefix))
        .map(|e| e.path())
        .collect()
}

fn add(dir: &std::path::Path, id: &str) -> Vec<Bookmark> {
    let b = Bookmark {
        id: id.into(),
        ..bookmark_at(b"Some text here.", 0..9)
    };
    persist::change_bookmarks(dir, &BookmarkChange::Add(Box::new(b))).unwrap()
}

fn ids(list: &[Bookmark]) -> Vec<&str> {
    list.iter().map(|b| b.id.as_str()).collect()
}

#[test]
fn changes_after_a_corrupt_file_apply_to_the_recovered_bookmarks() {
    let dir = tempfile::tempdir().unwrap();
    for id in ["a", "b", "c"] {
        add(dir.path(), id);
    }
    std::fs::write(dir.path().join("bookmarks.json"), b"\x00\x00 truncated").unwrap();
    assert_eq!(ids(&persist::load_bookmarks(dir.path()).0), ["a", "b", "c"]);
    // Two more bookmarks: each keeps every recovered one, in the file and its last good copy.
    assert_eq!(ids(&add(dir.path(), "d")), ["a", "b", "c", "d"]);
    assert_eq!(ids(&add(dir.path(), "e")), ["a", "b", "c", "d", "e"]);
    let bak: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("bookmarks.json.bak")).unwrap())
            .unwrap();
    assert_eq!(bak["bookmarks"].as_array().unwrap().len(), 5);
    // A missing file is shown, and changed, from its last good copy too.
    std::fs::remove_file(dir.path().join("bookmarks.json")).unwrap();
    let (list, warn) = persist::load_bookmarks(dir.path());
    assert_eq!(list.len(), 5);
    assert!(warn.unwrap().contains("missing"));
    assert_eq!(add(dir.path(), "f").len(), 6);
}

#[test]
fn a_last_good_copy_is_replaced_only_by_a_file_with_all_its_bookmarks_or_a_deletion() {
    let dir = tempfile::tempdir().unwrap();
    for id in ["a", "b"] {
        add(dir.path(), id);
    }
    // A deletion replaces it.
    persist::change_bookmarks(dir.path(), &BookmarkChange::Delete("a".into())).unwrap();
    assert!(aside(dir.path(), "bookmarks.json.bak.kept-").is_empty());
    // Something else leaves a valid file with fewer bookmarks: the copy that had them is kept.
    std::fs::write(
        dir.path().join("bookmarks.json"),
        br#"{"version": 1, "bookmarks": []}"#,
    )
    .unwrap();
    assert_eq!(ids(&add(dir.path(), "c")), ["c"]);
    let kept = aside(dir.path(), "bookmarks.json.bak.kept-");
    assert_eq!(kept.len(), 1);
    let kept: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&kept[0]).unwrap()).unwrap();
    assert_eq!(kept["bookmarks"][0]["id"], "b");
}

#[test]
fn a_state_file_that_is_a_fifo_is_reported_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["bookmarks.json", "positions.json", "search-history.json"] {
        let path = dir.path().join(name);
        let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: mkfifo with a valid C string.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    }
    // Neither blocks: a FIFO with no writer would hold an ordinary open for ever.
    let (list, warn) = persist::load_bookmarks(dir.path());
    assert!(list.is_empty());
    assert!(warn.unwrap().contains("not a regular file"));
    assert!(
        persist::load(dir.path())
            .warning
            .unwrap()
            .contains("not a regular file")
    );
    let e = persist::change_bookmarks(
        dir.path(),
        &BookmarkChange::Add(Box::new(bookmark_at(b"Some text here.", 0..9))),
    )
    .unwrap_err();
    assert!(e.to_string().contains("not a regular file"), "{e}");
    use std::os::unix::fs::FileTypeExt;
    let kind = std::fs::symlink_metadata(dir.path().join("bookmarks.json"))
        .unwrap()
        .file_type();
    assert!(kind.is_fifo(), "left alone");
}

const FULL_DISK_ENV: &str = "SIDENOTE_TEST_FULL_DISK";

/// Run as a child process by `a_full_disk_leaves_the_file_and_its_copy_as_they_were`: with
/// writes limited to the size of the files already there, adds a bookmark.
#[test]
fn full_disk_child() {
    let Ok(dir) = std::env::var(FULL_DISK_ENV) else {
        return;
    };
    sidenote::faults::install(); // writes past the limit fail instead of killing the process
    let dir = std::path::Path::new(&dir);
    let limit = std::fs::metadata(dir.join("bookmarks.json")).unwrap().len();
    let rlim = libc::rlimit {
        rlim_cur: limit,
        rlim_max: limit,
    };
    // SAFETY: setrlimit with a valid struct; this process does nothing else afterwards.
    assert_eq!(unsafe { libc::setrlimit(libc::RLIMIT_FSIZE, &rlim) }, 0);
    let b = Bookmark {
        id: "new".into(),
        note: "a long note ".repeat(50),
        ..bookmark_at(b"Some text here.", 0..9)
    };
    let e = persist::change_bookmarks(dir, &BookmarkChange::Add(Box::new(b))).unwrap_err();
    println!("{e}");
}

#[test]
fn a_full_disk_leaves_the_file_and_its_copy_as_they_were() {
    let dir = tempfile::tempdir().unwrap();
    for id in ["a", "b"] {
        add(dir.path(), id);
    }
    let main = std::fs::read(dir.path().join("bookmarks.json")).unwrap();
    let bak = std::fs::read(dir.path().join("bookmarks.json.bak")).unwrap();
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "bookmarks::full_disk_child",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(FULL_DISK_ENV, dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("File too large"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(
        std::fs::read(dir.path().join("bookmarks.json")).unwrap(),
        main
    );
    assert_eq!(
        std::fs::read(dir.path().join("bookmarks.json.bak")).unwrap(),
        bak
    );
    assert!(persist::load_bookmarks(dir.path()).1.is_none());
    assert!(
        aside(dir.path(), ".bookmarks.json.tmp").is_empty(),
        "no temp file left"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// A byte of the file, or of its last good copy, changed to anything: what is shown is
    /// what was saved (from one or the other), or nothing with a warning; never other
    /// bookmarks, and never a panic.
    #[test]
    fn a_flipped_byte_never_shows_wrong_bookmarks(at in 0usize..100_000, byte in any::<u8>(), in_copy in any::<bool>()) {
        let dir = tempfile::tempdir().unwrap();
        for id in ["a", "b"] {
            let b = Bookmark {
                id: id.into(),
                note: format!("note {id}"),
                offset: 1234,
                ..bookmark_at("Some “text” here.".as_bytes(), 0..9)
            };
            persist::change_bookmarks(dir.path(), &BookmarkChange::Add(Box::new(b))).unwrap();
        }
        let (saved, _) = persist::load_bookmarks(dir.path());
        let name = if in_copy { "bookmarks.json.bak" } else { "bookmarks.json" };
        let path = dir.path().join(name);
        let mut bytes = std::fs::read(&path).unwrap();
        let at = at % bytes.len();
        bytes[at] = byte;
        std::fs::write(&path, &bytes).unwrap();
        let (shown, warning) = persist::load_bookmarks(dir.path());
        prop_assert!(shown == saved || (shown.is_empty() && warning.is_some()), "{:?}", shown);
    }
}

#[test]
fn a_newer_file_is_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let newer = br#"{"version": 7, "bookmarks": []}"#;
    std::fs::write(dir.path().join("bookmarks.json"), newer).unwrap();
    let b = bookmark_at(b"Some text here.", 0..9);
    assert!(persist::change_bookmarks(dir.path(), &BookmarkChange::Add(Box::new(b))).is_err());
    assert_eq!(
        std::fs::read(dir.path().join("bookmarks.json")).unwrap(),
        newer
    );
}

const WRITER_ENV: &str = "SIDENOTE_TEST_BOOKMARK_WRITER";

/// Run as a child process by `concurrent_writers_lose_nothing`: adds 20 bookmarks.
#[test]
fn bookmark_writer_child() {
    let Ok(spec) = std::env::var(WRITER_ENV) else {
        return;
    };
    let (dir, who) = spec.split_once('|').unwrap();
    let b = bookmark_at(b"Some text here.", 0..9);
    for i in 0..20 {
        let id = format!("{who}-{i}");
        persist::change_bookmarks(
            std::path::Path::new(dir),
            &BookmarkChange::Add(Box::new(Bookmark { id, ..b.clone() })),
        )
        .unwrap();
    }
}

#[test]
fn concurrent_writers_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let exe = std::env::current_exe().unwrap();
    let children: Vec<_> = (0..4)
        .map(|w| {
            std::process::Command::new(&exe)
                .args([
                    "--exact",
                    "bookmarks::bookmark_writer_child",
                    "--nocapture",
                    "--test-threads=1",
                ])
                .env(WRITER_ENV, format!("{}|w{w}", dir.path().display()))
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    // And a delete racing with nothing else still applies.
    persist::change_bookmarks(dir.path(), &BookmarkChange::Delete("w0-0".into())).unwrap();
    let (list, _) = persist::load_bookmarks(dir.path());
    assert_eq!(list.len(), 79);
}
