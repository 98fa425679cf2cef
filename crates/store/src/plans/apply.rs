//! Storing a plan, and applying it in the caller's transaction, every row logged with the plan's
//! decision.

use super::*;

/// A row a plan wrote, as the change log shows it (`entity` empty for a unit's identity row),
/// with the unit it belongs to.
pub(super) struct Described {
    pub(super) entity: &'static str,
    pub(super) key: String,
    pub(super) json: serde_json::Value,
    pub(super) unit: Option<i64>,
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

pub(super) fn plan_log(p: &Plan) -> serde_json::Value {
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
pub(super) fn header_values(id: i64, plan: &Plan) -> Vec<Value> {
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

pub(super) const NONE: [Value; 5] = [Value::Null, Value::Null, Value::Null, Value::Null, Value::Null];

/// Remembers a written row for the undo.
pub(super) struct RowLog {
    pub(super) plan: i64,
    pub(super) seq: i64,
    /// What rows about to be ended hold now (valid_to, log_seq), read ahead in batches.
    pub(super) stamps: HashMap<(&'static str, i64), [Value; 2]>,
}

impl Writer<'_, '_> {
    /// Stores a new draft plan.
    pub fn create_plan(&mut self, plan: &Plan, created_at: &str) -> Result<i64, StoreError> {
        let id = self.next_id("plan")?;
        self.log(Entry::new("create", "plan", &id.to_string()).by(Some(&plan.decision)).after(Some(plan_log(plan))))?;
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
        self.log(
            Entry::new("update", "plan", &id.to_string())
                .by(Some(&plan.decision))
                .before(Some(plan_log(&old.plan)))
                .after(Some(plan_log(plan))),
        )?;
        self.tx.exec(
            "UPDATE plan SET name = $2, decision_no = $3, decision_date = $4, effective = $5, surplus_years = $6,
                             baseline_year = $7, target_cut = $8 WHERE id = $1",
            &header_values(id, plan),
        )?;
        self.tx.exec("DELETE FROM plan_op WHERE plan_id = $1", &[id.into()])?;
        self.write_ops(id, &plan.ops)
    }

    pub(super) fn write_ops(&mut self, id: i64, ops: &[Op]) -> Result<(), StoreError> {
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

    pub(super) fn record(
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
    pub(super) fn end_logged<T: Serialize>(
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
        let seq = self.log(Entry::new("end", entity, key).by(decision).before(before).after(after))?;
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
    pub(super) fn insert_logged<T: Serialize>(
        &mut self,
        rl: &mut RowLog,
        (tbl, entity, key): (&'static str, &'static str, &str),
        columns: &[&'static str],
        what: &T,
        decision: Option<&Decision>,
        values: impl FnOnce(i64, i64) -> Result<Vec<Value>, StoreError>,
    ) -> Result<(), StoreError> {
        let seq = self.log(Entry::new("create", entity, key).by(decision).after(serde_json::to_value(what).ok()))?;
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
        let last =
            self.log(Entry::new("apply", "plan", &id.to_string()).by(decision).after(Some(serde_json::json!({
                "effective": on,
                "units": changes.units.len(),
                "members": changes.members.len(),
                "positions": changes.posts.len(),
                "quotas": changes.quotas.len(),
            }))))?;
        self.tx.exec(
            "UPDATE plan SET status = 'applied', applied_from = $2, applied_to = $3, reverted_to = NULL WHERE id = $1",
            &[id.into(), first_seq.into(), last.into()],
        )?;
        Ok(Applied { rows: rows as u64, log_from: first_seq, log_to: last })
    }

    pub(super) fn plan_quota(&mut self, rl: &mut RowLog, unit: i64, q: &Quota) -> Result<(), StoreError> {
        let old = self.tx.query_opt(
            "SELECT id, quota, decision_no, decision_date, log_seq FROM quota WHERE unit_id = $1 AND year = $2 AND category = $3",
            &[unit.into(), q.year.into(), q.category.code().into()],
        )?;
        let seq = self.log(
            Entry::new(if old.is_some() { "update" } else { "create" }, "quota", q.unit.as_str())
                .by(q.decision.as_ref())
                .before(old.as_ref().map(
                    |r| serde_json::json!({"year": q.year, "category": q.category, "quota": r.int(1).unwrap_or(0)}),
                ))
                .after(serde_json::to_value(q).ok()),
        )?;
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
}
