//! Positions: appointments recorded from rows (an import, the API, the appointment form) and ended
//! on a date. A person holds one main job at a time, and a post in a party organization is held
//! by a party member.

use std::collections::HashMap;
use tinhgon_domain::msg::Msg;

use tinhgon_domain::access::Action;
use tinhgon_domain::catalog::Rank;
use tinhgon_domain::register::{covered, Assignment, RegisterError};
use tinhgon_domain::{Date, Decision, UnitCode, Validity};
use tinhgon_store::people::{self, PersonLine};
use tinhgon_store::{Store, Tx};

use super::rows::{column_of, refuse, row_error, unknown_person, Cells, RowError};
use crate::files::Table;
use crate::services::lock::{Names, Seen};
use crate::services::{Absent, Ctx, Error};

pub fn parse(table: &Table, errors: &mut Vec<RowError>) -> Vec<(usize, Assignment)> {
    let mut out = Vec::new();
    for (line, cells) in table.rows.iter().map(|(l, c)| (*l, c.as_slice())) {
        let before = errors.len();
        let mut c = Cells { table, line, cells, errors };
        let person = c.person_code("person");
        let unit = c.unit_code("unit");
        let title = c.required("title");
        let rank = c.code("rank", Rank::parse);
        let primary = match tinhgon_domain::text::fold(c.text("primary")).as_str() {
            "" | "1" | "true" | "yes" | "co" | "x" => Ok(true),
            "0" | "false" | "no" | "khong" => Ok(false),
            other => {
                let other = other.to_string();
                c.fail_said("primary", Msg::new("position-not-yes-no").text("other", &other));
                Err(())
            }
        };
        let from = c.date("valid_from");
        let to = c.opt_date("valid_to");
        let decision = c.decision();
        let (Some(person), Some(unit), Some(title), Some(rank), Ok(primary), Some(from), Ok(to), Ok(decision)) =
            (person, unit, title, rank, primary, from, to, decision)
        else {
            continue;
        };
        let a = Assignment { person, unit, title, rank, primary, validity: Validity { from, to }, decision };
        if let Err(e) = a.check() {
            c.register(column_of(&e), &e);
        }
        if errors.len() == before {
            out.push((line, a));
        }
    }
    out
}

/// Why a new main job or a post in a party organization may not be held, checked against the
/// person's recorded positions and membership and the rows before it (the same person's).
fn held_rules(
    tx: &mut Tx<'_>,
    line: usize,
    a: &Assignment,
    kind: Option<tinhgon_domain::catalog::UnitKind>,
    earlier: &[&Assignment],
) -> Result<Vec<RowError>, tinhgon_store::StoreError> {
    let mut errors = Vec::new();
    if a.primary {
        let recorded = people::assignments_of_person(tx, &a.person)?;
        let clash = recorded
            .iter()
            .filter(|h| h.primary && h.validity.overlaps(&a.validity))
            .map(|h| (h.unit.clone(), h.title.clone(), h.validity.from))
            .chain(
                earlier
                    .iter()
                    .filter(|e| e.primary && e.validity.overlaps(&a.validity))
                    .map(|e| (e.unit.to_string(), e.title.clone(), e.validity.from)),
            )
            .next();
        if let Some((unit, title, from)) = clash {
            errors.push(RowError::said(
                line,
                "primary",
                Msg::new("position-already-holds-main-job-from")
                    .text("person", &a.person)
                    .text("title", &title)
                    .text("unit", &unit)
                    .date("from", from),
            ));
        }
    }
    if kind.is_some_and(|k| a.needs_membership(k)) {
        let active: Vec<Validity> = people::memberships_of_person(tx, &a.person)?
            .into_iter()
            .filter(|m| m.status.is_active())
            .map(|m| m.validity)
            .collect();
        if !covered(&active, &a.validity) {
            errors.push(RowError::said(
                line,
                "person",
                Msg::new("position-post-party-organization-held-party")
                    .text("person", &a.person)
                    .date("from", a.validity.from),
            ));
        }
    }
    Ok(errors)
}

