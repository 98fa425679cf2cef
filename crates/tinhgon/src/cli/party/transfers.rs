//! `tinhgon transfer`: transfers of party activity, sent with their letter and received.

use crate::i18n::Label;
use std::process::ExitCode;

use clap::Subcommand;
use tinhgon_domain::party::transfer::Kind;
use tinhgon_domain::UnitCode;

use crate::cli::{failure, open, operator, parse_date, Failure};
use crate::services::party::transfers::{self, Send};

#[derive(Subcommand)]
pub enum TransferCommand {
    /// Chuyển sinh hoạt một đảng viên / send a member on a transfer
    Send {
        #[arg(long)]
        person: String,
        /// official, temporary, training
        #[arg(long, default_value = "official")]
        kind: String,
        /// Chi bộ nhận / the receiving cell
        #[arg(long)]
        to: Option<String>,
        /// Nơi đến ngoài sổ (thay cho --to) / a destination outside the register (instead of --to)
        #[arg(long)]
        destination: Option<String>,
        #[arg(long)]
        on: String,
        /// Ngày trở về (chuyển tạm thời) / the day the member returns (temporary transfers)
        #[arg(long)]
        returns: Option<String>,
        /// Số giấy giới thiệu sinh hoạt đảng / the introduction letter's number
        #[arg(long)]
        letter: String,
        #[arg(long)]
        reason: Option<String>,
    },
    /// Chi bộ nhận tiếp nhận đảng viên / the receiving cell takes the member in
    Receive {
        id: i64,
        #[arg(long)]
        on: String,
    },
    /// Các lần chuyển sinh hoạt hai bên đều thấy / the transfers either side sees
    List {
        /// Chỉ những lần còn đang chuyển / only those in transit
        #[arg(long)]
        in_transit: bool,
        #[arg(long)]
        json: bool,
    },
}

pub fn run(db: &str, cmd: TransferCommand) -> Result<ExitCode, Failure> {
    let mut store = open(db)?;
    let cx = operator();
    match cmd {
        TransferCommand::Send { person, kind, to, destination, on, returns, letter, reason } => {
            let kind = Kind::parse(&kind).map_err(|e| Failure::new(crate::i18n::vi(&e), crate::i18n::en(&e)))?;
            let to = to
                .map(|c| UnitCode::parse(&c))
                .transpose()
                .map_err(|e| Failure::new(crate::i18n::vi(&e), crate::i18n::en(&e)))?;
            let sent_on = parse_date(&on, "cli-date-day-sent")?;
            let returns_on = returns.map(|r| parse_date(&r, "cli-date-day-return")).transpose()?;
            let send = Send { person, kind, to_cell: to, destination, sent_on, returns_on, letter, reason };
            let id = transfers::send(&mut store, &cx, &send).map_err(failure)?;
            println!("Đã chuyển sinh hoạt, số {id}.\nTransfer {id} sent.");
        }
        TransferCommand::Receive { id, on } => {
            let on = parse_date(&on, "cli-date-day-receipt")?;
            transfers::receive(&mut store, &cx, id, on).map_err(failure)?;
            println!("Đã tiếp nhận lần chuyển số {id}.\nTransfer {id} received.");
        }
        TransferCommand::List { in_transit, json } => {
            let all: Vec<_> = transfers::list(&mut store, &cx)
                .map_err(failure)?
                .into_iter()
                .filter(|v| !in_transit || v.standing == transfers::Standing::InTransit)
                .collect();
            if json {
                println!("{}", serde_json::to_string_pretty(&all).unwrap_or_default());
            } else {
                for v in &all {
                    let t = &v.transfer;
                    let to = t.to_cell.clone().or(t.destination.clone()).unwrap_or_default();
                    let late = if v.overdue { " — QUÁ HẠN / OVERDUE" } else { "" };
                    println!(
                        "{:>6}  {}  {} ({})  {} → {}  {}  hạn / due {}{late}",
                        t.id,
                        t.sent_on.vn(),
                        t.person_name,
                        t.person,
                        t.from_cell,
                        to,
                        t.kind.label_vi(),
                        t.due_on.vn()
                    );
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
