//! Reading pages: the unit tree and search, a unit's page, a person's page, dashboards and the
//! XLSX exports of lists.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::services::register::units::LogEntry;
use axum::extract::{Path, State as Extract};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tinhgon_domain::access::{Action, Reach};
use tinhgon_domain::catalog::{Education, Gender, Rank, Sector, StaffCategory, Theory, UnitKind};
use tinhgon_domain::register::UnitVersion;
use tinhgon_domain::stats::{Comparison, Figures};
use tinhgon_domain::{Date, UnitCode};

use super::chart::{bars, Bar};
use super::html::{esc, table, url};
use super::i18n::Tr;
use super::{respond, PageError, Query, Viewer};
use crate::clock::today;
use crate::http::{Problem, State};
use crate::services::register::views::{self, List, UnitPage};
use crate::services::register::{people, units};
use crate::services::stats;

/// Members shown per page of a unit.
const PAGE: usize = 50;

#[derive(Deserialize, Default)]
pub struct DateQuery {
    at: Option<String>,
    compare: Option<String>,
    page: Option<String>,
    q: Option<String>,
    /// Set by a form after a successful write, to say so.
    saved: Option<String>,
}

/// The notice a page shows after a form saved a change.
fn saved_notice(tr: Tr, saved: Option<&str>) -> String {
    if saved.is_some() {
        format!("<p class=\"notice saved\" role=\"status\">{}</p>", esc(&tr.t("saved")))
    } else {
        String::new()
    }
}

/// A link to the form ending a position, for those who may use it.
fn end_position_link(tr: Tr, unit: &str, person: &str, title: &str) -> String {
    format!(
        "<a href=\"/units/{}/positions/end?person={}&amp;title={}\">{}</a>",
        url(unit),
        url(person),
        url(title),
        esc(&tr.t("end"))
    )
}

/// A date from a query parameter (today when absent), or a 400 page.
pub fn date_param(value: Option<&str>) -> Result<Date, PageError> {
    match value.map(str::trim) {
        None | Some("") => Ok(today()),
        Some(t) => Date::parse(t).map_err(|e| PageError {
            status: StatusCode::BAD_REQUEST,
            message: "bad-date".into(),
            detail: Some((e.vi(), e.to_string())),
        }),
    }
}

pub fn unit_code(code: &str) -> Result<UnitCode, PageError> {
    UnitCode::parse(code).map_err(|_| PageError::not_found())
}

fn unit_link(code: &str, name: &str) -> String {
    format!("<a href=\"/units/{}\">{}</a>", url(code), esc(name))
}

fn person_link(code: &str, name: &str) -> String {
    format!("<a href=\"/people/{}\">{}</a>", url(code), esc(name))
}

fn decision_text(tr: Tr, d: Option<&tinhgon_domain::Decision>) -> String {
    d.map_or(String::new(), |d| esc(&tr.f("decision-of", &[("no", d.number.to_string()), ("date", tr.date(d.date))])))
}

fn validity_text(tr: Tr, from: Date, to: Option<Date>) -> String {
    match to {
        Some(t) => tr.f("valid-from-to", &[("from", tr.date(from)), ("to", tr.date(t))]),
        None => tr.f("valid-from", &[("from", tr.date(from))]),
    }
}

fn kind_label(tr: Tr, k: UnitKind) -> &'static str {
    tr.label(k.label_vi(), k.label_en())
}

/// The date picker of a page; a dashboard also asks for the date to compare with.
fn date_form(tr: Tr, action: &str, at: Date, compare: Option<Option<Date>>) -> String {
    let mut s = format!(
        "<form class=\"dates\" method=\"get\" action=\"{}\"><p><label for=\"at\">{}</label>\
         <input id=\"at\" name=\"at\" value=\"{}\" inputmode=\"numeric\" maxlength=\"10\" placeholder=\"dd/mm/yyyy\"></p>",
        esc(action),
        esc(&tr.t("as-of")),
        esc(&at.vn())
    );
    if let Some(other) = compare {
        let value = other.map(Date::vn).unwrap_or_default();
        let _ = write!(
            s,
            "<p><label for=\"compare\">{}</label><input id=\"compare\" name=\"compare\" value=\"{}\" inputmode=\"numeric\" maxlength=\"10\" placeholder=\"dd/mm/yyyy\"></p>",
            esc(&tr.t("compare-with")),
            esc(&value)
        );
    }
    let _ = write!(s, "<p><button type=\"submit\">{}</button></p></form>", esc(&tr.t("show")));
    s
}

