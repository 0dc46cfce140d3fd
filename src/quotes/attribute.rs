//! Attributing quotations to speakers, paragraph by paragraph in document order.
//!
//! For each quotation: a tag after it (`,” Khovaev said`, `,” said the ambassador`), else a
//! speech verb before it in the same sentence or an introducing clause (`Mu Li said: “`), else
//! the turn it continues (a later run in the same paragraph, a stand-alone quote paragraph after
//! a quote, or a quote after a sentence of indirect speech), alternating in dialogue. A subject
//! is a name (titles stripped, aliases resolved), a pronoun (the most recent fitting person), a
//! role noun (the person introduced with that title) or an organisation. Anything else gives no
//! speaker rather than a guess.

use super::clauses::{
    is_adverb, is_leading_adverbial, is_subject_position, is_verb_at, pronoun, sentence_end,
    sentence_start,
};
use super::lexicon::{self, Gender};
use super::people::People;
use super::scan::Span;
use super::tokens::{self, NameRun, RunKind, Tok};

/// The most words of a quotation that attribution counts: whether it has at least 3, at most
/// 6 or at least 8 decides whether it is speech, and nothing else asks about its words. So a
/// quotation's words after these are not tokenized (`tokens::tokenize_skipping`).
pub const WORDS_COUNTED: usize = 8;
const _: () = assert!(
    WORDS_COUNTED > 6,
    "a title has up to 6 words: the 7th must be counted"
);

/// Quotations whose speakers `implicit` looks back on to follow a dialogue's turns.
const TURNS_KEPT: usize = 2;

/// What a tag names as the speaker.
#[derive(Clone, Debug, PartialEq)]
enum Subject {
    Entity(usize),
    Pronoun(Option<Gender>, usize),
    Role(String),
    /// A description that names nobody (`a ministry spokesman`, `the authors`).
    Nobody,
}

/// Where an attribution came from; also decides the confidence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Tag,
    Continued,
    Implicit,
    Alternating,
    None,
}

/// The attribution of one quotation.
#[derive(Clone, Debug)]
pub struct Attribution {
    pub speaker: Option<super::Speaker>,
    pub confidence: f32,
    pub source: Source,
    /// False for scare quotes, titles and terms: not speech.
    pub speech: bool,
    /// Same number for the parts of one quotation interrupted by its tag.
    pub group: usize,
}

/// The document-wide state of attribution.
pub struct Attributor {
    pub people: People,
    /// Speaker of the last quotation and the paragraph it ended in.
    last_quote: Option<(Option<usize>, usize)>,
    /// Speakers of the last two stand-alone or tagged quotations: (paragraph, speaker), newest
    /// last. Dialogue asks about no more, and a book has 100,000s.
    turns: Vec<(usize, Option<usize>)>,
    /// Subject of the last sentence of indirect speech and its paragraph.
    last_reported: Option<(usize, usize)>,
    /// The last person who was a sentence's subject, and the paragraph.
    last_subject: Option<(usize, usize)>,
    /// A person named in a paragraph that ends with a colon, introducing what follows.
    intro: Option<(usize, usize)>,
    group: usize,
}

impl Attributor {
    pub fn new() -> Attributor {
        Attributor {
            people: People::default(),
            last_quote: None,
            turns: Vec::new(),
            last_reported: None,
            last_subject: None,
            intro: None,
            group: 0,
        }
    }

    /// Resolves a subject at document offset `pos` to an entity.
    fn resolve(&mut self, s: &Subject) -> Option<usize> {
        match s {
            Subject::Entity(id) => Some(*id),
            Subject::Pronoun(g, pos) => {
                let g = (*g)?;
                let id = self.people.antecedent(*pos, Some(g))?;
                self.people.confirm(id);
                self.people.learn_gender(id, g);
                Some(id)
            }
            Subject::Role(r) => self.people.by_role(r),
            Subject::Nobody => None,
        }
    }

