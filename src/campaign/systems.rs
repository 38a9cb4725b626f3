//! The nine systems (九项制度) per office: for each office and each system of site.yaml's
//! `systems:`, its state (未建立 / 已建立 / 已落实), the date it reached that state, and the
//! document that shows it. A system an office does not list is 未建立; a state dated after the
//! as-of date is not yet known, so it shows as 未建立 too.
//!
//! The document links written here (a web address, `attachments/…`, `item:ID`, `office:ID`,
//! or the document's title as text) are shared with the implementation plans.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;
use tera::Context;

use crate::campaign::Known;
use crate::diagnostics::Diagnostic;
use crate::listing::{self, OFFICE_ROWS, Pager};
use crate::model::Disclosure;
use crate::privacy::{Pass, Place};
use crate::source::SourceFile;
use crate::validate::{check_reference, error};
use crate::view::{PublicOffice, PublicView};
use crate::yaml::{Fields, Located};

/// How far an office has come with one system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SystemState {
    /// 未建立 — not set up yet.
    Missing,
    /// 已建立 — the rules are written and adopted.
    Established,
    /// 已落实 — the rules are in force and applied.
    Implemented,
}

impl SystemState {
    /// The three states, in order.
    pub const ALL: [SystemState; 3] = [
        SystemState::Missing,
        SystemState::Established,
        SystemState::Implemented,
    ];

    /// The word clerks write and the public reads.
    pub fn word(self) -> &'static str {
        match self {
            SystemState::Missing => "未建立",
            SystemState::Established => "已建立",
            SystemState::Implemented => "已落实",
        }
    }

    /// A stable ASCII name for CSS classes.
    pub fn slug(self) -> &'static str {
        match self {
            SystemState::Missing => "missing",
            SystemState::Established => "established",
            SystemState::Implemented => "implemented",
        }
    }

    fn from_word(word: &str) -> Option<SystemState> {
        SystemState::ALL.into_iter().find(|s| s.word() == word)
    }
}

/// One system's state in an office's record.
#[derive(Debug, Clone)]
pub struct SystemEntry {
    /// The system's id from site.yaml's `systems:`.
    pub system: Located<String>,
    /// Its state.
    pub state: SystemState,
    /// When it reached the state (required unless 未建立).
    pub date: Option<NaiveDate>,
    /// The document that shows it, if any (see [`check_document`]).
    pub document: Option<Located<String>>,
}

/// One record of `content/systems/`: an office's nine systems.
#[derive(Debug, Clone)]
pub struct OfficeSystems {
    /// The office's id (the record is named after it).
    pub office: Located<String>,
    /// Its systems, in file order.
    pub systems: Vec<SystemEntry>,
    /// The record file.
    pub file: Arc<SourceFile>,
    /// Review and visibility (先审后发, withdrawal).
    pub disclosure: Disclosure,
}

/// The fields of a record of `content/systems/`.
pub const FIELDS: &[&str] = &[
    "office",
    "systems",
    "draft",
    "approved_by",
    "approved_on",
    "withdrawn_on",
    "withdrawn_reason",
    "display_until",
];
/// The fields of one entry of its `systems:` list.
pub const ENTRY_FIELDS: &[&str] = &["system", "state", "date", "document"];

/// Reads every file of `content/systems/`.
pub(crate) fn load(root: &Path) -> (Vec<OfficeSystems>, Vec<Diagnostic>) {
    crate::load::read_yaml_folder(root, "content/systems", "a systems record", read)
}

fn read(f: &Fields, file: &Arc<SourceFile>) -> Option<OfficeSystems> {
    f.reject_unknown(FIELDS);
    let disclosure = crate::load::read_disclosure(f);
    let office = f.located_text("office");
    if !f.has("systems") {
        f.error(
            "systems",
            "missing field `systems`: list the office's systems (system, state, date, document)",
        );
    }
    let systems = f
        .groups("systems", "a system entry")
        .iter()
        .filter_map(read_entry)
        .collect();
    Some(OfficeSystems {
        office: office?,
        systems,
        file: Arc::clone(file),
        disclosure,
    })
}

fn read_entry(e: &Fields) -> Option<SystemEntry> {
    e.reject_unknown(ENTRY_FIELDS);
    let system = e.located_text("system");
    let state = e.located_text("state").and_then(|s| {
        let state = SystemState::from_word(&s.value);
        if state.is_none() {
            e.error_at(
                s.at,
                format!(
                    "`{}` is not a state: write 未建立, 已建立 or 已落实",
                    s.value
                ),
            );
        }
        state
    });
    let date = e.opt_date("date");
    if date.is_none() && !e.has("date") && state.is_some_and(|s| s != SystemState::Missing) {
        e.error(
            "state",
            "a system that is 已建立 or 已落实 needs `date`, the day it was set up or put in force",
        );
    }
    Some(SystemEntry {
        system: system?,
        state: state?,
        date,
        document: e.opt_located_text("document"),
    })
}

