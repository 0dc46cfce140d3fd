//! Telling a misspelt surname from another name: a bounded edit distance, and a cheap test that
//! rules most pairs out before it is worked out.

/// Which characters a word has, as bits (a character's bit is its code modulo 64): one edit
/// adds or removes at most one character, so it changes at most two bits.
pub(super) fn letters(word: &str) -> u64 {
    word.chars().fold(0, |m, c| m | 1 << (c as u32 % 64))
}

/// Edit distance, bounded: returns `None` when it is more than `max`.
pub(super) fn distance(a: &str, b: &str, max: usize) -> Option<usize> {
    if a.is_ascii() && b.is_ascii() {
        // Most names differ in length by more than `max`: no need to look further.
        if a.len().abs_diff(b.len()) > max {
            return None;
        }
        if a.len() < SHORT && b.len() < SHORT {
            return short_distance(a.as_bytes(), b.as_bytes(), max);
        }
    }
    char_distance(a, b, max)
}

/// `distance` over characters, for any text.
fn char_distance(a: &str, b: &str, max: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let sub = prev[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            cur[j] = sub.min(prev[j] + 1).min(cur[j - 1] + 1);
        }
        prev = cur;
    }
    Some(prev[b.len()]).filter(|&d| d <= max)
}

const SHORT: usize = 48;

/// `distance` for ASCII words shorter than `SHORT`: rows on the stack, and it stops as soon as a
/// whole row is over `max` (the rows' minimum never goes down).
fn short_distance(a: &[u8], b: &[u8], max: usize) -> Option<usize> {
    // Bytes: no distance here reaches 2·SHORT, and the rows are a fraction of the size.
    let mut prev = [0u8; SHORT];
    let mut cur = [0u8; SHORT];
    for (j, p) in prev.iter_mut().enumerate().take(b.len() + 1) {
        *p = j as u8;
    }
    for i in 1..=a.len() {
        cur[0] = i as u8;
        let mut least = i as u8;
        for j in 1..=b.len() {
            let sub = prev[j - 1] + u8::from(a[i - 1] != b[j - 1]);
            cur[j] = sub.min(prev[j] + 1).min(cur[j - 1] + 1);
            least = least.min(cur[j]);
        }
        if usize::from(least) > max {
            return None;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    Some(usize::from(prev[b.len()])).filter(|&d| d <= max)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn words_two_edits_apart_differ_in_at_most_four_letters(
            a in "[abcdé]{0,9}", b in "[abcdé]{0,9}"
        ) {
            if distance(&a, &b, 2).is_some() {
                proptest::prop_assert!((letters(&a) ^ letters(&b)).count_ones() <= 4);
            }
        }
    }

    #[test]
    fn the_short_distance_agrees_with_the_general_one() {
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "buchtmann",
            "bauchtman",
            "buchtman",
            "bachmann",
            "khovaev",
            "kovaev",
            "khovayev",
            "elefante",
            "elephant",
            "smith",
            "smyth",
        ];
        for a in words {
            for b in words {
                for max in 0..4 {
                    assert_eq!(
                        distance(a, b, max),
                        char_distance(a, b, max),
                        "{a} {b} {max}"
                    );
                }
            }
        }
    }
}
