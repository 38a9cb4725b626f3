//! The bulletin record, `content/bulletins/<YYYY-Qn>.md`: the document's particulars (文号,
//! issuing date, issuer, 主送 / 抄送), the corrections made after publication, and the
//! office commentary as Markdown below the fields.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;

use super::figures::Figure;
use super::quarter::Quarter;
use crate::diagnostics::Diagnostic;
use crate::model::Disclosure;
use crate::source::SourceFile;
use crate::yaml::{Fields, Located, Pos};

/// One quarter's bulletin as the office issued it.
#[derive(Debug, Clone)]
pub struct BulletinRecord {
    /// The quarter, from the `quarter` field (which must match the file name).
    pub quarter: Located<Quarter>,
    /// The title; `<quarter>机关效能建设情况通报` when not given.
    pub title: Option<String>,
    /// 文号, e.g. 青组效通〔2026〕3号.
    pub number: String,
    /// The issuing date (成文日期). Before it, the bulletin is not published.
    pub issued: NaiveDate,
    /// 发文机关.
    pub issuer: String,
    /// 主送.
    pub to: Vec<String>,
    /// 抄送.
    pub cc: Vec<String>,
    /// Figures corrected after publication (发布后更正).
    pub corrections: Vec<Correction>,
    /// The record file.
    pub file: Arc<SourceFile>,
    /// Review and visibility (先审后发, withdrawal).
    pub disclosure: Disclosure,
    /// Byte range of the commentary (Markdown) in the file's text.
    pub body: Range<usize>,
}

impl BulletinRecord {
    /// The commentary below the fields.
    pub fn body_text(&self) -> &str {
        self.file.text.get(self.body.clone()).unwrap_or("")
    }
}

/// An acknowledged difference between a published (frozen) figure and the figure the records
/// give now: the published page shows both, and the note.
#[derive(Debug, Clone)]
pub struct Correction {
    /// The office whose figure changed, or `全部` for the totals row.
    pub office: Located<String>,
    /// Which figure.
    pub figure: Located<Figure>,
    /// The figure as published.
    pub from: i64,
    /// The figure as corrected.
    pub to: i64,
    /// When the correction was made.
    pub date: NaiveDate,
    /// Why: shown to the public.
    pub note: String,
    /// Where the correction is written.
    pub at: Pos,
}

/// The office id that stands for the totals row in a correction.
pub const TOTALS: &str = "全部";

/// The fields of a bulletin record.
pub const BULLETIN_FIELDS: &[&str] = &[
    "quarter",
    "title",
    "number",
    "issued",
    "issuer",
    "to",
    "cc",
    "corrections",
    "draft",
    "approved_by",
    "approved_on",
    "withdrawn_on",
    "withdrawn_reason",
    "display_until",
];

const CORRECTION_FIELDS: &[&str] = &["office", "figure", "from", "to", "date", "note"];

/// Reads one bulletin record file.
pub(crate) fn parse(
    file: Arc<SourceFile>,
    problems: &mut Vec<Diagnostic>,
) -> Option<BulletinRecord> {
    crate::load::read_markdown_record(file, "a bulletin", read, problems)
}

fn read(f: &Fields, file: &Arc<SourceFile>, body_start: usize) -> Option<BulletinRecord> {
    f.reject_unknown(BULLETIN_FIELDS);
    let disclosure = crate::load::read_disclosure(f);
    let quarter = read_quarter(f, &file.path);
    let corrections = f
        .groups("corrections", "a correction")
        .iter()
        .filter_map(read_correction)
        .collect();
    let to: Vec<String> = f.text_list("to").into_iter().map(|t| t.value).collect();
    if to.is_empty() && !f.has("to") {
        f.error(
            "to",
            "missing field `to`: list the 主送 units, e.g. `to: [各科室]`",
        );
    }
    Some(BulletinRecord {
        title: f.opt_text("title"),
        number: f.text("number")?,
        issued: f.date("issued")?,
        issuer: f.text("issuer")?,
        to,
        cc: f.text_list("cc").into_iter().map(|t| t.value).collect(),
        corrections,
        quarter: quarter?,
        file: Arc::clone(file),
        disclosure,
        body: body_start..file.text.len(),
    })
}

/// The `quarter` field, which must name the quarter the file is named after.
fn read_quarter(f: &Fields, path: &Path) -> Option<Located<Quarter>> {
    let written = f.located_text("quarter")?;
    let quarter = match Quarter::parse(&written.value) {
        Ok(q) => q,
        Err(why) => {
            f.error_at(written.at, why);
            return None;
        }
    };
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    if stem != quarter.to_string() {
        f.error_at(
            written.at,
            format!(
                "the record of the {quarter} bulletin must be named {quarter}.md, not {stem}.md"
            ),
        );
    }
    Some(Located {
        value: quarter,
        at: written.at,
    })
}

fn read_correction(c: &Fields) -> Option<Correction> {
    c.reject_unknown(CORRECTION_FIELDS);
    let figure = c.located_text("figure").and_then(|name| {
        let figure = Figure::from_key(&name.value);
        if figure.is_none() {
            c.error_at(
                name.at,
                format!(
                    "`{}` is not a bulletin figure; use one of: {}",
                    name.value,
                    Figure::ALL.map(Figure::key).join(", ")
                ),
            );
        }
        Some(Located {
            value: figure?,
            at: name.at,
        })
    });
    Some(Correction {
        office: c.located_text("office")?,
        from: c.integer("from")?,
        to: c.integer("to")?,
        date: c.date("date")?,
        note: c.text("note")?,
        figure: figure?,
        at: c.pos(),
    })
}
