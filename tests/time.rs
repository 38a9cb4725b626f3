//! Working-day deadlines, 长期 items and 长期未更新 (stale) items, on small fixture sites built
//! with the library. Expected days are counted here, independently, from a test-local list of
//! the few holiday and make-up dates involved — never taken from the library's output.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use gongkai::{Error, Options};

/// National Day 2026 as the State Council arranged it: the days off and the make-up days.
const NATIONAL_DAY_OFF: [&str; 7] = [
    "2026-10-01",
    "2026-10-02",
    "2026-10-03",
    "2026-10-04",
    "2026-10-05",
    "2026-10-06",
    "2026-10-07",
];
/// Sunday 09-20 and Saturday 10-10 were worked in exchange.
const NATIONAL_DAY_WORKED: [&str; 2] = ["2026-09-20", "2026-10-10"];

const CALENDAR: &str = "\
year: 2026
holidays:
  - name: 中秋节
    start: 2026-09-25
    end: 2026-09-27
  - name: 国庆节
    start: 2026-10-01
    end: 2026-10-07
workdays:
  - date: 2026-09-20
    reason: 国庆节调休
  - date: 2026-10-10
    reason: 国庆节调休
";

const OFFICE: &str = "\
id: bgs
name: 办公室
chief: 陈某某
deputy: 刘某某
duties: 负责文电运转。
phone: 0839-5212300
";

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Whether `day` is worked, by the lists above (the fixture's span stays within them, plus
/// 中秋节 09-25, a Friday).
fn worked(day: NaiveDate) -> bool {
    let s = day.to_string();
    if NATIONAL_DAY_WORKED.contains(&s.as_str()) {
        return true;
    }
    let weekend = day.weekday().num_days_from_monday() >= 5;
    !weekend && !NATIONAL_DAY_OFF.contains(&s.as_str()) && s != "2026-09-25"
}

/// The nth worked day strictly after `found`.
fn nth_worked_after(found: &str, n: u32) -> NaiveDate {
    let mut day = d(found);
    let mut left = n;
    while left > 0 {
        day = day.succ_opt().unwrap();
        if worked(day) {
            left -= 1;
        }
    }
    day
}

fn site_yaml(deadlines: &str) -> String {
    format!(
        "title: 测试专栏\nunit: 测试单位\ncampaign: 机关效能建设年活动\nyear: 2026\n{deadlines}categories:\n  - id: xiaolv\n    name: 整治办事效率不高问题\n"
    )
}

/// An item file: `entries` are `(date, status)`, status "" for a progress note.
fn item(id: &str, found: &str, deadline: &str, entries: &[(&str, &str)]) -> String {
    let mut text = format!(
        "---\nid: {id}\noffice: bgs\ntitle: 事项{id}\ncategory: xiaolv\nsource: 自身找\nfound: {found}\ndeadline: {deadline}\ntimeline:\n"
    );
    for (date, status) in entries {
        text += &format!("  - date: {date}\n");
        if !status.is_empty() {
            text += &format!("    status: {status}\n");
        }
        text += "    note: 记录。\n";
    }
    text + "---\n正文。\n"
}

/// A fixture site in a temporary folder.
struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new(deadlines: &str, items: &[(&str, String)]) -> Fixture {
        let f = Fixture {
            dir: tempfile::tempdir().unwrap(),
        };
        f.write("content/site.yaml", &site_yaml(deadlines));
        f.write("content/offices/bgs.yaml", OFFICE);
        f.write("content/calendar/2026.yaml", CALENDAR);
        for (name, text) in items {
            f.write(&format!("content/items/{name}.md"), text);
        }
        f
    }

    fn write(&self, relative: &str, text: &str) {
        let path = self.dir.path().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn build(&self, as_of: &str) -> Result<BTreeMap<String, String>, Error> {
        let site = gongkai::build_in_memory(&Options {
            root: self.dir.path().to_path_buf(),
            as_of: Some(d(as_of)),
            ..Default::default()
        })?;
        Ok(site
            .files
            .into_iter()
            .map(|(path, bytes)| (path, String::from_utf8_lossy(&bytes).into_owned()))
            .collect())
    }

    fn pages(&self, as_of: &str) -> BTreeMap<String, String> {
        match self.build(as_of) {
            Ok(pages) => pages,
            Err(Error::Records(problems)) => panic!(
                "the fixture must build: {}",
                problems
                    .iter()
                    .map(|p| p.render())
                    .collect::<Vec<_>>()
                    .join("")
            ),
            Err(e) => panic!("{e:?}"),
        }
    }

    /// The rendered errors of a build that must fail.
    fn errors(&self, as_of: &str) -> String {
        match self.build(as_of) {
            Ok(_) => panic!("the build must fail"),
            Err(Error::Records(problems)) => problems
                .iter()
                .filter(|p| p.is_error())
                .map(|p| p.render())
                .collect(),
            Err(e) => panic!("{e:?}"),
        }
    }
}

/// The visible text of the page's `<main>`, tags stripped, whitespace collapsed.
fn main_text(html: &str) -> String {
    let doc = scraper::Html::parse_document(html);
    let main = scraper::Selector::parse("main").unwrap();
    doc.select(&main)
        .flat_map(|m| m.text())
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn page<'a>(pages: &'a BTreeMap<String, String>, path: &str) -> &'a str {
    pages.get(path).unwrap_or_else(|| panic!("{path} is built"))
}

