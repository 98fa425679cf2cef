//! `tinhgon import` and `tinhgon export`.

use std::path::Path;
use std::process::ExitCode;

use tinhgon_domain::text::format_int;
use tinhgon_domain::Date;
use tinhgon_store::{people, units};

use super::{open, Failure};
use crate::clock::now_iso;
use crate::files;
pub use crate::service::FileKind;
use crate::service::{self, RowError, WriteError};

/// The change-log actor for command-line work.
pub const CLI_ACTOR: &str = "cli";

fn file_failure(e: &files::FileError) -> Failure {
    Failure::new(e.vi(), e.en())
}

fn report(errors: &[RowError]) -> Failure {
    let mut vi = format!("Không nhập gì: {} lỗi.\n", errors.len());
    let mut en = format!("Nothing imported: {} errors.\n", errors.len());
    for e in errors {
        vi.push_str(&format!("  dòng {}, cột {}: {}\n", e.line, e.column, e.vi));
        en.push_str(&format!("  line {}, column {}: {}\n", e.line, e.column, e.en));
    }
    Failure::new(vi.trim_end(), en.trim_end())
}

pub fn import(db: &str, what: FileKind, file: &Path, dry_run: bool) -> Result<ExitCode, Failure> {
    let table = files::read(file).map_err(|e| file_failure(&e))?;
    let (required, _) = what.columns();
    table.require(required).map_err(|e| file_failure(&e))?;
    let mut store = open(db)?;
    let outcome = service::import(&mut store, CLI_ACTOR, &now_iso(), what, &table, dry_run, &mut |_, _, _| None);
    match outcome {
        Ok(n) if dry_run => {
            println!(
                "Hợp lệ: {} dòng, chưa ghi gì (--dry-run).\nValid: {n} rows, nothing written (--dry-run).",
                format_int(n as i64)
            );
            Ok(ExitCode::SUCCESS)
        }
        Ok(n) => {
            println!("Đã nhập {} dòng.\nImported {n} rows.", format_int(n as i64));
            Ok(ExitCode::SUCCESS)
        }
        Err(WriteError::Rows(errors)) => Err(report(&errors)),
        Err(WriteError::Store(e)) => Err(e.into()),
    }
}

fn opt_date(d: Option<Date>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

fn decision_cells(d: Option<&tinhgon_domain::Decision>) -> [String; 2] {
    [d.map(|d| d.number.to_string()).unwrap_or_default(), d.map(|d| d.date.to_string()).unwrap_or_default()]
}

pub fn export(db: &str, what: FileKind, file: &Path) -> Result<ExitCode, Failure> {
    let mut store = open(db)?;
    let (required, optional) = what.columns();
    let mut headers: Vec<&str> = required.iter().chain(optional.iter()).copied().collect();
    if what == FileKind::Members {
        // Exported members refer to people by code; their details are in the people file.
        headers.truncate(9);
    }
    let mut rows: Vec<Vec<String>> = Vec::new();
    store.read(|tx| match what {
        FileKind::Units => units::all_versions(tx, |v| {
            let [dn, dd] = decision_cells(v.decision.as_ref());
            rows.push(vec![
                v.code.to_string(),
                v.name,
                v.kind.code().into(),
                v.validity.from.to_string(),
                v.parent.map(|p| p.to_string()).unwrap_or_default(),
                v.led_by.map(|p| p.to_string()).unwrap_or_default(),
                v.sector.map(|s| s.code().to_string()).unwrap_or_default(),
                v.ownership.map(|s| s.code().to_string()).unwrap_or_default(),
                opt_date(v.validity.to),
                dn,
                dd,
            ]);
            Ok(())
        }),
        FileKind::People => people::all_people(tx, |p| {
            rows.push(vec![
                p.code,
                p.name,
                p.gender.code().into(),
                p.birth_date.to_string(),
                p.ethnicity,
                p.education.code().into(),
                p.theory.code().into(),
                p.staff_category.map(|c| c.code().to_string()).unwrap_or_default(),
            ]);
            Ok(())
        }),
        FileKind::Members => people::all_memberships(tx, |m| {
            let [dn, dd] = decision_cells(m.decision.as_ref());
            rows.push(vec![
                m.person,
                m.unit.to_string(),
                m.status.code().into(),
                m.admitted_on.to_string(),
                opt_date(m.recognized_on),
                m.validity.from.to_string(),
                opt_date(m.validity.to),
                dn,
                dd,
            ]);
            Ok(())
        }),
        FileKind::Positions => people::all_assignments(tx, |a| {
            let [dn, dd] = decision_cells(a.decision.as_ref());
            rows.push(vec![
                a.person,
                a.unit.to_string(),
                a.title,
                a.rank.code().into(),
                a.validity.from.to_string(),
                if a.primary { "1" } else { "0" }.into(),
                opt_date(a.validity.to),
                dn,
                dd,
            ]);
            Ok(())
        }),
        FileKind::Quotas => people::all_quotas(tx, |q| {
            let [dn, dd] = decision_cells(q.decision.as_ref());
            rows.push(vec![
                q.unit.to_string(),
                q.year.to_string(),
                q.category.code().into(),
                q.quota.to_string(),
                dn,
                dd,
            ]);
            Ok(())
        }),
    })?;
    files::write(file, &headers, &rows).map_err(|e| file_failure(&e))?;
    println!(
        "Đã xuất {} dòng vào {}.\nExported {} rows to {}.",
        format_int(rows.len() as i64),
        file.display(),
        rows.len(),
        file.display()
    );
    Ok(ExitCode::SUCCESS)
}
