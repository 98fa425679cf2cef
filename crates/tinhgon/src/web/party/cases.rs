//! Inspection work: the cases of a unit and year the reader may see, with the form that opens one;
//! a case's page with its conclusion and discipline decisions, and for the inspection officer the
//! forms that conclude it and record a decision. A case the reader may not see is not found.

use crate::web::At;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use tinhgon_domain::access::Action;
use tinhgon_domain::party::discipline::{Breach, CaseKind, Form, Mode};
use tinhgon_domain::UnitCode;

use super::{date_field, text_field};
use crate::http::State;
use crate::services::party::cases::{self, Conclude, DisciplineRow, Open, View};
use crate::services::party::disciplines::{self, Decide};
use crate::services::RowError;
use crate::web::forms::{field, form, options, precheck, rows_of, Field, Fields, Input};
use crate::web::html::table;
use crate::web::i18n::Tr;
use crate::web::units::{person_link, saved_notice, unit_link};
use crate::web::{respond, Form as PageForm, PageError, Query, Viewer};

#[derive(serde::Deserialize, Default)]
pub(crate) struct CasesQuery {
    unit: Option<String>,
    year: Option<String>,
    saved: Option<String>,
}

fn open_fields(tr: Tr) -> Vec<Field> {
    vec![
        field("kind", "f-case-kind", options(CaseKind::ALL, CaseKind::code, |k| tr.label(k), false), true),
        field("mode", "f-case-mode", options(Mode::ALL, Mode::code, |k| tr.label(k), true), false),
        field("handler", "f-handler", Input::Text, true),
        field("opened_on", "f-opened-on", Input::Date, true),
        field("title", "f-case-title", Input::Text, true),
        field("subject_unit", "f-subject-unit", Input::Text, false),
        field("subject_person", "f-subject-person", Input::Text, false),
        field("team", "f-team", Input::Text, false),
        field("sender", "f-sender", Input::Text, false),
    ]
}

fn conclude_fields() -> Vec<Field> {
    vec![
        field("concluded_on", "f-concluded-on", Input::Date, true),
        field("conclusion", "f-conclusion", Input::Text, true),
        field("follow_up", "f-follow-up", Input::Text, false),
        field("extended_to", "f-extended-to", Input::Date, false),
        field("announced_on", "f-announced-on", Input::Date, false),
    ]
}

fn decide_fields(tr: Tr) -> Vec<Field> {
    vec![
        field("form", "f-discipline-form", options(Form::ALL, Form::code, |k| tr.label(k), false), true),
        field("breach", "f-breach", options(Breach::ALL, Breach::code, |k| tr.label(k), false), true),
        field("breach_on", "f-breach-on", Input::Date, true),
        field("decided_by", "f-decided-by", Input::Text, true),
        field("decided_on", "f-decided-on", Input::Date, true),
        field("decision_no", "f-decision-no", Input::Text, true),
        field("effective_on", "f-effective-on", Input::Date, false),
        field("announced_on", "f-announced-on", Input::Date, false),
        field("reason", "f-reason-text", Input::Text, false),
    ]
}

fn status(tr: Tr, v: &View) -> Markup {
    html! {
        @match (v.case.concluded_on, v.case.anonymous && v.case.kind == CaseKind::Denunciation) {
            (_, true) => { (tr.t("case-anonymous")) },
            (Some(d), _) => { (tr.f("case-concluded", &[("date", tr.date(d))])) },
            (None, _) => {
                (tr.t("case-open"))
                @if let Some(d) = v.case.extended_to.or(v.case.due_on) { " — " (tr.f("case-due", &[("date", tr.date(d))])) }
                @if v.overdue { " " strong.overdue { (tr.t("overdue")) } }
            },
        }
    }
}

fn subject(v: &View) -> Markup {
    html! {
        @match (&v.case.subject_person, &v.case.subject_unit) {
            (Some(p), _) => { (person_link(p, v.case.subject_name.as_deref().unwrap_or(p))) },
            (None, Some(u)) => { (unit_link(u, u)) },
            _ => { "—" },
        }
    }
}

