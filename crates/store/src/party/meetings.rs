//! Meetings of party organizations, as recorded: the meeting, the members called with how each
//! attended, the officials of a higher level who came, and the resolutions adopted.

use serde::{Deserialize, Serialize};
use tinhgon_domain::party::meeting::{Kind, Presence};
use tinhgon_domain::{Date, UnitCode};

use super::SUBTREE;
use crate::corrupt;
use crate::log::Entry;
use crate::sql::{Row, Tx, Value};
use crate::{StoreError, Writer};

/// A meeting as recorded.
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct MeetingRow {
    pub id: i64,
    pub unit: String,
    #[serde(deserialize_with = "crate::decode::or_empty")]
    pub unit_name: String,
    pub kind: Kind,
    pub planned_on: Option<Date>,
    pub held_on: Option<Date>,
    pub topic: Option<String>,
    pub agenda: Option<String>,
    pub chair: Option<String>,
    pub chair_name: Option<String>,
    pub minutes: Option<String>,
}

/// One member called to a meeting; `presence` is empty until the meeting is recorded.
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AttendanceRow {
    pub meeting: i64,
    pub person: String,
    pub name: String,
    pub presence: Option<Presence>,
    pub reason: Option<String>,
}

/// An official of a higher level who attended.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Guest {
    pub name: String,
    pub title: Option<String>,
    pub body: Option<String>,
}

/// A resolution adopted.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Resolution {
    pub number: Option<String>,
    pub text: String,
}

/// A new meeting, before it has an id.
pub struct NewMeeting<'a> {
    pub unit: &'a UnitCode,
    pub kind: Kind,
    pub planned_on: Option<Date>,
    pub topic: Option<&'a str>,
    pub agenda: Option<&'a str>,
}

/// What holding a meeting records.
pub struct Held<'a> {
    pub held_on: Date,
    pub chair: Option<&'a str>,
    pub minutes: Option<&'a str>,
    pub attendance: &'a [(String, Presence, Option<String>)],
    pub guests: &'a [Guest],
    pub resolutions: &'a [Resolution],
}

const SELECT: &str = "SELECT m.id, u.code, (SELECT v.name FROM unit_version v WHERE v.unit_id = u.id
        ORDER BY v.valid_from DESC LIMIT 1), m.kind, m.planned_on, m.held_on, m.topic, m.agenda, p.code, p.full_name,
        m.minutes
    FROM meeting m JOIN unit u ON u.id = m.unit_id LEFT JOIN person p ON p.id = m.chair_id";

pub fn get(tx: &mut Tx<'_>, id: i64) -> Result<Option<MeetingRow>, StoreError> {
    tx.query_opt(&format!("{SELECT} WHERE m.id = $1"), &[id.into()])?.as_ref().map(Row::decode).transpose()
}

/// The meetings of a unit and every unit ever below it, held or planned between two dates (both
/// included), newest first.
pub fn of_subtree(tx: &mut Tx<'_>, root: &UnitCode, from: Date, to: Date) -> Result<Vec<MeetingRow>, StoreError> {
    let sql = format!(
        "{SUBTREE} {SELECT} WHERE m.unit_id IN (SELECT id FROM sub)
             AND COALESCE(m.held_on, m.planned_on) >= $2 AND COALESCE(m.held_on, m.planned_on) <= $3"
    );
    let mut out: Vec<MeetingRow> = tx
        .query(&sql, &[root.as_str().into(), from.into(), to.into()])?
        .iter()
        .map(Row::decode)
        .collect::<Result<_, _>>()?;
    out.sort_by_key(|m| std::cmp::Reverse((m.held_on.or(m.planned_on), m.id)));
    Ok(out)
}

fn attendance_of(tx: &mut Tx<'_>, filter: &str, key: Value) -> Result<Vec<AttendanceRow>, StoreError> {
    tx.query(
        &format!(
            "SELECT a.meeting_id, p.code, p.full_name, a.presence, a.reason FROM meeting_attendance a
             JOIN person p ON p.id = a.person_id WHERE {filter} ORDER BY a.meeting_id, p.sort_key, p.code"
        ),
        &[key],
    )?
    .iter()
    .map(Row::decode)
    .collect()
}

/// The members called to a meeting, in name order.
pub fn attendance(tx: &mut Tx<'_>, meeting: i64) -> Result<Vec<AttendanceRow>, StoreError> {
    attendance_of(tx, "a.meeting_id = $1", meeting.into())
}

