//! The Excel ledger (整改台账) in and out.
//!
//! [`import`] reads the ledger clerks already keep — an `.xlsx` workbook or a UTF-8 `.csv`,
//! a title row or two above a header row of columns such as 序号, 存在问题, 问题来源, 类别,
//! 整改措施, 责任领导, 责任人, 责任科室, 整改时限, 完成情况, 完成时间 — and turns each row into
//! an item record. Every problem is located by sheet, row and column (`ledger.xlsx:整改台账!F7`),
//! and nothing is written unless every row of every sheet is valid.
//!
//! [`export`] writes the records back as a ledger: one sheet per office and a summary sheet
//! (汇总), with the derived status and overdue columns as of a date. Its 进展记录 column carries
//! each item's whole timeline, so importing an export changes nothing.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use crate::Error;
use crate::derive::{Figures, Reckoning};
use crate::diagnostics::{Diagnostic, Severity};
use crate::model::{Deadline, Item, Office, Records, SiteConfig, Status, TimelineEntry};

// ---------------------------------------------------------------------------------------------
// Columns
// ---------------------------------------------------------------------------------------------

/// What a ledger column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Col {
    Id,
    Seq,
    Title,
    Description,
    Cause,
    Source,
    Category,
    Measures,
    Leader,
    Responsible,
    Office,
    Found,
    Deadline,
    Progress,
    Completed,
    Result,
    Timeline,
    /// The rest of the body: text before the first heading and other sections, verbatim.
    Other,
    /// Computed by `export` as of a date; never read back.
    Derived,
}

/// Header names (after whitespace and a trailing parenthesis are removed) for each column.
const SYNONYMS: &[(Col, &[&str])] = &[
    (Col::Id, &["编号", "问题编号", "事项编号", "台账编号"]),
    (Col::Seq, &["序号", "序"]),
    (
        Col::Title,
        &[
            "存在问题",
            "存在的问题",
            "问题",
            "主要问题",
            "问题名称",
            "问题标题",
            "标题",
            "问题事项",
            "查摆问题",
            "突出问题",
        ],
    ),
    (
        Col::Description,
        &[
            "问题描述",
            "问题表现",
            "具体表现",
            "问题详情",
            "问题具体表现",
            "详细描述",
            "具体问题",
        ],
    ),
    (Col::Cause, &["原因分析", "原因", "问题原因", "产生原因"]),
    (Col::Source, &["问题来源", "来源", "问题出处"]),
    (
        Col::Category,
        &[
            "类别",
            "问题类别",
            "问题类型",
            "类型",
            "整治类别",
            "整治项目",
            "所属类别",
        ],
    ),
    (Col::Measures, &["整改措施", "措施", "整改举措", "整改方案"]),
    (Col::Leader, &["责任领导", "分管领导", "牵头领导"]),
    (Col::Responsible, &["责任人", "具体责任人", "经办人"]),
    (
        Col::Office,
        &[
            "责任科室",
            "责任单位",
            "科室",
            "责任部门",
            "牵头科室",
            "承办科室",
        ],
    ),
    (
        Col::Found,
        &["发现日期", "发现时间", "登记日期", "查摆时间"],
    ),
    (
        Col::Deadline,
        &["整改时限", "完成时限", "时限", "整改期限", "办结时限"],
    ),
    (
        Col::Progress,
        &[
            "完成情况",
            "整改进展",
            "整改情况",
            "进展情况",
            "整改进度",
            "完成状态",
        ],
    ),
    (
        Col::Completed,
        &["完成时间", "办结时间", "完成日期", "办结日期"],
    ),
    (Col::Result, &["整改结果", "整改成效", "完成结果"]),
    (
        Col::Timeline,
        &["进展记录", "整改过程", "整改记录", "时间线"],
    ),
    (Col::Other, &["其他内容"]),
    (
        Col::Derived,
        &["当前状态", "当前时限", "是否逾期", "逾期天数"],
    ),
];

impl Col {
    /// The name `export` writes and messages use.
    fn name(self) -> &'static str {
        match self {
            Col::Title => "存在问题",
            Col::Description => "问题描述",
            _ => SYNONYMS
                .iter()
                .find(|(c, _)| *c == self)
                .map_or("", |(_, names)| names[0]),
        }
    }
}

/// A header cell's text reduced to what is compared: no whitespace, no `*` marks, no trailing
/// parenthesis such as （年月日）.
fn normalize_header(text: &str) -> String {
    let mut s: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '*' && *c != '＊')
        .collect();
    for (open, close) in [('（', '）'), ('(', ')')] {
        if s.ends_with(close) {
            if let Some(at) = s.rfind(open) {
                if at > 0 {
                    s.truncate(at);
                }
            }
        }
    }
    s
}

fn column_for(header: &str) -> Option<Col> {
    let name = normalize_header(header);
    SYNONYMS
        .iter()
        .find(|(_, names)| names.contains(&name.as_str()))
        .map(|(c, _)| *c)
}

/// Like [`column_for`], first trying the site's own names from site.yaml's `ledger_columns`.
fn site_column_for(header: &str, extra: &[(String, Vec<String>)]) -> Option<Col> {
    let name = normalize_header(header);
    extra
        .iter()
        .find(|(_, names)| names.iter().any(|n| normalize_header(n) == name))
        .and_then(|(column, _)| column_for(column))
        .or_else(|| column_for(header))
}

/// Whether `name` is one of the ledger's column names (a name `export` writes or a synonym).
pub fn is_column_name(name: &str) -> bool {
    column_for(name).is_some_and(|c| c != Col::Derived)
}

/// The ledger's column names, as `export` writes them.
pub fn column_names() -> Vec<&'static str> {
    SYNONYMS
        .iter()
        .filter(|(c, _)| *c != Col::Derived)
        .map(|(c, _)| c.name())
        .collect()
}

/// `A`, `B`, …, `Z`, `AA`, … for a 0-based column.
fn column_letter(col: u32) -> String {
    let mut n = col + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

// ---------------------------------------------------------------------------------------------
// Sheets as read
// ---------------------------------------------------------------------------------------------

/// One cell's value, as far as the ledger cares.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
}

impl Value {
    fn is_empty(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The value as text, as a clerk sees it.
    fn text(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(t) => t
                .replace("\r\n", "\n")
                .replace('\r', "\n")
                .trim()
                .to_string(),
            Value::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Value::Number(n) => n.to_string(),
            Value::Date(d) => d.to_string(),
        }
    }
}

/// A cell and the cell its value really stands in (the top-left of a merged range).
#[derive(Debug, Clone)]
struct Cell {
    value: Value,
    origin: (u32, u32),
    /// Whether the value was copied down from a merged range's first cell.
    merged: bool,
}

/// One sheet: a rectangle of cells from A1, merged ranges already filled.
#[derive(Debug)]
struct Sheet {
    /// `None` for a CSV file.
    name: Option<String>,
    rows: Vec<Vec<Cell>>,
}

impl Sheet {
    fn cell(&self, row: u32, col: u32) -> Option<&Cell> {
        self.rows.get(row as usize)?.get(col as usize)
    }
}

/// A merged range: its first and last cell, (row, column) from 0.
type Merge = ((u32, u32), (u32, u32));

fn grid(name: Option<String>, values: Vec<Vec<Value>>, merges: &[Merge]) -> Sheet {
    let mut rows: Vec<Vec<Cell>> = values
        .into_iter()
        .enumerate()
        .map(|(r, row)| {
            row.into_iter()
                .enumerate()
                .map(|(c, value)| Cell {
                    value,
                    origin: (r as u32, c as u32),
                    merged: false,
                })
                .collect()
        })
        .collect();
    for &((r0, c0), (r1, c1)) in merges {
        let Some(first) = rows
            .get(r0 as usize)
            .and_then(|r| r.get(c0 as usize))
            .map(|c| c.value.clone())
        else {
            continue;
        };
        for r in r0..=r1 {
            for c in c0..=c1 {
                if (r, c) == (r0, c0) {
                    continue;
                }
                let row = match rows.get_mut(r as usize) {
                    Some(row) => row,
                    None => continue,
                };
                while row.len() <= c as usize {
                    let at = (r, row.len() as u32);
                    row.push(Cell {
                        value: Value::Empty,
                        origin: at,
                        merged: false,
                    });
                }
                row[c as usize] = Cell {
                    value: first.clone(),
                    origin: (r0, c0),
                    merged: true,
                };
            }
        }
    }
    Sheet { name, rows }
}

/// Excel's serial day number (1900 system, with its phantom 1900-02-29) as a date.
fn serial_date(serial: f64, is_1904: bool) -> Option<NaiveDate> {
    if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as i64;
    let (epoch, days) = if is_1904 {
        (NaiveDate::from_ymd_opt(1904, 1, 1)?, days)
    } else if days < 60 {
        (NaiveDate::from_ymd_opt(1899, 12, 31)?, days)
    } else {
        (NaiveDate::from_ymd_opt(1899, 12, 30)?, days)
    };
    epoch.checked_add_signed(chrono::Duration::days(days))
}

