//! Whole files of the register, in the formats `import` reads.

use tinhgon_domain::access::Action;
use tinhgon_domain::Date;
use tinhgon_store::{people, units, Store};

use super::rows::FileKind;
use crate::services::{Ctx, Error};

fn opt_date(d: Option<Date>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

fn decision_cells(d: Option<&tinhgon_domain::Decision>) -> [String; 2] {
    [d.map(|d| d.number.to_string()).unwrap_or_default(), d.map(|d| d.date.to_string()).unwrap_or_default()]
}

/// A whole file of one kind, in the columns `import` reads, so that an export imports back: the
/// whole register, for those who reach it.
pub fn file(s: &mut Store, cx: &Ctx, what: FileKind) -> Result<(Vec<&'static str>, Vec<Vec<String>>), Error> {
    cx.require(Action::Read)?;
    if !cx.guard.sees_everything() {
        return Err(Error::Forbidden);
    }
    let (required, optional) = what.columns();
    let mut headers: Vec<&'static str> = required.iter().chain(optional.iter()).copied().collect();
    if what == FileKind::Members {
        // Exported members refer to people by code; their details are in the people file.
        headers.truncate(9);
    }
    let mut rows: Vec<Vec<String>> = Vec::new();
    s.read(|tx| match what {
        FileKind::Units => units::all_versions(tx, |v| {
            let [dn, dd] = decision_cells(v.decision.as_ref());
            rows.push(vec![
                v.code.to_string(),
                v.name,
                v.kind.code().into(),
                v.validity.from.to_string(),
                v.parent.map(|p| p.to_string()).unwrap_or_default(),
                v.led_by.map(|p| p.to_string()).unwrap_or_default(),
                v.sector.map(|s| s.code().to_string()).unwrap_or_default(),
                v.ownership.map(|s| s.code().to_string()).unwrap_or_default(),
                opt_date(v.validity.to),
                dn,
                dd,
            ]);
            Ok(())
        }),
        FileKind::People => people::all_people(tx, |p| {
            rows.push(vec![
                p.code,
                p.name,
                p.gender.code().into(),
                p.birth_date.to_string(),
                p.ethnicity,
                p.education.code().into(),
                p.theory.code().into(),
                p.staff_category.map(|c| c.code().to_string()).unwrap_or_default(),
            ]);
            Ok(())
        }),
        FileKind::Members => people::all_memberships(tx, |m| {
            let [dn, dd] = decision_cells(m.decision.as_ref());
            rows.push(vec![
                m.person,
                m.unit.to_string(),
                m.status.code().into(),
                m.admitted_on.to_string(),
                opt_date(m.recognized_on),
                m.validity.from.to_string(),
                opt_date(m.validity.to),
                dn,
                dd,
            ]);
            Ok(())
        }),
        FileKind::Positions => people::all_assignments(tx, |a| {
            let [dn, dd] = decision_cells(a.decision.as_ref());
            rows.push(vec![
                a.person,
                a.unit.to_string(),
                a.title,
                a.rank.code().into(),
                a.validity.from.to_string(),
                if a.primary { "1" } else { "0" }.into(),
                opt_date(a.validity.to),
                dn,
                dd,
            ]);
            Ok(())
        }),
        FileKind::Quotas => people::all_quotas(tx, |q| {
            let [dn, dd] = decision_cells(q.decision.as_ref());
            rows.push(vec![
                q.unit.to_string(),
                q.year.to_string(),
                q.category.code().into(),
                q.quota.to_string(),
                dn,
                dd,
            ]);
            Ok(())
        }),
    })?;
    Ok((headers, rows))
}
