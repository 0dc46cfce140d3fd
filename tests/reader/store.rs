//! The document store on real and edge-case files: encodings, line endings, headers, reflow.

use sidenote::store::decode::Encoding;
use sidenote::store::paragraphs::Kind;
use sidenote::store::{self, Document, StoreError};
use std::path::Path;

fn texts(d: &Document) -> Vec<String> {
    d.paragraphs().map(|p| d.display(&p).text).collect()
}

/// A folder `lib` in a new temporary directory, holding `files` (name, bytes).
fn library(files: &[(&str, &[u8])]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("lib");
    std::fs::create_dir(&root).unwrap();
    for (name, bytes) in files {
        let path = root.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    (dir, root)
}

fn load_bytes(dir: &Path, name: &str, bytes: &[u8]) -> Result<Document, StoreError> {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    store::load_file(&path)
}

#[test]
fn crlf_and_lone_cr_split_like_lf() {
    let dir = tempfile::tempdir().unwrap();
    let lf = load_bytes(dir.path(), "lf.txt", b"First para\nline two.\n\nSecond.\n").unwrap();
    let crlf = load_bytes(
        dir.path(),
        "crlf.txt",
        b"First para\r\nline two.\r\n\r\nSecond.\r\n",
    )
    .unwrap();
    let cr = load_bytes(dir.path(), "cr.txt", b"First para\rline two.\r\rSecond.\r").unwrap();
    assert_eq!(texts(&lf), texts(&crlf));
    assert_eq!(texts(&lf), texts(&cr));
    assert!(
        texts(&crlf)
            .iter()
            .all(|t| !t.contains('\r') && !t.contains("^M"))
    );
}

#[test]
fn utf16_files_with_bom_decode() {
    let dir = tempfile::tempdir().unwrap();
    let text = "title: Ünïcode\n\nΚαλημέρα κόσμε. 日本語。";
    let mut le = vec![0xFF, 0xFE];
    le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let d = load_bytes(dir.path(), "le.txt", &le).unwrap();
    assert_eq!(d.encoding, Encoding::Utf16Le);
    assert_eq!(d.title, "Ünïcode");
    assert_eq!(texts(&d), ["Καλημέρα κόσμε. 日本語。"]);
    let mut be = vec![0xFE, 0xFF];
    be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    assert_eq!(
        texts(&load_bytes(dir.path(), "be.txt", &be).unwrap()),
        texts(&d)
    );
}

#[test]
fn utf8_bom_is_not_text_and_offsets_stay_file_offsets() {
    let dir = tempfile::tempdir().unwrap();
    let d = load_bytes(dir.path(), "bom.txt", "\u{FEFF}Hello there.".as_bytes()).unwrap();
    assert_eq!(d.encoding, Encoding::Utf8Bom);
    assert_eq!(texts(&d), ["Hello there."]);
    assert_eq!(d.first_paragraph().unwrap().start, 3);
}

#[test]
fn invalid_utf8_is_shown_not_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let d = load_bytes(dir.path(), "latin1.txt", b"Caf\xe9 cr\xe8me, na\xefve.").unwrap();
    assert_eq!(texts(&d), ["Caf<E9> cr<E8>me, na<EF>ve."]);
}

#[test]
fn empty_and_blank_files_load_with_no_paragraphs() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in [("empty.txt", &b""[..]), ("blank.txt", &b"\n\n  \n"[..])] {
        let d = load_bytes(dir.path(), name, bytes).unwrap();
        assert!(d.paragraphs().next().is_none() && d.is_empty());
        assert_eq!(d.words, 0);
        assert_eq!(d.title, name);
    }
}

#[test]
fn no_trailing_newline_keeps_the_last_word() {
    let dir = tempfile::tempdir().unwrap();
    let d = load_bytes(dir.path(), "n.txt", b"One.\n\nLast words").unwrap();
    assert_eq!(texts(&d), ["One.", "Last words"]);
}

