//! One test per validation rule: a minimal valid site is built in a temporary folder, one thing
//! is broken, and the real binary must refuse it (`check`, exit status 1) with the problem
//! located at the exact `path:line:col` (columns in characters) and explained in plain words.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

const AS_OF: &str = "2026-11-25";

const SITE: &str = "\
title: 测试专栏
unit: 测试单位
campaign: 机关效能建设年活动
year: 2026
timezone: Asia/Shanghai
categories:
  - id: xiaolv
    name: 整治办事效率不高问题
  - id: zuofeng
    name: 整治工作作风不扎实问题
";

const OFFICE: &str = "\
id: bgs
name: 办公室
chief: 陈某某
deputy: 刘某某
duties: 负责文电运转。
phone: 0839-5212300
";

/// The valid item. Line numbers, for computing locations by hand:
///  1 `---`, 2 id, 3 office, 4 title, 5 category, 6 source, 7 found, 8 deadline, 9 timeline,
/// 10 `  - date: 2026-06-03`, 11 status, 12 note, 13 `  - date: 2026-07-20`, 14 status,
/// 15 note, 16 `---`, 17.. body.
const ITEM: &str = "\
---
id: A-1
office: bgs
title: 公文流转慢
category: xiaolv
source: 自身找
found: 2026-06-03
deadline: 2026-07-31
timeline:
  - date: 2026-06-03
    status: 待整改
    note: 列入台账。
  - date: 2026-07-20
    status: 已办结
    note: 整改完成。
---
## 问题描述

正文。
";

const ITEM_PATH: &str = "content/items/x.md";
const SITE_PATH: &str = "content/site.yaml";
const OFFICE_PATH: &str = "content/offices/bgs.yaml";

/// A minimal valid site in a temporary folder: site.yaml with two categories, one office and
/// one item.
struct Site {
    dir: TempDir,
}

/// What one run of the binary did.
#[derive(Debug)]
struct Run {
    code: Option<i32>,
    stderr: String,
}

impl Site {
    fn new() -> Site {
        let site = Site {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        site.write(SITE_PATH, SITE);
        site.write(OFFICE_PATH, OFFICE);
        site.write(ITEM_PATH, ITEM);
        site
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn write(&self, relative: &str, bytes: impl AsRef<[u8]>) {
        let path = self.root().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.root().join(relative)).unwrap()
    }

    /// Replaces the one occurrence of `from` in a record file.
    fn edit(&self, relative: &str, from: &str, to: &str) {
        let text = self.read(relative);
        assert_eq!(
            text.matches(from).count(),
            1,
            "the fixture {relative} must contain `{from}` exactly once"
        );
        self.write(relative, text.replacen(from, to, 1));
    }

    fn edit_item(&self, from: &str, to: &str) {
        self.edit(ITEM_PATH, from, to);
    }

    fn check(&self) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_gongkai"))
            .arg("check")
            .arg("--root")
            .arg(self.root())
            .arg("--as-of")
            .arg(AS_OF)
            .env("NO_COLOR", "1")
            .output()
            .expect("run gongkai");
        Run {
            code: output.status.code(),
            stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
        }
    }

    /// Every file and folder below the root, for "writes nothing" checks.
    fn listing(&self) -> BTreeSet<PathBuf> {
        fn walk(dir: &Path, root: &Path, out: &mut BTreeSet<PathBuf>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                out.insert(path.strip_prefix(root).unwrap().to_path_buf());
                if path.is_dir() {
                    walk(&path, root, out);
                }
            }
        }
        let mut out = BTreeSet::new();
        walk(self.root(), self.root(), &mut out);
        out
    }
}

/// The header lines (`path:line:col: error: message`) of the report, in order.
fn headers(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.contains(": error: ") || l.contains(": warning: "))
        .collect()
}

/// Asserts exit status 1 and an error at `location` whose message holds every one of `words`.
fn assert_error(run: &Run, location: &str, words: &[&str]) {
    assert_eq!(run.code, Some(1), "exit status; stderr:\n{}", run.stderr);
    let prefix = format!("{location}: error: ");
    let matching: Vec<&str> = headers(&run.stderr)
        .into_iter()
        .filter(|l| l.starts_with(&prefix))
        .collect();
    assert!(
        !matching.is_empty(),
        "no error at {location}; stderr:\n{}",
        run.stderr
    );
    for word in words {
        assert!(
            matching.iter().any(|l| l.contains(word)),
            "the error at {location} does not say `{word}`; stderr:\n{}",
            run.stderr
        );
    }
    assert!(
        run.stderr.contains("failed: nothing was written"),
        "stderr:\n{}",
        run.stderr
    );
}

