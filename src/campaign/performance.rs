//! 绩效考评 (performance evaluation): per year, each office's score per configured criterion,
//! totals, grades and ranks.
//!
//! The criteria (id, name, weight, max) and the grades (name, min) come from site.yaml's
//! `performance:` section; the weights must add up to 100. A criterion's score counts
//! `score / max × weight` towards the total, so the total is out of 100; it is rounded half
//! up to two decimals, and the grade is the first one (highest `min` first) whose `min` the
//! rounded total reaches. Ranks are competition ranks (1, 2, 2, 4) by total, ties listed by
//! office id. Every office that existed during the year is scored on every criterion (全员制).

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;
use tera::Context;

use crate::campaign::Known;
use crate::campaign::charts::{self, Bar};
use crate::campaign::evaluation::{exists_during, hundredths, offices_during};
use crate::diagnostics::Diagnostic;
use crate::model::Disclosure;
use crate::pages::{chinese_date, common, office_href};
use crate::privacy::{Pass, Place};
use crate::source::SourceFile;
use crate::validate::{check_reference, error};
use crate::view::PublicView;
use crate::yaml::{Fields, Located, Pos};

/// One criterion of the evaluation (六项整治, 九项制度, …).
#[derive(Debug, Clone)]
pub struct Criterion {
    /// Short ASCII id, used in the score sheets.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its share of the total, out of 100.
    pub weight: f64,
    /// The highest score on it.
    pub max: f64,
}

/// A grade (优秀, 良好, …) and the total it starts from.
#[derive(Debug, Clone)]
pub struct Grade {
    /// Its name.
    pub name: String,
    /// The lowest total that earns it, in hundredths.
    pub min: i64,
}

/// The `performance:` rules of site.yaml.
#[derive(Debug, Clone)]
pub struct Rules {
    /// The criteria, in site.yaml's order (none by default: a site that publishes
    /// performance records must list them).
    pub criteria: Vec<Criterion>,
    /// The grades, highest `min` first (default 优秀 90, 良好 80, 合格 60, 不合格 0).
    pub grades: Vec<Grade>,
}

impl Default for Rules {
    fn default() -> Self {
        let grade = |name: &str, min: i64| Grade {
            name: name.to_string(),
            min: min * 100,
        };
        Rules {
            criteria: Vec::new(),
            grades: vec![
                grade("优秀", 90),
                grade("良好", 80),
                grade("合格", 60),
                grade("不合格", 0),
            ],
        }
    }
}

impl Rules {
    /// The criterion with this id.
    pub fn criterion(&self, id: &str) -> Option<&Criterion> {
        self.criteria.iter().find(|c| c.id == id)
    }

    /// The grade a total (in hundredths) earns.
    pub fn grade(&self, total: i64) -> &str {
        self.grades
            .iter()
            .find(|g| total >= g.min)
            .map_or("", |g| g.name.as_str())
    }
}

/// The keys of site.yaml's `performance:` section.
pub const RULE_FIELDS: &[&str] = &["criteria", "grades"];

/// Reads site.yaml's `performance:` section: the weights must add up to 100.
pub(crate) fn read_rules(site: &Fields) -> Rules {
    let defaults = Rules::default();
    let Some(f) = site.group("performance", "the performance rules") else {
        return defaults;
    };
    f.reject_unknown(RULE_FIELDS);
    let criteria: Vec<Criterion> = f
        .groups("criteria", "a performance criterion")
        .iter()
        .filter_map(read_criterion)
        .collect();
    let mut seen = BTreeSet::new();
    for c in &criteria {
        if !seen.insert(c.id.as_str()) {
            f.error("criteria", format!("criterion `{}` is listed twice", c.id));
        }
    }
    let total: f64 = criteria.iter().map(|c| c.weight).sum();
    if !criteria.is_empty() && (total - 100.0).abs() > 1e-6 {
        f.error(
            "criteria",
            format!(
                "the criteria's weights add up to {}, not 100: {}",
                number_text(total),
                criteria
                    .iter()
                    .map(|c| format!("{} {}", c.id, number_text(c.weight)))
                    .collect::<Vec<_>>()
                    .join(" + ")
            ),
        );
    }
    let grades = if f.has("grades") {
        read_grades(&f)
    } else {
        defaults.grades
    };
    Rules { criteria, grades }
}

