//! Robustness: a failed build never touches the published folder, a folder gongkai did not
//! write is never replaced, wrong usage exits 2, and no input — however mangled — makes
//! the checker panic or point outside the file it blames.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::NaiveDate;

const AS_OF: &str = "2026-11-25";

const SITE: &str = "\
title: 测试专栏
unit: 中共测试县委组织部
campaign: 机关效能建设年活动
year: 2026
timezone: Asia/Shanghai
base_url: https://www.example.gov.cn/zzb/
phases:
  - id: mobilize
    name: 学习、教育、动员
    start: 2026-04-01
    end: 2026-05-31
    deliverable: 各科室实施方案
    due: 2026-05-31
  - id: rectify
    name: 搞好“六项整治”
    start: 2026-06-01
    end: 2026-09-30
categories:
  - id: xiaolv
    name: 整治办事效率不高问题
  - id: zuofeng
    name: 整治工作作风不扎实问题
sources: [自身找, 群众提, 明察暗访]
systems:
  - id: shouwen
    name: 首问责任制
    summary: 第一接待到机关办事当事人的人员为首问负责人。
";

const OFFICE: &str = "\
id: bgs
name: 办公室
parent: zuzhi
chief: 陈某某
deputy: 刘某某
duties: '负责文电运转、会务组织: 机要保密'
phone: \"0839-5212300\"
established: 2020-01-01
";

const PARENT_OFFICE: &str = "\
id: zuzhi
name: 组织科
chief: 王某某
deputy: 李某某
duties: 负责基层组织建设。
phone: 0839-5212301
";

const ITEM: &str = "\
---
id: BGS-2026-001
office: bgs
title: 部机关公文流转环节多，一般事项办文周期偏长
category: xiaolv
source: 自身找
found: 2026-06-03
deadline: 2026-07-31
leader: 刘某某
responsible: \"黄某某\"
timeline:
  - date: 2026-06-03
    status: 待整改
    note: 自查自纠阶段梳理问题，列入整改台账。
  - date: 2026-06-12
    status: 整改中
    note: >
      抽取上半年收文120件，
      逐件统计各环节停留时间。
    deadline: 2026-08-15
  - date: 2026-07-20
    status: 已办结
    note: 新流程运行两周。
    evidence:
      - https://www.example.gov.cn/qlx/zzb/2026/0720-gwlc.html
      - '会议纪要 [2026] 12 号'
---
## 问题描述

自查发现，部机关一般性收文要经过**五个环节**。

| 文件类别 | 整改前 | 整改后 |
|---|---|---|
| 阅知件 | 3.1 | 0.5 |
";

const ITEM_PATH: &str = "content/items/bgs/001.md";
const SITE_PATH: &str = "content/site.yaml";
const OFFICE_PATH: &str = "content/offices/bgs.yaml";

fn write(root: &Path, relative: &str, bytes: impl AsRef<[u8]>) {
    let path = root.join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// Writes the valid fixture site into `root`.
fn fixture(root: &Path) {
    write(root, SITE_PATH, SITE);
    write(root, OFFICE_PATH, OFFICE);
    write(root, "content/offices/zuzhi.yaml", PARENT_OFFICE);
    write(root, ITEM_PATH, ITEM);
}

fn gongkai(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run gongkai")
}

fn build(root: &Path, output: &Path) -> Output {
    gongkai(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        output.to_str().unwrap(),
        "--as-of",
        AS_OF,
    ])
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Every file below `dir` with its bytes (folders as `None`), keyed by relative path.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
    fn walk(dir: &Path, root: &Path, out: &mut BTreeMap<PathBuf, Option<Vec<u8>>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let relative = path.strip_prefix(root).unwrap().to_path_buf();
            if path.is_dir() {
                out.insert(relative, None);
                walk(&path, root, out);
            } else {
                out.insert(relative, Some(std::fs::read(&path).unwrap()));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Names in `dir` that look like leftovers of a staged publish.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.') || n.contains("staging") || n.ends_with(".old"))
        .collect()
}

#[test]
fn failed_build_leaves_the_previous_output_unchanged() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    let output = tmp.path().join("out");
    fixture(&root);

    let first = build(&root, &output);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert!(output.join("manifest.json").is_file());
    assert!(output.join("index.html").is_file());
    let before = snapshot(&output);
    assert!(before.len() > 3, "{before:?}");

    // Break a record: the office is unknown.
    write(&root, ITEM_PATH, ITEM.replace("office: bgs", "office: bgx"));
    let second = build(&root, &output);
    assert_eq!(second.status.code(), Some(1), "{}", stderr(&second));
    assert!(
        stderr(&second).contains("content/items/bgs/001.md:3:9: error: unknown office `bgx`"),
        "{}",
        stderr(&second)
    );
    assert!(snapshot(&output) == before, "the output folder changed");
    assert_eq!(leftovers(tmp.path()), Vec::<String>::new());

    // A mangled file fails the same way.
    write(&root, SITE_PATH, b"title: [\xb8\xc9\n");
    let third = build(&root, &output);
    assert_eq!(third.status.code(), Some(1), "{}", stderr(&third));
    assert!(snapshot(&output) == before, "the output folder changed");
    assert_eq!(leftovers(tmp.path()), Vec::<String>::new());
}

#[test]
fn successful_rebuild_replaces_the_output_and_leaves_nothing_behind() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    let output = tmp.path().join("out");
    fixture(&root);
    let first = build(&root, &output);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    std::fs::write(output.join("stale.html"), "left over").unwrap();

    let second = build(&root, &output);
    assert_eq!(second.status.code(), Some(0), "{}", stderr(&second));
    assert!(
        !output.join("stale.html").exists(),
        "the output was not replaced whole"
    );
    assert!(output.join("index.html").is_file());
    assert_eq!(leftovers(tmp.path()), Vec::<String>::new());
}

