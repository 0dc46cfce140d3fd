//! Word lists the attribution rules rely on: speech verbs, titles and roles, words that mark an
//! organisation or a place, and capitalised words that are not names. Lower-case entries; the
//! lists are general English, not tuned to any document.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a: the word lists are looked up for every token of a document, and std's SipHash
/// (made to resist chosen keys, which these fixed lists need not) cost more than the lookup.
#[derive(Default)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

pub(super) type WordSet = HashSet<&'static str, BuildHasherDefault<Fnv>>;

/// Calls `f` with `word` in lower case, without allocating for short ASCII words (these checks
/// run for every word of every name).
pub fn with_lower<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
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
use std::sync::OnceLock;

/// Verbs (and verb forms) that introduce or tag speech.
#[rustfmt::skip]
pub const SPEECH_VERBS: &[&str] = &[
    "said", "says", "say", "saying", "told", "tells", "tell", "added", "adds", "add", "noted", "notes",
    "warned", "warns", "asked", "asks", "replied", "replies", "explained", "explains", "stated", "states",
    "wrote", "writes", "tweeted", "tweets", "posted", "continued", "continues", "insisted", "insists",
    "argued", "argues", "claimed", "claims", "declared", "declares", "announced", "announces", "remarked",
    "remarks", "observed", "observes", "recalled", "recalls", "acknowledged", "acknowledges", "admitted",
    "admits", "agreed", "agrees", "commented", "comments", "concluded", "concludes", "confirmed", "confirms",
    "cried", "cries", "exclaimed", "exclaims", "shouted", "shouts", "whispered", "whispers", "muttered",
    "mutters", "murmured", "murmurs", "answered", "answers", "responded", "responds", "urged", "urges",
    "suggested", "suggests", "predicted", "predicts", "emphasized", "emphasised", "emphasizes", "emphasises",
    "stressed", "stresses", "described", "describes", "reported", "reports", "quoted", "interjected", "joked",
    "jokes", "laughed", "sighed", "shared", "shares", "reflected", "reflects", "recounted", "recounts",
    "mentioned", "mentions", "demanded", "demands", "pleaded", "promised", "promises", "boasted",
    "complained", "complains", "conceded", "concedes", "contended", "countered", "disclosed", "maintained",
    "maintains", "objected", "proclaimed", "protested", "quipped", "reiterated", "reiterates", "repeated",
    "retorted", "revealed", "reveals", "snapped", "speculated", "vowed", "vows", "wondered", "returned",
    "began", "went", "called", "calls", "call", "affirmed", "assured", "cautioned", "elaborated", "estimated",
    "expressed", "highlighted", "indicated", "offered", "opined", "pointed", "recommended", "screamed",
    "spoke", "testified", "thundered", "yelled", "gasped", "groaned", "growled", "hissed", "sobbed",
    "stammered", "stuttered", "breathed", "blurted", "continued", "concluded", "persisted", "ventured",
    "wrote",
];

/// Words that introduce a name rather than a quotation (`the so-called “peace plan”`).
#[rustfmt::skip]
pub const NAMING_CUES: &[&str] = &[
    "so-called", "dubbed", "titled", "entitled", "named", "nicknamed", "termed", "branded", "labelled",
    "labeled", "rated", "classified", "marked", "graded",
];

