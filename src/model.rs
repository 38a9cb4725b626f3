//! The campaign's records as typed values: the site and campaign configuration, offices
//! (科室), rectification items (整改事项) and their timelines. What is *derived* from them
//! (status on a date, overdue, figures) lives in [`crate::derive`], never here.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use chrono::NaiveDate;
use chrono_tz::Tz;

use crate::source::SourceFile;
use crate::yaml::Located;

/// The three status words of a rectification item. They are fixed, not configuration,
/// because the derivations depend on what they mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// 待整改 — recorded, work not started.
    Pending,
    /// 整改中 — being rectified (also after a reopening).
    InProgress,
    /// 已办结 — completed.
    Done,
}

impl Status {
    /// All three, in the order the site lists them.
    pub const ALL: [Status; 3] = [Status::Pending, Status::InProgress, Status::Done];

    /// The word clerks write and the public reads.
    pub fn word(self) -> &'static str {
        match self {
            Status::Pending => "待整改",
            Status::InProgress => "整改中",
            Status::Done => "已办结",
        }
    }

    /// Reads a status word exactly as written in a record.
    pub fn from_word(word: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.word() == word)
    }

    /// A stable ASCII name for CSS classes and data.
    pub fn slug(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::InProgress => "progress",
            Status::Done => "done",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.word())
    }
}

/// A phase of the campaign (学习动员, 六项整治, …) with its dates; phases may overlap.
#[derive(Debug, Clone)]
pub struct Phase {
    /// Short ASCII id.
    pub id: String,
    /// Name as the notice gives it.
    pub name: String,
    /// First day.
    pub start: NaiveDate,
    /// Last day.
    pub end: NaiveDate,
    /// What each unit must hand in during this phase, if anything.
    pub deliverable: Option<String>,
    /// When the deliverable is due.
    pub due: Option<NaiveDate>,
}

/// One of the 六项整治 categories an item is filed under.
#[derive(Debug, Clone)]
pub struct Category {
    /// Short ASCII id used in item records.
    pub id: String,
    /// Full name.
    pub name: String,
}

/// One of the nine work systems (九项制度).
#[derive(Debug, Clone)]
pub struct WorkSystem {
    /// Short ASCII id.
    pub id: String,
    /// Name.
    pub name: String,
    /// What it requires, in a sentence.
    pub summary: String,
}

/// `content/site.yaml`: the site and the campaign, all that differs from county to county.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    /// Site title.
    pub title: String,
    /// The publishing body.
    pub unit: String,
    /// The campaign's name.
    pub campaign: String,
    /// The campaign year.
    pub year: i64,
    /// Absolute address of the published site, if known.
    pub base_url: Option<String>,
    /// The theme's name (`default` is embedded in the binary).
    pub theme: String,
    /// The time zone in which "today" is reckoned.
    pub timezone: Tz,
    /// The campaign's phases.
    pub phases: Vec<Phase>,
    /// The rectification categories.
    pub categories: Vec<Category>,
    /// The words allowed as an item's source (自身找, 群众提, …).
    pub sources: Vec<String>,
    /// The nine systems.
    pub systems: Vec<WorkSystem>,
    /// Whether every record needs an approval before it is published (先审后发).
    pub review_required: bool,
    /// Links to folders end in `index.html`, for sites opened from disk.
    pub file_links: bool,
    /// Whether the footer names the content's git commit.
    pub show_commit: bool,
    /// The disclosure catalogue (公开目录).
    pub catalogue: Vec<CatalogueEntry>,
    /// Personal information: findings stop the build or are masked; allow-list; censor rules.
    pub privacy: crate::privacy::PrivacyPolicy,
    /// Extra header names for the Excel ledger's columns: (column, names), for `import`.
    pub ledger_columns: Vec<(String, Vec<String>)>,
    /// How deadlines are reckoned and reported: the day count, the 长期未更新 threshold.
    pub deadlines: DeadlineRules,
    /// The holiday calendar (`content/calendar/<year>.yaml`), for working-day deadlines.
    pub calendar: crate::calendar::Calendar,
    /// The campaign's rules and thresholds: evaluations, performance, sanctions, 四个一.
    pub rules: crate::campaign::Rules,
}

/// How days overdue and days left are counted (`deadlines: count:` in site.yaml).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DayCount {
    /// Every day counts (`calendar_days`, the default).
    #[default]
    CalendarDays,
    /// Only working days count, by the holiday calendar (`working_days`).
    WorkingDays,
}

impl DayCount {
    /// The word site.yaml uses.
    pub fn word(self) -> &'static str {
        match self {
            DayCount::CalendarDays => "calendar_days",
            DayCount::WorkingDays => "working_days",
        }
    }

    /// The unit the public reads after a number of days: 天 or 个工作日.
    pub fn unit(self) -> &'static str {
        match self {
            DayCount::CalendarDays => "天",
            DayCount::WorkingDays => "个工作日",
        }
    }
}

