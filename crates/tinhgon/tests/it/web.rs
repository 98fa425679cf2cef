//! The web application and the authorization point: every route for every role, with targets in
//! and out of each role's reach; sign-in, sessions, CSRF and throttling.

use tinhgon::routes::{table, Body, Need, Route};
use tinhgon_domain::access::Action;

use crate::support::{backends, request, Reply, TestApp, TestDb};

pub const PASSWORD: &str = "tinhgon-demo";

/// A browser-like client: signs in through the form and keeps the session cookie.
pub struct Browser<'a> {
    addr: &'a str,
    cookies: Vec<(String, String)>,
    /// Headers sent with every request (the address a proxy forwards).
    extra: Vec<(&'a str, &'a str)>,
}

impl<'a> Browser<'a> {
    pub fn new(app: &'a TestApp) -> Self {
        Browser::at(&app.addr)
    }

    pub fn at(addr: &'a str) -> Self {
        Browser { addr, cookies: Vec::new(), extra: Vec::new() }
    }

    /// The browser behind a proxy that forwards `client` as its address.
    pub fn forwarded(addr: &'a str, client: &'a str) -> Self {
        Browser { addr, cookies: Vec::new(), extra: vec![("X-Forwarded-For", client)] }
    }

    pub fn cookie_header(&self) -> String {
        self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
    }

    fn keep(&mut self, r: &Reply) {
        for (k, v) in &r.headers {
            if k == "set-cookie" {
                let pair = v.split(';').next().unwrap_or_default();
                if let Some((name, value)) = pair.split_once('=') {
                    self.cookies.retain(|(n, _)| n != name);
                    if !value.is_empty() {
                        self.cookies.push((name.to_string(), value.to_string()));
                    }
                }
            }
        }
    }

    pub fn get(&mut self, path: &str) -> Reply {
        let c = self.cookie_header();
        let mut headers = vec![("Cookie", c.as_str())];
        headers.extend(self.extra.iter().copied());
        let r = request(self.addr, "GET", path, &headers, b"");
        self.keep(&r);
        r
    }

    pub fn post_form(&mut self, path: &str, fields: &[(&str, &str)]) -> Reply {
        let body = fields.iter().map(|(k, v)| format!("{k}={}", enc(v))).collect::<Vec<_>>().join("&");
        let c = self.cookie_header();
        let mut headers = vec![("Cookie", c.as_str()), ("Content-Type", "application/x-www-form-urlencoded")];
        headers.extend(self.extra.iter().copied());
        let r = request(self.addr, "POST", path, &headers, body.as_bytes());
        self.keep(&r);
        r
    }

    pub fn sign_in(&mut self, name: &str, password: &str) -> Reply {
        let page = self.get("/login").text();
        let token = hidden(&page, "_login");
        self.post_form("/login", &[("name", name), ("password", password), ("_login", &token), ("next", "/")])
    }

    pub fn csrf(&mut self, page: &str) -> String {
        hidden(&self.get(page).text(), "_csrf")
    }
}