/// Titles and roles that may stand before a name or be used instead of it (`the ambassador`).
#[rustfmt::skip]
pub const ROLES: &[&str] = &[
    "ambassador", "undersecretary", "secretary", "minister", "president", "vice", "prime", "premier",
    "chancellor", "professor", "prof", "dr", "doctor", "mr", "mrs", "ms", "miss", "mx", "sir", "dame", "lady",
    "lord", "col", "colonel", "gen", "general", "lt", "lieutenant", "capt", "captain", "sgt", "sergeant",
    "maj", "major", "admiral", "commander", "senator", "sen", "rep", "representative", "congressman",
    "congresswoman", "governor", "gov", "mayor", "director", "chairman", "chairwoman", "chair", "chief",
    "officer", "spokesman", "spokeswoman", "spokesperson", "administrator", "deputy", "senior", "king",
    "queen", "prince", "princess", "pope", "judge", "justice", "commissioner", "manager", "engineer",
    "scientist", "researcher", "astronaut", "pilot", "coach", "head", "leader", "attaché", "attache", "envoy",
    "diplomat", "analyst", "expert", "economist", "official", "chef", "editor", "reporter", "correspondent",
    "author", "writer", "lawyer", "attorney", "detective", "inspector", "superintendent", "constable",
    "nurse", "physician", "surgeon", "teacher", "principal", "dean", "rector", "bishop", "archbishop",
    "cardinal", "father", "rev", "reverend", "rabbi", "imam", "sheikh", "emir", "sultan", "ceo", "cfo", "cto",
    "founder", "co-founder", "executive", "producer", "student", "academic", "candidate", "lead", "program",
    "project", "mission", "principal", "investigator", "associate", "assistant", "acting", "former", "late",
    "defense", "defence", "foreign", "interior", "finance", "health", "state", "undersecretary",
    "representative", "activist", "actor", "actress", "singer", "player", "striker", "midfielder",
    "goalkeeper", "manager", "owner", "resident", "witness", "victim", "historian", "mother", "wife",
    "husband", "son", "daughter",
];

/// Honorifics: before a surname they mark a person, and some give a gender. `word` is in lower
/// case (a token's `lower`), with or without its dot.
pub fn honorific_gender(word: &str) -> Option<Option<Gender>> {
    honorific(classes(word.trim_end_matches('.')))
}

/// Honorifics that give a gender, and those that give none.
const MALE_HONORIFICS: &[&str] = &["mr", "sir", "lord", "king", "prince", "father"];
const FEMALE_HONORIFICS: &[&str] = &["mrs", "ms", "miss", "dame", "lady", "queen", "princess"];
const OTHER_HONORIFICS: &[&str] = &["dr", "prof", "professor", "mx"];

