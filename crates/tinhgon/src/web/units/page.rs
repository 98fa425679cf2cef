//! A unit on a date: superiors, sub-units, positions with each holder's concurrent titles,
//! members in Vietnamese order by page, staffing, and its history with decisions.

use crate::web::At;
use axum::response::Response;
use maud::{html, Markup};
use tinhgon_domain::access::Action;
use tinhgon_domain::register::UnitVersion;
use tinhgon_domain::Date;

use super::tree::tree_list;
use super::{
    category_label, date_form, date_param, decision_text, delta_cell, end_position_link, kind_label, person_link,
    saved_notice, unit_code, unit_link, validity_text, DateQuery, PAGE,
};
use crate::http::State;
use crate::services::register::units::LogEntry;
use crate::services::register::views::{self, UnitPage};
use crate::web::html::{table, url};
use crate::web::i18n::Tr;
use crate::web::{respond, PageError, Query, Viewer};

pub(crate) async fn unit_page(At { state, v, at: code }: At<String>, Query(q): Query<DateQuery>) -> Response {
    respond(&v, unit_inner(&state, &v, &code, q).await)
}

async fn unit_inner(state: &State, v: &Viewer, code: &str, q: DateQuery) -> Result<Response, PageError> {
    let tr = v.tr;
    let at = date_param(q.at.as_deref())?;
    let page: usize = q.page.as_deref().and_then(|p| p.parse().ok()).unwrap_or(1).max(1);
    let code = unit_code(code)?;
    let (cx, st, c2) = (v.caller.cx(), state.clone(), code.clone());
    let d = state.with_store(move |s| Ok(views::unit_page(s, &cx, &st.index, &c2, at)?)).await?;
    let u = &d.unit;
    let c = url(code.as_str());
    let g = &v.caller.guard;
    let body = html! {
        @if !d.ancestors.is_empty() {
            nav.crumbs aria-label="breadcrumb" { ol { @for (code, name) in &d.ancestors { li { (unit_link(code, name)) } } } }
        }
        h1 { (u.name) }
        p.lead {
            span.code { (code.as_str()) } " · " (kind_label(tr, u.kind)) " · " (validity_text(tr, u.validity.from, u.validity.to))
            @if u.decision.is_some() { " · " (decision_text(tr, u.decision.as_ref())) }
        }
        (saved_notice(tr, q.saved.as_deref()))
        @if !d.in_force { p.notice role="status" { (tr.f("not-in-force", &[("date", tr.date(at))])) } }
        (date_form(tr, &format!("/units/{}", code.as_str()), at, None))
        p.actions {
            a.button href={ "/units/" (c) "/dashboard?at=" (at) } { (tr.t("dashboard")) }
            " " a.button href={ "/units/" (c) "/due" } { (tr.t("nav-due")) }
            " " a.button href={ "/units/" (c) "/dues" } { (tr.t("nav-dues")) }
            @if u.kind.is_party_organization() {
                " " a.button href={ "/units/" (c) "/meetings" } { (tr.t("nav-meetings")) }
                " " a.button href={ "/units/" (c) "/ratings" } { (tr.t("nav-ratings")) }
            }
            @if u.kind.is_party() {
                " " a.button href={ "/units/" (c) "/documents" } { (tr.t("nav-documents")) }
                " " a.button href={ "/units/" (c) "/campaigns" } { (tr.t("nav-campaigns")) }
            }
            @if g.may(Action::EditUnits) {
                " " a.button href={ "/units/" (c) "/edit" } { (tr.t("edit-unit")) }
                " " a.button href={ "/units/new?parent=" (c) } { (tr.t("new-sub-unit")) }
            }
            @if g.may(Action::EditPositions) {
                " " a.button href={ "/units/" (c) "/positions/new" } { (tr.t("appoint")) }
            }
        }
        section aria-labelledby="h-sub" {
            h2 id="h-sub" { (tr.t("sub-units")) " (" (tr.int(d.children.len() as i64)) ")" }
            (tree_list(tr, &d.children, at))
        }
        (positions_section(tr, v, &d, code.as_str(), at))
        (members_section(tr, &d, &c, at, page))
        (staffing_section(tr, &d))
        (history_section(tr, &d.history, &d.changes))
    };
    Ok(v.page(&u.name, body))
}

