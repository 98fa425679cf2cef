//! Meetings of party organizations: planned with the members called (the invitation each member
//! sees on their own page), then recorded as held — who chaired, how each member attended, the
//! officials of a higher level who came, the minutes and the resolutions — and counted: meetings
//! held, the attendance rate and the officials' visits for any unit and period.
//!
//! The organization must be in the caller's reach. Those called are the organization's members on
//! the day (a cell's active members; for a party committee, the holders of its positions).

use crate::services::attachments::{self, Holder};
use crate::services::scope::{row_in_reach, Reached, Scope};
use std::collections::{BTreeMap, HashSet};
use tinhgon_domain::msg::Msg;

use serde::Serialize;
use tinhgon_domain::access::Action;
use tinhgon_domain::party::meeting::{self, Kind, Presence};
use tinhgon_domain::party::Share;
use tinhgon_domain::rules::RuleKey;
use tinhgon_domain::{Date, UnitCode};
use tinhgon_store::party::meetings::{self as store, Held, NewMeeting};
pub use tinhgon_store::party::meetings::{AttendanceRow, Guest, MeetingRow, Resolution};
use tinhgon_store::{people, units, Store, StoreError, Tx, Writer};

use crate::services::{Absent, Ctx, Error, RowError};

/// What planning (or recording at once) a meeting names.
pub struct Plan<'a> {
    pub unit: &'a UnitCode,
    pub kind: Kind,
    pub planned_on: Option<Date>,
    pub topic: Option<&'a str>,
    pub agenda: Option<&'a str>,
}

/// What recording a meeting as held names.
#[derive(Default)]
pub struct Hold {
    pub held_on: Option<Date>,
    pub chair: Option<String>,
    pub minutes: Option<String>,
    /// Each member with how they attended and, when absent, the reason given.
    pub attendance: Vec<(String, Presence, Option<String>)>,
    pub guests: Vec<Guest>,
    pub resolutions: Vec<Resolution>,
}

/// A meeting with those called, the guests, the resolutions and whether it had its quorum.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = MeetingDetail)]
pub struct Detail {
    #[serde(flatten)]
    pub meeting: MeetingRow,
    pub attendance: Vec<AttendanceRow>,
    pub guests: Vec<Guest>,
    pub resolutions: Vec<Resolution>,
    /// The files of the minutes.
    pub files: Vec<tinhgon_store::party::meetings::FileRow>,
    pub called: usize,
    pub present: usize,
    /// Whether those present made the quorum of the rule in force that day; `None` until held.
    pub quorum: Option<bool>,
}

fn absent(id: i64) -> Error {
    Error::NotFound(Absent::said(Msg::new("meeting-there-no-meeting").text("id", id)))
}

const MAX_TEXT: usize = 20_000;

fn check_text(name: &str, text: Option<&str>, max: usize) -> Result<(), Error> {
    if text.is_some_and(|t| t.chars().count() > max) {
        return Err(Error::said(name, Msg::new("document-too-long").text("name", name).text("max", max)));
    }
    Ok(())
}

/// The people a unit calls to its meetings on a date: a cell's active members, a committee's
/// position holders.
fn callable(tx: &mut Tx<'_>, unit: &UnitCode, on: Date) -> Result<Vec<(String, String)>, StoreError> {
    let members: Vec<(String, String)> = people::members_of_unit(tx, unit, on)?
        .into_iter()
        .filter(|(_, s)| s.is_active())
        .map(|(p, _)| (p.code, p.name))
        .collect();
    if !members.is_empty() {
        return Ok(members);
    }
    let mut seen = HashSet::new();
    Ok(people::positions_of_unit(tx, unit, on)?
        .into_iter()
        .filter(|(p, _)| seen.insert(p.code.clone()))
        .map(|(p, _)| (p.code, p.name))
        .collect())
}

