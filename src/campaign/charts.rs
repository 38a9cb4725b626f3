//! Charts as server-rendered inline SVG: no JavaScript, no chart service. Every chart has a
//! `<title>`, a text summary and its data table next to it, and prints legibly in black and
//! white.
//!
//! The coordinates are computed here, in Rust, with fixed decimals, so the same figures give
//! the same bytes; the theme's `partials/chart.html` places the SVG, the summary and the table.
//! Meaning never rests on colour alone: every bar carries its value as text, and the lines of a
//! line chart differ by dash pattern and marker shape as well.

use std::fmt::Write as _;

use serde::Serialize;

use crate::derive::Figures;
use crate::view::PublicView;

/// A chart ready for a template: the SVG, the sentence that says what it shows, and the table
/// of the same figures.
#[derive(Debug, Clone, Serialize)]
pub struct Chart {
    /// Unique on its page: the prefix of the ids inside the chart.
    pub id: String,
    /// The chart's title (also the SVG `<title>` and the table's caption).
    pub title: String,
    /// One sentence computed from the data, e.g. "办结率最高的是…".
    pub summary: String,
    /// The inline SVG, escaped text throughout.
    pub svg: String,
    /// The same figures as a table.
    pub table: Table,
}

/// The data table next to a chart.
#[derive(Debug, Clone, Serialize)]
pub struct Table {
    /// The column headings, the first being the rows' heading column.
    pub columns: Vec<String>,
    /// One row per bar (or per point of the x axis).
    pub rows: Vec<TableRow>,
}

/// One row of a chart's table.
#[derive(Debug, Clone, Serialize)]
pub struct TableRow {
    /// The row heading (an office, a status, a period).
    pub head: String,
    /// The values, as printed on the chart.
    pub cells: Vec<String>,
}

/// One bar of a horizontal bar chart.
#[derive(Debug, Clone)]
pub struct Bar {
    /// What the bar stands for (an office's name).
    pub label: String,
    /// Its length, on the chart's scale.
    pub value: f64,
    /// The value as printed next to the bar and in the table ("87.50", "62.5%").
    pub text: String,
}

/// One line of a line chart.
#[derive(Debug, Clone)]
pub struct Series {
    /// What the line stands for.
    pub name: String,
    /// One value per point of the x axis; `None` where the line has no value.
    pub values: Vec<Option<f64>>,
}

const WIDTH: f64 = 480.0;
const LABEL_WIDTH: f64 = 128.0;
const VALUE_WIDTH: f64 = 64.0;
const ROW_HEIGHT: f64 = 26.0;
const BAR_HEIGHT: f64 = 16.0;
const TOP: f64 = 8.0;

/// A y scale for scores out of 100 that shows their differences: from the tens below the
/// lowest value (less one step of ten) up to 100.
pub fn score_range(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let low = values.fold(100.0_f64, f64::min);
    (((low / 10.0).floor() * 10.0 - 10.0).max(0.0), 100.0)
}

/// A horizontal bar chart of `bars` on a scale from 0 to `max`, with the value printed at the
/// end of each bar. `columns` are the table's two headings.
pub fn bar_chart(
    id: &str,
    title: &str,
    summary: String,
    columns: [&str; 2],
    max: f64,
    bars: &[Bar],
) -> Chart {
    let height = TOP * 2.0 + ROW_HEIGHT * bars.len() as f64;
    let plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
    let mut svg = open_svg(id, title, height);
    let _ = write!(
        svg,
        r#"<line class="chart-axis" x1="{x}" y1="{TOP}" x2="{x}" y2="{y2}"/>"#,
        x = LABEL_WIDTH,
        y2 = fixed(height - TOP),
    );
    for (i, bar) in bars.iter().enumerate() {
        let y = TOP + ROW_HEIGHT * i as f64;
        let length = if max > 0.0 {
            (bar.value / max).clamp(0.0, 1.0) * plot
        } else {
            0.0
        };
        let middle = fixed(y + ROW_HEIGHT / 2.0);
        let _ = write!(
            svg,
            r#"<text class="chart-label" x="{lx}" y="{middle}" text-anchor="end" dominant-baseline="middle">{label}</text><rect class="chart-bar" x="{x}" y="{by}" width="{w}" height="{BAR_HEIGHT}"/><text class="chart-value" x="{vx}" y="{middle}" dominant-baseline="middle">{value}</text>"#,
            lx = fixed(LABEL_WIDTH - 6.0),
            label = escape(&bar.label),
            x = LABEL_WIDTH,
            by = fixed(y + (ROW_HEIGHT - BAR_HEIGHT) / 2.0),
            w = fixed(length),
            vx = fixed(LABEL_WIDTH + length + 4.0),
            value = escape(&bar.text),
        );
    }
    svg.push_str("</svg>");
    Chart {
        id: id.to_string(),
        title: title.to_string(),
        summary,
        svg,
        table: Table {
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows: bars
                .iter()
                .map(|b| TableRow {
                    head: b.label.clone(),
                    cells: vec![b.text.clone()],
                })
                .collect(),
        },
    }
}

