//! 民主评议: the sample site's rankings, exemptions, lagging marks, scores and opinion counts
//! against the same figures computed here, independently, from the period files (read with
//! serde_yaml, computed with plain test code); and one bad copy of the sample per rule, each
//! asserting the `path:line:col` and the message of its diagnostic.

#[path = "eval_support/mod.rs"]
mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_yaml::Value;
use support::*;

const Q2: &str = "content/evaluations/2026-Q2.yaml";
const Q3: &str = "content/evaluations/2026-Q3.yaml";
const SITE: &str = "content/site.yaml";

/// site.yaml's `evaluation:` section as the test reads it.
struct Rules {
    weights: [f64; 3],
    min_evaluators: u64,
    lagging_below: f64,
    excellent_from: f64,
    rotation_share: f64,
}

fn rules(root: &Path) -> Rules {
    let site = yaml(root, SITE);
    let e = &site["evaluation"];
    let w = &e["weights"];
    Rules {
        weights: [
            num(&w["satisfied"]),
            num(&w["basic"]),
            num(&w["unsatisfied"]),
        ],
        min_evaluators: e["min_evaluators"].as_u64().expect("min_evaluators"),
        lagging_below: num(&e["lagging_below"]),
        excellent_from: num(&e["excellent_from"]),
        rotation_share: num(&e["rotation_share"]),
    }
}

/// One period as the test reads it.
struct Period {
    id: String,
    title: String,
    start: String,
    held: String,
    roster: Vec<String>,
    /// (office, satisfied, basic, unsatisfied)
    tallies: Vec<(String, u64, u64, u64)>,
    /// (office, responded_on if a response is given)
    opinions: Vec<(String, Option<String>)>,
}

fn periods(root: &Path) -> Vec<Period> {
    let mut periods: Vec<Period> = std::fs::read_dir(root.join("content/evaluations"))
        .expect("evaluations folder")
        .map(|e| e.expect("entry").path())
        .map(|path| {
            let v: Value =
                serde_yaml::from_str(&std::fs::read_to_string(&path).expect("read")).expect("YAML");
            let list = |key: &str| v[key].as_sequence().cloned().unwrap_or_default();
            Period {
                id: str_of(&v["id"]),
                title: str_of(&v["title"]),
                start: str_of(&v["start"]),
                held: str_of(&v["held"]),
                roster: list("roster").iter().map(str_of).collect(),
                tallies: list("tallies")
                    .iter()
                    .map(|t| {
                        let n = |k: &str| t[k].as_u64().expect("a count");
                        (
                            str_of(&t["office"]),
                            n("satisfied"),
                            n("basic"),
                            n("unsatisfied"),
                        )
                    })
                    .collect(),
                opinions: list("opinions")
                    .iter()
                    .map(|o| {
                        let answered = o.get("response").is_some_and(|r| !r.is_null());
                        (
                            str_of(&o["office"]),
                            answered.then(|| str_of(&o["responded_on"])),
                        )
                    })
                    .collect(),
            }
        })
        .collect();
    periods.sort_by(|a, b| (&a.start, &a.id).cmp(&(&b.start, &b.id)));
    periods
}

/// What the ranking table must show for one office.
#[derive(Debug, Clone, PartialEq)]
struct Expected {
    office: String,
    standing: String,
    score: String,
    mark: String,
}

/// The score in hundredths: the weighted mean of the answers, rounded half up.
fn score(rules: &Rules, (_, s, b, u): &(String, u64, u64, u64)) -> Option<i64> {
    let n = s + b + u;
    if n == 0 {
        return None;
    }
    let mean = (*s as f64 * rules.weights[0]
        + *b as f64 * rules.weights[1]
        + *u as f64 * rules.weights[2])
        / n as f64;
    Some((mean * 100.0 + 0.5 + 1e-9).floor() as i64)
}

fn two_decimals(h: i64) -> String {
    format!("{:.2}", h as f64 / 100.0)
}

