//! The API of inspection work: open a case (an inspection, a supervision, a denunciation, a
//! complaint), conclude it, read one or a unit's year of them. A case the caller may not see is
//! absent, exactly as one that does not exist.

use crate::api::body::Created;
use crate::api::body::Door;
use crate::api::body::UnitPath;
use crate::api::party::ratings::RatingYear;
use crate::api::typed::Typed;
use crate::http::extract::{Path, Query};
use crate::http::Problem;
use crate::services::party::cases;
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use tinhgon_domain::party::discipline::{CaseKind, Mode};
use tinhgon_domain::{Date, UnitCode};
use utoipa::ToSchema;

/// A case: an inspection, a supervision, a denunciation or a complaint.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"kind": "inspection", "handler": "42.TU.UBKT", "opened_on": "2026-05-04", "title": "Kiểm tra việc thực hiện nhiệm vụ đảng viên", "subject_unit": "18073.DU.C02", "planned": true}))]
pub(crate) struct OpenCase {
    kind: Option<CaseKind>,
    mode: Option<Mode>,
    /// The committee or inspection commission that handles it / cơ quan thực hiện.
    handler: Option<UnitCode>,
    year: Option<i32>,
    /// In the year's programme / theo chương trình.
    planned: Option<bool>,
    subject_unit: Option<UnitCode>,
    subject_person: Option<String>,
    title: Option<String>,
    team: Option<String>,
    period_from: Option<Date>,
    period_to: Option<Date>,
    opened_on: Option<Date>,
    anonymous: Option<bool>,
    sender: Option<String>,
    /// The discipline decision a complaint is about / quyết định bị khiếu nại.
    discipline: Option<i64>,
}

/// The conclusion (or answer) of a case.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"concluded_on": "2026-06-30", "conclusion": "Thực hiện tốt", "outcome": "no_breach"}))]
pub(crate) struct ConcludeCase {
    concluded_on: Option<Date>,
    conclusion: Option<String>,
    follow_up: Option<String>,
    outcome: Option<String>,
    extended_to: Option<Date>,
    announced_on: Option<Date>,
}

/// Opens a case.
#[utoipa::path(post, path = "/api/cases", request_body = OpenCase, responses((status = 201, body = Created), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 422, description = "Bad data; nothing written / dữ liệu sai")))]
pub(crate) async fn open_case(door: Door, Typed(b): Typed<OpenCase>) -> Result<(StatusCode, Json<Created>), Problem> {
    let o = cases::Open {
        kind: b.kind,
        mode: b.mode,
        handler: b.handler,
        year: b.year,
        planned: b.planned.unwrap_or(false),
        subject_unit: b.subject_unit,
        subject_person: b.subject_person,
        title: b.title.unwrap_or_default(),
        team: b.team,
        period: (b.period_from, b.period_to),
        opened_on: b.opened_on,
        anonymous: b.anonymous.unwrap_or(false),
        sender: b.sender,
        discipline: b.discipline,
    };
    door.created(move |s, cx| cases::open(s, cx, &o)).await
}

/// Concludes (or answers) a case the caller handles.
#[utoipa::path(post, path = "/api/cases/{id}/conclusion", params(("id" = i64, Path, example = 1)), request_body = ConcludeCase, responses((status = 200, body = Created), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi"), (status = 422, description = "Bad data; nothing written / dữ liệu sai")))]
pub(crate) async fn conclude_case(
    door: Door,
    Path(id): Path<i64>,
    Typed(b): Typed<ConcludeCase>,
) -> Result<Json<Created>, Problem> {
    let k = cases::Conclude {
        concluded_on: b.concluded_on,
        conclusion: b.conclusion.unwrap_or_default(),
        follow_up: b.follow_up,
        outcome: b.outcome,
        extended_to: b.extended_to,
        announced_on: b.announced_on,
    };
    door.wrote(id, move |s, cx| cases::conclude(s, cx, id, &k)).await
}

/// A case with its discipline decisions.
#[derive(serde::Serialize, ToSchema)]
pub(crate) struct CaseDetail {
    #[serde(flatten)]
    case: cases::View,
    disciplines: Vec<cases::DisciplineRow>,
}

/// One case the caller may see, with its discipline decisions.
#[utoipa::path(get, path = "/api/cases/{id}", params(("id" = i64, Path, example = 1)), responses((status = 200, body = CaseDetail, description = "the case; the sender only for its handlers"), (status = 404, description = "Absent, out of reach or confidential / không có, ngoài phạm vi hoặc chưa công bố")))]
pub(crate) async fn get_case(door: Door, Path(id): Path<i64>) -> Result<Json<CaseDetail>, Problem> {
    let (case, disciplines) = door.answer(move |s, cx| cases::get(s, cx, id)).await?.0;
    Ok(Json(CaseDetail { case, disciplines }))
}

/// The cases of a year at, under or about a unit that the caller may see (default this year).
#[utoipa::path(get, path = "/api/units/{code}/cases", params(("code" = String, Path, example = "18073.DU"), RatingYear), responses((status = 200, body = Vec<cases::View>, description = "cases, newest first"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi"), (status = 422, description = "Bad year / năm sai")))]
pub(crate) async fn unit_cases(
    door: Door,
    UnitPath(unit): UnitPath,
    Query(q): Query<RatingYear>,
) -> Result<Json<Vec<cases::View>>, Problem> {
    let year = crate::api::party::ratings::year_or_this(&q)?;
    door.answer(move |s, cx| cases::list(s, cx, &unit, year)).await
}