    /// A subject in `toks[from..to]` that ends right before a verb.
    fn subject_before(&mut self, toks: &[Tok], from: usize, to: usize) -> Option<Subject> {
        let mut end = to;
        while end > from && is_adverb(&toks[end - 1].lower) {
            end -= 1;
        }
        if end == from {
            return None;
        }
        if let Some(g) = pronoun(&toks[end - 1]) {
            return Some(Subject::Pronoun(g, toks[end - 1].start));
        }
        // Read several times over: listed.
        let runs: Vec<_> = tokens::name_runs(toks, from, end).collect();
        let pick = runs
            .iter()
            .find(|r| r.kind == RunKind::Person)
            .or_else(|| {
                runs.iter().find(|r| {
                    r.kind == RunKind::Single && self.people.find_words(&r.name).is_some()
                })
            })
            .or_else(|| runs.iter().find(|r| r.kind == RunKind::Org))
            .or_else(|| runs.iter().find(|r| r.kind == RunKind::Single));
        if let Some(r) = pick {
            let r = r.clone();
            return self
                .people
                .observe(&r, toks[r.first].start, true, true)
                .map(Subject::Entity);
        }
        self.role_subject(toks, from, end)
    }

    /// A subject right after a verb (`said Khovaev`, `said the ambassador`, `returned she`).
    fn subject_after(&mut self, toks: &[Tok], from: usize, to: usize) -> Option<Subject> {
        let first = toks.get(from).filter(|_| from < to)?;
        if let Some(g) = pronoun(first) {
            return Some(Subject::Pronoun(g, first.start));
        }
        let runs: Vec<_> = tokens::name_runs(toks, from, to.min(from + 8)).collect();
        // "said the Crown prosecutor, Mark Tedeschi": a person's name beats a nearer other word.
        let person = runs
            .iter()
            .find(|r| r.kind == RunKind::Person && r.start <= from + 6);
        if let Some(r) = person.or_else(|| runs.first().filter(|r| r.first <= from + 3)) {
            let r: NameRun = r.clone();
            if let Some(id) = self.people.observe(&r, toks[r.first].start, true, true) {
                return Some(Subject::Entity(id));
            }
        }
        self.role_subject(toks, from, to.min(from + 6))
    }

    /// `the ambassador`, `a defense ministry spokesman`: a role noun, known or not.
    fn role_subject(&self, toks: &[Tok], from: usize, to: usize) -> Option<Subject> {
        let det = (from..to).find(|&i| {
            matches!(
                &*toks[i].lower,
                "the" | "a" | "an" | "his" | "her" | "their" | "its"
            )
        })?;
        let head = (det + 1..to.min(det + 6))
            .take_while(|&i| toks[i].is_word())
            .last()?;
        let role = &*toks[head].lower;
        if toks[det].lower == "the" && self.people.by_role(role).is_some() {
            return Some(Subject::Role(role.to_string()));
        }
        Some(Subject::Nobody)
    }

    /// Learns roles from appositives and lower-case titles around person names:
    /// `Igor Khovaev, the Russian ambassador,` and `NASA astronaut Butch Wilmore`.
    fn learn_roles(&mut self, toks: &[Tok], run: &NameRun, id: usize) {
        if run.first > 0
            && lexicon::is_role(&toks[run.first - 1].lower)
            && !toks[run.first - 1].is_capitalised()
        {
            self.people.add_role(&toks[run.first - 1].lower, id);
        }
        if toks.get(run.last + 1).is_some_and(|t| t.is(",")) {
            for t in toks
                .iter()
                .skip(run.last + 2)
                .take(6)
                .take_while(|t| !t.is(",") && !t.is("."))
            {
                if lexicon::is_role(&t.lower) && !t.is_capitalised() {
                    self.people.add_role(&t.lower, id);
                }
            }
        }
    }

