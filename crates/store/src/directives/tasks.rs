//! The tasks of programmes and plans as recorded, and each programme's roll-up method.

use serde::{Deserialize, Serialize};
use tinhgon_domain::directives::task::{Rollup, TaskStatus};
use tinhgon_domain::{Date, UnitCode};

use crate::log::Entry;
use crate::sql::{Row, Tx};
use crate::{StoreError, Writer};

/// A task as recorded.
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct TaskRow {
    pub id: i64,
    pub document: i64,
    pub parent: Option<i64>,
    pub unit: String,
    #[serde(deserialize_with = "crate::decode::or_empty")]
    pub unit_name: String,
    pub title: String,
    pub topic: Option<String>,
    pub starts_on: Date,
    pub deadline: Date,
    pub weight: i64,
    pub status: TaskStatus,
    pub progress: i64,
    /// Who reported the progress, and when.
    pub progress_by: Option<String>,
    pub progress_at: Option<String>,
    pub note: Option<String>,
}

/// A task to record.
pub struct NewTask<'a> {
    pub document: i64,
    pub parent: Option<i64>,
    pub unit: &'a UnitCode,
    pub title: &'a str,
    pub topic: Option<&'a str>,
    pub starts_on: Date,
    pub deadline: Date,
    pub weight: i64,
}

/// A programme's roll-up method and, set by hand, its progress with who set it and when.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ProgrammeRow {
    pub rollup: Rollup,
    pub progress: Option<i64>,
    pub set_by: Option<String>,
    pub set_at: Option<String>,
}

const SELECT: &str = "SELECT t.id, t.document_id, t.parent_id, u.code, (SELECT v.name FROM unit_version v
        WHERE v.unit_id = u.id ORDER BY v.valid_from DESC LIMIT 1), t.title, t.topic, t.starts_on, t.deadline,
        t.weight, t.status, t.progress, t.progress_by, t.progress_at, t.note
    FROM task t JOIN unit u ON u.id = t.unit_id";

pub fn get(tx: &mut Tx<'_>, id: i64) -> Result<Option<TaskRow>, StoreError> {
    tx.query_opt(&format!("{SELECT} WHERE t.id = $1"), &[id.into()])?.as_ref().map(Row::decode).transpose()
}

/// A document's tasks, in the order they were recorded.
pub fn of_document(tx: &mut Tx<'_>, document: i64) -> Result<Vec<TaskRow>, StoreError> {
    tx.query(&format!("{SELECT} WHERE t.document_id = $1 ORDER BY t.id"), &[document.into()])?
        .iter()
        .map(Row::decode)
        .collect()
}

/// The tasks assigned to any of some units, by id.
pub fn of_units(tx: &mut Tx<'_>, units: &[String]) -> Result<Vec<TaskRow>, StoreError> {
    let mut out = Vec::new();
    for u in units {
        out.extend(
            tx.query(&format!("{SELECT} WHERE u.code = $1 ORDER BY t.id"), &[u.as_str().into()])?
                .iter()
                .map(Row::decode)
                .collect::<Result<Vec<_>, _>>()?,
        );
    }
    Ok(out)
}

/// The unfinished tasks past their deadline given to a unit or any unit ever below it.
pub fn overdue_under(tx: &mut Tx<'_>, root: &UnitCode, today: Date) -> Result<Vec<TaskRow>, StoreError> {
    let sql = format!(
        "{} {SELECT} WHERE t.unit_id IN (SELECT id FROM sub) AND t.progress < 100 AND t.deadline < $2 ORDER BY t.deadline",
        crate::party::SUBTREE
    );
    tx.query(&sql, &[root.as_str().into(), today.into()])?.iter().map(Row::decode).collect()
}

/// The units a document gives tasks to.
pub fn units_of(tx: &mut Tx<'_>, document: i64) -> Result<Vec<String>, StoreError> {
    tx.query(
        "SELECT DISTINCT u.code FROM task t JOIN unit u ON u.id = t.unit_id WHERE t.document_id = $1 ORDER BY 1",
        &[document.into()],
    )?
    .iter()
    .map(|r| r.text(0))
    .collect()
}

