//! `tinhgon party-stats`: the party figures of a unit over a period.

use super::unit;
use crate::cli::{failure, open, operator, parse_date, Failure};
use std::process::ExitCode;

/// `tinhgon party-stats --unit U --from D --to D`: party work over a period.
pub fn party_stats(
    db: &str,
    code: &str,
    (from, to): (&str, &str),
    compare: Option<(&str, &str)>,
    json: bool,
) -> Result<ExitCode, Failure> {
    use crate::services::party::stats;
    let mut store = open(db)?;
    let cx = operator();
    let from = parse_date(from, "cli-date-from")?;
    let to = parse_date(to, "cli-date-to")?;
    let f = stats::period(&mut store, &cx, &unit(code)?, from, to).map_err(failure)?;
    if let Some((a, b)) = compare {
        let (a, b) = (parse_date(a, "cli-date-compare-from")?, parse_date(b, "cli-date-compare-to")?);
        let other = stats::period(&mut store, &cx, &unit(code)?, a, b).map_err(failure)?;
        let both = stats::compare(f, other);
        if json {
            println!("{}", serde_json::to_string_pretty(&both).unwrap_or_default());
        } else {
            println!("{:<28} {:>10} {:>10} {:>10}", "", both.figures.from.vn(), both.other.from.vn(), "±");
            for (name, a, b) in stats::rows(&both.figures, &both.other) {
                println!("{name:<28} {a:>10} {b:>10} {:>+10}", a - b);
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&f).unwrap_or_default());
        return Ok(ExitCode::SUCCESS);
    }
    let c = &f.counts;
    println!(
        "Công tác đảng viên {} từ {} đến trước {} / party work {} from {} to {}",
        f.unit,
        from.vn(),
        to.vn(),
        f.unit,
        from,
        to
    );
    for (key, n) in [
        ("period-admissions", c.admissions),
        ("period-recognitions", c.recognitions),
        ("period-removals", c.removals),
        ("period-expulsions", c.expulsions),
        ("period-deaths", c.deaths),
        ("period-transfers-out", c.transfers_out),
        ("period-transfers-in", c.transfers_in),
        ("period-transfers-within", c.transfers_within),
        ("period-badges", c.badges),
        ("period-in-transit", f.in_transit),
    ] {
        let (vi, en) = crate::i18n::both(key, &[]);
        println!("  {vi} / {en}: {n}");
    }
    println!("  Tuổi đảng / party age:");
    for (band, n) in &f.by_party_age {
        println!("    {band}: {n}");
    }
    Ok(ExitCode::SUCCESS)
}
