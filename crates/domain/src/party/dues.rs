//! Party dues (đảng phí), by the rule in force in the month paid: Quyết định 342-QĐ/TW (2010) until
//! January 2026, Quy định 01-QĐ/TW from 01/02/2026 — 1% of the insured salary for members with
//! compulsory social insurance, 0.5% of the pension, 5,000 đ a month for students; exempt from 50
//! years of party age, and on a social pension, in a poor or near-poor household, or seriously ill;
//! reduced by 30, 50 or 70% for up to 12 months a decision. Rates are dated rule data.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::catalog::UnknownCode;
use crate::date::Date;
use crate::rules::{RuleBook, RuleKey};

/// A calendar month, `yyyy-mm`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    pub fn of(d: Date) -> Month {
        let (year, month, _) = d.ymd();
        Month { year, month }
    }

    /// Reads `yyyy-mm` or `mm/yyyy`.
    pub fn parse(text: &str) -> Option<Month> {
        let t = text.trim();
        let (y, m) = match (t.split_once('-'), t.split_once('/')) {
            (Some((y, m)), _) => (y, m),
            (None, Some((m, y))) => (y, m),
            _ => return None,
        };
        let (year, month): (i32, u32) = (y.parse().ok()?, m.parse().ok()?);
        Date::from_ymd(year, month, 1).map(|_| Month { year, month })
    }

    pub fn first_day(self) -> Date {
        Date::from_ymd(self.year, self.month, 1).unwrap_or(Date::EPOCH)
    }

    pub fn next(self) -> Month {
        Month::of(self.first_day().add_months(1))
    }

    pub fn vn(self) -> String {
        format!("{:02}/{}", self.month, self.year)
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl Serialize for Month {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

code_list! {
    /// What a member's dues are counted on.
    Category, "dues category", "dues-category" {
        Insured = "insured"; Pensioner = "pensioner"; Student = "student"; Other = "other";
    }

    /// Why a member is exempt.
    Exemption, "dues exemption", "dues-exemption" {
        SocialPension = "social_pension"; PoorHousehold = "poor_household"; SeriousIllness = "serious_illness";
    }
}

/// What a member's dues are counted on from a month on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Basis {
    pub from: Month,
    pub category: Category,
    /// The insured salary or the pension, in đồng a month (unused for students and others).
    pub base: i64,
    pub exemption: Option<Exemption>,
    /// A reduction of 30, 50 or 70 percent, until a month (inclusive).
    pub reduction: Option<(i64, Month)>,
}

/// The dues of one month: the amount and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Owed {
    pub month: Month,
    pub amount: i64,
    /// `exempt_party_age`, `exempt_<reason>`, or the category.
    pub reason: String,
}

/// Why a basis cannot be recorded.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DuesError {
    #[error("a reduction is 30, 50 or 70 percent; {0} given")]
    Reduction(i64),
    #[error("a reduction lasts {max} months at most; {months} given")]
    ReductionLength { months: i32, max: i64 },
    #[error("the salary or pension must be given, in đồng a month")]
    BaseMissing,
}

impl crate::msg::Said for DuesError {
    fn msg(&self) -> crate::msg::Msg {
        use crate::msg::Msg;
        match self {
            DuesError::Reduction(p) => Msg::new("dues-reduction").text("given", p),
            DuesError::ReductionLength { months, max } => {
                Msg::new("dues-reduction-length").int("max", *max).int("months", i64::from(*months))
            }
            DuesError::BaseMissing => Msg::new("dues-base-missing"),
        }
    }
}

/// Checks a basis as recorded, by the rules of its first month.
pub fn check_basis(b: &Basis, book: &RuleBook) -> Result<(), DuesError> {
    if matches!(b.category, Category::Insured | Category::Pensioner) && b.base <= 0 {
        return Err(DuesError::BaseMissing);
    }
    if let Some((pct, until)) = b.reduction {
        if ![30, 50, 70].contains(&pct) {
            return Err(DuesError::Reduction(pct));
        }
        let months = b.from.first_day().months_until(until.first_day()) + 1;
        let max = book.value(RuleKey::DuesReductionMaxMonths, b.from.first_day()).unwrap_or(12);
        if i64::from(months) > max {
            return Err(DuesError::ReductionLength { months, max });
        }
    }
    Ok(())
}