#[test]
fn binary_file_is_a_one_line_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let err = load_bytes(
        dir.path(),
        "image.png",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    )
    .unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("image.png") && msg.contains("binary"), "{msg}");
    assert!(!msg.contains('\n'));
}

#[test]
fn missing_file_error_names_it() {
    let err = store::load_file(Path::new("/no/such/dir/article.txt")).unwrap_err();
    assert!(
        err.to_string().starts_with("/no/such/dir/article.txt: "),
        "{err}"
    );
}

#[test]
fn hard_wrapped_book_is_reflowed_and_verse_is_kept() {
    let d = store::load_file(Path::new("tests/fixtures/pride-and-prejudice-ch1.txt")).unwrap();
    assert_eq!(d.title, "Pride and Prejudice, Chapter 1");
    assert_eq!(d.header.author.as_deref(), Some("Jane Austen"));
    assert_eq!(d.date(), Some("1813-01-28"));
    let t = texts(&d);
    assert_eq!(
        t[1],
        "However little known the feelings or views of such a man may be on his first entering a \
         neighbourhood, this truth is so well fixed in the minds of the surrounding families, that \
         he is considered the rightful property of some one or other of their daughters."
    );
    let verse = d.last_paragraph().unwrap();
    assert_eq!(verse.kind, Kind::Lines);
    assert_eq!(t.last().unwrap().lines().count(), 4);
}

#[test]
fn markdown_front_matter_lists_and_fences() {
    let d = store::load_file(Path::new("tests/fixtures/notes.md")).unwrap();
    assert_eq!(d.title, "Field notes: a Markdown sample");
    assert_eq!(d.date(), Some("2024-05-06"));
    let kinds: Vec<Kind> = d.paragraphs().map(|p| p.kind).collect();
    assert_eq!(
        kinds,
        [
            Kind::Heading,
            Kind::Prose,
            Kind::Lines,
            Kind::Lines,
            Kind::Prose
        ]
    );
    assert!(texts(&d)[3].contains("\n\n    // blank lines"));
}

#[test]
fn folder_scan_is_recursive_sorted_and_skips_binaries_and_hidden() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::create_dir_all(p.join("sub/deeper")).unwrap();
    std::fs::create_dir_all(p.join(".git")).unwrap();
    std::fs::write(p.join("b.md"), "# B\n\ntext").unwrap();
    std::fs::write(p.join("sub/deeper/a.txt"), "A text.").unwrap();
    std::fs::write(p.join("sub/README"), "No extension, still text.").unwrap();
    std::fs::write(p.join("photo.jpg"), b"\xff\xd8\xff\x00\x00").unwrap();
    std::fs::write(p.join(".git/config"), "hidden").unwrap();
    std::fs::write(p.join("gold.jsonl"), "{\"data\": true}").unwrap();
    let scan = store::load_dir(p, &Default::default()).unwrap();
    let titles: Vec<&str> = scan.docs.iter().map(|d| d.title.as_str()).collect();
    assert_eq!(titles, ["B", "No extension, still text.", "A text."]);
    assert_eq!(scan.skipped, 1);
}

#[test]
fn empty_folder_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let err = store::load_dir(dir.path(), &Default::default()).unwrap_err();
    assert!(err.to_string().contains("no documents"));
}

#[test]
fn moved_file_keeps_its_fingerprint() {
    let dir = tempfile::tempdir().unwrap();
    let a = load_bytes(dir.path(), "a.txt", b"Same words here.").unwrap();
    let b = load_bytes(dir.path(), "renamed.md", b"Same words here.").unwrap();
    assert_eq!(a.fingerprint(), b.fingerprint());
}

#[test]
fn sample_metadata() {
    let d = &store::builtin()[0];
    assert_eq!(d.date(), Some("2019-09-05"));
    // The header is metadata, not body text.
    assert!(!texts(d)[0].contains("date 2019"));
    assert!(d.words > 450 && d.words < 520, "{}", d.words);
}

