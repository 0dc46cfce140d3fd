//! One quotation as it is kept: 12 bytes. A book has 100,000s of quotations and a gigabyte of
//! news millions, all held while the document is open, so a quotation holds its speaker's
//! number rather than the name, and packs its span and confidence; its number in the document
//! is worked out from the list (`numbered`).

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::{OnceLock, PoisonError, RwLock};

/// A speaker's name, stored once for the whole process: a quotation holds its number, and
/// quotations are told apart by speaker without comparing names.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Speaker(NonZeroU32);

/// Every name given a number, with the numbers. Names are never dropped: there is one per
/// person quoted in the documents read, a few MB at most after a library of 10,000 articles.
#[derive(Default)]
struct Names {
    numbers: HashMap<&'static str, Speaker>,
    names: Vec<&'static str>,
}

fn names() -> &'static RwLock<Names> {
    static NAMES: OnceLock<RwLock<Names>> = OnceLock::new();
    NAMES.get_or_init(Default::default)
}

impl Speaker {
    /// Speaker numbers have `SPEAKER_BITS` bits in a quotation.
    const LIMIT: usize = 1 << SPEAKER_BITS;

    /// The number of `name`, given one if it has none. `None` once 1,048,575 names have
    /// numbers: a quotation by the next would be unattributed.
    pub fn new(name: &str) -> Option<Speaker> {
        if let Some(&s) = names()
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .numbers
            .get(name)
        {
            return Some(s);
        }
        let mut all = names().write().unwrap_or_else(PoisonError::into_inner);
        if let Some(&s) = all.numbers.get(name) {
            return Some(s);
        }
        let number = all.names.len() + 1;
        if number >= Self::LIMIT {
            return None;
        }
        let s = Speaker(NonZeroU32::new(number as u32)?);
        let name: &'static str = Box::leak(name.into());
        all.names.push(name);
        all.numbers.insert(name, s);
        Some(s)
    }

    /// The number of `name` if it has one.
    pub fn find(name: &str) -> Option<Speaker> {
        let all = names().read().unwrap_or_else(PoisonError::into_inner);
        all.numbers.get(name).copied()
    }

    pub fn name(self) -> &'static str {
        names().read().unwrap_or_else(PoisonError::into_inner).names[self.index()]
    }

    fn index(self) -> usize {
        self.0.get() as usize - 1
    }
}

impl std::fmt::Debug for Speaker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.name())
    }
}

/// One quotation (or one part of a quotation interrupted by its tag): where its words are,
/// without the quote marks, in the text as read; who said it; whether it goes on the quotation
/// before it (the part after the tag); and how sure the attribution is.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Quote {
    /// The low 32 bits of the start.
    start: u32,
    /// The start's next 8 bits (the low 8: up to 1 TiB) and the length (the high 24: up to
    /// 16 MiB).
    span: u32,
    /// The speaker's number (the low 20 bits, 0 for none), the evidence that chose them (4
    /// bits), whether it goes on the quotation before it (1 bit) and the confidence in
    /// hundredths (the high 7).
    who: u32,
}

const SPEAKER_BITS: u32 = 20;
const EVIDENCE_SHIFT: u32 = SPEAKER_BITS;
const EVIDENCE_MASK: u32 = 0xF << EVIDENCE_SHIFT;
const CONTINUES: u32 = 1 << (SPEAKER_BITS + 4);
const HUNDREDTHS_SHIFT: u32 = SPEAKER_BITS + 5;

/// What chose a quotation's speaker: said in its JSON, and the evidence the attribution
/// weighs (`attribute`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Evidence {
    /// Nothing did: no speaker.
    None = 0,
    /// A tag names them: `“…,” said Jane Doe`, `Jane Doe said: “…”`.
    Tag = 1,
    /// A role noun in the tag: `said the ambassador`, `said the valet`.
    Role = 2,
    /// The part of a quotation before it named them (`“…,” she said, “…”`, `…” she said. “…`).
    Continued = 3,
    /// A paragraph ending in a colon that names them introduced it.
    Intro = 4,
    /// The paragraph it stands in is about them (a sentence before it has them as subject).
    ParagraphSubject = 5,
    /// The sentence right after it, in its paragraph, has them as subject.
    NextSubject = 6,
    /// The turn before it spoke to them (`“…, Harry?”`, `said Ann to Bob`).
    Addressee = 7,
    /// A dialogue's other party: the speaker of the turn before last.
    Alternation = 8,
    /// The person a pronoun in the tag most likely refers to.
    Antecedent = 9,
    /// The speaker of the turn before, after a break in the talk.
    PreviousSpeaker = 10,
    /// The speaker of the turn before, right after it (weak: the other party usually answers).
    SameSpeakerAgain = 11,
    /// The text before it was last about them.
    LastSubject = 12,
    /// A sentence of indirect speech before it had them as subject (`X said that …`).
    Reported = 13,
    /// A first-person narrator (`“…,” I said`).
    Narrator = 14,
    /// The turn after it calls them by name (`“…”` then `“Do you think so, Harry?”`).
    Answered = 15,
}