    /// Attributes the quotations of one stretch of text: a paragraph, or the paragraphs a
    /// quotation runs over. `toks` are its tokens; `quotes` the spans in it, in order.
    /// `quote_next`: whether a quotation may start in the paragraph after it (the topic of its
    /// sentences is only ever asked for by a quotation here or there).
    pub fn paragraph(
        &mut self,
        para: usize,
        toks: &[Tok],
        quotes: &[Span],
        quote_next: bool,
        out: &mut Vec<Attribution>,
    ) {
        let topics = quote_next || !quotes.is_empty();
        // Quotations come in order without overlapping, and so do tokens, which are asked
        // about in order: the one quotation that can hold a token is the first that does not
        // end before it.
        debug_assert!(
            quotes
                .windows(2)
                .all(|w| w[0].range.end <= w[1].range.start)
        );
        let mut q = 0;
        let mut inside = |t: &Tok| {
            while quotes.get(q).is_some_and(|x| x.range.end < t.end) {
                q += 1;
            }
            quotes.get(q).is_some_and(|x| t.start >= x.range.start)
        };
        // People mentioned outside quotations, for pronouns later on.
        let mut i = 0;
        while i < toks.len() {
            if inside(&toks[i]) {
                i += 1;
                continue;
            }
            let j = (i..toks.len())
                .find(|&j| inside(&toks[j]))
                .unwrap_or(toks.len());
            for run in tokens::name_runs(toks, i, j) {
                let subject = is_subject_position(toks, &run);
                if let Some(id) = self
                    .people
                    .observe(&run, toks[run.first].start, false, subject)
                {
                    self.learn_roles(toks, &run, id);
                }
            }
            self.read_sentences(para, toks, i, j, topics);
            i = j;
        }

        // (token after its closing mark, token after its tag, speaker, group) of the previous
        // quotation in this stretch.
        let mut prev: Option<(usize, usize, Option<usize>, usize)> = None;
        for (qi, q) in quotes.iter().enumerate() {
            let first_in = toks.partition_point(|t| t.start < q.range.start);
            let after_in = toks.partition_point(|t| t.start < q.range.end);
            // The opening mark is the token before the words; the closing one the token after.
            let open_tok = first_in.saturating_sub(1);
            let after_from = (after_in + 1).min(toks.len());
            let next_open = quotes.get(qi + 1).map_or(toks.len(), |n| {
                toks.partition_point(|t| t.start < n.range.start)
                    .saturating_sub(1)
            });
            let after_to = sentence_end(toks, after_from, next_open.max(after_from));
            let prev_end = prev.map_or(0, |p| p.1).min(open_tok);
            let before_from = sentence_start(toks, prev_end, open_tok);

            let words = toks[first_in..after_in]
                .iter()
                .filter(|t| t.is_word())
                .count();
            let naming = open_tok > 0 && lexicon::NAMING_CUES.contains(&&*toks[open_tok - 1].lower);

            let mut subject = self.tag_after(toks, after_from, after_to);
            let tag_follows = subject.is_some();
            if subject.is_none() {
                subject = self.tag_before(toks, before_from, open_tok);
            }
            let tagged = subject.is_some();
            let mut source = if tagged { Source::Tag } else { Source::None };
            let mut speaker = subject.as_ref().and_then(|s| self.resolve(s));
            let starts_sentence = before_from == open_tok;
            let standalone = open_tok == 0;
            if !tagged {
                if let Some((_, _, sp, _)) = prev {
                    speaker = sp;
                    source = Source::Continued;
                } else if starts_sentence {
                    (speaker, source) = self.implicit(para, standalone);
                }
            }
            let inner = &toks[first_in..after_in];
            let title_like = words <= 6
                && !inner
                    .iter()
                    .any(|t| matches!(t.text, "." | "?" | "!" | ","))
                && inner
                    .iter()
                    .filter(|t| t.is_word() && t.is_capitalised())
                    .count()
                    * 10
                    >= words * 6;
            let speech = !naming
                && !title_like
                && match source {
                    Source::Tag => true,
                    Source::Continued | Source::Implicit | Source::Alternating => words >= 3,
                    Source::None => words >= WORDS_COUNTED && starts_sentence,
                };
            let confidence = match (source, &subject, speaker.is_some()) {
                (Source::Tag, Some(Subject::Entity(_)), true) => 0.95,
                (Source::Tag, Some(Subject::Role(_)), true) => 0.8,
                (Source::Tag, Some(Subject::Pronoun(..)), true) => 0.75,
                (Source::Tag, _, _) => 0.7,
                (Source::Continued, _, true) => 0.85,
                (Source::Implicit, _, true) => 0.6,
                (Source::Alternating, _, true) => 0.5,
                _ => 0.3,
            };
            // One quotation in two parts: “…,” he said, “…”
            let between_is_tag = prev.is_some_and(|(end, _, _, _)| {
                let between = &toks[end.min(open_tok)..open_tok];
                between
                    .last()
                    .is_some_and(|t| t.is(",") || t.is(":") || t.is(";"))
                    && (0..between.len()).any(|k| is_verb_at(between, k))
            });
            let group = match prev {
                Some((_, _, _, g)) if between_is_tag && speech => g,
                _ => {
                    self.group += 1;
                    self.group
                }
            };
            if let Some(id) = speaker {
                let pos = toks.get(after_from).map_or(q.range.end, |t| t.start);
                self.people.mention(id, pos);
            }
            if speech {
                self.last_quote = Some((speaker, q.last_para));
                if standalone || tagged {
                    if self.turns.len() == TURNS_KEPT {
                        self.turns.remove(0);
                    }
                    self.turns.push((para, speaker));
                }
                // Text after an untagged quotation may introduce the next one.
                let tag_end = if tag_follows { after_to } else { after_from };
                prev = Some((after_from, tag_end, speaker, group));
            }
            out.push(Attribution {
                speaker: speaker.and_then(|id| self.people.list[id].speaker),
                confidence,
                source,
                speech,
                group,
            });
        }
    }

