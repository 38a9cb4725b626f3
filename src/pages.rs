//! The plan stage: which pages the site has, where each is written, which template renders
//! it, and the slim context it gets. Contexts carry display-ready values (formatted dates,
//! status words, root-relative links), so templates stay simple and the figures are
//! computed in Rust, once.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use tera::Context;

use crate::bulletin::Quarter;
use crate::campaign::CampaignPage;
use crate::listing::{Pager, page_count, page_of, page_path};
use crate::markdown;
use crate::model::Status;
use crate::view::{PublicItem, PublicOffice, PublicView};

/// How many timeline updates the home page lists.
const LATEST_UPDATES: usize = 12;

/// Where the "how to read these figures" page is, from the site root. Its anchors are stable
/// (`#completion`, `#overdue`, `#days-overdue`, `#on-time`, `#ongoing`, `#stale`,
/// `#due-soon`, `#working-days`, `#calendar`): every figure links to its definition there.
pub const FIGURES_HELP: &str = "help/figures/";

/// A page of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// The home page.
    Home,
    /// The list of offices.
    Offices,
    /// One office (index into the view's offices).
    Office(usize),
    /// Page `n` (from 0) of the list of items.
    Items(usize),
    /// One item (index into the view's items).
    Item(usize),
    /// Page `n` of the overdue list (逾期事项).
    Overdue(usize),
    /// The open data page (数据下载).
    Data,
    /// What changed since the previous publication (本次更新).
    Changes,
    /// The page a server shows for a missing address.
    NotFound,
    /// A withdrawn item's notice (index into the view's withdrawn items).
    Withdrawn(usize),
    /// The disclosure catalogue (公开目录).
    Catalogue,
    /// The search page (搜索).
    Search,
    /// Page `n` of the items with one status.
    ItemsByStatus(Status, usize),
    /// Page `n` of the items of one category (index into site.yaml's categories).
    ItemsByCategory(usize, usize),
    /// Page `n` of the open items without an update for too long (长期未更新).
    Stale(usize),
    /// How to read the figures: every definition and threshold (如何阅读这些数字).
    FiguresHelp,
    /// A page of the campaign's other records (evaluations, inspections, …).
    Campaign(CampaignPage),
    /// The index of the quarterly bulletins (季度通报).
    Bulletins,
    /// One quarter's bulletin.
    Bulletin(Quarter),
}

/// Every page of the site for this view, in a stable order.
pub fn plan(view: &PublicView) -> Vec<Page> {
    let lists = &view.lists;
    let mut pages = vec![
        Page::Home,
        Page::Offices,
        Page::Data,
        Page::Changes,
        Page::Catalogue,
        Page::NotFound,
        Page::Search,
        Page::FiguresHelp,
    ];
    pages.extend((0..page_count(lists.dated.len())).map(Page::Items));
    pages.extend((0..page_count(lists.overdue.len())).map(Page::Overdue));
    pages.extend((0..page_count(lists.stale.len())).map(Page::Stale));
    for (s, status) in Status::ALL.into_iter().enumerate() {
        let pages_of = page_count(lists.by_status[s].len());
        pages.extend((0..pages_of).map(|n| Page::ItemsByStatus(status, n)));
    }
    for (c, rows) in lists.by_category.iter().enumerate() {
        pages.extend((0..page_count(rows.len())).map(|n| Page::ItemsByCategory(c, n)));
    }
    pages.extend((0..view.withdrawn.len()).map(Page::Withdrawn));
    pages.extend((0..view.offices.len()).map(Page::Office));
    pages.extend((0..view.items.len()).map(Page::Item));
    pages.extend(CampaignPage::plan(view).into_iter().map(Page::Campaign));
    pages.push(Page::Bulletins);
    pages.extend(
        crate::bulletin::quarters(view)
            .into_iter()
            .map(Page::Bulletin),
    );
    pages
}