/// Checks the records against the site's rules and the other records.
pub(crate) fn validate(known: &Known, records: &[OfficeSystems], problems: &mut Vec<Diagnostic>) {
    let offices: Vec<&str> = known.offices.iter().map(|o| o.id.value.as_str()).collect();
    let systems: Vec<&str> = known.site.systems.iter().map(|s| s.id.as_str()).collect();
    let mut seen_offices = BTreeSet::new();
    for record in records {
        check_reference(&record.office, "office", &offices, &record.file, problems);
        if !seen_offices.insert(record.office.value.as_str()) {
            problems.push(error(
                &record.file,
                record.office.at,
                format!(
                    "the systems of office `{}` are already recorded in another file: keep one file per office",
                    record.office.value
                ),
            ));
        }
        let mut seen = BTreeSet::new();
        for entry in &record.systems {
            check_reference(&entry.system, "system", &systems, &record.file, problems);
            if !seen.insert(entry.system.value.as_str()) {
                problems.push(error(
                    &record.file,
                    entry.system.at,
                    format!("system `{}` is listed twice", entry.system.value),
                ));
            }
            if let Some(document) = &entry.document {
                check_document(known, document, &record.file, problems);
            }
        }
    }
}

/// Checks a document link: a web address, `attachments/…` (the evidence rules of
/// [`crate::load::evidence_problem`]), `item:ID` or `office:ID` naming a record that exists,
/// or a document's title as text.
pub(crate) fn check_document(
    known: &Known,
    document: &Located<String>,
    file: &SourceFile,
    problems: &mut Vec<Diagnostic>,
) {
    if let Some(why) = crate::load::evidence_problem(&document.value) {
        problems.push(error(
            file,
            document.at,
            format!("document `{}`: {why}", document.value),
        ));
        return;
    }
    let Some((kind, id)) = record_link(&document.value) else {
        return;
    };
    let exists = match kind {
        "item" => known.item(id).is_some(),
        _ => known.office(id).is_some(),
    };
    if !exists {
        problems.push(error(
            file,
            document.at,
            format!("the document names an unknown {kind} `{id}`: check the id"),
        ));
    }
}

/// `item:ID` or `office:ID` as (kind, id).
fn record_link(text: &str) -> Option<(&'static str, &str)> {
    if let Some(id) = text.strip_prefix("item:") {
        Some(("item", id.trim()))
    } else {
        text.strip_prefix("office:").map(|id| ("office", id.trim()))
    }
}

/// Censors and masks every published text of the records.
pub(crate) fn protect(records: &mut [OfficeSystems], pass: &mut Pass) {
    for record in records {
        let file = Arc::clone(&record.file);
        let place = Place::record(
            &record.office,
            format!("the systems record of {}", record.office.value),
            &file,
        );
        crate::privacy::disclosure(pass, &place, &mut record.disclosure);
        for entry in &mut record.systems {
            if let Some(document) = &mut entry.document {
                pass.text(&place, "document", &mut document.value);
            }
        }
    }
}

/// A document as a page shows it: a link (to the site's own page or file, or to the web), or
/// text when there is nothing published to link to.
#[derive(Debug, Serialize)]
pub(crate) struct DocumentLink {
    /// What the link says.
    text: String,
    /// Root-relative (own pages and attachments) or absolute (web); empty for plain text.
    href: String,
    /// Whether `href` leaves the site.
    external: bool,
}

/// How a document link is shown on the as-of date. An attachment is linked only when it is
/// published (by an item's evidence); otherwise its file name is shown as text.
pub(crate) fn document_link(view: &PublicView, document: &str) -> DocumentLink {
    let lower = document.get(..8).unwrap_or(document).to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return DocumentLink {
            text: document.to_string(),
            href: document.to_string(),
            external: true,
        };
    }
    if crate::attachments::is_attachment(document) {
        return DocumentLink {
            text: crate::attachments::file_name(document).to_string(),
            // Published with the site by `attachments::collect`, like items' evidence.
            href: document.to_string(),
            external: false,
        };
    }
    if let Some((kind, id)) = record_link(document) {
        let href = crate::pages::record_href(view, "", kind, id);
        let text = match kind {
            "item" => view
                .items
                .iter()
                .find(|i| i.item.id.value == id)
                .map(|i| format!("{id} {}", i.item.title)),
            _ => view.records.office(id).map(|o| o.name.clone()),
        };
        return DocumentLink {
            text: text.unwrap_or_else(|| id.to_string()),
            href: href.unwrap_or_default(),
            external: false,
        };
    }
    DocumentLink {
        text: document.to_string(),
        href: String::new(),
        external: false,
    }
}

/// Whether an item's evidence publishes this attachment on the as-of date.
/// One system's state for one office on the as-of date.
#[derive(Debug, Serialize)]
struct Cell {
    system_id: String,
    system_name: String,
    state: &'static str,
    state_class: &'static str,
    date: String,
    document: Option<DocumentLink>,
}

/// An office's row of the matrix.
#[derive(Debug, Serialize)]
struct Row {
    office_id: String,
    office_name: String,
    office_href: String,
    cells: Vec<Cell>,
    established: usize,
    implemented: usize,
    draft: bool,
}

