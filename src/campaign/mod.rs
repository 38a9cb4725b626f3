//! The campaign's records beyond the rectification items: democratic evaluations (民主评议),
//! performance evaluation (绩效考评), the nine systems per office (九项制度), inspections
//! (监督检查), the 四个一 activities, public opinions (群众意见), accountability decisions
//! (问责公示) and implementation plans (实施方案).
//!
//! Each record type is one module that reads as a chapter: its typed model, how its files are
//! read (with positions, every problem in one run), what is checked against the other records,
//! what is derived from it on the as-of date, and the pages it publishes. The pipeline's stage
//! modules call into them through the functions of this module, so a stage never needs to know
//! the record types one by one.

pub mod accountability;
pub mod activities;
pub mod charts;
pub mod evaluation;
pub mod inspections;
pub mod opinions;
pub mod performance;
pub mod plans;
pub mod systems;

use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use tera::Context;

use crate::diagnostics::Diagnostic;
use crate::model::{Disclosure, Item, Office, SiteConfig};
use crate::privacy::Pass;
use crate::source::SourceFile;
use crate::view::{PublicItem, PublicOffice, PublicView};
use crate::yaml::Fields;
use crate::yaml::Pos;

/// Every campaign record besides offices and items, as read from `content/`.
#[derive(Debug, Clone, Default)]
pub struct Campaign {
    /// `content/evaluations/`: one file per democratic evaluation period.
    pub evaluations: Vec<evaluation::EvaluationPeriod>,
    /// `content/performance/`: one file per performance year.
    pub performance: Vec<performance::PerformanceYear>,
    /// `content/systems/`: one file per office, the state of each of the nine systems.
    pub systems: Vec<systems::OfficeSystems>,
    /// `content/inspections/`: one file per inspection.
    pub inspections: Vec<inspections::Inspection>,
    /// `content/activities/`: one file per 四个一 activity.
    pub activities: Vec<activities::Activity>,
    /// `content/opinions/`: one file per public opinion received outside an evaluation.
    pub opinions: Vec<opinions::Opinion>,
    /// `content/accountability/`: one file per accountability decision.
    pub decisions: Vec<accountability::Decision>,
    /// `content/plans/`: one file per office's implementation plan.
    pub plans: Vec<plans::Plan>,
}

/// The campaign's rules and thresholds from site.yaml: never from code.
#[derive(Debug, Clone, Default)]
pub struct Rules {
    /// `evaluation:` — formula, thresholds, rotation share.
    pub evaluation: evaluation::Rules,
    /// `performance:` — criteria, weights and grades.
    pub performance: performance::Rules,
    /// `inspections:` — the kinds of inspection.
    pub inspections: inspections::Rules,
    /// `activities:` — the 四个一 and how often each is due.
    pub activities: activities::Rules,
    /// `opinions:` — the channels opinions come through.
    pub opinions: opinions::Rules,
    /// `accountability:` — the prohibitions and the sanction levels.
    pub accountability: accountability::Rules,
}

/// Reads the campaign's sections of site.yaml.
pub(crate) fn read_rules(f: &Fields) -> Rules {
    Rules {
        evaluation: evaluation::read_rules(f),
        performance: performance::read_rules(f),
        inspections: inspections::read_rules(f),
        activities: activities::read_rules(f),
        opinions: opinions::read_rules(f),
        accountability: accountability::read_rules(f),
    }
}

/// Reads every campaign record under `root/content`, collecting every problem.
pub(crate) fn load(root: &Path) -> (Campaign, Vec<Diagnostic>) {
    fn take<T>(problems: &mut Vec<Diagnostic>, (records, found): (T, Vec<Diagnostic>)) -> T {
        problems.extend(found);
        records
    }
    let mut problems = Vec::new();
    let p = &mut problems;
    let campaign = Campaign {
        evaluations: take(p, evaluation::load(root)),
        performance: take(p, performance::load(root)),
        systems: take(p, systems::load(root)),
        inspections: take(p, inspections::load(root)),
        activities: take(p, activities::load(root)),
        opinions: take(p, opinions::load(root)),
        decisions: take(p, accountability::load(root)),
        plans: take(p, plans::load(root)),
    };
    (campaign, problems)
}

