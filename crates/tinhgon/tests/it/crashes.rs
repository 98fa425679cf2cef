//! Crashes at any moment: every kind of writer — an import, a plan applied and reverted, a party
//! work file, a write through the API — is killed at a random point of its run, and the register
//! is then exactly as before the write or exactly as after it (as an uninterrupted run leaves it),
//! `verify` is clean and the checkpoints agree with the log. `TINHGON_CRASH_TRIALS` trials per writer
//! and database (2 by default; the benchmark in BENCHMARKS.md runs 100).

use std::process::{Child, Stdio};
use std::time::Duration;

use sha2::{Digest, Sha256};

use crate::support::{backends, ServerProcess, TempDir, TestDb};

/// The register's state, without what differs between two identical runs (times, password
/// hashes, the change log's own times and hashes): the change-log length and a digest of every
/// other table.
fn fingerprint(db: &TestDb) -> (i64, String) {
    let mut store = db.store();
    store
        .read(|tx| {
            let mut h = Sha256::new();
            for table in tinhgon_store::copy::TABLES {
                if ["change_log", "checkpoint", "account", "api_token", "session"].contains(table) {
                    continue;
                }
                let cols: Vec<String> =
                    tinhgon_store::copy::columns(tx, table)?.into_iter().filter(|c| c != "created_at").collect();
                let rows = tx.query(&format!("SELECT {} FROM {table} ORDER BY 1, 2", cols.join(", ")), &[])?;
                h.update(format!("{table} {}\n", rows.len()));
                for r in rows {
                    h.update(format!("{:?}\n", r.0));
                }
            }
            let log = tx.query_one("SELECT COUNT(*) FROM change_log", &[])?.int(0)?;
            Ok((log, hex::encode(h.finalize())))
        })
        .unwrap_or_else(|e| panic!("fingerprint: {e}"))
}

/// A writer: how to make the register it writes to, and how to start it.
struct Writer {
    name: &'static str,
    /// Makes the register; returns what the writer needs from it (a token), or nothing.
    prepare: fn(&TestDb, &TempDir) -> String,
    start: fn(&TestDb, &TempDir, &str) -> Running,
    /// The span the kill falls in, when not the whole run's (a server is up before its write).
    window: Option<Duration>,
}

/// A write under way: a command, or a request to a server.
enum Running {
    Command(Child),
    Server(ServerProcess, std::thread::JoinHandle<()>),
}

impl Running {
    /// Waits for the write to end by itself.
    fn finish(self) {
        match self {
            Running::Command(c) => {
                let out = c.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
                let said = String::from_utf8_lossy(&out.stderr);
                assert!(out.status.success(), "the uninterrupted write must succeed: {said}");
            }
            Running::Server(server, request) => {
                request.join().unwrap_or_else(|_| panic!("the request failed"));
                drop(server);
            }
        }
    }

    /// Kills the writer's process (SIGKILL: no chance to clean up).
    fn kill(self) {
        match self {
            Running::Command(mut c) => {
                let _ = c.kill();
                let _ = c.wait();
            }
            Running::Server(server, request) => {
                drop(server);
                let _ = request.join();
            }
        }
    }
}

fn spawn(db: &TestDb, args: &[&str]) -> Running {
    Running::Command(
        db.command(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("{e}")),
    )
}

fn demo(db: &TestDb, _: &TempDir) -> String {
    db.ok(&["demo", "--scale", "tiny"]);
    String::new()
}

/// 1,680 new people: an import of the large kind (rows held back, logged a thousand to an entry).
fn import_people(db: &TestDb, dir: &TempDir, _: &str) -> Running {
    let mut csv = String::from("code,full_name,gender,birth_date\n");
    let given = [
        "An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng", "Hương", "Khánh", "Lan",
        "Linh", "Long", "Mai", "Minh", "Nam", "Nga", "Ngọc", "Phong", "Phúc", "Quân", "Quang", "Sơn", "Tâm", "Thảo",
        "Thắng", "Thu", "Thủy", "Trang", "Trung", "Tuấn", "Tùng", "Vân", "Việt", "Vinh", "Xuân", "Yến",
    ];
    let mut i = 0;
    for family in ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng"] {
        for middle in ["Văn", "Thị", "Đức", "Minh", "Ngọc", "Quang"] {
            for g in given {
                csv.push_str(&format!("CR{i:05},{family} {middle} {g},nam,1990-01-01\n"));
                i += 1;
            }
        }
    }
    let file = dir.put("people.csv", &csv);
    spawn(db, &["import", "people", &file])
}

fn with_plan(db: &TestDb, dir: &TempDir) -> String {
    demo(db, dir);
    let file = dir.put("merge.csv", crate::support::THANH_SEN_MERGE);
    db.ok(&[
        "plan",
        "import",
        &file,
        "--name",
        "Sắp xếp thử",
        "--decision",
        "1/2026/NQ-UBTVQH15",
        "--decision-date",
        "2026-11-10",
        "--effective",
        "2026-12-01",
    ]);
    String::new()
}

