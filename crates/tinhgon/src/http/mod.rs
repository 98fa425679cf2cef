//! What the JSON API and the web pages share: the server's state (pooled connections, the
//! statistics index, session policy, the sign-in throttle), the caller of a request, problem
//! responses, the readers of a request, the headers of every response, and serving. Handlers in
//! `api` and `web` parse a request, call one service operation with the caller's context, and
//! render its answer; they do not use the store themselves. The route table (`crate::routes`)
//! joins them.

pub mod caller;
pub mod extract;
pub mod headers;
pub mod jobs;
mod problem;

use std::sync::{Arc, Mutex};
use tinhgon_domain::msg::Msg;

use crate::services::trust::{self, Signer};
use crate::services::{Store, StoreError};
use axum::Router;

pub use caller::Caller;
pub use problem::{Problem, ProblemBody, RowErrorOut};

use crate::services::stats::IndexCache;
use crate::services::ScopeCache;

/// Connections to the register, reused across requests.
pub struct Pool {
    url: String,
    /// A streaming replica each connection reads from when it has caught up (`--read-db`).
    read_url: Option<String>,
    idle: Mutex<Vec<Store>>,
    /// The key every connection signs its writes' checkpoints with, when the register is signed.
    signer: Option<Arc<Signer>>,
}

impl Pool {
    fn take(&self) -> Result<Store, Problem> {
        if let Some(s) = self.idle.lock().ok().and_then(|mut v| v.pop()) {
            return Ok(s);
        }
        let mut store = crate::services::open(&self.url).map_err(Problem::internal)?;
        if let Some(signer) = &self.signer {
            store.sign_with(Arc::clone(signer)).map_err(Problem::internal)?;
        }
        if let Some(read_url) = &self.read_url {
            // A replica that cannot be reached now leaves this connection's reads to the
            // primary; the connection is not pooled, so a later one tries the replica again.
            let _ = store.attach_replica(read_url);
        }
        Ok(store)
    }

    fn give(&self, s: Store) {
        if self.read_url.is_some() && !s.has_replica() {
            return;
        }
        if let Ok(mut v) = self.idle.lock() {
            if v.len() < 16 {
                v.push(s);
            }
        }
    }
}

/// What every handler shares.
pub struct AppState {
    pub pool: Pool,
    /// The statistics index and the change-log sequence it reflects.
    pub index: IndexCache,
    /// How long browser sessions live (they are kept in the database).
    pub sessions: crate::auth::SessionPolicy,
    pub throttle: crate::auth::Throttle,
    pub scopes: ScopeCache,
    /// Long work started from a page, with its progress.
    pub jobs: jobs::Jobs,
}

pub type State = Arc<AppState>;

impl AppState {
    pub fn new(url: &str) -> State {
        AppState::with_sessions(url, crate::auth::SessionPolicy::default())
    }

    pub fn with_sessions(url: &str, sessions: crate::auth::SessionPolicy) -> State {
        AppState::signed(url, sessions, None)
    }

    /// A server whose writes are signed with `signer` (see [`crate::services::trust`]).
    pub fn signed(url: &str, sessions: crate::auth::SessionPolicy, signer: Option<Arc<Signer>>) -> State {
        AppState::reading_from(url, None, sessions, signer)
    }

    /// [`AppState::signed`], reading from the streaming replica at `read_url` whenever it has
    /// caught up with the primary at `url`.
    pub fn reading_from(
        url: &str,
        read_url: Option<&str>,
        sessions: crate::auth::SessionPolicy,
        signer: Option<Arc<Signer>>,
    ) -> State {
        Arc::new(AppState {
            pool: Pool {
                url: url.to_string(),
                read_url: read_url.map(str::to_string),
                idle: Mutex::new(Vec::new()),
                signer,
            },
            index: IndexCache::default(),
            sessions,
            throttle: crate::auth::Throttle::new(crate::auth::ClientSource::from_env().unwrap_or_default()),
            scopes: Default::default(),
            jobs: Default::default(),
        })
    }

    /// Runs blocking work — a service operation — off the async threads, with a pooled connection.
    pub async fn with_store<T: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&mut Store) -> Result<T, Problem> + Send + 'static,
    ) -> Result<T, Problem> {
        let state = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let mut store = state.pool.take()?;
            let out = f(&mut store);
            state.pool.give(store);
            out
        })
        .await
        .map_err(Problem::internal)?
    }
}

/// The threads that run service calls. More only queue more work on the same cores; a write
/// waiting for the writer lock holds one.
const BLOCKING_THREADS: usize = 16;

