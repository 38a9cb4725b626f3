//! The load stage: finds the record files under `content/`, reads each one into its typed
//! record and collects every problem of every file. Checks that involve several files
//! (references, duplicate ids) belong to [`crate::validate`].

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diagnostics::Diagnostic;
use crate::limits;
use crate::model::{
    Approval, CatalogueEntry, Category, DayCount, Deadline, DeadlineRules, Disclosure, Item,
    Office, Phase, SiteConfig, Status, Timeline, TimelineEntry, Withdrawal, WorkSystem,
};
use crate::source::SourceFile;
use crate::yaml::{Fields, Located, YamlDoc};

/// The sources an item may name when site.yaml does not list its own.
pub const DEFAULT_SOURCES: [&str; 5] = ["自身找", "群众提", "明察暗访", "民主评议", "投诉"];

/// What the load stage found: the records it could read, and every problem.
#[derive(Debug, Default)]
pub struct Loaded {
    /// site.yaml, if it could be read.
    pub site: Option<SiteConfig>,
    /// Offices that could be read, in path order.
    pub offices: Vec<Office>,
    /// Items that could be read, in path order.
    pub items: Vec<Item>,
    /// The campaign's other records that could be read.
    pub campaign: crate::campaign::Campaign,
    /// The bulletins' records and snapshots that could be read.
    pub bulletins: crate::bulletin::Bulletins,
    /// Every problem found so far.
    pub problems: Vec<Diagnostic>,
}

/// Reads every record under `root/content`.
pub fn load(root: &Path) -> Loaded {
    // The core records and the campaign's are read side by side, so that one big file (a
    // bulletin snapshot, an evaluation) is read while the many small ones are.
    let (core, (campaign, bulletins, calendar)) = rayon::join(
        || read_core(root),
        || {
            (
                crate::campaign::load(root),
                crate::bulletin::load(root),
                crate::calendar::load(root),
            )
        },
    );
    let (mut loaded, core_problems) = core;
    loaded.problems = core_problems;
    let (campaign, problems) = campaign;
    loaded.campaign = campaign;
    loaded.problems.extend(problems);
    let (bulletins, problems) = bulletins;
    loaded.bulletins = bulletins;
    loaded.problems.extend(problems);
    let (calendar, problems) = calendar;
    loaded.problems.extend(problems);
    let unresolved = crate::calendar::resolve_deadlines(&calendar, &mut loaded.items);
    loaded.problems.extend(unresolved);
    if let Some(site) = &mut loaded.site {
        site.calendar = calendar;
    }
    loaded
}

/// Reads site.yaml, the offices and the items, with their problems in that order.
fn read_core(root: &Path) -> (Loaded, Vec<Diagnostic>) {
    let mut loaded = Loaded::default();
    let mut problems = Vec::new();
    let site_path = Path::new("content/site.yaml");
    if root.join(site_path).is_file() {
        let (site, found) = read_record(root, site_path, parse_site);
        loaded.site = site;
        problems.extend(found);
    } else {
        problems.push(Diagnostic::error(
            site_path,
            0,
            0,
            format!(
                "no content/site.yaml under {}: point --root at the site's folder (the one that holds content/)",
                root.display()
            ),
        ));
    }
    let (offices, found) = read_folder(root, "content/offices", &["yaml", "yml"], parse_office);
    loaded.offices = offices;
    problems.extend(found);
    let (items, found) = read_folder(root, "content/items", &["md"], parse_item);
    loaded.items = items;
    problems.extend(found);
    (loaded, problems)
}

type Parser<T> = fn(Arc<SourceFile>, &mut Vec<Diagnostic>) -> Option<T>;

/// How a record type reads its fields: the fields of one YAML file, and the file.
pub(crate) type FieldReader<T> = fn(&Fields, &Arc<SourceFile>) -> Option<T>;

/// Reads every `.yaml`/`.yml` file below `folder` (relative to `root`, e.g.
/// `content/inspections`) with `read`, collecting every problem: the way each campaign record
/// type is loaded. `what` names one record in messages ("an inspection").
pub(crate) fn read_yaml_folder<T: Send>(
    root: &Path,
    folder: &str,
    what: &'static str,
    read: FieldReader<T>,
) -> (Vec<T>, Vec<Diagnostic>) {
    let (paths, mut problems) = record_paths(root, Path::new(folder), &["yaml", "yml"]);
    let results: Vec<(Option<T>, Vec<Diagnostic>)> = paths
        .par_iter()
        .map(|p| {
            let mut found = Vec::new();
            let record = match SourceFile::read(root, p) {
                Ok(file) => read_yaml_record(Arc::new(file), what, read, &mut found),
                Err(d) => {
                    found.push(d);
                    None
                }
            };
            (record, found)
        })
        .collect();
    let mut records = Vec::with_capacity(results.len());
    for (record, found) in results {
        records.extend(record);
        problems.extend(found);
    }
    (records, problems)
}

