//! The API's readers of a request — a JSON object, a query string, a path — whose refusals are
//! problem+json in Vietnamese and English like every other error, instead of the framework's
//! plain English text.

use std::fmt;

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::StatusCode;
use serde::de::{DeserializeOwned, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::Problem;

/// Why the framework refused to read a request, as people read it: `what` names the part of the
/// request (`request-body`, `request-file`, `request-query`, `request-path`) in the catalogs.
fn refusal(status: StatusCode, what: &str, cause: &str) -> Problem {
    let (what_vi, what_en) = crate::i18n::both(what, &[]);
    let (key, cause) = match status {
        StatusCode::PAYLOAD_TOO_LARGE => ("request-too-large", String::new()),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ("request-not-json", String::new()),
        _ => ("request-unreadable", cause.to_string()),
    };
    let (vi, _) = crate::i18n::both(key, &[("what", what_vi), ("cause", cause.clone())]);
    let (_, en) = crate::i18n::both(key, &[("what", what_en), ("cause", cause)]);
    Problem::new(status, vi, en)
}

/// A JSON body, refused as problem+json when it is not JSON, not of the expected shape, too
/// large or sent as another content type.
pub struct Json<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Json<T> {
    type Rejection = Problem;

    async fn from_request(req: Request, state: &S) -> Result<Self, Problem> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(Json(v)),
            Err(e) => Err(json_refusal(&e)),
        }
    }
}

fn json_refusal(e: &JsonRejection) -> Problem {
    let status = match e {
        // A body the JSON reader could parse but not use is bad data, like a bad row.
        JsonRejection::JsonDataError(_) => StatusCode::UNPROCESSABLE_ENTITY,
        other => other.status(),
    };
    refusal(status, "request-body", &e.body_text())
}

/// A body of bytes (a file uploaded), refused as problem+json when it is too large or cannot be
/// read.
pub struct Bytes(pub axum::body::Bytes);

impl<S: Send + Sync> FromRequest<S> for Bytes {
    type Rejection = Problem;

    async fn from_request(req: Request, state: &S) -> Result<Self, Problem> {
        match axum::body::Bytes::from_request(req, state).await {
            Ok(b) => Ok(Bytes(b)),
            Err(e) => Err(refusal(e.status(), "request-file", &e.body_text())),
        }
    }
}

/// A query string, refused as problem+json (400) when it cannot be read.
pub struct Query<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Problem> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(Query(v)),
            Err(e) => Err(query_refusal(&e)),
        }
    }
}

fn query_refusal(e: &QueryRejection) -> Problem {
    refusal(StatusCode::BAD_REQUEST, "request-query", &e.body_text())
}

/// A path parameter, refused as problem+json when it cannot be read.
pub struct Path<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for Path<T> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Problem> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(Path(v)),
            Err(e) => Err(path_refusal(&e)),
        }
    }
}

fn path_refusal(e: &PathRejection) -> Problem {
    refusal(StatusCode::BAD_REQUEST, "request-path", &e.body_text())
}

/// A JSON object whose keys each appear once (compared without case, as the columns of a file
/// are): a body that names a field twice is refused rather than read with one value silently
/// dropped.
pub struct Object(pub Vec<(String, serde_json::Value)>);

impl<'de> Deserialize<'de> for Object {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Fields;
        impl<'de> Visitor<'de> for Fields {
            type Value = Object;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Object, A::Error> {
                let mut out: Vec<(String, serde_json::Value)> = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, serde_json::Value>()? {
                    if out.iter().any(|(seen, _)| seen.eq_ignore_ascii_case(&k)) {
                        return Err(serde::de::Error::custom(format_args!(
                            "the field '{k}' appears twice / trường '{k}' xuất hiện hai lần"
                        )));
                    }
                    out.push((k, v));
                }
                Ok(Object(out))
            }
        }
        d.deserialize_map(Fields)
    }
}
