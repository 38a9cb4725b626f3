//! The sample site's supervision pages — nine systems, inspections, 四个一 compliance, public
//! opinions, accountability and implementation plans — against what this test computes
//! itself, independently, from the YAML records (read with serde_yaml, not the library), on
//! several as-of dates.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use chrono::{Datelike, NaiveDate};
use scraper::{Html, Selector};
use serde_yaml::Value;

const AS_OF_DATES: [&str; 4] = ["2026-11-25", "2026-09-30", "2026-07-31", "2026-05-15"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// Every YAML record of `content/<folder>`, in file-name order.
fn records(folder: &str) -> Vec<Value> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join("content").join(folder))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| serde_yaml::from_str(&std::fs::read_to_string(p).unwrap()).unwrap())
        .collect()
}

/// The issuing dates of the bulletins' records (`content/bulletins/*.md` front matter).
/// With the day each was withdrawn, if it was.
fn bulletin_issue_dates() -> Vec<(NaiveDate, Option<NaiveDate>)> {
    std::fs::read_dir(root().join("content/bulletins"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            let front = text.split("---\n").nth(1).unwrap();
            serde_yaml::from_str(front).unwrap()
        })
        .filter(approved)
        .map(|v: Value| (d(&v, "issued").unwrap(), d(&v, "withdrawn_on")))
        .collect()
}

/// Whether a record is published at all: not a draft (`draft: true`, or no approval where
/// site.yaml requires review).
fn approved(v: &Value) -> bool {
    let review = site()["review_required"].as_bool() == Some(true);
    v["draft"].as_bool() != Some(true) && !(review && s(v, "approved_by").is_empty())
}

/// Whether a record counts on `as_of`: published and not withdrawn by then.
fn in_force(v: &Value, as_of: NaiveDate) -> bool {
    approved(v) && d(v, "withdrawn_on").is_none_or(|w| w > as_of)
}

fn site() -> Value {
    let text = std::fs::read_to_string(root().join("content/site.yaml")).unwrap();
    serde_yaml::from_str(&text).unwrap()
}

fn s(v: &Value, key: &str) -> String {
    match &v[key] {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => serde_yaml::to_string(other).unwrap().trim().to_string(),
    }
}

fn d(v: &Value, key: &str) -> Option<NaiveDate> {
    let text = s(v, key);
    (!text.is_empty()).then(|| date(&text))
}