fn read_criterion(c: &Fields) -> Option<Criterion> {
    c.reject_unknown(&["id", "name", "weight", "max"]);
    let criterion = Criterion {
        id: c.id("id")?.value,
        name: c.text("name")?,
        weight: c.number("weight")?,
        max: c.number("max")?,
    };
    if criterion.weight <= 0.0 {
        c.error("weight", "`weight` must be more than 0");
    }
    if criterion.max <= 0.0 {
        c.error("max", "`max` must be more than 0");
        return None;
    }
    Some(criterion)
}

fn read_grades(f: &Fields) -> Vec<Grade> {
    let mut grades: Vec<Grade> = f
        .groups("grades", "a grade")
        .iter()
        .filter_map(|g| {
            g.reject_unknown(&["name", "min"]);
            let name = g.text("name")?;
            let min = g.number("min")?;
            if !(0.0..=100.0).contains(&min) {
                g.error(
                    "min",
                    format!("`min` is {min}: a total is between 0 and 100"),
                );
                return None;
            }
            Some(Grade {
                name,
                min: (min * 100.0).round() as i64,
            })
        })
        .collect();
    grades.sort_by_key(|g| std::cmp::Reverse(g.min));
    if grades.last().is_some_and(|g| g.min > 0) {
        f.error(
            "grades",
            "the lowest grade must start at `min: 0`, so that every total has a grade",
        );
    }
    grades
}

/// One criterion's score in an office's sheet.
#[derive(Debug, Clone)]
pub struct Score {
    /// The criterion's id.
    pub criterion: Located<String>,
    /// The score, between 0 and the criterion's `max`.
    pub value: f64,
    /// Where the score is written.
    pub at: Pos,
}

/// One office's score sheet.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// The office.
    pub office: Located<String>,
    /// Its scores, one per criterion.
    pub scores: Vec<Score>,
}

/// One record of `content/performance/`: a year's evaluation.
#[derive(Debug, Clone)]
pub struct PerformanceYear {
    /// Id, used in its URL: the year.
    pub id: Located<String>,
    /// Its title (2026年度绩效考评).
    pub title: String,
    /// The day the results were settled: published from this day.
    pub evaluated_on: NaiveDate,
    /// How the evaluation was done.
    pub method: String,
    /// The score sheets, one per office.
    pub sheets: Vec<Sheet>,
    /// Where `scores` is written.
    pub scores_at: Pos,
    /// The record file.
    pub file: Arc<SourceFile>,
    /// Review and visibility (先审后发, withdrawal).
    pub disclosure: Disclosure,
}

impl PerformanceYear {
    /// The year as a number (the id is checked to be one).
    fn year(&self) -> i32 {
        self.id.value.parse().unwrap_or(0)
    }
}

/// The fields of a performance year file.
pub const YEAR_FIELDS: &[&str] = &[
    "year",
    "title",
    "evaluated_on",
    "method",
    "scores",
    "draft",
    "approved_by",
    "approved_on",
    "withdrawn_on",
    "withdrawn_reason",
    "display_until",
];

/// Reads every file of `content/performance/`, by year.
pub(crate) fn load(root: &Path) -> (Vec<PerformanceYear>, Vec<Diagnostic>) {
    let (mut years, problems) =
        crate::load::read_yaml_folder(root, "content/performance", "a performance year", read_year);
    years.sort_by(|a: &PerformanceYear, b| a.id.value.cmp(&b.id.value));
    (years, problems)
}

