//! `tinhgon admission`: a candidate's admission, step by step, with its time limits.

use crate::i18n::Label;
use std::process::ExitCode;
use tinhgon_domain::msg::Msg;

use clap::Subcommand;
use tinhgon_domain::party::admission::Step;
use tinhgon_domain::UnitCode;

use crate::cli::{failure, open, operator, parse_date, Failure};
use crate::services::party::admissions::{self, StepInput, View};

#[derive(Subcommand)]
pub enum AdmissionCommand {
    /// Mở hồ sơ kết nạp của một người tại chi bộ / open a person's admission in a cell
    Open {
        /// Mã người vào Đảng / the candidate's person code
        #[arg(long)]
        person: String,
        /// Mã chi bộ / the cell's code
        #[arg(long)]
        cell: String,
        /// Ngày mở hồ sơ / the day the file is opened
        #[arg(long)]
        on: String,
        /// Trình độ học vấn phổ thông, ví dụ 12/12 / general education, such as 12/12
        #[arg(long)]
        education: Option<String>,
    },
    /// Ghi một bước / record one step
    Step {
        id: i64,
        /// course, application, sponsors, referral, verification, cell_vote, grassroots_resolution,
        /// decision, ceremony, recognition, removal
        step: String,
        #[arg(long)]
        on: String,
        /// Số và ký hiệu văn bản / the document's number and sign
        #[arg(long)]
        document: Option<String>,
        #[arg(long)]
        note: Option<String>,
        /// Người giới thiệu MÃ:TỪ-NGÀY (lặp lại) / a sponsor CODE:KNOWN-SINCE (repeat)
        #[arg(long = "sponsor")]
        sponsors: Vec<String>,
    },
    /// Một hồ sơ với các bước và thời hạn / one admission with its steps and time limits
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Các hồ sơ kết nạp trong phạm vi / the admissions in reach
    List {
        #[arg(long)]
        json: bool,
    },
}

fn print(v: &View) {
    let a = &v.admission;
    println!(
        "Hồ sơ kết nạp số {} / admission {}: {} ({}), chi bộ / cell {}",
        a.id, a.id, a.person_name, a.person, a.cell
    );
    for s in &a.steps {
        let doc = s.document.as_deref().map(|d| format!(" — {d}")).unwrap_or_default();
        println!("  {}  {} / {}{doc}", s.on.vn(), s.step.label_vi(), s.step.label_en());
    }
    for d in &v.deadlines {
        let state = match d.met {
            Some(m) => format!("xong ngày {} / met {}", m.vn(), m),
            None => "chưa / open".into(),
        };
        let exact = if d.exact { "" } else { " (lịch nghỉ chưa có / calendar not held)" };
        println!("  hạn / due {}  {} / {} — {state}{exact}", d.due.vn(), d.label_vi, d.label_en);
    }
}

pub fn run(db: &str, cmd: AdmissionCommand) -> Result<ExitCode, Failure> {
    let mut store = open(db)?;
    let cx = operator();
    match cmd {
        AdmissionCommand::Open { person, cell, on, education } => {
            let cell = UnitCode::parse(&cell).map_err(|e| Failure::new(crate::i18n::vi(&e), crate::i18n::en(&e)))?;
            let on = parse_date(&on, "cli-date-opening-date")?;
            let id = admissions::open(
                &mut store,
                &cx,
                &admissions::Opening { person: &person, cell: &cell, general_education: education.as_deref(), on },
            )
            .map_err(failure)?;
            println!("Đã mở hồ sơ kết nạp số {id}.\nOpened admission {id}.");
        }
        AdmissionCommand::Step { id, step, on, document, note, sponsors } => {
            let step = Step::parse(&step).map_err(|e| Failure::new(crate::i18n::vi(&e), crate::i18n::en(&e)))?;
            let on = parse_date(&on, "cli-date-step-date")?;
            let mut input = StepInput { document, note, sponsors: Vec::new() };
            for s in sponsors {
                let Some((code, since)) = s.split_once(':') else {
                    return Err(Failure::said(Msg::new("cli-admission-sponsor-write-code-date-such").text("s", &s)));
                };
                let since = parse_date(since, "cli-date-known-since")?;
                input.sponsors.push((code.to_string(), since));
            }
            admissions::record(&mut store, &cx, id, step, on, &input).map_err(failure)?;
            println!("Đã ghi bước «{}».\nRecorded '{}'.", step.label_vi(), step.label_en());
        }
        AdmissionCommand::Show { id, json } => {
            let v = admissions::get(&mut store, &cx, id).map_err(failure)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
            } else {
                print(&v);
            }
        }
        AdmissionCommand::List { json } => {
            let all = admissions::list(&mut store, &cx).map_err(failure)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&all).unwrap_or_default());
            } else {
                for v in &all {
                    print(v);
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
