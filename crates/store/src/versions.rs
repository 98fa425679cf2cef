//! Particulars of a person that change over time, effective-dated: the statistics index splits each
//! membership period at the dates they change, so that a date's figures use that date's particulars.

use std::collections::HashMap;

use serde::Serialize;
use tinhgon_domain::catalog::{Education, Theory};
use tinhgon_domain::{Date, Validity};

use crate::corrupt;
use crate::log::Entry;
use crate::sql::{Tx, Value};
use crate::{StoreError, Writer};

/// One version of a person's changing particulars.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Version {
    pub validity: Validity,
    pub ethnicity: String,
    pub education: Education,
    pub theory: Theory,
    pub occupation: Option<String>,
}

/// The versions of every person who has any (or of one person), oldest first, by person id.
pub(crate) fn by_person(tx: &mut Tx<'_>, person: Option<i64>) -> Result<HashMap<i64, Vec<Version>>, StoreError> {
    let (filter, params): (&str, Vec<Value>) = match person {
        Some(id) => ("WHERE person_id = $1", vec![id.into()]),
        None => ("", Vec::new()),
    };
    let mut out: HashMap<i64, Vec<Version>> = HashMap::new();
    tx.for_each_ref(
        &format!(
            "SELECT person_id, valid_from, valid_to, ethnicity, education, theory, occupation FROM person_version {filter}
             ORDER BY person_id, valid_from"
        ),
        &params,
        |r| {
            out.entry(r.int(0)?).or_default().push(Version {
                validity: Validity { from: r.date(1)?, to: r.opt_date(2)? },
                ethnicity: r.str(3)?.to_string(),
                education: Education::parse(r.str(4)?).map_err(corrupt)?,
                theory: Theory::parse(r.str(5)?).map_err(corrupt)?,
                occupation: Some(r.str(6)?).filter(|o| !o.is_empty()).map(str::to_string),
            });
            Ok(())
        },
    )?;
    Ok(out)
}

/// A person's versions, oldest first.
pub fn of_person(tx: &mut Tx<'_>, code: &str) -> Result<Vec<Version>, StoreError> {
    let Some(id) = crate::people::person_id(tx, code)? else { return Ok(Vec::new()) };
    Ok(by_person(tx, Some(id))?.remove(&id).unwrap_or_default())
}

impl Writer<'_, '_> {
    /// Records particulars in force from a date: the version in force then ends that day (a
    /// person's first change first records what they were before, from 1900), and the person's
    /// row takes the new particulars.
    pub fn insert_person_version(&mut self, code: &str, from: Date, new: &Version) -> Result<(), StoreError> {
        let person_id = self.require_person(code)?;
        let mut versions = by_person(self.tx, Some(person_id))?.remove(&person_id).unwrap_or_default();
        if versions.is_empty() {
            let p = crate::people::person(self.tx, code)?
                .ok_or_else(|| StoreError::Conflict(format!("unknown person {code}")))?;
            let first = Version {
                validity: Validity::open(Date::from_ymd(1900, 1, 1).unwrap_or(Date::EPOCH)),
                ethnicity: p.ethnicity.clone(),
                education: p.education,
                theory: p.theory,
                occupation: None,
            };
            let seq = self.log_created("person_version", code.trim(), None, &first)?;
            let id = self.next_id("person_version")?;
            self.insert_version_row(id, person_id, &first, seq)?;
            versions.push(first);
        }
        let seq = self.log(
            Entry::new("change", "person_version", code.trim())
                .before(versions.last().and_then(|v| serde_json::to_value(v).ok()))
                .after(serde_json::to_value(new).ok()),
        )?;
        self.tx.exec(
            "UPDATE person_version SET valid_to = $1, log_seq = $2
             WHERE person_id = $3 AND valid_from < $1 AND (valid_to IS NULL OR valid_to > $1)",
            &[from.into(), seq.into(), person_id.into()],
        )?;
        let id = self.next_id("person_version")?;
        self.insert_version_row(id, person_id, new, seq)?;
        self.tx.exec(
            "UPDATE person SET ethnicity = $1, education = $2, theory = $3, log_seq = $4 WHERE id = $5",
            &[
                new.ethnicity.as_str().into(),
                new.education.code().into(),
                new.theory.code().into(),
                seq.into(),
                person_id.into(),
            ],
        )?;
        Ok(())
    }

    fn insert_version_row(&mut self, id: i64, person: i64, v: &Version, seq: i64) -> Result<(), StoreError> {
        self.tx.exec(
            "INSERT INTO person_version (id, person_id, valid_from, valid_to, ethnicity, education, theory, occupation, log_seq)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            &[
                id.into(),
                person.into(),
                v.validity.from.into(),
                v.validity.to.into(),
                v.ethnicity.as_str().into(),
                v.education.code().into(),
                v.theory.code().into(),
                v.occupation.as_deref().into(),
                seq.into(),
            ],
        )?;
        Ok(())
    }
}

/// Every change of particulars, by person code — without the first version of each person, which
/// records what they were before their first change and is made again by it (for the export).
pub fn all_changes(tx: &mut Tx<'_>) -> Result<Vec<(String, Version)>, StoreError> {
    let codes: Vec<(i64, String)> = tx
        .query(
            "SELECT DISTINCT p.id, p.code FROM person_version v JOIN person p ON p.id = v.person_id ORDER BY p.code",
            &[],
        )?
        .iter()
        .map(|r| Ok((r.int(0)?, r.text(1)?)))
        .collect::<Result<_, StoreError>>()?;
    let mut out = Vec::new();
    for (id, code) in codes {
        for v in by_person(tx, Some(id))?.remove(&id).unwrap_or_default().into_iter().skip(1) {
            out.push((code.clone(), v));
        }
    }
    Ok(out)
}
