//! The API of meetings: plan or record one, record a planned one as held, read one, list a unit's,
//! and count them for a unit and period.

use crate::api::body::Door;
use crate::api::body::FileName;
use crate::api::body::UnitPath;
use axum::http::StatusCode;
use axum::Json;
use tinhgon_domain::party::meeting::{Kind, Presence};
use tinhgon_domain::Date;

use crate::api::body::{Created, Fields};
use crate::api::party::PeriodQuery;
use crate::api::typed::Typed;
use crate::http::extract::{Path, Query};
use crate::http::Problem;
use crate::services::party::meetings::{self, Guest, Hold, Plan, Resolution};
use crate::services::Error;
use serde::Deserialize;
use tinhgon_domain::UnitCode;
use utoipa::ToSchema;

/// How a member attended.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Attendance {
    person: String,
    presence: Presence,
    /// Why the member was absent / lý do vắng.
    reason: Option<String>,
}

/// A guest of a meeting.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct GuestIn {
    name: String,
    title: Option<String>,
    /// The body the guest came from / cơ quan.
    body: Option<String>,
}

/// A resolution of a meeting.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ResolutionIn {
    number: Option<String>,
    text: String,
}

/// A meeting planned (`planned_on`: the members are called) or recorded as held (`held_on`).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"unit": "18073.DU.C01", "kind": "thematic", "planned_on": "2026-12-15", "topic": "Sinh hoạt chuyên đề"}))]
pub(crate) struct CreateMeeting {
    unit: UnitCode,
    /// Required: a thematic or extraordinary meeting taken as a regular one would count in the
    /// wrong place.
    kind: Kind,
    planned_on: Option<Date>,
    topic: Option<String>,
    agenda: Option<String>,
    held_on: Option<Date>,
    chair: Option<String>,
    minutes: Option<String>,
    attendance: Option<Vec<Attendance>>,
    guests: Option<Vec<GuestIn>>,
    resolutions: Option<Vec<ResolutionIn>>,
}

/// A planned meeting recorded as held.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"held_on": "2026-12-01", "minutes": "Chi bộ đã thảo luận và thống nhất"}))]
pub(crate) struct HoldMeeting {
    held_on: Option<Date>,
    chair: Option<String>,
    minutes: Option<String>,
    attendance: Option<Vec<Attendance>>,
    guests: Option<Vec<GuestIn>>,
    resolutions: Option<Vec<ResolutionIn>>,
}

impl HoldMeeting {
    fn hold(self) -> Hold {
        Hold {
            held_on: self.held_on,
            chair: self.chair,
            minutes: self.minutes,
            attendance: self
                .attendance
                .unwrap_or_default()
                .into_iter()
                .map(|a| (a.person, a.presence, a.reason))
                .collect(),
            guests: (self.guests.unwrap_or_default().into_iter())
                .map(|g| Guest { name: g.name, title: g.title, body: g.body })
                .collect(),
            resolutions: (self.resolutions.unwrap_or_default().into_iter())
                .map(|r| Resolution { number: r.number, text: r.text })
                .collect(),
        }
    }
}

/// Plans a meeting (planned_on: the members are called) or records one held (held_on).
#[utoipa::path(post, path = "/api/meetings", request_body = CreateMeeting, responses((status = 201, body = Created), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 422, description = "Bad data; nothing written / dữ liệu sai")))]
pub(crate) async fn create_meeting(
    door: Door,
    Typed(body): Typed<CreateMeeting>,
) -> Result<(StatusCode, Json<Created>), Problem> {
    let CreateMeeting { unit, kind, planned_on, topic, agenda, .. } = body;
    let (held_on, chair, minutes) = (body.held_on, body.chair, body.minutes);
    let (attendance, guests, resolutions) = (body.attendance, body.guests, body.resolutions);
    let hold = HoldMeeting { held_on, chair, minutes, attendance, guests, resolutions }.hold();
    door.created(move |s, cx| {
        let plan = Plan { unit: &unit, kind, planned_on, topic: topic.as_deref(), agenda: agenda.as_deref() };
        if hold.held_on.is_some() {
            meetings::record(s, cx, &plan, &hold)
        } else {
            meetings::plan(s, cx, &plan)
        }
    })
    .await
}

