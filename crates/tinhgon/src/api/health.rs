//! The API's liveness: answered to anyone.

use crate::http::{Problem, State};
use crate::services::{self};
use axum::extract::State as Extract;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub(crate) struct Health {
    status: &'static str,
    last_change: i64,
}

/// Liveness and the newest change-log sequence number.
#[utoipa::path(get, path = "/api/health", responses((status = 200, body = Health)))]
pub(crate) async fn health(Extract(state): Extract<State>) -> Result<Json<Health>, Problem> {
    let last_change = state.with_store(|s| Ok(services::health(s)?)).await?;
    Ok(Json(Health { status: "ok", last_change }))
}
