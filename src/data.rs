//! Open data (数据下载): the public ledger, the offices and every timeline entry as CSV and
//! JSON, a JSON Schema for each JSON file and a data dictionary, all made from the
//! [`PublicView`] as of its date.
//!
//! The CSV files are what clerks open in Excel or WPS: Chinese headers, a UTF-8 byte-order
//! mark, CRLF line endings and RFC 4180 quoting. The JSON files carry English field names and
//! the derived figures in a `derived` object. Their schemas are generated from the row types
//! below, and the dictionary's JSON rows are read back from those schemas, so the three can
//! never disagree. Every field is marked as recorded (原始记录), computed as of the date
//! (计算得出) or describing the file itself (生成信息); in a schema, by its `x-origin` key.

use std::borrow::Cow;

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};
use rayon::prelude::*;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Serialize;
use serde_json::Value;
use tera::Context;

use crate::derive::Figures;
use crate::model::{Deadline, Status, TimelineEntry};
use crate::publish::OutputFile;
use crate::view::{PublicItem, PublicOffice, PublicView};

/// The `generator` named in every JSON file.
const GENERATOR: &str = "gongkai";

/// The heading whose section fills the ledger's 整改措施 column.
const MEASURES_HEADING: &str = "整改措施";

/// The UTF-8 byte-order mark that makes Excel and WPS read a CSV file as UTF-8.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Every data download of the site, handed to `write` a few files at a time (the ledger's
/// two files, the offices', the timeline's, then the dictionary and schemas), so that a
/// province's downloads are never all held at once. Returns what the data page shows.
pub fn generate<E>(
    view: &PublicView,
    mut write: impl FnMut(Vec<OutputFile>) -> Result<(), E>,
) -> Result<DataPage, E> {
    let as_of = Date::of(view.as_of);
    let mut downloads = Vec::new();
    let mut emit = |files: Vec<Download>| {
        downloads.extend(files.iter().map(DownloadRow::of));
        write(files.into_iter().map(Download::into_file).collect())
    };
    emit(ledger_files(view, &as_of))?;
    emit(office_files(view, &as_of))?;
    emit(timeline_files(view, &as_of))?;
    let dictionary = dictionary();
    let dictionary_csv = csv_bytes(&DICTIONARY_COLUMNS, dictionary.iter().map(dictionary_row));
    emit(vec![
        table(
            "dictionary.csv",
            "数据字典",
            "CSV",
            dictionary.len(),
            dictionary_csv,
        ),
        schema_file::<ItemsFile<'static>>("items", "items.json 的结构说明"),
        schema_file::<OfficesFile<'static>>("offices", "offices.json 的结构说明"),
        schema_file::<TimelineFile<'static>>("timeline", "timeline.json 的结构说明"),
    ])?;
    Ok(DataPage {
        downloads,
        dictionary,
    })
}

/// What the data page shows: the downloads and the data dictionary, made once with the files.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DataPage {
    /// One row per download (name, path, title, format, rows, size_kb).
    downloads: Vec<DownloadRow>,
    /// The data dictionary (file, field, meaning, kind, origin, derived).
    dictionary: Vec<FieldRow>,
}

/// The context of the data page (`data/`), besides the common keys: `downloads` and
/// `dictionary`; both empty when the downloads were not made (a preview of pages only).
pub fn page_context(page: Option<&DataPage>, ctx: &mut Context) {
    const NOT_MADE: &DataPage = &DataPage {
        downloads: Vec::new(),
        dictionary: Vec::new(),
    };
    let page = page.unwrap_or(NOT_MADE);
    ctx.insert("downloads", &page.downloads);
    ctx.insert("dictionary", &page.dictionary);
}

// ---------------------------------------------------------------------------------------
// The downloads
// ---------------------------------------------------------------------------------------

/// One generated download with what the data page says about it.
struct Download {
    /// Path below the site root.
    path: String,
    /// What it holds, in Chinese.
    title: &'static str,
    /// CSV, JSON or JSON Schema.
    format: &'static str,
    /// Data rows (records), when the file is a table.
    rows: Option<usize>,
    /// Its bytes.
    bytes: Vec<u8>,
}

impl Download {
    fn into_file(self) -> OutputFile {
        OutputFile {
            path: self.path,
            bytes: self.bytes,
        }
    }
}

/// `items.csv` and `items.json`, made side by side from the same rows.
fn ledger_files(view: &PublicView, as_of: &Date) -> Vec<Download> {
    let items = ledger(view);
    // Room for every body and title, and more than the other fields take.
    let text: usize = items
        .iter()
        .map(|i| i.body_markdown.len() + i.title.len())
        .sum();
    let files = rayon::join(
        || {
            let rows = items.iter().enumerate().map(ledger_row);
            csv_bytes_within(&ITEM_COLUMNS, rows, text / 2 + items.len() * 1024)
        },
        || {
            let file = ItemsFile::new(as_of.clone(), &items);
            json_bytes_within(&file, text + items.len() * 2048)
        },
    );
    table_pair(
        "items",
        ("整改台账", "整改事项（含派生状态）"),
        items.len(),
        files,
    )
}

/// `offices.csv` and `offices.json`.
fn office_files(view: &PublicView, as_of: &Date) -> Vec<Download> {
    let offices = office_table(view);
    let files = rayon::join(
        || csv_bytes(&OFFICE_COLUMNS, offices.iter().map(office_row)),
        || json_bytes(&OfficesFile::new(as_of.clone(), &offices)),
    );
    let title = "科室及整改情况统计";
    table_pair("offices", (title, title), offices.len(), files)
}

