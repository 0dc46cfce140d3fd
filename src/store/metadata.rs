//! Document metadata: title, date and author from the text's own header, word count and
//! reading time.
//!
//! Recognised headers, at the very start of the text: the news-feed form `date YYYY-MM-DD `
//! running into the first paragraph; `title:`/`date:`/`author:` lines ending at a blank line;
//! Markdown front matter between `---` lines. The header is metadata, not body text.

use serde::{Deserialize, Serialize};

/// What the header said, and where the body starts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub title: Option<String>,
    pub date: Option<String>,
    pub author: Option<String>,
}

/// Average adult silent-reading speed for non-fiction, words per minute.
const WORDS_PER_MINUTE: usize = 238;

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// Strips surrounding quotes that YAML-ish headers often carry.
fn unquote(v: &str) -> String {
    let v = v.trim();
    let q = v.len() >= 2
        && ((v.starts_with('"') && v.ends_with('"')) || (v.starts_with('\'') && v.ends_with('\'')));
    if q {
        v[1..v.len() - 1].to_string()
    } else {
        v.to_string()
    }
}

/// Applies one `key: value` line; false when the line is not a header line we know.
fn header_line(h: &mut Header, line: &str) -> bool {
    let Some((key, value)) = line.split_once(':') else {
        return false;
    };
    let value = unquote(value);
    match key.trim().to_ascii_lowercase().as_str() {
        "title" => h.title = Some(value),
        "date" => {
            h.date = Some(value.chars().take(10).collect::<String>())
                .filter(|d| is_date(d))
                .or(Some(value))
        }
        "author" | "by" | "authors" => h.author = Some(value),
        _ => return false,
    }
    true
}

/// A header (front matter included) ends within this many bytes, so a file that starts like one
/// but never closes it (or a 1 GB first line) is not read to its end.
const HEADER_LIMIT: usize = 64 << 10;

/// Iterates lines of `bytes[from..]` as (line text, offset after its line end), within
/// `HEADER_LIMIT`; a line that runs past it ends the lines (no header line is that long). Lines
/// end as the reader's do: `\n`, `\r\n` or a lone `\r`.
fn lines_from(bytes: &[u8], from: usize) -> impl Iterator<Item = (String, usize)> + '_ {
    let mut i = from;
    let limit = from.saturating_add(HEADER_LIMIT).min(bytes.len());
    std::iter::from_fn(move || {
        if i >= limit {
            return None;
        }
        let end = memchr::memchr2(b'\n', b'\r', &bytes[i..limit]).map_or(limit, |p| i + p);
        if end == limit && limit < bytes.len() {
            return None;
        }
        let line = String::from_utf8_lossy(&bytes[i..end]).into_owned();
        let ending = match bytes.get(end..end + 2) {
            Some(b"\r\n") => 2,
            _ => 1,
        };
        i = (end + ending).min(bytes.len());
        Some((line, i))
    })
}

/// Reads the header at `bytes[from..]`; returns it and the offset where the body starts.
pub fn parse_header(bytes: &[u8], from: usize) -> (Header, usize) {
    let mut h = Header::default();
    // News-feed form: "date 2019-09-05 In a bid ..." (the sample starts with a space).
    let lead = bytes[from..]
        .iter()
        .take_while(|b| b.is_ascii_whitespace())
        .count();
    let at = from + lead;
    if bytes[at..].starts_with(b"date ")
        && bytes.len() >= at + 15
        && let Ok(d) = std::str::from_utf8(&bytes[at + 5..at + 15])
        && is_date(d)
        && bytes.get(at + 15).is_none_or(|b| b.is_ascii_whitespace())
    {
        h.date = Some(d.to_string());
        let spaces = bytes[at + 15..]
            .iter()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count();
        return (h, at + 15 + spaces);
    }
    let mut it = lines_from(bytes, from).peekable();
    // Markdown front matter.
    if it.peek().is_some_and(|(l, _)| l.trim_end() == "---") {
        let mut inner = lines_from(bytes, from).skip(1);
        let mut fm = Header::default();
        for (line, next) in inner.by_ref() {
            if line.trim_end() == "---" || line.trim_end() == "..." {
                return (fm, next);
            }
            header_line(&mut fm, &line);
        }
        return (Header::default(), from);
    }
    // `key: value` lines up to a blank line.
    let mut body = from;
    let mut any = false;
    for (line, next) in it {
        if line.trim().is_empty() {
            if any {
                body = next;
            }
            break;
        }
        if !header_line(&mut h, &line) {
            return (Header::default(), from);
        }
        any = true;
        body = next;
    }
    if any {
        (h, body)
    } else {
        (Header::default(), from)
    }
}