/// What a member owes for a month, on the basis in force and the rule of that month.
/// `party_age_years` is the party age on the month's first day.
pub fn owed(basis: &Basis, month: Month, party_age_years: i32, book: &RuleBook) -> Owed {
    let day = month.first_day();
    let exempt_age = book.value(RuleKey::DuesExemptPartyAgeYears, day);
    if exempt_age.is_some_and(|y| i64::from(party_age_years) >= y) {
        return Owed { month, amount: 0, reason: "exempt_party_age".into() };
    }
    if let Some(e) = basis.exemption {
        return Owed { month, amount: 0, reason: format!("exempt_{}", e.code()) };
    }
    let permille = |key| book.value(key, day).unwrap_or(0);
    let full = match basis.category {
        Category::Insured => basis.base * permille(RuleKey::DuesInsuredPermille) / 1000,
        Category::Pensioner => basis.base * permille(RuleKey::DuesPensionPermille) / 1000,
        Category::Student => permille(RuleKey::DuesStudentMonthly),
        Category::Other => permille(RuleKey::DuesOtherMonthly),
    };
    let amount = match basis.reduction {
        Some((pct, until)) if month <= until => full * (100 - pct) / 100,
        _ => full,
    };
    // Rounded to the thousand đồng below, as collected in cash.
    Owed { month, amount: amount / 1000 * 1000, reason: basis.category.code().into() }
}

described_as_string!(Month, "Month", "A month, yyyy-mm / một tháng", Some("^[0-9]{4}-[0-9]{2}$"), None, "2026-01");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::defaults;

    fn m(s: &str) -> Month {
        Month::parse(s).unwrap()
    }

    #[test]
    fn the_rule_of_the_month_paid_decides() {
        let book = RuleBook::new(defaults());
        let b = Basis {
            from: m("2025-01"),
            category: Category::Insured,
            base: 8_500_000,
            exemption: None,
            reduction: None,
        };
        assert_eq!(owed(&b, m("2026-01"), 10, &book).amount, 85_000);
        assert_eq!(owed(&b, m("2026-02"), 10, &book).amount, 85_000);
        let p = Basis { category: Category::Pensioner, base: 7_000_000, ..b.clone() };
        assert_eq!(owed(&p, m("2026-03"), 40, &book).amount, 35_000);
        assert_eq!(owed(&p, m("2026-03"), 50, &book).reason, "exempt_party_age", "fifty years of party age");
        let s = Basis { category: Category::Student, base: 0, ..b.clone() };
        assert_eq!(owed(&s, m("2026-03"), 1, &book).amount, 5_000);
        let r = Basis { reduction: Some((50, m("2026-06"))), ..b.clone() };
        assert_eq!(owed(&r, m("2026-06"), 10, &book).amount, 42_000);
        assert_eq!(owed(&r, m("2026-07"), 10, &book).amount, 85_000);
        assert_eq!(
            check_basis(&Basis { reduction: Some((40, m("2025-06"))), ..b.clone() }, &book),
            Err(DuesError::Reduction(40))
        );
        assert_eq!(
            check_basis(&Basis { reduction: Some((30, m("2026-01"))), ..b.clone() }, &book),
            Err(DuesError::ReductionLength { months: 13, max: 12 })
        );
    }

    #[test]
    fn months_read_both_ways() {
        assert_eq!(Month::parse("03/2026"), Month::parse("2026-03"));
        assert_eq!(m("2026-12").next(), m("2027-01"));
        assert_eq!(Month::parse("13/2026"), None);
        assert_eq!(m("2026-03").to_string(), "2026-03");
    }
}
