//! The document register's pages: a unit's documents — those it issued, those it must implement
//! with how it stands, its congresses — with the form that records one; and a document's page with
//! its file and Word file, the units named to implement it and how each stands against the
//! deadline, the chain of implementing documents below it, and the form that issues a draft.

pub(crate) use super::shown::{Shown, Which};
use crate::services::register::About;
use crate::web::forms::write_form;
use crate::web::At;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use tinhgon_domain::access::Action;
use tinhgon_domain::directives::document::DocKind;
use tinhgon_domain::UnitCode;

use crate::http::State;
use crate::services::directives::documents::{self, Detail, DocumentRow, Draft, Progress, UnitDocuments};
use crate::services::directives::programmes::{self, Overlap, Tracking, UnitTask};

/// The tasks given to a unit and their overlapping instructions.
type UnitTasks = (Vec<UnitTask>, Vec<Overlap>);
use crate::services::RowError;
use crate::web::forms::{
    field, form, options, precheck, rows_of, withdraw_checked, withdraw_form, Field, Fields, Input,
};
use crate::web::html::{table, url};
use crate::web::i18n::Tr;
use crate::web::party::{date_field, text_field};
use crate::web::units::{saved_notice, unit_link};
use crate::web::{respond, Form, PageError, Query, Viewer};

#[derive(serde::Deserialize, Default)]
pub(crate) struct SavedQuery {
    saved: Option<String>,
}

fn create_fields(tr: Tr) -> Vec<Field> {
    vec![
        field("kind", "f-doc-kind", options(DocKind::ALL, DocKind::code, |k| tr.label(k), false), true),
        field("sign", "f-doc-sign", Input::Text, false),
        field("issued_on", "f-doc-issued-on", Input::Date, false),
        field("title", "f-doc-title", Input::Text, true),
        field("implements", "f-doc-implements", Input::Text, false),
        field("implement_by", "f-doc-implement-by", Input::Date, false),
        field("targets", "f-doc-targets", Input::Text, false),
        field("valid_from", "f-doc-valid-from", Input::Date, false),
        field("valid_to", "f-doc-valid-to", Input::Date, false),
        field("body", "f-doc-body", Input::Area, false),
        field("signing_for", "f-doc-signing-for", Input::Text, false),
        field("signer_title", "f-doc-signer-title", Input::Text, false),
        field("signer_name", "f-doc-signer-name", Input::Text, false),
        field("recipients", "f-doc-recipients", Input::Area, false),
    ]
}

fn issue_fields() -> Vec<Field> {
    vec![field("sign", "f-doc-sign", Input::Text, true), field("issued_on", "f-doc-issued-on", Input::Date, true)]
}

fn sign_of(tr: Tr, d: &DocumentRow) -> String {
    d.sign.clone().unwrap_or_else(|| tr.t("doc-draft"))
}

fn doc_link(tr: Tr, d: &DocumentRow) -> Markup {
    html! { a href=(format!("/documents/{}", d.id)) { (sign_of(tr, d)) } }
}

fn progress_label(tr: Tr, p: Progress) -> String {
    tr.t(match p {
        Progress::OnTime => "doc-on-time",
        Progress::Late => "doc-late",
        Progress::Overdue => "doc-overdue",
        Progress::Pending => "doc-pending",
    })
}

fn date_or_dash(tr: Tr, d: Option<tinhgon_domain::Date>) -> String {
    d.map_or_else(|| "—".into(), |d| tr.date(d))
}

