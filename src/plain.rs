//! Plain output for when stdout is not a terminal (`sidenote FILE | less`, redirects, scripts):
//! the same sanitised, wrapped text the reader shows, with no escape sequences at all.

use crate::store::Document;
use crate::text::layout;
use std::io::{self, Write};

/// Writes each document: title, date, then its paragraphs wrapped to `width`.
pub fn write_docs(
    out: &mut impl Write,
    docs: &[impl std::ops::Deref<Target = Document>],
    width: u16,
) -> io::Result<()> {
    for (i, d) in docs.iter().enumerate() {
        if i > 0 {
            writeln!(out, "\n{}\n", "─".repeat(usize::from(width.min(40))))?;
        }
        let meta: Vec<&str> = [d.date(), d.header.author.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        let meta = crate::text::sanitize::clean_line(&meta.join(" · "));
        // A title made from the text's first sentence or heading would print it twice; an
        // empty document's (its file name) says which document it is.
        let own_title = d
            .header
            .title
            .as_deref()
            .is_some_and(|t| !t.trim().is_empty());
        let title = if own_title || d.is_empty() {
            d.title.as_str()
        } else {
            ""
        };
        let mut first = true;
        for text in [title, meta.as_str()] {
            for line in layout::wrap(text, usize::from(width))
                .into_iter()
                .filter(|l| !l.is_empty())
            {
                writeln!(out, "{}", &text[line])?;
                first = false;
            }
        }
        let mut joined = false;
        for p in d.paragraphs() {
            // A long block cut in pieces is printed without blank lines between the pieces.
            if !joined && !first {
                writeln!(out)?;
            }
            first = false;
            joined = p.joined;
            let laid = d.layout(&p, usize::from(width));
            // The file may have shrunk under its mapping while this paragraph was found.
            d.check_intact()?;
            for line in laid.lines {
                writeln!(out, "{}", laid.display.text[line].trim_end())?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Document, Origin};

    #[test]
    fn plain_output_is_wrapped_and_escape_free() {
        let d = Document::from_bytes(
            Origin::Builtin("t"),
            b"Hello \x1b[2J world, this is a long line of text.\n\nSecond.".to_vec(),
        )
        .unwrap();
        let mut out = Vec::new();
        write_docs(&mut out, &[&d], 20).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(!s.contains('\x1b'));
        assert!(s.lines().all(|l| layout::width(l) <= 20), "{s}");
        assert!(s.contains("^[[2J"));
        assert!(s.ends_with("Second.\n"));
    }

    fn plain(text: &[u8]) -> String {
        let d = Document::from_bytes(Origin::Builtin("t"), text.to_vec()).unwrap();
        let mut out = Vec::new();
        write_docs(&mut out, &[&d], 60).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_title_is_printed_only_when_the_text_does_not_begin_with_it() {
        // Taken from the first sentence or a heading: the text says it already.
        assert_eq!(
            plain(b"It rained. Then it stopped."),
            "It rained. Then it stopped.\n"
        );
        assert_eq!(
            plain(b"CHAPTER I.\n\nIt rained."),
            "CHAPTER I.\n\nIt rained.\n"
        );
        assert_eq!(
            plain(b"date: 2019-09-05\n\nIt rained."),
            "2019-09-05\n\nIt rained.\n"
        );
        // From a header line, which is not shown otherwise.
        assert_eq!(
            plain(b"title: Weather\n\nIt rained."),
            "Weather\n\nIt rained.\n"
        );
    }
}
