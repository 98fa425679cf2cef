//! Review campaigns' pages: a unit's campaigns with the form that launches one; a campaign's page
//! with its days and outline, each unit's report (pilot, deadline, team, where it stands, late),
//! the steering teams and the form that forms one; a unit's report, pre-filled from the register,
//! with its sections, its figures beside the register's and the buttons that save or submit it;
//! and the aggregate of the submitted figures beside the register's, the differences flagged.

use crate::services::register::About;
use crate::web::forms::write_form;
use crate::web::At;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use tinhgon_domain::access::Action;
use tinhgon_domain::directives::campaign::{CampaignKind, FigureKey};
use tinhgon_domain::UnitCode;

use crate::http::State;
use crate::services::directives::campaigns::{self, Aggregate, AggregateLine, Draft, Input, Launch, Standing, View};
use crate::services::RowError;
use crate::web::forms::{catalog_error, errors_box, rows_of, Fields};
use crate::web::html::{table, url};
use crate::web::i18n::Tr;
use crate::web::party::{date_field, text_field};
use crate::web::units::{saved_notice, unit_link};
use crate::web::{respond, Form, PageError, Query, Viewer};

#[derive(serde::Deserialize, Default)]
pub(crate) struct SavedQuery {
    saved: Option<String>,
}

fn text_input(tr: Tr, id: &str, name: &str, label: &str, values: &Fields, max: usize) -> Markup {
    html! {
        p.field {
            label for=(id) { (tr.t(label)) }
            input id=(id) name=(name) value=(values.get(name).cloned().unwrap_or_default()) maxlength=(max);
        }
    }
}

fn launch_form(v: &Viewer, unit: &UnitCode, values: &Fields, errors: &[RowError]) -> Markup {
    let tr = v.tr;
    let chosen = |k: FigureKey| values.is_empty() || values.contains_key(&format!("field.{}", k.code()));
    html! {
        h2 { (tr.t("campaign-new")) }
        (errors_box(tr, errors))
        form.edit method="post" action=(format!("/units/{}/campaigns", url(unit.as_str()))) novalidate {
            input type="hidden" name="_csrf" value=(v.caller.csrf());
            p.field {
                label for="campaigns-kind" { (tr.t("f-campaign-kind")) }
                select id="campaigns-kind" name="kind" {
                    @for k in CampaignKind::ALL {
                        option value=(k.code()) selected[values.get("kind").map(String::as_str) == Some(k.code())] { (tr.label(k)) }
                    }
                }
            }
            (text_input(tr, "campaigns-title", "title", "f-campaign-title", values, 500))
            @for (name, label) in [("reference_on", "f-reference-on"), ("pilot_by", "f-pilot-by"), ("report_by", "f-report-by"), ("closes_on", "f-closes-on"), ("conference_on", "f-conference-on")] {
                p.field {
                    label for=(format!("campaigns-{name}")) { (tr.t(label)) }
                    input id=(format!("campaigns-{name}")) name=(name) value=(values.get(name).cloned().unwrap_or_default()) maxlength="10" inputmode="numeric" placeholder="dd/mm/yyyy";
                }
            }
            p.field {
                label for="campaigns-sections" { (tr.t("f-sections")) }
                textarea id="campaigns-sections" name="sections" rows="5" { (values.get("sections").cloned().unwrap_or_default()) }
            }
            fieldset {
                legend { (tr.t("f-figure-fields")) }
                @for k in FigureKey::ALL {
                    label.check {
                        input type="checkbox" name=(format!("field.{}", k.code())) checked[chosen(*k)];
                        " " (tr.label(k))
                    }
                }
            }
            (text_input(tr, "campaigns-pilots", "pilots", "f-pilots", values, 500))
            p { button type="submit" { (tr.t("campaign-launch")) } }
        }
    }
}

