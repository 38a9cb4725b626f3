//! A quarter's figures, computed **as of the quarter's last day**: what the records said about
//! the quarter on the day it ended, whatever was written since about later days. A timeline
//! entry dated in the next quarter never changes them; only an edit to an entry dated inside
//! the quarter can (and a frozen bulletin then refuses to build, see [`super::freeze`]).

use std::cmp::Ordering;

use super::quarter::Quarter;
use crate::model::{Records, Status};
use crate::view::PublicView;

/// One counted figure of a bulletin. Rates are computed from them, never stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Figure {
    /// 累计事项: items found by the quarter's end.
    Total,
    /// 本季度新增: items found in the quarter.
    Found,
    /// 本季度办结: items completed in the quarter (and still completed at its end).
    Completed,
    /// 按期办结: of those, completed by the deadline in force.
    OnTime,
    /// 累计办结: items completed at the quarter's end.
    DoneTotal,
    /// 季末未办结: items not completed at the quarter's end.
    Open,
    /// 季末逾期: items overdue at the quarter's end.
    Overdue,
}

impl Figure {
    /// Every figure, in the bulletin's column order.
    pub const ALL: [Figure; 7] = [
        Figure::Total,
        Figure::Found,
        Figure::Completed,
        Figure::OnTime,
        Figure::DoneTotal,
        Figure::Open,
        Figure::Overdue,
    ];

    /// The key written in snapshots and corrections.
    pub fn key(self) -> &'static str {
        match self {
            Figure::Total => "total",
            Figure::Found => "found",
            Figure::Completed => "completed",
            Figure::OnTime => "on_time",
            Figure::DoneTotal => "done_total",
            Figure::Open => "open",
            Figure::Overdue => "overdue",
        }
    }

    /// The column heading.
    pub fn label(self) -> &'static str {
        match self {
            Figure::Total => "累计事项",
            Figure::Found => "本季度新增",
            Figure::Completed => "本季度办结",
            Figure::OnTime => "其中按期办结",
            Figure::DoneTotal => "累计办结",
            Figure::Open => "季末未办结",
            Figure::Overdue => "季末逾期",
        }
    }

    /// Reads a key.
    pub fn from_key(key: &str) -> Option<Figure> {
        Figure::ALL.into_iter().find(|f| f.key() == key)
    }

    fn index(self) -> usize {
        Figure::ALL.iter().position(|f| *f == self).unwrap_or(0)
    }
}

/// One office's figures for the quarter, with the items behind each count (so that a changed
/// figure can name the records that changed it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OfficeFigures {
    /// The office id (or `全部` for the totals).
    pub office: String,
    /// The office's name.
    pub name: String,
    /// Item ids per figure, sorted, in [`Figure::ALL`] order.
    pub items: [Vec<String>; 7],
}

impl OfficeFigures {
    /// The count of one figure.
    pub fn count(&self, figure: Figure) -> usize {
        self.items[figure.index()].len()
    }

    /// The items counted in one figure.
    pub fn items_of(&self, figure: Figure) -> &[String] {
        &self.items[figure.index()]
    }

    /// 办结率: completed at the end over all items by the end; `None` with no items.
    pub fn completion(&self) -> Option<(usize, usize)> {
        let total = self.count(Figure::Total);
        (total > 0).then(|| (self.count(Figure::DoneTotal), total))
    }

    /// 按期办结率: completed on time over completed in the quarter; `None` with none completed.
    pub fn on_time(&self) -> Option<(usize, usize)> {
        let done = self.count(Figure::Completed);
        (done > 0).then(|| (self.count(Figure::OnTime), done))
    }
}

/// A share as a percentage with one decimal (`66.7%`), or `—` when there is nothing to share.
pub fn percent(share: Option<(usize, usize)>) -> String {
    match share {
        Some((part, whole)) if whole > 0 => {
            // Rounded half up in integers: no float formatting differences between machines.
            let tenths = (part * 1000 * 2 + whole) / (whole * 2);
            format!("{}.{}%", tenths / 10, tenths % 10)
        }
        _ => "—".to_string(),
    }
}

