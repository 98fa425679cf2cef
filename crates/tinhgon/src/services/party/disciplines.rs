//! Discipline decisions: on organizations (reprimand, warning, dissolution) and on members
//! (reprimand, warning, removal from post, expulsion; a probationary member only the first two),
//! by a competent level — the organization's superior, or the member's cell or a level above it —
//! within the statute of limitations of the breach. A decision is confidential until it is announced:
//! it is seen by its handlers only, and nothing it does shows anywhere else. Its effect — expulsion
//! ends the membership, removal from post ends the position, each citing the decision — is written
//! in the write that records its announcement (with the decision when it is recorded as announced
//! already), dated from the day the decision takes effect, so that the register as of any date is
//! exact once it is announced; until then the register reads as if there were no decision.

use tinhgon_domain::access::Action;
use tinhgon_domain::msg::Msg;
use tinhgon_domain::party::discipline::{self, Breach, Form};
use tinhgon_domain::party::leaving::Ground;
use tinhgon_domain::{Date, Decision, DocumentNumber, UnitCode};
use tinhgon_store::party::cases::{self as store, DisciplineRow, NewDiscipline};
use tinhgon_store::{people, units, Store, StoreError, Tx, Writer};

use crate::services::lock::CaseSight;
use crate::services::{Absent, Ctx, Error};

/// What a discipline decision names.
#[derive(Clone, Debug)]
pub struct Decide {
    /// The organization disciplined; for a member, left empty.
    pub unit: Option<UnitCode>,
    pub person: Option<String>,
    pub form: Form,
    pub breach: Breach,
    pub breach_on: Date,
    pub decided_by: UnitCode,
    pub decided_on: Date,
    pub decision_no: String,
    /// Default the day decided.
    pub effective_on: Option<Date>,
    pub announced_on: Option<Date>,
    /// For removal from post: the unit and title of the post (default the member's only party post).
    pub post: Option<(UnitCode, String)>,
    pub reason: Option<String>,
    pub case: Option<i64>,
}

fn field(name: &str, vi: String, en: String) -> Error {
    Error::field(name, vi, en)
}

/// Whether `upper` is `unit` or one of its superiors on a day.
fn at_or_above(tx: &mut Tx<'_>, upper: &UnitCode, unit: &UnitCode, on: Date) -> Result<bool, StoreError> {
    let mut cur = Some(unit.clone());
    for _ in 0..64 {
        let Some(code) = cur else { return Ok(false) };
        if &code == upper {
            return Ok(true);
        }
        cur = units::at(tx, &code, on)?.and_then(|v| v.parent);
    }
    Ok(false)
}

/// The party posts a member holds on a day: (unit, title).
fn party_posts(tx: &mut Tx<'_>, person: &str, on: Date) -> Result<Vec<(UnitCode, String)>, StoreError> {
    let mut out = Vec::new();
    for a in people::assignments_of_person(tx, person)? {
        let Ok(unit) = UnitCode::parse(&a.unit) else { continue };
        if a.validity.contains(on) && units::at(tx, &unit, on)?.is_some_and(|v| v.kind.is_party_organization()) {
            out.push((unit, a.title));
        }
    }
    Ok(out)
}

/// Records a discipline decision and its effect; returns its id. Nothing is written when anything
/// is wrong.
pub fn decide(s: &mut Store, cx: &Ctx, d: &Decide) -> Result<i64, Error> {
    cx.require(Action::Inspect)?;
    s.write(cx.actor(), &cx.now, |w| decide_in(w, cx, d))
}

