//! `tinhgon due`: the work due at a unit.

use super::unit;
use crate::cli::{failure, open, operator, Failure};
use crate::services::party::due;
use std::process::ExitCode;

/// `tinhgon due --unit U`: the work due at a unit, overdue first.
pub fn due(db: &str, code: &str, json: bool) -> Result<ExitCode, Failure> {
    let mut store = open(db)?;
    let cx = operator();
    let items = due::at(&mut store, &cx, &unit(code)?).map_err(failure)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&items).unwrap_or_default());
        return Ok(ExitCode::SUCCESS);
    }
    let late = items.iter().filter(|i| i.overdue).count();
    println!("Việc cần làm: {}, quá hạn {late} / work due: {}, overdue {late}", items.len(), items.len());
    for i in &items {
        let (vi, en) = i.work.labels();
        let flag = if i.overdue { "  QUÁ HẠN / OVERDUE" } else { "" };
        println!("  {}  {vi} / {en}: {} ({}) {} [{}]{flag}", i.due.vn(), i.name, i.person, i.cell, i.reference);
    }
    Ok(ExitCode::SUCCESS)
}