/// Why the server could not start or stopped, in Vietnamese and English.
#[derive(Debug)]
pub struct ServeError {
    pub vi: String,
    pub en: String,
}

impl ServeError {
    fn said(m: Msg) -> ServeError {
        let (vi, en) = crate::i18n::said(&m);
        ServeError { vi, en }
    }

    fn io(e: std::io::Error) -> ServeError {
        ServeError::said(Msg::new("serve-io").text("error", &e))
    }
}

/// Serves the router `routes` makes of the state until Ctrl-C, on a register already opened (and
/// checked) by the caller, reading from the replica `read_db` when given (checked here).
pub fn serve_blocking(
    (db, read_db, addr): (&str, Option<&str>, &str),
    mut store: Store,
    (sessions, checkpoint_every): (crate::auth::SessionPolicy, std::time::Duration),
    routes: fn(State) -> Router,
) -> Result<(), ServeError> {
    let signer = store.signer();
    crate::auth::ClientSource::from_env()
        .map_err(|e| ServeError::said(Msg::new("serve-proxy-settings").text("error", &e)))?;
    if let Some(read_db) = read_db {
        store.attach_replica(read_db).map_err(|e| {
            let (vi, en) = crate::services::Error::Store(e).messages();
            ServeError::said(Msg::new("serve-replica").text("vi", &vi).text("en", &en))
        })?;
        eprintln!("Đọc từ bản sao khi bản sao đã theo kịp / reading from the replica whenever it has caught up");
    }
    let state = AppState::reading_from(db, read_db, sessions, signer.clone());
    let unreadable = |e: StoreError| ServeError::said(Msg::new("serve-unreadable").text("error", &e));
    store.last_seq().map_err(unreadable)?;
    // A checkpoint at start covers what was written without the key since the last one.
    if let Some(signer) = &signer {
        trust::sign_now(&mut store, &crate::clock::now_iso()).map_err(|e| {
            let (vi, en) = e.messages();
            ServeError::said(Msg::new("serve-checkpoint").text("vi", &vi).text("en", &en))
        })?;
        eprintln!(
            "Điểm kiểm tra được ký và ghi vào / checkpoints are signed and appended to {}",
            signer.file().display()
        );
    }
    state.pool.give(store);
    load_index_meanwhile(&state);
    // Requests run their service call on the blocking threads: a few per core keep the cores busy
    // (a read waits on nothing but the disk), and bound the memory the threads hold.
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(BLOCKING_THREADS)
        .build()
        .map_err(ServeError::io)?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| ServeError::said(Msg::new("serve-listen").text("addr", addr).text("error", &e)))?;
        let local = listener.local_addr().map_err(ServeError::io)?;
        if signer.is_some() {
            tokio::spawn(sign_periodically(Arc::clone(&state), checkpoint_every));
        }
        eprintln!(
            "tinhgon đang phục vụ tại / serving at http://{local}/  (API: http://{local}/api/, OpenAPI: http://{local}/api/openapi.json)\n\
             Đăng nhập bằng một tài khoản (tinhgon user add …, hoặc tài khoản mẫu của tinhgon demo).\n\
             Sign in with an account (tinhgon user add …, or a demo account of tinhgon demo)."
        );
        axum::serve(listener, routes(state).into_make_service_with_connect_info::<std::net::SocketAddr>())
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .map_err(ServeError::io)
    })
}

/// Reads the statistics index while the server already answers: what needs no statistics (a
/// person, a search, signing in) answers at once, and the first request that does shares this
/// read instead of starting its own.
fn load_index_meanwhile(state: &State) {
    let state = Arc::clone(state);
    let read = move || {
        let Ok(mut s) = state.pool.take() else { return };
        if let Err(e) = state.index.current(&mut s) {
            eprintln!("Không đọc được chỉ mục thống kê / cannot read the statistics index: {e}");
        }
        state.pool.give(s);
    };
    if let Err(e) = std::thread::Builder::new().name("index".into()).spawn(read) {
        eprintln!("Không bắt đầu đọc được chỉ mục thống kê / cannot start reading the statistics index: {e}");
    }
}

/// Signs the head of the change log every `every`, written or not, so that a checkpoint file
/// shows the register as it stood at least that often.
async fn sign_periodically(state: State, every: std::time::Duration) {
    let mut ticks = tokio::time::interval(every);
    ticks.tick().await;
    loop {
        ticks.tick().await;
        // A failure is logged by `Problem::internal`; the next tick tries again.
        let _ = state
            .with_store(|s| trust::sign_now(s, &crate::clock::now_iso()).map_err(|e| Problem::internal(e.messages().1)))
            .await;
    }
}
