//! Party age (tuổi đảng): from the date the first admission decision was signed, less every day
//! since the member first joined a cell on which they were outside party activity — removed,
//! expelled, or between two periods. Days in transit count (the member is still a member); a
//! re-admitted member counts from the first decision, less the gap (rule 7).

use serde::Serialize;

use crate::catalog::MemberStatus;
use crate::date::{Date, Validity};

/// One membership period, as the age needs it.
#[derive(Clone, Debug)]
pub struct Period {
    pub status: MemberStatus,
    pub validity: Validity,
    pub admitted_on: Date,
}

/// A party age on a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct PartyAge {
    pub years: i32,
    pub months: i32,
    /// Days outside party activity, not counted.
    pub interrupted_days: i32,
    /// The first admission decision.
    pub admitted_on: Date,
}

fn counts(s: MemberStatus) -> bool {
    s.is_active() || s == MemberStatus::InTransit
}

/// The party age on `on`, or `None` for someone never admitted by then.
pub fn party_age(periods: &[Period], on: Date) -> Option<PartyAge> {
    let admitted_on = periods.iter().map(|p| p.admitted_on).min()?;
    let first = periods.iter().map(|p| p.validity.from).min()?;
    if admitted_on > on {
        return None;
    }
    // The days from the first period to `on` covered by a counting period, intervals merged.
    let mut spans: Vec<(i32, i32)> = periods
        .iter()
        .filter(|p| counts(p.status))
        .map(|p| (p.validity.from.days(), p.validity.to.map_or(on.days(), |t| t.days().min(on.days()))))
        .filter(|(a, b)| b > a)
        .collect();
    spans.sort();
    let mut covered = 0;
    let mut reached = first.days();
    for (a, b) in spans {
        let a = a.max(reached);
        if b > a {
            covered += b - a;
            reached = b;
        }
    }
    let interrupted_days = (on.days() - first.days()).max(0) - covered;
    let months = admitted_on.add_days(interrupted_days).months_until(on).max(0);
    Some(PartyAge { years: months / 12, months: months % 12, interrupted_days, admitted_on })
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::date::day;

    fn period(status: MemberStatus, from: &str, to: Option<&str>, admitted: &str) -> Period {
        Period { status, validity: Validity { from: day(from), to: to.map(day) }, admitted_on: day(admitted) }
    }

    #[test]
    fn party_age_runs_from_the_decision_and_skips_time_outside_the_party() {
        use MemberStatus::*;
        // Decided 15/01/2025, ceremony 20/02/2025: 1 year 10 months on 15/11/2026.
        let p = [
            period(Probationary, "2025-02-20", Some("2026-02-20"), "2025-01-15"),
            period(Official, "2026-02-20", None, "2025-01-15"),
        ];
        assert_eq!(party_age(&p, day("2026-11-15")).map(|a| (a.years, a.months, a.interrupted_days)), Some((1, 10, 0)));
        // Days in transit count; two years removed do not.
        let p = [
            period(Official, "2000-01-01", Some("2010-01-01"), "1999-12-01"),
            period(InTransit, "2010-01-01", Some("2010-02-01"), "1999-12-01"),
            period(Official, "2010-02-01", Some("2012-01-01"), "1999-12-01"),
            period(Removed, "2012-01-01", Some("2014-01-01"), "1999-12-01"),
            period(Probationary, "2014-01-01", None, "2013-12-01"),
        ];
        let age = party_age(&p, day("2030-12-01")).unwrap();
        assert_eq!(age.interrupted_days, 731);
        assert_eq!((age.years, age.months), (29, 0), "31 years less two");
        assert_eq!(party_age(&p, day("1999-11-30")), None);
    }
}
