//! The figures of party work at or under a unit over a period, counted from the membership
//! history (so that a register imported from files counts as one recorded step by step), the
//! transfers and the badges.

use serde::Serialize;
use tinhgon_domain::{Date, UnitCode};

use crate::sql::{Tx, Value};
use crate::StoreError;

/// Counts over `[from, to)`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct PeriodCounts {
    /// New members: probationary periods that begin a person's admission.
    pub admissions: i64,
    /// Probationary members recognized as full members.
    pub recognitions: i64,
    pub removals: i64,
    pub expulsions: i64,
    pub deaths: i64,
    /// Members who left at their own request.
    pub resignations: i64,
    /// Official transfers sent from a cell under the unit to one outside it (or outside the register).
    pub transfers_out: i64,
    /// Official transfers received in a cell under the unit from one outside it.
    pub transfers_in: i64,
    /// Transfers sent within the unit (between two of its cells).
    pub transfers_within: i64,
    pub badges: i64,
}

const SUB: &str = "WITH RECURSIVE sub(id) AS (
        SELECT id FROM unit WHERE code = $1
        UNION SELECT v.unit_id FROM unit_version v JOIN sub ON v.parent_id = sub.id
    )";

pub fn period(tx: &mut Tx<'_>, root: &UnitCode, from: Date, to: Date) -> Result<PeriodCounts, StoreError> {
    let p = [Value::from(root.as_str()), from.into(), to.into()];
    let mut one = |sql: &str| -> Result<i64, StoreError> { tx.query_one(&format!("{SUB} {sql}"), &p)?.int(0) };
    let started = |status: &str| {
        format!(
            "SELECT COUNT(*) FROM membership m WHERE m.unit_id IN (SELECT id FROM sub) AND m.status = '{status}'
             AND m.valid_from >= $2 AND m.valid_from < $3"
        )
    };
    Ok(PeriodCounts {
        admissions: one(
            "SELECT COUNT(*) FROM membership m WHERE m.unit_id IN (SELECT id FROM sub) AND m.status = 'probationary'
             AND m.valid_from >= $2 AND m.valid_from < $3
             AND NOT EXISTS (SELECT 1 FROM membership e WHERE e.person_id = m.person_id AND e.admitted_on = m.admitted_on
                             AND e.valid_from < m.valid_from)",
        )?,
        recognitions: one(
            "SELECT COUNT(*) FROM membership m WHERE m.unit_id IN (SELECT id FROM sub) AND m.status = 'official'
             AND m.valid_from >= $2 AND m.valid_from < $3 AND m.recognized_on = m.valid_from",
        )?,
        removals: one(&started("removed"))?,
        expulsions: one(&started("expelled"))?,
        deaths: one(&started("deceased"))?,
        resignations: one(&started("resigned"))?,
        transfers_out: one(
            "SELECT COUNT(*) FROM transfer t WHERE t.kind = 'official' AND t.sent_on >= $2 AND t.sent_on < $3
             AND t.from_cell_id IN (SELECT id FROM sub) AND (t.to_cell_id IS NULL OR t.to_cell_id NOT IN (SELECT id FROM sub))",
        )?,
        transfers_in: one(
            "SELECT COUNT(*) FROM transfer t WHERE t.kind = 'official' AND t.received_on >= $2 AND t.received_on < $3
             AND t.to_cell_id IN (SELECT id FROM sub) AND t.from_cell_id NOT IN (SELECT id FROM sub)",
        )?,
        transfers_within: one(
            "SELECT COUNT(*) FROM transfer t WHERE t.sent_on >= $2 AND t.sent_on < $3
             AND t.to_cell_id IN (SELECT id FROM sub) AND t.from_cell_id IN (SELECT id FROM sub)",
        )?,
        badges: one(
            "SELECT COUNT(*) FROM badge b WHERE b.awarded_on >= $2 AND b.awarded_on < $3 AND EXISTS (
                SELECT 1 FROM membership m WHERE m.person_id = b.person_id AND m.unit_id IN (SELECT id FROM sub)
                AND m.valid_from <= b.awarded_on AND (m.valid_to IS NULL OR m.valid_to > b.awarded_on))",
        )?,
    })
}
