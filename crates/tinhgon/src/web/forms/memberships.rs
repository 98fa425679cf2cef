//! Forms that record a membership period and end one, with or without leaving the rolls.

use crate::web::At;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use tinhgon_domain::access::Action;
use tinhgon_domain::catalog::MemberStatus;

use super::{
    end_and_decision, end_fields, field, form, form_page, open_person_form, open_person_form_for, options, precheck,
    record_on, write_form, Field, Fields, Input, Recorder,
};
use crate::clock::today;
use crate::http::State;
use crate::services::register::{members, About};
use crate::services::{FileKind, RowError};
use crate::web::html::url;
use crate::web::i18n::Tr;
use crate::web::{fail, respond, Form, PageError, Viewer};

fn membership_fields(tr: Tr) -> Vec<Field> {
    vec![
        field("unit", "f-cell", Input::Text, true),
        field("status", "f-status", options(MemberStatus::ALL, MemberStatus::code, |k| tr.label(k), false), true),
        field("admitted_on", "f-admitted", Input::Date, true),
        field("recognized_on", "f-recognized", Input::Date, false),
        field("valid_from", "f-valid-from", Input::Date, false),
        field("decision_no", "f-decision-no", Input::Text, true),
        field("decision_date", "f-decision-date", Input::Date, true),
    ]
}

/// Recording a membership needs the person in reach, unless they belong to no unit yet (a person
/// just added): then the cell named in the form decides.
async fn open_membership_form(state: &State, v: &Viewer, code: &str) -> Result<(), PageError> {
    open_person_form_for(state, v, code, Action::EditMembers, true).await
}

pub(crate) async fn membership_page(At { state, v, at: code }: At<String>) -> Response {
    if let Err(e) = open_membership_form(&state, &v, &code).await {
        return fail(&v, e);
    }
    membership_form(&v, &code, &Fields::new(), &[], StatusCode::OK)
}

fn membership_form(v: &Viewer, code: &str, values: &Fields, errors: &[RowError], status: StatusCode) -> Response {
    let tr = v.tr;
    let action = format!("/people/{}/memberships/new", url(code));
    let html = form(tr, &action, v.caller.csrf(), &membership_fields(tr), values, errors, "save");
    form_page(v, &tr.t("record-membership"), html! { (code) }, html, status)
}

pub(crate) async fn membership(At { state, v, at: code }: At<String>, Form(mut values): Form<Fields>) -> Response {
    let run = async {
        let tr = v.tr;
        let fields = membership_fields(tr);
        let pre = precheck(&v, &values, &fields)?;
        values.insert("person".into(), code.clone());
        let on = (About::Person(code.clone(), true), Action::EditMembers);
        let recorder: Recorder<_> = (members::parse, members::create);
        let errors = match record_on(&state, &v, on, (&values, pre), FileKind::Members, recorder).await? {
            Ok(()) => return Ok(Redirect::to(&format!("/people/{}?saved=1", url(&code))).into_response()),
            Err(e) => e,
        };
        Ok::<_, PageError>(membership_form(&v, &code, &values, &errors, StatusCode::UNPROCESSABLE_ENTITY))
    };
    respond(&v, run.await)
}

fn end_membership_fields(tr: Tr) -> Vec<Field> {
    let mut reasons = vec![("", tr.t("reason-moved"))];
    reasons.extend(MemberStatus::ALL.iter().filter(|s| s.has_left()).map(|s| (s.code(), tr.label(s).to_string())));
    let mut f = end_fields();
    f.insert(1, field("reason", "f-reason", Input::Select(reasons), false));
    f
}

fn end_membership_form(
    v: &Viewer,
    code: &str,
    current: Option<&members::MembershipLine>,
    values: &Fields,
    errors: &[RowError],
    status: StatusCode,
) -> Response {
    let tr = v.tr;
    let intro = html! {
        (tr.t("end-membership-intro"))
        @if let Some(m) = current {
            br;
            span.notice {
                (tr.f(
                    "current-membership",
                    &[
                        ("status", tr.label(m.status).to_string()),
                        ("unit", format!("{} ({})", m.unit_name, m.unit)),
                        ("from", tr.date(m.validity.from)),
                    ],
                ))
            }
        }
    };
    let html = form(
        tr,
        &format!("/people/{}/memberships/end", url(code)),
        v.caller.csrf(),
        &end_membership_fields(tr),
        values,
        errors,
        "end-membership",
    );
    form_page(v, &tr.t("end-membership"), intro, html, status)
}

pub(crate) async fn end_membership_page(At { state, v, at: code }: At<String>) -> Response {
    let run = async {
        open_person_form(&state, &v, &code, Action::EditMembers).await?;
        let (cx, c2) = (v.caller.cx(), code.clone());
        let current = state.with_store(move |s| Ok(members::current(s, &cx, &c2, today())?)).await?;
        Ok::<_, PageError>(end_membership_form(&v, &code, current.as_ref(), &Fields::new(), &[], StatusCode::OK))
    };
    respond(&v, run.await)
}

pub(crate) async fn end_membership(At { state, v, at: code }: At<String>, Form(values): Form<Fields>) -> Response {
    let run = async {
        let mut errors = precheck(&v, &values, &end_membership_fields(v.tr))?;
        let reason = match values.get("reason").map(|r| r.trim()).unwrap_or("") {
            "" => Ok(None),
            r => MemberStatus::parse(r).map(Some).map_err(|e| {
                errors.push(RowError::said(1, "reason", tinhgon_domain::msg::Said::msg(&e)));
            }),
        };
        let read = match (end_and_decision(&values, &mut errors), reason) {
            (Some((day, decision)), Ok(reason)) if errors.is_empty() => Ok((day, reason, decision)),
            _ => Err(errors),
        };
        let (c2, on) = (code.clone(), (About::Person(code.clone(), false), Action::EditMembers));
        let errors = match write_form(&state, &v, on, read, move |s, cx, (day, reason, decision)| {
            members::end(s, cx, &c2, day, reason, &decision)
        })
        .await?
        {
            Ok(()) => return Ok(Redirect::to(&format!("/people/{}?saved=1", url(&code))).into_response()),
            Err(e) => e,
        };
        let (cx, c2) = (v.caller.cx(), code.clone());
        let current = state.with_store(move |s| Ok(members::current(s, &cx, &c2, today())?)).await?;
        Ok::<_, PageError>(end_membership_form(
            &v,
            &code,
            current.as_ref(),
            &values,
            &errors,
            StatusCode::UNPROCESSABLE_ENTITY,
        ))
    };
    respond(&v, run.await)
}
