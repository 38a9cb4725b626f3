//! Scaffolding for clerks: a new site (`gongkai init`), new records with the next free id
//! (`gongkai new item`, `gongkai new office`) and the editor schemas (`gongkai schema`).
//!
//! Every record written here has every field its reader knows, each with a comment in Chinese
//! saying what it takes, and begins with a `# yaml-language-server: $schema=…` line pointing
//! at the site's `schemas/` folder, so that an editor with the YAML extension completes and
//! checks the fields. Nothing is ever overwritten. The library never prints: it returns the
//! paths it wrote.

use std::fmt::Write as _;
use std::fs;
use std::io::{self, Write as _};
use std::path::{Component, Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use chrono_tz::Tz;
use unicode_width::UnicodeWidthStr;
use walkdir::WalkDir;

use crate::diagnostics::Diagnostic;
use crate::load::{self, DEFAULT_SOURCES};
use crate::model::SiteConfig;
use crate::schema;
use crate::yaml::is_valid_id;

/// The folder of a site that holds the schemas (`<root>/schemas`).
pub const SCHEMA_DIR: &str = "schemas";

/// The first line of a record that names its schema, for the YAML extension of editors.
const MODELINE: &str = "# yaml-language-server: $schema=";

/// The column at which field comments start, in display columns.
const COMMENT_COLUMN: usize = 28;

/// Why scaffolding failed, which decides the exit status.
#[derive(Debug)]
pub enum ScaffoldError {
    /// The site's own records cannot be read (site.yaml is missing or broken): exit status 1.
    Records(Vec<Diagnostic>),
    /// The request does not fit the records (an unknown office, an id already taken):
    /// exit status 1.
    Refused(String),
    /// The file system refused, or a folder or file would be replaced: exit status 3.
    Environment(String),
}

/// A record written by `new`.
#[derive(Debug, Clone)]
pub struct Written {
    /// The record's id.
    pub id: String,
    /// The file written (the site root joined with the record's relative path).
    pub path: PathBuf,
    /// The schema file its first line points at.
    pub schema: PathBuf,
}

/// What `new item` is asked to write.
#[derive(Debug, Clone, Default)]
pub struct NewItem {
    /// The site folder.
    pub root: PathBuf,
    /// The responsible office's id.
    pub office: String,
    /// The title, or a placeholder.
    pub title: Option<String>,
    /// Today, or today in the site's time zone.
    pub today: Option<NaiveDate>,
}

/// What `new office` is asked to write.
#[derive(Debug, Clone, Default)]
pub struct NewOffice {
    /// The site folder.
    pub root: PathBuf,
    /// The id, or the first free `officeN`.
    pub id: Option<String>,
    /// The name, or a placeholder.
    pub name: Option<String>,
}

// ---------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------

/// Creates a new site in `dir`, which must be missing or empty: site.yaml with the campaign's
/// phases (dated in `today`'s year), categories and nine systems, one office, one item and
/// the schemas. Returns the files written, in order.
pub fn init(dir: &Path, today: NaiveDate) -> Result<Vec<PathBuf>, ScaffoldError> {
    match fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(ScaffoldError::Environment(format!(
                    "{} is not empty: init creates a new site in an empty or new folder, so that nothing is overwritten; choose another folder",
                    dir.display()
                )));
            }
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => {
            return Err(ScaffoldError::Environment(format!(
                "cannot use {} for a new site: {e}",
                dir.display()
            )));
        }
    }
    let office = "bgs";
    let item_id = format!("{}-{}-001", office.to_ascii_uppercase(), today.year());
    let site_path = PathBuf::from("content/site.yaml");
    let office_path = office_file(office);
    let item_path = item_file(office, &item_id);
    let mut files = vec![
        (site_path.clone(), site_record(today.year(), &site_path)),
        (
            office_path.clone(),
            office_record(
                &OfficeTemplate {
                    id: office,
                    name: "办公室",
                    duties: "负责机关日常运转、文电会务、信息公开和机关效能建设的组织协调工作。",
                },
                &office_path,
            ),
        ),
        (
            item_path.clone(),
            item_record(
                &ItemTemplate {
                    id: &item_id,
                    office,
                    office_ids: &[office],
                    title: "示例：办事指南未及时更新，群众多次往返（请改为实际问题）",
                    category: "xiaolv",
                    categories: &default_category_ids(),
                    sources: &DEFAULT_SOURCES,
                    today,
                },
                &item_path,
            ),
        ),
    ];
    for file in schema::all() {
        files.push((Path::new(SCHEMA_DIR).join(&file.file_name), file.json));
    }
    let mut written = Vec::with_capacity(files.len());
    for (relative, text) in files {
        let path = dir.join(&relative);
        write_new(&path, &text)?;
        written.push(path);
    }
    Ok(written)
}

