//! 绩效考评: the sample year's totals, grades and ranks against the same figures computed
//! here, independently, from site.yaml's criteria and the year's score sheets; and one bad copy
//! of the sample per rule, each asserting the `path:line:col` and the message.

#[path = "eval_support/mod.rs"]
mod support;

use std::path::Path;

use support::*;

const YEAR: &str = "content/performance/2026.yaml";
const SITE: &str = "content/site.yaml";

/// (id, weight, max)
fn criteria(root: &Path) -> Vec<(String, f64, f64)> {
    let site = yaml(root, SITE);
    site["performance"]["criteria"]
        .as_sequence()
        .expect("criteria")
        .iter()
        .map(|c| (str_of(&c["id"]), num(&c["weight"]), num(&c["max"])))
        .collect()
}

/// (name, min), highest first.
fn grades(root: &Path) -> Vec<(String, f64)> {
    let site = yaml(root, SITE);
    let mut grades: Vec<(String, f64)> = site["performance"]["grades"]
        .as_sequence()
        .expect("grades")
        .iter()
        .map(|g| (str_of(&g["name"]), num(&g["min"])))
        .collect();
    grades.sort_by(|a, b| b.1.total_cmp(&a.1));
    grades
}

/// What the results table must show for one office, in table order.
#[derive(Debug, PartialEq)]
struct Row {
    rank: String,
    office: String,
    scores: Vec<String>,
    total: String,
    grade: String,
}

