//! The search bar: editing the query, incremental search in the reader, n/N, history, and
//! filtering the quote sidebar and the library.

use super::reveal_offset;
use crate::action::{Action, Input};
use crate::effect::{CountMatches, Effect, FindMatch};
use crate::model::{Count, Model, Notice, Screen, SearchTarget, edit_line, smart_contains};
use crate::search;

/// Documents up to this size are counted at once; larger ones in the background. A letter
/// typed into the bar matches everywhere: counting it in 1 MB took 1–6 ms, over the frame's
/// 1 ms, where 256 KB takes a fraction of one.
const SYNC_COUNT: usize = 256 << 10;
/// Bytes searched at once from the reading position for the first match; past them the search
/// goes on in the background, so a keystroke never waits on a large file (the next one cancels).
/// 2 MB take a quarter of a millisecond for a rare word; 16 MB made each keystroke's frame 2–3 ms.
const SYNC_FIND: usize = 2 << 20;
/// Searches kept in the history.
pub const HISTORY_MAX: usize = 200;

/// `/`: opens the bar for what has the focus.
pub(super) fn open_bar(m: &mut Model) {
    let target = match m.screen {
        Screen::Library => SearchTarget::Library,
        Screen::Reader if m.sidebar.focus && m.sidebar_shown() => SearchTarget::Quotes,
        Screen::Reader => SearchTarget::Reader,
    };
    let s = &mut m.search;
    s.target = target;
    s.editing = true;
    s.input.clear();
    s.cursor = 0;
    s.history_pos = None;
    s.query = None;
    s.count = Count::Unknown;
    s.current = None;
    s.shown = false;
    s.origin = m.reader.as_ref().map(|r| (r.top_offset, r.top_gap));
    if s.target == SearchTarget::Quotes {
        m.sidebar.query.clear();
    }
}

/// A key typed while the bar is open.
pub(super) fn input(m: &mut Model, key: Input) -> Vec<Effect> {
    let s = &mut m.search;
    match key {
        Input::Backspace if s.input.is_empty() => {
            // Backspace on an empty bar closes it, as in less and vim.
            return cancel(m);
        }
        Input::ToggleRegex => s.opts.regex = !s.opts.regex,
        Input::ToggleWord => s.opts.whole_word = !s.opts.whole_word,
        Input::HistoryBack | Input::HistoryForward => {
            if s.history.is_empty() {
                return Vec::new();
            }
            let last = s.history.len() - 1;
            s.history_pos = match (key, s.history_pos) {
                (Input::HistoryBack, None) => Some(last),
                (Input::HistoryBack, Some(p)) => Some(p.saturating_sub(1)),
                (_, Some(p)) if p < last => Some(p + 1),
                _ => None,
            };
            s.input = s
                .history_pos
                .map(|p| s.history[p].clone())
                .unwrap_or_default();
            s.cursor = s.input.len();
        }
        Input::Enter => return commit(m),
        Input::Esc => return cancel(m),
        edit => {
            edit_line(&mut s.input, &mut s.cursor, edit);
        }
    }
    changed(m)
}

/// The query changed: recompile and search again from where reading was.
fn changed(m: &mut Model) -> Vec<Effect> {
    m.search.generation += 1;
    match m.search.target {
        SearchTarget::Quotes => {
            m.sidebar.query = m.search.input.clone();
            m.sidebar.selected = m.filter_more().first();
            Vec::new()
        }
        SearchTarget::Library => filter_library(m),
        SearchTarget::Reader => search_reader(m),
    }
}

