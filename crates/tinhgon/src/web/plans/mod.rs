//! Restructuring plans in the browser: the list, a draft's particulars and operations edited as
//! text, the simulation of a plan (what it changes and which rules it breaks), the apply and
//! revert buttons for those with the right, the units still above their deputy caps, and the
//! rules plans are judged by (edited by the administrator).

pub(crate) mod edit;
pub(crate) mod over_cap;
pub(crate) mod rules;
pub(crate) mod show;

use crate::web::At;
use std::collections::HashMap;

use axum::http::StatusCode;
use axum::response::Response;
use maud::html;
use tinhgon_domain::access::Action;

use super::i18n::{Lang, Tr};
use super::{respond, PageError};
use crate::http::Problem;
use crate::services::plans::{self, PlanStatus};
use crate::services::Error;

pub(crate) use edit::{create, edit, edit_page, new_page};
pub(crate) use over_cap::over_cap;
pub(crate) use rules::{rules_page, set_rule};
pub(crate) use show::{apply, revert, show};

pub(crate) type Fields = HashMap<String, String>;

/// A message of the service, in the viewer's language.
fn said<'a>(tr: Tr, vi: &'a str, en: &'a str) -> &'a str {
    if tr.lang == Lang::Vi {
        vi
    } else {
        en
    }
}

fn problem(vi: String, en: String, status: StatusCode) -> PageError {
    PageError::from_problem(Problem::new(status, vi, en))
}

/// A page error worded from the catalogs in both languages.
fn refusal(id: &str, args: &[(&str, String)], status: StatusCode) -> PageError {
    problem(Tr::new(Lang::Vi).f(id, args), Tr::new(Lang::En).f(id, args), status)
}

/// A refusal of the services as a page.
fn refused(e: Error) -> PageError {
    PageError::from_problem(e.into())
}

fn status_label(tr: Tr, s: PlanStatus) -> String {
    tr.label(s)
}

pub(crate) async fn list(At { state, v, at: () }: At<()>) -> Response {
    let run = async {
        let cx = v.caller.cx();
        let lines = state.with_store(move |s| Ok(plans::list(s, &cx)?)).await?;
        let tr = v.tr;
        let body = html! {
            h1 { (tr.t("plans-title")) }
            p.lead { (tr.t("plans-intro")) }
            @if v.may(Action::ApplyPlans) { p { a.button href="/plans/new" { (tr.t("plans-new")) } } }
            @if lines.is_empty() {
                p { (tr.t("plans-none")) }
            } @else {
                div.scroll {
                    table {
                        caption { (tr.t("plans-caption")) }
                        thead { tr {
                            @for k in ["plan-col-no", "plan-col-name", "plan-col-status", "plan-col-basis", "plan-col-effective", "plan-col-ops"] {
                                th scope="col" { (tr.t(k)) }
                            }
                        } }
                        tbody {
                            @for l in &lines {
                                tr {
                                    td { a href={ "/plans/" (l.id) } { (l.id) } }
                                    td { a href={ "/plans/" (l.id) } { (l.name) } }
                                    td { (status_label(tr, l.status)) }
                                    td { (l.decision.number.to_string()) ", " (tr.date(l.decision.date)) }
                                    td { (tr.date(l.effective)) }
                                    td.num { (tr.int(l.ops)) }
                                }
                            }
                        }
                    }
                }
            }
            p {
                a href="/plans/over-cap" { (tr.t("plans-over-cap-link")) }
                " · "
                a href="/rules" { (tr.t("plans-rules-link")) }
            }
        };
        Ok::<_, PageError>(v.page(&tr.t("plans-title"), body))
    };
    respond(&v, run.await)
}