// ---------------------------------------------------------------- tree and search

pub(crate) async fn units_page(Extract(state): Extract<State>, v: Viewer, Query(q): Query<DateQuery>) -> Response {
    respond(&v, units_inner(&state, &v, q).await)
}

async fn units_inner(state: &State, v: &Viewer, q: DateQuery) -> Result<Response, PageError> {
    let tr = v.tr;
    let at = date_param(q.at.as_deref())?;
    let text = q.q.unwrap_or_default();
    if text.chars().count() > 100 {
        return Err(PageError::new(StatusCode::BAD_REQUEST, "query-too-long"));
    }
    let g = v.caller.guard.clone();
    if g.account.role.reach() == Reach::OwnRecord {
        return Err(PageError::not_found());
    }
    let query = text.trim().to_string();
    let cx = v.caller.cx();
    let found = state
        .with_store(move |s| {
            if query.is_empty() {
                Ok(views::roots(s, &cx, at)?)
            } else {
                Ok(units::search(s, &cx, &query, at, 100)?)
            }
        })
        .await?;
    let mut body = format!(
        "<h1>{}</h1><form role=\"search\" method=\"get\" action=\"/units\" class=\"wide-search\">\
         <p><label for=\"q\">{}</label><input id=\"q\" name=\"q\" type=\"search\" value=\"{}\" maxlength=\"100\" placeholder=\"{}\">\
         <button type=\"submit\">{}</button></p></form>",
        esc(&tr.t("units-title")),
        esc(&tr.t("search-units")),
        esc(&text),
        esc(&tr.t("search-units-hint")),
        esc(&tr.t("search")),
    );
    if text.trim().is_empty() {
        let _ = write!(body, "<h2>{}</h2>{}", esc(&tr.t("unit-tree")), tree_list(tr, &found, at));
    } else if found.is_empty() {
        let _ = write!(body, "<p role=\"status\">{}</p>", esc(&tr.f("no-units-found", &[("q", text.clone())])));
    } else {
        let _ = write!(
            body,
            "<p role=\"status\">{}</p><ul class=\"results\">",
            esc(&tr.f("units-found", &[("n", tr.int(found.len() as i64))]))
        );
        for u in &found {
            let _ = write!(
                body,
                "<li>{} <span class=\"code\">{}</span> <span class=\"kind\">{}</span></li>",
                unit_link(u.code.as_str(), &u.name),
                esc(u.code.as_str()),
                esc(kind_label(tr, u.kind))
            );
        }
        body.push_str("</ul>");
    }
    Ok(v.page(&tr.t("units-title"), &body))
}

/// A list of units, each expandable to its sub-units (fetched when opened).
fn tree_list(tr: Tr, list: &[UnitVersion], at: Date) -> String {
    if list.is_empty() {
        return format!("<p class=\"muted\">{}</p>", esc(&tr.t("no-sub-units")));
    }
    let mut s = String::from("<ul class=\"tree\">");
    for u in list {
        let _ = write!(
            s,
            "<li><button type=\"button\" class=\"toggle\" aria-expanded=\"false\" data-src=\"/units/{code}/tree?at={at}\" aria-label=\"{open}\">▸</button> \
             {link} <span class=\"kind\">{kind}</span></li>",
            code = url(u.code.as_str()),
            at = at,
            open = esc(&tr.f("expand", &[("name", u.name.clone())])),
            link = unit_link(u.code.as_str(), &u.name),
            kind = esc(kind_label(tr, u.kind)),
        );
    }
    s.push_str("</ul>");
    s
}

