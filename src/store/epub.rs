//! EPUB books (2 and 3) as documents: the chapters in spine order as one text, the title and
//! author from the package, the table of contents as headings (so the outline is the book's
//! own), images as `[image: alt]`. A damaged book is refused with what is wrong with it.

use std::collections::HashMap;
use std::io::Read;

/// The most a book's parts may unpack to, each and together: a small file that unpacks to
/// gigabytes (a "zip bomb") is refused rather than filling memory.
const PART_MAX: u64 = 64 << 20;
const BOOK_MAX: u64 = 512 << 20;

/// The book in `bytes` as text, or what is wrong with it.
pub(crate) fn book(bytes: &[u8]) -> Result<String, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("damaged EPUB: not a readable zip archive ({e})"))?;
    let mut unpacked = 0u64;
    let mut read = |zip: &mut zip::ZipArchive<_>, name: &str| -> Result<Vec<u8>, String> {
        let entry = zip
            .by_name(name)
            .map_err(|_| format!("damaged EPUB: {name} is missing"))?;
        let mut out = Vec::new();
        entry
            .take(PART_MAX.min(BOOK_MAX - unpacked) + 1)
            .read_to_end(&mut out)
            .map_err(|e| format!("damaged EPUB: {name}: {e}"))?;
        unpacked += out.len() as u64;
        if out.len() as u64 > PART_MAX || unpacked > BOOK_MAX {
            return Err(format!(
                "EPUB too large: {name} unpacks to more than {} MB",
                PART_MAX >> 20
            ));
        }
        Ok(out)
    };
    let container = read(&mut zip, "META-INF/container.xml")?;
    let opf_path = elements(&container)
        .into_iter()
        .find(|e| e.name == "rootfile")
        .and_then(|e| e.attr("full-path").map(str::to_string))
        .ok_or("damaged EPUB: META-INF/container.xml names no package file")?;
    let opf = read(&mut zip, &opf_path)?;
    let package = Package::parse(&opf, dir_of(&opf_path));
    if package.spine.is_empty() {
        return Err("damaged EPUB: its package lists no chapters".into());
    }
    let toc = match &package.toc {
        Some(path) => read(&mut zip, path)
            .map(|t| contents(&t, dir_of(path)))
            .unwrap_or_default(),
        None => HashMap::new(),
    };
    let mut body = String::new();
    for path in &package.spine {
        let Ok(xhtml) = read(&mut zip, path) else {
            // A chapter missing from the archive is left out, as readers do; the rest reads.
            continue;
        };
        let (text, heading) = super::html::chapter(&xhtml);
        if text.trim().is_empty() {
            continue;
        }
        if !body.is_empty() {
            body.push_str("\n\n");
        }
        // The contents' name for a chapter that does not begin with a heading of its own.
        if let Some(label) = toc.get(path.as_str())
            && heading.is_none_or(|h| !text.starts_with('#') || !h.eq_ignore_ascii_case(label))
            && !text.starts_with('#')
        {
            body.push_str(&format!("# {label}\n\n"));
        }
        body.push_str(&text);
    }
    Ok(super::html::front_matter(package.title, package.author, package.date) + &body)
}

/// What the package file says.
#[derive(Debug, Default)]
struct Package {
    title: Option<String>,
    author: Option<String>,
    date: Option<String>,
    /// The chapters' paths in the archive, in reading order.
    spine: Vec<String>,
    /// The table of contents: an EPUB 3 navigation document, else an EPUB 2 NCX.
    toc: Option<String>,
}

