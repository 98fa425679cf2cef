//! The demo register and the statistics over it, on both databases.

use crate::support::{backends, json, stderr, TestDb};

#[test]
fn the_tiny_demo_gives_the_same_figures_on_sqlite_and_postgres() {
    let mut results = Vec::new();
    for b in backends() {
        let db = TestDb::tiny(b, "demo-same");
        let v = json(&db.ok(&["stats", "--unit", "42", "--at", "31/10/2026", "--compare", "2015-01-01", "--json"]));
        assert_eq!(v["unit"]["name"], "Tỉnh Hà Tĩnh", "{b:?}");
        assert_eq!(v["at"], "2026-10-31");
        assert_eq!(v["members"]["total"], 250, "the tiny demo has 250 members at its end date");
        // All 69 communes of Hà Tĩnh are territories; two are populated with a party committee.
        assert_eq!(v["units_by_kind"]["commune"], 69);
        assert_eq!(v["units_by_kind"]["party_commune"], 2);
        // Six departments' worth of merging in the tiny shape: one department and its divisions.
        assert_eq!(v["compare"]["difference"]["units_by_kind"]["department"], -1);
        assert_eq!(v["compare"]["at"], "2015-01-01");
        let then = &v["compare"]["figures"]["members"]["total"];
        assert_eq!(v["compare"]["difference"]["members"]["total"].as_i64(), Some(250 - then.as_i64().unwrap_or(0)));
        results.push((b, v));
    }
    let Some(((_, first), rest)) = results.split_first() else { panic!("no backend ran") };
    for (b, v) in rest {
        assert_eq!(v, first, "{b:?} differs from SQLite");
    }
}

#[test]
fn the_demo_holds_the_real_34_provinces_and_3321_communes() {
    let db = TestDb::tiny(crate::support::Backend::Sqlite, "demo-territory");
    let v = json(&db.ok(&["stats", "--unit", "VN", "--at", "2026-01-01", "--json"]));
    assert_eq!(v["units_by_kind"]["province"], 34);
    assert_eq!(v["units_by_kind"]["commune"], 3321);
}

#[test]
fn the_demo_refuses_a_database_that_already_holds_a_register() {
    let db = TestDb::tiny(crate::support::Backend::Sqlite, "demo-twice");
    let units = db.count("unit");
    let out = db.run(&["demo", "--scale", "tiny"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("Dùng --fresh"), "{}", stderr(&out));
    assert_eq!(db.count("unit"), units, "nothing was added");
    db.ok(&["demo", "--scale", "tiny", "--fresh"]);
    assert_eq!(db.count("unit"), units, "--fresh replaces the register with the same demo");
}

#[test]
fn stats_explain_bad_input_in_vietnamese_and_english() {
    let db = TestDb::tiny(crate::support::Backend::Sqlite, "stats-bad");
    let out = db.run(&["stats", "--unit", "99.NOPE"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("không có đơn vị mã 99.NOPE") && stderr(&out).contains("there is no unit 99.NOPE"),
        "{}",
        stderr(&out)
    );
    let out = db.run(&["stats", "--unit", "42", "--at", "30/02/2020"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("không có trong lịch"), "{}", stderr(&out));
    // The bloc merged in 2019 did not exist in 2016.
    let out = db.run(&["stats", "--unit", "42.DUK", "--at", "2016-01-01"]);
    assert!(stderr(&out).contains("không có hiệu lực vào ngày 01/01/2016"), "{}", stderr(&out));
}

#[test]
fn text_figures_use_vietnamese_number_and_date_forms() {
    let db = TestDb::tiny(crate::support::Backend::Sqlite, "stats-text");
    let text = db.ok(&["stats", "--unit", "VN", "--at", "2026-01-01"]);
    assert!(text.contains("Ngày / Date: 01/01/2026"), "{text}");
    assert!(text.contains("3.321"), "communes are written 3.321: {text}");
}