pub(crate) async fn tree_fragment(
    Extract(state): Extract<State>,
    v: Viewer,
    Path(code): Path<String>,
    Query(q): Query<DateQuery>,
) -> Response {
    let run = async {
        let at = date_param(q.at.as_deref())?;
        let code = unit_code(&code)?;
        let cx = v.caller.cx();
        let children = state.with_store(move |s| Ok(units::children(s, &cx, &code, at)?)).await?;
        Ok::<_, PageError>(tree_list(v.tr, &children, at))
    };
    match run.await {
        Ok(html) => ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response(),
        Err(e) => (e.status, esc(&v.tr.t(&e.message))).into_response(),
    }
}

// ---------------------------------------------------------------- unit page

type UnitData = UnitPage;

pub(crate) async fn unit_page(
    Extract(state): Extract<State>,
    v: Viewer,
    Path(code): Path<String>,
    Query(q): Query<DateQuery>,
) -> Response {
    respond(&v, unit_inner(&state, &v, &code, q).await)
}

async fn load_unit(state: &State, v: &Viewer, code: UnitCode, at: Date) -> Result<UnitData, PageError> {
    let cx = v.caller.cx();
    let st = state.clone();
    let data = state.with_store(move |s| Ok(views::unit_page(s, &cx, &st.index, &code, at)?)).await?;
    Ok(data)
}