fn search_reader(m: &mut Model) -> Vec<Effect> {
    let s = &mut m.search;
    s.current = None;
    s.count = Count::Unknown;
    if s.input.is_empty() {
        s.query = None;
        s.shown = false;
        restore_origin(m);
        return Vec::new();
    }
    s.query = Some(search::compile(&s.input, s.opts));
    s.shown = matches!(s.query, Some(Ok(_)));
    let from = s.origin.map_or(0, |o| o.0);
    let Some(Ok(q)) = m.search.query.clone() else {
        restore_origin(m);
        return Vec::new();
    };
    let Some((r, d)) = m.open_doc() else {
        return Vec::new();
    };
    let doc = r.doc;
    let from = from.max(d.body_start);
    if d.len() > SYNC_FIND {
        let never = std::sync::atomic::AtomicBool::new(false);
        let near = q
            .find_in(&d.bytes, from, from + SYNC_FIND, &never)
            .flatten();
        if near.is_none() {
            restore_origin(m);
            m.search.count = Count::Counting;
            return vec![Effect::FindMatch(FindMatch {
                doc,
                generation: m.search.generation,
                query: q,
                from: from + SYNC_FIND,
                forward: true,
                step: false,
            })];
        }
        return show_found(m, doc, q, near, false);
    }
    let found = q.next(&d.bytes, d.body_start, from).map(|f| f.0);
    show_found(m, doc, q, found, false)
}

/// Shows a match of a search (or that there is none) and starts counting. A new search shows
/// it from where the search began; a step (`n`/`N`) from where the view is.
fn show_found(
    m: &mut Model,
    doc: usize,
    q: search::Query,
    found: Option<std::ops::Range<usize>>,
    step: bool,
) -> Vec<Effect> {
    // Back to where reading was first, so the view moves only as far as it must.
    if !step {
        restore_origin(m);
    }
    match found {
        Some(found) => {
            let start = found.start;
            m.search.current = Some(found);
            m.search.shown = true;
            reveal_offset(m, start, true);
            count(m, doc, q, start)
        }
        None => {
            m.search.count = Count::Done { total: 0, index: 0 };
            Vec::new()
        }
    }
}

/// Called by the event loop with a match found in the background; stale generations (the
/// query changed, or the search was cancelled) are ignored.
pub fn found_ready(
    m: &mut Model,
    generation: u64,
    found: Option<(std::ops::Range<usize>, bool)>,
    step: bool,
) -> Vec<Effect> {
    let current_doc = m.reader.as_ref().map(|r| r.doc);
    match (&m.search.query, current_doc) {
        (Some(Ok(q)), Some(doc)) if generation == m.search.generation => {
            let q = q.clone();
            if step && found.as_ref().is_some_and(|f| f.1) {
                m.status = Some(Notice::info("search went round the end of the document"));
            }
            show_found(m, doc, q, found.map(|f| f.0), step)
        }
        _ => Vec::new(),
    }
}

/// Counts matches: at once for small documents, in the background for large ones.
fn count(m: &mut Model, doc: usize, query: search::Query, current: usize) -> Vec<Effect> {
    let d = &m.docs[doc];
    if d.len() <= SYNC_COUNT {
        let never = std::sync::atomic::AtomicBool::new(false);
        if let Some((total, before)) = query.count(&d.bytes, d.body_start, current, &never) {
            m.search.count = Count::Done {
                total,
                index: before + 1,
            };
        }
        Vec::new()
    } else {
        m.search.count = Count::Counting;
        vec![Effect::CountMatches(CountMatches {
            doc,
            generation: m.search.generation,
            query,
            current,
        })]
    }
}

/// Called by the event loop with a background count; stale generations are ignored.
pub fn count_ready(m: &mut Model, generation: u64, total: usize, before: usize) {
    if generation == m.search.generation {
        m.search.count = Count::Done {
            total,
            index: before + 1,
        };
    }
}

fn restore_origin(m: &mut Model) {
    if let (Some((offset, gap)), Some(r)) = (m.search.origin, m.reader.as_mut()) {
        r.top_offset = offset;
        r.top_gap = gap;
    }
}

