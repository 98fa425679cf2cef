//! Yearly ratings of one organization on one page: the year's shares (organizations by kind,
//! members, collectives) and, for those who record them, the whole list — the organization and
//! those directly under it, and its members — each with its grade on the year's scale, saved at
//! once and refused as a whole when a line or the cap on the top grade is wrong.

use crate::web::At;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use tinhgon_domain::access::Action;
use tinhgon_domain::catalog::UnitKind;
use tinhgon_domain::msg::Msg;
use tinhgon_domain::party::rating::{Grade, Stage, Subject};
use tinhgon_domain::UnitCode;

use crate::http::State;
use crate::services::party::ratings::{self, Rate, RatingFigures, Sheet, SheetLine, Tally};
use crate::services::RowError;
use crate::web::forms::{rows_of, Fields};
use crate::web::html::{table, url};
use crate::web::i18n::{Lang, Tr};
use crate::web::units::{person_link, saved_notice, unit_link};
use crate::web::{respond, Form, PageError, Query, Viewer};

#[derive(serde::Deserialize, Default)]
pub(crate) struct YearQuery {
    year: Option<String>,
    stage: Option<String>,
    saved: Option<String>,
}

fn share(tr: Tr, s: Option<tinhgon_domain::party::Share>) -> String {
    match s {
        Some(s) if tr.lang == Lang::Vi => format!("{} ({})", tr.int(s.count), s.vn()),
        Some(s) => format!("{} ({})", tr.int(s.count), s.en()),
        None => "—".into(),
    }
}

fn tallies(tr: Tr, f: &RatingFigures) -> Markup {
    let mut rows: Vec<Vec<Markup>> = Vec::new();
    let mut push = |label: String, t: &Tally| {
        rows.push(vec![
            html! { (label) },
            html! { (tr.int(t.rated)) },
            html! { (share(tr, t.top)) },
            html! { (share(tr, t.good_or_better)) },
        ]);
    };
    for (kind, t) in &f.organizations {
        let label = UnitKind::parse(kind).map_or_else(|_| kind.to_string(), |k| tr.label(k).to_string());
        push(label, t);
    }
    push(tr.t("ratings-members"), &f.members);
    push(tr.t("ratings-collectives"), &f.collectives);
    let head = [tr.t("col-subject"), tr.t("col-rated"), tr.t("col-top-grade"), tr.t("col-good-or-better")];
    table(&tr.f("ratings-figures", &[("year", f.year.to_string())]), &head, &rows, "list")
}

fn grade_select(tr: Tr, name: &str, label: &str, grades: &[Grade], chosen: Option<Grade>, optional: bool) -> Markup {
    html! {
        select name=(name) aria-label=(label) {
            @if optional || chosen.is_none() { option value="" { "—" } }
            @for g in grades {
                option value=(g.code()) selected[chosen == Some(*g)] { (tr.label(g)) }
            }
        }
    }
}

fn chosen(values: &Fields, key: &str, recorded: Option<Grade>) -> Option<Grade> {
    match values.get(key) {
        Some(v) => Grade::parse(v).ok(),
        None => recorded,
    }
}

fn sheet_form(v: &Viewer, sheet: &Sheet, values: &Fields, errors: &[RowError]) -> Markup {
    let tr = v.tr;
    let action = format!("/units/{}/ratings", url(&sheet.unit));
    let line = |l: &SheetLine, grades: &[Grade]| {
        let key = format!("grade.{}", l.code);
        let link =
            if l.subject == Subject::Member { person_link(&l.code, &l.name) } else { unit_link(&l.code, &l.name) };
        html! {
            tr {
                td { (link) }
                td { (l.place) }
                td { (grade_select(tr, &key, &l.name, grades, chosen(values, &key, l.grade), true)) }
                td {
                    @if l.subject == Subject::Member {
                        @let cs = format!("civil.{}", l.code);
                        (grade_select(tr, &cs, &tr.t("col-civil-service"), &sheet.member_grades, chosen(values, &cs, l.civil_service), true))
                    }
                }
            }
        }
    };
    html! {
        h2 { (tr.t("ratings-enter")) }
        p { (tr.t("ratings-enter-hint")) }
        @if !errors.is_empty() {
            div.error role="alert" {
                p { (tr.f("form-errors", &[("n", errors.len().to_string())])) }
                ul { @for e in errors { li { (e.column) " " (e.line) ": " (crate::web::forms::message(tr, e)) } } }
            }
        }
        form.edit method="post" action=(action) novalidate {
            input type="hidden" name="_csrf" value=(v.caller.csrf());
            input type="hidden" name="year" value=(sheet.year);
            p.field {
                label for="r-stage" { (tr.t("f-rating-stage")) }
                select id="r-stage" name="stage" {
                    @for s in Stage::ALL { option value=(s.code()) selected[*s == sheet.stage] { (tr.label(s)) } }
                }
            }
            table.list {
                caption { (tr.f("ratings-sheet", &[("year", sheet.year.to_string())])) }
                thead { tr {
                    th scope="col" { (tr.t("col-name")) } th scope="col" { (tr.t("col-place")) }
                    th scope="col" { (tr.t("col-grade")) } th scope="col" { (tr.t("col-civil-service")) }
                } }
                tbody {
                    @for l in &sheet.organizations { (line(l, &sheet.organization_grades)) }
                    @for l in &sheet.members { (line(l, &sheet.member_grades)) }
                }
            }
            p { button type="submit" { (tr.t("save")) } }
        }
    }
}

