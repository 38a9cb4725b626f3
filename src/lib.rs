//! gongkai (公开, "disclosure") compiles a government efficiency campaign's records — offices,
//! rectification items with deadlines and dated timelines — into a static disclosure website.
//!
//! A build is a pipeline, one module per stage, data flowing one way:
//! [`load`] (walk and parse, with positions) → [`validate`] (cross-file checks, diagnostics) →
//! [`derive`] and [`view`] (figures as of a date) → [`pages`] (routes and contexts) →
//! [`render`] (tera, in parallel) → [`publish`] (staged, atomic write).
//! The library never prints and never exits: the binary does that.

pub mod attachments;
pub mod bulletin;
pub mod calendar;
pub mod campaign;
pub mod changes;
pub mod data;
pub mod derive;
pub mod diagnostics;
pub mod feeds;
pub mod ledger;
pub mod limits;
pub mod links;
pub mod listing;
pub mod load;
pub mod manifest;
pub mod markdown;
pub mod model;
pub mod pages;
pub mod privacy;
pub mod publish;
pub mod render;
pub mod scaffold;
pub mod schema;
pub mod search;
pub mod serve;
pub mod source;
pub mod stages;
pub mod theme;
pub mod validate;
pub mod view;
pub mod yaml;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rayon::prelude::*;

use std::collections::HashSet;

use crate::changes::Changes;
use crate::diagnostics::Diagnostic;
use crate::links::LinkStyle;
use crate::manifest::Manifest;
use crate::model::Records;
use crate::pages::Page;
use crate::publish::{OutputFile, Sink, Staging};
use crate::render::Renderer;
use crate::theme::Theme;
use crate::view::{Provenance, PublicView};

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
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The site folder (holds `content/`).
    pub root: PathBuf,
    /// Where to write the site; `<root>/public` by default.
    pub output: Option<PathBuf>,
    /// The date the site is computed as of; today in the site's time zone by default.
    pub as_of: Option<NaiveDate>,
    /// How links to folders are written; `None` lets site.yaml's `links` decide.
    pub links: Option<LinkStyle>,
    /// The manifest of the previous publication, when it is not in the output folder.
    pub previous: Option<PathBuf>,
    /// Show drafts with a 草稿 banner: a preview, never a publication.
    pub drafts: bool,
    /// Told of each page rendered, for a progress bar.
    pub progress: Option<ProgressHook>,
}

/// A callback told `(pages done, pages in all)` as pages are rendered; the binary draws a
/// progress bar with it. The library itself never prints.
#[derive(Clone)]
pub struct ProgressHook(pub std::sync::Arc<dyn Fn(usize, usize) + Send + Sync>);

impl std::fmt::Debug for ProgressHook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ProgressHook")
    }
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
    /// Wall time of each stage.
    pub stages: stages::Stages,
}

/// Everything checked, ready to render.
struct Prepared {
    records: Records,
    renderer: Renderer,
    theme: Theme,
    as_of: NaiveDate,
    warnings: Vec<Diagnostic>,
    /// The published items' attachments, cleaned of metadata, at `attachments/<path>`.
    attachments: Vec<OutputFile>,
    /// How long loading and checking took.
    stages: stages::Stages,
}

impl Prepared {
    /// The report of a command that is done with these records. The records, the theme and
    /// the attachments are freed on a spare thread: at a province's size they are half a
    /// gigabyte of small allocations, and the answer need not wait for them.
    fn report(self, pages: usize, output: Option<PathBuf>) -> Report {
        let Prepared {
            records,
            renderer,
            theme,
            as_of,
            warnings,
            attachments,
            stages,
        } = self;
        rayon::spawn(move || drop((records, renderer, theme, attachments)));
        Report {
            as_of,
            warnings,
            pages,
            output,
            stages,
        }
    }
}