/// The counts of one system across the offices.
#[derive(Debug, Serialize)]
struct Column {
    id: String,
    name: String,
    summary: String,
    missing: usize,
    established: usize,
    implemented: usize,
}

/// An office's systems record in force on the as-of date (a withdrawn one counts as none).
fn record_of<'v>(view: &'v PublicView, office: &PublicOffice) -> Option<&'v OfficeSystems> {
    view.campaign
        .systems
        .iter()
        .find(|r| r.office.value == office.office.id.value)
}

/// The section, for withdrawn records' notes.
const SECTION: super::Section = super::Section {
    nav: "supervision",
    name: "九项制度",
    href: "systems/",
};

/// The systems records withdrawn by the as-of date: their office's systems count as 未建立
/// until a new record is published, and the page's 已撤回 note names them.
fn withdrawn(view: &PublicView) -> Vec<super::WithdrawnNote> {
    view.campaign_withdrawn
        .systems
        .iter()
        .map(|r| {
            let office = super::office_name(view, &r.office.value);
            let name = format!("{office}九项制度落实情况");
            super::WithdrawnNote::of(r, (&r.office.value, name), SECTION, String::new())
        })
        .collect()
}

/// The state of each configured system for an office on the as-of date: what its record says,
/// unless the record is silent or dated after the date (then 未建立).
fn cells(view: &PublicView, office: &PublicOffice) -> Vec<Cell> {
    let record = record_of(view, office);
    view.records
        .site
        .systems
        .iter()
        .map(|system| {
            let entry = record
                .and_then(|r| r.systems.iter().find(|e| e.system.value == system.id))
                .filter(|e| e.date.is_none_or(|d| d <= view.as_of));
            let state = entry.map_or(SystemState::Missing, |e| e.state);
            Cell {
                system_id: system.id.clone(),
                system_name: system.name.clone(),
                state: state.word(),
                state_class: state.slug(),
                date: crate::pages::date_or_empty(entry.and_then(|e| e.date)),
                document: entry
                    .and_then(|e| e.document.as_ref())
                    .map(|d| document_link(view, &d.value)),
            }
        })
        .collect()
}

fn row(view: &PublicView, office: &PublicOffice) -> Row {
    let cells = cells(view, office);
    let count = |class: &str| cells.iter().filter(|c| c.state_class == class).count();
    Row {
        office_id: office.office.id.value.clone(),
        office_name: office.office.name.clone(),
        office_href: crate::pages::office_href(office),
        established: count(SystemState::Established.slug()),
        implemented: count(SystemState::Implemented.slug()),
        cells,
        draft: record_of(view, office).is_some_and(|r| super::is_draft(view, r)),
    }
}

/// The matrix: every office that exists on the as-of date, every configured system.
fn matrix(view: &PublicView) -> (Vec<Row>, Vec<Column>) {
    let rows: Vec<Row> = view
        .offices
        .iter()
        .filter(|o| o.exists)
        .map(|o| row(view, o))
        .collect();
    let columns = view
        .records
        .site
        .systems
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let count = |state: SystemState| {
                rows.iter()
                    .filter(|r| r.cells[i].state_class == state.slug())
                    .count()
            };
            Column {
                id: s.id.clone(),
                name: s.name.clone(),
                summary: s.summary.clone(),
                missing: count(SystemState::Missing),
                established: count(SystemState::Established),
                implemented: count(SystemState::Implemented),
            }
        })
        .collect();
    (rows, columns)
}

/// A page of this section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SystemsPage {
    /// Page `n` (from 0) of the matrix of offices × systems, [`OFFICE_ROWS`] offices a page;
    /// every page keeps the counts over all offices.
    Index(usize),
}

/// Where the matrix's pages start.
const BASE: &str = "systems/";

impl SystemsPage {
    /// Every page of the section.
    pub fn plan(view: &PublicView) -> Vec<SystemsPage> {
        let rows = matrix(view).0.len();
        (0..listing::pages(rows, OFFICE_ROWS))
            .map(SystemsPage::Index)
            .collect()
    }

    /// The output path below the site root.
    pub fn path(self, _view: &PublicView) -> String {
        let SystemsPage::Index(n) = self;
        listing::page_path(BASE, n)
    }

    /// The template that renders it.
    pub fn template(self) -> &'static str {
        "systems.html"
    }

    /// The page's values.
    pub fn context(self, view: &PublicView, ctx: &mut Context) {
        let SystemsPage::Index(n) = self;
        crate::pages::common(ctx, "supervision", "九项制度");
        let (rows, columns) = matrix(view);
        ctx.insert("system_rows", listing::page_slice(&rows, n, OFFICE_ROWS));
        ctx.insert("system_columns", &columns);
        ctx.insert("pager", &Pager::of(BASE, n, rows.len(), OFFICE_ROWS));
        super::withdrawn_notes(&withdrawn(view), ctx);
    }
}

/// What this section adds to an office's page: its row of the nine systems.
pub(crate) fn office_context(view: &PublicView, office: &PublicOffice, ctx: &mut Context) {
    if !view.records.site.systems.is_empty() {
        ctx.insert("office_systems", &cells(view, office));
    }
}
