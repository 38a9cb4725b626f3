//! The Atom feeds, sitemap.xml and robots.txt of built fixture sites: they parse, their entries
//! are sorted and keep their ids from one as-of date to the next, their links are absolute
//! exactly when the site has a `base_url`, and what they say (overdue items, completion dates)
//! agrees with the pages and with figures computed here from the fixture's own timelines.

use std::collections::{BTreeMap, BTreeSet};
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::process::Command;

use atom_syndication::{Entry, Feed};

const AS_OF: &str = "2026-11-25";
const EARLIER: &str = "2026-08-15";
const BASE_URL: &str = "https://WWW.Example.gov.cn/xny";
const TAG_WITHOUT_BASE: &str = "tag:gongkai.invalid,2026:";
const TAG_WITH_BASE: &str = "tag:www.example.gov.cn,2026:";
/// The title with markup characters that must come out escaped.
const MARKUP_TITLE: &str = "标题含<b>&\"符号";
/// How many generated items the busy office has (enough to overflow a 50-entry feed).
const BULK: usize = 60;

/// One timeline entry of a fixture item.
struct Event {
    date: String,
    status: Option<&'static str>,
    deadline: Option<String>,
    note: String,
}

/// One fixture item.
struct Fixture {
    id: String,
    office: &'static str,
    title: String,
    found: String,
    deadline: String,
    timeline: Vec<Event>,
}

fn event(date: &str, status: Option<&'static str>, note: &str) -> Event {
    Event {
        date: date.into(),
        status,
        deadline: None,
        note: note.into(),
    }
}

fn fixture(id: &str, office: &'static str, title: &str, found: &str, deadline: &str) -> Fixture {
    Fixture {
        id: id.into(),
        office,
        title: title.into(),
        found: found.into(),
        deadline: deadline.into(),
        timeline: Vec::new(),
    }
}

/// Every item of the fixture site. Notes are unique, so an entry is known by its note.
fn fixtures() -> Vec<Fixture> {
    let mut a1 = fixture("A-1", "o1", MARKUP_TITLE, "2026-06-01", "2026-06-30");
    a1.timeline = vec![
        event("2026-06-01", Some("待整改"), "A-1 列入台账 <i>&amp; 'x'"),
        event("2026-06-10", Some("整改中"), "A-1 开始整改"),
        event("2026-07-05", Some("已办结"), "A-1 整改完成（逾期）"),
    ];
    let mut a2 = fixture(
        "A-2",
        "o1",
        "延期后仍逾期的事项",
        "2026-06-05",
        "2026-07-31",
    );
    a2.timeline = vec![
        event("2026-06-05", Some("待整改"), "A-2 列入台账"),
        Event {
            deadline: Some("2026-08-31".into()),
            ..event("2026-07-20", None, "A-2 经批准延期至8月底")
        },
    ];
    let mut b1 = fixture(
        "B-1",
        "o2",
        "办结后重新整改的事项",
        "2026-06-02",
        "2026-07-15",
    );
    b1.timeline = vec![
        event("2026-06-02", Some("待整改"), "B-1 列入台账"),
        event("2026-07-10", Some("已办结"), "B-1 按期办结"),
        event(
            "2026-09-10",
            Some("整改中"),
            "B-1 群众反映问题反弹，重新整改",
        ),
    ];
    let mut b2 = fixture(
        "B-2",
        "o2",
        "同日两条进展的事项",
        "2026-07-01",
        "2026-12-31",
    );
    b2.timeline = vec![
        event("2026-07-01", Some("整改中"), "B-2 开始整改"),
        event("2026-08-01", None, "B-2 上午召开推进会"),
        event("2026-08-01", None, "B-2 下午完成制度修订"),
    ];
    let b3 = fixture(
        "B-3",
        "o2",
        "没有进展记录的事项",
        "2026-10-01",
        "2026-10-31",
    );
    let mut items = vec![a1, a2, b1, b2, b3];
    items.extend((0..BULK).map(bulk_item));
    items
}

/// A generated item of the busy office, completed on time; several share each date.
fn bulk_item(k: usize) -> Fixture {
    let day = |offset: usize| format!("2026-07-{:02}", 1 + (k % 10) + offset);
    let mut item = fixture(
        &format!("C-{k:03}"),
        "o3",
        &format!("批量事项{k}"),
        &day(0),
        "2026-12-31",
    );
    item.timeline = vec![
        event(&day(0), Some("待整改"), &format!("C-{k:03} 列入台账")),
        event(&day(5), Some("整改中"), &format!("C-{k:03} 开始整改")),
        event(&day(10), Some("已办结"), &format!("C-{k:03} 办结")),
    ];
    item
}