/// Checks the organization and the day of a meeting: the unit in reach, a party organization in
/// force on the day.
fn check_unit(w: &mut Writer<'_, '_>, cx: &Ctx, unit: &UnitCode, on: Date, column: &str) -> Result<(), Error> {
    if cx.guard.unit(w.tx(), unit).is_err() {
        return Err(Error::said("unit", Msg::new("programme-there-no-unit").text("unit", unit)));
    }
    match units::at(w.tx(), unit, on)? {
        None => Err(Error::said(column, Msg::new("document-issuer-not-then").text("unit", unit).date("on", on))),
        Some(v) if !v.kind.is_party_organization() => Err(Error::said(
            "unit",
            Msg::new("meeting-not-party-organization").text("unit", unit).label("kind", v.kind),
        )),
        Some(_) => Ok(()),
    }
}

/// Plans a meeting and calls the organization's members of the planned day; returns its id.
pub fn plan(s: &mut Store, cx: &Ctx, p: &Plan<'_>) -> Result<i64, Error> {
    cx.require(Action::EditMembers)?;
    s.write(cx.actor(), &cx.now, |w| {
        let on = p.planned_on.ok_or_else(|| Error::said("planned_on", Msg::new("meeting-give-day-meeting-planned")))?;
        let id = create(w, cx, p, on, "planned_on")?;
        let m = store::get(w.tx(), id)?.ok_or_else(|| absent(id))?;
        let called: Vec<String> = callable(w.tx(), p.unit, on)?.into_iter().map(|(c, _)| c).collect();
        w.invite(&m, &called)?;
        Ok(id)
    })
}

fn create(w: &mut Writer<'_, '_>, cx: &Ctx, p: &Plan<'_>, on: Date, column: &str) -> Result<i64, Error> {
    check_unit(w, cx, p.unit, on, column)?;
    check_text("topic", p.topic, 500)?;
    check_text("agenda", p.agenda, MAX_TEXT)?;
    if p.kind == Kind::Thematic && p.topic.is_none_or(|t| t.trim().is_empty()) {
        return Err(Error::said("topic", Msg::new("meeting-thematic-meeting-names-topic")));
    }
    let clean = |t: Option<&'_ str>| t.map(str::trim).filter(|t| !t.is_empty()).map(str::to_string);
    let (topic, agenda) = (clean(p.topic), clean(p.agenda));
    Ok(w.insert_meeting(&NewMeeting {
        unit: p.unit,
        kind: p.kind,
        planned_on: p.planned_on,
        topic: topic.as_deref(),
        agenda: agenda.as_deref(),
    })?)
}

/// Records a meeting held without having been planned here; returns its id.
pub fn record(s: &mut Store, cx: &Ctx, p: &Plan<'_>, h: &Hold) -> Result<i64, Error> {
    cx.require(Action::EditMembers)?;
    s.write(cx.actor(), &cx.now, |w| {
        let on = h.held_on.ok_or_else(|| Error::said("held_on", Msg::new("meeting-give-day-meeting")))?;
        let id = create(w, cx, p, on, "held_on")?;
        let m = store::get(w.tx(), id)?.ok_or_else(|| absent(id))?;
        hold_in(w, cx, &m, h)?;
        Ok(id)
    })
}

/// Records a planned meeting as held.
pub fn hold(s: &mut Store, cx: &Ctx, id: i64, h: &Hold) -> Result<(), Error> {
    cx.require(Action::EditMembers)?;
    s.write(cx.actor(), &cx.now, |w| {
        let m = row_in_reach(w.tx(), cx, |tx| store::get(tx, id))?.ok_or_else(|| absent(id))?;
        if let Some(done) = m.held_on {
            return Err(Error::said(
                "held_on",
                Msg::new("meeting-meeting-recorded-as-held-already").text("id", id).date("done", done),
            ));
        }
        hold_in(w, cx, &m, h)
    })
}