async fn unit_inner(state: &State, v: &Viewer, code: &str, q: DateQuery) -> Result<Response, PageError> {
    let tr = v.tr;
    let at = date_param(q.at.as_deref())?;
    let page: usize = q.page.as_deref().and_then(|p| p.parse().ok()).unwrap_or(1).max(1);
    let code = unit_code(code)?;
    let d = load_unit(state, v, code.clone(), at).await?;
    let u = &d.unit;
    let c = url(code.as_str());
    let mut body = String::new();
    if !d.ancestors.is_empty() {
        body.push_str("<nav class=\"crumbs\" aria-label=\"breadcrumb\"><ol>");
        for (code, name) in &d.ancestors {
            let _ = write!(body, "<li>{}</li>", unit_link(code, name));
        }
        body.push_str("</ol></nav>");
    }
    let _ = write!(
        body,
        "<h1>{}</h1><p class=\"lead\"><span class=\"code\">{}</span> · {} · {}{}</p>",
        esc(&u.name),
        esc(code.as_str()),
        esc(kind_label(tr, u.kind)),
        esc(&validity_text(tr, u.validity.from, u.validity.to)),
        u.decision.as_ref().map_or(String::new(), |_| format!(" · {}", decision_text(tr, u.decision.as_ref()))),
    );
    body.push_str(&saved_notice(tr, q.saved.as_deref()));
    if !d.in_force {
        let _ = write!(
            body,
            "<p class=\"notice\" role=\"status\">{}</p>",
            esc(&tr.f("not-in-force", &[("date", tr.date(at))]))
        );
    }
    body.push_str(&date_form(tr, &format!("/units/{}", code.as_str()), at, None));
    let mut actions =
        vec![format!("<a class=\"button\" href=\"/units/{c}/dashboard?at={at}\">{}</a>", esc(&tr.t("dashboard")))];
    let g = &v.caller.guard;
    if g.may(Action::EditUnits) {
        actions.push(format!("<a class=\"button\" href=\"/units/{c}/edit\">{}</a>", esc(&tr.t("edit-unit"))));
        actions.push(format!("<a class=\"button\" href=\"/units/new?parent={c}\">{}</a>", esc(&tr.t("new-sub-unit"))));
    }
    if g.may(Action::EditPositions) {
        actions.push(format!("<a class=\"button\" href=\"/units/{c}/positions/new\">{}</a>", esc(&tr.t("appoint"))));
    }
    let _ = write!(body, "<p class=\"actions\">{}</p>", actions.join(" "));

    // Sub-units.
    let _ = write!(
        body,
        "<section aria-labelledby=\"h-sub\"><h2 id=\"h-sub\">{} ({})</h2>{}</section>",
        esc(&tr.t("sub-units")),
        tr.int(d.children.len() as i64),
        tree_list(tr, &d.children, at)
    );

    // Leaders and positions, with concurrent titles.
    let may_end = g.may(Action::EditPositions);
    let rows: Vec<Vec<String>> = d
        .positions
        .iter()
        .map(|(p, a, others)| {
            let concurrent = others
                .iter()
                .map(|o| format!("{} — {}", esc(&o.title), unit_link(&o.unit, &o.unit_name)))
                .collect::<Vec<_>>()
                .join("<br>");
            let mut row = vec![
                person_link(&p.code, &p.name),
                esc(&a.title),
                esc(tr.label(a.rank.label_vi(), a.rank.label_en())),
                esc(&tr.date(a.validity.from)),
                decision_text(tr, a.decision.as_ref()),
                concurrent,
            ];
            if may_end {
                row.push(end_position_link(tr, code.as_str(), &p.code, &a.title));
            }
            row
        })
        .collect();
    let mut head = vec![
        tr.t("col-person"),
        tr.t("col-title"),
        tr.t("col-rank"),
        tr.t("col-from"),
        tr.t("col-decision"),
        tr.t("col-concurrent"),
    ];
    if may_end {
        head.push(tr.t("col-actions"));
    }
    let _ = write!(
        body,
        "<section aria-labelledby=\"h-pos\"><h2 id=\"h-pos\">{}</h2>{}<p><a href=\"/units/{c}/positions.xlsx?at={at}\" download>{}</a></p></section>",
        esc(&tr.t("positions")),
        if rows.is_empty() {
            format!("<p class=\"muted\">{}</p>", esc(&tr.t("no-positions")))
        } else {
            table(&tr.t("positions"), &head, &rows, "positions")
        },
        esc(&tr.t("export-xlsx")),
    );

    // Members, in Vietnamese name order, by page.
    if u.kind.holds_members() || !d.members.is_empty() {
        let pages = d.members.len().div_ceil(PAGE).max(1);
        let page = page.min(pages);
        let rows: Vec<Vec<String>> = d
            .members
            .iter()
            .enumerate()
            .skip((page - 1) * PAGE)
            .take(PAGE)
            .map(|(i, (p, st))| {
                vec![
                    (i + 1).to_string(),
                    person_link(&p.code, &p.name),
                    esc(tr.label(p.gender.label_vi(), p.gender.label_en())),
                    esc(&tr.date(p.birth_date)),
                    esc(tr.label(st.label_vi(), st.label_en())),
                ]
            })
            .collect();
        let _ = write!(
            body,
            "<section aria-labelledby=\"h-mem\"><h2 id=\"h-mem\">{}</h2>",
            esc(&tr.f("members-count", &[("n", tr.int(d.members.len() as i64))]))
        );
        if !rows.is_empty() {
            body.push_str(&table(
                &tr.t("members"),
                &[tr.t("col-no"), tr.t("col-name"), tr.t("col-gender"), tr.t("col-birth"), tr.t("col-status")],
                &rows,
                "members",
            ));
        }
        if pages > 1 {
            body.push_str("<nav class=\"pager\" aria-label=\"pages\">");
            for p in 1..=pages {
                if p == page {
                    let _ = write!(body, "<span aria-current=\"page\">{p}</span>");
                } else {
                    let _ = write!(body, "<a href=\"/units/{c}?at={at}&amp;page={p}\">{p}</a>");
                }
            }
            body.push_str("</nav>");
        }
        let _ = write!(
            body,
            "<p><a href=\"/units/{c}/members.xlsx?at={at}\" download>{}</a></p></section>",
            esc(&tr.t("export-xlsx"))
        );
    }

    // Staffing of the subtree.
    if let Some(f) = &d.figures {
        let s = &f.staffing;
        if s.quota > 0 || s.actual > 0 {
            let mut rows: Vec<Vec<String>> = s
                .by_category
                .iter()
                .map(|(k, qa)| {
                    vec![
                        esc(category_label(tr, k)),
                        tr.int(qa.quota as i64),
                        tr.int(qa.actual as i64),
                        delta_cell(tr, qa.actual as i64 - qa.quota as i64),
                    ]
                })
                .collect();
            rows.push(vec![
                esc(&tr.t("total")),
                tr.int(s.quota as i64),
                tr.int(s.actual as i64),
                delta_cell(tr, s.actual as i64 - s.quota as i64),
            ]);
            let _ = write!(
                body,
                "<section aria-labelledby=\"h-staff\"><h2 id=\"h-staff\">{}</h2>{}</section>",
                esc(&tr.f("staffing-year", &[("year", s.year.to_string())])),
                table(
                    &tr.t("staffing"),
                    &[tr.t("col-category"), tr.t("col-quota"), tr.t("col-actual"), tr.t("col-difference")],
                    &rows,
                    "staffing"
                )
            );
        }
    }

    // History: versions and the change log, with decisions.
    body.push_str(&history_section(tr, &d.history, &d.changes));
    Ok(v.page(&u.name, &body))
}

