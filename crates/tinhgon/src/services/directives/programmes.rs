//! The tasks of a programme, plan or project: assigned to units with deadlines, their progress
//! reported by the units (who and when kept), rolled up the task tree and the unit tree by the
//! method the programme chose, the overdue ones in the work due of their units, and the
//! overlapping instructions — another document in force giving the same unit a task on the same
//! subject in an overlapping period.
//!
//! The document must be in sight. Tasks are written by those who reach the issuer; progress is
//! reported by those who reach the task's unit or the issuer.

use crate::services::scope::row_in_reach;
use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap, HashSet};
use tinhgon_domain::msg::Msg;

use serde::Serialize;
use tinhgon_domain::access::Action;
use tinhgon_domain::directives::document::DocStatus;
use tinhgon_domain::directives::task::{self as rules, Rollup, Span};
use tinhgon_domain::msg::Said;
use tinhgon_domain::{Date, UnitCode};
use tinhgon_store::directives::documents::{self as docs, DocumentRow};
use tinhgon_store::directives::tasks::{self as store, NewTask};
pub use tinhgon_store::directives::tasks::{ProgrammeRow, TaskRow};
use tinhgon_store::{units, Store, StoreError, Tx};

use super::documents::seen;
use crate::services::{Absent, Ctx, Error};

/// What adding a task names.
#[derive(Default)]
pub struct TaskDraft {
    pub parent: Option<i64>,
    pub unit: Option<UnitCode>,
    pub title: Option<String>,
    pub topic: Option<String>,
    pub starts_on: Option<Date>,
    pub deadline: Option<Date>,
    pub weight: Option<i64>,
}

/// A task in its tree, with its progress rolled up from its sub-tasks.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct TaskNode {
    #[serde(flatten)]
    pub task: TaskRow,
    pub depth: usize,
    /// Its own progress for a task without sub-tasks or set by hand; rolled up otherwise.
    pub rolled: u8,
    pub overdue: bool,
}

/// A unit's progress on the programme: its tasks and those of the units under it.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct UnitProgress {
    pub unit: String,
    pub name: String,
    pub tasks: usize,
    pub progress: Option<u8>,
}

/// A task of this document and a task of another document in force that give the same unit the
/// same subject in overlapping periods.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Overlap {
    pub unit: String,
    pub unit_name: String,
    pub task: i64,
    pub title: String,
    pub document: i64,
    pub sign: Option<String>,
    pub other_task: i64,
    pub other_title: String,
    pub other_document: i64,
    pub other_sign: Option<String>,
}

/// A programme's tasks and progress.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Tracking {
    pub rollup: Rollup,
    /// The programme's progress: rolled up from its tasks, or set by hand.
    pub progress: Option<u8>,
    pub set_by: Option<String>,
    pub set_at: Option<String>,
    pub tasks: Vec<TaskNode>,
    pub by_unit: Vec<UnitProgress>,
    pub overlaps: Vec<Overlap>,
}

/// A progress refused by the rules, on the field it is about.
fn refused(r: &rules::ProgressRefusal) -> Error {
    Error::said(r.field_and_key().0, r.msg())
}

fn absent_doc(id: i64) -> Error {
    Error::NotFound(Absent::said(Msg::new("document-absent").text("id", id)))
}

fn absent_task(id: i64) -> Error {
    Error::NotFound(Absent::said(Msg::new("programme-there-no-task").text("id", id)))
}

/// A document in sight whose issuer is in reach: the one who may write its tasks.
fn owned(tx: &mut Tx<'_>, cx: &Ctx, id: i64) -> Result<DocumentRow, Error> {
    row_in_reach(tx, cx, |tx| seen(tx, cx, id))?.ok_or_else(|| absent_doc(id))
}

