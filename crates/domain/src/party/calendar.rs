//! Working days: Monday to Friday, except Vietnam's public holidays and the days given in lieu.
//! The holidays are data shipped with tinhgon (`data/holidays.csv`), each day with its name and its
//! source — the Labour Code's list, with the lunar days turned into solar dates, and the schedules the
//! government announced where tinhgon holds them. Deadlines "within 30 working days" count on it.

use std::collections::BTreeMap;

use crate::date::Date;

/// One day off: its name and the document it comes from; `verified` when the source was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Holiday {
    pub date: Date,
    pub name_vi: String,
    pub name_en: String,
    pub source: String,
    pub verified: bool,
}

/// The days off of the years the data covers.
#[derive(Clone, Debug, Default)]
pub struct Calendar {
    days: BTreeMap<Date, Holiday>,
}

/// The cells of one CSV line; a cell in double quotes may hold commas and doubled quotes.
fn cells(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(std::mem::take(&mut cur)),
            (c, _) => cur.push(c),
        }
    }
    out.push(cur);
    out
}

impl Calendar {
    /// The holidays tinhgon ships, read once (the file is part of the binary; a test checks
    /// that it reads whole).
    pub fn shipped() -> &'static Calendar {
        static SHIPPED: std::sync::OnceLock<Calendar> = std::sync::OnceLock::new();
        SHIPPED.get_or_init(|| Calendar::parse(include_str!("../../data/holidays.csv")).unwrap_or_default())
    }

    /// Reads `date,name_vi,name_en,source,verified` lines after a header.
    pub fn parse(text: &str) -> Result<Calendar, String> {
        let mut days = BTreeMap::new();
        for (i, line) in text.lines().enumerate().skip(1).filter(|(_, l)| !l.trim().is_empty()) {
            let c = cells(line);
            let [date, vi, en, source, verified] = c.as_slice() else {
                return Err(format!("line {}: five cells expected", i + 1));
            };
            let date = Date::parse(date).map_err(|e| format!("line {}: {e}", i + 1))?;
            days.insert(
                date,
                Holiday {
                    date,
                    name_vi: vi.clone(),
                    name_en: en.clone(),
                    source: source.clone(),
                    verified: verified == "yes",
                },
            );
        }
        Ok(Calendar { days })
    }

    pub fn holidays(&self) -> impl Iterator<Item = &Holiday> {
        self.days.values()
    }

    pub fn holiday(&self, d: Date) -> Option<&Holiday> {
        self.days.get(&d)
    }

    /// Whether the data holds the holidays of the year of `d`.
    pub fn covers(&self, d: Date) -> bool {
        match (self.days.keys().next(), self.days.keys().next_back()) {
            (Some(first), Some(last)) => (first.year()..=last.year()).contains(&d.year()),
            _ => false,
        }
    }

    pub fn is_working_day(&self, d: Date) -> bool {
        d.weekday() < 5 && !self.days.contains_key(&d)
    }

    /// The `n`-th working day after `start` (the day of the event itself does not count): the last
    /// day of a time limit of `n` working days.
    pub fn working_days_after(&self, start: Date, n: u32) -> Date {
        let mut d = start;
        let mut left = n;
        while left > 0 {
            d = d.add_days(1);
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::date::day;

    #[test]
    fn the_shipped_calendar_reads_whole() {
        let text = include_str!("../../data/holidays.csv");
        let cal = Calendar::parse(text).unwrap();
        assert_eq!(cal.holidays().count(), text.lines().count() - 1);
        assert!(cal.covers(day("2015-06-01")) && cal.covers(day("2030-06-01")) && !cal.covers(day("2031-01-02")));
        let tet = cal.holiday(day("2026-02-17")).unwrap();
        assert!(tet.verified && tet.source.contains("14/02–22/02/2026"), "{tet:?}");
    }

    #[test]
    fn weekends_and_holidays_are_not_working_days() {
        let cal = Calendar::shipped();
        assert_eq!(day("2026-12-01").weekday(), 1, "a Tuesday");
        assert!(!cal.is_working_day(day("2026-02-14")), "Saturday");
        assert!(!cal.is_working_day(day("2026-02-16")), "Tết");
        assert!(cal.is_working_day(day("2026-02-23")), "back to work on Monday 23/2");
        assert!(!cal.is_working_day(day("2026-04-27")), "in lieu of the Hùng Kings' day, a Sunday");
        // From Thursday 5 February 2026: 6, 9–13 February are six working days, then Tết, then
        // 23 February is the seventh.
        assert_eq!(cal.working_days_after(day("2026-02-05"), 6), day("2026-02-13"));
        assert_eq!(cal.working_days_after(day("2026-02-05"), 7), day("2026-02-23"));
    }
}
