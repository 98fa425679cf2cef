//! The figures of a year's party work at or under a unit, as the seeds print them: meetings held
//! and officials' visits, the rating shares of organizations and members, inspections and
//! supervisions done, denunciations and complaints received and settled, members disciplined. The dashboard,
//! `stats --json` and the workbook show the same.

use crate::services::scope::{Reached, Scope};
use serde::Serialize;
use tinhgon_domain::party::discipline::CaseKind;
use tinhgon_domain::UnitCode;
use tinhgon_store::{Store, StoreError, Tx};

use super::meetings::{self, MeetingFigures};
use super::ratings::{self, RatingFigures};
use crate::services::{Ctx, Error};

/// A year's party work at or under a unit.
#[derive(Serialize, utoipa::ToSchema)]
pub struct YearReport {
    pub unit: String,
    pub year: i32,
    pub meetings: MeetingFigures,
    pub ratings: RatingFigures,
    /// As the caller may see them: confidential cases count for their handlers only until
    /// their decision is announced.
    pub inspection: CaseFigures,
}

/// The party work of a year at or under a unit in reach.
pub fn year(s: &mut Store, cx: &Ctx, unit: &UnitCode, year: i32) -> Result<YearReport, Error> {
    cx.read_unit(s, unit, |sc, unit| year_in(sc, unit, year))
}

/// The party work of a year and, when asked, of another year beside it: one read, the unit's
/// reach asked once.
pub fn years(
    s: &mut Store,
    cx: &Ctx,
    unit: &UnitCode,
    year: i32,
    other: Option<i32>,
) -> Result<(YearReport, Option<YearReport>), Error> {
    cx.read(s, |sc| {
        let unit = sc.unit_or_absent(unit)?;
        let now = year_in(sc, &unit, year)?;
        let then = other.map(|o| year_in(sc, &unit, o)).transpose()?;
        Ok((now, then))
    })
}

/// [`year`] inside a scope, of a unit in reach: one transaction, the reach asked once.
pub(crate) fn year_in(sc: &mut Scope<'_, '_>, unit: &Reached<UnitCode>, year: i32) -> Result<YearReport, Error> {
    let (from, to) = super::year_bounds(year);
    let meetings = meetings::figures_in(sc, unit, from, to)?;
    let ratings = ratings::figures_in(sc, unit, year)?;
    let (tx, cx) = sc.parts();
    let inspection = figures(tx, cx, unit, year)?;
    Ok(YearReport { unit: unit.to_string(), year, meetings, ratings, inspection })
}

/// One figure of a year's party work: what it counts (a catalog key, with the code of a unit kind
/// or a discipline form where it is one of several), the count, and the share where it is one.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Line {
    pub key: &'static str,
    pub what: Option<&'static str>,
    pub value: i64,
    pub share: Option<tinhgon_domain::party::Share>,
}

/// The figures of a report in the order the seeds print them.
pub fn lines(r: &YearReport) -> Vec<Line> {
    let line = |key, what, value, share| Line { key, what, value, share };
    let m = &r.meetings;
    let i = &r.inspection;
    let mut out = vec![
        line("pw-meetings-held", None, m.held, None),
        line("pw-attendance", None, m.present, Some(m.attendance)),
        line("pw-visits", None, m.visits, None),
        line("pw-inspections", None, i.inspections.total, None),
        line("pw-inspections-done", None, i.inspections.concluded, None),
        line("pw-supervisions", None, i.supervisions.total, None),
        line("pw-supervisions-done", None, i.supervisions.concluded, None),
        line("pw-denunciations", None, i.denunciations.total, None),
        line("pw-denunciations-settled", None, i.denunciations.concluded, None),
        line("pw-complaints", None, i.complaints.total, None),
        line("pw-complaints-settled", None, i.complaints.concluded, None),
    ];
    for (form, n) in &i.members_disciplined {
        out.push(line("pw-members-disciplined", Some(*form), *n, None));
    }
    for (kind, t) in &r.ratings.organizations {
        out.push(line("pw-org-rated", Some(*kind), t.rated, None));
        if let Some(s) = t.top {
            out.push(line("pw-org-top", Some(*kind), s.count, Some(s)));
        }
        if let Some(s) = t.good_or_better {
            out.push(line("pw-org-good", Some(*kind), s.count, Some(s)));
        }
    }
    let members = &r.ratings.members;
    out.push(line("pw-members-rated", None, members.rated, None));
    if let Some(s) = members.top {
        out.push(line("pw-members-top", None, s.count, Some(s)));
    }
    if let Some(s) = members.good_or_better {
        out.push(line("pw-members-good", None, s.count, Some(s)));
    }
    out
}

/// The inspection work of a year at or under a unit, as the caller may see it: inspections and
/// supervisions planned and done (concluded), denunciations and complaints received and settled,
/// and the members and organizations disciplined by form.
#[derive(Clone, Debug, Default, Serialize, utoipa::ToSchema)]
pub struct CaseFigures {
    pub inspections: Done,
    pub supervisions: Done,
    pub denunciations: Done,
    pub complaints: Done,
    /// Form code → members disciplined that year.
    pub members_disciplined: std::collections::BTreeMap<&'static str, i64>,
    pub organizations_disciplined: std::collections::BTreeMap<&'static str, i64>,
}

/// Cases of one kind: received or planned, settled or done, and how many of those were planned
/// in the programme, anonymous, or overdue.
#[derive(Clone, Debug, Default, Serialize, utoipa::ToSchema)]
#[schema(as = WorkDone)]
pub struct Done {
    pub total: i64,
    pub planned: i64,
    pub concluded: i64,
    pub anonymous: i64,
    pub overdue: i64,
}

pub(crate) fn figures(tx: &mut Tx<'_>, cx: &Ctx, unit: &UnitCode, year: i32) -> Result<CaseFigures, StoreError> {
    let mut f = CaseFigures::default();
    for v in super::cases::of_year(tx, cx, unit, year)? {
        let d = match v.case.kind {
            CaseKind::Inspection => &mut f.inspections,
            CaseKind::Supervision => &mut f.supervisions,
            CaseKind::Denunciation => &mut f.denunciations,
            CaseKind::Complaint => &mut f.complaints,
        };
        d.total += 1;
        d.planned += i64::from(v.case.planned);
        d.concluded += i64::from(v.case.concluded_on.is_some());
        d.anonymous += i64::from(v.case.anonymous);
        d.overdue += i64::from(v.overdue);
    }
    for d in super::disciplines::of_year(tx, cx, unit, year)? {
        let map = if d.person.is_some() { &mut f.members_disciplined } else { &mut f.organizations_disciplined };
        *map.entry(d.form.code()).or_default() += 1;
    }
    Ok(f)
}
