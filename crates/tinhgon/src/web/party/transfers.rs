//! Transfers: those either side in reach sees — in transit with their deadline and overdue ones
//! marked, received, temporary — with the form that sends a member and, for a member sent to a
//! cell in reach, the button that takes them in.

use crate::web::At;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use tinhgon_domain::access::Action;
use tinhgon_domain::party::transfer::Kind;
use tinhgon_domain::UnitCode;

use super::{date_field, text_field};
use crate::http::State;
use crate::services::party::transfers::{self, Send, Standing, View};
use crate::services::RowError;
use crate::web::forms::{field, form, options, precheck, rows_of, Field, Fields, Input};
use crate::web::html::table;
use crate::web::i18n::Tr;
use crate::web::units::{person_link, saved_notice, unit_link, DateQuery};
use crate::web::{respond, Form, Query, Viewer};

fn send_fields(tr: Tr) -> Vec<Field> {
    vec![
        field("person", "f-person", Input::Text, true),
        field("kind", "f-transfer-kind", options(Kind::ALL, Kind::code, |k| tr.label(k), false), true),
        field("to_cell", "f-to-cell", Input::Text, false),
        field("destination", "f-destination", Input::Text, false),
        field("on", "f-sent-on", Input::Date, true),
        field("returns_on", "f-returns-on", Input::Date, false),
        field("letter", "f-letter", Input::Text, true),
        field("reason", "f-reason-text", Input::Text, false),
    ]
}

fn standing(tr: Tr, v: &View) -> Markup {
    let key = match v.standing {
        Standing::InTransit => "standing-in-transit",
        Standing::Received => "standing-received",
        Standing::Away => "standing-away",
        Standing::Left => "standing-left",
    };
    html! {
        (tr.t(key))
        @if v.overdue { " " strong.overdue { (tr.t("overdue")) } }
    }
}

/// The button that takes in a member sent to a cell in reach (shown to those who record members;
/// the service decides whether the cell is theirs).
fn receive_form(v: &Viewer, t: &View) -> Markup {
    let tr = v.tr;
    let id = t.transfer.id;
    html! {
        @if t.standing == Standing::InTransit && v.may(Action::EditMembers) {
            form.inline method="post" action=(format!("/transfers/{id}/receive")) {
                input type="hidden" name="_csrf" value=(v.caller.csrf());
                label for=(format!("receive-{id}")) { (tr.t("f-received-on")) }
                input id=(format!("receive-{id}")) name="on" maxlength="10" inputmode="numeric" placeholder="dd/mm/yyyy";
                button type="submit" { (tr.t("receive")) }
            }
        }
    }
}

fn body(v: &Viewer, all: &[View], values: &Fields, errors: &[RowError], saved: Option<&str>) -> Markup {
    let tr = v.tr;
    let in_transit = all.iter().filter(|t| t.standing == Standing::InTransit).count();
    let overdue = all.iter().filter(|t| t.overdue).count();
    let rows: Vec<Vec<Markup>> = all
        .iter()
        .map(|t| {
            let x = &t.transfer;
            vec![
                html! { (x.id) },
                person_link(&x.person, &x.person_name),
                html! { (tr.label(x.kind)) },
                unit_link(&x.from_cell, &x.from_cell),
                html! {
                    @match (&x.to_cell, &x.destination) {
                        (Some(c), _) => { (unit_link(c, c)) },
                        (None, Some(d)) => { (d) },
                        _ => { "—" },
                    }
                },
                html! { (tr.date(x.sent_on)) " — " (x.letter) },
                html! { (tr.date(x.due_on)) },
                html! { (standing(tr, t)) (receive_form(v, t)) },
            ]
        })
        .collect();
    let head = [
        tr.t("col-number"),
        tr.t("col-name"),
        tr.t("col-kind"),
        tr.t("col-from"),
        tr.t("col-to"),
        tr.t("col-sent"),
        tr.t("col-due"),
        tr.t("col-standing"),
    ];
    html! {
        (saved_notice(tr, saved))
        h1 { (tr.t("transfers-title")) }
        p.lead role="status" { (tr.f("transfers-summary", &[("n", tr.int(in_transit as i64)), ("late", tr.int(overdue as i64))])) }
        (table(&tr.t("transfers-title"), &head, &rows, "list"))
        @if v.may(Action::EditMembers) {
            h2 { (tr.t("send-transfer")) }
            p { (tr.t("send-transfer-hint")) }
            (form(tr, "/transfers", v.caller.csrf(), &send_fields(tr), values, errors, "send"))
        }
    }
}

