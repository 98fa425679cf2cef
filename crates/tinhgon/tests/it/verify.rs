//! The change log: append-only, and any edit or deletion of history is detected by `verify`.

use crate::support::{backends, stdout, Backend, TempDir, TestDb};

fn small_register(db: &TestDb, dir: &TempDir) {
    let file = dir.path("u.csv");
    std::fs::write(&file, "code,name,kind,parent,valid_from\nR,Gốc,province,,2015-01-01\nB,Khối,party_bloc,R,2015-01-01\nC,Chi bộ,party_cell,B,2016-01-01\n")
        .unwrap_or_else(|e| panic!("{e}"));
    db.ok(&["import", "units", &file.to_string_lossy()]);
}

fn tamper(db: &TestDb, sql: &str) {
    let disable = match db.backend {
        Backend::Sqlite => "DROP TRIGGER change_log_no_update; DROP TRIGGER change_log_no_delete;",
        Backend::Postgres => "ALTER TABLE change_log DISABLE TRIGGER change_log_no_change;",
    };
    db.store().read(|tx| tx.batch(&format!("{disable} {sql}"))).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn the_change_log_refuses_updates_and_deletes() {
    let dir = TempDir::new("append-only");
    for b in backends() {
        let db = TestDb::new(b, "append-only");
        small_register(&db, &dir);
        let mut store = db.store();
        let update = store.read(|tx| tx.exec("UPDATE change_log SET actor = 'x' WHERE seq = 1", &[]));
        assert!(update.is_err(), "{b:?}: an update of the log must be refused");
        let delete = store.read(|tx| tx.exec("DELETE FROM change_log WHERE seq = 1", &[]));
        assert!(delete.is_err(), "{b:?}: a delete from the log must be refused");
    }
}

#[test]
fn verify_detects_an_edited_entry_and_a_deleted_one() {
    let dir = TempDir::new("tamper");
    for b in backends() {
        let db = TestDb::new(b, "tamper");
        small_register(&db, &dir);
        let out = db.ok(&["verify"]);
        assert!(out.contains("3 mục nhật ký nối liền"), "{out}");

        tamper(&db, "UPDATE change_log SET actor = 'someone else' WHERE seq = 2;");
        let out = db.run(&["verify"]);
        assert!(!out.status.success(), "{b:?}: an edited entry must fail verify");
        assert!(stdout(&out).contains("nội dung mục 2 đã bị sửa sau khi ghi"), "{}", stdout(&out));

        let db = TestDb::new(b, "tamper-delete");
        small_register(&db, &dir);
        tamper(&db, "DELETE FROM change_log WHERE seq = 2;");
        let out = db.run(&["verify"]);
        assert!(!out.status.success(), "{b:?}: a deleted entry must fail verify");
        let text = stdout(&out);
        assert!(text.contains("nhật ký thiếu mục 2") && text.contains("không nối với mục trước"), "{text}");
    }
}

#[test]
fn verify_detects_a_register_row_edited_behind_the_log() {
    let dir = TempDir::new("tamper-row");
    let db = TestDb::new(Backend::Sqlite, "tamper-row");
    small_register(&db, &dir);
    // A version made to overlap its parent's absence.
    tamper(
        &db,
        "UPDATE unit_version SET valid_from = '2010-01-01' WHERE unit_id = (SELECT id FROM unit WHERE code = 'C');",
    );
    let out = db.run(&["verify"]);
    assert!(!out.status.success());
    assert!(stdout(&out).contains("đơn vị cấp trên B không tồn tại vào ngày 01/01/2010"), "{}", stdout(&out));
}
