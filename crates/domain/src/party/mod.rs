//! Party work on the register: the working-day calendar its deadlines count on, and admission.

pub mod admission;
pub mod calendar;
