//! Quarterly bulletins (季度通报): their figures against figures computed here, independently,
//! from the item records (read with serde_yaml, not through the library); reproducibility
//! (later entries never change a past quarter); freezing and corrections; the `bulletin`
//! command; and the Word file read back by python-docx and LibreOffice.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use scraper::{Html, Selector};
use serde_yaml::Value;

#[path = "support/deadlines.rs"]
mod deadlines;

fn sample_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn gongkai(args: &[&str], root: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .unwrap()
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A copy of the sample site's content/ in a temporary folder.
fn sample_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&sample_root().join("content"), &dir.path().join("content"));
    dir
}

fn build(root: &Path, as_of: &str) -> BTreeMap<String, Vec<u8>> {
    let options = gongkai::Options {
        root: root.to_path_buf(),
        as_of: Some(gongkai::yaml::parse_date(as_of).unwrap()),
        ..Default::default()
    };
    match gongkai::build_in_memory(&options) {
        Ok(site) => site.files,
        Err(gongkai::Error::Records(problems)) => {
            panic!("{}", gongkai::diagnostics::report(&problems))
        }
        Err(e) => panic!("{e:?}"),
    }
}

fn page(files: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(
        files
            .get(path)
            .unwrap_or_else(|| panic!("no {path}"))
            .clone(),
    )
    .unwrap()
}

// ---------------------------------------------------------------------------------------
// The independent model of the figures
// ---------------------------------------------------------------------------------------

/// One item as this test reads it.
#[derive(Debug, Clone)]
struct Record {
    id: String,
    office: String,
    found: String,
    /// The day the deadline falls due (`N个工作日` counted on the holiday calendar); `None`
    /// for 长期.
    deadline: Option<String>,
    draft: bool,
    withdrawn_on: Option<String>,
    /// (date, status, extension)
    timeline: Vec<(String, Option<String>, Option<String>)>,
}

fn text(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(serde_yaml::to_string(other).unwrap().trim().to_string()),
    }
}