fn category_label(tr: Tr, code: &str) -> &'static str {
    if code == tinhgon_domain::stats::UNCLASSIFIED_CODE {
        return tr.label("Chưa phân loại", "Not classified");
    }
    StaffCategory::parse(code).map_or("—", |c| tr.label(c.label_vi(), c.label_en()))
}

fn delta_cell(tr: Tr, n: i64) -> String {
    let class = match n {
        0 => "zero",
        n if n > 0 => "up",
        _ => "down",
    };
    format!("<span class=\"delta {class}\">{}</span>", esc(&tr.delta(n)))
}

fn history_section(tr: Tr, history: &[UnitVersion], changes: &[LogEntry]) -> String {
    let mut s = format!(
        "<section aria-labelledby=\"h-hist\"><h2 id=\"h-hist\">{}</h2><ol class=\"timeline\">",
        esc(&tr.t("history"))
    );
    for h in history.iter().rev() {
        let _ = write!(
            s,
            "<li><strong>{}</strong> — {} ({}){}</li>",
            esc(&validity_text(tr, h.validity.from, h.validity.to)),
            esc(&h.name),
            esc(kind_label(tr, h.kind)),
            h.decision.as_ref().map_or(String::new(), |_| format!(" · {}", decision_text(tr, h.decision.as_ref()))),
        );
    }
    s.push_str("</ol>");
    if !changes.is_empty() {
        let rows: Vec<Vec<String>> = changes
            .iter()
            .rev()
            .map(|c| {
                let decision = match (&c.decision_no, &c.decision_date) {
                    (Some(n), Some(d)) => {
                        let d = Date::parse(d).map(|d| tr.date(d)).unwrap_or_else(|_| d.clone());
                        esc(&tr.f("decision-of", &[("no", n.clone()), ("date", d)]))
                    }
                    _ => String::new(),
                };
                vec![
                    c.seq.to_string(),
                    esc(c.at.get(..10).unwrap_or(&c.at)),
                    esc(&tr.t(&format!("action-{}", c.action))),
                    esc(&c.actor),
                    decision,
                ]
            })
            .collect();
        s.push_str(&table(
            &tr.t("change-log"),
            &[tr.t("col-seq"), tr.t("col-recorded"), tr.t("col-action"), tr.t("col-actor"), tr.t("col-decision")],
            &rows,
            "changes",
        ));
    }
    s.push_str("</section>");
    s
}

// ---------------------------------------------------------------- dashboard

