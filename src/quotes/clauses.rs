//! Reading clauses around a quotation: speech verbs, pronouns, sentence bounds, and where a
//! name stands as a subject. Free functions over tokens, shared by the attribution rules.

use super::lexicon::{self, Gender, class};
use super::tokens::{self, NameRun, Tok};

/// A word that may stand between a subject and its verb (`he also said`, `she had written`).
pub(super) fn is_adverb(w: &str) -> bool {
    lexicon::classes(w) & class::ADVERB != 0
}

/// An adverb of manner between a subject and its verb (`her father fondly replied`): a word in
/// lower case ending in `-ly`, but for the nouns that do.
pub(super) fn is_manner_adverb(t: &Tok) -> bool {
    let w = &*t.lower;
    !t.is_capitalised()
        && w.len() > 5
        && w.ends_with("ly")
        && !matches!(
            w,
            "family" | "assembly" | "supply" | "reply" | "anomaly" | "monopoly" | "butterfly"
        )
}

/// A word that starts an adverbial phrase, so what follows is not a speech tag's subject.
pub(super) fn is_leading_adverbial(w: &str) -> bool {
    lexicon::classes(w) & class::LEADING != 0
}

pub(super) fn pronoun(t: &Tok) -> Option<Option<Gender>> {
    match &*t.lower {
        "he" => Some(Some(Gender::Male)),
        "she" => Some(Some(Gender::Female)),
        "they" | "it" | "we" | "i" => Some(None),
        _ => None,
    }
}

/// The tokens of a speech verb starting at token `i` (1, or 2 with its particle: `put in`),
/// or `None`. `after_quote`: the verb comes right after a quotation, where verbs such as
/// `smiled` and `called` tag it too.
pub(super) fn verb_len(toks: &[Tok], i: usize, after_quote: bool) -> Option<usize> {
    let t = &toks[i];
    let bits = t.verb_bits();
    if bits == 0 {
        return None;
    }
    if bits & lexicon::verb::PARTICLE != 0
        && toks
            .get(i + 1)
            .is_some_and(|n| lexicon::has_particle(&t.lower, &n.lower))
    {
        return Some(2);
    }
    if bits & lexicon::verb::SPEECH != 0 || after_quote && bits & lexicon::verb::TAG != 0 {
        return Some(1);
    }
    None
}

/// Whether a speech verb starts at token `i`, anywhere in a sentence.
pub(super) fn is_verb_at(toks: &[Tok], i: usize) -> bool {
    verb_len(toks, i, false).is_some()
}

/// True when a name stands where a clause's subject does: at the start of a sentence or clause
/// (after a comma, a semicolon or a conjunction), not after a verb, a preposition or a slash.
pub(super) fn is_subject_position(toks: &[Tok], run: &NameRun) -> bool {
    if run.start == 0 {
        return true;
    }
    let before = &toks[run.start - 1];
    tokens::ends_sentence(toks, run.start - 1)
        || matches!(before.text, "," | ";" | ":" | "(" | "—" | "–")
        || matches!(
            &*before.lower,
            "but"
                | "and"
                | "while"
                | "as"
                | "when"
                | "because"
                | "although"
                | "though"
                | "whereas"
                | "that"
        )
}

/// The first token index after the sentence that starts at `from` (bounded by `to`).
pub(super) fn sentence_end(toks: &[Tok], from: usize, to: usize) -> usize {
    (from..to)
        .find(|&i| tokens::ends_sentence(toks, i))
        .map_or(to, |i| i + 1)
}

/// The start of the sentence that contains token `to - 1` (not before `from`).
pub(super) fn sentence_start(toks: &[Tok], from: usize, to: usize) -> usize {
    (from..to)
        .rev()
        .find(|&i| tokens::ends_sentence(toks, i))
        .map_or(from, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adverbs_and_leading_words_are_those_listed() {
        for w in ["also", "reportedly", "had"] {
            assert!(is_adverb(w), "{w}");
        }
        for w in ["after", "while", "because"] {
            assert!(is_leading_adverbial(w), "{w}");
        }
        for w in ["", "said", "the", "Also", "alsoo", "government", "he"] {
            assert!(!is_adverb(w) && !is_leading_adverbial(w), "{w}");
        }
    }
}
