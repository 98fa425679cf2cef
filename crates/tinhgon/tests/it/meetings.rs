//! Meetings: a bloc's cells meet, officials of the bloc attend some of them, and the bloc counts
//! the visits over a period (seed 003's "74 visits to cell meetings since 2017"); the invitation
//! shows on the member's page; bad meetings are refused with nothing written; the cell that
//! misses its monthly meeting and the member absent without reason three times are work due.

use crate::support::{backends, TempDir, TestApp, TestDb};

/// Two blocs, each with a grassroots committee of two cells of three members; one committee
/// outside both blocs' reach of an officer of the first.
fn register(db: &TestDb, dir: &TempDir) {
    let units = "code,name,kind,parent,valid_from,sector
T,Tỉnh ủy,party_provincial,,2015-01-01,
K1,Đảng bộ Khối các cơ quan tỉnh,party_bloc,T,2015-01-01,
K1.G,Đảng bộ Sở Tài chính,party_grassroots_committee,K1,2015-01-01,admin_agency
K1.G.C1,Chi bộ Phòng Ngân sách,party_cell,K1.G,2015-01-01,
K1.G.C2,Chi bộ Phòng Tin học,party_cell,K1.G,2026-03-01,
K2,Đảng bộ Khối doanh nghiệp tỉnh,party_bloc,T,2015-01-01,
K2.G,Đảng bộ Công ty Điện lực,party_grassroots_committee,K2,2015-01-01,soe_100
K2.G.C1,Chi bộ Phân xưởng,party_cell,K2.G,2015-01-01,
";
    db.ok(&["import", "units", &dir.put("units.csv", units)]);
    let mut members =
        String::from("person,full_name,gender,birth_date,unit,status,admitted_on,recognized_on,valid_from\n");
    let given = ["An", "Bình", "Cường"];
    for (cell, prefix, from) in
        [("K1.G.C1", "A", "01/01/2015"), ("K1.G.C2", "B", "01/03/2026"), ("K2.G.C1", "C", "01/01/2015")]
    {
        for (i, g) in (1..=3).zip(given) {
            members.push_str(&format!(
                "{prefix}{i},Nguyễn Văn {g},nam,01/01/1980,{cell},official,01/01/2010,01/01/2011,{from}\n"
            ));
        }
    }
    db.ok(&["import", "members", &dir.put("members.csv", &members)]);
    let pass = "một mật khẩu dài cho thử\n";
    db.run_with_input(&["user", "add", "admin", "--role", "admin"], pass);
    db.run_with_input(&["user", "add", "khoi1", "--role", "organization", "--unit", "K1"], pass);
}