pub(crate) async fn dashboard(
    Extract(state): Extract<State>,
    v: Viewer,
    Path(code): Path<String>,
    Query(q): Query<DateQuery>,
) -> Response {
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
            (
                tr.label(Gender::Female.label_vi(), Gender::Female.label_en()).into(),
                m.women as i64,
                t(&|x| x.members.women as i64),
            ),
            (
                tr.label(Gender::Male.label_vi(), Gender::Male.label_en()).into(),
                m.men as i64,
                t(&|x| x.members.men as i64),
            ),
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
    let education = Education::ALL.iter().map(|e| (e.code(), tr.label(e.label_vi(), e.label_en()).to_string()));
    out.push(Block {
        id: "education",
        title: tr.t("dash-education"),
        rows: rows(education.collect(), |x| &x.members.by_education),
    });
    let theory = Theory::ALL.iter().map(|e| (e.code(), tr.label(e.label_vi(), e.label_en()).to_string()));
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
                (tr.label(s.label_vi(), s.label_en()).to_string(), get(f), then.map(get))
            })
            .filter(|(_, a, b)| *a != 0 || b.unwrap_or(0) != 0)
            .collect(),
    });
    let ranks = Rank::ALL.iter().map(|r| (r.code(), tr.label(r.label_vi(), r.label_en()).to_string()));
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
    let cx = v.caller.cx();
    let st = state.clone();
    let c2 = code.clone();
    let (f, cmp): (Figures, Option<Comparison>) =
        state.with_store(move |s| Ok(stats::figures(s, &cx, &st.index, &c2, at, other)?)).await?;
    let then = cmp.as_ref().map(|c| &c.figures);
    let title = tr.f("dashboard-of", &[("name", f.unit.name.clone())]);
    let mut body = format!(
        "<nav class=\"crumbs\"><ol><li>{}</li></ol></nav><h1>{}</h1>",
        unit_link(code.as_str(), &f.unit.name),
        esc(&title)
    );
    body.push_str(&date_form(tr, &format!("/units/{}/dashboard", code.as_str()), at, Some(other)));
    if let Some(c) = &cmp {
        let _ = write!(
            body,
            "<p class=\"lead\" role=\"status\">{}</p>",
            esc(&tr.f("comparing", &[("at", tr.date(at)), ("other", tr.date(c.at))]))
        );
    } else {
        let _ = write!(body, "<p class=\"lead\">{}</p>", esc(&tr.f("figures-at", &[("at", tr.date(at))])));
    }
    body.push_str("<div class=\"grid\">");
    let legend_now = tr.date(at);
    let legend_then = cmp.as_ref().map(|c| tr.date(c.at)).unwrap_or_default();
    for b in blocks(tr, &f, then) {
        if b.rows.is_empty() {
            continue;
        }
        let mut head = vec![String::new(), tr.date(at)];
        if let Some(c) = &cmp {
            head.push(tr.date(c.at));
            head.push(tr.t("col-difference"));
        }
        let rows: Vec<Vec<String>> = b
            .rows
            .iter()
            .map(|(label, now, prev)| {
                let mut r = vec![esc(label), tr.int(*now)];
                if let Some(p) = prev {
                    r.push(tr.int(*p));
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
        let legend = cmp.as_ref().map(|_| (legend_now.as_str(), legend_then.as_str()));
        let _ = write!(
            body,
            "<section class=\"card\" aria-labelledby=\"h-{id}\"><h2 id=\"h-{id}\">{title}</h2>{table}{chart}</section>",
            id = b.id,
            title = esc(&b.title),
            table = table(&b.title, &head, &rows, "figures"),
            chart = bars(&format!("chart-{}", b.id), &b.title, &chart_bars, legend),
        );
    }
    body.push_str("</div>");
    Ok(v.page(&title, &body))
}

// ---------------------------------------------------------------- exports

fn xlsx(name: &str, headers: &[&str], rows: &[Vec<String>]) -> Result<Response, PageError> {
    let bytes =
        crate::files::xlsx_bytes(headers, rows).map_err(|e| PageError::from_problem(Problem::internal(e.en())))?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        bytes,
    )
        .into_response())
}

/// Downloads one list of a unit as XLSX.
async fn unit_xlsx(
    state: &State,
    v: &Viewer,
    code: &str,
    q: DateQuery,
    (file, list): (&str, List),
) -> Result<Response, PageError> {
    let at = date_param(q.at.as_deref())?;
    let code = unit_code(code)?;
    let cx = v.caller.cx();
    let c2 = code.clone();
    let rows = state.with_store(move |s| Ok(views::unit_list(s, &cx, &c2, at, list)?)).await?;
    xlsx(&format!("{file}-{}-{at}.xlsx", code.as_str()), list.headers(), &rows)
}

pub(crate) async fn members_xlsx(
    Extract(state): Extract<State>,
    v: Viewer,
    Path(code): Path<String>,
    Query(q): Query<DateQuery>,
) -> Response {
    respond(&v, unit_xlsx(&state, &v, &code, q, ("dang-vien", List::Members)).await)
}