/// A YAML single-quoted scalar.
fn quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

fn item_file(item: &Fixture) -> String {
    let mut text = format!(
        "---\nid: {}\noffice: {}\ntitle: {}\ncategory: xiaolv\nsource: 自身找\nfound: {}\ndeadline: {}\n",
        item.id,
        item.office,
        quoted(&item.title),
        item.found,
        item.deadline
    );
    if !item.timeline.is_empty() {
        text.push_str("timeline:\n");
    }
    for e in &item.timeline {
        text.push_str(&format!("  - date: {}\n", e.date));
        if let Some(status) = e.status {
            text.push_str(&format!("    status: {status}\n"));
        }
        if let Some(deadline) = &e.deadline {
            text.push_str(&format!("    deadline: {deadline}\n"));
        }
        text.push_str(&format!("    note: {}\n", quoted(&e.note)));
    }
    text.push_str("---\n## 问题描述\n\n说明。\n");
    text
}

/// Writes the fixture site into `root`.
fn write_site(root: &Path, base_url: Option<&str>) {
    let content = root.join("content");
    std::fs::create_dir_all(content.join("offices")).unwrap();
    std::fs::create_dir_all(content.join("items")).unwrap();
    let base = base_url.map_or(String::new(), |b| format!("base_url: {b}\n"));
    std::fs::write(
        content.join("site.yaml"),
        format!(
            "title: 测试县效能建设公开\nunit: 测试县委组织部\ncampaign: 机关效能建设年活动\nyear: 2026\n{base}\
             timezone: Asia/Shanghai\nphases:\n  - id: all\n    name: 全年\n    start: 2026-04-01\n    end: 2026-12-31\n\
             categories:\n  - id: xiaolv\n    name: 整治办事效率不高问题\n"
        ),
    )
    .unwrap();
    for (id, name) in [("o1", "甲科"), ("o2", "乙科"), ("o3", "丙科")] {
        std::fs::write(
            content.join("offices").join(format!("{id}.yaml")),
            format!(
                "id: {id}\nname: {name}\nchief: 王某某\ndeputy: 李某某\nduties: 职责。\nphone: 0839-1234567\n"
            ),
        )
        .unwrap();
    }
    for item in fixtures() {
        let file = content.join("items").join(format!("{}.md", item.id));
        std::fs::write(file, item_file(&item)).unwrap();
    }
}

/// Builds `root` into `output` as of `as_of`.
fn build(root: &Path, output: &Path, as_of: &str) {
    let result = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["build", "--as-of", as_of, "--root"])
        .arg(root)
        .arg("--output")
        .arg(output)
        .output()
        .unwrap();
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
}

/// A built fixture site; the folder lives as long as the value.
struct Site {
    _dir: tempfile::TempDir,
    out: PathBuf,
}

impl Site {
    fn build(base_url: Option<&str>, as_of: &str) -> Site {
        let dir = tempfile::tempdir().unwrap();
        write_site(dir.path(), base_url);
        let out = dir.path().join("public");
        build(dir.path(), &out, as_of);
        Site { _dir: dir, out }
    }

