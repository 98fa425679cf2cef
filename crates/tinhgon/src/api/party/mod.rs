//! The API of party work: admissions, transfers, meetings, ratings, inspection and discipline, dues,
//! badges, members leaving, a member's record, the work due and the figures. Each handler reads
//! its typed body, calls one service operation and renders JSON. The periods and years of the
//! queries are shared here.

pub(crate) mod admissions;
pub(crate) mod badges;
pub(crate) mod cases;
pub(crate) mod disciplines;
pub(crate) mod due;
pub(crate) mod dues;
pub(crate) mod leaving;
pub(crate) mod meetings;
pub(crate) mod ratings;
pub(crate) mod record;
pub(crate) mod stats;
pub(crate) mod transfers;

/// The period of party figures.
#[derive(serde::Deserialize, utoipa::IntoParams)]
pub struct PeriodQuery {
    pub(crate) from: Option<String>,
    pub(crate) to: Option<String>,
}

/// A year, for a ledger.
#[derive(serde::Deserialize, utoipa::IntoParams)]
pub struct YearQuery {
    pub(crate) year: Option<i32>,
    pub(crate) until: Option<String>,
}
