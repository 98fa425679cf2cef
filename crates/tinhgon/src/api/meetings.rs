//! The API of meetings: plan or record one, record a planned one as held, read one, list a unit's,
//! and count them for a unit and period.

use super::body::FileName;
use axum::extract::State as Extract;
use axum::http::StatusCode;
use axum::Json;
use tinhgon_domain::party::meeting::{Kind, Presence};
use tinhgon_domain::Date;

use super::body::{Created, Fields};
use super::party::PeriodQuery;
use crate::http::extract::{Json as Body, Object, Path, Query};
use crate::http::{Caller, Problem, State};
use crate::services::party::meetings::{self, Guest, Hold, Plan, Resolution};
use crate::services::{Error, RowError};

fn list_error(column: &str, line: usize, vi: &str, en: &str) -> Error {
    Error::Invalid(vec![RowError { line, column: column.into(), vi: vi.into(), en: en.into() }])
}

fn items<'a>(f: &'a Fields, name: &str) -> Result<&'a [serde_json::Value], Error> {
    match f.value(name) {
        None => Ok(&[]),
        Some(serde_json::Value::Array(a)) => Ok(a.as_slice()),
        Some(_) => Err(Error::field(name, format!("{name} phải là danh sách"), format!("{name} must be a list"))),
    }
}

fn item_text(v: &serde_json::Value, key: &str) -> Option<String> {
    v.get(key).and_then(|t| t.as_str()).map(str::trim).filter(|t| !t.is_empty()).map(str::to_string)
}

/// The fields of holding a meeting: held_on, chair, minutes, attendance, guests, resolutions.
fn hold_of(f: &Fields) -> Result<Hold, Error> {
    let mut h =
        Hold { held_on: f.date("held_on")?, chair: f.text("chair")?, minutes: f.text("minutes")?, ..Hold::default() };
    for (i, a) in items(f, "attendance")?.iter().enumerate() {
        let bad = "mỗi dòng là {person, presence (present, excused, unexcused), reason}";
        let bad_en = "each line is {person, presence (present, excused, unexcused), reason}";
        let person = item_text(a, "person").ok_or_else(|| list_error("attendance", i + 1, bad, bad_en))?;
        let presence = item_text(a, "presence")
            .and_then(|p| Presence::parse(&p).ok())
            .ok_or_else(|| list_error("attendance", i + 1, bad, bad_en))?;
        h.attendance.push((person, presence, item_text(a, "reason")));
    }
    for (i, g) in items(f, "guests")?.iter().enumerate() {
        let name = item_text(g, "name").ok_or_else(|| {
            list_error("guests", i + 1, "mỗi dòng là {name, title, body}", "each line is {name, title, body}")
        })?;
        h.guests.push(Guest { name, title: item_text(g, "title"), body: item_text(g, "body") });
    }
    for (i, r) in items(f, "resolutions")?.iter().enumerate() {
        let text = item_text(r, "text").ok_or_else(|| {
            list_error("resolutions", i + 1, "mỗi dòng là {number, text}", "each line is {number, text}")
        })?;
        h.resolutions.push(Resolution { number: item_text(r, "number"), text });
    }
    Ok(h)
}

