//! The units applied plans left above their deputy cap, with the deadline (overdue marked).

use crate::web::At;
use axum::http::StatusCode;
use axum::response::Response;
use maud::html;
use tinhgon_domain::Date;

use super::refusal;
use crate::clock::today;
use crate::services::plans;
use crate::web::{respond, PageError, Query};

#[derive(serde::Deserialize)]
pub(crate) struct AtQuery {
    at: Option<String>,
}

pub(crate) async fn over_cap(At { state, v, at: () }: At<()>, Query(q): Query<AtQuery>) -> Response {
    let run = async {
        let tr = v.tr;
        let on = match q.at.as_deref().filter(|s| !s.is_empty()) {
            Some(t) => Date::parse(t)
                .ok()
                .ok_or_else(|| refusal("bad-date-value", &[("value", t.to_string())], StatusCode::BAD_REQUEST))?,
            None => today(),
        };
        let cx = v.caller.cx();
        let list: Vec<_> = state
            .with_store(move |s| Ok(plans::over_cap(s, &cx, on)?))
            .await?
            .into_iter()
            .filter(|o| o.deputies_now > o.cap)
            .collect();
        let body = html! {
            h1 { (tr.t("over-cap-title")) }
            p.lead { (tr.t("over-cap-intro")) }
            form method="get" action="/plans/over-cap" {
                label for="at" { (tr.t("over-cap-on")) } " "
                input id="at" name="at" type="date" value=(on);
                " " button type="submit" { (tr.t("show")) }
            }
            div.scroll {
                table {
                    caption { (tr.f("over-cap-count", &[("n", tr.int(list.len() as i64))])) }
                    thead { tr {
                        @for k in ["plan-col-unit", "over-cap-now", "plan-col-cap", "plan-col-deadline", "over-cap-plan"] { th scope="col" { (tr.t(k)) } }
                    } }
                    tbody {
                        @for o in &list {
                            tr {
                                td { a href={ "/units/" (o.unit.as_str()) } { (o.unit.as_str()) } " " (o.name) }
                                td.num { (o.deputies_now) }
                                td.num { (o.cap) }
                                td { (tr.date(o.deadline)) @if o.deadline < on { " " strong { (tr.t("over-cap-overdue")) } } }
                                td { a href={ "/plans/" (o.plan) } { (o.plan) } }
                            }
                        }
                    }
                }
            }
        };
        Ok::<_, PageError>(v.page(&tr.t("over-cap-title"), body))
    };
    respond(&v, run.await)
}