pub fn programme(tx: &mut Tx<'_>, document: i64) -> Result<Option<ProgrammeRow>, StoreError> {
    let Some(r) = tx.query_opt(
        "SELECT rollup, progress, set_by, set_at FROM programme WHERE document_id = $1",
        &[document.into()],
    )?
    else {
        return Ok(None);
    };
    Ok(Some(ProgrammeRow {
        rollup: Rollup::parse(r.str(0)).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        progress: r.opt_int(1)?,
        set_by: r.opt_text(2)?,
        set_at: r.opt_text(3)?,
    }))
}

impl Writer<'_, '_> {
    /// Records a task of a programme; returns its id.
    pub fn insert_task(&mut self, t: &NewTask<'_>) -> Result<i64, StoreError> {
        let unit = self.require_unit(t.unit)?;
        let id = self.next_id("task")?;
        let seq = self.log(Entry::new("create", "task", t.unit.as_str()).after(Some(serde_json::json!({
            "id": id, "document": t.document, "parent": t.parent, "unit": t.unit.as_str(), "title": t.title,
            "topic": t.topic, "starts_on": t.starts_on, "deadline": t.deadline, "weight": t.weight,
        }))))?;
        self.tx.exec(
            "INSERT INTO task (id, document_id, parent_id, unit_id, title, topic, starts_on, deadline, weight, status,
                 progress, log_seq)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, $11)",
            &[
                id.into(),
                t.document.into(),
                t.parent.into(),
                unit.into(),
                t.title.into(),
                t.topic.into(),
                t.starts_on.into(),
                t.deadline.into(),
                t.weight.into(),
                TaskStatus::Open.code().into(),
                seq.into(),
            ],
        )?;
        Ok(id)
    }

    /// Records the progress of a task, reported by the actor at the moment of the write.
    pub fn report_task(&mut self, t: &TaskRow, progress: i64, note: Option<&str>) -> Result<(), StoreError> {
        let status = TaskStatus::of(u8::try_from(progress).unwrap_or(100));
        let (actor, at) = (self.actor.clone(), self.at.clone());
        let seq = self.log(Entry::new("progress", "task", &t.unit).before(serde_json::to_value(t).ok()).after(
            Some(serde_json::json!({ "id": t.id, "progress": progress, "status": status.code(), "note": note })),
        ))?;
        self.tx.exec(
            "UPDATE task SET progress = $1, status = $2, progress_by = $3, progress_at = $4, note = $5, log_seq = $6
             WHERE id = $7",
            &[progress.into(), status.code().into(), actor.into(), at.into(), note.into(), seq.into(), t.id.into()],
        )?;
        Ok(())
    }

    /// Sets a programme's roll-up method and, by hand, its progress (who and when are kept).
    pub fn set_programme(&mut self, document: i64, rollup: Rollup, progress: Option<i64>) -> Result<(), StoreError> {
        let before = programme(self.tx, document)?;
        let (actor, at) = (self.actor.clone(), self.at.clone());
        let (by, when) = if progress.is_some() { (Some(actor), Some(at)) } else { (None, None) };
        let seq = self.log(
            Entry::new("set", "programme", &document.to_string())
                .before(before.as_ref().and_then(|b| serde_json::to_value(b).ok()))
                .after(Some(
                    serde_json::json!({ "document": document, "rollup": rollup.code(), "progress": progress }),
                )),
        )?;
        let values = [rollup.code().into(), progress.into(), by.into(), when.into(), seq.into(), document.into()];
        if before.is_some() {
            self.tx.exec(
                "UPDATE programme SET rollup = $1, progress = $2, set_by = $3, set_at = $4, log_seq = $5
                 WHERE document_id = $6",
                &values,
            )?;
        } else {
            self.tx.exec(
                "INSERT INTO programme (rollup, progress, set_by, set_at, log_seq, document_id)
                 VALUES ($1, $2, $3, $4, $5, $6)",
                &values,
            )?;
        }
        Ok(())
    }
}
