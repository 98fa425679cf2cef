//! `tinhgon leave`: a member leaves the party on a ground, by a decision.

use crate::cli::{failure, open, operator, parse_date, Failure};
use crate::i18n::Label;
use std::process::ExitCode;
use tinhgon_domain::{Decision, DocumentNumber};

/// `tinhgon leave`: a member leaves the party on a ground, by a decision.
pub fn leave(
    db: &str,
    person: &str,
    ground: &str,
    on: &str,
    (decision, decision_date): (&str, &str),
    note: Option<&str>,
) -> Result<ExitCode, Failure> {
    use tinhgon_domain::party::leaving::Ground;
    let mut store = open(db)?;
    let cx = operator();
    let ground = Ground::parse(ground).map_err(|e| Failure::new(crate::i18n::vi(&e), crate::i18n::en(&e)))?;
    let on = parse_date(on, "cli-date-day-leaving")?;
    let number = DocumentNumber::parse(decision).map_err(|e| Failure::new(crate::i18n::vi(&e), crate::i18n::en(&e)))?;
    let date = parse_date(decision_date, "cli-date-decision-date")?;
    crate::services::party::leaving::leave(&mut store, &cx, person, ground, on, &Decision { number, date }, note)
        .map_err(failure)?;
    println!("Đã ghi: {}.\nRecorded: {}.", ground.label_vi(), ground.label_en());
    Ok(ExitCode::SUCCESS)
}