fn unit_body(
    v: &Viewer,
    unit: &UnitCode,
    (docs, tasks): (&UnitDocuments, &UnitTasks),
    values: &Fields,
    errors: &[RowError],
    saved: Option<&str>,
) -> Markup {
    let tr = v.tr;
    let issued: Vec<Vec<Markup>> = docs
        .issued
        .iter()
        .map(|d| {
            vec![
                doc_link(tr, d),
                html! { (date_or_dash(tr, d.issued_on)) },
                html! { (tr.label(d.kind)) },
                html! { (d.title) },
                html! { (tr.label(d.status)) },
            ]
        })
        .collect();
    let to_implement: Vec<Vec<Markup>> = docs
        .to_implement
        .iter()
        .map(|(d, t)| {
            vec![
                doc_link(tr, d),
                unit_link(&d.issuer, &d.issuer_name),
                html! { (d.title) },
                html! { (date_or_dash(tr, d.implement_by)) },
                html! {
                    (progress_label(tr, t.progress))
                    @if let (Some(id), Some(sign)) = (t.document, &t.sign) { " — " a href=(format!("/documents/{id}")) { (sign) } }
                },
            ]
        })
        .collect();
    let title = tr.f("documents-title", &[("unit", unit.to_string())]);
    let action = format!("/units/{}/documents", url(unit.as_str()));
    let head = [tr.t("col-sign"), tr.t("col-date"), tr.t("col-kind"), tr.t("col-title"), tr.t("col-status")];
    let head2 = [tr.t("col-sign"), tr.t("col-issuer"), tr.t("col-title"), tr.t("col-deadline"), tr.t("col-status")];
    html! {
        (saved_notice(tr, saved))
        h1 { (title) }
        h2 { (tr.t("documents-issued")) }
        @if issued.is_empty() { p { (tr.t("documents-none")) } } @else { (table(&tr.t("documents-issued"), &head, &issued, "list")) }
        (super::tasks::unit_section(tr, &tasks.0, &tasks.1))
        h2 { (tr.t("documents-to-implement")) }
        @if to_implement.is_empty() { p { (tr.t("documents-none")) } } @else { (table(&tr.t("documents-to-implement"), &head2, &to_implement, "list")) }
        @if !docs.congresses.is_empty() {
            h2 { (tr.t("documents-congresses")) }
            ul { @for c in &docs.congresses { li { (c.label) " — " (tr.date(c.closed_on)) } } }
        }
        @if v.may(Action::Direct) {
            h2 { (tr.t("document-new")) }
            p { (tr.t("document-new-hint")) }
            (form(tr, &action, v.caller.csrf(), &create_fields(tr), values, errors, "save"))
        }
    }
}

async fn unit_response(
    state: &State,
    v: &Viewer,
    unit: &UnitCode,
    (values, errors): (&Fields, &[RowError]),
    saved: Option<&str>,
) -> Result<Response, PageError> {
    let (cx, u) = (v.caller.cx(), unit.clone());
    let (docs, tasks) =
        state.with_store(move |s| Ok((documents::of_unit(s, &cx, &u)?, programmes::of_unit(s, &cx, &u)?))).await?;
    let title = v.tr.f("documents-title", &[("unit", unit.to_string())]);
    Ok(v.form_page(&title, unit_body(v, unit, (&docs, &tasks), values, errors, saved), errors))
}

pub(crate) async fn documents_page(At { state, v, at: unit }: At<UnitCode>, Query(q): Query<SavedQuery>) -> Response {
    let run = async { unit_response(&state, &v, &unit, (&Fields::new(), &[]), q.saved.as_deref()).await };
    respond(&v, run.await)
}

