//! Documents in other formats: an HTML page shaped like a news site's and EPUB books built here.
//! What comes out is text with the structure the reader shows, and quotations work on it as on
//! any text.

use sidenote::store::{self, Document};
use std::io::Write;
use std::path::Path;

/// The body: what follows the header and the blank line after it.
fn text(d: &Document) -> String {
    String::from_utf8_lossy(&d.bytes[d.body_start..])
        .trim_start()
        .to_string()
}

#[test]
fn a_news_page_is_its_article_without_the_site_around_it() {
    let d = store::load_file(Path::new("tests/fixtures/formats/news-page.html")).unwrap();
    assert_eq!(d.title, "Harbour ferry returns after winter repairs");
    assert_eq!(d.date(), Some("2026-03-14"));
    assert_eq!(d.header.author.as_deref(), Some("Marta Quist"));
    let body = text(&d);
    for kept in [
        "# Harbour ferry returns after winter repairs",
        "The harbour ferry resumed its crossings on Saturday morning",
        "## Timetable",
        "- Weekdays: every half hour from 6:30 to 20:00\n- Weekends:",
        "> Tickets bought for the bus remain valid",
        "[image: The ferry Clara leaving the north pier]",
        "“if the numbers hold up.”",
    ] {
        assert!(body.contains(kept), "{kept:?} missing from:\n{body}");
    }
    for dropped in [
        "Skip to content",
        "Sport",
        "cookies",
        "Share on social media",
        "Read more",
        "Advertisement",
        "morning briefing",
        "Comments (12)",
        "Most read",
        "All rights reserved",
        "dataLayer",
        "font-family",
    ] {
        assert!(!body.contains(dropped), "{dropped:?} kept in:\n{body}");
    }
}

#[test]
fn quotations_on_a_news_page_are_found_and_attributed_as_in_text() {
    let d = store::load_file(Path::new("tests/fixtures/formats/news-page.html")).unwrap();
    let found: Vec<(String, Option<&str>)> = sidenote::quotes::extract(&d)
        .iter()
        .map(|q| {
            let t = String::from_utf8_lossy(&d.bytes[q.start()..q.end()]).into_owned();
            (t, q.speaker_name())
        })
        .collect();
    let speakers: Vec<_> = found.iter().map(|(_, s)| *s).collect();
    assert_eq!(
        speakers,
        [
            Some("Tomas Lind"),
            Some("Tomas Lind"),
            Some("Anna Berg"),
            Some("Anna Berg"),
            Some("Tomas Lind")
        ],
        "{found:?}"
    );
}

#[test]
fn the_same_page_is_always_the_same_document() {
    let a = store::load_file(Path::new("tests/fixtures/formats/news-page.html")).unwrap();
    let b = store::load_file(Path::new("tests/fixtures/formats/news-page.html")).unwrap();
    assert_eq!(a.fingerprint(), b.fingerprint());
    assert_eq!(text(&a), text(&b));
}

/// An EPUB of `files` (path in the archive, contents), `mimetype` first and stored, as the
/// standard requires; the rest deflated, as real books are.
fn epub(dir: &Path, name: &str, files: &[(&str, &str)]) -> std::path::PathBuf {
    use zip::write::SimpleFileOptions;
    let path = dir.join(name);
    let mut z = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    z.start_file("mimetype", stored).unwrap();
    z.write_all(b"application/epub+zip").unwrap();
    let deflated =
        SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, body) in files {
        z.start_file(*name, deflated).unwrap();
        z.write_all(body.as_bytes()).unwrap();
    }
    z.finish().unwrap();
    path
}

const CONTAINER: &str = r#"<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>"#;

const OPF: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="id">urn:uuid:0</dc:identifier>
    <dc:title>The Lamp &amp; the Lake</dc:title>
    <dc:creator>Ida Strand</dc:creator>
    <dc:date>2025-11-02</dc:date>
  </metadata>
  <manifest>
    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
    <item id="c2" href="text/chapter%202.xhtml" media-type="application/xhtml+xml"/>
    <item id="c1" href="text/one.xhtml" media-type="application/xhtml+xml"/>
    <item id="img" href="images/lamp.png" media-type="image/png"/>
  </manifest>
  <spine><itemref idref="c1"/><itemref idref="c2"/></spine>
</package>"#;

const NAV: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><body>
<nav epub:type="toc"><ol>
  <li><a href="text/one.xhtml">I. The Lamp</a></li>
  <li><a href="text/chapter%202.xhtml#start">II. <span>The Lake</span></a></li>
</ol></nav></body></html>"#;

const ONE: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>One</title></head><body>
<h1>I. The Lamp</h1>
<p>The lamp had burned all night. “Who left it on?” asked Ida.</p>
<p><img src="../images/lamp.png" alt="A brass lamp"/></p>
</body></html>"#;

const TWO: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Two</title></head><body>
<p id="start">Morning came over the lake, grey and still.</p>
</body></html>"#;