/// Adds a task to a programme, plan or project; returns its id.
pub fn add_task(s: &mut Store, cx: &Ctx, document: i64, t: &TaskDraft) -> Result<i64, Error> {
    cx.require(Action::Direct)?;
    s.write(cx.actor(), &cx.now, |w| {
        let d = owned(w.tx(), cx, document)?;
        if !d.kind.has_tasks() {
            return Err(Error::refused(Msg::new("programme-kind-has-no-tasks").label("kind", d.kind)));
        }
        let unit = t.unit.as_ref().ok_or_else(|| Error::said("unit", Msg::new("programme-name-unit-task-given")))?;
        if cx.guard.unit(w.tx(), unit).is_err() {
            return Err(Error::said("unit", Msg::new("programme-there-no-unit").text("unit", unit)));
        }
        let starts_on = t.starts_on.or(d.valid_from).or(d.issued_on).unwrap_or(cx.today);
        let draft = rules::TaskDraft {
            title: t.title.as_deref(),
            topic: t.topic.as_deref(),
            starts_on,
            deadline: t.deadline,
            weight: t.weight,
        };
        let bounds = rules::Bounds { ends: d.valid_to, sign: d.sign.as_deref(), kind: d.kind };
        let rules::Task { title, topic, deadline, weight } =
            rules::check_task(&draft, &bounds).map_err(|e| Error::said(e.field(), e.msg()))?;
        if units::at(w.tx(), unit, starts_on)?.is_none() && units::at(w.tx(), unit, deadline)?.is_none() {
            return Err(Error::said("unit", Msg::new("programme-does-not-exist-during-task").text("unit", unit)));
        }
        if let Some(p) = t.parent {
            match store::get(w.tx(), p)? {
                Some(parent) if parent.document == document => {}
                _ => return Err(Error::said("parent", Msg::new("programme-this-document-no-task").text("p", p))),
            }
        }
        let (title, topic) = (title.as_str(), topic.as_deref());
        Ok(w.insert_task(&NewTask { document, parent: t.parent, unit, title, topic, starts_on, deadline, weight })?)
    })
}

/// Reports the progress of a task, in per cent; who reported it and when are kept.
pub fn report(s: &mut Store, cx: &Ctx, task: i64, progress: Option<i64>, note: Option<&str>) -> Result<(), Error> {
    cx.require(Action::Direct)?;
    s.write(cx.actor(), &cx.now, |w| {
        let t = store::get(w.tx(), task)?.ok_or_else(|| absent_task(task))?;
        let d = seen(w.tx(), cx, t.document)?.ok_or_else(|| absent_task(task))?;
        if !cx.guard.reaches(w.tx(), &t.unit) && !cx.guard.reaches(w.tx(), &d.issuer) {
            return Err(absent_task(task));
        }
        let p = rules::reported(progress, note).map_err(|r| refused(&r))?;
        w.report_task(&t, i64::from(p), note.map(str::trim).filter(|n| !n.is_empty()))?;
        Ok(())
    })
}

/// The document of a task in sight.
pub fn document_of(s: &mut Store, cx: &Ctx, task: i64) -> Result<i64, Error> {
    cx.require(Action::Read)?;
    crate::services::read(s, |tx| {
        let t = store::get(tx, task)?.ok_or_else(|| absent_task(task))?;
        seen(tx, cx, t.document)?.map(|d| d.id).ok_or_else(|| absent_task(task))
    })
}

/// Sets a programme's roll-up method; by hand, with its progress (who and when are kept).
pub fn set_method(s: &mut Store, cx: &Ctx, document: i64, rollup: Rollup, progress: Option<i64>) -> Result<(), Error> {
    cx.require(Action::Direct)?;
    s.write(cx.actor(), &cx.now, |w| {
        let d = owned(w.tx(), cx, document)?;
        if !d.kind.has_tasks() {
            return Err(Error::said("rollup", Msg::new("programme-only-programmes-plans-projects-progress")));
        }
        let progress = rules::set_with(rollup, progress).map_err(|r| refused(&r))?.map(i64::from);
        w.set_programme(document, rollup, progress)?;
        Ok(())
    })
}

/// Each task with its depth and progress rolled up from its sub-tasks, in tree order.
fn tree(tasks: &[TaskRow], method: Rollup, today: Date) -> Vec<TaskNode> {
    let mut children: HashMap<Option<i64>, Vec<&TaskRow>> = HashMap::new();
    for t in tasks {
        children.entry(t.parent).or_default().push(t);
    }
    fn value(t: &TaskRow, children: &HashMap<Option<i64>, Vec<&TaskRow>>, method: Rollup) -> u8 {
        let own = rules::percent(t.progress).unwrap_or(0);
        match children.get(&Some(t.id)) {
            Some(kids) if method != Rollup::Manual => {
                let parts: Vec<(u32, u8)> =
                    kids.iter().map(|k| (k.weight as u32, value(k, children, method))).collect();
                rules::roll_up(method, &parts).unwrap_or(own)
            }
            _ => own,
        }
    }
    let mut out = Vec::new();
    let mut stack: Vec<(&TaskRow, usize)> = children.get(&None).into_iter().flatten().rev().map(|t| (*t, 0)).collect();
    while let Some((t, depth)) = stack.pop() {
        let rolled = value(t, &children, method);
        out.push(TaskNode { task: t.clone(), depth, rolled, overdue: rolled < 100 && t.deadline < today });
        for k in children.get(&Some(t.id)).into_iter().flatten().rev() {
            stack.push((k, depth + 1));
        }
    }
    out
}

