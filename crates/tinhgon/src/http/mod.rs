//! What the JSON API and the web pages share: the server's state (pooled connections, the
//! statistics index, sessions, the sign-in throttle), the caller of a request, problem responses,
//! and serving. Handlers here and in `api` and `web` parse a request, call one service operation
//! with the caller's context, and render its answer; they do not use the store themselves.

pub mod caller;
pub mod extract;
mod headers;
mod problem;
pub mod routes;

use std::sync::{Arc, Mutex};

use axum::Router;
use tinhgon_store::{Store, StoreError};

pub use caller::Caller;
pub use problem::{Problem, ProblemBody, RowErrorOut};

use crate::services::stats::IndexCache;
use crate::services::ScopeCache;

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
    pub index: IndexCache,
    /// How long browser sessions live (they are kept in the database).
    pub sessions: crate::auth::SessionPolicy,
    pub throttle: crate::auth::Throttle,
    pub scopes: ScopeCache,
}

pub type State = Arc<AppState>;

impl AppState {
    pub fn new(url: &str) -> State {
        AppState::with_sessions(url, crate::auth::SessionPolicy::default())
    }

    pub fn with_sessions(url: &str, sessions: crate::auth::SessionPolicy) -> State {
        Arc::new(AppState {
            pool: Pool { url: url.to_string(), idle: Mutex::new(Vec::new()) },
            index: IndexCache::default(),
            sessions,
            throttle: Default::default(),
            scopes: Default::default(),
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

/// The whole server: the JSON API and the web application.
pub fn router(state: State) -> Router {
    routes::router()
        .method_not_allowed_fallback(not_allowed)
        .with_state(state)
        .layer(axum::middleware::from_fn(headers::refuse_controls))
        .layer(axum::middleware::map_response(headers::secure))
}

/// A known path asked with another method: problem+json on the API, a page elsewhere.
async fn not_allowed(uri: axum::http::Uri, headers: axum::http::HeaderMap) -> axum::response::Response {
    use axum::response::IntoResponse;
    let status = axum::http::StatusCode::METHOD_NOT_ALLOWED;
    if uri.path().starts_with("/api/") {
        Problem::new(status, "Địa chỉ này không nhận phương thức đó.", "This address does not take that method.")
            .into_response()
    } else {
        crate::web::unreadable(&headers, status)
    }
}

/// Why the server could not start or stopped, in Vietnamese and English.
#[derive(Debug)]
pub struct ServeError {
    pub vi: String,
    pub en: String,
}

impl ServeError {
    fn io(e: std::io::Error) -> ServeError {
        ServeError { vi: format!("Lỗi máy chủ: {e}"), en: format!("Server error: {e}") }
    }
}

/// Serves until Ctrl-C, on a register already opened (and checked) by the caller.
pub fn serve_blocking(
    db: &str,
    addr: &str,
    mut store: Store,
    sessions: crate::auth::SessionPolicy,
) -> Result<(), ServeError> {
    let state = AppState::with_sessions(db, sessions);
    state.index.current(&mut store).map_err(|e: StoreError| ServeError {
        vi: format!("Không đọc được sổ đăng ký: {e}"),
        en: format!("Cannot read the register: {e}"),
    })?;
    state.pool.give(store);
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(ServeError::io)?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| ServeError {
            vi: format!("Không mở được địa chỉ {addr}: {e}"),
            en: format!("Cannot listen on {addr}: {e}"),
        })?;
        let local = listener.local_addr().map_err(ServeError::io)?;
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
            .map_err(ServeError::io)
    })
}
