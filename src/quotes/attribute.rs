//! Attributing quotations to speakers, paragraph by paragraph in document order.
//!
//! For each quotation: a tag after it (`,” Khovaev said`, `,” said the ambassador`), else a
//! speech verb before it in the same sentence or an introducing clause (`Mu Li said: “`), else
//! the turn it continues (a later run in the same paragraph, a stand-alone quote paragraph after
//! a quote, or a quote after a sentence of indirect speech), alternating in dialogue. A subject
//! is a name (titles stripped, aliases resolved), a pronoun (the most recent fitting person), a
//! role noun (the person introduced with that title) or an organisation. Anything else gives no
//! speaker rather than a guess.

use super::Evidence;
use super::clauses::{
    is_adverb, is_leading_adverbial, is_manner_adverb, is_subject_position, is_verb_at, pronoun,
    sentence_end, sentence_start, verb_len,
};
use super::lexicon::{self, Gender};
use super::people::People;
use super::scan::Span;
use super::tokens::{self, NameRun, RunKind, Tok};
pub(super) use dialogue::feature_name;
use dialogue::{Candidates, Feature, TURNS_KEPT, Turn};
use seen::Seen;

mod dialogue;
mod seen;

/// The most words of a quotation that attribution counts: whether it has at least 3, at most
/// 6 or at least 8 decides whether it is speech, and nothing else asks about its words. So a
/// quotation's words after these are not tokenized (`tokens::tokenize_skipping`).
pub(super) const WORDS_COUNTED: usize = 8;
const _: () = assert!(
    WORDS_COUNTED > 6,
    "a title has up to 6 words: the 7th must be counted"
);

/// What a tag names as the speaker.
#[derive(Clone, Debug, PartialEq)]
enum Subject {
    Entity(usize),
    Pronoun(Option<Gender>, usize),
    Role(String),
    /// A role noun that names a person of its own (`the valet`).
    Described(String),
    /// A noun of relation or kind (`his wife`, `the girl`): someone met before, of that
    /// gender if it says one, at that document offset.
    Relation(Option<Gender>, usize),
    /// A relation within a family after a possessive (`her father`): of the gender the
    /// possessive says, of the relation's own, at that document offset.
    Kin(Option<Gender>, Option<Gender>, usize),
    /// `I` or `we`: the narrator of a story told in the first person.
    FirstPerson,
    /// `said the other`: the other party of the dialogue, not its last speaker.
    OtherParty,
    /// A description that names nobody (`a ministry spokesman`, `the authors`).
    Nobody,
}

/// The attribution of one quotation.
#[derive(Clone, Debug)]
pub(super) struct Attribution {
    pub speaker: Option<super::Speaker>,
    pub confidence: f32,
    /// What chose the speaker.
    pub evidence: Evidence,
    /// False for scare quotes, titles and terms: not speech.
    pub speech: bool,
    /// Same number for the parts of one quotation interrupted by its tag.
    pub group: usize,
}

/// The document-wide state of attribution.
pub(super) struct Attributor {
    pub people: People,
    /// The last turns of talk, newest last (`dialogue::TURNS_KEPT` of them).
    turns: Vec<Turn>,
    /// Subjects of the sentences outside quotations in the paragraph being read: (token,
    /// entity).
    para_subjects: Vec<(usize, usize)>,
    /// Subject of the last sentence of indirect speech and its paragraph.
    last_reported: Option<(usize, usize)>,
    /// The last person who was a sentence's subject, and the paragraph.
    last_subject: Option<(usize, usize)>,
    /// A person named in a paragraph that ends with a colon, introducing what follows.
    intro: Option<(usize, usize)>,
    group: usize,
    /// Words met in lower case: a capitalised one at a sentence's start is then no name.
    seen: Seen,
    /// When asked for (`Attributor::explaining`): the candidates of every choice, for the
    /// fitting of the weights.
    pub explained: Option<Vec<Explained>>,
    /// Where the quotation being attributed starts.
    quote_start: usize,
    /// The last few people who spoke, newest last, each once.
    recent_speakers: Vec<usize>,
    /// A first-person narrator's name, once the other characters have called them by it: the
    /// person they call by name when answering them, and how often they have.
    narrator_named: Option<usize>,
    narrator_votes: Vec<(String, u32)>,
    /// The narrator's name, learnt from a first reading of the story's start.
    pub narrator_hint: Option<String>,
    /// This attributor makes that first reading.
    pub first_reading: bool,
    /// A full name called out in the quotation being read that names nobody met yet.
    unknown_vocative: Option<String>,
    /// The speaker a quotation that starts at this offset, attributed before, turned out to
    /// have (the turn after it called them by name): for whoever holds that quotation.
    pub revised: Option<(usize, Option<super::Speaker>)>,
}

/// How many recent speakers, and recently named people, are candidates for a quotation.
const RECENT: usize = 5;

/// The candidates weighed for one quotation's speaker, with their features.
#[derive(Clone, Debug)]
pub struct Explained {
    /// Where the quotation starts.
    pub start: usize,
    /// Whether a pronoun or a description tagged it.
    pub referred: bool,
    /// Each candidate's name and features (`dialogue::feature_name` names them).
    pub candidates: Vec<(String, [f32; dialogue::FEATURES])>,
}

impl Attributor {
    pub(super) fn new() -> Attributor {
        Attributor {
            people: People::default(),
            turns: Vec::new(),
            para_subjects: Vec::new(),
            last_reported: None,
            last_subject: None,
            intro: None,
            group: 0,
            seen: Seen::new(),
            explained: None,
            quote_start: 0,
            recent_speakers: Vec::new(),
            revised: None,
            narrator_named: None,
            narrator_votes: Vec::new(),
            unknown_vocative: None,
            narrator_hint: None,
            first_reading: false,
        }
    }

    /// An attributor that keeps the candidates of every choice (`explained`).
    pub(super) fn explaining() -> Attributor {
        Attributor {
            explained: Some(Vec::new()),
            ..Attributor::new()
        }
    }

