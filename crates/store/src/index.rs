//! Reads the register into the statistics index, whole or by the changes since an earlier one.

use std::collections::{HashMap, HashSet};

use tinhgon_domain::catalog::{Education, Gender, MemberStatus, Rank, Sector, StaffCategory, Theory, UnitKind};
use tinhgon_domain::stats::{patchable, AssignmentRow, Index, IndexBuilder, MemberRow, QuotaRow, VersionRow};
use tinhgon_domain::UnitCode;

use crate::corrupt;
use crate::log::Touches;
use crate::sql::{Tx, Value};
use crate::versions::Version;
use crate::StoreError;

/// The most membership rows a load reserves room for ahead (a hint, not a limit).
const MEMBER_HINT_LIMIT: usize = 64_000_000;

/// Past this many change-log entries a refresh reads the whole register instead.
const PATCH_LIMIT: usize = 5_000;

pub(crate) fn load(tx: &mut Tx<'_>) -> Result<Index, StoreError> {
    let mut b = IndexBuilder::default();
    // The largest membership id is about the number of rows, read off the key: the rows are
    // collected into one list allocated once instead of grown by copying (millions nationally).
    let rows = tx.query_one("SELECT COALESCE(MAX(id), 0) FROM membership", &[])?.int(0)?;
    b.reserve_members(usize::try_from(rows).unwrap_or(0).min(MEMBER_HINT_LIMIT));
    read_units(tx, &mut b)?;
    let versions = crate::versions::by_person(tx, None)?;
    read_members(tx, &mut b, "", &[], &versions)?;
    read_assignments(tx, &mut b, "", &[])?;
    read_quotas(tx, &mut b)?;
    Ok(b.build())
}

/// What the change log says happened since an index was built.
pub enum Refresh {
    /// Nothing the statistics count changed (only accounts and tokens, say).
    Current,
    /// The index as of now: the old one with the changes applied, or, after many, read whole.
    Patched(Box<Index>),
}

/// Brings `old`, built when the change log ended at `since`, up to date: the people, units and
/// quotas named by newer entries are read again and everything else is carried over. A bulk
/// load, or more than [`PATCH_LIMIT`] entries, reads the whole register.
pub(crate) fn refresh(tx: &mut Tx<'_>, old: &Index, since: i64) -> Result<Refresh, StoreError> {
    let entries = tx.query(
        "SELECT entity, entity_key FROM change_log WHERE seq > $1 ORDER BY seq LIMIT $2",
        &[since.into(), (PATCH_LIMIT as i64 + 1).into()],
    )?;
    if entries.len() > PATCH_LIMIT {
        return Ok(Refresh::Patched(Box::new(load(tx)?)));
    }
    let (mut codes, mut units, mut quotas) = (HashSet::new(), false, false);
    for r in &entries {
        match crate::log::touches(r.str(0)) {
            Touches::Person => {
                codes.insert(r.str(1));
            }
            Touches::Units => units = true,
            Touches::Quotas => quotas = true,
            Touches::Nothing => {}
            Touches::Unknown => return Ok(Refresh::Patched(Box::new(load(tx)?))),
        }
    }
    let mut people = HashSet::new();
    for code in codes {
        if let Some(row) = tx.query_opt("SELECT id FROM person WHERE code = $1", &[code.into()])? {
            people.insert(row.int(0)?);
        }
    }
    if people.is_empty() && !units && !quotas {
        return Ok(Refresh::Current);
    }
    if !patchable(&people) {
        return Ok(Refresh::Patched(Box::new(load(tx)?)));
    }
    let mut fresh = IndexBuilder::default();
    if units {
        read_units(tx, &mut fresh)?;
    }
    if quotas {
        read_quotas(tx, &mut fresh)?;
    }
    for &id in &people {
        let versions = crate::versions::by_person(tx, Some(id))?;
        read_members(tx, &mut fresh, "WHERE m.person_id = $1", &[id.into()], &versions)?;
        read_assignments(tx, &mut fresh, "WHERE a.person_id = $1", &[id.into()])?;
    }
    Ok(Refresh::Patched(Box::new(old.patched(fresh, &people, units, quotas))))
}

