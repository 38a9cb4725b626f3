//! Open data downloads (`data/`): the ledger CSV opens in Excel with Chinese intact, the
//! figures in it agree with figures computed here from the fixture's timelines, the JSON
//! files follow their generated schemas, nothing dated after the as-of date is published,
//! the data page links every download, and the same records give the same bytes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use serde_json::Value;

const AS_OF: &str = "2026-08-15";

/// The ledger's headers, in order.
const LEDGER_HEADERS: [&str; 16] = [
    "序号",
    "编号",
    "存在问题",
    "问题来源",
    "问题类别",
    "整改措施",
    "责任领导",
    "责任人",
    "责任科室",
    "发现日期",
    "整改时限",
    "完成情况",
    "完成时间",
    "是否逾期",
    "逾期天数",
    "是否逾期办结",
];

/// A note that only an entry dated after [`AS_OF`] carries.
const FUTURE_NOTE: &str = "未来记录标记：九月办结";

struct Entry {
    date: &'static str,
    status: Option<&'static str>,
    note: &'static str,
    deadline: Option<&'static str>,
    evidence: &'static [&'static str],
}

struct Fixture {
    id: &'static str,
    office: &'static str,
    title: &'static str,
    found: &'static str,
    deadline: &'static str,
    leader: Option<&'static str>,
    body: &'static str,
    entries: Vec<Entry>,
}

const fn entry(date: &'static str, status: Option<&'static str>, note: &'static str) -> Entry {
    Entry {
        date,
        status,
        note,
        deadline: None,
        evidence: &[],
    }
}

const MEASURES_BODY: &str = "## 问题描述\n\n办事要跑三趟。\n\n## 整改措施\n\n\
- 合并**三张表**为一张；\n- 实行一次性告知。\n\n### 细则\n\n1. 窗口公示\n2. 每周通报\n\n\
## 整改结果\n\n**整改完成。**群众满意。\n";

/// Expected 整改措施 cell of [`MEASURES_BODY`].
const MEASURES_TEXT: &str = "合并三张表为一张；\n实行一次性告知。\n细则\n1. 窗口公示\n2. 每周通报";

fn fixtures() -> Vec<Fixture> {
    vec![
        Fixture {
            id: "A-001",
            office: "o1",
            title: "窗口办事\"难\"，群众说: 跑三趟, 还要排队",
            found: "2026-06-01",
            deadline: "2026-07-31",
            leader: Some("李某某"),
            body: MEASURES_BODY,
            entries: vec![
                entry("2026-06-01", Some("待整改"), "立项，列入台账。"),
                entry(
                    "2026-06-10",
                    Some("整改中"),
                    "第一行，含逗号, 和\"引号\"\n第二行：继续整改",
                ),
                Entry {
                    deadline: Some("2026-08-31"),
                    ..entry("2026-07-20", None, "经分管领导同意延期至8月底。")
                },
                entry("2026-09-01", Some("已办结"), FUTURE_NOTE),
            ],
        },
        Fixture {
            id: "A-002",
            office: "o1",
            title: "档案查阅等待时间长",
            found: "2026-06-05",
            deadline: "2026-07-31",
            leader: Some("李某某"),
            body: "## 问题描述\n\n等待时间长。\n",
            entries: vec![entry("2026-06-05", Some("整改中"), "开始整改。")],
        },
        Fixture {
            id: "A-003",
            office: "o2",
            title: "九月才发现的问题",
            found: "2026-09-01",
            deadline: "2026-09-30",
            leader: None,
            body: "",
            entries: vec![entry("2026-09-01", Some("待整改"), "九月立项。")],
        },
        Fixture {
            id: "A-004",
            office: "o2",
            title: "时限当天尚未逾期",
            found: "2026-07-01",
            deadline: AS_OF,
            leader: None,
            body: "",
            entries: vec![],
        },
        Fixture {
            id: "A-005",
            office: "o2",
            title: "逾期后办结",
            found: "2026-06-01",
            deadline: "2026-06-30",
            leader: Some("王某某"),
            body: "",
            entries: vec![
                entry("2026-06-01", Some("整改中"), "开始。"),
                Entry {
                    evidence: &["https://example.gov.cn/a.html", "会议纪要.pdf"],
                    ..entry("2026-07-05", Some("已办结"), "办结。")
                },
            ],
        },
        Fixture {
            id: "A-006",
            office: "o1",
            title: "办结后又重新整改",
            found: "2026-06-01",
            deadline: "2026-07-15",
            leader: None,
            body: "",
            entries: vec![
                entry("2026-06-20", Some("已办结"), "办结。"),
                entry("2026-07-01", Some("整改中"), "群众反映问题反弹，重新整改。"),
            ],
        },
    ]
}

