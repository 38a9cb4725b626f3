//! The holiday calendar (节假日安排) and working-day arithmetic for 限时办结 deadlines.
//!
//! The site keeps one file per year, `content/calendar/<year>.yaml`: the public holidays of
//! the State Council's arrangement and the make-up working days on weekends (调休). A day is a
//! **working day** when it is a weekday that is not a holiday, or a weekend day listed as a
//! make-up working day.
//!
//! Counting rule: `N个工作日` from the found date is due on the Nth working day *strictly
//! after* the found date (the found day itself never counts). Days overdue in working days are
//! the working days after the deadline up to and including the as-of date; days left are the
//! working days after the as-of date up to and including the deadline.
//!
//! A count that reaches a year with no calendar file is never guessed (weekends only would be
//! wrong around every holiday): it is an error that names the missing file.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use chrono::{Datelike, Days, NaiveDate, Weekday};

use crate::diagnostics::Diagnostic;
use crate::model::{DayCount, Deadline, Item, SiteConfig};
use crate::source::SourceFile;
use crate::yaml::{Fields, Located, Pos};

/// The folder of the calendar files.
pub const FOLDER: &str = "content/calendar";

/// The holiday calendars of the years the site keeps, by year.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calendar {
    years: BTreeMap<i32, Year>,
}

/// One year's arrangement, as `content/calendar/<year>.yaml` gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Year {
    /// The year.
    pub year: i32,
    /// The public holidays in file order, each a run of days off.
    pub holidays: Vec<Holiday>,
    /// Weekend days that are working days (调休), with their reason, by date.
    pub workdays: BTreeMap<NaiveDate, String>,
    /// Every day off of the holidays, with the holiday's name.
    days_off: BTreeMap<NaiveDate, String>,
}

/// A public holiday: its name and the days off it gives (weekend days included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holiday {
    /// 元旦, 春节, …
    pub name: String,
    /// The days off, in order.
    pub days: Vec<NaiveDate>,
}

/// A count reached a year the site keeps no calendar for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MissingYear(pub i32);

impl MissingYear {
    /// What to do about it, in plain words.
    pub fn advice(self) -> String {
        format!(
            "there is no holiday calendar for {0}: add {FOLDER}/{0}.yaml with that year's holidays and 调休 working days",
            self.0
        )
    }
}

impl Calendar {
    /// A calendar of these years (for tests and tools; sites load theirs with [`load`]).
    pub fn of(years: impl IntoIterator<Item = Year>) -> Calendar {
        Calendar {
            years: years.into_iter().map(|y| (y.year, y)).collect(),
        }
    }

    /// The years kept, in order.
    pub fn years(&self) -> impl Iterator<Item = &Year> {
        self.years.values()
    }

    /// Whether `day` is a working day; an error when its year has no calendar.
    pub fn is_working_day(&self, day: NaiveDate) -> Result<bool, MissingYear> {
        let year = self.years.get(&day.year()).ok_or(MissingYear(day.year()))?;
        Ok(year.workdays.contains_key(&day)
            || (!is_weekend(day) && !year.days_off.contains_key(&day)))
    }

    /// The `n`th working day strictly after `from`: the due day of `n个工作日`.
    pub fn working_day_after(&self, from: NaiveDate, n: u32) -> Result<NaiveDate, MissingYear> {
        let mut day = from;
        let mut counted = 0;
        while counted < n {
            day = day.succ_opt().ok_or(MissingYear(from.year() + 1))?;
            if self.is_working_day(day)? {
                counted += 1;
            }
        }
        Ok(day)
    }

    /// The working days after `after` up to and including `through` (0 when `through` is not
    /// later).
    pub fn working_days_between(
        &self,
        after: NaiveDate,
        through: NaiveDate,
    ) -> Result<i64, MissingYear> {
        let mut count = 0;
        for day in after.iter_days().skip(1).take_while(|d| *d <= through) {
            count += i64::from(self.is_working_day(day)?);
        }
        Ok(count)
    }
}

impl Year {
    /// A year's arrangement from its holidays and make-up working days.
    pub fn new(year: i32, holidays: Vec<Holiday>, workdays: BTreeMap<NaiveDate, String>) -> Year {
        let days_off = holidays
            .iter()
            .flat_map(|h| h.days.iter().map(|d| (*d, h.name.clone())))
            .collect();
        Year {
            year,
            holidays,
            workdays,
            days_off,
        }
    }
}

