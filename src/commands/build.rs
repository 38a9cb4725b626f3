//! `gongkai build` and `gongkai check`.

use std::path::PathBuf;
use std::process::ExitCode;

use gongkai::links::LinkStyle;
use gongkai::{Options, Report};

use super::{SiteArgs, fail, print_problems};

/// Arguments of `gongkai build`.
#[derive(clap::Args, Debug)]
pub(crate) struct BuildArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Where to write the site [default: <root>/public].
    #[arg(long, value_name = "DIR")]
    output: Option<PathBuf>,
    /// `server`: links to folders end in `/` (any web server); `file`: they end in
    /// `index.html`, so the site also works opened straight from disk or a USB stick.
    /// [default: site.yaml's `links`, else server]
    #[arg(long, value_name = "STYLE", value_enum)]
    links: Option<Links>,
    /// The manifest.json of the previous publication, for the "what changed" page
    /// [default: the one in the output folder being replaced].
    #[arg(long, value_name = "PATH")]
    previous: Option<PathBuf>,
}

/// Arguments of `gongkai check`.
#[derive(clap::Args, Debug)]
pub(crate) struct CheckArgs {
    #[command(flatten)]
    site: SiteArgs,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum Links {
    Server,
    File,
}

/// Runs `gongkai build`.
pub(crate) fn build(args: BuildArgs) -> ExitCode {
    let links = args.links.map(|l| match l {
        Links::Server => LinkStyle::Server,
        Links::File => LinkStyle::File,
    });
    let options = Options {
        root: args.site.root,
        output: args.output,
        as_of: args.site.as_of,
        links,
        previous: args.previous,
        drafts: false,
    };
    match gongkai::build(&options) {
        Ok(report) => finish("build", &report),
        Err(e) => fail("build", e),
    }
}

/// Runs `gongkai check`.
pub(crate) fn check(args: CheckArgs) -> ExitCode {
    let options = Options {
        root: args.site.root,
        as_of: args.site.as_of,
        ..Options::default()
    };
    match gongkai::check(&options) {
        Ok(report) => finish("check", &report),
        Err(e) => fail("check", e),
    }
}

fn finish(verb: &str, report: &Report) -> ExitCode {
    print_problems(&report.warnings);
    let warnings = match report.warnings.len() {
        1 => "1 warning".to_string(),
        n => format!("{n} warnings"),
    };
    match &report.output {
        Some(output) => eprintln!(
            "built {} pages into {} as of {} ({warnings})",
            report.pages,
            output.display(),
            report.as_of
        ),
        None => eprintln!(
            "{verb}: the records are valid as of {} ({warnings})",
            report.as_of
        ),
    }
    ExitCode::SUCCESS
}
