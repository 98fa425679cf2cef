//! Forms that record a person and correct their particulars.

use crate::web::At;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use tinhgon_domain::access::Action;

use super::{field, form, form_page, one_row, options, precheck, record, write_form, Field, Fields, Input};
use crate::services::register::{people, About};
use crate::services::{FileKind, RowError};
use crate::web::html::url;
use crate::web::i18n::Tr;
use crate::web::{fail, respond, Form, PageError, Viewer};

fn person_fields(tr: Tr) -> Vec<Field> {
    use tinhgon_domain::catalog::{Education, Gender, StaffCategory, Theory};
    vec![
        field("code", "f-person-code", Input::Text, true),
        field("full_name", "f-full-name", Input::Text, true),
        field("gender", "f-gender", options(Gender::ALL, Gender::code, |k| tr.label(k), false), true),
        field("birth_date", "f-birth-date", Input::Date, true),
        field("ethnicity", "f-ethnicity", Input::Text, false),
        field("education", "f-education", options(Education::ALL, Education::code, |k| tr.label(k), true), false),
        field("theory", "f-theory", options(Theory::ALL, Theory::code, |k| tr.label(k), true), false),
        field(
            "staff_category",
            "f-staff-category",
            options(StaffCategory::ALL, StaffCategory::code, |k| tr.label(k), true),
            false,
        ),
    ]
}

fn new_person_form(v: &Viewer, values: &Fields, errors: &[RowError], status: StatusCode) -> Response {
    let tr = v.tr;
    let html = form(tr, "/people/new", v.caller.csrf(), &person_fields(tr), values, errors, "save");
    form_page(v, &tr.t("new-person"), html! {}, html, status)
}

pub(crate) async fn new_person_page(v: Viewer) -> Response {
    if let Err(e) = people::may_create(&v.caller.cx()) {
        return fail(&v, PageError::from_problem(e.into()));
    }
    new_person_form(&v, &Fields::new(), &[], StatusCode::OK)
}

pub(crate) async fn new_person(At { state, v, at: () }: At<()>, Form(values): Form<Fields>) -> Response {
    let run = async {
        people::may_create(&v.caller.cx()).map_err(|e| PageError::from_problem(e.into()))?;
        let tr = v.tr;
        let fields = person_fields(tr);
        let mut errors = precheck(&v, &values, &fields)?;
        if errors.is_empty() {
            match record(&state, &v, &values, FileKind::People, (people::parse, people::create)).await? {
                // A new person belongs to no unit yet: the next step is their membership or position.
                Ok(()) => {
                    let code = values.get("code").map_or("", |c| c.trim());
                    return Ok(Redirect::to(&format!("/people/{}/memberships/new", url(code))).into_response());
                }
                Err(e) => errors = e,
            }
        }
        Ok::<_, PageError>(new_person_form(&v, &values, &errors, StatusCode::UNPROCESSABLE_ENTITY))
    };
    respond(&v, run.await)
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
    form_page(v, &tr.f("edit-person-title", &[("name", name)]), html! { (tr.t("edit-person-intro")) }, html, status)
}

pub(crate) async fn edit_person_page(At { state, v, at: code }: At<String>) -> Response {
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

pub(crate) async fn edit_person(At { state, v, at: code }: At<String>, Form(mut values): Form<Fields>) -> Response {
    let run = async {
        let mut errors = precheck(&v, &values, &person_edit_fields(v.tr))?;
        values.insert("code".into(), code.clone());
        let read = if errors.is_empty() {
            let rows = people::parse(&one_row(&values, FileKind::People), &mut errors);
            rows.into_iter().next().map(|(_, p, name)| (p, name)).filter(|_| errors.is_empty()).ok_or(errors)
        } else {
            Err(errors)
        };
        let on = (About::Person(code.clone(), false), Action::EditPeople);
        let errors = match write_form(&state, &v, on, read, |s, cx, (p, name)| people::edit(s, cx, &p, &name)).await? {
            Ok(()) => return Ok(Redirect::to(&format!("/people/{}?saved=1", url(&code))).into_response()),
            Err(e) => e,
        };
        Ok::<_, PageError>(edit_person_form(&v, &code, &values, &errors, StatusCode::UNPROCESSABLE_ENTITY))
    };
    respond(&v, run.await)
}
