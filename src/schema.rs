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
    /// The record type: `site`, `office`, `item`, `systems`, `inspection`, `activity`,
    /// `opinion`, `decision` or `plan`.
    pub record: &'static str,
    /// The file name, `<record>.schema.json`.
    pub file_name: String,
    /// Pretty-printed JSON, ending in a newline.
    pub json: String,
}

/// The schema of every record type: site, office, item, then the supervision records.
pub fn all() -> Vec<SchemaFile> {
    vec![
        file("site", generate::<SiteRecord>()),
        file("office", generate::<OfficeRecord>()),
        file("item", generate::<ItemRecord>()),
        file("systems", generate::<SystemsRecord>()),
        file("inspection", generate::<InspectionRecord>()),
        file("activity", generate::<ActivityRecord>()),
        file("opinion", generate::<OpinionRecord>()),
        file("decision", generate::<DecisionRecord>()),
        file("plan", generate::<PlanRecord>()),
        file("evaluation", generate::<EvaluationPeriodRecord>()),
        file("performance", generate::<PerformanceYearRecord>()),
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
    evaluation: Option<EvaluationRulesRecord>,
    #[schemars(description = "绩效考评的考评项目、权重和等次（可不填）")]
    performance: Option<PerformanceRulesRecord>,
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
    #[schemars(
        description = "监督检查的方式（可不填，默认 普遍检查、抽查、明察暗访）；检查记录的 kind 填其中之一"
    )]
    inspections: Option<InspectionRulesRecord>,
    #[schemars(
        description = "“四个一”活动及其周期（可不填，默认 基层调研、走访部风监督员、明察暗访、效能建设情况通报）"
    )]
    activities: Option<ActivityRulesRecord>,
    #[schemars(
        description = "群众意见的来源渠道（可不填，默认 意见卡、意见箱、来访、来电、网上留言）"
    )]
    opinions: Option<OpinionRulesRecord>,
    #[schemars(
        description = "问责：“六条禁令”和不作为、乱作为、以权谋私等违规情形，以及由轻到重的问责方式（可不填，有默认值）"
    )]
    accountability: Option<AccountabilityRulesRecord>,
}

/// The `inspections:` section of site.yaml.
#[derive(Deserialize, JsonSchema, Debug)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "InspectionRules", description = "监督检查的方式")]
#[allow(dead_code)]
struct InspectionRulesRecord {
    #[schemars(description = "检查方式，如 普遍检查、抽查、明察暗访")]
    kinds: Option<Vec<String>>,
}

/// The `activities:` section of site.yaml.
#[derive(Deserialize, JsonSchema, Debug)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "ActivityRules", description = "“四个一”活动")]
#[allow(dead_code)]
struct ActivityRulesRecord {
    #[schemars(description = "各项活动：编号、名称、周期")]
    kinds: Option<Vec<ActivityKindRecord>>,
}

/// How often an activity is due.
#[derive(Deserialize, JsonSchema, Debug, Clone, Copy)]
#[schemars(inline)]
#[serde(rename_all = "lowercase")]
enum EveryWord {
    Quarter,
    Month,
}

/// One 四个一 activity in site.yaml.
#[derive(Deserialize, JsonSchema, Debug)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "ActivityKind", description = "一项“四个一”活动")]
#[allow(dead_code)]
struct ActivityKindRecord {
    #[schemars(description = "活动编号：英文字母、数字、- 或 _，活动记录的 activity 填它")]
    id: Id,
    #[schemars(description = "活动名称，如 基层调研")]
    name: Text,
    #[schemars(description = "周期：quarter（每季度一次）或 month（每月一次）")]
    every: EveryWord,
    #[schemars(description = "是否统计意见卡的发放和收回份数（可不填，默认 false）")]
    cards: Option<bool>,
    #[schemars(description = "这种方式的监督检查也计入本项活动（可不填），如 明察暗访")]
    inspection_kind: Option<String>,
    #[schemars(
        description = "本站的季度通报（content/bulletins/）按印发日期计入本项活动（可不填，默认 false）；通报在季度结束后印发，计入下一季度"
    )]
    bulletins: Option<bool>,
}

