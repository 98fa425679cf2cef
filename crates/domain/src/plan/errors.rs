//! Why a plan cannot be played: each error names its operation; its message is a catalog key.

use super::*;
use crate::msg::Msg;

/// Why a plan cannot be applied. Each names its operation (numbered from 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlanError {
    Empty,
    UnknownUnit {
        op: usize,
        label: &'static str,
        code: UnitCode,
        gone_by: Option<usize>,
    },
    UnitExists {
        op: usize,
        label: &'static str,
        code: UnitCode,
    },
    Claimed {
        op: usize,
        label: &'static str,
        code: UnitCode,
        first: usize,
    },
    Cycle {
        op: usize,
        label: &'static str,
        unit: UnitCode,
        under: UnitCode,
    },
    SharesTotal {
        op: usize,
        label: &'static str,
        unit: UnitCode,
        basis_points: u32,
    },
    SharesUncovered {
        op: usize,
        label: &'static str,
        unit: UnitCode,
        what: What,
        missing: usize,
        examples: Vec<String>,
    },
    NotInSource {
        op: usize,
        label: &'static str,
        unit: UnitCode,
        item: String,
    },
    ChangedAfter {
        op: usize,
        label: &'static str,
        code: UnitCode,
        last: Date,
        effective: Date,
    },
    UnknownPerson {
        op: usize,
        label: &'static str,
        code: String,
    },
    /// A second main job for someone who holds one elsewhere the plan leaves alone.
    SecondMainJob {
        op: usize,
        label: &'static str,
        person: String,
        held_in: UnitCode,
    },
    /// A post in a party organization for someone who is not a party member.
    NotAMember {
        op: usize,
        label: &'static str,
        person: String,
        unit: UnitCode,
    },
    NoSuchPosition {
        op: usize,
        label: &'static str,
        unit: UnitCode,
        title: String,
    },
    /// A split without parts.
    NoParts {
        op: usize,
        label: &'static str,
    },
    /// An operation that names no unit.
    NoUnits {
        op: usize,
        label: &'static str,
    },
    /// A unit the operation would write breaks a rule of the register.
    Invalid {
        op: usize,
        label: &'static str,
        reason: crate::register::RegisterError,
    },
}

/// What a split shares out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum What {
    SubUnits,
    Members,
    Staff,
}

impl What {
    fn key(self) -> &'static str {
        match self {
            What::SubUnits => "plan-what-sub-units",
            What::Members => "plan-what-members",
            What::Staff => "plan-what-staff",
        }
    }
}

fn percent(bp: u32) -> String {
    let whole = bp / 100;
    match bp % 100 {
        0 => format!("{whole}%"),
        r => format!("{whole},{r:02}%"),
    }
}

impl crate::msg::Said for PlanError {
    fn msg(&self) -> Msg {
        let at = |key: &'static str, op: &usize, label: &'static str| {
            Msg::new(key).int("op", *op as i64).key_arg("operation", label)
        };
        match self {
            PlanError::Empty => Msg::new("plan-error-empty"),
            PlanError::UnknownUnit { op, label, code, gone_by: Some(by) } => {
                at("plan-error-unit-gone", op, label).text("code", code).int("by", *by as i64)
            }
            PlanError::UnknownUnit { op, label, code, gone_by: None } => {
                at("plan-error-unknown-unit", op, label).text("code", code)
            }
            PlanError::UnitExists { op, label, code } => at("plan-error-unit-exists", op, label).text("code", code),
            PlanError::Claimed { op, label, code, first } if first == op => {
                at("plan-error-named-twice", op, label).text("code", code)
            }
            PlanError::Claimed { op, label, code, first } => {
                at("plan-error-claimed", op, label).text("code", code).int("first", *first as i64)
            }
            PlanError::Cycle { op, label, unit, under } => {
                at("plan-error-cycle", op, label).text("unit", unit).text("under", under)
            }
            PlanError::SharesTotal { op, label, unit, basis_points } => {
                at("plan-error-shares-total", op, label).text("unit", unit).text("total", percent(*basis_points))
            }
            PlanError::SharesUncovered { op, label, unit, what, missing, examples } => {
                at("plan-error-shares-uncovered", op, label)
                    .text("unit", unit)
                    .int("missing", *missing as i64)
                    .key_arg("what", what.key())
                    .text("examples", examples.join(", "))
            }
            PlanError::NotInSource { op, label, unit, item } => {
                at("plan-error-not-in-source", op, label).text("item", item).text("unit", unit)
            }
            PlanError::ChangedAfter { op, label, code, last, effective } => at("plan-error-changed-after", op, label)
                .text("code", code)
                .date("last", *last)
                .date("effective", *effective),
            PlanError::UnknownPerson { op, label, code } => {
                at("plan-error-unknown-person", op, label).text("code", code)
            }
            PlanError::SecondMainJob { op, label, person, held_in } => {
                at("plan-error-second-main-job", op, label).text("person", person).text("unit", held_in)
            }
            PlanError::NotAMember { op, label, person, unit } => {
                at("plan-error-not-a-member", op, label).text("person", person).text("unit", unit)
            }
            PlanError::NoSuchPosition { op, label, unit, title } => {
                at("plan-error-no-such-position", op, label).text("title", title).text("unit", unit)
            }
            PlanError::NoParts { op, label } => at("plan-error-no-parts", op, label),
            PlanError::NoUnits { op, label } => at("plan-error-no-units", op, label),
            PlanError::Invalid { op, label, reason } => {
                at("plan-error-invalid", op, label).said("reason", reason.msg())
            }
        }
    }
}

impl std::fmt::Display for PlanError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self)
    }
}