pub(crate) async fn create_document(At { state, v, at: unit }: At<UnitCode>, Form(values): Form<Fields>) -> Response {
    let run = async {
        let mut errors = precheck(&v, &values, &create_fields(v.tr))?;
        let issued_on = date_field(&values, "issued_on", false, &mut errors);
        let implement_by = date_field(&values, "implement_by", false, &mut errors);
        let valid_from = date_field(&values, "valid_from", false, &mut errors);
        let valid_to = date_field(&values, "valid_to", false, &mut errors);
        let targets = crate::web::forms::unit_codes(&values, "targets", &mut errors);
        let implements = match text_field(&values, "implements") {
            None => None,
            Some(t) => match t.trim_start_matches('#').parse::<i64>() {
                Ok(n) => Some(n),
                Err(_) => {
                    errors.push(crate::web::forms::catalog_error("implements", "doc-implements-id", &[]));
                    None
                }
            },
        };
        let kind = text_field(&values, "kind").and_then(|k| DocKind::parse(&k).ok());
        let read = if !errors.is_empty() {
            Err(errors)
        } else {
            Ok(Draft {
                issuer: Some(unit.clone()),
                kind,
                sign: text_field(&values, "sign"),
                issued_on,
                title: text_field(&values, "title"),
                implements,
                implement_by,
                valid_from,
                valid_to,
                place: None,
                body: text_field(&values, "body"),
                signing_for: text_field(&values, "signing_for"),
                signer_title: text_field(&values, "signer_title"),
                signer_name: text_field(&values, "signer_name"),
                recipients: text_field(&values, "recipients"),
                targets,
            })
        };
        let on = (About::Unit(unit.clone()), Action::Direct);
        let errors = match write_form(&state, &v, on, read, |s, cx, draft| documents::create(s, cx, &draft)).await? {
            Ok(id) => return Ok(Redirect::to(&format!("/documents/{id}?saved=1")).into_response()),
            Err(e) => e,
        };
        unit_response(&state, &v, &unit, (&values, &errors), None).await
    };
    respond(&v, run.await)
}

fn detail_body(v: &Viewer, d: &Detail, t: &Tracking, shown: &Shown<'_>, saved: Option<&str>) -> Markup {
    let (values, errors) = shown.of(Which::Issue);
    let tr = v.tr;
    let doc = &d.document;
    let targets: Vec<Vec<Markup>> = d
        .targets
        .iter()
        .map(|t| {
            vec![
                unit_link(&t.unit, &t.name),
                html! { (progress_label(tr, t.progress)) },
                html! { @if let (Some(id), Some(sign)) = (t.document, &t.sign) { a href=(format!("/documents/{id}")) { (sign) } } @else { "—" } },
                html! { (date_or_dash(tr, t.issued_on)) },
            ]
        })
        .collect();
    let chain: Vec<Vec<Markup>> = d
        .chain
        .iter()
        .map(|c| {
            vec![
                doc_link(tr, c),
                unit_link(&c.issuer, &c.issuer_name),
                html! { (date_or_dash(tr, c.issued_on)) },
                html! { (c.title) },
                html! { (c.implements_sign.clone().unwrap_or_default()) },
            ]
        })
        .collect();
    let head = [tr.t("col-unit"), tr.t("col-status"), tr.t("col-sign"), tr.t("col-date")];
    let head2 = [tr.t("col-sign"), tr.t("col-issuer"), tr.t("col-date"), tr.t("col-title"), tr.t("col-implements")];
    html! {
        (saved_notice(tr, saved))
        h1 { (tr.label(doc.kind)) " " (sign_of(tr, doc)) }
        p.lead { (doc.title) }
        dl {
            dt { (tr.t("col-issuer")) } dd { (unit_link(&doc.issuer, &doc.issuer_name)) }
            dt { (tr.t("col-date")) } dd { (date_or_dash(tr, doc.issued_on)) }
            dt { (tr.t("col-status")) } dd { (tr.label(doc.status)) }
            @if let (Some(id), Some(sign)) = (doc.implements, &doc.implements_sign) {
                dt { (tr.t("col-implements")) } dd { a href=(format!("/documents/{id}")) { (sign) } }
            }
            @if let Some(by) = doc.implement_by { dt { (tr.t("col-deadline")) } dd { (tr.date(by)) } }
        }
        p { a.button href=(format!("/documents/{}/word.docx", doc.id)) { (tr.t("doc-download-word")) } }
        @if !d.files.is_empty() {
            h2 { (tr.t("doc-files")) }
            ul { @for f in &d.files { li {
                a href=(format!("/api/documents/{}/files/{}", doc.id, f.id)) { (f.name) } " (" (tr.int(f.size)) " B)"
                @if d.writable {
                    (withdraw_form(v, &format!("/documents/{}/files/{}/withdraw", doc.id, f.id)))
                }
            } } }
        }
        @if !d.targets.is_empty() {
            h2 { (tr.t("doc-targets")) }
            p.lead role="status" {
                (tr.f("doc-targets-summary", &[
                    ("done", tr.int(d.implemented as i64)),
                    ("all", tr.int(d.targets.len() as i64)),
                    ("missed", tr.int(d.not_by_deadline as i64)),
                ]))
            }
            (table(&tr.t("doc-targets"), &head, &targets, "list"))
        }
        @if doc.kind.has_tasks() || !t.overlaps.is_empty() { (super::tasks::section(v, doc, t, shown)) }
        h2 { (tr.t("doc-chain")) }
        @if chain.is_empty() { p { (tr.t("documents-none")) } } @else { (table(&tr.t("doc-chain"), &head2, &chain, "list")) }
        @if doc.sign.is_none() && v.may(Action::Direct) {
            h2 { (tr.t("doc-issue")) }
            (form(tr, &format!("/documents/{}/issue", doc.id), v.caller.csrf(), &issue_fields(), values, errors, "save"))
        }
    }
}

