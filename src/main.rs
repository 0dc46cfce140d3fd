//! The `sidenote` command: parses arguments, loads documents, and either runs the reader or
//! prints plain text. Errors are reported here, once, as one line naming the file.
//! Exit codes: 0 ok, 1 runtime error, 2 usage error (clap).

use clap::Parser;
use sidenote::config::{self, Config};
use sidenote::model::Model;
use sidenote::quote_cache::Slot;
use sidenote::store::library::Refresh;
use sidenote::ui::theme::{self, Theme};
use sidenote::{app, export, persist, plain, store};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

/// A terminal reader for articles, books and reports.
#[derive(Parser, Debug)]
#[command(
    name = "sidenote",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    read: ReadArgs,
}

#[derive(clap::Args, Debug)]
struct ReadArgs {
    /// Files or folders to read (.txt, .md or any UTF-8 text, .html pages, .epub books; - for
    /// standard input). Default: the configured library, else the built-in sample.
    paths: Vec<PathBuf>,
    /// Print the text instead of starting the reader (the default when stdout is not a terminal).
    #[arg(long)]
    plain: bool,
    /// Open at the first match of PATTERN (also written +/PATTERN, as in less).
    #[arg(long, value_name = "PATTERN")]
    search: Option<String>,
    /// Line width for plain output (default: $COLUMNS, else 80).
    #[arg(long, value_parser = clap::value_parser!(u16).range(2..))]
    width: Option<u16>,
    /// Print the configuration in effect (config.toml over the defaults) and exit.
    #[arg(long)]
    print_config: bool,
}

#[derive(clap::Subcommand, Debug)]
enum Command {
    /// List saved bookmarks, newest first.
    Bookmarks {
        /// text: a readable list; md: a Markdown citation list; json: one object per line.
        #[arg(long, value_enum, default_value = "text")]
        format: export::MarksFormat,
        /// Only the bookmarks of this document (found by its content, or its path).
        #[arg(long, value_name = "FILE")]
        doc: Option<PathBuf>,
    },
    /// Print every direct quotation with its speaker, without starting the reader.
    Quotes {
        /// json: one object per line; md: a citation list; csv: a table.
        #[arg(long, value_enum, default_value = "md")]
        format: export::Format,
        /// Files or folders (default: the built-in sample library).
        paths: Vec<PathBuf>,
    },
    /// Print a completion script for a shell.
    ///
    /// For bash: `sidenote completions bash >
    /// ~/.local/share/bash-completion/completions/sidenote`; for zsh, a file named `_sidenote`
    /// in a folder of `$fpath`; for fish, `~/.config/fish/completions/sidenote.fish`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff).
    ///
    /// `sidenote man | man -l -` shows it; it is the same as `assets/sidenote.1`.
    Man,
}

/// What was loaded: the documents, whether they make a library, a note for the status line,
/// and the library check still to do.
type Loaded = (
    Vec<Arc<store::Document>>,
    bool,
    Option<String>,
    Option<Refresh>,
);

/// Loads what the paths name, or the built-in samples; errors are printed here. Folders are
/// listed through the library index; what is left to check comes back as a `Refresh`.
fn load(paths: &[PathBuf]) -> Result<Loaded, ExitCode> {
    if paths.is_empty() {
        let docs: Vec<_> = store::builtin().into_iter().map(Arc::new).collect();
        let many = docs.len() > 1;
        return Ok((docs, many, None, None));
    }
    let (scan, index) = store::load_paths_reading(paths, || {
        sidenote::dirs::data()
            .as_deref()
            .map(persist::load_library)
            .unwrap_or_default()
    });
    match scan {
        Ok(mut scan) => {
            let refresh = (!scan.roots.is_empty()).then(|| scan.refresh(index));
            let many = scan.docs.len() > 1 || paths.iter().any(|p| p.is_dir());
            let note =
                (scan.skipped > 0).then(|| format!("skipped {} binary file(s)", scan.skipped));
            Ok((scan.docs, many, note, refresh))
        }
        Err(e) => {
            eprintln!("sidenote: {e}");
            Err(ExitCode::from(1))
        }
    }
}