    /// `,” said X` or `,” X said` right after the closing mark.
    fn tag_after(&mut self, toks: &[Tok], from: usize, to: usize) -> Option<Subject> {
        let mut from = from;
        while from < to && (toks[from].is(",") || toks[from].is("—") || toks[from].is("–")) {
            from += 1;
        }
        if from >= to {
            return None;
        }
        if toks[from].lower == "according" && toks.get(from + 1).is_some_and(|t| t.lower == "to") {
            return self.subject_after(toks, from + 2, to);
        }
        if is_verb_at(toks, from) {
            return self.subject_after(toks, from + 1, to);
        }
        let v = (from..to.min(from + 16)).find(|&i| is_verb_at(toks, i))?;
        // The subject must start the tag: "he said", "Igor Khovaev, the ambassador, said" — not
        // "After the match, Tunisia's coach X said", which begins another sentence.
        let subject = &toks[from..v];
        if subject.iter().any(|t| t.is(".") || t.is("“") || t.is("\""))
            || is_leading_adverbial(&subject[0].lower)
        {
            return None;
        }
        let commas = subject.iter().filter(|t| t.is(",")).count();
        let appositive = commas == 2 && subject.last().is_some_and(|t| t.is(","));
        if commas > 0 && !appositive || commas == 0 && subject.len() > 7 {
            return None;
        }
        self.subject_before(toks, from, v)
    }

    /// A speech verb before the quotation in its sentence: `Mu Li said: “…`, `X noted a “…”`.
    fn tag_before(&mut self, toks: &[Tok], from: usize, to: usize) -> Option<Subject> {
        // "according to X, “…", "in the words of X, “…"
        let cue = (from..to).find(|&i| {
            let next = toks.get(i + 1).map(|t| &*t.lower);
            toks[i].lower == "according" && next == Some("to")
                || toks[i].lower == "words" && next == Some("of")
        });
        if let Some(a) = cue {
            return self.subject_after(toks, a + 2, to);
        }
        let v = (from..to).rev().find(|&i| is_verb_at(toks, i))?;
        let clause_start = (from..v)
            .rev()
            .find(|&i| toks[i].is(";"))
            .map_or(from, |i| i + 1);
        self.subject_before(toks, clause_start, v)
            .or_else(|| self.subject_after(toks, v + 1, to))
    }

    /// Reads the sentences outside quotations: who each is about (the topic, for pronouns), and
    /// the subject of indirect speech (`Bennett pointed out that …`) for a quotation that follows.
    /// Without `topics` only what later paragraphs depend on is read (people met as subjects of
    /// speech and the genders pronouns show): the topic and an introduction are only asked for
    /// by a quotation in this paragraph or the next, so they are skipped when there is none.
    fn read_sentences(&mut self, para: usize, toks: &[Tok], from: usize, to: usize, topics: bool) {
        let mut s = from;
        while s < to {
            let e = sentence_end(toks, s, to);
            if let Some(v) = (s..e).find(|&i| is_verb_at(toks, i))
                && let Some(subject) = self.subject_before(toks, s, v)
                && let Some(id) = self.resolve(&subject)
            {
                self.last_reported = Some((para, id));
            }
            if !topics {
                s = e.max(s + 1);
                continue;
            }
            if let Some(id) = self.sentence_subject(toks, s, e) {
                self.last_subject = Some((para, id));
            }
            // "The following is a statement from X on …:" introduces the quotation after it.
            if e == toks.len()
                && toks[e - 1].is(":")
                && let Some(run) = tokens::name_runs(toks, s, e).find(|r| r.kind == RunKind::Person)
                && let Some(id) = self.people.find_words(&run.name)
            {
                self.intro = Some((para, id));
            }
            s = e.max(s + 1);
        }
    }

