//! gongkai (公开, "disclosure") compiles a government efficiency campaign's records — offices,
//! rectification items with deadlines and dated timelines — into a static disclosure website.
//!
//! A build is a pipeline, one module per stage, data flowing one way:
//! [`load`] (walk and parse, with positions) → [`validate`] (cross-file checks, diagnostics) →
//! [`derive`] and [`view`] (figures as of a date) → [`pages`] (routes and contexts) →
//! [`render`] (tera, in parallel) → [`publish`] (staged, atomic write).
//! The library never prints and never exits: the binary does that.

pub mod derive;
pub mod diagnostics;
pub mod load;
pub mod markdown;
pub mod model;
pub mod pages;
pub mod publish;
pub mod render;
pub mod source;
pub mod theme;
pub mod validate;
pub mod view;
pub mod yaml;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::model::Records;
use crate::publish::Staging;
use crate::render::Renderer;
use crate::theme::Theme;
use crate::view::PublicView;

/// Why a command failed, which decides its exit status.
#[derive(Debug)]
pub enum Error {
    /// The records (or the site's templates) have errors: exit status 1. Carries every
    /// problem, warnings included, sorted.
    Records(Vec<Diagnostic>),
    /// The environment refused (I/O, a folder that must not be replaced): exit status 3.
    Environment(String),
}

/// What `check` and `build` are asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    /// The site folder (holds `content/`).
    pub root: PathBuf,
    /// Where to write the site; `<root>/public` by default.
    pub output: Option<PathBuf>,
    /// The date the site is computed as of; today in the site's time zone by default.
    pub as_of: Option<NaiveDate>,
}

/// What a successful `check` or `build` did.
#[derive(Debug)]
pub struct Report {
    /// The date used.
    pub as_of: NaiveDate,
    /// Warnings (the build went on).
    pub warnings: Vec<Diagnostic>,
    /// Pages written (0 for `check`).
    pub pages: usize,
    /// Where the site was written (`build` only).
    pub output: Option<PathBuf>,
}

/// Everything checked, ready to render.
struct Prepared {
    records: Records,
    renderer: Renderer,
    theme: Theme,
    as_of: NaiveDate,
    warnings: Vec<Diagnostic>,
}

fn prepare(options: &Options) -> Result<Prepared, Error> {
    let validated = validate::validate(load::load(&options.root));
    let Some(records) = validated.records else {
        return Err(Error::Records(validated.problems));
    };
    let mut problems = validated.problems;
    let theme = Theme::resolve(&options.root, &records.site.theme);
    let renderer = theme.as_ref().map_err(Clone::clone).and_then(Renderer::new);
    let (theme, renderer) = match (theme, renderer) {
        (Ok(theme), Ok(renderer)) => (theme, renderer),
        (Err(d), _) | (_, Err(d)) => {
            problems.push(d);
            return Err(Error::Records(problems));
        }
    };
    let as_of = options.as_of.unwrap_or_else(|| today(&records));
    Ok(Prepared {
        records,
        renderer,
        theme,
        as_of,
        warnings: problems,
    })
}

/// Today's date in the site's time zone.
fn today(records: &Records) -> NaiveDate {
    chrono::Utc::now()
        .with_timezone(&records.site.timezone)
        .date_naive()
}

/// Validates every record and template; writes nothing.
pub fn check(options: &Options) -> Result<Report, Error> {
    let prepared = prepare(options)?;
    Ok(Report {
        as_of: prepared.as_of,
        warnings: prepared.warnings,
        pages: 0,
        output: None,
    })
}

/// The output folder for these options.
pub fn output_dir(options: &Options) -> PathBuf {
    options
        .output
        .clone()
        .unwrap_or_else(|| options.root.join("public"))
}

/// Builds the site into the output folder, replacing it only if everything succeeded.
pub fn build(options: &Options) -> Result<Report, Error> {
    let prepared = prepare(options)?;
    let output = output_dir(options);
    let view = PublicView::new(&prepared.records, prepared.as_of);
    let pages = pages::plan(&view);
    let staging = Staging::begin(&output).map_err(|e| Error::Environment(e.0))?;
    write_assets(&staging, &prepared.theme)?;
    let failures: Vec<Result<Diagnostic, String>> = pages
        .par_iter()
        .filter_map(|&page| {
            let html = match prepared.renderer.render(page, &view) {
                Ok(html) => html,
                Err(d) => return Some(Ok(d)),
            };
            let path = page.path(&view);
            staging
                .write(&path, html.as_bytes())
                .err()
                .map(|e| Err(staging.error(&path, &e).0))
        })
        .collect();
    let (template_errors, io_errors): (Vec<_>, Vec<_>) =
        failures.into_iter().partition(Result::is_ok);
    if let Some(Err(e)) = io_errors.into_iter().next() {
        return Err(Error::Environment(e));
    }
    if !template_errors.is_empty() {
        let mut problems: Vec<Diagnostic> =
            template_errors.into_iter().filter_map(Result::ok).collect();
        problems.sort_by(|a, b| a.message.cmp(&b.message));
        problems.dedup_by(|a, b| a.message == b.message);
        return Err(Error::Records(problems));
    }
    staging.commit().map_err(|e| Error::Environment(e.0))?;
    Ok(Report {
        as_of: prepared.as_of,
        warnings: prepared.warnings,
        pages: pages.len(),
        output: Some(output),
    })
}

fn write_assets(staging: &Staging, theme: &Theme) -> Result<(), Error> {
    for (path, file) in &theme.assets {
        staging
            .write(path, &file.bytes)
            .map_err(|e| Error::Environment(staging.error(path, &e).0))?;
    }
    Ok(())
}

/// Resolves `--root`: a path given on the command line, or the current folder.
pub fn site_root(root: Option<&Path>) -> PathBuf {
    root.map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}
