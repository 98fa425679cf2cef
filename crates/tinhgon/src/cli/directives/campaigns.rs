//! `tinhgon campaign`: a review campaign from the command line — where it stands, the drafts of
//! every unit's report pre-filled from the register, and the aggregate of the submitted figures,
//! with progress on the terminal for the long ones.

use crate::i18n::Label;
use std::io::Write as _;
use std::process::ExitCode;

use clap::Subcommand;

use crate::cli::{failure, open, operator, Failure};
use crate::services::directives::campaigns;
use crate::services::stats::IndexCache;

#[derive(Subcommand)]
pub enum CampaignCommand {
    /// Đợt sơ kết, tổng kết và tình hình nộp báo cáo / a campaign and where its reports stand
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Soạn sẵn báo cáo của mọi đơn vị chưa có, số liệu lấy từ hệ thống / draft every missing
    /// report, its figures from the register
    Prefill { id: i64 },
    /// Tổng hợp số liệu các báo cáo đã nộp, so với số liệu hệ thống / add up the submitted figures
    /// beside the register's
    Aggregate {
        id: i64,
        #[arg(long)]
        json: bool,
    },
}

/// Progress on standard error, about every twentieth of the work and at its end.
/// Progress on the terminal; `what` is the catalog key of the work ("drafting").
fn progress(what: &'static str) -> impl FnMut(usize, usize) {
    move |done, all| {
        if done == all || done % (all / 20).max(1) == 0 {
            let (what_vi, what_en) = crate::i18n::both(what, &[]);
            let line = |what: String| [("what", what), ("done", done.to_string()), ("all", all.to_string())];
            let (vi, en) = crate::i18n::both_each("cli-progress-units", &line(what_vi), &line(what_en));
            eprint!("\r{vi} / {en}");
            if done == all {
                eprintln!();
            }
            let _ = std::io::stderr().flush();
        }
    }
}

pub fn run(db: &str, cmd: CampaignCommand) -> Result<ExitCode, Failure> {
    let mut store = open(db)?;
    let cx = operator();
    let cache = IndexCache::default();
    match cmd {
        CampaignCommand::Show { id, json } => {
            let v = campaigns::view(&mut store, &cx, id).map_err(failure)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
            } else {
                println!("{} — {}", v.campaign.title, v.campaign.launcher_name);
                println!(
                    "{}/{} đơn vị đã nộp báo cáo, {} chậm / {} of {} units submitted, {} late",
                    v.submitted,
                    v.units.len(),
                    v.late,
                    v.submitted,
                    v.units.len(),
                    v.late
                );
                for u in &v.units {
                    let on = u.submitted_on.map(|d| d.vn()).unwrap_or_else(|| "—".into());
                    println!(
                        "  {:<24} {:<10} {}{}",
                        u.unit.unit,
                        on,
                        u.unit.name,
                        if u.late { " (chậm / late)" } else { "" }
                    );
                }
            }
        }
        CampaignCommand::Prefill { id } => {
            let n = campaigns::prefill(&mut store, &cx, &cache, id, &mut progress("cli-campaign-drafting"))
                .map_err(failure)?;
            let (vi, en) = crate::i18n::both("campaign-prefilled", &[("n", n.to_string())]);
            println!("{vi}\n{en}");
        }
        CampaignCommand::Aggregate { id, json } => {
            let a = campaigns::aggregate(&mut store, &cx, &cache, id, &mut progress("cli-campaign-adding-up"))
                .map_err(failure)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&a).unwrap_or_default());
            } else {
                println!("{}/{} báo cáo đã nộp / {} of {} reports submitted", a.submitted, a.of, a.submitted, a.of);
                for l in &a.lines {
                    let flag = if l.corrected { "  ← đã sửa / corrected" } else { "" };
                    println!(
                        "  {:<50} {:>10} {:>10} {:>10}{flag}",
                        l.key.label_vi(),
                        l.submitted,
                        l.register_of_submitted,
                        l.register
                    );
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
