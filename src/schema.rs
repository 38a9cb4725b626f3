//! JSON Schemas of the record files — `site.yaml`, `offices/<id>.yaml` and the front matter
//! of `items/**/<name>.md` (with its timeline entries) — for editors: VS Code with the YAML
//! extension reads a `# yaml-language-server: $schema=…` line and then completes field names,
//! shows the Chinese descriptions and underlines unknown fields, malformed dates and wrong
//! status words while the clerk types.
//!
//! The schemas are generated from the types below, which mirror what [`crate::load`] reads:
//! a unit test keeps their field names equal to the reader's field lists, so the two cannot
//! drift apart. The reader stays the authority (it also checks cross-references, real
//! calendar dates and date order); the schemas are the editor's early warning. They use JSON
//! Schema draft-07, the version the YAML extension fully supports.

use std::borrow::Cow;

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;

/// One schema file: what it describes and its JSON text.
#[derive(Debug, Clone)]
pub struct SchemaFile {
    /// The record type: `site`, `office` or `item`.
    pub record: &'static str,
    /// The file name, `<record>.schema.json`.
    pub file_name: String,
    /// Pretty-printed JSON, ending in a newline.
    pub json: String,
}

/// The schema of every record type, in the order site, office, item.
pub fn all() -> Vec<SchemaFile> {
    vec![
        file("site", generate::<SiteRecord>()),
        file("office", generate::<OfficeRecord>()),
        file("item", generate::<ItemRecord>()),
    ]
}

/// The schema file name of a record type (`item` → `item.schema.json`).
pub fn file_name(record: &str) -> String {
    format!("{record}.schema.json")
}

fn file(record: &'static str, schema: Schema) -> SchemaFile {
    let mut json = serde_json::to_string_pretty(&schema).unwrap_or_default();
    json.push('\n');
    SchemaFile {
        record,
        file_name: file_name(record),
        json,
    }
}

fn generate<T: JsonSchema>() -> Schema {
    SchemaSettings::draft07()
        .for_deserialize()
        .into_generator()
        .into_root_schema_for::<T>()
}

// ---------------------------------------------------------------------------------------
// Value types
// ---------------------------------------------------------------------------------------

/// A calendar date written `YYYY-MM-DD`.
#[derive(Deserialize, Debug, Clone)]
#[serde(transparent)]
struct Date(#[allow(dead_code)] String);

impl JsonSchema for Date {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "format": "date",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
        })
    }
}

/// An id of an office or item: 1–64 ASCII letters, digits, `-` or `_`.
#[derive(Deserialize, Debug, Clone)]
#[serde(transparent)]
struct Id(#[allow(dead_code)] String);

impl JsonSchema for Id {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "Id".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": "^[A-Za-z0-9_-]{1,64}$",
        })
    }
}

/// Required text: the reader refuses an empty value.
#[derive(Deserialize, Debug, Clone)]
#[serde(transparent)]
struct Text(#[allow(dead_code)] String);

impl JsonSchema for Text {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "Text".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "minLength": 1 })
    }
}

/// The three status words.
#[derive(Deserialize, JsonSchema, Debug, Clone, Copy)]
#[schemars(inline)]
enum StatusWord {
    // No doc comments on the variants: they would turn the plain `enum` of the three words
    // into a `oneOf` of described constants, which editors complete less well.
    #[serde(rename = "待整改")]
    Pending,
    #[serde(rename = "整改中")]
    InProgress,
    #[serde(rename = "已办结")]
    Done,
}

// ---------------------------------------------------------------------------------------
// Record types: one field per key that `load` reads, descriptions in Chinese for clerks
// (the fields exist for their schemas and are never read, hence `allow(dead_code)`)
// ---------------------------------------------------------------------------------------