/// Enter: close the bar, keep the place and the highlights; remember the query.
fn commit(m: &mut Model) -> Vec<Effect> {
    let mut fx = Vec::new();
    if m.search.input.is_empty() && m.search.target == SearchTarget::Reader {
        // An empty search repeats the last one, as in less.
        if let Some(last) = m.search.history.last().cloned() {
            m.search.input = last;
            m.search.cursor = m.search.input.len();
            fx = changed(m);
        }
    }
    m.search.editing = false;
    let input = m.search.input.clone();
    if !input.is_empty() {
        m.search.history.retain(|h| h != &input);
        m.search.history.push(input.clone());
        let excess = m.search.history.len().saturating_sub(HISTORY_MAX);
        m.search.history.drain(..excess);
        fx.push(Effect::SaveSearch(input));
    }
    // No match: nothing to show, unless it is still being looked for in the background (the
    // status line then says `searching…`, and the match shows when found).
    if m.search.target == SearchTarget::Reader
        && m.search.current.is_none()
        && m.search.count != Count::Counting
    {
        m.search.shown = false;
    }
    fx
}

/// Esc: close the bar and go back exactly to where reading was.
fn cancel(m: &mut Model) -> Vec<Effect> {
    m.search.editing = false;
    m.search.shown = false;
    m.search.current = None;
    m.search.generation += 1;
    match m.search.target {
        SearchTarget::Reader => restore_origin(m),
        SearchTarget::Quotes => m.sidebar.query.clear(),
        SearchTarget::Library => {
            m.library.query.clear();
            return filter_library(m);
        }
    }
    Vec::new()
}

/// n / N in the reader.
pub(super) fn step(m: &mut Model, forward: bool) -> Vec<Effect> {
    let Some(Ok(q)) = m.search.query.clone() else {
        m.status = Some(Notice::info("no search yet: press / to search"));
        return Vec::new();
    };
    let Some((r, d)) = m.open_doc() else {
        return Vec::new();
    };
    let doc = r.doc;
    let from = match (&m.search.current, forward) {
        (Some(c), true) => c.start + 1,
        (Some(c), false) => c.start,
        (None, _) => r.top_offset,
    };
    let found = if d.len() > SYNC_FIND {
        // A large document: search near here now, the rest on a worker.
        let never = std::sync::atomic::AtomicBool::new(false);
        let near = if forward {
            q.find_in(&d.bytes, from, from + SYNC_FIND, &never)
        } else {
            q.find_last_in(
                &d.bytes,
                from.saturating_sub(SYNC_FIND).max(d.body_start),
                from,
                &never,
            )
        };
        let Some(near) = near.flatten() else {
            let far = if forward {
                from + SYNC_FIND
            } else {
                from.saturating_sub(SYNC_FIND).max(d.body_start)
            };
            m.search.generation += 1;
            m.search.current = None;
            m.search.count = Count::Counting;
            return vec![Effect::FindMatch(FindMatch {
                doc,
                generation: m.search.generation,
                query: q,
                from: far,
                forward,
                step: true,
            })];
        };
        Some((near, false))
    } else if forward {
        q.next(&d.bytes, d.body_start, from)
    } else {
        q.prev(&d.bytes, d.body_start, from)
    };
    let Some((range, wrapped)) = found else {
        m.status = Some(Notice::info("no match"));
        return Vec::new();
    };
    m.search.shown = true;
    let start = range.start;
    m.search.current = Some(range);
    reveal_offset(m, start, true);
    if wrapped {
        m.status = Some(Notice::info(if forward {
            "search wrapped to the top"
        } else {
            "search wrapped to the bottom"
        }));
    }
    m.search.count = match m.search.count {
        Count::Done { total, index } if total > 0 => {
            let index = match (forward, wrapped) {
                (true, false) => index + 1,
                (true, true) => 1,
                (false, false) => index.saturating_sub(1).max(1),
                (false, true) => total,
            };
            Count::Done {
                total,
                index: index.min(total),
            }
        }
        c => c,
    };
    Vec::new()
}

/// Libraries up to this many documents have their text searched at once on each keystroke;
/// larger ones in the background (their files may not even be read yet).
const SYNC_LIBRARY: usize = 500;