fn read_workbook(path: &Path, only: Option<&str>) -> Result<Vec<Sheet>, Diagnostic> {
    use calamine::{Data, Reader, Sheets};
    let shown = PathBuf::from(path.display().to_string());
    let refuse = |message: String| Diagnostic::error(&shown, 0, 0, message);
    let mut workbook = calamine::open_workbook_auto(path).map_err(|e| {
        refuse(format!(
            "cannot read the workbook ({e}); save it from Excel or WPS as .xlsx (Excel 工作簿)"
        ))
    })?;
    let is_1904 = match &workbook {
        Sheets::Xlsx(x) => x.has_1904_epoch(),
        _ => false,
    };
    let names = workbook.sheet_names();
    if let Some(only) = only {
        if !names.iter().any(|n| n == only) {
            return Err(refuse(format!(
                "the workbook has no sheet named `{only}`; its sheets are: {}",
                names.join(", ")
            )));
        }
    }
    let mut sheets = Vec::new();
    for name in names
        .iter()
        .filter(|n| only.is_none_or(|o| o == n.as_str()))
    {
        let range = workbook
            .worksheet_range(name)
            .map_err(|e| refuse(format!("cannot read sheet `{name}`: {e}")))?;
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let mut values: Vec<Vec<Value>> = vec![Vec::new(); r0 as usize];
        for row in range.rows() {
            let mut line: Vec<Value> = vec![Value::Empty; c0 as usize];
            for data in row {
                line.push(match data {
                    Data::Empty | Data::Error(_) => Value::Empty,
                    Data::String(s) => Value::Text(s.clone()),
                    Data::Int(i) => Value::Number(*i as f64),
                    Data::Float(f) => Value::Number(*f),
                    Data::Bool(b) => Value::Text(if *b { "TRUE" } else { "FALSE" }.into()),
                    Data::DateTime(dt) => {
                        let (y, m, d, ..) = dt.to_ymd_hms_milli();
                        match NaiveDate::from_ymd_opt(i32::from(y), u32::from(m), u32::from(d)) {
                            Some(date) if dt.is_datetime() => Value::Date(date),
                            _ => Value::Number(dt.as_f64()),
                        }
                    }
                    Data::DateTimeIso(s) | Data::DurationIso(s) => Value::Text(s.clone()),
                });
            }
            values.push(line);
        }
        // Numbers in date columns are serial dates in the workbook's own system.
        if is_1904 {
            for row in &mut values {
                for v in row.iter_mut() {
                    if let Value::Number(n) = v {
                        *v = Value::Number(*n + 1462.0);
                    }
                }
            }
        }
        let merges: Vec<Merge> = match &mut workbook {
            Sheets::Xlsx(x) => x
                .worksheet_merge_cells(name)
                .and_then(Result::ok)
                .unwrap_or_default()
                .into_iter()
                .map(|d| (d.start, d.end))
                .collect(),
            _ => Vec::new(),
        };
        sheets.push(grid(Some(name.clone()), values, &merges));
    }
    Ok(sheets)
}

fn read_csv(path: &Path) -> Result<Sheet, Diagnostic> {
    let shown = PathBuf::from(path.display().to_string());
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error(&shown, 0, 0, format!("cannot read the file: {e}")))?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    if let Err(e) = std::str::from_utf8(bytes) {
        return Err(Diagnostic::error(
            &shown,
            0,
            0,
            format!(
                "the file is not UTF-8 text (byte offset {}): it was probably saved as GBK/ANSI. \
                 In Excel choose 另存为 → “CSV UTF-8（逗号分隔）(*.csv)”; in WPS choose \
                 “CSV UTF-8” — or import the .xlsx workbook itself",
                e.valid_up_to()
            ),
        ));
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut values = Vec::new();
    for record in reader.records() {
        let record = record
            .map_err(|e| Diagnostic::error(&shown, 0, 0, format!("cannot read the CSV: {e}")))?;
        values.push(
            record
                .iter()
                .map(|s| {
                    if s.trim().is_empty() {
                        Value::Empty
                    } else {
                        Value::Text(s.to_string())
                    }
                })
                .collect(),
        );
    }
    Ok(grid(None, values, &[]))
}

// ---------------------------------------------------------------------------------------------
// Problems
// ---------------------------------------------------------------------------------------------

/// A problem at a cell (or a whole row when `col` is `None`) of one sheet.
#[derive(Debug, Clone)]
struct Problem {
    sheet: usize,
    row: u32,
    col: Option<u32>,
    severity: Severity,
    message: String,
}

struct Problems {
    file: String,
    sheet_names: Vec<Option<String>>,
    list: Vec<Problem>,
}

impl Problems {
    fn error(&mut self, sheet: usize, (row, col): (u32, u32), message: impl Into<String>) {
        self.push(sheet, row, Some(col), Severity::Error, message.into());
    }

    fn warn(&mut self, sheet: usize, (row, col): (u32, u32), message: impl Into<String>) {
        self.push(sheet, row, Some(col), Severity::Warning, message.into());
    }

    fn push(
        &mut self,
        sheet: usize,
        row: u32,
        col: Option<u32>,
        severity: Severity,
        message: String,
    ) {
        // A merged cell's problem is reported once, at the cell that holds the value.
        if self
            .list
            .iter()
            .any(|p| p.sheet == sheet && p.row == row && p.col == col && p.message == message)
        {
            return;
        }
        self.list.push(Problem {
            sheet,
            row,
            col,
            severity,
            message,
        });
    }

    fn has_errors(&self) -> bool {
        self.list.iter().any(|p| p.severity == Severity::Error)
    }

    /// The problems in sheet, row and column order, as diagnostics located
    /// `file:sheet!F7` (`file:F7` for a CSV file).
    fn into_diagnostics(mut self) -> Vec<Diagnostic> {
        self.list.sort_by(|a, b| {
            (a.sheet, a.row, a.col, a.severity).cmp(&(b.sheet, b.row, b.col, b.severity))
        });
        self.list
            .into_iter()
            .map(|p| {
                let mut at = self.file.clone();
                at.push(':');
                if let Some(Some(name)) = self.sheet_names.get(p.sheet) {
                    at.push_str(name);
                    at.push('!');
                }
                match p.col {
                    Some(col) => {
                        let _ = write!(at, "{}{}", column_letter(col), p.row + 1);
                    }
                    None => {
                        let _ = write!(at, "{}", p.row + 1);
                    }
                }
                let path = Path::new(&at);
                match p.severity {
                    Severity::Error => Diagnostic::error(path, 0, 0, p.message),
                    Severity::Warning => Diagnostic::warning(path, 0, 0, p.message),
                }
            })
            .collect()
    }
}

// ---------------------------------------------------------------------------------------------
// Dates and texts
// ---------------------------------------------------------------------------------------------

/// Reads a date written as text: 2026年6月30日, 2026-6-30, 2026/6/30, 2026.6.30 (a trailing
/// 前 is allowed: 2026年6月30日前).
fn parse_text_date(text: &str) -> Result<NaiveDate, String> {
    let t = text.trim();
    let core = t
        .strip_suffix("之前")
        .or_else(|| t.strip_suffix('前'))
        .unwrap_or(t)
        .trim();
    let core = core.split(['T', ' ']).next().unwrap_or(core);
    let parts: Vec<&str> = if core.contains('年') {
        let core = core
            .strip_suffix('日')
            .or_else(|| core.strip_suffix('号'))
            .unwrap_or(core);
        core.split(['年', '月']).collect()
    } else {
        core.split(['-', '/', '.']).collect()
    };
    let numbers: Option<Vec<u32>> = parts
        .iter()
        .map(|p| {
            let p = p.trim();
            if !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()) {
                p.parse().ok()
            } else {
                None
            }
        })
        .collect();
    match numbers.as_deref() {
        Some(&[y, m, d]) if parts[0].trim().len() == 4 => NaiveDate::from_ymd_opt(y as i32, m, d)
            .ok_or_else(|| format!("{} is not a real calendar date", t)),
        _ => Err(format!(
            "`{t}` is not a date: write it as 2026年6月30日 or 2026-06-30 (or enter an Excel date)"
        )),
    }
}

fn cell_date(value: &Value) -> Result<Option<NaiveDate>, String> {
    match value {
        Value::Empty => Ok(None),
        Value::Date(d) => Ok(Some(*d)),
        Value::Number(n) => serial_date(*n, false).map(Some).ok_or_else(|| {
            format!(
                "`{}` is not a date: enter an Excel date or 2026-06-30",
                value.text()
            )
        }),
        Value::Text(t) if t.trim().is_empty() => Ok(None),
        Value::Text(t) => parse_text_date(t).map(Some),
    }
}

/// Cell text made into Markdown: a text with no blank line and no Markdown lists or tables
/// gets one paragraph per line, as the clerk saw it in the cell.
fn markdown_text(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let trimmed = lines.join("\n").trim().to_string();
    if trimmed.is_empty() {
        return trimmed;
    }
    let structured = |l: &str| {
        let l = l.trim_start();
        l.is_empty()
            || l.starts_with(['-', '*', '+', '|', '#', '>'])
            || l.starts_with("```")
            || l.split_once(". ")
                .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            || l.split_once(") ")
                .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    if trimmed.lines().any(structured) {
        return trimmed;
    }
    trimmed
        .lines()
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("\n\n")
}

// ---------------------------------------------------------------------------------------------
// Item records as text
// ---------------------------------------------------------------------------------------------

/// The sections of an item's body that the ledger has columns for, in record order.
const SECTIONS: [(&str, Col); 4] = [
    ("问题描述", Col::Description),
    ("原因分析", Col::Cause),
    ("整改措施", Col::Measures),
    ("整改结果", Col::Result),
];

/// An item's Markdown body split into the ledger's four sections and the rest.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Body {
    /// 问题描述, 原因分析, 整改措施, 整改结果 (empty when absent).
    sections: [String; 4],
    /// Text before the first heading and sections under other headings, verbatim.
    other: String,
}

