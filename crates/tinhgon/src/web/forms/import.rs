//! The import page: a CSV or XLSX file of any kind the caller may write, uploaded with a progress
//! bar; every bad row is listed, and nothing is written until all are valid.

use axum::body::Bytes;
use axum::extract::State as Extract;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::{html, Markup};

use super::message;
use crate::http::caller::CSRF_HEADER;
use crate::http::State;
use crate::services::register::import;
use crate::services::{Ctx, Error, FileKind, RowError, Store, SHOWN_ERRORS};
use crate::web::i18n::Lang;
use crate::web::{fail, PageError, Query, Viewer};

/// The largest file the import page takes.
pub(crate) const MAX_UPLOAD: usize = 64 * 1024 * 1024;

fn kind_name(kind: FileKind) -> String {
    clap::ValueEnum::to_possible_value(&kind).map(|v| v.get_name().to_string()).unwrap_or_default()
}

pub(crate) async fn import_page(v: Viewer) -> Response {
    let tr = v.tr;
    let kinds: Vec<String> = match import::kinds_for(&v.caller.cx()) {
        Ok(kinds) => kinds.into_iter().map(kind_name).collect(),
        Err(e) => return fail(&v, PageError::from_problem(e.into())),
    };
    let body = html! {
        h1 { (tr.t("import-title")) }
        p.lead { (tr.t("import-intro")) }
        form #import .edit data-csrf=(v.caller.csrf()) {
            p.field {
                label for="kind" { (tr.t("import-kind")) }
                select #kind name="kind" { @for k in &kinds { option value=(k) { (tr.t(&format!("file-{k}"))) } } }
            }
            p.field {
                label for="file" { (tr.t("import-file")) }
                input #file name="file" type="file" accept=".csv,.xlsx" required;
            }
            p.field { label { input #dry type="checkbox" name="dry"; " " (tr.t("import-dry-run")) } }
            p { button type="submit" { (tr.t("import-submit")) } }
            p {
                progress #progress max="100" value="0" hidden aria-label=(tr.t("import-progress")) {}
                " "
                span #progress-text role="status" aria-live="polite" {}
            }
        }
        div #import-result aria-live="polite" {}
    };
    v.page(&tr.t("import-title"), body)
}

#[derive(serde::Deserialize)]
pub(crate) struct ImportQuery {
    dry: Option<String>,
}

fn fragment(status: StatusCode, html: Markup) -> Response {
    (status, [("content-type", "text/html; charset=utf-8")], html.into_string()).into_response()
}

/// Takes an uploaded file (the request body) and answers with an HTML fragment: every bad row, or
/// how many rows were imported.
pub(crate) async fn import(
    kind: FileKind,
    Extract(state): Extract<State>,
    v: Viewer,
    Query(q): Query<ImportQuery>,
    headers: HeaderMap,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Response {
    let tr = v.tr;
    let alert = |status: StatusCode, text: String| fragment(status, html! { p.error role="alert" { (text) } });
    // A file over the limit (or a body that cannot be read) is told on the page, as any refusal.
    let body = match body {
        Ok(b) => b,
        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            let mb = (MAX_UPLOAD / 1024 / 1024).to_string();
            return alert(StatusCode::PAYLOAD_TOO_LARGE, tr.f("upload-too-large", &[("mb", mb)]));
        }
        Err(e) => return alert(e.status(), tr.t("upload-unreadable")),
    };
    if v.check_csrf(headers.get(CSRF_HEADER).and_then(|h| h.to_str().ok())).is_err() {
        return alert(StatusCode::FORBIDDEN, tr.t("csrf-failed"));
    }
    if import::may_import(&v.caller.cx(), kind).is_err() {
        return alert(StatusCode::FORBIDDEN, tr.t("forbidden"));
    }
    let dry_run = q.dry.is_some_and(|d| d == "1");
    let table = match crate::files::read_bytes(body.to_vec()) {
        Ok(t) => t,
        Err(e) => return alert(StatusCode::UNPROCESSABLE_ENTITY, if tr.lang == Lang::Vi { e.vi() } else { e.en() }),
    };
    let cx = v.caller.cx();
    let outcome = state.with_store(move |s| Ok(import_table(s, &cx, kind, &table, dry_run))).await;
    match outcome {
        Ok(Ok(n)) => {
            let key = if dry_run { "import-valid" } else { "import-done" };
            fragment(StatusCode::OK, html! { p.ok role="status" { (tr.f(key, &[("n", tr.int(n as i64))])) } })
        }
        Ok(Err(errors)) => fragment(
            StatusCode::UNPROCESSABLE_ENTITY,
            html! {
                div.error role="alert" {
                    p { (tr.f("import-refused", &[("n", tr.int(errors.len() as i64))])) }
                    @if errors.len() > SHOWN_ERRORS {
                        p { (tr.f("import-errors-shown", &[("n", tr.int(SHOWN_ERRORS as i64))])) }
                    }
                }
                div.scroll {
                    table.import-errors {
                        caption { (tr.t("import-errors")) }
                        thead { tr { th scope="col" { (tr.t("col-line")) } th scope="col" { (tr.t("col-column")) } th scope="col" { (tr.t("col-problem")) } } }
                        tbody {
                            @for e in errors.iter().take(SHOWN_ERRORS) {
                                tr { th scope="row" { (e.line) } td { (e.column) } td { (message(tr, e)) } }
                            }
                        }
                    }
                }
            },
        ),
        Err(p) => {
            let e = PageError::from_problem(p);
            alert(e.status, tr.t(&e.message))
        }
    }
}

/// Checks an uploaded table fully, including that every row lies in the caller's reach, then
/// writes it all or nothing; the rows' messages, or one for a failure of the database.
fn import_table(
    s: &mut Store,
    cx: &Ctx,
    kind: FileKind,
    table: &crate::files::Table,
    dry_run: bool,
) -> Result<usize, Vec<RowError>> {
    match import::file(s, cx, kind, table, dry_run) {
        Ok(n) => Ok(n),
        Err(Error::Invalid(r)) => Err(r),
        Err(e) => {
            let (vi, en) = e.messages();
            Err(vec![RowError { line: 0, column: String::new(), vi, en }])
        }
    }
}
