//! HTML pages as documents: the article's main text, as the plain text sidenote reads (a
//! front-matter header, `#` headings, paragraphs, `- ` list items, `> ` block quotes, fenced
//! preformatted text), so quotations, search, bookmarks and resume work on it as on any text.
//! Offsets are into this text; the same page always gives the same text.
//!
//! What is the article: the element that says so (`itemprop="articleBody"`, the longest
//! `<article>`, `<main>`), else the element holding the most paragraph text (the rule of
//! Readability-style extractors, written for this page shape: paragraphs score their parent and,
//! half, its parent). Navigation, scripts, styles, forms, buttons, hidden parts and anything
//! whose class or id names it share buttons, related links, comments, a cookie banner, a
//! newsletter sign-up, an advertisement or a footer, are left out wherever they are.

mod dom;

use dom::{Handle, Kind};
use std::collections::HashMap;
use std::rc::Rc;

/// A page's text: its header (title, author, date) and its article as blocks.
pub(crate) fn article(html: &[u8]) -> String {
    let doc = dom::parse(decode(html).as_bytes());
    let meta = Meta::of(&doc);
    let root = main_text(&doc).unwrap_or(doc);
    let mut w = Writer::default();
    w.block(&root);
    w.flush();
    let mut title = meta.title.clone();
    if title.is_none() {
        title = first_heading(&root);
    }
    front_matter(title, meta.author, meta.date) + &w.out
}

/// The text of a book's chapter (XHTML): all of its body, as blocks, and its first heading.
pub(crate) fn chapter(xhtml: &[u8]) -> (String, Option<String>) {
    let doc = dom::parse(decode(xhtml).as_bytes());
    let body = find(&doc, &|n| n.tag() == "body").unwrap_or(doc);
    let mut w = Writer::default();
    w.block(&body);
    w.flush();
    (w.out, first_heading(&body))
}

/// How far into a page its character set is looked for, as browsers do.
const CHARSET_WITHIN: usize = 1024;

/// A page's text as Unicode: UTF-8 as it is; else in the character set its byte-order mark,
/// `<meta charset>`, `http-equiv` content type or XML declaration names, and in Windows-1252
/// (what browsers read an unlabelled Western page in) when it names none.
fn decode(page: &[u8]) -> std::borrow::Cow<'_, str> {
    if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(page) {
        return encoding.decode_with_bom_removal(page).0;
    }
    if let Ok(text) = std::str::from_utf8(page) {
        return text.into();
    }
    let head =
        String::from_utf8_lossy(&page[..page.len().min(CHARSET_WITHIN)]).to_ascii_lowercase();
    let label = ["charset=", "encoding="].iter().find_map(|key| {
        let at = head.find(key)? + key.len();
        let value = head[at..].trim_start_matches(['"', '\'', ' ']);
        let end = value
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.')))
            .unwrap_or(value.len());
        encoding_rs::Encoding::for_label(&value.as_bytes()[..end])
    });
    // A page that says UTF-8 but is not: its bytes are replaced where invalid, as before.
    let encoding = label.unwrap_or(encoding_rs::WINDOWS_1252);
    encoding.decode_without_bom_handling(page).0
}

/// `---` lines around the known fields, or nothing when none is known.
pub(crate) fn front_matter(
    title: Option<String>,
    author: Option<String>,
    date: Option<String>,
) -> String {
    let fields: Vec<String> = [("title", title), ("author", author), ("date", date)]
        .into_iter()
        .filter_map(|(k, v)| {
            let v = collapse(&v?);
            (!v.is_empty()).then(|| format!("{k}: {v}\n"))
        })
        .collect();
    if fields.is_empty() {
        return String::new();
    }
    format!("---\n{}---\n\n", fields.concat())
}

/// What the page says about itself.
#[derive(Default)]
struct Meta {
    title: Option<String>,
    author: Option<String>,
    date: Option<String>,
}

