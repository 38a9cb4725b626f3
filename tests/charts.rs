//! The charts of the sample site: every chart on every page has its `<title>` (naming the SVG
//! through `aria-labelledby`), a summary sentence, and a data table with the same numbers as
//! its bars or points; and the completion chart's rates are the offices table's.

#[path = "eval_support/mod.rs"]
mod support;

use std::collections::BTreeMap;

use scraper::{ElementRef, Html};
use support::*;

/// (page, chart id) of every chart in the built site.
fn charts(files: &BTreeMap<String, Vec<u8>>) -> Vec<(String, Html)> {
    files
        .keys()
        .filter(|p| p.ends_with(".html"))
        .map(|p| (p.clone(), page(files, p)))
        .filter(|(_, html)| !select(html, "figure.chart").is_empty())
        .collect()
}

fn check_chart(path: &str, html: &Html, figure: ElementRef) {
    let id = figure.value().attr("id").expect("a chart id");
    let svg = select(html, &format!("#{id}-svg"));
    assert_eq!(svg.len(), 1, "{path} {id}: one svg");
    let svg = svg[0];
    assert_eq!(svg.value().attr("role"), Some("img"), "{path} {id}");
    let title_id = svg
        .value()
        .attr("aria-labelledby")
        .expect("aria-labelledby");
    let title = select(html, &format!("svg title#{title_id}"));
    assert_eq!(title.len(), 1, "{path} {id}: the <title> the svg names");
    assert!(!text(title[0]).is_empty(), "{path} {id}: an empty title");
    let summary = texts(figure, ".chart-summary").concat();
    assert!(
        summary.chars().count() > 8,
        "{path} {id}: summary `{summary}`"
    );
    let table = select(html, &format!("#{id}-table"));
    assert_eq!(table.len(), 1, "{path} {id}: a data table");
    let rows: Vec<(String, Vec<String>)> = select_in(table[0], "tbody tr")
        .into_iter()
        .map(|r| (texts(r, "th").concat(), texts(r, "td")))
        .collect();
    let bars = texts(svg, "text.chart-value");
    if !bars.is_empty() {
        // A bar chart: one row per bar, label and value as on the bar.
        let labels = texts(svg, "text.chart-label");
        let table: Vec<(String, String)> = rows
            .iter()
            .map(|(h, cells)| (h.clone(), cells.concat()))
            .collect();
        let chart: Vec<(String, String)> = labels.into_iter().zip(bars).collect();
        assert!(!table.is_empty(), "{path} {id}: an empty table");
        assert_eq!(chart, table, "{path} {id}");
        assert_eq!(select_in(svg, "rect.chart-bar").len(), table.len());
        if summary.contains("最高") {
            let values: Vec<f64> = table
                .iter()
                .map(|(_, v)| v.trim_end_matches('%').parse().expect("a value"))
                .collect();
            let high = values.iter().copied().fold(f64::MIN, f64::max);
            let low = values.iter().copied().fold(f64::MAX, f64::min);
            for (label, v) in &table {
                let value: f64 = v.trim_end_matches('%').parse().expect("a value");
                if value == high || value == low {
                    assert!(summary.contains(label.as_str()), "{path} {id}: {summary}");
                }
            }
        }
    } else {
        // A line chart: every printed point is a cell of the table, and every cell a point.
        let mut points = texts(svg, "text.chart-point");
        let mut cells: Vec<String> = rows
            .iter()
            .flat_map(|(_, c)| c.clone())
            .filter(|c| c != "—")
            .collect();
        points.sort();
        cells.sort();
        assert!(!points.is_empty(), "{path} {id}: no points");
        assert_eq!(points, cells, "{path} {id}");
    }
}

fn select_in<'a>(e: ElementRef<'a>, css: &str) -> Vec<ElementRef<'a>> {
    let s = scraper::Selector::parse(css).expect("a selector");
    e.select(&s).collect()
}

#[test]
fn every_chart_has_a_title_a_summary_and_the_same_numbers_in_its_table() {
    let files = build(&sample_root(), "2026-11-25");
    let pages = charts(&files);
    let paths: Vec<&str> = pages.iter().map(|(p, _)| p.as_str()).collect();
    for wanted in [
        "index.html",
        "offices/index.html",
        "evaluations/index.html",
        "evaluations/2026-Q3/index.html",
        "performance/2026/index.html",
        "offices/jiceng/index.html",
    ] {
        assert!(paths.contains(&wanted), "no chart on {wanted}");
    }
    for (path, html) in &pages {
        for figure in select(html, "figure.chart") {
            check_chart(path, html, figure);
        }
    }
}

#[test]
fn the_completion_chart_shows_the_offices_tables_rates() {
    let files = build(&sample_root(), "2026-11-25");
    let html = page(&files, "offices/index.html");
    let table: BTreeMap<String, String> = select(&html, "#offices-table tbody tr")
        .into_iter()
        .map(|r| {
            let name = texts(r, "th a").concat();
            let rate = texts(r, "td").last().cloned().expect("a rate");
            (name, rate)
        })
        .filter(|(_, rate)| rate != "—")
        .collect();
    let chart: BTreeMap<String, String> = select(&html, "#chart-completion-table tbody tr")
        .into_iter()
        .map(|r| (texts(r, "th").concat(), texts(r, "td").concat()))
        .collect();
    assert!(table.len() > 5, "{table:?}");
    assert_eq!(chart, table);
}

#[test]
fn the_status_chart_adds_up_to_the_home_pages_figures() {
    let files = build(&sample_root(), "2026-11-25");
    let html = page(&files, "index.html");
    let figure =
        |class: &str| texts(html.root_element(), &format!(".figure-{class} .figure-num")).concat();
    let chart: BTreeMap<String, String> = select(&html, "#chart-status-table tbody tr")
        .into_iter()
        .map(|r| (texts(r, "th").concat(), texts(r, "td").concat()))
        .collect();
    assert_eq!(chart["待整改"], format!("{} 项", figure("pending")));
    assert_eq!(chart["整改中"], format!("{} 项", figure("progress")));
    assert_eq!(chart["已办结"], format!("{} 项", figure("done")));
    assert_eq!(chart["其中逾期"], format!("{} 项", figure("overdue")));
}

#[test]
fn charts_print_in_black_and_white() {
    let css = std::fs::read_to_string(sample_root().join("themes/default/static/style.css"))
        .expect("style.css");
    let block = &css[css
        .find("民主评议, 绩效考评 and the charts")
        .expect("the charts' block")..];
    assert!(block.contains("@media print"));
    // Lines differ by dash pattern and marker, not only by colour.
    let files = build(&sample_root(), "2026-11-25");
    let html = page(&files, "evaluations/index.html");
    let dashes: Vec<&str> = select(&html, "#chart-trend-svg polyline.chart-line")
        .into_iter()
        .filter_map(|l| l.value().attr("stroke-dasharray"))
        .collect();
    let distinct: std::collections::BTreeSet<&&str> = dashes.iter().collect();
    assert_eq!(distinct.len(), dashes.len(), "{dashes:?}");
}
