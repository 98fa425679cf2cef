//! The work due at a unit: one list, by deadline, of what the register and the rules say must be
//! done — ceremonies to hold, recognitions to propose, certificates about to expire, transits not
//! received, badges due at the next award days, dues unpaid for three months, meetings a cell
//! missed and members absent without a reason too often — each with the person or cell it concerns.

use serde::Serialize;
use tinhgon_domain::access::Action;
use tinhgon_domain::party::admission::Limit;
use tinhgon_domain::{Date, UnitCode};
use tinhgon_store::Store;

use super::transfers::Standing;
use super::{admissions, badges, dues, meetings, transfers};
use crate::services::{Absent, Ctx, Error};

/// What is to be done.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Work {
    Ceremony,
    Recognition,
    CertificateExpires,
    TransitNotReceived,
    Badge,
    DuesUnpaid,
    MeetingMissed,
    ThematicMissed,
    AbsentUnexcused,
    TaskOverdue,
}

impl Work {
    /// The catalog's key for what is to be done.
    pub fn key(self) -> &'static str {
        match self {
            Work::Ceremony => "due-ceremony",
            Work::Recognition => "due-recognition",
            Work::CertificateExpires => "due-certificate-expires",
            Work::TransitNotReceived => "due-transit-not-received",
            Work::Badge => "due-badge",
            Work::DuesUnpaid => "due-dues-unpaid",
            Work::MeetingMissed => "due-meeting-missed",
            Work::ThematicMissed => "due-thematic-missed",
            Work::AbsentUnexcused => "due-absent-unexcused",
            Work::TaskOverdue => "due-task-overdue",
        }
    }

    /// What is to be done, in Vietnamese and English, from the catalogs.
    pub fn labels(self) -> (String, String) {
        crate::i18n::both(self.key(), &[])
    }
}

/// One thing to do.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Item {
    pub work: Work,
    pub person: String,
    pub name: String,
    pub cell: String,
    pub due: Date,
    pub overdue: bool,
    /// The admission, transfer or badge (years) it comes from.
    pub reference: String,
}

/// The work due at or under a unit in reach, overdue first, then by deadline. Badges are those
/// reached within a year.
pub fn at(s: &mut Store, cx: &Ctx, unit: &UnitCode) -> Result<Vec<Item>, Error> {
    cx.require(Action::Read)?;
    let today = cx.today;
    let under = s.read(|tx| {
        if cx.guard.unit(tx, unit).is_err() {
            return Ok(None);
        }
        tinhgon_store::party::badges::codes_under(tx, unit).map(Some)
    })?;
    let under = under.ok_or_else(|| Error::NotFound(Absent::Unit(unit.to_string())))?;
    let mut out = Vec::new();
    for a in admissions::list(s, cx)? {
        if !under.contains(&a.admission.cell) {
            continue;
        }
        for d in a.deadlines.iter().filter(|d| d.met.is_none()) {
            let work = match Limit::parse(d.limit) {
                Ok(Limit::Ceremony) => Work::Ceremony,
                Ok(Limit::Recognition) => Work::Recognition,
                // A certificate matters until the cell votes, and shows three months ahead.
                Ok(Limit::Certificate) if d.due <= today.add_months(3) => Work::CertificateExpires,
                _ => continue,
            };
            out.push(Item {
                work,
                person: a.admission.person.clone(),
                name: a.admission.person_name.clone(),
                cell: a.admission.cell.clone(),
                due: d.due,
                overdue: d.due < today,
                reference: format!("/admissions/{}", a.admission.id),
            });
        }
    }
    for t in transfers::list(s, cx)? {
        let from = under.contains(&t.transfer.from_cell);
        let to = t.transfer.to_cell.as_ref().is_some_and(|c| under.contains(c));
        if t.standing == Standing::InTransit && (from || to) {
            out.push(Item {
                work: Work::TransitNotReceived,
                person: t.transfer.person.clone(),
                name: t.transfer.person_name.clone(),
                cell: t.transfer.to_cell.clone().unwrap_or_default(),
                due: t.transfer.due_on,
                overdue: t.overdue,
                reference: format!("transfer {}", t.transfer.id),
            });
        }
    }
    for b in badges::due(s, cx, unit, today.add_months(12))? {
        out.push(Item {
            work: Work::Badge,
            person: b.person,
            name: b.name,
            cell: b.cell,
            due: b.due.award_on,
            overdue: b.due.award_on < today,
            reference: format!("{}", b.due.years),
        });
    }
    for u in dues::unpaid(s, cx, unit, today.year())? {
        let last = u.months.last().map_or(today, |m| m.first_day());
        out.push(Item {
            work: Work::DuesUnpaid,
            person: u.person,
            name: u.name,
            cell: u.cell,
            due: last,
            overdue: true,
            reference: u.months.iter().map(|m| m.vn()).collect::<Vec<_>>().join(", "),
        });
    }
    let (missed, absent) = s.read(|tx| meetings::due(tx, unit, today))?;
    for m in missed {
        for (work, spans) in [(Work::MeetingMissed, &m.regular), (Work::ThematicMissed, &m.thematic)] {
            let Some(first) = spans.first() else { continue };
            out.push(Item {
                work,
                person: String::new(),
                name: String::new(),
                cell: m.cell.clone(),
                due: first.last_day(),
                overdue: first.last_day() < today,
                reference: spans.iter().map(|s| s.vn()).collect::<Vec<_>>().join(", "),
            });
        }
    }
    for (person, name, n) in absent {
        out.push(Item {
            work: Work::AbsentUnexcused,
            person,
            name,
            cell: String::new(),
            due: today,
            overdue: false,
            reference: n.to_string(),
        });
    }
    for t in s.read(|tx| crate::services::directives::programmes::overdue(tx, unit, today))? {
        out.push(Item {
            work: Work::TaskOverdue,
            person: String::new(),
            name: t.task.title.clone(),
            cell: t.task.unit.clone(),
            due: t.task.deadline,
            overdue: true,
            reference: format!("{} · {}%", t.sign.unwrap_or_default(), t.task.progress),
        });
    }
    out.sort_by(|a, b| (!a.overdue, a.due, &a.name).cmp(&(!b.overdue, b.due, &b.name)));
    Ok(out)
}
