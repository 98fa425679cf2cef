//! The grounds on which members left the party.

use serde::{Deserialize, Serialize};
use tinhgon_domain::party::leaving::Ground;
use tinhgon_domain::{Date, Decision};

use crate::log::Entry;
use crate::sql::Tx;
use crate::{StoreError, Writer};

/// A leaving as recorded.
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct LeavingRow {
    pub ground: Ground,
    pub left_on: Date,
    pub decision_no: String,
    pub decision_date: Date,
    pub note: Option<String>,
}

pub fn of_person(tx: &mut Tx<'_>, code: &str) -> Result<Vec<LeavingRow>, StoreError> {
    let rows = tx.query(
        "SELECT l.ground, l.left_on, l.decision_no, l.decision_date, l.note FROM leaving l
         JOIN person p ON p.id = l.person_id WHERE p.code = $1 ORDER BY l.left_on",
        &[code.trim().into()],
    )?;
    rows.iter().map(crate::Row::decode).collect()
}

impl Writer<'_, '_> {
    /// Records the ground of a member's leaving (the membership is ended by the caller).
    pub fn insert_leaving(
        &mut self,
        person: &str,
        ground: Ground,
        on: Date,
        decision: &Decision,
        note: Option<&str>,
    ) -> Result<(), StoreError> {
        let person_id = self.require_person(person)?;
        let id = self.next_id("leaving")?;
        let seq = self.log(
            Entry::new("leave", "leaving", person.trim())
                .by(Some(decision))
                .after(Some(serde_json::json!({ "ground": ground.code(), "on": on, "note": note }))),
        )?;
        self.tx.exec(
            "INSERT INTO leaving (id, person_id, ground, left_on, decision_no, decision_date, note, log_seq)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            &[
                id.into(),
                person_id.into(),
                ground.code().into(),
                on.into(),
                decision.number.to_string().into(),
                decision.date.into(),
                note.into(),
                seq.into(),
            ],
        )?;
        Ok(())
    }
}

/// Every leaving, by person code (for the export).
pub fn all(tx: &mut Tx<'_>) -> Result<Vec<(String, LeavingRow)>, StoreError> {
    let rows = tx.query(
        "SELECT p.code, l.ground, l.left_on, l.decision_no, l.decision_date, l.note FROM leaving l
         JOIN person p ON p.id = l.person_id ORDER BY l.left_on, p.code",
        &[],
    )?;
    rows.iter()
        .map(|r| {
            Ok((
                r.text(0)?,
                LeavingRow {
                    ground: Ground::parse(&r.text(1)?).map_err(|e| StoreError::Corrupt(e.to_string()))?,
                    left_on: r.date(2)?,
                    decision_no: r.text(3)?,
                    decision_date: r.date(4)?,
                    note: r.opt_text(5)?,
                },
            ))
        })
        .collect()
}