impl Page {
    /// The output path below the site root.
    pub fn path(self, view: &PublicView) -> String {
        match self {
            Page::Home => "index.html".to_string(),
            Page::Offices => "offices/index.html".to_string(),
            Page::Items(n) => page_path("items/", n),
            Page::Overdue(n) => page_path("overdue/", n),
            Page::Data => "data/index.html".to_string(),
            Page::Changes => "changes/index.html".to_string(),
            Page::NotFound => "404.html".to_string(),
            Page::Office(i) => format!("{}index.html", office_href(&view.offices[i])),
            Page::Item(i) => format!("{}index.html", item_href(&view.items[i])),
            Page::Withdrawn(i) => format!("{}index.html", item_href(&view.withdrawn[i])),
            Page::Catalogue => "catalogue/index.html".to_string(),
            Page::Search => "search/index.html".to_string(),
            Page::Stale(n) => page_path("stale/", n),
            Page::FiguresHelp => FIGURES_HELP.to_string() + "index.html",
            Page::ItemsByStatus(..) | Page::ItemsByCategory(..) => {
                page_path(&self.filter_base(view), self.page_number())
            }
            Page::Campaign(p) => p.path(view),
            Page::Bulletins => "bulletins/index.html".to_string(),
            Page::Bulletin(q) => crate::bulletin::page::page_path(q),
        }
    }

    /// The template that renders it.
    pub fn template(self) -> &'static str {
        match self {
            Page::Home => "home.html",
            Page::Offices => "offices.html",
            Page::Office(_) => "office.html",
            Page::Items(_) => "items.html",
            Page::Item(_) => "item.html",
            Page::Withdrawn(_) => "withdrawn.html",
            Page::Catalogue => "catalogue.html",
            Page::Overdue(_) => "overdue.html",
            Page::Data => "data.html",
            Page::Changes => "changes.html",
            Page::NotFound => "404.html",
            Page::Search => "search.html",
            Page::Stale(_) => "stale.html",
            Page::FiguresHelp => "figures_help.html",
            Page::ItemsByStatus(..) | Page::ItemsByCategory(..) => "items_filtered.html",
            Page::Campaign(p) => p.template(),
            Page::Bulletins => "bulletins.html",
            Page::Bulletin(_) => "bulletin.html",
        }
    }

    /// The template context.
    pub fn context(self, view: &PublicView) -> Context {
        let path = self.path(view);
        let mut ctx = Context::new();
        let site = &view.records.site;
        ctx.insert("root", &self.root(view, &path));
        ctx.insert(
            "site",
            &SiteInfo {
                title: &site.title,
                unit: &site.unit,
                campaign: &site.campaign,
                year: site.year,
            },
        );
        ctx.insert("as_of", &view.as_of.to_string());
        ctx.insert("as_of_cn", &chinese_date(view.as_of));
        ctx.insert("provenance", &view.provenance);
        ctx.insert("preview", &view.show_drafts);
        ctx.insert("figures_help", FIGURES_HELP);
        match self {
            Page::Home => home(view, &mut ctx),
            Page::Offices => offices(view, &mut ctx),
            Page::Office(i) => office(view, &view.offices[i], &mut ctx),
            Page::Items(n) => items_index(view, n, &mut ctx),
            Page::Item(i) => item(view, &view.items[i], &mut ctx),
            Page::Data => {
                common(&mut ctx, "data", "数据下载");
                crate::data::page_context(view.data_page.get(), &mut ctx);
            }
            Page::Changes => changes(view, &mut ctx),
            Page::Withdrawn(i) => withdrawn(view, &view.withdrawn[i], &mut ctx),
            Page::Catalogue => catalogue(view, &mut ctx),
            Page::NotFound => common(&mut ctx, "", "页面不存在"),
            Page::Search => common(&mut ctx, "search", "搜索"),
            Page::ItemsByStatus(..) | Page::ItemsByCategory(..) => {
                items_filtered(view, self, &mut ctx)
            }
            Page::Campaign(p) => p.context(view, &mut ctx),
            Page::Bulletins => crate::bulletin::page::index_context(view, &mut ctx),
            Page::Bulletin(q) => crate::bulletin::page::bulletin_context(view, q, &mut ctx),
            Page::Overdue(n) => overdue(view, n, &mut ctx),
            Page::Stale(n) => stale(view, n, &mut ctx),
            Page::FiguresHelp => figures_help(view, &mut ctx),
        }
        ctx
    }
}

