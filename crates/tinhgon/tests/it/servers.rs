//! Several `tinhgon serve` processes on one database: each follows the change log, so a write
//! through one is read through the others on the next request — the unit, and the statistics.

use crate::support::{backends, ServerProcess, TempDir, TestDb};

#[test]
fn two_servers_on_one_database_see_each_others_writes_at_once() {
    let dir = TempDir::new("servers");
    for b in backends() {
        let db = TestDb::tiny(b, "servers");
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
    let db = TestDb::tiny(crate::support::Backend::Sqlite, "load");
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

/// How many scans of the register's tables the replica has made (its own count: a standby's
/// statistics are not replicated). The server's question whether the replica has caught up scans
/// no table; opening a connection to the replica reads `schema_version` once.
fn replica_scans(replica: &mut postgres::Client) -> i64 {
    let row = replica
        .query_one("SELECT COALESCE(SUM(seq_scan + COALESCE(idx_scan, 0)), 0)::bigint FROM pg_stat_user_tables", &[])
        .unwrap_or_else(|e| panic!("replica statistics: {e}"));
    row.get(0)
}

/// Whether the replica's count reaches `before + n`: a server process reports its counts when
/// idle, at most once a second and within about ten, so the count is awaited up to 20 s.
fn replica_served(replica: &mut postgres::Client, before: i64, n: i64) -> i64 {
    let mut now = replica_scans(replica);
    for _ in 0..200 {
        if now - before >= n {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
        now = replica_scans(replica);
    }
    now - before
}

/// Waits until the replica has replayed all the primary has written.
fn replica_catches_up(primary: &mut postgres::Client, replica: &mut postgres::Client) {
    let head: String =
        primary.query_one("SELECT pg_current_wal_insert_lsn()::text", &[]).unwrap_or_else(|e| panic!("{e}")).get(0);
    for _ in 0..600 {
        let done: bool = replica
            .query_one("SELECT COALESCE(pg_last_wal_replay_lsn() >= $1::text::pg_lsn, false)", &[&head])
            .unwrap_or_else(|e| panic!("{e}"))
            .get(0);
        if done {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("the replica did not catch up within 30 s");
}

#[test]
fn a_server_reads_from_a_replica_that_has_caught_up_and_from_the_primary_otherwise() {
    // SQLite has no replicas: the option is refused before anything listens.
    let lite = TestDb::new(crate::support::Backend::Sqlite, "replica-lite");
    let out = lite.run(&["serve", "--addr", "127.0.0.1:0", "--read-db", "postgres://tinhgon@127.0.0.1:1/x"]);
    let err = crate::support::stderr(&out);
    assert!(
        !out.status.success()
            && err.contains("Chỉ sổ đăng ký trên PostgreSQL")
            && err.contains("Only a register on PostgreSQL"),
        "{err}"
    );
    if !backends().contains(&crate::support::Backend::Postgres) {
        return;
    }
    // No long writer runs on the shared server meanwhile (the replica is caught up only when it
    // is quiet).
    let _quiet = crate::support::quiet_server();
    let Some(replica) = crate::support::postgres_replica() else {
        assert!(
            std::env::var("TINHGON_REQUIRE_PG").as_deref() != Ok("1"),
            "TINHGON_REQUIRE_PG=1 but no replica could be started"
        );
        eprintln!("NOTICE: no streaming replica could be started; the replica test is skipped");
        return;
    };
    let db = TestDb::tiny(crate::support::Backend::Postgres, "replica");
    let token = db.ok(&["token", "create", "--user", "admin"]).trim().to_string();
    let name = db.url.rsplit('/').next().unwrap_or_default().to_string();
    let replica_url = replica.url_for(&name);
    let mut primary = postgres::Client::connect(&db.url, postgres::NoTls).unwrap_or_else(|e| panic!("{e}"));
    let mut standby = postgres::Client::connect(&replica.admin_url, postgres::NoTls).unwrap_or_else(|e| panic!("{e}"));
    replica_catches_up(&mut primary, &mut standby);

    // The primary given as the replica is refused.
    let out = db.run(&["serve", "--addr", "127.0.0.1:0", "--read-db", &db.url]);
    let err = crate::support::stderr(&out);
    assert!(
        !out.status.success() && err.contains("không phải bản sao") && err.contains("not a streaming replica"),
        "{err}"
    );

    let server = ServerProcess::serving(&db, &[], &["--read-db", &replica_url]);
    let mut on_replica = postgres::Client::connect(&replica_url, postgres::NoTls).unwrap_or_else(|e| panic!("{e}"));
    // Caught up: the replica answers the reads. Other tests write to the same server meanwhile, and
    // a read made while the replica is behind their writes goes, rightly, to the primary: the reads
    // are asked in rounds of 20, at most five, until the replica has answered them.
    let before = replica_scans(&mut on_replica);
    let mut served = 0;
    for _ in 0..5 {
        replica_catches_up(&mut primary, &mut on_replica);
        for _ in 0..20 {
            let (status, v) = server.call(&token, "GET", "/api/units/42.DUK", "");
            assert_eq!(status, 200, "{v}");
        }
        served = replica_served(&mut on_replica, before, 20);
        if served >= 20 {
            break;
        }
    }
    assert!(served >= 20, "the replica served the reads: {served} table scans for 100 requests");

    // Behind (replay paused): a write through the server is read back at once, from the primary.
    standby.batch_execute("SELECT pg_wal_replay_pause()").unwrap_or_else(|e| panic!("{e}"));
    let body = r#"{"code":"42.DUK.G99","name":"Chi bộ mới","kind":"party_grassroots_cell","sector":"private","parent":"42.DUK","valid_from":"01/03/2026","decision_no":"199-QĐ/ĐUK","decision_date":"20/02/2026"}"#;
    let (status, v) = server.call(&token, "POST", "/api/units", body);
    assert_eq!(status, 201, "{v}");
    let (status, v) = server.call(&token, "GET", "/api/units/42.DUK.G99", "");
    assert_eq!(status, 200, "the caller reads its own write while the replica lags: {v}");
    let (status, v) = server.call(&token, "GET", "/api/units/42.DUK/stats?at=2026-06-01", "");
    assert_eq!(status, 200, "{v}");
    let head: String =
        primary.query_one("SELECT pg_current_wal_insert_lsn()::text", &[]).unwrap_or_else(|e| panic!("{e}")).get(0);
    let lagging: bool = standby
        .query_one("SELECT pg_last_wal_replay_lsn() < $1::text::pg_lsn", &[&head])
        .unwrap_or_else(|e| panic!("{e}"))
        .get(0);
    assert!(lagging, "the replica has not replayed the write yet");

    // Resumed: the replica catches up and serves again — in rounds, as above, since the other tests'
    // writes may put it behind again between its catching up and the reads.
    standby.batch_execute("SELECT pg_wal_replay_resume()").unwrap_or_else(|e| panic!("{e}"));
    let mut served = 0;
    for _ in 0..5 {
        replica_catches_up(&mut primary, &mut standby);
        let before = replica_scans(&mut on_replica);
        for _ in 0..5 {
            let (status, v) = server.call(&token, "GET", "/api/units/42.DUK.G99", "");
            assert_eq!((status, v["unit"]["code"].as_str()), (200, Some("42.DUK.G99")), "{v}");
        }
        served = replica_served(&mut on_replica, before, 5);
        if served >= 5 {
            break;
        }
    }
    assert!(served >= 5, "the replica serves once it has caught up: {served} table scans for 5 requests");
}
