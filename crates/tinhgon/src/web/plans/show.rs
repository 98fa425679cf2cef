//! A plan's page: its particulars, its simulation (units by kind before and after, moves, coverage,
//! deputies above cap, rules broken with their operation), its staffing cut once applied, and the
//! apply and revert buttons for those who restructure.

use crate::web::At;
use axum::extract::{Path, State as Extract};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use tinhgon_domain::access::Action;
use tinhgon_domain::plan::{Outcome, Plan};
use tinhgon_domain::text::{format_delta, format_percent};
use tinhgon_domain::UnitCode;

use super::{problem, said, status_label, Fields};
use crate::clock::today;
use crate::http::State;
use crate::services::plans::{self, PlanFailure, PlanStatus, StoredPlan};
use crate::services::Error;
use crate::web::i18n::Tr;
use crate::web::{respond, Form, PageError, Query, Viewer};

#[derive(serde::Deserialize)]
pub(crate) struct Done {
    done: Option<String>,
}

pub(crate) async fn show(At { state, v, at: id }: At<i64>, Query(q): Query<Done>) -> Response {
    let run = async {
        let cx = v.caller.cx();
        let plans::PlanView { plan: p, cut, outcome } =
            state.with_store(move |s| Ok(plans::view(s, &cx, id, today().year())?)).await?;
        let tr = v.tr;
        let plan = &p.plan;
        let done = match q.done.as_deref() {
            Some("applied") => Some(tr.t("plan-done-applied")),
            Some("reverted") => Some(tr.t("plan-done-reverted")),
            _ => None,
        };
        let body = html! {
            h1 { (plan.name) }
            @if let Some(text) = done { p.ok role="status" { (text) } }
            dl.facts {
                dt { (tr.t("plan-col-status")) } dd { (status_label(tr, p.status)) }
                dt { (tr.t("plan-col-basis")) } dd { (plan.decision.number.to_string()) ", " (tr.date(plan.decision.date)) }
                dt { (tr.t("plan-col-effective")) } dd { (tr.date(plan.effective)) }
                dt { (tr.t("plan-surplus-within")) } dd { (tr.f("plan-years", &[("n", plan.surplus_years.to_string())])) }
            }
            (buttons(&v, &p))
            @if let Some(cut) = &cut {
                @let (vi, en) = plans::cut_sentence(cut);
                p.lead { (said(tr, &vi, &en)) "." }
            }
            @match &outcome {
                Ok(o) => (report(tr, o)),
                Err(f) => {
                    @let (vi, en) = f.messages();
                    div.error role="alert" { p { (tr.t("plan-cannot-simulate")) } pre { (said(tr, &vi, &en)) } }
                }
            }
            (ops_list(tr, plan))
        };
        Ok::<_, PageError>(v.page(&plan.name, body))
    };
    respond(&v, run.await)
}

fn buttons(v: &Viewer, p: &StoredPlan) -> Markup {
    if !v.may(Action::ApplyPlans) {
        return html! {};
    }
    let tr = v.tr;
    let form = |path: &str, label: String, confirm: String| {
        html! {
            form.inline method="post" action={ "/plans/" (p.id) "/" (path) } {
                input type="hidden" name="_csrf" value=(v.caller.csrf());
                button type="submit" data-confirm=(confirm) { (label) }
            }
        }
    };
    html! {
        div.actions {
            @if p.status == PlanStatus::Applied {
                (form("revert", tr.t("plan-revert"), tr.t("plan-revert-confirm")))
            } @else {
                a.button href={ "/plans/" (p.id) "/edit" } { (tr.t("plan-edit")) }
                " "
                (form("apply", tr.t("plan-apply"), tr.t("plan-apply-confirm")))
            }
        }
    }
}

