//! Inspection, supervision and discipline in the party: the cases an inspection commission opens,
//! the denunciations and complaints it receives with their time limits in working days, and the
//! discipline decisions — the forms allowed for each kind of subject and status, the statute of
//! limitations of the breach, and the time a decision may be complained about. Every figure is a
//! dated rule.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::catalog::{MemberStatus, UnknownCode};
use crate::date::Date;
use crate::msg::Msg;
use crate::party::calendar::Calendar;
use crate::rules::{RuleBook, RuleKey};

code_list! {
    /// What a case is.
    CaseKind, "case kind", "case-kind" {
        Inspection = "inspection"; Supervision = "supervision"; Denunciation = "denunciation";
        Complaint = "complaint";
    }

    /// How an inspection or supervision comes about.
    Mode, "case mode", "case-mode" { Regular = "regular"; Thematic = "thematic"; BreachSigns = "breach_signs"; }

    /// The forms of discipline.
    Form, "discipline form", "discipline-form" {
        Reprimand = "reprimand"; Warning = "warning"; RemovalFromPost = "removal_from_post";
        Expulsion = "expulsion"; Dissolution = "dissolution";
    }

    /// Whether a breach has a statute of limitations.
    Breach, "kind of breach", "kind-of-breach" { Ordinary = "ordinary"; NoLimit = "no_limit"; }
}

/// Why a discipline or a complaint is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DisciplineError {
    #[error("an organization is disciplined by reprimand, warning or dissolution; not '{0}'")]
    NotForOrganization(Form),
    #[error("'{0}' is for organizations; a member is reprimanded, warned, removed from post or expelled")]
    NotForMember(Form),
    #[error("a probationary member is only reprimanded or warned; not '{0}'")]
    Probationary(Form),
    #[error("the member holds no post to be removed from")]
    NoPost,
    #[error("the breach of {breach} is past its statute of limitations of {years} years (until {until})")]
    Limitation { breach: Date, years: i64, until: Date },
    #[error("no rule '{key}' is in force on {on}")]
    NoRule { key: RuleKey, on: Date },
    #[error("a complaint is made within {months} month(s) of receiving the decision, by {until}")]
    ComplaintLate { months: i64, until: Date },
}

impl crate::msg::Said for DisciplineError {
    fn msg(&self) -> Msg {
        match self {
            DisciplineError::NotForOrganization(f) => Msg::new("discipline-not-for-organization").label("form", *f),
            DisciplineError::NotForMember(f) => Msg::new("discipline-not-for-member").label("form", *f),
            DisciplineError::Probationary(f) => Msg::new("discipline-probationary").label("form", *f),
            DisciplineError::NoPost => Msg::new("discipline-no-post"),
            DisciplineError::Limitation { breach, years, until } => {
                Msg::new("discipline-limitation").date("breach", *breach).int("years", *years).date("until", *until)
            }
            DisciplineError::NoRule { key, on } => crate::party::admission::no_rule(*key, *on),
            DisciplineError::ComplaintLate { months, until } => {
                Msg::new("discipline-complaint-late").int("months", *months).date("until", *until)
            }
        }
    }
}

/// Whether a form is allowed for the subject: an organization (`None`) or a member with a status
/// and whether they hold a post.
pub fn check_form(form: Form, member: Option<(MemberStatus, bool)>) -> Result<(), DisciplineError> {
    match member {
        None => match form {
            Form::Reprimand | Form::Warning | Form::Dissolution => Ok(()),
            f => Err(DisciplineError::NotForOrganization(f)),
        },
        Some((status, has_post)) => match form {
            Form::Dissolution => Err(DisciplineError::NotForMember(form)),
            Form::RemovalFromPost | Form::Expulsion if status == MemberStatus::Probationary => {
                Err(DisciplineError::Probationary(form))
            }
            Form::RemovalFromPost if !has_post => Err(DisciplineError::NoPost),
            _ => Ok(()),
        },
    }
}

/// The statute of limitations: a breach warranting a reprimand may be disciplined for 5 years, a
/// warning or removal from post for 10 (the rules in force on the decision's day); expulsion,
/// dissolution and breaches of the kinds without a limit, always.
pub fn check_limitation(
    form: Form,
    breach: Breach,
    breach_on: Date,
    decided_on: Date,
    book: &RuleBook,
) -> Result<(), DisciplineError> {
    let key = match (breach, form) {
        (Breach::NoLimit, _) | (_, Form::Expulsion | Form::Dissolution) => return Ok(()),
        (_, Form::Reprimand) => RuleKey::LimitReprimandYears,
        (_, Form::Warning | Form::RemovalFromPost) => RuleKey::LimitWarningYears,
    };
    let years = book.value(key, decided_on).ok_or(DisciplineError::NoRule { key, on: decided_on })?;
    let until = breach_on.add_months((years * 12) as i32);
    if decided_on > until {
        return Err(DisciplineError::Limitation { breach: breach_on, years, until });
    }
    Ok(())
}

