//! The unit pages — the tree and its search, a unit's page, its dashboard, its lists as files —
//! and the partials they share.

pub(crate) mod dashboard;
pub(crate) mod exports;
pub(crate) mod page;
pub(crate) mod party_work;
pub(crate) mod tree;

use maud::{html, Markup};
use serde::Deserialize;
use tinhgon_domain::catalog::{StaffCategory, UnitKind};
use tinhgon_domain::{Date, Decision, UnitCode};

use super::html::url;
use super::i18n::Tr;
use super::PageError;
use crate::clock::today;

/// Members shown per page of a unit.
pub const PAGE: usize = 50;

#[derive(Deserialize, Default)]
pub struct DateQuery {
    pub(crate) at: Option<String>,
    pub(crate) compare: Option<String>,
    pub(crate) page: Option<String>,
    pub(crate) q: Option<String>,
    /// Set by a form after a successful write, to say so.
    pub(crate) saved: Option<String>,
}

/// The notice a page shows after a form saved a change.
pub fn saved_notice(tr: Tr, saved: Option<&str>) -> Markup {
    html! {
        @if saved.is_some() { p.notice.saved role="status" { (tr.t("saved")) } }
    }
}

/// A link to the form ending a position, for those who may use it.
pub fn end_position_link(tr: Tr, unit: &str, person: &str, title: &str) -> Markup {
    let href = format!("/units/{}/positions/end?person={}&title={}", url(unit), url(person), url(title));
    html! { a href=(href) { (tr.t("end")) } }
}

/// A date from a query parameter (today when absent), or a 400 page.
pub fn date_param(value: Option<&str>) -> Result<Date, PageError> {
    match value.map(str::trim) {
        None | Some("") => Ok(today()),
        Some(t) => Date::parse(t).map_err(|e| PageError {
            status: axum::http::StatusCode::BAD_REQUEST,
            message: "bad-date".into(),
            detail: Some((crate::i18n::vi(&e), crate::i18n::en(&e))),
        }),
    }
}

pub fn unit_code(code: &str) -> Result<UnitCode, PageError> {
    UnitCode::parse(code).map_err(|_| PageError::not_found())
}

pub fn unit_link(code: &str, name: &str) -> Markup {
    html! { a href={ "/units/" (url(code)) } { (name) } }
}

pub fn person_link(code: &str, name: &str) -> Markup {
    html! { a href={ "/people/" (url(code)) } { (name) } }
}

pub fn decision_text(tr: Tr, d: Option<&Decision>) -> String {
    d.map_or(String::new(), |d| tr.f("decision-of", &[("no", d.number.to_string()), ("date", tr.date(d.date))]))
}

pub fn validity_text(tr: Tr, from: Date, to: Option<Date>) -> String {
    match to {
        Some(t) => tr.f("valid-from-to", &[("from", tr.date(from)), ("to", tr.date(t))]),
        None => tr.f("valid-from", &[("from", tr.date(from))]),
    }
}

pub fn kind_label(tr: Tr, k: UnitKind) -> String {
    tr.label(k)
}

/// The date picker of a page; a dashboard also asks for the date to compare with.
pub fn date_form(tr: Tr, action: &str, at: Date, compare: Option<Option<Date>>) -> Markup {
    html! {
        form.dates method="get" action=(action) {
            p {
                label for="at" { (tr.t("as-of")) }
                input id="at" name="at" value=(at.vn()) inputmode="numeric" maxlength="10" placeholder="dd/mm/yyyy";
            }
            @if let Some(other) = compare {
                p {
                    label for="compare" { (tr.t("compare-with")) }
                    input id="compare" name="compare" value=(other.map(Date::vn).unwrap_or_default()) inputmode="numeric" maxlength="10" placeholder="dd/mm/yyyy";
                }
            }
            p { button type="submit" { (tr.t("show")) } }
        }
    }
}

pub fn category_label(tr: Tr, code: &str) -> String {
    if code == tinhgon_domain::stats::UNCLASSIFIED_CODE {
        return tr.t("category-unclassified");
    }
    StaffCategory::parse(code).map_or("—".into(), |c| tr.label(c).to_string())
}

/// A difference, green when it rises and red when it falls.
pub fn delta_cell(tr: Tr, n: i64) -> Markup {
    let class = match n {
        0 => "delta zero",
        n if n > 0 => "delta up",
        _ => "delta down",
    };
    html! { span class=(class) { (tr.delta(n)) } }
}
