//! `tinhgon badges`: the members due a party badge, and awarding one.

use super::unit;
use crate::cli::DecisionArgs;
use crate::cli::{failure, open, operator, parse_date, Failure};
use crate::services::party::badges;
use clap::Subcommand;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum BadgeCommand {
    /// Đảng viên đến mốc tặng Huy hiệu mà chưa được tặng / members due a badge and not yet awarded
    Due {
        #[arg(long)]
        unit: String,
        /// Đến ngày (mặc định: một năm nữa) / reached by this day (default: a year from today)
        #[arg(long)]
        until: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Ghi việc tặng Huy hiệu theo quyết định / record a badge awarded by a decision
    Award {
        #[arg(long)]
        person: String,
        /// Số năm tuổi Đảng: 30, 40, 45 … 90 / years of party age
        #[arg(long)]
        years: i32,
        /// Ngày trao / the award day
        #[arg(long)]
        on: String,
        #[command(flatten)]
        decision: DecisionArgs,
        /// Xét sớm do ốm nặng / early consideration for serious illness
        #[arg(long)]
        ill: bool,
    },
}

pub fn badges(db: &str, cmd: BadgeCommand) -> Result<ExitCode, Failure> {
    let mut store = open(db)?;
    let cx = operator();
    match cmd {
        BadgeCommand::Due { unit: code, until, json } => {
            let until = match until {
                Some(u) => parse_date(&u, "cli-date-until")?,
                None => cx.today.add_months(12),
            };
            let list = badges::due(&mut store, &cx, &unit(&code)?, until).map_err(failure)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&list).unwrap_or_default());
            } else {
                println!("{} đảng viên đến mốc tặng Huy hiệu / members due a badge: {}", list.len(), list.len());
                for b in &list {
                    println!(
                        "  {}  {} năm / years  {} ({})  {}  đủ ngày / reached {}",
                        b.due.award_on.vn(),
                        b.due.years,
                        b.name,
                        b.person,
                        b.cell,
                        b.due.reaches_on.vn()
                    );
                }
            }
        }
        BadgeCommand::Award { person, years, on, decision, ill } => {
            let on = parse_date(&on, "cli-date-award-day")?;
            badges::award(
                &mut store,
                &cx,
                &badges::Award { person: &person, years, decision: &decision.read()?, on, ill },
            )
            .map_err(failure)?;
            println!("Đã ghi Huy hiệu {years} năm tuổi Đảng.\nRecorded the {years}-year badge.");
        }
    }
    Ok(ExitCode::SUCCESS)
}
