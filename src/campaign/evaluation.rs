//! 民主评议 (democratic evaluation): per period, the evaluator groups, the rotating roster,
//! per-office tallies and scores, rankings with exemptions, and every opinion with its
//! response.
//!
//! The "五制" and "三全" of the campaign notice become rules here, with their thresholds from
//! site.yaml's `evaluation:` section:
//! - 全员制: every office that existed during the period has a tally (error otherwise);
//! - 轮换制: at least `rotation_share` of the roster is new compared with the previous period;
//! - 免排制: an office rated 优秀 (score ≥ `excellent_from`) is shown apart, unranked, in the
//!   next period; being unranked there, it returns to the ranking the period after;
//! - 诫勉制: a ranked office scoring under `lagging_below` is marked 后进（诫勉）;
//! - 三全: every opinion is published; one without a response (or answered after the as-of
//!   date) shows as awaiting a response and is counted per office.
//!
//! A score is the weighted mean of the answers (满意/基本满意/不满意 weighted by
//! `weights`), in hundredths, rounded half up. Offices with fewer than `min_evaluators`
//! answers are listed but not ranked. Ranks are competition ranks (1, 2, 2, 4): by score,
//! highest first, ties sharing a rank and listed by office id.

use std::collections::BTreeSet;
use std::ops::RangeInclusive;
use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;
use tera::Context;

use crate::campaign::Known;
use crate::campaign::charts::{self, Bar, Chart, Lines, Series};
use crate::diagnostics::Diagnostic;
use crate::model::Disclosure;
use crate::model::Office;
use crate::pages::{chinese_date, common, office_href};
use crate::privacy::{Pass, Place};
use crate::source::SourceFile;
use crate::validate::{check_reference, error};
use crate::view::{PublicOffice, PublicView};
use crate::yaml::{Fields, Located, Pos};

/// How much each answer counts, out of 100.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnswerWeights {
    /// 满意.
    pub satisfied: i64,
    /// 基本满意.
    pub basic: i64,
    /// 不满意.
    pub unsatisfied: i64,
}

/// The `evaluation:` rules of site.yaml; the defaults apply to keys left out.
#[derive(Debug, Clone)]
pub struct Rules {
    /// `weights`: the worth of each answer (default 满意 100, 基本满意 60, 不满意 0).
    pub weights: AnswerWeights,
    /// `min_evaluators`: answers an office needs to be ranked (default 30).
    pub min_evaluators: i64,
    /// `lagging_below`: a ranked score under this line is 后进（诫勉）, in hundredths
    /// (default 70).
    pub lagging_below: i64,
    /// `excellent_from`: a ranked score from this line on is 优秀 and exempt next period, in
    /// hundredths (default 90).
    pub excellent_from: i64,
    /// `rotation_share`: the part of the roster that must be new each period (default 0.3).
    pub rotation_share: f64,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            weights: AnswerWeights {
                satisfied: 100,
                basic: 60,
                unsatisfied: 0,
            },
            min_evaluators: 30,
            lagging_below: 7000,
            excellent_from: 9000,
            rotation_share: 0.3,
        }
    }
}

/// The keys of site.yaml's `evaluation:` section.
pub const RULE_FIELDS: &[&str] = &[
    "weights",
    "min_evaluators",
    "lagging_below",
    "excellent_from",
    "rotation_share",
];

/// The three answers, as written in `weights:` and in each tally.
pub const ANSWER_FIELDS: &[&str] = &["satisfied", "basic", "unsatisfied"];

/// Reads site.yaml's `evaluation:` section, checking every value's range.
pub(crate) fn read_rules(site: &Fields) -> Rules {
    let defaults = Rules::default();
    let Some(f) = site.group("evaluation", "the evaluation rules") else {
        return defaults;
    };
    f.reject_unknown(RULE_FIELDS);
    let weights = match f.group("weights", "the answer weights") {
        Some(w) => {
            w.reject_unknown(ANSWER_FIELDS);
            let weight =
                |key: &str, default: i64| bounded_integer(&w, key, 0, 100).unwrap_or(default);
            AnswerWeights {
                satisfied: weight("satisfied", defaults.weights.satisfied),
                basic: weight("basic", defaults.weights.basic),
                unsatisfied: weight("unsatisfied", defaults.weights.unsatisfied),
            }
        }
        None => defaults.weights,
    };
    let line = |key: &str, default: i64| {
        bounded_number(&f, key, 0.0..=100.0, "a score line is between 0 and 100")
            .map_or(default, |v| (v * 100.0).round() as i64)
    };
    let rules = Rules {
        weights,
        min_evaluators: bounded_integer(&f, "min_evaluators", 1, i64::MAX)
            .unwrap_or(defaults.min_evaluators),
        lagging_below: line("lagging_below", defaults.lagging_below),
        excellent_from: line("excellent_from", defaults.excellent_from),
        rotation_share: bounded_number(
            &f,
            "rotation_share",
            0.0..=1.0,
            "write a share between 0 and 1, such as 0.3 for 30%",
        )
        .unwrap_or(defaults.rotation_share),
    };
    if rules.lagging_below > rules.excellent_from {
        f.error(
            "lagging_below",
            format!(
                "`lagging_below` ({}) is above `excellent_from` ({}): the 后进 line must not be above the 优秀 line",
                hundredths(rules.lagging_below),
                hundredths(rules.excellent_from)
            ),
        );
    }
    rules
}

/// An optional whole number within `min..=max`, reported at its value otherwise.
fn bounded_integer(f: &Fields, key: &str, min: i64, max: i64) -> Option<i64> {
    if !f.has(key) {
        return None;
    }
    let n = f.integer(key)?;
    if (min..=max).contains(&n) {
        Some(n)
    } else if max == i64::MAX {
        f.error(key, format!("`{key}` is {n}: it must be at least {min}"));
        None
    } else {
        f.error(
            key,
            format!("`{key}` is {n}: it must be between {min} and {max}"),
        );
        None
    }
}

/// An optional number within `range`, reported at its value otherwise; `expected` says what
/// the value must be.
fn bounded_number(
    f: &Fields,
    key: &str,
    range: RangeInclusive<f64>,
    expected: &str,
) -> Option<f64> {
    let v = f.opt_number(key)?;
    if range.contains(&v) {
        Some(v)
    } else {
        f.error(key, format!("`{key}` is {v}: {expected}"));
        None
    }
}