/// Each period's rows in table order, computed period after period (免排 follows from the
/// previous period's 优秀).
fn expected(rules: &Rules, periods: &[Period]) -> Vec<Vec<Expected>> {
    let mut all = Vec::new();
    let mut excellent_before: BTreeSet<String> = BTreeSet::new();
    for p in periods {
        let scored: Vec<(&str, Option<i64>, u64)> = p
            .tallies
            .iter()
            .map(|t| (t.0.as_str(), score(rules, t), t.1 + t.2 + t.3))
            .collect();
        let is_exempt = |o: &str| excellent_before.contains(o);
        let ranked: Vec<&(&str, Option<i64>, u64)> = scored
            .iter()
            .filter(|(o, _, n)| !is_exempt(o) && *n >= rules.min_evaluators)
            .collect();
        let mut rows: Vec<(u8, Option<i64>, Expected)> = Vec::new();
        let mut excellent = BTreeSet::new();
        for (office, s, n) in &scored {
            let (group, standing, mark) = if is_exempt(office) {
                (1, "免排".to_string(), String::new())
            } else if *n < rules.min_evaluators {
                (
                    2,
                    format!("不足 {} 人，不排名", rules.min_evaluators),
                    String::new(),
                )
            } else {
                let rank = 1 + ranked.iter().filter(|(_, t, _)| *t > *s).count();
                let points = s.unwrap_or(0) as f64 / 100.0;
                let mark = if points >= rules.excellent_from {
                    excellent.insert(office.to_string());
                    "优秀"
                } else if points < rules.lagging_below {
                    "后进（诫勉）"
                } else {
                    ""
                };
                (0, format!("第 {rank} 名"), mark.to_string())
            };
            rows.push((
                group,
                *s,
                Expected {
                    office: office.to_string(),
                    standing,
                    score: s.map_or("—".to_string(), two_decimals),
                    mark,
                },
            ));
        }
        rows.sort_by(|a, b| {
            (a.0, std::cmp::Reverse(a.1), &a.2.office).cmp(&(
                b.0,
                std::cmp::Reverse(b.1),
                &b.2.office,
            ))
        });
        all.push(rows.into_iter().map(|r| r.2).collect());
        excellent_before = excellent;
    }
    all
}

fn shown_rows(files: &BTreeMap<String, Vec<u8>>, id: &str) -> Vec<Expected> {
    let html = page(files, &format!("evaluations/{id}/index.html"));
    select(&html, "tr.result-row")
        .into_iter()
        .map(|row| Expected {
            office: row
                .value()
                .attr("data-office")
                .expect("data-office")
                .to_string(),
            standing: texts(row, "td.cell-standing").concat(),
            score: texts(row, "td.cell-score").concat(),
            mark: texts(row, "td.cell-mark").concat(),
        })
        .collect()
}

/// (answered, total) per office, as of the date.
fn opinion_counts(p: &Period, as_of: &str) -> BTreeMap<String, (usize, usize)> {
    let mut counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (office, responded) in &p.opinions {
        let c = counts.entry(office.clone()).or_default();
        c.1 += 1;
        if responded.as_deref().is_some_and(|d| d <= as_of) {
            c.0 += 1;
        }
    }
    counts
}

/// Compares every published period page of a site with the figures computed here.
fn compare(root: &Path, as_of: &str) -> Vec<Vec<Expected>> {
    let rules = rules(root);
    let periods = periods(root);
    let all = expected(&rules, &periods);
    let files = build(root, as_of);
    let index = page(&files, "evaluations/index.html");
    let listed = texts(index.root_element(), "#periods-table tbody th");
    let published: Vec<&Period> = periods
        .iter()
        .filter(|p| p.held.as_str() <= as_of)
        .collect();
    assert_eq!(
        listed,
        published
            .iter()
            .map(|p| p.title.clone())
            .collect::<Vec<_>>(),
        "periods listed as of {as_of}"
    );
    for (p, rows) in periods.iter().zip(&all) {
        let path = format!("evaluations/{}/index.html", p.id);
        if p.held.as_str() > as_of {
            assert!(
                !files.contains_key(&path),
                "{path} is published before it is held"
            );
            continue;
        }
        assert_eq!(&shown_rows(&files, &p.id), rows, "{} as of {as_of}", p.id);
        let html = page(&files, &path);
        for (office, (answered, total)) in opinion_counts(p, as_of) {
            let heading = texts(html.root_element(), &format!("#opinions-{office}")).concat();
            assert!(
                heading.ends_with(&format!("：意见 {total} 条，已回应 {answered} 条")),
                "{} {office} as of {as_of}: {heading}",
                p.id
            );
        }
        let awaiting: usize = opinion_counts(p, as_of).values().map(|(a, t)| t - a).sum();
        assert_eq!(
            select(&html, ".tag-awaiting").len(),
            awaiting,
            "{} awaiting responses as of {as_of}",
            p.id
        );
    }
    all
}

#[test]
fn rankings_exemptions_and_marks_match_the_records() {
    let root = sample_root();
    let all = compare(&root, "2026-11-25");
    // The sample covers what the rules are about.
    let flat: Vec<&Expected> = all.iter().flatten().collect();
    assert!(flat.iter().any(|r| r.standing == "免排"), "an exemption");
    assert!(
        flat.iter().any(|r| r.mark == "后进（诫勉）"),
        "a lagging office"
    );
    assert!(flat.iter().any(|r| r.mark == "优秀"), "an excellent office");
    let tie = all.iter().any(|rows| {
        let ranks: Vec<&str> = rows.iter().map(|r| r.standing.as_str()).collect();
        ranks
            .windows(2)
            .any(|w| w[0] == w[1] && w[0].starts_with('第'))
    });
    assert!(tie, "a tie in a ranking");
}