/// Reads every file below `folder` (relative to `root`) with one of `extensions`, for a record
/// type that keeps more than one kind of file in its folder (bulletins: records and snapshots).
pub(crate) fn read_files(
    root: &Path,
    folder: &str,
    extensions: &[&str],
) -> (Vec<Arc<SourceFile>>, Vec<Diagnostic>) {
    let (paths, mut problems) = record_paths(root, Path::new(folder), extensions);
    let mut files = Vec::with_capacity(paths.len());
    for path in paths {
        match SourceFile::read(root, &path) {
            Ok(file) => files.push(Arc::new(file)),
            Err(d) => problems.push(d),
        }
    }
    (files, problems)
}

/// Reads one YAML record from its file with `read`.
pub(crate) fn read_yaml_record<T>(
    file: Arc<SourceFile>,
    what: &'static str,
    read: FieldReader<T>,
    problems: &mut Vec<Diagnostic>,
) -> Option<T> {
    let doc = match YamlDoc::parse(&file, &file.text, 1) {
        Ok(doc) => doc,
        Err(d) => {
            problems.push(d);
            return None;
        }
    };
    let record = doc.fields(what).and_then(|f| read(&f, &file));
    problems.extend(doc.into_problems());
    record
}

fn read_record<T>(root: &Path, relative: &Path, parse: Parser<T>) -> (Option<T>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let record = match SourceFile::read(root, relative) {
        Ok(file) => parse(Arc::new(file), &mut problems),
        Err(d) => {
            problems.push(d);
            None
        }
    };
    (record, problems)
}

fn read_folder<T: Send>(
    root: &Path,
    folder: &str,
    extensions: &[&str],
    parse: Parser<T>,
) -> (Vec<T>, Vec<Diagnostic>) {
    let (paths, mut problems) = record_paths(root, Path::new(folder), extensions);
    let results: Vec<(Option<T>, Vec<Diagnostic>)> = paths
        .par_iter()
        .map(|p| read_record(root, p, parse))
        .collect();
    let mut records = Vec::with_capacity(results.len());
    for (record, found) in results {
        records.extend(record);
        problems.extend(found);
    }
    (records, problems)
}

/// Record files below `folder`, relative to `root`, sorted; hidden and editor temp files skipped.
fn record_paths(
    root: &Path,
    folder: &Path,
    extensions: &[&str],
) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut paths = Vec::new();
    let mut problems = Vec::new();
    if std::fs::symlink_metadata(root.join(folder)).is_ok_and(|m| m.is_symlink()) {
        problems.push(Diagnostic::error(folder, 0, 0, crate::source::SYMLINK));
        return (paths, problems);
    }
    if !root.join(folder).is_dir() {
        return (paths, problems);
    }
    let walk = WalkDir::new(root.join(folder))
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_skipped(e.file_name().to_string_lossy().as_ref()));
    let mut walked = 0usize;
    for entry in walk {
        walked += 1;
        if walked > limits::FILES {
            problems.push(Diagnostic::error(
                folder,
                0,
                0,
                format!(
                    "more than {} files and folders under {}: nothing was read — move old records out, or split the site",
                    limits::FILES,
                    folder.display()
                ),
            ));
            return (Vec::new(), problems);
        }
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let at = e
                    .path()
                    .and_then(|p| p.strip_prefix(root).ok())
                    .unwrap_or(folder);
                problems.push(Diagnostic::error(at, 0, 0, format!("cannot read: {e}")));
                continue;
            }
        };
        let relative = entry
            .path()
            .strip_prefix(root)
            .unwrap_or(entry.path())
            .to_path_buf();
        // Links are never followed (walkdir's default): a link may leave content/ or loop.
        if entry.path_is_symlink() {
            problems.push(Diagnostic::error(&relative, 0, 0, crate::source::SYMLINK));
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let known = relative
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| extensions.contains(&e.to_ascii_lowercase().as_str()));
        if known {
            paths.push(relative);
        } else {
            problems.push(Diagnostic::warning(
                &relative,
                0,
                0,
                format!(
                    "ignored: only .{} files are records here",
                    extensions.join(" and .")
                ),
            ));
        }
    }
    (paths, problems)
}

