//! The rules plans are judged by, each with its interval and source; the administrator records a
//! new value from a date.

use crate::web::At;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use tinhgon_domain::access::Action;
use tinhgon_domain::rules::{RuleKey, RuleValue};
use tinhgon_domain::Date;

use super::{said, Fields};
use crate::services::{plans, Error};
use crate::web::{page, respond, Form, PageError, Viewer};

fn rules_body(v: &Viewer, values: &[RuleValue], errors: &[String], f: &Fields) -> Markup {
    let tr = v.tr;
    let val = |k: &str| f.get(k).map_or("", String::as_str).to_string();
    html! {
        h1 { (tr.t("rules-title")) }
        p.lead { (tr.t("rules-intro")) }
        div.scroll {
            table {
                thead { tr { @for k in ["rules-col-rule", "rules-col-value", "rules-col-from", "rules-col-to", "rules-col-source"] { th scope="col" { (tr.t(k)) } } } }
                tbody {
                    @for r in values {
                        tr {
                            th scope="row" { (tr.label(r.key)) }
                            td.num { (r.value) }
                            td { (tr.date(r.validity.from)) }
                            td { (r.validity.to.map_or_else(|| "—".to_string(), |t| tr.date(t))) }
                            td { (r.source) }
                        }
                    }
                }
            }
        }
        @if v.may(Action::Administer) {
            @if !errors.is_empty() { div.error role="alert" { ul { @for e in errors { li { (e) } } } } }
            h2 { (tr.t("rules-new")) }
            form.edit method="post" action="/rules" {
                input type="hidden" name="_csrf" value=(v.caller.csrf());
                p.field {
                    label for="rule" { (tr.t("rules-col-rule")) }
                    select id="rule" name="rule" {
                        @for k in RuleKey::ALL {
                            option value=(k.code()) selected[f.get("rule").is_some_and(|r| r == k.code())] { (tr.label(k)) }
                        }
                    }
                }
                p.field { label for="value" { (tr.t("rules-col-value")) } input id="value" name="value" type="number" min="0" value=(val("value")) required; }
                p.field { label for="from" { (tr.t("rules-col-from")) } input id="from" name="from" type="date" value=(val("from")) required; }
                p.field { label for="source" { (tr.t("rules-f-source")) } input id="source" name="source" type="text" value=(val("source")) required; }
                p { button type="submit" { (tr.t("save")) } }
            }
        }
    }
}

pub(crate) async fn rules_page(At { state, v, at: () }: At<()>) -> Response {
    let run = async {
        let cx = v.caller.cx();
        let book = state.with_store(move |s| Ok(plans::rules(s, &cx)?)).await?;
        let body = rules_body(&v, book.values(), &[], &Fields::new());
        Ok::<_, PageError>(v.page(&v.tr.t("rules-short"), body))
    };
    respond(&v, run.await)
}

pub(crate) async fn set_rule(At { state, v, at: () }: At<()>, Form(f): Form<Fields>) -> Response {
    let run = async {
        v.check_csrf(f.get("_csrf").map(String::as_str))?;
        let tr = v.tr;
        let text = |k: &str| f.get(k).map_or("", |s| s.trim());
        let mut errors = Vec::new();
        let key = RuleKey::parse(text("rule")).ok();
        if key.is_none() {
            errors.push(tr.f("rules-no-such", &[("value", text("rule").to_string())]));
        }
        let value = text("value").parse::<i64>().ok().filter(|n| *n >= 0);
        if value.is_none() {
            errors.push(tr.f("rules-bad-value", &[("value", text("value").to_string())]));
        }
        let from = Date::parse(text("from")).ok();
        if from.is_none() {
            errors.push(tr.f("bad-date-value", &[("value", text("from").to_string())]));
        }
        let source = text("source").to_string();
        if source.is_empty() {
            errors.push(tr.t("rules-needs-source"));
        }
        let read = match (key, value, from, errors.is_empty()) {
            (Some(key), Some(value), Some(from), true) => Ok(((key, from, value), source)),
            _ => Err(()),
        };
        let cx = v.caller.cx();
        match state.with_store(move |s| Ok(plans::set_rule_read(s, &cx, read))).await? {
            Ok(Ok(())) => return Ok(Redirect::to("/rules").into_response()),
            Ok(Err(())) => {}
            Err(Error::Invalid(rows)) => errors.extend(rows.iter().map(|r| said(tr, &r.vi, &r.en).to_string())),
            Err(e) => return Err(PageError::from_problem(e.into())),
        }
        let cx = v.caller.cx();
        let book = state.with_store(move |s| Ok(plans::rules(s, &cx)?)).await?;
        let body = rules_body(&v, book.values(), &errors, &f);
        Ok::<_, PageError>(page(tr, Some(&v.caller), &tr.t("rules-short"), body, StatusCode::UNPROCESSABLE_ENTITY))
    };
    respond(&v, run.await)
}