/// The simulation: what the plan changes, and which rules the result breaks.
fn report(tr: Tr, o: &Outcome) -> Markup {
    let r = &o.report;
    let facts: [(&str, String); 7] = [
        ("plan-established", tr.int(i64::from(r.established))),
        ("plan-ended", tr.int(i64::from(r.ended))),
        ("plan-changed", tr.int(i64::from(r.changed))),
        ("plan-members-moved", tr.int(i64::from(r.members_moved))),
        ("plan-staff-moved", tr.int(i64::from(r.staff_moved))),
        ("plan-positions-abolished", tr.int(i64::from(r.positions_abolished))),
        ("plan-active-members", format!("{} → {}", tr.int(r.members.0 as i64), tr.int(r.members.1 as i64))),
    ];
    let share = |(held, of): (u32, u32)| {
        format!("{held}/{of} = {}", format_percent(i64::from(held), i64::from(of)).unwrap_or_else(|| "—".into()))
    };
    let over: Vec<_> = r.staffing.iter().filter(|s| s.quota.is_some_and(|q| s.after > q)).collect();
    html! {
        h2 { (tr.t("plan-simulation")) }
        div.scroll {
            table {
                caption { (tr.t("plan-units-by-kind")) }
                thead { tr { @for k in ["plan-col-kind", "plan-col-before", "plan-col-after", "plan-col-change"] { th scope="col" { (tr.t(k)) } } } }
                tbody {
                    @for k in r.by_kind.iter().filter(|k| k.before != k.after) {
                        tr {
                            th scope="row" { (tr.label(k.kind)) }
                            td.num { (tr.int(i64::from(k.before))) }
                            td.num { (tr.int(i64::from(k.after))) }
                            td.num { (format_delta(i64::from(k.after) - i64::from(k.before))) }
                        }
                    }
                }
            }
        }
        dl.facts { @for (key, value) in &facts { dt { (tr.t(key)) } dd { (value) } } }
        @for c in &r.coverage {
            p { (tr.t("plan-secretary-chairs")) " (" (tr.label(c.kind)) "): " (share(c.before)) " → " (share(c.after)) }
        }
        @if !r.surplus.is_empty() {
            h3 { (tr.f("plan-surplus", &[("n", tr.int(r.surplus.len() as i64))])) }
            div.scroll {
                table {
                    thead { tr { @for k in ["plan-col-unit", "plan-col-deputies", "plan-col-cap", "plan-col-deadline"] { th scope="col" { (tr.t(k)) } } } }
                    tbody {
                        @for s in r.surplus.iter().take(200) {
                            tr { td { (s.unit.as_str()) " " (s.name) } td.num { (s.deputies) } td.num { (s.cap) } td { (tr.date(s.deadline)) } }
                        }
                    }
                }
            }
        }
        @if !over.is_empty() {
            h3 { (tr.f("plan-above-quota", &[("n", tr.int(over.len() as i64))])) }
            ul { @for s in over.iter().take(200) { li { (s.unit.as_str()) " " (s.name) ": " (s.after) " / " (s.quota.unwrap_or(0)) } } }
        }
        h3 { (tr.t("plan-rules-broken")) }
        @if o.findings.is_empty() {
            p.ok { (tr.t("plan-no-rule-broken")) }
        } @else {
            ul.findings {
                @for f in o.findings.iter().take(500) {
                    li {
                        (tr.t("plan-operation")) " " (f.op.map_or_else(|| "—".to_string(), |o| (o + 1).to_string())) ": "
                        (f.unit.as_str()) " " (f.name) " — " (tr.msg(&tinhgon_domain::msg::Said::msg(&f.breach)))
                        @if f.breach.blocking() { " " strong { "(" (tr.t("plan-blocks")) ")" } }
                    }
                }
            }
        }
        p { (tr.f("plan-rows-to-write", &[("n", tr.int(o.changes.size() as i64))])) }
    }
}

fn ops_list(tr: Tr, plan: &Plan) -> Markup {
    html! {
        h2 { (tr.f("plan-operations", &[("n", tr.int(plan.ops.len() as i64))])) }
        ol.ops {
            @for op in plan.ops.iter().take(300) {
                @let units: Vec<&str> = op.units().into_iter().map(UnitCode::as_str).collect();
                li { (tr.t(op.key())) ": " (units.join(", ")) }
            }
        }
        @if plan.ops.len() > 300 { p { (tr.t("plan-more-ops")) } }
    }
}

fn failure_page(f: &PlanFailure) -> PageError {
    let (vi, en) = f.messages();
    let status = match f {
        PlanFailure::NotFound(_) => StatusCode::NOT_FOUND,
        PlanFailure::Status { .. } => StatusCode::CONFLICT,
        PlanFailure::Store(_) => StatusCode::INTERNAL_SERVER_ERROR,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    problem(vi, en, status)
}

/// What a button asks of a plan.
#[derive(Clone, Copy)]
enum Step {
    Apply,
    Revert,
}

pub(crate) async fn apply(state: Extract<State>, v: Viewer, id: Path<i64>, f: Form<Fields>) -> Response {
    step(state, v, id, f, Step::Apply).await
}

pub(crate) async fn revert(state: Extract<State>, v: Viewer, id: Path<i64>, f: Form<Fields>) -> Response {
    step(state, v, id, f, Step::Revert).await
}

/// Applies or reverts a plan in reach, then shows it again.
async fn step(
    Extract(state): Extract<State>,
    v: Viewer,
    Path(id): Path<i64>,
    Form(f): Form<Fields>,
    what: Step,
) -> Response {
    let run = async {
        v.check_csrf(f.get("_csrf").map(String::as_str))?;
        let cx = v.caller.cx();
        let outcome = state
            .with_store(move |s| {
                Ok(match what {
                    Step::Apply => plans::apply(s, &cx, id, &mut |_| {}).map(|_| "applied"),
                    Step::Revert => plans::revert(s, &cx, id, &mut |_| {}).map(|_| "reverted"),
                })
            })
            .await?;
        match outcome {
            Ok(done) => Ok(Redirect::to(&format!("/plans/{id}?done={done}")).into_response()),
            Err(Error::Plan(f)) => Err(failure_page(&f)),
            Err(e) => Err(PageError::from_problem(e.into())),
        }
    };
    respond(&v, run.await)
}