fn is_skipped(name: &str) -> bool {
    name.starts_with('.') || name.starts_with("~$") || name.ends_with('~')
}

/// The fields `content/site.yaml` may have (the site schema in [`crate::schema`] mirrors them).
pub const SITE_FIELDS: &[&str] = &[
    "title",
    "unit",
    "campaign",
    "year",
    "base_url",
    "theme",
    "timezone",
    "phases",
    "categories",
    "sources",
    "systems",
    "review_required",
    "links",
    "show_commit",
    "catalogue",
    "privacy",
    "ledger_columns",
    "deadlines",
    "evaluation",
    "performance",
    "inspections",
    "activities",
    "opinions",
    "accountability",
];

fn parse_site(file: Arc<SourceFile>, problems: &mut Vec<Diagnostic>) -> Option<SiteConfig> {
    read_yaml_record(file, "site.yaml", read_site, problems)
}

fn read_site(f: &Fields, file: &Arc<SourceFile>) -> Option<SiteConfig> {
    f.reject_unknown(SITE_FIELDS);
    let timezone = match f.opt_text("timezone") {
        None => Some(chrono_tz::Asia::Shanghai),
        Some(name) => name.parse().ok().or_else(|| {
            f.error(
                "timezone",
                format!("`{name}` is not a time zone name such as Asia/Shanghai"),
            );
            None
        }),
    };
    let sources = if f.has("sources") {
        f.text_list("sources")
            .into_iter()
            .map(|s| s.value)
            .collect()
    } else {
        DEFAULT_SOURCES.iter().map(|s| s.to_string()).collect()
    };
    let phases = f
        .groups("phases", "a phase")
        .iter()
        .filter_map(read_phase)
        .collect();
    let categories: Vec<Category> = f
        .groups("categories", "a category")
        .iter()
        .filter_map(|c| {
            c.reject_unknown(&["id", "name"]);
            Some(Category {
                id: c.id("id")?.value,
                name: c.text("name")?,
            })
        })
        .collect();
    if !f.has("categories") {
        f.error(
            "categories",
            "missing field `categories` in site.yaml: list the rectification categories (id, name)",
        );
    }
    let systems = f
        .groups("systems", "a work system")
        .iter()
        .filter_map(|s| {
            s.reject_unknown(&["id", "name", "summary"]);
            Some(WorkSystem {
                id: s.id("id")?.value,
                name: s.text("name")?,
                summary: s.opt_text("summary").unwrap_or_default(),
            })
        })
        .collect();
    let theme = f.opt_text("theme").unwrap_or_else(|| "default".to_string());
    let links = f.opt_text("links");
    if links
        .as_deref()
        .is_some_and(|l| l != "server" && l != "file")
    {
        f.error(
            "links",
            "`links` is `server` (links end in /) or `file` (links end in index.html)",
        );
    }
    let catalogue = f
        .groups("catalogue", "a catalogue entry")
        .iter()
        .filter_map(read_catalogue_entry)
        .collect();
    let privacy = crate::privacy::read_policy(f, file);
    Some(SiteConfig {
        title: f.text("title")?,
        unit: f.text("unit")?,
        campaign: f.text("campaign")?,
        year: f.integer("year")?,
        base_url: f.opt_text("base_url"),
        theme,
        timezone: timezone?,
        phases,
        categories,
        sources,
        systems,
        review_required: f.opt_bool("review_required").unwrap_or(false),
        file_links: links.as_deref() == Some("file"),
        show_commit: f.opt_bool("show_commit").unwrap_or(false),
        catalogue,
        privacy,
        ledger_columns: read_ledger_columns(f),
        deadlines: read_deadline_rules(f),
        calendar: crate::calendar::Calendar::default(),
        rules: crate::campaign::read_rules(f),
    })
}

