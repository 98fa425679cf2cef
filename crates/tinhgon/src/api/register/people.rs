//! The API of people: search them by name, read one with their memberships and positions, and
//! record a person.

use super::units::position_out;
use super::units::PositionOut;
use super::{as_row, row_of};
use crate::api::body::Door;
use crate::api::typed::Typed;
use crate::http::extract::{Path, Query};
use crate::http::Problem;
use crate::services::register::{people as persons, rows::FileKind};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use tinhgon_domain::catalog::{Education, Gender, StaffCategory, Theory};
use tinhgon_domain::Date;
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct PersonOut {
    code: String,
    name: String,
    gender: String,
    birth_date: String,
}

#[derive(Deserialize, IntoParams)]
pub(crate) struct PeopleQuery {
    /// Tên, không dấu cũng được / name, diacritics optional ("nguyen van an").
    q: String,
    limit: Option<i64>,
    offset: Option<i64>,
}

/// People whose full name or given name begins with the query, ignoring diacritics, in
/// Vietnamese order (given name, middle, family).
#[utoipa::path(get, path = "/api/people", params(PeopleQuery), responses((status = 200, body = [PersonOut])))]
pub(crate) async fn list_people(door: Door, Query(q): Query<PeopleQuery>) -> Result<Json<Vec<PersonOut>>, Problem> {
    let limit = q.limit.unwrap_or(50).clamp(1, 500);
    let offset = q.offset.unwrap_or(0).max(0);
    let text = q.q;
    let rows = door.answer(move |s, cx| persons::search(s, cx, &text, limit, offset)).await?.0;
    Ok(Json(
        rows.into_iter()
            .map(|p| PersonOut {
                code: p.code,
                name: p.name,
                gender: p.gender.code().into(),
                birth_date: p.birth_date.to_string(),
            })
            .collect(),
    ))
}

#[derive(Serialize, ToSchema)]
pub struct MembershipOut {
    pub(crate) unit: String,
    pub(crate) unit_name: String,
    pub(crate) status: String,
    pub(crate) admitted_on: String,
    pub(crate) recognized_on: Option<String>,
    pub(crate) valid_from: String,
    pub(crate) valid_to: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct PersonDetail {
    code: String,
    name: String,
    gender: String,
    birth_date: String,
    ethnicity: String,
    education: String,
    theory: String,
    staff_category: Option<String>,
    memberships: Vec<MembershipOut>,
    positions: Vec<PositionOut>,
}

/// A person with their membership and position history.
#[utoipa::path(get, path = "/api/people/{code}", params(("code" = String, Path, example = "42.0000055")), responses((status = 200, body = PersonDetail)))]
pub(crate) async fn get_person(door: Door, Path(code): Path<String>) -> Result<Json<PersonDetail>, Problem> {
    let d = door.answer(move |s, cx| persons::detail(s, cx, &code)).await?.0;
    let p = d.person;
    let detail = PersonDetail {
        code: p.code,
        name: p.name,
        gender: p.gender.code().into(),
        birth_date: p.birth_date.to_string(),
        ethnicity: p.ethnicity,
        education: p.education.code().into(),
        theory: p.theory.code().into(),
        staff_category: p.staff_category.map(|c| c.code().into()),
        memberships: d
            .memberships
            .into_iter()
            .map(|m| MembershipOut {
                unit: m.unit,
                unit_name: m.unit_name,
                status: m.status.code().into(),
                admitted_on: m.admitted_on.to_string(),
                recognized_on: m.recognized_on.map(|d| d.to_string()),
                valid_from: m.validity.from.to_string(),
                valid_to: m.validity.to.map(|d| d.to_string()),
            })
            .collect(),
        positions: d.positions.into_iter().map(|a| position_out(None, a)).collect(),
    };
    Ok(Json(detail))
}

/// A person, with the columns of a people file.
#[derive(Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"code": "42.0999001", "full_name": "Nguyễn Thị Mai", "gender": "female", "birth_date": "1990-05-17", "ethnicity": "Kinh"}))]
pub(crate) struct NewPerson {
    /// The person's code / mã người.
    code: String,
    full_name: String,
    #[schema(value_type = Gender)]
    gender: String,
    birth_date: Date,
    ethnicity: Option<String>,
    education: Option<Education>,
    theory: Option<Theory>,
    staff_category: Option<StaffCategory>,
}

/// Records a person (the fields of a people file).
#[utoipa::path(post, path = "/api/people", request_body = NewPerson, responses((status = 201, body = PersonOut)))]
pub(crate) async fn create_person(
    door: Door,
    Typed(body): Typed<NewPerson>,
) -> Result<(StatusCode, Json<PersonOut>), Problem> {
    let rows = row_of(&door.cx(), FileKind::People, as_row(&body)?, persons::parse)?;
    door.made(move |s, cx| {
        persons::create(s, cx, &rows, false)?;
        let (_, p, _) = rows.into_iter().next().ok_or_else(|| crate::services::Error::internal("no person written"))?;
        Ok(PersonOut {
            code: p.code,
            name: p.name,
            gender: p.gender.code().into(),
            birth_date: p.birth_date.to_string(),
        })
    })
    .await
}
