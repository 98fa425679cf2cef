//! Party work: admissions, transfers and badges.

pub mod admissions;
pub mod badges;
pub mod transfers;
