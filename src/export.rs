//! Quotation and bookmark export for the command line: JSON lines, a Markdown citation list,
//! CSV, or readable text. Whatever the format, nothing in a document can act on the terminal
//! the output is shown in: JSON escapes such characters (`\u001b`, `\u202e`), so a value read
//! back is the exact text; Markdown, CSV and text show them (`^[`, `<U+202E>`, `<FF>` for an
//! invalid byte), as the reader does.

use crate::quotes::Quote;
use crate::store::Document;
use crate::store::decode::Encoding;
use crate::text::sanitize::{clean_bytes, clean_line, visible};
use std::io::{self, Write};

/// Output formats of `sidenote quotes`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Json,
    Md,
    Csv,
    /// The candidates each attribution weighed, with their features: for the fitting script
    /// (`benches/quotes/fit.py`), not for people.
    #[value(hide = true)]
    Candidates,
}

/// Output formats of `sidenote bookmarks`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum MarksFormat {
    /// A readable entry.
    Text,
    /// A Markdown citation.
    Md,
    /// A JSON line.
    Json,
}

/// One line of `--format json`, fields in the documented order.
#[derive(serde::Serialize)]
struct JsonQuote<'a> {
    start: usize,
    end: usize,
    text: std::borrow::Cow<'a, str>,
    speaker: Option<&'a str>,
    quote: usize,
    confidence: f64,
    /// What chose the speaker (`tag`, `alternation`, …; `none` without one).
    evidence: &'static str,
    file: &'a str,
}

/// Writes the quotations of `doc` in `format`. `first` says whether this is the first document
/// (a CSV header before it, no blank line before its Markdown heading).
pub fn write_quotes(
    out: &mut impl Write,
    doc: &Document,
    quotes: &[Quote],
    format: Format,
    first: bool,
) -> io::Result<()> {
    let mut w = QuoteWriter::start(out, doc, format, first)?;
    doc.check_intact()?;
    w.write(quotes)?;
    w.finish()
}

/// Finds the quotations of `doc` and writes each as soon as it is found, so a large document's
/// first ones appear at once and memory stays flat; stops finding them at the first write error
/// (`| head` closing the pipe).
pub fn stream_quotes(
    out: &mut impl Write,
    doc: &Document,
    format: Format,
    first: bool,
) -> io::Result<()> {
    if format == Format::Candidates {
        return write_candidates(out, doc);
    }
    let mut w = QuoteWriter::start(out, doc, format, first)?;
    let mut result = Ok(());
    crate::quotes::extract_with_progress(doc, |_, found| {
        // What was found in text that is no longer the file's is never written.
        match doc.check_intact().and_then(|()| w.write(&found)) {
            Ok(()) => true,
            Err(e) => {
                result = Err(e);
                false
            }
        }
    });
    result?;
    w.finish()
}

/// Writes, for every quotation whose speaker was chosen among candidates, one JSON line: its
/// span, whether a pronoun or a description tagged it, and each candidate with its features.
fn write_candidates(out: &mut impl Write, doc: &Document) -> io::Result<()> {
    let (found, explained) = crate::quotes::explain(doc);
    let mut offsets = FileOffsets::new(doc.encoding);
    for e in explained {
        let Some(q) = found.iter().find(|q| q.start() == e.start) else {
            continue;
        };
        let candidates: Vec<serde_json::Value> = e
            .candidates
            .iter()
            .map(|(name, x)| {
                let features: serde_json::Map<String, serde_json::Value> = x
                    .iter()
                    .enumerate()
                    .filter(|(_, v)| **v != 0.0)
                    .map(|(f, v)| (crate::quotes::feature_name(f).to_string(), (*v).into()))
                    .collect();
                serde_json::json!({"speaker": name, "features": features})
            })
            .collect();
        let line = serde_json::json!({
            "start": offsets.of(&doc.bytes, q.start()),
            "end": offsets.of(&doc.bytes, q.end()),
            "referred": e.referred,
            "chosen": q.speaker_name(),
            "candidates": candidates,
        });
        write_json(out, &line)?;
    }
    out.flush()
}