/// Generated text past the size where paragraphs are found on demand, with a header, headings,
/// a list, a long unbroken line and Windows line endings in places.
fn large_text() -> String {
    let mut t = String::from("title: Large\n\n");
    let mut i = 0;
    while t.len() <= sidenote::store::para_index::FULL_MAX + (64 << 10) {
        i += 1;
        match i % 97 {
            0 => t.push_str("# A heading\nText under it.\n\n"),
            1 => t.push_str("- one\n- two\r\n- three\n\n"),
            2 => t.push_str(&format!("{}\n\n", "long ".repeat(9000))),
            _ => t.push_str(&format!(
                "Paragraph {i} has some words in it.\nAnd a second line.\n\n"
            )),
        }
    }
    t
}

#[test]
fn large_documents_find_the_same_paragraphs_on_demand() {
    let t = large_text();
    let d = Document::from_bytes(store::Origin::Builtin("big"), t.clone().into_bytes()).unwrap();
    assert_eq!(d.title, "Large");
    let on_demand: Vec<_> = d.paragraphs().collect();
    let listed = sidenote::store::para_index::split(
        t.as_bytes(),
        d.body_start,
        sidenote::store::para_index::PIECE,
    );
    assert_eq!(on_demand.len(), listed.len());
    assert!(
        on_demand == listed,
        "the two ways of finding paragraphs differ"
    );
    // The quotation worker's walk, which skips the paragraphs' kinds, finds the same ranges.
    let ranges: Vec<_> = on_demand.iter().map(|p| p.start..p.end).collect();
    assert!(d.paragraph_ranges().eq(ranges), "ranges differ");
    let mid = d.paragraph_at(t.len() / 2).unwrap();
    assert_eq!(d.last_paragraph(), listed.last().copied());
    assert!(d.is_last(&d.last_paragraph().unwrap()));
    assert!(!d.is_last(&d.first_paragraph().unwrap()));
    assert!(!d.is_last(&mid));
    assert_eq!(d.first_paragraph(), listed.first().copied());
    assert!(mid.start <= t.len() / 2 + 40);
}

#[test]
fn a_folder_scan_lists_new_files_without_keeping_their_text() {
    use sidenote::store::library::Index;
    let dir = tempfile::tempdir().unwrap();
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            "Ünïcode title. Body.\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    let files: [(&str, &[u8]); 3] = [
        ("a.txt", b"date 2020-01-02 First article. More.\n"),
        ("b.txt", b"\xEF\xBB\xBF# With a byte-order mark\n\nBody.\n"),
        ("c.txt", &utf16),
    ];
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    let scan = store::load_dir(dir.path(), &Index::default()).unwrap();
    assert_eq!(scan.docs.len(), 3);
    for (d, (name, _)) in scan.docs.iter().zip(files) {
        assert!(!d.bytes.is_read(), "{name} kept its text");
        // Described as the file read whole is, fingerprint included, still without keeping it.
        let whole = store::load_file(&dir.path().join(name)).unwrap();
        assert_eq!(d.meta(), whole.meta(), "{name}");
        assert!(!d.bytes.is_read(), "{name} was kept when hashed");
        // Opened, it reads the file again.
        assert_eq!(&d.bytes[..], &whole.bytes[..], "{name}");
    }
    // The fingerprint is of the text after the byte-order mark, as for a file read whole.
    let other = tempfile::tempdir().unwrap();
    std::fs::write(
        other.path().join("b.txt"),
        b"# With a byte-order mark\n\nBody.\n",
    )
    .unwrap();
    let plain = store::load_file(&other.path().join("b.txt")).unwrap();
    assert_eq!(scan.docs[1].fingerprint(), plain.fingerprint());
}

