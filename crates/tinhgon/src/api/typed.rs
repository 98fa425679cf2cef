//! A JSON body read into its Rust type — the type the OpenAPI document describes. The object's
//! keys are read without case and a key named twice is refused (as the columns of a file); a
//! string is trimmed and a blank one or `null` is a field not given; a control character is
//! refused. Then the body is read as its type, and what does not read — a field missing, a field
//! the type does not have, a value of the wrong type or one the domain refuses — is a 422 naming
//! the field (and the line of a list), in Vietnamese and English from the catalogs.

use axum::extract::{FromRequest, Request};
use serde::de::DeserializeOwned;
use serde_json::Value;
use serde_path_to_error::Segment;

use crate::http::extract::{Json, Object};
use crate::http::Problem;
use crate::i18n::both;
use crate::services::{Error, RowError};

/// A body of type `T`.
pub(crate) struct Typed<T>(pub(crate) T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Typed<T> {
    type Rejection = Problem;

    async fn from_request(req: Request, state: &S) -> Result<Self, Problem> {
        let Json(object) = Json::<Object>::from_request(req, state).await?;
        Ok(Typed(read(object)?))
    }
}

/// The object read as `T`.
pub(crate) fn read<T: DeserializeOwned>(object: Object) -> Result<T, Error> {
    let mut map = serde_json::Map::new();
    for (key, value) in object.0 {
        let key = key.to_lowercase();
        if let Some(v) = tidy(&key, value)? {
            map.insert(key, v);
        }
    }
    serde_path_to_error::deserialize(Value::Object(map)).map_err(|e| refusal(&e))
}

/// A field's value as its type reads it: strings trimmed, blank strings and nulls absent (in
/// objects), control characters refused wherever they are.
fn tidy(field: &str, value: Value) -> Result<Option<Value>, Error> {
    Ok(match value {
        Value::Null => None,
        Value::String(s) => {
            check(field, &s)?;
            let t = s.trim();
            (!t.is_empty()).then(|| Value::String(t.to_string()))
        }
        Value::Array(items) => Some(Value::Array(
            items
                .into_iter()
                .map(|v| match v {
                    Value::String(s) => check(field, &s).map(|()| Value::String(s)),
                    other => tidy(field, other).map(|v| v.unwrap_or(Value::Null)),
                })
                .collect::<Result<_, _>>()?,
        )),
        Value::Object(fields) => {
            let mut out = serde_json::Map::new();
            for (k, v) in fields {
                let k = k.to_lowercase();
                if let Some(v) = tidy(&k, v)? {
                    out.insert(k, v);
                }
            }
            Some(Value::Object(out))
        }
        other => Some(other),
    })
}

fn check(field: &str, text: &str) -> Result<(), Error> {
    match tinhgon_domain::text::control_character(text) {
        Some(c) => Err(crate::services::control_character(field, u32::from(c))),
        None => Ok(()),
    }
}

/// Where in the body an error is: the last field named, and the line of the last list (from 1).
fn place(path: &serde_path_to_error::Path) -> (Option<String>, usize) {
    let mut field = None;
    let mut line = 1;
    for segment in path.iter() {
        match segment {
            Segment::Map { key } => field = Some(key.clone()),
            Segment::Seq { index } => line = index + 1,
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    (field, line)
}

/// The text between the first pair of backquotes of a serde message.
fn quoted(message: &str) -> Option<&str> {
    let start = message.find('`')? + 1;
    let len = message[start..].find('`')?;
    Some(&message[start..start + len])
}

/// The catalog's name for what serde expected.
fn expected(message: &str) -> Option<&'static str> {
    let (_, what) = message.split_once(", expected ")?;
    let what = what.trim();
    let whole = what.strip_prefix(['i', 'u']).is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()));
    Some(if what.contains("string") {
        "api-expected-text"
    } else if whole || what.contains("integer") {
        "api-expected-whole"
    } else if what.contains("boolean") {
        "api-expected-flag"
    } else if what.contains("sequence") {
        "api-expected-list"
    } else if what.contains("struct") || what.contains("map") {
        "api-expected-object"
    } else if what.starts_with('f') {
        "api-expected-number"
    } else {
        return None;
    })
}

