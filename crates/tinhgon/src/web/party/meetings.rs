//! Meetings: a unit's meetings in a period with their counts and the form that plans one (the
//! members are called), and a meeting's page with the whole list of those called, where the
//! secretary records in one go how each attended, the chair, the officials of a higher level who
//! came, the minutes and the resolutions.

use crate::services::register::About;
use crate::web::forms::write_form;
use crate::web::At;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use tinhgon_domain::access::Action;
use tinhgon_domain::party::meeting::{Kind, Presence};
use tinhgon_domain::{Date, UnitCode};

use super::{date_field, text_field};
use crate::http::State;
use crate::services::party::meetings::{self, Detail, Guest, Hold, MeetingFigures, MeetingRow, Plan, Resolution};
use crate::services::RowError;
use crate::web::forms::{
    errors_box, field, form, options, precheck, rows_of, withdraw_checked, withdraw_form, Field, Fields, Input,
};
use crate::web::html::{table, url};
use crate::web::i18n::Tr;
use crate::web::units::{person_link, saved_notice, unit_link};
use crate::web::{respond, Form, PageError, Query, Viewer};

#[derive(serde::Deserialize, Default)]
pub(crate) struct PeriodQuery {
    from: Option<String>,
    to: Option<String>,
    saved: Option<String>,
}

fn plan_fields(tr: Tr) -> Vec<Field> {
    vec![
        field("kind", "f-meeting-kind", options(Kind::ALL, Kind::code, |k| tr.label(k), false), true),
        field("planned_on", "f-planned-on", Input::Date, true),
        field("topic", "f-topic", Input::Text, false),
        field("agenda", "f-agenda", Input::Text, false),
    ]
}

fn when(tr: Tr, m: &MeetingRow) -> String {
    match (m.held_on, m.planned_on) {
        (Some(d), _) => tr.date(d),
        (None, Some(d)) => tr.f("meeting-planned-on", &[("date", tr.date(d))]),
        _ => "—".into(),
    }
}

fn period_form(tr: Tr, action: &str, from: Date, to: Date) -> Markup {
    html! {
        form.wide-search method="get" action=(action) {
            p {
                label for="from" { (tr.t("f-from")) }
                input id="from" name="from" value=(from.vn()) maxlength="10" placeholder="dd/mm/yyyy";
                " "
                label for="to" { (tr.t("f-to")) }
                input id="to" name="to" value=(to.vn()) maxlength="10" placeholder="dd/mm/yyyy";
                button type="submit" { (tr.t("show")) }
            }
        }
    }
}

struct UnitPage<'a> {
    unit: &'a UnitCode,
    from: Date,
    to: Date,
    list: &'a [MeetingRow],
    figures: &'a MeetingFigures,
}

fn unit_body(v: &Viewer, p: &UnitPage<'_>, values: &Fields, errors: &[RowError], saved: Option<&str>) -> Markup {
    let tr = v.tr;
    let f = p.figures;
    let rows: Vec<Vec<Markup>> = p
        .list
        .iter()
        .map(|m| {
            vec![
                html! { a href=(format!("/meetings/{}", m.id)) { (m.id) } },
                html! { (when(tr, m)) },
                html! { (tr.label(m.kind)) },
                unit_link(&m.unit, &m.unit_name),
                html! { (m.topic.as_deref().unwrap_or("—")) },
            ]
        })
        .collect();
    let title = tr.f("meetings-title", &[("unit", p.unit.to_string())]);
    let action = format!("/units/{}/meetings", url(p.unit.as_str()));
    let head = [tr.t("col-number"), tr.t("col-date"), tr.t("col-kind"), tr.t("col-cell"), tr.t("col-topic")];
    let attendance = if tr.lang == crate::web::i18n::Lang::Vi { f.attendance.vn() } else { f.attendance.en() };
    html! {
        (saved_notice(tr, saved))
        h1 { (title) }
        (period_form(tr, &action, p.from, p.to))
        p.lead role="status" {
            (tr.f("meetings-summary", &[
                ("held", tr.int(f.held)),
                ("rate", attendance),
                ("visits", tr.int(f.visits)),
            ]))
        }
        (table(&title, &head, &rows, "list"))
        @if v.may(Action::EditMembers) {
            h2 { (tr.t("plan-meeting")) }
            p { (tr.t("plan-meeting-hint")) }
            (form(tr, &action, v.caller.csrf(), &plan_fields(tr), values, errors, "save"))
        }
    }
}

