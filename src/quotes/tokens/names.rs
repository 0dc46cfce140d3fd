//! The capitalised runs among a paragraph's tokens that may be names: people (titles, roles
//! and demonyms stripped from the front), organisations and places.

use super::{Tok, strip_possessive};
use crate::quotes::lexicon;

/// A run of capitalised words that may name someone, with what stood before it. Its words are
/// borrowed from the tokens (a run is made for every capitalised word, many times over).
#[derive(Clone, Debug)]
pub(crate) struct NameRun<'t> {
    /// Token index where the capitalised run began, titles included.
    pub start: usize,
    /// Token indices of the name proper.
    pub first: usize,
    pub last: usize,
    /// The words of the name proper (titles, roles and demonyms stripped from the front).
    pub name: Vec<&'t str>,
    /// Role words stripped from the front, lower case (`ambassador`).
    pub roles: Vec<&'t str>,
    /// A gender given by an honorific (`Mr`, `Ms`), else by a given name (`Emma Woodhouse`).
    pub gender: Option<lexicon::Gender>,
    /// The honorific right before the name, as written (`Mrs.`), which tells family members
    /// apart: `Mr. Bennet` and `Mrs. Bennet` are two people.
    pub honorific: Option<&'t str>,
    pub kind: RunKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RunKind {
    /// Two or more name words, or a title before a name: a person.
    Person,
    /// A single name word with no title: a person's surname, or something else.
    Single,
    /// An organisation, publication or place.
    Org,
}

/// Finds capitalised runs among `toks[from..to]`.
pub(crate) fn name_runs<'t>(
    toks: &'t [Tok],
    from: usize,
    to: usize,
) -> impl Iterator<Item = NameRun<'t>> {
    // Made as they are asked for: most callers read each run once, and a list for every call
    // was one allocation per sentence.
    let mut i = from;
    let mut second = None; // the run after a connecting word, given next
    std::iter::from_fn(move || {
        if let Some(run) = second.take() {
            return Some(run);
        }
        next_run(toks, &mut i, to, &mut second)
    })
}

/// The next run from token `*i` (moved past it) before `to`; a second run found with it (after
/// a connecting word) goes in `second`.
fn next_run<'t>(
    toks: &'t [Tok],
    i: &mut usize,
    to: usize,
    second: &mut Option<NameRun<'t>>,
) -> Option<NameRun<'t>> {
    while *i < to {
        let i0 = *i;
        if !toks[i0].is_capitalised() || !toks[i0].is_word() {
            *i += 1;
            continue;
        }
        // "Allegedly," "Finally," — a capitalised adverb opening a sentence is not a name.
        if toks[i0].lower.ends_with("ly") && toks.get(i0 + 1).is_some_and(|t| t.is(",")) {
            *i += 1;
            continue;
        }
        let mut j = i0 + 1;
        // Particles inside names: "Ludwig van Beethoven", "Mr. van der Luyden", "Food
        // Standards of X". Lower-case particles may follow one another before the capital.
        while j < to {
            let particles = (j..to)
                .take_while(|&p| lexicon::is_name_particle(toks[p].text))
                .count();
            let connector = particles == 0 && matches!(&*toks[j].lower, "of" | "for" | "and");
            let next = j + particles.max(usize::from(connector));
            let joins = if next == j {
                toks[j].is_capitalised() && toks[j].is_word()
            } else {
                next < to && toks[next].is_capitalised() && toks[next].is_word()
            };
            // A possessive ends a name: "NASA’s Janet Petro" is NASA's + Janet Petro.
            if !joins
                || toks[j - 1].lower.ends_with("'s")
                || toks[j - 1].lower.ends_with("’s")
                || toks[j - 1].text.ends_with('\'')
            {
                break;
            }
            j = next + 1;
        }
        // "Lydia Buchtmann for Food Standards Australia", "Linette Boisvert of NASA Goddard":
        // a person's name before a connecting word stands on its own.
        let connector = (i0 + 1..j).find(|&k| matches!(&*toks[k].lower, "of" | "for" | "and"));
        *i = j;
        if let Some(c) = connector
            && let Some(person) = make_run(toks, i0, c - 1).filter(|r| r.kind == RunKind::Person)
        {
            *second = make_run(toks, c + 1, j - 1);
            return Some(person);
        } else if let Some(run) = make_run(toks, i0, j - 1) {
            return Some(run);
        }
    }
    None
}

