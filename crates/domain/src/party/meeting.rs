//! Meetings of party organizations (sinh hoạt chi bộ, hội nghị cấp ủy): the regular one a cell
//! holds every month, the thematic one at least every quarter that does not replace it, and
//! extraordinary ones; who was called and who came, the quorum in force, the officials of a
//! higher level who attended. The frequencies, the quorum and the absences that ground a removal
//! are dated rules.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::catalog::UnknownCode;
use crate::date::Date;
use crate::party::dues::Month;
use crate::rules::{RuleBook, RuleKey};

code_list! {
    /// The kinds of meeting.
    Kind, "meeting kind", "meeting-kind" {
        Regular = "regular"; Thematic = "thematic"; Extraordinary = "extraordinary";
    }

    /// How a member called to a meeting attended it.
    Presence, "attendance", "attendance" { Present = "present"; Excused = "excused"; Unexcused = "unexcused"; }
}

/// Whether enough of those called came for the meeting to stand: at least `thirds` thirds of them
/// (the rule in force on its date); `None` when no rule is in force.
pub fn quorum(called: usize, present: usize, on: Date, book: &RuleBook) -> Option<bool> {
    let thirds = book.value(RuleKey::MeetingQuorumThirds, on)?;
    Some(called > 0 && (present as i64) * 3 >= (called as i64) * thirds)
}

/// A run of whole calendar months, aligned on the year: `every` months from January (a month, a
/// quarter, half a year).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, utoipa::ToSchema)]
pub struct Span {
    pub first: Month,
    pub last: Month,
}

impl Span {
    /// The span of `every` months holding a day.
    pub fn of(d: Date, every: u32) -> Span {
        let every = every.clamp(1, 12);
        let m = Month::of(d);
        let start = (m.month - 1) / every * every + 1;
        let first = Month { year: m.year, month: start };
        let last = Month::of(first.first_day().add_months(every as i32 - 1));
        Span { first, last }
    }

    pub fn last_day(self) -> Date {
        self.last.next().first_day().add_days(-1)
    }

    fn next(self, every: u32) -> Span {
        Span::of(self.last.next().first_day(), every)
    }

    pub fn contains(self, d: Date) -> bool {
        let m = Month::of(d);
        self.first <= m && m <= self.last
    }

    /// `03/2026`, or `01/2026–03/2026`.
    pub fn vn(self) -> String {
        if self.first == self.last {
            self.first.vn()
        } else {
            format!("{}–{}", self.first.vn(), self.last.vn())
        }
    }
}

/// The whole spans of `every` months, from the one holding `from` to the one before the span
/// holding `until`, in which no meeting of the dates `held` took place.
pub fn spans_without(held: &[Date], from: Date, until: Date, every: u32) -> Vec<Span> {
    let mut out = Vec::new();
    let (mut s, end) = (Span::of(from, every), Span::of(until, every));
    while s < end {
        if !held.iter().any(|d| s.contains(*d)) {
            out.push(s);
        }
        s = s.next(every);
    }
    out
}

/// The members absent without a reason from at least the number of meetings of a year the rule
/// in force at the year's end counts as a ground for removal, with their count.
pub fn unexcused_over(absences: &[(String, Date)], year: i32, book: &RuleBook) -> Vec<(String, usize)> {
    let end = Date::from_ymd(year, 12, 31).unwrap_or(Date::EPOCH);
    let Some(limit) = book.value(RuleKey::AbsencesForRemoval, end) else { return Vec::new() };
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for (person, _) in absences.iter().filter(|(_, d)| d.year() == year) {
        *counts.entry(person.as_str()).or_default() += 1;
    }
    counts.into_iter().filter(|(_, n)| *n as i64 >= limit).map(|(p, n)| (p.to_string(), n)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::defaults;

    use crate::date::day;

    #[test]
    fn two_thirds_of_those_called_make_a_quorum() {
        let book = RuleBook::new(defaults());
        let on = day("2026-03-05");
        assert_eq!(quorum(3, 2, on, &book), Some(true));
        assert_eq!(quorum(9, 5, on, &book), Some(false));
        assert_eq!(quorum(9, 6, on, &book), Some(true));
        assert_eq!(quorum(0, 0, on, &book), Some(false));
        assert_eq!(quorum(3, 3, day("1990-01-01"), &book), None, "before any rule");
    }

    #[test]
    fn a_month_without_a_regular_meeting_and_a_quarter_without_a_thematic_one_are_found() {
        let held = [day("2026-01-10"), day("2026-03-02"), day("2026-03-30")];
        let missed = spans_without(&held, day("2026-01-01"), day("2026-05-15"), 1);
        assert_eq!(missed.iter().map(|m| m.vn()).collect::<Vec<_>>(), ["02/2026", "04/2026"]);
        let q = spans_without(&[day("2026-02-01")], day("2025-11-01"), day("2026-07-01"), 3);
        assert_eq!(q.iter().map(|m| m.vn()).collect::<Vec<_>>(), ["10/2025–12/2025", "04/2026–06/2026"]);
        assert_eq!(Span::of(day("2026-08-31"), 3).last_day(), day("2026-09-30"));
        assert_eq!(Span::of(day("2026-08-31"), 6).vn(), "07/2026–12/2026");
    }

    #[test]
    fn three_unexcused_absences_in_a_year_are_a_ground_for_removal() {
        let book = RuleBook::new(defaults());
        let a = |p: &str, d: &str| (p.to_string(), day(d));
        let absences = [
            a("A", "2026-01-05"),
            a("A", "2026-04-05"),
            a("A", "2026-09-05"),
            a("B", "2026-01-05"),
            a("B", "2026-02-05"),
            a("B", "2025-12-05"),
        ];
        assert_eq!(unexcused_over(&absences, 2026, &book), [("A".to_string(), 3)]);
    }
}