fn held(unit: &str, on: &str, guests: usize, absent: &str) -> String {
    let guests: Vec<String> =
        (0..guests).map(|i| format!(r#"{{"name":"Cán bộ {i}","title":"Phó Bí thư","body":"Đảng ủy Khối"}}"#)).collect();
    let prefix = match unit {
        "K1.G.C1" => "A",
        "K1.G.C2" => "B",
        _ => "C",
    };
    let attendance: Vec<String> = (1..=3)
        .map(|i| {
            let p = format!("{prefix}{i}");
            let presence = if p == absent { "unexcused" } else { "present" };
            format!(r#"{{"person":"{p}","presence":"{presence}"}}"#)
        })
        .collect();
    format!(
        r#"{{"unit":"{unit}","kind":"regular","held_on":"{on}","chair":"{prefix}2","minutes":"Biên bản","attendance":[{}],"guests":[{}],"resolutions":[{{"number":"01-NQ/CB","text":"Nghị quyết tháng"}}]}}"#,
        attendance.join(","),
        guests.join(",")
    )
}

#[test]
fn a_bloc_counts_the_visits_of_its_officials_to_cell_meetings_over_a_period() {
    let dir = TempDir::new("meetings");
    for b in backends() {
        let db = TestDb::new(b, "meetings");
        register(&db, &dir);
        let admin = TestApp::with_token(&db, "admin");
        // (cell, day, officials who attended, the member absent without a reason)
        let meetings = [
            ("K1.G.C1", "2026-01-06", 2, ""),
            ("K1.G.C1", "2026-02-05", 0, "A3"),
            ("K1.G.C1", "2026-04-07", 1, "A3"),
            ("K1.G.C2", "2026-03-10", 3, ""),
            ("K1.G.C2", "2026-06-10", 1, ""),
            // Outside the period asked, and in another bloc.
            ("K1.G.C1", "2025-12-04", 5, ""),
            ("K2.G.C1", "2026-03-03", 4, ""),
        ];
        for (unit, on, guests, absent) in meetings {
            let (status, _, body) = admin.post("/api/meetings", &held(unit, on, guests, absent));
            assert_eq!(status, 201, "{b:?} {unit} {on}: {body}");
        }
        let (status, _, f) = admin.get("/api/units/K1/meeting-stats?from=2026-01-01&to=2026-06-30");
        assert_eq!(status, 200, "{b:?}: {f}");
        assert_eq!(f["held"], 5, "{b:?}: {f}");
        assert_eq!(f["visits"], 7, "{b:?}: 2 + 0 + 1 + 3 + 1 visits to the bloc's cells: {f}");
        assert_eq!((f["called"].as_i64(), f["present"].as_i64()), (Some(15), Some(13)), "{b:?}: {f}");
        assert_eq!(f["attendance"]["percent"], "86,67%", "{b:?}: {f}");
        let per_cell: Vec<(String, i64, i64)> = f["organizations"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|o| {
                        (
                            o["unit"].as_str().unwrap_or("").to_string(),
                            o["held"].as_i64().unwrap_or(-1),
                            o["visits"].as_i64().unwrap_or(-1),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(per_cell, [("K1.G.C1".to_string(), 3, 3), ("K1.G.C2".to_string(), 2, 4)], "{b:?}");
        // The whole province over both years; the other bloc alone.
        let (_, _, all) = admin.get("/api/units/T/meeting-stats?from=2025-01-01&to=2026-12-31");
        assert_eq!((all["held"].as_i64(), all["visits"].as_i64()), (Some(7), Some(16)), "{b:?}: {all}");
        let (_, _, k2) = admin.get("/api/units/K2/meeting-stats?from=2026-01-01&to=2026-06-30");
        assert_eq!(k2["visits"], 4, "{b:?}: {k2}");

        // The bloc's officer sees its own figures and not the other bloc's (absent, not refused).
        let officer = TestApp::with_token(&db, "khoi1");
        let (status, _, mine) = officer.get("/api/units/K1/meeting-stats?from=2026-01-01&to=2026-06-30");
        assert_eq!((status, mine["visits"].as_i64()), (200, Some(7)), "{b:?}");
        let (status, _, _) = officer.get("/api/units/K2/meeting-stats?from=2026-01-01&to=2026-06-30");
        assert_eq!(status, 404, "{b:?}");
        let before = db.count("change_log");
        let (status, _, refused) = officer.post("/api/meetings", &held("K2.G.C1", "2026-05-05", 0, ""));
        assert_eq!(status, 422, "{b:?}: {refused}");

        // Bad meetings, each refused naming its field, nothing written.
        let bad = [
            (held("K1.G.C2", "2026-02-10", 0, ""), "held_on", "chưa có"),
            (held("K1.G.C1", "2026-05-05", 0, "").replace("\"A1\"", "\"C1\""), "attendance", "không là đảng viên"),
            (
                held("K1.G.C1", "2026-05-05", 0, "")
                    .replace(r#"{"person":"A2","presence":"present"}"#, r#"{"person":"A1","presence":"present"}"#),
                "attendance",
                "hai lần",
            ),
            (held("K1.G.C1", "2099-05-05", 0, ""), "held_on", "tương lai"),
            (
                held("K1.G.C1", "2026-05-05", 0, "").replace("\"kind\":\"regular\"", "\"kind\":\"weekly\""),
                "kind",
                "weekly",
            ),
            (
                held("K1.G.C1", "2026-05-05", 0, "").replace("\"kind\":\"regular\"", "\"kind\":\"thematic\""),
                "topic",
                "chuyên đề",
            ),
        ];
        for (body, column, words) in bad {
            let (status, _, p) = admin.post("/api/meetings", &body);
            let text = p.to_string();
            assert_eq!(status, 422, "{b:?} {column}: {p}");
            assert!(text.contains(column) && text.contains(words), "{b:?} {column}: {p}");
            assert!(p["detail_en"].as_str().is_some_and(|d| !d.is_empty()), "{b:?}: English too: {p}");
        }
        assert_eq!(db.count("change_log"), before, "{b:?}: a refused meeting wrote");

        // A meeting planned calls the members of the day; they see it on their page; recorded
        // once, the second record of the same attendance is refused.
        let (status, _, planned) = admin.post("/api/meetings", r#"{"unit":"K1.G.C1","kind":"thematic","planned_on":"2026-05-12","topic":"Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"}"#);
        assert_eq!(status, 201, "{b:?}: {planned}");
        let id = planned["id"].as_i64().unwrap_or(0);
        let (_, _, m) = admin.get(&format!("/api/meetings/{id}"));
        assert_eq!(m["called"], 3, "{b:?}: {m}");
        assert!(m["attendance"].as_array().is_some_and(|a| a.iter().all(|x| x["presence"].is_null())), "{b:?}: {m}");
        let page = admin.fetch("/people/A1").text();
        assert!(
            page.contains(&format!("/meetings/{id}")) && page.contains("Được triệu tập"),
            "{b:?}: the invitation on A1's page"
        );
        let record = r#"{"held_on":"2026-05-12","attendance":[{"person":"A1","presence":"present"},{"person":"A2","presence":"present"},{"person":"A3","presence":"unexcused"}]}"#;
        let (status, _, r) = admin.post(&format!("/api/meetings/{id}/held"), record);
        assert_eq!(status, 200, "{b:?}: {r}");
        let (_, _, m) = admin.get(&format!("/api/meetings/{id}"));
        assert_eq!((m["present"].as_i64(), m["quorum"].as_bool()), (Some(2), Some(true)), "{b:?}: two thirds: {m}");
        let (status, _, again) = admin.post(&format!("/api/meetings/{id}/held"), record);
        assert!(status == 422 && again.to_string().contains("đã được ghi"), "{b:?}: {again}");

        // The minutes' file: a PDF kept and read back byte for byte; a text file refused.
        let auth = format!("Bearer {}", admin.token);
        let pdf = b"%PDF-1.4\n% bien ban hop chi bo\n%%EOF\n";
        let up = crate::support::request(
            &admin.addr,
            "POST",
            &format!("/api/meetings/{id}/files?name=bien-ban.pdf"),
            &[("Authorization", &auth), ("Content-Type", "application/pdf")],
            pdf,
        );
        assert_eq!(up.status, 201, "{b:?}: {}", up.text());
        let file = crate::support::json(&up.text())["id"].as_i64().unwrap_or(0);
        let down = admin.fetch(&format!("/api/meetings/{id}/files/{file}"));
        assert_eq!((down.status, down.body.as_slice()), (200, &pdf[..]), "{b:?}");
        assert_eq!(down.content_type(), "application/pdf", "{b:?}");
        let logged = db.count("change_log");
        let bad = crate::support::request(
            &admin.addr,
            "POST",
            &format!("/api/meetings/{id}/files?name=ghi-chu.txt"),
            &[("Authorization", &auth), ("Content-Type", "text/plain")],
            b"ghi chu",
        );
        assert!(bad.status == 422 && bad.text().contains("PDF"), "{b:?}: {}", bad.text());
        assert_eq!(db.count("change_log"), logged, "{b:?}");
        let (_, _, m) = admin.get(&format!("/api/meetings/{id}"));
        assert_eq!(m["files"][0]["name"], "bien-ban.pdf", "{b:?}: {m}");
        // Withdrawn from the meeting's page once confirmed: kept, logged, no longer served.
        let page = admin.fetch(&format!("/meetings/{id}"));
        let action = format!("/meetings/{id}/files/{file}/withdraw");
        assert!(page.text().contains(&action), "{b:?}");
        let withdraw = |body: &str| {
            let kind = ("Content-Type", "application/x-www-form-urlencoded");
            crate::support::request(&admin.addr, "POST", &action, &[("Authorization", &auth), kind], body.as_bytes())
                .status
        };
        assert_eq!(withdraw(""), 422, "{b:?}: not confirmed");
        assert_eq!(withdraw("confirm=1"), 303, "{b:?}");
        assert_eq!(withdraw("confirm=1"), 404, "{b:?}: withdrawn once");
        let gone = admin.fetch(&format!("/api/meetings/{id}/files/{file}"));
        assert_eq!(gone.status, 404, "{b:?}");
        assert_eq!(
            (admin.get(&format!("/api/meetings/{id}")).2["files"].clone(), db.count("meeting_file")),
            (serde_json::json!([]), 1),
            "{b:?}"
        );

        // Work due: K1.G.C1 met in January, February, April and May, not in March; K1.G.C2,
        // recording since March, did not meet from July; A3 was absent without a reason three times.
        let (_, _, due) = admin.get("/api/units/K1/due");
        let items = due.as_array().cloned().unwrap_or_default();
        let find = |work: &str, key: &str, value: &str| {
            items.iter().find(|i| i["work"] == work && i[key] == value).cloned().unwrap_or_default()
        };
        let c1 = find("meeting_missed", "cell", "K1.G.C1");
        assert!(c1["reference"].as_str().is_some_and(|r| r.starts_with("03/2026, 05/2026, 06/2026")), "{b:?}: {due}");
        let c2 = find("meeting_missed", "cell", "K1.G.C2");
        assert!(c2["reference"].as_str().is_some_and(|r| r.starts_with("04/2026, 05/2026, 07/2026")), "{b:?}: {due}");
        assert_eq!(find("absent_unexcused", "person", "A3")["reference"], "3", "{b:?}: {due}");
        assert!(find("absent_unexcused", "person", "A1").is_null(), "{b:?}");
        let thematic = find("thematic_missed", "cell", "K1.G.C1");
        assert!(thematic["reference"].as_str().is_some_and(|r| r.starts_with("01/2026–03/2026")), "{b:?}: {due}");
    }
}
