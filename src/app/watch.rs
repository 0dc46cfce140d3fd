//! Noticing that an open document's file changed on disk: it shrank while mapped (the fault
//! handler patched its lost pages, `store::mapped`), or its size or modification time moved.
//! The document is then read again and handed to `update::doc_changed`, which keeps the
//! reader on the same text; the stale or zero-filled text is never shown as the file's.

use crate::effect::Effect;

use crate::model::{Model, Notice, Screen};
use crate::store::{self, Origin, mapped};
use std::path::PathBuf;
use std::time::{Duration, Instant, SystemTime};

/// How often the open document's file is looked at (one `stat`).
const EVERY: Duration = Duration::from_secs(1);

/// What a file looked like when it was read.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
}

fn stamp(path: &PathBuf) -> Option<Stamp> {
    let m = std::fs::metadata(path).ok()?;
    Some(Stamp {
        len: m.len(),
        modified: m.modified().ok(),
    })
}

pub(super) struct Watch {
    /// `mapped::damage_count` when last looked at.
    damage: usize,
    /// The open document, its file, and how the file looked when first watched.
    open: Option<(usize, PathBuf, Option<Stamp>)>,
    last: Instant,
}

impl Watch {
    pub(super) fn new() -> Watch {
        Watch {
            damage: mapped::damage_count(),
            open: None,
            last: Instant::now(),
        }
    }

    /// Reloads documents whose file changed; returns the effects of doing so (finding their
    /// quotations again) and whether anything changed.
    pub(super) fn check(&mut self, m: &mut Model) -> (bool, Vec<Effect>) {
        let mut fx = Vec::new();
        let mut any = false;
        // A mapping lost pages: every document it may belong to is read again at once.
        let damage = mapped::damage_count();
        if damage != self.damage {
            self.damage = damage;
            let damaged: Vec<usize> = (0..m.docs.len())
                .filter(|&i| !m.docs[i].bytes.intact())
                .collect();
            for i in damaged {
                fx.extend(reload(m, i));
                any = true;
            }
            self.open = None;
        }
        let open = match (&m.screen, &m.reader) {
            (Screen::Reader, Some(r)) => Some(r.doc),
            _ => None,
        };
        let watched = self.open.as_ref().map(|o| o.0);
        if open != watched {
            self.open = open.and_then(|i| match &m.docs[i].origin {
                Origin::File(p) => Some((i, p.clone(), stamp(p))),
                _ => None,
            });
            self.last = Instant::now();
        } else if self.last.elapsed() >= EVERY
            && let Some((i, path, was)) = &mut self.open
        {
            self.last = Instant::now();
            let now = stamp(path);
            if now != *was && now.is_some() {
                *was = now;
                let i = *i;
                fx.extend(reload(m, i));
                any = true;
            }
        }
        (any, fx)
    }
}

/// Reads document `i` again from its file and hands it to the model.
fn reload(m: &mut Model, i: usize) -> Vec<Effect> {
    let Origin::File(path) = &m.docs[i].origin else {
        return Vec::new();
    };
    match store::load_file(path) {
        Ok(d) => crate::update::doc_changed(m, i, d),
        Err(e) => {
            m.status = Some(Notice::warning(format!(
                "changed on disk and could not be read again: {e}"
            )));
            Vec::new()
        }
    }
}
