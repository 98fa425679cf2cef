//! Party membership: periods recorded from rows (an import, the API, the membership form) and
//! ended on a date, with or without leaving the rolls.

use std::collections::HashMap;
use tinhgon_domain::msg::Msg;

use tinhgon_domain::access::Action;
use tinhgon_domain::catalog::MemberStatus;
use tinhgon_domain::register::{Assignment, Membership, Person, RegisterError};
use tinhgon_domain::text::PersonName;
use tinhgon_domain::{Date, Decision, Validity};
use tinhgon_store::people;
pub use tinhgon_store::people::MembershipLine;
use tinhgon_store::{Store, StoreError, Tx};

use super::people::{birth_date_error, person_from};
use super::rows::{column_of, refuse, row_error, unknown_person, Cells, RowError};
use crate::files::Table;
use crate::services::lock::{Names, Seen};
use crate::services::{Absent, Ctx, Error};

/// One row of a members file: maybe a new person, and the membership periods it stands for.
pub struct MemberRow {
    pub line: usize,
    pub person: Option<(Person, PersonName)>,
    pub periods: Vec<Membership>,
}

pub fn parse(table: &Table, errors: &mut Vec<RowError>) -> Vec<MemberRow> {
    let mut out = Vec::new();
    for (line, cells) in table.rows.iter().map(|(l, c)| (*l, c.as_slice())) {
        let before = errors.len();
        let mut c = Cells { table, line, cells, errors };
        let particulars = !c.text("full_name").is_empty();
        let person = if particulars { person_from(&mut c, "person") } else { None };
        // The code was checked with the particulars when they are given.
        let code = if particulars { Some(c.text("person").to_string()) } else { c.person_code("person") };
        let unit = c.unit_code("unit");
        let status = c.code("status", MemberStatus::parse);
        let admitted = c.date("admitted_on");
        let recognized = c.opt_date("recognized_on");
        let from = c.opt_date("valid_from");
        let to = c.opt_date("valid_to");
        let decision = c.decision();
        let (Some(code), Some(unit), Some(status), Some(admitted), Ok(recognized), Ok(from), Ok(to), Ok(decision)) =
            (code, unit, status, admitted, recognized, from, to, decision)
        else {
            continue;
        };
        let from = from.unwrap_or(admitted);
        let m = Membership {
            person: code,
            unit,
            status,
            admitted_on: admitted,
            recognized_on: recognized,
            validity: Validity { from, to },
            decision,
        };
        if let Err(e) = m.check() {
            c.register(column_of(&e), &e);
        }
        if errors.len() != before {
            continue;
        }
        // An official member recognized after the period began was probationary until then: the
        // register keeps both periods.
        let periods = match (status, recognized) {
            (MemberStatus::Official, Some(r)) if r > from && to.is_none_or(|t| r < t) => vec![
                Membership {
                    status: MemberStatus::Probationary,
                    validity: Validity { from, to: Some(r) },
                    ..m.clone()
                },
                Membership { validity: Validity { from: r, to }, ..m },
            ],
            _ => vec![m],
        };
        out.push(MemberRow { line, person, periods });
    }
    out
}

fn periods_of(tx: &mut Tx<'_>, person: &str) -> Result<Vec<Validity>, StoreError> {
    Ok(people::memberships_of_person(tx, person)?.into_iter().map(|m| m.validity).collect())
}

/// Particulars given again for a person already known: accepted when they are the same, refused
/// naming the columns that differ.
fn same_person(line: usize, known: &Person, given: &Person) -> Option<RowError> {
    let differ = known.differences(given);
    (!differ.is_empty()).then(|| RowError {
        line,
        column: differ.join(", "),
        vi: format!(
            "người mã {} đã có trong sổ với thông tin khác ở cột {}; bỏ trống các cột thông tin cá nhân hoặc ghi đúng như trong sổ",
            known.code,
            differ.join(", ")
        ),
        en: format!(
            "the person {} is already recorded with other particulars in {}; leave the personal columns empty or give them as recorded",
            known.code,
            differ.join(", ")
        ),
    })
}

