//! Review campaigns (sơ kết, tổng kết): a committee launches one for its subtree with its outline —
//! text sections and figure fields — its days, its pilot units that report first, and its
//! steering teams; each unit drafts its report with every figure pre-filled from the register as of
//! the reference date, may correct a figure only with a note, and submits it before the campaign
//! closes; the committee sees who has submitted and who is late, and the submitted figures added
//! up the tree beside the register's own for the same day, with the differences flagged.
//!
//! The launcher must be in reach to launch, form teams and see every unit; a unit that reports
//! sees the campaign and its own report.

use crate::services::scope::{row_in_reach, Reached, Scope};
use std::collections::{BTreeMap, HashSet};
use tinhgon_domain::msg::Msg;
use tinhgon_domain::stats::Index;

use serde::Serialize;
use tinhgon_domain::access::Action;
use tinhgon_domain::directives::campaign::{self, CampaignKind, Days, FigureKey, Outline};
use tinhgon_domain::msg::Said;
use tinhgon_domain::{Date, UnitCode};
use tinhgon_store::directives::campaigns::{self as store, FigureRow, NewCampaign, SaveReport};
pub use tinhgon_store::directives::campaigns::{CampaignRow, ParticipantRow, ReportRow, TeamRow};
use tinhgon_store::{units, Store, StoreError, Tx};

use crate::services::party::report;
use crate::services::stats::{self, IndexCache};
use crate::services::{Absent, Ctx, Error};

/// What launching a campaign names.
#[derive(Default)]
pub struct Launch {
    pub launcher: Option<UnitCode>,
    pub kind: Option<CampaignKind>,
    pub title: Option<String>,
    pub reviews: Option<i64>,
    pub guidance: Option<i64>,
    pub reference_on: Option<Date>,
    pub pilot_by: Option<Date>,
    pub report_by: Option<Date>,
    pub closes_on: Option<Date>,
    pub conference_on: Option<Date>,
    pub sections: Vec<String>,
    pub fields: Vec<FigureKey>,
    /// The units that report; by default every grassroots party organization under the launcher
    /// on the reference date.
    pub units: Vec<UnitCode>,
    pub pilots: Vec<UnitCode>,
}

/// Where a unit's report stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[schema(as = ReportStanding)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    NotStarted,
    Draft,
    Submitted,
}

/// A unit that reports, with where its report stands.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct UnitStanding {
    #[serde(flatten)]
    pub unit: ParticipantRow,
    pub standing: Standing,
    pub submitted_on: Option<Date>,
    /// Submitted after its deadline, or not submitted and the deadline passed.
    pub late: bool,
}

/// A campaign with its units and teams as the caller sees them.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = CampaignView)]
pub struct View {
    #[serde(flatten)]
    pub campaign: CampaignRow,
    pub units: Vec<UnitStanding>,
    pub teams: Vec<TeamRow>,
    pub submitted: usize,
    pub late: usize,
    /// Whether the caller reaches the launcher (sees every unit and the aggregate).
    pub launcher_in_reach: bool,
}

/// One figure of a report being drafted: the register's value and the value to report.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct FigureLine {
    pub key: FigureKey,
    pub register: i64,
    pub value: i64,
    pub note: Option<String>,
}

/// A unit's report as it is drafted: the outline's sections with their texts, the figures.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Draft {
    pub campaign: CampaignRow,
    pub unit: ParticipantRow,
    pub texts: Vec<String>,
    pub conference_on: Option<Date>,
    pub figures: Vec<FigureLine>,
    pub submitted_on: Option<Date>,
}

/// What saving a report names: the texts of the sections, the conference day, each figure with
/// its value and note, and whether it is submitted (on a day, by default today).
#[derive(Default)]
pub struct Input {
    pub texts: Vec<String>,
    pub conference_on: Option<Date>,
    pub figures: Vec<(FigureKey, Option<i64>, Option<String>)>,
    pub submit: bool,
    pub submitted_on: Option<Date>,
}