fn hold_in(w: &mut Writer<'_, '_>, cx: &Ctx, m: &MeetingRow, h: &Hold) -> Result<(), Error> {
    let on = h.held_on.ok_or_else(|| Error::said("held_on", Msg::new("meeting-give-day-meeting")))?;
    let unit = UnitCode::parse(&m.unit).map_err(|_| absent(m.id))?;
    check_unit(w, cx, &unit, on, "held_on")?;
    if on > cx.today {
        return Err(Error::said("held_on", Msg::new("admission-future-today").date("on", on).date("today", cx.today)));
    }
    check_text("minutes", h.minutes.as_deref(), MAX_TEXT)?;
    let callable: BTreeMap<String, String> = callable(w.tx(), &unit, on)?.into_iter().collect();
    let called: Vec<AttendanceRow> = store::attendance(w.tx(), m.id)?;
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    for (i, (person, presence, reason)) in h.attendance.iter().enumerate() {
        let line = i + 1;
        let p = person.trim();
        let mut bad = |m: Msg| errors.push(RowError::said(line, "attendance", m));
        if !seen.insert(p.to_string()) {
            bad(Msg::new("meeting-recorded-twice").text("p", p));
        } else if called.iter().any(|a| a.person == p && a.presence.is_some()) {
            bad(Msg::new("meeting-s-attendance-recorded-already").text("p", p));
        } else if !callable.contains_key(p) && !called.iter().any(|a| a.person == p) {
            bad(Msg::new("meeting-not-member").text("p", p).text("unit", &unit).date("on", on));
        } else if *presence == Presence::Excused && reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
            bad(Msg::new("meeting-give-s-reason-being-absent").text("p", p));
        }
    }
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    if let Some(chair) = h.chair.as_deref() {
        let present = h.attendance.iter().any(|(p, pr, _)| p.trim() == chair.trim() && *pr == Presence::Present);
        if !present {
            return Err(Error::said("chair", Msg::new("meeting-chair-must-among-those-present").text("chair", chair)));
        }
    }
    for (i, g) in h.guests.iter().enumerate() {
        if g.name.trim().is_empty() || g.name.chars().count() > 200 {
            return Err(Error::Invalid(vec![RowError::said(
                i + 1,
                "guests",
                Msg::new("meeting-give-name-official-who-attended"),
            )]));
        }
    }
    for (i, r) in h.resolutions.iter().enumerate() {
        if r.text.trim().is_empty() || r.text.chars().count() > MAX_TEXT {
            return Err(Error::Invalid(vec![RowError::said(
                i + 1,
                "resolutions",
                Msg::new("meeting-give-text-resolution"),
            )]));
        }
    }
    let minutes = h.minutes.as_deref().map(str::trim).filter(|t| !t.is_empty());
    w.hold_meeting(
        m,
        &Held {
            held_on: on,
            chair: h.chair.as_deref().map(str::trim),
            minutes,
            attendance: &h.attendance,
            guests: &h.guests,
            resolutions: &h.resolutions,
        },
    )?;
    Ok(())
}

fn detail(tx: &mut Tx<'_>, m: MeetingRow) -> Result<Detail, StoreError> {
    let rules = tinhgon_store::plans::rules(tx)?;
    let attendance = store::attendance(tx, m.id)?;
    let guests = store::guests(tx, m.id)?;
    let resolutions = store::resolutions(tx, m.id)?;
    let files = store::files(tx, m.id)?;
    let called = attendance.len();
    let present = attendance.iter().filter(|a| a.presence == Some(Presence::Present)).count();
    let quorum = m.held_on.and_then(|on| meeting::quorum(called, present, on, &rules));
    Ok(Detail { meeting: m, attendance, guests, resolutions, files, called, present, quorum })
}

/// One meeting in reach with those called and how they attended.
pub fn get(s: &mut Store, cx: &Ctx, id: i64) -> Result<Detail, Error> {
    cx.require(Action::Read)?;
    let found = s.read(|tx| match row_in_reach(tx, cx, |tx| store::get(tx, id))? {
        Some(m) => detail(tx, m).map(Some),
        None => Ok(None),
    })?;
    found.ok_or_else(|| absent(id))
}

/// The meetings of a unit in reach and the organizations under it, planned or held between two
/// dates, newest first.
pub fn list(s: &mut Store, cx: &Ctx, unit: &UnitCode, from: Date, to: Date) -> Result<Vec<MeetingRow>, Error> {
    cx.require(Action::Read)?;
    cx.read(s, |sc| {
        let unit = &sc.unit_or_absent(unit)?;
        let tx = sc.tx();
        Ok(store::of_subtree(tx, unit, from, to)?)
    })
}