/// `deadlines:`: how days are counted (`count`), when an open item is 长期未更新
/// (`stale_after`) and 即将到期 (`due_soon`). Absent keys take the documented defaults.
fn read_deadline_rules(f: &Fields) -> DeadlineRules {
    let mut rules = DeadlineRules::default();
    let Some(d) = f.group("deadlines", "the deadline rules") else {
        return rules;
    };
    d.reject_unknown(&["count", "stale_after", "due_soon"]);
    rules.count_at = d.pos_of("count");
    match d.opt_text("count").as_deref() {
        None | Some("calendar_days") => {}
        Some("working_days") => rules.count = DayCount::WorkingDays,
        Some(other) => d.error(
            "count",
            format!("`{other}` is not a way of counting days: write calendar_days or working_days"),
        ),
    }
    let days = |key: &str, default: i64, least: i64| {
        if !d.has(key) {
            return default;
        }
        match d.integer(key) {
            Some(n) if (least..=3660).contains(&n) => n,
            Some(n) => {
                d.error(
                    key,
                    format!("`{key}` is {n}: write a number of days from {least} to 3660"),
                );
                default
            }
            None => default,
        }
    };
    rules.stale_after = days("stale_after", DeadlineRules::DEFAULT_STALE_AFTER, 1);
    rules.due_soon = days("due_soon", DeadlineRules::DEFAULT_DUE_SOON, 0);
    rules
}

fn read_phase(p: &Fields) -> Option<Phase> {
    p.reject_unknown(&["id", "name", "start", "end", "deliverable", "due"]);
    let phase = Phase {
        id: p.id("id")?.value,
        name: p.text("name")?,
        start: p.date("start")?,
        end: p.date("end")?,
        deliverable: p.opt_text("deliverable"),
        due: p.opt_date("due"),
    };
    if phase.end < phase.start {
        p.error(
            "end",
            format!(
                "the phase ends ({}) before it starts ({})",
                phase.end, phase.start
            ),
        );
    }
    Some(phase)
}

const CATALOGUE_FIELDS: &[&str] = &[
    "kind",
    "content",
    "basis",
    "time_limit",
    "body",
    "channel",
    "audience",
];

fn read_catalogue_entry(c: &Fields) -> Option<CatalogueEntry> {
    c.reject_unknown(CATALOGUE_FIELDS);
    Some(CatalogueEntry {
        kind: c.text("kind")?,
        content: c.text("content")?,
        basis: c.text("basis")?,
        time_limit: c.text("time_limit")?,
        body: c.text("body")?,
        channel: c.text("channel")?,
        audience: c.text("audience")?,
    })
}

/// Review and visibility fields, which every record type may carry.
pub(crate) fn read_disclosure(f: &Fields) -> Disclosure {
    let approved_by = f.opt_text("approved_by");
    let approved_on = f.opt_date("approved_on");
    let approval = match (approved_by, approved_on) {
        (Some(by), Some(on)) => Some(Approval { by, on }),
        (None, None) => None,
        (Some(_), None) => {
            f.error(
                "approved_by",
                "`approved_by` needs `approved_on`, the date of the approval",
            );
            None
        }
        (None, Some(_)) => {
            f.error(
                "approved_on",
                "`approved_on` needs `approved_by`, the approver's role",
            );
            None
        }
    };
    let draft = f.opt_bool("draft").unwrap_or(false);
    if draft && approval.is_some() {
        f.error(
            "draft",
            "a record cannot be both a draft and approved: remove `draft` or the approval",
        );
    }
    let withdrawn = match (f.opt_date("withdrawn_on"), f.opt_text("withdrawn_reason")) {
        (Some(on), Some(reason)) => Some(Withdrawal { on, reason }),
        (None, None) => None,
        (Some(_), None) => {
            f.error(
                "withdrawn_on",
                "a withdrawal needs `withdrawn_reason`, the reason given to the public",
            );
            None
        }
        (None, Some(_)) => {
            f.error(
                "withdrawn_reason",
                "a withdrawal needs `withdrawn_on`, the date it was withdrawn",
            );
            None
        }
    };
    Disclosure {
        draft,
        approval,
        withdrawn,
        display_until: f.opt_date("display_until"),
    }
}

/// The fields an office record may have (the office schema in [`crate::schema`] mirrors them).
pub const OFFICE_FIELDS: &[&str] = &[
    "id",
    "name",
    "parent",
    "chief",
    "deputy",
    "duties",
    "phone",
    "established",
    "dissolved",
    "draft",
    "approved_by",
    "approved_on",
    "withdrawn_on",
    "withdrawn_reason",
    "display_until",
];

