//! `tinhgon bench`: erases the database, loads a demo and prints the measures as Markdown rows for
//! BENCHMARKS.md (the measuring is `services::bench`).

use std::process::ExitCode;

use super::Failure;
use crate::demo::Scale;

pub fn run(
    db: &str,
    (scale, seed): (Scale, u64),
    queries: usize,
    skip_load: bool,
    members_import: bool,
) -> Result<ExitCode, Failure> {
    let lines = if members_import {
        crate::services::bench::import::run(db, seed)?
    } else {
        crate::services::bench::run(db, scale, seed, queries, skip_load)?
    };
    println!("{}", lines.join("\n"));
    Ok(ExitCode::SUCCESS)
}
