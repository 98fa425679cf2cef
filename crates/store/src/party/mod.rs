//! Party work: admissions, transfers, badges, dues, meetings and ratings.

pub mod admissions;
pub mod badges;
pub mod cases;
pub mod dues;
pub mod leaving;
pub mod meetings;
pub mod ratings;
pub mod record;
pub mod stats;
pub mod transfers;
