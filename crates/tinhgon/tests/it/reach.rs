//! The lock on every write: a unit or person out of the caller's reach, named anywhere in a write
//! (the API's body, a form, an import row, a plan operation), is refused exactly as one that does
//! not exist, nothing is written, and the caller's reach does not grow.

use crate::support::{backends, request, Reply, TempDir, TestApp, TestDb};

/// A person of another province, made by the operator: out of reach of every scoped account of
/// the demo (whose province is Hà Tĩnh, 42).
const OUTSIDER: &str = "01.9000001";

fn add_outsider(db: &TestDb, dir: &TempDir) {
    let units = dir.put("outsider-units.csv", "code,name,kind,parent,valid_from\n01.DTEST,Đảng bộ thử,party_commune,01,01/01/2015\n01.DTEST.C1,Chi bộ thử,party_cell,01.DTEST,01/01/2015\n");
    db.ok(&["import", "units", &units]);
    let members = dir.put("outsider-members.csv", format!("person,full_name,gender,birth_date,unit,status,admitted_on\n{OUTSIDER},Hà Văn Xa,nam,02/03/1975,01.DTEST.C1,probationary,01/06/2020\n"));
    db.ok(&["import", "members", &members]);
}

fn token(db: &TestDb, user: &str) -> String {
    db.ok(&["token", "create", "--user", user]).trim().to_string()
}

fn send(app: &TestApp, token: &str, path: &str, kind: &str, body: &str) -> Reply {
    let auth = format!("Bearer {token}");
    request(&app.addr, "POST", path, &[("Authorization", &auth), ("Content-Type", kind)], body.as_bytes())
}

fn form(fields: &[(&str, &str)]) -> String {
    let enc = |v: &str| -> String {
        v.bytes()
            .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
            .collect()
    };
    fields.iter().map(|(k, v)| format!("{k}={}", enc(v))).collect::<Vec<_>>().join("&")
}

fn get(app: &TestApp, token: &str, path: &str) -> u16 {
    let auth = format!("Bearer {token}");
    request(&app.addr, "GET", path, &[("Authorization", &auth)], b"").status
}

/// The answer with the person's code replaced, to compare an out-of-reach person with an absent one.
fn without(text: &str, code: &str) -> String {
    text.replace(code, "<code>")
}

/// Every write that names the outsider refuses exactly as it refuses a code that does not exist.
fn same_as_absent(label: &str, outside: &Reply, absent: &Reply, code: &str, missing: &str) {
    assert_eq!(outside.status, absent.status, "{label}: {}", outside.text());
    assert_eq!(
        without(&outside.text(), code),
        without(&absent.text(), missing),
        "{label}: out of reach must read exactly like absent"
    );
}

