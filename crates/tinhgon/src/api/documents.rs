//! The API of the document register: record a document (a draft or issued), issue a draft, mark
//! one no longer in force, read one with the chain below it, list a unit's, record a congress,
//! attach and download the document's file, and download its Word file.

use super::body::{download, units};
use axum::extract::State as Extract;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use tinhgon_domain::directives::document::DocKind;

use super::body::FileName;
use super::body::{Created, Fields};
use crate::http::extract::{Json as Body, Object, Path, Query};
use crate::http::{Caller, Problem, State};
use crate::services::directives::documents::{self, Draft};
use crate::services::Error;

/// Reads the kind of a document by its code (`chuong_trinh`) or its name (`Chương trình`).
pub(crate) fn kind(text: &str) -> Result<DocKind, Error> {
    let folded = tinhgon_domain::text::fold(text);
    DocKind::ALL
        .iter()
        .copied()
        .find(|k| k.code() == text.trim() || tinhgon_domain::text::fold(k.label_vi()) == folded)
        .ok_or_else(|| {
            let known: Vec<&str> = DocKind::ALL.iter().map(|k| k.code()).collect();
            Error::field(
                "kind",
                format!("không có loại văn bản '{text}'; các loại: {}", known.join(", ")),
                format!("there is no document kind '{text}'; the kinds: {}", known.join(", ")),
            )
        })
}

fn draft_of(f: &Fields) -> Result<Draft, Error> {
    let implements = match f.value("implements") {
        None => None,
        Some(v) => Some(v.as_i64().ok_or_else(|| {
            Error::field("implements", "implements là số của văn bản".into(), "implements is a document's id".into())
        })?),
    };
    Ok(Draft {
        issuer: f.unit("issuer")?,
        kind: f.text("kind")?.map(|k| kind(&k)).transpose()?,
        sign: f.text("sign")?,
        issued_on: f.date("issued_on")?,
        title: f.text("title")?,
        implements,
        implement_by: f.date("implement_by")?,
        valid_from: f.date("valid_from")?,
        valid_to: f.date("valid_to")?,
        place: f.text("place")?,
        body: f.text("body")?,
        signing_for: f.text("signing_for")?,
        signer_title: f.text("signer_title")?,
        signer_name: f.text("signer_name")?,
        recipients: f.text("recipients")?,
        targets: units(f, "targets")?,
    })
}

