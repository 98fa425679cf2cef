//! People, party memberships, positions and staffing quotas.

use serde::{Deserialize, Serialize};
use tinhgon_domain::catalog::{Education, Gender, MemberStatus, Rank, StaffCategory, Theory};
use tinhgon_domain::register::{Assignment, Membership, Person, Quota};
use tinhgon_domain::text::{fold, PersonName};
use tinhgon_domain::{Date, Decision, UnitCode, Validity};

use crate::corrupt;
use crate::log::Entry;
use crate::sql::{Row, Tx, Value};
use crate::units::{decision_from, unit_id};
use crate::{StoreError, Writer};

const SELECT_PERSON: &str =
    "SELECT code, full_name, gender, birth_date, ethnicity, education, theory, staff_category, id
    FROM person";

fn person_from_row(r: &Row) -> Result<Person, StoreError> {
    Ok(Person {
        code: r.text(0)?,
        name: r.text(1)?,
        gender: Gender::parse(r.str(2)).map_err(corrupt)?,
        birth_date: r.date(3)?,
        ethnicity: r.text(4)?,
        education: Education::parse(r.str(5)).map_err(corrupt)?,
        theory: Theory::parse(r.str(6)).map_err(corrupt)?,
        staff_category: r.opt_text(7)?.map(|c| StaffCategory::parse(&c).map_err(corrupt)).transpose()?,
    })
}

/// The values of a person row, shared by the single and the bulk insert.
pub(crate) fn person_values(id: i64, p: &Person, name: &PersonName, seq: i64) -> Vec<Value> {
    vec![
        id.into(),
        p.code.trim().into(),
        name.as_str().into(),
        name.search_key().into(),
        fold(name.given()).into(),
        name.sort_key().into(),
        p.gender.code().into(),
        p.birth_date.into(),
        p.ethnicity.trim().into(),
        p.education.code().into(),
        p.theory.code().into(),
        p.staff_category.map(|c| c.code()).into(),
        seq.into(),
    ]
}

pub(crate) const PERSON_COLUMNS: &[&str] = &[
    "id",
    "code",
    "full_name",
    "name_fold",
    "given_fold",
    "sort_key",
    "gender",
    "birth_date",
    "ethnicity",
    "education",
    "theory",
    "staff_category",
    "log_seq",
];

pub(crate) fn membership_values(id: i64, person: i64, unit: i64, m: &Membership, seq: i64) -> Vec<Value> {
    vec![
        id.into(),
        person.into(),
        unit.into(),
        m.status.code().into(),
        m.admitted_on.into(),
        m.recognized_on.into(),
        m.validity.from.into(),
        m.validity.to.into(),
        m.decision.as_ref().map(|d| d.number.to_string()).into(),
        m.decision.as_ref().map(|d| d.date).into(),
        seq.into(),
    ]
}

pub(crate) const MEMBERSHIP_COLUMNS: &[&str] = &[
    "id",
    "person_id",
    "unit_id",
    "status",
    "admitted_on",
    "recognized_on",
    "valid_from",
    "valid_to",
    "decision_no",
    "decision_date",
    "log_seq",
];

pub(crate) fn assignment_values(id: i64, person: i64, unit: i64, a: &Assignment, seq: i64) -> Vec<Value> {
    vec![
        id.into(),
        person.into(),
        unit.into(),
        a.title.trim().into(),
        a.rank.code().into(),
        a.primary.into(),
        a.validity.from.into(),
        a.validity.to.into(),
        a.decision.as_ref().map(|d| d.number.to_string()).into(),
        a.decision.as_ref().map(|d| d.date).into(),
        seq.into(),
    ]
}

pub(crate) const ASSIGNMENT_COLUMNS: &[&str] = &[
    "id",
    "person_id",
    "unit_id",
    "title",
    "rank",
    "is_primary",
    "valid_from",
    "valid_to",
    "decision_no",
    "decision_date",
    "log_seq",
];

