//! Inspection and discipline: an expulsion ends the membership on its day and the statistics drop
//! the member from then; removal from post ends the position; a denunciation's time limit skips
//! weekends and holidays; a case stays hidden from the secretary of the organization it concerns
//! — through every route — until its decision is announced; and each bad decision is refused with
//! nothing written.

use tinhgon::routes::table;

use crate::support::{backends, json, request, TempDir, TestApp, TestDb};

/// A province with its inspection commission, one grassroots committee of two cells and six
/// members; M1 is the secretary of C1 and holds the secretary's account; M6 is probationary.
pub(crate) fn register(db: &TestDb, dir: &TempDir) {
    let units = "code,name,kind,parent,valid_from,sector
P,Đảng bộ tỉnh,party_provincial,,2010-01-01,
P.UBKT,Ủy ban Kiểm tra Tỉnh ủy,party_commission,P,2010-01-01,
P.G,Đảng bộ Sở Xây dựng,party_grassroots_committee,P,2010-01-01,admin_agency
P.G.C1,Chi bộ Văn phòng,party_cell,P.G,2010-01-01,
P.G.C2,Chi bộ Phòng Quy hoạch,party_cell,P.G,2010-01-01,
";
    db.ok(&["import", "units", &dir.put("units.csv", units)]);
    let mut members =
        String::from("person,full_name,gender,birth_date,unit,status,admitted_on,recognized_on,valid_from\n");
    for (i, g) in ["An", "Bình", "Cường", "Dũng", "Hà", "Hải"].iter().enumerate() {
        let cell = if i < 3 { "P.G.C1" } else { "P.G.C2" };
        let (status, recognized) = if i == 5 { ("probationary", "") } else { ("official", "01/01/2011") };
        members.push_str(&format!(
            "M{},Trần Văn {g},nam,01/01/1980,{cell},{status},01/01/2010,{recognized},01/01/2012\n",
            i + 1
        ));
    }
    db.ok(&["import", "members", &dir.put("members.csv", &members)]);
    let posts = "person,unit,title,rank,valid_from,primary\nM1,P.G.C1,Bí thư Chi bộ,head,01/01/2020,0\nM4,P.G.C2,Bí thư Chi bộ,head,01/01/2020,0\n";
    db.ok(&["import", "positions", &dir.put("positions.csv", posts)]);
    let pass = "một mật khẩu dài cho thử\n";
    db.run_with_input(&["user", "add", "kiemtra", "--role", "inspection", "--unit", "P"], pass);
    db.run_with_input(&["user", "add", "tochuc", "--role", "organization", "--unit", "P"], pass);
    db.run_with_input(&["user", "add", "bithu", "--role", "secretary", "--unit", "P.G.C1"], pass);
    db.run_with_input(&["user", "add", "dangvien", "--role", "member", "--person", "M2"], pass);
}

fn members_on(db: &TestDb, day: &str) -> serde_json::Value {
    json(&db.ok(&["stats", "--unit", "P", "--at", day, "--json"]))["members"].clone()
}

