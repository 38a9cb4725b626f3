//! Search and filters: the index's tokens, the pre-rendered filter pages against the records
//! (read here with serde_yaml, not through the library), the links of the new pages, and the
//! query code of `search.js` run by node (`tests/search/query.test.mjs`) over the built index.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_yaml::Value;

#[path = "support/deadlines.rs"]
mod deadlines;

const ON: &str = "2026-11-25";

fn sample_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn build(on: &str) -> (tempfile::TempDir, PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let result = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["build", "--root"])
        .arg(sample_root())
        .arg("--output")
        .arg(&site)
        .args(["--as-of", on])
        .output()
        .unwrap();
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    (out, site)
}

fn text(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(serde_yaml::to_string(other).unwrap().trim().to_string()),
    }
}

/// One item as this test reads it.
struct Record {
    id: String,
    office: String,
    category: String,
    source: String,
    title: String,
    body: String,
    found: String,
    /// The original deadline's day; `None` for 长期.
    deadline: Option<String>,
    draft: bool,
    withdrawn_on: Option<String>,
    /// (date, status, extension deadline, note)
    timeline: Vec<(String, Option<String>, Option<String>, String)>,
}

impl Record {
    /// Found by the date, not a draft, not withdrawn by then: listed and searchable.
    fn counted(&self, on: &str) -> bool {
        self.found.as_str() <= on
            && !self.draft
            && self.withdrawn_on.as_deref().is_none_or(|w| w > on)
    }

    /// (status word, overdue) on a date.
    fn state(&self, on: &str) -> (String, bool) {
        let mut status = "待整改".to_string();
        let mut deadline = self.deadline.clone();
        for (date, s, extension, _) in &self.timeline {
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
        let overdue = deadline.is_some_and(|d| d.as_str() < on) && status != "已办结";
        (status, overdue)
    }

    /// Everything the public can read of it on a date: title, id, labels, body, notes.
    fn searchable(&self, on: &str, names: &BTreeMap<String, String>) -> String {
        let mut all = vec![
            self.id.clone(),
            self.title.clone(),
            names.get(&self.office).cloned().unwrap_or_default(),
            names.get(&self.category).cloned().unwrap_or_default(),
            self.source.clone(),
            self.body.clone(),
        ];
        for (date, _, _, note) in &self.timeline {
            if date.as_str() <= on {
                all.push(note.clone());
            }
        }
        all.join("\n")
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
        let mut parts = raw.strip_prefix("---\n").unwrap().splitn(2, "\n---\n");
        let yaml = parts.next().unwrap();
        let body = parts.next().unwrap_or("").to_string();
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
            category: text(&v, "category").unwrap(),
            source: text(&v, "source").unwrap(),
            title: text(&v, "title").unwrap(),
            body,
            found: text(&v, "found").unwrap(),
            deadline: calendar.due_day(&text(&v, "deadline").unwrap(), &text(&v, "found").unwrap()),
            draft: v.get("draft").and_then(Value::as_bool).unwrap_or(false),
            withdrawn_on: text(&v, "withdrawn_on"),
            timeline,
        });
    }
    records.sort_by(|a, b| a.id.cmp(&b.id));
    records
}

/// Office ids and category ids → their names, from the records.
fn names(root: &Path) -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    for entry in std::fs::read_dir(root.join("content/offices")).unwrap() {
        let v: Value =
            serde_yaml::from_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap()).unwrap();
        names.insert(text(&v, "id").unwrap(), text(&v, "name").unwrap());
    }
    let site: Value =
        serde_yaml::from_str(&std::fs::read_to_string(root.join("content/site.yaml")).unwrap())
            .unwrap();
    for c in site["categories"].as_sequence().unwrap() {
        names.insert(text(c, "id").unwrap(), text(c, "name").unwrap());
    }
    names
}

/// The ids of the items a page links to (`…/items/<id>/`), in page order.
fn listed_items(html: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for part in html.split("items/").skip(1) {
        let id: String = part.chars().take_while(|&c| c != '/' && c != '"').collect();
        if part[id.len()..].starts_with("/\"")
            && id.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && !ids.contains(&id)
        {
            ids.push(id);
        }
    }
    ids
}