/// `timeline.csv` and `timeline.json`.
fn timeline_files(view: &PublicView, as_of: &Date) -> Vec<Download> {
    let timeline = timeline_table(view);
    let text: usize = timeline.iter().map(|t| t.entry.note.len()).sum();
    let files = rayon::join(
        || {
            let rows = timeline.iter().map(timeline_row);
            csv_bytes_within(&TIMELINE_COLUMNS, rows, text + timeline.len() * 256)
        },
        || {
            let file = TimelineFile::new(as_of.clone(), &timeline);
            json_bytes_within(&file, text + timeline.len() * 384)
        },
    );
    let title = "整改过程记录";
    table_pair("timeline", (title, title), timeline.len(), files)
}

/// A table's two downloads, `data/<name>.csv` and `data/<name>.json`, with their titles.
fn table_pair(
    name: &str,
    (csv_title, json_title): (&'static str, &'static str),
    rows: usize,
    (csv, json): (Vec<u8>, Vec<u8>),
) -> Vec<Download> {
    vec![
        table(&format!("{name}.csv"), csv_title, "CSV", rows, csv),
        table(&format!("{name}.json"), json_title, "JSON", rows, json),
    ]
}

/// A download that is a table of `rows` records, under `data/`.
fn table(
    name: &str,
    title: &'static str,
    format: &'static str,
    rows: usize,
    bytes: Vec<u8>,
) -> Download {
    Download {
        path: format!("data/{name}"),
        title,
        format,
        rows: Some(rows),
        bytes,
    }
}

/// `data/schema/<name>.schema.json`, generated from the file's row types.
fn schema_file<T: JsonSchema>(name: &str, title: &'static str) -> Download {
    Download {
        path: format!("data/schema/{name}.schema.json"),
        title,
        format: "JSON Schema",
        rows: None,
        bytes: json_bytes(&schemars::schema_for!(T)),
    }
}

/// Compact JSON with a final newline (pretty printing doubled the downloads' size at 100,000
/// items). The values are plain structs of strings, numbers, booleans and lists, which always
/// serialize; should one ever fail, the file is left empty rather than stopping the build.
fn json_bytes<T: Serialize>(value: &T) -> Vec<u8> {
    json_bytes_within(value, 0)
}

/// [`json_bytes`] into a buffer of `capacity` bytes made at once. A file of a province's
/// 100,000 items is some 230 MB: grown by doubling, each step held the old and the new buffer
/// at once, and the pages of a generous buffer that are never written cost no memory.
fn json_bytes_within<T: Serialize>(value: &T, capacity: usize) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(capacity);
    if serde_json::to_writer(&mut bytes, value).is_err() {
        bytes.clear();
    }
    bytes.push(b'\n');
    bytes
}

/// A CSV file as Excel writes it: byte-order mark, CRLF, quotes only where needed.
fn csv_bytes<const N: usize>(
    columns: &[Column; N],
    rows: impl Iterator<Item = [String; N]>,
) -> Vec<u8> {
    csv_bytes_within(columns, rows, 0)
}

/// [`csv_bytes`] into a buffer of `capacity` bytes made at once (see [`json_bytes_within`]).
fn csv_bytes_within<const N: usize>(
    columns: &[Column; N],
    rows: impl Iterator<Item = [String; N]>,
    capacity: usize,
) -> Vec<u8> {
    let mut buffer = Vec::with_capacity(capacity.max(BOM.len()));
    buffer.extend_from_slice(BOM);
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(buffer);
    // Writing into memory cannot fail: the only errors are the writer's I/O errors.
    let _ = writer.write_record(columns.iter().map(|c| c.header));
    for row in rows {
        let _ = writer.write_record(&row);
    }
    writer.into_inner().unwrap_or_default()
}

/// A row of the data page's downloads table.
#[derive(Debug, Clone, Serialize)]
struct DownloadRow {
    /// File name shown (`items.csv`, `schema/items.schema.json`).
    name: String,
    /// Path below the site root, for `{{ root }}{{ path }}`.
    path: String,
    /// What it holds.
    title: &'static str,
    /// Format.
    format: &'static str,
    /// Data rows, or "—" for a schema.
    rows: String,
    /// Size in KB with one decimal.
    size_kb: String,
}

impl DownloadRow {
    /// Describes a download for the page, from the bytes actually written.
    fn of(download: &Download) -> DownloadRow {
        DownloadRow {
            name: download
                .path
                .strip_prefix("data/")
                .unwrap_or(&download.path)
                .to_string(),
            path: download.path.clone(),
            title: download.title,
            format: download.format,
            rows: download
                .rows
                .map_or_else(|| "—".to_string(), |n| n.to_string()),
            size_kb: format!("{:.1}", download.bytes.len() as f64 / 1024.0),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Row types: what the JSON files hold, and where their schemas come from
// ---------------------------------------------------------------------------------------

/// A calendar date written `YYYY-MM-DD`.
#[derive(Serialize, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[serde(transparent)]
struct Date(String);

impl Date {
    /// The date in ISO form.
    fn of(date: chrono::NaiveDate) -> Date {
        Date(date.to_string())
    }
}

impl JsonSchema for Date {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "format": "date" })
    }
}

/// One of the three status words, as the public reads them.
#[derive(Serialize, JsonSchema, Clone, Copy)]
#[schemars(inline)]
enum StatusWord {
    // No doc comments on the variants: they would turn the schema's plain `enum` of the
    // three words into a `oneOf` of described constants.
    #[serde(rename = "待整改")]
    Pending,
    #[serde(rename = "整改中")]
    InProgress,
    #[serde(rename = "已办结")]
    Done,
}

impl From<Status> for StatusWord {
    fn from(status: Status) -> StatusWord {
        match status {
            Status::Pending => StatusWord::Pending,
            Status::InProgress => StatusWord::InProgress,
            Status::Done => StatusWord::Done,
        }
    }
}

/// Lets a field be `null` while keeping it in `required`: every field is always written,
/// as `null` when the record leaves it out. (schemars makes a required `Option` non-null.)
fn nullable(schema: &mut Schema) {
    let object = schema.ensure_object();
    if let Some(Value::String(kind)) = object.get("type") {
        let kinds = Value::Array(vec![Value::String(kind.clone()), Value::from("null")]);
        object.insert("type".to_string(), kinds);
    }
    if let Some(Value::Array(values)) = object.get_mut("enum") {
        values.push(Value::Null);
    }
}

