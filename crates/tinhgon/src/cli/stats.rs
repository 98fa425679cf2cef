//! `tinhgon stats` and `tinhgon verify`.

use std::process::ExitCode;

use tinhgon_domain::text::format_int;
use tinhgon_domain::UnitCode;

use super::{open, parse_date, Failure};
use crate::clock::today;
use crate::render;

pub fn run(db: &str, unit: &str, at: Option<&str>, compare: Option<&str>, json: bool) -> Result<ExitCode, Failure> {
    let code =
        UnitCode::parse(unit).map_err(|e| Failure::new(format!("--unit: {}", e.vi()), format!("--unit: {e}")))?;
    let at = match at {
        Some(t) => parse_date(t, "--at", "--at")?,
        None => today(),
    };
    let other = compare.map(|t| parse_date(t, "--compare", "--compare")).transpose()?;
    let mut store = open(db)?;
    let index = store.load_index()?;
    let stats_err = |e: tinhgon_domain::stats::StatsError| Failure::new(e.vi(), e.to_string());
    let (figures, cmp) = match other {
        Some(o) => {
            let (f, c) = index.compare(&code, at, o).map_err(stats_err)?;
            (f, Some(c))
        }
        None => (index.figures(&code, at).map_err(stats_err)?, None),
    };
    if json {
        println!("{}", render::figures_json(&figures, cmp.as_ref()));
    } else {
        print!("{}", render::figures(&figures, cmp.as_ref()));
    }
    Ok(ExitCode::SUCCESS)
}

pub fn verify(db: &str, json: bool) -> Result<ExitCode, Failure> {
    let mut store = open(db)?;
    let report = store.verify()?;
    if json {
        println!("{}", serde_json::to_string_pretty(&report).unwrap_or_default());
    } else if report.ok() {
        println!(
            "Toàn vẹn: {} mục nhật ký nối liền, {} đơn vị, không có lỗi.\nIntact: {} change-log entries chained, {} units, no problems.",
            format_int(report.log_entries),
            format_int(report.units as i64),
            report.log_entries,
            report.units
        );
    } else {
        println!("Phát hiện {} lỗi / {} problems found:", report.findings.len(), report.findings.len());
        for f in &report.findings {
            println!("- [{}] {}\n  {}", f.what, f.vi, f.en);
        }
    }
    Ok(if report.ok() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}