fn prepare(options: &Options) -> Result<Prepared, Error> {
    let mut stages = stages::Stages::default();
    let loaded = load::load(&options.root);
    stages.mark("load and parse");
    let validated = validate::validate(loaded);
    stages.mark("validate");
    let Some(records) = validated.records else {
        return Err(Error::Records(validated.problems));
    };
    let mut problems = validated.problems;
    // Published bulletins are frozen: a changed figure needs an acknowledged correction.
    let (drafts, frozen) = rayon::join(|| drafts(&records), || bulletin::freeze::check(&records));
    problems.extend(drafts);
    problems.extend(frozen);
    // Censor rules and personal-data masking, once, before any output is made.
    let records = match privacy::apply(records) {
        Ok(published) => published,
        Err(found) => {
            problems.extend(found);
            diagnostics::sort(&mut problems);
            return Err(Error::Records(problems));
        }
    };
    stages.mark("privacy");
    let as_of = options.as_of.unwrap_or_else(|| today(&records));
    // The theme compiles while the day counts and the attachments are checked.
    let (themed, (day_counts, attachments)) = rayon::join(
        || {
            let theme = Theme::resolve(&options.root, &records.site.theme)?;
            let renderer = Renderer::new(&theme)?;
            Ok((theme, renderer))
        },
        || {
            let view = PublicView::new(&records, as_of, options.drafts);
            (
                calendar::check_day_counts(&records.site, &records.items, as_of),
                attachments::collect(&options.root, &view),
            )
        },
    );
    let (theme, renderer) = match themed {
        Ok(themed) => themed,
        Err(d) => {
            problems.push(d);
            return Err(Error::Records(problems));
        }
    };
    problems.extend(day_counts);
    problems.extend(attachments.problems);
    stages.mark("theme and attachments");
    diagnostics::sort(&mut problems);
    if problems.iter().any(Diagnostic::is_error) {
        return Err(Error::Records(problems));
    }
    Ok(Prepared {
        records,
        renderer,
        theme,
        as_of,
        warnings: problems,
        attachments: attachments.files,
        stages,
    })
}

/// The records not yet approved for publication, listed as warnings by `check` and `build`:
/// offices, items, every campaign record and the bulletin records, each at its id (or first
/// key).
fn drafts(records: &Records) -> Vec<Diagnostic> {
    use crate::campaign::Disclosed;
    let review = records.site.review_required;
    let offices = records
        .offices
        .iter()
        .map(|o| (&o.disclosure, &o.file, o.id.at));
    let items = records
        .items
        .iter()
        .map(|i| (&i.disclosure, &i.file, i.id.at));
    let others = records
        .campaign
        .disclosed()
        .into_iter()
        .chain(
            records
                .bulletins
                .records
                .iter()
                .map(|r| r as &dyn Disclosed),
        )
        .map(|r| {
            let (file, at) = r.origin();
            (r.disclosure(), file, at)
        });
    offices
        .chain(items)
        .chain(others)
        .filter(|(disclosure, ..)| disclosure.is_draft(review))
        .map(|(disclosure, file, at)| {
            let why = if disclosure.draft {
                "marked `draft: true`"
            } else {
                "site.yaml requires review and it has no `approved_by`/`approved_on`"
            };
            Diagnostic::warning(
                &file.path,
                at.line,
                at.column,
                format!("draft, not published: {why}"),
            )
            .with_width(at.width)
            .with_source(&file.text)
        })
        .collect()
}

fn link_style(options: &Options, records: &Records) -> LinkStyle {
    options.links.unwrap_or(if records.site.file_links {
        LinkStyle::File
    } else {
        LinkStyle::Server
    })
}

/// Where the publication came from: the content's git commit when site.yaml asks for it,
/// and a build date only from `SOURCE_DATE_EPOCH` (never the clock).
fn provenance(root: &Path, records: &Records) -> Provenance {
    let commit = records.site.show_commit.then(|| git_commit(root)).flatten();
    let built = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
        .map(|t| {
            t.with_timezone(&records.site.timezone)
                .date_naive()
                .to_string()
        });
    Provenance { commit, built }
}

