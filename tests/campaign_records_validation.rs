//! One test per rule of the supervision records (nine systems, inspections, 四个一, opinions,
//! accountability, plans): a minimal valid site is built in a temporary folder, one record
//! breaks one rule, and `check` must refuse it with the problem at its exact `path:line:col`
//! and in plain words.

use std::path::Path;

use chrono::NaiveDate;
use tempfile::TempDir;

const SITE: &str = "\
title: 测试专栏
unit: 测试单位
campaign: 机关效能建设年活动
year: 2026
timezone: Asia/Shanghai
phases:
  - id: mobilize
    name: 学习、教育、动员
    start: 2026-04-01
    end: 2026-05-31
    deliverable: 各科室实施方案
    due: 2026-05-31
  - id: supervise
    name: 监督检查
    start: 2026-04-01
    end: 2026-12-31
categories:
  - id: xiaolv
    name: 整治办事效率不高问题
systems:
  - id: shouwen
    name: 首问责任制
  - id: xianshi
    name: 限时办结制
";

const OFFICE: &str = "\
id: bgs
name: 办公室
chief: 陈某某
deputy: 刘某某
duties: 负责文电运转。
phone: 0839-5212300
";

const ITEM: &str = "\
---
id: A-1
office: bgs
title: 公文流转慢
category: xiaolv
source: 自身找
found: 2026-06-03
deadline: 2026-07-31
---
正文。
";

struct Site {
    dir: TempDir,
}

impl Site {
    fn new() -> Site {
        let site = Site {
            dir: tempfile::tempdir().unwrap(),
        };
        site.write("content/site.yaml", SITE);
        site.write("content/offices/bgs.yaml", OFFICE);
        site.write("content/items/a.md", ITEM);
        site
    }

