//! `tinhgon bench --members-import`: a province's members imported through the checked import
//! path — every row read from a CSV file, checked against the register and the caller's reach,
//! written with its own change-log entry — against the demo's bulk load of the same rows.

use std::collections::HashMap;

use tinhgon_domain::register::{Membership, Person, UnitVersion};
use tinhgon_domain::text::PersonName;
use tinhgon_store::{people, units, BulkLoader, Store};

use crate::clock::{now_iso, today, Stopwatch};
use crate::demo::Scale;
use crate::files;
use crate::services::register::import;
use crate::services::Ctx;
use crate::services::FileKind;

/// The province's register as rows: unit versions, people and membership periods.
struct Rows {
    versions: Vec<UnitVersion>,
    people: Vec<Person>,
    memberships: Vec<Membership>,
}

fn read_back(db: &str) -> anyhow::Result<Rows> {
    let mut store = Store::open(db)?;
    let mut out = Rows { versions: Vec::new(), people: Vec::new(), memberships: Vec::new() };
    store.read(|tx| {
        units::all_versions(tx, |v| {
            out.versions.push(v);
            Ok(())
        })?;
        people::all_people(tx, |p| {
            out.people.push(p);
            Ok(())
        })?;
        people::all_memberships(tx, |m| {
            out.memberships.push(m);
            Ok(())
        })
    })?;
    Ok(out)
}

/// An empty register holding only the units, loaded in bulk; returns the unit ids by code.
fn units_only(db: &str, versions: &[UnitVersion]) -> anyhow::Result<HashMap<String, i64>> {
    crate::demo::load::erase(db)?;
    let mut store = Store::open(db)?;
    store.bulk_mode(true)?;
    let ids = store.write("bench", &now_iso(), |w| -> anyhow::Result<_> {
        let mut loader = BulkLoader::new(w)?;
        let ids = loader.load(|rows| -> anyhow::Result<_> {
            let mut ids: HashMap<String, i64> = HashMap::new();
            for v in versions {
                if !ids.contains_key(v.code.as_str()) {
                    ids.insert(v.code.to_string(), rows.unit(&v.code)?);
                }
            }
            let id = |c: &Option<tinhgon_domain::UnitCode>| c.as_ref().and_then(|c| ids.get(c.as_str()).copied());
            for v in versions {
                let unit = ids.get(v.code.as_str()).copied().unwrap_or_default();
                rows.unit_version(unit, id(&v.parent), id(&v.led_by), v)?;
            }
            Ok(ids)
        })?;
        loader.finish("bench: units")?;
        Ok(ids)
    })?;
    store.bulk_mode(false)?;
    Ok(ids)
}

/// The members file with the particulars of each person on their first row, as an organization
/// officer would send it.
fn members_file(rows: &Rows) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let (required, optional) = FileKind::Members.columns();
    let headers: Vec<&'static str> = required.iter().chain(optional.iter()).copied().collect();
    let by_code: HashMap<&str, &Person> = rows.people.iter().map(|p| (p.code.as_str(), p)).collect();
    let mut given: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let opt = |d: Option<tinhgon_domain::Date>| d.map(|d| d.to_string()).unwrap_or_default();
    let lines = rows
        .memberships
        .iter()
        .map(|m| {
            let mut line = vec![
                m.person.clone(),
                m.unit.to_string(),
                m.status.code().to_string(),
                m.admitted_on.to_string(),
                opt(m.recognized_on),
                m.validity.from.to_string(),
                opt(m.validity.to),
                m.decision.as_ref().map(|d| d.number.to_string()).unwrap_or_default(),
                m.decision.as_ref().map(|d| d.date.to_string()).unwrap_or_default(),
            ];
            match by_code.get(m.person.as_str()).filter(|_| given.insert(m.person.as_str())) {
                Some(p) => line.extend([
                    p.name.clone(),
                    p.gender.code().to_string(),
                    p.birth_date.to_string(),
                    p.ethnicity.clone(),
                    p.education.code().to_string(),
                    p.theory.code().to_string(),
                    p.staff_category.map(|c| c.code().to_string()).unwrap_or_default(),
                ]),
                None => line.extend(std::iter::repeat_n(String::new(), 7)),
            }
            line
        })
        .collect();
    (headers, lines)
}