/// `content/site.yaml`.
#[derive(Deserialize, JsonSchema, Debug)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "站点与活动配置（content/site.yaml）",
    description = "站点名称、发布单位，以及活动的阶段、整治类别、问题来源和九项制度。这些都是配置，各县按实际填写。"
)]
#[allow(dead_code)]
struct SiteRecord {
    #[schemars(description = "站点标题，显示在每一页的顶部")]
    title: Text,
    #[schemars(description = "发布单位，如 中共某某县委组织部")]
    unit: Text,
    #[schemars(description = "活动名称，如 机关效能建设年活动")]
    campaign: Text,
    #[schemars(description = "活动年度，如 2026")]
    year: i64,
    #[schemars(description = "网站发布后的完整网址（可不填），如 https://www.example.gov.cn/xny/")]
    base_url: Option<String>,
    #[schemars(description = "主题名称（可不填，默认 default，即程序内置主题）")]
    theme: Option<String>,
    #[schemars(description = "计算“今天”所用的时区（可不填，默认 Asia/Shanghai）")]
    timezone: Option<String>,
    #[schemars(description = "活动的各个阶段及起止日期，阶段之间可以重叠")]
    phases: Option<Vec<PhaseRecord>>,
    #[schemars(description = "“六项整治”的整治类别（必填）；整改事项的 category 填这里的 id")]
    categories: Vec<CategoryRecord>,
    #[schemars(
        description = "整改事项可以填写的问题来源（可不填，默认 自身找、群众提、明察暗访、民主评议、投诉）"
    )]
    sources: Option<Vec<String>>,
    #[schemars(description = "九项工作制度")]
    systems: Option<Vec<WorkSystemRecord>>,
    #[schemars(description = "民主评议的计分公式、排名门槛和代表轮换比例（可不填）")]
    evaluation: Option<serde_json::Value>,
    #[schemars(description = "绩效考评的考评项目、权重和等次（可不填）")]
    performance: Option<serde_json::Value>,
    #[schemars(
        description = "先审后发：true 时每条记录填了 approved_by 和 approved_on 才发布（可不填，默认 false）"
    )]
    review_required: Option<bool>,
    #[schemars(
        description = "链接形式：server（网站服务器）或 file（从硬盘、U盘直接打开）（可不填，默认 server）"
    )]
    links: Option<LinksWord>,
    #[schemars(description = "页脚是否显示内容的版本号（git 提交）（可不填，默认 false）")]
    show_commit: Option<bool>,
    #[schemars(
        description = "限时办结的计算方法：逾期天数和剩余天数按自然日还是工作日计，多少天没有新记录算“长期未更新”，剩几天算“即将到期”（可不填，各项默认见说明）"
    )]
    deadlines: Option<DeadlinesRecord>,
    #[schemars(
        description = "公开目录：本站公开的各类信息及其依据、时限、主体、渠道和对象（可不填）"
    )]
    catalogue: Option<Vec<CatalogueEntryRecord>>,
    #[schemars(
        description = "个人信息保护（《政府信息公开条例》第十五条）：身份证号、手机号码、银行卡号、个人电子邮箱的处理方式，豁免名单和屏蔽词（可不填，默认发现即报错）"
    )]
    privacy: Option<PrivacyRecord>,
    #[schemars(
        description = "导入Excel整改台账时本单位自己的列名：每项写标准列名 column 和别名 names（可不填）"
    )]
    ledger_columns: Option<Vec<LedgerColumnRecord>>,
    #[schemars(description = "监督检查的方式（可不填）")]
    inspections: Option<serde_json::Value>,
    #[schemars(description = "“四个一”活动及其周期（可不填）")]
    activities: Option<serde_json::Value>,
    #[schemars(description = "群众意见的来源渠道（可不填）")]
    opinions: Option<serde_json::Value>,
    #[schemars(description = "问责：六条禁令等违规情形和问责方式（可不填）")]
    accountability: Option<serde_json::Value>,
}

/// `deadlines:` of site.yaml.
#[derive(Deserialize, JsonSchema, Debug)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Deadlines", description = "限时办结的计算方法")]
#[allow(dead_code)]
struct DeadlinesRecord {
    #[schemars(
        description = "逾期天数和剩余天数怎么数：calendar_days（自然日，默认）或 working_days（工作日，按 content/calendar/<年份>.yaml 的节假日安排）"
    )]
    count: Option<DayCountWord>,
    #[schemars(
        description = "未办结事项超过多少天（自然日）没有新的办理过程记录，标注为“长期未更新”（可不填，默认 30）",
        range(min = 1, max = 3660)
    )]
    stale_after: Option<i64>,
    #[schemars(
        description = "未办结事项距整改时限还剩多少天以内（单位同 count）标注“即将到期”（可不填，默认 5）",
        range(min = 0, max = 3660)
    )]
    due_soon: Option<i64>,
}

/// How days are counted.
#[derive(Deserialize, JsonSchema, Debug, Clone, Copy)]
#[schemars(inline)]
#[allow(dead_code)]
enum DayCountWord {
    #[serde(rename = "calendar_days")]
    CalendarDays,
    #[serde(rename = "working_days")]
    WorkingDays,
}

/// An item's deadline: a date, `N个工作日` or 长期.
#[derive(Deserialize, Debug, Clone)]
#[serde(transparent)]
struct DeadlineText(#[allow(dead_code)] String);

impl JsonSchema for DeadlineText {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "Deadline".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "anyOf": [
                {
                    "type": "string",
                    "format": "date",
                    "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
                },
                { "type": "string", "pattern": "^[1-9][0-9]{0,2}个工作日$" },
                { "const": "长期" },
            ],
        })
    }
}

