//! Choosing the speaker of a quotation that no tag names, or that a pronoun or a description
//! tags (`he said`, `said the girl`), among candidates with named evidence: the subject of the
//! paragraph it stands in, the person spoken to in the turn before, the other party of a
//! dialogue, the last speaker, the person the text was last about. Each piece of evidence is a
//! feature with a weight; a candidate's score is the weighted sum of its features, and the
//! best wins. A person the quotation itself addresses (`“…, Harry?”`) is not its speaker.
//!
//! The weights are fitted on the development corpora by `benches/quotes/fit.py` (a
//! conditional logit over each quotation's candidates; its README says how to run it) and
//! written here as constants, so attribution stays deterministic and each quotation can say
//! which evidence chose its speaker.

use crate::quotes::Evidence;

/// One turn of talk: who spoke, to whom if anyone was named, and in which paragraph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Turn {
    pub(super) para: usize,
    pub(super) speaker: Option<usize>,
    pub(super) addressee: Option<usize>,
    /// Where its quotation starts, and whether its speaker was only chosen among candidates
    /// (no tag named them), so the turn after it may name them instead.
    pub(super) start: usize,
    pub(super) chosen: bool,
}

/// Turns kept: dialogue asks about no more, and a book has 100,000s.
pub(super) const TURNS_KEPT: usize = 4;

/// The features a candidate may have: kinds of evidence for them (each reported as the
/// `Evidence` it is), and two against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Feature {
    Intro,
    ParagraphSubject,
    NextSubject,
    Addressee,
    Alternation,
    Antecedent,
    PreviousSpeaker,
    SameSpeakerAgain,
    LastSubject,
    Reported,
    /// One of the last few people who spoke.
    RecentSpeaker,
    /// One of the last few people the text named (of the tag's gender, if it has one).
    Mentioned,
    /// The quotation calls the candidate by name: never its speaker.
    Addressed,
    /// The tag's pronoun has a gender and the candidate's is not known.
    UnsureGender,
}

pub(super) const FEATURES: usize = 14;

impl Feature {
    const ALL: [Feature; FEATURES] = [
        Feature::Intro,
        Feature::ParagraphSubject,
        Feature::NextSubject,
        Feature::Addressee,
        Feature::Alternation,
        Feature::Antecedent,
        Feature::PreviousSpeaker,
        Feature::SameSpeakerAgain,
        Feature::LastSubject,
        Feature::Reported,
        Feature::RecentSpeaker,
        Feature::Mentioned,
        Feature::Addressed,
        Feature::UnsureGender,
    ];

    /// The evidence a candidate chosen for this feature is reported with.
    fn evidence(self) -> Option<Evidence> {
        Some(match self {
            Feature::Intro => Evidence::Intro,
            Feature::ParagraphSubject => Evidence::ParagraphSubject,
            Feature::NextSubject => Evidence::NextSubject,
            Feature::Addressee => Evidence::Addressee,
            Feature::Alternation => Evidence::Alternation,
            Feature::Antecedent => Evidence::Antecedent,
            Feature::PreviousSpeaker | Feature::RecentSpeaker => Evidence::PreviousSpeaker,
            Feature::SameSpeakerAgain => Evidence::SameSpeakerAgain,
            Feature::LastSubject | Feature::Mentioned => Evidence::LastSubject,
            Feature::Reported => Evidence::Reported,
            Feature::Addressed | Feature::UnsureGender => return None,
        })
    }
}

/// The names of the features, as `--format candidates` writes them and the fitting script
/// reads them.
pub(crate) fn feature_name(f: usize) -> &'static str {
    match Feature::ALL.get(f) {
        Some(Feature::Intro) => "introduced",
        Some(Feature::ParagraphSubject) => "paragraph-subject",
        Some(Feature::NextSubject) => "next-subject",
        Some(Feature::Addressee) => "addressee",
        Some(Feature::Alternation) => "alternation",
        Some(Feature::Antecedent) => "pronoun",
        Some(Feature::PreviousSpeaker) => "previous-speaker",
        Some(Feature::SameSpeakerAgain) => "same-speaker",
        Some(Feature::LastSubject) => "last-subject",
        Some(Feature::Reported) => "reported-speech",
        Some(Feature::RecentSpeaker) => "recent-speaker",
        Some(Feature::Mentioned) => "mentioned",
        Some(Feature::Addressed) => "addressed",
        Some(Feature::UnsureGender) => "unsure-gender",
        None => "?",
    }
}

/// The weight of each feature (see the module doc), in the order of `Feature`.
const WEIGHTS: [f32; FEATURES] = [
    8.0,   // introduced
    6.0,   // paragraph-subject
    5.0,   // next-subject
    4.5,   // addressee
    4.0,   // alternation
    3.0,   // pronoun
    2.5,   // previous-speaker
    1.0,   // same-speaker
    3.0,   // last-subject
    3.5,   // reported-speech
    0.5,   // recent-speaker
    0.5,   // mentioned
    -20.0, // addressed
    -2.0,  // unsure-gender
];