/// The configuration (config.toml over the defaults) and the theme it names, with what was
/// wrong with either: a bad file is named, and its part falls back to the defaults.
fn settings() -> (Config, Theme, Option<String>) {
    let path = sidenote::dirs::config().map(|d| d.join("config.toml"));
    let (config, mut warning) = match path.as_deref().map(|p| (p, std::fs::read_to_string(p))) {
        None => (Config::default(), None),
        Some((_, Err(e))) if e.kind() == std::io::ErrorKind::NotFound => (Config::default(), None),
        Some((p, Err(e))) => (
            Config::default(),
            Some(format!("{}: {e}; using the defaults", shown(p))),
        ),
        Some((p, Ok(text))) => match config::parse(&text, &shown(p)) {
            Ok(c) => (c, None),
            Err(e) => (Config::default(), Some(format!("{e}; using the defaults"))),
        },
    };
    let auto = || {
        theme::auto(
            std::env::var("NO_COLOR").ok().as_deref(),
            std::env::var("COLORFGBG").ok().as_deref(),
        )
    };
    let name = if config.theme == "auto" {
        auto()
    } else {
        &config.theme
    };
    let theme = if theme::built_in(name).is_some() {
        Theme::built_in(name)
    } else {
        // A theme file: relative to the configuration folder.
        let file = sidenote::dirs::expand_home(Path::new(name));
        let file = match (file.is_relative(), sidenote::dirs::config()) {
            (true, Some(dir)) => dir.join(file),
            _ => file,
        };
        let read = std::fs::read_to_string(&file)
            .map_err(|e| format!("{}: {e}", shown(&file)))
            .and_then(|t| Theme::parse(&t, &shown(&file)).map_err(|e| e.to_string()));
        read.unwrap_or_else(|e| {
            warning.get_or_insert(format!("{e}; using the {} theme", auto()));
            Theme::built_in(auto())
        })
    };
    (config, theme, warning)
}

/// A path as messages show it.
fn shown(path: &Path) -> String {
    sidenote::text::sanitize::clean_line(&path.display().to_string())
}

/// Without a screen to update later, the library is checked before anything is printed.
fn refresh_now(docs: &mut [Arc<store::Document>], refresh: Option<Refresh>) {
    let Some(mut r) = refresh else {
        return;
    };
    r.describe(|i| docs.get(i).map(|d| d.meta()));
    let mut changed_docs = Vec::new();
    let (index, changed) = r.run(
        |i| docs.get(i).map(|d| d.meta()),
        |i, d| changed_docs.push((i, d)),
    );
    for (i, d) in changed_docs {
        docs[i] = Arc::new(d);
    }
    if changed
        && let Some(dir) = sidenote::dirs::data()
        && let Err(e) = persist::save_library(&dir, &index)
    {
        eprintln!("sidenote: library index not saved: {e}");
    }
}

/// Ends output quietly when a pipe closes early (`| head`), else reports the error.
/// The manual page: the program's options, then each command's, then its files and
/// environment, all on one page (made from the command-line definition, so it never drifts).
fn man_page(out: &mut impl std::io::Write) -> std::io::Result<()> {
    let cli = <Cli as clap::CommandFactory>::command();
    let man = clap_mangen::Man::new(cli.clone());
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    man.render_options_section(out)?;
    for sub in cli.get_subcommands().filter(|c| c.get_name() != "help") {
        let name = format!("sidenote {}", sub.get_name());
        writeln!(out, ".SH \"{}\"", name.to_uppercase())?;
        let mut part = Vec::new();
        let page = clap_mangen::Man::new(sub.clone().bin_name(name));
        page.render_synopsis_section(&mut part)?;
        page.render_description_section(&mut part)?;
        page.render_options_section(&mut part)?;
        // The command's sections are subsections of its own.
        out.write_all(
            String::from_utf8_lossy(&part)
                .replace(".SH ", ".SS ")
                .as_bytes(),
        )?;
    }
    out.write_all(MAN_FILES.as_bytes())
}