/// Every meeting a person was called to, by meeting.
pub fn invitations_of(tx: &mut Tx<'_>, person: &str) -> Result<Vec<AttendanceRow>, StoreError> {
    attendance_of(tx, "p.code = $1", person.trim().into())
}

pub fn guests(tx: &mut Tx<'_>, meeting: i64) -> Result<Vec<Guest>, StoreError> {
    tx.query("SELECT name, title, body FROM meeting_guest WHERE meeting_id = $1 ORDER BY id", &[meeting.into()])?
        .iter()
        .map(|r| Ok(Guest { name: r.text(0)?, title: r.opt_text(1)?, body: r.opt_text(2)? }))
        .collect()
}

pub fn resolutions(tx: &mut Tx<'_>, meeting: i64) -> Result<Vec<Resolution>, StoreError> {
    tx.query("SELECT number, text FROM meeting_resolution WHERE meeting_id = $1 ORDER BY id", &[meeting.into()])?
        .iter()
        .map(|r| Ok(Resolution { number: r.opt_text(0)?, text: r.text(1)? }))
        .collect()
}

/// Counts of the meetings held by a set of units between two dates: per meeting, those called,
/// those present and the officials of a higher level who came.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct HeldCounts {
    pub meeting: i64,
    pub unit: String,
    pub kind: Kind,
    pub held_on: Date,
    pub called: i64,
    pub present: i64,
    pub guests: i64,
}

pub fn held_counts(tx: &mut Tx<'_>, root: &UnitCode, from: Date, to: Date) -> Result<Vec<HeldCounts>, StoreError> {
    let sql = format!(
        "{SUBTREE} SELECT m.id, u.code, m.kind, m.held_on,
             (SELECT COUNT(*) FROM meeting_attendance a WHERE a.meeting_id = m.id),
             (SELECT COUNT(*) FROM meeting_attendance a WHERE a.meeting_id = m.id AND a.presence = 'present'),
             (SELECT COUNT(*) FROM meeting_guest g WHERE g.meeting_id = m.id)
         FROM meeting m JOIN unit u ON u.id = m.unit_id
         WHERE m.unit_id IN (SELECT id FROM sub) AND m.held_on IS NOT NULL AND m.held_on >= $2 AND m.held_on <= $3"
    );
    let mut out = Vec::new();
    for r in tx.query(&sql, &[root.as_str().into(), from.into(), to.into()])? {
        out.push(HeldCounts {
            meeting: r.int(0)?,
            unit: r.text(1)?,
            kind: Kind::parse(r.str(2)).map_err(corrupt)?,
            held_on: r.date(3)?,
            called: r.int(4)?,
            present: r.int(5)?,
            guests: r.int(6)?,
        });
    }
    out.sort_by_key(|m| (m.held_on, m.meeting));
    Ok(out)
}

/// The unexcused absences of members from meetings of a set of units held in a year.
pub fn unexcused_in_year(
    tx: &mut Tx<'_>,
    root: &UnitCode,
    year: i32,
) -> Result<Vec<(String, String, Date)>, StoreError> {
    let (from, to) = (format!("{year:04}-01-01"), format!("{year:04}-12-31"));
    let sql = format!(
        "{SUBTREE} SELECT p.code, p.full_name, m.held_on FROM meeting_attendance a JOIN meeting m ON m.id = a.meeting_id
         JOIN person p ON p.id = a.person_id
         WHERE m.unit_id IN (SELECT id FROM sub) AND a.presence = 'unexcused' AND m.held_on >= $2 AND m.held_on <= $3"
    );
    tx.query(&sql, &[root.as_str().into(), from.as_str().into(), to.as_str().into()])?
        .iter()
        .map(|r| Ok((r.text(0)?, r.text(1)?, r.date(2)?)))
        .collect()
}

