//! Party badges (Huy hiệu Đảng): awarded at 30, 40, 45, 50 … 90 years of party age (no 35-year
//! badge), presented on the anniversaries of 3/2, 19/5, 2/9 and 7/11; a seriously ill member may be
//! considered up to 12 months early (30 to 65 years) or 24 months early (70 to 90 years). Party age
//! is net of interruptions, so a gap postpones the milestone (rules 7, 25, 26).

use serde::Serialize;

use crate::date::Date;
use crate::party::age::{party_age, Period};
use crate::rules::{RuleBook, RuleKey};

/// The years of party age a badge is awarded at (Hướng dẫn 01-HD/TW, item 18).
pub const MILESTONES: [i32; 12] = [30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90];

/// The anniversaries badges are presented on, as (month, day).
pub const AWARD_DAYS: [(u32, u32); 4] = [(2, 3), (5, 19), (9, 2), (11, 7)];

/// The first award day on or after `d`.
pub fn next_award_day(d: Date) -> Date {
    let (y, _, _) = d.ymd();
    for year in [y, y + 1] {
        for (m, day) in AWARD_DAYS {
            if let Some(a) = Date::from_ymd(year, m, day) {
                if a >= d {
                    return a;
                }
            }
        }
    }
    d
}

/// The day a member reaches `years` of party age, assuming no interruption after `today`.
pub fn reaches(periods: &[Period], years: i32, today: Date) -> Option<Date> {
    let age = party_age(periods, today)?;
    Some(age.admitted_on.add_days(age.interrupted_days).add_months(years * 12))
}

/// How many months early a seriously ill member may be considered for a milestone.
pub fn early_months(book: &RuleBook, years: i32, on: Date) -> i64 {
    let late_from = book.value(RuleKey::BadgeEarlyLateFrom, on).unwrap_or(i64::MAX);
    let key = if i64::from(years) >= late_from { RuleKey::BadgeEarlyMonthsLate } else { RuleKey::BadgeEarlyMonths };
    book.value(key, on).unwrap_or(0)
}

/// A badge a member is due.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Due {
    pub years: i32,
    /// The day the party age reaches the milestone.
    pub reaches_on: Date,
    /// The award day it is presented on.
    pub award_on: Date,
}

/// The badge due to a member by `until`: the highest milestone reached by then above every badge
/// awarded (a milestone passed over is not awarded late once a higher one is reached), with the
/// award day it falls to; `awarded` lists the milestones already awarded.
pub fn due(periods: &[Period], awarded: &[i32], today: Date, until: Date) -> Vec<Due> {
    // Only members still in the party receive a badge.
    let member = periods.iter().any(|p| {
        p.validity.contains(today) && (p.status.is_active() || p.status == crate::catalog::MemberStatus::InTransit)
    });
    if !member {
        return Vec::new();
    }
    let highest = awarded.iter().copied().max().unwrap_or(0);
    MILESTONES
        .iter()
        .filter(|&&y| y > highest)
        .filter_map(|&years| {
            let reaches_on = reaches(periods, years, today)?;
            (reaches_on <= until).then(|| Due { years, reaches_on, award_on: next_award_day(reaches_on) })
        })
        .next_back()
        .into_iter()
        .collect()
}

/// Why a badge cannot be awarded.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BadgeError {
    #[error("there is no {0}-year badge (30, 40, 45, 50 … 90)")]
    NoSuchBadge(i32),
    #[error("the {years}-year badge is awarded already")]
    Awarded { years: i32 },
    #[error(
        "the member reaches {years} years of party age on {reaches}; {early} months early at most, on serious illness"
    )]
    TooEarly { years: i32, reaches: Date, early: i64 },
    #[error("the person is not a member on the day")]
    NotAMember,
}

