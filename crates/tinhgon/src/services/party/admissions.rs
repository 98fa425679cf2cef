//! Admissions: a candidate's file opened in a cell, each step recorded once with its date and
//! document and checked on its date against the rules in force; the ceremony opens the
//! probationary membership, recognition turns it into a full one on the day the probation ends,
//! removal ends it. The cell must be in the caller's reach, and so must every person named.

use crate::i18n::Label;
use crate::services::scope::row_in_reach;
use serde::Serialize;
use tinhgon_domain::access::Action;
use tinhgon_domain::catalog::MemberStatus;
use tinhgon_domain::msg::Msg;
use tinhgon_domain::party::admission::{self, Deadline, Facts, Sponsor, Step};
use tinhgon_domain::party::calendar::Calendar;
use tinhgon_domain::register::Membership;
use tinhgon_domain::rules::RuleBook;
use tinhgon_domain::{Date, Decision, DocumentNumber, UnitCode, Validity};
use tinhgon_store::party::admissions::{self as store, AdmissionRow};
use tinhgon_store::{people, Store, StoreError, Tx, Writer};

use crate::services::{Absent, Ctx, Error};

/// An admission with its time limits.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = AdmissionView)]
pub struct View {
    #[serde(flatten)]
    pub admission: AdmissionRow,
    pub deadlines: Vec<DeadlineOut>,
}

/// A time limit as shown: what, the last day, when it was met, and whether the calendar is exact.
#[derive(Serialize, utoipa::ToSchema)]
pub struct DeadlineOut {
    pub limit: &'static str,
    pub label_vi: String,
    pub label_en: String,
    pub due: Date,
    pub met: Option<Date>,
    pub exact: bool,
}

impl From<Deadline> for DeadlineOut {
    fn from(d: Deadline) -> Self {
        DeadlineOut {
            limit: d.limit.code(),
            label_vi: d.limit.label_vi(),
            label_en: d.limit.label_en(),
            due: d.due,
            met: d.met,
            exact: d.exact,
        }
    }
}

/// What recording a step gives besides its date.
#[derive(Default)]
pub struct StepInput {
    pub document: Option<String>,
    pub note: Option<String>,
    /// Sponsors by code, with since when they have known the candidate.
    pub sponsors: Vec<(String, Date)>,
}

fn book(tx: &mut Tx<'_>) -> Result<RuleBook, StoreError> {
    tinhgon_store::plans::rules(tx)
}

fn refused(e: &admission::AdmissionError) -> Error {
    Error::field(e.field(), crate::i18n::vi(&e), crate::i18n::en(&e))
}

/// A person named in a body who does not exist, or is out of reach: the same answer.
pub(crate) fn unknown_person(field: &str, code: &str) -> Error {
    Error::said(field, Msg::new("admission-there-no-person").text("code", code))
}

fn absent(id: i64) -> Error {
    Error::NotFound(Absent::Admission(id))
}

/// How many times the person was admitted before (each admission gives one admission date).
fn earlier_admissions(tx: &mut Tx<'_>, person: &str) -> Result<u32, StoreError> {
    let mut dates: Vec<Date> = people::memberships_of_person(tx, person)?.into_iter().map(|m| m.admitted_on).collect();
    dates.sort();
    dates.dedup();
    Ok(dates.len() as u32)
}

fn facts(tx: &mut Tx<'_>, a: &AdmissionRow) -> Result<Facts, StoreError> {
    let person = people::person(tx, &a.person)?;
    Ok(Facts {
        birth_date: person.map(|p| p.birth_date),
        general_education: a.general_education.as_deref().and_then(admission::parse_general_education),
        earlier_admissions: earlier_admissions(tx, &a.person)?,
        done: a.steps.iter().map(|s| (s.step, s.on)).collect(),
    })
}

/// An admission opened: for whom, in which cell, with their general education (`9/12`, `12/12`),
/// from which day.
pub struct Opening<'a> {
    pub person: &'a str,
    pub cell: &'a UnitCode,
    pub general_education: Option<&'a str>,
    pub on: Date,
}

/// Opens the admission of a person in a cell of the caller's reach. The person must not be a
/// member on that day, nor have an admission open.
pub fn open(s: &mut Store, cx: &Ctx, o: &Opening<'_>) -> Result<i64, Error> {
    s.write(cx.actor(), &cx.now, |w| open_in(w, cx, o))
}