/// Asserts the report holds exactly `n` errors (and says so in its summary line).
fn assert_error_count(run: &Run, n: usize) {
    let errors = headers(&run.stderr)
        .iter()
        .filter(|l| l.contains(": error: "))
        .count();
    assert_eq!(errors, n, "stderr:\n{}", run.stderr);
    let summary = if n == 1 {
        "1 error, ".to_string()
    } else {
        format!("{n} errors, ")
    };
    assert!(run.stderr.contains(&summary), "stderr:\n{}", run.stderr);
}

#[test]
fn the_fixture_is_valid() {
    let run = Site::new().check();
    assert_eq!(run.code, Some(0), "stderr:\n{}", run.stderr);
    assert!(headers(&run.stderr).is_empty(), "stderr:\n{}", run.stderr);
    assert!(
        run.stderr.contains("valid as of 2026-11-25"),
        "{}",
        run.stderr
    );
}

#[test]
fn yaml_syntax_error() {
    let site = Site::new();
    // The second `:` is at character column 13 (byte column 23): columns count characters.
    site.edit_item("title: 公文流转慢", "title: 公文流转慢: x");
    let run = site.check();
    assert_error(
        &run,
        "content/items/x.md:4:13",
        &["YAML syntax", "mapping values are not allowed"],
    );
    assert_error_count(&run, 1);
}

#[test]
fn yaml_syntax_error_at_the_end_of_a_file_points_at_its_last_line() {
    let site = Site::new();
    site.write(SITE_PATH, "title: [a, b\n");
    let run = site.check();
    // The parser notices at the end of the text; the error must still point at a real line.
    assert_error(&run, "content/site.yaml:1:13", &["YAML syntax"]);
    assert!(run.stderr.contains("1 | title: [a, b"), "{}", run.stderr);
}

#[test]
fn missing_opening_fence() {
    let site = Site::new();
    site.write(ITEM_PATH, ITEM.strip_prefix("---\n").unwrap());
    let run = site.check();
    assert_error(
        &run,
        "content/items/x.md:1:1",
        &["must begin with a `---` line"],
    );
    assert_error_count(&run, 1);
}

#[test]
fn unclosed_front_matter() {
    let site = Site::new();
    site.edit_item("    note: 整改完成。\n---\n", "    note: 整改完成。\n");
    let run = site.check();
    assert_error(
        &run,
        "content/items/x.md:1:1",
        &["not closed", "add a `---` line"],
    );
    assert_error_count(&run, 1);
}

#[test]
fn unknown_field_is_named_with_a_suggestion() {
    let site = Site::new();
    site.edit_item("deadline: 2026-07-31", "deadlne: 2026-07-31");
    let run = site.check();
    assert_error(
        &run,
        "content/items/x.md:8:1",
        &[
            "unknown field `deadlne`",
            "did you mean `deadline`",
            "expected one of: id, office, title, category, source, found, deadline, leader, responsible, timeline",
        ],
    );
}

#[test]
fn missing_required_field() {
    let site = Site::new();
    site.edit_item("source: 自身找\n", "");
    let run = site.check();
    // Reported where the item's fields begin.
    assert_error(
        &run,
        "content/items/x.md:2:1",
        &["missing field `source`", "an item"],
    );
    assert_error_count(&run, 1);
}

#[test]
fn wrong_type() {
    let site = Site::new();
    site.edit_item("title: 公文流转慢", "title: [公文, 流转]");
    let run = site.check();
    assert_error(
        &run,
        "content/items/x.md:4:8",
        &["`title` must be text", "a list"],
    );
    assert_error_count(&run, 1);
}

#[test]
fn impossible_date() {
    let site = Site::new();
    site.edit_item("found: 2026-06-03", "found: 2026-02-30");
    let run = site.check();
    assert_error(
        &run,
        "content/items/x.md:7:8",
        &["`found`", "2026-02-30 is not a real calendar date"],
    );
    assert_error_count(&run, 1);
}

#[test]
fn malformed_date() {
    let site = Site::new();
    site.edit_item("found: 2026-06-03", "found: 2026/02/01");
    let run = site.check();
    assert_error(
        &run,
        "content/items/x.md:7:8",
        &["`2026/02/01` is not a date", "YYYY-MM-DD"],
    );
    assert_error_count(&run, 1);
}

