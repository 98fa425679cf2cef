//! `tinhgon demo`.

use crate::i18n::Label;
use std::path::PathBuf;
use std::process::ExitCode;
use tinhgon_domain::msg::Msg;

use crate::services::Store;
use tinhgon_domain::text::format_int;

use tinhgon_domain::plan::Plan;
use tinhgon_domain::{Date, Decision, DocumentNumber, UnitCode};

use super::plans::print_outcome;
use super::{open, Failure};
use crate::clock::{now_iso, today, Stopwatch};
use crate::demo::load as demo;
pub use crate::demo::load::DEMO_PASSWORD;
use crate::demo::{replay, territory, Scale};
use crate::services::trust::{self as keys, Signing};
use crate::services::{plans, Ctx};

/// What `tinhgon demo` is asked to do.
pub struct Options {
    pub scale: Scale,
    pub seed: u64,
    pub fresh: bool,
    /// Build the apparatus before 2025 and replay its reorganization.
    pub replay: Option<Replay>,
    /// Serve afterwards: the address, and how long sessions live.
    pub serve: Option<(String, (crate::auth::SessionPolicy, std::time::Duration))>,
}

/// How far the 2025 replay goes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Replay {
    /// Import and simulate the plan; leave it a draft.
    Draft,
    /// Import, simulate and apply it.
    Apply,
}

pub fn run(db: &str, o: Options) -> Result<ExitCode, Failure> {
    let Options { scale, seed, fresh, replay, serve } = o;
    if fresh {
        demo::erase(db)?;
    }
    let mut store = super::open_unsigned(db)?;
    let units = demo::units(&mut store)?;
    if units > 0 {
        return Err(Failure::said(Msg::new("cli-demo-not-empty").int("units", units)));
    }
    drop(store);
    let signing = signing_key(db)?;
    let mut store = open(db)?;
    let before = match replay {
        Some(_) => Some(territory::before_2025()?),
        None => None,
    };
    let watch = Stopwatch::start();
    match &before {
        Some(_) => eprintln!(
            "Đang dựng bộ máy trước 01/07/2025 ({scale:?}, seed {seed})… / building the apparatus before 1 July 2025…"
        ),
        None => eprintln!("Đang tạo dữ liệu mẫu ({scale:?}, seed {seed})… / generating the demo…"),
    }
    let summary = demo::load(&mut store, (scale, seed), before.as_ref(), &now_iso())?;
    eprintln!(
        "Xong sau {:.1} giây: {} đơn vị, {} người, {} giai đoạn sinh hoạt đảng, {} chức vụ, {} chỉ tiêu biên chế.\n\
         Done in {:.1} s: units, people, membership periods, positions, quotas as above.",
        watch.elapsed().as_secs_f64(),
        format_int(summary.units as i64),
        format_int(summary.people as i64),
        format_int(summary.memberships as i64),
        format_int(summary.assignments as i64),
        format_int(summary.quotas as i64),
        watch.elapsed().as_secs_f64(),
    );
    match (&before, replay) {
        (Some(b), Some(how)) => replay_2025(&mut store, b, how)?,
        _ => eprintln!("Thử / try: tinhgon stats --unit 42 --compare 01/01/2015"),
    }
    let accounts = demo::create_accounts(&mut store, (today(), now_iso())).map_err(super::failure)?;
    eprintln!("\nTài khoản mẫu / demo accounts (mật khẩu / password: {DEMO_PASSWORD}):");
    for a in &accounts {
        eprintln!("  {:<10} {:<28} {}", a.name, a.role.label_vi(), a.reach);
    }
    eprintln!(
        "\nNhật ký thay đổi được ký bằng khóa / the change log is signed with the key {} \
         (công khai / public {}); điểm kiểm tra ghi vào / checkpoints go to {}.\n  \
         Kiểm tra / check: tinhgon --db {} verify --public-key {} --checkpoints {}",
        signing.key.display(),
        keys::public_path(&signing.key).display(),
        signing.checkpoints.display(),
        super::redact(db),
        keys::public_path(&signing.key).display(),
        signing.checkpoints.display()
    );
    drop(store);
    match serve {
        Some((addr, sessions)) => super::serve((db, None), &addr, sessions),
        None => Ok(ExitCode::SUCCESS),
    }
}