/// The units from a unit up to (and with) the issuer, by the tree of the day.
fn line_up(tx: &mut Tx<'_>, unit: &str, issuer: &str, on: Date) -> Result<Vec<(String, String)>, StoreError> {
    let mut out = Vec::new();
    let mut at = UnitCode::parse(unit).ok();
    for _ in 0..16 {
        let Some(code) = at else { break };
        let Some(v) = units::at(tx, &code, on)?.or(units::history(tx, &code)?.pop()) else { break };
        out.push((code.to_string(), v.name.clone()));
        if code.as_str() == issuer {
            break;
        }
        at = v.parent;
    }
    Ok(out)
}

/// The progress of each unit given tasks, and of each unit above them up to the issuer: the
/// topmost tasks at or under it, rolled up (by equal weights when the programme is set by hand).
fn by_unit(
    tx: &mut Tx<'_>,
    d: &DocumentRow,
    nodes: &[TaskNode],
    method: Rollup,
    on: Date,
) -> Result<Vec<UnitProgress>, StoreError> {
    let mut lines: HashMap<String, Vec<(String, String)>> = HashMap::new();
    for n in nodes {
        if !lines.contains_key(&n.task.unit) {
            let l = line_up(tx, &n.task.unit, &d.issuer, on)?;
            lines.insert(n.task.unit.clone(), l);
        }
    }
    let unit_of: HashMap<i64, &str> = nodes.iter().map(|n| (n.task.id, n.task.unit.as_str())).collect();
    let mut parts: BTreeMap<String, (String, Vec<(u32, u8)>)> = BTreeMap::new();
    let method = if method == Rollup::Manual { Rollup::Equal } else { method };
    for n in nodes {
        let Some(line) = lines.get(&n.task.unit) else { continue };
        let parent_line: HashSet<&str> = n
            .task
            .parent
            .and_then(|p| unit_of.get(&p))
            .and_then(|u| lines.get(*u))
            .map(|l| l.iter().map(|(c, _)| c.as_str()).collect())
            .unwrap_or_default();
        for (code, name) in line {
            // A task counts for a unit when its parent task is not already counted there.
            if !parent_line.contains(code.as_str()) {
                parts
                    .entry(code.clone())
                    .or_insert_with(|| (name.clone(), Vec::new()))
                    .1
                    .push((n.task.weight as u32, n.rolled));
            }
        }
    }
    Ok(parts
        .into_iter()
        .map(|(unit, (name, p))| UnitProgress { unit, name, tasks: p.len(), progress: rules::roll_up(method, &p) })
        .collect())
}

/// Whether a document was ever in force (issued, whether or not it still is).
fn was_issued(d: &DocumentRow) -> bool {
    d.status != DocStatus::Draft
}

/// The part of a task's period its document was in force.
fn in_force_span(t: &TaskRow, d: &DocumentRow) -> (Date, Date) {
    let from = d.issued_on.map_or(t.starts_on, |i| t.starts_on.max(i));
    let to = d.valid_to.map_or(t.deadline, |v| t.deadline.min(v));
    (from, to)
}

/// The overlaps between some tasks and the tasks of other documents in force, in sight, given to
/// the same units.
fn overlaps_of(tx: &mut Tx<'_>, cx: &Ctx, mine: &[TaskRow]) -> Result<Vec<Overlap>, StoreError> {
    let units: Vec<String> = mine.iter().map(|t| t.unit.clone()).collect::<HashSet<_>>().into_iter().collect();
    let mut all: Vec<TaskRow> = mine.to_vec();
    let mine_ids: HashSet<i64> = mine.iter().map(|t| t.id).collect();
    let mut documents: HashMap<i64, Option<DocumentRow>> = HashMap::new();
    for t in store::of_units(tx, &units)? {
        if !mine_ids.contains(&t.id) {
            all.push(t);
        }
    }
    for t in &all {
        if let Entry::Vacant(e) = documents.entry(t.document) {
            let d = match docs::get(tx, t.document)? {
                Some(d) if was_issued(&d) && super::documents::sees(tx, cx, &d)? => Some(d),
                _ => None,
            };
            e.insert(d);
        }
    }
    let all: Vec<TaskRow> =
        all.into_iter().filter(|t| documents.get(&t.document).is_some_and(Option::is_some)).collect();
    let spans: Vec<Span<'_>> = all
        .iter()
        .filter_map(|t| {
            let d = documents.get(&t.document)?.as_ref()?;
            let (from, to) = in_force_span(t, d);
            Some(Span {
                document: t.document,
                unit: &t.unit,
                subject: t.topic.as_deref().unwrap_or(&t.title),
                from,
                to,
            })
        })
        .collect();
    let sign = |id: i64| documents.get(&id).and_then(|d| d.as_ref()).and_then(|d| d.sign.clone());
    let mut out = Vec::new();
    for (i, j) in rules::overlaps(&spans) {
        let (Some(a), Some(b)) = (all.get(i), all.get(j)) else { continue };
        let (a, b) = if mine_ids.contains(&a.id) { (a, b) } else { (b, a) };
        if !mine_ids.contains(&a.id) {
            continue;
        }
        out.push(Overlap {
            unit: a.unit.clone(),
            unit_name: a.unit_name.clone(),
            task: a.id,
            title: a.title.clone(),
            document: a.document,
            sign: sign(a.document),
            other_task: b.id,
            other_title: b.title.clone(),
            other_document: b.document,
            other_sign: sign(b.document),
        });
    }
    Ok(out)
}