fn read_year(f: &Fields, file: &Arc<SourceFile>) -> Option<PerformanceYear> {
    f.reject_unknown(YEAR_FIELDS);
    let disclosure = crate::load::read_disclosure(f);
    let id = f.located_text("year")?;
    if id.value.len() != 4 || !id.value.bytes().all(|b| b.is_ascii_digit()) {
        f.error("year", format!("`{}` is not a year such as 2026", id.value));
        return None;
    }
    let mut sheets: Vec<Sheet> = Vec::new();
    for s in f.groups("scores", "an office's score sheet") {
        let Some(sheet) = read_sheet(&s) else {
            continue;
        };
        if sheets.iter().any(|o| o.office.value == sheet.office.value) {
            s.error_at(
                sheet.office.at,
                format!("office `{}` has two score sheets", sheet.office.value),
            );
            continue;
        }
        sheets.push(sheet);
    }
    if !f.has("scores") {
        f.error(
            "scores",
            "missing field `scores` in a performance year: one sheet per office (office, criteria)",
        );
    }
    let year = PerformanceYear {
        id,
        title: f.text("title")?,
        evaluated_on: f.date("evaluated_on")?,
        method: f.text("method")?,
        sheets,
        scores_at: f.pos_of("scores"),
        file: Arc::clone(file),
        disclosure,
    };
    if year.evaluated_on.format("%Y").to_string() < year.id.value {
        f.error(
            "evaluated_on",
            format!(
                "year {} is evaluated on {}, before it begins",
                year.id.value, year.evaluated_on
            ),
        );
    }
    Some(year)
}

fn read_sheet(s: &Fields) -> Option<Sheet> {
    s.reject_unknown(&["office", "criteria"]);
    let office = s.located_text("office")?;
    let mut scores: Vec<Score> = Vec::new();
    for c in s.groups("criteria", "a criterion's score") {
        c.reject_unknown(&["criterion", "score"]);
        let (Some(criterion), Some(value)) = (c.located_text("criterion"), c.number("score"))
        else {
            continue;
        };
        if scores.iter().any(|x| x.criterion.value == criterion.value) {
            c.error_at(
                criterion.at,
                format!(
                    "criterion `{}` is scored twice for office `{}`",
                    criterion.value, office.value
                ),
            );
            continue;
        }
        scores.push(Score {
            criterion,
            value,
            at: c.pos_of("score"),
        });
    }
    Some(Sheet { office, scores })
}

/// Checks the years against site.yaml's criteria and the offices.
pub(crate) fn validate(known: &Known, records: &[PerformanceYear], problems: &mut Vec<Diagnostic>) {
    let rules = &known.site.rules.performance;
    let office_ids: Vec<&str> = known.offices.iter().map(|o| o.id.value.as_str()).collect();
    let criterion_ids: Vec<&str> = rules.criteria.iter().map(|c| c.id.as_str()).collect();
    let mut years = BTreeSet::new();
    for year in records {
        if !years.insert(year.id.value.as_str()) {
            problems.push(error(
                &year.file,
                year.id.at,
                format!("year {} is evaluated in two files", year.id.value),
            ));
        }
        if rules.criteria.is_empty() {
            problems.push(error(
                &year.file,
                year.id.at,
                "site.yaml lists no `performance.criteria`: add the criteria (id, name, weight, max) the offices are scored on".to_string(),
            ));
            continue;
        }
        let (start, end) = year_span(year);
        for sheet in &year.sheets {
            check_reference(&sheet.office, "office", &office_ids, &year.file, problems);
            if let Some(office) = known.office(&sheet.office.value) {
                if !exists_during(office, start, end) {
                    problems.push(error(
                        &year.file,
                        sheet.office.at,
                        format!(
                            "office `{}` did not exist in {}: remove its sheet",
                            sheet.office.value, year.id.value
                        ),
                    ));
                }
            }
            check_sheet(rules, &criterion_ids, year, sheet, problems);
        }
        for office in offices_during(known, start, end) {
            if !year
                .sheets
                .iter()
                .any(|s| s.office.value == office.id.value)
            {
                problems.push(error(
                    &year.file,
                    year.scores_at,
                    format!(
                        "全员制: office `{}` ({}) existed in {} but has no score sheet",
                        office.id.value, office.name, year.id.value
                    ),
                ));
            }
        }
    }
}

