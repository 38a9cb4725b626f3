//! Review and visibility of the campaign's records and the bulletin records: a draft is
//! published nowhere (but shown in a preview), `review_required: true` keeps every record
//! without an approval back and `check` lists it at its id, and a withdrawn record leaves the
//! lists and counts while its page (or its section's 已撤回 note) tells the public when and why.
//!
//! Each case takes one record of the sample site, writes a unique word into one of its texts
//! and sets the disclosure fields under test; the expectations are counted on the built pages
//! of the unchanged sample and of the changed copy, never copied from output.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use scraper::{Html, Selector};
use serde_yaml::{Mapping, Value};

const AS_OF: &str = "2026-11-25";

/// One record type: which sample record is changed, where its text goes, and a count on the
/// built site that the record is part of.
struct Case {
    /// The record type, for messages.
    name: &'static str,
    /// The record file, below `content/`.
    file: &'static str,
    /// The key the draft warning points at (the id, or the first key).
    key: &'static str,
    /// The text field that carries the unique word (`None`: the Markdown body).
    field: Field,
    /// A word found nowhere else in the sample.
    word: &'static str,
    /// The page with the count, and the selector whose matches are counted.
    count: (&'static str, &'static str),
    /// Where the withdrawal is told: its own notice page, or its section's 已撤回 note.
    told: Told,
}

enum Field {
    /// A top-level text field.
    Top(&'static str),
    /// `systems[0].document`.
    FirstSystemDocument,
    /// The Markdown body below the front matter.
    Body,
}

enum Told {
    /// The record's own page becomes a notice.
    Notice(&'static str),
    /// The section page's 已撤回 note, `li[data-withdrawn=id]`.
    Note(&'static str, &'static str),
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "evaluation period",
            file: "evaluations/2026-Q2.yaml",
            key: "id",
            field: Field::Top("title"),
            word: "校验词评议甲",
            count: ("evaluations/index.html", "#periods-table tbody tr"),
            told: Told::Notice("evaluations/2026-Q2/index.html"),
        },
        Case {
            name: "performance year",
            file: "performance/2026.yaml",
            key: "year",
            field: Field::Top("title"),
            word: "校验词考评乙",
            count: ("performance/index.html", "#years-table tbody tr"),
            told: Told::Notice("performance/2026/index.html"),
        },
        Case {
            name: "systems record",
            file: "systems/bgs.yaml",
            key: "office",
            field: Field::FirstSystemDocument,
            word: "校验词制度丙",
            count: (
                "systems/index.html",
                "td.system-cell:not([data-state=\"missing\"])",
            ),
            told: Told::Note("systems/index.html", "bgs"),
        },
        Case {
            name: "inspection",
            file: "inspections/JC-2026-09.yaml",
            key: "id",
            field: Field::Top("title"),
            word: "校验词检查丁",
            count: ("inspections/index.html", "tr[data-inspection]"),
            told: Told::Notice("inspections/JC-2026-09/index.html"),
        },
        Case {
            name: "activity",
            file: "activities/DY-2026-Q3.yaml",
            key: "id",
            field: Field::Top("title"),
            word: "校验词调研戊",
            count: ("activities/index.html", "li.activity-record"),
            told: Told::Note("activities/index.html", "DY-2026-Q3"),
        },
        Case {
            name: "opinion",
            file: "opinions/YJ-2026-001.yaml",
            key: "id",
            field: Field::Top("summary"),
            word: "校验词意见己",
            count: ("opinions/index.html", "li[data-opinion]"),
            told: Told::Note("opinions/index.html", "YJ-2026-001"),
        },
        Case {
            name: "accountability decision",
            file: "accountability/WZ-2026-02.yaml",
            key: "id",
            field: Field::Top("decision"),
            word: "校验词问责庚",
            count: ("accountability/index.html", "tr[data-decision]"),
            told: Told::Note("accountability/index.html", "WZ-2026-02"),
        },
        Case {
            name: "plan",
            file: "plans/bgs-rectify.yaml",
            key: "office",
            field: Field::Top("title"),
            word: "校验词方案辛",
            count: (
                "plans/index.html",
                "tr[data-state=\"ontime\"], tr[data-state=\"late\"]",
            ),
            told: Told::Note("plans/index.html", "bgs"),
        },
        Case {
            name: "bulletin record",
            file: "bulletins/2026-Q3.md",
            key: "quarter",
            field: Field::Body,
            word: "校验词通报壬",
            count: ("bulletins/index.html", "tr[data-number]"),
            told: Told::Notice("bulletins/2026-Q3/index.html"),
        },
    ]
}

