//! The records of the register, parsed and checked: units with their effective-dated versions,
//! people, party memberships, positions and staffing quotas; and the checks that keep the register
//! whole (no overlapping versions, no orphan, no cycle, no recognition before admission).

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::catalog::{Education, Gender, MemberStatus, Ownership, Rank, Sector, StaffCategory, Theory, UnitKind};
use crate::codes::{Decision, UnitCode};
use crate::date::{Date, Validity};
use crate::msg::Msg;

/// One version of a unit: what it was, under whom, from when to when, by which decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct UnitVersion {
    pub code: UnitCode,
    pub name: String,
    pub kind: UnitKind,
    pub parent: Option<UnitCode>,
    /// The party organization that leads this unit (a people's committee is led by the commune's
    /// party committee), when it is not the direct superior.
    pub led_by: Option<UnitCode>,
    /// For grassroots party organizations: the sector of the host entity.
    pub sector: Option<Sector>,
    /// For enterprises: the ownership class.
    pub ownership: Option<Ownership>,
    pub validity: Validity,
    pub decision: Option<Decision>,
}

/// A person in the register. The code is the register's own identifier, never a national ID.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Person {
    pub code: String,
    pub name: String,
    pub gender: Gender,
    pub birth_date: Date,
    pub ethnicity: String,
    pub education: Education,
    pub theory: Theory,
    pub staff_category: Option<StaffCategory>,
}

impl Person {
    /// The columns in which two records of the same person differ.
    pub fn differences(&self, other: &Person) -> Vec<&'static str> {
        let mut out = Vec::new();
        if self.name.trim() != other.name.trim() {
            out.push("full_name");
        }
        if self.gender != other.gender {
            out.push("gender");
        }
        if self.birth_date != other.birth_date {
            out.push("birth_date");
        }
        if self.ethnicity.trim() != other.ethnicity.trim() {
            out.push("ethnicity");
        }
        if self.education != other.education {
            out.push("education");
        }
        if self.theory != other.theory {
            out.push("theory");
        }
        if self.staff_category != other.staff_category {
            out.push("staff_category");
        }
        out
    }
}

/// One period of a person's party membership in one cell with one status.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Membership {
    pub person: String,
    pub unit: UnitCode,
    pub status: MemberStatus,
    pub admitted_on: Date,
    pub recognized_on: Option<Date>,
    pub validity: Validity,
    pub decision: Option<Decision>,
}

/// A position held by a person in a unit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Assignment {
    pub person: String,
    pub unit: UnitCode,
    pub title: String,
    pub rank: Rank,
    /// The person's main job, counted in the unit's actual headcount; concurrent titles are not.
    pub primary: bool,
    pub validity: Validity,
    pub decision: Option<Decision>,
}

/// The staffing quota (biên chế) of a unit for one year and category.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Quota {
    pub unit: UnitCode,
    pub year: i32,
    pub category: StaffCategory,
    pub quota: u32,
    pub decision: Option<Decision>,
}

/// A rule of the register that a record breaks.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RegisterError {
    #[error("the name is empty or longer than {max} characters")]
    UnitName { max: usize },
    #[error("the validity ends ({to}) on or before it begins ({from})")]
    EmptyInterval { from: Date, to: Date },
    #[error("unit {code} already has a version in force from {from}{}", to.map_or_else(|| " on".to_string(), |t| format!(" to {t}")))]
    Overlap { code: UnitCode, from: Date, to: Option<Date> },
    #[error("the superior unit {parent} does not exist on {at}")]
    ParentMissing { parent: UnitCode, at: Date },
    #[error("unit {code} would be its own superior (a cycle through {via}) on {at}")]
    Cycle { code: UnitCode, via: UnitCode, at: Date },
    #[error("a {kind} must name the sector of its host entity")]
    SectorRequired { kind: UnitKind },
    #[error("only grassroots party organizations carry a sector, not a {kind}")]
    SectorNotAllowed { kind: UnitKind },
    #[error("only enterprises carry an ownership class, not a {kind}")]
    OwnershipNotAllowed { kind: UnitKind },
    #[error("the unit {code} does not exist")]
    UnknownUnit { code: UnitCode },
    #[error("the person {code} does not exist")]
    UnknownPerson { code: String },
    #[error("the code {code} is taken (in the register, or by an earlier row)")]
    DuplicateCode { code: String },
    #[error("official recognition ({recognized}) is before admission ({admitted})")]
    RecognizedBeforeAdmitted { admitted: Date, recognized: Date },
    #[error("an official member needs a recognition date")]
    RecognitionRequired,
    #[error("members belong to cells; {code} is a {kind}")]
    NotACell { code: UnitCode, kind: UnitKind },
    #[error("the person {person} is already a member elsewhere on {at}")]
    MembershipOverlap { person: String, at: Date },
    #[error("unit {code} is not in force on {at}")]
    UnitNotInForce { code: UnitCode, at: Date },
    #[error("a person code is 1 to 40 characters: letters without diacritics, digits, '.', '_' and '-'")]
    PersonCode,
    #[error("the title is empty or longer than 200 characters")]
    Title,
    #[error("the ethnicity is longer than 50 characters")]
    Ethnicity,
}