/// How the lines of a line chart differ without colour: dash pattern and marker, in turn.
const LINE_STYLES: [(&str, Marker); 4] = [
    ("none", Marker::Circle),
    ("6 4", Marker::Square),
    ("2 3", Marker::Triangle),
    ("10 3 2 3", Marker::Diamond),
];

#[derive(Debug, Clone, Copy)]
enum Marker {
    Circle,
    Square,
    Triangle,
    Diamond,
}

const LINE_HEIGHT: f64 = 200.0;
const LINE_TOP: f64 = 20.0;
const LINE_INSET: f64 = 32.0;
const LINE_LEFT: f64 = 44.0;
const LINE_RIGHT: f64 = 24.0;
const LINE_BOTTOM: f64 = 28.0;
const LEGEND_ROW: f64 = 20.0;

/// What a line chart shows: `series` over the points `x_labels` (headed `x_heading` in the
/// table), on a y scale from `y_range.0` to `y_range.1`, values printed with `decimals`.
#[derive(Debug, Clone)]
pub struct Lines<'a> {
    /// The table's first heading, naming the x axis (期次).
    pub x_heading: &'a str,
    /// The points of the x axis.
    pub x_labels: &'a [String],
    /// The lines.
    pub series: &'a [Series],
    /// The y scale.
    pub y_range: (f64, f64),
    /// Decimals of the printed values.
    pub decimals: usize,
}

/// A line chart, with a legend that shows each line's dash pattern and marker.
pub fn line_chart(id: &str, title: &str, summary: String, lines: &Lines) -> Chart {
    let Lines {
        x_heading,
        x_labels,
        series,
        y_range: (y_min, y_max),
        decimals,
    } = *lines;
    let legend = LEGEND_ROW * series.len() as f64;
    let height = LINE_TOP + LINE_HEIGHT + LINE_BOTTOM + legend;
    // The first and last points stand clear of the axis, so their labels fit.
    let inner_left = LINE_LEFT + LINE_INSET;
    let plot_w = WIDTH - inner_left - LINE_RIGHT - LINE_INSET;
    let x_at = |i: usize| {
        if x_labels.len() <= 1 {
            inner_left + plot_w / 2.0
        } else {
            inner_left + plot_w * i as f64 / (x_labels.len() - 1) as f64
        }
    };
    let span = (y_max - y_min).max(f64::EPSILON);
    let y_at = |v: f64| LINE_TOP + LINE_HEIGHT * (1.0 - ((v - y_min) / span).clamp(0.0, 1.0));
    let mut svg = open_svg(id, title, height);
    let step = [1.0, 2.0, 5.0, 10.0, 20.0, 25.0, 50.0, 100.0]
        .into_iter()
        .find(|s| span / s <= 5.0)
        .unwrap_or(span);
    let ticks = (span / step).floor() as usize;
    for k in 0..=ticks {
        let v = y_min + step * k as f64;
        let y = fixed(y_at(v));
        let _ = write!(
            svg,
            r#"<line class="chart-grid" x1="{LINE_LEFT}" y1="{y}" x2="{x2}" y2="{y}"/><text class="chart-tick" x="{tx}" y="{y}" text-anchor="end" dominant-baseline="middle">{v:.0}</text>"#,
            x2 = fixed(WIDTH - LINE_RIGHT),
            tx = fixed(LINE_LEFT - 4.0),
        );
    }
    for (i, label) in x_labels.iter().enumerate() {
        let _ = write!(
            svg,
            r#"<text class="chart-tick" x="{x}" y="{y}" text-anchor="middle">{label}</text>"#,
            x = fixed(x_at(i)),
            y = fixed(LINE_TOP + LINE_HEIGHT + 18.0),
            label = escape(label),
        );
    }
    for (k, s) in series.iter().enumerate() {
        let (dash, marker) = LINE_STYLES[k % LINE_STYLES.len()];
        let points: Vec<(f64, f64, f64)> = s
            .values
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.map(|v| (x_at(i), y_at(v), v)))
            .collect();
        let path: Vec<String> = points
            .iter()
            .map(|(x, y, _)| format!("{},{}", fixed(*x), fixed(*y)))
            .collect();
        let _ = write!(
            svg,
            r#"<polyline class="chart-line" points="{}" stroke-dasharray="{dash}"/>"#,
            path.join(" ")
        );
        for (x, y, v) in &points {
            svg.push_str(&marker_at(marker, *x, *y));
            let _ = write!(
                svg,
                r#"<text class="chart-point" x="{x}" y="{y}" text-anchor="middle">{v:.decimals$}</text>"#,
                x = fixed(*x),
                // Every other line has its values below the points, so close lines stay legible.
                y = fixed(if k % 2 == 0 { y - 9.0 } else { y + 17.0 }),
            );
        }
        let ly = LINE_TOP + LINE_HEIGHT + LINE_BOTTOM + LEGEND_ROW * k as f64 + LEGEND_ROW / 2.0;
        let _ = write!(
            svg,
            r#"<line class="chart-line" x1="{LINE_LEFT}" y1="{y}" x2="{x2}" y2="{y}" stroke-dasharray="{dash}"/>"#,
            y = fixed(ly),
            x2 = fixed(LINE_LEFT + 36.0),
        );
        svg.push_str(&marker_at(marker, LINE_LEFT + 18.0, ly));
        let _ = write!(
            svg,
            r#"<text class="chart-label" x="{x}" y="{y}" dominant-baseline="middle">{name}</text>"#,
            x = fixed(LINE_LEFT + 44.0),
            y = fixed(ly),
            name = escape(&s.name),
        );
    }
    svg.push_str("</svg>");
    let mut columns = vec![x_heading.to_string()];
    columns.extend(series.iter().map(|s| s.name.clone()));
    let rows = x_labels
        .iter()
        .enumerate()
        .map(|(i, label)| TableRow {
            head: label.clone(),
            cells: series
                .iter()
                .map(|s| match s.values.get(i).copied().flatten() {
                    Some(v) => format!("{v:.decimals$}"),
                    None => "—".to_string(),
                })
                .collect(),
        })
        .collect();
    Chart {
        id: id.to_string(),
        title: title.to_string(),
        summary,
        svg,
        table: Table { columns, rows },
    }
}

