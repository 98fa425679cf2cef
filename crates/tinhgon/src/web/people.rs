//! People: the search by name, and a person's page with their positions and party membership
//! over time.

use crate::web::At;
use axum::http::StatusCode;
use axum::response::Response;
use maud::{html, Markup};
use tinhgon_domain::access::{Action, Reach};

use super::html::{table, url};
use super::units::{decision_text, end_position_link, person_link, saved_notice, unit_link, validity_text, DateQuery};
use super::{respond, PageError, Query};
use crate::clock::today;
use crate::services::register::people;

pub(crate) async fn people_page(At { state, v, at: () }: At<()>, Query(q): Query<DateQuery>) -> Response {
    let run = async {
        let tr = v.tr;
        if v.caller.guard.account.role.reach() == Reach::OwnRecord {
            return Err(PageError::not_found());
        }
        let text = q.q.unwrap_or_default();
        if text.chars().count() > 100 {
            return Err(PageError::new(StatusCode::BAD_REQUEST, "query-too-long"));
        }
        let query = text.trim().to_string();
        let searching = !query.is_empty();
        let found = if searching {
            let cx = v.caller.cx();
            state.with_store(move |s| Ok(people::search(s, &cx, &query, 100, 0)?)).await?
        } else {
            Vec::new()
        };
        let rows: Vec<Vec<Markup>> = found
            .iter()
            .map(|p| {
                vec![
                    person_link(&p.code, &p.name),
                    html! { (p.code) },
                    html! { (tr.label(p.gender)) },
                    html! { (tr.date(p.birth_date)) },
                ]
            })
            .collect();
        let head = [tr.t("col-name"), tr.t("col-code"), tr.t("col-gender"), tr.t("col-birth")];
        let body = html! {
            h1 { (tr.t("people-title")) }
            form.wide-search role="search" method="get" action="/people" {
                p {
                    label for="q" { (tr.t("search-people")) }
                    input id="q" name="q" type="search" value=(text) maxlength="100";
                    button type="submit" { (tr.t("search")) }
                }
            }
            @if v.may(Action::EditPeople) {
                p.actions { a.button href="/people/new" { (tr.t("new-person")) } }
            }
            @if searching {
                p role="status" { (tr.f("people-found", &[("n", tr.int(rows.len() as i64))])) }
                @if !rows.is_empty() { (table(&tr.t("people-title"), &head, &rows, "people")) }
            }
        };
        Ok(v.page(&tr.t("people-title"), body))
    };
    respond(&v, run.await)
}