impl Body {
    fn parse(text: &str) -> Body {
        let mut body = Body::default();
        let mut current: Option<usize> = None;
        let mut chunks: Vec<(Option<usize>, String, String)> =
            vec![(None, String::new(), String::new())];
        let mut in_fence = false;
        for line in text.lines() {
            if line.trim_start().starts_with("```") {
                in_fence = !in_fence;
            }
            if !in_fence {
                if let Some(heading) = line.strip_prefix("## ") {
                    let heading = heading.trim();
                    current = SECTIONS.iter().position(|(h, _)| *h == heading);
                    chunks.push((current, line.to_string(), String::new()));
                    continue;
                }
            }
            if let Some(last) = chunks.last_mut() {
                last.2.push_str(line);
                last.2.push('\n');
            }
        }
        let _ = current;
        let mut other = String::new();
        for (index, heading, content) in chunks {
            match index {
                Some(i) if body.sections[i].is_empty() => {
                    body.sections[i] = content.trim().to_string()
                }
                _ => {
                    let content = content.trim();
                    if heading.is_empty() && content.is_empty() {
                        continue;
                    }
                    if !other.is_empty() {
                        other.push_str("\n\n");
                    }
                    if !heading.is_empty() {
                        other.push_str(heading.trim_end());
                        if !content.is_empty() {
                            other.push_str("\n\n");
                        }
                    }
                    other.push_str(content);
                }
            }
        }
        body.other = other;
        body
    }

    fn render(&self) -> String {
        let mut out = String::new();
        // Text before any heading stays in front, or it would join the last section.
        let other_first = !self.other.is_empty() && !self.other.starts_with("## ");
        if other_first {
            out.push_str(&self.other);
            out.push('\n');
        }
        for ((heading, _), text) in SECTIONS.iter().zip(&self.sections) {
            if text.is_empty() {
                continue;
            }
            if !out.is_empty() {
                out.push('\n');
            }
            let _ = writeln!(out, "## {heading}\n\n{text}");
        }
        if !self.other.is_empty() && !other_first {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(&self.other);
            out.push('\n');
        }
        out
    }

    /// Compared as the ledger would write them.
    fn normalized(&self) -> Body {
        Body {
            sections: self.sections.clone().map(|s| markdown_text(&s)),
            other: self.other.trim().to_string(),
        }
    }
}

/// An item as the ledger describes it: every field of the record, the timeline and the body.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Draft {
    id: String,
    office: String,
    title: String,
    category: String,
    source: String,
    found: NaiveDate,
    deadline: Deadline,
    leader: Option<String>,
    responsible: Option<String>,
    timeline: Vec<Entry>,
    body: Body,
    /// Fields the ledger has no column for (and comments), kept verbatim on update: each
    /// block with the known field it followed.
    extra: Vec<(Option<String>, String)>,
}

/// A timeline entry as plain values.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    date: NaiveDate,
    status: Option<Status>,
    deadline: Option<NaiveDate>,
    note: String,
    evidence: Vec<String>,
}

impl From<&TimelineEntry> for Entry {
    fn from(e: &TimelineEntry) -> Entry {
        Entry {
            date: e.date,
            status: e.status,
            deadline: e.deadline,
            note: e.note.clone(),
            evidence: e.evidence.clone(),
        }
    }
}

impl Draft {
    fn of(item: &Item) -> Draft {
        Draft {
            id: item.id.value.clone(),
            office: item.office.value.clone(),
            title: item.title.clone(),
            category: item.category.value.clone(),
            source: item.source.value.clone(),
            found: item.found,
            deadline: item.deadline.value,
            leader: item.leader.clone(),
            responsible: item.responsible.clone(),
            timeline: item.timeline.entries.iter().map(Entry::from).collect(),
            body: Body::parse(item.body_text()),
            extra: item
                .file
                .front_matter()
                .map(|f| extra_fields(f.yaml))
                .unwrap_or_default(),
        }
    }

    /// The record file's text, fields in the README's order.
    fn render(&self) -> String {
        let mut out = String::from("---\n");
        let mut extras: Vec<&(Option<String>, String)> = self.extra.iter().collect();
        let mut emit_after = |out: &mut String, key: Option<&str>| {
            extras.retain(|(anchor, text)| {
                if anchor.as_deref() == key {
                    out.push_str(text);
                    false
                } else {
                    true
                }
            });
        };
        emit_after(&mut out, None);
        let fields: [(&str, Option<String>); 9] = [
            ("id", Some(scalar(&self.id))),
            ("office", Some(scalar(&self.office))),
            ("title", Some(scalar(&self.title))),
            ("category", Some(scalar(&self.category))),
            ("source", Some(scalar(&self.source))),
            ("found", Some(self.found.to_string())),
            ("deadline", Some(self.deadline.written())),
            ("leader", self.leader.as_deref().map(scalar)),
            ("responsible", self.responsible.as_deref().map(scalar)),
        ];
        for (key, value) in fields {
            if let Some(value) = value {
                let _ = writeln!(out, "{key}: {value}");
            }
            emit_after(&mut out, Some(key));
        }
        out.push_str("timeline:\n");
        for e in &self.timeline {
            let _ = writeln!(out, "  - date: {}", e.date);
            if let Some(status) = e.status {
                let _ = writeln!(out, "    status: {status}");
            }
            if let Some(deadline) = e.deadline {
                let _ = writeln!(out, "    deadline: {deadline}");
            }
            let _ = writeln!(out, "    note: {}", scalar(&e.note));
            if !e.evidence.is_empty() {
                out.push_str("    evidence:\n");
                for link in &e.evidence {
                    let _ = writeln!(out, "      - {}", scalar(link));
                }
            }
        }
        emit_after(&mut out, Some("timeline"));
        for (_, text) in extras {
            out.push_str(text);
        }
        out.push_str("---\n");
        out.push_str(&self.body.render());
        out
    }

    /// What differs from `old`, in words, field by field.
    fn changes_from(&self, old: &Draft) -> Vec<String> {
        let mut changes = Vec::new();
        let mut field = |name: &str, old: String, new: String| {
            if old != new {
                changes.push(format!("{name}: {} → {}", shown(&old), shown(&new)));
            }
        };
        field("id", old.id.clone(), self.id.clone());
        field("office", old.office.clone(), self.office.clone());
        field("title", old.title.clone(), self.title.clone());
        field("category", old.category.clone(), self.category.clone());
        field("source", old.source.clone(), self.source.clone());
        field("found", old.found.to_string(), self.found.to_string());
        field("deadline", old.deadline.written(), self.deadline.written());
        field(
            "leader",
            old.leader.clone().unwrap_or_default(),
            self.leader.clone().unwrap_or_default(),
        );
        field(
            "responsible",
            old.responsible.clone().unwrap_or_default(),
            self.responsible.clone().unwrap_or_default(),
        );
        if old.timeline != self.timeline {
            let same = old
                .timeline
                .iter()
                .zip(&self.timeline)
                .take_while(|(a, b)| a == b)
                .count();
            let mut words = format!(
                "timeline: {} entries → {} entries",
                old.timeline.len(),
                self.timeline.len()
            );
            if let Some(e) = self.timeline.get(same) {
                let _ = write!(words, " (from entry {}: {})", same + 1, timeline_line(e));
            } else if let Some(e) = old.timeline.get(same) {
                let _ = write!(words, " (entry {} removed: {})", same + 1, timeline_line(e));
            }
            changes.push(words);
        }
        let (a, b) = (old.body.normalized(), self.body.normalized());
        for (i, (heading, _)) in SECTIONS.iter().enumerate() {
            if a.sections[i] != b.sections[i] {
                changes.push(format!("{heading} changed"));
            }
        }
        if a.other != b.other {
            changes.push("the text under other headings changed".to_string());
        }
        changes
    }
}

/// The fields an item record may have that the ledger writes itself.
const LEDGER_FIELDS: [&str; 10] = [
    "id",
    "office",
    "title",
    "category",
    "source",
    "found",
    "deadline",
    "leader",
    "responsible",
    "timeline",
];

/// The top-level blocks of an item's YAML that are not ledger fields (fields added later,
/// comments), verbatim, each with the ledger field it followed.
fn extra_fields(yaml: &str) -> Vec<(Option<String>, String)> {
    let mut blocks: Vec<(Option<String>, Option<String>, String)> = Vec::new();
    let mut anchor: Option<String> = None;
    for line in yaml.split_inclusive('\n') {
        let top_key = (!line.starts_with([' ', '\t', '-', '#']) && !line.trim().is_empty())
            .then(|| line.split(':').next().unwrap_or("").trim().to_string());
        match top_key {
            Some(key) => {
                if let Some((_, Some(previous), _)) = blocks.last() {
                    if LEDGER_FIELDS.contains(&previous.as_str()) {
                        anchor = Some(previous.clone());
                    }
                }
                blocks.push((anchor.clone(), Some(key), line.to_string()));
            }
            None => match blocks.last_mut() {
                Some((_, _, text)) => text.push_str(line),
                None => blocks.push((None, None, line.to_string())),
            },
        }
    }
    blocks
        .into_iter()
        .filter(|(_, key, _)| key.as_deref().is_none_or(|k| !LEDGER_FIELDS.contains(&k)))
        .map(|(anchor, _, text)| (anchor, text))
        .collect()
}