/// The `opinions:` section of site.yaml.
#[derive(Deserialize, JsonSchema, Debug)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "OpinionRules", description = "群众意见的来源渠道")]
#[allow(dead_code)]
struct OpinionRulesRecord {
    #[schemars(description = "渠道，如 意见卡、意见箱、来访、来电、网上留言")]
    channels: Option<Vec<String>>,
}

/// The `accountability:` section of site.yaml.
#[derive(Deserialize, JsonSchema, Debug)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "AccountabilityRules", description = "问责的情形和方式")]
#[allow(dead_code)]
struct AccountabilityRulesRecord {
    #[schemars(description = "违规情形：六条禁令，以及不作为、乱作为、以权谋私")]
    prohibitions: Option<Vec<NamedRecord>>,
    #[schemars(description = "问责方式，由轻到重，如 效能告诫、通报批评、停职下岗、党政纪处分")]
    levels: Option<Vec<NamedRecord>>,
}

/// A configured word with its id (a prohibition, a sanction level).
#[derive(Deserialize, JsonSchema, Debug)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Named", description = "编号和名称")]
#[allow(dead_code)]
struct NamedRecord {
    #[schemars(description = "编号：英文字母、数字、- 或 _，记录中填它")]
    id: Id,
    #[schemars(description = "公布的名称")]
    name: Text,
}

/// `content/systems/<office id>.yaml`.
#[derive(Deserialize, JsonSchema, Debug)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "九项制度（content/systems/<科室编号>.yaml）",
    description = "一个科室各项制度的建立和落实情况；没有列出的制度按“未建立”公布。"
)]
#[allow(dead_code)]
struct SystemsRecord {
    #[schemars(description = "科室编号（content/offices 中的 id）")]
    office: Text,
    #[schemars(description = "各项制度的情况")]
    systems: Vec<SystemEntryRecord>,
    #[serde(flatten)]
    disclosure: DisclosureRecord,
}

/// A system's state.
#[derive(Deserialize, JsonSchema, Debug, Clone, Copy)]
#[schemars(inline)]
enum SystemStateWord {
    #[serde(rename = "未建立")]
    Missing,
    #[serde(rename = "已建立")]
    Established,
    #[serde(rename = "已落实")]
    Implemented,
}

/// One system of an office.
#[derive(Deserialize, JsonSchema, Debug)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "SystemEntry", description = "一项制度的情况")]
#[allow(dead_code)]
struct SystemEntryRecord {
    #[schemars(description = "制度编号（site.yaml 中 systems 的 id）")]
    system: Text,
    #[schemars(description = "状态：未建立、已建立 或 已落实")]
    state: SystemStateWord,
    #[schemars(description = "建立或落实的日期（YYYY-MM-DD；未建立可不填）")]
    date: Option<Date>,
    #[schemars(
        description = "制度文件（可不填）：网址、attachments/…、item:事项编号、office:科室编号，或文件名称"
    )]
    document: Option<String>,
}

/// `content/inspections/<id>.yaml`.
#[derive(Deserialize, JsonSchema, Debug)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "监督检查（content/inspections/<编号>.yaml）",
    description = "一次监督检查：日期、方式、检查的科室和发现的问题。"
)]
#[allow(dead_code)]
struct InspectionRecord {
    #[schemars(description = "检查编号：英文字母、数字、- 或 _，如 JC-2026-01")]
    id: Id,
    #[schemars(description = "检查日期（YYYY-MM-DD）")]
    date: Date,
    #[schemars(description = "检查方式（site.yaml 中 inspections 的 kinds 之一）")]
    kind: Text,
    #[schemars(description = "检查名称，一句话")]
    title: Text,
    #[schemars(description = "检查情况（可不填）")]
    summary: Option<String>,
    #[schemars(description = "检查的科室编号")]
    offices: Vec<String>,
    #[schemars(description = "发现的问题（可不填）")]
    findings: Option<Vec<FindingRecord>>,
    #[serde(flatten)]
    disclosure: DisclosureRecord,
}

