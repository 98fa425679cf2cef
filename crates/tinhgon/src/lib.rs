//! `tinhgon`: one binary for the register of Vietnam's political apparatus — command line, HTTP
//! server (JSON API) and demo data.
//!
//! Layers, from the inside out: `tinhgon-domain` (types and rules, no I/O), `tinhgon-store`
//! (SQLite and PostgreSQL), `service` (operations that validate, authorize and write in one
//! transaction), and the interfaces: `cli` and `api`.

pub mod api;
pub mod auth;
pub mod cli;
pub mod clock;
pub mod demo;
pub mod files;
pub mod http;
pub mod render;
pub mod services;
pub mod web;