impl crate::msg::Said for RegisterError {
    fn msg(&self) -> Msg {
        use RegisterError as E;
        match self {
            E::UnitName { max } => Msg::new("register-unit-name").int("max", *max as i64),
            E::EmptyInterval { from, to } => Msg::new("register-empty-interval").date("to", *to).date("from", *from),
            E::Overlap { code, from, to: None } => {
                Msg::new("register-overlap-open").text("code", code).date("from", *from)
            }
            E::Overlap { code, from, to: Some(to) } => {
                Msg::new("register-overlap").text("code", code).date("from", *from).date("to", *to)
            }
            E::ParentMissing { parent, at } => {
                Msg::new("register-parent-missing").text("parent", parent).date("at", *at)
            }
            E::Cycle { code, via, at } => {
                Msg::new("register-cycle").text("code", code).text("via", via).date("at", *at)
            }
            E::SectorRequired { kind } => Msg::new("register-sector-required").label("kind", *kind),
            E::SectorNotAllowed { kind } => Msg::new("register-sector-not-allowed").label("kind", *kind),
            E::OwnershipNotAllowed { kind } => Msg::new("register-ownership-not-allowed").label("kind", *kind),
            E::UnknownUnit { code } => Msg::new("register-unknown-unit").text("code", code),
            E::UnknownPerson { code } => Msg::new("register-unknown-person").text("code", code),
            E::DuplicateCode { code } => Msg::new("register-duplicate-code").text("code", code),
            E::RecognizedBeforeAdmitted { admitted, recognized } => Msg::new("register-recognized-before-admitted")
                .date("recognized", *recognized)
                .date("admitted", *admitted),
            E::RecognitionRequired => Msg::new("register-recognition-required"),
            E::NotACell { code, kind } => Msg::new("register-not-a-cell").text("code", code).label("kind", *kind),
            E::MembershipOverlap { person, at } => {
                Msg::new("register-membership-overlap").text("person", person).date("at", *at)
            }
            E::UnitNotInForce { code, at } => Msg::new("register-unit-not-in-force").text("code", code).date("at", *at),
            E::PersonCode => Msg::new("register-person-code"),
            E::Title => Msg::new("register-title"),
            E::Ethnicity => Msg::new("register-ethnicity"),
        }
    }
}

/// Whether the periods, taken together, cover the whole of `span` without a gap.
pub fn covered(periods: &[Validity], span: &Validity) -> bool {
    let mut sorted: Vec<&Validity> = periods.iter().collect();
    sorted.sort_by_key(|p| p.from);
    let mut reached = span.from;
    for p in sorted {
        if p.from > reached {
            break;
        }
        match p.to {
            None => return true,
            Some(to) if to > reached => reached = to,
            Some(_) => {}
        }
        if span.to.is_some_and(|end| reached >= end) {
            return true;
        }
    }
    span.to.is_some_and(|end| reached >= end)
}

impl Assignment {
    /// Posts in a party organization (secretary, deputy, committee member) are held by party
    /// members; staff, and the posts of a party committee's commissions, need not be.
    pub fn needs_membership(&self, kind: UnitKind) -> bool {
        kind.is_party_organization() && self.rank != Rank::Staff
    }
}

pub const MAX_UNIT_NAME: usize = 200;

impl UnitVersion {
    /// Checks what a single version can check on its own.
    pub fn check(&self) -> Result<(), RegisterError> {
        let n = self.name.trim().chars().count();
        if n == 0 || n > MAX_UNIT_NAME {
            return Err(RegisterError::UnitName { max: MAX_UNIT_NAME });
        }
        check_interval(&self.validity)?;
        match (self.kind.is_grassroots(), self.sector) {
            (true, None) => return Err(RegisterError::SectorRequired { kind: self.kind }),
            (false, Some(_)) => return Err(RegisterError::SectorNotAllowed { kind: self.kind }),
            _ => {}
        }
        if self.ownership.is_some() && self.kind != UnitKind::Enterprise {
            return Err(RegisterError::OwnershipNotAllowed { kind: self.kind });
        }
        Ok(())
    }
}

