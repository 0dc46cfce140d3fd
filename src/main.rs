//! The `sidenote` command: parses arguments, loads documents, and either runs the reader or
//! prints plain text. Errors are reported here, once, as one line naming the file.
//! Exit codes: 0 ok, 1 runtime error, 2 usage error (clap).

use clap::Parser;
use sidenote::model::Model;
use sidenote::{app, persist, plain, store};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

/// A terminal reader for articles, books and reports.
#[derive(Parser, Debug)]
#[command(name = "sidenote", version, about)]
struct Cli {
    /// Files or folders to read (.txt, .md, any UTF-8 text). Default: the built-in sample library.
    paths: Vec<PathBuf>,
    /// Print the text instead of starting the reader (the default when stdout is not a terminal).
    #[arg(long)]
    plain: bool,
    /// Line width for plain output (default: $COLUMNS, else 80).
    #[arg(long, value_parser = clap::value_parser!(u16).range(2..))]
    width: Option<u16>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let (docs, has_library, note) = if cli.paths.is_empty() {
        let docs = store::builtin();
        let many = docs.len() > 1;
        (docs, many, None)
    } else {
        match store::load_paths(&cli.paths) {
            Ok(scan) => {
                let many = scan.docs.len() > 1 || cli.paths.iter().any(|p| p.is_dir());
                let note =
                    (scan.skipped > 0).then(|| format!("skipped {} binary file(s)", scan.skipped));
                (scan.docs, many, note)
            }
            Err(e) => {
                eprintln!("sidenote: {e}");
                return ExitCode::from(1);
            }
        }
    };

    if cli.plain || !std::io::stdout().is_terminal() {
        let width = cli
            .width
            .or_else(|| std::env::var("COLUMNS").ok()?.parse().ok())
            .unwrap_or(80)
            .max(2);
        return match plain::write_docs(&mut std::io::stdout().lock(), &docs, width) {
            Ok(()) => ExitCode::SUCCESS,
            // `sidenote file | head` closes the pipe early; that is not an error.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("sidenote: stdout: {e}");
                ExitCode::from(1)
            }
        };
    }

    let data_dir = persist::data_dir();
    let loaded = data_dir.as_deref().map(persist::load).unwrap_or_default();
    let mut model = Model::new(docs, has_library, loaded.positions);
    model.status = loaded.warning.or(note);
    match app::run(model, data_dir) {
        Ok(0) => ExitCode::SUCCESS,
        Ok(code) => ExitCode::from(code.clamp(1, 255) as u8),
        Err(e) => {
            eprintln!("sidenote: terminal: {e}");
            ExitCode::from(1)
        }
    }
}
