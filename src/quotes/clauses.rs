//! Reading clauses around a quotation: speech verbs, pronouns, sentence bounds, and where a
//! name stands as a subject. Free functions over tokens, shared by the attribution rules.

use super::lexicon::{Gender, WordSet, filter, passes, set};
use super::tokens::{self, NameRun, Tok};
use std::sync::OnceLock;

pub const ADVERBS: &[&str] = &[
    "also",
    "later",
    "then",
    "further",
    "previously",
    "recently",
    "once",
    "again",
    "had",
    "has",
    "have",
    "would",
    "will",
    "was",
    "is",
    "has",
    "had",
    "simply",
    "quickly",
    "softly",
    "finally",
    "only",
    "just",
    "repeatedly",
    "often",
    "has",
    "reportedly",
    "publicly",
    "earlier",
];

/// Words that start an adverbial phrase, so what follows is not a speech tag's subject.
pub const LEADING_ADVERBIALS: &[&str] = &[
    "after",
    "before",
    "in",
    "on",
    "at",
    "during",
    "when",
    "while",
    "as",
    "since",
    "but",
    "and",
    "then",
    "later",
    "meanwhile",
    "however",
    "although",
    "though",
    "because",
    "if",
    "for",
    "from",
    "with",
    "without",
    "by",
    "to",
    "of",
    "about",
    "among",
    "into",
    "over",
    "under",
    "until",
    "unless",
    "whereas",
    "yet",
    "so",
];

/// Looked up as a set: these are asked of most tokens of every sentence, and nearly always
/// no, which the compile-time filter answers before anything is hashed.
pub fn is_adverb(w: &str) -> bool {
    static S: OnceLock<WordSet> = OnceLock::new();
    const FILTER: [u64; 64] = filter(&[ADVERBS]);
    passes(&FILTER, w) && set(&S, ADVERBS).contains(w)
}

pub fn is_leading_adverbial(w: &str) -> bool {
    static S: OnceLock<WordSet> = OnceLock::new();
    const FILTER: [u64; 64] = filter(&[LEADING_ADVERBIALS]);
    passes(&FILTER, w) && set(&S, LEADING_ADVERBIALS).contains(w)
}

pub fn pronoun(t: &Tok) -> Option<Option<Gender>> {
    match &*t.lower {
        "he" => Some(Some(Gender::Male)),
        "she" => Some(Some(Gender::Female)),
        "they" | "it" | "we" | "i" => Some(None),
        _ => None,
    }
}

pub fn is_verb_at(toks: &[Tok], i: usize) -> bool {
    let t = &toks[i];
    if !t.is_speech_verb() {
        return false;
    }
    // "call"/"called" speak only as "call for"; "went"/"pointed" only as "went on"/"pointed out".
    match &*t.lower {
        "call" | "calls" | "called" => toks.get(i + 1).is_some_and(|n| n.lower == "for"),
        "went" => toks.get(i + 1).is_some_and(|n| n.lower == "on"),
        "pointed" => toks.get(i + 1).is_some_and(|n| n.lower == "out"),
        "began" | "returned" | "offered" | "shared" | "tell" | "add" | "say" => true,
        _ => true,
    }
}

/// True when a name stands where a clause's subject does: at the start of a sentence or clause
/// (after a comma, a semicolon or a conjunction), not after a verb, a preposition or a slash.
pub fn is_subject_position(toks: &[Tok], run: &NameRun) -> bool {
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
pub fn sentence_end(toks: &[Tok], from: usize, to: usize) -> usize {
    (from..to)
        .find(|&i| tokens::ends_sentence(toks, i))
        .map_or(to, |i| i + 1)
}

/// The start of the sentence that contains token `to - 1` (not before `from`).
pub fn sentence_start(toks: &[Tok], from: usize, to: usize) -> usize {
    (from..to)
        .rev()
        .find(|&i| tokens::ends_sentence(toks, i))
        .map_or(from, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_adverb_filters_let_every_listed_word_through_and_not_others() {
        for w in ADVERBS {
            assert!(is_adverb(w), "{w}");
        }
        for w in LEADING_ADVERBIALS {
            assert!(is_leading_adverbial(w), "{w}");
        }
        for w in ["", "said", "the", "Also", "alsoo", "government", "he"] {
            assert!(!is_adverb(w) && !is_leading_adverbial(w), "{w}");
        }
    }
}
