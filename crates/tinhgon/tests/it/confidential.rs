//! Confidential until announced, everywhere: three cases and four discipline decisions recorded
//! without their announcement (an expulsion, a removal from post, a reprimand, a warning to a cell)
//! change nothing that anyone but their handlers can read — every GET route of the route table,
//! as every account that handles no case, answers byte for byte as before, pre-filled review
//! reports included, though an officer who handles cases drafted them. Once announced, the effects
//! appear, dated from the day each decision takes effect.

use std::io::Read;

use tinhgon::routes::{table, Need};

use crate::support::{backends, json, request, TempDir, TestApp, TestDb};

/// The register of the discipline tests (a province, its inspection commission, a grassroots
/// committee of two cells, six members; M1 and M4 the cells' secretaries), with an account for
/// every role that handles no case: the secretaries of the committee and of both cells, the
/// home-affairs officer, the auditor, and members M2, M3 and M4.
fn register(db: &TestDb, dir: &TempDir) {
    crate::discipline::register(db, dir);
    let pass = "một mật khẩu dài cho thử\n";
    for (name, role, unit) in [
        ("noivu", "home_affairs", "P"),
        ("kiemtoan", "auditor", "P"),
        ("bithug", "secretary", "P.G"),
        ("bithu2", "secretary", "P.G.C2"),
    ] {
        db.run_with_input(&["user", "add", name, "--role", role, "--unit", unit], pass);
    }
    for (name, person) in [("dangvien3", "M3"), ("dangvien4", "M4")] {
        db.run_with_input(&["user", "add", name, "--role", "member", "--person", person], pass);
    }
}

/// The accounts that handle no case: what they read must not change.
const READERS: &[&str] = &["noivu", "kiemtoan", "bithug", "bithu", "bithu2", "dangvien", "dangvien3", "dangvien4"];

/// A body as compared: a workbook or Word file by the entries of its archive (but the one that
/// holds the moment it was made), anything else as it is.
fn comparable(body: &[u8]) -> Vec<u8> {
    if !body.starts_with(b"PK\x03\x04") {
        return body.to_vec();
    }
    let mut out = Vec::new();
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(body)) else { return body.to_vec() };
    for i in 0..zip.len() {
        let Ok(mut entry) = zip.by_index(i) else { continue };
        let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
        if name == "docProps/core.xml" {
            continue;
        }
        out.extend_from_slice(name.as_bytes());
        let mut bytes = Vec::new();
        let _ = entry.read_to_end(&mut bytes);
        out.extend_from_slice(&bytes);
    }
    out
}

/// Every GET route of the table as an account reads it, each path filled with every unit, person
/// and id of the scene.
fn every_answer(app: &TestApp, token: &str, ids: &[i64]) -> Vec<(String, u16, Vec<u8>)> {
    let mut out = Vec::new();
    let units = ["P", "P.G", "P.G.C1", "P.G.C2"];
    let people = ["M2", "M3", "M4", "M5"];
    for route in table().iter().filter(|r| r.method == axum::http::Method::GET) {
        let path = route.path;
        // The routes open to anyone (the sign-in page with its fresh token, health, the API's
        // description) read nothing of the register.
        if path.contains('*') || route.need == Need::Nobody {
            continue;
        }
        let codes: &[&str] = if !path.contains("{code}") {
            &[""]
        } else if path.starts_with("/people") || path.starts_with("/api/people") {
            &people
        } else {
            &units
        };
        let with_ids: Vec<String> = if path.contains("{id}") {
            ids.iter().map(|id| path.replace("{id}", &id.to_string()).replace("{file}", "1")).collect()
        } else {
            vec![path.replace("{file}", "1")]
        };
        for p in &with_ids {
            for code in codes {
                let filled = p.replace("{code}", code);
                let full = format!("{filled}?year=2026&from=2026-01-01&to=2026-12-31");
                let r = request(&app.addr, "GET", &full, &[("Authorization", &format!("Bearer {token}"))], b"");
                out.push((full, r.status, comparable(&r.body)));
            }
        }
    }
    out
}