    fn feed(&self, path: &str) -> Feed {
        let file = std::fs::File::open(self.out.join(path)).unwrap();
        Feed::read_from(BufReader::new(file)).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    fn text(&self, path: &str) -> String {
        std::fs::read_to_string(self.out.join(path)).unwrap()
    }

    /// Every feed file, below the site root.
    fn feed_paths(&self) -> Vec<String> {
        feed_paths(&self.out)
    }
}

/// Every feed file of the site at `out`, below the site root.
fn feed_paths(out: &Path) -> Vec<String> {
    let mut paths = vec![
        "feeds/all.xml".to_string(),
        "feeds/overdue.xml".to_string(),
        "feeds/completed.xml".to_string(),
    ];
    let mut offices: Vec<String> = std::fs::read_dir(out.join("feeds/offices"))
        .unwrap()
        .map(|e| format!("feeds/offices/{}", e.unwrap().file_name().to_string_lossy()))
        .collect();
    offices.sort();
    paths.extend(offices);
    paths
}

fn date(text: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// Midnight of a date in Asia/Shanghai, as Atom writes it.
fn midnight(day: &str) -> String {
    format!("{day}T00:00:00+08:00")
}

/// The item id an entry id names (`tag:…:items/A-1/entries/2` → `A-1`).
fn item_of(entry: &Entry) -> String {
    let (_, rest) = entry.id.split_once(":items/").unwrap();
    rest.split('/').next().unwrap().to_string()
}

#[test]
fn every_feed_parses_with_unique_ids_newest_first() {
    let site = Site::build(None, AS_OF);
    let paths = site.feed_paths();
    assert_eq!(
        paths[3..],
        [
            "feeds/offices/o1.xml",
            "feeds/offices/o2.xml",
            "feeds/offices/o3.xml"
        ],
        "one feed per office"
    );
    for path in &paths {
        let feed = site.feed(path);
        assert!(!feed.entries.is_empty(), "{path} has entries");
        let ids: BTreeSet<&str> = feed.entries.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(
            ids.len(),
            feed.entries.len(),
            "{path}: entry ids are unique"
        );
        for pair in feed.entries.windows(2) {
            assert!(pair[0].updated >= pair[1].updated, "{path}: newest first");
            if pair[0].updated == pair[1].updated {
                assert!(
                    item_of(&pair[0]) <= item_of(&pair[1]),
                    "{path}: ties by item id"
                );
            }
        }
        assert_eq!(
            feed.updated, feed.entries[0].updated,
            "{path}: feed updated"
        );
        assert!(feed.id.starts_with(TAG_WITHOUT_BASE), "{path}: {}", feed.id);
        assert_eq!(feed.authors[0].name, "测试县委组织部");
        assert!(feed.title.value.starts_with("测试县效能建设公开"));
        let rels: Vec<&str> = feed.links.iter().map(|l| l.rel.as_str()).collect();
        assert!(
            rels.contains(&"self") && rels.contains(&"alternate"),
            "{path}"
        );
        for entry in &feed.entries {
            assert!(entry.updated.to_rfc3339().ends_with("T00:00:00+08:00"));
        }
    }
    let all = site.feed("feeds/all.xml");
    assert_eq!(all.entries.len(), 50, "the latest 50 updates");
    assert_eq!(site.feed("feeds/offices/o3.xml").entries.len(), 50);
    // o1: A-1 has 3 entries and A-2 has 2, all visible.
    assert_eq!(site.feed("feeds/offices/o1.xml").entries.len(), 5);
    assert_eq!(site.feed("feeds/completed.xml").entries.len(), 50);
}

#[test]
fn office_feeds_hold_exactly_their_items_latest_updates() {
    let site = Site::build(None, AS_OF);
    let feed = site.feed("feeds/offices/o2.xml");
    let got: Vec<(String, String)> = feed
        .entries
        .iter()
        .map(|e| (e.id.clone(), e.title.value.clone()))
        .collect();
    let t = |s: &str| format!("{TAG_WITHOUT_BASE}items/{s}");
    let expected = vec![
        (
            t("B-1/entries/3"),
            "办结后重新整改的事项：整改中".to_string(),
        ),
        // Two entries of one day: the later-written first.
        (t("B-2/entries/3"), "同日两条进展的事项：进展".to_string()),
        (t("B-2/entries/2"), "同日两条进展的事项：进展".to_string()),
        (
            t("B-1/entries/2"),
            "办结后重新整改的事项：已办结".to_string(),
        ),
        (t("B-2/entries/1"), "同日两条进展的事项：整改中".to_string()),
        (
            t("B-1/entries/1"),
            "办结后重新整改的事项：待整改".to_string(),
        ),
    ];
    assert_eq!(got, expected);
    assert_eq!(
        feed.entries[0].summary.as_ref().unwrap().value,
        "B-1 群众反映问题反弹，重新整改"
    );
    assert_eq!(feed.updated.to_rfc3339(), midnight("2026-09-10"));
}

/// Each entry's id keyed by what the entry says, for comparing two builds.
fn ids_by_content(feed: &Feed) -> BTreeMap<(String, String, String), String> {
    feed.entries
        .iter()
        .map(|e| {
            let summary = e
                .summary
                .as_ref()
                .map_or(String::new(), |s| s.value.clone());
            (
                (e.links[0].href.clone(), e.title.value.clone(), summary),
                e.id.clone(),
            )
        })
        .collect()
}

#[test]
fn an_event_keeps_its_entry_id_whatever_the_as_of_date() {
    let early = Site::build(None, EARLIER);
    let late = Site::build(None, AS_OF);
    // Each update's id names its item and its place in the item's timeline, found here by note.
    let mut place: BTreeMap<String, (String, usize)> = BTreeMap::new();
    for item in fixtures() {
        for (n, e) in item.timeline.iter().enumerate() {
            place.insert(e.note.clone(), (item.id.clone(), n + 1));
        }
    }
    for site in [&early, &late] {
        for path in site.feed_paths() {
            if path.ends_with("overdue.xml") || path.ends_with("completed.xml") {
                continue;
            }
            for entry in site.feed(&path).entries {
                let note = &entry.summary.as_ref().unwrap().value;
                let (item, n) = &place[note];
                assert_eq!(
                    entry.id,
                    format!("{TAG_WITHOUT_BASE}items/{item}/entries/{n}")
                );
            }
        }
    }
    let mut shared = 0;
    for path in [
        "feeds/all.xml",
        "feeds/offices/o1.xml",
        "feeds/completed.xml",
    ] {
        let before = ids_by_content(&early.feed(path));
        let after = ids_by_content(&late.feed(path));
        for (content, id) in &before {
            if let Some(later) = after.get(content) {
                assert_eq!(id, later, "{path}: {content:?}");
                shared += 1;
            }
        }
    }
    assert!(shared > 10, "the two builds share entries ({shared})");
    // C-009 completed on 07-20: the same completion entry in both builds.
    let completed_id = |site: &Site| {
        site.feed("feeds/completed.xml")
            .entries
            .into_iter()
            .find(|e| item_of(e) == "C-009")
            .map(|e| e.id)
    };
    assert_eq!(completed_id(&early), completed_id(&late));
    assert_eq!(
        completed_id(&late).unwrap(),
        format!("{TAG_WITHOUT_BASE}items/C-009/completed")
    );
}

#[test]
fn links_are_relative_without_base_url_and_resolve() {
    let site = Site::build(None, AS_OF);
    for path in site.feed_paths() {
        let feed = site.feed(&path);
        let dir = site.out.join(&path).parent().unwrap().to_path_buf();
        let self_link = feed.links.iter().find(|l| l.rel == "self").unwrap();
        assert!(dir.join(&self_link.href).is_file(), "{path}: self link");
        let hrefs = feed
            .links
            .iter()
            .filter(|l| l.rel == "alternate")
            .chain(feed.entries.iter().flat_map(|e| &e.links));
        for link in hrefs {
            assert!(link.href.starts_with("../"), "{path}: {}", link.href);
            assert!(
                dir.join(&link.href).join("index.html").is_file(),
                "{path}: {} resolves",
                link.href
            );
        }
    }
    let all = site.feed("feeds/all.xml");
    assert!(all.entries[0].links[0].href.starts_with("../items/"));
    let office = site.feed("feeds/offices/o1.xml");
    assert!(office.entries[0].links[0].href.starts_with("../../items/"));
}

#[test]
fn links_are_absolute_and_ids_name_the_host_with_base_url() {
    let site = Site::build(Some(BASE_URL), AS_OF);
    let base = format!("{BASE_URL}/");
    for path in site.feed_paths() {
        let feed = site.feed(&path);
        assert!(feed.id.starts_with(TAG_WITH_BASE), "{}", feed.id);
        let self_link = feed.links.iter().find(|l| l.rel == "self").unwrap();
        assert_eq!(self_link.href, format!("{base}{path}"));
        for entry in &feed.entries {
            assert!(entry.id.starts_with(TAG_WITH_BASE), "{}", entry.id);
            let item = item_of(entry);
            assert_eq!(entry.links[0].href, format!("{base}items/{item}/"));
        }
    }
    let office = site.feed("feeds/offices/o2.xml");
    let alternate = office.links.iter().find(|l| l.rel == "alternate").unwrap();
    assert_eq!(alternate.href, format!("{base}offices/o2/"));
}

/// The item ids the overdue page links to, in its order.
fn overdue_page_items(site: &Site) -> Vec<String> {
    let html = site.text("overdue/index.html");
    let Some((_, body)) = html.split_once("<tbody>") else {
        return Vec::new();
    };
    let body = body.split("</tbody>").next().unwrap();
    body.split("href=\"../items/")
        .skip(1)
        .map(|s| s.split('/').next().unwrap().to_string())
        .collect()
}

#[test]
fn overdue_feed_lists_exactly_the_overdue_page_items() {
    let site = Site::build(None, AS_OF);
    let feed = site.feed("feeds/overdue.xml");
    let from_feed: BTreeSet<String> = feed.entries.iter().map(item_of).collect();
    let from_page: BTreeSet<String> = overdue_page_items(&site).into_iter().collect();
    assert_eq!(from_feed, from_page);
    // Newest spell first: B-3 from the day after its deadline, B-1 from its reopening,
    // A-2 from the day after its extended deadline.
    let got: Vec<(String, String, String)> = feed
        .entries
        .iter()
        .map(|e| (item_of(e), e.updated.to_rfc3339(), e.id.clone()))
        .collect();
    let t = |s: &str| format!("{TAG_WITHOUT_BASE}items/{s}");
    assert_eq!(
        got,
        vec![
            (
                "B-3".into(),
                midnight("2026-11-01"),
                t("B-3/overdue/2026-10-31")
            ),
            (
                "B-1".into(),
                midnight("2026-09-10"),
                t("B-1/overdue/2026-07-15")
            ),
            (
                "A-2".into(),
                midnight("2026-09-01"),
                t("A-2/overdue/2026-08-31")
            ),
        ]
    );
    let a2 = &feed.entries[2];
    assert_eq!(a2.title.value, "逾期：延期后仍逾期的事项");
    let summary = &a2.summary.as_ref().unwrap().value;
    for part in ["甲科", "2026-08-31", "86天"] {
        assert!(summary.contains(part), "{summary} names {part}");
    }
    // As of 08-15 nothing is overdue yet (A-2 was extended, B-1 was done).
    let early = Site::build(None, EARLIER);
    assert!(early.feed("feeds/overdue.xml").entries.is_empty());
    assert!(overdue_page_items(&early).is_empty());
    assert_eq!(
        early.feed("feeds/overdue.xml").updated.to_rfc3339(),
        midnight(EARLIER),
        "an empty feed is dated as of the build"
    );
}

#[test]
fn completed_feed_carries_completion_dates_from_the_timeline() {
    let as_of = date(AS_OF);
    let mut expected: Vec<(chrono::NaiveDate, String)> = fixtures()
        .into_iter()
        .filter_map(|item| {
            let done = item
                .timeline
                .iter()
                .find(|e| e.status == Some("已办结") && date(&e.date) <= as_of)?;
            Some((date(&done.date), item.id))
        })
        .collect();
    expected.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    expected.truncate(50);
    let site = Site::build(None, AS_OF);
    let feed = site.feed("feeds/completed.xml");
    let got: Vec<(chrono::NaiveDate, String)> = feed
        .entries
        .iter()
        .map(|e| (e.updated.date_naive(), item_of(e)))
        .collect();
    assert_eq!(got, expected);
    for entry in &feed.entries {
        assert_eq!(
            entry.id,
            format!("{TAG_WITHOUT_BASE}items/{}/completed", item_of(entry))
        );
    }
    let a1 = feed.entries.iter().find(|e| item_of(e) == "A-1");
    let b1 = feed.entries.iter().find(|e| item_of(e) == "B-1");
    // The first two completions are older than the generated ones, so look as of 07-10.
    assert!(a1.is_none() && b1.is_none(), "pushed out by 50 newer ones");
    let july = Site::build(None, "2026-07-10");
    let feed = july.feed("feeds/completed.xml");
    let a1 = feed.entries.iter().find(|e| item_of(e) == "A-1").unwrap();
    assert_eq!(a1.title.value, format!("逾期办结：{MARKUP_TITLE}"));
    assert_eq!(a1.updated.to_rfc3339(), midnight("2026-07-05"));
    assert!(a1.summary.as_ref().unwrap().value.contains("逾期办结"));
    let b1 = feed.entries.iter().find(|e| item_of(e) == "B-1").unwrap();
    assert_eq!(b1.title.value, "办结：办结后重新整改的事项");
    assert!(!b1.summary.as_ref().unwrap().value.contains("逾期办结"));
}

#[test]
fn markup_in_titles_and_notes_is_escaped() {
    let site = Site::build(None, AS_OF);
    let raw = site.text("feeds/offices/o1.xml");
    assert!(raw.contains("标题含&lt;b&gt;&amp;"), "{raw}");
    assert!(!raw.contains("<b>") && !raw.contains("<i>"));
    let feed = site.feed("feeds/offices/o1.xml");
    let a1: Vec<&Entry> = feed
        .entries
        .iter()
        .filter(|e| item_of(e) == "A-1")
        .collect();
    assert_eq!(a1.len(), 3);
    assert!(a1.iter().all(|e| e.title.value.starts_with(MARKUP_TITLE)));
    let first = a1.iter().find(|e| e.id.ends_with("/entries/1")).unwrap();
    assert_eq!(
        first.summary.as_ref().unwrap().value,
        "A-1 列入台账 <i>&amp; 'x'"
    );
}

/// Every `index.html` page written, as the folder a visitor asks for (`items/A-1/`).
fn html_pages(out: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_name() == "index.html")
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(out)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            rel.trim_end_matches("index.html").to_string()
        })
        .collect()
}