fn year_span(year: &PerformanceYear) -> (NaiveDate, NaiveDate) {
    let y = year.year();
    (
        NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or(NaiveDate::MIN),
        NaiveDate::from_ymd_opt(y, 12, 31).unwrap_or(NaiveDate::MAX),
    )
}

/// Every criterion scored once, each score within its criterion's range.
fn check_sheet(
    rules: &Rules,
    criterion_ids: &[&str],
    year: &PerformanceYear,
    sheet: &Sheet,
    problems: &mut Vec<Diagnostic>,
) {
    for score in &sheet.scores {
        check_reference(
            &score.criterion,
            "criterion",
            criterion_ids,
            &year.file,
            problems,
        );
        if let Some(c) = rules.criterion(&score.criterion.value) {
            if !(0.0..=c.max).contains(&score.value) {
                problems.push(error(
                    &year.file,
                    score.at,
                    format!(
                        "score {} on `{}` ({}) is out of range: it must be between 0 and {}",
                        number_text(score.value),
                        c.id,
                        c.name,
                        number_text(c.max)
                    ),
                ));
            }
        }
    }
    for c in &rules.criteria {
        if !sheet.scores.iter().any(|s| s.criterion.value == c.id) {
            problems.push(error(
                &year.file,
                sheet.office.at,
                format!(
                    "office `{}` has no score on criterion `{}` ({})",
                    sheet.office.value, c.id, c.name
                ),
            ));
        }
    }
}

/// Censors and masks every published text of the years.
pub(crate) fn protect(records: &mut [PerformanceYear], pass: &mut Pass) {
    for year in records {
        let file = Arc::clone(&year.file);
        let id = year.id.clone();
        let place = Place::record(&id, format!("performance year {}", id.value), &file);
        pass.text(&place, "title", &mut year.title);
        pass.text(&place, "method", &mut year.method);
        crate::privacy::disclosure(pass, &place, &mut year.disclosure);
    }
}

/// A number as written: `92`, `27.5`, `12.25`.
pub fn number_text(v: f64) -> String {
    let text = format!("{v:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// One office's result in a year.
#[derive(Debug, Clone)]
pub struct YearResult<'y> {
    /// Its sheet.
    pub sheet: &'y Sheet,
    /// Σ score / max × weight, in hundredths, rounded half up.
    pub total: i64,
    /// Its competition rank.
    pub rank: usize,
}

/// The results of a year, in rank order (ties by office id).
pub fn results<'y>(rules: &Rules, year: &'y PerformanceYear) -> Vec<YearResult<'y>> {
    let mut results: Vec<YearResult> = year
        .sheets
        .iter()
        .map(|sheet| YearResult {
            sheet,
            total: total(rules, sheet),
            rank: 0,
        })
        .collect();
    results.sort_by(|a, b| {
        b.total
            .cmp(&a.total)
            .then(a.sheet.office.value.cmp(&b.sheet.office.value))
    });
    let totals: Vec<i64> = results.iter().map(|r| r.total).collect();
    for (i, r) in results.iter_mut().enumerate() {
        r.rank = 1 + totals[..i].iter().filter(|t| **t > r.total).count();
    }
    results
}

/// An office's total in hundredths: Σ score / max × weight over the site's criteria.
fn total(rules: &Rules, sheet: &Sheet) -> i64 {
    let sum: f64 = sheet
        .scores
        .iter()
        .filter_map(|s| {
            let c = rules.criterion(&s.criterion.value)?;
            Some(s.value / c.max * c.weight)
        })
        .sum();
    (sum * 100.0 + 0.5 + 1e-9).floor() as i64
}

