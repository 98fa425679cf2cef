//! The API of party figures over a period.

use super::PeriodQuery;
use crate::api::body::Door;
use crate::api::body::Fields;
use crate::api::body::UnitPath;
use crate::http::Problem;
use axum::Json;
use tinhgon_domain::Date;

/// Party work at or under a unit over a period: admissions, recognitions, removals, expulsions,
/// deaths, transfers out, in and within, badges; members in transit and by party age at its end.
#[utoipa::path(get, path = "/api/units/{code}/party-stats", params(("code" = String, Path, example = "18073.DU"), PeriodQuery), responses((status = 200, body = crate::services::party::stats::PartyFigures, description = "the figures"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi"), (status = 422, description = "Bad period / khoảng thời gian sai")))]
pub(crate) async fn party_stats(
    door: Door,
    UnitPath(unit): UnitPath,
    crate::http::extract::Query(q): crate::http::extract::Query<PeriodQuery>,
) -> Result<Json<crate::services::party::stats::PartyFigures>, Problem> {
    let f = Fields(vec![
        ("from".into(), q.from.map_or(serde_json::Value::Null, serde_json::Value::String)),
        ("to".into(), q.to.map_or(serde_json::Value::Null, serde_json::Value::String)),
    ]);
    let today = crate::clock::today();
    let to = f.date("to")?.unwrap_or(today.add_days(1));
    let from = f.date("from")?.unwrap_or(Date::from_ymd(to.year(), 1, 1).unwrap_or(to));
    let figures = door.answer(move |s, cx| crate::services::party::stats::period(s, cx, &unit, from, to)).await?.0;
    Ok(Json(figures))
}