#[test]
fn earlier_dates_publish_earlier_periods_and_responses() {
    let root = sample_root();
    compare(&root, "2026-07-31");
    compare(&root, "2026-07-01");
    // A response dated after the as-of date shows as awaiting: the sample has one.
    let periods = periods(&root);
    assert!(periods.iter().any(|p| {
        p.held.as_str() <= "2026-07-31"
            && p.opinions
                .iter()
                .any(|(_, r)| r.as_deref().is_some_and(|d| d > "2026-07-31"))
    }));
    let files = build(&root, "2026-07-01");
    let index = page(&files, "evaluations/index.html");
    assert!(text(index.root_element()).contains("尚未公布民主评议结果"));
}

#[test]
fn unanswered_opinions_are_published_and_counted() {
    let root = sample_root();
    let periods = periods(&root);
    let unanswered: usize = periods
        .iter()
        .map(|p| p.opinions.iter().filter(|(_, r)| r.is_none()).count())
        .sum();
    assert!(unanswered > 0, "the sample has unanswered opinions");
    let files = build(&root, "2026-11-25");
    let index = page(&files, "evaluations/index.html");
    let rows = select(&index, "#periods-table tbody tr");
    for (p, row) in periods.iter().zip(rows) {
        let (answered, total) = opinion_counts(p, "2026-11-25")
            .values()
            .fold((0, 0), |(a, t), (x, y)| (a + x, t + y));
        assert!(text(row).contains(&format!("意见 {total} 条，已回应 {answered} 条")));
    }
}

#[test]
fn the_rotation_passes_and_is_shown() {
    let root = sample_root();
    let rules = rules(&root);
    let periods = periods(&root);
    let files = build(&root, "2026-11-25");
    for pair in periods.windows(2) {
        let before: BTreeSet<&String> = pair[0].roster.iter().collect();
        let new = pair[1]
            .roster
            .iter()
            .filter(|m| !before.contains(m))
            .count();
        assert!(new as f64 >= rules.rotation_share * pair[1].roster.len() as f64);
        let html = page(&files, &format!("evaluations/{}/index.html", pair[1].id));
        assert!(
            text(html.root_element()).contains(&format!("新增 {new} 人")),
            "{}",
            pair[1].id
        );
    }
}

#[test]
fn office_pages_show_each_period_result() {
    let root = sample_root();
    let rules = rules(&root);
    let periods = periods(&root);
    let all = expected(&rules, &periods);
    let files = build(&root, "2026-11-25");
    let offices: BTreeSet<&str> = periods
        .iter()
        .flat_map(|p| p.tallies.iter().map(|t| t.0.as_str()))
        .collect();
    for office in offices {
        let html = page(&files, &format!("offices/{office}/index.html"));
        let rows: Vec<Vec<String>> = select(&html, "#office-evaluation-table tbody tr")
            .into_iter()
            .map(|r| texts(r, "th, td"))
            .collect();
        let wanted: Vec<Vec<String>> = periods
            .iter()
            .zip(&all)
            .filter_map(|(p, rows)| {
                let r = rows.iter().find(|r| r.office == office)?;
                let (answered, total) = opinion_counts(p, "2026-11-25")
                    .get(office)
                    .copied()
                    .unwrap_or_default();
                Some(vec![
                    p.title.clone(),
                    r.score.clone(),
                    r.standing.clone(),
                    if r.mark.is_empty() {
                        "—".into()
                    } else {
                        r.mark.clone()
                    },
                    format!("意见 {total} 条，已回应 {answered} 条"),
                ])
            })
            .collect();
        assert_eq!(rows, wanted, "{office}");
    }
}

#[test]
fn offices_under_the_minimum_are_listed_but_not_ranked() {
    let site = copy_sample();
    let root = site.path();
    edit(
        root,
        Q3,
        "  - office: laoganbu\n    satisfied: 49\n    basic: 12\n    unsatisfied: 3\n",
        "  - office: laoganbu\n    satisfied: 20\n    basic: 5\n    unsatisfied: 1\n",
    );
    let line = line_of(root, Q3, "- office: laoganbu", 1);
    assert_problem(
        &problems(root, "2026-11-25"),
        &format!("{Q3}:{line}:13"),
        false,
        &["`laoganbu` has 26 answers", "min_evaluators"],
    );
    let all = compare(root, "2026-11-25");
    assert!(
        all.iter()
            .flatten()
            .any(|r| r.office == "laoganbu" && r.standing == "不足 30 人，不排名")
    );
}

// ---------------------------------------------------------------------------------------
// Bad copies of the sample: one per rule
// ---------------------------------------------------------------------------------------

