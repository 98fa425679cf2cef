//! Restructuring plans (đề án): stored as drafts from files or the plan form, simulated, applied
//! and reverted — each in one transaction, all of it or nothing — and the rules they are judged by.
//!
//! A plan is the caller's only if every unit and person it names lies in their reach; any other
//! plan is absent to them. It is played on the register as the caller sees it, so that an
//! operation naming a unit or person out of reach is refused exactly as one naming an absent one.

pub mod files;

use crate::i18n::both;
use std::collections::HashMap;

use tinhgon_domain::access::Action;
use tinhgon_domain::msg::Msg;
use tinhgon_domain::plan::{self, Finding, Op, Outcome, Plan, PlanError, Snapshot};
use tinhgon_domain::register::UnitVersion;
use tinhgon_domain::rules::{RuleBook, RuleKey};
use tinhgon_domain::{Date, UnitCode};
use tinhgon_store::plans::{self as stored, Applied, Dependent, Reverted};
pub use tinhgon_store::plans::{OverCap, PlanLine, PlanStatus, StaffingCut, StoredPlan};
use tinhgon_store::{Store, StoreError, Tx};

pub use files::{derive_from_mapping, is_mapping, ops_to_csv, parse_ops, OP_COLUMNS};

use crate::files::Table;
use crate::services::lock::{Names, Seen};
use crate::services::register::rows::RowError;
use crate::services::{Absent, Ctx, Error};

/// What the form of a new plan starts from, for those who may draft plans: years to bring
/// surplus deputies within the cap, and the columns of the operations.
pub struct Blank {
    pub surplus_years: u32,
    pub columns: &'static [&'static str],
}

/// The form of a new plan, for those who may draft plans.
pub fn blank(cx: &Ctx) -> Result<Blank, Error> {
    cx.require(Action::ApplyPlans)?;
    Ok(Blank { surplus_years: 3, columns: OP_COLUMNS })
}

/// A draft of the caller's to edit: for those who may draft plans, in reach, and not applied
/// (an applied plan is reverted, never edited).
pub fn editable(s: &mut Store, cx: &Ctx, id: i64) -> Result<StoredPlan, Error> {
    cx.require(Action::ApplyPlans)?;
    let p = get(s, cx, id)?;
    if p.status == PlanStatus::Applied {
        return Err(applied(id));
    }
    Ok(p)
}

fn applied(id: i64) -> Error {
    Error::refused(Msg::new("plan-applied-no-edit").text("id", id))
}

/// Why a plan was not simulated, applied or reverted. Nothing is written in any case.
#[derive(Debug)]
pub enum PlanFailure {
    NotFound(i64),
    /// The plan cannot be played: each error names its operation.
    Refused(Vec<PlanError>),
    /// The result would leave the register inconsistent.
    Blocked(Vec<Finding>),
    /// Later changes build on the applied plan.
    Dependents(Vec<Dependent>),
    /// Applying an applied plan, or reverting one that is not.
    Status {
        id: i64,
        status: PlanStatus,
    },
    Store(StoreError),
}

impl From<StoreError> for PlanFailure {
    fn from(e: StoreError) -> Self {
        PlanFailure::Store(e)
    }
}

impl PlanFailure {
    /// The message for people, Vietnamese then English, one problem per line.
    pub fn messages(&self) -> (String, String) {
        match self {
            PlanFailure::NotFound(id) => both("absent-plan", &[("id", id.to_string())]),
            PlanFailure::Refused(errors) => {
                let vi = errors.iter().map(|e| format!("  {}", crate::i18n::vi(e))).collect::<Vec<_>>().join("\n");
                let en = errors.iter().map(|e| format!("  {}", crate::i18n::en(e))).collect::<Vec<_>>().join("\n");
                let (head_vi, head_en) = both("plan-refused", &[("count", errors.len().to_string())]);
                (format!("{head_vi}\n{vi}"), format!("{head_en}\n{en}"))
            }
            PlanFailure::Blocked(findings) => {
                let line = |f: &Finding, text: String| match f.op {
                    Some(op) => format!("  {} {} (op {op}): {text}", f.unit, f.name),
                    None => format!("  {} {}: {text}", f.unit, f.name),
                };
                let (head_vi, head_en) = both("plan-blocked", &[]);
                (
                    format!(
                        "{head_vi}\n{}",
                        findings.iter().map(|f| line(f, crate::i18n::vi(&f.breach))).collect::<Vec<_>>().join("\n")
                    ),
                    format!(
                        "{head_en}\n{}",
                        findings.iter().map(|f| line(f, crate::i18n::en(&f.breach))).collect::<Vec<_>>().join("\n")
                    ),
                )
            }
            PlanFailure::Dependents(deps) => {
                let list = deps
                    .iter()
                    .map(|d| match d.seq {
                        Some(seq) => format!("  #{seq} {}", d.what),
                        None => format!("  {}", d.what),
                    })
                    .collect::<Vec<_>>();
                let (head_vi, head_en) = both("plan-dependents", &[("count", deps.len().to_string())]);
                (format!("{head_vi}\n{}", list.join("\n")), format!("{head_en}\n{}", list.join("\n")))
            }
            PlanFailure::Status { id, status: PlanStatus::Applied } => {
                both("plan-applied-already", &[("id", id.to_string())])
            }
            PlanFailure::Status { id, status } => {
                crate::i18n::said(&Msg::new("plan-not-applied").text("id", id).label("status", *status))
            }
            PlanFailure::Store(e) if e.is_constraint() => both("plan-not-done", &[("error", e.to_string())]),
            PlanFailure::Store(e) => both("store-error", &[("error", e.to_string())]),
        }
    }
}