/// Writes a new item for an existing office with the next free id, found today, and
/// returns what it wrote.
pub fn new_item(request: &NewItem) -> Result<Written, ScaffoldError> {
    let site = read_site(&request.root)?;
    let loaded = load::load(&request.root);
    let mut office_ids: Vec<String> = loaded.offices.iter().map(|o| o.id.value.clone()).collect();
    office_ids.sort();
    office_ids.dedup();
    if !office_ids.contains(&request.office) {
        let known = if office_ids.is_empty() {
            "there are no offices yet".to_string()
        } else {
            format!("the offices are {}", office_ids.join(", "))
        };
        return Err(ScaffoldError::Refused(format!(
            "unknown office `{}`: no content/offices/*.yaml has this id ({known}); add it first with `gongkai new office --id {}`",
            request.office, request.office
        )));
    }
    let today = request.today.unwrap_or_else(|| today_in(site.timezone));
    let mut taken = item_ids_in_files(&request.root);
    taken.extend(loaded.items.iter().map(|i| i.id.value.clone()));
    let office_items = loaded
        .items
        .iter()
        .filter(|i| i.office.value == request.office)
        .map(|i| i.id.value.as_str());
    let prefix = office_prefix(office_items, &request.office, today.year());
    let id = next_item_id(&taken, &prefix, today.year());
    let relative = item_file(&request.office, &id);
    let categories: Vec<&str> = site.categories.iter().map(|c| c.id.as_str()).collect();
    let sources: Vec<&str> = site.sources.iter().map(String::as_str).collect();
    let office_refs: Vec<&str> = office_ids.iter().map(String::as_str).collect();
    let text = item_record(
        &ItemTemplate {
            id: &id,
            office: &request.office,
            office_ids: &office_refs,
            title: request
                .title
                .as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .unwrap_or("待填写：问题标题，一句话概括"),
            category: categories.first().copied().unwrap_or_default(),
            categories: &categories,
            sources: &sources,
            today,
        },
        &relative,
    );
    let path = request.root.join(&relative);
    write_new(&path, &text)?;
    Ok(Written {
        id,
        path,
        schema: request
            .root
            .join(SCHEMA_DIR)
            .join(schema::file_name("item")),
    })
}

/// Writes a new office with the given id (or the first free `officeN`) and returns what it
/// wrote.
pub fn new_office(request: &NewOffice) -> Result<Written, ScaffoldError> {
    read_site(&request.root)?;
    let loaded = load::load(&request.root);
    let mut taken: Vec<String> = loaded.offices.iter().map(|o| o.id.value.clone()).collect();
    taken.extend(office_file_stems(&request.root));
    let id = match &request.id {
        Some(id) => {
            if !is_valid_id(id) {
                return Err(ScaffoldError::Refused(format!(
                    "`{id}` is not a valid office id: use 1 to 64 ASCII letters, digits, `-` or `_`, e.g. ganbu1"
                )));
            }
            if let Some(other) = taken.iter().find(|t| t.eq_ignore_ascii_case(id)) {
                return Err(ScaffoldError::Refused(format!(
                    "the office id `{id}` is taken (by `{other}`; ids must differ even ignoring case): choose another --id"
                )));
            }
            id.clone()
        }
        None => free_office_id(&taken),
    };
    let relative = office_file(&id);
    let text = office_record(
        &OfficeTemplate {
            id: &id,
            name: request
                .name
                .as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .unwrap_or("待填写"),
            duties: "待填写：本科室的主要职责",
        },
        &relative,
    );
    let path = request.root.join(&relative);
    write_new(&path, &text)?;
    Ok(Written {
        id,
        path,
        schema: request
            .root
            .join(SCHEMA_DIR)
            .join(schema::file_name("office")),
    })
}

/// Writes the schema of every record type into `dir` (created if needed), replacing older
/// schema files there. Returns the files written.
pub fn write_schemas(dir: &Path) -> Result<Vec<PathBuf>, ScaffoldError> {
    fs::create_dir_all(dir)
        .map_err(|e| ScaffoldError::Environment(format!("cannot create {}: {e}", dir.display())))?;
    let mut written = Vec::new();
    for file in schema::all() {
        let path = dir.join(&file.file_name);
        fs::write(&path, &file.json).map_err(|e| {
            ScaffoldError::Environment(format!("cannot write {}: {e}", path.display()))
        })?;
        written.push(path);
    }
    Ok(written)
}

// ---------------------------------------------------------------------------------------
// Ids
// ---------------------------------------------------------------------------------------

/// The id prefix an office's items already use for a year (`GB1` in `GB1-2026-007`), the most
/// frequent one; else the office id in capitals. Clerks keep numbering in the series they know.
pub fn office_prefix<'a>(items: impl Iterator<Item = &'a str>, office: &str, year: i32) -> String {
    let marker = format!("-{year}-");
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for id in items {
        if let Some((head, number)) = id.split_once(&marker) {
            if !head.is_empty() && !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit())
            {
                *counts.entry(head).or_default() += 1;
            }
        }
    }
    counts
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map_or_else(|| office.to_ascii_uppercase(), |(head, _)| head.to_string())
}

