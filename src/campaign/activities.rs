//! The 四个一 activities: each quarter a grassroots research visit (with the opinion cards
//! issued and returned), each quarter a visit to the conduct supervisors (部风监督员), each
//! month a covert inspection (明察暗访), each quarter a bulletin of every office. Which
//! activities there are and how often each is due is site.yaml's `activities: kinds:`.
//!
//! The compliance page shows, for each activity and each period (calendar quarter or month)
//! from the campaign's start (its first phase) up to the as-of date, whether it was done
//! (with the records), missing (缺: the period is over and nothing was done), or still in
//! progress (进行中: the period has not ended on the as-of date). An activity kind may name an
//! inspection kind (`inspection_kind: 明察暗访`): inspections of that kind count as the
//! activity too, so a covert visit is recorded once, as an inspection.

use std::path::Path;
use std::sync::Arc;

use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;
use tera::Context;

use crate::campaign::Known;
use crate::campaign::inspections::check_unique_ids;
use crate::diagnostics::Diagnostic;
use crate::model::Disclosure;
use crate::privacy::{Pass, Place};
use crate::source::SourceFile;
use crate::validate::{check_reference, error};
use crate::view::PublicView;
use crate::yaml::{Fields, Located};

/// How often an activity is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Every {
    /// Once each calendar quarter.
    Quarter,
    /// Once each calendar month.
    Month,
}

impl Every {
    fn from_word(word: &str) -> Option<Every> {
        match word {
            "quarter" => Some(Every::Quarter),
            "month" => Some(Every::Month),
            _ => None,
        }
    }

    /// The word site.yaml uses: `quarter` or `month`.
    pub fn key(self) -> &'static str {
        match self {
            Every::Quarter => "quarter",
            Every::Month => "month",
        }
    }

    fn months(self) -> u32 {
        match self {
            Every::Quarter => 3,
            Every::Month => 1,
        }
    }

    fn word(self) -> &'static str {
        match self {
            Every::Quarter => "每季度一次",
            Every::Month => "每月一次",
        }
    }
}

/// One kind of 四个一 activity from site.yaml.
#[derive(Debug, Clone)]
pub struct ActivityKind {
    /// Short ASCII id used by records.
    pub id: String,
    /// Its name, e.g. 基层调研.
    pub name: String,
    /// How often it is due.
    pub every: Every,
    /// Whether its records count the opinion cards issued and returned.
    pub cards: bool,
    /// Inspections of this kind count as this activity too.
    pub inspection_kind: Option<String>,
    /// The quarterly bulletins (`content/bulletins/`) count as this activity, each on its
    /// issuing date: a bulletin is issued after its quarter, so it counts in the next one.
    pub bulletins: bool,
}

/// This record type's rules from site.yaml.
#[derive(Debug, Clone)]
pub struct Rules {
    /// The activities, in the order the site lists them.
    pub kinds: Vec<ActivityKind>,
}

impl Default for Rules {
    fn default() -> Self {
        let kind = |id: &str, name: &str, every, cards, inspection: Option<&str>| ActivityKind {
            id: id.to_string(),
            name: name.to_string(),
            every,
            cards,
            inspection_kind: inspection.map(str::to_string),
            bulletins: id == "bulletin",
        };
        Rules {
            kinds: vec![
                kind("research", "基层调研", Every::Quarter, true, None),
                kind("supervisors", "走访部风监督员", Every::Quarter, false, None),
                kind("covert", "明察暗访", Every::Month, false, Some("明察暗访")),
                kind("bulletin", "效能建设情况通报", Every::Quarter, false, None),
            ],
        }
    }
}

/// The fields of an activity kind in site.yaml.
pub const KIND_FIELDS: &[&str] = &[
    "id",
    "name",
    "every",
    "cards",
    "inspection_kind",
    "bulletins",
];

