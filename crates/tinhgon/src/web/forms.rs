//! Editing: forms for units, people, positions and memberships, and the import page. Every form
//! goes through the same checks as a file import (one row), shows each message next to its
//! field, and writes nothing unless all is valid.

use std::collections::HashMap;
use std::fmt::Write;

use axum::body::Bytes;
use axum::extract::{Path, State as Extract};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use tinhgon_domain::access::Action;
use tinhgon_domain::catalog::{MemberStatus, Ownership, Rank, Sector, UnitKind};
use tinhgon_domain::{Date, Decision, DocumentNumber};

use super::html::{esc, url};
use super::i18n::{Lang, Tr};
use super::pages::unit_code;
use super::{fail, respond, Form, PageError, Query, Viewer, MAX_FIELD};
use crate::clock::today;
use crate::files::Table;
use crate::http::caller::CSRF_HEADER;
use crate::http::{Problem, State};
use crate::services::register::{self as register, import, members, people, positions, units};
use crate::services::{Error, FileKind, RowError};

/// The largest file the import page takes.
pub(crate) const MAX_UPLOAD: usize = 64 * 1024 * 1024;

type Fields = HashMap<String, String>;

/// Asks the guard before anything else is looked at, so that a refusal says nothing about the form.
async fn guard_unit(
    state: &State,
    v: &Viewer,
    code: &tinhgon_domain::UnitCode,
    action: Action,
) -> Result<(), PageError> {
    let cx = v.caller.cx();
    let c = code.clone();
    state.with_store(move |s| Ok(register::unit_form(s, &cx, &c, action)?)).await?;
    Ok(())
}

