//! A draft's particulars and its operations, edited as the text of an operations or mapping file;
//! nothing is stored while a row is wrong.

use crate::web::At;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use tinhgon_domain::plan::Plan;
use tinhgon_domain::{Date, Decision, DocumentNumber};

use super::{refused, said, Fields};
use crate::files::Table;
use crate::http::State;
use crate::services::plans::{self, StoredPlan};
use crate::services::Error;
use crate::web::i18n::{Lang, Tr};
use crate::web::{page, respond, Form, PageError, Viewer};

/// The particulars of a plan as the form shows and takes them: name, kind of input, required.
const FIELDS: &[(&str, &str, bool)] = &[
    ("name", "text", true),
    ("decision", "text", true),
    ("decision_date", "date", true),
    ("effective", "date", true),
    ("surplus_years", "number", false),
    ("baseline_year", "number", false),
    ("target_cut", "number", false),
];

fn plan_form(v: &Viewer, action: &str, values: &Fields, errors: &[String], status: StatusCode) -> Response {
    let tr = v.tr;
    let value = |k: &str| values.get(k).map_or("", String::as_str).to_string();
    let title = tr.t("plan-draft-title");
    let body = html! {
        h1 { (title) }
        @if !errors.is_empty() {
            div.error role="alert" {
                p { (tr.t("plan-not-saved")) }
                ul { @for e in errors.iter().take(100) { li { (e) } } }
            }
        }
        form.edit method="post" action=(action) {
            input type="hidden" name="_csrf" value=(v.caller.csrf());
            @for (name, kind, required) in FIELDS {
                p.field {
                    label for=(name) { (tr.t(&format!("plan-f-{name}"))) }
                    input id=(name) name=(name) type=(kind) value=(value(name)) required[*required];
                }
            }
            p.field {
                label for="ops" { (tr.t("plan-f-ops")) }
                textarea id="ops" name="ops" rows="16" cols="100" required { (value("ops")) }
            }
            p.hint { (tr.t("plan-ops-hint")) }
            p { button type="submit" { (tr.t("plan-save")) } }
        }
    };
    page(tr, Some(&v.caller), &title, body, status)
}

pub(crate) async fn new_page(v: Viewer) -> Response {
    let run = async {
        let blank = plans::blank(&v.caller.cx()).map_err(refused)?;
        let mut values = Fields::new();
        values.insert("surplus_years".into(), blank.surplus_years.to_string());
        values.insert("ops".into(), blank.columns.join(",") + "\n");
        Ok::<_, PageError>(plan_form(&v, "/plans/new", &values, &[], StatusCode::OK))
    };
    respond(&v, run.await)
}

/// Reads the form: the plan's particulars, or the messages for what is wrong.
fn read_form(tr: Tr, f: &Fields) -> Result<(Plan, Table), Vec<String>> {
    let mut errors = Vec::new();
    let text = |k: &str| f.get(k).map_or("", |s| s.trim());
    let name = text("name").to_string();
    if name.is_empty() {
        errors.push(tr.t("plan-needs-name"));
    }
    let number = match DocumentNumber::parse(text("decision")) {
        Ok(n) => Some(n),
        Err(e) => {
            errors.push(tr.msg(&tinhgon_domain::msg::Said::msg(&e)));
            None
        }
    };
    let mut date = |k: &str, message: &str| match Date::parse(text(k)).ok() {
        Some(d) => Some(d),
        None => {
            errors.push(tr.f(message, &[("value", text(k).to_string())]));
            None
        }
    };
    let decided = date("decision_date", "plan-bad-decision-date");
    let effective = date("effective", "plan-bad-effective");
    let mut number_of = |k: &str, message: &str| -> Option<u32> {
        let t = text(k);
        if t.is_empty() {
            return None;
        }
        match t.parse::<u32>() {
            Ok(n) => Some(n),
            Err(_) => {
                errors.push(tr.f(message, &[("value", t.to_string())]));
                None
            }
        }
    };
    let surplus_years = number_of("surplus_years", "plan-bad-surplus-years").unwrap_or(3);
    let baseline_year = number_of("baseline_year", "plan-bad-baseline-year").map(|y| y as i32);
    let target_cut = number_of("target_cut", "plan-bad-target-cut");
    let table = match crate::files::read_bytes(text("ops").as_bytes().to_vec()) {
        Ok(t) => Some(t),
        Err(e) => {
            errors.push(if tr.lang == Lang::Vi { e.vi() } else { e.en() });
            None
        }
    };
    match (number, decided, effective, table) {
        (Some(number), Some(date), Some(effective), Some(table)) if errors.is_empty() => Ok((
            Plan {
                name,
                decision: Decision { number, date },
                effective,
                surplus_years,
                baseline_year,
                target_cut,
                ops: Vec::new(),
            },
            table,
        )),
        _ => Err(errors),
    }
}

