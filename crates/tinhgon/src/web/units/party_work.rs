//! A year's party work of a unit — meetings and visits, inspection work, members disciplined,
//! rating shares — beside the compared year, on its own page linked from the dashboard, and the
//! same figures as a workbook with numbers as numbers.

use crate::web::At;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use maud::{html, Markup};
use tinhgon_domain::catalog::UnitKind;
use tinhgon_domain::party::discipline::Form;
use tinhgon_domain::UnitCode;

use crate::http::Problem;
use crate::services::party::report::{self, Line, YearReport};
use crate::web::html::{table, url};
use crate::web::i18n::{Lang, Tr};
use crate::web::{respond, PageError, Query};

/// What a line counts, in the reader's language.
fn label(tr: Tr, l: &Line) -> String {
    let what = l.what.map(|w| match (UnitKind::parse(w), Form::parse(w)) {
        (Ok(k), _) => tr.label(k).to_string(),
        (_, Ok(f)) => tr.label(f).to_string(),
        _ => w.to_string(),
    });
    match what {
        Some(w) => format!("{} — {w}", tr.t(l.key)),
        None => tr.t(l.key),
    }
}

fn share_text(tr: Tr, s: tinhgon_domain::party::Share) -> String {
    if tr.lang == Lang::Vi {
        s.vn()
    } else {
        s.en()
    }
}

/// The address of a unit's party work of a year, and of the compared year.
pub(crate) fn link(code: &str, year: i32, compare: Option<i32>) -> String {
    match compare {
        Some(c) => format!("/units/{}/party-work?year={year}&compare={c}", url(code)),
        None => format!("/units/{}/party-work?year={year}", url(code)),
    }
}

/// The page of a unit's party work of a year (default this year), with another year beside it.
pub(crate) async fn party_work_page(At { state, v, at: unit }: At<UnitCode>, Query(q): Query<YearQuery>) -> Response {
    let run = async {
        let tr = v.tr;
        let (y, other, now, then) = years_of(&state, &v, &unit, &q).await?;
        let title = format!("{} — {}", tr.f("pw-title", &[("year", y.to_string())]), unit.as_str());
        let body = html! {
            h1 { (title) }
            form.wide-search method="get" action=(format!("/units/{}/party-work", url(unit.as_str()))) {
                p {
                    label for="year" { (tr.t("f-year")) }
                    input id="year" name="year" value=(y) maxlength="4" inputmode="numeric";
                    " "
                    label for="compare" { (tr.t("pw-compare")) }
                    input id="compare" name="compare" value=(other.map(|o| o.to_string()).unwrap_or_default()) maxlength="4" inputmode="numeric";
                    button type="submit" { (tr.t("show")) }
                }
            }
            (section(tr, unit.as_str(), &now, then.as_ref()))
        };
        Ok(v.page(&title, body))
    };
    respond(&v, run.await)
}

/// The section of a year's party work, with the compared year's figure beside each.
pub(crate) fn section(tr: Tr, code: &str, now: &YearReport, then: Option<&YearReport>) -> Markup {
    let before = then.map(report::lines).unwrap_or_default();
    let rows: Vec<Vec<Markup>> = report::lines(now)
        .iter()
        .map(|l| {
            let mut r = vec![
                html! { (label(tr, l)) },
                html! { (tr.int(l.value)) @if let Some(s) = l.share { " (" (share_text(tr, s)) ")" } },
            ];
            if then.is_some() {
                let p = before.iter().find(|b| b.key == l.key && b.what == l.what);
                r.push(html! {
                    @match p {
                        Some(p) => { (tr.int(p.value)) @if let Some(s) = p.share { " (" (share_text(tr, s)) ")" } },
                        None => { "—" },
                    }
                });
            }
            r
        })
        .collect();
    let mut head = vec![String::new(), now.year.to_string()];
    if let Some(t) = then {
        head.push(t.year.to_string());
    }
    let title = tr.f("pw-title", &[("year", now.year.to_string())]);
    html! {
        section.card aria-labelledby="h-party-work" {
            h2 id="h-party-work" { (title) }
            (table(&title, &head, &rows, "figures"))
            p {
                a href=(format!(
                    "/units/{}/party-work.xlsx?year={}{}",
                    url(code),
                    now.year,
                    then.map(|t| format!("&compare={}", t.year)).unwrap_or_default()
                )) {
                    (tr.t("pw-download"))
                }
            }
        }
    }
}

#[derive(serde::Deserialize, Default)]
pub(crate) struct YearQuery {
    year: Option<String>,
    compare: Option<String>,
}

/// The year asked (this year by default) and the year compared, with the unit's party work of each.
async fn years_of(
    state: &crate::http::State,
    v: &crate::web::Viewer,
    unit: &UnitCode,
    q: &YearQuery,
) -> Result<(i32, Option<i32>, report::YearReport, Option<report::YearReport>), PageError> {
    let y = year(q.year.as_deref())?.unwrap_or(crate::clock::today().year());
    let other = year(q.compare.as_deref())?;
    let (cx, u) = (v.caller.cx(), unit.clone());
    let (now, then) = state.with_store(move |s| Ok(report::years(s, &cx, &u, y, other)?)).await?;
    Ok((y, other, now, then))
}

fn year(text: Option<&str>) -> Result<Option<i32>, PageError> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => t
            .parse::<i32>()
            .ok()
            .filter(|y| (1990..=2200).contains(y))
            .map(Some)
            .ok_or_else(|| PageError::new(axum::http::StatusCode::BAD_REQUEST, "bad-year")),
    }
}

/// The year's party work of a unit as an XLSX workbook: one sheet, a row per figure, the year's
/// count (and the compared year's), the share as a percentage.
pub(crate) async fn party_work_xlsx(At { state, v, at: unit }: At<UnitCode>, Query(q): Query<YearQuery>) -> Response {
    let run = async {
        let tr = v.tr;
        let (y, other, now, then) = years_of(&state, &v, &unit, &q).await?;
        let before = then.as_ref().map(report::lines).unwrap_or_default();
        let rows: Vec<crate::files::Figure> = report::lines(&now)
            .iter()
            .map(|l| {
                let mut values = vec![Some(l.value)];
                if then.is_some() {
                    values.push(before.iter().find(|b| b.key == l.key && b.what == l.what).map(|b| b.value));
                }
                crate::files::Figure {
                    label: label(tr, l),
                    values,
                    share: l.share.map(|s| s.basis_points as f64 / 10_000.0),
                }
            })
            .collect();
        let mut headers = vec![tr.f("pw-title", &[("year", y.to_string())]), y.to_string()];
        if let Some(o) = other {
            headers.push(o.to_string());
        }
        headers.push(tr.t("pw-share"));
        let bytes = crate::files::figures_xlsx(&tr.t("pw-sheet"), &headers, &rows)
            .map_err(|e| PageError::from_problem(Problem::internal(e.en())))?;
        let name = format!("cong-tac-dang-{}-{y}.xlsx", unit.as_str());
        Ok((
            [
                (header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string()),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
            ],
            bytes,
        )
            .into_response())
    };
    respond(&v, run.await)
}