fn git_commit(root: &Path) -> Option<String> {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["rev-parse", "HEAD"])
        .output()
        .ok()?;
    let id = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (out.status.success() && id.len() >= 7).then_some(id)
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
    Ok(prepared.report(0, None))
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
    let previous = match &options.previous {
        Some(path) => Some(Manifest::read(path).ok_or_else(|| {
            Error::Environment(format!(
                "--previous {}: not a manifest.json written by gongkai",
                path.display()
            ))
        })?),
        None => Manifest::read(&output.join(publish::MANIFEST)),
    };
    let staging = Staging::begin(&output).map_err(|e| Error::Environment(e.0))?;
    let (pages, publish_stages) = publish_into(options, &prepared, previous.as_ref(), &staging)?;
    staging.commit().map_err(|e| Error::Environment(e.0))?;
    let mut stages = prepared.stages.clone();
    stages.extend(&publish_stages);
    stages.mark("swap the output in");
    let mut report = prepared.report(pages, Some(output));
    report.stages = stages;
    Ok(report)
}

/// What `gongkai bulletin` did.
#[derive(Debug)]
pub struct BulletinReport {
    /// The date the site was computed as of.
    pub as_of: NaiveDate,
    /// The files written below the output folder, by their site paths.
    pub files: Vec<String>,
    /// Where the output was written.
    pub output: PathBuf,
    /// The snapshot written by `--freeze`.
    pub frozen: Option<PathBuf>,
    /// Warnings (the command went on).
    pub warnings: Vec<Diagnostic>,
}

/// Makes one quarter's bulletin — its page, its Word file and the theme files the page needs
/// — into `output` at the paths they have in the full site; with `freeze`, first records the
/// published figures in `content/bulletins/<quarter>.frozen.yaml`. The records are checked
/// as for `build`; a published site's folder (one with a manifest) is never written into.
pub fn bulletin(
    options: &Options,
    quarter: bulletin::Quarter,
    freeze: bool,
    output: &Path,
) -> Result<BulletinReport, Error> {
    let prepared = prepare(options)?;
    let refuse = |message: String| {
        Error::Records(vec![Diagnostic::error(
            Path::new(bulletin::FOLDER),
            0,
            0,
            message,
        )])
    };
    if quarter.last_day() > prepared.as_of {
        return Err(refuse(format!(
            "{quarter} ends on {}: its bulletin can be made from the next day (the site is computed as of {}; see --as-of)",
            quarter.last_day(),
            prepared.as_of
        )));
    }
    let view = PublicView::new(&prepared.records, prepared.as_of, false);
    if !bulletin::quarters(&view).contains(&quarter) {
        return Err(refuse(format!(
            "{quarter} has no data: no item had been found by {}",
            quarter.last_day()
        )));
    }
    if output.join(publish::MANIFEST).exists() {
        return Err(Error::Environment(format!(
            "{} is a published site (it has a {}): `gongkai build` updates it; give `gongkai bulletin` another --output",
            output.display(),
            publish::MANIFEST
        )));
    }
    let frozen = if freeze {
        Some(bulletin::freeze::write_snapshot(
            &options.root,
            &prepared.records,
            quarter,
            prepared.as_of,
        )?)
    } else {
        None
    };
    let memory = publish::Memory::default();
    publish_into(options, &prepared, None, &memory)?;
    let prefix = format!("bulletins/{quarter}/");
    let wanted: Vec<(String, Vec<u8>)> = memory
        .into_files()
        .into_iter()
        .filter(|(path, _)| path.starts_with(&prefix) || path.starts_with("assets/"))
        .collect();
    for (path, bytes) in &wanted {
        let target = output.join(path);
        publish::write_file_atomically(&target, bytes)
            .map_err(|e| Error::Environment(format!("cannot write {}: {e}", target.display())))?;
    }
    Ok(BulletinReport {
        as_of: prepared.as_of,
        files: wanted.into_iter().map(|(p, _)| p).collect(),
        output: output.to_path_buf(),
        frozen,
        warnings: prepared.warnings,
    })
}

