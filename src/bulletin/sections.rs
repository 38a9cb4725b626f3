//! The bulletin's sections beyond the items' figures, each for the quarter and as of its last
//! day: the democratic evaluation of the period, the inspections and their findings, the
//! accountability decisions, and the 四个一 activities done and missing. Each is a heading,
//! a few sentences and a table, so the page and the Word file write them the same way.

use chrono::NaiveDate;
use serde::Serialize;

use super::quarter::Quarter;
use crate::campaign::activities;
use crate::view::PublicView;

/// One section of a bulletin.
#[derive(Debug, Clone, Serialize)]
pub struct DocSection {
    /// The heading, without its number.
    pub heading: String,
    /// The sentences that sum it up.
    pub paragraphs: Vec<String>,
    /// The table, if there is anything to list.
    pub table: Option<DocTable>,
}

/// A table of a bulletin section.
#[derive(Debug, Clone, Serialize)]
pub struct DocTable {
    /// Its caption.
    pub caption: String,
    /// Column headings.
    pub columns: Vec<&'static str>,
    /// Rows of cell texts.
    pub rows: Vec<Vec<String>>,
}

/// Every section for `quarter`, from a view of the records as of its last day.
pub fn sections(view: &PublicView, quarter: Quarter) -> Vec<DocSection> {
    vec![
        evaluation(view, quarter),
        inspections(view, quarter),
        accountability(view, quarter),
        four_ones(view, quarter),
    ]
}

fn office_name(view: &PublicView, id: &str) -> String {
    view.records
        .office(id)
        .map_or_else(|| id.to_string(), |o| o.name.clone())
}

/// 民主评议: the evaluations held in the quarter (a period is evaluated after it ends, so a
/// quarter's bulletin reports the evaluation meeting held during it), ranked as on the
/// period's page, with the opinions and how many were answered by the quarter's end.
fn evaluation(view: &PublicView, quarter: Quarter) -> DocSection {
    use crate::campaign::evaluation::{Standing, hundredths, outcomes};
    let rules = &view.records.site.rules.evaluation;
    let all = outcomes(rules, &view.campaign.evaluations);
    let held: Vec<_> = all
        .iter()
        .filter(|o| quarter.contains(o.period.held) && o.period.held <= view.as_of)
        .collect();
    let mut paragraphs = Vec::new();
    let mut rows = Vec::new();
    for outcome in &held {
        let p = outcome.period;
        let names = |keep: &dyn Fn(&crate::campaign::evaluation::OfficeResult) -> bool| {
            outcome
                .results
                .iter()
                .filter(|r| keep(r))
                .map(|r| office_name(view, &r.tally.office.value))
                .collect::<Vec<_>>()
        };
        let exempt = names(&|r| r.standing == Standing::Exempt);
        let lagging = names(&|r| r.lagging);
        let excellent = names(&|r| r.excellent);
        let answered = p
            .opinions
            .iter()
            .filter(|o| o.answered_by(view.as_of))
            .count();
        let mut line = format!(
            "{}于{}召开，评议代表{}人，参评科室{}个。",
            p.title,
            crate::pages::chinese_date(p.held),
            p.evaluators(),
            outcome.results.len()
        );
        if !excellent.is_empty() {
            line.push_str(&format!("评为优秀的：{}。", excellent.join("、")));
        }
        if !exempt.is_empty() {
            line.push_str(&format!(
                "上期评为优秀、本期免排的：{}。",
                exempt.join("、")
            ));
        }
        if !lagging.is_empty() {
            line.push_str(&format!(
                "得分低于{}分、列为后进并予诫勉的：{}。",
                hundredths(rules.lagging_below),
                lagging.join("、")
            ));
        }
        line.push_str(&format!(
            "收到评议意见{}条，已回应{}条。",
            p.opinions.len(),
            answered
        ));
        paragraphs.push(line);
        for r in &outcome.results {
            let standing = match r.standing {
                Standing::Ranked(rank) => rank.to_string(),
                Standing::Exempt => "免排".to_string(),
                Standing::TooFew => "不排名".to_string(),
            };
            let mark = if r.excellent {
                "优秀"
            } else if r.lagging {
                "后进（诫勉）"
            } else {
                ""
            };
            rows.push(vec![
                p.title.clone(),
                standing,
                office_name(view, &r.tally.office.value),
                r.tally.satisfied.to_string(),
                r.tally.basic.to_string(),
                r.tally.unsatisfied.to_string(),
                r.score.map_or_else(|| "—".to_string(), hundredths),
                mark.to_string(),
            ]);
        }
    }
    if held.is_empty() {
        paragraphs.push("本季度未召开民主评议会议。".to_string());
    }
    DocSection {
        heading: "民主评议情况".to_string(),
        paragraphs,
        table: (!rows.is_empty()).then(|| DocTable {
            caption: format!("{}召开的民主评议结果", quarter.name()),
            columns: vec![
                "评议",
                "名次",
                "科室",
                "满意",
                "基本满意",
                "不满意",
                "得分",
                "评定",
            ],
            rows,
        }),
    }
}