/// A programme's tasks in sight with their progress, its progress by unit, and its overlaps.
pub fn tracking(s: &mut Store, cx: &Ctx, document: i64) -> Result<Tracking, Error> {
    cx.require(Action::Read)?;
    crate::services::read(s, |tx| {
        let d = seen(tx, cx, document)?.ok_or_else(|| absent_doc(document))?;
        let p = store::programme(tx, document)?;
        let method = p.as_ref().map_or(Rollup::Equal, |p| p.rollup);
        let tasks = store::of_document(tx, document)?;
        let nodes = tree(&tasks, method, cx.today);
        let progress = match (&p, method) {
            (Some(p), Rollup::Manual) => p.progress.and_then(rules::percent),
            _ => {
                let top: Vec<(u32, u8)> =
                    nodes.iter().filter(|n| n.depth == 0).map(|n| (n.task.weight as u32, n.rolled)).collect();
                rules::roll_up(method, &top)
            }
        };
        let by_unit = by_unit(tx, &d, &nodes, method, cx.today)?;
        let overlaps = if was_issued(&d) { overlaps_of(tx, cx, &tasks)? } else { Vec::new() };
        Ok(Tracking {
            rollup: method,
            progress,
            set_by: p.as_ref().and_then(|p| p.set_by.clone()),
            set_at: p.as_ref().and_then(|p| p.set_at.clone()),
            tasks: nodes,
            by_unit,
            overlaps,
        })
    })
}

/// A task given to a unit, with the document it comes from.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct UnitTask {
    #[serde(flatten)]
    pub task: TaskRow,
    pub sign: Option<String>,
    pub overdue: bool,
}

/// The tasks given to a unit in reach by documents in sight, and their overlaps.
pub fn of_unit(s: &mut Store, cx: &Ctx, unit: &UnitCode) -> Result<(Vec<UnitTask>, Vec<Overlap>), Error> {
    cx.require(Action::Read)?;
    crate::services::read(s, |tx| {
        cx.guard.unit(tx, unit)?;
        let mut out = Vec::new();
        let mut mine = Vec::new();
        for t in store::of_units(tx, &[unit.to_string()])? {
            let Some(d) = seen(tx, cx, t.document)? else { continue };
            let overdue = t.progress < 100 && t.deadline < cx.today && d.status == DocStatus::Issued;
            if was_issued(&d) {
                mine.push(t.clone());
            }
            out.push(UnitTask { task: t, sign: d.sign, overdue });
        }
        let overlaps = overlaps_of(tx, cx, &mine)?;
        Ok((out, overlaps))
    })
}

/// The overdue tasks of issued documents given to a unit or the units under it (the work due).
pub(crate) fn overdue(tx: &mut Tx<'_>, root: &UnitCode, today: Date) -> Result<Vec<UnitTask>, StoreError> {
    let mut out = Vec::new();
    let mut documents: HashMap<i64, Option<DocumentRow>> = HashMap::new();
    for t in store::overdue_under(tx, root, today)? {
        if let Entry::Vacant(e) = documents.entry(t.document) {
            e.insert(docs::get(tx, t.document)?);
        }
        if let Some(Some(d)) = documents.get(&t.document) {
            if d.status == DocStatus::Issued {
                out.push(UnitTask { task: t, sign: d.sign.clone(), overdue: true });
            }
        }
    }
    Ok(out)
}