fn period_of(q: &PeriodQuery) -> Result<(Date, Date), PageError> {
    let parse = |t: &Option<String>| -> Result<Option<Date>, PageError> {
        match t.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            None => Ok(None),
            Some(t) => Date::parse(t).map(Some).map_err(|_| PageError::new(StatusCode::BAD_REQUEST, "bad-date")),
        }
    };
    let to = parse(&q.to)?.unwrap_or(crate::clock::today());
    let from = parse(&q.from)?.unwrap_or(Date::from_ymd(to.year(), 1, 1).unwrap_or(to));
    Ok((from, to))
}

async fn unit_page_response(
    state: &State,
    v: &Viewer,
    unit: &UnitCode,
    (from, to): (Date, Date),
    (values, errors): (&Fields, &[RowError]),
    saved: Option<&str>,
) -> Result<Response, PageError> {
    let (cx, u) = (v.caller.cx(), unit.clone());
    let (list, figures) = state
        .with_store(move |s| {
            let list = meetings::list(s, &cx, &u, from, to)?;
            let figures = meetings::figures(s, &cx, &u, from, to)?;
            Ok((list, figures))
        })
        .await?;
    let page = UnitPage { unit, from, to, list: &list, figures: &figures };
    let title = v.tr.f("meetings-title", &[("unit", unit.to_string())]);
    Ok(v.form_page(&title, unit_body(v, &page, values, errors, saved), errors))
}

pub(crate) async fn meetings_page(At { state, v, at: unit }: At<UnitCode>, Query(q): Query<PeriodQuery>) -> Response {
    let run = async {
        let period = period_of(&q)?;
        unit_page_response(&state, &v, &unit, period, (&Fields::new(), &[]), q.saved.as_deref()).await
    };
    respond(&v, run.await)
}

pub(crate) async fn plan_meeting(At { state, v, at: unit }: At<UnitCode>, Form(values): Form<Fields>) -> Response {
    let run = async {
        let mut errors = precheck(&v, &values, &plan_fields(v.tr))?;
        let planned_on = date_field(&values, "planned_on", true, &mut errors);
        let kind = text_field(&values, "kind").and_then(|k| Kind::parse(&k).ok()).unwrap_or(Kind::Regular);
        let (topic, agenda) = (text_field(&values, "topic"), text_field(&values, "agenda"));
        let read = if errors.is_empty() { Ok((topic, agenda)) } else { Err(errors) };
        let (u, on) = (unit.clone(), (About::Unit(unit.clone()), Action::EditMembers));
        let errors = match write_form(&state, &v, on, read, move |s, cx, (topic, agenda)| {
            let plan = Plan { unit: &u, kind, planned_on, topic: topic.as_deref(), agenda: agenda.as_deref() };
            meetings::plan(s, cx, &plan)
        })
        .await?
        {
            Ok(id) => return Ok(Redirect::to(&format!("/meetings/{id}?saved=1")).into_response()),
            Err(e) => e,
        };
        let today = crate::clock::today();
        let period = (Date::from_ymd(today.year(), 1, 1).unwrap_or(today), today);
        unit_page_response(&state, &v, &unit, period, (&values, &errors), None).await
    };
    respond(&v, run.await)
}

fn presence_options(tr: Tr, name: &str, id: &str, chosen: &str) -> Markup {
    html! {
        select id=(id) name=(name) {
            @for p in Presence::ALL {
                option value=(p.code()) selected[p.code() == chosen] { (tr.label(p)) }
            }
        }
    }
}

