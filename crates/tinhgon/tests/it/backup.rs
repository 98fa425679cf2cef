//! Backups taken while writers run, restores, and moves between SQLite and PostgreSQL: each copy
//! passes `verify` with the checkpoints and dumps to exactly the same text as its source.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use crate::support::{backends, Backend, TempDir, TestDb};

/// The canonical dump's digest of a database (the dump of every table).
fn digest(db: &TestDb, dir: &TempDir, name: &str) -> String {
    db.ok(&["dump", &dir.path(name).to_string_lossy()]).trim().to_string()
}

/// `verify` of a copy with the source's public key, and its checkpoint file if `with_file`.
fn verify_with_source_key(copy: &TestDb, source: &TestDb, with_file: bool) -> (bool, String) {
    let key = source.signing_key.to_string_lossy().into_owned();
    let (public, file) = (format!("{key}.pub"), format!("{key}.checkpoints"));
    let mut args = vec!["verify", "--public-key", &public];
    if with_file {
        args.extend(["--checkpoints", &file]);
    }
    let out = copy.command(&args).env_remove("TINHGON_SIGNING_KEY").output().unwrap_or_else(|e| panic!("{e}"));
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into_owned())
}

fn assert_verifies(copy: &TestDb, source: &TestDb) {
    let (ok, text) = verify_with_source_key(copy, source, true);
    assert!(ok && text.contains("không có lỗi"), "{:?}: the copy must verify: {text}", copy.backend);
}

#[test]
fn a_backup_taken_while_a_writer_runs_is_one_moment_of_the_register_and_restores_identical() {
    let dir = TempDir::new("backup");
    for b in backends() {
        let source = Arc::new(TestDb::new(b, "backup-source"));
        source.ok(&["demo", "--scale", "tiny"]);
        let stop = Arc::new(AtomicBool::new(false));
        let written = Arc::new(AtomicUsize::new(0));
        let writer = {
            let (source, stop, written, dir) =
                (Arc::clone(&source), Arc::clone(&stop), Arc::clone(&written), dir.0.clone());
            std::thread::spawn(move || {
                let mut n = 0;
                while !stop.load(Ordering::SeqCst) || n < 6 {
                    let file = dir.join(format!("w{n}-{b:?}.csv"));
                    let body =
                        format!("code,name,kind,parent,valid_from\n42.W{n},Chi bộ W{n},party_cell,42,2020-01-01\n");
                    std::fs::write(&file, body).unwrap_or_else(|e| panic!("{e}"));
                    source.ok(&["import", "units", &file.to_string_lossy()]);
                    n += 1;
                    written.store(n, Ordering::SeqCst);
                }
            })
        };
        while written.load(Ordering::SeqCst) < 3 {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let file = dir.path(&format!("backup-{b:?}.sqlite3"));
        let out = source.ok(&["backup", &file.to_string_lossy()]);
        assert!(out.contains("Đã sao lưu vào"), "{out}");
        let during = written.load(Ordering::SeqCst);
        stop.store(true, Ordering::SeqCst);
        writer.join().unwrap_or_else(|_| panic!("the writer failed"));
        assert!(written.load(Ordering::SeqCst) > during, "{b:?}: writes went on after the backup began");

        // A second backup into the same file is refused: a backup never overwrites.
        source.refused(&["backup", &file.to_string_lossy()], "a backup never overwrites");

        // Restored into an empty database of the source's kind, and into a SQLite file.
        let restored = TestDb::new(b, "backup-restored");
        let out = restored.ok(&["restore", &file.to_string_lossy()]);
        assert!(out.contains("Đã khôi phục"), "{out}");
        let (ok, text) = verify_with_source_key(&restored, &source, false);
        assert!(ok, "{b:?}: the restored register verifies with the source's key: {text}");
        // Against the live checkpoint file, a restored backup shows what it lost: rolling a
        // register back to an old copy cannot pass for the real one.
        let (ok, text) = verify_with_source_key(&restored, &source, true);
        assert!(!ok && text.contains("các mục mới nhất đã bị xóa"), "{b:?}: {text}");
        let backup = TestDb::at(Backend::Sqlite, format!("sqlite://{}", file.display()), TempDir::new("backup-file"));
        let (of_backup, of_restored) =
            (digest(&backup, &dir, &format!("d-backup-{b:?}")), digest(&restored, &dir, &format!("d-restored-{b:?}")));
        assert_eq!(of_backup, of_restored, "{b:?}: the restored register dumps exactly as its backup");

        // The backup is one moment of the source: its change log is the source's, entry for
        // entry, up to where it ends, and the source went on after it.
        let log = |db: &TestDb| {
            db.store()
                .read(|tx| tx.query("SELECT seq, hash FROM change_log ORDER BY seq", &[]))
                .unwrap_or_else(|e| panic!("{e}"))
                .iter()
                .map(|r| (r.int(0).unwrap_or(0), r.text(1).unwrap_or_default()))
                .collect::<Vec<_>>()
        };
        let (in_backup, in_source) = (log(&backup), log(&source));
        assert!(in_backup.len() < in_source.len(), "{b:?}: the source was written after the backup");
        assert_eq!(in_backup[..], in_source[..in_backup.len()], "{b:?}: the backup's log is a prefix of the source's");

        // Restoring into a database that holds a register is refused, and writes nothing.
        restored.refused(&["restore", &file.to_string_lossy()], "restore only into an empty database");
    }
}

#[test]
fn a_register_moved_from_sqlite_to_postgresql_and_back_dumps_identical() {
    if !backends().contains(&Backend::Postgres) {
        return;
    }
    let dir = TempDir::new("migrate");
    let sqlite = TestDb::tiny(Backend::Sqlite, "migrate-from");
    let first = digest(&sqlite, &dir, "d-sqlite");

    let pg = TestDb::new(Backend::Postgres, "migrate-pg");
    let out = pg.ok(&["migrate", "--from", &sqlite.url, "--to", &pg.url]);
    assert!(out.contains("Đã chuyển sang"), "{out}");
    assert_verifies(&pg, &sqlite);
    assert_eq!(digest(&pg, &dir, "d-pg"), first, "SQLite → PostgreSQL dumps identical");

    let back = TestDb::new(Backend::Sqlite, "migrate-back");
    back.ok(&["migrate", "--from", &pg.url, "--to", &back.url]);
    assert_verifies(&back, &sqlite);
    assert_eq!(digest(&back, &dir, "d-back"), first, "and back to SQLite, identical");

    // The moved register works: its figures are the source's.
    let figures = |db: &TestDb| db.ok(&["stats", "--unit", "42", "--json"]);
    assert_eq!(figures(&back), figures(&sqlite));
}

#[test]
fn a_copy_takes_every_table_of_the_schema() {
    for b in backends() {
        let db = TestDb::new(b, "copy-tables");
        let mut held = db.store().read(tinhgon_store::copy::tables_in_schema).unwrap_or_else(|e| panic!("{e}"));
        held.retain(|t| t != "schema_version");
        let mut copied: Vec<String> = tinhgon_store::copy::TABLES.iter().map(|t| t.to_string()).collect();
        copied.sort();
        assert_eq!(held, copied, "{b:?}: a table the copy does not know would be lost by a backup");
    }
}