fn parse_office(file: Arc<SourceFile>, problems: &mut Vec<Diagnostic>) -> Option<Office> {
    read_yaml_record(file, "an office", read_office, problems)
}

fn read_office(f: &Fields, file: &Arc<SourceFile>) -> Option<Office> {
    f.reject_unknown(OFFICE_FIELDS);
    let office = Office {
        id: f.id("id")?,
        name: f.text("name")?,
        parent: f.opt_located_text("parent"),
        chief: f.text("chief")?,
        deputy: f.text("deputy")?,
        duties: f.text("duties")?,
        phone: f.text("phone")?,
        established: f.opt_date("established"),
        dissolved: f.opt_date("dissolved"),
        disclosure: read_disclosure(f),
        file: Arc::clone(file),
    };
    if let (Some(from), Some(to)) = (office.established, office.dissolved) {
        if to < from {
            f.error(
                "dissolved",
                format!("the office is dissolved ({to}) before it is established ({from})"),
            );
        }
    }
    Some(office)
}

/// The fields of an item's front matter (the item schema in [`crate::schema`] mirrors them).
pub const ITEM_FIELDS: &[&str] = &[
    "id",
    "office",
    "title",
    "category",
    "source",
    "found",
    "deadline",
    "leader",
    "responsible",
    "timeline",
    "draft",
    "approved_by",
    "approved_on",
    "withdrawn_on",
    "withdrawn_reason",
    "display_until",
];
/// The fields of a timeline entry (the item schema in [`crate::schema`] mirrors them).
pub const ENTRY_FIELDS: &[&str] = &["date", "status", "note", "deadline", "evidence"];

fn parse_item(file: Arc<SourceFile>, problems: &mut Vec<Diagnostic>) -> Option<Item> {
    read_markdown_record(file, "an item", read_item, problems)
}

/// How a Markdown record type reads its front matter: the fields, the file, and where the
/// Markdown body starts in the file's text.
pub(crate) type FrontMatterReader<T> = fn(&Fields, &Arc<SourceFile>, usize) -> Option<T>;

/// Reads one Markdown record (`---` front matter, then the text) with `read`.
pub(crate) fn read_markdown_record<T>(
    file: Arc<SourceFile>,
    what: &'static str,
    read: FrontMatterReader<T>,
    problems: &mut Vec<Diagnostic>,
) -> Option<T> {
    let front = match file.front_matter() {
        Ok(front) => front,
        Err(d) => {
            problems.push(d);
            return None;
        }
    };
    let doc = match YamlDoc::parse(&file, front.yaml, front.first_line) {
        Ok(doc) => doc,
        Err(d) => {
            problems.push(d);
            return None;
        }
    };
    let body_start = file.text.len() - front.body.len();
    let record = doc.fields(what).and_then(|f| read(&f, &file, body_start));
    problems.extend(doc.into_problems());
    record
}

fn read_item(f: &Fields, file: &Arc<SourceFile>, body_start: usize) -> Option<Item> {
    f.reject_unknown(ITEM_FIELDS);
    // Read every field before giving up on any, so that all problems are reported.
    let id = f.id("id");
    let office = f.located_text("office");
    let title = f.text("title");
    let category = f.located_text("category");
    let source = f.located_text("source");
    let found = f.date("found");
    let deadline = read_deadline(f);
    let timeline = read_timeline(f, found);
    if let (Some(found), Some(Deadline::On(day))) = (found, deadline.as_ref().map(|d| d.value)) {
        if day < found {
            f.error(
                "deadline",
                format!("the deadline {day} is before the item was found ({found})"),
            );
        }
    }
    if timeline.entries.is_empty() && !f.has("timeline") {
        f.warn("the item has no timeline: it is published as 待整改 with no progress");
    }
    Some(Item {
        id: id?,
        office: office?,
        title: title?,
        category: category?,
        source: source?,
        found: found?,
        deadline: deadline?,
        leader: f.opt_text("leader"),
        responsible: f.opt_text("responsible"),
        timeline,
        file: Arc::clone(file),
        body: body_start..file.text.len(),
        disclosure: read_disclosure(f),
    })
}

/// `deadline`: a date, `N个工作日` (counted later with the holiday calendar) or 长期.
fn read_deadline(f: &Fields) -> Option<Located<Deadline>> {
    let written = f.located_text("deadline")?;
    match Deadline::parse(&written.value) {
        Ok(value) => Some(Located {
            value,
            at: written.at,
        }),
        Err(why) => {
            f.error_at(written.at, format!("`deadline`: {why}"));
            None
        }
    }
}