enum Input {
    Text,
    Date,
    Select(Vec<(&'static str, String)>),
}

struct Field {
    name: &'static str,
    label: &'static str,
    input: Input,
    required: bool,
}

fn field(name: &'static str, label: &'static str, input: Input, required: bool) -> Field {
    Field { name, label, input, required }
}

fn options<T: Copy>(all: &[T], code: fn(T) -> &'static str, label: impl Fn(T) -> String, optional: bool) -> Input {
    let mut o: Vec<(&'static str, String)> = if optional { vec![("", "—".into())] } else { Vec::new() };
    o.extend(all.iter().map(|k| (code(*k), label(*k))));
    Input::Select(o)
}

/// Renders a form: each field with its label, value and any error next to it.
fn form(
    tr: Tr,
    action: &str,
    csrf: &str,
    fields: &[Field],
    values: &Fields,
    errors: &[RowError],
    submit: &str,
) -> String {
    let mut s = String::new();
    let general: Vec<&RowError> = errors.iter().filter(|e| !fields.iter().any(|f| f.name == e.column)).collect();
    if !errors.is_empty() {
        let _ = write!(
            s,
            "<div class=\"error\" role=\"alert\"><p>{}</p>",
            esc(&tr.f("form-errors", &[("n", errors.len().to_string())]))
        );
        if !general.is_empty() {
            s.push_str("<ul>");
            for e in general {
                let _ = write!(s, "<li>{}</li>", esc(message(tr, e)));
            }
            s.push_str("</ul>");
        }
        s.push_str("</div>");
    }
    let _ = write!(s, "<form method=\"post\" action=\"{}\" class=\"edit\" novalidate><input type=\"hidden\" name=\"_csrf\" value=\"{}\">", esc(action), esc(csrf));
    for f in fields {
        let value = values.get(f.name).map(String::as_str).unwrap_or("");
        let err: Vec<&RowError> = errors.iter().filter(|e| e.column == f.name).collect();
        let id = format!("{}-{}", action.rsplit('/').next().unwrap_or("f"), f.name);
        let described = if err.is_empty() {
            String::new()
        } else {
            format!(" aria-invalid=\"true\" aria-describedby=\"{id}-err\"")
        };
        let req = if f.required { " required" } else { "" };
        let _ = write!(
            s,
            "<p class=\"field{}\"><label for=\"{id}\">{}{}</label>",
            if err.is_empty() { "" } else { " invalid" },
            esc(&tr.t(f.label)),
            if f.required { " *" } else { "" }
        );
        match &f.input {
            Input::Text => {
                let _ = write!(
                    s,
                    "<input id=\"{id}\" name=\"{}\" value=\"{}\" maxlength=\"{MAX_FIELD}\"{req}{described}>",
                    f.name,
                    esc(value)
                );
            }
            Input::Date => {
                let _ = write!(s, "<input id=\"{id}\" name=\"{}\" value=\"{}\" maxlength=\"10\" inputmode=\"numeric\" placeholder=\"dd/mm/yyyy\"{req}{described}>", f.name, esc(value));
            }
            Input::Select(opts) => {
                let _ = write!(s, "<select id=\"{id}\" name=\"{}\"{req}{described}>", f.name);
                for (code, label) in opts {
                    let sel = if *code == value { " selected" } else { "" };
                    let _ = write!(s, "<option value=\"{}\"{sel}>{}</option>", esc(code), esc(label));
                }
                s.push_str("</select>");
            }
        }
        if !err.is_empty() {
            let _ = write!(
                s,
                "<span class=\"field-error\" id=\"{id}-err\">{}</span>",
                err.iter().map(|e| esc(message(tr, e))).collect::<Vec<_>>().join(" ")
            );
        }
        s.push_str("</p>");
    }
    let _ = write!(s, "<p><button type=\"submit\">{}</button></p></form>", esc(&tr.t(submit)));
    s
}

fn message(tr: Tr, e: &RowError) -> &str {
    if tr.lang == Lang::Vi {
        &e.vi
    } else {
        &e.en
    }
}

/// Field-level checks every form shares: lengths, and the CSRF token.
fn precheck(v: &Viewer, values: &Fields, fields: &[Field]) -> Result<Vec<RowError>, PageError> {
    v.check_csrf(values.get("_csrf").map(String::as_str))?;
    let mut errors = Vec::new();
    for f in fields {
        let value = values.get(f.name).map(|s| s.trim()).unwrap_or("");
        if value.chars().count() > MAX_FIELD {
            errors.push(RowError {
                line: 1,
                column: f.name.into(),
                vi: format!("dài quá {MAX_FIELD} ký tự"),
                en: format!("longer than {MAX_FIELD} characters"),
            });
        } else if f.required && value.is_empty() {
            errors.push(RowError { line: 1, column: f.name.into(), vi: "cần điền".into(), en: "required".into() });
        }
    }
    Ok(errors)
}

/// The form's values as a one-row table with the columns of a file of that kind.
fn one_row(values: &Fields, kind: FileKind) -> Table {
    let (required, optional) = kind.columns();
    let columns: Vec<&str> = required.iter().chain(optional).copied().collect();
    Table {
        headers: columns.iter().map(|c| c.to_string()).collect(),
        rows: vec![(
            1,
            columns.iter().map(|c| values.get(*c).map(|v| v.trim().to_string()).unwrap_or_default()).collect(),
        )],
    }
}

/// The rows' messages of a refused write, shown next to the fields; any other refusal as a page.
fn rows_of(e: Error) -> Result<Vec<RowError>, PageError> {
    match e {
        Error::Invalid(r) => Ok(r),
        other => Err(PageError::from_problem(Problem::from(other))),
    }
}

fn form_page(v: &Viewer, title: &str, intro: &str, form_html: &str, status: StatusCode) -> Response {
    let body = format!("<h1>{}</h1><p class=\"lead\">{}</p>{form_html}", esc(title), intro);
    let mut r = v.page(title, &body);
    *r.status_mut() = status;
    r
}

fn unit_fields(tr: Tr, editing: bool) -> Vec<Field> {
    let mut f = Vec::new();
    if !editing {
        f.push(field("code", "f-code", Input::Text, true));
    }
    f.push(field("name", "f-name", Input::Text, true));
    f.push(field(
        "kind",
        "f-kind",
        options(UnitKind::ALL, UnitKind::code, |k| tr.label(k.label_vi(), k.label_en()).into(), false),
        true,
    ));
    f.push(field("parent", "f-parent", Input::Text, false));
    f.push(field(
        "sector",
        "f-sector",
        options(Sector::ALL, Sector::code, |k| tr.label(k.label_vi(), k.label_en()).into(), true),
        false,
    ));
    f.push(field(
        "ownership",
        "f-ownership",
        options(Ownership::ALL, Ownership::code, |k| tr.label(k.label_vi(), k.label_en()).into(), true),
        false,
    ));
    f.push(field("valid_from", if editing { "f-effective" } else { "f-valid-from" }, Input::Date, true));
    f.push(field("decision_no", "f-decision-no", Input::Text, editing));
    f.push(field("decision_date", "f-decision-date", Input::Date, editing));
    f
}

/// The fields of every form that ends something: the date and the decision.
fn end_fields() -> Vec<Field> {
    vec![
        field("valid_to", "f-end-date", Input::Date, true),
        field("decision_no", "f-decision-no", Input::Text, true),
        field("decision_date", "f-decision-date", Input::Date, true),
    ]
}

/// Reads the end date and the decision of an ending form, or says what is wrong with them. Asks
/// nothing when the fields already failed their shared checks.
fn end_and_decision(values: &Fields, errors: &mut Vec<RowError>) -> Option<(Date, Decision)> {
    if !errors.is_empty() {
        return None;
    }
    let get = |k: &str| values.get(k).map(|s| s.trim().to_string()).unwrap_or_default();
    let on = Date::parse(&get("valid_to"));
    let number = DocumentNumber::parse(&get("decision_no"));
    let date = Date::parse(&get("decision_date"));
    if let Err(e) = &on {
        errors.push(RowError { line: 1, column: "valid_to".into(), vi: e.vi(), en: e.to_string() });
    }
    if let Err(e) = &number {
        errors.push(RowError { line: 1, column: "decision_no".into(), vi: e.vi(), en: e.to_string() });
    }
    if let Err(e) = &date {
        errors.push(RowError { line: 1, column: "decision_date".into(), vi: e.vi(), en: e.to_string() });
    }
    match (on, number, date) {
        (Ok(on), Ok(number), Ok(date)) => Some((on, Decision { number, date })),
        _ => None,
    }
}

// ---------------------------------------------------------------- units

pub(crate) async fn edit_unit_page(Extract(state): Extract<State>, v: Viewer, Path(code): Path<String>) -> Response {
    let run = async {
        let code = unit_code(&code)?;
        let cx = v.caller.cx();
        let c2 = code.clone();
        let current = state.with_store(move |s| Ok(register::unit_for_editing(s, &cx, &c2)?)).await?;
        let mut values = Fields::new();
        values.insert("name".into(), current.name.clone());
        values.insert("kind".into(), current.kind.code().into());
        values.insert("parent".into(), current.parent.as_ref().map(|p| p.to_string()).unwrap_or_default());
        values.insert("sector".into(), current.sector.map(|x| x.code().to_string()).unwrap_or_default());
        values.insert("ownership".into(), current.ownership.map(|x| x.code().to_string()).unwrap_or_default());
        Ok::<_, PageError>(edit_unit_form(&v, &code.to_string(), &current.name, &values, &[], StatusCode::OK))
    };
    respond(&v, run.await)
}

fn edit_unit_form(
    v: &Viewer,
    code: &str,
    name: &str,
    values: &Fields,
    errors: &[RowError],
    status: StatusCode,
) -> Response {
    let tr = v.tr;
    let c = url(code);
    let mut html =
        form(tr, &format!("/units/{c}/edit"), v.caller.csrf(), &unit_fields(tr, true), values, errors, "save");
    let _ = write!(
        html,
        "<details class=\"danger\"><summary>{}</summary><p>{}</p>{}</details>",
        esc(&tr.t("end-unit")),
        esc(&tr.t("end-unit-intro")),
        form(tr, &format!("/units/{c}/end"), v.caller.csrf(), &end_fields(), &Fields::new(), &[], "end-unit")
    );
    form_page(v, &tr.f("edit-unit-title", &[("name", name.to_string())]), &esc(&tr.t("edit-unit-intro")), &html, status)
}

pub(crate) async fn edit_unit(
    Extract(state): Extract<State>,
    v: Viewer,
    Path(code): Path<String>,
    Form(mut values): Form<Fields>,
) -> Response {
    let run = async {
        let code = unit_code(&code)?;
        guard_unit(&state, &v, &code, Action::EditUnits).await?;
        let fields = unit_fields(v.tr, true);
        let mut errors = precheck(&v, &values, &fields)?;
        values.insert("code".into(), code.to_string());
        let cx = v.caller.cx();
        let vals = values.clone();
        if errors.is_empty() {
            let table = one_row(&vals, FileKind::Units);
            let rows = units::parse(&table, &mut errors);
            if errors.is_empty() {
                let outcome = state
                    .with_store(move |s| {
                        let Some((_, new)) = rows.into_iter().next() else { return Ok(Ok(())) };
                        Ok(units::edit(s, &cx, &new))
                    })
                    .await?;
                match outcome {
                    Ok(()) => {
                        return Ok(Redirect::to(&format!("/units/{}?saved=1", url(code.as_str()))).into_response())
                    }
                    Err(e) => errors = rows_of(e)?,
                }
            }
        }
        let name = values.get("name").cloned().unwrap_or_default();
        Ok::<_, PageError>(edit_unit_form(&v, code.as_str(), &name, &values, &errors, StatusCode::UNPROCESSABLE_ENTITY))
    };
    respond(&v, run.await)
}

pub(crate) async fn end_unit(
    Extract(state): Extract<State>,
    v: Viewer,
    Path(code): Path<String>,
    Form(values): Form<Fields>,
) -> Response {
    let run = async {
        let code = unit_code(&code)?;
        guard_unit(&state, &v, &code, Action::EditUnits).await?;
        let fields = end_fields();
        let mut errors = precheck(&v, &values, &fields)?;
        if let Some((on, decision)) = end_and_decision(&values, &mut errors) {
            let cx = v.caller.cx();
            let c2 = code.clone();
            let outcome = state.with_store(move |s| Ok(units::end(s, &cx, &c2, on, &decision))).await?;
            match outcome {
                Ok(()) => return Ok(Redirect::to(&format!("/units/{}?saved=1", url(code.as_str()))).into_response()),
                Err(e) => errors = rows_of(e)?,
            }
        }
        let tr = v.tr;
        let html = form(
            tr,
            &format!("/units/{}/end", url(code.as_str())),
            v.caller.csrf(),
            &fields,
            &values,
            &errors,
            "end-unit",
        );
        Ok::<_, PageError>(form_page(
            &v,
            &tr.t("end-unit"),
            &esc(&tr.t("end-unit-intro")),
            &html,
            StatusCode::UNPROCESSABLE_ENTITY,
        ))
    };
    respond(&v, run.await)
}

#[derive(serde::Deserialize)]
pub(crate) struct ParentQuery {
    parent: Option<String>,
}

fn new_unit_form(v: &Viewer, values: &Fields, errors: &[RowError], status: StatusCode) -> Response {
    let tr = v.tr;
    let html = form(tr, "/units/new", v.caller.csrf(), &unit_fields(tr, false), values, errors, "save");
    form_page(v, &tr.t("new-unit-title"), &esc(&tr.t("new-unit-intro")), &html, status)
}

pub(crate) async fn new_unit_page(Extract(state): Extract<State>, v: Viewer, Query(q): Query<ParentQuery>) -> Response {
    let run = async {
        let parent = q.parent.unwrap_or_default();
        if !parent.is_empty() {
            let code = unit_code(&parent)?;
            guard_unit(&state, &v, &code, Action::EditUnits).await?;
        } else if !(v.caller.guard.sees_everything() && v.may(Action::EditUnits)) {
            return Err(PageError::from_problem(Error::Forbidden.into()));
        }
        let mut values = Fields::new();
        values.insert("parent".into(), parent);
        Ok::<_, PageError>(new_unit_form(&v, &values, &[], StatusCode::OK))
    };
    respond(&v, run.await)
}

pub(crate) async fn new_unit(Extract(state): Extract<State>, v: Viewer, Form(values): Form<Fields>) -> Response {
    let run = async {
        let tr = v.tr;
        let fields = unit_fields(tr, false);
        let mut errors = precheck(&v, &values, &fields)?;
        if errors.is_empty() {
            let table = one_row(&values, FileKind::Units);
            let rows = units::parse(&table, &mut errors);
            if errors.is_empty() {
                let cx = v.caller.cx();
                let code = rows.first().map(|(_, u)| u.code.to_string()).unwrap_or_default();
                let outcome = state.with_store(move |s| Ok(units::create(s, &cx, &rows, false))).await?;
                match outcome {
                    Ok(_) => return Ok(Redirect::to(&format!("/units/{}?saved=1", url(&code))).into_response()),
                    Err(e) => errors = rows_of(e)?,
                }
            }
        }
        Ok::<_, PageError>(new_unit_form(&v, &values, &errors, StatusCode::UNPROCESSABLE_ENTITY))
    };
    respond(&v, run.await)
}

// ---------------------------------------------------------------- positions, people, memberships

fn position_fields(tr: Tr) -> Vec<Field> {
    vec![
        field("person", "f-person", Input::Text, true),
        field("title", "f-title", Input::Text, true),
        field(
            "rank",
            "f-rank",
            options(Rank::ALL, Rank::code, |k| tr.label(k.label_vi(), k.label_en()).into(), false),
            true,
        ),
        field("primary", "f-primary", Input::Select(vec![("1", tr.t("yes")), ("0", tr.t("no"))]), true),
        field("valid_from", "f-valid-from", Input::Date, true),
        field("decision_no", "f-decision-no", Input::Text, true),
        field("decision_date", "f-decision-date", Input::Date, true),
    ]
}

fn appoint_form(v: &Viewer, code: &str, values: &Fields, errors: &[RowError], status: StatusCode) -> Response {
    let tr = v.tr;
    let action = format!("/units/{}/positions/new", url(code));
    let html = form(tr, &action, v.caller.csrf(), &position_fields(tr), values, errors, "save");
    form_page(v, &tr.t("appoint"), &esc(code), &html, status)
}

pub(crate) async fn appoint_page(Extract(state): Extract<State>, v: Viewer, Path(code): Path<String>) -> Response {
    let run = async {
        let code = unit_code(&code)?;
        guard_unit(&state, &v, &code, Action::EditPositions).await?;
        Ok::<_, PageError>(appoint_form(&v, code.as_str(), &Fields::new(), &[], StatusCode::OK))
    };
    respond(&v, run.await)
}

pub(crate) async fn appoint(
    Extract(state): Extract<State>,
    v: Viewer,
    Path(code): Path<String>,
    Form(mut values): Form<Fields>,
) -> Response {
    let run = async {
        let code = unit_code(&code)?;
        guard_unit(&state, &v, &code, Action::EditPositions).await?;
        let tr = v.tr;
        let fields = position_fields(tr);
        let mut errors = precheck(&v, &values, &fields)?;
        values.insert("unit".into(), code.to_string());
        if errors.is_empty() {
            let table = one_row(&values, FileKind::Positions);
            let rows = positions::parse(&table, &mut errors);
            if errors.is_empty() {
                let cx = v.caller.cx();
                let outcome = state.with_store(move |s| Ok(positions::create(s, &cx, &rows, false))).await?;
                match outcome {
                    Ok(_) => return Ok(Redirect::to(&format!("/units/{}?saved=1", url(code.as_str()))).into_response()),
                    Err(e) => errors = rows_of(e)?,
                }
            }
        }
        Ok::<_, PageError>(appoint_form(&v, code.as_str(), &values, &errors, StatusCode::UNPROCESSABLE_ENTITY))
    };
    respond(&v, run.await)
}

fn person_fields(tr: Tr) -> Vec<Field> {
    use tinhgon_domain::catalog::{Education, Gender, StaffCategory, Theory};
    vec![
        field("code", "f-person-code", Input::Text, true),
        field("full_name", "f-full-name", Input::Text, true),
        field(
            "gender",
            "f-gender",
            options(Gender::ALL, Gender::code, |k| tr.label(k.label_vi(), k.label_en()).into(), false),
            true,
        ),
        field("birth_date", "f-birth-date", Input::Date, true),
        field("ethnicity", "f-ethnicity", Input::Text, false),
        field(
            "education",
            "f-education",
            options(Education::ALL, Education::code, |k| tr.label(k.label_vi(), k.label_en()).into(), true),
            false,
        ),
        field(
            "theory",
            "f-theory",
            options(Theory::ALL, Theory::code, |k| tr.label(k.label_vi(), k.label_en()).into(), true),
            false,
        ),
        field(
            "staff_category",
            "f-staff-category",
            options(StaffCategory::ALL, StaffCategory::code, |k| tr.label(k.label_vi(), k.label_en()).into(), true),
            false,
        ),
    ]
}

fn new_person_form(v: &Viewer, values: &Fields, errors: &[RowError], status: StatusCode) -> Response {
    let tr = v.tr;
    let html = form(tr, "/people/new", v.caller.csrf(), &person_fields(tr), values, errors, "save");
    form_page(v, &tr.t("new-person"), "", &html, status)
}

pub(crate) async fn new_person_page(v: Viewer) -> Response {
    if !v.may(Action::EditPeople) {
        return fail(&v, PageError::from_problem(Error::Forbidden.into()));
    }
    new_person_form(&v, &Fields::new(), &[], StatusCode::OK)
}

pub(crate) async fn new_person(Extract(state): Extract<State>, v: Viewer, Form(values): Form<Fields>) -> Response {
    let run = async {
        v.caller.cx().require(Action::EditPeople).map_err(|e| PageError::from_problem(e.into()))?;
        let tr = v.tr;
        let fields = person_fields(tr);
        let mut errors = precheck(&v, &values, &fields)?;
        if errors.is_empty() {
            let table = one_row(&values, FileKind::People);
            let rows = people::parse(&table, &mut errors);
            if errors.is_empty() {
                let cx = v.caller.cx();
                let code = rows.first().map(|(_, p, _)| p.code.clone()).unwrap_or_default();
                let outcome = state.with_store(move |s| Ok(people::create(s, &cx, &rows, false))).await?;
                match outcome {
                    // A new person belongs to no unit yet: the next step is their membership or position.
                    Ok(_) => {
                        return Ok(Redirect::to(&format!("/people/{}/memberships/new", url(&code))).into_response())
                    }
                    Err(e) => errors = rows_of(e)?,
                }
            }
        }
        Ok::<_, PageError>(new_person_form(&v, &values, &errors, StatusCode::UNPROCESSABLE_ENTITY))
    };
    respond(&v, run.await)
}

fn membership_fields(tr: Tr) -> Vec<Field> {
    vec![
        field("unit", "f-cell", Input::Text, true),
        field(
            "status",
            "f-status",
            options(MemberStatus::ALL, MemberStatus::code, |k| tr.label(k.label_vi(), k.label_en()).into(), false),
            true,
        ),
        field("admitted_on", "f-admitted", Input::Date, true),
        field("recognized_on", "f-recognized", Input::Date, false),
        field("valid_from", "f-valid-from", Input::Date, false),
        field("decision_no", "f-decision-no", Input::Text, true),
        field("decision_date", "f-decision-date", Input::Date, true),
    ]
}

/// Recording a membership needs the person in reach, unless they belong to no unit yet (a person
/// just added): then the cell named in the form decides.
async fn guard_membership(state: &State, v: &Viewer, code: &str) -> Result<(), PageError> {
    guard_person_for(state, v, code, Action::EditMembers, true).await
}

pub(crate) async fn membership_page(Extract(state): Extract<State>, v: Viewer, Path(code): Path<String>) -> Response {
    if let Err(e) = guard_membership(&state, &v, &code).await {
        return fail(&v, e);
    }
    membership_form(&v, &code, &Fields::new(), &[], StatusCode::OK)
}

fn membership_form(v: &Viewer, code: &str, values: &Fields, errors: &[RowError], status: StatusCode) -> Response {
    let tr = v.tr;
    let action = format!("/people/{}/memberships/new", url(code));
    let html = form(tr, &action, v.caller.csrf(), &membership_fields(tr), values, errors, "save");
    form_page(v, &tr.t("record-membership"), &esc(code), &html, status)
}

pub(crate) async fn membership(
    Extract(state): Extract<State>,
    v: Viewer,
    Path(code): Path<String>,
    Form(mut values): Form<Fields>,
) -> Response {
    let run = async {
        guard_membership(&state, &v, &code).await?;
        let tr = v.tr;
        let fields = membership_fields(tr);
        let mut errors = precheck(&v, &values, &fields)?;
        values.insert("person".into(), code.clone());
        if errors.is_empty() {
            let table = one_row(&values, FileKind::Members);
            let rows = members::parse(&table, &mut errors);
            if errors.is_empty() {
                let cx = v.caller.cx();
                let outcome = state.with_store(move |s| Ok(members::create(s, &cx, &rows, false))).await?;
                match outcome {
                    Ok(_) => return Ok(Redirect::to(&format!("/people/{}?saved=1", url(&code))).into_response()),
                    Err(e) => errors = rows_of(e)?,
                }
            }
        }
        Ok::<_, PageError>(membership_form(&v, &code, &values, &errors, StatusCode::UNPROCESSABLE_ENTITY))
    };
    respond(&v, run.await)
}

// ---------------------------------------------------------------- corrections and endings

/// Asks about a person before anything else is looked at: the role, then the reach.
async fn guard_person(state: &State, v: &Viewer, code: &str, action: Action) -> Result<(), PageError> {
    guard_person_for(state, v, code, action, false).await
}

async fn guard_person_for(
    state: &State,
    v: &Viewer,
    code: &str,
    action: Action,
    attaching: bool,
) -> Result<(), PageError> {
    if code.len() > 40 {
        return Err(PageError::not_found());
    }
    let cx = v.caller.cx();
    let c = code.to_string();
    state.with_store(move |s| Ok(register::person_form(s, &cx, &c, action, attaching)?)).await?;
    Ok(())
}

fn person_edit_fields(tr: Tr) -> Vec<Field> {
    person_fields(tr).into_iter().filter(|f| f.name != "code").collect()
}

fn edit_person_form(v: &Viewer, code: &str, values: &Fields, errors: &[RowError], status: StatusCode) -> Response {
    let tr = v.tr;
    let name = values.get("full_name").cloned().unwrap_or_default();
    let html = form(
        tr,
        &format!("/people/{}/edit", url(code)),
        v.caller.csrf(),
        &person_edit_fields(tr),
        values,
        errors,
        "save",
    );
    form_page(v, &tr.f("edit-person-title", &[("name", name)]), &esc(&tr.t("edit-person-intro")), &html, status)
}

pub(crate) async fn edit_person_page(Extract(state): Extract<State>, v: Viewer, Path(code): Path<String>) -> Response {
    let run = async {
        if code.len() > 40 {
            return Err(PageError::not_found());
        }
        let (cx, c2) = (v.caller.cx(), code.clone());
        let p = state.with_store(move |s| Ok(people::for_editing(s, &cx, &c2)?)).await?;
        let mut values = Fields::new();
        values.insert("full_name".into(), p.name.clone());
        values.insert("gender".into(), p.gender.code().into());
        values.insert("birth_date".into(), p.birth_date.vn());
        values.insert("ethnicity".into(), p.ethnicity.clone());
        values.insert("education".into(), p.education.code().into());
        values.insert("theory".into(), p.theory.code().into());
        values.insert("staff_category".into(), p.staff_category.map(|c| c.code().to_string()).unwrap_or_default());
        Ok::<_, PageError>(edit_person_form(&v, &code, &values, &[], StatusCode::OK))
    };
    respond(&v, run.await)
}

pub(crate) async fn edit_person(
    Extract(state): Extract<State>,
    v: Viewer,
    Path(code): Path<String>,
    Form(mut values): Form<Fields>,
) -> Response {
    let run = async {
        guard_person(&state, &v, &code, Action::EditPeople).await?;
        let mut errors = precheck(&v, &values, &person_edit_fields(v.tr))?;
        values.insert("code".into(), code.clone());
        if errors.is_empty() {
            let rows = people::parse(&one_row(&values, FileKind::People), &mut errors);
            if let (true, Some((_, p, name))) = (errors.is_empty(), rows.into_iter().next()) {
                let cx = v.caller.cx();
                let outcome = state.with_store(move |s| Ok(people::edit(s, &cx, &p, &name))).await?;
                match outcome {
                    Ok(()) => return Ok(Redirect::to(&format!("/people/{}?saved=1", url(&code))).into_response()),
                    Err(e) => errors = rows_of(e)?,
                }
            }
        }
        Ok::<_, PageError>(edit_person_form(&v, &code, &values, &errors, StatusCode::UNPROCESSABLE_ENTITY))
    };
    respond(&v, run.await)
}

fn end_membership_fields(tr: Tr) -> Vec<Field> {
    let mut reasons = vec![("", tr.t("reason-moved"))];
    reasons.extend(
        MemberStatus::ALL
            .iter()
            .filter(|s| !s.is_active())
            .map(|s| (s.code(), tr.label(s.label_vi(), s.label_en()).to_string())),
    );
    let mut f = end_fields();
    f.insert(1, field("reason", "f-reason", Input::Select(reasons), false));
    f
}

fn end_membership_form(
    v: &Viewer,
    code: &str,
    current: Option<&members::MembershipLine>,
    values: &Fields,
    errors: &[RowError],
    status: StatusCode,
) -> Response {
    let tr = v.tr;
    let mut intro = esc(&tr.t("end-membership-intro"));
    if let Some(m) = current {
        let _ = write!(
            intro,
            "</p><p class=\"notice\">{}",
            esc(&tr.f(
                "current-membership",
                &[
                    ("status", tr.label(m.status.label_vi(), m.status.label_en()).to_string()),
                    ("unit", format!("{} ({})", m.unit_name, m.unit)),
                    ("from", tr.date(m.validity.from)),
                ],
            ))
        );
    }
    let html = form(
        tr,
        &format!("/people/{}/memberships/end", url(code)),
        v.caller.csrf(),
        &end_membership_fields(tr),
        values,
        errors,
        "end-membership",
    );
    form_page(v, &tr.t("end-membership"), &intro, &html, status)
}

pub(crate) async fn end_membership_page(
    Extract(state): Extract<State>,
    v: Viewer,
    Path(code): Path<String>,
) -> Response {
    let run = async {
        guard_person(&state, &v, &code, Action::EditMembers).await?;
        let (cx, c2) = (v.caller.cx(), code.clone());
        let current = state.with_store(move |s| Ok(members::current(s, &cx, &c2, today())?)).await?;
        Ok::<_, PageError>(end_membership_form(&v, &code, current.as_ref(), &Fields::new(), &[], StatusCode::OK))
    };
    respond(&v, run.await)
}

pub(crate) async fn end_membership(
    Extract(state): Extract<State>,
    v: Viewer,
    Path(code): Path<String>,
    Form(values): Form<Fields>,
) -> Response {
    let run = async {
        guard_person(&state, &v, &code, Action::EditMembers).await?;
        let mut errors = precheck(&v, &values, &end_membership_fields(v.tr))?;
        let reason = match values.get("reason").map(|r| r.trim()).unwrap_or("") {
            "" => Ok(None),
            r => MemberStatus::parse(r).map(Some).map_err(|e| {
                errors.push(RowError { line: 1, column: "reason".into(), vi: e.vi(), en: e.to_string() });
            }),
        };
        if let (Some((on, decision)), Ok(reason)) = (end_and_decision(&values, &mut errors), reason) {
            let (cx, c2) = (v.caller.cx(), code.clone());
            let outcome = state.with_store(move |s| Ok(members::end(s, &cx, &c2, on, reason, &decision))).await?;
            match outcome {
                Ok(()) => return Ok(Redirect::to(&format!("/people/{}?saved=1", url(&code))).into_response()),
                Err(e) => errors = rows_of(e)?,
            }
        }
        let (cx, c2) = (v.caller.cx(), code.clone());
        let current = state.with_store(move |s| Ok(members::current(s, &cx, &c2, today())?)).await?;
        Ok::<_, PageError>(end_membership_form(
            &v,
            &code,
            current.as_ref(),
            &values,
            &errors,
            StatusCode::UNPROCESSABLE_ENTITY,
        ))
    };
    respond(&v, run.await)
}

fn end_position_fields() -> Vec<Field> {
    let mut f = end_fields();
    f.insert(0, field("person", "f-person", Input::Text, true));
    f.insert(1, field("title", "f-title", Input::Text, true));
    f
}

fn end_position_form(v: &Viewer, code: &str, values: &Fields, errors: &[RowError], status: StatusCode) -> Response {
    let tr = v.tr;
    let html = form(
        tr,
        &format!("/units/{}/positions/end", url(code)),
        v.caller.csrf(),
        &end_position_fields(),
        values,
        errors,
        "end-position",
    );
    form_page(v, &tr.t("end-position"), &format!("{} · {}", esc(code), esc(&tr.t("end-position-intro"))), &html, status)
}

#[derive(serde::Deserialize)]
pub(crate) struct PositionQuery {
    person: Option<String>,
    title: Option<String>,
}

pub(crate) async fn end_position_page(
    Extract(state): Extract<State>,
    v: Viewer,
    Path(code): Path<String>,
    Query(q): Query<PositionQuery>,
) -> Response {
    let run = async {
        let code = unit_code(&code)?;
        guard_unit(&state, &v, &code, Action::EditPositions).await?;
        let mut values = Fields::new();
        values.insert("person".into(), q.person.unwrap_or_default());
        values.insert("title".into(), q.title.unwrap_or_default());
        Ok::<_, PageError>(end_position_form(&v, code.as_str(), &values, &[], StatusCode::OK))
    };
    respond(&v, run.await)
}

pub(crate) async fn end_position(
    Extract(state): Extract<State>,
    v: Viewer,
    Path(code): Path<String>,
    Form(values): Form<Fields>,
) -> Response {
    let run = async {
        let code = unit_code(&code)?;
        guard_unit(&state, &v, &code, Action::EditPositions).await?;
        let mut errors = precheck(&v, &values, &end_position_fields())?;
        if let Some((on, decision)) = end_and_decision(&values, &mut errors) {
            let get = |k: &str| values.get(k).map(|s| s.trim().to_string()).unwrap_or_default();
            let (person, title) = (get("person"), get("title"));
            let (cx, c2) = (v.caller.cx(), code.clone());
            let outcome = state
                .with_store(move |s| {
                    let held = positions::Held { unit: &c2, person: &person, title: &title };
                    Ok(positions::end(s, &cx, &held, on, &decision))
                })
                .await?;
            match outcome {
                Ok(()) => return Ok(Redirect::to(&format!("/units/{}?saved=1", url(code.as_str()))).into_response()),
                Err(e) => errors = rows_of(e)?,
            }
        }
        Ok::<_, PageError>(end_position_form(&v, code.as_str(), &values, &errors, StatusCode::UNPROCESSABLE_ENTITY))
    };
    respond(&v, run.await)
}

// ---------------------------------------------------------------- import

fn kind_action(kind: FileKind) -> Action {
    kind.action()
}

fn kind_name(kind: FileKind) -> String {
    clap::ValueEnum::to_possible_value(&kind).map(|v| v.get_name().to_string()).unwrap_or_default()
}

pub(crate) async fn import_page(v: Viewer) -> Response {
    let tr = v.tr;
    let kinds: Vec<(String, FileKind)> = <FileKind as clap::ValueEnum>::value_variants()
        .iter()
        .filter(|f| v.may(kind_action(**f)))
        .map(|f| (kind_name(*f), *f))
        .collect();
    if kinds.is_empty() {
        return fail(&v, PageError::from_problem(Error::Forbidden.into()));
    }
    let mut opts = String::new();
    for (k, _) in &kinds {
        let _ = write!(opts, "<option value=\"{k}\">{}</option>", esc(&tr.t(&format!("file-{k}"))));
    }
    let body = format!(
        "<h1>{title}</h1><p class=\"lead\">{intro}</p>\
         <form id=\"import\" class=\"edit\" data-csrf=\"{csrf}\">\
         <p class=\"field\"><label for=\"kind\">{kind}</label><select id=\"kind\" name=\"kind\">{opts}</select></p>\
         <p class=\"field\"><label for=\"file\">{file}</label><input id=\"file\" name=\"file\" type=\"file\" accept=\".csv,.xlsx\" required></p>\
         <p class=\"field\"><label><input type=\"checkbox\" id=\"dry\" name=\"dry\"> {dry}</label></p>\
         <p><button type=\"submit\">{submit}</button></p>\
         <p><progress id=\"progress\" max=\"100\" value=\"0\" hidden aria-label=\"{progress}\"></progress> <span id=\"progress-text\" role=\"status\" aria-live=\"polite\"></span></p></form>\
         <div id=\"import-result\" aria-live=\"polite\"></div>",
        title = esc(&tr.t("import-title")),
        intro = esc(&tr.t("import-intro")),
        csrf = esc(v.caller.csrf()),
        kind = esc(&tr.t("import-kind")),
        file = esc(&tr.t("import-file")),
        dry = esc(&tr.t("import-dry-run")),
        submit = esc(&tr.t("import-submit")),
        progress = esc(&tr.t("import-progress")),
    );
    v.page(&tr.t("import-title"), &body)
}

#[derive(serde::Deserialize)]
pub(crate) struct ImportQuery {
    dry: Option<String>,
}

/// Takes an uploaded file (the request body) and answers with an HTML fragment: every bad row, or
/// how many rows were imported.
pub(crate) async fn import(
    kind: FileKind,
    Extract(state): Extract<State>,
    v: Viewer,
    Query(q): Query<ImportQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let tr = v.tr;
    let fragment = |status: StatusCode, html: String| {
        (status, [("content-type", "text/html; charset=utf-8")], html).into_response()
    };
    if v.check_csrf(headers.get(CSRF_HEADER).and_then(|h| h.to_str().ok())).is_err() {
        return fragment(
            StatusCode::FORBIDDEN,
            format!("<p class=\"error\" role=\"alert\">{}</p>", esc(&tr.t("csrf-failed"))),
        );
    }

    if !v.may(kind_action(kind)) {
        return fragment(StatusCode::FORBIDDEN, format!("<p class=\"error\">{}</p>", esc(&tr.t("forbidden"))));
    }
    let dry_run = q.dry.is_some_and(|d| d == "1");
    let table = match crate::files::read_bytes(body.to_vec()) {
        Ok(t) => t,
        Err(e) => {
            let msg = if tr.lang == Lang::Vi { e.vi() } else { e.en() };
            return fragment(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("<p class=\"error\" role=\"alert\">{}</p>", esc(&msg)),
            );
        }
    };
    let cx = v.caller.cx();
    let outcome = state.with_store(move |s| Ok(import_table(s, &cx, kind, &table, dry_run))).await;
    match outcome {
        Ok(Ok(n)) => {
            let key = if dry_run { "import-valid" } else { "import-done" };
            fragment(
                StatusCode::OK,
                format!("<p class=\"ok\" role=\"status\">{}</p>", esc(&tr.f(key, &[("n", tr.int(n as i64))]))),
            )
        }
        Ok(Err(errors)) => {
            let mut s = format!(
                "<div class=\"error\" role=\"alert\"><p>{}</p></div><div class=\"scroll\"><table class=\"import-errors\"><caption>{}</caption><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
                esc(&tr.f("import-refused", &[("n", tr.int(errors.len() as i64))])),
                esc(&tr.t("import-errors")),
                esc(&tr.t("col-line")),
                esc(&tr.t("col-column")),
                esc(&tr.t("col-problem")),
            );
            for e in &errors {
                let _ = write!(
                    s,
                    "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td></tr>",
                    e.line,
                    esc(&e.column),
                    esc(message(tr, e))
                );
            }
            s.push_str("</tbody></table></div>");
            fragment(StatusCode::UNPROCESSABLE_ENTITY, s)
        }
        Err(p) => {
            let e = PageError::from_problem(p);
            fragment(e.status, format!("<p class=\"error\" role=\"alert\">{}</p>", esc(&tr.t(&e.message))))
        }
    }
}

/// Checks an uploaded table fully, including that every row lies in the caller's reach, then
/// writes it all or nothing; the rows' messages, or one for a failure of the database.
fn import_table(
    s: &mut crate::services::Store,
    cx: &crate::services::Ctx,
    kind: FileKind,
    table: &Table,
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
