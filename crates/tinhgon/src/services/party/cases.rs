//! Inspection work: the inspection commission's yearly programme of inspections and supervisions,
//! the denunciations (anonymous ones recorded, not handled) and complaints it receives with their
//! time limits in working days, their conclusions and follow-up. Every case is confidential until
//! its decision is announced: only its handlers see it before ([`crate::services::lock::Guard::case`]),
//! and only they see who sent a denunciation or complaint.

use tinhgon_domain::access::Action;
use tinhgon_domain::msg::Msg;
use tinhgon_domain::party::discipline::{self, CaseKind, Mode};
use tinhgon_domain::{Date, UnitCode};
use tinhgon_store::party::cases::{self as store, Conclusion, NewCase};
use tinhgon_store::{units, Store, StoreError, Tx, Writer};

use crate::services::{Ctx, Error};

pub use super::confidential::View;
pub(crate) use super::confidential::{absent, seen};
pub use tinhgon_store::party::cases::DisciplineRow;

/// What opening a case names.
#[derive(Clone, Debug, Default)]
pub struct Open {
    pub kind: Option<CaseKind>,
    pub mode: Option<Mode>,
    pub handler: Option<UnitCode>,
    pub year: Option<i32>,
    pub planned: bool,
    pub subject_unit: Option<UnitCode>,
    pub subject_person: Option<String>,
    pub title: String,
    pub team: Option<String>,
    pub period: (Option<Date>, Option<Date>),
    pub opened_on: Option<Date>,
    pub anonymous: bool,
    pub sender: Option<String>,
    /// For a complaint: the discipline decision complained about.
    pub discipline: Option<i64>,
}

/// What concluding (or answering) a case records.
#[derive(Clone, Debug, Default)]
pub struct Conclude {
    pub concluded_on: Option<Date>,
    pub conclusion: String,
    pub follow_up: Option<String>,
    pub outcome: Option<String>,
    pub extended_to: Option<Date>,
    pub announced_on: Option<Date>,
}

fn field(name: &str, vi: String, en: String) -> Error {
    Error::field(name, vi, en)
}

/// A party organization in force on a day, for a handler or a subject.
fn party_unit(w: &mut Writer<'_, '_>, code: &UnitCode, on: Date, column: &str) -> Result<(), Error> {
    match units::at(w.tx(), code, on)? {
        Some(v) if v.kind.is_party() => Ok(()),
        Some(v) => {
            Err(Error::said(column, Msg::new("case-not-party-organization").text("code", code).label("kind", v.kind)))
        }
        None => Err(Error::said(column, Msg::new("case-not-force").text("code", code).date("on", on))),
    }
}

/// Opens a case; returns its id. Nothing is written when anything is wrong.
/// Whether the caller does inspection work: the forms of cases and decisions are refused to any
/// other role before they are read.
pub fn may_inspect(cx: &Ctx) -> Result<(), Error> {
    cx.require(Action::Inspect)
}

pub fn open(s: &mut Store, cx: &Ctx, o: &Open) -> Result<i64, Error> {
    cx.require(Action::Inspect)?;
    s.write(cx.actor(), &cx.now, |w| open_in(w, cx, o))
}

fn open_in(w: &mut Writer<'_, '_>, cx: &Ctx, o: &Open) -> Result<i64, Error> {
    let kind = o.kind.ok_or_else(|| Error::said("kind", Msg::new("case-give-kind-case")))?;
    let on = o.opened_on.ok_or_else(|| Error::said("opened_on", Msg::new("case-give-day")))?;
    if on > cx.today {
        return Err(Error::said("opened_on", Msg::new("case-future").date("on", on)));
    }
    let handler = o.handler.as_ref().ok_or_else(|| Error::said("handler", Msg::new("case-give-handling-body")))?;
    if cx.guard.unit(w.tx(), handler).is_err() {
        return Err(Error::said("handler", Msg::new("case-there-no-unit").text("handler", handler)));
    }
    party_unit(w, handler, on, "handler")?;
    let title = o.title.trim();
    if title.is_empty() || title.chars().count() > 500 {
        return Err(Error::said("title", Msg::new("case-give-subject-matter-up-characters")));
    }
    if let Some(u) = &o.subject_unit {
        if cx.guard.unit(w.tx(), u).is_err() {
            return Err(Error::said("subject_unit", Msg::new("case-there-no-unit-2").text("u", u)));
        }
        party_unit(w, u, on, "subject_unit")?;
    }
    if let Some(p) = o.subject_person.as_deref() {
        if cx.guard.person(w.tx(), p).is_err() {
            return Err(Error::said("subject_person", Msg::new("case-there-no-person").text("p", p)));
        }
    }
    let named = o.subject_unit.is_some() || o.subject_person.is_some();
    let handled = matches!(kind, CaseKind::Inspection | CaseKind::Supervision) || !o.anonymous;
    if !named && handled {
        return Err(Error::said("subject_unit", Msg::new("case-name-organization-member-concerned")));
    }
    let rules = tinhgon_store::plans::rules(w.tx())?;
    let mut due_on = None;
    match kind {
        CaseKind::Denunciation if !o.anonymous => {
            let (due, _) = discipline::denunciation_deadlines(on, &rules)
                .map_err(|e| field("opened_on", crate::i18n::vi(&e), crate::i18n::en(&e)))?;
            due_on = Some(due);
        }
        CaseKind::Complaint => {
            let id = o
                .discipline
                .ok_or_else(|| Error::said("discipline", Msg::new("case-name-decision-complained-about")))?;
            // A decision the caller may not see is answered as one that does not exist.
            let found = store::discipline(w.tx(), id)?;
            let d = found.filter(|d| super::confidential::decision_seen(w.tx(), cx, d)).ok_or_else(|| {
                Error::said("discipline", Msg::new("case-there-no-discipline-decision").text("id", id))
            })?;
            let announced = d.announced_on.unwrap_or(d.decided_on);
            discipline::check_complaint(announced, on, &rules)
                .map_err(|e| field("opened_on", crate::i18n::vi(&e), crate::i18n::en(&e)))?;
        }
        _ => {}
    }
    let (team, sender) = (o.team.as_deref().map(str::trim), o.sender.as_deref().map(str::trim));
    let id = w.insert_case(&NewCase {
        kind,
        mode: o.mode,
        handler,
        year: o.year.unwrap_or(on.year()),
        planned: o.planned,
        subject_unit: o.subject_unit.as_ref(),
        subject_person: o.subject_person.as_deref().map(str::trim),
        title,
        team: team.filter(|t| !t.is_empty()),
        period: o.period,
        opened_on: on,
        anonymous: o.anonymous,
        sender: sender.filter(|t| !t.is_empty() && !o.anonymous),
        due_on,
        discipline: o.discipline,
    })?;
    Ok(id)
}

