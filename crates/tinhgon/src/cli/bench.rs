//! `tinhgon bench`: erases the database, loads a demo and prints the measures as Markdown rows for
//! BENCHMARKS.md (the measuring is `bench`).

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
        crate::bench::import::run(db, seed)?
    } else {
        crate::bench::run(db, scale, seed, queries, skip_load)?
    };
    println!("{}", lines.join("\n"));
    Ok(ExitCode::SUCCESS)
}

/// `tinhgon bench --parsers N`: N inputs to every parser of outside input; exit code 1 if any
/// panicked or refused without a message. Touches no database.
pub fn parsers(n: u64, seed: u64) -> Result<ExitCode, Failure> {
    let watch = crate::clock::Stopwatch::start();
    let report = crate::bench::fuzz::run(n, seed, &mut |done| {
        eprintln!("  {done} / {n} …");
    });
    let secs = watch.elapsed().as_secs_f64();
    println!(
        "| parsers (seed {seed}) | {} inputs | {} accepted | {} refused with a message | {} failures | {:.1} s ({:.0} inputs/s) |",
        report.inputs,
        report.accepted,
        report.refused,
        report.failures.len(),
        secs,
        report.inputs as f64 / secs.max(1e-9)
    );
    for (target, input, what) in report.failures.iter().take(20) {
        println!("- {target}: {what}: {:?}", String::from_utf8_lossy(input));
    }
    Ok(if report.failures.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// `tinhgon bench --load`: the server under concurrent reads and writes; exit code 1 if a write
/// was lost or verify failed.
pub fn load(db: &str, o: &crate::bench::load::LoadOptions) -> Result<ExitCode, Failure> {
    let lines = crate::bench::load::run(db, o)?;
    println!("{}", lines.join("\n"));
    Ok(ExitCode::SUCCESS)
}
