//! The JSON API, served by the real router on a free port.

use tinhgon_domain::text::{fold, PersonName};

use crate::support::{backends, json, TestApp, TestDb};

#[test]
fn stats_over_http_equal_the_command_line() {
    for b in backends() {
        let db = TestDb::tiny(b, "api-stats");
        let app = TestApp::with_token(&db, "admin");
        let (status, _, api) = app.get("/api/units/42/stats?at=31/10/2026&compare=2015-01-01");
        assert_eq!(status, 200, "{api}");
        let cli = json(&db.ok(&["stats", "--unit", "42", "--at", "2026-10-31", "--compare", "2015-01-01", "--json"]));
        assert_eq!(api, cli, "{b:?}");
    }
}

#[test]
fn name_search_ignores_diacritics_and_lists_in_vietnamese_order() {
    for b in backends() {
        let db = TestDb::tiny(b, "api-search");
        let app = TestApp::with_token(&db, "admin");
        let (status, _, found) = app.get("/api/people?q=nguyen%20van&limit=500");
        assert_eq!(status, 200);
        let names: Vec<String> = found
            .as_array()
            .map(|a| a.iter().filter_map(|p| p["name"].as_str().map(String::from)).collect())
            .unwrap_or_default();
        assert!(names.len() > 5, "{b:?}: the demo has Nguyễn Văn …: {names:?}");
        assert!(names.iter().all(|n| fold(n).starts_with("nguyen van")), "{names:?}");
        let keys: Vec<Vec<u8>> = names.iter().filter_map(|n| PersonName::parse(n).ok()).map(|n| n.sort_key()).collect();
        assert!(keys.windows(2).all(|w| w[0] <= w[1]), "{b:?}: not in Vietnamese order: {names:?}");
        // Searching by a given name finds people whatever their family name.
        let (_, _, by_given) = app.get("/api/people?q=an&limit=500");
        let given: Vec<String> = by_given
            .as_array()
            .map(|a| a.iter().filter_map(|p| p["name"].as_str().map(String::from)).collect())
            .unwrap_or_default();
        assert!(given.iter().any(|n| !fold(n).starts_with("an")), "{given:?}");
        assert!(
            given
                .iter()
                .all(|n| fold(n).starts_with("an") || fold(n).rsplit(' ').next().is_some_and(|g| g.starts_with("an"))),
            "{given:?}"
        );
        // The exact Vietnamese spelling finds the same as the folded one.
        let first = names.first().cloned().unwrap_or_default();
        let (_, _, exact) = app.get(&format!("/api/people?q={}", first.replace(' ', "%20")));
        let (_, _, plain) = app.get(&format!("/api/people?q={}", fold(&first).replace(' ', "%20")));
        assert_eq!(exact, plain);
        assert!(exact.as_array().is_some_and(|a| a.iter().any(|p| p["name"] == first.as_str())));
    }
}

#[test]
fn errors_are_problem_json_in_vietnamese_and_english() {
    let db = TestDb::tiny(crate::support::Backend::Sqlite, "api-errors");
    let app = TestApp::with_token(&db, "admin");
    let (status, ct, body) = app.get("/api/units/99.NOPE");
    assert_eq!(status, 404);
    assert_eq!(ct, "application/problem+json");
    assert_eq!(body["detail"], "Không có đơn vị mã 99.NOPE.");
    assert_eq!(body["detail_en"], "There is no unit 99.NOPE.");
    let (status, _, body) = app.get("/api/units/42/stats?at=31/02/2020");
    assert_eq!(status, 400);
    assert!(body["detail"].as_str().is_some_and(|d| d.contains("không có trong lịch")), "{body}");
    let (status, _, _) = app.get("/api/people/NOPE");
    assert_eq!(status, 404);
}

