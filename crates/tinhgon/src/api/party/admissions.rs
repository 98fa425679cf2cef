//! The API of admissions: open one, record its steps, list them and read one with its time limits.

use crate::api::body::Created;
use crate::api::body::Door;
use crate::api::typed::Typed;
use crate::http::extract::Path;
use crate::http::Problem;
use crate::services::party::admissions;
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use tinhgon_domain::party::admission::Step;
use tinhgon_domain::{Date, UnitCode};
use utoipa::ToSchema;

/// A candidate's admission opened in a cell.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"person": "42.0999102", "cell": "18073.DU.C01", "on": "2026-03-02", "general_education": "12/12"}))]
pub(crate) struct OpenAdmission {
    /// The candidate's code / mã người được kết nạp.
    person: String,
    /// The cell / chi bộ.
    cell: UnitCode,
    on: Date,
    /// General education: 9/12, 12/12 or 7/10 / trình độ giáo dục phổ thông.
    general_education: Option<String>,
}

/// A sponsor of a candidate.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Sponsor {
    /// The sponsor's code / mã người giới thiệu.
    person: String,
    /// Since when the sponsor has known the candidate / biết người vào Đảng từ ngày.
    known_since: Date,
}

/// One step of an admission.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"step": "course", "on": "2026-03-10", "note": "Lớp bồi dưỡng nhận thức về Đảng"}))]
pub(crate) struct RecordStep {
    step: Step,
    on: Date,
    document: Option<String>,
    note: Option<String>,
    sponsors: Option<Vec<Sponsor>>,
}

/// Opens a candidate's admission in a cell.
#[utoipa::path(post, path = "/api/admissions", request_body = OpenAdmission, responses((status = 201, body = Created), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 422, description = "Bad data; nothing written / dữ liệu sai")))]
pub(crate) async fn open_admission(
    door: Door,
    Typed(body): Typed<OpenAdmission>,
) -> Result<(StatusCode, Json<Created>), Problem> {
    let OpenAdmission { person, cell, on, general_education: education } = body;
    door.created(move |s, cx| {
        admissions::open(
            s,
            cx,
            &admissions::Opening { person: &person, cell: &cell, general_education: education.as_deref(), on },
        )
    })
    .await
}

/// Records one step of an admission.
#[utoipa::path(post, path = "/api/admissions/{id}/steps", params(("id" = i64, Path, example = 1)), request_body = RecordStep, responses((status = 201, body = Created), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi"), (status = 422, description = "Bad data; nothing written / dữ liệu sai")))]
pub(crate) async fn admission_step(
    door: Door,
    Path(id): Path<i64>,
    Typed(body): Typed<RecordStep>,
) -> Result<(StatusCode, Json<Created>), Problem> {
    let (step, on) = (body.step, body.on);
    let sponsors = body.sponsors.unwrap_or_default().into_iter().map(|s| (s.person, s.known_since)).collect();
    let input = admissions::StepInput { document: body.document, note: body.note, sponsors };
    let recorded = door.wrote(id, move |s, cx| admissions::record(s, cx, id, step, on, &input)).await?;
    Ok((StatusCode::CREATED, recorded))
}

/// The admissions whose cell is in reach, newest first, with their time limits.
#[utoipa::path(get, path = "/api/admissions", responses((status = 200, body = Vec<admissions::View>, description = "admissions with steps, sponsors and time limits")))]
pub(crate) async fn list_admissions(door: Door) -> Result<Json<Vec<admissions::View>>, Problem> {
    door.answer(admissions::list).await
}

/// One admission in reach with its steps and time limits.
#[utoipa::path(get, path = "/api/admissions/{id}", params(("id" = i64, Path, example = 1)), responses((status = 200, body = admissions::View, description = "the admission"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi")))]
pub(crate) async fn get_admission(door: Door, Path(id): Path<i64>) -> Result<Json<admissions::View>, Problem> {
    door.answer(move |s, cx| admissions::get(s, cx, id)).await
}