/// The JSON value a `search/*.js` file stores (`G.<slot>=<json>;})(…)`).
fn stored(file: &Path) -> serde_json::Value {
    let js = std::fs::read_to_string(file).unwrap();
    let start = js
        .find("]=")
        .map(|i| i + 2)
        .or(js.find("meta=").map(|i| i + 5));
    let json = &js[start.unwrap()..js.rfind(";})(").unwrap()];
    serde_json::from_str(json).unwrap()
}

#[test]
fn index_tokens_for_a_chinese_title_and_an_id() {
    use gongkai::search::{query_tokens, tokens};
    let title = "首问责任制落实不到位";
    let t = tokens(title);
    for bigram in ["首问", "问责", "责任", "任制", "到位"] {
        assert!(t.contains(&bigram.to_string()), "{bigram} in {t:?}");
    }
    assert!(
        t.contains(&"首".to_string()),
        "single characters are indexed too"
    );
    assert_eq!(query_tokens("首问责任制"), ["首问", "问责", "责任", "任制"]);
    assert_eq!(
        tokens("编号 GB1-2026-001；"),
        ["编", "编号", "号", "gb1-2026-001"]
    );
    assert_eq!(query_tokens("ＧＢ１-2026-001"), ["gb1-2026-001"]);

    // The built index holds those tokens, each in the shard its hash names.
    let (_out, site) = build(ON);
    let meta = stored(&site.join("search/meta.js"));
    let shards = meta["shards"].as_u64().unwrap() as u32;
    for token in ["首问", "gb1-2026-001", "=gb1-2026-001", "=干部一科"] {
        let n = gongkai::search::hash(token) % shards;
        let shard = stored(&site.join(format!("search/shard-{n}.js")));
        assert!(shard.get(token).is_some(), "{token} in shard {n}");
    }
}

#[test]
fn the_index_holds_exactly_the_published_records() {
    let records = read_records(&sample_root());
    let (_out, site) = build(ON);
    let meta = stored(&site.join("search/meta.js"));
    let chunks = meta["docs"]
        .as_u64()
        .unwrap()
        .div_ceil(meta["chunk"].as_u64().unwrap());
    let mut items = BTreeSet::new();
    let mut offices = BTreeSet::new();
    for k in 0..chunks {
        for row in stored(&site.join(format!("search/docs-{k}.js")))
            .as_array()
            .unwrap()
        {
            let id = row[1].as_str().unwrap().to_string();
            match row[0].as_str().unwrap() {
                "item" => items.insert(id),
                "office" => offices.insert(id),
                other => panic!("unknown kind {other}"),
            };
        }
    }
    let expected: BTreeSet<String> = records
        .iter()
        .filter(|r| r.counted(ON))
        .map(|r| r.id.clone())
        .collect();
    assert_eq!(items, expected, "items in the index as of {ON}");
    assert!(offices.contains("ganbu1"));
    assert!(
        records.iter().any(|r| !r.counted(ON)),
        "the sample has drafts or withdrawn items to leave out"
    );
}

#[test]
fn filter_pages_list_exactly_the_items_the_records_say() {
    let root = sample_root();
    let records = read_records(&root);
    let names = names(&root);
    for on in [ON, "2026-07-31"] {
        let (_out, site) = build(on);
        for (slug, word) in [
            ("pending", "待整改"),
            ("progress", "整改中"),
            ("done", "已办结"),
        ] {
            let page =
                std::fs::read_to_string(site.join(format!("items/status/{slug}/index.html")))
                    .unwrap();
            let table = &page[page.find("<table").unwrap_or(0)..];
            let listed: BTreeSet<String> = listed_items(table).into_iter().collect();
            let expected: BTreeSet<String> = records
                .iter()
                .filter(|r| r.counted(on) && r.state(on).0 == word)
                .map(|r| r.id.clone())
                .collect();
            assert_eq!(listed, expected, "items/status/{slug}/ as of {on}");
            assert!(page.contains("aria-label=\"筛选\""));
        }
        let categories: BTreeSet<&String> = records.iter().map(|r| &r.category).collect();
        for category in categories {
            let page =
                std::fs::read_to_string(site.join(format!("items/category/{category}/index.html")))
                    .unwrap();
            assert!(page.contains(&names[category]), "{category} names itself");
            let table = &page[page.find("<table").unwrap_or(0)..];
            let listed: BTreeSet<String> = listed_items(table).into_iter().collect();
            let expected: BTreeSet<String> = records
                .iter()
                .filter(|r| r.counted(on) && &r.category == category)
                .map(|r| r.id.clone())
                .collect();
            assert_eq!(listed, expected, "items/category/{category}/ as of {on}");
        }
    }
}

