//! Party work on the register: admissions, transfers, badges, and the work due.

pub mod admissions;
pub mod badges;
pub mod cases;
mod confidential;
pub mod disciplines;
pub mod due;
pub mod dues;
pub mod files;
pub mod leaving;
pub mod meetings;
pub mod ratings;
pub mod record;
pub mod report;
pub mod stats;
pub mod transfers;

use tinhgon_domain::access::Action;
use tinhgon_domain::party::age::{party_age, PartyAge, Period};
use tinhgon_store::{people, Store};

use crate::services::{Absent, Ctx, Error};

/// The first and last day of a year.
pub(crate) fn year_bounds(year: i32) -> (tinhgon_domain::Date, tinhgon_domain::Date) {
    let day = |m, d| tinhgon_domain::Date::from_ymd(year, m, d).unwrap_or(tinhgon_domain::Date::EPOCH);
    (day(1, 1), day(12, 31))
}

/// A person's party work as their record shows it: party age today, transfers, admissions.
pub struct PartyRecord {
    pub age: Option<PartyAge>,
    pub transfers: Vec<transfers::View>,
    pub admissions: Vec<admissions::View>,
    pub badges: Vec<tinhgon_store::party::badges::BadgeRow>,
    /// This year's dues, to the current month.
    pub dues: Option<dues::Ledger>,
    /// The meetings the person was called to, newest first, with how they attended.
    pub meetings: Vec<(tinhgon_store::party::meetings::MeetingRow, tinhgon_store::party::meetings::AttendanceRow)>,
    /// The discipline decisions about the person the caller may see.
    pub disciplines: Vec<cases::DisciplineRow>,
}

/// The party record of a person in reach (a member reaches their own).
pub fn record_of(s: &mut Store, cx: &Ctx, code: &str) -> Result<PartyRecord, Error> {
    cx.require(Action::Read)?;
    let code = code.trim().to_string();
    let found = s.read(|tx| {
        if cx.guard.person(tx, &code).is_err() {
            return Ok(None);
        }
        let periods: Vec<Period> = people::memberships_of_person(tx, &code)?
            .into_iter()
            .map(|m| Period { status: m.status, validity: m.validity, admitted_on: m.admitted_on })
            .collect();
        let transfers = tinhgon_store::party::transfers::of_person(tx, &code)?;
        let admissions = tinhgon_store::party::admissions::of_person(tx, &code)?;
        let badges = tinhgon_store::party::badges::of_person(tx, &code)?;
        let meetings = meetings::invitations(tx, &code)?;
        let decisions = disciplines::of_person(tx, cx, &code)?;
        Ok(Some((party_age(&periods, cx.today), transfers, admissions, badges, (meetings, decisions))))
    })?;
    let (age, transfers, admissions, badges, (meetings, decisions)) =
        found.ok_or_else(|| Error::NotFound(Absent::Person(code.clone())))?;
    let transfers = transfers.into_iter().map(|t| transfers::view(t, cx.today)).collect();
    let admissions = s.read(|tx| admissions::views(tx, admissions))?;
    let dues = if age.is_some() { Some(dues::ledger(s, cx, &code, cx.today.year())?) } else { None };
    Ok(PartyRecord { age, transfers, admissions, badges, dues, meetings, disciplines: decisions })
}
