//! Party work in figures: over a period at a unit — admissions, recognitions, removals,
//! expulsions, deaths, transfers out, in and within, badges — with the members in transit at the
//! period's end and the members by party age then; two periods side by side, as the statistics of
//! two dates are.

use crate::services::scope::{Reached, Scope};
use std::collections::BTreeMap;
use tinhgon_domain::msg::Msg;

use serde::Serialize;
use tinhgon_domain::access::Action;
use tinhgon_domain::party::age::{party_age, Period};
use tinhgon_domain::{Date, UnitCode};
use tinhgon_store::party::stats::{self as store, PeriodCounts};
use tinhgon_store::Store;

use crate::services::{Ctx, Error};

/// The party-age bands counted, in years: under 10, 10 to under 20 … 50 and more.
pub const BANDS: [(&str, i32); 6] =
    [("<10", 10), ("10-19", 20), ("20-29", 30), ("30-39", 40), ("40-49", 50), ("50+", i32::MAX)];

/// The figures of one period.
#[derive(Serialize, utoipa::ToSchema)]
pub struct PartyFigures {
    pub unit: String,
    pub from: Date,
    pub to: Date,
    #[serde(flatten)]
    pub counts: PeriodCounts,
    /// Members sent and not received on the last day of the period.
    pub in_transit: i64,
    /// Members at or under the unit on the last day, by party age.
    pub by_party_age: BTreeMap<&'static str, i64>,
}

/// The figures of party work at or under a unit in reach over `[from, to)`.
pub fn period(s: &mut Store, cx: &Ctx, unit: &UnitCode, from: Date, to: Date) -> Result<PartyFigures, Error> {
    cx.read_unit(s, unit, |sc, unit| period_in(sc, unit, from, to))
}

/// [`period`] inside a scope, of a unit in reach.
pub(crate) fn period_in(
    sc: &mut Scope<'_, '_>,
    unit: &Reached<UnitCode>,
    from: Date,
    to: Date,
) -> Result<PartyFigures, Error> {
    sc.cx().require(Action::Read)?;
    if to <= from {
        return Err(Error::said("to", Msg::new("stat-end-must-after-start").date("to", to).date("from", from)));
    }
    let last = to.add_days(-1);
    let counts = store::period(sc.tx(), unit, from, to)?;
    let (periods, _) = tinhgon_store::party::badges::members_under(sc.tx(), unit, last)?;
    let mut by_person: BTreeMap<&str, Vec<Period>> = BTreeMap::new();
    let mut in_transit = 0;
    for p in &periods {
        if p.validity.contains(last) && p.status == tinhgon_domain::catalog::MemberStatus::InTransit {
            in_transit += 1;
        }
        by_person.entry(p.person.as_str()).or_default().push(Period {
            status: p.status,
            validity: p.validity,
            admitted_on: p.admitted_on,
        });
    }
    let mut by_party_age: BTreeMap<&'static str, i64> = BANDS.iter().map(|(b, _)| (*b, 0)).collect();
    for history in by_person.values() {
        let active = history.iter().any(|p| p.validity.contains(last) && p.status.is_active());
        if !active {
            continue;
        }
        if let Some(age) = party_age(history, last) {
            if let Some((band, _)) = BANDS.iter().find(|(_, under)| age.years < *under) {
                *by_party_age.entry(band).or_default() += 1;
            }
        }
    }
    Ok(PartyFigures { unit: unit.to_string(), from, to, counts, in_transit, by_party_age })
}

/// Two periods side by side, with the differences (first less second).
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = PartyComparison)]
pub struct Comparison {
    pub figures: PartyFigures,
    pub other: PartyFigures,
    pub difference: BTreeMap<&'static str, i64>,
}

/// The counted lines of two periods, by name: (name, first, second).
pub fn rows(a: &PartyFigures, b: &PartyFigures) -> Vec<(&'static str, i64, i64)> {
    let (x, y) = (&a.counts, &b.counts);
    let mut out = vec![
        ("admissions", x.admissions, y.admissions),
        ("recognitions", x.recognitions, y.recognitions),
        ("removals", x.removals, y.removals),
        ("expulsions", x.expulsions, y.expulsions),
        ("deaths", x.deaths, y.deaths),
        ("resignations", x.resignations, y.resignations),
        ("transfers_out", x.transfers_out, y.transfers_out),
        ("transfers_in", x.transfers_in, y.transfers_in),
        ("transfers_within", x.transfers_within, y.transfers_within),
        ("badges", x.badges, y.badges),
        ("in_transit", a.in_transit, b.in_transit),
    ];
    for (band, _) in BANDS {
        let get = |f: &PartyFigures| f.by_party_age.get(band).copied().unwrap_or(0);
        out.push((band, get(a), get(b)));
    }
    out
}

pub fn compare(figures: PartyFigures, other: PartyFigures) -> Comparison {
    let difference = rows(&figures, &other).into_iter().map(|(k, a, b)| (k, a - b)).collect();
    Comparison { figures, other, difference }
}