fn refusal(e: &serde_path_to_error::Error<serde_json::Error>) -> Error {
    let (at, line) = place(e.path());
    let message = e.inner().to_string();
    let (field, vi, en) = if let Some(name) = message.strip_prefix("missing field ").and_then(quoted) {
        let (vi, en) = both("api-field-missing", &[("field", name.to_string())]);
        (name.to_string(), vi, en)
    } else if let Some(name) = message.strip_prefix("unknown field ").and_then(quoted) {
        let known = message.split_once("expected ").map_or("", |(_, k)| k).replace('`', "");
        let (vi, en) = both("api-field-unknown", &[("field", name.to_string()), ("known", known)]);
        (name.to_string(), vi, en)
    } else {
        let field = at.unwrap_or_default();
        let (vi, en) = match (tinhgon_domain::msg::Msg::decode(&message), expected(&message)) {
            (Some(m), _) => crate::i18n::said(&m),
            (None, Some(id)) => {
                let (vi_what, en_what) = both(id, &[]);
                let (vi, _) = both("api-field-type", &[("field", field.clone()), ("expected", vi_what)]);
                let (_, en) = both("api-field-type", &[("field", field.clone()), ("expected", en_what)]);
                (vi, en)
            }
            (None, None) => both("api-field-invalid", &[("field", field.clone()), ("detail", message.clone())]),
        };
        (field, vi, en)
    };
    Error::Invalid(vec![RowError { line, column: field, vi, en }])
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use tinhgon_domain::{Date, UnitCode};

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)] // Read only to be refused or accepted.
    struct Sample {
        unit: UnitCode,
        on: Date,
        note: Option<String>,
        count: Option<i32>,
        lines: Option<Vec<Line>>,
    }

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)] // Read only to be refused or accepted.
    struct Line {
        person: String,
        flag: Option<bool>,
    }

    fn body(json: &str) -> Result<Sample, (String, usize, String, String)> {
        let object: Object = serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"));
        read(object).map_err(|e| match e {
            Error::Invalid(rows) => {
                let r = &rows[0];
                (r.column.clone(), r.line, r.vi.clone(), r.en.clone())
            }
            other => panic!("{other:?}"),
        })
    }

    #[test]
    fn a_body_reads_into_its_type_with_keys_without_case_and_blanks_as_absent() {
        let s = body(r#"{"UNIT":" 42.TU ","on":"05/01/2026","note":"  ","count":null}"#)
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(s.unit.as_str(), "42.TU");
        assert_eq!(s.on.to_string(), "2026-01-05");
        assert!(s.note.is_none() && s.count.is_none());
    }

    #[test]
    fn what_does_not_read_is_refused_naming_the_field_in_both_languages() {
        let missing = body(r#"{"unit":"42.TU"}"#).err();
        assert_eq!(missing.as_ref().map(|m| (m.0.as_str(), m.2.as_str())), Some(("on", "thiếu trường on")));
        let unknown = body(r#"{"unit":"42.TU","on":"2026-01-05","colour":"đỏ"}"#).err();
        assert!(unknown.as_ref().is_some_and(|u| u.0 == "colour" && u.3.contains("no field colour")), "{unknown:?}");
        let wrong = body(r#"{"unit":"42.TU","on":"2026-01-05","count":"3"}"#).err();
        assert!(wrong.as_ref().is_some_and(|w| w.0 == "count" && w.2.contains("số nguyên")), "{wrong:?}");
        let domain = body(r#"{"unit":"42.TU","on":"31/02/2026"}"#).err();
        assert!(domain.as_ref().is_some_and(|d| d.0 == "on" && d.2.contains("không có trong lịch")), "{domain:?}");
        assert!(domain.is_some_and(|d| d.3.contains("does not exist")));
        let line = body(r#"{"unit":"42.TU","on":"2026-01-05","lines":[{"person":"a"},{"person":"b","flag":1}]}"#).err();
        assert_eq!(line.map(|l| (l.0, l.1)), Some(("flag".to_string(), 2)));
        let control = body("{\"unit\":\"42.TU\",\"on\":\"2026-01-05\",\"note\":\"a\\u0000\"}").err();
        assert!(control.is_some_and(|c| c.0 == "note" && c.2.contains("U+0000")));
    }
}