#[test]
fn writes_through_the_api_are_checked_logged_and_counted() {
    for b in backends() {
        let db = TestDb::tiny(b, "api-write");
        let app = TestApp::with_token(&db, "admin");
        let (_, _, before) = app.get("/api/units/42.DUK/stats?at=2026-06-01");
        let versions = db.count("unit_version");

        let (status, ct, bad) = app.post("/api/units", r#"{"code":"42.DUK.G900","name":"Chi bộ mới","kind":"party_grassroots_cell","sector":"private","parent":"42.NOPE","valid_from":"01/03/2026"}"#);
        assert_eq!((status, ct.as_str()), (422, "application/problem+json"), "{bad}");
        assert_eq!(bad["errors"][0]["field"], "parent");
        assert_eq!(db.count("unit_version"), versions, "nothing written");

        let (status, _, created) = app.post(
            "/api/units",
            r#"{"code":"42.DUK.G900","name":"Chi bộ mới","kind":"party_grassroots_cell","sector":"private","parent":"42.DUK","valid_from":"01/03/2026","decision_no":"1024-QĐ/ĐUK","decision_date":"20/02/2026"}"#,
        );
        assert_eq!(status, 201, "{created}");
        let (_, _, unit) = app.get("/api/units/42.DUK.G900");
        assert_eq!(unit["unit"]["decision_no"], "1024-QĐ/ĐUK");
        assert_eq!(unit["changes"][0]["action"], "create");
        let (_, _, after) = app.get("/api/units/42.DUK/stats?at=2026-06-01");
        let n = |v: &serde_json::Value| v["units_by_kind"]["party_grassroots_cell"].as_i64().unwrap_or(0);
        assert_eq!(n(&after), n(&before) + 1, "{b:?}: the new cell is counted at once");

        let (status, _, dup) = app.post(
            "/api/people",
            r#"{"code":"42.0000001","full_name":"Trùng Mã","gender":"nam","birth_date":"1990-01-01"}"#,
        );
        assert_eq!(status, 422, "{dup}");
        let (status, _, person) = app.post(
            "/api/people",
            r#"{"code":"X1","full_name":"<script>alert(1)</script>","gender":"nam","birth_date":"1990-01-01"}"#,
        );
        assert_eq!(status, 422, "a name with markup is refused: {person}");
    }
}

#[test]
fn the_openapi_document_describes_the_routes() {
    let db = TestDb::new(crate::support::Backend::Sqlite, "api-doc");
    // The description is public: no token.
    let app = TestApp::start(&db.url);
    let (status, _, doc) = app.get("/api/openapi.json");
    assert_eq!(status, 200);
    for path in [
        "/api/units",
        "/api/units/{code}",
        "/api/units/{code}/stats",
        "/api/people",
        "/api/people/{code}",
        "/api/members",
    ] {
        assert!(doc["paths"][path].is_object(), "missing {path}");
    }
    assert!(doc["components"]["schemas"]["Problem"].is_object());
}

/// The `$ref`s under a value of the document.
fn refs(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                match (k.as_str(), x.as_str()) {
                    ("$ref", Some(r)) => out.push(r.to_string()),
                    _ => refs(x, out),
                }
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
        _ => {}
    }
}