/// A YAML double-quoted scalar (JSON string syntax is valid YAML).
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

fn item_file(f: &Fixture) -> String {
    let mut text = format!(
        "---\nid: {}\noffice: {}\ntitle: {}\ncategory: c1\nsource: 群众提\nfound: {}\ndeadline: {}\n",
        f.id,
        f.office,
        quoted(f.title),
        f.found,
        f.deadline
    );
    if let Some(leader) = f.leader {
        text += &format!("leader: {leader}\nresponsible: 赵某某\n");
    }
    if !f.entries.is_empty() {
        text += "timeline:\n";
    }
    for e in &f.entries {
        text += &format!("  - date: {}\n    note: {}\n", e.date, quoted(e.note));
        if let Some(status) = e.status {
            text += &format!("    status: {status}\n");
        }
        if let Some(deadline) = e.deadline {
            text += &format!("    deadline: {deadline}\n");
        }
        if !e.evidence.is_empty() {
            text += "    evidence:\n";
            for link in e.evidence {
                text += &format!("      - {}\n", quoted(link));
            }
        }
    }
    text + "---\n" + f.body
}

const SITE: &str = "title: 测试站\nunit: 测试单位\ncampaign: 效能建设\nyear: 2026\n\
categories:\n  - id: c1\n    name: 整治办事效率不高问题\n";

fn office_file(id: &str, name: &str) -> String {
    format!(
        "id: {id}\nname: {name}\nchief: 王某某\ndeputy: 李某某\nduties: 职责，含逗号。\nphone: 0839-5200001\n"
    )
}

fn fixture_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    std::fs::create_dir_all(content.join("offices")).unwrap();
    std::fs::create_dir_all(content.join("items")).unwrap();
    std::fs::write(content.join("site.yaml"), SITE).unwrap();
    std::fs::write(content.join("offices/o1.yaml"), office_file("o1", "一科")).unwrap();
    std::fs::write(content.join("offices/o2.yaml"), office_file("o2", "二科")).unwrap();
    for f in fixtures() {
        let path = content.join(format!("items/{}.md", f.id));
        std::fs::write(path, item_file(&f)).unwrap();
    }
    dir
}

/// Builds `root` as of `as_of` into a fresh folder; returns it (keep the TempDir alive).
fn build(root: &Path, as_of: &str) -> (tempfile::TempDir, PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("public");
    let result = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .arg("build")
        .arg("--root")
        .arg(root)
        .arg("--output")
        .arg(&site)
        .args(["--as-of", as_of])
        .output()
        .unwrap();
    assert!(
        result.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&result.stderr)
    );
    (out, site)
}

fn build_fixture() -> (tempfile::TempDir, tempfile::TempDir, PathBuf) {
    let root = fixture_site();
    let (out, site) = build(root.path(), AS_OF);
    (root, out, site)
}

