//! The API of party work: admissions and transfers. Each handler reads the body's fields (a field
//! that does not read is a 422 naming it), calls one service operation and renders JSON.

use super::body::{Created, Done, Fields};
use super::typed::Typed;
use axum::extract::State as Extract;
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use tinhgon_domain::party::admission::Step;
use tinhgon_domain::party::leaving::Ground;
use tinhgon_domain::party::transfer::Kind;
use tinhgon_domain::{Date, DocumentNumber, UnitCode};
use utoipa::ToSchema;

use crate::http::extract::Path;
use crate::http::{Caller, Problem, State};
use crate::services::party::{admissions, transfers};
use crate::services::Error;

/// A candidate's admission opened in a cell.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"person": "42.0999102", "cell": "18073.DU.C01", "on": "2026-03-02", "general_education": "12/12"}))]
pub(crate) struct OpenAdmission {
    /// The candidate's code / mã người được kết nạp.
    person: String,
    /// The cell / chi bộ.
    cell: UnitCode,
    on: Date,
    /// General education: 9/12, 12/12 or 7/10 / trình độ giáo dục phổ thông.
    general_education: Option<String>,
}

/// A sponsor of a candidate.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Sponsor {
    /// The sponsor's code / mã người giới thiệu.
    person: String,
    /// Since when the sponsor has known the candidate / biết người vào Đảng từ ngày.
    known_since: Date,
}

/// One step of an admission.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"step": "course", "on": "2026-03-10", "note": "Lớp bồi dưỡng nhận thức về Đảng"}))]
pub(crate) struct RecordStep {
    step: Step,
    on: Date,
    document: Option<String>,
    note: Option<String>,
    sponsors: Option<Vec<Sponsor>>,
}

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

