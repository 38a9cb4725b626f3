//! Public opinions (群众意见) received outside the democratic evaluations — through opinion
//! cards, the mailbox, visits, calls or messages online: the day received, the channel
//! (site.yaml `opinions: channels:`), the office concerned, a summary, the office's response
//! and the day of it, and the items the opinion led to.
//!
//! The sender is never stored: a record with a sender, name, phone or address field is
//! refused, so no one's identity can reach the site. An opinion received after the as-of date
//! is not published; a response dated after it shows as 待回应 (awaiting).

use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;
use tera::Context;

use crate::campaign::Known;
use crate::campaign::inspections::{
    ItemLink, OfficeLink, check_unique_ids, item_link, office_link, read_words,
};
use crate::diagnostics::Diagnostic;
use crate::model::Disclosure;
use crate::privacy::{Pass, Place};
use crate::source::SourceFile;
use crate::validate::check_reference;
use crate::view::{PublicItem, PublicOffice, PublicView};
use crate::yaml::{Fields, Located};

/// The channels when site.yaml names none.
pub const DEFAULT_CHANNELS: [&str; 5] = ["意见卡", "意见箱", "来访", "来电", "网上留言"];

/// Fields that would identify the person who gave the opinion: refused with their own message.
const SENDER_FIELDS: &[&str] = &[
    "sender",
    "name",
    "from",
    "phone",
    "contact",
    "address",
    "email",
    "id_number",
    "姓名",
    "电话",
    "联系方式",
    "来信人",
    "反映人",
];

/// One record of `content/opinions/`.
#[derive(Debug, Clone)]
pub struct Opinion {
    /// Id, used in its URL.
    pub id: Located<String>,
    /// The day it was received.
    pub received: NaiveDate,
    /// How it came in (one of the configured channels).
    pub channel: Located<String>,
    /// The office it concerns.
    pub office: Located<String>,
    /// What it says, in the office's words (no names).
    pub summary: String,
    /// The office's response, if given.
    pub response: String,
    /// The day of the response.
    pub responded_on: Option<NaiveDate>,
    /// The rectification items it led to.
    pub items: Vec<Located<String>>,
    /// The record file.
    pub file: Arc<SourceFile>,
    /// Review and visibility (先审后发, withdrawal).
    pub disclosure: Disclosure,
}

/// This record type's rules from site.yaml.
#[derive(Debug, Clone)]
pub struct Rules {
    /// The channels opinions come through.
    pub channels: Vec<String>,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            channels: DEFAULT_CHANNELS.iter().map(|c| c.to_string()).collect(),
        }
    }
}

/// Reads this record type's section of site.yaml (`opinions: channels: [...]`).
pub(crate) fn read_rules(site: &Fields) -> Rules {
    Rules {
        channels: read_words(
            site,
            "opinions",
            "the opinions section",
            "channels",
            &DEFAULT_CHANNELS,
        ),
    }
}

/// The fields of a record of `content/opinions/`.
pub const FIELDS: &[&str] = &[
    "id",
    "received",
    "channel",
    "office",
    "summary",
    "response",
    "responded_on",
    "items",
    "draft",
    "approved_by",
    "approved_on",
    "withdrawn_on",
    "withdrawn_reason",
    "display_until",
];

/// Reads every file of `content/opinions/`.
pub(crate) fn load(root: &Path) -> (Vec<Opinion>, Vec<Diagnostic>) {
    let (mut records, problems) =
        crate::load::read_yaml_folder(root, "content/opinions", "an opinion", read);
    records.sort_by(|a: &Opinion, b| (a.received, &a.id.value).cmp(&(b.received, &b.id.value)));
    (records, problems)
}

