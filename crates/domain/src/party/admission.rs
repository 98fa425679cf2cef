//! Admission, from candidate to full member: the steps in their order, each checked on its own
//! date against the rules in force that day (age in months at the cell's vote, education, the
//! awareness-course certificate, sponsors, the order of the documents, probation), and the
//! deadlines the working-day calendar gives (the ceremony within 30 working days of the decision,
//! recognition proposed within 30 working days after the 12 months end).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::catalog::UnknownCode;
use crate::date::Date;
use crate::msg::Msg;
use crate::party::calendar::Calendar;
use crate::rules::{RuleBook, RuleKey};

code_list! {
    /// The steps of an admission, in their order.
    Step, "admission step", "admission-step" {
        Course = "course"; Application = "application"; Sponsors = "sponsors"; Referral = "referral";
        Verification = "verification"; CellVote = "cell_vote"; GrassrootsResolution = "grassroots_resolution";
        Decision = "decision"; Ceremony = "ceremony"; Recognition = "recognition"; Removal = "removal";
    }
}

impl Step {
    /// The steps that must be recorded before this one (the referral only where it applies).
    fn before(self) -> &'static [Step] {
        use Step::*;
        match self {
            Course => &[],
            Application => &[Course],
            Sponsors => &[Application],
            Referral => &[Application],
            Verification => &[Sponsors],
            CellVote => &[Verification],
            GrassrootsResolution => &[CellVote],
            Decision => &[GrassrootsResolution],
            Ceremony => &[Decision],
            Recognition | Removal => &[Ceremony],
        }
    }
}

/// A sponsor as the register knows them on the day they sponsor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sponsor {
    pub person: String,
    /// Whether they are an official (full) member on the day.
    pub official: bool,
    /// Since when they have worked, studied or lived with the candidate.
    pub known_since: Date,
}

/// What the checks need to know about the candidate and the steps recorded so far.
#[derive(Clone, Debug, Default)]
pub struct Facts {
    pub birth_date: Option<Date>,
    /// General education as grade and years of the system (`9/12`, `12/12`, `7/10`).
    pub general_education: Option<(u8, u8)>,
    /// Admissions of this person that ended earlier (a second admission is a re-admission).
    pub earlier_admissions: u32,
    /// The steps recorded, with their dates.
    pub done: Vec<(Step, Date)>,
}

impl Facts {
    pub fn date_of(&self, step: Step) -> Option<Date> {
        self.done.iter().find(|(s, _)| *s == step).map(|(_, d)| *d)
    }

    pub fn finished(&self) -> bool {
        self.date_of(Step::Recognition).is_some() || self.date_of(Step::Removal).is_some()
    }
}

/// Why a step cannot be recorded.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AdmissionError {
    #[error("the step '{0}' is already recorded")]
    AlreadyRecorded(Step),
    #[error("the admission is closed (the member was recognized or removed)")]
    Finished,
    #[error("'{step}' comes after '{missing}', which is not recorded")]
    OutOfOrder { step: Step, missing: Step },
    #[error("'{step}' on {on} is before '{previous}' on {earlier}")]
    BeforePrevious { step: Step, on: Date, previous: Step, earlier: Date },
    #[error("no rule '{key}' is in force on {on}")]
    NoRule { key: RuleKey, on: Date },
    #[error("on the cell's vote the candidate is {months} months old; the rule is {min} to {max} months")]
    Age { months: i32, min: i64, max: i64 },
    #[error("the candidate's birth date is not recorded")]
    BirthDateMissing,
    #[error("general education {grade}/{system} is below lower secondary (grade {min} of 12)")]
    Education { grade: u8, system: u8, min: i64 },
    #[error("the candidate's general education (such as 9/12) is not recorded")]
    EducationMissing,
    #[error("the awareness-course certificate of {course} expired on {expired}")]
    CertificateExpired { course: Date, expired: Date },
    #[error("{needed} sponsors are needed; {given} given")]
    SponsorCount { needed: i64, given: usize },
    #[error("the sponsor {0} is not an official member on the day")]
    SponsorNotOfficial(String),
    #[error("the sponsor {person} has known the candidate {months} months; {min} are needed")]
    SponsorTooRecent { person: String, months: i32, min: i64 },
    #[error("the sponsor {0} is the candidate")]
    SponsorIsCandidate(String),
    #[error("recognition takes effect when the {months} months of probation end, on {ends}")]
    RecognitionTooEarly { months: i64, ends: Date },
    #[error("a former member may be admitted again {allowed} time(s); this would be admission {n}")]
    Readmission { allowed: i64, n: u32 },
}

