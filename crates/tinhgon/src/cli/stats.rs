//! `tinhgon stats`.

use std::process::ExitCode;

use tinhgon_domain::UnitCode;

use super::{failure, open, operator, parse_date, Failure};
use crate::clock::today;
use crate::render;
use crate::services::party::report;
use crate::services::stats::{self, IndexCache};

pub fn run(
    db: &str,
    unit: &str,
    (at, compare): (Option<&str>, Option<&str>),
    year: Option<i32>,
    json: bool,
) -> Result<ExitCode, Failure> {
    let code =
        UnitCode::parse(unit).map_err(|e| Failure::new(format!("--unit: {}", e.vi()), format!("--unit: {e}")))?;
    let at = match at {
        Some(t) => parse_date(t, "--at", "--at")?,
        None => today(),
    };
    let other = compare.map(|t| parse_date(t, "--compare", "--compare")).transpose()?;
    let mut store = open(db)?;
    let (figures, cmp) =
        stats::figures(&mut store, &operator(), &IndexCache::default(), &code, at, other).map_err(failure)?;
    let cx = operator();
    let work = report::year(&mut store, &cx, &code, year.unwrap_or(at.year())).map_err(failure)?;
    let other_work = other.map(|d| report::year(&mut store, &cx, &code, d.year())).transpose().map_err(failure)?;
    if json {
        let mut v = render::figures_json(&figures, cmp.as_ref());
        if let serde_json::Value::Object(map) = &mut v {
            map.insert("party_work".into(), serde_json::to_value(&work).unwrap_or_default());
            if let (Some(w), Some(serde_json::Value::Object(c))) = (&other_work, map.get_mut("compare")) {
                c.insert("party_work".into(), serde_json::to_value(w).unwrap_or_default());
            }
        }
        println!("{v}");
    } else {
        print!("{}", render::figures(&figures, cmp.as_ref()));
        print!("{}", render::party_work(&work, other_work.as_ref()));
    }
    Ok(ExitCode::SUCCESS)
}
