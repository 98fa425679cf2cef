//! Calendar dates without a clock.
//!
//! Domain code never asks for "today": callers pass the date in. A [`Date`] is a day count from
//! 1970-01-01, so comparisons and interval arithmetic are integer operations, which matters when the
//! statistics engine compares millions of validity intervals.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A proleptic Gregorian calendar date between the years 1800 and 2200.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(i32);

/// Why a text is not a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("'{0}' is not a date: write dd/mm/yyyy or yyyy-mm-dd")]
    Format(String),
    #[error("'{0}' does not exist in the calendar")]
    NoSuchDay(String),
    #[error("'{0}' is outside the years 1800–2200")]
    OutOfRange(String),
}

impl From<Date> for crate::msg::Arg {
    fn from(d: Date) -> Self {
        let (y, m, day) = d.ymd();
        crate::msg::Arg::Day(y, m, day)
    }
}

impl crate::msg::Said for DateError {
    fn msg(&self) -> crate::msg::Msg {
        use crate::msg::Msg;
        match self {
            DateError::Format(s) => Msg::new("date-format").text("text", s),
            DateError::NoSuchDay(s) => Msg::new("date-no-such-day").text("text", s),
            DateError::OutOfRange(s) => Msg::new("date-out-of-range").text("text", s),
        }
    }
}