/// A county's own names for one column of the Excel ledger.
#[derive(Deserialize, JsonSchema, Debug)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "LedgerColumn", description = "台账列的别名")]
#[allow(dead_code)]
struct LedgerColumnRecord {
    #[schemars(description = "标准列名，如 存在问题、整改时限、责任科室")]
    column: String,
    #[schemars(description = "本单位台账里这一列的其他叫法")]
    names: Vec<String>,
}

/// The `privacy:` section of site.yaml.
#[derive(Deserialize, JsonSchema, Debug)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Privacy", description = "个人信息保护设置")]
#[allow(dead_code)]
struct PrivacyRecord {
    #[schemars(
        description = "error：发现个人信息即报错、不发布（默认）；mask：打码后发布，如 138****5678"
    )]
    policy: Option<PolicyWord>,
    #[schemars(description = "豁免名单：某条记录的某个字段可以原样公开，须写明理由")]
    allow: Option<Vec<AllowRecord>>,
    #[schemars(
        description = "屏蔽规则：发布的每段文字中，把 find（原文）或 regex（正则表达式）替换为 replace"
    )]
    censor: Option<Vec<CensorRecord>>,
}

/// What a privacy finding does.
#[derive(Deserialize, JsonSchema, Debug, Clone, Copy)]
#[schemars(inline)]
#[serde(rename_all = "lowercase")]
enum PolicyWord {
    Error,
    Mask,
}

/// An exemption in the privacy section.
#[derive(Deserialize, JsonSchema, Debug)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "PrivacyAllow", description = "豁免的一个字段")]
#[allow(dead_code)]
struct AllowRecord {
    #[schemars(description = "整改事项或科室的 id，或 site（site.yaml 本身）")]
    record: Text,
    #[schemars(
        description = "字段：title、body、note、evidence、leader、responsible、name、chief、deputy、duties、phone、approved_by、withdrawn_reason，site 还可填 unit、campaign、phases、categories、systems、catalogue"
    )]
    field: Text,
    #[schemars(description = "可以公开的理由，如 公开的是单位对公服务电话，不属于个人信息")]
    reason: Text,
}

/// A censor rule in the privacy section.
#[derive(Deserialize, JsonSchema, Debug)]
#[serde(deny_unknown_fields)]
#[schemars(
    rename = "CensorRule",
    description = "一条屏蔽规则：find 与 regex 二选一"
)]
#[allow(dead_code)]
struct CensorRecord {
    #[schemars(description = "要替换的原文，如 某某宾馆")]
    find: Option<Text>,
    #[schemars(description = "要替换的正则表达式，如 内部编号[0-9]+")]
    regex: Option<Text>,
    #[schemars(description = "替换成的文字（可为空）；正则表达式可用 $1 引用分组")]
    replace: String,
    #[schemars(description = "为什么屏蔽（不公开），如 涉及商业秘密")]
    comment: Text,
}

/// How links to folders are written.
#[derive(Deserialize, JsonSchema, Debug, Clone, Copy)]
#[schemars(inline)]
#[serde(rename_all = "lowercase")]
enum LinksWord {
    Server,
    File,
}

/// An entry of the disclosure catalogue in site.yaml.
#[derive(Deserialize, JsonSchema, Debug)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "CatalogueEntry", description = "公开目录的一项")]
#[allow(dead_code)]
struct CatalogueEntryRecord {
    #[schemars(description = "信息类别，如 整改事项")]
    kind: Text,
    #[schemars(description = "公开内容")]
    content: Text,
    #[schemars(description = "公开依据，如 有关文件名称")]
    basis: Text,
    #[schemars(description = "公开时限，如 信息形成或变更之日起20个工作日内")]
    time_limit: Text,
    #[schemars(description = "公开主体")]
    body: Text,
    #[schemars(description = "公开渠道，如 本网站")]
    channel: Text,
    #[schemars(description = "公开对象，如 全社会")]
    audience: Text,
}

/// A phase in site.yaml.
#[derive(Deserialize, JsonSchema, Debug)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Phase", description = "活动的一个阶段")]
#[allow(dead_code)]
struct PhaseRecord {
    #[schemars(description = "阶段编号：英文字母、数字、- 或 _，如 mobilize")]
    id: Id,
    #[schemars(description = "阶段名称，如 学习、教育、动员")]
    name: Text,
    #[schemars(description = "开始日期（YYYY-MM-DD）")]
    start: Date,
    #[schemars(description = "结束日期（YYYY-MM-DD），不早于开始日期")]
    end: Date,
    #[schemars(description = "本阶段各单位需报送的材料（可不填），如 各科室实施方案")]
    deliverable: Option<String>,
    #[schemars(description = "报送截止日期（YYYY-MM-DD，可不填）")]
    due: Option<Date>,
}