/// `honorific_gender` from a word's `classes`.
pub fn honorific(classes: u8) -> Option<Option<Gender>> {
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

/// Bits of `classes`: the lists a lower-case word is in.
pub mod class {
    pub const NOT_NAME: u8 = 1;
    pub const ROLE: u8 = 2;
    pub const ORG: u8 = 4;
    pub const PLACE: u8 = 8;
    pub const HONORIFIC: u8 = 16;
    pub const MALE: u8 = 32;
    pub const FEMALE: u8 = 64;
}

/// The lists `classes` answers for, with the bits each gives.
const CLASS_LISTS: [(&[&str], u8); 7] = [
    (NOT_NAMES, class::NOT_NAME),
    (ROLES, class::ROLE),
    (ORG_WORDS, class::ORG),
    (PLACE_PREFIXES, class::PLACE),
    (MALE_HONORIFICS, class::HONORIFIC | class::MALE),
    (FEMALE_HONORIFICS, class::HONORIFIC | class::FEMALE),
    (OTHER_HONORIFICS, class::HONORIFIC),
];

/// Every list a lower-case word is in, from one look-up: a name run asks each of its words
/// whether it is no name, a role, an honorific, an organisation word or a place's first word.
pub fn classes(w: &str) -> u8 {
    // Most capitalised words are names, in none of the lists: the filter answers them.
    const FILTER: [u64; 64] = {
        let mut lists: [&[&str]; CLASS_LISTS.len()] = [&[]; CLASS_LISTS.len()];
        let mut i = 0;
        while i < lists.len() {
            lists[i] = CLASS_LISTS[i].0;
            i += 1;
        }
        filter(&lists)
    };
    if !passes(&FILTER, w) {
        return 0;
    }
    static M: OnceLock<std::collections::HashMap<&str, u8, BuildHasherDefault<Fnv>>> =
        OnceLock::new();
    let m = M.get_or_init(|| {
        let mut m = std::collections::HashMap::default();
        for (list, bits) in CLASS_LISTS {
            for &w in list {
                *m.entry(w).or_insert(0) |= bits;
            }
        }
        m
    });
    m.get(w).copied().unwrap_or(0)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gender {
    Male,
    Female,
}

/// Words that make a capitalised run an organisation, a publication or a place.
#[rustfmt::skip]
pub const ORG_WORDS: &[&str] = &[
    "times", "news", "post", "herald", "journal", "press", "tribune", "guardian", "telegraph", "gazette",
    "world", "daily", "weekly", "magazine", "review", "radio", "television", "tv", "network", "broadcasting",
    "agency", "ministry", "department", "office", "bureau", "university", "college", "school", "institute",
    "institution", "center", "centre", "council", "committee", "commission", "association", "society",
    "foundation", "union", "party", "congress", "senate", "parliament", "government", "administration",
    "court", "corporation", "corp", "company", "co", "inc", "ltd", "llc", "plc", "group", "bank", "fund",
    "trust", "organisation", "organization", "force", "forces", "army", "navy", "police", "service",
    "services", "authority", "board", "club", "team", "league", "federation", "cup", "house", "hall", "park",
    "street", "road", "avenue", "airport", "station", "laboratory", "lab", "program", "programme", "project",
    "mission", "system", "systems", "hospital", "church", "museum", "library", "city", "county", "state",
    "states", "republic", "kingdom", "island", "islands", "river", "lake", "mountain", "mountains", "sea",
    "ocean", "bay", "valley", "region", "province", "district", "nations", "standards", "research",
    "sciences", "technologies", "technology", "industries", "airlines", "motors", "studios", "records",
    "labs", "facility", "complex", "base", "flight", "space", "aeronautics", "observatory", "telescope",
];

/// First words of place names that look like personal names (`New Zealand`, `South Korea`).
#[rustfmt::skip]
pub const PLACE_PREFIXES: &[&str] = &[
    "new", "north", "south", "east", "west", "united", "saint", "st", "san", "santa", "los", "las", "el",
    "great", "upper", "lower", "central", "northern", "southern", "eastern", "western", "fort", "port",
    "mount", "lake", "cape",
];

/// Capitalised words that are not names: sentence openers, pronouns, days, months.
#[rustfmt::skip]
pub const NOT_NAMES: &[&str] = &[
    "the", "a", "an", "in", "on", "at", "but", "and", "or", "if", "when", "while", "during", "after",
    "before", "recently", "it", "its", "this", "that", "these", "those", "he", "she", "they", "we", "i",
    "you", "his", "her", "their", "our", "my", "your", "there", "here", "as", "for", "from", "with", "by",
    "of", "to", "today", "yesterday", "tomorrow", "meanwhile", "however", "also", "so", "then", "now",
    "still", "yet", "although", "because", "since", "among", "according", "what", "who", "why", "how",
    "where", "which", "not", "no", "yes", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "mr", "mrs", "ms", "dr", "do", "does", "did", "is", "are", "was",
    "were", "be", "been", "all", "some", "many", "most", "one", "two", "three", "every", "each", "both",
    "either", "neither", "once", "later", "earlier", "even", "just", "only", "oh", "well", "please", "thank",
    "thanks", "let", "said", "says", "asked", "added", "chapter", "part", "book", "volume", "section",
    "photo", "image", "credit", "credits", "caption", "more", "read", "see", "update", "editor", "note",
    "notes", "source", "sources", "title", "date", "author", "another", "other", "such", "any",
];

/// A set over a word list, built once: lookups run for every token of a document.
pub(super) fn set(
    cell: &'static OnceLock<WordSet>,
    words: &'static [&'static str],
) -> &'static WordSet {
    cell.get_or_init(|| words.iter().copied().collect())
}

/// Asked of every word of a document, and nearly always no: a 4,096-bit filter on the word's
/// length and outer letters, built at compile time, answers most of them before the set is
/// hashed.
pub fn is_speech_verb(w: &str) -> bool {
    static S: OnceLock<WordSet> = OnceLock::new();
    const FILTER: [u64; 64] = filter(&[SPEECH_VERBS]);
    passes(&FILTER, w) && set(&S, SPEECH_VERBS).contains(w)
}