pub(crate) fn quota_values(id: i64, unit: i64, q: &Quota, seq: i64) -> Vec<Value> {
    vec![
        id.into(),
        unit.into(),
        q.year.into(),
        q.category.code().into(),
        q.quota.into(),
        q.decision.as_ref().map(|d| d.number.to_string()).into(),
        q.decision.as_ref().map(|d| d.date).into(),
        seq.into(),
    ]
}

pub(crate) const QUOTA_COLUMNS: &[&str] =
    &["id", "unit_id", "year", "category", "quota", "decision_no", "decision_date", "log_seq"];

/// Adds a spelling of a given name to the list the search walks, once.
pub(crate) fn record_given_name(tx: &mut Tx<'_>, name: &PersonName) -> Result<(), StoreError> {
    tx.exec(
        "INSERT INTO given_name (given_fold, given, sort_key) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        &[fold(name.given()).into(), name.given().into(), name.given_key().into()],
    )?;
    Ok(())
}

pub fn person_id(tx: &mut Tx<'_>, code: &str) -> Result<Option<i64>, StoreError> {
    tx.query_opt("SELECT id FROM person WHERE code = $1", &[code.trim().into()])?.map(|r| r.int(0)).transpose()
}

/// Which of the given person codes exist, asked in batches.
pub fn codes_existing(tx: &mut Tx<'_>, codes: &[&str]) -> Result<Vec<String>, StoreError> {
    let mut out = Vec::new();
    for batch in codes.chunks(500) {
        let sql = format!("SELECT code FROM person WHERE code IN ({})", crate::sql::marks(batch.len()));
        let params: Vec<crate::sql::Value> = batch.iter().map(|c| (*c).into()).collect();
        for r in tx.query(&sql, &params)? {
            out.push(r.text(0)?);
        }
    }
    Ok(out)
}

pub fn person(tx: &mut Tx<'_>, code: &str) -> Result<Option<Person>, StoreError> {
    let sql = format!("{SELECT_PERSON} WHERE code = $1");
    tx.query_opt(&sql, &[code.trim().into()])?.as_ref().map(person_from_row).transpose()
}

/// A membership period with the cell's code, as a person's record shows it.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct MembershipLine {
    pub unit: String,
    pub unit_name: String,
    pub status: MemberStatus,
    pub admitted_on: Date,
    pub recognized_on: Option<Date>,
    pub validity: Validity,
    pub decision: Option<Decision>,
}

/// A position with the unit's code and name.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct AssignmentLine {
    pub unit: String,
    pub unit_name: String,
    pub title: String,
    pub rank: Rank,
    pub primary: bool,
    pub validity: Validity,
    pub decision: Option<Decision>,
}

/// The current name of a unit, as a correlated subquery.
const UNIT_NAME: &str = "(SELECT v.name FROM unit_version v WHERE v.unit_id = u.id ORDER BY v.valid_from DESC LIMIT 1)";

pub fn memberships_of_person(tx: &mut Tx<'_>, code: &str) -> Result<Vec<MembershipLine>, StoreError> {
    let sql = format!(
        "SELECT u.code, {UNIT_NAME}, m.status, m.admitted_on, m.recognized_on, m.valid_from, m.valid_to,
                m.decision_no, m.decision_date
         FROM membership m JOIN person p ON p.id = m.person_id JOIN unit u ON u.id = m.unit_id
         WHERE p.code = $1 ORDER BY m.valid_from"
    );
    tx.query(&sql, &[code.trim().into()])?
        .iter()
        .map(|r| {
            Ok(MembershipLine {
                unit: r.text(0)?,
                unit_name: r.opt_text(1)?.unwrap_or_default(),
                status: MemberStatus::parse(r.str(2)).map_err(corrupt)?,
                admitted_on: r.date(3)?,
                recognized_on: r.opt_date(4)?,
                validity: Validity { from: r.date(5)?, to: r.opt_date(6)? },
                decision: decision_from(r.opt_text(7)?, r.opt_date(8)?),
            })
        })
        .collect()
}

