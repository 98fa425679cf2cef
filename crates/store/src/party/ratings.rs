//! Yearly ratings, as recorded: one row per year, subject and stage.

use serde::{Deserialize, Serialize};
use tinhgon_domain::party::rating::{Grade, Stage, Subject};
use tinhgon_domain::UnitCode;

use super::SUBTREE;
use crate::log::Entry;
use crate::sql::{Row, Tx, Value};
use crate::{StoreError, Writer};

/// A rating as recorded. `unit` is the organization rated, or the member's cell.
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RatingRow {
    pub id: i64,
    pub year: i32,
    pub subject: Subject,
    pub unit: String,
    #[serde(deserialize_with = "crate::decode::or_empty")]
    pub unit_name: String,
    pub person: Option<String>,
    pub person_name: Option<String>,
    pub stage: Stage,
    pub grade: Grade,
    pub scale: String,
    pub civil_service_grade: Option<Grade>,
    pub score: Option<i64>,
    pub note: Option<String>,
}

/// A rating to record (a new one, or a correction of the same year, subject and stage).
pub struct NewRating<'a> {
    pub year: i32,
    pub subject: Subject,
    pub unit: &'a UnitCode,
    pub person: Option<&'a str>,
    pub stage: Stage,
    pub grade: Grade,
    pub scale: &'a str,
    pub civil_service_grade: Option<Grade>,
    pub score: Option<i64>,
    pub note: Option<&'a str>,
}

const SELECT: &str = "SELECT r.id, r.year, r.subject, u.code, (SELECT v.name FROM unit_version v WHERE v.unit_id = u.id
        ORDER BY v.valid_from DESC LIMIT 1), p.code, p.full_name, r.stage, r.grade, r.scale, r.civil_service_grade,
        r.score, r.note
    FROM rating r JOIN unit u ON u.id = r.unit_id LEFT JOIN person p ON p.id = r.person_id";

/// The key a subject is known by: the organization's code, or the member's.
fn key<'a>(unit: &'a UnitCode, person: Option<&'a str>) -> &'a str {
    person.map_or(unit.as_str(), str::trim)
}

pub fn find(
    tx: &mut Tx<'_>,
    year: i32,
    subject: Subject,
    key: &str,
    stage: Stage,
) -> Result<Option<RatingRow>, StoreError> {
    tx.query_opt(
        &format!("{SELECT} WHERE r.year = $1 AND r.subject = $2 AND r.subject_key = $3 AND r.stage = $4"),
        &[i64::from(year).into(), subject.code().into(), key.trim().into(), stage.code().into()],
    )?
    .as_ref()
    .map(Row::decode)
    .transpose()
}

/// The ratings of a year given in a unit and every unit ever below it, organizations first.
pub fn of_subtree(tx: &mut Tx<'_>, root: &UnitCode, year: i32) -> Result<Vec<RatingRow>, StoreError> {
    let sql = format!("{SUBTREE} {SELECT} WHERE r.unit_id IN (SELECT id FROM sub) AND r.year = $2");
    let mut out: Vec<RatingRow> = tx
        .query(&sql, &[root.as_str().into(), i64::from(year).into()])?
        .iter()
        .map(Row::decode)
        .collect::<Result<_, _>>()?;
    out.sort_by(|a, b| (a.subject, &a.unit, &a.person, a.stage).cmp(&(b.subject, &b.unit, &b.person, b.stage)));
    Ok(out)
}

/// Every rating, by year, subject and stage.
pub fn all(tx: &mut Tx<'_>) -> Result<Vec<RatingRow>, StoreError> {
    tx.query(&format!("{SELECT} ORDER BY r.year, r.subject, r.subject_key, r.stage"), &[])?
        .iter()
        .map(Row::decode)
        .collect()
}

/// A person's ratings, newest year first.
pub fn of_person(tx: &mut Tx<'_>, code: &str) -> Result<Vec<RatingRow>, StoreError> {
    tx.query(&format!("{SELECT} WHERE p.code = $1 ORDER BY r.year DESC, r.stage"), &[code.trim().into()])?
        .iter()
        .map(Row::decode)
        .collect()
}

impl Writer<'_, '_> {
    /// Records a rating, or corrects the one of the same year, subject and stage; returns its id.
    pub fn put_rating(&mut self, r: &NewRating<'_>) -> Result<i64, StoreError> {
        let unit = self.require_unit(r.unit)?;
        let person = r.person.map(|p| self.require_person(p)).transpose()?;
        let key = key(r.unit, r.person);
        let before = find(self.tx, r.year, r.subject, key, r.stage)?;
        let id = match &before {
            Some(b) => b.id,
            None => self.next_id("rating")?,
        };
        let seq = self.log(
            Entry::new(if before.is_some() { "update" } else { "create" }, "rating", key)
                .before(before.as_ref().and_then(|b| serde_json::to_value(b).ok()))
                .after(Some(serde_json::json!({
                    "id": id, "year": r.year, "subject": r.subject.code(), "unit": r.unit.as_str(), "person": r.person,
                    "stage": r.stage.code(), "grade": r.grade.code(), "scale": r.scale,
                    "civil_service_grade": r.civil_service_grade.map(|g| g.code()), "score": r.score, "note": r.note,
                }))),
        )?;
        let values: Vec<Value> = vec![
            unit.into(),
            person.into(),
            r.grade.code().into(),
            r.scale.into(),
            r.civil_service_grade.map(|g| g.code()).into(),
            r.score.into(),
            r.note.into(),
            seq.into(),
            id.into(),
        ];
        if before.is_some() {
            self.tx.exec(
                "UPDATE rating SET unit_id = $1, person_id = $2, grade = $3, scale = $4, civil_service_grade = $5,
                     score = $6, note = $7, log_seq = $8 WHERE id = $9",
                &values,
            )?;
        } else {
            let mut values = values;
            values.extend([i64::from(r.year).into(), r.subject.code().into(), key.into(), r.stage.code().into()]);
            self.tx.exec(
                "INSERT INTO rating (unit_id, person_id, grade, scale, civil_service_grade, score, note, log_seq, id,
                     year, subject, subject_key, stage)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
                &values,
            )?;
        }
        Ok(id)
    }
}