fn hold_form(v: &Viewer, d: &Detail, values: &Fields, errors: &[RowError]) -> Markup {
    let tr = v.tr;
    let id = d.meeting.id;
    let get = |k: &str| values.get(k).cloned().unwrap_or_default();
    let held_default = d.meeting.planned_on.map(|p| p.vn()).unwrap_or_default();
    let held = values.get("held_on").cloned().unwrap_or(held_default);
    html! {
        h2 { (tr.t("record-meeting")) }
        (errors_box(tr, errors))
        form.edit method="post" action=(format!("/meetings/{id}/held")) novalidate {
            input type="hidden" name="_csrf" value=(v.caller.csrf());
            p.field {
                label for="m-held-on" { (tr.t("f-held-on")) " *" }
                input id="m-held-on" name="held_on" value=(held) maxlength="10" inputmode="numeric" placeholder="dd/mm/yyyy";
            }
            table.list {
                caption { (tr.t("meeting-attendance")) }
                thead { tr { th scope="col" { (tr.t("col-name")) } th scope="col" { (tr.t("col-presence")) } th scope="col" { (tr.t("col-reason")) } } }
                tbody {
                    @for (i, a) in d.attendance.iter().enumerate() {
                        @let key = format!("presence.{}", a.person);
                        @let chosen = values.get(&key).cloned().unwrap_or_else(|| "present".into());
                        tr {
                            td { (person_link(&a.person, &a.name)) }
                            td { (presence_options(tr, &key, &format!("m-presence-{i}"), &chosen)) }
                            td {
                                input aria-label=(tr.t("col-reason")) name=(format!("reason.{}", a.person))
                                    value=(values.get(&format!("reason.{}", a.person)).cloned().unwrap_or_default()) maxlength="200";
                            }
                        }
                    }
                }
            }
            p.field {
                label for="m-chair" { (tr.t("f-chair")) }
                select id="m-chair" name="chair" {
                    option value="" { "—" }
                    @for a in &d.attendance {
                        option value=(a.person) selected[get("chair") == a.person] { (a.name) " (" (a.person) ")" }
                    }
                }
            }
            p.field {
                label for="m-guests" { (tr.t("f-guests")) }
                textarea id="m-guests" name="guests" rows="3" placeholder=(tr.t("f-guests-hint")) { (get("guests")) }
            }
            p.field {
                label for="m-minutes" { (tr.t("f-minutes")) }
                textarea id="m-minutes" name="minutes" rows="6" { (get("minutes")) }
            }
            p.field {
                label for="m-resolutions" { (tr.t("f-resolutions")) }
                textarea id="m-resolutions" name="resolutions" rows="3" placeholder=(tr.t("f-resolutions-hint")) { (get("resolutions")) }
            }
            p { button type="submit" { (tr.t("save")) } }
        }
    }
}

fn detail_body(v: &Viewer, d: &Detail, values: &Fields, errors: &[RowError], saved: Option<&str>) -> Markup {
    let tr = v.tr;
    let m = &d.meeting;
    let title = tr.f("meeting-title", &[("id", m.id.to_string())]);
    let rows: Vec<Vec<Markup>> = d
        .attendance
        .iter()
        .map(|a| {
            vec![
                person_link(&a.person, &a.name),
                html! {
                    @match a.presence {
                        Some(p) => { (tr.label(p)) },
                        None => { (tr.t("meeting-invited")) },
                    }
                },
                html! { (a.reason.as_deref().unwrap_or("")) },
            ]
        })
        .collect();
    html! {
        (saved_notice(tr, saved))
        h1 { (title) }
        dl.facts {
            dt { (tr.t("col-cell")) } dd { (unit_link(&m.unit, &m.unit_name)) }
            dt { (tr.t("col-kind")) } dd { (tr.label(m.kind)) }
            dt { (tr.t("col-date")) } dd { (when(tr, m)) }
            @if let Some(t) = &m.topic { dt { (tr.t("col-topic")) } dd { (t) } }
            @if let Some(t) = &m.agenda { dt { (tr.t("f-agenda")) } dd { (t) } }
            @if let (Some(c), Some(n)) = (&m.chair, &m.chair_name) { dt { (tr.t("f-chair")) } dd { (person_link(c, n)) } }
            dt { (tr.t("meeting-present")) }
            dd {
                (tr.f("meeting-present-of", &[("present", d.present.to_string()), ("called", d.called.to_string())]))
                @match d.quorum {
                    Some(true) => { " — " (tr.t("quorum-met")) },
                    Some(false) => { " — " strong.overdue { (tr.t("quorum-not-met")) } },
                    None => {},
                }
            }
        }
        @if m.held_on.is_some() {
            (table(&tr.t("meeting-attendance"), &[tr.t("col-name"), tr.t("col-presence"), tr.t("col-reason")], &rows, "list"))
            @if !d.guests.is_empty() {
                h2 { (tr.t("f-guests")) }
                ul { @for g in &d.guests { li { (g.name) @if let Some(t) = &g.title { ", " (t) } @if let Some(b) = &g.body { " — " (b) } } } }
            }
            @if let Some(t) = &m.minutes { h2 { (tr.t("f-minutes")) } p.minutes { (t) } }
            @if !d.files.is_empty() {
                h2 { (tr.t("meeting-files")) }
                ul { @for f in &d.files { li {
                    a href=(format!("/api/meetings/{}/files/{}", m.id, f.id)) { (f.name) } " (" (tr.int(f.size)) " B)"
                    @if v.may(Action::EditMembers) {
                        (withdraw_form(v, &format!("/meetings/{}/files/{}/withdraw", m.id, f.id)))
                    }
                } } }
            }
            @if !d.resolutions.is_empty() {
                h2 { (tr.t("f-resolutions")) }
                ul { @for r in &d.resolutions { li { @if let Some(n) = &r.number { (n) ": " } (r.text) } } }
            }
        } @else if v.may(Action::EditMembers) {
            (hold_form(v, d, values, errors))
        } @else {
            (table(&tr.t("meeting-attendance"), &[tr.t("col-name"), tr.t("col-presence"), tr.t("col-reason")], &rows, "list"))
        }
    }
}