/// Reads this record type's section of site.yaml (`activities: kinds: [...]`).
pub(crate) fn read_rules(site: &Fields) -> Rules {
    let Some(f) = site.group("activities", "the activities section") else {
        return Rules::default();
    };
    f.reject_unknown(&["kinds"]);
    if !f.has("kinds") {
        return Rules::default();
    }
    let kinds = f
        .groups("kinds", "an activity kind")
        .iter()
        .filter_map(|k| {
            k.reject_unknown(KIND_FIELDS);
            let every = k.located_text("every").and_then(|e| {
                let every = Every::from_word(&e.value);
                if every.is_none() {
                    k.error_at(
                        e.at,
                        format!("`every` is `quarter` or `month`, not `{}`", e.value),
                    );
                }
                every
            });
            Some(ActivityKind {
                id: k.id("id")?.value,
                name: k.text("name")?,
                every: every?,
                cards: k.opt_bool("cards").unwrap_or(false),
                inspection_kind: k.opt_text("inspection_kind"),
                bulletins: k.opt_bool("bulletins").unwrap_or(false),
            })
        })
        .collect();
    Rules { kinds }
}

/// One record of `content/activities/`.
#[derive(Debug, Clone)]
pub struct Activity {
    /// Id, used as its anchor on the page.
    pub id: Located<String>,
    /// The activity kind's id.
    pub activity: Located<String>,
    /// The day it took place (a bulletin: the day it was issued).
    pub date: NaiveDate,
    /// What it was, in one line.
    pub title: String,
    /// What was done and found.
    pub summary: String,
    /// Opinion cards issued and returned (research visits), as (issued, returned).
    pub cards: Option<(i64, i64)>,
    /// The record file.
    pub file: Arc<SourceFile>,
    /// Review and visibility (先审后发, withdrawal).
    pub disclosure: Disclosure,
}

/// The fields of a record of `content/activities/`.
pub const FIELDS: &[&str] = &[
    "id",
    "activity",
    "date",
    "title",
    "summary",
    "cards_issued",
    "cards_returned",
    "draft",
    "approved_by",
    "approved_on",
    "withdrawn_on",
    "withdrawn_reason",
    "display_until",
];

/// Reads every file of `content/activities/`.
pub(crate) fn load(root: &Path) -> (Vec<Activity>, Vec<Diagnostic>) {
    let (mut records, problems) =
        crate::load::read_yaml_folder(root, "content/activities", "an activity", read);
    records.sort_by(|a: &Activity, b| (a.date, &a.id.value).cmp(&(b.date, &b.id.value)));
    (records, problems)
}

fn read(f: &Fields, file: &Arc<SourceFile>) -> Option<Activity> {
    f.reject_unknown(FIELDS);
    let disclosure = crate::load::read_disclosure(f);
    let (id, activity, date, title) = (
        f.id("id"),
        f.located_text("activity"),
        f.date("date"),
        f.text("title"),
    );
    let count = |key: &str| {
        let n = f.has(key).then(|| f.integer(key)).flatten()?;
        if n < 0 {
            f.error(key, format!("`{key}` cannot be negative"));
            return None;
        }
        Some(n)
    };
    let cards = match (count("cards_issued"), count("cards_returned")) {
        (Some(issued), Some(returned)) => {
            if returned > issued {
                f.error(
                    "cards_returned",
                    format!("{returned} cards returned, but only {issued} were issued: `cards_returned` cannot exceed `cards_issued`"),
                );
            }
            Some((issued, returned))
        }
        (None, None) => None,
        (Some(_), None) if !f.has("cards_returned") => {
            f.error("cards_issued", "give `cards_returned` with `cards_issued`");
            None
        }
        (None, Some(_)) if !f.has("cards_issued") => {
            f.error(
                "cards_returned",
                "give `cards_issued` with `cards_returned`",
            );
            None
        }
        _ => None,
    };
    Some(Activity {
        id: id?,
        activity: activity?,
        date: date?,
        title: title?,
        summary: f.opt_text("summary").unwrap_or_default(),
        cards,
        file: Arc::clone(file),
        disclosure,
    })
}

/// Checks the records against the site's rules and the other records.
pub(crate) fn validate(known: &Known, records: &[Activity], problems: &mut Vec<Diagnostic>) {
    let kinds = &known.site.rules.activities.kinds;
    check_inspection_kinds(known, problems);
    let ids: Vec<&str> = kinds.iter().map(|k| k.id.as_str()).collect();
    check_unique_ids(
        "activity",
        records.iter().map(|r| (&r.id, &r.file)),
        problems,
    );
    for r in records {
        check_reference(&r.activity, "activity", &ids, &r.file, problems);
        let Some(kind) = kinds.iter().find(|k| k.id == r.activity.value) else {
            continue;
        };
        let message = match (kind.cards, r.cards.is_some()) {
            (true, false) => format!(
                "{} counts the opinion cards: give `cards_issued` and `cards_returned`",
                kind.name
            ),
            (false, true) => format!(
                "{} does not count opinion cards: remove `cards_issued` and `cards_returned` (or set `cards: true` for it in site.yaml)",
                kind.name
            ),
            _ => continue,
        };
        problems.push(error(&r.file, r.activity.at, message));
    }
}