fn read(site: &Path, path: &str) -> Vec<u8> {
    std::fs::read(site.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The records of a CSV download, header first, read as a spreadsheet program would.
fn csv_records(bytes: &[u8]) -> Vec<Vec<String>> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").expect("a UTF-8 BOM");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// The ledger's rows keyed by 编号, each a map from header to cell.
fn ledger(site: &Path) -> BTreeMap<String, BTreeMap<String, String>> {
    let records = csv_records(&read(site, "data/items.csv"));
    let headers = &records[0];
    records[1..]
        .iter()
        .map(|r| {
            let row: BTreeMap<String, String> =
                headers.iter().cloned().zip(r.iter().cloned()).collect();
            (row["编号"].clone(), row)
        })
        .collect()
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// What the ledger should say about a fixture as of `on`, computed from its timeline.
struct Expected {
    status: &'static str,
    deadline: &'static str,
    overdue: bool,
    days_overdue: i64,
    completed: &'static str,
}

fn expected(f: &Fixture, on: &str) -> Expected {
    let known: Vec<&Entry> = f.entries.iter().filter(|e| e.date <= on).collect();
    let status = known
        .iter()
        .rev()
        .find_map(|e| e.status)
        .unwrap_or("待整改");
    let deadline = known
        .iter()
        .rev()
        .find_map(|e| e.deadline)
        .unwrap_or(f.deadline);
    let overdue = deadline < on && status != "已办结";
    Expected {
        status,
        deadline,
        overdue,
        days_overdue: if overdue {
            (date(on) - date(deadline)).num_days()
        } else {
            0
        },
        completed: known
            .iter()
            .find(|e| e.status == Some("已办结"))
            .map_or("", |e| e.date),
    }
}

#[test]
fn ledger_csv_opens_in_excel_and_round_trips_chinese_commas_quotes_and_newlines() {
    let (_root, _out, site) = build_fixture();
    let bytes = read(&site, "data/items.csv");
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "starts with the UTF-8 BOM"
    );
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    let header_line = LEDGER_HEADERS.join(",") + "\r\n";
    assert!(
        text.starts_with(&header_line),
        "exact Chinese headers in order, CRLF"
    );
    assert!(text.ends_with("\r\n"));
    let records = csv_records(&bytes);
    assert_eq!(records[0], LEDGER_HEADERS);
    assert!(records.iter().all(|r| r.len() == LEDGER_HEADERS.len()));
    let rows = ledger(&site);
    let all = fixtures();
    let tricky = all.iter().find(|f| f.id == "A-001").unwrap();
    let row = &rows["A-001"];
    assert_eq!(
        row["存在问题"], tricky.title,
        "comma, quote and colon intact"
    );
    assert_eq!(row["整改措施"], MEASURES_TEXT);
    assert_eq!(row["责任科室"], "一科");
    assert_eq!(row["问题类别"], "整治办事效率不高问题");
    assert_eq!(rows["A-002"]["整改措施"], "", "no 整改措施 heading");
    assert_eq!(rows["A-004"]["责任领导"], "");
    let timeline = csv_records(&read(&site, "data/timeline.csv"));
    assert!(
        timeline
            .iter()
            .any(|r| r[3] == "第一行，含逗号, 和\"引号\"\n第二行：继续整改"),
        "a note with a comma, quotes and a newline survives the round trip"
    );
    let serials: Vec<String> = rows.values().map(|r| r["序号"].clone()).collect();
    let mut numbers: Vec<usize> = serials.iter().map(|s| s.parse().unwrap()).collect();
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=rows.len()).collect::<Vec<_>>());
}

#[test]
fn ledger_figures_match_the_timeline_as_of_the_date() {
    let (_root, _out, site) = build_fixture();
    let rows = ledger(&site);
    let found: Vec<Fixture> = fixtures()
        .into_iter()
        .filter(|f| f.found <= AS_OF)
        .collect();
    assert_eq!(
        rows.len(),
        found.len(),
        "one row per item found by the date"
    );
    let ids: Vec<&String> = rows.keys().collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted);
    let records = csv_records(&read(&site, "data/items.csv"));
    let in_file_order: Vec<&str> = records[1..].iter().map(|r| r[1].as_str()).collect();
    assert!(
        in_file_order.windows(2).all(|w| w[0] < w[1]),
        "sorted by id"
    );
    for f in &found {
        let row = &rows[f.id];
        let want = expected(f, AS_OF);
        let progress = if want.overdue {
            format!("{}（逾期{}天）", want.status, want.days_overdue)
        } else {
            want.status.to_string()
        };
        assert_eq!(row["完成情况"], progress, "{}", f.id);
        assert_eq!(
            row["是否逾期"],
            if want.overdue { "是" } else { "否" },
            "{}",
            f.id
        );
        assert_eq!(row["逾期天数"], want.days_overdue.to_string(), "{}", f.id);
        assert_eq!(row["整改时限"], want.deadline, "{}", f.id);
        assert_eq!(row["完成时间"], want.completed, "{}", f.id);
        assert_eq!(row["发现日期"], f.found);
    }
    // Spot checks that the fixture exercises what it should.
    assert_eq!(
        rows["A-001"]["整改时限"], "2026-08-31",
        "extension in force"
    );
    assert_eq!(rows["A-002"]["完成情况"], "整改中（逾期15天）");
    assert_eq!(
        rows["A-004"]["是否逾期"], "否",
        "deadline day is not overdue"
    );
    assert_eq!(rows["A-005"]["是否逾期办结"], "是");
    assert_eq!(rows["A-006"]["完成情况"], "整改中（逾期31天）", "reopened");
    assert_eq!(rows["A-006"]["完成时间"], "2026-06-20");
}