async fn unit_response(
    state: &State,
    v: &Viewer,
    unit: &UnitCode,
    values: &Fields,
    errors: &[RowError],
) -> Result<Response, PageError> {
    let (cx, u) = (v.caller.cx(), unit.clone());
    let list = state.with_store(move |s| Ok(campaigns::of_unit(s, &cx, &u)?)).await?;
    let tr = v.tr;
    let rows: Vec<Vec<Markup>> = list
        .iter()
        .map(|c| {
            vec![
                html! { a href=(format!("/campaigns/{}", c.id)) { (c.title) } },
                html! { (tr.label(c.kind)) },
                unit_link(&c.launcher, &c.launcher_name),
                html! { (tr.date(c.reference_on)) },
                html! { (tr.date(c.report_by)) },
            ]
        })
        .collect();
    let title = tr.f("campaigns-title", &[("unit", unit.to_string())]);
    let head =
        [tr.t("col-title"), tr.t("col-kind"), tr.t("col-issuer"), tr.t("col-reference-on"), tr.t("col-deadline")];
    let body = html! {
        h1 { (title) }
        @if rows.is_empty() { p { (tr.t("campaigns-none")) } } @else { (table(&title, &head, &rows, "list")) }
        @if v.may(Action::Direct) { (launch_form(v, unit, values, errors)) }
    };
    Ok(v.form_page(&title, body, errors))
}

pub(crate) async fn campaigns_page(At { state, v, at: unit }: At<UnitCode>) -> Response {
    let run = async { unit_response(&state, &v, &unit, &Fields::new(), &[]).await };
    respond(&v, run.await)
}

fn check_lengths(v: &Viewer, values: &Fields) -> Result<Vec<RowError>, PageError> {
    v.check_csrf(values.get("_csrf").map(String::as_str))?;
    let mut errors = Vec::new();
    for (k, t) in values {
        let multi = k == "sections" || k.starts_with("text.");
        if t.chars().count() > if multi { 100_000 } else { 2_000 } {
            errors.push(catalog_error(k, "field-too-long", &[("max", "2000".into())]));
        } else if t.chars().any(|c| c.is_control() && !(multi && matches!(c, '\n' | '\r' | '\t'))) {
            errors.push(catalog_error(k, "field-control", &[]));
        }
    }
    Ok(errors)
}

pub(crate) async fn launch(At { state, v, at: unit }: At<UnitCode>, Form(values): Form<Fields>) -> Response {
    let run = async {
        let mut errors = check_lengths(&v, &values)?;
        let l = Launch {
            launcher: Some(unit.clone()),
            kind: text_field(&values, "kind").and_then(|k| CampaignKind::parse(&k).ok()),
            title: text_field(&values, "title"),
            reference_on: date_field(&values, "reference_on", true, &mut errors),
            pilot_by: date_field(&values, "pilot_by", false, &mut errors),
            report_by: date_field(&values, "report_by", true, &mut errors),
            closes_on: date_field(&values, "closes_on", false, &mut errors),
            conference_on: date_field(&values, "conference_on", false, &mut errors),
            sections: values.get("sections").map(|s| s.lines().map(str::to_string).collect()).unwrap_or_default(),
            fields: FigureKey::ALL
                .iter()
                .copied()
                .filter(|k| values.contains_key(&format!("field.{}", k.code())))
                .collect(),
            pilots: crate::web::forms::unit_codes(&values, "pilots", &mut errors),
            ..Launch::default()
        };
        let read = if errors.is_empty() { Ok(l) } else { Err(errors) };
        let on = (About::Unit(unit.clone()), Action::Direct);
        let errors = match write_form(&state, &v, on, read, |s, cx, l| campaigns::launch(s, cx, &l)).await? {
            Ok(id) => return Ok(Redirect::to(&format!("/campaigns/{id}?saved=1")).into_response()),
            Err(e) => e,
        };
        unit_response(&state, &v, &unit, &values, &errors).await
    };
    respond(&v, run.await)
}

fn standing_label(tr: Tr, s: Standing) -> String {
    tr.t(match s {
        Standing::NotStarted => "report-not-started",
        Standing::Draft => "report-draft",
        Standing::Submitted => "report-submitted",
    })
}

