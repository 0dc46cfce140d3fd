//! Choosing the speaker of a quotation that no tag names, or that a pronoun tags (`he said`),
//! among candidates with named evidence: the subject of the paragraph it stands in, the
//! person spoken to in the turn before, the other party of a dialogue, the last speaker, the
//! person the text was last about. Each piece of evidence has a weight; a candidate's score
//! is the sum of the weights of the evidence for it, and the best wins. A person the quotation
//! itself addresses (`“…, Harry?”`) is not its speaker.
//!
//! The weights are fitted on the development corpora (`benches/quotes/fit.py`, which says how)
//! and written here as constants, so attribution stays deterministic and each quotation can
//! say which evidence chose its speaker.

use crate::quotes::Evidence;

/// One turn of talk: who spoke, to whom if anyone was named, and in which paragraph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Turn {
    pub(super) para: usize,
    pub(super) speaker: Option<usize>,
    pub(super) addressee: Option<usize>,
}

/// Turns kept: dialogue asks about no more, and a book has 100,000s.
pub(super) const TURNS_KEPT: usize = 3;

/// The weight of each piece of evidence (see the module doc).
pub(super) fn weight(e: Evidence) -> f32 {
    match e {
        Evidence::Intro => 8.0,
        Evidence::ParagraphSubject => 6.0,
        Evidence::NextSubject => 5.0,
        Evidence::Addressee => 4.5,
        Evidence::Alternation => 4.0,
        Evidence::Antecedent => 3.0,
        Evidence::Reported => 3.5,
        Evidence::LastSubject => 3.0,
        Evidence::PreviousSpeaker => 2.5,
        // The same speaker again right after their own turn: possible (a long speech in
        // several paragraphs), but in talk the other party usually answers.
        Evidence::SameSpeakerAgain => 1.0,
        _ => 0.0,
    }
}

/// Addressed by the quotation itself: never its speaker.
const ADDRESSED: f32 = -20.0;
/// Of a pronoun's gender only perhaps (not known).
const UNSURE: f32 = -2.0;

/// Candidates and the evidence for each.
#[derive(Default)]
pub(super) struct Candidates {
    /// (entity, score, strongest evidence and its weight)
    list: Vec<(usize, f32, Evidence, f32)>,
}

impl Candidates {
    pub(super) fn add(&mut self, id: Option<usize>, e: Evidence) {
        let Some(id) = id else { return };
        let w = weight(e);
        match self.list.iter_mut().find(|c| c.0 == id) {
            Some(c) => {
                c.1 += w;
                if w > c.3 {
                    (c.2, c.3) = (e, w);
                }
            }
            None => self.list.push((id, w, e, w)),
        }
    }

    /// Marks the people the quotation addresses.
    pub(super) fn addressed(&mut self, ids: &[usize]) {
        for c in &mut self.list {
            if ids.contains(&c.0) {
                c.1 += ADDRESSED;
            }
        }
    }

    /// Lowers the candidates `unsure` says only may fit (a pronoun's gender not known).
    pub(super) fn unsure(&mut self, unsure: impl Fn(usize) -> bool) {
        for c in &mut self.list {
            if unsure(c.0) {
                c.1 += UNSURE;
            }
        }
    }

    /// Keeps only candidates that `fits` says may be the speaker (a pronoun's gender).
    pub(super) fn retain(&mut self, fits: impl Fn(usize) -> bool) {
        self.list.retain(|c| fits(c.0));
    }

    /// The best candidate with a positive score, its evidence and a confidence from its score
    /// and its lead over the next best.
    pub(super) fn best(&self) -> Option<(usize, Evidence, f32)> {
        let mut sorted: Vec<_> = self.list.iter().filter(|c| c.1 > 0.0).collect();
        // Highest score first; the first added wins a tie (the order is by evidence strength).
        sorted.sort_by(|a, b| b.1.total_cmp(&a.1));
        let best = sorted.first()?;
        let lead = best.1 - sorted.get(1).map_or(0.0, |c| c.1.max(0.0));
        let confidence = (0.35 + 0.04 * best.1 + 0.03 * lead).clamp(0.35, 0.9);
        Some((best.0, best.2, confidence))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_adds_up_and_the_addressed_never_win() {
        let mut c = Candidates::default();
        c.add(Some(1), Evidence::PreviousSpeaker);
        c.add(Some(2), Evidence::Alternation);
        c.add(Some(1), Evidence::LastSubject);
        c.add(None, Evidence::Intro);
        let (id, e, _) = c.best().unwrap();
        assert_eq!((id, e), (1, Evidence::LastSubject));
        c.addressed(&[1]);
        assert_eq!(c.best().unwrap().0, 2);
        c.addressed(&[2]);
        assert_eq!(c.best(), None);
    }
}
