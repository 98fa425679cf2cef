//! The tasks of a programme on its document's page: the task tree with each task's progress
//! rolled up, a form per task that reports its progress, the form that adds a task, the roll-up
//! method (or the progress set by hand, with who and when), the progress by unit, and the
//! overlapping instructions; and on a unit's page, the tasks given to it. The forms are taken by
//! [`super::task_forms`].

use maud::{html, Markup};
use tinhgon_domain::access::Action;
use tinhgon_domain::directives::task::Rollup;

use super::shown::{Shown, Which};
use crate::services::directives::documents::DocumentRow;
use crate::services::directives::programmes::{Overlap, Tracking, UnitTask};
use crate::web::forms::{field, form, options, Field, Input};
use crate::web::html::table;
use crate::web::i18n::Tr;
use crate::web::units::unit_link;
use crate::web::Viewer;

pub(super) fn task_fields() -> Vec<Field> {
    vec![
        field("title", "f-task-title", Input::Text, true),
        field("unit", "f-task-unit", Input::Text, true),
        field("topic", "f-task-topic", Input::Text, false),
        field("starts_on", "f-task-starts-on", Input::Date, false),
        field("deadline", "f-task-deadline", Input::Date, true),
        field("weight", "f-task-weight", Input::Text, false),
        field("parent", "f-task-parent", Input::Text, false),
    ]
}

pub(super) fn rollup_fields(tr: Tr) -> Vec<Field> {
    vec![
        field("rollup", "f-rollup", options(Rollup::ALL, Rollup::code, |r| tr.label(r), false), true),
        field("progress", "f-rollup-progress", Input::Text, false),
    ]
}

fn percent(p: Option<u8>) -> String {
    p.map_or_else(|| "—".into(), |p| format!("{p}%"))
}

fn overlaps_box(tr: Tr, overlaps: &[Overlap]) -> Markup {
    html! {
        @if !overlaps.is_empty() {
            div.notice.warning role="alert" {
                p { strong { (tr.f("overlaps-found", &[("n", overlaps.len().to_string())])) } }
                ul {
                    @for o in overlaps {
                        li {
                            (unit_link(&o.unit, &o.unit_name)) ": “" (o.title) "” ("
                            a href=(format!("/documents/{}", o.document)) { (o.sign.clone().unwrap_or_default()) }
                            ") — “" (o.other_title) "” ("
                            a href=(format!("/documents/{}", o.other_document)) { (o.other_sign.clone().unwrap_or_default()) }
                            ")"
                        }
                    }
                }
            }
        }
    }
}

fn report_form(v: &Viewer, id: i64, shown: &Shown<'_>) -> Markup {
    let tr = v.tr;
    let (values, errors) = shown.of(Which::Progress(id));
    let get = |k: &str| values.get(k).cloned().unwrap_or_default();
    html! {
        form.inline method="post" action=(format!("/tasks/{id}/progress")) novalidate {
            input type="hidden" name="_csrf" value=(v.caller.csrf());
            label for=(format!("t{id}-progress")) { (tr.t("f-task-progress")) }
            input id=(format!("t{id}-progress")) name="progress" value=(get("progress")) size="4" maxlength="3" inputmode="numeric";
            label for=(format!("t{id}-note")) { (tr.t("f-task-note")) }
            input id=(format!("t{id}-note")) name="note" value=(get("note")) maxlength="500";
            button type="submit" { (tr.t("save")) }
            @for e in errors { span.field-error { (crate::web::forms::message(tr, e)) } }
        }
    }
}

/// The tasks section of a document's page.
pub(crate) fn section(v: &Viewer, doc: &DocumentRow, t: &Tracking, shown: &Shown<'_>) -> Markup {
    let tr = v.tr;
    let writes = v.may(Action::Direct);
    let rows: Vec<Vec<Markup>> = t
        .tasks
        .iter()
        .map(|n| {
            let mut r = vec![
                html! { (n.task.id) },
                html! { span style=(format!("padding-left:{}em", n.depth * 2)) { (n.task.title) } },
                unit_link(&n.task.unit, &n.task.unit_name),
                html! { (tr.date(n.task.deadline)) @if n.overdue { " " strong.overdue { (tr.t("task-overdue")) } } },
                html! { (n.rolled) "%" },
                html! { (tr.label(n.task.status)) },
                html! { (n.task.progress_by.clone().unwrap_or_default()) " " (n.task.progress_at.clone().unwrap_or_default()) },
            ];
            if writes {
                r.push(report_form(v, n.task.id, shown));
            }
            r
        })
        .collect();
    let mut head = vec![
        tr.t("col-number"),
        tr.t("col-task"),
        tr.t("col-unit"),
        tr.t("col-deadline"),
        tr.t("col-progress"),
        tr.t("col-status"),
        tr.t("col-reported"),
    ];
    if writes {
        head.push(tr.t("col-report"));
    }
    let units: Vec<Vec<Markup>> = t
        .by_unit
        .iter()
        .map(|u| vec![unit_link(&u.unit, &u.name), html! { (u.tasks) }, html! { (percent(u.progress)) }])
        .collect();
    let (task_values, task_errors) = shown.of(Which::Task);
    let (rollup_values, rollup_errors) = shown.of(Which::Rollup);
    html! {
        h2 { (tr.t("doc-tasks")) }
        (overlaps_box(tr, &t.overlaps))
        p.lead role="status" {
            (tr.f("programme-progress", &[("progress", percent(t.progress)), ("method", tr.label(t.rollup).to_string())]))
            @if let (Some(by), Some(at)) = (&t.set_by, &t.set_at) { " " (tr.f("programme-set-by", &[("by", by.clone()), ("at", at.clone())])) }
        }
        @if rows.is_empty() { p { (tr.t("tasks-none")) } } @else { (table(&tr.t("doc-tasks"), &head, &rows, "list")) }
        @if !units.is_empty() {
            (table(&tr.t("tasks-by-unit"), &[tr.t("col-unit"), tr.t("col-tasks"), tr.t("col-progress")], &units, "list"))
        }
        @if writes && doc.kind.has_tasks() {
            h3 { (tr.t("task-new")) }
            (form(tr, &format!("/documents/{}/tasks", doc.id), v.caller.csrf(), &task_fields(), task_values, task_errors, "save"))
            h3 { (tr.t("rollup-title")) }
            (form(tr, &format!("/documents/{}/rollup", doc.id), v.caller.csrf(), &rollup_fields(tr), rollup_values, rollup_errors, "save"))
        }
    }
}

/// The tasks given to a unit, on its documents page.
pub(crate) fn unit_section(tr: Tr, tasks: &[UnitTask], overlaps: &[Overlap]) -> Markup {
    let rows: Vec<Vec<Markup>> = tasks
        .iter()
        .map(|t| {
            vec![
                html! { a href=(format!("/documents/{}", t.task.document)) { (t.sign.clone().unwrap_or_else(|| tr.t("doc-draft"))) } },
                html! { (t.task.title) },
                html! { (tr.date(t.task.deadline)) @if t.overdue { " " strong.overdue { (tr.t("task-overdue")) } } },
                html! { (t.task.progress) "%" },
            ]
        })
        .collect();
    html! {
        @if !rows.is_empty() || !overlaps.is_empty() {
            h2 { (tr.t("unit-tasks")) }
            (overlaps_box(tr, overlaps))
            (table(&tr.t("unit-tasks"), &[tr.t("col-sign"), tr.t("col-task"), tr.t("col-deadline"), tr.t("col-progress")], &rows, "list"))
        }
    }
}