#[test]
fn working_days_skip_national_day_and_count_the_make_up_days() {
    // Found Tuesday 09-29: 09-30, then the week off, then 10-08, 10-09, Saturday 10-10 (worked).
    let across = nth_worked_after("2026-09-29", 5);
    // Found Friday 09-18: the first working day after is Sunday 09-20, a make-up day.
    let sunday = nth_worked_after("2026-09-18", 1);
    // Found 09-24: 中秋节 Friday 09-25 is off.
    let mid_autumn = nth_worked_after("2026-09-24", 1);
    assert_eq!(
        sunday.weekday(),
        chrono::Weekday::Sun,
        "the fixture's premise"
    );
    let f = Fixture::new(
        "",
        &[
            ("a", item("A-1", "2026-09-29", "5个工作日", &[])),
            ("b", item("A-2", "2026-09-18", "1个工作日", &[])),
            ("c", item("A-3", "2026-09-24", "1个工作日", &[])),
        ],
    );
    let pages = f.pages("2026-10-20");
    for (id, days, due) in [
        ("A-1", 5, across),
        ("A-2", 1, sunday),
        ("A-3", 1, mid_autumn),
    ] {
        let text = main_text(page(&pages, &format!("items/{id}/index.html")));
        let shown = format!("{days}个工作日（至 {due}）");
        assert!(text.contains(&shown), "{id} shows `{shown}`: {text}");
    }
    // The resolved day is the deadline in the open data too.
    let json = page(&pages, "data/items.json");
    let items: serde_json::Value = serde_json::from_str(json).unwrap();
    let a1 = items
        .as_array()
        .or_else(|| items["items"].as_array())
        .unwrap()
        .iter()
        .find(|i| i["id"] == "A-1")
        .unwrap();
    assert_eq!(a1["deadline_written"], "5个工作日");
    assert_eq!(a1["original_deadline"], across.to_string());
}

#[test]
fn days_overdue_are_counted_in_working_days_when_the_site_asks() {
    let entries = [("2026-09-01", "整改中"), ("2026-10-08", "")];
    let items = [("a", item("A-1", "2026-09-01", "2026-09-30", &entries))];
    let as_of = "2026-10-12";
    let calendar_days = (d(as_of) - d("2026-09-30")).num_days();
    let working_days = d("2026-09-30")
        .iter_days()
        .skip(1)
        .take_while(|x| *x <= d(as_of))
        .filter(|x| worked(*x))
        .count();
    assert_ne!(
        calendar_days as usize, working_days,
        "the fixture's premise"
    );

    let plain = Fixture::new("", &items);
    let text = main_text(page(&plain.pages(as_of), "items/A-1/index.html"));
    assert!(text.contains(&format!("逾期 {calendar_days} 天")), "{text}");

    let working = Fixture::new("deadlines:\n  count: working_days\n", &items);
    let pages = working.pages(as_of);
    let text = main_text(page(&pages, "items/A-1/index.html"));
    assert!(
        text.contains(&format!("逾期 {working_days} 个工作日")),
        "{text}"
    );
    let overdue = main_text(page(&pages, "overdue/index.html"));
    assert!(
        overdue.contains(&format!("逾期 {working_days} 个工作日")),
        "{overdue}"
    );
    // Days left before the deadline, in working days, with the due-soon threshold.
    let soon = Fixture::new(
        "deadlines:\n  count: working_days\n  due_soon: 3\n",
        &[("a", item("A-1", "2026-09-01", "2026-10-09", &entries[..1]))],
    );
    let left = d("2026-09-30")
        .iter_days()
        .skip(1)
        .take_while(|x| *x <= d("2026-10-09"))
        .filter(|x| worked(*x))
        .count();
    assert!(left <= 3, "the fixture's premise");
    let text = main_text(page(&soon.pages("2026-09-30"), "items/A-1/index.html"));
    assert!(text.contains(&format!("剩 {left} 个工作日")), "{text}");
}

