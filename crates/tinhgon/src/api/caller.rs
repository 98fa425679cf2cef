//! Who is asking: a browser session (cookie) or a program (bearer token). Both end in a
//! [`Guard`], the one authorization point, which every handler consults.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, Method, StatusCode};
use tinhgon_domain::access::Action;
use tinhgon_domain::UnitCode;
use tinhgon_store::accounts::{self, Account};
use tinhgon_store::Store;

use super::{Problem, State};
use crate::auth::{self, Session};
use crate::authz::{Denied, Guard};
use crate::clock::today;

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
    enum Via {
        Token(String),
        Session(Session),
    }
    let via = if let Some(t) = bearer(headers) {
        Via::Token(auth::secret_hash(t))
    } else if let Some(s) = cookie(headers, SESSION_COOKIE).and_then(|c| state.sessions.get(c)) {
        Via::Session(s)
    } else {
        return Ok(None);
    };
    let st = state.clone();
    state
        .with_store(move |s| {
            let seq = s.last_seq()?;
            let (account, session) = match via {
                Via::Token(hash) => (s.read(|tx| accounts::account_by_token(tx, &hash, today()))?, None),
                Via::Session(sess) => {
                    let a = s.read(|tx| accounts::account_by_id(tx, sess.account_id))?;
                    (a.filter(|a: &Account| a.disabled_at.is_none()), Some(sess))
                }
            };
            let Some(account) = account else { return Ok(None) };
            let guard = s.read(|tx| Guard::new(tx, &st.scopes, seq, account))?;
            Ok(Some(Caller { guard, session }))
        })
        .await
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
            Problem::new(
                StatusCode::UNAUTHORIZED,
                "Cần đăng nhập hoặc mã truy cập (Authorization: Bearer …).",
                "Sign in or send an API token (Authorization: Bearer …).",
            )
        })?;
        let safe = matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
        if !safe && !csrf_ok(&caller, parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok())) {
            return Err(Problem::new(
                StatusCode::FORBIDDEN,
                "Thiếu hoặc sai mã chống giả mạo (CSRF); không có gì được ghi.",
                "Missing or wrong CSRF token; nothing was written.",
            ));
        }
        Ok(caller)
    }
}

/// The answer for a refused unit: absent if out of reach, forbidden if in reach but not allowed.
pub fn unit_denied(d: Denied, code: &UnitCode) -> Problem {
    match d {
        Denied::NotFound => {
            Problem::not_found(format!("Không có đơn vị mã {code}."), format!("There is no unit {code}."))
        }
        Denied::Forbidden => forbidden(),
    }
}

pub fn person_denied(d: Denied, code: &str) -> Problem {
    match d {
        Denied::NotFound => {
            Problem::not_found(format!("Không có người mã {code}."), format!("There is no person {code}."))
        }
        Denied::Forbidden => forbidden(),
    }
}

pub fn forbidden() -> Problem {
    Problem::new(StatusCode::FORBIDDEN, "Vai trò của bạn không được làm việc này.", "Your role does not allow this.")
}

/// Asks the guard about a unit, inside a store call.
pub fn check_unit(s: &mut Store, g: &Guard, code: &UnitCode, action: Action) -> Result<(), Problem> {
    s.read(|tx| Ok(g.unit(tx, code, action)))?.map_err(|d| unit_denied(d, code))
}

/// Asks the guard about a person, inside a store call.
pub fn check_person(s: &mut Store, g: &Guard, code: &str, action: Action) -> Result<(), Problem> {
    s.read(|tx| Ok(g.person(tx, code, action)))?.map_err(|d| person_denied(d, code))
}
