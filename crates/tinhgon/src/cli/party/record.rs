//! `tinhgon record` and `tinhgon particulars`: a member's record, and a person's particulars changed.

use crate::cli::{failure, open, operator, parse_date, Failure};
use clap::Subcommand;
use std::process::ExitCode;
use tinhgon_domain::msg::Msg;

#[derive(Subcommand)]
pub enum RecordCommand {
    /// Thông tin trong phiếu đảng viên của một người / a person's member record
    Show {
        #[arg(long)]
        person: String,
        #[arg(long)]
        json: bool,
    },
    /// Nhập tệp phiếu đảng viên, tất cả hoặc không / import a file of member records, all or nothing
    Import {
        file: std::path::PathBuf,
        #[arg(long)]
        dry_run: bool,
    },
    /// Xuất phiếu đảng viên; số định danh chỉ khi ghi rõ --with citizen_id / export the records; the
    /// citizen IDs only when asked for by name
    Export {
        file: std::path::PathBuf,
        /// citizen_id
        #[arg(long = "with")]
        with: Vec<String>,
    },
}

pub fn record_cmd(db: &str, cmd: RecordCommand) -> Result<ExitCode, Failure> {
    use crate::services::party::record;
    let mut store = open(db)?;
    let cx = operator();
    match cmd {
        RecordCommand::Show { person, json } => {
            let r = record::get(&mut store, &cx, &person).map_err(failure)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&r).unwrap_or_default());
            } else if let Some(r) = r {
                for (key, v) in r.items() {
                    let (vi, en) = crate::i18n::both(key, &[]);
                    println!("  {vi} / {en}: {}", v.unwrap_or("—"));
                }
            } else {
                println!("Chưa có phiếu đảng viên.\nNo member record yet.");
            }
        }
        RecordCommand::Import { file, dry_run } => {
            let table = crate::files::read(&file).map_err(|e| Failure::new(e.vi(), e.en()))?;
            table.require(&["person"]).map_err(|e| Failure::new(e.vi(), e.en()))?;
            let mut errors = Vec::new();
            let rows = record::parse(&table, &mut errors);
            let result = if errors.is_empty() {
                record::set(&mut store, &cx, &rows, dry_run)
            } else {
                Err(crate::services::Error::Invalid(errors))
            };
            match result {
                Ok(n) => println!(
                    "Đã nhập {n} phiếu{}.\nImported {n} records{}.",
                    if dry_run { " (kiểm tra, chưa ghi)" } else { "" },
                    if dry_run { " (checked, nothing written)" } else { "" }
                ),
                Err(crate::services::Error::Invalid(errors)) => {
                    return Err(crate::cli::register::files::report(&errors))
                }
                Err(e) => return Err(failure(e)),
            }
        }
        RecordCommand::Export { file, with } => {
            if let Some(bad) = with.iter().find(|w| w.as_str() != "citizen_id") {
                return Err(Failure::said(Msg::new("cli-record-with-takes-citizen-id-only").text("bad", bad)));
            }
            let rows = record::export(&mut store, &cx, !with.is_empty()).map_err(failure)?;
            crate::files::write(&file, &record::COLUMNS, &rows).map_err(|e| Failure::new(e.vi(), e.en()))?;
            println!(
                "Đã xuất {} phiếu vào {}.\nExported {} records to {}.",
                rows.len(),
                file.display(),
                rows.len(),
                file.display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `tinhgon particulars`: particulars of a person that change from a date.
pub fn particulars(db: &str, person: &str, from: &str, change: [Option<String>; 4]) -> Result<ExitCode, Failure> {
    use crate::services::register::people::{change_particulars, Change};
    use tinhgon_domain::catalog::{Education, Theory};
    let mut store = open(db)?;
    let cx = operator();
    let from = parse_date(from, "cli-date-from")?;
    let [ethnicity, education, theory, occupation] = change;
    let code_err = |e: tinhgon_domain::catalog::UnknownCode| Failure::new(crate::i18n::vi(&e), crate::i18n::en(&e));
    let change = Change {
        ethnicity,
        education: education.map(|e| Education::parse(&e)).transpose().map_err(code_err)?,
        theory: theory.map(|t| Theory::parse(&t)).transpose().map_err(code_err)?,
        occupation,
    };
    change_particulars(&mut store, &cx, person, from, &change).map_err(failure)?;
    println!("Đã ghi thay đổi từ ngày {}.\nRecorded the change from {from}.", from.vn());
    Ok(ExitCode::SUCCESS)
}
