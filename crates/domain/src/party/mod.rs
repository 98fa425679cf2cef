//! Party work on the register: the working-day calendar its deadlines count on, admission and transfers.

pub mod admission;
pub mod age;
pub mod badges;
pub mod calendar;
pub mod dues;
pub mod leaving;
pub mod record;
pub mod transfer;