fn sample() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
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

/// A copy of the sample site's content in a temporary folder.
fn copy_of_sample() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&sample().join("content"), &dir.path().join("content"));
    dir
}

/// The record's text with the unique word written in and `extra` keys added.
fn changed(case: &Case, text: &str, extra: &[(&str, &str)]) -> String {
    let (front, body) = match case.field {
        Field::Body => {
            let mut parts = text.splitn(3, "---\n");
            parts.next();
            let front = parts.next().unwrap().to_string();
            let body = parts.next().unwrap().to_string();
            (front, Some(body))
        }
        _ => (text.to_string(), None),
    };
    let mut record: Mapping = serde_yaml::from_str(&front).unwrap();
    match case.field {
        Field::Top(key) => {
            record.insert(key.into(), case.word.into());
        }
        Field::FirstSystemDocument => {
            let systems = record.get_mut("systems").unwrap();
            systems[0]["document"] = format!("《{}》", case.word).into();
        }
        Field::Body => {}
    }
    for (key, value) in extra {
        let value: Value = serde_yaml::from_str(value).unwrap();
        record.insert((*key).into(), value);
    }
    let yaml = serde_yaml::to_string(&record).unwrap();
    match body {
        Some(body) => format!("---\n{yaml}---\n{body}\n{}。\n", case.word),
        None => yaml,
    }
}