fn decide_in(w: &mut Writer<'_, '_>, cx: &Ctx, d: &Decide) -> Result<i64, Error> {
    DocumentNumber::parse(&d.decision_no)
        .map_err(|e| field("decision_no", crate::i18n::vi(&e), crate::i18n::en(&e)))?;
    let effective = d.effective_on.unwrap_or(d.decided_on);
    if d.decided_on > cx.today || effective < d.decided_on || d.breach_on > d.decided_on {
        return Err(Error::said("decided_on", Msg::new("discipline-days-out-of-order")));
    }
    if let Some(a) = d.announced_on {
        announcement_day(a, d.decided_on, cx.today)?;
    }
    if cx.guard.unit(w.tx(), &d.decided_by).is_err() {
        let by = &d.decided_by;
        return Err(Error::said("decided_by", Msg::new("discipline-there-no-unit").text("by", by)));
    }
    let (unit, member) = match (&d.person, &d.unit) {
        (Some(p), _) => {
            let p = p.trim();
            if cx.guard.person(w.tx(), p).is_err() {
                return Err(Error::said("person", Msg::new("case-there-no-person").text("p", p)));
            }
            let current =
                people::memberships_of_person(w.tx(), p)?.into_iter().find(|m| m.validity.contains(effective));
            let Some(m) = current.filter(|m| m.status.is_active()) else {
                return Err(Error::said(
                    "person",
                    Msg::new("discipline-not-member").text("p", p).date("effective", effective),
                ));
            };
            let cell = UnitCode::parse(&m.unit).map_err(|_| Error::NotFound(Absent::Person(p.into())))?;
            let posts = party_posts(w.tx(), p, effective)?;
            (cell, Some((p.to_string(), m.status, posts)))
        }
        (None, Some(u)) => {
            if cx.guard.unit(w.tx(), u).is_err() {
                return Err(Error::said("unit", Msg::new("case-there-no-unit-2").text("u", u)));
            }
            match units::at(w.tx(), u, d.decided_on)? {
                Some(v) if v.kind.is_party_organization() => {}
                _ => {
                    return Err(Error::said(
                        "unit",
                        Msg::new("discipline-not-party-organization-force")
                            .text("u", u)
                            .date("decided_on", d.decided_on),
                    ))
                }
            }
            (u.clone(), None)
        }
        (None, None) => return Err(Error::said("person", Msg::new("discipline-name-member-organization"))),
    };
    discipline::check_form(d.form, member.as_ref().map(|(_, s, posts)| (*s, !posts.is_empty())))
        .map_err(|e| field("form", crate::i18n::vi(&e), crate::i18n::en(&e)))?;
    // The competent level: the member's cell or a level above it; for an organization, a level
    // above it.
    let competent =
        at_or_above(w.tx(), &d.decided_by, &unit, d.decided_on)? && (member.is_some() || d.decided_by != unit);
    if !competent {
        return Err(Error::said(
            "decided_by",
            Msg::new("discipline-not-competent-discipline-only-level")
                .text("decided_by", &d.decided_by)
                .text("unit", &unit),
        ));
    }
    let rules = tinhgon_store::plans::rules(w.tx())?;
    discipline::check_limitation(d.form, d.breach, d.breach_on, d.decided_on, &rules)
        .map_err(|e| field("breach_on", crate::i18n::vi(&e), crate::i18n::en(&e)))?;
    if let Some(c) = d.case {
        let found =
            store::get(w.tx(), c)?.and_then(|row| super::confidential::seen(w.tx(), cx, row)).filter(|v| v.handler);
        if found.is_none() {
            return Err(super::confidential::absent(c));
        }
    }
    let post = match (d.form, &member) {
        (Form::RemovalFromPost, Some((_, _, posts))) => match &d.post {
            Some((u, t)) => {
                let held = posts.iter().find(|(pu, pt)| pu == u && pt == t.trim());
                Some(held.cloned().ok_or_else(|| {
                    Error::said("post", Msg::new("discipline-member-holds-no-post").text("t", t).text("u", u))
                })?)
            }
            None if posts.len() == 1 => posts.first().cloned(),
            None => return Err(Error::said("post", Msg::new("discipline-member-holds-several-posts-name"))),
        },
        _ => None,
    };
    let reason = d.reason.as_deref().map(str::trim).filter(|r| !r.is_empty());
    let id = w.insert_discipline(&NewDiscipline {
        unit: &unit,
        person: member.as_ref().map(|(p, _, _)| p.as_str()),
        form: d.form,
        breach: d.breach,
        breach_on: d.breach_on,
        decided_by: &d.decided_by,
        decided_on: d.decided_on,
        decision_no: d.decision_no.trim(),
        effective_on: effective,
        announced_on: d.announced_on,
        post: post.as_ref().map(|(u, t)| (u, t.as_str())),
        reason,
        case: d.case,
    })?;
    if d.announced_on.is_some() {
        let row = store::discipline(w.tx(), id)?
            .ok_or(Error::NotFound(Absent::said(Msg::new("discipline-there-no-discipline-decision").text("id", id))))?;
        take_effect(w, cx, &row)?;
    }
    Ok(id)
}

/// The day of an announcement: not before the decision, and not after today (an announcement is
/// recorded once it has taken place, since that is when the decision takes its effect).
fn announcement_day(on: Date, decided_on: Date, today: Date) -> Result<(), Error> {
    if on < decided_on {
        return Err(Error::said("announced_on", Msg::new("discipline-announcement-not-before-decision")));
    }
    if on > today {
        return Err(Error::said(
            "announced_on",
            Msg::new("discipline-announcement-future-record-once-taken").date("on", on),
        ));
    }
    Ok(())
}

