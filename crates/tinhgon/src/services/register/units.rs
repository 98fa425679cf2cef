//! Units: recorded from rows (an import, the API, the new-unit form), changed from a date, ended;
//! and read — one unit with its history, its sub-units, a search.

use tinhgon_domain::access::Action;
use tinhgon_domain::catalog::{Ownership, Sector, UnitKind};
use tinhgon_domain::msg::Msg;
use tinhgon_domain::register::{RegisterError, Span, UnitVersion};
use tinhgon_domain::{Date, Decision, UnitCode, Validity};
pub use tinhgon_store::LogEntry;
use tinhgon_store::{people, units, Store, Writer};

use super::rows::{column_of, refuse, row_error, unknown_unit, Cells, RowError};
use crate::files::Table;
use crate::services::lock::Names;
use crate::services::{Absent, Ctx, Error};

pub fn parse(table: &Table, errors: &mut Vec<RowError>) -> Vec<(usize, UnitVersion)> {
    let mut out = Vec::new();
    for (line, cells) in table.rows.iter().map(|(l, c)| (*l, c.as_slice())) {
        let before = errors.len();
        let mut c = Cells { table, line, cells, errors };
        let code = c.unit_code("code");
        let name = c.required("name");
        let kind = c.code("kind", UnitKind::parse);
        let parent = c.opt_unit_code("parent");
        let led_by = c.opt_unit_code("led_by");
        let sector = c.opt_code("sector", Sector::parse);
        let ownership = c.opt_code("ownership", Ownership::parse);
        let from = c.date("valid_from");
        let to = c.opt_date("valid_to");
        let decision = c.decision();
        let (
            Some(code),
            Some(name),
            Some(kind),
            Ok(parent),
            Ok(led_by),
            Ok(sector),
            Ok(ownership),
            Some(from),
            Ok(to),
            Ok(decision),
        ) = (code, name, kind, parent, led_by, sector, ownership, from, to, decision)
        else {
            continue;
        };
        let v = UnitVersion {
            code,
            name,
            kind,
            parent,
            led_by,
            sector,
            ownership,
            validity: Validity { from, to },
            decision,
        };
        if let Err(e) = v.check() {
            c.register(column_of(&e), &e);
        }
        if errors.len() == before {
            out.push((line, v));
        }
    }
    out
}