fn shown(text: &str) -> String {
    if text.is_empty() {
        "(none)".to_string()
    } else {
        format!("`{text}`")
    }
}

/// A YAML scalar: plain when that is safe, else double-quoted.
fn scalar(text: &str) -> String {
    let reserved = [
        "true", "false", "yes", "no", "on", "off", "null", "~", "y", "n",
    ];
    #[allow(clippy::nonminimal_bool)]
    let plain = !text.is_empty()
        && text.trim() == text
        && !text.starts_with([
            '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%',
            '@', '`', '.', '+',
        ])
        && !(text.starts_with(|c: char| c.is_ascii_digit()) && text.is_ascii())
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.ends_with(':')
        && !text.chars().any(|c| c.is_control() || c == '\u{feff}')
        && !reserved.contains(&text.to_ascii_lowercase().as_str());
    if plain {
        return text.to_string();
    }
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || c == '\u{feff}' => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// One timeline entry as a line of the 进展记录 column:
/// `2026-07-25【延期至2026-08-31】因系统升级延期。`, then `佐证：<link>` lines.
fn timeline_line(e: &Entry) -> String {
    let mut tags = Vec::new();
    if let Some(status) = e.status {
        tags.push(status.word().to_string());
    }
    if let Some(deadline) = e.deadline {
        tags.push(format!("延期至{deadline}"));
    }
    if tags.is_empty() {
        tags.push("进展".to_string());
    }
    format!("{}【{}】{}", e.date, tags.join("；"), e.note)
}

fn timeline_text(entries: &[Entry]) -> String {
    let mut out = String::new();
    for e in entries {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&timeline_line(e));
        for link in &e.evidence {
            let _ = write!(out, "\n佐证：{link}");
        }
    }
    out
}

/// Reads the 进展记录 column back into entries.
fn parse_timeline(text: &str) -> Result<Vec<Entry>, String> {
    let mut entries: Vec<Entry> = Vec::new();
    for (n, line) in text.replace("\r\n", "\n").split('\n').enumerate() {
        let number = n + 1;
        let head = line
            .split_once('【')
            .filter(|(date, rest)| !date.trim().is_empty() && rest.contains('】'))
            .and_then(|(date, rest)| Some((parse_text_date(date).ok()?, rest)));
        if let Some((date, rest)) = head {
            let (tags, note) = rest.split_once('】').unwrap_or((rest, ""));
            let mut entry = Entry {
                date,
                status: None,
                deadline: None,
                note: note.trim().to_string(),
                evidence: Vec::new(),
            };
            for tag in tags.split(['；', ';']).map(str::trim) {
                if tag == "进展" || tag.is_empty() {
                } else if let Some(status) = Status::from_word(tag) {
                    entry.status = Some(status);
                } else if let Some(date) = tag.strip_prefix("延期至") {
                    entry.deadline = Some(
                        parse_text_date(date)
                            .map_err(|e| format!("line {number} of 进展记录: {e}"))?,
                    );
                } else {
                    return Err(format!(
                        "line {number} of 进展记录: `{tag}` is not 待整改, 整改中, 已办结, 进展 or 延期至<date>"
                    ));
                }
            }
            entries.push(entry);
        } else if let Some(link) = line.trim().strip_prefix("佐证：") {
            match entries.last_mut() {
                Some(e) => e.evidence.push(link.trim().to_string()),
                None => return Err(format!("line {number} of 进展记录: 佐证 before any entry")),
            }
        } else if let Some(e) = entries.last_mut() {
            e.note.push('\n');
            e.note.push_str(line);
        } else if !line.trim().is_empty() {
            return Err(format!(
                "line {number} of 进展记录 does not start with a date and 【status】, e.g. 2026-06-08【待整改】列入整改台账。"
            ));
        }
    }
    for e in &mut entries {
        e.note = e.note.trim_end().to_string();
    }
    Ok(entries)
}

// ---------------------------------------------------------------------------------------------
// Import
// ---------------------------------------------------------------------------------------------

/// What `gongkai import` is asked to do.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The site folder (holds `content/`).
    pub root: PathBuf,
    /// The ledger: `.xlsx` (or another workbook calamine reads) or a UTF-8 `.csv`.
    pub ledger: PathBuf,
    /// The office of every row, overriding any 责任科室 column.
    pub office: Option<String>,
    /// Only this sheet (default: every sheet with a ledger header).
    pub sheet: Option<String>,
    /// The found date of rows without a 发现日期 and the date of their 整改中 entry
    /// (default: today in the site's time zone).
    pub found: Option<NaiveDate>,
    /// Report only; write nothing.
    pub dry_run: bool,
    /// Update records whose id already exists.
    pub update: bool,
}

/// One record the import wrote (or would write).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedRecord {
    /// The item's id.
    pub id: String,
    /// The record file, relative to the site root.
    pub path: PathBuf,
    /// Where it came from: `sheet!row`.
    pub row: String,
    /// For an update: what changed, in words.
    pub changes: Vec<String>,
}

/// What an import did (or, with `dry_run`, would do).
#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    /// The sheets read as ledgers.
    pub sheets: Vec<String>,
    /// Sheets passed over because they have no ledger header (汇总, notes).
    pub skipped_sheets: Vec<String>,
    /// New records.
    pub created: Vec<ImportedRecord>,
    /// Existing records that change.
    pub updated: Vec<ImportedRecord>,
    /// Ids of existing records the ledger leaves as they are.
    pub unchanged: Vec<String>,
    /// Warnings about the ledger.
    pub warnings: Vec<Diagnostic>,
    /// Whether anything was written.
    pub written: bool,
}

impl ImportReport {
    /// New and updated records together.
    pub fn changes(&self) -> usize {
        self.created.len() + self.updated.len()
    }
}

/// Today in the site's time zone.
fn today(site: &SiteConfig) -> NaiveDate {
    chrono::Utc::now()
        .with_timezone(&site.timezone)
        .date_naive()
}

fn load_records(root: &Path) -> Result<Records, Error> {
    let validated = crate::validate::validate(crate::load::load(root));
    validated.records.ok_or(Error::Records(validated.problems))
}