/// One finding of an inspection.
#[derive(Deserialize, JsonSchema, Debug)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Finding", description = "发现的一个问题")]
#[allow(dead_code)]
struct FindingRecord {
    #[schemars(description = "问题所在科室的编号（须在 offices 中）")]
    office: Text,
    #[schemars(description = "问题")]
    text: Text,
    #[schemars(description = "由此列入整改的事项编号（可不填）")]
    items: Option<Vec<String>>,
}

/// `content/activities/<id>.yaml`.
#[derive(Deserialize, JsonSchema, Debug)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "“四个一”活动（content/activities/<编号>.yaml）",
    description = "一次基层调研、走访部风监督员、明察暗访或效能建设情况通报。"
)]
#[allow(dead_code)]
struct ActivityRecord {
    #[schemars(description = "活动记录编号：英文字母、数字、- 或 _，如 DY-2026-Q2")]
    id: Id,
    #[schemars(description = "活动编号（site.yaml 中 activities 的 kinds 之一）")]
    activity: Text,
    #[schemars(description = "开展日期（YYYY-MM-DD）；通报填印发日期")]
    date: Date,
    #[schemars(description = "活动名称，一句话")]
    title: Text,
    #[schemars(description = "开展情况（可不填）")]
    summary: Option<String>,
    #[schemars(description = "发放意见卡份数（统计意见卡的活动必填）")]
    cards_issued: Option<u32>,
    #[schemars(description = "收回意见卡份数，不多于发放份数")]
    cards_returned: Option<u32>,
    #[serde(flatten)]
    disclosure: DisclosureRecord,
}

/// `content/opinions/<id>.yaml`.
#[derive(Deserialize, JsonSchema, Debug)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "群众意见（content/opinions/<编号>.yaml）",
    description = "民主评议之外收到的一条群众意见及回应。不得填写反映人的姓名和联系方式。"
)]
#[allow(dead_code)]
struct OpinionRecord {
    #[schemars(description = "意见编号：英文字母、数字、- 或 _，如 YJ-2026-001")]
    id: Id,
    #[schemars(description = "收到日期（YYYY-MM-DD）")]
    received: Date,
    #[schemars(description = "渠道（site.yaml 中 opinions 的 channels 之一）")]
    channel: Text,
    #[schemars(description = "意见涉及的科室编号")]
    office: Text,
    #[schemars(description = "意见内容摘要（不含反映人信息）")]
    summary: Text,
    #[schemars(description = "科室的回应（可不填；未回应的公布为“待回应”）")]
    response: Option<String>,
    #[schemars(description = "回应日期（YYYY-MM-DD，与 response 一起填）")]
    responded_on: Option<Date>,
    #[schemars(description = "由此列入整改的事项编号（可不填）")]
    items: Option<Vec<String>>,
    #[serde(flatten)]
    disclosure: DisclosureRecord,
}

/// `content/accountability/<id>.yaml`.
#[derive(Deserialize, JsonSchema, Debug)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "问责决定（content/accountability/<编号>.yaml）",
    description = "依照一次查实下岗制作出的一项问责决定。"
)]
#[allow(dead_code)]
struct DecisionRecord {
    #[schemars(description = "决定编号：英文字母、数字、- 或 _，如 WZ-2026-01")]
    id: Id,
    #[schemars(description = "决定日期（YYYY-MM-DD）")]
    date: Date,
    #[schemars(description = "被问责人所在科室编号")]
    office: Text,
    #[schemars(description = "被问责人，按决定书的写法，如 张某某")]
    person: Text,
    #[schemars(description = "违反的情形（site.yaml 中 accountability 的 prohibitions 的 id）")]
    violation: Text,
    #[schemars(description = "问责方式（site.yaml 中 accountability 的 levels 的 id）")]
    level: Text,
    #[schemars(description = "决定内容")]
    decision: Text,
    #[schemars(description = "是否追究科长的连带责任（可不填，默认 false）")]
    chief_responsible: Option<bool>,
    #[serde(flatten)]
    disclosure: DisclosureRecord,
}