fn with_applied_plan(db: &TestDb, dir: &TempDir) -> String {
    with_plan(db, dir);
    db.ok(&["plan", "apply", "1"]);
    String::new()
}

/// Dated particulars for every person of the demo: a party-work file.
fn particulars(db: &TestDb, dir: &TempDir, _: &str) -> Running {
    let people = db
        .store()
        .read(|tx| tx.query("SELECT code FROM person ORDER BY id LIMIT 300", &[]))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut csv = String::from("person,from,ethnicity,education,theory,occupation\n");
    for p in people {
        csv.push_str(&format!("{},01/06/2025,Tày,bachelor,advanced,giáo viên\n", p.str(0)));
    }
    let file = dir.put("particulars.csv", &csv);
    spawn(db, &["party", "import", "particulars", &file])
}

/// The demo, and a token for the API (its own change-log entry, before the write).
fn with_token(db: &TestDb, dir: &TempDir) -> String {
    demo(db, dir);
    db.ok(&["token", "create", "--user", "admin"]).trim().to_string()
}

/// A new cell posted to a server, which is killed while it answers.
fn api_write(db: &TestDb, _: &TempDir, token: &str) -> Running {
    let token = token.to_string();
    let server = ServerProcess::start(db, &[]);
    let addr = server.addr.clone();
    let body = r#"{"code":"42.DUK.G990","name":"Chi bộ mới","kind":"party_grassroots_cell","sector":"private","parent":"42.DUK","valid_from":"01/03/2026","decision_no":"1024-QĐ/ĐUK","decision_date":"20/02/2026"}"#;
    let post = std::thread::spawn(move || {
        use std::io::{Read, Write};
        // A killed server may answer nothing, or part of an answer; a whole answer must be the
        // created unit.
        let Ok(mut s) = std::net::TcpStream::connect(&addr) else { return };
        let req = format!(
            "POST /api/units HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        let _ = s.write_all(req.as_bytes());
        let mut answer = String::new();
        if s.read_to_string(&mut answer).is_ok() && answer.starts_with("HTTP/1.1 ") {
            assert!(answer.starts_with("HTTP/1.1 201"), "{answer}");
        }
    });
    Running::Server(server, post)
}

const WRITERS: &[Writer] = &[
    Writer { name: "import people", prepare: demo, start: import_people, window: None },
    Writer {
        name: "plan apply",
        prepare: with_plan,
        start: |db, _, _| spawn(db, &["plan", "apply", "1"]),
        window: None,
    },
    Writer {
        name: "plan revert",
        prepare: with_applied_plan,
        start: |db, _, _| spawn(db, &["plan", "revert", "1"]),
        window: None,
    },
    Writer { name: "party import particulars", prepare: demo, start: particulars, window: None },
    Writer { name: "API write", prepare: with_token, start: api_write, window: Some(Duration::from_millis(20)) },
];

/// How long a run takes, to choose kill points within it.
fn timed(f: impl FnOnce()) -> Duration {
    #[expect(clippy::disallowed_methods, reason = "the kill points are chosen within the run's own length")]
    let started = std::time::Instant::now();
    f();
    started.elapsed()
}

#[test]
fn a_writer_killed_at_any_moment_leaves_the_register_before_or_after_and_verify_clean() {
    let trials: u64 = std::env::var("TINHGON_CRASH_TRIALS").ok().and_then(|t| t.parse().ok()).unwrap_or(2);
    let mut seed = 0x7469_6e68_676f_6e00u64;
    let mut tally = Vec::new();
    for b in backends() {
        for w in WRITERS {
            let dir = TempDir::new("crash");
            // The state after an uninterrupted run, and how long the run takes.
            let reference = TestDb::new(b, "crash-ref");
            let needs = (w.prepare)(&reference, &dir);
            let before = fingerprint(&reference);
            let took = timed(|| (w.start)(&reference, &dir, &needs).finish());
            let after = fingerprint(&reference);
            assert_ne!(before, after, "{b:?} {}: the write changes the register", w.name);
            let (mut untouched, mut done) = (0, 0);
            for _ in 0..trials {
                let db = TestDb::new(b, "crash");
                let needs = (w.prepare)(&db, &dir);
                assert_eq!(fingerprint(&db), before, "{b:?} {}: each trial starts from the same register", w.name);
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let span = w.window.unwrap_or(took * 11 / 10);
                let delay = Duration::from_micros(seed % (span.as_micros() as u64 + 1));
                let running = (w.start)(&db, &dir, &needs);
                std::thread::sleep(delay);
                running.kill();
                let now = fingerprint(&db);
                if now == before {
                    untouched += 1;
                } else {
                    assert_eq!(now, after, "{b:?} {}: killed after {delay:?}, the register is half written", w.name);
                    done += 1;
                }
                let out = db.run(&["verify"]);
                let text = crate::support::stdout(&out);
                assert!(out.status.success(), "{b:?} {}: killed after {delay:?}, verify: {text}", w.name);
            }
            tally.push(format!("{b:?} {}: {trials} kills in {took:?}: {untouched} before, {done} after", w.name));
        }
    }
    eprintln!("{}", tally.join("\n"));
}
