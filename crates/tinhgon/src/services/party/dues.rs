//! Party dues: what each member's dues are counted on, the monthly ledger (owed by the rule of the
//! month, paid, when), payments one by one or from a file (all or nothing), and the members who
//! did not pay for three months in a year — the ground for removal.

use std::collections::{BTreeMap, HashSet};
use tinhgon_domain::msg::Msg;

use serde::Serialize;
use tinhgon_domain::access::Action;
use tinhgon_domain::party::age::{party_age, Period};
use tinhgon_domain::party::dues::{self, Basis, Month, Owed};
use tinhgon_domain::rules::{RuleBook, RuleKey};
use tinhgon_domain::{Date, UnitCode};
use tinhgon_store::party::dues::{self as store, Payment};
use tinhgon_store::{people, Store, StoreError, Tx};

use super::admissions::unknown_person;
use crate::files::Table;
use crate::services::register::rows::{refuse, Cells, RowError};
use crate::services::{Absent, Ctx, Error};

/// One month of a member's ledger.
#[derive(Serialize, utoipa::ToSchema)]
pub struct LedgerMonth {
    #[serde(flatten)]
    pub owed: Owed,
    pub paid: Option<Payment>,
}

/// A member's ledger for a year, to the current month.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Ledger {
    pub person: String,
    pub year: i32,
    pub months: Vec<LedgerMonth>,
    /// Months owed and not paid.
    pub unpaid: Vec<Month>,
}

fn history(tx: &mut Tx<'_>, person: &str) -> Result<Vec<Period>, StoreError> {
    Ok(people::memberships_of_person(tx, person)?
        .into_iter()
        .map(|m| Period { status: m.status, validity: m.validity, admitted_on: m.admitted_on })
        .collect())
}

/// Whether the person belongs to a cell (probationary or full) on some day of the month.
fn member_in(periods: &[Period], m: Month) -> bool {
    let (first, next) = (m.first_day(), m.next().first_day());
    periods.iter().any(|p| p.status.is_active() && p.validity.from < next && p.validity.to.is_none_or(|t| t > first))
}

fn ledger_of(tx: &mut Tx<'_>, person: &str, year: i32, now: Month, book: &RuleBook) -> Result<Ledger, StoreError> {
    let periods = history(tx, person)?;
    let bases = store::bases_of(tx, person)?;
    let payments = store::payments_of(tx, person)?;
    Ok(ledger_from(person, (&periods, &bases, &payments), (year, now), book))
}

/// A member's ledger from their membership history, dues bases and payments.
fn ledger_from(
    person: &str,
    (periods, bases, payments): (&[Period], &[Basis], &[Payment]),
    (year, now): (i32, Month),
    book: &RuleBook,
) -> Ledger {
    let mut months = Vec::new();
    let mut unpaid = Vec::new();
    let mut m = Month { year, month: 1 };
    while m.year == year && m <= now {
        if member_in(periods, m) {
            let age = party_age(periods, m.first_day()).map_or(0, |a| a.years);
            let owed = match bases.iter().rfind(|b| b.from <= m) {
                Some(b) => dues::owed(b, m, age, book),
                None => Owed { month: m, amount: 0, reason: "no_basis".into() },
            };
            let paid = payments.iter().find(|p| p.month == m).cloned();
            // A month before any basis is recorded is unknown, not unpaid: the register does not
            // know what the member owed.
            let counted = !owed.reason.starts_with("exempt_") && owed.reason != "no_basis";
            if paid.is_none() && counted {
                unpaid.push(m);
            }
            months.push(LedgerMonth { owed, paid });
        }
        m = m.next();
    }
    Ledger { person: person.to_string(), year, months, unpaid }
}

/// Everyone who belongs on `on` to a cell at or under a unit (the caller checks the reach): name,
/// cell that day, and their ledger of `year` to `now`. Four queries, whatever the number of members.
fn ledgers_under(
    tx: &mut Tx<'_>,
    unit: &UnitCode,
    on: Date,
    (year, now): (i32, Month),
    book: &RuleBook,
) -> Result<Vec<(String, String, Ledger)>, StoreError> {
    let (rows, _) = tinhgon_store::party::badges::members_under(tx, unit, on)?;
    let (bases, payments) = store::under(tx, unit, on)?;
    let mut people: BTreeMap<&str, (&str, &str, Vec<Period>)> = BTreeMap::new();
    for p in &rows {
        let e = people.entry(p.person.as_str()).or_insert((p.name.as_str(), "", Vec::new()));
        if p.validity.contains(on) {
            e.1 = p.cell.as_str();
        }
        e.2.push(Period { status: p.status, validity: p.validity, admitted_on: p.admitted_on });
    }
    Ok(people
        .into_iter()
        .map(|(person, (name, cell, periods))| {
            let b = bases.get(person).map_or(&[][..], Vec::as_slice);
            let p = payments.get(person).map_or(&[][..], Vec::as_slice);
            (name.to_string(), cell.to_string(), ledger_from(person, (&periods, b, p), (year, now), book))
        })
        .collect())
}