impl Page {
    /// Which page of its list this is (0 for pages that are not part of a list).
    fn page_number(self) -> usize {
        match self {
            Page::Items(n)
            | Page::Overdue(n)
            | Page::Stale(n)
            | Page::ItemsByStatus(_, n)
            | Page::ItemsByCategory(_, n) => n,
            _ => 0,
        }
    }

    /// The address of a filter page's first page (`items/status/done/`).
    fn filter_base(self, view: &PublicView) -> String {
        match self {
            Page::ItemsByStatus(s, _) => format!("items/status/{}/", s.slug()),
            Page::ItemsByCategory(c, _) => {
                format!("items/category/{}/", view.records.site.categories[c].id)
            }
            _ => String::new(),
        }
    }

    /// The way from the page back to the site root. The 404 page is served at any address,
    /// so it links absolutely when the site knows its address.
    fn root(self, view: &PublicView, path: &str) -> String {
        match (self, &view.records.site.base_url) {
            (Page::NotFound, Some(base)) => format!("{}/", base.trim_end_matches('/')),
            _ => root_of(path),
        }
    }
}

/// The relative way back to the site root from a page: "./", "../", "../../".
pub fn root_of(path: &str) -> String {
    match path.matches('/').count() {
        0 => "./".to_string(),
        depth => "../".repeat(depth),
    }
}

/// `2026年11月25日`.
pub fn chinese_date(date: NaiveDate) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

/// The values every page has: its section in the navigation, and its title.
pub(crate) fn common(ctx: &mut Context, nav: &str, title: &str) {
    ctx.insert("nav", nav);
    ctx.insert("page_title", title);
}

/// The link to an office's page, from the site root.
pub(crate) fn office_href(office: &PublicOffice) -> String {
    format!("offices/{}/", office.office.id.value)
}

/// The link to an item's page, from the site root.
pub(crate) fn item_href(item: &PublicItem) -> String {
    format!("items/{}/", item.item.id.value)
}

/// A date as YYYY-MM-DD, or nothing.
pub(crate) fn date_or_empty(date: Option<NaiveDate>) -> String {
    date.map(|d| d.to_string()).unwrap_or_default()
}

#[derive(Serialize)]
struct SiteInfo<'a> {
    title: &'a str,
    unit: &'a str,
    campaign: &'a str,
    year: i64,
}

#[derive(Serialize)]
pub(crate) struct FiguresRow {
    total: usize,
    items: usize,
    pending: usize,
    in_progress: usize,
    done: usize,
    overdue: usize,
    rate: String,
}

pub(crate) fn figures_row(f: &crate::derive::Figures) -> FiguresRow {
    FiguresRow {
        total: f.items,
        items: f.items,
        pending: f.pending,
        in_progress: f.in_progress,
        done: f.done,
        overdue: f.overdue,
        rate: f.rate(),
    }
}

#[derive(Serialize)]
struct PhaseRow<'a> {
    name: &'a str,
    start: String,
    end: String,
    deliverable: &'a str,
    due: String,
    current: bool,
}

#[derive(Serialize)]
struct UpdateRow<'a> {
    date: String,
    item_id: &'a str,
    item_title: &'a str,
    item_href: String,
    office_name: &'a str,
    office_href: String,
    status: &'static str,
    status_class: &'static str,
    note: &'a str,
}

fn status_fields(status: Option<Status>) -> (&'static str, &'static str) {
    status.map_or(("", ""), |s| (s.word(), s.slug()))
}

/// The rows of page `n` of a list of items, the list's length as `total`, and the page
/// navigation as `pager` when the list takes more than one page.
fn list_page<'a, Row: Serialize>(
    ctx: &mut Context,
    view: &'a PublicView,
    base: &str,
    list: &[usize],
    n: usize,
    row: impl Fn(&'a PublicView, &'a PublicItem) -> Row,
) {
    let rows: Vec<Row> = page_of(list, n)
        .iter()
        .map(|&i| row(view, &view.items[i]))
        .collect();
    ctx.insert("items", &rows);
    ctx.insert("total", &list.len());
    ctx.insert("pager", &Pager::new(base, n, list.len()));
}

/// 逾期事项: the overdue items, most days overdue first, and a note on the 长期 items.
fn overdue(view: &PublicView, n: usize, ctx: &mut Context) {
    common(ctx, "overdue", "逾期事项");
    list_page(ctx, view, "overdue/", &view.lists.overdue, n, overdue_row);
    ctx.insert("ongoing_count", &view.figures.ongoing);
    ctx.insert("day_unit", view.records.site.deadlines.count.unit());
}

