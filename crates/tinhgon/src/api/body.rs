//! What the API's handlers share to read a request and write an answer: the fields of a JSON
//! object (a field that does not read is a 422 naming it), a unit's code in a path, a list of codes,
//! the name of a file sent, what a write created, and a file as a download.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use tinhgon_domain::{Date, UnitCode};
use utoipa::ToSchema;

use crate::http::extract::Object;
use crate::http::Problem;
use crate::services::Error;

/// The fields of a JSON object, by lower-case name.
pub(crate) struct Fields(pub(crate) Vec<(String, serde_json::Value)>);

impl Fields {
    pub(crate) fn new(body: Object) -> Fields {
        Fields(body.0.into_iter().map(|(k, v)| (k.to_lowercase(), v)).collect())
    }

    pub(crate) fn value(&self, name: &str) -> Option<&serde_json::Value> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v).filter(|v| !v.is_null())
    }

    pub(crate) fn text(&self, name: &str) -> Result<Option<String>, Error> {
        match self.value(name) {
            None => Ok(None),
            Some(serde_json::Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(serde_json::Value::String(s)) => match tinhgon_domain::text::control_character(s) {
                Some(c) => Err(crate::services::control_character(name, u32::from(c))),
                None => Ok(Some(s.trim().to_string())),
            },
            Some(_) => Err(Error::field(
                name,
                format!("trường {name} phải là chuỗi"),
                format!("the field {name} must be a string"),
            )),
        }
    }

    pub(crate) fn required(&self, name: &str) -> Result<String, Error> {
        self.text(name)?
            .ok_or_else(|| Error::field(name, format!("thiếu trường {name}"), format!("the field {name} is missing")))
    }

    pub(crate) fn date(&self, name: &str) -> Result<Option<Date>, Error> {
        self.text(name)?
            .map(|t| {
                Date::parse(&t).map_err(|e| Error::field(name, format!("{name}: {}", e.vi()), format!("{name}: {e}")))
            })
            .transpose()
    }

    pub(crate) fn required_date(&self, name: &str) -> Result<Date, Error> {
        self.date(name)?
            .ok_or_else(|| Error::field(name, format!("thiếu trường {name}"), format!("the field {name} is missing")))
    }

    /// The decision a write cites: `decision_no` and `decision_date`.
    pub(crate) fn decision(&self) -> Result<tinhgon_domain::Decision, Error> {
        let number = tinhgon_domain::DocumentNumber::parse(&self.required("decision_no")?)
            .map_err(|e| Error::field("decision_no", e.vi(), e.to_string()))?;
        Ok(tinhgon_domain::Decision { number, date: self.required_date("decision_date")? })
    }

    /// A whole number: anything else (a string, a fraction, a number out of range) is refused
    /// naming the field rather than taken as absent.
    pub(crate) fn int(&self, name: &str) -> Result<Option<i64>, Error> {
        match self.value(name) {
            None => Ok(None),
            Some(serde_json::Value::Number(n)) if n.as_i64().is_some() => Ok(n.as_i64()),
            Some(_) => Err(Error::field(
                name,
                format!("trường {name} phải là số nguyên"),
                format!("the field {name} must be a whole number"),
            )),
        }
    }

    pub(crate) fn unit(&self, name: &str) -> Result<Option<UnitCode>, Error> {
        self.text(name)?.map(|t| UnitCode::parse(&t).map_err(|e| Error::field(name, e.vi(), e.to_string()))).transpose()
    }
}

/// What a write created.
#[derive(Serialize, ToSchema)]
pub struct Created {
    pub(crate) id: i64,
}

/// A unit's code in a path: one that does not read is a unit that does not exist.
pub(crate) fn parse_code(code: &str) -> Result<UnitCode, Problem> {
    UnitCode::parse(code)
        .map_err(|_| Problem::not_found(format!("Không có đơn vị mã {code}."), format!("There is no unit {code}.")))
}

/// The units a body names in a list field.
pub(crate) fn units(f: &Fields, name: &str) -> Result<Vec<UnitCode>, Error> {
    let bad =
        || Error::field(name, format!("{name} là danh sách mã đơn vị"), format!("{name} is a list of unit codes"));
    match f.value(name) {
        None => Ok(Vec::new()),
        Some(serde_json::Value::Array(a)) => a
            .iter()
            .map(|v| {
                let t = v.as_str().ok_or_else(bad)?;
                UnitCode::parse(t).map_err(|e| Error::field(name, e.vi(), e.to_string()))
            })
            .collect(),
        Some(_) => Err(bad()),
    }
}

/// The name of a file attached.
#[derive(serde::Deserialize, utoipa::IntoParams)]
pub struct FileName {
    pub(crate) name: Option<String>,
}

/// A file as a download.
pub(crate) fn download(name: &str, kind: &str, bytes: Vec<u8>) -> Response {
    let disposition =
        format!("attachment; filename=\"{}\"", name.replace(|c: char| !c.is_ascii_graphic() && c != ' ', "_"));
    ([(header::CONTENT_TYPE, kind.to_string()), (header::CONTENT_DISPOSITION, disposition)], bytes).into_response()
}
