//! The command line: plain output when stdout is not a terminal, errors and exit codes.

use std::process::{Command, Output};

fn sidenote(args: &[&str]) -> Output {
    let data = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_sidenote"))
        .args(args)
        .env("XDG_DATA_HOME", data.path())
        .env("XDG_CACHE_HOME", data.path())
        .env("XDG_CONFIG_HOME", data.path())
        .env_remove("COLUMNS")
        .output()
        .unwrap()
}

/// `sidenote ARGS` with `config` as its config.toml.
fn configured(config: &str, args: &[&str]) -> Output {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("sidenote");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("config.toml"), config).unwrap();
    Command::new(env!("CARGO_BIN_EXE_sidenote"))
        .args(args)
        .env("XDG_DATA_HOME", home.path())
        .env("XDG_CACHE_HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path())
        .output()
        .unwrap()
}

#[test]
fn print_config_shows_the_settings_in_effect() {
    let out = sidenote(&["--print-config"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("width = 88") && text.contains("\"ctrl-d\" = \"half_page_down\""));

    let out = configured(
        "[reader]\ntheme = \"light\"\n[keys]\n\"x\" = \"quit\"\n",
        &["--print-config"],
    );
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("theme = \"light\"") && text.contains("\"x\" = \"quit\""),
        "{text}"
    );
}

#[test]
fn a_bad_config_is_one_line_naming_file_line_and_key_and_the_defaults_are_used() {
    let out = configured(
        "[reader]\nwidth = 70\nsidebar = \"sometimes\"\n",
        &["--print-config"],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("config.toml: line 3 (sidebar)") && err.contains("defaults"),
        "{err}"
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("width = 88"),
        "the defaults, not half the file: {text}"
    );

    let out = configured("[reader]\ntheme = \"missing.toml\"\n", &["--print-config"]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("missing.toml") && err.contains("theme"),
        "{err}"
    );
}

#[test]
fn configured_folders_open_when_no_path_is_named() {
    let folder = format!("{}/tests/fixtures/news-dev", env!("CARGO_MANIFEST_DIR"));
    let out = configured(
        &format!("[library]\nfolders = [\"{folder}\"]\n"),
        &["--plain"],
    );
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Kogut"),
        "the configured folder, not the sample"
    );
}

