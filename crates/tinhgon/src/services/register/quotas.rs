//! Staffing quotas (biên chế) of units, by year and category.

use tinhgon_domain::access::Action;
use tinhgon_domain::catalog::StaffCategory;
use tinhgon_domain::msg::Msg;
use tinhgon_domain::register::{Quota, RegisterError};
use tinhgon_store::Store;

use super::rows::{refuse, row_error, Cells, RowError};
use crate::files::Table;
use crate::services::{Ctx, Error};

pub fn parse(table: &Table, errors: &mut Vec<RowError>) -> Vec<(usize, Quota)> {
    let mut out = Vec::new();
    for (line, cells) in table.rows.iter().map(|(l, c)| (*l, c.as_slice())) {
        let mut c = Cells { table, line, cells, errors };
        let unit = c.unit_code("unit");
        let year = c.required("year").and_then(|y| match y.parse::<i32>() {
            Ok(v) if (1945..=2200).contains(&v) => Some(v),
            _ => {
                c.fail_said("year", Msg::new("file-not-year").text("y", &y));
                None
            }
        });
        let category = c.code("category", StaffCategory::parse);
        let quota = c.required("quota").and_then(|q| match q.parse::<u32>() {
            Ok(v) => Some(v),
            Err(_) => {
                c.fail_said("quota", Msg::new("quota-not-whole-number").text("q", &q));
                None
            }
        });
        let decision = c.decision();
        if let (Some(unit), Some(year), Some(category), Some(quota), Ok(decision)) =
            (unit, year, category, quota, decision)
        {
            out.push((line, Quota { unit, year, category, quota, decision }));
        }
    }
    out
}

/// Records quotas of units in reach, all or none; a unit out of reach is refused as an absent one.
pub fn create(s: &mut Store, cx: &Ctx, rows: &[(usize, Quota)], dry_run: bool) -> Result<usize, Error> {
    cx.require(Action::EditUnits)?;
    s.write(cx.actor(), &cx.now, |w| {
        let timeline = cx.guard.timeline(w.tx())?;
        let errors = rows
            .iter()
            .filter(|(_, q)| !timeline.contains(&q.unit))
            .map(|(line, q)| row_error(*line, &RegisterError::UnknownUnit { code: q.unit.clone() }))
            .collect();
        refuse(errors)?;
        if !dry_run {
            for (_, q) in rows {
                w.set_quota(q)?;
            }
        }
        Ok(rows.len())
    })
}