/// A member's ledger for a year (to the current month), for a person in reach.
pub fn ledger(s: &mut Store, cx: &Ctx, person: &str, year: i32) -> Result<Ledger, Error> {
    cx.require(Action::Read)?;
    let now = Month::of(cx.today);
    let found = s.read(|tx| {
        if cx.guard.person(tx, person).is_err() || people::person_id(tx, person)?.is_none() {
            return Ok(None);
        }
        let book = tinhgon_store::plans::rules(tx)?;
        ledger_of(tx, person.trim(), year, now, &book).map(Some)
    })?;
    found.ok_or_else(|| Error::NotFound(Absent::Person(person.trim().to_string())))
}

/// Records what a member in reach pays on from a month on.
pub fn set_basis(s: &mut Store, cx: &Ctx, person: &str, basis: &Basis) -> Result<(), Error> {
    cx.require(Action::EditMembers)?;
    s.write(cx.actor(), &cx.now, |w| set_basis_in(w, cx, person, basis))
}

/// [`set_basis`] inside a caller's write (a file of many rows, all or nothing).
pub(crate) fn set_basis_in(
    w: &mut tinhgon_store::Writer<'_, '_>,
    cx: &Ctx,
    person: &str,
    basis: &Basis,
) -> Result<(), Error> {
    cx.require(Action::EditMembers)?;
    let person = person.trim();
    if cx.guard.person(w.tx(), person).is_err() || people::person_id(w.tx(), person)?.is_none() {
        return Err(unknown_person("person", person));
    }
    let book = tinhgon_store::plans::rules(w.tx())?;
    dues::check_basis(basis, &book).map_err(|e| Error::field("reduction", crate::i18n::vi(&e), crate::i18n::en(&e)))?;
    if store::bases_of(w.tx(), person)?.iter().any(|b| b.from == basis.from) {
        return Err(Error::said(
            "from",
            Msg::new("due-dues-basis-from-recorded-already").text("person", person).month(
                "from",
                basis.from.year,
                basis.from.month,
            ),
        ));
    }
    w.insert_dues_basis(person, basis)?;
    Ok(())
}

/// One payment to record.
pub struct PaymentRow {
    pub line: usize,
    pub person: String,
    pub payment: Payment,
}

/// The columns of a dues payments file.
pub const COLUMNS: [&str; 4] = ["person", "month", "amount", "paid_on"];

/// Reads a payments file: `person,month,amount,paid_on`.
pub fn parse(table: &Table, errors: &mut Vec<RowError>) -> Vec<PaymentRow> {
    let mut out = Vec::new();
    for (line, cells) in table.rows.iter().map(|(l, c)| (*l, c.as_slice())) {
        let mut c = Cells { table, line, cells, errors };
        let person = c.person_code("person");
        let month = match c.required("month") {
            Some(t) => match Month::parse(&t) {
                Some(m) => Some(m),
                None => {
                    c.fail_said("month", Msg::new("due-not-month-write-mm-yyyy").text("t", &t));
                    None
                }
            },
            None => None,
        };
        let amount = match c.required("amount") {
            Some(t) => match tinhgon_domain::text::whole_number(&t) {
                Some(a) if a > 0 => Some(a),
                _ => {
                    c.fail(
                        "amount",
                        format!("số tiền «{t}» phải là số đồng dương"),
                        format!("the amount '{t}' must be a positive number of đồng"),
                    );
                    None
                }
            },
            None => None,
        };
        let paid_on = c.date("paid_on");
        if let (Some(person), Some(month), Some(amount), Some(paid_on)) = (person, month, amount, paid_on) {
            out.push(PaymentRow { line, person, payment: Payment { month, amount, paid_on } });
        }
    }
    out
}

/// A member's periods and the months they paid.
type Known = (Vec<Period>, Vec<Month>);

/// Records payments, all or none: each by a member in reach, for a month they belonged to a cell,
/// not in the future, and not paid already.
/// One month's dues paid, given as the cells of a line of a payments file: one check for the API
/// and the file.
pub fn pay_one(s: &mut Store, cx: &Ctx, cells: Vec<String>) -> Result<usize, Error> {
    cx.require(Action::EditMembers)?;
    let table = Table { headers: COLUMNS.iter().map(|c| c.to_string()).collect(), rows: vec![(1, cells)] };
    let mut errors = Vec::new();
    let rows = parse(&table, &mut errors);
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    pay(s, cx, &rows, false)
}