#[test]
fn library_index_lists_files_without_reading_them_then_catches_up() {
    use sidenote::store::library::Index;
    let (_dir, root) = library(&[
        ("a.txt", b"date 2020-01-02 First article. More.\n"),
        ("b.txt", b"# Second\n\nBody text here.\n"),
        ("c.txt", b"third one\n"),
        ("d.bin", b"\0\x01binary"),
    ]);
    let first = store::load_dir(&root, &Index::default()).unwrap();
    // Read now, described later: three text files waiting for their hash, one binary file.
    assert_eq!(
        (first.fresh.len(), first.entries.len(), first.skipped),
        (3, 1, 1)
    );
    let mut index = Index::default();
    assert!(index.update(&first.roots, first.described_entries()));
    // Through its file, as between runs.
    let index = Index::from_bytes(&index.to_bytes()).unwrap();

    // One file edited (a different size), one deleted, one added.
    std::fs::write(
        root.join("b.txt"),
        "# Second, renamed\n\nBody text here, longer.\n",
    )
    .unwrap();
    std::fs::remove_file(root.join("c.txt")).unwrap();
    std::fs::write(root.join("e.txt"), "A new one.\n").unwrap();
    let second = store::load_dir(&root, &index).unwrap();
    // Listed at once from the index (b's old title), the new file read now.
    let titles: Vec<&str> = second.docs.iter().map(|d| d.title.as_str()).collect();
    assert_eq!(titles, ["First article.", "Second", "A new one."]);
    assert_eq!(
        second.skipped, 1,
        "the binary file is still known to be binary"
    );
    let a = &second.docs[0];
    assert!(format!("{:?}", a.bytes).contains("not read yet"));
    assert_eq!(a.date(), first.docs[0].date());
    assert_eq!(a.fingerprint(), first.docs[0].fingerprint());
    // Read when needed, with the same text and paragraphs as a direct load.
    assert_eq!(&a.bytes[..], &first.docs[0].bytes[..]);
    assert_eq!(texts(a), texts(&first.docs[0]));

    // Then each listed file is looked at: only the changed one is read again.
    let mut second = second;
    let refresh = second.refresh(index);
    let mut undescribed = refresh.clone();
    let mut refresh = refresh;
    refresh.describe(|i| second.docs.get(i).map(|d| d.meta()));
    let mut reloaded = Vec::new();
    let (index, changed) = refresh.run(
        |i| second.docs.get(i).map(|d| d.meta()),
        |i, d| reloaded.push((i, d.title)),
    );
    assert_eq!(reloaded, [(1, "Second, renamed".to_string())]);
    assert!(changed);
    let mut paths: Vec<&str> = index
        .entries()
        .iter()
        .map(|e| e.path.rsplit('/').next().unwrap())
        .collect();
    paths.sort();
    assert_eq!(
        paths,
        ["a.txt", "b.txt", "d.bin", "e.txt"],
        "c.txt left the index"
    );
    assert!(
        index
            .entries()
            .iter()
            .all(|e| e.path.ends_with(".bin") == e.meta.is_none())
    );
    // A file read while listing but never described stays out of the index (it is read again
    // next time), rather than being taken for a binary file.
    undescribed.fresh.retain(|(_, e)| e.path.ends_with("e.txt"));
    let (index, _) = undescribed.run(|i| second.docs.get(i).map(|d| d.meta()), |_, _| {});
    assert!(!index.entries().iter().any(|e| e.path.ends_with("e.txt")));
    assert!(Index::from_bytes(b"{not an index").is_none());
}

/// The library index a first scan of the folder `root` saves, as saved.
fn first_index(root: &Path) -> Vec<u8> {
    use sidenote::store::library::Index;
    let mut first = store::load_paths(&[root.to_path_buf()], &mut Index::default()).unwrap();
    let mut r = first.refresh(Index::default());
    r.describe(|i| first.docs.get(i).map(|d| d.meta()));
    let (saved, changed) = r.run(|i| first.docs.get(i).map(|d| d.meta()), |_, _| {});
    assert!(changed);
    saved.to_bytes()
}

