//! `tinhgon stats`.

use crate::i18n::Label;
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
    (json, paragraph): (bool, bool),
) -> Result<ExitCode, Failure> {
    let code = UnitCode::parse(unit)
        .map_err(|e| Failure::new(format!("--unit: {}", crate::i18n::vi(&e)), format!("--unit: {e}")))?;
    let at = match at {
        Some(t) => parse_date(t, "cli-date-at")?,
        None => today(),
    };
    let other = compare.map(|t| parse_date(t, "cli-date-compare")).transpose()?;
    let mut store = open(db)?;
    let (figures, cmp) =
        stats::figures(&mut store, &operator(), &IndexCache::default(), &code, at, other).map_err(failure)?;
    // The party work of a year, when one is asked: it is counted from the records, not the index.
    let cx = operator();
    let work =
        year.map(|y| report::years(&mut store, &cx, &code, y, other.map(|d| d.year()))).transpose().map_err(failure)?;
    if paragraph {
        println!(
            "{}",
            tinhgon_domain::directives::prose::sectors_paragraph(&figures.unit.name, &figures, &|s| s.label_vi())
        );
    } else if json {
        let mut v = render::figures_json(&figures, cmp.as_ref());
        if let Some((now, then)) = &work {
            render::with_party_work(&mut v, now, then.as_ref());
        }
        println!("{v}");
    } else {
        print!("{}", render::figures(&figures, cmp.as_ref()));
        if let Some((now, then)) = &work {
            print!("{}", render::party_work(now, then.as_ref()));
        }
    }
    Ok(ExitCode::SUCCESS)
}