/// `items.json`.
#[derive(Serialize, JsonSchema)]
#[schemars(
    title = "整改事项",
    description = "截至数据日期已发现的全部整改事项，按编号排列；每项附截至该日期的办理过程和计算得出的状态。"
)]
struct ItemsFile<'r> {
    /// The as-of date.
    #[schemars(description = "数据截至日期：状态、逾期等均按这一天计算", extend("x-origin" = "generated"))]
    as_of: Date,
    /// Always `gongkai`.
    #[schemars(description = "生成本文件的程序", extend("x-origin" = "generated"))]
    generator: String,
    /// The items, by id.
    #[schemars(description = "整改事项，按编号排列")]
    items: &'r [ItemRecord<'r>],
}

impl<'r> ItemsFile<'r> {
    /// Wraps the items.
    fn new(as_of: Date, items: &'r [ItemRecord<'r>]) -> ItemsFile<'r> {
        ItemsFile {
            as_of,
            generator: GENERATOR.to_string(),
            items,
        }
    }
}

/// One item of `items.json`.
#[derive(Serialize, JsonSchema)]
#[schemars(description = "一项整改事项")]
struct ItemRecord<'r> {
    /// Id.
    #[schemars(description = "事项编号")]
    id: &'r str,
    /// Office id.
    #[schemars(description = "责任科室编号")]
    office: &'r str,
    /// Office name.
    #[schemars(description = "责任科室名称")]
    office_name: &'r str,
    /// Title.
    #[schemars(description = "存在问题（事项标题）")]
    title: &'r str,
    /// Category id.
    #[schemars(description = "问题类别编号")]
    category: &'r str,
    /// Category name.
    #[schemars(description = "问题类别名称（六项整治）")]
    category_name: String,
    /// Source.
    #[schemars(description = "问题来源（自身找、群众提、明察暗访、民主评议、投诉等）")]
    source: &'r str,
    /// Found date.
    #[schemars(description = "发现日期")]
    found: Date,
    /// Deadline in force on the as-of date.
    #[schemars(
        required,
        transform = nullable,
        description = "整改时限：截至数据日期有效的时限，含经批准的延期；长期事项为 null",
        extend("x-origin" = "derived")
    )]
    deadline: Option<Date>,
    /// Deadline as first recorded, as a day.
    #[schemars(
        required,
        transform = nullable,
        description = "原定整改时限（延期前）；“N个工作日”按节假日安排算出的日期；长期事项为 null"
    )]
    original_deadline: Option<Date>,
    /// Deadline as written in the record.
    #[schemars(
        description = "整改时限原文：日期（2026-06-30）、自发现日期起的工作日数（15个工作日）或 长期"
    )]
    deadline_written: String,
    /// 责任领导.
    #[schemars(required, transform = nullable, description = "责任领导；未填写时为 null")]
    leader: Option<&'r str>,
    /// 责任人.
    #[schemars(required, transform = nullable, description = "责任人；未填写时为 null")]
    responsible: Option<&'r str>,
    /// Markdown body.
    #[schemars(description = "事项正文（Markdown）：问题描述、原因分析、整改措施、整改结果")]
    body_markdown: &'r str,
    /// Entries up to the as-of date.
    #[schemars(description = "截至数据日期的办理过程记录，按日期先后排列")]
    timeline: Vec<EntryRecord<'r>>,
    /// Derived state.
    #[schemars(
        description = "截至数据日期计算得出的状态",
        extend("x-origin" = "derived")
    )]
    derived: ItemDerived,
}

/// One timeline entry inside an item of `items.json`.
#[derive(Serialize, JsonSchema)]
#[schemars(description = "一条办理过程记录")]
struct EntryRecord<'r> {
    /// Date.
    #[schemars(description = "记录日期")]
    date: Date,
    /// Status set by the entry.
    #[schemars(
        required,
        transform = nullable,
        description = "本条记录设定的状态；只记进展、不改变状态时为 null"
    )]
    status: Option<StatusWord>,
    /// Note.
    #[schemars(description = "办理情况说明")]
    note: &'r str,
    /// New deadline granted.
    #[schemars(required, transform = nullable, description = "本条记录批准的新整改时限（延期）；无延期时为 null")]
    deadline: Option<Date>,
    /// Evidence links.
    #[schemars(description = "佐证材料（网址或文件名）")]
    evidence: &'r [String],
}

impl<'r> EntryRecord<'r> {
    /// The entry as published.
    fn of(entry: &'r TimelineEntry) -> EntryRecord<'r> {
        EntryRecord {
            date: Date::of(entry.date),
            status: entry.status.map(StatusWord::from),
            note: &entry.note,
            deadline: entry.deadline.map(Date::of),
            evidence: &entry.evidence,
        }
    }
}

/// The derived state of an item in `items.json`.
#[derive(Serialize, JsonSchema)]
#[schemars(description = "截至数据日期计算得出的状态")]
struct ItemDerived {
    /// Status.
    #[schemars(
        description = "完成情况：截至数据日期最后一条设定状态的记录所定的状态，此前为待整改"
    )]
    status: StatusWord,
    /// Deadline in force.
    #[schemars(
        required,
        transform = nullable,
        description = "截至数据日期有效的整改时限（最后一次延期，否则为原定时限）；长期事项为 null"
    )]
    deadline_in_force: Option<Date>,
    /// Overdue.
    #[schemars(
        description = "是否逾期：整改时限已过且未办结（时限当天不算逾期；长期事项从不逾期）"
    )]
    overdue: bool,
    /// Days overdue.
    #[schemars(
        description = "逾期天数，单位见 day_unit（site.yaml 的 deadlines.count：自然日或工作日）；未逾期为 0"
    )]
    days_overdue: i64,
    /// Days left.
    #[schemars(
        required,
        transform = nullable,
        description = "距整改时限的剩余天数（单位见 day_unit，时限当天为 0）；已办结、已逾期或长期事项为 null"
    )]
    days_left: Option<i64>,
    /// The unit of the day counts.
    #[schemars(description = "days_overdue 和 days_left 的单位：天（自然日）或 个工作日")]
    day_unit: &'static str,
    /// Last update.
    #[schemars(
        description = "最近更新日期：截至数据日期最后一条办理过程记录的日期，没有记录时为发现日期"
    )]
    last_update: Date,
    /// Stale.
    #[schemars(
        description = "是否长期未更新：未办结且超过 site.yaml 的 deadlines.stale_after 天（自然日）没有新的办理过程记录"
    )]
    stale: bool,
    /// Completion date.
    #[schemars(required, transform = nullable, description = "办结日期：第一条已办结记录的日期；尚未办结为 null")]
    completed: Option<Date>,
    /// Completed late.
    #[schemars(description = "是否逾期办结：办结日期晚于当天有效的整改时限")]
    completed_late: bool,
}

