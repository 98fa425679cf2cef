//! The API of yearly ratings and of a year's party work: record ratings (one or a list, all or
//! nothing), list a unit's, count them with another year beside, and the year's report.

use axum::extract::State as Extract;
use axum::http::StatusCode;
use axum::Json;
use serde::Serialize;
use tinhgon_domain::party::rating::{Grade, Stage, Subject};
use utoipa::ToSchema;

use super::body::Fields;
use crate::http::extract::{Json as Body, Object, Path, Query};
use crate::http::{Caller, Problem, State};
use crate::services::party::{ratings, report};
use crate::services::{Error, RowError};

/// How many ratings were recorded.
#[derive(Serialize, ToSchema)]
pub struct Recorded {
    count: usize,
}

fn line_error(line: usize, column: &str, vi: String, en: String) -> RowError {
    RowError { line, column: column.into(), vi, en }
}

/// One rating of a list, as JSON.
fn rate_of(line: usize, v: &serde_json::Value, errors: &mut Vec<RowError>) -> Option<ratings::Rate> {
    let text = |k: &str| v.get(k).and_then(|t| t.as_str()).map(str::trim).filter(|t| !t.is_empty()).map(str::to_string);
    let mut fail = |k: &str, vi: String, en: String| errors.push(line_error(line, k, vi, en));
    // A field of the wrong type is refused, never taken as absent.
    for k in ["subject", "unit", "person", "stage", "grade", "civil_service_grade", "note"] {
        if v.get(k).is_some_and(|t| !t.is_null() && !t.is_string()) {
            fail(k, format!("trường {k} phải là chuỗi"), format!("the field {k} must be a string"));
        }
    }
    let year = v.get("year").and_then(|y| y.as_i64()).and_then(|y| i32::try_from(y).ok());
    if year.is_none() {
        fail("year", "ghi năm (một số)".into(), "give the year (a number)".into());
    }
    let subject = match text("subject") {
        None => {
            fail("subject", "thiếu trường subject".into(), "the field subject is missing".into());
            None
        }
        Some(t) => Subject::parse(&t).map_err(|e| fail("subject", e.vi(), e.to_string())).ok(),
    };
    let stage = match text("stage") {
        None => Some(Stage::Decision),
        Some(t) => Stage::parse(&t).map_err(|e| fail("stage", e.vi(), e.to_string())).ok(),
    };
    let grade = match text("grade") {
        None => {
            fail("grade", "thiếu trường grade".into(), "the field grade is missing".into());
            None
        }
        Some(t) => Grade::read(&t).map_err(|e| fail("grade", e.vi(), e.to_string())).ok(),
    };
    let civil = match text("civil_service_grade") {
        None => Some(None),
        Some(t) => Grade::read(&t).map(Some).map_err(|e| fail("civil_service_grade", e.vi(), e.to_string())).ok(),
    };
    let unit = match text("unit") {
        None => Some(None),
        Some(t) => tinhgon_domain::UnitCode::parse(&t).map(Some).map_err(|e| fail("unit", e.vi(), e.to_string())).ok(),
    };
    let score = match v.get("score") {
        None | Some(serde_json::Value::Null) => Some(None),
        Some(s) => s.as_i64().map(Some).or_else(|| {
            fail("score", "điểm là một số".into(), "the score is a number".into());
            None
        }),
    };
    Some(ratings::Rate {
        year: year?,
        subject: subject?,
        unit: unit?,
        person: text("person"),
        stage: stage?,
        grade: grade?,
        civil_service: civil?,
        score: score?,
        note: text("note"),
    })
}