#[test]
fn an_office_missing_from_a_period_is_an_error_at_its_tallies() {
    let site = copy_sample();
    let root = site.path();
    edit(
        root,
        Q3,
        "  - office: gwy\n    satisfied: 52\n    basic: 10\n    unsatisfied: 2\n",
        "",
    );
    let line = line_of(root, Q3, "tallies:", 1) + 1;
    assert_problem(
        &problems(root, "2026-11-25"),
        &format!("{Q3}:{line}:3"),
        true,
        &["全员制", "`gwy`", "公务员管理科", "no tally"],
    );
}

#[test]
fn a_roster_that_does_not_rotate_enough_is_an_error() {
    let site = copy_sample();
    let root = site.path();
    // Put back two of Q2's representatives: 6 of 24 new (25%) is under 30%.
    edit(root, Q3, "县人大代表 韩某某", "县人大代表 王某某");
    edit(root, Q3, "县人大代表 唐某某", "县人大代表 李某某");
    let line = line_of(root, Q3, "roster:", 1) + 1;
    assert_problem(
        &problems(root, "2026-11-25"),
        &format!("{Q3}:{line}:3"),
        true,
        &["轮换制", "only 6 of the 24", "2026-Q2", "30.0%"],
    );
}

#[test]
fn unknown_offices_are_errors_where_they_are_named() {
    let site = copy_sample();
    let root = site.path();
    edit(
        root,
        Q2,
        "  - office: bgs\n    text:",
        "  - office: bangongshi\n    text:",
    );
    edit(root, Q3, "  - office: zuzhi\n", "  - office: zuzi\n");
    let found = problems(root, "2026-11-25");
    let opinion = line_of(root, Q2, "office: bangongshi", 1);
    assert_problem(
        &found,
        &format!("{Q2}:{opinion}:13"),
        true,
        &["unknown office `bangongshi`"],
    );
    let tally = line_of(root, Q3, "office: zuzi", 1);
    assert_problem(
        &found,
        &format!("{Q3}:{tally}:13"),
        true,
        &["unknown office `zuzi`"],
    );
    // …and zuzhi, which existed, lacks its tally.
    let tallies = line_of(root, Q3, "tallies:", 1) + 1;
    assert_problem(&found, &format!("{Q3}:{tallies}:3"), true, &["`zuzhi`"]);
}

#[test]
fn an_office_that_did_not_exist_cannot_be_evaluated() {
    let site = copy_sample();
    let root = site.path();
    edit(
        root,
        "content/offices/ganbu3.yaml",
        "dissolved: 2026-08-31",
        "dissolved: 2026-06-30",
    );
    let line = line_of(root, Q3, "office: ganbu3", 1);
    assert_problem(
        &problems(root, "2026-11-25"),
        &format!("{Q3}:{line}:13"),
        true,
        &["`ganbu3` did not exist during this period"],
    );
}

#[test]
fn more_answers_than_evaluators_is_an_error() {
    let site = copy_sample();
    let root = site.path();
    edit(
        root,
        Q2,
        "  - office: ganbu1\n    satisfied: 56\n",
        "  - office: ganbu1\n    satisfied: 96\n",
    );
    let line = line_of(root, Q2, "- office: ganbu1", 1) + 1;
    assert_problem(
        &problems(root, "2026-11-25"),
        &format!("{Q2}:{line}:16"),
        true,
        &["`ganbu1` received 100 answers, more than the 60 evaluators"],
    );
}

#[test]
fn a_response_needs_its_date() {
    let site = copy_sample();
    let root = site.path();
    edit(root, Q2, "    responded_on: 2026-07-15\n", "");
    let line = line_of(root, Q2, "已落实全日式办公制", 1);
    assert_problem(
        &problems(root, "2026-11-25"),
        &format!("{Q2}:{line}:15"),
        true,
        &["`response` needs `responded_on`"],
    );
}

#[test]
fn rule_values_out_of_range_are_errors_in_site_yaml() {
    let site = copy_sample();
    let root = site.path();
    edit(root, SITE, "rotation_share: 0.3", "rotation_share: 1.5");
    edit(root, SITE, "lagging_below: 80", "lagging_below: 95");
    let found = problems(root, "2026-11-25");
    let share = line_of(root, SITE, "rotation_share:", 1);
    assert_problem(
        &found,
        &format!("{SITE}:{share}:19"),
        true,
        &["`rotation_share` is 1.5", "between 0 and 1"],
    );
    let lagging = line_of(root, SITE, "lagging_below:", 1);
    assert_problem(
        &found,
        &format!("{SITE}:{lagging}:18"),
        true,
        &["`lagging_below` (95.00) is above `excellent_from` (92.00)"],
    );
}
