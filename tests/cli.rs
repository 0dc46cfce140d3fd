//! The command line: plain output when stdout is not a terminal, errors and exit codes.

use std::process::{Command, Output};

fn sidenote(args: &[&str]) -> Output {
    let data = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_sidenote"))
        .args(args)
        .env("XDG_DATA_HOME", data.path())
        .env_remove("COLUMNS")
        .output()
        .unwrap()
}

#[test]
fn no_arguments_prints_the_built_in_sample_when_piped() {
    let out = sidenote(&[]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("In a bid to boost"));
    assert!(text.contains("2019-09-05"));
    assert!(text.trim_end().ends_with("opportunity,” he said."));
    assert!(
        text.lines()
            .all(|l| unicode_width::UnicodeWidthStr::width(l) <= 80)
    );
}

#[test]
fn width_flag_sets_the_wrap_width() {
    let out = sidenote(&[
        "--width",
        "30",
        "tests/fixtures/pride-and-prejudice-ch1.txt",
    ]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.lines()
            .all(|l| unicode_width::UnicodeWidthStr::width(l) <= 30),
        "{text}"
    );
    assert!(text.contains("Jane Austen"));
    assert!(text.contains("It is a truth universally"));
}

#[test]
fn escape_sequences_in_a_document_never_reach_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("evil.txt");
    std::fs::write(
        &f,
        b"Clear \x1b[2J screen, set title \x1b]0;pwned\x07, bidi \xe2\x80\xae.",
    )
    .unwrap();
    let out = sidenote(&[f.to_str().unwrap()]);
    assert!(out.status.success());
    assert!(!out.stdout.contains(&0x1b) && !out.stdout.contains(&0x07));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("^[[2J") && text.contains("<U+202E>"),
        "{text}"
    );
}

#[test]
fn missing_file_is_one_line_naming_it_with_exit_1() {
    let out = sidenote(&["no-such-article.txt"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("no-such-article.txt") && err.contains("No such file"),
        "{err}"
    );
}

#[test]
fn binary_file_is_refused_with_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("program.bin");
    std::fs::write(&f, b"\x7fELF\x02\x01\x01\x00\x00\x00").unwrap();
    let out = sidenote(&[f.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("program.bin: binary file"), "{err}");
}

#[test]
fn unknown_flag_is_a_usage_error_with_exit_2() {
    let out = sidenote(&["--no-such-flag"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("--no-such-flag")
    );
}

#[test]
fn folder_prints_every_document() {
    let out = sidenote(&["tests/fixtures"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Field notes") && text.contains("Pride and Prejudice"));
}

#[test]
fn help_and_version() {
    let out = sidenote(&["--help"]);
    assert!(out.status.success());
    assert!(String::from_utf8(out.stdout).unwrap().contains("--plain"));
    let out = sidenote(&["--version"]);
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .starts_with("sidenote ")
    );
}