const MIN_YEAR: i32 = 1800;
const MAX_YEAR: i32 = 2200;

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// 1970-01-01, the origin of day counts.
    pub const EPOCH: Date = Date(0);

    /// The date for a year, month and day, if it exists and lies in the supported range.
    pub fn from_ymd(y: i32, m: u32, d: u32) -> Option<Date> {
        if !(MIN_YEAR..=MAX_YEAR).contains(&y) || !(1..=12).contains(&m) {
            return None;
        }
        if d == 0 || d > days_in_month(y, m) {
            return None;
        }
        // Howard Hinnant's days_from_civil.
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = m as i32;
        let mp = if m > 2 { m - 3 } else { m + 9 };
        let doy = (153 * mp + 2) / 5 + d as i32 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(Date(era * 146_097 + doe - 719_468))
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days(self) -> i32 {
        self.0
    }

    /// The date a number of days after 1970-01-01, if within the supported range.
    pub fn from_days(days: i32) -> Option<Date> {
        let d = Date(days);
        let (y, _, _) = d.ymd();
        (MIN_YEAR..=MAX_YEAR).contains(&y).then_some(d)
    }

    /// Year, month and day.
    pub fn ymd(self) -> (i32, u32, u32) {
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let y = yoe + era * 400;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        (if m <= 2 { y + 1 } else { y }, m, d)
    }

    pub fn year(self) -> i32 {
        self.ymd().0
    }

    /// The date `n` days later (or earlier when negative), saturating at the supported range.
    pub fn add_days(self, n: i32) -> Date {
        let lo = Date::from_ymd(MIN_YEAR, 1, 1).map_or(i32::MIN, Date::days);
        let hi = Date::from_ymd(MAX_YEAR, 12, 31).map_or(i32::MAX, Date::days);
        Date(self.0.saturating_add(n).clamp(lo, hi))
    }

    /// Whole years from `self` to `at` (an age, when `self` is a birth date).
    pub fn years_until(self, at: Date) -> i32 {
        let (y0, m0, d0) = self.ymd();
        let (y1, m1, d1) = at.ymd();
        let mut years = y1 - y0;
        if (m1, d1) < (m0, d0) {
            years -= 1;
        }
        years
    }

    /// The same day `n` months later (or earlier when negative); a day the month lacks becomes its
    /// last day (31 January plus one month is 28 or 29 February).
    pub fn add_months(self, n: i32) -> Date {
        let (y, m, d) = self.ymd();
        let total = y * 12 + (m as i32 - 1) + n;
        let (ny, nm) = (total.div_euclid(12), total.rem_euclid(12) as u32 + 1);
        let last = days_in_month(ny, nm);
        Date::from_ymd(ny, nm, d.min(last)).unwrap_or(self)
    }

    /// Whole months from `self` to `at` (an age in months, when `self` is a birth date).
    pub fn months_until(self, at: Date) -> i32 {
        let (y0, m0, d0) = self.ymd();
        let (y1, m1, d1) = at.ymd();
        let mut months = (y1 - y0) * 12 + m1 as i32 - m0 as i32;
        if d1 < d0 {
            months -= 1;
        }
        months
    }

    /// The day of the week, 0 for Monday to 6 for Sunday (1970-01-01 was a Thursday).
    pub fn weekday(self) -> u32 {
        (self.0 + 3).rem_euclid(7) as u32
    }

    /// The same day `years` years earlier (29 February becomes 28 February in a common year).
    pub fn years_before(self, years: i32) -> Date {
        let (y, m, d) = self.ymd();
        Date::from_ymd(y - years, m, d).or_else(|| Date::from_ymd(y - years, m, d.saturating_sub(1))).unwrap_or(self)
    }

    /// The Vietnamese form, `dd/mm/yyyy`.
    pub fn vn(self) -> String {
        let (y, m, d) = self.ymd();
        format!("{d:02}/{m:02}/{y:04}")
    }

    /// The fast path for the databases' own form, exactly `yyyy-mm-dd`, without allocating: the
    /// statistics index reads millions of them.
    fn parse_iso_exact(b: &[u8]) -> Option<Date> {
        let [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = *b else { return None };
        let digit = |c: u8| c.is_ascii_digit().then(|| u32::from(c - b'0'));
        let y = digit(y0)? * 1000 + digit(y1)? * 100 + digit(y2)? * 10 + digit(y3)?;
        Date::from_ymd(y as i32, digit(m0)? * 10 + digit(m1)?, digit(d0)? * 10 + digit(d1)?)
    }

    /// Parses `dd/mm/yyyy` (also `d/m/yyyy`, and `-` or `.` as separators) or ISO `yyyy-mm-dd`.
    pub fn parse(text: &str) -> Result<Date, DateError> {
        if let Some(d) = Date::parse_iso_exact(text.as_bytes()) {
            return Ok(d);
        }
        let s = text.trim();
        let parts: Vec<&str> = s.split(['/', '-', '.']).collect();
        let [a, b, c] = parts.as_slice() else {
            return Err(DateError::Format(s.to_string()));
        };
        let all_digits = parts.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        if !all_digits {
            return Err(DateError::Format(s.to_string()));
        }
        let (y, m, d) = if a.len() == 4 && s.contains('-') {
            (a, b, c)
        } else if c.len() == 4 && a.len() <= 2 && b.len() <= 2 {
            (c, b, a)
        } else {
            return Err(DateError::Format(s.to_string()));
        };
        let num = |t: &str| t.parse::<u32>().map_err(|_| DateError::Format(s.to_string()));
        let (y, m, d) = (num(y)? as i32, num(m)?, num(d)?);
        if !(MIN_YEAR..=MAX_YEAR).contains(&y) {
            return Err(DateError::OutOfRange(s.to_string()));
        }
        Date::from_ymd(y, m, d).ok_or_else(|| DateError::NoSuchDay(s.to_string()))
    }
}

impl fmt::Display for Date {
    /// ISO 8601, the form stored in the databases and used by the API.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl FromStr for Date {
    type Err = DateError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Date::parse(s)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse(&s).map_err(|e| serde::de::Error::custom(crate::msg::Said::msg(&e).encode()))
    }
}

/// A half-open validity interval `[from, to)`; `to == None` means "still in force".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Validity {
    pub from: Date,
    pub to: Option<Date>,
}

impl Validity {
    pub fn open(from: Date) -> Self {
        Validity { from, to: None }
    }

    /// Whether the interval is in force on `at`.
    pub fn contains(&self, at: Date) -> bool {
        self.from <= at && self.to.is_none_or(|to| at < to)
    }

