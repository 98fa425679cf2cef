//! `tinhgon demo`.

use std::process::ExitCode;

use tinhgon_domain::text::format_int;
use tinhgon_store::{Backend, BulkLoader};

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
    drop(store);
    match serve {
        Some(addr) => crate::api::serve_blocking(db, &addr),
        None => Ok(ExitCode::SUCCESS),
    }
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