/// The next item id of an office for a year: `<OFFICE-ID-UPPER>-<year>-<NNN>`, one more than
/// the highest number already used with that prefix (ignoring case), at least three digits.
pub fn next_item_id<S: AsRef<str>>(taken: &[S], office: &str, year: i32) -> String {
    let prefix = format!("{}-{year}-", office.to_ascii_uppercase());
    let highest = taken
        .iter()
        .filter_map(|id| {
            let id = id.as_ref();
            let head = id.get(..prefix.len())?;
            let number = id.get(prefix.len()..)?;
            (head.eq_ignore_ascii_case(&prefix)
                && !number.is_empty()
                && number.bytes().all(|b| b.is_ascii_digit()))
            .then(|| number.parse::<u64>().ok())
            .flatten()
        })
        .max()
        .unwrap_or(0);
    let mut number = highest + 1;
    loop {
        let id = format!("{prefix}{number:03}");
        if !taken.iter().any(|t| t.as_ref().eq_ignore_ascii_case(&id)) {
            return id;
        }
        number += 1;
    }
}

/// The first of `office1`, `office2`, … that no office uses (ignoring case).
pub fn free_office_id<S: AsRef<str>>(taken: &[S]) -> String {
    (1..)
        .map(|n| format!("office{n}"))
        .find(|id| !taken.iter().any(|t| t.as_ref().eq_ignore_ascii_case(id)))
        .unwrap_or_default()
}

/// The ids written in the front matter of every item file, readable or not, so that a new
/// id never collides with a record that is still being fixed.
fn item_ids_in_files(root: &Path) -> Vec<String> {
    let folder = root.join("content/items");
    WalkDir::new(folder)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            e.path()
                .extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("md"))
        })
        .filter_map(|e| fs::read_to_string(e.path()).ok())
        .filter_map(|text| front_matter_id(&text))
        .collect()
}

/// The `id:` of a Markdown record's front matter, read line by line.
fn front_matter_id(text: &str) -> Option<String> {
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    if lines.next()?.trim_end() != "---" {
        return None;
    }
    for line in lines {
        if line.trim_end() == "---" {
            return None;
        }
        if let Some(value) = line.strip_prefix("id:") {
            let value = value.split(" #").next().unwrap_or("").trim();
            let value = value.trim_matches(|c| c == '"' || c == '\'');
            return (!value.is_empty()).then(|| value.to_string());
        }
    }
    None
}

fn office_file_stems(root: &Path) -> Vec<String> {
    fs::read_dir(root.join("content/offices"))
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter_map(|e| {
            let path = e.path();
            let ext = path.extension()?.to_str()?.to_ascii_lowercase();
            (ext == "yaml" || ext == "yml")
                .then(|| path.file_stem()?.to_str().map(str::to_owned))?
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Reading the site, writing files
// ---------------------------------------------------------------------------------------

fn read_site(root: &Path) -> Result<SiteConfig, ScaffoldError> {
    let loaded = load::load(root);
    match loaded.site {
        Some(site) => Ok(site),
        None => {
            let site_path = Path::new("content/site.yaml");
            Err(ScaffoldError::Records(
                loaded
                    .problems
                    .into_iter()
                    .filter(|d| d.path == site_path)
                    .collect(),
            ))
        }
    }
}

fn today_in(timezone: Tz) -> NaiveDate {
    chrono::Utc::now().with_timezone(&timezone).date_naive()
}

fn office_file(id: &str) -> PathBuf {
    Path::new("content/offices").join(format!("{id}.yaml"))
}

fn item_file(office: &str, id: &str) -> PathBuf {
    Path::new("content/items")
        .join(office)
        .join(format!("{id}.md"))
}

/// Creates `path` (and its folders) with `text`; an existing file is never replaced.
fn write_new(path: &Path, text: &str) -> Result<(), ScaffoldError> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| {
            ScaffoldError::Environment(format!("cannot create {}: {e}", parent.display()))
        })?;
    }
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| {
            if e.kind() == io::ErrorKind::AlreadyExists {
                ScaffoldError::Environment(format!(
                    "{} exists already: gongkai never overwrites a record; move it away or choose another id",
                    path.display()
                ))
            } else {
                ScaffoldError::Environment(format!("cannot write {}: {e}", path.display()))
            }
        })?;
    file.write_all(text.as_bytes())
        .map_err(|e| ScaffoldError::Environment(format!("cannot write {}: {e}", path.display())))
}

/// The path from a record file (relative to the site root) to the schema of its type.
fn schema_link(record: &Path, kind: &str) -> String {
    let depth = record.parent().map_or(0, |p| {
        p.components()
            .filter(|c| matches!(c, Component::Normal(_)))
            .count()
    });
    format!(
        "{}{SCHEMA_DIR}/{}",
        "../".repeat(depth),
        schema::file_name(kind)
    )
}

// ---------------------------------------------------------------------------------------
// Templates
// ---------------------------------------------------------------------------------------

/// YAML text being written line by line, with comments aligned.
#[derive(Default)]
struct Yaml {
    text: String,
}

impl Yaml {
    fn line(&mut self, line: &str) {
        self.text.push_str(line);
        self.text.push('\n');
    }

