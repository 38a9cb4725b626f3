//! The bulletin as a document: one model ([`BulletinDoc`]) from which both the web page and
//! the Word file are made, so that they always carry the same text, tables and figures.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;
use tera::Context;

use super::figures::{Figure, OfficeFigures, QuarterFigures, percent};
use super::quarter::Quarter;
use super::record::{Correction, TOTALS};
use super::sections::DocSection;
use crate::pages::{chinese_date, common};
use crate::view::PublicView;

/// One quarter's bulletin, ready to be shown or written.
#[derive(Debug, Clone, Serialize)]
pub struct BulletinDoc {
    /// `2026-Q2`.
    pub quarter: String,
    /// `2026年第二季度`.
    pub name: String,
    /// The title.
    pub title: String,
    /// Says the copy is the web edition (see [`WEB_COPY`]).
    pub mark: &'static str,
    /// Whether it has been issued (its record exists and is dated by the as-of date).
    pub issued: bool,
    /// 文号.
    pub number: String,
    /// 成文日期 in Chinese.
    pub issued_on: String,
    /// 发文机关.
    pub issuer: String,
    /// 主送, joined with 、.
    pub to: String,
    /// 抄送, joined with 、.
    pub cc: String,
    /// The opening paragraph: what the figures are and the day they are computed as of.
    pub intro: String,
    /// How the ranking is made.
    pub ranking_note: String,
    /// The column headings of the figures table.
    pub columns: Vec<&'static str>,
    /// Ranked offices first, then the offices without items.
    pub rows: Vec<DocRow>,
    /// The totals.
    pub totals: DocRow,
    /// The heading of the figures, numbered (一、整改事项办理情况).
    pub figures_heading: String,
    /// The sections after the figures, their headings numbered.
    pub sections: Vec<DocSection>,
    /// The heading of the commentary, numbered.
    pub commentary_heading: String,
    /// The commentary as sanitized HTML.
    pub commentary_html: String,
    /// The commentary's paragraphs as plain text, for the Word file.
    pub commentary_text: Vec<String>,
    /// Corrections after publication.
    pub corrections: Vec<DocCorrection>,
    /// When the figures were frozen, if they were.
    pub frozen_on: String,
    /// The Word file, from the site root.
    pub docx_href: String,
}

/// Numbers of a bulletin's first-level headings.
const NUMERALS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

/// What every copy made from the site says: it is not the issued document.
pub const WEB_COPY: &str = "网页公开版：无红头、无印章，以正式印发文件为准";

/// One row of the figures table.
#[derive(Debug, Clone, Serialize)]
pub struct DocRow {
    /// The rank, or empty for offices without items and the totals.
    pub rank: String,
    /// The office name.
    pub name: String,
    /// The office page, from the site root (empty for the totals).
    pub href: String,
    /// The counts, in column order.
    pub cells: Vec<DocCell>,
    /// 办结率.
    pub completion: String,
    /// 按期办结率.
    pub on_time: String,
}

/// One count, with the published figure when it was corrected after publication.
#[derive(Debug, Clone, Serialize)]
pub struct DocCell {
    /// The figure now.
    pub value: usize,
    /// The figure as first published, when a correction changed it.
    pub original: Option<i64>,
}

/// A correction as the public reads it.
#[derive(Debug, Clone, Serialize)]
pub struct DocCorrection {
    /// Office name (or 合计).
    pub office: String,
    /// The figure's heading.
    pub figure: &'static str,
    /// As published.
    pub from: i64,
    /// As corrected.
    pub to: i64,
    /// The day of the correction.
    pub date: String,
    /// Why.
    pub note: String,
    /// The whole correction in one sentence, as the page and the Word file write it.
    pub text: String,
}

/// The path of a quarter's bulletin page.
pub fn page_path(quarter: Quarter) -> String {
    format!("bulletins/{quarter}/index.html")
}

/// The path of a quarter's Word file.
pub fn docx_path(quarter: Quarter) -> String {
    format!("bulletins/{quarter}/{quarter}-bulletin.docx")
}