/// Measures both ways of loading the province's members; returns the report's lines.
pub fn run(db: &str, seed: u64) -> anyhow::Result<Vec<String>> {
    let backend = if db.starts_with("postgres") { "PostgreSQL" } else { "SQLite" };
    eprintln!("  the province demo, loaded to be read back");
    crate::demo::load::erase(db)?;
    {
        let mut store = Store::open(db)?;
        crate::demo::load::load(&mut store, (Scale::Province, seed), None, &now_iso())?;
    }
    let rows = read_back(db)?;
    // Members only: the people who hold a membership period.
    let members: std::collections::HashSet<&str> = rows.memberships.iter().map(|m| m.person.as_str()).collect();
    let people: Vec<&Person> = rows.people.iter().filter(|p| members.contains(p.code.as_str())).collect();
    let (headers, lines) = members_file(&rows);
    let path = std::env::temp_dir().join(format!("tinhgon-bench-members-{}.csv", std::process::id()));
    files::write(&path, &headers, &lines).map_err(|e| anyhow::anyhow!("{}", e.en()))?;

    eprintln!("  bulk load of {} people and {} membership periods", people.len(), rows.memberships.len());
    let ids = units_only(db, &rows.versions)?;
    let mut store = Store::open(db)?;
    let w = Stopwatch::start();
    store.bulk_mode(true)?;
    store.write("bench", &now_iso(), |wr| -> anyhow::Result<_> {
        let mut loader = BulkLoader::new(wr)?;
        loader.load(|out| -> anyhow::Result<()> {
            let mut person_ids: HashMap<&str, i64> = HashMap::new();
            for p in &people {
                let name = PersonName::parse(&p.name).map_err(|e| anyhow::anyhow!("{}", crate::i18n::vi(&e)))?;
                person_ids.insert(p.code.as_str(), out.person(p, &name)?);
            }
            for m in &rows.memberships {
                let person = person_ids.get(m.person.as_str()).copied().unwrap_or_default();
                let unit = ids.get(m.unit.as_str()).copied().unwrap_or_default();
                out.membership(person, unit, m)?;
            }
            Ok(())
        })?;
        loader.finish("bench: members")?;
        Ok(())
    })?;
    store.bulk_mode(false)?;
    let bulk = w.elapsed().as_secs_f64();
    drop(store);

    eprintln!("  checked import of the same rows from {} lines of CSV", lines.len());
    units_only(db, &rows.versions)?;
    let mut store = Store::open(db)?;
    let w = Stopwatch::start();
    let table = files::read(&path).map_err(|e| anyhow::anyhow!("{}", e.en()));
    let _ = std::fs::remove_file(&path);
    let cx = Ctx::operator_as("bench", today(), now_iso());
    let written = import::file(&mut store, &cx, FileKind::Members, &table?, false)
        .map_err(|e| anyhow::anyhow!("{}", e.messages().1))?;
    let checked = w.elapsed().as_secs_f64();
    let log = store.read(|tx| tx.query_one("SELECT COUNT(*) FROM change_log", &[])?.int(0))?;
    Ok(vec![
        format!(
            "Backend: {backend}; the province demo (seed {seed}): {} people, {} membership periods, {} rows of CSV.",
            people.len(),
            rows.memberships.len(),
            written
        ),
        String::new(),
        "| load | seconds | rows/s |".into(),
        "|---|---|---|".into(),
        format!("| demo bulk load (one change-log entry) | {bulk:.1} | {:.0} |", written as f64 / bulk),
        format!(
            "| checked import from CSV ({log} change-log entries in all) | {checked:.1} | {:.0} |",
            written as f64 / checked
        ),
        String::new(),
        format!("The checked import takes {:.2} times as long as the bulk load.", checked / bulk),
    ])
}
