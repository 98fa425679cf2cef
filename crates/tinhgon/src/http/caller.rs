//! Who is asking: a browser session (cookie) or a program (bearer token). Both end in a
//! [`Guard`] — the account and its reach — which every service operation is given in its
//! context ([`Caller::cx`]).

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, Method, StatusCode};

use super::{Problem, State};
use crate::auth::{self, Session};
use crate::clock::{now_iso, today, unix_secs};
use crate::services::{self, Ctx, Guard};

/// The name of the session cookie.
pub const SESSION_COOKIE: &str = "tinhgon_session";
/// The header a script sends the CSRF token in (forms send the field `_csrf`).
pub const CSRF_HEADER: &str = "x-csrf-token";

/// An authenticated request.
#[derive(Clone)]
pub struct Caller {
    pub guard: Guard,
    /// The session, when the caller is a browser; None for a bearer token.
    pub session: Option<Session>,
}

impl Caller {
    /// The change-log actor: the account name.
    pub fn actor(&self) -> String {
        self.guard.account.name.clone()
    }

    /// The context of a service operation: this caller, today, now.
    pub fn cx(&self) -> Ctx {
        Ctx::new(self.guard.clone(), today(), now_iso())
    }

    pub fn csrf(&self) -> &str {
        self.session.as_ref().map_or("", |s| s.csrf.as_str())
    }
}

/// A cookie's value from the request headers.
pub fn cookie<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = v.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// Resolves the caller from a bearer token or the session cookie; None if neither is valid.
pub async fn authenticate(state: &State, headers: &HeaderMap) -> Result<Option<Caller>, Problem> {
    use services::accounts::Via;
    let via = if let Some(t) = bearer(headers) {
        Via::Token(auth::secret_hash(t))
    } else if let Some(c) = cookie(headers, SESSION_COOKIE) {
        Via::Session(c.to_string())
    } else {
        return Ok(None);
    };
    let st = state.clone();
    let when = (today(), unix_secs() as i64, state.sessions);
    let found = state.with_store(move |s| Ok(services::accounts::resolve(s, &st.scopes, &via, when)?)).await?;
    Ok(found.map(|(guard, session)| Caller { guard, session }))
}

/// Whether a state-changing request by a browser carries its session's CSRF token.
pub fn csrf_ok(caller: &Caller, sent: Option<&str>) -> bool {
    match &caller.session {
        None => true,
        Some(s) => sent.is_some_and(|t| constant_time_eq(t.as_bytes(), s.csrf.as_bytes())),
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The API's extractor: 401 without valid credentials, 403 for a browser write without its CSRF token.
impl FromRequestParts<State> for Caller {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &State) -> Result<Self, Self::Rejection> {
        let caller = authenticate(state, &parts.headers).await?.ok_or_else(|| {
            let (vi, en) = crate::i18n::both("request-sign-in", &[]);
            Problem::new(StatusCode::UNAUTHORIZED, vi, en)
        })?;
        let safe = matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
        if !safe && !csrf_ok(&caller, parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok())) {
            let (vi, en) = crate::i18n::both("request-csrf", &[]);
            return Err(Problem::new(StatusCode::FORBIDDEN, vi, en));
        }
        Ok(caller)
    }
}