fn view_body(v: &Viewer, view: &View, values: &Fields, errors: &[RowError], saved: Option<&str>) -> Markup {
    let tr = v.tr;
    let c = &view.campaign;
    let team_name = |id: Option<i64>| {
        id.and_then(|id| view.teams.iter().find(|t| t.id == id)).map(|t| t.name.clone()).unwrap_or_default()
    };
    let rows: Vec<Vec<Markup>> = view
        .units
        .iter()
        .map(|u| {
            vec![
                html! { a href=(format!("/campaigns/{}/reports/{}", c.id, url(&u.unit.unit))) { (u.unit.name) } },
                html! { @if u.unit.pilot { (tr.t("campaign-pilot")) } },
                html! { (tr.date(u.unit.report_by)) },
                html! { (team_name(u.unit.team)) },
                html! { (standing_label(tr, u.standing)) @if let Some(d) = u.submitted_on { " " (tr.date(d)) } },
                html! { @if u.late { strong.overdue { (tr.t("report-late")) } } },
            ]
        })
        .collect();
    let head = [
        tr.t("col-unit"),
        tr.t("col-pilot"),
        tr.t("col-deadline"),
        tr.t("col-team"),
        tr.t("col-status"),
        tr.t("col-late"),
    ];
    html! {
        (saved_notice(tr, saved))
        h1 { (c.title) }
        p.lead { (tr.label(c.kind)) " — " (unit_link(&c.launcher, &c.launcher_name)) }
        dl {
            dt { (tr.t("f-reference-on")) } dd { (tr.date(c.reference_on)) }
            @if let Some(p) = c.pilot_by { dt { (tr.t("f-pilot-by")) } dd { (tr.date(p)) } }
            dt { (tr.t("f-report-by")) } dd { (tr.date(c.report_by)) }
            dt { (tr.t("f-closes-on")) } dd { (tr.date(c.closes_on)) }
        }
        @if !c.sections.is_empty() { h2 { (tr.t("f-sections")) } ol { @for s in &c.sections { li { (s) } } } }
        p.lead role="status" { (tr.f("campaign-summary", &[("submitted", view.submitted.to_string()), ("all", view.units.len().to_string()), ("late", view.late.to_string())])) }
        @if view.launcher_in_reach {
            p.actions {
                a.button href=(format!("/campaigns/{}/aggregate", c.id)) { (tr.t("campaign-aggregate")) }
                " " a.button href=(format!("/campaigns/{}/aggregate.xlsx", c.id)) { (tr.t("campaign-aggregate-xlsx")) }
            }
            @if v.may(Action::Direct) {
                form.inline method="post" action=(format!("/campaigns/{}/prefill", c.id)) {
                    input type="hidden" name="_csrf" value=(v.caller.csrf());
                    button type="submit" { (tr.t("prefill-start")) }
                }
            }
        }
        (table(&tr.t("campaign-units"), &head, &rows, "list"))
        @if view.launcher_in_reach {
            h2 { (tr.t("campaign-teams")) }
            ul { @for t in &view.teams { li { strong { (t.name) } ": " (t.members) } } }
            @if v.may(Action::Direct) {
                (errors_box(tr, errors))
                form.edit method="post" action=(format!("/campaigns/{}/teams", c.id)) novalidate {
                    input type="hidden" name="_csrf" value=(v.caller.csrf());
                    (text_input(tr, "teams-name", "name", "f-team-name", values, 200))
                    (text_input(tr, "teams-members", "members", "f-team-members", values, 2000))
                    (text_input(tr, "teams-units", "units", "f-team-units", values, 2000))
                    p { button type="submit" { (tr.t("campaign-team-add")) } }
                }
            }
        }
    }
}

async fn view_response(
    state: &State,
    v: &Viewer,
    id: i64,
    values: &Fields,
    errors: &[RowError],
    saved: Option<&str>,
) -> Result<Response, PageError> {
    let cx = v.caller.cx();
    let view = state.with_store(move |s| Ok(campaigns::view(s, &cx, id)?)).await?;
    Ok(v.form_page(&view.campaign.title.clone(), view_body(v, &view, values, errors, saved), errors))
}