#[test]
fn no_write_names_a_person_or_unit_out_of_reach() {
    let dir = TempDir::new("reach");
    for b in backends() {
        let db = TestDb::tiny(b, "reach");
        add_outsider(&db, &dir);
        let app = TestApp::start(&db.url);
        let before = (db.count("change_log"), db.count("membership"), db.count("assignment"), db.count("plan"));
        let missing = "01.9999999";
        let (bithu, noivu, tochuc) = (token(&db, "bithu"), token(&db, "noivu"), token(&db, "tochuc"));
        let tokens_made = 3;

        // The secretary of Thành Sen ward: the API, the membership form, the import page.
        assert_eq!(get(&app, &bithu, &format!("/api/people/{OUTSIDER}")), 404, "{b:?}");
        let member = |p: &str| {
            format!(
                r#"{{"person":"{p}","unit":"18073.DU.C01","status":"probationary","admitted_on":"2015-02-01","valid_to":"2015-03-01"}}"#
            )
        };
        let json = "application/json";
        let out = send(&app, &bithu, "/api/members", json, &member(OUTSIDER));
        let abs = send(&app, &bithu, "/api/members", json, &member(missing));
        assert_eq!(out.status, 422, "{b:?} {}", out.text());
        same_as_absent("POST /api/members", &out, &abs, OUTSIDER, missing);
        let csv = |p: &str| {
            format!("person,unit,status,admitted_on,valid_to\n{p},18073.DU.C01,probationary,01/02/2015,01/03/2015\n")
        };
        let out = send(&app, &bithu, "/import/members", "text/csv", &csv(OUTSIDER));
        let abs = send(&app, &bithu, "/import/members", "text/csv", &csv(missing));
        assert_eq!(out.status, 422, "{b:?} {}", out.text());
        same_as_absent("POST /import/members", &out, &abs, OUTSIDER, missing);
        let fields = |p: &str| {
            form(&[
                ("unit", "18073.DU.C01"),
                ("status", "probationary"),
                ("admitted_on", "01/02/2015"),
                ("valid_to", "01/03/2015"),
                ("person", p),
            ])
        };
        let kind = "application/x-www-form-urlencoded";
        let out = send(&app, &bithu, &format!("/people/{OUTSIDER}/memberships/new"), kind, &fields(OUTSIDER));
        let abs = send(&app, &bithu, &format!("/people/{missing}/memberships/new"), kind, &fields(missing));
        assert_eq!(out.status, 404, "{b:?}");
        same_as_absent("POST /people/…/memberships/new", &out, &abs, OUTSIDER, missing);
        let edit = form(&[("full_name", "Hà Văn Gần"), ("gender", "male"), ("birth_date", "02/03/1975")]);
        let out = send(&app, &bithu, &format!("/people/{OUTSIDER}/edit"), kind, &edit);
        let abs = send(&app, &bithu, &format!("/people/{missing}/edit"), kind, &edit);
        assert_eq!(out.status, 404, "{b:?}");
        same_as_absent("POST /people/…/edit", &out, &abs, OUTSIDER, missing);
        assert_eq!(get(&app, &bithu, &format!("/api/people/{OUTSIDER}")), 404, "{b:?}: the reach did not grow");

        // The home-affairs officer of the provincial people's committee: an appointment naming a
        // ward party member, through the form, the API-less import page, and the positions file.
        let ward_member = {
            let mut s = db.store();
            s.read(|tx| {
                tx.query_one(
                    "SELECT p.code FROM membership m JOIN person p ON p.id = m.person_id JOIN unit u ON u.id = m.unit_id
                     WHERE u.code = '18073.DU.C01' ORDER BY p.code LIMIT 1",
                    &[],
                )?
                .text(0)
            })
            .unwrap_or_else(|e| panic!("{e}"))
        };
        assert_eq!(get(&app, &noivu, &format!("/api/people/{ward_member}")), 404, "{b:?}");
        let appoint = |p: &str| {
            form(&[
                ("person", p),
                ("title", "Chuyên viên"),
                ("rank", "staff"),
                ("primary", "1"),
                ("valid_from", "01/02/2026"),
                ("decision_no", "7-QĐ/UBND"),
                ("decision_date", "20/01/2026"),
            ])
        };
        let out = send(&app, &noivu, "/units/42.UBND.S01/positions/new", kind, &appoint(&ward_member));
        let abs = send(&app, &noivu, "/units/42.UBND.S01/positions/new", kind, &appoint(missing));
        assert_eq!(out.status, 422, "{b:?} {}", out.text());
        same_as_absent("POST /units/…/positions/new", &out, &abs, &ward_member, missing);
        assert!(out.text().contains(&format!("không có người mã {ward_member}")), "{}", out.text());
        let positions =
            |p: &str| format!("person,unit,title,rank,valid_from\n{p},42.UBND.S01,Chuyên viên,staff,01/02/2026\n");
        let out = send(&app, &noivu, "/import/positions", "text/csv", &positions(&ward_member));
        let abs = send(&app, &noivu, "/import/positions", "text/csv", &positions(missing));
        same_as_absent("POST /import/positions", &out, &abs, &ward_member, missing);
        // People's particulars are not the home-affairs officer's to correct (the README's table).
        let out = send(&app, &noivu, &format!("/people/{ward_member}/edit"), kind, &edit);
        assert_eq!(out.status, 404, "{b:?}");
        assert_eq!(get(&app, &noivu, &format!("/api/people/{ward_member}")), 404, "{b:?}: the reach did not grow");

        // The organization officer of Hà Tĩnh: a plan appointing a person of another province.
        let plan = |p: &str| {
            form(&[
                ("name", "Bố trí cán bộ"),
                ("decision", "12-QĐ/TU"),
                ("decision_date", "01/01/2026"),
                ("effective", "01/02/2026"),
                ("surplus_years", "3"),
                (
                    "ops",
                    &format!(
                        "op,unit,person,title,rank,primary\ncreate_position,42.UBND.S01,{p},Phó Giám đốc,deputy,0\n"
                    ),
                ),
            ])
        };
        let out = send(&app, &tochuc, "/plans/new", kind, &plan(OUTSIDER));
        let abs = send(&app, &tochuc, "/plans/new", kind, &plan(missing));
        assert_eq!(out.status, 422, "{b:?} {}", out.text());
        same_as_absent("POST /plans/new", &out, &abs, OUTSIDER, missing);
        // And a plan naming a unit of another province.
        let moved = |u: &str| {
            form(&[
                ("name", "Chuyển giao"),
                ("decision", "13-QĐ/TU"),
                ("decision_date", "01/01/2026"),
                ("effective", "01/02/2026"),
                ("ops", &format!("op,unit,parent\nmove,{u},42.DUK\n")),
            ])
        };
        let out = send(&app, &tochuc, "/plans/new", kind, &moved("01.DTEST.C1"));
        let abs = send(&app, &tochuc, "/plans/new", kind, &moved("01.NOPE.C1"));
        assert_eq!(out.status, 422, "{b:?} {}", out.text());
        same_as_absent("POST /plans/new (unit)", &out, &abs, "01.DTEST.C1", "01.NOPE.C1");
        assert_eq!(get(&app, &tochuc, &format!("/api/people/{OUTSIDER}")), 404, "{b:?}: the reach did not grow");

        let after = (db.count("change_log"), db.count("membership"), db.count("assignment"), db.count("plan"));
        assert_eq!(after, (before.0 + tokens_made, before.1, before.2, before.3), "{b:?}: a refused write wrote");
    }
}