/// 长期未更新: open items with no timeline entry for more than `stale_after` days, longest
/// silence first (then by id).
fn stale(view: &PublicView, n: usize, ctx: &mut Context) {
    common(ctx, "overdue", "长期未更新事项");
    list_page(ctx, view, "stale/", &view.lists.stale, n, overdue_row);
    ctx.insert("stale_after", &view.records.site.deadlines.stale_after);
}

#[derive(Serialize)]
struct HolidayRow<'a> {
    name: &'a str,
    first: String,
    last: String,
    days: usize,
}

#[derive(Serialize)]
struct WorkdayRow<'a> {
    date: String,
    reason: &'a str,
}

#[derive(Serialize)]
struct CalendarYear<'a> {
    year: i32,
    holidays: Vec<HolidayRow<'a>>,
    workdays: Vec<WorkdayRow<'a>>,
}

/// 如何阅读这些数字: each figure's definition, each threshold with its value from site.yaml,
/// the working-day rule and the holiday calendars it uses.
fn figures_help(view: &PublicView, ctx: &mut Context) {
    common(ctx, "", "如何阅读这些数字");
    let rules = &view.records.site.deadlines;
    ctx.insert("count", rules.count.word());
    ctx.insert(
        "working_days",
        &(rules.count == crate::model::DayCount::WorkingDays),
    );
    ctx.insert("day_unit", rules.count.unit());
    ctx.insert("stale_after", &rules.stale_after);
    ctx.insert("due_soon", &rules.due_soon);
    ctx.insert("figures", &figures_row(&view.figures));
    ctx.insert("on_time", &view.figures.on_time);
    ctx.insert("on_time_rate", &view.figures.on_time_rate());
    ctx.insert("stale_count", &view.figures.stale);
    ctx.insert("ongoing_count", &view.figures.ongoing);
    let years: Vec<CalendarYear> = view
        .records
        .site
        .calendar
        .years()
        .map(|y| CalendarYear {
            year: y.year,
            holidays: y
                .holidays
                .iter()
                .map(|h| HolidayRow {
                    name: &h.name,
                    first: date_or_empty(h.days.first().copied()),
                    last: date_or_empty(h.days.last().copied()),
                    days: h.days.len(),
                })
                .collect(),
            workdays: y
                .workdays
                .iter()
                .map(|(d, reason)| WorkdayRow {
                    date: d.to_string(),
                    reason,
                })
                .collect(),
        })
        .collect();
    ctx.insert("calendar_years", &years);
}

fn home(view: &PublicView, ctx: &mut Context) {
    let site = &view.records.site;
    common(ctx, "home", &site.campaign);
    ctx.insert("campaign", &site.campaign);
    ctx.insert("unit", &site.unit);
    let phases: Vec<PhaseRow> = site
        .phases
        .iter()
        .map(|p| PhaseRow {
            name: &p.name,
            start: p.start.to_string(),
            end: p.end.to_string(),
            deliverable: p.deliverable.as_deref().unwrap_or(""),
            due: date_or_empty(p.due),
            current: p.start <= view.as_of && view.as_of <= p.end,
        })
        .collect();
    ctx.insert("phases", &phases);
    ctx.insert("figures", &figures_row(&view.figures));
    ctx.insert(
        "status_chart",
        &crate::campaign::charts::status_distribution(view),
    );
    ctx.insert(
        "overdue",
        &view
            .overdue()
            .into_iter()
            .map(|i| overdue_row(view, i))
            .collect::<Vec<_>>(),
    );
    let updates: Vec<UpdateRow> = view
        .latest_updates(LATEST_UPDATES)
        .into_iter()
        .map(|(item, entry)| {
            let office = view.office_of(item);
            let (status, status_class) = status_fields(entry.status);
            UpdateRow {
                date: entry.date.to_string(),
                item_id: &item.item.id.value,
                item_title: &item.item.title,
                item_href: item_href(item),
                office_name: &office.office.name,
                office_href: office_href(office),
                status,
                status_class,
                note: &entry.note,
            }
        })
        .collect();
    ctx.insert("updates", &updates);
}