/// [`open`] inside a caller's write (a file of many rows, all or nothing).
pub(crate) fn open_in(w: &mut tinhgon_store::Writer<'_, '_>, cx: &Ctx, o: &Opening<'_>) -> Result<i64, Error> {
    let Opening { person, cell, general_education, on } = *o;
    let person = person.trim();
    let mut names = crate::services::lock::Names::new();
    names.person(person);
    cx.require(Action::EditMembers)?;
    // Named in a body: out of reach reads as a code that does not exist.
    let sight = cx.guard.sight(w.tx(), &names)?;
    if sight.person(person).is_none() || sight.hides_person(person, true) {
        return Err(unknown_person("person", person));
    }
    if cx.guard.unit(w.tx(), cell).is_err() {
        return Err(Error::said("cell", Msg::new("admission-there-no-unit").text("cell", cell)));
    }
    let Some(version) = tinhgon_store::units::at(w.tx(), cell, on)? else {
        return Err(Error::said("cell", Msg::new("admission-unit-not-force").text("cell", cell).date("on", on)));
    };
    if !version.kind.holds_members() {
        return Err(Error::said(
            "cell",
            Msg::new("admission-members-belong-cells").text("cell", cell).label("kind", version.kind),
        ));
    }
    if let Some(text) = general_education {
        if admission::parse_general_education(text).is_none() {
            return Err(Error::said(
                "general_education",
                Msg::new("admission-not-general-education-write-grade").text("text", text),
            ));
        }
    }
    let memberships = people::memberships_of_person(w.tx(), person)?;
    if let Some(m) = memberships.iter().find(|m| m.validity.contains(on) && m.status.is_active()) {
        return Err(Error::said(
            "person",
            Msg::new("admission-member").text("person", person).text("unit", &m.unit).date("on", on),
        ));
    }
    for earlier in store::of_person(w.tx(), person)? {
        let closed = earlier.steps.iter().any(|s| matches!(s.step, Step::Recognition | Step::Removal));
        if !closed {
            return Err(Error::said(
                "person",
                Msg::new("admission-already-admission-open").text("person", person).text("id", earlier.id),
            ));
        }
    }
    Ok(w.insert_admission(person, cell, general_education.map(str::trim), on)?)
}

/// The decision of the decision step, as memberships cite it.
fn decision_of(a: &AdmissionRow) -> Option<Decision> {
    let step = a.steps.iter().find(|s| s.step == Step::Decision)?;
    let number = DocumentNumber::parse(step.document.as_deref()?).ok()?;
    Some(Decision { number, date: step.on })
}

/// Records one step of an admission on its date, checked against the rules in force that day;
/// the ceremony, recognition and removal change the membership in the same write.
pub fn record(s: &mut Store, cx: &Ctx, id: i64, step: Step, on: Date, input: &StepInput) -> Result<(), Error> {
    cx.require(Action::EditMembers)?;
    s.write(cx.actor(), &cx.now, |w| record_in(w, cx, id, step, on, input))
}