/// The meetings a person was called to, with how they attended (their own page).
pub(crate) fn invitations(tx: &mut Tx<'_>, person: &str) -> Result<Vec<(MeetingRow, AttendanceRow)>, StoreError> {
    let mut out = Vec::new();
    for a in store::invitations_of(tx, person)? {
        if let Some(m) = store::get(tx, a.meeting)? {
            out.push((m, a));
        }
    }
    out.sort_by_key(|(m, _)| std::cmp::Reverse((m.held_on.or(m.planned_on), m.id)));
    Ok(out)
}

/// The meetings of one organization in a period.
#[derive(Serialize, utoipa::ToSchema)]
pub struct OrganizationLine {
    pub unit: String,
    pub held: i64,
    pub visits: i64,
}

/// The meetings held by a unit's organizations in a period.
#[derive(Serialize, utoipa::ToSchema)]
pub struct MeetingFigures {
    pub unit: String,
    pub from: Date,
    pub to: Date,
    pub held: i64,
    pub by_kind: BTreeMap<&'static str, i64>,
    pub called: i64,
    pub present: i64,
    /// Those present among those called.
    pub attendance: Share,
    /// Officials of a higher level who attended (one visit per official and meeting).
    pub visits: i64,
    pub organizations: Vec<OrganizationLine>,
}

/// The meetings held between two dates (both included) by the organizations of a unit in reach.
pub fn figures(s: &mut Store, cx: &Ctx, unit: &UnitCode, from: Date, to: Date) -> Result<MeetingFigures, Error> {
    cx.read_unit(s, unit, |sc, unit| figures_in(sc, unit, from, to))
}

/// [`figures`] inside a scope, of a unit in reach.
pub(crate) fn figures_in(
    sc: &mut Scope<'_, '_>,
    unit: &Reached<UnitCode>,
    from: Date,
    to: Date,
) -> Result<MeetingFigures, Error> {
    sc.cx().require(Action::Read)?;
    if to < from {
        return Err(Error::said("to", Msg::new("meeting-last-day-before-first")));
    }
    let rows = store::held_counts(sc.tx(), unit, from, to)?;
    let mut by_kind: BTreeMap<&'static str, i64> = Kind::ALL.iter().map(|k| (k.code(), 0)).collect();
    let mut orgs: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    let (mut called, mut present, mut visits) = (0, 0, 0);
    for r in &rows {
        *by_kind.entry(r.kind.code()).or_default() += 1;
        called += r.called;
        present += r.present;
        visits += r.guests;
        let o = orgs.entry(r.unit.clone()).or_default();
        o.0 += 1;
        o.1 += r.guests;
    }
    Ok(MeetingFigures {
        unit: unit.to_string(),
        from,
        to,
        held: rows.len() as i64,
        by_kind,
        called,
        present,
        attendance: Share::of(present, called),
        visits,
        organizations: orgs.into_iter().map(|(unit, (held, visits))| OrganizationLine { unit, held, visits }).collect(),
    })
}

/// A cell's meetings missed since it began recording them here: the months without a regular
/// meeting and the quarters without a thematic one, to the month before `today`.
pub struct Missed {
    pub cell: String,
    /// Without a regular meeting (the rule's span, a month).
    pub regular: Vec<meeting::Span>,
    /// Without a thematic meeting (the rule's span, a quarter).
    pub thematic: Vec<meeting::Span>,
}

/// A member absent without a reason too often this year: code, name, how many times.
pub type Absent3 = (String, String, usize);