/// `deadlines:` in site.yaml: how the 限时办结 figures are reckoned. Every threshold here is
/// shown, with its value, on the "how to read these figures" page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadlineRules {
    /// How days overdue and days left are counted.
    pub count: DayCount,
    /// An open item with no timeline entry for more than this many calendar days is
    /// 长期未更新 (stale).
    pub stale_after: i64,
    /// An open item this many days (in the `count` unit) or fewer before its deadline is
    /// 即将到期 (due soon).
    pub due_soon: i64,
    /// Where `count` is written in site.yaml, for the message when the calendar falls short.
    pub count_at: crate::yaml::Pos,
}

impl DeadlineRules {
    /// Days without an entry before an open item is stale, when site.yaml says nothing.
    pub const DEFAULT_STALE_AFTER: i64 = 30;
    /// Days before the deadline that count as due soon, when site.yaml says nothing.
    pub const DEFAULT_DUE_SOON: i64 = 5;
}

impl Default for DeadlineRules {
    fn default() -> Self {
        DeadlineRules {
            count: DayCount::default(),
            stale_after: Self::DEFAULT_STALE_AFTER,
            due_soon: Self::DEFAULT_DUE_SOON,
            count_at: crate::yaml::Pos::default(),
        }
    }
}

/// One kind of information the site discloses, in the manner of the 基层政务公开标准目录.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogueEntry {
    /// 信息类别.
    pub kind: String,
    /// 公开内容.
    pub content: String,
    /// 公开依据.
    pub basis: String,
    /// 公开时限.
    pub time_limit: String,
    /// 公开主体.
    pub body: String,
    /// 公开渠道.
    pub channel: String,
    /// 公开对象.
    pub audience: String,
}

/// Who approved a record for publication, and when (保密审查).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approval {
    /// The approver's role (e.g. 分管副部长), not a name.
    pub by: String,
    /// The day of the approval.
    pub on: NaiveDate,
}

/// A record taken down after publication: its page stays as a notice saying so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Withdrawal {
    /// The day it was withdrawn.
    pub on: NaiveDate,
    /// The public reason.
    pub reason: String,
}

/// A record's review state and visibility. Drafts are never published; a withdrawn record
/// leaves the lists and data but keeps a notice page; after `display_until` (公示期) it is
/// listed as archived.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Disclosure {
    /// Marked as a draft by its author.
    pub draft: bool,
    /// The approval, if given.
    pub approval: Option<Approval>,
    /// The withdrawal, if any.
    pub withdrawn: Option<Withdrawal>,
    /// The end of the display period, if any.
    pub display_until: Option<NaiveDate>,
}

impl Disclosure {
    /// Whether the record is still a draft under the site's review rule.
    pub fn is_draft(&self, review_required: bool) -> bool {
        self.draft || (review_required && self.approval.is_none())
    }

    /// Whether the record had been withdrawn by `date`.
    pub fn withdrawn_by(&self, date: NaiveDate) -> Option<&Withdrawal> {
        self.withdrawn.as_ref().filter(|w| w.on <= date)
    }

    /// Whether its display period had ended before `date`.
    pub fn archived_on(&self, date: NaiveDate) -> bool {
        self.display_until.is_some_and(|end| end < date)
    }
}

impl SiteConfig {
    /// The category with this id.
    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }
}

/// An office (科室) of the publishing body.
#[derive(Debug, Clone)]
pub struct Office {
    /// Id, used in URLs and by items.
    pub id: Located<String>,
    /// Name.
    pub name: String,
    /// The office it belongs to, if any.
    pub parent: Option<Located<String>>,
    /// 一把手, the first responsible person.
    pub chief: String,
    /// 分管领导, the leader directly responsible.
    pub deputy: String,
    /// What the office does.
    pub duties: String,
    /// Public contact number.
    pub phone: String,
    /// When it was set up, if during the campaign.
    pub established: Option<NaiveDate>,
    /// When it was dissolved or merged away.
    pub dissolved: Option<NaiveDate>,
    /// Review and visibility.
    pub disclosure: Disclosure,
    /// The record file.
    pub file: Arc<SourceFile>,
}

/// One dated entry of an item's timeline: a status change, a progress note or an extension.
#[derive(Debug, Clone)]
pub struct TimelineEntry {
    /// The day it happened.
    pub date: NaiveDate,
    /// The status from this day on, if the entry changes it.
    pub status: Option<Status>,
    /// What happened.
    pub note: String,
    /// A new deadline granted on this day (延期).
    pub deadline: Option<NaiveDate>,
    /// Links to documents that back the entry.
    pub evidence: Vec<String>,
}

/// An item's dated history in file order, which is date order (validated).
/// It is the single source of truth for the item's status.
#[derive(Debug, Clone, Default)]
pub struct Timeline {
    /// The entries.
    pub entries: Vec<TimelineEntry>,
}

