//! Undoing an applied plan exactly, or naming the later changes that build on it; and recording
//! a rule's value.

use super::apply::*;
use super::snapshot::select_version_with_unit;
use super::*;

impl Writer<'_, '_> {
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
                self.log(Entry::new("revert", entity, &key).by(decision).before(Some(json)).after(after))?;
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
        let last = self.log(
            Entry::new("revert", "plan", &id.to_string())
                .by(decision)
                .before(Some(serde_json::json!({"applied_from": from, "applied_to": to})))
                .after(Some(serde_json::json!({"rows": rows.len()}))),
        )?;
        self.tx
            .exec("UPDATE plan SET status = 'reverted', reverted_to = $2 WHERE id = $1", &[id.into(), last.into()])?;
        Ok(Reverted::Done { rows: rows.len() as u64 })
    }

    /// Rows as the change log shows them, and the units they belong to, read in batches.
    pub(super) fn describe(&mut self, rows: &[(&str, i64)]) -> Result<Vec<Described>, StoreError> {
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
    pub(super) fn dependents(&mut self, rows: &[Described], to: i64) -> Result<Vec<Dependent>, StoreError> {
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
        let seq = self.log(Entry::new("set", "rule", key.code()).before(current.as_ref().map(|r| {
                serde_json::json!({"value": r.int(1).unwrap_or(0), "from": r.text(2).unwrap_or_default(), "source": r.text(3).unwrap_or_default()})
            })).after(Some(serde_json::json!({"value": value, "from": from, "to": later, "source": source}))))?;
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