pub fn check_interval(v: &Validity) -> Result<(), RegisterError> {
    match v.to {
        Some(to) if to <= v.from => Err(RegisterError::EmptyInterval { from: v.from, to }),
        _ => Ok(()),
    }
}

/// A person code follows the character rules of unit codes: 1 to 40 of `A–Z a–z 0–9 . _ -`, so
/// that no code carries a path, a space, a control or bidirectional character, or markup.
pub fn check_person_code(code: &str) -> Result<(), RegisterError> {
    let c = code.trim();
    let fine = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-');
    if c.is_empty() || c.len() > 40 || !c.bytes().all(fine) || c.starts_with('.') {
        return Err(RegisterError::PersonCode);
    }
    Ok(())
}

impl Person {
    /// Checks the code and the ethnicity; the name is checked where it is parsed, by
    /// [`crate::text::PersonName::parse`], which says what is wrong with it.
    pub fn check(&self) -> Result<(), RegisterError> {
        check_person_code(&self.code)?;
        if self.ethnicity.chars().count() > 50 {
            return Err(RegisterError::Ethnicity);
        }
        Ok(())
    }
}

impl Membership {
    pub fn check(&self) -> Result<(), RegisterError> {
        check_interval(&self.validity)?;
        if let Some(r) = self.recognized_on {
            if r < self.admitted_on {
                return Err(RegisterError::RecognizedBeforeAdmitted { admitted: self.admitted_on, recognized: r });
            }
        }
        if self.status == MemberStatus::Official && self.recognized_on.is_none() {
            return Err(RegisterError::RecognitionRequired);
        }
        Ok(())
    }
}

impl Assignment {
    pub fn check(&self) -> Result<(), RegisterError> {
        let n = self.title.trim().chars().count();
        if n == 0 || n > 200 {
            return Err(RegisterError::Title);
        }
        check_interval(&self.validity)
    }
}

/// The shape of the unit tree through time, enough to check parents and cycles.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    pub code: UnitCode,
    pub kind: UnitKind,
    pub parent: Option<UnitCode>,
    pub validity: Validity,
}

impl From<&UnitVersion> for Span {
    fn from(v: &UnitVersion) -> Self {
        Span { code: v.code.clone(), kind: v.kind, parent: v.parent.clone(), validity: v.validity }
    }
}

/// The unit versions of the register, by code and in date order, for the checks below.
#[derive(Default)]
pub struct Timeline {
    spans: HashMap<UnitCode, Vec<Span>>,
}

impl Timeline {
    pub fn new(spans: impl IntoIterator<Item = Span>) -> Self {
        let mut t = Timeline::default();
        for s in spans {
            t.spans.entry(s.code.clone()).or_default().push(s);
        }
        for v in t.spans.values_mut() {
            v.sort_by_key(|s| s.validity.from);
        }
        t
    }

    pub fn contains(&self, code: &UnitCode) -> bool {
        self.spans.contains_key(code)
    }

    /// The version of a unit in force on a date.
    pub fn at(&self, code: &UnitCode, at: Date) -> Option<&Span> {
        self.spans.get(code)?.iter().find(|s| s.validity.contains(at))
    }

    /// Whether the unit is in force on every day of `v`.
    pub fn covers(&self, code: &UnitCode, v: &Validity) -> bool {
        let Some(spans) = self.spans.get(code) else {
            return false;
        };
        let mut cursor = v.from;
        for s in spans {
            if s.validity.from > cursor {
                break;
            }
            match s.validity.to {
                None => return true,
                Some(to) if to > cursor => cursor = to,
                Some(_) => {}
            }
            if v.to.is_some_and(|end| cursor >= end) {
                return true;
            }
        }
        false
    }

