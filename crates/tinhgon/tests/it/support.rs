//! Shared helpers: throw-away databases on both backends, running the binary, a small HTTP client.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use sha2::{Digest, Sha256};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// The signing key of every test database, by URL: a server started on one signs as its
/// commands do.
static KEYS: Mutex<Vec<(String, PathBuf)>> = Mutex::new(Vec::new());

/// Held by the test that reads from the streaming replica, and by the tests that write to the
/// shared PostgreSQL server for minutes on end: the replica counts as caught up only while the
/// whole server is quiet, so the two are not run at once.
static QUIET_SERVER: Mutex<()> = Mutex::new(());

/// The shared PostgreSQL server to oneself, against a long writer or the replica's reader.
pub fn quiet_server() -> std::sync::MutexGuard<'static, ()> {
    QUIET_SERVER.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The signer of the test database at `url`, if it is one.
fn signer_of(url: &str) -> Option<std::sync::Arc<tinhgon::services::trust::Signer>> {
    let key = KEYS.lock().ok()?.iter().find(|(u, _)| u == url).map(|(_, k)| k.clone())?;
    Some(tinhgon::services::trust::Signing::new(key, None).load().unwrap_or_else(|e| panic!("{:?}", e.messages())))
}

/// A directory for one test, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(label: &str) -> TempDir {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("tinhgon-it-{}-{label}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("create {}: {e}", dir.display()));
        TempDir(dir)
    }

    /// Writes a file in the folder; returns its path as text, for a command's arguments.
    pub fn put(&self, name: &str, body: impl AsRef<[u8]>) -> String {
        let p = self.path(name);
        std::fs::write(&p, body).unwrap_or_else(|e| panic!("{e}"));
        p.to_string_lossy().into_owned()
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A fresh, empty database on one backend.
pub struct TestDb {
    pub backend: Backend,
    pub url: String,
    /// The key every command signs its writes with (the demo makes it).
    pub signing_key: PathBuf,
    _dir: TempDir,
}

/// The backends this run can test. PostgreSQL is skipped with a notice when it is not installed,
/// unless TINHGON_REQUIRE_PG=1, which makes its absence a failure.
pub fn backends() -> Vec<Backend> {
    let mut out = vec![Backend::Sqlite];
    match postgres_server() {
        Some(_) => out.push(Backend::Postgres),
        None if std::env::var("TINHGON_REQUIRE_PG").as_deref() == Ok("1") => {
            panic!("TINHGON_REQUIRE_PG=1 but no PostgreSQL server could be started (install postgresql or set TINHGON_TEST_PG_URL)")
        }
        None => eprintln!(
            "NOTICE: PostgreSQL is not installed; its tests are skipped (set TINHGON_REQUIRE_PG=1 to fail instead)"
        ),
    }
    out
}

impl TestDb {
    /// A database holding the tiny demo (its register, accounts and party work).
    pub fn tiny(backend: Backend, label: &str) -> TestDb {
        let db = TestDb::new(backend, label);
        db.ok(&["demo", "--scale", "tiny"]);
        db
    }

    /// The code of the person an account is linked to.
    pub fn person_of(&self, account: &str) -> String {
        let sql = "SELECT p.code FROM account a JOIN person p ON p.id = a.person_id WHERE a.name = $1";
        let mut s = self.store();
        s.read(|tx| tx.query_one(sql, &[account.into()])?.text(0)).unwrap_or_else(|e| panic!("{account}: {e}"))
    }

    pub fn new(backend: Backend, label: &str) -> TestDb {
        let dir = TempDir::new(label);
        let url = match backend {
            Backend::Sqlite => format!("sqlite://{}", dir.path("register.sqlite3").display()),
            Backend::Postgres => {
                let server = postgres_server().unwrap_or_else(|| panic!("no PostgreSQL server"));
                let n = COUNTER.fetch_add(1, Ordering::SeqCst);
                let name = format!("t_{}_{}_{n}", std::process::id(), label.replace('-', "_"));
                let mut admin = postgres::Client::connect(&server.admin_url, postgres::NoTls)
                    .unwrap_or_else(|e| panic!("connect to the test server: {e}"));
                admin
                    .batch_execute(&format!("CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8'"))
                    .unwrap_or_else(|e| panic!("create database {name}: {e}"));
                server.url_for(&name)
            }
        };
        TestDb::at(backend, url, dir)
    }

    /// A database at `url` (a backup file, say), with its own signing key in `dir`.
    pub fn at(backend: Backend, url: String, dir: TempDir) -> TestDb {
        let signing_key = dir.path("signing.key");
        let seed = Sha256::digest(format!("tinhgon test key {url}")).into();
        tinhgon_store::checkpoints::write_key_pair(&signing_key, seed).unwrap_or_else(|e| panic!("key: {e}"));
        if let Ok(mut keys) = KEYS.lock() {
            keys.push((url.clone(), signing_key.clone()));
        }
        TestDb { backend, url, signing_key, _dir: dir }
    }

    /// Runs the tinhgon binary against this database, signing with the database's key.
    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).stdin(Stdio::null()).output().unwrap_or_else(|e| panic!("run tinhgon: {e}"))
    }

    /// The command that runs the binary on this database with its signing key.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_tinhgon"));
        c.args(args).env("TINHGON_DB", &self.url).env("TINHGON_SIGNING_KEY", &self.signing_key);
        c
    }

    /// Runs the binary with `input` on its standard input (a password, say).
    pub fn run_with_input(&self, args: &[&str], input: &str) -> Output {
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("run tinhgon: {e}"));
        if let Some(mut stdin) = child.stdin.take() {
            stdin.write_all(input.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        }
        child.wait_with_output().unwrap_or_else(|e| panic!("{e}"))
    }

    /// Runs the binary and insists on success.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "tinhgon {args:?} failed on {:?}:\n{}\n{}",
            self.backend,
            stdout(&out),
            stderr(&out)
        );
        stdout(&out)
    }

    pub fn store(&self) -> tinhgon_store::Store {
        tinhgon_store::Store::open(&self.url).unwrap_or_else(|e| panic!("open {}: {e}", self.url))
    }

    /// Runs a command that must be refused with a message containing `expect`, writing nothing.
    pub fn refused(&self, args: &[&str], expect: &str) {
        let before = self.count("change_log");
        let out = self.run(args);
        assert!(!out.status.success(), "{args:?} should be refused: {}", stdout(&out));
        assert!(stderr(&out).contains(expect), "expected «{expect}» in:\n{}", stderr(&out));
        assert_eq!(self.count("change_log"), before, "{args:?}: nothing is written");
    }

    pub fn count(&self, table: &str) -> i64 {
        self.store()
            .read(|tx| tx.query_one(&format!("SELECT COUNT(*) FROM {table}"), &[])?.int(0))
            .unwrap_or_else(|e| panic!("count {table}: {e}"))
    }
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

