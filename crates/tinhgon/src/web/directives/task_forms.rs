//! What the forms of a programme's tasks take: a task added, the roll-up method, a task's
//! progress; a refused form shows the document's page again with its values and errors.

use crate::web::At;
use axum::response::{IntoResponse, Redirect, Response};
use tinhgon_domain::directives::task::Rollup;
use tinhgon_domain::UnitCode;

use super::documents::detail_response;
use super::shown::{Shown, Which};
use super::tasks::{rollup_fields, task_fields};
use crate::http::State;
use crate::services::directives::programmes::{self, TaskDraft};
use crate::services::RowError;
use crate::web::forms::{catalog_error, field, precheck, rows_of, Fields, Input};
use crate::web::party::{date_field, text_field};
use crate::web::{respond, Form, PageError, Viewer};

fn number(values: &Fields, name: &str, errors: &mut Vec<RowError>) -> Option<i64> {
    let t = text_field(values, name)?;
    match t.trim_end_matches('%').trim().parse::<i64>() {
        Ok(n) => Some(n),
        Err(_) => {
            errors.push(catalog_error(name, "field-whole-number", &[]));
            None
        }
    }
}

async fn again(
    state: &State,
    v: &Viewer,
    id: i64,
    which: Which,
    values: &Fields,
    errors: &[RowError],
) -> Result<Response, PageError> {
    detail_response(state, v, id, &Shown { which, values, errors }, None).await
}

pub(crate) async fn add_task(At { state, v, at: id }: At<i64>, Form(values): Form<Fields>) -> Response {
    let run = async {
        let mut errors = precheck(&v, &values, &task_fields())?;
        let starts_on = date_field(&values, "starts_on", false, &mut errors);
        let deadline = date_field(&values, "deadline", true, &mut errors);
        let weight = number(&values, "weight", &mut errors);
        let parent = number(&values, "parent", &mut errors);
        let unit = match text_field(&values, "unit").map(|u| UnitCode::parse(&u)) {
            Some(Ok(u)) => Some(u),
            Some(Err(e)) => {
                errors.push(RowError::said(1, "unit", tinhgon_domain::msg::Said::msg(&e)));
                None
            }
            None => None,
        };
        if errors.is_empty() {
            let t = TaskDraft {
                parent,
                unit,
                title: text_field(&values, "title"),
                topic: text_field(&values, "topic"),
                starts_on,
                deadline,
                weight,
            };
            let cx = v.caller.cx();
            match state.with_store(move |s| Ok(programmes::add_task(s, &cx, id, &t))).await? {
                Ok(_) => return Ok(Redirect::to(&format!("/documents/{id}?saved=1")).into_response()),
                Err(e) => errors = rows_of(e)?,
            }
        }
        again(&state, &v, id, Which::Task, &values, &errors).await
    };
    respond(&v, run.await)
}

pub(crate) async fn set_rollup(At { state, v, at: id }: At<i64>, Form(values): Form<Fields>) -> Response {
    let run = async {
        let mut errors = precheck(&v, &values, &rollup_fields(v.tr))?;
        let progress = number(&values, "progress", &mut errors);
        let rollup = text_field(&values, "rollup").and_then(|r| Rollup::parse(&r).ok()).unwrap_or(Rollup::Equal);
        if errors.is_empty() {
            let cx = v.caller.cx();
            match state.with_store(move |s| Ok(programmes::set_method(s, &cx, id, rollup, progress))).await? {
                Ok(()) => return Ok(Redirect::to(&format!("/documents/{id}?saved=1")).into_response()),
                Err(e) => errors = rows_of(e)?,
            }
        }
        again(&state, &v, id, Which::Rollup, &values, &errors).await
    };
    respond(&v, run.await)
}

pub(crate) async fn report_task(At { state, v, at: id }: At<i64>, Form(values): Form<Fields>) -> Response {
    let run = async {
        let fields = [field("note", "f-task-note", Input::Text, false)];
        let mut errors = precheck(&v, &values, &fields)?;
        let progress = number(&values, "progress", &mut errors);
        if progress.is_none() && errors.is_empty() {
            errors.push(catalog_error("progress", "field-required", &[]));
        }
        if errors.is_empty() {
            let (cx, note) = (v.caller.cx(), text_field(&values, "note"));
            match state.with_store(move |s| Ok(programmes::report(s, &cx, id, progress, note.as_deref()))).await? {
                Ok(()) => {
                    let cx = v.caller.cx();
                    let document = state.with_store(move |s| Ok(programmes::document_of(s, &cx, id)?)).await?;
                    return Ok(Redirect::to(&format!("/documents/{document}?saved=1")).into_response());
                }
                Err(e) => errors = rows_of(e)?,
            }
        }
        let cx = v.caller.cx();
        let document = state.with_store(move |s| Ok(programmes::document_of(s, &cx, id)?)).await?;
        again(&state, &v, document, Which::Progress(id), &values, &errors).await
    };
    respond(&v, run.await)
}
