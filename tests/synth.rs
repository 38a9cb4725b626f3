//! The synthetic corpus of `examples/synth` (the benchmark's input) is a valid site with every
//! record type, and large sites stay usable: no page over about 1 MB.

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use gongkai::{Options, build_in_memory};

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

/// Runs `cargo run --example synth` (the same cargo that runs the tests) into a fresh folder.
fn synth(offices: usize, items: usize) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    let status = Command::new(env!("CARGO"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["run", "--quiet", "--example", "synth", "--"])
        .args([
            "--offices",
            &offices.to_string(),
            "--items",
            &items.to_string(),
        ])
        .arg("--output")
        .arg(&root)
        .status()
        .unwrap();
    assert!(status.success(), "synth failed: {status}");
    (dir, root)
}

fn options(root: &Path) -> Options {
    Options {
        root: root.to_path_buf(),
        as_of: Some(as_of()),
        ..Default::default()
    }
}

/// Every record folder of a campaign site is written, and `check` finds no error.
#[test]
fn a_generated_site_has_every_record_type_and_passes_check() {
    let (_dir, root) = synth(25, 300);
    for folder in [
        "offices",
        "items",
        "evaluations",
        "performance",
        "systems",
        "plans",
        "inspections",
        "opinions",
        "accountability",
        "activities",
        "bulletins",
        "calendar",
    ] {
        let path = root.join("content").join(folder);
        let files = std::fs::read_dir(&path)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            .count();
        assert!(files > 0, "{folder} is empty");
    }
    assert!(root.join("content/bulletins/2026-Q2.frozen.yaml").is_file());
    let items = walkdir::WalkDir::new(root.join("content/items"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .collect::<Vec<_>>();
    assert!(items.iter().any(|t| t.contains("个工作日\n")));
    assert!(items.iter().any(|t| t.contains("deadline: 长期\n")));
    let report = gongkai::check(&options(&root)).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(report.as_of, as_of());
}

/// Every item id of the site, read from the files (every synthetic item is published).
fn item_ids(root: &Path) -> Vec<String> {
    let mut ids: Vec<String> = walkdir::WalkDir::new(root.join("content/items"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let text = std::fs::read_to_string(e.path()).unwrap();
            let line = text.lines().find(|l| l.starts_with("id: "))?;
            Some(line["id: ".len()..].trim().to_string())
        })
        .collect();
    ids.sort();
    ids
}

/// The pages of a paginated list: its first page, then `page/2/`, … as long as they exist.
fn list_pages<'a>(
    files: &'a std::collections::BTreeMap<String, Vec<u8>>,
    base: &str,
) -> Vec<(String, &'a [u8])> {
    let mut pages = Vec::new();
    let mut path = format!("{base}index.html");
    while let Some(bytes) = files.get(&path) {
        pages.push((path.clone(), bytes.as_slice()));
        path = format!("{base}page/{}/index.html", pages.len() + 1);
    }
    pages
}

/// A link of a page, resolved against the page's folder, as a path below the site root.
fn resolve(page: &str, href: &str) -> String {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for part in href.split('/') {
        match part {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            other => parts.push(other),
        }
    }
    let mut path = parts.join("/");
    if href.ends_with('/') {
        path.push_str("/index.html");
    }
    path
}

/// The first cells (item ids) of the rows of a page's tables with `selector`.
fn row_ids(html: &str, selector: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(html);
    let rows = scraper::Selector::parse(selector).unwrap();
    doc.select(&rows)
        .map(|th| th.text().collect::<String>().trim().to_string())
        .collect()
}

/// A site large enough to paginate: no page over 1 MiB, every item exactly once across the
/// pages of the items index, the overdue and the status lists, and every page link resolves.
#[test]
fn long_lists_are_paginated_and_every_item_appears_once() {
    let (_dir, root) = synth(12, 1300);
    let site = build_in_memory(&options(&root)).unwrap_or_else(|e| panic!("{e:?}"));
    let files = &site.files;
    for (path, bytes) in files {
        if path.ends_with(".html") {
            assert!(bytes.len() < 1 << 20, "{path} is {} bytes", bytes.len());
        }
    }
    let ids = item_ids(&root);
    let items = list_pages(files, "items/");
    assert!(items.len() >= 2, "1300 items should take several pages");
    let mut seen: Vec<String> = items
        .iter()
        .flat_map(|(_, html)| {
            row_ids(
                std::str::from_utf8(html).unwrap(),
                "table.item-table tbody th.cell-id",
            )
        })
        .collect();
    seen.sort();
    assert_eq!(seen, ids, "the items index pages list every item once");

    // The status filter pages together list every item once, too.
    let mut by_status: Vec<String> = ["pending", "progress", "done"]
        .iter()
        .flat_map(|s| list_pages(files, &format!("items/status/{s}/")))
        .flat_map(|(_, html)| {
            row_ids(
                std::str::from_utf8(html).unwrap(),
                "table.item-table tbody th.cell-id",
            )
        })
        .collect();
    by_status.sort();
    assert_eq!(by_status, ids);

    // Overdue: no item twice, and as many as the page says.
    let overdue = list_pages(files, "overdue/");
    let mut listed: Vec<String> = overdue
        .iter()
        .flat_map(|(_, html)| {
            row_ids(
                std::str::from_utf8(html).unwrap(),
                "#overdue-table tbody th",
            )
        })
        .collect();
    let count = listed.len();
    listed.sort();
    listed.dedup();
    assert_eq!(listed.len(), count, "an overdue item is listed twice");

    // Every link of every page navigation leads to a built page; page numbers run 1..=n.
    let nav = scraper::Selector::parse("nav.pager a").unwrap();
    for base in ["items/", "overdue/", "stale/", "items/status/done/"] {
        let pages = list_pages(files, base);
        for (path, html) in &pages {
            let doc = scraper::Html::parse_document(std::str::from_utf8(html).unwrap());
            let links: Vec<String> = doc
                .select(&nav)
                .map(|a| a.value().attr("href").unwrap().to_string())
                .collect();
            if pages.len() == 1 {
                assert!(
                    links.is_empty(),
                    "{path}: a one-page list has no navigation"
                );
                continue;
            }
            assert!(
                links.len() > pages.len(),
                "{path}: numbers and 上一页/下一页"
            );
            for href in links {
                let target = resolve(path, &href);
                assert!(
                    files.contains_key(&target),
                    "{path}: {href} → {target} is missing"
                );
            }
        }
    }
}

/// The lists with a row per office (九项制度, 实施方案) are paginated too: at 450 offices each
/// takes several pages, no page is over 1 MiB, and every office with systems records appears
/// exactly once across the matrix's pages and once per phase across the plans' pages.
#[test]
fn office_lists_are_paginated_and_every_office_appears_once() {
    let (_dir, root) = synth(450, 900);
    let site = build_in_memory(&options(&root)).unwrap_or_else(|e| panic!("{e:?}"));
    let files = &site.files;
    for (path, bytes) in files {
        if path.ends_with(".html") {
            assert!(bytes.len() < 1 << 20, "{path} is {} bytes", bytes.len());
        }
    }
    // Offices that exist on the as-of date, read from their files: not dissolved by then
    // (the synthetic offices are all established before it).
    let existing = std::fs::read_dir(root.join("content/offices"))
        .unwrap()
        .filter(|e| {
            let text = std::fs::read_to_string(e.as_ref().unwrap().path()).unwrap();
            !text.lines().any(|l| {
                l.strip_prefix("dissolved: ")
                    .is_some_and(|d| d.trim() <= as_of().to_string().as_str())
            })
        })
        .count();
    let matrix = list_pages(files, "systems/");
    assert!(matrix.len() >= 3, "450 offices take 3 pages of the matrix");
    let mut seen: Vec<String> = matrix
        .iter()
        .flat_map(|(_, html)| {
            row_ids(
                std::str::from_utf8(html).unwrap(),
                "#systems-matrix tbody th",
            )
        })
        .collect();
    let count = seen.len();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), count, "an office is twice in the matrix");
    assert_eq!(count, existing, "the matrix has a row per existing office");

    let plans = list_pages(files, "plans/");
    assert!(plans.len() >= 3, "450 offices take 3 pages of plans");
    let tables = scraper::Selector::parse("table.plans-table").unwrap();
    let rows = scraper::Selector::parse("tbody tr").unwrap();
    let mut per_phase: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for (_, html) in &plans {
        let doc = scraper::Html::parse_document(std::str::from_utf8(html).unwrap());
        for table in doc.select(&tables) {
            let phase = table.value().attr("data-phase").unwrap().to_string();
            per_phase.entry(phase).or_default().extend(
                table
                    .select(&rows)
                    .map(|tr| tr.value().attr("data-office").unwrap().to_string()),
            );
        }
    }
    assert!(!per_phase.is_empty(), "the synthetic site has plans due");
    for (phase, mut offices) in per_phase {
        let count = offices.len();
        offices.sort();
        offices.dedup();
        assert_eq!(
            offices.len(),
            count,
            "phase {phase}: an office is listed twice"
        );
        assert!(count > 400, "phase {phase}: {count} offices");
    }
}
