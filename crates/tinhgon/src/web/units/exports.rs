//! A unit's lists — its members, its positions — downloaded as XLSX in the columns `import` reads.

use crate::web::At;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use tinhgon_domain::UnitCode;

use super::{date_param, unit_code, DateQuery};
use crate::http::{Problem, State};
use crate::services::register::views::{self, List};
use crate::web::{respond, PageError, Query, Viewer};

fn xlsx(name: &str, headers: &[&str], rows: &[Vec<String>]) -> Result<Response, PageError> {
    let bytes =
        crate::files::xlsx_bytes(headers, rows).map_err(|e| PageError::from_problem(Problem::internal(e.en())))?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        bytes,
    )
        .into_response())
}

/// Downloads one list of a unit as XLSX.
async fn unit_xlsx(
    state: &State,
    v: &Viewer,
    code: &str,
    q: DateQuery,
    (file, list): (&str, List),
) -> Result<Response, PageError> {
    let at = date_param(q.at.as_deref())?;
    let code = unit_code(code)?;
    let cx = v.caller.cx();
    let c2 = code.clone();
    let rows = state.with_store(move |s| Ok(views::unit_list(s, &cx, &c2, at, list)?)).await?;
    xlsx(&format!("{file}-{}-{at}.xlsx", code.as_str()), list.headers(), &rows)
}

pub(crate) async fn members_xlsx(At { state, v, at: code }: At<String>, Query(q): Query<DateQuery>) -> Response {
    respond(&v, unit_xlsx(&state, &v, &code, q, ("dang-vien", List::Members)).await)
}

pub(crate) async fn positions_xlsx(At { state, v, at: code }: At<String>, Query(q): Query<DateQuery>) -> Response {
    respond(&v, unit_xlsx(&state, &v, &code, q, ("chuc-vu", List::Positions)).await)
}

/// A unit's statistics on a day as a workbook of the statistical forms: members, grassroots
/// organizations and their members by sector, staffing by category, and units by kind, each sheet
/// with its row of totals where its rows add up.
pub(crate) async fn stats_xlsx(At { state, v, at: code }: At<UnitCode>, Query(q): Query<DateQuery>) -> Response {
    use tinhgon_domain::catalog::{Sector, StaffCategory, UnitKind};

    use crate::files::{Cell, Sheet};
    let run = async {
        let at = date_param(q.at.as_deref())?;
        let (cx, st, c2) = (v.caller.cx(), state.clone(), code.clone());
        let (f, _) =
            state.with_store(move |s| Ok(crate::services::stats::figures(s, &cx, &st.index, &c2, at, None)?)).await?;
        let tr = v.tr;
        let n = |x: u64| Cell::Number(x as i64);
        let text = |t: &str| Cell::Text(t.to_string());
        let m = &f.members;
        let members = Sheet {
            name: tr.t("xlsx-members"),
            headers: vec![tr.t("col-figure"), tr.t("col-count")],
            rows: vec![
                vec![text(&tr.t("xlsx-members-official")), n(m.official)],
                vec![text(&tr.t("xlsx-members-probationary")), n(m.probationary)],
            ],
            total: Some(tr.t("xlsx-members-total")),
        };
        let sectors = Sheet {
            name: tr.t("xlsx-grassroots"),
            headers: vec![tr.t("col-sector"), tr.t("col-organizations"), tr.t("col-members")],
            rows: Sector::ALL
                .iter()
                .filter_map(|s| f.grassroots_by_sector.get(s.code()).map(|g| (s, g)))
                .map(|(s, g)| vec![text(&tr.label(s)), n(g.organizations), n(g.members)])
                .collect(),
            total: Some(tr.t("xlsx-total")),
        };
        let staffing = Sheet {
            name: tr.t("xlsx-staffing"),
            headers: vec![tr.t("col-category"), tr.t("col-quota"), tr.t("col-actual")],
            rows: StaffCategory::ALL
                .iter()
                .filter_map(|c| f.staffing.by_category.get(c.code()).map(|q| (c, q)))
                .map(|(c, q)| vec![text(&tr.label(c)), n(q.quota), n(q.actual)])
                .collect(),
            total: Some(tr.t("xlsx-total")),
        };
        let kinds = Sheet {
            name: tr.t("xlsx-units"),
            headers: vec![tr.t("col-kind"), tr.t("col-count")],
            rows: UnitKind::ALL
                .iter()
                .filter_map(|k| f.units_by_kind.get(k.code()).map(|c| (k, c)))
                .map(|(k, c)| vec![text(&tr.label(k)), n(*c)])
                .collect(),
            total: Some(tr.t("xlsx-total")),
        };
        let bytes = crate::files::sheets_xlsx(&[members, sectors, staffing, kinds])
            .map_err(|e| PageError::from_problem(Problem::internal(e.en())))?;
        Ok((
            [
                (header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string()),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"thong-ke-{}-{at}.xlsx\"", code.as_str())),
            ],
            bytes,
        )
            .into_response())
    };
    respond(&v, run.await)
}
