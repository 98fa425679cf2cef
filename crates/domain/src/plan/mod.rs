//! Restructuring plans (đề án sắp xếp tổ chức bộ máy): an ordered list of operations on the
//! register — establish, merge (hợp nhất), absorb (sáp nhập), split (chia tách), dissolve (giải
//! thể), move (chuyển giao), rename or change kind, abolish or create positions, concurrent titles
//! (nhất thể hóa), staffing quotas — decided by one document and taking effect on one date.
//!
//! [`run`] plays a plan on a [`Snapshot`] of the register as it stands on the effective date,
//! entirely in memory. It refuses a plan that cannot be applied ([`PlanError`], each naming its
//! operation) and otherwise returns the [`Changeset`] that applying it writes, the [`Finding`]s of
//! the rules the result breaks, and the [`Report`] of its effect. Simulation and application are
//! the same computation, so what a simulation shows is what an application does.

use std::collections::{BTreeSet, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::catalog::{MemberStatus, Ownership, Rank, Sector, StaffCategory, UnitKind};
use crate::codes::{Decision, UnitCode};
use crate::date::{Date, Validity};
use crate::register::{Assignment, Membership, Quota, UnitVersion};
use crate::rules::{RuleBook, RuleKey};
use crate::text::fold;

/// A plan as decided: its name, its legal basis, the day it takes effect and its operations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Plan {
    pub name: String,
    pub decision: Decision,
    pub effective: Date,
    /// Years merged units have to bring surplus deputies back within their cap.
    pub surplus_years: u32,
    /// The year staffing reductions are measured from (2015 for Nghị quyết 39-NQ/TW).
    pub baseline_year: Option<i32>,
    /// The staffing reduction (biên chế) the plan sets out to reach.
    pub target_cut: Option<u32>,
    pub ops: Vec<Op>,
}

/// A unit a plan creates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[schema(as = PlanNewUnit)]
pub struct NewUnit {
    pub code: UnitCode,
    pub name: String,
    pub kind: UnitKind,
    #[serde(default)]
    pub parent: Option<UnitCode>,
    #[serde(default)]
    pub led_by: Option<UnitCode>,
    #[serde(default)]
    pub sector: Option<Sector>,
    #[serde(default)]
    pub ownership: Option<Ownership>,
}

/// A position one person is to hold under a concurrent-title arrangement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Post {
    pub unit: UnitCode,
    pub title: String,
    pub rank: Rank,
}

/// Where part of a split unit goes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Part {
    pub target: UnitCode,
    pub share: Share,
}

/// How much of a split unit a part receives: a percentage of its sub-units, members and staff
/// (taken in code order), the units and people listed, or whatever the other parts leave.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum Share {
    /// Hundredths of a percent: 10000 is the whole.
    Percent {
        basis_points: u32,
    },
    Listed {
        #[serde(default)]
        units: Vec<UnitCode>,
        #[serde(default)]
        people: Vec<String>,
    },
    Rest,
}

/// One operation of a plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Op {
    Establish {
        unit: NewUnit,
    },
    /// Hợp nhất: the sources end and a new unit takes their sub-units, members and staff.
    Merge {
        sources: Vec<UnitCode>,
        into: NewUnit,
    },
    /// Sáp nhập: the sources end and an existing unit takes their sub-units, members and staff.
    Absorb {
        sources: Vec<UnitCode>,
        into: UnitCode,
    },
    /// Chia tách: the source ends and its sub-units, members and staff are shared among the parts.
    Split {
        source: UnitCode,
        parts: Vec<Part>,
    },
    /// Giải thể: the unit ends; its sub-units, members and staff go to `to`.
    Dissolve {
        unit: UnitCode,
        #[serde(default)]
        to: Option<UnitCode>,
    },
    /// Chuyển giao: the unit is put under another superior.
    Move {
        unit: UnitCode,
        parent: UnitCode,
    },
    /// A new name, kind or sector.
    Change {
        unit: UnitCode,
        #[serde(default)]
        name: Option<String>,
        #[serde(default)]
        kind: Option<UnitKind>,
        #[serde(default)]
        sector: Option<Sector>,
    },
    AbolishPosition {
        unit: UnitCode,
        title: String,
    },
    CreatePosition {
        unit: UnitCode,
        person: String,
        title: String,
        rank: Rank,
        primary: bool,
    },
    /// Nhất thể hóa: one person holds every post listed; whoever held it before leaves it.
    Concurrent {
        person: String,
        posts: Vec<Post>,
    },
    Quota {
        unit: UnitCode,
        year: i32,
        category: StaffCategory,
        quota: u32,
    },
}