impl Package {
    fn parse(opf: &[u8], dir: &str) -> Package {
        let els = elements(opf);
        let first = |name: &str| {
            els.iter()
                .find(|e| e.name == name && !e.text.trim().is_empty())
                .map(|e| e.text.split_whitespace().collect::<Vec<_>>().join(" "))
        };
        let authors: Vec<String> = els
            .iter()
            .filter(|e| e.name == "creator" && !e.text.trim().is_empty())
            .map(|e| e.text.trim().to_string())
            .collect();
        let mut items = HashMap::new();
        let mut nav = None;
        for e in els.iter().filter(|e| e.name == "item") {
            if let (Some(id), Some(href)) = (e.attr("id"), e.attr("href")) {
                let path = join(dir, href);
                if e.attr("properties")
                    .is_some_and(|p| p.split_whitespace().any(|p| p == "nav"))
                {
                    nav = Some(path.clone());
                }
                items.insert(id.to_string(), path);
            }
        }
        let ncx = els
            .iter()
            .find(|e| e.name == "spine")
            .and_then(|e| e.attr("toc"))
            .and_then(|id| items.get(id).cloned());
        let spine = els
            .iter()
            .filter(|e| e.name == "itemref")
            .filter_map(|e| items.get(e.attr("idref")?).cloned())
            .collect();
        Package {
            title: first("title"),
            author: (!authors.is_empty()).then(|| authors.join(", ")),
            date: first("date"),
            spine,
            toc: nav.or(ncx),
        }
    }
}

/// The table of contents: the first label of each chapter file it points to.
fn contents(doc: &[u8], dir: &str) -> HashMap<String, String> {
    let els = elements(doc);
    let mut out = HashMap::new();
    // NCX: a `navLabel`'s `text`, then the `content` it labels; EPUB 3: `<a href>` in the nav.
    let mut label: Option<String> = None;
    for e in &els {
        let target = match e.name.as_str() {
            "text" => {
                label = Some(e.text.clone());
                None
            }
            "content" => e.attr("src").map(|s| (s, label.take())),
            "a" => e.attr("href").map(|h| (h, Some(e.text.clone()))),
            _ => None,
        };
        if let Some((href, Some(text))) = target {
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            let file = href.split('#').next().unwrap_or("");
            if !text.is_empty() && !file.is_empty() {
                out.entry(join(dir, file)).or_insert(text);
            }
        }
    }
    out
}

/// The folder of a path in the archive, with its `/`.
fn dir_of(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..=i])
}

/// `href` (relative, percent-encoded) from the folder `dir`, as a path in the archive.
fn join(dir: &str, href: &str) -> String {
    let href = percent_decoded(href);
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for p in href.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

fn percent_decoded(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%'
            && let (Some(h), Some(l)) = (
                b.get(i + 1).and_then(|&c| hex(c)),
                b.get(i + 2).and_then(|&c| hex(c)),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// One element of an XML file: its local name (no prefix), attributes (local names), and all
/// the text inside it.
#[derive(Debug)]
struct Element {
    name: String,
    attrs: Vec<(String, String)>,
    text: String,
}

impl Element {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A name without its namespace prefix.
fn local(name: &str) -> String {
    name.rsplit(':').next().unwrap_or("").to_string()
}

fn element(e: &quick_xml::events::BytesStart) -> Element {
    let attrs = e
        .attributes()
        .flatten()
        .map(|a| {
            let v = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_or_else(|_| a.value.to_string(), |v| v.into_owned());
            (local(a.key.as_ref()), v)
        })
        .collect();
    Element {
        name: local(e.name().as_ref()),
        attrs,
        text: String::new(),
    }
}

/// Every element of an XML file in document order. A file that stops being well-formed gives
/// the elements before the fault: a package with a stray `&` still lists its chapters.
fn elements(xml: &[u8]) -> Vec<Element> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut out: Vec<Element> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    let mut buf = Vec::new();
    let add_text = |out: &mut Vec<Element>, open: &[usize], t: &str| {
        for &i in open {
            out[i].text.push_str(t);
        }
    };
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => {
                out.push(element(&e));
                open.push(out.len() - 1);
            }
            // An empty element (`<item/>`) has no end to wait for.
            Ok(Event::Empty(e)) => out.push(element(&e)),
            Ok(Event::End(_)) => {
                open.pop();
            }
            Ok(Event::Text(t)) => add_text(&mut out, &open, &t.html_content()),
            Ok(Event::CData(t)) => add_text(&mut out, &open, &t.html_content()),
            Ok(Event::GeneralRef(r)) => {
                let t = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => quick_xml::escape::resolve_xml_entity(&r)
                        .unwrap_or_default()
                        .to_string(),
                };
                add_text(&mut out, &open, &t);
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
        buf.clear();
    }
    out
}