fn list_body(
    v: &Viewer,
    unit: &UnitCode,
    year: i32,
    all: &[View],
    (values, errors): (&Fields, &[RowError]),
    saved: Option<&str>,
) -> Markup {
    let tr = v.tr;
    let rows: Vec<Vec<Markup>> = all
        .iter()
        .map(|c| {
            vec![
                html! { a href=(format!("/cases/{}", c.case.id)) { (c.case.id) } },
                html! { (tr.label(c.case.kind)) },
                html! { (c.case.title) },
                subject(c),
                html! { (tr.date(c.case.opened_on)) },
                status(tr, c),
            ]
        })
        .collect();
    let title = tr.f("cases-title", &[("unit", unit.to_string()), ("year", year.to_string())]);
    let head = [
        tr.t("col-number"),
        tr.t("col-kind"),
        tr.t("col-topic"),
        tr.t("col-subject"),
        tr.t("col-date"),
        tr.t("col-standing"),
    ];
    html! {
        (saved_notice(tr, saved))
        h1 { (title) }
        form.wide-search method="get" action="/cases" {
            p {
                label for="unit" { (tr.t("f-unit")) }
                input id="unit" name="unit" value=(unit.as_str()) maxlength="40";
                " "
                label for="year" { (tr.t("f-year")) }
                input id="year" name="year" value=(year) maxlength="4" inputmode="numeric";
                button type="submit" { (tr.t("show")) }
            }
        }
        p.lead { (tr.t("cases-confidential")) }
        (table(&title, &head, &rows, "list"))
        @if v.may(Action::Inspect) {
            h2 { (tr.t("open-case")) }
            (form(tr, "/cases", v.caller.csrf(), &open_fields(tr), values, errors, "save"))
        }
    }
}

/// The reader's own unit or, without one (the administrator), the first unit at the top of the tree.
async fn default_unit(state: &State, v: &Viewer) -> Result<UnitCode, PageError> {
    if let Some(u) = v.caller.guard.home_unit() {
        return Ok(u.clone());
    }
    let cx = v.caller.cx();
    let today = crate::clock::today();
    let roots = state.with_store(move |s| Ok(crate::services::register::views::roots(s, &cx, today)?)).await?;
    roots.into_iter().next().map(|r| r.code).ok_or_else(PageError::not_found)
}

fn parse_unit(t: &str) -> Result<UnitCode, PageError> {
    UnitCode::parse(t.trim()).map_err(|_| PageError::not_found())
}

async fn list_response(
    state: &State,
    v: &Viewer,
    unit: UnitCode,
    year: i32,
    form: (&Fields, &[RowError]),
    saved: Option<&str>,
) -> Result<Response, PageError> {
    let (cx, u) = (v.caller.cx(), unit.clone());
    let all = state.with_store(move |s| Ok(cases::list(s, &cx, &u, year)?)).await?;
    let title = v.tr.f("cases-title", &[("unit", unit.to_string()), ("year", year.to_string())]);
    Ok(v.form_page(&title, list_body(v, &unit, year, &all, form, saved), form.1))
}

pub(crate) async fn cases_page(At { state, v, at: () }: At<()>, Query(q): Query<CasesQuery>) -> Response {
    let run = async {
        let unit = match q.unit.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            Some(t) => parse_unit(t)?,
            None => default_unit(&state, &v).await?,
        };
        let today = crate::clock::today().year();
        let year = match q.year.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            None => today,
            Some(t) => t
                .parse()
                .ok()
                .filter(|y| (1990..=today).contains(y))
                .ok_or_else(|| PageError::new(StatusCode::BAD_REQUEST, "bad-year"))?,
        };
        list_response(&state, &v, unit, year, (&Fields::new(), &[]), q.saved.as_deref()).await
    };
    respond(&v, run.await)
}