/// One evaluator group (人大代表, 政协委员, 服务对象, …) and how many took part.
#[derive(Debug, Clone)]
pub struct Group {
    /// The group's name.
    pub name: String,
    /// How many evaluators it had.
    pub size: i64,
}

/// One office's answers in a period.
#[derive(Debug, Clone)]
pub struct Tally {
    /// The office.
    pub office: Located<String>,
    /// 满意.
    pub satisfied: i64,
    /// 基本满意.
    pub basic: i64,
    /// 不满意.
    pub unsatisfied: i64,
}

impl Tally {
    /// How many answers the office received.
    pub fn answers(&self) -> i64 {
        self.satisfied + self.basic + self.unsatisfied
    }

    /// The weighted mean of the answers in hundredths, rounded half up; `None` without
    /// answers.
    pub fn score(&self, w: &AnswerWeights) -> Option<i64> {
        let n = self.answers();
        let sum =
            self.satisfied * w.satisfied + self.basic * w.basic + self.unsatisfied * w.unsatisfied;
        (n > 0).then(|| (200 * sum + n) / (2 * n))
    }
}

/// An opinion received in a period, with the office's response (三全: all are published).
/// The sender is never recorded.
#[derive(Debug, Clone)]
pub struct PeriodOpinion {
    /// The office it concerns.
    pub office: Located<String>,
    /// What was said.
    pub text: String,
    /// The office's response, if given.
    pub response: Option<String>,
    /// The day of the response.
    pub responded_on: Option<NaiveDate>,
}

impl PeriodOpinion {
    /// Whether the public could read a response on `date`.
    pub fn answered_by(&self, date: NaiveDate) -> bool {
        self.response.is_some() && self.responded_on.is_some_and(|d| d <= date)
    }
}

/// One record of `content/evaluations/`: a democratic evaluation period.
#[derive(Debug, Clone)]
pub struct EvaluationPeriod {
    /// Id, used in its URL (2026-Q2).
    pub id: Located<String>,
    /// Its title (2026年第二季度民主评议).
    pub title: String,
    /// First day of the period evaluated.
    pub start: NaiveDate,
    /// Last day of the period evaluated.
    pub end: NaiveDate,
    /// The day of the evaluation meeting: the period is published from this day.
    pub held: NaiveDate,
    /// How the evaluation was done.
    pub method: String,
    /// The evaluator groups.
    pub groups: Vec<Group>,
    /// The representatives (public roles only), for the rotation check.
    pub roster: Vec<Located<String>>,
    /// Where `roster` is written.
    pub roster_at: Pos,
    /// The answers per office.
    pub tallies: Vec<Tally>,
    /// Where `tallies` is written.
    pub tallies_at: Pos,
    /// The opinions received, with responses.
    pub opinions: Vec<PeriodOpinion>,
    /// The record file.
    pub file: Arc<SourceFile>,
    /// Review and visibility (先审后发, withdrawal).
    pub disclosure: Disclosure,
}

impl EvaluationPeriod {
    /// How many evaluators took part, over all groups.
    pub fn evaluators(&self) -> i64 {
        self.groups.iter().map(|g| g.size).sum()
    }

    /// The office's tally, if it has one.
    pub fn tally(&self, office: &str) -> Option<&Tally> {
        self.tallies.iter().find(|t| t.office.value == office)
    }
}

/// The fields of an evaluation period file.
pub const PERIOD_FIELDS: &[&str] = &[
    "id",
    "title",
    "start",
    "end",
    "held",
    "method",
    "groups",
    "roster",
    "tallies",
    "opinions",
    "draft",
    "approved_by",
    "approved_on",
    "withdrawn_on",
    "withdrawn_reason",
    "display_until",
];

/// Reads every file of `content/evaluations/`, in period order (by start, then id).
pub(crate) fn load(root: &Path) -> (Vec<EvaluationPeriod>, Vec<Diagnostic>) {
    let (mut periods, problems) = crate::load::read_yaml_folder(
        root,
        "content/evaluations",
        "an evaluation period",
        read_period,
    );
    periods.sort_by(|a: &EvaluationPeriod, b| (a.start, &a.id.value).cmp(&(b.start, &b.id.value)));
    (periods, problems)
}

fn read_period(f: &Fields, file: &Arc<SourceFile>) -> Option<EvaluationPeriod> {
    f.reject_unknown(PERIOD_FIELDS);
    let disclosure = crate::load::read_disclosure(f);
    let groups: Vec<Group> = f
        .groups("groups", "an evaluator group")
        .iter()
        .filter_map(read_group)
        .collect();
    if !f.has("groups") {
        f.error(
            "groups",
            "missing field `groups` in an evaluation period: list the evaluator groups (name, size)",
        );
    }
    let roster = read_roster(f);
    let tallies = read_tallies(f, groups.iter().map(|g| g.size).sum());
    let opinions = f
        .groups("opinions", "an opinion")
        .iter()
        .filter_map(read_opinion)
        .collect();
    let period = EvaluationPeriod {
        id: f.id("id")?,
        title: f.text("title")?,
        start: f.date("start")?,
        end: f.date("end")?,
        held: f.date("held")?,
        method: f.text("method")?,
        groups,
        roster,
        roster_at: f.pos_of("roster"),
        tallies,
        tallies_at: f.pos_of("tallies"),
        opinions,
        file: Arc::clone(file),
        disclosure,
    };
    if period.end < period.start {
        f.error(
            "end",
            format!(
                "the period ends ({}) before it starts ({})",
                period.end, period.start
            ),
        );
    }
    if period.held < period.start {
        f.error(
            "held",
            format!(
                "the evaluation is held ({}) before the period starts ({})",
                period.held, period.start
            ),
        );
    }
    Some(period)
}

fn read_group(g: &Fields) -> Option<Group> {
    g.reject_unknown(&["name", "size"]);
    let name = g.text("name")?;
    let size = g.integer("size")?;
    if size < 1 {
        g.error(
            "size",
            format!("`size` is {size}: a group has at least one evaluator"),
        );
        return None;
    }
    Some(Group { name, size })
}

