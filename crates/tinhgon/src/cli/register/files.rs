//! `tinhgon import` and `tinhgon export`.

use std::path::Path;
use std::process::ExitCode;

use tinhgon_domain::text::format_int;

use crate::cli::{failure, open, operator, Failure};
use crate::files;
use crate::services::register::{export, import};
pub use crate::services::FileKind;
use crate::services::{Error, RowError, SHOWN_ERRORS};

fn file_failure(e: &files::FileError) -> Failure {
    Failure::new(e.vi(), e.en())
}

pub(crate) fn report(errors: &[RowError]) -> Failure {
    let mut vi = format!("Không nhập gì: {} lỗi.\n", format_int(errors.len() as i64));
    let mut en = format!("Nothing imported: {} errors.\n", errors.len());
    for e in errors.iter().take(SHOWN_ERRORS) {
        vi.push_str(&format!("  dòng {}, cột {}: {}\n", e.line, e.column, e.vi));
        en.push_str(&format!("  line {}, column {}: {}\n", e.line, e.column, e.en));
    }
    if errors.len() > SHOWN_ERRORS {
        let more = errors.len() - SHOWN_ERRORS;
        vi.push_str(&format!("  … và {} lỗi nữa (chỉ liệt kê {SHOWN_ERRORS} lỗi đầu).\n", format_int(more as i64)));
        en.push_str(&format!("  … and {more} more (only the first {SHOWN_ERRORS} are listed).\n"));
    }
    Failure::new(vi.trim_end(), en.trim_end())
}

pub fn import(db: &str, what: FileKind, file: &Path, dry_run: bool) -> Result<ExitCode, Failure> {
    let table = files::read(file).map_err(|e| file_failure(&e))?;
    let (required, _) = what.columns();
    table.require(required).map_err(|e| file_failure(&e))?;
    let mut store = open(db)?;
    match import::file(&mut store, &operator(), what, &table, dry_run) {
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
        Err(Error::Invalid(errors)) => Err(report(&errors)),
        Err(e) => Err(failure(e)),
    }
}

pub fn export(db: &str, what: FileKind, file: &Path) -> Result<ExitCode, Failure> {
    let mut store = open(db)?;
    let (headers, rows) = export::file(&mut store, &operator(), what).map_err(failure)?;
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
