//! Reads the register into the statistics index.

use tinhgon_domain::catalog::{Education, Gender, MemberStatus, Rank, Sector, StaffCategory, Theory, UnitKind};
use tinhgon_domain::stats::{AssignmentRow, Index, IndexBuilder, MemberRow, QuotaRow, VersionRow};
use tinhgon_domain::UnitCode;

use crate::sql::Tx;
use crate::StoreError;

fn corrupt<E: std::fmt::Display>(e: E) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

pub(crate) fn load(tx: &mut Tx<'_>) -> Result<Index, StoreError> {
    let mut b = IndexBuilder::default();
    tx.for_each_ref("SELECT id, code FROM unit", &[], |r| {
        b.unit(r.int(0)?, UnitCode::parse(r.str(1)?).map_err(corrupt)?);
        Ok(())
    })?;
    tx.for_each_ref(
        "SELECT unit_id, parent_id, name, kind, sector, valid_from, valid_to FROM unit_version",
        &[],
        |r| {
            b.version(VersionRow {
                unit_id: r.int(0)?,
                parent_id: r.opt_int(1)?,
                name: r.str(2)?.to_string(),
                kind: UnitKind::parse(r.str(3)?).map_err(corrupt)?,
                sector: Some(r.str(4)?)
                    .filter(|s| !s.is_empty())
                    .map(|s| Sector::parse(s).map_err(corrupt))
                    .transpose()?,
                from: r.date(5)?,
                to: r.opt_date(6)?,
            });
            Ok(())
        },
    )?;
    tx.for_each_ref(
        "SELECT m.unit_id, m.valid_from, m.valid_to, m.status, p.gender, p.birth_date, p.education, p.theory
         FROM membership m JOIN person p ON p.id = m.person_id",
        &[],
        |r| {
            b.member(MemberRow {
                unit_id: r.int(0)?,
                from: r.date(1)?,
                to: r.opt_date(2)?,
                status: MemberStatus::parse(r.str(3)?).map_err(corrupt)?,
                gender: Gender::parse(r.str(4)?).map_err(corrupt)?,
                birth_date: r.date(5)?,
                education: Education::parse(r.str(6)?).map_err(corrupt)?,
                theory: Theory::parse(r.str(7)?).map_err(corrupt)?,
            });
            Ok(())
        },
    )?;
    tx.for_each_ref(
        "SELECT a.unit_id, a.valid_from, a.valid_to, a.rank, a.is_primary, p.staff_category
         FROM assignment a JOIN person p ON p.id = a.person_id",
        &[],
        |r| {
            b.assignment(AssignmentRow {
                unit_id: r.int(0)?,
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
        },
    )?;
    tx.for_each_ref("SELECT unit_id, year, category, quota FROM quota", &[], |r| {
        b.quota(QuotaRow {
            unit_id: r.int(0)?,
            year: r.int(1)? as i32,
            category: StaffCategory::parse(r.str(2)?).map_err(corrupt)?,
            quota: r.int(3)? as u32,
        });
        Ok(())
    })?;
    Ok(b.build())
}
