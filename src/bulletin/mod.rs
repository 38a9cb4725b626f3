//! Quarterly bulletins (季度通报): the 四个一 system publishes a bulletin of every office every
//! quarter. A bulletin's figures are computed as of the quarter's last day ([`figures`]), so
//! they are reproducible whenever the site is built; once published they are frozen
//! ([`freeze`]) and a later change shows as a dated correction, never as a silent rewrite.
//! Each bulletin is a page that prints on A4 in the manner of GB/T 9704 and a Word file
//! ([`docx`]), because bulletins circulate as Word documents.

pub mod docx;
pub mod figures;
pub mod freeze;
pub mod page;
pub mod quarter;
pub mod record;
pub mod sections;

use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::view::PublicView;
pub use figures::{Figure, QuarterFigures};
pub use freeze::Snapshot;
pub use quarter::Quarter;
pub use record::BulletinRecord;

/// The bulletins' records: `content/bulletins/<YYYY-Qn>.md` and the snapshots
/// `content/bulletins/<YYYY-Qn>.frozen.yaml`.
#[derive(Debug, Clone, Default)]
pub struct Bulletins {
    /// The bulletin records, by quarter.
    pub records: Vec<BulletinRecord>,
    /// The frozen figures, by quarter.
    pub snapshots: Vec<Snapshot>,
}

impl Bulletins {
    /// The record of a quarter's bulletin.
    pub fn record(&self, quarter: Quarter) -> Option<&BulletinRecord> {
        self.records.iter().find(|r| r.quarter.value == quarter)
    }

    /// The snapshot of a quarter's bulletin, if it was frozen.
    pub fn snapshot(&self, quarter: Quarter) -> Option<&Snapshot> {
        self.snapshots.iter().find(|s| s.quarter.value == quarter)
    }
}

/// The folder of the bulletins' records.
pub const FOLDER: &str = "content/bulletins";

/// Reads `content/bulletins/`: Markdown records and frozen snapshots.
pub(crate) fn load(root: &Path) -> (Bulletins, Vec<Diagnostic>) {
    let (files, mut problems) = crate::load::read_files(root, FOLDER, &["md", "yaml", "yml"]);
    let mut bulletins = Bulletins::default();
    for file in files {
        let is_markdown = file.path.extension().is_some_and(|e| e == "md");
        if is_markdown {
            bulletins.records.extend(record::parse(file, &mut problems));
        } else if file.path.to_string_lossy().ends_with(".frozen.yaml") {
            bulletins.snapshots.extend(crate::load::read_yaml_record(
                file,
                "a bulletin snapshot",
                freeze::read,
                &mut problems,
            ));
        } else {
            problems.push(Diagnostic::warning(
                &file.path,
                0,
                0,
                "ignored: bulletins/ holds <quarter>.md records and the <quarter>.frozen.yaml snapshots written by `gongkai bulletin --freeze`",
            ));
        }
    }
    bulletins.records.sort_by_key(|r| r.quarter.value);
    bulletins.snapshots.sort_by_key(|s| s.quarter.value);
    (bulletins, problems)
}

/// Cross-file checks: a correction names a known office.
pub(crate) fn validate(bulletins: &Bulletins, office_ids: &[&str], problems: &mut Vec<Diagnostic>) {
    for record in &bulletins.records {
        for c in &record.corrections {
            if c.office.value != record::TOTALS && !office_ids.contains(&c.office.value.as_str()) {
                problems.push(crate::validate::error(
                    &record.file,
                    c.office.at,
                    format!(
                        "unknown office `{}` in a correction: write an office id, or `{}` for the totals",
                        c.office.value,
                        record::TOTALS
                    ),
                ));
            }
        }
    }
}

/// Censors and masks every published text of the bulletins' records (see
/// [`crate::privacy::apply`]).
pub(crate) fn protect(bulletins: &mut Bulletins, pass: &mut crate::privacy::Pass) {
    for record in &mut bulletins.records {
        let file = std::sync::Arc::clone(&record.file);
        let id = crate::yaml::Located {
            value: record.quarter.value.to_string(),
            at: record.quarter.at,
        };
        let place = crate::privacy::Place::record(&id, format!("bulletin {}", id.value), &file);
        place_fields(record, &place, pass);
        crate::privacy::disclosure(pass, &place, &mut record.disclosure);
        if let Some((file, body)) = pass.markdown_body(&place, &file, &record.body) {
            record.file = file;
            record.body = body;
        }
    }
}