/// The forms of inspection work are the inspection officer's: any other role is refused before
/// the form is read.
fn forbid_unless_inspecting(v: &Viewer) -> Result<(), PageError> {
    cases::may_inspect(&v.caller.cx()).map_err(|e| PageError::from_problem(e.into()))
}

fn unit_field(values: &Fields, name: &str, errors: &mut Vec<RowError>) -> Option<UnitCode> {
    let t = text_field(values, name)?;
    match UnitCode::parse(&t) {
        Ok(u) => Some(u),
        Err(e) => {
            errors.push(RowError::said(1, name, tinhgon_domain::msg::Said::msg(&e)));
            None
        }
    }
}

pub(crate) async fn open_case(At { state, v, at: () }: At<()>, PageForm(values): PageForm<Fields>) -> Response {
    let run = async {
        forbid_unless_inspecting(&v)?;
        let mut errors = precheck(&v, &values, &open_fields(v.tr))?;
        let opened_on = date_field(&values, "opened_on", true, &mut errors);
        let handler = unit_field(&values, "handler", &mut errors);
        let subject_unit = unit_field(&values, "subject_unit", &mut errors);
        let o = Open {
            kind: text_field(&values, "kind").and_then(|k| CaseKind::parse(&k).ok()),
            mode: text_field(&values, "mode").and_then(|k| Mode::parse(&k).ok()),
            handler: handler.clone(),
            year: opened_on.map(|d| d.year()),
            planned: false,
            subject_unit,
            subject_person: text_field(&values, "subject_person"),
            title: text_field(&values, "title").unwrap_or_default(),
            team: text_field(&values, "team"),
            period: (None, None),
            opened_on,
            anonymous: false,
            sender: text_field(&values, "sender"),
            discipline: None,
        };
        if errors.is_empty() {
            let cx = v.caller.cx();
            match state.with_store(move |s| Ok(cases::open(s, &cx, &o))).await? {
                Ok(id) => return Ok(Redirect::to(&format!("/cases/{id}?saved=1")).into_response()),
                Err(e) => errors = rows_of(e)?,
            }
        }
        // The refused form over the list of the handler's cases, or none when it names no unit
        // in reach.
        let unit = match handler {
            Some(h) => h,
            None => default_unit(&state, &v).await?,
        };
        let year = crate::clock::today().year();
        let (cx, u) = (v.caller.cx(), unit.clone());
        let all = state.with_store(move |s| Ok(cases::list(s, &cx, &u, year).unwrap_or_default())).await?;
        let title = v.tr.f("cases-title", &[("unit", unit.to_string()), ("year", year.to_string())]);
        Ok(v.form_page(&title, list_body(&v, &unit, year, &all, (&values, &errors), None), &errors))
    };
    respond(&v, run.await)
}

/// A decision of the case; for its handlers, an unannounced one with the form that records its
/// announcement (and so its effect).
fn decision_line(tr: Tr, d: &DisciplineRow, announce: Option<(i64, &str)>) -> Markup {
    html! {
        li {
            strong { (tr.label(d.form)) } " — "
            @match (&d.person, &d.person_name) {
                (Some(p), Some(n)) => { (person_link(p, n)) },
                _ => { (unit_link(&d.unit, &d.unit)) },
            }
            " — " (d.decision_no) " (" (tr.date(d.decided_on)) ")"
            @if let Some(a) = d.announced_on { " — " (tr.f("announced-on", &[("date", tr.date(a))])) }
            @else {
                " — " em { (tr.t("not-announced")) }
                @if let Some((case, csrf)) = announce {
                    form method="post" action=(format!("/cases/{case}/disciplines/{}/announcement", d.id)) {
                        input type="hidden" name="_csrf" value=(csrf);
                        p.hint { (tr.f("announce-effect", &[("date", tr.date(d.effective_on))])) }
                        label for=(format!("announced_on-{}", d.id)) { (tr.t("f-announced-on")) } " "
                        input id=(format!("announced_on-{}", d.id)) name="announced_on" value=(tr.date(crate::clock::today())) required;
                        button type="submit" { (tr.t("announce-decision")) }
                    }
                }
            }
        }
    }
}