fn written(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn expected(root: &Path) -> Vec<Row> {
    let criteria = criteria(root);
    let grades = grades(root);
    let year = yaml(root, YEAR);
    let mut totals: Vec<(String, i64, Vec<String>)> = year["scores"]
        .as_sequence()
        .expect("scores")
        .iter()
        .map(|sheet| {
            let scores: Vec<(String, f64)> = sheet["criteria"]
                .as_sequence()
                .expect("criteria")
                .iter()
                .map(|s| (str_of(&s["criterion"]), num(&s["score"])))
                .collect();
            let score_of = |id: &str| scores.iter().find(|s| s.0 == id).map(|s| s.1);
            let total: f64 = criteria
                .iter()
                .map(|(id, weight, max)| score_of(id).unwrap_or(0.0) * weight / max)
                .sum();
            (
                str_of(&sheet["office"]),
                (total * 100.0).round() as i64,
                criteria
                    .iter()
                    .map(|(id, _, _)| score_of(id).map_or("—".to_string(), written))
                    .collect(),
            )
        })
        .collect();
    totals.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    totals
        .iter()
        .map(|(office, total, scores)| {
            let above = totals.iter().filter(|t| t.1 > *total).count();
            let points = *total as f64 / 100.0;
            Row {
                rank: (above + 1).to_string(),
                office: office.clone(),
                scores: scores.clone(),
                total: format!("{points:.2}"),
                grade: grades
                    .iter()
                    .find(|g| points >= g.1)
                    .map_or(String::new(), |g| g.0.clone()),
            }
        })
        .collect()
}

#[test]
fn totals_grades_and_ranks_match_the_records() {
    let root = sample_root();
    let weights: f64 = criteria(&root).iter().map(|c| c.1).sum();
    assert_eq!(weights, 100.0);
    let files = build(&root, "2026-11-25");
    let html = page(&files, "performance/2026/index.html");
    let shown: Vec<Row> = select(&html, "tr.result-row")
        .into_iter()
        .map(|r| Row {
            rank: texts(r, "td.cell-rank").concat(),
            office: r
                .value()
                .attr("data-office")
                .expect("data-office")
                .to_string(),
            scores: texts(r, "td.cell-criterion"),
            total: texts(r, "td.cell-total").concat(),
            grade: texts(r, "td.cell-grade").concat(),
        })
        .collect();
    let wanted = expected(&root);
    assert_eq!(shown, wanted);
    // The sample covers a tie and more than one grade; the six rectifications and the nine
    // systems are criteria.
    assert!(wanted.windows(2).any(|w| w[0].rank == w[1].rank));
    let grades: std::collections::BTreeSet<&str> =
        wanted.iter().map(|r| r.grade.as_str()).collect();
    assert!(grades.len() >= 3, "{grades:?}");
    let page_text = text(html.root_element());
    assert!(page_text.contains("六项整治") && page_text.contains("九项制度"));
}

#[test]
fn a_year_is_published_once_evaluated() {
    let root = sample_root();
    let year = yaml(&root, YEAR);
    let on = str_of(&year["evaluated_on"]);
    let before = build(&root, "2026-11-01");
    assert!(on.as_str() > "2026-11-01");
    assert!(!before.contains_key("performance/2026/index.html"));
    let index = page(&before, "performance/index.html");
    assert!(text(index.root_element()).contains("尚未公布绩效考评结果"));
    let after = build(&root, "2026-11-25");
    let index = page(&after, "performance/index.html");
    let listed = texts(index.root_element(), "#years-table tbody th");
    assert_eq!(listed, vec![str_of(&year["title"])]);
}

#[test]
fn weights_that_do_not_add_up_to_100_are_an_error() {
    let site = copy_sample();
    let root = site.path();
    edit(
        root,
        SITE,
        "      name: 民主评议\n      weight: 20",
        "      name: 民主评议\n      weight: 25",
    );
    let line = line_of(root, SITE, "criteria:", 1) + 1;
    assert_problem(
        &problems(root, "2026-11-25"),
        &format!("{SITE}:{line}:5"),
        true,
        &["weights add up to 105, not 100", "pingyi 25"],
    );
}

#[test]
fn a_score_out_of_range_is_an_error_at_the_score() {
    let site = copy_sample();
    let root = site.path();
    let sheet = line_of(root, YEAR, "office: gwy", 1);
    let line = line_of(root, YEAR, "criterion: jiancha", sheet);
    let bad = edit_line(root, YEAR, line, "score: 9 }", "score: 12 }");
    let column = bad.find("12").expect("12") + 1;
    assert_problem(
        &problems(root, "2026-11-25"),
        &format!("{YEAR}:{line}:{column}"),
        true,
        &["score 12 on `jiancha`", "between 0 and 10"],
    );
}

#[test]
fn an_unknown_criterion_is_an_error_and_the_criterion_is_missing() {
    let site = copy_sample();
    let root = site.path();
    let sheet = line_of(root, YEAR, "office: xinxi", 1);
    let line = line_of(root, YEAR, "criterion: gongkai", sheet);
    let bad = edit_line(root, YEAR, line, "gongkai", "gongkia");
    let found = problems(root, "2026-11-25");
    let column = bad.find("gongkia").expect("id") + 1;
    assert_problem(
        &found,
        &format!("{YEAR}:{line}:{column}"),
        true,
        &["unknown criterion `gongkia`"],
    );
    assert_problem(
        &found,
        &format!("{YEAR}:{sheet}:13"),
        true,
        &["`xinxi` has no score on criterion `gongkai`"],
    );
}

#[test]
fn unknown_and_missing_offices_are_errors() {
    let site = copy_sample();
    let root = site.path();
    edit(root, YEAR, "  - office: rencai\n", "  - office: rencaike\n");
    let found = problems(root, "2026-11-25");
    let line = line_of(root, YEAR, "office: rencaike", 1);
    assert_problem(
        &found,
        &format!("{YEAR}:{line}:13"),
        true,
        &["unknown office `rencaike`"],
    );
    let scores = line_of(root, YEAR, "scores:", 1) + 1;
    assert_problem(
        &found,
        &format!("{YEAR}:{scores}:3"),
        true,
        &["全员制", "`rencai`", "no score sheet"],
    );
}

#[test]
fn grades_must_cover_every_total() {
    let site = copy_sample();
    let root = site.path();
    edit(
        root,
        SITE,
        "    - name: 不合格\n      min: 0\n",
        "    - name: 不合格\n      min: 10\n",
    );
    let line = line_of(root, SITE, "grades:", 1) + 1;
    assert_problem(
        &problems(root, "2026-11-25"),
        &format!("{SITE}:{line}:5"),
        true,
        &["lowest grade must start at `min: 0`"],
    );
}