/// `offices.json`.
#[derive(Serialize, JsonSchema)]
#[schemars(
    title = "科室",
    description = "截至数据日期已设立（或有已公开事项）的科室，按编号排列，附整改情况统计。"
)]
struct OfficesFile<'r> {
    /// The as-of date.
    #[schemars(description = "数据截至日期：统计数字均按这一天计算", extend("x-origin" = "generated"))]
    as_of: Date,
    /// Always `gongkai`.
    #[schemars(description = "生成本文件的程序", extend("x-origin" = "generated"))]
    generator: String,
    /// The offices, by id.
    #[schemars(description = "科室，按编号排列")]
    offices: &'r [OfficeRecord],
}

impl<'r> OfficesFile<'r> {
    /// Wraps the offices.
    fn new(as_of: Date, offices: &'r [OfficeRecord]) -> OfficesFile<'r> {
        OfficesFile {
            as_of,
            generator: GENERATOR.to_string(),
            offices,
        }
    }
}

/// One office of `offices.json`.
#[derive(Serialize, JsonSchema)]
#[schemars(description = "一个科室")]
struct OfficeRecord {
    /// Id.
    #[schemars(description = "科室编号")]
    id: String,
    /// Name.
    #[schemars(description = "科室名称")]
    name: String,
    /// Parent office id.
    #[schemars(required, transform = nullable, description = "上级单位编号；无则为 null")]
    parent: Option<String>,
    /// 一把手.
    #[schemars(description = "一把手（第一责任人）")]
    chief: String,
    /// 分管领导.
    #[schemars(description = "分管领导（直接责任人）")]
    deputy: String,
    /// Duties.
    #[schemars(description = "职责")]
    duties: String,
    /// Phone.
    #[schemars(description = "联系电话")]
    phone: String,
    /// Established.
    #[schemars(required, transform = nullable, description = "设立日期；未记载为 null")]
    established: Option<Date>,
    /// Dissolved, if by the as-of date.
    #[schemars(required, transform = nullable, description = "撤销或合并日期（截至数据日期）；仍存续为 null")]
    dissolved: Option<Date>,
    /// Derived figures.
    #[schemars(
        description = "截至数据日期计算得出的整改情况统计",
        extend("x-origin" = "derived")
    )]
    derived: OfficeDerived,
}

/// The derived figures of an office in `offices.json`.
#[derive(Serialize, JsonSchema)]
#[schemars(description = "截至数据日期计算得出的整改情况统计")]
struct OfficeDerived {
    /// Whether it still exists.
    #[schemars(description = "截至数据日期是否仍存续")]
    exists: bool,
    /// Items.
    #[schemars(description = "整改事项数（截至数据日期已发现）")]
    items: usize,
    /// 待整改.
    #[schemars(description = "待整改事项数")]
    pending: usize,
    /// 整改中.
    #[schemars(description = "整改中事项数")]
    in_progress: usize,
    /// 已办结.
    #[schemars(description = "已办结事项数")]
    done: usize,
    /// Overdue.
    #[schemars(description = "逾期未办结事项数")]
    overdue: usize,
    /// Completion rate.
    #[schemars(
        required,
        transform = nullable,
        description = "办结率（%）：已办结事项数 ÷ 事项数，保留一位小数；无事项为 null"
    )]
    completion_rate: Option<f64>,
}

/// `timeline.json`.
#[derive(Serialize, JsonSchema)]
#[schemars(
    title = "整改过程记录",
    description = "截至数据日期的全部办理过程记录，按事项编号、再按记录先后排列。"
)]
struct TimelineFile<'r> {
    /// The as-of date.
    #[schemars(description = "数据截至日期：此后的记录不包括在内", extend("x-origin" = "generated"))]
    as_of: Date,
    /// Always `gongkai`.
    #[schemars(description = "生成本文件的程序", extend("x-origin" = "generated"))]
    generator: String,
    /// The entries.
    #[schemars(description = "办理过程记录")]
    entries: &'r [TimelineRecord<'r>],
}

impl<'r> TimelineFile<'r> {
    /// Wraps the entries.
    fn new(as_of: Date, entries: &'r [TimelineRecord<'r>]) -> TimelineFile<'r> {
        TimelineFile {
            as_of,
            generator: GENERATOR.to_string(),
            entries,
        }
    }
}

/// One row of `timeline.json`.
#[derive(Serialize, JsonSchema)]
#[schemars(description = "一条办理过程记录")]
struct TimelineRecord<'r> {
    /// Item id.
    #[schemars(description = "事项编号")]
    item: &'r str,
    /// The entry.
    #[serde(flatten)]
    entry: EntryRecord<'r>,
}

// ---------------------------------------------------------------------------------------
// Building the rows from the view
// ---------------------------------------------------------------------------------------