/// An activity that inspections count toward must name one of the configured inspection kinds:
/// otherwise nothing would ever count toward it, silently.
fn check_inspection_kinds(known: &Known, problems: &mut Vec<Diagnostic>) {
    let inspection_kinds = &known.site.rules.inspections.kinds;
    let site = known.site.privacy.source.as_deref();
    for kind in &known.site.rules.activities.kinds {
        let Some(named) = &kind.inspection_kind else {
            continue;
        };
        if inspection_kinds.contains(named) {
            continue;
        }
        let message = format!(
            "activity `{}`: `inspection_kind: {named}` is not an inspection kind; use one of: {}",
            kind.id,
            inspection_kinds.join(", ")
        );
        let written = format!("inspection_kind: {named}");
        let found = site.and_then(|f| Some((f, f.text.find(&written)?)));
        problems.push(match found {
            Some((file, offset)) => {
                let value = offset + "inspection_kind: ".len();
                let at = crate::yaml::pos_at(&file.text, value, named.chars().count());
                error(file, at, message)
            }
            None => Diagnostic::error(Path::new("content/site.yaml"), 0, 0, message),
        });
    }
}

/// Censors and masks every published text of the records.
pub(crate) fn protect(records: &mut [Activity], pass: &mut Pass) {
    for r in records {
        let file = Arc::clone(&r.file);
        let place = Place::record(&r.id, format!("activity {}", r.id.value), &file);
        pass.text(&place, "title", &mut r.title);
        pass.text(&place, "summary", &mut r.summary);
        crate::privacy::disclosure(pass, &place, &mut r.disclosure);
    }
}

/// One period an activity is due in: a calendar quarter or month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// Its first day.
    pub start: NaiveDate,
    /// Its last day.
    pub end: NaiveDate,
    /// How often the activity is due (for its label).
    pub every: Every,
}

impl Period {
    /// `2026年第2季度` or `2026年5月`.
    pub fn label(&self) -> String {
        match self.every {
            Every::Quarter => format!(
                "{}年第{}季度",
                self.start.year(),
                self.start.month0() / 3 + 1
            ),
            Every::Month => format!("{}年{}月", self.start.year(), self.start.month()),
        }
    }
}

/// The periods from the one holding `from` to the one holding `to` (none when `to < from`).
pub fn periods(every: Every, from: NaiveDate, to: NaiveDate) -> Vec<Period> {
    let step = every.months();
    let first_month = from.month0() / step * step + 1;
    let mut start = NaiveDate::from_ymd_opt(from.year(), first_month, 1);
    let mut periods = Vec::new();
    while let Some(s) = start.filter(|s| *s <= to) {
        let next = s.checked_add_months(Months::new(step));
        let Some(end) = next.and_then(|n| n.pred_opt()) else {
            break;
        };
        periods.push(Period {
            start: s,
            end,
            every,
        });
        start = next;
    }
    periods
}

/// What was done in a period, as the compliance table shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compliance {
    /// Done at least once.
    Done,
    /// The period is over and nothing was done.
    Missing,
    /// The period has not ended on the as-of date and nothing is recorded yet.
    InProgress,
}

impl Compliance {
    fn word(self) -> &'static str {
        match self {
            Compliance::Done => "已完成",
            Compliance::Missing => "缺",
            Compliance::InProgress => "进行中",
        }
    }

    fn slug(self) -> &'static str {
        match self {
            Compliance::Done => "done",
            Compliance::Missing => "missing",
            Compliance::InProgress => "progress",
        }
    }
}