/// A whole site built in memory, for previews (`serve`) and tests: path → bytes.
#[derive(Debug)]
pub struct MemorySite {
    /// Every file of the site.
    pub files: std::collections::BTreeMap<String, Vec<u8>>,
    /// The date used.
    pub as_of: NaiveDate,
    /// Warnings (the build went on).
    pub warnings: Vec<Diagnostic>,
}

/// Builds the site into memory; nothing is written to disk.
pub fn build_in_memory(options: &Options) -> Result<MemorySite, Error> {
    let prepared = prepare(options)?;
    let memory = publish::Memory::default();
    publish_into(options, &prepared, None, &memory)?;
    Ok(MemorySite {
        files: memory.into_files(),
        as_of: prepared.as_of,
        warnings: prepared.warnings,
    })
}

/// The publication itself, into any sink: the view, the generated files, every page (link
/// checked), then the manifest and checksums. Returns the number of pages.
fn publish_into(
    options: &Options,
    prepared: &Prepared,
    previous: Option<&Manifest>,
    sink: &dyn Sink,
) -> Result<(usize, stages::Stages), Error> {
    let mut stages = stages::Stages::default();
    let mut view = PublicView::new(&prepared.records, prepared.as_of, options.drafts);
    stages.mark("public view");
    view.provenance = provenance(&options.root, &prepared.records);
    let view = view;
    let generated = Generated::new(sink, &prepared.records.site.privacy.exempt);
    generated.write_theme(&prepared.theme)?;
    generated.write(prepared.attachments.clone())?;
    stages.mark("theme and attachments written");
    let pages = pages::plan(&view);
    let page_paths: Vec<String> = pages.iter().map(|p| p.path(&view)).collect();
    let written_so_far = generated.paths();
    // Open data, feeds, bulletins and the search index are written while the pages render:
    // links to them are checked once they exist.
    let targets = Targets {
        made: page_paths
            .iter()
            .map(String::as_str)
            .chain(written_so_far.iter().map(String::as_str))
            .chain([publish::MANIFEST, publish::CHECKSUMS])
            .collect(),
        known: &|_| false,
    };
    let style = link_style(options, &prepared.records);
    let done = std::sync::atomic::AtomicUsize::new(0);
    let render = |i: usize| {
        let problems = render_page(
            &prepared.renderer,
            &view,
            pages[i],
            &page_paths[i],
            style,
            &targets,
            sink,
        );
        if let Some(hook) = &options.progress {
            (hook.0)(
                done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1,
                pages.len(),
            );
        }
        problems
    };
    // The data page shows the downloads and 本次更新 the changes, so they wait for them.
    let (after, before): (Vec<usize>, Vec<usize>) =
        (0..pages.len()).partition(|&i| matches!(pages[i], Page::Data | Page::Changes));
    // The generators run one after another (each holds its biggest output in memory, never
    // two at once), on one core or both; the pages take whatever the generators leave free.
    let (made, mut problems) = rayon::join(
        || -> Result<Vec<manifest::RecordDigest>, Error> {
            let record_digests = manifest::record_digests(&options.root, &view);
            let _ = view
                .changes
                .set(Changes::between(previous, &record_digests));
            let (data_page, others) = rayon::join(
                || data::generate(&view, |files| generated.write(files)),
                || -> Result<(), Error> {
                    generated.write(feeds::generate(&view))?;
                    generated.write(bulletin::files(&view).map_err(Error::Environment)?)
                },
            );
            let _ = view.data_page.set(data_page?);
            others?;
            search::write_index(&view, &|file| generated.write(vec![file]))?;
            Ok(record_digests)
        },
        || -> Vec<Problem> { before.par_iter().flat_map_iter(|&i| render(i)).collect() },
    );
    let record_digests = made?;
    problems.extend(after.into_iter().flat_map(render));
    stages.mark("record digests, open data, feeds, bulletins and search index, with the pages");
    problems.extend(generated.into_leaks().into_iter().map(Problem::Site));
    let written = sink.written();
    fail_on(problems, |target| written.contains_key(target))?;
    let (json, sums) = manifest::closing_files(prepared.as_of, &written, record_digests);
    sink.write(publish::MANIFEST, &json)
        .map_err(|e| Error::Environment(e.0))?;
    sink.write(publish::CHECKSUMS, &sums)
        .map_err(|e| Error::Environment(e.0))?;
    stages.mark("manifest");
    Ok((pages.len(), stages))
}