#[test]
fn build_refuses_a_folder_it_did_not_write() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    let output = tmp.path().join("out");
    fixture(&root);
    write(&output, "index.html", "<p>the unit's own page</p>");
    write(&output, "docs/notes.txt", "keep me");
    let before = snapshot(&output);

    let run = build(&root, &output);
    assert_eq!(run.status.code(), Some(3), "{}", stderr(&run));
    assert!(
        stderr(&run).contains("refusing to replace"),
        "{}",
        stderr(&run)
    );
    assert!(snapshot(&output) == before, "a foreign folder was touched");
    assert_eq!(leftovers(tmp.path()), Vec::<String>::new());

    // The default output, <root>/public, is protected the same way.
    write(&root, "public/mine.txt", "mine");
    let run = gongkai(&["build", "--root", root.to_str().unwrap(), "--as-of", AS_OF]);
    assert_eq!(run.status.code(), Some(3), "{}", stderr(&run));
    assert_eq!(
        std::fs::read_to_string(root.join("public/mine.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn build_refuses_a_file_in_place_of_the_output_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    let output = tmp.path().join("out");
    fixture(&root);
    std::fs::write(&output, "not a folder").unwrap();
    let run = build(&root, &output);
    assert_eq!(run.status.code(), Some(3), "{}", stderr(&run));
    assert_eq!(std::fs::read_to_string(&output).unwrap(), "not a folder");
}

#[test]
fn usage_errors_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().to_str().unwrap();
    fixture(tmp.path());
    let impossible = gongkai(&["build", "--root", root, "--as-of", "2026-13-01"]);
    assert_eq!(impossible.status.code(), Some(2), "{}", stderr(&impossible));
    assert!(
        stderr(&impossible).contains("2026-13-01"),
        "{}",
        stderr(&impossible)
    );
    let malformed = gongkai(&["check", "--root", root, "--as-of", "25/11/2026"]);
    assert_eq!(malformed.status.code(), Some(2), "{}", stderr(&malformed));
    let unknown_flag = gongkai(&["check", "--root", root, "--frobnicate"]);
    assert_eq!(
        unknown_flag.status.code(),
        Some(2),
        "{}",
        stderr(&unknown_flag)
    );
    let unknown_command = gongkai(&["publish", "--root", root]);
    assert_eq!(
        unknown_command.status.code(),
        Some(2),
        "{}",
        stderr(&unknown_command)
    );
    let nothing = gongkai(&[]);
    assert_eq!(nothing.status.code(), Some(2), "{}", stderr(&nothing));
    // None of these wrote anything.
    assert!(!tmp.path().join("public").exists());
}

/// A small deterministic generator (xorshift64), so that every run tries the same inputs.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const SPECIAL_BYTES: &[u8] = b"-:[]{}\"'\t\n\x00&*!|>%@`\xFF\xC3";
const SPECIAL_CHARS: &[char] = &[
    'é', '中', '：', '　', '\u{FEFF}', '\u{2028}', '\u{85}', '😀', '\u{301}', '#', '\r', '\u{7F}',
];

fn split_lines(bytes: &[u8]) -> Vec<Vec<u8>> {
    bytes
        .split_inclusive(|&b| b == b'\n')
        .map(<[u8]>::to_vec)
        .collect()
}

/// One mutation of `original`, and a short description of it.
fn mutate(original: &[u8], rng: &mut XorShift) -> (Vec<u8>, String) {
    let mut bytes = original.to_vec();
    let kind = rng.below(7);
    let description = match kind {
        0 => {
            let at = rng.below(bytes.len());
            bytes.truncate(at);
            format!("truncate at byte {at}")
        }
        1..=3 => {
            let mut lines = split_lines(&bytes);
            let i = rng.below(lines.len());
            match kind {
                1 => {
                    lines.remove(i);
                }
                2 => {
                    let line = lines[i].clone();
                    lines.insert(i, line);
                }
                _ => {
                    let j = rng.below(lines.len());
                    lines.swap(i, j);
                }
            }
            bytes = lines.concat();
            ["", "delete line", "duplicate line", "swap lines"][kind].to_string() + &format!(" {i}")
        }
        4..=5 => {
            let at = rng.below(bytes.len());
            let b = SPECIAL_BYTES[rng.below(SPECIAL_BYTES.len())];
            bytes[at] = b;
            format!("replace byte {at} with {b:#04x}")
        }
        _ => {
            let mut at = rng.below(bytes.len() + 1);
            while at < bytes.len() && (bytes[at] & 0xC0) == 0x80 {
                at -= 1;
            }
            let c = if rng.below(2) == 0 {
                SPECIAL_CHARS[rng.below(SPECIAL_CHARS.len())]
            } else {
                char::from_u32(rng.below(0x3_0000) as u32).unwrap_or('\u{FFFD}')
            };
            let mut buf = [0; 4];
            bytes.splice(at..at, c.encode_utf8(&mut buf).bytes());
            format!("insert {c:?} at byte {at}")
        }
    };
    (bytes, description)
}

/// Lines of a record file as an editor counts them (after the byte-order mark is taken away;
/// CRLF, LF and a lone CR each end a line).
fn editor_lines(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
    let lines: Vec<String> = text
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .lines()
        .map(str::to_owned)
        .collect();
    // Even an empty file has a first line in an editor.
    if lines.is_empty() {
        vec![String::new()]
    } else {
        lines
    }
}

/// For a message about one written word (``unknown office `bgx` ``), the word.
fn quoted_word(message: &str) -> Option<&str> {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        return rest.split_once("` in ").map(|(word, _)| word);
    }
    if let Some(rest) = message.strip_prefix("unknown ") {
        let rest = &rest[rest.find('`')? + 1..];
        return match rest.rfind("`; ") {
            Some(end) => Some(&rest[..end]),
            None => rest.strip_suffix('`'),
        };
    }
    message
        .strip_prefix('`')?
        .split_once("` is not a status")
        .map(|(word, _)| word)
}

