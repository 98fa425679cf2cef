//! `tinhgon bench --load`: the server under concurrent load, as people use it. A `tinhgon serve`
//! process on the register given (the province demo is loaded into an empty one), read by several
//! accounts at once — the unit, the dashboard, the statistics, the name search, by bearer token and
//! by browser session — first alone, then while a writer posts people through the API, through the
//! web form and in imported files. Then: requests/s and p50/p99 per route and phase, errors, the
//! server's memory, whether every acknowledged write is in the register and its change log, and
//! `verify`; and the same readers against an axum hello-world on this machine, for the ratio.
//! Loopback only, bounded by `--seconds`.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{anyhow, Context};

use super::client::{hidden, Conn};
use crate::clock::{now_iso, today, Stopwatch};
use crate::demo::load as demo;
use crate::demo::Scale;
use crate::services::{accounts, trust, Ctx};

/// What the load run is asked to do.
pub struct LoadOptions {
    /// Seconds of each phase (reads alone; reads with writes).
    pub seconds: u64,
    /// Reading connections.
    pub clients: usize,
    /// Writes per second during the second phase.
    pub writes_per_second: u32,
}

/// A read route: its label, path, and whose credentials it is read with.
struct Read {
    label: &'static str,
    path: &'static str,
    cookie: bool,
    token: usize,
}

const READS: &[Read] = &[
    Read { label: "GET /api/units/42 (officer, token)", path: "/api/units/42", cookie: false, token: 0 },
    Read { label: "GET /units/42/dashboard (officer, session)", path: "/units/42/dashboard", cookie: true, token: 0 },
    Read { label: "GET /api/units/42/stats (auditor, token)", path: "/api/units/42/stats", cookie: false, token: 1 },
    Read {
        label: "GET /api/people?q=nguyen%20van (admin, token)",
        path: "/api/people?q=nguyen%20van",
        cookie: false,
        token: 2,
    },
    Read { label: "GET /api/units/VN/stats (auditor, token)", path: "/api/units/VN/stats", cookie: false, token: 1 },
];

/// Latencies (µs) and errors per route label.
#[derive(Default)]
struct Tally {
    latencies: BTreeMap<String, Vec<u32>>,
    errors: BTreeMap<String, u64>,
}

impl Tally {
    fn merge(&mut self, other: Tally) {
        for (k, mut v) in other.latencies {
            self.latencies.entry(k).or_default().append(&mut v);
        }
        for (k, n) in other.errors {
            *self.errors.entry(k).or_default() += n;
        }
    }
}

fn pct(sorted: &[u32], p: f64) -> f64 {
    let i = ((sorted.len().saturating_sub(1)) as f64 * p).round() as usize;
    f64::from(sorted.get(i).copied().unwrap_or(0)) / 1000.0
}

/// The server under test: a child process of this binary, stopped when dropped.
struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(db: &str) -> anyhow::Result<Server> {
        let exe = std::env::current_exe().context("the tinhgon binary")?;
        let mut child = Command::new(exe)
            .args(["--db", db, "serve", "--addr", "127.0.0.1:0"])
            .env("TINHGON_LOG", "error")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .context("start the server")?;
        let stderr = child.stderr.take().ok_or_else(|| anyhow!("no server output"))?;
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(at) = line.find("http://127.0.0.1:") {
                    let addr: String = line[at + 7..].chars().take_while(|c| *c != '/').collect();
                    let _ = tx.send(addr);
                }
            }
        });
        let addr = rx.recv_timeout(Duration::from_secs(120)).context("the server did not start")?;
        Ok(Server { child, addr })
    }

    fn rss_mib(&self) -> f64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap_or_default();
        let kb: f64 = status
            .lines()
            .find(|l| l.starts_with("VmRSS:"))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0.0);
        kb / 1024.0
    }
}

/// The credentials the readers and the writer use.
#[derive(Clone)]
struct Credentials {
    tokens: Vec<String>,
    cookie: String,
    csrf: String,
}

async fn sign_in(addr: &str, name: &str) -> anyhow::Result<(String, String)> {
    let mut c = Conn::new(addr);
    let page = c.send("GET", "/login", &[], b"").await?;
    let login = page.cookie("tinhgon_login").ok_or_else(|| anyhow!("no login cookie"))?;
    let token = hidden(&page.text(), "_login").ok_or_else(|| anyhow!("no login token"))?;
    let body = format!("_login={token}&next=/&name={name}&password={}", demo::DEMO_PASSWORD);
    let cookie = format!("tinhgon_login={login}");
    let form = [("Cookie", cookie.as_str()), ("Content-Type", "application/x-www-form-urlencoded")];
    let signed = c.send("POST", "/login", &form, body.as_bytes()).await?;
    let session = signed.cookie("tinhgon_session").ok_or_else(|| anyhow!("sign-in refused: {}", signed.status))?;
    let session = format!("tinhgon_session={session}");
    let page = c.send("GET", "/people/new", &[("Cookie", &session)], b"").await?;
    let csrf = hidden(&page.text(), "_csrf").ok_or_else(|| anyhow!("no form token: {}", page.status))?;
    Ok((session, csrf))
}

