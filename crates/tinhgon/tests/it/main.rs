//! tinhgon's integration tests: one binary, files by feature. Storage tests run on SQLite and on
//! PostgreSQL (a throw-away server this binary starts, unless TINHGON_TEST_PG_URL names one).

mod admission;
mod api;
mod backup;
mod badges;
mod browser;
mod campaigns;
mod confidential;
mod crashes;
mod demo;
mod discipline;
mod docs;
mod documents;
mod dues;
mod headers;
mod import;
mod inputs;
mod leaving;
mod meetings;
mod office;
mod party_files;
mod plans;
mod programmes;
mod ratings;
mod reach;
mod record;
mod register;
mod scope;
mod servers;
mod sessions;
mod support;
mod transfers;
mod verify;
mod web;
