//! Signing in and out, the language switch, the home page's redirect and the assets.

use crate::web::At;
use axum::extract::{ConnectInfo, FromRequestParts, State as Extract};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use serde::Deserialize;
use tinhgon_domain::access::Reach;

use super::html::url;
use super::i18n::{Lang, Tr};
use super::layout::page;
use super::{fail, lang_of, Form, PageError, Query, Viewer, LANG_COOKIE};
use crate::auth;
use crate::http::caller::{cookie, SESSION_COOKIE};
use crate::http::State;
use crate::services;

/// The double-submit cookie that protects the sign-in form.
const LOGIN_COOKIE: &str = "tinhgon_login";

pub(crate) async fn home(v: Viewer) -> Response {
    let g = &v.caller.guard;
    match (g.account.role.reach(), g.home_unit(), &g.account.person) {
        (Reach::OwnRecord, _, Some(p)) => Redirect::to(&format!("/people/{}", url(p))).into_response(),
        (_, Some(u), _) => Redirect::to(&format!("/units/{}", url(u.as_str()))).into_response(),
        _ => Redirect::to("/units").into_response(),
    }
}

/// The assets hold no personal data: browsers may keep them for a day.
const ASSET_CACHE: (header::HeaderName, &str) = (header::CACHE_CONTROL, "public, max-age=86400");

pub(crate) async fn css() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), ASSET_CACHE], include_str!("../../assets/app.css"))
        .into_response()
}

pub(crate) async fn js() -> Response {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), ASSET_CACHE], include_str!("../../assets/app.js"))
        .into_response()
}

#[derive(Deserialize)]
pub(crate) struct LangBack {
    back: Option<String>,
}

/// Only paths of this site are followed after sign-in or a language switch: a path that a
/// browser could read as another host (`//host`, `/\host`, or with a tab, a newline or another
/// control character, which browsers drop), even percent-encoded, goes home instead.
fn local(path: Option<&str>) -> &str {
    match path {
        Some(p) if same_site(p) && same_site(&percent_decoded(p)) => p,
        _ => "/",
    }
}

fn same_site(p: &str) -> bool {
    p.starts_with('/')
        && p.len() <= 2_000
        && !p.chars().any(|c| c.is_control() || c == '\\' || c.is_whitespace())
        && !p.starts_with("//")
}