/// Opens a candidate's admission in a cell.
#[utoipa::path(post, path = "/api/admissions", request_body = OpenAdmission, responses((status = 201, body = Created), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 422, description = "Bad data; nothing written / dữ liệu sai")))]
pub(crate) async fn open_admission(
    Extract(state): Extract<State>,
    caller: Caller,
    Typed(body): Typed<OpenAdmission>,
) -> Result<(StatusCode, Json<Created>), Problem> {
    let cx = caller.cx();
    let OpenAdmission { person, cell, on, general_education: education } = body;
    let id = state.with_store(move |s| Ok(admissions::open(s, &cx, &person, &cell, education.as_deref(), on)?)).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// Records one step of an admission.
#[utoipa::path(post, path = "/api/admissions/{id}/steps", params(("id" = i64, Path, example = 1)), request_body = RecordStep, responses((status = 201, body = Created), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi"), (status = 422, description = "Bad data; nothing written / dữ liệu sai")))]
pub(crate) async fn admission_step(
    Extract(state): Extract<State>,
    caller: Caller,
    Path(id): Path<i64>,
    Typed(body): Typed<RecordStep>,
) -> Result<(StatusCode, Json<Created>), Problem> {
    let cx = caller.cx();
    let (step, on) = (body.step, body.on);
    let sponsors = body.sponsors.unwrap_or_default().into_iter().map(|s| (s.person, s.known_since)).collect();
    let input = admissions::StepInput { document: body.document, note: body.note, sponsors };
    state.with_store(move |s| Ok(admissions::record(s, &cx, id, step, on, &input)?)).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// The admissions whose cell is in reach, newest first, with their time limits.
#[utoipa::path(get, path = "/api/admissions", responses((status = 200, body = Vec<admissions::View>, description = "admissions with steps, sponsors and time limits")))]
pub(crate) async fn list_admissions(
    Extract(state): Extract<State>,
    caller: Caller,
) -> Result<Json<Vec<admissions::View>>, Problem> {
    let cx = caller.cx();
    let all = state.with_store(move |s| Ok(admissions::list(s, &cx)?)).await?;
    Ok(Json(all))
}

/// One admission in reach with its steps and time limits.
#[utoipa::path(get, path = "/api/admissions/{id}", params(("id" = i64, Path, example = 1)), responses((status = 200, body = admissions::View, description = "the admission"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi")))]
pub(crate) async fn get_admission(
    Extract(state): Extract<State>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<admissions::View>, Problem> {
    let cx = caller.cx();
    let v = state.with_store(move |s| Ok(admissions::get(s, &cx, id)?)).await?;
    Ok(Json(v))
}

/// Sends a member on a transfer with its introduction letter.
#[utoipa::path(post, path = "/api/transfers", request_body = SendTransfer, responses((status = 201, body = Created), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 422, description = "Bad data; nothing written / dữ liệu sai")))]
pub(crate) async fn send_transfer(
    Extract(state): Extract<State>,
    caller: Caller,
    Typed(body): Typed<SendTransfer>,
) -> Result<(StatusCode, Json<Created>), Problem> {
    let cx = caller.cx();
    let SendTransfer { person, kind, to_cell: to, destination, on: sent_on, returns_on, letter, reason } = body;
    let kind = kind.unwrap_or(Kind::Official);
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
#[utoipa::path(post, path = "/api/transfers/{id}/receive", params(("id" = i64, Path, example = 1)), request_body = Receive, responses((status = 200, body = Created), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi"), (status = 422, description = "Bad data; nothing written / dữ liệu sai")))]
pub(crate) async fn receive_transfer(
    Extract(state): Extract<State>,
    caller: Caller,
    Path(id): Path<i64>,
    Typed(Receive { on }): Typed<Receive>,
) -> Result<Json<Created>, Problem> {
    let cx = caller.cx();
    state.with_store(move |s| Ok(transfers::receive(s, &cx, id, on)?)).await?;
    Ok(Json(Created { id }))
}

/// The transfers either side in reach sees, with where each stands.
#[utoipa::path(get, path = "/api/transfers", responses((status = 200, body = Vec<transfers::View>, description = "transfers: in_transit, received, away, left; overdue when past the letter's 30 working days")))]
pub(crate) async fn list_transfers(
    Extract(state): Extract<State>,
    caller: Caller,
) -> Result<Json<Vec<transfers::View>>, Problem> {
    let cx = caller.cx();
    let all = state.with_store(move |s| Ok(transfers::list(s, &cx)?)).await?;
    Ok(Json(all))
}

/// The period of party figures.
#[derive(serde::Deserialize, utoipa::IntoParams)]
pub struct PeriodQuery {
    pub(crate) from: Option<String>,
    pub(crate) to: Option<String>,
}

/// Party work at or under a unit over a period: admissions, recognitions, removals, expulsions,
/// deaths, transfers out, in and within, badges; members in transit and by party age at its end.
#[utoipa::path(get, path = "/api/units/{code}/party-stats", params(("code" = String, Path, example = "18073.DU"), PeriodQuery), responses((status = 200, body = crate::services::party::stats::PartyFigures, description = "the figures"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi"), (status = 422, description = "Bad period / khoảng thời gian sai")))]
pub(crate) async fn party_stats(
    Extract(state): Extract<State>,
    caller: Caller,
    Path(code): Path<String>,
    crate::http::extract::Query(q): crate::http::extract::Query<PeriodQuery>,
) -> Result<Json<crate::services::party::stats::PartyFigures>, Problem> {
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
    Ok(Json(figures))
}

/// A person's member record; the citizen ID in full only for those who may edit the member.
#[utoipa::path(get, path = "/api/people/{code}/record", params(("code" = String, Path, example = "42.0000055")), responses((status = 200, body = Option<crate::services::party::record::RecordView>, description = "the record, or null when none is recorded"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi")))]
pub(crate) async fn member_record(
    Extract(state): Extract<State>,
    caller: Caller,
    Path(code): Path<String>,
) -> Result<Json<Option<crate::services::party::record::RecordView>>, Problem> {
    let cx = caller.cx();
    let r = state.with_store(move |s| Ok(crate::services::party::record::get(s, &cx, &code)?)).await?;
    Ok(Json(r))
}

/// A year, for a ledger.
#[derive(serde::Deserialize, utoipa::IntoParams)]
pub struct YearQuery {
    year: Option<i32>,
    until: Option<String>,
}

/// Members at or under a unit due a badge by a day (default a year from today), with the award day.
#[utoipa::path(get, path = "/api/units/{code}/badges-due", params(("code" = String, Path, example = "18073.DU"), YearQuery), responses((status = 200, body = Vec<crate::services::party::badges::BadgeDue>, description = "members due a badge"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi")))]
pub(crate) async fn badges_due(
    Extract(state): Extract<State>,
    caller: Caller,
    Path(code): Path<String>,
    crate::http::extract::Query(q): crate::http::extract::Query<YearQuery>,
) -> Result<Json<Vec<crate::services::party::badges::BadgeDue>>, Problem> {
    let cx = caller.cx();
    let unit = super::body::parse_code(&code)?;
    let f = Fields(vec![("until".into(), q.until.map_or(serde_json::Value::Null, serde_json::Value::String))]);
    let until = f.date("until")?.unwrap_or(cx.today.add_months(12));
    let list = state.with_store(move |s| Ok(crate::services::party::badges::due(s, &cx, &unit, until)?)).await?;
    Ok(Json(list))
}

/// The work due at a unit, overdue first.
#[utoipa::path(get, path = "/api/units/{code}/due", params(("code" = String, Path, example = "18073.DU")), responses((status = 200, body = Vec<crate::services::party::due::Item>, description = "the work due"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi")))]
pub(crate) async fn work_due(
    Extract(state): Extract<State>,
    caller: Caller,
    Path(code): Path<String>,
) -> Result<Json<Vec<crate::services::party::due::Item>>, Problem> {
    let cx = caller.cx();
    let unit = super::body::parse_code(&code)?;
    let items = state.with_store(move |s| Ok(crate::services::party::due::at(s, &cx, &unit)?)).await?;
    Ok(Json(items))
}

/// A member's dues ledger for a year (default this year).
#[utoipa::path(get, path = "/api/people/{code}/dues", params(("code" = String, Path, example = "42.0000055"), YearQuery), responses((status = 200, body = crate::services::party::dues::Ledger, description = "the ledger"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi")))]
pub(crate) async fn dues_ledger(
    Extract(state): Extract<State>,
    caller: Caller,
    Path(code): Path<String>,
    crate::http::extract::Query(q): crate::http::extract::Query<YearQuery>,
) -> Result<Json<crate::services::party::dues::Ledger>, Problem> {
    let cx = caller.cx();
    let year = q.year.unwrap_or(cx.today.year());
    let l = state.with_store(move |s| Ok(crate::services::party::dues::ledger(s, &cx, &code, year)?)).await?;
    Ok(Json(l))
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

/// A party badge awarded by a decision.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"person": "42.0000075", "years": 55, "on": "2026-02-03", "decision_no": "7-QĐ/TU", "decision_date": "2026-01-20"}))]
pub(crate) struct AwardBadge {
    person: String,
    /// Years of party age the badge marks: 30, 40, 45, 50, … / huy hiệu … năm tuổi Đảng.
    years: i32,
    on: Date,
    decision_no: DocumentNumber,
    decision_date: Date,
    /// `serious_illness`: awarded early to a member seriously ill / trao sớm khi ốm nặng.
    early: Option<String>,
}

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

/// Records one month's dues paid.
#[utoipa::path(post, path = "/api/dues/payments", request_body = PayDues, responses((status = 201, body = Done), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 422, description = "Bad data; nothing written / dữ liệu sai")))]
pub(crate) async fn pay_dues(
    Extract(state): Extract<State>,
    caller: Caller,
    Typed(body): Typed<PayDues>,
) -> Result<(StatusCode, Json<Done>), Problem> {
    use crate::services::party::dues;
    let cx = caller.cx();
    // The payment is read as a line of a payments file is: one check for both doors.
    let cells = vec![body.person, body.month, body.amount.to_string(), body.paid_on.to_string()];
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
    Ok((StatusCode::CREATED, Json(Done::yes())))
}

/// Awards a party badge by a decision.
#[utoipa::path(post, path = "/api/badges", request_body = AwardBadge, responses((status = 201, body = Done), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 422, description = "Bad data; nothing written / dữ liệu sai")))]
pub(crate) async fn award_badge(
    Extract(state): Extract<State>,
    caller: Caller,
    Typed(body): Typed<AwardBadge>,
) -> Result<(StatusCode, Json<Done>), Problem> {
    let cx = caller.cx();
    let AwardBadge { person, years, on, decision_no, decision_date, early } = body;
    let decision = tinhgon_domain::Decision { number: decision_no, date: decision_date };
    let ill = early.is_some_and(|e| e == "serious_illness");
    state
        .with_store(move |s| Ok(crate::services::party::badges::award(s, &cx, &person, years, &decision, on, ill)?))
        .await?;
    Ok((StatusCode::CREATED, Json(Done::yes())))
}

/// A member leaves the party on a ground, by a decision.
#[utoipa::path(post, path = "/api/leavings", request_body = Leave, responses((status = 201, body = Done), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 422, description = "Bad data; nothing written / dữ liệu sai")))]
pub(crate) async fn leave(
    Extract(state): Extract<State>,
    caller: Caller,
    Typed(body): Typed<Leave>,
) -> Result<(StatusCode, Json<Done>), Problem> {
    let cx = caller.cx();
    let Leave { person, ground, on, decision_no, decision_date, note } = body;
    let decision = tinhgon_domain::Decision { number: decision_no, date: decision_date };
    state
        .with_store(move |s| {
            Ok(crate::services::party::leaving::leave(s, &cx, &person, ground, on, &decision, note.as_deref())?)
        })
        .await?;
    Ok((StatusCode::CREATED, Json(Done::yes())))
}