/// [`record`] inside a caller's write (a file of many rows, all or nothing).
pub(crate) fn record_in(
    w: &mut tinhgon_store::Writer<'_, '_>,
    cx: &Ctx,
    id: i64,
    step: Step,
    on: Date,
    input: &StepInput,
) -> Result<(), Error> {
    let a = row_in_reach(w.tx(), cx, |tx| store::get(tx, id))?.ok_or_else(|| absent(id))?;
    if on > cx.today {
        return Err(Error::said("on", Msg::new("admission-future-today").date("on", on).date("today", cx.today)));
    }
    if matches!(step, Step::Decision) && input.document.as_deref().is_none_or(|d| DocumentNumber::parse(d).is_err()) {
        return Err(Error::field(
            "document",
            "quyết định kết nạp phải ghi số và ký hiệu, ví dụ 123-QĐ/ĐU".into(),
            "the admission decision needs its number and sign, such as 123-QĐ/ĐU".into(),
        ));
    }
    let rules = book(w.tx())?;
    let facts = facts(w.tx(), &a)?;
    let sponsors = sponsors(w, cx, &input.sponsors, on)?;
    admission::check(&facts, step, on, &sponsors, &a.person, &rules).map_err(|e| refused(&e))?;
    let cell = UnitCode::parse(&a.cell).map_err(|_| absent(id))?;
    match step {
        Step::Ceremony => {
            // Party age runs from the decision's signing date; probation from the ceremony.
            let decided = facts.date_of(Step::Decision).unwrap_or(on);
            w.insert_membership(&Membership {
                person: a.person.clone(),
                unit: cell,
                status: MemberStatus::Probationary,
                admitted_on: decided,
                recognized_on: None,
                validity: Validity::open(on),
                decision: decision_of(&a),
            })?;
        }
        Step::Recognition => {
            let ceremony = facts.date_of(Step::Ceremony).unwrap_or(on);
            let ends = admission::probation_ends(&rules, ceremony).map_err(|e| refused(&e))?;
            let decision = step_decision(input, on);
            let was = w.end_membership(&a.person, ends, decision.as_ref())?;
            w.insert_membership(&Membership {
                status: MemberStatus::Official,
                recognized_on: Some(ends),
                validity: Validity::open(ends),
                decision: decision.or(was.decision.clone()),
                ..was
            })?;
        }
        Step::Removal => {
            let decision = step_decision(input, on);
            let was = w.end_membership(&a.person, on, decision.as_ref())?;
            w.insert_membership(&Membership {
                status: MemberStatus::Removed,
                validity: Validity::open(on),
                decision,
                ..was
            })?;
        }
        _ => {}
    }
    let sponsor_rows: Vec<(String, Date)> = sponsors.iter().map(|s| (s.person.clone(), s.known_since)).collect();
    w.insert_admission_step(id, step, on, (input.document.as_deref(), input.note.as_deref()), &sponsor_rows)?;
    Ok(())
}

/// The decision a step cites, when its document is a document number.
fn step_decision(input: &StepInput, on: Date) -> Option<Decision> {
    let number = DocumentNumber::parse(input.document.as_deref()?).ok()?;
    Some(Decision { number, date: on })
}

/// The sponsors as the register knows them on the day: in the caller's reach, official or not.
fn sponsors(w: &mut Writer<'_, '_>, cx: &Ctx, given: &[(String, Date)], on: Date) -> Result<Vec<Sponsor>, Error> {
    let mut out = Vec::new();
    for (code, since) in given {
        let code = code.trim();
        if cx.guard.person(w.tx(), code).is_err() || people::person_id(w.tx(), code)?.is_none() {
            return Err(unknown_person("sponsors", code));
        }
        let official = people::memberships_of_person(w.tx(), code)?
            .iter()
            .any(|m| m.validity.contains(on) && m.status == MemberStatus::Official);
        out.push(Sponsor { person: code.to_string(), official, known_since: *since });
    }
    Ok(out)
}

/// An admission in reach, with its time limits.
pub fn get(s: &mut Store, cx: &Ctx, id: i64) -> Result<View, Error> {
    cx.require(Action::Read)?;
    s.read(|tx| {
        let Some(a) = row_in_reach(tx, cx, |tx| store::get(tx, id))? else { return Ok(None) };
        Ok(views(tx, vec![a])?.pop())
    })?
    .ok_or_else(|| absent(id))
}

/// The admissions whose cell is in the caller's reach, newest first.
pub fn list(s: &mut Store, cx: &Ctx) -> Result<Vec<View>, Error> {
    cx.require(Action::Read)?;
    Ok(s.read(|tx| {
        let mut reached = Vec::new();
        for a in store::all(tx)? {
            let Ok(cell) = UnitCode::parse(&a.cell) else { continue };
            if cx.guard.unit(tx, &cell).is_ok() {
                reached.push(a);
            }
        }
        views(tx, reached)
    })?)
}

/// Admissions read already, with their time limits.
pub(crate) fn views(tx: &mut Tx<'_>, rows: Vec<AdmissionRow>) -> Result<Vec<View>, StoreError> {
    let rules = book(tx)?;
    let mut out = Vec::new();
    for a in rows {
        let facts = facts(tx, &a)?;
        let deadlines = admission::deadlines(&facts, &rules, Calendar::shipped()).into_iter().map(Into::into).collect();
        out.push(View { admission: a, deadlines });
    }
    Ok(out)
}