impl Evidence {
    const ALL: [Evidence; 16] = [
        Evidence::None,
        Evidence::Tag,
        Evidence::Role,
        Evidence::Continued,
        Evidence::Intro,
        Evidence::ParagraphSubject,
        Evidence::NextSubject,
        Evidence::Addressee,
        Evidence::Alternation,
        Evidence::Antecedent,
        Evidence::PreviousSpeaker,
        Evidence::SameSpeakerAgain,
        Evidence::LastSubject,
        Evidence::Reported,
        Evidence::Narrator,
        Evidence::Answered,
    ];

    /// The name output gives it (`tag`, `addressee`).
    pub fn name(self) -> &'static str {
        match self {
            Evidence::None => "none",
            Evidence::Tag => "tag",
            Evidence::Role => "role",
            Evidence::Continued => "continued",
            Evidence::Intro => "introduced",
            Evidence::ParagraphSubject => "paragraph-subject",
            Evidence::NextSubject => "next-subject",
            Evidence::Addressee => "addressee",
            Evidence::Alternation => "alternation",
            Evidence::Antecedent => "pronoun",
            Evidence::PreviousSpeaker => "previous-speaker",
            Evidence::SameSpeakerAgain => "same-speaker",
            Evidence::LastSubject => "last-subject",
            Evidence::Reported => "reported-speech",
            Evidence::Narrator => "narrator",
            Evidence::Answered => "answered",
        }
    }

    /// The evidence with number `n` (as a quotation and the cache keep it).
    pub fn from_number(n: u8) -> Option<Evidence> {
        Evidence::ALL.get(usize::from(n)).copied()
    }
}

impl Quote {
    /// The furthest a quotation can start, and the longest it can be.
    pub const MAX_START: usize = (1 << 40) - 1;
    pub const MAX_LEN: usize = (1 << 24) - 1;

    /// `None` past what a quotation can hold: a start at or past 1 TiB, or a quotation of
    /// 16 MiB or more (no quotation is that long; a stray mark in a file of one huge paragraph
    /// would be). `continues`: the part of an interrupted quotation after its tag. The
    /// confidence, 0–1, is kept to hundredths.
    pub fn new(
        start: usize,
        end: usize,
        speaker: Option<Speaker>,
        continues: bool,
        confidence: f32,
    ) -> Option<Quote> {
        let hundredths = (confidence.clamp(0.0, 1.0) * 100.0).round() as u8;
        Quote::in_hundredths(start, end, speaker, continues, hundredths)
    }

    /// `new`, with the confidence in hundredths (at most 100): as the cache keeps it, without
    /// rounding a float for each of millions.
    pub fn in_hundredths(
        start: usize,
        end: usize,
        speaker: Option<Speaker>,
        continues: bool,
        hundredths: u8,
    ) -> Option<Quote> {
        let len = end.checked_sub(start)?;
        if start > Self::MAX_START || len > Self::MAX_LEN || hundredths > 100 {
            return None;
        }
        let hundredths = u32::from(hundredths);
        Some(Quote {
            start: start as u32,
            span: (start >> 32) as u32 | (len as u32) << 8,
            who: speaker.map_or(0, |s| s.0.get())
                | if continues { CONTINUES } else { 0 }
                | hundredths << HUNDREDTHS_SHIFT,
        })
    }

    pub fn start(&self) -> usize {
        self.start as usize | ((self.span & 0xFF) as usize) << 32
    }

    pub fn end(&self) -> usize {
        self.start() + (self.span >> 8) as usize
    }

    pub fn speaker(&self) -> Option<Speaker> {
        NonZeroU32::new(self.who & ((1 << SPEAKER_BITS) - 1)).map(Speaker)
    }

    /// What chose the speaker.
    pub fn evidence(&self) -> Evidence {
        Evidence::from_number(((self.who & EVIDENCE_MASK) >> EVIDENCE_SHIFT) as u8)
            .unwrap_or(Evidence::None)
    }

    /// This quotation with `speaker` as its speaker.
    pub fn with_speaker(mut self, speaker: Option<Speaker>) -> Quote {
        self.who = self.who & !((1 << SPEAKER_BITS) - 1) | speaker.map_or(0, |s| s.0.get());
        self
    }

    /// This quotation with `e` as the evidence for its speaker.
    pub fn with_evidence(mut self, e: Evidence) -> Quote {
        self.who = self.who & !EVIDENCE_MASK | (e as u32) << EVIDENCE_SHIFT;
        self
    }

    /// The speaker's name, or `None` when nobody fits.
    pub fn speaker_name(&self) -> Option<&'static str> {
        self.speaker().map(Speaker::name)
    }

    /// Whether it goes on the quotation before it: the part after the tag of `“…,” he said,
    /// “…”`. The parts of one quotation come one after another, and share its number.
    pub fn continues(&self) -> bool {
        self.who & CONTINUES != 0
    }

    /// How sure the attribution is, 0–1, in hundredths.
    pub fn confidence(&self) -> f32 {
        f32::from(self.hundredths()) / 100.0
    }

    /// Whether the speaker was chosen with enough confidence to be shown plainly; a speaker
    /// chosen on weaker evidence is marked as a guess (`?`).
    pub fn is_sure(&self) -> bool {
        self.speaker().is_none() || self.hundredths() >= 50
    }

    /// The confidence in hundredths, 0–100.
    pub fn hundredths(&self) -> u8 {
        (self.who >> HUNDREDTHS_SHIFT) as u8
    }
}