#[test]
fn ongoing_items_are_never_overdue_and_listed_apart() {
    let f = Fixture::new(
        "",
        &[
            (
                "a",
                item("A-1", "2026-06-01", "长期", &[("2026-06-01", "整改中")]),
            ),
            ("b", item("A-2", "2026-06-01", "2026-06-30", &[])),
        ],
    );
    let pages = f.pages("2026-12-31");
    let overdue = page(&pages, "overdue/index.html");
    assert!(!overdue.contains("items/A-1/"), "长期 is never overdue");
    assert!(overdue.contains("items/A-2/"));
    assert!(main_text(overdue).contains("另有 1 项整改时限为“长期”的事项"));
    let html = page(&pages, "items/A-1/index.html");
    let text = main_text(html);
    assert!(text.contains("整改时限长期"), "{text}");
    assert!(!html.contains("tag-overdue"), "{text}");
    assert!(page(&pages, "items/A-2/index.html").contains("tag-overdue"));
    // Listed apart on the items page: in the 长期 table, not the dated one.
    let doc = scraper::Html::parse_document(page(&pages, "items/index.html"));
    let rows = |table: &str| -> Vec<String> {
        let sel = scraper::Selector::parse(&format!("#{table} tbody th")).unwrap();
        doc.select(&sel).map(|c| c.text().collect()).collect()
    };
    assert_eq!(rows("ongoing-table"), ["A-1"]);
    assert_eq!(rows("items-table"), ["A-2"]);
    // Its status and staleness still count: 整改中, no entry since 06-01.
    assert!(text.contains("长期未更新"), "{text}");
}

#[test]
fn stale_items_at_two_dates_and_later_entries_do_not_count() {
    let entries = [("2026-06-01", "整改中"), ("2026-07-20", "")];
    let f = Fixture::new(
        "deadlines:\n  stale_after: 30\n",
        &[
            ("a", item("A-1", "2026-06-01", "2026-12-31", &entries)),
            (
                "b",
                item(
                    "A-2",
                    "2026-06-01",
                    "2026-12-31",
                    &[("2026-06-01", "已办结")],
                ),
            ),
        ],
    );
    // As of 07-15 the last entry known is 06-01, 44 days before: more than 30, stale. The
    // entry of 07-20 is after the date and does not count.
    let early = f.pages("2026-07-15");
    let days = (d("2026-07-15") - d("2026-06-01")).num_days();
    assert!(days > 30);
    let item_text = main_text(page(&early, "items/A-1/index.html"));
    assert!(item_text.contains("长期未更新"), "{item_text}");
    assert!(
        item_text.contains(&format!("已 {days} 天没有新的办理记录")),
        "{item_text}"
    );
    let office = main_text(page(&early, "offices/bgs/index.html"));
    assert!(
        office.contains("本科室有 1 项未办结事项超过 30 天"),
        "{office}"
    );
    let stale = page(&early, "stale/index.html");
    assert!(stale.contains("items/A-1/"));
    assert!(
        !stale.contains("items/A-2/"),
        "a completed item is never stale"
    );
    // As of 07-25 the entry of 07-20 is known: 5 days, not stale.
    let later = f.pages("2026-07-25");
    assert!(!main_text(page(&later, "items/A-1/index.html")).contains("长期未更新"));
    assert!(!page(&later, "stale/index.html").contains("items/A-1/"));
    assert!(!main_text(page(&later, "offices/bgs/index.html")).contains("本科室有"));
}