// ------------------------------------------------------------------------------------
// JSON against its schema (no validator crate: a structural walk)
// ------------------------------------------------------------------------------------

fn resolve<'a>(root: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => root
            .pointer(r.strip_prefix('#').unwrap())
            .unwrap_or_else(|| panic!("unresolved {r}")),
        None => schema,
    }
}

fn type_matches(value: &Value, kind: &str) -> bool {
    match kind {
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        "null" => value.is_null(),
        other => panic!("unknown schema type {other}"),
    }
}

/// Checks `value` against `schema`: type, enum, date format, required and known properties,
/// array items, recursively. Returns the problems found.
fn validate(root: &Value, schema: &Value, value: &Value, at: &str, problems: &mut Vec<String>) {
    let schema = resolve(root, schema);
    let kinds: Vec<&str> = match schema.get("type") {
        Some(Value::String(k)) => vec![k],
        Some(Value::Array(ks)) => ks.iter().map(|k| k.as_str().unwrap()).collect(),
        _ => vec![],
    };
    if !kinds.is_empty() && !kinds.iter().any(|k| type_matches(value, k)) {
        problems.push(format!("{at}: {value} is not {kinds:?}"));
        return;
    }
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array) {
        if !allowed.contains(value) {
            problems.push(format!("{at}: {value} not in {allowed:?}"));
        }
    }
    if schema.get("format").and_then(Value::as_str) == Some("date") {
        if let Some(text) = value.as_str() {
            if NaiveDate::parse_from_str(text, "%Y-%m-%d").is_err() {
                problems.push(format!("{at}: {text} is not a date"));
            }
        }
    }
    if let (Some(properties), Some(object)) = (
        schema.get("properties").and_then(Value::as_object),
        value.as_object(),
    ) {
        for name in schema["required"].as_array().into_iter().flatten() {
            if !object.contains_key(name.as_str().unwrap()) {
                problems.push(format!("{at}: missing required {name}"));
            }
        }
        for (key, field) in object {
            match properties.get(key) {
                Some(sub) => validate(root, sub, field, &format!("{at}.{key}"), problems),
                None => problems.push(format!("{at}: {key} is not in the schema")),
            }
        }
    }
    if let (Some(items), Some(values)) = (schema.get("items"), value.as_array()) {
        for (i, v) in values.iter().enumerate() {
            validate(root, items, v, &format!("{at}[{i}]"), problems);
        }
    }
}