async fn detail_of(state: &State, v: &Viewer, id: i64) -> Result<Detail, PageError> {
    let cx = v.caller.cx();
    Ok(state.with_store(move |s| Ok(meetings::get(s, &cx, id)?)).await?)
}

pub(crate) async fn meeting_page(At { state, v, at: id }: At<i64>, Query(q): Query<PeriodQuery>) -> Response {
    let run = async {
        let d = detail_of(&state, &v, id).await?;
        let title = v.tr.f("meeting-title", &[("id", id.to_string())]);
        Ok(v.page(&title, detail_body(&v, &d, &Fields::new(), &[], q.saved.as_deref())))
    };
    respond(&v, run.await)
}

/// The lines of a text area, trimmed, the empty ones left out.
fn lines(values: &Fields, name: &str) -> Vec<String> {
    values
        .get(name)
        .map_or_else(Vec::new, |t| t.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect())
}

pub(crate) async fn hold_meeting(At { state, v, at: id }: At<i64>, Form(values): Form<Fields>) -> Response {
    let run = async {
        v.check_csrf(values.get("_csrf").map(String::as_str))?;
        let mut errors = Vec::new();
        let held_on = date_field(&values, "held_on", true, &mut errors);
        let mut hold = Hold {
            held_on,
            chair: text_field(&values, "chair"),
            minutes: text_field(&values, "minutes"),
            ..Hold::default()
        };
        let mut called: Vec<(&str, &str)> =
            values.iter().filter_map(|(k, p)| k.strip_prefix("presence.").map(|c| (c, p.as_str()))).collect();
        called.sort();
        for (person, p) in called {
            match Presence::parse(p) {
                Ok(p) => {
                    hold.attendance.push((person.to_string(), p, text_field(&values, &format!("reason.{person}"))))
                }
                Err(e) => errors.push(RowError::said(1, "attendance", tinhgon_domain::msg::Said::msg(&e))),
            }
        }
        for g in lines(&values, "guests") {
            let mut parts = g.split(';').map(str::trim);
            let name = parts.next().unwrap_or_default().to_string();
            let title = parts.next().filter(|t| !t.is_empty()).map(str::to_string);
            let body = parts.next().filter(|t| !t.is_empty()).map(str::to_string);
            hold.guests.push(Guest { name, title, body });
        }
        for r in lines(&values, "resolutions") {
            let (number, text) = match r.split_once(':') {
                Some((n, t)) if n.chars().count() <= 40 && !t.trim().is_empty() => {
                    (Some(n.trim().to_string()), t.trim().to_string())
                }
                _ => (None, r),
            };
            hold.resolutions.push(Resolution { number, text });
        }
        if errors.is_empty() {
            let cx = v.caller.cx();
            match state.with_store(move |s| Ok(meetings::hold(s, &cx, id, &hold))).await? {
                Ok(()) => return Ok(Redirect::to(&format!("/meetings/{id}?saved=1")).into_response()),
                Err(e) => errors = rows_of(e)?,
            }
        }
        let d = detail_of(&state, &v, id).await?;
        let title = v.tr.f("meeting-title", &[("id", id.to_string())]);
        Ok(v.form_page(&title, detail_body(&v, &d, &values, &errors, None), &errors))
    };
    respond(&v, run.await)
}

/// Withdraws a file of the minutes, once its withdrawal is confirmed on the meeting's page.
pub(crate) async fn withdraw_file(
    At { state, v, at: (id, file) }: At<(i64, i64)>,
    Form(values): Form<Fields>,
) -> Response {
    let run = async {
        let errors = withdraw_checked(&v, &values)?;
        if errors.is_empty() {
            let cx = v.caller.cx();
            state.with_store(move |s| Ok(meetings::withdraw_file(s, &cx, id, file)?)).await?;
            return Ok(Redirect::to(&format!("/meetings/{id}?saved=1")).into_response());
        }
        let d = detail_of(&state, &v, id).await?;
        let title = v.tr.f("meeting-title", &[("id", id.to_string())]);
        Ok(v.form_page(&title, detail_body(&v, &d, &values, &errors, None), &errors))
    };
    respond(&v, run.await)
}