/// Records unit versions, all or none, once every unit they name is in the caller's reach: the
/// unit itself if it exists, its superior and its leading organization (or units the rows
/// create). A unit with no superior only those who reach the whole register may record.
/// Whether the caller may record a unit with no parent (a new root of the tree): only a role that
/// may edit units and sees the whole register; asked before the form is shown.
pub fn may_create_root(cx: &Ctx) -> Result<(), Error> {
    cx.require(Action::EditUnits)?;
    if cx.guard.sees_everything() {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}

pub fn create(s: &mut Store, cx: &Ctx, rows: &[(usize, UnitVersion)], dry_run: bool) -> Result<usize, Error> {
    cx.require(Action::EditUnits)?;
    s.write(cx.actor(), &cx.now, |w| insert_checked(w, cx, rows, dry_run))
}

/// The reach checks, register checks and inserts of [`create`], inside a write that may have
/// changed the register already. The register is checked as the caller sees it, so that a
/// superior or leading organization out of reach is refused exactly as an absent one.
fn insert_checked(
    w: &mut Writer<'_, '_>,
    cx: &Ctx,
    rows: &[(usize, UnitVersion)],
    dry_run: bool,
) -> Result<usize, Error> {
    let mut names = Names::new();
    for (_, v) in rows {
        names.unit(&v.code);
    }
    let sight = cx.guard.sight(w.tx(), &names)?;
    let mut errors = Vec::new();
    for (line, v) in rows {
        if sight.hides_unit(&v.code) {
            errors.push(row_error(*line, &RegisterError::DuplicateCode { code: v.code.to_string() }));
        }
        if v.parent.is_none() && !cx.guard.sees_everything() {
            errors.push(RowError::said(*line, "parent", Msg::new("unit-name-superior-unit-within-your")));
        }
    }
    refuse(errors)?;
    let mut timeline = cx.guard.timeline(w.tx())?;
    let spans: Vec<Span> = rows.iter().map(|(_, v)| Span::from(v)).collect();
    let mut errors: Vec<RowError> = timeline
        .add_checked(&spans)
        .iter()
        .filter_map(|(i, e)| rows.get(*i).map(|(line, _)| row_error(*line, e)))
        .collect();
    for (line, v) in rows {
        if let Some(l) = &v.led_by {
            if !timeline.contains(l) {
                errors.push(unknown_unit(*line, "led_by", l));
            }
        }
    }
    refuse(errors)?;
    if dry_run {
        return Ok(rows.len());
    }
    // Every unit's identity first, so that parents and leading organizations resolve
    // whatever the order of the file.
    for (_, v) in rows {
        w.unit_id_or_create(&v.code)?;
    }
    for (_, v) in rows {
        w.insert_unit_version(v)?;
    }
    Ok(rows.len())
}

/// Changes a unit in reach from a date on, citing a decision: the version in force then ends that
/// day and `new` (whose `validity.from` is the date) begins, until the old version's own end if it
/// had one. Every check of an import applies to the new version.
pub fn edit(s: &mut Store, cx: &Ctx, new: &UnitVersion) -> Result<(), Error> {
    let on = new.validity.from;
    s.write(cx.actor(), &cx.now, |w| {
        cx.guard.unit(w.tx(), &new.code)?;
        cx.require(Action::EditUnits)?;
        let Some(current) = units::at(w.tx(), &new.code, on)? else {
            return Err(Error::said(
                "valid_from",
                Msg::new("unit-unit-not-force").text("code", &new.code).date("on", on),
            ));
        };
        if current.validity.from >= on {
            return Err(Error::said(
                "valid_from",
                Msg::new("unit-effective-date-must-after-when").date("from", current.validity.from),
            ));
        }
        w.end_unit_version(&new.code, on, new.decision.as_ref())?;
        let mut next = new.clone();
        next.validity.to = current.validity.to;
        insert_checked(w, cx, &[(1, next)], false)?;
        Ok(())
    })
}

/// Ends a unit in reach on a date, citing a decision, once nothing depends on it: no sub-unit,
/// member or position of it may still be in force then.
pub fn end(s: &mut Store, cx: &Ctx, code: &UnitCode, on: Date, decision: &Decision) -> Result<(), Error> {
    s.write(cx.actor(), &cx.now, |w| {
        cx.guard.unit(w.tx(), code)?;
        cx.require(Action::EditUnits)?;
        let Some(current) = units::at(w.tx(), code, on)? else {
            return Err(Error::said("valid_to", Msg::new("unit-unit-not-force").text("code", code).date("on", on)));
        };
        if current.validity.from >= on {
            return Err(Error::said(
                "valid_to",
                Msg::new("unit-end-date-must-after").date("from", current.validity.from),
            ));
        }
        let children = units::children(w.tx(), code, on)?.len();
        let members = people::members_of_unit(w.tx(), code, on)?.len();
        let positions = people::positions_of_unit(w.tx(), code, on)?.len();
        if children + members + positions > 0 {
            return Err(Error::said(
                "valid_to",
                Msg::new("unit-unit-still-sub-units-members")
                    .date("on", on)
                    .text("children", children)
                    .text("members", members)
                    .text("positions", positions),
            ));
        }
        w.end_unit_version(code, on, Some(decision))?;
        Ok(())
    })
}

// ---------------------------------------------------------------- reads

/// A unit as it stood on a date (or its last version), with every version and its change log.
pub struct Detail {
    pub unit: UnitVersion,
    pub history: Vec<UnitVersion>,
    pub children: Vec<UnitVersion>,
    pub changes: Vec<LogEntry>,
}

/// A unit in reach on a date, with its history, sub-units and change-log entries.
pub fn detail(s: &mut Store, cx: &Ctx, code: &UnitCode, at: Date) -> Result<Detail, Error> {
    cx.require(Action::Read)?;
    let found = s.read(|tx| {
        if cx.guard.unit(tx, code).is_err() {
            return Ok(None);
        }
        let history = units::history(tx, code)?;
        let changes = tinhgon_store::history(tx, "unit", code.as_str())?;
        let current = units::at(tx, code, at)?;
        let children = units::children(tx, code, at)?;
        Ok(Some((history, changes, current, children)))
    })?;
    let absent = || Error::NotFound(Absent::Unit(code.to_string()));
    let (history, changes, current, children) = found.ok_or_else(absent)?;
    let unit = current.or_else(|| history.last().cloned()).ok_or_else(absent)?;
    Ok(Detail { unit, history, children, changes })
}

/// The units directly under a unit in reach on a date.
pub fn children(s: &mut Store, cx: &Ctx, code: &UnitCode, at: Date) -> Result<Vec<UnitVersion>, Error> {
    cx.require(Action::Read)?;
    s.read(|tx| {
        if cx.guard.unit(tx, code).is_err() {
            return Ok(None);
        }
        units::children(tx, code, at).map(Some)
    })?
    .ok_or_else(|| Error::NotFound(Absent::Unit(code.to_string())))
}

/// Units in force on a date whose name (diacritics optional) or code matches, within reach.
pub fn search(s: &mut Store, cx: &Ctx, text: &str, at: Date, limit: i64) -> Result<Vec<UnitVersion>, Error> {
    cx.require(Action::Read)?;
    let g = &cx.guard;
    Ok(s.read(|tx| {
        let found = units::search(tx, text, at, if g.sees_everything() { limit } else { 5_000 })?;
        let mut found = g.readable_units(tx, found, |v| v.code.as_str())?;
        found.truncate(limit as usize);
        Ok(found)
    })?)
}
