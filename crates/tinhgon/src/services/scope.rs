//! Reach as a capability. An operation runs in one transaction of its caller's scope
//! ([`Ctx::read`], [`Ctx::write`]); inside, [`Scope::unit`] asks the reach about a unit and answers
//! with a proof ([`Reached`]) or with absent. Readers that build on each other (a year's party
//! work on its meetings, ratings and cases) take the scope, so a request reads in one transaction
//! and asks about each unit once.

use std::ops::Deref;

use tinhgon_domain::UnitCode;
use tinhgon_store::{Tx, Writer};

use super::{Absent, Ctx, Error, Store};

/// A value the caller's reach was asked about and that lies in it. Only a [`Scope`] makes one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reached<T>(T);

impl<T: std::fmt::Display> std::fmt::Display for Reached<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl<T> Deref for Reached<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

/// One transaction, seen as the caller sees the register.
pub struct Scope<'a, 't> {
    tx: &'a mut Tx<'t>,
    cx: &'a Ctx,
}

impl<'a, 't> Scope<'a, 't> {
    pub fn cx(&self) -> &Ctx {
        self.cx
    }

    /// The transaction, for the store's queries.
    pub fn tx(&mut self) -> &mut Tx<'t> {
        self.tx
    }

    /// The transaction and the caller together, for a reader that takes both.
    pub fn parts(&mut self) -> (&mut Tx<'t>, &Ctx) {
        (self.tx, self.cx)
    }

    /// The same transaction as another context sees it (the caller as a reader of figures stored
    /// for others, [`Ctx::as_reader`]).
    pub fn with<'b>(&'b mut self, cx: &'b Ctx) -> Scope<'b, 't> {
        Scope { tx: self.tx, cx }
    }

    /// The unit, if it exists and lies in reach; otherwise absent.
    pub fn unit(&mut self, code: &UnitCode) -> Result<Reached<UnitCode>, Error> {
        self.cx.guard.unit(self.tx, code)?;
        Ok(Reached(code.clone()))
    }

    /// The unit in reach, or the register's answer for a unit that does not exist.
    pub fn unit_or_absent(&mut self, code: &UnitCode) -> Result<Reached<UnitCode>, Error> {
        self.unit(code).map_err(|_| Error::NotFound(Absent::Unit(code.to_string())))
    }
}

/// A row that belongs to a unit — a meeting to its organization, an admission to its cell, a
/// campaign to its launcher, a document to its issuer: it is in the caller's reach when its unit is.
pub trait OfUnit {
    fn unit_code(&self) -> &str;
}

macro_rules! of_unit {
    ($($row:ty => $field:ident),+ $(,)?) => {$(
        impl OfUnit for $row {
            fn unit_code(&self) -> &str {
                &self.$field
            }
        }
    )+};
}

of_unit!(
    tinhgon_store::party::meetings::MeetingRow => unit,
    tinhgon_store::party::admissions::AdmissionRow => cell,
    tinhgon_store::directives::campaigns::CampaignRow => launcher,
    tinhgon_store::directives::documents::DocumentRow => issuer,
);

/// The row `load` finds, if its unit is in the caller's reach; none otherwise, exactly as for a row
/// that does not exist. The one predicate of every feature whose rows belong to units.
pub fn row_in_reach<R: OfUnit>(
    tx: &mut Tx<'_>,
    cx: &Ctx,
    load: impl FnOnce(&mut Tx<'_>) -> Result<Option<R>, tinhgon_store::StoreError>,
) -> Result<Option<R>, tinhgon_store::StoreError> {
    let Some(row) = load(tx)? else { return Ok(None) };
    Ok(cx.guard.reaches(tx, row.unit_code()).then_some(row))
}

/// One write transaction, seen as the caller sees the register.
pub struct WriteScope<'a, 'w, 't> {
    w: &'a mut Writer<'w, 't>,
    cx: &'a Ctx,
}

impl<'a, 'w, 't> WriteScope<'a, 'w, 't> {
    /// The transaction as a reader sees it, for the checks and readers before the write.
    pub fn scope(&mut self) -> Scope<'_, 't> {
        Scope { tx: self.w.tx(), cx: self.cx }
    }

    /// The writer, for the change and its change-log entries.
    pub fn writer(&mut self) -> &mut Writer<'w, 't> {
        self.w
    }
}

impl Ctx {
    /// Runs a reading operation in one transaction of the caller's scope.
    pub fn read<T>(&self, s: &mut Store, f: impl FnOnce(&mut Scope<'_, '_>) -> Result<T, Error>) -> Result<T, Error> {
        super::read(s, |tx| f(&mut Scope { tx, cx: self }))
    }

