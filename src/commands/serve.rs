//! `gongkai serve`: the live preview.

use std::net::{IpAddr, SocketAddr};
use std::process::ExitCode;

use gongkai::Options;
use gongkai::serve::Rebuild;

use super::{SiteArgs, fail, print_problems};

/// Arguments of `gongkai serve`.
#[derive(clap::Args, Debug)]
pub(crate) struct ServeArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// The port to serve on (0 picks a free one).
    #[arg(long, default_value_t = 8000)]
    port: u16,
    /// The address to serve on; the default keeps the preview on this computer.
    #[arg(long, default_value = "127.0.0.1")]
    bind: IpAddr,
    /// Show draft records too, with a 草稿 banner (never use this to publish).
    #[arg(long)]
    drafts: bool,
}

/// Runs `gongkai serve` until it is stopped.
pub(crate) fn serve(args: ServeArgs) -> ExitCode {
    let options = Options {
        root: args.site.root,
        as_of: args.site.as_of,
        drafts: args.drafts,
        ..Options::default()
    };
    let address = SocketAddr::new(args.bind, args.port);
    let on_listen =
        |bound: SocketAddr| eprintln!("serving the preview on http://{bound}/ (Ctrl-C stops it)");
    match gongkai::serve::run(options, address, on_listen, report) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail("serve", e),
    }
}

fn report(rebuild: &Rebuild) {
    print_problems(&rebuild.problems);
    eprintln!("{}", rebuild.summary());
}