/// An item's deadline (整改时限) as written: a date, a number of working days from the found
/// date, or 长期 (ongoing). Extensions stay dated timeline entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deadline {
    /// `deadline: 2026-06-30`.
    On(NaiveDate),
    /// `deadline: 15个工作日`: due on the Nth working day strictly after the found date.
    /// `due` is that day, counted with the holiday calendar when the records are loaded
    /// (`None` only for an item read alone, without its site's calendar).
    WorkingDays {
        /// N.
        days: u32,
        /// The Nth working day after the found date.
        due: Option<NaiveDate>,
    },
    /// `deadline: 长期`: ongoing work with no end date; never overdue, listed apart.
    Ongoing,
}

impl Deadline {
    /// The word for an ongoing deadline.
    pub const ONGOING: &'static str = "长期";
    /// What follows the number in a working-day deadline.
    pub const WORKING_DAYS: &'static str = "个工作日";
    /// The longest working-day deadline: about a year of working days.
    pub const MAX_WORKING_DAYS: u32 = 250;

    /// Reads `2026-06-30`, `15个工作日` or `长期`; the error says what may be written.
    pub fn parse(text: &str) -> Result<Deadline, String> {
        let text = text.trim();
        if text == Self::ONGOING {
            return Ok(Deadline::Ongoing);
        }
        if let Some(number) = text.strip_suffix(Self::WORKING_DAYS) {
            return match number.trim().parse::<u32>() {
                Ok(days) if (1..=Self::MAX_WORKING_DAYS).contains(&days) => {
                    Ok(Deadline::WorkingDays { days, due: None })
                }
                _ => Err(format!(
                    "`{text}`: write a whole number of working days from 1 to {}, e.g. 15个工作日",
                    Self::MAX_WORKING_DAYS
                )),
            };
        }
        crate::yaml::parse_date(text).map(Deadline::On).map_err(|why| {
            format!("{why}; a deadline is a date (2026-06-30), a number of working days from the found date (15个工作日) or 长期")
        })
    }

    /// The day it falls due; `None` for 长期.
    pub fn due(&self) -> Option<NaiveDate> {
        match *self {
            Deadline::On(day) => Some(day),
            Deadline::WorkingDays { due, .. } => due,
            Deadline::Ongoing => None,
        }
    }

    /// As written in the record: `2026-06-30`, `15个工作日` or `长期`. Ledger cells and open
    /// data keep this form, so it round-trips.
    pub fn written(&self) -> String {
        match *self {
            Deadline::On(day) => day.to_string(),
            Deadline::WorkingDays { days, .. } => format!("{days}{}", Self::WORKING_DAYS),
            Deadline::Ongoing => Self::ONGOING.to_string(),
        }
    }

    /// As the item page shows it: the written form with the day it resolves to,
    /// `15个工作日（至 2026-05-22）`.
    pub fn shown(&self) -> String {
        match *self {
            Deadline::WorkingDays { due: Some(due), .. } => {
                format!("{}（至 {due}）", self.written())
            }
            _ => self.written(),
        }
    }

    /// Whether it is 长期.
    pub fn is_ongoing(&self) -> bool {
        matches!(self, Deadline::Ongoing)
    }
}

/// A rectification item (整改事项).
#[derive(Debug, Clone)]
pub struct Item {
    /// Id, used in its URL.
    pub id: Located<String>,
    /// Id of the responsible office.
    pub office: Located<String>,
    /// What the problem is, in one line.
    pub title: String,
    /// Category id.
    pub category: Located<String>,
    /// Where the problem came from (one of the configured sources).
    pub source: Located<String>,
    /// When it was found.
    pub found: NaiveDate,
    /// The original deadline as written, where it stands (extensions live in the timeline).
    pub deadline: Located<Deadline>,
    /// 责任领导.
    pub leader: Option<String>,
    /// 责任人.
    pub responsible: Option<String>,
    /// The dated history.
    pub timeline: Timeline,
    /// The record file.
    pub file: Arc<SourceFile>,
    /// Byte range of the Markdown body in the file's text.
    pub body: Range<usize>,
    /// Review and visibility.
    pub disclosure: Disclosure,
}

impl Item {
    /// The Markdown text below the fields.
    pub fn body_text(&self) -> &str {
        self.file.text.get(self.body.clone()).unwrap_or("")
    }
}

/// Every record of a site, validated.
#[derive(Debug, Clone)]
pub struct Records {
    /// site.yaml.
    pub site: SiteConfig,
    /// Offices, sorted by id.
    pub offices: Vec<Office>,
    /// Items, sorted by id.
    pub items: Vec<Item>,
    /// Evaluations, inspections, opinions and the campaign's other records.
    pub campaign: crate::campaign::Campaign,
    /// The quarterly bulletins' records and frozen figures.
    pub bulletins: crate::bulletin::Bulletins,
}

impl Records {
    /// The office with this id.
    pub fn office(&self, id: &str) -> Option<&Office> {
        self.offices
            .binary_search_by(|o| o.id.value.as_str().cmp(id))
            .ok()
            .map(|i| &self.offices[i])
    }
}