/// What the campaign records are checked against: the site's rules and the core records.
pub struct Known<'a> {
    /// site.yaml.
    pub site: &'a SiteConfig,
    /// Every office, in path order.
    pub offices: &'a [Office],
    /// Every item, in path order.
    pub items: &'a [Item],
}

impl Known<'_> {
    /// Whether an office with this id exists.
    pub fn office(&self, id: &str) -> Option<&Office> {
        self.offices.iter().find(|o| o.id.value == id)
    }

    /// Whether an item with this id exists.
    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.id.value == id)
    }
}

/// The cross-file checks of every campaign record (unknown offices, systems, items; the
/// rules of each record type).
pub(crate) fn validate(known: &Known, campaign: &Campaign) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    evaluation::validate(known, &campaign.evaluations, &mut problems);
    performance::validate(known, &campaign.performance, &mut problems);
    systems::validate(known, &campaign.systems, &mut problems);
    inspections::validate(known, &campaign.inspections, &mut problems);
    activities::validate(known, &campaign.activities, &mut problems);
    opinions::validate(known, &campaign.opinions, &mut problems);
    accountability::validate(known, &campaign.decisions, &mut problems);
    plans::validate(known, &campaign.plans, &mut problems);
    problems
}

/// Censor rules and personal-data masking over every published text of the campaign
/// records (see [`crate::privacy::apply`]).
pub(crate) fn protect(campaign: &mut Campaign, pass: &mut Pass) {
    evaluation::protect(&mut campaign.evaluations, pass);
    performance::protect(&mut campaign.performance, pass);
    systems::protect(&mut campaign.systems, pass);
    inspections::protect(&mut campaign.inspections, pass);
    activities::protect(&mut campaign.activities, pass);
    opinions::protect(&mut campaign.opinions, pass);
    accountability::protect(&mut campaign.decisions, pass);
    plans::protect(&mut campaign.plans, pass);
}

/// A page of the campaign's sections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CampaignPage {
    /// 监督问责: the hub that leads to the supervision sections.
    Supervision,
    /// 民主评议 pages.
    Evaluation(evaluation::EvaluationPage),
    /// 绩效考评 pages.
    Performance(performance::PerformancePage),
    /// 九项制度 pages.
    Systems(systems::SystemsPage),
    /// 监督检查 pages.
    Inspections(inspections::InspectionsPage),
    /// 四个一 pages.
    Activities(activities::ActivitiesPage),
    /// 群众意见 pages.
    Opinions(opinions::OpinionsPage),
    /// 问责公示 pages.
    Accountability(accountability::AccountabilityPage),
    /// 实施方案 pages.
    Plans(plans::PlansPage),
}

impl CampaignPage {
    /// Every campaign page for this view, in a stable order.
    pub fn plan(view: &PublicView) -> Vec<CampaignPage> {
        let mut pages = vec![CampaignPage::Supervision];
        pages.extend(
            evaluation::EvaluationPage::plan(view)
                .into_iter()
                .map(CampaignPage::Evaluation),
        );
        pages.extend(
            performance::PerformancePage::plan(view)
                .into_iter()
                .map(CampaignPage::Performance),
        );
        pages.extend(
            systems::SystemsPage::plan(view)
                .into_iter()
                .map(CampaignPage::Systems),
        );
        pages.extend(
            inspections::InspectionsPage::plan(view)
                .into_iter()
                .map(CampaignPage::Inspections),
        );
        pages.extend(
            activities::ActivitiesPage::plan(view)
                .into_iter()
                .map(CampaignPage::Activities),
        );
        pages.extend(
            opinions::OpinionsPage::plan(view)
                .into_iter()
                .map(CampaignPage::Opinions),
        );
        pages.extend(
            accountability::AccountabilityPage::plan(view)
                .into_iter()
                .map(CampaignPage::Accountability),
        );
        pages.extend(
            plans::PlansPage::plan(view)
                .into_iter()
                .map(CampaignPage::Plans),
        );
        pages
    }

