//! Opening documents in other formats, file to first frame at 200×60, as a user opens them:
//! an EPUB book and an HTML page of 5 MB (converted to text when read), and Markdown of 100 MB
//! (rendered a paragraph at a time) beside the same text as plain text. Then key presses on the
//! rendered Markdown. The files are generated at run time into a temporary folder (the same
//! news-like text the other benchmarks use, with Markdown, HTML or EPUB markup around it).
//! Run: `cargo bench --bench formats`. Not run by CI.

#[path = "support/gen.rs"]
mod generator;

use divan::Bencher;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use sidenote::action::Action;
use sidenote::update::update;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const W: u16 = 200;
const H: u16 = 60;

fn main() {
    divan::main();
}

/// The folder the generated files are written to, made once per run.
fn dir() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().unwrap()).path()
}

/// The generated text's paragraphs, about `bytes` of them.
fn paragraphs(bytes: usize) -> Vec<String> {
    generator::generate(bytes)
        .split("\n\n")
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// Markdown made of the generated paragraphs: a heading every 20, a list, emphasis and code
/// every 7, a table every 50, a code block every 90.
fn markdown(bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + bytes / 8);
    for (i, p) in paragraphs(bytes).iter().enumerate() {
        if i % 20 == 0 {
            out += &format!("## Section {}\n\n", i / 20 + 1);
        }
        if i % 50 == 25 {
            out += "| Name | Role | Said |\n| --- | --- | ---: |\n| Ann Lee | mayor | 12 |\n\
                    | Bo Chan | clerk of the works at the harbour office | 3 |\n\n";
        }
        if i % 90 == 45 {
            out += "```\nlet total = items.iter().sum();\n\nprintln!(\"{total}\");\n```\n\n";
        }
        if i % 7 == 3 {
            let words: Vec<&str> = p.split(' ').collect();
            for chunk in words.chunks(12).take(4) {
                out += &format!("- {}\n", chunk.join(" "));
            }
            out += "\n";
        } else if i % 7 == 5 {
            // The second half emphasised, from a space near the middle.
            let mid = p
                .char_indices()
                .find(|&(i, c)| i >= p.len() / 2 && c == ' ')
                .map_or(p.len(), |(i, _)| i);
            let (a, b) = p.split_at(mid);
            out += &format!("{a} *{}* and `code` here.\n\n", b.trim());
        } else {
            out += p;
            out += "\n\n";
        }
    }
    out
}

/// A news site's page around the generated paragraphs.
fn html(bytes: usize) -> String {
    let mut out = String::from(
        "<!doctype html><html><head><title>Bench page</title>\
         <meta property=\"og:title\" content=\"Bench page\"></head><body>\
         <nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/news\">News</a></li></ul></nav>\
         <article><h1>Bench page</h1>",
    );
    for (i, p) in paragraphs(bytes).iter().enumerate() {
        if i % 20 == 0 {
            out += &format!("<h2>Section {}</h2>", i / 20 + 1);
        }
        out += &format!("<p>{}</p>\n", p.replace('&', "&amp;").replace('<', "&lt;"));
    }
    out += "</article><footer>All rights reserved</footer></body></html>";
    out
}

/// An EPUB 3 book of the generated paragraphs, in 40 chapters.
fn epub(bytes: usize) -> Vec<u8> {
    let paras = paragraphs(bytes);
    let per = paras.len().div_ceil(40);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated = zip::write::SimpleFileOptions::default();
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/epub+zip").unwrap();
    zip.start_file("META-INF/container.xml", deflated).unwrap();
    zip.write_all(
        br#"<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"#,
    )
    .unwrap();
    let (mut items, mut spine) = (String::new(), String::new());
    for (n, chunk) in paras.chunks(per).enumerate() {
        items += &format!(
            "<item id=\"c{n}\" href=\"c{n}.xhtml\" media-type=\"application/xhtml+xml\"/>"
        );
        spine += &format!("<itemref idref=\"c{n}\"/>");
        let mut body = format!(
            "<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\"><body><h1>Chapter {}</h1>",
            n + 1
        );
        for p in chunk {
            body += &format!("<p>{}</p>\n", p.replace('&', "&amp;").replace('<', "&lt;"));
        }
        body += "</body></html>";
        zip.start_file(format!("OEBPS/c{n}.xhtml"), deflated)
            .unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    let opf = format!(
        "<?xml version=\"1.0\"?><package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\">\
         <metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>Bench book</dc:title>\
         <dc:creator>Ida Strand</dc:creator></metadata><manifest>{items}</manifest>\
         <spine>{spine}</spine></package>"
    );
    zip.start_file("OEBPS/content.opf", deflated).unwrap();
    zip.write_all(opf.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

/// The file `name` (`5 MB book.epub`, `100 MB notes.md`, …), written once per run.
fn file(name: &str) -> PathBuf {
    let path = dir().join(name.replace(' ', "-"));
    if !path.exists() {
        let (mb, kind) = name.split_once(" MB ").unwrap();
        let bytes = mb.parse::<usize>().unwrap() << 20;
        let data = match kind.rsplit('.').next().unwrap() {
            "epub" => epub(bytes),
            "html" => html(bytes).into_bytes(),
            "md" => markdown(bytes).into_bytes(),
            _ => generator::generate(bytes).into_bytes(),
        };
        std::fs::write(&path, data).unwrap();
    }
    path
}

/// From the file to the reader's first frame: reading (and converting), the model, drawing.
#[divan::bench(args = ["5 MB book.epub", "5 MB page.html", "100 MB notes.md", "100 MB notes.txt"], sample_count = 5)]
fn open_to_first_frame(b: Bencher, name: &str) {
    let path = file(name);
    b.bench_local(|| {
        let d = sidenote::store::load_file(&path).unwrap();
        let mut m = sidenote::update::init(sidenote::update::Start::new(vec![d], false)).0;
        update(&mut m, Action::Resize(W, H));
        let mut term = Terminal::new(TestBackend::new(W, H)).unwrap();
        term.draw(|f| sidenote::ui::view(&m, f)).unwrap();
        m
    });
}

/// Key presses on rendered Markdown at 200×60: a line down, a page down (each a new frame).
#[divan::bench(args = ["j", "space"], sample_count = 300)]
fn markdown_keystroke(b: Bencher, key: &str) {
    let d = sidenote::store::load_file(&file("100 MB notes.md")).unwrap();
    let mut m = sidenote::update::init(sidenote::update::Start::new(vec![d], false)).0;
    update(&mut m, Action::Resize(W, H));
    let mut term = Terminal::new(TestBackend::new(W, H)).unwrap();
    term.draw(|f| sidenote::ui::view(&m, f)).unwrap();
    let action = if key == "j" {
        Action::LineDown
    } else {
        Action::PageDown
    };
    b.bench_local(|| {
        update(&mut m, action);
        term.draw(|f| sidenote::ui::view(&m, f)).unwrap();
    });
}
