//! Benchmark: builds a site several times in one process and prints the minimum, median and
//! maximum wall time of a full build (load, validate, derive, render, publish).
//!
//! ```text
//! cargo run --release --example bench -- [--root DIR] [--runs N] [--as-of YYYY-MM-DD]
//! ```
//! Defaults: the sample site in this repository, 15 runs, as of 2026-11-25. Output goes to a
//! temporary folder that is removed afterwards.

use std::path::PathBuf;
use std::time::{Duration, Instant};

fn main() {
    let mut root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut runs = 15usize;
    let mut as_of = "2026-11-25".to_string();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next().unwrap_or_default();
        match arg.as_str() {
            "--root" => root = PathBuf::from(value),
            "--runs" => runs = value.parse().unwrap_or(runs),
            "--as-of" => as_of = value,
            _ => {
                eprintln!("usage: bench [--root DIR] [--runs N] [--as-of YYYY-MM-DD]");
                std::process::exit(2);
            }
        }
    }
    let Ok(date) = gongkai::yaml::parse_date(&as_of) else {
        eprintln!("--as-of: write the date as YYYY-MM-DD");
        std::process::exit(2);
    };
    let scratch = std::env::temp_dir().join(format!("gongkai-bench-{}", std::process::id()));
    let options = gongkai::Options {
        root: root.clone(),
        output: Some(scratch.join("public")),
        as_of: Some(date),
        ..gongkai::Options::default()
    };
    let mut times: Vec<Duration> = Vec::with_capacity(runs);
    let mut pages = 0;
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        match gongkai::build(&options) {
            Ok(report) => pages = report.pages,
            Err(e) => {
                eprintln!("the build failed: {e:?}");
                std::process::exit(1);
            }
        }
        times.push(start.elapsed());
    }
    let _ = std::fs::remove_dir_all(&scratch);
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{}: {pages} pages, {} runs: min {:.1} ms, median {:.1} ms, max {:.1} ms ({} threads)",
        root.display(),
        times.len(),
        ms(times[0]),
        ms(times[times.len() / 2]),
        ms(times[times.len() - 1]),
        rayon::current_num_threads()
    );
}
