//! Bookmarks in the reader: the current passage, sentence selection, the note prompt, and the
//! bookmark list (jump, edit, delete with undo, filter).

use super::{close_reader, open, reveal_offset, text_size};
use crate::action::{Action, Input};
use crate::bookmarks::BookmarkChange;
use crate::bookmarks::{self, Bookmark, Found};
use crate::effect::{Effect, LoadOutside};
use crate::model::{Model, Notice, Overlay, Prompt, PromptFor, Selection, edit_line, origin_key};
use std::ops::Range;

/// The current passage: the first paragraph whose start is in view, else the one at the top.
pub fn current_passage(m: &Model) -> Option<Range<usize>> {
    let (r, d) = m.open_doc()?;
    let (w, h) = text_size(m);
    crate::model::reader::passage_in(d, &r.visible(d, w, h))
}

/// Recomputes where the open document's bookmarks are.
pub fn refresh_located(m: &mut Model) {
    m.located = match m.open_doc() {
        Some((_, d)) => m
            .bookmarks
            .iter()
            .filter(|b| Model::bookmark_is_of(b, d))
            .map(|b| (b.id.clone(), bookmarks::locate(&d.bytes, b)))
            .collect(),
        None => Vec::new(),
    };
}

/// `m`: bookmark the selection, the selected quotation (sidebar), or the current passage, then
/// ask for a note.
pub(super) fn mark(m: &mut Model) {
    let quote = if m.sidebar.focus && m.sidebar_shown() {
        m.sidebar
            .selected
            .and_then(|i| m.open_quotes()?.get(i).cloned())
    } else {
        None
    };
    let (range, speaker) = match (&m.selection, quote) {
        (Some(sel), _) => (sel.range(), None),
        (None, Some(q)) => match m.open_doc() {
            Some((_, d)) => (
                crate::quotes::with_marks(&d.bytes, q.start()..q.end()),
                q.speaker_name().map(str::to_string),
            ),
            None => return,
        },
        (None, None) => match current_passage(m) {
            Some(p) => (p, None),
            None => return,
        },
    };
    m.selection = None;
    // The same passage twice is one bookmark: offer its note instead of a copy.
    let again = m
        .located
        .iter()
        .find(|(_, f)| f.range() == Some(range.clone()))
        .and_then(|(id, _)| m.bookmarks.iter().find(|b| &b.id == id));
    if let Some(b) = again {
        m.prompt = Some(Prompt {
            purpose: PromptFor::EditNote(b.id.clone()),
            text: b.note.clone(),
            cursor: b.note.len(),
        });
        return;
    }
    let Some((_, d)) = m.open_doc() else {
        return;
    };
    let b = Bookmark {
        fingerprint: d.fingerprint().to_string(),
        path: origin_key(d),
        title: d.title.clone(),
        date: d.date().map(str::to_string),
        speaker,
        ..Bookmark::at(&d.bytes, range)
    };
    m.prompt = Some(Prompt {
        purpose: PromptFor::NewBookmark(Box::new(b)),
        text: String::new(),
        cursor: 0,
    });
}

/// A key typed into the prompt.
pub(super) fn prompt_input(m: &mut Model, key: Input) -> Vec<Effect> {
    let Some(p) = m.prompt.as_mut() else {
        return Vec::new();
    };
    match key {
        Input::Enter => {
            let Some(p) = m.prompt.take() else {
                return Vec::new();
            };
            let note = p.text.trim().to_string();
            match p.purpose {
                PromptFor::NewBookmark(mut b) => {
                    b.note = note;
                    m.bookmarks.push((*b).clone());
                    refresh_located(m);
                    m.status = Some(Notice::info("bookmarked"));
                    return vec![Effect::Bookmark(BookmarkChange::Add(b))];
                }
                PromptFor::EditNote(id) => {
                    if let Some(b) = m.bookmarks.iter_mut().find(|b| b.id == id) {
                        b.note = note.clone();
                    }
                    return vec![Effect::Bookmark(BookmarkChange::Note { id, note })];
                }
                PromptFor::FilterBookmarks => m.marks.filter = p.text,
            }
        }
        Input::Esc => {
            if let Some(Prompt {
                purpose: PromptFor::FilterBookmarks,
                ..
            }) = m.prompt.take()
            {
                m.marks.filter.clear();
            }
        }
        edit => {
            edit_line(&mut p.text, &mut p.cursor, edit);
            if p.purpose == PromptFor::FilterBookmarks {
                m.marks.filter = p.text.clone();
                m.marks.selected = 0;
            }
        }
    }
    Vec::new()
}