/// A number from the environment, for longer runs by hand
/// (`GONGKAI_FUZZ_ROUNDS=5000 GONGKAI_FUZZ_SEED=7 cargo test --test robustness`).
fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn no_mutation_makes_the_checker_panic_or_point_outside_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().to_path_buf();
    fixture(&root);
    let options = gongkai::Options {
        root: root.clone(),
        output: None,
        as_of: Some(NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()),
        ..gongkai::Options::default()
    };
    assert!(gongkai::check(&options).is_ok(), "the fixture is valid");

    let targets = [(ITEM_PATH, ITEM), (SITE_PATH, SITE), (OFFICE_PATH, OFFICE)];
    let mut rng = XorShift(env_or("GONGKAI_FUZZ_SEED", 0x9E37_79B9_7F4A_7C15));
    let rounds = env_or("GONGKAI_FUZZ_ROUNDS", 320);
    let mut tried = 0;
    let mut refused = 0;
    for (path, original) in targets {
        for round in 0..rounds {
            let (mutated, what) = mutate(original.as_bytes(), &mut rng);
            write(&root, path, &mutated);
            let context = || {
                format!(
                    "{path}, mutation {round} ({what}):\n{}",
                    String::from_utf8_lossy(&mutated)
                )
            };
            let result = catch_unwind(AssertUnwindSafe(|| gongkai::check(&options)));
            let result = match result {
                Ok(result) => result,
                Err(_) => panic!("check panicked on {}", context()),
            };
            let problems = match result {
                Ok(report) => report.warnings,
                Err(gongkai::Error::Records(problems)) => {
                    refused += 1;
                    assert!(
                        problems.iter().any(|d| d.is_error()),
                        "refused without an error: {}",
                        context()
                    );
                    problems
                }
                Err(gongkai::Error::Environment(e)) => {
                    panic!("check refused with an environment error {e}: {}", context())
                }
            };
            for d in &problems {
                assert!(
                    d.path.starts_with("content"),
                    "{d:?} is not under content/: {}",
                    context()
                );
                if d.line == 0 {
                    continue;
                }
                let file = std::fs::read(root.join(&d.path))
                    .unwrap_or_else(|e| panic!("{d:?} names a file that cannot be read ({e})"));
                let lines = editor_lines(&file);
                assert!(
                    d.line <= lines.len(),
                    "{d:?} points past the last line ({}): {}",
                    lines.len(),
                    context()
                );
                let line = &lines[d.line - 1];
                assert!(
                    d.column >= 1 && d.column <= line.chars().count() + 1,
                    "{d:?} points past the end of line {}: {}",
                    d.line,
                    context()
                );
                // A message about a written word underlines that word.
                if let Some(word) = quoted_word(&d.message).filter(|w| line.contains(w)) {
                    let underlined: String =
                        line.chars().skip(d.column - 1).take(d.width).collect();
                    assert_eq!(underlined, word, "{d:?}: {}", context());
                }
            }
            tried += 1;
        }
        write(&root, path, original);
    }
    assert_eq!(tried, 3 * rounds);
    // The mutations are meant to break things: most of them must be caught.
    assert!(
        refused > tried / 2,
        "only {refused} of {tried} mutations were refused"
    );
    assert!(gongkai::check(&options).is_ok(), "the fixture is restored");
}
