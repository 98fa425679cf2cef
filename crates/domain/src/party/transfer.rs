//! Transfers of party activity (chuyển sinh hoạt đảng): official ones, after which the member
//! belongs to the receiving cell, and temporary ones (a stay of 3 to under 12 months, or training of
//! 3 to 24 months), after which the member returns and which the receiving organization does not
//! count. An official transfer between grassroots organizations is in transit from the day the
//! letter is given until the receiving cell takes the member in; the member must present the letter
//! within 30 working days.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::catalog::UnknownCode;
use crate::date::Date;
use crate::msg::Msg;
use crate::rules::{RuleBook, RuleKey};

code_list! {
    /// The kinds of transfer.
    Kind, "transfer kind", "transfer-kind" { Official = "official"; Temporary = "temporary"; Training = "training"; }

    /// How far a transfer goes.
    Scope, "transfer scope", "transfer-scope" {
        WithinGrassroots = "within_grassroots"; BetweenGrassroots = "between_grassroots";
        OutsideRegister = "outside";
    }
}

/// Why a transfer cannot be sent.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TransferError {
    #[error("no rule '{key}' is in force on {on}")]
    NoRule { key: RuleKey, on: Date },
    #[error("a {kind} lasts {min} to {max} whole months; {months} given")]
    Length { kind: Kind, months: i32, min: i64, max: i64 },
    #[error("a temporary transfer names the day the member returns")]
    ReturnMissing,
}

impl crate::msg::Said for TransferError {
    fn msg(&self) -> Msg {
        match self {
            TransferError::NoRule { key, on } => crate::party::admission::no_rule(*key, *on),
            TransferError::Length { kind, months, min, max } => Msg::new("transfer-length")
                .label("kind", *kind)
                .int("min", *min)
                .int("max", *max)
                .int("months", i64::from(*months)),
            TransferError::ReturnMissing => Msg::new("transfer-return-missing"),
        }
    }
}

fn rule(book: &RuleBook, key: RuleKey, on: Date) -> Result<i64, TransferError> {
    book.value(key, on).ok_or(TransferError::NoRule { key, on })
}

/// Checks the length of a temporary transfer: a stay of at least 3 and under 12 months, or
/// training of 3 to 24 months, judged by the rules of the day it is sent.
pub fn check_length(kind: Kind, sent: Date, returns: Option<Date>, book: &RuleBook) -> Result<(), TransferError> {
    if kind == Kind::Official {
        return Ok(());
    }
    let returns = returns.ok_or(TransferError::ReturnMissing)?;
    let months = sent.months_until(returns);
    let (min, max, fits) = match kind {
        Kind::Official => (0, 0, true),
        Kind::Temporary => {
            let (min, under) =
                (rule(book, RuleKey::TemporaryMinMonths, sent)?, rule(book, RuleKey::TemporaryUnderMonths, sent)?);
            (min, under - 1, returns < sent.add_months(under as i32))
        }
        Kind::Training => {
            let (min, max) =
                (rule(book, RuleKey::TrainingMinMonths, sent)?, rule(book, RuleKey::TrainingMaxMonths, sent)?);
            (min, max, returns <= sent.add_months(max as i32))
        }
    };
    if returns < sent.add_months(min as i32) || !fits {
        return Err(TransferError::Length { kind, months, min, max });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::defaults;

    use crate::date::day;

    #[test]
    fn temporary_transfers_last_three_to_under_twelve_months_and_training_up_to_twenty_four() {
        let book = RuleBook::new(defaults());
        let sent = day("2026-01-10");
        let len = |k, r: &str| check_length(k, sent, Some(day(r)), &book);
        assert!(matches!(len(Kind::Temporary, "2026-04-09"), Err(TransferError::Length { months: 2, .. })));
        assert_eq!(len(Kind::Temporary, "2026-04-10"), Ok(()));
        assert_eq!(len(Kind::Temporary, "2026-12-10"), Ok(()), "11 months");
        assert_eq!(len(Kind::Temporary, "2027-01-09"), Ok(()), "11 months and 30 days");
        assert!(len(Kind::Temporary, "2027-01-10").is_err(), "12 months is not temporary");
        assert_eq!(len(Kind::Training, "2028-01-10"), Ok(()), "24 months");
        assert!(len(Kind::Training, "2028-01-11").is_err());
        assert_eq!(check_length(Kind::Temporary, sent, None, &book), Err(TransferError::ReturnMissing));
        assert_eq!(check_length(Kind::Official, sent, None, &book), Ok(()));
    }
}