/// The span the compliance is reckoned over: the campaign's phases, cut at the as-of date.
pub(crate) fn campaign_span(view: &PublicView) -> Option<(NaiveDate, NaiveDate)> {
    let phases = &view.records.site.phases;
    let start = phases.iter().map(|p| p.start).min()?;
    let end = phases.iter().map(|p| p.end).max()?.min(view.as_of);
    Some((start, end))
}

#[derive(Debug, Clone, Serialize)]
struct Done {
    title: String,
    date: String,
    /// An anchor on this page (`#activity-…`) for an activity record; root-relative for an
    /// inspection.
    href: String,
    /// What counted as the activity when it is not an activity record: `监督检查` or `季度通报`
    /// (its `href` is then from the site root).
    counted_as: &'static str,
}

#[derive(Debug, Serialize)]
struct PeriodRow {
    label: String,
    start: String,
    end: String,
    state: &'static str,
    state_class: &'static str,
    done: Vec<Done>,
}

#[derive(Debug, Serialize)]
struct RecordRow {
    id: String,
    date: String,
    title: String,
    summary: String,
    has_cards: bool,
    cards_issued: i64,
    cards_returned: i64,
    return_rate: String,
    draft: bool,
}

#[derive(Debug, Serialize)]
struct KindSection {
    id: String,
    name: String,
    every: &'static str,
    cards: bool,
    inspection_kind: String,
    bulletins: bool,
    periods: Vec<PeriodRow>,
    done: usize,
    missing: usize,
    in_progress: usize,
    records: Vec<RecordRow>,
}

/// Everything done for one activity kind on the as-of date: its records, and the inspections
/// of its inspection kind, as (date, link).
fn done_for(view: &PublicView, kind: &ActivityKind) -> Vec<(NaiveDate, Done)> {
    let done = |date: NaiveDate, title: &str, href: String, counted_as: &'static str| {
        let done = Done {
            title: title.to_string(),
            date: date.to_string(),
            href,
            counted_as,
        };
        (date, done)
    };
    let records = view
        .campaign
        .activities
        .iter()
        .filter(|r| r.activity.value == kind.id && r.date <= view.as_of)
        .map(|r| done(r.date, &r.title, format!("#activity-{}", r.id.value), ""));
    let inspections = crate::campaign::inspections::published(view)
        .filter(|i| kind.inspection_kind.as_deref() == Some(i.kind.value.as_str()))
        .map(|i| {
            done(
                i.date,
                &i.title,
                format!("inspections/{}/", i.id.value),
                "监督检查",
            )
        });
    let bulletins = view
        .records
        .bulletins
        .records
        .iter()
        .filter(|b| kind.bulletins && crate::bulletin::issued(view, b.quarter.value).is_some())
        .map(|b| {
            let quarter = b.quarter.value;
            let title = format!("{}通报（{}）", quarter.name(), b.number);
            done(
                b.issued,
                &title,
                format!("bulletins/{quarter}/"),
                "季度通报",
            )
        });
    let mut all: Vec<(NaiveDate, Done)> = records.chain(inspections).chain(bulletins).collect();
    all.sort_by(|a, b| (a.0, &a.1.href).cmp(&(b.0, &b.1.href)));
    all
}

/// What was done for one activity kind between two days (inclusive), known on the as-of
/// date, as (date, title): for the bulletins' 四个一 section.
pub(crate) fn done_in(
    view: &PublicView,
    kind: &ActivityKind,
    start: NaiveDate,
    end: NaiveDate,
) -> Vec<(NaiveDate, String)> {
    done_for(view, kind)
        .into_iter()
        .filter(|(d, _)| start <= *d && *d <= end)
        .map(|(d, done)| (d, done.title))
        .collect()
}