    /// `key: value   # comment`; an empty value leaves the field empty (not filled in).
    fn field(&mut self, indent: &str, key: &str, value: &str, comment: &str) {
        let mut line = if value.is_empty() {
            format!("{indent}{key}:")
        } else {
            format!("{indent}{key}: {value}")
        };
        if !comment.is_empty() {
            let width = UnicodeWidthStr::width(line.as_str());
            let pad = COMMENT_COLUMN.saturating_sub(width).max(2);
            let _ = write!(line, "{}# {comment}", " ".repeat(pad));
        }
        self.line(&line);
    }

    /// A field holding text, quoted when YAML needs it.
    fn text(&mut self, indent: &str, key: &str, value: &str, comment: &str) {
        self.field(indent, key, &scalar(value), comment);
    }
}

/// Writes text as a YAML scalar: plain when that reads back as the same text, else quoted.
fn scalar(text: &str) -> String {
    let text = text.replace(['\n', '\r', '\t'], " ");
    let text = text.trim();
    let lower = text.to_ascii_lowercase();
    let plain = !text.is_empty()
        && !text.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`.+".contains(c) || c.is_ascii_digit())
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.ends_with(':')
        && !text.chars().any(|c| c.is_control() || c == '\u{feff}')
        && !matches!(
            lower.as_str(),
            "true" | "false" | "null" | "~" | "yes" | "no" | "on" | "off" | "y" | "n"
        );
    if plain {
        return text.to_string();
    }
    let mut quoted = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            c if c.is_control() || c == '\u{feff}' => {
                let _ = write!(quoted, "\\u{:04x}", c as u32);
            }
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// A list of words for a comment: `a、b、c`.
fn words(list: &[&str]) -> String {
    list.join("、")
}

/// The review and visibility fields every office and item may carry.
fn disclosure_fields(y: &mut Yaml) {
    y.field("", "draft", "", "草稿：填 true 则暂不发布（可不填）");
    y.field(
        "",
        "approved_by",
        "",
        "审核人职务，如 分管副部长（站点要求先审后发时必填）",
    );
    y.field(
        "",
        "approved_on",
        "",
        "审核日期（YYYY-MM-DD，与 approved_by 一起填）",
    );
    y.field(
        "",
        "withdrawn_on",
        "",
        "撤回日期（YYYY-MM-DD，发布后撤回时才填）",
    );
    y.field(
        "",
        "withdrawn_reason",
        "",
        "撤回理由，向公众说明（与 withdrawn_on 一起填）",
    );
    y.field(
        "",
        "display_until",
        "",
        "公示截止日期（YYYY-MM-DD，可不填）",
    );
}

struct OfficeTemplate<'a> {
    id: &'a str,
    name: &'a str,
    duties: &'a str,
}

/// An office record (`content/offices/<id>.yaml`).
fn office_record(t: &OfficeTemplate, path: &Path) -> String {
    let mut y = Yaml::default();
    y.line(&format!("{MODELINE}{}", schema_link(path, "office")));
    y.text(
        "",
        "id",
        t.id,
        "科室编号（英文字母、数字、- 或 _），与文件名一致；整改事项的 office 填它",
    );
    y.text("", "name", t.name, "科室名称，如 干部一科");
    y.field("", "parent", "", "所属上级科室的编号（可不填）");
    y.text("", "chief", "待填写", "一把手（第一责任人）");
    y.text("", "deputy", "待填写", "分管领导（直接责任人）");
    y.text("", "duties", t.duties, "科室职责");
    y.text("", "phone", "待填写", "对外联系电话，如 0839-5212301");
    y.field(
        "",
        "established",
        "",
        "设立日期（YYYY-MM-DD，可不填；活动期间新设的科室才填）",
    );
    y.field(
        "",
        "dissolved",
        "",
        "撤销或合并日期（YYYY-MM-DD，可不填）；从这一天起科室不再存在",
    );
    disclosure_fields(&mut y);
    y.text
}

struct ItemTemplate<'a> {
    id: &'a str,
    office: &'a str,
    office_ids: &'a [&'a str],
    title: &'a str,
    category: &'a str,
    categories: &'a [&'a str],
    sources: &'a [&'a str],
    today: NaiveDate,
}

/// An item record (`content/items/<office>/<id>.md`): front matter and the four headings.
fn item_record(t: &ItemTemplate, path: &Path) -> String {
    let mut y = Yaml::default();
    y.line("---");
    y.line(&format!("{MODELINE}{}", schema_link(path, "item")));
    y.text(
        "",
        "id",
        t.id,
        "事项编号（英文字母、数字、- 或 _），全站唯一",
    );
    y.text(
        "",
        "office",
        t.office,
        &format!("责任科室编号（{}）", words(t.office_ids)),
    );
    y.text("", "title", t.title, "问题标题，一句话概括");
    y.text(
        "",
        "category",
        t.category,
        &format!("整治类别编号（{}）", words(t.categories)),
    );
    y.text(
        "",
        "source",
        t.sources.first().copied().unwrap_or("自身找"),
        &format!("问题来源（{}）", words(t.sources)),
    );
    let deadline = NaiveDate::from_ymd_opt(t.today.year(), 12, 31).unwrap_or(t.today);
    y.field("", "found", &t.today.to_string(), "发现日期（YYYY-MM-DD）");
    y.field(
        "",
        "deadline",
        &deadline.to_string(),
        "整改时限：日期（YYYY-MM-DD）、N个工作日 或 长期",
    );
    y.field("", "leader", "", "责任领导（可不填）");
    y.field("", "responsible", "", "责任人（可不填）");
    disclosure_fields(&mut y);
    y.field(
        "",
        "timeline",
        "",
        "办理过程，按日期先后排列；状态由最后一条带 status 的记录决定",
    );
    y.field("  - ", "date", &t.today.to_string(), "日期（YYYY-MM-DD）");
    y.field(
        "    ",
        "status",
        "待整改",
        "待整改、整改中 或 已办结（只记进展时不填）",
    );
    y.text("    ", "note", "列入整改台账。", "这一天做了什么");
    y.field(
        "    ",
        "deadline",
        "",
        "延期后的新整改时限（YYYY-MM-DD，只在延期时填）",
    );
    y.field(
        "    ",
        "evidence",
        "",
        "佐证材料链接（可不填），每行一个：- https://…",
    );
    y.line("---");
    y.line("## 问题描述");
    y.line("");
    y.line("（问题的具体表现：何时、何地、群众反映了什么。）");
    y.line("");
    y.line("## 原因分析");
    y.line("");
    y.line("（问题产生的原因和责任。）");
    y.line("");
    y.line("## 整改措施");
    y.line("");
    y.line("（采取的措施，每条一行，以 - 开头。）");
    y.line("");
    y.line("## 整改结果");
    y.line("");
    y.line("（办结后填写整改的实际效果。）");
    y.text
}

/// The six rectification categories (六项整治) a new site starts with.
const CATEGORIES: [(&str, &str); 6] = [
    ("sixiang", "整治思想观念不解放问题"),
    ("zuofeng", "整治工作作风不扎实问题"),
    ("fuwu", "整治服务态度不端正问题"),
    ("xiaolv", "整治办事效率不高问题"),
    ("lianjie", "整治廉洁自律不严格问题"),
    ("zhidu", "整治制度执行不到位问题"),
];

fn default_category_ids() -> Vec<&'static str> {
    CATEGORIES.iter().map(|(id, _)| *id).collect()
}

/// The nine work systems (九项制度) of the campaign notice.
const SYSTEMS: [(&str, &str, &str); 9] = [
    (
        "tingzheng",
        "决策听证咨询制度",
        "重大决策事项和大额资金使用须深入调研、广泛征求意见，吃透“三头”，做到“三化”。",
    ),
    (
        "mubiao",
        "目标责任制",
        "把机关效能建设纳入领导班子和领导干部目标管理，“一把手”是第一责任人，分管领导是直接责任人。",
    ),
    (
        "shouwen",
        "首问责任制",
        "第一接待到机关办事当事人的人员为首问负责人，做到首问必接、首问必答、首问必果。",
    ),
    (
        "quanri",
        "全日式办公制",
        "工作日全天不空岗、工作人员全天不缺位、业务工作全天不间断，保证办事群众找得到人、办得了事。",
    ),
    (
        "xianshi",
        "限时办结制",
        "有规定时限的按时限办结，没有规定时限的明确办理时限并向社会公布。",
    ),
    (
        "minzhujiandu",
        "民主监督制",
        "发挥干部监督联系会议和干部监督电子信箱作用，健全机关内部监督制度，监督机关效能建设。",
    ),
    (
        "pingyi",
        "民主评议制",
        "坚持全员制、轮换制、免排制、诫勉制、多元制“五制”，做到全年评议、全程公开、全部反映群众意见。",
    ),
    (
        "sigeyi",
        "“四个一”制度",
        "每季度一次基层调研、每季度走访一次部风监督员、每月一次明察暗访、每季度通报一次各科室效能建设情况。",
    ),
    (
        "xiagang",
        "一次查实下岗制",
        "对违反“六条禁令”、不作为乱作为和以权谋私等行为，群众投诉一经查实，视情节给予告诫、通报批评、停职下岗直至纪律处分。",
    ),
];

/// A phase of a new site: id, name, (month, day) start and end, deliverable and its due day.
type PhaseTemplate = (
    &'static str,
    &'static str,
    (u32, u32),
    (u32, u32),
    Option<(&'static str, (u32, u32))>,
);

/// The five phases of the campaign notice, with a starting guess at their dates (the notice
/// leaves them blank, except the implementation plans due by 5月31日).
const PHASES: [PhaseTemplate; 5] = [
    (
        "mobilize",
        "学习、教育、动员",
        (4, 1),
        (5, 31),
        Some(("各科室实施方案", (5, 31))),
    ),
    (
        "rectify",
        "搞好“六项整治”，严格自查自纠",
        (6, 1),
        (9, 30),
        Some(("查纠整改情况报告", (9, 30))),
    ),
    (
        "systems",
        "健全和完善“九项制度”",
        (8, 1),
        (10, 31),
        Some(("九项制度建立情况报告", (10, 31))),
    ),
    ("supervise", "监督检查", (4, 1), (12, 31), None),
    (
        "evaluate",
        "绩效考评",
        (12, 1),
        (12, 31),
        Some(("年度绩效考评结果", (12, 31))),
    ),
];

/// `content/site.yaml` of a new site, for the campaign year `year`.
fn site_record(year: i32, path: &Path) -> String {
    let date = |(month, day): (u32, u32)| {
        NaiveDate::from_ymd_opt(year, month, day).map_or_else(String::new, |d| d.to_string())
    };
    let mut y = Yaml::default();
    y.line(&format!("{MODELINE}{}", schema_link(path, "site")));
    y.line("# 新站点的起点：单位名称、阶段日期等请按本县实际修改。");
    y.text(
        "",
        "title",
        "某某县委组织部机关效能建设公开专栏",
        "站点标题",
    );
    y.text("", "unit", "中共某某县委组织部", "发布单位");
    y.text("", "campaign", "机关效能建设年活动", "活动名称");
    y.field("", "year", &year.to_string(), "活动年度");
    y.field(
        "",
        "base_url",
        "",
        "发布后的完整网址（可不填），如 https://www.example.gov.cn/xny/",
    );
    y.field("", "theme", "default", "主题（default 为内置主题）");
    y.field("", "timezone", "Asia/Shanghai", "计算“今天”所用的时区");
    y.field(
        "",
        "review_required",
        "false",
        "先审后发：true 时每条记录填了 approved_by 和 approved_on 才发布",
    );
    y.field(
        "",
        "links",
        "server",
        "链接形式：server（网站服务器）或 file（从硬盘、U盘直接打开）",
    );
    y.field(
        "",
        "show_commit",
        "false",
        "页脚是否显示内容的版本号（git 提交）",
    );
    y.field(
        "",
        "deadlines",
        "",
        "限时办结的计算方法（可不填，以下为默认值）",
    );
    y.field(
        "  ",
        "count",
        "calendar_days",
        "逾期天数、剩余天数按 calendar_days（自然日）或 working_days（工作日，需 content/calendar/<年份>.yaml）计",
    );
    y.field(
        "  ",
        "stale_after",
        "30",
        "未办结事项超过这么多天没有新记录，标注“长期未更新”",
    );
    y.field(
        "  ",
        "due_soon",
        "5",
        "距整改时限还剩这么多天以内，标注“即将到期”",
    );
    y.field(
        "",
        "phases",
        "",
        "活动的五个阶段，可以重叠；起止日期请按本县实际修改",
    );
    for (i, (id, name, start, end, deliverable)) in PHASES.iter().enumerate() {
        let first = i == 0;
        let note = |comment: &'static str| if first { comment } else { "" };
        y.field("  - ", "id", id, note("阶段编号（英文字母、数字、- 或 _）"));
        y.text("    ", "name", name, note("阶段名称"));
        y.field(
            "    ",
            "start",
            &date(*start),
            note("开始日期（YYYY-MM-DD）"),
        );
        y.field("    ", "end", &date(*end), note("结束日期（YYYY-MM-DD）"));
        if let Some((what, due)) = deliverable {
            y.text(
                "    ",
                "deliverable",
                what,
                note("各单位报送的材料（可不填）"),
            );
            y.field("    ", "due", &date(*due), note("报送截止日期（可不填）"));
        }
    }
    y.field(
        "",
        "categories",
        "",
        "“六项整治”的类别（必填）；整改事项的 category 填这里的 id",
    );
    for (i, (id, name)) in CATEGORIES.iter().enumerate() {
        let first = i == 0;
        y.field("  - ", "id", id, if first { "类别编号" } else { "" });
        y.text("    ", "name", name, if first { "类别名称" } else { "" });
    }
    y.field(
        "",
        "sources",
        &format!("[{}]", DEFAULT_SOURCES.join(", ")),
        "整改事项可填的问题来源",
    );
    y.field("", "systems", "", "九项工作制度");
    for (i, (id, name, summary)) in SYSTEMS.iter().enumerate() {
        let first = i == 0;
        y.field("  - ", "id", id, if first { "制度编号" } else { "" });
        y.text("    ", "name", name, if first { "制度名称" } else { "" });
        y.text("    ", "summary", summary, "");
    }
    evaluation_rules(&mut y);
    performance_rules(&mut y);
    y.field(
        "",
        "ledger_columns",
        "[]",
        "导入Excel台账时本单位自己的列名（可不填）：每项填 column（标准列名）和 names（别名列表）",
    );
    y.field(
        "",
        "catalogue",
        "[]",
        "公开目录（可不填）：每项填 kind、content、basis、time_limit、body、channel、audience",
    );
    y.field(
        "",
        "privacy",
        "",
        "个人信息保护（政府信息公开条例第十五条），见 README 的 Personal data",
    );
    y.field(
        "  ",
        "policy",
        "error",
        "error：发现身份证号、手机号、银行卡号、个人邮箱即报错；mask：打码后发布",
    );
    supervision_rules(&mut y);
    y.text
}

/// The supervision sections of a new site.yaml, filled with the defaults the reader uses
/// when they are absent, so a county sees what it may change.
fn supervision_rules(y: &mut Yaml) {
    use crate::campaign::{accountability, activities, inspections, opinions};
    let list = |words: &[&str]| format!("[{}]", words.join(", "));
    y.field("", "inspections", "", "监督检查（可不填）");
    y.field(
        "  ",
        "kinds",
        &list(&inspections::DEFAULT_KINDS),
        "检查方式；检查记录的 kind 填其中之一",
    );
    y.field("", "activities", "", "“四个一”活动（可不填）");
    y.field(
        "  ",
        "kinds",
        "",
        "每项活动：编号、名称、周期（quarter 每季度 / month 每月）",
    );
    for (i, kind) in activities::Rules::default().kinds.iter().enumerate() {
        let first = i == 0;
        y.field(
            "    - ",
            "id",
            &kind.id,
            if first { "活动编号" } else { "" },
        );
        y.text(
            "      ",
            "name",
            &kind.name,
            if first { "活动名称" } else { "" },
        );
        y.field(
            "      ",
            "every",
            kind.every.key(),
            if first { "周期" } else { "" },
        );
        if kind.cards {
            y.field("      ", "cards", "true", "统计意见卡的发放和收回份数");
        }
        if let Some(inspection) = &kind.inspection_kind {
            y.text(
                "      ",
                "inspection_kind",
                inspection,
                "这种方式的监督检查也计入本项活动",
            );
        }
        if kind.bulletins {
            y.field(
                "      ",
                "bulletins",
                "true",
                "本站的季度通报按印发日期计入本项活动（计入下一季度）",
            );
        }
    }
    y.field("", "opinions", "", "群众意见（可不填）");
    y.field(
        "  ",
        "channels",
        &list(&opinions::DEFAULT_CHANNELS),
        "收到意见的渠道；意见记录的 channel 填其中之一",
    );
    y.field("", "accountability", "", "问责（可不填）");
    for (key, words, comment) in [
        (
            "prohibitions",
            &accountability::DEFAULT_PROHIBITIONS[..],
            "违规情形：“六条禁令”请按本县文件修改，及不作为、乱作为、以权谋私",
        ),
        (
            "levels",
            &accountability::DEFAULT_LEVELS[..],
            "问责方式，由轻到重",
        ),
    ] {
        y.field("  ", key, "", comment);
        for (id, name) in words {
            y.field("    - ", "id", id, "");
            y.text("      ", "name", name, "");
        }
    }
}

/// site.yaml's `evaluation:` section with the defaults the reader uses when a key is left out.
fn evaluation_rules(y: &mut Yaml) {
    y.field(
        "",
        "evaluation",
        "",
        "民主评议的计分和排名规则，见 README 的“民主评议”",
    );
    y.field("  ", "weights", "", "每张评议票的计分");
    y.field("    ", "satisfied", "100", "满意");
    y.field("    ", "basic", "60", "基本满意");
    y.field("    ", "unsatisfied", "0", "不满意");
    y.field(
        "  ",
        "min_evaluators",
        "30",
        "有效票少于此数的科室列出得分，不排名",
    );
    y.field(
        "  ",
        "lagging_below",
        "70",
        "排名科室得分低于此线为后进（诫勉）",
    );
    y.field(
        "  ",
        "excellent_from",
        "90",
        "排名科室得分达到此线为优秀，下一期免排",
    );
    y.field(
        "  ",
        "rotation_share",
        "0.3",
        "每期评议代表与上一期相比至少新增的比例",
    );
}

/// site.yaml's `performance:` section: the six rectifications and the nine systems as
/// criteria (weights adding up to 100), and the usual four grades.
fn performance_rules(y: &mut Yaml) {
    y.field(
        "",
        "performance",
        "",
        "绩效考评：考评项目的权重合计须为 100，见 README 的“绩效考评”",
    );
    y.field("  ", "criteria", "", "");
    for (i, (id, name, weight)) in [
        ("liuxiang", "六项整治", "40"),
        ("jiuxiang", "九项制度", "40"),
        ("pingyi", "民主评议", "20"),
    ]
    .into_iter()
    .enumerate()
    {
        let first = i == 0;
        y.field("    - ", "id", id, if first { "项目编号" } else { "" });
        y.text("      ", "name", name, if first { "项目名称" } else { "" });
        y.field("      ", "weight", weight, if first { "权重" } else { "" });
        y.field("      ", "max", "100", if first { "满分" } else { "" });
    }
    y.field("  ", "grades", "", "等次：总分达到 min 即评为该等次");
    for (name, min) in [
        ("优秀", "90"),
        ("良好", "80"),
        ("合格", "60"),
        ("不合格", "0"),
    ] {
        y.text("    - ", "name", name, "");
        y.field("      ", "min", min, "");
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::load::{ENTRY_FIELDS, ITEM_FIELDS, OFFICE_FIELDS, SITE_FIELDS};

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
    }

    /// The keys at the start of lines indented by `indent` (list markers count as indent).
    fn keys(text: &str, indent: &str) -> BTreeSet<String> {
        text.lines()
            .filter_map(|l| {
                let rest = l
                    .strip_prefix(indent)
                    .filter(|r| !r.starts_with(' ') && !r.starts_with('#'))?;
                let key = rest.split(':').next()?;
                (key.len() < rest.len() && !key.contains(' ')).then(|| key.to_string())
            })
            .collect()
    }

    fn set(fields: &[&str]) -> BTreeSet<String> {
        fields.iter().map(|f| f.to_string()).collect()
    }

    fn item() -> String {
        item_record(
            &ItemTemplate {
                id: "BGS-2026-001",
                office: "bgs",
                office_ids: &["bgs"],
                title: "标题",
                category: "xiaolv",
                categories: &["xiaolv"],
                sources: &DEFAULT_SOURCES,
                today: day(),
            },
            Path::new("content/items/bgs/BGS-2026-001.md"),
        )
    }

    #[test]
    fn templates_have_every_field_the_reader_knows() {
        let site = site_record(2026, Path::new("content/site.yaml"));
        assert_eq!(keys(&site, ""), set(SITE_FIELDS));
        let office = office_record(
            &OfficeTemplate {
                id: "bgs",
                name: "办公室",
                duties: "职责",
            },
            Path::new("content/offices/bgs.yaml"),
        );
        assert_eq!(keys(&office, ""), set(OFFICE_FIELDS));
        let item = item();
        let front: String = item.split("\n---\n").next().unwrap().to_string();
        assert_eq!(keys(&front, ""), set(ITEM_FIELDS));
        let entry: BTreeSet<String> = keys(&front, "  - ")
            .into_iter()
            .chain(keys(&front, "    "))
            .collect();
        assert_eq!(entry, set(ENTRY_FIELDS));
    }

    #[test]
    fn every_field_has_a_comment_and_the_modeline_comes_first() {
        let item = item();
        let mut lines = item.lines();
        assert_eq!(lines.next(), Some("---"));
        assert_eq!(
            lines.next(),
            Some("# yaml-language-server: $schema=../../../schemas/item.schema.json")
        );
        for line in lines.take_while(|l| *l != "---") {
            assert!(line.contains("  # "), "no comment: {line}");
        }
        assert!(item.contains(
            "deadline: 2026-12-31        # 整改时限：日期（YYYY-MM-DD）、N个工作日 或 长期"
        ));
        let office = office_record(
            &OfficeTemplate {
                id: "bgs",
                name: "办公室",
                duties: "职责",
            },
            Path::new("content/offices/bgs.yaml"),
        );
        assert!(
            office
                .starts_with("# yaml-language-server: $schema=../../schemas/office.schema.json\n")
        );
    }

    #[test]
    fn an_office_keeps_the_prefix_its_items_already_use() {
        let ids = [
            "GB1-2026-001",
            "GB1-2026-007",
            "GANBU1-2026-001",
            "GB1-2025-003",
        ];
        assert_eq!(office_prefix(ids.into_iter(), "ganbu1", 2026), "GB1");
        assert_eq!(office_prefix(std::iter::empty(), "ganbu1", 2026), "GANBU1");
    }

    #[test]
    fn next_item_id_continues_the_highest_number_of_the_prefix() {
        let taken = [
            "BGS-2026-001",
            "bgs-2026-007",
            "BGS-2025-040",
            "GB1-2026-099",
            "BGS-2026-x",
        ];
        assert_eq!(next_item_id(&taken, "bgs", 2026), "BGS-2026-008");
        assert_eq!(next_item_id(&taken, "bgs", 2027), "BGS-2027-001");
        assert_eq!(next_item_id(&taken, "ganbu1", 2026), "GANBU1-2026-001");
        assert_eq!(next_item_id(&["X-2026-999"], "x", 2026), "X-2026-1000");
    }

    #[test]
    fn free_office_ids_skip_taken_ones_ignoring_case() {
        assert_eq!(free_office_id(&["Office1", "office2"]), "office3");
        assert_eq!(free_office_id::<&str>(&[]), "office1");
    }

    #[test]
    fn scalars_are_quoted_only_when_yaml_needs_it() {
        assert_eq!(scalar("干部档案查阅手续繁琐"), "干部档案查阅手续繁琐");
        assert_eq!(scalar("“四个一”制度"), "“四个一”制度");
        assert_eq!(scalar("问题: 多跑腿"), "\"问题: 多跑腿\"");
        assert_eq!(scalar("- 列表"), "\"- 列表\"");
        assert_eq!(scalar("2026"), "\"2026\"");
        assert_eq!(scalar("true"), "\"true\"");
        assert_eq!(scalar("说\"明\" #1"), "\"说\\\"明\\\" #1\"");
        assert_eq!(scalar("两行\n文字"), "两行 文字");
    }

    #[test]
    fn front_matter_ids_are_read_from_broken_records_too() {
        assert_eq!(
            front_matter_id("---\n# c\nid: \"A-1\"  # x\nfound: [\n---\n"),
            Some("A-1".to_string())
        );
        assert_eq!(front_matter_id("no front matter\nid: A\n"), None);
    }
}