#[test]
fn a_folder_listed_alone_lends_its_descriptions_and_gets_them_back() {
    use sidenote::store::library::Index;
    let (_dir, root) = library(&[
        ("a.txt", b"date 2020-01-02 First article. More.\n"),
        ("b.txt", b"# Second\n\nBody text here.\n"),
        ("c.bin", b"\0\x01binary"),
    ]);
    let saved = first_index(&root);

    // Listed again from the index: the documents take its descriptions, not copies.
    let mut index = Index::from_bytes(&saved).unwrap();
    let mut second = store::load_paths(std::slice::from_ref(&root), &mut index).unwrap();
    let titles: Vec<&str> = second.docs.iter().map(|d| d.title.as_str()).collect();
    assert_eq!(titles, ["First article.", "Second"]);
    assert_eq!(second.skipped, 1);
    assert!(index.entries().iter().all(|e| e.meta.is_none()));
    // The check gives them back from the documents: nothing changed, nothing to save, and the
    // index is what it was, the binary file still known as binary.
    let r = second.refresh(index);
    let (back, changed) = r.run(|i| second.docs.get(i).map(|d| d.meta()), |_, _| {});
    assert!(!changed);
    assert_eq!(back.to_bytes(), saved);
    // A document that cannot describe itself is read again rather than saved undescribed.
    let mut index = Index::from_bytes(&saved).unwrap();
    let mut third = store::load_paths(std::slice::from_ref(&root), &mut index).unwrap();
    let mut reread = Vec::new();
    let (back, _) = third
        .refresh(index)
        .run(|_| None, |i, d| reread.push((i, d.title)));
    assert_eq!(reread.len(), 2);
    assert_eq!(back.to_bytes(), saved);
}

/// A launch reads the index beside the folder's listing: it must list what `load_paths` lists
/// with the index read first, and give back the same index, lent descriptions and all.
#[test]
fn a_launch_lists_a_folder_while_its_index_is_read_as_if_read_first() {
    use sidenote::store::library::Index;
    let (_dir, root) = library(&[
        ("a.txt", b"date 2020-01-02 First article. More.\n"),
        ("sub/b.txt", b"# Second\n\nBody text here.\n"),
        ("c.bin", b"\0\x01binary"),
        ("d.md", b"New since the index was saved.\n"),
    ]);
    let saved = first_index(&root);
    std::fs::write(root.join("e.txt"), "Newer still.\n").unwrap();

    let listing = |s: &store::Scan| {
        let docs: Vec<_> = s
            .docs
            .iter()
            .map(|d| (d.origin.clone(), d.title.clone()))
            .collect();
        (
            docs,
            s.skipped,
            s.check.clone(),
            s.fresh.clone(),
            s.roots.clone(),
            s.entries.clone(),
        )
    };
    for paths in [
        vec![root.clone()],
        vec![root.join("a.txt"), root.join("sub")],
        vec![root.join("none")],
    ] {
        let mut index = Index::from_bytes(&saved).unwrap();
        let expected = store::load_paths(&paths, &mut index);
        let (got, got_index) =
            store::load_paths_reading(&paths, || Index::from_bytes(&saved).unwrap());
        assert_eq!(got_index, index, "{paths:?}");
        match (expected, got) {
            (Ok(e), Ok(g)) => assert_eq!(listing(&g), listing(&e), "{paths:?}"),
            (Err(e), Err(g)) => assert_eq!(g.to_string(), e.to_string()),
            (e, g) => panic!("{paths:?}: {e:?} / {g:?}"),
        }
    }
    // An index that cannot be read (here, its reader panics) is a cache to rebuild: every
    // file is listed as new.
    let (scan, index) = store::load_paths_reading(std::slice::from_ref(&root), || {
        panic!("a damaged index (this panic is the test's)")
    });
    let scan = scan.unwrap();
    assert_eq!(
        (scan.check.len(), scan.fresh.len(), scan.docs.len()),
        (0, 4, 4)
    );
    assert!(index.entries().is_empty());
    // The one folder: its files were listed from the index, which lent their descriptions.
    let (scan, index) = store::load_paths_reading(std::slice::from_ref(&root), || {
        Index::from_bytes(&saved).unwrap()
    });
    let scan = scan.unwrap();
    assert_eq!((scan.check.len(), scan.fresh.len()), (4, 1));
    assert!(index.entries().iter().all(|e| e.meta.is_none()));
}