/// The files besides the pages (data, feeds, bulletins, the search index, the theme's assets,
/// attachments), written as soon as each generator has made them, so that the build holds
/// one generator's output at a time rather than all of it; each is checked for personal
/// information first, like every page.
struct Generated<'a> {
    sink: &'a dyn Sink,
    exempt: &'a [String],
    leaks: std::sync::Mutex<Vec<Diagnostic>>,
    paths: std::sync::Mutex<Vec<String>>,
}

impl<'a> Generated<'a> {
    fn new(sink: &'a dyn Sink, exempt: &'a [String]) -> Self {
        Generated {
            sink,
            exempt,
            leaks: std::sync::Mutex::new(Vec::new()),
            paths: std::sync::Mutex::new(Vec::new()),
        }
    }

    /// Checks and writes these files, in parallel.
    fn write(&self, files: Vec<OutputFile>) -> Result<(), Error> {
        self.write_all(files.iter().map(|f| (f.path.as_str(), f.bytes.as_slice())))
    }

    /// Writes the theme's static assets.
    fn write_theme(&self, theme: &Theme) -> Result<(), Error> {
        self.write_all(
            theme
                .assets
                .iter()
                .map(|(path, file)| (path.as_str(), file.bytes.as_slice())),
        )
    }

    fn write_all<'f>(&self, files: impl Iterator<Item = (&'f str, &'f [u8])>) -> Result<(), Error> {
        let files: Vec<(&str, &[u8])> = files.collect();
        let leaks: Vec<Diagnostic> = files
            .par_iter()
            .map(|&(path, bytes)| {
                let leak = privacy::guard_output(path, bytes, self.exempt);
                self.sink.write(path, bytes).map(|()| leak)
            })
            .collect::<Result<Vec<Option<Diagnostic>>, publish::PublishError>>()
            .map_err(|e| Error::Environment(e.0))?
            .into_iter()
            .flatten()
            .collect();
        if let Ok(mut found) = self.leaks.lock() {
            found.extend(leaks);
        }
        if let Ok(mut paths) = self.paths.lock() {
            paths.extend(files.iter().map(|(path, _)| path.to_string()));
        }
        Ok(())
    }

    /// The paths written so far.
    fn paths(&self) -> Vec<String> {
        self.paths.lock().map(|p| p.clone()).unwrap_or_default()
    }

    /// The personal information found in what was written.
    fn into_leaks(self) -> Vec<Diagnostic> {
        self.leaks.into_inner().unwrap_or_default()
    }
}

/// A problem met while rendering and writing one page.
enum Problem {
    /// A template error or a broken link: the site's fault.
    Site(Diagnostic),
    /// A write that the system refused.
    Io(String),
    /// A link to a file the pages did not know of when they rendered (open data, a feed, a
    /// bulletin, the search index are written meanwhile): broken unless the file was written.
    Unresolved {
        /// The page.
        page: String,
        /// The link as written in the page.
        link: String,
        /// The file it points to.
        target: String,
    },
}

/// The files a page may link to when it renders: the pages, the theme's assets, the
/// attachments, and the manifest and checksums that come last. A link to anything else waits
/// as a [`Problem::Unresolved`] until the generators are done ([`fail_on`]).
struct Targets<'a> {
    /// What this build makes.
    made: HashSet<&'a str>,
    /// What the caller knew of before (the live preview's files).
    known: &'a (dyn Fn(&str) -> bool + Sync),
}

impl Targets<'_> {
    fn contains(&self, path: &str) -> bool {
        self.made.contains(path) || (self.known)(path)
    }
}