/// Filters the library by title and full text, counting hits per document. Titles filter at
/// once; a large library's text is counted in the background (`Effect::CountLibrary`).
pub(super) fn filter_library(m: &mut Model) -> Vec<Effect> {
    let q = m.search.input.clone();
    m.library.query = q.clone();
    let query = (!q.is_empty())
        .then(|| search::compile(&q, m.search.opts).ok())
        .flatten();
    let mut fx = Vec::new();
    m.library.hits = vec![0; m.docs.len()];
    m.search.count = Count::Unknown;
    match query {
        // Files not read yet are read by the worker, never here.
        Some(query) if m.docs.len() > SYNC_LIBRARY || m.docs.iter().any(|d| !d.bytes.is_read()) => {
            m.search.count = Count::Counting;
            fx.push(Effect::CountLibrary {
                generation: m.search.generation,
                query,
            });
        }
        Some(query) => {
            let never = std::sync::atomic::AtomicBool::new(false);
            m.library.hits = m
                .docs
                .iter()
                .map(|d| query.count(&d.bytes, 0, 0, &never).map_or(0, |c| c.0))
                .collect();
        }
        None => {}
    }
    show_filtered(m);
    fx
}

/// Orders the library and keeps what the query matches: a title, or hits in the text.
pub(super) fn show_filtered(m: &mut Model) {
    let q = m.library.query.clone();
    super::sort_library(m);
    if !q.is_empty() {
        let (docs, hits) = (&m.docs, &m.library.hits);
        m.library
            .order
            .retain(|&i| hits.get(i).is_some_and(|&h| h > 0) || smart_contains(&docs[i].title, &q));
        m.library.selected = 0;
    }
}

/// Called by the event loop with a large library's hit counts; stale generations are ignored.
pub fn library_hits_ready(m: &mut Model, generation: u64, hits: Vec<usize>) {
    if generation != m.search.generation || hits.len() != m.docs.len() {
        return;
    }
    let selected = m.library.order.get(m.library.selected).copied();
    m.library.hits = hits;
    m.search.count = Count::Unknown;
    show_filtered(m);
    if let Some(pos) = selected.and_then(|s| m.library.order.iter().position(|&i| i == s)) {
        m.library.selected = pos;
    }
}

/// Opening a document from a filtered library: start at its first hit with the search active.
pub(super) fn open_at_first_hit(m: &mut Model) -> Vec<Effect> {
    if m.library.query.is_empty() {
        return Vec::new();
    }
    m.search.target = SearchTarget::Reader;
    m.search.input = m.library.query.clone();
    m.search.cursor = m.search.input.len();
    m.search.origin = m.open_doc().map(|(_, d)| (d.body_start, false));
    search_reader(m)
}

/// `--search PATTERN`: open at the first match from the top.
pub fn start_with(m: &mut Model, pattern: &str) -> Vec<Effect> {
    m.search.target = SearchTarget::Reader;
    m.search.input = pattern.to_string();
    m.search.cursor = pattern.len();
    m.search.origin = m.open_doc().map(|(_, d)| (d.body_start, false));
    let fx = search_reader(m);
    if m.search.current.is_none() {
        m.status = Some(Notice::info(format!("no match for {pattern}")));
    }
    fx
}

/// Keys that reach the reader while a search is shown; `Esc` hides the highlights.
pub(super) fn reader_keys(m: &mut Model, action: Action) -> Option<Vec<Effect>> {
    match action {
        Action::Search => {
            open_bar(m);
            Some(Vec::new())
        }
        Action::NextMatch => Some(step(m, true)),
        Action::PrevMatch => Some(step(m, false)),
        Action::Cancel if m.search.shown => {
            // Esc ends the search trip: highlights off, back to where the search began; a
            // search still running in the background is forgotten.
            m.search.shown = false;
            m.search.current = None;
            m.search.generation += 1;
            m.search.count = Count::Unknown;
            restore_origin(m);
            m.status = Some(Notice::info("search cleared; back where it began"));
            Some(Vec::new())
        }
        _ => None,
    }
}
