//! Party work: admissions.

pub mod admissions;
