//! `tinhgon party`: the files of party work, imported all or nothing and exported.

use crate::cli::{failure, open, operator, Failure};
use clap::Subcommand;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum PartyFileCommand {
    /// Nhập tệp công tác đảng viên, tất cả hoặc không / import a file of party work, all or nothing
    Import {
        #[arg(value_enum)]
        what: crate::services::party::files::PartyFile,
        file: std::path::PathBuf,
        #[arg(long)]
        dry_run: bool,
    },
    /// Xuất ra CSV hoặc XLSX, nhập lại được / export to CSV or XLSX, in the columns import reads
    Export {
        #[arg(value_enum)]
        what: crate::services::party::files::PartyFile,
        file: std::path::PathBuf,
    },
}

pub fn party_files(db: &str, cmd: PartyFileCommand) -> Result<ExitCode, Failure> {
    use crate::services::party::files;
    let mut store = open(db)?;
    let cx = operator();
    match cmd {
        PartyFileCommand::Import { what, file, dry_run } => {
            let table = crate::files::read(&file).map_err(|e| Failure::new(e.vi(), e.en()))?;
            match files::import(&mut store, &cx, what, &table, dry_run) {
                Ok(n) if dry_run => println!(
                    "Hợp lệ: {n} dòng, chưa ghi gì (--dry-run).\nValid: {n} rows, nothing written (--dry-run)."
                ),
                Ok(n) => println!("Đã nhập {n} dòng.\nImported {n} rows."),
                Err(crate::services::Error::Invalid(errors)) => {
                    return Err(crate::cli::register::files::report(&errors))
                }
                Err(e) => return Err(failure(e)),
            }
        }
        PartyFileCommand::Export { what, file } => {
            let rows = files::export(&mut store, &cx, what).map_err(failure)?;
            crate::files::write(&file, what.columns(), &rows).map_err(|e| Failure::new(e.vi(), e.en()))?;
            println!(
                "Đã xuất {} dòng vào {}.\nExported {} rows to {}.",
                rows.len(),
                file.display(),
                rows.len(),
                file.display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
