//! The API of the work due at a unit.

use crate::api::body::Door;
use crate::api::body::UnitPath;
use crate::http::Problem;
use axum::Json;

/// The work due at a unit, overdue first.
#[utoipa::path(get, path = "/api/units/{code}/due", params(("code" = String, Path, example = "18073.DU")), responses((status = 200, body = Vec<crate::services::party::due::Item>, description = "the work due"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi")))]
pub(crate) async fn work_due(
    door: Door,
    UnitPath(unit): UnitPath,
) -> Result<Json<Vec<crate::services::party::due::Item>>, Problem> {
    door.answer(move |s, cx| crate::services::party::due::at(s, cx, &unit)).await
}