/// A PostgreSQL server for this test binary.
pub struct PgServer {
    pub admin_url: String,
    base: String,
    /// The port and the directory of a server this binary started (not of one given by URL).
    own: Option<(u16, PathBuf)>,
}

impl PgServer {
    pub fn url_for(&self, db: &str) -> String {
        format!("{}/{db}", self.base)
    }
}

fn find_pg_bin(name: &str) -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> =
        std::env::var_os("PATH").map(|p| std::env::split_paths(&p).collect()).unwrap_or_default();
    if let Ok(entries) = std::fs::read_dir("/usr/lib/postgresql") {
        let mut versions: Vec<PathBuf> = entries.filter_map(|e| e.ok()).map(|e| e.path().join("bin")).collect();
        versions.sort();
        dirs.extend(versions.into_iter().rev());
    }
    dirs.into_iter().map(|d| d.join(name)).find(|p| p.is_file())
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0").unwrap_or(false)
}

/// Runs a PostgreSQL tool, as the `postgres` user when this process is root (initdb refuses root).
fn pg_command(bin: &Path, root: bool) -> Command {
    if root {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(bin);
        c
    } else {
        Command::new(bin)
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).unwrap_or(54329)
}

/// Starts (once) a throw-away server on a free loopback port; a watchdog stops it and removes
/// its files when this test process ends.
pub fn postgres_server() -> Option<&'static PgServer> {
    static SERVER: OnceLock<Option<PgServer>> = OnceLock::new();
    SERVER
        .get_or_init(|| {
            if let Ok(url) = std::env::var("TINHGON_TEST_PG_URL") {
                let base = url.rsplit_once('/').map(|(b, _)| b.to_string()).unwrap_or(url.clone());
                return Some(PgServer { admin_url: url, base, own: None });
            }
            let initdb = find_pg_bin("initdb")?;
            let pg_ctl = find_pg_bin("pg_ctl")?;
            let root = is_root();
            let dir = std::env::temp_dir().join(format!("tinhgon-pg-{}", std::process::id()));
            let data = dir.join("data");
            std::fs::create_dir_all(&dir).ok()?;
            if root {
                Command::new("chown").args(["-R", "postgres"]).arg(&dir).status().ok()?;
            }
            let init = pg_command(&initdb, root)
                .args(["-D"])
                .arg(&data)
                .args(["-U", "tinhgon", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"])
                .output()
                .ok()?;
            if !init.status.success() {
                eprintln!("NOTICE: initdb failed: {}", String::from_utf8_lossy(&init.stderr));
                return None;
            }
            let port = free_port();
            let opts = format!(
                "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
                dir.display()
            );
            start_cluster(&pg_ctl, root, &data, &opts, &dir.join("log"))?;
            // The watchdog outlives nothing: it waits for this process to end, then stops the
            // replica (when one was started, see `postgres_replica`) and the server, and removes
            // their files.
            let stop = format!(
                "while kill -0 {pid} 2>/dev/null; do sleep 0.5; done; {runas}{pg_ctl} -D {replica} stop -m immediate >/dev/null 2>&1; {runas}{pg_ctl} -D {data} stop -m immediate >/dev/null 2>&1; rm -rf {dir}",
                pid = std::process::id(),
                runas = if root { "runuser -u postgres -- " } else { "" },
                pg_ctl = pg_ctl.display(),
                replica = dir.join(REPLICA_DIR).display(),
                data = data.display(),
                dir = dir.display(),
            );
            Command::new("sh").args(["-c", &stop]).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null()).spawn().ok()?;
            let base = format!("postgres://tinhgon@127.0.0.1:{port}");
            Some(PgServer { admin_url: format!("{base}/postgres"), base, own: Some((port, dir)) })
        })
        .as_ref()
}