fn place_fields(
    record: &mut BulletinRecord,
    place: &crate::privacy::Place,
    pass: &mut crate::privacy::Pass,
) {
    if let Some(title) = &mut record.title {
        pass.text(place, "title", title);
    }
    pass.text(place, "number", &mut record.number);
    pass.text(place, "issuer", &mut record.issuer);
    for t in record.to.iter_mut() {
        pass.text(place, "to", t);
    }
    for t in record.cc.iter_mut() {
        pass.text(place, "cc", t);
    }
    for c in record.corrections.iter_mut() {
        pass.text(place, "note", &mut c.note);
    }
}

/// The quarters that have a bulletin as of `as_of`: every quarter that has ended by then,
/// from the first in which an item was found (or a bulletin was recorded).
pub fn quarters(view: &PublicView) -> Vec<Quarter> {
    let records = view.records;
    let first_item = records.items.iter().map(|i| i.found).min();
    let first_record = records
        .bulletins
        .records
        .first()
        .map(|r| r.quarter.value.first_day());
    let Some(first) = first_item.into_iter().chain(first_record).min() else {
        return Vec::new();
    };
    let mut quarters = Vec::new();
    let mut quarter = Quarter::of(first);
    while quarter.last_day() <= view.as_of {
        quarters.push(quarter);
        quarter = quarter.next();
    }
    quarters
}

/// The Word files of every bulletin, at the paths their pages link to.
pub fn files(view: &PublicView) -> Result<Vec<crate::publish::OutputFile>, String> {
    quarters(view)
        .into_iter()
        .filter(|&q| withdrawn(view, q).is_none())
        .map(|q| {
            let doc = page::doc(view, q);
            let date = issued(view, q)
                .map_or(q.last_day(), |r| r.issued)
                .to_string();
            Ok(crate::publish::OutputFile {
                path: page::docx_path(q),
                bytes: docx::write(&doc, &date)?,
            })
        })
        .collect()
}

/// The bulletin of `quarter` as the public knows it on the view's date: its record, when
/// issued by then, shown (approved, or a draft in a preview) and not withdrawn. A draft record
/// leaves the quarter as not yet issued.
pub fn issued<'v>(view: &'v PublicView, quarter: Quarter) -> Option<&'v BulletinRecord> {
    shown(view, quarter).filter(|r| r.disclosure.withdrawn_by(view.as_of).is_none())
}

/// The record of a quarter's bulletin withdrawn by the view's date: its page becomes a notice
/// and it no longer counts as the quarter's bulletin activity.
pub fn withdrawn<'v>(view: &'v PublicView, quarter: Quarter) -> Option<&'v BulletinRecord> {
    shown(view, quarter).filter(|r| r.disclosure.withdrawn_by(view.as_of).is_some())
}

/// The notice of a quarter's withdrawn bulletin: its page says when and why, nothing else.
pub(crate) fn withdrawn_note(
    view: &PublicView,
    quarter: Quarter,
) -> Option<crate::campaign::WithdrawnNote> {
    let record = withdrawn(view, quarter)?;
    let section = crate::campaign::Section {
        nav: "bulletins",
        name: "季度通报",
        href: "bulletins/",
    };
    let name = format!("{}通报（{}）", quarter.name(), record.number);
    Some(crate::campaign::WithdrawnNote::of(
        record,
        (&quarter.to_string(), name),
        section,
        format!("bulletins/{quarter}/"),
    ))
}

fn shown<'v>(view: &'v PublicView, quarter: Quarter) -> Option<&'v BulletinRecord> {
    let visibility = crate::campaign::Visibility {
        review_required: view.records.site.review_required,
        as_of: view.as_of,
        show_drafts: view.show_drafts,
    };
    view.records
        .bulletins
        .record(quarter)
        .filter(|r| r.issued <= view.as_of && visibility.shown(*r))
}
