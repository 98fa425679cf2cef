//! Party work on the register: admissions and transfers.

pub mod admissions;
pub mod transfers;