/// One document's quotations being written: its heading first, then the quotations in as
/// many parts as they come, then (in Markdown) a line if there were none.
struct QuoteWriter<'a, W: Write> {
    out: &'a mut W,
    doc: &'a Document,
    format: Format,
    file: String,
    /// What a Markdown citation names after the speaker: the cleaned title and ` (2020-01-01)`
    /// or nothing, made once, not for every quotation.
    source: String,
    written: usize,
    /// The number of the last quotation written: the parts of an interrupted one share it.
    number: usize,
    offsets: FileOffsets,
    /// A batch's output, made before any of it is written: it goes out only if the text it was
    /// made from was still the file's (`Document::check_intact`).
    buf: Vec<u8>,
}

impl<'a, W: Write> QuoteWriter<'a, W> {
    fn start(out: &'a mut W, doc: &'a Document, format: Format, first: bool) -> io::Result<Self> {
        let date = doc
            .date()
            .map(|d| format!(" ({})", clean_line(d)))
            .unwrap_or_default();
        match format {
            Format::Json => {}
            Format::Csv if first => writeln!(out, "file,start,end,quote,speaker,confidence,text")?,
            Format::Csv | Format::Candidates => {}
            Format::Md => {
                if !first {
                    writeln!(out)?;
                }
                writeln!(out, "## {}{date}\n", clean_line(&doc.title))?;
            }
        }
        Ok(QuoteWriter {
            out,
            doc,
            format,
            file: doc.origin.to_string(),
            source: format!("*{}*{date}", clean_line(&doc.title)),
            written: 0,
            number: 0,
            offsets: FileOffsets::new(doc.encoding),
            buf: Vec::new(),
        })
    }

    /// Writes `quotes` (the parts of an interrupted quotation always come together).
    fn write(&mut self, quotes: &[Quote]) -> io::Result<()> {
        let (doc, file) = (self.doc, &self.file);
        let out = &mut self.buf;
        out.clear();
        self.written += quotes.len();
        match self.format {
            Format::Candidates => {}
            Format::Json => {
                for (n, q) in crate::quotes::numbered(quotes, self.number) {
                    self.number = n;
                    let line = JsonQuote {
                        start: self.offsets.of(&doc.bytes, q.start()),
                        end: self.offsets.of(&doc.bytes, q.end()),
                        text: String::from_utf8_lossy(&doc.bytes[q.start()..q.end()]),
                        speaker: q.speaker_name(),
                        quote: n,
                        confidence: (f64::from(q.confidence()) * 100.0).round() / 100.0,
                        evidence: q.evidence().name(),
                        file,
                    };
                    write_json(&mut *out, &line)?;
                }
            }
            Format::Csv => {
                for (n, q) in crate::quotes::numbered(quotes, self.number) {
                    self.number = n;
                    writeln!(
                        out,
                        "{},{},{},{},{},{:.2},{}",
                        csv(file.as_bytes()),
                        self.offsets.of(&doc.bytes, q.start()),
                        self.offsets.of(&doc.bytes, q.end()),
                        n,
                        csv(q.speaker_name().unwrap_or("").as_bytes()),
                        q.confidence(),
                        csv(&doc.bytes[q.start()..q.end()])
                    )?;
                }
            }
            Format::Md => {
                let mut i = 0;
                while i < quotes.len() {
                    // The parts of one interrupted quotation are cited together.
                    let n = crate::quotes::parts(quotes, i).end - i;
                    let parts: Vec<String> = quotes[i..i + n]
                        .iter()
                        .map(|q| clean_bytes(&doc.bytes[q.start()..q.end()]))
                        .collect();
                    let mut who = quotes[i]
                        .speaker_name()
                        .map_or("unattributed".to_string(), clean_line);
                    if !quotes[i].is_sure() {
                        who.push_str(" (a guess)");
                    }
                    writeln!(
                        out,
                        "> “{}”\n>\n> — {who}, {}\n",
                        parts.join(" … "),
                        self.source
                    )?;
                    i += n;
                }
            }
        }
        // Made from the file's text, or not written at all.
        doc.check_intact()?;
        self.out.write_all(&self.buf)?;
        // What was found so far goes out now, however `out` is buffered.
        self.out.flush()
    }