fn read_items(root: &Path) -> Vec<Record> {
    let calendar = deadlines::Calendar::read(root);
    let mut records = Vec::new();
    for entry in walkdir::WalkDir::new(root.join("content/items")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        let raw = std::fs::read_to_string(entry.path()).unwrap();
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

/// (status, deadline in force) on a date; dates compare as YYYY-MM-DD strings.
fn state_on(r: &Record, on: &str) -> (String, Option<String>) {
    let mut status = "待整改".to_string();
    let mut deadline = r.deadline.clone();
    for (date, s, extension) in &r.timeline {
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
    (status, deadline)
}

/// The seven counts of the bulletin, in its column order.
type Counts = [usize; 7];

fn quarter_days(quarter: &str) -> (String, String) {
    let (year, n) = quarter.split_once("-Q").unwrap();
    let n: u32 = n.parse().unwrap();
    let first = format!("{year}-{:02}-01", (n - 1) * 3 + 1);
    let last = match n {
        1 => "03-31",
        2 => "06-30",
        3 => "09-30",
        _ => "12-31",
    };
    (first, format!("{year}-{last}"))
}

/// Per office (and `合计`): total, found, completed, on time, done total, open, overdue.
fn expected(records: &[Record], quarter: &str) -> BTreeMap<String, Counts> {
    let (first, end) = quarter_days(quarter);
    let inside = |d: &str| first.as_str() <= d && d <= end.as_str();
    let mut out: BTreeMap<String, Counts> = BTreeMap::new();
    for r in records {
        let counted = r.found.as_str() <= end.as_str()
            && !r.draft
            && r.withdrawn_on.as_deref().is_none_or(|w| w > end.as_str());
        if !counted {
            continue;
        }
        let (status, deadline) = state_on(r, &end);
        let done = status == "已办结";
        let completed = r
            .timeline
            .iter()
            .find(|(d, s, _)| d.as_str() <= end.as_str() && s.as_deref() == Some("已办结"))
            .map(|(d, ..)| d.clone());
        let completed_here = done && completed.as_deref().is_some_and(inside);
        let on_time = completed_here && {
            let c = completed.clone().unwrap();
            state_on(r, &c).1.is_none_or(|d| c <= d)
        };
        let flags = [
            true,
            inside(&r.found),
            completed_here,
            on_time,
            done,
            !done,
            deadline.is_some_and(|d| d.as_str() < end.as_str()) && !done,
        ];
        for key in [r.office.clone(), "合计".to_string()] {
            let counts = out.entry(key).or_default();
            for (c, f) in counts.iter_mut().zip(flags) {
                *c += usize::from(f);
            }
        }
    }
    out
}

fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        "—".to_string()
    } else {
        format!("{:.1}%", part as f64 * 100.0 / whole as f64)
    }
}

fn office_names(root: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(root.join("content/offices"))
        .unwrap()
        .map(|e| {
            let v: Value =
                serde_yaml::from_str(&std::fs::read_to_string(e.unwrap().path()).unwrap()).unwrap();
            (text(&v, "name").unwrap(), text(&v, "id").unwrap())
        })
        .collect()
}

/// The bulletin table as rows of cell texts; a corrected cell reads as its new value.
fn table(html: &str) -> Vec<Vec<String>> {
    let doc = Html::parse_document(html);
    let row = Selector::parse("#bulletin-figures tbody tr, #bulletin-figures tfoot tr").unwrap();
    let cell = Selector::parse("th, td").unwrap();
    let ins = Selector::parse("ins").unwrap();
    doc.select(&row)
        .map(|r| {
            r.select(&cell)
                .map(|c| match c.select(&ins).next() {
                    Some(new) => new.text().collect::<String>(),
                    None => c.text().collect::<String>(),
                })
                .map(|t| t.trim().to_string())
                .collect()
        })
        .collect()
}

#[test]
fn bulletin_figures_are_the_records_as_of_the_quarters_last_day() {
    let root = sample_root();
    let records = read_items(&root);
    let names = office_names(&root);
    let files = build(&root, "2026-11-25");
    let index = page(&files, "bulletins/index.html");
    let mut checked = 0;
    for quarter in ["2026-Q1", "2026-Q2", "2026-Q3"] {
        assert!(
            index.contains(&format!("bulletins/{quarter}/")),
            "{quarter} listed"
        );
        let want = expected(&records, quarter);
        let rows = table(&page(&files, &format!("bulletins/{quarter}/index.html")));
        let mut seen = 0;
        let mut ranked: Vec<(String, usize)> = Vec::new();
        for cells in &rows {
            let name = &cells[1];
            let key = if name == "合计" {
                "合计".to_string()
            } else {
                names[name].clone()
            };
            let counts = want.get(&key).copied().unwrap_or_default();
            let shown: Vec<usize> = cells[2..9].iter().map(|c| c.parse().unwrap()).collect();
            assert_eq!(shown, counts, "{quarter} {name}");
            assert_eq!(
                cells[9],
                percent(counts[4], counts[0]),
                "{quarter} {name} 办结率"
            );
            assert_eq!(
                cells[10],
                percent(counts[3], counts[2]),
                "{quarter} {name} 按期办结率"
            );
            if counts[0] > 0 && key != "合计" {
                seen += 1;
                ranked.push((key.clone(), cells[0].parse().unwrap()));
            }
            checked += 1;
        }
        let offices_with_items = want.keys().filter(|k| *k != "合计").count();
        assert_eq!(
            seen, offices_with_items,
            "{quarter}: every office with items is ranked"
        );
        // Ranks: 1 + the number of offices strictly ahead (completion, then on-time rate).
        let share = |k: &str, part: usize, whole: usize| {
            let c = want[k];
            if c[whole] == 0 {
                -1.0
            } else {
                c[part] as f64 / c[whole] as f64
            }
        };
        for (office, rank) in &ranked {
            let ahead = ranked
                .iter()
                .filter(|(other, _)| {
                    let (a, b) = (share(other, 4, 0), share(office, 4, 0));
                    a > b + 1e-12
                        || ((a - b).abs() < 1e-12
                            && share(other, 3, 2) > share(office, 3, 2) + 1e-12)
                })
                .count();
            assert_eq!(*rank, ahead + 1, "{quarter}: rank of {office}");
        }
    }
    assert!(checked > 30, "the tables were read ({checked} rows)");
}

#[test]
fn entries_dated_after_a_quarter_never_change_its_bulletin() {
    let site = sample_copy();
    let root = site.path();
    let before = build(root, "2026-11-25");
    let q2 = page(&before, "bulletins/2026-Q2/index.html");
    let q3 = page(&before, "bulletins/2026-Q3/index.html");
    // Close every item that was open at the end of Q2 with an entry dated 1 July (inserted
    // in date order), and add an item found in Q3.
    let mut touched = 0;
    for r in read_items(root) {
        let (status, _) = state_on(&r, "2026-06-30");
        if r.found.as_str() > "2026-06-30" || status == "已办结" || r.draft {
            continue;
        }
        let path = walkdir::WalkDir::new(root.join("content/items"))
            .into_iter()
            .map(|e| e.unwrap().into_path())
            .find(|p| {
                std::fs::read_to_string(p).is_ok_and(|t| t.contains(&format!("id: {}\n", r.id)))
            })
            .unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let later = r.timeline.iter().find(|(d, ..)| d.as_str() > "2026-07-01");
        let entry = "  - date: 2026-07-01\n    status: 已办结\n    note: 七月一日登记办结。\n";
        let text = match later {
            Some((date, ..)) => text.replacen(
                &format!("  - date: {date}\n"),
                &format!("{entry}  - date: {date}\n"),
                1,
            ),
            None if text.contains("timeline:\n") => {
                let (head, rest) = text.split_once("\n---\n").unwrap();
                format!("{head}\n{}\n---\n{rest}", entry.trim_end())
            }
            None => continue,
        };
        std::fs::write(&path, text).unwrap();
        touched += 1;
    }
    assert!(
        touched > 10,
        "open items at the end of Q2 were closed in Q3 ({touched})"
    );
    std::fs::write(
        root.join("content/items/bgs/901.md"),
        "---\nid: BGS-2026-901\noffice: bgs\ntitle: 七月新发现的问题\ncategory: xiaolv\nsource: 自身找\nfound: 2026-07-02\ndeadline: 2026-07-30\ntimeline:\n  - date: 2026-07-02\n    status: 待整改\n    note: 列入台账。\n---\n七月发现。\n",
    )
    .unwrap();
    let after = build(root, "2026-11-25");
    assert_eq!(
        table(&page(&after, "bulletins/2026-Q2/index.html")),
        table(&q2),
        "Q2 figures are computed as of 30 June"
    );
    assert_eq!(
        after["bulletins/2026-Q2/2026-Q2-bulletin.docx"],
        before["bulletins/2026-Q2/2026-Q2-bulletin.docx"],
        "and so is its Word file"
    );
    assert_ne!(
        table(&page(&after, "bulletins/2026-Q3/index.html")),
        table(&q3),
        "the entries did change Q3"
    );
}

/// An item whose status in a Q2-dated entry is 整改中 and which is still open at the end of
/// Q2: turning that entry into 已办结 edits history inside the frozen quarter.
fn edit_inside_q2(root: &Path) -> Record {
    let records = read_items(root);
    let r = records
        .iter()
        .find(|r| {
            !r.draft
                && state_on(r, "2026-06-30").0 == "整改中"
                && r.timeline.iter().any(|(d, s, _)| {
                    d.as_str() >= "2026-04-01"
                        && d.as_str() <= "2026-06-30"
                        && s.as_deref() == Some("整改中")
                })
        })
        .expect("an item in progress at the end of Q2")
        .clone();
    let path = walkdir::WalkDir::new(root.join("content/items"))
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .find(|p| std::fs::read_to_string(p).is_ok_and(|t| t.contains(&format!("id: {}\n", r.id))))
        .unwrap();
    let (date, ..) = r
        .timeline
        .iter()
        .rev()
        .find(|(d, s, _)| d.as_str() <= "2026-06-30" && s.as_deref() == Some("整改中"))
        .unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let old = format!("  - date: {date}\n    status: 整改中\n");
    assert!(text.contains(&old), "{}", path.display());
    std::fs::write(
        &path,
        text.replacen(&old, &format!("  - date: {date}\n    status: 已办结\n"), 1),
    )
    .unwrap();
    r
}

#[test]
fn an_edit_inside_a_frozen_quarter_fails_check_until_it_is_corrected() {
    let site = sample_copy();
    let root = site.path();
    let before = expected(&read_items(root), "2026-Q2");
    let item = edit_inside_q2(root);
    let after = expected(&read_items(root), "2026-Q2");
    let labels = [
        "total",
        "found",
        "completed",
        "on_time",
        "done_total",
        "open",
        "overdue",
    ];
    // The differences, computed here: for the item's office and for the totals.
    let mut differences = Vec::new();
    for office in [item.office.as_str(), "合计"] {
        for (i, key) in labels.iter().enumerate() {
            if before[office][i] != after[office][i] {
                differences.push((
                    office.to_string(),
                    *key,
                    before[office][i],
                    after[office][i],
                ));
            }
        }
    }
    assert!(differences.len() >= 4, "{differences:?}");

    let out = gongkai(&["check"], root);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(errors.len(), differences.len(), "{stderr}");
    for (office, key, from, to) in &differences {
        let office_words = if office == "合计" {
            "the totals (全部)".to_string()
        } else {
            format!("({office})")
        };
        assert!(
            errors
                .iter()
                .any(|e| e.starts_with("content/bulletins/2026-Q2.frozen.yaml:")
                    && e.contains(&format!("the 2026-Q2 bulletin was published with `{key}`"))
                    && e.contains(&format!("= {from} for"))
                    && e.contains(&office_words)
                    && e.contains(&format!("records now give {to}"))
                    && e.contains(&item.id)),
            "no error for {office} {key} {from} → {to}:\n{stderr}"
        );
    }

    // Acknowledge each difference in the bulletin's record: the build passes, and the page
    // shows the published figure, the corrected one and the note.
    let record = root.join("content/bulletins/2026-Q2.md");
    let text = std::fs::read_to_string(&record).unwrap();
    let mut added = String::new();
    for (office, key, from, to) in &differences {
        let office = if office == "合计" { "全部" } else { office };
        added.push_str(&format!(
            "  - office: {office}\n    figure: {key}\n    from: {from}\n    to: {to}\n    date: 2026-11-20\n    note: 经复核，{} 的办结时间更正为第二季度内。\n",
            item.id
        ));
    }
    std::fs::write(
        &record,
        text.replacen("corrections:\n", &format!("corrections:\n{added}"), 1),
    )
    .unwrap();
    let out = gongkai(&["check"], root);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let files = build(root, "2026-11-25");
    let html = page(&files, "bulletins/2026-Q2/index.html");
    let doc = Html::parse_document(&html);
    let del = Selector::parse("#bulletin-figures del").unwrap();
    let ins = Selector::parse("#bulletin-figures ins").unwrap();
    let published: Vec<String> = doc.select(&del).map(|e| e.text().collect()).collect();
    let corrected: Vec<String> = doc.select(&ins).map(|e| e.text().collect()).collect();
    for (_, _, from, to) in &differences {
        assert!(
            published.contains(&from.to_string()),
            "{from} shown struck: {published:?}"
        );
        assert!(
            corrected.contains(&to.to_string()),
            "{to} shown: {corrected:?}"
        );
    }
    assert!(html.contains(&format!("经复核，{} 的办结时间更正为第二季度内。", item.id)));
    assert!(html.contains("发布后更正"));

    // A correction that matches nothing is refused too.
    std::fs::write(
        &record,
        std::fs::read_to_string(&record).unwrap().replacen(
            "corrections:\n",
            "corrections:\n  - office: zuzhi\n    figure: overdue\n    from: 9\n    to: 8\n    date: 2026-11-21\n    note: 多余的更正。\n",
            1,
        ),
    )
    .unwrap();
    let out = gongkai(&["check"], root);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing to correct"));
}

#[test]
fn the_bulletin_command_writes_one_quarter_and_freezes_once() {
    let site = sample_copy();
    let root = site.path();
    let out = root.join("out");
    let run = |args: &[&str]| {
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--output", out.to_str().unwrap()]);
        gongkai(&all, root)
    };
    let done = run(&["bulletin", "2026-Q3", "--as-of", "2026-11-25"]);
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let full = build(root, "2026-11-25");
    for path in [
        "bulletins/2026-Q3/index.html",
        "bulletins/2026-Q3/2026-Q3-bulletin.docx",
    ] {
        assert_eq!(
            std::fs::read(out.join(path)).unwrap(),
            full[path],
            "{path} as in the full site"
        );
    }
    assert!(
        out.join("assets/bulletin.css").is_file(),
        "the page's stylesheet comes along"
    );
    assert!(!out.join("bulletins/2026-Q2").exists(), "one quarter only");

    // Not over yet.
    let early = run(&["bulletin", "2026-Q4", "--as-of", "2026-11-25"]);
    assert_eq!(early.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&early.stderr).contains("2026-Q4 ends on 2026-12-31"));
    // Not a quarter.
    let wrong = run(&["bulletin", "2026-Q5"]);
    assert_eq!(wrong.status.code(), Some(2));

    // Freeze Q3: the snapshot holds the figures computed here; a second freeze is refused.
    let freeze = run(&["bulletin", "2026-Q3", "--as-of", "2026-11-25", "--freeze"]);
    assert!(
        freeze.status.success(),
        "{}",
        String::from_utf8_lossy(&freeze.stderr)
    );
    let snapshot =
        std::fs::read_to_string(root.join("content/bulletins/2026-Q3.frozen.yaml")).unwrap();
    let v: Value = serde_yaml::from_str(&snapshot).unwrap();
    let want = expected(&read_items(root), "2026-Q3");
    for row in v["offices"].as_sequence().unwrap() {
        let office = text(row, "office").unwrap();
        let key = if office == "全部" {
            "合计".to_string()
        } else {
            office
        };
        let counts = want.get(&key).copied().unwrap_or_default();
        assert_eq!(
            row["completed"].as_u64().unwrap() as usize,
            counts[2],
            "{key}"
        );
        assert_eq!(
            row["overdue"].as_u64().unwrap() as usize,
            counts[6],
            "{key}"
        );
    }
    assert!(gongkai(&["check"], root).status.success());
    let again = run(&["bulletin", "2026-Q3", "--as-of", "2026-11-25", "--freeze"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already frozen"));

    // A published site's folder is never written into.
    let public = root.join("public");
    assert!(
        gongkai(&["build", "--output", public.to_str().unwrap()], root)
            .status
            .success()
    );
    let refused = gongkai(
        &["bulletin", "2026-Q3", "--output", public.to_str().unwrap()],
        root,
    );
    assert_eq!(refused.status.code(), Some(3));
}

/// Whether an outside program may be missing here: on a developer's machine the test says why
/// it skips; under CI it fails.
fn require(program: &str, probe: &[&str], why: &str) -> bool {
    let present = Command::new(program)
        .args(probe)
        .output()
        .is_ok_and(|o| o.status.success());
    if !present {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{program} is required under CI: {why}"
        );
        eprintln!("SKIPPED: {program} is not installed ({why})");
    }
    present
}

/// The page's words in reading order, for comparison with the Word file: title, 文号, the
/// figures table and the paragraphs.
fn page_text(html: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let doc = Html::parse_document(html);
    let para = Selector::parse(".bulletin p, .bulletin li, .bulletin h1, .bulletin h2").unwrap();
    let paragraphs = doc
        .select(&para)
        .filter(|p| {
            !p.value()
                .classes()
                .any(|c| c == "no-print" || c == "bulletin-downloads")
        })
        .map(|p| p.text().collect::<String>().trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();
    let cells = Selector::parse("#bulletin-figures tr").unwrap();
    let cell = Selector::parse("th, td").unwrap();
    let tables = doc
        .select(&cells)
        .map(|r| {
            r.select(&cell)
                .map(|c| c.text().collect::<String>().trim().to_string())
                .collect()
        })
        .collect();
    (paragraphs, tables)
}

#[test]
fn the_word_file_has_the_pages_text_tables_and_figures() {
    if !require(
        "python3",
        &["-c", "import docx"],
        "python-docx reads the Word file back (pip install python-docx)",
    ) {
        return;
    }
    let files = build(&sample_root(), "2026-11-25");
    let dir = tempfile::tempdir().unwrap();
    let docx = dir.path().join("q2.docx");
    std::fs::write(&docx, &files["bulletins/2026-Q2/2026-Q2-bulletin.docx"]).unwrap();
    let script = r#"
import docx, json, sys
d = docx.Document(sys.argv[1])
s = d.sections[0]
print(json.dumps({
  "paragraphs": [p.text for p in d.paragraphs if p.text.strip()],
  "tables": [[[c.text for c in r.cells] for r in t.rows] for t in d.tables],
  "page": [s.page_width.mm, s.page_height.mm, s.top_margin.mm, s.left_margin.mm],
  "footer": "".join(p.text for p in s.footer.paragraphs),
}, ensure_ascii=False))
"#;
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(&docx)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let read: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let (paragraphs, rows) = page_text(&page(&files, "bulletins/2026-Q2/index.html"));
    let word: Vec<String> = read["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().trim().to_string())
        .collect();
    for p in &paragraphs {
        assert!(
            word.contains(p),
            "the Word file lacks the page's paragraph {p:?}\n{word:#?}"
        );
    }
    // Every table of the page is in the Word file, cell for cell after the figures table.
    let html = page(&files, "bulletins/2026-Q2/index.html");
    let doc = Html::parse_document(&html);
    let section_tables: Vec<Vec<Vec<String>>> = doc
        .select(&Selector::parse(".bulletin-section-table").unwrap())
        .map(|t| {
            t.select(&Selector::parse("tr").unwrap())
                .map(|r| {
                    r.select(&Selector::parse("th, td").unwrap())
                        .map(|c| c.text().collect::<String>().trim().to_string())
                        .collect()
                })
                .collect()
        })
        .collect();
    let word_tables: Vec<Vec<Vec<String>>> =
        serde_json::from_value(read["tables"].clone()).unwrap();
    assert!(!section_tables.is_empty());
    assert_eq!(
        word_tables.len(),
        section_tables.len() + 1,
        "same number of tables"
    );
    for (w, h) in word_tables[1..].iter().zip(&section_tables) {
        assert_eq!(w, h, "a section table differs");
    }
    let table: Vec<Vec<String>> = serde_json::from_value(read["tables"][0].clone()).unwrap();
    assert_eq!(table.len(), rows.len(), "same rows");
    for (w, h) in table.iter().zip(&rows) {
        // The page writes a corrected cell as "<del>4</del> <ins>3</ins>（更正）", the Word
        // file as "3（原4）": the same two figures.
        let digits = |s: &str| -> Vec<String> {
            s.split(|c: char| !c.is_ascii_digit() && c != '.' && c != '%')
                .filter(|t| !t.is_empty())
                .map(str::to_string)
                .collect::<Vec<_>>()
        };
        let mut a: Vec<String> = w.iter().flat_map(|c| digits(c)).collect();
        let mut b: Vec<String> = h.iter().flat_map(|c| digits(c)).collect();
        a.sort();
        b.sort();
        assert_eq!(a, b, "row {h:?} vs {w:?}");
        assert_eq!(w[1], h[1], "office name");
    }
    let page_geometry: Vec<f64> = serde_json::from_value(read["page"].clone()).unwrap();
    for (got, want) in page_geometry.iter().zip([210.0, 297.0, 37.0, 28.0]) {
        assert!((got - want).abs() < 0.2, "page geometry {page_geometry:?}");
    }
    assert!(
        read["footer"].as_str().unwrap().contains('—'),
        "page numbers — n —"
    );

    if !require(
        "soffice",
        &["--version"],
        "LibreOffice opens the Word file (Debian package libreoffice-writer-nogui)",
    ) {
        return;
    }
    let out = Command::new("soffice")
        .env("HOME", dir.path())
        .args(["--headless", "--convert-to", "txt:Text", "--outdir"])
        .arg(dir.path())
        .arg(&docx)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(dir.path().join("q2.txt")).unwrap();
    for p in &paragraphs {
        assert!(text.contains(p.as_str()), "LibreOffice reads no {p:?}");
    }
    for row in &rows {
        assert!(
            text.contains(&row[1]),
            "LibreOffice reads no row {}",
            row[1]
        );
    }
}

#[test]
fn bulletins_are_the_same_bytes_on_every_build() {
    let a = build(&sample_root(), "2026-11-25");
    let b = build(&sample_root(), "2026-11-25");
    for path in a.keys().filter(|p| p.starts_with("bulletins/")) {
        assert_eq!(a[path], b[path], "{path}");
    }
    assert!(a.keys().filter(|p| p.ends_with(".docx")).count() >= 3);
}

fn yaml_folder(root: &Path, folder: &str) -> Vec<Value> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(root.join("content").join(folder)).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            out.push(serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap());
        }
    }
    out
}

