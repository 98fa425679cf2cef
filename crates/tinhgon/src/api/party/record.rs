//! The API of a person's member record.

use crate::api::body::Door;
use crate::http::extract::Path;
use crate::http::Problem;
use axum::Json;

/// A person's member record; the citizen ID in full only for those who may edit the member.
#[utoipa::path(get, path = "/api/people/{code}/record", params(("code" = String, Path, example = "42.0000055")), responses((status = 200, body = Option<crate::services::party::record::RecordView>, description = "the record, or null when none is recorded"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi")))]
pub(crate) async fn member_record(
    door: Door,
    Path(code): Path<String>,
) -> Result<Json<Option<crate::services::party::record::RecordView>>, Problem> {
    door.answer(move |s, cx| crate::services::party::record::get(s, cx, &code)).await
}