fn read_timeline(f: &Fields, found: Option<chrono::NaiveDate>) -> Timeline {
    let mut entries: Vec<TimelineEntry> = Vec::new();
    for e in f.groups("timeline", "a timeline entry") {
        e.reject_unknown(ENTRY_FIELDS);
        let status = e.opt_located_text("status").and_then(|s| {
            let status = Status::from_word(&s.value);
            if status.is_none() {
                e.error_at(
                    s.at,
                    format!(
                        "`{}` is not a status: write 待整改, 整改中 or 已办结",
                        s.value
                    ),
                );
            }
            status
        });
        let (date, note, deadline) = (e.date("date"), e.text("note"), e.opt_date("deadline"));
        let evidence = e
            .text_list("evidence")
            .into_iter()
            .filter_map(|l| match evidence_problem(&l.value) {
                None => Some(l.value),
                Some(why) => {
                    e.error_at(l.at, format!("evidence `{}`: {why}", l.value));
                    None
                }
            })
            .collect();
        let Some(date) = date else { continue };
        if let Some(found) = found.filter(|found| date < *found) {
            e.error(
                "date",
                format!("the entry is dated {date}, before the item was found ({found})"),
            );
        }
        if let Some(previous) = entries.last().filter(|p| date < p.date) {
            e.error(
                "date",
                format!(
                    "timeline entries must be in date order: {date} comes after {}",
                    previous.date
                ),
            );
        }
        if let (Some(new), Some(found)) = (deadline, found) {
            if new < found {
                e.error(
                    "deadline",
                    format!("the new deadline {new} is before the item was found ({found})"),
                );
            }
        }
        entries.push(TimelineEntry {
            date,
            status,
            note: note.unwrap_or_default(),
            deadline,
            evidence,
        });
    }
    Timeline { entries }
}

/// Why an evidence string may not be published, if it may not. Evidence is one of:
/// - a web address (`http://` or `https://`);
/// - an attachment: a normalized relative path below `attachments/` (that is,
///   `content/attachments/`), with no `.` or `..` part, no empty part, no `\\`, no `~` and no
///   `%`;
/// - plain text, shown as text (`见会议纪要第3页`, or an HTML snippet from the public).
///
/// What is neither is refused when it looks like a path: `../x`, `/etc/x`, `C:\\x`, `C:/x`,
/// `~/x`, `./x`, a `\\`, a `..` part, another scheme (`file://`), or `a/b.pdf` (a file name
/// with an extension outside attachments/). Text with a space or one of `< > " | ? *` (which
/// no file name may hold) is prose, not a path.
pub fn evidence_problem(evidence: &str) -> Option<&'static str> {
    let lower = evidence.get(..8).unwrap_or(evidence).to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return None;
    }
    if let Some(rest) = evidence.strip_prefix("attachments/") {
        if rest.contains('\\') {
            return Some("write paths with `/`, not `\\` (e.g. `attachments/2026/scan.pdf`)");
        }
        if rest.contains(['~', '%']) {
            return Some("an attachment path may not contain `~` or `%`: rename the file");
        }
        if rest
            .split('/')
            .any(|part| part.is_empty() || part == "." || part == "..")
        {
            return Some(
                "an attachment path may not contain `..`, `.` or `//`: write it from content/, e.g. `attachments/2026/scan.pdf`",
            );
        }
        return None;
    }
    if evidence.contains(|c: char| c.is_whitespace() || "<>\"|?*".contains(c)) {
        return None;
    }
    let bytes = evidence.as_bytes();
    let drive = bytes.len() >= 3
        && bytes[0].is_ascii_alphabetic()
        && bytes[1] == b':'
        && matches!(bytes[2], b'/' | b'\\');
    if evidence.contains("://") {
        return Some("only http:// and https:// web addresses may be given");
    }
    if drive || evidence.starts_with(['/', '\\']) {
        return Some(
            "a path on this computer is never published: put the file in content/attachments/ and write `attachments/<file name>`",
        );
    }
    if evidence.contains('\\') {
        return Some(
            "write paths with `/`, not `\\`, and only below attachments/ (e.g. `attachments/2026/scan.pdf`)",
        );
    }
    let parts: Vec<&str> = evidence.split('/').collect();
    if evidence.starts_with("~/") || parts.iter().any(|p| *p == "." || *p == "..") {
        return Some(
            "a path may not begin with `~` or contain `.` or `..`: put the file in content/attachments/ and write `attachments/<file name>`",
        );
    }
    let last = parts.last().copied().unwrap_or_default();
    let extension = last.rsplit_once('.').is_some_and(|(name, ext)| {
        !name.is_empty()
            && (1..=5).contains(&ext.len())
            && ext.bytes().all(|b| b.is_ascii_alphanumeric())
    });
    if parts.len() > 1 && extension {
        return Some(
            "a file given as evidence must be in content/attachments/: write `attachments/<file name>`",
        );
    }
    None
}

