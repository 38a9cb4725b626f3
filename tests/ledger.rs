//! The Excel ledger (整改台账): `gongkai import` of a realistic ledger (title rows, a merged
//! 责任科室 column, Excel and text dates), its errors by sheet, row and column, `--dry-run`,
//! `--update`, and `gongkai export ledger` in xlsx and CSV, whose import changes nothing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use calamine::{Data, Reader};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

const FIXTURE: &str = "tests/fixtures/ledger";

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(FIXTURE)
        .join(path)
}

fn gongkai(args: &[&str], root: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        .arg("--root")
        .arg(root)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
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

/// A temporary copy of the fixture site (or the sample site) to import into.
fn site_copy(from: &Path) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_dir(&from.join("content"), &root.join("content"));
    (dir, root)
}

/// Every file under `content/items`, by path, with its bytes.
fn items(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let base = root.join("content/items");
    walkdir::WalkDir::new(&base)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(&base).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn read(root: &Path, item: &str) -> String {
    std::fs::read_to_string(root.join("content/items").join(item)).unwrap()
}

/// A cell of the test ledgers.
enum V {
    T(&'static str),
    N(f64),
    D(u16, u8, u8),
    E,
}

const HEADER: [&str; 12] = [
    "序号",
    "存在问题",
    "问题来源",
    "类别",
    "整改措施",
    "责任领导",
    "责任人",
    "责任科室",
    "整改时限",
    "完成情况",
    "完成时间",
    "发现日期",
];

/// The clean ledger's rows: an Excel date, text dates in several formats, a serial number
/// typed as a plain number, and 责任科室 办公室 merged over the first two rows.
fn good_rows() -> Vec<[V; 12]> {
    use V::*;
    vec![
        [
            N(1.0),
            T("公文办理周期长，\n群众多次催办"),
            T("自身找"),
            T("作风"),
            T("1、精简流转环节\n2、实行限时办结"),
            T("刘某某"),
            T("黄某某"),
            T("办公室"),
            D(2026, 6, 30),
            T("已完成"),
            T("2026年6月28日"),
            E,
        ],
        [
            N(2.0),
            T("午间值班电话无人接听"),
            T("明察暗访"),
            T("xiaolv"),
            T("调整午间值班安排"),
            T("刘某某"),
            T("林某某"),
            E,
            T("2026-7-31"),
            T("正在制定午间轮值表"),
            E,
            T("2026.6.10"),
        ],
        [
            N(3.0),
            T("干部档案查阅手续繁琐"),
            T("群众提"),
            T("整治办事效率不高问题"),
            T("合并查阅登记材料"),
            T("李某某"),
            T("谢某某"),
            T("干部一科"),
            T("2026/8/31"),
            E,
            E,
            N(46184.0),
        ],
    ]
}

/// Writes a ledger the way clerks keep it: two title rows, the header, the rows (with
/// 责任科室 of the first two merged), and a signature line at the bottom.
fn write_ledger(path: &Path, rows: &[[V; 12]], merge_office: bool) {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("整改台账").unwrap();
    let date = Format::new().set_num_format("yyyy\"年\"m\"月\"d\"日\"");
    sheet
        .merge_range(
            0,
            0,
            0,
            11,
            "青岚县委组织部机关效能建设整改台账",
            &Format::new(),
        )
        .unwrap();
    sheet
        .write_string(1, 0, "填报单位：部机关    填报日期：2026年6月15日")
        .unwrap();
    for (c, name) in HEADER.iter().enumerate() {
        sheet.write_string(2, c as u16, *name).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 3;
        for (c, v) in row.iter().enumerate() {
            let c = c as u16;
            match v {
                V::T(t) => {
                    sheet.write_string(r, c, *t).unwrap();
                }
                V::N(n) => {
                    sheet.write_number(r, c, *n).unwrap();
                }
                V::D(y, m, d) => {
                    let d = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                    sheet.write_datetime_with_format(r, c, &d, &date).unwrap();
                }
                V::E => {}
            }
        }
    }
    if merge_office {
        sheet
            .merge_range(3, 7, 4, 7, "办公室", &Format::new())
            .unwrap();
    }
    let last = rows.len() as u32 + 3;
    sheet.write_string(last, 0, "填表人：张某某").unwrap();
    workbook.save(path).unwrap();
}

fn good_ledger(dir: &Path) -> PathBuf {
    let path = dir.join("ledger.xlsx");
    write_ledger(&path, &good_rows(), true);
    path
}

fn import(root: &Path, ledger: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["import", ledger.to_str().unwrap(), "--found", "2026-06-01"];
    args.extend_from_slice(extra);
    gongkai(&args, root)
}

fn check(root: &Path) {
    let out = gongkai(&["check", "--as-of", "2026-11-25"], root);
    assert!(out.status.success(), "check failed: {}", stderr(&out));
}

#[test]
fn bad_ledger_names_sheet_row_and_column_and_writes_nothing() {
    let (dir, root) = site_copy(&fixture("site"));
    let mut rows = good_rows();
    rows[1][8] = V::T("2026-02-30");
    rows[2][7] = V::T("宣传科");
    rows[2][2] = V::T("电话");
    let ledger = dir.path().join("ledger.xlsx");
    write_ledger(&ledger, &rows, true);
    let before = items(&root);
    let out = import(&root, &ledger, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    let file = ledger.display().to_string();
    for expected in [
        format!("{file}:整改台账!I5: error: 2026-02-30 is not a real calendar date"),
        format!(
            "{file}:整改台账!C6: error: `电话` is not a source: write one of 自身找, 群众提, 明察暗访, 民主评议, 投诉"
        ),
        format!(
            "{file}:整改台账!H6: error: `宣传科` is not an office: write an office's name or id (办公室 (bgs), 干部一科 (ganbu1))"
        ),
        format!(
            "{file}:整改台账!A7: warning: `填表人：张某某` is the only cell filled in this row: taken as a heading or a note, not an item"
        ),
        "3 errors, 1 warning".to_string(),
        "import failed: nothing was written".to_string(),
    ] {
        assert!(err.contains(&expected), "missing {expected:?} in:\n{err}");
    }
    // Sheet, row, column order.
    let i5 = err.find("!I5").unwrap();
    let c6 = err.find("!C6").unwrap();
    let h6 = err.find("!H6").unwrap();
    assert!(i5 < c6 && c6 < h6, "{err}");
    assert_eq!(items(&root), before, "nothing was written");
}

#[test]
fn an_unknown_office_in_a_merged_cell_is_reported_once_at_its_cell() {
    let (dir, root) = site_copy(&fixture("site"));
    // 宣传科 merged over H2:H3: both rows name it, the error stands once, at H2.
    let path = dir.path().join("merged.xlsx");
    let mut wb = Workbook::new();
    let sheet = wb.add_worksheet();
    sheet.set_name("整改台账").unwrap();
    for (c, name) in HEADER.iter().enumerate() {
        sheet.write_string(0, c as u16, *name).unwrap();
    }
    let row = |sheet: &mut rust_xlsxwriter::Worksheet, r: u32, seq: f64| {
        sheet.write_number(r, 0, seq).unwrap();
        sheet.write_string(r, 1, "问题").unwrap();
        sheet.write_string(r, 2, "自身找").unwrap();
        sheet.write_string(r, 3, "作风").unwrap();
        sheet.write_string(r, 8, "2026-06-30").unwrap();
    };
    row(sheet, 1, 1.0);
    row(sheet, 2, 2.0);
    sheet
        .merge_range(1, 7, 2, 7, "宣传科", &Format::new())
        .unwrap();
    wb.save(&path).unwrap();
    let out = import(&root, &path, &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(err.matches("`宣传科` is not an office").count(), 1, "{err}");
    assert!(err.contains("merged.xlsx:整改台账!H2: error:"), "{err}");
}

#[test]
fn clean_import_writes_records_that_check_accepts() {
    let (dir, root) = site_copy(&fixture("site"));
    let ledger = good_ledger(dir.path());
    let out = import(&root, &ledger, &[]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("import: 3 changes (3 new, 0 updated, 0 unchanged)"),
        "{err}"
    );
    assert!(
        err.contains(
            "create BGS-2026-001 (content/items/bgs/BGS-2026-001.md) from sheet 整改台账 row 4"
        ),
        "{err}"
    );
    check(&root);

    // Row 4: an Excel date as deadline, a text completion date, found on --found, a partial
    // category name, lines of a cell as paragraphs.
    assert_eq!(
        read(&root, "bgs/BGS-2026-001.md"),
        "---
id: BGS-2026-001
office: bgs
title: 公文办理周期长，
category: zuofeng
source: 自身找
found: 2026-06-01
deadline: 2026-06-30
leader: 刘某某
responsible: 黄某某
timeline:
  - date: 2026-06-01
    status: 待整改
    note: 列入整改台账。
  - date: 2026-06-28
    status: 已办结
    note: 已完成
---
## 问题描述

公文办理周期长，

群众多次催办

## 整改措施

1、精简流转环节

2、实行限时办结
"
    );
    // Row 5: 责任科室 from the merged cell, dates written 2026-7-31 and 2026.6.10, in progress.
    let second = read(&root, "bgs/BGS-2026-002.md");
    for line in [
        "office: bgs\n",
        "category: xiaolv\n",
        "found: 2026-06-10\n",
        "deadline: 2026-07-31\n",
        "  - date: 2026-06-10\n    status: 整改中\n    note: 正在制定午间轮值表\n",
    ] {
        assert!(second.contains(line), "{line:?} in\n{second}");
    }
    // Row 6: a serial number typed as a number, a 2026/8/31 text date, nothing done yet.
    let third = read(&root, "ganbu1/GANBU1-2026-003.md");
    for line in [
        "id: GANBU1-2026-003\n",
        "office: ganbu1\n",
        "found: 2026-06-11\n",
        "deadline: 2026-08-31\n",
        "timeline:\n  - date: 2026-06-11\n    status: 待整改\n    note: 列入整改台账。\n---\n",
    ] {
        assert!(third.contains(line), "{line:?} in\n{third}");
    }
}

#[test]
fn dry_run_reports_and_writes_nothing() {
    let (dir, root) = site_copy(&fixture("site"));
    let ledger = good_ledger(dir.path());
    let before = items(&root);
    let out = import(&root, &ledger, &["--dry-run"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("would create GANBU1-2026-003"), "{err}");
    assert!(
        err.contains(
            "import --dry-run: 3 changes (3 new, 0 updated, 0 unchanged); nothing was written"
        ),
        "{err}"
    );
    assert_eq!(items(&root), before);
}

#[test]
fn reimport_refuses_without_update_and_reports_changes_with_it() {
    let (dir, root) = site_copy(&fixture("site"));
    let ledger = good_ledger(dir.path());
    assert!(import(&root, &ledger, &[]).status.success());
    let after_first = items(&root);

    let out = import(&root, &ledger, &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    for id in ["BGS-2026-001", "BGS-2026-002", "GANBU1-2026-003"] {
        assert!(
            err.contains(&format!("{id} already exists (content/items/")),
            "{id} in {err}"
        );
    }
    assert!(err.contains("pass --update to update it"), "{err}");
    assert_eq!(items(&root), after_first);

    // The same ledger with --update: nothing changes.
    let out = import(&root, &ledger, &["--update"]);
    let err = stderr(&out);
    assert!(
        err.contains("import: 0 changes (0 new, 0 updated, 3 unchanged)"),
        "{err}"
    );
    assert_eq!(items(&root), after_first);

    // A moved deadline and a new responsible person: reported, and written.
    let mut rows = good_rows();
    rows[1][8] = V::T("2026年8月15日");
    rows[1][6] = V::T("周某某");
    let changed = dir.path().join("changed.xlsx");
    write_ledger(&changed, &rows, true);
    let out = import(&root, &changed, &["--update", "--dry-run"]);
    let err = stderr(&out);
    assert!(err.contains("would update BGS-2026-002 (content/items/bgs/BGS-2026-002.md) from sheet 整改台账 row 5:\n    deadline: `2026-07-31` → `2026-08-15`\n    responsible: `林某某` → `周某某`\n"), "{err}");
    assert_eq!(items(&root), after_first, "--dry-run writes nothing");
    let out = import(&root, &changed, &["--update"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("import: 1 changes (0 new, 1 updated, 2 unchanged)"));
    assert!(read(&root, "bgs/BGS-2026-002.md").contains("deadline: 2026-08-15\n"));
    check(&root);
}

/// Every cell of a sheet as text (dates as YYYY-MM-DD).
fn sheet_text(range: &calamine::Range<Data>) -> Vec<Vec<String>> {
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|d| match d {
                    Data::DateTime(dt) => {
                        let (y, m, d, ..) = dt.to_ymd_hms_milli();
                        format!("{y:04}-{m:02}-{d:02}")
                    }
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

#[test]
fn export_xlsx_has_a_summary_and_one_sheet_per_office_with_derived_columns() {
    let (dir, root) = site_copy(&fixture("site"));
    assert!(
        import(&root, &good_ledger(dir.path()), &[])
            .status
            .success()
    );
    let path = dir.path().join("out.xlsx");
    let out = gongkai(
        &[
            "export",
            "ledger",
            "--as-of",
            "2026-07-20",
            "--output",
            path.to_str().unwrap(),
        ],
        &root,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let mut workbook = calamine::open_workbook_auto(&path).unwrap();
    assert_eq!(workbook.sheet_names(), ["汇总", "办公室", "干部一科"]);

    let summary = sheet_text(&workbook.worksheet_range("汇总").unwrap());
    assert_eq!(summary[1][0], "数据截至2026年7月20日");
    assert_eq!(
        summary[2],
        [
            "序号",
            "科室",
            "科室编号",
            "事项数",
            "待整改",
            "整改中",
            "已办结",
            "逾期",
            "办结率"
        ]
    );
    assert_eq!(
        summary[3],
        ["1", "办公室", "bgs", "2", "0", "1", "1", "0", "50.0%"]
    );
    assert_eq!(
        summary[4],
        ["2", "干部一科", "ganbu1", "2", "1", "1", "0", "0", "0.0%"]
    );
    assert_eq!(
        summary[5],
        ["", "合计", "", "4", "1", "2", "1", "0", "25.0%"]
    );

    let office = sheet_text(&workbook.worksheet_range("干部一科").unwrap());
    let header = &office[2];
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("{name} in {header:?}"))
    };
    assert_eq!(
        header[col("当前状态（截至2026-07-20）")],
        "当前状态（截至2026-07-20）"
    );
    let gb1 = office
        .iter()
        .find(|r| r[col("编号")] == "GB1-2026-001")
        .unwrap();
    assert_eq!(gb1[col("当前状态（截至2026-07-20）")], "整改中");
    assert_eq!(
        gb1[col("当前时限")],
        "2026-07-31",
        "the extension granted on 07-10"
    );
    assert_eq!(gb1[col("是否逾期")], "否");
    assert_eq!(gb1[col("整改时限")], "2026-07-15");
    assert_eq!(gb1[col("完成时间")], "2026-07-30");
    assert_eq!(gb1[col("类别")], "整治办事效率不高问题");
    assert_eq!(gb1[col("责任科室")], "干部一科");
    assert!(gb1[col("进展记录")].contains("2026-07-10【延期至2026-07-31】"));
    assert!(
        gb1[col("进展记录")].contains("\n佐证：https://www.example.gov.cn/qlx/zzb/2026/0730.html")
    );
    let g3 = office
        .iter()
        .find(|r| r[col("编号")] == "GANBU1-2026-003")
        .unwrap();
    assert_eq!(g3[col("当前状态（截至2026-07-20）")], "待整改");

    // As of a later date the open item is overdue.
    let late = dir.path().join("late.xlsx");
    let out = gongkai(
        &[
            "export",
            "ledger",
            "--as-of",
            "2026-09-05",
            "--output",
            late.to_str().unwrap(),
        ],
        &root,
    );
    assert!(out.status.success());
    let mut workbook = calamine::open_workbook_auto(&late).unwrap();
    let office = sheet_text(&workbook.worksheet_range("干部一科").unwrap());
    let g3 = office.iter().find(|r| r[1] == "GANBU1-2026-003").unwrap();
    assert_eq!(&g3[g3.len() - 2..], ["是", "5"]);

    // The same records and date give the same bytes.
    let again = dir.path().join("again.xlsx");
    gongkai(
        &[
            "export",
            "ledger",
            "--as-of",
            "2026-07-20",
            "--output",
            again.to_str().unwrap(),
        ],
        &root,
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        std::fs::read(&again).unwrap()
    );
}

#[test]
fn export_csv_writes_a_utf8_file_per_office_and_a_summary() {
    let (dir, root) = site_copy(&fixture("site"));
    assert!(
        import(&root, &good_ledger(dir.path()), &[])
            .status
            .success()
    );
    let folder = dir.path().join("csv");
    let out = gongkai(
        &[
            "export",
            "ledger",
            "--format",
            "csv",
            "--as-of",
            "2026-07-20",
            "--output",
            folder.to_str().unwrap(),
        ],
        &root,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let mut names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["办公室.csv", "干部一科.csv", "汇总.csv"]);
    let bytes = std::fs::read(folder.join("办公室.csv")).unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "a byte-order mark for Excel"
    );
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header[..3], ["序号", "编号", "存在问题"]);
    assert!(header.contains(&"当前状态（截至2026-07-20）".to_string()));
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[1][1], "BGS-2026-002");
    assert_eq!(&rows[1][12], "2026-07-31");

    // Each office's CSV imports back with no change.
    for name in ["办公室.csv", "干部一科.csv"] {
        let file = folder.join(name);
        let out = gongkai(
            &["import", file.to_str().unwrap(), "--update", "--dry-run"],
            &root,
        );
        assert!(
            stderr(&out).contains("import --dry-run: 0 changes"),
            "{name}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn importing_an_export_changes_nothing() {
    let (dir, root) = site_copy(&fixture("site"));
    assert!(
        import(&root, &good_ledger(dir.path()), &[])
            .status
            .success()
    );
    let export = dir.path().join("export.xlsx");
    let out = gongkai(
        &[
            "export",
            "ledger",
            "--as-of",
            "2026-11-25",
            "--output",
            export.to_str().unwrap(),
        ],
        &root,
    );
    assert!(out.status.success(), "{}", stderr(&out));

    let out = gongkai(
        &["import", export.to_str().unwrap(), "--update", "--dry-run"],
        &root,
    );
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("sheet 汇总: no ledger header row, skipped"),
        "{err}"
    );
    assert!(
        err.contains("import --dry-run: 0 changes (0 new, 0 updated, 4 unchanged)"),
        "{err}"
    );

    // Into a copy of the site without its items: the records come back byte for byte.
    let (_keep, copy) = site_copy(&root);
    std::fs::remove_dir_all(copy.join("content/items")).unwrap();
    std::fs::create_dir(copy.join("content/items")).unwrap();
    let out = gongkai(&["import", export.to_str().unwrap()], &copy);
    assert!(out.status.success(), "{}", stderr(&out));
    check(&copy);
    let original = items(&root);
    let rebuilt = items(&copy);
    for name in [
        "bgs/BGS-2026-001.md",
        "bgs/BGS-2026-002.md",
        "ganbu1/GANBU1-2026-003.md",
    ] {
        let name = Path::new(name);
        assert_eq!(
            String::from_utf8_lossy(&rebuilt[name]),
            String::from_utf8_lossy(&original[name]),
            "{name:?}"
        );
    }
    // The hand-written record (a block-scalar note, an extra section) means the same: the
    // rebuilt site exports to the same bytes.
    let again = dir.path().join("again.xlsx");
    gongkai(
        &[
            "export",
            "ledger",
            "--as-of",
            "2026-11-25",
            "--output",
            again.to_str().unwrap(),
        ],
        &copy,
    );
    assert_eq!(
        std::fs::read(&export).unwrap(),
        std::fs::read(&again).unwrap()
    );
}

#[test]
fn the_sample_site_survives_the_round_trip() {
    let sample = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let (dir, root) = site_copy(&sample);
    let export = dir.path().join("sample.xlsx");
    let out = gongkai(
        &[
            "export",
            "ledger",
            "--as-of",
            "2026-11-25",
            "--output",
            export.to_str().unwrap(),
        ],
        &root,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let before = items(&root);
    let out = gongkai(&["import", export.to_str().unwrap(), "--update"], &root);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("import: 0 changes (0 new, 0 updated, "),
        "{err}"
    );
    assert_eq!(items(&root), before);
}

#[test]
fn a_clerks_csv_with_office_option_and_unknown_columns() {
    let (dir, root) = site_copy(&fixture("site"));
    let path = dir.path().join("台账.csv");
    std::fs::write(
        &path,
        "\u{feff}干部一科整改台账\n序号,问题描述,问题来源,问题类别,整改措施,整改时限,整改进展,备注\n\
         7,\"审批表格式不一\n近半数退回\",自身找,效率,印发填写说明,2026年7月31日前,正在起草说明,无\n",
    )
    .unwrap();
    let out = gongkai(
        &[
            "import",
            path.to_str().unwrap(),
            "--office",
            "ganbu1",
            "--found",
            "2026-06-20",
        ],
        &root,
    );
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("台账.csv:H2: warning: column `备注` is not imported"),
        "{err}"
    );
    let record = read(&root, "ganbu1/GANBU1-2026-007.md");
    assert!(record.contains("title: 审批表格式不一\n"), "{record}");
    assert!(record.contains("category: xiaolv\n"), "{record}");
    assert!(record.contains("deadline: 2026-07-31\n"), "{record}");
    assert!(
        record.contains("## 问题描述\n\n审批表格式不一\n\n近半数退回\n"),
        "{record}"
    );
    check(&root);
}

#[test]
fn a_csv_that_is_not_utf8_is_refused_with_advice() {
    let (dir, root) = site_copy(&fixture("site"));
    let path = dir.path().join("gbk.csv");
    // "序号" in GBK.
    std::fs::write(&path, b"\xd0\xf2\xba\xc5,x\n").unwrap();
    let out = gongkai(&["import", path.to_str().unwrap()], &root);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("is not UTF-8"), "{err}");
    assert!(err.contains("CSV UTF-8"), "{err}");
}

#[test]
fn site_yaml_can_name_a_countys_own_column_headers() {
    let (dir, root) = site_copy(&fixture("site"));
    let path = dir.path().join("台账.csv");
    std::fs::write(
        &path,
        "\u{feff}序号,查摆出的问题,问题来源,问题类别,完成期限\n8,窗口人员离岗未挂牌,明察暗访,效率,2026-08-15\n",
    )
    .unwrap();
    let args = [
        "import",
        path.to_str().unwrap(),
        "--office",
        "ganbu1",
        "--found",
        "2026-07-01",
    ];
    let without = gongkai(&args, &root);
    assert_eq!(
        without.status.code(),
        Some(1),
        "unknown headers are not a ledger yet"
    );
    let site = root.join("content/site.yaml");
    let mut yaml = std::fs::read_to_string(&site).unwrap();
    yaml.push_str("ledger_columns:\n  - column: 存在问题\n    names: [查摆出的问题]\n  - column: 整改时限\n    names: [完成期限]\n");
    std::fs::write(&site, &yaml).unwrap();
    let with = gongkai(&args, &root);
    assert!(with.status.success(), "{}", stderr(&with));
    let record = read(&root, "ganbu1/GANBU1-2026-008.md");
    assert!(record.contains("title: 窗口人员离岗未挂牌\n"), "{record}");
    assert!(record.contains("deadline: 2026-08-15\n"), "{record}");
    std::fs::write(&site, yaml.replace("column: 整改时限", "column: 完成啦")).unwrap();
    let bad = gongkai(&["check"], &root);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        stderr(&bad).contains("`完成啦` is not a ledger column"),
        "{}",
        stderr(&bad)
    );
}