    /// Adds new versions after checking them against the register and each other. Returns the
    /// errors by the index of the new version; nothing is added when there is any.
    pub fn add_checked(&mut self, new: &[Span]) -> Vec<(usize, RegisterError)> {
        let mut errors = Vec::new();
        let mut trial = Timeline { spans: self.spans.clone() };
        for (i, s) in new.iter().enumerate() {
            if let Err(e) = check_interval(&s.validity) {
                errors.push((i, e));
                continue;
            }
            let existing = trial.spans.entry(s.code.clone()).or_default();
            if let Some(o) = existing.iter().find(|o| o.validity.overlaps(&s.validity)) {
                errors.push((
                    i,
                    RegisterError::Overlap { code: s.code.clone(), from: o.validity.from, to: o.validity.to },
                ));
                continue;
            }
            existing.push(s.clone());
            existing.sort_by_key(|s| s.validity.from);
        }
        for (i, s) in new.iter().enumerate() {
            if errors.iter().any(|(j, _)| *j == i) {
                continue;
            }
            if let Some(parent) = &s.parent {
                if !trial.covers(parent, &s.validity) {
                    let at = trial.first_uncovered(parent, &s.validity);
                    errors.push((i, RegisterError::ParentMissing { parent: parent.clone(), at }));
                    continue;
                }
            }
            if let Some(e) = trial.cycle_from(s, new) {
                errors.push((i, e));
            }
        }
        if errors.is_empty() {
            self.spans = trial.spans;
        }
        errors.sort_by_key(|(i, _)| *i);
        errors
    }

    /// Checks the whole register: each version well formed and not overlapping the next, each
    /// parent in force for the whole of its child's version, and no cycle where a version begins.
    pub fn check_all(&self) -> Vec<(UnitCode, RegisterError)> {
        let mut out = Vec::new();
        let mut codes: Vec<&UnitCode> = self.spans.keys().collect();
        codes.sort();
        for code in codes {
            let Some(spans) = self.spans.get(code) else {
                continue;
            };
            for (i, s) in spans.iter().enumerate() {
                if let Err(e) = check_interval(&s.validity) {
                    out.push((code.clone(), e));
                }
                if let Some(next) = spans.get(i + 1) {
                    if s.validity.overlaps(&next.validity) {
                        out.push((
                            code.clone(),
                            RegisterError::Overlap {
                                code: code.clone(),
                                from: next.validity.from,
                                to: next.validity.to,
                            },
                        ));
                    }
                }
                if let Some(parent) = &s.parent {
                    if !self.covers(parent, &s.validity) {
                        let at = self.first_uncovered(parent, &s.validity);
                        out.push((code.clone(), RegisterError::ParentMissing { parent: parent.clone(), at }));
                    }
                }
                if let Some(e) = self.cycle_from(s, &[]) {
                    out.push((code.clone(), e));
                }
            }
        }
        out
    }

    fn first_uncovered(&self, code: &UnitCode, v: &Validity) -> Date {
        let Some(spans) = self.spans.get(code) else {
            return v.from;
        };
        let mut cursor = v.from;
        for s in spans {
            if s.validity.from > cursor {
                return cursor;
            }
            match s.validity.to {
                None => return cursor,
                Some(to) if to > cursor => cursor = to,
                Some(_) => {}
            }
        }
        cursor
    }