    /// Whether two intervals share at least one day.
    pub fn overlaps(&self, other: &Validity) -> bool {
        let a_before_b = self.to.is_some_and(|to| to <= other.from);
        let b_before_a = other.to.is_some_and(|to| to <= self.from);
        !(a_before_b || b_before_a)
    }

    /// An interval must end after it begins.
    pub fn is_well_formed(&self) -> bool {
        self.to.is_none_or(|to| to > self.from)
    }
}

described_as_string!(
    Date,
    "Date",
    "A day, yyyy-mm-dd (dd/mm/yyyy is read too) / một ngày",
    None,
    Some(crate::schema::KnownFormat::Date),
    "2026-01-05"
);

/// A day written `YYYY-MM-DD` in a test.
#[cfg(test)]
pub(crate) fn day(s: &str) -> Date {
    Date::parse(s).unwrap_or_else(|e| panic!("{e}"))
}

/// A day by its year, month and day, in a test.
#[cfg(test)]
pub(crate) fn on(y: i32, m: u32, d: u32) -> Date {
    Date::from_ymd(y, m, d).unwrap_or_else(|| panic!("no day {y}-{m}-{d}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::day as d;

    #[test]
    fn parses_vietnamese_and_iso_forms_to_the_same_day() {
        assert_eq!(d("18/01/2019"), d("2019-01-18"));
        assert_eq!(d("1/7/2025"), d("2025-07-01"));
        assert_eq!(d("18.01.2019").to_string(), "2019-01-18");
        assert_eq!(d("2019-01-18").vn(), "18/01/2019");
    }

    #[test]
    fn rejects_days_that_do_not_exist_and_bad_forms() {
        assert_eq!(Date::parse("29/02/2023"), Err(DateError::NoSuchDay("29/02/2023".into())));
        assert!(Date::parse("29/02/2024").is_ok());
        assert!(matches!(Date::parse("31/04/2020"), Err(DateError::NoSuchDay(_))));
        assert!(matches!(Date::parse("2020/13/01"), Err(DateError::Format(_))));
        assert!(matches!(Date::parse("hôm qua"), Err(DateError::Format(_))));
        assert!(matches!(Date::parse("01/01/1700"), Err(DateError::OutOfRange(_))));
        assert!(matches!(Date::parse("12/31"), Err(DateError::Format(_))));
    }

    #[test]
    fn day_numbers_round_trip_across_centuries() {
        assert_eq!(d("1970-01-01").days(), 0);
        for days in (-60_000..80_000).step_by(997) {
            let date = Date(days);
            let (y, m, dd) = date.ymd();
            assert_eq!(Date::from_ymd(y, m, dd), Some(date));
        }
    }

    #[test]
    fn ages_count_whole_years() {
        assert_eq!(d("2000-07-02").years_until(d("2025-07-01")), 24);
        assert_eq!(d("2000-07-01").years_until(d("2025-07-01")), 25);
    }

    #[test]
    fn years_before_keeps_the_day_and_handles_leap_days() {
        assert_eq!(d("2026-10-31").years_before(30), d("1996-10-31"));
        assert_eq!(d("2024-02-29").years_before(1), d("2023-02-28"));
        // Someone born on the cutoff day has just reached that age.
        assert_eq!(d("1996-10-31").years_until(d("2026-10-31")), 30);
    }

    #[test]
    fn validity_is_half_open() {
        let v = Validity { from: d("2019-01-18"), to: Some(d("2025-07-01")) };
        assert!(v.contains(d("2019-01-18")));
        assert!(v.contains(d("2025-06-30")));
        assert!(!v.contains(d("2025-07-01")));
        let next = Validity::open(d("2025-07-01"));
        assert!(!v.overlaps(&next));
        assert!(v.overlaps(&Validity::open(d("2025-06-30"))));
        assert!(!Validity { from: d("2020-01-01"), to: Some(d("2020-01-01")) }.is_well_formed());
    }
}
