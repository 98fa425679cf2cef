//! Bad input is refused as bad input, the same on both databases: control characters in any text,
//! numbers, kinds and stages that do not read, a file over the limit; CSV exports never hand a
//! spreadsheet a formula; and a refusal says nothing of what lies out of reach.

use crate::support::{backends, json, request, TempDir, TestApp, TestDb};

/// A person of the demo found by a query.
fn person_in(db: &TestDb, sql: &str) -> String {
    let mut s = db.store();
    s.read(|tx| tx.query_one(sql, &[])?.text(0)).unwrap_or_else(|e| panic!("{sql}: {e}"))
}

fn first_error(v: &serde_json::Value) -> Option<&str> {
    v["errors"][0]["field"].as_str()
}

#[test]
fn control_characters_are_bad_input_on_both_databases_and_nothing_is_written() {
    let dir = TempDir::new("inputs-control");
    for b in backends() {
        let db = TestDb::tiny(b, "inputs-control");
        let admin = TestApp::with_token(&db, "admin");
        let before = db.count("change_log");
        for (path, body, field) in [
            (
                "/api/cases",
                r#"{"kind":"inspection","handler":"42.UBKT","opened_on":"2026-05-04","title":"Kiểm tra \u0000","subject_unit":"18073.DU"}"#,
                "title",
            ),
            (
                "/api/meetings",
                r#"{"unit":"18073.DU.C01","kind":"thematic","planned_on":"2026-05-04","topic":"Chuyên đề \u001b[31m"}"#,
                "topic",
            ),
            ("/api/documents", r#"{"issuer":"42.TU","kind":"ke_hoach","title":"Kế hoạch\u0007"}"#, "title"),
        ] {
            let (status, _, v) = admin.post(path, body);
            assert_eq!((status, first_error(&v)), (422, Some(field)), "{b:?} {path}: {v}");
            assert!(v.to_string().contains("U+00"), "{b:?} {path}: {v}");
        }
        // A search for a text with a NUL is refused, never a server error.
        let r = admin.fetch("/api/people?q=a%00b");
        assert!(r.status == 400 || r.status == 422, "{b:?}: {}", r.text());
        assert!(r.content_type().starts_with("application/problem+json"), "{b:?}");
        // An import row with one is refused, naming the character.
        let file = dir.put(
            &format!("units-{b:?}.csv"),
            "code,name,kind,parent,valid_from\n42.THU,Đơn vị\u{1}thử,party_cell,18073.DU,01/01/2020\n",
        );
        let out = db.run(&["import", "units", &file]);
        let said = format!("{}{}", crate::support::stdout(&out), crate::support::stderr(&out));
        assert!(!out.status.success() && said.contains("U+0001"), "{b:?}: {said}");
        // Also in the rows an import holds back to write together (people, members).
        let file = dir.put(
            &format!("people-{b:?}.csv"),
            "code,full_name,gender,birth_date,ethnicity\n42.8888888,Nguyễn Văn Thử,nam,01/01/1980,Kinh\u{0}\n",
        );
        let out = db.run(&["import", "people", &file]);
        let said = format!("{}{}", crate::support::stdout(&out), crate::support::stderr(&out));
        assert!(!out.status.success() && said.contains("U+0000"), "{b:?}: {said}");
        assert_eq!(db.count("change_log"), before, "{b:?}: a refused text wrote");
    }
}

#[test]
fn numbers_kinds_and_stages_read_strictly() {
    for b in backends() {
        let db = TestDb::tiny(b, "inputs-strict");
        let admin = TestApp::with_token(&db, "admin");
        let member = person_in(
            &db,
            "SELECT p.code FROM membership m JOIN person p ON p.id = m.person_id JOIN unit u ON u.id = m.unit_id
             WHERE u.code LIKE '18073.DU.%' AND m.valid_to IS NULL ORDER BY p.code LIMIT 1",
        );
        let before = db.count("change_log");
        for (path, body, field) in [
            ("/api/dues/payments", format!(r#"{{"person":"{member}","month":"01/2026","amount":"1.5","paid_on":"2026-01-05"}}"#), "amount"),
            ("/api/ratings", format!(r#"{{"year":2025,"subject":"member","person":"{member}","grade":"httnv","stage":5}}"#), "stage"),
            ("/api/ratings", format!(r#"{{"year":2025,"subject":"member","person":"{member}","grade":"httnv","stage":"quyết định"}}"#), "stage"),
            ("/api/cases", r#"{"kind":"inspection","handler":"42.UBKT","opened_on":"2026-05-04","title":"Kiểm tra","subject_unit":"18073.DU","year":"2026"}"#.to_string(), "year"),
            ("/api/meetings", r#"{"unit":"18073.DU.C01","planned_on":"2026-05-04"}"#.to_string(), "kind"),
        ] {
            let (status, _, v) = admin.post(path, &body);
            let named = v.to_string().contains(field);
            assert!(status == 422 && named, "{b:?} {path} {body}: {status} {v}");
        }
        assert_eq!(db.count("change_log"), before, "{b:?}");
        // A file over the limit is refused as a problem, in both languages.
        let big = vec![b'%'; tinhgon::services::party::meetings::MAX_FILE + 4096];
        let r = request(
            &admin.addr,
            "POST",
            "/api/documents/1/files?name=a.pdf",
            &[("Authorization", &format!("Bearer {}", admin.token)), ("Content-Type", "application/octet-stream")],
            &big,
        );
        assert_eq!(r.status, 413, "{b:?}");
        assert!(r.content_type().starts_with("application/problem+json"), "{b:?}: {}", r.content_type());
        assert!(json(&r.text())["detail_en"].as_str().is_some_and(|d| d.contains("too large")), "{b:?}: {}", r.text());
    }
}

#[test]
fn a_refusal_tells_nothing_of_what_lies_out_of_reach() {
    for b in backends() {
        let db = TestDb::tiny(b, "inputs-oracles");
        let own = db.person_of("dangvien");
        let other = person_in(
            &db,
            "SELECT p.code FROM membership m JOIN person p ON p.id = m.person_id JOIN unit u ON u.id = m.unit_id
             WHERE u.code LIKE '18100.DU.%' ORDER BY p.code LIMIT 1",
        );
        let bithu = TestApp::with_token(&db, "bithu");
        // A receiving cell out of reach that is no cell answers as one that does not exist.
        let send = |to: &str| {
            let body = format!(r#"{{"person":"{own}","to_cell":"{to}","on":"2026-02-01","letter":"12-GGT/ĐU"}}"#);
            let (status, _, v) = bithu.post("/api/transfers", &body);
            (status, v.to_string().replace(to, "<to>"))
        };
        assert_eq!(send("42.UBND"), send("42.KHONGCO"), "{b:?}");
        // A person's code taken by someone out of reach reads as one taken in reach.
        let add = |code: &str| {
            let body = format!(r#"{{"code":"{code}","full_name":"Một Hai","gender":"nam","birth_date":"1980-01-01"}}"#);
            let (status, _, v) = bithu.post("/api/people", &body);
            (status, v.to_string().replace(code, "<code>"))
        };
        let (status, text) = add(&other);
        assert_eq!((status, text.clone()), add(&own), "{b:?}");
        assert!(text.contains("đã được dùng") && !text.contains("twice"), "{b:?}: {text}");
        // A campaign naming a document the launcher does not see answers as for one that does not
        // exist, and writes nothing.
        let dir = TempDir::new("inputs-oracles");
        let far = "code,name,kind,parent,valid_from\n01.DTEST,Đảng bộ thử,party_commune,01,01/01/2015\n";
        db.ok(&["import", "units", &dir.put(&format!("far-{b:?}.csv"), far)]);
        let admin = TestApp::with_token(&db, "admin");
        let (status, _, v) =
            admin.post("/api/documents", r#"{"issuer":"01.DTEST","kind":"ke_hoach","title":"Kế hoạch của tỉnh khác"}"#);
        let unseen = if status == 201 { v["id"].as_i64().unwrap_or_default() } else { 0 };
        assert!(unseen > 0, "{b:?}: {v}");
        let tochuc = TestApp::with_token(&db, "tochuc");
        let launch = |doc: i64| {
            let body = serde_json::json!({
                "launcher": "18073.DU", "title": "Sơ kết", "reference_on": "2026-06-30", "report_by": "2026-12-31",
                "fields": ["members_total"], "reviews": doc,
            });
            let (status, _, v) = tochuc.post("/api/campaigns", &body.to_string());
            let text = v.to_string();
            (status, text.replace(&format!("số {doc}"), "số <id>").replace(&format!("document {doc}"), "document <id>"))
        };
        let before = db.count("change_log");
        let (status, text) = launch(unseen);
        assert_eq!(status, 422, "{b:?}: {text}");
        assert_eq!((status, text), launch(999_999), "{b:?}");
        assert_eq!(db.count("change_log"), before, "{b:?}");
    }
}

#[test]
fn a_cell_that_starts_like_a_formula_is_exported_as_text_and_imports_back() {
    let dir = TempDir::new("inputs-csv");
    let db = TestDb::tiny(backends()[0], "inputs-csv");
    let units = "code,name,kind,parent,valid_from\n42.CONGTHUC,=HYPERLINK(\"http://x\";\"Bấm\"),party_cell,18073.DU,01/01/2020\n";
    db.ok(&["import", "units", &dir.put("units.csv", units)]);
    let out = dir.path("units-out.csv");
    db.ok(&["export", "units", &out.to_string_lossy()]);
    let text = std::fs::read_to_string(&out).unwrap_or_default();
    assert!(text.contains("'=HYPERLINK"), "the cell is text");
    assert!(!text.contains(",=HYPERLINK") && !text.contains("\"=HYPERLINK"), "no formula is handed over");
    // Read back, the apostrophe is taken off again: the export imports back as it was.
    let table = tinhgon::files::read(&out).unwrap_or_else(|e| panic!("{}", e.en()));
    let name = table.col("name").unwrap_or_default();
    assert!(
        table.rows.iter().any(|(_, r)| r.get(name).is_some_and(|n| n == "=HYPERLINK(\"http://x\";\"Bấm\")")),
        "the name reads back as it was"
    );
}