#[test]
fn a_listed_file_that_has_gone_says_so_when_opened() {
    use sidenote::store::library::Index;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "An article.\n").unwrap();
    std::fs::write(dir.path().join("b.txt"), "Another.\n").unwrap();
    let scan = store::load_dir(dir.path(), &Index::default()).unwrap();
    let mut index = Index::default();
    index.update(&scan.roots, scan.described_entries());
    let scan = store::load_dir(dir.path(), &index).unwrap();
    assert!(format!("{:?}", scan.docs[0].bytes).contains("not read yet"));
    std::fs::remove_file(dir.path().join("a.txt")).unwrap();
    let mut m = sidenote::update::init(sidenote::update::Start::new(scan.docs, true)).0;
    sidenote::update::update(&mut m, sidenote::action::Action::Resize(80, 24));
    // `update` asks for the file to be read instead of reading it; the event loop reads it and
    // applies the action again.
    let fx = sidenote::update::update(&mut m, sidenote::action::Action::Open);
    let read = sidenote::effect::Effect::Read {
        doc: 0,
        then: sidenote::action::Action::Open,
    };
    assert_eq!(fx, [read]);
    assert!(format!("{:?}", m.docs[0].bytes).contains("not read yet"));
    m.docs[0].bytes.read();
    sidenote::update::update(&mut m, sidenote::action::Action::Open);
    let status = m.status.clone().unwrap_or_default();
    assert!(
        status.contains("a.txt") && status.contains("No such file"),
        "{status}"
    );
    assert_eq!(m.screen, sidenote::model::Screen::Library);
    // The other one opens the same way, with its text.
    sidenote::update::update(&mut m, sidenote::action::Action::LineDown);
    let fx = sidenote::update::update(&mut m, sidenote::action::Action::Open);
    assert!(matches!(
        fx[..],
        [sidenote::effect::Effect::Read { doc: 1, .. }]
    ));
    m.docs[1].bytes.read();
    sidenote::update::update(&mut m, sidenote::action::Action::Open);
    assert_eq!(m.screen, sidenote::model::Screen::Reader);
    assert_eq!(&m.docs[1].bytes[..], b"Another.\n");
}

#[test]
fn a_folder_named_with_a_trailing_slash_or_a_dot_is_listed_from_its_index() {
    use sidenote::store::library::Index;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("lib");
    std::fs::create_dir_all(root.join("sub")).unwrap();
    std::fs::write(root.join("a.txt"), "First.\n").unwrap();
    std::fs::write(root.join("sub/b.md"), "Second.\n").unwrap();
    let forms = [
        root.clone(),
        std::path::PathBuf::from(format!("{}/", root.display())),
        root.join("."),
        root.join("sub/.."),
    ];
    for form in forms {
        let first = store::load_dir(&form, &Index::default()).unwrap();
        assert_eq!(first.fresh.len(), 2, "{form:?}");
        let mut index = Index::default();
        index.update(&first.roots, first.described_entries());
        // Listed again, every file is found in the index under the key it was saved with.
        let second = store::load_dir(&form, &index).unwrap();
        assert_eq!((second.fresh.len(), second.check.len()), (0, 2), "{form:?}");
    }
}