/// Published items sorted by id.
fn items_by_id<'v, 'r>(view: &'v PublicView<'r>) -> Vec<&'v PublicItem<'r>> {
    let mut items: Vec<_> = view.items.iter().collect();
    items.sort_by(|a, b| a.item.id.value.cmp(&b.item.id.value));
    items
}

/// The ledger: one record per published item, by id.
fn ledger<'r>(view: &PublicView<'r>) -> Vec<ItemRecord<'r>> {
    items_by_id(view)
        .into_par_iter()
        .map(|i| item_record(view, i))
        .collect()
}

/// An item as `items.json` gives it.
fn item_record<'r>(view: &PublicView<'r>, public: &PublicItem<'r>) -> ItemRecord<'r> {
    let item = public.item;
    let state = &public.state;
    ItemRecord {
        id: &item.id.value,
        office: &item.office.value,
        office_name: &view.office_of(public).office.name,
        title: &item.title,
        category: &item.category.value,
        category_name: public.category_name.to_string(),
        source: &item.source.value,
        found: Date::of(item.found),
        deadline: state.deadline.map(Date::of),
        original_deadline: item.deadline.value.due().map(Date::of),
        deadline_written: item.deadline.value.written(),
        leader: item.leader.as_deref(),
        responsible: item.responsible.as_deref(),
        body_markdown: item.body_text(),
        timeline: public.entries(view.as_of).map(EntryRecord::of).collect(),
        derived: ItemDerived {
            status: state.status.into(),
            deadline_in_force: state.deadline.map(Date::of),
            overdue: state.overdue,
            days_overdue: state.days_overdue,
            days_left: state.days_left,
            day_unit: view.records.site.deadlines.count.unit(),
            last_update: Date::of(state.last_update),
            stale: state.stale,
            completed: state.completed.map(Date::of),
            completed_late: state.completed_late,
        },
    }
}

/// Published offices sorted by id, with their figures.
fn office_table(view: &PublicView) -> Vec<OfficeRecord> {
    let mut offices: Vec<&PublicOffice> = view.offices.iter().collect();
    offices.sort_by(|a, b| a.office.id.value.cmp(&b.office.id.value));
    offices
        .into_iter()
        .map(|o| office_record(view, o))
        .collect()
}

/// An office as `offices.json` gives it. A dissolution dated after the as-of date is not
/// yet public, as on the office's page.
fn office_record(view: &PublicView, public: &PublicOffice) -> OfficeRecord {
    let office = public.office;
    let figures = &public.figures;
    OfficeRecord {
        id: office.id.value.clone(),
        name: office.name.clone(),
        parent: office.parent.as_ref().map(|p| p.value.clone()),
        chief: office.chief.clone(),
        deputy: office.deputy.clone(),
        duties: office.duties.clone(),
        phone: office.phone.clone(),
        established: office.established.map(Date::of),
        dissolved: office.dissolved.filter(|d| *d <= view.as_of).map(Date::of),
        derived: OfficeDerived {
            exists: public.exists,
            items: figures.items,
            pending: figures.pending,
            in_progress: figures.in_progress,
            done: figures.done,
            overdue: figures.overdue,
            completion_rate: completion_rate(figures),
        },
    }
}

/// 已办结 ÷ items as a percentage rounded to one decimal; `None` without items.
fn completion_rate(figures: &Figures) -> Option<f64> {
    (figures.items > 0)
        .then(|| (figures.done as f64 * 1000.0 / figures.items as f64).round() / 10.0)
}