fn read_roster(f: &Fields) -> Vec<Located<String>> {
    let roster = f.text_list("roster");
    if roster.is_empty() {
        f.error(
            "roster",
            "the period needs its `roster`: one line per representative (a public role or a code, such as `人大代表 王某某`), for the rotation check",
        );
    }
    let mut seen = BTreeSet::new();
    for member in &roster {
        if !seen.insert(member.value.as_str()) {
            f.error_at(
                member.at,
                format!("`{}` is listed twice in the roster", member.value),
            );
        }
    }
    roster
}

fn read_tallies(f: &Fields, evaluators: i64) -> Vec<Tally> {
    let mut tallies: Vec<Tally> = Vec::new();
    for t in f.groups("tallies", "an office's tally") {
        t.reject_unknown(&["office", "satisfied", "basic", "unsatisfied"]);
        let count = |key: &str| {
            let n = t.integer(key)?;
            if n < 0 {
                t.error(key, format!("`{key}` is {n}: a count cannot be negative"));
                return None;
            }
            Some(n)
        };
        let (Some(office), Some(satisfied), Some(basic), Some(unsatisfied)) = (
            t.located_text("office"),
            count("satisfied"),
            count("basic"),
            count("unsatisfied"),
        ) else {
            continue;
        };
        let tally = Tally {
            office,
            satisfied,
            basic,
            unsatisfied,
        };
        if tally.answers() > evaluators {
            t.error(
                "satisfied",
                format!(
                    "`{}` received {} answers, more than the {evaluators} evaluators of the groups",
                    tally.office.value,
                    tally.answers()
                ),
            );
        }
        if tallies.iter().any(|o| o.office.value == tally.office.value) {
            t.error_at(
                tally.office.at,
                format!(
                    "office `{}` has two tallies in this period",
                    tally.office.value
                ),
            );
            continue;
        }
        tallies.push(tally);
    }
    if !f.has("tallies") {
        f.error(
            "tallies",
            "missing field `tallies` in an evaluation period: one entry per office (office, satisfied, basic, unsatisfied)",
        );
    }
    tallies
}

fn read_opinion(o: &Fields) -> Option<PeriodOpinion> {
    o.reject_unknown(&["office", "text", "response", "responded_on"]);
    let opinion = PeriodOpinion {
        office: o.located_text("office")?,
        text: o.text("text")?,
        response: o.opt_text("response"),
        responded_on: o.opt_date("responded_on"),
    };
    match (&opinion.response, opinion.responded_on) {
        (Some(_), None) => o.error(
            "response",
            "a `response` needs `responded_on`, the day the office responded",
        ),
        (None, Some(_)) => o.error(
            "responded_on",
            "`responded_on` needs the `response` itself: every response is published",
        ),
        _ => {}
    }
    Some(opinion)
}

/// Whether an office existed at some time during `start..=end` (set up by the end, not
/// dissolved by the start).
pub(crate) fn exists_during(office: &Office, start: NaiveDate, end: NaiveDate) -> bool {
    office.established.is_none_or(|e| e <= end) && office.dissolved.is_none_or(|d| d > start)
}

/// The offices that must take part in a span of time (全员制), in id order.
pub(crate) fn offices_during<'k>(
    known: &'k Known,
    start: NaiveDate,
    end: NaiveDate,
) -> impl Iterator<Item = &'k Office> {
    known
        .offices
        .iter()
        .filter(move |o| exists_during(o, start, end))
}

/// Checks the periods against site.yaml's rules and the offices.
pub(crate) fn validate(
    known: &Known,
    records: &[EvaluationPeriod],
    problems: &mut Vec<Diagnostic>,
) {
    let rules = &known.site.rules.evaluation;
    let office_ids: Vec<&str> = known.offices.iter().map(|o| o.id.value.as_str()).collect();
    let mut ids = BTreeSet::new();
    for (i, period) in records.iter().enumerate() {
        if !ids.insert(period.id.value.as_str()) {
            problems.push(error(
                &period.file,
                period.id.at,
                format!("duplicate evaluation period id `{}`", period.id.value),
            ));
        }
        for tally in &period.tallies {
            check_reference(&tally.office, "office", &office_ids, &period.file, problems);
            check_tally(known, rules, period, tally, problems);
        }
        for opinion in &period.opinions {
            check_reference(
                &opinion.office,
                "office",
                &office_ids,
                &period.file,
                problems,
            );
        }
        check_every_office_takes_part(known, period, problems);
        if let Some(previous) = i.checked_sub(1).map(|p| &records[p]) {
            check_rotation(rules, previous, period, problems);
        }
    }
}

/// An office that did not exist during the period cannot be evaluated in it; one with too few
/// answers is listed but not ranked (a warning, so the clerk knows).
fn check_tally(
    known: &Known,
    rules: &Rules,
    period: &EvaluationPeriod,
    tally: &Tally,
    problems: &mut Vec<Diagnostic>,
) {
    if let Some(office) = known.office(&tally.office.value) {
        if !exists_during(office, period.start, period.end) {
            problems.push(error(
                &period.file,
                tally.office.at,
                format!(
                    "office `{}` did not exist during this period ({} to {}): remove its tally",
                    tally.office.value, period.start, period.end
                ),
            ));
        }
    }
    if tally.answers() < rules.min_evaluators {
        let at = tally.office.at;
        problems.push(
            Diagnostic::warning(
                &period.file.path,
                at.line,
                at.column,
                format!(
                    "office `{}` has {} answers, fewer than site.yaml's `min_evaluators` ({}): it is listed but not ranked",
                    tally.office.value,
                    tally.answers(),
                    rules.min_evaluators
                ),
            )
            .with_width(at.width)
            .with_source(&period.file.text),
        );
    }
}

/// 全员制: every office that existed during the period has a tally.
fn check_every_office_takes_part(
    known: &Known,
    period: &EvaluationPeriod,
    problems: &mut Vec<Diagnostic>,
) {
    for office in offices_during(known, period.start, period.end) {
        if period.tally(&office.id.value).is_none() {
            problems.push(error(
                &period.file,
                period.tallies_at,
                format!(
                    "全员制: office `{}` ({}) existed during this period ({} to {}) but has no tally: add its satisfied/basic/unsatisfied counts",
                    office.id.value, office.name, period.start, period.end
                ),
            ));
        }
    }
}

