//! Cases of inspection work and discipline decisions, as recorded.

use serde::{Deserialize, Serialize};
use tinhgon_domain::party::discipline::{Breach, CaseKind, Form, Mode};
use tinhgon_domain::{Date, UnitCode};

use super::SUBTREE;
use crate::log::Entry;
use crate::sql::{Row, Tx};
use crate::{StoreError, Writer};

/// A case as recorded: an inspection or supervision, a denunciation or a complaint.
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CaseRow {
    pub id: i64,
    pub kind: CaseKind,
    pub mode: Option<Mode>,
    /// The committee or inspection commission that handles it.
    pub handler: String,
    pub year: i32,
    /// In the yearly programme.
    pub planned: bool,
    pub subject_unit: Option<String>,
    pub subject_person: Option<String>,
    pub subject_name: Option<String>,
    pub title: String,
    pub team: Option<String>,
    pub period_from: Option<Date>,
    pub period_to: Option<Date>,
    pub opened_on: Date,
    pub anonymous: bool,
    /// The denouncer or complainant; only the handlers are shown it.
    pub sender: Option<String>,
    pub due_on: Option<Date>,
    pub extended_to: Option<Date>,
    pub discipline: Option<i64>,
    pub concluded_on: Option<Date>,
    pub conclusion: Option<String>,
    pub follow_up: Option<String>,
    pub outcome: Option<String>,
    pub announced_on: Option<Date>,
}

/// A new case, before it has an id.
pub struct NewCase<'a> {
    pub kind: CaseKind,
    pub mode: Option<Mode>,
    pub handler: &'a UnitCode,
    pub year: i32,
    pub planned: bool,
    pub subject_unit: Option<&'a UnitCode>,
    pub subject_person: Option<&'a str>,
    pub title: &'a str,
    pub team: Option<&'a str>,
    pub period: (Option<Date>, Option<Date>),
    pub opened_on: Date,
    pub anonymous: bool,
    pub sender: Option<&'a str>,
    pub due_on: Option<Date>,
    pub discipline: Option<i64>,
}

/// What concluding a case records.
pub struct Conclusion<'a> {
    pub concluded_on: Date,
    pub conclusion: &'a str,
    pub follow_up: Option<&'a str>,
    pub outcome: Option<&'a str>,
    pub extended_to: Option<Date>,
    pub announced_on: Option<Date>,
}

const SELECT: &str = "SELECT c.id, c.kind, c.mode, h.code, c.year, c.planned, su.code, sp.code, sp.full_name, c.title,
        c.team, c.period_from, c.period_to, c.opened_on, c.anonymous, c.sender, c.due_on, c.extended_to,
        c.discipline_id, c.concluded_on, c.conclusion, c.follow_up, c.outcome, c.announced_on
    FROM party_case c JOIN unit h ON h.id = c.handler_id LEFT JOIN unit su ON su.id = c.subject_unit_id
    LEFT JOIN person sp ON sp.id = c.subject_person_id";

pub fn get(tx: &mut Tx<'_>, id: i64) -> Result<Option<CaseRow>, StoreError> {
    tx.query_opt(&format!("{SELECT} WHERE c.id = $1"), &[id.into()])?.as_ref().map(Row::decode).transpose()
}

/// The cases handled by, or about, a unit and every unit ever below it (or a member who ever
/// belonged to one), opened between two dates, newest first.
pub fn of_subtree(tx: &mut Tx<'_>, root: &UnitCode, from: Date, to: Date) -> Result<Vec<CaseRow>, StoreError> {
    let sql = format!(
        "{SUBTREE} {SELECT} WHERE (c.handler_id IN (SELECT id FROM sub) OR c.subject_unit_id IN (SELECT id FROM sub)
             OR c.subject_person_id IN (SELECT person_id FROM membership WHERE unit_id IN (SELECT id FROM sub)))
             AND c.opened_on >= $2 AND c.opened_on <= $3"
    );
    let mut out: Vec<CaseRow> = tx
        .query(&sql, &[root.as_str().into(), from.into(), to.into()])?
        .iter()
        .map(Row::decode)
        .collect::<Result<_, _>>()?;
    out.sort_by_key(|c| std::cmp::Reverse((c.opened_on, c.id)));
    Ok(out)
}

