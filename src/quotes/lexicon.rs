//! The word lists the quote engine relies on: speech verbs, titles and role nouns, honorifics
//! and given names with their gender, words that mark an organisation or a place, demonyms,
//! and capitalised words that are never names. They are data, kept as plain text in
//! `assets/lexicon/` (each file says where its words come from), compiled in, and read into
//! one table the first time a word is looked up. Lower-case entries, general English: not
//! tuned to any document.

use std::collections::HashMap;
use std::sync::OnceLock;

type Table<V> = HashMap<&'static str, V, foldhash::fast::FixedState>;

/// Calls `f` with `word` in lower case, without allocating for short ASCII words (these checks
/// run for every word of every name).
pub(super) fn with_lower<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 32];
    if word.is_ascii() && word.len() <= buf.len() {
        let b = &mut buf[..word.len()];
        b.copy_from_slice(word.as_bytes());
        b.make_ascii_lowercase();
        // ASCII stays ASCII, so this is always valid UTF-8.
        return f(std::str::from_utf8(b).unwrap_or_default());
    }
    f(&word.to_lowercase())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Gender {
    Male,
    Female,
}

/// Bits of `classes`: the lists a lower-case word is in.
pub(super) mod class {
    pub(crate) const NOT_NAME: u16 = 1;
    pub(crate) const ROLE: u16 = 2;
    pub(crate) const ORG: u16 = 4;
    pub(crate) const PLACE: u16 = 8;
    pub(crate) const HONORIFIC: u16 = 16;
    /// With `HONORIFIC`: its gender.
    pub(crate) const MALE: u16 = 32;
    pub(crate) const FEMALE: u16 = 64;
    pub(crate) const DEMONYM: u16 = 128;
    /// A given name, and the gender it is mostly given to.
    pub(crate) const GIVEN_MALE: u16 = 256;
    pub(crate) const GIVEN_FEMALE: u16 = 512;
    pub(crate) const NAMING_CUE: u16 = 1024;
    /// A word that may start an adverbial phrase, so what follows is no tag's subject.
    pub(crate) const LEADING: u16 = 2048;
    /// A word that may stand between a subject and its verb (`also`, `had`).
    pub(crate) const ADVERB: u16 = 4096;
    /// A noun for a person by relation or kind (`wife`, `girl`), never a person of its own,
    /// and the gender it says, if any.
    pub(crate) const RELATION: u16 = 8192;
    pub(crate) const RELATION_MALE: u16 = 16384;
    pub(crate) const RELATION_FEMALE: u16 = 32768;
}

/// Bits of `verb`: how a word tags a quotation.
pub(super) mod verb {
    /// On its own, anywhere in the sentence (`said`).
    pub(crate) const SPEECH: u8 = 1;
    /// Only right after the quotation (`smiled`, `called`).
    pub(crate) const TAG: u8 = 2;
    /// Only followed by its particle (`put in`, `went on`).
    pub(crate) const PARTICLE: u8 = 4;
}

/// The lists, as one table from a lower-case word to its classes, and one to its verb bits.
struct Lexicon {
    classes: Table<u16>,
    class_filter: Filter,
    verbs: HashMap<String, u8, foldhash::fast::FixedState>,
    verb_filter: Filter,
    /// The particles a `PARTICLE` verb form needs.
    particles: HashMap<String, Vec<&'static str>, foldhash::fast::FixedState>,
    /// Relations that share the family name (`father`, `wife`): `kin` in the relations list.
    kin: Table<()>,
    /// Last words of place names (`Lodge`, `Street`).
    place_words: Table<()>,
}