/// An account's reach is reused while only people change and made again when the unit tree
/// changes: a unit created under the officer's province after a run of people's writes is in
/// reach at once, and one created elsewhere is not.
#[test]
fn the_reach_follows_new_units_through_peoples_writes() {
    for b in backends() {
        let db = TestDb::tiny(b, "reach-follows");
        let app = TestApp::start(&db.url);
        let (officer, admin) = (token(&db, "tochuc"), token(&db, "admin"));
        assert_eq!(get(&app, &officer, "/api/units/42.DUK"), 200, "{b:?}");
        for i in 0..3 {
            let body = format!(
                r#"{{"code":"42.950000{i}","full_name":"Lê Văn Mới","gender":"nam","birth_date":"1990-01-01"}}"#
            );
            let r = send(&app, &admin, "/api/people", "application/json", &body);
            assert_eq!(r.status, 201, "{b:?}: {}", r.text());
            assert_eq!(get(&app, &officer, "/api/units/42.DUK"), 200, "{b:?}: still in reach after a person's write");
        }
        for (code, parent, reached) in [("42.DUK.G77", "42.DUK", 200), ("01.G77", "01", 404)] {
            let body = format!(
                r#"{{"code":"{code}","name":"Chi bộ 77","kind":"party_grassroots_cell","sector":"private","parent":"{parent}","valid_from":"01/03/2026","decision_no":"177-QĐ/ĐUK","decision_date":"20/02/2026"}}"#
            );
            let r = send(&app, &admin, "/api/units", "application/json", &body);
            assert_eq!(r.status, 201, "{b:?}: {}", r.text());
            assert_eq!(get(&app, &officer, &format!("/api/units/{code}")), reached, "{b:?}: {code}");
        }
    }
}
