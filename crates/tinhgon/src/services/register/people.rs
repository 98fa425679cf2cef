//! People: recorded from rows (an import, the API, the new-person form), their particulars
//! corrected; and read — a person with their history, a search by name.

use std::collections::HashSet;
use tinhgon_domain::msg::Msg;

use tinhgon_domain::access::Action;
use tinhgon_domain::catalog::{Education, StaffCategory, Theory};
use tinhgon_domain::register::{Person, RegisterError};
use tinhgon_domain::text::PersonName;
use tinhgon_domain::Date;
use tinhgon_store::people;
pub use tinhgon_store::people::{AssignmentLine, MembershipLine, PersonLine};
use tinhgon_store::Store;

use super::rows::{column_of, gender, refuse, row_error, Cells, RowError};
use crate::files::Table;
use crate::services::{Absent, Ctx, Error};

pub(crate) fn person_from(c: &mut Cells<'_>, code_col: &str) -> Option<(Person, PersonName)> {
    let code = c.person_code(code_col);
    let name = c.required("full_name");
    let name = name.and_then(|n| match PersonName::parse(&n) {
        Ok(p) => Some(p),
        Err(e) => {
            c.fail("full_name", crate::i18n::vi(&e), crate::i18n::en(&e));
            None
        }
    });
    let gender = c.code("gender", gender);
    let birth = c.date("birth_date");
    let education = c.opt_code("education", Education::parse);
    let theory = c.opt_code("theory", Theory::parse);
    let category = c.opt_code("staff_category", StaffCategory::parse);
    let ethnicity = c.text("ethnicity").to_string();
    let (Some(code), Some(name), Some(gender), Some(birth_date), Ok(education), Ok(theory), Ok(staff_category)) =
        (code, name, gender, birth, education, theory, category)
    else {
        return None;
    };
    let p = Person {
        code,
        name: name.as_str().to_string(),
        gender,
        birth_date,
        ethnicity,
        education: education.unwrap_or(Education::None),
        theory: theory.unwrap_or(Theory::None),
        staff_category,
    };
    if let Err(e) = p.check() {
        c.register(column_of(&e), &e);
        return None;
    }
    Some((p, name))
}

/// A birth date the register accepts: from 1900 to the caller's today.
pub(crate) fn birth_date_error(line: usize, birth: Date, today: Date) -> Option<RowError> {
    let earliest = Date::from_ymd(1900, 1, 1)?;
    if birth < earliest || birth > today {
        return Some(RowError::said(
            line,
            "birth_date",
            Msg::new("people-birth-date-must-from-today").date("birth", birth).date("today", today),
        ));
    }
    None
}

pub fn parse(table: &Table, errors: &mut Vec<RowError>) -> Vec<(usize, Person, PersonName)> {
    let mut out = Vec::new();
    for (line, cells) in table.rows.iter().map(|(l, c)| (*l, c.as_slice())) {
        let mut c = Cells { table, line, cells, errors };
        if let Some((p, n)) = person_from(&mut c, "code") {
            out.push((line, p, n));
        }
    }
    out
}

/// Records new people, all or none; their codes must be new.
/// Whether the caller may record people, asked before the form is shown or read.
pub fn may_create(cx: &Ctx) -> Result<(), Error> {
    cx.require(Action::EditPeople)
}

pub fn create(s: &mut Store, cx: &Ctx, rows: &[(usize, Person, PersonName)], dry_run: bool) -> Result<usize, Error> {
    cx.require(Action::EditPeople)?;
    s.write(cx.actor(), &cx.now, |w| {
        let mut errors: Vec<RowError> =
            rows.iter().filter_map(|(line, p, _)| birth_date_error(*line, p.birth_date, cx.today)).collect();
        let codes: Vec<&str> = rows.iter().map(|(_, p, _)| p.code.trim()).collect();
        let existing: HashSet<String> = people::codes_existing(w.tx(), &codes)?.into_iter().collect();
        let mut seen = HashSet::new();
        for (line, p, _) in rows {
            if !seen.insert(p.code.trim()) || existing.contains(p.code.trim()) {
                errors.push(row_error(*line, &RegisterError::DuplicateCode { code: p.code.clone() }));
            }
        }
        refuse(errors)?;
        if !dry_run {
            w.begin_import("people", rows.len());
            for (_, p, n) in rows {
                w.insert_person(p, n)?;
            }
            w.finish_import()?;
        }
        Ok(rows.len())
    })
}

/// Corrects the particulars of a person in reach; the code names the person and stays.
pub fn edit(s: &mut Store, cx: &Ctx, p: &Person, name: &PersonName) -> Result<(), Error> {
    s.write(cx.actor(), &cx.now, |w| {
        cx.guard.person(w.tx(), &p.code)?;
        cx.require(Action::EditPeople)?;
        refuse(birth_date_error(1, p.birth_date, cx.today).into_iter().collect())?;
        w.update_person(p, name)?;
        Ok(())
    })
}

