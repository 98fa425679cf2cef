//! Admission, from the awareness course to full member, on both databases: every step checked on
//! its date, the time limits counted in working days across two lunar new years, and every bad
//! step refused with nothing written.

use crate::support::{backends, json, TempDir, TestDb};

/// A province with a grassroots committee and its cell; two official members who sponsor (S1,
/// S2), the candidate K (born 15/03/2006) and a younger one Y (born 20/12/2006).
fn register(db: &TestDb, dir: &TempDir) {
    let units = dir.put(
        "units.csv",
        "code,name,kind,parent,valid_from,sector\nR,Tỉnh,province,,2015-01-01,\nG,Đảng bộ xã,party_grassroots_committee,R,2015-01-01,commune\nC,Chi bộ thôn 1,party_cell,G,2015-01-01,\n",
    );
    db.ok(&["import", "units", &units]);
    let members = dir.put(
        "members.csv",
        "person,full_name,gender,birth_date,unit,status,admitted_on,recognized_on,valid_from\nS1,Nguyễn Văn Bình,nam,01/01/1970,C,official,01/01/2000,01/01/2001,01/01/2015\nS2,Trần Thị Hoa,nữ,01/01/1975,C,official,01/01/2005,01/01/2006,01/01/2015\n",
    );
    db.ok(&["import", "members", &members]);
    let people = dir.put(
        "people.csv",
        "code,full_name,gender,birth_date\nK,Lê Minh Khang,nam,15/03/2006\nY,Phạm Thu Yến,nữ,20/12/2006\n",
    );
    db.ok(&["import", "people", &people]);
}

fn step(db: &TestDb, id: &str, step: &str, on: &str, more: &[&str]) {
    let mut args = vec!["admission", "step", id, step, "--on", on];
    args.extend_from_slice(more);
    db.ok(&args);
}

