//! `gongkai build` and `gongkai check`.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use gongkai::links::LinkStyle;
use gongkai::{Options, ProgressHook, Report};

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
    #[command(flatten)]
    talk: Talk,
}

/// Arguments of `gongkai check`.
#[derive(clap::Args, Debug)]
pub(crate) struct CheckArgs {
    #[command(flatten)]
    site: SiteArgs,
    #[command(flatten)]
    talk: Talk,
}

/// How much the command says.
#[derive(clap::Args, Debug)]
struct Talk {
    /// Print only errors: no warnings, no progress, no closing line.
    #[arg(long, short, conflicts_with = "verbose")]
    quiet: bool,
    /// Also say which folders and date are used.
    #[arg(long, short)]
    verbose: bool,
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
    let start = Instant::now();
    let bar = ProgressBar::new(!args.talk.quiet);
    let options = Options {
        root: args.site.root,
        output: args.output,
        as_of: args.site.as_of,
        links,
        previous: args.previous,
        progress: bar.hook(),
        ..Options::default()
    };
    if args.talk.verbose {
        eprintln!(
            "site folder {}, output {}",
            options.root.display(),
            gongkai::output_dir(&options).display()
        );
    }
    let result = gongkai::build(&options);
    bar.finish();
    match result {
        Ok(report) => finish("build", &report, &args.talk, start.elapsed()),
        Err(e) => fail("build", e),
    }
}

/// Runs `gongkai check`.
pub(crate) fn check(args: CheckArgs) -> ExitCode {
    let start = Instant::now();
    let options = Options {
        root: args.site.root,
        as_of: args.site.as_of,
        ..Options::default()
    };
    if args.talk.verbose {
        eprintln!("site folder {}", options.root.display());
    }
    match gongkai::check(&options) {
        Ok(report) => finish("check", &report, &args.talk, start.elapsed()),
        Err(e) => fail("check", e),
    }
}

fn finish(verb: &str, report: &Report, talk: &Talk, took: Duration) -> ExitCode {
    if talk.quiet {
        return ExitCode::SUCCESS;
    }
    if talk.verbose {
        for (stage, time) in &report.stages.marks {
            eprintln!("{:>8.1} ms  {stage}", time.as_secs_f64() * 1000.0);
        }
    }
    print_problems(&report.warnings);
    let warnings = match report.warnings.len() {
        1 => "1 warning".to_string(),
        n => format!("{n} warnings"),
    };
    let took = format!("{:.2} s", took.as_secs_f64());
    match &report.output {
        Some(output) => eprintln!(
            "built {} pages into {} as of {} ({warnings}) in {took}",
            report.pages,
            output.display(),
            report.as_of
        ),
        None => eprintln!(
            "{verb}: the records are valid as of {} ({warnings}) in {took}",
            report.as_of
        ),
    }
    ExitCode::SUCCESS
}

/// A progress bar that appears only on a terminal and only once a build has run for a
/// second, so short builds, CI logs and pipes stay quiet.
struct ProgressBar {
    bar: Option<indicatif::ProgressBar>,
}

impl ProgressBar {
    fn new(wanted: bool) -> ProgressBar {
        let shown = wanted && std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
        let bar = shown.then(|| {
            let bar = indicatif::ProgressBar::hidden();
            if let Ok(style) =
                indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} pages {elapsed}")
            {
                bar.set_style(style);
            }
            bar
        });
        ProgressBar { bar }
    }

    fn hook(&self) -> Option<ProgressHook> {
        let bar = self.bar.clone()?;
        let start = Instant::now();
        Some(ProgressHook(Arc::new(move |done, total| {
            if bar.is_hidden() && start.elapsed() >= Duration::from_secs(1) {
                bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            }
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        })))
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