pub(crate) async fn positions_xlsx(
    Extract(state): Extract<State>,
    v: Viewer,
    Path(code): Path<String>,
    Query(q): Query<DateQuery>,
) -> Response {
    respond(&v, unit_xlsx(&state, &v, &code, q, ("chuc-vu", List::Positions)).await)
}

// ---------------------------------------------------------------- people

pub(crate) async fn people_page(Extract(state): Extract<State>, v: Viewer, Query(q): Query<DateQuery>) -> Response {
    let run = async {
        let tr = v.tr;
        let g = v.caller.guard.clone();
        if g.account.role.reach() == Reach::OwnRecord {
            return Err(PageError::not_found());
        }
        let text = q.q.unwrap_or_default();
        if text.chars().count() > 100 {
            return Err(PageError::new(StatusCode::BAD_REQUEST, "query-too-long"));
        }
        let query = text.trim().to_string();
        let found = if query.is_empty() {
            Vec::new()
        } else {
            let cx = v.caller.cx();
            state.with_store(move |s| Ok(people::search(s, &cx, &query, 100, 0)?)).await?
        };
        let mut body = format!(
            "<h1>{}</h1><form role=\"search\" method=\"get\" action=\"/people\" class=\"wide-search\">\
             <p><label for=\"q\">{}</label><input id=\"q\" name=\"q\" type=\"search\" value=\"{}\" maxlength=\"100\">\
             <button type=\"submit\">{}</button></p></form>",
            esc(&tr.t("people-title")),
            esc(&tr.t("search-people")),
            esc(&text),
            esc(&tr.t("search"))
        );
        if v.may(Action::EditMembers) {
            let _ = write!(
                body,
                "<p class=\"actions\"><a class=\"button\" href=\"/people/new\">{}</a></p>",
                esc(&tr.t("new-person"))
            );
        }
        if !text.trim().is_empty() {
            let rows: Vec<Vec<String>> = found
                .iter()
                .map(|p| {
                    vec![
                        person_link(&p.code, &p.name),
                        esc(&p.code),
                        esc(tr.label(p.gender.label_vi(), p.gender.label_en())),
                        esc(&tr.date(p.birth_date)),
                    ]
                })
                .collect();
            let _ = write!(
                body,
                "<p role=\"status\">{}</p>",
                esc(&tr.f("people-found", &[("n", tr.int(rows.len() as i64))]))
            );
            if !rows.is_empty() {
                body.push_str(&table(
                    &tr.t("people-title"),
                    &[tr.t("col-name"), tr.t("col-code"), tr.t("col-gender"), tr.t("col-birth")],
                    &rows,
                    "people",
                ));
            }
        }
        Ok(v.page(&tr.t("people-title"), &body))
    };
    respond(&v, run.await)
}