#[test]
fn malformed_date_in_a_timeline_entry() {
    let site = Site::new();
    site.edit_item("  - date: 2026-07-20", "  - date: 2026.7.20");
    let run = site.check();
    assert_error(
        &run,
        "content/items/x.md:13:11",
        &["`date`", "`2026.7.20` is not a date"],
    );
    assert_error_count(&run, 1);
}

#[test]
fn unknown_office() {
    let site = Site::new();
    site.edit_item("office: bgs", "office: bgx");
    let run = site.check();
    assert_error(
        &run,
        "content/items/x.md:3:9",
        &["unknown office `bgx`", "bgs"],
    );
    assert_error_count(&run, 1);
}

#[test]
fn unknown_office_differing_in_case_suggests_the_right_one() {
    let site = Site::new();
    site.edit_item("office: bgs", "office: BGS");
    let run = site.check();
    assert_error(
        &run,
        "content/items/x.md:3:9",
        &["unknown office `BGS`", "did you mean `bgs`"],
    );
}

#[test]
fn unknown_category() {
    let site = Site::new();
    site.edit_item("category: xiaolv", "category: sixiang");
    let run = site.check();
    assert_error(
        &run,
        "content/items/x.md:5:11",
        &["unknown category `sixiang`", "known: xiaolv, zuofeng"],
    );
    assert_error_count(&run, 1);
}

#[test]
fn unknown_source() {
    let site = Site::new();
    site.edit_item("source: 自身找", "source: 自己找");
    let run = site.check();
    assert_error(
        &run,
        "content/items/x.md:6:9",
        &["unknown source `自己找`", "自身找"],
    );
    assert_error_count(&run, 1);
}

#[test]
fn duplicate_item_ids_differing_only_in_case() {
    let site = Site::new();
    site.write(
        "content/items/y.md",
        ITEM.replace("id: A-1", "id: a-1")
            .replace("公文流转慢", "另一个问题"),
    );
    let run = site.check();
    assert_error(
        &run,
        "content/items/y.md:2:5",
        &[
            "duplicate item id `a-1`",
            "already used at content/items/x.md:2:5",
        ],
    );
    assert_error_count(&run, 1);
}

#[test]
fn duplicate_office_ids() {
    let site = Site::new();
    site.write(
        "content/offices/other.yaml",
        "name: 另一个科室\nid: BGS\nchief: 甲\ndeputy: 乙\nduties: 丙\nphone: 123\n",
    );
    let run = site.check();
    assert_error(
        &run,
        "content/offices/other.yaml:2:5",
        &[
            "duplicate office id `BGS`",
            "already used at content/offices/bgs.yaml:1:5",
        ],
    );
    assert_error_count(&run, 1);
}

#[test]
fn deadline_before_found() {
    let site = Site::new();
    site.edit_item("deadline: 2026-07-31", "deadline: 2026-05-01");
    let run = site.check();
    assert_error(
        &run,
        "content/items/x.md:8:11",
        &["deadline 2026-05-01 is before the item was found (2026-06-03)"],
    );
    assert_error_count(&run, 1);
}

#[test]
fn timeline_entries_out_of_date_order() {
    let site = Site::new();
    site.edit_item("  - date: 2026-06-03", "  - date: 2026-06-10");
    site.edit_item("  - date: 2026-07-20", "  - date: 2026-06-05");
    let run = site.check();
    assert_error(
        &run,
        "content/items/x.md:13:11",
        &["date order", "2026-06-05 comes after 2026-06-10"],
    );
    assert_error_count(&run, 1);
}

#[test]
fn timeline_entry_dated_before_found() {
    let site = Site::new();
    site.edit_item("  - date: 2026-06-03", "  - date: 2026-06-01");
    let run = site.check();
    assert_error(
        &run,
        "content/items/x.md:10:11",
        &["dated 2026-06-01, before the item was found (2026-06-03)"],
    );
    assert_error_count(&run, 1);
}

