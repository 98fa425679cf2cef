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

use crate::log::Entry;
use crate::people::{
    assignment_values, membership_values, quota_values, ASSIGNMENT_COLUMNS, MEMBERSHIP_COLUMNS, QUOTA_COLUMNS,
};
use crate::sql::{marks, Row, Tx, Value};
use crate::units::{decision_from, version_from_row, version_values, SELECT_VERSION, VERSION_COLUMNS};
use crate::{StoreError, Writer};

fn corrupt<E: std::fmt::Display>(e: E) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

/// Where a plan stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanStatus {
    Draft,
    Applied,
    Reverted,
}

impl PlanStatus {
    pub fn code(self) -> &'static str {
        match self {
            PlanStatus::Draft => "draft",
            PlanStatus::Applied => "applied",
            PlanStatus::Reverted => "reverted",
        }
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            PlanStatus::Draft => "Dự thảo",
            PlanStatus::Applied => "Đã thực hiện",
            PlanStatus::Reverted => "Đã hoàn tác",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            PlanStatus::Draft => "Draft",
            PlanStatus::Applied => "Applied",
            PlanStatus::Reverted => "Reverted",
        }
    }

    fn parse(s: &str) -> Result<PlanStatus, StoreError> {
        match s {
            "draft" => Ok(PlanStatus::Draft),
            "applied" => Ok(PlanStatus::Applied),
            "reverted" => Ok(PlanStatus::Reverted),
            other => Err(corrupt(format!("plan status {other}"))),
        }
    }
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

const SELECT_PLAN: &str = "SELECT id, name, decision_no, decision_date, effective, surplus_years, baseline_year,
        target_cut, status, created_at, applied_from, applied_to FROM plan";

fn header(r: &Row) -> Result<(Plan, PlanStatus), StoreError> {
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
        PlanStatus::parse(r.str(8))?,
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
        tx.exec(
            "INSERT INTO rule_value (id, rule, value, valid_from, valid_to, source, log_seq)
             VALUES ($1, $2, $3, $4, $5, $6, 0)",
            &[
                (i as i64 + 1).into(),
                v.key.code().into(),
                v.value.into(),
                v.validity.from.into(),
                v.validity.to.into(),
                v.source.as_str().into(),
            ],
        )?;
    }
    Ok(())
}