/// A word before which a month is a date (`in May`, `of June`, `last April`, `5 August`).
fn is_date_word(w: &str) -> bool {
    w.starts_with(|c: char| c.is_ascii_digit())
        || matches!(
            w,
            "in" | "of"
                | "by"
                | "until"
                | "till"
                | "since"
                | "last"
                | "next"
                | "early"
                | "late"
                | "mid"
                | "during"
                | "through"
                | "from"
                | "to"
                | "this"
                | "that"
                | "each"
                | "every"
                | "before"
                | "after"
                | "on"
                | "between"
        )
}

fn make_run<'t>(toks: &'t [Tok], first: usize, last: usize) -> Option<NameRun<'t>> {
    use lexicon::{class, honorific};
    let words = &toks[first..=last];
    let not_name = |w: &Tok| w.classes() & class::NOT_NAME != 0;
    let no_honorific = |w: &Tok| honorific(w.classes_undotted()).is_none();
    // `May Welland`, `May turned back`: a month that is a given name names someone, but for
    // a date (`in May`, `May 5`) or the verb (`May I ask?`).
    let given_month = |i: usize| {
        let w = &toks[i];
        matches!(&*w.lower, "may" | "june" | "april" | "august")
            && !i
                .checked_sub(1)
                .is_some_and(|b| is_date_word(&toks[b].lower))
            && !toks.get(i + 1).is_some_and(|n| {
                n.text.starts_with(|c: char| c.is_ascii_digit())
                    || matches!(
                        &*n.lower,
                        "i" | "we" | "you" | "he" | "she" | "they" | "it" | "not"
                    )
            })
    };
    // Most runs are one capitalised word opening a sentence ("The", "But"): not a name.
    if words.len() == 1 && not_name(&words[0]) && no_honorific(&words[0]) && !given_month(first) {
        return None;
    }
    let mut k = 0;
    let mut roles = Vec::new();
    let mut gender = None;
    let mut honorific_word = None;
    let mut titled = false;
    // Sentence openers and pronouns are not part of a name.
    while k < words.len()
        && not_name(&words[k])
        && no_honorific(&words[k])
        && !given_month(first + k)
    {
        k += 1;
    }
    let is_org_word = |w: &Tok| {
        let bare = strip_possessive(&w.lower);
        let c = if bare.len() == w.lower.len() {
            w.classes()
        } else {
            lexicon::classes(bare)
        };
        c & class::ORG != 0 || w.lower == "of" || w.lower == "for" || w.lower == "and"
    };
    let any_org = words[k..].iter().any(|w| {
        let bare = strip_possessive(&w.lower);
        let c = if bare.len() == w.lower.len() {
            w.classes()
        } else {
            lexicon::classes(bare)
        };
        c & class::ORG != 0
    }) || words[k..]
        .iter()
        .any(|w| w.lower == "of" || w.lower == "for" || w.lower == "and");
    // Strip titles, roles and demonyms up to the last of them: "Philippines Defense
    // Undersecretary Raymundo Elefante" → roles [defense, undersecretary], name "Raymundo Elefante".
    let last_role = (k..words.len()).rev().find(|&m| {
        words[m].classes_undotted() & (class::ROLE | class::HONORIFIC) != 0 && m + 1 < words.len()
    });
    // Titles after an organisation's name still stand before a person's (`Senate Majority
    // Leader Mitch McConnell`, `White House Press Secretary Josh Earnest`): what follows the
    // last title is the name, if it is no organisation's itself.
    let last_role = last_role.filter(|&r| !any_org || !words[r + 1..].iter().any(is_org_word));
    let any_org = any_org && last_role.is_none();
    if let Some(r) = last_role {
        for w in &words[k..=r] {
            let c = w.classes_undotted();
            if let Some(g) = honorific(c) {
                gender = gender.or(g);
                titled = true;
                honorific_word = Some(w.text);
            } else {
                honorific_word = None;
            }
            if c & class::ROLE != 0 {
                roles.push(w.lower.trim_end_matches('.'));
                titled = true;
            }
        }
        k = r + 1;
    }
    // A demonym before a person's name or title goes (`Russian Igor Khovaev`); one in an
    // organisation's name stays (`Korean Central News Agency`).
    while !any_org && k < words.len() && lexicon::is_demonym(&words[k].lower) && k + 1 < words.len()
    {
        k += 1;
    }
    let name: Vec<&str> = words[k..]
        .iter()
        .map(|w| strip_possessive(w.text))
        .collect();
    // A name word's classes. In ASCII its lower case is the start of its token's (all of it,
    // unless a possessive was stripped), so most need no look-up of their own.
    let name_classes = |i: usize| {
        let (w, n) = (&words[k + i], name[i]);
        if !w.text.is_ascii() || w.lower.len() != w.text.len() {
            lexicon::with_lower(n, lexicon::classes)
        } else if n.len() == w.text.len() {
            w.classes()
        } else {
            lexicon::classes(&w.lower[..n.len()])
        }
    };
    if name.is_empty() {
        return None;
    }
    // A title alone (`Mr.`, `the Colonel`) names nobody by itself; after a title it is a
    // surname (`Mr. King`, `Ms. Major`).
    if !titled
        && words[k..]
            .iter()
            .all(|w| w.classes_undotted() & (class::ROLE | class::HONORIFIC) != 0)
    {
        return None;
    }
    // A heading in capitals (`TO LONDON TO INJURE HIS REPUTATION`, `WHO WAS THURSDAY A
    // NIGHTMARE`) is no name, nor are initials alone (`G. K. C.` signing a dedication).
    let upper = |w: &&str| !w.chars().any(char::is_lowercase);
    if name.len() >= 2
        && name.iter().all(upper)
        && name
            .iter()
            .any(|w| lexicon::with_lower(w, |l| lexicon::classes(l) & class::NOT_NAME != 0))
    {
        return None;
    }
    if name.len() >= 2
        && name
            .iter()
            .all(|w| w.trim_end_matches('.').chars().count() == 1)
    {
        return None;
    }
    // The first word's classes are asked twice: looked up once.
    let first_classes = name_classes(0);
    if first_classes & class::NOT_NAME != 0
        && (1..name.len()).all(|i| name_classes(i) & class::NOT_NAME != 0)
        && !given_month(first + k)
    {
        return None;
    }
    // `New Zealand`; `Lucas Lodge`, `Wickham Place` (not `Mr. Lodge`).
    let place = first_classes & class::PLACE != 0
        || !titled
            && name.len() >= 2
            && name
                .last()
                .is_some_and(|w| lexicon::with_lower(w, lexicon::is_place_word));
    // A given name says whose it is, when no honorific did.
    if gender.is_none() {
        gender = lexicon::given_gender(first_classes);
    }
    // An acronym (NASA, BBC, CM4) marks an organisation or a product, never part of a person's
    // name; initials like "J." are not acronyms.
    let all_caps = name.iter().any(|w| is_acronym(w));
    let kind = if any_org || place || all_caps {
        RunKind::Org
    } else if name.len() >= 2 || titled {
        RunKind::Person
    } else {
        RunKind::Single
    };
    Some(NameRun {
        start: first,
        first: first + k.min(words.len() - 1),
        last,
        name,
        roles,
        gender,
        honorific: honorific_word.filter(|_| r_is_last_before_name(words, k)),
        kind,
    })
}

