//! `tinhgon leave`: a member leaves the party on a ground, by a decision.

use crate::cli::{failure, open, operator, parse_date, DecisionArgs, Failure};
use crate::i18n::Label;
use std::process::ExitCode;

/// `tinhgon leave`: a member leaves the party on a ground, by a decision.
pub fn leave(
    db: &str,
    person: &str,
    ground: &str,
    on: &str,
    decision: &DecisionArgs,
    note: Option<&str>,
) -> Result<ExitCode, Failure> {
    use tinhgon_domain::party::leaving::Ground;
    let mut store = open(db)?;
    let cx = operator();
    let ground = Ground::parse(ground).map_err(|e| Failure::new(crate::i18n::vi(&e), crate::i18n::en(&e)))?;
    let on = parse_date(on, "cli-date-day-leaving")?;
    let decision = decision.read()?;
    crate::services::party::leaving::leave(
        &mut store,
        &cx,
        &crate::services::party::leaving::Leave { person, ground, on, decision: &decision, note },
    )
    .map_err(failure)?;
    println!("Đã ghi: {}.\nRecorded: {}.", ground.label_vi(), ground.label_en());
    Ok(ExitCode::SUCCESS)
}
