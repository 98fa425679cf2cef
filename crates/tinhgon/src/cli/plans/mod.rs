//! `tinhgon plan …` and `tinhgon rules …`: restructuring plans and the rules they are judged by.

use crate::i18n::Label;
use std::path::PathBuf;
use std::process::ExitCode;
use tinhgon_domain::msg::Msg;

use clap::Subcommand;
use tinhgon_domain::plan::{Outcome, Plan};
use tinhgon_domain::rules::RuleKey;
use tinhgon_domain::text::{format_delta, format_int, format_percent};

use crate::cli::DecisionArgs;
use crate::cli::{open, operator, parse_date, Failure};
use crate::clock::Stopwatch;
use crate::files;
use crate::services::plans::{self, ImportFailure};
use crate::services::Error;

#[derive(Subcommand)]
pub enum PlanCommand {
    /// Nhập đề án từ tệp CSV/XLSX / import a plan from a CSV or XLSX file
    Import {
        file: PathBuf,
        /// Tên đề án / the plan's name
        #[arg(long)]
        name: String,
        #[command(flatten)]
        decision: DecisionArgs,
        /// Ngày hiệu lực / effective date
        #[arg(long)]
        effective: String,
        /// Số năm để giải quyết cấp phó dôi dư / years to bring surplus deputies within the cap
        #[arg(long)]
        surplus_years: Option<u32>,
        /// Năm gốc để tính tinh giản biên chế / baseline year of staffing cuts
        #[arg(long)]
        baseline_year: Option<i32>,
        /// Chỉ tiêu giảm biên chế / target staffing cut
        #[arg(long)]
        target_cut: Option<u32>,
    },
    /// Danh sách đề án / list plans
    List,
    /// Mô phỏng đề án, không ghi gì / simulate a plan without changing the register
    Simulate {
        id: i64,
        /// Một đối tượng JSON / one JSON object
        #[arg(long)]
        json: bool,
        /// Liệt kê mọi đơn vị bị tác động / list every unit touched
        #[arg(long)]
        units: bool,
    },
    /// Thực hiện đề án trong một giao dịch / apply a plan in one transaction
    Apply { id: i64 },
    /// Hoàn tác đề án đã thực hiện / undo an applied plan exactly
    Revert { id: i64 },
    /// Đơn vị vượt số cấp phó sau sắp xếp / units above their deputy cap after plans
    OverCap {
        #[arg(long)]
        at: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum RulesCommand {
    /// Các quy định đang lưu / the rule values held
    List,
    /// Ghi giá trị mới của một quy định từ một ngày / record a new value of a rule from a date
    Set {
        #[arg(value_parser = parse_rule)]
        rule: RuleKey,
        value: i64,
        #[arg(long)]
        from: String,
        /// Văn bản nguồn / source document
        #[arg(long)]
        source: String,
    },
}

fn parse_rule(s: &str) -> Result<RuleKey, String> {
    RuleKey::parse(s).map_err(|e| format!("{}\n{}", crate::i18n::vi(&e), crate::i18n::en(&e)))
}

/// A refusal for the terminal: a plan file's bad rows as `plan import` lists them.
pub(crate) fn failure(e: Error) -> Failure {
    let (vi, en) = match e {
        Error::Invalid(rows) => ImportFailure::Rows(rows).messages(100),
        other => other.messages(),
    };
    Failure::new(vi, en)
}

fn say(line: &str) {
    eprintln!("  {line}");
}

pub fn plan(db: &str, cmd: PlanCommand) -> Result<ExitCode, Failure> {
    match cmd {
        PlanCommand::Import { file, name, decision, effective, surplus_years, baseline_year, target_cut } => {
            let decision = decision.read()?;
            let effective = parse_date(&effective, "cli-date-effective-date")?;
            if name.trim().is_empty() {
                return Err(Failure::said(Msg::new("plan-needs-name")));
            }
            let table = files::read(&file).map_err(|e| Failure::new(e.vi(), e.en()))?;
            let mut store = open(db)?;
            let plan = Plan {
                name: name.trim().to_string(),
                decision,
                effective,
                surplus_years: surplus_years.unwrap_or(3),
                baseline_year,
                target_cut,
                ops: Vec::new(),
            };
            let (id, n) = plans::save(&mut store, &operator(), None, &table, plan).map_err(failure)?;
            println!(
                "Đã lưu dự thảo đề án số {id} với {} thao tác. Mô phỏng: tinhgon plan simulate {id}\n\
                 Saved draft plan {id} with {n} operations. Simulate: tinhgon plan simulate {id}",
                format_int(n as i64)
            );
            Ok(ExitCode::SUCCESS)
        }
        PlanCommand::List => {
            let mut store = open(db)?;
            let list = plans::list(&mut store, &operator()).map_err(failure)?;
            if list.is_empty() {
                println!("Chưa có đề án nào. / No plans yet.");
            }
            for p in list {
                println!(
                    "{:>4}  {:<14} {}  hiệu lực {}  {} thao tác  {}",
                    p.id,
                    p.status.label_vi(),
                    p.decision.number,
                    p.effective.vn(),
                    format_int(p.ops),
                    p.name
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        PlanCommand::Simulate { id, json, units } => {
            let mut store = open(db)?;
            let clock = Stopwatch::start();
            let year = crate::clock::today().year();
            let (p, outcome, cut) = plans::simulate(&mut store, &operator(), id, year, &mut say).map_err(failure)?;
            if json {
                let out = serde_json::json!({"plan": p, "findings": outcome.findings, "report": outcome.report,
                    "rows": outcome.changes.size()});
                println!("{}", serde_json::to_string_pretty(&out).map_err(|e| Failure::from(anyhow::anyhow!(e)))?);
            } else {
                print_outcome(&p.plan, &outcome, units);
                if let Some(cut) = cut {
                    let (vi, en) = plans::cut_sentence(&cut);
                    println!("{vi}.\n{en}.");
                }
                eprintln!(
                    "Mô phỏng trong {:.1} s / simulated in {:.1} s",
                    clock.elapsed().as_secs_f64(),
                    clock.elapsed().as_secs_f64()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        PlanCommand::Apply { id } => {
            let mut store = open(db)?;
            let clock = Stopwatch::start();
            let (outcome, applied) = plans::apply(&mut store, &operator(), id, &mut say).map_err(failure)?;
            let r = &outcome.report;
            println!(
                "Đã thực hiện đề án {id}: {} dòng ghi, nhật ký #{}–#{}; {} đơn vị thành lập, {} chấm dứt, {} thay đổi; \
                 {} đảng viên và {} người giữ chức vụ chuyển ({:.1} s).\n\
                 Applied plan {id}: {} rows, change log #{}–#{}; {} units established, {} ended, {} changed; \
                 {} members and {} staff moved ({:.1} s).",
                format_int(applied.rows as i64),
                applied.log_from,
                applied.log_to,
                r.established,
                r.ended,
                r.changed,
                format_int(i64::from(r.members_moved)),
                format_int(i64::from(r.staff_moved)),
                clock.elapsed().as_secs_f64(),
                applied.rows,
                applied.log_from,
                applied.log_to,
                r.established,
                r.ended,
                r.changed,
                r.members_moved,
                r.staff_moved,
                clock.elapsed().as_secs_f64(),
            );
            Ok(ExitCode::SUCCESS)
        }
        PlanCommand::Revert { id } => {
            let mut store = open(db)?;
            let clock = Stopwatch::start();
            let rows = plans::revert(&mut store, &operator(), id, &mut say).map_err(failure)?;
            println!(
                "Đã hoàn tác đề án {id}: {} dòng trả lại như trước ({:.1} s).\nReverted plan {id}: {rows} rows restored ({:.1} s).",
                format_int(rows as i64),
                clock.elapsed().as_secs_f64(),
                clock.elapsed().as_secs_f64()
            );
            Ok(ExitCode::SUCCESS)
        }
        PlanCommand::OverCap { at } => {
            let on = match at {
                Some(a) => parse_date(&a, "cli-date-date")?,
                None => crate::clock::today(),
            };
            let mut store = open(db)?;
            let list = plans::over_cap(&mut store, &operator(), on).map_err(failure)?;
            let still: Vec<_> = list.iter().filter(|o| o.deputies_now > o.cap).collect();
            println!(
                "{} đơn vị còn vượt số cấp phó vào ngày {} / units still above their deputy cap",
                still.len(),
                on.vn()
            );
            for o in still {
                let late = if o.deadline < on { " — QUÁ HẠN / OVERDUE" } else { "" };
                println!(
                    "  {} {}: {} cấp phó / deputies, định mức / cap {}, hạn / deadline {} (đề án / plan {}){late}",
                    o.unit,
                    o.name,
                    o.deputies_now,
                    o.cap,
                    o.deadline.vn(),
                    o.plan
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

pub(crate) fn print_outcome(plan: &Plan, o: &Outcome, all_units: bool) {
    let r = &o.report;
    println!(
        "Đề án / plan: {} ({} ngày {}), hiệu lực / effective {}",
        plan.name,
        plan.decision.number,
        plan.decision.date.vn(),
        plan.effective.vn()
    );
    println!("Đơn vị theo loại (trước → sau) / units by kind (before → after):");
    for k in r.by_kind.iter().filter(|k| k.before != k.after) {
        println!(
            "  {:<48} {:>8} → {:>8}  ({})",
            k.kind.label_vi(),
            format_int(i64::from(k.before)),
            format_int(i64::from(k.after)),
            format_delta(i64::from(k.after) - i64::from(k.before))
        );
    }
    println!(
        "Thành lập {}, chấm dứt {}, thay đổi {} đơn vị / established, ended, changed",
        format_int(i64::from(r.established)),
        format_int(i64::from(r.ended)),
        format_int(i64::from(r.changed))
    );
    println!(
        "Đảng viên chuyển sinh hoạt / members moved: {}; người giữ chức vụ chuyển / staff moved: {}; \
         chức danh bãi bỏ / positions abolished: {}; chức danh mới / created: {}",
        format_int(i64::from(r.members_moved)),
        format_int(i64::from(r.staff_moved)),
        format_int(i64::from(r.positions_abolished)),
        format_int(i64::from(r.positions_created))
    );
    println!(
        "Đảng viên đang sinh hoạt / active members: {} → {}",
        format_int(r.members.0 as i64),
        format_int(r.members.1 as i64)
    );
    for c in &r.coverage {
        let show = |(held, of): (u32, u32)| {
            format!("{held}/{of} = {}", format_percent(i64::from(held), i64::from(of)).unwrap_or_else(|| "—".into()))
        };
        println!(
            "Bí thư đồng thời Chủ tịch HĐND, {} / secretary also chairs the council: {} → {}",
            c.kind.label_vi(),
            show(c.before),
            show(c.after)
        );
    }
    if !r.surplus.is_empty() {
        println!("Cấp phó vượt định mức / deputies above cap: {} đơn vị", r.surplus.len());
        for s in r.surplus.iter().take(if all_units { usize::MAX } else { 20 }) {
            println!("  {} {}: {} / {} (hạn / deadline {})", s.unit, s.name, s.deputies, s.cap, s.deadline.vn());
        }
    }
    let over: Vec<_> = r.staffing.iter().filter(|s| s.quota.is_some_and(|q| s.after > q)).collect();
    if !over.is_empty() {
        println!("Vượt biên chế được giao / above the staffing quota: {} đơn vị", over.len());
        for s in over.iter().take(if all_units { usize::MAX } else { 20 }) {
            println!("  {} {}: {} / {}", s.unit, s.name, s.after, s.quota.unwrap_or(0));
        }
    }
    if o.findings.is_empty() {
        println!("Không vi phạm quy định nào. / No rule is broken.");
    } else {
        let blocking = o.blocking().count();
        println!("Vi phạm quy định / rules broken: {} ({} chặn việc thực hiện / blocking)", o.findings.len(), blocking);
        for f in o.findings.iter().take(if all_units { usize::MAX } else { 50 }) {
            let mark = if f.breach.blocking() { "!!" } else { " -" };
            println!(
                "  {mark} thao tác / op {}: {} {}: {} / {}",
                f.op.map_or_else(|| "—".into(), |o| o.to_string()),
                f.unit,
                f.name,
                crate::i18n::vi(&f.breach),
                crate::i18n::en(&f.breach)
            );
        }
    }
    if all_units {
        println!("Đơn vị bị tác động / units touched:");
        for u in &r.units {
            println!(
                "  {} [{}] {} → {}; cấp trên {} → {}; đảng viên {} → {}; biên chế {} → {}",
                u.code,
                u.kind,
                u.name_before.as_deref().unwrap_or("—"),
                u.name_after.as_deref().unwrap_or("(chấm dứt / ended)"),
                u.parent_before.as_ref().map_or("—", |c| c.as_str()),
                u.parent_after.as_ref().map_or("—", |c| c.as_str()),
                u.members_before,
                u.members_after,
                u.staff_before,
                u.staff_after
            );
        }
    }
    println!("Số dòng sẽ ghi / rows to write: {}", format_int(o.changes.size() as i64));
}

pub fn rules(db: &str, cmd: RulesCommand) -> Result<ExitCode, Failure> {
    let mut store = open(db)?;
    match cmd {
        RulesCommand::List => {
            let book = plans::rules(&mut store, &operator()).map_err(failure)?;
            for v in book.values() {
                println!(
                    "{:<28} {:>4}  {} – {}  {}\n    {} / {}",
                    v.key.code(),
                    v.value,
                    v.validity.from.vn(),
                    v.validity.to.map_or_else(|| "nay / now".into(), |t| t.vn()),
                    v.source,
                    v.key.label_vi(),
                    v.key.label_en()
                );
            }
        }
        RulesCommand::Set { rule, value, from, source } => {
            let from = parse_date(&from, "cli-date-effective-date")?;
            plans::set_rule(&mut store, &operator(), (rule, from, value), &source).map_err(|e| match e {
                Error::Invalid(rows) => {
                    let (vi, en): (Vec<_>, Vec<_>) = rows.into_iter().map(|r| (r.vi, r.en)).unzip();
                    Failure::new(vi.join("\n"), en.join("\n"))
                }
                other => failure(other),
            })?;
            println!(
                "Đã ghi {} = {value} từ ngày {}.\nRecorded {} = {value} from {}.",
                rule.code(),
                from.vn(),
                rule.code(),
                from.vn()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