/// The filter bits of every word of `lists`.
pub(super) const fn filter(lists: &[&[&str]]) -> [u64; 64] {
    let mut f = [0; 64];
    let mut l = 0;
    while l < lists.len() {
        let mut i = 0;
        while i < lists[l].len() {
            let b = filter_bit(lists[l][i].as_bytes());
            f[b / 64] |= 1 << (b % 64);
            i += 1;
        }
        l += 1;
    }
    f
}

/// False when `w` is certainly none of the words `filter` was made of.
pub(super) fn passes(filter: &[u64; 64], w: &str) -> bool {
    let b = filter_bit(w.as_bytes());
    filter[b / 64] & (1 << (b % 64)) != 0
}

/// A bit of the speech-verb filter, from the length and the first two and last bytes.
const fn filter_bit(b: &[u8]) -> usize {
    let (first, second, last) = match b {
        [] => (0, 0, 0),
        [x] => (*x, 0, *x),
        [x, y, ..] => (*x, *y, b[b.len() - 1]),
    };
    let key = (b.len() as u32) << 24 | (first as u32) << 16 | (second as u32) << 8 | last as u32;
    (key.wrapping_mul(0x9E37_79B1) >> 20) as usize
}

pub fn is_role(w: &str) -> bool {
    classes(w.trim_end_matches('.')) & class::ROLE != 0
}

pub fn is_not_name(w: &str) -> bool {
    classes(w) & class::NOT_NAME != 0
}

/// Adjectives of nationality or place (`Russian`, `Philippine`, `Japanese`), which stand before
/// titles, not as part of a name. `l` is in lower case.
pub fn is_demonym(l: &str) -> bool {
    l.len() > 4
        && (l.ends_with("ian")
            || l.ends_with("ese")
            || l.ends_with("ish")
            || l.ends_with("can")
            || l.ends_with("ean"))
        || matches!(
            l,
            "philippine"
                | "philippines"
                | "thai"
                | "greek"
                | "french"
                | "dutch"
                | "swiss"
                | "iraqi"
                | "israeli"
                | "pakistani"
                | "saudi"
                | "kuwaiti"
                | "yemeni"
                | "qatari"
                | "afghan"
                | "german"
                | "irish"
                | "scottish"
                | "welsh"
                | "u.s."
                | "us"
                | "uk"
                | "u.k."
                | "eu"
                | "un"
                | "u.n."
                | "federal"
                | "national"
                | "royal"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_s_classes_are_the_lists_it_is_in() {
        let lists = [
            (NOT_NAMES, class::NOT_NAME),
            (ROLES, class::ROLE),
            (ORG_WORDS, class::ORG),
            (PLACE_PREFIXES, class::PLACE),
        ];
        let all = lists.iter().flat_map(|l| l.0.iter());
        let honorifics = [MALE_HONORIFICS, FEMALE_HONORIFICS, OTHER_HONORIFICS];
        for w in all
            .chain(honorifics.iter().flat_map(|l| l.iter()))
            .chain(&["smith", "", "the.", "mr."])
        {
            for (list, bit) in lists {
                assert_eq!(classes(w) & bit != 0, list.contains(w), "{w}");
            }
            let gender = if MALE_HONORIFICS.contains(w) {
                Some(Some(Gender::Male))
            } else if FEMALE_HONORIFICS.contains(w) {
                Some(Some(Gender::Female))
            } else {
                OTHER_HONORIFICS.contains(w).then_some(None)
            };
            assert_eq!(honorific(classes(w)), gender, "{w}");
        }
        assert_eq!(honorific_gender("mrs."), Some(Some(Gender::Female)));
        assert_eq!(honorific_gender("dr"), Some(None));
        assert_eq!(honorific_gender("smith"), None);
    }

    #[test]
    fn the_speech_verb_filter_lets_every_verb_through_and_not_other_words() {
        for v in SPEECH_VERBS {
            assert!(is_speech_verb(v), "{v}");
        }
        for w in [
            "the",
            "and",
            "of",
            "",
            "s",
            "sad",
            "tolled",
            "Said",
            "government",
        ] {
            assert!(!is_speech_verb(w), "{w}");
        }
    }
}
