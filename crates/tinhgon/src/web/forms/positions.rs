//! Forms that appoint people to positions and end their terms.

use crate::web::At;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use tinhgon_domain::access::Action;
use tinhgon_domain::catalog::Rank;
use tinhgon_domain::UnitCode;

use super::{
    end_and_decision, end_fields, field, form, form_page, guard_unit, options, precheck, record, rows_of, Field,
    Fields, Input,
};
use crate::services::register::positions;
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
        guard_unit(&state, &v, &code, Action::EditPositions).await?;
        Ok::<_, PageError>(appoint_form(&v, code.as_str(), &Fields::new(), &[], StatusCode::OK))
    };
    respond(&v, run.await)
}

pub(crate) async fn appoint(At { state, v, at: code }: At<UnitCode>, Form(mut values): Form<Fields>) -> Response {
    let run = async {
        guard_unit(&state, &v, &code, Action::EditPositions).await?;
        let tr = v.tr;
        let fields = position_fields(tr);
        let mut errors = precheck(&v, &values, &fields)?;
        values.insert("unit".into(), code.to_string());
        if errors.is_empty() {
            match record(&state, &v, &values, FileKind::Positions, (positions::parse, positions::create)).await? {
                Ok(()) => return Ok(Redirect::to(&format!("/units/{}?saved=1", url(code.as_str()))).into_response()),
                Err(e) => errors = e,
            }
        }
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
        guard_unit(&state, &v, &code, Action::EditPositions).await?;
        let mut values = Fields::new();
        values.insert("person".into(), q.person.unwrap_or_default());
        values.insert("title".into(), q.title.unwrap_or_default());
        Ok::<_, PageError>(end_position_form(&v, code.as_str(), &values, &[], StatusCode::OK))
    };
    respond(&v, run.await)
}

pub(crate) async fn end_position(At { state, v, at: code }: At<UnitCode>, Form(values): Form<Fields>) -> Response {
    let run = async {
        guard_unit(&state, &v, &code, Action::EditPositions).await?;
        let mut errors = precheck(&v, &values, &end_position_fields())?;
        if let Some((on, decision)) = end_and_decision(&values, &mut errors) {
            let get = |k: &str| values.get(k).map(|s| s.trim().to_string()).unwrap_or_default();
            let (person, title) = (get("person"), get("title"));
            let (cx, c2) = (v.caller.cx(), code.clone());
            let outcome = state
                .with_store(move |s| {
                    let held = positions::Held { unit: &c2, person: &person, title: &title };
                    Ok(positions::end(s, &cx, &held, on, &decision))
                })
                .await?;
            match outcome {
                Ok(()) => return Ok(Redirect::to(&format!("/units/{}?saved=1", url(code.as_str()))).into_response()),
                Err(e) => errors = rows_of(e)?,
            }
        }
        Ok::<_, PageError>(end_position_form(&v, code.as_str(), &values, &errors, StatusCode::UNPROCESSABLE_ENTITY))
    };
    respond(&v, run.await)
}