fn broken_link(page: &str, link: &str, why: String) -> Diagnostic {
    Diagnostic::error(
        Path::new(page),
        0,
        0,
        format!("broken link `{link}`: {why}"),
    )
}

fn render_page(
    renderer: &Renderer,
    view: &PublicView,
    page: Page,
    path: &str,
    style: LinkStyle,
    targets: &Targets,
    sink: &dyn Sink,
) -> Vec<Problem> {
    let bytes = match renderer.render(page, view) {
        Ok(bytes) => bytes,
        Err(d) => return vec![Problem::Site(d)],
    };
    let Ok(text) = simdutf8::basic::from_utf8(&bytes) else {
        let why = "the template wrote text that is not UTF-8";
        return vec![Problem::Site(Diagnostic::error(Path::new(path), 0, 0, why))];
    };
    let rewritten;
    let html = if style == LinkStyle::File {
        rewritten = links::to_file_links(text);
        &rewritten
    } else {
        text
    };
    let mut problems: Vec<Problem> = links::attribute_links(html)
        .into_iter()
        .filter_map(|link| match links::resolve(path, &link) {
            Ok(None) => None,
            Ok(Some(target)) if targets.contains(&target) => None,
            Ok(Some(target)) => Some(Problem::Unresolved {
                page: path.to_string(),
                link: link.into_owned(),
                target,
            }),
            Err(why) => Some(Problem::Site(broken_link(path, &link, why.to_string()))),
        })
        .collect();
    problems.extend(
        privacy::guard_output(path, html.as_bytes(), &view.records.site.privacy.exempt)
            .map(Problem::Site),
    );
    if let Err(e) = sink.write(path, html.as_bytes()) {
        problems.push(Problem::Io(e.0));
    }
    problems
}

/// Stops the build on the pages' problems. A link that waited for a generated file is broken
/// only if `written` says that file was not written after all.
fn fail_on(problems: Vec<Problem>, written: impl Fn(&str) -> bool) -> Result<(), Error> {
    let mut site = Vec::new();
    for problem in problems {
        match problem {
            Problem::Io(message) => return Err(Error::Environment(message)),
            Problem::Site(d) => site.push(d),
            Problem::Unresolved { target, .. } if written(&target) => {}
            Problem::Unresolved { page, link, target } => site.push(broken_link(
                &page,
                &link,
                format!("it points to {target}, which the site does not contain"),
            )),
        }
    }
    if site.is_empty() {
        return Ok(());
    }
    diagnostics::sort(&mut site);
    site.dedup();
    Err(Error::Records(site))
}

/// Resolves `--root`: a path given on the command line, or the current folder.
pub fn site_root(root: Option<&Path>) -> PathBuf {
    root.map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// The checked records and the theme of the last good build, kept by the live preview so that
/// a change to one item re-renders only the pages that show it.
#[derive(Clone)]
pub struct Session {
    /// The published records (privacy applied).
    pub records: Records,
    /// Warnings of the build.
    pub warnings: Vec<Diagnostic>,
    shared: std::sync::Arc<SessionShared>,
}

struct SessionShared {
    options: Options,
    renderer: Renderer,
    theme: Theme,
    as_of: NaiveDate,
    attachments: Vec<OutputFile>,
}

impl Session {
    /// The date the site is computed for.
    pub fn as_of(&self) -> NaiveDate {
        self.shared.as_of
    }

    /// The public view of the session's records, with its provenance.
    pub fn view(&self) -> PublicView<'_> {
        let mut view =
            PublicView::new(&self.records, self.shared.as_of, self.shared.options.drafts);
        view.provenance = provenance(&self.shared.options.root, &self.records);
        view
    }
}

/// Builds the whole site into memory, as [`build_in_memory`] does, and keeps what it was
/// built from.
pub fn build_session(options: &Options) -> Result<(Session, MemorySite), Error> {
    let prepared = prepare(options)?;
    let memory = publish::Memory::default();
    publish_into(options, &prepared, None, &memory)?;
    let site = MemorySite {
        files: memory.into_files(),
        as_of: prepared.as_of,
        warnings: prepared.warnings.clone(),
    };
    let session = Session {
        records: prepared.records,
        warnings: prepared.warnings,
        shared: std::sync::Arc::new(SessionShared {
            options: options.clone(),
            renderer: prepared.renderer,
            theme: prepared.theme,
            as_of: prepared.as_of,
            attachments: prepared.attachments,
        }),
    };
    Ok((session, site))
}

