//! The web application: server-rendered pages in Vietnamese (English by a switch), served by the
//! same binary as the JSON API. Pages are plain HTML with a little script for the lazy unit tree
//! and the import progress bar; charts are SVG drawn on the server.
//!
//! Every handler gets a [`Viewer`] (the signed-in caller and their language) and asks the
//! caller's guard — the one authorization point — before it reads or writes.

mod chart;
pub(crate) mod forms;
pub mod html;
pub mod i18n;
pub(crate) mod pages;
pub(crate) mod plans;

use axum::extract::{ConnectInfo, FromRequestParts, State as Extract};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tinhgon_domain::access::{Action, Reach};

use crate::auth;
use crate::http::caller::{authenticate, cookie, csrf_ok, Caller, SESSION_COOKIE};
use crate::http::{Problem, State};
use crate::services;
use html::{esc, url};
use i18n::{Lang, Tr};

/// The cookie that keeps the chosen language.
pub const LANG_COOKIE: &str = "tinhgon_lang";
/// The double-submit cookie that protects the sign-in form.
const LOGIN_COOKIE: &str = "tinhgon_login";
/// The longest value any form field may carry.
pub const MAX_FIELD: usize = 500;

/// Any path the route table does not hold: the not-found page in the reader's frame.
pub(crate) async fn not_found_page(v: Viewer) -> Response {
    fail(&v, PageError::not_found())
}

/// A request the framework could not read (not a form, a malformed query string): a page in the
/// reader's language with the framework's status, instead of its plain English text.
pub(crate) fn unreadable(headers: &HeaderMap, status: StatusCode) -> Response {
    let e = PageError { status, message: "bad-request".into(), detail: None };
    e.render(Tr::new(lang_of(headers)), None)
}

/// A form body (`application/x-www-form-urlencoded`); anything else is refused by [`unreadable`].
pub struct Form<T>(pub T);

impl<T: serde::de::DeserializeOwned, S: Send + Sync> axum::extract::FromRequest<S> for Form<T> {
    type Rejection = Response;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Response> {
        let headers = req.headers().clone();
        match axum::Form::<T>::from_request(req, state).await {
            Ok(axum::Form(v)) => Ok(Form(v)),
            Err(e) => Err(unreadable(&headers, e.status())),
        }
    }
}

/// A query string; a malformed one is refused by [`unreadable`].
pub struct Query<T>(pub T);

impl<T: serde::de::DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Response> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(Query(v)),
            Err(e) => Err(unreadable(&parts.headers, e.status())),
        }
    }
}

/// The reader's language: the cookie, else Vietnamese.
pub fn lang_of(headers: &HeaderMap) -> Lang {
    cookie(headers, LANG_COOKIE).and_then(Lang::parse).unwrap_or(Lang::Vi)
}

/// A signed-in reader of a page.
pub struct Viewer {
    pub caller: Caller,
    pub tr: Tr,
}

impl Viewer {
    pub fn may(&self, action: Action) -> bool {
        self.caller.guard.may(action)
    }

    /// A page in the application's frame.
    pub fn page(&self, title: &str, body: &str) -> Response {
        page(self.tr, Some(&self.caller), title, body, StatusCode::OK)
    }

    /// Checks a posted form's CSRF token.
    pub fn check_csrf(&self, sent: Option<&str>) -> Result<(), PageError> {
        if csrf_ok(&self.caller, sent) {
            Ok(())
        } else {
            Err(PageError::new(StatusCode::FORBIDDEN, "csrf-failed"))
        }
    }
}

impl FromRequestParts<State> for Viewer {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &State) -> Result<Self, Self::Rejection> {
        let tr = Tr::new(lang_of(&parts.headers));
        match authenticate(state, &parts.headers).await {
            Ok(Some(caller)) => Ok(Viewer { caller, tr }),
            Ok(None) => {
                let expired = cookie(&parts.headers, SESSION_COOKIE).is_some();
                let next = parts.uri.path_and_query().map_or("/", |p| p.as_str());
                let to = format!("/login?next={}{}", url(next), if expired { "&expired=1" } else { "" });
                Err(Redirect::to(&to).into_response())
            }
            Err(p) => Err(PageError::from_problem(p).render(tr, None)),
        }
    }
}