pub(crate) async fn campaign_page(At { state, v, at: id }: At<i64>, Query(q): Query<SavedQuery>) -> Response {
    respond(&v, view_response(&state, &v, id, &Fields::new(), &[], q.saved.as_deref()).await)
}

pub(crate) async fn add_team(At { state, v, at: id }: At<i64>, Form(values): Form<Fields>) -> Response {
    let run = async {
        let mut errors = check_lengths(&v, &values)?;
        let units = crate::web::forms::unit_codes(&values, "units", &mut errors);
        if errors.is_empty() {
            let (cx, name, members) = (
                v.caller.cx(),
                text_field(&values, "name").unwrap_or_default(),
                text_field(&values, "members").unwrap_or_default(),
            );
            match state.with_store(move |s| Ok(campaigns::team(s, &cx, id, &name, &members, &units))).await? {
                Ok(_) => return Ok(Redirect::to(&format!("/campaigns/{id}?saved=1")).into_response()),
                Err(e) => errors = rows_of(e)?,
            }
        }
        view_response(&state, &v, id, &values, &errors, None).await
    };
    respond(&v, run.await)
}

fn report_body(v: &Viewer, id: i64, d: &Draft, values: &Fields, errors: &[RowError], saved: Option<&str>) -> Markup {
    let tr = v.tr;
    let c = &d.campaign;
    let done = d.submitted_on.is_some();
    let action = format!("/campaigns/{id}/reports/{}", url(&d.unit.unit));
    let get = |k: &str, default: String| values.get(k).cloned().unwrap_or(default);
    html! {
        (saved_notice(tr, saved))
        h1 { (tr.f("report-title", &[("unit", d.unit.name.clone())])) }
        p.lead { a href=(format!("/campaigns/{id}")) { (c.title) } }
        p role="status" {
            (tr.f("report-figures-at", &[("date", tr.date(c.reference_on)), ("deadline", tr.date(d.unit.report_by))]))
            @if let Some(on) = d.submitted_on { " " strong { (tr.f("report-submitted-on", &[("date", tr.date(on))])) } }
        }
        p { a.button href=(format!("{action}/word.docx")) { (tr.t("doc-download-word")) } }
        (errors_box(tr, errors))
        form.edit method="post" action=(action) novalidate {
            input type="hidden" name="_csrf" value=(v.caller.csrf());
            p.field {
                label for="report-conference-on" { (tr.t("f-conference-on")) }
                input id="report-conference-on" name="conference_on" value=(get("conference_on", d.conference_on.map(|x| x.vn()).unwrap_or_default())) maxlength="10" placeholder="dd/mm/yyyy" disabled[done];
            }
            @for (i, s) in c.sections.iter().enumerate() {
                p.field {
                    label for=(format!("report-text-{i}")) { (i + 1) ". " (s) }
                    textarea id=(format!("report-text-{i}")) name=(format!("text.{i}")) rows="6" cols="80" disabled[done] {
                        (get(&format!("text.{i}"), d.texts.get(i).cloned().unwrap_or_default()))
                    }
                }
            }
            table.list {
                caption { (tr.t("report-figures")) }
                thead { tr { th scope="col" { (tr.t("col-figure")) } th scope="col" { (tr.t("col-register")) } th scope="col" { (tr.t("col-value")) } th scope="col" { (tr.t("col-note")) } } }
                tbody {
                    @for f in &d.figures {
                        @let key = f.key.code();
                        @let invalid = errors.iter().any(|e| e.column == format!("figure.{key}"));
                        tr class=(if invalid { "invalid" } else { "" }) {
                            td { label for=(format!("report-{key}")) { (tr.label(f.key)) } }
                            td.num { (tr.int(f.register)) }
                            td { input id=(format!("report-{key}")) name=(format!("value.{key}")) value=(get(&format!("value.{key}"), f.value.to_string())) size="8" inputmode="numeric" disabled[done]; }
                            td { input aria-label=(tr.t("col-note")) id=(format!("report-note-{key}")) name=(format!("note.{key}")) value=(get(&format!("note.{key}"), f.note.clone().unwrap_or_default())) maxlength="500" disabled[done]; }
                        }
                    }
                }
            }
            @if !done && v.may(Action::Direct) {
                p {
                    button type="submit" name="action" value="save" { (tr.t("report-save")) }
                    " " button type="submit" name="action" value="submit" { (tr.t("report-submit")) }
                }
            }
        }
    }
}

