//! The `gongkai` command: parses the command line, calls the library, prints what happened
//! and exits with 0 (success), 1 (the records have errors), 2 (wrong usage) or 3 (the
//! environment refused).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use gongkai::diagnostics::{self, Diagnostic};
use gongkai::links::LinkStyle;
use gongkai::{Error, Options, Report};

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
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Where to write the site [default: <root>/public].
        #[arg(long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// `server`: links to folders end in `/` (any web server); `file`: they end in
        /// `index.html`, so the site also works opened straight from disk or a USB stick.
        #[arg(long, value_name = "STYLE", value_enum, default_value = "server")]
        links: Links,
        /// The manifest.json of the previous publication, for the "what changed" page
        /// [default: the one in the output folder being replaced].
        #[arg(long, value_name = "PATH")]
        previous: Option<PathBuf>,
    },
    /// Check every record and template and report all problems; write nothing.
    Check {
        #[command(flatten)]
        site: SiteArgs,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Links {
    Server,
    File,
}

#[derive(clap::Args)]
struct SiteArgs {
    /// The site folder, the one that holds content/.
    #[arg(long, value_name = "DIR", default_value = ".")]
    root: PathBuf,
    /// Compute everything as of this date (YYYY-MM-DD) [default: today in the site's time zone].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_as_of)]
    as_of: Option<NaiveDate>,
}

fn parse_as_of(text: &str) -> Result<NaiveDate, String> {
    gongkai::yaml::parse_date(text)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let (result, verb) = match cli.command {
        Command::Build {
            site,
            output,
            links,
            previous,
        } => {
            let links = match links {
                Links::Server => LinkStyle::Server,
                Links::File => LinkStyle::File,
            };
            let options = Options {
                root: site.root,
                output,
                as_of: site.as_of,
                links,
                previous,
            };
            (gongkai::build(&options), "build")
        }
        Command::Check { site } => {
            let options = Options {
                root: site.root,
                output: None,
                as_of: site.as_of,
                links: LinkStyle::Server,
                previous: None,
            };
            (gongkai::check(&options), "check")
        }
    };
    match result {
        Ok(report) => {
            print_problems(&report.warnings);
            eprintln!("{}", closing_line(verb, &report));
            ExitCode::SUCCESS
        }
        Err(Error::Records(problems)) => {
            print_problems(&problems);
            eprintln!("{verb} failed: nothing was written");
            ExitCode::from(1)
        }
        Err(Error::Environment(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(3)
        }
    }
}

fn print_problems(problems: &[Diagnostic]) {
    if !problems.is_empty() {
        let text = diagnostics::report(problems);
        if std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
            eprint!("{}", colour(&text));
        } else {
            eprint!("{text}");
        }
    }
}

fn colour(text: &str) -> String {
    text.replace(": error: ", ": \x1b[1;31merror\x1b[0m: ")
        .replace(": warning: ", ": \x1b[1;33mwarning\x1b[0m: ")
}

fn closing_line(verb: &str, report: &Report) -> String {
    let warnings = report.warnings.len();
    match &report.output {
        Some(output) => format!(
            "built {} pages into {} as of {} ({warnings} warnings)",
            report.pages,
            output.display(),
            report.as_of
        ),
        None => format!(
            "{verb}: the records are valid as of {} ({warnings} warnings)",
            report.as_of
        ),
    }
}
