//! Imports from CSV and XLSX: all or nothing, every bad row reported with line and column.

use std::fmt::Write as _;

use crate::support::{backends, json, stderr, stdout, Backend, TempDir, TestDb};

/// Seed 002: the bloc of provincial agencies and enterprises of Hà Tĩnh, merged by 865-QĐ/TU of
/// 18/01/2019, had 105 grassroots organizations and 7,841 members, by sector of the host entity.
const SEED_002: [(&str, u64, u64); 6] = [
    ("admin_agency", 49, 2_978),
    ("public_service", 17, 1_342),
    ("soe_100", 16, 2_179),
    ("state_majority", 15, 1_000),
    ("state_minority", 1, 11),
    ("private", 7, 331),
];

/// Writes the bloc as the organization board would key it in: units, then members.
fn seed_002_files(dir: &TempDir) -> (std::path::PathBuf, std::path::PathBuf) {
    let mut units = String::from("code,name,kind,parent,sector,valid_from,decision_no,decision_date\n");
    units.push_str("42,Tỉnh Hà Tĩnh,province,,,01/01/2015,,\n");
    units.push_str("42.TU,Đảng bộ tỉnh Hà Tĩnh,party_provincial,42,,01/01/2015,,\n");
    units.push_str(
        "42.DUK,Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh,party_bloc,42.TU,,18/01/2019,865-QĐ/TU,18/01/2019\n",
    );
    // The members were admitted long before; they have been in the bloc's cells since the merger.
    let mut members =
        String::from("person,full_name,gender,birth_date,unit,status,admitted_on,recognized_on,valid_from\n");
    let mut org = 0;
    let mut person = 0;
    for (sector, orgs, total) in SEED_002 {
        for i in 0..orgs {
            org += 1;
            // Spread the sector's members over its organizations as evenly as whole numbers allow.
            let size = total / orgs + u64::from(i < total % orgs);
            let code = format!("42.DUK.G{org:03}");
            let cells: Vec<(String, u64)> = if size >= 30 {
                let _ = writeln!(units, "{code},Đảng bộ cơ sở số {org},party_grassroots_committee,42.DUK,{sector},18/01/2019,865-QĐ/TU,18/01/2019");
                let k = size.div_ceil(25);
                (0..k)
                    .map(|c| {
                        let cell = format!("{code}.C{c}");
                        let _ = writeln!(units, "{cell},Chi bộ {c},party_cell,{code},,18/01/2019,,");
                        (cell, size / k + u64::from(c < size % k))
                    })
                    .collect()
            } else {
                let _ = writeln!(units, "{code},Chi bộ cơ sở số {org},party_grassroots_cell,42.DUK,{sector},18/01/2019,865-QĐ/TU,18/01/2019");
                vec![(code, size)]
            };
            for (cell, n) in cells {
                for _ in 0..n {
                    person += 1;
                    let (name, gender) =
                        if person % 3 == 0 { ("Nguyễn Thị Hà", "nữ") } else { ("Trần Văn Bình", "nam") };
                    let _ = writeln!(
                        members,
                        "HT{person:05},{name},{gender},12/05/1980,{cell},official,03/02/2005,03/02/2006,18/01/2019"
                    );
                }
            }
        }
    }
    let (u, m) = (dir.path("units.csv"), dir.path("members.csv"));
    std::fs::write(&u, units).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&m, members).unwrap_or_else(|e| panic!("{e}"));
    (u, m)
}