pub(crate) async fn person_page(
    Extract(state): Extract<State>,
    v: Viewer,
    Path(code): Path<String>,
    Query(q): Query<DateQuery>,
) -> Response {
    let run = async {
        let tr = v.tr;
        if code.len() > 40 {
            return Err(PageError::not_found());
        }
        let (cx, c2) = (v.caller.cx(), code.clone());
        let d = state.with_store(move |s| Ok(people::detail(s, &cx, &c2)?)).await?;
        let (p, memberships, positions) = (d.person, d.memberships, d.positions);
        let mut body = format!("<h1>{}</h1>{}<dl class=\"facts\">", esc(&p.name), saved_notice(tr, q.saved.as_deref()));
        let facts = [
            (tr.t("col-code"), esc(&p.code)),
            (tr.t("col-gender"), esc(tr.label(p.gender.label_vi(), p.gender.label_en()))),
            (tr.t("col-birth"), esc(&tr.date(p.birth_date))),
            (tr.t("col-ethnicity"), esc(&p.ethnicity)),
            (tr.t("col-education"), esc(tr.label(p.education.label_vi(), p.education.label_en()))),
            (tr.t("col-theory"), esc(tr.label(p.theory.label_vi(), p.theory.label_en()))),
            (tr.t("col-category"), p.staff_category.map_or("—".into(), |c| esc(tr.label(c.label_vi(), c.label_en())))),
        ];
        for (k, val) in facts {
            let _ = write!(body, "<dt>{}</dt><dd>{val}</dd>", esc(&k));
        }
        body.push_str("</dl>");
        let pc = url(&p.code);
        let mut actions = Vec::new();
        if v.may(Action::EditMembers) || v.may(Action::EditPositions) {
            actions.push(format!("<a class=\"button\" href=\"/people/{pc}/edit\">{}</a>", esc(&tr.t("edit-person"))));
        }
        if v.may(Action::EditMembers) {
            actions.push(format!(
                "<a class=\"button\" href=\"/people/{pc}/memberships/new\">{}</a>",
                esc(&tr.t("record-membership"))
            ));
            let now = today();
            if memberships.iter().any(|m| m.status.is_active() && m.validity.to.is_none_or(|t| t > now)) {
                actions.push(format!(
                    "<a class=\"button\" href=\"/people/{pc}/memberships/end\">{}</a>",
                    esc(&tr.t("end-membership"))
                ));
            }
        }
        if !actions.is_empty() {
            let _ = write!(body, "<p class=\"actions\">{}</p>", actions.join(" "));
        }
        let may_end = v.may(Action::EditPositions);
        let now = today();
        let rows: Vec<Vec<String>> = positions
            .iter()
            .rev()
            .map(|a| {
                let mut row = vec![
                    esc(&a.title),
                    unit_link(&a.unit, &a.unit_name),
                    esc(tr.label(a.rank.label_vi(), a.rank.label_en())),
                    esc(&validity_text(tr, a.validity.from, a.validity.to)),
                    decision_text(tr, a.decision.as_ref()),
                ];
                if may_end {
                    let current = a.validity.to.is_none_or(|t| t > now);
                    row.push(if current { end_position_link(tr, &a.unit, &p.code, &a.title) } else { String::new() });
                }
                row
            })
            .collect();
        let mut head =
            vec![tr.t("col-title"), tr.t("col-unit"), tr.t("col-rank"), tr.t("col-period"), tr.t("col-decision")];
        if may_end {
            head.push(tr.t("col-actions"));
        }
        let _ =
            write!(body, "<section aria-labelledby=\"h-p\"><h2 id=\"h-p\">{}</h2>", esc(&tr.t("positions-history")));
        if rows.is_empty() {
            let _ = write!(body, "<p class=\"muted\">{}</p>", esc(&tr.t("no-positions")));
        } else {
            body.push_str(&table(&tr.t("positions-history"), &head, &rows, "positions"));
        }
        body.push_str("</section>");
        let rows: Vec<Vec<String>> = memberships
            .iter()
            .rev()
            .map(|m| {
                vec![
                    esc(tr.label(m.status.label_vi(), m.status.label_en())),
                    unit_link(&m.unit, &m.unit_name),
                    esc(&validity_text(tr, m.validity.from, m.validity.to)),
                    esc(&tr.date(m.admitted_on)),
                    m.recognized_on.map_or(String::new(), |d| esc(&tr.date(d))),
                    decision_text(tr, m.decision.as_ref()),
                ]
            })
            .collect();
        let _ =
            write!(body, "<section aria-labelledby=\"h-m\"><h2 id=\"h-m\">{}</h2>", esc(&tr.t("membership-history")));
        if rows.is_empty() {
            let _ = write!(body, "<p class=\"muted\">{}</p>", esc(&tr.t("no-membership")));
        } else {
            body.push_str(&table(
                &tr.t("membership-history"),
                &[
                    tr.t("col-status"),
                    tr.t("col-cell"),
                    tr.t("col-period"),
                    tr.t("col-admitted"),
                    tr.t("col-recognized"),
                    tr.t("col-decision"),
                ],
                &rows,
                "memberships",
            ));
        }
        body.push_str("</section>");
        Ok(v.page(&p.name, &body))
    };
    respond(&v, run.await)
}