pub fn assignments_of_person(tx: &mut Tx<'_>, code: &str) -> Result<Vec<AssignmentLine>, StoreError> {
    let sql = format!(
        "SELECT u.code, {UNIT_NAME}, a.title, a.rank, a.is_primary, a.valid_from, a.valid_to,
                a.decision_no, a.decision_date
         FROM assignment a JOIN person p ON p.id = a.person_id JOIN unit u ON u.id = a.unit_id
         WHERE p.code = $1 ORDER BY a.valid_from"
    );
    tx.query(&sql, &[code.trim().into()])?.iter().map(assignment_line).collect()
}

fn assignment_line(r: &Row) -> Result<AssignmentLine, StoreError> {
    Ok(AssignmentLine {
        unit: r.text(0)?,
        unit_name: r.opt_text(1)?.unwrap_or_default(),
        title: r.text(2)?,
        rank: Rank::parse(r.str(3)).map_err(corrupt)?,
        primary: r.bool(4)?,
        validity: Validity { from: r.date(5)?, to: r.opt_date(6)? },
        decision: decision_from(r.opt_text(7)?, r.opt_date(8)?),
    })
}

/// A person found by a search, or listed as a member of a unit.
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PersonLine {
    pub code: String,
    pub name: String,
    pub gender: Gender,
    pub birth_date: Date,
}

fn person_line(r: &Row) -> Result<PersonLine, StoreError> {
    r.decode()
}

/// Below this many matches a search sorts them; above it, it reads them in name order from the
/// collation index.
const SEARCH_PROBE: i64 = 10_000;

/// People whose full name (family name first) or given name begins with the query, ignoring
/// diacritics and case, in Vietnamese name order (given, middle, family).
///
/// Full-name matches and given-name matches are two streams, each read the cheap way for its
/// size. Few matches are found through a folded-name index and sorted. Many are read in collation
/// order one given name at a time, through the `(given_fold, sort_key)` index (a name's collation
/// key begins with its given name's), stopping once the first page is settled. The streams are
/// merged; no query sorts a large set.
pub fn search(tx: &mut Tx<'_>, query: &str, limit: i64, offset: i64) -> Result<Vec<PersonLine>, StoreError> {
    search_with_probe(tx, query, limit, offset, SEARCH_PROBE)
}

/// `person`, naming the index to use on SQLite, whose planner (with sampled statistics) may
/// otherwise scan a million-row range of the wrong index; PostgreSQL's planner chooses well.
fn person_by(tx: &Tx<'_>, index: &str) -> String {
    if tx.is_postgres() {
        "person".to_string()
    } else {
        format!("person INDEXED BY {index}")
    }
}