impl Meta {
    /// From `<meta>` tags (Open Graph, article:, name="author", Dublin Core), JSON-LD, a
    /// `<time>` element and `<title>`, the most specific first.
    fn of(doc: &Handle) -> Meta {
        let mut tags: HashMap<String, String> = HashMap::new();
        let mut ld = Meta::default();
        let mut title_tag = None;
        let mut time = None;
        walk(doc, &mut |n| {
            match n.tag() {
                "meta" => {
                    let key = n.attr("property").or_else(|| n.attr("name"));
                    if let (Some(k), Some(v)) = (key, n.attr("content")) {
                        tags.entry(k.to_ascii_lowercase()).or_insert(v);
                    }
                }
                "title" if title_tag.is_none() => title_tag = Some(text(n)),
                "time" if time.is_none() => time = n.attr("datetime"),
                "script"
                    if n.attr("type")
                        .is_some_and(|t| t.eq_ignore_ascii_case("application/ld+json")) =>
                {
                    if let Ok(v) = serde_json::from_str::<serde_json::Value>(&text(n)) {
                        ld.or(json_ld(&v));
                    }
                }
                _ => {}
            }
            true
        });
        let tag = |names: &[&str]| {
            names
                .iter()
                .find_map(|k| tags.get(*k).map(|v| collapse(v)).filter(|v| !v.is_empty()))
        };
        let url = |v: &String| v.starts_with("http://") || v.starts_with("https://");
        Meta {
            title: tag(&["og:title", "twitter:title", "dc.title"])
                .or(ld.title)
                .or(title_tag.map(|t| collapse(&t)).filter(|t| !t.is_empty())),
            author: ld
                .author
                .or(tag(&["author", "article:author", "dc.creator", "byl"]).filter(|a| !url(a))),
            date: tag(&[
                "article:published_time",
                "og:article:published_time",
                "date",
                "dc.date",
                "dcterms.created",
                "publish-date",
                "pubdate",
            ])
            .or(ld.date)
            .or(time)
            .map(|d| day(&d)),
        }
    }

    fn or(&mut self, other: Meta) {
        self.title = self.title.take().or(other.title);
        self.author = self.author.take().or(other.author);
        self.date = self.date.take().or(other.date);
    }
}

/// The article described by JSON-LD (`NewsArticle`, `Article`, `BlogPosting`, also inside
/// `@graph` or a list).
fn json_ld(v: &serde_json::Value) -> Meta {
    use serde_json::Value;
    match v {
        Value::Array(items) => items.iter().map(json_ld).fold(Meta::default(), |mut m, o| {
            m.or(o);
            m
        }),
        Value::Object(o) => {
            if let Some(graph) = o.get("@graph") {
                return json_ld(graph);
            }
            let kind = o.get("@type").map(|t| t.to_string()).unwrap_or_default();
            if !kind.contains("Article")
                && !kind.contains("BlogPosting")
                && !kind.contains("Report")
            {
                return Meta::default();
            }
            let name = |v: &Value| match v {
                Value::String(s) => Some(s.clone()),
                Value::Object(p) => p.get("name").and_then(Value::as_str).map(str::to_string),
                _ => None,
            };
            let author = match o.get("author") {
                Some(Value::Array(list)) => {
                    let names: Vec<String> = list.iter().filter_map(name).collect();
                    (!names.is_empty()).then(|| names.join(", "))
                }
                Some(a) => name(a),
                None => None,
            };
            let s = |k: &str| o.get(k).and_then(Value::as_str).map(str::to_string);
            Meta {
                title: s("headline").or(s("name")),
                author,
                date: s("datePublished").or(s("dateCreated")),
            }
        }
        _ => Meta::default(),
    }
}

