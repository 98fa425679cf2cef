//! A unit's dues for a month: each member's amount owed by the rule of that month and whether and
//! when it was paid, with the form that records a payment.

use crate::web::At;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use tinhgon_domain::access::Action;
use tinhgon_domain::party::dues::Month;
use tinhgon_domain::UnitCode;

use crate::http::State;
use crate::services::party::dues::{self, MonthLine};
use crate::services::RowError;
use crate::web::forms::{field, form, precheck, rows_of, Field, Fields, Input};
use crate::web::html::{table, url};
use crate::web::units::{person_link, saved_notice, unit_link};
use crate::web::{respond, Form, PageError, Query, Viewer};

#[derive(serde::Deserialize, Default)]
pub(crate) struct MonthQuery {
    month: Option<String>,
    saved: Option<String>,
}

fn pay_fields() -> Vec<Field> {
    vec![
        field("person", "f-person", Input::Text, true),
        field("month", "f-month", Input::Text, true),
        field("amount", "f-amount", Input::Text, true),
        field("paid_on", "f-paid-on", Input::Date, true),
    ]
}

fn body(
    v: &Viewer,
    unit: &UnitCode,
    month: Month,
    lines: &[MonthLine],
    (values, errors): (&Fields, &[RowError]),
    saved: Option<&str>,
) -> Markup {
    let tr = v.tr;
    let owed: i64 = lines.iter().map(|l| l.month.owed.amount).sum();
    let paid: i64 = lines.iter().filter_map(|l| l.month.paid.as_ref()).map(|p| p.amount).sum();
    let rows: Vec<Vec<Markup>> = lines
        .iter()
        .map(|l| {
            vec![
                person_link(&l.person, &l.name),
                unit_link(&l.cell, &l.cell),
                html! { (tr.int(l.month.owed.amount)) " đ" },
                html! {
                    @match &l.month.paid {
                        Some(p) => { (tr.int(p.amount)) " đ — " (tr.date(p.paid_on)) },
                        None if l.month.owed.reason.starts_with("exempt_") => { (tr.t("dues-exempt")) },
                        None => { strong.overdue { (tr.t("dues-not-paid")) } },
                    }
                },
            ]
        })
        .collect();
    let title = tr.f("dues-month-title", &[("unit", unit.to_string()), ("month", month.vn())]);
    let action = format!("/units/{}/dues", url(unit.as_str()));
    let mut defaults = values.clone();
    defaults.entry("month".into()).or_insert_with(|| month.vn());
    html! {
        (saved_notice(tr, saved))
        h1 { (title) }
        form.wide-search method="get" action=(action) {
            p {
                label for="month" { (tr.t("f-month")) }
                input id="month" name="month" value=(month.vn()) maxlength="7" placeholder="mm/yyyy";
                button type="submit" { (tr.t("show")) }
            }
        }
        p.lead role="status" { (tr.f("dues-month-summary", &[("owed", tr.int(owed)), ("paid", tr.int(paid))])) }
        (table(&title, &[tr.t("col-name"), tr.t("col-cell"), tr.t("col-owed"), tr.t("col-paid")], &rows, "list"))
        @if v.may(Action::EditMembers) {
            h2 { (tr.t("record-payment")) }
            (form(tr, &action, v.caller.csrf(), &pay_fields(), &defaults, errors, "save"))
        }
    }
}

async fn lines(state: &State, v: &Viewer, unit: &UnitCode, month: Month) -> Result<Vec<MonthLine>, PageError> {
    let (cx, u) = (v.caller.cx(), unit.clone());
    Ok(state.with_store(move |s| Ok(dues::month_of(s, &cx, &u, month)?)).await?)
}

pub(crate) async fn dues_page(At { state, v, at: unit }: At<UnitCode>, Query(q): Query<MonthQuery>) -> Response {
    let run = async {
        let month = match q.month.as_deref().filter(|m| !m.trim().is_empty()) {
            None => Month::of(crate::clock::today()),
            Some(m) => Month::parse(m).ok_or_else(|| PageError::new(StatusCode::BAD_REQUEST, "bad-month"))?,
        };
        let all = lines(&state, &v, &unit, month).await?;
        let title = v.tr.f("dues-month-title", &[("unit", unit.to_string()), ("month", month.vn())]);
        Ok(v.page(&title, body(&v, &unit, month, &all, (&Fields::new(), &[]), q.saved.as_deref())))
    };
    respond(&v, run.await)
}

pub(crate) async fn record_payment(At { state, v, at: unit }: At<UnitCode>, Form(values): Form<Fields>) -> Response {
    let run = async {
        let month = values.get("month").and_then(|m| Month::parse(m)).unwrap_or(Month::of(crate::clock::today()));
        // The unit of the address must be the caller's (out of reach reads as absent).
        lines(&state, &v, &unit, Month::of(crate::clock::today())).await?;
        let mut errors = precheck(&v, &values, &pay_fields())?;
        if errors.is_empty() {
            let table = crate::files::Table {
                headers: dues::COLUMNS.iter().map(|c| c.to_string()).collect(),
                rows: vec![(1, dues::COLUMNS.iter().map(|c| values.get(*c).cloned().unwrap_or_default()).collect())],
            };
            let mut read = Vec::new();
            let rows = dues::parse(&table, &mut read);
            if read.is_empty() {
                let cx = v.caller.cx();
                match state.with_store(move |s| Ok(dues::pay(s, &cx, &rows, false))).await? {
                    Ok(_) => {
                        let to = format!("/units/{}/dues?month={}&saved=1", url(unit.as_str()), url(&month.vn()));
                        return Ok(Redirect::to(&to).into_response());
                    }
                    Err(e) => errors = rows_of(e)?,
                }
            } else {
                errors = read;
            }
        }
        let all = lines(&state, &v, &unit, month).await?;
        let title = v.tr.f("dues-month-title", &[("unit", unit.to_string()), ("month", month.vn())]);
        Ok(v.form_page(&title, body(&v, &unit, month, &all, (&values, &errors), None), &errors))
    };
    respond(&v, run.await)
}