fn percent_decoded(p: &str) -> String {
    let b = p.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |k: usize| b.get(k).and_then(|c| (*c as char).to_digit(16));
        match (b.get(i), hex(i + 1), hex(i + 2)) {
            (Some(b'%'), Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (Some(c), _, _) => {
                out.push(*c);
                i += 1;
            }
            (None, _, _) => break,
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub(crate) async fn set_lang(
    axum::extract::Path(lang): axum::extract::Path<String>,
    Query(q): Query<LangBack>,
    headers: HeaderMap,
) -> Response {
    let lang = Lang::parse(&lang).unwrap_or(Lang::Vi);
    let referer = headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| r.parse::<Uri>().ok())
        .and_then(|u| u.path_and_query().map(|p| p.as_str().to_string()));
    let back = q.back.or(referer);
    let mut r = Redirect::to(local(back.as_deref())).into_response();
    if let Ok(v) =
        HeaderValue::from_str(&format!("{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax", lang.code()))
    {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    r
}

#[derive(Deserialize)]
pub(crate) struct LoginQuery {
    next: Option<String>,
    expired: Option<String>,
}

fn login_form(tr: Tr, token: &str, next: &str, name: &str, message: Option<&str>) -> Markup {
    html! {
        div.login {
            h1 { (tr.t("sign-in-title")) }
            p { (tr.t("sign-in-intro")) }
            @if let Some(m) = message {
                p.error role="alert" { (m) }
            }
            form method="post" action="/login" {
                input type="hidden" name="_login" value=(token);
                input type="hidden" name="next" value=(next);
                p {
                    label for="name" { (tr.t("account-name")) }
                    input id="name" name="name" autocomplete="username" required maxlength="40" value=(name) autofocus;
                }
                p {
                    label for="password" { (tr.t("password")) }
                    input id="password" name="password" type="password" autocomplete="current-password" required maxlength="256";
                }
                p { button type="submit" { (tr.t("sign-in")) } }
            }
        }
    }
}

fn with_cookie(mut r: Response, cookie: &str) -> Response {
    if let Ok(v) = HeaderValue::from_str(cookie) {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    r
}

fn login_response(
    tr: Tr,
    headers: &HeaderMap,
    next: &str,
    name: &str,
    message: Option<&str>,
    status: StatusCode,
) -> Response {
    // Keep the token a browser already holds: a second tab (or a stray request redirected here)
    // must not invalidate the form on the first.
    let token = cookie(headers, LOGIN_COOKIE)
        .filter(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(str::to_string)
        .unwrap_or_else(|| auth::secret().unwrap_or_default());
    let body = login_form(tr, &token, next, name, message);
    with_cookie(
        page(tr, None, &tr.t("sign-in-title"), body, status),
        &format!("{LOGIN_COOKIE}={token}; Path=/login; HttpOnly; SameSite=Strict"),
    )
}

pub(crate) async fn login_page(headers: HeaderMap, Query(q): Query<LoginQuery>) -> Response {
    let tr = Tr::new(lang_of(&headers));
    let message = q.expired.as_ref().map(|_| tr.t("session-expired"));
    login_response(tr, &headers, local(q.next.as_deref()), "", message.as_deref(), StatusCode::OK)
}

/// The client's address, when the server was started with connection info.
pub(crate) struct ClientAddr(Option<std::net::SocketAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr(parts.extensions.get::<ConnectInfo<std::net::SocketAddr>>().map(|c| c.0)))
    }
}

#[derive(Deserialize)]
pub(crate) struct LoginForm {
    name: Option<String>,
    password: Option<String>,
    next: Option<String>,
    _login: Option<String>,
}

pub(crate) async fn login(
    Extract(state): Extract<State>,
    ClientAddr(connect): ClientAddr,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    let tr = Tr::new(lang_of(&headers));
    let next = local(form.next.as_deref()).to_string();
    let name = form.name.unwrap_or_default().trim().to_lowercase();
    let password = form.password.unwrap_or_default();
    let sent = form._login.unwrap_or_default();
    let expected = cookie(&headers, LOGIN_COOKIE).unwrap_or_default();
    if sent.is_empty() || expected.is_empty() || sent != expected {
        return login_response(tr, &headers, &next, &name, Some(&tr.t("csrf-failed")), StatusCode::FORBIDDEN);
    }
    if name.is_empty() || name.len() > 40 || password.is_empty() || password.len() > auth::MAX_PASSWORD {
        return login_response(tr, &headers, &next, "", Some(&tr.t("sign-in-wrong")), StatusCode::UNAUTHORIZED);
    }
    let client = state.throttle.source.client(connect, &headers);
    let keys = state.throttle.keys(&name, client);
    let client = client.map_or_else(|| "-".to_string(), |a| a.to_string());
    // The attempt is counted before the password is checked, so that attempts made at the same
    // moment share the limit; a success clears it.
    if let Err(wait) = state.throttle.attempt(&keys) {
        tracing::warn!(account = %name, client = %client, "sign-in throttled");
        let minutes = wait.div_ceil(60).to_string();
        return login_response(
            tr,
            &headers,
            &next,
            &name,
            Some(&tr.f("sign-in-throttled", &[("minutes", minutes)])),
            StatusCode::TOO_MANY_REQUESTS,
        );
    }
    let lookup = name.clone();
    let account = state.with_store(move |s| Ok(services::accounts::by_name(s, &lookup)?)).await;
    let account = match account {
        Ok(a) => a,
        Err(p) => return PageError::from_problem(p).render(tr, None),
    };
    let pw = password.clone();
    let hash = account.as_ref().map_or_else(|| auth::decoy_hash().to_string(), |a| a.password_hash.clone());
    let verified = tokio::task::spawn_blocking(move || auth::verify_password(&pw, &hash)).await.unwrap_or(false);
    let account = account.filter(|a| verified && a.disabled_at.is_none());
    let Some(account) = account else {
        tracing::warn!(account = %name, client = %client, "sign-in refused");
        return login_response(tr, &headers, &next, &name, Some(&tr.t("sign-in-wrong")), StatusCode::UNAUTHORIZED);
    };
    state.throttle.succeeded(&keys);
    let id = account.id;
    let when = (crate::clock::unix_secs() as i64, state.sessions);
    let started = state.with_store(move |s| Ok(services::accounts::start_session(s, id, when)?)).await;
    let Ok(cookie_value) = started else {
        return PageError::new(StatusCode::INTERNAL_SERVER_ERROR, "server-error").render(tr, None);
    };
    let r = Redirect::to(&next).into_response();
    let r = with_cookie(r, &format!("{SESSION_COOKIE}={cookie_value}; Path=/; HttpOnly; SameSite=Strict"));
    with_cookie(r, &format!("{LOGIN_COOKIE}=; Path=/login; Max-Age=0"))
}

#[derive(Deserialize)]
pub(crate) struct CsrfForm {
    _csrf: Option<String>,
}

pub(crate) async fn logout(At { state, v, at: () }: At<()>, headers: HeaderMap, Form(f): Form<CsrfForm>) -> Response {
    if let Err(e) = v.check_csrf(f._csrf.as_deref()) {
        return fail(&v, e);
    }
    if let Some(c) = cookie(&headers, SESSION_COOKIE).map(str::to_string) {
        let when = (crate::clock::unix_secs() as i64, state.sessions);
        state.with_store(move |s| Ok(services::accounts::end_session(s, &c, when)?)).await.ok();
    }
    with_cookie(Redirect::to("/login").into_response(), &format!("{SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly"))
}
