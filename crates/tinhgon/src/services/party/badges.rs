//! Party badges: who under a unit is due one by a date, and the award, checked against party age
//! net of interruptions.

use std::collections::BTreeMap;

use serde::Serialize;
use tinhgon_domain::access::Action;
use tinhgon_domain::party::age::Period;
use tinhgon_domain::party::badges::{self, Due};
use tinhgon_domain::{Date, Decision, UnitCode};
use tinhgon_store::party::badges as store;
use tinhgon_store::{people, Store};

use crate::services::{Ctx, Error};

/// A member due a badge.
#[derive(Serialize, utoipa::ToSchema)]
pub struct BadgeDue {
    pub person: String,
    pub name: String,
    pub cell: String,
    #[serde(flatten)]
    pub due: Due,
}

/// The members at or under a unit in reach who reach a milestone by `until` and have not been
/// awarded it, by award day then name.
pub fn due(s: &mut Store, cx: &Ctx, unit: &UnitCode, until: Date) -> Result<Vec<BadgeDue>, Error> {
    cx.require(Action::Read)?;
    let today = cx.today;
    let (periods, awarded) = cx.read(s, |sc| {
        let unit = &sc.unit_or_absent(unit)?;
        let tx = sc.tx();
        Ok(store::members_under(tx, unit, today)?)
    })?;
    let mut by_person: BTreeMap<&str, Vec<&store::PeriodRow>> = BTreeMap::new();
    for p in &periods {
        by_person.entry(p.person.as_str()).or_default().push(p);
    }
    let mut out = Vec::new();
    for (person, rows) in by_person {
        let history: Vec<Period> = rows
            .iter()
            .map(|r| Period { status: r.status, validity: r.validity, admitted_on: r.admitted_on })
            .collect();
        let given: Vec<i32> = awarded.iter().filter(|(p, _)| p == person).map(|(_, y)| *y).collect();
        let cell = rows.iter().find(|r| r.validity.contains(today)).map_or(String::new(), |r| r.cell.clone());
        let name = rows.first().map_or(String::new(), |r| r.name.clone());
        for d in badges::due(&history, &given, today, until) {
            out.push(BadgeDue { person: person.to_string(), name: name.clone(), cell: cell.clone(), due: d });
        }
    }
    out.sort_by(|a, b| (a.due.award_on, &a.name).cmp(&(b.due.award_on, &b.name)));
    Ok(out)
}

/// A badge awarded: to whom, for how many years of party age, by which decision, on which day, and
/// whether considered early for a seriously ill member.
pub struct Award<'a> {
    pub person: &'a str,
    pub years: i32,
    pub decision: &'a Decision,
    pub on: Date,
    pub ill: bool,
}

/// Awards a badge by a decision on its award day; `ill` for the early consideration of a seriously
/// ill member.
pub fn award(s: &mut Store, cx: &Ctx, a: &Award<'_>) -> Result<(), Error> {
    cx.require(Action::EditMembers)?;
    s.write(cx.actor(), &cx.now, |w| award_in(w, cx, a))
}

/// [`award`] inside a caller's write (a file of many rows, all or nothing).
pub(crate) fn award_in(w: &mut tinhgon_store::Writer<'_, '_>, cx: &Ctx, a: &Award<'_>) -> Result<(), Error> {
    let Award { person, years, decision, on, ill } = *a;
    let person = person.trim();
    if cx.guard.person(w.tx(), person).is_err() {
        return Err(super::admissions::unknown_person("person", person));
    }
    let history: Vec<Period> = people::memberships_of_person(w.tx(), person)?
        .into_iter()
        .map(|m| Period { status: m.status, validity: m.validity, admitted_on: m.admitted_on })
        .collect();
    let given: Vec<i32> = store::of_person(w.tx(), person)?.into_iter().map(|b| b.years).collect();
    let rules = tinhgon_store::plans::rules(w.tx())?;
    badges::check_award(&history, &given, years, on, ill, &rules)
        .map_err(|e| Error::field("years", crate::i18n::vi(&e), crate::i18n::en(&e)))?;
    w.insert_badge(person, years, on, decision, ill.then_some("serious_illness"))?;
    Ok(())
}