/// A figure added up over the submitted reports, beside the register's own.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct AggregateLine {
    pub key: FigureKey,
    /// The figures of the submitted reports, added up.
    pub submitted: i64,
    /// The register's figures of the units that submitted, added up: a difference is a correction.
    pub register_of_submitted: i64,
    /// The register's own figure for the whole unit.
    pub register: i64,
    /// The reports corrected the register's figures of their units.
    pub corrected: bool,
    /// The added-up figure differs from the register's own for the whole unit (a report is
    /// missing, or one was corrected).
    pub differs: bool,
}

/// The submitted figures added up for the launcher and for each unit directly under it.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Aggregate {
    pub reference_on: Date,
    pub submitted: usize,
    pub of: usize,
    pub lines: Vec<AggregateLine>,
    /// Each unit directly under the launcher that holds units that report: its code, name, the
    /// reports submitted of those it holds, and its lines.
    pub below: Vec<(String, String, usize, usize, Vec<AggregateLine>)>,
}

fn field(name: &str, vi: impl Into<String>, en: impl Into<String>) -> Error {
    Error::field(name, vi.into(), en.into())
}

fn absent(id: i64) -> Error {
    Error::NotFound(Absent::said(Msg::new("campaign-there-no-review-campaign").text("id", id)))
}