/// The ids of rows of `table` (`unit` or `person`) by code, asked in batches.
fn ids(tx: &mut Tx<'_>, table: &str, codes: &BTreeSet<&str>) -> Result<HashMap<String, i64>, StoreError> {
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
fn stamps(
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

fn later(a: Date, b: Option<Date>) -> Date {
    b.map_or(a, |b| a.max(b))
}

/// The register as it stands on the plan's effective date, with what the plan needs of it.
/// `progress` hears a line per step.
pub fn snapshot(tx: &mut Tx<'_>, plan: &Plan, progress: &mut dyn FnMut(&str)) -> Result<Snapshot, StoreError> {
    let on = plan.effective;
    let mut snap = Snapshot::default();
    let mut by_id: HashMap<i64, UnitCode> = HashMap::new();
    // The latest date anything about a unit's versions changes.
    let mut last: HashMap<i64, Date> = HashMap::new();
    tx.for_each_ref("SELECT unit_id, MAX(valid_from), MAX(valid_to) FROM unit_version GROUP BY unit_id", &[], |r| {
        last.insert(r.int(0)?, later(r.date(1)?, r.opt_date(2)?));
        Ok(())
    })?;
    let sql =
        format!("{} WHERE v.valid_from <= $1 AND (v.valid_to IS NULL OR v.valid_to > $1)", select_version_with_unit());
    tx.for_each(&sql, &[on.into()], |r| {
        let v = version_from_row(&r)?;
        let unit_id = r.int(12)?;
        by_id.insert(unit_id, v.code.clone());
        let last_change = last.get(&unit_id).copied().unwrap_or(v.validity.from);
        snap.units.insert(v.code.clone(), UnitNow { row: r.int(11)?, version: v, last_change });
        Ok(())
    })?;
    progress(&format!("{} đơn vị có hiệu lực / units in force", snap.units.len()));
    let wanted: Wanted = plan.wanted(&snap.units);
    let post_codes: BTreeSet<&str> = wanted.posts.iter().map(UnitCode::as_str).collect();
    let unit_ids = ids(tx, "unit", &post_codes)?;
    let id_list: Vec<i64> = unit_ids.values().copied().collect();
    let member_cells: HashSet<i64> = wanted.members.iter().filter_map(|c| unit_ids.get(c.as_str()).copied()).collect();
    let mut row_dates: HashMap<UnitCode, Date> = HashMap::new();
    for batch in id_list.chunks(500) {
        let rows = dated_rows(tx, "assignment", "x.title, x.rank, x.is_primary", batch, &by_id, &mut row_dates)?;
        for (r, unit, validity) in rows {
            if !validity.contains(on) {
                continue;
            }
            snap.posts.entry(unit.clone()).or_default().push(PostNow {
                row: r.int(0)?,
                assignment: Assignment {
                    person: r.text(1)?,
                    unit,
                    title: r.text(3)?,
                    rank: Rank::parse(r.str(4)).map_err(corrupt)?,
                    primary: r.bool(5)?,
                    validity,
                    decision: decision_from(r.opt_text(8)?, r.opt_date(9)?),
                },
            });
        }
        let cells: Vec<i64> = batch.iter().copied().filter(|i| member_cells.contains(i)).collect();
        if cells.is_empty() {
            continue;
        }
        let rows =
            dated_rows(tx, "membership", "x.status, x.admitted_on, x.recognized_on", &cells, &by_id, &mut row_dates)?;
        for (r, unit, validity) in rows {
            let status = MemberStatus::parse(r.str(3)).map_err(corrupt)?;
            if !validity.contains(on) || !matches!(status, MemberStatus::Official | MemberStatus::Probationary) {
                continue;
            }
            snap.members.entry(unit.clone()).or_default().push(MemberNow {
                row: r.int(0)?,
                membership: Membership {
                    person: r.text(1)?,
                    unit,
                    status,
                    admitted_on: r.date(4)?,
                    recognized_on: r.opt_date(5)?,
                    validity,
                    decision: decision_from(r.opt_text(8)?, r.opt_date(9)?),
                },
            });
        }
    }
    for (unit, d) in row_dates {
        if let Some(u) = snap.units.get_mut(&unit) {
            u.last_change = u.last_change.max(d);
        }
    }
    for list in snap.posts.values_mut() {
        list.sort_by(|a, b| (a.assignment.rank, &a.assignment.person).cmp(&(b.assignment.rank, &b.assignment.person)));
    }
    for list in snap.members.values_mut() {
        list.sort_by(|a, b| a.membership.person.cmp(&b.membership.person));
    }
    progress(&format!(
        "chức danh của {} đơn vị, đảng viên của {} chi bộ / positions of units, members of cells",
        snap.posts.len(),
        snap.members.len()
    ));
    tx.for_each_ref(
        "SELECT unit_id, status, COUNT(*) FROM membership
         WHERE valid_from <= $1 AND (valid_to IS NULL OR valid_to > $1) AND status IN ('official', 'probationary')
         GROUP BY unit_id, status",
        &[on.into()],
        |r| {
            if let Some(code) = by_id.get(&r.int(0)?) {
                let n = r.int(2)? as u32;
                let c = snap.cell_counts.entry(code.clone()).or_insert(Count::default());
                c.all += n;
                if r.str(1)? == "official" {
                    c.official += n;
                }
            }
            Ok(())
        },
    )?;
    let people: BTreeSet<&str> = wanted.people.iter().map(String::as_str).collect();
    let person_ids = ids(tx, "person", &people)?;
    snap.people = person_ids.keys().cloned().collect();
    let by_person: HashMap<i64, String> = person_ids.into_iter().map(|(code, id)| (id, code)).collect();
    for batch in by_person.keys().copied().collect::<Vec<i64>>().chunks(500) {
        let mut params: Vec<Value> = vec![on.into()];
        params.extend(batch.iter().map(|id| Value::from(*id)));
        // The marks of the list follow the date's ($1).
        let shifted = (2..=batch.len() + 1).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ");
        let sql = format!(
            "SELECT a.person_id, u.code FROM assignment a JOIN unit u ON u.id = a.unit_id
             WHERE a.is_primary = 1 AND a.valid_from <= $1 AND (a.valid_to IS NULL OR a.valid_to > $1)
               AND a.person_id IN ({shifted})"
        );
        for r in tx.query(&sql, &params)? {
            if let (Some(code), Ok(unit)) = (by_person.get(&r.int(0)?), UnitCode::parse(r.str(1))) {
                snap.main_jobs.entry(code.clone()).or_default().push(unit);
            }
        }
        let sql = format!(
            "SELECT DISTINCT person_id FROM membership
             WHERE status IN ('probationary', 'official') AND valid_from <= $1 AND (valid_to IS NULL OR valid_to > $1)
               AND person_id IN ({shifted})"
        );
        for r in tx.query(&sql, &params)? {
            if let Some(code) = by_person.get(&r.int(0)?) {
                snap.active_members.insert(code.clone());
            }
        }
    }
    for batch in id_list.chunks(500) {
        let mut params: Vec<Value> = vec![on.year().into()];
        params.extend(batch.iter().map(|i| Value::from(*i)));
        let sql = format!(
            "SELECT unit_id, year, category, quota, decision_no, decision_date FROM quota
             WHERE year = $1 AND unit_id IN ({})",
            (2..batch.len() + 2).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
        );
        for r in tx.query(&sql, &params)? {
            let Some(unit) = by_id.get(&r.int(0)?).cloned() else { continue };
            snap.quotas.entry(unit.clone()).or_default().push(Quota {
                unit,
                year: r.int(1)? as i32,
                category: StaffCategory::parse(r.str(2)).map_err(corrupt)?,
                quota: r.int(3)? as u32,
                decision: decision_from(r.opt_text(4)?, r.opt_date(5)?),
            });
        }
    }
    Ok(snap)
}

/// The rows of `table` (membership or assignment) in the given units — id, person code, unit id, three
/// `columns`, validity, decision — with their unit and validity; notes in `dates` the latest day each
/// unit's rows begin or end.
fn dated_rows(
    tx: &mut Tx<'_>,
    table: &str,
    columns: &str,
    units: &[i64],
    by_id: &HashMap<i64, UnitCode>,
    dates: &mut HashMap<UnitCode, Date>,
) -> Result<Vec<(Row, UnitCode, Validity)>, StoreError> {
    let params: Vec<Value> = units.iter().map(|i| (*i).into()).collect();
    let sql = format!(
        "SELECT x.id, p.code, x.unit_id, {columns}, x.valid_from, x.valid_to, x.decision_no, x.decision_date
         FROM {table} x JOIN person p ON p.id = x.person_id WHERE x.unit_id IN ({})",
        marks(units.len())
    );
    let mut out = Vec::new();
    for r in tx.query(&sql, &params)? {
        let Some(unit) = by_id.get(&r.int(2)?).cloned() else { continue };
        let validity = Validity { from: r.date(6)?, to: r.opt_date(7)? };
        let d = dates.entry(unit.clone()).or_insert(validity.from);
        *d = (*d).max(later(validity.from, validity.to));
        out.push((r, unit, validity));
    }
    Ok(out)
}

/// The version query with the unit's id after the version's (columns 11 and 12).
fn select_version_with_unit() -> String {
    SELECT_VERSION.replacen(", v.id", ", v.id, v.unit_id", 1)
}

/// A row a plan wrote, as the change log shows it (`entity` empty for a unit's identity row),
/// with the unit it belongs to.
struct Described {
    entity: &'static str,
    key: String,
    json: serde_json::Value,
    unit: Option<i64>,
}

/// What applying a plan wrote.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Applied {
    pub rows: u64,
    pub log_from: i64,
    pub log_to: i64,
}

/// A later change that depends on a plan's rows, so the plan cannot be undone.
#[derive(Clone, Debug, Serialize)]
pub struct Dependent {
    pub seq: Option<i64>,
    pub what: String,
}

/// What reverting found or did.
#[derive(Clone, Debug, Serialize)]
pub enum Reverted {
    Done { rows: u64 },
    Blocked { dependents: Vec<Dependent> },
}

fn plan_log(p: &Plan) -> serde_json::Value {
    serde_json::json!({
        "name": p.name,
        "decision": p.decision,
        "effective": p.effective,
        "surplus_years": p.surplus_years,
        "baseline_year": p.baseline_year,
        "target_cut": p.target_cut,
        "ops": p.ops.len(),
    })
}

/// A plan's particulars as the columns `id` to `target_cut` hold them.
fn header_values(id: i64, plan: &Plan) -> Vec<Value> {
    vec![
        id.into(),
        plan.name.trim().into(),
        plan.decision.number.to_string().into(),
        plan.decision.date.into(),
        plan.effective.into(),
        i64::from(plan.surplus_years).into(),
        plan.baseline_year.map(i64::from).into(),
        plan.target_cut.map(i64::from).into(),
    ]
}

const NONE: [Value; 5] = [Value::Null, Value::Null, Value::Null, Value::Null, Value::Null];

/// Remembers a written row for the undo.
struct RowLog {
    plan: i64,
    seq: i64,
    /// What rows about to be ended hold now (valid_to, log_seq), read ahead in batches.
    stamps: HashMap<(&'static str, i64), [Value; 2]>,
}

impl Writer<'_, '_> {
    /// Stores a new draft plan.
    pub fn create_plan(&mut self, plan: &Plan, created_at: &str) -> Result<i64, StoreError> {
        let id = self.next_id("plan")?;
        self.log(Entry {
            action: "create",
            entity: "plan",
            key: &id.to_string(),
            decision: Some(&plan.decision),
            before: None,
            after: Some(plan_log(plan)),
        })?;
        self.tx.exec(
            "INSERT INTO plan (id, name, decision_no, decision_date, effective, surplus_years, baseline_year,
                               target_cut, status, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'draft', $9)",
            &[header_values(id, plan), vec![created_at.into()]].concat(),
        )?;
        self.write_ops(id, &plan.ops)?;
        Ok(id)
    }

    /// Replaces a draft plan's particulars and operations. Applied plans are not edited.
    pub fn update_plan(&mut self, id: i64, plan: &Plan) -> Result<(), StoreError> {
        let Some(old) = get(self.tx, id)? else {
            return Err(StoreError::Conflict(format!("no plan {id}")));
        };
        if old.status == PlanStatus::Applied {
            return Err(StoreError::Conflict(format!("plan {id} is applied; revert it before editing")));
        }
        self.log(Entry {
            action: "update",
            entity: "plan",
            key: &id.to_string(),
            decision: Some(&plan.decision),
            before: Some(plan_log(&old.plan)),
            after: Some(plan_log(plan)),
        })?;
        self.tx.exec(
            "UPDATE plan SET name = $2, decision_no = $3, decision_date = $4, effective = $5, surplus_years = $6,
                             baseline_year = $7, target_cut = $8 WHERE id = $1",
            &header_values(id, plan),
        )?;
        self.tx.exec("DELETE FROM plan_op WHERE plan_id = $1", &[id.into()])?;
        self.write_ops(id, &plan.ops)
    }

    fn write_ops(&mut self, id: i64, ops: &[Op]) -> Result<(), StoreError> {
        for (i, op) in ops.iter().enumerate() {
            let json = serde_json::to_string(op).map_err(corrupt)?;
            self.insert_row(
                "plan_op",
                &["plan_id", "ord", "op_json"],
                &[id.into(), (i as i64 + 1).into(), json.into()],
            )?;
        }
        Ok(())
    }

    fn record(
        &mut self,
        rl: &mut RowLog,
        tbl: &str,
        row: i64,
        action: &str,
        old: [Value; 5],
    ) -> Result<(), StoreError> {
        rl.seq += 1;
        let [valid_to, log_seq, quota, dno, ddate] = old;
        self.insert_row(
            "plan_row",
            &[
                "plan_id",
                "seq",
                "tbl",
                "row_id",
                "action",
                "old_valid_to",
                "old_log_seq",
                "old_quota",
                "old_decision_no",
                "old_decision_date",
            ],
            &[
                rl.plan.into(),
                rl.seq.into(),
                tbl.into(),
                row.into(),
                action.into(),
                valid_to,
                log_seq,
                quota,
                dno,
                ddate,
            ],
        )
    }

    /// Logs the end of a row (`what` as it stood, ending at `on`) and ends it, remembering what the
    /// row held.
    fn end_logged<T: Serialize>(
        &mut self,
        rl: &mut RowLog,
        (tbl, entity, key): (&'static str, &'static str, &str),
        row: i64,
        what: &T,
        on: Date,
        decision: Option<&Decision>,
    ) -> Result<(), StoreError> {
        let before = serde_json::to_value(what).ok();
        let mut after = before.clone();
        if let Some(v) = after.as_mut().and_then(|a| a.get_mut("validity")).and_then(|v| v.as_object_mut()) {
            v.insert("to".into(), serde_json::to_value(on).map_err(corrupt)?);
        }
        let seq = self.log(Entry { action: "end", entity, key, decision, before, after })?;
        let [valid_to, log_seq] = match rl.stamps.remove(&(tbl, row)) {
            Some(s) => s,
            None => stamps(self.tx, tbl, &[row])?
                .remove(&(tbl, row))
                .ok_or_else(|| StoreError::Corrupt(format!("no row {row} in {tbl}")))?,
        };
        self.record(rl, tbl, row, "end", [valid_to, log_seq, Value::Null, Value::Null, Value::Null])?;
        self.end_row(tbl, row, on, seq)
    }

    /// Logs a new row (`what`), inserts the values `values(id, log_seq)` gives, and remembers it.
    fn insert_logged<T: Serialize>(
        &mut self,
        rl: &mut RowLog,
        (tbl, entity, key): (&'static str, &'static str, &str),
        columns: &[&'static str],
        what: &T,
        decision: Option<&Decision>,
        values: impl FnOnce(i64, i64) -> Result<Vec<Value>, StoreError>,
    ) -> Result<(), StoreError> {
        let seq = self.log(Entry {
            action: "create",
            entity,
            key,
            decision,
            before: None,
            after: serde_json::to_value(what).ok(),
        })?;
        let row = self.next_id(tbl)?;
        self.insert_row(tbl, columns, &values(row, seq)?)?;
        self.record(rl, tbl, row, "insert", NONE)
    }

    /// Writes a plan's changes on its effective date, each row logged with the plan's decision and
    /// recorded for the undo. The caller has run the plan on a snapshot taken in this transaction.
    pub fn apply_plan(
        &mut self,
        id: i64,
        plan: &Plan,
        changes: &Changeset,
        surplus: &[tinhgon_domain::plan::Surplus],
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<Applied, StoreError> {
        let status = get(self.tx, id)?.map(|p| p.status);
        if status != Some(PlanStatus::Draft) && status != Some(PlanStatus::Reverted) {
            return Err(StoreError::Conflict(format!("plan {id} is not a draft")));
        }
        let on = plan.effective;
        let decision = Some(&plan.decision);
        let first_seq = self.head.0 + 1;
        let mut rl = RowLog {
            stamps: HashMap::new(),
            plan: id,
            seq: self
                .tx
                .query_one("SELECT COALESCE(MAX(seq), 0) FROM plan_row WHERE plan_id = $1", &[id.into()])?
                .int(0)?,
        };
        let first_row = rl.seq;
        let total = changes.size() as u64;
        let mut done = 0u64;
        // Progress about every hundredth of the way, and at the end.
        let step = (total / 100).max(1_000);
        let mut tick = |n: u64, progress: &mut dyn FnMut(u64, u64)| {
            done += n;
            if done % step < n || done == total {
                progress(done, total);
            }
        };
        // Unit ids for every code named, creating the identity rows of new units.
        let mut codes: BTreeSet<&str> = BTreeSet::new();
        for c in &changes.units {
            for v in c.before.iter().chain(c.after.iter()) {
                codes.insert(v.code.as_str());
                codes.extend(v.parent.iter().chain(v.led_by.iter()).map(UnitCode::as_str));
            }
        }
        codes.extend(changes.members.iter().map(|m| m.after.unit.as_str()));
        codes.extend(changes.posts.iter().filter_map(|p| p.after.as_ref()).map(|a| a.unit.as_str()));
        codes.extend(changes.quotas.iter().map(|q| q.unit.as_str()));
        codes.extend(surplus.iter().map(|s| s.unit.as_str()));
        let mut unit_ids = ids(self.tx, "unit", &codes)?;
        // What the ended rows hold now, read in batches; then every insert and ending is held
        // back and written together.
        let ended: [(&'static str, Vec<i64>); 3] = [
            ("unit_version", changes.units.iter().filter(|c| c.before.is_some()).filter_map(|c| c.row).collect()),
            ("membership", changes.members.iter().map(|m| m.row).collect()),
            ("assignment", changes.posts.iter().filter_map(|p| p.before.as_ref().map(|b| b.0)).collect()),
        ];
        for (tbl, rows) in ended {
            rl.stamps.extend(stamps(self.tx, tbl, &rows)?);
        }
        self.defer();
        for c in &changes.units {
            if let (None, Some(a)) = (&c.before, &c.after) {
                if !unit_ids.contains_key(a.code.as_str()) {
                    let uid = self.next_id("unit")?;
                    self.insert_row("unit", &["id", "code"], &[uid.into(), a.code.as_str().into()])?;
                    self.record(&mut rl, "unit", uid, "insert", NONE)?;
                    unit_ids.insert(a.code.as_str().to_string(), uid);
                }
            }
        }
        let uid = |code: &UnitCode| {
            unit_ids.get(code.as_str()).copied().ok_or_else(|| StoreError::Conflict(format!("unknown unit {code}")))
        };
        for c in &changes.units {
            if let (Some(row), Some(b)) = (c.row, &c.before) {
                self.end_logged(&mut rl, ("unit_version", "unit", b.code.as_str()), row, b, on, decision)?;
                tick(1, progress);
            }
        }
        for a in changes.units.iter().filter_map(|c| c.after.as_ref()) {
            let parent = a.parent.as_ref().map(&uid).transpose()?;
            let led_by = a.led_by.as_ref().map(&uid).transpose()?;
            let unit = uid(&a.code)?;
            self.insert_logged(
                &mut rl,
                ("unit_version", "unit", a.code.as_str()),
                VERSION_COLUMNS,
                a,
                decision,
                |row, seq| Ok(version_values([row, unit, seq], parent, led_by, a)),
            )?;
            tick(1, progress);
        }
        let mut people: BTreeSet<&str> = changes.members.iter().map(|m| m.after.person.as_str()).collect();
        people.extend(changes.posts.iter().filter_map(|p| p.after.as_ref()).map(|a| a.person.as_str()));
        let person_ids = ids(self.tx, "person", &people)?;
        let pid = |code: &str| {
            person_ids.get(code).copied().ok_or_else(|| StoreError::Conflict(format!("unknown person {code}")))
        };
        for m in &changes.members {
            let key = m.before.person.as_str();
            self.end_logged(&mut rl, ("membership", "membership", key), m.row, &m.before, on, decision)?;
            let (person, unit) = (pid(&m.after.person)?, uid(&m.after.unit)?);
            self.insert_logged(
                &mut rl,
                ("membership", "membership", key),
                MEMBERSHIP_COLUMNS,
                &m.after,
                decision,
                |row, seq| Ok(membership_values(row, person, unit, &m.after, seq)),
            )?;
            tick(2, progress);
        }
        for p in &changes.posts {
            if let Some((row, b)) = &p.before {
                self.end_logged(&mut rl, ("assignment", "assignment", b.person.as_str()), *row, b, on, decision)?;
                tick(1, progress);
            }
            if let Some(a) = &p.after {
                let (person, unit) = (pid(&a.person)?, uid(&a.unit)?);
                let key = ("assignment", "assignment", a.person.as_str());
                self.insert_logged(&mut rl, key, ASSIGNMENT_COLUMNS, a, decision, |row, seq| {
                    Ok(assignment_values(row, person, unit, a, seq))
                })?;
                tick(1, progress);
            }
        }
        self.flush()?;
        for q in &changes.quotas {
            self.plan_quota(&mut rl, uid(&q.unit)?, q)?;
            tick(1, progress);
        }
        for s in surplus {
            self.tx.exec(
                "DELETE FROM plan_surplus WHERE plan_id = $1 AND unit_id = $2",
                &[id.into(), uid(&s.unit)?.into()],
            )?;
            self.insert_row(
                "plan_surplus",
                &["plan_id", "unit_id", "deputies", "cap", "deadline"],
                &[
                    id.into(),
                    uid(&s.unit)?.into(),
                    i64::from(s.deputies).into(),
                    i64::from(s.cap).into(),
                    s.deadline.into(),
                ],
            )?;
        }
        let rows = rl.seq - first_row;
        let last = self.log(Entry {
            action: "apply",
            entity: "plan",
            key: &id.to_string(),
            decision,
            before: None,
            after: Some(serde_json::json!({
                "effective": on,
                "units": changes.units.len(),
                "members": changes.members.len(),
                "positions": changes.posts.len(),
                "quotas": changes.quotas.len(),
            })),
        })?;
        self.tx.exec(
            "UPDATE plan SET status = 'applied', applied_from = $2, applied_to = $3, reverted_to = NULL WHERE id = $1",
            &[id.into(), first_seq.into(), last.into()],
        )?;
        Ok(Applied { rows: rows as u64, log_from: first_seq, log_to: last })
    }

    fn plan_quota(&mut self, rl: &mut RowLog, unit: i64, q: &Quota) -> Result<(), StoreError> {
        let old = self.tx.query_opt(
            "SELECT id, quota, decision_no, decision_date, log_seq FROM quota WHERE unit_id = $1 AND year = $2 AND category = $3",
            &[unit.into(), q.year.into(), q.category.code().into()],
        )?;
        let seq = self.log(Entry {
            action: if old.is_some() { "update" } else { "create" },
            entity: "quota",
            key: q.unit.as_str(),
            decision: q.decision.as_ref(),
            before: old
                .as_ref()
                .map(|r| serde_json::json!({"year": q.year, "category": q.category, "quota": r.int(1).unwrap_or(0)})),
            after: serde_json::to_value(q).ok(),
        })?;
        match old {
            Some(r) => {
                let row = r.int(0)?;
                self.record(
                    rl,
                    "quota",
                    row,
                    "update",
                    [Value::Null, r.int(4)?.into(), r.int(1)?.into(), r.opt_text(2)?.into(), r.opt_text(3)?.into()],
                )?;
                self.tx.exec(
                    "UPDATE quota SET quota = $1, decision_no = $2, decision_date = $3, log_seq = $4 WHERE id = $5",
                    &[
                        i64::from(q.quota).into(),
                        q.decision.as_ref().map(|d| d.number.to_string()).into(),
                        q.decision.as_ref().map(|d| d.date).into(),
                        seq.into(),
                        row.into(),
                    ],
                )?;
            }
            None => {
                let row = self.next_id("quota")?;
                self.insert_row("quota", QUOTA_COLUMNS, &quota_values(row, unit, q, seq))?;
                self.record(rl, "quota", row, "insert", NONE)?;
            }
        }
        Ok(())
    }

    /// Undoes an applied plan: rows it wrote are removed, rows it ended are reopened, quotas it
    /// changed are restored — unless a later change depends on them, which is reported instead.
    /// The change log keeps both the application and the undo.
    pub fn revert_plan(&mut self, id: i64, progress: &mut dyn FnMut(u64, u64)) -> Result<Reverted, StoreError> {
        let Some(stored) = get(self.tx, id)? else {
            return Err(StoreError::Conflict(format!("no plan {id}")));
        };
        let Some((from, to)) = stored.applied else {
            return Err(StoreError::Conflict(format!("plan {id} is not applied")));
        };
        let rows: Vec<(String, i64, String, Row)> = self
            .tx
            .query(
                "SELECT tbl, row_id, action, old_valid_to, old_log_seq, old_quota, old_decision_no, old_decision_date
                 FROM plan_row WHERE plan_id = $1 AND seq > (SELECT COALESCE(MAX(seq), 0) FROM plan_row
                   WHERE plan_id = $1 AND tbl = 'applied_before') ORDER BY seq DESC",
                &[id.into()],
            )?
            .into_iter()
            .map(|r| Ok((r.text(0)?, r.int(1)?, r.text(2)?, r)))
            .collect::<Result<_, StoreError>>()?;
        let keys: Vec<(&str, i64)> = rows.iter().map(|(tbl, row, _, _)| (tbl.as_str(), *row)).collect();
        let described = self.describe(&keys)?;
        let dependents = self.dependents(&described, to)?;
        if !dependents.is_empty() {
            return Ok(Reverted::Blocked { dependents });
        }
        let decision = Some(&stored.plan.decision);
        let total = rows.len() as u64;
        // Deletions and restorations are held back and written together.
        self.defer();
        for (i, ((tbl, row, action, old), before)) in rows.iter().zip(described).enumerate() {
            let after = match action.as_str() {
                "insert" => {
                    self.delete_row(tbl, *row)?;
                    None
                }
                "end" => {
                    let valid_to = old.opt_text(3)?;
                    self.set_end(tbl, *row, valid_to.clone().into(), old.opt_int(4)?.unwrap_or(0))?;
                    // The row as it stands again: as described, with its old end.
                    let mut json = before.json.clone();
                    let end = match json.get_mut("validity") {
                        Some(v) => v.get_mut("to"),
                        None => json.get_mut("to"),
                    };
                    if let Some(end) = end {
                        *end = valid_to.map_or(serde_json::Value::Null, serde_json::Value::String);
                    }
                    Some(json)
                }
                _ => {
                    self.tx.exec(
                        "UPDATE quota SET quota = $1, decision_no = $2, decision_date = $3, log_seq = $4 WHERE id = $5",
                        &[
                            old.opt_int(5)?.into(),
                            old.opt_text(6)?.into(),
                            old.opt_text(7)?.into(),
                            old.opt_int(4)?.into(),
                            (*row).into(),
                        ],
                    )?;
                    self.describe(&[(tbl.as_str(), *row)])?.pop().map(|d| d.json)
                }
            };
            if !before.entity.is_empty() {
                let Described { entity, key, json, .. } = before;
                self.log(Entry { action: "revert", entity, key: &key, decision, before: Some(json), after })?;
            }
            if (i as u64 + 1).is_multiple_of(5_000) || i as u64 + 1 == total {
                progress(i as u64 + 1, total);
            }
        }
        self.flush()?;
        self.tx.exec("DELETE FROM plan_surplus WHERE plan_id = $1", &[id.into()])?;
        // Later applications record after this marker only.
        let next = self
            .tx
            .query_one("SELECT COALESCE(MAX(seq), 0) + 1 FROM plan_row WHERE plan_id = $1", &[id.into()])?
            .int(0)?;
        self.insert_row(
            "plan_row",
            &["plan_id", "seq", "tbl", "row_id", "action"],
            &[id.into(), next.into(), "applied_before".into(), 0i64.into(), "marker".into()],
        )?;
        let last = self.log(Entry {
            action: "revert",
            entity: "plan",
            key: &id.to_string(),
            decision,
            before: Some(serde_json::json!({"applied_from": from, "applied_to": to})),
            after: Some(serde_json::json!({"rows": rows.len()})),
        })?;
        self.tx
            .exec("UPDATE plan SET status = 'reverted', reverted_to = $2 WHERE id = $1", &[id.into(), last.into()])?;
        Ok(Reverted::Done { rows: rows.len() as u64 })
    }

    /// Rows as the change log shows them, and the units they belong to, read in batches.
    fn describe(&mut self, rows: &[(&str, i64)]) -> Result<Vec<Described>, StoreError> {
        let mut by_table: HashMap<&str, Vec<i64>> = HashMap::new();
        for (tbl, row) in rows {
            by_table.entry(tbl).or_default().push(*row);
        }
        let mut found: HashMap<(&str, i64), Described> = HashMap::new();
        for (tbl, ids) in by_table {
            for batch in ids.chunks(500) {
                let params: Vec<Value> = batch.iter().map(|r| (*r).into()).collect();
                let list = marks(batch.len());
                match tbl {
                    "unit_version" => {
                        for r in
                            self.tx.query(&format!("{} WHERE v.id IN ({list})", select_version_with_unit()), &params)?
                        {
                            let v: UnitVersion = version_from_row(&r)?;
                            let d = Described {
                                entity: "unit",
                                key: v.code.as_str().to_string(),
                                json: serde_json::to_value(&v).map_err(corrupt)?,
                                unit: Some(r.int(12)?),
                            };
                            found.insert((tbl, r.int(11)?), d);
                        }
                    }
                    "membership" | "assignment" => {
                        let sql = format!(
                            "SELECT p.code, u.code, x.valid_from, x.valid_to, x.unit_id, x.id FROM {tbl} x
                             JOIN person p ON p.id = x.person_id JOIN unit u ON u.id = x.unit_id WHERE x.id IN ({list})"
                        );
                        for r in self.tx.query(&sql, &params)? {
                            let json = serde_json::json!({"person": r.text(0)?, "unit": r.text(1)?,
                                "from": r.text(2)?, "to": r.opt_text(3)?});
                            let entity = if tbl == "membership" { "membership" } else { "assignment" };
                            let d = Described { entity, key: r.text(0)?, json, unit: Some(r.int(4)?) };
                            found.insert((tbl, r.int(5)?), d);
                        }
                    }
                    "quota" => {
                        let sql = format!(
                            "SELECT u.code, q.year, q.category, q.quota, q.unit_id, q.id FROM quota q
                             JOIN unit u ON u.id = q.unit_id WHERE q.id IN ({list})"
                        );
                        for r in self.tx.query(&sql, &params)? {
                            let json =
                                serde_json::json!({"year": r.int(1)?, "category": r.text(2)?, "quota": r.int(3)?});
                            let d = Described { entity: "quota", key: r.text(0)?, json, unit: Some(r.int(4)?) };
                            found.insert((tbl, r.int(5)?), d);
                        }
                    }
                    // The identity rows of units the plan created.
                    _ => {
                        for row in batch {
                            let d = Described {
                                entity: "",
                                key: row.to_string(),
                                json: serde_json::Value::Null,
                                unit: Some(*row),
                            };
                            found.insert((tbl, *row), d);
                        }
                    }
                }
            }
        }
        rows.iter()
            .map(|(tbl, row)| {
                found.remove(&(*tbl, *row)).ok_or_else(|| StoreError::Corrupt(format!("no row {row} in {tbl}")))
            })
            .collect()
    }

    /// Later changes that build on what the plan wrote: change-log entries after it about the
    /// units and people it touched, and rows written after it that refer to its units.
    fn dependents(&mut self, rows: &[Described], to: i64) -> Result<Vec<Dependent>, StoreError> {
        let unit_ids: HashSet<i64> = rows.iter().filter_map(|d| d.unit).collect();
        let keys: HashSet<(&str, &str)> =
            rows.iter().filter(|d| !d.entity.is_empty()).map(|d| (d.entity, d.key.as_str())).collect();
        let mut out = Vec::new();
        self.tx.for_each(
            "SELECT seq, entity, entity_key, action FROM change_log WHERE seq > $1 ORDER BY seq",
            &[to.into()],
            |r| {
                if out.len() < 50 && keys.contains(&(r.str(1), r.str(2))) {
                    out.push(Dependent {
                        seq: Some(r.int(0)?),
                        what: format!("{} {} {}", r.str(3), r.str(1), r.str(2)),
                    });
                }
                Ok(())
            },
        )?;
        for (tbl, cols) in [
            ("unit_version", "unit_id, parent_id, led_by_id"),
            ("membership", "unit_id, unit_id, unit_id"),
            ("assignment", "unit_id, unit_id, unit_id"),
            ("quota", "unit_id, unit_id, unit_id"),
        ] {
            self.tx.for_each_ref(
                &format!("SELECT id, {cols}, log_seq FROM {tbl} WHERE log_seq > $1"),
                &[to.into()],
                |r| {
                    let refs = [r.opt_int(1)?, r.opt_int(2)?, r.opt_int(3)?];
                    if out.len() < 50 && refs.iter().flatten().any(|u| unit_ids.contains(u)) {
                        out.push(Dependent { seq: Some(r.int(4)?), what: format!("{tbl} {}", r.int(0)?) });
                    }
                    Ok(())
                },
            )?;
        }
        // Accounts scoped to a unit the plan created would lose their unit.
        let created: Vec<i64> = rows.iter().filter(|d| d.entity.is_empty()).filter_map(|d| d.unit).collect();
        for batch in created.chunks(500) {
            let params: Vec<Value> = batch.iter().map(|r| (*r).into()).collect();
            let sql = format!(
                "SELECT a.name, u.code FROM account a JOIN unit u ON u.id = a.scope_unit_id
                  WHERE a.scope_unit_id IN ({}) ORDER BY a.name",
                marks(batch.len())
            );
            for r in self.tx.query(&sql, &params)? {
                out.push(Dependent { seq: None, what: format!("account {} ({})", r.text(0)?, r.text(1)?) });
            }
        }
        out.sort_by_key(|d| d.seq);
        out.dedup_by(|a, b| a.seq.is_some() && a.seq == b.seq);
        Ok(out)
    }

    /// Records a new value of a rule from a date; the value in force until then ends that day.
    pub fn set_rule(&mut self, key: RuleKey, from: Date, value: i64, source: &str) -> Result<(), StoreError> {
        let current = self.tx.query_opt(
            "SELECT id, value, valid_from, source FROM rule_value WHERE rule = $1 AND valid_from <= $2
               AND (valid_to IS NULL OR valid_to > $2)",
            &[key.code().into(), from.into()],
        )?;
        let later = self
            .tx
            .query_opt(
                "SELECT valid_from FROM rule_value WHERE rule = $1 AND valid_from > $2 ORDER BY valid_from LIMIT 1",
                &[key.code().into(), from.into()],
            )?
            .map(|r| r.date(0))
            .transpose()?;
        if let Some(r) = &current {
            if r.date(2)? == from {
                return Err(StoreError::Conflict(format!("rule {key} already has a value from {from}")));
            }
        }
        let seq = self.log(Entry {
            action: "set",
            entity: "rule",
            key: key.code(),
            decision: None,
            before: current.as_ref().map(|r| {
                serde_json::json!({"value": r.int(1).unwrap_or(0), "from": r.text(2).unwrap_or_default(), "source": r.text(3).unwrap_or_default()})
            }),
            after: Some(serde_json::json!({"value": value, "from": from, "to": later, "source": source})),
        })?;
        if let Some(r) = current {
            self.tx.exec("UPDATE rule_value SET valid_to = $1 WHERE id = $2", &[from.into(), r.int(0)?.into()])?;
        }
        let id = self.next_id("rule_value")?;
        self.insert_row(
            "rule_value",
            &["id", "rule", "value", "valid_from", "valid_to", "source", "log_seq"],
            &[id.into(), key.code().into(), value.into(), from.into(), later.into(), source.trim().into(), seq.into()],
        )
    }
}

/// Units left above their deputy cap by applied plans, with the deputies they have on `on`.
#[derive(Clone, Debug, Serialize)]
pub struct OverCap {
    pub plan: i64,
    pub unit: UnitCode,
    pub name: String,
    pub kind: UnitKind,
    pub deputies_then: i64,
    pub deputies_now: i64,
    pub cap: i64,
    pub deadline: Date,
}

/// Staffing quotas (biên chế) of the units a plan touched, in its baseline year and in a later
/// year, against the plan's target cut — as the seeds report it: "giảm 235 biên chế so với năm
/// 2015, đạt 121,8% kế hoạch".
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StaffingCut {
    pub baseline_year: i32,
    pub baseline: i64,
    pub year: i32,
    pub now: i64,
    /// Baseline minus now: positive when staffing was cut.
    pub cut: i64,
    pub target: Option<u32>,
}

impl StaffingCut {
    /// The sentence the seeds use, in Vietnamese and English.
    pub fn sentence(&self) -> (String, String) {
        use tinhgon_domain::text::{format_int, format_percent};
        let (by, y) = (self.baseline_year, self.year);
        let (verb_vi, verb_en) = if self.cut >= 0 { ("giảm", "down") } else { ("tăng", "up") };
        let n = format_int(self.cut.abs());
        let mut vi = format!(
            "Biên chế các đơn vị của đề án: {} (năm {by}) → {} (năm {y}), {verb_vi} {n} biên chế so với năm {by}",
            format_int(self.baseline),
            format_int(self.now)
        );
        let mut en = format!(
            "Staffing quotas of the plan's units: {} ({by}) → {} ({y}), {verb_en} {n} on {by}",
            self.baseline, self.now
        );
        if let Some(t) = self.target {
            if let Some(p) = format_percent(self.cut, i64::from(t)) {
                vi.push_str(&format!(", đạt {p} kế hoạch (giảm {})", format_int(i64::from(t))));
                en.push_str(&format!(", {p} of the planned cut of {t}"));
            }
        }
        (vi, en)
    }
}

/// The staffing cut of a plan that was applied, by `year`; None when the plan has no baseline
/// year or was never applied.
pub fn staffing_cut(tx: &mut Tx<'_>, id: i64, year: i32) -> Result<Option<StaffingCut>, StoreError> {
    let Some(p) = get(tx, id)? else { return Ok(None) };
    let Some(baseline_year) = p.plan.baseline_year else { return Ok(None) };
    if p.applied.is_none() {
        return Ok(None);
    }
    let mut sums: HashMap<i64, i64> = HashMap::new();
    for r in tx.query(
        "SELECT q.year, CAST(SUM(q.quota) AS BIGINT) FROM quota q WHERE q.year IN ($2, $3) AND q.unit_id IN (
           SELECT v.unit_id FROM plan_row r JOIN unit_version v ON v.id = r.row_id
            WHERE r.plan_id = $1 AND r.tbl = 'unit_version')
         GROUP BY q.year",
        &[id.into(), i64::from(baseline_year).into(), i64::from(year).into()],
    )? {
        sums.insert(r.int(0)?, r.int(1)?);
    }
    let baseline = sums.get(&i64::from(baseline_year)).copied().unwrap_or(0);
    let now = sums.get(&i64::from(year)).copied().unwrap_or(0);
    Ok(Some(StaffingCut { baseline_year, baseline, year, now, cut: baseline - now, target: p.plan.target_cut }))
}

/// Every unit a still-applied plan left above its cap, with today's deputies (distinct people with
/// a deputy rank on `on`).
pub fn over_cap(tx: &mut Tx<'_>, on: Date) -> Result<Vec<OverCap>, StoreError> {
    let rows = tx.query(
        "SELECT s.plan_id, u.code, s.deputies, s.cap, s.deadline, s.unit_id
         FROM plan_surplus s JOIN plan p ON p.id = s.plan_id JOIN unit u ON u.id = s.unit_id
         WHERE p.status = 'applied' ORDER BY s.deadline, u.code",
        &[],
    )?;
    let mut out = Vec::new();
    for r in rows {
        let code = UnitCode::parse(r.str(1)).map_err(corrupt)?;
        let now = tx
            .query_one(
                "SELECT COUNT(DISTINCT person_id) FROM assignment WHERE unit_id = $1 AND rank = 'deputy'
                   AND valid_from <= $2 AND (valid_to IS NULL OR valid_to > $2)",
                &[r.int(5)?.into(), on.into()],
            )?
            .int(0)?;
        let v = crate::units::at(tx, &code, on)?;
        out.push(OverCap {
            plan: r.int(0)?,
            name: v.as_ref().map(|v| v.name.clone()).unwrap_or_default(),
            kind: v.as_ref().map_or(UnitKind::Division, |v| v.kind),
            unit: code,
            deputies_then: r.int(2)?,
            deputies_now: now,
            cap: r.int(3)?,
            deadline: r.date(4)?,
        });
    }
    Ok(out)
}
