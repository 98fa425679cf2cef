//! Party work: admissions, transfers, badges and dues.

pub mod admissions;
pub mod badges;
pub mod dues;
pub mod leaving;
pub mod record;
pub mod stats;
pub mod transfers;
