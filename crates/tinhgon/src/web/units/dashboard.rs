//! A unit's dashboard on a date: members by status, gender, age band, ethnic group, education and
//! political theory; units by kind; grassroots organizations by sector; positions by rank;
//! staffing — tables with bar charts, and with a second date the difference.

use crate::i18n::Label;
use crate::web::At;
use std::collections::BTreeMap;

use axum::response::Response;
use maud::{html, Markup};
use tinhgon_domain::catalog::{Education, Gender, Rank, Sector, Theory, UnitKind};
use tinhgon_domain::stats::{Comparison, Figures};

use super::{date_form, date_param, delta_cell, kind_label, unit_code, unit_link, DateQuery};
use crate::http::State;
use crate::services::stats;
use crate::web::chart::{bars, Bar};
use crate::web::html::table;
use crate::web::i18n::Tr;
use crate::web::{respond, PageError, Query, Viewer};

pub(crate) async fn dashboard(At { state, v, at: code }: At<String>, Query(q): Query<DateQuery>) -> Response {
    respond(&v, dashboard_inner(&state, &v, &code, q).await)
}

/// One table-and-chart block of the dashboard.
struct Block {
    id: &'static str,
    title: String,
    rows: Vec<(String, i64, Option<i64>)>,
}

fn counts(map: &BTreeMap<&'static str, u64>, key: &str) -> i64 {
    map.get(key).copied().unwrap_or(0) as i64
}

fn blocks(tr: Tr, f: &Figures, then: Option<&Figures>) -> Vec<Block> {
    let t = |get: &dyn Fn(&Figures) -> i64| then.map(get);
    let m = &f.members;
    let mut out = Vec::new();
    out.push(Block {
        id: "members",
        title: tr.t("dash-members"),
        rows: vec![
            (tr.t("members-total"), m.total as i64, t(&|x| x.members.total as i64)),
            (tr.t("members-official"), m.official as i64, t(&|x| x.members.official as i64)),
            (tr.t("members-probationary"), m.probationary as i64, t(&|x| x.members.probationary as i64)),
            (tr.t("members-ethnic-minority"), m.ethnic_minority as i64, t(&|x| x.members.ethnic_minority as i64)),
        ],
    });
    out.push(Block {
        id: "gender",
        title: tr.t("dash-gender"),
        rows: vec![
            (tr.label(Gender::Female), m.women as i64, t(&|x| x.members.women as i64)),
            (tr.label(Gender::Male), m.men as i64, t(&|x| x.members.men as i64)),
        ],
    });
    let ages = tinhgon_domain::stats::AGE_BANDS;
    out.push(Block {
        id: "age",
        title: tr.t("dash-age"),
        rows: ages
            .iter()
            .map(|a| (tr.t(&format!("age-{a}")), counts(&m.by_age_band, a), t(&|x| counts(&x.members.by_age_band, a))))
            .collect(),
    });
    out.push(Block { id: "ethnicity", title: tr.t("dash-ethnicity"), rows: ethnicity_rows(tr, f, then) });
    // The rows of a code list (code, label) counted in one map of the figures; codes at zero on
    // both dates are left out.
    let rows = |codes: Vec<(&'static str, String)>, map: fn(&Figures) -> &BTreeMap<&'static str, u64>| {
        codes
            .into_iter()
            .map(|(code, label)| (label, counts(map(f), code), t(&|x| counts(map(x), code))))
            .filter(|(_, a, b)| *a != 0 || b.unwrap_or(0) != 0)
            .collect()
    };
    let education = Education::ALL.iter().map(|e| (e.code(), tr.label(e).to_string()));
    out.push(Block {
        id: "education",
        title: tr.t("dash-education"),
        rows: rows(education.collect(), |x| &x.members.by_education),
    });
    let theory = Theory::ALL.iter().map(|e| (e.code(), tr.label(e).to_string()));
    out.push(Block {
        id: "theory",
        title: tr.t("dash-theory"),
        rows: rows(theory.collect(), |x| &x.members.by_theory),
    });
    let kinds = UnitKind::ALL.iter().map(|k| (k.code(), kind_label(tr, *k).to_string())).collect();
    out.push(Block { id: "kinds", title: tr.t("dash-units"), rows: rows(kinds, |x| &x.units_by_kind) });
    out.push(Block {
        id: "sectors",
        title: tr.t("dash-grassroots"),
        rows: Sector::ALL
            .iter()
            .map(|s| {
                let get = |x: &Figures| x.grassroots_by_sector.get(s.code()).map_or(0, |g| g.organizations as i64);
                (tr.label(s).to_string(), get(f), then.map(get))
            })
            .filter(|(_, a, b)| *a != 0 || b.unwrap_or(0) != 0)
            .collect(),
    });
    let ranks = Rank::ALL.iter().map(|r| (r.code(), tr.label(r).to_string()));
    out.push(Block {
        id: "ranks",
        title: tr.t("dash-positions"),
        rows: rows(ranks.collect(), |x| &x.positions_by_rank),
    });
    out.push(Block {
        id: "staffing",
        title: tr.t("dash-staffing"),
        rows: vec![
            (tr.t("col-quota"), f.staffing.quota as i64, t(&|x| x.staffing.quota as i64)),
            (tr.t("col-actual"), f.staffing.actual as i64, t(&|x| x.staffing.actual as i64)),
        ],
    });
    out
}

/// The largest ethnic groups on either date, most members first, and the rest together.
fn ethnicity_rows(tr: Tr, f: &Figures, then: Option<&Figures>) -> Vec<(String, i64, Option<i64>)> {
    const SHOWN: usize = 12;
    let get = |x: &Figures, k: &str| x.members.by_ethnicity.get(k).copied().unwrap_or(0) as i64;
    let mut names: Vec<&String> = f.members.by_ethnicity.keys().collect();
    if let Some(t) = then {
        names.extend(t.members.by_ethnicity.keys().filter(|k| !f.members.by_ethnicity.contains_key(*k)));
    }
    names.sort_by_key(|k| (std::cmp::Reverse(get(f, k).max(then.map_or(0, |t| get(t, k)))), (*k).clone()));
    let mut rows: Vec<(String, i64, Option<i64>)> =
        names.iter().take(SHOWN).map(|k| ((*k).clone(), get(f, k), then.map(|t| get(t, k)))).collect();
    if names.len() > SHOWN {
        let rest = &names[SHOWN..];
        let sum = |x: &Figures| rest.iter().map(|k| get(x, k)).sum::<i64>();
        rows.push((tr.t("ethnicity-other"), sum(f), then.map(sum)));
    }
    rows
}

async fn dashboard_inner(state: &State, v: &Viewer, code: &str, q: DateQuery) -> Result<Response, PageError> {
    let tr = v.tr;
    let at = date_param(q.at.as_deref())?;
    let other = match q.compare.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(t) => Some(date_param(Some(t))?),
    };
    let code = unit_code(code)?;
    let (cx, st, c2) = (v.caller.cx(), state.clone(), code.clone());
    let (f, cmp): (Figures, Option<Comparison>) =
        state.with_store(move |s| Ok(stats::figures(s, &cx, &st.index, &c2, at, other)?)).await?;
    let then = cmp.as_ref().map(|c| &c.figures);
    let title = tr.f("dashboard-of", &[("name", f.unit.name.clone())]);
    let legend_now = tr.date(at);
    let legend_then = cmp.as_ref().map(|c| tr.date(c.at)).unwrap_or_default();
    let legend = cmp.as_ref().map(|_| (legend_now.as_str(), legend_then.as_str()));
    let body = html! {
        nav.crumbs { ol { li { (unit_link(code.as_str(), &f.unit.name)) } } }
        h1 { (title) }
        (date_form(tr, &format!("/units/{}/dashboard", code.as_str()), at, Some(other)))
        @if let Some(c) = &cmp {
            p.lead role="status" { (tr.f("comparing", &[("at", tr.date(at)), ("other", tr.date(c.at))])) }
        } @else {
            p.lead { (tr.f("figures-at", &[("at", tr.date(at))])) }
        }
        div class=(if cmp.is_some() { "grid compared" } else { "grid" }) {
            @for b in blocks(tr, &f, then) {
                @if !b.rows.is_empty() { (block(tr, &b, at, cmp.as_ref(), legend)) }
            }
        }
        @if !f.grassroots_by_sector.is_empty() {
            section.prose {
                h2 { (tr.t("dash-paragraph")) }
                p #sectors-paragraph { (tinhgon_domain::directives::prose::sectors_paragraph(&f.unit.name, &f, &|s| s.label_vi())) }
            }
        }
        // The year's party work is counted from the records, not the index: its own page.
        p.actions {
            a.button href=(super::party_work::link(code.as_str(), at.year(), other.map(|o| o.year()))) {
                (tr.f("pw-title", &[("year", at.year().to_string())]))
            }
            " " a.button href=(format!("/units/{}/stats.xlsx?at={}", code.as_str(), at.vn())) { (tr.t("dash-stats-xlsx")) }
        }
    };
    Ok(v.page(&title, body))
}

