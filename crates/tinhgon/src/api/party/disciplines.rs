//! The API of discipline decisions: record one, record its announcement (which writes its effect),
//! and a unit's year of them that the caller may see.

use crate::api::body::Created;
use crate::api::body::Door;
use crate::api::body::UnitPath;
use crate::api::party::ratings::RatingYear;
use crate::api::typed::Typed;
use crate::http::extract::{Path, Query};
use crate::http::Problem;
use crate::services::party::{cases, disciplines};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use tinhgon_domain::party::discipline::{Breach, Form};
use tinhgon_domain::{Date, UnitCode};
use utoipa::ToSchema;

/// A discipline decision about a member (`person`) or an organization (`unit`).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"person": "42.0000062", "form": "reprimand", "breach_on": "2026-01-10", "decided_by": "18073.DU", "decided_on": "2026-02-02", "decision_no": "6-QĐ/ĐU"}))]
pub(crate) struct Decide {
    unit: Option<UnitCode>,
    person: Option<String>,
    form: Form,
    breach: Option<Breach>,
    breach_on: Date,
    decided_by: UnitCode,
    decided_on: Date,
    decision_no: String,
    effective_on: Option<Date>,
    /// Not before the decision; until it is given the decision writes no effect.
    announced_on: Option<Date>,
    /// With `removal_from_post`: the unit of the post / đơn vị của chức vụ.
    post_unit: Option<UnitCode>,
    post_title: Option<String>,
    reason: Option<String>,
    case: Option<i64>,
}

/// The day a discipline decision was announced.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"announced_on": "2026-02-05"}))]
pub(crate) struct Announce {
    announced_on: Date,
}

/// Records a discipline decision; an expulsion ends the membership and a removal from post the
/// position, in the same write.
#[utoipa::path(post, path = "/api/disciplines", request_body = Decide, responses((status = 201, body = Created), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 422, description = "Bad data; nothing written / dữ liệu sai")))]
pub(crate) async fn decide(door: Door, Typed(b): Typed<Decide>) -> Result<(StatusCode, Json<Created>), Problem> {
    let post = match (b.post_unit, b.post_title) {
        (Some(u), Some(t)) => Some((u, t)),
        _ => None,
    };
    let d = disciplines::Decide {
        unit: b.unit,
        person: b.person,
        form: b.form,
        breach: b.breach.unwrap_or(Breach::Ordinary),
        breach_on: b.breach_on,
        decided_by: b.decided_by,
        decided_on: b.decided_on,
        decision_no: b.decision_no,
        effective_on: b.effective_on,
        announced_on: b.announced_on,
        post,
        reason: b.reason,
        case: b.case,
    };
    door.created(move |s, cx| disciplines::decide(s, cx, &d)).await
}

/// The discipline decisions of a year at or under a unit that the caller may see.
#[utoipa::path(get, path = "/api/units/{code}/disciplines", params(("code" = String, Path, example = "18073.DU"), RatingYear), responses((status = 200, body = Vec<cases::DisciplineRow>, description = "decisions, oldest first"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi"), (status = 422, description = "Bad year / năm sai")))]
pub(crate) async fn unit_disciplines(
    door: Door,
    UnitPath(unit): UnitPath,
    Query(q): Query<RatingYear>,
) -> Result<Json<Vec<cases::DisciplineRow>>, Problem> {
    let year = crate::api::party::ratings::year_or_this(&q)?;
    door.answer(move |s, cx| disciplines::list(s, cx, &unit, year)).await
}

/// Records that a discipline decision the caller handles was announced: its effect (an expulsion
/// ends the membership, a removal from post the position) is written in the same write, dated from
/// the day the decision takes effect.
#[utoipa::path(post, path = "/api/disciplines/{id}/announcement", params(("id" = i64, Path, example = 1)), request_body = Announce, responses((status = 200, body = Created), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 404, description = "Absent, out of reach or not handled by the caller / không có, ngoài phạm vi"), (status = 409, description = "Announced already / đã công bố"), (status = 422, description = "Bad data; nothing written / dữ liệu sai")))]
pub(crate) async fn announce(
    door: Door,
    Path(id): Path<i64>,
    Typed(Announce { announced_on: on }): Typed<Announce>,
) -> Result<Json<Created>, Problem> {
    door.wrote(id, move |s, cx| disciplines::announce(s, cx, id, on)).await
}