/// Readers until `stop`: each connection walks the routes in turn from its own offset.
async fn read_until(
    addr: String,
    id: usize,
    cred: Credentials,
    routes: &'static [Read],
    stop: Arc<AtomicBool>,
) -> Tally {
    let mut conn = Conn::new(&addr);
    let mut tally = Tally::default();
    let mut i = id;
    while !stop.load(Ordering::Relaxed) {
        let Some(r) = routes.get(i % routes.len()) else { break };
        i += 1;
        let auth = format!("Bearer {}", cred.tokens.get(r.token).map_or("", String::as_str));
        let header = if r.cookie { ("Cookie", cred.cookie.as_str()) } else { ("Authorization", auth.as_str()) };
        let watch = Stopwatch::start();
        let ok = matches!(conn.send("GET", r.path, &[header], b"").await, Ok(a) if a.status == 200);
        let took = watch.elapsed().as_micros().min(u128::from(u32::MAX)) as u32;
        if ok {
            tally.latencies.entry(r.label.to_string()).or_default().push(took);
        } else {
            *tally.errors.entry(r.label.to_string()).or_default() += 1;
        }
    }
    tally
}

/// What the writer was told was written: people's codes.
#[derive(Default)]
struct Written {
    acknowledged: Vec<String>,
    tally: Tally,
}

fn person_name(n: u64) -> String {
    let given = crate::demo::names::given_names();
    let g = given.get((n % given.len().max(1) as u64) as usize).copied().unwrap_or("An");
    let m = ["Văn", "Thị", "Đức", "Ngọc"].get(((n / 13) % 4) as usize).copied().unwrap_or("Văn");
    format!("Lê {m} {g}")
}

async fn write_until(addr: String, cred: Credentials, per_second: u32, run: u64, stop: Arc<AtomicBool>) -> Written {
    let mut conn = Conn::new(&addr);
    let mut out = Written::default();
    let pause = Duration::from_micros(1_000_000 / u64::from(per_second.max(1)));
    let mut n = 0u64;
    let admin = format!("Bearer {}", cred.tokens.get(2).map_or("", String::as_str));
    while !stop.load(Ordering::Relaxed) {
        n += 1;
        let watch = Stopwatch::start();
        let (label, codes, ok) = match n % 20 {
            0 => {
                let codes: Vec<String> = (0..20).map(|k| format!("LD{run}.{n}.{k}")).collect();
                let mut csv = String::from("code,full_name,gender,birth_date\n");
                for (k, c) in codes.iter().enumerate() {
                    csv.push_str(&format!("{c},{},nam,1990-01-01\n", person_name(n + k as u64)));
                }
                let h = [
                    ("Cookie", cred.cookie.as_str()),
                    ("x-csrf-token", cred.csrf.as_str()),
                    ("Content-Type", "text/csv"),
                ];
                let a = conn.send("POST", "/import/people", &h, csv.as_bytes()).await;
                ("POST /import/people (officer, 20 rows)", codes, matches!(a, Ok(a) if a.status == 200))
            }
            k if k % 2 == 0 => {
                let code = format!("LD{run}.{n}");
                let body = format!(
                    "_csrf={}&code={code}&full_name={}&gender=male&birth_date=01/01/1990",
                    cred.csrf,
                    form_encode(&person_name(n))
                );
                let h = [("Cookie", cred.cookie.as_str()), ("Content-Type", "application/x-www-form-urlencoded")];
                let a = conn.send("POST", "/people/new", &h, body.as_bytes()).await;
                ("POST /people/new (officer, form)", vec![code], matches!(a, Ok(a) if a.status == 303))
            }
            _ => {
                let code = format!("LD{run}.{n}");
                let body = format!(
                    r#"{{"code":"{code}","full_name":"{}","gender":"nam","birth_date":"1990-01-01"}}"#,
                    person_name(n)
                );
                let h = [("Authorization", admin.as_str()), ("Content-Type", "application/json")];
                let a = conn.send("POST", "/api/people", &h, body.as_bytes()).await;
                ("POST /api/people (admin, token)", vec![code], matches!(a, Ok(a) if a.status == 201))
            }
        };
        let took = watch.elapsed();
        if ok {
            out.acknowledged.extend(codes);
            out.tally.latencies.entry(label.to_string()).or_default().push(took.as_micros() as u32);
        } else {
            *out.tally.errors.entry(label.to_string()).or_default() += 1;
        }
        if let Some(rest) = pause.checked_sub(took) {
            tokio::time::sleep(rest).await;
        }
    }
    out
}

