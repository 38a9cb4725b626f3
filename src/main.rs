//! The `gongkai` command: parses the command line, calls the library, prints what happened
//! and exits with 0 (success), 1 (the records have errors), 2 (wrong usage) or 3 (the
//! environment refused). Each subcommand lives in its own file under `src/commands/`.

mod commands;

use std::process::ExitCode;

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
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Build(args) => commands::build::build(args),
        Command::Check(args) => commands::build::check(args),
    }
}