/// A refused draft's messages, one a line, at most a hundred rows.
fn import_errors(tr: Tr, e: &Error) -> Vec<String> {
    let (vi, en) = match e {
        Error::Invalid(rows) => plans::ImportFailure::Rows(rows.clone()).messages(100),
        other => other.messages(),
    };
    said(tr, &vi, &en).lines().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect()
}

pub(crate) async fn create(At { state, v, at: () }: At<()>, Form(f): Form<Fields>) -> Response {
    let run = async {
        v.check_csrf(f.get("_csrf").map(String::as_str))?;
        save(&state, &v, &f, None).await
    };
    respond(&v, run.await)
}

/// Stores the form as a new draft (`id` None) or over draft `id`, if every row reads and every
/// unit it names is in reach; otherwise the form again with the messages.
async fn save(state: &State, v: &Viewer, f: &Fields, id: Option<i64>) -> Result<Response, PageError> {
    let tr = v.tr;
    let action = id.map_or_else(|| "/plans/new".to_string(), |id| format!("/plans/{id}/edit"));
    let read = read_form(tr, f).map(|(plan, table)| (table, plan));
    let cx = v.caller.cx();
    let outcome = state.with_store(move |s| Ok(plans::save_read(s, &cx, id, read))).await?;
    match outcome {
        Ok(Ok((id, _))) => Ok(Redirect::to(&format!("/plans/{id}")).into_response()),
        Ok(Err(errors)) => Ok(plan_form(v, &action, f, &errors, StatusCode::UNPROCESSABLE_ENTITY)),
        Err(e @ (Error::Invalid(_) | Error::Plan(_))) => {
            Ok(plan_form(v, &action, f, &import_errors(tr, &e), StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(e) => Err(PageError::from_problem(e.into())),
    }
}

fn values_of(p: &StoredPlan) -> Fields {
    let mut f = Fields::new();
    let plan = &p.plan;
    f.insert("name".into(), plan.name.clone());
    f.insert("decision".into(), plan.decision.number.to_string());
    f.insert("decision_date".into(), plan.decision.date.to_string());
    f.insert("effective".into(), plan.effective.to_string());
    f.insert("surplus_years".into(), plan.surplus_years.to_string());
    f.insert("baseline_year".into(), plan.baseline_year.map_or(String::new(), |y| y.to_string()));
    f.insert("target_cut".into(), plan.target_cut.map_or(String::new(), |y| y.to_string()));
    f.insert("ops".into(), plans::ops_to_csv(&plan.ops));
    f
}

pub(crate) async fn edit_page(At { state, v, at: id }: At<i64>) -> Response {
    let run = async {
        let cx = v.caller.cx();
        let p = state.with_store(move |s| Ok(plans::editable(s, &cx, id)?)).await?;
        Ok(plan_form(&v, &format!("/plans/{id}/edit"), &values_of(&p), &[], StatusCode::OK))
    };
    respond(&v, run.await)
}

pub(crate) async fn edit(At { state, v, at: id }: At<i64>, Form(f): Form<Fields>) -> Response {
    let run = async {
        v.check_csrf(f.get("_csrf").map(String::as_str))?;
        save(&state, &v, &f, Some(id)).await
    };
    respond(&v, run.await)
}