/// Where the replica of the test server keeps its data, inside the test server's directory.
const REPLICA_DIR: &str = "replica";

/// Starts a PostgreSQL server on the data directory `data` with the options `opts`, waiting until
/// it answers; `None` (with a notice) when it does not start.
fn start_cluster(pg_ctl: &Path, root: bool, data: &Path, opts: &str, log: &Path) -> Option<()> {
    let start = pg_command(pg_ctl, root)
        .args(["-D"])
        .arg(data)
        .args(["-o", opts, "-l"])
        .arg(log)
        .args(["-w", "start"])
        .stdout(Stdio::null())
        .output()
        .ok()?;
    if !start.status.success() {
        eprintln!("NOTICE: pg_ctl start failed: {}", String::from_utf8_lossy(&start.stderr));
        return None;
    }
    Some(())
}

/// Starts (once) a streaming replica of the test server, from a base backup of it, on another
/// loopback port; stopped and removed when this test process ends. `None` when the test server
/// was not started here (given by URL) or PostgreSQL's tools are missing.
pub fn postgres_replica() -> Option<&'static PgServer> {
    static REPLICA: OnceLock<Option<PgServer>> = OnceLock::new();
    REPLICA
        .get_or_init(|| {
            let (primary_port, dir) = postgres_server()?.own.clone()?;
            let (basebackup, pg_ctl) = (find_pg_bin("pg_basebackup")?, find_pg_bin("pg_ctl")?);
            let root = is_root();
            let data = dir.join(REPLICA_DIR);
            let port = free_port();
            let backup = pg_command(&basebackup, root)
                .args(["-h", "127.0.0.1", "-p", &primary_port.to_string(), "-U", "tinhgon", "-D"])
                .arg(&data)
                // A fast checkpoint: a spread one makes the copy wait minutes for the primary's timer.
                .args(["-R", "-X", "stream", "--no-sync", "--checkpoint=fast"])
                .output()
                .ok()?;
            if !backup.status.success() {
                eprintln!("NOTICE: pg_basebackup failed: {}", String::from_utf8_lossy(&backup.stderr));
                return None;
            }
            let opts = format!("-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off", dir.display());
            // The test server's watchdog stops it when this process ends, before removing the files.
            start_cluster(&pg_ctl, root, &data, &opts, &dir.join("replica.log"))?;
            let base = format!("postgres://tinhgon@127.0.0.1:{port}");
            Some(PgServer { admin_url: format!("{base}/postgres"), base, own: Some((port, data)) })
        })
        .as_ref()
}

/// An HTTP answer as the tests read it.
pub struct Reply {
    pub status: u16,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn content_type(&self) -> String {
        self.header("content-type").unwrap_or_default().to_string()
    }
}