pub(crate) async fn person_page(At { state, v, at: code }: At<String>, Query(q): Query<DateQuery>) -> Response {
    let run = async {
        let tr = v.tr;
        if code.len() > 40 {
            return Err(PageError::not_found());
        }
        let (cx, c2) = (v.caller.cx(), code.clone());
        let d = state.with_store(move |s| Ok(people::detail(s, &cx, &c2)?)).await?;
        let (cx, c3) = (v.caller.cx(), code.clone());
        let party = state.with_store(move |s| Ok(crate::services::party::record_of(s, &cx, &c3)?)).await?;
        let (cx, c4) = (v.caller.cx(), code.clone());
        let record = state.with_store(move |s| Ok(crate::services::party::record::get(s, &cx, &c4)?)).await?;
        let (p, memberships, positions) = (d.person, d.memberships, d.positions);
        let now = today();
        let pc = url(&p.code);
        let facts = [
            (tr.t("col-code"), p.code.clone()),
            (tr.t("col-gender"), tr.label(p.gender).to_string()),
            (tr.t("col-birth"), tr.date(p.birth_date)),
            (tr.t("col-ethnicity"), p.ethnicity.clone()),
            (tr.t("col-education"), tr.label(p.education).to_string()),
            (tr.t("col-theory"), tr.label(p.theory).to_string()),
            (tr.t("col-category"), p.staff_category.map_or("—".into(), |c| tr.label(c))),
        ];
        let active = memberships.iter().any(|m| m.status.is_active() && m.validity.to.is_none_or(|t| t > now));
        let may_end = v.may(Action::EditPositions);
        let position_rows: Vec<Vec<Markup>> = positions
            .iter()
            .rev()
            .map(|a| {
                let mut row = vec![
                    html! { (a.title) },
                    unit_link(&a.unit, &a.unit_name),
                    html! { (tr.label(a.rank)) },
                    html! { (validity_text(tr, a.validity.from, a.validity.to)) },
                    html! { (decision_text(tr, a.decision.as_ref())) },
                ];
                if may_end {
                    let current = a.validity.to.is_none_or(|t| t > now);
                    row.push(if current {
                        end_position_link(tr, &a.unit, &p.code, &a.title)
                    } else {
                        html! {}
                    });
                }
                row
            })
            .collect();
        let mut position_head =
            vec![tr.t("col-title"), tr.t("col-unit"), tr.t("col-rank"), tr.t("col-period"), tr.t("col-decision")];
        if may_end {
            position_head.push(tr.t("col-actions"));
        }
        let membership_rows: Vec<Vec<Markup>> = memberships
            .iter()
            .rev()
            .map(|m| {
                vec![
                    html! { (tr.label(m.status)) },
                    unit_link(&m.unit, &m.unit_name),
                    html! { (validity_text(tr, m.validity.from, m.validity.to)) },
                    html! { (tr.date(m.admitted_on)) },
                    html! { (m.recognized_on.map_or(String::new(), |d| tr.date(d))) },
                    html! { (decision_text(tr, m.decision.as_ref())) },
                ]
            })
            .collect();
        let membership_head = [
            tr.t("col-status"),
            tr.t("col-cell"),
            tr.t("col-period"),
            tr.t("col-admitted"),
            tr.t("col-recognized"),
            tr.t("col-decision"),
        ];
        let body = html! {
            h1 { (p.name) }
            (saved_notice(tr, q.saved.as_deref()))
            dl.facts { @for (k, val) in &facts { dt { (k) } dd { (val) } } }
            @if v.may(Action::EditPeople) || v.may(Action::EditMembers) {
                p.actions {
                    @if v.may(Action::EditPeople) {
                        a.button href={ "/people/" (pc) "/edit" } { (tr.t("edit-person")) } " "
                    }
                    @if v.may(Action::EditMembers) {
                        a.button href={ "/people/" (pc) "/memberships/new" } { (tr.t("record-membership")) } " "
                        @if active { a.button href={ "/people/" (pc) "/memberships/end" } { (tr.t("end-membership")) } }
                    }
                }
            }
            @if let Some(r) = &record { (record_section(tr, r)) }
            (party_sections(tr, &party))
            section aria-labelledby="h-p" {
                h2 id="h-p" { (tr.t("positions-history")) }
                @if position_rows.is_empty() { p.muted { (tr.t("no-positions")) } }
                @else { (table(&tr.t("positions-history"), &position_head, &position_rows, "positions")) }
            }
            section aria-labelledby="h-m" {
                h2 id="h-m" { (tr.t("membership-history")) }
                @if membership_rows.is_empty() { p.muted { (tr.t("no-membership")) } }
                @else { (table(&tr.t("membership-history"), &membership_head, &membership_rows, "memberships")) }
            }
        };
        Ok(v.page(&p.name, body))
    };
    respond(&v, run.await)
}