/// Why a plan file was not stored.
#[derive(Debug)]
pub enum ImportFailure {
    /// Bad rows, each with its line and column.
    Rows(Vec<RowError>),
    /// The file holds no operations.
    Empty,
    Store(StoreError),
}

impl From<StoreError> for ImportFailure {
    fn from(e: StoreError) -> Self {
        ImportFailure::Store(e)
    }
}

impl ImportFailure {
    /// The message for people, Vietnamese then English; at most `limit` bad rows are listed.
    pub fn messages(&self, limit: usize) -> (String, String) {
        match self {
            ImportFailure::Rows(errors) => {
                let (mut vi, mut en) = both("plan-not-imported", &[("count", errors.len().to_string())]);
                vi.push('\n');
                en.push('\n');
                for e in errors.iter().take(limit) {
                    let (at_vi, at_en) =
                        both("row-error-at", &[("line", e.line.to_string()), ("column", e.column.clone())]);
                    vi.push_str(&format!("  {at_vi}: {}\n", e.vi));
                    en.push_str(&format!("  {at_en}: {}\n", e.en));
                }
                (vi.trim_end().to_string(), en.trim_end().to_string())
            }
            ImportFailure::Empty => both("plan-empty", &[]),
            ImportFailure::Store(e) => both("store-error", &[("error", e.to_string())]),
        }
    }
}

// ---------------------------------------------------------------- reach

/// Every unit and person the operations name.
fn names_of(ops: &[Op]) -> Names<'_> {
    let mut names = Names::new();
    for op in ops {
        for u in op.units() {
            names.unit(u);
        }
        for p in op.people() {
            names.person(p);
        }
    }
    names
}

/// Whether every unit and person the operations name that exists lies in the caller's reach.
fn within_reach(tx: &mut Tx<'_>, cx: &Ctx, ops: &[Op]) -> Result<bool, StoreError> {
    if cx.guard.sees_everything() {
        return Ok(true);
    }
    let names = names_of(ops);
    let sight = cx.guard.sight(tx, &names)?;
    let units_ok = ops.iter().flat_map(|o| o.units()).all(|u| !sight.hides_unit(u));
    let people_ok = ops.iter().flat_map(|o| o.people()).all(|p| !sight.hides_person(p, true));
    Ok(units_ok && people_ok)
}

/// The plan, if it is the caller's.
fn load(tx: &mut Tx<'_>, cx: &Ctx, id: i64) -> Result<StoredPlan, Error> {
    match stored::get(tx, id)? {
        Some(p) if within_reach(tx, cx, &p.plan.ops)? => Ok(p),
        _ => Err(Error::NotFound(Absent::Plan(id))),
    }
}

/// Plays a plan on the register as the caller sees it: the snapshot loses the units and people
/// the plan names out of reach, so that the engine refuses them as absent.
fn play(
    tx: &mut Tx<'_>,
    cx: &Ctx,
    plan: &Plan,
    progress: &mut dyn FnMut(&str),
) -> Result<Result<Outcome, Vec<PlanError>>, StoreError> {
    let mut snap = stored::snapshot(tx, plan, progress)?;
    if !cx.guard.sees_everything() {
        hide(tx, cx, plan, &mut snap)?;
    }
    let rules = stored::rules(tx)?;
    progress("mô phỏng / simulating");
    Ok(plan::run(plan, &snap, &rules))
}

