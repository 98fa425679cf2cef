//! The member record's particulars. The citizen ID is checked against the birth date and sex,
//! shown in full only to those who may edit the member (masked to everyone else, the member
//! included), never written to a log, and exported only when asked for by name.

use serde::Serialize;
use tinhgon_domain::access::Action;
use tinhgon_domain::msg::Msg;
use tinhgon_domain::party::record::{self, Particulars};
use tinhgon_store::party::record as store;
use tinhgon_store::{people, Store};

use super::admissions::unknown_person;
use crate::files::Table;
use crate::services::register::rows::{refuse, Cells, RowError};
use crate::services::{Absent, Ctx, Error};

/// The columns of a records file.
pub const COLUMNS: [&str; 11] = [
    "person",
    "place_of_birth",
    "home_town",
    "religion",
    "occupation",
    "job_title",
    "general_education",
    "foreign_language",
    "party_card_no",
    "party_record_no",
    "citizen_id",
];

/// Whether the caller may see the citizen ID in full and change the record.
fn may_edit(cx: &Ctx) -> bool {
    cx.guard.may(Action::EditPeople) || cx.guard.may(Action::EditMembers)
}

/// A record as shown to its reader.
#[derive(Serialize, utoipa::ToSchema)]
pub struct RecordView {
    #[serde(flatten)]
    pub particulars: Particulars,
    /// In full for those who may edit the member, masked for everyone else.
    pub citizen_id: Option<String>,
    pub citizen_id_masked: bool,
}

