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

    /// Runs a change in one write transaction of the caller's scope: all of it or none of it.
    pub fn write<T>(
        &self,
        s: &mut Store,
        f: impl FnOnce(&mut WriteScope<'_, '_, '_>) -> Result<T, Error>,
    ) -> Result<T, Error> {
        s.write(self.actor(), &self.now, |w| f(&mut WriteScope { w, cx: self }))
    }
}