#[test]
fn the_ha_tinh_bloc_of_seed_002_is_rebuilt_from_csv_and_its_table_reproduced() {
    let dir = TempDir::new("seed002");
    let (units, members) = seed_002_files(&dir);
    for b in backends() {
        let db = TestDb::new(b, "seed002");
        db.ok(&["import", "units", units.to_str().unwrap_or_default()]);
        let out = db.ok(&["import", "members", members.to_str().unwrap_or_default()]);
        assert!(out.contains("7.841"), "{out}");
        let v = json(&db.ok(&["stats", "--unit", "42.DUK", "--at", "03/07/2019", "--json"]));
        for (sector, orgs, total) in SEED_002 {
            assert_eq!(v["grassroots_by_sector"][sector]["organizations"], orgs, "{b:?} {sector}");
            assert_eq!(v["grassroots_by_sector"][sector]["members"], total, "{b:?} {sector}");
        }
        let orgs: u64 = SEED_002.iter().map(|s| s.1).sum();
        let sum_orgs: u64 = v["grassroots_by_sector"]
            .as_object()
            .map_or(0, |m| m.values().filter_map(|s| s["organizations"].as_u64()).sum());
        assert_eq!((orgs, sum_orgs), (105, 105));
        assert_eq!(v["members"]["total"], 7_841);
        assert_eq!(v["members"]["official"], 7_841);
        // Before the merger decision the bloc did not exist.
        let before = db.run(&["stats", "--unit", "42.DUK", "--at", "17/01/2019"]);
        assert!(!before.status.success());
        // The text report shows the seed's figures the way the seed writes them.
        let text = db.ok(&["stats", "--unit", "42.DUK", "--at", "03/07/2019"]);
        assert!(text.contains("2.978") && text.contains("7.841"), "{text}");
        // The seed's paragraph, generated from the register: every figure as the seed writes it.
        let para = db.ok(&["stats", "--unit", "42.DUK", "--at", "03/07/2019", "--paragraph"]);
        assert!(
            para.starts_with(
                "Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh hiện có hơn 7.800 đảng viên sinh hoạt tại 105 tổ chức cơ sở đảng; với đa dạng loại hình ("
            ),
            "{para}"
        );
        for part in [
            "49 tổ chức đảng trong cơ quan hành chính, 2.978 đảng viên",
            "17 tổ chức đảng trong đơn vị sự nghiệp, 1.342 đảng viên",
            "16 tổ chức đảng trong doanh nghiệp 100% vốn Nhà nước, 2.179 đảng viên",
            "15 tổ chức đảng trong doanh nghiệp trên 50% vốn Nhà nước, 1.000 đảng viên",
            "1 tổ chức đảng trong doanh nghiệp dưới 50% vốn Nhà nước, 11 đảng viên",
            "7 tổ chức đảng trong doanh nghiệp cổ phần, doanh nghiệp tư nhân, 331 đảng viên).",
        ] {
            assert!(para.contains(part), "{b:?}: the paragraph lacks '{part}': {para}");
        }
    }
}

fn write(dir: &TempDir, name: &str, body: &[u8]) -> String {
    dir.put(name, body)
}

/// Imports that must fail, the lines they must name, and that nothing is written.
fn refused(db: &TestDb, kind: &str, file: &str, expect: &[&str]) {
    let before = (db.count("unit_version"), db.count("person"), db.count("membership"), db.count("change_log"));
    let out = db.run(&["import", kind, file]);
    let err = stderr(&out);
    assert!(!out.status.success(), "import {kind} should fail: {}", stdout(&out));
    for e in expect {
        assert!(err.contains(e), "expected «{e}» in:\n{err}");
    }
    let after = (db.count("unit_version"), db.count("person"), db.count("membership"), db.count("change_log"));
    assert_eq!(before, after, "nothing may be written after an error");
}

#[test]
fn rows_that_cannot_be_read_are_each_reported() {
    let dir = TempDir::new("bad-parse");
    let db = TestDb::new(Backend::Sqlite, "bad-parse");
    let file = write(
        &dir,
        "units.csv",
        "code,name,kind,parent,valid_from,valid_to\n\
         A1,Đơn vị A,province,,2015-01-01,\n\
         A2,Đơn vị B,bogus_kind,A1,2015-01-01,\n\
         A3,Đơn vị C,party_cell,A1,31/02/2020,\n\
         A 4,Đơn vị D,party_cell,A1,2015-01-01,\n\
         A5,,party_cell,A1,2015-01-01,\n\
         A6,Đơn vị E,party_grassroots_cell,A1,2015-01-01,\n\
         A7,Đơn vị F,party_cell,A1,2020-01-01,2019-01-01\n"
            .as_bytes(),
    );
    refused(
        &db,
        "units",
        &file,
        &[
            "dòng 3, cột kind: mã loại đơn vị 'bogus_kind' không có trong danh mục",
            "line 3, column kind",
            "dòng 4, cột valid_from: ngày '31/02/2020' không có trong lịch",
            "dòng 5, cột code",
            "dòng 6, cột name",
            "dòng 7, cột sector",
            "dòng 8, cột valid_from: ngày kết thúc (01/01/2019) không sau ngày bắt đầu (01/01/2020)",
        ],
    );
}