/// Parses `data/<name>.json`, checks it against `data/schema/<name>.schema.json`, and
/// returns it with the schema of its list's elements.
fn checked_json(site: &Path, name: &str, list: &str) -> (Value, Value) {
    let data: Value = serde_json::from_slice(&read(site, &format!("data/{name}.json"))).unwrap();
    let schema: Value =
        serde_json::from_slice(&read(site, &format!("data/schema/{name}.schema.json"))).unwrap();
    let required: Vec<&str> = schema["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(required, ["as_of", "generator", list], "{name} top level");
    let element = resolve(&schema, &schema["properties"][list]["items"]).clone();
    assert_eq!(element["type"], "object");
    assert!(!element["required"].as_array().unwrap().is_empty());
    let mut problems = Vec::new();
    validate(&schema, &schema, &data, name, &mut problems);
    assert!(problems.is_empty(), "{name}: {problems:#?}");
    for row in data[list].as_array().unwrap() {
        for key in element["required"].as_array().unwrap() {
            assert!(row.get(key.as_str().unwrap()).is_some(), "{name}: {key}");
        }
    }
    (data, element)
}

#[test]
fn json_downloads_follow_their_generated_schemas() {
    let (_root, _out, site) = build_fixture();
    let (items, element) = checked_json(&site, "items", "items");
    for field in ["id", "office_name", "timeline", "derived", "body_markdown"] {
        assert!(element["properties"].get(field).is_some(), "{field}");
    }
    let schema_text = String::from_utf8(read(&site, "data/schema/items.schema.json")).unwrap();
    assert!(schema_text.contains("事项编号"), "Chinese descriptions");
    assert_eq!(items["as_of"], AS_OF);
    assert_eq!(items["generator"], "gongkai");
    let all = fixtures();
    let list = items["items"].as_array().unwrap();
    assert_eq!(list.len(), all.iter().filter(|f| f.found <= AS_OF).count());
    for item in list {
        let f = all.iter().find(|f| item["id"] == f.id).unwrap();
        let want = expected(f, AS_OF);
        let derived = &item["derived"];
        assert_eq!(derived["status"], want.status, "{}", f.id);
        assert_eq!(derived["overdue"], want.overdue, "{}", f.id);
        assert_eq!(derived["days_overdue"], want.days_overdue, "{}", f.id);
        assert_eq!(derived["deadline_in_force"], want.deadline, "{}", f.id);
        assert_eq!(item["original_deadline"], f.deadline);
        assert_eq!(item["title"], f.title);
    }
    checked_json(&site, "offices", "offices");
    let (timeline, _) = checked_json(&site, "timeline", "entries");
    let entries = timeline["entries"].as_array().unwrap();
    let known = all
        .iter()
        .filter(|f| f.found <= AS_OF)
        .flat_map(|f| &f.entries)
        .filter(|e| e.date <= AS_OF)
        .count();
    assert_eq!(entries.len(), known);
}

#[test]
fn timeline_and_office_downloads_carry_entries_and_figures() {
    let (_root, _out, site) = build_fixture();
    let timeline = csv_records(&read(&site, "data/timeline.csv"));
    let evidence = timeline
        .iter()
        .find(|r| r[0] == "A-005" && r[2] == "已办结")
        .unwrap();
    assert_eq!(evidence[5], "https://example.gov.cn/a.html 会议纪要.pdf");
    let extension = timeline
        .iter()
        .find(|r| r[0] == "A-001" && !r[4].is_empty())
        .unwrap();
    assert_eq!(extension[4], "2026-08-31");
    let offices = csv_records(&read(&site, "data/offices.csv"));
    assert_eq!(offices.len(), 3, "header and two offices");
    let o1 = offices.iter().find(|r| r[0] == "o1").unwrap();
    let (items, done, overdue, rate) = (&o1[10], &o1[13], &o1[14], &o1[15]);
    // o1 holds A-001 (整改中), A-002 (overdue), A-006 (reopened, overdue).
    assert_eq!(
        (items.as_str(), done.as_str(), overdue.as_str()),
        ("3", "0", "2")
    );
    assert_eq!(rate, "0.0");
    let json: Value = serde_json::from_slice(&read(&site, "data/offices.json")).unwrap();
    let o2 = &json["offices"][1];
    assert_eq!(o2["id"], "o2");
    // o2 holds by the date: one 已办结 of two.
    assert_eq!(o2["derived"]["completion_rate"], 50.0);
}

#[test]
fn entries_dated_after_the_as_of_date_are_not_published() {
    let (_root, _out, site) = build_fixture();
    for entry in std::fs::read_dir(site.join("data")).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            let text = String::from_utf8(std::fs::read(&path).unwrap()).unwrap();
            assert!(!text.contains(FUTURE_NOTE), "{path:?} leaks a later entry");
            assert!(
                !text.contains("A-003"),
                "{path:?} lists an item found later"
            );
            assert!(!text.contains("2026-09-01"), "{path:?} has a later date");
        }
    }
    let rows = ledger(&site);
    assert_eq!(rows["A-001"]["完成情况"], "整改中");
}

/// Every `href="…"` value in a page.
fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .map(|part| part.split('"').next().unwrap().to_string())
        .collect()
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            files.push(entry.path().strip_prefix(dir).unwrap().to_path_buf());
        }
    }
    files.sort();
    files
}