/// 轮换制: enough of the roster is new compared with the previous period.
fn check_rotation(
    rules: &Rules,
    previous: &EvaluationPeriod,
    period: &EvaluationPeriod,
    problems: &mut Vec<Diagnostic>,
) {
    let (new, total) = rotation(previous, period);
    if total == 0 || new as f64 >= rules.rotation_share * total as f64 - 1e-9 {
        return;
    }
    problems.push(error(
        &period.file,
        period.roster_at,
        format!(
            "轮换制: only {new} of the {total} representatives ({:.1}%) are new compared with period `{}`; site.yaml's `rotation_share` asks for at least {:.1}%",
            new as f64 * 100.0 / total as f64,
            previous.id.value,
            rules.rotation_share * 100.0
        ),
    ));
}

/// How many of the period's representatives were not on the previous period's roster, and
/// how many there are.
pub fn rotation(previous: &EvaluationPeriod, period: &EvaluationPeriod) -> (usize, usize) {
    let before: BTreeSet<&str> = previous.roster.iter().map(|m| m.value.as_str()).collect();
    let new = period
        .roster
        .iter()
        .filter(|m| !before.contains(m.value.as_str()))
        .count();
    (new, period.roster.len())
}

/// Censors and masks every published text of the periods.
pub(crate) fn protect(records: &mut [EvaluationPeriod], pass: &mut Pass) {
    for period in records {
        let file = Arc::clone(&period.file);
        let id = period.id.clone();
        let place = Place::record(&id, format!("evaluation period {}", id.value), &file);
        pass.text(&place, "title", &mut period.title);
        pass.text(&place, "method", &mut period.method);
        crate::privacy::disclosure(pass, &place, &mut period.disclosure);
        for group in &mut period.groups {
            pass.text(&place, "groups", &mut group.name);
        }
        for member in &mut period.roster {
            pass.text(&place, "roster", &mut member.value);
        }
        for opinion in &mut period.opinions {
            pass.text(&place, "opinions", &mut opinion.text);
            if let Some(response) = &mut opinion.response {
                pass.text(&place, "opinions", response);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// The outcome of a period: scores, ranks, exemptions, marks
// ---------------------------------------------------------------------------------------

/// Where an office stands in a period's ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Ranked, with its competition rank.
    Ranked(usize),
    /// 免排: rated 优秀 in the previous period, scored but not ranked.
    Exempt,
    /// Fewer answers than `min_evaluators`: listed, not ranked.
    TooFew,
}

/// One office's result in a period.
#[derive(Debug, Clone)]
pub struct OfficeResult<'p> {
    /// The office's tally.
    pub tally: &'p Tally,
    /// The score in hundredths (`None` without answers).
    pub score: Option<i64>,
    /// Its place in the ranking.
    pub standing: Standing,
    /// Rated 优秀: exempt from the next period's ranking.
    pub excellent: bool,
    /// 后进: admonished (诫勉).
    pub lagging: bool,
}

/// A period with its results: ranked offices in rank order, then the exempt ones, then those
/// with too few answers (each by score, then id).
#[derive(Debug, Clone)]
pub struct Outcome<'p> {
    /// The period.
    pub period: &'p EvaluationPeriod,
    /// The period before it, whose 优秀 offices are exempt in this one.
    pub previous: Option<&'p EvaluationPeriod>,
    /// Every office's result.
    pub results: Vec<OfficeResult<'p>>,
}

/// Every period's results, ranked once per view: each of a province's 1,000 office pages
/// shows its own row and trend, and ranking every office again for each of them made the
/// build quadratic. Kept as indices into the periods' tallies, so that the view can own it.
#[derive(Debug, Default)]
pub struct Rankings(Vec<Vec<Ranked>>);

/// One office's result in [`Rankings`]: an [`OfficeResult`] with its tally's index.
#[derive(Debug, Clone, Copy)]
struct Ranked {
    tally: usize,
    score: Option<i64>,
    standing: Standing,
    excellent: bool,
    lagging: bool,
}

impl Rankings {
    /// Ranks every period, in order.
    pub fn of(rules: &Rules, periods: &[EvaluationPeriod]) -> Rankings {
        let ranked = outcomes(rules, periods)
            .iter()
            .map(|o| {
                o.results
                    .iter()
                    .filter_map(|r| {
                        let tally = o
                            .period
                            .tallies
                            .iter()
                            .position(|t| std::ptr::eq(t, r.tally))?;
                        Some(Ranked {
                            tally,
                            score: r.score,
                            standing: r.standing,
                            excellent: r.excellent,
                            lagging: r.lagging,
                        })
                    })
                    .collect()
            })
            .collect();
        Rankings(ranked)
    }

    /// The outcomes, borrowing from the periods they were ranked from (the same as
    /// [`outcomes`] of them).
    pub fn outcomes<'p>(&self, periods: &'p [EvaluationPeriod]) -> Vec<Outcome<'p>> {
        periods
            .iter()
            .zip(&self.0)
            .enumerate()
            .map(|(i, (period, ranked))| Outcome {
                period,
                previous: i.checked_sub(1).and_then(|p| periods.get(p)),
                results: ranked
                    .iter()
                    .filter_map(|r| {
                        Some(OfficeResult {
                            tally: period.tallies.get(r.tally)?,
                            score: r.score,
                            standing: r.standing,
                            excellent: r.excellent,
                            lagging: r.lagging,
                        })
                    })
                    .collect(),
            })
            .collect()
    }
}

/// The outcome of every period in order: each period's exemptions follow from the one
/// before.
pub fn outcomes<'p>(rules: &Rules, periods: &'p [EvaluationPeriod]) -> Vec<Outcome<'p>> {
    let mut all: Vec<Outcome<'p>> = Vec::with_capacity(periods.len());
    for (i, period) in periods.iter().enumerate() {
        let previous = all.last();
        let exempt: BTreeSet<&str> = previous
            .map(|p| {
                p.results
                    .iter()
                    .filter(|r| r.excellent)
                    .map(|r| r.tally.office.value.as_str())
                    .collect()
            })
            .unwrap_or_default();
        let outcome = Outcome {
            period,
            previous: i.checked_sub(1).map(|p| &periods[p]),
            results: results(rules, period, &exempt),
        };
        all.push(outcome);
    }
    all
}

