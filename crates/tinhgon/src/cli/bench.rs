//! `tinhgon bench`: erases the database, loads a demo and prints the measures as Markdown rows for
//! BENCHMARKS.md (the measuring is `services::bench`).

use std::process::ExitCode;

use super::Failure;
use crate::demo::Scale;

pub fn run(db: &str, scale: Scale, seed: u64, queries: usize, skip_load: bool) -> Result<ExitCode, Failure> {
    let lines = crate::services::bench::run(db, scale, seed, queries, skip_load)?;
    println!("{}", lines.join("\n"));
    Ok(ExitCode::SUCCESS)
}