/// Records the announcement of a decision of the case, from its page.
pub(crate) async fn announce_decision(
    At { state, v, at: (id, decision) }: At<(i64, i64)>,
    PageForm(values): PageForm<Fields>,
) -> Response {
    let run = async {
        forbid_unless_inspecting(&v)?;
        let fields = [field("announced_on", "f-announced-on", Input::Date, true)];
        let mut errors = precheck(&v, &values, &fields)?;
        if let (true, Some(on)) = (errors.is_empty(), date_field(&values, "announced_on", true, &mut errors)) {
            let cx = v.caller.cx();
            let done = state.with_store(move |s| Ok(disciplines::announce(s, &cx, decision, on))).await?;
            match done {
                Ok(()) => return Ok(Redirect::to(&format!("/cases/{id}?saved=1")).into_response()),
                Err(e) => errors = rows_of(e)?,
            }
        }
        detail_response(&state, &v, id, (&values, &errors), None).await
    };
    respond(&v, run.await)
}

fn detail_body(
    v: &Viewer,
    c: &View,
    decisions: &[DisciplineRow],
    forms: (&Fields, &[RowError]),
    saved: Option<&str>,
) -> Markup {
    let tr = v.tr;
    let k = &c.case;
    let id = k.id;
    let (values, errors) = forms;
    html! {
        (saved_notice(tr, saved))
        h1 { (tr.f("case-title", &[("id", id.to_string())])) " — " (k.title) }
        dl.facts {
            dt { (tr.t("col-kind")) } dd { (tr.label(k.kind)) @if let Some(m) = k.mode { " (" (tr.label(m)) ")" } }
            dt { (tr.t("f-handler")) } dd { (unit_link(&k.handler, &k.handler)) }
            dt { (tr.t("col-subject")) } dd { (subject(c)) }
            dt { (tr.t("f-opened-on")) } dd { (tr.date(k.opened_on)) }
            @if let Some(t) = &k.team { dt { (tr.t("f-team")) } dd { (t) } }
            @if c.handler { @if let Some(s) = &k.sender { dt { (tr.t("f-sender")) } dd { (s) } } }
            dt { (tr.t("col-standing")) } dd { (status(tr, c)) }
            @if let Some(t) = &k.conclusion { dt { (tr.t("f-conclusion")) } dd { (t) } }
            @if let Some(t) = &k.follow_up { dt { (tr.t("f-follow-up")) } dd { (t) } }
            @if let Some(a) = k.announced_on { dt { (tr.t("f-announced-on")) } dd { (tr.date(a)) } }
        }
        @if !decisions.is_empty() {
            h2 { (tr.t("discipline-decisions")) }
            @let announce = (c.handler && v.may(Action::Inspect)).then_some((id, v.caller.csrf()));
            ul.cards { @for d in decisions { (decision_line(tr, d, announce)) } }
        }
        @if c.handler && v.may(Action::Inspect) {
            @if k.concluded_on.is_none() {
                h2 { (tr.t("conclude-case")) }
                (form(tr, &format!("/cases/{id}/conclusion"), v.caller.csrf(), &conclude_fields(), values, errors, "save"))
            }
            @if k.subject_person.is_some() || k.subject_unit.is_some() {
                h2 { (tr.t("record-discipline")) }
                (form(tr, &format!("/cases/{id}/discipline"), v.caller.csrf(), &decide_fields(tr), values, errors, "save"))
            }
        }
    }
}