#[test]
fn stale_list_is_sorted_by_days_since_the_last_update() {
    let f = Fixture::new(
        "",
        &[
            (
                "a",
                item(
                    "A-1",
                    "2026-06-01",
                    "2026-12-31",
                    &[("2026-08-01", "整改中")],
                ),
            ),
            (
                "b",
                item(
                    "A-2",
                    "2026-06-01",
                    "2026-12-31",
                    &[("2026-06-05", "整改中")],
                ),
            ),
            ("c", item("A-3", "2026-06-01", "2026-12-31", &[])),
        ],
    );
    let pages = f.pages("2026-10-01");
    let doc = scraper::Html::parse_document(page(&pages, "stale/index.html"));
    let sel = scraper::Selector::parse("#stale-table tbody th").unwrap();
    let order: Vec<String> = doc.select(&sel).map(|c| c.text().collect()).collect();
    // A-3 has no entry: counted from its found date 06-01; then A-2 (06-05), then A-1 (08-01).
    assert_eq!(order, ["A-3", "A-2", "A-1"]);
}

#[test]
fn the_figures_page_explains_every_figure_with_the_site_thresholds() {
    let f = Fixture::new(
        "deadlines:\n  count: working_days\n  stale_after: 21\n  due_soon: 4\n",
        &[("a", item("A-1", "2026-06-01", "10个工作日", &[]))],
    );
    let pages = f.pages("2026-11-25");
    let help = page(&pages, "help/figures/index.html");
    for anchor in [
        "items",
        "status",
        "completion",
        "deadline",
        "overdue",
        "days-overdue",
        "due-soon",
        "on-time",
        "ongoing",
        "stale",
        "working-days",
        "calendar",
    ] {
        assert!(help.contains(&format!("id=\"{anchor}\"")), "#{anchor}");
    }
    let text = main_text(help);
    assert!(text.contains("deadlines.stale_after: 21"), "{text}");
    assert!(text.contains("deadlines.due_soon: 4"), "{text}");
    assert!(text.contains("deadlines.count: working_days"), "{text}");
    assert!(text.contains("2026-10-01 至 2026-10-07"), "{text}");
    // Linked from every figure block.
    for path in [
        "index.html",
        "offices/bgs/index.html",
        "overdue/index.html",
        "stale/index.html",
        "items/A-1/index.html",
    ] {
        assert!(
            page(&pages, path).contains("help/figures/"),
            "{path} links to the figures page"
        );
    }
}

#[test]
fn a_span_into_a_year_without_calendar_is_an_error_at_the_deadline() {
    let f = Fixture::new("", &[("a", item("A-1", "2026-12-20", "15个工作日", &[]))]);
    let errors = f.errors("2026-12-25");
    assert!(
        errors.contains("content/items/a.md:8:11: error: `15个工作日` from the found date 2026-12-20 cannot be counted"),
        "{errors}"
    );
    assert!(
        errors.contains("add content/calendar/2027.yaml"),
        "{errors}"
    );
}

#[test]
fn working_day_counts_need_the_calendar_of_the_as_of_year() {
    let f = Fixture::new(
        "deadlines:\n  count: working_days\n",
        &[("a", item("A-1", "2026-06-01", "2026-12-30", &[]))],
    );
    let errors = f.errors("2027-01-05");
    assert!(
        errors.contains("content/site.yaml:6:10: error: `count: working_days` needs the working days up to 2027-01-05"),
        "{errors}"
    );
    assert!(errors.contains("content/calendar/2027.yaml"), "{errors}");
    // Counted in calendar days, nothing needs the calendar.
    let plain = Fixture::new("", &[("a", item("A-1", "2026-06-01", "2026-12-30", &[]))]);
    assert!(plain.build("2027-01-05").is_ok());
}

#[test]
fn bad_deadlines_and_calendars_are_located() {
    let f = Fixture::new("", &[("a", item("A-1", "2026-06-01", "15天", &[]))]);
    f.write(
        "content/calendar/2026.yaml",
        "\
year: 2026
holidays:
  - name: 国庆节
    start: 2026-10-01
    end: 2026-10-07
  - name: 元旦
    dates: [2027-01-01]
workdays:
  - date: 2026-10-03
    reason: 国庆节调休
  - date: 2026-10-12
    reason: 多余
",
    );
    f.write("content/calendar/2025.yaml", "year: 2024\n");
    let errors = f.errors("2026-11-25");
    for expected in [
        "content/items/a.md:8:11: error: `deadline`: `15天` is not a date",
        "content/calendar/2026.yaml:7:13: error: 2027-01-01 is not in 2026",
        "content/calendar/2026.yaml:9:11: error: 2026-10-03 is a day off of 国庆节",
        "content/calendar/2026.yaml:11:11: error: 2026-10-12 is a Monday, already a working day",
        "content/calendar/2025.yaml:1:7: error: this file holds the calendar of 2024: name it 2024.yaml",
    ] {
        assert!(errors.contains(expected), "{expected}\n---\n{errors}");
    }
}