/// Counts words: runs of non-space characters; each CJK character counts as a word.
///
/// Written as branch-free arithmetic over byte pairs so the compiler vectorises it: it runs over
/// whole documents (100 MB in well under a second on one slow core). Only ASCII whitespace
/// separates words; an invalid byte is a word character, so broken text still counts. Any
/// character from U+3000 to U+DFFF (kana, CJK ideographs, Hangul, CJK punctuation) counts as one
/// word: an estimate for reading time, not a linguistic word count.
pub fn word_count(bytes: &[u8]) -> usize {
    fn space(b: u8) -> bool {
        (b == b' ') | (b.wrapping_sub(b'\t') < 5)
    }
    fn cjk_lead(b: u8) -> bool {
        b.wrapping_sub(0xE3) < 11
    }
    let Some(&first) = bytes.first() else {
        return 0;
    };
    let mut count = usize::from(!space(first) && !cjk_lead(first)) + usize::from(cjk_lead(first));
    // Chunks of 255 keep the per-chunk sums in byte lanes (sixteen to a vector register, where
    // u32 lanes hold four), and a byte cannot overflow over 255 pairs.
    for (prev, cur) in bytes.chunks(255).zip(bytes[1..].chunks(255)) {
        let n = prev
            .iter()
            .zip(cur)
            .map(|(&p, &c)| u8::from((!space(c) & !cjk_lead(c) & space(p)) | cjk_lead(c)))
            .fold(0u8, u8::wrapping_add);
        count += usize::from(n);
    }
    count
}

/// Text larger than this has its words estimated from samples, so opening it never waits for a
/// whole-file count.
const EXACT_COUNT_LIMIT: usize = 8 << 20;
/// Size of each of the samples.
const SAMPLE: usize = 1 << 20;

/// The word count, exact up to `EXACT_COUNT_LIMIT`; beyond it an estimate from three 1 MiB
/// samples (start, middle, end) scaled to the size. The bool says it is exact.
pub fn word_count_fast(bytes: &[u8]) -> (usize, bool) {
    if bytes.len() <= EXACT_COUNT_LIMIT {
        return (word_count(bytes), true);
    }
    let mid = bytes.len() / 2;
    let samples = [
        &bytes[..SAMPLE],
        &bytes[mid..mid + SAMPLE],
        &bytes[bytes.len() - SAMPLE..],
    ];
    let counted: usize = samples.iter().map(|s| word_count(s)).sum();
    let estimate = (counted as f64 * bytes.len() as f64 / (3 * SAMPLE) as f64) as usize;
    (estimate, false)
}

/// Minutes to read `words` words, at least one.
pub fn reading_minutes(words: usize) -> usize {
    words.div_ceil(WORDS_PER_MINUTE).max(1)
}

/// Reading time for people: minutes up to two hours, then hours (a 1 GB file is days, not
/// a million minutes).
pub fn reading_time(words: usize) -> String {
    match reading_minutes(words) {
        m if m < 120 => format!("{m} min"),
        m => format!("{} h", m.div_ceil(60)),
    }
}

