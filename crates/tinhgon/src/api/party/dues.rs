//! The API of party dues: a member's ledger, and a month paid.

use super::YearQuery;
use crate::api::body::Done;
use crate::api::body::Door;
use crate::api::typed::Typed;
use crate::http::extract::Path;
use crate::http::Problem;
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use tinhgon_domain::Date;
use utoipa::ToSchema;

/// A member's dues ledger for a year (default this year).
#[utoipa::path(get, path = "/api/people/{code}/dues", params(("code" = String, Path, example = "42.0000055"), YearQuery), responses((status = 200, body = crate::services::party::dues::Ledger, description = "the ledger"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi")))]
pub(crate) async fn dues_ledger(
    door: Door,
    Path(code): Path<String>,
    crate::http::extract::Query(q): crate::http::extract::Query<YearQuery>,
) -> Result<Json<crate::services::party::dues::Ledger>, Problem> {
    let year = q.year.unwrap_or(crate::clock::today().year());
    door.answer(move |s, cx| crate::services::party::dues::ledger(s, cx, &code, year)).await
}

/// One month's dues paid.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"person": "42.0000055", "month": "11/2026", "amount": 50000, "paid_on": "2026-11-05"}))]
pub(crate) struct PayDues {
    person: String,
    /// The month paid for, mm/yyyy / tháng đóng.
    month: String,
    /// In đồng / số tiền (đồng).
    amount: i64,
    paid_on: Date,
}

/// Records one month's dues paid.
#[utoipa::path(post, path = "/api/dues/payments", request_body = PayDues, responses((status = 201, body = Done), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 422, description = "Bad data; nothing written / dữ liệu sai")))]
pub(crate) async fn pay_dues(door: Door, Typed(body): Typed<PayDues>) -> Result<(StatusCode, Json<Done>), Problem> {
    use crate::services::party::dues;
    // The payment is read as a line of a payments file is: one check for both doors.
    let cells = vec![body.person, body.month, body.amount.to_string(), body.paid_on.to_string()];
    door.recorded(move |s, cx| dues::pay_one(s, cx, cells)).await
}