impl crate::msg::Said for AdmissionError {
    fn msg(&self) -> Msg {
        use AdmissionError as E;
        match self {
            E::AlreadyRecorded(s) => Msg::new("admission-already-recorded").label("step", *s),
            E::Finished => Msg::new("admission-finished"),
            E::OutOfOrder { step, missing } => {
                Msg::new("admission-out-of-order").label("step", *step).label("missing", *missing)
            }
            E::BeforePrevious { step, on, previous, earlier } => Msg::new("admission-before-previous")
                .label("step", *step)
                .date("on", *on)
                .label("previous", *previous)
                .date("earlier", *earlier),
            E::NoRule { key, on } => no_rule(*key, *on),
            E::Age { months, min, max } => Msg::new("admission-age")
                .int("years", i64::from(months / 12))
                .int("rest", i64::from(months % 12))
                .int("months", i64::from(*months))
                .int("min", *min)
                .int("max", *max),
            E::BirthDateMissing => Msg::new("admission-birth-date-missing"),
            E::Education { grade, system, min } => {
                Msg::new("admission-education").text("grade", grade).text("system", system).text("min", min)
            }
            E::EducationMissing => Msg::new("admission-education-missing"),
            E::CertificateExpired { course, expired } => {
                Msg::new("admission-certificate-expired").date("course", *course).date("expired", *expired)
            }
            E::SponsorCount { needed, given } => {
                Msg::new("admission-sponsor-count").int("needed", *needed).int("given", *given as i64)
            }
            E::SponsorNotOfficial(p) => Msg::new("admission-sponsor-not-official").text("person", p),
            E::SponsorTooRecent { person, months, min } => Msg::new("admission-sponsor-too-recent")
                .text("person", person)
                .int("months", i64::from(*months))
                .int("min", *min),
            E::SponsorIsCandidate(p) => Msg::new("admission-sponsor-is-candidate").text("person", p),
            E::RecognitionTooEarly { months, ends } => {
                Msg::new("admission-recognition-too-early").int("months", *months).date("ends", *ends)
            }
            E::Readmission { allowed, n } => {
                Msg::new("admission-readmission").int("allowed", *allowed).int("n", i64::from(*n))
            }
        }
    }
}

/// No value of a rule is in force on the day: the message of every feature.
pub fn no_rule(key: RuleKey, on: Date) -> Msg {
    Msg::new("rule-not-in-force").label("rule", key).date("on", on)
}

impl AdmissionError {
    /// The field the message is about.
    pub fn field(&self) -> &'static str {
        use AdmissionError as E;
        match self {
            E::SponsorCount { .. }
            | E::SponsorNotOfficial(_)
            | E::SponsorTooRecent { .. }
            | E::SponsorIsCandidate(_) => "sponsors",
            E::Education { .. } | E::EducationMissing => "general_education",
            E::AlreadyRecorded(_) | E::OutOfOrder { .. } | E::Finished => "step",
            E::Readmission { .. } => "person",
            _ => "on",
        }
    }
}

/// Reads a general education such as `9/12`, `12/12` or `7/10`.
pub fn parse_general_education(text: &str) -> Option<(u8, u8)> {
    let (g, s) = text.trim().split_once('/')?;
    let (g, s): (u8, u8) = (g.trim().parse().ok()?, s.trim().parse().ok()?);
    (matches!(s, 10 | 12) && (1..=s).contains(&g)).then_some((g, s))
}