/// Records a party document: issued when it has its sign and day, a draft otherwise.
#[utoipa::path(post, path = "/api/documents", request_body(content = Object, description = "issuer, kind (nghi_quyet, chi_thi, ket_luan, quyet_dinh, quy_dinh, quy_che, huong_dan, chuong_trinh, ke_hoach, de_an, bao_cao, thong_bao, to_trinh, cong_van), title; sign (06-CTr/HU) and issued_on for an issued one; optional implements (a document's id), implement_by, targets: [unit codes], valid_from, valid_to, place, body, signing_for, signer_title, signer_name, recipients (one a line)"), responses((status = 201, body = Created), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 422, description = "Bad data; nothing written / dữ liệu sai")))]
pub(crate) async fn create_document(
    Extract(state): Extract<State>,
    caller: Caller,
    Body(body): Body<Object>,
) -> Result<(StatusCode, Json<Created>), Problem> {
    let cx = caller.cx();
    let draft = draft_of(&Fields::new(body))?;
    let id = state.with_store(move |s| Ok(documents::create(s, &cx, &draft)?)).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// Issues a draft with its number and sign.
#[utoipa::path(post, path = "/api/documents/{id}/issue", params(("id" = i64, Path)), request_body(content = Object, description = "sign (06-CTr/HU), issued_on"), responses((status = 200, body = Created), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi"), (status = 409, description = "Already issued / đã ban hành"), (status = 422, description = "Bad data; nothing written / dữ liệu sai")))]
pub(crate) async fn issue_document(
    Extract(state): Extract<State>,
    caller: Caller,
    Path(id): Path<i64>,
    Body(body): Body<Object>,
) -> Result<Json<Created>, Problem> {
    let cx = caller.cx();
    let f = Fields::new(body);
    let (sign, on) = (f.required("sign")?, f.date("issued_on")?);
    state.with_store(move |s| Ok(documents::issue(s, &cx, id, &sign, on)?)).await?;
    Ok(Json(Created { id }))
}

/// Records that an issued document is no longer in force from a day (default today).
#[utoipa::path(post, path = "/api/documents/{id}/expire", params(("id" = i64, Path)), request_body(content = Object, description = "optional on"), responses((status = 200, body = Created), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi"), (status = 422, description = "Bad data; nothing written / dữ liệu sai")))]
pub(crate) async fn expire_document(
    Extract(state): Extract<State>,
    caller: Caller,
    Path(id): Path<i64>,
    Body(body): Body<Object>,
) -> Result<Json<Created>, Problem> {
    let cx = caller.cx();
    let on = Fields::new(body).date("on")?;
    state.with_store(move |s| Ok(documents::expire(s, &cx, id, on)?)).await?;
    Ok(Json(Created { id }))
}

/// A document with its files, the units named to implement it and how each stands, and the
/// chain of implementing documents below it.
#[utoipa::path(get, path = "/api/documents/{id}", params(("id" = i64, Path)), responses((status = 200, description = "the document"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi")))]
pub(crate) async fn get_document(
    Extract(state): Extract<State>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<serde_json::Value>, Problem> {
    let cx = caller.cx();
    let d = state.with_store(move |s| Ok(documents::get(s, &cx, id)?)).await?;
    Ok(Json(serde_json::to_value(d).map_err(Problem::internal)?))
}

/// The documents a unit issued and those it must implement, with its congresses.
#[utoipa::path(get, path = "/api/units/{code}/documents", params(("code" = String, Path)), responses((status = 200, description = "issued, to_implement, congresses"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi")))]
pub(crate) async fn unit_documents(
    Extract(state): Extract<State>,
    caller: Caller,
    Path(code): Path<String>,
) -> Result<Json<serde_json::Value>, Problem> {
    let cx = caller.cx();
    let unit = super::body::parse_code(&code)?;
    let d = state.with_store(move |s| Ok(documents::of_unit(s, &cx, &unit)?)).await?;
    Ok(Json(serde_json::to_value(d).map_err(Problem::internal)?))
}

/// Records the congress of a party organization: the day it closed opens a new term.
#[utoipa::path(post, path = "/api/units/{code}/congresses", params(("code" = String, Path)), request_body(content = Object, description = "closed_on, label"), responses((status = 201, body = Created), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi"), (status = 422, description = "Bad data; nothing written / dữ liệu sai")))]
pub(crate) async fn add_congress(
    Extract(state): Extract<State>,
    caller: Caller,
    Path(code): Path<String>,
    Body(body): Body<Object>,
) -> Result<(StatusCode, Json<Created>), Problem> {
    let cx = caller.cx();
    let unit = super::body::parse_code(&code)?;
    let f = Fields::new(body);
    let (on, label) = (f.date("closed_on")?, f.text("label")?.unwrap_or_default());
    let id = state.with_store(move |s| Ok(documents::congress(s, &cx, &unit, on, &label)?)).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// Attaches the document's file (PDF or DOCX; the body is the file).
#[utoipa::path(post, path = "/api/documents/{id}/files", params(("id" = i64, Path), FileName), request_body(content = String, description = "the file's bytes", content_type = "application/octet-stream"), responses((status = 201, body = Created), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi"), (status = 422, description = "Bad file; nothing written / tệp sai")))]
pub(crate) async fn attach_file(
    Extract(state): Extract<State>,
    caller: Caller,
    Path(id): Path<i64>,
    Query(q): Query<FileName>,
    crate::http::extract::Bytes(body): crate::http::extract::Bytes,
) -> Result<(StatusCode, Json<Created>), Problem> {
    let cx = caller.cx();
    let name = q.name.unwrap_or_default();
    let file = state.with_store(move |s| Ok(documents::attach(s, &cx, id, &name, &body)?)).await?;
    Ok((StatusCode::CREATED, Json(Created { id: file })))
}

/// Downloads the file of a document.
#[utoipa::path(get, path = "/api/documents/{id}/files/{file}", params(("id" = i64, Path), ("file" = i64, Path)), responses((status = 200, description = "the file"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi")))]
pub(crate) async fn get_file(
    Extract(state): Extract<State>,
    caller: Caller,
    Path((id, file)): Path<(i64, i64)>,
) -> Result<Response, Problem> {
    let cx = caller.cx();
    let (name, kind, bytes) = state.with_store(move |s| Ok(documents::file(s, &cx, id, file)?)).await?;
    Ok(download(&name, &kind, bytes))
}

/// Withdraws a file of a document the caller may write to: kept, with the change-log entry of its
/// withdrawal, and no longer listed or served.
#[utoipa::path(delete, path = "/api/documents/{id}/files/{file}", params(("id" = i64, Path), ("file" = i64, Path)), responses((status = 204, description = "withdrawn"), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi")))]
pub(crate) async fn withdraw_file(
    Extract(state): Extract<State>,
    caller: Caller,
    Path((id, file)): Path<(i64, i64)>,
) -> Result<StatusCode, Problem> {
    let cx = caller.cx();
    state.with_store(move |s| Ok(documents::withdraw_file(s, &cx, id, file)?)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The document as a Word file laid out per Hướng dẫn 36-HD/VPTW.
#[utoipa::path(get, path = "/api/documents/{id}/docx", params(("id" = i64, Path)), responses((status = 200, description = "the Word file"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi")))]
pub(crate) async fn document_docx(
    Extract(state): Extract<State>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Response, Problem> {
    let cx = caller.cx();
    let (name, bytes) = state.with_store(move |s| Ok(documents::word(s, &cx, id)?)).await?;
    Ok(download(&name, crate::docx::MEDIA_TYPE, bytes))
}