/// Many full-name matches, in name order: visits the given names in Vietnamese order (a name's
/// collation key begins with its given name's), reading each one's matches through an index, and
/// stops once the rows found sort before every given name not yet visited.
fn full_names_by_given_name(
    tx: &mut Tx<'_>,
    q: &str,
    hi: &str,
    wanted: i64,
    probe_limit: i64,
) -> Result<Vec<Row>, StoreError> {
    let bytes = |r: &Row, i: usize| match r.0.get(i) {
        Some(Value::Bytes(b)) => b.clone(),
        _ => Vec::new(),
    };
    // Each folded given name with the smallest key of its spellings, in key order. The list is
    // small (distinct given names), and PostgreSQL has no MIN over bytes, so this is done here.
    let mut first_key: std::collections::BTreeMap<String, Vec<u8>> = Default::default();
    for r in tx.query("SELECT given_fold, sort_key FROM given_name", &[])? {
        let key = bytes(&r, 1);
        let entry = first_key.entry(r.str(0).to_string()).or_insert_with(|| key.clone());
        if key < *entry {
            *entry = key;
        }
    }
    let mut groups: Vec<Row> =
        first_key.into_iter().map(|(fold, key)| Row(vec![Value::Text(fold), Value::Bytes(key)])).collect();
    groups.sort_by_key(|r| bytes(r, 1));
    // Within one given name, few matches are sorted; many are read in collation order.
    let group_probe = probe_limit.min(2_000);
    let walk = person_by(tx, "person_given_sort");
    let by_name = person_by(tx, "person_given_name");
    let mut found: Vec<Row> = Vec::new();
    for (i, g) in groups.iter().enumerate() {
        let params = [Value::from(g.str(0)), Value::from(q), Value::from(hi), Value::from(wanted)];
        let matches = "given_fold = $1 AND name_fold >= $2 AND name_fold < $3";
        let n = tx
            .query_one(
                &format!("SELECT COUNT(*) FROM (SELECT 1 FROM {by_name} WHERE {matches} LIMIT {group_probe}) s"),
                &params[..3],
            )?
            .int(0)?;
        if n > 0 {
            let from = if n < group_probe { &by_name } else { &walk };
            let sql = top(from, matches, "$4");
            found.extend(tx.query(&sql, &params)?);
        }
        let settled = match groups.get(i + 1) {
            Some(next) => {
                let next_min = bytes(next, 1);
                found.iter().filter(|r| bytes(r, 4) < next_min).count()
            }
            None => found.len(),
        };
        if settled as i64 >= wanted {
            break;
        }
    }
    Ok(found)
}

/// The first `limit` people matching `cond` in name order: sorted on the covering index alone
/// (name, collation key, code, id), then only those rows read from the table.
fn top(from: &str, cond: &str, limit: &str) -> String {
    format!(
        "SELECT code, full_name, gender, birth_date, sort_key FROM person
         WHERE id IN (SELECT id FROM {from} WHERE {cond} ORDER BY sort_key, code LIMIT {limit})"
    )
}

/// [`search`] with the number of matches above which a stream is read in index order instead of
/// sorted; both ways must give the same answer, which the tests check with a probe of 1.
pub fn search_with_probe(
    tx: &mut Tx<'_>,
    query: &str,
    limit: i64,
    offset: i64,
    probe_limit: i64,
) -> Result<Vec<PersonLine>, StoreError> {
    let q = fold(query);
    if q.is_empty() || limit <= 0 {
        return Ok(Vec::new());
    }
    // The upper bound of a prefix range: the same text with its last character incremented.
    let mut hi = q.clone();
    let last = hi.pop().unwrap_or('z');
    hi.push(char::from_u32(last as u32 + 1).unwrap_or(char::MAX));
    let wanted = offset.saturating_add(limit);
    let select = "SELECT code, full_name, gender, birth_date, sort_key FROM";
    let prefix = |col: &str| format!("{col} >= $1 AND {col} < $2");
    let bounds = || vec![Value::from(q.as_str()), Value::from(hi.as_str()), wanted.into()];
    let count = |tx: &mut Tx<'_>, col: &str| -> Result<i64, StoreError> {
        let from = person_by(tx, if col == "name_fold" { "person_name_fold" } else { "person_given_name" });
        let sql = format!("SELECT COUNT(*) FROM (SELECT 1 FROM {from} WHERE {} LIMIT {probe_limit}) s", prefix(col));
        tx.query_one(&sql, &[q.as_str().into(), hi.as_str().into()])?.int(0)
    };
    let mut rows: Vec<Row> = Vec::new();
    // Full names, family name first.
    if count(tx, "name_fold")? < probe_limit {
        let sql = top(&person_by(tx, "person_name_fold"), &prefix("name_fold"), "$3");
        rows.extend(tx.query(&sql, &bounds())?);
    } else {
        rows.extend(full_names_by_given_name(tx, &q, &hi, wanted, probe_limit)?);
    }
    // Given names: one word only.
    if !q.contains(' ') {
        if count(tx, "given_fold")? < probe_limit {
            let sql = top(&person_by(tx, "person_given_name"), &prefix("given_fold"), "$3");
            rows.extend(tx.query(&sql, &bounds())?);
        } else {
            // Many matches: each folded given name in the prefix's range is read in collation
            // order from the (given_fold, sort_key) index; the merge below orders them all.
            let folds = tx.query(
                "SELECT DISTINCT given_fold FROM given_name WHERE given_fold >= $1 AND given_fold < $2",
                &[q.as_str().into(), hi.as_str().into()],
            )?;
            let walk = person_by(tx, "person_given_sort");
            for f in folds {
                let sql = format!("{select} {walk} WHERE given_fold = $1 ORDER BY sort_key, code LIMIT $2");
                rows.extend(tx.query(&sql, &[f.str(0).into(), wanted.into()])?);
            }
        }
    }
    let key = |r: &Row| -> (Vec<u8>, String) {
        let k = match r.0.get(4) {
            Some(Value::Bytes(b)) => b.clone(),
            _ => Vec::new(),
        };
        (k, r.str(0).to_string())
    };
    rows.sort_by_cached_key(key);
    rows.dedup_by(|a, b| a.str(0) == b.str(0));
    rows.iter().skip(offset.max(0) as usize).take(limit as usize).map(person_line).collect()
}