#[test]
fn nothing_of_an_unannounced_decision_reaches_anyone_but_its_handlers_until_it_is_announced() {
    let dir = TempDir::new("confidential-everywhere");
    for b in backends() {
        let db = TestDb::new(b, "confidential-everywhere");
        register(&db, &dir);
        let ins = TestApp::with_token(&db, "kiemtra");
        let org = TestApp::with_token(&db, "tochuc");
        // A review campaign of the province, launched before: its reports are drafted later.
        let launch = serde_json::json!({
            "launcher": "P", "kind": "so_ket", "title": "Sơ kết công tác kiểm tra năm 2026",
            "reference_on": "2026-12-01", "report_by": "2026-12-31", "closes_on": "2027-01-15",
            "sections": ["Kết quả"], "fields": ["members_total", "members_disciplined", "inspections"],
        });
        let (status, _, c) = org.post("/api/campaigns", &launch.to_string());
        assert_eq!(status, 201, "{b:?}: {c}");
        let campaign = c["id"].as_i64().unwrap_or_default();
        // A second one, drafted before: a handler saves its draft again after the decisions.
        let (status, _, c) = org.post("/api/campaigns", &launch.to_string());
        assert_eq!(status, 201, "{b:?}: {c}");
        let saved = c["id"].as_i64().unwrap_or_default();
        let out = db.run(&["campaign", "prefill", &saved.to_string()]);
        assert!(out.status.success(), "{b:?}: {}", crate::support::stderr(&out));
        let tokens: Vec<(&str, String)> =
            READERS.iter().map(|a| (*a, db.ok(&["token", "create", "--user", a]).trim().to_string())).collect();
        // The first campaign's reports are drafted in between (its standing changes for that, and
        // its answers are not compared); the second's must not change at all.
        let ids = [1, 2, 3, 4];
        let before: Vec<_> = tokens.iter().map(|(a, t)| (*a, every_answer(&ins, t, &ids))).collect();
        let (_, _, party_work) = ins.get("/api/units/P.G/party-work?year=2026");

        // Three cases and four decisions, none announced.
        for body in [
            r#"{"kind":"inspection","mode":"breach_signs","handler":"P.UBKT","opened_on":"2026-09-01","title":"Kiểm tra khi có dấu hiệu vi phạm MẬT-1","subject_unit":"P.G.C2"}"#,
            r#"{"kind":"denunciation","handler":"P.UBKT","opened_on":"2026-09-02","title":"Tố cáo MẬT-2","subject_person":"M3","sender":"Người tố cáo"}"#,
            r#"{"kind":"denunciation","handler":"P.UBKT","opened_on":"2026-09-03","title":"Tố cáo MẬT-3","subject_person":"M4","sender":"Người tố cáo"}"#,
        ] {
            let (status, _, v) = ins.post("/api/cases", body);
            assert_eq!(status, 201, "{b:?}: {v}");
        }
        let mut decisions = Vec::new();
        for body in [
            r#"{"person":"M3","form":"expulsion","breach_on":"2026-08-01","decided_by":"P.G","decided_on":"2026-11-15","effective_on":"2026-11-20","decision_no":"21-QĐ/ĐU","reason":"MẬT-4"}"#,
            r#"{"person":"M4","form":"removal_from_post","breach_on":"2026-08-01","decided_by":"P.G","decided_on":"2026-11-16","decision_no":"22-QĐ/ĐU","reason":"MẬT-5"}"#,
            r#"{"person":"M5","form":"reprimand","breach_on":"2026-08-01","decided_by":"P.G","decided_on":"2026-11-17","decision_no":"23-QĐ/ĐU","reason":"MẬT-6"}"#,
            r#"{"unit":"P.G.C2","form":"warning","breach_on":"2026-08-01","decided_by":"P.G","decided_on":"2026-11-18","decision_no":"24-QĐ/ĐU","reason":"MẬT-7"}"#,
        ] {
            let (status, _, v) = ins.post("/api/disciplines", body);
            assert_eq!(status, 201, "{b:?}: {v}");
            decisions.push(v["id"].as_i64().unwrap_or_default());
        }
        // An announcement still to come is not taken: it is recorded once it has taken place.
        let (status, _, v) = ins.post(
            "/api/disciplines",
            r#"{"person":"M6","form":"reprimand","breach_on":"2026-08-01","decided_by":"P.G","decided_on":"2026-11-17","decision_no":"25-QĐ/ĐU","announced_on":"2099-01-01"}"#,
        );
        assert_eq!((status, v["errors"][0]["field"].as_str()), (422, Some("announced_on")), "{b:?}: {v}");
        // The handlers see them; an organization officer who handles cases drafts every report.
        let (_, _, handled) = ins.get("/api/units/P.G/party-work?year=2026");
        assert_eq!(handled["inspection"]["members_disciplined"]["expulsion"], 1, "{b:?}: {handled}");
        let out = db.run(&["campaign", "prefill", &campaign.to_string()]);
        assert!(out.status.success(), "{b:?}: {}", crate::support::stderr(&out));
        let (status, _, v) = org.post(&format!("/api/campaigns/{saved}/reports/P.G"), r#"{"texts":[""]}"#);
        assert_eq!(status, 200, "{b:?}: {v}");

        for ((account, token), (_, was)) in tokens.iter().zip(&before) {
            let now = every_answer(&ins, token, &ids);
            assert_eq!(now.len(), was.len(), "{b:?} {account}");
            assert!(was.iter().filter(|(_, s, _)| *s == 200).count() > 5, "{b:?} {account}: too few pages read");
            for ((path, s1, b1), (_, s2, b2)) in was.iter().zip(&now) {
                let drafted = [format!("/campaigns/{campaign}?"), format!("/campaigns/{campaign}/")];
                if drafted.iter().any(|d| path.starts_with(d.as_str()) || path.starts_with(&format!("/api{d}"))) {
                    continue;
                }
                assert!(
                    s1 == s2 && b1 == b2,
                    "{b:?} {account}: {path} changed ({s1} → {s2}):\n{}\n---\n{}",
                    String::from_utf8_lossy(b1).chars().take(3000).collect::<String>(),
                    String::from_utf8_lossy(b2).chars().take(3000).collect::<String>()
                );
                assert!(!String::from_utf8_lossy(b2).contains("MẬT-"), "{b:?} {account}: {path}");
            }
        }
        // The draft stored by a handler carries the unit's own view.
        let (_, _, draft) = TestApp::with_token(&db, "bithug").get(&format!("/api/campaigns/{campaign}/reports/P.G"));
        let figure = |d: &serde_json::Value, key: &str| {
            d["figures"].as_array().and_then(|f| f.iter().find(|x| x["key"] == key)).map(|x| x["value"].clone())
        };
        assert_eq!(figure(&draft, "members_disciplined"), Some(0.into()), "{b:?}: {draft}");
        assert_eq!(figure(&draft, "members_total"), Some(6.into()), "{b:?}: {draft}");
        assert_eq!(party_work["inspection"]["members_disciplined"], serde_json::json!({}), "{b:?}: {party_work}");

        // A rating is judged as if there were no decision until it is announced: no oracle.
        let (status, _, v) = org
            .post("/api/ratings", r#"{"year":2026,"subject":"member","person":"M5","grade":"htxsnv","stage":"self"}"#);
        assert_eq!(status, 201, "{b:?}: the unannounced reprimand shows in no refusal: {v}");

        // Announced today: the effects appear, dated from the day each decision takes effect.
        let today = tinhgon::clock::today().to_string();
        let bithu = TestApp::with_token(&db, "bithu");
        let (status, _, _) = bithu.post(
            &format!("/api/disciplines/{}/announcement", decisions[0]),
            &format!(r#"{{"announced_on":"{today}"}}"#),
        );
        assert_eq!(status, 403, "{b:?}: a secretary does not announce");
        for id in &decisions {
            let (status, _, v) =
                ins.post(&format!("/api/disciplines/{id}/announcement"), &format!(r#"{{"announced_on":"{today}"}}"#));
            assert_eq!(status, 200, "{b:?}: {v}");
        }
        let (status, _, v) = ins.post(
            &format!("/api/disciplines/{}/announcement", decisions[0]),
            &format!(r#"{{"announced_on":"{today}"}}"#),
        );
        assert_eq!(status, 409, "{b:?}: announced twice: {v}");
        let members = |day: &str| json(&db.ok(&["stats", "--unit", "P", "--at", day, "--json"]))["members"].clone();
        assert_eq!(members("19/11/2026")["total"], 6, "{b:?}");
        let after = members("20/11/2026");
        assert_eq!((after["total"].as_i64(), after["expelled"].as_i64()), (Some(5), Some(1)), "{b:?}: {after}");
        let (_, _, m4) = ins.get("/api/people/M4");
        let post = m4["positions"].as_array().and_then(|a| a.first()).cloned().unwrap_or_default();
        assert_eq!(post["valid_to"], "2026-11-16", "{b:?}: {m4}");
        let (_, _, w) = TestApp::with_token(&db, "bithug").get("/api/units/P.G/party-work?year=2026");
        let by_form = &w["inspection"]["members_disciplined"];
        assert_eq!(
            (by_form["expulsion"].as_i64(), by_form["removal_from_post"].as_i64(), by_form["reprimand"].as_i64()),
            (Some(1), Some(1), Some(1)),
            "{b:?}: {w}"
        );
        let member = TestApp::with_token(&db, "dangvien3");
        let own = member.fetch("/people/M3");
        assert!(own.text().contains("21-QĐ/ĐU"), "{b:?}: the member reads the decision: {}", own.text());
        let (status, _, v) = org.post(
            "/api/ratings",
            r#"{"year":2026,"subject":"member","person":"M5","grade":"htxsnv","stage":"decision"}"#,
        );
        assert!(status == 422 && v.to_string().contains("kỷ luật"), "{b:?}: {v}");
        let out = db.run(&["verify"]);
        assert!(out.status.success(), "{b:?}: {}", crate::support::stdout(&out));
    }
}

#[test]
fn an_officer_whose_account_is_not_linked_to_their_record_does_not_handle_cases_about_them() {
    let dir = TempDir::new("confidential-own");
    for b in backends() {
        let db = TestDb::new(b, "confidential-own");
        register(&db, &dir);
        // M5, Trần Văn Hà, is an inspection officer whose account was made without --person.
        let out = db.run_with_input(
            &["user", "add", "ha", "--role", "inspection", "--unit", "P", "--display-name", "Trần Văn Hà"],
            "một mật khẩu dài cho thử\n",
        );
        assert!(crate::support::stderr(&out).contains("--person"), "{b:?}: the operator is told to link the record");
        let ins = TestApp::with_token(&db, "kiemtra");
        let (status, _, c) = ins.post(
            "/api/cases",
            r#"{"kind":"denunciation","handler":"P.UBKT","opened_on":"2026-09-02","title":"Tố cáo","subject_person":"M5","sender":"Người tố cáo"}"#,
        );
        assert_eq!(status, 201, "{b:?}: {c}");
        let id = c["id"].as_i64().unwrap_or_default();
        assert_eq!(ins.get(&format!("/api/cases/{id}")).0, 200, "{b:?}");
        let ha = TestApp::with_token(&db, "ha");
        assert_eq!(ha.get(&format!("/api/cases/{id}")).0, 404, "{b:?}: the case about herself");
        let (_, _, listed) = ha.get("/api/units/P/cases?year=2026");
        assert_eq!(listed, serde_json::json!([]), "{b:?}");
    }
}

#[test]
fn a_unit_submits_its_report_on_the_day_it_submits_and_not_after_the_close() {
    let dir = TempDir::new("confidential-submit");
    for b in backends() {
        let db = TestDb::new(b, "confidential-submit");
        register(&db, &dir);
        let org = TestApp::with_token(&db, "tochuc");
        let launch = serde_json::json!({
            "launcher": "P", "kind": "so_ket", "title": "Sơ kết quý I",
            "reference_on": "2026-01-31", "report_by": "2026-02-28", "closes_on": "2026-03-15",
            "sections": ["Kết quả"], "fields": ["members_total"],
        });
        let (status, _, c) = org.post("/api/campaigns", &launch.to_string());
        assert_eq!(status, 201, "{b:?}: {c}");
        let id = c["id"].as_i64().unwrap_or_default();
        let secretary = TestApp::with_token(&db, "bithug");
        let before = db.count("change_log");
        // The campaign closed in March: an earlier day given by the unit does not make it on time.
        let (status, _, v) = secretary.post(
            &format!("/api/campaigns/{id}/reports/P.G"),
            r#"{"texts":["Kết quả"],"submit":true,"submitted_on":"2026-02-20"}"#,
        );
        assert_eq!((status, v["errors"][0]["field"].as_str()), (422, Some("submitted_on")), "{b:?}: {v}");
        let (status, _, v) =
            secretary.post(&format!("/api/campaigns/{id}/reports/P.G"), r#"{"texts":["Kết quả"],"submit":true}"#);
        assert_eq!((status, v["errors"][0]["field"].as_str()), (422, Some("submitted_on")), "{b:?}: {v}");
        assert_eq!(db.count("change_log"), before, "{b:?}");
        // The launching committee records the report it received on paper in time.
        let (status, _, v) = org.post(
            &format!("/api/campaigns/{id}/reports/P.G"),
            r#"{"texts":["Kết quả"],"submit":true,"submitted_on":"2026-02-20"}"#,
        );
        assert_eq!(status, 200, "{b:?}: {v}");
    }
}