#[test]
fn items_rows_carry_their_filter_values() {
    let records = read_records(&sample_root());
    let (_out, site) = build(ON);
    let page = std::fs::read_to_string(site.join("items/index.html")).unwrap();
    for r in records.iter().filter(|r| r.counted(ON)) {
        let at = page
            .find(&format!("href=\"../items/{}/\"", r.id))
            .unwrap_or_else(|| panic!("{} on the items index", r.id));
        let row = &page[page[..at].rfind("<tr").unwrap()..at];
        let (status, overdue) = r.state(ON);
        let slug = match status.as_str() {
            "待整改" => "pending",
            "整改中" => "progress",
            _ => "done",
        };
        for (key, value) in [
            ("office", r.office.as_str()),
            ("category", r.category.as_str()),
            ("source", r.source.as_str()),
            ("status", slug),
            ("overdue", if overdue { "1" } else { "0" }),
        ] {
            assert!(
                row.contains(&format!("data-{key}=\"{value}\"")),
                "{}: data-{key}={value} in {row}",
                r.id
            );
        }
    }
}

#[test]
fn the_new_pages_link_only_to_files_of_the_site() {
    for style in ["server", "file"] {
        let out = tempfile::tempdir().unwrap();
        let site = out.path().join("site");
        let status = Command::new(env!("CARGO_BIN_EXE_gongkai"))
            .args(["build", "--root"])
            .arg(sample_root())
            .arg("--output")
            .arg(&site)
            .args(["--as-of", ON, "--links", style])
            .status()
            .unwrap();
        assert!(status.success());
        let mut pages = vec![
            site.join("search/index.html"),
            site.join("items/index.html"),
        ];
        for dir in ["items/status", "items/category"] {
            for entry in std::fs::read_dir(site.join(dir)).unwrap() {
                pages.push(entry.unwrap().path().join("index.html"));
            }
        }
        for page in pages {
            let html = std::fs::read_to_string(&page).unwrap();
            assert!(!html.contains("<script>"), "no inline script in {page:?}");
            assert!(!html.contains(" onclick="), "no inline handler in {page:?}");
            for attr in ["href=\"", "src=\""] {
                for part in html.split(attr).skip(1) {
                    let link = part.split('"').next().unwrap();
                    if link.starts_with('#') || link.contains("://") {
                        continue;
                    }
                    let path = link.split('#').next().unwrap();
                    let mut target = page.parent().unwrap().join(path);
                    if path.ends_with('/') {
                        assert_eq!(style, "server", "{link} in {page:?}");
                        target = target.join("index.html");
                    }
                    assert!(target.is_file(), "{link} in {page:?} resolves");
                }
            }
        }
        let header = std::fs::read_to_string(site.join("index.html")).unwrap();
        assert!(
            header.contains(">搜索</a>"),
            "the header links to the search page"
        );
    }
}

/// What the node test checks, computed here from the records.
fn expectations(root: &Path, on: &str) -> serde_json::Value {
    let records = read_records(root);
    let names = names(root);
    let text: Vec<(String, String)> = records
        .iter()
        .filter(|r| r.counted(on))
        .map(|r| (r.id.clone(), r.searchable(on, &names)))
        .collect();
    let having = |word: &str| -> Vec<String> {
        text.iter()
            .filter(|(_, t)| t.contains(word))
            .map(|(id, _)| id.clone())
            .collect()
    };
    let both: Vec<String> = having("窗口")
        .into_iter()
        .filter(|id| having("态度").contains(id))
        .collect();
    let either: BTreeSet<String> = having("窗口").into_iter().chain(having("态度")).collect();
    let samples = [
        "首问责任制落实不到位",
        "见GB1-2026-001。WPS、Excel 台账",
        "ＧＢ１－２０２６ 全角",
        "电话0839-5212301，a.b_c-d. end-",
        "𠮷野家 〇 かな 한국",
        "窗口态度",
    ];
    let tokens: Vec<serde_json::Value> = samples
        .iter()
        .map(|s| {
            serde_json::json!({
                "text": s,
                "tokens": gongkai::search::tokens(s),
                "query": gongkai::search::query_tokens(s),
                "hash": s.chars().take(2).collect::<String>(),
                "hash_value": gongkai::search::hash(&s.chars().take(2).collect::<String>()),
            })
        })
        .collect();
    serde_json::json!({
        "shouwen": having("首问"),
        "chuang": having("窗"),
        "window_both": both,
        "window_either": either,
        "item_id": "GB1-2026-001",
        "office": { "id": "ganbu1", "name": names["ganbu1"] },
        "tokens": tokens,
    })
}

