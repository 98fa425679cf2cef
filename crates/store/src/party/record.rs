//! The particulars of the member record. The citizen ID is read and written here and nowhere
//! else; the change log says that it changed, never what it is.

use tinhgon_domain::party::record::Particulars;

use crate::log::Entry;
use crate::sql::{Row, Tx, Value};
use crate::{StoreError, Writer};

const COLUMNS: &str = "r.place_of_birth, r.home_town, r.religion, r.occupation, r.job_title, r.general_education,
    r.foreign_language, r.party_card_no, r.party_record_no, r.citizen_id";

fn read(r: &Row, first: usize) -> Result<Particulars, StoreError> {
    Ok(Particulars {
        place_of_birth: r.opt_text(first)?,
        home_town: r.opt_text(first + 1)?,
        religion: r.opt_text(first + 2)?,
        occupation: r.opt_text(first + 3)?,
        job_title: r.opt_text(first + 4)?,
        general_education: r.opt_text(first + 5)?,
        foreign_language: r.opt_text(first + 6)?,
        party_card_no: r.opt_text(first + 7)?,
        party_record_no: r.opt_text(first + 8)?,
        citizen_id: r.opt_text(first + 9)?,
    })
}

pub fn of_person(tx: &mut Tx<'_>, code: &str) -> Result<Option<Particulars>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM member_record r JOIN person p ON p.id = r.person_id WHERE p.code = $1");
    tx.query_opt(&sql, &[code.trim().into()])?.map(|r| read(&r, 0)).transpose()
}

/// Every record, by person code (for the export).
pub fn all(tx: &mut Tx<'_>) -> Result<Vec<(String, Particulars)>, StoreError> {
    let sql =
        format!("SELECT p.code, {COLUMNS} FROM member_record r JOIN person p ON p.id = r.person_id ORDER BY p.code");
    tx.query(&sql, &[])?.iter().map(|r| Ok((r.text(0)?, read(r, 1)?))).collect()
}

fn values(p: &Particulars) -> Vec<Value> {
    [
        &p.place_of_birth,
        &p.home_town,
        &p.religion,
        &p.occupation,
        &p.job_title,
        &p.general_education,
        &p.foreign_language,
        &p.party_card_no,
        &p.party_record_no,
        &p.citizen_id,
    ]
    .into_iter()
    .map(|v| Value::from(v.as_deref()))
    .collect()
}

impl Writer<'_, '_> {
    /// Records a person's particulars, replacing those recorded; the log keeps the ones before
    /// (without the citizen ID) and says whether the citizen ID changed.
    pub fn set_member_record(&mut self, person: &str, p: &Particulars) -> Result<(), StoreError> {
        let person_id = self.require_person(person)?;
        let before = of_person(self.tx, person)?;
        let id_changed = before.as_ref().map(|b| &b.citizen_id) != Some(&p.citizen_id);
        let mut after = serde_json::to_value(p).unwrap_or_default();
        if let Some(o) = after.as_object_mut() {
            o.insert("citizen_id_changed".into(), id_changed.into());
        }
        let seq = self.log(
            Entry::new(if before.is_some() { "update" } else { "create" }, "member_record", person.trim())
                .before(before.as_ref().and_then(|b| serde_json::to_value(b).ok()))
                .after(Some(after)),
        )?;
        let mut params = values(p);
        params.push(seq.into());
        params.push(person_id.into());
        if before.is_some() {
            self.tx.exec(
                "UPDATE member_record SET place_of_birth = $1, home_town = $2, religion = $3, occupation = $4,
                     job_title = $5, general_education = $6, foreign_language = $7, party_card_no = $8,
                     party_record_no = $9, citizen_id = $10, log_seq = $11 WHERE person_id = $12",
                &params,
            )?;
        } else {
            self.tx.exec(
                "INSERT INTO member_record (place_of_birth, home_town, religion, occupation, job_title, general_education,
                     foreign_language, party_card_no, party_record_no, citizen_id, log_seq, person_id)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                &params,
            )?;
        }
        Ok(())
    }
}
