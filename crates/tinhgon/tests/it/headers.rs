//! Every response carries the security headers, and the framework's own refusals (bad JSON, an
//! unreadable query, a body too large, a wrong content type, a wrong method) are problem+json in
//! Vietnamese and English, as the OpenAPI document says.

use crate::support::{backends, json, request, Reply, TestApp, TestDb};

fn assert_secure(label: &str, r: &Reply) {
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"), "{label}");
    assert_eq!(r.header("cache-control"), Some("no-store"), "{label}");
    assert_eq!(r.header("referrer-policy"), Some("same-origin"), "{label}");
    let csp = r.header("content-security-policy").unwrap_or_default();
    assert!(csp.contains("frame-ancestors 'none'"), "{label}: {csp}");
}

fn assert_problem(label: &str, r: &Reply, status: u16, en: &str) -> serde_json::Value {
    assert_eq!(r.status, status, "{label}: {}", r.text());
    assert_eq!(r.content_type(), "application/problem+json", "{label}");
    assert_secure(label, r);
    let body = json(&r.text());
    assert!(!body["detail"].as_str().unwrap_or_default().is_empty(), "{label}: a Vietnamese detail");
    assert!(body["detail_en"].as_str().unwrap_or_default().contains(en), "{label}: {body}");
    body
}

#[test]
fn every_response_is_secured_and_every_refusal_is_a_problem() {
    let db = TestDb::tiny(backends()[0], "headers");
    let app = TestApp::with_token(&db, "admin");
    let auth = format!("Bearer {}", app.token);
    let get = |path: &str| app.fetch(path);
    let post = |path: &str, kind: &str, body: &[u8]| {
        request(&app.addr, "POST", path, &[("Authorization", &auth), ("Content-Type", kind)], body)
    };

    for path in ["/api/units/42", "/units/42/tree", "/units/18073.DU.C01/members.xlsx", "/units/42", "/api/nope"] {
        let r = get(path);
        assert_secure(path, &r);
    }
    let css = get("/assets/app.css");
    assert_eq!(css.header("x-content-type-options"), Some("nosniff"));

    let before = db.count("change_log");
    let json_kind = "application/json";
    assert_problem("bad JSON", &post("/api/units", json_kind, b"{\"code\": "), 400, "cannot be read");
    assert_problem("not JSON", &post("/api/units", "text/plain", b"code=1"), 415, "application/json");
    assert_problem("an array", &post("/api/units", json_kind, b"[1, 2]"), 422, "cannot be read");
    let twice =
        br#"{"code":"42.X1","name":"A","name":"B","kind":"party_cell","parent":"42.DUK","valid_from":"2026-01-01"}"#;
    assert_problem("a key twice", &post("/api/units", json_kind, twice), 422, "appears twice");
    let huge = vec![b' '; 3 * 1024 * 1024];
    assert_problem("too large", &post("/api/units", json_kind, &huge), 413, "too large");
    assert_problem("unreadable query", &get("/api/units?limit=many"), 400, "cannot be read");
    let r = request(&app.addr, "DELETE", "/api/units", &[("Authorization", &auth)], b"");
    assert_problem("wrong method", &r, 405, "method");
    assert_eq!(db.count("change_log"), before, "no refusal wrote");

    // The OpenAPI document lists what is sent.
    let doc = json(&get("/api/openapi.json").text());
    let post_units = &doc["paths"]["/api/units"]["post"]["responses"];
    for status in ["201", "400", "401", "403", "413", "415", "422"] {
        assert!(post_units[status].is_object(), "POST /api/units documents {status}: {post_units}");
    }
    assert!(post_units["415"]["content"]["application/problem+json"].is_object(), "{post_units}");
    assert!(doc["paths"]["/api/people/{code}"]["get"]["responses"]["404"].is_object());
}
