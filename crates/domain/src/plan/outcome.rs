//! What playing a plan gives: the rows to write, the rule findings and the report.

use super::*;

/// A rule the result of a plan breaks. Blocking ones leave the register inconsistent, so a plan
/// with any of them is not applied; the others are for the decision makers to weigh.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Breach {
    CellBelowMinimum {
        official: u32,
        min: u32,
    },
    GrassrootsCellTooLarge {
        members: u32,
        threshold: u32,
    },
    GrassrootsCommitteeTooSmall {
        members: u32,
        threshold: u32,
    },
    DeputiesAboveCap {
        deputies: u32,
        cap: u32,
    },
    /// A dissolved unit still has members or sub-units with nowhere to go.
    NoDestination {
        members: u32,
        units: u32,
    },
    /// Someone holds a position in a unit that no longer exists.
    PositionInEndedUnit {
        people: u32,
    },
}

impl Breach {
    pub fn blocking(&self) -> bool {
        matches!(self, Breach::NoDestination { .. } | Breach::PositionInEndedUnit { .. })
    }
}

impl crate::msg::Said for Breach {
    fn msg(&self) -> crate::msg::Msg {
        use crate::msg::Msg;
        match self {
            Breach::CellBelowMinimum { official, min } => {
                Msg::new("breach-cell-below-minimum").int("official", (*official).into()).int("min", (*min).into())
            }
            Breach::GrassrootsCellTooLarge { members, threshold } => Msg::new("breach-grassroots-cell-too-large")
                .int("members", (*members).into())
                .int("threshold", (*threshold).into()),
            Breach::GrassrootsCommitteeTooSmall { members, threshold } => {
                Msg::new("breach-grassroots-committee-too-small")
                    .int("members", (*members).into())
                    .int("threshold", (*threshold).into())
            }
            Breach::DeputiesAboveCap { deputies, cap } => Msg::new("breach-deputies-above-cap")
                .int("deputies", (*deputies).into())
                .int("cap", (*cap).into())
                .int("surplus", deputies.saturating_sub(*cap).into()),
            Breach::NoDestination { members, units } => {
                Msg::new("breach-no-destination").int("members", (*members).into()).int("units", (*units).into())
            }
            Breach::PositionInEndedUnit { people } => {
                Msg::new("breach-position-in-ended-unit").int("people", (*people).into())
            }
        }
    }
}

/// A broken rule, the unit it concerns and the operation that caused it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Finding {
    pub op: Option<usize>,
    pub unit: UnitCode,
    pub name: String,
    pub breach: Breach,
}

/// A change to one unit: the version in force that ends on the effective date, and the version
/// that begins then. One of them, or both.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct UnitChange {
    /// The row of the version that ends.
    pub row: Option<i64>,
    pub before: Option<UnitVersion>,
    pub after: Option<UnitVersion>,
}

/// A member who changes cell: the period that ends and the one that begins.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct MemberChange {
    pub row: i64,
    pub before: Membership,
    pub after: Membership,
}

/// A position that ends (with its row), begins, or both (it moves).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct PostChange {
    pub before: Option<(i64, Assignment)>,
    pub after: Option<Assignment>,
}

/// Everything applying a plan writes, all on its effective date.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Changeset {
    pub units: Vec<UnitChange>,
    pub members: Vec<MemberChange>,
    pub posts: Vec<PostChange>,
    pub quotas: Vec<Quota>,
}

impl Changeset {
    /// Rows written: each ended row and each new row counts once.
    pub fn size(&self) -> usize {
        let pair = |a: bool, b: bool| usize::from(a) + usize::from(b);
        self.units.iter().map(|u| pair(u.before.is_some(), u.after.is_some())).sum::<usize>()
            + self.members.len() * 2
            + self.posts.iter().map(|p| pair(p.before.is_some(), p.after.is_some())).sum::<usize>()
            + self.quotas.len()
    }
}

/// Units of one kind before and after.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct KindCount {
    pub kind: UnitKind,
    pub before: u32,
    pub after: u32,
}

/// A unit with more deputies than its cap after the plan, and the day it must be back within it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Surplus {
    pub unit: UnitCode,
    pub name: String,
    pub kind: UnitKind,
    pub deputies: u32,
    pub cap: u32,
    pub deadline: Date,
}

/// Quota against actual headcount of a staffed unit the plan touches.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[schema(as = PlanStaffing)]
pub struct Staffing {
    pub unit: UnitCode,
    pub name: String,
    pub quota: Option<u32>,
    pub before: u32,
    pub after: u32,
}

/// How many party committees of a kind have their secretary also chairing the people's council
/// they lead (nhất thể hóa), before and after.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Coverage {
    pub kind: UnitKind,
    pub before: (u32, u32),
    pub after: (u32, u32),
}

/// One unit the plan touches, before and after.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct UnitLine {
    pub code: UnitCode,
    pub kind: UnitKind,
    pub name_before: Option<String>,
    pub name_after: Option<String>,
    pub parent_before: Option<UnitCode>,
    pub parent_after: Option<UnitCode>,
    pub members_before: u32,
    pub members_after: u32,
    pub staff_before: u32,
    pub staff_after: u32,
    pub op: Option<usize>,
}

/// The effect of a plan.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Report {
    pub by_kind: Vec<KindCount>,
    pub established: u32,
    pub ended: u32,
    pub changed: u32,
    pub members_moved: u32,
    pub staff_moved: u32,
    pub positions_abolished: u32,
    pub positions_created: u32,
    /// Active members in the register before and after (a plan moves members, never removes them).
    pub members: (u64, u64),
    pub surplus: Vec<Surplus>,
    pub staffing: Vec<Staffing>,
    pub coverage: Vec<Coverage>,
    pub units: Vec<UnitLine>,
}

/// What running a plan gives.
#[derive(Clone, Debug, Default, Serialize, utoipa::ToSchema)]
pub struct Outcome {
    pub changes: Changeset,
    pub findings: Vec<Finding>,
    pub report: Report,
}

impl Outcome {
    pub fn blocking(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.breach.blocking())
    }
}