fn form_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            b' ' => "+".into(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Rows of the Markdown table for one phase.
fn rows(phase: &str, tally: &Tally, seconds: f64) -> Vec<String> {
    let mut out = Vec::new();
    let labels: std::collections::BTreeSet<&String> = tally.latencies.keys().chain(tally.errors.keys()).collect();
    let mut total = 0usize;
    for label in labels {
        let mut l = tally.latencies.get(label).cloned().unwrap_or_default();
        l.sort_unstable();
        total += l.len();
        out.push(format!(
            "| {phase} | {label} | {:.0} | {:.1} ms | {:.1} ms | {:.1} ms | {} |",
            l.len() as f64 / seconds,
            pct(&l, 0.5),
            pct(&l, 0.95),
            pct(&l, 0.99),
            tally.errors.get(label).copied().unwrap_or(0)
        ));
    }
    out.push(format!("| {phase} | **all** | **{:.0}** | | | | |", total as f64 / seconds));
    out
}

/// Runs readers (and a writer) against `addr` for `seconds`; returns the tallies and what the
/// writer was told it wrote, sampling `rss` every second.
fn phase(
    rt: &tokio::runtime::Runtime,
    (addr, cred): (&str, &Credentials),
    (routes, clients, seconds): (&'static [Read], usize, u64),
    writes: Option<(u32, u64)>,
    rss: &dyn Fn() -> f64,
) -> (Tally, Written, (f64, f64)) {
    let stop = Arc::new(AtomicBool::new(false));
    let mut readers = Vec::new();
    for id in 0..clients {
        readers.push(rt.spawn(read_until(addr.to_string(), id, cred.clone(), routes, Arc::clone(&stop))));
    }
    let writer = writes.map(|(per_second, run)| {
        rt.spawn(write_until(addr.to_string(), cred.clone(), per_second, run, Arc::clone(&stop)))
    });
    let (mut low, mut high) = (f64::MAX, 0f64);
    for _ in 0..seconds {
        std::thread::sleep(Duration::from_secs(1));
        let m = rss();
        (low, high) = (low.min(m), high.max(m));
    }
    stop.store(true, Ordering::Relaxed);
    let mut tally = Tally::default();
    for r in readers {
        if let Ok(t) = rt.block_on(r) {
            tally.merge(t);
        }
    }
    let written = writer.and_then(|w| rt.block_on(w).ok()).unwrap_or_default();
    (tally, written, (low, high))
}

/// An axum hello-world on this machine, for the ratio.
fn hello(rt: &tokio::runtime::Runtime) -> anyhow::Result<String> {
    let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))?;
    let addr = listener.local_addr()?.to_string();
    let app = axum::Router::new().route("/", axum::routing::get(|| async { "Hello, World!" }));
    rt.spawn(async move { axum::serve(listener, app).await });
    Ok(addr)
}

const HELLO: &[Read] = &[Read { label: "GET / (axum hello-world)", path: "/", cookie: false, token: 0 }];

