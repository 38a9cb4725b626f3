//! The derive stage: everything computed from the records is computed *as of a date* — an
//! item's status, its deadline in force, whether it is overdue, and the headline figures.
//! A date in the past gives the figures as they stood then, whatever happened since.

use chrono::NaiveDate;

use crate::model::{Item, Office, Status, Timeline, TimelineEntry};

impl Timeline {
    /// Entries dated on or before `date`, in order: what the public could know on that day.
    pub fn as_of(&self, date: NaiveDate) -> impl Iterator<Item = &TimelineEntry> {
        self.entries.iter().take_while(move |e| e.date <= date)
    }

    /// The status of the last entry on or before `date` that sets one; 待整改 before any.
    pub fn status_on(&self, date: NaiveDate) -> Status {
        self.as_of(date)
            .filter_map(|e| e.status)
            .last()
            .unwrap_or(Status::Pending)
    }

    /// The first 已办结 entry on or before `date`.
    pub fn completed_on(&self, date: NaiveDate) -> Option<NaiveDate> {
        self.as_of(date)
            .find(|e| e.status == Some(Status::Done))
            .map(|e| e.date)
    }

    /// The latest extension granted on or before `date`.
    fn extension_on(&self, date: NaiveDate) -> Option<NaiveDate> {
        self.as_of(date).filter_map(|e| e.deadline).last()
    }
}

impl Item {
    /// Whether the item had been found by `date`.
    pub fn exists_on(&self, date: NaiveDate) -> bool {
        self.found <= date
    }

    /// Status on `date` (see [`Timeline::status_on`]).
    pub fn status_on(&self, date: NaiveDate) -> Status {
        self.timeline.status_on(date)
    }

    /// The deadline in force on `date`: the latest extension by then, else the original.
    /// Extending a deadline never rewrites the past.
    pub fn deadline_on(&self, date: NaiveDate) -> NaiveDate {
        self.timeline.extension_on(date).unwrap_or(self.deadline)
    }

    /// Overdue on `date`: the deadline in force has passed and the item is not 已办结.
    /// On the deadline day itself an item is not yet overdue.
    pub fn is_overdue_on(&self, date: NaiveDate) -> bool {
        self.deadline_on(date) < date && self.status_on(date) != Status::Done
    }

    /// Everything the site shows about the item's state on `date`, computed once.
    pub fn state_on(&self, date: NaiveDate) -> ItemState {
        let deadline = self.deadline_on(date);
        let status = self.status_on(date);
        let overdue = deadline < date && status != Status::Done;
        let completed = self.timeline.completed_on(date);
        ItemState {
            status,
            deadline,
            extended: deadline != self.deadline,
            overdue,
            days_overdue: if overdue {
                (date - deadline).num_days()
            } else {
                0
            },
            completed,
            completed_late: completed.is_some_and(|c| c > self.deadline_on(c)),
        }
    }
}

/// An item's derived state on one date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemState {
    /// Status on the date.
    pub status: Status,
    /// Deadline in force on the date.
    pub deadline: NaiveDate,
    /// Whether that deadline is an extension.
    pub extended: bool,
    /// Whether the item is overdue on the date.
    pub overdue: bool,
    /// Calendar days past the deadline (0 when not overdue).
    pub days_overdue: i64,
    /// The first completion, if by the date.
    pub completed: Option<NaiveDate>,
    /// Completed after the deadline that was in force on the completion day.
    pub completed_late: bool,
}

impl Office {
    /// Whether the office existed on `date` (it stops existing on its `dissolved` day).
    pub fn exists_on(&self, date: NaiveDate) -> bool {
        self.established.is_none_or(|e| e <= date) && self.dissolved.is_none_or(|d| date < d)
    }
}

/// Headline counts over a set of items on one date.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Figures {
    /// Items that exist on the date.
    pub items: usize,
    /// 待整改.
    pub pending: usize,
    /// 整改中.
    pub in_progress: usize,
    /// 已办结.
    pub done: usize,
    /// Overdue.
    pub overdue: usize,
}

impl Figures {
    /// Adds one existing item's state.
    pub fn count(&mut self, state: &ItemState) {
        self.items += 1;
        match state.status {
            Status::Pending => self.pending += 1,
            Status::InProgress => self.in_progress += 1,
            Status::Done => self.done += 1,
        }
        self.overdue += usize::from(state.overdue);
    }

