//! The tree html5ever builds a page into: just enough of a DOM to read text from. Nodes are
//! reference-counted with weak parent links; a page's tree is dropped without recursion, so any
//! depth of nesting is safe.

use html5ever::interface::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer};
use html5ever::tree_builder::TreeBuilder;

use html5ever::{Attribute, LocalName, QualName, TokenizerResult, local_name, ns};
use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::{Rc, Weak};

pub(crate) type Handle = Rc<Node>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Document,
    Element,
    Text,
    /// Comments, processing instructions: never text.
    Other,
}

pub(crate) struct Node {
    pub(crate) kind: Kind,
    /// An element's name (empty for other nodes).
    pub(crate) name: QualName,
    pub(crate) attrs: RefCell<Vec<Attribute>>,
    /// A text node's text.
    pub(crate) text: RefCell<String>,
    pub(crate) children: RefCell<Vec<Handle>>,
    parent: Cell<Option<Weak<Node>>>,
    /// A `<template>`'s contents, kept apart from the page.
    template: Option<Handle>,
}

impl Node {
    fn new(kind: Kind, name: QualName, attrs: Vec<Attribute>, template: Option<Handle>) -> Handle {
        Rc::new(Node {
            kind,
            name,
            attrs: RefCell::new(attrs),
            text: RefCell::new(String::new()),
            children: RefCell::new(Vec::new()),
            parent: Cell::new(None),
            template,
        })
    }

    fn plain(kind: Kind) -> Handle {
        Node::new(
            kind,
            QualName::new(None, ns!(), local_name!("")),
            Vec::new(),
            None,
        )
    }

    /// The element's local name (`p`, `div`); empty for other nodes.
    pub(crate) fn tag(&self) -> &str {
        &self.name.local
    }

    /// The value of attribute `name`.
    pub(crate) fn attr(&self, name: &str) -> Option<String> {
        self.attrs
            .borrow()
            .iter()
            .find(|a| &*a.name.local == name)
            .map(|a| a.value.to_string())
    }

    fn parent(&self) -> Option<Handle> {
        let weak = self.parent.take();
        let strong = weak.as_ref().and_then(Weak::upgrade);
        self.parent.set(weak);
        strong
    }
}

impl Drop for Node {
    /// Without recursion: a page nested 100,000 deep would otherwise overflow the stack.
    fn drop(&mut self) {
        let mut stack = std::mem::take(self.children.get_mut());
        while let Some(node) = stack.pop() {
            if let Ok(mut node) = Rc::try_unwrap(node) {
                stack.append(node.children.get_mut());
            }
        }
    }
}

/// Parses `html` (UTF-8; invalid bytes replaced) into its document node.
pub(crate) fn parse(html: &[u8]) -> Handle {
    let sink = Sink {
        document: Node::plain(Kind::Document),
    };
    let builder = TreeBuilder::new(sink, Default::default());
    let tokenizer = Tokenizer::new(Shallow::new(builder), Default::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from(String::from_utf8_lossy(html).as_ref()));
    // The tokenizer stops to hand over a script to run or a `<meta charset>` it met; nothing
    // is run and the text is decoded already, so the parse goes on to the end.
    while !matches!(tokenizer.feed(&input), TokenizerResult::Done) {}
    tokenizer.end();
    tokenizer.sink.inner.sink.document.clone()
}

/// Elements nested deeper than this are left out (their text stays, in the deepest element
/// kept). The tree builder looks through the open elements for each tag, so a page of nested
/// `<div>`s takes time in the square of its depth: 50,000 of them, half a megabyte, took 15
/// seconds. Browsers stop nesting at a few hundred as well.
const MAX_DEPTH: usize = 512;

/// Passes the tokens to the tree builder, but for start tags nested deeper than `MAX_DEPTH`
/// and their end tags. Depth counts the elements that are closed by their end tag; those
/// closed on their own or by what follows (`<br>`, `<p>`, `<li>`) are not counted.
struct Shallow<S> {
    inner: S,
    depth: Cell<usize>,
    /// End tags still to drop, by name, for the start tags dropped.
    dropped: RefCell<HashMap<LocalName, usize>>,
}

impl<S> Shallow<S> {
    fn new(inner: S) -> Shallow<S> {
        Shallow {
            inner,
            depth: Cell::new(0),
            dropped: RefCell::default(),
        }
    }
}

