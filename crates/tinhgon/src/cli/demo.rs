//! `tinhgon demo`.

use std::process::ExitCode;

use tinhgon_domain::access::Role;
use tinhgon_domain::text::format_int;
use tinhgon_store::{Backend, BulkLoader, Store};

use super::users::{create_account, AccountSpec};

use tinhgon_domain::plan::Plan;
use tinhgon_domain::{Date, Decision, DocumentNumber, UnitCode};

use super::plan::print_outcome;
use super::{open, Failure};
use crate::clock::{now_iso, today, Stopwatch};
use crate::demo::{generate, replay, territory, Scale};
use crate::services::{plans, Ctx};

/// What `tinhgon demo` is asked to do.
pub struct Options {
    pub scale: Scale,
    pub seed: u64,
    pub fresh: bool,
    /// Build the apparatus before 2025 and replay its reorganization.
    pub replay: Option<Replay>,
    /// Serve afterwards: the address, and how long sessions live.
    pub serve: Option<(String, crate::auth::SessionPolicy)>,
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
        erase(db)?;
    }
    let mut store = open(db)?;
    let units = store.read(|tx| tx.query_one("SELECT COUNT(*) FROM unit", &[])?.int(0))?;
    if units > 0 {
        return Err(Failure::new(
            format!(
                "Cơ sở dữ liệu đã có sổ đăng ký ({} đơn vị). Dùng --fresh để xóa và nạp lại dữ liệu mẫu.",
                format_int(units)
            ),
            format!(
                "The database already holds a register ({units} units). Use --fresh to erase it and load the demo."
            ),
        ));
    }
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
    store.bulk_mode(true)?;
    let summary = store.write("demo", &now_iso(), |w| -> anyhow::Result<_> {
        let mut loader = BulkLoader::new(w)?;
        let summary = loader.load(|rows| {
            let mut say = |line: String| eprintln!("  {line}");
            match &before {
                Some(b) => replay::generate(rows, b, scale, seed, &mut say),
                None => generate(rows, scale, seed, &mut say),
            }
        })?;
        let era = if before.is_some() { " before 2025" } else { "" };
        loader.finish(&format!("demo {scale:?} seed {seed}{era}").to_lowercase())?;
        Ok(summary)
    })?;
    store.bulk_mode(false)?;
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
    let accounts = create_demo_accounts(&mut store)?;
    eprintln!("\nTài khoản mẫu / demo accounts (mật khẩu / password: {DEMO_PASSWORD}):");
    for a in &accounts {
        eprintln!("  {:<10} {:<28} {}", a.name, a.role.label_vi(), a.reach);
    }
    drop(store);
    match serve {
        Some((addr, sessions)) => super::serve(db, &addr, sessions),
        None => Ok(ExitCode::SUCCESS),
    }
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
            number: DocumentNumber::parse(REPLAY_DECISION).map_err(|e| Failure::new(e.vi(), e.to_string()))?,
            date: Date::from_ymd(2025, 6, 12).unwrap_or(Date::EPOCH),
        },
        effective,
        surplus_years: 5,
        baseline_year: Some(2015),
        target_cut: None,
        ops: Vec::new(),
    };
    let cx = Ctx::operator_as("demo", today(), now_iso());
    let (id, ops) = plans::save(store, &cx, None, &table, plan).map_err(super::plan::failure)?;
    eprintln!(
        "\nĐề án {id}: {} dòng ánh xạ cũ → mới, {} thao tác ({:.1} s) / plan {id}: mapping rows, operations",
        format_int(rows as i64),
        format_int(ops as i64),
        watch.elapsed().as_secs_f64()
    );
    let mut say = |line: &str| eprintln!("  {line}");
    let watch = Stopwatch::start();
    let (p, outcome, _) = plans::simulate(store, &cx, id, today().year(), &mut say).map_err(super::plan::failure)?;
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
    let (_, applied) = plans::apply(store, &cx, id, &mut say).map_err(super::plan::failure)?;
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

/// The password of every demo account (the demo is for trying tinhgon out, never for real data).
pub const DEMO_PASSWORD: &str = "tinhgon-demo";

/// A demo account as printed.
pub struct DemoAccount {
    pub name: &'static str,
    pub role: Role,
    /// The unit or person it reaches, or "*" for the whole register.
    pub reach: String,
}

/// One account per role over the Hà Tĩnh part of the demo: the organization officer reaches the
/// province, the inspection officer the provincial party organization, the home-affairs officer the
/// provincial people's committee, the secretary the party committee of Thành Sen ward, the member
/// their own record (a member of its first residential cell).
pub fn create_demo_accounts(store: &mut Store) -> Result<Vec<DemoAccount>, Failure> {
    let member = store.read(|tx| {
        tx.query_opt(
            "SELECT p.code FROM membership m JOIN person p ON p.id = m.person_id JOIN unit u ON u.id = m.unit_id
             WHERE u.code = $1 AND m.valid_to IS NULL ORDER BY p.code LIMIT 1",
            &["18073.DU.C01".into()],
        )?
        .map(|r| r.text(0))
        .transpose()
    })?;
    let plan: [(&'static str, &str, Role, Option<&str>); 7] = [
        ("admin", "Quản trị hệ thống", Role::Admin, None),
        ("tochuc", "Nguyễn Thị Tổ Chức", Role::Organization, Some("42")),
        ("kiemtra", "Trần Văn Kiểm Tra", Role::Inspection, Some("42.TU")),
        ("noivu", "Lê Thị Nội Vụ", Role::HomeAffairs, Some("42.UBND")),
        ("bithu", "Phạm Văn Bí Thư", Role::Secretary, Some("18073.DU")),
        ("kiemtoan", "Hoàng Thị Kiểm Toán", Role::Auditor, None),
        ("dangvien", "Đảng viên mẫu", Role::Member, None),
    ];
    let mut out = Vec::new();
    for (name, display_name, role, unit) in plan {
        let person = if role == Role::Member { member.as_deref() } else { None };
        if role == Role::Member && person.is_none() {
            continue;
        }
        // The replay of 2025 stopped before applying has no Thành Sen ward yet.
        if let Some(code) = unit {
            let known = store.read(|tx| tx.query_opt("SELECT id FROM unit WHERE code = $1", &[code.into()]))?;
            if known.is_none() {
                continue;
            }
        }
        create_account(
            store,
            &Ctx::operator_as("demo", today(), now_iso()),
            &AccountSpec { name, display_name, role, unit, person, password: DEMO_PASSWORD },
        )?;
        let reach = unit.or(person).unwrap_or("*").to_string();
        out.push(DemoAccount { name, role, reach });
    }
    Ok(out)
}

/// Removes the register: the SQLite file, or every table of the PostgreSQL database.
pub fn erase(db: &str) -> Result<(), Failure> {
    if let Some(path) = db.strip_prefix("sqlite://") {
        for suffix in ["", "-wal", "-shm"] {
            let p = format!("{path}{suffix}");
            match std::fs::remove_file(&p) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => {
                    return Err(Failure::new(format!("Không xóa được {p}: {e}"), format!("Cannot remove {p}: {e}")))
                }
            }
        }
        return Ok(());
    }
    let mut store = open(db)?;
    if store.backend() == Backend::Postgres {
        store.read(|tx| tx.batch("DROP SCHEMA public CASCADE; CREATE SCHEMA public;"))?;
    }
    Ok(())
}
