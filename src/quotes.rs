//! Direct quotations: finding them (`scan`) and attributing each to its speaker (`attribute`),
//! in one pass over the paragraphs, linear in the document (a large one is read and tokenized
//! on a second thread while the first attributes). Pure: no I/O, no UI.
//!
//! The public face is small: `extract` (and its streaming forms), `preview`, `explain`, the
//! `Quote` with its `Speaker` and `Evidence`, and `ENGINE_VERSION`. Everything else (the
//! tokenizer, the word lists in `assets/lexicon`, people and their names, the candidates and
//! their weights) is the engine's own.

mod attribute;
mod clauses;
mod lexicon;
mod people;
mod quote;
mod reading;
mod scan;
mod tokens;

pub use attribute::Explained;

use crate::store::Document;
pub use quote::{Evidence, Quote, Speaker, numbered, parts};
use reading::{Batch, Reading, read};
pub use scan::with_marks;
use std::ops::Range;

/// The version of what extraction finds: bumped with every change to the quotations or
/// speakers it gives for some text (`tests/quotes/golden.rs` fails when its golden output
/// changes while this stays the same). The quotation cache keeps only a version's own results.
pub const ENGINE_VERSION: u32 = 15;

/// Paragraphs read at a time: the extractor keeps only these, not a list of the whole
/// document's (a file of millions of one-line paragraphs would need hundreds of MB for it).
const BLOCK: usize = 4096;

/// Finds and attributes the quotations in `bytes`, given its paragraph ranges in order. Scare
/// quotes, titles and terms are left out. After each stretch of text `sink` is told how many
/// bytes are done and given the quotations found and not yet taken: it may take them (they are
/// final, attribution only looks back) or leave them to be returned at the end. It returns
/// whether to go on.
pub fn extract_ranges(
    bytes: &[u8],
    paragraphs: impl IntoIterator<Item = Range<usize>, IntoIter: Clone + Send>,
    title: Option<&str>,
    sink: &mut dyn FnMut(usize, &mut Vec<Quote>) -> bool,
) -> Vec<Quote> {
    let how = Reading {
        block: BLOCK,
        batch: BATCH_BYTES,
        two_threads: bytes.len() >= TWO_THREADS_FROM,
    };
    extract_blocks(bytes, paragraphs, title, how, sink)
}

/// Documents from this size on are read on a second thread while the first attributes what it
/// has read (tokenizing is about half the work, and a second core is often free); smaller ones,
/// such as a library's articles, are not worth starting a thread for.
const TWO_THREADS_FROM: usize = 1 << 20;
/// Text tokenized ahead, at most, for the thread that attributes it: batches of about this
/// much, and two of them waiting.
const BATCH_BYTES: usize = 64 << 10;
const BATCHES_AHEAD: usize = 2;

/// `extract_ranges`, read as `how` says.
fn extract_blocks(
    bytes: &[u8],
    paragraphs: impl IntoIterator<Item = Range<usize>, IntoIter: Clone + Send>,
    title: Option<&str>,
    how: Reading,
    sink: &mut dyn FnMut(usize, &mut Vec<Quote>) -> bool,
) -> Vec<Quote> {
    extract_with(
        attribute::Attributor::new(),
        bytes,
        paragraphs,
        title,
        how,
        sink,
    )
    .0
}