    /// The person a sentence starts with (after an opening adverbial phrase), if any.
    fn sentence_subject(&mut self, toks: &[Tok], s: usize, e: usize) -> Option<usize> {
        let mut k = s;
        if is_leading_adverbial(&toks.get(k)?.lower) {
            k = (k..e.min(k + 12)).find(|&i| toks[i].is(","))? + 1;
        }
        let window = e.min(k + 10);
        for run in tokens::name_runs(toks, k, window) {
            // Nothing but titles, roles and an apposition may stand before the subject.
            if (k..run.first).any(|i| is_verb_at(toks, i) || is_leading_adverbial(&toks[i].lower)) {
                return None;
            }
            let id = match run.kind {
                RunKind::Person => self.people.find_words(&run.name),
                RunKind::Single => self
                    .people
                    .find_words(&run.name)
                    .filter(|&id| !self.people.list[id].org),
                RunKind::Org => None,
            };
            if id.is_some() {
                return id;
            }
        }
        None
    }

    /// Takes a person named in the document's title who is also named in its text: the
    /// headline of a statement names its speaker (`Statement from NASA’s Janet Petro on …`).
    pub fn read_title(&mut self, title: &str, body: &[u8]) {
        let toks = tokens::tokenize(title, 0);
        for run in tokens::name_runs(&toks, 0, toks.len()) {
            let name = run.name.join(" ");
            if run.kind == RunKind::Person
                && memchr::memmem::find(body, name.as_bytes()).is_some()
                && let Some(id) = self.people.observe(&run, 0, false, true)
            {
                self.last_subject = Some((0, id));
                return;
            }
        }
    }

    /// The speaker of a quotation with no tag that starts its sentence.
    fn implicit(&mut self, para: usize, standalone: bool) -> (Option<usize>, Source) {
        if let Some((p, id)) = self.intro
            && p + 1 == para
            && standalone
        {
            return (Some(id), Source::Implicit);
        }
        if standalone {
            // Dialogue: two different speakers in the two previous quote paragraphs, so turns
            // alternate.
            if let [.., (pa, a), (pb, b)] = self.turns[..]
                && pb + 1 == para
                && pa + 1 == pb
                && a.is_some()
                && a != b
            {
                return (a, Source::Alternating);
            }
        }
        if let Some((sp, p)) = self.last_quote
            && p + 1 >= para
            && sp.is_some()
        {
            return (sp, Source::Implicit);
        }
        for (p, id) in [self.last_reported, self.last_subject]
            .into_iter()
            .flatten()
        {
            if p + 1 >= para {
                return (Some(id), Source::Implicit);
            }
        }
        (None, Source::None)
    }
}

impl Default for Attributor {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quotes::scan;
    use crate::store::{Document, Origin};

    /// A dialogue of any length goes on alternating, holding only the last two turns: what
    /// attribution keeps does not grow with a book.
    #[test]
    fn a_long_dialogue_alternates_with_two_turns_kept() {
        let mut text =
            String::from("“Hello there,” said Ann Lee.\n\n“Hi to you,” said Bob Day.\n\n");
        for i in 0..300 {
            text.push_str(&format!("“Line {i} of the talk.”\n\n"));
        }
        let d = Document::from_bytes(Origin::Builtin("t"), text.into_bytes()).unwrap();
        let paras: Vec<_> = d.paragraph_ranges().collect();
        let spans = scan::find(&d.bytes, &paras);
        let mut att = Attributor::new();
        let mut out = Vec::new();
        for (i, p) in paras.iter().enumerate() {
            let toks = tokens::tokenize(std::str::from_utf8(&d.bytes[p.clone()]).unwrap(), p.start);
            let here: Vec<_> = spans
                .iter()
                .filter(|s| s.first_para == i)
                .cloned()
                .collect();
            att.paragraph(i, &toks, &here, true, &mut out);
            assert!(
                att.turns.len() <= TURNS_KEPT,
                "{} turns kept",
                att.turns.len()
            );
        }
        let who: Vec<_> = out.iter().map(|a| a.speaker.map(|s| s.name())).collect();
        assert_eq!(who.len(), 302);
        for (i, w) in who.iter().enumerate() {
            assert_eq!(*w, Some(["Ann Lee", "Bob Day"][i % 2]), "quotation {i}");
        }
    }
}
