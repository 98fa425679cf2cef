//! The API of the work due at a unit.

use crate::http::extract::Path;
use crate::http::{Caller, Problem, State};
use axum::extract::State as Extract;
use axum::Json;

/// The work due at a unit, overdue first.
#[utoipa::path(get, path = "/api/units/{code}/due", params(("code" = String, Path, example = "18073.DU")), responses((status = 200, body = Vec<crate::services::party::due::Item>, description = "the work due"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi")))]
pub(crate) async fn work_due(
    Extract(state): Extract<State>,
    caller: Caller,
    Path(code): Path<String>,
) -> Result<Json<Vec<crate::services::party::due::Item>>, Problem> {
    let cx = caller.cx();
    let unit = crate::api::body::parse_code(&code)?;
    let items = state.with_store(move |s| Ok(crate::services::party::due::at(s, &cx, &unit)?)).await?;
    Ok(Json(items))
}
