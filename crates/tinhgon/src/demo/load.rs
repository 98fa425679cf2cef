//! The demo register, for trying tinhgon out: erased, generated and loaded in bulk (one change-log
//! entry), with one account per role. The operator's work on their own machine, never real data.

use tinhgon_domain::access::Role;
use tinhgon_domain::Date;
use tinhgon_store::{Backend, BulkLoader, Rows, Store, StoreError};

use super::{generate, replay, territory, Scale, Summary};
use crate::services::accounts::{self, AccountSpec};
use crate::services::{Ctx, Error};

/// How many units the register holds: a demo is loaded only into an empty one.
pub fn units(store: &mut Store) -> Result<i64, StoreError> {
    store.read(|tx| tx.query_one("SELECT COUNT(*) FROM unit", &[])?.int(0))
}

/// Generates the demo — of today's apparatus, or of the one before 2025 — and loads it in bulk.
/// Progress goes to standard error, a line a step.
pub fn load(
    store: &mut Store,
    (scale, seed): (Scale, u64),
    before: Option<&territory::Before2025>,
    now: &str,
) -> anyhow::Result<Summary> {
    store.bulk_mode(true)?;
    let summary = store.write("demo", now, |w| -> anyhow::Result<_> {
        let mut loader = BulkLoader::new(w)?;
        let summary = loader.load(|rows: &mut Rows| {
            let mut say = |line: String| eprintln!("  {line}");
            match before {
                Some(b) => replay::generate(rows, b, scale, seed, &mut say),
                None => generate(rows, scale, seed, &mut say),
            }
        })?;
        let era = if before.is_some() { " before 2025" } else { "" };
        loader.finish(&format!("demo {scale:?} seed {seed}{era}").to_lowercase())?;
        Ok(summary)
    })?;
    store.bulk_mode(false)?;
    Ok(summary)
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
pub fn create_accounts(store: &mut Store, (today, now): (Date, String)) -> Result<Vec<DemoAccount>, Error> {
    let now = now.clone();
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
        accounts::create(
            store,
            &Ctx::operator_as("demo", today, now.clone()),
            &AccountSpec { name, display_name, role, unit, person, password: DEMO_PASSWORD },
        )?;
        let reach = unit.or(person).unwrap_or("*").to_string();
        out.push(DemoAccount { name, role, reach });
    }
    Ok(out)
}

/// Removes the register: the SQLite file, or every table of the PostgreSQL database.
pub fn erase(db: &str) -> anyhow::Result<()> {
    if let Some(path) = db.strip_prefix("sqlite://") {
        for suffix in ["", "-wal", "-shm"] {
            let p = format!("{path}{suffix}");
            match std::fs::remove_file(&p) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => anyhow::bail!("Không xóa được {p} / cannot remove {p}: {e}"),
            }
        }
        return Ok(());
    }
    let mut store = Store::open(db)?;
    if store.backend() == Backend::Postgres {
        store.read(|tx| tx.batch("DROP SCHEMA public CASCADE; CREATE SCHEMA public;"))?;
    }
    Ok(())
}