fn results<'p>(
    rules: &Rules,
    period: &'p EvaluationPeriod,
    exempt: &BTreeSet<&str>,
) -> Vec<OfficeResult<'p>> {
    let mut results: Vec<OfficeResult<'p>> = period
        .tallies
        .iter()
        .map(|tally| {
            let standing = if exempt.contains(tally.office.value.as_str()) {
                Standing::Exempt
            } else if tally.answers() < rules.min_evaluators {
                Standing::TooFew
            } else {
                Standing::Ranked(0)
            };
            OfficeResult {
                tally,
                score: tally.score(&rules.weights),
                standing,
                excellent: false,
                lagging: false,
            }
        })
        .collect();
    let group = |s: Standing| match s {
        Standing::Ranked(_) => 0,
        Standing::Exempt => 1,
        Standing::TooFew => 2,
    };
    results.sort_by(|a, b| {
        (group(a.standing), b.score, &a.tally.office.value).cmp(&(
            group(b.standing),
            a.score,
            &b.tally.office.value,
        ))
    });
    let ranked_scores: Vec<Option<i64>> = results
        .iter()
        .filter(|r| r.standing == Standing::Ranked(0))
        .map(|r| r.score)
        .collect();
    for (i, r) in results.iter_mut().enumerate() {
        if r.standing == Standing::Ranked(0) {
            let rank = 1 + ranked_scores[..i].iter().filter(|s| **s > r.score).count();
            r.standing = Standing::Ranked(rank);
            let score = r.score.unwrap_or(0);
            r.excellent = score >= rules.excellent_from;
            r.lagging = score < rules.lagging_below;
        }
    }
    results
}

/// `8750` → `87.50`.
pub fn hundredths(v: i64) -> String {
    format!("{}.{:02}", v / 100, v % 100)
}

fn score_text(score: Option<i64>) -> String {
    score.map_or_else(|| "—".to_string(), hundredths)
}

impl Standing {
    /// How the ranking shows it: 第 2 名, 免排, 不足 30 人，不排名.
    fn text(self, rules: &Rules) -> String {
        match self {
            Standing::Ranked(rank) => format!("第 {rank} 名"),
            Standing::Exempt => "免排".to_string(),
            Standing::TooFew => format!("不足 {} 人，不排名", rules.min_evaluators),
        }
    }
}

impl OfficeResult<'_> {
    /// 优秀 or 后进（诫勉）, or nothing.
    fn mark(&self) -> &'static str {
        if self.excellent {
            "优秀"
        } else if self.lagging {
            "后进（诫勉）"
        } else {
            ""
        }
    }
}

// ---------------------------------------------------------------------------------------
// Pages
// ---------------------------------------------------------------------------------------

/// A page of this section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvaluationPage {
    /// The section's index: the periods, the score trend, how to read.
    Index,
    /// One period (index into the view's periods in force).
    Period(usize),
    /// A withdrawn period's notice (index into [`withdrawn`]).
    Withdrawn(usize),
}

/// The section, for withdrawn periods' notices.
const SECTION: super::Section = super::Section {
    nav: "evaluation",
    name: "民主评议",
    href: "evaluations/",
};

/// The periods withdrawn by the as-of date (held by then): each keeps its page as a notice,
/// and none counts for the next period's exemptions (免排) or any ranking.
fn withdrawn(view: &PublicView) -> Vec<super::WithdrawnNote> {
    view.campaign_withdrawn
        .evaluations
        .iter()
        .filter(|p| p.held <= view.as_of)
        .map(|p| {
            super::WithdrawnNote::of(p, (&p.id.value, p.title.clone()), SECTION, period_href(p))
        })
        .collect()
}

/// The periods published on the as-of date: those whose meeting was held by then.
fn published<'v>(view: &'v PublicView) -> impl Iterator<Item = (usize, &'v EvaluationPeriod)> {
    view.campaign
        .evaluations
        .iter()
        .enumerate()
        .filter(move |(_, p)| p.held <= view.as_of)
}

fn period_href(period: &EvaluationPeriod) -> String {
    format!("evaluations/{}/", period.id.value)
}

impl EvaluationPage {
    /// Every page of the section: the index and each published period.
    pub fn plan(view: &PublicView) -> Vec<EvaluationPage> {
        let mut pages = vec![EvaluationPage::Index];
        pages.extend(published(view).map(|(i, _)| EvaluationPage::Period(i)));
        pages.extend((0..withdrawn(view).len()).map(EvaluationPage::Withdrawn));
        pages
    }

    /// The output path below the site root.
    pub fn path(self, view: &PublicView) -> String {
        match self {
            EvaluationPage::Index => "evaluations/index.html".to_string(),
            EvaluationPage::Period(i) => {
                format!("{}index.html", period_href(&view.campaign.evaluations[i]))
            }
            EvaluationPage::Withdrawn(i) => format!("{}index.html", withdrawn(view)[i].href),
        }
    }

    /// The template that renders it.
    pub fn template(self) -> &'static str {
        match self {
            EvaluationPage::Index => "evaluations.html",
            EvaluationPage::Period(_) => "evaluation_period.html",
            EvaluationPage::Withdrawn(_) => super::WITHDRAWN_TEMPLATE,
        }
    }

    /// The page's values.
    pub fn context(self, view: &PublicView, ctx: &mut Context) {
        if let EvaluationPage::Withdrawn(i) = self {
            if let Some(note) = withdrawn(view).get(i) {
                super::withdrawn_page(note, ctx);
            }
            return;
        }
        let rules = &view.records.site.rules.evaluation;
        let periods = &view.campaign.evaluations;
        let all = outcomes(rules, periods);
        ctx.insert("rules", &rules_info(rules));
        match self {
            EvaluationPage::Index => index(view, &all, ctx),
            EvaluationPage::Period(i) => period_page(view, &all[i], ctx),
            EvaluationPage::Withdrawn(_) => {}
        }
    }
}

#[derive(Serialize)]
struct RulesInfo {
    satisfied: i64,
    basic: i64,
    unsatisfied: i64,
    min_evaluators: i64,
    lagging_below: String,
    excellent_from: String,
    rotation_percent: String,
}

fn rules_info(rules: &Rules) -> RulesInfo {
    RulesInfo {
        satisfied: rules.weights.satisfied,
        basic: rules.weights.basic,
        unsatisfied: rules.weights.unsatisfied,
        min_evaluators: rules.min_evaluators,
        lagging_below: hundredths(rules.lagging_below),
        excellent_from: hundredths(rules.excellent_from),
        rotation_percent: format!("{:.0}%", rules.rotation_share * 100.0),
    }
}