#[test]
fn sitemap_and_robots_name_the_site_only_with_base_url() {
    let plain = Site::build(None, AS_OF);
    assert!(!plain.out.join("sitemap.xml").exists());
    assert_eq!(plain.text("robots.txt"), "User-agent: *\nAllow: /\n");

    let site = Site::build(Some(BASE_URL), AS_OF);
    let base = format!("{BASE_URL}/");
    assert_eq!(
        site.text("robots.txt"),
        format!("User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n")
    );
    let xml = site.text("sitemap.xml");
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
    assert_eq!(
        xml.matches("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">")
            .count(),
        1
    );
    assert!(xml.trim_end().ends_with("</urlset>"));
    let urls: Vec<&str> = xml
        .split("<url>")
        .skip(1)
        .map(|u| u.split("</url>").next().unwrap())
        .collect();
    assert_eq!(xml.matches("<url>").count(), xml.matches("</url>").count());
    let mut locs = BTreeSet::new();
    let mut lastmods = BTreeMap::new();
    for url in &urls {
        assert_eq!(url.matches("<loc>").count(), 1, "{url}");
        let loc = url
            .split("<loc>")
            .nth(1)
            .unwrap()
            .split("</loc>")
            .next()
            .unwrap();
        let page = loc.strip_prefix(&base).unwrap_or_else(|| panic!("{loc}"));
        if let Some(lastmod) = url.split("<lastmod>").nth(1) {
            lastmods.insert(
                page.to_string(),
                lastmod.split("</lastmod>").next().unwrap().to_string(),
            );
        }
        assert!(locs.insert(page.to_string()), "{page} listed once");
    }
    assert_eq!(locs, html_pages(&site.out), "one <url> per page written");
    for page in [
        "",
        "offices/",
        "items/",
        "overdue/",
        "offices/o1/",
        "items/A-1/",
    ] {
        assert!(locs.contains(page), "{page}");
    }
    // An item's lastmod is its last visible entry, else the day it was found.
    for item in fixtures() {
        let last = item.timeline.last().map_or(&item.found, |e| &e.date);
        assert_eq!(
            lastmods[&format!("items/{}/", item.id)],
            *last,
            "{}",
            item.id
        );
    }
    assert_eq!(lastmods["offices/o2/"], "2026-10-01", "B-3 was found last");
}

#[test]
fn the_same_records_and_date_give_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path(), Some(BASE_URL));
    let outputs = [dir.path().join("one"), dir.path().join("two")];
    for out in &outputs {
        build(dir.path(), out, AS_OF);
    }
    let read = |out: &Path, path: &str| std::fs::read(out.join(path)).unwrap();
    let mut paths = feed_paths(&outputs[0]);
    paths.extend(["sitemap.xml".to_string(), "robots.txt".to_string()]);
    for path in paths {
        assert_eq!(read(&outputs[0], &path), read(&outputs[1], &path), "{path}");
    }
}

#[test]
fn the_sample_site_feeds_parse() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(Path::new(env!("CARGO_MANIFEST_DIR")), &out, AS_OF);
    let site = Site { _dir: dir, out };
    for path in site.feed_paths() {
        let feed = site.feed(&path);
        let ids: BTreeSet<&str> = feed.entries.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids.len(), feed.entries.len(), "{path}");
        assert!(
            feed.entries
                .windows(2)
                .all(|p| p[0].updated >= p[1].updated),
            "{path}"
        );
    }
    assert!(!site.feed("feeds/all.xml").entries.is_empty());
    assert!(site.out.join("robots.txt").is_file());
}