/// Elements whose end tag may be left out, or that have none, or whose content is raw text
/// the tokenizer must be told about (never dropped).
fn not_counted(name: &LocalName) -> bool {
    matches!(
        name.as_ref(),
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
            | "p"
            | "li"
            | "dt"
            | "dd"
            | "tr"
            | "td"
            | "th"
            | "thead"
            | "tbody"
            | "tfoot"
            | "option"
            | "optgroup"
            | "rb"
            | "rt"
            | "rp"
            | "colgroup"
            | "caption"
            | "html"
            | "head"
            | "body"
            | "script"
            | "style"
            | "textarea"
            | "title"
            | "xmp"
            | "iframe"
            | "noembed"
            | "noframes"
            | "noscript"
            | "plaintext"
            | "template"
            | "svg"
            | "math"
    )
}

impl<S: TokenSink> TokenSink for Shallow<S> {
    type Handle = S::Handle;

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<S::Handle> {
        if let Token::TagToken(tag) = &token
            && !not_counted(&tag.name)
        {
            let mut dropped = self.dropped.borrow_mut();
            match tag.kind {
                TagKind::StartTag if tag.self_closing => {}
                TagKind::StartTag if self.depth.get() >= MAX_DEPTH => {
                    *dropped.entry(tag.name.clone()).or_default() += 1;
                    return TokenSinkResult::Continue;
                }
                TagKind::StartTag => self.depth.set(self.depth.get() + 1),
                TagKind::EndTag => match dropped.get_mut(&tag.name) {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        return TokenSinkResult::Continue;
                    }
                    _ => self.depth.set(self.depth.get().saturating_sub(1)),
                },
            }
        }
        self.inner.process_token(token, line)
    }

    fn end(&self) {
        self.inner.end();
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.inner
            .adjusted_current_node_present_but_not_in_html_namespace()
    }
}

struct Sink {
    document: Handle,
}

fn append_to(parent: &Handle, child: NodeOrText<Handle>) {
    match child {
        NodeOrText::AppendText(text) => {
            let children = parent.children.borrow();
            if let Some(last) = children.last().filter(|c| c.kind == Kind::Text) {
                last.text.borrow_mut().push_str(&text);
                return;
            }
            drop(children);
            let node = Node::plain(Kind::Text);
            node.text.borrow_mut().push_str(&text);
            node.parent.set(Some(Rc::downgrade(parent)));
            parent.children.borrow_mut().push(node);
        }
        NodeOrText::AppendNode(node) => {
            detach(&node);
            node.parent.set(Some(Rc::downgrade(parent)));
            parent.children.borrow_mut().push(node);
        }
    }
}

fn detach(node: &Handle) {
    if let Some(parent) = node.parent() {
        parent
            .children
            .borrow_mut()
            .retain(|c| !Rc::ptr_eq(c, node));
    }
    node.parent.set(None);
}

impl TreeSink for Sink {
    type Handle = Handle;
    type Output = Handle;
    type ElemName<'a> = &'a QualName;

    fn finish(self) -> Handle {
        self.document
    }

    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> Handle {
        self.document.clone()
    }