/// Every timeline entry up to the as-of date, by item id and then in record order.
fn timeline_table<'r>(view: &PublicView<'r>) -> Vec<TimelineRecord<'r>> {
    items_by_id(view)
        .into_iter()
        .flat_map(|i| {
            i.entries(view.as_of).map(|e| TimelineRecord {
                item: &i.item.id.value,
                entry: EntryRecord::of(e),
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// CSV columns: headers and dictionary entries in one place
// ---------------------------------------------------------------------------------------

/// Where a field's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    /// Copied from the records.
    Recorded,
    /// Computed as of the as-of date.
    Derived,
    /// Describes the file (row number, as-of date, generator).
    Generated,
}

impl Origin {
    /// The word the dictionary uses.
    fn word(self) -> &'static str {
        match self {
            Origin::Recorded => "原始记录",
            Origin::Derived => "计算得出",
            Origin::Generated => "生成信息",
        }
    }

    /// Reads a schema's `x-origin` value; a field without one is recorded.
    fn from_schema(value: Option<&Value>) -> Option<Origin> {
        match value.and_then(Value::as_str)? {
            "derived" => Some(Origin::Derived),
            "generated" => Some(Origin::Generated),
            _ => Some(Origin::Recorded),
        }
    }
}

/// A CSV column: its header and what the dictionary says about it.
struct Column {
    /// Header.
    header: &'static str,
    /// Meaning.
    meaning: &'static str,
    /// Type, in words.
    kind: &'static str,
    /// Origin.
    origin: Origin,
}

/// Shorthand for the column tables.
const fn col(
    header: &'static str,
    meaning: &'static str,
    kind: &'static str,
    origin: Origin,
) -> Column {
    Column {
        header,
        meaning,
        kind,
        origin,
    }
}

const TEXT: &str = "文本";
const DATE: &str = "日期（YYYY-MM-DD）";
const OPTIONAL_DATE: &str = "日期（YYYY-MM-DD），可为空";
const DATE_OR_ONGOING: &str = "日期（YYYY-MM-DD）或“长期”";
const INTEGER: &str = "整数";
const YES_NO: &str = "是/否";

/// The columns of `items.csv`, the 整改台账 as clerks keep it.
const ITEM_COLUMNS: [Column; 16] = [
    col("序号", "行号，从 1 开始", INTEGER, Origin::Generated),
    col("编号", "事项编号", TEXT, Origin::Recorded),
    col("存在问题", "存在问题（事项标题）", TEXT, Origin::Recorded),
    col("问题来源", "问题来源", TEXT, Origin::Recorded),
    col(
        "问题类别",
        "问题类别名称（六项整治）",
        TEXT,
        Origin::Recorded,
    ),
    col(
        "整改措施",
        "正文“整改措施”一节的文字，列表每项一行；无此节为空",
        TEXT,
        Origin::Recorded,
    ),
    col("责任领导", "责任领导", TEXT, Origin::Recorded),
    col("责任人", "责任人", TEXT, Origin::Recorded),
    col("责任科室", "责任科室名称", TEXT, Origin::Recorded),
    col("发现日期", "发现日期", DATE, Origin::Recorded),
    col(
        "整改时限",
        "截至数据日期有效的整改时限，含经批准的延期；“N个工作日”为按节假日安排算出的日期；长期事项为“长期”",
        DATE_OR_ONGOING,
        Origin::Derived,
    ),
    col(
        "完成情况",
        "截至数据日期的状态（待整改/整改中/已办结），逾期时注明逾期天数",
        TEXT,
        Origin::Derived,
    ),
    col(
        "完成时间",
        "第一条已办结记录的日期；尚未办结为空",
        OPTIONAL_DATE,
        Origin::Derived,
    ),
    col(
        "是否逾期",
        "整改时限已过且未办结（时限当天不算逾期）",
        YES_NO,
        Origin::Derived,
    ),
    col(
        "逾期天数",
        "超过整改时限的天数，按站点设置计自然日或工作日（见“如何阅读这些数字”页）；未逾期为 0",
        INTEGER,
        Origin::Derived,
    ),
    col(
        "是否逾期办结",
        "办结日期晚于当天有效的整改时限",
        YES_NO,
        Origin::Derived,
    ),
];

/// The columns of `offices.csv`.
const OFFICE_COLUMNS: [Column; 16] = [
    col("编号", "科室编号", TEXT, Origin::Recorded),
    col("名称", "科室名称", TEXT, Origin::Recorded),
    col("上级单位", "上级单位编号；无则为空", TEXT, Origin::Recorded),
    col("一把手", "一把手（第一责任人）", TEXT, Origin::Recorded),
    col("分管领导", "分管领导（直接责任人）", TEXT, Origin::Recorded),
    col("职责", "职责", TEXT, Origin::Recorded),
    col("联系电话", "联系电话", TEXT, Origin::Recorded),
    col(
        "设立日期",
        "设立日期；未记载为空",
        OPTIONAL_DATE,
        Origin::Recorded,
    ),
    col(
        "撤销日期",
        "撤销或合并日期（截至数据日期）；仍存续为空",
        OPTIONAL_DATE,
        Origin::Recorded,
    ),
    col(
        "是否存续",
        "截至数据日期是否仍存续",
        YES_NO,
        Origin::Derived,
    ),
    col(
        "事项数",
        "整改事项数（截至数据日期已发现）",
        INTEGER,
        Origin::Derived,
    ),
    col("待整改", "待整改事项数", INTEGER, Origin::Derived),
    col("整改中", "整改中事项数", INTEGER, Origin::Derived),
    col("已办结", "已办结事项数", INTEGER, Origin::Derived),
    col("逾期", "逾期未办结事项数", INTEGER, Origin::Derived),
    col(
        "办结率",
        "已办结事项数 ÷ 事项数（%），保留一位小数；无事项为空",
        "数值（一位小数），可为空",
        Origin::Derived,
    ),
];

/// The columns of `timeline.csv`.
const TIMELINE_COLUMNS: [Column; 6] = [
    col("事项编号", "事项编号", TEXT, Origin::Recorded),
    col("日期", "记录日期", DATE, Origin::Recorded),
    col(
        "状态",
        "本条记录设定的状态；只记进展时为空",
        TEXT,
        Origin::Recorded,
    ),
    col("说明", "办理情况说明", TEXT, Origin::Recorded),
    col(
        "新整改时限",
        "本条记录批准的新整改时限（延期）；无延期为空",
        OPTIONAL_DATE,
        Origin::Recorded,
    ),
    col(
        "佐证材料",
        "佐证材料（网址或文件名），多个以空格分隔",
        TEXT,
        Origin::Recorded,
    ),
];

/// The columns of `dictionary.csv` (not listed in the dictionary itself).
const DICTIONARY_COLUMNS: [Column; 5] = [
    col("文件", "", TEXT, Origin::Generated),
    col("字段", "", TEXT, Origin::Generated),
    col("含义", "", TEXT, Origin::Generated),
    col("类型", "", TEXT, Origin::Generated),
    col("性质", "", TEXT, Origin::Generated),
];

/// 是 or 否.
fn yes_no(flag: bool) -> String {
    if flag { "是" } else { "否" }.to_string()
}

/// A date or an empty cell.
fn cell(date: &Option<Date>) -> String {
    date.as_ref().map(|d| d.0.clone()).unwrap_or_default()
}

/// The status word or an empty cell.
fn status_cell(status: Option<StatusWord>) -> String {
    status
        .map(|s| Status::from(s).word().to_string())
        .unwrap_or_default()
}

impl From<StatusWord> for Status {
    fn from(word: StatusWord) -> Status {
        match word {
            StatusWord::Pending => Status::Pending,
            StatusWord::InProgress => Status::InProgress,
            StatusWord::Done => Status::Done,
        }
    }
}

/// 完成情况: the status word, and how many days overdue.
fn progress_cell(derived: &ItemDerived) -> String {
    let word = Status::from(derived.status).word();
    if derived.overdue {
        format!("{word}（逾期{}{}）", derived.days_overdue, derived.day_unit)
    } else {
        word.to_string()
    }
}

/// One ledger row; `index` is 0-based.
fn ledger_row((index, item): (usize, &ItemRecord)) -> [String; 16] {
    let d = &item.derived;
    [
        (index + 1).to_string(),
        item.id.to_string(),
        item.title.to_string(),
        item.source.to_string(),
        item.category_name.clone(),
        section_text(item.body_markdown, MEASURES_HEADING),
        item.leader.unwrap_or_default().to_string(),
        item.responsible.unwrap_or_default().to_string(),
        item.office_name.to_string(),
        item.found.0.clone(),
        d.deadline_in_force
            .as_ref()
            .map_or_else(|| Deadline::ONGOING.to_string(), |day| day.0.clone()),
        progress_cell(d),
        cell(&d.completed),
        yes_no(d.overdue),
        d.days_overdue.to_string(),
        yes_no(d.completed_late),
    ]
}

/// One row of `offices.csv`.
fn office_row(office: &OfficeRecord) -> [String; 16] {
    let d = &office.derived;
    [
        office.id.clone(),
        office.name.clone(),
        office.parent.clone().unwrap_or_default(),
        office.chief.clone(),
        office.deputy.clone(),
        office.duties.clone(),
        office.phone.clone(),
        cell(&office.established),
        cell(&office.dissolved),
        yes_no(d.exists),
        d.items.to_string(),
        d.pending.to_string(),
        d.in_progress.to_string(),
        d.done.to_string(),
        d.overdue.to_string(),
        d.completion_rate
            .map(|r| format!("{r:.1}"))
            .unwrap_or_default(),
    ]
}

/// One row of `timeline.csv`.
fn timeline_row(record: &TimelineRecord) -> [String; 6] {
    let e = &record.entry;
    [
        record.item.to_string(),
        e.date.0.clone(),
        status_cell(e.status),
        e.note.to_string(),
        cell(&e.deadline),
        e.evidence.join(" "),
    ]
}

// ---------------------------------------------------------------------------------------
// Plain text of a Markdown section
// ---------------------------------------------------------------------------------------

/// The plain text under the first heading containing `word`, up to the next heading of the
/// same or a higher level: paragraphs and list items one per line, ordered items numbered,
/// markup dropped. Empty when no heading contains `word`.
fn section_text(markdown: &str, word: &str) -> String {
    let prepared = crate::markdown::Prepared::new(markdown);
    let mut heading: Option<(HeadingLevel, String)> = None;
    let mut section: Option<HeadingLevel> = None;
    let mut text = PlainText::default();
    for event in prepared.events() {
        match (&event, section) {
            (Event::Start(Tag::Heading { level, .. }), Some(open)) if *level <= open => break,
            (Event::Start(Tag::Heading { level, .. }), None) => {
                heading = Some((*level, String::new()));
            }
            (Event::End(TagEnd::Heading(_)), None) => {
                section = heading
                    .take()
                    .filter(|(_, title)| title.contains(word))
                    .map(|(level, _)| level);
            }
            (Event::Text(t) | Event::Code(t), None) => {
                if let Some((_, title)) = &mut heading {
                    title.push_str(t);
                }
            }
            (_, Some(_)) => text.push(event),
            _ => {}
        }
    }
    text.finish()
}

/// Collects Markdown events as lines of plain text.
#[derive(Default)]
struct PlainText {
    /// Text so far.
    out: String,
    /// For each open list, the next item's number (`None` for bullets).
    lists: Vec<Option<u64>>,
}

impl PlainText {
    /// Adds one event (parsed with the Chinese emphasis fix, whose markers are removed).
    fn push(&mut self, event: Event) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                self.out.push_str(&crate::markdown::unmark(&t))
            }
            Event::SoftBreak | Event::HardBreak | Event::Rule => self.out.push('\n'),
            Event::Start(Tag::List(first)) => {
                self.out.push('\n');
                self.lists.push(first);
            }
            Event::End(TagEnd::List(_)) => {
                self.lists.pop();
            }
            Event::Start(Tag::Item) => self.start_item(),
            Event::End(TagEnd::TableCell) => self.out.push('\t'),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::Heading(_)
                | TagEnd::TableHead
                | TagEnd::TableRow
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_),
            ) => self.out.push('\n'),
            _ => {}
        }
    }

    /// Starts a list item on its own line, numbered in an ordered list.
    fn start_item(&mut self) {
        self.out.push('\n');
        if let Some(Some(number)) = self.lists.last_mut() {
            self.out.push_str(&format!("{number}. "));
            *number += 1;
        }
    }

    /// The lines, trimmed, without blank ones.
    fn finish(self) -> String {
        self.out
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

// ---------------------------------------------------------------------------------------
// The data dictionary
// ---------------------------------------------------------------------------------------

/// One row of the data dictionary.
#[derive(Debug, Clone, Serialize)]
struct FieldRow {
    /// File name (`items.csv`).
    file: &'static str,
    /// Column header or JSON path (`items[].derived.status`).
    field: String,
    /// Meaning.
    meaning: String,
    /// Type, in words.
    kind: String,
    /// 原始记录, 计算得出 or 生成信息.
    origin: &'static str,
    /// Whether it is computed as of the date (shown as 派生 on the page).
    derived: bool,
}

/// Every field of every download: CSV columns from their tables, JSON fields read back
/// from the generated schemas.
fn dictionary() -> Vec<FieldRow> {
    let mut rows = Vec::new();
    rows.extend(column_rows("items.csv", &ITEM_COLUMNS));
    schema_rows(
        "items.json",
        &schemars::schema_for!(ItemsFile<'static>),
        &mut rows,
    );
    rows.extend(column_rows("offices.csv", &OFFICE_COLUMNS));
    schema_rows(
        "offices.json",
        &schemars::schema_for!(OfficesFile<'static>),
        &mut rows,
    );
    rows.extend(column_rows("timeline.csv", &TIMELINE_COLUMNS));
    schema_rows(
        "timeline.json",
        &schemars::schema_for!(TimelineFile<'static>),
        &mut rows,
    );
    rows
}

/// The dictionary rows of a CSV file.
fn column_rows<'c>(
    file: &'static str,
    columns: &'c [Column],
) -> impl Iterator<Item = FieldRow> + 'c {
    columns.iter().map(move |c| FieldRow {
        file,
        field: c.header.to_string(),
        meaning: c.meaning.to_string(),
        kind: c.kind.to_string(),
        origin: c.origin.word(),
        derived: c.origin == Origin::Derived,
    })
}

/// One row of `dictionary.csv`.
fn dictionary_row(row: &FieldRow) -> [String; 5] {
    [
        row.file.to_string(),
        row.field.clone(),
        row.meaning.clone(),
        row.kind.clone(),
        row.origin.to_string(),
    ]
}

/// The dictionary rows of a JSON file, walking its schema's objects in field order.
fn schema_rows(file: &'static str, schema: &Schema, rows: &mut Vec<FieldRow>) {
    let root = schema.as_value();
    object_rows(file, root, root, "", Origin::Recorded, rows);
}

/// Follows a local `$ref` (`#/$defs/Name`) to its definition.
fn resolve<'s>(root: &'s Value, schema: &'s Value) -> &'s Value {
    schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/"))
        .and_then(|pointer| root.pointer(&format!("/{pointer}")))
        .unwrap_or(schema)
}

/// Rows for an object's properties (in `required` order, which is field order), then for
/// the properties of nested objects and of arrays of objects.
fn object_rows(
    file: &'static str,
    root: &Value,
    object: &Value,
    prefix: &str,
    inherited: Origin,
    rows: &mut Vec<FieldRow>,
) {
    let object = resolve(root, object);
    let Some(properties) = object.get("properties").and_then(Value::as_object) else {
        return;
    };
    let order = property_order(object, properties);
    for name in order {
        let Some(property) = properties.get(name) else {
            continue;
        };
        let origin = Origin::from_schema(property.get("x-origin")).unwrap_or(inherited);
        let path = format!("{prefix}{name}");
        let resolved = resolve(root, property);
        rows.push(FieldRow {
            file,
            field: path.clone(),
            meaning: description(property, resolved),
            kind: kind_words(resolved),
            origin: origin.word(),
            derived: origin == Origin::Derived,
        });
        if resolved.get("properties").is_some() {
            object_rows(file, root, resolved, &format!("{path}."), origin, rows);
        } else if let Some(items) = resolved.get("items") {
            object_rows(file, root, items, &format!("{path}[]."), origin, rows);
        }
    }
}

/// Property names in field order: `required` first (every field is required, nullable or
/// not), then any others by name.
fn property_order<'s>(
    object: &'s Value,
    properties: &'s serde_json::Map<String, Value>,
) -> Vec<&'s str> {
    let mut order: Vec<&str> = object
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    for name in properties.keys() {
        if !order.contains(&name.as_str()) {
            order.push(name);
        }
    }
    order
}