pub fn pay(s: &mut Store, cx: &Ctx, rows: &[PaymentRow], dry_run: bool) -> Result<usize, Error> {
    cx.require(Action::EditMembers)?;
    let now = Month::of(cx.today);
    s.write(cx.actor(), &cx.now, |w| {
        let mut errors = Vec::new();
        let mut seen: HashSet<(String, Month)> = HashSet::new();
        // Per person: their membership history and the months paid (None: not in reach).
        let mut cache: BTreeMap<String, Option<Known>> = BTreeMap::new();
        for r in rows {
            let person = r.person.trim().to_string();
            if !cache.contains_key(&person) {
                let known = cx.guard.person(w.tx(), &person).is_ok() && people::person_id(w.tx(), &person)?.is_some();
                let entry = if known {
                    let paid = store::payments_of(w.tx(), &person)?.into_iter().map(|p| p.month).collect();
                    Some((history(w.tx(), &person)?, paid))
                } else {
                    None
                };
                cache.insert(person.clone(), entry);
            }
            let Some(Some((periods, paid))) = cache.get(&person) else {
                errors.push(RowError::said(r.line, "person", Msg::new("due-there-no-person").text("person", &person)));
                continue;
            };
            let m = r.payment.month;
            if m > now || r.payment.paid_on > cx.today {
                errors.push(RowError::said(
                    r.line,
                    "month",
                    Msg::new("due-month-day-paid-future").month("m", m.year, m.month),
                ));
            } else if !member_in(periods, m) {
                errors.push(RowError::said(
                    r.line,
                    "month",
                    Msg::new("due-not-member").text("person", &person).month("m", m.year, m.month),
                ));
            } else if paid.contains(&m) || !seen.insert((person.clone(), m)) {
                errors.push(RowError::said(
                    r.line,
                    "month",
                    Msg::new("due-dues-recorded-as-paid-already").text("person", &person).month("m", m.year, m.month),
                ));
            }
        }
        refuse(errors)?;
        if !dry_run {
            w.begin_import("dues_payments", rows.len());
            for r in rows {
                w.insert_dues_payment(&r.person, &r.payment)?;
            }
            w.finish_import()?;
        }
        Ok(rows.len())
    })
}

/// A member who did not pay for the months the rule counts as ground for removal.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Unpaid {
    pub person: String,
    pub name: String,
    pub cell: String,
    pub months: Vec<Month>,
}

/// The members at or under a unit in reach who have not paid for three months (the rule's number)
/// in a year, to the current month.
pub fn unpaid(s: &mut Store, cx: &Ctx, unit: &UnitCode, year: i32) -> Result<Vec<Unpaid>, Error> {
    cx.require(Action::Read)?;
    let now = Month::of(cx.today);
    let today = cx.today;
    cx.read(s, |sc| {
        let unit = &sc.unit_or_absent(unit)?;
        let tx = sc.tx();
        let book = tinhgon_store::plans::rules(tx)?;
        let limit = book.value(RuleKey::DuesUnpaidMonthsForRemoval, today).unwrap_or(3);
        let mut out = Vec::new();
        for (name, cell, l) in ledgers_under(tx, unit, today, (year, now), &book)? {
            if l.unpaid.len() as i64 >= limit {
                out.push(Unpaid { person: l.person, name, cell, months: l.unpaid });
            }
        }
        Ok(out)
    })
}

/// One member's line of a unit's dues ledger for a month.
#[derive(Serialize, utoipa::ToSchema)]
pub struct MonthLine {
    pub person: String,
    pub name: String,
    pub cell: String,
    #[serde(flatten)]
    pub month: LedgerMonth,
}

/// The dues ledger of a month for the members at or under a unit in reach: owed, paid, when.
pub fn month_of(s: &mut Store, cx: &Ctx, unit: &UnitCode, month: Month) -> Result<Vec<MonthLine>, Error> {
    cx.require(Action::Read)?;
    let last = month.next().first_day().add_days(-1);
    let now = Month::of(cx.today).max(month);
    cx.read(s, |sc| {
        let unit = &sc.unit_or_absent(unit)?;
        let tx = sc.tx();
        let book = tinhgon_store::plans::rules(tx)?;
        let mut out = Vec::new();
        for (name, cell, l) in ledgers_under(tx, unit, last, (month.year, now), &book)? {
            if let Some(m) = l.months.into_iter().find(|m| m.owed.month == month) {
                out.push(MonthLine { person: l.person, name, cell, month: m });
            }
        }
        Ok(out)
    })
}
