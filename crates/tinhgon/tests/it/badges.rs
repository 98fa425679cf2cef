//! Party badges and the work due: members reaching a milestone fall to the next award day, a badge
//! is awarded once and early only on serious illness, and the list of work due gathers badges and
//! transits not received, overdue first.

use crate::support::{backends, json, TempDir, TestDb};

#[test]
fn badges_fall_due_on_award_days_and_the_work_due_lists_them() {
    let dir = TempDir::new("badges");
    for b in backends() {
        let db = TestDb::new(b, "badges");
        let units = "code,name,kind,parent,valid_from,sector\nR,Tỉnh,province,,2015-01-01,\n\
            G,Đảng bộ 1,party_grassroots_committee,R,2015-01-01,commune\nC,Chi bộ 1,party_cell,G,2015-01-01,\n\
            G2,Đảng bộ 2,party_grassroots_committee,R,2015-01-01,commune\nC2,Chi bộ 2,party_cell,G2,2015-01-01,\n";
        db.ok(&["import", "units", &dir.put("units.csv", units)]);
        let members = "person,full_name,gender,birth_date,unit,status,admitted_on,recognized_on,valid_from\n\
            P30,Nguyễn Văn Ba,nam,01/01/1970,C,official,10/06/1996,10/06/1997,01/01/2015\n\
            P55,Lê Thị Năm,nữ,01/01/1950,C,official,20/12/1971,20/12/1972,01/01/2015\n\
            P10,Trần Văn Mười,nam,01/01/1990,C,official,01/03/2016,01/03/2017,01/03/2017\n";
        db.ok(&["import", "members", &dir.put("members.csv", members)]);

        let due = json(&db.ok(&["badges", "due", "--unit", "R", "--json"]));
        let found: Vec<(String, i64, String)> = due
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|d| {
                        (
                            d["person"].as_str().unwrap_or("").into(),
                            d["years"].as_i64().unwrap_or(0),
                            d["award_on"].as_str().unwrap_or("").into(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(
            found,
            [("P30".to_string(), 30, "2026-09-02".to_string()), ("P55".to_string(), 55, "2027-02-03".to_string())],
            "{b:?}: 30 years on 10/06/2026 fall to 2/9; 55 years on 20/12/2026 to 3/2 next year"
        );
        db.refused(
            &[
                "badges",
                "award",
                "--person",
                "P30",
                "--years",
                "35",
                "--on",
                "02/09/2026",
                "--decision",
                "5-QĐ/TU",
                "--decision-date",
                "20/08/2026",
            ],
            "không có Huy hiệu 35 năm tuổi Đảng",
        );
        db.ok(&[
            "badges",
            "award",
            "--person",
            "P30",
            "--years",
            "30",
            "--on",
            "02/09/2026",
            "--decision",
            "5-QĐ/TU",
            "--decision-date",
            "20/08/2026",
        ]);
        db.refused(
            &[
                "badges",
                "award",
                "--person",
                "P30",
                "--years",
                "30",
                "--on",
                "07/11/2026",
                "--decision",
                "6-QĐ/TU",
                "--decision-date",
                "01/11/2026",
            ],
            "đã tặng Huy hiệu 30 năm tuổi Đảng",
        );
        let p55 = ["badges", "award", "--person", "P55", "--years", "55", "--on", "07/11/2026"];
        let p55 = [&p55[..], &["--decision", "6-QĐ/TU", "--decision-date", "01/11/2026"]].concat();
        db.refused(&p55, "đảng viên đủ 55 năm tuổi Đảng vào ngày 20/12/2026; chỉ được xét sớm tối đa 0 tháng");
        db.ok(&[&p55[..], &["--ill"]].concat());
        let due = json(&db.ok(&["badges", "due", "--unit", "R", "--json"]));
        assert_eq!(due.as_array().map(Vec::len), Some(0), "{b:?}: both awarded: {due}");

        // A member sent to another grassroots organization on 01/10/2026 and not received: the
        // letter's 30 working days ended on 12/11/2026.
        db.ok(&["transfer", "send", "--person", "P10", "--to", "C2", "--on", "01/10/2026", "--letter", "8-GGT/ĐU"]);
        let work = json(&db.ok(&["due", "--unit", "R", "--json"]));
        let first = &work[0];
        assert_eq!(
            (first["work"].as_str(), first["person"].as_str(), first["due"].as_str()),
            (Some("transit_not_received"), Some("P10"), Some("2026-11-12")),
            "{b:?}: {work}"
        );
        assert_eq!(first["overdue"], true, "{b:?}");
        // The receiving side sees it too; the sending grassroots organization alone does not list badges it lacks.
        let theirs = json(&db.ok(&["due", "--unit", "G2", "--json"]));
        assert_eq!(theirs.as_array().map(Vec::len), Some(1), "{b:?}: {theirs}");
        let record = db.ok(&["badges", "due", "--unit", "G", "--until", "01/01/2040"]);
        assert!(
            record.contains("P30") && record.contains("40 năm"),
            "{b:?}: the next milestone, 40 years in 2036: {record}"
        );
        // The same through the API, for an administrator and for the officer of another province.
        let pass = "một mật khẩu dài cho thử\n";
        db.run_with_input(&["user", "add", "admin", "--role", "admin"], pass);
        db.run_with_input(&["user", "add", "tochuc", "--role", "organization", "--unit", "G2"], pass);
        let app = crate::support::TestApp::with_token(&db, "tochuc");
        let admin = crate::support::TestApp::with_token(&db, "admin");
        let (status, _, listed) = admin.get("/api/units/R/badges-due?until=2040-01-01");
        assert_eq!(status, 200, "{b:?}");
        assert!(listed.to_string().contains("\"years\":40"), "{b:?}: {listed}");
        let (status, _, work) = admin.get("/api/units/R/due");
        assert_eq!((status, &work[0]["work"]), (200, &"transit_not_received".into()), "{b:?}: {work}");
        let (status, _, text) = admin.post(
            "/api/badges",
            r#"{"person":"P30","years":30,"on":"2026-09-02","decision_no":"7-QĐ/TU","decision_date":"2026-08-20"}"#,
        );
        assert!(status == 422 && text.to_string().contains("đã tặng"), "{b:?}: {text}");
        let (status, _, text) = admin.post("/api/leavings", r#"{"person":"P10","ground":"death","on":"2026-11-01","decision_no":"9-QĐ/ĐU","decision_date":"2026-11-05"}"#);
        assert!(status == 422 && text.to_string().contains("đang chuyển sinh hoạt"), "{b:?}: {text}");
        let (status, _, _) = admin
            .post("/api/dues/payments", r#"{"person":"P30","month":"10/2026","amount":50000,"paid_on":"2026-10-05"}"#);
        assert_eq!(status, 201, "{b:?}");
        let (status, _, ledger) = admin.get("/api/people/P30/dues?year=2026");
        assert_eq!(status, 200);
        assert!(ledger.to_string().contains("\"amount\":50000"), "{b:?}: {ledger}");
        // An officer who reaches only G2 does not reach the province: absent; G2 is theirs.
        let (status, _, _) = app.get("/api/units/R/due");
        assert_eq!(status, 404, "{b:?}");
        let (status, _, theirs) = app.get("/api/units/G2/due");
        assert_eq!((status, theirs.as_array().map(Vec::len)), (200, Some(1)), "{b:?}: the transit they receive");
    }
}