/// The last day a denunciation received on a day is to be settled: the rule's working days after
/// it, and the most it may be extended to.
pub fn denunciation_deadlines(received: Date, book: &RuleBook) -> Result<(Date, Date), DisciplineError> {
    let rule = |key| book.value(key, received).ok_or(DisciplineError::NoRule { key, on: received });
    let days = rule(RuleKey::DenunciationWorkingDays)?;
    let more = rule(RuleKey::DenunciationExtensionWorkingDays)?;
    let cal = Calendar::shipped();
    let due = cal.working_days_after(received, days.max(0) as u32);
    Ok((due, cal.working_days_after(due, more.max(0) as u32)))
}

/// A complaint about a discipline decision received on `received`, the decision received (its
/// announcement) on `announced`: within the rule's months.
pub fn check_complaint(announced: Date, received: Date, book: &RuleBook) -> Result<(), DisciplineError> {
    let key = RuleKey::ComplaintMonths;
    let months = book.value(key, announced).ok_or(DisciplineError::NoRule { key, on: announced })?;
    let until = announced.add_months(months as i32);
    if received > until {
        return Err(DisciplineError::ComplaintLate { months, until });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::defaults;

    use crate::date::day;

    #[test]
    fn each_subject_has_its_forms_and_a_probationary_member_only_the_first_two() {
        assert!(check_form(Form::Dissolution, None).is_ok());
        assert!(matches!(check_form(Form::Expulsion, None), Err(DisciplineError::NotForOrganization(_))));
        let official = Some((MemberStatus::Official, true));
        assert!(check_form(Form::Expulsion, official).is_ok());
        assert!(matches!(check_form(Form::Dissolution, official), Err(DisciplineError::NotForMember(_))));
        let probationary = Some((MemberStatus::Probationary, true));
        assert!(check_form(Form::Warning, probationary).is_ok());
        assert!(matches!(check_form(Form::Expulsion, probationary), Err(DisciplineError::Probationary(_))));
        assert!(matches!(
            check_form(Form::RemovalFromPost, Some((MemberStatus::Official, false))),
            Err(DisciplineError::NoPost)
        ));
    }

    #[test]
    fn a_breach_past_its_statute_of_limitations_is_refused() {
        let book = RuleBook::new(defaults());
        let (breach, decided) = (day("2020-03-01"), day("2025-03-02"));
        assert!(matches!(
            check_limitation(Form::Reprimand, Breach::Ordinary, breach, decided, &book),
            Err(DisciplineError::Limitation { years: 5, .. })
        ));
        assert!(check_limitation(Form::Reprimand, Breach::Ordinary, breach, day("2025-03-01"), &book).is_ok());
        assert!(check_limitation(Form::Warning, Breach::Ordinary, breach, decided, &book).is_ok());
        assert!(check_limitation(Form::Reprimand, Breach::NoLimit, day("2001-01-01"), decided, &book).is_ok());
        assert!(check_limitation(Form::Expulsion, Breach::Ordinary, day("2001-01-01"), decided, &book).is_ok());
    }

    #[test]
    fn a_denunciation_has_ninety_working_days_and_thirty_more_and_a_complaint_a_month() {
        let book = RuleBook::new(defaults());
        // Received on Friday 02/01/2026: 90 working days skip weekends and Tết (14–22/02/2026).
        let (due, most) = denunciation_deadlines(day("2026-01-02"), &book).unwrap();
        let cal = Calendar::shipped();
        assert_eq!(due, cal.working_days_after(day("2026-01-02"), 90));
        assert!(due > day("2026-01-02").add_days(90 * 7 / 5), "weekends and holidays are skipped: {due}");
        assert_eq!(most, cal.working_days_after(due, 30));
        assert!(check_complaint(day("2026-03-10"), day("2026-04-10"), &book).is_ok());
        assert!(matches!(
            check_complaint(day("2026-03-10"), day("2026-04-11"), &book),
            Err(DisciplineError::ComplaintLate { .. })
        ));
    }
}