fn enc(v: &str) -> String {
    v.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The value of a hidden input in a page.
fn hidden(page: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    page.split(&marker).nth(1).and_then(|r| r.split('"').next()).unwrap_or_default().to_string()
}

/// One person code from the register.
fn person_in(db: &TestDb, sql: &str) -> String {
    let mut s = db.store();
    s.read(|tx| tx.query_one(sql, &[])?.text(0)).unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// Each demo account with the units and people it reaches and does not; `None` out of reach
/// means it reaches everything, and a code that does not exist stands in (refused the same way).
struct RoleCase {
    account: &'static str,
    in_unit: Option<&'static str>,
    out_unit: Option<&'static str>,
}

const ROLES: &[RoleCase] = &[
    RoleCase { account: "admin", in_unit: Some("18073.DU.C01"), out_unit: None },
    RoleCase { account: "tochuc", in_unit: Some("18073.DU.C01"), out_unit: Some("01") },
    RoleCase { account: "kiemtra", in_unit: Some("18073.DU.C01"), out_unit: Some("42.UBND") },
    RoleCase { account: "noivu", in_unit: Some("42.UBND.S01"), out_unit: Some("42.TU") },
    RoleCase { account: "bithu", in_unit: Some("18073.DU.C01"), out_unit: Some("18100.DU") },
    RoleCase { account: "kiemtoan", in_unit: Some("18073.DU.C01"), out_unit: None },
    RoleCase { account: "dangvien", in_unit: None, out_unit: Some("18073.DU.C01") },
];

/// What each role may do, as the README's table says (written out here, not read from the code).
fn allowed(account: &str, a: Action) -> bool {
    use Action::*;
    match account {
        "admin" => true,
        "tochuc" => !matches!(a, Administer | Inspect),
        "noivu" => matches!(a, Read | EditUnits | EditPositions | ReadPlans | ApplyPlans),
        "kiemtra" => matches!(a, Read | ReadPlans | ReadCases | Inspect),
        "kiemtoan" => matches!(a, Read | ReadPlans),
        "bithu" => matches!(a, Read | EditMembers | EditPeople | Direct),
        _ => a == Read,
    }
}

fn may(account: &str, need: Need) -> bool {
    match need {
        Need::Nobody => true,
        Need::Role(a) => allowed(account, a),
        Need::AnyOf(list) => list.iter().any(|a| allowed(account, *a)),
    }
}

const ABSENT_UNIT: &str = "42.KHONGCO";
const ABSENT_PERSON: &str = "42.9999999";

/// Sends a sample request with a token, its placeholders filled.
fn send(app: &TestApp, token: &str, route: &Route, path: &str, fill: &dyn Fn(&str) -> String) -> Reply {
    let auth = format!("Bearer {token}");
    let (kind, body) = match route.sample.body {
        Body::None => ("application/x-www-form-urlencoded", String::new()),
        Body::Form(t) => ("application/x-www-form-urlencoded", fill(t)),
        Body::Json(t) => ("application/json", fill(t)),
        Body::Csv(t) => ("text/csv", fill(t)),
    };
    request(
        &app.addr,
        route.method.as_str(),
        path,
        &[("Authorization", &auth), ("Content-Type", kind)],
        body.as_bytes(),
    )
}

#[test]
fn every_route_answers_every_role_by_its_reach() {
    for b in backends() {
        let db = TestDb::tiny(b, "web-roles");
        let own = db.person_of("dangvien");
        let other_cell = person_in(
            &db,
            "SELECT p.code FROM membership m JOIN person p ON p.id = m.person_id JOIN unit u ON u.id = m.unit_id
             WHERE u.code LIKE '18100.DU.%' ORDER BY p.code LIMIT 1",
        );
        let official = person_in(
            &db,
            "SELECT p.code FROM assignment a JOIN person p ON p.id = a.person_id JOIN unit u ON u.id = a.unit_id
             WHERE u.code LIKE '42.UBND.%' ORDER BY p.code LIMIT 1",
        );
        let app = TestApp::start(&db.url);
        // Documents of Thành Sen's and Trần Phú's party committees and of the province's (read below
        // it, written only by its own officers), to attach files to.
        let admin = TestApp::with_token(&db, "admin");
        let doc = |issuer: &str, code: &str| {
            let body = format!(
                r#"{{"issuer":"{issuer}","kind":"ke_hoach","sign":"01-KH/{code}","issued_on":"2026-01-05","title":"Kế hoạch"}}"#
            );
            let (status, _, v) = admin.post("/api/documents", &body);
            assert_eq!(status, 201, "{b:?}: {v}");
            v["id"].as_i64().unwrap_or_default()
        };
        let documents =
            [("18073.DU", doc("18073.DU", "ĐU")), ("18100.DU", doc("18100.DU", "ĐU")), ("42.TU", doc("42.TU", "TU"))];
        let before = db.count("change_log");
        let mut checked = 0;
        let routes = table();
        for role in ROLES {
            let token = db.ok(&["token", "create", "--user", role.account]).trim().to_string();
            // People: the member of Thành Sen's first cell is in reach of all but the home-affairs
            // officer (who reaches the provincial committee's staff); a member of Trần Phú ward is
            // out of reach of the Thành Sen secretary and of the member.
            let (in_person, out_person) = match role.account {
                "noivu" => (Some(official.clone()), own.clone()),
                "bithu" | "dangvien" => (Some(own.clone()), other_cell.clone()),
                "tochuc" | "kiemtra" => (Some(own.clone()), ABSENT_PERSON.to_string()),
                _ => (Some(own.clone()), ABSENT_PERSON.to_string()),
            };
            let out_unit = role.out_unit.unwrap_or(ABSENT_UNIT).to_string();
            // A person who exists, out of reach where there is one.
            let taken = if out_person == ABSENT_PERSON { own.clone() } else { out_person.clone() };
            let in_unit = role.in_unit.map(str::to_string);
            for route in &routes {
                let template = route.sample.path;
                let member_lists =
                    role.account == "dangvien" && (template.starts_with("/units?") || template.starts_with("/people?"));
                // (path target in reach?, the path, the body's unit, the body's person)
                let mut cases: Vec<(bool, String, String, String)> = Vec::new();
                let (names_unit, names_person) = route.sample.body.names();
                let in_u = in_unit.clone().unwrap_or_else(|| out_unit.clone());
                let in_p = in_person.clone().unwrap_or_else(|| out_person.clone());
                let body_fills: Vec<(String, String)> = match (names_unit, names_person) {
                    (true, true) => vec![(in_u.clone(), out_person.clone()), (out_unit.clone(), in_p.clone())],
                    _ => vec![(out_unit.clone(), out_person.clone())],
                };
                let path_targets: Vec<(bool, String)> = if template.contains("{unit}") {
                    [(true, in_unit.clone()), (false, Some(out_unit.clone()))]
                        .into_iter()
                        .filter_map(|(t, u)| u.map(|u| (t, template.replace("{unit}", &u))))
                        .collect()
                } else if template.contains("{person}") {
                    [(true, in_person.clone()), (false, Some(out_person.clone()))]
                        .into_iter()
                        .filter_map(|(t, p)| p.map(|p| (t, template.replace("{person}", &p))))
                        .collect()
                } else {
                    vec![(true, template.to_string())]
                };
                for (inside, path) in path_targets {
                    if inside {
                        for (u, p) in &body_fills {
                            cases.push((true, path.clone(), u.clone(), p.clone()));
                        }
                    } else {
                        // Out of reach in the path, with a body that names only what is in reach.
                        cases.push((false, path.clone(), in_u.clone(), in_p.clone()));
                    }
                }
                for (inside, path, u, p) in cases {
                    let fill = |t: &str| t.replace("{unit}", &u).replace("{person}", &p).replace("{taken}", &taken);
                    let expected = if route.need == Need::Nobody {
                        route.sample.status
                    } else if !inside || member_lists {
                        404
                    } else if !may(role.account, route.need) {
                        403
                    } else {
                        route.sample.status
                    };
                    let r = send(&app, &token, route, &path, &fill);
                    assert_eq!(
                        r.status,
                        expected,
                        "{b:?} {} {} {path} (body unit {u}, person {p}): {}",
                        role.account,
                        route.method,
                        r.text()
                    );
                    checked += 1;
                }
            }
        }
        // Attaching a file is a write on the document: a role that may direct, its issuer in reach
        // (a file that is no PDF: refused, nothing written); out of reach, as absent; a role that
        // may not, 403 whatever the document.
        let reaches = |account: &str, issuer: &str| match account {
            "admin" | "tochuc" | "kiemtra" | "kiemtoan" => true,
            "bithu" => issuer == "18073.DU",
            _ => false,
        };
        for role in ROLES {
            let token = db.ok(&["token", "create", "--user", role.account]).trim().to_string();
            for (issuer, id) in documents {
                let path = format!("/api/documents/{id}/files?name=a.pdf");
                let auth = format!("Bearer {token}");
                let r = request(&app.addr, "POST", &path, &[("Authorization", &auth)], b"not a PDF");
                let expected = if !allowed(role.account, Action::Direct) {
                    403
                } else if reaches(role.account, issuer) {
                    422
                } else {
                    404
                };
                assert_eq!(r.status, expected, "{b:?} {} attaches to {issuer}'s: {}", role.account, r.text());
                checked += 1;
            }
        }
        assert!(checked > 500, "{checked}");
        // Tokens were created (logged); no route call above wrote anything else.
        assert_eq!(
            db.count("change_log"),
            before + 2 * ROLES.len() as i64,
            "{b:?}: a refused or invalid request wrote"
        );
        // Every route of the table was asked (the router has no route the table lacks).
        assert!(routes.len() > 60, "{}", routes.len());
    }
}

/// A GET with a bearer token.
fn call(app: &TestApp, token: &str, method: &str, path: &str) -> Reply {
    let auth = format!("Bearer {token}");
    request(&app.addr, method, path, &[("Authorization", &auth)], b"")
}

fn codes_of(found: &serde_json::Value) -> Vec<String> {
    found
        .as_array()
        .map(|a| a.iter().filter_map(|u| u["code"].as_str().map(String::from)).collect())
        .unwrap_or_default()
}

#[test]
fn scoped_searches_show_only_what_is_in_reach() {
    for backend in backends() {
        let db = TestDb::tiny(backend, "web-scope-search");
        let app = TestApp::with_token(&db, "bithu");
        let (status, _, found) = app.get("/api/units?q=chi%20bo&limit=500");
        assert_eq!(status, 200);
        let codes = codes_of(&found);
        assert!(!codes.is_empty());
        assert!(codes.iter().all(|c| c.starts_with("18073.DU")), "{backend:?} {codes:?}");
        let page = call(&app, &app.token, "GET", "/units?q=chi%20bo").text();
        assert!(page.contains("18073.DU.C01") && !page.contains("18100.DU"), "the page lists out-of-reach units");

        // People: exactly the matches who ever belonged to or held a post in the ward, in order.
        let inside: std::collections::HashSet<String> = {
            let mut s = db.store();
            s.read(|tx| {
                tx.query(
                    "SELECT p.code FROM membership m JOIN person p ON p.id = m.person_id JOIN unit u ON u.id = m.unit_id
                     WHERE u.code = '18073.DU' OR u.code LIKE '18073.DU.%'
                     UNION
                     SELECT p.code FROM assignment a JOIN person p ON p.id = a.person_id JOIN unit u ON u.id = a.unit_id
                     WHERE u.code = '18073.DU' OR u.code LIKE '18073.DU.%'",
                    &[],
                )?
                .iter()
                .map(|r| r.text(0))
                .collect()
            })
            .unwrap_or_else(|e| panic!("{e}"))
        };
        let admin = TestApp::with_token(&db, "admin");
        let everyone = codes_of(&admin.get("/api/people?q=nguyen&limit=500").2);
        assert!(everyone.len() < 500, "the whole match list fits in one answer");
        let expected: Vec<String> = everyone.into_iter().filter(|c| inside.contains(c)).collect();
        assert!(!expected.is_empty());
        let scoped = codes_of(&app.get("/api/people?q=nguyen&limit=500").2);
        assert_eq!(scoped, expected, "{backend:?}");
        let page = call(&app, &app.token, "GET", "/people?q=nguyen").text();
        assert!(expected.iter().take(100).all(|c| page.contains(&format!("/people/{c}\""))), "{backend:?}");
    }
}

#[test]
fn no_credentials_no_register() {
    let db = TestDb::tiny(backends()[0], "web-anon");
    let app = TestApp::start(&db.url);
    for path in ["/api/units/42", "/api/people?q=a", "/api/units/42/stats"] {
        let r = request(&app.addr, "GET", path, &[], b"");
        assert_eq!(r.status, 401, "{path}");
        assert!(r.content_type().starts_with("application/problem+json"), "{path}");
    }
    let forged = request(&app.addr, "GET", "/api/units/42", &[("Authorization", "Bearer tg_forged")], b"");
    assert_eq!(forged.status, 401);
    let r = request(&app.addr, "GET", "/units/42", &[], b"");
    assert_eq!(r.status, 303);
    assert!(r.header("location").is_some_and(|l| l.starts_with("/login?next=")), "{:?}", r.header("location"));
}

#[test]
fn sign_in_sessions_csrf_and_throttling() {
    let db = TestDb::tiny(backends()[0], "web-sign-in");
    let app = TestApp::start(&db.url);

    let mut b = Browser::new(&app);
    let wrong = b.sign_in("tochuc", "not the password");
    assert_eq!(wrong.status, 401);
    assert!(wrong.text().contains("Sai tên đăng nhập hoặc mật khẩu"));

    // Without the sign-in form's token the attempt is refused before the password is looked at.
    let mut forger = Browser::new(&app);
    let r = forger.post_form("/login", &[("name", "tochuc"), ("password", PASSWORD), ("_login", "forged")]);
    assert_eq!(r.status, 403);

    let ok = b.sign_in("tochuc", PASSWORD);
    assert_eq!(ok.status, 303, "{}", ok.text());
    let set =
        ok.headers.iter().find(|(k, v)| k == "set-cookie" && v.starts_with("tinhgon_session=")).map(|(_, v)| v.clone());
    let set = set.unwrap_or_default();
    assert!(set.contains("HttpOnly") && set.contains("SameSite=Strict"), "{set}");
    let home = b.get("/units/42");
    assert_eq!(home.status, 200);
    assert!(home.text().contains("Tỉnh Hà Tĩnh"));

    // A form posted without its CSRF token changes nothing.
    let before = db.count("unit_version");
    let r = b.post_form(
        "/units/42.TU/edit",
        &[
            ("name", "Đổi tên"),
            ("kind", "party_provincial"),
            ("valid_from", "01/01/2026"),
            ("decision_no", "1-QĐ/TU"),
            ("decision_date", "01/01/2026"),
        ],
    );
    assert_eq!(r.status, 403, "{}", r.text());
    let r = b.post_form("/units/42.TU/edit", &[("_csrf", "forged"), ("name", "Đổi tên")]);
    assert_eq!(r.status, 403);
    assert_eq!(db.count("unit_version"), before);

    // English by the switch; numbers and dates in English convention.
    let r = b.get("/lang/en?back=/units/42");
    assert_eq!(r.status, 303);
    let en = b.get("/units/42/dashboard?at=2026-10-31");
    assert!(en.text().contains("Dashboard") && en.text().contains("2026-10-31"), "{}", en.text());
    b.get("/lang/vi");

    // Sign-out ends the session, and removes it from the database.
    assert_eq!(db.count("session"), 1);
    let csrf = b.csrf("/units/42");
    assert!(!csrf.is_empty());
    let out = b.post_form("/logout", &[("_csrf", &csrf)]);
    assert_eq!(out.status, 303);
    let after = b.get("/units/42");
    assert_eq!(after.status, 303);

    // Five failures for one account lock it out for a while, even with the right password.
    let mut t = Browser::new(&app);
    for _ in 0..5 {
        assert_eq!(t.sign_in("kiemtra", "wrong password!").status, 401);
    }
    let locked = t.sign_in("kiemtra", PASSWORD);
    assert_eq!(locked.status, 429, "{}", locked.text());

    // A disabled account can no longer sign in; its token stops working.
    let token = db.ok(&["token", "create", "--user", "kiemtoan"]).trim().to_string();
    let auth = format!("Bearer {token}");
    assert_eq!(request(&app.addr, "GET", "/api/units/42", &[("Authorization", &auth)], b"").status, 200);
    db.ok(&["user", "disable", "kiemtoan"]);
    assert_eq!(request(&app.addr, "GET", "/api/units/42", &[("Authorization", &auth)], b"").status, 401);
    assert_eq!(Browser::new(&app).sign_in("kiemtoan", PASSWORD).status, 401);
}

#[test]
fn editing_a_unit_cites_a_decision_and_keeps_history() {
    let db = TestDb::tiny(backends()[0], "web-edit");
    let app = TestApp::start(&db.url);
    let mut b = Browser::new(&app);
    assert_eq!(b.sign_in("tochuc", PASSWORD).status, 303);
    let csrf = b.csrf("/units/18073.DU.C01/edit");
    let versions = db.count("unit_version");

    // Bad input: a date that does not exist and a script in the name; nothing is written.
    let bad = b.post_form(
        "/units/18073.DU.C01/edit",
        &[
            ("_csrf", &csrf),
            ("name", "<script>alert(1)</script>"),
            ("kind", "party_grassroots_cell"),
            ("parent", "18073.DU"),
            ("sector", "commune"),
            ("valid_from", "31/02/2026"),
            ("decision_no", "12-QĐ/ĐU"),
            ("decision_date", "01/03/2026"),
        ],
    );
    assert_eq!(bad.status, 422);
    let text = bad.text();
    assert!(text.contains("aria-invalid=\"true\""), "the bad field is marked");
    assert!(!text.contains("<script>alert(1)</script>") && text.contains("&lt;script&gt;"), "markup must show as text");
    assert_eq!(db.count("unit_version"), versions);
    // Not a form, or a query string that cannot be read: a page in Vietnamese, the right status.
    let c = b.cookie_header();
    let json = request(
        &app.addr,
        "POST",
        "/units/18073.DU.C01/edit",
        &[("Cookie", &c), ("Content-Type", "application/json")],
        b"{\"name\":\"x\"}",
    );
    assert_eq!(json.status, 415);
    assert!(json.text().contains("Yêu cầu không hợp lệ"), "{}", json.text());
    let twice = b.get("/units/18073.DU.C01?at=2020-01-01&at=2021-01-01");
    assert_eq!(twice.status, 400);
    assert!(twice.text().contains("Yêu cầu không hợp lệ"), "{}", twice.text());
    assert_eq!(db.count("unit_version"), versions);
    let long = "x".repeat(600);
    let r = b.post_form(
        "/units/18073.DU.C01/edit",
        &[
            ("_csrf", &csrf),
            ("name", &long),
            ("kind", "party_grassroots_cell"),
            ("valid_from", "01/03/2026"),
            ("decision_no", "12-QĐ/ĐU"),
            ("decision_date", "01/03/2026"),
        ],
    );
    assert_eq!(r.status, 422);
    assert_eq!(db.count("unit_version"), versions);

    let ok = b.post_form(
        "/units/18073.DU.C01/edit",
        &[
            ("_csrf", &csrf),
            ("name", "Chi bộ Tổ dân phố Một"),
            ("kind", "party_grassroots_cell"),
            ("parent", "18073.DU"),
            ("sector", "commune"),
            ("valid_from", "01/03/2026"),
            ("decision_no", "12-QĐ/ĐU"),
            ("decision_date", "25/02/2026"),
        ],
    );
    assert_eq!(ok.status, 303, "{}", ok.text());
    assert_eq!(db.count("unit_version"), versions + 1);
    let now = b.get("/units/18073.DU.C01?at=2026-06-01").text();
    assert!(now.contains("Chi bộ Tổ dân phố Một") && now.contains("12-QĐ/ĐU"), "{now}");
    let before = b.get("/units/18073.DU.C01?at=2026-01-01").text();
    assert!(before.contains("Chi bộ Tổ dân phố 1"), "history as of an earlier date is kept");
    let log = db.ok(&["verify"]);
    assert!(log.contains("không có lỗi"), "{log}");
}

#[test]
fn positions_and_memberships_end_and_particulars_are_corrected() {
    for backend in backends() {
        let db = TestDb::tiny(backend, "web-end");
        let own = db.person_of("dangvien");
        let (holder, title) = {
            let mut s = db.store();
            s.read(|tx| {
                let r = tx.query_one(
                    "SELECT p.code, a.title FROM assignment a JOIN person p ON p.id = a.person_id
                     JOIN unit u ON u.id = a.unit_id
                     WHERE u.code = '18073.DU' AND a.valid_to IS NULL ORDER BY p.code, a.title LIMIT 1",
                    &[],
                )?;
                Ok((r.text(0)?, r.text(1)?))
            })
            .unwrap_or_else(|e| panic!("{e}"))
        };
        let app = TestApp::start(&db.url);
        let mut b = Browser::new(&app);
        assert_eq!(b.sign_in("tochuc", PASSWORD).status, 303);

        // Correcting particulars: a date that does not exist changes nothing; a good form does.
        let csrf = b.csrf(&format!("/people/{own}/edit"));
        let log = db.count("change_log");
        let form = |birth: &'static str| {
            vec![
                ("_csrf", csrf.clone()),
                ("full_name", "Nguyễn Thị Sửa".to_string()),
                ("gender", "female".to_string()),
                ("birth_date", birth.to_string()),
                ("ethnicity", "Tày".to_string()),
                ("education", "bachelor".to_string()),
                ("theory", "intermediate".to_string()),
                ("staff_category", String::new()),
            ]
        };
        let post = |b: &mut Browser<'_>, path: &str, f: &[(&'static str, String)]| {
            let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            b.post_form(path, &pairs)
        };
        let bad = post(&mut b, &format!("/people/{own}/edit"), &form("30/02/1990"));
        assert_eq!(bad.status, 422, "{backend:?}");
        assert!(bad.text().contains("aria-invalid=\"true\""), "the bad date is marked");
        assert_eq!(db.count("change_log"), log, "{backend:?}: a refused correction wrote");
        let ok = post(&mut b, &format!("/people/{own}/edit"), &form("12/03/1990"));
        assert_eq!(ok.status, 303, "{backend:?}: {}", ok.text());
        let page = b.get(&format!("/people/{own}?saved=1")).text();
        assert!(page.contains("Nguyễn Thị Sửa") && page.contains("Tày") && page.contains("12/03/1990"), "{page}");
        assert_eq!(db.count("change_log"), log + 1);

        // Ending a membership: before the period began is refused; a death is recorded as such.
        let stats = |b: &mut Browser<'_>| {
            crate::support::json(&b.get("/api/units/18073.DU.C01/stats?at=2026-11-20").text())["members"].clone()
        };
        let before = stats(&mut b);
        let end = |on: &str, reason: &str| {
            vec![
                ("_csrf", csrf.clone()),
                ("valid_to", on.to_string()),
                ("reason", reason.to_string()),
                ("decision_no", "45-QĐ/ĐU".to_string()),
                ("decision_date", "14/11/2026".to_string()),
            ]
        };
        let early = post(&mut b, &format!("/people/{own}/memberships/end"), &end("01/01/1900", "deceased"));
        assert_eq!(early.status, 422, "{backend:?}");
        assert!(early.text().contains("field-error"), "{}", early.text());
        let bad_reason = post(&mut b, &format!("/people/{own}/memberships/end"), &end("15/11/2026", "official"));
        assert_eq!(bad_reason.status, 422, "{backend:?}: an active status is no reason for leaving");
        assert_eq!(db.count("change_log"), log + 1, "{backend:?}: a refused ending wrote");
        let done = post(&mut b, &format!("/people/{own}/memberships/end"), &end("15/11/2026", "deceased"));
        assert_eq!(done.status, 303, "{backend:?}: {}", done.text());
        let after = stats(&mut b);
        assert_eq!(after["total"].as_i64(), before["total"].as_i64().map(|n| n - 1), "{backend:?}");
        assert_eq!(after["deceased"].as_i64(), before["deceased"].as_i64().map(|n| n + 1), "{backend:?}");
        let earlier = crate::support::json(&b.get("/api/units/18073.DU.C01/stats?at=2026-11-14").text());
        assert_eq!(earlier["members"]["total"], before["total"], "{backend:?}: the past is unchanged");
        let posts = crate::support::json(&b.get(&format!("/api/people/{own}")).text())["positions"].clone();
        let secretary = posts.as_array().and_then(|a| a.iter().find(|p| p["unit"] == "18073.DU.C01")).cloned();
        assert_eq!(
            secretary.map(|p| p["valid_to"].clone()),
            Some(serde_json::json!("2026-11-15")),
            "{backend:?}: who leaves the party leaves its posts: {posts}"
        );
        let again = post(&mut b, &format!("/people/{own}/memberships/end"), &end("20/11/2026", ""));
        assert_eq!(again.status, 422, "{backend:?}: nothing left to end");

        // Ending a position: a title the person does not hold is refused; the real one ends.
        let pos = |t: &str| {
            vec![
                ("_csrf", csrf.clone()),
                ("person", holder.clone()),
                ("title", t.to_string()),
                ("valid_to", "15/11/2026".to_string()),
                ("decision_no", "46-QĐ/ĐU".to_string()),
                ("decision_date", "14/11/2026".to_string()),
            ]
        };
        let page = b.get("/units/18073.DU").text();
        assert!(page.contains("/units/18073.DU/positions/end?person="), "the unit page links to the form");
        let wrong = post(&mut b, "/units/18073.DU/positions/end", &pos("Không có chức này"));
        assert_eq!(wrong.status, 422, "{backend:?}");
        let ended = post(&mut b, "/units/18073.DU/positions/end", &pos(&title));
        assert_eq!(ended.status, 303, "{backend:?}: {}", ended.text());
        let holds = |on: &str| {
            let mut s = db.store();
            s.read(|tx| {
                tx.query_one(
                    "SELECT COUNT(*) FROM assignment a JOIN person p ON p.id = a.person_id JOIN unit u ON u.id = a.unit_id
                     WHERE u.code = '18073.DU' AND p.code = $1 AND a.title = $2
                       AND a.valid_from <= $3 AND (a.valid_to IS NULL OR a.valid_to > $3)",
                    &[holder.as_str().into(), title.as_str().into(), on.into()],
                )?
                .int(0)
            })
            .unwrap_or_else(|e| panic!("{e}"))
        };
        assert_eq!(holds("2026-11-20"), 0, "{backend:?}");
        assert_eq!(holds("2026-11-01"), 1, "{backend:?}: history is kept");

        // The server refreshed its statistics with each change instead of reading the register
        // again; its figures equal those of a fresh read, for the province and for the cell.
        for (unit, at) in [("42", "2026-11-20"), ("18073.DU.C01", "2026-11-20"), ("42", "2020-01-01")] {
            let served = crate::support::json(&b.get(&format!("/api/units/{unit}/stats?at={at}")).text());
            let fresh = crate::support::json(&db.ok(&["stats", "--unit", unit, "--at", at, "--json"]));
            assert_eq!(served, fresh, "{backend:?} {unit} {at}");
        }
        let log = db.ok(&["verify"]);
        assert!(log.contains("không có lỗi"), "{log}");
    }
}

