//! The API of units: search them, read one with its history, sub-units, members, positions and
//! figures, and record a unit version.

use super::{as_row, parse_at, row_of, AtQuery};
use crate::api::body::Door;
use crate::api::body::UnitPath;
use crate::api::typed::Typed;
use crate::http::extract::Query;
use crate::http::Problem;
use crate::i18n::Label;
use crate::render;
use crate::services::register::people::{AssignmentLine, PersonLine};
use crate::services::register::{members, positions, rows::FileKind, units};
use crate::services::{self};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use tinhgon_domain::catalog::{Ownership, Sector, UnitKind};
use tinhgon_domain::register::UnitVersion;
use tinhgon_domain::Date;
use tinhgon_domain::{DocumentNumber, UnitCode};
use utoipa::{IntoParams, ToSchema};

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
            kind_label: v.kind.label_vi(),
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
pub(crate) struct StatsQuery {
    at: Option<String>,
    /// So sánh với ngày / compare with this date.
    compare: Option<String>,
    /// Năm của công tác đảng (`party_work`) / the year of the party work (`party_work`).
    year: Option<i32>,
}

/// Units in force on a date whose name or code matches.
#[utoipa::path(get, path = "/api/units", params(UnitQuery), responses((status = 200, body = [UnitOut])))]
pub(crate) async fn list_units(door: Door, Query(q): Query<UnitQuery>) -> Result<Json<Vec<UnitOut>>, Problem> {
    let at = parse_at(q.at.as_deref(), "at")?;
    let text = q.q.unwrap_or_default();
    let limit = q.limit.unwrap_or(50).clamp(1, 500);
    door.answer(move |s, cx| Ok(units::search(s, cx, &text, at, limit)?.into_iter().map(UnitOut::from).collect())).await
}

