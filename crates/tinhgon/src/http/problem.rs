//! Errors of the API as `application/problem+json`, Vietnamese first. This is the one place where
//! errors become HTTP statuses.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use crate::services::{Error, RowError};

/// An error answer (RFC 9457), boxed so that results carrying it stay small.
#[derive(Debug)]
pub struct Problem(pub Box<ProblemBody>);

/// An error answer (RFC 9457), with the message in Vietnamese and in English.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Problem)]
pub struct ProblemBody {
    #[serde(rename = "type")]
    pub kind: String,
    /// Tiêu đề (tiếng Việt).
    pub title: String,
    pub title_en: String,
    pub status: u16,
    /// Chi tiết (tiếng Việt).
    pub detail: String,
    pub detail_en: String,
    /// Bad fields or rows, when the request carried data.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<RowErrorOut>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RowErrorOut {
    pub line: usize,
    pub field: String,
    pub message: String,
    pub message_en: String,
}

impl From<&RowError> for RowErrorOut {
    fn from(e: &RowError) -> Self {
        RowErrorOut { line: e.line, field: e.column.clone(), message: e.vi.clone(), message_en: e.en.clone() }
    }
}

impl Problem {
    pub fn new(status: StatusCode, vi: impl Into<String>, en: impl Into<String>) -> Problem {
        let key = match status {
            StatusCode::NOT_FOUND => "problem-not-found",
            StatusCode::UNPROCESSABLE_ENTITY => "problem-invalid",
            StatusCode::CONFLICT => "problem-conflict",
            StatusCode::UNAUTHORIZED => "problem-unauthorized",
            StatusCode::FORBIDDEN => "problem-forbidden",
            StatusCode::TOO_MANY_REQUESTS => "problem-too-many",
            StatusCode::SERVICE_UNAVAILABLE => "problem-unavailable",
            StatusCode::PAYLOAD_TOO_LARGE => "problem-too-large",
            StatusCode::UNSUPPORTED_MEDIA_TYPE => "problem-media-type",
            StatusCode::METHOD_NOT_ALLOWED => "problem-method",
            _ if status.is_client_error() => "problem-bad-request",
            _ => "problem-server",
        };
        let (title, title_en) = crate::i18n::both(key, &[]);
        Problem(Box::new(ProblemBody {
            kind: format!("https://tinhgon.vn/problems/{}", status.as_u16()),
            title,
            title_en,
            status: status.as_u16(),
            detail: vi.into(),
            detail_en: en.into(),
            errors: Vec::new(),
        }))
    }

    pub fn not_found(vi: impl Into<String>, en: impl Into<String>) -> Problem {
        Problem::new(StatusCode::NOT_FOUND, vi, en)
    }

    pub fn bad_request(vi: impl Into<String>, en: impl Into<String>) -> Problem {
        Problem::new(StatusCode::BAD_REQUEST, vi, en)
    }

    pub fn internal(e: impl std::fmt::Display) -> Problem {
        // The cause goes to the log (it holds no personal data: store errors name tables and
        // constraints); people get a plain sentence.
        tracing::error!(error = %e, "request failed");
        let (vi, en) = crate::i18n::both("problem-server-detail", &[]);
        Problem::new(StatusCode::INTERNAL_SERVER_ERROR, vi, en)
    }
}

impl From<crate::services::StoreError> for Problem {
    fn from(e: crate::services::StoreError) -> Self {
        if let crate::services::StoreError::ControlCharacter(c) = e {
            return crate::services::control_character("text", c).into();
        }
        if e.is_constraint() {
            let (vi, en) = crate::i18n::both("problem-constraint", &[]);
            return Problem::new(StatusCode::CONFLICT, vi, en);
        }
        Problem::internal(e)
    }
}

impl Problem {
    /// Bad rows or fields: 422 with each one listed.
    pub fn invalid(rows: &[RowError]) -> Problem {
        let (vi, en) = crate::i18n::both("problem-rows", &[("count", rows.len().to_string())]);
        let mut p = Problem::new(StatusCode::UNPROCESSABLE_ENTITY, vi, en);
        // The first rows only; the title gives the count of them all.
        p.0.errors = rows.iter().take(crate::services::SHOWN_ERRORS).map(RowErrorOut::from).collect();
        p
    }
}

/// A service's refusal as the HTTP answer: absent and out of reach are both 404.
impl From<Error> for Problem {
    fn from(e: Error) -> Self {
        match e {
            Error::Invalid(rows) => Problem::invalid(&rows),
            Error::Store(e) => e.into(),
            Error::NotFound(_) => {
                let (vi, en) = e.messages();
                Problem::not_found(vi, en)
            }
            Error::Forbidden => {
                let (vi, en) = e.messages();
                Problem::new(StatusCode::FORBIDDEN, vi, en)
            }
            Error::Conflict { .. } | Error::Plan(_) => {
                let (vi, en) = e.messages();
                Problem::new(StatusCode::CONFLICT, vi, en)
            }
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.0.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&*self.0).unwrap_or_default();
        let mut r = (status, [(header::CONTENT_TYPE, "application/problem+json")], body).into_response();
        if status == StatusCode::UNAUTHORIZED {
            r.headers_mut().insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
        }
        r
    }
}