/// `2024-05-03T10:00:00Z` → `2024-05-03`; any other form as it is.
fn day(d: &str) -> String {
    let d = d.trim();
    match d.get(..10) {
        Some(day)
            if day.as_bytes()[4] == b'-'
                && day.as_bytes()[7] == b'-'
                && day.bytes().filter(u8::is_ascii_digit).count() == 8 =>
        {
            day.to_string()
        }
        _ => d.to_string(),
    }
}

/// Elements that are never reading matter.
const NEVER: &[&str] = &[
    "script", "style", "noscript", "nav", "footer", "aside", "form", "button", "iframe", "svg",
    "template", "select", "input", "textarea", "label", "object", "embed", "canvas", "video",
    "audio", "map", "dialog", "menu", "head", "link", "meta",
];

/// Words of a class or id that name what is not the article.
const NOT_ARTICLE: &[&str] = &[
    "share",
    "sharing",
    "social",
    "related",
    "recommended",
    "recirculation",
    "comment",
    "comments",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "newsletter",
    "subscribe",
    "signup",
    "promo",
    "advert",
    "advertisement",
    "ad",
    "ads",
    "sponsored",
    "sidebar",
    "footer",
    "menu",
    "nav",
    "navbar",
    "navigation",
    "breadcrumb",
    "breadcrumbs",
    "popup",
    "modal",
    "toolbar",
    "masthead",
    "skip",
    "banner",
    "paywall",
    "outbrain",
    "taboola",
    "trending",
    "most-read",
    "hidden",
];

/// Roles that are not the article.
const NOT_ARTICLE_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "dialog",
    "alertdialog",
    "search",
    "menu",
    "menubar",
];

/// Whether `n` and all in it are left out of the text.
fn left_out(n: &Handle) -> bool {
    if n.kind != Kind::Element {
        return n.kind == Kind::Other;
    }
    let tag = n.tag();
    if NEVER.contains(&tag) {
        return true;
    }
    if n.attr("hidden").is_some()
        || n.attr("aria-hidden").is_some_and(|v| v == "true")
        || n.attr("role")
            .is_some_and(|r| NOT_ARTICLE_ROLES.contains(&r.to_ascii_lowercase().as_str()))
        || n.attr("style").is_some_and(|s| {
            let s = s.replace(' ', "").to_ascii_lowercase();
            s.contains("display:none") || s.contains("visibility:hidden")
        })
    {
        return true;
    }
    // The article's own containers keep their text whatever their class says.
    if matches!(
        tag,
        "html" | "body" | "article" | "main" | "p" | "h1" | "h2" | "h3"
    ) {
        return false;
    }
    let named = n.attr("class").unwrap_or_default() + " " + &n.attr("id").unwrap_or_default();
    named
        .to_ascii_lowercase()
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .any(|w| NOT_ARTICLE.contains(&w))
        || named.to_ascii_lowercase().contains("most-read")
}

/// Calls `f` on every node under `n` (and `n`), depth first, going into a node's children only
/// when `f` says so. Without recursion, for any depth.
fn walk(n: &Handle, f: &mut impl FnMut(&Handle) -> bool) {
    let mut stack = vec![n.clone()];
    while let Some(n) = stack.pop() {
        if f(&n) {
            stack.extend(n.children.borrow().iter().rev().cloned());
        }
    }
}

fn find(n: &Handle, pred: &impl Fn(&Handle) -> bool) -> Option<Handle> {
    let mut found = None;
    walk(n, &mut |x| {
        if found.is_some() {
            return false;
        }
        if pred(x) {
            found = Some(x.clone());
            return false;
        }
        true
    });
    found
}

/// All the text under `n`, as it is.
fn text(n: &Handle) -> String {
    let mut out = String::new();
    walk(n, &mut |x| {
        if x.kind == Kind::Text {
            out.push_str(&x.text.borrow());
        }
        true
    });
    out
}