/// `v`: select the current sentence.
pub(super) fn select(m: &mut Model) {
    let (Some(passage), Some((r, d))) = (current_passage(m), m.open_doc()) else {
        return;
    };
    let top = r.top_offset.max(passage.start);
    let sentence = bookmarks::sentences(&d.bytes, passage.clone())
        .into_iter()
        .find(|s| s.end > top);
    if let Some(s) = sentence {
        m.selection = Some(Selection {
            anchor: s.clone(),
            end: s,
        });
        m.status = Some(Notice::info(
            "selecting: j/k extend, m bookmarks, Esc cancels",
        ));
    }
}

/// `j`/`k` (or `)`/`(`) while selecting: move the selection's end a sentence.
pub(super) fn extend(m: &mut Model, forward: bool) -> Vec<Effect> {
    let (Some(sel), Some((_, d))) = (m.selection.clone(), m.open_doc()) else {
        return Vec::new();
    };
    let here = d.paragraph_at(sel.end.start);
    let around = [
        here.and_then(|p| d.paragraph_before(&p)),
        here,
        here.and_then(|p| d.paragraph_after(&p)),
    ];
    let mut candidates: Vec<Range<usize>> = Vec::new();
    for q in around.into_iter().flatten() {
        candidates.extend(bookmarks::sentences(&d.bytes, q.start..q.end));
    }
    let next = if forward {
        candidates.into_iter().find(|s| s.start >= sel.end.end)
    } else {
        candidates
            .into_iter()
            .rev()
            .find(|s| s.end <= sel.end.start)
    };
    if let Some(n) = next {
        let at = n.start;
        m.selection = Some(Selection {
            anchor: sel.anchor,
            end: n,
        });
        reveal_offset(m, at, true);
    }
    Vec::new()
}

/// `B`: open the list (all documents when no document is open).
pub(super) fn open_list(m: &mut Model) {
    m.overlay = Some(Overlay::Bookmarks);
    m.marks.selected = 0;
    m.marks.deleted.clear();
    // A filter typed into the list lasts as long as the list is open.
    m.marks.filter.clear();
    m.marks.all = m.reader.is_none();
}

/// Keys while the bookmark list is open.
pub(super) fn list_keys(m: &mut Model, action: Action) -> Vec<Effect> {
    let rows = m.bookmark_rows();
    let sel = m.marks.selected.min(rows.len().saturating_sub(1));
    match action {
        Action::LineDown | Action::WheelDown => {
            m.marks.selected = (sel + 1).min(rows.len().saturating_sub(1))
        }
        Action::LineUp | Action::WheelUp => m.marks.selected = sel.saturating_sub(1),
        Action::Top => m.marks.selected = 0,
        Action::Bottom => m.marks.selected = rows.len().saturating_sub(1),
        Action::FocusNext => {
            m.marks.all = !m.marks.all;
            m.marks.selected = 0;
        }
        Action::Search => {
            m.prompt = Some(Prompt {
                purpose: PromptFor::FilterBookmarks,
                text: m.marks.filter.clone(),
                cursor: m.marks.filter.len(),
            });
        }
        Action::EditNote => {
            if let Some(&i) = rows.get(sel) {
                let b = &m.bookmarks[i];
                m.prompt = Some(Prompt {
                    purpose: PromptFor::EditNote(b.id.clone()),
                    text: b.note.clone(),
                    cursor: b.note.len(),
                });
            }
        }
        Action::Delete => {
            if let Some(&i) = rows.get(sel) {
                let b = m.bookmarks.remove(i);
                let id = b.id.clone();
                m.marks.deleted.push(b);
                m.status = Some(Notice::info("bookmark deleted: u undoes"));
                refresh_located(m);
                return vec![Effect::Bookmark(BookmarkChange::Delete(id))];
            }
        }
        Action::Undo => {
            if let Some(b) = m.marks.deleted.pop() {
                m.bookmarks.push(b.clone());
                refresh_located(m);
                m.status = Some(Notice::info("bookmark restored"));
                return vec![Effect::Bookmark(BookmarkChange::Add(Box::new(b)))];
            }
        }
        Action::Open => {
            if let Some(&i) = rows.get(sel) {
                return jump(m, i);
            }
        }
        Action::Cancel | Action::Back | Action::Bookmarks | Action::ToggleHelp => {
            m.overlay = None;
            m.marks.deleted.clear();
            m.marks.filter.clear();
        }
        _ => {}
    }
    Vec::new()
}