fn hide(tx: &mut Tx<'_>, cx: &Ctx, plan: &Plan, snap: &mut Snapshot) -> Result<(), StoreError> {
    let names = names_of(&plan.ops);
    let sight = cx.guard.sight(tx, &names)?;
    for op in &plan.ops {
        for u in op.units() {
            if sight.hides_unit(u) {
                snap.units.remove(u);
                snap.members.remove(u);
                snap.posts.remove(u);
            }
        }
        for p in op.people() {
            if sight.person(p) == Some(Seen::Hidden) {
                snap.people.remove(p.trim());
            }
        }
    }
    Ok(())
}

/// The operations that name a unit or a person that does not exist or lies out of reach (units
/// the plan creates excepted), as the engine words them.
fn unknown_names(tx: &mut Tx<'_>, cx: &Ctx, ops: &[Op]) -> Result<Vec<PlanError>, StoreError> {
    let names = names_of(ops);
    let sight = cx.guard.sight(tx, &names)?;
    let mut created: std::collections::HashSet<&UnitCode> = std::collections::HashSet::new();
    let mut out = Vec::new();
    for (i, op) in ops.iter().enumerate() {
        let label = op.key();
        match op {
            Op::Establish { unit } => {
                created.insert(&unit.code);
            }
            Op::Merge { into, .. } => {
                created.insert(&into.code);
            }
            Op::Split { parts, .. } => created.extend(parts.iter().map(|p| &p.target)),
            _ => {}
        }
        for u in op.units() {
            let seen = sight.unit(u);
            if !created.contains(u) && !matches!(seen, Some(Seen::Reached)) {
                out.push(PlanError::UnknownUnit { op: i + 1, label, code: u.clone(), gone_by: None });
            }
        }
        for p in op.people() {
            if sight.person(p).is_none() || sight.hides_person(p, true) {
                out.push(PlanError::UnknownPerson { op: i + 1, label, code: p.trim().to_string() });
            }
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------- operations

/// The caller's plans, newest first.
pub fn list(s: &mut Store, cx: &Ctx) -> Result<Vec<PlanLine>, Error> {
    cx.require(Action::ReadPlans)?;
    Ok(s.read(|tx| {
        let mut out = Vec::new();
        for line in stored::list(tx)? {
            if cx.guard.sees_everything()
                || stored::get(tx, line.id)?.is_some_and(|p| within_reach(tx, cx, &p.plan.ops).unwrap_or(false))
            {
                out.push(line);
            }
        }
        Ok(out)
    })?)
}

/// A plan of the caller's, as stored.
pub fn get(s: &mut Store, cx: &Ctx, id: i64) -> Result<StoredPlan, Error> {
    cx.require(Action::ReadPlans)?;
    s.read(|tx| match load(tx, cx, id) {
        Ok(p) => Ok(Ok(p)),
        Err(Error::Store(e)) => Err(e),
        Err(e) => Ok(Err(e)),
    })?
}

/// Plays a plan of the caller's on the register without changing it; with the staffing cut of an
/// applied plan in `year`.
pub fn simulate(
    s: &mut Store,
    cx: &Ctx,
    id: i64,
    year: i32,
    progress: &mut dyn FnMut(&str),
) -> Result<(StoredPlan, Outcome, Option<StaffingCut>), Error> {
    cx.require(Action::ReadPlans)?;
    let p = s.read(|tx| Ok(load(tx, cx, id)))??;
    let (outcome, cut) = s.read(|tx| Ok((play(tx, cx, &p.plan, progress)?, stored::staffing_cut(tx, id, year)?)))?;
    let outcome = outcome.map_err(PlanFailure::Refused)?;
    Ok((p, outcome, cut))
}

/// A plan as its page shows it.
pub struct PlanView {
    pub plan: StoredPlan,
    /// Its staffing cut in the year asked, once applied.
    pub cut: Option<StaffingCut>,
    /// Its simulation, or why it cannot be played.
    pub outcome: Result<Outcome, PlanFailure>,
}

/// A plan of the caller's as its page shows it.
pub fn view(s: &mut Store, cx: &Ctx, id: i64, year: i32) -> Result<PlanView, Error> {
    cx.require(Action::ReadPlans)?;
    let plan = s.read(|tx| Ok(load(tx, cx, id)))??;
    let (outcome, cut) =
        s.read(|tx| Ok((play(tx, cx, &plan.plan, &mut |_| {})?, stored::staffing_cut(tx, id, year)?)))?;
    Ok(PlanView { plan, cut, outcome: outcome.map_err(PlanFailure::Refused) })
}

/// Applies a plan of the caller's in one transaction, from a snapshot taken inside it.
pub fn apply(s: &mut Store, cx: &Ctx, id: i64, progress: &mut dyn FnMut(&str)) -> Result<(Outcome, Applied), Error> {
    cx.require(Action::ApplyPlans)?;
    s.write(cx.actor(), &cx.now, |w| {
        let p = load(w.tx(), cx, id)?;
        if p.status == PlanStatus::Applied {
            return Err(PlanFailure::Status { id, status: p.status }.into());
        }
        let outcome = play(w.tx(), cx, &p.plan, progress)?.map_err(PlanFailure::Refused)?;
        let blocking: Vec<Finding> = outcome.blocking().cloned().collect();
        if !blocking.is_empty() {
            return Err(PlanFailure::Blocked(blocking).into());
        }
        let total = outcome.changes.size();
        progress(&format!("ghi {total} dòng / writing {total} rows"));
        let applied = w.apply_plan(id, &p.plan, &outcome.changes, &outcome.report.surplus, &mut |done, total| {
            progress(&format!("{done}/{total}"))
        })?;
        Ok((outcome, applied))
    })
}

/// Undoes an applied plan of the caller's in one transaction, or says which later changes prevent it.
pub fn revert(s: &mut Store, cx: &Ctx, id: i64, progress: &mut dyn FnMut(&str)) -> Result<u64, Error> {
    cx.require(Action::ApplyPlans)?;
    s.write(cx.actor(), &cx.now, |w| {
        let p = load(w.tx(), cx, id)?;
        if p.status != PlanStatus::Applied {
            return Err(PlanFailure::Status { id, status: p.status }.into());
        }
        match w.revert_plan(id, &mut |done, total| progress(&format!("{done}/{total}")))? {
            Reverted::Done { rows } => Ok(rows),
            Reverted::Blocked { dependents } => Err(PlanFailure::Dependents(dependents).into()),
        }
    })
}

/// The units in force on a date, by code: what a mapping is derived against.
pub fn units_in_force(
    store: &mut Store,
    on: tinhgon_domain::Date,
) -> Result<HashMap<UnitCode, UnitVersion>, StoreError> {
    store.read(|tx| {
        let mut map = HashMap::new();
        tinhgon_store::units::all_versions(tx, |v| {
            if v.validity.contains(on) {
                map.insert(v.code.clone(), v);
            }
            Ok(())
        })?;
        Ok(map)
    })
}

/// Reads a plan's operations from a table: operations, or a mapping derived against `units`
/// (the units in force on the plan's effective date).
pub fn ops_from(table: &Table, units: &HashMap<UnitCode, UnitVersion>) -> Result<Vec<Op>, ImportFailure> {
    let mut errors = Vec::new();
    let ops = if is_mapping(table) {
        derive_from_mapping(table, &mut errors, &|c| units.get(c).cloned())
    } else {
        if let Err(e) = table.require(&["op", "unit"]) {
            return Err(ImportFailure::Rows(vec![RowError { line: 1, column: "op".into(), vi: e.vi(), en: e.en() }]));
        }
        parse_ops(table, &mut errors)
    };
    if !errors.is_empty() {
        return Err(ImportFailure::Rows(errors));
    }
    if ops.is_empty() {
        return Err(ImportFailure::Empty);
    }
    Ok(ops)
}

/// Stores a plan as a new draft (`id` None) or over the caller's draft `id`, reading its
/// operations from a table; returns its id. Every unit and person the plan names must exist and
/// lie in the caller's reach, or be a unit the plan itself creates: an operation naming one that
/// does not — or one out of reach, which reads the same — is refused, and nothing is stored.
pub fn save(s: &mut Store, cx: &Ctx, id: Option<i64>, table: &Table, plan: Plan) -> Result<(i64, usize), Error> {
    cx.require(Action::ApplyPlans)?;
    if let Some(id) = id {
        if s.read(|tx| Ok(load(tx, cx, id)))??.status == PlanStatus::Applied {
            return Err(applied(id));
        }
    }
    let units = if is_mapping(table) {
        if cx.guard.sees_everything() {
            units_in_force(s, plan.effective)?
        } else {
            // A scoped caller derives against the units they reach.
            let all = units_in_force(s, plan.effective)?;
            let codes: Vec<UnitCode> = all.keys().cloned().collect();
            let reached = s.read(|tx| cx.guard.readable_units(tx, codes, |c| c.as_str()))?;
            reached.into_iter().filter_map(|c| all.get(&c).cloned().map(|v| (c, v))).collect()
        }
    } else {
        HashMap::new()
    };
    let ops = ops_from(table, &units).map_err(Error::from)?;
    let plan = Plan { ops, ..plan };
    let unknown = s.read(|tx| unknown_names(tx, cx, &plan.ops))?;
    if !unknown.is_empty() {
        return Err(PlanFailure::Refused(unknown).into());
    }
    let n = plan.ops.len();
    let id = s.write(cx.actor(), &cx.now, |w| match id {
        Some(id) => w.update_plan(id, &plan).map(|()| id),
        None => w.create_plan(&plan, &cx.now),
    })?;
    Ok((id, n))
}

/// Saves a plan from a form whose reading may have failed: the role and the plan's reach are
/// asked first, so that a refusal says nothing of the form; then the form's own errors come back
/// as they were, or the plan is saved as [`save`] does.
pub fn save_read<E>(
    s: &mut Store,
    cx: &Ctx,
    id: Option<i64>,
    read: Result<(Table, Plan), E>,
) -> Result<Result<(i64, usize), E>, Error> {
    match (read, id) {
        // `save` asks the role and the draft's reach itself before it reads anything.
        (Ok((table, plan)), _) => save(s, cx, id, &table, plan).map(Ok),
        (Err(e), Some(id)) => editable(s, cx, id).map(|_| Err(e)),
        (Err(e), None) => cx.require(Action::ApplyPlans).map(|()| Err(e)),
    }
}

/// Units above their deputy cap after applied plans, with their deadline, within reach.
pub fn over_cap(s: &mut Store, cx: &Ctx, on: Date) -> Result<Vec<OverCap>, Error> {
    cx.require(Action::ReadPlans)?;
    Ok(s.read(|tx| {
        let all = stored::over_cap(tx, on)?;
        cx.guard.readable_units(tx, all, |o| o.unit.as_str())
    })?)
}

/// The rules plans are judged by, with their intervals and sources.
pub fn rules(s: &mut Store, cx: &Ctx) -> Result<RuleBook, Error> {
    cx.require(Action::ReadPlans)?;
    Ok(s.read(stored::rules)?)
}

/// Records a new value of a rule from a date (the administrator's), refusing an empty source or a
/// second value of the rule on the same day; nothing is written then.
pub fn set_rule(s: &mut Store, cx: &Ctx, (key, from, value): (RuleKey, Date, i64), source: &str) -> Result<(), Error> {
    cx.require(Action::Administer)?;
    if source.trim().is_empty() {
        return Err(Error::said("source", Msg::new("plan-source-document-required")));
    }
    let book = s.read(stored::rules)?;
    if book.values().iter().any(|v| v.key == key && v.validity.from == from) {
        return Err(Error::said(
            "from",
            Msg::new("plan-already-value-from-choose-another").text("code", key.code()).text("from", from.vn()),
        ));
    }
    s.write(cx.actor(), &cx.now, |w| w.set_rule(key, from, value, source.trim()))?;
    Ok(())
}

/// Records a rule's value from a form whose reading may have failed: the role is asked first, then
/// the form's own errors come back as they were, or the value is recorded as [`set_rule`] does.
pub fn set_rule_read<E>(
    s: &mut Store,
    cx: &Ctx,
    read: Result<((RuleKey, Date, i64), String), E>,
) -> Result<Result<(), E>, Error> {
    cx.require(Action::Administer)?;
    match read {
        Err(e) => Ok(Err(e)),
        Ok((value, source)) => set_rule(s, cx, value, &source).map(Ok),
    }
}

impl From<ImportFailure> for Error {
    fn from(e: ImportFailure) -> Self {
        match e {
            ImportFailure::Rows(rows) => Error::Invalid(rows),
            ImportFailure::Empty => {
                let (vi, en) = e.messages(0);
                Error::field("ops", vi, en)
            }
            ImportFailure::Store(e) => Error::Store(e),
        }
    }
}

/// The staffing cut of an applied plan in the sentence the seeds use, in Vietnamese and English.
pub fn cut_sentence(cut: &StaffingCut) -> (String, String) {
    let key = if cut.cut >= 0 { "plan-cut-down" } else { "plan-cut-up" };
    let mut m = Msg::new(key)
        .int("baseline", cut.baseline)
        .text("baseline_year", cut.baseline_year)
        .int("now", cut.now)
        .text("year", cut.year)
        .int("cut", cut.cut.abs());
    if let Some(t) = cut.target {
        if let Some(p) = tinhgon_domain::text::format_percent(cut.cut, i64::from(t)) {
            m = Msg::new("plan-cut-with-target").said("cut", m).text("share", p).int("target", i64::from(t));
        }
    }
    crate::i18n::said(&m)
}
