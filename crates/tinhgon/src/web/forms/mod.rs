//! Editing: forms for units, people, positions and memberships, and the import page. Every form
//! goes through the same operation as a file import (one row), shows each message next to its
//! field, and writes nothing unless all is valid.

pub(crate) mod import;
pub(crate) mod memberships;
pub(crate) mod people;
pub(crate) mod positions;
pub(crate) mod units;

use std::collections::HashMap;

use axum::http::StatusCode;
use axum::response::Response;
use maud::{html, Markup};
use tinhgon_domain::access::Action;
use tinhgon_domain::{Date, Decision, DocumentNumber};

use super::i18n::{Lang, Tr};
use super::{PageError, Viewer, MAX_FIELD};
use crate::files::Table;
use crate::http::{Problem, State};
use crate::services::register::{self as register};
use crate::services::{Ctx, Error, FileKind, RowError, Store};

pub(crate) use import::MAX_UPLOAD;

/// The most a field of several lines may hold.
pub(crate) const MAX_AREA: usize = 20_000;

pub(crate) type Fields = HashMap<String, String>;

/// Asks the services whether an empty form about a unit may be shown (the reach, then the role); a
/// form posted asks them in its write ([`write_form`]).
pub(crate) async fn open_unit_form(
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

/// Asks the services whether an empty form about a person may be shown (the reach, then the role).
pub(crate) async fn open_person_form(state: &State, v: &Viewer, code: &str, action: Action) -> Result<(), PageError> {
    open_person_form_for(state, v, code, action, false).await
}

pub(crate) async fn open_person_form_for(
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

pub(crate) enum Input {
    Text,
    /// Text of several lines (a document's body, its recipients), up to [`MAX_AREA`] characters.
    Area,
    Date,
    Select(Vec<(&'static str, String)>),
}

pub(crate) struct Field {
    pub(crate) name: &'static str,
    label: &'static str,
    input: Input,
    required: bool,
}

pub(crate) fn field(name: &'static str, label: &'static str, input: Input, required: bool) -> Field {
    Field { name, label, input, required }
}

pub(crate) fn options<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: impl Fn(T) -> String,
    optional: bool,
) -> Input {
    let mut o: Vec<(&'static str, String)> = if optional { vec![("", "—".into())] } else { Vec::new() };
    o.extend(all.iter().map(|k| (code(*k), label(*k))));
    Input::Select(o)
}

/// A form: each field with its label, value and any error next to it.
pub(crate) fn form(
    tr: Tr,
    action: &str,
    csrf: &str,
    fields: &[Field],
    values: &Fields,
    errors: &[RowError],
    submit: &str,
) -> Markup {
    let general: Vec<&RowError> = errors.iter().filter(|e| !fields.iter().any(|f| f.name == e.column)).collect();
    let prefix = action.rsplit('/').next().unwrap_or("f");
    html! {
        @if !errors.is_empty() {
            div.error role="alert" {
                p { (tr.f("form-errors", &[("n", errors.len().to_string())])) }
                @if !general.is_empty() { ul { @for e in &general { li { (message(tr, e)) } } } }
            }
        }
        form.edit method="post" action=(action) novalidate {
            input type="hidden" name="_csrf" value=(csrf);
            @for f in fields { (field_markup(tr, prefix, f, values, errors)) }
            p { button type="submit" { (tr.t(submit)) } }
        }
    }
}

fn field_markup(tr: Tr, prefix: &str, f: &Field, values: &Fields, errors: &[RowError]) -> Markup {
    let value = values.get(f.name).map(String::as_str).unwrap_or("");
    let err: Vec<&RowError> = errors.iter().filter(|e| e.column == f.name).collect();
    let id = format!("{prefix}-{}", f.name);
    let err_id = format!("{id}-err");
    let invalid = !err.is_empty();
    let described = invalid.then_some(err_id.as_str());
    let invalid_attr = invalid.then_some("true");
    html! {
        p class=(if invalid { "field invalid" } else { "field" }) {
            label for=(id) { (tr.t(f.label)) @if f.required { " *" } }
            @match &f.input {
                Input::Text => {
                    input id=(id) name=(f.name) value=(value) maxlength=(MAX_FIELD) required[f.required]
                        aria-invalid=[invalid_attr] aria-describedby=[described];
                }
                Input::Area => {
                    textarea id=(id) name=(f.name) rows="6" maxlength=(MAX_AREA) required[f.required]
                        aria-invalid=[invalid_attr] aria-describedby=[described] { (value) }
                }
                Input::Date => {
                    input id=(id) name=(f.name) value=(value) maxlength="10" inputmode="numeric" placeholder="dd/mm/yyyy"
                        required[f.required] aria-invalid=[invalid_attr] aria-describedby=[described];
                }
                Input::Select(opts) => {
                    select id=(id) name=(f.name) required[f.required] aria-invalid=[invalid_attr] aria-describedby=[described] {
                        @for (code, label) in opts {
                            option value=(code) selected[*code == value] { (label) }
                        }
                    }
                }
            }
            @if invalid {
                span.field-error id=(err_id) {
                    @for (i, e) in err.iter().enumerate() { @if i > 0 { " " } (message(tr, e)) }
                }
            }
        }
    }
}

/// The units a field names, separated by commas, semicolons or spaces.
pub(crate) fn unit_codes(values: &Fields, name: &str, errors: &mut Vec<RowError>) -> Vec<tinhgon_domain::UnitCode> {
    let text = values.get(name).map(String::as_str).unwrap_or("");
    let mut out = Vec::new();
    for part in text.split(|c: char| c == ',' || c == ';' || c.is_whitespace()).filter(|p| !p.is_empty()) {
        match tinhgon_domain::UnitCode::parse(part) {
            Ok(u) => out.push(u),
            Err(e) => errors.push(RowError::said(1, name, tinhgon_domain::msg::Said::msg(&e))),
        }
    }
    out
}

/// Every error of a form written by hand, in one box above it.
pub(crate) fn errors_box(tr: Tr, errors: &[RowError]) -> Markup {
    html! {
        @if !errors.is_empty() {
            div.error role="alert" {
                p { (tr.f("form-errors", &[("n", errors.len().to_string())])) }
                ul { @for e in errors { li { (e.column) " " (e.line) ": " (message(tr, e)) } } }
            }
        }
    }
}

pub(crate) fn message(tr: Tr, e: &RowError) -> &str {
    if tr.lang == Lang::Vi {
        &e.vi
    } else {
        &e.en
    }
}

/// A row error worded from the catalogs, in both languages.
pub(crate) fn catalog_error(column: &str, id: &str, args: &[(&str, String)]) -> RowError {
    let (vi, en) = (Tr::new(Lang::Vi), Tr::new(Lang::En));
    RowError { line: 1, column: column.into(), vi: vi.f(id, args), en: en.f(id, args) }
}

/// The form that withdraws an attached file, behind its confirmation (a box to tick).
pub(crate) fn withdraw_form(v: &Viewer, action: &str) -> Markup {
    html! {
        form.inline method="post" action=(action) {
            input type="hidden" name="_csrf" value=(v.caller.csrf());
            label { input type="checkbox" name="confirm" value="1" required; " " (v.tr.t("file-withdraw-confirm")) }
            " " button type="submit" { (v.tr.t("file-withdraw")) }
        }
    }
}

/// Checks a withdrawal's form: its CSRF token and its confirmation.
pub(crate) fn withdraw_checked(v: &Viewer, values: &Fields) -> Result<Vec<RowError>, PageError> {
    precheck(v, values, &[field("confirm", "file-withdraw-confirm", Input::Text, true)])
}

/// Field-level checks every form shares: lengths, control characters, and the CSRF token.
pub(crate) fn precheck(v: &Viewer, values: &Fields, fields: &[Field]) -> Result<Vec<RowError>, PageError> {
    v.check_csrf(values.get("_csrf").map(String::as_str))?;
    let mut errors = Vec::new();
    for f in fields {
        let value = values.get(f.name).map(|s| s.trim()).unwrap_or("");
        let area = matches!(f.input, Input::Area);
        let max = if area { MAX_AREA } else { MAX_FIELD };
        if value.chars().count() > max {
            errors.push(catalog_error(f.name, "field-too-long", &[("max", max.to_string())]));
        } else if value.chars().any(|c| c.is_control() && !(area && matches!(c, '\n' | '\r' | '\t'))) {
            errors.push(catalog_error(f.name, "field-control", &[]));
        } else if f.required && value.is_empty() {
            errors.push(catalog_error(f.name, "field-required", &[]));
        }
    }
    Ok(errors)
}

/// The form's values as a one-row table with the columns of a file of that kind.
pub(crate) fn one_row(values: &Fields, kind: FileKind) -> Table {
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

/// How a file of one kind is read and recorded: the pair an import of that file uses.
pub(crate) type Recorder<T> =
    (fn(&Table, &mut Vec<RowError>) -> Vec<T>, fn(&mut Store, &Ctx, &[T], bool) -> Result<usize, Error>);

/// Records a form's values as one row of a file of `kind`, through the operation an import of that
/// file uses; the messages of the row when it or the register refuses it.
pub(crate) async fn record<T: Send + 'static>(
    state: &State,
    v: &Viewer,
    values: &Fields,
    kind: FileKind,
    (parse, create): Recorder<T>,
) -> Result<Result<(), Vec<RowError>>, PageError> {
    let rows = match read_row(values, kind, parse) {
        Ok(rows) => rows,
        Err(errors) => return Ok(Err(errors)),
    };
    let cx = v.caller.cx();
    match state.with_store(move |s| Ok(create(s, &cx, &rows, false))).await? {
        Ok(_) => Ok(Ok(())),
        Err(e) => rows_of(e).map(Err),
    }
}

/// A form's values read as the one row of a file of `kind`, or that row's errors.
fn read_row<T>(
    values: &Fields,
    kind: FileKind,
    parse: fn(&Table, &mut Vec<RowError>) -> Vec<T>,
) -> Result<Vec<T>, Vec<RowError>> {
    let mut errors = Vec::new();
    let rows = parse(&one_row(values, kind), &mut errors);
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

/// A form's write asked of the services in one call (`register::form_write`): the reach and the role
/// first, then the errors found while reading the form, then the write. `Ok(Err(rows))` holds the
/// messages to show beside the fields; a refusal is a page.
pub(crate) async fn write_form<T: Send + 'static, R: Send + 'static>(
    state: &State,
    v: &Viewer,
    on: (register::About, Action),
    read: Result<T, Vec<RowError>>,
    write: impl FnOnce(&mut Store, &Ctx, T) -> Result<R, Error> + Send + 'static,
) -> Result<Result<R, Vec<RowError>>, PageError> {
    let cx = v.caller.cx();
    match state.with_store(move |s| Ok(register::form_write(s, &cx, on, read, write))).await? {
        Ok(r) => Ok(Ok(r)),
        Err(e) => rows_of(e).map(Err),
    }
}

/// A form recorded as one row of a file (`record`), asked of the services in one call with the
/// reach and the role first, and the errors of reading the form (`pre`) after them.
pub(crate) async fn record_on<T: Send + 'static>(
    state: &State,
    v: &Viewer,
    on: (register::About, Action),
    (values, pre): (&Fields, Vec<RowError>),
    kind: FileKind,
    (parse, create): Recorder<T>,
) -> Result<Result<(), Vec<RowError>>, PageError> {
    let read = if pre.is_empty() { read_row(values, kind, parse) } else { Err(pre) };
    write_form(state, v, on, read, move |s, cx, rows| create(s, cx, &rows, false).map(|_| ())).await
}

/// The rows' messages of a refused write, shown next to the fields; any other refusal as a page.
pub(crate) fn rows_of(e: Error) -> Result<Vec<RowError>, PageError> {
    match e {
        Error::Invalid(r) => Ok(r),
        other => Err(PageError::from_problem(Problem::from(other))),
    }
}

/// A form's page: its title, an introduction, the form.
pub(crate) fn form_page(v: &Viewer, title: &str, intro: Markup, form: Markup, status: StatusCode) -> Response {
    let body = html! {
        h1 { (title) }
        p.lead { (intro) }
        (form)
    };
    let mut r = v.page(title, body);
    *r.status_mut() = status;
    r
}

/// The fields of every form that ends something: the date and the decision.
pub(crate) fn end_fields() -> Vec<Field> {
    vec![
        field("valid_to", "f-end-date", Input::Date, true),
        field("decision_no", "f-decision-no", Input::Text, true),
        field("decision_date", "f-decision-date", Input::Date, true),
    ]
}

/// Reads the end date and the decision of an ending form, or says what is wrong with them. Asks
/// nothing when the fields already failed their shared checks.
pub(crate) fn end_and_decision(values: &Fields, errors: &mut Vec<RowError>) -> Option<(Date, Decision)> {
    if !errors.is_empty() {
        return None;
    }
    let get = |k: &str| values.get(k).map(|s| s.trim().to_string()).unwrap_or_default();
    let on = Date::parse(&get("valid_to"));
    let number = DocumentNumber::parse(&get("decision_no"));
    let date = Date::parse(&get("decision_date"));
    if let Err(e) = &on {
        errors.push(RowError::said(1, "valid_to", tinhgon_domain::msg::Said::msg(&e)));
    }
    if let Err(e) = &number {
        errors.push(RowError::said(1, "decision_no", tinhgon_domain::msg::Said::msg(&e)));
    }
    if let Err(e) = &date {
        errors.push(RowError::said(1, "decision_date", tinhgon_domain::msg::Said::msg(&e)));
    }
    match (on, number, date) {
        (Ok(on), Ok(number), Ok(date)) => Some((on, Decision { number, date })),
        _ => None,
    }
}