/// Reads a ledger and writes its rows as item records under `content/items/<office>/`.
/// Nothing is written unless every row of every sheet is valid, and an existing record is
/// replaced only with `update`.
pub fn import(options: &ImportOptions) -> Result<ImportReport, Error> {
    let records = load_records(&options.root)?;
    if !options.ledger.is_file() {
        return Err(Error::Environment(format!(
            "{}: no such file",
            options.ledger.display()
        )));
    }
    let is_csv = options
        .ledger
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let sheets = if is_csv {
        if let Some(sheet) = &options.sheet {
            return Err(Error::Records(vec![Diagnostic::error(
                &options.ledger,
                0,
                0,
                format!("--sheet {sheet}: a CSV file has no sheets"),
            )]));
        }
        vec![read_csv(&options.ledger).map_err(|d| Error::Records(vec![d]))?]
    } else {
        read_workbook(&options.ledger, options.sheet.as_deref())
            .map_err(|d| Error::Records(vec![d]))?
    };
    let import_date = options.found.unwrap_or_else(|| today(&records.site));
    let fixed_office = match &options.office {
        None => None,
        Some(id) => Some(
            records
                .office(id)
                .or_else(|| {
                    records
                        .offices
                        .iter()
                        .find(|o| o.id.value.eq_ignore_ascii_case(id))
                })
                .map(|o| o.id.value.clone())
                .ok_or_else(|| {
                    Error::Records(vec![Diagnostic::error(
                        Path::new("--office"),
                        0,
                        0,
                        format!(
                            "`{id}` is not an office id; the offices are: {}",
                            office_list(&records.offices)
                        ),
                    )])
                })?,
        ),
    };
    let mut problems = Problems {
        file: options.ledger.display().to_string(),
        sheet_names: sheets.iter().map(|s| s.name.clone()).collect(),
        list: Vec::new(),
    };
    let mut report = ImportReport::default();
    let context = RowContext {
        records: &records,
        fixed_office: fixed_office.as_deref(),
        import_date,
    };
    // Each draft with the row it came from, in words and as (sheet, cell).
    let mut drafts: Vec<(Draft, String, CellAt)> = Vec::new();
    for (index, sheet) in sheets.iter().enumerate() {
        let label = sheet.name.clone().unwrap_or_default();
        match find_header(sheet, &records.site.ledger_columns) {
            None if options.sheet.is_none() && sheets.len() > 1 => {
                report.skipped_sheets.push(label)
            }
            None => problems.push(
                index,
                0,
                None,
                Severity::Error,
                "no header row found in the first 10 rows: the ledger needs a row of column names \
                 such as 序号, 存在问题, 问题来源, 类别, 整改措施, 责任科室, 整改时限"
                    .to_string(),
            ),
            Some(header) => {
                if !label.is_empty() {
                    report.sheets.push(label.clone());
                }
                for (draft, at) in read_sheet(index, sheet, &header, &context, &mut problems) {
                    let row = if label.is_empty() {
                        format!("row {}", at.0 + 1)
                    } else {
                        format!("sheet {label} row {}", at.0 + 1)
                    };
                    drafts.push((draft, row, (index, at)));
                }
            }
        }
    }
    // Ids must be unique in the ledger (ignoring case, like the records).
    let mut seen: HashMap<String, &str> = HashMap::new();
    for (draft, row, (sheet, at)) in &drafts {
        if let Some(first) = seen.insert(draft.id.to_ascii_lowercase(), row) {
            problems.error(
                *sheet,
                *at,
                format!("the id {} is used twice: also at {first}", draft.id),
            );
        }
    }
    // Existing records with the same id.
    let existing: HashMap<String, &Item> = records
        .items
        .iter()
        .map(|i| (i.id.value.to_ascii_lowercase(), i))
        .collect();
    let mut writes: Vec<(PathBuf, String)> = Vec::new();
    for (draft, row, (sheet, at)) in &drafts {
        match existing.get(&draft.id.to_ascii_lowercase()) {
            Some(item) if !options.update => problems.error(
                *sheet,
                *at,
                format!(
                    "{} already exists ({}): pass --update to update it from the ledger",
                    item.id.value,
                    item.file.path.display()
                ),
            ),
            Some(item) => {
                let old = Draft::of(item);
                let changes = draft.changes_from(&old);
                if changes.is_empty() {
                    report.unchanged.push(draft.id.clone());
                } else {
                    let mut new = draft.clone();
                    new.extra = old.extra.clone();
                    if new.body.normalized() == old.body.normalized() {
                        new.body = old.body.clone();
                    }
                    writes.push((item.file.path.clone(), new.render()));
                    report.updated.push(ImportedRecord {
                        id: draft.id.clone(),
                        path: item.file.path.clone(),
                        row: row.clone(),
                        changes,
                    });
                }
            }
            None => {
                let path = PathBuf::from("content/items")
                    .join(&draft.office)
                    .join(format!("{}.md", draft.id));
                if options.root.join(&path).exists() {
                    problems.error(
                        *sheet,
                        *at,
                        format!(
                            "{} would be written to {}, but that file already holds another record",
                            draft.id,
                            path.display()
                        ),
                    );
                    continue;
                }
                writes.push((path.clone(), draft.render()));
                report.created.push(ImportedRecord {
                    id: draft.id.clone(),
                    path,
                    row: row.clone(),
                    changes: Vec::new(),
                });
            }
        }
    }
    let failed = problems.has_errors();
    let diagnostics = problems.into_diagnostics();
    if failed {
        return Err(Error::Records(diagnostics));
    }
    report.warnings = diagnostics;
    if options.dry_run || writes.is_empty() {
        return Ok(report);
    }
    write_records(&options.root, &writes)?;
    report.written = true;
    Ok(report)
}

/// Writes the records, then checks the whole site; if it does not pass, every file is put
/// back as it was.
fn write_records(root: &Path, writes: &[(PathBuf, String)]) -> Result<(), Error> {
    let mut before: Vec<(PathBuf, Option<Vec<u8>>)> = Vec::new();
    let mut result = Ok(());
    for (path, text) in writes {
        let full = root.join(path);
        before.push((full.clone(), std::fs::read(&full).ok()));
        if let Err(e) = write_atomically(&full, text.as_bytes()) {
            result = Err(Error::Environment(format!(
                "cannot write {}: {e}",
                full.display()
            )));
            break;
        }
    }
    if result.is_ok() {
        if let Err(Error::Records(problems)) = load_records(root) {
            result = Err(Error::Records(problems));
        }
    }
    if result.is_err() {
        for (path, old) in before.iter().rev() {
            let _ = match old {
                Some(bytes) => write_atomically(path, bytes),
                None => std::fs::remove_file(path),
            };
        }
    }
    result
}

use crate::publish::write_file_atomically as write_atomically;

fn office_list(offices: &[Office]) -> String {
    offices
        .iter()
        .map(|o| format!("{} ({})", o.name, o.id.value))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A cell of the ledger: sheet index and (row, column) from 0.
type CellAt = (usize, (u32, u32));

/// Where each known column stands in a sheet.
struct Header {
    row: u32,
    columns: BTreeMap<Col, u32>,
}

/// The header row: the first of the first ten rows that names at least three known columns,
/// one of them the problem itself.
fn find_header(sheet: &Sheet, extra: &[(String, Vec<String>)]) -> Option<Header> {
    for (r, row) in sheet.rows.iter().enumerate().take(10) {
        let mut columns = BTreeMap::new();
        let mut known = 0;
        for (c, cell) in row.iter().enumerate() {
            if cell.merged && cell.origin.0 != r as u32 {
                continue;
            }
            if let Some(col) = site_column_for(&cell.value.text(), extra) {
                known += 1;
                columns.entry(col).or_insert(c as u32);
            }
        }
        let has_problem =
            columns.contains_key(&Col::Title) || columns.contains_key(&Col::Description);
        if known >= 3 && has_problem {
            return Some(Header {
                row: r as u32,
                columns,
            });
        }
    }
    None
}

struct RowContext<'r> {
    records: &'r Records,
    fixed_office: Option<&'r str>,
    import_date: NaiveDate,
}

/// Reads every data row of a sheet into drafts; problems go to `problems`.
fn read_sheet(
    index: usize,
    sheet: &Sheet,
    header: &Header,
    context: &RowContext,
    problems: &mut Problems,
) -> Vec<(Draft, (u32, u32))> {
    // Columns: duplicates and unknown names.
    let header_row = &sheet.rows[header.row as usize];
    let mut seen: BTreeMap<Col, u32> = BTreeMap::new();
    for (c, cell) in header_row.iter().enumerate() {
        let at = (header.row, c as u32);
        let text = cell.value.text();
        if text.is_empty() || (cell.merged && cell.origin.0 != header.row) {
            continue;
        }
        match site_column_for(&text, &context.records.site.ledger_columns) {
            Some(Col::Derived) => {}
            Some(col) => {
                if let Some(first) = seen.insert(col, c as u32) {
                    problems.error(
                        index,
                        at,
                        format!(
                            "`{text}` is a second {} column (the first is column {}): keep one",
                            col.name(),
                            column_letter(first)
                        ),
                    );
                }
            }
            None => problems.warn(
                index,
                at,
                format!("column `{text}` is not imported: it is not one of the ledger's columns"),
            ),
        }
    }
    let first_data = header.row + 1;
    let missing = |col: Col| !header.columns.contains_key(&col);
    let header_at = |c: u32| (header.row, c);
    let mut fatal = false;
    for (col, why) in [
        (Col::Deadline, "every item needs its 整改时限"),
        (
            Col::Category,
            "every item is filed under one of site.yaml's categories",
        ),
        (
            Col::Source,
            "every item names where it came from (one of site.yaml's sources)",
        ),
    ] {
        if missing(col) {
            problems.push(
                index,
                header.row,
                None,
                Severity::Error,
                format!("the header has no {} column: {why}", col.name()),
            );
            fatal = true;
        }
    }
    if missing(Col::Office) && context.fixed_office.is_none() {
        problems.push(
            index,
            header.row,
            None,
            Severity::Error,
            "the header has no 责任科室 column: add one, or pass --office ID for the whole sheet"
                .to_string(),
        );
        fatal = true;
    }
    if missing(Col::Id) && missing(Col::Seq) {
        problems.push(
            index,
            header.row,
            None,
            Severity::Error,
            "the header has neither a 编号 nor a 序号 column: item ids are made from one of them"
                .to_string(),
        );
        fatal = true;
    }
    let _ = header_at;
    if fatal {
        return Vec::new();
    }
    let mut drafts = Vec::new();
    for r in first_data..sheet.rows.len() as u32 {
        let row = &sheet.rows[r as usize];
        let own: Vec<&Cell> = row
            .iter()
            .filter(|c| !c.merged && !c.value.is_empty())
            .collect();
        if own.is_empty() {
            continue;
        }
        if own.len() == 1 {
            let cell = own[0];
            let is_data = [Col::Title, Col::Description, Col::Id]
                .iter()
                .any(|c| header.columns.get(c) == Some(&cell.origin.1));
            if !is_data {
                problems.warn(
                    index,
                    cell.origin,
                    format!(
                        "`{}` is the only cell filled in this row: taken as a heading or a note, not an item",
                        cell.value.text()
                    ),
                );
                continue;
            }
        }
        if let Some(draft) = read_row(index, sheet, header, r, context, problems) {
            let at = header
                .columns
                .get(&Col::Id)
                .or(header.columns.get(&Col::Seq))
                .map_or((r, 0), |c| (r, *c));
            drafts.push((draft, at));
        }
    }
    drafts
}