/// Plans a meeting (planned_on: the members are called) or records one held (held_on).
#[utoipa::path(post, path = "/api/meetings", request_body(content = Object, description = "unit, kind (regular, thematic, extraordinary), planned_on or held_on; optional topic, agenda, chair, minutes, attendance: [{person, presence, reason}], guests: [{name, title, body}], resolutions: [{number, text}]"), responses((status = 201, body = Created), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 422, description = "Bad data; nothing written / dữ liệu sai")))]
pub(crate) async fn create_meeting(
    Extract(state): Extract<State>,
    caller: Caller,
    Body(body): Body<Object>,
) -> Result<(StatusCode, Json<Created>), Problem> {
    let cx = caller.cx();
    let f = Fields::new(body);
    let unit = f
        .unit("unit")?
        .ok_or_else(|| Error::field("unit", "thiếu trường unit".into(), "the field unit is missing".into()))?;
    // The kind is required: a thematic or extraordinary meeting taken as a regular one would count
    // in the wrong place.
    let kind = Kind::parse(&f.required("kind")?).map_err(|e| Error::field("kind", e.vi(), e.to_string()))?;
    let planned_on = f.date("planned_on")?;
    let (topic, agenda) = (f.text("topic")?, f.text("agenda")?);
    let hold = hold_of(&f)?;
    let id = state
        .with_store(move |s| {
            let plan = Plan { unit: &unit, kind, planned_on, topic: topic.as_deref(), agenda: agenda.as_deref() };
            Ok(if hold.held_on.is_some() {
                meetings::record(s, &cx, &plan, &hold)?
            } else {
                meetings::plan(s, &cx, &plan)?
            })
        })
        .await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// Records a planned meeting as held, with how each member attended.
#[utoipa::path(post, path = "/api/meetings/{id}/held", params(("id" = i64, Path)), request_body(content = Object, description = "held_on; optional chair, minutes, attendance: [{person, presence, reason}], guests: [{name, title, body}], resolutions: [{number, text}]"), responses((status = 200, body = Created), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi"), (status = 422, description = "Bad data; nothing written / dữ liệu sai")))]
pub(crate) async fn hold_meeting(
    Extract(state): Extract<State>,
    caller: Caller,
    Path(id): Path<i64>,
    Body(body): Body<Object>,
) -> Result<Json<Created>, Problem> {
    let cx = caller.cx();
    let hold = hold_of(&Fields::new(body))?;
    state.with_store(move |s| Ok(meetings::hold(s, &cx, id, &hold)?)).await?;
    Ok(Json(Created { id }))
}

/// One meeting in reach with those called and how they attended, the guests and the resolutions.
#[utoipa::path(get, path = "/api/meetings/{id}", params(("id" = i64, Path)), responses((status = 200, description = "the meeting"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi")))]
pub(crate) async fn get_meeting(
    Extract(state): Extract<State>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<serde_json::Value>, Problem> {
    let cx = caller.cx();
    let d = state.with_store(move |s| Ok(meetings::get(s, &cx, id)?)).await?;
    Ok(Json(serde_json::to_value(d).map_err(Problem::internal)?))
}

fn period(q: PeriodQuery) -> Result<(Date, Date), Error> {
    let f = Fields(vec![
        ("from".into(), q.from.map_or(serde_json::Value::Null, serde_json::Value::String)),
        ("to".into(), q.to.map_or(serde_json::Value::Null, serde_json::Value::String)),
    ]);
    let to = f.date("to")?.unwrap_or(crate::clock::today());
    let from = f.date("from")?.unwrap_or(Date::from_ymd(to.year(), 1, 1).unwrap_or(to));
    Ok((from, to))
}

/// The meetings of a unit and the organizations under it, planned or held in a period (default
/// this year to today).
#[utoipa::path(get, path = "/api/units/{code}/meetings", params(("code" = String, Path), PeriodQuery), responses((status = 200, description = "meetings, newest first"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi")))]
pub(crate) async fn unit_meetings(
    Extract(state): Extract<State>,
    caller: Caller,
    Path(code): Path<String>,
    Query(q): Query<PeriodQuery>,
) -> Result<Json<serde_json::Value>, Problem> {
    let cx = caller.cx();
    let unit = super::body::parse_code(&code)?;
    let (from, to) = period(q)?;
    let list = state.with_store(move |s| Ok(meetings::list(s, &cx, &unit, from, to)?)).await?;
    Ok(Json(serde_json::to_value(list).map_err(Problem::internal)?))
}

/// Meetings held by the organizations of a unit in a period: by kind, attendance rate, visits by
/// officials of a higher level, and per organization.
#[utoipa::path(get, path = "/api/units/{code}/meeting-stats", params(("code" = String, Path), PeriodQuery), responses((status = 200, description = "the figures"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi"), (status = 422, description = "Bad period / khoảng thời gian sai")))]
pub(crate) async fn meeting_stats(
    Extract(state): Extract<State>,
    caller: Caller,
    Path(code): Path<String>,
    Query(q): Query<PeriodQuery>,
) -> Result<Json<serde_json::Value>, Problem> {
    let cx = caller.cx();
    let unit = super::body::parse_code(&code)?;
    let (from, to) = period(q)?;
    let f = state.with_store(move |s| Ok(meetings::figures(s, &cx, &unit, from, to)?)).await?;
    Ok(Json(serde_json::to_value(f).map_err(Problem::internal)?))
}

/// Attaches a file (PDF, DOCX, ODT, JPEG, PNG; the body is the file) to a meeting's minutes.
#[utoipa::path(post, path = "/api/meetings/{id}/files", params(("id" = i64, Path), FileName), request_body(content = String, description = "the file's bytes", content_type = "application/octet-stream"), responses((status = 201, body = Created), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi"), (status = 422, description = "Bad file; nothing written / tệp sai")))]
pub(crate) async fn attach_file(
    Extract(state): Extract<State>,
    caller: Caller,
    Path(id): Path<i64>,
    Query(q): Query<FileName>,
    crate::http::extract::Bytes(body): crate::http::extract::Bytes,
) -> Result<(StatusCode, Json<Created>), Problem> {
    let cx = caller.cx();
    let name = q.name.unwrap_or_default();
    let file = state.with_store(move |s| Ok(meetings::attach(s, &cx, id, &name, &body)?)).await?;
    Ok((StatusCode::CREATED, Json(Created { id: file })))
}

/// Downloads a file of a meeting's minutes.
#[utoipa::path(get, path = "/api/meetings/{id}/files/{file}", params(("id" = i64, Path), ("file" = i64, Path)), responses((status = 200, description = "the file"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi")))]
pub(crate) async fn get_file(
    Extract(state): Extract<State>,
    caller: Caller,
    Path((id, file)): Path<(i64, i64)>,
) -> Result<axum::response::Response, Problem> {
    let cx = caller.cx();
    let (name, kind, bytes) = state.with_store(move |s| Ok(meetings::file(s, &cx, id, file)?)).await?;
    Ok(super::body::download(&name, &kind, bytes))
}

/// Withdraws a file of a meeting's minutes: kept, with the change-log entry of its withdrawal, and
/// no longer listed or served.
#[utoipa::path(delete, path = "/api/meetings/{id}/files/{file}", params(("id" = i64, Path), ("file" = i64, Path)), responses((status = 204, description = "withdrawn"), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi")))]
pub(crate) async fn withdraw_file(
    Extract(state): Extract<State>,
    caller: Caller,
    Path((id, file)): Path<(i64, i64)>,
) -> Result<StatusCode, Problem> {
    let cx = caller.cx();
    state.with_store(move |s| Ok(meetings::withdraw_file(s, &cx, id, file)?)).await?;
    Ok(StatusCode::NO_CONTENT)
}