fn read(f: &Fields, file: &Arc<SourceFile>) -> Option<Opinion> {
    for key in SENDER_FIELDS.iter().filter(|k| f.has(k)) {
        f.error(
            key,
            format!(
                "`{key}`: senders are never stored — the public's opinions are published without the name or contact of whoever gave them; remove this field"
            ),
        );
    }
    let known: Vec<&str> = FIELDS.iter().chain(SENDER_FIELDS).copied().collect();
    f.reject_unknown(&known);
    let disclosure = crate::load::read_disclosure(f);
    let (id, received, channel, office, summary) = (
        f.id("id"),
        f.date("received"),
        f.located_text("channel"),
        f.located_text("office"),
        f.text("summary"),
    );
    let response = f.opt_text("response").unwrap_or_default();
    let responded_on = f.opt_date("responded_on");
    match (response.is_empty(), responded_on) {
        (false, None) if !f.has("responded_on") => f.error(
            "response",
            "a response needs `responded_on`, the day it was given",
        ),
        (true, Some(_)) => f.error(
            "responded_on",
            "`responded_on` needs `response`, what the office answered",
        ),
        _ => {}
    }
    if let (Some(received), Some(on)) = (received, responded_on) {
        if on < received {
            f.error(
                "responded_on",
                format!(
                    "the response ({on}) is dated before the opinion was received ({received})"
                ),
            );
        }
    }
    Some(Opinion {
        id: id?,
        received: received?,
        channel: channel?,
        office: office?,
        summary: summary?,
        response,
        responded_on,
        items: f.text_list("items"),
        file: Arc::clone(file),
        disclosure,
    })
}

/// Checks the records against the site's rules and the other records.
pub(crate) fn validate(known: &Known, records: &[Opinion], problems: &mut Vec<Diagnostic>) {
    let channels: Vec<&str> = known
        .site
        .rules
        .opinions
        .channels
        .iter()
        .map(String::as_str)
        .collect();
    let offices: Vec<&str> = known.offices.iter().map(|o| o.id.value.as_str()).collect();
    let items: Vec<&str> = known.items.iter().map(|i| i.id.value.as_str()).collect();
    check_unique_ids(
        "opinion",
        records.iter().map(|r| (&r.id, &r.file)),
        problems,
    );
    for r in records {
        check_reference(&r.channel, "channel", &channels, &r.file, problems);
        check_reference(&r.office, "office", &offices, &r.file, problems);
        for item in &r.items {
            check_reference(item, "item", &items, &r.file, problems);
        }
    }
}

/// Censors and masks every published text of the records.
pub(crate) fn protect(records: &mut [Opinion], pass: &mut Pass) {
    for r in records {
        let file = Arc::clone(&r.file);
        let place = Place::record(&r.id, format!("opinion {}", r.id.value), &file);
        pass.text(&place, "summary", &mut r.summary);
        pass.text(&place, "response", &mut r.response);
        crate::privacy::disclosure(pass, &place, &mut r.disclosure);
    }
}

/// The opinions published on the as-of date (received on or before it), oldest first.
fn published<'v>(view: &'v PublicView) -> impl Iterator<Item = &'v Opinion> {
    let as_of = view.as_of;
    view.campaign
        .opinions
        .iter()
        .filter(move |r| r.received <= as_of)
}

/// Whether the opinion had been answered by the as-of date.
fn answered(view: &PublicView, r: &Opinion) -> bool {
    r.responded_on.is_some_and(|d| d <= view.as_of)
}

#[derive(Debug, Serialize)]
struct OpinionRow {
    id: String,
    received: String,
    channel: String,
    office: OfficeLink,
    summary: String,
    answered: bool,
    response: String,
    responded_on: String,
    items: Vec<ItemLink>,
    draft: bool,
}

fn opinion_row(view: &PublicView, r: &Opinion) -> OpinionRow {
    let answered = answered(view, r);
    OpinionRow {
        id: r.id.value.clone(),
        received: r.received.to_string(),
        channel: r.channel.value.clone(),
        office: office_link(view, &r.office.value),
        summary: r.summary.clone(),
        answered,
        response: if answered {
            r.response.clone()
        } else {
            String::new()
        },
        responded_on: if answered {
            crate::pages::date_or_empty(r.responded_on)
        } else {
            String::new()
        },
        items: r.items.iter().map(|i| item_link(view, &i.value)).collect(),
        draft: super::is_draft(view, r),
    }
}