#[test]
fn rows_that_break_the_register_are_each_reported() {
    let dir = TempDir::new("bad-register");
    for b in backends() {
        let db = TestDb::new(b, "bad-register");
        let ok = write(&dir, "base.csv", "code,name,kind,parent,valid_from,valid_to\nR,Gốc,province,,2015-01-01,\nB,Khối,party_bloc,R,2015-01-01,2019-01-18\n".as_bytes());
        db.ok(&["import", "units", &ok]);
        let file = write(
            &dir,
            "units.csv",
            "code,name,kind,parent,valid_from,valid_to\n\
             C1,Chi bộ 1,party_cell,NOPE,2016-01-01,\n\
             C2,Chi bộ 2,party_cell,B,2018-01-01,\n\
             R,Gốc lần hai,province,,2016-01-01,\n\
             X,Vòng X,party_bloc,Y,2016-01-01,\n\
             Y,Vòng Y,party_bloc,X,2016-01-01,\n"
                .as_bytes(),
        );
        refused(
            &db,
            "units",
            &file,
            &[
                "dòng 2, cột parent: đơn vị cấp trên NOPE không tồn tại vào ngày 01/01/2016",
                "dòng 3, cột parent: đơn vị cấp trên B không tồn tại vào ngày 18/01/2019",
                "dòng 4, cột valid_from: đơn vị R đã có một phiên bản có hiệu lực từ 01/01/2015 đến nay",
                "dòng 5, cột parent",
                "vòng qua",
            ],
        );
    }
}

#[test]
fn members_are_checked_against_people_cells_and_dates() {
    let dir = TempDir::new("bad-members");
    for b in backends() {
        let db = TestDb::new(b, "bad-members");
        let units = write(&dir, "u.csv", "code,name,kind,parent,valid_from,sector\nR,Gốc,province,,2015-01-01,\nG,Đảng bộ,party_grassroots_committee,R,2015-01-01,admin_agency\nC,Chi bộ,party_cell,G,2015-01-01,\n".as_bytes());
        db.ok(&["import", "units", &units]);
        let file = write(
            &dir,
            "m.csv",
            "person,full_name,gender,birth_date,unit,status,admitted_on,recognized_on\n\
             P1,Lê Văn Tám,nam,01/01/1990,C,official,10/05/2020,09/05/2020\n\
             P2,Phạm Thị Lan,nữ,01/01/1991,G,official,10/05/2020,10/05/2021\n\
             P3,,,,C,probationary,10/05/2020,\n\
             P4,Hồ Văn Nam,nam,01/01/1992,C,official,10/05/2020,\n\
             P5,Đỗ Thị Mai,nữ,01/01/1993,C,probationary,10/05/2014,\n"
                .as_bytes(),
        );
        refused(
            &db,
            "members",
            &file,
            &[
                "dòng 2, cột recognized_on: ngày công nhận chính thức (09/05/2020) trước ngày kết nạp (10/05/2020)",
                "dòng 5, cột recognized_on: đảng viên chính thức phải có ngày công nhận chính thức",
            ],
        );
        // With the unreadable rows gone, the register-level checks speak.
        let file = write(
            &dir,
            "m2.csv",
            "person,full_name,gender,birth_date,unit,status,admitted_on,recognized_on\n\
             P2,Phạm Thị Lan,nữ,01/01/1991,G,official,10/05/2020,10/05/2021\n\
             P3,,,,C,probationary,10/05/2020,\n\
             P5,Đỗ Thị Mai,nữ,01/01/1993,C,probationary,10/05/2014,\n\
             P6,Vũ Văn Hải,nam,01/01/1980,C,probationary,10/05/2020,\n\
             P6,Vũ Văn Hải,nam,01/01/1980,C,probationary,10/05/2020,\n"
                .as_bytes(),
        );
        refused(
            &db,
            "members",
            &file,
            &[
                "dòng 2, cột unit: đảng viên sinh hoạt tại chi bộ; G là Đảng bộ cơ sở",
                "dòng 3, cột person: không có người mã P3",
                "dòng 4, cột unit: đơn vị C không có hiệu lực vào ngày 10/05/2014",
                // The same person twice with the same particulars is one person, in two periods
                // that overlap.
                "dòng 6, cột person: người P6 đã sinh hoạt ở nơi khác vào ngày 10/05/2020",
            ],
        );
    }
}