    /// The name runs of `toks[from..to]`, without the capitalised sentence openers in front of
    /// them that are no names (`Perhaps Katharine` → `Katharine`; `Recovering` → none): words
    /// met in lower case in the text, and adverbs and participles by their endings, unless
    /// they are given names.
    fn runs<'t>(
        &self,
        toks: &'t [Tok],
        from: usize,
        to: usize,
    ) -> impl Iterator<Item = NameRun<'t>> + use<'t, '_> {
        tokens::name_runs(toks, from, to).filter_map(move |r| self.clean(toks, r))
    }

    fn clean<'t>(&self, toks: &'t [Tok], mut run: NameRun<'t>) -> Option<NameRun<'t>> {
        let first = &toks[run.first];
        // A word alone that is also a nationality or met in lower case (`a German`, `Love`)
        // says no gender by being a given name too.
        if run.kind == RunKind::Single
            && run.honorific.is_none()
            && run.gender.is_some()
            && (lexicon::is_demonym(&first.lower) || self.seen.contains(&first.lower))
        {
            run.gender = None;
        }
        if run.start != run.first || !at_clause_start(toks, run.first) {
            return Some(run);
        }
        let lower = &*first.lower;
        let classes = first.classes();
        if lexicon::given_gender(classes).is_some() || lexicon::honorific(classes).is_some() {
            return Some(run);
        }
        let by_ending = lower.chars().count() > 4
            && (lower.ends_with("ly") || lower.ends_with("ing") || lower.ends_with("ed"));
        if !(by_ending || self.seen.contains(lower)) {
            return Some(run);
        }
        if run.name.len() == 1 {
            return None;
        }
        run.name.remove(0);
        run.first += 1;
        run.start = run.first;
        if run.kind == RunKind::Person && run.name.len() == 1 && run.roles.is_empty() {
            run.kind = RunKind::Single;
        }
        run.gender = run
            .gender
            .or_else(|| lexicon::given_gender(toks[run.first].classes()));
        Some(run)
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
            Subject::Described(phrase) => Some(self.people.role_entity(phrase)),
            Subject::Relation(g, pos) => self.people.antecedent(*pos, *g),
            Subject::Kin(of, g, pos) => self.kin(*of, *g, *pos),
            Subject::FirstPerson => Some(self.narrator()),
            Subject::OtherParty => self.other_party(),
            Subject::Nobody => None,
        }
    }

    /// The other party of the dialogue: the last one to speak before its last speaker.
    fn other_party(&self) -> Option<usize> {
        let (last, before) = self.turns.split_last()?;
        before
            .iter()
            .rev()
            .find_map(|t| t.speaker.filter(|&s| Some(s) != last.speaker))
            .or_else(|| {
                let mut others = self.recent_speakers.iter().rev();
                others.find(|&&r| Some(r) != last.speaker).copied()
            })
    }

    /// `her father`: the person `her` refers to, then the one of their family of that gender
    /// (`Mr. Woodhouse` for Emma Woodhouse's father).
    fn kin(&self, of: Option<Gender>, g: Option<Gender>, pos: usize) -> Option<usize> {
        let of = self.people.antecedent(pos, Some(of?))?;
        self.people.kin(of, g)
    }

    /// A subject in `toks[from..to]` that ends right before a verb: the phrase next to the
    /// verb (past adverbs, an appositive or a bracket), else the clause's first name.
    fn subject_before(&mut self, toks: &[Tok], from: usize, to: usize) -> Option<Subject> {
        let mut end = to;
        while end > from && (is_adverb(&toks[end - 1].lower) || is_manner_adverb(&toks[end - 1])) {
            end -= 1;
        }
        if end == from {
            return None;
        }
        if let Some(g) = pronoun(&toks[end - 1]) {
            return Some(pronoun_subject(&toks[end - 1], g));
        }
        let next_to = skip_aside(toks, from, end);
        // Read several times over: listed.
        let runs: Vec<_> = self.runs(toks, from, end).collect();
        // `Dorian looked at Lord Henry and said`: the verb shares the subject of the clause
        // before it (the last subject: `though the shares did well, Mrs. Munt rejoiced, and
        // said`).
        let coordinated = next_to > from && matches!(&*toks[next_to - 1].lower, "and" | "but");
        let adjacent = if coordinated {
            runs.iter().rev().find(|r| is_subject_position(toks, r))
        } else {
            runs.iter().rev().find(|r| r.last + 1 == next_to)
        };
        // Else the person who last stands as a subject (`Mrs. Munt` in `though the shares did
        // well, Mrs. Munt never ceased to rejoice, and to say`), else the first person named.
        // `But he inclined his head, and said`: the clause's pronoun, when no name stands as
        // a subject.
        if coordinated
            && adjacent.is_none()
            && let Some(k) = (from..next_to - 1).rev().find(|&k| {
                pronoun(&toks[k]).is_some()
                    && (k == from
                        || tokens::ends_sentence(toks, k - 1)
                        || matches!(&*toks[k - 1].lower, "," | ";" | "but" | "and" | "then"))
            })
            && let Some(g) = pronoun(&toks[k])
        {
            return Some(pronoun_subject(&toks[k], g));
        }
        let pick = adjacent
            .or_else(|| {
                runs.iter()
                    .rev()
                    .find(|r| r.kind == RunKind::Person && is_subject_position(toks, r))
            })
            .or_else(|| runs.iter().find(|r| r.kind == RunKind::Person))
            .or_else(|| {
                runs.iter().find(|r| {
                    r.kind == RunKind::Single && self.people.find_words(&r.name).is_some()
                })
            })
            .or_else(|| runs.iter().find(|r| r.kind == RunKind::Org))
            .or_else(|| runs.iter().find(|r| r.kind == RunKind::Single));
        // A role noun next to the verb (`the ambassador said`) beats a name further off.
        if adjacent.is_none()
            && next_to > from
            && lexicon::is_role(&toks[next_to - 1].lower)
            && !toks[next_to - 1].is_capitalised()
            && let Some(role) =
                self.role_subject(toks, from.max(next_to.saturating_sub(6)), next_to, false)
        {
            return Some(role);
        }
        if let Some(r) = pick {
            let r = r.clone();
            // A capitalised word that is nobody (`Her father replied`) leaves the phrase to
            // be read as a role.
            if let Some(id) = self.people.observe(&r, toks[r.first].start, true, true) {
                return Some(Subject::Entity(id));
            }
        }
        self.role_subject(toks, from, end, false)
    }

    /// A subject right after a verb (`said Khovaev`, `said the ambassador`, `returned she`).
    fn subject_after(&mut self, toks: &[Tok], from: usize, to: usize) -> Option<Subject> {
        let first = toks.get(from).filter(|_| from < to)?;
        if let Some(g) = pronoun(first) {
            return Some(pronoun_subject(first, g));
        }
        let runs: Vec<_> = self.runs(toks, from, to.min(from + 8)).collect();
        // `said Duff, addressing Mr. Giles`: the name next to the verb.
        if let Some(r) = runs.first().filter(|r| r.start == from).cloned()
            && let Some(id) = self.people.observe(&r, toks[r.first].start, true, true)
        {
            return Some(Subject::Entity(id));
        }
        // "said the Crown prosecutor, Mark Tedeschi": a person's name beats a nearer other word.
        // Not one after a preposition (`exclaimed the Grandmother in Russian`, `said to Mr.
        // Giles`): that is how or to whom it was said.
        let free = |r: &&NameRun| r.start == from || !is_preposition(&toks[r.start - 1].lower);
        let person = runs
            .iter()
            .filter(free)
            .find(|r| r.kind == RunKind::Person && r.start <= from + 6);
        if let Some(r) =
            person.or_else(|| runs.first().filter(free).filter(|r| r.first <= from + 3))
        {
            let r: NameRun = r.clone();
            if let Some(id) = self.people.observe(&r, toks[r.first].start, true, true) {
                return Some(Subject::Entity(id));
            }
        }
        self.role_subject(toks, from, to.min(from + 6), true)
    }

    /// `the ambassador`, `the old gentleman`, `a defense ministry spokesman`: a role noun. A
    /// definite one is the person introduced with that title, else a person of its own; an
    /// indefinite one names nobody. Right after a speech verb (`after_verb`), where only a
    /// speaker stands, any noun phrase names one (`said the keeper`, `asked a grinning
    /// countryman`), and `the other` is the other party of the dialogue.
    fn role_subject(
        &self,
        toks: &[Tok],
        from: usize,
        to: usize,
        after_verb: bool,
    ) -> Option<Subject> {
        let det = (from..to).find(|&i| {
            matches!(
                &*toks[i].lower,
                "the" | "a" | "an" | "his" | "her" | "their" | "its" | "one" | "another"
            )
        })?;
        // The noun phrase: words up to a preposition, a conjunction, an adverb or a relative
        // pronoun (`the man with the papers`, `the woman who spoke`, `the keeper eagerly`),
        // without participles at its end (`the man turning to her`).
        let mut words: Vec<usize> = (det + 1..to.min(det + 6))
            .take_while(|&i| {
                toks[i].is_word()
                    && !matches!(&*toks[i].lower, "the" | "a" | "an")
                    && !is_leading_adverbial(&toks[i].lower)
                    && !is_adverb(&toks[i].lower)
                    && !is_manner_adverb(&toks[i])
                    && !ends_noun_phrase(&toks[i].lower)
                    && !(toks[i].lower.len() >= 5
                        && toks[i].lower.ends_with("ly")
                        && !toks[i].lower.ends_with("lly"))
                    && pronoun(&toks[i]).is_none()
                    && !matches!(&*toks[i].lower, "him" | "her" | "them" | "me" | "us")
                    // `the matron interrupting him`: a participle after the noun starts
                    // another phrase (before it, `the grinning countryman`, it describes).
                    && !(i > det + 1 && toks[i].lower.ends_with("ing"))
            })
            .collect();
        while words.len() > 1
            && words
                .last()
                .is_some_and(|&i| toks[i].lower.ends_with("ing") || toks[i].lower.ends_with("ed"))
        {
            words.pop();
        }
        let &head = words.last()?;
        let role = &*toks[head].lower;
        if toks[det].lower == "the" && self.people.by_role(role).is_some() {
            return Some(Subject::Role(role.to_string()));
        }
        let definite = !matches!(&*toks[det].lower, "a" | "an" | "one" | "another");
        // `her father`: a member of her family, when the text knows one.
        let possessor = match &*toks[det].lower {
            "his" => Some(Gender::Male),
            "her" => Some(Gender::Female),
            _ => None,
        };
        if let Some(of) = possessor.filter(|_| words.len() <= 2 && lexicon::is_kin(role))
            && let Some(g) = lexicon::relation_gender(role)
        {
            return Some(Subject::Kin(Some(of), g, toks[det].start));
        }
        // `the Grandmother` written with a capital, as a name: the person known by it.
        if toks[det].lower == "the"
            && words.len() == 1
            && toks[head].is_capitalised()
            && lexicon::relation_gender(role).is_some()
        {
            return Some(Subject::Described(format!("the {}", toks[head].text)));
        }
        // `his father`, `the old lady`: someone met before, of that gender.
        if definite && let Some(g) = lexicon::relation_gender(role) {
            return Some(Subject::Relation(g, toks[det].start));
        }
        if after_verb && toks[det].lower == "the" && words.len() == 1 && role == "other" {
            return Some(Subject::OtherParty);
        }
        // Right after a finite speech verb, past adverbs at most (`said, shaking his head`,
        // `saying the city was safe`, `according to the report` name no speaker here).
        let verb = (from.saturating_sub(2)..from)
            .rev()
            .find(|&v| toks[v].verb_bits() != 0);
        let finite = verb.is_some_and(|v| !toks[v].lower.ends_with("ing"));
        let next_to_verb =
            finite && (from..det).all(|i| is_adverb(&toks[i].lower) || is_manner_adverb(&toks[i]));
        let anyone = after_verb && next_to_verb && !is_no_one(role);
        // An indefinite description before the verb (`a spokesman said`) is an unnamed
        // source; after it (`asked a grinning countryman`), someone who enters the scene.
        let described = !is_no_one(role)
            && !words.iter().any(|&i| is_figure(&toks[i].lower))
            && if definite {
                lexicon::is_own_role(role) || anyone
            } else {
                anyone && lexicon::relation_gender(role).is_none()
            };
        if described && words.len() <= 3 {
            let det = match &*toks[det].lower {
                "his" | "her" | "their" | "its" => &*toks[det].lower,
                _ => "the",
            };
            let mut phrase = det.to_string();
            // As written (`the Marquis`, `the old gentleman`).
            for &i in &words {
                phrase.push(' ');
                phrase.push_str(toks[i].text);
            }
            return Some(Subject::Described(phrase));
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
                // The appositive's noun phrase only: not `Philip, bowing to the landlady`.
                .take_while(|t| {
                    !t.is(",")
                        && !t.is(".")
                        && !ends_noun_phrase(&t.lower)
                        && !t.lower.ends_with("ing")
                        && t.verb_bits() == 0
                })
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
    pub(super) fn paragraph(
        &mut self,
        para: usize,
        toks: &[Tok],
        quotes: &[Span],
        quote_next: bool,
        out: &mut Vec<Attribution>,
    ) {
        // `By E. M. Forster` over a book or an article: its author, not someone in it (taken
        // for one, the author became the `he` of the first chapter).
        if quotes.is_empty() && is_byline(toks) {
            return;
        }
        let topics = quote_next || !quotes.is_empty();
        self.para_subjects.clear();
        for t in toks {
            if t.is_word() && !t.is_capitalised() {
                self.seen.add(&t.lower);
            }
        }
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
            // Right after a quotation, the first sentence may be its tag (`” she said.`): the
            // quotation's own business, not a sentence about someone.
            self.read_sentences(para, toks, i, j, topics, i > 0);
            i = j;
        }

        // (token after its closing mark, token after its tag, speaker, group) of the previous
        // quotation in this stretch.
        let mut prev: Option<(usize, usize, Option<usize>, usize)> = None;
        for (qi, q) in quotes.iter().enumerate() {
            self.quote_start = q.range.start;
            let first_in = toks.partition_point(|t| t.start < q.range.start);
            let after_in = toks.partition_point(|t| t.start < q.range.end);
            // The opening mark is the token before the words, the closing one the token after;
            // a mark of two (`''`, ``` `` ```) is two tokens.
            let mut open_tok = first_in.saturating_sub(1);
            while open_tok > 0 && is_mark_part(&toks[open_tok - 1], &toks[open_tok]) {
                open_tok -= 1;
            }
            let mut after_from = (after_in + 1).min(toks.len());
            while after_from < toks.len() && is_mark_part(&toks[after_from - 1], &toks[after_from])
            {
                after_from += 1;
            }
            let next_open = quotes.get(qi + 1).map_or(toks.len(), |n| {
                toks.partition_point(|t| t.start < n.range.start)
                    .saturating_sub(1)
            });
            let after_to = sentence_end(toks, after_from, next_open.max(after_from));
            let prev_end = prev.map_or(0, |p| p.1).min(open_tok);
            let before_from = sentence_start(toks, prev_end, open_tok);
            let inner = &toks[first_in..after_in];
            let words = inner.iter().filter(|t| t.is_word()).count();

            let mut subject = self.tag_after(toks, after_from, after_to);
            let tag_follows = subject.is_some();
            if subject.is_none() {
                subject = self.tag_before(toks, before_from, open_tok);
            }
            let tagged = subject.is_some();
            let starts_sentence = before_from == open_tok;
            let standalone = open_tok == 0;
            let introduced = open_tok > 0 && toks[open_tok - 1].is(":");
            // The people the quotation speaks to: not its speaker.
            self.unknown_vocative = None;
            let addressed = self.vocatives(toks, first_in, after_in);
            // A line of dialogue that calls someone by name answers them: the turn just before,
            // if no tag named its speaker, was theirs.
            if standalone
                && qi == 0
                && let Some(&called) = addressed.first()
                && let Some(t) = self.turns.last_mut()
                && t.chosen
                && t.para + 1 == para
                && t.speaker != Some(called)
                && self.people.may_speak(called)
            {
                t.speaker = Some(called);
                self.revised = Some((t.start, self.people.list[called].speaker));
                self.note_speaker(called);
            }
            let (speaker, evidence, confidence) = match &subject {
                // `they said`, `it said`: nobody in particular.
                Some(Subject::Pronoun(None, _)) => (None, Evidence::None, 0.3),
                Some(Subject::FirstPerson) => {
                    (self.resolve(&Subject::FirstPerson), Evidence::Narrator, 0.8)
                }
                Some(Subject::Kin(of, g, pos)) if let Some(id) = self.kin(*of, *g, *pos) => {
                    self.people.list[id].spoken = true;
                    (Some(id), Evidence::Role, 0.8)
                }
                Some(
                    Subject::Pronoun(g, pos) | Subject::Relation(g, pos) | Subject::Kin(_, g, pos),
                ) => {
                    let (g, pos) = (*g, *pos);
                    self.choose(
                        para, first_in, after_from, &addressed, standalone, g, pos, true,
                    )
                }
                Some(s) => {
                    let evidence = match s {
                        Subject::Entity(_) => Evidence::Tag,
                        _ => Evidence::Role,
                    };
                    let id = self.resolve(s);
                    if let Some(id) = id {
                        self.people.list[id].spoken = true;
                    }
                    let confidence = match s {
                        Subject::Entity(_) => 0.95,
                        _ => 0.8,
                    };
                    (id, evidence, confidence)
                }
                None => match prev {
                    Some((_, _, sp, _)) => (sp, Evidence::Continued, 0.85),
                    None if starts_sentence || introduced => self.choose(
                        para, first_in, after_from, &addressed, standalone, None, 0, false,
                    ),
                    None => (None, Evidence::None, 0.3),
                },
            };
            let speaker =
                speaker.filter(|&id| !addressed.contains(&id) && self.people.may_speak(id));
            self.learn_narrator(speaker, &addressed, para);
            let named = open_tok > 0 && lexicon::is_naming_cue(&toks[open_tok - 1].lower);
            let speech = !(named || title_like(inner))
                && (tagged
                    || introduced
                    || standalone
                    || prev.is_some() && (starts_sentence || words >= 3)
                    || starts_sentence && (sentence_like(inner) || words >= WORDS_COUNTED));
            // One quotation in two parts: “…,” he said, “…”
            let between_is_tag = prev.is_some_and(|(end, _, _, _)| {
                let between = &toks[end.min(open_tok)..open_tok];
                between
                    .last()
                    .is_some_and(|t| t.is(",") || t.is(":") || t.is(";"))
                    && (0..between.len()).any(|k| verb_len(between, k, true).is_some())
            });
            let continues = prev.is_some_and(|(_, _, _, g)| g == self.group) && between_is_tag;
            let group = if continues && speech {
                self.group
            } else {
                self.group += 1;
                self.group
            };
            if let Some(id) = speaker {
                let pos = toks.get(after_from).map_or(q.range.end, |t| t.start);
                self.people.mention(id, pos);

                if speech {
                    self.note_speaker(id);
                }
            }
            if speech {
                if prev.is_none() || !continues {
                    if self.turns.len() == TURNS_KEPT {
                        self.turns.remove(0);
                    }
                    self.turns.push(Turn {
                        para: q.last_para,
                        speaker,
                        addressee: addressed.first().copied(),
                        start: q.range.start,
                        chosen: !tagged && prev.is_none(),
                    });
                } else if let Some(t) = self.turns.last_mut()
                    && t.addressee.is_none()
                {
                    t.addressee = addressed.first().copied();
                }
                // Text after an untagged quotation may introduce the next one.
                let tag_end = if tag_follows { after_to } else { after_from };
                prev = Some((after_from, tag_end, speaker, group));
            }
            if let Some(id) = speaker {
                self.people.list[id].quoted = true;
            }
            out.push(Attribution {
                speaker: speaker.and_then(|id| self.people.list[id].speaker),
                confidence: if speaker.is_some() { confidence } else { 0.3 },
                evidence: if speaker.is_some() {
                    evidence
                } else {
                    Evidence::None
                },
                speech,
                group,
            });
        }
    }

    /// Notes `id` as the newest of the last few people who spoke (`RECENT` of them).
    fn note_speaker(&mut self, id: usize) {
        self.recent_speakers.retain(|&r| r != id);
        if self.recent_speakers.len() == RECENT {
            self.recent_speakers.remove(0);
        }
        self.recent_speakers.push(id);
    }

    /// The narrator of a story told in the first person: by name once the text has given it
    /// (`narrator_named`), else `the narrator`.
    fn narrator(&mut self) -> usize {
        if self.narrator_named.is_none()
            && let Some(name) = &self.narrator_hint
        {
            self.narrator_named = Some(self.people.named(name));
        }
        let id = match self.narrator_named {
            Some(id) => id,
            None => self.people.role_entity("the narrator"),
        };
        self.people.narrates(id);
        id
    }

    /// The narrator's name, once learnt.
    pub(super) fn narrator_name(&self) -> Option<String> {
        self.narrator_named
            .map(|id| self.people.list[id].name.to_string())
    }

    /// Learns the narrator's name: someone who answers the narrator and calls them by a name
    /// (twice, by then) is calling them by theirs.
    fn learn_narrator(&mut self, speaker: Option<usize>, addressed: &[usize], para: usize) {
        if self.narrator_named.is_some() {
            return;
        }
        let narrator = self.narrator();
        // In the conversation: one of the last few turns, lately, was the narrator's (the
        // turns' own speakers are not sure enough to ask for the very last).
        let answers_narrator = self
            .turns
            .iter()
            .rev()
            .take(3)
            .any(|t| t.speaker == Some(narrator) && t.para + 4 >= para);
        let called = match addressed.first() {
            Some(&id) if speaker != Some(id) => self.people.list[id].name.to_string(),
            Some(_) => return,
            None => match self.unknown_vocative.take() {
                Some(name) => name,
                None => return,
            },
        };
        if !answers_narrator || speaker == Some(narrator) {
            return;
        }
        match self.narrator_votes.iter_mut().find(|v| v.0 == called) {
            Some(v) => {
                v.1 += 1;
                if v.1 >= 2 {
                    self.narrator_named = Some(self.people.named(&called));
                }
            }
            None => self.narrator_votes.push((called, 1)),
        }
    }

    /// The people a quotation calls by name (`“Harry, come here”`, `“…, Mr. Bennet?”`): a name
    /// at its start followed by a comma, or at its end after a comma, that is someone known.
    fn vocatives(&mut self, toks: &[Tok], first: usize, end: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let runs: Vec<_> = self.runs(toks, first, end).collect();
        for r in runs {
            let before = r.start.checked_sub(1).map(|i| &toks[i]);
            let after = toks.get(r.last + 1);
            let opens = r.start == first
                || before.is_some_and(|t| {
                    t.is(",") || matches!(&*t.lower, "oh" | "dear" | "my" | "o" | "ah")
                });
            let closes = after.is_none_or(|t| {
                matches!(t.text, "," | "." | "!" | "?" | ";" | "”" | "\"" | "’" | "—")
                    || matches!(&*t.lower, "dear" | "darling")
            }) || r.last + 1 >= end;
            let vocative = opens && closes && (r.start > first || after.is_some_and(|t| t.is(",")));
            if !vocative || r.kind == RunKind::Org {
                continue;
            }
            // Someone met before: a name called out (`Sir`, `Lord`) is not always a person.
            let id = match r.kind {
                RunKind::Single => self.people.find_words(&r.name),
                _ => self.people.find_person_run(&r),
            };
            if let Some(id) = id.filter(|&id| !self.people.list[id].org) {
                out.push(id);
            } else if id.is_none() && r.kind == RunKind::Person && self.unknown_vocative.is_none() {
                let name = r.name.join(" ");
                self.unknown_vocative = Some(match r.honorific {
                    Some(h) if r.name.len() == 1 => format!("{h} {name}"),
                    _ => name,
                });
            }
        }
        out
    }

    /// The speaker of a quotation that no name tags: with `pronoun` (the gender of `he` or
    /// `she` in its tag, at token `pronoun_at`), someone of that gender. Returns the speaker,
    /// the evidence that chose them and a confidence.
    #[allow(clippy::too_many_arguments)]
    fn choose(
        &mut self,
        para: usize,
        first_in: usize,
        after_from: usize,
        addressed: &[usize],
        standalone: bool,
        pronoun: Option<Gender>,
        pronoun_at: usize,
        referred: bool,
    ) -> (Option<usize>, Evidence, f32) {
        let mut c = Candidates::default();
        if let Some((p, id)) = self.intro
            && p + 1 == para
            && standalone
        {
            c.add(Some(id), Feature::Intro);
        }
        let before = self.para_subjects.iter().rev().find(|s| s.0 < first_in);
        c.add(before.map(|s| s.1), Feature::ParagraphSubject);
        let after = self.para_subjects.iter().find(|s| s.0 >= after_from);
        c.add(after.map(|s| s.1), Feature::NextSubject);
        let n = self.turns.len();
        let last = self.turns.last().filter(|t| t.para + 2 >= para);
        if let Some(t) = last {
            c.add(t.addressee, Feature::Addressee);
            // The other party: the last one to speak before the last speaker, lately.
            let other = self.turns[..n - 1]
                .iter()
                .rev()
                .find(|t2| t2.para + 6 >= para && t2.speaker.is_some() && t2.speaker != t.speaker)
                .and_then(|t2| t2.speaker)
                .or_else(|| {
                    self.recent_speakers
                        .iter()
                        .rev()
                        .find(|&&r| Some(r) != t.speaker)
                        .copied()
                        .filter(|_| n >= 2)
                });
            c.add(other, Feature::Alternation);
            let again = t.para + 1 == para && standalone;
            c.add(
                t.speaker,
                if again {
                    Feature::SameSpeakerAgain
                } else {
                    Feature::PreviousSpeaker
                },
            );
        }
        for (p, id) in [self.last_reported, self.last_subject]
            .into_iter()
            .flatten()
            .filter(|(p, _)| p + 1 >= para)
        {
            let f = if Some((p, id)) == self.last_reported {
                Feature::Reported
            } else {
                Feature::LastSubject
            };
            c.add(Some(id), f);
        }
        for &id in &self.recent_speakers {
            c.add(Some(id), Feature::RecentSpeaker);
        }
        for id in self.people.recent(self.quote_start, RECENT, pronoun) {
            c.add(Some(id), Feature::Mentioned);
        }
        if referred {
            // A pronoun or a description in the tag: a person, of its gender if it says one.
            let antecedent = self.people.antecedent(pronoun_at, pronoun);
            c.add(antecedent, Feature::Antecedent);
            let people = &self.people;
            c.retain(|id| {
                let e = &people.list[id];
                !e.org && pronoun.is_none_or(|g| e.gender.is_none_or(|h| h == g))
            });
            // Someone known to be of that gender before someone who may be.
            if pronoun.is_some() {
                c.unsure(|id| people.list[id].gender.is_none());
            }
        }
        let people = &self.people;
        c.retain(|id| people.may_speak(id));
        c.established(|id| people.list[id].spoken);
        c.addressed(addressed);
        if let Some(list) = &mut self.explained {
            list.push(Explained {
                start: self.quote_start,
                referred,
                candidates: c
                    .list
                    .iter()
                    .map(|k| (self.people.list[k.id].name.to_string(), k.x))
                    .collect(),
            });
        }
        match c.best() {
            Some((id, e, confidence)) => {
                if let Some(g) = pronoun {
                    self.people.confirm(id);
                    self.people.learn_gender(id, g);
                }
                (Some(id), e, confidence)
            }
            None => (None, Evidence::None, 0.3),
        }
    }

    /// `,” said X` or `,” X said` right after the closing mark.
    fn tag_after(&mut self, toks: &[Tok], from: usize, to: usize) -> Option<Subject> {
        let mut from = from;
        while from < to && matches!(toks[from].text, "," | "—" | "–" | "―" | ";") {
            from += 1;
        }
        if from >= to {
            return None;
        }
        // After a quotation that ends its sentence (`… you will.” Margaret denied that …`), a
        // capitalised word starts a new sentence, unless it is a short tag (`.” Ann said.`).
        if from > 1 && toks[from - 2].is(".") && toks[from].is_capitalised() && to - from > 4 {
            return None;
        }
        // `“…” ― Francisco Herrero`: a byline after a dash, the whole of what follows.
        if from > 0 && matches!(toks[from - 1].text, "―" | "—" | "–") {
            let run = self.runs(toks, from, to).next();
            if let Some(r) = run
                && r.start == from
                && (r.last + 1..to).all(|i| !toks[i].is_word())
                && r.kind != RunKind::Org
            {
                return self
                    .people
                    .observe(&r, toks[r.first].start, true, true)
                    .map(Subject::Entity);
            }
        }
        if toks[from].lower == "according" && toks.get(from + 1).is_some_and(|t| t.lower == "to") {
            return self.subject_after(toks, from + 2, to);
        }
        // `“…” was her answer`, `was the firm reply of Mr. Limbkins`, `came the reply`.
        if matches!(&*toks[from].lower, "was" | "came")
            && let Some(noun) = (from + 1..to.min(from + 6))
                .take_while(|&i| toks[i].is_word())
                .find(|&i| is_reply_noun(&toks[i].lower))
        {
            if toks.get(noun + 1).is_some_and(|t| t.lower == "of") {
                return self.subject_after(toks, noun + 2, to);
            }
            return match &*toks[from + 1].lower {
                "his" => Some(Subject::Pronoun(Some(Gender::Male), toks[from + 1].start)),
                "her" => Some(Subject::Pronoun(Some(Gender::Female), toks[from + 1].start)),
                "my" => Some(Subject::FirstPerson),
                // `the reply`: the turn's speaker is whoever's turn it is.
                _ => None,
            };
        }
        if let Some(n) = verb_len(toks, from, true) {
            // `“…,” adding that Trump …`: a participle goes on with the quotation's speaker;
            // what follows it is not who spoke.
            if toks[from].lower.ends_with("ing") {
                return None;
            }
            return self.subject_after(toks, from + n, to);
        }
        // A name and a comma open an appositive, which may be long (`Trump, the party's
        // front-runner and the leader in the polls after winning New Hampshire, said`).
        let appositive_opens =
            toks[from].is_capitalised() && (from + 1..to.min(from + 4)).any(|i| toks[i].is(","));
        let reach = if appositive_opens { 40 } else { 16 };
        let v = (from..to.min(from + reach)).find(|&i| verb_len(toks, i, true).is_some())?;
        // The subject must start the tag: "he said", "Igor Khovaev, the ambassador, said" — not
        // "After the match, Tunisia's coach X said", which begins another sentence.
        let subject = &toks[from..v];
        let new_sentence = (from..v).any(|i| tokens::ends_sentence(toks, i));
        if new_sentence
            || subject.iter().any(|t| t.is("“") || t.is("\""))
            || is_leading_adverbial(&subject[0].lower)
        {
            return None;
        }
        let commas = subject.iter().filter(|t| t.is(",")).count();
        // `Cecelia Purner, 67, a retired clerk in Allentown, Pa., said`: a name, then what
        // she is, in as many commas as it takes.
        if commas >= 2 && subject.last().is_some_and(|t| t.is(",")) {
            let run = self.runs(toks, from, v).next().filter(|r| {
                r.start == from
                    && r.kind == RunKind::Person
                    && r.name.len() > 1
                    && toks.get(r.last + 1).is_some_and(|t| t.is(","))
            });
            if let Some(r) = run
                && let Some(id) = self.people.observe(&r, toks[r.first].start, true, true)
            {
                return Some(Subject::Entity(id));
            }
        }
        let appositive = commas == 2 && subject.last().is_some_and(|t| t.is(","));
        // A tag's subject is short: a name with its title (`panel Chairman Rep. Jason
        // Chaffetz`), counted in words, without the party and state in brackets after it.
        let words = subject[..skip_aside(toks, from, v) - from]
            .iter()
            .filter(|t| t.is_word())
            .count();
        if commas > 0 && !appositive || commas == 0 && words > 7 {
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
        // `Sidney Blumenthal: “No idea”`, `Pollsters agree - Carl Bialik: “…`: a name and a
        // colon right before the quotation introduce what they said, whatever came before.
        if to > from + 1 && toks[to - 1].is(":") {
            let runs: Vec<_> = self.runs(toks, from, to - 1).collect();
            // Not the object of a preposition (`said on Twitter:`, `wrote to Roffman:`), but
            // the source of what follows (`More from Jones:`, `A lesson from Loretta Lynch:`).
            if let Some(r) = runs.last().filter(|r| {
                let before = r.start.checked_sub(1).filter(|&b| b >= from);
                // A name after a speech verb is whom it was said to or like (`he answered, in
                // a voice like Mr. Letterblair's:`), unless a dash sets it apart.
                let set_apart = before.is_none_or(|b| matches!(toks[b].text, "-" | "—" | "–"));
                r.last + 2 == to
                    && r.kind != RunKind::Org
                    && (set_apart || !(from..r.start).any(|i| is_verb_at(toks, i)))
                    && before
                        .is_none_or(|b| toks[b].lower == "from" || !is_preposition(&toks[b].lower))
            }) {
                let r = r.clone();
                if let Some(id) = self.people.observe(&r, toks[r.first].start, true, true) {
                    return Some(Subject::Entity(id));
                }
            }
        }
        let v = (from..to).rev().find(|&i| is_verb_at(toks, i))?;
        // `Albright urged women to vote for Clinton, saying, “…”`: a participle after a comma
        // speaks for the subject of the sentence (the name it starts with), not for the noun
        // before it.
        // So does a verb joined to the sentence's first (`De Blasio said the move was made by
        // Bill Bratton and said, “…”`).
        if v > from
            && (toks[v - 1].is(",") || toks[v - 1].lower == "by")
            && toks[v].lower.ends_with("ing")
            || v > from + 2 && toks[v - 1].lower == "and"
        {
            let start = self.subject_start(toks, from, v - 1);
            // `he` or `she` that starts it (`He turned away and hurried across Union Square,
            // repeating to himself: “…”`): whom it means.
            if let Some(k) = start
                && let Some(g) = pronoun(&toks[k]).filter(Option::is_some)
            {
                return Some(pronoun_subject(&toks[k], g));
            }
            // The name that starts the sentence, or its first clause after an opening phrase
            // (`Back in 1999, Mr. Trump …`, `Amid the calls, Matt Walsh …`).
            let starts = start.map(|k| {
                let after_comma = (k..v - 1).find(|&i| toks[i].is(",")).map(|c| c + 1);
                [Some(k), after_comma]
            });
            // Only a title may stand before the name (`Former Secretary of State Ada Brink`).
            let title = |i: usize| {
                toks[i].is_capitalised() || matches!(&*toks[i].lower, "of" | "the" | "former")
            };
            let run = starts.into_iter().flatten().flatten().find_map(|k| {
                self.runs(toks, k, v - 1).take(3).find(|r| {
                    let known = || {
                        r.name.len() == 1
                            && !lexicon::is_role(&r.name[0].to_lowercase())
                            && self.people.find_words(&r.name).is_some()
                    };
                    (k..r.start).all(title)
                        && r.kind != RunKind::Org
                        && (r.kind == RunKind::Person && r.name.len() > 1 || known())
                })
            });
            if let Some(run) = run
                && let Some(id) = self.people.observe(&run, toks[run.first].start, true, true)
            {
                return Some(Subject::Entity(id));
            }
            // `“…,” adding that Trump “…”`: going on from a quotation, the same speaker.
            if !(from..v - 1).any(|i| toks[i].is_word()) {
                return None;
            }
        }
        let clause_start = (from..v)
            .rev()
            .find(|&i| toks[i].is(";"))
            .map_or(from, |i| i + 1);
        let n = verb_len(toks, v, false).unwrap_or(1);
        self.subject_before(toks, clause_start, v)
            .or_else(|| self.subject_after(toks, v + n, to))
    }

    /// Reads the sentences outside quotations: who each is about (the topic, for pronouns), and
    /// the subject of indirect speech (`Bennett pointed out that …`) for a quotation that follows.
    /// Without `topics` only what later paragraphs depend on is read (people met as subjects of
    /// speech and the genders pronouns show): the topic and an introduction are only asked for
    /// by a quotation in this paragraph or the next, so they are skipped when there is none.
    fn read_sentences(
        &mut self,
        para: usize,
        toks: &[Tok],
        from: usize,
        to: usize,
        topics: bool,
        after_quote: bool,
    ) {
        let mut s = from;
        while s < to {
            let e = sentence_end(toks, s, to);
            let tag = after_quote
                && s == from
                && (s..e.min(s + 10)).any(|i| verb_len(toks, i, true).is_some());
            if tag {
                let runs: Vec<_> = self.runs(toks, s, e).collect();
                for run in runs {
                    let subject = is_subject_position(toks, &run);
                    if let Some(id) =
                        self.people
                            .observe(&run, toks[run.first].start, false, subject)
                    {
                        self.learn_roles(toks, &run, id);
                    }
                }
                s = e.max(s + 1);
                continue;
            }
            // A sentence about `she` goes on about the person `she` was: the chain of who the
            // text is about, for the pronouns after it (in order, before the names in it).
            let k = self.subject_start(toks, s, e);
            if let Some(t) = k.map(|k| &toks[k])
                && let Some(Some(g)) = pronoun(t)
                && !matches!(&*t.lower, "i" | "we")
                && let Some(id) = self.people.antecedent(t.start, Some(g))
            {
                self.people.mention(id, t.start);
                self.people.learn_gender(id, g);
                if topics {
                    self.para_subjects.push((s, id));
                    self.last_subject = Some((para, id));
                }
            }
            let runs: Vec<_> = self.runs(toks, s, e).collect();
            // `the General`, `the Marquis`: a title standing for someone, met like a name (in
            // order with the names, as mentions are kept).
            let mut titles = (s..e.saturating_sub(1))
                .filter(|&i| {
                    toks[i].lower == "the"
                        && toks[i + 1].is_capitalised()
                        && (lexicon::is_own_role(&toks[i + 1].lower)
                            || lexicon::relation_gender(&toks[i + 1].lower).is_some())
                        && !toks
                            .get(i + 2)
                            .is_some_and(|t| t.is_capitalised() && t.is_word())
                })
                .peekable();
            for run in runs {
                while let Some(i) = titles.next_if(|&i| i < run.start) {
                    self.titled_mention(toks, s, i);
                }
                let subject = is_subject_position(toks, &run);
                if let Some(id) = self
                    .people
                    .observe(&run, toks[run.first].start, false, subject)
                {
                    self.learn_roles(toks, &run, id);
                    // `the Korean Central News Agency (KCNA)`: the letters are a name for it too.
                    if let [open, acronym, close, ..] = &toks[(run.last + 1).min(toks.len())..]
                        && open.is("(")
                        && close.is(")")
                        && initials(&run.name) == acronym.text
                    {
                        self.people.add_alias(acronym.text, id);
                    }
                    // `at Hartfield`, `to London`: a place, whatever else it is taken for.
                    if run.first > 0
                        && run.kind == RunKind::Single
                        && run.start == run.first
                        && is_locative(toks, run.first - 1)
                        && lexicon::given_gender(toks[run.first].classes()).is_none()
                        && tokens::strip_possessive(toks[run.last].text) == toks[run.last].text
                    {
                        self.people.seen_as_place(id);
                    }
                }
            }
            for i in titles {
                self.titled_mention(toks, s, i);
            }
            let mut reported = None;
            if let Some(v) = (s..e).find(|&i| is_verb_at(toks, i)) {
                let n = verb_len(toks, v, false).unwrap_or(1);
                // `…, remarked Albert`: the subject follows the verb.
                let inverted = v > s && toks[v - 1].is(",");
                let subject = if inverted {
                    self.subject_after(toks, v + n, e)
                        .or_else(|| self.subject_before(toks, s, v))
                } else {
                    self.subject_before(toks, s, v)
                };
                reported = subject.and_then(|subject| self.resolve(&subject));
            }
            if let Some(id) = reported {
                self.last_reported = Some((para, id));
                if topics {
                    self.para_subjects.push((s, id));
                }
            }
            if !topics {
                s = e.max(s + 1);
                continue;
            }
            let subject = self.sentence_subject(toks, s, e);
            if let Some(id) = subject {
                self.last_subject = Some((para, id));
                if self.para_subjects.last() != Some(&(s, id)) {
                    self.para_subjects.push((s, id));
                }
            }
            // "The following is a statement from X on …:", "So she said, coldly:" introduce
            // the quotation after them.
            if e == toks.len() && toks[e - 1].is(":") {
                let run = self.runs(toks, s, e).find(|r| r.kind == RunKind::Person);
                let named = run.and_then(|r| self.people.find_words(&r.name));
                if let Some(id) = reported.or(subject).or(named) {
                    self.intro = Some((para, id));
                }
            } else if e == toks.len()
                && toks[e - 1].is(",")
                && let Some(id) = reported
            {
                // `Mr. Woodhouse agreed to it all, but added,` and the quotation follows.
                self.intro = Some((para, id));
            }
            s = e.max(s + 1);
        }
    }

    /// Where a sentence's subject may start: after an opening adverbial phrase and its comma.
    fn subject_start(&self, toks: &[Tok], s: usize, e: usize) -> Option<usize> {
        let mut k = s;
        while k < e && matches!(toks[k].text, "“" | "\"" | "‘" | "(" | "—") {
            k += 1;
        }
        if is_leading_adverbial(&toks.get(k)?.lower) {
            k = (k..e.min(k + 12)).find(|&i| toks[i].is(","))? + 1;
        }
        (k < e).then_some(k)
    }

    /// The person a sentence starts with (after an opening adverbial phrase), if any.
    fn sentence_subject(&mut self, toks: &[Tok], s: usize, e: usize) -> Option<usize> {
        let mut k = s;
        if is_leading_adverbial(&toks.get(k)?.lower) {
            k = (k..e.min(k + 12)).find(|&i| toks[i].is(","))? + 1;
        }
        let window = e.min(k + 10);
        let runs: Vec<_> = self.runs(toks, k, window).collect();
        for run in runs {
            // Nothing but titles, roles and an apposition may stand before the subject.
            if (k..run.first).any(|i| is_verb_at(toks, i) || is_leading_adverbial(&toks[i].lower)) {
                return None;
            }
            // `every morning visit in Highbury`: the object of a preposition is no subject.
            if run.start > k && is_preposition(&toks[run.start - 1].lower) {
                continue;
            }
            let id = match run.kind {
                RunKind::Person => self.people.find_words(&run.name),
                RunKind::Single => self
                    .people
                    .find_words(&run.name)
                    .filter(|&id| !self.people.list[id].org),
                RunKind::Org => None,
            };
            if let Some(id) = id.filter(|&id| self.people.may_speak(id)) {
                return Some(id);
            }
        }
        None
    }

    /// A mention of the person a title stands for (`the General` at token `i`, in the
    /// sentence from `s`): whoever holds it, else a person known by it.
    fn titled_mention(&mut self, toks: &[Tok], s: usize, i: usize) {
        let role = toks[i + 1].lower.trim_end_matches('.');
        let id = match self.people.by_role(role) {
            Some(id) => id,
            None => self
                .people
                .role_entity(&format!("the {}", toks[i + 1].text.trim_end_matches('.'))),
        };
        let subject = i == s
            || matches!(
                &*toks[i - 1].lower,
                "," | ";" | "and" | "but" | "when" | "while"
            );
        self.people.mention_at(id, toks[i].start, subject);
    }

    /// Takes a person named in the document's title who is also named in its text: the
    /// headline of a statement names its speaker (`Statement from NASA’s Janet Petro on …`).
    pub(super) fn read_title(&mut self, title: &str, body: &[u8]) {
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
}

/// The capitals of a name's words (`Korean Central News Agency` → `KCNA`).
fn initials(name: &[&str]) -> String {
    name.iter()
        .filter_map(|w| w.chars().next().filter(|c| c.is_uppercase()))
        .collect()
}

/// Whether `a` and `b` are the two halves of one quote mark (`''`, ``` `` ```).
fn is_mark_part(a: &Tok, b: &Tok) -> bool {
    a.end == b.start && matches!((a.text, b.text), ("'", "'") | ("`", "`"))
}

/// The subject a pronoun makes: `I` and `we` are a first-person narrator.
fn pronoun_subject(t: &Tok, g: Option<Gender>) -> Subject {
    match &*t.lower {
        "i" | "we" => Subject::FirstPerson,
        _ => Subject::Pronoun(g, t.start),
    }
}

/// A preposition or conjunction, which ends a noun phrase (`the man with the papers`, `the
/// girl and her mother`).
fn ends_noun_phrase(w: &str) -> bool {
    is_preposition(w)
        || matches!(
            w,
            "and"
                | "but"
                | "or"
                | "as"
                | "while"
                | "when"
                | "if"
                | "because"
                | "though"
                | "than"
                | "so"
                | "who"
                | "whom"
                | "that"
                | "which"
                | "whose"
                | "where"
                | "soon"
                | "afterwards"
                | "aloud"
                | "again"
                | "then"
                | "now"
                | "once"
                | "too"
                | "also"
                | "still"
                | "presently"
                | "suddenly"
                | "quickly"
                | "slowly"
                | "quietly"
                | "softly"
        )
}

/// A preposition: what follows it is its object, not a clause's subject.
fn is_preposition(w: &str) -> bool {
    matches!(
        w,
        "of" | "from"
            | "with"
            | "in"
            | "at"
            | "to"
            | "on"
            | "by"
            | "for"
            | "into"
            | "upon"
            | "near"
            | "after"
            | "before"
            | "behind"
            | "beside"
            | "over"
            | "under"
            | "through"
            | "across"
            | "towards"
            | "toward"
            | "about"
            | "against"
            | "among"
            | "between"
    )
}

/// What a quotation is called when the sentence after it names its speaker by it (`was her
/// answer`, `came the reply`).
fn is_reply_noun(w: &str) -> bool {
    matches!(
        w,
        "answer"
            | "reply"
            | "response"
            | "rejoinder"
            | "retort"
            | "remark"
            | "comment"
            | "exclamation"
            | "cry"
            | "question"
            | "greeting"
            | "words"
    )
}

/// Words that stand for a noun phrase's head without naming anyone (`said the second`, `the
/// former`, `the rest`).
fn is_no_one(w: &str) -> bool {
    matches!(
        w,
        "other"
            | "others"
            | "one"
            | "ones"
            | "former"
            | "latter"
            | "same"
            | "first"
            | "second"
            | "third"
            | "fourth"
            | "last"
            | "rest"
            | "both"
            | "two"
            | "three"
            | "whole"
            | "next"
    )
}

/// What speaks in a figure (`said the voice close ahead`, `his head`): someone met before,
/// never a person of its own, wherever the word stands in the phrase.
fn is_figure(w: &str) -> bool {
    matches!(
        w,
        "voice"
            | "voices"
            | "head"
            | "heart"
            | "face"
            | "eyes"
            | "lips"
            | "tongue"
            | "moment"
            | "meaning"
            | "thing"
            | "things"
            | "else"
            | "word"
            | "words"
            | "letter"
            | "note"
            | "answer"
            | "reply"
            | "question"
            | "silence"
            | "sound"
            | "look"
            | "tone"
    )
}

/// Whether token `i` is a preposition after which a capitalised word is a place (`in London`,
/// `was at Hartfield`), not a person (one speaks `to` or `from` people, and `looked at` them).
fn is_locative(toks: &[Tok], i: usize) -> bool {
    match &*toks[i].lower {
        "in" | "near" | "into" | "inside" | "outside" | "within" | "across" | "via" => true,
        "at" => i.checked_sub(1).is_none_or(|b| {
            let w = &*toks[b].lower;
            !(w.ends_with("ed") || w.ends_with("ing") || w.ends_with('s') || w == "look")
        }),
        _ => false,
    }
}

/// Function words that stay in lower case in a title (`The Age of Innocence`).
fn title_small(w: &str) -> bool {
    matches!(
        w,
        "a" | "an"
            | "the"
            | "of"
            | "and"
            | "or"
            | "in"
            | "on"
            | "at"
            | "to"
            | "for"
            | "with"
            | "by"
            | "from"
            | "as"
            | "but"
            | "nor"
            | "is"
            | "vs"
    )
}

/// A quotation that reads as a title or a name, not speech: its words capitalised, but for
/// small function words, with no sentence punctuation (`“The Internet Explorer 6
/// Countdown”`, a list of project titles), at any length.
fn title_like(inner: &[Tok]) -> bool {
    let content: Vec<&Tok> = inner
        .iter()
        .filter(|t| t.is_word() && !title_small(&t.lower))
        .collect();
    !inner
        .iter()
        .any(|t| matches!(t.text, "." | "?" | "!" | "," | ";" | "…"))
        && content.len() >= 2
        && content
            .iter()
            .all(|t| t.is_capitalised() || t.text.starts_with(|c: char| c.is_ascii_digit()))
}

/// A quotation that reads as a sentence of speech: it ends with sentence punctuation inside
/// its marks (`“Yes.”`, `“Never, sir!”`, `“What is his name?”`, `“Well,” she said`).
fn sentence_like(inner: &[Tok]) -> bool {
    inner
        .last()
        .is_some_and(|t| matches!(t.text, "." | "?" | "!" | "," | "…" | "—" | "-" | ";"))
}

/// Whether token `i` starts a sentence or a clause where any word is capitalised: the text's
/// start, after a full stop, a quote mark, a dash or a colon.
fn at_clause_start(toks: &[Tok], i: usize) -> bool {
    i == 0
        || tokens::ends_sentence(toks, i - 1)
        || matches!(
            toks[i - 1].text,
            "“" | "\"" | "‘" | "'" | ":" | "—" | "–" | "(" | "``" | "''" | "«"
        )
}

/// How far into a document (in bytes) a byline stands.
const BYLINE_WITHIN: usize = 4096;

/// A paragraph near the start of the text that is a byline alone: `By` and a name (`By E. M.
/// Forster`, `by Jane Doe and John Roe`).
fn is_byline(toks: &[Tok]) -> bool {
    let Some(first) = toks.first() else {
        return false;
    };
    let rest = &toks[1..];
    first.start < BYLINE_WITHIN
        && first.lower == "by"
        && !rest.is_empty()
        && rest.len() <= 12
        && rest.first().is_some_and(Tok::is_capitalised)
        && rest
            .iter()
            .all(|t| t.is_capitalised() || matches!(t.text, "." | "," | "-") || t.lower == "and")
}

/// Where the phrase next to a verb at `end` ends, past an appositive or a bracket before the
/// verb: `Igor Khovaev, the Russian ambassador, said` and `Tim Kaine (D-Va.) said` end at the
/// name.
fn skip_aside(toks: &[Tok], from: usize, end: usize) -> usize {
    let last = &toks[end - 1];
    if last.is(")") {
        if let Some(open) = (from..end - 1).rev().take(8).find(|&i| toks[i].is("(")) {
            return open;
        }
    } else if last.is(",")
        && let Some(open) = (from..end - 1).rev().take(24).find(|&i| toks[i].is(","))
        && toks
            .get(open + 1)
            .is_some_and(|t| !t.is_capitalised() || lexicon::is_role(&t.lower))
    {
        return open;
    }
    end
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