#[test]
fn the_import_page_lists_every_bad_row_and_writes_nothing() {
    let db = TestDb::tiny(backends()[0], "web-import");
    let app = TestApp::start(&db.url);
    let mut b = Browser::new(&app);
    assert_eq!(b.sign_in("tochuc", PASSWORD).status, 303);
    let page = b.get("/import").text();
    let csrf = page.split("data-csrf=\"").nth(1).and_then(|r| r.split('"').next()).unwrap_or_default().to_string();
    let csv = "code,name,kind,parent,valid_from\n42.DUK.G901,Chi bộ A,party_cell,42.DUK.G004,01/02/2026\n42.DUK.G902,,party_cell,42.DUK.G004,31/02/2026\n01.X,Chi bộ B,party_cell,01,01/02/2026\n";
    let units = db.count("unit_version");
    let c = b.cookie_header();
    let r = request(&app.addr, "POST", "/import/units", &[("Cookie", &c), ("X-CSRF-Token", &csrf)], csv.as_bytes());
    assert_eq!(r.status, 422, "{}", r.text());
    let text = r.text();
    assert!(text.contains("<th scope=\"row\">3</th>"), "line 3 (empty name, bad date) is listed: {text}");
    assert!(text.contains("<th scope=\"row\">4</th>"), "line 4 (out of reach) is listed: {text}");
    assert_eq!(db.count("unit_version"), units);
    let good = "code,name,kind,parent,valid_from\n42.DUK.G004.C09,Chi bộ 9,party_cell,42.DUK.G004,01/02/2026\n";
    let r = request(&app.addr, "POST", "/import/units", &[("Cookie", &c), ("X-CSRF-Token", &csrf)], good.as_bytes());
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(db.count("unit_version"), units + 1);
    let forged = request(&app.addr, "POST", "/import/units", &[("Cookie", &c)], good.as_bytes());
    assert_eq!(forged.status, 403);
}