/// The text under `n` that is not left out, and how much of it is link text.
fn reading_text(n: &Handle) -> (usize, usize) {
    let (mut all, mut links) = (0, 0);
    let mut stack = vec![(n.clone(), false)];
    while let Some((x, in_link)) = stack.pop() {
        if left_out(&x) {
            continue;
        }
        if x.kind == Kind::Text {
            let len = x.text.borrow().trim().chars().count();
            all += len;
            if in_link {
                links += len;
            }
        }
        let link = in_link || x.tag() == "a";
        stack.extend(x.children.borrow().iter().map(|c| (c.clone(), link)));
    }
    (all, links)
}

/// Words in whitespace, collapsed to single spaces.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Paragraphs shorter than this are not evidence of the article.
const MIN_PARAGRAPH: usize = 25;

/// The element holding the article's text, if one can be told.
fn main_text(doc: &Handle) -> Option<Handle> {
    let mut body_marked = None;
    let mut articles = Vec::new();
    let mut main = None;
    walk(doc, &mut |n| {
        if left_out(n) {
            return false;
        }
        if n.attr("itemprop").is_some_and(|v| v == "articleBody") && body_marked.is_none() {
            body_marked = Some(n.clone());
        }
        match n.tag() {
            "article" => articles.push(n.clone()),
            "main" if main.is_none() => main = Some(n.clone()),
            _ => {}
        }
        if n.attr("role").is_some_and(|r| r == "main") && main.is_none() {
            main = Some(n.clone());
        }
        true
    });
    if body_marked.is_some() {
        return body_marked;
    }
    let longest = articles
        .into_iter()
        .map(|a| (reading_text(&a).0, a))
        .max_by_key(|(len, _)| *len)
        .filter(|(len, _)| *len >= 4 * MIN_PARAGRAPH);
    if let Some((_, a)) = longest {
        return Some(a);
    }
    if main.is_some() {
        return main;
    }
    best_scored(doc)
}

/// The element whose paragraphs hold the most text: each paragraph scores its parent, and half
/// as much its parent's parent.
fn best_scored(doc: &Handle) -> Option<Handle> {
    let mut scores: Vec<(Handle, f64)> = Vec::new();
    let mut add = |n: Handle, s: f64| match scores.iter_mut().find(|(h, _)| Rc::ptr_eq(h, &n)) {
        Some((_, t)) => *t += s,
        None => scores.push((n, s)),
    };
    let mut parents: Vec<Handle> = Vec::new();
    // Depth-first with the path kept, to know each paragraph's parent and grandparent.
    fn visit(n: &Handle, path: &mut Vec<Handle>, add: &mut impl FnMut(Handle, f64)) {
        let mut stack: Vec<(Handle, usize)> = vec![(n.clone(), 0)];
        while let Some((x, depth)) = stack.pop() {
            path.truncate(depth);
            if left_out(&x) {
                continue;
            }
            if matches!(x.tag(), "p" | "pre" | "blockquote") {
                let (len, links) = reading_text(&x);
                if len >= MIN_PARAGRAPH && links * 2 < len {
                    let commas = text(&x).matches([',', '，', '、']).count();
                    let s = 1.0 + commas as f64 + (len as f64 / 100.0).min(3.0);
                    if let Some(p) = path.last() {
                        add(p.clone(), s);
                    }
                    if path.len() >= 2 {
                        add(path[path.len() - 2].clone(), s / 2.0);
                    }
                }
                continue;
            }
            path.push(x.clone());
            for c in x.children.borrow().iter().rev() {
                stack.push((c.clone(), depth + 1));
            }
        }
    }
    visit(doc, &mut parents, &mut add);
    scores
        .into_iter()
        .filter(|(n, _)| !matches!(n.tag(), "html" | ""))
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(n, _)| n)
}

fn first_heading(n: &Handle) -> Option<String> {
    find(n, &|x| matches!(x.tag(), "h1" | "h2") && !left_out(x))
        .map(|h| collapse(&text(&h)))
        .filter(|t| !t.is_empty())
}

