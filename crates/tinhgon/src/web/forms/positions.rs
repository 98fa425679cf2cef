//! Forms that appoint people to positions and end their terms.

use crate::web::At;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use tinhgon_domain::access::Action;
use tinhgon_domain::catalog::Rank;
use tinhgon_domain::UnitCode;

use super::{
    end_and_decision, end_fields, field, form, form_page, open_unit_form, options, precheck, record_on, write_form,
    Field, Fields, Input, Recorder,
};
use crate::services::register::{positions, About};
use crate::services::{FileKind, RowError};
use crate::web::html::url;
use crate::web::i18n::Tr;
use crate::web::{respond, Form, PageError, Query, Viewer};

fn position_fields(tr: Tr) -> Vec<Field> {
    vec![
        field("person", "f-person", Input::Text, true),
        field("title", "f-title", Input::Text, true),
        field("rank", "f-rank", options(Rank::ALL, Rank::code, |k| tr.label(k), false), true),
        field("primary", "f-primary", Input::Select(vec![("1", tr.t("yes")), ("0", tr.t("no"))]), true),
        field("valid_from", "f-valid-from", Input::Date, true),
        field("decision_no", "f-decision-no", Input::Text, true),
        field("decision_date", "f-decision-date", Input::Date, true),
    ]
}

fn appoint_form(v: &Viewer, code: &str, values: &Fields, errors: &[RowError], status: StatusCode) -> Response {
    let tr = v.tr;
    let action = format!("/units/{}/positions/new", url(code));
    let html = form(tr, &action, v.caller.csrf(), &position_fields(tr), values, errors, "save");
    form_page(v, &tr.t("appoint"), html! { (code) }, html, status)
}

pub(crate) async fn appoint_page(At { state, v, at: code }: At<UnitCode>) -> Response {
    let run = async {
        open_unit_form(&state, &v, &code, Action::EditPositions).await?;
        Ok::<_, PageError>(appoint_form(&v, code.as_str(), &Fields::new(), &[], StatusCode::OK))
    };
    respond(&v, run.await)
}

pub(crate) async fn appoint(At { state, v, at: code }: At<UnitCode>, Form(mut values): Form<Fields>) -> Response {
    let run = async {
        let tr = v.tr;
        let fields = position_fields(tr);
        let pre = precheck(&v, &values, &fields)?;
        values.insert("unit".into(), code.to_string());
        let on = (About::Unit(code.clone()), Action::EditPositions);
        let recorder: Recorder<_> = (positions::parse, positions::create);
        let errors = match record_on(&state, &v, on, (&values, pre), FileKind::Positions, recorder).await? {
            Ok(()) => return Ok(Redirect::to(&format!("/units/{}?saved=1", url(code.as_str()))).into_response()),
            Err(e) => e,
        };
        Ok::<_, PageError>(appoint_form(&v, code.as_str(), &values, &errors, StatusCode::UNPROCESSABLE_ENTITY))
    };
    respond(&v, run.await)
}

fn end_position_fields() -> Vec<Field> {
    let mut f = end_fields();
    f.insert(0, field("person", "f-person", Input::Text, true));
    f.insert(1, field("title", "f-title", Input::Text, true));
    f
}

fn end_position_form(v: &Viewer, code: &str, values: &Fields, errors: &[RowError], status: StatusCode) -> Response {
    let tr = v.tr;
    let html = form(
        tr,
        &format!("/units/{}/positions/end", url(code)),
        v.caller.csrf(),
        &end_position_fields(),
        values,
        errors,
        "end-position",
    );
    form_page(v, &tr.t("end-position"), html! { (code) " · " (tr.t("end-position-intro")) }, html, status)
}

#[derive(serde::Deserialize)]
pub(crate) struct PositionQuery {
    person: Option<String>,
    title: Option<String>,
}

pub(crate) async fn end_position_page(
    At { state, v, at: code }: At<UnitCode>,
    Query(q): Query<PositionQuery>,
) -> Response {
    let run = async {
        open_unit_form(&state, &v, &code, Action::EditPositions).await?;
        let mut values = Fields::new();
        values.insert("person".into(), q.person.unwrap_or_default());
        values.insert("title".into(), q.title.unwrap_or_default());
        Ok::<_, PageError>(end_position_form(&v, code.as_str(), &values, &[], StatusCode::OK))
    };
    respond(&v, run.await)
}

pub(crate) async fn end_position(At { state, v, at: code }: At<UnitCode>, Form(values): Form<Fields>) -> Response {
    let run = async {
        let mut errors = precheck(&v, &values, &end_position_fields())?;
        let ending = end_and_decision(&values, &mut errors);
        let get = |k: &str| values.get(k).map(|s| s.trim().to_string()).unwrap_or_default();
        let (person, title) = (get("person"), get("title"));
        let read = match ending {
            Some(ending) if errors.is_empty() => Ok(ending),
            _ => Err(errors),
        };
        let (c2, on) = (code.clone(), (About::Unit(code.clone()), Action::EditPositions));
        let errors = match write_form(&state, &v, on, read, move |s, cx, (day, decision)| {
            let held = positions::Held { unit: &c2, person: &person, title: &title };
            positions::end(s, cx, &held, day, &decision)
        })
        .await?
        {
            Ok(()) => return Ok(Redirect::to(&format!("/units/{}?saved=1", url(code.as_str()))).into_response()),
            Err(e) => e,
        };
        Ok::<_, PageError>(end_position_form(&v, code.as_str(), &values, &errors, StatusCode::UNPROCESSABLE_ENTITY))
    };
    respond(&v, run.await)
}