async fn report_response(
    state: &State,
    v: &Viewer,
    id: i64,
    unit: &UnitCode,
    values: &Fields,
    errors: &[RowError],
    saved: Option<&str>,
) -> Result<Response, PageError> {
    let (cx, st, u) = (v.caller.cx(), state.clone(), unit.clone());
    let d = state.with_store(move |s| Ok(campaigns::draft(s, &cx, &st.index, id, &u)?)).await?;
    let title = v.tr.f("report-title", &[("unit", d.unit.name.clone())]);
    Ok(v.form_page(&title, report_body(v, id, &d, values, errors, saved), errors))
}

pub(crate) async fn report_page(
    At { state, v, at: (id, unit) }: At<(i64, UnitCode)>,
    Query(q): Query<SavedQuery>,
) -> Response {
    let run = async { report_response(&state, &v, id, &unit, &Fields::new(), &[], q.saved.as_deref()).await };
    respond(&v, run.await)
}

pub(crate) async fn save_report(
    At { state, v, at: (id, unit) }: At<(i64, UnitCode)>,
    Form(values): Form<Fields>,
) -> Response {
    let run = async {
        let mut errors = check_lengths(&v, &values)?;
        let conference_on = date_field(&values, "conference_on", false, &mut errors);
        let mut texts: Vec<(usize, String)> = values
            .iter()
            .filter_map(|(k, t)| {
                k.strip_prefix("text.").and_then(|i| i.parse::<usize>().ok()).map(|i| (i, t.trim().to_string()))
            })
            .filter(|(i, _)| *i < 60)
            .collect();
        texts.sort();
        let mut list = Vec::new();
        for (i, t) in texts {
            list.resize(i, String::new());
            list.push(t);
        }
        let mut figures = Vec::new();
        for k in FigureKey::ALL {
            let Some(raw) = text_field(&values, &format!("value.{}", k.code())) else { continue };
            match tinhgon_domain::text::whole_number(&raw) {
                Some(n) => figures.push((*k, Some(n), text_field(&values, &format!("note.{}", k.code())))),
                None => errors.push(catalog_error(&format!("figure.{}", k.code()), "field-whole-number", &[])),
            }
        }
        let submit = values.get("action").map(String::as_str) == Some("submit");
        if errors.is_empty() {
            let input = Input { texts: list, conference_on, figures, submit, submitted_on: None };
            let (cx, st, u) = (v.caller.cx(), state.clone(), unit.clone());
            match state.with_store(move |s| Ok(campaigns::save(s, &cx, &st.index, id, &u, &input))).await? {
                Ok(()) => {
                    return Ok(Redirect::to(&format!("/campaigns/{id}/reports/{}?saved=1", url(unit.as_str())))
                        .into_response())
                }
                Err(e) => errors = rows_of(e)?,
            }
        }
        report_response(&state, &v, id, &unit, &values, &errors, None).await
    };
    respond(&v, run.await)
}

fn aggregate_rows(tr: Tr, lines: &[AggregateLine]) -> Vec<Vec<Markup>> {
    lines
        .iter()
        .map(|l| {
            vec![
                html! { (tr.label(l.key)) },
                html! { (tr.int(l.submitted)) },
                html! { (tr.int(l.register_of_submitted)) },
                html! { @if l.corrected { strong.overdue { (tr.f("aggregate-differs", &[("by", tr.int(l.submitted - l.register_of_submitted))])) } } @else { "=" } },
                html! { (tr.int(l.register)) @if l.differs { " " strong.overdue { "≠" } } },
            ]
        })
        .collect()
}

