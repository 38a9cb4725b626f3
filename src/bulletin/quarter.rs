//! Quarters (季度), the period of a bulletin: `2026-Q2` is 1 April to 30 June 2026.

use std::fmt;

use chrono::{Datelike, NaiveDate};

/// A calendar quarter, written `YYYY-Qn`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    /// The year.
    pub year: i32,
    /// 1 to 4.
    pub number: u32,
}

const NUMERALS: [&str; 4] = ["一", "二", "三", "四"];

impl Quarter {
    /// Reads `2026-Q2` (also `2026-q2`); the message says what is expected.
    pub fn parse(text: &str) -> Result<Quarter, String> {
        let wrong =
            || format!("`{text}` is not a quarter: write the year and the quarter, e.g. `2026-Q2`");
        let (year, number) = text.trim().split_once(['-']).ok_or_else(wrong)?;
        let number = number
            .strip_prefix(['Q', 'q'])
            .and_then(|n| n.parse::<u32>().ok())
            .filter(|n| (1..=4).contains(n))
            .ok_or_else(wrong)?;
        let year = year
            .parse::<i32>()
            .ok()
            .filter(|y| (1900..=9999).contains(y) && year.len() == 4)
            .ok_or_else(wrong)?;
        Ok(Quarter { year, number })
    }

    /// The quarter a date falls in.
    pub fn of(date: NaiveDate) -> Quarter {
        Quarter {
            year: date.year(),
            number: (date.month() - 1) / 3 + 1,
        }
    }

    /// Its first day.
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, (self.number - 1) * 3 + 1, 1).unwrap_or_default()
    }

    /// Its last day: the figures of its bulletin are computed as of this day.
    pub fn last_day(self) -> NaiveDate {
        self.next().first_day().pred_opt().unwrap_or_default()
    }

    /// The quarter after it.
    pub fn next(self) -> Quarter {
        if self.number == 4 {
            Quarter {
                year: self.year + 1,
                number: 1,
            }
        } else {
            Quarter {
                year: self.year,
                number: self.number + 1,
            }
        }
    }

    /// Whether `date` falls in it.
    pub fn contains(self, date: NaiveDate) -> bool {
        Quarter::of(date) == self
    }

    /// `2026年第二季度`.
    pub fn name(self) -> String {
        format!(
            "{}年第{}季度",
            self.year,
            NUMERALS[(self.number as usize).clamp(1, 4) - 1]
        )
    }
}

impl fmt::Display for Quarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-Q{}", self.year, self.number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn quarters_have_their_days() {
        let q2 = Quarter::parse("2026-Q2").unwrap();
        assert_eq!(q2.first_day(), day(2026, 4, 1));
        assert_eq!(q2.last_day(), day(2026, 6, 30));
        assert_eq!(
            Quarter::parse("2026-q4").unwrap().last_day(),
            day(2026, 12, 31)
        );
        assert_eq!(Quarter::of(day(2026, 7, 1)), q2.next());
        assert!(q2.contains(day(2026, 6, 30)) && !q2.contains(day(2026, 7, 1)));
        assert_eq!(q2.name(), "2026年第二季度");
        assert_eq!(q2.to_string(), "2026-Q2");
        for bad in ["2026-Q5", "2026Q2", "26-Q1", "2026-Q0", "Q2-2026", ""] {
            assert!(Quarter::parse(bad).is_err(), "{bad}");
        }
    }
}
