//! The tree html5ever builds a page into: just enough of a DOM to read text from. Nodes are
//! reference-counted with weak parent links; a page's tree is dropped without recursion, so any
//! depth of nesting is safe.

use html5ever::interface::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::{Attribute, QualName, local_name, ns};
use std::borrow::Cow;
use std::cell::{Cell, RefCell};
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
    fn new(kind: Kind, name: QualName, attrs: Vec<Attribute>) -> Handle {
        Rc::new(Node {
            kind,
            name,
            attrs: RefCell::new(attrs),
            text: RefCell::new(String::new()),
            children: RefCell::new(Vec::new()),
            parent: Cell::new(None),
            template: None,
        })
    }

    fn plain(kind: Kind) -> Handle {
        Node::new(
            kind,
            QualName::new(None, ns!(), local_name!("")),
            Vec::new(),
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
    html5ever::parse_document(sink, Default::default())
        .from_utf8()
        .one(html)
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
        let mut node = Node {
            kind: Kind::Element,
            name,
            attrs: RefCell::new(attrs),
            text: RefCell::new(String::new()),
            children: RefCell::new(Vec::new()),
            parent: Cell::new(None),
            template: None,
        };
        if flags.template {
            node.template = Some(Node::plain(Kind::Document));
        }
        Rc::new(node)
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