fn aggregate_body(tr: Tr, id: i64, a: &Aggregate) -> Markup {
    let head = [
        tr.t("col-figure"),
        tr.t("col-submitted"),
        tr.t("col-register-submitted"),
        tr.t("col-difference"),
        tr.t("col-register-whole"),
    ];
    html! {
        h1 { (tr.t("campaign-aggregate")) }
        p.lead role="status" { (tr.f("aggregate-summary", &[("submitted", a.submitted.to_string()), ("all", a.of.to_string()), ("date", tr.date(a.reference_on))])) }
        p.actions {
            a.button href=(format!("/campaigns/{id}")) { (tr.t("campaign-back")) }
            " " a.button href=(format!("/campaigns/{id}/aggregate.xlsx")) { (tr.t("campaign-aggregate-xlsx")) }
        }
        div #aggregate { (table(&tr.t("campaign-aggregate"), &head, &aggregate_rows(tr, &a.lines), "list")) }
        @for (code, name, done, of, lines) in &a.below {
            h2 { (unit_link(code, name)) " — " (tr.f("aggregate-below", &[("submitted", done.to_string()), ("all", of.to_string())])) }
            (table(name, &head, &aggregate_rows(tr, lines), "list"))
        }
    }
}

pub(crate) async fn aggregate_page(At { state, v, at: id }: At<i64>) -> Response {
    let run = async {
        let (cx, st) = (v.caller.cx(), state.clone());
        let a = state.with_store(move |s| Ok(campaigns::aggregate(s, &cx, &st.index, id, &mut |_, _| {})?)).await?;
        Ok(v.page(&v.tr.t("campaign-aggregate"), aggregate_body(v.tr, id, &a)))
    };
    respond(&v, run.await)
}

