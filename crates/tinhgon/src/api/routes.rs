//! Routes of the JSON API and their OpenAPI description.

use super::body::parse_code;
use axum::extract::State as Extract;
use axum::http::StatusCode;
use axum::Json;

use super::typed::Typed;
use crate::http::extract::{Object, Path, Query};
use crate::services::register::people::{AssignmentLine, PersonLine};
use serde::{Deserialize, Serialize};
use tinhgon_domain::catalog::{Education, Gender, MemberStatus, Ownership, Sector, StaffCategory, Theory, UnitKind};
use tinhgon_domain::register::UnitVersion;
use tinhgon_domain::Date;
use tinhgon_domain::{DocumentNumber, UnitCode};
use utoipa::{IntoParams, ToSchema};

use crate::clock::today;
use crate::files::Table;
use crate::http::{self as problem, Caller, Problem, State};
use crate::render;
use crate::services::register::{members, people as persons, positions, rows::FileKind, units};
use crate::services::{self, Ctx, Error};

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

fn parse_at(at: Option<&str>, name: &str) -> Result<Date, Problem> {
    match at {
        None | Some("") => Ok(today()),
        Some(t) => {
            Date::parse(t).map_err(|e| Problem::bad_request(format!("{name}: {}", e.vi()), format!("{name}: {e}")))
        }
    }
}

/// A unit version as the API shows it.
#[derive(Serialize, ToSchema)]
pub struct UnitOut {
    code: String,
    name: String,
    kind: String,
    kind_label: String,
    parent: Option<String>,
    led_by: Option<String>,
    sector: Option<String>,
    ownership: Option<String>,
    valid_from: String,
    valid_to: Option<String>,
    decision_no: Option<String>,
    decision_date: Option<String>,
}

impl From<UnitVersion> for UnitOut {
    fn from(v: UnitVersion) -> Self {
        UnitOut {
            code: v.code.to_string(),
            name: v.name,
            kind: v.kind.code().into(),
            kind_label: v.kind.label_vi().into(),
            parent: v.parent.map(|p| p.to_string()),
            led_by: v.led_by.map(|p| p.to_string()),
            sector: v.sector.map(|s| s.code().into()),
            ownership: v.ownership.map(|s| s.code().into()),
            valid_from: v.validity.from.to_string(),
            valid_to: v.validity.to.map(|d| d.to_string()),
            decision_no: v.decision.as_ref().map(|d| d.number.to_string()),
            decision_date: v.decision.as_ref().map(|d| d.date.to_string()),
        }
    }
}

