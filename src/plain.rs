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
        for text in [d.title.as_str(), meta.as_str()] {
            for line in layout::wrap(text, usize::from(width))
                .into_iter()
                .filter(|l| !l.is_empty())
            {
                writeln!(out, "{}", &text[line])?;
            }
        }
        let mut joined = false;
        for p in d.paragraphs() {
            // A long block cut in pieces is printed without blank lines between the pieces.
            if !joined {
                writeln!(out)?;
            }
            joined = p.joined;
            let disp = d.display(&p);
            // The file may have shrunk under its mapping while this paragraph was found.
            d.check_intact()?;
            for line in layout::wrap(&disp.text, usize::from(width)) {
                writeln!(out, "{}", &disp.text[line])?;
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
}
