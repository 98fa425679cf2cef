//! The API of review campaigns: launch one, form its steering teams, read it with where each
//! unit's report stands, draft and submit a unit's report, and add up the submitted figures.

use crate::api::body::Door;
use crate::api::body::UnitPath;
use axum::http::StatusCode;
use axum::Json;
use tinhgon_domain::directives::campaign::{CampaignKind, FigureKey};

use crate::api::body::Created;
use crate::api::typed::Typed;
use crate::http::extract::Path;
use crate::http::Problem;
use crate::services::directives::campaigns::{self, Input, Launch};
use serde::Deserialize;
use tinhgon_domain::{Date, UnitCode};
use utoipa::ToSchema;

/// A review campaign for a committee's subtree.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"launcher": "18073.DU", "kind": "tong_ket", "title": "Tổng kết công tác xây dựng Đảng năm 2026", "reference_on": "2026-11-30", "report_by": "2026-12-31", "fields": ["members_total", "admissions"]}))]
pub(crate) struct LaunchCampaign {
    launcher: Option<UnitCode>,
    kind: Option<CampaignKind>,
    title: Option<String>,
    /// The document reviewed / văn bản được sơ kết, tổng kết.
    reviews: Option<i64>,
    /// The guiding document / văn bản hướng dẫn.
    guidance: Option<i64>,
    /// The day the figures are taken / thời điểm lấy số liệu.
    reference_on: Option<Date>,
    pilot_by: Option<Date>,
    report_by: Option<Date>,
    closes_on: Option<Date>,
    conference_on: Option<Date>,
    /// The report's sections / các phần của báo cáo.
    sections: Option<Vec<String>>,
    /// The figures asked / các chỉ tiêu số liệu.
    fields: Option<Vec<FigureKey>>,
    /// The units that report (default: every party organization under the launcher).
    units: Option<Vec<UnitCode>>,
    /// The units that report first, as pilots / đơn vị làm điểm.
    pilots: Option<Vec<UnitCode>>,
}

/// A steering team that follows some of a campaign's units.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Tổ chỉ đạo số 1", "members": "Đồng chí Bí thư, Đồng chí Phó Bí thư", "units": ["18073.DU.C01"]}))]
pub(crate) struct AddTeam {
    name: Option<String>,
    /// Its members, as text / thành viên.
    members: Option<String>,
    units: Option<Vec<UnitCode>>,
}

/// A figure of a report, with the note that explains a figure corrected from the register's.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct FigureIn {
    key: FigureKey,
    value: Option<i64>,
    note: Option<String>,
}

/// A unit's report saved as a draft, or submitted (`submit: true`).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"texts": ["Kết quả nổi bật"], "submit": false}))]
pub(crate) struct SaveReport {
    /// The sections' texts, in the campaign's order.
    texts: Option<Vec<String>>,
    conference_on: Option<Date>,
    figures: Option<Vec<FigureIn>>,
    submit: Option<bool>,
    submitted_on: Option<Date>,
}

/// Launches a review campaign for a committee's subtree.
#[utoipa::path(post, path = "/api/campaigns", request_body = LaunchCampaign, responses((status = 201, body = Created), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 422, description = "Bad data; nothing written / dữ liệu sai")))]
pub(crate) async fn launch(
    door: Door,
    Typed(b): Typed<LaunchCampaign>,
) -> Result<(StatusCode, Json<Created>), Problem> {
    let l = Launch {
        launcher: b.launcher,
        kind: b.kind,
        title: b.title,
        reviews: b.reviews,
        guidance: b.guidance,
        reference_on: b.reference_on,
        pilot_by: b.pilot_by,
        report_by: b.report_by,
        closes_on: b.closes_on,
        conference_on: b.conference_on,
        sections: b.sections.unwrap_or_default(),
        fields: b.fields.unwrap_or_default(),
        units: b.units.unwrap_or_default(),
        pilots: b.pilots.unwrap_or_default(),
    };
    door.created(move |s, cx| campaigns::launch(s, cx, &l)).await
}