/// Whether a campaign record counts on `as_of` (YYYY-MM-DD): not a draft (`draft: true`, or
/// unapproved where site.yaml requires review) and not withdrawn by then.
fn in_force(site: &Value, v: &Value, as_of: &str) -> bool {
    let review = site["review_required"].as_bool() == Some(true);
    let draft = v["draft"].as_bool() == Some(true) || (review && v.get("approved_by").is_none());
    let withdrawn = v.get("withdrawn_on").is_some() && text_of(v, "withdrawn_on").as_str() <= as_of;
    !draft && !withdrawn
}

/// The bulletin's sections for Q2 and Q3 say what the inspection, accountability, activity and
/// bulletin records of the quarter say, counted here from those records.
#[test]
fn bulletin_sections_count_the_quarters_inspections_decisions_and_activities() {
    let root = sample_root();
    let as_of = "2026-11-25";
    let files = build(&root, as_of);
    let site: Value =
        serde_yaml::from_str(&std::fs::read_to_string(root.join("content/site.yaml")).unwrap())
            .unwrap();
    let counted = |folder: &str| -> Vec<Value> {
        yaml_folder(&root, folder)
            .into_iter()
            .filter(|v| in_force(&site, v, as_of))
            .collect()
    };
    let inspections = counted("inspections");
    let decisions = counted("accountability");
    let activities = counted("activities");
    let issued: Vec<String> = std::fs::read_dir(root.join("content/bulletins"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            serde_yaml::from_str(text.split("---\n").nth(1).unwrap()).unwrap()
        })
        .filter(|v: &Value| in_force(&site, v, as_of))
        .map(|v| text_of(&v, "issued"))
        .collect();
    for quarter in ["2026-Q2", "2026-Q3"] {
        let (first, last) = quarter_days(quarter);
        let inside = |d: &str| first.as_str() <= d && d <= last.as_str();
        let html = page(&files, &format!("bulletins/{quarter}/index.html"));
        let doc = Html::parse_document(&html);
        let para: Vec<String> = doc
            .select(&Selector::parse(".bulletin-text").unwrap())
            .map(|p| p.text().collect())
            .collect();
        let said = |prefix: &str| {
            para.iter()
                .find(|p| p.starts_with(prefix))
                .unwrap_or_else(|| panic!("{quarter}: no paragraph starting {prefix}: {para:#?}"))
                .clone()
        };

        let held: Vec<&Value> = inspections
            .iter()
            .filter(|i| inside(&text_of(i, "date")))
            .collect();
        let findings: usize = held
            .iter()
            .map(|i| i["findings"].as_sequence().map_or(0, |f| f.len()))
            .sum();
        let line = said("本季度开展监督检查");
        assert!(
            line.contains(&format!("监督检查{}次", held.len())),
            "{line}"
        );
        assert!(line.contains(&format!("发现问题{findings}条")), "{line}");
        for kind in ["普遍检查", "抽查", "明察暗访"] {
            let n = held.iter().filter(|i| text_of(i, "kind") == kind).count();
            assert_eq!(line.contains(&format!("{kind}{n}次")), n > 0, "{line}");
        }

        let decided: Vec<&Value> = decisions
            .iter()
            .filter(|d| inside(&text_of(d, "date")))
            .collect();
        if decided.is_empty() {
            said("本季度无问责决定");
        } else {
            let line = said("本季度依照一次查实下岗制作出问责决定");
            assert!(
                line.contains(&format!("问责决定{}件", decided.len())),
                "{line}"
            );
            for level in site["accountability"]["levels"].as_sequence().unwrap() {
                let n = decided
                    .iter()
                    .filter(|d| text_of(d, "level") == text_of(level, "id"))
                    .count();
                if n > 0 {
                    assert!(
                        line.contains(&format!("{}{n}人", text_of(level, "name"))),
                        "{line}"
                    );
                }
            }
        }

        // 四个一: every period of every activity kind inside the quarter.
        let mut due = 0;
        let mut missing = Vec::new();
        for kind in site["activities"]["kinds"].as_sequence().unwrap() {
            let id = text_of(kind, "id");
            let monthly = text_of(kind, "every") == "month";
            let inspection_kind = kind
                .get("inspection_kind")
                .map(|_| text_of(kind, "inspection_kind"));
            let mut days: Vec<String> = activities
                .iter()
                .filter(|a| text_of(a, "activity") == id)
                .map(|a| text_of(a, "date"))
                .collect();
            days.extend(
                inspections
                    .iter()
                    .filter(|i| Some(text_of(i, "kind")) == inspection_kind)
                    .map(|i| text_of(i, "date")),
            );
            if kind["bulletins"].as_bool() == Some(true) {
                days.extend(issued.iter().cloned());
            }
            let months: Vec<(String, String)> = if monthly {
                (0..3)
                    .map(|m| {
                        let month = first[5..7].parse::<u32>().unwrap() + m;
                        let from = format!("{}-{month:02}-01", &first[..4]);
                        let to = format!("{}-{month:02}-31", &first[..4]);
                        (from, to)
                    })
                    .collect()
            } else {
                vec![(first.clone(), last.clone())]
            };
            for (from, to) in months {
                due += 1;
                let done = days.iter().any(|d| {
                    from.as_str() <= d.as_str()
                        && d.as_str() <= to.as_str()
                        && d.as_str() <= last.as_str()
                });
                if !done {
                    missing.push(text_of(kind, "name"));
                }
            }
        }
        let line = said("本季度“四个一”活动应开展");
        assert!(line.contains(&format!("应开展{due}项")), "{line}");
        if missing.is_empty() {
            assert!(line.contains("均已完成"), "{line}");
        } else {
            assert!(line.contains(&format!("缺{}项", missing.len())), "{line}");
            for name in &missing {
                assert!(line.contains(name.as_str()), "{line}");
            }
        }
    }
}