/// Records membership periods, all or none, once the person and the cell of every row are in the
/// caller's reach (a person who belongs to no unit yet may be attached to a cell in reach). The
/// register is checked as the caller sees it: a cell or person out of reach is refused exactly as
/// an absent one.
pub fn create(s: &mut Store, cx: &Ctx, rows: &[MemberRow], dry_run: bool) -> Result<usize, Error> {
    cx.require(Action::EditMembers)?;
    if rows.iter().any(|r| r.person.is_some()) {
        cx.require(Action::EditPeople)?;
    }
    s.write(cx.actor(), &cx.now, |w| {
        // Cells are checked on the timeline as the caller sees it; people through the lock.
        let mut names = Names::new();
        for row in rows {
            for m in &row.periods {
                names.person(&m.person);
            }
        }
        let sight = cx.guard.sight(w.tx(), &names)?;
        let timeline = cx.guard.timeline(w.tx())?;
        let mut errors = Vec::new();
        // People the rows create, by code: a second row may repeat the same particulars.
        let mut new_people: HashMap<&str, &Person> = HashMap::new();
        let mut to_create: Vec<&(Person, PersonName)> = Vec::new();
        let mut taken: HashMap<String, Vec<Validity>> = HashMap::new();
        for row in rows {
            let Some(first) = row.periods.first() else {
                continue;
            };
            let code = first.person.as_str();
            let seen = sight.person(code);
            match (&row.person, seen) {
                (Some(_), Some(Seen::Hidden)) => {
                    errors.push(row_error(row.line, &RegisterError::DuplicateCode { code: code.to_string() }))
                }
                (None, Some(Seen::Hidden)) => errors.push(unknown_person(row.line, "person", code)),
                (Some((given, _)), Some(_)) => {
                    if let Some(known) = people::person(w.tx(), code)? {
                        errors.extend(same_person(row.line, &known, given));
                    }
                }
                (Some(record), None) => match new_people.get(code) {
                    Some(known) => errors.extend(same_person(row.line, known, &record.0)),
                    None => {
                        errors.extend(birth_date_error(row.line, record.0.birth_date, cx.today));
                        new_people.insert(code, &record.0);
                        to_create.push(record);
                    }
                },
                (None, None) if !new_people.contains_key(code) => errors.push(unknown_person(row.line, "person", code)),
                (None, _) => {}
            }
            // The cell must hold members and be in force for the row's whole span.
            let span = Validity { from: first.validity.from, to: row.periods.last().and_then(|m| m.validity.to) };
            match timeline.at(&first.unit, span.from) {
                None if !timeline.contains(&first.unit) => {
                    errors.push(row_error(row.line, &RegisterError::UnknownUnit { code: first.unit.clone() }))
                }
                None => errors.push(row_error(
                    row.line,
                    &RegisterError::UnitNotInForce { code: first.unit.clone(), at: span.from },
                )),
                Some(s) if !s.kind.holds_members() => errors
                    .push(row_error(row.line, &RegisterError::NotACell { code: first.unit.clone(), kind: s.kind })),
                Some(_) if !timeline.covers(&first.unit, &span) => {
                    let at = span.to.unwrap_or(span.from);
                    errors.push(row_error(row.line, &RegisterError::UnitNotInForce { code: first.unit.clone(), at }))
                }
                Some(_) => {}
            }
            let exists = matches!(seen, Some(Seen::Reached | Seen::Unattached));
            for m in &row.periods {
                if !taken.contains_key(code) {
                    let existing = if exists { periods_of(w.tx(), code)? } else { Vec::new() };
                    taken.insert(code.to_string(), existing);
                }
                let periods = taken.entry(code.to_string()).or_default();
                if periods.iter().any(|p| p.overlaps(&m.validity)) {
                    errors.push(row_error(
                        row.line,
                        &RegisterError::MembershipOverlap { person: code.to_string(), at: m.validity.from },
                    ));
                } else {
                    periods.push(m.validity);
                }
            }
        }
        refuse(errors)?;
        if dry_run {
            return Ok(rows.len());
        }
        w.begin_import("members", to_create.len() + rows.iter().map(|r| r.periods.len()).sum::<usize>());
        for (p, n) in to_create {
            w.insert_person(p, n)?;
        }
        for row in rows {
            for m in &row.periods {
                w.insert_membership(m)?;
            }
        }
        w.finish_import()?;
        Ok(rows.len())
    })
}

/// The membership period of a person in reach in force on a date, if any: what a form that ends
/// it shows.
pub fn current(s: &mut Store, cx: &Ctx, person: &str, on: Date) -> Result<Option<MembershipLine>, Error> {
    let found = s.read(|tx| {
        if cx.guard.person(tx, person).is_err() {
            return Ok(None);
        }
        Ok(Some(people::memberships_of_person(tx, person)?.into_iter().find(|m| m.validity.contains(on))))
    })?;
    let current = found.ok_or_else(|| Error::NotFound(Absent::Person(person.trim().to_string())))?;
    cx.require(Action::EditMembers)?;
    Ok(current)
}

