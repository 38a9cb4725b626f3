//! Implementation plans (实施方案) and the other deliverables of the phases: each office's
//! submission for a phase of site.yaml whose `deliverable` and `due` are set, with the day it
//! was submitted. The page lists, per phase, every office that existed on the due date:
//! 按时报送 (submitted on or before it), 逾期报送 (late, with the days late), 未报送 (nothing
//! by the as-of date once the due date has passed) or 待报送 (not yet due). A submission dated
//! after the as-of date is not yet known.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;
use tera::Context;

use crate::campaign::Known;
use crate::campaign::inspections::{OfficeLink, office_link};
use crate::campaign::systems::{DocumentLink, check_document, document_link};
use crate::diagnostics::Diagnostic;
use crate::listing::{self, OFFICE_ROWS, Pager};
use crate::model::Disclosure;
use crate::model::Phase;
use crate::privacy::{Pass, Place};
use crate::source::SourceFile;
use crate::validate::{check_reference, error};
use crate::view::PublicView;
use crate::yaml::{Fields, Located};

/// One record of `content/plans/`: an office's deliverable for one phase.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The office that submitted it.
    pub office: Located<String>,
    /// The phase it answers (a phase id with `deliverable` and `due`).
    pub phase: Located<String>,
    /// The day it reached the supervising office.
    pub submitted: NaiveDate,
    /// Its title.
    pub title: String,
    /// The document itself, if published (see [`check_document`]).
    pub document: Option<Located<String>>,
    /// The record file.
    pub file: Arc<SourceFile>,
    /// Review and visibility (先审后发, withdrawal).
    pub disclosure: Disclosure,
}

/// The fields of a record of `content/plans/`.
pub const FIELDS: &[&str] = &[
    "office",
    "phase",
    "submitted",
    "title",
    "document",
    "draft",
    "approved_by",
    "approved_on",
    "withdrawn_on",
    "withdrawn_reason",
    "display_until",
];

/// Reads every file of `content/plans/`.
pub(crate) fn load(root: &Path) -> (Vec<Plan>, Vec<Diagnostic>) {
    crate::load::read_yaml_folder(root, "content/plans", "an implementation plan", read)
}

fn read(f: &Fields, file: &Arc<SourceFile>) -> Option<Plan> {
    f.reject_unknown(FIELDS);
    let disclosure = crate::load::read_disclosure(f);
    let (office, phase, submitted, title) = (
        f.located_text("office"),
        f.located_text("phase"),
        f.date("submitted"),
        f.text("title"),
    );
    Some(Plan {
        office: office?,
        phase: phase?,
        submitted: submitted?,
        title: title?,
        document: f.opt_located_text("document"),
        file: Arc::clone(file),
        disclosure,
    })
}

/// Checks the records against the site's rules and the other records: a known office, a phase
/// that asks for a deliverable by a due date, one submission per office and phase.
pub(crate) fn validate(known: &Known, records: &[Plan], problems: &mut Vec<Diagnostic>) {
    let offices: Vec<&str> = known.offices.iter().map(|o| o.id.value.as_str()).collect();
    let phases: Vec<&str> = known
        .site
        .phases
        .iter()
        .filter(|p| p.due.is_some())
        .map(|p| p.id.as_str())
        .collect();
    let mut seen = BTreeSet::new();
    for r in records {
        check_reference(&r.office, "office", &offices, &r.file, problems);
        if known.site.phases.iter().any(|p| p.id == r.phase.value) {
            if !phases.contains(&r.phase.value.as_str()) {
                problems.push(error(
                    &r.file,
                    r.phase.at,
                    format!(
                        "phase `{}` has no `due` date in site.yaml, so it asks for no plan; phases with one: {}",
                        r.phase.value,
                        phases.join(", ")
                    ),
                ));
            }
        } else {
            check_reference(&r.phase, "phase", &phases, &r.file, problems);
        }
        if !seen.insert((r.office.value.as_str(), r.phase.value.as_str())) {
            problems.push(error(
                &r.file,
                r.office.at,
                format!(
                    "office `{}` already has a plan for phase `{}` in another file: keep one file per office and phase",
                    r.office.value, r.phase.value
                ),
            ));
        }
        if let Some(document) = &r.document {
            check_document(known, document, &r.file, problems);
        }
    }
}

