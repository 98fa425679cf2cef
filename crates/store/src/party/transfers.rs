//! Transfers of party activity, as recorded.

use serde::{Deserialize, Serialize};
use tinhgon_domain::party::transfer::{Kind, Scope};
use tinhgon_domain::{Date, UnitCode};

use crate::log::Entry;
use crate::sql::{Row, Tx};
use crate::{StoreError, Writer};

/// A transfer as recorded.
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct TransferRow {
    pub id: i64,
    pub person: String,
    pub person_name: String,
    pub kind: Kind,
    pub scope: Scope,
    pub from_cell: String,
    pub to_cell: Option<String>,
    pub destination: Option<String>,
    pub sent_on: Date,
    /// Official: the last day to present the letter; temporary: the day the member returns.
    pub due_on: Date,
    pub returns_on: Option<Date>,
    pub letter: String,
    pub reason: Option<String>,
    pub received_on: Option<Date>,
}

/// A new transfer, before it has an id.
pub struct NewTransfer<'a> {
    pub person: &'a str,
    pub kind: Kind,
    pub scope: Scope,
    pub from_cell: &'a UnitCode,
    pub to_cell: Option<&'a UnitCode>,
    pub destination: Option<&'a str>,
    pub sent_on: Date,
    pub due_on: Date,
    pub returns_on: Option<Date>,
    pub letter: &'a str,
    pub reason: Option<&'a str>,
    pub received_on: Option<Date>,
}

const SELECT: &str = "SELECT t.id, p.code, p.full_name, t.kind, t.scope, f.code, r.code, t.destination, t.sent_on,
        t.due_on, t.returns_on, t.letter_no, t.reason, t.received_on
    FROM transfer t JOIN person p ON p.id = t.person_id JOIN unit f ON f.id = t.from_cell_id
    LEFT JOIN unit r ON r.id = t.to_cell_id";

pub fn get(tx: &mut Tx<'_>, id: i64) -> Result<Option<TransferRow>, StoreError> {
    tx.query_opt(&format!("{SELECT} WHERE t.id = $1"), &[id.into()])?.as_ref().map(Row::decode).transpose()
}

pub fn of_person(tx: &mut Tx<'_>, code: &str) -> Result<Vec<TransferRow>, StoreError> {
    tx.query(&format!("{SELECT} WHERE p.code = $1 ORDER BY t.sent_on, t.id"), &[code.trim().into()])?
        .iter()
        .map(Row::decode)
        .collect()
}

/// Every transfer, newest first, for a caller to filter by reach.
pub fn all(tx: &mut Tx<'_>) -> Result<Vec<TransferRow>, StoreError> {
    tx.query(&format!("{SELECT} ORDER BY t.sent_on DESC, t.id DESC"), &[])?.iter().map(Row::decode).collect()
}

impl Writer<'_, '_> {
    /// Records a transfer; returns its id.
    pub fn insert_transfer(&mut self, t: &NewTransfer<'_>) -> Result<i64, StoreError> {
        let person = self.require_person(t.person)?;
        let from = self.require_unit(t.from_cell)?;
        let to = t.to_cell.map(|c| self.require_unit(c)).transpose()?;
        let id = self.next_id("transfer")?;
        let seq = self.log(Entry::new("send", "transfer", t.person.trim()).after(Some(serde_json::json!({
            "id": id, "kind": t.kind.code(), "scope": t.scope.code(), "from": t.from_cell.as_str(),
            "to": t.to_cell.map(|c| c.as_str()), "destination": t.destination, "sent_on": t.sent_on,
            "due_on": t.due_on, "returns_on": t.returns_on, "letter": t.letter, "reason": t.reason,
            "received_on": t.received_on,
        }))))?;
        self.tx.exec(
            "INSERT INTO transfer (id, person_id, kind, scope, from_cell_id, to_cell_id, destination, sent_on, due_on,
                 returns_on, letter_no, reason, received_on, log_seq)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
            &[
                id.into(),
                person.into(),
                t.kind.code().into(),
                t.scope.code().into(),
                from.into(),
                to.into(),
                t.destination.into(),
                t.sent_on.into(),
                t.due_on.into(),
                t.returns_on.into(),
                t.letter.trim().into(),
                t.reason.into(),
                t.received_on.into(),
                seq.into(),
            ],
        )?;
        Ok(id)
    }

    /// Marks a transfer received on a date.
    pub fn receive_transfer(&mut self, t: &TransferRow, on: Date) -> Result<(), StoreError> {
        let seq = self.log(
            Entry::new("receive", "transfer", t.person.trim())
                .before(serde_json::to_value(t).ok())
                .after(Some(serde_json::json!({ "id": t.id, "received_on": on }))),
        )?;
        self.tx.exec(
            "UPDATE transfer SET received_on = $1, log_seq = $2 WHERE id = $3",
            &[on.into(), seq.into(), t.id.into()],
        )?;
        Ok(())
    }
}