async fn list(state: &State, v: &Viewer) -> Result<Vec<View>, crate::web::PageError> {
    let cx = v.caller.cx();
    Ok(state.with_store(move |s| Ok(transfers::list(s, &cx)?)).await?)
}

pub(crate) async fn transfers_page(At { state, v, at: () }: At<()>, Query(q): Query<DateQuery>) -> Response {
    let run = async {
        let all = list(&state, &v).await?;
        Ok(v.page(&v.tr.t("transfers-title"), body(&v, &all, &Fields::new(), &[], q.saved.as_deref())))
    };
    respond(&v, run.await)
}

fn refused(v: &Viewer, all: &[View], values: &Fields, errors: &[RowError]) -> Response {
    v.form_page(&v.tr.t("transfers-title"), body(v, all, values, errors, None), errors)
}

pub(crate) async fn send_transfer(At { state, v, at: () }: At<()>, Form(values): Form<Fields>) -> Response {
    let run = async {
        let mut errors = precheck(&v, &values, &send_fields(v.tr))?;
        let sent_on = date_field(&values, "on", true, &mut errors);
        let returns_on = date_field(&values, "returns_on", false, &mut errors);
        let kind = text_field(&values, "kind").and_then(|k| Kind::parse(&k).ok()).unwrap_or(Kind::Official);
        let to = match text_field(&values, "to_cell").map(|c| UnitCode::parse(&c)) {
            Some(Ok(c)) => Some(c),
            Some(Err(e)) => {
                errors.push(RowError::said(1, "to_cell", tinhgon_domain::msg::Said::msg(&e)));
                None
            }
            None => None,
        };
        if let (true, Some(sent_on)) = (errors.is_empty(), sent_on) {
            let cx = v.caller.cx();
            let person = text_field(&values, "person").unwrap_or_default();
            let destination = text_field(&values, "destination");
            let letter = text_field(&values, "letter").unwrap_or_default();
            let reason = text_field(&values, "reason");
            let sent = state
                .with_store(move |s| {
                    let send = Send { person, kind, to_cell: to, destination, sent_on, returns_on, letter, reason };
                    Ok(transfers::send(s, &cx, &send))
                })
                .await?;
            match sent {
                Ok(_) => return Ok(Redirect::to("/transfers?saved=1").into_response()),
                Err(e) => errors = rows_of(e)?,
            }
        }
        let all = list(&state, &v).await?;
        Ok(refused(&v, &all, &values, &errors))
    };
    respond(&v, run.await)
}

pub(crate) async fn receive_transfer(At { state, v, at: id }: At<i64>, Form(values): Form<Fields>) -> Response {
    let run = async {
        v.check_csrf(values.get("_csrf").map(String::as_str))?;
        let mut errors = Vec::new();
        let on = date_field(&values, "on", true, &mut errors);
        if let Some(on) = on {
            let cx = v.caller.cx();
            match state.with_store(move |s| Ok(transfers::receive(s, &cx, id, on))).await? {
                Ok(()) => return Ok(Redirect::to("/transfers?saved=1").into_response()),
                Err(e) => errors = rows_of(e)?,
            }
        }
        let all = list(&state, &v).await?;
        Ok(refused(&v, &all, &Fields::new(), &errors))
    };
    respond(&v, run.await)
}
