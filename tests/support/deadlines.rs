//! The sample's deadlines as the tests read them, independently of the library: the holiday
//! calendar read with serde_yaml, and `N个工作日` counted day by day.

use std::path::Path;

use chrono::{Datelike, NaiveDate};
use serde_yaml::Value;

/// A site's holiday calendar: (days off, make-up working days).
pub(crate) struct Calendar {
    off: Vec<NaiveDate>,
    worked: Vec<NaiveDate>,
}

fn day_of(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn text(v: &Value, key: &str) -> String {
    match &v[key] {
        Value::String(s) => s.clone(),
        other => serde_yaml::to_string(other).unwrap().trim().to_string(),
    }
}

impl Calendar {
    /// Every `content/calendar/*.yaml` of the site at `root`.
    pub(crate) fn read(root: &Path) -> Calendar {
        let mut calendar = Calendar {
            off: Vec::new(),
            worked: Vec::new(),
        };
        for entry in std::fs::read_dir(root.join("content/calendar")).unwrap() {
            let raw = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            let v: Value = serde_yaml::from_str(&raw).unwrap();
            for h in v["holidays"].as_sequence().unwrap() {
                let mut day = day_of(&text(h, "start"));
                while day <= day_of(&text(h, "end")) {
                    calendar.off.push(day);
                    day = day.succ_opt().unwrap();
                }
            }
            for w in v["workdays"].as_sequence().unwrap() {
                calendar.worked.push(day_of(&text(w, "date")));
            }
        }
        calendar
    }

    fn is_working_day(&self, day: NaiveDate) -> bool {
        let weekend = day.weekday().num_days_from_monday() >= 5;
        self.worked.contains(&day) || (!weekend && !self.off.contains(&day))
    }

    /// The day a written deadline falls due: a date as is, `N个工作日` the Nth working day
    /// after the found date, 长期 none.
    pub(crate) fn due_day(&self, written: &str, found: &str) -> Option<String> {
        if written == "长期" {
            return None;
        }
        let Some(n) = written.strip_suffix("个工作日") else {
            return Some(written.to_string());
        };
        let mut left: u32 = n.parse().unwrap();
        let mut day = day_of(found);
        while left > 0 {
            day = day.succ_opt().unwrap();
            left -= u32::from(self.is_working_day(day));
        }
        Some(day.to_string())
    }
}