/// Leaders and positions, with concurrent titles.
fn positions_section(tr: Tr, v: &Viewer, d: &UnitPage, code: &str, at: Date) -> Markup {
    let may_end = v.may(Action::EditPositions);
    let rows: Vec<Vec<Markup>> = d
        .positions
        .iter()
        .map(|(p, a, others)| {
            let concurrent = html! {
                @for (i, o) in others.iter().enumerate() {
                    @if i > 0 { br; }
                    (o.title) " — " (unit_link(&o.unit, &o.unit_name))
                }
            };
            let mut row = vec![
                person_link(&p.code, &p.name),
                html! { (a.title) },
                html! { (tr.label(a.rank)) },
                html! { (tr.date(a.validity.from)) },
                html! { (decision_text(tr, a.decision.as_ref())) },
                concurrent,
            ];
            if may_end {
                row.push(end_position_link(tr, code, &p.code, &a.title));
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
    html! {
        section aria-labelledby="h-pos" {
            h2 id="h-pos" { (tr.t("positions")) }
            @if rows.is_empty() { p.muted { (tr.t("no-positions")) } }
            @else { (table(&tr.t("positions"), &head, &rows, "positions")) }
            p { a href={ "/units/" (url(code)) "/positions.xlsx?at=" (at) } download { (tr.t("export-xlsx")) } }
        }
    }
}

/// Members, in Vietnamese name order, by page.
fn members_section(tr: Tr, d: &UnitPage, c: &str, at: Date, page: usize) -> Markup {
    if !d.unit.kind.holds_members() && d.members.is_empty() {
        return html! {};
    }
    let pages = d.members.len().div_ceil(PAGE).max(1);
    let page = page.min(pages);
    let rows: Vec<Vec<Markup>> = d
        .members
        .iter()
        .enumerate()
        .skip((page - 1) * PAGE)
        .take(PAGE)
        .map(|(i, (p, st))| {
            vec![
                html! { (i + 1) },
                person_link(&p.code, &p.name),
                html! { (tr.label(p.gender)) },
                html! { (tr.date(p.birth_date)) },
                html! { (tr.label(st)) },
            ]
        })
        .collect();
    let head = [tr.t("col-no"), tr.t("col-name"), tr.t("col-gender"), tr.t("col-birth"), tr.t("col-status")];
    html! {
        section aria-labelledby="h-mem" {
            h2 id="h-mem" { (tr.f("members-count", &[("n", tr.int(d.members.len() as i64))])) }
            @if !rows.is_empty() { (table(&tr.t("members"), &head, &rows, "members")) }
            @if pages > 1 {
                nav.pager aria-label="pages" {
                    @for p in 1..=pages {
                        @if p == page { span aria-current="page" { (p) } }
                        @else { a href={ "/units/" (c) "?at=" (at) "&page=" (p) } { (p) } }
                    }
                }
            }
            p { a href={ "/units/" (c) "/members.xlsx?at=" (at) } download { (tr.t("export-xlsx")) } }
        }
    }
}

/// Staffing of the subtree: the quota of the year against the main jobs held.
fn staffing_section(tr: Tr, d: &UnitPage) -> Markup {
    let Some(f) = &d.figures else { return html! {} };
    let s = &f.staffing;
    if s.quota == 0 && s.actual == 0 {
        return html! {};
    }
    let line = |label: String, quota: u64, actual: u64| {
        vec![
            html! { (label) },
            html! { (tr.int(quota as i64)) },
            html! { (tr.int(actual as i64)) },
            delta_cell(tr, actual as i64 - quota as i64),
        ]
    };
    let mut rows: Vec<Vec<Markup>> =
        s.by_category.iter().map(|(k, qa)| line(category_label(tr, k), qa.quota, qa.actual)).collect();
    rows.push(line(tr.t("total"), s.quota, s.actual));
    let head = [tr.t("col-category"), tr.t("col-quota"), tr.t("col-actual"), tr.t("col-difference")];
    html! {
        section aria-labelledby="h-staff" {
            h2 id="h-staff" { (tr.f("staffing-year", &[("year", s.year.to_string())])) }
            (table(&tr.t("staffing"), &head, &rows, "staffing"))
        }
    }
}

/// Versions, newest first, and the change log with decisions.
fn history_section(tr: Tr, history: &[UnitVersion], changes: &[LogEntry]) -> Markup {
    let rows: Vec<Vec<Markup>> = changes
        .iter()
        .rev()
        .map(|c| {
            let decision = match (&c.decision_no, &c.decision_date) {
                (Some(n), Some(d)) => {
                    let d = Date::parse(d).map(|d| tr.date(d)).unwrap_or_else(|_| d.clone());
                    tr.f("decision-of", &[("no", n.clone()), ("date", d)])
                }
                _ => String::new(),
            };
            vec![
                html! { (c.seq) },
                html! { (c.at.get(..10).unwrap_or(&c.at)) },
                html! { (tr.t(&format!("action-{}", c.action))) },
                html! { (c.actor) },
                html! { (decision) },
            ]
        })
        .collect();
    let head = [tr.t("col-seq"), tr.t("col-recorded"), tr.t("col-action"), tr.t("col-actor"), tr.t("col-decision")];
    html! {
        section aria-labelledby="h-hist" {
            h2 id="h-hist" { (tr.t("history")) }
            ol.timeline {
                @for h in history.iter().rev() {
                    li {
                        strong { (validity_text(tr, h.validity.from, h.validity.to)) }
                        " — " (h.name) " (" (kind_label(tr, h.kind)) ")"
                        @if h.decision.is_some() { " · " (decision_text(tr, h.decision.as_ref())) }
                    }
                }
            }
            @if !changes.is_empty() { (table(&tr.t("change-log"), &head, &rows, "changes")) }
        }
    }
}