impl BulletinDoc {
    /// Makes the bulletin of `quarter` from the view's records.
    pub fn new(view: &PublicView, quarter: Quarter) -> BulletinDoc {
        let records = view.records;
        let last = quarter.last_day();
        let mut at_end = PublicView::new(records, last, false);
        let figures = QuarterFigures::from_view(&at_end, quarter);
        let record = super::issued(view, quarter);
        let corrections: &[Correction] = record.map_or(&[], |r| r.corrections.as_slice());
        let correction = |office: &str, figure: Figure| {
            corrections
                .iter()
                .find(|c| c.office.value == office && c.figure.value == figure)
                .map(|c| c.from)
        };
        let row = |rank: String, r: &OfficeFigures| DocRow {
            rank,
            name: r.name.clone(),
            href: if r.office == TOTALS || records.office(&r.office).is_none() {
                String::new()
            } else {
                format!("offices/{}/", r.office)
            },
            cells: Figure::ALL
                .iter()
                .map(|&f| DocCell {
                    value: r.count(f),
                    original: correction(&r.office, f),
                })
                .collect(),
            completion: percent(r.completion()),
            on_time: percent(r.on_time()),
        };
        let ranking = figures.ranking();
        let mut rows: Vec<DocRow> = ranking
            .iter()
            .map(|(rank, r)| row(rank.to_string(), r))
            .collect();
        rows.extend(
            figures
                .rows
                .iter()
                .filter(|r| r.completion().is_none())
                .map(|r| row(String::new(), r)),
        );
        let body = record.map_or("", |r| r.body_text());
        // A campaign record withdrawn since the quarter ended leaves the bulletin's sections too.
        (at_end.campaign, at_end.campaign_withdrawn) =
            records.campaign.public(crate::campaign::Visibility {
                review_required: records.site.review_required,
                as_of: view.as_of.max(last),
                show_drafts: false,
            });
        let mut sections = super::sections::sections(&at_end, quarter);
        for (i, s) in sections.iter_mut().enumerate() {
            s.heading = format!("{}、{}", NUMERALS[(i + 1) % NUMERALS.len()], s.heading);
        }
        let commentary_number = NUMERALS[(sections.len() + 1) % NUMERALS.len()];
        BulletinDoc {
            quarter: quarter.to_string(),
            mark: WEB_COPY,
            name: quarter.name(),
            title: record
                .and_then(|r| r.title.clone())
                .unwrap_or_else(|| format!("关于{}机关效能建设情况的通报", quarter.name())),
            issued: record.is_some(),
            number: record.map(|r| r.number.clone()).unwrap_or_default(),
            issued_on: record.map(|r| chinese_date(r.issued)).unwrap_or_default(),
            issuer: record.map(|r| r.issuer.clone()).unwrap_or_default(),
            to: record.map(|r| r.to.join("、")).unwrap_or_default(),
            cc: record.map(|r| r.cc.join("、")).unwrap_or_default(),
            intro: format!(
                "现将{}（{}至{}）各科室整改事项办理情况通报如下。数据按截至{}（本季度最后一天）的记录计算，此后登记的进展不改变本季度数据。",
                quarter.name(),
                chinese_date(quarter.first_day()),
                chinese_date(last),
                chinese_date(last)
            ),
            ranking_note: "排名依据：先比办结率（累计办结 ÷ 累计事项），相同的再比按期办结率（其中按期办结 ÷ 本季度办结）；两项都相同的并列同一名次。尚无整改事项的科室不排名。".to_string(),
            columns: Figure::ALL.iter().map(|f| f.label()).collect(),
            figures_heading: format!("{}、整改事项办理情况", NUMERALS[0]),
            sections,
            commentary_heading: format!("{commentary_number}、各科室情况点评"),
            rows,
            totals: row(String::new(), &figures.totals),
            commentary_html: crate::markdown::render(body, &|kind, id| {
                crate::pages::record_href(view, "../../", kind, id)
            }),
            commentary_text: plain_paragraphs(body),
            corrections: corrections
                .iter()
                .map(|c| {
                    let mut doc = DocCorrection {
                        office: figures
                            .row(&c.office.value)
                            .map_or_else(|| c.office.value.clone(), |r| r.name.clone()),
                        figure: c.figure.value.label(),
                        from: c.from,
                        to: c.to,
                        date: chinese_date(c.date),
                        note: c.note.clone(),
                        text: String::new(),
                    };
                    doc.text = super::docx::correction_text(&doc);
                    doc
                })
                .collect(),
            frozen_on: records
                .bulletins
                .snapshot(quarter)
                .map(|s| chinese_date(s.frozen_on))
                .unwrap_or_default(),
            docx_href: docx_path(quarter),
        }
    }
}

