//! The API of review campaigns: launch one, form its steering teams, read it with where each
//! unit's report stands, draft and submit a unit's report, and add up the submitted figures.

use axum::extract::State as Extract;
use axum::http::StatusCode;
use axum::Json;
use tinhgon_domain::directives::campaign::{CampaignKind, FigureKey};

use super::body::{Created, Fields};
use crate::http::extract::{Json as Body, Object, Path};
use crate::http::{Caller, Problem, State};
use crate::services::directives::campaigns::{self, Input, Launch};
use crate::services::Error;

fn list<'a>(f: &'a Fields, name: &str) -> Result<&'a [serde_json::Value], Error> {
    match f.value(name) {
        None => Ok(&[]),
        Some(serde_json::Value::Array(a)) => Ok(a.as_slice()),
        Some(_) => Err(Error::field(name, format!("{name} phải là danh sách"), format!("{name} must be a list"))),
    }
}

fn texts(f: &Fields, name: &str) -> Result<Vec<String>, Error> {
    list(f, name)?
        .iter()
        .map(|v| {
            v.as_str().map(str::to_string).ok_or_else(|| {
                Error::field(name, format!("{name} là danh sách chuỗi"), format!("{name} is a list of strings"))
            })
        })
        .collect()
}

fn id_field(f: &Fields, name: &str) -> Result<Option<i64>, Error> {
    match f.value(name) {
        None => Ok(None),
        Some(v) => v
            .as_i64()
            .map(Some)
            .ok_or_else(|| Error::field(name, format!("{name} là số"), format!("{name} is a number"))),
    }
}