impl crate::msg::Said for BadgeError {
    fn msg(&self) -> crate::msg::Msg {
        use crate::msg::Msg;
        match self {
            BadgeError::NoSuchBadge(y) => Msg::new("badge-no-such").text("years", y),
            BadgeError::Awarded { years } => Msg::new("badge-awarded").text("years", years),
            BadgeError::TooEarly { years, reaches, early } => {
                Msg::new("badge-too-early").text("years", years).date("reaches", *reaches).int("early", *early)
            }
            BadgeError::NotAMember => Msg::new("badge-not-a-member"),
        }
    }
}

/// Checks awarding the `years` badge on `on`; `ill` for the early consideration.
pub fn check_award(
    periods: &[Period],
    awarded: &[i32],
    years: i32,
    on: Date,
    ill: bool,
    book: &RuleBook,
) -> Result<(), BadgeError> {
    if !MILESTONES.contains(&years) {
        return Err(BadgeError::NoSuchBadge(years));
    }
    if awarded.contains(&years) {
        return Err(BadgeError::Awarded { years });
    }
    let member = periods.iter().any(|p| p.validity.contains(on) && p.status.is_active());
    if !member {
        return Err(BadgeError::NotAMember);
    }
    let reaches_on = reaches(periods, years, on).ok_or(BadgeError::NotAMember)?;
    let early = if ill { early_months(book, years, on) } else { 0 };
    if on < reaches_on.add_months(-(early as i32)) {
        return Err(BadgeError::TooEarly { years, reaches: reaches_on, early });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::MemberStatus;
    use crate::date::Validity;
    use crate::rules::defaults;

    use crate::date::day;

    #[test]
    fn milestones_fall_to_the_next_award_day_and_gaps_postpone_them() {
        assert_eq!(next_award_day(day("2026-05-20")), day("2026-09-02"));
        assert_eq!(next_award_day(day("2026-11-08")), day("2027-02-03"));
        assert_eq!(next_award_day(day("2026-02-03")), day("2026-02-03"));
        let p = [Period {
            status: MemberStatus::Official,
            validity: Validity::open(day("1996-07-01")),
            admitted_on: day("1996-06-10"),
        }];
        let due = due(&p, &[], day("2026-06-01"), day("2026-12-31"));
        assert_eq!(due, [Due { years: 30, reaches_on: day("2026-06-10"), award_on: day("2026-09-02") }]);
        // Two months removed from the rolls (60 days of a leap-year winter) put the milestone 60
        // days later.
        let gap = [
            Period {
                status: MemberStatus::Official,
                validity: Validity { from: day("1996-07-01"), to: Some(day("2000-01-01")) },
                admitted_on: day("1996-06-10"),
            },
            Period {
                status: MemberStatus::Removed,
                validity: Validity { from: day("2000-01-01"), to: Some(day("2000-03-01")) },
                admitted_on: day("1996-06-10"),
            },
            Period {
                status: MemberStatus::Probationary,
                validity: Validity::open(day("2000-03-01")),
                admitted_on: day("2000-02-15"),
            },
        ];
        assert_eq!(reaches(&gap, 30, day("2026-06-01")), Some(day("2026-08-09")));
    }

    #[test]
    fn a_badge_is_awarded_once_and_early_only_on_serious_illness() {
        let book = RuleBook::new(defaults());
        let p = [Period {
            status: MemberStatus::Official,
            validity: Validity::open(day("1976-07-01")),
            admitted_on: day("1976-06-10"),
        }];
        assert_eq!(check_award(&p, &[], 35, day("2026-09-02"), false, &book), Err(BadgeError::NoSuchBadge(35)));
        assert_eq!(check_award(&p, &[], 50, day("2026-09-02"), false, &book), Ok(()));
        assert_eq!(check_award(&p, &[50], 50, day("2026-09-02"), false, &book), Err(BadgeError::Awarded { years: 50 }));
        assert!(matches!(
            check_award(&p, &[], 55, day("2030-09-02"), false, &book),
            Err(BadgeError::TooEarly { early: 0, .. })
        ));
        assert_eq!(check_award(&p, &[], 55, day("2030-09-02"), true, &book), Ok(()), "within 12 months, ill");
        assert_eq!(early_months(&book, 70, day("2026-01-01")), 24);
    }
}