/// The members of one cell on a date, in Vietnamese name order.
pub fn members_of_unit(
    tx: &mut Tx<'_>,
    unit: &UnitCode,
    on: Date,
) -> Result<Vec<(PersonLine, MemberStatus)>, StoreError> {
    tx.query(
        "SELECT p.code, p.full_name, p.gender, p.birth_date, m.status
         FROM membership m JOIN person p ON p.id = m.person_id JOIN unit u ON u.id = m.unit_id
         WHERE u.code = $1 AND m.valid_from <= $2 AND (m.valid_to IS NULL OR m.valid_to > $2)
         ORDER BY p.sort_key, p.code",
        &[unit.as_str().into(), on.into()],
    )?
    .iter()
    .map(|r| Ok((person_line(r)?, MemberStatus::parse(r.str(4)).map_err(corrupt)?)))
    .collect()
}

/// The positions in one unit on a date, heads first.
pub fn positions_of_unit(
    tx: &mut Tx<'_>,
    unit: &UnitCode,
    on: Date,
) -> Result<Vec<(PersonLine, AssignmentLine)>, StoreError> {
    let sql = format!(
        "SELECT u.code, {UNIT_NAME}, a.title, a.rank, a.is_primary, a.valid_from, a.valid_to,
                a.decision_no, a.decision_date, p.code, p.full_name, p.gender, p.birth_date
         FROM assignment a JOIN person p ON p.id = a.person_id JOIN unit u ON u.id = a.unit_id
         WHERE u.code = $1 AND a.valid_from <= $2 AND (a.valid_to IS NULL OR a.valid_to > $2)
         ORDER BY CASE a.rank WHEN 'head' THEN 0 WHEN 'deputy' THEN 1 WHEN 'member' THEN 2 ELSE 3 END, p.sort_key"
    );
    tx.query(&sql, &[unit.as_str().into(), on.into()])?
        .iter()
        .map(|r| {
            let person = PersonLine {
                code: r.text(9)?,
                name: r.text(10)?,
                gender: Gender::parse(r.str(11)).map_err(corrupt)?,
                birth_date: r.date(12)?,
            };
            Ok((person, assignment_line(r)?))
        })
        .collect()
}

/// A dated row to end: its table (the change log's entity), whose, the day it ends and the
/// decision that ends it.
struct Dated<'a> {
    entity: &'static str,
    key: &'a str,
    on: Date,
    decision: Option<&'a Decision>,
}