/// `extract_blocks` with the attributor given, and given back.
fn extract_with(
    mut att: attribute::Attributor,
    bytes: &[u8],
    paragraphs: impl IntoIterator<Item = Range<usize>, IntoIter: Clone + Send>,
    title: Option<&str>,
    how: Reading,
    sink: &mut dyn FnMut(usize, &mut Vec<Quote>) -> bool,
) -> (Vec<Quote>, attribute::Attributor) {
    let paragraphs = paragraphs.into_iter();
    if let Some(t) = title {
        // The title is looked for in the text, not in the header that holds it.
        let body = paragraphs.clone().next().map_or(bytes.len(), |p| p.start);
        att.read_title(t, &bytes[body.min(bytes.len())..]);
    }
    // A story told in the first person: the narrator's name, if the other characters say it
    // early on, is learnt from a first reading of the story's start, so that the narrator's
    // lines are given it from the first (rather than `the narrator` until it is said).
    if att.narrator_hint.is_none() && !att.first_reading && first_person(bytes) {
        let start: Vec<Range<usize>> = paragraphs
            .clone()
            .take_while(|p| p.end <= NARRATOR_PREFIX)
            .collect();
        let first = Reading {
            two_threads: false,
            ..how
        };
        let mut reader = attribute::Attributor::new();
        reader.first_reading = true;
        let (_, seen) = extract_with(reader, bytes, start, title, first, &mut |_, _| true);
        att.narrator_hint = seen.narrator_name();
    }
    let mut x = Extractor {
        bytes,
        att,
        attributions: Vec::new(),
        group: 0,
        out: Vec::new(),
        held: Vec::new(),
    };
    let paragraphs = reading::Lines::new(bytes, paragraphs.into_iter());
    if !how.two_threads {
        // Attributing a batch empties it for the next.
        read(bytes, paragraphs, how, &mut |batch| {
            x.attribute(batch, sink)
        });
        x.out.append(&mut x.held);
        return (x.out, x.att);
    }
    std::thread::scope(|scope| {
        let (ready, batches) = std::sync::mpsc::sync_channel::<Batch>(BATCHES_AHEAD);
        let (give_back, given_back) = std::sync::mpsc::channel::<Batch>();
        scope.spawn(move || {
            read(bytes, paragraphs, how, &mut |batch| {
                let empty = given_back.try_recv().unwrap_or_default();
                // An error: the other side has stopped, and so does reading.
                ready.send(std::mem::replace(batch, empty)).is_ok()
            })
        });
        // Dropping `batches` on a stop ends the reading at its next batch.
        for mut batch in batches {
            if !x.attribute(&mut batch, sink) {
                break;
            }
            let _ = give_back.send(batch);
        }
    });
    x.out.append(&mut x.held);
    (x.out, x.att)
}

/// The state of attribution, carried from stretch to stretch.
struct Extractor<'a> {
    bytes: &'a [u8],
    att: attribute::Attributor,
    attributions: Vec<attribute::Attribution>,
    /// The last quotation's group: a group's parts come one after another (a part continues
    /// the quotation just before it), so the last group is all there is to remember, not a
    /// map of every quotation in a book. Groups count from 1.
    group: usize,
    out: Vec<Quote>,
    /// The quotations of the last stretch, held back until the next is attributed: a line of
    /// dialogue may tell who said the one before it (`Attributor::revised`).
    held: Vec<Quote>,
}

impl Extractor<'_> {
    /// Attributes the quotations of a batch of stretches, telling `sink` after each, and
    /// leaves the batch empty. Returns whether to go on.
    fn attribute(
        &mut self,
        batch: &mut Batch,
        sink: &mut dyn FnMut(usize, &mut Vec<Quote>) -> bool,
    ) -> bool {
        batch.each(self.bytes, &mut |s, toks, found| {
            self.att
                .paragraph(s.first, toks, found, s.quote_next, &mut self.attributions);
            if let Some((start, speaker)) = self.att.revised.take()
                && let Some(first) = self.held.iter().position(|q| q.start() == start)
            {
                // The quotation and the parts that go on it.
                let n = 1 + self.held[first + 1..]
                    .iter()
                    .take_while(|q| q.continues())
                    .count();
                for q in &mut self.held[first..first + n] {
                    *q = q.with_speaker(speaker).with_evidence(Evidence::Answered);
                }
            }
            self.out.append(&mut self.held);
            // One attribution per span, in order.
            for (q, a) in found.iter().zip(self.attributions.drain(..)) {
                if !a.speech {
                    continue;
                }
                // Groups count from 1, so the first quotation never matches the (0, 0) start.
                let continues = a.group == self.group;
                self.group = a.group;
                // A quotation past what one can hold (`Quote::new`) is left out.
                self.held.extend(
                    Quote::new(
                        q.range.start,
                        q.range.end,
                        a.speaker,
                        continues,
                        a.confidence,
                    )
                    .map(|q| q.with_evidence(a.evidence)),
                );
            }
            // What is final: everything before this stretch.
            sink(s.range.start, &mut self.out)
        })
    }
}

/// How much of a first-person story is read first for its narrator's name.
const NARRATOR_PREFIX: usize = 2 << 20;