/// `content/plans/<office>-<phase>.yaml`.
#[derive(Deserialize, JsonSchema, Debug)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "实施方案等阶段材料（content/plans/<科室编号>-<阶段编号>.yaml）",
    description = "一个科室为一个阶段报送的材料及报送日期。"
)]
#[allow(dead_code)]
struct PlanRecord {
    #[schemars(description = "科室编号")]
    office: Text,
    #[schemars(description = "阶段编号（site.yaml 中填了 due 的阶段）")]
    phase: Text,
    #[schemars(description = "报送日期（YYYY-MM-DD）")]
    submitted: Date,
    #[schemars(description = "材料名称")]
    title: Text,
    #[schemars(
        description = "材料文件（可不填）：网址、attachments/…、item:事项编号、office:科室编号，或文件名称"
    )]
    document: Option<String>,
    #[serde(flatten)]
    disclosure: DisclosureRecord,
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
    #[serde(flatten)]
    disclosure: DisclosureRecord,
}

/// The review and visibility keys every record shares: offices, items and the campaign's
/// records (先审后发; withdrawal after publication).
#[derive(Deserialize, JsonSchema, Debug)]
#[allow(dead_code)]
struct DisclosureRecord {
    #[schemars(description = "草稿：填 true 则暂不发布（可不填）")]
    draft: Option<bool>,
    #[schemars(
        description = "审核人职务，如 分管副部长（站点要求先审后发时必填，与 approved_on 一起填）"
    )]
    approved_by: Option<String>,
    #[schemars(description = "审核日期（YYYY-MM-DD，与 approved_by 一起填）")]
    approved_on: Option<Date>,
    #[schemars(
        description = "撤回日期（YYYY-MM-DD，发布后撤回时才填，与 withdrawn_reason 一起填）；撤回后不再计入列表、统计和图表，有单独页面的改为撤回说明"
    )]
    withdrawn_on: Option<Date>,
    #[schemars(description = "撤回理由，向公众说明（与 withdrawn_on 一起填）")]
    withdrawn_reason: Option<String>,
    #[schemars(
        description = "公示截止日期（YYYY-MM-DD，可不填）；过了这一天，整改事项列为已归档（其他记录不据此归档）"
    )]
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
    #[serde(flatten)]
    disclosure: DisclosureRecord,
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

/// The `evaluation:` section of site.yaml.
#[derive(Deserialize, JsonSchema, Debug)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "EvaluationRules", description = "民主评议的计分和排名规则")]
#[allow(dead_code)]
struct EvaluationRulesRecord {
    #[schemars(
        description = "每张评议票的计分（0 到 100），科室得分为加权平均分（可不填，默认 满意 100、基本满意 60、不满意 0）"
    )]
    weights: Option<AnswerWeightsRecord>,
    #[schemars(
        description = "有效票少于此数的科室列出得分，但不排名（可不填，默认 30）",
        range(min = 1)
    )]
    min_evaluators: Option<i64>,
    #[schemars(
        description = "排名科室得分低于此线评定为后进，予以诫勉（可不填，默认 70）",
        range(min = 0, max = 100)
    )]
    lagging_below: Option<f64>,
    #[schemars(
        description = "排名科室得分达到此线评为优秀，下一期免排（可不填，默认 90）",
        range(min = 0, max = 100)
    )]
    excellent_from: Option<f64>,
    #[schemars(
        description = "轮换制：每期评议代表与上一期相比至少新增的比例，如 0.3 即 30%（可不填，默认 0.3）",
        range(min = 0, max = 1)
    )]
    rotation_share: Option<f64>,
}

/// What each answer of an evaluation counts.
#[derive(Deserialize, JsonSchema, Debug)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "AnswerWeights", description = "每种评议意见的计分")]
#[allow(dead_code)]
struct AnswerWeightsRecord {
    #[schemars(description = "满意", range(min = 0, max = 100))]
    satisfied: Option<i64>,
    #[schemars(description = "基本满意", range(min = 0, max = 100))]
    basic: Option<i64>,
    #[schemars(description = "不满意", range(min = 0, max = 100))]
    unsatisfied: Option<i64>,
}

