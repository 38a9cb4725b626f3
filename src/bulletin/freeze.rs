//! Frozen once published. `gongkai bulletin <quarter> --freeze` writes the published figures
//! to `content/bulletins/<quarter>.frozen.yaml`. Every later `check` and `build` recomputes the
//! quarter; a figure that differs (someone edited a timeline entry dated inside the quarter)
//! is an error naming the figure, the quarter and the records behind the change — unless the
//! bulletin's record acknowledges it with a correction, which the published page then shows
//! next to the original figure. History is never silently rewritten.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;

use super::figures::{Figure, OfficeFigures, QuarterFigures};
use super::quarter::Quarter;
use super::record::{BulletinRecord, Correction, TOTALS};
use crate::diagnostics::Diagnostic;
use crate::model::Records;
use crate::source::SourceFile;
use crate::yaml::{Fields, Located, Pos};

/// The figures of a published bulletin, as published.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// The quarter.
    pub quarter: Located<Quarter>,
    /// When the figures were frozen.
    pub frozen_on: NaiveDate,
    /// One row per office, and the totals under `全部`.
    pub rows: Vec<FrozenRow>,
    /// The snapshot file.
    pub file: Arc<SourceFile>,
}

/// One office's published figures.
#[derive(Debug, Clone)]
pub struct FrozenRow {
    /// The office id, or `全部`.
    pub office: Located<String>,
    /// Per figure: the published count, the items counted, and where the count is written.
    pub figures: Vec<(Figure, usize, Vec<String>, Pos)>,
}

impl FrozenRow {
    /// The published count of one figure.
    pub fn count(&self, figure: Figure) -> Option<usize> {
        self.figures
            .iter()
            .find(|(f, ..)| *f == figure)
            .map(|(_, n, ..)| *n)
    }
}

impl Snapshot {
    /// The published row of an office (or `全部`).
    pub fn row(&self, office: &str) -> Option<&FrozenRow> {
        self.rows.iter().find(|r| r.office.value == office)
    }
}

/// The snapshot file of a quarter, relative to the site root.
pub fn snapshot_path(quarter: Quarter) -> PathBuf {
    PathBuf::from(format!("content/bulletins/{quarter}.frozen.yaml"))
}

/// `gongkai bulletin <quarter> --freeze`: writes the quarter's figures, computed now, to its
/// snapshot file under `root`, dated `today`. A quarter is frozen once: an existing snapshot
/// is never overwritten (a later change is a correction in the bulletin's record).
pub fn write_snapshot(
    root: &Path,
    records: &Records,
    quarter: Quarter,
    today: NaiveDate,
) -> Result<PathBuf, crate::Error> {
    let relative = snapshot_path(quarter);
    let path = root.join(&relative);
    if let Some(existing) = records.bulletins.snapshot(quarter) {
        return Err(crate::Error::Records(vec![Diagnostic::error(
            &existing.file.path,
            existing.quarter.at.line,
            existing.quarter.at.column,
            format!(
                "the {quarter} bulletin was already frozen on {}: published figures are never re-frozen; record a change as a correction in content/bulletins/{quarter}.md",
                existing.frozen_on
            ),
        )
        .with_source(&existing.file.text)]));
    }
    if path.exists() {
        return Err(crate::Error::Environment(format!(
            "{} exists but could not be read as a snapshot: move it away first",
            path.display()
        )));
    }
    let figures = QuarterFigures::compute(records, quarter);
    crate::publish::write_file_atomically(&path, snapshot_text(&figures, today).as_bytes())
        .map_err(|e| crate::Error::Environment(format!("cannot write {}: {e}", path.display())))?;
    Ok(relative)
}

/// Reads a snapshot file.
pub(crate) fn read(f: &Fields, file: &Arc<SourceFile>) -> Option<Snapshot> {
    f.reject_unknown(&["quarter", "frozen_on", "offices"]);
    let written = f.located_text("quarter")?;
    let quarter = match Quarter::parse(&written.value) {
        Ok(q) => q,
        Err(why) => {
            f.error_at(written.at, why);
            return None;
        }
    };
    let expected = snapshot_path(quarter);
    if file.path.file_name() != expected.file_name() {
        f.error_at(
            written.at,
            format!(
                "the snapshot of the {quarter} bulletin must be named {}",
                expected.display()
            ),
        );
    }
    let rows = f
        .groups("offices", "an office's figures")
        .iter()
        .filter_map(read_row)
        .collect();
    Some(Snapshot {
        quarter: Located {
            value: quarter,
            at: written.at,
        },
        frozen_on: f.date("frozen_on")?,
        rows,
        file: Arc::clone(file),
    })
}

