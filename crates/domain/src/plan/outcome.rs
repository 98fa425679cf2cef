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

    pub fn vi(&self) -> String {
        match self {
            Breach::CellBelowMinimum { official, min } => {
                format!("chi bộ còn {official} đảng viên chính thức, dưới mức tối thiểu {min}")
            }
            Breach::GrassrootsCellTooLarge { members, threshold } => {
                format!("chi bộ cơ sở có {members} đảng viên, từ {threshold} trở lên phải lập đảng bộ cơ sở")
            }
            Breach::GrassrootsCommitteeTooSmall { members, threshold } => {
                format!("đảng bộ cơ sở chỉ còn {members} đảng viên, dưới {threshold}")
            }
            Breach::DeputiesAboveCap { deputies, cap } => {
                format!("{deputies} cấp phó, vượt định mức {cap} ({} dôi dư)", deputies.saturating_sub(*cap))
            }
            Breach::NoDestination { members, units } => {
                format!("bị giải thể nhưng còn {members} đảng viên và {units} đơn vị trực thuộc chưa có nơi chuyển đến")
            }
            Breach::PositionInEndedUnit { people } => {
                format!("{people} người còn giữ chức danh tại đơn vị không còn tồn tại")
            }
        }
    }

    pub fn en(&self) -> String {
        match self {
            Breach::CellBelowMinimum { official, min } => {
                format!("the cell has {official} full members, below the minimum of {min}")
            }
            Breach::GrassrootsCellTooLarge { members, threshold } => {
                format!("the grassroots cell has {members} members; from {threshold} it must become a committee")
            }
            Breach::GrassrootsCommitteeTooSmall { members, threshold } => {
                format!("the grassroots committee has {members} members, below {threshold}")
            }
            Breach::DeputiesAboveCap { deputies, cap } => {
                format!("{deputies} deputies, above the cap of {cap} ({} surplus)", deputies.saturating_sub(*cap))
            }
            Breach::NoDestination { members, units } => {
                format!("dissolved with {members} members and {units} sub-units that have nowhere to go")
            }
            Breach::PositionInEndedUnit { people } => {
                format!("{people} people still hold positions in a unit that no longer exists")
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
