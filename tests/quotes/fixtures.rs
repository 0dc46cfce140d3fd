//! The quotation engine on small texts written for these tests, one for each kind of evidence
//! it must read (`tests/fixtures/quotes/`): every quotation found, exactly, with its speaker.
//! A case that fails names the kind.

use sidenote::quotes;
use sidenote::store::{Document, Origin};

/// The quotations of a fixture as (text, speaker).
fn found(name: &str) -> Vec<(String, Option<String>)> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/quotes")
        .join(name);
    let bytes = std::fs::read(&path).unwrap();
    let doc = Document::from_bytes(Origin::File(path), bytes.clone()).unwrap();
    quotes::extract(&doc)
        .iter()
        .map(|q| {
            (
                String::from_utf8_lossy(&bytes[q.start()..q.end()]).into_owned(),
                q.speaker_name().map(str::to_string),
            )
        })
        .collect()
}

fn check(name: &str, want: &[(&str, Option<&str>)]) {
    let got = found(name);
    let want: Vec<(String, Option<String>)> = want
        .iter()
        .map(|(t, s)| (t.to_string(), s.map(str::to_string)))
        .collect();
    assert_eq!(got, want, "{name}");
}

#[test]
fn untagged_dialogue_alternates_and_a_vocative_names_the_other_party() {
    check(
        "dialogue.txt",
        &[
            ("Are you coming with me?", Some("Ann Lee")),
            ("Yes,", Some("Bob Day")),
            ("Then hurry.", Some("Ann Lee")),
            // Calls Ann by name: Bob's.
            ("I am hurrying, Ann.", Some("Bob Day")),
            ("Good.", Some("Ann Lee")),
        ],
    );
}

#[test]
fn a_first_person_narrator_is_named_as_the_others_address_them() {
    check(
        "narrator.txt",
        &[
            ("Good morning,", Some("Mr. Grant")),
            ("Good morning, Mr. Grant,", Some("the clerk")),
            ("You are early today.", Some("the clerk")),
            ("I could not sleep,", Some("Mr. Grant")),
            ("Nor could I, Mr. Grant,", Some("the clerk")),
            ("Then we are both tired,", Some("Mr. Grant")),
        ],
    );
}

#[test]
fn mr_and_mrs_of_one_family_are_two_people() {
    check(
        "family.txt",
        &[
            ("My dear,", Some("Mrs. Bennet")),
            ("have you heard the news?", Some("Mrs. Bennet")),
            ("I have not,", Some("Mr. Bennet")),
            ("Jane Bennet is to be married,", Some("Mrs. Bennet")),
            ("Is she indeed?", Some("Mr. Bennet")),
        ],
    );
}

#[test]
fn her_father_is_of_her_family() {
    check(
        "kin.txt",
        &[
            ("I am sorry to be so late,", Some("Anna Marsh")),
            ("We were not anxious, my dear,", Some("Mr. Marsh")),
            ("Not very anxious.", Some("Mr. Marsh")),
        ],
    );
}

#[test]
fn a_list_of_titles_is_not_speech() {
    check(
        "titles.txt",
        &[("We are proud of every one of them,", Some("Maria Costa"))],
    );
}

#[test]
fn a_colon_after_a_name_and_a_full_stop_after_a_sentence_introduce_a_quotation() {
    check(
        "colon.txt",
        &[
            (
                "We will not stop until the law is passed.",
                Some("Jane Roe"),
            ),
            (
                "The outbreak is under control and the schools will reopen next week.",
                Some("Ann Grey"),
            ),
        ],
    );
}

#[test]
fn a_role_noun_never_introduced_with_a_name_is_a_speaker_of_its_own() {
    check(
        "role.txt",
        &[
            ("What will it be?", Some("the barman")),
            ("Coffee, please,", Some("Tom Hale")),
        ],
    );
}

#[test]
fn an_acronym_in_brackets_is_another_name_for_what_it_follows() {
    check(
        "acronym.txt",
        &[(
            "The test was a complete success,",
            Some("Korean Central News Agency"),
        )],
    );
}

#[test]
fn two_apostrophes_are_a_quote_mark() {
    check(
        "apostrophes.txt",
        &[
            ("We are ready for anything,", Some("Mark Wells")),
            ("Nothing will stop us.", Some("Mark Wells")),
        ],
    );
}

#[test]
fn a_man_known_by_mr_and_his_surname_is_the_man_of_his_full_name_and_particles_stay_in_it() {
    check(
        "name-forms.txt",
        &[
            ("The water is cold this year,", Some("Mr. van der Berg")),
            ("I have been to the village,", Some("Mr. Hale")),
            ("Did you see the doctor?", Some("Mrs. Hale")),
            ("He was out,", Some("Mr. Hale")),
            ("I left a note.", Some("Mr. Hale")),
            ("Then we will go tomorrow,", Some("Mr. van der Berg")),
        ],
    );
}