/// The `performance:` section of site.yaml.
#[derive(Deserialize, JsonSchema, Debug)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "PerformanceRules", description = "绩效考评的考评项目和等次")]
#[allow(dead_code)]
struct PerformanceRulesRecord {
    #[schemars(description = "考评项目：权重合计须为 100；得分 ÷ 满分 × 权重 之和为总分")]
    criteria: Option<Vec<CriterionRecord>>,
    #[schemars(
        description = "等次：总分达到 min 即评为该等次，最低一档的 min 须为 0（可不填，默认 优秀 90、良好 80、合格 60、不合格 0）"
    )]
    grades: Option<Vec<GradeRecord>>,
}

/// A criterion of the performance evaluation.
#[derive(Deserialize, JsonSchema, Debug)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Criterion", description = "一个考评项目")]
#[allow(dead_code)]
struct CriterionRecord {
    #[schemars(
        description = "项目编号：英文字母、数字、- 或 _，如 liuxiang；考评记录的 criterion 填它"
    )]
    id: Id,
    #[schemars(description = "项目名称，如 六项整治")]
    name: Text,
    #[schemars(description = "权重，各项合计 100")]
    weight: f64,
    #[schemars(description = "满分，如 100")]
    max: f64,
}

/// A grade of the performance evaluation.
#[derive(Deserialize, JsonSchema, Debug)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Grade", description = "一个等次")]
#[allow(dead_code)]
struct GradeRecord {
    #[schemars(description = "等次名称，如 优秀")]
    name: Text,
    #[schemars(description = "达到该等次的最低总分", range(min = 0, max = 100))]
    min: f64,
}

/// `content/evaluations/<期次>.yaml`.
#[derive(Deserialize, JsonSchema, Debug)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "民主评议期次（content/evaluations/<期次>.yaml）",
    description = "一期民主评议：评议方法、参评人员、代表名单、各科室得票和收到的意见及回应。得分、排名、免排和诫勉由 site.yaml 的 evaluation 规则计算。"
)]
#[allow(dead_code)]
struct EvaluationPeriodRecord {
    #[schemars(description = "期次编号，如 2026-Q2；用于网址")]
    id: Id,
    #[schemars(description = "标题，如 2026年第二季度民主评议")]
    title: Text,
    #[schemars(description = "评议期间的第一天（YYYY-MM-DD）")]
    start: Date,
    #[schemars(description = "评议期间的最后一天（YYYY-MM-DD）")]
    end: Date,
    #[schemars(description = "评议会议日期（YYYY-MM-DD）；从这一天起公布")]
    held: Date,
    #[schemars(description = "评议方法")]
    method: Text,
    #[schemars(description = "参评人员：每组的名称和人数")]
    groups: Vec<EvaluatorGroupRecord>,
    #[schemars(
        description = "评议代表名单，每行一人，只写身份和化名或代码，如 县人大代表 王某某；用于检查轮换比例"
    )]
    roster: Vec<Text>,
    #[schemars(description = "各科室得票：每个在评议期间存续的科室一项")]
    tallies: Vec<TallyRecord>,
    #[schemars(description = "收到的意见及科室的回应（不记录提意见人）")]
    opinions: Option<Vec<PeriodOpinionRecord>>,
    #[serde(flatten)]
    disclosure: DisclosureRecord,
}

/// An evaluator group.
#[derive(Deserialize, JsonSchema, Debug)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "EvaluatorGroup", description = "一组参评人员")]
#[allow(dead_code)]
struct EvaluatorGroupRecord {
    #[schemars(description = "组名，如 县人大代表、服务对象代表")]
    name: Text,
    #[schemars(description = "人数", range(min = 1))]
    size: i64,
}

