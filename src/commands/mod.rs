//! The subcommands of the `gongkai` binary, one file each, and what they share: the site
//! arguments and the printing of diagnostics.

pub(crate) mod build;
pub(crate) mod bulletin;
pub(crate) mod ledger;
pub(crate) mod scaffold;
pub(crate) mod serve;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use gongkai::diagnostics::{self, Diagnostic};

/// `--root` and `--as-of`, which most commands take.
#[derive(clap::Args, Debug, Clone)]
pub(crate) struct SiteArgs {
    /// The site folder, the one that holds content/.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub(crate) root: PathBuf,
    /// Compute everything as of this date (YYYY-MM-DD) [default: today in the site's time zone].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub(crate) as_of: Option<NaiveDate>,
}

/// Parses a YYYY-MM-DD date on the command line.
pub(crate) fn parse_date(text: &str) -> Result<NaiveDate, String> {
    gongkai::yaml::parse_date(text)
}

/// Prints diagnostics to stderr, in colour on a terminal unless NO_COLOR is set.
pub(crate) fn print_problems(problems: &[Diagnostic]) {
    if problems.is_empty() {
        return;
    }
    let text = diagnostics::report(problems);
    if std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
        eprint!("{}", colour(&text));
    } else {
        eprint!("{text}");
    }
}

fn colour(text: &str) -> String {
    text.replace(": error: ", ": \x1b[1;31merror\x1b[0m: ")
        .replace(": warning: ", ": \x1b[1;33mwarning\x1b[0m: ")
}

/// Prints a library error and gives its exit status: 1 for the records, 3 for the
/// environment.
pub(crate) fn fail(verb: &str, error: gongkai::Error) -> ExitCode {
    match error {
        gongkai::Error::Records(problems) => {
            print_problems(&problems);
            eprintln!("{verb} failed: nothing was written");
            ExitCode::from(1)
        }
        gongkai::Error::Environment(message) => {
            eprintln!("error: {message}");
            ExitCode::from(3)
        }
    }
}
