//! The sample site's published figures against figures computed here, independently, from
//! the records themselves (read with serde_yaml directly, not through the library).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_yaml::Value;

#[path = "support/deadlines.rs"]
mod deadlines;

const AS_OF_DATES: [&str; 3] = ["2026-11-25", "2026-07-31", "2026-05-15"];

/// One item as the test reads it.
struct Record {
    id: String,
    office: String,
    found: String,
    /// The original deadline's day (`N个工作日` counted with the sample's holiday calendar);
    /// `None` for 长期.
    deadline: Option<String>,
    /// `draft: true`: never published.
    draft: bool,
    /// `withdrawn_on`: from that day a notice page only, out of lists and figures.
    withdrawn_on: Option<String>,
    /// (date, status, extension deadline, note)
    timeline: Vec<(String, Option<String>, Option<String>, String)>,
}

#[derive(Default, Debug, Clone, PartialEq)]
struct Counts {
    items: usize,
    pending: usize,
    in_progress: usize,
    done: usize,
    overdue: usize,
}

impl Counts {
    fn rate(&self) -> String {
        if self.items == 0 {
            "—".into()
        } else {
            format!("{:.1}%", self.done as f64 * 100.0 / self.items as f64)
        }
    }

    fn as_row(&self) -> Vec<String> {
        let n = [
            self.items,
            self.pending,
            self.in_progress,
            self.done,
            self.overdue,
        ];
        let mut row: Vec<String> = n.iter().map(|x| x.to_string()).collect();
        row.push(self.rate());
        row
    }
}

fn sample_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn text(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(serde_yaml::to_string(other).unwrap().trim().to_string()),
    }
}

