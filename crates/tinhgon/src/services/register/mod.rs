//! The register: units, people, party membership, positions and staffing quotas — recorded from
//! rows of the register's files (an import, an API call or a form are all rows), corrected, ended
//! and read, each within the caller's reach.

pub mod export;
pub mod import;
pub mod members;
pub mod people;
pub mod positions;
pub mod quotas;
pub mod rows;
pub mod units;
pub mod views;

use tinhgon_domain::access::Action;
use tinhgon_domain::UnitCode;
use tinhgon_store::Store;

use super::lock::{Names, Seen};
use super::{Absent, Ctx, Error};

/// Whether the caller may open a form that acts on the unit: the reach first (out of reach is
/// absent whatever the role), then the role.
pub fn unit_form(s: &mut Store, cx: &Ctx, code: &UnitCode, action: Action) -> Result<(), Error> {
    cx.read(s, |sc| sc.unit(code))?;
    cx.require(action)
}

/// Whether the caller may open a form that acts on the person: the reach first, then the role.
/// A form that attaches the person to a unit (a membership, an appointment) may name a person who
/// belongs to no unit yet.
pub fn person_form(s: &mut Store, cx: &Ctx, code: &str, action: Action, attaching: bool) -> Result<(), Error> {
    let mut names = Names::new();
    names.person(code);
    let seen = s.read(|tx| Ok(cx.guard.sight(tx, &names)?.person(code)))?;
    match seen {
        Some(Seen::Reached) => cx.require(action),
        Some(Seen::Unattached) if attaching => cx.require(action),
        _ => Err(Error::NotFound(Absent::Person(code.trim().to_string()))),
    }
}

/// What a form acts on: a unit, or a person (who may belong to no unit yet when the form attaches
/// them to one).
pub enum About {
    Unit(UnitCode),
    Person(String, bool),
}

/// A form's write in one call: the reach of what the form acts on and the role first, so that a
/// refusal says nothing of the form; then the errors found while reading the form; then the write.
pub fn form_write<T, R>(
    s: &mut Store,
    cx: &Ctx,
    (about, action): (About, Action),
    read: Result<T, Vec<super::RowError>>,
    write: impl FnOnce(&mut Store, &Ctx, T) -> Result<R, Error>,
) -> Result<R, Error> {
    match &about {
        About::Unit(code) => unit_form(s, cx, code, action)?,
        About::Person(code, attaching) => person_form(s, cx, code, action, *attaching)?,
    }
    let value = read.map_err(Error::Invalid)?;
    write(s, cx, value)
}

/// The latest version of a unit the caller may edit, for the edit form.
pub fn unit_for_editing(
    s: &mut Store,
    cx: &Ctx,
    code: &UnitCode,
) -> Result<tinhgon_domain::register::UnitVersion, Error> {
    unit_form(s, cx, code, Action::EditUnits)?;
    s.read(|tx| Ok(tinhgon_store::units::history(tx, code)?.pop()))?
        .ok_or_else(|| Error::NotFound(Absent::Unit(code.to_string())))
}

#[cfg(test)]
mod tests {
    //! The order a form's write asks its questions in: the reach of what it acts on, then the
    //! role, then the form's own errors, and only then the write.

    use super::*;
    use crate::services::testing::{code, day, register, scoped};
    use crate::services::RowError;
    use tinhgon_domain::access::Role;

    fn ctx(s: &mut Store, role: Role, scope: &str) -> Ctx {
        Ctx::new(scoped(s, role, scope), day("2026-12-07"), "2026-12-07T09:00:00Z".into())
    }

    fn bad_form() -> Result<(), Vec<RowError>> {
        Err(vec![RowError { line: 1, column: "name".into(), vi: "thiếu tên".into(), en: "no name".into() }])
    }

    #[test]
    fn a_form_asks_the_reach_then_the_role_then_its_own_errors_then_writes() {
        let (mut s, path) = register("form-write");
        let officer = ctx(&mut s, Role::Organization, "P.A");
        let secretary = ctx(&mut s, Role::Secretary, "P.A");
        let on = |c: &str| (About::Unit(code(c)), Action::EditUnits);
        let wrote = std::cell::Cell::new(0);
        let write = |_: &mut Store, _: &Ctx, ()| -> Result<(), Error> {
            wrote.set(wrote.get() + 1);
            Ok(())
        };
        // Out of reach: absent, whatever the role and however bad the form.
        let out = form_write(&mut s, &officer, on("P.B.C1"), bad_form(), write);
        assert!(matches!(out, Err(Error::NotFound(_))), "{:?}", out.err().map(|e| e.messages()));
        let out = form_write(&mut s, &secretary, on("P.B.C1"), bad_form(), write);
        assert!(matches!(out, Err(Error::NotFound(_))));
        // In reach, without the role (a secretary edits no unit): refused before the form is read.
        let out = form_write(&mut s, &secretary, on("P.A.C1"), bad_form(), write);
        assert!(matches!(out, Err(Error::Forbidden)));
        // In reach, with the role: the form's own errors, and nothing written.
        let out = form_write(&mut s, &officer, on("P.A.C1"), bad_form(), write);
        assert!(matches!(out, Err(Error::Invalid(ref rows)) if rows[0].column == "name"));
        assert_eq!(wrote.get(), 0);
        // And a good form is written.
        let out = form_write(&mut s, &officer, on("P.A.C1"), Ok(()), write);
        assert!(out.is_ok());
        assert_eq!(wrote.get(), 1);
        let _ = std::fs::remove_file(path);
    }
}