/// Records ratings: one object, or {"ratings": [...]}, all or nothing.
#[utoipa::path(post, path = "/api/ratings", request_body(content = Object, description = "year, subject (organization, member, collective), unit (an organization) or person (a member), grade (tsvm, htxsnv, httnv, htnv, yeu_kem, khtnv, or the wording); optional stage (self, appraisal, decision: the default), civil_service_grade, score, note; or ratings: [ … ]"), responses((status = 201, body = Recorded), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 422, description = "Bad data; nothing written / dữ liệu sai")))]
pub(crate) async fn rate(
    Extract(state): Extract<State>,
    caller: Caller,
    Body(body): Body<Object>,
) -> Result<(StatusCode, Json<Recorded>), Problem> {
    let cx = caller.cx();
    let f = Fields::new(body);
    let list: Vec<serde_json::Value> = match f.value("ratings") {
        Some(serde_json::Value::Array(a)) => a.clone(),
        Some(_) => {
            return Err(Error::field("ratings", "ratings là một danh sách".into(), "ratings is a list".into()).into())
        }
        None => vec![serde_json::Value::Object(f.0.iter().cloned().collect())],
    };
    let mut errors = Vec::new();
    let rows: Vec<(usize, ratings::Rate)> =
        list.iter().enumerate().filter_map(|(i, v)| rate_of(i + 1, v, &mut errors).map(|r| (i + 1, r))).collect();
    if !errors.is_empty() {
        return Err(Error::Invalid(errors).into());
    }
    let count = state.with_store(move |s| Ok(ratings::rate_all(s, &cx, &rows, false)?)).await?;
    Ok((StatusCode::CREATED, Json(Recorded { count })))
}

/// A year, and a year to compare with.
#[derive(serde::Deserialize, utoipa::IntoParams)]
pub struct RatingYear {
    pub(crate) year: Option<i32>,
    pub(crate) compare: Option<i32>,
}

pub(crate) fn year_of(q: &RatingYear) -> Result<i32, Error> {
    let today = crate::clock::today().year();
    let year = q.year.unwrap_or(today - 1);
    if !(1990..=today).contains(&year) {
        return Err(Error::field("year", format!("năm từ 1990 đến {today}"), format!("a year from 1990 to {today}")));
    }
    Ok(year)
}

/// The ratings of a year at or under a unit (default last year).
#[utoipa::path(get, path = "/api/units/{code}/ratings", params(("code" = String, Path), RatingYear), responses((status = 200, description = "ratings, organizations first"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi"), (status = 422, description = "Bad year / năm sai")))]
pub(crate) async fn unit_ratings(
    Extract(state): Extract<State>,
    caller: Caller,
    Path(code): Path<String>,
    Query(q): Query<RatingYear>,
) -> Result<Json<serde_json::Value>, Problem> {
    let cx = caller.cx();
    let unit = super::body::parse_code(&code)?;
    let year = year_of(&q)?;
    let list = state.with_store(move |s| Ok(ratings::list(s, &cx, &unit, year)?)).await?;
    Ok(Json(serde_json::to_value(list).map_err(Problem::internal)?))
}

/// A year's party work at or under a unit (default last year): meetings, visits, the decided
/// ratings by kind with their shares; with `compare`, another year beside it.
#[utoipa::path(get, path = "/api/units/{code}/party-work", params(("code" = String, Path), RatingYear), responses((status = 200, description = "the year's report, and compare when asked"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi"), (status = 422, description = "Bad year / năm sai")))]
pub(crate) async fn party_work(
    Extract(state): Extract<State>,
    caller: Caller,
    Path(code): Path<String>,
    Query(q): Query<RatingYear>,
) -> Result<Json<serde_json::Value>, Problem> {
    let cx = caller.cx();
    let unit = super::body::parse_code(&code)?;
    let year = year_of(&q)?;
    let other = q.compare.map(|c| year_of(&RatingYear { year: Some(c), compare: None })).transpose()?;
    let (now, then) = state
        .with_store(move |s| {
            let now = report::year(s, &cx, &unit, year)?;
            let then = other.map(|y| report::year(s, &cx, &unit, y)).transpose()?;
            Ok((now, then))
        })
        .await?;
    let mut v = serde_json::to_value(now).map_err(Problem::internal)?;
    if let (Some(t), serde_json::Value::Object(m)) = (then, &mut v) {
        m.insert("compare".into(), serde_json::to_value(t).map_err(Problem::internal)?);
    }
    Ok(Json(v))
}