fn read_row(
    index: usize,
    sheet: &Sheet,
    header: &Header,
    r: u32,
    context: &RowContext,
    problems: &mut Problems,
) -> Option<Draft> {
    let site = &context.records.site;
    let errors_before = problems
        .list
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    let cell = |col: Col| -> Option<(&Cell, (u32, u32))> {
        let c = *header.columns.get(&col)?;
        let cell = sheet.cell(r, c)?;
        Some((cell, cell.origin))
    };
    let text = |col: Col| -> String { cell(col).map(|(c, _)| c.value.text()).unwrap_or_default() };
    let at = |col: Col| -> (u32, u32) {
        cell(col).map_or_else(
            || (r, header.columns.get(&col).copied().unwrap_or(0)),
            |(_, at)| at,
        )
    };
    let date = |col: Col, problems: &mut Problems| -> Option<NaiveDate> {
        let (c, origin) = cell(col)?;
        match cell_date(&c.value) {
            Ok(d) => d,
            Err(message) => {
                problems.error(index, origin, message);
                None
            }
        }
    };

    // Office.
    let office = match context.fixed_office {
        Some(id) => Some(id.to_string()),
        None => {
            let name = text(Col::Office);
            if name.is_empty() {
                problems.error(
                    index,
                    at(Col::Office),
                    "责任科室 is empty: name the office responsible",
                );
                None
            } else {
                match match_office(&context.records.offices, &name) {
                    Ok(id) => Some(id),
                    Err(message) => {
                        problems.error(index, at(Col::Office), message);
                        None
                    }
                }
            }
        }
    };

    // Title and description.
    let title_text = text(Col::Title);
    let description = text(Col::Description);
    let title = if !title_text.is_empty() {
        first_line(&title_text)
    } else {
        first_line(&description)
    };
    if title.is_empty() {
        let col = if header.columns.contains_key(&Col::Title) {
            Col::Title
        } else {
            Col::Description
        };
        problems.error(
            index,
            at(col),
            format!("{} is empty: say what the problem is", col.name()),
        );
    }
    let description = if description.is_empty() && title_text.contains('\n') {
        title_text.clone()
    } else {
        description
    };

    // Category and source.
    let category_text = text(Col::Category);
    let category = if category_text.is_empty() {
        problems.error(
            index,
            at(Col::Category),
            "类别 is empty: name one of site.yaml's categories",
        );
        None
    } else {
        match match_category(site, &category_text) {
            Ok(id) => Some(id),
            Err(message) => {
                problems.error(index, at(Col::Category), message);
                None
            }
        }
    };
    let source_text = text(Col::Source);
    let source = if site.sources.contains(&source_text) {
        Some(source_text)
    } else {
        let message = if source_text.is_empty() {
            format!(
                "问题来源 is empty: write one of {}",
                site.sources.join(", ")
            )
        } else {
            format!(
                "`{source_text}` is not a source: write one of {}",
                site.sources.join(", ")
            )
        };
        problems.error(index, at(Col::Source), message);
        None
    };

    // Dates.
    let found_cell = date(Col::Found, problems);
    let found = found_cell.unwrap_or(context.import_date);
    let deadline_text = text(Col::Deadline);
    let deadline = match Deadline::parse(&deadline_text) {
        // `15个工作日` or 长期: kept as written, the working days counted for the timeline.
        Ok(written @ (Deadline::WorkingDays { .. } | Deadline::Ongoing)) => {
            match resolve_working_days(written, found, &site.calendar) {
                Ok(deadline) => Some(deadline),
                Err(message) => {
                    problems.error(index, at(Col::Deadline), message);
                    None
                }
            }
        }
        _ => date(Col::Deadline, problems).map(Deadline::On),
    };
    if deadline.is_none() && deadline_text.is_empty() {
        problems.error(
            index,
            at(Col::Deadline),
            "整改时限 is empty: every item needs a deadline: a date, N个工作日 or 长期",
        );
    }
    let deadline_day = deadline.and_then(|d| d.due());
    if let Some(deadline) = deadline_day.filter(|d| *d < found) {
        let why = if found_cell.is_some() {
            format!("the deadline {deadline} is before the item was found ({found}, 发现日期)")
        } else {
            format!(
                "the deadline {deadline} is before the found date {found}: the sheet has no 发现日期, \
                 so items count as found on the import date; add a 发现日期 column or pass --found DATE"
            )
        };
        problems.error(index, at(Col::Deadline), why);
    }
    let completed = date(Col::Completed, problems);

    // Id.
    let id = {
        let written = text(Col::Id);
        if !written.is_empty() {
            if crate::yaml::is_valid_id(&written) {
                Some(written)
            } else {
                problems.error(
                    index,
                    at(Col::Id),
                    format!(
                        "`{written}` is not a usable id: use 1–64 ASCII letters, digits, - and _"
                    ),
                );
                None
            }
        } else {
            let seq = text(Col::Seq);
            match seq.parse::<u32>() {
                Ok(n) => office
                    .as_ref()
                    .map(|o| format!("{}-{}-{:03}", o.to_ascii_uppercase(), site.year, n)),
                Err(_) => {
                    let message = if seq.is_empty() {
                        "序号 is empty: number the row, or give it a 编号".to_string()
                    } else {
                        format!("序号 `{seq}` is not a whole number: item ids are made from it")
                    };
                    problems.error(
                        index,
                        at(if header.columns.contains_key(&Col::Seq) {
                            Col::Seq
                        } else {
                            Col::Id
                        }),
                        message,
                    );
                    None
                }
            }
        }
    };

    // Timeline.
    let timeline_written = text(Col::Timeline);
    let timeline = if !timeline_written.is_empty() {
        match parse_timeline(&timeline_written) {
            Ok(entries) => {
                check_timeline(&entries, found, index, at(Col::Timeline), problems);
                entries
            }
            Err(message) => {
                problems.error(index, at(Col::Timeline), message);
                Vec::new()
            }
        }
    } else {
        let progress = text(Col::Progress);
        let mut entries = vec![Entry {
            date: found,
            status: Some(Status::Pending),
            deadline: None,
            note: "列入整改台账。".to_string(),
            evidence: Vec::new(),
        }];
        match progress_status(&progress, completed.is_some()) {
            Status::Done => {
                let on = completed.or(deadline_day).unwrap_or(found);
                if on < found {
                    problems.error(
                        index,
                        at(if completed.is_some() {
                            Col::Completed
                        } else {
                            Col::Deadline
                        }),
                        format!("completed on {on}, before the item was found ({found})"),
                    );
                }
                entries.push(Entry {
                    date: on,
                    status: Some(Status::Done),
                    deadline: None,
                    note: if progress.is_empty() {
                        "已办结。".to_string()
                    } else {
                        progress
                    },
                    evidence: Vec::new(),
                });
            }
            Status::InProgress => entries.push(Entry {
                date: found.max(context.import_date),
                status: Some(Status::InProgress),
                deadline: None,
                note: progress,
                evidence: Vec::new(),
            }),
            Status::Pending => {
                if !progress.is_empty() && Status::from_word(&progress).is_none() {
                    entries[0].note = format!("列入整改台账。{progress}");
                }
            }
        }
        entries
    };

    let errors_after = problems
        .list
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    if errors_after > errors_before {
        return None;
    }
    let optional = |col: Col| Some(text(col)).filter(|t| !t.is_empty());
    let mut sections: [String; 4] = Default::default();
    for (i, (_, col)) in SECTIONS.iter().enumerate() {
        sections[i] = markdown_text(&if *col == Col::Description {
            description.clone()
        } else {
            text(*col)
        });
    }
    Some(Draft {
        id: id?,
        office: office?,
        title,
        category: category?,
        source: source?,
        found,
        deadline: deadline?,
        leader: optional(Col::Leader).map(|t| first_line(&t)),
        responsible: optional(Col::Responsible).map(|t| first_line(&t)),
        timeline,
        body: Body {
            sections,
            other: text(Col::Other),
        },
        extra: Vec::new(),
    })
}

fn first_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("")
        .to_string()
}

fn check_timeline(
    entries: &[Entry],
    found: NaiveDate,
    index: usize,
    at: (u32, u32),
    problems: &mut Problems,
) {
    let mut previous: Option<NaiveDate> = None;
    for e in entries {
        if e.date < found {
            problems.error(
                index,
                at,
                format!(
                    "进展记录: the entry dated {} is before the item was found ({found})",
                    e.date
                ),
            );
        }
        if let Some(p) = previous.filter(|p| e.date < *p) {
            problems.error(
                index,
                at,
                format!(
                    "进展记录: entries must be in date order: {} comes after {p}",
                    e.date
                ),
            );
        }
        if e.note.trim().is_empty() {
            problems.error(
                index,
                at,
                format!("进展记录: the entry dated {} has no note", e.date),
            );
        }
        previous = Some(e.date);
    }
}

/// The status a 完成情况 text describes.
fn progress_status(text: &str, has_completion_date: bool) -> Status {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if t.is_empty() {
        return if has_completion_date {
            Status::Done
        } else {
            Status::Pending
        };
    }
    if ["未完成", "未整改", "未开始", "尚未", "待整改", "未办结"]
        .iter()
        .any(|w| t.contains(w))
    {
        return Status::Pending;
    }
    if [
        "已完成",
        "已办结",
        "已整改",
        "整改完成",
        "完成整改",
        "办结",
        "已销号",
    ]
    .iter()
    .any(|w| t.contains(w))
        || t == "完成"
    {
        return Status::Done;
    }
    if ["整改中", "正在", "推进", "持续", "进行中", "逐步"]
        .iter()
        .any(|w| t.contains(w))
    {
        return Status::InProgress;
    }
    if has_completion_date {
        Status::Done
    } else {
        Status::InProgress
    }
}