    /// Completion rate = 已办结 / items, as a percentage with one decimal ("62.5%"), or "—".
    pub fn rate(&self) -> String {
        if self.items == 0 {
            "—".to_string()
        } else {
            format!("{:.1}%", self.done as f64 * 100.0 / self.items as f64)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TimelineEntry;
    use crate::source::SourceFile;
    use crate::yaml::{Located, Pos};
    use std::sync::Arc;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn entry(date: &str, status: Option<Status>, deadline: Option<&str>) -> TimelineEntry {
        TimelineEntry {
            date: d(date),
            status,
            note: "x".into(),
            deadline: deadline.map(d),
            evidence: vec![],
        }
    }

    fn located(s: &str) -> Located<String> {
        Located {
            value: s.into(),
            at: Pos::default(),
        }
    }

    fn item(entries: Vec<TimelineEntry>) -> Item {
        Item {
            id: located("A-1"),
            office: located("o"),
            title: "t".into(),
            category: located("c"),
            source: located("群众提"),
            found: d("2026-06-01"),
            deadline: d("2026-06-30"),
            leader: None,
            responsible: None,
            timeline: Timeline { entries },
            file: Arc::new(SourceFile {
                path: "x.md".into(),
                text: String::new(),
            }),
            body: 0..0,
            disclosure: Default::default(),
        }
    }

    use Status::*;

    fn sample() -> Item {
        item(vec![
            entry("2026-06-01", Some(Pending), None),
            entry("2026-06-10", Some(InProgress), None),
            entry("2026-06-20", None, None), // a progress note keeps the status
            entry("2026-06-25", None, Some("2026-07-15")), // extension
            entry("2026-07-20", Some(Done), None),
            entry("2026-09-01", Some(InProgress), None), // reopened
            entry("2026-09-10", Some(Done), None),
        ])
    }

    #[test]
    fn before_found_the_item_does_not_exist() {
        let i = sample();
        assert!(!i.exists_on(d("2026-05-31")));
        assert!(i.exists_on(d("2026-06-01")));
        assert_eq!(i.status_on(d("2026-05-31")), Pending);
    }

    #[test]
    fn status_changes_on_the_entry_date_and_notes_keep_it() {
        let i = sample();
        assert_eq!(i.status_on(d("2026-06-09")), Pending);
        assert_eq!(i.status_on(d("2026-06-10")), InProgress);
        assert_eq!(i.status_on(d("2026-06-21")), InProgress);
    }

    #[test]
    fn extension_applies_from_its_date_only() {
        let i = sample();
        assert_eq!(i.deadline_on(d("2026-06-24")), d("2026-06-30"));
        assert_eq!(i.deadline_on(d("2026-06-25")), d("2026-07-15"));
        // The deadline day itself is not overdue; the day after is.
        assert!(!i.is_overdue_on(d("2026-07-15")));
        assert!(i.is_overdue_on(d("2026-07-16")));
        assert_eq!(i.state_on(d("2026-07-19")).days_overdue, 4);
    }

    #[test]
    fn completion_reopening_and_late_completion() {
        let i = sample();
        assert_eq!(i.status_on(d("2026-07-20")), Done);
        assert!(!i.is_overdue_on(d("2026-08-01")));
        assert_eq!(i.status_on(d("2026-09-01")), InProgress);
        // Reopened after the deadline: overdue again until done.
        assert!(i.is_overdue_on(d("2026-09-05")));
        let s = i.state_on(d("2026-12-31"));
        assert_eq!(
            s.completed,
            Some(d("2026-07-20")),
            "completion date is the first 已办结"
        );
        assert!(
            s.completed_late,
            "completed 07-20 after the extended deadline 07-15"
        );
        assert_eq!(i.state_on(d("2026-07-19")).completed, None);
    }

    #[test]
    fn without_extension_the_original_deadline_holds() {
        let i = item(vec![entry("2026-06-30", Some(Done), None)]);
        let s = i.state_on(d("2026-07-01"));
        assert!(!s.overdue && !s.completed_late && !s.extended);
        let open = item(vec![]);
        assert!(!open.is_overdue_on(d("2026-06-30")));
        assert!(open.is_overdue_on(d("2026-07-01")));
    }

    #[test]
    fn rate_has_one_decimal() {
        let f = Figures {
            items: 8,
            done: 5,
            ..Figures::default()
        };
        assert_eq!(f.rate(), "62.5%");
        assert_eq!(Figures::default().rate(), "—");
    }
}
