//! Who is mentioned in a document: people and organisations with one canonical name each, their
//! aliases (surname, first name, a misspelt surname), the roles they were introduced with, and
//! where they were mentioned, for resolving `he`, `Khovaev` and `the ambassador`.

mod spelling;

use super::lexicon::Gender;
use super::tokens::{NameRun, RunKind};
use spelling::{distance, letters};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;

/// Names are looked up for every capitalised run, so with the cheap hash of the word lists.
type Map = HashMap<String, usize, foldhash::fast::FixedState>;

#[derive(Clone, Debug)]
pub(super) struct Entity {
    pub name: std::sync::Arc<str>,
    /// The name's number, which the quotations attributed to them hold.
    pub speaker: Option<super::Speaker>,
    pub gender: Option<Gender>,
    pub org: bool,
    /// The honorific the person was introduced with (`mrs`, lower case, no dot), which tells
    /// them from family members of the same surname.
    pub honorific: Option<String>,
    /// The given name the person is known to have (`Fitzwilliam` for Mr. Darcy), key-folded: a
    /// man known by `Mr.` and his surname takes the first full name of his family only once.
    given: Option<String>,
    /// Met where places are (`at Hartfield`) and never as a person (no title, no gender):
    /// not taken for a speaker.
    pub place: bool,
    /// How often they were mentioned or spoke: a first name shared by two people means the one
    /// the text is about.
    pub salience: u32,
    /// A tag has named them as a speaker: someone who talks in this text.
    pub spoken: bool,
    /// How often they were met by more than a given name (a full name, a title and surname),
    /// and where last: a mention read twice counts once.
    named: u32,
    named_at: usize,
    /// A quotation has been given to them (under their name as it is now).
    pub quoted: bool,
    /// Known by a description (`the keeper`, `the General`), not a name.
    described: bool,
    /// Known so far by a given name alone (`Hillary`), met outside speech: the full name met
    /// later names them instead, unless a quotation holds this one or the text calls them
    /// that often (`Dolly`).
    by_given_name: bool,
}

impl Entity {
    /// Someone (or an organisation) known by `name`, met for the first time.
    fn new(name: &str, gender: Option<Gender>, org: bool, honorific: Option<String>) -> Entity {
        Entity {
            speaker: super::Speaker::new(name),
            name: name.into(),
            gender,
            org,
            honorific,
            given: None,
            place: false,
            salience: 0,
            spoken: false,
            named: 0,
            named_at: usize::MAX,
            quoted: false,
            described: false,
            by_given_name: false,
        }
    }
}

#[derive(Debug, Default)]
pub(super) struct People {
    pub list: Vec<Entity>,
    by_full: Map,
    alias: Map,
    /// Everyone known with each surname (a family), for `Mr. Wilcox` among the Wilcoxes.
    families: HashMap<String, Vec<usize>, foldhash::fast::FixedState>,
    /// The keys of `alias` by length in characters, with their `letters`: a misspelling is at
    /// most two edits away, so only surnames within two characters of its length and with
    /// nearly the same letters are compared with it.
    surnames_by_len: Vec<Vec<(u64, String)>>,
    /// First names, used only for people confirmed as people (a title, a pronoun, speech), so
    /// `Microsoft` does not find `Microsoft Internet Explorer`.
    first_names: Map,
    confirmed: Vec<bool>,
    roles: Map,
    /// (document offset, entity, as a clause subject) of every mention of a person, in order.
    mentions: Vec<(usize, usize, bool)>,
    /// The key of the name being looked up (`key_words_into`), reused.
    scratch: RefCell<String>,
    /// For [any mention, a subject's] and each gender: how many of the oldest `mentions` hold
    /// nobody who fits it (`newest`). A person's gender is only ever learnt, never changed, so
    /// someone who does not fit a gender never will: a count only grows (and shifts down when
    /// old mentions are forgotten).
    unfit: Cell<[[usize; 2]; 2]>,
    /// The narrator of a story told in the first person (as `the narrator`, then by name):
    /// never the one a `he` or a `she` of the narration means.
    first_person: Vec<usize>,
    /// Answers of the misspelling search since the last surname was added. A book asks about
    /// the same capitalised words thousands of times, and each question compares every surname.
    misspelt: RefCell<HashMap<String, Option<usize>, foldhash::fast::FixedState>>,
}

/// An honorific as compared: lower case, without its dot (`Mrs.` → `mrs`).
fn honorific_key(h: &str) -> String {
    h.trim_end_matches('.').to_lowercase()
}

/// Folds case, hyphens and possessives so `Kim Jong-Un` finds `Kim Jong Un`.
fn key(s: &str) -> String {
    key_words(&[s])
}

/// `key` of `words` joined by spaces, without joining them first (a name run's words are looked
/// up for every capitalised run of a document).
fn key_words(words: &[&str]) -> String {
    let mut out = String::new();
    key_words_into(words, &mut out);
    out
}