    /// The output path below the site root.
    pub fn path(self, view: &PublicView) -> String {
        match self {
            CampaignPage::Supervision => "supervision/index.html".to_string(),
            CampaignPage::Evaluation(p) => p.path(view),
            CampaignPage::Performance(p) => p.path(view),
            CampaignPage::Systems(p) => p.path(view),
            CampaignPage::Inspections(p) => p.path(view),
            CampaignPage::Activities(p) => p.path(view),
            CampaignPage::Opinions(p) => p.path(view),
            CampaignPage::Accountability(p) => p.path(view),
            CampaignPage::Plans(p) => p.path(view),
        }
    }

    /// The template that renders it.
    pub fn template(self) -> &'static str {
        match self {
            CampaignPage::Supervision => "supervision.html",
            CampaignPage::Evaluation(p) => p.template(),
            CampaignPage::Performance(p) => p.template(),
            CampaignPage::Systems(p) => p.template(),
            CampaignPage::Inspections(p) => p.template(),
            CampaignPage::Activities(p) => p.template(),
            CampaignPage::Opinions(p) => p.template(),
            CampaignPage::Accountability(p) => p.template(),
            CampaignPage::Plans(p) => p.template(),
        }
    }

    /// Adds the page's own values to the template context.
    pub fn context(self, view: &PublicView, ctx: &mut Context) {
        match self {
            CampaignPage::Supervision => crate::pages::common(ctx, "supervision", "监督问责"),
            CampaignPage::Evaluation(p) => p.context(view, ctx),
            CampaignPage::Performance(p) => p.context(view, ctx),
            CampaignPage::Systems(p) => p.context(view, ctx),
            CampaignPage::Inspections(p) => p.context(view, ctx),
            CampaignPage::Activities(p) => p.context(view, ctx),
            CampaignPage::Opinions(p) => p.context(view, ctx),
            CampaignPage::Accountability(p) => p.context(view, ctx),
            CampaignPage::Plans(p) => p.context(view, ctx),
        }
    }
}

/// What the campaign records add to an office's page (its nine systems, its opinions, its
/// evaluation results), each under its own key of the context.
pub(crate) fn office_context(view: &PublicView, office: &PublicOffice, ctx: &mut Context) {
    evaluation::office_context(view, office, ctx);
    systems::office_context(view, office, ctx);
    opinions::office_context(view, office, ctx);
}

/// Which campaign records name each item, found once per view: an item's page lists the
/// opinions and inspection findings that raised it, and looking through all of them for
/// each of 100,000 items would make the build quadratic.
#[derive(Debug, Default)]
pub struct Mentions {
    /// Item id → indices into [`Campaign::opinions`], in record order.
    pub(crate) opinions: std::collections::HashMap<String, Vec<usize>>,
    /// Item id → (index into [`Campaign::inspections`], index of the finding), in order.
    pub(crate) findings: std::collections::HashMap<String, Vec<(usize, usize)>>,
}

impl Mentions {
    /// Indexes the items named by these records.
    pub fn of(campaign: &Campaign) -> Mentions {
        let mut mentions = Mentions::default();
        for (o, opinion) in campaign.opinions.iter().enumerate() {
            for item in &opinion.items {
                note(&mut mentions.opinions, &item.value, o);
            }
        }
        for (i, inspection) in campaign.inspections.iter().enumerate() {
            for (f, finding) in inspection.findings.iter().enumerate() {
                for item in &finding.items {
                    note(&mut mentions.findings, &item.value, (i, f));
                }
            }
        }
        mentions
    }
}

/// Adds a record to an item's list once, however often the record names the item.
fn note<T: PartialEq>(index: &mut std::collections::HashMap<String, Vec<T>>, item: &str, at: T) {
    let list = index.entry(item.to_string()).or_default();
    if list.last() != Some(&at) {
        list.push(at);
    }
}

