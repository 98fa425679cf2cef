//! Party work on the register: admissions.

pub mod admissions;