#[test]
fn a_candidate_becomes_a_full_member_step_by_step() {
    let dir = TempDir::new("admission");
    for b in backends() {
        let db = TestDb::new(b, "admission");
        register(&db, &dir);
        db.refused(
            &["admission", "open", "--person", "K", "--cell", "G", "--on", "01/09/2024", "--education", "12/12"],
            "đảng viên sinh hoạt tại chi bộ",
        );
        db.refused(
            &["admission", "open", "--person", "K", "--cell", "C", "--on", "01/09/2024", "--education", "12"],
            "không phải trình độ học vấn phổ thông",
        );
        let out =
            db.ok(&["admission", "open", "--person", "K", "--cell", "C", "--on", "01/09/2024", "--education", "12/12"]);
        assert!(out.contains("Đã mở hồ sơ kết nạp số 1"), "{b:?}: {out}");
        step(&db, "1", "course", "05/09/2024", &["--document", "12-GCN/TTCT"]);
        db.refused(
            &["admission", "step", "1", "cell_vote", "--on", "10/12/2024"],
            "bước «Chi bộ xét, biểu quyết» chỉ ghi sau bước «Thẩm tra lý lịch»",
        );
        step(&db, "1", "application", "10/09/2024", &[]);
        let s1 = ["admission", "step", "1", "sponsors", "--on", "12/09/2024", "--sponsor", "S1:01/01/2023"];
        let sponsors = |second| [&s1[..], &["--sponsor", second]].concat();
        db.refused(
            &sponsors("S2:01/01/2024"),
            "người giới thiệu S2 mới cùng công tác, sinh sống với người vào Đảng 8 tháng; cần ít nhất 12 tháng",
        );
        db.refused(&sponsors("Y:01/01/2020"), "người giới thiệu Y không phải đảng viên chính thức");
        step(&db, "1", "sponsors", "12/09/2024", &["--sponsor", "S1:01/01/2023", "--sponsor", "S2:01/06/2023"]);
        step(&db, "1", "verification", "20/11/2024", &[]);
        step(&db, "1", "cell_vote", "10/12/2024", &[]);
        step(&db, "1", "grassroots_resolution", "20/12/2024", &["--document", "45-NQ/ĐU"]);
        db.refused(
            &["admission", "step", "1", "decision", "--on", "15/01/2025"],
            "quyết định kết nạp phải ghi số và ký hiệu",
        );
        step(&db, "1", "decision", "15/01/2025", &["--document", "15-QĐ/ĐU"]);

        // 30 working days from Wednesday 15/01/2025 skip the weekends and Tết (27–31/01/2025).
        let shown = json(&db.ok(&["admission", "show", "1", "--json"]));
        let due = |v: &serde_json::Value, limit: &str| {
            v["deadlines"].as_array().and_then(|d| d.iter().find(|d| d["limit"] == limit)).map(|d| d["due"].clone())
        };
        assert_eq!(due(&shown, "ceremony"), Some("2025-03-05".into()), "{b:?}: {shown}");
        assert_eq!(due(&shown, "certificate"), Some("2029-09-05".into()), "{b:?}");

        db.refused(
            &["admission", "step", "1", "ceremony", "--on", "14/01/2025"],
            "bước «Lễ kết nạp» ngày 14/01/2025 lại trước bước «Quyết định kết nạp» ngày 15/01/2025",
        );
        step(&db, "1", "ceremony", "20/02/2025", &[]);
        // The ceremony opens the probationary membership; party age runs from the decision.
        let (status, admitted, from) = db
            .store()
            .read(|tx| {
                let r = tx.query_one(
                    "SELECT m.status, m.admitted_on, m.valid_from FROM membership m JOIN person p ON p.id = m.person_id WHERE p.code = 'K'",
                    &[],
                )?;
                Ok((r.text(0)?, r.text(1)?, r.text(2)?))
            })
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            (status.as_str(), admitted.as_str(), from.as_str()),
            ("probationary", "2025-01-15", "2025-02-20"),
            "{b:?}"
        );

        // Probation ends on Friday 20/02/2026, inside Tết (16–20/02/2026): the 30 working days
        // for proposing recognition start on Monday 23/02/2026.
        let shown = json(&db.ok(&["admission", "show", "1", "--json"]));
        assert_eq!(due(&shown, "probation_ends"), Some("2026-02-20".into()), "{b:?}");
        assert_eq!(due(&shown, "recognition"), Some("2026-04-03".into()), "{b:?}");

        db.refused(
            &["admission", "step", "1", "recognition", "--on", "19/02/2026"],
            "chỉ công nhận chính thức khi hết 12 tháng dự bị, tức ngày 20/02/2026",
        );
        step(&db, "1", "recognition", "10/03/2026", &["--document", "30-QĐ/ĐU"]);
        db.refused(&["admission", "step", "1", "removal", "--on", "11/03/2026"], "hồ sơ kết nạp đã khép lại");
        // Recognition takes effect the day probation ends, though decided later.
        let periods = db
            .store()
            .read(|tx| {
                let mut out = Vec::new();
                for r in tx.query(
                    "SELECT m.status, m.valid_from, m.valid_to, m.recognized_on FROM membership m JOIN person p ON p.id = m.person_id
                     WHERE p.code = 'K' ORDER BY m.valid_from",
                    &[],
                )? {
                    out.push(format!("{} {} {} {}", r.text(0)?, r.text(1)?, r.opt_text(2)?.unwrap_or_default(), r.opt_text(3)?.unwrap_or_default()));
                }
                Ok(out)
            })
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(periods, ["probationary 2025-02-20 2026-02-20 ", "official 2026-02-20  2026-02-20"], "{b:?}");
        let y2025 =
            json(&db.ok(&["party-stats", "--unit", "R", "--from", "01/01/2025", "--to", "01/01/2026", "--json"]));
        assert_eq!((&y2025["admissions"], &y2025["recognitions"]), (&1.into(), &0.into()), "{b:?}: {y2025}");
        let y2026 =
            json(&db.ok(&["party-stats", "--unit", "R", "--from", "01/01/2026", "--to", "01/01/2027", "--json"]));
        assert_eq!((&y2026["admissions"], &y2026["recognitions"]), (&0.into(), &1.into()), "{b:?}: {y2026}");
        assert_eq!(
            (&y2026["by_party_age"]["<10"], &y2026["by_party_age"]["20-29"]),
            (&1.into(), &2.into()),
            "{b:?}: K, and the two sponsors of 2000 and 2005: {y2026}"
        );
        let both = json(&db.ok(&[
            "party-stats",
            "--unit",
            "R",
            "--from",
            "01/01/2026",
            "--to",
            "01/01/2027",
            "--compare-from",
            "01/01/2025",
            "--compare-to",
            "01/01/2026",
            "--json",
        ]));
        assert_eq!(
            (&both["difference"]["admissions"], &both["difference"]["recognitions"]),
            (&(-1).into(), &1.into()),
            "{b:?}: {both}"
        );
        let figures = json(&db.ok(&["stats", "--unit", "R", "--at", "01/03/2026", "--json"]));
        assert!(figures.to_string().contains("official"), "{b:?}: {figures}");

        // The younger candidate is 17 years 11 months (215 months) on the cell's vote.
        db.ok(&["admission", "open", "--person", "Y", "--cell", "C", "--on", "01/09/2024", "--education", "9/12"]);
        step(&db, "2", "course", "05/09/2024", &[]);
        step(&db, "2", "application", "10/09/2024", &[]);
        step(&db, "2", "sponsors", "12/09/2024", &["--sponsor", "S1:01/01/2023", "--sponsor", "S2:01/06/2023"]);
        step(&db, "2", "verification", "20/11/2024", &[]);
        db.refused(
            &["admission", "step", "2", "cell_vote", "--on", "10/12/2024"],
            "17 tuổi 11 tháng (215 tháng); quy định từ 216 đến 720 tháng",
        );
        step(&db, "2", "cell_vote", "20/12/2024", &[]);
        db.ok(&["verify"]);
        let list = json(&db.ok(&["admission", "list", "--json"]));
        assert_eq!(list.as_array().map(Vec::len), Some(2), "{b:?}");
    }
}

