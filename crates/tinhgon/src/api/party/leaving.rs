//! The API of a member leaving the party on a ground, by a decision.

use crate::api::body::Done;
use crate::api::body::Door;
use crate::api::typed::Typed;
use crate::http::Problem;
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use tinhgon_domain::party::leaving::Ground;
use tinhgon_domain::{Date, DocumentNumber};
use utoipa::ToSchema;

/// A member leaving the party on a ground, by a decision.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"person": "42.0000063", "ground": "death", "on": "2026-03-02", "decision_no": "9-QĐ/ĐU", "decision_date": "2026-03-05"}))]
pub(crate) struct Leave {
    person: String,
    ground: Ground,
    on: Date,
    decision_no: DocumentNumber,
    decision_date: Date,
    note: Option<String>,
}

/// A member leaves the party on a ground, by a decision.
#[utoipa::path(post, path = "/api/leavings", request_body = Leave, responses((status = 201, body = Done), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 422, description = "Bad data; nothing written / dữ liệu sai")))]
pub(crate) async fn leave(door: Door, Typed(body): Typed<Leave>) -> Result<(StatusCode, Json<Done>), Problem> {
    let Leave { person, ground, on, decision_no, decision_date, note } = body;
    let decision = tinhgon_domain::Decision { number: decision_no, date: decision_date };
    door.recorded(move |s, cx| {
        let leave = crate::services::party::leaving::Leave {
            person: &person,
            ground,
            on,
            decision: &decision,
            note: note.as_deref(),
        };
        crate::services::party::leaving::leave(s, cx, &leave)
    })
    .await
}
