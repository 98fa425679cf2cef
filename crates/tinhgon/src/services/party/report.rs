//! The figures of a year's party work at or under a unit, as the seeds print them: meetings held
//! and officials' visits, the rating shares of organizations and members, inspections and
//! supervisions done, denunciations and complaints received and settled, members disciplined. The dashboard,
//! `stats --json` and the workbook show the same.

use serde::Serialize;
use tinhgon_domain::{Date, UnitCode};
use tinhgon_store::Store;

use super::cases::{self, CaseFigures};
use super::meetings::{self, MeetingFigures};
use super::ratings::{self, RatingFigures};
use crate::services::{Ctx, Error};

/// A year's party work at or under a unit.
#[derive(Serialize)]
pub struct YearReport {
    pub unit: String,
    pub year: i32,
    pub meetings: MeetingFigures,
    pub ratings: RatingFigures,
    /// As the caller may see them: confidential cases count for their handlers only until
    /// their decision is announced.
    pub inspection: CaseFigures,
}

/// The party work of a year at or under a unit in reach.
pub fn year(s: &mut Store, cx: &Ctx, unit: &UnitCode, year: i32) -> Result<YearReport, Error> {
    let (from, to) =
        (Date::from_ymd(year, 1, 1).unwrap_or(Date::EPOCH), Date::from_ymd(year, 12, 31).unwrap_or(Date::EPOCH));
    let meetings = meetings::figures(s, cx, unit, from, to)?;
    let ratings = ratings::figures(s, cx, unit, year)?;
    let inspection = s.read(|tx| cases::figures(tx, cx, unit, year))?;
    Ok(YearReport { unit: unit.to_string(), year, meetings, ratings, inspection })
}