/// The lines of a list: `#` comments and blank lines left out.
fn lines(list: &'static str) -> impl Iterator<Item = &'static str> {
    list.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Every form of a verb line: the forms listed, or those made from one regular verb.
fn verb_forms(line: &str) -> Vec<String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    if words.len() > 1 {
        return words.iter().map(|w| w.to_string()).collect();
    }
    let v = words[0];
    let consonant_y = v.ends_with('y')
        && v.len() > 1
        && !matches!(v.as_bytes()[v.len() - 2], b'a' | b'e' | b'i' | b'o' | b'u');
    let stem = &v[..v.len() - 1];
    let third = if consonant_y {
        format!("{stem}ies")
    } else if ["s", "sh", "ch", "x", "z", "o"]
        .iter()
        .any(|e| v.ends_with(e))
    {
        format!("{v}es")
    } else {
        format!("{v}s")
    };
    let past = if consonant_y {
        format!("{stem}ied")
    } else if v.ends_with('e') {
        format!("{v}d")
    } else {
        format!("{v}ed")
    };
    let ing = if let Some(root) = v.strip_suffix("ie") {
        format!("{root}ying")
    } else if v.ends_with('e') && !["ee", "ye", "oe"].iter().any(|e| v.ends_with(e)) {
        format!("{stem}ing")
    } else {
        format!("{v}ing")
    };
    vec![v.to_string(), third, past, ing]
}

/// The lists of plain words, one class each.
const WORD_LISTS: [(&str, u16); 8] = [
    (
        include_str!("../../assets/lexicon/not-names.txt"),
        class::NOT_NAME,
    ),
    (include_str!("../../assets/lexicon/roles.txt"), class::ROLE),
    (
        include_str!("../../assets/lexicon/org-words.txt"),
        class::ORG,
    ),
    (
        include_str!("../../assets/lexicon/place-prefixes.txt"),
        class::PLACE,
    ),
    (
        include_str!("../../assets/lexicon/demonyms.txt"),
        class::DEMONYM,
    ),
    (
        include_str!("../../assets/lexicon/naming-cues.txt"),
        class::NAMING_CUE,
    ),
    (
        include_str!("../../assets/lexicon/leading-adverbials.txt"),
        class::LEADING,
    ),
    (
        include_str!("../../assets/lexicon/adverbs.txt"),
        class::ADVERB,
    ),
];

/// A line of a list with genders, `word m|f|- [more]`: the word, `male` or `female` (or
/// nothing) for its gender, and the field after it.
fn gendered(
    line: &'static str,
    male: u16,
    female: u16,
) -> (&'static str, u16, Option<&'static str>) {
    let mut fields = line.split_whitespace();
    let word = fields.next().unwrap_or(line);
    let gender = match fields.next() {
        Some("m") => male,
        Some("f") => female,
        _ => 0,
    };
    (word, gender, fields.next())
}

fn lexicon() -> &'static Lexicon {
    static L: OnceLock<Lexicon> = OnceLock::new();
    L.get_or_init(|| {
        let mut classes: Table<u16> = Table::default();
        let mut add = |w: &'static str, bits: u16| *classes.entry(w).or_insert(0) |= bits;
        for (list, bits) in WORD_LISTS {
            for w in lines(list) {
                add(w, bits);
            }
        }
        for line in lines(include_str!("../../assets/lexicon/honorifics.txt")) {
            let (w, gender, _) = gendered(line, class::MALE, class::FEMALE);
            add(w, class::HONORIFIC | gender);
        }
        let mut kin = Table::default();
        for line in lines(include_str!("../../assets/lexicon/relations.txt")) {
            let (w, gender, more) = gendered(line, class::RELATION_MALE, class::RELATION_FEMALE);
            if more == Some("kin") {
                kin.insert(w, ());
            }
            add(w, class::RELATION | gender);
        }
        let mut place_words = Table::default();
        for w in lines(include_str!("../../assets/lexicon/place-words.txt")) {
            place_words.insert(w, ());
        }
        for line in lines(include_str!("../../assets/lexicon/given-names.txt")) {
            let (w, gender, _) = gendered(line, class::GIVEN_MALE, class::GIVEN_FEMALE);
            add(w, gender);
        }
        let mut verbs: HashMap<String, u8, foldhash::fast::FixedState> = HashMap::default();
        let mut particles: HashMap<String, Vec<&'static str>, foldhash::fast::FixedState> =
            HashMap::default();
        for (list, bits) in [
            (
                include_str!("../../assets/lexicon/speech-verbs.txt"),
                verb::SPEECH,
            ),
            (
                include_str!("../../assets/lexicon/tag-verbs.txt"),
                verb::TAG,
            ),
        ] {
            for line in lines(list) {
                for f in verb_forms(line) {
                    *verbs.entry(f).or_insert(0) |= bits;
                }
            }
        }
        for line in lines(include_str!(
            "../../assets/lexicon/speech-verbs-with-particle.txt"
        )) {
            let (forms, particle) = line.split_once('|').unwrap_or((line, ""));
            for f in forms.split_whitespace() {
                *verbs.entry(f.to_string()).or_insert(0) |= verb::PARTICLE;
                particles
                    .entry(f.to_string())
                    .or_default()
                    .push(particle.trim());
            }
        }
        let class_filter = Filter::of(classes.keys().copied());
        let verb_filter = Filter::of(verbs.keys().map(String::as_str));
        Lexicon {
            classes,
            class_filter,
            verbs,
            verb_filter,
            kin,
            place_words,
            particles,
        }
    })
}

