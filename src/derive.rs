//! The derive stage: everything computed from the records is computed *as of a date* — an
//! item's status, its deadline in force, whether it is overdue, and the headline figures.
//! A date in the past gives the figures as they stood then, whatever happened since.

use chrono::NaiveDate;

use crate::calendar::Calendar;
use crate::model::{
    DayCount, DeadlineRules, Item, Office, SiteConfig, Status, Timeline, TimelineEntry,
};

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

    /// The day of the last entry on or before `date`, if any.
    fn last_entry_on(&self, date: NaiveDate) -> Option<NaiveDate> {
        self.as_of(date).last().map(|e| e.date)
    }
}

/// What the deadline figures are reckoned with: the site's rules and holiday calendar.
#[derive(Debug, Clone, Copy)]
pub struct Reckoning<'a> {
    /// `deadlines:` of site.yaml.
    pub rules: &'a DeadlineRules,
    /// The holiday calendar.
    pub calendar: &'a Calendar,
}

impl<'a> Reckoning<'a> {
    /// The site's way of reckoning.
    pub fn of(site: &'a SiteConfig) -> Self {
        Reckoning {
            rules: &site.deadlines,
            calendar: &site.calendar,
        }
    }

    /// Days after `after` up to and including `through`, in the site's unit; `None` when
    /// working days are counted and the calendar does not cover the span.
    pub fn days_between(&self, after: NaiveDate, through: NaiveDate) -> Option<i64> {
        match self.rules.count {
            DayCount::CalendarDays => Some((through - after).num_days().max(0)),
            DayCount::WorkingDays => self.calendar.working_days_between(after, through).ok(),
        }
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

    /// The deadline in force on `date`: the latest extension by then, else the original's
    /// due day; `None` for a 长期 item that no extension has given a date.
    /// Extending a deadline never rewrites the past.
    pub fn deadline_on(&self, date: NaiveDate) -> Option<NaiveDate> {
        self.timeline
            .extension_on(date)
            .or_else(|| self.deadline.value.due())
    }

    /// Overdue on `date`: the deadline in force has passed and the item is not 已办结.
    /// On the deadline day itself an item is not yet overdue; a 长期 item never is.
    pub fn is_overdue_on(&self, date: NaiveDate) -> bool {
        self.deadline_on(date).is_some_and(|d| d < date) && self.status_on(date) != Status::Done
    }

    /// The day the item was last updated by `date`: its last timeline entry by then, or the
    /// found date when it has none.
    pub fn last_update_on(&self, date: NaiveDate) -> NaiveDate {
        self.timeline.last_entry_on(date).unwrap_or(self.found)
    }

    /// Everything the site shows about the item's state on `date`, computed once.
    pub fn state_on(&self, date: NaiveDate, reckoning: &Reckoning) -> ItemState {
        let deadline = self.deadline_on(date);
        let status = self.status_on(date);
        let open = status != Status::Done;
        let overdue = open && deadline.is_some_and(|d| d < date);
        let completed = self.timeline.completed_on(date);
        let last_update = self.last_update_on(date);
        let days_since_update = (date - last_update).num_days();
        let days_overdue = match deadline.filter(|_| overdue) {
            Some(d) => reckoning
                .days_between(d, date)
                .unwrap_or((date - d).num_days()),
            None => 0,
        };
        let days_left = deadline
            .filter(|d| open && date <= *d)
            .and_then(|d| reckoning.days_between(date, d));
        ItemState {
            status,
            deadline,
            extended: deadline != self.deadline.value.due(),
            overdue,
            days_overdue,
            days_left,
            due_soon: days_left.is_some_and(|n| n <= reckoning.rules.due_soon),
            completed,
            completed_late: completed.is_some_and(|c| self.deadline_on(c).is_some_and(|d| c > d)),
            last_update,
            days_since_update,
            stale: open && days_since_update > reckoning.rules.stale_after,
        }
    }
}

/// An item's derived state on one date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemState {
    /// Status on the date.
    pub status: Status,
    /// Deadline in force on the date; `None` for a 长期 item.
    pub deadline: Option<NaiveDate>,
    /// Whether that deadline is an extension.
    pub extended: bool,
    /// Whether the item is overdue on the date.
    pub overdue: bool,
    /// Days past the deadline, in the site's unit (0 when not overdue).
    pub days_overdue: i64,
    /// Days left to the deadline, in the site's unit, for an open item not yet overdue (0 on
    /// the deadline day); `None` otherwise, or when the calendar does not reach the deadline.
    pub days_left: Option<i64>,
    /// Open, and `days_left` is within the site's `due_soon`.
    pub due_soon: bool,
    /// The first completion, if by the date.
    pub completed: Option<NaiveDate>,
    /// Completed after the deadline that was in force on the completion day.
    pub completed_late: bool,
    /// The day of the last timeline entry by the date (the found date when none).
    pub last_update: NaiveDate,
    /// Calendar days from `last_update` to the date.
    pub days_since_update: i64,
    /// 长期未更新: open, and no entry for more than the site's `stale_after` days.
    pub stale: bool,
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
    /// 已办结 by the deadline in force on the completion day (按期办结).
    pub on_time: usize,
    /// 长期 items (no deadline in force).
    pub ongoing: usize,
    /// 长期未更新.
    pub stale: usize,
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
        self.on_time += usize::from(state.status == Status::Done && !state.completed_late);
        self.ongoing += usize::from(state.deadline.is_none());
        self.stale += usize::from(state.stale);
    }

    /// Completion rate = 已办结 / items, as a percentage with one decimal ("62.5%"), or "—".
    pub fn rate(&self) -> String {
        if self.items == 0 {
            "—".to_string()
        } else {
            format!("{:.1}%", self.done as f64 * 100.0 / self.items as f64)
        }
    }

    /// On-time completion rate (按期办结率) = 按期办结 / 已办结, one decimal, or "—".
    pub fn on_time_rate(&self) -> String {
        if self.done == 0 {
            "—".to_string()
        } else {
            format!("{:.1}%", self.on_time as f64 * 100.0 / self.done as f64)
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
            deadline: Located {
                value: crate::model::Deadline::On(d("2026-06-30")),
                at: Pos::default(),
            },
            leader: None,
            responsible: None,
            timeline: Timeline { entries },
            file: Arc::new(SourceFile {
                path: "x.md".into(),
                text: String::new(),
                verbatim: false,
            }),
            body: 0..0,
            disclosure: Default::default(),
        }
    }

    use Status::*;

    /// Calendar days, default thresholds, no holiday calendar.
    fn plain() -> Reckoning<'static> {
        static RULES: std::sync::LazyLock<DeadlineRules> =
            std::sync::LazyLock::new(DeadlineRules::default);
        static CALENDAR: std::sync::LazyLock<Calendar> =
            std::sync::LazyLock::new(Calendar::default);
        Reckoning {
            rules: &RULES,
            calendar: &CALENDAR,
        }
    }

    #[test]
    fn ongoing_is_never_overdue_but_goes_stale() {
        let mut i = item(vec![entry("2026-06-01", Some(Pending), None)]);
        i.deadline.value = crate::model::Deadline::Ongoing;
        let s = i.state_on(d("2026-12-31"), &plain());
        assert!(!s.overdue && s.deadline.is_none() && s.days_left.is_none());
        assert!(s.stale, "no entry for seven months");
        assert_eq!(s.days_since_update, 213);
        assert!(
            !i.state_on(d("2026-07-01"), &plain()).stale,
            "30 days is not more than 30"
        );
        assert!(i.state_on(d("2026-07-02"), &plain()).stale);
    }

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
        assert_eq!(i.deadline_on(d("2026-06-24")), Some(d("2026-06-30")));
        assert_eq!(i.deadline_on(d("2026-06-25")), Some(d("2026-07-15")));
        // The deadline day itself is not overdue; the day after is.
        assert!(!i.is_overdue_on(d("2026-07-15")));
        assert!(i.is_overdue_on(d("2026-07-16")));
        assert_eq!(i.state_on(d("2026-07-19"), &plain()).days_overdue, 4);
    }

    #[test]
    fn completion_reopening_and_late_completion() {
        let i = sample();
        assert_eq!(i.status_on(d("2026-07-20")), Done);
        assert!(!i.is_overdue_on(d("2026-08-01")));
        assert_eq!(i.status_on(d("2026-09-01")), InProgress);
        // Reopened after the deadline: overdue again until done.
        assert!(i.is_overdue_on(d("2026-09-05")));
        let s = i.state_on(d("2026-12-31"), &plain());
        assert_eq!(
            s.completed,
            Some(d("2026-07-20")),
            "completion date is the first 已办结"
        );
        assert!(
            s.completed_late,
            "completed 07-20 after the extended deadline 07-15"
        );
        assert_eq!(i.state_on(d("2026-07-19"), &plain()).completed, None);
    }

    #[test]
    fn without_extension_the_original_deadline_holds() {
        let i = item(vec![entry("2026-06-30", Some(Done), None)]);
        let s = i.state_on(d("2026-07-01"), &plain());
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