/// The paragraphs of a Markdown text as plain text: headings and list items become their own
/// paragraphs, inline marks are dropped.
pub fn plain_paragraphs(markdown: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut out = Vec::new();
    let mut current = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => current.push_str(&t),
            Event::SoftBreak | Event::HardBreak => {}
            Event::Start(Tag::Item) if !current.trim().is_empty() => {
                out.push(std::mem::take(&mut current).trim().to_string());
            }
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => {
                if !current.trim().is_empty() {
                    out.push(std::mem::take(&mut current).trim().to_string());
                }
                current.clear();
            }
            _ => {}
        }
    }
    if !current.trim().is_empty() {
        out.push(current.trim().to_string());
    }
    out
}

/// The bulletins index page.
pub fn index_context(view: &PublicView, ctx: &mut Context) {
    common(ctx, "bulletins", "季度通报");
    #[derive(Serialize)]
    struct Row {
        quarter: String,
        name: String,
        title: String,
        href: String,
        number: String,
        issued_on: String,
        frozen: bool,
        corrected: bool,
        withdrawn: bool,
    }
    let rows: Vec<Row> = super::quarters(view)
        .into_iter()
        .rev()
        .map(|q| {
            let record = super::issued(view, q);
            Row {
                quarter: q.to_string(),
                name: q.name(),
                title: record
                    .and_then(|r| r.title.clone())
                    .unwrap_or_else(|| format!("关于{}机关效能建设情况的通报", q.name())),
                href: format!("bulletins/{q}/"),
                number: record.map(|r| r.number.clone()).unwrap_or_default(),
                issued_on: record.map(|r| r.issued.to_string()).unwrap_or_default(),
                frozen: view.records.bulletins.snapshot(q).is_some(),
                corrected: record.is_some_and(|r| !r.corrections.is_empty()),
                withdrawn: super::withdrawn(view, q).is_some(),
            }
        })
        .collect();
    ctx.insert("bulletins", &rows);
}

/// The bulletin of `quarter` as of the view's date, made once per view.
pub fn doc(view: &PublicView, quarter: Quarter) -> Arc<BulletinDoc> {
    let made = |docs: &BTreeMap<Quarter, Arc<BulletinDoc>>| docs.get(&quarter).cloned();
    if let Some(doc) = view.bulletins.lock().ok().and_then(|docs| made(&docs)) {
        return doc;
    }
    let doc = Arc::new(BulletinDoc::new(view, quarter));
    if let Ok(mut docs) = view.bulletins.lock() {
        docs.insert(quarter, Arc::clone(&doc));
    }
    doc
}

/// One bulletin's page.
pub fn bulletin_context(view: &PublicView, quarter: Quarter, ctx: &mut Context) {
    if let Some(note) = super::withdrawn_note(view, quarter) {
        crate::campaign::withdrawn_page(&note, ctx);
        return;
    }
    let doc = doc(view, quarter);
    let draft = super::issued(view, quarter).is_some_and(|r| crate::campaign::is_draft(view, r));
    ctx.insert("record_draft", &draft);
    common(ctx, "bulletins", &doc.title);
    ctx.insert("bulletin", &*doc);
}