impl RecordView {
    /// The record's items in the form's order, each with the catalog key of its name.
    pub fn items(&self) -> [(&'static str, Option<&str>); 10] {
        let p = &self.particulars;
        [
            ("rec-place-of-birth", p.place_of_birth.as_deref()),
            ("rec-home-town", p.home_town.as_deref()),
            ("rec-religion", p.religion.as_deref()),
            ("rec-occupation", p.occupation.as_deref()),
            ("rec-job-title", p.job_title.as_deref()),
            ("rec-general-education", p.general_education.as_deref()),
            ("rec-foreign-language", p.foreign_language.as_deref()),
            ("rec-card", p.party_card_no.as_deref()),
            ("rec-record-no", p.party_record_no.as_deref()),
            ("rec-citizen-id", self.citizen_id.as_deref()),
        ]
    }
}

/// The record of a person in reach.
pub fn get(s: &mut Store, cx: &Ctx, person: &str) -> Result<Option<RecordView>, Error> {
    cx.require(Action::Read)?;
    let found = s.read(|tx| {
        if cx.guard.person(tx, person).is_err() || people::person_id(tx, person)?.is_none() {
            return Ok(None);
        }
        store::of_person(tx, person).map(Some)
    })?;
    let record = found.ok_or_else(|| Error::NotFound(Absent::Person(person.trim().to_string())))?;
    let full = may_edit(cx);
    Ok(record.map(|p| RecordView {
        citizen_id: p.citizen_id.as_deref().map(|id| if full { id.to_string() } else { record::mask(id) }),
        citizen_id_masked: !full,
        particulars: p,
    }))
}

/// One record to write.
pub struct RecordRow {
    pub line: usize,
    pub person: String,
    pub particulars: Particulars,
}

/// Reads a records file: the columns of [`COLUMNS`], all but `person` optional.
pub fn parse(table: &Table, errors: &mut Vec<RowError>) -> Vec<RecordRow> {
    let mut out = Vec::new();
    for (line, cells) in table.rows.iter().map(|(l, c)| (*l, c.as_slice())) {
        let mut c = Cells { table, line, cells, errors };
        let text = |c: &Cells<'_>, col: &str| Some(c.text(col).to_string()).filter(|t| !t.is_empty());
        let particulars = Particulars {
            place_of_birth: text(&c, "place_of_birth"),
            home_town: text(&c, "home_town"),
            religion: text(&c, "religion"),
            occupation: text(&c, "occupation"),
            job_title: text(&c, "job_title"),
            general_education: text(&c, "general_education"),
            foreign_language: text(&c, "foreign_language"),
            party_card_no: text(&c, "party_card_no"),
            party_record_no: text(&c, "party_record_no"),
            citizen_id: text(&c, "citizen_id"),
        };
        let Some(person) = c.person_code("person") else { continue };
        if let Err(e) = record::check(&particulars) {
            c.fail(e.field(), crate::i18n::vi(&e), crate::i18n::en(&e));
            continue;
        }
        out.push(RecordRow { line, person, particulars });
    }
    out
}

/// Writes records, all or none, for people in reach; each citizen ID checked against the
/// person's birth date and sex, and held by one person only.
pub fn set(s: &mut Store, cx: &Ctx, rows: &[RecordRow], dry_run: bool) -> Result<usize, Error> {
    if !may_edit(cx) {
        return Err(Error::Forbidden);
    }
    s.write(cx.actor(), &cx.now, |w| {
        let mut errors = Vec::new();
        let mut ids = std::collections::HashMap::new();
        // The citizen IDs recorded, by ID, read once.
        let recorded: std::collections::HashMap<String, String> =
            store::all(w.tx())?.into_iter().filter_map(|(code, q)| q.citizen_id.map(|id| (id, code))).collect();
        for r in rows {
            let person = r.person.trim();
            let known = if cx.guard.person(w.tx(), person).is_ok() { people::person(w.tx(), person)? } else { None };
            let Some(p) = known else {
                let e = unknown_person("person", person);
                if let Error::Invalid(mut rows_err) = e {
                    for x in &mut rows_err {
                        x.line = r.line;
                    }
                    errors.extend(rows_err);
                }
                continue;
            };
            if let Some(id) = &r.particulars.citizen_id {
                if let Err(e) = record::check_citizen_id(id, p.birth_date, p.gender) {
                    errors.push(RowError::said(r.line, e.field(), tinhgon_domain::msg::Said::msg(&e)));
                } else if let Some(other) = ids.insert(id.clone(), person.to_string()).filter(|o| o != person) {
                    errors.push(RowError::said(
                        r.line,
                        "citizen_id",
                        Msg::new("record-this-citizen-id-given-earlier").text("other", &other),
                    ));
                } else if let Some(holder) = recorded.get(id).filter(|h| h.as_str() != person) {
                    errors.push(RowError::said(
                        r.line,
                        "citizen_id",
                        Msg::new("record-this-citizen-id-recorded-person").text("holder", holder),
                    ));
                }
            }
        }
        refuse(errors)?;
        if !dry_run {
            for r in rows {
                // An empty citizen ID cell keeps the one recorded (an export without the IDs
                // imports back without erasing them).
                let mut p = r.particulars.clone();
                if p.citizen_id.is_none() {
                    p.citizen_id = store::of_person(w.tx(), &r.person)?.and_then(|q| q.citizen_id);
                }
                w.set_member_record(&r.person, &p)?;
            }
        }
        Ok(rows.len())
    })
}

/// Every record as a file that imports back; the citizen IDs only when asked for by name (and
/// only to those who may see them), else the column is left empty.
pub fn export(s: &mut Store, cx: &Ctx, with_citizen_id: bool) -> Result<Vec<Vec<String>>, Error> {
    cx.require(Action::Read)?;
    if !cx.guard.sees_everything() || (with_citizen_id && !may_edit(cx)) {
        return Err(Error::Forbidden);
    }
    let all = s.read(store::all)?;
    Ok(all
        .into_iter()
        .map(|(code, p)| {
            let cell = |v: &Option<String>| v.clone().unwrap_or_default();
            vec![
                code,
                cell(&p.place_of_birth),
                cell(&p.home_town),
                cell(&p.religion),
                cell(&p.occupation),
                cell(&p.job_title),
                cell(&p.general_education),
                cell(&p.foreign_language),
                cell(&p.party_card_no),
                cell(&p.party_record_no),
                if with_citizen_id { cell(&p.citizen_id) } else { String::new() },
            ]
        })
        .collect())
}
