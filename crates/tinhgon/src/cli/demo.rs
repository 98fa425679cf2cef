//! `tinhgon demo`.

use std::process::ExitCode;

use tinhgon_domain::access::Role;
use tinhgon_domain::text::format_int;
use tinhgon_store::{Backend, BulkLoader, Store};

use super::users::{create_account, AccountSpec};

use super::{open, Failure};
use crate::clock::{now_iso, Stopwatch};
use crate::demo::{generate, Scale};

pub fn run(db: &str, scale: Scale, seed: u64, fresh: bool, serve: Option<String>) -> Result<ExitCode, Failure> {
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
    let watch = Stopwatch::start();
    eprintln!("Đang tạo dữ liệu mẫu ({scale:?}, seed {seed})… / generating the demo…");
    store.bulk_mode(true)?;
    let summary = store.write("demo", &now_iso(), |w| -> anyhow::Result<_> {
        let mut loader = BulkLoader::new(w)?;
        let summary = loader.load(|rows| generate(rows, scale, seed, &mut |line| eprintln!("  {line}")))?;
        loader.finish(&format!("demo {scale:?} seed {seed}").to_lowercase())?;
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
    eprintln!("Thử / try: tinhgon stats --unit 42 --compare 01/01/2015");
    let accounts = create_demo_accounts(&mut store)?;
    eprintln!("\nTài khoản mẫu / demo accounts (mật khẩu / password: {DEMO_PASSWORD}):");
    for a in &accounts {
        eprintln!("  {:<10} {:<28} {}", a.name, a.role.label_vi(), a.reach);
    }
    drop(store);
    match serve {
        Some(addr) => crate::api::serve_blocking(db, &addr),
        None => Ok(ExitCode::SUCCESS),
    }
}

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
        create_account(
            store,
            "demo",
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