/// Orders two shares, larger first; a missing share comes last.
fn by_share_desc(a: Option<(usize, usize)>, b: Option<(usize, usize)>) -> Ordering {
    match (a, b) {
        (Some((pa, wa)), Some((pb, wb))) => (pb * wa).cmp(&(pa * wb)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// A quarter's figures: one row per office that existed at the quarter's end or had items,
/// and the totals.
#[derive(Debug, Clone)]
pub struct QuarterFigures {
    /// The quarter.
    pub quarter: Quarter,
    /// Offices, by id.
    pub rows: Vec<OfficeFigures>,
    /// The sum over all offices.
    pub totals: OfficeFigures,
}

impl QuarterFigures {
    /// Computes the figures from the records as they stood on the quarter's last day.
    pub fn compute(records: &Records, quarter: Quarter) -> QuarterFigures {
        QuarterFigures::from_view(
            &PublicView::new(records, quarter.last_day(), false),
            quarter,
        )
    }

    /// The figures from a view of the records as of the quarter's last day (for a caller that
    /// needs that view for more than the figures).
    pub fn from_view(view: &PublicView, quarter: Quarter) -> QuarterFigures {
        let mut rows: Vec<OfficeFigures> = view
            .offices
            .iter()
            .map(|o| OfficeFigures {
                office: o.office.id.value.clone(),
                name: o.office.name.clone(),
                items: Default::default(),
            })
            .collect();
        let mut totals = OfficeFigures {
            office: super::record::TOTALS.to_string(),
            name: "合计".to_string(),
            items: Default::default(),
        };
        for item in &view.items {
            let state = &item.state;
            let done = state.status == Status::Done;
            let completed_here = done && state.completed.is_some_and(|c| quarter.contains(c));
            let counted = [
                (Figure::Total, true),
                (Figure::Found, quarter.contains(item.item.found)),
                (Figure::Completed, completed_here),
                (Figure::OnTime, completed_here && !state.completed_late),
                (Figure::DoneTotal, done),
                (Figure::Open, !done),
                (Figure::Overdue, state.overdue),
            ];
            for (figure, counts) in counted {
                if counts {
                    let id = item.item.id.value.clone();
                    rows[item.office].items[figure.index()].push(id.clone());
                    totals.items[figure.index()].push(id);
                }
            }
        }
        for row in rows.iter_mut().chain([&mut totals]) {
            for ids in &mut row.items {
                ids.sort();
            }
        }
        rows.retain(|r| {
            r.count(Figure::Total) > 0
                || view
                    .offices
                    .iter()
                    .any(|o| o.exists && o.office.id.value == r.office)
        });
        QuarterFigures {
            quarter,
            rows,
            totals,
        }
    }

    /// The offices with items, ranked by completion rate, then on-time rate (ties share a
    /// rank: 1, 2, 2, 4), then listed by id; offices without items are not ranked.
    pub fn ranking(&self) -> Vec<(usize, &OfficeFigures)> {
        let mut ranked: Vec<&OfficeFigures> = self
            .rows
            .iter()
            .filter(|r| r.completion().is_some())
            .collect();
        let key = |a: &OfficeFigures, b: &OfficeFigures| {
            by_share_desc(a.completion(), b.completion())
                .then(by_share_desc(a.on_time(), b.on_time()))
        };
        ranked.sort_by(|a, b| key(a, b).then(a.office.cmp(&b.office)));
        let mut out: Vec<(usize, &OfficeFigures)> = Vec::with_capacity(ranked.len());
        for (i, row) in ranked.iter().enumerate() {
            let rank = match out.last() {
                Some((rank, previous)) if key(previous, row) == Ordering::Equal => *rank,
                _ => i + 1,
            };
            out.push((rank, row));
        }
        out
    }

    /// The row of an office, or the totals for `全部`.
    pub fn row(&self, office: &str) -> Option<&OfficeFigures> {
        if office == super::record::TOTALS {
            return Some(&self.totals);
        }
        self.rows.iter().find(|r| r.office == office)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_round_half_up_without_floats() {
        assert_eq!(percent(Some((2, 3))), "66.7%");
        assert_eq!(percent(Some((1, 8))), "12.5%");
        assert_eq!(percent(Some((1, 16))), "6.3%");
        assert_eq!(percent(Some((3, 3))), "100.0%");
        assert_eq!(percent(Some((0, 3))), "0.0%");
        assert_eq!(percent(None), "—");
    }

    #[test]
    fn shares_order_largest_first() {
        assert_eq!(by_share_desc(Some((2, 3)), Some((1, 2))), Ordering::Less);
        assert_eq!(by_share_desc(Some((2, 4)), Some((1, 2))), Ordering::Equal);
        assert_eq!(by_share_desc(None, Some((0, 2))), Ordering::Greater);
    }
}
