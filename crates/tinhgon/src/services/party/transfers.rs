//! Transfers of party activity, one operation each with its introduction letter. An official
//! transfer within one grassroots organization moves the member the same day; between grassroots
//! organizations (of one province or another) the member is in transit — in a list both sides see,
//! counted apart in the statistics — until the receiving cell takes them in; outside the register
//! the member leaves the rolls as transferred out. A temporary transfer changes no membership: the
//! member stays counted where they were, and the receiving cell sees them until they return.
//!
//! The sending cell must be in the caller's reach. The receiving cell may lie outside it — a member
//! sent to another province is named by the cell that will receive them — but must be a cell in
//! force; receiving needs the receiving cell in reach.

use serde::Serialize;
use tinhgon_domain::access::Action;
use tinhgon_domain::catalog::MemberStatus;
use tinhgon_domain::msg::Msg;
use tinhgon_domain::party::calendar::Calendar;
use tinhgon_domain::party::transfer::{self, Kind, Scope};
use tinhgon_domain::register::Membership;
use tinhgon_domain::rules::RuleKey;
use tinhgon_domain::{Date, Decision, DocumentNumber, UnitCode, Validity};
use tinhgon_store::party::transfers::{self as store, NewTransfer, TransferRow};
use tinhgon_store::{people, units, Store, StoreError, Tx};

use crate::services::{Absent, Ctx, Error};

/// What sending a transfer names.
pub struct Send {
    pub person: String,
    pub kind: Kind,
    /// The receiving cell; `None` for a destination outside the register.
    pub to_cell: Option<UnitCode>,
    pub destination: Option<String>,
    pub sent_on: Date,
    /// For a temporary transfer, the day the member returns.
    pub returns_on: Option<Date>,
    pub letter: String,
    pub reason: Option<String>,
}

/// Where a transfer stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[schema(as = TransferStanding)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// Sent and not yet received.
    InTransit,
    Received,
    /// A temporary transfer under way.
    Away,
    /// Left the register.
    Left,
}

/// A transfer as a list shows it.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = TransferView)]
pub struct View {
    #[serde(flatten)]
    pub transfer: TransferRow,
    pub standing: Standing,
    /// An official transfer not received by its last day.
    pub overdue: bool,
}

pub(crate) fn view(t: TransferRow, today: Date) -> View {
    let standing = match (t.kind, t.received_on, t.to_cell.is_some()) {
        (_, _, false) => Standing::Left,
        (Kind::Official, Some(_), _) => Standing::Received,
        (Kind::Official, None, _) => Standing::InTransit,
        (_, _, _) if t.returns_on.is_some_and(|r| r <= today) => Standing::Received,
        _ => Standing::Away,
    };
    let overdue = standing == Standing::InTransit && today > t.due_on;
    View { transfer: t, standing, overdue }
}

fn field(name: &str, vi: String, en: String) -> Error {
    Error::field(name, vi, en)
}

/// The grassroots organization a cell belongs to on a date (itself, for a grassroots cell).
pub(crate) fn grassroots_of(tx: &mut Tx<'_>, cell: &UnitCode, on: Date) -> Result<Option<UnitCode>, StoreError> {
    let mut cur = Some(cell.clone());
    for _ in 0..64 {
        let Some(code) = cur else { return Ok(None) };
        let Some(v) = units::at(tx, &code, on)? else { return Ok(None) };
        if v.kind.is_grassroots_level() {
            return Ok(Some(code));
        }
        cur = v.parent;
    }
    Ok(None)
}

/// The membership period of a person in force on a date, as a record.
fn current(tx: &mut Tx<'_>, person: &str, on: Date) -> Result<Option<Membership>, StoreError> {
    let found = people::memberships_of_person(tx, person)?.into_iter().find(|m| m.validity.contains(on));
    Ok(found.and_then(|m| {
        Some(Membership {
            person: person.to_string(),
            unit: UnitCode::parse(&m.unit).ok()?,
            status: m.status,
            admitted_on: m.admitted_on,
            recognized_on: m.recognized_on,
            validity: m.validity,
            decision: m.decision,
        })
    }))
}

/// Sends a member on a transfer; returns its id. Nothing is written when anything is wrong.
pub fn send(s: &mut Store, cx: &Ctx, t: &Send) -> Result<i64, Error> {
    s.write(cx.actor(), &cx.now, |w| send_in(w, cx, t))
}