async fn detail_response(
    state: &State,
    v: &Viewer,
    id: i64,
    forms: (&Fields, &[RowError]),
    saved: Option<&str>,
) -> Result<Response, PageError> {
    let cx = v.caller.cx();
    let (c, decisions) = state.with_store(move |s| Ok(cases::get(s, &cx, id)?)).await?;
    let title = v.tr.f("case-title", &[("id", id.to_string())]);
    Ok(v.form_page(&title, detail_body(v, &c, &decisions, forms, saved), forms.1))
}

pub(crate) async fn case_page(At { state, v, at: id }: At<i64>, Query(q): Query<CasesQuery>) -> Response {
    let run = async { detail_response(&state, &v, id, (&Fields::new(), &[]), q.saved.as_deref()).await };
    respond(&v, run.await)
}

pub(crate) async fn conclude_case(At { state, v, at: id }: At<i64>, PageForm(values): PageForm<Fields>) -> Response {
    let run = async {
        forbid_unless_inspecting(&v)?;
        let mut errors = precheck(&v, &values, &conclude_fields())?;
        let k = Conclude {
            concluded_on: date_field(&values, "concluded_on", true, &mut errors),
            conclusion: text_field(&values, "conclusion").unwrap_or_default(),
            follow_up: text_field(&values, "follow_up"),
            outcome: None,
            extended_to: date_field(&values, "extended_to", false, &mut errors),
            announced_on: date_field(&values, "announced_on", false, &mut errors),
        };
        if errors.is_empty() {
            let cx = v.caller.cx();
            match state.with_store(move |s| Ok(cases::conclude(s, &cx, id, &k))).await? {
                Ok(()) => return Ok(Redirect::to(&format!("/cases/{id}?saved=1")).into_response()),
                Err(e) => errors = rows_of(e)?,
            }
        }
        detail_response(&state, &v, id, (&values, &errors), None).await
    };
    respond(&v, run.await)
}

pub(crate) async fn record_discipline(
    At { state, v, at: id }: At<i64>,
    PageForm(values): PageForm<Fields>,
) -> Response {
    let run = async {
        forbid_unless_inspecting(&v)?;
        let mut errors = precheck(&v, &values, &decide_fields(v.tr))?;
        let breach_on = date_field(&values, "breach_on", true, &mut errors);
        let decided_on = date_field(&values, "decided_on", true, &mut errors);
        let effective_on = date_field(&values, "effective_on", false, &mut errors);
        let announced_on = date_field(&values, "announced_on", false, &mut errors);
        let decided_by = unit_field(&values, "decided_by", &mut errors);
        let form_code = text_field(&values, "form").and_then(|f| Form::parse(&f).ok());
        let breach = text_field(&values, "breach").and_then(|b| Breach::parse(&b).ok()).unwrap_or(Breach::Ordinary);
        if let (true, Some(breach_on), Some(decided_on), Some(decided_by), Some(form_code)) =
            (errors.is_empty(), breach_on, decided_on, decided_by, form_code)
        {
            let cx = v.caller.cx();
            let (no, reason) = (text_field(&values, "decision_no").unwrap_or_default(), text_field(&values, "reason"));
            let done = state
                .with_store(move |s| {
                    // The decision is about the case's subject.
                    let (case, _) = cases::get(s, &cx, id)?;
                    let d = Decide {
                        unit: case.case.subject_unit.as_deref().and_then(|u| UnitCode::parse(u).ok()),
                        person: case.case.subject_person.clone(),
                        form: form_code,
                        breach,
                        breach_on,
                        decided_by,
                        decided_on,
                        decision_no: no,
                        effective_on,
                        announced_on,
                        post: None,
                        reason,
                        case: Some(id),
                    };
                    Ok(disciplines::decide(s, &cx, &d))
                })
                .await?;
            match done {
                Ok(_) => return Ok(Redirect::to(&format!("/cases/{id}?saved=1")).into_response()),
                Err(e) => errors = rows_of(e)?,
            }
        }
        detail_response(&state, &v, id, (&values, &errors), None).await
    };
    respond(&v, run.await)
}