/// A discipline decision as recorded. `unit` is the organization disciplined, or the member's cell.
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DisciplineRow {
    pub id: i64,
    pub unit: String,
    pub person: Option<String>,
    pub person_name: Option<String>,
    pub form: Form,
    pub breach: Breach,
    pub breach_on: Date,
    pub decided_by: String,
    pub decided_on: Date,
    pub decision_no: String,
    pub effective_on: Date,
    pub announced_on: Option<Date>,
    pub post_unit: Option<String>,
    pub post_title: Option<String>,
    pub reason: Option<String>,
    pub case: Option<i64>,
}

/// A new discipline decision.
pub struct NewDiscipline<'a> {
    pub unit: &'a UnitCode,
    pub person: Option<&'a str>,
    pub form: Form,
    pub breach: Breach,
    pub breach_on: Date,
    pub decided_by: &'a UnitCode,
    pub decided_on: Date,
    pub decision_no: &'a str,
    pub effective_on: Date,
    pub announced_on: Option<Date>,
    pub post: Option<(&'a UnitCode, &'a str)>,
    pub reason: Option<&'a str>,
    pub case: Option<i64>,
}

const SELECT_D: &str = "SELECT d.id, u.code, p.code, p.full_name, d.form, d.breach, d.breach_on, b.code, d.decided_on,
        d.decision_no, d.effective_on, d.announced_on, pu.code, d.post_title, d.reason, d.case_id
    FROM discipline d JOIN unit u ON u.id = d.unit_id LEFT JOIN person p ON p.id = d.person_id
    JOIN unit b ON b.id = d.decided_by_id LEFT JOIN unit pu ON pu.id = d.post_unit_id";

pub fn discipline(tx: &mut Tx<'_>, id: i64) -> Result<Option<DisciplineRow>, StoreError> {
    tx.query_opt(&format!("{SELECT_D} WHERE d.id = $1"), &[id.into()])?.as_ref().map(Row::decode).transpose()
}

/// The discipline decisions of a unit and every unit ever below it decided between two dates.
pub fn disciplines_of_subtree(
    tx: &mut Tx<'_>,
    root: &UnitCode,
    from: Date,
    to: Date,
) -> Result<Vec<DisciplineRow>, StoreError> {
    let sql = format!(
        "{SUBTREE} {SELECT_D} WHERE d.unit_id IN (SELECT id FROM sub) AND d.decided_on >= $2 AND d.decided_on <= $3"
    );
    let mut out: Vec<DisciplineRow> = tx
        .query(&sql, &[root.as_str().into(), from.into(), to.into()])?
        .iter()
        .map(Row::decode)
        .collect::<Result<_, _>>()?;
    out.sort_by_key(|d| (d.decided_on, d.id));
    Ok(out)
}

/// The discipline decisions of a case, oldest first.
pub fn disciplines_of_case(tx: &mut Tx<'_>, case: i64) -> Result<Vec<DisciplineRow>, StoreError> {
    tx.query(&format!("{SELECT_D} WHERE d.case_id = $1 ORDER BY d.id"), &[case.into()])?
        .iter()
        .map(Row::decode)
        .collect()
}

/// A person's discipline decisions, oldest first.
pub fn disciplines_of_person(tx: &mut Tx<'_>, code: &str) -> Result<Vec<DisciplineRow>, StoreError> {
    tx.query(&format!("{SELECT_D} WHERE p.code = $1 ORDER BY d.decided_on, d.id"), &[code.trim().into()])?
        .iter()
        .map(Row::decode)
        .collect()
}

