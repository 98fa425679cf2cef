//! The API of the document register: record a document (a draft or issued), issue a draft, mark
//! one no longer in force, read one with the chain below it, list a unit's, record a congress,
//! attach and download the document's file, and download its Word file.

use crate::api::body::download;
use crate::api::body::Door;
use crate::api::body::UnitPath;
use crate::api::typed::Typed;
use crate::i18n::Label;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use serde::Deserialize;
use tinhgon_domain::directives::document::DocKind;
use tinhgon_domain::{Date, UnitCode};
use utoipa::ToSchema;

use crate::api::body::Created;
use crate::api::body::FileName;
use crate::http::extract::{Path, Query};
use crate::http::Problem;
use crate::services::directives::documents::{self, Draft};
use crate::services::Error;

/// Reads the kind of a document by its code (`chuong_trinh`) or its name (`Chương trình`).
pub(crate) fn kind(text: &str) -> Result<DocKind, Error> {
    let folded = tinhgon_domain::text::fold(text);
    DocKind::ALL
        .iter()
        .copied()
        .find(|k| k.code() == text.trim() || tinhgon_domain::text::fold(&k.label_vi()) == folded)
        .ok_or_else(|| {
            let known: Vec<&str> = DocKind::ALL.iter().map(|k| k.code()).collect();
            Error::field(
                "kind",
                format!("không có loại văn bản '{text}'; các loại: {}", known.join(", ")),
                format!("there is no document kind '{text}'; the kinds: {}", known.join(", ")),
            )
        })
}

/// A party document: issued when it has its sign and day, a draft otherwise.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"issuer": "18073.DU", "kind": "ke_hoach", "title": "Kế hoạch tổ chức đại hội chi bộ", "targets": ["18073.DU.C01"]}))]
pub(crate) struct CreateDocument {
    issuer: Option<UnitCode>,
    /// The kind, by its code (`chuong_trinh`) or its name (`Chương trình`).
    #[schema(value_type = Option<DocKind>)]
    kind: Option<String>,
    /// Number and sign, as 06-CTr/HU.
    sign: Option<String>,
    issued_on: Option<Date>,
    title: Option<String>,
    /// The document this one implements / văn bản được thực hiện.
    implements: Option<i64>,
    implement_by: Option<Date>,
    valid_from: Option<Date>,
    valid_to: Option<Date>,
    place: Option<String>,
    body: Option<String>,
    signing_for: Option<String>,
    signer_title: Option<String>,
    signer_name: Option<String>,
    recipients: Option<String>,
    /// The units named to implement it / đơn vị thực hiện.
    targets: Option<Vec<UnitCode>>,
}

/// A draft issued with its number and sign.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"sign": "02-KH/ĐU", "issued_on": "2026-02-05"}))]
pub(crate) struct IssueDocument {
    sign: String,
    issued_on: Option<Date>,
}

/// The day a document is no longer in force (default today).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"on": "2026-12-01"}))]
pub(crate) struct Expire {
    on: Option<Date>,
}

/// A congress of a party organization: the day it closed opens a new term.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"closed_on": "2025-09-20", "label": "Đại hội nhiệm kỳ 2025–2030"}))]
pub(crate) struct Congress {
    closed_on: Option<Date>,
    label: Option<String>,
}

/// Records a party document: issued when it has its sign and day, a draft otherwise.
#[utoipa::path(post, path = "/api/documents", request_body = CreateDocument, responses((status = 201, body = Created), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 422, description = "Bad data; nothing written / dữ liệu sai")))]
pub(crate) async fn create_document(
    door: Door,
    Typed(b): Typed<CreateDocument>,
) -> Result<(StatusCode, Json<Created>), Problem> {
    let draft = Draft {
        issuer: b.issuer,
        kind: b.kind.map(|k| kind(&k)).transpose()?,
        sign: b.sign,
        issued_on: b.issued_on,
        title: b.title,
        implements: b.implements,
        implement_by: b.implement_by,
        valid_from: b.valid_from,
        valid_to: b.valid_to,
        place: b.place,
        body: b.body,
        signing_for: b.signing_for,
        signer_title: b.signer_title,
        signer_name: b.signer_name,
        recipients: b.recipients,
        targets: b.targets.unwrap_or_default(),
    };
    door.created(move |s, cx| documents::create(s, cx, &draft)).await
}

/// Issues a draft with its number and sign.
#[utoipa::path(post, path = "/api/documents/{id}/issue", params(("id" = i64, Path, example = 1)), request_body = IssueDocument, responses((status = 200, body = Created), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi"), (status = 409, description = "Already issued / đã ban hành"), (status = 422, description = "Bad data; nothing written / dữ liệu sai")))]
pub(crate) async fn issue_document(
    door: Door,
    Path(id): Path<i64>,
    Typed(IssueDocument { sign, issued_on: on }): Typed<IssueDocument>,
) -> Result<Json<Created>, Problem> {
    door.wrote(id, move |s, cx| documents::issue(s, cx, id, &sign, on)).await
}