#[test]
fn files_that_are_not_tables_of_the_right_shape_are_refused() {
    let dir = TempDir::new("bad-files");
    let db = TestDb::new(Backend::Sqlite, "bad-files");
    let missing = write(&dir, "u.csv", "code,name,valid_from\nA,B,2015-01-01\n".as_bytes());
    refused(&db, "units", &missing, &["thiếu cột: kind", "missing columns: kind"]);
    // "Hà Tĩnh" in Windows-1258 on the third line.
    let mut cp1258 = b"code,name,kind,valid_from\nA,Ok,province,2015-01-01\nB,H".to_vec();
    cp1258.extend_from_slice(&[0xE0, b' ', b'T', 0xEC, b'n', b'h']);
    cp1258.extend_from_slice(b",province,2015-01-01\n");
    let enc = write(&dir, "enc.csv", &cp1258);
    refused(&db, "units", &enc, &["dòng 3 không phải văn bản UTF-8", "line 3 is not UTF-8"]);
    let fake = write(&dir, "fake.xlsx", b"code,name\nA,B\n");
    refused(&db, "units", &fake, &["không phải là bảng tính XLSX hợp lệ"]);
    let out = db.run(&["import", "units", "/nonexistent/file.csv"]);
    assert!(stderr(&out).contains("không đọc được tệp"), "{}", stderr(&out));
}

#[test]
fn a_dry_run_checks_everything_and_writes_nothing() {
    let dir = TempDir::new("dry");
    let db = TestDb::new(Backend::Sqlite, "dry");
    let file = write(&dir, "u.csv", "code,name,kind,valid_from\nA,Gốc,province,2015-01-01\n".as_bytes());
    let out = db.ok(&["import", "units", &file, "--dry-run"]);
    assert!(out.contains("Hợp lệ: 1 dòng"), "{out}");
    assert_eq!(db.count("unit"), 0);
    db.ok(&["import", "units", &file]);
    assert_eq!(db.count("unit"), 1);
    assert_eq!(db.count("change_log"), 1, "one change-log entry per imported row");
}

#[test]
fn a_register_exported_to_xlsx_imports_into_the_other_database_with_the_same_figures() {
    let dir = TempDir::new("roundtrip");
    let source = TestDb::tiny(Backend::Sqlite, "roundtrip-src");
    let target_backend = *backends().last().unwrap_or(&Backend::Sqlite);
    let target = TestDb::new(target_backend, "roundtrip-dst");
    for kind in ["units", "people", "members", "positions", "quotas"] {
        let file = dir.path(&format!("{kind}.xlsx"));
        let file = file.to_string_lossy();
        source.ok(&["export", kind, &file]);
        assert!(std::fs::read(&*file).map(|b| b.starts_with(b"PK")).unwrap_or(false), "{kind}.xlsx is a zip workbook");
        crate::office::converts_to_pdf(&dir, &format!("{kind}.xlsx"));
        target.ok(&["import", kind, &file]);
    }
    for args in [["--at", "2026-10-31"], ["--at", "2016-06-30"]] {
        let a = json(&source.ok(&["stats", "--unit", "42", args[0], args[1], "--json"]));
        let b = json(&target.ok(&["stats", "--unit", "42", args[0], args[1], "--json"]));
        assert_eq!(a, b, "figures differ after the round trip ({target_backend:?}) at {}", args[1]);
    }
    target.ok(&["verify"]);
}