fn read_units(tx: &mut Tx<'_>, b: &mut IndexBuilder) -> Result<(), StoreError> {
    tx.for_each_ref("SELECT id, code FROM unit", &[], |r| {
        b.unit(r.int(0)?, UnitCode::parse(r.str(1)?).map_err(corrupt)?);
        Ok(())
    })?;
    tx.for_each_ref("SELECT unit_id, parent_id, name, kind, sector, valid_from, valid_to FROM unit_version", &[], |r| {
        b.version(VersionRow {
            unit_id: r.int(0)?,
            parent_id: r.opt_int(1)?,
            name: r.str(2)?.to_string(),
            kind: UnitKind::parse(r.str(3)?).map_err(corrupt)?,
            sector: Some(r.str(4)?).filter(|s| !s.is_empty()).map(|s| Sector::parse(s).map_err(corrupt)).transpose()?,
            from: r.date(5)?,
            to: r.opt_date(6)?,
        });
        Ok(())
    })
}

/// Reads membership periods into the index; a period is split where the person's dated
/// particulars change, each part with the particulars then in force.
fn read_members(
    tx: &mut Tx<'_>,
    b: &mut IndexBuilder,
    filter: &str,
    params: &[Value],
    versions: &HashMap<i64, Vec<Version>>,
) -> Result<(), StoreError> {
    let sql = format!(
        "SELECT m.unit_id, m.valid_from, m.valid_to, m.status, p.gender, p.birth_date, p.education, p.theory,
                p.ethnicity, m.person_id
         FROM membership m JOIN person p ON p.id = m.person_id {filter}"
    );
    tx.for_each_ref(&sql, params, |r| {
        let row = MemberRow {
            unit_id: r.int(0)?,
            person_id: r.int(9)?,
            from: r.date(1)?,
            to: r.opt_date(2)?,
            status: MemberStatus::parse(r.str(3)?).map_err(corrupt)?,
            gender: Gender::parse(r.str(4)?).map_err(corrupt)?,
            birth_date: r.date(5)?,
            education: Education::parse(r.str(6)?).map_err(corrupt)?,
            theory: Theory::parse(r.str(7)?).map_err(corrupt)?,
        };
        match versions.get(&row.person_id) {
            None => b.member(row, r.str(8)?),
            Some(vs) => {
                for v in vs {
                    let from = row.from.max(v.validity.from);
                    let to = match (row.to, v.validity.to) {
                        (Some(a), Some(b)) => Some(a.min(b)),
                        (a, b) => a.or(b),
                    };
                    if to.is_some_and(|t| t <= from) {
                        continue;
                    }
                    let part = MemberRow { from, to, education: v.education, theory: v.theory, ..row };
                    b.member(part, &v.ethnicity);
                }
            }
        }
        Ok(())
    })
}

fn read_assignments(tx: &mut Tx<'_>, b: &mut IndexBuilder, filter: &str, params: &[Value]) -> Result<(), StoreError> {
    let sql = format!(
        "SELECT a.unit_id, a.valid_from, a.valid_to, a.rank, a.is_primary, p.staff_category, a.person_id
         FROM assignment a JOIN person p ON p.id = a.person_id {filter}"
    );
    tx.for_each_ref(&sql, params, |r| {
        b.assignment(AssignmentRow {
            unit_id: r.int(0)?,
            person_id: r.int(6)?,
            from: r.date(1)?,
            to: r.opt_date(2)?,
            rank: Rank::parse(r.str(3)?).map_err(corrupt)?,
            primary: r.int(4)? != 0,
            category: Some(r.str(5)?)
                .filter(|s| !s.is_empty())
                .map(|s| StaffCategory::parse(s).map_err(corrupt))
                .transpose()?,
        });
        Ok(())
    })
}

fn read_quotas(tx: &mut Tx<'_>, b: &mut IndexBuilder) -> Result<(), StoreError> {
    tx.for_each_ref("SELECT unit_id, year, category, quota FROM quota", &[], |r| {
        b.quota(QuotaRow {
            unit_id: r.int(0)?,
            year: r.int(1)? as i32,
            category: StaffCategory::parse(r.str(2)?).map_err(corrupt)?,
            quota: r.int(3)? as u32,
        });
        Ok(())
    })
}
