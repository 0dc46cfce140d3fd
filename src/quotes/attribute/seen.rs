//! Words seen in lower case so far in a document, to tell a capitalised sentence opener
//! (`Perhaps Katharine said`, `Recovering herself, Elizabeth…`) from a name: a name is written
//! with its capital wherever it stands, so a word also met in lower case is not one.
//!
//! Two bit sets probed at two places each, so a book's words fit with few false hits; when the
//! newer one has taken many words, the older is cleared and they swap, so a document of any
//! size keeps about the last few hundred thousand words and never fills the sets.

const BITS: usize = 1 << 21;
/// New words taken by the newer set before the older is dropped (a tenth of its bits set).
const TURN: usize = 100_000;

pub(super) struct Seen {
    sets: [Vec<u64>; 2],
    newer: usize,
    taken: usize,
}

fn probes(w: &str) -> [usize; 2] {
    let x = std::hash::BuildHasher::hash_one(&foldhash::fast::FixedState::default(), w);
    [(x as usize) % BITS, ((x >> 32) as usize) % BITS]
}

impl Seen {
    pub(super) fn new() -> Seen {
        Seen {
            sets: [vec![0; BITS / 64], vec![0; BITS / 64]],
            newer: 0,
            taken: 0,
        }
    }

    /// Notes a word met in lower case.
    pub(super) fn add(&mut self, w: &str) {
        let set = &mut self.sets[self.newer];
        let mut new = false;
        for p in probes(w) {
            new |= set[p / 64] & (1 << (p % 64)) == 0;
            set[p / 64] |= 1 << (p % 64);
        }
        if !new {
            return;
        }
        self.taken += 1;
        if self.taken >= TURN {
            self.newer = 1 - self.newer;
            self.sets[self.newer].fill(0);
            self.taken = 0;
        }
    }

    /// Whether `w` (in lower case) was met in lower case lately.
    pub(super) fn contains(&self, w: &str) -> bool {
        let ps = probes(w);
        self.sets
            .iter()
            .any(|s| ps.iter().all(|&p| s[p / 64] & (1 << (p % 64)) != 0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_remembered_for_a_while_and_then_forgotten() {
        let mut s = Seen::new();
        let early: Vec<String> = (0..1000).map(|i| format!("early{i}")).collect();
        for w in &early {
            s.add(w);
        }
        assert!(early.iter().all(|w| s.contains(w)));
        let never = (0..1000)
            .filter(|i| s.contains(&format!("never{i}")))
            .count();
        assert!(never < 10, "{never} false hits");
        for i in 0..TURN * 2 + 1 {
            s.add(&format!("w{i}"));
        }
        // Forgotten after two turns, but for the few that a tenth full set hits by chance.
        let kept = early.iter().filter(|w| s.contains(w)).count();
        assert!(kept < 50, "{kept} still there");
        assert!(s.contains(&format!("w{}", TURN * 2)));
    }
}