/// The grassroots party organizations at or under a unit on a day.
fn grassroots_under(tx: &mut Tx<'_>, root: &UnitCode, on: Date) -> Result<Vec<UnitCode>, StoreError> {
    let mut out = Vec::new();
    let mut todo = vec![root.clone()];
    while let Some(u) = todo.pop() {
        for c in units::children(tx, &u, on)? {
            if c.kind.is_grassroots() {
                out.push(c.code);
            } else if c.kind.is_party() {
                todo.push(c.code);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Launches a campaign; returns its id. Nothing is written when any field is refused.
pub fn launch(s: &mut Store, cx: &Ctx, l: &Launch) -> Result<i64, Error> {
    cx.require(Action::Direct)?;
    s.write(cx.actor(), &cx.now, |w| {
        let launcher = l
            .launcher
            .as_ref()
            .ok_or_else(|| Error::said("launcher", Msg::new("campaign-name-committee-that-launches")))?;
        if cx.guard.unit(w.tx(), launcher).is_err() {
            return Err(Error::said("launcher", Msg::new("campaign-there-no-unit").text("launcher", launcher)));
        }
        let title = l.title.as_deref().map(str::trim).filter(|t| !t.is_empty());
        let title = title.ok_or_else(|| Error::said("title", Msg::new("campaign-give-campaign-s-title")))?;
        if title.chars().count() > 500 {
            return Err(Error::said("title", Msg::new("campaign-title-up-characters")));
        }
        let reference_on = l
            .reference_on
            .ok_or_else(|| Error::said("reference_on", Msg::new("campaign-give-reference-date-figures")))?;
        let report_by =
            l.report_by.ok_or_else(|| Error::said("report_by", Msg::new("campaign-give-deadline-reports")))?;
        let closes_on = l.closes_on.unwrap_or(report_by);
        let days = Days { reference_on, pilot_by: l.pilot_by, report_by, closes_on };
        days.check().map_err(|e| field(e.field(), crate::i18n::vi(&e), crate::i18n::en(&e)))?;
        match units::at(w.tx(), launcher, reference_on)? {
            Some(v) if v.kind.is_party_organization() => {}
            _ => {
                return Err(Error::said(
                    "reference_on",
                    Msg::new("campaign-not-party-organization")
                        .text("launcher", launcher)
                        .date("reference_on", reference_on),
                ))
            }
        }
        let outline = Outline::new(&l.sections, &l.fields).map_err(|e| Error::said(e.field(), e.msg()))?;
        let under: Vec<UnitCode> = grassroots_under(w.tx(), launcher, reference_on)?;
        let list = if l.units.is_empty() { under.clone() } else { l.units.clone() };
        if list.is_empty() {
            return Err(Error::said(
                "units",
                Msg::new("campaign-had-no-grassroots-organizations")
                    .text("launcher", launcher)
                    .date("reference_on", reference_on),
            ));
        }
        let inside: HashSet<&UnitCode> = under.iter().collect();
        for u in list.iter().chain(&l.pilots) {
            if !inside.contains(u) {
                return Err(Error::said(
                    "units",
                    Msg::new("campaign-not-grassroots-organization-under")
                        .text("u", u)
                        .text("launcher", launcher)
                        .date("reference_on", reference_on),
                ));
            }
        }
        for p in &l.pilots {
            if !list.contains(p) {
                return Err(Error::said("pilots", Msg::new("campaign-not-among-units-that-report").text("p", p)));
            }
        }
        // A document the caller does not see is answered exactly as one that does not exist.
        for (name, doc) in [("reviews", l.reviews), ("guidance", l.guidance)] {
            if let Some(doc) = doc {
                if super::documents::seen(w.tx(), cx, doc)?.is_none() {
                    return Err(Error::said(name, Msg::new("campaign-there-no-document").text("doc", doc)));
                }
            }
        }
        let units: Vec<(UnitCode, bool, Date)> = list
            .iter()
            .map(|u| {
                let pilot = l.pilots.contains(u);
                (u.clone(), pilot, if pilot { l.pilot_by.unwrap_or(report_by) } else { report_by })
            })
            .collect();
        Ok(w.insert_campaign(&NewCampaign {
            launcher,
            kind: l.kind.unwrap_or(CampaignKind::Final),
            title,
            reviews: l.reviews,
            guidance: l.guidance,
            reference_on,
            pilot_by: l.pilot_by,
            report_by,
            closes_on,
            conference_on: l.conference_on,
            sections: &outline.sections,
            fields: &outline.fields,
            units: &units,
        })?)
    })
}

/// A campaign whose launcher is in reach.
fn launched(tx: &mut Tx<'_>, cx: &Ctx, id: i64) -> Result<CampaignRow, Error> {
    row_in_reach(tx, cx, |tx| store::get(tx, id))?.ok_or_else(|| absent(id))
}

/// Forms a steering team that follows some of the campaign's units; returns its id.
pub fn team(s: &mut Store, cx: &Ctx, id: i64, name: &str, members: &str, follows: &[UnitCode]) -> Result<i64, Error> {
    cx.require(Action::Direct)?;
    s.write(cx.actor(), &cx.now, |w| {
        launched(w.tx(), cx, id)?;
        let (name, members) = (name.trim(), members.trim());
        if name.is_empty() || name.chars().count() > 200 {
            return Err(Error::said("name", Msg::new("campaign-name-steering-team-up-characters")));
        }
        if members.chars().count() > 2_000 {
            return Err(Error::said("members", Msg::new("campaign-members-up-characters")));
        }
        let reporting: HashSet<String> = store::participants(w.tx(), id)?.into_iter().map(|p| p.unit).collect();
        for u in follows {
            if !reporting.contains(u.as_str()) {
                return Err(Error::said("units", Msg::new("campaign-does-not-report-this-campaign").text("u", u)));
            }
        }
        Ok(w.insert_team(id, name, members, follows)?)
    })
}

fn standings(tx: &mut Tx<'_>, c: &CampaignRow, today: Date) -> Result<Vec<UnitStanding>, StoreError> {
    let reports: BTreeMap<String, ReportRow> =
        store::reports(tx, c.id)?.into_iter().map(|r| (r.unit.clone(), r)).collect();
    Ok(store::participants(tx, c.id)?
        .into_iter()
        .map(|p| {
            let r = reports.get(&p.unit);
            let standing = match r {
                None => Standing::NotStarted,
                Some(r) if r.submitted => Standing::Submitted,
                Some(_) => Standing::Draft,
            };
            let submitted_on = r.and_then(|r| r.submitted_on);
            let late = match submitted_on {
                Some(d) => d > p.report_by,
                None => today > p.report_by,
            };
            UnitStanding { unit: p, standing, submitted_on, late }
        })
        .collect())
}

/// A campaign in sight — its launcher in reach, or a unit in reach that reports in it — with the
/// units the caller reaches and the teams.
/// A campaign whose launcher the caller reaches, for a caller whose role may take `action`: absent
/// when the launcher is out of reach (those below it see the campaign, not its drafting).
pub fn launched_in_reach(s: &mut Store, cx: &Ctx, id: i64, action: Action) -> Result<View, Error> {
    cx.require(action)?;
    let v = view(s, cx, id)?;
    if v.launcher_in_reach {
        Ok(v)
    } else {
        Err(absent(id))
    }
}

pub fn view(s: &mut Store, cx: &Ctx, id: i64) -> Result<View, Error> {
    cx.require(Action::Read)?;
    crate::services::read(s, |tx| {
        let c = store::get(tx, id)?.ok_or_else(|| absent(id))?;
        let launcher_in_reach = cx.guard.reaches(tx, &c.launcher);
        let mut units = Vec::new();
        for u in standings(tx, &c, cx.today)? {
            if launcher_in_reach || cx.guard.reaches(tx, &u.unit.unit) {
                units.push(u);
            }
        }
        if units.is_empty() && !launcher_in_reach {
            return Err(absent(id));
        }
        let teams = if launcher_in_reach { store::teams(tx, id)? } else { Vec::new() };
        let submitted = units.iter().filter(|u| u.standing == Standing::Submitted).count();
        let late = units.iter().filter(|u| u.late).count();
        Ok(View { campaign: c, units, teams, submitted, late, launcher_in_reach })
    })
}

/// The campaigns a unit in reach launched or reports in.
pub fn of_unit(s: &mut Store, cx: &Ctx, unit: &UnitCode) -> Result<Vec<CampaignRow>, Error> {
    cx.require(Action::Read)?;
    crate::services::read(s, |tx| {
        cx.guard.unit(tx, unit)?;
        Ok(store::of_unit(tx, unit)?)
    })
}

/// The register's value of each figure field for a unit as of the campaign's reference date (the
/// party work of the reference date's year for its fields).
fn register_values(
    sc: &mut Scope<'_, '_>,
    index: &Index,
    unit: &Reached<UnitCode>,
    c: &CampaignRow,
) -> Result<Vec<(FigureKey, i64)>, Error> {
    // Whatever is pre-filled is stored for the unit and read by others: it is computed without the
    // caller's handling of confidential cases, so it never carries a case or decision that is not
    // announced, whoever drafts or saves it.
    let reader = sc.cx().as_reader();
    let sc = &mut sc.with(&reader);
    let (f, _) = stats::figures_in(index, unit, c.reference_on, None)?;
    let meetings_or_cases = c.fields.iter().any(|k| k.is_party_work() && !k.is_membership_change());
    let work = if meetings_or_cases { Some(report::year_in(sc, unit, c.reference_on.year())?) } else { None };
    // Admissions and recognitions from the first of January to the reference date, that day too.
    let changes = if c.fields.iter().any(|k| k.is_membership_change()) {
        let (first, _) = crate::services::party::year_bounds(c.reference_on.year());
        Some(crate::services::party::stats::period_in(sc, unit, first, c.reference_on.add_days(1))?.counts)
    } else {
        None
    };
    Ok(c.fields
        .iter()
        .map(|k| {
            let v = match (k.of(&f), &work) {
                (Some(v), _) => v as i64,
                (None, _) if *k == FigureKey::Admissions => changes.as_ref().map_or(0, |c| c.admissions),
                (None, _) if *k == FigureKey::Recognitions => changes.as_ref().map_or(0, |c| c.recognitions),
                (None, Some(w)) => match k {
                    FigureKey::MeetingsHeld => w.meetings.held,
                    FigureKey::Inspections => w.inspection.inspections.total,
                    FigureKey::Supervisions => w.inspection.supervisions.total,
                    FigureKey::MembersDisciplined => w.inspection.members_disciplined.values().sum(),
                    FigureKey::MembersRated => w.ratings.members.rated,
                    _ => 0,
                },
                (None, None) => 0,
            };
            (*k, v)
        })
        .collect())
}

/// The campaign and the caller's unit in it: the unit must report in it and be in reach.
fn participant(
    sc: &mut Scope<'_, '_>,
    id: i64,
    unit: &UnitCode,
) -> Result<(CampaignRow, ParticipantRow, Reached<UnitCode>), Error> {
    let c = store::get(sc.tx(), id)?.ok_or_else(|| absent(id))?;
    let p = store::participants(sc.tx(), id)?.into_iter().find(|p| p.unit == unit.as_str());
    match (p, sc.unit(unit).ok()) {
        (Some(p), Some(reached)) => Ok((c, p, reached)),
        _ => Err(not_reporting(id, unit)),
    }
}

/// The campaign and a unit in reach that reports in it.
fn participant_in_reach(
    sc: &mut Scope<'_, '_>,
    id: i64,
    unit: &Reached<UnitCode>,
) -> Result<(CampaignRow, ParticipantRow), Error> {
    let c = store::get(sc.tx(), id)?.ok_or_else(|| absent(id))?;
    let p = store::participants(sc.tx(), id)?.into_iter().find(|p| p.unit == unit.as_str());
    Ok((c, p.ok_or_else(|| not_reporting(id, unit))?))
}

fn not_reporting(id: i64, unit: &UnitCode) -> Error {
    Error::NotFound(Absent::said(Msg::new("campaign-does-not-report-campaign").text("unit", unit).text("id", id)))
}

/// A unit's report as drafted, or, before its first save, pre-filled from the register.
pub fn draft(s: &mut Store, cx: &Ctx, cache: &IndexCache, id: i64, unit: &UnitCode) -> Result<Draft, Error> {
    cx.require(Action::Read)?;
    let index = cache.current(s)?;
    cx.read(s, |sc| {
        let (c, p, unit) = participant(sc, id, unit)?;
        let saved = store::report(sc.tx(), id, unit.as_str())?;
        draft_of(sc, &index, &unit, c, p, saved)
    })
}

/// The draft of a participant: the saved report, or the register's values.
fn draft_of(
    sc: &mut Scope<'_, '_>,
    index: &Index,
    unit: &Reached<UnitCode>,
    c: CampaignRow,
    p: ParticipantRow,
    saved: Option<tinhgon_store::directives::campaigns::ReportRow>,
) -> Result<Draft, Error> {
    if let Some(r) = saved {
        let figures = r
            .figures
            .iter()
            .map(|f| FigureLine { key: f.key, register: f.register, value: f.value, note: f.note.clone() })
            .collect();
        let mut texts = r.texts.clone();
        texts.resize(c.sections.len(), String::new());
        return Ok(Draft {
            campaign: c,
            unit: p,
            texts,
            conference_on: r.conference_on,
            figures,
            submitted_on: r.submitted_on,
        });
    }
    let values = register_values(sc, index, unit, &c)?;
    let figures = values.into_iter().map(|(key, v)| FigureLine { key, register: v, value: v, note: None }).collect();
    let texts = vec![String::new(); c.sections.len()];
    Ok(Draft { conference_on: c.conference_on, campaign: c, unit: p, texts, figures, submitted_on: None })
}

/// Saves a unit's report, as a draft or submitted. A figure that differs from the register's needs
/// a note; nothing is taken after the campaign closes or once the report is submitted.
pub fn save(s: &mut Store, cx: &Ctx, cache: &IndexCache, id: i64, unit: &UnitCode, input: &Input) -> Result<(), Error> {
    // The statistics index, current as of the register's head (a read of the head when nothing
    // changed since); then one write transaction for the whole save.
    let index = cache.current(s)?;
    cx.write(s, |ws| {
        let sc = &mut ws.scope();
        // The unit named in the address first: out of reach is absent, whatever the role.
        let unit = &sc.unit(unit)?;
        cx.require(Action::Direct)?;
        let (c, _) = participant_in_reach(sc, id, unit)?;
        let register: BTreeMap<FigureKey, i64> = register_values(sc, &index, unit, &c)?.into_iter().collect();
        if store::report(sc.tx(), id, unit.as_str())?.is_some_and(|r| r.submitted) {
            return Err(Error::refused(Msg::new("campaign-submitted-report-submitted-report-not").text("unit", unit)));
        }
        let days =
            Days { reference_on: c.reference_on, pilot_by: c.pilot_by, report_by: c.report_by, closes_on: c.closes_on };
        let by_launcher = cx.guard.reaches(sc.tx(), &c.launcher);
        let on = days
            .submission(input.submitted_on, cx.today, by_launcher, input.submit)
            .map_err(|e| field("submitted_on", crate::i18n::vi(&e), crate::i18n::en(&e)))?;
        let outline = Outline { sections: c.sections.clone(), fields: c.fields.clone() };
        let (texts, figures) = campaign::report(&outline, &register, &input.texts, &input.figures)
            .map_err(|e| Error::said(&e.field(), e.msg()))?;
        let figures: Vec<FigureRow> = figures
            .into_iter()
            .map(|f| FigureRow { key: f.key, register: f.register, value: f.value, note: f.note })
            .collect();
        ws.writer().save_report(
            id,
            &SaveReport {
                unit,
                texts: &texts,
                conference_on: input.conference_on,
                figures: &figures,
                submitted_on: input.submit.then_some(on),
            },
        )?;
        Ok(())
    })
}

/// The sums of the submitted reports: the values reported and the register's values, by field.
#[derive(Default)]
struct Sums {
    value: BTreeMap<FigureKey, i64>,
    register: BTreeMap<FigureKey, i64>,
}

impl Sums {
    fn add(&mut self, r: &ReportRow) {
        for f in &r.figures {
            *self.value.entry(f.key).or_default() += f.value;
            *self.register.entry(f.key).or_default() += f.register;
        }
    }
}

fn lines(c: &CampaignRow, sums: &Sums, register: &[(FigureKey, i64)]) -> Vec<AggregateLine> {
    c.fields
        .iter()
        .map(|k| {
            let sub = sums.value.get(k).copied().unwrap_or(0);
            let of_sub = sums.register.get(k).copied().unwrap_or(0);
            let reg = register.iter().find(|(x, _)| x == k).map_or(0, |(_, v)| *v);
            AggregateLine {
                key: *k,
                submitted: sub,
                register_of_submitted: of_sub,
                register: reg,
                corrected: sub != of_sub,
                differs: sub != reg,
            }
        })
        .collect()
}

/// The submitted figures added up for the launcher and for each unit directly under it, beside the
/// register's own figures for the reference date. `progress` is told each unit counted.
pub fn aggregate(
    s: &mut Store,
    cx: &Ctx,
    cache: &IndexCache,
    id: i64,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Aggregate, Error> {
    cx.require(Action::Read)?;
    let (c, reports, participants) = crate::services::read(s, |tx| {
        let c = launched(tx, cx, id)?;
        Ok((c, store::reports(tx, id)?, store::participants(tx, id)?))
    })?;
    let launcher = UnitCode::parse(&c.launcher).map_err(|_| absent(id))?;
    let submitted: Vec<&ReportRow> = reports.iter().filter(|r| r.submitted).collect();
    // Which unit directly under the launcher holds each unit that reports.
    let (children, holders) = crate::services::read(s, |tx| {
        let children = units::children(tx, &launcher, c.reference_on)?;
        let mut holders = Vec::with_capacity(participants.len());
        for p in &participants {
            holders.push(holder_of(tx, &p.unit, &launcher, c.reference_on)?);
        }
        Ok((children, holders))
    })?;
    let mut below: BTreeMap<String, (String, usize, usize, Sums)> = BTreeMap::new();
    let mut total = Sums::default();
    let n = participants.len();
    for (i, (p, holder)) in participants.iter().zip(holders).enumerate() {
        let report = submitted.iter().find(|r| r.unit == p.unit);
        if let Some(h) = holder.and_then(|h| children.iter().find(|c| c.code.as_str() == h)) {
            let e = below.entry(h.code.to_string()).or_insert_with(|| (h.name.clone(), 0, 0, Sums::default()));
            e.2 += 1;
            if let Some(r) = report {
                e.1 += 1;
                e.3.add(r);
            }
        }
        if let Some(r) = report {
            total.add(r);
        }
        progress(i + 1, n);
    }
    let index = cache.current(s)?;
    let (register, out_below) = cx.read(s, |sc| {
        let launcher = sc.unit(&launcher)?;
        let register = register_values(sc, &index, &launcher, &c)?;
        let mut out_below = Vec::new();
        for (code, (name, done, of, sums)) in below {
            let u = UnitCode::parse(&code).map_err(|_| absent(id))?;
            let u = sc.unit(&u)?;
            let reg = register_values(sc, &index, &u, &c)?;
            out_below.push((code, name, done, of, lines(&c, &sums, &reg)));
        }
        Ok((register, out_below))
    })?;
    Ok(Aggregate {
        reference_on: c.reference_on,
        submitted: submitted.len(),
        of: n,
        lines: lines(&c, &total, &register),
        below: out_below,
    })
}

/// The unit directly under `top` on the line from a unit up to it.
fn holder_of(tx: &mut Tx<'_>, unit: &str, top: &UnitCode, on: Date) -> Result<Option<String>, StoreError> {
    let mut at = UnitCode::parse(unit).ok();
    for _ in 0..16 {
        let Some(code) = at else { break };
        let Some(v) = units::at(tx, &code, on)? else { break };
        if v.parent.as_ref() == Some(top) {
            return Ok(Some(code.to_string()));
        }
        at = v.parent;
    }
    Ok(None)
}

/// Drafts the report of every unit of a campaign whose launcher is in reach that has none yet,
/// each pre-filled from the register as of the reference date; returns how many were drafted.
/// `progress` is told each unit done.
pub fn prefill(
    s: &mut Store,
    cx: &Ctx,
    cache: &IndexCache,
    id: i64,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<usize, Error> {
    cx.require(Action::Direct)?;
    let (c, participants, reported) = crate::services::read(s, |tx| {
        let c = launched(tx, cx, id)?;
        let reported: HashSet<String> = store::reports(tx, id)?.into_iter().map(|r| r.unit).collect();
        Ok((c, store::participants(tx, id)?, reported))
    })?;
    let n = participants.len();
    let mut drafted = 0;
    // Drafts hold no figure of the register: one index serves every unit's.
    let index = cache.current(s)?;
    for (i, p) in participants.iter().enumerate() {
        if !reported.contains(&p.unit) {
            let unit = UnitCode::parse(&p.unit).map_err(|_| absent(id))?;
            let texts = vec![String::new(); c.sections.len()];
            cx.write(s, |ws| {
                let sc = &mut ws.scope();
                let unit = sc.unit(&unit)?;
                let values = register_values(sc, &index, &unit, &c)?;
                let figures: Vec<FigureRow> =
                    values.into_iter().map(|(key, v)| FigureRow { key, register: v, value: v, note: None }).collect();
                ws.writer().save_report(
                    id,
                    &SaveReport {
                        unit: &unit,
                        texts: &texts,
                        conference_on: c.conference_on,
                        figures: &figures,
                        submitted_on: None,
                    },
                )?;
                Ok(())
            })?;
            drafted += 1;
        }
        progress(i + 1, n);
    }
    Ok(drafted)
}