/// A large import logs every row — a thousand to an `import` entry, each listing its rows — and a
/// refused one lists its first 200 bad rows with the count of them all.
#[test]
fn a_large_import_logs_every_row_and_a_refusal_lists_the_first_200() {
    let dir = TempDir::new("large");
    for b in backends() {
        let db = TestDb::new(b, "large");
        let units = dir.put("units.csv", "code,name,kind,parent,valid_from,sector\nR,Tỉnh,province,,2015-01-01,\nG,Đảng bộ,party_grassroots_committee,R,2015-01-01,admin_agency\nC,Chi bộ,party_cell,G,2015-01-01,\n");
        db.ok(&["import", "units", &units]);
        let before = db.count("change_log");
        let mut members = String::from("person,full_name,gender,birth_date,unit,status,admitted_on\n");
        for i in 0..2_500 {
            let _ = writeln!(members, "M{i:05},Nguyễn Văn An,nam,01/01/1980,C,probationary,01/03/2016");
        }
        let path = dir.put("members.csv", &members);
        db.ok(&["import", "members", &path]);
        assert_eq!(db.count("person"), 2_500, "{b:?}");
        assert_eq!(db.count("membership"), 2_500, "{b:?}");
        // 2,500 people and 2,500 periods: 5,000 rows of the log in five entries.
        assert_eq!(db.count("change_log"), before + 5, "{b:?}");
        let (rows, keys) = db
            .store()
            .read(|tx| {
                let mut rows = 0;
                let mut keys = std::collections::HashSet::new();
                for r in tx.query("SELECT after_json FROM change_log WHERE entity = 'import' ORDER BY seq", &[])? {
                    let v: serde_json::Value = serde_json::from_str(&r.text(0)?).unwrap_or_default();
                    for row in v["rows"].as_array().cloned().unwrap_or_default() {
                        rows += 1;
                        keys.insert(format!(
                            "{}:{}",
                            row["entity"].as_str().unwrap_or(""),
                            row["key"].as_str().unwrap_or("")
                        ));
                    }
                }
                Ok((rows, keys))
            })
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(rows, 5_000, "{b:?}: every row is in the log");
        assert!(keys.contains("person:M02499") && keys.contains("membership:M00000"), "{b:?}");
        let orphans = db
            .store()
            .read(|tx| {
                tx.query_one(
                    "SELECT COUNT(*) FROM person p JOIN change_log c ON c.seq = p.log_seq WHERE c.entity <> 'import'",
                    &[],
                )?
                .int(0)
            })
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(orphans, 0, "{b:?}: each row carries the entry that lists it");
        db.ok(&["verify"]);

        // 250 rows naming a cell that does not exist.
        let bad = members.replace(",C,", ",X,").replace("M0", "N0");
        let bad: String = bad.lines().take(251).map(|l| format!("{l}\n")).collect();
        let path = dir.put("bad.csv", bad);
        let logged = db.count("change_log");
        let out = db.run(&["import", "members", &path]);
        assert!(!out.status.success());
        let err = stderr(&out);
        assert_eq!(err.lines().filter(|l| l.starts_with("  dòng ")).count(), 200, "{b:?}:\n{err}");
        assert_eq!(err.lines().filter(|l| l.starts_with("  line ")).count(), 200, "{b:?}");
        assert!(err.contains("Không nhập gì: 250 lỗi.") && err.contains("… và 50 lỗi nữa"), "{b:?}:\n{err}");
        assert!(err.contains("… and 50 more (only the first 200 are listed)"), "{b:?}");
        assert_eq!(db.count("change_log"), logged, "{b:?}: nothing written");
    }
}