/// A category in site.yaml.
#[derive(Deserialize, JsonSchema, Debug)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Category", description = "一个整治类别")]
#[allow(dead_code)]
struct CategoryRecord {
    #[schemars(description = "类别编号：英文字母、数字、- 或 _，整改事项的 category 填它")]
    id: Id,
    #[schemars(description = "类别名称，如 整治办事效率不高问题")]
    name: Text,
}

/// A work system in site.yaml.
#[derive(Deserialize, JsonSchema, Debug)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "WorkSystem", description = "九项工作制度之一")]
#[allow(dead_code)]
struct WorkSystemRecord {
    #[schemars(description = "制度编号：英文字母、数字、- 或 _，如 shouwen")]
    id: Id,
    #[schemars(description = "制度名称，如 首问责任制")]
    name: Text,
    #[schemars(description = "制度要求，一两句话（可不填）")]
    summary: Option<String>,
}

/// `content/offices/<id>.yaml`.
#[derive(Deserialize, JsonSchema, Debug)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "科室（content/offices/<编号>.yaml）",
    description = "一个科室的基本情况；整改事项用 office 字段引用它的编号。"
)]
#[allow(dead_code)]
struct OfficeRecord {
    #[schemars(
        description = "科室编号：英文字母、数字、- 或 _，如 ganbu1；用于网址和整改事项的 office 字段"
    )]
    id: Id,
    #[schemars(description = "科室名称，如 干部一科")]
    name: Text,
    #[schemars(description = "所属上级科室的编号（可不填）")]
    parent: Option<String>,
    #[schemars(description = "一把手（第一责任人）")]
    chief: Text,
    #[schemars(description = "分管领导（直接责任人）")]
    deputy: Text,
    #[schemars(description = "科室职责")]
    duties: Text,
    #[schemars(description = "对外联系电话")]
    phone: Text,
    #[schemars(description = "设立日期（YYYY-MM-DD，可不填；活动期间新设的科室才填）")]
    established: Option<Date>,
    #[schemars(description = "撤销或合并日期（YYYY-MM-DD，可不填）；从这一天起科室不再存在")]
    dissolved: Option<Date>,
    #[schemars(description = "草稿：填 true 则暂不发布（可不填）")]
    draft: Option<bool>,
    #[schemars(
        description = "审核人职务，如 分管副部长（站点要求先审后发时必填，与 approved_on 一起填）"
    )]
    approved_by: Option<String>,
    #[schemars(description = "审核日期（YYYY-MM-DD，与 approved_by 一起填）")]
    approved_on: Option<Date>,
    #[schemars(
        description = "撤回日期（YYYY-MM-DD，发布后撤回时才填，与 withdrawn_reason 一起填）"
    )]
    withdrawn_on: Option<Date>,
    #[schemars(description = "撤回理由，向公众说明（与 withdrawn_on 一起填）")]
    withdrawn_reason: Option<String>,
    #[schemars(description = "公示截止日期（YYYY-MM-DD，可不填）；过了这一天列为已归档")]
    display_until: Option<Date>,
}