    fn write(&self, relative: &str, text: &str) {
        let path = self.dir.path().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Every error of `check` as `path:line:col: message`.
    fn errors(&self) -> Vec<String> {
        let options = gongkai::Options {
            root: self.dir.path().to_path_buf(),
            as_of: NaiveDate::from_ymd_opt(2026, 11, 25),
            ..Default::default()
        };
        match gongkai::check(&options) {
            Ok(_) => Vec::new(),
            Err(gongkai::Error::Records(problems)) => problems
                .iter()
                .filter(|d| d.is_error())
                .map(|d| {
                    format!(
                        "{}:{}:{}: {}",
                        d.path.display(),
                        d.line,
                        d.column,
                        d.message
                    )
                })
                .collect(),
            Err(e) => panic!("{e:?}"),
        }
    }
}

/// Writes one record into a valid site and asserts exactly one error, at `location`, saying
/// every one of `words`.
fn assert_refused(path: &str, record: &str, location: &str, words: &[&str]) {
    let site = Site::new();
    site.write(path, record);
    let errors = site.errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let prefix = format!("{}:{location}: ", Path::new(path).display());
    assert!(errors[0].starts_with(&prefix), "{errors:#?}");
    for word in words {
        assert!(errors[0].contains(word), "`{word}` in {errors:#?}");
    }
}

#[test]
fn valid_records_of_every_type_pass() {
    let site = Site::new();
    site.write(
        "content/systems/bgs.yaml",
        "office: bgs\nsystems:\n  - system: shouwen\n    state: 已落实\n    date: 2026-09-01\n    document: item:A-1\n",
    );
    site.write(
        "content/inspections/J1.yaml",
        "id: J1\ndate: 2026-06-01\nkind: 抽查\ntitle: 抽查\noffices: [bgs]\nfindings:\n  - office: bgs\n    text: 办文慢。\n    items: [A-1]\n",
    );
    site.write(
        "content/activities/R1.yaml",
        "id: R1\nactivity: research\ndate: 2026-05-20\ntitle: 调研\ncards_issued: 10\ncards_returned: 10\n",
    );
    site.write(
        "content/opinions/O1.yaml",
        "id: O1\nreceived: 2026-06-01\nchannel: 意见箱\noffice: bgs\nsummary: 办文慢。\n",
    );
    site.write(
        "content/accountability/W1.yaml",
        "id: W1\ndate: 2026-07-01\noffice: bgs\nperson: 张某某\nviolation: tuoyan\nlevel: gaojie\ndecision: 效能告诫。\n",
    );
    site.write(
        "content/plans/bgs-mobilize.yaml",
        "office: bgs\nphase: mobilize\nsubmitted: 2026-06-02\ntitle: 实施方案\n",
    );
    assert_eq!(site.errors(), Vec::<String>::new());
}

#[test]
fn systems_of_an_unknown_office() {
    assert_refused(
        "content/systems/x.yaml",
        "office: nosuch\nsystems:\n  - system: shouwen\n    state: 已建立\n    date: 2026-09-01\n",
        "1:9",
        &["unknown office `nosuch`", "bgs"],
    );
}

#[test]
fn an_unknown_system() {
    assert_refused(
        "content/systems/bgs.yaml",
        "office: bgs\nsystems:\n  - system: shouwenn\n    state: 已建立\n    date: 2026-09-01\n",
        "3:13",
        &["unknown system `shouwenn`", "shouwen, xianshi"],
    );
}

#[test]
fn a_system_state_that_is_not_one_of_the_three() {
    assert_refused(
        "content/systems/bgs.yaml",
        "office: bgs\nsystems:\n  - system: shouwen\n    state: 已完成\n    date: 2026-09-01\n",
        "4:12",
        &["`已完成` is not a state", "未建立, 已建立 or 已落实"],
    );
}

#[test]
fn an_established_system_needs_its_date() {
    assert_refused(
        "content/systems/bgs.yaml",
        "office: bgs\nsystems:\n  - system: shouwen\n    state: 已建立\n",
        "4:12",
        &["needs `date`"],
    );
}

#[test]
fn an_unknown_item_in_a_finding() {
    assert_refused(
        "content/inspections/J1.yaml",
        "id: J1\ndate: 2026-06-01\nkind: 抽查\ntitle: 抽查\noffices: [bgs]\nfindings:\n  - office: bgs\n    text: 办文慢。\n    items: [A-2]\n",
        "9:13",
        &["unknown item `A-2`"],
    );
}

#[test]
fn an_unknown_inspection_kind() {
    assert_refused(
        "content/inspections/J1.yaml",
        "id: J1\ndate: 2026-06-01\nkind: 突击检查\ntitle: 抽查\noffices: [bgs]\n",
        "3:7",
        &[
            "unknown inspection kind `突击检查`",
            "普遍检查, 抽查, 明察暗访",
        ],
    );
}

#[test]
fn an_unknown_office_visited() {
    assert_refused(
        "content/inspections/J1.yaml",
        "id: J1\ndate: 2026-06-01\nkind: 抽查\ntitle: 抽查\noffices: [bgs, gwy]\n",
        "5:16",
        &["unknown office `gwy`"],
    );
}

#[test]
fn more_cards_returned_than_issued() {
    assert_refused(
        "content/activities/R1.yaml",
        "id: R1\nactivity: research\ndate: 2026-05-20\ntitle: 调研\ncards_issued: 10\ncards_returned: 12\n",
        "6:17",
        &["cannot exceed `cards_issued`"],
    );
}

#[test]
fn an_unknown_activity() {
    assert_refused(
        "content/activities/R1.yaml",
        "id: R1\nactivity: reserch\ndate: 2026-05-20\ntitle: 调研\n",
        "2:11",
        &["unknown activity `reserch`", "research"],
    );
}

#[test]
fn an_unknown_channel() {
    assert_refused(
        "content/opinions/O1.yaml",
        "id: O1\nreceived: 2026-06-01\nchannel: 微信\noffice: bgs\nsummary: 办文慢。\n",
        "3:10",
        &["unknown channel `微信`", "意见卡"],
    );
}

#[test]
fn a_sender_is_never_stored() {
    assert_refused(
        "content/opinions/O1.yaml",
        "id: O1\nreceived: 2026-06-01\nchannel: 来访\noffice: bgs\nsummary: 办文慢。\nsender: 王某某\n",
        "6:9",
        &["senders are never stored"],
    );
}

#[test]
fn a_response_dated_before_the_opinion() {
    assert_refused(
        "content/opinions/O1.yaml",
        "id: O1\nreceived: 2026-06-01\nchannel: 来访\noffice: bgs\nsummary: 办文慢。\nresponse: 已改进。\nresponded_on: 2026-05-01\n",
        "7:15",
        &["before the opinion was received"],
    );
}

#[test]
fn an_unknown_sanction_level() {
    assert_refused(
        "content/accountability/W1.yaml",
        "id: W1\ndate: 2026-07-01\noffice: bgs\nperson: 张某某\nviolation: tuoyan\nlevel: jinggao\ndecision: 警告。\n",
        "6:8",
        &[
            "unknown sanction level `jinggao`",
            "gaojie, tongbao, xiagang, chufen",
        ],
    );
}

#[test]
fn an_unknown_prohibition() {
    assert_refused(
        "content/accountability/W1.yaml",
        "id: W1\ndate: 2026-07-01\noffice: bgs\nperson: 张某某\nviolation: chidao\nlevel: gaojie\ndecision: 告诫。\n",
        "5:12",
        &["unknown prohibition `chidao`", "buzuowei"],
    );
}

#[test]
fn a_plan_for_a_phase_without_a_due_date() {
    assert_refused(
        "content/plans/bgs-supervise.yaml",
        "office: bgs\nphase: supervise\nsubmitted: 2026-06-02\ntitle: 方案\n",
        "2:8",
        &["has no `due` date", "mobilize"],
    );
}

#[test]
fn every_problem_of_a_run_is_reported() {
    let site = Site::new();
    site.write(
        "content/accountability/W1.yaml",
        "id: W1\ndate: 2026-07-01\noffice: nosuch\nperson: 张某某\nviolation: chidao\nlevel: jinggao\ndecision: 警告。\n",
    );
    site.write(
        "content/opinions/O1.yaml",
        "id: O1\nreceived: 2026-06-01\nchannel: 微信\noffice: bgs\nsummary: 办文慢。\n",
    );
    assert_eq!(site.errors().len(), 4, "{:#?}", site.errors());
}

#[test]
fn site_rules_replace_the_defaults() {
    let site = Site::new();
    site.write(
        "content/site.yaml",
        &format!("{SITE}accountability:\n  levels:\n    - id: jinggao\n      name: 警告\n"),
    );
    site.write(
        "content/accountability/W1.yaml",
        "id: W1\ndate: 2026-07-01\noffice: bgs\nperson: 张某某\nviolation: tuoyan\nlevel: gaojie\ndecision: 告诫。\n",
    );
    let errors = site.errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(errors[0].contains("unknown sanction level `gaojie`; known: jinggao"));
}

#[test]
fn an_activity_counted_from_an_unknown_inspection_kind() {
    let site = Site::new();
    let mut yaml = SITE.to_string();
    yaml.push_str(
        "activities:\n  kinds:\n    - id: covert\n      name: 明察暗访\n      every: month\n      inspection_kind: 暗访\n",
    );
    site.write("content/site.yaml", &yaml);
    let errors = site.errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let line = yaml
        .lines()
        .position(|l| l.contains("inspection_kind"))
        .unwrap()
        + 1;
    let prefix = format!("content/site.yaml:{line}:24: ");
    assert!(errors[0].starts_with(&prefix), "{errors:#?}");
    for word in [
        "`inspection_kind: 暗访` is not an inspection kind",
        "普遍检查, 抽查, 明察暗访",
    ] {
        assert!(errors[0].contains(word), "`{word}` in {errors:#?}");
    }
}