    fn finish(self) -> io::Result<()> {
        if self.format == Format::Md && self.written == 0 {
            writeln!(self.out, "No quotations.")?;
        }
        self.out.flush()
    }
}

/// Offsets into the file as read, from offsets into a document's text. They are the same for
/// UTF-8; a UTF-16 file's text was converted to UTF-8, so its offsets are counted back in code
/// units (two bytes each, after the two of the byte-order mark). Quotations come in order, so
/// the count goes on from the last offset asked for and a document is counted once.
struct FileOffsets {
    utf16: bool,
    /// The last offset into the text asked for, and the file offset it maps to.
    text_at: usize,
    file_at: usize,
}

impl FileOffsets {
    fn new(encoding: Encoding) -> FileOffsets {
        let utf16 = matches!(encoding, Encoding::Utf16Le | Encoding::Utf16Be);
        FileOffsets {
            utf16,
            text_at: 0,
            file_at: if utf16 { 2 } else { 0 },
        }
    }

    fn of(&mut self, text: &[u8], at: usize) -> usize {
        if !self.utf16 {
            return at;
        }
        if at < self.text_at {
            *self = FileOffsets::new(Encoding::Utf16Le);
        }
        // One unit for every character, two for one past U+FFFF (four UTF-8 bytes).
        let units = text[self.text_at..at]
            .iter()
            .map(|&b| usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0))
            .sum::<usize>();
        self.text_at = at;
        self.file_at += 2 * units;
        self.file_at
    }
}

/// A JSON formatter that escapes, besides what JSON requires, every character that could act on
/// a terminal (DEL, C1 controls, bidi controls, line and paragraph separators) as `\uXXXX`:
/// the value read back is exactly the text, and the output can be shown in a terminal as it is.
struct TerminalSafe;

impl serde_json::ser::Formatter for TerminalSafe {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut from = 0;
        for (i, c) in fragment.char_indices() {
            if crate::text::sanitize::is_active(c) {
                writer.write_all(&fragment.as_bytes()[from..i])?;
                // Every such character is in the Basic Multilingual Plane: one escape.
                write!(writer, "\\u{:04x}", c as u32)?;
                from = i + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[from..])
    }
}

/// Writes `value` as one line of JSON, terminal-safe.
fn write_json(out: &mut impl Write, value: &impl serde::Serialize) -> io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(&mut *out, TerminalSafe);
    value.serialize(&mut ser).map_err(io::Error::from)?;
    out.write_all(b"\n")
}

/// Writes one bookmark in `format`.
pub fn write_bookmark(
    out: &mut impl Write,
    b: &crate::bookmarks::Bookmark,
    format: MarksFormat,
) -> io::Result<()> {
    let added = crate::bookmarks::date(b.created);
    if format == MarksFormat::Json {
        let line = serde_json::json!({
            "document": b.title,
            "path": b.path,
            "date": b.date,
            "text": b.text,
            "note": b.note,
            "speaker": b.speaker,
            "created": b.created,
            "offset": b.offset,
            "id": b.id,
        });
        return write_json(out, &line);
    }
    let title = clean_line(&b.title);
    let date = b
        .date
        .as_deref()
        .map(|d| format!(" ({})", clean_line(d)))
        .unwrap_or_default();
    let who = b
        .speaker
        .as_deref()
        .map(|s| format!("— {}", clean_line(s)))
        .unwrap_or_default();
    if format == MarksFormat::Md {
        writeln!(
            out,
            "## {title}{date}
"
        )?;
        for line in visible(b.passage()).lines() {
            writeln!(out, "> {}", clean_line(line))?;
        }
        if !who.is_empty() {
            writeln!(out, ">\n> {who}")?;
        }
        if !b.note.is_empty() {
            writeln!(out, "\n{}", clean_line(&b.note))?;
        }
        writeln!(
            out,
            "\n*Bookmarked {added} from `{}`.*\n",
            clean_line(&b.path)
        )
    } else {
        writeln!(
            out,
            "{title}{date} · added {added}\n  {}{}{who}",
            clean_bytes(b.passage()),
            if who.is_empty() { "" } else { " " },
        )?;
        if !b.note.is_empty() {
            writeln!(out, "  note: {}", clean_line(&b.note))?;
        }
        writeln!(out)
    }
}