/// What the campaign records add to an item's page (the inspection findings and opinions that
/// raised it), each under its own key of the context.
pub(crate) fn item_context(view: &PublicView, item: &PublicItem, ctx: &mut Context) {
    inspections::item_context(view, item, ctx);
    opinions::item_context(view, item, ctx);
}

// ---------------------------------------------------------------------------------------
// Review and visibility (先审后发, withdrawal)
// ---------------------------------------------------------------------------------------

/// The review and visibility keys every campaign record accepts, as offices and items do
/// (read by [`crate::load::read_disclosure`]).
pub const DISCLOSURE_FIELDS: &[&str] = &[
    "draft",
    "approved_by",
    "approved_on",
    "withdrawn_on",
    "withdrawn_reason",
    "display_until",
];

/// A record under the site's review rule: a draft is never published, a withdrawn one leaves
/// the lists and counts. The public view sorts the campaign records by it once, so no page
/// needs to know.
pub trait Disclosed {
    /// Its review state and visibility.
    fn disclosure(&self) -> &Disclosure;
    /// Where the record names itself (its id, or its first key), for the draft warning.
    fn origin(&self) -> (&Arc<SourceFile>, Pos);
}

macro_rules! disclosed {
    ($($record:ty => $key:ident),* $(,)?) => {$(
        impl Disclosed for $record {
            fn disclosure(&self) -> &Disclosure {
                &self.disclosure
            }
            fn origin(&self) -> (&Arc<SourceFile>, Pos) {
                (&self.file, self.$key.at)
            }
        }
    )*};
}

disclosed!(
    evaluation::EvaluationPeriod => id,
    performance::PerformanceYear => id,
    systems::OfficeSystems => office,
    inspections::Inspection => id,
    activities::Activity => id,
    opinions::Opinion => id,
    accountability::Decision => id,
    plans::Plan => office,
    crate::bulletin::record::BulletinRecord => quarter,
);

/// Who may see what on the as-of date.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Visibility {
    /// site.yaml `review_required`: a record without an approval is a draft.
    pub review_required: bool,
    /// The as-of date: withdrawals dated on or before it are in force.
    pub as_of: NaiveDate,
    /// A preview: drafts are shown (with a 草稿 mark).
    pub show_drafts: bool,
}

impl Visibility {
    /// Whether the record may be shown at all (published, or a draft in a preview).
    pub(crate) fn shown(self, record: &dyn Disclosed) -> bool {
        self.show_drafts || !record.disclosure().is_draft(self.review_required)
    }

    /// The records shown, split into those in force and those withdrawn by the date.
    fn split<T: Disclosed + Clone>(self, records: &[T]) -> (Vec<T>, Vec<T>) {
        records
            .iter()
            .filter(|r| self.shown(*r))
            .cloned()
            .partition(|r| r.disclosure().withdrawn_by(self.as_of).is_none())
    }
}

impl Campaign {
    /// The campaign as the public sees it on the date: the records in force, and apart from
    /// them the records withdrawn by then (whose pages become notices). Drafts are in neither
    /// unless previewing. Every derived rule (exemptions, compliance, counts, charts) is
    /// computed from the records in force, so a withdrawn record drives nothing.
    pub(crate) fn public(&self, visibility: Visibility) -> (Campaign, Campaign) {
        let (evaluations, withdrawn_evaluations) = visibility.split(&self.evaluations);
        let (performance, withdrawn_performance) = visibility.split(&self.performance);
        let (systems, withdrawn_systems) = visibility.split(&self.systems);
        let (inspections, withdrawn_inspections) = visibility.split(&self.inspections);
        let (activities, withdrawn_activities) = visibility.split(&self.activities);
        let (opinions, withdrawn_opinions) = visibility.split(&self.opinions);
        let (decisions, withdrawn_decisions) = visibility.split(&self.decisions);
        let (plans, withdrawn_plans) = visibility.split(&self.plans);
        let in_force = Campaign {
            evaluations,
            performance,
            systems,
            inspections,
            activities,
            opinions,
            decisions,
            plans,
        };
        let withdrawn = Campaign {
            evaluations: withdrawn_evaluations,
            performance: withdrawn_performance,
            systems: withdrawn_systems,
            inspections: withdrawn_inspections,
            activities: withdrawn_activities,
            opinions: withdrawn_opinions,
            decisions: withdrawn_decisions,
            plans: withdrawn_plans,
        };
        (in_force, withdrawn)
    }

