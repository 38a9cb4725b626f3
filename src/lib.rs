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
    problems.extend(drafts(&records));
    // Published bulletins are frozen: a changed figure needs an acknowledged correction.
    problems.extend(bulletin::freeze::check(&records));
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
    problems.extend(calendar::check_day_counts(
        &records.site,
        &records.items,
        as_of,
    ));
    let attachments = attachments::collect(
        &options.root,
        &PublicView::new(&records, as_of, options.drafts),
    );
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
    Ok(Report {
        as_of: prepared.as_of,
        warnings: prepared.warnings,
        pages: 0,
        output: None,
        stages: prepared.stages,
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
    Ok(Report {
        as_of: prepared.as_of,
        warnings: prepared.warnings,
        pages,
        output: Some(output),
        stages,
    })
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
    let record_digests = manifest::record_digests(&options.root, &view);
    stages.mark("record digests");
    view.changes = Changes::between(previous, &record_digests);
    view.provenance = provenance(&options.root, &prepared.records);
    let generated = Generated::new(sink, &prepared.records.site.privacy.exempt);
    // Open data, feeds and bulletins side by side: each is mostly one thread's work.
    let (data_page, others) = rayon::join(
        || data::generate(&view, |files| generated.write(files)),
        || -> Result<(), Error> {
            generated.write(feeds::generate(&view))?;
            generated.write(bulletin::files(&view).map_err(Error::Environment)?)
        },
    );
    view.data_page = data_page?;
    others?;
    stages.mark("open data, feeds and bulletins");
    let view = view;
    let pages = pages::plan(&view);
    generated.write_theme(&prepared.theme)?;
    generated.write(prepared.attachments.clone())?;
    stages.mark("theme and attachments written");
    let page_paths: Vec<String> = pages.iter().map(|p| p.path(&view)).collect();
    let written_so_far = generated.paths();
    // The search index is written while the pages render; a page links only to its entry.
    let expected: HashSet<&str> = page_paths
        .iter()
        .map(String::as_str)
        .chain(written_so_far.iter().map(String::as_str))
        .chain([search::META, publish::MANIFEST, publish::CHECKSUMS])
        .collect();
    let style = link_style(options, &prepared.records);
    let done = std::sync::atomic::AtomicUsize::new(0);
    let (search, rendered) = rayon::join(
        || search::write_index(&view, &|file| generated.write(vec![file])),
        || -> Vec<Problem> {
            pages
                .par_iter()
                .zip(&page_paths)
                .flat_map_iter(|(&page, path)| {
                    let problems = render_page(
                        &prepared.renderer,
                        &view,
                        page,
                        path,
                        style,
                        &expected,
                        sink,
                    );
                    if let Some(hook) = &options.progress {
                        (hook.0)(
                            done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1,
                            pages.len(),
                        );
                    }
                    problems
                })
                .collect()
        },
    );
    search?;
    let mut problems = rendered;
    stages.mark("search index, and render and write pages");
    problems.extend(generated.into_leaks().into_iter().map(Problem::Site));
    fail_on(problems)?;
    let manifest = Manifest::new(prepared.as_of, &sink.written(), record_digests);
    sink.write(publish::MANIFEST, &manifest.to_json())
        .map_err(|e| Error::Environment(e.0))?;
    sink.write(publish::CHECKSUMS, &manifest::checksums(&sink.written()))
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
}

fn render_page(
    renderer: &Renderer,
    view: &PublicView,
    page: Page,
    path: &str,
    style: LinkStyle,
    expected: &HashSet<&str>,
    sink: &dyn Sink,
) -> Vec<Problem> {
    let html = match renderer.render(page, view) {
        Ok(html) => html,
        Err(d) => return vec![Problem::Site(d)],
    };
    let html = if style == LinkStyle::File {
        links::to_file_links(&html)
    } else {
        html
    };
    let mut problems: Vec<Problem> = links::attribute_links(&html)
        .into_iter()
        .filter_map(|link| {
            let why = match links::resolve(path, &link) {
                Ok(Some(target)) if expected.contains(target.as_str()) => return None,
                Ok(None) => return None,
                Ok(Some(target)) => {
                    format!("it points to {target}, which the site does not contain")
                }
                Err(why) => why.to_string(),
            };
            Some(Problem::Site(Diagnostic::error(
                Path::new(path),
                0,
                0,
                format!("broken link `{link}`: {why}"),
            )))
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

fn fail_on(problems: Vec<Problem>) -> Result<(), Error> {
    let mut site = Vec::new();
    for problem in problems {
        match problem {
            Problem::Io(message) => return Err(Error::Environment(message)),
            Problem::Site(d) => site.push(d),
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
/// site's pages, its theme files, the generated files (when made) and `known`.
pub fn render_selected(
    session: &Session,
    wanted: &dyn Fn(Page, &PublicView) -> bool,
    generated: bool,
    known: &HashSet<String>,
) -> Result<Partial, Error> {
    let shared = &session.shared;
    let mut view = session.view();
    let memory = publish::Memory::default();
    let written = Generated::new(&memory, &session.records.site.privacy.exempt);
    let mut record_digests = Vec::new();
    if generated {
        record_digests = manifest::record_digests(&shared.options.root, &view);
        view.changes = Changes::between(None, &record_digests);
        view.data_page = data::generate(&view, |files| written.write(files))?;
        written.write(feeds::generate(&view))?;
        search::write_index(&view, &|file| written.write(vec![file]))?;
        written.write(bulletin::files(&view).map_err(Error::Environment)?)?;
        written.write(shared.attachments.clone())?;
        written.write_theme(&shared.theme)?;
    }
    let pages = pages::plan(&view);
    let page_paths: Vec<String> = pages.iter().map(|p| p.path(&view)).collect();
    let generated_paths = written.paths();
    let expected: HashSet<&str> = page_paths
        .iter()
        .map(String::as_str)
        .chain(shared.theme.assets.keys().map(String::as_str))
        .chain(generated_paths.iter().map(String::as_str))
        .chain(known.iter().map(String::as_str))
        .chain([publish::MANIFEST, publish::CHECKSUMS])
        .collect();
    let mut problems: Vec<Problem> = written
        .into_leaks()
        .into_iter()
        .map(Problem::Site)
        .collect();
    let style = link_style(&shared.options, &session.records);
    let chosen: Vec<(Page, &String)> = pages
        .iter()
        .zip(&page_paths)
        .filter(|(page, _)| wanted(**page, &view))
        .map(|(&page, path)| (page, path))
        .collect();
    problems.extend(
        chosen
            .par_iter()
            .flat_map_iter(|&(page, path)| {
                render_page(
                    &shared.renderer,
                    &view,
                    page,
                    path,
                    style,
                    &expected,
                    &memory,
                )
            })
            .collect::<Vec<_>>(),
    );
    fail_on(problems)?;
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
