//! Leaving the party: the membership ends that day with the status the ground gives (removed,
//! expelled, left at own request, deceased), the party posts end with it, and the ground and
//! decision are recorded — all in one write.

use tinhgon_domain::access::Action;
use tinhgon_domain::catalog::MemberStatus;
use tinhgon_domain::msg::Msg;
use tinhgon_domain::party::leaving::Ground;
use tinhgon_domain::{Date, Decision};
use tinhgon_store::{people, Store};

use super::admissions::unknown_person;
use crate::services::register::members;
use crate::services::{Ctx, Error};

/// A member leaving the party: who, on which ground, on which day, by which decision.
pub struct Leave<'a> {
    pub person: &'a str,
    pub ground: Ground,
    pub on: Date,
    pub decision: &'a Decision,
    pub note: Option<&'a str>,
}

/// A member in reach leaves the party on a date, on a ground, by a decision.
pub fn leave(s: &mut Store, cx: &Ctx, l: &Leave<'_>) -> Result<(), Error> {
    cx.require(Action::EditMembers)?;
    s.write(cx.actor(), &cx.now, |w| leave_in(w, cx, l))
}

/// [`leave`] inside a caller's write (a file of many rows, all or nothing).
pub(crate) fn leave_in(w: &mut tinhgon_store::Writer<'_, '_>, cx: &Ctx, l: &Leave<'_>) -> Result<(), Error> {
    let Leave { person, ground, on, decision, note } = *l;
    leave_by(w, cx, (person, ground, on), decision, note, Action::EditMembers)
}

/// [`leave_in`] by the right of another action: an expulsion decided in a discipline decision
/// is the inspection officer's to record.
pub(crate) fn leave_by(
    w: &mut tinhgon_store::Writer<'_, '_>,
    cx: &Ctx,
    (person, ground, on): (&str, Ground, Date),
    decision: &Decision,
    note: Option<&str>,
    action: Action,
) -> Result<(), Error> {
    cx.require(action)?;
    let person = person.trim();
    if cx.guard.person(w.tx(), person).is_err() || people::person_id(w.tx(), person)?.is_none() {
        return Err(unknown_person("person", person));
    }
    let current = people::memberships_of_person(w.tx(), person)?.into_iter().find(|m| m.validity.contains(on));
    if current.as_ref().is_some_and(|m| m.status == MemberStatus::Probationary) && !ground.open_to_probationary() {
        return Err(Error::said("ground", Msg::new("leaving-probationary-not-expelled")));
    }
    if current.as_ref().is_some_and(|m| m.status == MemberStatus::InTransit) {
        return Err(Error::said(
            "person",
            Msg::new("leaving-transit-receiving-cell-takes-them").text("person", person),
        ));
    }
    members::end_by(w, cx, person, on, (Some(ground.status()), decision), action)?;
    w.insert_leaving(person, ground, on, decision, note.map(str::trim).filter(|n| !n.is_empty()))?;
    Ok(())
}