    /// Looks for a cycle through `s` on each date in its interval where the tree may change: its
    /// own start and the start of any new version inside it.
    fn cycle_from(&self, s: &Span, new: &[Span]) -> Option<RegisterError> {
        let mut dates: Vec<Date> = vec![s.validity.from];
        dates.extend(new.iter().map(|n| n.validity.from).filter(|d| s.validity.contains(*d)));
        dates.sort();
        dates.dedup();
        for at in dates {
            let mut seen = HashSet::new();
            let mut cur = self.at(&s.code, at).and_then(|x| x.parent.clone());
            while let Some(p) = cur {
                if p == s.code {
                    let via = self.at(&s.code, at).and_then(|x| x.parent.clone()).unwrap_or(p);
                    return Some(RegisterError::Cycle { code: s.code.clone(), via, at });
                }
                if !seen.insert(p.clone()) {
                    break;
                }
                cur = self.at(&p, at).and_then(|x| x.parent.clone());
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::codes::code;

    use crate::date::day;

    fn span(c: &str, parent: Option<&str>, from: &str, to: Option<&str>) -> Span {
        Span {
            code: code(c),
            kind: UnitKind::PartyCell,
            parent: parent.map(code),
            validity: Validity { from: day(from), to: to.map(day) },
        }
    }

    #[test]
    fn a_child_needs_its_parent_for_its_whole_life() {
        let mut t = Timeline::new([span("A", None, "2015-01-01", Some("2019-01-18"))]);
        let errs = t.add_checked(&[span("B", Some("A"), "2016-01-01", None)]);
        assert_eq!(errs, vec![(0, RegisterError::ParentMissing { parent: code("A"), at: day("2019-01-18") })]);
        assert!(!t.contains(&code("B")), "nothing is added when a row is wrong");
        let ok = t.add_checked(&[span("B", Some("A"), "2016-01-01", Some("2019-01-18"))]);
        assert!(ok.is_empty(), "{ok:?}");
    }

    #[test]
    fn parent_coverage_may_span_several_versions() {
        let t = Timeline::new([span("A", None, "2015-01-01", Some("2019-01-18")), span("A", None, "2019-01-18", None)]);
        assert!(t.covers(&code("A"), &Validity::open(day("2016-05-05"))));
        assert!(!t.covers(&code("A"), &Validity::open(day("2014-05-05"))));
    }

    #[test]
    fn overlapping_versions_and_cycles_are_refused() {
        let mut t = Timeline::new([span("A", None, "2015-01-01", None), span("B", Some("A"), "2015-01-01", None)]);
        let errs = t.add_checked(&[span("A", None, "2018-01-01", None)]);
        assert!(matches!(errs.as_slice(), [(0, RegisterError::Overlap { .. })]), "{errs:?}");

        // Closing A's version and reopening it under its own child makes a cycle.
        let mut t = Timeline::new([
            span("A", None, "2015-01-01", Some("2020-01-01")),
            span("B", Some("A"), "2015-01-01", None),
        ]);
        let errs = t.add_checked(&[span("A", Some("B"), "2020-01-01", None)]);
        assert!(
            matches!(errs.as_slice(), [(0, RegisterError::ParentMissing { .. } | RegisterError::Cycle { .. })]),
            "{errs:?}"
        );
    }

    #[test]
    fn a_new_subtree_with_a_loop_is_a_cycle() {
        let mut t = Timeline::new([span("R", None, "2015-01-01", None)]);
        let errs = t.add_checked(&[span("X", Some("Y"), "2016-01-01", None), span("Y", Some("X"), "2016-01-01", None)]);
        assert!(errs.iter().any(|(_, e)| matches!(e, RegisterError::Cycle { .. })), "{errs:?}");
    }

    #[test]
    fn recognition_cannot_precede_admission() {
        let m = Membership {
            person: "P1".into(),
            unit: code("C1"),
            status: MemberStatus::Official,
            admitted_on: day("2020-05-01"),
            recognized_on: Some(day("2020-04-30")),
            validity: Validity::open(day("2020-05-01")),
            decision: None,
        };
        assert_eq!(
            m.check(),
            Err(RegisterError::RecognizedBeforeAdmitted { admitted: day("2020-05-01"), recognized: day("2020-04-30") })
        );
    }

    #[test]
    fn periods_cover_a_span_only_without_a_gap() {
        let v = |a: &str, b: Option<&str>| Validity { from: day(a), to: b.map(day) };
        let periods = [v("2015-01-01", Some("2018-03-01")), v("2018-03-01", None)];
        assert!(covered(&periods, &v("2016-01-01", Some("2020-01-01"))));
        assert!(covered(&periods, &v("2016-01-01", None)));
        let gap = [v("2015-01-01", Some("2018-03-01")), v("2018-04-01", None)];
        assert!(!covered(&gap, &v("2016-01-01", Some("2020-01-01"))));
        assert!(!covered(&gap, &v("2014-12-31", Some("2016-01-01"))));
        assert!(covered(&gap, &v("2015-01-01", Some("2018-03-01"))));
        let ended = [v("2015-01-01", Some("2018-03-01"))];
        assert!(!covered(&ended, &v("2016-01-01", None)));
        assert!(!covered(&[], &v("2016-01-01", Some("2016-02-01"))));
    }

    #[test]
    fn two_records_of_a_person_name_the_columns_that_differ() {
        let p = Person {
            code: "N1".into(),
            name: "Nguyễn Văn An".into(),
            gender: Gender::Male,
            birth_date: day("1980-01-02"),
            ethnicity: "Kinh".into(),
            education: Education::Bachelor,
            theory: Theory::Intermediate,
            staff_category: None,
        };
        assert!(p.differences(&p.clone()).is_empty());
        let q = Person { birth_date: day("1980-01-03"), theory: Theory::Advanced, ..p.clone() };
        assert_eq!(p.differences(&q), vec!["birth_date", "theory"]);
    }

    #[test]
    fn person_codes_follow_the_rules_of_unit_codes() {
        for good in ["42.0027808", "P1", "n-1_a"] {
            assert_eq!(check_person_code(good), Ok(()), "{good}");
        }
        for bad in ["", "../etc", "a/b", "a b", "x\u{202e}y", "<b>", "a\tb", "..", &"9".repeat(41)] {
            assert_eq!(check_person_code(bad), Err(RegisterError::PersonCode), "{bad:?}");
        }
    }
}