/// A minimal HTTP/1.1 client for the tests: one request per connection.
pub fn request(addr: &str, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
    let mut s = TcpStream::connect(addr).unwrap_or_else(|e| panic!("connect {addr}: {e}"));
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    let mut bytes = req.into_bytes();
    bytes.extend_from_slice(body);
    s.write_all(&bytes).unwrap_or_else(|e| panic!("send: {e}"));
    // Read until the body is complete: some servers (ChromeDriver) keep the socket open after it.
    let mut raw = Vec::new();
    let mut buf = [0u8; 65536];
    loop {
        let n = s.read(&mut buf).unwrap_or_else(|e| panic!("read: {e}"));
        if n == 0 {
            break;
        }
        raw.extend_from_slice(&buf[..n]);
        if let Some(h) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&raw[..h]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:").and_then(|v| v.trim().parse::<usize>().ok()));
            if length.is_some_and(|len| raw.len() >= h + 4 + len)
                || (head.contains("chunked") && raw.ends_with(b"0\r\n\r\n"))
            {
                break;
            }
        }
    }
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or(raw.len());
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let rest = raw.get(split + 4..).unwrap_or_default().to_vec();
    let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let headers: Vec<(String, String)> = head
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let chunked = headers.iter().any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"));
    let body = if chunked { dechunk(&rest) } else { rest };
    Reply { status, headers, body }
}

/// The router on 127.0.0.1:0 with its own runtime; dropping it stops the server.
pub struct TestApp {
    pub addr: String,
    /// A bearer token of the demo's administrator, when asked for.
    pub token: String,
    _rt: tokio::runtime::Runtime,
}

impl TestApp {
    /// A server on the register at `url`, signing with its key.
    pub fn start(url: &str) -> TestApp {
        TestApp::serve(tinhgon::http::AppState::signed(url, Default::default(), signer_of(url)))
    }

    /// The server ending browser sessions after `idle_minutes` of idleness.
    pub fn start_with(url: &str, idle_minutes: i64) -> TestApp {
        let policy = tinhgon::auth::SessionPolicy { idle_secs: idle_minutes * 60, ..Default::default() };
        TestApp::serve(tinhgon::http::AppState::signed(url, policy, signer_of(url)))
    }

    fn serve(state: tinhgon::http::State) -> TestApp {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap_or_else(|e| panic!("{e}"));
        let listener =
            rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap_or_else(|e| panic!("bind: {e}"));
        let addr = listener.local_addr().map(|a| a.to_string()).unwrap_or_default();
        let app = tinhgon::routes::router(state);
        rt.spawn(async move {
            axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>()).await
        });
        TestApp { addr, token: String::new(), _rt: rt }
    }

    /// The server, with a token of `user` for API calls.
    pub fn with_token(db: &TestDb, user: &str) -> TestApp {
        let mut app = TestApp::start(&db.url);
        app.token = db.ok(&["token", "create", "--user", user]).trim().to_string();
        app
    }

    fn auth(&self) -> String {
        format!("Bearer {}", self.token)
    }

    /// A GET with the app's token, the reply as it came (a page, a file).
    pub fn fetch(&self, path: &str) -> Reply {
        request(&self.addr, "GET", path, &[("Authorization", &self.auth())], b"")
    }

    pub fn get(&self, path: &str) -> (u16, String, serde_json::Value) {
        let r = request(&self.addr, "GET", path, &[("Authorization", &self.auth())], b"");
        (r.status, r.content_type(), json(&r.text()))
    }

    pub fn post(&self, path: &str, body: &str) -> (u16, String, serde_json::Value) {
        let r = request(
            &self.addr,
            "POST",
            path,
            &[("Authorization", &self.auth()), ("Content-Type", "application/json")],
            body.as_bytes(),
        );
        (r.status, r.content_type(), json(&r.text()))
    }
}