/// Goes to bookmark `i`: opening its document if it is another one.
/// A bookmark's document outside this library: load it from where it was bookmarked, else from
/// any other place the same text was read from (another bookmark's or a saved position's).
fn load_outside(m: &mut Model, b: &Bookmark) -> Vec<Effect> {
    let file = |key: &str| {
        let p = std::path::Path::new(key);
        p.is_absolute().then(|| p.to_path_buf())
    };
    let mut paths: Vec<std::path::PathBuf> = file(&b.path).into_iter().collect();
    let elsewhere = m
        .bookmarks
        .iter()
        .filter(|o| o.fingerprint == b.fingerprint)
        .map(|o| o.path.as_str())
        .chain(
            m.positions
                .iter()
                .filter(|p| p.fingerprint == b.fingerprint)
                .map(|p| p.path.as_str()),
        );
    for p in elsewhere.filter_map(file) {
        if !paths.contains(&p) {
            paths.push(p);
        }
    }
    if paths.is_empty() {
        m.status = Some(Notice::warning(format!(
            "“{}” is not in this library ({})",
            b.title, b.path
        )));
        return Vec::new();
    }
    vec![Effect::LoadOutside(LoadOutside {
        paths,
        fingerprint: b.fingerprint.clone(),
        bookmark: b.id.clone(),
    })]
}

/// A document loaded for a bookmark (`Effect::LoadOutside`): it joins the list for this run
/// and opens at the bookmark.
pub fn adopt(m: &mut Model, doc: crate::store::Document, bookmark: &str) -> Vec<Effect> {
    m.docs.push(std::sync::Arc::new(doc));
    m.quotes.push(None);
    m.library.hits.push(0);
    super::sort_library(m);
    match m.bookmarks.iter().position(|b| b.id == bookmark) {
        Some(i)
            if m.bookmarks
                .get(i)
                .is_some_and(|b| Model::bookmark_is_of(b, m.docs.last().expect("just pushed"))) =>
        {
            jump(m, i)
        }
        _ => Vec::new(),
    }
}

/// No place held a bookmark's document (`Effect::LoadOutside`).
pub fn not_found(m: &mut Model, bookmark: &str, why: &str) {
    if let Some(b) = m.bookmarks.iter().find(|b| b.id == bookmark) {
        m.status = Some(Notice::warning(format!(
            "“{}” could not be opened: {why}",
            b.title
        )));
    }
}

fn jump(m: &mut Model, i: usize) -> Vec<Effect> {
    let b = m.bookmarks[i].clone();
    let current = m
        .open_doc()
        .is_some_and(|(_, d)| Model::bookmark_is_of(&b, d));
    let mut fx = Vec::new();
    if !current {
        let Some(doc) = m.docs.iter().position(|d| Model::bookmark_is_of(&b, d)) else {
            return load_outside(m, &b);
        };
        if !m.docs[doc].bytes.is_read() {
            return vec![Effect::Read {
                doc,
                then: Action::Open,
            }];
        }
        fx.extend(close_reader(m));
        fx.extend(open(m, doc));
    }
    m.overlay = None;
    refresh_located(m);
    let place = m
        .located
        .iter()
        .find(|(id, _)| *id == b.id)
        .map(|(_, f)| f.clone())
        .unwrap_or(Found::NotFound);
    match place {
        Found::Exact(r) | Found::Approximate(r) => {
            reveal_offset(m, r.start, false);
            m.selection = None;
        }
        Found::NotFound => {
            let excerpt: String = b.text.chars().take(60).collect();
            m.status = Some(Notice::warning(format!(
                "passage not found (the text changed): “{excerpt}…”"
            )));
        }
    }
    fx
}