// ---------------------------------------------------------------------------------------
// Pages
// ---------------------------------------------------------------------------------------

/// A page of this section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PerformancePage {
    /// The section's index: the years.
    Index,
    /// One year (index into the view's years in force).
    Year(usize),
    /// A withdrawn year's notice (index into [`withdrawn`]).
    Withdrawn(usize),
}

/// The section, for withdrawn years' notices.
const SECTION: super::Section = super::Section {
    nav: "performance",
    name: "绩效考评",
    href: "performance/",
};

/// The years withdrawn by the as-of date (evaluated by then): each keeps its page as a notice.
fn withdrawn(view: &PublicView) -> Vec<super::WithdrawnNote> {
    view.campaign_withdrawn
        .performance
        .iter()
        .filter(|y| y.evaluated_on <= view.as_of)
        .map(|y| super::WithdrawnNote::of(y, (&y.id.value, y.title.clone()), SECTION, year_href(y)))
        .collect()
}

/// The years published on the as-of date: those evaluated by then.
fn published<'v>(view: &'v PublicView) -> impl Iterator<Item = (usize, &'v PerformanceYear)> {
    view.campaign
        .performance
        .iter()
        .enumerate()
        .filter(move |(_, y)| y.evaluated_on <= view.as_of)
}

fn year_href(year: &PerformanceYear) -> String {
    format!("performance/{}/", year.id.value)
}

impl PerformancePage {
    /// Every page of the section: the index and each published year.
    pub fn plan(view: &PublicView) -> Vec<PerformancePage> {
        let mut pages = vec![PerformancePage::Index];
        pages.extend(published(view).map(|(i, _)| PerformancePage::Year(i)));
        pages.extend((0..withdrawn(view).len()).map(PerformancePage::Withdrawn));
        pages
    }

    /// The output path below the site root.
    pub fn path(self, view: &PublicView) -> String {
        match self {
            PerformancePage::Index => "performance/index.html".to_string(),
            PerformancePage::Year(i) => {
                format!("{}index.html", year_href(&view.campaign.performance[i]))
            }
            PerformancePage::Withdrawn(i) => format!("{}index.html", withdrawn(view)[i].href),
        }
    }

    /// The template that renders it.
    pub fn template(self) -> &'static str {
        match self {
            PerformancePage::Index => "performance.html",
            PerformancePage::Year(_) => "performance_year.html",
            PerformancePage::Withdrawn(_) => super::WITHDRAWN_TEMPLATE,
        }
    }

    /// The page's values.
    pub fn context(self, view: &PublicView, ctx: &mut Context) {
        match self {
            PerformancePage::Index => index(view, ctx),
            PerformancePage::Year(i) => {
                year_page(view, &view.campaign.performance[i], ctx);
            }
            PerformancePage::Withdrawn(i) => {
                if let Some(note) = withdrawn(view).get(i) {
                    super::withdrawn_page(note, ctx);
                }
            }
        }
    }
}

#[derive(Serialize)]
struct YearRow<'a> {
    year: &'a str,
    title: &'a str,
    href: String,
    evaluated_on: String,
    offices: usize,
    grades: Vec<GradeCount<'a>>,
    draft: bool,
}

#[derive(Serialize)]
struct GradeCount<'a> {
    name: &'a str,
    count: usize,
}

fn index(view: &PublicView, ctx: &mut Context) {
    common(ctx, "performance", "绩效考评");
    let rules = &view.records.site.rules.performance;
    let rows: Vec<YearRow> = published(view)
        .map(|(_, y)| {
            let results = results(rules, y);
            YearRow {
                year: &y.id.value,
                title: &y.title,
                href: year_href(y),
                evaluated_on: y.evaluated_on.to_string(),
                offices: y.sheets.len(),
                grades: rules
                    .grades
                    .iter()
                    .map(|g| GradeCount {
                        name: &g.name,
                        count: results
                            .iter()
                            .filter(|r| rules.grade(r.total) == g.name)
                            .count(),
                    })
                    .collect(),
                draft: super::is_draft(view, y),
            }
        })
        .collect();
    ctx.insert("years", &rows);
    super::withdrawn_notes(&withdrawn(view), ctx);
    ctx.insert("criteria", &criteria_rows(rules));
    ctx.insert("grades", &grade_rows(rules));
}

