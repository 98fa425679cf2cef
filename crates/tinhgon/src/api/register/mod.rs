//! The API of the register: units, people and their membership periods. What the three share:
//! the date of a query, and a body read as one row of its file, so that the API checks exactly
//! what an import checks.

pub(crate) mod members;
pub(crate) mod people;
pub(crate) mod units;

use crate::clock::today;
use crate::files::Table;
use crate::http::extract::Object;
use crate::http::Problem;
use crate::services::register::rows::FileKind;
use crate::services::{self, Ctx};
use serde::{Deserialize, Serialize};
use tinhgon_domain::Date;
use utoipa::IntoParams;

fn parse_at(at: Option<&str>, name: &str) -> Result<Date, Problem> {
    match at {
        None | Some("") => Ok(today()),
        Some(t) => Date::parse(t).map_err(|e| {
            Problem::bad_request(format!("{name}: {}", crate::i18n::vi(&e)), format!("{name}: {}", crate::i18n::en(&e)))
        }),
    }
}

#[derive(Deserialize, IntoParams)]
pub(crate) struct AtQuery {
    /// Ngày / date (default today).
    at: Option<String>,
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

/// The body as one row of a file of `kind`, read by the service as an import reads it.
fn row_of<T>(
    cx: &Ctx,
    kind: FileKind,
    body: Object,
    parse: fn(&Table, &mut Vec<services::RowError>) -> T,
) -> Result<T, Problem> {
    Ok(services::register::import::one_row(cx, kind, &one_row(body), parse)?)
}
