//! Party badges awarded, and the membership history of everyone under a unit on a date (what the
//! lists of badges due and of work due are computed from).

use serde::{Deserialize, Serialize};
use tinhgon_domain::catalog::MemberStatus;
use tinhgon_domain::{Date, Decision, UnitCode, Validity};

use crate::log::Entry;
use crate::sql::Tx;
use crate::{StoreError, Writer};

/// A badge as recorded.
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct BadgeRow {
    pub person: String,
    pub years: i32,
    pub awarded_on: Date,
    pub decision_no: String,
    pub decision_date: Date,
    /// Why it was considered early, if it was.
    pub early: Option<String>,
}

/// person, years, awarded_on, decision_no, decision_date, early.
fn badge_row(r: &crate::sql::Row) -> Result<BadgeRow, StoreError> {
    r.decode()
}

pub fn of_person(tx: &mut Tx<'_>, code: &str) -> Result<Vec<BadgeRow>, StoreError> {
    let rows = tx.query(
        "SELECT p.code, b.years, b.awarded_on, b.decision_no, b.decision_date, b.early FROM badge b
         JOIN person p ON p.id = b.person_id WHERE p.code = $1 ORDER BY b.years",
        &[code.trim().into()],
    )?;
    rows.iter().map(badge_row).collect()
}

/// One membership period of someone under a unit.
#[derive(Clone, Debug)]
pub struct PeriodRow {
    pub person: String,
    pub name: String,
    pub cell: String,
    pub status: MemberStatus,
    pub validity: Validity,
    pub admitted_on: Date,
}

/// The people who belong on `$2` to a cell at or under the unit coded `$1`, as `here(person_id)`.
pub(crate) const HERE: &str = "WITH RECURSIVE sub(id) AS (
        SELECT id FROM unit WHERE code = $1
        UNION SELECT v.unit_id FROM unit_version v JOIN sub ON v.parent_id = sub.id
    ), here(person_id) AS (
        SELECT DISTINCT m.person_id FROM membership m
        WHERE m.unit_id IN (SELECT id FROM sub) AND m.valid_from <= $2 AND (m.valid_to IS NULL OR m.valid_to > $2)
    )";

/// Badges awarded, as (person code, years).
pub type Awarded = Vec<(String, i32)>;

/// Every membership period — their whole history — of the people who belong on `on` to a cell at
/// or under `root`, by person; with the badges each was awarded.
pub fn members_under(tx: &mut Tx<'_>, root: &UnitCode, on: Date) -> Result<(Vec<PeriodRow>, Awarded), StoreError> {
    let params = [root.as_str().into(), on.into()];
    let mut periods = Vec::new();
    tx.for_each_ref(
        &format!(
            "{HERE} SELECT p.code, p.full_name, u.code, m.status, m.valid_from, m.valid_to, m.admitted_on
             FROM membership m JOIN here h ON h.person_id = m.person_id JOIN person p ON p.id = m.person_id
             JOIN unit u ON u.id = m.unit_id ORDER BY p.code, m.valid_from"
        ),
        &params,
        |r| {
            periods.push(PeriodRow {
                person: r.str(0)?.to_string(),
                name: r.str(1)?.to_string(),
                cell: r.str(2)?.to_string(),
                status: MemberStatus::parse(r.str(3)?).map_err(|e| StoreError::Corrupt(e.to_string()))?,
                validity: Validity { from: r.date(4)?, to: r.opt_date(5)? },
                admitted_on: r.date(6)?,
            });
            Ok(())
        },
    )?;
    let mut badges = Vec::new();
    tx.for_each_ref(
        &format!("{HERE} SELECT p.code, b.years FROM badge b JOIN here h ON h.person_id = b.person_id JOIN person p ON p.id = b.person_id"),
        &params,
        |r| {
            badges.push((r.str(0)?.to_string(), r.int(1)? as i32));
            Ok(())
        },
    )?;
    Ok((periods, badges))
}

impl Writer<'_, '_> {
    /// Records a badge awarded by a decision.
    pub fn insert_badge(
        &mut self,
        person: &str,
        years: i32,
        awarded_on: Date,
        decision: &Decision,
        early: Option<&str>,
    ) -> Result<(), StoreError> {
        let person_id = self.require_person(person)?;
        let id = self.next_id("badge")?;
        let seq = self.log(
            Entry::new("award", "badge", person.trim())
                .by(Some(decision))
                .after(Some(serde_json::json!({ "years": years, "awarded_on": awarded_on, "early": early }))),
        )?;
        self.tx.exec(
            "INSERT INTO badge (id, person_id, years, awarded_on, decision_no, decision_date, early, log_seq)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            &[
                id.into(),
                person_id.into(),
                i64::from(years).into(),
                awarded_on.into(),
                decision.number.to_string().into(),
                decision.date.into(),
                early.into(),
                seq.into(),
            ],
        )?;
        Ok(())
    }
}

/// The codes of the units ever at or under `root`.
pub fn codes_under(tx: &mut Tx<'_>, root: &UnitCode) -> Result<std::collections::HashSet<String>, StoreError> {
    let mut out = std::collections::HashSet::new();
    tx.for_each_ref(
        "WITH RECURSIVE sub(id) AS (
            SELECT id FROM unit WHERE code = $1
            UNION SELECT v.unit_id FROM unit_version v JOIN sub ON v.parent_id = sub.id
        ) SELECT u.code FROM unit u JOIN sub ON sub.id = u.id",
        &[root.as_str().into()],
        |r| {
            out.insert(r.str(0)?.to_string());
            Ok(())
        },
    )?;
    Ok(out)
}

/// Every badge awarded, by person code (for the export).
pub fn all(tx: &mut Tx<'_>) -> Result<Vec<BadgeRow>, StoreError> {
    let rows = tx.query(
        "SELECT p.code, b.years, b.awarded_on, b.decision_no, b.decision_date, b.early FROM badge b
         JOIN person p ON p.id = b.person_id ORDER BY p.code, b.years",
        &[],
    )?;
    rows.iter().map(badge_row).collect()
}