/// An error shown as a page: a status and a catalog message.
#[derive(Debug)]
pub struct PageError {
    pub status: StatusCode,
    pub message: String,
    /// Already-translated detail (from a Problem), in Vietnamese and English.
    pub detail: Option<(String, String)>,
}

impl PageError {
    pub fn new(status: StatusCode, message: &str) -> PageError {
        PageError { status, message: message.to_string(), detail: None }
    }

    pub fn not_found() -> PageError {
        PageError::new(StatusCode::NOT_FOUND, "not-found")
    }

    pub fn from_problem(p: Problem) -> PageError {
        let status = StatusCode::from_u16(p.0.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let message = match status {
            StatusCode::NOT_FOUND => "not-found",
            StatusCode::FORBIDDEN => "forbidden",
            StatusCode::BAD_REQUEST | StatusCode::UNPROCESSABLE_ENTITY => "bad-request",
            _ => "server-error",
        };
        PageError { status, message: message.into(), detail: Some((p.0.detail.clone(), p.0.detail_en.clone())) }
    }

    pub fn render(&self, tr: Tr, caller: Option<&Caller>) -> Response {
        let detail = self
            .detail
            .as_ref()
            .map_or(String::new(), |(vi, en)| format!("<p>{}</p>", esc(if tr.lang == Lang::Vi { vi } else { en })));
        let body = format!(
            "<h1>{}</h1>{detail}<p><a href=\"/\">{}</a></p>",
            esc(&tr.t(&self.message)),
            esc(&tr.t("back-home"))
        );
        page(tr, caller, &tr.t(&self.message), &body, self.status)
    }
}

impl From<Problem> for PageError {
    fn from(p: Problem) -> Self {
        PageError::from_problem(p)
    }
}

/// Renders an error for a viewer.
pub fn fail(v: &Viewer, e: impl Into<PageError>) -> Response {
    e.into().render(v.tr, Some(&v.caller))
}

/// A handler's page, or its error in the viewer's frame.
pub fn respond(v: &Viewer, page: Result<Response, PageError>) -> Response {
    page.unwrap_or_else(|e| fail(v, e))
}

fn nav(tr: Tr, caller: &Caller) -> String {
    let g = &caller.guard;
    let mut links = Vec::new();
    if g.account.role.reach() != Reach::OwnRecord {
        links.push(format!("<a href=\"/units\">{}</a>", esc(&tr.t("nav-units"))));
        links.push(format!("<a href=\"/people\">{}</a>", esc(&tr.t("nav-people"))));
    }
    if let Some(p) = &g.account.person {
        links.push(format!("<a href=\"/people/{}\">{}</a>", esc(p), esc(&tr.t("nav-my-record"))));
    }
    if [Action::EditUnits, Action::EditMembers, Action::EditPositions].iter().any(|a| g.may(*a)) {
        links.push(format!("<a href=\"/import\">{}</a>", esc(&tr.t("nav-import"))));
    }
    if g.may(Action::ReadPlans) {
        links.push(format!("<a href=\"/plans\">{}</a>", esc(tr.label("Đề án sắp xếp", "Plans"))));
    }
    format!(
        "<nav aria-label=\"{}\">{}</nav><div class=\"who\"><span>{} · {}</span>\
         <form method=\"post\" action=\"/logout\"><input type=\"hidden\" name=\"_csrf\" value=\"{}\">\
         <button type=\"submit\" class=\"link\">{}</button></form></div>",
        esc(&tr.t("nav-main")),
        links.join(""),
        esc(&g.account.display_name),
        esc(tr.label(g.account.role.label_vi(), g.account.role.label_en())),
        esc(caller.csrf()),
        esc(&tr.t("sign-out"))
    )
}

/// The frame of every page.
pub fn page(tr: Tr, caller: Option<&Caller>, title: &str, body: &str, status: StatusCode) -> Response {
    let other = tr.lang.other();
    let search = match caller {
        Some(c) if c.guard.account.role.reach() != Reach::OwnRecord => format!(
            "<form role=\"search\" action=\"/units\" class=\"search\"><label for=\"top-q\" class=\"sr\">{}</label>\
             <input id=\"top-q\" name=\"q\" type=\"search\" maxlength=\"100\" placeholder=\"{}\"><button type=\"submit\">{}</button></form>",
            esc(&tr.t("search-units")),
            esc(&tr.t("search-units-hint")),
            esc(&tr.t("search"))
        ),
        _ => String::new(),
    };
    let nav = caller.map_or(String::new(), |c| nav(tr, c));
    let html = format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} — tinhgon</title><link rel=\"stylesheet\" href=\"/assets/app.css\">\
         <script src=\"/assets/app.js\" defer></script></head><body>\
         <a class=\"skip\" href=\"#main\">{skip}</a>\
         <header class=\"top\"><a class=\"brand\" href=\"/\">tinhgon</a>{search}{nav}\
         <a class=\"lang\" href=\"/lang/{other_code}\" lang=\"{other_code}\">{other_name}</a></header>\
         <main id=\"main\" tabindex=\"-1\">{body}</main>\
         <footer>{footer}</footer></body></html>",
        lang = tr.lang.code(),
        title = esc(title),
        skip = esc(&tr.t("skip-to-content")),
        other_code = other.code(),
        other_name = esc(&tr.t("switch-language")),
        footer = esc(&tr.t("footer")),
    );
    let mut r = (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response();
    let h = r.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'"),
    );
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    r
}

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