fn compact(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn match_office(offices: &[Office], written: &str) -> Result<String, String> {
    let name = compact(written);
    if let Some(o) = offices
        .iter()
        .find(|o| o.id.value.eq_ignore_ascii_case(&name) || compact(&o.name) == name)
    {
        return Ok(o.id.value.clone());
    }
    let partial: Vec<&Office> = offices
        .iter()
        .filter(|o| {
            let n = compact(&o.name);
            name.contains(&n) || (name.chars().count() >= 2 && n.contains(&name))
        })
        .collect();
    match partial.as_slice() {
        [one] => Ok(one.id.value.clone()),
        [] => Err(format!(
            "`{written}` is not an office: write an office's name or id ({})",
            office_list(offices)
        )),
        many => Err(format!(
            "`{written}` could be any of {}: write the office's full name or id",
            many.iter()
                .map(|o| o.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

fn match_category(site: &SiteConfig, written: &str) -> Result<String, String> {
    let name = compact(written);
    if let Some(c) = site
        .categories
        .iter()
        .find(|c| c.id.eq_ignore_ascii_case(&name) || compact(&c.name) == name)
    {
        return Ok(c.id.clone());
    }
    let partial: Vec<_> = site
        .categories
        .iter()
        .filter(|c| {
            let n = compact(&c.name);
            n.contains(&name) || name.contains(&n)
        })
        .collect();
    let list = || {
        site.categories
            .iter()
            .map(|c| format!("{} ({})", c.name, c.id))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match partial.as_slice() {
        [one] => Ok(one.id.clone()),
        [] => Err(format!(
            "`{written}` is not a category: write one of {}",
            list()
        )),
        many => Err(format!(
            "`{written}` could be any of {}: write more of the category's name",
            many.iter()
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

// ---------------------------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------------------------

/// The file format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LedgerFormat {
    /// One workbook: a 汇总 sheet and one sheet per office.
    #[default]
    Xlsx,
    /// A folder of UTF-8 CSV files (with a byte-order mark, so Excel reads them):
    /// `汇总.csv` and one file per office.
    Csv,
}

/// What `gongkai export ledger` is asked to do.
#[derive(Debug, Clone, Default)]
pub struct ExportOptions {
    /// The site folder.
    pub root: PathBuf,
    /// The date the derived columns are computed as of (default: today).
    pub as_of: Option<NaiveDate>,
    /// Workbook or CSV folder.
    pub format: LedgerFormat,
    /// Where to write (default: `整改台账-<as-of>.xlsx`, or the folder `整改台账-<as-of>`).
    pub output: Option<PathBuf>,
}

/// What an export wrote.
#[derive(Debug, Clone)]
pub struct ExportReport {
    /// The date used.
    pub as_of: NaiveDate,
    /// The workbook, or the CSV folder.
    pub output: PathBuf,
    /// The sheets (or CSV files), 汇总 first.
    pub sheets: Vec<String>,
    /// Items written.
    pub items: usize,
}

/// The record columns an export writes, in order; the derived ones follow.
const EXPORT_COLUMNS: [Col; 17] = [
    Col::Seq,
    Col::Id,
    Col::Title,
    Col::Description,
    Col::Cause,
    Col::Source,
    Col::Category,
    Col::Measures,
    Col::Leader,
    Col::Responsible,
    Col::Office,
    Col::Found,
    Col::Deadline,
    Col::Completed,
    Col::Result,
    Col::Timeline,
    Col::Other,
];

/// A working-day deadline with its due day counted from `found`; other deadlines as they are.
fn resolve_working_days(
    deadline: Deadline,
    found: NaiveDate,
    calendar: &crate::calendar::Calendar,
) -> Result<Deadline, String> {
    match deadline {
        Deadline::WorkingDays { days, .. } => calendar
            .working_day_after(found, days)
            .map(|due| Deadline::WorkingDays {
                days,
                due: Some(due),
            })
            .map_err(|missing| {
                format!(
                    "整改时限 `{}` from 发现日期 {found} cannot be counted: {}",
                    deadline.written(),
                    missing.advice()
                )
            }),
        other => Ok(other),
    }
}

/// An exported deadline cell: a date as a date, `15个工作日` and 长期 as written, so that they
/// import back unchanged.
fn deadline_cell(deadline: &Deadline) -> Out {
    match deadline {
        Deadline::On(day) => Out::Date(*day),
        other => Out::Text(other.written()),
    }
}

/// A deadline in force: a date, or 长期.
fn in_force_cell(deadline: Option<NaiveDate>) -> Out {
    deadline.map_or_else(|| Out::Text(Deadline::ONGOING.to_string()), Out::Date)
}

/// A cell of an export.
#[derive(Debug, Clone)]
enum Out {
    Text(String),
    Number(f64),
    Date(NaiveDate),
    Empty,
}

impl Out {
    fn text(&self) -> String {
        match self {
            Out::Text(t) => t.clone(),
            Out::Number(n) => format!("{n}"),
            Out::Date(d) => d.to_string(),
            Out::Empty => String::new(),
        }
    }
}

struct Table {
    name: String,
    title: String,
    note: String,
    header: Vec<String>,
    rows: Vec<Vec<Out>>,
}

fn header_names(as_of: NaiveDate) -> Vec<String> {
    let mut names: Vec<String> = EXPORT_COLUMNS
        .iter()
        .map(|c| c.name().to_string())
        .collect();
    names.extend([
        format!("当前状态（截至{as_of}）"),
        "当前时限".to_string(),
        "是否逾期".to_string(),
        "逾期天数".to_string(),
    ]);
    names
}

fn item_row(records: &Records, item: &Item, seq: usize, as_of: NaiveDate) -> Vec<Out> {
    let draft = Draft::of(item);
    let office = records
        .office(&item.office.value)
        .map_or(item.office.value.clone(), |o| o.name.clone());
    let category = records
        .site
        .category(&item.category.value)
        .map_or(item.category.value.clone(), |c| c.name.clone());
    let text = |s: &str| {
        if s.is_empty() {
            Out::Empty
        } else {
            Out::Text(s.to_string())
        }
    };
    let completed = item.timeline.completed_on(NaiveDate::MAX);
    let mut row = vec![
        Out::Number(seq as f64),
        Out::Text(item.id.value.clone()),
        Out::Text(item.title.clone()),
        text(&draft.body.sections[0]),
        text(&draft.body.sections[1]),
        Out::Text(item.source.value.clone()),
        Out::Text(category),
        text(&draft.body.sections[2]),
        text(item.leader.as_deref().unwrap_or("")),
        text(item.responsible.as_deref().unwrap_or("")),
        Out::Text(office),
        Out::Date(item.found),
        deadline_cell(&item.deadline.value),
        completed.map_or(Out::Empty, Out::Date),
        text(&draft.body.sections[3]),
        Out::Text(timeline_text(&draft.timeline)),
        text(&draft.body.other),
    ];
    if item.exists_on(as_of) {
        let state = item.state_on(as_of, &Reckoning::of(&records.site));
        row.extend([
            Out::Text(state.status.word().to_string()),
            in_force_cell(state.deadline),
            Out::Text(if state.overdue { "是" } else { "否" }.to_string()),
            if state.overdue {
                Out::Number(state.days_overdue as f64)
            } else {
                Out::Empty
            },
        ]);
    } else {
        row.extend([
            Out::Text("（尚未发现）".to_string()),
            deadline_cell(&item.deadline.value),
            Out::Empty,
            Out::Empty,
        ]);
    }
    row
}

/// A name Excel accepts for a sheet: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(name: &str, taken: &[String]) -> String {
    let clean: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(31)
        .collect();
    let mut candidate = clean.clone();
    let mut n = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&candidate)) || candidate == "汇总" {
        let suffix = format!("({n})");
        candidate = clean
            .chars()
            .take(31 - suffix.chars().count())
            .collect::<String>()
            + &suffix;
        n += 1;
    }
    candidate
}

fn tables(records: &Records, as_of: NaiveDate) -> Vec<Table> {
    let stamp = format!("{}年{}月{}日", as_of.year(), as_of.month(), as_of.day());
    let mut summary = Table {
        name: "汇总".to_string(),
        title: format!("{}{}整改台账汇总", records.site.unit, records.site.campaign),
        note: format!("数据截至{stamp}"),
        header: [
            "序号",
            "科室",
            "科室编号",
            "事项数",
            "待整改",
            "整改中",
            "已办结",
            "逾期",
            "办结率",
        ]
        .map(String::from)
        .to_vec(),
        rows: Vec::new(),
    };
    let mut out = Vec::new();
    let mut taken: Vec<String> = Vec::new();
    let mut total = Figures::default();
    for (n, office) in records.offices.iter().enumerate() {
        let items: Vec<&Item> = records
            .items
            .iter()
            .filter(|i| i.office.value == office.id.value)
            .collect();
        let mut figures = Figures::default();
        for item in items.iter().filter(|i| i.exists_on(as_of)) {
            let state = item.state_on(as_of, &Reckoning::of(&records.site));
            figures.count(&state);
            total.count(&state);
        }
        summary.rows.push(figure_row(
            Out::Number((n + 1) as f64),
            &office.name,
            &office.id.value,
            &figures,
        ));
        let name = sheet_name(&office.name, &taken);
        taken.push(name.clone());
        out.push(Table {
            name,
            title: format!("{}{}整改台账（{}）", records.site.unit, records.site.campaign, office.name),
            note: format!(
                "数据截至{stamp}。“当前状态”至“逾期天数”四列按截至日期计算，导入时不读取；进展记录一格一条，格式为 日期【状态】说明。"
            ),
            header: header_names(as_of),
            rows: items.iter().enumerate().map(|(i, item)| item_row(records, item, i + 1, as_of)).collect(),
        });
    }
    summary
        .rows
        .push(figure_row(Out::Empty, "合计", "", &total));
    let mut all = vec![summary];
    all.extend(out);
    all
}

fn figure_row(seq: Out, name: &str, id: &str, f: &Figures) -> Vec<Out> {
    vec![
        seq,
        Out::Text(name.to_string()),
        if id.is_empty() {
            Out::Empty
        } else {
            Out::Text(id.to_string())
        },
        Out::Number(f.items as f64),
        Out::Number(f.pending as f64),
        Out::Number(f.in_progress as f64),
        Out::Number(f.done as f64),
        Out::Number(f.overdue as f64),
        Out::Text(f.rate()),
    ]
}

/// Writes the records as a ledger workbook (or CSV folder), with the derived columns as of a
/// date. The same records and date give the same bytes.
pub fn export(options: &ExportOptions) -> Result<ExportReport, Error> {
    let records = load_records(&options.root)?;
    let as_of = options.as_of.unwrap_or_else(|| today(&records.site));
    let tables = tables(&records, as_of);
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| match options.format {
            LedgerFormat::Xlsx => PathBuf::from(format!("整改台账-{as_of}.xlsx")),
            LedgerFormat::Csv => PathBuf::from(format!("整改台账-{as_of}")),
        });
    let environment = |what: String| Error::Environment(what);
    match options.format {
        LedgerFormat::Xlsx => {
            let bytes = workbook_bytes(&tables, as_of)
                .map_err(|e| environment(format!("cannot make the workbook: {e}")))?;
            write_atomically(&output, &bytes)
                .map_err(|e| environment(format!("cannot write {}: {e}", output.display())))?;
        }
        LedgerFormat::Csv => {
            std::fs::create_dir_all(&output)
                .map_err(|e| environment(format!("cannot create {}: {e}", output.display())))?;
            for table in &tables {
                let path = output.join(format!("{}.csv", table.name));
                write_atomically(&path, &csv_bytes(table))
                    .map_err(|e| environment(format!("cannot write {}: {e}", path.display())))?;
            }
        }
    }
    Ok(ExportReport {
        as_of,
        output,
        sheets: tables.iter().map(|t| t.name.clone()).collect(),
        items: records.items.len(),
    })
}

fn csv_bytes(table: &Table) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    let _ = writer.write_record(&table.header);
    for row in &table.rows {
        let _ = writer.write_record(row.iter().map(Out::text));
    }
    writer.into_inner().unwrap_or_default()
}

fn workbook_bytes(
    tables: &[Table],
    as_of: NaiveDate,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{
        DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook,
    };
    let mut workbook = Workbook::new();
    let created =
        ExcelDateTime::from_ymd(as_of.year() as u16, as_of.month() as u8, as_of.day() as u8)?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let title = Format::new()
        .set_bold()
        .set_font_size(14)
        .set_align(FormatAlign::Center);
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let cell = Format::new()
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Top);
    let date = cell.clone().set_num_format("yyyy-mm-dd");
    for table in tables {
        let sheet = workbook.add_worksheet();
        sheet.set_name(&table.name)?;
        let last = (table.header.len().max(1) - 1) as u16;
        sheet.merge_range(0, 0, 0, last, &table.title, &title)?;
        sheet.write_string(1, 0, &table.note)?;
        for (c, name) in table.header.iter().enumerate() {
            sheet.write_string_with_format(2, c as u16, name, &head)?;
            let width = match name.as_str() {
                "序号" => 6.0,
                "进展记录" => 60.0,
                "存在问题" | "问题描述" | "原因分析" | "整改措施" | "整改结果" => {
                    36.0
                }
                _ => 12.0,
            };
            sheet.set_column_width(c as u16, width)?;
        }
        sheet.set_freeze_panes(3, 0)?;
        for (r, row) in table.rows.iter().enumerate() {
            let r = (r + 3) as u32;
            for (c, value) in row.iter().enumerate() {
                let c = c as u16;
                match value {
                    Out::Text(t) => sheet.write_string_with_format(r, c, t, &cell)?,
                    Out::Number(n) => sheet.write_number_with_format(r, c, *n, &cell)?,
                    Out::Date(d) => {
                        let d = ExcelDateTime::from_ymd(
                            d.year() as u16,
                            d.month() as u8,
                            d.day() as u8,
                        )?;
                        sheet.write_datetime_with_format(r, c, &d, &date)?
                    }
                    Out::Empty => sheet.write_blank(r, c, &cell)?,
                };
            }
        }
    }
    workbook.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn text_dates_in_every_clerk_format() {
        for t in [
            "2026年6月30日",
            "2026-6-30",
            "2026/6/30",
            "2026.6.30",
            "2026-06-30",
            "2026年6月30日前",
        ] {
            assert_eq!(parse_text_date(t), Ok(d("2026-06-30")), "{t}");
        }
        assert_eq!(
            parse_text_date("2026-02-30"),
            Err("2026-02-30 is not a real calendar date".to_string())
        );
        assert!(
            parse_text_date("长期坚持")
                .unwrap_err()
                .contains("is not a date")
        );
    }

    #[test]
    fn excel_serial_dates() {
        assert_eq!(serial_date(46203.0, false), Some(d("2026-06-30")));
        assert_eq!(serial_date(61.0, false), Some(d("1900-03-01")));
        assert_eq!(serial_date(0.0, false), None);
    }

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
    }

    #[test]
    fn headers_match_with_synonyms_spaces_and_notes() {
        assert_eq!(column_for("序  号"), Some(Col::Seq));
        assert_eq!(column_for("整改时限（年月日）"), Some(Col::Deadline));
        assert_eq!(column_for("*责任科室"), Some(Col::Office));
        assert_eq!(column_for("当前状态（截至2026-11-25）"), Some(Col::Derived));
        assert_eq!(column_for("备注"), None);
    }

    #[test]
    fn timeline_text_round_trips() {
        let entries = vec![
            Entry {
                date: d("2026-06-08"),
                status: Some(Status::Pending),
                deadline: None,
                note: "列入台账。".into(),
                evidence: vec![],
            },
            Entry {
                date: d("2026-07-01"),
                status: None,
                deadline: None,
                note: "第一行\n第二行".into(),
                evidence: vec![],
            },
            Entry {
                date: d("2026-07-25"),
                status: None,
                deadline: Some(d("2026-08-31")),
                note: "延期。".into(),
                evidence: vec![],
            },
            Entry {
                date: d("2026-08-28"),
                status: Some(Status::Done),
                deadline: None,
                note: "办结。".into(),
                evidence: vec!["https://example.gov.cn/a.html".into()],
            },
        ];
        assert_eq!(parse_timeline(&timeline_text(&entries)), Ok(entries));
    }

    #[test]
    fn bodies_round_trip_through_sections() {
        let text = "前言\n\n## 问题描述\n\n甲。\n\n乙。\n\n## 整改措施\n\n- 一；\n- 二。\n\n## 附件\n\n见后。\n";
        let body = Body::parse(text);
        assert_eq!(body.sections[0], "甲。\n\n乙。");
        assert_eq!(body.sections[2], "- 一；\n- 二。");
        assert_eq!(body.other, "前言\n\n## 附件\n\n见后。");
        assert_eq!(Body::parse(&body.render()), body);
    }

    #[test]
    fn scalars_are_quoted_only_when_needed() {
        assert_eq!(scalar("干部档案查阅手续繁琐"), "干部档案查阅手续繁琐");
        assert_eq!(scalar("2026年目标"), "2026年目标");
        assert_eq!(scalar("2026-06-30"), "\"2026-06-30\"");
        assert_eq!(scalar("001"), "\"001\"");
        assert_eq!(scalar("a: b"), "\"a: b\"");
        assert_eq!(scalar("第一行\n第二行"), "\"第一行\\n第二行\"");
        assert_eq!(scalar("yes"), "\"yes\"");
    }

    #[test]
    fn cell_lines_become_paragraphs() {
        assert_eq!(markdown_text("1、甲\n2、乙"), "1、甲\n\n2、乙");
        assert_eq!(markdown_text("- 甲\n- 乙"), "- 甲\n- 乙");
        assert_eq!(markdown_text("甲\n\n乙"), "甲\n\n乙");
    }

    #[test]
    fn progress_words() {
        assert_eq!(progress_status("已完成", false), Status::Done);
        assert_eq!(progress_status("正在修订制度", false), Status::InProgress);
        assert_eq!(progress_status("未完成", true), Status::Pending);
        assert_eq!(progress_status("", false), Status::Pending);
    }
}
