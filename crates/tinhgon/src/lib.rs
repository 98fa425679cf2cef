//! `tinhgon`: one binary for the register of Vietnam's political apparatus — command line, HTTP
//! server (JSON API) and demo data.
//!
//! Layers, from the inside out: `tinhgon-domain` (types and rules, no I/O), `tinhgon-store`
//! (SQLite and PostgreSQL), `services` (every operation, behind the lock of the caller's reach),
//! `http` (what the API and the pages share), and the interfaces: `api`, `web` and `cli`; `routes`
//! joins the API and the pages into the server. Beside them, the tooling: `demo` (the generated
//! register and its loader) and `bench` (the benchmarks and the parsers' fuzzer).

pub mod api;
pub mod auth;
pub mod bench;
pub mod cli;
pub mod clock;
pub mod demo;
pub mod docx;
pub mod files;
pub mod http;
pub mod i18n;
pub mod render;
pub mod routes;
pub mod services;
pub mod web;
