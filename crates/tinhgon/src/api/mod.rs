//! The HTTP server: a JSON API over the register, documented at `/api/openapi.json`.
//!
//! Handlers are thin: parse the request, take a connection, call the store or a service
//! operation on a blocking thread, render. Errors become problem+json in `problem.rs` only.

pub mod caller;
mod problem;
mod routes;

use std::process::ExitCode;
use std::sync::{Arc, Mutex, RwLock};

use axum::Router;
use tinhgon_domain::stats::Index;
use tinhgon_store::{Refresh, Store};

use crate::cli::{open, Failure};
pub use problem::{Problem, ProblemBody};
pub use routes::authorize_unit_write;

/// Connections to the register, reused across requests.
pub struct Pool {
    url: String,
    idle: Mutex<Vec<Store>>,
}

impl Pool {
    fn take(&self) -> Result<Store, Problem> {
        if let Some(s) = self.idle.lock().ok().and_then(|mut v| v.pop()) {
            return Ok(s);
        }
        Store::open(&self.url).map_err(Problem::internal)
    }

    fn give(&self, s: Store) {
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
    index: RwLock<Option<(i64, Arc<Index>)>>,
    rebuild: Mutex<()>,
    pub sessions: crate::auth::Sessions,
    pub throttle: crate::auth::Throttle,
    pub scopes: crate::authz::ScopeCache,
}

pub type State = Arc<AppState>;

impl AppState {
    pub fn new(url: &str) -> State {
        Arc::new(AppState {
            pool: Pool { url: url.to_string(), idle: Mutex::new(Vec::new()) },
            index: RwLock::new(None),
            rebuild: Mutex::new(()),
            sessions: Default::default(),
            throttle: Default::default(),
            scopes: Default::default(),
        })
    }

    /// Runs blocking store work off the async threads, with a pooled connection.
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

    /// The statistics index as of the newest change, so that figures always include the caller's
    /// own writes: when the change log has moved on, the index is refreshed with what changed
    /// (the whole register is read only the first time, or after a bulk load).
    pub fn index(&self, store: &mut Store) -> Result<Arc<Index>, Problem> {
        let seq = store.last_seq()?;
        let current = || self.index.read().ok().and_then(|g| g.clone());
        if let Some((s, idx)) = current() {
            if s == seq {
                return Ok(idx);
            }
        }
        let _one_at_a_time = self.rebuild.lock().map_err(Problem::internal)?;
        let (seq, idx) = match current() {
            Some((s, idx)) if s == seq => return Ok(idx),
            Some((s, old)) => match store.refresh_index(&old, s)? {
                (seq, Refresh::Current) => (seq, old),
                (seq, Refresh::Patched(new)) => (seq, Arc::from(new)),
            },
            None => (seq, Arc::new(store.load_index()?)),
        };
        if let Ok(mut g) = self.index.write() {
            *g = Some((seq, Arc::clone(&idx)));
        }
        Ok(idx)
    }
}

/// The whole server: the JSON API and the web application.
pub fn router(state: State) -> Router {
    routes::router().merge(crate::web::router()).with_state(state)
}

/// Serves until Ctrl-C.
pub fn serve_blocking(db: &str, addr: &str) -> Result<ExitCode, Failure> {
    // Open once up front: a bad URL or schema fails here, with a clear message.
    let mut store = open(db)?;
    let state = AppState::new(db);
    state.index(&mut store).map_err(|p| Failure::new(p.0.detail.clone(), p.0.detail_en.clone()))?;
    state.pool.give(store);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::from(anyhow::Error::from(e)))?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| {
            Failure::new(format!("Không mở được địa chỉ {addr}: {e}"), format!("Cannot listen on {addr}: {e}"))
        })?;
        let local = listener.local_addr().map_err(|e| Failure::from(anyhow::Error::from(e)))?;
        eprintln!(
            "tinhgon đang phục vụ tại / serving at http://{local}/  (API: http://{local}/api/, OpenAPI: http://{local}/api/openapi.json)\n\
             Đăng nhập bằng một tài khoản (tinhgon user add …, hoặc tài khoản mẫu của tinhgon demo).\n\
             Sign in with an account (tinhgon user add …, or a demo account of tinhgon demo)."
        );
        axum::serve(listener, router(state).into_make_service_with_connect_info::<std::net::SocketAddr>())
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .map_err(|e| Failure::from(anyhow::Error::from(e)))?;
        Ok(ExitCode::SUCCESS)
    })
}
