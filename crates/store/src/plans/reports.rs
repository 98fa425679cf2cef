//! What applied plans leave to follow up: deputies above cap, and the staffing cut.

use super::*;

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