    /// Every record, for the draft warnings of `check` and `build`.
    pub(crate) fn disclosed(&self) -> Vec<&dyn Disclosed> {
        fn all<T: Disclosed>(records: &[T]) -> impl Iterator<Item = &dyn Disclosed> {
            records.iter().map(|r| r as &dyn Disclosed)
        }
        all(&self.evaluations)
            .chain(all(&self.performance))
            .chain(all(&self.systems))
            .chain(all(&self.inspections))
            .chain(all(&self.activities))
            .chain(all(&self.opinions))
            .chain(all(&self.decisions))
            .chain(all(&self.plans))
            .collect()
    }
}

/// Whether a record shown on a page is a draft (only ever true in a preview): its row and
/// heading carry the 草稿 mark.
pub(crate) fn is_draft(view: &PublicView, record: &dyn Disclosed) -> bool {
    record
        .disclosure()
        .is_draft(view.records.site.review_required)
}

/// A withdrawn record as the public is told about it: what it was, when and why it was
/// withdrawn. Its content is no longer shown.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct WithdrawnNote {
    /// The record's id (or the key it is known by).
    pub id: String,
    /// What the record was, in a few words (e.g. 2026年第一季度民主评议).
    pub name: String,
    /// Root-relative link to its notice page, when the record type has its own page.
    pub href: String,
    /// The section the record belongs to.
    #[serde(skip)]
    pub section: Section,
    /// The day of the withdrawal, YYYY-MM-DD.
    pub withdrawn_on: String,
    /// The public reason.
    pub reason: String,
}

/// A section of the campaign's pages: where a withdrawn record's notice leads back to.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Section {
    /// The navigation entry it sits under.
    pub nav: &'static str,
    /// Its name, e.g. 监督检查.
    pub name: &'static str,
    /// Root-relative link to its list.
    pub href: &'static str,
}

impl WithdrawnNote {
    /// The note for a withdrawn record of a section; `href` is its notice page, if any.
    pub(crate) fn of(
        record: &dyn Disclosed,
        (id, name): (&str, String),
        section: Section,
        href: String,
    ) -> Self {
        let withdrawal = record.disclosure().withdrawn.as_ref();
        WithdrawnNote {
            id: id.to_string(),
            name,
            href,
            section,
            withdrawn_on: withdrawal.map(|w| w.on.to_string()).unwrap_or_default(),
            reason: withdrawal.map(|w| w.reason.clone()).unwrap_or_default(),
        }
    }
}

/// The page of a withdrawn record that had its own page: a notice (template
/// [`WITHDRAWN_TEMPLATE`]) titled 已撤回：…, with the date and the public reason.
pub(crate) fn withdrawn_page(note: &WithdrawnNote, ctx: &mut Context) {
    crate::pages::common(ctx, note.section.nav, &format!("已撤回：{}", note.name));
    ctx.insert("notice", note);
    ctx.insert("section_name", note.section.name);
    ctx.insert("section_href", note.section.href);
}

/// An office's name for a note, or its id when unknown.
pub(crate) fn office_name(view: &PublicView, id: &str) -> String {
    view.records
        .office(id)
        .map_or_else(|| id.to_string(), |o| o.name.clone())
}

/// The 已撤回 note of a section's list page (`partials/withdrawn_notes.html`), so disclosure
/// stays honest about what was taken down.
pub(crate) fn withdrawn_notes(notes: &[WithdrawnNote], ctx: &mut Context) {
    ctx.insert("withdrawn_notes", notes);
}

/// The template of a withdrawn record's notice page.
pub const WITHDRAWN_TEMPLATE: &str = "campaign_withdrawn.html";

