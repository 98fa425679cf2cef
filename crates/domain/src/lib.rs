//! The pure domain core of tinhgon: the register's types and rules, with no I/O and no clock.
//!
//! Everything here is deterministic: dates are passed in, never read from the system.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing))]

#[macro_use]
pub mod schema;
#[macro_use]
pub mod catalog;
pub mod access;
pub mod codes;
pub mod date;
pub mod directives;
pub mod msg;
pub mod party;
pub mod plan;
pub mod register;
pub mod rules;
pub mod stats;
pub mod text;
pub mod verify;

pub use codes::{Decision, DocumentNumber, UnitCode};
pub use date::{Date, Validity};