fn read_records(root: &Path) -> Vec<Record> {
    let calendar = deadlines::Calendar::read(root);
    let mut records = Vec::new();
    for entry in walkdir::WalkDir::new(root.join("content/items")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        let raw = std::fs::read_to_string(entry.path())
            .unwrap()
            .replace("\r\n", "\n");
        let raw = raw.trim_start_matches('\u{feff}');
        let yaml = raw
            .strip_prefix("---\n")
            .unwrap()
            .split("\n---\n")
            .next()
            .unwrap();
        let v: Value = serde_yaml::from_str(yaml).unwrap();
        let timeline = v
            .get("timeline")
            .and_then(Value::as_sequence)
            .map(|entries| {
                entries
                    .iter()
                    .map(|e| {
                        (
                            text(e, "date").unwrap(),
                            text(e, "status"),
                            text(e, "deadline"),
                            text(e, "note").unwrap_or_default(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        records.push(Record {
            id: text(&v, "id").unwrap(),
            office: text(&v, "office").unwrap(),
            found: text(&v, "found").unwrap(),
            deadline: calendar.due_day(&text(&v, "deadline").unwrap(), &text(&v, "found").unwrap()),
            draft: v.get("draft").and_then(Value::as_bool).unwrap_or(false),
            withdrawn_on: text(&v, "withdrawn_on"),
            timeline,
        });
    }
    records
}

/// Status and overdue of one item on a date, by the rules of the records' contract.
/// Dates are compared as YYYY-MM-DD strings, which order like the dates themselves.
fn state(r: &Record, on: &str) -> (String, bool) {
    let mut status = "待整改".to_string();
    let mut deadline = r.deadline.clone();
    for (date, s, extension, _) in &r.timeline {
        if date.as_str() > on {
            break;
        }
        if let Some(s) = s {
            status = s.clone();
        }
        if let Some(d) = extension {
            deadline = Some(d.clone());
        }
    }
    // 长期 (no deadline) is never overdue.
    let overdue = deadline.is_some_and(|d| d.as_str() < on) && status != "已办结";
    (status, overdue)
}

/// Whether an item is in the lists and figures on a date: found by then, not a draft, not
/// withdrawn by then.
fn counted(r: &Record, on: &str) -> bool {
    r.found.as_str() <= on && !r.draft && r.withdrawn_on.as_deref().is_none_or(|w| w > on)
}

fn expected(records: &[Record], on: &str) -> (Counts, BTreeMap<String, Counts>) {
    let mut all = Counts::default();
    let mut by_office: BTreeMap<String, Counts> = BTreeMap::new();
    for r in records.iter().filter(|r| counted(r, on)) {
        let (status, overdue) = state(r, on);
        for c in [&mut all, by_office.entry(r.office.clone()).or_default()] {
            c.items += 1;
            match status.as_str() {
                "待整改" => c.pending += 1,
                "整改中" => c.in_progress += 1,
                "已办结" => c.done += 1,
                other => panic!("unexpected status {other}"),
            }
            c.overdue += usize::from(overdue);
        }
    }
    (all, by_office)
}

fn build(on: &str) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["build", "--root"])
        .arg(sample_root())
        .arg("--output")
        .arg(out.path().join("site"))
        .args(["--as-of", on])
        .status()
        .unwrap();
    assert!(status.success(), "the sample site must build as of {on}");
    out
}

fn read(out: &tempfile::TempDir, page: &str) -> String {
    std::fs::read_to_string(out.path().join("site").join(page)).unwrap()
}

/// The text of every `<span class="figure-num">` in order.
fn figure_numbers(html: &str) -> Vec<String> {
    html.split("<span class=\"figure-num\">")
        .skip(1)
        .map(|s| s.split("</span>").next().unwrap().to_string())
        .collect()
}

/// Strips tags and trims: the visible text of an HTML fragment.
fn visible(fragment: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in fragment.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.trim().to_string()
}

/// The numeric cells of the offices table row that links to `offices/<id>/`.
fn office_row(html: &str, id: &str) -> Option<Vec<String>> {
    let at = html.find(&format!("href=\"../offices/{id}/\""))?;
    let row = &html[at..];
    let row = &row[..row.find("</tr>")?];
    Some(
        row.split("<td class=\"num\">")
            .skip(1)
            .map(|cell| visible(cell.split("</td>").next().unwrap()))
            .collect(),
    )
}

#[test]
fn home_and_office_figures_match_the_records() {
    let records = read_records(&sample_root());
    assert!(records.len() >= 120, "the sample has at least 120 items");
    for on in AS_OF_DATES {
        let out = build(on);
        let (all, by_office) = expected(&records, on);
        assert_eq!(
            figure_numbers(&read(&out, "index.html")),
            all.as_row(),
            "home figures as of {on}"
        );
        let offices = read(&out, "offices/index.html");
        for (office, counts) in &by_office {
            assert_eq!(
                office_row(&offices, office),
                Some(counts.as_row()),
                "offices index row {office} as of {on}"
            );
            let page = read(&out, &format!("offices/{office}/index.html"));
            assert_eq!(
                figure_numbers(&page),
                counts.as_row(),
                "office page {office} as of {on}"
            );
        }
    }
}

#[test]
fn every_item_found_by_the_date_has_its_page_and_no_later_one_does() {
    let records = read_records(&sample_root());
    let on = "2026-07-31";
    let out = build(on);
    for r in &records {
        let page = out.path().join("site/items").join(&r.id).join("index.html");
        assert_eq!(
            page.is_file(),
            r.found.as_str() <= on && !r.draft,
            "page of {} as of {on}",
            r.id
        );
    }
}

#[test]
fn item_pages_show_the_timeline_as_of_the_date_and_nothing_later() {
    let records = read_records(&sample_root());
    let on = "2026-07-31";
    let out = build(on);
    let mut checked = 0;
    for r in records.iter().filter(|r| counted(r, on)) {
        let page = read(&out, &format!("items/{}/index.html", r.id));
        let (status, overdue) = state(r, on);
        assert!(page.contains("class=\"status status-"), "{}", r.id);
        let status_box = &page[page.find("item-status-box").unwrap()..];
        let status_box = &status_box[..status_box.find("</div>").unwrap()];
        assert!(
            status_box.contains(&status),
            "{} is {status} as of {on}",
            r.id
        );
        assert_eq!(
            status_box.contains("tag-overdue"),
            overdue,
            "{} overdue as of {on}",
            r.id
        );
        for (date, _, _, note) in &r.timeline {
            let escaped = note
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .replace('"', "&quot;");
            if date.as_str() > on && !note.is_empty() {
                assert!(
                    !page.contains(&escaped),
                    "{}: the entry of {date} is after {on}",
                    r.id
                );
                checked += 1;
            } else if !note.is_empty() {
                assert!(
                    page.contains(&escaped),
                    "{}: the entry of {date} must be shown",
                    r.id
                );
            }
        }
    }
    assert!(checked > 10, "the sample has entries after {on} to hide");
}

#[test]
fn overdue_page_lists_exactly_the_overdue_items() {
    let records = read_records(&sample_root());
    let on = "2026-11-25";
    let out = build(on);
    let page = read(&out, "overdue/index.html");
    let mut expected_ids = Vec::new();
    for r in records.iter().filter(|r| counted(r, on)) {
        let listed = page.contains(&format!("href=\"../items/{}/\"", r.id));
        let (_, overdue) = state(r, on);
        assert_eq!(listed, overdue, "{} on the overdue page", r.id);
        if overdue {
            expected_ids.push(r.id.clone());
        }
    }
    assert!(
        expected_ids.len() >= 10,
        "the sample has overdue items as of {on}"
    );
}