fn list(v: &Value, key: &str) -> Vec<String> {
    v[key]
        .as_sequence()
        .map(|seq| {
            seq.iter()
                .map(|x| x.as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

struct Built {
    as_of: NaiveDate,
    files: BTreeMap<String, Vec<u8>>,
}

impl Built {
    fn new(as_of: &str) -> Built {
        let site = gongkai::build_in_memory(&gongkai::Options {
            root: root(),
            as_of: Some(date(as_of)),
            ..Default::default()
        })
        .unwrap_or_else(|e| panic!("the sample builds as of {as_of}: {e:?}"));
        Built {
            as_of: date(as_of),
            files: site.files,
        }
    }

    fn page(&self, path: &str) -> Html {
        let bytes = self
            .files
            .get(path)
            .unwrap_or_else(|| panic!("{path} is built as of {}", self.as_of));
        Html::parse_document(std::str::from_utf8(bytes).unwrap())
    }

    fn has(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }
}

fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap()
}

fn attr(e: &scraper::ElementRef, name: &str) -> String {
    e.value().attr(name).unwrap_or_default().to_string()
}

fn text(e: &scraper::ElementRef) -> String {
    e.text().collect::<String>().trim().to_string()
}

/// The offices the site lists on a date: set up by then (all offices of the sample are).
struct Office {
    id: String,
    established: Option<NaiveDate>,
    dissolved: Option<NaiveDate>,
}

impl Office {
    fn exists_on(&self, day: NaiveDate) -> bool {
        self.established.is_none_or(|e| e <= day) && self.dissolved.is_none_or(|x| day < x)
    }
}

fn offices() -> Vec<Office> {
    let mut all: Vec<Office> = records("offices")
        .iter()
        .map(|o| Office {
            id: s(o, "id"),
            established: d(o, "established"),
            dissolved: d(o, "dissolved"),
        })
        .collect();
    all.sort_by(|a, b| a.id.cmp(&b.id));
    all
}

// ---------------------------------------------------------------------------------------
// 四个一 compliance
// ---------------------------------------------------------------------------------------

/// A period as (year, number): the month 1–12, or the quarter 1–4.
fn period_of(day: NaiveDate, monthly: bool) -> (i32, u32) {
    if monthly {
        (day.year(), day.month())
    } else {
        (day.year(), (day.month() - 1) / 3 + 1)
    }
}

fn next_period((year, n): (i32, u32), monthly: bool) -> (i32, u32) {
    let last = if monthly { 12 } else { 4 };
    if n == last {
        (year + 1, 1)
    } else {
        (year, n + 1)
    }
}

fn label((year, n): (i32, u32), monthly: bool) -> String {
    if monthly {
        format!("{year}年{n}月")
    } else {
        format!("{year}年第{n}季度")
    }
}

#[test]
fn activity_compliance_per_period_matches_the_records() {
    let site = site();
    let phases = site["phases"].as_sequence().unwrap();
    let start = phases.iter().map(|p| d(p, "start").unwrap()).min().unwrap();
    let end = phases.iter().map(|p| d(p, "end").unwrap()).max().unwrap();
    let activities = records("activities");
    let inspections = records("inspections");
    let mut missing_seen = 0;
    for as_of in AS_OF_DATES {
        let built = Built::new(as_of);
        let page = built.page("activities/index.html");
        let last = end.min(built.as_of);
        let mut missing_total = 0;
        for kind in site["activities"]["kinds"].as_sequence().unwrap() {
            let id = s(kind, "id");
            let monthly = s(kind, "every") == "month";
            let inspection_kind = s(kind, "inspection_kind");
            let done_days: Vec<NaiveDate> = activities
                .iter()
                .filter(|a| s(a, "activity") == id && in_force(a, built.as_of))
                .map(|a| d(a, "date").unwrap())
                .chain(
                    inspections
                        .iter()
                        .filter(|i| !inspection_kind.is_empty() && s(i, "kind") == inspection_kind)
                        .filter(|i| in_force(i, built.as_of))
                        .map(|i| d(i, "date").unwrap()),
                )
                // A kind with `bulletins: true` is done by each bulletin on its issuing date.
                .chain(
                    bulletin_issue_dates()
                        .into_iter()
                        .filter(|(_, withdrawn)| withdrawn.is_none_or(|w| w > built.as_of))
                        .map(|(issued, _)| issued)
                        .filter(|_| kind["bulletins"].as_bool() == Some(true)),
                )
                .filter(|day| *day <= built.as_of)
                .collect();
            let mut expected = Vec::new();
            let mut p = period_of(start, monthly);
            while p <= period_of(last, monthly) {
                let done = done_days.iter().any(|day| period_of(*day, monthly) == p);
                let over = period_of(built.as_of, monthly) > p;
                let state = match (done, over) {
                    (true, _) => "done",
                    (false, true) => "missing",
                    (false, false) => "progress",
                };
                missing_total += usize::from(state == "missing");
                expected.push((label(p, monthly), state.to_string()));
                p = next_period(p, monthly);
            }
            let shown: Vec<(String, String)> = page
                .select(&sel(&format!("table[data-activity=\"{id}\"] tbody tr")))
                .map(|tr| {
                    let th = tr.select(&sel("th")).next().unwrap();
                    (text(&th), attr(&tr, "data-state"))
                })
                .collect();
            assert_eq!(shown, expected, "activity {id} as of {as_of}");
        }
        let alert: Vec<String> = page
            .select(&sel(".activities-missing"))
            .map(|e| text(&e))
            .collect();
        if missing_total == 0 {
            assert!(alert.is_empty(), "as of {as_of}");
        } else {
            assert_eq!(alert, [missing_total.to_string()], "as of {as_of}");
        }
        missing_seen += missing_total;
    }
    assert!(missing_seen > 0, "the sample has a missing activity");
}

#[test]
fn opinion_cards_are_shown_as_recorded() {
    let built = Built::new(AS_OF_DATES[0]);
    let page = built.page("activities/index.html");
    for a in records("activities")
        .iter()
        .filter(|a| !s(a, "cards_issued").is_empty())
    {
        let li = page
            .select(&sel(&format!("#activity-{}", s(a, "id"))))
            .next()
            .unwrap();
        let cards = li.select(&sel(".activity-cards")).next().unwrap();
        assert_eq!(attr(&cards, "data-issued"), s(a, "cards_issued"));
        assert_eq!(attr(&cards, "data-returned"), s(a, "cards_returned"));
    }
}

// ---------------------------------------------------------------------------------------
// Implementation plans
// ---------------------------------------------------------------------------------------

#[test]
fn plans_are_on_time_late_or_missing_against_the_due_date() {
    let site = site();
    let plans = records("plans");
    let offices = offices();
    let mut kinds_seen = BTreeSet::new();
    for as_of in AS_OF_DATES {
        let built = Built::new(as_of);
        let page = built.page("plans/index.html");
        for phase in site["phases"].as_sequence().unwrap() {
            let id = s(phase, "id");
            let rows = sel(&format!("table[data-phase=\"{id}\"] tbody tr"));
            let (Some(due), true) = (d(phase, "due"), d(phase, "start").unwrap() <= built.as_of)
            else {
                assert_eq!(page.select(&rows).count(), 0, "phase {id} as of {as_of}");
                continue;
            };
            let expected: Vec<(String, String)> = offices
                .iter()
                .filter(|o| o.exists_on(due) && o.established.is_none_or(|e| e <= built.as_of))
                .map(|o| {
                    let submitted = plans
                        .iter()
                        .filter(|p| in_force(p, built.as_of))
                        .find(|p| s(p, "office") == o.id && s(p, "phase") == id)
                        .and_then(|p| d(p, "submitted"))
                        .filter(|day| *day <= built.as_of);
                    let state = match submitted {
                        Some(day) if day <= due => "ontime",
                        Some(_) => "late",
                        None if due < built.as_of => "missing",
                        None => "pending",
                    };
                    kinds_seen.insert(state);
                    (o.id.clone(), state.to_string())
                })
                .collect();
            let shown: Vec<(String, String)> = page
                .select(&rows)
                .map(|tr| (attr(&tr, "data-office"), attr(&tr, "data-state")))
                .collect();
            assert_eq!(shown, expected, "phase {id} as of {as_of}");
        }
    }
    for state in ["ontime", "late", "missing", "pending"] {
        assert!(
            kinds_seen.contains(state),
            "the sample shows a {state} plan"
        );
    }
}

// ---------------------------------------------------------------------------------------
// Public opinions
// ---------------------------------------------------------------------------------------

#[test]
fn opinion_counts_per_office_and_awaiting_responses() {
    let opinions = records("opinions");
    let mut awaiting_seen = false;
    for as_of in AS_OF_DATES {
        let built = Built::new(as_of);
        let page = built.page("opinions/index.html");
        let mut expected: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        let mut published = BTreeSet::new();
        for o in opinions
            .iter()
            .filter(|o| d(o, "received").unwrap() <= built.as_of && in_force(o, built.as_of))
        {
            let answered = d(o, "responded_on").is_some_and(|day| day <= built.as_of);
            let counts = expected.entry(s(o, "office")).or_default();
            counts.0 += 1;
            counts.1 += usize::from(answered);
            published.insert((s(o, "id"), answered));
            awaiting_seen |= !answered;
        }
        let shown: BTreeMap<String, (usize, usize)> = page
            .select(&sel("#opinion-offices tbody tr"))
            .map(|tr| {
                let n: Vec<usize> = tr
                    .select(&sel("td"))
                    .map(|td| text(&td).parse().unwrap())
                    .collect();
                assert_eq!(n[0], n[1] + n[2], "received = answered + awaiting");
                (attr(&tr, "data-office"), (n[0], n[1]))
            })
            .collect();
        assert_eq!(shown, expected, "as of {as_of}");
        let items: BTreeSet<(String, bool)> = page
            .select(&sel("li.opinion"))
            .map(|li| {
                let awaiting = li.select(&sel(".tag-awaiting")).next().is_some();
                assert_eq!(attr(&li, "data-answered") == "1", !awaiting);
                (attr(&li, "data-opinion"), !awaiting)
            })
            .collect();
        assert_eq!(items, published, "as of {as_of}");
        for (office, (received, answered)) in &expected {
            let page = built.page(&format!("offices/{office}/index.html"));
            let count = page.select(&sel(".office-opinion-count")).next().unwrap();
            assert_eq!(
                text(&count),
                format!("意见 {received} 条，已回应 {answered} 条。"),
                "office {office} as of {as_of}"
            );
        }
    }
    assert!(
        awaiting_seen,
        "the sample has an opinion awaiting a response"
    );
}

#[test]
fn no_sender_reaches_the_site() {
    for o in records("opinions") {
        for key in ["sender", "name", "phone", "contact"] {
            assert!(o.get(key).is_none(), "{key} in {}", s(&o, "id"));
        }
    }
}

// ---------------------------------------------------------------------------------------
// Nine systems
// ---------------------------------------------------------------------------------------

#[test]
fn systems_matrix_and_counts_match_the_records() {
    let site = site();
    let systems: Vec<String> = site["systems"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|x| s(x, "id"))
        .collect();
    let records = records("systems");
    for as_of in AS_OF_DATES {
        let built = Built::new(as_of);
        let page = built.page("systems/index.html");
        let mut counts: BTreeMap<(&str, String), usize> = BTreeMap::new();
        let offices = offices();
        let mut rows = 0;
        for office in offices.iter().filter(|o| o.exists_on(built.as_of)) {
            rows += 1;
            let record = records
                .iter()
                .find(|r| s(r, "office") == office.id && in_force(r, built.as_of));
            let row = page
                .select(&sel(&format!("tr[data-office=\"{}\"]", office.id)))
                .next()
                .unwrap_or_else(|| panic!("row of {} as of {as_of}", office.id));
            for system in &systems {
                let entry = record.and_then(|r| {
                    r["systems"]
                        .as_sequence()
                        .unwrap()
                        .iter()
                        .find(|e| &s(e, "system") == system)
                        .filter(|e| d(e, "date").is_none_or(|day| day <= built.as_of))
                });
                let state = match entry.map(|e| s(e, "state")).as_deref() {
                    Some("已落实") => "implemented",
                    Some("已建立") => "established",
                    _ => "missing",
                };
                *counts.entry((state, system.clone())).or_default() += 1;
                let cell = row
                    .select(&sel(&format!("td[data-system=\"{system}\"]")))
                    .next()
                    .unwrap();
                assert_eq!(attr(&cell, "data-state"), state, "{} {system}", office.id);
            }
        }
        assert_eq!(page.select(&sel("tbody tr[data-office]")).count(), rows);
        for state in ["implemented", "established", "missing"] {
            let tr = page
                .select(&sel(&format!("tfoot tr[data-count=\"{state}\"]")))
                .next()
                .unwrap();
            let shown: Vec<usize> = tr
                .select(&sel("td.num"))
                .map(|td| text(&td).parse().unwrap())
                .collect();
            let expected: Vec<usize> = systems
                .iter()
                .map(|sys| counts.get(&(state, sys.clone())).copied().unwrap_or(0))
                .collect();
            assert_eq!(shown, expected, "{state} as of {as_of}");
        }
    }
}

// ---------------------------------------------------------------------------------------
// Inspections and their back-links; accountability
// ---------------------------------------------------------------------------------------

#[test]
fn inspections_after_the_date_are_not_published_and_items_link_back() {
    let inspections = records("inspections");
    let mut later_seen = false;
    let mut backlinks_seen = 0;
    for as_of in AS_OF_DATES {
        let built = Built::new(as_of);
        let index = built.page("inspections/index.html");
        let listed: BTreeSet<String> = index
            .select(&sel("tr[data-inspection]"))
            .map(|tr| attr(&tr, "data-inspection"))
            .collect();
        let mut expected_links: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let mut published = BTreeSet::new();
        for i in &inspections {
            let id = s(i, "id");
            let page = format!("inspections/{id}/index.html");
            if d(i, "date").unwrap() > built.as_of || !approved(i) {
                later_seen |= approved(i);
                assert!(!built.has(&page), "{page} as of {as_of}");
                continue;
            }
            assert!(built.has(&page), "{page} as of {as_of}");
            if !in_force(i, built.as_of) {
                // Withdrawn: its page is a notice; it leaves the list and links nowhere.
                continue;
            }
            published.insert(id.clone());
            for f in i["findings"].as_sequence().into_iter().flatten() {
                for item in list(f, "items") {
                    expected_links
                        .entry(item)
                        .or_default()
                        .insert(format!("inspections/{id}/"));
                }
            }
        }
        assert_eq!(listed, published, "as of {as_of}");
        for (path, _) in built.files.iter().filter(|(p, _)| {
            p.starts_with("items/") && p.matches('/').count() == 2 && p.ends_with("/index.html")
        }) {
            let item = path.split('/').nth(1).unwrap();
            if item == "status" || item == "category" {
                continue;
            }
            let page = built.page(path);
            let shown: BTreeSet<String> = page
                .select(&sel(
                    "section[aria-labelledby=\"item-inspections-heading\"] a",
                ))
                .map(|a| attr(&a, "href").trim_start_matches("../../").to_string())
                .collect();
            let expected = expected_links.get(item).cloned().unwrap_or_default();
            backlinks_seen += expected.len();
            assert_eq!(shown, expected, "{item} as of {as_of}");
        }
    }
    assert!(
        later_seen,
        "the sample has an inspection after an as-of date"
    );
    assert!(
        backlinks_seen > 0,
        "the sample has findings that raised items"
    );
}

#[test]
fn every_inspection_kind_is_in_the_sample() {
    let kinds: BTreeSet<String> = records("inspections")
        .iter()
        .map(|i| s(i, "kind"))
        .collect();
    assert_eq!(
        kinds,
        list(&site()["inspections"], "kinds").into_iter().collect()
    );
}

#[test]
fn accountability_lists_decisions_up_to_the_date_with_counts_per_level() {
    let site = site();
    let levels = site["accountability"]["levels"].as_sequence().unwrap();
    let decisions = records("accountability");
    let used: BTreeSet<String> = decisions.iter().map(|x| s(x, "level")).collect();
    assert!(used.len() >= 2, "the sample uses two levels or more");
    for as_of in AS_OF_DATES {
        let built = Built::new(as_of);
        let page = built.page("accountability/index.html");
        let published: Vec<&Value> = decisions
            .iter()
            .filter(|x| d(x, "date").unwrap() <= built.as_of && in_force(x, built.as_of))
            .collect();
        let mut expected: Vec<String> = published.iter().map(|x| s(x, "id")).collect();
        expected.reverse();
        let shown: Vec<String> = page
            .select(&sel("tr[data-decision]"))
            .map(|tr| attr(&tr, "data-decision"))
            .collect();
        assert_eq!(shown, expected, "as of {as_of}");
        let counts: Vec<String> = page
            .select(&sel(".level-counts li"))
            .map(|li| text(&li))
            .collect();
        let expected_counts: Vec<String> = levels
            .iter()
            .map(|l| {
                let n = published
                    .iter()
                    .filter(|x| s(x, "level") == s(l, "id"))
                    .count();
                format!("{}：{n} 人次", s(l, "name"))
            })
            .collect();
        assert_eq!(counts, expected_counts, "as of {as_of}");
    }
}

#[test]
fn the_hub_links_every_section() {
    let built = Built::new(AS_OF_DATES[0]);
    let page = built.page("supervision/index.html");
    for section in [
        "systems",
        "inspections",
        "activities",
        "opinions",
        "accountability",
        "plans",
    ] {
        assert!(
            page.select(&sel(&format!("a[href=\"../{section}/\"]")))
                .next()
                .is_some(),
            "{section}"
        );
        assert!(built.has(&format!("{section}/index.html")));
    }
}