impl Writer<'_, '_> {
    pub(crate) fn require_unit(&mut self, code: &UnitCode) -> Result<i64, StoreError> {
        if let Some(d) = self.deferred.as_mut() {
            // A large write names many units: all their ids are read at once, the first time.
            if d.unit_ids.is_empty() {
                self.tx.for_each_ref("SELECT id, code FROM unit", &[], |r| {
                    d.unit_ids.insert(r.str(1)?.to_string(), r.int(0)?);
                    Ok(())
                })?;
            }
            if let Some(id) = d.unit_ids.get(code.as_str()) {
                return Ok(*id);
            }
        }
        let id = unit_id(self.tx, code)?.ok_or_else(|| StoreError::Conflict(format!("unknown unit {code}")))?;
        if let Some(d) = &mut self.deferred {
            d.unit_ids.insert(code.to_string(), id);
        }
        Ok(id)
    }

    pub(crate) fn require_person(&mut self, code: &str) -> Result<i64, StoreError> {
        let code = code.trim();
        if let Some(id) = self.deferred.as_ref().and_then(|d| d.person_ids.get(code)) {
            return Ok(*id);
        }
        let id = person_id(self.tx, code)?.ok_or_else(|| StoreError::Conflict(format!("unknown person {code}")))?;
        if let Some(d) = &mut self.deferred {
            d.person_ids.insert(code.to_string(), id);
        }
        Ok(id)
    }

    pub fn insert_person(&mut self, p: &Person, name: &PersonName) -> Result<i64, StoreError> {
        let seq = self.log_created("person", p.code.trim(), None, p)?;
        let id = self.next_id("person")?;
        self.insert_owned("person", PERSON_COLUMNS, person_values(id, p, name, seq))?;
        match &mut self.deferred {
            Some(d) => {
                d.person_ids.insert(p.code.trim().to_string(), id);
                d.given.entry(name.given().to_string()).or_insert_with(|| name.clone());
            }
            None => record_given_name(self.tx, name)?,
        }
        Ok(id)
    }

    pub fn insert_membership(&mut self, m: &Membership) -> Result<i64, StoreError> {
        let person = self.require_person(&m.person)?;
        let unit = self.require_unit(&m.unit)?;
        let seq = self.log_created("membership", m.person.trim(), m.decision.as_ref(), m)?;
        let id = self.next_id("membership")?;
        self.insert_owned("membership", MEMBERSHIP_COLUMNS, membership_values(id, person, unit, m, seq))?;
        Ok(id)
    }

    pub fn insert_assignment(&mut self, a: &Assignment) -> Result<i64, StoreError> {
        let person = self.require_person(&a.person)?;
        let unit = self.require_unit(&a.unit)?;
        let seq = self.log_created("assignment", a.person.trim(), a.decision.as_ref(), a)?;
        let id = self.next_id("assignment")?;
        self.insert_owned("assignment", ASSIGNMENT_COLUMNS, assignment_values(id, person, unit, a, seq))?;
        Ok(id)
    }

    /// Corrects a person's particulars in place (their code stays). The change log keeps the
    /// record as it was before.
    pub fn update_person(&mut self, p: &Person, name: &PersonName) -> Result<(), StoreError> {
        let Some(before) = person(self.tx, &p.code)? else {
            return Err(StoreError::Conflict(format!("unknown person {}", p.code.trim())));
        };
        let seq = self.log(
            Entry::new("update", "person", p.code.trim())
                .before(serde_json::to_value(&before).ok())
                .after(serde_json::to_value(p).ok()),
        )?;
        // The values without the id: the code is $1, and every other column is set but the code.
        let values = person_values(0, p, name, seq).split_off(1);
        let sets: Vec<String> = PERSON_COLUMNS.iter().enumerate().skip(2).map(|(i, c)| format!("{c} = ${i}")).collect();
        let sql = format!("UPDATE person SET {} WHERE code = $1", sets.join(", "));
        self.tx.exec(&sql, &values)?;
        record_given_name(self.tx, name)?;
        Ok(())
    }