/// Launches a review campaign for a committee's subtree.
#[utoipa::path(post, path = "/api/campaigns", request_body(content = Object, description = "launcher, title, reference_on, report_by; optional kind (so_ket, tong_ket), reviews and guidance (documents' ids), pilot_by, closes_on (default report_by), conference_on, sections: [titles], fields: [members_total, grassroots_organizations, orgs_admin_agency, members_admin_agency, …, staffing_quota, meetings_held, inspections, members_disciplined, …], units: [codes] (default the grassroots organizations under the launcher), pilots: [codes]"), responses((status = 201, body = Created), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 422, description = "Bad data; nothing written / dữ liệu sai")))]
pub(crate) async fn launch(
    Extract(state): Extract<State>,
    caller: Caller,
    Body(body): Body<Object>,
) -> Result<(StatusCode, Json<Created>), Problem> {
    let cx = caller.cx();
    let f = Fields::new(body);
    let kind = f
        .text("kind")?
        .map(|k| CampaignKind::parse(&k).map_err(|e| Error::field("kind", e.vi(), e.to_string())))
        .transpose()?;
    let fields = texts(&f, "fields")?
        .iter()
        .map(|k| FigureKey::parse(k).map_err(|e| Error::field("fields", e.vi(), e.to_string())))
        .collect::<Result<Vec<_>, _>>()?;
    let l = Launch {
        launcher: f.unit("launcher")?,
        kind,
        title: f.text("title")?,
        reviews: id_field(&f, "reviews")?,
        guidance: id_field(&f, "guidance")?,
        reference_on: f.date("reference_on")?,
        pilot_by: f.date("pilot_by")?,
        report_by: f.date("report_by")?,
        closes_on: f.date("closes_on")?,
        conference_on: f.date("conference_on")?,
        sections: texts(&f, "sections")?,
        fields,
        units: super::body::units(&f, "units")?,
        pilots: super::body::units(&f, "pilots")?,
    };
    let id = state.with_store(move |s| Ok(campaigns::launch(s, &cx, &l)?)).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// Forms a steering team that follows some of the campaign's units.
#[utoipa::path(post, path = "/api/campaigns/{id}/teams", params(("id" = i64, Path)), request_body(content = Object, description = "name, members (text), units: [codes]"), responses((status = 201, body = Created), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi"), (status = 422, description = "Bad data; nothing written / dữ liệu sai")))]
pub(crate) async fn add_team(
    Extract(state): Extract<State>,
    caller: Caller,
    Path(id): Path<i64>,
    Body(body): Body<Object>,
) -> Result<(StatusCode, Json<Created>), Problem> {
    let cx = caller.cx();
    let f = Fields::new(body);
    let (name, members, units) =
        (f.text("name")?.unwrap_or_default(), f.text("members")?.unwrap_or_default(), super::body::units(&f, "units")?);
    let team = state.with_store(move |s| Ok(campaigns::team(s, &cx, id, &name, &members, &units)?)).await?;
    Ok((StatusCode::CREATED, Json(Created { id: team })))
}

/// A campaign with where each unit's report stands (submitted, late) and its teams.
#[utoipa::path(get, path = "/api/campaigns/{id}", params(("id" = i64, Path)), responses((status = 200, description = "the campaign, units, teams, submitted, late"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi")))]
pub(crate) async fn get_campaign(
    Extract(state): Extract<State>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<serde_json::Value>, Problem> {
    let cx = caller.cx();
    let v = state.with_store(move |s| Ok(campaigns::view(s, &cx, id)?)).await?;
    Ok(Json(serde_json::to_value(v).map_err(Problem::internal)?))
}

/// A unit's report: as saved, or pre-filled from the register as of the reference date.
#[utoipa::path(get, path = "/api/campaigns/{id}/reports/{code}", params(("id" = i64, Path), ("code" = String, Path)), responses((status = 200, description = "the outline, texts and figures (register, value, note)"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi")))]
pub(crate) async fn get_report(
    Extract(state): Extract<State>,
    caller: Caller,
    Path((id, code)): Path<(i64, String)>,
) -> Result<Json<serde_json::Value>, Problem> {
    let cx = caller.cx();
    let unit = super::body::parse_code(&code)?;
    let st = state.clone();
    let d = state.with_store(move |s| Ok(campaigns::draft(s, &cx, &st.index, id, &unit)?)).await?;
    Ok(Json(serde_json::to_value(d).map_err(Problem::internal)?))
}

/// Saves a unit's report as a draft, or submits it (`submit: true`).
#[utoipa::path(post, path = "/api/campaigns/{id}/reports/{code}", params(("id" = i64, Path), ("code" = String, Path)), request_body(content = Object, description = "texts: [one per section], conference_on, figures: [{key, value, note}] (a value other than the register's needs a note), submit, submitted_on (default today)"), responses((status = 200, body = Created), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi"), (status = 409, description = "Already submitted / đã nộp"), (status = 422, description = "Bad data; nothing written / dữ liệu sai")))]
pub(crate) async fn save_report(
    Extract(state): Extract<State>,
    caller: Caller,
    Path((id, code)): Path<(i64, String)>,
    Body(body): Body<Object>,
) -> Result<Json<Created>, Problem> {
    let cx = caller.cx();
    let unit = super::body::parse_code(&code)?;
    let f = Fields::new(body);
    let mut figures = Vec::new();
    for (i, v) in list(&f, "figures")?.iter().enumerate() {
        let bad = || {
            Error::field(
                "figures",
                format!("dòng {}: {{key, value, note}}", i + 1),
                format!("line {}: {{key, value, note}}", i + 1),
            )
        };
        let key = v.get("key").and_then(|k| k.as_str()).ok_or_else(bad)?;
        let key = FigureKey::parse(key).map_err(|e| Error::field("figures", e.vi(), e.to_string()))?;
        let value = match v.get("value") {
            None | Some(serde_json::Value::Null) => None,
            Some(x) => Some(x.as_i64().ok_or_else(bad)?),
        };
        figures.push((key, value, v.get("note").and_then(|n| n.as_str()).map(str::to_string)));
    }
    let submit = match f.value("submit") {
        None => false,
        Some(v) => v.as_bool().ok_or_else(|| {
            Error::field("submit", "submit là true hoặc false".into(), "submit is true or false".into())
        })?,
    };
    let input = Input {
        texts: texts(&f, "texts")?,
        conference_on: f.date("conference_on")?,
        figures,
        submit,
        submitted_on: f.date("submitted_on")?,
    };
    let st = state.clone();
    state.with_store(move |s| Ok(campaigns::save(s, &cx, &st.index, id, &unit, &input)?)).await?;
    Ok(Json(Created { id }))
}

/// The submitted figures added up for the launcher and each unit under it, beside the register's.
#[utoipa::path(get, path = "/api/campaigns/{id}/aggregate", params(("id" = i64, Path)), responses((status = 200, description = "reference_on, submitted, of, lines: [{key, submitted, register, differs}], below"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi")))]
pub(crate) async fn aggregate(
    Extract(state): Extract<State>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<serde_json::Value>, Problem> {
    let cx = caller.cx();
    let st = state.clone();
    let a = state.with_store(move |s| Ok(campaigns::aggregate(s, &cx, &st.index, id, &mut |_, _| {})?)).await?;
    Ok(Json(serde_json::to_value(a).map_err(Problem::internal)?))
}

/// The campaigns a unit launched or reports in.
#[utoipa::path(get, path = "/api/units/{code}/campaigns", params(("code" = String, Path)), responses((status = 200, description = "campaigns, newest first"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi")))]
pub(crate) async fn unit_campaigns(
    Extract(state): Extract<State>,
    caller: Caller,
    Path(code): Path<String>,
) -> Result<Json<serde_json::Value>, Problem> {
    let cx = caller.cx();
    let unit = super::body::parse_code(&code)?;
    let l = state.with_store(move |s| Ok(campaigns::of_unit(s, &cx, &unit)?)).await?;
    Ok(Json(serde_json::to_value(l).map_err(Problem::internal)?))
}