/// Forms a steering team that follows some of the campaign's units.
#[utoipa::path(post, path = "/api/campaigns/{id}/teams", params(("id" = i64, Path, example = 1)), request_body = AddTeam, responses((status = 201, body = Created), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi"), (status = 422, description = "Bad data; nothing written / dữ liệu sai")))]
pub(crate) async fn add_team(
    door: Door,
    Path(id): Path<i64>,
    Typed(b): Typed<AddTeam>,
) -> Result<(StatusCode, Json<Created>), Problem> {
    let (name, members, units) =
        (b.name.unwrap_or_default(), b.members.unwrap_or_default(), b.units.unwrap_or_default());
    let team = door.answer(move |s, cx| campaigns::team(s, cx, id, &name, &members, &units)).await?.0;
    Ok((StatusCode::CREATED, Json(Created { id: team })))
}

/// A campaign with where each unit's report stands (submitted, late) and its teams.
#[utoipa::path(get, path = "/api/campaigns/{id}", params(("id" = i64, Path, example = 1)), responses((status = 200, body = campaigns::View, description = "the campaign, units, teams, submitted, late"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi")))]
pub(crate) async fn get_campaign(door: Door, Path(id): Path<i64>) -> Result<Json<campaigns::View>, Problem> {
    door.answer(move |s, cx| campaigns::view(s, cx, id)).await
}

/// A unit's report: as saved, or pre-filled from the register as of the reference date.
#[utoipa::path(get, path = "/api/campaigns/{id}/reports/{code}", params(("id" = i64, Path, example = 1), ("code" = String, Path, example = "18073.DU.C01")), responses((status = 200, body = campaigns::Draft, description = "the outline, texts and figures (register, value, note)"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi")))]
pub(crate) async fn get_report(
    door: Door,
    Path((id, code)): Path<(i64, String)>,
) -> Result<Json<campaigns::Draft>, Problem> {
    let unit = crate::api::body::parse_code(&code)?;
    door.answer_indexed(move |s, cx, index| campaigns::draft(s, cx, index, id, &unit)).await
}

/// Saves a unit's report as a draft, or submits it (`submit: true`).
#[utoipa::path(post, path = "/api/campaigns/{id}/reports/{code}", params(("id" = i64, Path, example = 1), ("code" = String, Path, example = "18073.DU.C01")), request_body = SaveReport, responses((status = 200, body = Created), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi"), (status = 409, description = "Already submitted / đã nộp"), (status = 422, description = "Bad data; nothing written / dữ liệu sai")))]
pub(crate) async fn save_report(
    door: Door,
    Path((id, code)): Path<(i64, String)>,
    Typed(b): Typed<SaveReport>,
) -> Result<Json<Created>, Problem> {
    let unit = crate::api::body::parse_code(&code)?;
    let figures = b.figures.unwrap_or_default().into_iter().map(|f| (f.key, f.value, f.note)).collect();
    let input = Input {
        texts: b.texts.unwrap_or_default(),
        conference_on: b.conference_on,
        figures,
        submit: b.submit.unwrap_or(false),
        submitted_on: b.submitted_on,
    };
    let Json(()) = door.answer_indexed(move |s, cx, index| campaigns::save(s, cx, index, id, &unit, &input)).await?;
    Ok(Json(Created { id }))
}

/// The submitted figures added up for the launcher and each unit under it, beside the register's.
#[utoipa::path(get, path = "/api/campaigns/{id}/aggregate", params(("id" = i64, Path, example = 1)), responses((status = 200, body = campaigns::Aggregate, description = "reference_on, submitted, of, lines: [{key, submitted, register, differs}], below"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi")))]
pub(crate) async fn aggregate(door: Door, Path(id): Path<i64>) -> Result<Json<campaigns::Aggregate>, Problem> {
    door.answer_indexed(move |s, cx, index| campaigns::aggregate(s, cx, index, id, &mut |_, _| {})).await
}

/// The campaigns a unit launched or reports in.
#[utoipa::path(get, path = "/api/units/{code}/campaigns", params(("code" = String, Path, example = "18073.DU")), responses((status = 200, body = Vec<campaigns::CampaignRow>, description = "campaigns, newest first"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi")))]
pub(crate) async fn unit_campaigns(
    door: Door,
    UnitPath(unit): UnitPath,
) -> Result<Json<Vec<campaigns::CampaignRow>>, Problem> {
    door.answer(move |s, cx| campaigns::of_unit(s, cx, &unit)).await
}
