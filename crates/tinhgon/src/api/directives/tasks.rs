//! The API of programmes' tasks: add a task, report its progress, choose the roll-up method (or
//! set the progress by hand), read a programme's tasks with their progress, its progress by unit
//! and its overlapping instructions, and a unit's tasks.

use crate::api::body::Door;
use crate::api::body::UnitPath;
use axum::http::StatusCode;
use axum::Json;
use tinhgon_domain::directives::task::Rollup;

use crate::api::body::Created;
use crate::api::typed::Typed;
use crate::http::extract::Path;
use crate::http::Problem;
use crate::services::directives::programmes::{self, TaskDraft};
use serde::Deserialize;
use tinhgon_domain::{Date, UnitCode};
use utoipa::ToSchema;

/// A task of a programme, plan or project.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"unit": "18073.DU.C01", "title": "Sắp xếp các tổ đảng", "topic": "Sắp xếp tổ chức bộ máy", "starts_on": "2026-01-05", "deadline": "2026-06-30", "weight": 2}))]
pub(crate) struct AddTask {
    /// The task this one is part of / nhiệm vụ cha.
    parent: Option<i64>,
    unit: Option<UnitCode>,
    title: Option<String>,
    topic: Option<String>,
    starts_on: Option<Date>,
    deadline: Option<Date>,
    weight: Option<i64>,
}

/// The progress of a task, 0–100%.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"progress": 50, "note": "Đã xong một nửa"}))]
pub(crate) struct Progress {
    progress: Option<i64>,
    note: Option<String>,
}

/// How a programme's progress rolls up, and its progress when set by hand.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"rollup": "weighted"}))]
pub(crate) struct SetRollup {
    rollup: Rollup,
    /// With `manual`: the programme's progress, 0–100%.
    progress: Option<i64>,
}

/// Adds a task to a programme, plan or project.
#[utoipa::path(post, path = "/api/documents/{id}/tasks", params(("id" = i64, Path, example = 2)), request_body = AddTask, responses((status = 201, body = Created), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi"), (status = 409, description = "The document has no tasks / văn bản không có nhiệm vụ"), (status = 422, description = "Bad data; nothing written / dữ liệu sai")))]
pub(crate) async fn add_task(
    door: Door,
    Path(id): Path<i64>,
    Typed(b): Typed<AddTask>,
) -> Result<(StatusCode, Json<Created>), Problem> {
    let t = TaskDraft {
        parent: b.parent,
        unit: b.unit,
        title: b.title,
        topic: b.topic,
        starts_on: b.starts_on,
        deadline: b.deadline,
        weight: b.weight,
    };
    let task = door.answer(move |s, cx| programmes::add_task(s, cx, id, &t)).await?.0;
    Ok((StatusCode::CREATED, Json(Created { id: task })))
}

/// Reports the progress of a task (0–100%); who reported it and when are kept.
#[utoipa::path(post, path = "/api/tasks/{id}/progress", params(("id" = i64, Path, example = 1)), request_body = Progress, responses((status = 200, body = Created), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi"), (status = 422, description = "Bad data; nothing written / dữ liệu sai")))]
pub(crate) async fn report_task(
    door: Door,
    Path(id): Path<i64>,
    Typed(Progress { progress, note }): Typed<Progress>,
) -> Result<Json<Created>, Problem> {
    door.wrote(id, move |s, cx| programmes::report(s, cx, id, progress, note.as_deref())).await
}

/// Chooses how a programme's progress rolls up: equal, weighted, or manual with its progress.
#[utoipa::path(post, path = "/api/documents/{id}/rollup", params(("id" = i64, Path, example = 2)), request_body = SetRollup, responses((status = 200, body = Created), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi"), (status = 422, description = "Bad data; nothing written / dữ liệu sai")))]
pub(crate) async fn set_rollup(
    door: Door,
    Path(id): Path<i64>,
    Typed(SetRollup { rollup, progress }): Typed<SetRollup>,
) -> Result<Json<Created>, Problem> {
    door.wrote(id, move |s, cx| programmes::set_method(s, cx, id, rollup, progress)).await
}

/// A programme's tasks in tree order with their rolled-up progress, its progress, its progress by
/// unit, and the overlapping instructions of other documents in force.
#[utoipa::path(get, path = "/api/documents/{id}/tasks", params(("id" = i64, Path, example = 2)), responses((status = 200, body = programmes::Tracking, description = "rollup, progress, set_by, set_at, tasks, by_unit, overlaps"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi")))]
pub(crate) async fn document_tasks(door: Door, Path(id): Path<i64>) -> Result<Json<programmes::Tracking>, Problem> {
    door.answer(move |s, cx| programmes::tracking(s, cx, id)).await
}

/// A unit's tasks and the overlapping instructions among them.
#[derive(serde::Serialize, ToSchema)]
pub(crate) struct UnitTasks {
    tasks: Vec<programmes::UnitTask>,
    overlaps: Vec<programmes::Overlap>,
}

/// The tasks given to a unit by documents in sight, and their overlapping instructions.
#[utoipa::path(get, path = "/api/units/{code}/tasks", params(("code" = String, Path, example = "18073.DU")), responses((status = 200, body = UnitTasks, description = "tasks, overlaps"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi")))]
pub(crate) async fn unit_tasks(door: Door, UnitPath(unit): UnitPath) -> Result<Json<UnitTasks>, Problem> {
    let (tasks, overlaps) = door.answer(move |s, cx| programmes::of_unit(s, cx, &unit)).await?.0;
    Ok(Json(UnitTasks { tasks, overlaps }))
}
