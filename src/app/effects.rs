//! Carrying out the effects `update` asks for: saving, reading files, starting work off the
//! input path (through `Workers`), suspending and quitting.

use crate::bookmarks::BookmarkChange;
use crate::effect::{CountMatches, Effect, FindMatch, LoadOutside};
use crate::model::{Model, Notice};
use crate::persist;
use crate::search::Query;
use crate::store::Document;
use crate::store::library::Refresh;
use crate::tty;
use crate::update::{self, update};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::Ordering;

/// The work `run_effects` starts off the input path: `Background` does it on threads; a test
/// can note what was asked.
pub(super) trait Workers {
    fn extract_quotes(&self, doc: usize, d: Arc<Document>);
    fn preview_quotes(&self, doc: usize, at: usize, d: Arc<Document>);
    fn count(&self, d: Arc<Document>, c: CountMatches);
    fn find(&self, d: Arc<Document>, f: FindMatch);
    fn outline(&self, doc: usize, d: Arc<Document>);
    fn count_library(&self, docs: Vec<Arc<Document>>, generation: u64, query: Query);
    fn refresh_library(&self, r: Refresh, dir: Option<PathBuf>, docs: Vec<Arc<Document>>);
}

/// A counter that makes bookmark ids unique within this process.
fn next_id() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Carries out effects; returns false when the program should stop.
pub(super) fn run_effects(
    m: &mut Model,
    data_dir: Option<&PathBuf>,
    bg: Option<&dyn Workers>,
    effects: Vec<Effect>,
) -> bool {
    let mut go_on = true;
    for fx in effects {
        match fx {
            Effect::CountMatches(c) => {
                if let (Some(bg), Some(d)) = (bg, m.docs.get(c.doc)) {
                    bg.count(d.clone(), c);
                }
            }
            Effect::FindMatch(f) => {
                if let (Some(bg), Some(d)) = (bg, m.docs.get(f.doc)) {
                    bg.find(d.clone(), f);
                }
            }
            Effect::Read { doc, then } => {
                if let Some(d) = m.docs.get(doc) {
                    d.bytes.read();
                }
                let fx = update(m, then);
                go_on &= run_effects(m, data_dir, bg, fx);
            }
            Effect::LoadOutside(LoadOutside {
                paths,
                fingerprint,
                bookmark,
            }) => {
                let fx = match load_outside(&paths, &fingerprint) {
                    Ok(d) => update::adopt(m, d, &bookmark),
                    Err(why) => {
                        update::not_found(m, &bookmark, &why);
                        Vec::new()
                    }
                };
                go_on &= run_effects(m, data_dir, bg, fx);
            }
            Effect::CountLibrary { generation, query } => {
                if let Some(bg) = bg {
                    bg.count_library(m.docs.clone(), generation, query);
                }
            }
            Effect::RefreshLibrary(r) => {
                // Quitting before it started: the index is checked next time.
                if let Some(bg) = bg {
                    bg.refresh_library(*r, data_dir.cloned(), m.docs.clone());
                }
            }
            Effect::Bookmark(mut change) => {
                if let BookmarkChange::Add(b) = &mut change
                    && b.id.is_empty()
                {
                    b.created = now();
                    b.id = format!("{}-{}-{}", b.created, std::process::id(), next_id());
                }
                // The model's list is replaced by what is saved (with other windows' changes).
                match data_dir.map(|dir| persist::change_bookmarks(dir, &change)) {
                    Some(Ok(saved)) => {
                        m.bookmarks = saved;
                        update::refresh_located(m);
                    }
                    Some(Err(e)) => {
                        m.status = Some(Notice::warning(format!("bookmark not saved: {e}")))
                    }
                    None => {}
                }
            }
            Effect::SaveSearch(entry) => {
                if let Some(dir) = data_dir
                    && let Err(e) = persist::add_history(dir, &entry, update::HISTORY_MAX)
                {
                    m.status = Some(Notice::warning(format!("search history not saved: {e}")));
                }
            }
            Effect::ExtractQuotes(doc) => {
                // Without a loop to report back to (quitting) there is nothing to do.
                if let (Some(bg), Some(d)) = (bg, m.docs.get(doc)) {
                    bg.extract_quotes(doc, d.clone());
                }
            }
            Effect::FindOutline(doc) => {
                if let (Some(bg), Some(d)) = (bg, m.docs.get(doc)) {
                    bg.outline(doc, d.clone());
                }
            }
            Effect::PreviewQuotes { doc, at } => {
                if let (Some(bg), Some(d)) = (bg, m.docs.get(doc)) {
                    bg.preview_quotes(doc, at, d.clone());
                }
            }
            Effect::SavePosition(mut p) => {
                p.updated = now();
                if let Some(dir) = data_dir
                    && let Err(e) = persist::save(dir, p)
                {
                    m.status = Some(Notice::warning(format!("position not saved: {e}")));
                }
            }
            Effect::Suspend => tty::request_suspend(),
            Effect::Quit => go_on = false,
        }
    }
    go_on
}

