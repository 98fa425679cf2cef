//! Several `tinhgon serve` processes on one database: each follows the change log, so a write
//! through one is read through the others on the next request — the unit, and the statistics.

use crate::support::{backends, ServerProcess, TempDir, TestDb};

#[test]
fn two_servers_on_one_database_see_each_others_writes_at_once() {
    let dir = TempDir::new("servers");
    for b in backends() {
        let db = TestDb::new(b, "servers");
        db.ok(&["demo", "--scale", "tiny"]);
        let token = db.ok(&["token", "create", "--user", "admin"]).trim().to_string();
        let files = [dir.path(&format!("a-{b:?}.checkpoints")), dir.path(&format!("b-{b:?}.checkpoints"))];
        let servers: Vec<ServerProcess> =
            files.iter().map(|f| ServerProcess::start(&db, &["--checkpoints", &f.to_string_lossy()])).collect();
        let cells = |s: &ServerProcess| {
            let (status, v) = s.call(&token, "GET", "/api/units/42.DUK/stats?at=2026-06-01", "");
            assert_eq!(status, 200, "{v}");
            v["units_by_kind"]["party_grassroots_cell"].as_i64().unwrap_or(-1)
        };
        let mut expected = cells(&servers[0]);
        assert_eq!(cells(&servers[1]), expected, "{b:?}: both servers read the same register");
        for i in 0..6 {
            let (writer, reader) = (&servers[i % 2], &servers[(i + 1) % 2]);
            let body = format!(
                r#"{{"code":"42.DUK.G9{i}","name":"Chi bộ {i}","kind":"party_grassroots_cell","sector":"private","parent":"42.DUK","valid_from":"01/03/2026","decision_no":"10{i}-QĐ/ĐUK","decision_date":"20/02/2026"}}"#
            );
            let (status, v) = writer.call(&token, "POST", "/api/units", &body);
            assert_eq!(status, 201, "{b:?}: {v}");
            expected += 1;
            let (status, v) = reader.call(&token, "GET", &format!("/api/units/42.DUK.G9{i}"), "");
            assert_eq!(status, 200, "{b:?}: the other server reads the new unit on the next request: {v}");
            assert_eq!(cells(reader), expected, "{b:?}: and counts it in its statistics");
            assert_eq!(cells(writer), expected, "{b:?}: as the server that wrote it does");
        }
        drop(servers);
        // Each server signed its writes into its own file; each file covers the whole log.
        for f in &files {
            let public = format!("{}.pub", db.signing_key.display());
            let out = db.ok(&["verify", "--public-key", &public, "--checkpoints", &f.to_string_lossy()]);
            assert!(out.contains("không có lỗi"), "{b:?}: {out}");
        }
    }
}

#[test]
fn the_load_benchmark_loses_no_write_and_reports_every_route() {
    let db = TestDb::new(crate::support::Backend::Sqlite, "load");
    db.ok(&["demo", "--scale", "tiny"]);
    let out = db.ok(&["bench", "--load", "--seconds", "2", "--clients", "4", "--writes-per-second", "20"]);
    for route in [
        "/api/units/42 ",
        "/units/42/dashboard",
        "/api/units/42/stats",
        "/api/people?q=",
        "/api/units/VN/stats",
        "POST /api/people",
        "POST /people/new",
        "hello-world",
    ] {
        let line = out.lines().find(|l| l.contains(route)).unwrap_or_else(|| panic!("no {route} in:\n{out}"));
        assert!(line.ends_with("| 0 |"), "{route}: no errors: {line}");
    }
    assert!(out.contains("missing from the register or its change log: 0") && out.contains("verify: clean"), "{out}");
}
