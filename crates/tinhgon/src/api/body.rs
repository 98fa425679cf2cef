//! What the API's handlers share to read a request and write an answer: the fields of a query
//! read as text and dates (a field that does not read is a 422 naming it), a unit's code in a path,
//! the name of a file sent, what a write created, and a file as a download. Bodies are read into
//! their types by [`super::typed`].

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use tinhgon_domain::msg::Msg;
use tinhgon_domain::{Date, UnitCode};
use utoipa::ToSchema;

use crate::http::{Caller, Problem, State};
use crate::services::stats::IndexCache;
use crate::services::{Ctx, Error, Store};

/// The fields of a query, by name.
pub(crate) struct Fields(pub(crate) Vec<(String, serde_json::Value)>);

impl Fields {
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
            Some(_) => Err(Error::said(name, Msg::new("api-body-field-must-string").text("name", name))),
        }
    }

    pub(crate) fn date(&self, name: &str) -> Result<Option<Date>, Error> {
        self.text(name)?
            .map(|t| {
                Date::parse(&t).map_err(|e| {
                    Error::field(
                        name,
                        format!("{name}: {}", crate::i18n::vi(&e)),
                        format!("{name}: {}", crate::i18n::en(&e)),
                    )
                })
            })
            .transpose()
    }
}

/// The door of an API request: the server's state and the signed-in caller, who answer it with one
/// service operation run on a pooled connection.
pub(crate) struct Door {
    state: State,
    caller: Caller,
}

impl FromRequestParts<State> for Door {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &State) -> Result<Self, Problem> {
        let caller = Caller::from_request_parts(parts, state).await?;
        Ok(Door { state: state.clone(), caller })
    }
}

impl Door {
    /// The caller's context, for reading a body before the operation runs.
    pub(crate) fn cx(&self) -> Ctx {
        self.caller.cx()
    }

    /// Runs `op` with the caller's context and the statistics index, and answers its value as JSON.
    pub(crate) async fn answer_indexed<T: Send + 'static>(
        self,
        op: impl FnOnce(&mut Store, &Ctx, &IndexCache) -> Result<T, Error> + Send + 'static,
    ) -> Result<Json<T>, Problem> {
        let (cx, state) = (self.caller.cx(), self.state.clone());
        Ok(Json(self.state.with_store(move |s| Ok(op(s, &cx, &state.index)?)).await?))
    }

    /// Runs a write that creates what it answers: 201 with it.
    pub(crate) async fn made<T: Send + 'static>(
        self,
        op: impl FnOnce(&mut Store, &Ctx) -> Result<T, Error> + Send + 'static,
    ) -> Result<(StatusCode, Json<T>), Problem> {
        Ok((StatusCode::CREATED, self.answer(op).await?))
    }

    /// Runs `op` with the caller's context and answers its value as JSON.
    pub(crate) async fn answer<T: Send + 'static>(
        self,
        op: impl FnOnce(&mut Store, &Ctx) -> Result<T, Error> + Send + 'static,
    ) -> Result<Json<T>, Problem> {
        let cx = self.caller.cx();
        Ok(Json(self.state.with_store(move |s| Ok(op(s, &cx)?)).await?))
    }

    /// Runs a write that creates a row and answers 201 with its id.
    pub(crate) async fn created(
        self,
        op: impl FnOnce(&mut Store, &Ctx) -> Result<i64, Error> + Send + 'static,
    ) -> Result<(StatusCode, Json<Created>), Problem> {
        let Json(id) = self.answer(op).await?;
        Ok((StatusCode::CREATED, Json(Created { id })))
    }

    /// Runs a read of a file (its name, type and bytes) and answers it as a download.
    pub(crate) async fn download(
        self,
        op: impl FnOnce(&mut Store, &Ctx) -> Result<(String, String, Vec<u8>), Error> + Send + 'static,
    ) -> Result<axum::response::Response, Problem> {
        let Json((name, kind, bytes)) = self.answer(op).await?;
        Ok(download(&name, &kind, bytes))
    }

    /// Runs a write that records and has nothing of its own to name: 201 with `recorded`.
    pub(crate) async fn recorded<T: Send + 'static>(
        self,
        op: impl FnOnce(&mut Store, &Ctx) -> Result<T, Error> + Send + 'static,
    ) -> Result<(StatusCode, Json<Done>), Problem> {
        let Json(_) = self.answer(op).await?;
        Ok((StatusCode::CREATED, Json(Done::yes())))
    }

    /// Runs a write that leaves nothing to answer: 204.
    pub(crate) async fn done(
        self,
        op: impl FnOnce(&mut Store, &Ctx) -> Result<(), Error> + Send + 'static,
    ) -> Result<StatusCode, Problem> {
        let Json(()) = self.answer(op).await?;
        Ok(StatusCode::NO_CONTENT)
    }

    /// Runs a write on row `id` and answers with the id.
    pub(crate) async fn wrote(
        self,
        id: i64,
        op: impl FnOnce(&mut Store, &Ctx) -> Result<(), Error> + Send + 'static,
    ) -> Result<Json<Created>, Problem> {
        let Json(()) = self.answer(op).await?;
        Ok(Json(Created { id }))
    }
}

/// What a write created.
#[derive(Serialize, ToSchema)]
pub struct Created {
    pub(crate) id: i64,
}

/// A write that records and has nothing of its own to name.
#[derive(Serialize, ToSchema)]
pub struct Done {
    /// Always true: the write was recorded.
    pub(crate) recorded: bool,
}

impl Done {
    pub(crate) fn yes() -> Done {
        Done { recorded: true }
    }
}

/// A unit's code in a path: one that does not read is a unit that does not exist.
pub(crate) fn parse_code(code: &str) -> Result<UnitCode, Problem> {
    UnitCode::parse(code).map_err(|_| {
        let (vi, en) = crate::i18n::both("api-no-unit", &[("code", code.to_string())]);
        Problem::not_found(vi, en)
    })
}

/// A unit's code in the path, read as one: a code that does not read is a unit that does not
/// exist (the same 404 as a unit out of reach).
pub(crate) struct UnitPath(pub UnitCode);

impl<S: Send + Sync> FromRequestParts<S> for UnitPath {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Problem> {
        let code = match axum::extract::Path::<String>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(code)) => code,
            Err(e) => return Err(Problem::internal(e)),
        };
        parse_code(&code).map(UnitPath)
    }
}

/// The name of a file attached.
#[derive(serde::Deserialize, utoipa::IntoParams)]
pub struct FileName {
    /// The file's name, with its extension (.pdf, .docx, .odt, .jpg, .png) / tên tệp.
    #[param(example = "bien-ban.pdf")]
    pub(crate) name: Option<String>,
}

/// A file as a download.
pub(crate) fn download(name: &str, kind: &str, bytes: Vec<u8>) -> Response {
    let disposition =
        format!("attachment; filename=\"{}\"", name.replace(|c: char| !c.is_ascii_graphic() && c != ' ', "_"));
    ([(header::CONTENT_TYPE, kind.to_string()), (header::CONTENT_DISPOSITION, disposition)], bytes).into_response()
}