#[test]
fn unknown_status_word() {
    let site = Site::new();
    site.edit_item("status: 已办结", "status: 已完成");
    let run = site.check();
    assert_error(
        &run,
        "content/items/x.md:14:13",
        &["`已完成` is not a status", "待整改, 整改中 or 已办结"],
    );
    assert_error_count(&run, 1);
    // The caret underlines the word, two terminal columns per character.
    assert!(
        run.stderr
            .contains("14 |     status: 已完成\n   |             ^^^^^^\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn empty_title() {
    let site = Site::new();
    site.edit_item("title: 公文流转慢", "title: \"\"");
    let run = site.check();
    assert_error(&run, "content/items/x.md:4:8", &["`title` is empty"]);
    assert_error_count(&run, 1);
}

#[test]
fn file_that_is_not_utf8() {
    let site = Site::new();
    // 干部 in GBK, as Notepad saves it on a Chinese Windows.
    let mut bytes = b"---\nid: A-1\noffice: bgs\ntitle: ".to_vec();
    bytes.extend_from_slice(b"\xb8\xc9\xb2\xbf");
    bytes.extend_from_slice(ITEM.split_once("公文流转慢").unwrap().1.as_bytes());
    site.write(ITEM_PATH, bytes);
    let run = site.check();
    // "---\n" + "id: A-1\n" + "office: bgs\n" + "title: " = 4 + 8 + 12 + 7 bytes.
    assert_error(
        &run,
        "content/items/x.md:4:8",
        &["not UTF-8", "offset 31", "GBK"],
    );
    assert_error_count(&run, 1);
}

#[test]
fn empty_file() {
    let site = Site::new();
    site.write(ITEM_PATH, "");
    let run = site.check();
    assert_error(&run, "content/items/x.md:1:1", &["the file is empty"]);
    assert_error_count(&run, 1);
}

#[test]
fn blank_file_is_empty_too() {
    let site = Site::new();
    site.write(ITEM_PATH, " \n\n\t\n");
    let run = site.check();
    assert_error(&run, "content/items/x.md:1:1", &["the file is empty"]);
    assert_error_count(&run, 1);
}

#[test]
fn nul_byte() {
    let site = Site::new();
    site.edit_item("title: 公文流转慢", "title: 公文\0流转慢");
    let run = site.check();
    // Column: "title: 公文" is 9 characters; offset: 4 + 8 + 12 + 7 + 6 bytes.
    assert_error(
        &run,
        "content/items/x.md:4:10",
        &["NUL byte", "byte offset 37"],
    );
    assert_error_count(&run, 1);
}

#[test]
fn invalid_id() {
    let site = Site::new();
    site.edit_item("id: A-1", "id: 整改/1");
    let run = site.check();
    assert_error(
        &run,
        "content/items/x.md:2:5",
        &["`整改/1` is not a valid id", "ASCII letters, digits"],
    );
    assert_error_count(&run, 1);
}

#[test]
fn unknown_field_in_site_yaml() {
    let site = Site::new();
    site.edit(SITE_PATH, "year: 2026", "yaer: 2026");
    let run = site.check();
    assert_error(
        &run,
        "content/site.yaml:4:1",
        &[
            "unknown field `yaer` in site.yaml",
            "did you mean `year`",
            "expected one of: title, unit, campaign, year",
        ],
    );
}

#[test]
fn bad_timezone() {
    let site = Site::new();
    site.edit(
        SITE_PATH,
        "timezone: Asia/Shanghai",
        "timezone: Asia/Beijing",
    );
    let run = site.check();
    assert_error(
        &run,
        "content/site.yaml:5:11",
        &["`Asia/Beijing` is not a time zone"],
    );
    assert_error_count(&run, 1);
}

#[test]
fn office_with_unknown_parent() {
    let site = Site::new();
    site.write(OFFICE_PATH, format!("{OFFICE}parent: zuzhi\n"));
    let run = site.check();
    assert_error(
        &run,
        "content/offices/bgs.yaml:7:9",
        &["unknown office `zuzhi`", "known: bgs"],
    );
    assert_error_count(&run, 1);
}

/// Saves a text the way Notepad on Windows does: byte-order mark and CRLF line endings.
fn notepad(text: &str) -> Vec<u8> {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(text.replace('\n', "\r\n").as_bytes());
    bytes
}

#[test]
fn bom_and_crlf_are_valid() {
    let site = Site::new();
    site.write(SITE_PATH, notepad(SITE));
    site.write(OFFICE_PATH, notepad(OFFICE));
    site.write(ITEM_PATH, notepad(ITEM));
    let run = site.check();
    assert_eq!(run.code, Some(0), "stderr:\n{}", run.stderr);
    assert!(headers(&run.stderr).is_empty(), "stderr:\n{}", run.stderr);
}

#[test]
fn bom_and_crlf_do_not_shift_locations() {
    let site = Site::new();
    site.write(SITE_PATH, notepad(&SITE.replace("title: ", "titel: ")));
    site.write(ITEM_PATH, notepad(&ITEM.replace("已办结", "已完成")));
    let run = site.check();
    assert_error(
        &run,
        "content/items/x.md:14:13",
        &["`已完成` is not a status"],
    );
    assert_error(
        &run,
        "content/site.yaml:1:1",
        &["unknown field `titel`", "did you mean `title`"],
    );
    // The carriage return is not shown as part of the line.
    assert!(!run.stderr.contains('\r'), "stderr: {:?}", run.stderr);
}

#[test]
fn lone_carriage_returns_are_line_breaks() {
    // Old Mac files end lines with a bare CR; the YAML parsers and editors count them as
    // line breaks, so line numbers must too.
    let site = Site::new();
    site.write(
        ITEM_PATH,
        ITEM.replace("已办结", "已完成").replace('\n', "\r"),
    );
    let run = site.check();
    assert_error(
        &run,
        "content/items/x.md:14:13",
        &["`已完成` is not a status"],
    );
    assert_error_count(&run, 1);
}

#[test]
fn stray_carriage_return_does_not_shift_later_lines() {
    let site = Site::new();
    site.edit_item("title: 公文流转慢", "title: 公文\r 流转慢");
    site.edit_item("status: 已办结", "status: 已完成");
    let run = site.check();
    // The CR counts as a line break, as in an editor: the status is on line 15 now.
    assert_error(
        &run,
        "content/items/x.md:15:13",
        &["`已完成` is not a status"],
    );
    assert!(
        run.stderr.contains("15 |     status: 已完成\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn list_used_as_a_field_name() {
    let site = Site::new();
    // A clerk's bracketed label is a YAML list used as a key.
    site.edit_item("category: xiaolv", "[备注]: 已整改\ncategory: sixiang");
    let run = site.check();
    assert_error(
        &run,
        "content/items/x.md:2:1",
        &["unknown field `[\"备注\"]` in an item"],
    );
    // The fields after it keep their own positions.
    assert_error(
        &run,
        "content/items/x.md:6:11",
        &["unknown category `sixiang`"],
    );
    assert_error_count(&run, 2);
}

#[test]
fn item_without_timeline_is_a_warning() {
    let site = Site::new();
    let (head, rest) = ITEM.split_once("timeline:\n").unwrap();
    let body = rest.split_once("---\n").unwrap().1;
    site.write(ITEM_PATH, format!("{head}---\n{body}"));
    let run = site.check();
    assert_eq!(run.code, Some(0), "stderr:\n{}", run.stderr);
    assert!(
        run.stderr
            .contains("content/items/x.md:2:1: warning: the item has no timeline"),
        "stderr:\n{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("0 errors, 1 warning\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn every_problem_of_every_file_is_reported_in_order() {
    let site = Site::new();
    site.write(
        SITE_PATH,
        format!("{SITE}phases:\n  - id: p1\n    name: 动员\n    start: 2026-05-01\n    end: 2026-04-01\n"),
    );
    site.write(OFFICE_PATH, format!("{OFFICE}parent: zuzhi\n"));
    site.edit_item("deadline: 2026-07-31", "deadline: 2026-05-01");
    site.edit_item("status: 已办结", "status: 已完成");
    site.write(
        "content/items/b/y.md",
        ITEM.replace("id: A-1", "id: B-1")
            .replace("category: xiaolv", "category: sixiang"),
    );
    let run = site.check();
    assert_eq!(run.code, Some(1), "stderr:\n{}", run.stderr);
    let locations: Vec<&str> = headers(&run.stderr)
        .into_iter()
        .map(|l| l.split(": error: ").next().unwrap())
        .collect();
    assert_eq!(
        locations,
        [
            "content/items/b/y.md:5:11",
            "content/items/x.md:8:11",
            "content/items/x.md:14:13",
            "content/offices/bgs.yaml:7:9",
            "content/site.yaml:15:10",
        ],
        "stderr:\n{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("5 errors, 0 warnings\n"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("the phase ends (2026-04-01) before it starts (2026-05-01)"),
        "{}",
        run.stderr
    );
}

#[test]
fn check_writes_nothing() {
    let site = Site::new();
    let before = site.listing();
    let run = site.check();
    assert_eq!(run.code, Some(0), "stderr:\n{}", run.stderr);
    assert!(!site.root().join("public").exists());
    assert_eq!(site.listing(), before);

    site.edit_item("office: bgs", "office: bgx");
    let before = site.listing();
    let run = site.check();
    assert_eq!(run.code, Some(1), "stderr:\n{}", run.stderr);
    assert!(!site.root().join("public").exists());
    assert_eq!(site.listing(), before);
}
