//! A plan's snapshot: the register as it stands on the plan's effective date, as much of it as
//! the plan needs.

use super::*;

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
pub(super) fn dated_rows(
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
pub(super) fn select_version_with_unit() -> String {
    SELECT_VERSION.replacen(", v.id", ", v.id, v.unit_id", 1)
}
