//! The operations of tinhgon, one function each, by feature. Every interface — the command line,
//! the JSON API, the web pages, an import row, a plan operation — comes through here, with the
//! caller's context ([`Ctx`]): who they are, what they reach, what day it is.
//!
//! An operation first asks whether the role may act at all, then gathers every unit and person it
//! reads, names or writes and asks the reach about all of them at once ([`lock`]), and only then
//! reads what it needs, asks the domain to decide and writes in one transaction. A unit or person
//! out of reach is answered exactly like one that does not exist.

pub mod accounts;
pub mod attachments;
pub mod directives;
pub mod lock;
pub mod party;
pub mod plans;
pub mod register;
pub mod scope;
pub mod stats;
#[cfg(test)]
pub(crate) mod testing;
pub mod trust;

use crate::i18n::both;
use tinhgon_domain::access::Action;
use tinhgon_domain::msg::Msg;
use tinhgon_domain::Date;

pub use lock::{Guard, ScopeCache};
pub use register::rows::{FileKind, RowError, SHOWN_ERRORS};
/// The register's connection and its errors, as the interfaces hand them to operations.
pub use tinhgon_store::{Store, StoreError};

/// Who is asking, what they reach, and when: the first argument of every operation.
#[derive(Clone)]
pub struct Ctx {
    pub guard: Guard,
    /// The caller's today, for defaults such as "the figures as of today".
    pub today: Date,
    /// The moment of the request, as the change log records it.
    pub now: String,
}

impl Ctx {
    pub fn new(guard: Guard, today: Date, now: String) -> Ctx {
        Ctx { guard, today, now }
    }

    /// The command line, run by the operator of the machine that holds the database: it reaches
    /// the whole register and is logged as `cli`.
    pub fn operator(today: Date, now: String) -> Ctx {
        Ctx::operator_as("cli", today, now)
    }

    /// The operator under another name in the change log (the demo loader logs as `demo`).
    pub fn operator_as(actor: &str, today: Date, now: String) -> Ctx {
        Ctx { guard: Guard::operator(actor), today, now }
    }

    /// The caller's context without the handling of confidential cases ([`Guard::as_reader`]):
    /// for whatever is computed to be stored and read by others.
    pub fn as_reader(&self) -> Ctx {
        Ctx { guard: self.guard.as_reader(), today: self.today, now: self.now.clone() }
    }

    /// The change-log actor: the account name.
    pub fn actor(&self) -> &str {
        &self.guard.account.name
    }

    /// Whether the role may take the action at all; asked before anything else is looked at.
    pub fn require(&self, action: Action) -> Result<(), Error> {
        if self.guard.may(action) {
            Ok(())
        } else {
            Err(Error::Forbidden)
        }
    }
}

/// Reads in one transaction with an operation's own errors: a refusal found while reading (absent,
/// out of reach) is answered as it is, a store failure as a store failure.
pub fn read<T>(s: &mut Store, f: impl FnOnce(&mut tinhgon_store::Tx<'_>) -> Result<T, Error>) -> Result<T, Error> {
    let mut out = None;
    s.read(|tx| {
        out = Some(f(tx));
        Ok(())
    })?;
    out.unwrap_or_else(|| Err(Error::Store(StoreError::Corrupt("a read returned nothing".into()))))
}

/// What is absent — or out of the caller's reach, which is answered the same way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Absent {
    Unit(String),
    Person(String),
    Plan(i64),
    Admission(i64),
    /// Something the register explains itself (a unit not in force on a date, say).
    Said {
        vi: String,
        en: String,
    },
}

impl Absent {
    /// Absent as the register explains it, said by key.
    pub fn said(m: Msg) -> Absent {
        let (vi, en) = crate::i18n::said(&m);
        Absent::Said { vi, en }
    }

    /// The sentence for people, Vietnamese then English.
    pub fn messages(&self) -> (String, String) {
        match self {
            Absent::Unit(c) => both("absent-unit", &[("code", c.to_string())]),
            Absent::Person(c) => both("absent-person", &[("code", c.to_string())]),
            Absent::Plan(id) => both("absent-plan", &[("id", id.to_string())]),
            Absent::Admission(id) => both("absent-admission", &[("id", id.to_string())]),
            Absent::Said { vi, en } => (vi.clone(), en.clone()),
        }
    }
}