/// The key the demo's register is signed with: the one configured, or `DB.key` beside a SQLite
/// file (`tinhgon-data/postgres-demo.key` for PostgreSQL), made if absent. The register is new, so
/// the key's checkpoint file starts anew.
fn signing_key(db: &str) -> Result<Signing, Failure> {
    let signing = super::trust::configured().unwrap_or_else(|| {
        let key = match db.strip_prefix("sqlite://") {
            Some(path) => PathBuf::from(format!("{path}.key")),
            None => PathBuf::from("tinhgon-data/postgres-demo.key"),
        };
        Signing::new(key, None)
    });
    if !signing.key.exists() {
        keys::new_key(&signing.key).map_err(super::failure)?;
    }
    match std::fs::remove_file(&signing.checkpoints) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            let p = signing.checkpoints.display();
            return Err(Failure::said(Msg::new("cli-demo-cannot-remove").text("p", &p).text("e", &e)));
        }
        _ => {}
    }
    super::trust::configure(Some(signing.clone()));
    Ok(signing)
}

/// The 2025 reorganization as a plan: the merger table mapped onto the register, imported,
/// simulated and (unless asked not to) applied, each step timed.
fn replay_2025(store: &mut Store, before: &territory::Before2025, how: Replay) -> Result<(), Failure> {
    let effective = Date::from_ymd(2025, 7, 1).unwrap_or(Date::EPOCH);
    let watch = Stopwatch::start();
    let current = plans::units_in_force(store, effective)?;
    let table = replay::mapping(before, &|c| UnitCode::parse(c).ok().and_then(|c| current.get(&c)).cloned())?;
    let rows = table.rows.len();
    let plan = Plan {
        name: "Sắp xếp đơn vị hành chính các cấp năm 2025".into(),
        decision: Decision {
            number: DocumentNumber::parse(REPLAY_DECISION)
                .map_err(|e| Failure::new(crate::i18n::vi(&e), crate::i18n::en(&e)))?,
            date: Date::from_ymd(2025, 6, 12).unwrap_or(Date::EPOCH),
        },
        effective,
        surplus_years: 5,
        baseline_year: Some(2015),
        target_cut: None,
        ops: Vec::new(),
    };
    let cx = Ctx::operator_as("demo", today(), now_iso());
    let (id, ops) = plans::save(store, &cx, None, &table, plan).map_err(super::plans::failure)?;
    eprintln!(
        "\nĐề án {id}: {} dòng ánh xạ cũ → mới, {} thao tác ({:.1} s) / plan {id}: mapping rows, operations",
        format_int(rows as i64),
        format_int(ops as i64),
        watch.elapsed().as_secs_f64()
    );
    let mut say = |line: &str| eprintln!("  {line}");
    let watch = Stopwatch::start();
    let (p, outcome, _) = plans::simulate(store, &cx, id, today().year(), &mut say).map_err(super::plans::failure)?;
    print_outcome(&p.plan, &outcome, false);
    eprintln!(
        "Mô phỏng trong {:.1} s / simulated in {:.1} s",
        watch.elapsed().as_secs_f64(),
        watch.elapsed().as_secs_f64()
    );
    if how == Replay::Draft {
        eprintln!("Thực hiện / apply: tinhgon plan apply {id}");
        return Ok(());
    }
    let watch = Stopwatch::start();
    let (_, applied) = plans::apply(store, &cx, id, &mut say).map_err(super::plans::failure)?;
    eprintln!(
        "Đã thực hiện đề án {id}: {} dòng ghi ({:.1} s). Hoàn tác / revert: tinhgon plan revert {id}\n\
         Applied plan {id}: {} rows ({:.1} s).",
        format_int(applied.rows as i64),
        watch.elapsed().as_secs_f64(),
        applied.rows,
        watch.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The National Assembly's resolution arranging the provinces, in force from 1 July 2025.
const REPLAY_DECISION: &str = "202/2025/QH15";