/// The grade of the 12-year system a grade of another system stands for (7/10 finished lower
/// secondary as 9/12 does).
fn grade_of_12(grade: u8, system: u8) -> i64 {
    if system == 10 {
        i64::from(grade) + 2
    } else {
        i64::from(grade)
    }
}

fn rule(book: &RuleBook, key: RuleKey, on: Date) -> Result<i64, AdmissionError> {
    book.value(key, on).ok_or(AdmissionError::NoRule { key, on })
}

/// The day probation ends, when recognition takes effect.
pub fn probation_ends(book: &RuleBook, ceremony: Date) -> Result<Date, AdmissionError> {
    Ok(ceremony.add_months(rule(book, RuleKey::ProbationMonths, ceremony)? as i32))
}

/// Checks recording `step` on `on` (with `sponsors` for the sponsors' step, judged that day).
pub fn check(
    facts: &Facts,
    step: Step,
    on: Date,
    sponsors: &[Sponsor],
    candidate: &str,
    book: &RuleBook,
) -> Result<(), AdmissionError> {
    if facts.finished() {
        return Err(AdmissionError::Finished);
    }
    if facts.date_of(step).is_some() {
        return Err(AdmissionError::AlreadyRecorded(step));
    }
    if step == Step::Removal && facts.date_of(Step::Recognition).is_some() {
        return Err(AdmissionError::Finished);
    }
    for &missing in step.before() {
        match facts.date_of(missing) {
            None => return Err(AdmissionError::OutOfOrder { step, missing }),
            Some(earlier) if earlier > on => {
                return Err(AdmissionError::BeforePrevious { step, on, previous: missing, earlier })
            }
            Some(_) => {}
        }
    }
    // Every step recorded so far comes before this one in the order, so none may be later.
    if let Some((previous, earlier)) =
        facts.done.iter().filter(|(s, d)| s.index() < step.index() && *d > on).map(|(s, d)| (*s, *d)).next()
    {
        return Err(AdmissionError::BeforePrevious { step, on, previous, earlier });
    }
    match step {
        Step::Application => {
            let allowed = rule(book, RuleKey::ReadmissionsAllowed, on)?;
            if i64::from(facts.earlier_admissions) > allowed {
                return Err(AdmissionError::Readmission { allowed, n: facts.earlier_admissions + 1 });
            }
        }
        Step::Sponsors => {
            let needed = rule(book, RuleKey::SponsorsRequired, on)?;
            if (sponsors.len() as i64) < needed {
                return Err(AdmissionError::SponsorCount { needed, given: sponsors.len() });
            }
            let min = rule(book, RuleKey::SponsorMinMonths, on)?;
            for s in sponsors {
                if s.person.trim() == candidate.trim() {
                    return Err(AdmissionError::SponsorIsCandidate(s.person.clone()));
                }
                if !s.official {
                    return Err(AdmissionError::SponsorNotOfficial(s.person.clone()));
                }
                let months = s.known_since.months_until(on);
                if i64::from(months) < min {
                    return Err(AdmissionError::SponsorTooRecent { person: s.person.clone(), months, min });
                }
            }
        }
        Step::CellVote => {
            let birth = facts.birth_date.ok_or(AdmissionError::BirthDateMissing)?;
            let months = birth.months_until(on);
            let (min, max) =
                (rule(book, RuleKey::AdmissionMinAgeMonths, on)?, rule(book, RuleKey::AdmissionMaxAgeMonths, on)?);
            if i64::from(months) < min || i64::from(months) > max {
                return Err(AdmissionError::Age { months, min, max });
            }
            let (grade, system) = facts.general_education.ok_or(AdmissionError::EducationMissing)?;
            let least = rule(book, RuleKey::AdmissionMinGrade, on)?;
            if grade_of_12(grade, system) < least {
                return Err(AdmissionError::Education { grade, system, min: least });
            }
            if let Some(course) = facts.date_of(Step::Course) {
                let years = rule(book, RuleKey::CourseValidityYears, course)?;
                let expired = course.add_months(years as i32 * 12);
                if on >= expired {
                    return Err(AdmissionError::CertificateExpired { course, expired });
                }
            }
        }
        Step::Recognition => {
            if let Some(ceremony) = facts.date_of(Step::Ceremony) {
                let ends = probation_ends(book, ceremony)?;
                if on < ends {
                    let months = rule(book, RuleKey::ProbationMonths, ceremony)?;
                    return Err(AdmissionError::RecognitionTooEarly { months, ends });
                }
            }
        }
        _ => {}
    }
    Ok(())
}