/// Records a planned meeting as held, with how each member attended.
#[utoipa::path(post, path = "/api/meetings/{id}/held", params(("id" = i64, Path, example = 1)), request_body = HoldMeeting, responses((status = 200, body = Created), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi"), (status = 422, description = "Bad data; nothing written / dữ liệu sai")))]
pub(crate) async fn hold_meeting(
    door: Door,
    Path(id): Path<i64>,
    Typed(body): Typed<HoldMeeting>,
) -> Result<Json<Created>, Problem> {
    let hold = body.hold();
    door.wrote(id, move |s, cx| meetings::hold(s, cx, id, &hold)).await
}

/// One meeting in reach with those called and how they attended, the guests and the resolutions.
#[utoipa::path(get, path = "/api/meetings/{id}", params(("id" = i64, Path, example = 1)), responses((status = 200, body = meetings::Detail, description = "the meeting"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi")))]
pub(crate) async fn get_meeting(door: Door, Path(id): Path<i64>) -> Result<Json<meetings::Detail>, Problem> {
    door.answer(move |s, cx| meetings::get(s, cx, id)).await
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
#[utoipa::path(get, path = "/api/units/{code}/meetings", params(("code" = String, Path, example = "18073.DU"), PeriodQuery), responses((status = 200, body = Vec<meetings::MeetingRow>, description = "meetings, newest first"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi")))]
pub(crate) async fn unit_meetings(
    door: Door,
    UnitPath(unit): UnitPath,
    Query(q): Query<PeriodQuery>,
) -> Result<Json<Vec<meetings::MeetingRow>>, Problem> {
    let (from, to) = period(q)?;
    door.answer(move |s, cx| meetings::list(s, cx, &unit, from, to)).await
}

/// Meetings held by the organizations of a unit in a period: by kind, attendance rate, visits by
/// officials of a higher level, and per organization.
#[utoipa::path(get, path = "/api/units/{code}/meeting-stats", params(("code" = String, Path, example = "18073.DU"), PeriodQuery), responses((status = 200, body = meetings::MeetingFigures, description = "the figures"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi"), (status = 422, description = "Bad period / khoảng thời gian sai")))]
pub(crate) async fn meeting_stats(
    door: Door,
    UnitPath(unit): UnitPath,
    Query(q): Query<PeriodQuery>,
) -> Result<Json<meetings::MeetingFigures>, Problem> {
    let (from, to) = period(q)?;
    door.answer(move |s, cx| meetings::figures(s, cx, &unit, from, to)).await
}

/// Attaches a file (PDF, DOCX, ODT, JPEG, PNG; the body is the file) to a meeting's minutes.
#[utoipa::path(post, path = "/api/meetings/{id}/files", params(("id" = i64, Path, example = 1), FileName), request_body(content = String, description = "the file's bytes", content_type = "application/octet-stream", example = json!("%PDF-1.4\n% tinhgon\n")), responses((status = 201, body = Created), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi"), (status = 422, description = "Bad file; nothing written / tệp sai")))]
pub(crate) async fn attach_file(
    door: Door,
    Path(id): Path<i64>,
    Query(q): Query<FileName>,
    crate::http::extract::Bytes(body): crate::http::extract::Bytes,
) -> Result<(StatusCode, Json<Created>), Problem> {
    let name = q.name.unwrap_or_default();
    door.created(move |s, cx| meetings::attach(s, cx, id, &name, &body)).await
}

/// Downloads a file of a meeting's minutes.
#[utoipa::path(get, path = "/api/meetings/{id}/files/{file}", params(("id" = i64, Path, example = 1), ("file" = i64, Path, example = 1)), responses((status = 200, description = "the file"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi")))]
pub(crate) async fn get_file(
    door: Door,
    Path((id, file)): Path<(i64, i64)>,
) -> Result<axum::response::Response, Problem> {
    door.download(move |s, cx| meetings::file(s, cx, id, file)).await
}

/// Withdraws a file of a meeting's minutes: kept, with the change-log entry of its withdrawal, and
/// no longer listed or served.
#[utoipa::path(delete, path = "/api/meetings/{id}/files/{file}", params(("id" = i64, Path, example = 1), ("file" = i64, Path, example = 1)), responses((status = 204, description = "withdrawn"), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi")))]
pub(crate) async fn withdraw_file(door: Door, Path((id, file)): Path<(i64, i64)>) -> Result<StatusCode, Problem> {
    door.done(move |s, cx| meetings::withdraw_file(s, cx, id, file)).await
}
