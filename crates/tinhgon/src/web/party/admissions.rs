//! Admissions: the list in reach with the form that opens one, and an admission's page with its
//! steps, its time limits and the form that records the next step.

use crate::web::At;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use tinhgon_domain::access::Action;
use tinhgon_domain::party::admission::Step;
use tinhgon_domain::{Date, UnitCode};

use super::{date_field, text_field};
use crate::http::State;
use crate::services::party::admissions::{self, StepInput, View};
use crate::services::RowError;
use crate::web::forms::{catalog_error, field, form, options, precheck, rows_of, Field, Fields, Input};
use crate::web::html::table;
use crate::web::i18n::Tr;
use crate::web::units::{person_link, saved_notice, unit_link, DateQuery};
use crate::web::{respond, Form, PageError, Query, Viewer};

fn open_fields() -> Vec<Field> {
    vec![
        field("person", "f-person", Input::Text, true),
        field("cell", "f-cell", Input::Text, true),
        field("on", "f-opened-on", Input::Date, true),
        field("general_education", "f-general-education", Input::Text, false),
    ]
}

fn step_fields(tr: Tr) -> Vec<Field> {
    vec![
        field("step", "f-step", options(Step::ALL, Step::code, |s| tr.label(s), false), true),
        field("on", "f-step-on", Input::Date, true),
        field("document", "f-document", Input::Text, false),
        field("sponsors", "f-sponsors", Input::Text, false),
        field("note", "f-note", Input::Text, false),
    ]
}

/// The next deadline not yet met, as a cell of a list.
fn next_due(tr: Tr, v: &View) -> Markup {
    match v.deadlines.iter().filter(|d| d.met.is_none()).min_by_key(|d| d.due) {
        Some(d) => html! { (tr.pick(&d.label_vi, &d.label_en)) ": " (tr.date(d.due)) },
        None => html! { "—" },
    }
}

fn list_body(v: &Viewer, all: &[View], values: &Fields, errors: &[RowError]) -> Markup {
    let tr = v.tr;
    let rows: Vec<Vec<Markup>> = all
        .iter()
        .map(|a| {
            let last = a.admission.steps.last();
            vec![
                html! { a href=(format!("/admissions/{}", a.admission.id)) { (a.admission.id) } },
                person_link(&a.admission.person, &a.admission.person_name),
                unit_link(&a.admission.cell, &a.admission.cell),
                html! { @if let Some(s) = last { (tr.label(s.step)) " " (tr.date(s.on)) } @else { "—" } },
                next_due(tr, a),
            ]
        })
        .collect();
    let head =
        [tr.t("col-number"), tr.t("col-candidate"), tr.t("col-cell"), tr.t("col-last-step"), tr.t("col-next-due")];
    html! {
        h1 { (tr.t("admissions-title")) }
        p.lead { (tr.t("admissions-lead")) }
        (table(&tr.t("admissions-title"), &head, &rows, "list"))
        @if v.may(Action::EditMembers) {
            h2 { (tr.t("open-admission")) }
            (form(tr, "/admissions", v.caller.csrf(), &open_fields(), values, errors, "save"))
        }
    }
}

pub(crate) async fn admissions_page(At { state, v, at: () }: At<()>) -> Response {
    let run = async {
        let cx = v.caller.cx();
        let all = state.with_store(move |s| Ok(admissions::list(s, &cx)?)).await?;
        Ok(v.page(&v.tr.t("admissions-title"), list_body(&v, &all, &Fields::new(), &[])))
    };
    respond(&v, run.await)
}

pub(crate) async fn open_admission(At { state, v, at: () }: At<()>, Form(values): Form<Fields>) -> Response {
    let run = async {
        let mut errors = precheck(&v, &values, &open_fields())?;
        let on = date_field(&values, "on", true, &mut errors);
        let cell = text_field(&values, "cell").and_then(|c| match UnitCode::parse(&c) {
            Ok(c) => Some(c),
            Err(e) => {
                errors.push(RowError::said(1, "cell", tinhgon_domain::msg::Said::msg(&e)));
                None
            }
        });
        if let (true, Some(on), Some(cell)) = (errors.is_empty(), on, cell) {
            let cx = v.caller.cx();
            let person = text_field(&values, "person").unwrap_or_default();
            let education = text_field(&values, "general_education");
            match state
                .with_store(move |s| {
                    Ok(admissions::open(
                        s,
                        &cx,
                        &admissions::Opening {
                            person: &person,
                            cell: &cell,
                            general_education: education.as_deref(),
                            on,
                        },
                    ))
                })
                .await?
            {
                Ok(id) => return Ok(Redirect::to(&format!("/admissions/{id}?saved=1")).into_response()),
                Err(e) => errors = rows_of(e)?,
            }
        }
        let cx = v.caller.cx();
        let all = state.with_store(move |s| Ok(admissions::list(s, &cx)?)).await?;
        Ok(v.form_page(&v.tr.t("admissions-title"), list_body(&v, &all, &values, &errors), &errors))
    };
    respond(&v, run.await)
}