/// A title made from the first sentence of `text`, shortened at a word boundary.
pub fn title_from_text(text: &str, max_chars: usize) -> String {
    let text = text.trim_start_matches('#').trim();
    let end = text
        .char_indices()
        .find(|&(i, c)| {
            matches!(c, '.' | '!' | '?' | '。') && text[i + c.len_utf8()..].starts_with([' ', '\n'])
        })
        .map_or(text.len(), |(i, c)| i + c.len_utf8());
    let sentence = text[..end].split_whitespace().collect::<Vec<_>>().join(" ");
    if sentence.chars().count() <= max_chars {
        return sentence;
    }
    let mut out = String::new();
    for word in sentence.split(' ') {
        if out.chars().count() + word.chars().count() + 1 > max_chars.saturating_sub(1) {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.is_empty() {
        out = sentence.chars().take(max_chars.saturating_sub(1)).collect();
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn news_feed_date_header_is_not_body() {
        let text = b" date 2019-09-05 In a bid to boost";
        let (h, body) = parse_header(text, 0);
        assert_eq!(h.date.as_deref(), Some("2019-09-05"));
        assert_eq!(&text[body..], b"In a bid to boost");
    }

    #[test]
    fn key_value_header_lines() {
        let text = b"title: Big News\ndate: 2020-01-02\nauthor: A. Writer\n\nBody.";
        let (h, body) = parse_header(text, 0);
        assert_eq!(h.title.as_deref(), Some("Big News"));
        assert_eq!(h.date.as_deref(), Some("2020-01-02"));
        assert_eq!(h.author.as_deref(), Some("A. Writer"));
        assert_eq!(&text[body..], b"Body.");
    }

    #[test]
    fn a_header_is_read_whatever_the_line_ends() {
        for end in ["\n", "\r\n", "\r"] {
            let text = ["Title: Big News", "date: 2020-01-02", "", "Body.", "More."].join(end);
            let (h, body) = parse_header(text.as_bytes(), 0);
            assert_eq!(h.title.as_deref(), Some("Big News"), "{end:?}");
            assert_eq!(h.date.as_deref(), Some("2020-01-02"), "{end:?}");
            assert_eq!(&text[body..], format!("Body.{end}More."), "{end:?}");
            let fm = ["---", "title: Front", "---", "Body."].join(end);
            let (h, body) = parse_header(fm.as_bytes(), 0);
            assert_eq!(h.title.as_deref(), Some("Front"), "{end:?}");
            assert_eq!(&fm[body..], "Body.", "{end:?}");
        }
        // In the reader: the body is shown, not an empty document.
        let d = crate::store::Document::from_bytes(
            crate::store::Origin::Builtin("t"),
            b"Title: Big News\rdate: 2020-01-02\r\rThe body.\r".to_vec(),
        )
        .unwrap();
        assert!(!d.is_empty());
        assert_eq!(d.title, "Big News");
        assert_eq!(d.display(&d.first_paragraph().unwrap()).text, "The body.");
    }

    #[test]
    fn front_matter() {
        let text = b"---\ntitle: \"Quoted: Title\"\ndate: 2021-03-04T10:00\nlayout: post\n---\n# Heading\n";
        let (h, body) = parse_header(text, 0);
        assert_eq!(h.title.as_deref(), Some("Quoted: Title"));
        assert_eq!(h.date.as_deref(), Some("2021-03-04"));
        assert_eq!(&text[body..], b"# Heading\n");
    }

    #[test]
    fn ordinary_first_line_is_not_a_header() {
        let text = b"Note: this is body text.\nMore.";
        assert_eq!(parse_header(text, 0), (Header::default(), 0));
        assert_eq!(parse_header(b"date night was fun", 0).1, 0);
    }

    #[test]
    fn words_and_reading_time() {
        assert_eq!(word_count(b"  one two\tthree\nfour "), 4);
        assert_eq!(word_count("日本語 and".as_bytes()), 4);
        assert_eq!(word_count(b"bad\xffbyte x"), 2);
        assert_eq!(reading_minutes(0), 1);
        assert_eq!(reading_minutes(477), 3);
    }

    proptest::proptest! {
        #[test]
        fn the_word_count_counts_words_and_cjk_characters_over_any_length(
            text in "([a-z]{1,9}|[ \t\n\r\x0B\x0C]{1,3}|日本|\u{00e9}|\u{FF01})*"
        ) {
            // Longer than a chunk, so sums cross chunk boundaries.
            let text = text.repeat(1 + 700 / (text.len() + 1));
            let ws = |c: char| c == ' ' || ('\t'..='\r').contains(&c);
            let cjk = |c: char| ('\u{3000}'..='\u{D7FF}').contains(&c);
            let mut want = 0;
            let mut prev_space = true;
            for c in text.chars() {
                if cjk(c) || !ws(c) && prev_space {
                    want += 1;
                }
                prev_space = ws(c);
            }
            proptest::prop_assert_eq!(word_count(text.as_bytes()), want);
        }
    }

    #[test]
    fn a_header_is_looked_for_only_near_the_start() {
        // Front matter that never closes, and a first line far longer than any header line.
        let mut open = String::from("---\ntitle: x\n");
        open.push_str(&"words and more words\n".repeat(10_000));
        assert_eq!(parse_header(open.as_bytes(), 0), (Header::default(), 0));
        let long = "title: ".to_string() + &"a".repeat(200_000);
        assert_eq!(parse_header(long.as_bytes(), 0), (Header::default(), 0));
        // A normal header still reads.
        let (h, body) = parse_header(b"title: T\n\nBody", 0);
        assert_eq!((h.title.as_deref(), body), (Some("T"), 10));
    }

    #[test]
    fn long_reading_times_are_in_hours() {
        assert_eq!(reading_time(238 * 5), "5 min");
        assert_eq!(reading_time(238 * 119), "119 min");
        assert_eq!(reading_time(238 * 600), "10 h");
    }

    #[test]
    fn large_texts_estimate_their_words() {
        let text = "word ".repeat((9 << 20) / 5);
        let (n, exact) = word_count_fast(text.as_bytes());
        assert!(!exact);
        let real = word_count(text.as_bytes());
        assert!(n.abs_diff(real) * 100 <= real, "{n} vs {real}");
        assert_eq!(word_count_fast(b"two words"), (2, true));
    }

    #[test]
    fn title_from_first_sentence() {
        assert_eq!(title_from_text("Short one. Second.", 60), "Short one.");
        let t = title_from_text(
            "In a bid to boost the capabilities of the Philippines’ military, Russia said",
            40,
        );
        assert!(t.ends_with('…') && t.chars().count() <= 40, "{t}");
        assert!(t.starts_with("In a bid to boost"));
    }
}
