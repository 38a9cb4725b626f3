//! The `gongkai` command: parses the command line, calls the library, prints what happened
//! and exits with 0 (success), 1 (the records have errors), 2 (wrong usage) or 3 (the
//! environment refused). Each subcommand lives in its own file under `src/commands/`.

mod commands;

use std::process::ExitCode;

/// mimalloc instead of the system allocator: a build makes and frees millions of small
/// strings and template values on both cores, where glibc's malloc, free and realloc took
/// about a fifth of the CPU samples at 100,000 items.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{Parser, Subcommand};

/// Publishes a government efficiency campaign's records as a static disclosure website.
///
/// A site is a folder with `content/` (site.yaml, offices/, items/). Every figure is computed
/// as of a date, so the site shows the records as they stood on that day.
#[derive(Parser)]
#[command(name = "gongkai", version, about, long_about)]
#[command(
    after_help = "Exit status: 0 success, 1 the records have errors, 2 wrong usage, 3 the environment refused."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (default: <root>/public).
    ///
    /// Nothing is written unless every record is valid; the previous output folder is
    /// replaced only when the new site is complete, and a folder that gongkai did not
    /// write is never replaced.
    Build(commands::build::BuildArgs),
    /// Check every record and template and report all problems; write nothing.
    Check(commands::build::CheckArgs),
    /// Build the site into memory and serve it on this computer for a live preview.
    ///
    /// content/ and themes/ are watched: every save rebuilds the site and the open pages
    /// reload by themselves. A record with errors shows them in the terminal and over the
    /// page, and the last good version stays served. Stop with Ctrl-C.
    Serve(commands::serve::ServeArgs),
    /// Make one quarter's bulletin (季度通报): its page and Word file, with figures computed
    /// as of the quarter's last day.
    ///
    /// With --freeze, also record the published figures: a later change to a record dated in
    /// the quarter then fails `check` and `build` until it is acknowledged as a correction in
    /// content/bulletins/<quarter>.md (office, figure, from, to, date, note).
    Bulletin(commands::bulletin::BulletinArgs),
    /// Create a new site in an empty folder: site.yaml with the campaign's phases,
    /// categories and nine systems, one office, one item and the editor schemas.
    ///
    /// The new site passes `check` and `build` at once; edit its records from there.
    /// DIR must be empty or not exist yet (exit status 3 otherwise).
    Init(commands::scaffold::InitArgs),
    /// Write a new record (an item or an office) with the next free id and every field
    /// commented; print its path. Existing files are never overwritten.
    New {
        #[command(subcommand)]
        what: commands::scaffold::NewWhat,
    },
    /// Write the JSON Schemas of the records (site, office, item) for editors.
    ///
    /// VS Code with the YAML extension reads the `# yaml-language-server: $schema=…` first
    /// line of a record and then completes field names and underlines mistakes.
    Schema(commands::scaffold::SchemaArgs),
    /// Import an Excel ledger (整改台账, .xlsx or UTF-8 .csv) as item records.
    ///
    /// Every problem is reported by sheet, row and column; nothing is written unless the
    /// whole ledger is valid, and an existing record is updated only with --update.
    Import(commands::ledger::ImportArgs),
    /// Export the records, e.g. as the Excel ledger (整改台账).
    Export {
        #[command(subcommand)]
        what: commands::ledger::ExportWhat,
    },
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Build(args) => commands::build::build(args),
        Command::Check(args) => commands::build::check(args),
        Command::Serve(args) => commands::serve::serve(args),
        Command::Bulletin(args) => commands::bulletin::bulletin(args),
        Command::Import(args) => commands::ledger::import(args),
        Command::Export { what } => commands::ledger::export(what),
        Command::Init(args) => commands::scaffold::init(args),
        Command::New { what } => commands::scaffold::new(what),
        Command::Schema(args) => commands::scaffold::schema(args),
    }
}