pub(crate) async fn detail_response(
    state: &State,
    v: &Viewer,
    id: i64,
    shown: &Shown<'_>,
    saved: Option<&str>,
) -> Result<Response, PageError> {
    let cx = v.caller.cx();
    let (d, t) =
        state.with_store(move |s| Ok((documents::get(s, &cx, id)?, programmes::tracking(s, &cx, id)?))).await?;
    let title = format!("{} {}", v.tr.label(d.document.kind), sign_of(v.tr, &d.document));
    Ok(v.form_page(&title, detail_body(v, &d, &t, shown, saved), shown.errors))
}

pub(crate) async fn document_page(At { state, v, at: id }: At<i64>, Query(q): Query<SavedQuery>) -> Response {
    respond(
        &v,
        detail_response(
            &state,
            &v,
            id,
            &Shown { which: Which::None, values: &Fields::new(), errors: &[] },
            q.saved.as_deref(),
        )
        .await,
    )
}

pub(crate) async fn issue_document(At { state, v, at: id }: At<i64>, Form(values): Form<Fields>) -> Response {
    let run = async {
        let mut errors = precheck(&v, &values, &issue_fields())?;
        let on = date_field(&values, "issued_on", true, &mut errors);
        if errors.is_empty() {
            let (cx, sign) = (v.caller.cx(), text_field(&values, "sign").unwrap_or_default());
            match state.with_store(move |s| Ok(documents::issue(s, &cx, id, &sign, on))).await? {
                Ok(()) => return Ok(Redirect::to(&format!("/documents/{id}?saved=1")).into_response()),
                Err(e) => errors = rows_of(e)?,
            }
        }
        detail_response(&state, &v, id, &Shown { which: Which::Issue, values: &values, errors: &errors }, None).await
    };
    respond(&v, run.await)
}

/// Withdraws a file of the document, once its withdrawal is confirmed on the page.
pub(crate) async fn withdraw_file(
    At { state, v, at: (id, file) }: At<(i64, i64)>,
    Form(values): Form<Fields>,
) -> Response {
    let run = async {
        let errors = withdraw_checked(&v, &values)?;
        if errors.is_empty() {
            let cx = v.caller.cx();
            state.with_store(move |s| Ok(documents::withdraw_file(s, &cx, id, file)?)).await?;
            return Ok(Redirect::to(&format!("/documents/{id}?saved=1")).into_response());
        }
        detail_response(&state, &v, id, &Shown { which: Which::None, values: &values, errors: &errors }, None).await
    };
    respond(&v, run.await)
}

/// The document's Word file.
pub(crate) async fn document_word(At { state, v, at: id }: At<i64>) -> Response {
    let run = async {
        let cx = v.caller.cx();
        let (name, bytes) = state.with_store(move |s| Ok(documents::word(s, &cx, id)?)).await?;
        Ok(crate::api::body::download(&name, crate::docx::MEDIA_TYPE, bytes))
    };
    respond(&v, run.await)
}
