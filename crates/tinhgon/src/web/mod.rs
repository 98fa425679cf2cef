//! The web application: server-rendered pages in Vietnamese (English by a switch), served by the
//! same binary as the JSON API. Pages are plain HTML with a little script for the lazy unit tree
//! and the import progress bar; charts are SVG drawn on the server.
//!
//! Every handler gets a [`Viewer`] (the signed-in caller and their language), calls one service
//! operation with the caller's context, and renders its answer from compile-checked templates
//! (maud), which escape every value; every sentence comes from the Fluent catalogs.

mod chart;
pub(crate) mod directives;
pub(crate) mod forms;
pub mod html;
pub use crate::i18n;
mod layout;
pub(crate) mod party;
pub(crate) mod people;
pub(crate) mod plans;
mod signin;
pub(crate) mod units;

pub(crate) use signin::{css, home, js, login, login_page, logout, set_lang};

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use tinhgon_domain::access::Action;

use crate::http::caller::{authenticate, cookie, csrf_ok, Caller, SESSION_COOKIE};
use crate::http::{Problem, State};
use html::url;
use i18n::{Lang, Tr};
pub use layout::page;

/// The cookie that keeps the chosen language.
pub const LANG_COOKIE: &str = "tinhgon_lang";
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
    pub fn page(&self, title: &str, body: Markup) -> Response {
        page(self.tr, Some(&self.caller), title, body, StatusCode::OK)
    }

    /// A page with a form: 422 when it is shown again with the form's errors, 200 otherwise.
    pub fn form_page(&self, title: &str, body: Markup, errors: &[crate::services::RowError]) -> Response {
        let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
        page(self.tr, Some(&self.caller), title, body, status)
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

/// What a page's handler starts from: the application, the signed-in reader and the values of
/// the path (`()` where it has none). A path that does not read (a malformed code or number) is a page that is not there.
pub(crate) struct At<P> {
    pub state: State,
    pub v: Viewer,
    pub at: P,
}

impl<P: serde::de::DeserializeOwned + Send> FromRequestParts<State> for At<P> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &State) -> Result<Self, Self::Rejection> {
        let v = Viewer::from_request_parts(parts, state).await?;
        match axum::extract::Path::<P>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(at)) => Ok(At { state: state.clone(), v, at }),
            // A route without values in its path gives `At<()>`.
            Err(axum::extract::rejection::PathRejection::MissingPathParams(_)) => {
                match P::deserialize(serde::de::value::UnitDeserializer::<serde::de::value::Error>::new()) {
                    Ok(at) => Ok(At { state: state.clone(), v, at }),
                    Err(_) => Err(fail(&v, PageError::not_found())),
                }
            }
            Err(_) => Err(fail(&v, PageError::not_found())),
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
        let title = tr.t(&self.message);
        let body = html! {
            h1 { (title) }
            @if let Some((vi, en)) = &self.detail {
                p { (if tr.lang == Lang::Vi { vi } else { en }) }
            }
            p { a href="/" { (tr.t("back-home")) } }
        };
        page(tr, caller, &title, body, self.status)
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