fn login_form(tr: Tr, token: &str, next: &str, name: &str, message: Option<&str>) -> String {
    let message = message.map_or(String::new(), |m| format!("<p class=\"error\" role=\"alert\">{}</p>", esc(m)));
    format!(
        "<div class=\"login\"><h1>{title}</h1><p>{intro}</p>{message}\
         <form method=\"post\" action=\"/login\">\
         <input type=\"hidden\" name=\"_login\" value=\"{token}\"><input type=\"hidden\" name=\"next\" value=\"{next}\">\
         <p><label for=\"name\">{name_label}</label><input id=\"name\" name=\"name\" autocomplete=\"username\" required maxlength=\"40\" value=\"{name}\" autofocus></p>\
         <p><label for=\"password\">{pw_label}</label><input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required maxlength=\"256\"></p>\
         <p><button type=\"submit\">{submit}</button></p></form></div>",
        title = esc(&tr.t("sign-in-title")),
        intro = esc(&tr.t("sign-in-intro")),
        token = esc(token),
        next = esc(next),
        name_label = esc(&tr.t("account-name")),
        name = esc(name),
        pw_label = esc(&tr.t("password")),
        submit = esc(&tr.t("sign-in")),
    )
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
        page(tr, None, &tr.t("sign-in-title"), &body, status),
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
    let mut keys = vec![format!("account:{name}")];
    if let Some(addr) = connect {
        keys.push(format!("ip:{}", addr.ip()));
    }
    // The attempt is counted before the password is checked, so that attempts made at the same
    // moment share the limit; a success clears it.
    if let Err(wait) = state.throttle.attempt(&keys) {
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
        let client = connect.map_or_else(|| "-".to_string(), |a| a.ip().to_string());
        tracing::info!(account = %name, client = %client, "sign-in refused");
        return login_response(tr, &headers, &next, &name, Some(&tr.t("sign-in-wrong")), StatusCode::UNAUTHORIZED);
    };
    state.throttle.succeeded(&keys);
    let id = account.id;
    let started = state
        .with_store(move |s| Ok(services::accounts::start_session(s, id, crate::clock::unix_secs() as i64)?))
        .await;
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

pub(crate) async fn logout(
    Extract(state): Extract<State>,
    v: Viewer,
    headers: HeaderMap,
    Form(f): Form<CsrfForm>,
) -> Response {
    if let Err(e) = v.check_csrf(f._csrf.as_deref()) {
        return fail(&v, e);
    }
    if let Some(c) = cookie(&headers, SESSION_COOKIE).map(str::to_string) {
        let when = (crate::clock::unix_secs() as i64, state.sessions);
        state.with_store(move |s| Ok(services::accounts::end_session(s, &c, when)?)).await.ok();
    }
    with_cookie(Redirect::to("/login").into_response(), &format!("{SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly"))
}