/// Quotes a CSV field (RFC 4180), with whatever could act on a terminal made visible (CSV has
/// no escapes of its own) and line ends as `\n`.
fn csv(s: &[u8]) -> String {
    format!("\"{}\"", visible(s).replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quotes;
    use crate::store::{Document, Origin};

    fn doc() -> Document {
        Document::from_bytes(
            Origin::Builtin("t"),
            "title: T\ndate: 2020-01-01\n\n“We offer help,” Jane Doe said, “and we mean it.”"
                .as_bytes()
                .to_vec(),
        )
        .unwrap()
    }

    #[test]
    fn json_lines_have_the_documented_fields() {
        let d = doc();
        let q = quotes::extract(&d);
        let mut out = Vec::new();
        write_quotes(&mut out, &d, &q, Format::Json, true).unwrap();
        let lines: Vec<serde_json::Value> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["text"], "We offer help,");
        assert_eq!(lines[0]["speaker"], "Jane Doe");
        assert_eq!(lines[0]["quote"], lines[1]["quote"]);
        let (s, e) = (
            lines[1]["start"].as_u64().unwrap() as usize,
            lines[1]["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&d.bytes[s..e], "and we mean it.".as_bytes());
    }

    #[test]
    fn markdown_cites_speaker_title_and_date_and_joins_parts() {
        let d = doc();
        let mut out = Vec::new();
        write_quotes(&mut out, &d, &quotes::extract(&d), Format::Md, true).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(s.contains("> “We offer help, … and we mean it.”"), "{s}");
        assert!(s.contains("— Jane Doe, *T* (2020-01-01)"), "{s}");
    }

    #[test]
    fn streamed_output_is_the_same_as_written_at_once() {
        // Large enough that the quotations come in many parts (every 1 % of the text).
        let para = "“We offer help,” Jane Doe said, “and we mean it.” She left.\n\n";
        let d = Document::from_bytes(Origin::Builtin("t"), para.repeat(2000).into_bytes()).unwrap();
        let all = quotes::extract(&d);
        for (format, first) in [
            (Format::Md, false),
            (Format::Csv, true),
            (Format::Json, true),
        ] {
            let (mut once, mut streamed) = (Vec::new(), Vec::new());
            write_quotes(&mut once, &d, &all, format, first).unwrap();
            stream_quotes(&mut streamed, &d, format, first).unwrap();
            assert_eq!(
                String::from_utf8(streamed).unwrap(),
                String::from_utf8(once).unwrap()
            );
        }
    }

    #[test]
    fn streaming_stops_at_the_first_write_error() {
        struct Closed(usize);
        impl Write for Closed {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                self.0 += 1;
                Err(io::ErrorKind::BrokenPipe.into())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let para = "“We offer help,” Jane Doe said. She left.\n\n";
        let d = Document::from_bytes(Origin::Builtin("t"), para.repeat(2000).into_bytes()).unwrap();
        let mut out = Closed(0);
        let e = stream_quotes(&mut out, &d, Format::Json, true).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::BrokenPipe);
        assert_eq!(out.0, 1, "nothing more is written after the error");
    }

    #[test]
    fn csv_escapes_quotes() {
        assert_eq!(csv(b"say \"hi\", ok"), "\"say \"\"hi\"\", ok\"");
    }

    /// Text with what could act on a terminal: escapes, C1 and bidi controls, separators,
    /// DEL, invalid bytes, and plain words between them.
    fn hostile() -> impl proptest::strategy::Strategy<Value = Vec<u8>> {
        use proptest::prelude::*;
        proptest::collection::vec(
            prop_oneof![
                4 => proptest::sample::select(vec![
                    "word ", "\x1b]0;x\x07", "\x1b[31m", "\u{9b}", "\u{85}", "\u{202E}",
                    "\u{2066}", "\u{2028}", "\u{7f}", "\r", "\t", "é", "“", "”",
                ])
                .prop_map(|s| s.as_bytes().to_vec()),
                1 => any::<u8>().prop_map(|b| vec![b]),
            ],
            0..24,
        )
        .prop_map(|v| v.concat())
    }

    proptest::proptest! {
        #[test]
        fn no_export_writes_what_acts_on_a_terminal(said in hostile(), who in hostile(), title in hostile()) {
            let text = [
                b"title: ".as_slice(), &title, b"\n\n\xe2\x80\x9c", &said,
                b",\xe2\x80\x9d said Jane Doe. \xe2\x80\x9cMore ", &who,
                b".\xe2\x80\x9d\n\n\xe2\x80\x9cYes,\xe2\x80\x9d said ", &who, b".",
            ].concat();
            let Some(d) = Document::from_bytes(Origin::Builtin("t"), text) else {
                return Ok(()); // binary: nothing to export
            };
            let found = quotes::extract(&d);
            for format in [Format::Json, Format::Md, Format::Csv] {
                let mut out = Vec::new();
                write_quotes(&mut out, &d, &found, format, true).unwrap();
                let out = String::from_utf8(out).expect("exports are UTF-8");
                let bad = out.chars().find(|&c| {
                    crate::text::sanitize::is_active(c) || c == '\r' || (c == '\t' && format == Format::Json)
                });
                proptest::prop_assert!(bad.is_none(), "{:?} in {:?}", bad, out);
                if format == Format::Json {
                    // Escaped, not changed: the text read back is the quotation's.
                    for (line, q) in out.lines().zip(&found) {
                        let v: serde_json::Value = serde_json::from_str(line).unwrap();
                        let want = String::from_utf8_lossy(&d.bytes[q.start()..q.end()]);
                        proptest::prop_assert_eq!(v["text"].as_str().unwrap(), want);
                    }
                }
            }
            let mut b = crate::bookmarks::Bookmark::at(&d.bytes, 0..d.len());
            b.note = String::from_utf8_lossy(&said).into_owned();
            b.title = String::from_utf8_lossy(&title).into_owned();
            b.speaker = Some(String::from_utf8_lossy(&who).into_owned());
            for format in [MarksFormat::Json, MarksFormat::Md, MarksFormat::Text] {
                let mut out = Vec::new();
                write_bookmark(&mut out, &b, format).unwrap();
                let out = String::from_utf8(out).unwrap();
                let bad = out.chars().find(|&c| crate::text::sanitize::is_active(c) || c == '\r');
                proptest::prop_assert!(bad.is_none(), "{:?} in {:?}", bad, out);
            }
        }

        #[test]
        fn spans_of_a_utf16_file_are_its_own_bytes(
            words in proptest::collection::vec(proptest::sample::select(vec![
                "word", "Élysée", "日本語", "😀", "𝒜", "naïve",
            ]), 1..12),
            be in proptest::prelude::any::<bool>(),
        ) {
            let said = words.join(" ");
            let text = format!("Intro 𝒜 line.\n\n“{said},” said Jane Doe.\n\n“And {said},” said 𝒜 Doe.\n\n“{said}?” he asked.");
            let units: Vec<u16> = text.encode_utf16().collect();
            let mut file = if be { vec![0xFE, 0xFF] } else { vec![0xFF, 0xFE] };
            for u in &units {
                file.extend(if be { u.to_be_bytes() } else { u.to_le_bytes() });
            }
            let d = Document::from_bytes(Origin::Builtin("t"), file.clone()).unwrap();
            let found = quotes::extract(&d);
            proptest::prop_assert!(found.len() >= 3);
            let mut out = Vec::new();
            write_quotes(&mut out, &d, &found, Format::Json, true).unwrap();
            for line in String::from_utf8(out).unwrap().lines() {
                let v: serde_json::Value = serde_json::from_str(line).unwrap();
                let (s, e) = (v["start"].as_u64().unwrap() as usize, v["end"].as_u64().unwrap() as usize);
                proptest::prop_assert!(s <= e && e <= file.len() && s % 2 == 0 && e % 2 == 0);
                let span: Vec<u16> = file[s..e]
                    .chunks(2)
                    .map(|c| if be { u16::from_be_bytes([c[0], c[1]]) } else { u16::from_le_bytes([c[0], c[1]]) })
                    .collect();
                proptest::prop_assert_eq!(String::from_utf16(&span).unwrap(), v["text"].as_str().unwrap());
            }
        }
    }
}
