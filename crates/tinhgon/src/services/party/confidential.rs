//! Who sees a confidential case or discipline decision: both are seen by their handlers, and by
//! those who reach their subject once announced ([`crate::services::lock::Guard::case`]); to anyone
//! else they are absent. The cases and the decisions each ask it here.

use serde::Serialize;
use tinhgon_domain::msg::Msg;
use tinhgon_domain::Date;
use tinhgon_store::party::cases::{CaseRow, DisciplineRow};
use tinhgon_store::Tx;

use crate::services::lock::{CaseSight, CaseSubject};
use crate::services::{Absent, Ctx, Error};

/// A case as its reader may see it.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = CaseView)]
pub struct View {
    #[serde(flatten)]
    pub case: CaseRow,
    /// Past its time limit (or extension) and not concluded.
    pub overdue: bool,
    /// Whether the reader handles it (and so sees its sender). Named `handles` in JSON: the case's
    /// own `handler` is the unit that handles it.
    #[serde(rename = "handles")]
    pub handler: bool,
}

pub(crate) fn absent(id: i64) -> Error {
    Error::NotFound(Absent::said(Msg::new("lock-there-no-case").text("id", id)))
}

fn subject<'a>(c: &'a CaseRow, today: Date) -> CaseSubject<'a> {
    CaseSubject {
        id: c.id,
        handler: &c.handler,
        unit: c.subject_unit.as_deref(),
        person: c.subject_person.as_deref(),
        announced: c.announced_on.is_some_and(|a| a <= today),
    }
}

/// The case as the caller may see it, or `None` when it is hidden from them.
pub(crate) fn seen(tx: &mut Tx<'_>, cx: &Ctx, c: CaseRow) -> Option<View> {
    let sight = cx.guard.case(tx, &subject(&c, cx.today)).ok()?;
    let handler = sight == CaseSight::Handler;
    let mut case = c;
    if !handler {
        case.sender = None;
    }
    let limit = case.extended_to.or(case.due_on);
    let overdue = case.concluded_on.is_none() && limit.is_some_and(|d| d < cx.today);
    Some(View { case, overdue, handler })
}

/// Whether the caller sees a decision: its handlers (the deciding unit in reach, with the right
/// to read cases), and once announced whoever reaches its subject.
pub(crate) fn decision_seen(tx: &mut Tx<'_>, cx: &Ctx, d: &DisciplineRow) -> bool {
    decision_sight(tx, cx, d).is_some()
}

/// How a decision stands to the caller, or `None` when it is hidden from them.
pub(crate) fn decision_sight(tx: &mut Tx<'_>, cx: &Ctx, d: &DisciplineRow) -> Option<CaseSight> {
    let subject = CaseSubject {
        id: d.id,
        handler: &d.decided_by,
        unit: Some(&d.unit),
        person: d.person.as_deref(),
        announced: d.announced_on.is_some_and(|a| a <= cx.today),
    };
    cx.guard.case(tx, &subject).ok()
}