/// A property's description, from the field or else from its type.
fn description(property: &Value, resolved: &Value) -> String {
    property
        .get("description")
        .or_else(|| resolved.get("description"))
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string()
}

/// A schema's type in words: 文本, 整数, 日期（YYYY-MM-DD）, 文本：待整改/整改中/已办结, …
fn kind_words(schema: &Value) -> String {
    let types: Vec<&str> = match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let nullable = types.contains(&"null");
    let main = types.iter().find(|t| **t != "null").copied().unwrap_or("");
    let mut words = match main {
        "string" if schema.get("format").and_then(Value::as_str) == Some("date") => {
            DATE.to_string()
        }
        "string" => match enum_words(schema) {
            Some(words) => format!("文本：{words}"),
            None => TEXT.to_string(),
        },
        "integer" => INTEGER.to_string(),
        "number" => "数值".to_string(),
        "boolean" => "布尔值（true/false）".to_string(),
        "array" => "数组".to_string(),
        "object" => "对象".to_string(),
        other => other.to_string(),
    };
    if nullable {
        words.push_str("，可为 null");
    }
    words
}

/// The allowed words of an enumerated string, joined by `/`.
fn enum_words(schema: &Value) -> Option<String> {
    let values = schema.get("enum")?.as_array()?;
    let words: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
    Some(words.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_measures_section_is_plain_lines() {
        let body = "## 问题描述\n\n问题。\n\n## 三、整改措施\n\n- 合并**表格**；\n- 明确`审批`权限。\n\n\
                    ### 细则\n\n1. 第一\n2. 第二\n\n## 整改结果\n\n完成。\n";
        assert_eq!(
            section_text(body, MEASURES_HEADING),
            "合并表格；\n明确审批权限。\n细则\n1. 第一\n2. 第二"
        );
    }

    #[test]
    fn emphasis_refused_in_chinese_leaves_no_asterisks() {
        let body = "## 整改措施\n\n**整改完成。**群众满意，\\*号保留\n";
        assert_eq!(
            section_text(body, MEASURES_HEADING),
            "整改完成。群众满意，*号保留"
        );
    }

    #[test]
    fn no_measures_heading_gives_an_empty_cell() {
        assert_eq!(
            section_text("## 问题描述\n\n整改措施见附件。\n", MEASURES_HEADING),
            ""
        );
        assert_eq!(section_text("", MEASURES_HEADING), "");
    }

    #[test]
    fn the_section_ends_at_a_higher_heading() {
        let body = "### 整改措施\n\n甲\n\n## 其他\n\n乙\n";
        assert_eq!(section_text(body, MEASURES_HEADING), "甲");
    }

    #[test]
    fn rate_rounds_to_one_decimal() {
        let f = |done, items| Figures {
            items,
            done,
            ..Figures::default()
        };
        assert_eq!(completion_rate(&f(2, 3)), Some(66.7));
        assert_eq!(completion_rate(&f(0, 0)), None);
    }
}