/// The page's last sections, which the command-line definition does not say.
const MAN_FILES: &str = r#".SH FILES
.TP
$XDG_CONFIG_HOME/sidenote/config.toml (usually ~/.config/sidenote/config.toml)
The configuration: text width, theme, the sidebar at start, the mouse, the library opened with
no arguments, key bindings. Every setting is optional; \-\-print\-config prints them all.
.TP
$XDG_DATA_HOME/sidenote/ (usually ~/.local/share/sidenote/)
positions.json (where each document was left), bookmarks.json, search\-history.json, each with
its last good copy (.bak); library\-index.bin, what folder scans learned.
.TP
$XDG_CACHE_HOME/sidenote/quotes/ (usually ~/.cache/sidenote/quotes/)
The quotations of large documents, found once.
.SH ENVIRONMENT
.TP
NO_COLOR
When set and not empty, the monochrome theme (unless the configuration names another):
highlights are told apart by attributes alone.
.TP
COLORFGBG
The terminal's colours (fg;bg), for a light background.
.TP
COLUMNS
The line width of plain output.
"#;

fn finish(result: std::io::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) if store::changed_on_disk(&e).is_some() => {
            eprintln!(
                "sidenote: {}",
                e.into_inner().map_or(String::new(), |c| c.to_string())
            );
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("sidenote: stdout: {e}");
            ExitCode::from(1)
        }
    }
}

fn list_bookmarks(format: export::MarksFormat, doc: Option<&PathBuf>) -> ExitCode {
    let Some(dir) = sidenote::dirs::data() else {
        eprintln!("sidenote: no data directory (is HOME set?)");
        return ExitCode::from(1);
    };
    // Listing changes nothing on disk; what is wrong with the file is said, and the list is
    // what could be shown (its last good copy), with exit code 1.
    let (mut marks, warning) = persist::load_bookmarks(&dir);
    if let Some(w) = &warning {
        eprintln!("sidenote: {}", sidenote::text::sanitize::clean_line(w));
    }
    if let Some(path) = doc {
        let d = match store::load_file(path) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("sidenote: {e}");
                return ExitCode::from(1);
            }
        };
        marks.retain(|b| Model::bookmark_is_of(b, &d));
    }
    marks.sort_by_key(|b| std::cmp::Reverse(b.created));
    // Nothing on a screen would look like a fault; a pipe or file gets nothing, as it should.
    if marks.is_empty() && std::io::stdout().is_terminal() {
        match doc {
            Some(p) => eprintln!(
                "sidenote: no bookmarks in {}",
                sidenote::text::sanitize::clean_line(&p.display().to_string())
            ),
            None => eprintln!("sidenote: no bookmarks yet (m in the reader bookmarks a passage)"),
        }
    }
    let mut out = std::io::stdout().lock();
    let listed = finish(
        marks
            .iter()
            .try_for_each(|b| export::write_bookmark(&mut out, b, format)),
    );
    if warning.is_some() {
        ExitCode::from(1)
    } else {
        listed
    }
}

fn quotes(format: export::Format, paths: &[PathBuf]) -> ExitCode {
    let docs = match load(paths) {
        Ok((mut docs, _, _, refresh)) => {
            refresh_now(&mut docs, refresh);
            docs
        }
        Err(code) => return code,
    };
    // Buffered, not a write per line: each batch of quotations is flushed as it is found.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    // A large document read before has its quotations in the cache: printed from there.
    let cache = sidenote::dirs::cache().map(|d| d.join("quotes"));
    finish(docs.iter().enumerate().try_for_each(|(i, d)| {
        match cache.as_deref().and_then(|dir| Slot::cached(d, dir)) {
            Some(found) => export::write_quotes(&mut out, d, &found, format, i == 0),
            None => export::stream_quotes(&mut out, d, format, i == 0),
        }
    }))
}

/// Reports a usage error (or prints help or the version) as clap made it, with whatever the
/// user typed made visible: an argument may hold an escape sequence.
fn usage(e: clap::Error) -> ExitCode {
    use std::io::Write as _;
    let text = e.render().to_string();
    let _ = if e.use_stderr() {
        std::io::stderr().write_all(sidenote::text::sanitize::visible(text.as_bytes()).as_bytes())
    } else {
        std::io::stdout().write_all(text.as_bytes())
    };
    ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2))
}