fn kind_section(view: &PublicView, kind: &ActivityKind) -> KindSection {
    let done = done_for(view, kind);
    let periods: Vec<PeriodRow> = campaign_span(view)
        .map(|(from, to)| periods(kind.every, from, to))
        .unwrap_or_default()
        .into_iter()
        .map(|p| {
            let mine: Vec<Done> = done
                .iter()
                .filter(|(d, _)| p.start <= *d && *d <= p.end)
                .map(|(_, d)| d.clone())
                .collect();
            let state = if !mine.is_empty() {
                Compliance::Done
            } else if p.end < view.as_of {
                Compliance::Missing
            } else {
                Compliance::InProgress
            };
            PeriodRow {
                label: p.label(),
                start: p.start.to_string(),
                end: p.end.to_string(),
                state: state.word(),
                state_class: state.slug(),
                done: mine,
            }
        })
        .collect();
    let count = |c: Compliance| periods.iter().filter(|p| p.state_class == c.slug()).count();
    let records = view
        .campaign
        .activities
        .iter()
        .filter(|r| r.activity.value == kind.id && r.date <= view.as_of)
        .rev()
        .map(|r| record_row(view, r))
        .collect();
    KindSection {
        id: kind.id.clone(),
        name: kind.name.clone(),
        every: kind.every.word(),
        cards: kind.cards,
        inspection_kind: kind.inspection_kind.clone().unwrap_or_default(),
        bulletins: kind.bulletins,
        done: count(Compliance::Done),
        missing: count(Compliance::Missing),
        in_progress: count(Compliance::InProgress),
        periods,
        records,
    }
}

fn record_row(view: &PublicView, r: &Activity) -> RecordRow {
    let (issued, returned) = r.cards.unwrap_or((0, 0));
    RecordRow {
        id: r.id.value.clone(),
        date: r.date.to_string(),
        title: r.title.clone(),
        summary: r.summary.clone(),
        has_cards: r.cards.is_some(),
        cards_issued: issued,
        cards_returned: returned,
        return_rate: if issued > 0 {
            format!("{:.1}%", returned as f64 * 100.0 / issued as f64)
        } else {
            "—".to_string()
        },
        draft: super::is_draft(view, r),
    }
}

/// The section, for withdrawn activities' notes.
const SECTION: super::Section = super::Section {
    nav: "supervision",
    name: "“四个一”活动",
    href: "activities/",
};

/// The activity records withdrawn by the as-of date: they count for no period (a period they
/// alone covered shows as missing again), named in the page's 已撤回 note.
fn withdrawn(view: &PublicView) -> Vec<super::WithdrawnNote> {
    view.campaign_withdrawn
        .activities
        .iter()
        .filter(|r| r.date <= view.as_of)
        .map(|r| {
            let name = format!("{}（{}）", r.title, r.date);
            super::WithdrawnNote::of(r, (&r.id.value, name), SECTION, String::new())
        })
        .collect()
}

/// A page of this section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActivitiesPage {
    /// The compliance page: per activity, per period.
    Index,
}

impl ActivitiesPage {
    /// Every page of the section.
    pub fn plan(_view: &PublicView) -> Vec<ActivitiesPage> {
        vec![ActivitiesPage::Index]
    }

    /// The output path below the site root.
    pub fn path(self, _view: &PublicView) -> String {
        "activities/index.html".to_string()
    }

    /// The template that renders it.
    pub fn template(self) -> &'static str {
        "activities.html"
    }

    /// The page's values.
    pub fn context(self, view: &PublicView, ctx: &mut Context) {
        crate::pages::common(ctx, "supervision", "“四个一”活动");
        let sections: Vec<KindSection> = view
            .records
            .site
            .rules
            .activities
            .kinds
            .iter()
            .map(|k| kind_section(view, k))
            .collect();
        ctx.insert(
            "activities_missing",
            &sections.iter().map(|s| s.missing).sum::<usize>(),
        );
        ctx.insert("activity_kinds", &sections);
        super::withdrawn_notes(&withdrawn(view), ctx);
        if let Some((from, to)) = campaign_span(view) {
            ctx.insert("span_start", &from.to_string());
            ctx.insert("span_end", &to.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn quarters_and_months_cover_the_span() {
        let q = periods(Every::Quarter, day(2026, 4, 1), day(2026, 11, 25));
        let labels: Vec<String> = q.iter().map(Period::label).collect();
        assert_eq!(labels, ["2026年第2季度", "2026年第3季度", "2026年第4季度"]);
        assert_eq!(q[2].end, day(2026, 12, 31));
        let m = periods(Every::Month, day(2026, 4, 15), day(2026, 6, 1));
        assert_eq!(m.len(), 3);
        assert_eq!(m[0].start, day(2026, 4, 1));
        assert_eq!(m[1].end, day(2026, 5, 31));
        assert!(periods(Every::Month, day(2026, 6, 1), day(2026, 5, 1)).is_empty());
    }
}
