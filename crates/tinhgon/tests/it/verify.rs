//! The change log: append-only, and any edit or deletion of history is detected by `verify`.

use crate::support::{backends, stdout, Backend, TempDir, TestDb};

fn small_register(db: &TestDb, dir: &TempDir) {
    let file = dir.put("u.csv", "code,name,kind,parent,valid_from\nR,Gốc,province,,2015-01-01\nB,Khối,party_bloc,R,2015-01-01\nC,Chi bộ,party_cell,B,2016-01-01\n");
    db.ok(&["import", "units", &file]);
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

/// Lifts the guards of the change log and of its checkpoints, as someone who can write the
/// database can, and runs `sql`.
fn tamper_all(db: &TestDb, sql: &str) {
    let disable = match db.backend {
        Backend::Sqlite => {
            "DROP TRIGGER IF EXISTS change_log_no_update; DROP TRIGGER IF EXISTS change_log_no_delete;
             DROP TRIGGER IF EXISTS checkpoint_no_update; DROP TRIGGER IF EXISTS checkpoint_no_delete;"
        }
        Backend::Postgres => {
            "ALTER TABLE change_log DISABLE TRIGGER change_log_no_change;
             ALTER TABLE checkpoint DISABLE TRIGGER checkpoint_no_change;"
        }
    };
    db.store().read(|tx| tx.batch(&format!("{disable} {sql}"))).unwrap_or_else(|e| panic!("{e}"));
}

/// A register of three writes, each signed by the database's key.
fn signed_register(db: &TestDb, dir: &TempDir) {
    small_register(db, dir);
    for (code, parent) in [("D", "B"), ("E", "D")] {
        let file = dir.put(
            &format!("{code}.csv"),
            format!("code,name,kind,parent,valid_from\n{code},Chi bộ {code},party_cell,{parent},2017-01-01\n"),
        );
        db.ok(&["import", "units", &file]);
    }
}

/// Recomputes the whole chain from entry `from` on, as a forger who knows the hash would.
fn rehash_from(db: &TestDb, from: i64) {
    use sha2::{Digest, Sha256};
    let mut store = db.store();
    let rows = store
        .read(|tx| {
            tx.query(
                "SELECT seq, at, actor, action, entity, entity_key, decision_no, decision_date, before_json,
                        after_json, prev_hash FROM change_log ORDER BY seq",
                &[],
            )
        })
        .unwrap_or_else(|e| panic!("{e}"));
    let mut prev = String::new();
    let mut updates = String::new();
    for r in rows {
        let seq = r.int(0).unwrap_or_else(|e| panic!("{e}"));
        if seq < from {
            prev = store
                .read(|tx| tx.query_one("SELECT hash FROM change_log WHERE seq = $1", &[seq.into()])?.text(0))
                .unwrap_or_else(|e| panic!("{e}"));
            continue;
        }
        let text = |i: usize| r.opt_text(i).unwrap_or_else(|e| panic!("{e}"));
        let canonical =
            serde_json::json!([seq, text(1), text(2), text(3), text(4), text(5), text(6), text(7), text(8), text(9)]);
        let hash = hex::encode(Sha256::digest(format!("{prev}\n{canonical}")));
        updates.push_str(&format!("UPDATE change_log SET prev_hash = '{prev}', hash = '{hash}' WHERE seq = {seq};\n"));
        prev = hash;
    }
    tamper_all(db, &updates);
}

#[test]
fn checkpoints_find_the_newest_entries_deleted() {
    let dir = TempDir::new("truncated");
    for b in backends() {
        let db = TestDb::new(b, "truncated");
        signed_register(&db, &dir);
        let out = db.ok(&["verify"]);
        assert!(out.contains("5 mục nhật ký nối liền, 3 điểm kiểm tra (ký đến mục 5)"), "{b:?}: {out}");

        // The newest two entries go, and the checkpoints in the database that signed them.
        tamper_all(&db, "DELETE FROM change_log WHERE seq > 3; DELETE FROM checkpoint WHERE seq > 3;");
        let out = db.run(&["verify"]);
        let text = stdout(&out);
        assert!(!out.status.success(), "{b:?}: a shortened log must fail verify: {text}");
        assert!(
            text.contains("đã ký mục 5 nhưng nhật ký chỉ còn đến mục 3: các mục mới nhất đã bị xóa")
                && text.contains("checkpoint 3 (entry 5) is in the file but no longer in the database"),
            "{b:?}: {text}"
        );
        // Without the file outside the database, what is left is consistent: that is why it exists.
        let empty = dir.put("none.checkpoints", "");
        let out = db.run(&["verify", "--checkpoints", &empty]);
        assert!(!stdout(&out).contains("các mục mới nhất đã bị xóa"), "{}", stdout(&out));
    }
}

#[test]
fn checkpoints_find_a_chain_rewritten_after_an_edit() {
    let dir = TempDir::new("rewritten");
    for b in backends() {
        let db = TestDb::new(b, "rewritten");
        signed_register(&db, &dir);
        db.ok(&["verify"]);
        // Entry 2 is edited, every hash from it on recomputed, and the checkpoints in the database
        // that would betray it removed.
        tamper_all(
            &db,
            "UPDATE change_log SET actor = 'someone else' WHERE seq = 2; DELETE FROM checkpoint WHERE seq >= 2;",
        );
        rehash_from(&db, 2);
        let out = db.run(&["verify"]);
        let text = stdout(&out);
        assert!(!out.status.success(), "{b:?}: a rewritten chain must fail verify: {text}");
        // The chain itself holds together again; only the signed checkpoints show the rewrite.
        assert!(!text.contains("đã bị sửa sau khi ghi") && !text.contains("chuỗi băm bị đứt"), "{b:?}: {text}");
        assert!(text.contains("mục 3 không còn là mục mà điểm kiểm tra số 1 đã ký"), "{b:?}: {text}");
        assert!(text.contains("entry 5 is not the one checkpoint 3 signed: the change log was rewritten"), "{text}");
    }
}

#[test]
fn a_write_without_the_key_is_reported_until_a_checkpoint_signs_it() {
    let dir = TempDir::new("unsigned");
    let db = TestDb::new(Backend::Sqlite, "unsigned");
    signed_register(&db, &dir);
    let file = dir.put("f.csv", "code,name,kind,parent,valid_from\nF,Chi bộ F,party_cell,B,2018-01-01\n");
    let out = db
        .command(&["import", "units", &file])
        .env_remove("TINHGON_SIGNING_KEY")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(out.status.success(), "{}", crate::support::stderr(&out));
    let out = db.run(&["verify"]);
    assert!(!out.status.success());
    assert!(stdout(&out).contains("các mục 6–6 ghi sau điểm kiểm tra cuối cùng"), "{}", stdout(&out));
    let signed = db.ok(&["checkpoint"]);
    assert!(signed.contains("Signed checkpoint 4: the change log to entry 6"), "{signed}");
    db.ok(&["verify"]);

    // A key that did not sign them is not trusted.
    let other = dir.path("other.key");
    db.ok(&["key", "new", &other.to_string_lossy()]);
    let again = db.run(&["key", "new", &other.to_string_lossy()]);
    assert!(!again.status.success());
    let said = crate::support::stderr(&again);
    assert!(said.contains("tinhgon không thay một khóa ký") && said.contains("never replaces a signing key"), "{said}");
    let out = db.run(&["verify", "--public-key", &format!("{}.pub", other.display())]);
    assert!(!out.status.success());
    assert!(stdout(&out).contains("không khớp khóa công khai được tin cậy"), "{}", stdout(&out));
}