fn check_data_page(site: &Path) {
    let html = String::from_utf8(read(site, "data/index.html")).unwrap();
    assert_eq!(html.matches("<h1").count(), 1);
    assert!(!html.contains("<script"));
    assert!(html.contains("<caption"));
    assert!(html.contains("<th scope=\"col\">"));
    assert!(html.contains("派生"));
    let links = hrefs(&html);
    for file in files_under(&site.join("data")) {
        if file == Path::new("index.html") {
            continue;
        }
        let href = format!("../data/{}", file.to_string_lossy());
        assert!(links.contains(&href), "the data page links {href}");
    }
    for link in links {
        if link.starts_with("http") || link.starts_with('#') {
            continue;
        }
        let mut target = site.join("data").join(&link);
        if link.ends_with('/') {
            target = target.join("index.html");
        }
        assert!(target.is_file(), "{link} does not resolve");
    }
}

#[test]
fn data_page_links_every_download_and_the_links_resolve() {
    let (_root, _out, site) = build_fixture();
    check_data_page(&site);
    let html = String::from_utf8(read(&site, "data/index.html")).unwrap();
    assert!(html.contains("数据截至"));
    assert!(
        html.contains("items[].derived.status"),
        "the dictionary lists JSON paths"
    );
    let dictionary = csv_records(&read(&site, "data/dictionary.csv"));
    assert_eq!(dictionary[0], ["文件", "字段", "含义", "类型", "性质"]);
    for header in LEDGER_HEADERS {
        assert!(
            dictionary
                .iter()
                .any(|r| r[0] == "items.csv" && r[1] == header),
            "{header} is in the dictionary"
        );
    }
    let origin = |field: &str| {
        dictionary
            .iter()
            .find(|r| r[0] == "items.csv" && r[1] == field)
            .map(|r| r[4].clone())
            .unwrap()
    };
    assert_eq!(origin("是否逾期"), "计算得出");
    assert_eq!(origin("存在问题"), "原始记录");
}

#[test]
fn the_same_records_give_the_same_data_bytes() {
    let root = fixture_site();
    let (_a, first) = build(root.path(), AS_OF);
    let (_b, second) = build(root.path(), AS_OF);
    let files = files_under(&first.join("data"));
    assert!(files.len() >= 11);
    assert_eq!(files, files_under(&second.join("data")));
    for file in files {
        let path = Path::new("data").join(&file);
        assert_eq!(
            std::fs::read(first.join(&path)).unwrap(),
            std::fs::read(second.join(&path)).unwrap(),
            "{path:?}"
        );
    }
}

// ------------------------------------------------------------------------------------
// The repository's sample site
// ------------------------------------------------------------------------------------

/// The `found:` date of every published item file under `dir` (drafts and withdrawn items
/// leave the data), read line by line.
fn sample_found_dates(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .filter_map(|e| {
            let text = std::fs::read_to_string(e.path()).unwrap();
            let unpublished = text
                .lines()
                .any(|l| l == "draft: true" || l.starts_with("withdrawn_on:"));
            if unpublished {
                return None;
            }
            text.lines()
                .find_map(|l| l.strip_prefix("found:"))
                .map(|d| d.trim().to_string())
        })
        .collect()
}

#[test]
fn the_sample_sites_downloads_are_complete_and_valid() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let as_of = "2026-11-25";
    let (_out, site) = build(&root, as_of);
    let bytes = read(&site, "data/items.csv");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let records = csv_records(&bytes);
    assert_eq!(records[0], LEDGER_HEADERS);
    let found = sample_found_dates(&root.join("content/items"))
        .into_iter()
        .filter(|d| d.as_str() <= as_of)
        .count();
    assert_eq!(records.len() - 1, found, "one ledger row per item found");
    let (items, _) = checked_json(&site, "items", "items");
    assert_eq!(items["items"].as_array().unwrap().len(), found);
    checked_json(&site, "offices", "offices");
    checked_json(&site, "timeline", "entries");
    for record in &records[1..] {
        let overdue = record[13] == "是";
        assert_eq!(overdue, record[11].contains("逾期"), "{}", record[1]);
        assert!(
            !record[5].contains("**"),
            "{}: markup left in 整改措施",
            record[1]
        );
    }
    check_data_page(&site);
}