#[test]
fn failed_sign_ins_elsewhere_never_keep_a_correct_password_out_and_are_logged() {
    let db = TestDb::tiny(backends()[0], "web-throttle");
    let dir = crate::support::TempDir::new("web-throttle");
    let log = dir.path("server.log");
    // Behind a proxy on this machine that names the client in X-Forwarded-For.
    let server = crate::support::ServerProcess::configured(
        &db,
        &[],
        &[],
        (&[("TINHGON_PROXY_HEADER", "X-Forwarded-For")], Some(&log)),
    );
    // Thirty made-up names from one client close that client, the administrator's name included.
    let mut attacker = Browser::forwarded(&server.addr, "203.0.113.9");
    for i in 0..tinhgon::auth::MAX_ADDRESS_FAILURES {
        assert_eq!(attacker.sign_in(&format!("khongco{i}"), "một mật khẩu sai").status, 401);
    }
    assert_eq!(attacker.sign_in("admin", PASSWORD).status, 429);
    // Five wrong passwords for one account from one client close that pair only.
    let mut guesser = Browser::forwarded(&server.addr, "203.0.113.10");
    for _ in 0..tinhgon::auth::MAX_FAILURES {
        assert_eq!(guesser.sign_in("tochuc", "một mật khẩu sai").status, 401);
    }
    assert_eq!(guesser.sign_in("tochuc", PASSWORD).status, 429);
    // Everyone else signs in, the administrator and the officer whose password was guessed at.
    assert_eq!(Browser::forwarded(&server.addr, "198.51.100.2").sign_in("admin", PASSWORD).status, 303);
    assert_eq!(Browser::forwarded(&server.addr, "198.51.100.3").sign_in("tochuc", PASSWORD).status, 303);
    drop(server);
    // Refused sign-ins are logged at the default level, with the client, never the password.
    let text = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(text.contains("sign-in refused") && text.contains("203.0.113.10"), "{text}");
    assert!(text.contains("sign-in throttled"), "{text}");
    assert!(!text.contains("một mật khẩu sai") && !text.contains(PASSWORD), "{text}");
}