#[derive(Serialize)]
struct OfficeRow<'a> {
    id: &'a str,
    name: &'a str,
    href: String,
    parent_name: &'a str,
    #[serde(flatten)]
    figures: FiguresRow,
}

fn parent_name<'a>(view: &'a PublicView, office: &PublicOffice) -> &'a str {
    office
        .office
        .parent
        .as_ref()
        .and_then(|p| view.records.office(&p.value))
        .map_or("", |p| p.name.as_str())
}

fn office_row<'a>(view: &'a PublicView, office: &'a PublicOffice) -> OfficeRow<'a> {
    OfficeRow {
        id: &office.office.id.value,
        name: &office.office.name,
        href: office_href(office),
        parent_name: parent_name(view, office),
        figures: figures_row(&office.figures),
    }
}

fn offices(view: &PublicView, ctx: &mut Context) {
    common(ctx, "offices", "科室");
    ctx.insert(
        "completion_chart",
        &crate::campaign::charts::completion_by_office(view),
    );
    let (current, former): (Vec<&PublicOffice>, Vec<&PublicOffice>) =
        view.offices.iter().partition(|o| o.exists);
    ctx.insert(
        "offices",
        &current
            .into_iter()
            .map(|o| office_row(view, o))
            .collect::<Vec<_>>(),
    );
    ctx.insert(
        "former_offices",
        &former
            .into_iter()
            .map(|o| office_row(view, o))
            .collect::<Vec<_>>(),
    );
}

#[derive(Serialize)]
struct OfficeInfo<'a> {
    id: &'a str,
    name: &'a str,
    parent_name: &'a str,
    parent_href: String,
    chief: &'a str,
    deputy: &'a str,
    duties: &'a str,
    phone: &'a str,
    established: String,
    dissolved: String,
}

fn office(view: &PublicView, office: &PublicOffice, ctx: &mut Context) {
    common(ctx, "offices", &office.office.name);
    let o = office.office;
    let parent = o
        .parent
        .as_ref()
        .and_then(|p| view.offices.iter().find(|x| x.office.id.value == p.value));
    ctx.insert(
        "office",
        &OfficeInfo {
            id: &o.id.value,
            name: &o.name,
            parent_name: parent_name(view, office),
            parent_href: parent.map(office_href).unwrap_or_default(),
            chief: &o.chief,
            deputy: &o.deputy,
            duties: &o.duties,
            phone: &o.phone,
            established: date_or_empty(o.established),
            dissolved: date_or_empty(o.dissolved.filter(|d| *d <= view.as_of)),
        },
    );
    ctx.insert("figures", &figures_row(&office.figures));
    ctx.insert("stale_count", &office.figures.stale);
    ctx.insert("stale_after", &view.records.site.deadlines.stale_after);
    crate::campaign::office_context(view, office, ctx);
    ctx.insert(
        "items",
        &office
            .items
            .iter()
            .map(|&i| item_row(view, &view.items[i]))
            .collect::<Vec<_>>(),
    );
}

#[derive(Serialize)]
pub(crate) struct ItemRow<'a> {
    id: &'a str,
    title: &'a str,
    href: String,
    office_name: &'a str,
    office_href: String,
    office_id: &'a str,
    category: &'a str,
    category_id: &'a str,
    source: &'a str,
    found: String,
    /// The deadline in force, or 长期.
    deadline: String,
    ongoing: bool,
    status: &'static str,
    status_class: &'static str,
    overdue: bool,
    days_overdue: i64,
    /// Days left to the deadline, for an open item not yet overdue.
    days_left: Option<i64>,
    /// Whether `days_left` is given.
    counting_down: bool,
    due_soon: bool,
    /// 天 or 个工作日, after days overdue and days left.
    day_unit: &'static str,
    stale: bool,
    days_since_update: i64,
    last_update: String,
    completed: String,
}