    fn elem_name<'a>(&'a self, target: &'a Handle) -> &'a QualName {
        &target.name
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> Handle {
        let template = flags.template.then(|| Node::plain(Kind::Document));
        Node::new(Kind::Element, name, attrs, template)
    }

    fn create_comment(&self, _text: StrTendril) -> Handle {
        Node::plain(Kind::Other)
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> Handle {
        Node::plain(Kind::Other)
    }

    fn append(&self, parent: &Handle, child: NodeOrText<Handle>) {
        append_to(parent, child);
    }

    fn append_based_on_parent_node(
        &self,
        element: &Handle,
        prev_element: &Handle,
        child: NodeOrText<Handle>,
    ) {
        if element.parent().is_some() {
            self.append_before_sibling(element, child);
        } else {
            append_to(prev_element, child);
        }
    }

    fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {}

    fn get_template_contents(&self, target: &Handle) -> Handle {
        target
            .template
            .clone()
            .unwrap_or_else(|| Node::plain(Kind::Document))
    }

    fn same_node(&self, x: &Handle, y: &Handle) -> bool {
        Rc::ptr_eq(x, y)
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &Handle, new_node: NodeOrText<Handle>) {
        let Some(parent) = sibling.parent() else {
            return;
        };
        let at = parent
            .children
            .borrow()
            .iter()
            .position(|c| Rc::ptr_eq(c, sibling))
            .unwrap_or(0);
        let node = match new_node {
            NodeOrText::AppendText(text) => {
                let children = parent.children.borrow();
                if let Some(prev) = at
                    .checked_sub(1)
                    .and_then(|i| children.get(i))
                    .filter(|c| c.kind == Kind::Text)
                {
                    prev.text.borrow_mut().push_str(&text);
                    return;
                }
                let node = Node::plain(Kind::Text);
                node.text.borrow_mut().push_str(&text);
                node
            }
            NodeOrText::AppendNode(node) => {
                detach(&node);
                node
            }
        };
        // Detaching may have moved the sibling.
        let at = parent
            .children
            .borrow()
            .iter()
            .position(|c| Rc::ptr_eq(c, sibling))
            .unwrap_or(at);
        node.parent.set(Some(Rc::downgrade(&parent)));
        parent.children.borrow_mut().insert(at, node);
    }

    fn add_attrs_if_missing(&self, target: &Handle, attrs: Vec<Attribute>) {
        let mut have = target.attrs.borrow_mut();
        for a in attrs {
            if !have.iter().any(|h| h.name == a.name) {
                have.push(a);
            }
        }
    }

    fn remove_from_parent(&self, target: &Handle) {
        detach(target);
    }

    fn reparent_children(&self, node: &Handle, new_parent: &Handle) {
        let moved = std::mem::take(&mut *node.children.borrow_mut());
        for child in &moved {
            child.parent.set(Some(Rc::downgrade(new_parent)));
        }
        new_parent.children.borrow_mut().extend(moved);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(node: &Handle, out: &mut String) {
        if node.kind == Kind::Text {
            out.push_str(&node.text.borrow());
        }
        for c in node.children.borrow().iter() {
            text_of(c, out);
        }
    }

    #[test]
    fn misnested_tags_and_entities_come_out_as_a_browser_reads_them() {
        let doc =
            parse(b"<p>one <b>two <i>three</b> four</i> &amp; f&eacute;e<table>x<tr><td>y</table>");
        let mut text = String::new();
        text_of(&doc, &mut text);
        assert_eq!(text, "one two three four & féexy");
    }

    /// The deepest element below `node` (iteratively: the tree may be deep).
    fn depth(node: &Handle) -> usize {
        let mut stack = vec![(node.clone(), 0)];
        let mut deepest = 0;
        while let Some((n, d)) = stack.pop() {
            deepest = deepest.max(d);
            for c in n.children.borrow().iter() {
                stack.push((c.clone(), d + 1));
            }
        }
        deepest
    }

    #[test]
    fn elements_nested_past_the_limit_are_left_out_but_their_text_kept() {
        let n = MAX_DEPTH + 300;
        let mut page = String::from("<html><body>");
        for i in 0..n {
            page += &format!("<div><span>{i} </span>");
        }
        page += "<p>deep</p>";
        page += &"</div>".repeat(n);
        page += "<p>after</p></body></html>";
        let doc = parse(page.as_bytes());
        assert!(depth(&doc) <= MAX_DEPTH + 8, "{}", depth(&doc));
        let mut text = String::new();
        text_of(&doc, &mut text);
        let want: String = (0..n).map(|i| format!("{i} ")).collect::<String>() + "deepafter";
        assert_eq!(text, want);
        // Below the limit, nothing is left out.
        let shallow = parse(b"<div><div><div><p>x</p></div></div></div>");
        assert_eq!(
            depth(&shallow),
            7,
            "document, html, body, three divs, p, text"
        );
    }

    #[test]
    fn a_deeply_nested_tree_is_dropped_without_overflowing_the_stack() {
        let root = Node::plain(Kind::Document);
        let mut last = root.clone();
        for _ in 0..1_000_000 {
            let child = Node::plain(Kind::Element);
            append_to(&last, NodeOrText::AppendNode(child.clone()));
            last = child;
        }
        drop(last);
        drop(root);
    }
}