/// Censors and masks every published text of the records.
pub(crate) fn protect(records: &mut [Plan], pass: &mut Pass) {
    for r in records {
        let file = Arc::clone(&r.file);
        let place = Place::record(
            &r.office,
            format!("the plan in {}", file.path.display()),
            &file,
        );
        pass.text(&place, "title", &mut r.title);
        crate::privacy::disclosure(pass, &place, &mut r.disclosure);
        if let Some(document) = &mut r.document {
            pass.text(&place, "document", &mut document.value);
        }
    }
}

/// Where an office stands with a phase's deliverable on the as-of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Submission {
    /// Submitted on or before the due date.
    OnTime,
    /// Submitted after the due date, this many days late.
    Late(i64),
    /// Nothing submitted, and the due date has passed.
    Missing,
    /// Nothing submitted yet, and the due date has not passed.
    NotYetDue,
}

impl Submission {
    /// Where an office stands, given what it had submitted by the as-of date.
    pub fn on(due: NaiveDate, submitted: Option<NaiveDate>, as_of: NaiveDate) -> Submission {
        match submitted.filter(|s| *s <= as_of) {
            Some(s) if s <= due => Submission::OnTime,
            Some(s) => Submission::Late((s - due).num_days()),
            None if due < as_of => Submission::Missing,
            None => Submission::NotYetDue,
        }
    }

    fn word(self) -> &'static str {
        match self {
            Submission::OnTime => "按时报送",
            Submission::Late(_) => "逾期报送",
            Submission::Missing => "未报送",
            Submission::NotYetDue => "待报送",
        }
    }

    fn slug(self) -> &'static str {
        match self {
            Submission::OnTime => "ontime",
            Submission::Late(_) => "late",
            Submission::Missing => "missing",
            Submission::NotYetDue => "pending",
        }
    }
}

#[derive(Debug, Serialize)]
struct PlanRow {
    office: OfficeLink,
    state: &'static str,
    state_class: &'static str,
    days_late: i64,
    submitted: String,
    title: String,
    document: Option<DocumentLink>,
    draft: bool,
}

#[derive(Debug, Serialize)]
struct PhaseSection {
    id: String,
    name: String,
    deliverable: String,
    due: String,
    rows: Vec<PlanRow>,
    on_time: usize,
    late: usize,
    missing: usize,
    not_yet_due: usize,
}

fn phase_section(view: &PublicView, phase: &Phase, due: NaiveDate) -> PhaseSection {
    // Each office's first plan for the phase, looked up by office (1,000 offices × plans).
    let mut submitted: std::collections::HashMap<&str, &Plan> = std::collections::HashMap::new();
    for p in view
        .campaign
        .plans
        .iter()
        .filter(|p| p.phase.value == phase.id && p.submitted <= view.as_of)
    {
        submitted.entry(p.office.value.as_str()).or_insert(p);
    }
    let rows: Vec<PlanRow> = view
        .offices
        .iter()
        .filter(|o| o.office.exists_on(due))
        .map(|o| {
            let plan = submitted.get(o.office.id.value.as_str()).copied();
            let state = Submission::on(due, plan.map(|p| p.submitted), view.as_of);
            PlanRow {
                office: office_link(view, &o.office.id.value),
                state: state.word(),
                state_class: state.slug(),
                days_late: match state {
                    Submission::Late(days) => days,
                    _ => 0,
                },
                submitted: crate::pages::date_or_empty(plan.map(|p| p.submitted)),
                title: plan.map(|p| p.title.clone()).unwrap_or_default(),
                document: plan
                    .and_then(|p| p.document.as_ref())
                    .map(|d| document_link(view, &d.value)),
                draft: plan.is_some_and(|p| super::is_draft(view, p)),
            }
        })
        .collect();
    let count = |class: &str| rows.iter().filter(|r| r.state_class == class).count();
    PhaseSection {
        id: phase.id.clone(),
        name: phase.name.clone(),
        deliverable: phase.deliverable.clone().unwrap_or_default(),
        due: due.to_string(),
        on_time: count(Submission::OnTime.slug()),
        late: count(Submission::Late(0).slug()),
        missing: count(Submission::Missing.slug()),
        not_yet_due: count(Submission::NotYetDue.slug()),
        rows,
    }
}