code_list! {
    /// The time limits an admission runs against.
    Limit, "admission time limit", "admission-time-limit" {
        Certificate = "certificate"; Ceremony = "ceremony"; ProbationEnds = "probation_ends";
        Recognition = "recognition";
    }
}

/// A time limit: what, the last day, and when it was met (if it was).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deadline {
    pub limit: Limit,
    pub due: Date,
    pub met: Option<Date>,
    /// Whether the calendar holds the holidays of every year the limit spans.
    pub exact: bool,
}

/// The time limits of an admission as its steps stand.
pub fn deadlines(facts: &Facts, book: &RuleBook, cal: &Calendar) -> Vec<Deadline> {
    let mut out = Vec::new();
    let closed = facts.date_of(Step::Recognition).or(facts.date_of(Step::Removal));
    if let Some(course) = facts.date_of(Step::Course) {
        if let Some(years) = book.value(RuleKey::CourseValidityYears, course) {
            let due = course.add_months(years as i32 * 12);
            out.push(Deadline { limit: Limit::Certificate, due, met: facts.date_of(Step::CellVote), exact: true });
        }
    }
    if let Some(decision) = facts.date_of(Step::Decision) {
        if let Some(n) = book.value(RuleKey::CeremonyWorkingDays, decision) {
            let due = cal.working_days_after(decision, n.max(0) as u32);
            let exact = cal.covers(decision) && cal.covers(due);
            out.push(Deadline { limit: Limit::Ceremony, due, met: facts.date_of(Step::Ceremony), exact });
        }
    }
    if let Some(ceremony) = facts.date_of(Step::Ceremony) {
        if let Ok(ends) = probation_ends(book, ceremony) {
            out.push(Deadline { limit: Limit::ProbationEnds, due: ends, met: closed, exact: true });
            if let Some(n) = book.value(RuleKey::RecognitionWorkingDays, ends) {
                let due = cal.working_days_after(ends, n.max(0) as u32);
                let exact = cal.covers(ends) && cal.covers(due);
                out.push(Deadline { limit: Limit::Recognition, due, met: closed, exact });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::defaults;

    use crate::date::day;

    fn facts(done: &[(Step, &str)]) -> Facts {
        Facts {
            birth_date: Some(day("2008-03-15")),
            general_education: Some((12, 12)),
            earlier_admissions: 0,
            done: done.iter().map(|(s, d)| (*s, day(d))).collect(),
        }
    }

    #[test]
    fn age_is_counted_in_months_on_the_day_of_the_vote() {
        let book = RuleBook::new(defaults());
        let f = facts(&[
            (Step::Course, "2026-01-05"),
            (Step::Application, "2026-01-10"),
            (Step::Sponsors, "2026-01-12"),
            (Step::Verification, "2026-02-01"),
        ]);
        // Born 15/03/2008: 17 years 11 months on 14/03/2026, 18 years on 15/03/2026.
        assert_eq!(
            check(&f, Step::CellVote, day("2026-03-14"), &[], "C", &book),
            Err(AdmissionError::Age { months: 215, min: 216, max: 720 })
        );
        assert_eq!(check(&f, Step::CellVote, day("2026-03-15"), &[], "C", &book), Ok(()));
        let low = Facts { general_education: Some((8, 12)), ..f.clone() };
        assert!(matches!(
            check(&low, Step::CellVote, day("2026-03-15"), &[], "C", &book),
            Err(AdmissionError::Education { .. })
        ));
        let old_system = Facts { general_education: Some((7, 10)), ..f };
        assert_eq!(check(&old_system, Step::CellVote, day("2026-03-15"), &[], "C", &book), Ok(()));
    }

    #[test]
    fn sponsors_are_official_members_who_have_known_the_candidate_a_year() {
        let book = RuleBook::new(defaults());
        let f = facts(&[(Step::Course, "2026-01-05"), (Step::Application, "2026-01-10")]);
        let s = |p: &str, official, since: &str| Sponsor { person: p.into(), official, known_since: day(since) };
        let on = day("2026-01-12");
        assert!(matches!(
            check(&f, Step::Sponsors, on, &[s("A", true, "2024-01-01")], "C", &book),
            Err(AdmissionError::SponsorCount { .. })
        ));
        assert_eq!(
            check(&f, Step::Sponsors, on, &[s("A", true, "2024-01-01"), s("B", false, "2024-01-01")], "C", &book),
            Err(AdmissionError::SponsorNotOfficial("B".into()))
        );
        assert_eq!(
            check(&f, Step::Sponsors, on, &[s("A", true, "2024-01-01"), s("B", true, "2025-02-01")], "C", &book),
            Err(AdmissionError::SponsorTooRecent { person: "B".into(), months: 11, min: 12 })
        );
        assert_eq!(
            check(&f, Step::Sponsors, on, &[s("A", true, "2024-01-01"), s("B", true, "2025-01-12")], "C", &book),
            Ok(())
        );
    }

    #[test]
    fn steps_keep_their_order_and_recognition_waits_for_the_twelve_months() {
        let book = RuleBook::new(defaults());
        let f = facts(&[(Step::Course, "2026-01-05")]);
        assert_eq!(
            check(&f, Step::CellVote, day("2026-04-01"), &[], "C", &book),
            Err(AdmissionError::OutOfOrder { step: Step::CellVote, missing: Step::Verification })
        );
        let f = facts(&[
            (Step::Course, "2026-01-05"),
            (Step::Application, "2026-01-10"),
            (Step::Sponsors, "2026-01-12"),
            (Step::Verification, "2026-02-01"),
            (Step::CellVote, "2026-03-20"),
            (Step::GrassrootsResolution, "2026-03-25"),
            (Step::Decision, "2026-04-02"),
        ]);
        assert!(matches!(
            check(&f, Step::Ceremony, day("2026-04-01"), &[], "C", &book),
            Err(AdmissionError::BeforePrevious { previous: Step::Decision, .. })
        ));
        let mut f = f;
        f.done.push((Step::Ceremony, day("2026-04-20")));
        assert_eq!(
            check(&f, Step::Recognition, day("2027-04-19"), &[], "C", &book),
            Err(AdmissionError::RecognitionTooEarly { months: 12, ends: day("2027-04-20") })
        );
        assert_eq!(check(&f, Step::Recognition, day("2027-04-20"), &[], "C", &book), Ok(()));
    }

    #[test]
    fn a_former_member_is_admitted_again_only_once() {
        let book = RuleBook::new(defaults());
        let f = Facts { earlier_admissions: 1, ..facts(&[(Step::Course, "2026-01-05")]) };
        assert_eq!(check(&f, Step::Application, day("2026-01-10"), &[], "C", &book), Ok(()));
        let f = Facts { earlier_admissions: 2, ..f };
        assert_eq!(
            check(&f, Step::Application, day("2026-01-10"), &[], "C", &book),
            Err(AdmissionError::Readmission { allowed: 1, n: 3 })
        );
    }

    #[test]
    fn general_education_reads_as_grade_over_system() {
        assert_eq!(parse_general_education("12/12"), Some((12, 12)));
        assert_eq!(parse_general_education(" 7 / 10 "), Some((7, 10)));
        for bad in ["", "12", "13/12", "0/12", "9/11", "a/12"] {
            assert_eq!(parse_general_education(bad), None, "{bad}");
        }
    }
}