/// Ends a person's membership period in force on `on`, citing a decision. With `leaving`, the
/// member leaves the rolls that day with that status (removed, expelled, deceased, transferred
/// out), which the statistics count from then on; without it, the member moves to another cell,
/// whose membership is recorded next.
pub fn end(
    s: &mut Store,
    cx: &Ctx,
    person: &str,
    on: Date,
    leaving: Option<MemberStatus>,
    decision: &Decision,
) -> Result<(), Error> {
    s.write(cx.actor(), &cx.now, |w| end_in(w, cx, person, on, (leaving, decision)))
}

/// [`end`] inside a caller's write (leaving the party records its ground in the same write).
pub(crate) fn end_in(
    w: &mut tinhgon_store::Writer<'_, '_>,
    cx: &Ctx,
    person: &str,
    on: Date,
    leaving: (Option<MemberStatus>, &Decision),
) -> Result<(), Error> {
    end_by(w, cx, person, on, leaving, Action::EditMembers)
}

/// [`end_in`] by the right of another action (a discipline decision of expulsion is the
/// inspection officer's).
pub(crate) fn end_by(
    w: &mut tinhgon_store::Writer<'_, '_>,
    cx: &Ctx,
    person: &str,
    on: Date,
    (leaving, decision): (Option<MemberStatus>, &Decision),
    action: Action,
) -> Result<(), Error> {
    {
        cx.guard.person(w.tx(), person)?;
        cx.require(action)?;
        let periods = people::memberships_of_person(w.tx(), person)?;
        // The cell the member leaves must be in reach too: a member who moved away is no longer
        // the caller's to end.
        if let Some(cell) = periods.iter().find(|m| m.validity.contains(on)) {
            let cell = tinhgon_domain::UnitCode::parse(&cell.unit).map_err(|_| absent_person(person))?;
            cx.guard.unit(w.tx(), &cell).map_err(|_| absent_person(person))?;
        }
        let Some(current) = periods.iter().find(|m| m.validity.contains(on)) else {
            return Err(Error::said(
                "valid_to",
                Msg::new("member-member-no-membership-period-force").text("person", person).date("on", on),
            ));
        };
        if !current.status.is_active() {
            return Err(Error::said(
                "valid_to",
                Msg::new("member-since-member-been-there-nothing")
                    .date("from", current.validity.from)
                    .text("person", person)
                    .label("status", current.status),
            ));
        }
        if current.validity.from >= on {
            return Err(Error::said(
                "valid_to",
                Msg::new("member-end-date-must-after-when").date("from", current.validity.from),
            ));
        }
        if let Some(status) = leaving {
            if !status.has_left() {
                return Err(Error::said("reason", Msg::new("member-not-reason-leaving-rolls").label("status", status)));
            }
            if let Some(later) = periods.iter().find(|m| m.validity.from > on) {
                return Err(Error::said(
                    "reason",
                    Msg::new("member-later-period-from-recorded-end")
                        .text("unit", &later.unit)
                        .date("from", later.validity.from),
                ));
            }
        }
        let ended = w.end_membership(person, on, Some(decision))?;
        if let Some(status) = leaving {
            w.insert_membership(&Membership {
                status,
                validity: Validity::open(on),
                decision: Some(decision.clone()),
                ..ended
            })?;
            // Who leaves the party leaves its posts: those held in party organizations end the
            // same day, by the same decision.
            for post in people::assignments_of_person(w.tx(), person)? {
                let Ok(unit) = tinhgon_domain::UnitCode::parse(&post.unit) else { continue };
                let kind = tinhgon_store::units::at(w.tx(), &unit, on)?.map(|v| v.kind);
                let held = Assignment {
                    person: person.trim().to_string(),
                    unit: unit.clone(),
                    title: post.title.clone(),
                    rank: post.rank,
                    primary: post.primary,
                    validity: post.validity,
                    decision: None,
                };
                if post.validity.contains(on)
                    && post.validity.from < on
                    && kind.is_some_and(|k| held.needs_membership(k))
                {
                    w.end_assignment(person, &unit, &post.title, on, Some(decision))?;
                }
            }
        }
        Ok(())
    }
}

fn absent_person(code: &str) -> Error {
    Error::NotFound(Absent::Person(code.trim().to_string()))
}

/// The members of a cell in reach on a date, in Vietnamese name order.
pub fn of_unit(
    s: &mut Store,
    cx: &Ctx,
    code: &tinhgon_domain::UnitCode,
    at: Date,
) -> Result<Vec<(people::PersonLine, MemberStatus)>, Error> {
    cx.require(Action::Read)?;
    s.read(
        |tx| if cx.guard.unit(tx, code).is_ok() { people::members_of_unit(tx, code, at).map(Some) } else { Ok(None) },
    )?
    .ok_or_else(|| Error::NotFound(Absent::Unit(code.to_string())))
}