/// Records that an issued document is no longer in force from a day (default today).
#[utoipa::path(post, path = "/api/documents/{id}/expire", params(("id" = i64, Path, example = 3)), request_body = Expire, responses((status = 200, body = Created), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi"), (status = 422, description = "Bad data; nothing written / dữ liệu sai")))]
pub(crate) async fn expire_document(
    door: Door,
    Path(id): Path<i64>,
    Typed(Expire { on }): Typed<Expire>,
) -> Result<Json<Created>, Problem> {
    door.wrote(id, move |s, cx| documents::expire(s, cx, id, on)).await
}

/// A document with its files, the units named to implement it and how each stands, and the
/// chain of implementing documents below it.
#[utoipa::path(get, path = "/api/documents/{id}", params(("id" = i64, Path, example = 1)), responses((status = 200, body = documents::Detail, description = "the document"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi")))]
pub(crate) async fn get_document(door: Door, Path(id): Path<i64>) -> Result<Json<documents::Detail>, Problem> {
    door.answer(move |s, cx| documents::get(s, cx, id)).await
}

/// The documents a unit issued and those it must implement, with its congresses.
#[utoipa::path(get, path = "/api/units/{code}/documents", params(("code" = String, Path, example = "18073.DU")), responses((status = 200, body = documents::UnitDocuments, description = "issued, to_implement, congresses"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi")))]
pub(crate) async fn unit_documents(
    door: Door,
    UnitPath(unit): UnitPath,
) -> Result<Json<documents::UnitDocuments>, Problem> {
    door.answer(move |s, cx| documents::of_unit(s, cx, &unit)).await
}

/// Records the congress of a party organization: the day it closed opens a new term.
#[utoipa::path(post, path = "/api/units/{code}/congresses", params(("code" = String, Path, example = "18073.DU")), request_body = Congress, responses((status = 201, body = Created), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi"), (status = 422, description = "Bad data; nothing written / dữ liệu sai")))]
pub(crate) async fn add_congress(
    door: Door,
    UnitPath(unit): UnitPath,
    Typed(Congress { closed_on: on, label }): Typed<Congress>,
) -> Result<(StatusCode, Json<Created>), Problem> {
    let label = label.unwrap_or_default();
    door.created(move |s, cx| documents::congress(s, cx, &unit, on, &label)).await
}

/// Attaches the document's file (PDF or DOCX; the body is the file).
#[utoipa::path(post, path = "/api/documents/{id}/files", params(("id" = i64, Path, example = 2), FileName), request_body(content = String, description = "the file's bytes", content_type = "application/octet-stream", example = json!("%PDF-1.4\n% tinhgon\n")), responses((status = 201, body = Created), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi"), (status = 422, description = "Bad file; nothing written / tệp sai")))]
pub(crate) async fn attach_file(
    door: Door,
    Path(id): Path<i64>,
    Query(q): Query<FileName>,
    crate::http::extract::Bytes(body): crate::http::extract::Bytes,
) -> Result<(StatusCode, Json<Created>), Problem> {
    let name = q.name.unwrap_or_default();
    door.created(move |s, cx| documents::attach(s, cx, id, &name, &body)).await
}

/// Downloads the file of a document.
#[utoipa::path(get, path = "/api/documents/{id}/files/{file}", params(("id" = i64, Path, example = 2), ("file" = i64, Path, example = 1)), responses((status = 200, description = "the file"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi")))]
pub(crate) async fn get_file(
    door: Door,
    Path((id, file)): Path<(i64, i64)>,
) -> Result<axum::response::Response, Problem> {
    door.download(move |s, cx| documents::file(s, cx, id, file)).await
}

/// Withdraws a file of a document the caller may write to: kept, with the change-log entry of its
/// withdrawal, and no longer listed or served.
#[utoipa::path(delete, path = "/api/documents/{id}/files/{file}", params(("id" = i64, Path, example = 2), ("file" = i64, Path, example = 1)), responses((status = 204, description = "withdrawn"), (status = 403, description = "The role may not write / vai trò không được ghi"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi")))]
pub(crate) async fn withdraw_file(door: Door, Path((id, file)): Path<(i64, i64)>) -> Result<StatusCode, Problem> {
    door.done(move |s, cx| documents::withdraw_file(s, cx, id, file)).await
}

/// The document as a Word file laid out per Hướng dẫn 36-HD/VPTW.
#[utoipa::path(get, path = "/api/documents/{id}/docx", params(("id" = i64, Path, example = 1)), responses((status = 200, description = "the Word file"), (status = 404, description = "Absent or out of reach / không có hoặc ngoài phạm vi")))]
pub(crate) async fn document_docx(door: Door, Path(id): Path<i64>) -> Result<Response, Problem> {
    let (name, bytes) = door.answer(move |s, cx| documents::word(s, cx, id)).await?.0;
    Ok(download(&name, crate::docx::MEDIA_TYPE, bytes))
}