#[derive(Serialize)]
struct CriterionRow<'a> {
    id: &'a str,
    name: &'a str,
    weight: String,
    max: String,
}

fn criteria_rows(rules: &Rules) -> Vec<CriterionRow<'_>> {
    rules
        .criteria
        .iter()
        .map(|c| CriterionRow {
            id: &c.id,
            name: &c.name,
            weight: number_text(c.weight),
            max: number_text(c.max),
        })
        .collect()
}

#[derive(Serialize)]
struct GradeRow<'a> {
    name: &'a str,
    min: String,
}

fn grade_rows(rules: &Rules) -> Vec<GradeRow<'_>> {
    rules
        .grades
        .iter()
        .map(|g| GradeRow {
            name: &g.name,
            min: hundredths(g.min),
        })
        .collect()
}

#[derive(Serialize)]
struct ResultRow<'a> {
    rank: usize,
    office_id: &'a str,
    name: &'a str,
    href: String,
    scores: Vec<String>,
    total: String,
    grade: &'a str,
}

fn year_page(view: &PublicView, year: &PerformanceYear, ctx: &mut Context) {
    let rules = &view.records.site.rules.performance;
    common(ctx, "performance", &year.title);
    ctx.insert("record_draft", &super::is_draft(view, year));
    ctx.insert("year", &year.id.value);
    ctx.insert("title", &year.title);
    ctx.insert("evaluated_on", &year.evaluated_on.to_string());
    ctx.insert("evaluated_on_cn", &chinese_date(year.evaluated_on));
    ctx.insert("method", &year.method);
    ctx.insert("criteria", &criteria_rows(rules));
    ctx.insert("grades", &grade_rows(rules));
    let results = results(rules, year);
    let rows: Vec<ResultRow> = results
        .iter()
        .map(|r| {
            let id = r.sheet.office.value.as_str();
            ResultRow {
                rank: r.rank,
                office_id: id,
                name: view.records.office(id).map_or(id, |o| o.name.as_str()),
                href: view
                    .offices
                    .iter()
                    .find(|o| o.office.id.value == id)
                    .map(office_href)
                    .unwrap_or_default(),
                scores: rules
                    .criteria
                    .iter()
                    .map(|c| {
                        r.sheet
                            .scores
                            .iter()
                            .find(|s| s.criterion.value == c.id)
                            .map_or_else(|| "—".to_string(), |s| number_text(s.value))
                    })
                    .collect(),
                total: hundredths(r.total),
                grade: rules.grade(r.total),
            }
        })
        .collect();
    let bars: Vec<Bar> = rows
        .iter()
        .map(|r| Bar {
            label: r.name.to_string(),
            value: r.total.parse().unwrap_or(0.0),
            text: r.total.clone(),
        })
        .collect();
    ctx.insert(
        "totals_chart",
        &charts::bar_chart(
            "chart-performance",
            &format!("{}各科室总分", year.title),
            charts::extremes_summary("总分", &bars),
            ["科室", "总分"],
            100.0,
            &bars,
        ),
    );
    ctx.insert("results", &rows);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_without_trailing_zeros() {
        assert_eq!(number_text(92.0), "92");
        assert_eq!(number_text(27.5), "27.5");
        assert_eq!(number_text(12.25), "12.25");
    }

    #[test]
    fn grades_follow_the_lines() {
        let rules = Rules::default();
        assert_eq!(rules.grade(9000), "优秀");
        assert_eq!(rules.grade(8999), "良好");
        assert_eq!(rules.grade(5999), "不合格");
    }
}