#[test]
fn the_sample_calendar_agrees_with_chinese_calendar() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (calendar, problems) = gongkai::calendar::load(root);
    assert!(problems.is_empty(), "{problems:?}");
    let script = "import sys, datetime as dt, chinese_calendar as cc\n\
                  d = dt.date(2026, 1, 1)\n\
                  while d.year == 2026:\n    \
                      print(d.isoformat(), int(cc.is_workday(d)))\n    \
                      d += dt.timedelta(days=1)\n";
    let out = std::process::Command::new("python3")
        .args(["-c", script])
        .output();
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let out = match out {
        Ok(out) if out.status.success() => out,
        other => {
            let why = match other {
                Ok(out) => String::from_utf8_lossy(&out.stderr).into_owned(),
                Err(e) => e.to_string(),
            };
            assert!(
                !ci,
                "CI needs python3 with chinese-calendar (pip install chinese-calendar==1.11.0): {why}"
            );
            println!("skipped: python3 with chinese-calendar is not available ({why})");
            return;
        }
    };
    let listed = String::from_utf8(out.stdout).unwrap();
    let mut days = 0;
    for line in listed.lines() {
        let (day, workday) = line.split_once(' ').unwrap();
        assert_eq!(
            calendar.is_working_day(d(day)),
            Ok(workday == "1"),
            "{day}: content/calendar/2026.yaml and chinese-calendar disagree"
        );
        days += 1;
    }
    assert_eq!(days, 365);
}

#[test]
fn ledger_cells_keep_working_days_and_ongoing_as_written() {
    let f = Fixture::new(
        "",
        &[
            (
                "a",
                item(
                    "A-1",
                    "2026-09-29",
                    "5个工作日",
                    &[("2026-09-29", "待整改")],
                ),
            ),
            (
                "b",
                item("A-2", "2026-06-01", "长期", &[("2026-06-01", "整改中")]),
            ),
        ],
    );
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_gongkai"))
            .args(args)
            .arg("--root")
            .arg(f.dir.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let out = tempfile::tempdir().unwrap();
    let folder = out.path().join("csv");
    let folder_arg = folder.to_str().unwrap();
    run(&[
        "export",
        "ledger",
        "--format",
        "csv",
        "--as-of",
        "2026-11-25",
        "--output",
        folder_arg,
    ]);
    let sheet = std::fs::read_to_string(folder.join("办公室.csv")).unwrap();
    let row = |id: &str| -> String {
        sheet
            .lines()
            .find(|l| l.contains(&format!(",{id},")))
            .unwrap_or_else(|| panic!("{id} in {sheet}"))
            .to_string()
    };
    assert!(row("A-1").contains(",5个工作日,"), "{}", row("A-1"));
    assert!(row("A-2").contains(",长期,"), "{}", row("A-2"));
    // Imported into the site without its items, the records come back as written.
    let before: Vec<String> = ["a", "b"]
        .iter()
        .map(|n| {
            std::fs::read_to_string(f.dir.path().join(format!("content/items/{n}.md"))).unwrap()
        })
        .collect();
    std::fs::remove_dir_all(f.dir.path().join("content/items")).unwrap();
    std::fs::create_dir(f.dir.path().join("content/items")).unwrap();
    run(&["import", folder.join("办公室.csv").to_str().unwrap()]);
    let mut deadlines = Vec::new();
    for entry in walk(&f.dir.path().join("content/items")) {
        let text = std::fs::read_to_string(entry).unwrap();
        deadlines.extend(
            text.lines()
                .filter(|l| l.starts_with("deadline: "))
                .map(str::to_string),
        );
    }
    deadlines.sort();
    assert_eq!(deadlines, ["deadline: 5个工作日", "deadline: 长期"]);
    assert!(before.iter().any(|t| t.contains("deadline: 5个工作日")));
}

/// Every file below `dir`.
fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}