#[test]
fn an_epub_is_its_chapters_in_spine_order_with_the_contents_as_headings() {
    let dir = tempfile::tempdir().unwrap();
    let path = epub(
        dir.path(),
        "book.epub",
        &[
            ("META-INF/container.xml", CONTAINER),
            ("OEBPS/content.opf", OPF),
            ("OEBPS/nav.xhtml", NAV),
            ("OEBPS/text/one.xhtml", ONE),
            ("OEBPS/text/chapter 2.xhtml", TWO),
        ],
    );
    let d = store::load_file(&path).unwrap();
    assert_eq!(d.title, "The Lamp & the Lake");
    assert_eq!(d.header.author.as_deref(), Some("Ida Strand"));
    assert_eq!(d.date(), Some("2025-11-02"));
    assert_eq!(
        text(&d),
        "# I. The Lamp\n\n\
         The lamp had burned all night. “Who left it on?” asked Ida.\n\n\
         [image: A brass lamp]\n\n\
         # II. The Lake\n\n\
         Morning came over the lake, grey and still."
    );
    let q = sidenote::quotes::extract(&d);
    assert_eq!(q.len(), 1);
    assert_eq!(q[0].speaker_name(), Some("Ida"));
    // The contents are the outline, each heading where its chapter starts.
    let outline = store::outline::outline(&d);
    let titles: Vec<_> = outline
        .iter()
        .map(|h| (h.level, h.title.as_str()))
        .collect();
    assert_eq!(titles, [(1, "I. The Lamp"), (1, "II. The Lake")]);
    assert!(d.bytes[outline[1].offset..].starts_with(b"# II. The Lake"));
    // A folder of books lists them.
    let scan = store::load_paths(&[dir.path().to_path_buf()], &mut Default::default()).unwrap();
    assert_eq!(scan.docs.len(), 1);
    assert_eq!(scan.docs[0].title, "The Lamp & the Lake");
}

#[test]
fn an_epub_2_takes_its_contents_from_the_ncx() {
    let dir = tempfile::tempdir().unwrap();
    let opf = OPF
        .replace("version=\"3.0\"", "version=\"2.0\"")
        .replace(
            "<item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\"/>",
            "<item id=\"ncx\" href=\"toc.ncx\" media-type=\"application/x-dtbncx+xml\"/>",
        )
        .replace("<spine>", "<spine toc=\"ncx\">");
    let ncx = r#"<?xml version="1.0"?>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1"><navMap>
  <navPoint id="p1"><navLabel><text>Chapter One</text></navLabel><content src="text/one.xhtml"/></navPoint>
  <navPoint id="p2"><navLabel><text>Chapter Two</text></navLabel><content src="text/chapter%202.xhtml"/></navPoint>
</navMap></ncx>"#;
    let path = epub(
        dir.path(),
        "old.epub",
        &[
            ("META-INF/container.xml", CONTAINER),
            ("OEBPS/content.opf", &opf),
            ("OEBPS/toc.ncx", ncx),
            ("OEBPS/text/one.xhtml", ONE),
            ("OEBPS/text/chapter 2.xhtml", TWO),
        ],
    );
    let body = text(&store::load_file(&path).unwrap());
    assert!(
        body.starts_with("# I. The Lamp\n\n"),
        "its own heading stays: {body}"
    );
    assert!(body.contains("\n\n# Chapter Two\n\nMorning came"), "{body}");
}

#[test]
fn a_damaged_epub_is_one_line_naming_the_file_and_the_fault() {
    let dir = tempfile::tempdir().unwrap();
    let whole = epub(
        dir.path(),
        "whole.epub",
        &[
            ("META-INF/container.xml", CONTAINER),
            ("OEBPS/content.opf", OPF),
            ("OEBPS/text/one.xhtml", ONE),
        ],
    );
    let bytes = std::fs::read(&whole).unwrap();
    let cut = dir.path().join("cut.epub");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let e = store::load_file(&cut).unwrap_err().to_string();
    assert!(e.contains("cut.epub") && e.contains("damaged EPUB"), "{e}");
    assert_eq!(e.lines().count(), 1);

    let hollow = epub(dir.path(), "hollow.epub", &[("OEBPS/content.opf", OPF)]);
    let e = store::load_file(&hollow).unwrap_err().to_string();
    assert!(
        e.contains("hollow.epub") && e.contains("META-INF/container.xml is missing"),
        "{e}"
    );

    let empty_spine = epub(
        dir.path(),
        "empty.epub",
        &[
            ("META-INF/container.xml", CONTAINER),
            (
                "OEBPS/content.opf",
                &OPF.replace("<itemref idref=\"c1\"/><itemref idref=\"c2\"/>", ""),
            ),
        ],
    );
    let e = store::load_file(&empty_spine).unwrap_err().to_string();
    assert!(e.contains("lists no chapters"), "{e}");
}

#[test]
fn link_targets_are_shown_on_demand_with_reference_links_resolved() {
    let d = store::load_file(Path::new("tests/fixtures/formats/guide.md")).unwrap();
    let mut m = sidenote::update::init(sidenote::update::Start::new(vec![d], false)).0;
    sidenote::update::update(&mut m, sidenote::action::Action::Resize(80, 24));
    let screen = |m: &sidenote::model::Model| {
        let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
        t.draw(|f| sidenote::ui::view(m, f)).unwrap();
        let buf = t.backend().buffer().clone();
        (0..24)
            .map(|y| {
                (0..80)
                    .map(|x| buf[(x, y)].symbol().to_string())
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let press = |m: &mut sidenote::model::Model, a| sidenote::update::update(m, a);
    use sidenote::action::Action;
    press(&mut m, Action::Links);
    let s = screen(&m);
    assert!(
        s.contains("ferry timetable") && s.contains("→ https://example.org/ferry"),
        "{s}"
    );
    press(&mut m, Action::Cancel);
    assert!(!screen(&m).contains("→ https://"));
    press(&mut m, Action::Bottom);
    press(&mut m, Action::Links);
    let s = screen(&m);
    assert!(
        s.contains("town's page") && s.contains("→ https://example.org/town"),
        "{s}"
    );
}