#[test]
fn every_body_in_and_out_of_the_api_has_its_schema() {
    let doc = serde_json::to_value(tinhgon::api::openapi_document()).unwrap_or_default();
    let schemas = &doc["components"]["schemas"];
    let mut all = Vec::new();
    refs(&doc, &mut all);
    for r in &all {
        let name = r.strip_prefix("#/components/schemas/").unwrap_or(r);
        assert!(schemas[name].is_object(), "{r} is named but not described");
    }
    let mut writes = 0;
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for (method, op) in item.as_object().into_iter().flatten() {
            let body = &op["requestBody"]["content"];
            if method == "post" {
                let upload = body["application/octet-stream"].is_object();
                let schema = body["application/json"]["schema"]["$ref"].as_str().unwrap_or_default();
                let name = schema.strip_prefix("#/components/schemas/").unwrap_or_default();
                assert!(upload || !name.is_empty(), "{method} {path}: the body has no schema of its own: {body}");
                if !upload {
                    writes += 1;
                    let s = &schemas[name];
                    let shown = s["example"].is_object() || s["examples"].is_array() || s["oneOf"].is_array();
                    assert!(shown, "{method} {path}: {name} has no example");
                    let closed = s["additionalProperties"] == false || s["oneOf"].is_array();
                    assert!(closed, "{method} {path}: {name} takes fields it does not name");
                }
            }
        }
    }
    assert!(writes >= 26, "{writes} JSON writes described");
    // A code list names each code with its label from the catalogs.
    let kinds = schemas["MeetingKind"]["description"].as_str().unwrap_or_default();
    assert!(kinds.contains("`regular`: ") && kinds.contains("Sinh hoạt"), "{kinds}");
    // Every answer of JSON has its schema; only files (downloads) and 204 carry none.
    let mut answers = 0;
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for (method, op) in item.as_object().into_iter().flatten() {
            for (status, answer) in op["responses"].as_object().into_iter().flatten() {
                let download = path.ends_with("/docx") || path.ends_with("/files/{file}");
                if !status.starts_with('2') || status == "204" || download {
                    continue;
                }
                let schema = &answer["content"]["application/json"]["schema"];
                let named =
                    schema["$ref"].is_string() || schema["items"]["$ref"].is_string() || schema["oneOf"].is_array();
                let described = named || schema["type"].is_string();
                assert!(described, "{method} {path} {status}: the answer has no schema: {answer}");
                answers += 1;
            }
        }
    }
    assert!(answers >= 60, "{answers} answers described");
}

#[test]
fn a_field_the_body_does_not_have_is_refused_naming_it() {
    let db = TestDb::tiny(crate::support::Backend::Sqlite, "api-unknown");
    let admin = TestApp::with_token(&db, "admin");
    let before = db.count("change_log");
    for (path, body, field) in [
        (
            "/api/meetings",
            r#"{"unit":"18073.DU.C01","kind":"regular","planned_on":"2026-12-20","colour":"đỏ"}"#,
            "colour",
        ),
        ("/api/documents", r#"{"issuer":"42.TU","kind":"ke_hoach","title":"Kế hoạch","Targets":"42.TU"}"#, "targets"),
        (
            "/api/ratings",
            r#"{"ratings":[{"year":2025,"subject":"member","person":"x","grade":"httnv","mark":1}]}"#,
            "mark",
        ),
    ] {
        let (status, _, v) = admin.post(path, body);
        assert_eq!((status, v["errors"][0]["field"].as_str()), (422, Some(field)), "{path} {body}: {v}");
        assert!(v["errors"][0]["message"].is_string() && v["errors"][0]["message_en"].is_string(), "{v}");
    }
    assert_eq!(db.count("change_log"), before, "a refused body wrote");
}

#[test]
fn searching_many_matches_in_index_order_gives_what_sorting_them_gives() {
    for b in backends() {
        let db = TestDb::tiny(b, "search-paths");
        let mut store = db.store();
        for q in ["nguyen", "nguyen van", "an", "a", "d", "tran thi", "h"] {
            for (limit, offset) in [(20, 0), (15, 10)] {
                let sorted = store
                    .read(|tx| tinhgon_store::people::search_with_probe(tx, q, limit, offset, i64::MAX))
                    .unwrap_or_else(|e| panic!("{e}"));
                let walked = store
                    .read(|tx| tinhgon_store::people::search_with_probe(tx, q, limit, offset, 1))
                    .unwrap_or_else(|e| panic!("{e}"));
                let names =
                    |v: &[tinhgon_store::people::PersonLine]| v.iter().map(|p| p.code.clone()).collect::<Vec<_>>();
                assert!(offset > 0 || !sorted.is_empty(), "{b:?} '{q}' finds someone in the demo");
                assert_eq!(names(&sorted), names(&walked), "{b:?} '{q}' limit {limit} offset {offset}");
            }
        }
    }
}