#[derive(Serialize)]
struct PeriodRow<'a> {
    id: &'a str,
    title: &'a str,
    href: String,
    start: String,
    end: String,
    held: String,
    evaluators: i64,
    offices: usize,
    opinions: usize,
    answered: usize,
    draft: bool,
}

fn period_row<'a>(view: &PublicView, outcome: &Outcome<'a>) -> PeriodRow<'a> {
    let p = outcome.period;
    PeriodRow {
        id: &p.id.value,
        title: &p.title,
        href: period_href(p),
        start: p.start.to_string(),
        end: p.end.to_string(),
        held: p.held.to_string(),
        evaluators: p.evaluators(),
        offices: p.tallies.len(),
        opinions: p.opinions.len(),
        answered: p
            .opinions
            .iter()
            .filter(|o| o.answered_by(view.as_of))
            .count(),
        draft: super::is_draft(view, p),
    }
}

#[derive(Serialize)]
struct TrendRow<'a> {
    name: &'a str,
    href: String,
    scores: Vec<String>,
}

fn index(view: &PublicView, all: &[Outcome], ctx: &mut Context) {
    common(ctx, "evaluation", "民主评议");
    let shown: Vec<&Outcome> = published(view).map(|(i, _)| &all[i]).collect();
    super::withdrawn_notes(&withdrawn(view), ctx);
    ctx.insert(
        "periods",
        &shown
            .iter()
            .map(|o| period_row(view, o))
            .collect::<Vec<_>>(),
    );
    ctx.insert("period_titles", &period_labels(&shown));
    let rows: Vec<TrendRow> = view
        .offices
        .iter()
        .filter(|o| {
            shown
                .iter()
                .any(|p| p.period.tally(&o.office.id.value).is_some())
        })
        .map(|o| TrendRow {
            name: &o.office.name,
            href: office_href(o),
            scores: shown
                .iter()
                .map(|p| score_text(office_score(p, &o.office.id.value)))
                .collect(),
        })
        .collect();
    ctx.insert("trend_rows", &rows);
    if !shown.is_empty() {
        ctx.insert("trend_chart", &trend_chart(&shown));
    }
}

fn period_labels(shown: &[&Outcome]) -> Vec<String> {
    shown.iter().map(|o| o.period.id.value.clone()).collect()
}

fn office_score(outcome: &Outcome, office: &str) -> Option<i64> {
    outcome
        .results
        .iter()
        .find(|r| r.tally.office.value == office)
        .and_then(|r| r.score)
}

/// The mean, highest and lowest score of each period.
fn trend_chart(shown: &[&Outcome]) -> Chart {
    let scores = |o: &Outcome| -> Vec<i64> { o.results.iter().filter_map(|r| r.score).collect() };
    let mean =
        |s: &[i64]| (!s.is_empty()).then(|| s.iter().sum::<i64>() as f64 / s.len() as f64 / 100.0);
    let series = |name: &str, f: &dyn Fn(&[i64]) -> Option<f64>| Series {
        name: name.to_string(),
        values: shown.iter().map(|o| f(&scores(o))).collect(),
    };
    let all = [
        series("最高分", &|s| s.iter().max().map(|v| *v as f64 / 100.0)),
        series("各科室平均分", &mean),
        series("最低分", &|s| s.iter().min().map(|v| *v as f64 / 100.0)),
    ];
    let labels = period_labels(shown);
    let y_range = charts::score_range(all.iter().flat_map(|s| s.values.iter().flatten().copied()));
    let means = &all[1].values;
    let summary = match (
        means.first().copied().flatten(),
        means.last().copied().flatten(),
    ) {
        (Some(first), Some(last)) if shown.len() > 1 => format!(
            "各科室平均得分从{}的 {first:.2} 分{}到{}的 {last:.2} 分。",
            labels[0],
            if last >= first { "上升" } else { "下降" },
            labels[labels.len() - 1]
        ),
        (Some(first), _) => format!("{}各科室平均得分 {first:.2} 分。", labels[0]),
        _ => "暂无评议得分。".to_string(),
    };
    charts::line_chart(
        "chart-trend",
        "各期民主评议得分走势（最高、平均、最低）",
        summary,
        &Lines {
            x_heading: "评议期次",
            x_labels: &labels,
            series: &all,
            y_range,
            decimals: 2,
        },
    )
}

#[derive(Serialize)]
struct PeriodInfo<'a> {
    id: &'a str,
    title: &'a str,
    start: String,
    end: String,
    held: String,
    held_cn: String,
    method: &'a str,
    evaluators: i64,
    roster_size: usize,
    rotation: Option<RotationInfo<'a>>,
}

#[derive(Serialize)]
struct RotationInfo<'a> {
    previous: &'a str,
    previous_href: String,
    new: usize,
    percent: String,
}

#[derive(Serialize)]
struct GroupRow<'a> {
    name: &'a str,
    size: i64,
}

#[derive(Serialize)]
struct ResultRow<'a> {
    office_id: &'a str,
    name: &'a str,
    href: String,
    standing: String,
    ranked: bool,
    satisfied: i64,
    basic: i64,
    unsatisfied: i64,
    answers: i64,
    score: String,
    mark: &'static str,
    mark_class: &'static str,
}

#[derive(Serialize)]
struct OpinionRow<'a> {
    text: &'a str,
    response: &'a str,
    responded_on: String,
}

#[derive(Serialize)]
struct OfficeOpinions<'a> {
    office_id: &'a str,
    name: &'a str,
    href: String,
    count: usize,
    answered: usize,
    opinions: Vec<OpinionRow<'a>>,
}

fn public_office<'v>(view: &'v PublicView, id: &str) -> Option<&'v PublicOffice<'v>> {
    view.offices.iter().find(|o| o.office.id.value == id)
}

fn office_name<'v>(view: &'v PublicView, id: &'v str) -> &'v str {
    view.records.office(id).map_or(id, |o| o.name.as_str())
}

fn office_link(view: &PublicView, id: &str) -> String {
    public_office(view, id).map(office_href).unwrap_or_default()
}