/// Quotations with their numbers: the parts of an interrupted quotation share one. `before`
/// is the number of the last quotation before them in the list (0 from its start: numbers
/// count from 1).
pub fn numbered<'a>(
    quotes: impl IntoIterator<Item = &'a Quote>,
    before: usize,
) -> impl Iterator<Item = (usize, &'a Quote)> {
    quotes.into_iter().scan(before, |n, q| {
        if !q.continues() {
            *n += 1;
        }
        Some((*n, q))
    })
}

/// The parts of the quotation that `quotes[i]` is a part of, as indices into `quotes`.
pub fn parts(quotes: &[Quote], i: usize) -> std::ops::Range<usize> {
    let first = (0..=i).rev().find(|&k| !quotes[k].continues()).unwrap_or(0);
    let end = (i + 1..quotes.len())
        .find(|&k| !quotes[k].continues())
        .unwrap_or(quotes.len());
    first..end
}

impl std::fmt::Debug for Quote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Quote")
            .field("start", &self.start())
            .field("end", &self.end())
            .field("speaker", &self.speaker())
            .field("continues", &self.continues())
            .field("confidence", &self.confidence())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quotation_is_12_bytes() {
        assert_eq!(std::mem::size_of::<Quote>(), 12);
    }

    #[test]
    fn a_name_has_one_number_and_gives_it_back() {
        let a = Speaker::new("Igor Khovaev").unwrap();
        let b = Speaker::new("Mu Li").unwrap();
        assert_ne!(a, b);
        assert_eq!(Speaker::new("Igor Khovaev"), Some(a));
        assert_eq!(Speaker::find("Mu Li"), Some(b));
        assert_eq!(Speaker::find("Nobody Quoted Here"), None);
        assert_eq!((a.name(), b.name()), ("Igor Khovaev", "Mu Li"));
    }

    #[test]
    fn what_cannot_be_held_is_refused() {
        assert!(Quote::new(Quote::MAX_START + 1, Quote::MAX_START + 2, None, false, 0.5).is_none());
        assert!(Quote::new(0, Quote::MAX_LEN + 1, None, false, 0.5).is_none());
        assert!(Quote::new(5, 4, None, false, 0.5).is_none());
        assert!(Quote::in_hundredths(0, 1, None, false, 101).is_none());
        assert_eq!(
            Quote::in_hundredths(0, 1, None, false, 100)
                .unwrap()
                .confidence(),
            1.0
        );
    }

    #[test]
    fn parts_share_a_number_and_are_found_from_any_of_them() {
        let q = |start, continues| Quote::new(start, start + 1, None, continues, 1.0).unwrap();
        let list = [
            q(0, false),
            q(2, true),
            q(4, true),
            q(6, false),
            q(8, false),
            q(9, true),
        ];
        let numbers: Vec<_> = numbered(&list, 0).map(|(n, _)| n).collect();
        assert_eq!(numbers, [1, 1, 1, 2, 3, 3]);
        let later: Vec<_> = numbered(&list[3..], 1).map(|(n, _)| n).collect();
        assert_eq!(later, [2, 3, 3]);
        let found: Vec<_> = (0..list.len()).map(|i| parts(&list, i)).collect();
        assert_eq!(found, [0..3, 0..3, 0..3, 3..4, 4..6, 4..6]);
    }

    proptest::proptest! {
        /// Every field comes back as given, at the edges of the bits too, and the confidence
        /// to hundredths (the two decimals output shows).
        #[test]
        fn a_quotation_gives_back_what_it_was_made_with(
            start in proptest::prop_oneof![0..=Quote::MAX_START, Quote::MAX_START - 3..=Quote::MAX_START],
            len in proptest::prop_oneof![0..=Quote::MAX_LEN, Quote::MAX_LEN - 3..=Quote::MAX_LEN],
            name in proptest::option::of("[A-Z][a-z]{0,8}( [A-Z][a-z]{0,8})?"),
            continues: bool,
            hundredths in 0..=100u32,
            evidence in 0u8..16,
        ) {
            let speaker = name.as_deref().map(|n| Speaker::new(n).unwrap());
            let confidence = hundredths as f32 / 100.0;
            let e = Evidence::from_number(evidence).unwrap();
            let q = Quote::new(start, start + len, speaker, continues, confidence).unwrap().with_evidence(e);
            proptest::prop_assert_eq!(
                (q.start(), q.end(), q.speaker_name(), q.continues(), q.confidence(), q.evidence()),
                (start, start + len, name.as_deref(), continues, confidence, e)
            );
        }
    }
}