fn text_of(v: &Value, key: &str) -> String {
    text(v, key).unwrap_or_default()
}

/// The Q3 bulletin reports the evaluation held in Q3 (the meeting on the second quarter):
/// its ranked offices and scores, computed here from the period file and site.yaml's weights.
#[test]
fn the_bulletin_reports_the_evaluation_held_in_its_quarter() {
    let root = sample_root();
    let files = build(&root, "2026-11-25");
    let site: Value =
        serde_yaml::from_str(&std::fs::read_to_string(root.join("content/site.yaml")).unwrap())
            .unwrap();
    let w = &site["evaluation"]["weights"];
    let weight = |k: &str| w[k].as_i64().unwrap();
    let names = office_names(&root);
    let ids: BTreeMap<String, String> = names.iter().map(|(n, i)| (i.clone(), n.clone())).collect();
    let periods = yaml_folder(&root, "evaluations");
    for quarter in ["2026-Q2", "2026-Q3"] {
        let (first, last) = quarter_days(quarter);
        let held: Vec<&Value> = periods
            .iter()
            .filter(|p| {
                let h = text_of(p, "held");
                first <= h && h <= last
            })
            .collect();
        let html = page(&files, &format!("bulletins/{quarter}/index.html"));
        let doc = Html::parse_document(&html);
        let rows: Vec<Vec<String>> = doc
            .select(&Selector::parse(".bulletin-section-table").unwrap())
            .filter(|t| t.text().collect::<String>().contains("民主评议结果"))
            .flat_map(|t| {
                t.select(&Selector::parse("tbody tr").unwrap())
                    .map(|r| {
                        r.select(&Selector::parse("td").unwrap())
                            .map(|c| c.text().collect::<String>())
                            .collect::<Vec<_>>()
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        let tallies: usize = held
            .iter()
            .map(|p| p["tallies"].as_sequence().unwrap().len())
            .sum();
        assert_eq!(
            rows.len(),
            tallies,
            "{quarter}: one row per office evaluated"
        );
        for p in &held {
            for t in p["tallies"].as_sequence().unwrap() {
                let (s, b, u) = (
                    t["satisfied"].as_i64().unwrap(),
                    t["basic"].as_i64().unwrap(),
                    t["unsatisfied"].as_i64().unwrap(),
                );
                let n = s + b + u;
                // Hundredths, rounded half up.
                let score =
                    ((s * weight("satisfied") + b * weight("basic") + u * weight("unsatisfied"))
                        * 200
                        + n)
                        / (2 * n);
                let name = &ids[&text_of(t, "office")];
                let row = rows
                    .iter()
                    .find(|r| &r[2] == name && r[0] == text_of(p, "title"))
                    .unwrap_or_else(|| panic!("{quarter}: no row for {name}"));
                assert_eq!(
                    row[6],
                    format!("{}.{:02}", score / 100, score % 100),
                    "{name}"
                );
                assert_eq!(row[3..6], [s.to_string(), b.to_string(), u.to_string()]);
            }
        }
        if held.is_empty() {
            assert!(html.contains("本季度未召开民主评议会议"), "{quarter}");
        }
    }
}