    /// Runs `f` in one read of the caller's scope under the proof of `unit`: absent when it is out
    /// of reach.
    pub fn read_unit<T>(
        &self,
        s: &mut Store,
        unit: &UnitCode,
        f: impl FnOnce(&mut Scope<'_, '_>, &Reached<UnitCode>) -> Result<T, Error>,
    ) -> Result<T, Error> {
        self.read(s, |sc| {
            let unit = sc.unit_or_absent(unit)?;
            f(sc, &unit)
        })
    }

    /// Runs a change in one write transaction of the caller's scope: all of it or none of it.
    pub fn write<T>(
        &self,
        s: &mut Store,
        f: impl FnOnce(&mut WriteScope<'_, '_, '_>) -> Result<T, Error>,
    ) -> Result<T, Error> {
        s.write(self.actor(), &self.now, |w| f(&mut WriteScope { w, cx: self }))
    }
}

#[cfg(test)]
mod tests {
    //! The scope's decisions on a real register (SQLite in a temporary file): a proof is made for a
    //! unit in reach and for nothing else, out of reach answers exactly as absent, a scope is one
    //! transaction, and a write that is refused leaves nothing behind.

    use super::*;
    use crate::services::testing::{code, day, register, scoped};
    use tinhgon_domain::access::Role;

    fn ctx(s: &mut Store, scope: &str) -> Ctx {
        Ctx::new(scoped(s, Role::Organization, scope), day("2026-12-07"), "2026-12-07T09:00:00Z".into())
    }

    #[test]
    fn a_proof_is_made_for_a_unit_in_reach_and_out_of_reach_reads_as_absent() {
        let (mut s, path) = register("scope-proof");
        let cx = ctx(&mut s, "P.A");
        let (mine, hidden, absent) = cx
            .read(&mut s, |sc| {
                let mine = sc.unit(&code("P.A.C1")).map(|r| r.to_string());
                let hidden = sc.unit(&code("P.B.C1")).map(|r| r.to_string());
                let absent = sc.unit(&code("P.KHONGCO")).map(|r| r.to_string());
                Ok((mine, hidden, absent))
            })
            .unwrap_or_else(|e| panic!("{:?}", e.messages()));
        assert_eq!(mine.ok().as_deref(), Some("P.A.C1"));
        let said = |r: Result<String, Error>, c: &str| r.err().map(|e| e.messages().1.replace(c, "<code>"));
        let (hidden, absent) = (said(hidden, "P.B.C1"), said(absent, "P.KHONGCO"));
        assert!(hidden.is_some(), "a unit out of reach gives no proof");
        assert_eq!(hidden, absent, "out of reach answers exactly as absent");
        let _ = std::fs::remove_file(path);
    }

    #[test]
    fn a_scope_is_one_transaction_and_each_question_is_counted() {
        let (mut s, path) = register("scope-count");
        let cx = ctx(&mut s, "P");
        let ((r0, w0), c0) = (s.transactions(), cx.guard.checks());
        cx.read(&mut s, |sc| {
            for c in ["P.A", "P.A.C1", "P.B"] {
                sc.unit(&code(c))?;
            }
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{:?}", e.messages()));
        let ((r1, w1), c1) = (s.transactions(), cx.guard.checks());
        assert_eq!((r1 - r0, w1 - w0, c1 - c0), (1, 0, 3));
        let _ = std::fs::remove_file(path);
    }

    #[test]
    fn a_write_refused_after_it_began_leaves_nothing() {
        let (mut s, path) = register("scope-write");
        let cx = ctx(&mut s, "P.A");
        let before = s.last_seq().unwrap_or_else(|e| panic!("{e}"));
        let refused = cx.write(&mut s, |ws| {
            let cell = ws.scope().unit(&code("P.A.C1"))?;
            ws.writer().unit_id_or_create(&code(&format!("{}.NEW", cell.as_str())))?;
            // A second unit, out of reach: the whole write is refused.
            ws.scope().unit(&code("P.B.C1"))?;
            Ok(())
        });
        assert!(matches!(refused, Err(Error::NotFound(_))), "{:?}", refused.err().map(|e| e.messages()));
        let ids = s.read(|tx| tinhgon_store::units::unit_id(tx, &code("P.A.C1.NEW"))).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(ids, None, "the unit begun in the refused write is not there");
        assert_eq!(s.last_seq().ok(), Some(before), "no change-log entry either");
        let _ = std::fs::remove_file(path);
    }
}