/// What the last block written was, for how the next one is separated from it.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
enum Last {
    #[default]
    Nothing,
    Item,
    Row,
    Other,
}

/// Writes blocks of text, as the document's text format has them.
#[derive(Default)]
struct Writer {
    out: String,
    /// The inline text of the block being made.
    line: String,
    last: Last,
    /// Block quotes around the text.
    quotes: usize,
    /// The lists around the text: `None` for bullets, the next number for numbered ones.
    lists: Vec<Option<usize>>,
    /// The marker of a list item not written yet (`- `, `3. `).
    marker: Option<String>,
    heading: Option<usize>,
    /// The cells of a table row being read.
    row: Option<Vec<String>>,
}

/// Elements that start and end a block.
fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "header"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "ul"
            | "ol"
            | "li"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "pre"
            | "table"
            | "thead"
            | "tbody"
            | "tfoot"
            | "tr"
            | "td"
            | "th"
            | "figure"
            | "figcaption"
            | "hr"
            | "address"
            | "details"
            | "summary"
            | "body"
            | "caption"
    )
}

impl Writer {
    /// Writes `n` and what is in it, with a stack of its own, so that no depth of nesting can
    /// overflow the program's.
    fn block(&mut self, n: &Handle) {
        enum Step {
            Enter(Handle),
            Leave(Handle),
            Text(&'static str),
        }
        let mut stack = vec![Step::Enter(n.clone())];
        while let Some(step) = stack.pop() {
            match step {
                Step::Text(t) => self.line.push_str(t),
                Step::Leave(x) => self.leave(&x),
                Step::Enter(x) => {
                    if left_out(&x) {
                        continue;
                    }
                    if x.kind == Kind::Text {
                        self.inline_text(&x.text.borrow());
                        continue;
                    }
                    match x.tag() {
                        "br" => {
                            self.line.push('\n');
                            continue;
                        }
                        "img" => {
                            let alt = collapse(&x.attr("alt").unwrap_or_default());
                            if !alt.is_empty() {
                                self.space();
                                self.line.push_str(&format!("[image: {alt}]"));
                            }
                            continue;
                        }
                        "pre" => {
                            self.flush();
                            let code = text(&x);
                            let code = code.trim_matches('\n');
                            if !code.trim().is_empty() {
                                self.emit(&format!("```\n{code}\n```"), Last::Other);
                            }
                            continue;
                        }
                        "hr" => {
                            self.flush();
                            self.emit("* * *", Last::Other);
                            continue;
                        }
                        "q" => {
                            self.line.push('“');
                            stack.push(Step::Text("”"));
                        }
                        _ => {}
                    }
                    self.enter(&x);
                    stack.push(Step::Leave(x.clone()));
                    for c in x.children.borrow().iter().rev() {
                        stack.push(Step::Enter(c.clone()));
                    }
                }
            }
        }
    }

    fn enter(&mut self, x: &Handle) {
        let tag = x.tag();
        if !is_block(tag) {
            return;
        }
        if matches!(tag, "td" | "th") {
            // White space between cells is not a cell.
            self.line.clear();
            return;
        }
        self.flush();
        match tag {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.heading = Some(usize::from(tag.as_bytes()[1] - b'0'));
            }
            "blockquote" => self.quotes += 1,
            "ul" | "dl" => self.lists.push(None),
            "ol" => {
                let start = x.attr("start").and_then(|s| s.parse().ok()).unwrap_or(1);
                self.lists.push(Some(start));
            }
            "li" => {
                let marker = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        *n += 1;
                        format!("{}. ", *n - 1)
                    }
                    _ => "- ".to_string(),
                };
                self.marker = Some(marker);
            }
            "tr" => self.row = Some(Vec::new()),
            _ => {}
        }
    }

    fn leave(&mut self, x: &Handle) {
        let tag = x.tag();
        if !is_block(tag) {
            return;
        }
        match tag {
            "td" | "th" => self.cell_end(),
            "tr" => {
                if let Some(cells) = self.row.take().filter(|c| c.iter().any(|c| !c.is_empty())) {
                    self.emit(&format!("| {} |", cells.join(" | ")), Last::Row);
                }
            }
            _ => {
                self.flush();
                match tag {
                    "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => self.heading = None,
                    "blockquote" => self.quotes = self.quotes.saturating_sub(1),
                    "ul" | "ol" | "dl" => {
                        self.lists.pop();
                        // The next list, or the next item of an outer list's, is a block apart.
                        if self.lists.is_empty() {
                            self.end_run();
                        }
                    }
                    "table" => self.end_run(),
                    "li" => self.marker = None,
                    _ => {}
                }
            }
        }
    }

    /// Ends a list or a table: what comes next is a block apart from it.
    fn end_run(&mut self) {
        if self.last != Last::Nothing {
            self.last = Last::Other;
        }
    }

    /// Ends a table cell: its text joins the row.
    fn cell_end(&mut self) {
        let cell = collapse(&std::mem::take(&mut self.line)).replace('|', "/");
        if let Some(row) = &mut self.row {
            row.push(cell);
        }
    }

    fn inline_text(&mut self, t: &str) {
        if t.trim().is_empty() {
            if !t.is_empty() {
                self.space();
            }
            return;
        }
        if t.starts_with(char::is_whitespace) {
            self.space();
        }
        let words = collapse(t);
        self.line.push_str(&words);
        if t.ends_with(char::is_whitespace) {
            self.line.push(' ');
        }
    }

    fn space(&mut self) {
        if !self.line.is_empty() && !self.line.ends_with([' ', '\n']) {
            self.line.push(' ');
        }
    }

    /// Writes the inline text gathered as a block of the current kind.
    fn flush(&mut self) {
        if self.row.is_some() {
            return;
        }
        let line = std::mem::take(&mut self.line);
        let lines: Vec<&str> = line
            .split('\n')
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        if lines.is_empty() {
            return;
        }
        if let Some(level) = self.heading {
            self.emit(
                &format!("{} {}", "#".repeat(level), lines.join(" ")),
                Last::Other,
            );
            return;
        }
        match self.marker.take() {
            Some(marker) => {
                let indent = "  ".repeat(self.lists.len().saturating_sub(1));
                let pad = " ".repeat(marker.chars().count());
                let text = lines.join(&format!("\n{indent}{pad}"));
                self.emit(&format!("{indent}{marker}{text}"), Last::Item);
                // What else the item holds continues it, under its text.
                self.marker = Some(pad);
            }
            None => self.emit(&lines.join("\n"), Last::Other),
        }
    }

    /// Appends a block, separated from the last one by a blank line, or by a line break within
    /// a list or a table.
    fn emit(&mut self, block: &str, kind: Last) {
        if self.last != Last::Nothing {
            let same_run = kind == self.last && matches!(kind, Last::Item | Last::Row);
            self.out.push_str(if same_run { "\n" } else { "\n\n" });
        }
        let prefix = "> ".repeat(self.quotes);
        for (i, l) in block.lines().enumerate() {
            if i > 0 {
                self.out.push('\n');
            }
            self.out.push_str(&prefix);
            self.out.push_str(l);
        }
        self.last = kind;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_read_in_the_character_set_it_names_else_as_browsers_read_it() {
        let body = |page: &[u8]| {
            let text = article(page);
            text[text.find("\n\n").map_or(0, |i| i + 2)..]
                .trim()
                .to_string()
        };
        // Windows-1252 named in a meta tag: `café – “ok”`.
        let mut page = b"<html><head><meta charset=\"windows-1252\"></head><body><p>caf".to_vec();
        page.extend([0xE9, b' ', 0x96, b' ', 0x93, b'o', b'k', 0x94]);
        page.extend(b"</p></body></html>");
        assert_eq!(body(&page), "caf\u{e9} \u{2013} \u{201c}ok\u{201d}");
        // A page with no label: Windows-1252 as well.
        let mut bare = b"<html><body><p>caf".to_vec();
        bare.extend([0xE9]);
        bare.extend(b"</p>");
        assert_eq!(body(&bare), "caf\u{e9}");
        // Shift_JIS named in an http-equiv content type: `日本`.
        let mut sjis =
            b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\"></head><body><p>".to_vec();
        sjis.extend([0x93, 0xFA, 0x96, 0x7B]);
        sjis.extend(b"</p></body></html>");
        assert_eq!(body(&sjis), "\u{65e5}\u{672c}");
        // UTF-16 with its byte-order mark.
        let utf16: Vec<u8> = [0xFEFFu16]
            .into_iter()
            .chain("<p>h\u{e9}</p>".encode_utf16())
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(body(&utf16), "h\u{e9}");
        // UTF-8 stays as it is, whatever a stray label says.
        assert_eq!(body("<meta charset=latin1><p>日本</p>".as_bytes()), "日本");
    }

    #[test]
    fn blocks_come_out_as_the_text_format_has_them() {
        let page = br#"<html><body><article>
            <h1>The  Title</h1>
            <p>First   paragraph, with <a href="/x">a link</a> and <q>a short quote</q>.</p>
            <ul><li>one</li><li>two<ul><li>nested</li></ul></li></ul>
            <ol start="3"><li>three</li><li>four</li></ol>
            <blockquote><p>Quoted.</p><p>Twice.</p></blockquote>
            <pre>  let x = 1;
  let y = 2;</pre>
            <table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>
            <p>An image: <img src="x.png" alt="a cat"> and<br>a break.</p>
        </article></body></html>"#;
        let text = article(page);
        assert_eq!(
            text,
            "---\ntitle: The Title\n---\n\n\
             # The Title\n\n\
             First paragraph, with a link and “a short quote”.\n\n\
             - one\n- two\n  - nested\n\n\
             3. three\n4. four\n\n\
             > Quoted.\n\n> Twice.\n\n\
             ```\n  let x = 1;\n  let y = 2;\n```\n\n\
             | a | b |\n| 1 | 2 |\n\n\
             An image: [image: a cat] and\na break."
        );
    }

    #[test]
    fn metadata_from_meta_tags_and_json_ld() {
        let page = br#"<html><head><title>Site | Story</title>
            <meta property="og:title" content="The Story">
            <meta property="article:published_time" content="2024-05-03T10:00:00Z">
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
              {"@type":"WebPage","name":"x"},
              {"@type":"NewsArticle","headline":"Headline","author":[{"@type":"Person","name":"Ann Lee"},{"name":"Bo Chan"}]}]}</script>
            </head><body><p>Text of the story, long enough to be a paragraph.</p></body></html>"#;
        let text = article(page);
        assert!(
            text.starts_with(
                "---\ntitle: The Story\nauthor: Ann Lee, Bo Chan\ndate: 2024-05-03\n---\n\n"
            ),
            "{text}"
        );
    }

    #[test]
    fn without_an_article_element_the_densest_text_is_the_article() {
        let para = "<p>A sentence of the story, with a comma, that goes on for a while.</p>";
        let page = format!(
            "<body><div class=\"top\"><a href=/>Home</a> <a href=/world>World</a></div>\
             <div id=\"content\"><div class=\"story\">{}</div></div>\
             <div class=\"links\"><p><a href=/a>Another story with a long headline here</a></p></div>\
             <div id=\"cookie-banner\"><p>We use cookies to improve your experience, okay?</p></div>\
             </body>",
            para.repeat(4)
        );
        let text = article(page.as_bytes());
        assert_eq!(text.matches("A sentence of the story").count(), 4, "{text}");
        assert!(!text.contains("Home") && !text.contains("cookies") && !text.contains("Another"));
    }
}