/// [`send`] inside a caller's write (a file of many rows, all or nothing).
pub(crate) fn send_in(w: &mut tinhgon_store::Writer<'_, '_>, cx: &Ctx, t: &Send) -> Result<i64, Error> {
    let person = t.person.trim();
    cx.require(Action::EditMembers)?;
    if cx.guard.person(w.tx(), person).is_err() {
        return Err(super::admissions::unknown_person("person", person));
    }
    let Some(member) = current(w.tx(), person, t.sent_on)?.filter(|m| m.status.is_active()) else {
        return Err(Error::said(
            "person",
            Msg::new("transfer-not-active-member").text("person", person).date("sent_on", t.sent_on),
        ));
    };
    // The member's own cell is the sending side: it must be the caller's.
    if cx.guard.unit(w.tx(), &member.unit).is_err() {
        return Err(super::admissions::unknown_person("person", person));
    }
    if t.sent_on > cx.today {
        return Err(Error::said(
            "sent_on",
            Msg::new("transfer-future-today").date("sent_on", t.sent_on).date("today", cx.today),
        ));
    }
    if member.validity.from >= t.sent_on {
        return Err(Error::said(
            "sent_on",
            Msg::new("transfer-transfer-must-after-when-member")
                .date("from", member.validity.from)
                .text("unit", &member.unit),
        ));
    }
    if t.letter.trim().is_empty() || t.letter.chars().count() > 100 {
        return Err(Error::said("letter", Msg::new("transfer-give-number-introduction-letter-up")));
    }
    if let Some(open) = store::of_person(w.tx(), person)?
        .into_iter()
        .find(|x| x.kind == Kind::Official && x.received_on.is_none() && x.to_cell.is_some())
    {
        return Err(Error::said(
            "person",
            Msg::new("transfer-transit-already-letter-not-yet").text("person", person).text("letter", &open.letter),
        ));
    }
    let rules = tinhgon_store::plans::rules(w.tx())?;
    transfer::check_length(t.kind, t.sent_on, t.returns_on, &rules)
        .map_err(|e| field("returns_on", crate::i18n::vi(&e), crate::i18n::en(&e)))?;
    let scope = match &t.to_cell {
        None => {
            if t.kind != Kind::Official || t.destination.as_deref().is_none_or(|d| d.trim().is_empty()) {
                return Err(Error::said("to_cell", Msg::new("transfer-name-receiving-cell-only-official")));
            }
            Scope::OutsideRegister
        }
        Some(to) => {
            let no_cell = || {
                Error::said(
                    "to_cell",
                    Msg::new("transfer-there-no-cell-force").text("to", to).date("sent_on", t.sent_on),
                )
            };
            let Some(v) = units::at(w.tx(), to, t.sent_on)? else {
                return Err(no_cell());
            };
            // A receiving cell out of reach may be named, but what else it is stays unsaid: a unit
            // out of reach that holds no members answers as one that does not exist.
            if !v.kind.holds_members() && cx.guard.unit(w.tx(), to).is_err() {
                return Err(no_cell());
            }
            if !v.kind.holds_members() {
                return Err(Error::said(
                    "to_cell",
                    Msg::new("transfer-which-holds-no-members-choose").text("to", to).label("kind", v.kind),
                ));
            }
            if *to == member.unit {
                return Err(Error::said("to_cell", Msg::new("transfer-member-belongs-already").text("to", to)));
            }
            let same = grassroots_of(w.tx(), to, t.sent_on)?;
            if same.is_some() && same == grassroots_of(w.tx(), &member.unit, t.sent_on)? {
                Scope::WithinGrassroots
            } else {
                Scope::BetweenGrassroots
            }
        }
    };
    let due_on = match t.kind {
        Kind::Official => {
            let n = rules.value(RuleKey::TransferPresentWorkingDays, t.sent_on).unwrap_or(30);
            Calendar::shipped().working_days_after(t.sent_on, n.max(0) as u32)
        }
        _ => t.returns_on.unwrap_or(t.sent_on),
    };
    let letter = DocumentNumber::parse(&t.letter).ok().map(|number| Decision { number, date: t.sent_on });
    // One step within a grassroots organization: received the day it is sent.
    let received_on = (t.kind == Kind::Official && scope == Scope::WithinGrassroots).then_some(t.sent_on);
    if t.kind == Kind::Official {
        let was = w.end_membership(person, t.sent_on, letter.as_ref())?;
        let (unit, status) = match (scope, &t.to_cell) {
            (Scope::WithinGrassroots, Some(to)) => (to.clone(), was.status),
            (Scope::OutsideRegister, _) => (was.unit.clone(), MemberStatus::TransferredOut),
            _ => (was.unit.clone(), MemberStatus::InTransit),
        };
        w.insert_membership(&Membership {
            unit,
            status,
            validity: Validity::open(t.sent_on),
            decision: letter.clone(),
            ..was
        })?;
    }
    Ok(w.insert_transfer(&NewTransfer {
        person,
        kind: t.kind,
        scope,
        from_cell: &member.unit,
        to_cell: t.to_cell.as_ref(),
        destination: t.destination.as_deref().map(str::trim).filter(|d| !d.is_empty()),
        sent_on: t.sent_on,
        due_on,
        returns_on: t.returns_on,
        letter: &t.letter,
        reason: t.reason.as_deref().map(str::trim).filter(|r| !r.is_empty()),
        received_on,
    })?)
}