/// Whether the word right before the name proper (`words[k - 1]`) is an honorific, so the
/// honorific last seen among the titles stands right before the name (`Mrs. Bennet`, not
/// `Mrs. Secretary Bennet`).
fn r_is_last_before_name(words: &[Tok], k: usize) -> bool {
    k > 0 && lexicon::honorific(words[k - 1].classes_undotted()).is_some()
}

/// Two or more letters, all capitals, and no dot (`NASA`, `CM4`; not `J.`, `U.S.` or `Nasa`).
fn is_acronym(w: &str) -> bool {
    if w.contains('.') {
        return false;
    }
    if w.is_ascii() {
        // Most name words: no need to decode characters or ask the Unicode tables.
        let b = w.as_bytes();
        return !b.iter().any(u8::is_ascii_lowercase)
            && b.iter().filter(|c| c.is_ascii_uppercase()).count() >= 2;
    }
    let mut letters = w.chars().filter(|c| c.is_alphabetic());
    letters.clone().count() >= 2 && letters.all(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::super::tokenize;
    use super::*;

    fn runs(text: &str) -> Vec<(String, RunKind, Vec<String>)> {
        let t = tokenize(text, 0);
        name_runs(&t, 0, t.len())
            .map(|r| {
                let roles = r.roles.iter().map(|s| s.to_string()).collect();
                (r.name.join(" "), r.kind, roles)
            })
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn acronyms_are_words_of_two_or_more_capitals_and_no_dot(
            w in "[A-Za-z0-9.'ÉéÆß\u{212A}日]{0,6}"
        ) {
            let letters = || w.chars().filter(|c| c.is_alphabetic());
            let slow = letters().count() >= 2 && !w.contains('.') && letters().all(char::is_uppercase);
            proptest::prop_assert_eq!(is_acronym(&w), slow);
        }
    }

    #[test]
    fn titles_and_roles_are_stripped_from_names() {
        let r = runs("Philippines Defense Undersecretary Raymundo Elefante welcomed it");
        assert_eq!(r[0].0, "Raymundo Elefante");
        assert_eq!(r[0].1, RunKind::Person);
        assert!(r[0].2.contains(&"undersecretary".to_string()));
        assert_eq!(
            runs("Russian Ambassador Igor Khovaev told")[0].0,
            "Igor Khovaev"
        );
        assert_eq!(runs("Professor Eastman says")[0].1, RunKind::Person);
    }

    #[test]
    fn organisations_and_places_are_not_people() {
        assert_eq!(runs("told Arab News at")[0].1, RunKind::Org);
        assert_eq!(runs("in New Zealand today")[0].1, RunKind::Org);
        assert_eq!(runs("the RAND Corporation said")[0].1, RunKind::Org);
        assert_eq!(runs("The Straits Times noted")[0].0, "Straits Times");
        assert_eq!(runs("came back from Lucas Lodge today")[0].1, RunKind::Org);
        assert_eq!(runs("lived in South Audley Street then")[0].1, RunKind::Org);
        assert_eq!(runs("said Mr. Lodge then")[0].1, RunKind::Person);
    }

    #[test]
    fn headings_initials_and_feasts_are_no_names() {
        assert!(runs("THE MAN WHO WAS THURSDAY A NIGHTMARE").is_empty());
        assert!(runs("to him, G. K. C.").is_empty());
        assert!(runs("an Easter egg").is_empty());
        assert_eq!(runs("wrote E. M. Forster")[0].0, "E. M. Forster");
    }

    #[test]
    fn a_month_that_is_a_given_name_names_someone_but_in_a_date() {
        assert_eq!(runs("and May Welland came")[0].0, "May Welland");
        assert_eq!(runs("and May turned back")[0].0, "May");
        assert!(runs("in May the town").is_empty());
        assert!(runs("on May 5 they").is_empty());
        assert!(runs("May I ask").is_empty());
    }

    #[test]
    fn particles_in_lower_case_stay_in_a_name() {
        let r = runs("said Mr. van der Luyden and Marquis de St. Eustache");
        assert_eq!(r[0].0, "van der Luyden");
        assert_eq!(r[0].1, RunKind::Person);
        assert_eq!(r[1].0, "de St. Eustache");
        // A particle must lead to a capital: `Smith de` is no name.
        assert_eq!(runs("asked Smith de la nothing")[0].0, "Smith");
    }
}