/// One published record as the 本次更新 page names it: what kind, which, where its file is and
/// where the public reads it.
#[derive(Debug, Clone)]
pub struct Listed {
    /// An ASCII kind, stored in the manifest (`inspection`, `opinion`, …).
    pub kind: &'static str,
    /// The record's id.
    pub id: String,
    /// A title the public recognises.
    pub title: String,
    /// The record file.
    pub path: std::path::PathBuf,
    /// Its page or section, from the site root.
    pub href: String,
}

/// The kinds of campaign record the 本次更新 page names, with their Chinese names.
const KINDS: [(&str, &str); 9] = [
    ("evaluation", "民主评议"),
    ("performance", "绩效考评"),
    ("systems", "九项制度"),
    ("inspection", "监督检查"),
    ("activity", "“四个一”活动"),
    ("opinion", "群众意见"),
    ("decision", "问责公示"),
    ("plan", "实施方案"),
    ("bulletin", "季度通报"),
];

/// The Chinese name of a campaign record kind, if it is one.
pub fn kind_label(kind: &str) -> Option<&'static str> {
    KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map(|(_, label)| *label)
}

/// Every campaign record (and bulletin) published on the as-of date, so that the record
/// digests and the 本次更新 page cover them as they cover items and offices.
pub fn listed(view: &PublicView) -> Vec<Listed> {
    let c = &view.campaign;
    let as_of = view.as_of;
    let office = |id: &str| {
        view.records
            .office(id)
            .map_or_else(|| id.to_string(), |o| o.name.clone())
    };
    let mut out = Vec::new();
    let mut push =
        |kind, id: &str, title: String, file: &crate::source::SourceFile, href: String| {
            out.push(Listed {
                kind,
                id: id.to_string(),
                title,
                path: file.path.clone(),
                href,
            })
        };
    for p in c.evaluations.iter().filter(|p| p.held <= as_of) {
        let id = &p.id.value;
        push(
            "evaluation",
            id,
            p.title.clone(),
            &p.file,
            format!("evaluations/{id}/"),
        );
    }
    for y in c.performance.iter().filter(|y| y.evaluated_on <= as_of) {
        let id = &y.id.value;
        push(
            "performance",
            id,
            y.title.clone(),
            &y.file,
            format!("performance/{id}/"),
        );
    }
    for s in &c.systems {
        let id = &s.office.value;
        push(
            "systems",
            id,
            format!("{}九项制度", office(id)),
            &s.file,
            "systems/".into(),
        );
    }
    for i in c.inspections.iter().filter(|i| i.date <= as_of) {
        let id = &i.id.value;
        push(
            "inspection",
            id,
            i.title.clone(),
            &i.file,
            format!("inspections/{id}/"),
        );
    }
    for a in c.activities.iter().filter(|a| a.date <= as_of) {
        push(
            "activity",
            &a.id.value,
            a.title.clone(),
            &a.file,
            "activities/".into(),
        );
    }
    for o in c.opinions.iter().filter(|o| o.received <= as_of) {
        let title = format!("{}收到的群众意见", office(&o.office.value));
        push("opinion", &o.id.value, title, &o.file, "opinions/".into());
    }
    for d in c.decisions.iter().filter(|d| d.date <= as_of) {
        let title = format!("{}问责决定", office(&d.office.value));
        push(
            "decision",
            &d.id.value,
            title,
            &d.file,
            "accountability/".into(),
        );
    }
    for p in c.plans.iter().filter(|p| p.submitted <= as_of) {
        let id = format!("{}-{}", p.office.value, p.phase.value);
        push("plan", &id, p.title.clone(), &p.file, "plans/".into());
    }
    let bulletins = crate::bulletin::quarters(view);
    for q in bulletins {
        if let Some(r) = crate::bulletin::issued(view, q) {
            let title = format!("{}通报（{}）", q.name(), r.number);
            push(
                "bulletin",
                &q.to_string(),
                title,
                &r.file,
                format!("bulletins/{q}/"),
            );
        }
    }
    out
}
