//! Forms that record, change and end units.

use crate::web::At;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use tinhgon_domain::access::Action;
use tinhgon_domain::catalog::{Ownership, Sector, UnitKind};
use tinhgon_domain::UnitCode;

use super::{
    end_and_decision, end_fields, field, form, form_page, one_row, open_unit_form, options, precheck, record,
    write_form, Field, Fields, Input,
};
use crate::services::register::{self as register, units, About};
use crate::services::{FileKind, RowError};
use crate::web::html::url;
use crate::web::i18n::Tr;
use crate::web::units::unit_code;
use crate::web::{respond, Form, PageError, Query, Viewer};

fn unit_fields(tr: Tr, editing: bool) -> Vec<Field> {
    let mut f = Vec::new();
    if !editing {
        f.push(field("code", "f-code", Input::Text, true));
    }
    f.push(field("name", "f-name", Input::Text, true));
    f.push(field("kind", "f-kind", options(UnitKind::ALL, UnitKind::code, |k| tr.label(k), false), true));
    f.push(field("parent", "f-parent", Input::Text, false));
    f.push(field("sector", "f-sector", options(Sector::ALL, Sector::code, |k| tr.label(k), true), false));
    f.push(field("ownership", "f-ownership", options(Ownership::ALL, Ownership::code, |k| tr.label(k), true), false));
    f.push(field("valid_from", if editing { "f-effective" } else { "f-valid-from" }, Input::Date, true));
    f.push(field("decision_no", "f-decision-no", Input::Text, editing));
    f.push(field("decision_date", "f-decision-date", Input::Date, editing));
    f
}

pub(crate) async fn edit_unit_page(At { state, v, at: code }: At<UnitCode>) -> Response {
    let run = async {
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
    let html = html! {
        (form(tr, &format!("/units/{c}/edit"), v.caller.csrf(), &unit_fields(tr, true), values, errors, "save"))
        details.danger {
            summary { (tr.t("end-unit")) }
            p { (tr.t("end-unit-intro")) }
            (form(tr, &format!("/units/{c}/end"), v.caller.csrf(), &end_fields(), &Fields::new(), &[], "end-unit"))
        }
    };
    let title = tr.f("edit-unit-title", &[("name", name.to_string())]);
    form_page(v, &title, html! { (tr.t("edit-unit-intro")) }, html, status)
}

pub(crate) async fn edit_unit(At { state, v, at: code }: At<UnitCode>, Form(mut values): Form<Fields>) -> Response {
    let run = async {
        let fields = unit_fields(v.tr, true);
        let mut errors = precheck(&v, &values, &fields)?;
        values.insert("code".into(), code.to_string());
        let read = if errors.is_empty() {
            let rows = units::parse(&one_row(&values, FileKind::Units), &mut errors);
            rows.into_iter().next().map(|(_, new)| new).filter(|_| errors.is_empty()).ok_or(errors)
        } else {
            Err(errors)
        };
        let on = (About::Unit(code.clone()), Action::EditUnits);
        let errors = match write_form(&state, &v, on, read, |s, cx, new| units::edit(s, cx, &new)).await? {
            Ok(()) => return Ok(Redirect::to(&format!("/units/{}?saved=1", url(code.as_str()))).into_response()),
            Err(e) => e,
        };
        let name = values.get("name").cloned().unwrap_or_default();
        Ok::<_, PageError>(edit_unit_form(&v, code.as_str(), &name, &values, &errors, StatusCode::UNPROCESSABLE_ENTITY))
    };
    respond(&v, run.await)
}

pub(crate) async fn end_unit(At { state, v, at: code }: At<UnitCode>, Form(values): Form<Fields>) -> Response {
    let run = async {
        let fields = end_fields();
        let mut errors = precheck(&v, &values, &fields)?;
        let read = match end_and_decision(&values, &mut errors) {
            Some(ending) if errors.is_empty() => Ok(ending),
            _ => Err(errors),
        };
        let (c2, on) = (code.clone(), (About::Unit(code.clone()), Action::EditUnits));
        let errors = match write_form(&state, &v, on, read, move |s, cx, (day, decision)| {
            units::end(s, cx, &c2, day, &decision)
        })
        .await?
        {
            Ok(()) => return Ok(Redirect::to(&format!("/units/{}?saved=1", url(code.as_str()))).into_response()),
            Err(e) => e,
        };
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
            html! { (tr.t("end-unit-intro")) },
            html,
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
    form_page(v, &tr.t("new-unit-title"), html! { (tr.t("new-unit-intro")) }, html, status)
}

pub(crate) async fn new_unit_page(At { state, v, at: () }: At<()>, Query(q): Query<ParentQuery>) -> Response {
    let run = async {
        let parent = q.parent.unwrap_or_default();
        if !parent.is_empty() {
            let code = unit_code(&parent)?;
            open_unit_form(&state, &v, &code, Action::EditUnits).await?;
        } else {
            units::may_create_root(&v.caller.cx()).map_err(|e| PageError::from_problem(e.into()))?;
        }
        let mut values = Fields::new();
        values.insert("parent".into(), parent);
        Ok::<_, PageError>(new_unit_form(&v, &values, &[], StatusCode::OK))
    };
    respond(&v, run.await)
}

pub(crate) async fn new_unit(At { state, v, at: () }: At<()>, Form(values): Form<Fields>) -> Response {
    let run = async {
        let tr = v.tr;
        let fields = unit_fields(tr, false);
        let mut errors = precheck(&v, &values, &fields)?;
        if errors.is_empty() {
            match record(&state, &v, &values, FileKind::Units, (units::parse, units::create)).await? {
                Ok(()) => {
                    // The code as the register keeps it (upper case).
                    let code = values.get("code").map_or(String::new(), |c| c.trim().to_ascii_uppercase());
                    return Ok(Redirect::to(&format!("/units/{}?saved=1", url(&code))).into_response());
                }
                Err(e) => errors = e,
            }
        }
        Ok::<_, PageError>(new_unit_form(&v, &values, &errors, StatusCode::UNPROCESSABLE_ENTITY))
    };
    respond(&v, run.await)
}