fn read_row(r: &Fields) -> Option<FrozenRow> {
    let mut known = vec!["office".to_string()];
    for figure in Figure::ALL {
        known.push(figure.key().to_string());
        known.push(format!("{}_items", figure.key()));
    }
    r.reject_unknown(&known.iter().map(String::as_str).collect::<Vec<_>>());
    let office = r.located_text("office")?;
    let figures = Figure::ALL
        .into_iter()
        .filter_map(|figure| {
            let count = r.integer(figure.key())?;
            let items: Vec<String> = r
                .text_list(&format!("{}_items", figure.key()))
                .into_iter()
                .map(|i| i.value)
                .collect();
            Some((
                figure,
                usize::try_from(count).unwrap_or(0),
                items,
                r.pos_of(figure.key()),
            ))
        })
        .collect();
    Some(FrozenRow { office, figures })
}

/// The text of a snapshot file for these figures.
pub fn snapshot_text(figures: &QuarterFigures, frozen_on: NaiveDate) -> String {
    let quarter = figures.quarter;
    let mut out = format!(
        "# {name}通报的发布数据，由 `gongkai bulletin {quarter} --freeze` 写入。请勿修改本文件：\n\
         # 此后重新计算的数据若与此不同，check 和 build 会报错；确需更正的，在\n\
         # content/bulletins/{quarter}.md 的 corrections 中写明更正（office、figure、from、to、date、note）。\n\
         quarter: {quarter}\nfrozen_on: {frozen_on}\noffices:\n",
        name = quarter.name()
    );
    for row in figures.rows.iter().chain([&figures.totals]) {
        out.push_str(&format!("  - office: {}\n", yaml_text(&row.office)));
        for figure in Figure::ALL {
            let ids: Vec<String> = row.items_of(figure).iter().map(|i| yaml_text(i)).collect();
            out.push_str(&format!(
                "    {}: {}\n    {}_items: [{}]\n",
                figure.key(),
                row.count(figure),
                figure.key(),
                ids.join(", ")
            ));
        }
    }
    out
}