/// Whether the text's start reads like a story told in the first person: lines of dialogue
/// tagged `I said`, `said I`.
fn first_person(bytes: &[u8]) -> bool {
    let start = &bytes[..bytes.len().min(NARRATOR_PREFIX)];
    let count = |pat: &[u8]| memchr::memmem::find_iter(start, pat).count();
    let tags = count("” I ".as_bytes()) + count(b"\" I ") + count(b"said I") + count(b", I said");
    tags >= 3
}

/// The quotations of a document.
pub fn extract(doc: &Document) -> Vec<Quote> {
    let ranges = doc.paragraph_ranges();
    extract_ranges(
        &doc.bytes,
        ranges,
        doc.header.title.as_deref(),
        &mut |_, _| true,
    )
}

/// The quotations of a document with, for each whose speaker was chosen among candidates,
/// the candidates and their features: what the fitting of the attribution weights reads.
pub fn explain(doc: &Document) -> (Vec<Quote>, Vec<attribute::Explained>) {
    let how = Reading {
        block: BLOCK,
        batch: BATCH_BYTES,
        two_threads: false,
    };
    let (found, att) = extract_with(
        attribute::Attributor::explaining(),
        &doc.bytes,
        doc.paragraph_ranges(),
        doc.header.title.as_deref(),
        how,
        &mut |_, _| true,
    );
    (found, att.explained.unwrap_or_default())
}

/// The name of feature `f` of `attribute::Explained` candidates.
pub fn feature_name(f: usize) -> &'static str {
    attribute::feature_name(f)
}

/// Text read before a preview's window, for the names and speakers it introduces.
const PREVIEW_CONTEXT: usize = 128 << 10;
/// How far before and after its position a preview's window reaches (scrolling back a few
/// pages stays inside it too).
const PREVIEW_BACK: usize = 64 << 10;
const PREVIEW_AHEAD: usize = 128 << 10;

/// The quotations around `pos` of a large document, found ahead of the pass over all of it so
/// that the text on screen is highlighted at once: the paragraphs from about `PREVIEW_BACK`
/// before `pos` to about `PREVIEW_AHEAD` after it, read with about `PREVIEW_CONTEXT` of text
/// before for who is who. Returns the range covered and the quotations starting in it (the
/// first a quotation's first part, even if a part before it was left out). Speakers named
/// only further back are missed.
pub fn preview(doc: &Document, pos: usize) -> (Range<usize>, Vec<Quote>) {
    let Some(first) = doc.paragraph_at(pos.saturating_sub(PREVIEW_BACK)) else {
        return (pos..pos, Vec::new());
    };
    let from = doc
        .paragraph_at(first.start.saturating_sub(PREVIEW_CONTEXT))
        .map_or(first.start, |p| p.start.min(first.start));
    let limit = pos.saturating_add(PREVIEW_AHEAD);
    let paragraphs: Vec<Range<usize>> = std::iter::successors(doc.paragraph_at(from), |p| {
        doc.paragraph_after(p).filter(|n| n.start < limit)
    })
    .map(|p| p.start..p.end)
    .filter(|r| !crate::store::paragraphs::is_code_block(&doc.bytes[r.clone()]))
    .collect();
    let end = paragraphs
        .last()
        .map_or(first.end, |p| p.end.max(first.end));
    let mut found = extract_ranges(
        &doc.bytes,
        paragraphs,
        doc.header.title.as_deref(),
        &mut |_, _| true,
    );
    found.retain(|q| q.start() >= first.start);
    if let Some(q) = found.first_mut() {
        *q = Quote::in_hundredths(q.start(), q.end(), q.speaker(), false, q.hundredths())
            .unwrap_or(*q);
    }
    (first.start..end, found)
}

/// The quotations of a document, handed to `progress` as they are found: every 1 % of the
/// text (with how many bytes are done) and at the end, each quotation once, until `progress`
/// returns false. Nothing is kept here, so a large document's quotations are held once, by
/// whoever shows them.
pub fn extract_with_progress(doc: &Document, progress: impl FnMut(usize, Vec<Quote>) -> bool) {
    extract_politely(doc, &|| {}, progress);
}

