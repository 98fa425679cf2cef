//! The unit tree from the units a caller reaches, opened level by level, and the search by name.

use crate::web::At;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::{html, Markup};
use tinhgon_domain::access::Reach;
use tinhgon_domain::register::UnitVersion;
use tinhgon_domain::Date;
use tinhgon_domain::UnitCode;

use super::{date_param, kind_label, unit_link, DateQuery};
use crate::http::State;
use crate::services::register::{units, views};
use crate::web::html::url;
use crate::web::i18n::Tr;
use crate::web::{respond, PageError, Query, Viewer};

pub(crate) async fn units_page(At { state, v, at: () }: At<()>, Query(q): Query<DateQuery>) -> Response {
    respond(&v, units_inner(&state, &v, q).await)
}

async fn units_inner(state: &State, v: &Viewer, q: DateQuery) -> Result<Response, PageError> {
    let tr = v.tr;
    let at = date_param(q.at.as_deref())?;
    let text = q.q.unwrap_or_default();
    if text.chars().count() > 100 {
        return Err(PageError::new(StatusCode::BAD_REQUEST, "query-too-long"));
    }
    if v.caller.guard.account.role.reach() == Reach::OwnRecord {
        return Err(PageError::not_found());
    }
    let query = text.trim().to_string();
    let cx = v.caller.cx();
    let searching = !query.is_empty();
    let found = state
        .with_store(move |s| {
            if query.is_empty() {
                Ok(views::roots(s, &cx, at)?)
            } else {
                Ok(units::search(s, &cx, &query, at, 100)?)
            }
        })
        .await?;
    let body = html! {
        h1 { (tr.t("units-title")) }
        form.wide-search role="search" method="get" action="/units" {
            p {
                label for="q" { (tr.t("search-units")) }
                input id="q" name="q" type="search" value=(text) maxlength="100" placeholder=(tr.t("search-units-hint"));
                button type="submit" { (tr.t("search")) }
            }
        }
        @if !searching {
            h2 { (tr.t("unit-tree")) }
            (tree_list(tr, &found, at))
        } @else if found.is_empty() {
            p role="status" { (tr.f("no-units-found", &[("q", text.clone())])) }
        } @else {
            p role="status" { (tr.f("units-found", &[("n", tr.int(found.len() as i64))])) }
            ul.results {
                @for u in &found {
                    li {
                        (unit_link(u.code.as_str(), &u.name)) " "
                        span.code { (u.code.as_str()) } " "
                        span.kind { (kind_label(tr, u.kind)) }
                    }
                }
            }
        }
    };
    Ok(v.page(&tr.t("units-title"), body))
}

/// A list of units, each expandable to its sub-units (fetched when opened).
pub fn tree_list(tr: Tr, list: &[UnitVersion], at: Date) -> Markup {
    html! {
        @if list.is_empty() {
            p.muted { (tr.t("no-sub-units")) }
        } @else {
            ul.tree {
                @for u in list {
                    li {
                        button.toggle type="button" aria-expanded="false"
                            data-src={ "/units/" (url(u.code.as_str())) "/tree?at=" (at) }
                            aria-label=(tr.f("expand", &[("name", u.name.clone())])) { "▸" }
                        " " (unit_link(u.code.as_str(), &u.name)) " "
                        span.kind { (kind_label(tr, u.kind)) }
                    }
                }
            }
        }
    }
}

pub(crate) async fn tree_fragment(At { state, v, at: code }: At<UnitCode>, Query(q): Query<DateQuery>) -> Response {
    let run = async {
        let at = date_param(q.at.as_deref())?;
        let cx = v.caller.cx();
        let children = state.with_store(move |s| Ok(units::children(s, &cx, &code, at)?)).await?;
        Ok::<_, PageError>(tree_list(v.tr, &children, at))
    };
    let html_type = [(header::CONTENT_TYPE, "text/html; charset=utf-8")];
    match run.await {
        Ok(html) => (html_type, html.into_string()).into_response(),
        Err(e) => (e.status, html_type, html! { p.error { (v.tr.t(&e.message)) } }.into_string()).into_response(),
    }
}