fn marker_at(marker: Marker, x: f64, y: f64) -> String {
    match marker {
        Marker::Circle => format!(
            r#"<circle class="chart-marker" cx="{}" cy="{}" r="4"/>"#,
            fixed(x),
            fixed(y)
        ),
        Marker::Square => format!(
            r#"<rect class="chart-marker" x="{}" y="{}" width="8" height="8"/>"#,
            fixed(x - 4.0),
            fixed(y - 4.0)
        ),
        Marker::Triangle => format!(
            r#"<path class="chart-marker" d="M{} {}l5 9h-10z"/>"#,
            fixed(x),
            fixed(y - 5.0)
        ),
        Marker::Diamond => format!(
            r#"<path class="chart-marker" d="M{} {}l5 5l-5 5l-5 -5z"/>"#,
            fixed(x),
            fixed(y - 5.0)
        ),
    }
}

fn open_svg(id: &str, title: &str, height: f64) -> String {
    format!(
        r#"<svg class="chart-svg" id="{id}-svg" role="img" aria-labelledby="{id}-title" viewBox="0 0 {WIDTH} {h}" xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">{title}</title>"#,
        id = escape(id),
        h = fixed(height),
        title = escape(title),
    )
}

/// A coordinate with one decimal at most, the same on every machine.
fn fixed(v: f64) -> String {
    let text = format!("{v:.1}");
    text.strip_suffix(".0").map_or(text.clone(), str::to_string)
}

/// Text escaped for SVG content and attribute values.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// "最高的是A（90.00），最低的是B、C（60.00）": the sentence under a bar chart, naming every bar
/// that shares the highest and the lowest value. `what` names the figure (办结率, 得分).
pub fn extremes_summary(what: &str, bars: &[Bar]) -> String {
    let Some(high) = bars.iter().map(|b| b.value).reduce(f64::max) else {
        return format!("暂无{what}数据。");
    };
    let low = bars.iter().map(|b| b.value).fold(high, f64::min);
    let named = |v: f64| {
        let names: Vec<&str> = bars
            .iter()
            .filter(|b| b.value == v)
            .map(|b| b.label.as_str())
            .collect();
        let text = bars
            .iter()
            .find(|b| b.value == v)
            .map_or("", |b| b.text.as_str());
        format!("{}（{text}）", names.join("、"))
    };
    if high == low {
        format!("{what}都是{}。", named(high))
    } else {
        format!("{what}最高的是{}，最低的是{}。", named(high), named(low))
    }
}

