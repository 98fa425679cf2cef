//! `tinhgon stats`.

use std::process::ExitCode;

use tinhgon_domain::UnitCode;

use super::{failure, open, operator, parse_date, Failure};
use crate::clock::today;
use crate::render;
use crate::services::stats::{self, IndexCache};

pub fn run(db: &str, unit: &str, at: Option<&str>, compare: Option<&str>, json: bool) -> Result<ExitCode, Failure> {
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
    if json {
        println!("{}", render::figures_json(&figures, cmp.as_ref()));
    } else {
        print!("{}", render::figures(&figures, cmp.as_ref()));
    }
    Ok(ExitCode::SUCCESS)
}