fn period_page(view: &PublicView, outcome: &Outcome, ctx: &mut Context) {
    let p = outcome.period;
    let rules = &view.records.site.rules.evaluation;
    common(ctx, "evaluation", &p.title);
    ctx.insert("record_draft", &super::is_draft(view, p));
    ctx.insert(
        "period",
        &PeriodInfo {
            id: &p.id.value,
            title: &p.title,
            start: p.start.to_string(),
            end: p.end.to_string(),
            held: p.held.to_string(),
            held_cn: chinese_date(p.held),
            method: &p.method,
            evaluators: p.evaluators(),
            roster_size: p.roster.len(),
            rotation: outcome.previous.map(|prev| {
                let (new, total) = rotation(prev, p);
                RotationInfo {
                    previous: &prev.title,
                    previous_href: period_href(prev),
                    new,
                    percent: format!("{:.1}%", new as f64 * 100.0 / total.max(1) as f64),
                }
            }),
        },
    );
    ctx.insert(
        "groups",
        &p.groups
            .iter()
            .map(|g| GroupRow {
                name: &g.name,
                size: g.size,
            })
            .collect::<Vec<_>>(),
    );
    let rows: Vec<ResultRow> = outcome
        .results
        .iter()
        .map(|r| result_row(view, rules, r))
        .collect();
    ctx.insert("results", &rows);
    ctx.insert(
        "exempt",
        &rows
            .iter()
            .filter(|r| r.standing == "免排")
            .map(|r| r.name)
            .collect::<Vec<_>>(),
    );
    if let Some(prev) = outcome.previous {
        ctx.insert("previous_title", &prev.title);
        ctx.insert("previous_href", &period_href(prev));
    }
    let bars: Vec<Bar> = outcome
        .results
        .iter()
        .filter_map(|r| {
            let score = r.score?;
            let name = office_name(view, &r.tally.office.value);
            Some((score, r, name))
        })
        .map(|(score, r, name)| Bar {
            label: if r.standing == Standing::Exempt {
                format!("{name}（免排）")
            } else {
                name.to_string()
            },
            value: score as f64 / 100.0,
            text: hundredths(score),
        })
        .collect();
    let mut sorted = bars;
    sorted.sort_by(|a, b| b.value.total_cmp(&a.value));
    ctx.insert(
        "scores_chart",
        &charts::bar_chart(
            "chart-scores",
            &format!("{}各科室得分", p.title),
            charts::extremes_summary("得分", &sorted),
            ["科室", "得分"],
            100.0,
            &sorted,
        ),
    );
    ctx.insert("opinions", &opinions_by_office(view, p));
    ctx.insert("opinion_count", &p.opinions.len());
    ctx.insert(
        "answered_count",
        &p.opinions
            .iter()
            .filter(|o| o.answered_by(view.as_of))
            .count(),
    );
}

fn result_row<'a>(view: &'a PublicView, rules: &Rules, r: &OfficeResult<'a>) -> ResultRow<'a> {
    let id = r.tally.office.value.as_str();
    ResultRow {
        office_id: id,
        name: office_name(view, id),
        href: office_link(view, id),
        standing: r.standing.text(rules),
        ranked: matches!(r.standing, Standing::Ranked(_)),
        satisfied: r.tally.satisfied,
        basic: r.tally.basic,
        unsatisfied: r.tally.unsatisfied,
        answers: r.tally.answers(),
        score: score_text(r.score),
        mark: r.mark(),
        mark_class: if r.excellent {
            "excellent"
        } else if r.lagging {
            "lagging"
        } else {
            ""
        },
    }
}

fn opinions_by_office<'a>(
    view: &'a PublicView,
    p: &'a EvaluationPeriod,
) -> Vec<OfficeOpinions<'a>> {
    let offices: BTreeSet<&str> = p.opinions.iter().map(|o| o.office.value.as_str()).collect();
    offices
        .into_iter()
        .map(|id| {
            let opinions: Vec<OpinionRow> = p
                .opinions
                .iter()
                .filter(|o| o.office.value == id)
                .map(|o| {
                    let answered = o.answered_by(view.as_of);
                    OpinionRow {
                        text: &o.text,
                        response: if answered {
                            o.response.as_deref().unwrap_or("")
                        } else {
                            ""
                        },
                        responded_on: if answered {
                            crate::pages::date_or_empty(o.responded_on)
                        } else {
                            String::new()
                        },
                    }
                })
                .collect();
            OfficeOpinions {
                office_id: id,
                name: office_name(view, id),
                href: office_link(view, id),
                count: opinions.len(),
                answered: opinions.iter().filter(|o| !o.response.is_empty()).count(),
                opinions,
            }
        })
        .collect()
}

#[derive(Serialize)]
struct OfficeEvaluation<'a> {
    rows: Vec<OfficePeriodRow<'a>>,
    chart: Option<Chart>,
}

#[derive(Serialize)]
struct OfficePeriodRow<'a> {
    title: &'a str,
    href: String,
    score: String,
    standing: String,
    mark: &'static str,
    opinions: usize,
    answered: usize,
}

/// What this section adds to an office's page, under the key `evaluation`: its result in each
/// published period, its opinions counted, and its score against the mean over the periods.
pub(crate) fn office_context(view: &PublicView, office: &PublicOffice, ctx: &mut Context) {
    let rules = &view.records.site.rules.evaluation;
    let all = view.rankings.outcomes(&view.campaign.evaluations);
    let id = office.office.id.value.as_str();
    let shown: Vec<&Outcome> = published(view)
        .map(|(i, _)| &all[i])
        .filter(|o| o.period.tally(id).is_some())
        .collect();
    let rows: Vec<OfficePeriodRow> = shown
        .iter()
        .filter_map(|o| {
            let r = o.results.iter().find(|r| r.tally.office.value == id)?;
            let opinions: Vec<&PeriodOpinion> = o
                .period
                .opinions
                .iter()
                .filter(|x| x.office.value == id)
                .collect();
            Some(OfficePeriodRow {
                title: &o.period.title,
                href: period_href(o.period),
                score: score_text(r.score),
                standing: r.standing.text(rules),
                mark: r.mark(),
                opinions: opinions.len(),
                answered: opinions
                    .iter()
                    .filter(|x| x.answered_by(view.as_of))
                    .count(),
            })
        })
        .collect();
    let chart = (!shown.is_empty()).then(|| office_trend(&office.office.name, id, &shown));
    ctx.insert("evaluation", &OfficeEvaluation { rows, chart });
}