pub(crate) fn item_row<'a>(view: &'a PublicView, item: &'a PublicItem) -> ItemRow<'a> {
    let office = view.office_of(item);
    ItemRow {
        id: &item.item.id.value,
        title: &item.item.title,
        href: item_href(item),
        office_name: &office.office.name,
        office_href: office_href(office),
        office_id: &office.office.id.value,
        category: item.category_name,
        category_id: &item.item.category.value,
        source: &item.item.source.value,
        found: item.item.found.to_string(),
        deadline: deadline_in_force(item.state.deadline),
        ongoing: item.state.deadline.is_none(),
        status: item.state.status.word(),
        status_class: item.state.status.slug(),
        overdue: item.state.overdue,
        days_overdue: item.state.days_overdue,
        days_left: item.state.days_left,
        counting_down: item.state.days_left.is_some(),
        due_soon: item.state.due_soon,
        day_unit: view.records.site.deadlines.count.unit(),
        stale: item.state.stale,
        days_since_update: item.state.days_since_update,
        last_update: item.state.last_update.to_string(),
        completed: date_or_empty(item.state.completed),
    }
}

/// A deadline in force as the tables show it: the date, or 长期.
pub(crate) fn deadline_in_force(deadline: Option<NaiveDate>) -> String {
    deadline.map_or_else(
        || crate::model::Deadline::ONGOING.to_string(),
        |d| d.to_string(),
    )
}

#[derive(Serialize)]
struct OverdueRow<'a> {
    #[serde(flatten)]
    row: ItemRow<'a>,
    responsible: &'a str,
}

fn overdue_row<'a>(view: &'a PublicView, item: &'a PublicItem) -> OverdueRow<'a> {
    OverdueRow {
        row: item_row(view, item),
        responsible: item.item.responsible.as_deref().unwrap_or(""),
    }
}

#[derive(Serialize)]
struct ItemDetail<'a> {
    #[serde(flatten)]
    row: ItemRow<'a>,
    /// The deadline as written, with the day a working-day count resolves to.
    deadline_written: String,
    /// The deadline was written as a number of working days.
    deadline_counted: bool,
    original_deadline: String,
    extended: bool,
    leader: &'a str,
    responsible: &'a str,
    completed_late: bool,
    body_html: String,
    archived: bool,
    display_until: String,
    draft: bool,
}

#[derive(Serialize)]
struct EntryRow<'a> {
    date: String,
    status: &'static str,
    status_class: &'static str,
    note: &'a str,
    deadline: String,
    evidence: Vec<Evidence<'a>>,
}

#[derive(Serialize)]
struct Evidence<'a> {
    text: &'a str,
    href: &'a str,
}

/// Evidence is a link when it is a web address, or an attachment (`attachments/…`, published
/// at the same path and shown by its file name); anything else is shown as text.
fn evidence(text: &str) -> Evidence<'_> {
    if crate::attachments::is_attachment(text) {
        return Evidence {
            text: crate::attachments::file_name(text),
            href: text,
        };
    }
    let lower = text.to_ascii_lowercase();
    let web = lower.starts_with("https://") || lower.starts_with("http://");
    Evidence {
        text,
        href: if web { text } else { "" },
    }
}

fn item(view: &PublicView, item: &PublicItem, ctx: &mut Context) {
    common(ctx, "items", &item.item.title);
    ctx.insert(
        "item",
        &ItemDetail {
            row: item_row(view, item),
            deadline_written: item.item.deadline.value.shown(),
            deadline_counted: matches!(
                item.item.deadline.value,
                crate::model::Deadline::WorkingDays { .. }
            ),
            original_deadline: deadline_in_force(item.item.deadline.value.due()),
            extended: item.state.extended,
            leader: item.item.leader.as_deref().unwrap_or(""),
            responsible: item.item.responsible.as_deref().unwrap_or(""),
            completed_late: item.state.completed_late,
            archived: item.archived,
            display_until: date_or_empty(item.item.disclosure.display_until),
            draft: item.draft,
            body_html: markdown::render(item.item.body_text(), &|kind, id| {
                record_href(view, "../../", kind, id)
            }),
        },
    );
    let timeline: Vec<EntryRow> = item
        .entries(view.as_of)
        .map(|e| {
            let (status, status_class) = status_fields(e.status);
            EntryRow {
                date: e.date.to_string(),
                status,
                status_class,
                note: &e.note,
                deadline: date_or_empty(e.deadline),
                evidence: e.evidence.iter().map(|t| evidence(t)).collect(),
            }
        })
        .collect();
    ctx.insert("timeline", &timeline);
    crate::campaign::item_context(view, item, ctx);
}