fn dechunk(mut s: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(i) = s.windows(2).position(|w| w == b"\r\n") {
        let size = String::from_utf8_lossy(&s[..i]).trim().to_string();
        let n = usize::from_str_radix(&size, 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        let rest = &s[i + 2..];
        out.extend_from_slice(rest.get(..n).unwrap_or(rest));
        s = rest.get(n + 2..).unwrap_or_default();
    }
    out
}

/// A `tinhgon serve` process on a free loopback port, stopped when dropped.
pub struct ServerProcess {
    pub addr: String,
    child: std::process::Child,
}

impl ServerProcess {
    /// Starts the binary's server on `db`, with `extra` arguments, and waits until it answers.
    pub fn start(db: &TestDb, extra: &[&str]) -> ServerProcess {
        ServerProcess::serving(db, extra, &[])
    }

    /// [`ServerProcess::start`] with `serve_args` after `serve`.
    pub fn serving(db: &TestDb, extra: &[&str], serve_args: &[&str]) -> ServerProcess {
        ServerProcess::configured(db, extra, serve_args, (&[], None))
    }

    /// [`ServerProcess::serving`] with environment variables, its log written to `log`.
    pub fn configured(
        db: &TestDb,
        extra: &[&str],
        serve_args: &[&str],
        (env, log): (&[(&str, &str)], Option<&std::path::Path>),
    ) -> ServerProcess {
        let addr = format!("127.0.0.1:{}", free_port());
        let mut args = extra.to_vec();
        args.extend(["serve", "--addr", &addr]);
        args.extend(serve_args);
        let stderr = match log {
            Some(path) => Stdio::from(std::fs::File::create(path).unwrap_or_else(|e| panic!("{e}"))),
            None => Stdio::null(),
        };
        let child = db
            .command(&args)
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(stderr)
            .spawn()
            .unwrap_or_else(|e| panic!("start the server: {e}"));
        let server = ServerProcess { addr, child };
        // Up to a minute, in steps of 50 ms.
        for _ in 0..1200 {
            if TcpStream::connect(&server.addr).is_ok() {
                return server;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        assert!(TcpStream::connect(&server.addr).is_ok(), "the server did not start within a minute");
        server
    }

    /// A request with a bearer token: status and JSON body.
    pub fn call(&self, token: &str, method: &str, path: &str, body: &str) -> (u16, serde_json::Value) {
        let auth = format!("Bearer {token}");
        let r = request(
            &self.addr,
            method,
            path,
            &[("Authorization", &auth), ("Content-Type", "application/json")],
            body.as_bytes(),
        );
        (r.status, json(&r.text()))
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A plan on the tiny demo: two cells merge, one cell splits in two, and the wards 18073 and 18100
/// with their party committees, people's committees and councils unite as the new ward 42901.
pub const THANH_SEN_MERGE: &str = "op,unit,target,name,kind,parent,led_by,share
sap_nhap,18073.DU.C02,18073.DU.C01,,,,,
chia_tach,18100.DU.C01,18100.DU.C02,,,,,50%
chia_tach,18100.DU.C01,18100.DU.C03,,,,,còn lại
hop_nhat,18073;18100,42901,Phường Thành Sen mới,commune,42,,
hop_nhat,18073.DU;18100.DU,42901.DU,Đảng bộ phường Thành Sen mới,party_commune,42.TU,,
hop_nhat,18073.UBND;18100.UBND,42901.UBND,Ủy ban nhân dân phường Thành Sen mới,peoples_committee,42901,42901.DU,
hop_nhat,18073.HDND;18100.HDND,42901.HDND,Hội đồng nhân dân phường Thành Sen mới,peoples_council,42901,42901.DU,
";

/// The central committee, Hà Tĩnh province and its district of Can Lộc with the communes Thiên Lộc
/// and Thuần Thiện, then `more` rows of a units file; and the accounts `users` (each the words after
/// `user add`), all with one password.
pub fn can_loc(db: &TestDb, dir: &TempDir, more: &str, users: &[&[&str]]) {
    let units = format!(
        "code,name,kind,parent,valid_from,sector
TW,Ban Chấp hành Trung ương Đảng,party_central,,2010-01-01,
P,Tỉnh Hà Tĩnh,province,,2010-01-01,
P.TU,Đảng bộ tỉnh Hà Tĩnh,party_provincial,P,2010-01-01,
P.TU.H,Đảng bộ huyện Can Lộc,party_district,P.TU,2010-01-01,
P.TU.H.X1,Đảng bộ xã Thiên Lộc,party_commune,P.TU.H,2010-01-01,
P.TU.H.X2,Đảng bộ xã Thuần Thiện,party_commune,P.TU.H,2010-01-01,
{more}"
    );
    db.ok(&["import", "units", &dir.put("units.csv", &units)]);
    for user in users {
        let args: Vec<&str> = ["user", "add"].into_iter().chain(user.iter().copied()).collect();
        db.run_with_input(&args, "một mật khẩu dài cho thử\n");
    }
}