/// Quotes a text for YAML when it is not a plain id.
fn yaml_text(text: &str) -> String {
    if crate::yaml::is_valid_id(text) {
        text.to_string()
    } else {
        format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// One figure whose published value differs from today's.
#[derive(Debug, Clone)]
pub struct Difference {
    /// The office id or `全部`.
    pub office: String,
    /// The figure.
    pub figure: Figure,
    /// As published.
    pub published: usize,
    /// As the records give it now.
    pub now: usize,
    /// Items counted now and not then.
    pub added: Vec<String>,
    /// Items counted then and not now.
    pub removed: Vec<String>,
    /// Where the published count is written in the snapshot.
    pub at: Pos,
}

/// The differences between a snapshot and the figures computed now.
pub fn differences(snapshot: &Snapshot, now: &QuarterFigures) -> Vec<Difference> {
    let mut out = Vec::new();
    let offices: BTreeSet<&str> = snapshot
        .rows
        .iter()
        .map(|r| r.office.value.as_str())
        .chain(now.rows.iter().map(|r| r.office.as_str()))
        .chain([TOTALS])
        .collect();
    let empty = OfficeFigures::default();
    for office in offices {
        let current = now.row(office).unwrap_or(&empty);
        let frozen = snapshot.row(office);
        for figure in Figure::ALL {
            let (published, then, at): (usize, &[String], Pos) =
                match frozen.and_then(|r| r.figures.iter().find(|(f, ..)| *f == figure)) {
                    Some((_, n, ids, at)) => (*n, ids.as_slice(), *at),
                    None => (0, &[], frozen.map_or(snapshot.quarter.at, |r| r.office.at)),
                };
            let count = current.count(figure);
            if published == count {
                continue;
            }
            let ids = current.items_of(figure);
            out.push(Difference {
                office: office.to_string(),
                figure,
                published,
                now: count,
                added: ids.iter().filter(|i| !then.contains(i)).cloned().collect(),
                removed: then.iter().filter(|i| !ids.contains(i)).cloned().collect(),
                at,
            });
        }
    }
    out
}

/// Checks every frozen quarter against the records: each difference must be acknowledged by a
/// correction in the bulletin's record, and each correction must match a difference.
pub fn check(records: &Records) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let bulletins = &records.bulletins;
    for snapshot in &bulletins.snapshots {
        let quarter = snapshot.quarter.value;
        let record = bulletins.record(quarter);
        let now = QuarterFigures::compute(records, quarter);
        let corrections: &[Correction] = record.map_or(&[], |r| r.corrections.as_slice());
        let mut used = vec![false; corrections.len()];
        for d in differences(snapshot, &now) {
            let found = corrections
                .iter()
                .position(|c| c.office.value == d.office && c.figure.value == d.figure);
            match found {
                Some(i) => {
                    used[i] = true;
                    let c = &corrections[i];
                    if c.from != d.published as i64 || c.to != d.now as i64 {
                        problems.push(at_correction(record, c, format!(
                            "this correction of `{}` ({}) for {} says {} → {}, but the {quarter} bulletin published {} and the records now give {}: correct `from`/`to`",
                            d.figure.key(), d.figure.label(), office_label(records, &d.office), c.from, c.to, d.published, d.now
                        )));
                    }
                }
                None => problems.push(unacknowledged(records, snapshot, &d)),
            }
        }
        for (c, used) in corrections.iter().zip(used) {
            if !used {
                problems.push(at_correction(record, c, format!(
                    "nothing to correct: `{}` ({}) for {} in the {quarter} bulletin is the same as published ({}); remove this correction",
                    c.figure.value.key(), c.figure.value.label(), office_label(records, &c.office.value),
                    snapshot.row(&c.office.value).and_then(|r| r.count(c.figure.value)).unwrap_or(0)
                )));
            }
        }
    }
    if let Some(record) = bulletins
        .records
        .iter()
        .find(|r| !r.corrections.is_empty() && bulletins.snapshot(r.quarter.value).is_none())
    {
        let c = &record.corrections[0];
        problems.push(at_correction(
            Some(record),
            c,
            format!(
                "the {} bulletin has corrections but was never frozen: freeze it first with `gongkai bulletin {} --freeze`",
                record.quarter.value, record.quarter.value
            ),
        ));
    }
    problems
}

fn office_label(records: &Records, office: &str) -> String {
    if office == TOTALS {
        return "the totals (全部)".to_string();
    }
    records.office(office).map_or_else(
        || format!("office `{office}`"),
        |o| format!("{} ({office})", o.name),
    )
}

fn unacknowledged(records: &Records, snapshot: &Snapshot, d: &Difference) -> Diagnostic {
    let quarter = snapshot.quarter.value;
    let item_path = |id: &String| -> String {
        records
            .items
            .binary_search_by(|i| i.id.value.as_str().cmp(id))
            .ok()
            .map_or_else(
                || format!("item {id}"),
                |i| format!("item {id} ({})", records.items[i].file.path.display()),
            )
    };
    let mut why = Vec::new();
    if !d.added.is_empty() {
        why.push(format!(
            "now counted: {}",
            d.added.iter().map(item_path).collect::<Vec<_>>().join(", ")
        ));
    }
    if !d.removed.is_empty() {
        why.push(format!(
            "no longer counted: {}",
            d.removed
                .iter()
                .map(item_path)
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    Diagnostic::error(
        &snapshot.file.path,
        d.at.line,
        d.at.column,
        format!(
            "the {quarter} bulletin was published with `{}` ({}) = {} for {}, but the records now give {} ({}): a record dated inside {quarter} was changed after publication. Restore it, or acknowledge the change with a correction in content/bulletins/{quarter}.md (corrections: office: {}, figure: {}, from: {}, to: {}, date, note)",
            d.figure.key(),
            d.figure.label(),
            d.published,
            office_label(records, &d.office),
            d.now,
            why.join("; "),
            d.office,
            d.figure.key(),
            d.published,
            d.now
        ),
    )
    .with_width(d.at.width)
    .with_source(&snapshot.file.text)
}

fn at_correction(record: Option<&BulletinRecord>, c: &Correction, message: String) -> Diagnostic {
    match record {
        Some(r) => Diagnostic::error(&r.file.path, c.at.line, c.at.column, message)
            .with_width(c.at.width)
            .with_source(&r.file.text),
        None => Diagnostic::error(Path::new("content/bulletins"), 0, 0, message),
    }
}
