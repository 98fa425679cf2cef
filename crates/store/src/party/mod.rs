//! Party work: admissions, transfers, badges and dues.

pub mod admissions;
pub mod badges;
pub mod dues;
pub mod leaving;
pub mod stats;
pub mod transfers;