/// A ward's secretary, through the API: a new person becomes a candidate in one of the ward's
/// cells, the first step is recorded, and a member moves between two of its cells in one step.
#[test]
fn a_secretary_records_an_admission_and_a_transfer_through_the_api() {
    for b in backends() {
        let db = TestDb::tiny(b, "admission-api");
        let app = crate::support::TestApp::with_token(&db, "bithu");
        let (status, _, text) = app
            .post("/api/people", r#"{"code":"UV1","full_name":"Hồ Thị Ưu","gender":"nữ","birth_date":"2000-05-05"}"#);
        assert_eq!(status, 201, "{b:?}: {text}");
        let (status, _, created) = app.post(
            "/api/admissions",
            r#"{"person":"UV1","cell":"18073.DU.C01","on":"2026-01-05","general_education":"12/12"}"#,
        );
        assert_eq!(status, 201, "{b:?}: {created}");
        let id = created["id"].as_i64().unwrap_or_default();
        let (status, _, text) = app.post(
            &format!("/api/admissions/{id}/steps"),
            r#"{"step":"course","on":"2026-01-10","document":"7-GCN/TTCT"}"#,
        );
        assert_eq!(status, 201, "{b:?}: {text}");
        let (status, _, text) =
            app.post(&format!("/api/admissions/{id}/steps"), r#"{"step":"course","on":"2026-01-11"}"#);
        assert_eq!(status, 422, "{b:?}: a step recorded twice: {text}");
        assert!(text.to_string().contains("đã được ghi"), "{b:?}: {text}");
        let (status, _, shown) = app.get(&format!("/api/admissions/{id}"));
        assert_eq!(status, 200);
        assert_eq!(shown["steps"][0]["step"], "course", "{b:?}: {shown}");
        assert_eq!(shown["steps"][0]["recorded_by"], "bithu", "{b:?}: who recorded the step");
        assert_eq!(shown["deadlines"][0]["due"], "2031-01-10", "{b:?}: the certificate's five years");

        // A member of the ward's first grassroots cell moves to its second: between two
        // grassroots organizations, so in transit until the second takes them in.
        let member = db
            .store()
            .read(|tx| {
                tx.query_one(
                    "SELECT p.code FROM membership m JOIN person p ON p.id = m.person_id JOIN unit u ON u.id = m.unit_id
                     WHERE u.code = '18073.DU.C01' AND m.valid_to IS NULL AND m.status = 'official' ORDER BY p.code LIMIT 1",
                    &[],
                )?
                .text(0)
            })
            .unwrap_or_else(|e| panic!("{e}"));
        let body = format!(r#"{{"person":"{member}","to_cell":"18073.DU.C02","on":"2026-11-20","letter":"3-GGT/ĐU"}}"#);
        let (status, _, text) = app.post("/api/transfers", &body);
        assert_eq!(status, 201, "{b:?}: {text}");
        let tid = text["id"].as_i64().unwrap_or_default();
        let (_, _, listed) = app.get("/api/transfers");
        assert_eq!(listed[0]["person"], member.as_str(), "{b:?}: {listed}");
        assert_eq!(
            (&listed[0]["standing"], &listed[0]["scope"]),
            (&"in_transit".into(), &"between_grassroots".into()),
            "{b:?}"
        );
        assert_eq!(
            listed[0]["due_on"], "2027-01-04",
            "{b:?}: 30 working days after Friday 20/11/2026, New Year's Day skipped"
        );
        let (status, _, text) = app.post(&format!("/api/transfers/{tid}/receive"), r#"{"on":"2026-11-25"}"#);
        assert_eq!(status, 200, "{b:?}: {text}");
        let (status, _, text) = app.post(&format!("/api/transfers/{tid}/receive"), r#"{"on":"2026-11-26"}"#);
        assert_eq!(status, 422, "{b:?}: received twice: {text}");
        let (_, _, listed) = app.get("/api/transfers");
        assert_eq!(listed[0]["standing"], "received", "{b:?}");
        // A cell of another ward may receive, but the ward's secretary cannot take in for it.
        let (status, _, _) = app.post("/api/transfers/999999/receive", r#"{"on":"2026-11-21"}"#);
        assert_eq!(status, 404);
    }
}