/// Part of a site re-rendered from a [`Session`].
#[derive(Debug, Default)]
pub struct Partial {
    /// The files made: path → bytes.
    pub files: std::collections::BTreeMap<String, Vec<u8>>,
    /// With the generated files: every path the whole site has, but the manifest and the
    /// checksums (which are made from the files).
    pub paths: Option<HashSet<String>>,
    /// With the generated files: the records' digests, for the manifest.
    pub record_digests: Vec<manifest::RecordDigest>,
}

/// Renders the pages `wanted` chooses and, with `generated`, the feeds, open data, search
/// index and attachments, exactly as a full build makes them. Links are checked against the
/// pages rendered (with `generated`, every page of the site), the theme's files, the generated
/// files (when made) and what `known` says exists. The live preview's first half renders an
/// edited item's pages without naming all 100,000 pages of a province: a link its pages make
/// to a page it does not know fails, and the preview builds in full instead.
pub fn render_selected(
    session: &Session,
    wanted: &dyn Fn(Page, &PublicView) -> bool,
    generated: bool,
    known: &(dyn Fn(&str) -> bool + Sync),
) -> Result<Partial, Error> {
    let shared = &session.shared;
    let view = session.view();
    let memory = publish::Memory::default();
    let written = Generated::new(&memory, &session.records.site.privacy.exempt);
    let mut record_digests = Vec::new();
    if generated {
        record_digests = manifest::record_digests(&shared.options.root, &view);
        let _ = view.changes.set(Changes::between(None, &record_digests));
        let _ = view
            .data_page
            .set(data::generate(&view, |files| written.write(files))?);
        written.write(feeds::generate(&view))?;
        search::write_index(&view, &|file| written.write(vec![file]))?;
        written.write(bulletin::files(&view).map_err(Error::Environment)?)?;
        written.write(shared.attachments.clone())?;
        written.write_theme(&shared.theme)?;
    }
    let pages = pages::plan(&view);
    let chosen: Vec<(Page, String)> = pages
        .iter()
        .filter(|&&page| wanted(page, &view))
        .map(|&page| (page, page.path(&view)))
        .collect();
    // Every page's path only when the lists are made: they are the manifest's pages too.
    let page_paths: Vec<String> = if generated {
        pages.iter().map(|p| p.path(&view)).collect()
    } else {
        Vec::new()
    };
    let generated_paths = written.paths();
    let targets = Targets {
        made: page_paths
            .iter()
            .chain(chosen.iter().map(|(_, path)| path))
            .map(String::as_str)
            .chain(shared.theme.assets.keys().map(String::as_str))
            .chain(generated_paths.iter().map(String::as_str))
            .chain([publish::MANIFEST, publish::CHECKSUMS])
            .collect(),
        known,
    };
    let mut problems: Vec<Problem> = written
        .into_leaks()
        .into_iter()
        .map(Problem::Site)
        .collect();
    let style = link_style(&shared.options, &session.records);
    problems.extend(
        chosen
            .par_iter()
            .flat_map_iter(|(page, path)| {
                render_page(
                    &shared.renderer,
                    &view,
                    *page,
                    path,
                    style,
                    &targets,
                    &memory,
                )
            })
            .collect::<Vec<_>>(),
    );
    // Every file this partial build links to was made or known before the pages.
    fail_on(problems, |_| false)?;
    let paths = generated.then(|| {
        page_paths
            .iter()
            .cloned()
            .chain(shared.theme.assets.keys().cloned())
            .chain(generated_paths.iter().cloned())
            .collect()
    });
    Ok(Partial {
        files: memory.into_files(),
        paths,
        record_digests,
    })
}