/// 监督检查: the inspections held in the quarter and what they found.
fn inspections(view: &PublicView, quarter: Quarter) -> DocSection {
    let held: Vec<_> = crate::campaign::inspections::published(view)
        .filter(|i| quarter.contains(i.date))
        .collect();
    let findings: usize = held.iter().map(|i| i.findings.len()).sum();
    let kinds = &view.records.site.rules.inspections.kinds;
    let by_kind: Vec<String> = kinds
        .iter()
        .map(|k| (k, held.iter().filter(|i| &i.kind.value == k).count()))
        .filter(|(_, n)| *n > 0)
        .map(|(k, n)| format!("{k}{n}次"))
        .collect();
    let summary = if held.is_empty() {
        "本季度未开展监督检查。".to_string()
    } else {
        format!(
            "本季度开展监督检查{}次（{}），发现问题{}条。",
            held.len(),
            by_kind.join("、"),
            findings
        )
    };
    let rows = held
        .iter()
        .map(|i| {
            let visited: Vec<String> = i
                .offices
                .iter()
                .map(|o| office_name(view, &o.value))
                .collect();
            vec![
                i.date.to_string(),
                i.kind.value.clone(),
                i.title.clone(),
                visited.join("、"),
                i.findings.len().to_string(),
            ]
        })
        .collect::<Vec<_>>();
    DocSection {
        heading: "监督检查情况".to_string(),
        paragraphs: vec![summary],
        table: (!rows.is_empty()).then(|| DocTable {
            caption: format!("{}监督检查", quarter.name()),
            columns: vec!["日期", "方式", "检查内容", "检查科室", "发现问题（条）"],
            rows,
        }),
    }
}

/// 问责: the accountability decisions made in the quarter.
fn accountability(view: &PublicView, quarter: Quarter) -> DocSection {
    let rules = &view.records.site.rules.accountability;
    let name = |list: &[crate::campaign::accountability::Named], id: &str| {
        list.iter()
            .find(|n| n.id == id)
            .map_or_else(|| id.to_string(), |n| n.name.clone())
    };
    let mut decided: Vec<_> = view
        .campaign
        .decisions
        .iter()
        .filter(|d| d.date <= view.as_of && quarter.contains(d.date))
        .collect();
    decided.sort_by(|a, b| (a.date, &a.id.value).cmp(&(b.date, &b.id.value)));
    let by_level: Vec<String> = rules
        .levels
        .iter()
        .map(|l| (l, decided.iter().filter(|d| d.level.value == l.id).count()))
        .filter(|(_, n)| *n > 0)
        .map(|(l, n)| format!("{}{n}人", l.name))
        .collect();
    let summary = if decided.is_empty() {
        "本季度无问责决定。".to_string()
    } else {
        format!(
            "本季度依照一次查实下岗制作出问责决定{}件：{}。",
            decided.len(),
            by_level.join("、")
        )
    };
    let rows = decided
        .iter()
        .map(|d| {
            vec![
                d.date.to_string(),
                office_name(view, &d.office.value),
                d.person.clone(),
                name(&rules.prohibitions, &d.violation.value),
                name(&rules.levels, &d.level.value),
                if d.chief_responsible { "是" } else { "否" }.to_string(),
            ]
        })
        .collect::<Vec<_>>();
    DocSection {
        heading: "问责情况".to_string(),
        paragraphs: vec![summary],
        table: (!rows.is_empty()).then(|| DocTable {
            caption: format!("{}问责决定", quarter.name()),
            columns: vec![
                "日期",
                "科室",
                "人员",
                "违反情形",
                "问责方式",
                "科长连带责任",
            ],
            rows,
        }),
    }
}

/// “四个一”: each activity's periods inside the quarter, done or missing. The bulletin of
/// this quarter is issued after it ends, so it counts in the next bulletin.
fn four_ones(view: &PublicView, quarter: Quarter) -> DocSection {
    let mut rows = Vec::new();
    let mut missing = Vec::new();
    // Due only inside the campaign: from the first phase's start to the last phase's end.
    let span = activities::campaign_span(view).map(|(start, _)| start);
    let campaign_end = view.records.site.phases.iter().map(|p| p.end).max();
    let first = span.map_or(quarter.first_day(), |s| s.max(quarter.first_day()));
    let last = campaign_end.map_or(quarter.last_day(), |e| e.min(quarter.last_day()));
    if span.is_none() || first > last {
        return DocSection {
            heading: "“四个一”活动开展情况".to_string(),
            paragraphs: vec!["本季度不在活动期内，“四个一”活动不作要求。".to_string()],
            table: None,
        };
    }
    for kind in &view.records.site.rules.activities.kinds {
        for period in activities::periods(kind.every, first, last) {
            let done: Vec<(NaiveDate, String)> =
                activities::done_in(view, kind, period.start, period.end);
            if done.is_empty() {
                missing.push(format!("{}（{}）", kind.name, period.label()));
            }
            rows.push(vec![
                kind.name.clone(),
                period.label(),
                if done.is_empty() { "缺" } else { "已完成" }.to_string(),
                done.iter()
                    .map(|(d, t)| format!("{d} {t}"))
                    .collect::<Vec<_>>()
                    .join("；"),
            ]);
        }
    }
    let summary = if missing.is_empty() {
        format!("本季度“四个一”活动应开展{}项，均已完成。", rows.len())
    } else {
        format!(
            "本季度“四个一”活动应开展{}项，完成{}项，缺{}项：{}。",
            rows.len(),
            rows.len() - missing.len(),
            missing.len(),
            missing.join("、")
        )
    };
    DocSection {
        heading: "“四个一”活动开展情况".to_string(),
        paragraphs: vec![summary],
        table: (!rows.is_empty()).then(|| DocTable {
            caption: format!("{}“四个一”活动", quarter.name()),
            columns: vec!["活动", "周期", "完成情况", "开展情况"],
            rows,
        }),
    }
}