/// Records appointments, all or none, once the person and the unit of every row are in the
/// caller's reach (a person who belongs to no unit yet may be appointed in a unit in reach); a
/// unit or person out of reach is refused exactly as an absent one.
pub fn create(s: &mut Store, cx: &Ctx, rows: &[(usize, Assignment)], dry_run: bool) -> Result<usize, Error> {
    cx.require(Action::EditPositions)?;
    s.write(cx.actor(), &cx.now, |w| {
        let mut names = Names::new();
        // Units are checked on the timeline as the caller sees it; people through the lock.
        for (_, a) in rows {
            names.person(&a.person);
        }
        let sight = cx.guard.sight(w.tx(), &names)?;
        let timeline = cx.guard.timeline(w.tx())?;
        let mut errors = Vec::new();
        // The rows before, by person: a main job is checked against the person's own.
        let mut earlier: HashMap<&str, Vec<&Assignment>> = HashMap::new();
        for (line, a) in rows {
            let person_ok = sight.person(&a.person).is_some() && !sight.hides_person(&a.person, true);
            if !person_ok {
                errors.push(unknown_person(*line, "person", &a.person));
            }
            if !timeline.contains(&a.unit) {
                errors.push(row_error(*line, &RegisterError::UnknownUnit { code: a.unit.clone() }));
            } else if !timeline.covers(&a.unit, &a.validity) {
                errors.push(row_error(
                    *line,
                    &RegisterError::UnitNotInForce { code: a.unit.clone(), at: a.validity.from },
                ));
            } else if person_ok {
                let kind = timeline.at(&a.unit, a.validity.from).map(|s| s.kind);
                let before = earlier.get(a.person.as_str()).map_or(&[][..], Vec::as_slice);
                errors.extend(held_rules(w.tx(), *line, a, kind, before)?);
            }
            earlier.entry(a.person.as_str()).or_default().push(a);
        }
        refuse(errors)?;
        if !dry_run {
            w.begin_import("positions", rows.len());
            for (_, a) in rows {
                w.insert_assignment(a)?;
            }
            w.finish_import()?;
        }
        Ok(rows.len())
    })
}

/// A position as a person holds it: the unit, the person's code and the title.
pub struct Held<'a> {
    pub unit: &'a UnitCode,
    pub person: &'a str,
    pub title: &'a str,
}

/// Ends a position in a unit in reach, in force on `on`, citing a decision.
pub fn end(s: &mut Store, cx: &Ctx, held: &Held<'_>, on: Date, decision: &Decision) -> Result<(), Error> {
    let Held { unit, person, title } = *held;
    s.write(cx.actor(), &cx.now, |w| {
        cx.guard.unit(w.tx(), unit)?;
        cx.require(Action::EditPositions)?;
        let mut names = Names::new();
        names.person(person);
        if !matches!(cx.guard.sight(w.tx(), &names)?.person(person), Some(Seen::Reached)) {
            return Err(Error::Invalid(vec![unknown_person(1, "person", person)]));
        }
        let held = people::assignments_of_person(w.tx(), person)?;
        let Some(current) =
            held.iter().find(|a| a.unit == unit.as_str() && a.title == title.trim() && a.validity.contains(on))
        else {
            return Err(Error::said(
                "title",
                Msg::new("position-holds-no-position")
                    .date("on", on)
                    .text("person", person)
                    .text("title", title.trim())
                    .text("unit", unit),
            ));
        };
        if current.validity.from >= on {
            return Err(Error::said(
                "valid_to",
                Msg::new("position-end-date-must-after-when").date("from", current.validity.from),
            ));
        }
        w.end_assignment(person, unit, title, on, Some(decision))?;
        Ok(())
    })
}

// ---------------------------------------------------------------- reads

/// The positions in a unit in reach on a date, heads first.
pub fn of_unit(
    s: &mut Store,
    cx: &Ctx,
    code: &UnitCode,
    at: Date,
) -> Result<Vec<(PersonLine, people::AssignmentLine)>, Error> {
    cx.require(Action::Read)?;
    s.read(
        |tx| if cx.guard.unit(tx, code).is_ok() { people::positions_of_unit(tx, code, at).map(Some) } else { Ok(None) },
    )?
    .ok_or_else(|| Error::NotFound(Absent::Unit(code.to_string())))
}
