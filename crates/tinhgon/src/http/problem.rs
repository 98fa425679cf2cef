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
        let (title, title_en) = match status {
            StatusCode::NOT_FOUND => ("Không tìm thấy", "Not found"),
            StatusCode::BAD_REQUEST => ("Yêu cầu không hợp lệ", "Bad request"),
            StatusCode::UNPROCESSABLE_ENTITY => ("Dữ liệu không hợp lệ", "Invalid data"),
            StatusCode::CONFLICT => ("Xung đột dữ liệu", "Conflict"),
            StatusCode::UNAUTHORIZED => ("Chưa đăng nhập", "Not signed in"),
            StatusCode::FORBIDDEN => ("Không được phép", "Forbidden"),
            StatusCode::TOO_MANY_REQUESTS => ("Quá nhiều lần thử", "Too many attempts"),
            StatusCode::SERVICE_UNAVAILABLE => ("Tạm thời không phục vụ được", "Service unavailable"),
            StatusCode::PAYLOAD_TOO_LARGE => ("Nội dung quá lớn", "Payload too large"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => ("Sai kiểu nội dung", "Unsupported media type"),
            StatusCode::METHOD_NOT_ALLOWED => ("Phương thức không được hỗ trợ", "Method not allowed"),
            _ if status.is_client_error() => ("Yêu cầu không hợp lệ", "Bad request"),
            _ => ("Lỗi máy chủ", "Server error"),
        };
        Problem(Box::new(ProblemBody {
            kind: format!("https://tinhgon.vn/problems/{}", status.as_u16()),
            title: title.into(),
            title_en: title_en.into(),
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
        Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Máy chủ gặp lỗi khi xử lý yêu cầu; thao tác không được thực hiện.",
            "The server failed to handle the request; nothing was changed.",
        )
    }
}

impl From<crate::services::StoreError> for Problem {
    fn from(e: crate::services::StoreError) -> Self {
        if let crate::services::StoreError::ControlCharacter(c) = e {
            return crate::services::control_character("text", c).into();
        }
        if e.is_constraint() {
            return Problem::new(
                StatusCode::CONFLICT,
                "Dữ liệu trùng hoặc tham chiếu không tồn tại; không có gì được ghi.",
                "Duplicate data or a reference to something that does not exist; nothing was written.",
            );
        }
        Problem::internal(e)
    }
}

impl Problem {
    /// Bad rows or fields: 422 with each one listed.
    pub fn invalid(rows: &[RowError]) -> Problem {
        let mut p = Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("{} lỗi; không có gì được ghi.", rows.len()),
            format!("{} errors; nothing was written.", rows.len()),
        );
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