/// One change-log entry about a unit.
#[derive(Serialize, ToSchema)]
pub struct ChangeOut {
    seq: i64,
    at: String,
    actor: String,
    action: String,
    decision_no: Option<String>,
    decision_date: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct UnitDetail {
    at: String,
    unit: UnitOut,
    /// Every version of the unit, oldest first.
    history: Vec<UnitOut>,
    /// Units directly under it on the date.
    children: Vec<UnitOut>,
    /// The change log's entries for the unit.
    changes: Vec<ChangeOut>,
}

#[derive(Deserialize, IntoParams)]
pub(crate) struct UnitQuery {
    /// Tìm theo tên (không dấu cũng được) hoặc mã / name (diacritics optional) or code.
    q: Option<String>,
    /// Ngày / date (default today).
    at: Option<String>,
    limit: Option<i64>,
}

#[derive(Deserialize, IntoParams)]
pub(crate) struct AtQuery {
    /// Ngày / date (default today).
    at: Option<String>,
}

#[derive(Deserialize, IntoParams)]
pub(crate) struct StatsQuery {
    at: Option<String>,
    /// So sánh với ngày / compare with this date.
    compare: Option<String>,
    /// Năm của công tác đảng (`party_work`) / the year of the party work (`party_work`).
    year: Option<i32>,
}

/// Units in force on a date whose name or code matches.
#[utoipa::path(get, path = "/api/units", params(UnitQuery), responses((status = 200, body = [UnitOut]), (status = 400, description = "Bad date or query / ngày hoặc truy vấn sai", content_type = "application/problem+json", body = problem::ProblemBody), (status = 401, description = "No session or token / chưa đăng nhập", content_type = "application/problem+json", body = problem::ProblemBody), (status = 500, description = "Server error; nothing written / lỗi máy chủ", content_type = "application/problem+json", body = problem::ProblemBody)))]
pub(crate) async fn list_units(
    Extract(state): Extract<State>,
    caller: Caller,
    Query(q): Query<UnitQuery>,
) -> Result<Json<Vec<UnitOut>>, Problem> {
    let at = parse_at(q.at.as_deref(), "at")?;
    let text = q.q.unwrap_or_default();
    let limit = q.limit.unwrap_or(50).clamp(1, 500);
    let cx = caller.cx();
    let rows = state.with_store(move |s| Ok(units::search(s, &cx, &text, at, limit)?)).await?;
    Ok(Json(rows.into_iter().map(UnitOut::from).collect()))
}

/// A unit on a date, with its history, sub-units and change log.
#[utoipa::path(get, path = "/api/units/{code}", params(("code" = String, Path, example = "18073.DU"), AtQuery), responses((status = 200, body = UnitDetail), (status = 400, description = "Bad date or query / ngày hoặc truy vấn sai", content_type = "application/problem+json", body = problem::ProblemBody), (status = 401, description = "No session or token / chưa đăng nhập", content_type = "application/problem+json", body = problem::ProblemBody), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi", content_type = "application/problem+json", body = problem::ProblemBody), (status = 500, description = "Server error; nothing written / lỗi máy chủ", content_type = "application/problem+json", body = problem::ProblemBody)))]
pub(crate) async fn get_unit(
    Extract(state): Extract<State>,
    caller: Caller,
    Path(code): Path<String>,
    Query(q): Query<AtQuery>,
) -> Result<Json<UnitDetail>, Problem> {
    let at = parse_at(q.at.as_deref(), "at")?;
    let code = parse_code(&code)?;
    let cx = caller.cx();
    let d = state.with_store(move |s| Ok(units::detail(s, &cx, &code, at)?)).await?;
    let detail = UnitDetail {
        at: at.to_string(),
        unit: d.unit.into(),
        history: d.history.into_iter().map(UnitOut::from).collect(),
        children: d.children.into_iter().map(UnitOut::from).collect(),
        changes: d
            .changes
            .into_iter()
            .map(|c| ChangeOut {
                seq: c.seq,
                at: c.at,
                actor: c.actor,
                action: c.action,
                decision_no: c.decision_no,
                decision_date: c.decision_date,
            })
            .collect(),
    };
    Ok(Json(detail))
}

/// Units directly under a unit on a date.
#[utoipa::path(get, path = "/api/units/{code}/children", params(("code" = String, Path, example = "18073.DU"), AtQuery), responses((status = 200, body = [UnitOut]), (status = 400, description = "Bad date or query / ngày hoặc truy vấn sai", content_type = "application/problem+json", body = problem::ProblemBody), (status = 401, description = "No session or token / chưa đăng nhập", content_type = "application/problem+json", body = problem::ProblemBody), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi", content_type = "application/problem+json", body = problem::ProblemBody), (status = 500, description = "Server error; nothing written / lỗi máy chủ", content_type = "application/problem+json", body = problem::ProblemBody)))]
pub(crate) async fn unit_children(
    Extract(state): Extract<State>,
    caller: Caller,
    Path(code): Path<String>,
    Query(q): Query<AtQuery>,
) -> Result<Json<Vec<UnitOut>>, Problem> {
    let at = parse_at(q.at.as_deref(), "at")?;
    let code = parse_code(&code)?;
    let cx = caller.cx();
    let rows = state.with_store(move |s| Ok(units::children(s, &cx, &code, at)?)).await?;
    Ok(Json(rows.into_iter().map(UnitOut::from).collect()))
}

#[derive(Serialize, ToSchema)]
pub struct MemberOut {
    code: String,
    name: String,
    gender: String,
    birth_date: String,
    status: String,
    status_label: String,
}

/// The members of a cell on a date, in Vietnamese name order.
#[utoipa::path(get, path = "/api/units/{code}/members", params(("code" = String, Path, example = "18073.DU"), AtQuery), responses((status = 200, body = [MemberOut]), (status = 400, description = "Bad date or query / ngày hoặc truy vấn sai", content_type = "application/problem+json", body = problem::ProblemBody), (status = 401, description = "No session or token / chưa đăng nhập", content_type = "application/problem+json", body = problem::ProblemBody), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi", content_type = "application/problem+json", body = problem::ProblemBody), (status = 500, description = "Server error; nothing written / lỗi máy chủ", content_type = "application/problem+json", body = problem::ProblemBody)))]
pub(crate) async fn unit_members(
    Extract(state): Extract<State>,
    caller: Caller,
    Path(code): Path<String>,
    Query(q): Query<AtQuery>,
) -> Result<Json<Vec<MemberOut>>, Problem> {
    let at = parse_at(q.at.as_deref(), "at")?;
    let code = parse_code(&code)?;
    let cx = caller.cx();
    let rows = state.with_store(move |s| Ok(members::of_unit(s, &cx, &code, at)?)).await?;
    Ok(Json(
        rows.into_iter()
            .map(|(p, st)| MemberOut {
                code: p.code,
                name: p.name,
                gender: p.gender.code().into(),
                birth_date: p.birth_date.to_string(),
                status: st.code().into(),
                status_label: st.label_vi().into(),
            })
            .collect(),
    ))
}

#[derive(Serialize, ToSchema)]
pub struct PositionOut {
    person: String,
    person_name: String,
    unit: String,
    unit_name: String,
    title: String,
    rank: String,
    primary: bool,
    valid_from: String,
    valid_to: Option<String>,
}

fn position_out(p: Option<&PersonLine>, a: AssignmentLine) -> PositionOut {
    PositionOut {
        person: p.map(|p| p.code.clone()).unwrap_or_default(),
        person_name: p.map(|p| p.name.clone()).unwrap_or_default(),
        unit: a.unit,
        unit_name: a.unit_name,
        title: a.title,
        rank: a.rank.code().into(),
        primary: a.primary,
        valid_from: a.validity.from.to_string(),
        valid_to: a.validity.to.map(|d| d.to_string()),
    }
}

/// The positions in a unit on a date, heads first.
#[utoipa::path(get, path = "/api/units/{code}/positions", params(("code" = String, Path, example = "18073.DU"), AtQuery), responses((status = 200, body = [PositionOut]), (status = 400, description = "Bad date or query / ngày hoặc truy vấn sai", content_type = "application/problem+json", body = problem::ProblemBody), (status = 401, description = "No session or token / chưa đăng nhập", content_type = "application/problem+json", body = problem::ProblemBody), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi", content_type = "application/problem+json", body = problem::ProblemBody), (status = 500, description = "Server error; nothing written / lỗi máy chủ", content_type = "application/problem+json", body = problem::ProblemBody)))]
pub(crate) async fn unit_positions(
    Extract(state): Extract<State>,
    caller: Caller,
    Path(code): Path<String>,
    Query(q): Query<AtQuery>,
) -> Result<Json<Vec<PositionOut>>, Problem> {
    let at = parse_at(q.at.as_deref(), "at")?;
    let code = parse_code(&code)?;
    let cx = caller.cx();
    let rows = state.with_store(move |s| Ok(positions::of_unit(s, &cx, &code, at)?)).await?;
    Ok(Json(rows.into_iter().map(|(p, a)| position_out(Some(&p), a)).collect()))
}

/// The figures of a unit's subtree on a date (the same object as `tinhgon stats --json`).
#[utoipa::path(get, path = "/api/units/{code}/stats", params(("code" = String, Path, example = "18073.DU"), StatsQuery), responses((status = 200, description = "Figures: unit, at, units_by_kind, grassroots_by_sector, members, positions_by_rank, staffing, compare when asked, and party_work with year", body = Object), (status = 400, description = "Bad date or query / ngày hoặc truy vấn sai", content_type = "application/problem+json", body = problem::ProblemBody), (status = 401, description = "No session or token / chưa đăng nhập", content_type = "application/problem+json", body = problem::ProblemBody), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi", content_type = "application/problem+json", body = problem::ProblemBody), (status = 500, description = "Server error; nothing written / lỗi máy chủ", content_type = "application/problem+json", body = problem::ProblemBody)))]
pub(crate) async fn unit_stats(
    Extract(state): Extract<State>,
    caller: Caller,
    Path(code): Path<String>,
    Query(q): Query<StatsQuery>,
) -> Result<Json<serde_json::Value>, Problem> {
    let at = parse_at(q.at.as_deref(), "at")?;
    let other = match q.compare.as_deref() {
        None | Some("") => None,
        Some(t) => Some(parse_at(Some(t), "compare")?),
    };
    let code = parse_code(&code)?;
    let year = q.year;
    if year.is_some_and(|y| !(1990..=2200).contains(&y)) {
        return Err(Problem::new(StatusCode::BAD_REQUEST, "Năm từ 1990 đến 2200.", "A year from 1990 to 2200."));
    }
    let st = state.clone();
    let cx = caller.cx();
    let value = state
        .with_store(move |s| {
            let (f, c) = services::stats::figures(s, &cx, &st.index, &code, at, other)?;
            let mut v = render::figures_json(&f, c.as_ref());
            if let Some(y) = year {
                let now = services::party::report::year(s, &cx, &code, y)?;
                let then = other.map(|d| services::party::report::year(s, &cx, &code, d.year())).transpose()?;
                render::with_party_work(&mut v, &now, then.as_ref());
            }
            Ok(v)
        })
        .await?;
    Ok(Json(value))
}

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
#[utoipa::path(get, path = "/api/people", params(PeopleQuery), responses((status = 200, body = [PersonOut]), (status = 400, description = "Bad date or query / ngày hoặc truy vấn sai", content_type = "application/problem+json", body = problem::ProblemBody), (status = 401, description = "No session or token / chưa đăng nhập", content_type = "application/problem+json", body = problem::ProblemBody), (status = 500, description = "Server error; nothing written / lỗi máy chủ", content_type = "application/problem+json", body = problem::ProblemBody)))]
pub(crate) async fn list_people(
    Extract(state): Extract<State>,
    caller: Caller,
    Query(q): Query<PeopleQuery>,
) -> Result<Json<Vec<PersonOut>>, Problem> {
    let limit = q.limit.unwrap_or(50).clamp(1, 500);
    let offset = q.offset.unwrap_or(0).max(0);
    let text = q.q;
    let cx = caller.cx();
    let rows = state.with_store(move |s| Ok(persons::search(s, &cx, &text, limit, offset)?)).await?;
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
    unit: String,
    unit_name: String,
    status: String,
    admitted_on: String,
    recognized_on: Option<String>,
    valid_from: String,
    valid_to: Option<String>,
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
#[utoipa::path(get, path = "/api/people/{code}", params(("code" = String, Path, example = "42.0000055")), responses((status = 200, body = PersonDetail), (status = 400, description = "Bad date or query / ngày hoặc truy vấn sai", content_type = "application/problem+json", body = problem::ProblemBody), (status = 401, description = "No session or token / chưa đăng nhập", content_type = "application/problem+json", body = problem::ProblemBody), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi", content_type = "application/problem+json", body = problem::ProblemBody), (status = 500, description = "Server error; nothing written / lỗi máy chủ", content_type = "application/problem+json", body = problem::ProblemBody)))]
pub(crate) async fn get_person(
    Extract(state): Extract<State>,
    caller: Caller,
    Path(code): Path<String>,
) -> Result<Json<PersonDetail>, Problem> {
    let cx = caller.cx();
    let d = state.with_store(move |s| Ok(persons::detail(s, &cx, &code)?)).await?;
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

/// A unit version, with the columns of a units file.
#[derive(Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"code": "18073.DU.C99", "name": "Chi bộ Khối dân vận", "kind": "party_cell", "parent": "18073.DU", "valid_from": "2026-02-01"}))]
pub(crate) struct NewUnit {
    code: UnitCode,
    name: String,
    kind: UnitKind,
    valid_from: Date,
    parent: Option<UnitCode>,
    /// The party organization that leads it / tổ chức đảng lãnh đạo.
    led_by: Option<UnitCode>,
    sector: Option<Sector>,
    ownership: Option<Ownership>,
    valid_to: Option<Date>,
    decision_no: Option<DocumentNumber>,
    decision_date: Option<Date>,
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

/// A body as one row of its file: every column it names, blank when not given.
fn as_row<T: Serialize>(body: &T) -> Result<Object, Problem> {
    match serde_json::to_value(body).map_err(Problem::internal)? {
        serde_json::Value::Object(m) => Ok(Object(m.into_iter().collect())),
        _ => Err(Problem::internal("a body is an object")),
    }
}

/// A JSON object as a one-row table, so that the API checks exactly what an import checks.
fn one_row(body: Object) -> Table {
    let mut headers = Vec::new();
    let mut cells = Vec::new();
    for (k, v) in body.0 {
        headers.push(k.to_lowercase());
        cells.push(match v {
            serde_json::Value::String(s) => s,
            serde_json::Value::Null => String::new(),
            other => other.to_string(),
        });
    }
    Table { headers, rows: vec![(1, cells)] }
}

/// The body as one row of a file of `kind`, refused (before anything is read from the register)
/// when the caller's role may not write that kind or when a required column is missing or a cell
/// does not parse.
fn row_of<T>(
    cx: &Ctx,
    kind: FileKind,
    body: Object,
    parse: fn(&Table, &mut Vec<services::RowError>) -> T,
) -> Result<T, Problem> {
    cx.require(kind.action())?;
    let table = one_row(body);
    let (required, _) = kind.columns();
    table.require(required).map_err(|e| Problem::new(StatusCode::UNPROCESSABLE_ENTITY, e.vi(), e.en()))?;
    let mut errors = Vec::new();
    let rows = parse(&table, &mut errors);
    if !errors.is_empty() {
        return Err(Error::Invalid(errors).into());
    }
    Ok(rows)
}

/// Records a unit version (the fields of a units file: code, name, kind, valid_from, parent, …).
#[utoipa::path(post, path = "/api/units", request_body = NewUnit, responses((status = 201, body = UnitOut), (status = 400, description = "Bad date or query / ngày hoặc truy vấn sai", content_type = "application/problem+json", body = problem::ProblemBody), (status = 401, description = "No session or token / chưa đăng nhập", content_type = "application/problem+json", body = problem::ProblemBody), (status = 403, description = "The role may not write / vai trò không được ghi", content_type = "application/problem+json", body = problem::ProblemBody), (status = 409, description = "Conflicts with the register / xung đột dữ liệu", content_type = "application/problem+json", body = problem::ProblemBody), (status = 413, description = "Body too large / quá lớn", content_type = "application/problem+json", body = problem::ProblemBody), (status = 415, description = "Not application/json / sai kiểu nội dung", content_type = "application/problem+json", body = problem::ProblemBody), (status = 422, description = "Bad data, every problem listed; nothing written / dữ liệu sai", content_type = "application/problem+json", body = problem::ProblemBody), (status = 500, description = "Server error; nothing written / lỗi máy chủ", content_type = "application/problem+json", body = problem::ProblemBody)))]
pub(crate) async fn create_unit(
    Extract(state): Extract<State>,
    caller: Caller,
    Typed(body): Typed<NewUnit>,
) -> Result<(StatusCode, Json<UnitOut>), Problem> {
    let cx = caller.cx();
    let rows = row_of(&cx, FileKind::Units, as_row(&body)?, units::parse)?;
    let out = state
        .with_store(move |s| {
            units::create(s, &cx, &rows, false)?;
            Ok(rows.into_iter().next().map(|(_, v)| UnitOut::from(v)))
        })
        .await?;
    out.map(|u| (StatusCode::CREATED, Json(u))).ok_or_else(|| Problem::internal("no unit written"))
}

/// Records a person (the fields of a people file).
#[utoipa::path(post, path = "/api/people", request_body = NewPerson, responses((status = 201, body = PersonOut), (status = 400, description = "Bad date or query / ngày hoặc truy vấn sai", content_type = "application/problem+json", body = problem::ProblemBody), (status = 401, description = "No session or token / chưa đăng nhập", content_type = "application/problem+json", body = problem::ProblemBody), (status = 403, description = "The role may not write / vai trò không được ghi", content_type = "application/problem+json", body = problem::ProblemBody), (status = 409, description = "Conflicts with the register / xung đột dữ liệu", content_type = "application/problem+json", body = problem::ProblemBody), (status = 413, description = "Body too large / quá lớn", content_type = "application/problem+json", body = problem::ProblemBody), (status = 415, description = "Not application/json / sai kiểu nội dung", content_type = "application/problem+json", body = problem::ProblemBody), (status = 422, description = "Bad data, every problem listed; nothing written / dữ liệu sai", content_type = "application/problem+json", body = problem::ProblemBody), (status = 500, description = "Server error; nothing written / lỗi máy chủ", content_type = "application/problem+json", body = problem::ProblemBody)))]
pub(crate) async fn create_person(
    Extract(state): Extract<State>,
    caller: Caller,
    Typed(body): Typed<NewPerson>,
) -> Result<(StatusCode, Json<PersonOut>), Problem> {
    let cx = caller.cx();
    let rows = row_of(&cx, FileKind::People, as_row(&body)?, persons::parse)?;
    let out = state
        .with_store(move |s| {
            persons::create(s, &cx, &rows, false)?;
            Ok(rows.into_iter().next().map(|(_, p, _)| PersonOut {
                code: p.code,
                name: p.name,
                gender: p.gender.code().into(),
                birth_date: p.birth_date.to_string(),
            }))
        })
        .await?;
    out.map(|p| (StatusCode::CREATED, Json(p))).ok_or_else(|| Problem::internal("no person written"))
}

/// Records a membership period (the fields of a members file).
#[utoipa::path(post, path = "/api/members", request_body = NewMember, responses((status = 201, body = [MembershipOut]), (status = 400, description = "Bad date or query / ngày hoặc truy vấn sai", content_type = "application/problem+json", body = problem::ProblemBody), (status = 401, description = "No session or token / chưa đăng nhập", content_type = "application/problem+json", body = problem::ProblemBody), (status = 403, description = "The role may not write / vai trò không được ghi", content_type = "application/problem+json", body = problem::ProblemBody), (status = 409, description = "Conflicts with the register / xung đột dữ liệu", content_type = "application/problem+json", body = problem::ProblemBody), (status = 413, description = "Body too large / quá lớn", content_type = "application/problem+json", body = problem::ProblemBody), (status = 415, description = "Not application/json / sai kiểu nội dung", content_type = "application/problem+json", body = problem::ProblemBody), (status = 422, description = "Bad data, every problem listed; nothing written / dữ liệu sai", content_type = "application/problem+json", body = problem::ProblemBody), (status = 500, description = "Server error; nothing written / lỗi máy chủ", content_type = "application/problem+json", body = problem::ProblemBody)))]
pub(crate) async fn create_member(
    Extract(state): Extract<State>,
    caller: Caller,
    Typed(body): Typed<NewMember>,
) -> Result<(StatusCode, Json<Vec<MembershipOut>>), Problem> {
    let cx = caller.cx();
    let rows = row_of(&cx, FileKind::Members, as_row(&body)?, members::parse)?;
    let out = state
        .with_store(move |s| {
            members::create(s, &cx, &rows, false)?;
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
        .await?;
    Ok((StatusCode::CREATED, Json(out)))
}