/// `extract_with_progress`, calling `wait` between stretches of text (a few KB each): a
/// worker uses it to stand aside while a search runs.
pub fn extract_politely(
    doc: &Document,
    wait: &dyn Fn(),
    mut progress: impl FnMut(usize, Vec<Quote>) -> bool,
) {
    let (mut last, mut go_on) = (0, true);
    let step = (doc.len() / 100).max(1);
    let rest = extract_ranges(
        &doc.bytes,
        doc.paragraph_ranges(),
        doc.header.title.as_deref(),
        &mut |done, found| {
            if done >= last + step {
                last = done;
                go_on = progress(done, std::mem::take(found));
            }
            wait();
            go_on
        },
    );
    if go_on {
        progress(doc.len(), rest);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Document, Origin};

    fn quotes(text: &str) -> Vec<(String, Option<String>, usize)> {
        let d = Document::from_bytes(Origin::Builtin("t"), text.as_bytes().to_vec()).unwrap();
        numbered(&extract(&d), 0)
            .map(|(n, q)| {
                let who = q.speaker_name().map(str::to_string);
                (text[q.start()..q.end()].to_string(), who, n)
            })
            .collect()
    }

    fn speakers(text: &str) -> Vec<Option<String>> {
        quotes(text).into_iter().map(|q| q.1).collect()
    }

    fn s(name: &str) -> Option<String> {
        Some(name.to_string())
    }

    /// One pass over the whole, on one thread.
    const WHOLE: Reading = Reading {
        block: usize::MAX / 4,
        batch: usize::MAX,
        two_threads: false,
    };

    /// Reading blocks of `block` paragraphs: on one thread, and on two with batches of one
    /// stretch, of a few and of the usual size.
    fn readings(block: usize) -> Vec<Reading> {
        let mut out = vec![Reading {
            block,
            batch: BATCH_BYTES,
            two_threads: false,
        }];
        for batch in [1, 100, BATCH_BYTES] {
            out.push(Reading {
                block,
                batch,
                two_threads: true,
            });
        }
        out
    }

    #[test]
    fn reading_in_blocks_finds_what_one_pass_finds() {
        // Quotations over several paragraphs, one reopened after a paragraph with no marks,
        // dialogue, pronouns and a stray mark: every block size cuts somewhere different.
        let text = [
            "Jane Doe arrived in town. “We will win,” she said.",
            "“First part of a long statement.",
            "“Second part of it, still going.",
            "A paragraph with no marks at all in it.",
            "“And the end of the statement,” said John Smith.",
            "“Where are you going today?” asked Mary Smith.",
            "“To the market in town,” replied John Brown.",
            "“May I come along with you?”",
            "“Of course you may come too.”",
            "A stray “ mark here and nothing else.",
            "“It is over now,” he said, “and we all go home.”",
        ]
        .join("\n\n")
        .repeat(3);
        let d = Document::from_bytes(Origin::Builtin("t"), text.as_bytes().to_vec()).unwrap();
        let ranges = || d.paragraphs().map(|p| p.start..p.end);
        let whole = extract_blocks(&d.bytes, ranges(), None, WHOLE, &mut |_, _| true);
        assert!(whole.len() > 20, "{}", whole.len());
        for how in (1..12).flat_map(readings) {
            let parts = extract_blocks(&d.bytes, ranges(), None, how, &mut |_, _| true);
            assert_eq!(parts, whole, "{how:?}");
        }
    }

    #[test]
    fn nothing_after_the_last_quote_mark_is_read() {
        let quiet = "A paragraph with no marks at all in it.";
        let mut text = vec!["Jane Doe arrived. “We will win the match,” she said."];
        text.extend([quiet; 40]);
        let text = text.join("\n\n");
        let d = Document::from_bytes(Origin::Builtin("t"), text.as_bytes().to_vec()).unwrap();
        for how in readings(4) {
            let mut read = 0;
            let found =
                extract_blocks(&d.bytes, d.paragraph_ranges(), None, how, &mut |done, _| {
                    read = read.max(done);
                    true
                });
            assert_eq!(found.len(), 1);
            // The block with the quotation (and the two it looks ahead to), not the 40 after.
            assert!(read < text.len() / 4, "read {read} of {}", text.len());
        }
    }

    #[test]
    fn a_stop_ends_the_reading_on_either_thread() {
        let text = ["“We will win the match,” Jane Doe said."; 300].join("\n\n");
        let d = Document::from_bytes(Origin::Builtin("t"), text.as_bytes().to_vec()).unwrap();
        for how in readings(4) {
            let mut told = 0;
            let found = extract_blocks(&d.bytes, d.paragraph_ranges(), None, how, &mut |_, _| {
                told += 1;
                told < 3
            });
            // Returned (the reading thread ended), told no more after the stop, and what was
            // found and not taken is given back.
            assert_eq!(told, 3, "{how:?}");
            assert_eq!(found.len(), 3, "{how:?}");
        }
    }

    #[test]
    fn text_between_quotations_is_still_read_for_who_it_names() {
        // The quotation's speaker is named blocks before it, with no quote mark in between.
        let quiet = "A paragraph with no marks at all in it.";
        let mut text = vec!["“We will win the match,” Jane Doe said."];
        text.extend([quiet; 20]);
        text.push("Pat Lee arrived in town.");
        text.extend([quiet; 20]);
        text.push("“It is over now and we all go home,” Lee said.");
        text.extend([quiet; 20]);
        let text = text.join("\n\n");
        let d = Document::from_bytes(Origin::Builtin("t"), text.as_bytes().to_vec()).unwrap();
        for how in [1, 2, 3, 4, 7, 1000].into_iter().flat_map(readings) {
            let found = extract_blocks(&d.bytes, d.paragraph_ranges(), None, how, &mut |_, _| true);
            let who: Vec<_> = found.iter().map(|q| q.speaker_name()).collect();
            assert_eq!(who, [Some("Jane Doe"), Some("Pat Lee")], "{how:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// Stretches without quotations, skipped or not, in any order and any block size:
        /// the quotations and speakers are those of one pass over the whole.
        #[test]
        fn any_blocks_find_what_one_pass_finds(
            picks in proptest::collection::vec(0..9usize, 1..40),
            block in 1..6usize,
            batch in 1..300usize,
            two_threads: bool,
        ) {
            const PARAS: [&str; 9] = [
                "A paragraph with no marks at all in it.",
                "Pat Lee arrived in town with Jane Doe.",
                "“It is over now and we all go home,” Lee said.",
                "“We will be back here next year,” she said, “with more.”",
                "It’s the 1990’s and rock’n’roll, isn’t it.",
                "A stray “ mark and nothing else.",
                "“First part of a long statement.",
                "Mr. John Smith, the ambassador, spoke first.",
                // Not UTF-8: tokenized where it is attributed (\u{1} stands for the byte).
                "“Our \u{1} team is ready,” said Ms. Doe.",
            ];
            let text = picks.iter().map(|&i| PARAS[i]).collect::<Vec<_>>().join("\n\n");
            let bytes = text.bytes().map(|b| if b == 1 { 0xFF } else { b }).collect();
            let d = Document::from_bytes(Origin::Builtin("t"), bytes).unwrap();
            let ranges = || d.paragraph_ranges();
            let whole = extract_blocks(&d.bytes, ranges(), None, WHOLE, &mut |_, _| true);
            let how = Reading { block, batch, two_threads };
            let parts = extract_blocks(&d.bytes, ranges(), None, how, &mut |_, _| true);
            proptest::prop_assert_eq!(parts, whole);
        }
    }

    #[test]
    fn a_polite_extraction_waits_between_stretches_and_finds_the_same() {
        let d = &crate::store::builtin()[0];
        let waits = std::cell::Cell::new(0);
        let mut found = Vec::new();
        extract_politely(d, &|| waits.set(waits.get() + 1), |_, more| {
            found.extend(more);
            true
        });
        assert!(waits.get() >= 10, "{}", waits.get());
        assert_eq!(found, extract(d));
    }

    #[test]
    fn the_sample_article() {
        let d = &crate::store::builtin()[0];
        let q = extract(d);
        assert_eq!(q.len(), 8);
        let khovaev = q
            .iter()
            .filter(|q| q.speaker_name() == Some("Igor Khovaev"))
            .count();
        assert_eq!(khovaev, 7);
        assert_eq!(q[7].speaker_name(), Some("Raymundo Elefante"));
        let text = |q: &Quote| {
            std::str::from_utf8(&d.bytes[q.start()..q.end()])
                .unwrap()
                .to_string()
        };
        assert!(text(&q[3]).starts_with("We are ready to use all ways"));
        assert!(text(&q[3]).ends_with("Russians and Filipinos."));
    }

    #[test]
    fn tags_after_in_either_order() {
        assert_eq!(speakers("“We will win,” Jane Doe said."), [s("Jane Doe")]);
        assert_eq!(speakers("“We will win,” said Jane Doe."), [s("Jane Doe")]);
    }

    #[test]
    fn tags_before_with_colon_or_comma() {
        assert_eq!(speakers("Jane Doe said: “We will win.”"), [s("Jane Doe")]);
        assert_eq!(
            speakers("According to Jane Doe, “the plan will work out well.”"),
            [s("Jane Doe")]
        );
    }

    #[test]
    fn told_names_the_listener_not_the_speaker() {
        assert_eq!(
            speakers("“We are ready,” Jane Doe told Arab News on Tuesday."),
            [s("Jane Doe")]
        );
        assert_eq!(
            speakers("“We are ready,” Jane Doe told John Smith."),
            [s("Jane Doe")]
        );
    }

    #[test]
    fn a_title_named_only_in_the_header_is_nobody() {
        let text = "---\ntitle: Test Book\n---\n\n“Have you heard the news?” asked his lady.";
        assert_eq!(speakers(text), [None]);
        // Named in the text as well, the title's person is someone a pronoun can mean.
        let text = "title: Ann Lee\n\nAnn Lee came in.\n\n“I have news,” she said.";
        assert_eq!(speakers(text), [s("Ann Lee")]);
    }

    #[test]
    fn titles_are_stripped_and_surnames_resolve() {
        let text = "“First thing said here,” Russian Ambassador Igor Khovaev said.\n\n“Second thing said,” Khovaev added.";
        assert_eq!(speakers(text), [s("Igor Khovaev"), s("Igor Khovaev")]);
    }

    #[test]
    fn appositive_between_name_and_verb() {
        let text = "“We are ready for it,” Igor Khovaev, the Russian ambassador, said.";
        assert_eq!(speakers(text), [s("Igor Khovaev")]);
    }

    #[test]
    fn pronouns_take_the_most_recent_person_not_the_last_speaker() {
        let text = "“One statement made,” Igor Khovaev said.\n\nUndersecretary Raymundo Elefante welcomed it.\n\n“Another statement made,” he said.";
        assert_eq!(speakers(text), [s("Igor Khovaev"), s("Raymundo Elefante")]);
    }

    #[test]
    fn role_nouns_resolve_to_the_titled_person() {
        let text = "Russian Ambassador Igor Khovaev spoke first.\n\n“We are ready to help,” the ambassador said.";
        assert_eq!(speakers(text), [s("Igor Khovaev")]);
    }

    #[test]
    fn interrupted_quotation_is_one_quote_in_two_parts() {
        let q =
            quotes("“We offer equipment,” he said, “and we are ready to help.” Jane Doe spoke.");
        let q2 = quotes("Jane Doe arrived. “We offer equipment,” she said, “and we are ready.”");
        assert_eq!(q2.len(), 2);
        assert_eq!(q2[0].2, q2[1].2);
        assert_eq!(q2[0].1, s("Jane Doe"));
        assert_eq!(q2[1].1, s("Jane Doe"));
        assert_eq!(q.len(), 2);
    }

    #[test]
    fn quotations_are_numbered_in_order_and_parts_share_a_number() {
        let text = [
            "Jane Doe arrived. “We offer equipment,” she said, “and we are ready.”",
            "The so-called “plan” was new.",
            "“It is over now and we all go home,” said John Smith.",
            "“We will be back here next year,” she said, “with more of it.”",
        ]
        .join("\n\n");
        let numbers: Vec<usize> = quotes(&text).iter().map(|q| q.2).collect();
        assert_eq!(numbers, [1, 1, 2, 3, 3]);
    }

    #[test]
    fn untagged_paragraph_continues_the_turn() {
        let text = "“It was a meaningful event,” Igor Khovaev said.\n\n“We are now living in a world where all of us depend on each other.”";
        assert_eq!(speakers(text), [s("Igor Khovaev"), s("Igor Khovaev")]);
    }

    #[test]
    fn dialogue_alternates_between_two_speakers() {
        let text = "“Where are you going today?” asked Mary Smith.\n\n“To the market in town,” replied John Brown.\n\n“May I come along with you?”\n\n“Of course you may come too.”";
        assert_eq!(
            speakers(text),
            [
                s("Mary Smith"),
                s("John Brown"),
                s("Mary Smith"),
                s("John Brown")
            ]
        );
    }

    #[test]
    fn organisations_speak_and_descriptions_are_nobody() {
        assert_eq!(
            speakers("“We have no comment on this matter,” the ministry said."),
            [None]
        );
        assert_eq!(
            speakers("“The service ends in April for everyone,” Microsoft said."),
            [s("Microsoft")]
        );
        assert_eq!(
            speakers("“It is a consistent position of ours,” a defense ministry spokesman said."),
            [None]
        );
    }

    #[test]
    fn the_name_next_to_the_verb_is_the_speaker_not_the_one_addressed() {
        let text = [
            "Mr. Giles and Duff stood by the door.",
            "“What a muddle-headed chap you are!” said Duff, addressing Mr. Giles.",
        ]
        .join("\n\n");
        assert_eq!(speakers(&text), [s("Duff")]);
    }

    #[test]
    fn a_relation_written_as_a_name_is_the_person_known_by_it() {
        let text = [
            "Blanche stood by the window with Mr. Astley.",
            "“The man is a perfect fool!” exclaimed the Grandmother, waving her hand.",
            "“What?” cried Mr. Astley. “You are going to play again?”",
            "“What else do you suppose?” she retorted.",
        ]
        .join("\n\n");
        assert_eq!(
            speakers(&text),
            [
                s("the Grandmother"),
                s("Mr. Astley"),
                s("Mr. Astley"),
                s("the Grandmother")
            ]
        );
    }

    #[test]
    fn a_sentence_that_calls_the_quotation_a_reply_names_its_speaker() {
        let text = [
            "Elizabeth came into the room where Mr. Bingley stood.",
            "“Indeed I have, Sir,” was her answer.",
            "“Not a farthing more,” was the firm reply of Mr. Limbkins.",
        ]
        .join("\n\n");
        assert_eq!(speakers(&text), [s("Elizabeth"), s("Mr. Limbkins")]);
    }

    #[test]
    fn a_description_after_the_verb_is_someone_who_enters_the_scene() {
        let text = [
            "“Rouge!” proclaimed the croupier eagerly.",
            "“What are you laughing at?” asked a grinning countryman from the docks.",
            "“At myself,” answered Syme.",
            "“You are late,” said the countryman.",
            "“I know,” said the other.",
        ]
        .join("\n\n");
        assert_eq!(
            speakers(&text),
            [
                s("the croupier"),
                s("the grinning countryman"),
                s("Syme"),
                s("the grinning countryman"),
                s("Syme"),
            ]
        );
    }

    #[test]
    fn scare_quotes_and_titles_are_not_speech() {
        assert!(quotes("They signed the so-called “peace plan” yesterday.").is_empty());
        assert!(quotes("The website, “The Internet Explorer 6 Countdown”, opened.").is_empty());
        assert!(quotes("Software “fuses” protect the system.").is_empty());
    }

    /// Whether a quotation is speech is decided on its own evidence, whatever its length and
    /// whether or not a speaker is found: a stand-alone line of dialogue is speech even when
    /// short and untagged; a title is not, at any length; attribution reads a quotation's first
    /// `WORDS_COUNTED` words and its last few, but the span is always all of it.
    #[test]
    fn speech_is_told_from_titles_at_any_length() {
        let words = |n: usize| {
            (1..=n)
                .map(|i| format!("w{i}"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        for n in [1, 3, 7, 8, 9, 40] {
            let text = format!("“{}.”", words(n));
            let found = quotes(&text);
            assert_eq!(found.len(), 1, "{n} words");
            assert_eq!(found[0].0, text[3..text.len() - 3], "{n} words");
            // Inside a sentence, with no speech verb: a scare quote, not speech.
            assert!(
                quotes(&format!("He saw “{}” there.", words(n))).is_empty(),
                "{n}"
            );
        }
        let title = |n: usize| {
            (1..=n)
                .map(|i| format!("Word{i}"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        for n in [2, 6, 7, 12] {
            let text = format!("“{}” she told him.", title(n));
            assert!(quotes(&text).is_empty(), "{n} capitalised words");
        }
        // Short lines of dialogue, untagged.
        let talk =
            "“Where is he?” asked Ann Lee.\n\n“Yes.”\n\n“Never, sir.”\n\n“What is his name?”";
        assert_eq!(quotes(talk).len(), 4);
    }

    #[test]
    fn misspelt_surname_still_finds_the_person() {
        let text =
            "Lydia Buchtmann works there.\n\n“We need to make sure of it,” Ms Bauchtman said.";
        assert_eq!(speakers(text), [s("Lydia Buchtmann")]);
    }
}
