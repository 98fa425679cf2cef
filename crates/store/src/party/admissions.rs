//! Admissions and their steps, as recorded.

use serde::Serialize;
use tinhgon_domain::party::admission::Step;
use tinhgon_domain::{Date, UnitCode};

use crate::log::Entry;
use crate::sql::{Row, Tx, Value};
use crate::{StoreError, Writer};

/// One recorded step.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct StepRow {
    pub step: Step,
    pub on: Date,
    pub document: Option<String>,
    pub note: Option<String>,
    /// The change-log entry that recorded it, and who did.
    pub log_seq: i64,
    pub recorded_by: String,
}

/// An admission as recorded.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct AdmissionRow {
    pub id: i64,
    pub person: String,
    pub person_name: String,
    pub cell: String,
    pub general_education: Option<String>,
    pub opened_on: Date,
    pub steps: Vec<StepRow>,
    /// Sponsors by code, with since when they have known the candidate.
    pub sponsors: Vec<(String, Date)>,
}

const SELECT: &str = "SELECT a.id, p.code, p.full_name, u.code, a.general_education, a.opened_on
    FROM admission a JOIN person p ON p.id = a.person_id JOIN unit u ON u.id = a.cell_id";

fn read(tx: &mut Tx<'_>, r: &Row) -> Result<AdmissionRow, StoreError> {
    let id = r.int(0)?;
    let mut steps = Vec::new();
    for s in tx.query(
        "SELECT s.step, s.on_date, s.document_no, s.note, s.log_seq, COALESCE(c.actor, '') FROM admission_step s
         LEFT JOIN change_log c ON c.seq = s.log_seq WHERE s.admission_id = $1 ORDER BY s.id",
        &[id.into()],
    )? {
        steps.push(StepRow {
            step: Step::parse(s.str(0)).map_err(|e| StoreError::Corrupt(e.to_string()))?,
            on: s.date(1)?,
            document: s.opt_text(2)?,
            note: s.opt_text(3)?,
            log_seq: s.int(4)?,
            recorded_by: s.text(5)?,
        });
    }
    let mut sponsors = Vec::new();
    for s in tx.query(
        "SELECT p.code, s.known_since FROM admission_sponsor s JOIN person p ON p.id = s.person_id
         WHERE s.admission_id = $1 ORDER BY p.code",
        &[id.into()],
    )? {
        sponsors.push((s.text(0)?, s.date(1)?));
    }
    Ok(AdmissionRow {
        id,
        person: r.text(1)?,
        person_name: r.text(2)?,
        cell: r.text(3)?,
        general_education: r.opt_text(4)?,
        opened_on: r.date(5)?,
        steps,
        sponsors,
    })
}

pub fn get(tx: &mut Tx<'_>, id: i64) -> Result<Option<AdmissionRow>, StoreError> {
    let Some(r) = tx.query_opt(&format!("{SELECT} WHERE a.id = $1"), &[id.into()])? else { return Ok(None) };
    read(tx, &r).map(Some)
}

/// The admissions of a person, oldest first.
pub fn of_person(tx: &mut Tx<'_>, code: &str) -> Result<Vec<AdmissionRow>, StoreError> {
    let rows = tx.query(&format!("{SELECT} WHERE p.code = $1 ORDER BY a.id"), &[code.trim().into()])?;
    rows.iter().map(|r| read(tx, r)).collect()
}

/// Every admission, newest first, for a caller to filter by reach.
pub fn all(tx: &mut Tx<'_>) -> Result<Vec<AdmissionRow>, StoreError> {
    let rows = tx.query(&format!("{SELECT} ORDER BY a.id DESC"), &[])?;
    rows.iter().map(|r| read(tx, r)).collect()
}

impl Writer<'_, '_> {
    /// Opens an admission of a person in a cell; returns its id.
    pub fn insert_admission(
        &mut self,
        person: &str,
        cell: &UnitCode,
        general_education: Option<&str>,
        opened_on: Date,
    ) -> Result<i64, StoreError> {
        let person_id = self.require_person(person)?;
        let cell_id = self.require_unit(cell)?;
        let id = self.next_id("admission")?;
        let seq = self.log(Entry::new("create", "admission", &id.to_string()).after(Some(serde_json::json!({
            "person": person.trim(), "cell": cell.as_str(),
            "general_education": general_education, "opened_on": opened_on,
        }))))?;
        self.tx.exec(
            "INSERT INTO admission (id, person_id, cell_id, general_education, opened_on, log_seq)
             VALUES ($1, $2, $3, $4, $5, $6)",
            &[id.into(), person_id.into(), cell_id.into(), general_education.into(), opened_on.into(), seq.into()],
        )?;
        Ok(id)
    }

    /// Records one step of an admission (with its sponsors, for the sponsors' step).
    pub fn insert_admission_step(
        &mut self,
        admission: i64,
        step: Step,
        on: Date,
        (document, note): (Option<&str>, Option<&str>),
        sponsors: &[(String, Date)],
    ) -> Result<(), StoreError> {
        let id = self.next_id("admission_step")?;
        let seq = self.log(Entry::new("step", "admission", &admission.to_string()).after(Some(serde_json::json!({
                "step": step.code(), "on": on, "document": document, "note": note,
                "sponsors": sponsors.iter().map(|(p, d)| serde_json::json!({"person": p, "known_since": d})).collect::<Vec<_>>(),
            }))))?;
        self.tx.exec(
            "INSERT INTO admission_step (id, admission_id, step, on_date, document_no, note, log_seq)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            &[id.into(), admission.into(), step.code().into(), on.into(), document.into(), note.into(), seq.into()],
        )?;
        for (person, since) in sponsors {
            let person_id = self.require_person(person)?;
            self.tx.exec(
                "INSERT INTO admission_sponsor (admission_id, person_id, known_since) VALUES ($1, $2, $3)",
                &[admission.into(), person_id.into(), Value::from(*since)],
            )?;
        }
        Ok(())
    }
}