    /// Ends a dated row — a membership period, a position — at `row.on`: the change log keeps it
    /// as it was and as it ends, and the row (found by `find`, which selects its id by `keys`) ends
    /// through the writer's one `end_row`, as an import's rows do.
    fn end_dated<T: Serialize>(
        &mut self,
        row: &Dated<'_>,
        (before, after): (&T, &T),
        find: &str,
        keys: Vec<Value>,
    ) -> Result<(), StoreError> {
        let id = self.tx.query_one(find, &keys)?.int(0)?;
        let seq = self.log(
            Entry::new("end", row.entity, row.key)
                .by(row.decision)
                .before(serde_json::to_value(before).ok())
                .after(serde_json::to_value(after).ok()),
        )?;
        self.end_row(row.entity, id, row.on, seq)
    }

    /// Ends at `on` the membership period of a person in force that day (begun before it), and
    /// returns the period as it was. The change log keeps both states.
    pub fn end_membership(
        &mut self,
        person_code: &str,
        on: Date,
        decision: Option<&Decision>,
    ) -> Result<Membership, StoreError> {
        let before = memberships_of_person(self.tx, person_code)?
            .into_iter()
            .find(|m| m.validity.from < on && m.validity.to.is_none_or(|t| t > on))
            .ok_or_else(|| StoreError::Conflict(format!("person {person_code} has no membership to end on {on}")))?;
        let before = Membership {
            person: person_code.trim().to_string(),
            unit: UnitCode::parse(&before.unit).map_err(corrupt)?,
            status: before.status,
            admitted_on: before.admitted_on,
            recognized_on: before.recognized_on,
            validity: before.validity,
            decision: before.decision,
        };
        let mut after = before.clone();
        after.validity.to = Some(on);
        let row = Dated { entity: "membership", key: person_code.trim(), on, decision };
        self.end_dated(
            &row,
            (&before, &after),
            "SELECT id FROM membership
             WHERE person_id = (SELECT id FROM person WHERE code = $1) AND valid_from = $2",
            vec![person_code.trim().into(), before.validity.from.into()],
        )?;
        Ok(before)
    }

    /// Ends at `on` a position a person holds in a unit under a title, in force that day (begun
    /// before it), and returns it as it was.
    pub fn end_assignment(
        &mut self,
        person_code: &str,
        unit: &UnitCode,
        title: &str,
        on: Date,
        decision: Option<&Decision>,
    ) -> Result<Assignment, StoreError> {
        let line = assignments_of_person(self.tx, person_code)?
            .into_iter()
            .find(|a| {
                a.unit == unit.as_str()
                    && a.title == title.trim()
                    && a.validity.from < on
                    && a.validity.to.is_none_or(|t| t > on)
            })
            .ok_or_else(|| {
                StoreError::Conflict(format!("person {person_code} holds no position '{title}' in {unit} on {on}"))
            })?;
        let before = Assignment {
            person: person_code.trim().to_string(),
            unit: unit.clone(),
            title: line.title,
            rank: line.rank,
            primary: line.primary,
            validity: line.validity,
            decision: line.decision,
        };
        let mut after = before.clone();
        after.validity.to = Some(on);
        let row = Dated { entity: "assignment", key: person_code.trim(), on, decision };
        self.end_dated(
            &row,
            (&before, &after),
            "SELECT id FROM assignment
             WHERE person_id = (SELECT id FROM person WHERE code = $1)
               AND unit_id = (SELECT id FROM unit WHERE code = $2) AND title = $3 AND valid_from = $4",
            vec![
                person_code.trim().into(),
                unit.as_str().into(),
                before.title.as_str().into(),
                before.validity.from.into(),
            ],
        )?;
        Ok(before)
    }