#[derive(Serialize)]
struct ChangeRow<'a> {
    kind: &'static str,
    id: &'a str,
    title: &'a str,
    path: &'a str,
    href: String,
}

fn change_rows<'a>(
    view: &PublicView,
    records: &'a [crate::manifest::RecordDigest],
) -> Vec<ChangeRow<'a>> {
    // Looked up by key: a bulk edit can change every one of 100,000 records.
    let listed = crate::campaign::listed(view);
    let campaign: std::collections::HashMap<(&str, &str), &str> = listed
        .iter()
        .map(|c| ((c.kind, c.id.as_str()), c.href.as_str()))
        .collect();
    records
        .iter()
        .map(|r| {
            let (kind, href) = match r.kind.as_str() {
                "item" => (
                    "整改事项",
                    record_href(view, "", "item", &r.id).unwrap_or_default(),
                ),
                "office" => (
                    "科室",
                    record_href(view, "", "office", &r.id).unwrap_or_default(),
                ),
                other => match crate::campaign::kind_label(other) {
                    Some(label) => (
                        label,
                        campaign
                            .get(&(other, r.id.as_str()))
                            .map(|href| href.to_string())
                            .unwrap_or_default(),
                    ),
                    None => ("站点设置", String::new()),
                },
            };
            ChangeRow {
                kind,
                id: &r.id,
                title: &r.title,
                path: &r.path,
                href,
            }
        })
        .collect()
}

fn changes(view: &PublicView, ctx: &mut Context) {
    common(ctx, "changes", "本次更新");
    let c = view.changes();
    ctx.insert("first_publication", &c.previous_as_of.is_none());
    ctx.insert("previous_as_of", c.previous_as_of.as_deref().unwrap_or(""));
    ctx.insert("added", &change_rows(view, &c.added));
    ctx.insert("changed", &change_rows(view, &c.changed));
    ctx.insert("removed", &change_rows(view, &c.removed));
}

/// The link from a page (by its way back to the root) to a published record, if it is published.
pub(crate) fn record_href(view: &PublicView, root: &str, kind: &str, id: &str) -> Option<String> {
    let published = match kind {
        "item" => view
            .items
            .binary_search_by(|i| i.item.id.value.as_str().cmp(id))
            .is_ok(),
        "office" => view
            .offices
            .binary_search_by(|o| o.office.id.value.as_str().cmp(id))
            .is_ok(),
        _ => false,
    };
    published.then(|| format!("{root}{kind}s/{id}/"))
}

/// 整改事项: page `n` of the items with a deadline; the first page also lists the 长期,
/// archived and withdrawn items.
fn items_index(view: &PublicView, n: usize, ctx: &mut Context) {
    common(ctx, "items", "整改事项");
    ctx.insert("filters", &filters(view, None));
    let lists = &view.lists;
    list_page(ctx, view, "items/", &lists.dated, n, item_row);
    ctx.insert("ongoing_total", &lists.ongoing.len());
    let rows = |list: &[usize]| -> Vec<ItemRow> {
        if n > 0 {
            return Vec::new();
        }
        list.iter()
            .map(|&i| item_row(view, &view.items[i]))
            .collect()
    };
    ctx.insert("ongoing_items", &rows(&lists.ongoing));
    ctx.insert("archived_items", &rows(&lists.archived));
    if n > 0 {
        ctx.insert("withdrawn_items", &Vec::<WithdrawnRow>::new());
        return;
    }
    ctx.insert(
        "withdrawn_items",
        &view
            .withdrawn
            .iter()
            .map(|i| withdrawn_row(view, i))
            .collect::<Vec<_>>(),
    );
}

#[derive(Serialize)]
struct WithdrawnRow<'a> {
    id: &'a str,
    title: &'a str,
    href: String,
    office_name: &'a str,
    office_href: String,
    withdrawn_on: String,
    reason: &'a str,
}