/// Concludes (or answers) a case the caller handles.
pub fn conclude(s: &mut Store, cx: &Ctx, id: i64, k: &Conclude) -> Result<(), Error> {
    cx.require(Action::Inspect)?;
    s.write(cx.actor(), &cx.now, |w| {
        let c = store::get(w.tx(), id)?.ok_or_else(|| absent(id))?;
        let view = seen(w.tx(), cx, c).filter(|v| v.handler).ok_or_else(|| absent(id))?;
        let c = view.case;
        if c.anonymous && c.kind == CaseKind::Denunciation {
            return Err(Error::said("conclusion", Msg::new("case-anonymous-denunciation-recorded-not-handled")));
        }
        if let Some(done) = c.concluded_on {
            return Err(Error::said(
                "concluded_on",
                Msg::new("case-case-concluded-already").text("id", id).date("done", done),
            ));
        }
        let on = k.concluded_on.ok_or_else(|| Error::said("concluded_on", Msg::new("case-give-day-conclusion")))?;
        if on < c.opened_on || on > cx.today {
            return Err(Error::said(
                "concluded_on",
                Msg::new("case-conclusion-dated-from-today").date("opened_on", c.opened_on),
            ));
        }
        if k.conclusion.trim().is_empty() {
            return Err(Error::said("conclusion", Msg::new("case-give-conclusion")));
        }
        if let Some(ext) = k.extended_to {
            let rules = tinhgon_store::plans::rules(w.tx())?;
            let limits = (c.kind == CaseKind::Denunciation)
                .then(|| discipline::denunciation_deadlines(c.opened_on, &rules).ok())
                .flatten();
            match limits {
                Some((due, most)) if ext > due && ext <= most => {}
                Some((due, most)) => {
                    return Err(Error::said(
                        "extended_to",
                        Msg::new("case-extension-runs-past-at-most").date("due", due).date("most", most),
                    ))
                }
                None => return Err(Error::said("extended_to", Msg::new("case-only-denunciation-extended"))),
            }
        }
        if k.announced_on.is_some_and(|a| a < on) {
            return Err(Error::said("announced_on", Msg::new("case-announcement-not-before-conclusion")));
        }
        let text = |t: &Option<String>| t.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_string);
        let (follow_up, outcome) = (text(&k.follow_up), text(&k.outcome));
        w.conclude_case(
            &c,
            &Conclusion {
                concluded_on: on,
                conclusion: k.conclusion.trim(),
                follow_up: follow_up.as_deref(),
                outcome: outcome.as_deref(),
                extended_to: k.extended_to,
                announced_on: k.announced_on,
            },
        )?;
        Ok(())
    })
}

/// One case the caller may see.
pub fn get(s: &mut Store, cx: &Ctx, id: i64) -> Result<(View, Vec<DisciplineRow>), Error> {
    cx.require(Action::Read)?;
    let found = s.read(|tx| {
        let Some(c) = store::get(tx, id)? else { return Ok(None) };
        let Some(v) = seen(tx, cx, c) else { return Ok(None) };
        let mut decisions = Vec::new();
        for d in store::disciplines_of_case(tx, id)? {
            if super::confidential::decision_seen(tx, cx, &d) {
                decisions.push(d);
            }
        }
        Ok(Some((v, decisions)))
    })?;
    found.ok_or_else(|| absent(id))
}

/// The cases opened in a year at, under or about a unit in reach that the caller may see.
pub fn list(s: &mut Store, cx: &Ctx, unit: &UnitCode, year: i32) -> Result<Vec<View>, Error> {
    cx.require(Action::Read)?;
    cx.read(s, |sc| {
        let unit = &sc.unit_or_absent(unit)?;
        let tx = sc.tx();
        Ok(of_year(tx, cx, unit, year)?)
    })
}

pub(crate) fn of_year(tx: &mut Tx<'_>, cx: &Ctx, unit: &UnitCode, year: i32) -> Result<Vec<View>, StoreError> {
    let (from, to) = super::year_bounds(year);
    let mut out = Vec::new();
    for c in store::of_subtree(tx, unit, from, to)? {
        if let Some(v) = seen(tx, cx, c) {
            out.push(v);
        }
    }
    Ok(out)
}