/// A 4,096-bit filter on a word's length and outer letters: most words looked up are in no
/// list, and the filter answers them before anything is hashed.
struct Filter([u64; 64]);

impl Filter {
    fn of<'a>(words: impl Iterator<Item = &'a str>) -> Filter {
        let mut f = [0; 64];
        for w in words {
            let b = filter_bit(w.as_bytes());
            f[b / 64] |= 1 << (b % 64);
        }
        Filter(f)
    }

    fn passes(&self, w: &str) -> bool {
        let b = filter_bit(w.as_bytes());
        self.0[b / 64] & (1 << (b % 64)) != 0
    }
}

/// A bit of a filter, from the length and the first two and last bytes.
fn filter_bit(b: &[u8]) -> usize {
    let (first, second, last) = match b {
        [] => (0, 0, 0),
        [x] => (*x, 0, *x),
        [x, y, ..] => (*x, *y, b[b.len() - 1]),
    };
    let key = (b.len() as u32) << 24 | (first as u32) << 16 | (second as u32) << 8 | last as u32;
    (key.wrapping_mul(0x9E37_79B1) >> 20) as usize
}

/// Every list a lower-case word is in, from one look-up: a name run asks each of its words
/// whether it is no name, a role, an honorific, an organisation word or a place's first word.
pub(super) fn classes(w: &str) -> u16 {
    let l = lexicon();
    if !l.class_filter.passes(w) {
        return 0;
    }
    l.classes.get(w).copied().unwrap_or(0)
}

/// How a lower-case word tags a quotation (`verb` bits; 0 for most words).
pub(super) fn verb(w: &str) -> u8 {
    let l = lexicon();
    if !l.verb_filter.passes(w) {
        return 0;
    }
    l.verbs.get(w).copied().unwrap_or(0)
}

/// Whether `particle` completes the particle verb `w` (`put` `in`).
pub(super) fn has_particle(w: &str, particle: &str) -> bool {
    lexicon()
        .particles
        .get(w)
        .is_some_and(|ps| ps.contains(&particle))
}

/// The particles written in lower case inside a name, before a surname or the rest of a
/// surname (`Ludwig van Beethoven`, `Mr. van der Luyden`, `Osama bin Laden`): a surname
/// starts at the first of them.
pub(super) fn is_name_particle(word: &str) -> bool {
    matches!(
        word,
        "van"
            | "von"
            | "de"
            | "da"
            | "del"
            | "della"
            | "der"
            | "den"
            | "di"
            | "du"
            | "des"
            | "la"
            | "le"
            | "bin"
            | "al"
    )
}

/// Honorifics: before a surname they mark a person, and some give a gender. `word` is in lower
/// case (a token's `lower`), with or without its dot.
pub(super) fn honorific_gender(word: &str) -> Option<Option<Gender>> {
    honorific(classes(word.trim_end_matches('.')))
}

/// `honorific_gender` from a word's `classes`.
pub(super) fn honorific(classes: u16) -> Option<Option<Gender>> {
    if classes & class::HONORIFIC == 0 {
        None
    } else if classes & class::MALE != 0 {
        Some(Some(Gender::Male))
    } else if classes & class::FEMALE != 0 {
        Some(Some(Gender::Female))
    } else {
        Some(None)
    }
}