impl Op {
    /// The catalog key of the operation's name ("hợp nhất", "merge").
    pub fn key(&self) -> &'static str {
        match self {
            Op::Establish { .. } => "plan-op-establish",
            Op::Merge { .. } => "plan-op-merge",
            Op::Absorb { .. } => "plan-op-absorb",
            Op::Split { .. } => "plan-op-split",
            Op::Dissolve { .. } => "plan-op-dissolve",
            Op::Move { .. } => "plan-op-move",
            Op::Change { .. } => "plan-op-change",
            Op::AbolishPosition { .. } => "plan-op-abolish-position",
            Op::CreatePosition { .. } => "plan-op-create-position",
            Op::Concurrent { .. } => "plan-op-concurrent",
            Op::Quota { .. } => "plan-op-quota",
        }
    }

    /// The units the operation names (sources, targets, subjects).
    pub fn units(&self) -> Vec<&UnitCode> {
        match self {
            Op::Establish { unit } => {
                [Some(&unit.code), unit.parent.as_ref(), unit.led_by.as_ref()].into_iter().flatten().collect()
            }
            Op::Merge { sources, into } => sources
                .iter()
                .chain([Some(&into.code), into.parent.as_ref(), into.led_by.as_ref()].into_iter().flatten())
                .collect(),
            Op::Absorb { sources, into } => sources.iter().chain(std::iter::once(into)).collect(),
            Op::Split { source, parts } => std::iter::once(source).chain(parts.iter().map(|p| &p.target)).collect(),
            Op::Dissolve { unit, to } => std::iter::once(unit).chain(to.iter()).collect(),
            Op::Move { unit, parent } => vec![unit, parent],
            Op::Change { unit, .. } | Op::AbolishPosition { unit, .. } | Op::CreatePosition { unit, .. } => vec![unit],
            Op::Quota { unit, .. } => vec![unit],
            Op::Concurrent { posts, .. } => posts.iter().map(|p| &p.unit).collect(),
        }
    }

    /// The people the operation names (appointed, or listed in a split).
    pub fn people(&self) -> Vec<&str> {
        match self {
            Op::CreatePosition { person, .. } | Op::Concurrent { person, .. } => vec![person.as_str()],
            Op::Split { parts, .. } => parts
                .iter()
                .filter_map(|p| match &p.share {
                    Share::Listed { people, .. } => Some(people.iter().map(String::as_str)),
                    _ => None,
                })
                .flatten()
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// A unit as it stands on the plan's effective date, with the date of its latest recorded change
/// (a version, a membership or a position beginning or ending).
#[derive(Clone, Debug)]
pub struct UnitNow {
    /// The row of the version in force.
    pub row: i64,
    pub version: UnitVersion,
    pub last_change: Date,
}

/// A membership period in force on the effective date, with its row.
#[derive(Clone, Debug)]
pub struct MemberNow {
    pub row: i64,
    pub membership: Membership,
}

/// A position held on the effective date, with its row.
#[derive(Clone, Debug)]
pub struct PostNow {
    pub row: i64,
    pub assignment: Assignment,
}

/// Members of a cell on a date: full (official) members and all active ones.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Count {
    pub official: u32,
    pub all: u32,
}

/// The register as it stands on a plan's effective date: every unit in force; the members and
/// positions of the units the plan needs ([`Plan::wanted`]); member counts of every cell.
#[derive(Clone, Debug, Default)]
pub struct Snapshot {
    pub units: HashMap<UnitCode, UnitNow>,
    pub members: HashMap<UnitCode, Vec<MemberNow>>,
    pub posts: HashMap<UnitCode, Vec<PostNow>>,
    pub cell_counts: HashMap<UnitCode, Count>,
    /// The people the plan names that exist.
    pub people: HashSet<String>,
    /// The units in which each person the plan names holds a main job on the effective date.
    pub main_jobs: HashMap<String, Vec<UnitCode>>,
    /// The people the plan names who are party members (probationary or official) on that date.
    pub active_members: HashSet<String>,
    /// Quotas of the wanted units for the plan's year.
    pub quotas: HashMap<UnitCode, Vec<Quota>>,
}

/// What a [`Snapshot`] must hold besides the units: the positions and members of these units and
/// whether these people exist.
#[derive(Clone, Debug, Default)]
pub struct Wanted {
    pub posts: BTreeSet<UnitCode>,
    pub members: BTreeSet<UnitCode>,
    pub people: BTreeSet<String>,
}

impl Plan {
    /// The units whose positions and members a run needs: everything the operations name, and the
    /// units led by or leading a named unit (for concurrent-title coverage).
    pub fn wanted(&self, units: &HashMap<UnitCode, UnitNow>) -> Wanted {
        let mut named: BTreeSet<UnitCode> = BTreeSet::new();
        let mut w = Wanted::default();
        for op in &self.ops {
            named.extend(op.units().into_iter().cloned());
            w.people.extend(op.people().into_iter().map(|p| p.trim().to_string()));
        }
        let mut led: HashMap<&UnitCode, Vec<&UnitCode>> = HashMap::new();
        for (code, u) in units {
            if let Some(l) = &u.version.led_by {
                led.entry(l).or_default().push(code);
            }
        }
        for code in &named {
            if let Some(u) = units.get(code) {
                w.posts.extend(u.version.led_by.iter().cloned());
                if u.version.kind.holds_members() {
                    w.members.insert(code.clone());
                }
            }
            w.posts.extend(led.get(code).into_iter().flatten().map(|c| (*c).clone()));
            w.posts.insert(code.clone());
        }
        w
    }
}

mod engine;
mod errors;
mod outcome;
mod status;
#[cfg(test)]
mod tests;

pub use engine::{add_years, run};
pub use errors::*;
pub use outcome::*;
pub use status::PlanStatus;