/// One candidate: an entity and its features.
#[derive(Clone, Debug)]
pub(crate) struct Candidate {
    pub(crate) id: usize,
    pub(crate) x: [f32; FEATURES],
}

impl Candidate {
    fn score(&self) -> f32 {
        self.x.iter().zip(WEIGHTS).map(|(x, w)| x * w).sum()
    }

    /// The evidence that weighs most for it.
    fn strongest(&self) -> Evidence {
        (0..FEATURES)
            .filter(|&f| self.x[f] > 0.0 && WEIGHTS[f] > 0.0)
            .max_by(|&a, &b| (self.x[a] * WEIGHTS[a]).total_cmp(&(self.x[b] * WEIGHTS[b])))
            .and_then(|f| Feature::ALL[f].evidence())
            .unwrap_or(Evidence::None)
    }
}

/// Candidates and the evidence for each.
#[derive(Default)]
pub(super) struct Candidates {
    pub(crate) list: Vec<Candidate>,
}

impl Candidates {
    fn feature(&mut self, id: usize, f: usize) {
        match self.list.iter_mut().find(|c| c.id == id) {
            Some(c) => c.x[f] += 1.0,
            None => {
                let mut x = [0.0; FEATURES];
                x[f] = 1.0;
                self.list.push(Candidate { id, x });
            }
        }
    }

    pub(super) fn add(&mut self, id: Option<usize>, f: Feature) {
        if let Some(id) = id {
            self.feature(id, f as usize);
        }
    }

    /// Marks the people the quotation addresses.
    pub(super) fn addressed(&mut self, ids: &[usize]) {
        for c in &mut self.list {
            if ids.contains(&c.id) {
                c.x[Feature::Addressed as usize] = 1.0;
            }
        }
    }

    /// Marks the candidates `unsure` says only may fit (a pronoun's gender not known).
    pub(super) fn unsure(&mut self, unsure: impl Fn(usize) -> bool) {
        for c in &mut self.list {
            if unsure(c.id) {
                c.x[Feature::UnsureGender as usize] = 1.0;
            }
        }
    }

    /// Keeps only the candidates that have evidence of their own in this place (the paragraph's
    /// subject, the one just spoken to, a pronoun's antecedent…), or that `talks` says have
    /// spoken before: someone only named lately (an author in a list) or only alternated to
    /// is not made a speaker.
    pub(super) fn established(&mut self, talks: impl Fn(usize) -> bool) {
        const OWN: [Feature; 7] = [
            Feature::Intro,
            Feature::ParagraphSubject,
            Feature::NextSubject,
            Feature::Addressee,
            Feature::Antecedent,
            Feature::Reported,
            Feature::LastSubject,
        ];
        self.list
            .retain(|c| talks(c.id) || OWN.iter().any(|&f| c.x[f as usize] > 0.0));
    }

    /// Keeps only candidates that `fits` says may be the speaker (a pronoun's gender).
    pub(super) fn retain(&mut self, fits: impl Fn(usize) -> bool) {
        self.list.retain(|c| fits(c.id));
    }

    /// The best candidate with a positive score, its evidence and a confidence from its score
    /// and its lead over the next best.
    pub(super) fn best(&self) -> Option<(usize, Evidence, f32)> {
        let mut scored: Vec<(f32, &Candidate)> = self
            .list
            .iter()
            .map(|c| (c.score(), c))
            .filter(|c| c.0 > 0.0)
            .collect();
        // Highest score first; the first added wins a tie (the order is by evidence strength).
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        let (score, best) = *scored.first()?;
        let lead = score - scored.get(1).map_or(0.0, |c| c.0);
        let confidence = (0.35 + 0.04 * score + 0.03 * lead).clamp(0.35, 0.9);
        Some((best.id, best.strongest(), confidence))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_adds_up_and_the_addressed_never_win() {
        let mut c = Candidates::default();
        c.add(Some(1), Feature::PreviousSpeaker);
        c.add(Some(2), Feature::Alternation);
        c.add(Some(1), Feature::LastSubject);
        c.add(None, Feature::Intro);
        let (id, e, _) = c.best().unwrap();
        assert_eq!((id, e), (1, Evidence::LastSubject));
        c.addressed(&[1]);
        assert_eq!(c.best().unwrap().0, 2);
        c.addressed(&[2]);
        assert_eq!(c.best(), None);
    }

    #[test]
    fn every_feature_has_a_name() {
        let names: Vec<_> = (0..FEATURES).map(feature_name).collect();
        assert!(!names.contains(&"?"));
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), FEATURES);
    }
}