/// One block: its table (with the other date and the difference when comparing) and its chart.
fn block(
    tr: Tr,
    b: &Block,
    at: tinhgon_domain::Date,
    cmp: Option<&Comparison>,
    legend: Option<(&str, &str)>,
) -> Markup {
    let mut head = vec![String::new(), tr.date(at)];
    if let Some(c) = cmp {
        head.push(tr.date(c.at));
        head.push(tr.t("col-difference"));
    }
    let rows: Vec<Vec<Markup>> = b
        .rows
        .iter()
        .map(|(label, now, prev)| {
            let mut r = vec![html! { (label) }, html! { (tr.int(*now)) }];
            if let Some(p) = prev {
                r.push(html! { (tr.int(*p)) });
                r.push(delta_cell(tr, now - p));
            }
            r
        })
        .collect();
    let chart_bars: Vec<Bar> = b
        .rows
        .iter()
        .map(|(label, now, prev)| Bar {
            label: label.clone(),
            value: *now,
            other: *prev,
            shown: tr.int(*now),
            other_shown: prev.map(|p| tr.int(p)).unwrap_or_default(),
        })
        .collect();
    let heading = format!("h-{}", b.id);
    html! {
        section.card aria-labelledby=(heading) {
            h2 id=(heading) { (b.title) }
            (table(&b.title, &head, &rows, "figures"))
            (bars(&format!("chart-{}", b.id), &b.title, &chart_bars, legend))
        }
    }
}