/// The front matter of `content/items/**/<name>.md`.
#[derive(Deserialize, JsonSchema, Debug)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "整改事项（content/items/**/<文件名>.md 的字段部分）",
    description = "一项整改事项。状态不单独填写，由 timeline（办理过程）中最后一条带状态的记录决定。"
)]
#[allow(dead_code)]
struct ItemRecord {
    #[schemars(description = "事项编号：英文字母、数字、- 或 _，如 GB1-2026-001；全站唯一")]
    id: Id,
    #[schemars(description = "责任科室的编号（content/offices 中的 id）")]
    office: Text,
    #[schemars(description = "问题标题，一句话概括")]
    title: Text,
    #[schemars(description = "整治类别的编号（site.yaml 中 categories 的 id）")]
    category: Text,
    #[schemars(description = "问题来源（site.yaml 中 sources 之一，如 自身找、群众提）")]
    source: Text,
    #[schemars(description = "发现日期（YYYY-MM-DD）")]
    found: Date,
    #[schemars(
        description = "整改时限：日期（YYYY-MM-DD，不早于发现日期）、自发现日期次日起的工作日数（如 15个工作日，按节假日安排计算）或 长期（持续整改，不计逾期）；延期写在 timeline 里"
    )]
    deadline: DeadlineText,
    #[schemars(description = "责任领导（可不填）")]
    leader: Option<String>,
    #[schemars(description = "责任人（可不填）")]
    responsible: Option<String>,
    #[schemars(description = "办理过程：按日期先后排列的记录，事项的状态由它决定")]
    timeline: Option<Vec<TimelineEntryRecord>>,
    #[schemars(description = "草稿：填 true 则暂不发布（可不填）")]
    draft: Option<bool>,
    #[schemars(
        description = "审核人职务，如 分管副部长（站点要求先审后发时必填，与 approved_on 一起填）"
    )]
    approved_by: Option<String>,
    #[schemars(description = "审核日期（YYYY-MM-DD，与 approved_by 一起填）")]
    approved_on: Option<Date>,
    #[schemars(
        description = "撤回日期（YYYY-MM-DD，发布后撤回时才填，与 withdrawn_reason 一起填）"
    )]
    withdrawn_on: Option<Date>,
    #[schemars(description = "撤回理由，向公众说明（与 withdrawn_on 一起填）")]
    withdrawn_reason: Option<String>,
    #[schemars(description = "公示截止日期（YYYY-MM-DD，可不填）；过了这一天列为已归档")]
    display_until: Option<Date>,
}

/// One entry of an item's timeline.
#[derive(Deserialize, JsonSchema, Debug)]
#[serde(deny_unknown_fields)]
#[schemars(
    rename = "TimelineEntry",
    description = "办理过程中的一条记录：状态变化、进展说明或延期"
)]
#[allow(dead_code)]
struct TimelineEntryRecord {
    #[schemars(description = "日期（YYYY-MM-DD），不早于发现日期，也不早于上一条记录")]
    date: Date,
    #[schemars(description = "从这一天起的状态：待整改、整改中 或 已办结（只记进展时不填）")]
    status: Option<StatusWord>,
    #[schemars(description = "说明：这一天做了什么")]
    note: Text,
    #[schemars(description = "延期后的新整改时限（YYYY-MM-DD，只在延期时填写）")]
    deadline: Option<Date>,
    #[schemars(description = "佐证材料的链接（可不填），每行一个，以 - 开头")]
    evidence: Option<Vec<String>>,
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use serde_json::Value;

    use super::*;
    use crate::load::{ENTRY_FIELDS, ITEM_FIELDS, OFFICE_FIELDS, SITE_FIELDS};

    fn schema(record: &str) -> Value {
        let file = all().into_iter().find(|f| f.record == record).unwrap();
        serde_json::from_str(&file.json).unwrap()
    }

    fn names(object: &Value) -> BTreeSet<String> {
        object["properties"]
            .as_object()
            .expect("properties")
            .keys()
            .cloned()
            .collect()
    }

    fn set(fields: &[&str]) -> BTreeSet<String> {
        fields.iter().map(|f| f.to_string()).collect()
    }

    #[test]
    fn property_names_equal_the_readers_field_lists() {
        assert_eq!(names(&schema("site")), set(SITE_FIELDS));
        assert_eq!(names(&schema("office")), set(OFFICE_FIELDS));
        let item = schema("item");
        assert_eq!(names(&item), set(ITEM_FIELDS));
        assert_eq!(
            names(&item["definitions"]["TimelineEntry"]),
            set(ENTRY_FIELDS)
        );
    }

    #[test]
    fn records_allow_no_other_fields() {
        for record in ["site", "office", "item"] {
            let schema = schema(record);
            assert_eq!(schema["additionalProperties"], false, "{record}");
            for (name, definition) in schema["definitions"].as_object().into_iter().flatten() {
                assert_eq!(
                    definition["additionalProperties"], false,
                    "{record}: {name}"
                );
            }
        }
    }

    #[test]
    fn dates_and_statuses_are_constrained() {
        let item = schema("item");
        let found = &item["properties"]["found"];
        assert_eq!(found["format"], "date");
        assert_eq!(found["pattern"], "^[0-9]{4}-[0-9]{2}-[0-9]{2}$");
        assert!(found["description"].as_str().unwrap().contains("发现日期"));
        let status = &item["definitions"]["TimelineEntry"]["properties"]["status"];
        let words: Vec<&Value> = status["enum"].as_array().unwrap().iter().collect();
        assert!(words.contains(&&Value::from("待整改")));
        assert!(words.contains(&&Value::from("整改中")));
        assert!(words.contains(&&Value::from("已办结")));
        assert_eq!(
            item["required"],
            serde_json::json!([
                "id", "office", "title", "category", "source", "found", "deadline"
            ])
        );
    }
}