fn admission_body(v: &Viewer, a: &View, values: &Fields, errors: &[RowError], saved: Option<&str>) -> Markup {
    let tr = v.tr;
    let steps: Vec<Vec<Markup>> = a
        .admission
        .steps
        .iter()
        .map(|s| {
            vec![
                html! { (tr.label(s.step)) },
                html! { (tr.date(s.on)) },
                html! { (s.document.as_deref().unwrap_or("—")) },
                html! { (s.note.as_deref().unwrap_or("")) },
                html! { (s.recorded_by) },
            ]
        })
        .collect();
    let limits: Vec<Vec<Markup>> = a
        .deadlines
        .iter()
        .map(|d| {
            vec![
                html! { (tr.pick(&d.label_vi, &d.label_en)) },
                html! { (tr.date(d.due)) @if !d.exact { " " small { (tr.t("calendar-not-held")) } } },
                html! { @match d.met { Some(m) => { (tr.date(m)) }, None => { (tr.t("not-yet")) } } },
            ]
        })
        .collect();
    let sponsors: Vec<Vec<Markup>> =
        a.admission.sponsors.iter().map(|(p, since)| vec![html! { (p) }, html! { (tr.date(*since)) }]).collect();
    let title = tr.f("admission-title", &[("id", a.admission.id.to_string())]);
    let action = format!("/admissions/{}/steps", a.admission.id);
    html! {
        (saved_notice(tr, saved))
        h1 { (title) }
        p.lead {
            (person_link(&a.admission.person, &a.admission.person_name)) " — " (unit_link(&a.admission.cell, &a.admission.cell))
            @if let Some(e) = &a.admission.general_education { " — " (tr.t("f-general-education")) " " (e) }
        }
        (table(&tr.t("admission-steps"), &[tr.t("col-step"), tr.t("col-date"), tr.t("col-document"), tr.t("col-note"), tr.t("col-recorded-by")], &steps, "list"))
        @if !sponsors.is_empty() {
            (table(&tr.t("admission-sponsors"), &[tr.t("col-code"), tr.t("col-known-since")], &sponsors, "list"))
        }
        (table(&tr.t("admission-limits"), &[tr.t("col-limit"), tr.t("col-due"), tr.t("col-met")], &limits, "list"))
        @if v.may(Action::EditMembers) {
            h2 { (tr.t("record-step")) }
            p { (tr.t("sponsors-hint")) }
            (form(tr, &action, v.caller.csrf(), &step_fields(tr), values, errors, "save"))
        }
    }
}

async fn view(state: &State, v: &Viewer, id: i64) -> Result<View, PageError> {
    let cx = v.caller.cx();
    Ok(state.with_store(move |s| Ok(admissions::get(s, &cx, id)?)).await?)
}

pub(crate) async fn admission_page(At { state, v, at: id }: At<i64>, Query(q): Query<DateQuery>) -> Response {
    let run = async {
        let a = view(&state, &v, id).await?;
        let title = v.tr.f("admission-title", &[("id", id.to_string())]);
        Ok(v.page(&title, admission_body(&v, &a, &Fields::new(), &[], q.saved.as_deref())))
    };
    respond(&v, run.await)
}

/// Reads `CODE:dd/mm/yyyy, CODE:dd/mm/yyyy`.
fn sponsors(text: &str, errors: &mut Vec<RowError>) -> Vec<(String, Date)> {
    let mut out = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        match part.split_once(':').map(|(c, d)| (c.trim(), Date::parse(d.trim()))) {
            Some((code, Ok(since))) if !code.is_empty() => out.push((code.to_string(), since)),
            _ => errors.push(catalog_error("sponsors", "sponsors-format", &[("part", part.to_string())])),
        }
    }
    out
}

pub(crate) async fn record_step(At { state, v, at: id }: At<i64>, Form(values): Form<Fields>) -> Response {
    let run = async {
        let tr = v.tr;
        let mut errors = precheck(&v, &values, &step_fields(tr))?;
        let on = date_field(&values, "on", true, &mut errors);
        let step = text_field(&values, "step").and_then(|s| Step::parse(&s).ok());
        if step.is_none() && errors.is_empty() {
            errors.push(catalog_error("step", "field-required", &[]));
        }
        let input = StepInput {
            document: text_field(&values, "document"),
            note: text_field(&values, "note"),
            sponsors: sponsors(values.get("sponsors").map(String::as_str).unwrap_or(""), &mut errors),
        };
        if let (true, Some(on), Some(step)) = (errors.is_empty(), on, step) {
            let cx = v.caller.cx();
            match state.with_store(move |s| Ok(admissions::record(s, &cx, id, step, on, &input))).await? {
                Ok(()) => return Ok(Redirect::to(&format!("/admissions/{id}?saved=1")).into_response()),
                Err(e) => errors = rows_of(e)?,
            }
        }
        let a = view(&state, &v, id).await?;
        Ok(v.form_page(
            &tr.f("admission-title", &[("id", id.to_string())]),
            admission_body(&v, &a, &values, &errors, None),
            &errors,
        ))
    };
    respond(&v, run.await)
}