/// The gender a given name is mostly given to, from its `classes`.
pub(super) fn given_gender(classes: u16) -> Option<Gender> {
    if classes & class::GIVEN_MALE != 0 {
        Some(Gender::Male)
    } else if classes & class::GIVEN_FEMALE != 0 {
        Some(Gender::Female)
    } else {
        None
    }
}

/// For a noun of relation or kind (`wife`, `the old man`), the gender it says, if any;
/// `None` for other words.
pub(super) fn relation_gender(w: &str) -> Option<Option<Gender>> {
    let c = classes(w);
    if c & class::RELATION == 0 {
        None
    } else if c & class::RELATION_MALE != 0 {
        Some(Some(Gender::Male))
    } else if c & class::RELATION_FEMALE != 0 {
        Some(Some(Gender::Female))
    } else {
        Some(None)
    }
}

/// A relation within a family that shares its name (`father`, `wife`, not `cousin`).
pub(super) fn is_kin(w: &str) -> bool {
    lexicon().kin.contains_key(w)
}

/// A word that ends a place's name (`Lodge` in `Lucas Lodge`); `w` is in lower case.
pub(super) fn is_place_word(w: &str) -> bool {
    lexicon().place_words.contains_key(w)
}

pub(super) fn is_role(w: &str) -> bool {
    classes(w.trim_end_matches('.')) & class::ROLE != 0
}

/// A role noun that makes a person of its own when definite (`the valet`), not a relation
/// (`the wife`).
pub(super) fn is_own_role(w: &str) -> bool {
    let c = classes(w.trim_end_matches('.'));
    c & class::ROLE != 0 && c & class::RELATION == 0
}

pub(super) fn is_naming_cue(w: &str) -> bool {
    classes(w) & class::NAMING_CUE != 0
}

/// Adjectives of nationality or place (`Russian`, `Philippine`, `Japanese`), which stand before
/// titles, not as part of a name. `l` is in lower case.
pub(super) fn is_demonym(l: &str) -> bool {
    classes(l) & class::DEMONYM != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_word_is_found_in_its_classes() {
        for (list, bit) in WORD_LISTS {
            for w in lines(list) {
                assert!(classes(w) & bit != 0, "{w}");
            }
        }
        assert_eq!(honorific_gender("mrs."), Some(Some(Gender::Female)));
        assert_eq!(honorific_gender("mr"), Some(Some(Gender::Male)));
        assert_eq!(honorific_gender("dr"), Some(None));
        assert_eq!(honorific_gender("smith"), None);
        assert_eq!(given_gender(classes("elizabeth")), Some(Gender::Female));
        assert_eq!(given_gender(classes("george")), Some(Gender::Male));
        assert_eq!(classes("smithers"), 0);
    }

    #[test]
    fn verbs_come_in_all_their_forms() {
        for w in [
            "say",
            "says",
            "said",
            "saying",
            "asks",
            "asked",
            "replied",
            "replies",
            "inquired",
            "interrupted",
            "resumed",
            "echoed",
            "mused",
            "telling",
            "written",
            "thought",
            "quipped",
            "cried",
            "testified",
        ] {
            assert!(verb(w) & verb::SPEECH != 0, "{w}");
        }
        assert_eq!(
            verb_forms("argue"),
            ["argue", "argues", "argued", "arguing"]
        );
        assert_eq!(verb_forms("reply")[1..], ["replies", "replied", "replying"]);
        assert_eq!(verb_forms("stress")[1], "stresses");
        assert!(verb("smiled") & verb::TAG != 0 && verb("smiled") & verb::SPEECH == 0);
        assert!(verb("put") & verb::PARTICLE != 0 && has_particle("put", "in"));
        assert!(!has_particle("put", "out"));
        for w in ["the", "and", "government", "sad", "Said", ""] {
            assert_eq!(verb(w), 0, "{w}");
        }
    }
}
