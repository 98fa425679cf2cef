//! `tinhgon dues`: party dues — the ledger, payments, a file of payments.

use super::unit;
use crate::cli::{failure, open, operator, Failure};
use clap::Subcommand;
use std::process::ExitCode;
use tinhgon_domain::msg::Msg;

#[derive(Subcommand)]
pub enum DuesCommand {
    /// Căn cứ tính đảng phí của một đảng viên từ một tháng / what a member's dues are counted on from a month
    Basis {
        #[arg(long)]
        person: String,
        /// Từ tháng (mm/yyyy) / from the month
        #[arg(long)]
        from: String,
        /// insured, pensioner, student, other
        #[arg(long)]
        category: String,
        /// Tiền lương đóng bảo hiểm hoặc lương hưu (đồng/tháng) / insured salary or pension (đồng a month)
        #[arg(long, default_value_t = 0)]
        base: i64,
        /// social_pension, poor_household, serious_illness
        #[arg(long)]
        exemption: Option<String>,
        /// Giảm 30, 50 hoặc 70% / a reduction of 30, 50 or 70 percent
        #[arg(long, requires = "until")]
        reduction: Option<i64>,
        /// Giảm đến hết tháng / the reduction's last month
        #[arg(long)]
        until: Option<String>,
    },
    /// Ghi nộp đảng phí một tháng / record one month's dues paid
    Pay {
        #[arg(long)]
        person: String,
        #[arg(long)]
        month: String,
        #[arg(long)]
        amount: String,
        #[arg(long)]
        on: String,
    },
    /// Nhập tệp nộp đảng phí (person,month,amount,paid_on), tất cả hoặc không / import a payments file, all or nothing
    Import {
        file: std::path::PathBuf,
        #[arg(long)]
        dry_run: bool,
    },
    /// Sổ đảng phí của một đảng viên trong năm / a member's dues ledger for a year
    Ledger {
        #[arg(long)]
        person: String,
        #[arg(long)]
        year: i32,
        #[arg(long)]
        json: bool,
    },
    /// Đảng viên không đóng đảng phí 3 tháng trong năm / members who did not pay 3 months in a year
    Unpaid {
        #[arg(long)]
        unit: String,
        #[arg(long)]
        year: i32,
        #[arg(long)]
        json: bool,
    },
}

fn month(text: &str) -> Result<tinhgon_domain::party::dues::Month, Failure> {
    tinhgon_domain::party::dues::Month::parse(text)
        .ok_or_else(|| Failure::said(Msg::new("cli-due-not-month-write-mm-yyyy").text("text", text)))
}

pub fn dues_cmd(db: &str, cmd: DuesCommand) -> Result<ExitCode, Failure> {
    use crate::services::party::dues;
    use tinhgon_domain::party::dues::{Basis, Category, Exemption};
    let mut store = open(db)?;
    let cx = operator();
    let code_err = |e: tinhgon_domain::catalog::UnknownCode| Failure::new(crate::i18n::vi(&e), crate::i18n::en(&e));
    match cmd {
        DuesCommand::Basis { person, from, category, base, exemption, reduction, until } => {
            let basis = Basis {
                from: month(&from)?,
                category: Category::parse(&category).map_err(code_err)?,
                base,
                exemption: exemption.map(|e| Exemption::parse(&e)).transpose().map_err(code_err)?,
                reduction: match (reduction, until) {
                    (Some(p), Some(u)) => Some((p, month(&u)?)),
                    _ => None,
                },
            };
            dues::set_basis(&mut store, &cx, &person, &basis).map_err(failure)?;
            println!("Đã ghi căn cứ tính đảng phí.\nRecorded the dues basis.");
        }
        DuesCommand::Pay { person, month: m, amount, on } => {
            let table = crate::files::Table {
                headers: dues::COLUMNS.iter().map(|c| c.to_string()).collect(),
                rows: vec![(1, vec![person, m, amount, on])],
            };
            let mut errors = Vec::new();
            let rows = dues::parse(&table, &mut errors);
            if !errors.is_empty() {
                return Err(failure(crate::services::Error::Invalid(errors)));
            }
            dues::pay(&mut store, &cx, &rows, false).map_err(failure)?;
            println!("Đã ghi nộp đảng phí.\nRecorded the payment.");
        }
        DuesCommand::Import { file, dry_run } => {
            let table = crate::files::read(&file).map_err(|e| Failure::new(e.vi(), e.en()))?;
            table.require(&dues::COLUMNS).map_err(|e| Failure::new(e.vi(), e.en()))?;
            let mut errors = Vec::new();
            let rows = dues::parse(&table, &mut errors);
            let result = if errors.is_empty() {
                dues::pay(&mut store, &cx, &rows, dry_run)
            } else {
                Err(crate::services::Error::Invalid(errors))
            };
            match result {
                Ok(n) => println!(
                    "Đã ghi {n} khoản nộp{}.\nRecorded {n} payments{}.",
                    if dry_run { " (kiểm tra, chưa ghi)" } else { "" },
                    if dry_run { " (checked, nothing written)" } else { "" }
                ),
                Err(crate::services::Error::Invalid(errors)) => {
                    return Err(crate::cli::register::files::report(&errors))
                }
                Err(e) => return Err(failure(e)),
            }
        }
        DuesCommand::Ledger { person, year, json } => {
            let l = dues::ledger(&mut store, &cx, &person, year).map_err(failure)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&l).unwrap_or_default());
            } else {
                for m in &l.months {
                    let paid = m
                        .paid
                        .as_ref()
                        .map_or("chưa nộp / unpaid".to_string(), |p| format!("{} đ, {}", p.amount, p.paid_on.vn()));
                    println!("  {}  {} đ ({})  {paid}", m.owed.month.vn(), m.owed.amount, m.owed.reason);
                }
                println!("Chưa nộp {} tháng / unpaid months: {}", l.unpaid.len(), l.unpaid.len());
            }
        }
        DuesCommand::Unpaid { unit: code, year, json } => {
            let list = dues::unpaid(&mut store, &cx, &unit(&code)?, year).map_err(failure)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&list).unwrap_or_default());
            } else {
                println!("{} đảng viên / members", list.len());
                for u in &list {
                    let months: Vec<String> = u.months.iter().map(|m| m.vn()).collect();
                    println!("  {} ({})  {}  {}", u.name, u.person, u.cell, months.join(", "));
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