/// The receiving cell takes in a member sent to it: the transit ends and the member belongs to
/// the cell from that day, with the status they had.
pub fn receive(s: &mut Store, cx: &Ctx, id: i64, on: Date) -> Result<(), Error> {
    cx.require(Action::EditMembers)?;
    s.write(cx.actor(), &cx.now, |w| receive_in(w, cx, id, on))
}

/// [`receive`] inside a caller's write (a file of many rows, all or nothing).
pub(crate) fn receive_in(w: &mut tinhgon_store::Writer<'_, '_>, cx: &Ctx, id: i64, on: Date) -> Result<(), Error> {
    let absent = || Error::NotFound(Absent::said(Msg::new("transfer-there-no-transfer-sent-cell").text("id", id)));
    let t = store::get(w.tx(), id)?.ok_or_else(absent)?;
    let to = t.to_cell.as_deref().and_then(|c| UnitCode::parse(c).ok()).ok_or_else(absent)?;
    cx.guard.unit(w.tx(), &to).map_err(|_| absent())?;
    if let Some(done) = t.received_on {
        return Err(Error::said(
            "id",
            Msg::new("transfer-transfer-received-already").text("id", id).date("done", done),
        ));
    }
    // A member in transit is so for a day at least; within one grassroots organization the
    // transfer is one step and is never in transit.
    if on <= t.sent_on || on > cx.today {
        return Err(Error::said(
            "received_on",
            Msg::new("transfer-day-receipt-must-after-day").date("sent_on", t.sent_on).date("today", cx.today),
        ));
    }
    if t.kind == Kind::Official {
        let was = current(w.tx(), &t.person, on)?;
        let Some(was) = was.filter(|m| m.status == MemberStatus::InTransit) else {
            return Err(Error::said("id", Msg::new("transfer-not-transit").text("person", &t.person).date("on", on)));
        };
        // The status before the transit is the one the member keeps.
        let before = people::memberships_of_person(w.tx(), &t.person)?
            .into_iter()
            .rfind(|m| m.validity.to == Some(t.sent_on))
            .map_or(MemberStatus::Official, |m| m.status);
        let status = if before.is_active() { before } else { MemberStatus::Official };
        w.end_membership(&t.person, on, None)?;
        w.insert_membership(&Membership {
            unit: to.clone(),
            status,
            validity: Validity::open(on),
            decision: None,
            ..was
        })?;
    }
    w.receive_transfer(&t, on)?;
    Ok(())
}

/// The transfers the caller sees from either side, newest first, with where each stands.
pub fn list(s: &mut Store, cx: &Ctx) -> Result<Vec<View>, Error> {
    cx.require(Action::Read)?;
    let today = cx.today;
    Ok(s.read(|tx| {
        let mut out = Vec::new();
        for t in store::all(tx)? {
            let mut sides = vec![t.from_cell.clone()];
            sides.extend(t.to_cell.clone());
            let mut seen = false;
            for side in sides {
                if let Ok(code) = UnitCode::parse(&side) {
                    if cx.guard.unit(tx, &code).is_ok() {
                        seen = true;
                        break;
                    }
                }
            }
            if seen {
                out.push(view(t, today));
            }
        }
        Ok(out)
    })?)
}