/// Saturday or Sunday.
pub fn is_weekend(day: NaiveDate) -> bool {
    matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Reads every `content/calendar/*.yaml`, checking each year and that no year is kept twice.
pub fn load(root: &Path) -> (Calendar, Vec<Diagnostic>) {
    let (years, mut problems) =
        crate::load::read_yaml_folder(root, FOLDER, "a holiday calendar", read_year);
    let mut calendar = Calendar::default();
    for (year, file, at) in years {
        if calendar.years.contains_key(&year.year) {
            problems.push(crate::validate::error(
                &file,
                at,
                format!(
                    "the calendar of {} is kept twice: keep one file per year, {FOLDER}/{}.yaml",
                    year.year, year.year
                ),
            ));
            continue;
        }
        calendar.years.insert(year.year, year);
    }
    (calendar, problems)
}

/// One calendar file: the year, with its file and where `year` is written.
type YearFile = (Year, Arc<SourceFile>, Pos);

fn read_year(f: &Fields, file: &Arc<SourceFile>) -> Option<YearFile> {
    f.reject_unknown(&["year", "holidays", "workdays"]);
    let at = f.pos_of("year");
    let year = i32::try_from(f.integer("year")?).ok()?;
    let named = file.path.file_stem().and_then(|s| s.to_str());
    if named != Some(year.to_string().as_str()) {
        f.error(
            "year",
            format!("this file holds the calendar of {year}: name it {year}.yaml"),
        );
    }
    let in_year = |day: NaiveDate, at: Pos| {
        let fits = day.year() == year;
        if !fits {
            f.error_at(
                at,
                format!("{day} is not in {year}: this file holds the calendar of {year} only"),
            );
        }
        fits
    };
    let holidays: Vec<Holiday> = f
        .groups("holidays", "a holiday")
        .iter()
        .filter_map(|h| read_holiday(h, &in_year))
        .collect();
    let mut days_off: BTreeMap<NaiveDate, &str> = BTreeMap::new();
    for holiday in &holidays {
        for day in &holiday.days {
            if let Some(other) = days_off.insert(*day, &holiday.name) {
                f.error(
                    "holidays",
                    format!(
                        "{day} is listed in two holidays, {other} and {}",
                        holiday.name
                    ),
                );
            }
        }
    }
    let mut workdays = BTreeMap::new();
    for w in f.groups("workdays", "a make-up working day") {
        w.reject_unknown(&["date", "reason"]);
        let (date, reason) = (w.date("date"), w.text("reason"));
        let Some(date) = date.filter(|d| in_year(*d, w.pos_of("date"))) else {
            continue;
        };
        if let Some(holiday) = days_off.get(&date) {
            w.error(
                "date",
                format!("{date} is a day off of {holiday}: a day cannot be both a holiday and a working day"),
            );
        } else if !is_weekend(date) {
            w.error(
                "date",
                format!(
                    "{date} is a {}, already a working day: list only the weekend days worked in exchange (调休)",
                    weekday_name(date)
                ),
            );
        } else if workdays.insert(date, reason.unwrap_or_default()).is_some() {
            w.error("date", format!("{date} is listed twice"));
        }
    }
    Some((Year::new(year, holidays, workdays), Arc::clone(file), at))
}

/// A holiday: `name` with `start`/`end` (a run of days) or `dates` (a list).
fn read_holiday(h: &Fields, in_year: &dyn Fn(NaiveDate, Pos) -> bool) -> Option<Holiday> {
    h.reject_unknown(&["name", "start", "end", "dates"]);
    let name = h.text("name");
    let mut days = Vec::new();
    if h.has("dates") {
        if h.has("start") || h.has("end") {
            h.error(
                "dates",
                "give a holiday either `dates` or `start` and `end`, not both",
            );
        }
        for d in h.text_list("dates") {
            match crate::yaml::parse_date(&d.value) {
                Ok(day) if in_year(day, d.at) => days.push(day),
                Ok(_) => {}
                Err(why) => h.error_at(d.at, why),
            }
        }
    } else {
        let (start, end) = (h.date("start"), h.date("end"));
        let (start, end) = (start?, end?);
        if !in_year(start, h.pos_of("start")) || !in_year(end, h.pos_of("end")) {
            return None;
        }
        if end < start {
            h.error(
                "end",
                format!("the holiday ends ({end}) before it starts ({start})"),
            );
        }
        days.extend(start.iter_days().take_while(|d| *d <= end));
    }
    days.sort();
    Some(Holiday { name: name?, days })
}

fn weekday_name(day: NaiveDate) -> &'static str {
    match day.weekday() {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

/// Counts each working-day deadline (`15个工作日`) to its due day; an error at the deadline
/// when the count runs into a year without a calendar.
pub fn resolve_deadlines(calendar: &Calendar, items: &mut [Item]) -> Vec<Diagnostic> {
    items
        .iter_mut()
        .filter_map(|item| resolve(calendar, item).err())
        .collect()
}

/// Counts one item's working-day deadline.
pub fn resolve(calendar: &Calendar, item: &mut Item) -> Result<(), Diagnostic> {
    let Located { value, at } = &mut item.deadline;
    let Deadline::WorkingDays { days, due } = value else {
        return Ok(());
    };
    match calendar.working_day_after(item.found, *days) {
        Ok(day) => {
            *due = Some(day);
            Ok(())
        }
        Err(missing) => Err(crate::validate::error(
            &item.file,
            *at,
            format!(
                "`{days}{}` from the found date {} cannot be counted: {}",
                Deadline::WORKING_DAYS,
                item.found,
                missing.advice()
            ),
        )),
    }
}

/// With `deadlines: count: working_days`, the calendar must cover every day an overdue item
/// has been overdue by `as_of`: an error at `count` in site.yaml for each missing year.
/// (Days left to a deadline in a year not yet kept are shown as unknown, not guessed.)
pub fn check_day_counts(site: &SiteConfig, items: &[Item], as_of: NaiveDate) -> Vec<Diagnostic> {
    if site.deadlines.count != DayCount::WorkingDays {
        return Vec::new();
    }
    let mut missing = BTreeSet::new();
    for item in items.iter().filter(|i| i.is_overdue_on(as_of)) {
        let first = item.deadline_on(as_of).map_or(as_of, |d| d + Days::new(1));
        for year in first.year()..=as_of.year() {
            if !site.calendar.years.contains_key(&year) {
                missing.insert(year);
            }
        }
    }
    let at = site.deadlines.count_at;
    missing
        .into_iter()
        .map(|year| {
            Diagnostic::error(
                Path::new("content/site.yaml"),
                at.line,
                at.column,
                format!(
                    "`count: working_days` needs the working days up to {as_of}, but {}",
                    MissingYear(year).advice()
                ),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// National Day 2026: 10-01 to 10-07 off, Sunday 09-20 and Saturday 10-10 worked.
    fn national_day() -> Calendar {
        let holiday = Holiday {
            name: "国庆节".into(),
            days: d("2026-10-01")
                .iter_days()
                .take_while(|x| *x <= d("2026-10-07"))
                .collect(),
        };
        let workdays = [("2026-09-20", "国庆节调休"), ("2026-10-10", "国庆节调休")]
            .into_iter()
            .map(|(x, r)| (d(x), r.to_string()))
            .collect();
        Calendar::of([Year::new(2026, vec![holiday], workdays)])
    }

    #[test]
    fn holidays_and_make_up_days() {
        let c = national_day();
        assert_eq!(c.is_working_day(d("2026-10-01")), Ok(false));
        assert_eq!(c.is_working_day(d("2026-10-10")), Ok(true), "调休 Saturday");
        assert_eq!(c.is_working_day(d("2026-10-11")), Ok(false), "plain Sunday");
        assert_eq!(c.is_working_day(d("2026-10-12")), Ok(true));
        assert_eq!(
            c.is_working_day(d("2027-01-04")),
            Err(MissingYear(2027)),
            "no guessing outside the kept years"
        );
    }

    #[test]
    fn counting_starts_the_day_after() {
        let c = national_day();
        // Found Tuesday 09-29: 09-30 (Wed) is the 1st, then 10-01..07 off, 10-08 (Thu) 2nd,
        // 10-09 (Fri) 3rd, 10-10 (调休 Sat) 4th, 10-12 (Mon) 5th.
        assert_eq!(c.working_day_after(d("2026-09-29"), 1), Ok(d("2026-09-30")));
        assert_eq!(c.working_day_after(d("2026-09-29"), 4), Ok(d("2026-10-10")));
        assert_eq!(c.working_day_after(d("2026-09-29"), 5), Ok(d("2026-10-12")));
        assert_eq!(
            c.working_days_between(d("2026-09-29"), d("2026-10-12")),
            Ok(5)
        );
        assert_eq!(
            c.working_days_between(d("2026-10-12"), d("2026-10-12")),
            Ok(0)
        );
        assert_eq!(
            c.working_day_after(d("2026-12-30"), 5),
            Err(MissingYear(2027))
        );
    }
}