/// A unit on a date, with its history, sub-units and change log.
#[utoipa::path(get, path = "/api/units/{code}", params(("code" = String, Path, example = "18073.DU"), AtQuery), responses((status = 200, body = UnitDetail)))]
pub(crate) async fn get_unit(
    door: Door,
    UnitPath(code): UnitPath,
    Query(q): Query<AtQuery>,
) -> Result<Json<UnitDetail>, Problem> {
    let at = parse_at(q.at.as_deref(), "at")?;
    let d = door.answer(move |s, cx| units::detail(s, cx, &code, at)).await?.0;
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
#[utoipa::path(get, path = "/api/units/{code}/children", params(("code" = String, Path, example = "18073.DU"), AtQuery), responses((status = 200, body = [UnitOut])))]
pub(crate) async fn unit_children(
    door: Door,
    UnitPath(code): UnitPath,
    Query(q): Query<AtQuery>,
) -> Result<Json<Vec<UnitOut>>, Problem> {
    let at = parse_at(q.at.as_deref(), "at")?;
    door.answer(move |s, cx| Ok(units::children(s, cx, &code, at)?.into_iter().map(UnitOut::from).collect())).await
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
#[utoipa::path(get, path = "/api/units/{code}/members", params(("code" = String, Path, example = "18073.DU"), AtQuery), responses((status = 200, body = [MemberOut])))]
pub(crate) async fn unit_members(
    door: Door,
    UnitPath(code): UnitPath,
    Query(q): Query<AtQuery>,
) -> Result<Json<Vec<MemberOut>>, Problem> {
    let at = parse_at(q.at.as_deref(), "at")?;
    let rows = door.answer(move |s, cx| members::of_unit(s, cx, &code, at)).await?.0;
    Ok(Json(
        rows.into_iter()
            .map(|(p, st)| MemberOut {
                code: p.code,
                name: p.name,
                gender: p.gender.code().into(),
                birth_date: p.birth_date.to_string(),
                status: st.code().into(),
                status_label: st.label_vi(),
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

pub(crate) fn position_out(p: Option<&PersonLine>, a: AssignmentLine) -> PositionOut {
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
#[utoipa::path(get, path = "/api/units/{code}/positions", params(("code" = String, Path, example = "18073.DU"), AtQuery), responses((status = 200, body = [PositionOut])))]
pub(crate) async fn unit_positions(
    door: Door,
    UnitPath(code): UnitPath,
    Query(q): Query<AtQuery>,
) -> Result<Json<Vec<PositionOut>>, Problem> {
    let at = parse_at(q.at.as_deref(), "at")?;
    door.answer(move |s, cx| {
        Ok(positions::of_unit(s, cx, &code, at)?.into_iter().map(|(p, a)| position_out(Some(&p), a)).collect())
    })
    .await
}

/// A unit's figures on a date, as `tinhgon stats --json`: with `compare`, the other date's beside
/// them with their difference; with `year`, the year's party work. It describes the object
/// `render::figures_json` builds, which the command line prints too.
#[derive(Serialize, ToSchema)]
#[allow(dead_code)] // A description: the answer is built by `render`, shared with the command line.
pub(crate) struct StatsOut {
    #[serde(flatten)]
    figures: tinhgon_domain::stats::Figures,
    compare: Option<CompareOut>,
    party_work: Option<crate::services::party::report::YearReport>,
}

/// The other date's figures, their difference and, with `year`, that year's party work.
#[derive(Serialize, ToSchema)]
#[allow(dead_code)] // A description, as `StatsOut`.
pub(crate) struct CompareOut {
    at: Date,
    figures: tinhgon_domain::stats::Figures,
    /// Every count of the main figures minus the same count on the other date, by the same keys.
    #[schema(value_type = Object)]
    difference: serde_json::Value,
    party_work: Option<crate::services::party::report::YearReport>,
}

/// The figures of a unit's subtree on a date (the same object as `tinhgon stats --json`).
#[utoipa::path(get, path = "/api/units/{code}/stats", params(("code" = String, Path, example = "18073.DU"), StatsQuery), responses((status = 200, description = "Figures: unit, at, units_by_kind, grassroots_by_sector, members, positions_by_rank, staffing, compare when asked, and party_work with year", body = StatsOut)))]
pub(crate) async fn unit_stats(
    door: Door,
    UnitPath(code): UnitPath,
    Query(q): Query<StatsQuery>,
) -> Result<Json<serde_json::Value>, Problem> {
    let at = parse_at(q.at.as_deref(), "at")?;
    let other = match q.compare.as_deref() {
        None | Some("") => None,
        Some(t) => Some(parse_at(Some(t), "compare")?),
    };
    let year = q.year;
    if year.is_some_and(|y| !(1990..=2200).contains(&y)) {
        let (vi, en) = crate::i18n::both("api-year-range", &[]);
        return Err(Problem::new(StatusCode::BAD_REQUEST, vi, en));
    }
    door.answer_indexed(move |s, cx, index| {
        let (f, c) = services::stats::figures(s, cx, index, &code, at, other)?;
        let mut v = render::figures_json(&f, c.as_ref());
        if let Some(y) = year {
            let (now, then) = services::party::report::years(s, cx, &code, y, other.map(|d| d.year()))?;
            render::with_party_work(&mut v, &now, then.as_ref());
        }
        Ok(v)
    })
    .await
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

/// Records a unit version (the fields of a units file: code, name, kind, valid_from, parent, …).
#[utoipa::path(post, path = "/api/units", request_body = NewUnit, responses((status = 201, body = UnitOut)))]
pub(crate) async fn create_unit(
    door: Door,
    Typed(body): Typed<NewUnit>,
) -> Result<(StatusCode, Json<UnitOut>), Problem> {
    let rows = row_of(&door.cx(), FileKind::Units, as_row(&body)?, units::parse)?;
    door.made(move |s, cx| {
        units::create(s, cx, &rows, false)?;
        rows.into_iter()
            .next()
            .map(|(_, v)| UnitOut::from(v))
            .ok_or_else(|| crate::services::Error::internal("no unit written"))
    })
    .await
}
