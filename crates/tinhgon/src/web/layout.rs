//! The frame of every page: the header with the search and the navigation of the reader's role,
//! the language switch, the footer — and the headers a page carries.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::{html, Markup, DOCTYPE};
use tinhgon_domain::access::{Action, Reach};

use super::i18n::Tr;
use crate::http::Caller;

fn nav(tr: Tr, caller: &Caller) -> Markup {
    let g = &caller.guard;
    let browses = g.account.role.reach() != Reach::OwnRecord;
    let imports =
        [Action::EditUnits, Action::EditMembers, Action::EditPositions, Action::EditPeople].iter().any(|a| g.may(*a));
    html! {
        nav aria-label=(tr.t("nav-main")) {
            @if browses {
                a href="/units" { (tr.t("nav-units")) }
                a href="/people" { (tr.t("nav-people")) }
                a href="/admissions" { (tr.t("nav-admissions")) }
                a href="/transfers" { (tr.t("nav-transfers")) }
            }
            @if let Some(p) = &g.account.person {
                a href={ "/people/" (p) } { (tr.t("nav-my-record")) }
            }
            @if imports {
                a href="/import" { (tr.t("nav-import")) }
            }
            @if g.may(Action::ReadPlans) {
                a href="/plans" { (tr.t("nav-plans")) }
            }
            @if g.may(Action::ReadCases) {
                a href="/cases" { (tr.t("nav-cases")) }
            }
        }
        div.who {
            span { (g.account.display_name) " · " (tr.label(g.account.role)) }
            form method="post" action="/logout" {
                input type="hidden" name="_csrf" value=(caller.csrf());
                button type="submit" class="link" { (tr.t("sign-out")) }
            }
        }
    }
}

/// The frame of every page, around `body`.
pub fn page(tr: Tr, caller: Option<&Caller>, title: &str, body: Markup, status: StatusCode) -> Response {
    let other = tr.lang.other();
    let browses = caller.is_some_and(|c| c.guard.account.role.reach() != Reach::OwnRecord);
    let markup = html! {
        (DOCTYPE)
        html lang=(tr.lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " — tinhgon" }
                link rel="stylesheet" href="/assets/app.css";
                script src="/assets/app.js" defer {}
            }
            body {
                a.skip href="#main" { (tr.t("skip-to-content")) }
                header.top {
                    a.brand href="/" { "tinhgon" }
                    @if browses {
                        form role="search" action="/units" class="search" {
                            label for="top-q" class="sr" { (tr.t("search-units")) }
                            input id="top-q" name="q" type="search" maxlength="100" placeholder=(tr.t("search-units-hint"));
                            button type="submit" { (tr.t("search")) }
                        }
                    }
                    @if let Some(c) = caller { (nav(tr, c)) }
                    a.lang href={ "/lang/" (other.code()) } lang=(other.code()) { (tr.t("switch-language")) }
                }
                main id="main" tabindex="-1" { (body) }
                footer { (tr.t("footer")) }
            }
        }
    };
    let mut r = (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], markup.into_string()).into_response();
    let h = r.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'"),
    );
    r
}