#[test]
fn an_expulsion_ends_the_membership_on_its_day_and_bad_decisions_write_nothing() {
    let dir = TempDir::new("discipline");
    for b in backends() {
        let db = TestDb::new(b, "discipline");
        register(&db, &dir);
        let ins = TestApp::with_token(&db, "kiemtra");
        let decide = |body: &str| ins.post("/api/disciplines", body);
        let (status, _, r) = decide(
            r#"{"person":"M3","form":"expulsion","breach_on":"2026-03-01","decided_by":"P.G","decided_on":"2026-06-10","effective_on":"2026-06-15","decision_no":"12-QĐ/ĐU","announced_on":"2026-06-15","reason":"Vi phạm tư cách đảng viên"}"#,
        );
        assert_eq!(status, 201, "{b:?}: {r}");
        assert_eq!(members_on(&db, "14/06/2026")["total"], 6, "{b:?}");
        let after = members_on(&db, "15/06/2026");
        assert_eq!((after["total"].as_i64(), after["expelled"].as_i64()), (Some(5), Some(1)), "{b:?}: {after}");
        let (_, _, m3) = ins.get("/api/people/M3");
        assert!(
            m3.to_string().contains(
                r#""status":"expelled","unit":"P.G.C1","unit_name":"Chi bộ Văn phòng","valid_from":"2026-06-15""#
            ),
            "{b:?}: {m3}"
        );
        let cited: Vec<String> = db
            .store()
            .read(|tx| {
                tx.query(
                    "SELECT m.decision_no FROM membership m JOIN person p ON p.id = m.person_id WHERE p.code = 'M3' AND m.status = 'expelled'",
                    &[],
                )?
                .iter()
                .map(|r| r.text(0))
                .collect()
            })
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(cited, ["12-QĐ/ĐU"], "{b:?}: the membership cites the decision");

        // Removal from post ends the position the same day, citing the decision.
        let (status, _, r) = decide(
            r#"{"person":"M4","form":"removal_from_post","breach_on":"2026-02-01","decided_by":"P.G","decided_on":"2026-07-01","decision_no":"13-QĐ/ĐU","announced_on":"2026-07-01"}"#,
        );
        assert_eq!(status, 201, "{b:?}: {r}");
        let (_, _, m4) = ins.get("/api/people/M4");
        let post = m4["positions"].as_array().and_then(|a| a.first()).cloned().unwrap_or_default();
        assert_eq!(post["valid_to"], "2026-07-01", "{b:?}: {m4}");
        // A reprimand in the same year rules out a good rating of the member.
        let (status, _, r) = decide(
            r#"{"person":"M5","form":"reprimand","breach_on":"2026-02-01","decided_by":"P.G","decided_on":"2026-03-01","decision_no":"14-QĐ/ĐU","announced_on":"2026-03-01"}"#,
        );
        assert_eq!(status, 201, "{b:?}: {r}");
        let (_, _, stats) = ins.get("/api/units/P/party-work?year=2026");
        let by_form = &stats["inspection"]["members_disciplined"];
        assert_eq!(
            (by_form["expulsion"].as_i64(), by_form["removal_from_post"].as_i64(), by_form["reprimand"].as_i64()),
            (Some(1), Some(1), Some(1)),
            "{b:?}: {stats}"
        );

        let org = TestApp::with_token(&db, "tochuc");
        let before = db.count("change_log");
        let bad = [
            (
                r#"{"person":"M6","form":"expulsion","breach_on":"2026-02-01","decided_by":"P.G","decided_on":"2026-03-01","decision_no":"15-QĐ/ĐU"}"#,
                "form",
                "dự bị",
            ),
            (
                r#"{"person":"M2","form":"removal_from_post","breach_on":"2026-02-01","decided_by":"P.G","decided_on":"2026-03-01","decision_no":"15-QĐ/ĐU"}"#,
                "form",
                "không giữ chức vụ",
            ),
            (
                r#"{"unit":"P.G.C2","form":"expulsion","breach_on":"2026-02-01","decided_by":"P.G","decided_on":"2026-03-01","decision_no":"15-QĐ/ĐU"}"#,
                "form",
                "tổ chức đảng",
            ),
            (
                r#"{"person":"M2","form":"reprimand","breach_on":"2020-01-10","decided_by":"P.G","decided_on":"2026-03-01","decision_no":"15-QĐ/ĐU"}"#,
                "breach_on",
                "thời hiệu",
            ),
            (
                r#"{"unit":"P.G","form":"warning","breach_on":"2026-02-01","decided_by":"P.G","decided_on":"2026-03-01","decision_no":"15-QĐ/ĐU"}"#,
                "decided_by",
                "thẩm quyền",
            ),
            (
                r#"{"person":"M2","form":"warning","breach_on":"2026-02-01","decided_by":"P.G","decided_on":"2026-03-01","decision_no":"không số"}"#,
                "decision_no",
                "",
            ),
        ];
        for (body, column, words) in bad {
            let (status, _, p) = decide(body);
            assert_eq!(status, 422, "{b:?} {column}: {p}");
            let text = p.to_string();
            assert!(text.contains(column) && text.contains(words), "{b:?} {column} «{words}»: {p}");
        }
        // A rating above the best grade a disciplined member may have.
        let (status, _, p) =
            ins.post("/api/ratings", r#"{"year":2026,"subject":"member","person":"M5","grade":"httnv"}"#);
        assert_eq!(status, 403, "{b:?}: the inspection officer does not enter ratings: {p}");
        let (status, _, p) =
            org.post("/api/ratings", r#"{"year":2026,"subject":"member","person":"M5","grade":"httnv"}"#);
        assert!(status == 422 && p.to_string().contains("kỷ luật"), "{b:?}: {p}");
        // A complaint about the reprimand within a month of its announcement; a late one refused.
        let (status, _, p) = ins.post("/api/cases", r#"{"kind":"complaint","handler":"P.UBKT","opened_on":"2026-04-15","title":"Khiếu nại quyết định khiển trách","subject_person":"M5","discipline":3,"sender":"Trần Văn Hà"}"#);
        assert_eq!(status, 422, "{b:?}: {p}");
        assert!(p.to_string().contains("opened_on") && p.to_string().contains("01/04/2026"), "{b:?}: {p}");
        assert_eq!(db.count("change_log"), before, "{b:?}: a refused decision wrote");
        let (status, _, p) = ins.post("/api/cases", r#"{"kind":"complaint","handler":"P.UBKT","opened_on":"2026-03-20","title":"Khiếu nại quyết định khiển trách","subject_person":"M5","discipline":3,"sender":"Trần Văn Hà"}"#);
        assert_eq!(status, 201, "{b:?}: {p}");
    }
}

#[test]
fn a_denunciation_has_ninety_working_days_without_weekends_and_holidays() {
    let dir = TempDir::new("denunciation");
    for b in backends() {
        let db = TestDb::new(b, "denunciation");
        register(&db, &dir);
        let ins = TestApp::with_token(&db, "kiemtra");
        // Received on Friday 02/01/2026: 90 working days skip the weekends, Tết (16–20/02), the
        // Hùng Kings' day in lieu (27/04), 30/4 and 1/5 — to 20/05/2026; at most 30 more to 01/07.
        let (status, _, c) = ins.post("/api/cases", r#"{"kind":"denunciation","handler":"P.UBKT","opened_on":"2026-01-02","title":"Tố cáo vi phạm","subject_person":"M2","sender":"Nguyễn Thị Tố"}"#);
        assert_eq!(status, 201, "{b:?}: {c}");
        let id = c["id"].as_i64().unwrap_or(0);
        let (_, _, got) = ins.get(&format!("/api/cases/{id}"));
        assert_eq!(got["due_on"], "2026-05-20", "{b:?}: {got}");
        assert_eq!(got["sender"], "Nguyễn Thị Tố", "{b:?}: the handler sees the sender");
        let (status, _, p) = ins.post(
            &format!("/api/cases/{id}/conclusion"),
            r#"{"concluded_on":"2026-06-01","conclusion":"Đúng một phần","extended_to":"2026-07-02"}"#,
        );
        assert!(status == 422 && p.to_string().contains("01/07/2026"), "{b:?}: past the longest extension: {p}");
        let (status, _, p) = ins.post(
            &format!("/api/cases/{id}/conclusion"),
            r#"{"concluded_on":"2026-06-01","conclusion":"Đúng một phần","extended_to":"2026-07-01"}"#,
        );
        assert_eq!(status, 200, "{b:?}: {p}");
        // An anonymous one is recorded with no time limit and is not handled.
        let (status, _, c) = ins.post("/api/cases", r#"{"kind":"denunciation","handler":"P.UBKT","opened_on":"2026-01-05","title":"Thư nặc danh","anonymous":true}"#);
        assert_eq!(status, 201, "{b:?}: {c}");
        let anon = c["id"].as_i64().unwrap_or(0);
        let (_, _, got) = ins.get(&format!("/api/cases/{anon}"));
        assert!(got["due_on"].is_null(), "{b:?}: {got}");
        let (status, _, p) =
            ins.post(&format!("/api/cases/{anon}/conclusion"), r#"{"concluded_on":"2026-02-01","conclusion":"x"}"#);
        assert!(status == 422 && p.to_string().contains("nặc danh"), "{b:?}: {p}");
        let (_, _, w) = ins.get("/api/units/P/party-work?year=2026");
        let d = &w["inspection"]["denunciations"];
        assert_eq!(
            (d["total"].as_i64(), d["concluded"].as_i64(), d["anonymous"].as_i64()),
            (Some(2), Some(1), Some(1)),
            "{b:?}: {w}"
        );
    }
}

/// Every GET route of the table, its code and id filled, as `account` sees it.
fn every_page(app: &TestApp, token: &str, (unit, person, id): (&str, &str, i64)) -> Vec<(String, u16, String)> {
    let mut out = Vec::new();
    for route in table().iter().filter(|r| r.method == axum::http::Method::GET) {
        let path = route.path;
        if path.contains('*') || path.starts_with("/assets") || path.starts_with("/lang") {
            continue;
        }
        let code = if path.starts_with("/people") || path.starts_with("/api/people") { person } else { unit };
        let filled = path.replace("{code}", code).replace("{id}", &id.to_string());
        let query = if filled.contains('?') { "" } else { "?year=2026&from=2026-01-01&to=2026-12-31" };
        let full = format!("{filled}{query}");
        let auth = format!("Bearer {token}");
        let r = request(&app.addr, "GET", &full, &[("Authorization", &auth)], b"");
        out.push((full, r.status, r.text()));
    }
    out
}

#[test]
fn a_secretary_sees_no_case_about_their_organization_before_its_decision_on_any_route() {
    let dir = TempDir::new("confidential");
    for b in backends() {
        let db = TestDb::new(b, "confidential");
        register(&db, &dir);
        let ins = TestApp::with_token(&db, "kiemtra");
        let marker = "Dấu hiệu vi phạm MẬT-7731";
        let body = format!(
            r#"{{"kind":"inspection","mode":"breach_signs","handler":"P.UBKT","opened_on":"2026-05-04","title":"{marker}","subject_unit":"P.G.C1","team":"Tổ kiểm tra số 2"}}"#
        );
        let (status, _, c) = ins.post("/api/cases", &body);
        assert_eq!(status, 201, "{b:?}: {c}");
        let id = c["id"].as_i64().unwrap_or(0);
        let (status, _, d) = ins.post("/api/cases", &format!(r#"{{"kind":"denunciation","handler":"P.UBKT","opened_on":"2026-05-05","title":"{marker} (tố cáo)","subject_person":"M2","sender":"Người tố cáo MẬT"}}"#));
        assert_eq!(status, 201, "{b:?}: {d}");
        let denunciation = d["id"].as_i64().unwrap_or(0);
        let secretary = db.ok(&["token", "create", "--user", "bithu"]).trim().to_string();
        let member = db.ok(&["token", "create", "--user", "dangvien"]).trim().to_string();
        for (who, token, person) in [("bithu", &secretary, "M1"), ("dangvien", &member, "M2")] {
            let pages = every_page(&ins, token, ("P.G.C1", person, id));
            assert!(pages.len() > 30, "{b:?}: {}", pages.len());
            for (path, status, text) in &pages {
                assert!(!text.contains("MẬT-7731"), "{b:?} {who}: {path} ({status}) shows the case");
            }
            for path in [format!("/api/cases/{id}"), format!("/cases/{id}"), format!("/api/cases/{denunciation}")] {
                let r = request(&ins.addr, "GET", &path, &[("Authorization", &format!("Bearer {token}"))], b"");
                assert_eq!(r.status, 404, "{b:?} {who}: {path}");
            }
        }
        // The committee's organization officer sees both, the sender too.
        let org = TestApp::with_token(&db, "tochuc");
        let (status, _, seen) = org.get(&format!("/api/cases/{denunciation}"));
        assert_eq!((status, seen["sender"].as_str()), (200, Some("Người tố cáo MẬT")), "{b:?}: {seen}");
        let listed = org.fetch("/cases");
        assert!(
            listed.status == 200 && listed.text().contains("MẬT-7731"),
            "{b:?}: the officer's own unit's cases: {}",
            listed.status
        );

        // The decision announced today: the secretary now reads the case, never a sender.
        let now = today();
        let (status, _, p) = ins.post(&format!("/api/cases/{id}/conclusion"), &format!(r#"{{"concluded_on":"{now}","conclusion":"Chi bộ có khuyết điểm","follow_up":"Kiểm điểm trong tháng","announced_on":"{now}"}}"#));
        assert_eq!(status, 200, "{b:?}: {p}");
        let sec = TestApp::with_token(&db, "bithu");
        let (status, _, shown) = sec.get(&format!("/api/cases/{id}"));
        assert_eq!(status, 200, "{b:?}: {shown}");
        assert!(shown["conclusion"].as_str().is_some_and(|c| c.contains("khuyết điểm")), "{b:?}: {shown}");
        let (status, _, _) = sec.get(&format!("/api/cases/{denunciation}"));
        assert_eq!(status, 404, "{b:?}: the denunciation is still being handled");
        let (_, _, w) = sec.get("/api/units/P.G.C1/party-work?year=2026");
        assert_eq!(w["inspection"]["inspections"]["concluded"], 1, "{b:?}: {w}");
    }
}

/// Today as the server sees it (ISO).
fn today() -> String {
    tinhgon::clock::today().to_string()
}