fn withdrawn_row<'a>(view: &'a PublicView, item: &'a PublicItem) -> WithdrawnRow<'a> {
    let office = view.office_of(item);
    let withdrawal = item.item.disclosure.withdrawn.as_ref();
    WithdrawnRow {
        id: &item.item.id.value,
        title: &item.item.title,
        href: item_href(item),
        office_name: &office.office.name,
        office_href: office_href(office),
        withdrawn_on: withdrawal.map(|w| w.on.to_string()).unwrap_or_default(),
        reason: withdrawal.map_or("", |w| w.reason.as_str()),
    }
}

fn withdrawn(view: &PublicView, item: &PublicItem, ctx: &mut Context) {
    common(ctx, "items", &format!("已撤回：{}", item.item.title));
    ctx.insert("item", &withdrawn_row(view, item));
}

#[derive(Serialize)]
struct CatalogueRow<'a> {
    kind: &'a str,
    content: &'a str,
    basis: &'a str,
    time_limit: &'a str,
    body: &'a str,
    channel: &'a str,
    audience: &'a str,
}

fn catalogue(view: &PublicView, ctx: &mut Context) {
    common(ctx, "catalogue", "公开目录");
    let rows: Vec<CatalogueRow> = view
        .records
        .site
        .catalogue
        .iter()
        .map(|c| CatalogueRow {
            kind: &c.kind,
            content: &c.content,
            basis: &c.basis,
            time_limit: &c.time_limit,
            body: &c.body,
            channel: &c.channel,
            audience: &c.audience,
        })
        .collect();
    ctx.insert("entries", &rows);
}

#[derive(Serialize)]
struct FilterLink<'a> {
    value: &'a str,
    label: &'a str,
    href: String,
    current: bool,
}

#[derive(Serialize)]
struct Filters<'a> {
    all_href: &'static str,
    statuses: Vec<FilterLink<'a>>,
    categories: Vec<FilterLink<'a>>,
    offices: Vec<FilterLink<'a>>,
    sources: Vec<&'a str>,
    overdue_href: &'static str,
}

/// The filter links of the items pages: each a pre-rendered page, which `tables.js` turns
/// into filters in place on the items index.
fn filters<'a>(view: &'a PublicView, current: Option<Page>) -> Filters<'a> {
    let site = &view.records.site;
    Filters {
        all_href: "items/",
        statuses: Status::ALL
            .iter()
            .map(|&s| FilterLink {
                value: s.slug(),
                label: s.word(),
                href: format!("items/status/{}/", s.slug()),
                current: matches!(current, Some(Page::ItemsByStatus(each, _)) if each == s),
            })
            .collect(),
        categories: site
            .categories
            .iter()
            .enumerate()
            .map(|(i, c)| FilterLink {
                value: &c.id,
                label: &c.name,
                href: format!("items/category/{}/", c.id),
                current: matches!(current, Some(Page::ItemsByCategory(each, _)) if each == i),
            })
            .collect(),
        offices: view
            .offices
            .iter()
            .filter(|o| !o.items.is_empty())
            .map(|o| FilterLink {
                value: &o.office.id.value,
                label: &o.office.name,
                href: office_href(o),
                current: false,
            })
            .collect(),
        sources: site.sources.iter().map(String::as_str).collect(),
        overdue_href: "overdue/",
    }
}

/// A pre-rendered filter view of the items: one status or one category.
fn items_filtered(view: &PublicView, page: Page, ctx: &mut Context) {
    let category = match page {
        Page::ItemsByCategory(c, _) => view.records.site.categories.get(c),
        _ => None,
    };
    let status = match page {
        Page::ItemsByStatus(s, _) => Some(s),
        _ => None,
    };
    let label = match (status, category) {
        (Some(s), _) => s.word(),
        (_, Some(c)) => c.name.as_str(),
        _ => "",
    };
    let list = match page {
        Page::ItemsByStatus(s, _) => Status::ALL
            .iter()
            .position(|&each| each == s)
            .map(|s| &view.lists.by_status[s]),
        Page::ItemsByCategory(c, _) => view.lists.by_category.get(c),
        _ => None,
    };
    common(ctx, "items", &format!("整改事项：{label}"));
    ctx.insert("filter_label", label);
    ctx.insert("filters", &filters(view, Some(page)));
    let base = page.filter_base(view);
    let list = list.map_or(&[][..], Vec::as_slice);
    list_page(ctx, view, &base, list, page.page_number(), item_row);
}