#[test]
fn the_mrs_of_a_family_is_not_the_daughter_met_by_her_given_name() {
    check(
        "mother-and-daughter.txt",
        &[
            ("Will you have sugar?", Some("Margaret Lowell")),
            ("I have found the letters at last,", Some("Mrs. Lowell")),
            ("Your grandfather wrote them all.", Some("Mrs. Lowell")),
            ("May I read them?", Some("Margaret Lowell")),
        ],
    );
}

#[test]
fn a_verb_after_and_has_the_subject_of_the_clause_before_it() {
    check(
        "clause-subjects.txt",
        &[
            ("I did manage that, at all events.", Some("Mrs. Munt")),
            ("You are wet through,", Some("Ann")),
            ("It is nothing.", Some("Tom")),
        ],
    );
}

#[test]
fn a_narrator_called_by_name_in_a_conversation_is_named_and_a_title_stands_for_someone() {
    check(
        "narrator-and-title.txt",
        &[
            ("Where have you been all morning?", Some("the General")),
            ("I was at the Casino,", Some("Alexis Ivanovitch")),
            (
                "For God's sake, Alexis Ivanovitch, do put an end to this scheme of yours!",
                Some("the General"),
            ),
            ("I cannot,", Some("Alexis Ivanovitch")),
            (
                "Then think of the family, Alexis Ivanovitch,",
                Some("the General"),
            ),
            ("I have thought of nothing else,", Some("Alexis Ivanovitch")),
        ],
    );
}

#[test]
fn quote_marks_in_a_fenced_code_block_are_code_not_speech() {
    check(
        "code.txt",
        &[
            ("It reads one file and nothing else,", Some("Mia Holt")),
            ("Change the name and restart it,", Some("Mia Holt")),
        ],
    );
}

#[test]
fn a_title_before_the_name_and_the_party_after_it_leave_the_tag_whole() {
    check(
        "affiliation.txt",
        &[
            ("Subpoenas are not optional,", Some("Dana Holm")),
            ("He is a crucial witness.", Some("Dana Holm")),
            ("It was a show, not a hearing,", Some("Ellis J. Marsh")),
            ("Their plan is very clear,", Some("Mira Castell")),
        ],
    );
}

#[test]
fn a_participle_speaks_for_the_sentence_subject_and_a_name_before_a_colon_for_itself() {
    check(
        "participle.txt",
        &[
            // Not the title before the name, nor the person the sentence speaks of.
            ("She is the fairest choice we have.", Some("Ada Brink")),
            ("I wish I could do that.", Some("Tomas Vale")),
            // `Pollsters agree - Carl Nyberg:`: the name before the colon, not the verb's subject.
            ("The numbers have not moved.", Some("Carl Nyberg")),
            ("Turnout will decide it.", Some("Carl Nyberg")),
            // `said on Twitter:`: the colon follows a place to say things, not a speaker.
            ("We will see.", Some("Tomas Vale")),
            // `…,” adding that Mayor Holt …`: the participle goes on with the speaker; who
            // follows it is spoken of.
            (
                "only one candidate who can win this race,",
                Some("Rosa Lind"),
            ),
            // A name, then her age, what she is and where she lives, each after a comma.
            (
                "I just don't think she has been truthful,",
                Some("Cecile Marr"),
            ),
            // `… and said, “`: the verb joined to the first has its subject.
            ("Trust him on the harbour.", Some("Lena Holt")),
            // `He … hurried across Harbour Square, repeating to himself:`: whom `he` means.
            ("Two hours to the ferry.", Some("Tomas Vale")),
        ],
    );
}

#[test]
fn speech_verbs_with_a_particle_tag_like_any_other() {
    check(
        "verbs.txt",
        &[
            // `put it`, `shot back`: speech only with their particle.
            ("The harbour is the town.", Some("Ann Dahl")),
            ("The plan is sound.", Some("Lena Holt")),
            ("I told you so.", Some("Tomas Vale")),
            ("Only on Sundays.", Some("Tomas Vale")),
        ],
    );
}

#[test]
fn a_byline_author_is_nobody_in_the_story_and_a_language_is_no_speaker() {
    let got = found("byline.txt");
    assert_eq!(got.len(), 2, "{got:?}");
    // `exclaimed the landlady in Russian`: how it was said, not who said it.
    assert_eq!(
        got[0],
        (
            "Where is she?".to_string(),
            Some("the landlady".to_string())
        )
    );
    // `By Tomas Quist` over the story names its author: never the `he` of its first page.
    assert_ne!(got[1].1.as_deref(), Some("Tomas Quist"), "{got:?}");
}

#[test]
fn a_first_name_means_the_person_met_by_it_not_a_namesake_named_once() {
    // `Henry Fielding` is named once, as an author read aloud; the bare `Henry`s before
    // Henry Otway comes in went to him, but do not make him the Henry who speaks after.
    check(
        "first-name.txt",
        &[("Are you not cold out here?", Some("Henry Otway"))],
    );
}