/// The section, for withdrawn plans' notes.
const SECTION: super::Section = super::Section {
    nav: "supervision",
    name: "实施方案",
    href: "plans/",
};

/// The plans withdrawn by the as-of date: the office stands as if it had not submitted
/// (未报送 once due), and the page's 已撤回 note names the plan.
fn withdrawn(view: &PublicView) -> Vec<super::WithdrawnNote> {
    view.campaign_withdrawn
        .plans
        .iter()
        .filter(|p| p.submitted <= view.as_of)
        .map(|p| {
            let office = super::office_name(view, &p.office.value);
            let name = format!("{office}《{}》", p.title);
            super::WithdrawnNote::of(p, (&p.office.value, name), SECTION, String::new())
        })
        .collect()
}

/// A page of this section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlansPage {
    /// Per phase with a due date (begun by the as-of date): every office's submission; page
    /// `n` (from 0) shows [`OFFICE_ROWS`] offices of each phase, and every page keeps the
    /// phases' counts over all offices.
    Index(usize),
}

/// Where the section's pages start.
const BASE: &str = "plans/";

impl PlansPage {
    /// Every page of the section.
    pub fn plan(view: &PublicView) -> Vec<PlansPage> {
        let rows = sections(view)
            .iter()
            .map(|s| s.rows.len())
            .max()
            .unwrap_or(0);
        (0..listing::pages(rows, OFFICE_ROWS))
            .map(PlansPage::Index)
            .collect()
    }

    /// The output path below the site root.
    pub fn path(self, _view: &PublicView) -> String {
        let PlansPage::Index(n) = self;
        listing::page_path(BASE, n)
    }

    /// The template that renders it.
    pub fn template(self) -> &'static str {
        "plans.html"
    }

    /// The page's values.
    pub fn context(self, view: &PublicView, ctx: &mut Context) {
        let PlansPage::Index(n) = self;
        crate::pages::common(ctx, "supervision", "实施方案");
        let mut sections = sections(view);
        let rows = sections.iter().map(|s| s.rows.len()).max().unwrap_or(0);
        for section in &mut sections {
            let shown = listing::page_range(section.rows.len(), n, OFFICE_ROWS);
            section.rows = section.rows.drain(shown).collect();
        }
        ctx.insert("phases", &sections);
        ctx.insert("pager", &Pager::of(BASE, n, rows, OFFICE_ROWS));
        super::withdrawn_notes(&withdrawn(view), ctx);
    }
}

/// The phases with a due date that have begun by the as-of date, with every office's row.
fn sections(view: &PublicView) -> Vec<PhaseSection> {
    view.records
        .site
        .phases
        .iter()
        .filter(|p| p.start <= view.as_of)
        .filter_map(|p| Some(phase_section(view, p, p.due?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn on_time_late_missing_and_not_yet_due() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        let due = d(5, 31);
        assert_eq!(
            Submission::on(due, Some(d(5, 31)), d(7, 1)),
            Submission::OnTime
        );
        assert_eq!(
            Submission::on(due, Some(d(6, 5)), d(7, 1)),
            Submission::Late(5)
        );
        assert_eq!(
            Submission::on(due, Some(d(6, 5)), d(6, 2)),
            Submission::Missing
        );
        assert_eq!(Submission::on(due, None, d(5, 31)), Submission::NotYetDue);
        assert_eq!(Submission::on(due, None, d(6, 1)), Submission::Missing);
    }
}
