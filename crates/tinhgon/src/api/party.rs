//! The API of party work: admissions and transfers. Each handler reads the body's fields (a field
//! that does not read is a 422 naming it), calls one service operation and renders JSON.

use super::body::{Created, Fields};
use axum::extract::State as Extract;
use axum::http::StatusCode;
use axum::Json;
use tinhgon_domain::party::admission::Step;
use tinhgon_domain::party::transfer::Kind;
use tinhgon_domain::Date;

use crate::http::extract::{Json as Body, Object, Path};
use crate::http::{Caller, Problem, State};
use crate::services::party::{admissions, transfers};
use crate::services::Error;

/// Opens a candidate's admission in a cell.
#[utoipa::path(post, path = "/api/admissions", request_body(content = Object, description = "person, cell, on; optional general_education (9/12, 12/12, 7/10)"), responses((status = 201, body = Created), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 422, description = "Bad data; nothing written / dữ liệu sai")))]
pub(crate) async fn open_admission(
    Extract(state): Extract<State>,
    caller: Caller,
    Body(body): Body<Object>,
) -> Result<(StatusCode, Json<Created>), Problem> {
    let cx = caller.cx();
    let f = Fields::new(body);
    let person = f.required("person")?;
    let cell = f
        .unit("cell")?
        .ok_or_else(|| Error::field("cell", "thiếu trường cell".into(), "the field cell is missing".into()))?;
    let on = f.required_date("on")?;
    let education = f.text("general_education")?;
    let id = state.with_store(move |s| Ok(admissions::open(s, &cx, &person, &cell, education.as_deref(), on)?)).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// Records one step of an admission.
#[utoipa::path(post, path = "/api/admissions/{id}/steps", params(("id" = i64, Path)), request_body(content = Object, description = "step, on; optional document, note, sponsors: [{person, known_since}]"), responses((status = 201, body = Created), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi"), (status = 422, description = "Bad data; nothing written / dữ liệu sai")))]
pub(crate) async fn admission_step(
    Extract(state): Extract<State>,
    caller: Caller,
    Path(id): Path<i64>,
    Body(body): Body<Object>,
) -> Result<(StatusCode, Json<Created>), Problem> {
    let cx = caller.cx();
    let f = Fields::new(body);
    let step = Step::parse(&f.required("step")?).map_err(|e| Error::field("step", e.vi(), e.to_string()))?;
    let on = f.required_date("on")?;
    let mut input =
        admissions::StepInput { document: f.text("document")?, note: f.text("note")?, sponsors: Vec::new() };
    if let Some(list) = f.value("sponsors") {
        let bad = || {
            Error::field(
                "sponsors",
                "sponsors là danh sách {person, known_since}".into(),
                "sponsors is a list of {person, known_since}".into(),
            )
        };
        for item in list.as_array().ok_or_else(bad)? {
            let person = item["person"].as_str().ok_or_else(bad)?.to_string();
            let since = item["known_since"].as_str().and_then(|d| Date::parse(d).ok()).ok_or_else(bad)?;
            input.sponsors.push((person, since));
        }
    }
    state.with_store(move |s| Ok(admissions::record(s, &cx, id, step, on, &input)?)).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// The admissions whose cell is in reach, newest first, with their time limits.
#[utoipa::path(get, path = "/api/admissions", responses((status = 200, description = "admissions with steps, sponsors and time limits")))]
pub(crate) async fn list_admissions(
    Extract(state): Extract<State>,
    caller: Caller,
) -> Result<Json<serde_json::Value>, Problem> {
    let cx = caller.cx();
    let all = state.with_store(move |s| Ok(admissions::list(s, &cx)?)).await?;
    Ok(Json(serde_json::to_value(all).map_err(Problem::internal)?))
}

/// One admission in reach with its steps and time limits.
#[utoipa::path(get, path = "/api/admissions/{id}", params(("id" = i64, Path)), responses((status = 200, description = "the admission"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi")))]
pub(crate) async fn get_admission(
    Extract(state): Extract<State>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<serde_json::Value>, Problem> {
    let cx = caller.cx();
    let v = state.with_store(move |s| Ok(admissions::get(s, &cx, id)?)).await?;
    Ok(Json(serde_json::to_value(v).map_err(Problem::internal)?))
}

/// Sends a member on a transfer with its introduction letter.
#[utoipa::path(post, path = "/api/transfers", request_body(content = Object, description = "person, on, letter, and to_cell or destination; optional kind (official, temporary, training), returns_on, reason"), responses((status = 201, body = Created), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 422, description = "Bad data; nothing written / dữ liệu sai")))]
pub(crate) async fn send_transfer(
    Extract(state): Extract<State>,
    caller: Caller,
    Body(body): Body<Object>,
) -> Result<(StatusCode, Json<Created>), Problem> {
    let cx = caller.cx();
    let f = Fields::new(body);
    let person = f.required("person")?;
    let kind = match f.text("kind")? {
        None => Kind::Official,
        Some(k) => Kind::parse(&k).map_err(|e| Error::field("kind", e.vi(), e.to_string()))?,
    };
    let to = f.unit("to_cell")?;
    let destination = f.text("destination")?;
    let sent_on = f.required_date("on")?;
    let returns_on = f.date("returns_on")?;
    let letter = f.required("letter")?;
    let reason = f.text("reason")?;
    let id = state
        .with_store(move |s| {
            let send = transfers::Send {
                person: &person,
                kind,
                to_cell: to.as_ref(),
                destination: destination.as_deref(),
                sent_on,
                returns_on,
                letter: &letter,
                reason: reason.as_deref(),
            };
            Ok(transfers::send(s, &cx, &send)?)
        })
        .await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// The receiving cell takes in a member sent to it.
#[utoipa::path(post, path = "/api/transfers/{id}/receive", params(("id" = i64, Path)), request_body(content = Object, description = "on"), responses((status = 200, body = Created), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi"), (status = 422, description = "Bad data; nothing written / dữ liệu sai")))]
pub(crate) async fn receive_transfer(
    Extract(state): Extract<State>,
    caller: Caller,
    Path(id): Path<i64>,
    Body(body): Body<Object>,
) -> Result<Json<Created>, Problem> {
    let cx = caller.cx();
    let on = Fields::new(body).required_date("on")?;
    state.with_store(move |s| Ok(transfers::receive(s, &cx, id, on)?)).await?;
    Ok(Json(Created { id }))
}

/// The transfers either side in reach sees, with where each stands.
#[utoipa::path(get, path = "/api/transfers", responses((status = 200, description = "transfers: in_transit, received, away, left; overdue when past the letter's 30 working days")))]
pub(crate) async fn list_transfers(
    Extract(state): Extract<State>,
    caller: Caller,
) -> Result<Json<serde_json::Value>, Problem> {
    let cx = caller.cx();
    let all = state.with_store(move |s| Ok(transfers::list(s, &cx)?)).await?;
    Ok(Json(serde_json::to_value(all).map_err(Problem::internal)?))
}

/// The period of party figures.
#[derive(serde::Deserialize, utoipa::IntoParams)]
pub struct PeriodQuery {
    pub(crate) from: Option<String>,
    pub(crate) to: Option<String>,
}

/// Party work at or under a unit over a period: admissions, recognitions, removals, expulsions,
/// deaths, transfers out, in and within, badges; members in transit and by party age at its end.
#[utoipa::path(get, path = "/api/units/{code}/party-stats", params(("code" = String, Path), PeriodQuery), responses((status = 200, description = "the figures"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi"), (status = 422, description = "Bad period / khoảng thời gian sai")))]
pub(crate) async fn party_stats(
    Extract(state): Extract<State>,
    caller: Caller,
    Path(code): Path<String>,
    crate::http::extract::Query(q): crate::http::extract::Query<PeriodQuery>,
) -> Result<Json<serde_json::Value>, Problem> {
    let cx = caller.cx();
    let unit = super::body::parse_code(&code)?;
    let f = Fields(vec![
        ("from".into(), q.from.map_or(serde_json::Value::Null, serde_json::Value::String)),
        ("to".into(), q.to.map_or(serde_json::Value::Null, serde_json::Value::String)),
    ]);
    let today = crate::clock::today();
    let to = f.date("to")?.unwrap_or(today.add_days(1));
    let from = f.date("from")?.unwrap_or(Date::from_ymd(to.year(), 1, 1).unwrap_or(to));
    let figures =
        state.with_store(move |s| Ok(crate::services::party::stats::period(s, &cx, &unit, from, to)?)).await?;
    Ok(Json(serde_json::to_value(figures).map_err(Problem::internal)?))
}

/// A person's member record; the citizen ID in full only for those who may edit the member.
#[utoipa::path(get, path = "/api/people/{code}/record", params(("code" = String, Path)), responses((status = 200, description = "the record, or null when none is recorded"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi")))]
pub(crate) async fn member_record(
    Extract(state): Extract<State>,
    caller: Caller,
    Path(code): Path<String>,
) -> Result<Json<serde_json::Value>, Problem> {
    let cx = caller.cx();
    let r = state.with_store(move |s| Ok(crate::services::party::record::get(s, &cx, &code)?)).await?;
    Ok(Json(serde_json::to_value(r).map_err(Problem::internal)?))
}

/// A year, for a ledger.
#[derive(serde::Deserialize, utoipa::IntoParams)]
pub struct YearQuery {
    year: Option<i32>,
    until: Option<String>,
}

/// Members at or under a unit due a badge by a day (default a year from today), with the award day.
#[utoipa::path(get, path = "/api/units/{code}/badges-due", params(("code" = String, Path), YearQuery), responses((status = 200, description = "members due a badge"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi")))]
pub(crate) async fn badges_due(
    Extract(state): Extract<State>,
    caller: Caller,
    Path(code): Path<String>,
    crate::http::extract::Query(q): crate::http::extract::Query<YearQuery>,
) -> Result<Json<serde_json::Value>, Problem> {
    let cx = caller.cx();
    let unit = super::body::parse_code(&code)?;
    let f = Fields(vec![("until".into(), q.until.map_or(serde_json::Value::Null, serde_json::Value::String))]);
    let until = f.date("until")?.unwrap_or(cx.today.add_months(12));
    let list = state.with_store(move |s| Ok(crate::services::party::badges::due(s, &cx, &unit, until)?)).await?;
    Ok(Json(serde_json::to_value(list).map_err(Problem::internal)?))
}

/// The work due at a unit, overdue first.
#[utoipa::path(get, path = "/api/units/{code}/due", params(("code" = String, Path)), responses((status = 200, description = "the work due"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi")))]
pub(crate) async fn work_due(
    Extract(state): Extract<State>,
    caller: Caller,
    Path(code): Path<String>,
) -> Result<Json<serde_json::Value>, Problem> {
    let cx = caller.cx();
    let unit = super::body::parse_code(&code)?;
    let items = state.with_store(move |s| Ok(crate::services::party::due::at(s, &cx, &unit)?)).await?;
    Ok(Json(serde_json::to_value(items).map_err(Problem::internal)?))
}

/// A member's dues ledger for a year (default this year).
#[utoipa::path(get, path = "/api/people/{code}/dues", params(("code" = String, Path), YearQuery), responses((status = 200, description = "the ledger"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi")))]
pub(crate) async fn dues_ledger(
    Extract(state): Extract<State>,
    caller: Caller,
    Path(code): Path<String>,
    crate::http::extract::Query(q): crate::http::extract::Query<YearQuery>,
) -> Result<Json<serde_json::Value>, Problem> {
    let cx = caller.cx();
    let year = q.year.unwrap_or(cx.today.year());
    let l = state.with_store(move |s| Ok(crate::services::party::dues::ledger(s, &cx, &code, year)?)).await?;
    Ok(Json(serde_json::to_value(l).map_err(Problem::internal)?))
}

/// Records one month's dues paid.
#[utoipa::path(post, path = "/api/dues/payments", request_body(content = Object, description = "person, month (mm/yyyy), amount, paid_on"), responses((status = 201, description = "recorded"), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 422, description = "Bad data; nothing written / dữ liệu sai")))]
pub(crate) async fn pay_dues(
    Extract(state): Extract<State>,
    caller: Caller,
    Body(body): Body<Object>,
) -> Result<(StatusCode, Json<serde_json::Value>), Problem> {
    use crate::services::party::dues;
    let cx = caller.cx();
    let f = Fields::new(body);
    let cells: Vec<String> = dues::COLUMNS
        .iter()
        .map(|c| match f.value(c) {
            Some(serde_json::Value::Number(n)) => Ok(n.to_string()),
            _ => f.text(c).map(Option::unwrap_or_default),
        })
        .collect::<Result<_, Error>>()?;
    let table =
        crate::files::Table { headers: dues::COLUMNS.iter().map(|c| c.to_string()).collect(), rows: vec![(1, cells)] };
    let mut errors = Vec::new();
    let rows = dues::parse(&table, &mut errors);
    state
        .with_store(move |s| {
            if !errors.is_empty() {
                cx.require(tinhgon_domain::access::Action::EditMembers)?;
                return Err(Error::Invalid(errors).into());
            }
            Ok(dues::pay(s, &cx, &rows, false)?)
        })
        .await?;
    Ok((StatusCode::CREATED, Json(serde_json::json!({ "recorded": true }))))
}

/// Awards a party badge by a decision.
#[utoipa::path(post, path = "/api/badges", request_body(content = Object, description = "person, years, on, decision_no, decision_date; optional early (serious_illness)"), responses((status = 201, description = "recorded"), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 422, description = "Bad data; nothing written / dữ liệu sai")))]
pub(crate) async fn award_badge(
    Extract(state): Extract<State>,
    caller: Caller,
    Body(body): Body<Object>,
) -> Result<(StatusCode, Json<serde_json::Value>), Problem> {
    let cx = caller.cx();
    let f = Fields::new(body);
    let person = f.required("person")?;
    let years = match f.value("years") {
        Some(serde_json::Value::Number(n)) => n.as_i64().unwrap_or(0) as i32,
        _ => f
            .required("years")?
            .parse()
            .map_err(|_| Error::field("years", "số năm không hợp lệ".into(), "not a number of years".into()))?,
    };
    let on = f.required_date("on")?;
    let decision = f.decision()?;
    let ill = f.text("early")?.is_some_and(|e| e == "serious_illness");
    state
        .with_store(move |s| Ok(crate::services::party::badges::award(s, &cx, &person, years, &decision, on, ill)?))
        .await?;
    Ok((StatusCode::CREATED, Json(serde_json::json!({ "recorded": true }))))
}

/// A member leaves the party on a ground, by a decision.
#[utoipa::path(post, path = "/api/leavings", request_body(content = Object, description = "person, ground, on, decision_no, decision_date; optional note"), responses((status = 201, description = "recorded"), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 422, description = "Bad data; nothing written / dữ liệu sai")))]
pub(crate) async fn leave(
    Extract(state): Extract<State>,
    caller: Caller,
    Body(body): Body<Object>,
) -> Result<(StatusCode, Json<serde_json::Value>), Problem> {
    use tinhgon_domain::party::leaving::Ground;
    let cx = caller.cx();
    let f = Fields::new(body);
    let person = f.required("person")?;
    let ground = Ground::parse(&f.required("ground")?).map_err(|e| Error::field("ground", e.vi(), e.to_string()))?;
    let on = f.required_date("on")?;
    let decision = f.decision()?;
    let note = f.text("note")?;
    state
        .with_store(move |s| {
            Ok(crate::services::party::leaving::leave(s, &cx, &person, ground, on, &decision, note.as_deref())?)
        })
        .await?;
    Ok((StatusCode::CREATED, Json(serde_json::json!({ "recorded": true }))))
}
