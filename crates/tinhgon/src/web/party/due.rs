//! The work due at a unit: one list by deadline, overdue first, each line with the person it
//! concerns and where it comes from.

use crate::web::At;
use axum::response::Response;
use maud::{html, Markup};

use crate::services::party::due;
use crate::web::html::table;
use crate::web::units::{person_link, unit_link};
use crate::web::{respond, PageError};

pub(crate) async fn due_page(At { state, v, at: code }: At<String>) -> Response {
    let run = async {
        let tr = v.tr;
        let unit = tinhgon_domain::UnitCode::parse(&code).map_err(|_| PageError::not_found())?;
        let cx = v.caller.cx();
        let u = unit.clone();
        let items = state.with_store(move |s| Ok(due::at(s, &cx, &u)?)).await?;
        let late = items.iter().filter(|i| i.overdue).count();
        let rows: Vec<Vec<Markup>> = items
            .iter()
            .map(|i| {
                vec![
                    html! { (tr.date(i.due)) @if i.overdue { " " strong.overdue { (tr.t("overdue")) } } },
                    html! { (tr.t(i.work.key())) },
                    html! { @if i.person.is_empty() { "—" } @else { (person_link(&i.person, &i.name)) } },
                    html! { @if i.cell.is_empty() { "—" } @else { (unit_link(&i.cell, &i.cell)) } },
                    html! {
                        @if i.reference.starts_with('/') { a href=(i.reference) { (i.reference) } } @else { (i.reference) }
                    },
                ]
            })
            .collect();
        let head = [tr.t("col-due"), tr.t("col-work"), tr.t("col-name"), tr.t("col-cell"), tr.t("col-reference")];
        let title = tr.f("due-title", &[("unit", unit.to_string())]);
        let body = html! {
            h1 { (title) }
            p.lead role="status" { (tr.f("due-summary", &[("n", tr.int(items.len() as i64)), ("late", tr.int(late as i64))])) }
            (table(&title, &head, &rows, "list"))
        };
        Ok(v.page(&title, body))
    };
    respond(&v, run.await)
}
