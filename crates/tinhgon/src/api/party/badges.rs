//! The API of party badges: the members due one, and awarding one by a decision.

use super::YearQuery;
use crate::api::body::Door;
use crate::api::body::UnitPath;
use crate::api::body::{Done, Fields};
use crate::api::typed::Typed;
use crate::http::Problem;
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use tinhgon_domain::{Date, DocumentNumber};
use utoipa::ToSchema;

/// Members at or under a unit due a badge by a day (default a year from today), with the award day.
#[utoipa::path(get, path = "/api/units/{code}/badges-due", params(("code" = String, Path, example = "18073.DU"), YearQuery), responses((status = 200, body = Vec<crate::services::party::badges::BadgeDue>, description = "members due a badge"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi")))]
pub(crate) async fn badges_due(
    door: Door,
    UnitPath(unit): UnitPath,
    crate::http::extract::Query(q): crate::http::extract::Query<YearQuery>,
) -> Result<Json<Vec<crate::services::party::badges::BadgeDue>>, Problem> {
    let f = Fields(vec![("until".into(), q.until.map_or(serde_json::Value::Null, serde_json::Value::String))]);
    let until = f.date("until")?.unwrap_or(crate::clock::today().add_months(12));
    door.answer(move |s, cx| crate::services::party::badges::due(s, cx, &unit, until)).await
}

/// A party badge awarded by a decision.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"person": "42.0000075", "years": 55, "on": "2026-02-03", "decision_no": "7-QĐ/TU", "decision_date": "2026-01-20"}))]
pub(crate) struct AwardBadge {
    person: String,
    /// Years of party age the badge marks: 30, 40, 45, 50, … / huy hiệu … năm tuổi Đảng.
    years: i32,
    on: Date,
    decision_no: DocumentNumber,
    decision_date: Date,
    /// `serious_illness`: awarded early to a member seriously ill / trao sớm khi ốm nặng.
    early: Option<String>,
}

/// Awards a party badge by a decision.
#[utoipa::path(post, path = "/api/badges", request_body = AwardBadge, responses((status = 201, body = Done), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 422, description = "Bad data; nothing written / dữ liệu sai")))]
pub(crate) async fn award_badge(
    door: Door,
    Typed(body): Typed<AwardBadge>,
) -> Result<(StatusCode, Json<Done>), Problem> {
    let AwardBadge { person, years, on, decision_no, decision_date, early } = body;
    let decision = tinhgon_domain::Decision { number: decision_no, date: decision_date };
    let ill = early.is_some_and(|e| e == "serious_illness");
    door.recorded(move |s, cx| {
        crate::services::party::badges::award(
            s,
            cx,
            &crate::services::party::badges::Award { person: &person, years, decision: &decision, on, ill },
        )
    })
    .await
}