impl Writer<'_, '_> {
    /// Records a meeting (planned, or about to be recorded as held); returns its id.
    pub fn insert_meeting(&mut self, m: &NewMeeting<'_>) -> Result<i64, StoreError> {
        let unit = self.require_unit(m.unit)?;
        let id = self.next_id("meeting")?;
        let seq = self.log(Entry::new("create", "meeting", m.unit.as_str()).after(Some(serde_json::json!({
            "id": id, "kind": m.kind.code(), "planned_on": m.planned_on, "topic": m.topic, "agenda": m.agenda,
        }))))?;
        self.tx.exec(
            "INSERT INTO meeting (id, unit_id, kind, planned_on, topic, agenda, log_seq)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            &[
                id.into(),
                unit.into(),
                m.kind.code().into(),
                m.planned_on.into(),
                m.topic.into(),
                m.agenda.into(),
                seq.into(),
            ],
        )?;
        Ok(id)
    }

    /// Calls members to a meeting (their invitation; how they attended is recorded later).
    pub fn invite(&mut self, meeting: &MeetingRow, people: &[String]) -> Result<(), StoreError> {
        if people.is_empty() {
            return Ok(());
        }
        let seq = self.log(
            Entry::new("invite", "meeting", &meeting.unit)
                .after(Some(serde_json::json!({ "id": meeting.id, "people": people }))),
        )?;
        for p in people {
            let person = self.require_person(p)?;
            let id = self.next_id("meeting_attendance")?;
            self.tx.exec(
                "INSERT INTO meeting_attendance (id, meeting_id, person_id, log_seq) VALUES ($1, $2, $3, $4)",
                &[id.into(), meeting.id.into(), person.into(), seq.into()],
            )?;
        }
        Ok(())
    }

    /// Records a meeting as held: its date, chair and minutes, how each member called attended
    /// (a member not yet called is called now), the guests and the resolutions.
    pub fn hold_meeting(&mut self, meeting: &MeetingRow, h: &Held<'_>) -> Result<(), StoreError> {
        let chair = h.chair.map(|c| self.require_person(c)).transpose()?;
        let called: Vec<String> = attendance(self.tx, meeting.id)?.into_iter().map(|a| a.person).collect();
        let seq = self.log(Entry::new("hold", "meeting", &meeting.unit).before(serde_json::to_value(meeting).ok()).after(Some(serde_json::json!({
                "id": meeting.id, "held_on": h.held_on, "chair": h.chair, "minutes": h.minutes,
                "attendance": h.attendance.iter().map(|(p, pr, r)| serde_json::json!({"person": p, "presence": pr.code(), "reason": r})).collect::<Vec<_>>(),
                "guests": h.guests, "resolutions": h.resolutions,
            }))))?;
        self.tx.exec(
            "UPDATE meeting SET held_on = $1, chair_id = $2, minutes = $3, log_seq = $4 WHERE id = $5",
            &[h.held_on.into(), chair.into(), h.minutes.into(), seq.into(), meeting.id.into()],
        )?;
        for (p, presence, reason) in h.attendance {
            let person = self.require_person(p)?;
            let reason: Value = reason.as_deref().into();
            if called.iter().any(|c| c == p.trim()) {
                self.tx.exec(
                    "UPDATE meeting_attendance SET presence = $1, reason = $2, log_seq = $3
                     WHERE meeting_id = $4 AND person_id = $5",
                    &[presence.code().into(), reason, seq.into(), meeting.id.into(), person.into()],
                )?;
            } else {
                let id = self.next_id("meeting_attendance")?;
                self.tx.exec(
                    "INSERT INTO meeting_attendance (id, meeting_id, person_id, presence, reason, log_seq)
                     VALUES ($1, $2, $3, $4, $5, $6)",
                    &[id.into(), meeting.id.into(), person.into(), presence.code().into(), reason, seq.into()],
                )?;
            }
        }
        for g in h.guests {
            let id = self.next_id("meeting_guest")?;
            self.tx.exec(
                "INSERT INTO meeting_guest (id, meeting_id, name, title, body, log_seq) VALUES ($1, $2, $3, $4, $5, $6)",
                &[
                    id.into(),
                    meeting.id.into(),
                    g.name.as_str().into(),
                    g.title.as_deref().into(),
                    g.body.as_deref().into(),
                    seq.into(),
                ],
            )?;
        }
        for r in h.resolutions {
            let id = self.next_id("meeting_resolution")?;
            self.tx.exec(
                "INSERT INTO meeting_resolution (id, meeting_id, number, text, log_seq) VALUES ($1, $2, $3, $4, $5)",
                &[id.into(), meeting.id.into(), r.number.as_deref().into(), r.text.as_str().into(), seq.into()],
            )?;
        }
        Ok(())
    }
}

pub use crate::attachments::FileRow;

/// The files of a meeting's minutes that are not withdrawn.
pub fn files(tx: &mut Tx<'_>, meeting: i64) -> Result<Vec<FileRow>, StoreError> {
    crate::attachments::list(tx, crate::attachments::MEETING, meeting)
}