fn body(
    v: &Viewer,
    figures: &RatingFigures,
    sheet: &Sheet,
    values: &Fields,
    errors: &[RowError],
    saved: Option<&str>,
) -> Markup {
    let tr = v.tr;
    let title = tr.f("ratings-title", &[("unit", sheet.unit.clone()), ("year", sheet.year.to_string())]);
    let action = format!("/units/{}/ratings", url(&sheet.unit));
    html! {
        (saved_notice(tr, saved))
        h1 { (title) }
        form.wide-search method="get" action=(action) {
            p {
                label for="year" { (tr.t("f-year")) }
                input id="year" name="year" value=(sheet.year) maxlength="4" inputmode="numeric";
                button type="submit" { (tr.t("show")) }
            }
        }
        (tallies(tr, figures))
        @if v.may(Action::EditMembers) { (sheet_form(v, sheet, values, errors)) }
    }
}

fn year_of(text: Option<&str>) -> Result<i32, PageError> {
    let today = crate::clock::today().year();
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(today - 1),
        Some(t) => t
            .parse::<i32>()
            .ok()
            .filter(|y| (1990..=today).contains(y))
            .ok_or_else(|| PageError::new(StatusCode::BAD_REQUEST, "bad-year")),
    }
}

async fn render(
    state: &State,
    v: &Viewer,
    unit: &UnitCode,
    (year, stage): (i32, Stage),
    (values, errors): (&Fields, &[RowError]),
    saved: Option<&str>,
) -> Result<Response, PageError> {
    let (cx, u) = (v.caller.cx(), unit.clone());
    let (figures, sheet) = state
        .with_store(move |s| Ok((ratings::figures(s, &cx, &u, year)?, ratings::sheet(s, &cx, &u, year, stage)?)))
        .await?;
    let title = v.tr.f("ratings-title", &[("unit", unit.to_string()), ("year", year.to_string())]);
    Ok(v.form_page(&title, body(v, &figures, &sheet, values, errors, saved), errors))
}

pub(crate) async fn ratings_page(At { state, v, at: unit }: At<UnitCode>, Query(q): Query<YearQuery>) -> Response {
    let run = async {
        let year = year_of(q.year.as_deref())?;
        let stage = q.stage.as_deref().and_then(|s| Stage::parse(s).ok()).unwrap_or(Stage::Decision);
        render(&state, &v, &unit, (year, stage), (&Fields::new(), &[]), q.saved.as_deref()).await
    };
    respond(&v, run.await)
}

pub(crate) async fn save_ratings(At { state, v, at: unit }: At<UnitCode>, Form(values): Form<Fields>) -> Response {
    let run = async {
        v.check_csrf(values.get("_csrf").map(String::as_str))?;
        let year = year_of(values.get("year").map(String::as_str))?;
        let stage = match values.get("stage").map(|s| s.trim()).filter(|s| !s.is_empty()) {
            None => Stage::Decision,
            Some(s) => Stage::parse(s).map_err(|e| {
                crate::http::Problem::from(crate::services::Error::field(
                    "stage",
                    crate::i18n::vi(&e),
                    crate::i18n::en(&e),
                ))
            })?,
        };
        // The sheet says which codes are organizations and which are members.
        let (cx, u) = (v.caller.cx(), unit.clone());
        let sheet = state.with_store(move |s| Ok(ratings::sheet_to_rate(s, &cx, &u, year, stage)?)).await?;
        let mut rows = Vec::new();
        let mut errors = Vec::new();
        for (i, l) in sheet.organizations.iter().chain(&sheet.members).enumerate() {
            let Some(text) = values.get(&format!("grade.{}", l.code)).filter(|t| !t.is_empty()) else { continue };
            let grade = match Grade::parse(text) {
                Ok(g) => g,
                Err(e) => {
                    errors.push(RowError::said(i + 1, "grade", tinhgon_domain::msg::Said::msg(&e)));
                    continue;
                }
            };
            let civil = values.get(&format!("civil.{}", l.code)).and_then(|t| Grade::parse(t).ok());
            let member = l.subject == Subject::Member;
            rows.push((
                i + 1,
                Rate {
                    year,
                    subject: l.subject,
                    unit: if member { None } else { UnitCode::parse(&l.code).ok() },
                    person: member.then(|| l.code.clone()),
                    stage,
                    grade,
                    civil_service: if member { civil } else { None },
                    score: None,
                    note: None,
                },
            ));
        }
        // A grade posted for someone not on the sheet is refused, not dropped.
        for (key, value) in &values {
            let Some(code) = key.strip_prefix("grade.") else { continue };
            if !value.is_empty() && !sheet.organizations.iter().chain(&sheet.members).any(|l| l.code == code) {
                errors.push(RowError::said(
                    1,
                    "grade",
                    Msg::new("web-rating-not-ratings-list").text("code", code).text("unit", &unit),
                ));
            }
        }
        if errors.is_empty() && rows.is_empty() {
            errors.push(RowError::said(1, "grade", Msg::new("web-rating-no-grade-chosen")));
        }
        if errors.is_empty() {
            let cx = v.caller.cx();
            match state.with_store(move |s| Ok(ratings::rate_all(s, &cx, &rows, false))).await? {
                Ok(_) => {
                    let to =
                        format!("/units/{}/ratings?year={year}&stage={}&saved=1", url(unit.as_str()), stage.code());
                    return Ok(Redirect::to(&to).into_response());
                }
                Err(e) => errors = rows_of(e)?,
            }
        }
        render(&state, &v, &unit, (year, stage), (&values, &errors), None).await
    };
    respond(&v, run.await)
}