/// Writes every case's record into `root` with the word and the keys `extra` gives it.
fn change_all(root: &Path, extra: impl Fn(&Case) -> Vec<(&'static str, String)>) {
    for case in cases() {
        let path = root.join("content").join(case.file);
        let text = std::fs::read_to_string(&path).unwrap();
        let keys = extra(&case);
        let keys: Vec<(&str, &str)> = keys.iter().map(|(k, v)| (*k, v.as_str())).collect();
        std::fs::write(&path, changed(&case, &text, &keys)).unwrap();
    }
}

fn options(root: &Path, drafts: bool) -> gongkai::Options {
    gongkai::Options {
        root: root.to_path_buf(),
        as_of: Some(NaiveDate::parse_from_str(AS_OF, "%Y-%m-%d").unwrap()),
        drafts,
        ..Default::default()
    }
}

fn build(root: &Path, drafts: bool) -> BTreeMap<String, Vec<u8>> {
    gongkai::build_in_memory(&options(root, drafts))
        .unwrap_or_else(|e| panic!("builds: {e:?}"))
        .files
}

/// Every published text file (pages, feeds, data, the search index), concatenated.
fn everything(files: &BTreeMap<String, Vec<u8>>) -> String {
    files
        .iter()
        .filter(|(path, _)| {
            [".html", ".xml", ".csv", ".json", ".txt"]
                .iter()
                .any(|x| path.ends_with(x))
        })
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
        .collect()
}

fn page(files: &BTreeMap<String, Vec<u8>>, path: &str) -> Html {
    let bytes = files.get(path).unwrap_or_else(|| panic!("{path} is built"));
    Html::parse_document(std::str::from_utf8(bytes).unwrap())
}

fn count(files: &BTreeMap<String, Vec<u8>>, (path, selector): (&str, &str)) -> usize {
    page(files, path)
        .select(&Selector::parse(selector).unwrap())
        .count()
}

/// The (line, column) of `key:` in a record file: where the draft warning must point.
fn position_of(text: &str, key: &str) -> (usize, usize) {
    let line = text
        .lines()
        .position(|l| l.starts_with(&format!("{key}:")))
        .unwrap_or_else(|| panic!("`{key}:` in\n{text}"));
    (line + 1, key.chars().count() + 3)
}

/// Asserts that `check` lists each case's record as a draft, at its key, with `why`.
fn assert_listed_as_drafts(root: &Path, why: &str) {
    let report = gongkai::check(&options(root, false)).unwrap();
    for case in cases() {
        let path = Path::new("content").join(case.file);
        let text = std::fs::read_to_string(root.join(&path)).unwrap();
        let (line, column) = position_of(&text, case.key);
        let found = report.warnings.iter().any(|w| {
            w.path.ends_with(&path)
                && (w.line, w.column) == (line, column)
                && w.message.starts_with("draft, not published")
                && w.message.contains(why)
        });
        assert!(
            found,
            "{}: no draft warning at {}:{line}:{column} ({why}) among {:#?}",
            case.name,
            path.display(),
            report
                .warnings
                .iter()
                .map(|w| format!(
                    "{}:{}:{}: {}",
                    w.path.display(),
                    w.line,
                    w.column,
                    w.message
                ))
                .collect::<Vec<_>>()
        );
    }
}

#[test]
fn the_unique_words_are_not_in_the_sample() {
    let all = everything(&build(&sample(), false));
    for case in cases() {
        assert!(!all.contains(case.word), "{}", case.word);
    }
}

#[test]
fn a_draft_of_every_record_type_is_published_nowhere_but_previewed() {
    let baseline = build(&sample(), false);
    let dir = copy_of_sample();
    change_all(dir.path(), |_| vec![("draft", "true".to_string())]);
    assert_listed_as_drafts(dir.path(), "marked `draft: true`");

    let published = build(dir.path(), false);
    let all = everything(&published);
    for case in cases() {
        assert!(!all.contains(case.word), "{}: draft published", case.name);
        assert!(
            count(&published, case.count) < count(&baseline, case.count),
            "{}: the draft still counts on {}",
            case.name,
            case.count.0
        );
    }

    let preview = build(dir.path(), true);
    let all = everything(&preview);
    for case in cases() {
        assert!(all.contains(case.word), "{}: not in the preview", case.name);
        assert!(
            count(&preview, case.count) > count(&published, case.count),
            "{}: the preview counts it on {}",
            case.name,
            case.count.0
        );
    }
    let marked = page(&preview, "inspections/JC-2026-09/index.html")
        .select(&Selector::parse("h1 .tag-draft").unwrap())
        .count();
    assert_eq!(marked, 1, "the draft inspection's heading is marked 草稿");
}

/// Turns on `review_required` in a copy of the sample. None of the sample's records carries an
/// approval, so every record becomes a draft; the frozen bulletin figures, which no longer
/// match, are taken away with the bulletin records that correct them (their check is not
/// under test here).
fn require_review(root: &Path) {
    let site = root.join("content/site.yaml");
    let text = std::fs::read_to_string(&site).unwrap();
    std::fs::write(&site, format!("{text}\nreview_required: true\n")).unwrap();
    for entry in std::fs::read_dir(root.join("content/bulletins")).unwrap() {
        let path = entry.unwrap().path();
        let Some(quarter) = path
            .to_string_lossy()
            .strip_suffix(".frozen.yaml")
            .map(String::from)
        else {
            continue;
        };
        std::fs::remove_file(&path).unwrap();
        std::fs::remove_file(format!("{quarter}.md")).unwrap();
    }
}

#[test]
fn review_required_keeps_every_unapproved_record_back() {
    let dir = copy_of_sample();
    change_all(dir.path(), |_| Vec::new());
    require_review(dir.path());
    assert_listed_as_drafts(dir.path(), "site.yaml requires review");
    let all = everything(&build(dir.path(), false));
    for case in cases() {
        assert!(
            !all.contains(case.word),
            "{}: unapproved, published",
            case.name
        );
    }
}

#[test]
fn an_approved_record_is_published_under_review() {
    let dir = copy_of_sample();
    change_all(dir.path(), |_| {
        vec![
            ("approved_by", "分管副部长".to_string()),
            ("approved_on", "2026-11-01".to_string()),
        ]
    });
    require_review(dir.path());
    let report = gongkai::check(&options(dir.path(), false)).unwrap();
    for case in cases() {
        let path = Path::new("content").join(case.file);
        assert!(
            !report.warnings.iter().any(|w| w.path.ends_with(&path)),
            "{}: approved, yet warned about",
            case.name
        );
    }
}

#[test]
fn a_withdrawn_record_leaves_the_counts_and_tells_when_and_why() {
    let baseline = build(&sample(), false);
    let dir = copy_of_sample();
    let reason = |case: &Case| format!("经复核，{}的{}依法撤回", case.word, case.name);
    change_all(dir.path(), |case| {
        vec![
            ("withdrawn_on", "2026-11-21".to_string()),
            ("withdrawn_reason", reason(case)),
        ]
    });
    let built = build(dir.path(), false);
    for case in cases() {
        assert!(
            count(&built, case.count) < count(&baseline, case.count),
            "{}: the withdrawn record still counts on {}",
            case.name,
            case.count.0
        );
        let told = match case.told {
            Told::Notice(path) => {
                let notice = page(&built, path);
                let text: String = notice.root_element().text().collect();
                assert!(
                    text.contains("已撤回"),
                    "{}: {path} is no notice",
                    case.name
                );
                assert!(
                    text.contains("2026-11-21"),
                    "{}: no date on {path}",
                    case.name
                );
                text
            }
            Told::Note(path, id) => {
                let section = page(&built, path);
                let selector = Selector::parse(&format!("li[data-withdrawn=\"{id}\"]")).unwrap();
                let note: Vec<String> = section
                    .select(&selector)
                    .map(|li| li.text().collect())
                    .collect();
                assert_eq!(note.len(), 1, "{}: 已撤回 note on {path}", case.name);
                note[0].clone()
            }
        };
        assert!(
            told.contains(&reason(&case)),
            "{}: the public reason is not told: {told}",
            case.name
        );
    }
    // A withdrawal dated after the as-of date is not in force yet: the record still counts.
    let later = copy_of_sample();
    change_all(later.path(), |case| {
        vec![
            ("withdrawn_on", "2026-12-01".to_string()),
            ("withdrawn_reason", reason(case)),
        ]
    });
    let built = build(later.path(), false);
    for case in cases() {
        assert_eq!(
            count(&built, case.count),
            count(&baseline, case.count),
            "{}: withdrawn only after the as-of date",
            case.name
        );
    }
}

/// The sample itself shows the behaviour: its withdrawn decision is out of the list with a
/// note, its draft inspection is nowhere.
#[test]
fn the_sample_has_a_withdrawn_decision_and_a_draft_inspection() {
    let root = sample();
    let read = |folder: &str| -> Vec<Value> {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(root.join("content").join(folder))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort();
        paths
            .iter()
            .map(|p| serde_yaml::from_str(&std::fs::read_to_string(p).unwrap()).unwrap())
            .collect()
    };
    let built = build(&root, false);
    let withdrawn: Vec<Value> = read("accountability")
        .into_iter()
        .filter(|d| d.get("withdrawn_on").is_some())
        .collect();
    assert!(!withdrawn.is_empty(), "the sample withdraws a decision");
    let accountability = page(&built, "accountability/index.html");
    for d in &withdrawn {
        let id = d["id"].as_str().unwrap();
        let row = Selector::parse(&format!("tr[data-decision=\"{id}\"]")).unwrap();
        assert_eq!(accountability.select(&row).count(), 0, "{id} listed");
        let note = Selector::parse(&format!("li[data-withdrawn=\"{id}\"]")).unwrap();
        let text: String = accountability
            .select(&note)
            .flat_map(|li| li.text())
            .collect();
        assert!(
            text.contains(d["withdrawn_reason"].as_str().unwrap()),
            "{id}: {text}"
        );
    }
    let drafts: Vec<Value> = read("inspections")
        .into_iter()
        .filter(|i| i["draft"].as_bool() == Some(true))
        .collect();
    assert!(!drafts.is_empty(), "the sample has a draft inspection");
    let all = everything(&built);
    for i in &drafts {
        let id = i["id"].as_str().unwrap();
        assert!(!built.contains_key(&format!("inspections/{id}/index.html")));
        assert!(!all.contains(i["title"].as_str().unwrap()), "{id}");
    }
}
