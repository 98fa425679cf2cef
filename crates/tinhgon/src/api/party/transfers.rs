//! The API of transfers: send a member with the introduction letter, receive them, list them.

use crate::api::body::Created;
use crate::api::body::Door;
use crate::api::typed::Typed;
use crate::http::extract::Path;
use crate::http::Problem;
use crate::services::party::transfers;
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use tinhgon_domain::party::transfer::Kind;
use tinhgon_domain::{Date, UnitCode};
use utoipa::ToSchema;

/// A member sent on a transfer with the introduction letter.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"person": "42.0000064", "to_cell": "18073.DU.C02", "on": "2026-11-02", "letter": "16-GGT/ĐU"}))]
pub(crate) struct SendTransfer {
    person: String,
    /// official (default), temporary or training.
    kind: Option<Kind>,
    /// The receiving cell, when it is in the register / chi bộ nơi đến.
    to_cell: Option<UnitCode>,
    /// Where the member goes, when the cell is not in the register / nơi đến.
    destination: Option<String>,
    on: Date,
    returns_on: Option<Date>,
    /// The introduction letter's number / số giấy giới thiệu.
    letter: String,
    reason: Option<String>,
}

/// The day a member sent is received.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"on": "2026-11-09"}))]
pub(crate) struct Receive {
    on: Date,
}

/// Sends a member on a transfer with its introduction letter.
#[utoipa::path(post, path = "/api/transfers", request_body = SendTransfer, responses((status = 201, body = Created), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 422, description = "Bad data; nothing written / dữ liệu sai")))]
pub(crate) async fn send_transfer(
    door: Door,
    Typed(body): Typed<SendTransfer>,
) -> Result<(StatusCode, Json<Created>), Problem> {
    let SendTransfer { person, kind, to_cell, destination, on: sent_on, returns_on, letter, reason } = body;
    let kind = kind.unwrap_or(Kind::Official);
    let send = transfers::Send { person, kind, to_cell, destination, sent_on, returns_on, letter, reason };
    let id = door.answer(move |s, cx| transfers::send(s, cx, &send)).await?.0;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// The receiving cell takes in a member sent to it.
#[utoipa::path(post, path = "/api/transfers/{id}/receive", params(("id" = i64, Path, example = 1)), request_body = Receive, responses((status = 200, body = Created), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi"), (status = 422, description = "Bad data; nothing written / dữ liệu sai")))]
pub(crate) async fn receive_transfer(
    door: Door,
    Path(id): Path<i64>,
    Typed(Receive { on }): Typed<Receive>,
) -> Result<Json<Created>, Problem> {
    door.wrote(id, move |s, cx| transfers::receive(s, cx, id, on)).await
}

/// The transfers either side in reach sees, with where each stands.
#[utoipa::path(get, path = "/api/transfers", responses((status = 200, body = Vec<transfers::View>, description = "transfers: in_transit, received, away, left; overdue when past the letter's 30 working days")))]
pub(crate) async fn list_transfers(door: Door) -> Result<Json<Vec<transfers::View>>, Problem> {
    door.answer(transfers::list).await
}