/// The first of `paths` that reads as the bookmarked document (`Effect::LoadOutside`); the
/// first error when none does.
fn load_outside(paths: &[PathBuf], fingerprint: &str) -> Result<Document, String> {
    let mut first_error = None;
    for (i, p) in paths.iter().enumerate() {
        match crate::store::load_file(p) {
            // Where it was bookmarked, even edited (the bookmark is found by its text); elsewhere
            // only the same text.
            Ok(d) if i == 0 || d.fingerprint() == fingerprint => return Ok(d),
            Ok(_) => {}
            Err(e) => {
                first_error.get_or_insert(e.to_string());
            }
        }
    }
    Err(first_error.unwrap_or_else(|| "its file now holds other text".into()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::action::Action;
    use crate::update::{Start, init};
    use std::cell::RefCell;

    /// Notes the work asked for instead of doing it.
    #[derive(Default)]
    struct Noted(RefCell<Vec<String>>);

    impl Workers for Noted {
        fn extract_quotes(&self, doc: usize, _: Arc<Document>) {
            self.0.borrow_mut().push(format!("quotes {doc}"));
        }
        fn preview_quotes(&self, doc: usize, at: usize, _: Arc<Document>) {
            self.0.borrow_mut().push(format!("preview {doc} at {at}"));
        }
        fn count(&self, _: Arc<Document>, c: CountMatches) {
            self.0
                .borrow_mut()
                .push(format!("count {} #{}", c.doc, c.generation));
        }
        fn find(&self, _: Arc<Document>, f: FindMatch) {
            self.0
                .borrow_mut()
                .push(format!("find {} from {}", f.doc, f.from));
        }
        fn outline(&self, doc: usize, _: Arc<Document>) {
            self.0.borrow_mut().push(format!("outline {doc}"));
        }
        fn count_library(&self, docs: Vec<Arc<Document>>, generation: u64, _: Query) {
            let n = docs.len();
            self.0
                .borrow_mut()
                .push(format!("library {n} #{generation}"));
        }
        fn refresh_library(&self, _: Refresh, _: Option<PathBuf>, _: Vec<Arc<Document>>) {
            self.0.borrow_mut().push("refresh".into());
        }
    }

    fn sample() -> Model {
        let (mut m, _) = init(Start::new(crate::store::builtin(), false));
        update(&mut m, Action::Resize(100, 30));
        m
    }

    fn query(text: &str) -> Query {
        crate::search::compile(text, crate::search::Options::default()).unwrap()
    }

    #[test]
    fn work_off_the_input_path_goes_to_the_workers_with_its_document() {
        let mut m = sample();
        let noted = Noted::default();
        let fx = vec![
            Effect::ExtractQuotes(0),
            Effect::PreviewQuotes { doc: 0, at: 7 },
            Effect::FindOutline(0),
            Effect::CountMatches(CountMatches {
                doc: 0,
                generation: 3,
                query: query("arms"),
                current: 0,
            }),
            Effect::FindMatch(FindMatch {
                doc: 0,
                generation: 4,
                query: query("arms"),
                from: 12,
                forward: true,
                step: false,
            }),
            Effect::CountLibrary {
                generation: 5,
                query: query("arms"),
            },
            // A document that is not there asks for nothing.
            Effect::ExtractQuotes(9),
        ];
        assert!(run_effects(&mut m, None, Some(&noted), fx));
        assert_eq!(
            noted.0.into_inner(),
            [
                "quotes 0",
                "preview 0 at 7",
                "outline 0",
                "count 0 #3",
                "find 0 from 12",
                "library 1 #5"
            ]
        );
    }

    #[test]
    fn quitting_stops_and_without_workers_their_work_is_dropped() {
        let mut m = sample();
        assert!(run_effects(
            &mut m,
            None,
            None,
            vec![Effect::ExtractQuotes(0)]
        ));
        assert!(!run_effects(&mut m, None, None, vec![Effect::Quit]));
    }

    #[test]
    fn saving_stamps_the_time_and_an_id_and_the_model_gets_what_is_saved() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().to_path_buf();
        let mut m = sample();
        let b = crate::bookmarks::Bookmark::at(&m.docs[0].bytes, 0..20);
        let fx = vec![
            Effect::Bookmark(BookmarkChange::Add(Box::new(b))),
            Effect::SaveSearch("arms".into()),
        ];
        assert!(run_effects(&mut m, Some(&path), None, fx));
        assert_eq!(m.bookmarks.len(), 1);
        assert!(!m.bookmarks[0].id.is_empty() && m.bookmarks[0].created > 0);
        assert_eq!(persist::load_bookmarks(&path).0, m.bookmarks);
        assert_eq!(persist::load_history(&path).0, ["arms"]);
        assert_eq!(m.status, None);
    }

    #[test]
    fn a_state_that_cannot_be_saved_says_so_and_the_reader_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        // A file where the data directory should be: nothing can be written in it.
        let path = dir.path().join("not-a-dir");
        std::fs::write(&path, b"x").unwrap();
        let mut m = sample();
        assert!(run_effects(
            &mut m,
            Some(&path),
            None,
            vec![Effect::SaveSearch("arms".into())]
        ));
        let notice = m.status.expect("a notice");
        assert_eq!(notice.kind, crate::model::NoticeKind::Warning);
        assert!(notice.starts_with("search history not saved"), "{notice}");
    }

    #[test]
    fn reading_a_listed_document_then_applies_the_action_that_needed_it() {
        let mut m = sample();
        let fx = vec![Effect::Read {
            doc: 0,
            then: Action::Quit,
        }];
        // The action's own effects run too: `Quit` ends the loop.
        assert!(!run_effects(&mut m, None, None, fx));
        assert!(m.quit);
    }
}
