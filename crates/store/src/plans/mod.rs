//! Restructuring plans in the register: stored as drafts, read into a [`Snapshot`] for a run,
//! applied in the caller's transaction with every row recorded in `plan_row`, and reverted from
//! those records exactly. Also the rule values plans are judged by.

use std::collections::{BTreeSet, HashMap, HashSet};

use serde::Serialize;
use tinhgon_domain::catalog::{MemberStatus, Rank, StaffCategory, UnitKind};
use tinhgon_domain::plan::{Changeset, Count, MemberNow, Op, Plan, PostNow, Snapshot, UnitNow, Wanted};
use tinhgon_domain::register::{Assignment, Membership, Quota, UnitVersion};
use tinhgon_domain::rules::{self, RuleBook, RuleKey, RuleValue};
use tinhgon_domain::{Date, Decision, DocumentNumber, UnitCode, Validity};

use crate::corrupt;
use crate::log::Entry;
use crate::people::{
    assignment_values, membership_values, quota_values, ASSIGNMENT_COLUMNS, MEMBERSHIP_COLUMNS, QUOTA_COLUMNS,
};
use crate::sql::{marks, Row, Tx, Value};
use crate::units::{decision_from, version_from_row, version_values, SELECT_VERSION, VERSION_COLUMNS};
use crate::{StoreError, Writer};

pub use tinhgon_domain::plan::PlanStatus;

fn status(s: &str) -> Result<PlanStatus, StoreError> {
    PlanStatus::parse(s).map_err(corrupt)
}

/// A plan as stored.
#[derive(Clone, Debug, Serialize)]
pub struct StoredPlan {
    pub id: i64,
    pub plan: Plan,
    pub status: PlanStatus,
    pub created_at: String,
    /// The change-log entries of the application in force.
    pub applied: Option<(i64, i64)>,
}

/// A line of the plan list.
#[derive(Clone, Debug, Serialize)]
pub struct PlanLine {
    pub id: i64,
    pub name: String,
    pub decision: Decision,
    pub effective: Date,
    pub status: PlanStatus,
    pub ops: i64,
}

pub(super) const SELECT_PLAN: &str =
    "SELECT id, name, decision_no, decision_date, effective, surplus_years, baseline_year,
        target_cut, status, created_at, applied_from, applied_to FROM plan";

pub(super) fn header(r: &Row) -> Result<(Plan, PlanStatus), StoreError> {
    let decision = Decision { number: DocumentNumber::parse(r.str(2)).map_err(corrupt)?, date: r.date(3)? };
    Ok((
        Plan {
            name: r.text(1)?,
            decision,
            effective: r.date(4)?,
            surplus_years: r.int(5)? as u32,
            baseline_year: r.opt_int(6)?.map(|y| y as i32),
            target_cut: r.opt_int(7)?.map(|t| t as u32),
            ops: Vec::new(),
        },
        status(r.str(8))?,
    ))
}

/// Every plan, newest first.
pub fn list(tx: &mut Tx<'_>) -> Result<Vec<PlanLine>, StoreError> {
    let rows = tx.query(&format!("{SELECT_PLAN} ORDER BY id DESC"), &[])?;
    let counts: HashMap<i64, i64> = tx
        .query("SELECT plan_id, COUNT(*) FROM plan_op GROUP BY plan_id", &[])?
        .iter()
        .map(|r| Ok((r.int(0)?, r.int(1)?)))
        .collect::<Result<_, StoreError>>()?;
    rows.iter()
        .map(|r| {
            let id = r.int(0)?;
            let (p, status) = header(r)?;
            Ok(PlanLine {
                id,
                name: p.name,
                decision: p.decision,
                effective: p.effective,
                status,
                ops: counts.get(&id).copied().unwrap_or(0),
            })
        })
        .collect()
}

/// One plan with its operations.
pub fn get(tx: &mut Tx<'_>, id: i64) -> Result<Option<StoredPlan>, StoreError> {
    let Some(r) = tx.query_opt(&format!("{SELECT_PLAN} WHERE id = $1"), &[id.into()])? else {
        return Ok(None);
    };
    let (mut plan, status) = header(&r)?;
    tx.for_each("SELECT op_json FROM plan_op WHERE plan_id = $1 ORDER BY ord", &[id.into()], |o| {
        plan.ops.push(serde_json::from_str::<Op>(o.str(0)).map_err(corrupt)?);
        Ok(())
    })?;
    let applied = match (r.opt_int(10)?, r.opt_int(11)?) {
        (Some(a), Some(b)) if status == PlanStatus::Applied => Some((a, b)),
        _ => None,
    };
    Ok(Some(StoredPlan { id, plan, status, created_at: r.text(9)?, applied }))
}

