//! Why a plan cannot be played: each error names its operation, in Vietnamese and English.

use super::*;

/// Why a plan cannot be applied. Each names its operation (numbered from 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlanError {
    Empty,
    UnknownUnit {
        op: usize,
        label: (&'static str, &'static str),
        code: UnitCode,
        gone_by: Option<usize>,
    },
    UnitExists {
        op: usize,
        label: (&'static str, &'static str),
        code: UnitCode,
    },
    Claimed {
        op: usize,
        label: (&'static str, &'static str),
        code: UnitCode,
        first: usize,
    },
    Cycle {
        op: usize,
        label: (&'static str, &'static str),
        unit: UnitCode,
        under: UnitCode,
    },
    SharesTotal {
        op: usize,
        label: (&'static str, &'static str),
        unit: UnitCode,
        basis_points: u32,
    },
    SharesUncovered {
        op: usize,
        label: (&'static str, &'static str),
        unit: UnitCode,
        what: What,
        missing: usize,
        examples: Vec<String>,
    },
    NotInSource {
        op: usize,
        label: (&'static str, &'static str),
        unit: UnitCode,
        item: String,
    },
    ChangedAfter {
        op: usize,
        label: (&'static str, &'static str),
        code: UnitCode,
        last: Date,
        effective: Date,
    },
    UnknownPerson {
        op: usize,
        label: (&'static str, &'static str),
        code: String,
    },
    /// A second main job for someone who holds one elsewhere the plan leaves alone.
    SecondMainJob {
        op: usize,
        label: (&'static str, &'static str),
        person: String,
        held_in: UnitCode,
    },
    /// A post in a party organization for someone who is not a party member.
    NotAMember {
        op: usize,
        label: (&'static str, &'static str),
        person: String,
        unit: UnitCode,
    },
    NoSuchPosition {
        op: usize,
        label: (&'static str, &'static str),
        unit: UnitCode,
        title: String,
    },
    Invalid {
        op: usize,
        label: (&'static str, &'static str),
        vi: String,
        en: String,
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
    fn vi(self) -> &'static str {
        match self {
            What::SubUnits => "đơn vị trực thuộc",
            What::Members => "đảng viên",
            What::Staff => "người giữ chức danh",
        }
    }
    fn en(self) -> &'static str {
        match self {
            What::SubUnits => "sub-units",
            What::Members => "members",
            What::Staff => "position holders",
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

impl PlanError {
    pub fn vi(&self) -> String {
        let at = |op: &usize, label: &(&str, &str)| format!("Thao tác {op} ({})", label.0);
        match self {
            PlanError::Empty => "Đề án chưa có thao tác nào.".into(),
            PlanError::UnknownUnit { op, label, code, gone_by: Some(by) } => {
                format!("{}: đơn vị {code} đã bị giải thể ở thao tác {by}.", at(op, label))
            }
            PlanError::UnknownUnit { op, label, code, gone_by: None } => {
                format!("{}: không có đơn vị {code} vào ngày hiệu lực của đề án.", at(op, label))
            }
            PlanError::UnitExists { op, label, code } => {
                format!("{}: mã {code} đã là một đơn vị; đơn vị mới cần mã mới.", at(op, label))
            }
            PlanError::Claimed { op, label, code, first } if first == op => {
                format!("{}: đơn vị {code} được nêu hai lần.", at(op, label))
            }
            PlanError::Claimed { op, label, code, first } => format!(
                "{}: đơn vị {code} đã thuộc thao tác {first}; mỗi đơn vị chỉ do một thao tác sắp xếp.",
                at(op, label)
            ),
            PlanError::Cycle { op, label, unit, under } => {
                format!("{}: không thể đặt {unit} dưới {under}, vì {under} nằm trong chính {unit}.", at(op, label))
            }
            PlanError::SharesTotal { op, label, unit, basis_points } => format!(
                "{}: các phần chia của {unit} cộng lại {}, không phải 100% (hoặc thêm một phần \"còn lại\").",
                at(op, label),
                percent(*basis_points)
            ),
            PlanError::SharesUncovered { op, label, unit, what, missing, examples } => format!(
                "{}: các phần chia của {unit} bỏ sót {missing} {} ({}).",
                at(op, label),
                what.vi(),
                examples.join(", ")
            ),
            PlanError::NotInSource { op, label, unit, item } => {
                format!("{}: {item} không thuộc {unit} vào ngày hiệu lực.", at(op, label))
            }
            PlanError::ChangedAfter { op, label, code, last, effective } => format!(
                "{}: đơn vị {code} có thay đổi ngày {}, không trước ngày hiệu lực {} của đề án.",
                at(op, label),
                last.vn(),
                effective.vn()
            ),
            PlanError::UnknownPerson { op, label, code } => format!("{}: không có người mã {code}.", at(op, label)),
            PlanError::SecondMainJob { op, label, person, held_in } => format!(
                "{}: {person} đã có công việc chính tại {held_in}; mỗi người chỉ có một công việc chính một lúc (ghi primary = 0 cho chức vụ kiêm nhiệm).",
                at(op, label)
            ),
            PlanError::NotAMember { op, label, person, unit } => format!(
                "{}: chức vụ trong tổ chức đảng {unit} chỉ do đảng viên đảm nhiệm; {person} không là đảng viên vào ngày hiệu lực.",
                at(op, label)
            ),
            PlanError::NoSuchPosition { op, label, unit, title } => {
                format!("{}: không ai giữ chức danh \"{title}\" tại {unit}.", at(op, label))
            }
            PlanError::Invalid { op, label, vi, .. } => format!("{}: {vi}.", at(op, label)),
        }
    }
}

impl std::fmt::Display for PlanError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let at = |op: &usize, label: &(&str, &str)| format!("Operation {op} ({})", label.1);
        let s = match self {
            PlanError::Empty => "The plan has no operations.".into(),
            PlanError::UnknownUnit { op, label, code, gone_by: Some(by) } => {
                format!("{}: unit {code} is dissolved by operation {by}.", at(op, label))
            }
            PlanError::UnknownUnit { op, label, code, gone_by: None } => {
                format!("{}: there is no unit {code} on the plan's effective date.", at(op, label))
            }
            PlanError::UnitExists { op, label, code } => {
                format!("{}: {code} is already a unit; a new unit needs a new code.", at(op, label))
            }
            PlanError::Claimed { op, label, code, first } if first == op => {
                format!("{}: unit {code} is named twice.", at(op, label))
            }
            PlanError::Claimed { op, label, code, first } => format!(
                "{}: unit {code} already belongs to operation {first}; one unit, one restructuring operation.",
                at(op, label)
            ),
            PlanError::Cycle { op, label, unit, under } => {
                format!("{}: {unit} cannot go under {under}, which lies inside {unit}.", at(op, label))
            }
            PlanError::SharesTotal { op, label, unit, basis_points } => format!(
                "{}: the shares of {unit} add up to {}, not 100% (or add a \"rest\" part).",
                at(op, label),
                percent(*basis_points)
            ),
            PlanError::SharesUncovered { op, label, unit, what, missing, examples } => format!(
                "{}: the shares of {unit} leave out {missing} {} ({}).",
                at(op, label),
                what.en(),
                examples.join(", ")
            ),
            PlanError::NotInSource { op, label, unit, item } => {
                format!("{}: {item} is not in {unit} on the effective date.", at(op, label))
            }
            PlanError::ChangedAfter { op, label, code, last, effective } => format!(
                "{}: unit {code} changes on {}, not before the plan's effective date {}.",
                at(op, label),
                last.vn(),
                effective.vn()
            ),
            PlanError::UnknownPerson { op, label, code } => format!("{}: there is no person {code}.", at(op, label)),
            PlanError::SecondMainJob { op, label, person, held_in } => format!(
                "{}: {person} already holds a main job in {held_in}; a person has one main job at a time (write primary = 0 for a concurrent post).",
                at(op, label)
            ),
            PlanError::NotAMember { op, label, person, unit } => format!(
                "{}: a post in the party organization {unit} is held by a party member; {person} is not one on the effective date.",
                at(op, label)
            ),
            PlanError::NoSuchPosition { op, label, unit, title } => {
                format!("{}: nobody holds \"{title}\" in {unit}.", at(op, label))
            }
            PlanError::Invalid { op, label, en, .. } => format!("{}: {en}.", at(op, label)),
        };
        f.write_str(&s)
    }
}
