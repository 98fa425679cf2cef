//! The API of inspection work: open a case (an inspection, a supervision, a denunciation, a
//! complaint), conclude it, read one or a unit's year of them, and record discipline decisions.
//! A case the caller may not see is absent, exactly as one that does not exist.

use axum::extract::State as Extract;
use axum::http::StatusCode;
use axum::Json;
use tinhgon_domain::party::discipline::{Breach, CaseKind, Form, Mode};

use super::body::{Created, Fields};
use super::ratings::RatingYear;
use crate::http::extract::{Json as Body, Object, Path, Query};
use crate::http::{Caller, Problem, State};
use crate::services::party::{cases, disciplines};
use crate::services::Error;

fn code<T>(
    f: &Fields,
    name: &str,
    parse: fn(&str) -> Result<T, tinhgon_domain::catalog::UnknownCode>,
) -> Result<Option<T>, Error> {
    f.text(name)?.map(|t| parse(&t).map_err(|e| Error::field(name, e.vi(), e.to_string()))).transpose()
}

fn flag(f: &Fields, name: &str) -> Result<bool, Error> {
    match f.value(name) {
        None => Ok(false),
        Some(serde_json::Value::Bool(b)) => Ok(*b),
        Some(_) => Err(Error::field(name, format!("{name} là true hoặc false"), format!("{name} is true or false"))),
    }
}