/// `key_words`, written over `out`: a look-up reuses one buffer instead of allocating a key.
fn key_words_into(words: &[&str], out: &mut String) {
    out.clear();
    // The possessive is stripped from the end of the whole name: from the last word. A curly
    // one (`Duterte’s`) is the only other character in most names that are not ASCII.
    let Some((last, rest)) = words.split_last() else {
        return;
    };
    let last = super::tokens::strip_possessive(last);
    if !(last.is_ascii() && rest.iter().all(|w| w.is_ascii())) {
        let joined = words.join(" ");
        let folded = super::tokens::strip_possessive(&joined)
            .to_lowercase()
            .replace(['-', '.'], " ");
        for part in folded.split_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(part);
        }
        return;
    }
    // One pass over the bytes for the usual case (this runs for every name seen): the parts
    // between hyphens, dots and spaces copied whole, one space apart, then lowered at once.
    for w in rest.iter().chain([&last]) {
        let bytes = w.as_bytes();
        let mut start = 0;
        for i in 0..=bytes.len() {
            if bytes
                .get(i)
                .is_some_and(|&b| b != b'-' && b != b'.' && !b.is_ascii_whitespace())
            {
                continue;
            }
            if i > start {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&w[start..i]);
            }
            start = i + 1;
        }
    }
    out.make_ascii_lowercase();
}

/// Where a name's surname begins: its last word, with the particles written before it in lower
/// case (`Henry van der Luyden` → `van der Luyden`).
fn surname_start(words: &[&str]) -> usize {
    let mut s = words.len().saturating_sub(1);
    while s > 0 && super::lexicon::is_name_particle(words[s - 1]) {
        s -= 1;
    }
    s
}

/// `surname_start` for a key (words one space apart): the surname's part of it.
fn key_surname(k: &str) -> &str {
    let mut start = k.rfind(' ').map_or(0, |i| i + 1);
    while start > 0 {
        let before = &k[..start - 1];
        let word_start = before.rfind(' ').map_or(0, |i| i + 1);
        if !super::lexicon::is_name_particle(&before[word_start..]) {
            break;
        }
        start = word_start;
    }
    &k[start..]
}

/// Whether two honorifics can name the same person (`Ms.` is either `Mrs.` or `Miss`).
fn same_standing(a: &str, b: &str) -> bool {
    a == b || a == "ms" && matches!(b, "mrs" | "miss") || b == "ms" && matches!(a, "mrs" | "miss")
}

/// Mentions looked back through for the holder of a role: a few paragraphs' worth.
const ROLE_WINDOW: usize = 60;

/// Mentions looked back through for someone known to be of a pronoun's gender, before anyone
/// who only may be: a few pages' worth (a scene; the one a `she` means may have been named
/// pages before, with others of unknown gender since).
const KNOWN_WINDOW: usize = 160;

impl People {
    fn add(&mut self, name: String, gender: Option<Gender>, org: bool) -> usize {
        self.add_titled(name, gender, org, None)
    }