/// What an announced decision does to the register, dated from its effective day: an expulsion
/// ends the membership, a removal from post the position, each citing the decision.
fn take_effect(w: &mut Writer<'_, '_>, cx: &Ctx, d: &DisciplineRow) -> Result<(), Error> {
    let number = DocumentNumber::parse(&d.decision_no)
        .map_err(|e| field("decision_no", crate::i18n::vi(&e), crate::i18n::en(&e)))?;
    let decision = Decision { number, date: d.decided_on };
    let reason = d.reason.as_deref();
    match (d.form, d.person.as_deref(), d.post_unit.as_deref(), d.post_title.as_deref()) {
        (Form::Expulsion, Some(p), _, _) => {
            super::leaving::leave_by(
                w,
                cx,
                (p, Ground::Expulsion, d.effective_on),
                &decision,
                reason,
                Action::Inspect,
            )?;
        }
        (Form::RemovalFromPost, Some(p), Some(u), Some(t)) => {
            let unit = UnitCode::parse(u).map_err(|_| Error::NotFound(Absent::Unit(u.to_string())))?;
            w.end_assignment(p, &unit, t, d.effective_on, Some(&decision))?;
        }
        _ => {}
    }
    Ok(())
}

/// Records that a decision was announced on a day, and writes its effect (dated from the day it
/// takes effect) in the same write. Only its handlers may; to anyone else it is absent.
pub fn announce(s: &mut Store, cx: &Ctx, id: i64, on: Date) -> Result<(), Error> {
    cx.require(Action::Inspect)?;
    s.write(cx.actor(), &cx.now, |w| {
        let absent =
            || Error::NotFound(Absent::said(Msg::new("discipline-there-no-discipline-decision").text("id", id)));
        let d = store::discipline(w.tx(), id)?.ok_or_else(absent)?;
        if super::confidential::decision_sight(w.tx(), cx, &d) != Some(CaseSight::Handler) {
            return Err(absent());
        }
        if let Some(a) = d.announced_on {
            return Err(Error::refused(
                Msg::new("discipline-decision-announced").text("decision_no", &d.decision_no).date("a", a),
            ));
        }
        announcement_day(on, d.decided_on, cx.today)?;
        w.announce_discipline(&d, on)?;
        take_effect(w, cx, &d)
    })
}

/// The decisions of a year at or under a unit in reach that the caller may see.
pub fn list(s: &mut Store, cx: &Ctx, unit: &UnitCode, year: i32) -> Result<Vec<DisciplineRow>, Error> {
    cx.require(Action::Read)?;
    cx.read(s, |sc| {
        let unit = &sc.unit_or_absent(unit)?;
        let tx = sc.tx();
        Ok(of_year(tx, cx, unit, year)?)
    })
}

pub(crate) fn of_year(tx: &mut Tx<'_>, cx: &Ctx, unit: &UnitCode, year: i32) -> Result<Vec<DisciplineRow>, StoreError> {
    let (from, to) = super::year_bounds(year);
    let mut out = Vec::new();
    for d in store::disciplines_of_subtree(tx, unit, from, to)? {
        if super::confidential::decision_seen(tx, cx, &d) {
            out.push(d);
        }
    }
    Ok(out)
}

/// The decisions about a person that the caller may see (their record).
pub(crate) fn of_person(tx: &mut Tx<'_>, cx: &Ctx, person: &str) -> Result<Vec<DisciplineRow>, StoreError> {
    let mut out = Vec::new();
    for d in store::disciplines_of_person(tx, person)? {
        if super::confidential::decision_seen(tx, cx, &d) {
            out.push(d);
        }
    }
    Ok(out)
}

/// Whether a member was disciplined in a year by a decision announced by `today`: the rating rule
/// applies whoever enters the rating, and a decision weighs on ratings from its announcement, so
/// that a refusal never tells of a decision still confidential.
pub(crate) fn member_disciplined(tx: &mut Tx<'_>, person: &str, year: i32, today: Date) -> Result<bool, StoreError> {
    Ok(store::disciplines_of_person(tx, person)?.iter().any(|d| d.decided_on.year() == year && announced(d, today)))
}

fn announced(d: &DisciplineRow, today: Date) -> bool {
    d.announced_on.is_some_and(|a| a <= today)
}

/// Whether an organization had a unit under it, or a holder of one of its posts, disciplined in a
/// year (by a decision announced by `today`).
pub(crate) fn organization_disciplined(
    tx: &mut Tx<'_>,
    unit: &UnitCode,
    year: i32,
    today: Date,
) -> Result<bool, StoreError> {
    let (from, to) = super::year_bounds(year);
    let decisions = store::disciplines_of_subtree(tx, unit, from, to)?;
    if decisions.iter().any(|d| d.person.is_none() && announced(d, today)) {
        return Ok(true);
    }
    let leaders: Vec<String> = people::positions_of_unit(tx, unit, to)?.into_iter().map(|(p, _)| p.code).collect();
    for l in leaders {
        if member_disciplined(tx, &l, year, today)? {
            return Ok(true);
        }
    }
    Ok(false)
}