/// The cells under a unit that missed meetings this year, and the members absent without a reason
/// from as many meetings this year as ground a removal. A cell is followed from the month of the
/// first meeting it recorded: a register that starts recording meetings does not report every
/// earlier month as missed.
pub(crate) fn due(tx: &mut Tx<'_>, unit: &UnitCode, today: Date) -> Result<(Vec<Missed>, Vec<Absent3>), StoreError> {
    let year_start = Date::from_ymd(today.year(), 1, 1).unwrap_or(today);
    let mut by_cell: BTreeMap<String, (Vec<Date>, Vec<Date>, Date)> = BTreeMap::new();
    for m in store::held_counts(tx, unit, Date::EPOCH, today)? {
        let e = by_cell.entry(m.unit.clone()).or_insert((Vec::new(), Vec::new(), m.held_on));
        e.2 = e.2.min(m.held_on);
        match m.kind {
            Kind::Regular => e.0.push(m.held_on),
            Kind::Thematic => e.1.push(m.held_on),
            Kind::Extraordinary => {}
        }
    }
    let rules = tinhgon_store::plans::rules(tx)?;
    let mut missed = Vec::new();
    for (cell, (regular, thematic, first)) in by_cell {
        let Ok(code) = UnitCode::parse(&cell) else { continue };
        let Some(v) = units::at(tx, &code, today)? else { continue };
        if !v.kind.holds_members() {
            continue;
        }
        let from = first.max(year_start);
        let every = |key| rules.value(key, today).map(|v| v.clamp(1, 12) as u32);
        let regular = every(RuleKey::RegularMeetingMonths)
            .map_or_else(Vec::new, |n| meeting::spans_without(&regular, from, today, n));
        let thematic = every(RuleKey::ThematicMeetingMonths)
            .map_or_else(Vec::new, |n| meeting::spans_without(&thematic, from, today, n));
        if !regular.is_empty() || !thematic.is_empty() {
            missed.push(Missed { cell, regular, thematic });
        }
    }
    let absences = store::unexcused_in_year(tx, unit, today.year())?;
    let names: BTreeMap<String, String> = absences.iter().map(|(c, n, _)| (c.clone(), n.clone())).collect();
    let list: Vec<(String, Date)> = absences.into_iter().map(|(c, _, d)| (c, d)).collect();
    let over = meeting::unexcused_over(&list, today.year(), &rules)
        .into_iter()
        .map(|(p, n)| {
            let name = names.get(&p).cloned().unwrap_or_default();
            (p, name, n)
        })
        .collect();
    Ok((missed, over))
}

/// The most a file of minutes may hold.
pub use crate::services::attachments::MAX_FILE;
pub use tinhgon_store::party::meetings::FileRow;

/// What a file of minutes is, by its first bytes: PDF, a Word or OpenDocument file (a zip), a
/// JPEG or PNG scan. Anything else is refused.
fn media_type(content: &[u8], name: &str) -> Option<&'static str> {
    let lower = name.to_lowercase();
    if content.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if content.starts_with(b"PK\x03\x04") && lower.ends_with(".docx") {
        Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    } else if content.starts_with(b"PK\x03\x04") && lower.ends_with(".odt") {
        Some("application/vnd.oasis.opendocument.text")
    } else if content.starts_with(b"\xFF\xD8\xFF") {
        Some("image/jpeg")
    } else if content.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else {
        None
    }
}

/// The files of a meeting's minutes: whoever edits the members of its cell attaches and withdraws
/// them.
const FILES: Holder<MeetingRow> = Holder {
    owner: tinhgon_store::attachments::MEETING,
    write: Action::EditMembers,
    seen: |tx, cx, id| Ok(row_in_reach(tx, cx, |tx| store::get(tx, id))?),
    written: |tx, cx, id| row_in_reach(tx, cx, |tx| store::get(tx, id))?.ok_or_else(|| absent(id)),
    key: |m| (m.id, m.unit.clone()),
    kind: media_type,
    wrong_kind: "meeting-only-pdf-docx-odt-jpeg",
    no_file: "meeting-meeting-no-file",
};

/// Attaches a file to the minutes of a meeting in reach; returns its id.
pub fn attach(s: &mut Store, cx: &Ctx, id: i64, name: &str, content: &[u8]) -> Result<i64, Error> {
    attachments::attach(&FILES, s, cx, id, name, content)
}

/// A file of the minutes of a meeting in reach: its name, type and content.
pub fn file(s: &mut Store, cx: &Ctx, id: i64, file: i64) -> Result<(String, String, Vec<u8>), Error> {
    attachments::file(&FILES, s, cx, id, file)
}

/// Withdraws a file of the minutes of a meeting in reach.
pub fn withdraw_file(s: &mut Store, cx: &Ctx, id: i64, file: i64) -> Result<(), Error> {
    attachments::withdraw(&FILES, s, cx, id, file)
}
