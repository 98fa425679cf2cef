//! A unit's lists — its members, its positions — downloaded as XLSX in the columns `import` reads.

use axum::extract::{Path, State as Extract};
use axum::http::header;
use axum::response::{IntoResponse, Response};

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

pub(crate) async fn members_xlsx(
    Extract(state): Extract<State>,
    v: Viewer,
    Path(code): Path<String>,
    Query(q): Query<DateQuery>,
) -> Response {
    respond(&v, unit_xlsx(&state, &v, &code, q, ("dang-vien", List::Members)).await)
}

pub(crate) async fn positions_xlsx(
    Extract(state): Extract<State>,
    v: Viewer,
    Path(code): Path<String>,
    Query(q): Query<DateQuery>,
) -> Response {
    respond(&v, unit_xlsx(&state, &v, &code, q, ("chuc-vu", List::Positions)).await)
}