/// Opinions and responses per office: "意见 N 条，已回应 M 条".
#[derive(Debug, Serialize)]
struct OfficeCount {
    office: OfficeLink,
    received: usize,
    answered: usize,
    awaiting: usize,
}

fn office_counts(view: &PublicView) -> Vec<OfficeCount> {
    view.offices
        .iter()
        .filter_map(|o| {
            let id = &o.office.id.value;
            let mine: Vec<&Opinion> = published(view).filter(|r| &r.office.value == id).collect();
            let answered = mine.iter().filter(|r| answered(view, r)).count();
            (!mine.is_empty()).then(|| OfficeCount {
                office: office_link(view, id),
                received: mine.len(),
                answered,
                awaiting: mine.len() - answered,
            })
        })
        .collect()
}

/// The section, for withdrawn opinions' notes.
const SECTION: super::Section = super::Section {
    nav: "supervision",
    name: "群众意见",
    href: "opinions/",
};

/// The opinions withdrawn by the as-of date: out of the lists and the counts (here, on office
/// and item pages), named in the page's 已撤回 note by id, office and date only.
fn withdrawn(view: &PublicView) -> Vec<super::WithdrawnNote> {
    view.campaign_withdrawn
        .opinions
        .iter()
        .filter(|r| r.received <= view.as_of)
        .map(|r| {
            let office = super::office_name(view, &r.office.value);
            let name = format!("群众意见 {}（{office}，{}收到）", r.id.value, r.received);
            super::WithdrawnNote::of(r, (&r.id.value, name), SECTION, String::new())
        })
        .collect()
}

/// A page of this section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpinionsPage {
    /// Every published opinion, newest first, with counts per office.
    Index,
}

impl OpinionsPage {
    /// Every page of the section.
    pub fn plan(_view: &PublicView) -> Vec<OpinionsPage> {
        vec![OpinionsPage::Index]
    }

    /// The output path below the site root.
    pub fn path(self, _view: &PublicView) -> String {
        "opinions/index.html".to_string()
    }

    /// The template that renders it.
    pub fn template(self) -> &'static str {
        "opinions.html"
    }

    /// The page's values.
    pub fn context(self, view: &PublicView, ctx: &mut Context) {
        crate::pages::common(ctx, "supervision", "群众意见");
        let mut rows: Vec<OpinionRow> = published(view).map(|r| opinion_row(view, r)).collect();
        rows.reverse();
        let counts = office_counts(view);
        ctx.insert(
            "opinion_total",
            &counts.iter().map(|c| c.received).sum::<usize>(),
        );
        ctx.insert(
            "opinion_answered",
            &counts.iter().map(|c| c.answered).sum::<usize>(),
        );
        ctx.insert("opinions", &rows);
        ctx.insert("office_counts", &counts);
        ctx.insert("channels", &view.records.site.rules.opinions.channels);
        super::withdrawn_notes(&withdrawn(view), ctx);
    }
}

/// What this section adds to an office's page: the opinions about it and its responses.
pub(crate) fn office_context(view: &PublicView, office: &PublicOffice, ctx: &mut Context) {
    let id = &office.office.id.value;
    let mut rows: Vec<OpinionRow> = published(view)
        .filter(|r| &r.office.value == id)
        .map(|r| opinion_row(view, r))
        .collect();
    rows.reverse();
    ctx.insert(
        "office_opinions_answered",
        &rows.iter().filter(|r| r.answered).count(),
    );
    ctx.insert("office_opinions", &rows);
}

/// What this section adds to an item's page: the opinions that led to it.
pub(crate) fn item_context(view: &PublicView, item: &PublicItem, ctx: &mut Context) {
    let named = view.mentions.opinions.get(&item.item.id.value);
    let rows: Vec<OpinionRow> = named
        .into_iter()
        .flatten()
        .filter_map(|&o| view.campaign.opinions.get(o))
        .filter(|r| r.received <= view.as_of)
        .map(|r| opinion_row(view, r))
        .collect();
    ctx.insert("item_opinions", &rows);
}