/// Opens a case.
#[utoipa::path(post, path = "/api/cases", request_body(content = Object, description = "kind (inspection, supervision, denunciation, complaint), handler (the committee or inspection commission), opened_on, title, subject_unit or subject_person; optional mode (regular, thematic, breach_signs), year, planned, team, period_from, period_to, anonymous, sender, discipline (for a complaint)"), responses((status = 201, body = Created), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 422, description = "Bad data; nothing written / dữ liệu sai")))]
pub(crate) async fn open_case(
    Extract(state): Extract<State>,
    caller: Caller,
    Body(body): Body<Object>,
) -> Result<(StatusCode, Json<Created>), Problem> {
    let cx = caller.cx();
    let f = Fields::new(body);
    let o = cases::Open {
        kind: code(&f, "kind", CaseKind::parse)?,
        mode: code(&f, "mode", Mode::parse)?,
        handler: f.unit("handler")?,
        year: f
            .int("year")?
            .map(|y| {
                i32::try_from(y).map_err(|_| Error::field("year", "năm không hợp lệ".into(), "not a valid year".into()))
            })
            .transpose()?,
        planned: flag(&f, "planned")?,
        subject_unit: f.unit("subject_unit")?,
        subject_person: f.text("subject_person")?,
        title: f.text("title")?.unwrap_or_default(),
        team: f.text("team")?,
        period: (f.date("period_from")?, f.date("period_to")?),
        opened_on: f.date("opened_on")?,
        anonymous: flag(&f, "anonymous")?,
        sender: f.text("sender")?,
        discipline: f.int("discipline")?,
    };
    let id = state.with_store(move |s| Ok(cases::open(s, &cx, &o)?)).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// Concludes (or answers) a case the caller handles.
#[utoipa::path(post, path = "/api/cases/{id}/conclusion", params(("id" = i64, Path)), request_body(content = Object, description = "concluded_on, conclusion; optional follow_up, outcome, extended_to (a denunciation), announced_on"), responses((status = 200, body = Created), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi"), (status = 422, description = "Bad data; nothing written / dữ liệu sai")))]
pub(crate) async fn conclude_case(
    Extract(state): Extract<State>,
    caller: Caller,
    Path(id): Path<i64>,
    Body(body): Body<Object>,
) -> Result<Json<Created>, Problem> {
    let cx = caller.cx();
    let f = Fields::new(body);
    let k = cases::Conclude {
        concluded_on: f.date("concluded_on")?,
        conclusion: f.text("conclusion")?.unwrap_or_default(),
        follow_up: f.text("follow_up")?,
        outcome: f.text("outcome")?,
        extended_to: f.date("extended_to")?,
        announced_on: f.date("announced_on")?,
    };
    state.with_store(move |s| Ok(cases::conclude(s, &cx, id, &k)?)).await?;
    Ok(Json(Created { id }))
}

/// One case the caller may see, with its discipline decisions.
#[utoipa::path(get, path = "/api/cases/{id}", params(("id" = i64, Path)), responses((status = 200, description = "the case; the sender only for its handlers"), (status = 404, description = "Absent, out of reach or confidential / không có, ngoài phạm vi hoặc chưa công bố")))]
pub(crate) async fn get_case(
    Extract(state): Extract<State>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<serde_json::Value>, Problem> {
    let cx = caller.cx();
    let (case, decisions) = state.with_store(move |s| Ok(cases::get(s, &cx, id)?)).await?;
    let mut v = serde_json::to_value(case).map_err(Problem::internal)?;
    if let serde_json::Value::Object(m) = &mut v {
        m.insert("disciplines".into(), serde_json::to_value(decisions).map_err(Problem::internal)?);
    }
    Ok(Json(v))
}

/// The cases of a year at, under or about a unit that the caller may see (default this year).
#[utoipa::path(get, path = "/api/units/{code}/cases", params(("code" = String, Path), RatingYear), responses((status = 200, description = "cases, newest first"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi"), (status = 422, description = "Bad year / năm sai")))]
pub(crate) async fn unit_cases(
    Extract(state): Extract<State>,
    caller: Caller,
    Path(code): Path<String>,
    Query(q): Query<RatingYear>,
) -> Result<Json<serde_json::Value>, Problem> {
    let cx = caller.cx();
    let unit = super::body::parse_code(&code)?;
    let year =
        super::ratings::year_of(&RatingYear { year: q.year.or(Some(crate::clock::today().year())), compare: None })?;
    let list = state.with_store(move |s| Ok(cases::list(s, &cx, &unit, year)?)).await?;
    Ok(Json(serde_json::to_value(list).map_err(Problem::internal)?))
}

/// Records a discipline decision; an expulsion ends the membership and a removal from post the
/// position, in the same write.
#[utoipa::path(post, path = "/api/disciplines", request_body(content = Object, description = "person (a member) or unit (an organization), form (reprimand, warning, removal_from_post, expulsion, dissolution), breach_on, decided_by, decided_on, decision_no; optional breach (ordinary, no_limit), effective_on, announced_on, post_unit and post_title, reason, case"), responses((status = 201, body = Created), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 422, description = "Bad data; nothing written / dữ liệu sai")))]
pub(crate) async fn decide(
    Extract(state): Extract<State>,
    caller: Caller,
    Body(body): Body<Object>,
) -> Result<(StatusCode, Json<Created>), Problem> {
    let cx = caller.cx();
    let f = Fields::new(body);
    let missing = |n: &str| Error::field(n, format!("thiếu trường {n}"), format!("the field {n} is missing"));
    let post = match (f.unit("post_unit")?, f.text("post_title")?) {
        (Some(u), Some(t)) => Some((u, t)),
        _ => None,
    };
    let d = disciplines::Decide {
        unit: f.unit("unit")?,
        person: f.text("person")?,
        form: code(&f, "form", Form::parse)?.ok_or_else(|| missing("form"))?,
        breach: code(&f, "breach", Breach::parse)?.unwrap_or(Breach::Ordinary),
        breach_on: f.required_date("breach_on")?,
        decided_by: f.unit("decided_by")?.ok_or_else(|| missing("decided_by"))?,
        decided_on: f.required_date("decided_on")?,
        decision_no: f.required("decision_no")?,
        effective_on: f.date("effective_on")?,
        announced_on: f.date("announced_on")?,
        post,
        reason: f.text("reason")?,
        case: f.int("case")?,
    };
    let id = state.with_store(move |s| Ok(disciplines::decide(s, &cx, &d)?)).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// The discipline decisions of a year at or under a unit that the caller may see.
#[utoipa::path(get, path = "/api/units/{code}/disciplines", params(("code" = String, Path), RatingYear), responses((status = 200, description = "decisions, oldest first"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi"), (status = 422, description = "Bad year / năm sai")))]
pub(crate) async fn unit_disciplines(
    Extract(state): Extract<State>,
    caller: Caller,
    Path(code): Path<String>,
    Query(q): Query<RatingYear>,
) -> Result<Json<serde_json::Value>, Problem> {
    let cx = caller.cx();
    let unit = super::body::parse_code(&code)?;
    let year =
        super::ratings::year_of(&RatingYear { year: q.year.or(Some(crate::clock::today().year())), compare: None })?;
    let list = state.with_store(move |s| Ok(disciplines::list(s, &cx, &unit, year)?)).await?;
    Ok(Json(serde_json::to_value(list).map_err(Problem::internal)?))
}

/// Records that a discipline decision the caller handles was announced: its effect (an expulsion
/// ends the membership, a removal from post the position) is written in the same write, dated from
/// the day the decision takes effect.
#[utoipa::path(post, path = "/api/disciplines/{id}/announcement", params(("id" = i64, Path)), request_body(content = Object, description = "announced_on (not before the decision, not after today)"), responses((status = 200, body = Created), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 404, description = "Absent, out of reach or not handled by the caller / không có, ngoài phạm vi"), (status = 409, description = "Announced already / đã công bố"), (status = 422, description = "Bad data; nothing written / dữ liệu sai")))]
pub(crate) async fn announce(
    Extract(state): Extract<State>,
    caller: Caller,
    Path(id): Path<i64>,
    Body(body): Body<Object>,
) -> Result<Json<Created>, Problem> {
    let cx = caller.cx();
    let on = Fields::new(body).required_date("announced_on")?;
    state.with_store(move |s| Ok(disciplines::announce(s, &cx, id, on)?)).await?;
    Ok(Json(Created { id }))
}
