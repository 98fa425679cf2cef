//! What the reading pages show, gathered in one operation each: the roots of the unit tree, a
//! unit's page, a unit's lists as rows for a download.

use tinhgon_domain::access::{Action, Reach};
use tinhgon_domain::catalog::MemberStatus;
use tinhgon_domain::msg::Msg;
use tinhgon_domain::register::UnitVersion;
use tinhgon_domain::stats::Figures;
use tinhgon_domain::{Date, UnitCode};
use tinhgon_store::people::{self, AssignmentLine, PersonLine};
use tinhgon_store::{units, LogEntry, Store};

use crate::services::stats::IndexCache;
use crate::services::{Absent, Ctx, Error};

/// A unit's page on a date.
pub struct UnitPage {
    pub unit: UnitVersion,
    pub in_force: bool,
    /// The superiors, from the top, as (code, name).
    pub ancestors: Vec<(String, String)>,
    pub children: Vec<UnitVersion>,
    /// Positions with each holder's other posts on the date.
    pub positions: Vec<(PersonLine, AssignmentLine, Vec<AssignmentLine>)>,
    pub members: Vec<(PersonLine, MemberStatus)>,
    pub history: Vec<UnitVersion>,
    pub changes: Vec<LogEntry>,
    pub figures: Option<Figures>,
}

/// Everything a unit's page shows, for a unit in reach.
pub fn unit_page(s: &mut Store, cx: &Ctx, cache: &IndexCache, code: &UnitCode, at: Date) -> Result<UnitPage, Error> {
    cx.require(Action::Read)?;
    let mut data = cx.read(s, |sc| {
        sc.unit(code)?;
        let tx = sc.tx();
        let history = units::history(tx, code)?;
        let current = units::at(tx, code, at)?;
        let in_force = current.is_some();
        let Some(unit) = current.or_else(|| history.last().cloned()) else {
            return Ok(None);
        };
        let mut ancestors = Vec::new();
        let mut up = unit.parent.clone();
        while let Some(p) = up.take() {
            if ancestors.len() > 12 {
                break;
            }
            if let Some(pv) = units::at(tx, &p, at)?.or(units::history(tx, &p)?.pop()) {
                ancestors.push((pv.code.to_string(), pv.name.clone()));
                up = pv.parent.clone();
            }
        }
        ancestors.reverse();
        let children = units::children(tx, code, at)?;
        let mut positions = Vec::new();
        for (p, a) in people::positions_of_unit(tx, code, at)? {
            let others: Vec<AssignmentLine> = people::assignments_of_person(tx, &p.code)?
                .into_iter()
                .filter(|o| o.validity.contains(at) && !(o.unit == a.unit && o.title == a.title))
                .collect();
            positions.push((p, a, others));
        }
        let members = people::members_of_unit(tx, code, at)?;
        let changes = tinhgon_store::history(tx, "unit", code.as_str())?;
        Ok(Some(UnitPage { unit, in_force, ancestors, children, positions, members, history, changes, figures: None }))
    })?;
    if let Some(d) = data.as_mut() {
        if d.in_force {
            d.figures = cache.current(s)?.figures(code, at).ok();
        }
    }
    // A code with no version at all (never completed): nothing to show.
    data.ok_or_else(|| Error::NotFound(Absent::said(Msg::new("view-unit-no-version").text("code", code))))
}

/// The units a caller's tree starts from on a date: their own unit, or the units with no superior.
pub fn roots(s: &mut Store, cx: &Ctx, at: Date) -> Result<Vec<UnitVersion>, Error> {
    cx.require(Action::Read)?;
    if cx.guard.role().reach() == Reach::OwnRecord {
        return Ok(Vec::new());
    }
    Ok(s.read(|tx| match cx.guard.home_unit() {
        Some(u) => Ok(units::at(tx, u, at)?.into_iter().collect()),
        None => {
            let mut out = Vec::new();
            for c in units::roots(tx, at, 50)? {
                out.extend(units::at(tx, &c, at)?);
            }
            Ok(out)
        }
    })?)
}

/// The lists of a unit that download as files.
#[derive(Clone, Copy)]
pub enum List {
    Members,
    Positions,
}

impl List {
    /// The columns, as the import files name them.
    pub fn headers(self) -> &'static [&'static str] {
        match self {
            List::Members => &["person", "full_name", "gender", "birth_date", "status"],
            List::Positions => &[
                "person",
                "full_name",
                "unit",
                "title",
                "rank",
                "primary",
                "valid_from",
                "decision_no",
                "decision_date",
            ],
        }
    }
}

/// One list of a unit in reach on a date, as rows of text.
pub fn unit_list(s: &mut Store, cx: &Ctx, code: &UnitCode, at: Date, list: List) -> Result<Vec<Vec<String>>, Error> {
    cx.require(Action::Read)?;
    cx.read(s, |sc| {
        sc.unit(code)?;
        list_rows(sc.tx(), code, at, list)
    })
}

/// The rows of one list of a unit.
fn list_rows(tx: &mut tinhgon_store::Tx<'_>, code: &UnitCode, at: Date, list: List) -> Result<Vec<Vec<String>>, Error> {
    Ok(match list {
        List::Members => people::members_of_unit(tx, code, at)?
            .into_iter()
            .map(|(p, st)| vec![p.code, p.name, p.gender.code().into(), p.birth_date.to_string(), st.code().into()])
            .collect(),
        List::Positions => people::positions_of_unit(tx, code, at)?
            .into_iter()
            .map(|(p, a)| {
                vec![
                    p.code,
                    p.name,
                    a.unit,
                    a.title,
                    a.rank.code().into(),
                    if a.primary { "1" } else { "0" }.into(),
                    a.validity.from.to_string(),
                    a.decision.as_ref().map(|d| d.number.to_string()).unwrap_or_default(),
                    a.decision.as_ref().map(|d| d.date.to_string()).unwrap_or_default(),
                ]
            })
            .collect(),
    })
}