/// Party age, the transfers and the admissions of a person's record.
fn party_sections(tr: crate::web::i18n::Tr, r: &crate::services::party::PartyRecord) -> Markup {
    use crate::services::party::transfers::Standing;
    let moving: Vec<_> =
        r.transfers.iter().filter(|t| matches!(t.standing, Standing::InTransit | Standing::Away)).collect();
    html! {
        @if let Some(age) = r.age {
            section aria-labelledby="h-age" {
                h2 id="h-age" { (tr.t("party-age")) }
                p.party-age {
                    strong { (tr.f("party-age-value", &[("years", age.years.to_string()), ("months", age.months.to_string())])) }
                    " " (tr.f("party-age-since", &[("date", tr.date(age.admitted_on))]))
                    @if age.interrupted_days > 0 {
                        " " (tr.f("party-age-interrupted", &[("days", tr.int(i64::from(age.interrupted_days)))]))
                    }
                }
            }
        }
        @if !moving.is_empty() {
            section aria-labelledby="h-tr" {
                h2 id="h-tr" { (tr.t("transfer-in-progress")) }
                ul.cards {
                    @for t in &moving {
                        li {
                            (tr.label(t.transfer.kind)) ": "
                            (t.transfer.from_cell) " → " (t.transfer.to_cell.as_deref().or(t.transfer.destination.as_deref()).unwrap_or("—"))
                            br;
                            (tr.f("transfer-letter-due", &[("letter", t.transfer.letter.clone()), ("date", tr.date(t.transfer.due_on))]))
                            @if t.overdue { " " strong.overdue { (tr.t("overdue")) } }
                        }
                    }
                }
            }
        }
        @if let Some(l) = &r.dues {
            section aria-labelledby="h-dues" {
                h2 id="h-dues" { (tr.f("dues-year", &[("year", l.year.to_string())])) }
                p role="status" { (tr.f("dues-unpaid", &[("n", l.unpaid.len().to_string())])) }
                ul.cards {
                    @for m in &l.months {
                        li {
                            (m.owed.month.vn()) ": " (tr.int(m.owed.amount)) " đ — "
                            @match &m.paid {
                                Some(p) => { (tr.f("dues-paid-on", &[("date", tr.date(p.paid_on))])) },
                                None if m.owed.reason.starts_with("exempt_") => { (tr.t("dues-exempt")) },
                                None => { strong.overdue { (tr.t("dues-not-paid")) } },
                            }
                        }
                    }
                }
            }
        }
        @if !r.meetings.is_empty() {
            section aria-labelledby="h-meetings" {
                h2 id="h-meetings" { (tr.t("meetings-called")) }
                ul.cards {
                    @for (m, a) in r.meetings.iter().take(12) {
                        li {
                            a href=(format!("/meetings/{}", m.id)) { (tr.label(m.kind)) }
                            " — " (m.unit) " — "
                            @match (m.held_on, m.planned_on) {
                                (Some(d), _) => { (tr.date(d)) },
                                (None, Some(d)) => { (tr.f("meeting-planned-on", &[("date", tr.date(d))])) },
                                _ => { "—" },
                            }
                            @if let Some(t) = &m.topic { br; (t) }
                            br;
                            @match a.presence {
                                Some(p) => { (tr.label(p)) },
                                None => { strong { (tr.t("meeting-invited")) } },
                            }
                        }
                    }
                }
            }
        }
        @if !r.disciplines.is_empty() {
            section aria-labelledby="h-discipline" {
                h2 id="h-discipline" { (tr.t("discipline-decisions")) }
                ul.cards {
                    @for d in &r.disciplines {
                        li {
                            strong { (tr.label(d.form)) }
                            " — " (d.decision_no) " (" (tr.date(d.decided_on)) ") — " (d.decided_by)
                        }
                    }
                }
            }
        }
        @if !r.badges.is_empty() {
            section aria-labelledby="h-badges" {
                h2 id="h-badges" { (tr.t("badges-awarded")) }
                ul.cards {
                    @for b in &r.badges {
                        li { (tr.f("badge-line", &[("years", b.years.to_string()), ("date", tr.date(b.awarded_on)), ("decision", b.decision_no.clone())])) }
                    }
                }
            }
        }
        @if !r.admissions.is_empty() {
            section aria-labelledby="h-ad" {
                h2 id="h-ad" { (tr.t("admissions-title")) }
                ul.cards {
                    @for a in &r.admissions {
                        li {
                            @for s in &a.admission.steps { (tr.label(s.step)) " " (tr.date(s.on)) br; }
                            @for d in a.deadlines.iter().filter(|d| d.met.is_none()) {
                                (tr.pick(&d.label_vi, &d.label_en)) ": " (tr.date(d.due)) br;
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The member record's particulars; the citizen ID masked for those who may not edit the member.
fn record_section(tr: crate::web::i18n::Tr, r: &crate::services::party::record::RecordView) -> Markup {
    let rows = r.items();
    html! {
        section aria-labelledby="h-rec" {
            h2 id="h-rec" { (tr.t("member-record")) }
            dl.facts {
                @for (k, v) in rows {
                    @if let Some(v) = v { dt { (tr.t(k)) } dd { (v) } }
                }
            }
        }
    }
}
