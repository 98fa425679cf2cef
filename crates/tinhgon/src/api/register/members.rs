//! The API of membership periods: record one, creating the person when the code is new.

use super::people::MembershipOut;
use super::{as_row, row_of};
use crate::api::body::Door;
use crate::api::typed::Typed;
use crate::http::Problem;
use crate::services::register::{members, rows::FileKind};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use tinhgon_domain::catalog::{Education, Gender, MemberStatus, StaffCategory, Theory};
use tinhgon_domain::Date;
use tinhgon_domain::{DocumentNumber, UnitCode};
use utoipa::ToSchema;

/// A membership period, with the columns of a members file; the person's own fields create the
/// person when the code is new.
#[derive(Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"person": "42.0999003", "unit": "18073.DU.C01", "status": "probationary", "admitted_on": "2026-02-01", "full_name": "Lê Thị Hoa", "gender": "female", "birth_date": "1998-07-01"}))]
pub(crate) struct NewMember {
    person: String,
    unit: UnitCode,
    status: MemberStatus,
    admitted_on: Date,
    recognized_on: Option<Date>,
    valid_from: Option<Date>,
    valid_to: Option<Date>,
    decision_no: Option<DocumentNumber>,
    decision_date: Option<Date>,
    full_name: Option<String>,
    #[schema(value_type = Option<Gender>)]
    gender: Option<String>,
    birth_date: Option<Date>,
    ethnicity: Option<String>,
    education: Option<Education>,
    theory: Option<Theory>,
    staff_category: Option<StaffCategory>,
}

/// Records a membership period (the fields of a members file).
#[utoipa::path(post, path = "/api/members", request_body = NewMember, responses((status = 201, body = [MembershipOut])))]
pub(crate) async fn create_member(
    door: Door,
    Typed(body): Typed<NewMember>,
) -> Result<(StatusCode, Json<Vec<MembershipOut>>), Problem> {
    let rows = row_of(&door.cx(), FileKind::Members, as_row(&body)?, members::parse)?;
    door.made(move |s, cx| {
        members::create(s, cx, &rows, false)?;
        Ok(rows
            .into_iter()
            .flat_map(|r| r.periods)
            .map(|m| MembershipOut {
                unit: m.unit.to_string(),
                unit_name: String::new(),
                status: m.status.code().into(),
                admitted_on: m.admitted_on.to_string(),
                recognized_on: m.recognized_on.map(|d| d.to_string()),
                valid_from: m.validity.from.to_string(),
                valid_to: m.validity.to.map(|d| d.to_string()),
            })
            .collect())
    })
    .await
}
