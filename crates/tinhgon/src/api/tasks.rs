//! The API of programmes' tasks: add a task, report its progress, choose the roll-up method (or
//! set the progress by hand), read a programme's tasks with their progress, its progress by unit
//! and its overlapping instructions, and a unit's tasks.

use axum::extract::State as Extract;
use axum::http::StatusCode;
use axum::Json;
use tinhgon_domain::directives::task::Rollup;

use super::body::{Created, Fields};
use crate::http::extract::{Json as Body, Object, Path};
use crate::http::{Caller, Problem, State};
use crate::services::directives::programmes::{self, TaskDraft};
use crate::services::Error;

fn int(f: &Fields, name: &str) -> Result<Option<i64>, Error> {
    match f.value(name) {
        None => Ok(None),
        Some(v) => v.as_i64().map(Some).ok_or_else(|| {
            Error::field(name, format!("{name} phải là số nguyên"), format!("{name} must be a whole number"))
        }),
    }
}

/// Adds a task to a programme, plan or project.
#[utoipa::path(post, path = "/api/documents/{id}/tasks", params(("id" = i64, Path)), request_body(content = Object, description = "unit, title, deadline; optional topic (the subject overlaps are found on), starts_on, weight (0–1000, default 1), parent (a task's id)"), responses((status = 201, body = Created), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi"), (status = 409, description = "The document has no tasks / văn bản không có nhiệm vụ"), (status = 422, description = "Bad data; nothing written / dữ liệu sai")))]
pub(crate) async fn add_task(
    Extract(state): Extract<State>,
    caller: Caller,
    Path(id): Path<i64>,
    Body(body): Body<Object>,
) -> Result<(StatusCode, Json<Created>), Problem> {
    let cx = caller.cx();
    let f = Fields::new(body);
    let t = TaskDraft {
        parent: int(&f, "parent")?,
        unit: f.unit("unit")?,
        title: f.text("title")?,
        topic: f.text("topic")?,
        starts_on: f.date("starts_on")?,
        deadline: f.date("deadline")?,
        weight: int(&f, "weight")?,
    };
    let task = state.with_store(move |s| Ok(programmes::add_task(s, &cx, id, &t)?)).await?;
    Ok((StatusCode::CREATED, Json(Created { id: task })))
}

/// Reports the progress of a task (0–100%); who reported it and when are kept.
#[utoipa::path(post, path = "/api/tasks/{id}/progress", params(("id" = i64, Path)), request_body(content = Object, description = "progress (0–100); optional note"), responses((status = 200, body = Created), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi"), (status = 422, description = "Bad data; nothing written / dữ liệu sai")))]
pub(crate) async fn report_task(
    Extract(state): Extract<State>,
    caller: Caller,
    Path(id): Path<i64>,
    Body(body): Body<Object>,
) -> Result<Json<Created>, Problem> {
    let cx = caller.cx();
    let f = Fields::new(body);
    let (progress, note) = (int(&f, "progress")?, f.text("note")?);
    state.with_store(move |s| Ok(programmes::report(s, &cx, id, progress, note.as_deref())?)).await?;
    Ok(Json(Created { id }))
}

/// Chooses how a programme's progress rolls up: equal, weighted, or manual with its progress.
#[utoipa::path(post, path = "/api/documents/{id}/rollup", params(("id" = i64, Path)), request_body(content = Object, description = "rollup (equal, weighted, manual); progress (0–100) with manual"), responses((status = 200, body = Created), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi"), (status = 422, description = "Bad data; nothing written / dữ liệu sai")))]
pub(crate) async fn set_rollup(
    Extract(state): Extract<State>,
    caller: Caller,
    Path(id): Path<i64>,
    Body(body): Body<Object>,
) -> Result<Json<Created>, Problem> {
    let cx = caller.cx();
    let f = Fields::new(body);
    let rollup = Rollup::parse(&f.required("rollup")?).map_err(|e| Error::field("rollup", e.vi(), e.to_string()))?;
    let progress = int(&f, "progress")?;
    state.with_store(move |s| Ok(programmes::set_method(s, &cx, id, rollup, progress)?)).await?;
    Ok(Json(Created { id }))
}

/// A programme's tasks in tree order with their rolled-up progress, its progress, its progress by
/// unit, and the overlapping instructions of other documents in force.
#[utoipa::path(get, path = "/api/documents/{id}/tasks", params(("id" = i64, Path)), responses((status = 200, description = "rollup, progress, set_by, set_at, tasks, by_unit, overlaps"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi")))]
pub(crate) async fn document_tasks(
    Extract(state): Extract<State>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<serde_json::Value>, Problem> {
    let cx = caller.cx();
    let t = state.with_store(move |s| Ok(programmes::tracking(s, &cx, id)?)).await?;
    Ok(Json(serde_json::to_value(t).map_err(Problem::internal)?))
}

/// The tasks given to a unit by documents in sight, and their overlapping instructions.
#[utoipa::path(get, path = "/api/units/{code}/tasks", params(("code" = String, Path)), responses((status = 200, description = "tasks, overlaps"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi")))]
pub(crate) async fn unit_tasks(
    Extract(state): Extract<State>,
    caller: Caller,
    Path(code): Path<String>,
) -> Result<Json<serde_json::Value>, Problem> {
    let cx = caller.cx();
    let unit = super::body::parse_code(&code)?;
    let (tasks, overlaps) = state.with_store(move |s| Ok(programmes::of_unit(s, &cx, &unit)?)).await?;
    Ok(Json(serde_json::json!({ "tasks": tasks, "overlaps": overlaps })))
}