/// An office's tally.
#[derive(Deserialize, JsonSchema, Debug)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Tally", description = "一个科室的得票")]
#[allow(dead_code)]
struct TallyRecord {
    #[schemars(description = "科室编号（content/offices 中的 id）")]
    office: Text,
    #[schemars(description = "满意票数", range(min = 0))]
    satisfied: i64,
    #[schemars(description = "基本满意票数", range(min = 0))]
    basic: i64,
    #[schemars(description = "不满意票数", range(min = 0))]
    unsatisfied: i64,
}

/// An opinion received in a period.
#[derive(Deserialize, JsonSchema, Debug)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "PeriodOpinion", description = "一条意见及回应")]
#[allow(dead_code)]
struct PeriodOpinionRecord {
    #[schemars(description = "意见涉及的科室编号")]
    office: Text,
    #[schemars(description = "意见内容（不写提意见人的姓名和联系方式）")]
    text: Text,
    #[schemars(description = "科室的回应（未回应时不填，页面显示“待回应”）")]
    response: Option<String>,
    #[schemars(description = "回应日期（YYYY-MM-DD，与 response 一起填）")]
    responded_on: Option<Date>,
}

/// `content/performance/<年度>.yaml`.
#[derive(Deserialize, JsonSchema, Debug)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "绩效考评（content/performance/<年度>.yaml）",
    description = "一个年度的绩效考评：各科室每个考评项目的得分。总分、等次和名次由 site.yaml 的 performance 规则计算。"
)]
#[allow(dead_code)]
struct PerformanceYearRecord {
    #[schemars(description = "年度，如 2026；用于网址")]
    year: i64,
    #[schemars(description = "标题，如 2026年度机关效能建设绩效考评")]
    title: Text,
    #[schemars(description = "考评结果确定日期（YYYY-MM-DD）；从这一天起公布")]
    evaluated_on: Date,
    #[schemars(description = "考评方法")]
    method: Text,
    #[schemars(description = "各科室的评分表：每个在该年度存续的科室一项")]
    scores: Vec<ScoreSheetRecord>,
    #[serde(flatten)]
    disclosure: DisclosureRecord,
}

/// One office's score sheet.
#[derive(Deserialize, JsonSchema, Debug)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "ScoreSheet", description = "一个科室的评分表")]
#[allow(dead_code)]
struct ScoreSheetRecord {
    #[schemars(description = "科室编号（content/offices 中的 id）")]
    office: Text,
    #[schemars(description = "每个考评项目一项：{ criterion: 项目编号, score: 得分 }")]
    criteria: Vec<CriterionScoreRecord>,
}

/// One criterion's score.
#[derive(Deserialize, JsonSchema, Debug)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "CriterionScore", description = "一个考评项目的得分")]
#[allow(dead_code)]
struct CriterionScoreRecord {
    #[schemars(description = "考评项目编号（site.yaml 中 performance.criteria 的 id）")]
    criterion: Text,
    #[schemars(description = "得分，0 到该项目的满分", range(min = 0))]
    score: f64,
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

    #[test]
    fn supervision_record_schemas_equal_their_readers_field_lists() {
        use crate::campaign::{accountability, activities, inspections, opinions, plans, systems};
        let systems_schema = schema("systems");
        assert_eq!(names(&systems_schema), set(systems::FIELDS));
        assert_eq!(
            names(&systems_schema["definitions"]["SystemEntry"]),
            set(systems::ENTRY_FIELDS)
        );
        let inspection = schema("inspection");
        assert_eq!(names(&inspection), set(inspections::FIELDS));
        assert_eq!(
            names(&inspection["definitions"]["Finding"]),
            set(inspections::FINDING_FIELDS)
        );
        assert_eq!(names(&schema("activity")), set(activities::FIELDS));
        assert_eq!(names(&schema("opinion")), set(opinions::FIELDS));
        assert_eq!(names(&schema("decision")), set(accountability::FIELDS));
        assert_eq!(names(&schema("plan")), set(plans::FIELDS));
        assert_eq!(
            names(&schema("site")["definitions"]["ActivityKind"]),
            set(activities::KIND_FIELDS)
        );
        for record in [
            "systems",
            "inspection",
            "activity",
            "opinion",
            "decision",
            "plan",
        ] {
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
}