/// Reads one item from the bytes of its file, without touching the disk: the entry point for
/// fuzzing and for tools that hold a record in memory. `path` is only used in diagnostics.
/// A working-day deadline stays uncounted (no calendar is read): see [`crate::calendar::resolve`].
pub fn parse_item_text(path: &Path, bytes: &[u8]) -> (Option<Item>, Vec<Diagnostic>) {
    parse_text(path, bytes, parse_item)
}

/// Reads one office from the bytes of its file, without touching the disk.
pub fn parse_office_text(path: &Path, bytes: &[u8]) -> (Option<Office>, Vec<Diagnostic>) {
    parse_text(path, bytes, parse_office)
}

/// Reads site.yaml from its bytes, without touching the disk.
pub fn parse_site_text(path: &Path, bytes: &[u8]) -> (Option<SiteConfig>, Vec<Diagnostic>) {
    parse_text(path, bytes, parse_site)
}

fn parse_text<T>(path: &Path, bytes: &[u8], parse: Parser<T>) -> (Option<T>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let record = match SourceFile::from_bytes(path, bytes) {
        Ok(file) => parse(Arc::new(file), &mut problems),
        Err(d) => {
            problems.push(d);
            None
        }
    };
    (record, problems)
}

/// Reads one item file, `relative` to `root` (`content/items/…`), as [`load`] reads it: for the
/// live preview, which re-reads only the files that changed.
pub fn load_item_file(root: &Path, relative: &Path) -> (Option<Item>, Vec<Diagnostic>) {
    let (mut item, mut problems) = read_record(root, relative, parse_item);
    if let Some(item) = &mut item {
        let (calendar, found) = crate::calendar::load(root);
        problems.extend(found);
        problems.extend(crate::calendar::resolve(&calendar, item).err());
    }
    (item, problems)
}

/// `ledger_columns`: a county's own names for the ledger's columns, e.g.
/// `- column: 存在问题` / `names: [查摆出的问题]`, so `import` recognises its sheets.
fn read_ledger_columns(f: &Fields) -> Vec<(String, Vec<String>)> {
    f.groups("ledger_columns", "a ledger column")
        .iter()
        .filter_map(|c| {
            c.reject_unknown(&["column", "names"]);
            let column = c.text("column")?;
            if !crate::ledger::is_column_name(&column) {
                c.error(
                    "column",
                    format!(
                        "`{column}` is not a ledger column; use one of: {}",
                        crate::ledger::column_names().join(", ")
                    ),
                );
                return None;
            }
            Some((
                column,
                c.text_list("names").into_iter().map(|n| n.value).collect(),
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::evidence_problem;

    #[test]
    fn evidence_is_a_web_address_an_attachment_or_text() {
        for fine in [
            "https://www.example.gov.cn/a.html",
            "HTTP://e.cn/x",
            "attachments/2026/0828-会议纪要.pdf",
            "见会议纪要第3页",
            "整改报告.pdf",
            "<script>alert(1)</script>",
            "见 ../a.pdf 第3页",
            "![x](data:text/html;base64,PHNjcmlwdD4=)",
        ] {
            assert_eq!(evidence_problem(fine), None, "{fine}");
        }
        for bad in [
            "attachments/../x.pdf",
            "attachments//x.pdf",
            "attachments/./x.pdf",
            "attachments/a\\b.pdf",
            "attachments/%2e%2e/x.pdf",
            "../x.pdf",
            "a/../../x",
            "/etc/passwd",
            "\\\\server\\share",
            "C:\\Users\\a.pdf",
            "d:/a.pdf",
            "~/a.pdf",
            "./a.pdf",
            "file:///etc/passwd",
            "items/x.md",
        ] {
            assert!(evidence_problem(bad).is_some(), "{bad}");
        }
    }
}