/// The rule values, every one with its interval and source.
pub fn rules(tx: &mut Tx<'_>) -> Result<RuleBook, StoreError> {
    let mut values = Vec::new();
    tx.for_each(
        "SELECT rule, value, valid_from, valid_to, source FROM rule_value ORDER BY rule, valid_from",
        &[],
        |r| {
            values.push(RuleValue {
                key: RuleKey::parse(r.str(0)).map_err(corrupt)?,
                value: r.int(1)?,
                validity: Validity { from: r.date(2)?, to: r.opt_date(3)? },
                source: r.text(4)?,
            });
            Ok(())
        },
    )?;
    Ok(RuleBook::new(values))
}

pub(crate) fn seed_rules(tx: &mut Tx<'_>) -> Result<(), StoreError> {
    for (i, v) in rules::defaults().iter().enumerate() {
        insert_default(tx, i as i64 + 1, v)?;
    }
    Ok(())
}

/// A default value of a rule, as the register's row `id` (logged as part of the schema, entry 0).
fn insert_default(tx: &mut Tx<'_>, id: i64, v: &RuleValue) -> Result<(), StoreError> {
    tx.exec(
        "INSERT INTO rule_value (id, rule, value, valid_from, valid_to, source, log_seq)
         VALUES ($1, $2, $3, $4, $5, $6, 0)",
        &[
            id.into(),
            v.key.code().into(),
            v.value.into(),
            v.validity.from.into(),
            v.validity.to.into(),
            v.source.as_str().into(),
        ],
    )?;
    Ok(())
}

/// Adds the default values of the rules a register does not hold yet (rules tinhgon learned after
/// the register was made), numbered after the values it holds.
pub(crate) fn seed_missing_rules(tx: &mut Tx<'_>) -> Result<(), StoreError> {
    let mut next = tx.query_one("SELECT COALESCE(MAX(id), 0) FROM rule_value", &[])?.int(0)? + 1;
    // The rules held before any is added: a new rule may come with several dated values.
    let mut held = BTreeSet::new();
    for r in tx.query("SELECT DISTINCT rule FROM rule_value", &[])? {
        held.insert(r.text(0)?);
    }
    for v in rules::defaults() {
        if held.contains(v.key.code()) {
            continue;
        }
        insert_default(tx, next, &v)?;
        next += 1;
    }
    Ok(())
}

/// The ids of rows of `table` (`unit` or `person`) by code, asked in batches.
pub(super) fn ids(tx: &mut Tx<'_>, table: &str, codes: &BTreeSet<&str>) -> Result<HashMap<String, i64>, StoreError> {
    let codes: Vec<&str> = codes.iter().copied().collect();
    let mut out = HashMap::new();
    for batch in codes.chunks(500) {
        let sql = format!("SELECT code, id FROM {table} WHERE code IN ({})", marks(batch.len()));
        let params: Vec<Value> = batch.iter().map(|c| (*c).into()).collect();
        for r in tx.query(&sql, &params)? {
            out.insert(r.text(0)?, r.int(1)?);
        }
    }
    Ok(out)
}

/// What the rows a plan ends held before (valid_to, log_seq), asked in batches.
pub(super) fn stamps(
    tx: &mut Tx<'_>,
    table: &'static str,
    rows: &[i64],
) -> Result<HashMap<(&'static str, i64), [Value; 2]>, StoreError> {
    let mut out = HashMap::new();
    for batch in rows.chunks(500) {
        let sql = format!("SELECT id, valid_to, log_seq FROM {table} WHERE id IN ({})", marks(batch.len()));
        let params: Vec<Value> = batch.iter().map(|r| (*r).into()).collect();
        for r in tx.query(&sql, &params)? {
            out.insert((table, r.int(0)?), [r.opt_text(1)?.into(), r.int(2)?.into()]);
        }
    }
    Ok(out)
}

pub(super) fn later(a: Date, b: Option<Date>) -> Date {
    b.map_or(a, |b| a.max(b))
}

mod apply;
mod reports;
mod revert;
mod snapshot;

pub use apply::{Applied, Dependent, Reverted};
pub use reports::{over_cap, staffing_cut, OverCap, StaffingCut};
pub use snapshot::snapshot;