/// Why an operation did not happen. Nothing is written in any case.
#[derive(Debug)]
pub enum Error {
    /// Absent or out of reach: the same answer.
    NotFound(Absent),
    /// In reach, but the role may not take the action.
    Forbidden,
    /// Bad data, each problem with its line and column.
    Invalid(Vec<RowError>),
    /// The request cannot be carried out as the register stands, in Vietnamese and English.
    Conflict {
        vi: String,
        en: String,
    },
    /// A restructuring plan that cannot be simulated, applied or reverted.
    Plan(plans::PlanFailure),
    Store(StoreError),
}

impl Error {
    /// What cannot happen when the register is sound: a write that left nothing to answer.
    pub fn internal(what: &str) -> Error {
        Error::Store(StoreError::Corrupt(what.to_string()))
    }
}

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::ControlCharacter(c) => control_character("text", c),
            e => Error::Store(e),
        }
    }
}

/// A text holding a control character (NUL and the like): bad input, on either database.
pub fn control_character(column: &str, c: u32) -> Error {
    let (vi, en) = both("control-character", &[("code", format!("U+{c:04X}"))]);
    Error::field(column, vi, en)
}

impl From<lock::Denied> for Error {
    fn from(d: lock::Denied) -> Self {
        let lock::Denied::NotFound(a) = d;
        Error::NotFound(a)
    }
}

impl From<plans::PlanFailure> for Error {
    fn from(e: plans::PlanFailure) -> Self {
        match e {
            plans::PlanFailure::NotFound(id) => Error::NotFound(Absent::Plan(id)),
            plans::PlanFailure::Store(e) => Error::Store(e),
            other => Error::Plan(other),
        }
    }
}

impl Error {
    /// One bad field of a form, said by key.
    pub fn said(column: &str, m: Msg) -> Error {
        Error::Invalid(vec![RowError::said(1, column, m)])
    }

    /// A request that cannot be carried out as the register stands, said by key.
    pub fn refused(m: Msg) -> Error {
        let (vi, en) = crate::i18n::said(&m);
        Error::Conflict { vi, en }
    }

    /// One bad field of a form, as line 1 of its one-row table.
    pub fn field(column: &str, vi: String, en: String) -> Error {
        Error::Invalid(vec![RowError { line: 1, column: column.into(), vi, en }])
    }

    /// The message for people, Vietnamese then English, one problem per line.
    pub fn messages(&self) -> (String, String) {
        match self {
            Error::NotFound(a) => a.messages(),
            Error::Forbidden => both("role-may-not", &[]),
            Error::Invalid(rows) => {
                let (mut vi, mut en) = both("problem-rows", &[("count", rows.len().to_string())]);
                for e in rows {
                    let at = [("line", e.line.to_string()), ("column", e.column.clone())];
                    let (at_vi, at_en) = both("row-error-at", &at);
                    vi.push_str(&format!("\n  {at_vi}: {}", e.vi));
                    en.push_str(&format!("\n  {at_en}: {}", e.en));
                }
                (vi, en)
            }
            Error::Conflict { vi, en } => (vi.clone(), en.clone()),
            Error::Plan(p) => p.messages(),
            Error::Store(StoreError::File { path, reason }) => {
                both("store-file", &[("path", path.clone()), ("reason", reason.clone())])
            }
            Error::Store(StoreError::NotEmpty { table, rows }) => {
                both("store-not-empty", &[("rows", rows.to_string()), ("table", table.to_string())])
            }
            Error::Store(StoreError::Replica(m)) => crate::i18n::said(&tinhgon_domain::msg::Said::msg(m)),
            Error::Store(e) => both("store-error", &[("error", e.to_string())]),
        }
    }
}

/// Opens the register at a URL (`sqlite://…`, `postgres://…`), bringing its schema up to date.
pub fn open(url: &str) -> Result<Store, StoreError> {
    Store::open(url)
}

/// The newest change-log sequence number: whether the register answers at all.
pub fn health(s: &mut tinhgon_store::Store) -> Result<i64, StoreError> {
    s.last_seq()
}
