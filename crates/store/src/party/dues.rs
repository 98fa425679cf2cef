//! Party dues as recorded: each member's basis by month, and the payments.

use std::collections::HashMap;
use tinhgon_domain::party::dues::{Basis, Category, Exemption, Month};

use tinhgon_domain::{Date, UnitCode};

use crate::corrupt;
use crate::log::Entry;
use crate::sql::Tx;
use crate::{StoreError, Writer};

fn month(text: &str) -> Result<Month, StoreError> {
    Month::parse(text).ok_or_else(|| corrupt(format!("not a month: {text}")))
}

/// A person's bases, oldest first.
pub fn bases_of(tx: &mut Tx<'_>, person: &str) -> Result<Vec<Basis>, StoreError> {
    let rows = tx.query(
        "SELECT b.from_month, b.category, b.base_amount, b.exemption, b.reduction_pct, b.reduction_until
         FROM dues_basis b JOIN person p ON p.id = b.person_id WHERE p.code = $1 ORDER BY b.from_month",
        &[person.trim().into()],
    )?;
    rows.iter().map(|r| basis_row(r, 0)).collect()
}

/// from_month, category, base_amount, exemption, reduction_pct, reduction_until, from `first`.
fn basis_row(r: &crate::sql::Row, first: usize) -> Result<Basis, StoreError> {
    let reduction = match (r.opt_int(first + 4)?, r.opt_text(first + 5)?) {
        (Some(p), Some(u)) => Some((p, month(&u)?)),
        _ => None,
    };
    Ok(Basis {
        from: month(&r.text(first)?)?,
        category: Category::parse(&r.text(first + 1)?).map_err(corrupt)?,
        base: r.int(first + 2)?,
        exemption: r.opt_text(first + 3)?.map(|e| Exemption::parse(&e)).transpose().map_err(corrupt)?,
        reduction,
    })
}

/// The bases and payments of the people who belong on `on` to a cell at or under a unit, by
/// person code (two queries, for the lists of a whole unit).
pub fn under(tx: &mut Tx<'_>, root: &UnitCode, on: Date) -> Result<(ByPerson<Basis>, ByPerson<Payment>), StoreError> {
    let here = crate::party::badges::HERE;
    let params = [root.as_str().into(), on.into()];
    let mut bases: ByPerson<Basis> = HashMap::new();
    for r in tx.query(
        &format!(
            "{here} SELECT p.code, b.from_month, b.category, b.base_amount, b.exemption, b.reduction_pct, b.reduction_until
             FROM dues_basis b JOIN here h ON h.person_id = b.person_id JOIN person p ON p.id = b.person_id
             ORDER BY p.code, b.from_month"
        ),
        &params,
    )? {
        bases.entry(r.text(0)?).or_default().push(basis_row(&r, 1)?);
    }
    let mut payments: ByPerson<Payment> = HashMap::new();
    for r in tx.query(
        &format!(
            "{here} SELECT p.code, d.month, d.amount, d.paid_on FROM dues_payment d JOIN here h ON h.person_id = d.person_id
             JOIN person p ON p.id = d.person_id ORDER BY p.code, d.month"
        ),
        &params,
    )? {
        payments.entry(r.text(0)?).or_default().push(Payment { month: month(&r.text(1)?)?, amount: r.int(2)?, paid_on: r.date(3)? });
    }
    Ok((bases, payments))
}

/// Records by person code.
pub type ByPerson<T> = HashMap<String, Vec<T>>;

/// A payment as recorded.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Payment {
    pub month: Month,
    pub amount: i64,
    pub paid_on: Date,
}

/// A person's payments, by month.
pub fn payments_of(tx: &mut Tx<'_>, person: &str) -> Result<Vec<Payment>, StoreError> {
    let rows = tx.query(
        "SELECT d.month, d.amount, d.paid_on FROM dues_payment d JOIN person p ON p.id = d.person_id
         WHERE p.code = $1 ORDER BY d.month",
        &[person.trim().into()],
    )?;
    rows.iter().map(|r| Ok(Payment { month: month(&r.text(0)?)?, amount: r.int(1)?, paid_on: r.date(2)? })).collect()
}

impl Writer<'_, '_> {
    /// Records what a member's dues are counted on from a month on.
    pub fn insert_dues_basis(&mut self, person: &str, b: &Basis) -> Result<(), StoreError> {
        let person_id = self.require_person(person)?;
        let id = self.next_id("dues_basis")?;
        let seq = self.log(Entry::new("create", "dues_basis", person.trim()).after(serde_json::to_value(b).ok()))?;
        self.tx.exec(
            "INSERT INTO dues_basis (id, person_id, from_month, category, base_amount, exemption, reduction_pct,
                 reduction_until, log_seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            &[
                id.into(),
                person_id.into(),
                b.from.to_string().into(),
                b.category.code().into(),
                b.base.into(),
                b.exemption.map(|e| e.code()).into(),
                b.reduction.map(|(p, _)| p).into(),
                b.reduction.map(|(_, u)| u.to_string()).into(),
                seq.into(),
            ],
        )?;
        Ok(())
    }

    /// Records a payment of one month's dues.
    pub fn insert_dues_payment(&mut self, person: &str, p: &Payment) -> Result<(), StoreError> {
        let person_id = self.require_person(person)?;
        let id = self.next_id("dues_payment")?;
        let seq = self.log_created("dues_payment", person.trim(), None, p)?;
        self.insert_owned(
            "dues_payment",
            &["id", "person_id", "month", "amount", "paid_on", "log_seq"],
            vec![
                id.into(),
                person_id.into(),
                p.month.to_string().into(),
                p.amount.into(),
                p.paid_on.into(),
                seq.into(),
            ],
        )
    }
}

/// Every payment, by person code then month (for the export).
pub fn all_payments(tx: &mut Tx<'_>) -> Result<Vec<(String, Payment)>, StoreError> {
    let rows = tx.query(
        "SELECT p.code, d.month, d.amount, d.paid_on FROM dues_payment d JOIN person p ON p.id = d.person_id
         ORDER BY p.code, d.month",
        &[],
    )?;
    rows.iter()
        .map(|r| Ok((r.text(0)?, Payment { month: month(&r.text(1)?)?, amount: r.int(2)?, paid_on: r.date(3)? })))
        .collect()
}

/// Every dues basis, by person code (for the export).
pub fn all_bases(tx: &mut Tx<'_>) -> Result<Vec<(String, Basis)>, StoreError> {
    let codes: Vec<String> = tx
        .query("SELECT DISTINCT p.code FROM dues_basis b JOIN person p ON p.id = b.person_id ORDER BY p.code", &[])?
        .iter()
        .map(|r| r.text(0))
        .collect::<Result<_, _>>()?;
    let mut out = Vec::new();
    for code in codes {
        for b in bases_of(tx, &code)? {
            out.push((code.clone(), b));
        }
    }
    Ok(out)
}