    /// Whether entity `id` can be the person a run with `gender` and `honorific` names: not
    /// one of another gender, nor a family member introduced with another honorific.
    fn compatible(&self, id: usize, gender: Option<Gender>, honorific: Option<&str>) -> bool {
        let e = &self.list[id];
        let gender_fits = match (e.gender, gender) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        };
        let standing_fits = match (&e.honorific, honorific) {
            (Some(a), Some(b)) => same_standing(a, b),
            _ => true,
        };
        !e.org && gender_fits && standing_fits
    }

    /// The person a run with a title or several name words names, if known and compatible.
    fn find_person(&self, run: &NameRun) -> Option<usize> {
        let honorific = run.honorific.map(honorific_key);
        let s = surname_start(&run.name);
        if let Some(h) = &honorific {
            let surname = &run.name[s..];
            let mut full = key_words(&[h]);
            full.push(' ');
            full.push_str(&key_words(surname));
            // `Mr. William Thomas` after `Mr. Thomas`: the man known by that honorific, unless
            // he is known by another given name.
            if let Some(&id) = self.by_full.get(&full)
                && (s == 0
                    || matches!(h.as_str(), "mr" | "miss")
                        && self.list[id]
                            .given
                            .as_ref()
                            .is_none_or(|g| *g == key(run.name[0])))
            {
                return Some(id);
            }
            // Of a family, the one an honorific fits best: of its gender for sure, else the
            // one the text is most about. A woman met by her given name and surname is not
            // the `Mrs.` of her family (`Katharine Hilbery` and her mother, `Mrs. Hilbery`).
            if s == 0
                && let Some(family) = self.families.get(&key_words(surname))
            {
                let fits = |&&id: &&usize| {
                    self.compatible(id, run.gender, Some(h))
                        && !(h == "mrs" && self.list[id].given.is_some())
                };
                let sure = |id: usize| run.gender.is_some() && self.list[id].gender == run.gender;
                return family
                    .iter()
                    .filter(fits)
                    .max_by_key(|&&id| (sure(id), self.list[id].salience))
                    .copied();
            }
        }
        let id = self.find_words(&run.name)?;
        // `Mrs. Newland Archer` is not Newland Archer unless he is known to be a woman: an
        // honorific before a full name met without one may name the spouse.
        if let Some(h) = &honorific
            && self.list[id].honorific.as_deref() != Some(h.as_str())
            && (run.gender.is_none() || self.list[id].gender != run.gender)
            && s > 0
        {
            return None;
        }
        self.compatible(id, run.gender, honorific.as_deref())
            .then_some(id)
    }

    fn add_titled(
        &mut self,
        name: String,
        gender: Option<Gender>,
        org: bool,
        honorific: Option<String>,
    ) -> usize {
        let words: Vec<&str> = name.split_whitespace().collect();
        let s = surname_start(&words);
        let surname = words[s..].join(" ");
        // A given name before the surname, when the name is not a title and a surname.
        let given = (!org && honorific.is_none() && s > 0).then_some(words[0]);
        // "Darcy" met alone before "Fitzwilliam Darcy": one person, known by the first name
        // met (the quotations already given to it keep it).
        if let Some(first) = given {
            for w in [surname.as_str(), first] {
                if let Some(&id) = self.by_full.get(&key(w))
                    && !key(&self.list[id].name).contains(' ')
                    && self.compatible(id, gender, None)
                {
                    self.join(&name, &surname, first, gender, id);
                    let e = &mut self.list[id];
                    if e.by_given_name && !e.quoted && e.salience < 3 {
                        e.speaker = super::Speaker::new(&name);
                        e.name = name.as_str().into();
                        e.by_given_name = false;
                    }
                    return id;
                }
            }
        }
        // "Nickelle Reid" after "Nicki Reid": same surname, first names alike — one person.
        if let Some(first) = given
            && let Some(&id) = self.alias.get(&key(&surname))
            && let Some(known) = self.list[id].name.split_whitespace().next()
            && known.chars().take(3).collect::<String>().to_lowercase()
                == first.chars().take(3).collect::<String>().to_lowercase()
        {
            self.by_full.insert(key(&name), id);
            return id;
        }
        // "Fitzwilliam Darcy" after "Mr. Darcy": a man's full name is the man of that family
        // known only by `Mr.` and the surname, when he is its one man and has no given name
        // yet (a second given name is a brother or a son).
        if let Some(first) = given
            && gender != Some(Gender::Female)
            && let Some(family) = self.families.get(&key(&surname))
        {
            let mut men = family
                .iter()
                .copied()
                .filter(|&id| !self.list[id].org && self.list[id].gender != Some(Gender::Female));
            if let (Some(id), None) = (men.next(), men.next())
                && self.list[id].honorific.as_deref() == Some("mr")
                && self.list[id].given.is_none()
            {
                self.join(&name, &surname, first, gender, id);
                return id;
            }
        }
        let id = self.list.len();
        self.by_full.insert(key(&name), id);
        self.list.push(Entity {
            given: given.map(key),
            ..Entity::new(&name, gender, org, honorific)
        });
        if !org && words.len() >= 2 {
            self.register_surname(&surname, id);
            if let Some(first) = given {
                self.register_first_name(first, id);
            }
        }
        self.confirmed.push(gender.is_some());
        id
    }

    /// Makes the full `name` (`surname` and `first`) find `id`, someone already known by part
    /// of it.
    fn join(&mut self, name: &str, surname: &str, first: &str, gender: Option<Gender>, id: usize) {
        self.by_full.insert(key(name), id);
        self.register_surname(surname, id);
        self.register_first_name(first, id);
        let e = &mut self.list[id];
        e.given.get_or_insert_with(|| key(first));
        if e.gender.is_none() {
            e.gender = gender;
        }
    }

    /// Makes `first` find `id`, unless it finds someone the text has often been about (a
    /// character, not a poet mentioned once who shares the name): often, and by their full
    /// name more than once (`Henry` is not Henry Fielding, whose works were read aloud once,
    /// however often `Henry` was said before Henry Otway came in).
    fn register_first_name(&mut self, first: &str, id: usize) {
        let k = key(first);
        if let Some(&old) = self.first_names.get(&k)
            && old != id
            && self
                .list
                .get(old)
                .is_some_and(|e| e.salience >= 3 && e.named >= 2)
        {
            return;
        }
        self.first_names.insert(k, id);
    }

    /// Makes `surname` find `id`: the newest person with a surname is the one it means.
    fn register_surname(&mut self, surname: &str, id: usize) {
        self.misspelt.borrow_mut().clear();
        let surname = key(surname);
        let family = self.families.entry(surname.clone()).or_default();
        if !family.contains(&id) {
            family.push(id);
        }
        if !self.alias.contains_key(&surname) {
            let len = surname.chars().count();
            if self.surnames_by_len.len() <= len {
                self.surnames_by_len.resize(len + 1, Vec::new());
            }
            self.surnames_by_len[len].push((letters(&surname), surname.clone()));
        }
        // The newest person with a surname is the one it means, unless the text has been about
        // the one it meant before (a family's other members come and go around them).
        // A surname alone means someone known by a name (`John Beaver`) before someone known
        // by an honorific (`Mrs Beaver`, who is called that).
        let titled = |i: usize| self.list.get(i).is_none_or(|e| e.honorific.is_some());
        if let Some(&old) = self.alias.get(&surname)
            && old != id
            && (titled(id) && !titled(old)
                || titled(id) == titled(old) && self.list.get(old).is_some_and(|e| e.salience >= 5))
        {
            return;
        }
        self.alias.insert(surname, id);
    }

    /// The entity a role phrase names when no named person holds that role (`the valet`,
    /// `the old gentleman`): a person of their own, known by that phrase, and by its last word
    /// as a role (`the countryman` after `the grinning countryman`) unless someone holds it.
    pub(super) fn role_entity(&mut self, phrase: &str) -> usize {
        if let Some(&id) = self.by_full.get(&key(phrase)) {
            return id;
        }
        // `the Grandmother`, `the old lady`: the noun says whose gender.
        let head = phrase.rsplit(' ').next().unwrap_or_default();
        let gender = super::lexicon::with_lower(head, super::lexicon::relation_gender).flatten();
        let id = self.list.len();
        self.by_full.insert(key(phrase), id);
        self.list.push(Entity {
            described: true,
            ..Entity::new(phrase, gender, false, None)
        });
        self.confirmed.push(true);
        if head != phrase {
            self.roles.entry(head.to_lowercase()).or_insert(id);
        }
        id
    }

    /// Marks `id` as certainly a person (titled, speaking, or referred to by a pronoun).
    pub(super) fn confirm(&mut self, id: usize) {
        if !self.list[id].org {
            self.confirmed[id] = true;
        }
    }

    /// Finds an entity by a full name or an alias, allowing a small misspelling of a surname.
    pub(super) fn find(&self, name: &str) -> Option<usize> {
        self.find_words(&[name])
    }

    /// `find` for the words of a name run.
    pub(super) fn find_words(&self, words: &[&str]) -> Option<usize> {
        let mut k = self.scratch.borrow_mut();
        key_words_into(words, &mut k);
        self.find_key(&k)
    }

    fn find_key(&self, k: &str) -> Option<usize> {
        if let Some(&id) = self.by_full.get(k) {
            return Some(id);
        }
        // A word that is one person's surname and another's first name (`Henry` for Henry
        // Otway and for Mostyn Henry) means the one whose given name it is when it is a common
        // given name, else the one the text has been more about.
        let surname = self.alias.get(k).copied();
        let first = self
            .first_names
            .get(k)
            .copied()
            .filter(|&id| self.confirmed[id]);
        match (surname, first) {
            (Some(a), Some(b)) => {
                use super::lexicon::{class, classes};
                let given = classes(k) & (class::GIVEN_MALE | class::GIVEN_FEMALE) != 0;
                return Some(if given || self.list[b].salience > self.list[a].salience {
                    b
                } else {
                    a
                });
            }
            (Some(id), None) | (None, Some(id)) => return Some(id),
            (None, None) => {}
        }
        // `Kim Jong-Un` after `Kim Jong Un`, `Mr. Bennet Smith` after `Bennet Smith`.
        if k.contains(' ')
            && let Some(&id) = self.alias.get(key_surname(k))
            && key(&self.list[id].name).ends_with(k)
        {
            return Some(id);
        }
        let len = k.chars().count();
        if k.contains(' ') || len < 6 {
            return None;
        }
        if let Some(&known) = self.misspelt.borrow().get(k) {
            return known;
        }
        // The nearest surname; of two as near, the newer person (whatever the order).
        let mut best: Option<(usize, usize)> = None;
        let near = self.surnames_by_len.get(len - 2..).unwrap_or_default();
        let mine = letters(k);
        for (theirs, a) in near.iter().take(5).flatten() {
            // An edit changes at most two of the letters present: more than four differ, more
            // than two edits.
            if (mine ^ theirs).count_ones() > 4 {
                continue;
            }
            if let Some(d) = distance(k, a, 2)
                && let Some(&id) = self.alias.get(a)
                && best.is_none_or(|(bd, bid)| d < bd || d == bd && id > bid)
            {
                best = Some((d, id));
            }
        }
        let found = best.map(|(_, id)| id);
        let mut memo = self.misspelt.borrow_mut();
        if memo.len() > 100_000 {
            memo.clear();
        }
        memo.insert(k.to_string(), found);
        found
    }

    /// Registers what a capitalised run names and records the mention at `pos`. Unknown single
    /// words are left alone unless `speaker` (a subject of a speech verb is someone).
    pub(super) fn observe(
        &mut self,
        run: &NameRun,
        pos: usize,
        speaker: bool,
        subject: bool,
    ) -> Option<usize> {
        let id = match run.kind {
            RunKind::Org => {
                // Without a leading "The" (`The Straits Times`), as the joined name would be
                // after trimming "The ".
                let mut words = &run.name[..];
                while words.len() > 1 && words[0] == "The" {
                    words = &words[1..];
                }
                match self.find_words(words) {
                    Some(id) => id,
                    None if speaker || words.len() >= 2 => self.add(words.join(" "), None, true),
                    None => return None,
                }
            }
            RunKind::Person => match self.find_person(run) {
                Some(id) => id,
                None => match run.honorific {
                    // Known by the honorific with a surname alone: `Mrs. Bennet`.
                    Some(h) if surname_start(&run.name) == 0 => self.add_titled(
                        format!("{h} {}", run.name.join(" ")),
                        run.gender,
                        false,
                        Some(honorific_key(h)),
                    ),
                    _ => self.add(run.name.join(" "), run.gender, false),
                },
            },
            RunKind::Single => match self.find_words(&run.name) {
                Some(id) => id,
                // A given name is someone (`Tom walked in`), whom a later `he` may mean.
                None if speaker => self.add(run.name.join(" "), run.gender, false),
                None if run.gender.is_some() => {
                    let id = self.add(run.name.join(" "), run.gender, false);
                    self.list[id].by_given_name = true;
                    id
                }
                None => return None,
            },
        };
        // A gender from a given name, or an honorific the person was met with; not from an
        // honorific before a name they were met without (`Mrs. Archer` for the Archers' son).
        let honorific_fits = run.honorific.is_none()
            || self.list[id].honorific.as_deref() == run.honorific.map(honorific_key).as_deref();
        if self.list[id].gender.is_none() && honorific_fits {
            self.list[id].gender = run.gender;
        }
        if !run.roles.is_empty() || run.gender.is_some() || speaker {
            self.confirm(id);
        }
        for r in &run.roles {
            self.roles.insert(r.to_string(), id);
        }
        self.list[id].salience = self.list[id].salience.saturating_add(1);
        let e = &mut self.list[id];
        if (run.name.len() >= 2 || run.honorific.is_some()) && e.named_at != pos {
            e.named = e.named.saturating_add(1);
            e.named_at = pos;
        }
        if !self.list[id].org {
            self.mentions.push((pos, id, subject || speaker));
            self.forget_old_mentions();
        }
        Some(id)
    }

    /// Records that `id` was the subject of speech at `pos` (they are now the most recent).
    pub(super) fn mention(&mut self, id: usize, pos: usize) {
        self.mention_at(id, pos, true);
    }

    /// Records a mention of `id` at `pos`, as a clause's subject or not.
    pub(super) fn mention_at(&mut self, id: usize, pos: usize, subject: bool) {
        self.list[id].salience = self.list[id].salience.saturating_add(1);
        if !self.list[id].org {
            self.mentions.push((pos, id, subject));
            self.forget_old_mentions();
        }
    }

    /// The person known by `name`, made known if new (a narrator's name learnt from dialogue,
    /// `Mr. Grant` with its honorific).
    pub(super) fn named(&mut self, name: &str) -> usize {
        if let Some(&id) = self.by_full.get(&key(name)) {
            return id;
        }
        let words: Vec<&str> = name.split_whitespace().collect();
        let id = match &words[..] {
            [h, surname]
                if let Some(gender) = super::lexicon::honorific_gender(&h.to_lowercase()) =>
            {
                let hk = honorific_key(h);
                match self
                    .find(surname)
                    .filter(|&id| self.compatible(id, gender, Some(&hk)))
                {
                    Some(id) => id,
                    None => self.add_titled(name.to_string(), gender, false, Some(hk)),
                }
            }
            _ => match self.find(name) {
                Some(id) if !self.list[id].org => id,
                _ => self.add(name.to_string(), None, false),
            },
        };
        self.confirm(id);
        id
    }

    /// Makes `alias` (an acronym) find `id` too.
    pub(super) fn add_alias(&mut self, alias: &str, id: usize) {
        self.by_full.entry(key(alias)).or_insert(id);
    }

    /// `find_person` for any run: someone known by its words and compatible with it.
    pub(super) fn find_person_run(&self, run: &NameRun) -> Option<usize> {
        self.find_person(run)
    }

    /// Notes that `id` was met where a place is: unless it is known as a person (a title, a
    /// gender), it is one.
    pub(super) fn seen_as_place(&mut self, id: usize) {
        let confirmed = self.confirmed[id];
        let e = &mut self.list[id];
        if e.gender.is_none() && e.honorific.is_none() && !confirmed {
            e.place = true;
        }
    }

    /// Whether `id` may be a speaker: a person or an organisation, not a place.
    pub(super) fn may_speak(&self, id: usize) -> bool {
        let e = &self.list[id];
        !e.place || e.gender.is_some()
    }

    pub(super) fn add_role(&mut self, role: &str, id: usize) {
        self.roles.insert(role.to_string(), id);
    }

    /// Who holds a role: the person introduced with it (`President Obama` for `the
    /// president`) while the text still talks of them, else the person known by the role
    /// itself (`the General`, not `General Perovski` whose memoirs were mentioned long ago).
    pub(super) fn by_role(&self, role: &str) -> Option<usize> {
        let holder = self.roles.get(role).copied();
        let described = self
            .by_full
            .get(&key_words(&["the", role]))
            .copied()
            .filter(|&d| self.list[d].described);
        let from = self.mentions.len().saturating_sub(ROLE_WINDOW);
        let last = |id: usize| self.mentions[from..].iter().rposition(|m| m.1 == id);
        match (holder, described) {
            // Of the two, the one the text spoke of last.
            (Some(h), Some(d)) if h != d => Some(if last(h) > last(d) { h } else { d }),
            (Some(h), _) if self.list[h].described || last(h).is_some() => Some(h),
            (_, d) => d,
        }
    }

    /// The person a pronoun at `pos` refers to: the most recent fitting person who was the
    /// subject of a clause (or a speaker), else the most recent fitting person mentioned at all.
    /// Subjects first, so a name in a photo credit or an object does not capture `she`.
    /// Someone else of `of`'s family (known by the same surname), of gender `g`: the one with
    /// an honorific, else the most mentioned.
    pub(super) fn kin(&self, of: usize, g: Option<Gender>) -> Option<usize> {
        let family = self.families.values().find(|f| f.contains(&of))?;
        family
            .iter()
            .copied()
            .filter(|&id| id != of && !self.list[id].org && !self.list[id].place)
            .filter(|&id| g.is_none() || self.list[id].gender == g)
            .max_by_key(|&id| (self.list[id].honorific.is_some(), self.list[id].salience))
    }

    pub(super) fn antecedent(&self, pos: usize, gender: Option<Gender>) -> Option<usize> {
        let upto = self.mentions.partition_point(|m| m.0 < pos);
        // Lately, someone known to be of that gender before someone who may be.
        if let Some(g) = gender
            && let Some(id) = self.mentions[upto.saturating_sub(KNOWN_WINDOW)..upto]
                .iter()
                .rev()
                .find(|m| m.2 && self.list[m.1].gender == Some(g) && self.third_person(m.1))
                .map(|m| m.1)
        {
            return Some(id);
        }
        self.newest(upto, gender, true)
            .or_else(|| self.newest(upto, gender, false))
    }

    /// The last `k` people mentioned before `pos`, each once, newest first (of `gender`, or
    /// not known to be of another).
    pub(super) fn recent(&self, pos: usize, k: usize, gender: Option<Gender>) -> Vec<usize> {
        let upto = self.mentions.partition_point(|m| m.0 < pos);
        let mut out = Vec::with_capacity(k);
        for &(_, id, _) in self.mentions[..upto].iter().rev().take(200) {
            let fits = gender.is_none_or(|g| self.list[id].gender.is_none_or(|h| h == g));
            if fits && !out.contains(&id) {
                out.push(id);
                if out.len() == k {
                    break;
                }
            }
        }
        out
    }

    /// Pronouns look back a few pages, not a whole book: keeping only recent mentions bounds
    /// the memory and the time of a long document's search.
    fn forget_old_mentions(&mut self) {
        const KEEP: usize = 20_000;
        if self.mentions.len() > 2 * KEEP {
            self.mentions.drain(..KEEP);
            let mut unfit = self.unfit.get();
            for n in unfit.iter_mut().flatten() {
                *n = n.saturating_sub(KEEP);
            }
            self.unfit.set(unfit);
        }
    }

    /// The most recent person mentioned before `pos` who fits `gender`.
    #[cfg(test)]
    pub(super) fn last_person(&self, pos: usize, gender: Option<Gender>) -> Option<usize> {
        let upto = self.mentions.partition_point(|m| m.0 < pos);
        self.newest(upto, gender, false)
    }

    /// The person of the newest of `mentions[..upto]` (only subjects', if `subjects`) who fits
    /// `gender`. A search that finds nobody is remembered in `unfit`, so the next one for that
    /// gender stops where it began: otherwise each `she` in a story about men reads back
    /// through all 20,000–40,000 mentions kept.
    fn newest(&self, upto: usize, gender: Option<Gender>, subjects: bool) -> Option<usize> {
        let fits = |&(_, id, subject): &(usize, usize, bool)| {
            (subject || !subjects)
                && gender.is_none_or(|g| self.list[id].gender.is_none_or(|h| h == g))
                && self.third_person(id)
        };
        let Some(g) = gender else {
            return self.mentions[..upto]
                .iter()
                .rev()
                .find(|m| fits(m))
                .map(|m| m.1);
        };
        let mut unfit = self.unfit.get();
        let below = &mut unfit[usize::from(subjects)][g as usize];
        let found = self
            .mentions
            .get(*below..upto)
            .and_then(|recent| recent.iter().rev().find(|m| fits(m)))
            .map(|m| m.1);
        if found.is_none() {
            *below = upto.max(*below);
            self.unfit.set(unfit);
        }
        found
    }

    /// Whether a `he` or a `she` of the narration may mean `id`: anyone but the narrator.
    fn third_person(&self, id: usize) -> bool {
        !self.first_person.contains(&id)
    }

    /// Marks `id` as the narrator: someone a pronoun of the narration never means. (A person
    /// who fitted no pronoun still fits none, as `newest` counts on.)
    pub(super) fn narrates(&mut self, id: usize) {
        if !self.first_person.contains(&id) {
            self.first_person.push(id);
        }
    }

    /// Learns a gender from a pronoun that was resolved to `id`.
    pub(super) fn learn_gender(&mut self, id: usize, g: Gender) {
        if self.list[id].gender.is_none() {
            self.list[id].gender = Some(g);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_case_hyphens_dots_and_possessives_the_same_for_any_text() {
        let slow = |s: &str| {
            super::super::tokens::strip_possessive(s)
                .to_lowercase()
                .replace(['-', '.'], " ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        };
        for s in [
            "Kim Jong-Un",
            "NASA’s",
            "Dr. J.  Smith's",
            " U.S. ",
            "--",
            "",
            "Élysée-Palais",
        ] {
            assert_eq!(key(s), slow(s), "{s:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn keys_fold_case_hyphens_dots_spaces_and_possessives_of_any_words(
            words in proptest::collection::vec("[A-Za-z .'’\t-]{0,8}(s|'s|’s)?", 0..4)
        ) {
            let words: Vec<&str> = words.iter().map(String::as_str).collect();
            let slow = super::super::tokens::strip_possessive(&words.join(" "))
                .to_lowercase()
                .replace(['-', '.'], " ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            proptest::prop_assert_eq!(key_words(&words), slow);
        }

        #[test]
        fn a_name_s_words_have_the_key_of_the_name(
            words in proptest::collection::vec("[A-Za-zé][a-z.'’-]{0,6}(s|'s|’s)?", 1..4)
        ) {
            let words: Vec<&str> = words.iter().map(|w| super::super::tokens::strip_possessive(w)).collect();
            proptest::prop_assert_eq!(key_words(&words), key(&words.join(" ")));
        }
    }

    proptest::proptest! {
        #[test]
        fn a_misspelling_finds_the_nearest_newest_surname_of_them_all(
            surnames in proptest::collection::vec("[abcé]{4,9}", 1..12),
            asked in proptest::collection::vec("[abcé]{6,9}", 1..12),
        ) {
            let mut p = People::default();
            for s in &surnames {
                p.add(format!("Ann {s}"), None, false);
            }
            for w in &asked {
                if p.by_full.contains_key(w.as_str())
                    || p.alias.contains_key(w.as_str())
                    || p.first_names.contains_key(w.as_str())
                {
                    continue;
                }
                // Every surname compared, as the search did before it kept them by length.
                let mut best: Option<(usize, usize)> = None;
                for (a, &id) in &p.alias {
                    if let Some(d) = distance(w, a, 2)
                        && best.is_none_or(|(bd, bid)| d < bd || d == bd && id > bid)
                    {
                        best = Some((d, id));
                    }
                }
                proptest::prop_assert_eq!(p.find(w), best.map(|b| b.1), "{}", w);
            }
        }
    }

    #[test]
    fn a_surname_keeps_the_particles_before_it() {
        assert_eq!(surname_start(&["Henry", "van", "der", "Luyden"]), 1);
        assert_eq!(surname_start(&["van", "der", "Luyden"]), 0);
        assert_eq!(surname_start(&["Emma", "Woodhouse"]), 1);
        assert_eq!(surname_start(&["Mr.", "de", "Worms"]), 1);
        assert_eq!(key_surname("henry van der luyden"), "van der luyden");
        assert_eq!(key_surname("emma woodhouse"), "woodhouse");
        assert_eq!(key_surname("darcy"), "darcy");
    }

    #[test]
    fn she_is_the_woman_of_the_scene_though_others_of_unknown_gender_came_since() {
        let mut p = People::default();
        let nancy = p.add("Nancy".into(), Some(Gender::Female), false);
        p.mention(nancy, 0);
        // A scene's worth of mentions of people whose gender the text never says.
        let others: Vec<usize> = (0..100)
            .map(|i| p.add(format!("Someone{i} Else"), None, false))
            .collect();
        for (i, &id) in others.iter().enumerate() {
            p.mention(id, i + 1);
        }
        assert_eq!(p.antecedent(200, Some(Gender::Female)), Some(nancy));
    }

    #[test]
    fn a_role_is_held_by_the_one_introduced_with_it_only_while_the_text_speaks_of_them() {
        let mut p = People::default();
        let perovski = p.add("Perovski".into(), Some(Gender::Male), false);
        p.add_role("general", perovski);
        p.mention(perovski, 0);
        assert_eq!(p.by_role("general"), Some(perovski), "just mentioned");
        let others: Vec<usize> = (0..ROLE_WINDOW)
            .map(|i| p.add(format!("Someone{i} Else"), None, false))
            .collect();
        for (i, &id) in others.iter().enumerate() {
            p.mention(id, i + 1);
        }
        assert_eq!(
            p.by_role("general"),
            None,
            "long ago, and nobody else holds it"
        );
        let general = p.role_entity("the General");
        assert_eq!(p.by_role("general"), Some(general));
        p.mention(perovski, ROLE_WINDOW + 1);
        assert_eq!(
            p.by_role("general"),
            Some(perovski),
            "spoken of after the General"
        );
        p.mention(general, ROLE_WINDOW + 2);
        assert_eq!(p.by_role("general"), Some(general));
    }

    #[test]
    fn aliases_and_misspellings_find_the_person() {
        let mut p = People::default();
        let id = p.add("Lydia Buchtmann".into(), None, false);
        assert_eq!(p.find("Buchtmann"), Some(id));
        assert_eq!(p.find("Bauchtman"), Some(id));
        assert_eq!(
            p.find("Lydia"),
            None,
            "first names only for confirmed people"
        );
        p.confirm(id);
        assert_eq!(p.find("Lydia"), Some(id));
        assert_eq!(p.find("Smith"), None);
        let kim = p.add("Kim Jong Un".into(), None, false);
        assert_eq!(p.find("Kim Jong-Un"), Some(kim));
    }

    #[test]
    fn a_misspelling_asked_before_the_person_is_known_is_found_after() {
        let mut p = People::default();
        assert_eq!(p.find("Bauchtman"), None);
        let id = p.add("Lydia Buchtmann".into(), None, false);
        assert_eq!(p.find("Bauchtman"), Some(id));
    }

    proptest::proptest! {
        /// Mentions, genders learnt and pronouns asked about in any order: the remembered
        /// searches give what reading every mention back gives.
        #[test]
        fn pronouns_find_what_a_full_search_finds(
            steps in proptest::collection::vec((0u8..4, 0usize..6, 0u8..3, proptest::bool::ANY), 1..200)
        ) {
            let mut p = People::default();
            let genders = [None, Some(Gender::Male), Some(Gender::Female)];
            for i in 0..6 {
                p.add(format!("Person{i} Name{i}"), genders[i % 3], false);
            }
            let mut pos = 0;
            for (op, id, g, subject) in steps {
                let g = genders[usize::from(g)];
                match op {
                    0 => {
                        pos += 10;
                        p.mentions.push((pos, id, subject));
                    }
                    1 => {
                        if let Some(g) = g {
                            p.learn_gender(id, g);
                        }
                    }
                    _ => {
                        // Sometimes about a place before the newest mentions.
                        let at = if subject { pos + 1 } else { pos.saturating_sub(15) };
                        let fits = |m: &&(usize, usize, bool)| {
                            g.is_none() || p.list[m.1].gender.is_none() || p.list[m.1].gender == g
                        };
                        let recent: Vec<_> = p.mentions.iter().filter(|m| m.0 < at).collect();
                        // Lately, a subject known to be of that gender; else as before.
                        let known = g.and_then(|g| {
                            recent.iter().rev().take(KNOWN_WINDOW)
                                .find(|m| m.2 && p.list[m.1].gender == Some(g))
                        });
                        let want = known
                            .or_else(|| recent.iter().rev().find(|m| m.2 && fits(m)))
                            .or_else(|| recent.iter().rev().find(|m| fits(m)))
                            .map(|m| m.1);
                        proptest::prop_assert_eq!(p.antecedent(at, g), want);
                    }
                }
            }
        }
    }

    #[test]
    fn a_pronoun_finds_its_person_after_old_mentions_are_forgotten() {
        let mut p = People::default();
        let he = p.add("Bob Ray".into(), Some(Gender::Male), false);
        let she = p.add("Ann Lee".into(), Some(Gender::Female), false);
        for pos in 0..39_990 {
            p.mention(he, pos);
        }
        // Nobody fits `she` in all of those: remembered.
        assert_eq!(p.antecedent(40_000, Some(Gender::Female)), None);
        // Past 40,000 mentions the oldest 20,000 are forgotten.
        for pos in 39_990..40_010 {
            p.mention(he, pos);
        }
        assert!(p.mentions.len() < 40_000);
        p.mention(she, 40_010);
        assert_eq!(p.antecedent(40_011, Some(Gender::Female)), Some(she));
        assert_eq!(p.antecedent(40_011, Some(Gender::Male)), Some(he));
    }

    #[test]
    fn last_person_respects_position_and_gender() {
        let mut p = People::default();
        let a = p.add("Ann Lee".into(), Some(Gender::Female), false);
        let b = p.add("Bob Ray".into(), Some(Gender::Male), false);
        p.mention(a, 10);
        p.mention(b, 20);
        p.mentions.push((22, a, false));
        assert_eq!(
            p.antecedent(25, None),
            Some(b),
            "subjects before other mentions"
        );
        assert_eq!(p.last_person(25, None), Some(a));
        assert_eq!(p.last_person(25, Some(Gender::Male)), Some(b));
        assert_eq!(p.last_person(15, None), Some(a));
    }
}