fn main() -> ExitCode {
    sidenote::faults::install();
    // `+/PATTERN` is less's way to start at a search; it means `--search PATTERN`.
    let args = std::env::args_os().map(|a| match a.to_str().and_then(|s| s.strip_prefix("+/")) {
        Some(p) => std::ffi::OsString::from(format!("--search={p}")),
        None => a,
    });
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => return usage(e),
    };
    let named = match &cli.command {
        Some(Command::Quotes { paths, .. }) => paths,
        Some(Command::Bookmarks { .. } | Command::Completions { .. } | Command::Man) => &Vec::new(),
        None => &cli.read.paths,
    };
    if named.iter().any(|p| p.as_os_str() == "-") && std::io::stdin().is_terminal() {
        // Nothing is piped in: reading would wait, on a blank screen, for text nobody types.
        eprintln!(
            "sidenote: `-` reads standard input, which is this terminal: pipe text in \
             (cmd | sidenote -) or name a file"
        );
        return ExitCode::from(2);
    }
    match &cli.command {
        Some(Command::Quotes { format, paths }) => return quotes(*format, paths),
        Some(Command::Bookmarks { format, doc }) => return list_bookmarks(*format, doc.as_ref()),
        Some(Command::Completions { shell }) => {
            let mut cli = <Cli as clap::CommandFactory>::command();
            // Made in memory: the generator panics on a write error (`| head`), where the
            // program should stop quietly.
            let mut script = Vec::new();
            clap_complete::generate(*shell, &mut cli, "sidenote", &mut script);
            return finish(std::io::Write::write_all(
                &mut std::io::stdout().lock(),
                &script,
            ));
        }
        Some(Command::Man) => return finish(man_page(&mut std::io::stdout().lock())),
        None => {}
    }
    let args = cli.read;
    let (config, theme, config_warning) = settings();
    if args.print_config {
        if let Some(w) = &config_warning {
            eprintln!("sidenote: {w}");
        }
        let printed = finish(std::io::Write::write_all(
            &mut std::io::stdout().lock(),
            config.to_toml().as_bytes(),
        ));
        return if config_warning.is_some() {
            ExitCode::from(1)
        } else {
            printed
        };
    }
    // No paths: the configured library, else the built-in sample.
    let paths = if args.paths.is_empty() {
        config
            .folders
            .iter()
            .map(|f| sidenote::dirs::expand_home(f))
            .collect()
    } else {
        args.paths.clone()
    };
    let (mut docs, has_library, note, refresh) = match load(&paths) {
        Ok(x) => x,
        Err(code) => return code,
    };

    if args.plain || !std::io::stdout().is_terminal() {
        if let Some(w) = &config_warning {
            eprintln!("sidenote: {w}");
        }
        refresh_now(&mut docs, refresh);
        let width = args
            .width
            .or_else(|| std::env::var("COLUMNS").ok()?.parse().ok())
            .unwrap_or(80)
            .max(2);
        return finish(plain::write_docs(
            &mut std::io::stdout().lock(),
            &docs,
            width,
        ));
    }

    let data_dir = sidenote::dirs::data();
    let loaded = data_dir.as_deref().map(persist::load).unwrap_or_default();
    let (history, history_warning) = data_dir
        .as_deref()
        .map(persist::load_history)
        .unwrap_or_default();
    let (bookmarks, bookmarks_warning) = data_dir
        .as_deref()
        .map(persist::load_bookmarks)
        .unwrap_or_default();
    let mouse = config.mouse;
    let (model, startup) = sidenote::update::init(sidenote::update::Start {
        config,
        docs,
        has_library,
        positions: loaded.positions,
        bookmarks,
        history,
        theme,
        status: config_warning
            .or(loaded.warning)
            .or(history_warning)
            .or(bookmarks_warning)
            .or(note),
        refresh,
        search: args.search.clone(),
    });
    match app::run(model, startup, data_dir, mouse) {
        Ok(0) => ExitCode::SUCCESS,
        Ok(code) => ExitCode::from(code.clamp(1, 255) as u8),
        Err(e) => {
            eprintln!("sidenote: terminal: {e}");
            ExitCode::from(1)
        }
    }
}