#[test]
fn node_runs_the_search_script_over_the_built_index() {
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let node = Command::new("node").arg("--version").output().ok();
    let Some(node) = node.filter(|o| o.status.success()) else {
        assert!(!ci, "node is required when CI=true");
        println!("skipped: node is not installed (install node 20 to run the search script test)");
        return;
    };
    let version = String::from_utf8_lossy(&node.stdout).trim().to_string();
    let major: u32 = version
        .trim_start_matches('v')
        .split('.')
        .next()
        .and_then(|m| m.parse().ok())
        .unwrap_or(0);
    if major < 18 {
        assert!(
            !ci,
            "node 18 or newer is required when CI=true (found {version})"
        );
        println!("skipped: node {version} is older than 18 (no `node --test`)");
        return;
    }
    let (out, site) = build(ON);
    let expect = out.path().join("expect.json");
    std::fs::write(
        &expect,
        serde_json::to_vec_pretty(&expectations(&sample_root(), ON)).unwrap(),
    )
    .unwrap();
    let result = Command::new("node")
        .arg("--test")
        .arg(sample_root().join("tests/search/query.test.mjs"))
        .env("GONGKAI_SITE", &site)
        .env("GONGKAI_EXPECT", &expect)
        .output()
        .unwrap();
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
    assert!(result.status.success(), "node --test failed:\n{report}");
    println!("{report}");
}

#[test]
fn a_masked_value_never_appears_raw_in_the_search_index() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("content/offices")).unwrap();
    std::fs::create_dir_all(root.join("content/items")).unwrap();
    std::fs::write(
        root.join("content/site.yaml"),
        "title: 测试站\nunit: 测试单位\ncampaign: 效能建设\nyear: 2026\n\
         categories:\n  - id: c1\n    name: 类别一\nprivacy:\n  policy: mask\n",
    )
    .unwrap();
    std::fs::write(
        root.join("content/offices/o1.yaml"),
        "id: o1\nname: 一科\nchief: 王某某\ndeputy: 李某某\nduties: 职责，联系手机13912345678。\n\
         phone: 0839-5200001\n",
    )
    .unwrap();
    std::fs::write(
        root.join("content/items/a.md"),
        "---\nid: A-1\noffice: o1\ntitle: 群众13812345678反映窗口推诿\ncategory: c1\nsource: 群众提\n\
         found: 2026-06-01\ndeadline: 2026-06-30\ntimeline:\n  - date: 2026-06-01\n    status: 整改中\n\
         \x20   note: 回访13812345678。\n---\n## 问题描述\n\n群众手机 138 1234 5678 反映首问不落实。\n",
    )
    .unwrap();
    let site = root.join("public");
    let result = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["build", "--as-of", ON, "--root"])
        .arg(root)
        .arg("--output")
        .arg(&site)
        .output()
        .unwrap();
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let mut index = String::new();
    for entry in std::fs::read_dir(site.join("search")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "js") {
            index.push_str(&std::fs::read_to_string(path).unwrap());
        }
    }
    for raw in ["13812345678", "13912345678", "138 1234 5678", "12345678"] {
        assert!(!index.contains(raw), "{raw} in the search index");
    }
    assert!(
        index.contains("138****5678"),
        "the masked value is indexed as shown"
    );
    assert!(index.contains("139****5678"));
    assert!(
        index.contains("\"首问\""),
        "the rest of the text is indexed"
    );
}
