//! Party work: admissions and transfers.

pub mod admissions;
pub mod transfers;