#[test]
fn no_arguments_prints_the_built_in_sample_when_piped() {
    let out = sidenote(&[]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    // Its title is its first sentence, so only the date comes before the text.
    assert!(
        text.starts_with("2019-09-05\n\nIn a bid to boost"),
        "{text}"
    );
    assert_eq!(text.matches("In a bid to boost").count(), 1);
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

#[test]
fn quotes_json_lines_for_the_sample() {
    let out = sidenote(&[
        "quotes",
        "--format",
        "json",
        "seeds/000_92467008a657f711.txt",
    ]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let file = std::fs::read("seeds/000_92467008a657f711.txt").unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 8);
    for l in &lines {
        let (s, e) = (
            l["start"].as_u64().unwrap() as usize,
            l["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            std::str::from_utf8(&file[s..e]).unwrap(),
            l["text"].as_str().unwrap(),
            "spans are file offsets"
        );
        assert!(l["confidence"].as_f64().unwrap() > 0.0);
    }
    let khovaev = lines
        .iter()
        .filter(|l| l["speaker"] == "Igor Khovaev")
        .count();
    assert_eq!(khovaev, 7);
    assert_eq!(lines[7]["speaker"], "Raymundo Elefante");
    let numbers: Vec<u64> = lines.iter().map(|l| l["quote"].as_u64().unwrap()).collect();
    assert_eq!(numbers, [1, 2, 3, 4, 5, 6, 7, 8]);
}

#[test]
fn quotes_of_a_large_document_read_before_come_from_the_cache() {
    use sidenote::quote_cache::Slot;
    use sidenote::quotes::{Quote, Speaker};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.txt");
    let mut text = String::from("“We will win the match today,” Jane Doe said.\n\n");
    while text.len() < sidenote::quote_cache::MIN_LEN {
        text.push_str("A paragraph of plain prose with no marks at all in it.\n\n");
    }
    std::fs::write(&path, &text).unwrap();
    let cache = dir.path().join("cache");
    // What the cache holds is printed, whatever it says: a speaker only it names shows it.
    let doc = sidenote::store::load_file(&path).unwrap();
    let slot = Slot::of(&doc, &cache.join("sidenote").join("quotes"), &|| {}).unwrap();
    let kept = Quote::new(3, 29, Speaker::new("Kept Speaker"), false, 0.9).unwrap();
    slot.save(&[kept]).unwrap();
    let run = || {
        let out = Command::new(env!("CARGO_BIN_EXE_sidenote"))
            .args(["quotes", "--format", "csv"])
            .arg(&path)
            .env("XDG_DATA_HOME", dir.path())
            .env("XDG_CACHE_HOME", &cache)
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(run().contains("Kept Speaker"));
    // Another text: found again.
    std::fs::write(&path, text.replace("match", "fight")).unwrap();
    let again = run();
    assert!(
        !again.contains("Kept Speaker") && again.contains("Jane Doe"),
        "{again}"
    );
}

#[test]
fn quotes_markdown_and_csv() {
    let md = sidenote(&["quotes", "--format", "md"]);
    let md = String::from_utf8(md.stdout).unwrap();
    assert!(
        md.contains("— Raymundo Elefante, *In a bid to boost"),
        "{md}"
    );
    assert!(md.contains("(2019-09-05)"));
    let csv = sidenote(&[
        "quotes",
        "--format",
        "csv",
        "seeds/000_92467008a657f711.txt",
    ]);
    let csv = String::from_utf8(csv.stdout).unwrap();
    assert!(csv.starts_with("file,start,end,quote,speaker,confidence,text\n"));
    assert_eq!(csv.lines().count(), 9);
}

#[test]
fn quotes_of_a_missing_file_is_an_error() {
    let out = sidenote(&["quotes", "missing.txt"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("missing.txt")
    );
    let out = sidenote(&["quotes", "--format", "xml"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn bookmarks_list_formats_and_doc_filter() {
    use sidenote::bookmarks::Bookmark;
    use sidenote::bookmarks::BookmarkChange;
    use sidenote::persist;
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().join("sidenote");
    let sample = std::fs::read("seeds/000_92467008a657f711.txt").unwrap();
    let doc = sidenote::store::Document::from_bytes(sidenote::store::Origin::Builtin("s"), sample)
        .unwrap();
    let b = Bookmark {
        id: "1".into(),
        fingerprint: doc.fingerprint().to_string(),
        path: "builtin:x".into(),
        title: doc.title.clone(),
        date: Some("2019-09-05".into()),
        note: "arms offer".into(),
        created: 1_795_833_468,
        ..Bookmark::at(&doc.bytes, {
            let p = doc.paragraphs().nth(2).unwrap();
            p.start..p.end
        })
    };
    persist::change_bookmarks(&dir, &BookmarkChange::Add(Box::new(b.clone()))).unwrap();
    persist::change_bookmarks(
        &dir,
        &BookmarkChange::Add(Box::new(Bookmark {
            id: "2".into(),
            fingerprint: "other".into(),
            path: "/other".into(),
            ..b
        })),
    )
    .unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_sidenote"))
            .args(args)
            .env("XDG_DATA_HOME", data.path())
            .output()
            .unwrap()
    };
    let md = String::from_utf8(run(&["bookmarks", "--format", "md"]).stdout).unwrap();
    assert!(
        md.contains("> “We offer advanced defense equipment."),
        "{md}"
    );
    assert!(md.contains("arms offer") && md.contains("(2019-09-05)"));
    let json = String::from_utf8(run(&["bookmarks", "--format", "json"]).stdout).unwrap();
    let lines: Vec<serde_json::Value> = json
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    for field in ["document", "path", "text", "note", "created"] {
        assert!(lines[0].get(field).is_some(), "{field}");
    }
    let only = String::from_utf8(
        run(&[
            "bookmarks",
            "--format",
            "json",
            "--doc",
            "seeds/000_92467008a657f711.txt",
        ])
        .stdout,
    )
    .unwrap();
    assert_eq!(
        only.lines().count(),
        1,
        "--doc finds the document by its content"
    );
    let text = String::from_utf8(run(&["bookmarks"]).stdout).unwrap();
    assert!(text.contains("note: arms offer"));
}

#[test]
fn dash_reads_standard_input() {
    use std::io::Write;
    let data = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_sidenote"))
        .args(["quotes", "--format", "json", "-"])
        .env("XDG_DATA_HOME", data.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all("“We will be there soon,” Jane Doe said.".as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("\"speaker\":\"Jane Doe\"") && text.contains("(standard input)"),
        "{text}"
    );
}

#[test]
fn an_argument_with_an_escape_sequence_is_shown_sanitised_in_the_usage_error() {
    let out = sidenote(&["quotes", "--format", "\x1b]0;X\x07"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!out.stderr.contains(&0x1b) && !out.stderr.contains(&0x07));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("^[]0;X^G"), "{err}");
}

#[test]
fn devices_are_refused_with_one_line_and_exit_1() {
    for dev in ["/dev/zero", "/dev/urandom"] {
        let out = sidenote(&[dev]);
        assert_eq!(out.status.code(), Some(1), "{dev}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.contains(dev) && err.contains("not a regular file"),
            "{err}"
        );
    }
}

#[test]
fn endless_binary_standard_input_is_refused_at_once() {
    use std::io::Write;
    let data = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_sidenote"))
        .arg("-")
        .env("XDG_DATA_HOME", data.path())
        .env("XDG_CACHE_HOME", data.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // Zeros for as long as the program reads them: it stops after the first few KB.
    let zeros = vec![0u8; 64 << 10];
    let mut written = 0usize;
    while stdin.write_all(&zeros).is_ok() {
        written += zeros.len();
        assert!(written < 64 << 20, "still reading after 64 MB of zeros");
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("standard input: binary"), "{err}");
}

#[test]
fn csv_and_markdown_exports_show_escapes_and_invalid_bytes_instead_of_writing_them() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("evil.txt");
    std::fs::write(
        &f,
        "“Red \x1b[31mtext\x1b]0;title\x07 and \u{202E}bidi \u{9b}c1 caf\u{e9}\u{2028},” said Jane Doe.\n"
            .as_bytes()
            .iter()
            .chain(b"\n\xe2\x80\x9cBad \xff byte,\xe2\x80\x9d said Jane Doe.\n")
            .copied()
            .collect::<Vec<u8>>(),
    )
    .unwrap();
    for format in ["csv", "md", "json"] {
        let out = sidenote(&["quotes", "--format", format, f.to_str().unwrap()]);
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        let active = |c: char| matches!(c, '\0'..='\x08' | '\x0b'..='\x1f' | '\x7f'..='\u{9f}' | '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        assert!(!text.chars().any(active), "{format}: {text:?}");
        if format == "json" {
            assert!(
                text.contains(r"\u001b[31m") && text.contains(r"\u202e"),
                "{text}"
            );
        } else {
            assert!(
                text.contains("^[[31m") && text.contains("<U+202E>"),
                "{text}"
            );
            assert!(text.contains("Bad <FF> byte"), "{format}: {text}");
        }
    }
}

#[test]
fn listing_bookmarks_of_a_damaged_file_exits_1_and_moves_nothing() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().join("sidenote");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("bookmarks.json"), b"{ damaged").unwrap();
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_sidenote"))
            .arg("bookmarks")
            .env("XDG_DATA_HOME", data.path())
            .env("XDG_CACHE_HOME", data.path())
            .output()
            .unwrap()
    };
    let out = run();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unreadable"));
    let names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["bookmarks.json"], "listing moved or made nothing");
    // A data directory that cannot be read: exit 1 too.
    std::fs::remove_file(dir.join("bookmarks.json")).unwrap();
    std::fs::create_dir(dir.join("bookmarks.json")).unwrap();
    let out = run();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a regular file"));
}

#[test]
fn the_man_page_in_assets_is_the_one_the_program_prints() {
    let out = sidenote(&["man"]);
    assert!(out.status.success());
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sidenote.1");
    let saved = std::fs::read(&path).unwrap();
    assert!(
        out.stdout == saved,
        "assets/sidenote.1 is out of date: cargo run -- man > assets/sidenote.1"
    );
    let page = String::from_utf8(out.stdout).unwrap();
    for part in [
        ".SH \"SIDENOTE QUOTES\"",
        "\\-\\-format",
        "NO_COLOR",
        "positions.json",
    ] {
        assert!(page.contains(part), "{part} missing");
    }
}

#[test]
fn completions_know_the_commands_and_options_for_each_shell() {
    for shell in ["bash", "zsh", "fish"] {
        let out = sidenote(&["completions", shell]);
        assert!(out.status.success(), "{shell}");
        let script = String::from_utf8(out.stdout).unwrap();
        for word in ["quotes", "bookmarks", "search", "format", "json"] {
            assert!(script.contains(word), "{shell}: {word}");
        }
    }
    assert_eq!(sidenote(&["completions", "tcsh"]).status.code(), Some(2));
    // Cut short by the reader of the pipe: it stops quietly.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_sidenote"))
        .args(["completions", "fish"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn an_html_page_on_standard_input_is_read_as_its_article() {
    use std::io::Write as _;
    let page = std::fs::read(format!(
        "{}/tests/fixtures/formats/news-page.html",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let data = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_sidenote"))
        .args(["quotes", "--format", "csv", "-"])
        .env("XDG_DATA_HOME", data.path())
        .env("XDG_CACHE_HOME", data.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&page).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(
        csv.contains("Tomas Lind") && csv.contains("Anna Berg"),
        "{csv}"
    );
    assert!(!csv.contains("<p>"), "{csv}");
}