/// The aggregate as a workbook of the statistical forms: the summary beside the register's
/// figures, then every unit's figures with a row of totals.
pub(crate) async fn aggregate_xlsx(At { state, v, at: id }: At<i64>) -> Response {
    use crate::files::{Cell, Sheet};
    let run = async {
        let (cx, st) = (v.caller.cx(), state.clone());
        let (a, t) = state
            .with_store(move |s| {
                let a = campaigns::aggregate(s, &cx, &st.index, id, &mut |_, _| {})?;
                Ok((a, crate::services::directives::outputs::table(s, &cx, id)?))
            })
            .await?;
        let tr = v.tr;
        let summary = Sheet {
            name: tr.t("xlsx-summary"),
            headers: vec![
                tr.t("col-code"),
                tr.t("col-figure"),
                tr.t("col-submitted"),
                tr.t("col-register"),
                tr.t("col-difference"),
            ],
            rows: a
                .lines
                .iter()
                .map(|l| {
                    vec![
                        Cell::Text(l.key.code().into()),
                        Cell::Text(tr.label(l.key)),
                        Cell::Number(l.submitted),
                        Cell::Number(l.register_of_submitted),
                        Cell::Number(l.submitted - l.register_of_submitted),
                        Cell::Number(l.register),
                    ]
                })
                .collect(),
            total: None,
        };
        let mut headers = vec![tr.t("col-code"), tr.t("col-unit"), tr.t("col-status")];
        headers.extend(t.fields.iter().map(|k| tr.label(k).to_string()));
        let units = Sheet {
            name: tr.t("xlsx-by-unit"),
            headers,
            rows: t
                .rows
                .iter()
                .map(|(code, name, standing, values)| {
                    let mut r = vec![
                        Cell::Text(code.clone()),
                        Cell::Text(name.clone()),
                        Cell::Text(standing_label(tr, *standing)),
                    ];
                    r.extend(values.iter().map(|x| x.map_or(Cell::Empty, Cell::Number)));
                    r
                })
                .collect(),
            total: Some(tr.t("xlsx-total")),
        };
        let bytes = crate::files::sheets_xlsx(&[summary, units])
            .map_err(|e| PageError::from_problem(crate::http::Problem::internal(e.en())))?;
        Ok(crate::api::body::download(
            &format!("tong-hop-{id}.xlsx"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            bytes,
        ))
    };
    respond(&v, run.await)
}

/// A unit's report as a Word file.
pub(crate) async fn report_word(At { state, v, at: (id, unit) }: At<(i64, UnitCode)>) -> Response {
    let run = async {
        let (cx, st) = (v.caller.cx(), state.clone());
        let (name, bytes) = state
            .with_store(move |s| Ok(crate::services::directives::outputs::word(s, &cx, &st.index, id, &unit)?))
            .await?;
        Ok(crate::api::body::download(&name, crate::docx::MEDIA_TYPE, bytes))
    };
    respond(&v, run.await)
}

fn prefill_key(id: i64) -> String {
    format!("campaign:{id}:prefill")
}

/// Starts drafting every missing report of a campaign in the background, then shows its progress.
pub(crate) async fn start_prefill(At { state, v, at: id }: At<i64>, Form(values): Form<Fields>) -> Response {
    let run = async {
        v.check_csrf(values.get("_csrf").map(String::as_str))?;
        let cx = v.caller.cx();
        state.with_store(move |s| Ok(campaigns::launched_in_reach(s, &cx, id, Action::Direct)?)).await?;
        let key = prefill_key(id);
        if state.jobs.start(&key) {
            let (cx, st) = (v.caller.cx(), state.clone());
            tokio::spawn(async move {
                let (st2, key2) = (st.clone(), key.clone());
                let done = st
                    .with_store(move |s| {
                        let mut tell = |d: usize, a: usize| st2.jobs.progress(&key2, d, a);
                        Ok(campaigns::prefill(s, &cx, &st2.index, id, &mut tell))
                    })
                    .await;
                let (ok, vi, en) = match done {
                    Ok(Ok(n)) => {
                        let (vi, en) = crate::i18n::both("campaign-prefilled", &[("n", n.to_string())]);
                        (true, vi, en)
                    }
                    Ok(Err(e)) => {
                        let (vi, en) = e.messages();
                        (false, vi, en)
                    }
                    Err(p) => (false, p.0.detail.clone(), p.0.detail_en.clone()),
                };
                st.jobs.finish(&key, ok, vi, en);
            });
        }
        Ok(Redirect::to(&format!("/campaigns/{id}/prefill")).into_response())
    };
    respond(&v, run.await)
}

/// The progress of drafting a campaign's reports; the page reloads itself until it is done.
pub(crate) async fn prefill_page(At { state, v, at: id }: At<i64>) -> Response {
    let run = async {
        let cx = v.caller.cx();
        let view = state.with_store(move |s| Ok(campaigns::launched_in_reach(s, &cx, id, Action::Read)?)).await?;
        let tr = v.tr;
        let job = state.jobs.get(&prefill_key(id));
        let body = html! {
            h1 { (tr.t("prefill-title")) }
            p.lead { a href=(format!("/campaigns/{id}")) { (view.campaign.title) } }
            @match &job {
                None => p { (tr.t("prefill-none")) },
                Some(j) => {
                    @if j.outcome.is_none() { meta http-equiv="refresh" content="1"; }
                    p role="status" {
                        progress value=(j.done) max=(j.all.max(1)) { (j.done) "/" (j.all) }
                        " " (tr.f("prefill-progress", &[("done", j.done.to_string()), ("all", j.all.to_string())]))
                    }
                    @if let Some((ok, vi, en)) = &j.outcome {
                        p class=(if *ok { "notice saved" } else { "error" }) role="status" { (if tr.lang == crate::web::i18n::Lang::Vi { vi } else { en }) }
                    }
                }
            }
            p { a.button href=(format!("/campaigns/{id}")) { (tr.t("campaign-back")) } }
        };
        Ok(v.page(&tr.t("prefill-title"), body))
    };
    respond(&v, run.await)
}