/// A person's particulars, for a form that corrects them: only to those who may.
pub fn for_editing(s: &mut Store, cx: &Ctx, code: &str) -> Result<Person, Error> {
    let found = s.read(|tx| if cx.guard.person(tx, code).is_ok() { people::person(tx, code) } else { Ok(None) })?;
    let person = found.ok_or_else(|| Error::NotFound(Absent::Person(code.trim().to_string())))?;
    cx.require(Action::EditPeople)?;
    Ok(person)
}

// ---------------------------------------------------------------- reads

/// A person with their membership and position history.
pub struct Detail {
    pub person: Person,
    pub memberships: Vec<MembershipLine>,
    pub positions: Vec<AssignmentLine>,
}

/// A person in reach, with their membership and position history.
pub fn detail(s: &mut Store, cx: &Ctx, code: &str) -> Result<Detail, Error> {
    cx.require(Action::Read)?;
    let found = s.read(|tx| {
        if cx.guard.person(tx, code).is_err() {
            return Ok(None);
        }
        let Some(person) = people::person(tx, code)? else { return Ok(None) };
        Ok(Some(Detail {
            person,
            memberships: people::memberships_of_person(tx, code)?,
            positions: people::assignments_of_person(tx, code)?,
        }))
    })?;
    found.ok_or_else(|| Error::NotFound(Absent::Person(code.trim().to_string())))
}

/// People in reach whose full name or given name begins with the query, ignoring diacritics, in
/// Vietnamese order. A scoped caller's matches are filtered from the first 2,000.
pub fn search(s: &mut Store, cx: &Ctx, text: &str, limit: i64, offset: i64) -> Result<Vec<PersonLine>, Error> {
    cx.require(Action::Read)?;
    let g = &cx.guard;
    Ok(s.read(|tx| {
        if g.sees_everything() {
            return people::search(tx, text, limit, offset);
        }
        let found = people::search(tx, text, 2_000, 0)?;
        Ok(g.readable_people(tx, found, |p| p.code.as_str())?
            .into_iter()
            .skip(offset.max(0) as usize)
            .take(limit.max(0) as usize)
            .collect())
    })?)
}

/// Particulars that change from a date: what changes, the rest as recorded.
#[derive(Default)]
pub struct Change {
    pub ethnicity: Option<String>,
    pub education: Option<Education>,
    pub theory: Option<Theory>,
    pub occupation: Option<String>,
}

/// Records particulars of a person in reach that change from a date (not in the future, and after
/// the last change): the statistics of earlier dates keep the particulars of those dates.
pub fn change_particulars(s: &mut Store, cx: &Ctx, code: &str, from: Date, change: &Change) -> Result<(), Error> {
    cx.require(Action::EditPeople)?;
    s.write(cx.actor(), &cx.now, |w| change_particulars_in(w, cx, code, from, change))
}

/// [`change_particulars`] inside a caller's write (a file of many rows, all or nothing).
pub(crate) fn change_particulars_in(
    w: &mut tinhgon_store::Writer<'_, '_>,
    cx: &Ctx,
    code: &str,
    from: Date,
    change: &Change,
) -> Result<(), Error> {
    cx.require(Action::EditPeople)?;
    cx.guard.person(w.tx(), code)?;
    let Some(p) = people::person(w.tx(), code)? else {
        return Err(Error::NotFound(Absent::Person(code.trim().to_string())));
    };
    if from > cx.today {
        return Err(Error::said("from", Msg::new("people-future-today").date("from", from).date("today", cx.today)));
    }
    let versions = tinhgon_store::versions::of_person(w.tx(), code)?;
    if let Some(last) = versions.last().filter(|v| v.validity.from >= from) {
        return Err(Error::said(
            "from",
            Msg::new("people-change-from-recorded-new-one").date("from", last.validity.from),
        ));
    }
    if change.ethnicity.as_ref().is_some_and(|e| e.chars().count() > 50) {
        return Err(Error::field(
            "ethnicity",
            crate::i18n::vi(&RegisterError::Ethnicity),
            crate::i18n::en(&RegisterError::Ethnicity),
        ));
    }
    let current = versions.last();
    let new = tinhgon_store::versions::Version {
        validity: tinhgon_domain::Validity::open(from),
        ethnicity: change
            .ethnicity
            .clone()
            .unwrap_or_else(|| current.map_or(p.ethnicity.clone(), |v| v.ethnicity.clone())),
        education: change.education.unwrap_or(current.map_or(p.education, |v| v.education)),
        theory: change.theory.unwrap_or(current.map_or(p.theory, |v| v.theory)),
        occupation: change.occupation.clone().or_else(|| current.and_then(|v| v.occupation.clone())),
    };
    w.insert_person_version(code, from, &new)?;
    Ok(())
}