/// 办结率 by office for the offices page: one bar per current office with items, highest first.
pub fn completion_by_office(view: &PublicView) -> Chart {
    let mut offices: Vec<(&str, &str, &Figures)> = view
        .offices
        .iter()
        .filter(|o| o.exists && o.figures.items > 0)
        .map(|o| {
            (
                o.office.id.value.as_str(),
                o.office.name.as_str(),
                &o.figures,
            )
        })
        .collect();
    offices.sort_by(|a, b| {
        let rate = |f: &Figures| f.done as f64 / f.items as f64;
        rate(b.2).total_cmp(&rate(a.2)).then(a.0.cmp(b.0))
    });
    let bars: Vec<Bar> = offices
        .iter()
        .map(|(_, name, f)| Bar {
            label: name.to_string(),
            value: f.done as f64 * 100.0 / f.items as f64,
            text: f.rate(),
        })
        .collect();
    bar_chart(
        "chart-completion",
        &format!(
            "各科室整改办结率（截至{}）",
            crate::pages::chinese_date(view.as_of)
        ),
        extremes_summary("办结率", &bars),
        ["科室", "办结率"],
        100.0,
        &bars,
    )
}

/// The items by status for the home page: 待整改, 整改中, 已办结, and 逾期 among them.
pub fn status_distribution(view: &PublicView) -> Chart {
    let f = &view.figures;
    let counts = [
        ("待整改", f.pending),
        ("整改中", f.in_progress),
        ("已办结", f.done),
        ("其中逾期", f.overdue),
    ];
    let bars: Vec<Bar> = counts
        .iter()
        .map(|(label, n)| Bar {
            label: label.to_string(),
            value: *n as f64,
            text: format!("{n} 项"),
        })
        .collect();
    let summary = format!(
        "共 {} 项整改事项：已办结 {} 项，整改中 {} 项，待整改 {} 项；逾期未办结 {} 项。",
        f.items, f.done, f.in_progress, f.pending, f.overdue
    );
    bar_chart(
        "chart-status",
        &format!(
            "整改事项状态分布（截至{}）",
            crate::pages::chinese_date(view.as_of)
        ),
        summary,
        ["状态", "事项数"],
        f.items.max(1) as f64,
        &bars,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bars(values: &[(&str, f64)]) -> Vec<Bar> {
        values
            .iter()
            .map(|(l, v)| Bar {
                label: l.to_string(),
                value: *v,
                text: format!("{v:.2}"),
            })
            .collect()
    }

    #[test]
    fn bar_text_is_escaped_and_titled() {
        let chart = bar_chart(
            "c",
            "A<B",
            String::new(),
            ["x", "y"],
            10.0,
            &bars(&[("<script>", 5.0)]),
        );
        assert!(chart.svg.contains("&lt;script&gt;"));
        assert!(!chart.svg.contains("<script>"));
        assert!(chart.svg.contains(r#"<title id="c-title">A&lt;B</title>"#));
        assert!(
            chart
                .svg
                .contains(r#"role="img" aria-labelledby="c-title""#)
        );
        assert!(chart.svg.contains(r#"width="144""#), "{}", chart.svg);
    }

    #[test]
    fn summary_names_ties() {
        let b = bars(&[("甲", 90.0), ("乙", 90.0), ("丙", 60.0)]);
        assert_eq!(
            extremes_summary("得分", &b),
            "得分最高的是甲、乙（90.00），最低的是丙（60.00）。"
        );
        assert_eq!(extremes_summary("得分", &[]), "暂无得分数据。");
    }

    #[test]
    fn lines_differ_by_dash_and_marker() {
        let s = |n: &str| Series {
            name: n.into(),
            values: vec![Some(80.0), None, Some(90.0)],
        };
        let chart = line_chart(
            "t",
            "趋势",
            String::new(),
            &Lines {
                x_heading: "期次",
                x_labels: &["一".into(), "二".into(), "三".into()],
                series: &[s("甲"), s("乙")],
                y_range: (0.0, 100.0),
                decimals: 2,
            },
        );
        assert!(chart.svg.contains(r#"stroke-dasharray="6 4""#));
        assert!(chart.svg.contains("<circle") && chart.svg.contains("<rect"));
        assert_eq!(chart.table.rows[1].cells, vec!["—", "—"]);
        assert_eq!(chart.table.rows[2].cells, vec!["90.00", "90.00"]);
    }
}
