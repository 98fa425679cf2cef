//! The API of yearly ratings and of a year's party work: record ratings (one or a list, all or
//! nothing), list a unit's, count them with another year beside, and the year's report.

use crate::api::body::Door;
use crate::api::body::UnitPath;
use crate::i18n::Label;
use axum::http::StatusCode;
use axum::Json;
use serde::Serialize;
use tinhgon_domain::msg::Msg;
use tinhgon_domain::party::rating::{Grade, Stage, Subject};
use utoipa::ToSchema;

use crate::api::typed;
use crate::http::extract::{Json as Body, Object, Query};
use crate::http::Problem;
use crate::services::party::{ratings, report};
use crate::services::{Error, RowError};
use serde::Deserialize;
use tinhgon_domain::UnitCode;

/// How many ratings were recorded.
#[derive(Serialize, ToSchema)]
pub struct Recorded {
    count: usize,
}

/// One rating: of an organization (`unit`) or a member (`person`), for a year.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"year": 2025, "subject": "member", "person": "42.0000061", "grade": "httnv"}))]
pub(crate) struct RateIn {
    year: i32,
    subject: Subject,
    unit: Option<UnitCode>,
    person: Option<String>,
    /// The stage of the rating (default `decision`).
    stage: Option<Stage>,
    /// The grade, by its code or its name (`Hoàn thành tốt nhiệm vụ`).
    #[schema(value_type = Grade)]
    grade: String,
    /// A civil servant's grade, when it differs / xếp loại công chức.
    #[schema(value_type = Option<Grade>)]
    civil_service_grade: Option<String>,
    score: Option<i64>,
    note: Option<String>,
}

/// Ratings recorded together, all or nothing.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RatingList {
    ratings: Vec<RateIn>,
}

/// One rating, or a list of them.
#[derive(Deserialize, ToSchema)]
#[serde(untagged)]
#[allow(dead_code)] // The schema of the body; the handler reads one of its two shapes by its keys.
#[schema(example = json!({"ratings": [{"year": 2025, "subject": "member", "person": "42.0000061", "grade": "httnv"}, {"year": 2025, "subject": "member", "person": "42.0000060", "grade": "httnv"}]}))]
pub(crate) enum RateBody {
    One(RateIn),
    List(RatingList),
}

/// A rating as the service takes it: the grades read (by code or name) and refused naming the
/// field and line.
fn rate_of(line: usize, r: RateIn, errors: &mut Vec<RowError>) -> Option<ratings::Rate> {
    let mut grade = |field: &str, text: &str| {
        Grade::read(text, Label::label_vi)
            .map_err(|e| errors.push(RowError::said(line, field, tinhgon_domain::msg::Said::msg(&e))))
            .ok()
    };
    let main = grade("grade", &r.grade);
    let civil = match &r.civil_service_grade {
        None => Some(None),
        Some(t) => grade("civil_service_grade", t).map(Some),
    };
    Some(ratings::Rate {
        year: r.year,
        subject: r.subject,
        unit: r.unit,
        person: r.person,
        stage: r.stage.unwrap_or(Stage::Decision),
        grade: main?,
        civil_service: civil?,
        score: r.score,
        note: r.note,
    })
}

/// Records ratings: one object, or {"ratings": [...]}, all or nothing.
#[utoipa::path(post, path = "/api/ratings", request_body = RateBody, responses((status = 201, body = Recorded), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 422, description = "Bad data; nothing written / dữ liệu sai")))]
pub(crate) async fn rate(door: Door, Body(body): Body<Object>) -> Result<(StatusCode, Json<Recorded>), Problem> {
    let list = if body.0.iter().any(|(k, _)| k.eq_ignore_ascii_case("ratings")) {
        typed::read::<RatingList>(body)?.ratings
    } else {
        vec![typed::read::<RateIn>(body)?]
    };
    let mut errors = Vec::new();
    let rows: Vec<(usize, ratings::Rate)> =
        list.into_iter().enumerate().filter_map(|(i, v)| rate_of(i + 1, v, &mut errors).map(|r| (i + 1, r))).collect();
    if !errors.is_empty() {
        return Err(Error::Invalid(errors).into());
    }
    let count = door.answer(move |s, cx| ratings::rate_all(s, cx, &rows, false)).await?.0;
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
        return Err(Error::said("year", Msg::new("api-rating-year-from").text("today", today)));
    }
    Ok(year)
}

/// The year asked, or this year: the year of cases and decisions, which run in the current one.
pub(crate) fn year_or_this(q: &RatingYear) -> Result<i32, Error> {
    year_of(&RatingYear { year: q.year.or(Some(crate::clock::today().year())), compare: None })
}

/// The ratings of a year at or under a unit (default last year).
#[utoipa::path(get, path = "/api/units/{code}/ratings", params(("code" = String, Path, example = "18073.DU"), RatingYear), responses((status = 200, body = Vec<ratings::RatingRow>, description = "ratings, organizations first"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi"), (status = 422, description = "Bad year / năm sai")))]
pub(crate) async fn unit_ratings(
    door: Door,
    UnitPath(unit): UnitPath,
    Query(q): Query<RatingYear>,
) -> Result<Json<Vec<ratings::RatingRow>>, Problem> {
    let year = year_of(&q)?;
    door.answer(move |s, cx| ratings::list(s, cx, &unit, year)).await
}

/// A year's party work, and another year's beside it when asked.
#[derive(Serialize, ToSchema)]
pub(crate) struct PartyWork {
    #[serde(flatten)]
    year: report::YearReport,
    #[serde(skip_serializing_if = "Option::is_none")]
    compare: Option<report::YearReport>,
}

/// A year's party work at or under a unit (default last year): meetings, visits, the decided
/// ratings by kind with their shares; with `compare`, another year beside it.
#[utoipa::path(get, path = "/api/units/{code}/party-work", params(("code" = String, Path, example = "18073.DU"), RatingYear), responses((status = 200, body = PartyWork, description = "the year's report, and compare when asked"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi"), (status = 422, description = "Bad year / năm sai")))]
pub(crate) async fn party_work(
    door: Door,
    UnitPath(unit): UnitPath,
    Query(q): Query<RatingYear>,
) -> Result<Json<PartyWork>, Problem> {
    let year = year_of(&q)?;
    let other = q.compare.map(|c| year_of(&RatingYear { year: Some(c), compare: None })).transpose()?;
    let (now, then) = door.answer(move |s, cx| report::years(s, cx, &unit, year, other)).await?.0;
    Ok(Json(PartyWork { year: now, compare: then }))
}