pub fn run(db: &str, o: &LoadOptions) -> anyhow::Result<Vec<String>> {
    let mut store = crate::services::open(db)?;
    if demo::units(&mut store)? == 0 {
        eprintln!("Đang nạp dữ liệu mẫu cấp tỉnh… / loading the province demo…");
        demo::load(&mut store, (Scale::Province, 42), None, &now_iso())?;
        demo::create_accounts(&mut store, (today(), now_iso())).map_err(|e| anyhow!("{:?}", e.messages()))?;
    }
    let cx = Ctx::operator_as("bench", today(), now_iso());
    let mut tokens = Vec::new();
    for user in ["tochuc", "kiemtoan", "admin"] {
        let (_, token, _) = accounts::create_token(&mut store, &cx, user, Some(1), "bench --load")
            .map_err(|e| anyhow!("{:?}", e.messages()))?;
        tokens.push(token);
    }
    let people_before = store.read(|tx| tx.query_one("SELECT COUNT(*) FROM person", &[])?.int(0))?;
    drop(store);

    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    let started = Stopwatch::start();
    let server = Server::start(db)?;
    let addr = server.addr.clone();
    let auth = format!("Bearer {}", tokens.first().map_or("", String::as_str));
    let ask = |path: &'static str| {
        rt.block_on(async {
            let mut c = Conn::new(&addr);
            c.send("GET", path, &[("Authorization", &auth)], b"").await.map(|a| a.status)
        })
    };
    // The unit first (no statistics needed), then its statistics (which wait for the index).
    let first_unit = ask("/api/units/42")?;
    let unit_answer = started.elapsed();
    let first = ask("/api/units/42/stats")?;
    let first_answer = started.elapsed();
    eprintln!("Máy chủ / server at http://{addr}/ (pid {})", server.child.id());
    let (cookie, csrf) = rt.block_on(sign_in(&addr, "tochuc"))?;
    let cred = Credentials { tokens, cookie, csrf };
    let rss = || server.rss_mib();
    let start_rss = rss();
    let run_id = crate::clock::unix_secs();
    let mut lines = vec![
        format!(
            "First answer (the unit) {:.1} s after the server process started (status {first_unit}); first statistics answer {:.1} s (status {first}). Server memory at start: {start_rss:.0} MiB; {} reading connections; {} s per phase.",
            unit_answer.as_secs_f64(),
            first_answer.as_secs_f64(),
            o.clients,
            o.seconds
        ),
        String::new(),
        "| phase | route | requests/s | p50 | p95 | p99 | errors |".into(),
        "|---|---|---|---|---|---|---|".into(),
    ];
    // A short warm-up, not counted.
    let _ = phase(&rt, (&addr, &cred), (READS, o.clients, 2), None, &rss);
    eprintln!("Chỉ đọc / reads alone, {} s…", o.seconds);
    let (reads, _, mem_a) = phase(&rt, (&addr, &cred), (READS, o.clients, o.seconds), None, &rss);
    lines.extend(rows("reads", &reads, o.seconds as f64));
    eprintln!("Đọc và ghi / reads with writes, {} s…", o.seconds);
    let (mixed, written, mem_b) =
        phase(&rt, (&addr, &cred), (READS, o.clients, o.seconds), Some((o.writes_per_second, run_id)), &rss);
    lines.extend(rows("reads + writes", &mixed, o.seconds as f64));
    lines.extend(rows("writes", &written.tally, o.seconds as f64));
    let end_rss = rss();
    drop(server);

    // Every acknowledged write is in the register and in its change log.
    let mut store = crate::services::open(db)?;
    let mut lost = 0usize;
    let acknowledged = written.acknowledged.len();
    for chunk in written.acknowledged.chunks(500) {
        let marks = (1..=chunk.len()).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ");
        let params: Vec<tinhgon_store::Value> = chunk.iter().map(|c| c.as_str().into()).collect();
        let (people, logged) = store.read(|tx| {
            let p = tx.query_one(&format!("SELECT COUNT(*) FROM person WHERE code IN ({marks})"), &params)?.int(0)?;
            let l = tx
                .query_one(
                    &format!("SELECT COUNT(DISTINCT entity_key) FROM change_log WHERE entity = 'person' AND entity_key IN ({marks})"),
                    &params,
                )?
                .int(0)?;
            Ok((p, l))
        })?;
        lost += chunk.len() - (people.min(logged).max(0) as usize);
    }
    let people_after = store.read(|tx| tx.query_one("SELECT COUNT(*) FROM person", &[])?.int(0))?;
    let report =
        trust::verify(&mut store, &cx, &trust::TrustFiles::default()).map_err(|e| anyhow!("{:?}", e.messages()))?;

    let hello_addr = hello(&rt)?;
    let hello_seconds = o.seconds.min(30);
    let (h, _, _) = phase(&rt, (&hello_addr, &cred), (HELLO, o.clients, hello_seconds), None, &|| 0.0);
    lines.extend(rows("hello-world", &h, hello_seconds as f64));
    lines.push(String::new());
    lines.push(format!(
        "Server memory: {start_rss:.0} MiB at start, {:.0}–{:.0} MiB during reads, {:.0}–{:.0} MiB during writes, {end_rss:.0} MiB at the end.",
        mem_a.0, mem_a.1, mem_b.0, mem_b.1
    ));
    lines.push(format!(
        "Writes acknowledged: {acknowledged} people; missing from the register or its change log: {lost}; people {people_before} → {people_after}; verify: {}.",
        if report.ok() { "clean".to_string() } else { format!("{} findings", report.findings.len()) }
    ));
    if lost > 0 || !report.ok() {
        return Err(anyhow!("{}\nwrites were lost or verify failed", lines.join("\n")));
    }
    Ok(lines)
}
