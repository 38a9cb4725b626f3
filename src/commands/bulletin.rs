//! `gongkai bulletin <YYYY-Qn>`: one quarter's bulletin, and `--freeze` once it is published.

use std::path::PathBuf;
use std::process::ExitCode;

use gongkai::Options;
use gongkai::bulletin::Quarter;

use super::{SiteArgs, fail, print_problems};

/// Arguments of `gongkai bulletin`.
#[derive(clap::Args, Debug)]
pub(crate) struct BulletinArgs {
    /// The quarter, e.g. 2026-Q2. Its figures are computed as of its last day.
    #[arg(value_name = "YYYY-Qn", value_parser = parse_quarter)]
    quarter: Quarter,
    #[command(flatten)]
    site: SiteArgs,
    /// Where to write the bulletin's files, at the paths they have in the full site
    /// (bulletins/<quarter>/…, and the assets its page needs) [default: <root>/bulletin-output].
    /// A published site's folder is refused: `gongkai build` updates that.
    #[arg(long, value_name = "DIR")]
    output: Option<PathBuf>,
    /// Record the published figures in content/bulletins/<quarter>.frozen.yaml. From then on
    /// `check` and `build` fail if a figure of the quarter changes, unless the bulletin's
    /// record acknowledges the change with a correction.
    #[arg(long)]
    freeze: bool,
}

fn parse_quarter(text: &str) -> Result<Quarter, String> {
    Quarter::parse(text)
}

/// Runs `gongkai bulletin`.
pub(crate) fn bulletin(args: BulletinArgs) -> ExitCode {
    let options = Options {
        root: args.site.root.clone(),
        as_of: args.site.as_of,
        ..Options::default()
    };
    let output = args
        .output
        .unwrap_or_else(|| args.site.root.join("bulletin-output"));
    match gongkai::bulletin(&options, args.quarter, args.freeze, &output) {
        Ok(report) => {
            print_problems(&report.warnings);
            if let Some(frozen) = &report.frozen {
                eprintln!(
                    "froze the {} figures in {}",
                    args.quarter,
                    args.site.root.join(frozen).display()
                );
            }
            for file in report.files.iter().filter(|f| !f.starts_with("assets/")) {
                println!("{}", report.output.join(file).display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail("bulletin", e),
    }
}
