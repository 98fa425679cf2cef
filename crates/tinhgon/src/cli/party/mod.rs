//! The commands of party work: admissions, transfers, badges, dues, members leaving, a member's
//! record, the work due, the party's figures and its files. What they share: a unit's code read.

pub(crate) mod admissions;
pub(crate) mod badges;
pub(crate) mod due;
pub(crate) mod dues;
pub(crate) mod files;
pub(crate) mod leaving;
pub(crate) mod record;
pub(crate) mod stats;
pub(crate) mod transfers;

use tinhgon_domain::UnitCode;

use crate::cli::Failure;

pub(crate) fn unit(code: &str) -> Result<UnitCode, Failure> {
    UnitCode::parse(code).map_err(|e| Failure::new(crate::i18n::vi(&e), crate::i18n::en(&e)))
}