    /// Sets the quota of a unit for a year and category, replacing an earlier figure (which the
    /// change log keeps).
    pub fn set_quota(&mut self, q: &Quota) -> Result<(), StoreError> {
        let unit = self.require_unit(&q.unit)?;
        let before = self
            .tx
            .query_opt(
                "SELECT quota FROM quota WHERE unit_id = $1 AND year = $2 AND category = $3",
                &[unit.into(), q.year.into(), q.category.code().into()],
            )?
            .map(|r| r.int(0))
            .transpose()?;
        let seq = self.log(
            Entry::new(if before.is_some() { "update" } else { "create" }, "quota", q.unit.as_str())
                .by(q.decision.as_ref())
                .before(before.map(|b| serde_json::json!({"year": q.year, "category": q.category, "quota": b})))
                .after(serde_json::to_value(q).ok()),
        )?;
        self.tx.exec(
            "DELETE FROM quota WHERE unit_id = $1 AND year = $2 AND category = $3",
            &[unit.into(), q.year.into(), q.category.code().into()],
        )?;
        let id = self.next_id("quota")?;
        self.insert_row("quota", QUOTA_COLUMNS, &quota_values(id, unit, q, seq))?;
        Ok(())
    }
}

/// Every person, in code order (for exports).
pub fn all_people(tx: &mut Tx<'_>, mut f: impl FnMut(Person) -> Result<(), StoreError>) -> Result<(), StoreError> {
    tx.for_each(&format!("{SELECT_PERSON} ORDER BY code"), &[], |r| f(person_from_row(&r)?))
}

/// Every membership period, by person and date (for exports).
pub fn all_memberships(
    tx: &mut Tx<'_>,
    mut f: impl FnMut(Membership) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    tx.for_each(
        "SELECT p.code, u.code, m.status, m.admitted_on, m.recognized_on, m.valid_from, m.valid_to, m.decision_no, m.decision_date
         FROM membership m JOIN person p ON p.id = m.person_id JOIN unit u ON u.id = m.unit_id
         ORDER BY p.code, m.valid_from",
        &[],
        |r| {
            f(Membership {
                person: r.text(0)?,
                unit: UnitCode::parse(r.str(1)).map_err(corrupt)?,
                status: MemberStatus::parse(r.str(2)).map_err(corrupt)?,
                admitted_on: r.date(3)?,
                recognized_on: r.opt_date(4)?,
                validity: Validity { from: r.date(5)?, to: r.opt_date(6)? },
                decision: decision_from(r.opt_text(7)?, r.opt_date(8)?),
            })
        },
    )
}

/// Every position, by person and date (for exports).
pub fn all_assignments(
    tx: &mut Tx<'_>,
    mut f: impl FnMut(Assignment) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    tx.for_each(
        "SELECT p.code, u.code, a.title, a.rank, a.is_primary, a.valid_from, a.valid_to, a.decision_no, a.decision_date
         FROM assignment a JOIN person p ON p.id = a.person_id JOIN unit u ON u.id = a.unit_id
         ORDER BY p.code, a.valid_from, u.code",
        &[],
        |r| {
            f(Assignment {
                person: r.text(0)?,
                unit: UnitCode::parse(r.str(1)).map_err(corrupt)?,
                title: r.text(2)?,
                rank: Rank::parse(r.str(3)).map_err(corrupt)?,
                primary: r.bool(4)?,
                validity: Validity { from: r.date(5)?, to: r.opt_date(6)? },
                decision: decision_from(r.opt_text(7)?, r.opt_date(8)?),
            })
        },
    )
}

/// Every quota, by unit, year and category (for exports).
pub fn all_quotas(tx: &mut Tx<'_>, mut f: impl FnMut(Quota) -> Result<(), StoreError>) -> Result<(), StoreError> {
    tx.for_each(
        "SELECT u.code, q.year, q.category, q.quota, q.decision_no, q.decision_date
         FROM quota q JOIN unit u ON u.id = q.unit_id ORDER BY u.code, q.year, q.category",
        &[],
        |r| {
            f(Quota {
                unit: UnitCode::parse(r.str(0)).map_err(corrupt)?,
                year: r.int(1)? as i32,
                category: StaffCategory::parse(r.str(2)).map_err(corrupt)?,
                quota: r.int(3)? as u32,
                decision: decision_from(r.opt_text(4)?, r.opt_date(5)?),
            })
        },
    )
}