impl Writer<'_, '_> {
    /// Records a case; returns its id.
    pub fn insert_case(&mut self, c: &NewCase<'_>) -> Result<i64, StoreError> {
        let handler = self.require_unit(c.handler)?;
        let unit = c.subject_unit.map(|u| self.require_unit(u)).transpose()?;
        let person = c.subject_person.map(|p| self.require_person(p)).transpose()?;
        let id = self.next_id("party_case")?;
        // The change log names the case by its number: its subject and sender stay out of it.
        let key = id.to_string();
        let seq = self.log(Entry::new("open", "party_case", &key).after(Some(serde_json::json!({
            "id": id, "kind": c.kind.code(), "mode": c.mode.map(|m| m.code()), "handler": c.handler.as_str(),
            "year": c.year, "planned": c.planned, "subject_unit": c.subject_unit.map(|u| u.as_str()),
            "subject_person": c.subject_person, "title": c.title, "team": c.team, "period": [c.period.0, c.period.1],
            "opened_on": c.opened_on, "anonymous": c.anonymous, "sender": c.sender, "due_on": c.due_on,
            "discipline": c.discipline,
        }))))?;
        self.tx.exec(
            "INSERT INTO party_case (id, kind, mode, handler_id, year, planned, subject_unit_id, subject_person_id, title,
                 team, period_from, period_to, opened_on, anonymous, sender, due_on, discipline_id, log_seq)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)",
            &[
                id.into(),
                c.kind.code().into(),
                c.mode.map(|m| m.code()).into(),
                handler.into(),
                i64::from(c.year).into(),
                c.planned.into(),
                unit.into(),
                person.into(),
                c.title.into(),
                c.team.into(),
                c.period.0.into(),
                c.period.1.into(),
                c.opened_on.into(),
                c.anonymous.into(),
                c.sender.into(),
                c.due_on.into(),
                c.discipline.into(),
                seq.into(),
            ],
        )?;
        Ok(id)
    }

    /// Records a case's conclusion (or answer), its follow-up and when it was announced.
    pub fn conclude_case(&mut self, c: &CaseRow, k: &Conclusion<'_>) -> Result<(), StoreError> {
        let key = c.id.to_string();
        let seq = self.log(Entry::new("conclude", "party_case", &key).before(serde_json::to_value(c).ok()).after(
            Some(serde_json::json!({
                "id": c.id, "concluded_on": k.concluded_on, "conclusion": k.conclusion, "follow_up": k.follow_up,
                "outcome": k.outcome, "extended_to": k.extended_to, "announced_on": k.announced_on,
            })),
        ))?;
        self.tx.exec(
            "UPDATE party_case SET concluded_on = $1, conclusion = $2, follow_up = $3, outcome = $4, extended_to = $5,
                 announced_on = $6, log_seq = $7 WHERE id = $8",
            &[
                k.concluded_on.into(),
                k.conclusion.into(),
                k.follow_up.into(),
                k.outcome.into(),
                k.extended_to.into(),
                k.announced_on.into(),
                seq.into(),
                c.id.into(),
            ],
        )?;
        Ok(())
    }

    /// Records the day a discipline decision was announced.
    pub fn announce_discipline(&mut self, d: &DisciplineRow, on: Date) -> Result<(), StoreError> {
        let key = d.person.as_deref().unwrap_or(d.unit.as_str()).trim().to_string();
        let seq = self.log(
            Entry::new("announce", "discipline", &key)
                .before(Some(serde_json::json!({"id": d.id, "announced_on": d.announced_on})))
                .after(Some(serde_json::json!({"id": d.id, "announced_on": on}))),
        )?;
        self.tx.exec(
            "UPDATE discipline SET announced_on = $1, log_seq = $2 WHERE id = $3",
            &[on.into(), seq.into(), d.id.into()],
        )?;
        Ok(())
    }

    /// Records a discipline decision; returns its id.
    pub fn insert_discipline(&mut self, d: &NewDiscipline<'_>) -> Result<i64, StoreError> {
        let unit = self.require_unit(d.unit)?;
        let person = d.person.map(|p| self.require_person(p)).transpose()?;
        let by = self.require_unit(d.decided_by)?;
        let post_unit = d.post.map(|(u, _)| self.require_unit(u)).transpose()?;
        let id = self.next_id("discipline")?;
        let key = d.person.unwrap_or(d.unit.as_str()).trim().to_string();
        let seq = self.log(Entry::new("decide", "discipline", &key).after(Some(serde_json::json!({
            "id": id, "unit": d.unit.as_str(), "person": d.person, "form": d.form.code(), "breach": d.breach.code(),
            "breach_on": d.breach_on, "decided_by": d.decided_by.as_str(), "decided_on": d.decided_on,
            "decision_no": d.decision_no, "effective_on": d.effective_on, "announced_on": d.announced_on,
            "post": d.post.map(|(u, t)| [u.as_str(), t]), "reason": d.reason, "case": d.case,
        }))))?;
        self.tx.exec(
            "INSERT INTO discipline (id, unit_id, person_id, form, breach, breach_on, decided_by_id, decided_on, decision_no,
                 effective_on, announced_on, post_unit_id, post_title, reason, case_id, log_seq)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
            &[
                id.into(),
                unit.into(),
                person.into(),
                d.form.code().into(),
                d.breach.code().into(),
                d.breach_on.into(),
                by.into(),
                d.decided_on.into(),
                d.decision_no.into(),
                d.effective_on.into(),
                d.announced_on.into(),
                post_unit.into(),
                d.post.map(|(_, t)| t).into(),
                d.reason.into(),
                d.case.into(),
                seq.into(),
            ],
        )?;
        Ok(id)
    }
}