/// The office's score in each period against the mean of all offices.
fn office_trend(name: &str, id: &str, shown: &[&Outcome]) -> Chart {
    let own = Series {
        name: name.to_string(),
        values: shown
            .iter()
            .map(|o| office_score(o, id).map(|s| s as f64 / 100.0))
            .collect(),
    };
    let mean = Series {
        name: "各科室平均分".to_string(),
        values: shown
            .iter()
            .map(|o| {
                let s: Vec<i64> = o.results.iter().filter_map(|r| r.score).collect();
                (!s.is_empty()).then(|| s.iter().sum::<i64>() as f64 / s.len() as f64 / 100.0)
            })
            .collect(),
    };
    let labels = period_labels(shown);
    let y_range = charts::score_range(own.values.iter().chain(&mean.values).flatten().copied());
    let above = own
        .values
        .iter()
        .zip(&mean.values)
        .filter(|(o, m)| matches!((o, m), (Some(o), Some(m)) if o >= m))
        .count();
    let summary = format!(
        "{} 期评议中，{name}有 {above} 期得分不低于各科室平均分。",
        shown.len()
    );
    charts::line_chart(
        "chart-office-trend",
        &format!("{name}各期民主评议得分与平均分"),
        summary,
        &Lines {
            x_heading: "评议期次",
            x_labels: &labels,
            series: &[own, mean],
            y_range,
            decimals: 2,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rankings kept by the view give the same outcomes as ranking again: the sample
    /// site's periods, the second with 免排 from the first.
    #[test]
    fn rankings_kept_once_are_the_outcomes() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let loaded = crate::load::load(root);
        let rules = loaded.site.map(|s| s.rules.evaluation).unwrap_or_default();
        let periods = &loaded.campaign.evaluations;
        assert!(
            periods.len() >= 2,
            "the sample site has {} periods",
            periods.len()
        );
        let kept = Rankings::of(&rules, periods).outcomes(periods);
        assert_eq!(
            format!("{kept:?}"),
            format!("{:?}", outcomes(&rules, periods))
        );
    }

    fn tally(office: &str, s: i64, b: i64, u: i64) -> Tally {
        Tally {
            office: Located {
                value: office.to_string(),
                at: Pos::default(),
            },
            satisfied: s,
            basic: b,
            unsatisfied: u,
        }
    }

    #[test]
    fn score_is_the_weighted_mean_rounded_half_up() {
        let w = Rules::default().weights;
        // (30×100 + 10×60) / 40 = 90.
        assert_eq!(tally("a", 30, 10, 0).score(&w), Some(9000));
        // (1×100 + 0 + 7×0) / 8 = 12.5 exactly; (2×100 + 1×60) / 3 = 86.666… → 86.67.
        assert_eq!(tally("a", 1, 0, 7).score(&w), Some(1250));
        assert_eq!(tally("a", 2, 1, 0).score(&w), Some(8667));
        // 1×60 / 8 = 7.5 → 7.50; (1×100 + 1×60)/16 = 10.0; 100/1600 → 0.0625 → 0.06.
        assert_eq!(tally("a", 1, 0, 1599).score(&w), Some(6));
        assert_eq!(tally("a", 0, 0, 0).score(&w), None);
    }

    #[test]
    fn ties_share_a_rank_and_the_next_rank_skips() {
        let rules = Rules {
            min_evaluators: 1,
            ..Rules::default()
        };
        let t = [
            tally("a", 9, 1, 0),
            tally("b", 10, 0, 0),
            tally("c", 9, 1, 0),
            tally("d", 5, 5, 0),
        ];
        let exempt = BTreeSet::new();
        let period = EvaluationPeriod {
            id: t[0].office.clone(),
            title: String::new(),
            start: NaiveDate::MIN,
            end: NaiveDate::MIN,
            held: NaiveDate::MIN,
            method: String::new(),
            disclosure: Default::default(),
            groups: Vec::new(),
            roster: Vec::new(),
            roster_at: Pos::default(),
            tallies: t.to_vec(),
            tallies_at: Pos::default(),
            opinions: Vec::new(),
            file: Arc::new(
                SourceFile::from_bytes(Path::new("x.yaml"), b"id: x\n").expect("a file"),
            ),
        };
        let r = results(&rules, &period, &exempt);
        let ranks: Vec<(&str, Standing)> = r
            .iter()
            .map(|r| (r.tally.office.value.as_str(), r.standing))
            .collect();
        assert_eq!(
            ranks,
            vec![
                ("b", Standing::Ranked(1)),
                ("a", Standing::Ranked(2)),
                ("c", Standing::Ranked(2)),
                ("d", Standing::Ranked(4)),
            ]
        );
        let exempt = BTreeSet::from(["b"]);
        let r = results(&rules, &period, &exempt);
        assert_eq!(r[0].standing, Standing::Ranked(1));
        assert_eq!(r[3].standing, Standing::Exempt);
    }

    /// The editor's schemas name exactly the fields the readers of evaluation periods and
    /// performance years read.
    #[test]
    fn the_schema_names_the_fields_the_reader_reads() {
        let names = |record: &str, definition: Option<&str>| {
            let file = crate::schema::all()
                .into_iter()
                .find(|f| f.record == record)
                .expect("a schema");
            let schema: serde_json::Value = serde_json::from_str(&file.json).expect("JSON");
            let object = match definition {
                Some(d) => &schema["definitions"][d],
                None => &schema,
            };
            object["properties"]
                .as_object()
                .expect("properties")
                .keys()
                .cloned()
                .collect::<BTreeSet<String>>()
        };
        let fields = |list: &[&str]| list.iter().map(|f| f.to_string()).collect::<BTreeSet<_>>();
        assert_eq!(names("evaluation", None), fields(PERIOD_FIELDS));
        assert_eq!(names("site", Some("EvaluationRules")), fields(RULE_FIELDS));
        assert_eq!(names("site", Some("AnswerWeights")), fields(ANSWER_FIELDS));
        use crate::campaign::performance;
        assert_eq!(names("performance", None), fields(performance::YEAR_FIELDS));
        assert_eq!(
            names("site", Some("PerformanceRules")),
            fields(performance::RULE_FIELDS)
        );
    }
}
