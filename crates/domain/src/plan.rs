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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Post {
    pub unit: UnitCode,
    pub title: String,
    pub rank: Rank,
}

/// Where part of a split unit goes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    pub target: UnitCode,
    pub share: Share,
}

/// How much of a split unit a part receives: a percentage of its sub-units, members and staff
/// (taken in code order), the units and people listed, or whatever the other parts leave.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
    pub fn label_vi(&self) -> &'static str {
        match self {
            Op::Establish { .. } => "thành lập",
            Op::Merge { .. } => "hợp nhất",
            Op::Absorb { .. } => "sáp nhập",
            Op::Split { .. } => "chia tách",
            Op::Dissolve { .. } => "giải thể",
            Op::Move { .. } => "chuyển giao",
            Op::Change { .. } => "đổi tên, loại hình",
            Op::AbolishPosition { .. } => "bãi bỏ chức danh",
            Op::CreatePosition { .. } => "bố trí chức danh",
            Op::Concurrent { .. } => "nhất thể hóa chức danh",
            Op::Quota { .. } => "giao biên chế",
        }
    }

    pub fn label_en(&self) -> &'static str {
        match self {
            Op::Establish { .. } => "establish",
            Op::Merge { .. } => "merge",
            Op::Absorb { .. } => "absorb",
            Op::Split { .. } => "split",
            Op::Dissolve { .. } => "dissolve",
            Op::Move { .. } => "move",
            Op::Change { .. } => "rename or change kind",
            Op::AbolishPosition { .. } => "abolish position",
            Op::CreatePosition { .. } => "create position",
            Op::Concurrent { .. } => "concurrent titles",
            Op::Quota { .. } => "staffing quota",
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

/// A rule the result of a plan breaks. Blocking ones leave the register inconsistent, so a plan
/// with any of them is not applied; the others are for the decision makers to weigh.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub op: Option<usize>,
    pub unit: UnitCode,
    pub name: String,
    pub breach: Breach,
}

/// A change to one unit: the version in force that ends on the effective date, and the version
/// that begins then. One of them, or both.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UnitChange {
    /// The row of the version that ends.
    pub row: Option<i64>,
    pub before: Option<UnitVersion>,
    pub after: Option<UnitVersion>,
}

/// A member who changes cell: the period that ends and the one that begins.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MemberChange {
    pub row: i64,
    pub before: Membership,
    pub after: Membership,
}

/// A position that ends (with its row), begins, or both (it moves).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PostChange {
    pub before: Option<(i64, Assignment)>,
    pub after: Option<Assignment>,
}

/// Everything applying a plan writes, all on its effective date.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KindCount {
    pub kind: UnitKind,
    pub before: u32,
    pub after: u32,
}

/// A unit with more deputies than its cap after the plan, and the day it must be back within it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Surplus {
    pub unit: UnitCode,
    pub name: String,
    pub kind: UnitKind,
    pub deputies: u32,
    pub cap: u32,
    pub deadline: Date,
}

/// Quota against actual headcount of a staffed unit the plan touches.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Staffing {
    pub unit: UnitCode,
    pub name: String,
    pub quota: Option<u32>,
    pub before: u32,
    pub after: u32,
}

/// How many party committees of a kind have their secretary also chairing the people's council
/// they lead (nhất thể hóa), before and after.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Coverage {
    pub kind: UnitKind,
    pub before: (u32, u32),
    pub after: (u32, u32),
}

/// One unit the plan touches, before and after.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
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
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
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
#[derive(Clone, Debug, Default, Serialize)]
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

#[derive(Clone, Debug)]
struct MemberW {
    origin: Option<(i64, Membership)>,
    m: Membership,
}

#[derive(Clone, Debug)]
struct PostW {
    origin: Option<(i64, Assignment)>,
    a: Assignment,
}

/// Where a transfer sends things.
enum Dest<'p> {
    One(UnitCode),
    Parts(&'p [Part]),
}

struct Work<'a> {
    snap: &'a Snapshot,
    plan: &'a Plan,
    eff: Date,
    /// Units changed or created by the plan; `None` when dissolved.
    units: HashMap<UnitCode, Option<UnitVersion>>,
    gone_by: HashMap<UnitCode, usize>,
    children: HashMap<UnitCode, BTreeSet<UnitCode>>,
    led: HashMap<UnitCode, BTreeSet<UnitCode>>,
    members: HashMap<UnitCode, Vec<MemberW>>,
    posts: HashMap<UnitCode, Vec<PostW>>,
    ended_posts: Vec<(i64, Assignment)>,
    claims: HashMap<UnitCode, usize>,
    touched: HashMap<UnitCode, usize>,
    /// Every unit the plan names: a main job held there may be moved or ended by it.
    named: HashSet<UnitCode>,
    /// People the plan gives a main job, and where.
    new_main_jobs: HashMap<String, UnitCode>,
    errors: Vec<PlanError>,
    quotas: Vec<Quota>,
    report: Report,
}

/// Plays a plan on the register as it stands on its effective date.
pub fn run(plan: &Plan, snap: &Snapshot, rules: &RuleBook) -> Result<Outcome, Vec<PlanError>> {
    if plan.ops.is_empty() {
        return Err(vec![PlanError::Empty]);
    }
    let mut children: HashMap<UnitCode, BTreeSet<UnitCode>> = HashMap::new();
    let mut led: HashMap<UnitCode, BTreeSet<UnitCode>> = HashMap::new();
    for (code, u) in &snap.units {
        if let Some(p) = &u.version.parent {
            children.entry(p.clone()).or_default().insert(code.clone());
        }
        if let Some(l) = &u.version.led_by {
            led.entry(l.clone()).or_default().insert(code.clone());
        }
    }
    let mut w = Work {
        snap,
        plan,
        eff: plan.effective,
        units: HashMap::new(),
        gone_by: HashMap::new(),
        children,
        led,
        members: HashMap::new(),
        posts: HashMap::new(),
        ended_posts: Vec::new(),
        claims: HashMap::new(),
        touched: HashMap::new(),
        named: plan.ops.iter().flat_map(|o| o.units()).cloned().collect(),
        new_main_jobs: HashMap::new(),
        errors: Vec::new(),
        quotas: Vec::new(),
        report: Report::default(),
    };
    for (i, op) in plan.ops.iter().enumerate() {
        w.op(i + 1, op);
    }
    if !w.errors.is_empty() {
        return Err(w.errors);
    }
    Ok(w.finish(rules))
}

impl<'a> Work<'a> {
    fn get(&self, code: &UnitCode) -> Option<&UnitVersion> {
        match self.units.get(code) {
            Some(v) => v.as_ref(),
            None => self.snap.units.get(code).map(|u| &u.version),
        }
    }

    fn err(&mut self, e: PlanError) {
        self.errors.push(e);
    }

    /// The unit if it stands at this point of the plan; an error naming the operation otherwise.
    fn require(&mut self, op: usize, label: (&'static str, &'static str), code: &UnitCode) -> Option<UnitVersion> {
        match self.get(code) {
            Some(v) => Some(v.clone()),
            None => {
                let gone_by = self.gone_by.get(code).copied();
                self.err(PlanError::UnknownUnit { op, label, code: code.clone(), gone_by });
                None
            }
        }
    }

    fn claim(&mut self, op: usize, label: (&'static str, &'static str), code: &UnitCode) -> bool {
        if let Some(first) = self.claims.get(code).copied() {
            self.err(PlanError::Claimed { op, label, code: code.clone(), first });
            return false;
        }
        self.claims.insert(code.clone(), op);
        true
    }

    /// Refuses a unit whose recorded history reaches the effective date: ending its version there
    /// would cut a change already recorded.
    fn check_date(&mut self, op: usize, label: (&'static str, &'static str), code: &UnitCode) -> bool {
        if let Some(u) = self.snap.units.get(code) {
            if u.last_change >= self.eff && !self.units.contains_key(code) {
                self.err(PlanError::ChangedAfter {
                    op,
                    label,
                    code: code.clone(),
                    last: u.last_change,
                    effective: self.eff,
                });
                return false;
            }
        }
        true
    }

    /// Whether `inner` lies in the subtree of `outer` (or is it).
    fn within(&self, inner: &UnitCode, outer: &UnitCode) -> bool {
        let mut cur = Some(inner.clone());
        let mut steps = 0;
        while let Some(c) = cur {
            if &c == outer {
                return true;
            }
            steps += 1;
            if steps > 64 {
                return false;
            }
            cur = self.get(&c).and_then(|v| v.parent.clone());
        }
        false
    }

    fn set(&mut self, op: usize, code: &UnitCode, v: Option<UnitVersion>) {
        let old_parent = self.get(code).and_then(|o| o.parent.clone());
        let old_led = self.get(code).and_then(|o| o.led_by.clone());
        if let Some(p) = old_parent {
            if let Some(set) = self.children.get_mut(&p) {
                set.remove(code);
            }
        }
        if let Some(l) = old_led {
            if let Some(set) = self.led.get_mut(&l) {
                set.remove(code);
            }
        }
        if let Some(nv) = &v {
            if let Some(p) = &nv.parent {
                self.children.entry(p.clone()).or_default().insert(code.clone());
            }
            if let Some(l) = &nv.led_by {
                self.led.entry(l.clone()).or_default().insert(code.clone());
            }
        } else {
            self.gone_by.insert(code.clone(), op);
        }
        self.units.insert(code.clone(), v);
        self.touched.insert(code.clone(), op);
    }

    fn members_of(&mut self, cell: &UnitCode) -> &mut Vec<MemberW> {
        let snap = self.snap;
        self.members.entry(cell.clone()).or_insert_with(|| {
            snap.members
                .get(cell)
                .map(|ms| {
                    ms.iter()
                        .map(|m| MemberW { origin: Some((m.row, m.membership.clone())), m: m.membership.clone() })
                        .collect()
                })
                .unwrap_or_default()
        })
    }

    fn posts_of(&mut self, unit: &UnitCode) -> &mut Vec<PostW> {
        let snap = self.snap;
        self.posts.entry(unit.clone()).or_insert_with(|| {
            snap.posts
                .get(unit)
                .map(|ps| {
                    ps.iter()
                        .map(|p| PostW { origin: Some((p.row, p.assignment.clone())), a: p.assignment.clone() })
                        .collect()
                })
                .unwrap_or_default()
        })
    }

    fn new_version(&self, n: &NewUnit) -> UnitVersion {
        UnitVersion {
            code: n.code.clone(),
            name: n.name.trim().to_string(),
            kind: n.kind,
            parent: n.parent.clone(),
            led_by: n.led_by.clone(),
            sector: n.sector,
            ownership: n.ownership,
            validity: Validity::open(self.eff),
            decision: Some(self.plan.decision.clone()),
        }
    }

    /// Creates a unit, after checking its code is free and its superiors stand.
    fn establish(&mut self, op: usize, label: (&'static str, &'static str), n: &NewUnit) -> bool {
        if self.get(&n.code).is_some() || self.gone_by.contains_key(&n.code) || self.snap.units.contains_key(&n.code) {
            self.err(PlanError::UnitExists { op, label, code: n.code.clone() });
            return false;
        }
        let v = self.new_version(n);
        if let Err(e) = v.check() {
            self.err(PlanError::Invalid { op, label, vi: e.vi(), en: e.to_string() });
            return false;
        }
        for sup in [&n.parent, &n.led_by].into_iter().flatten() {
            if self.require(op, label, sup).is_none() {
                return false;
            }
        }
        self.claims.insert(n.code.clone(), op);
        self.set(op, &n.code, Some(v));
        self.report.established += 1;
        true
    }

    fn op(&mut self, i: usize, op: &Op) {
        let label = (op.label_vi(), op.label_en());
        match op {
            Op::Establish { unit } => {
                self.establish(i, label, unit);
            }
            Op::Merge { sources, into } => {
                let ok = self.sources_ok(i, label, sources, into.parent.as_ref());
                if ok && self.establish(i, label, into) {
                    for s in sources {
                        self.transfer(i, label, s, &Dest::One(into.code.clone()));
                    }
                }
            }
            Op::Absorb { sources, into } => {
                let target = self.require(i, label, into).is_some() && self.check_date(i, label, into);
                if self.sources_ok(i, label, sources, Some(into)) && target {
                    for s in sources {
                        self.transfer(i, label, s, &Dest::One(into.clone()));
                    }
                }
            }
            Op::Split { source, parts } => {
                let mut ok = self.sources_ok(i, label, std::slice::from_ref(source), None);
                if parts.is_empty() {
                    self.err(PlanError::Invalid {
                        op: i,
                        label,
                        vi: "chia tách cần ít nhất một phần".into(),
                        en: "a split needs at least one part".into(),
                    });
                    ok = false;
                }
                for p in parts {
                    ok &= self.target_ok(i, label, source, &p.target);
                }
                if ok {
                    self.transfer(i, label, source, &Dest::Parts(parts));
                }
            }
            Op::Dissolve { unit, to } => {
                let mut ok = self.sources_ok(i, label, std::slice::from_ref(unit), None);
                if let Some(t) = to {
                    ok &= self.target_ok(i, label, unit, t);
                }
                if ok {
                    match to {
                        Some(t) => self.transfer(i, label, unit, &Dest::One(t.clone())),
                        None => self.end_unit(i, unit),
                    }
                }
            }
            Op::Move { unit, parent } => {
                let ok = self.sources_ok(i, label, std::slice::from_ref(unit), None);
                if ok && self.target_ok(i, label, unit, parent) {
                    if let Some(mut v) = self.get(unit).cloned() {
                        v.parent = Some(parent.clone());
                        self.set(i, unit, Some(v));
                    }
                }
            }
            Op::Change { unit, name, kind, sector } => {
                if self.sources_ok(i, label, std::slice::from_ref(unit), None) {
                    if let Some(mut v) = self.get(unit).cloned() {
                        if let Some(n) = name {
                            v.name = n.trim().to_string();
                        }
                        if let Some(k) = kind {
                            v.kind = *k;
                        }
                        if sector.is_some() {
                            v.sector = *sector;
                        }
                        if !v.kind.is_grassroots() {
                            v.sector = None;
                        }
                        match v.check() {
                            Ok(()) => self.set(i, unit, Some(v)),
                            Err(e) => self.err(PlanError::Invalid { op: i, label, vi: e.vi(), en: e.to_string() }),
                        }
                    }
                }
            }
            Op::AbolishPosition { unit, title } => {
                if self.require(i, label, unit).is_none() {
                    return;
                }
                let wanted = fold(title);
                let posts = std::mem::take(self.posts_of(unit));
                let (gone, kept): (Vec<PostW>, Vec<PostW>) =
                    posts.into_iter().partition(|p| fold(&p.a.title) == wanted);
                *self.posts_of(unit) = kept;
                if gone.is_empty() {
                    self.err(PlanError::NoSuchPosition { op: i, label, unit: unit.clone(), title: title.clone() });
                }
                for p in gone {
                    self.report.positions_abolished += 1;
                    if let Some(o) = p.origin {
                        self.ended_posts.push(o);
                    }
                }
                self.touched.insert(unit.clone(), i);
            }
            Op::CreatePosition { unit, person, title, rank, primary } => {
                if self.person_ok(i, label, person)
                    && self.post_unit_ok(i, label, unit)
                    && self.may_hold(i, label, (unit, person), *rank, *primary)
                {
                    self.add_post(i, unit, person, title, *rank, *primary);
                }
            }
            Op::Concurrent { person, posts } => {
                if !self.person_ok(i, label, person) {
                    return;
                }
                for p in posts {
                    if !self.post_unit_ok(i, label, &p.unit)
                        || !self.may_hold(i, label, (&p.unit, person), p.rank, false)
                    {
                        continue;
                    }
                    // Whoever held the title there leaves it to the person.
                    let wanted = fold(&p.title);
                    let list = std::mem::take(self.posts_of(&p.unit));
                    let mut kept = Vec::new();
                    for q in list {
                        if fold(&q.a.title) == wanted && q.a.person != person.trim() {
                            self.report.positions_abolished += 1;
                            if let Some(o) = q.origin {
                                self.ended_posts.push(o);
                            }
                        } else {
                            kept.push(q);
                        }
                    }
                    *self.posts_of(&p.unit) = kept;
                    self.add_post(i, &p.unit, person, &p.title, p.rank, false);
                }
            }
            Op::Quota { unit, year, category, quota } => {
                if self.require(i, label, unit).is_some() {
                    self.quotas.push(Quota {
                        unit: unit.clone(),
                        year: *year,
                        category: *category,
                        quota: *quota,
                        decision: Some(self.plan.decision.clone()),
                    });
                    self.touched.insert(unit.clone(), i);
                }
            }
        }
    }

    fn person_ok(&mut self, op: usize, label: (&'static str, &'static str), person: &str) -> bool {
        if self.snap.people.contains(person.trim()) {
            return true;
        }
        self.err(PlanError::UnknownPerson { op, label, code: person.trim().to_string() });
        false
    }

    /// A unit a position is given in: it must exist on the date; one the plan has already
    /// dissolved is a finding (the position would outlive its unit), reported at the end.
    /// Whether the person may take the post: one main job at a time (a main job held in a unit the
    /// plan leaves alone stays), and a post above staff in a party organization for a party member.
    fn may_hold(
        &mut self,
        op: usize,
        label: (&'static str, &'static str),
        (unit, person): (&UnitCode, &str),
        rank: Rank,
        primary: bool,
    ) -> bool {
        let person = person.trim();
        let mut ok = true;
        if primary {
            let elsewhere = self
                .snap
                .main_jobs
                .get(person)
                .and_then(|units| units.iter().find(|u| !self.named.contains(*u)).cloned());
            let held_in = elsewhere.or_else(|| self.new_main_jobs.get(person).cloned());
            if let Some(held_in) = held_in {
                self.err(PlanError::SecondMainJob { op, label, person: person.to_string(), held_in });
                ok = false;
            } else {
                self.new_main_jobs.insert(person.to_string(), unit.clone());
            }
        }
        let party_post = rank != Rank::Staff && self.get(unit).is_some_and(|v| v.kind.is_party_organization());
        if party_post && !self.snap.active_members.contains(person) {
            self.err(PlanError::NotAMember { op, label, person: person.to_string(), unit: unit.clone() });
            ok = false;
        }
        ok
    }

    fn post_unit_ok(&mut self, op: usize, label: (&'static str, &'static str), unit: &UnitCode) -> bool {
        if self.get(unit).is_some() || self.gone_by.contains_key(unit) {
            return true;
        }
        self.require(op, label, unit);
        false
    }

    fn add_post(&mut self, op: usize, unit: &UnitCode, person: &str, title: &str, rank: Rank, primary: bool) {
        let decision = Some(self.plan.decision.clone());
        let eff = self.eff;
        let list = self.posts_of(unit);
        if list.iter().any(|p| p.a.person == person.trim() && fold(&p.a.title) == fold(title)) {
            return;
        }
        list.push(PostW {
            origin: None,
            a: Assignment {
                person: person.trim().to_string(),
                unit: unit.clone(),
                title: title.trim().to_string(),
                rank,
                primary,
                validity: Validity::open(eff),
                decision,
            },
        });
        self.report.positions_created += 1;
        self.touched.insert(unit.clone(), op);
    }

    /// Checks the units an operation ends or changes: they stand, they are claimed once, and
    /// their history is before the effective date. `new_parent` must not lie inside any of them.
    fn sources_ok(
        &mut self,
        op: usize,
        label: (&'static str, &'static str),
        sources: &[UnitCode],
        new_parent: Option<&UnitCode>,
    ) -> bool {
        let mut ok = true;
        if sources.is_empty() {
            self.err(PlanError::Invalid {
                op, label, vi: "chưa nêu đơn vị nào".into(), en: "no unit is named".into()
            });
            return false;
        }
        for s in sources {
            let claimed = self.claim(op, label, s);
            let exists = claimed && self.require(op, label, s).is_some();
            ok &= exists && self.check_date(op, label, s);
            if let (true, Some(p)) = (exists, new_parent) {
                if self.within(p, s) {
                    self.err(PlanError::Cycle { op, label, unit: s.clone(), under: p.clone() });
                    ok = false;
                }
            }
        }
        ok
    }

    /// Checks a unit that receives another's contents or becomes its superior.
    fn target_ok(
        &mut self,
        op: usize,
        label: (&'static str, &'static str),
        source: &UnitCode,
        target: &UnitCode,
    ) -> bool {
        if self.require(op, label, target).is_none() || !self.check_date(op, label, target) {
            return false;
        }
        if self.within(target, source) {
            self.err(PlanError::Cycle { op, label, unit: source.clone(), under: target.clone() });
            return false;
        }
        true
    }

    /// Ends a unit with no destination: its positions end with it; members and sub-units left
    /// are reported at the end.
    fn end_unit(&mut self, op: usize, unit: &UnitCode) {
        let posts = std::mem::take(self.posts_of(unit));
        for p in posts {
            self.report.positions_abolished += 1;
            if let Some(o) = p.origin {
                self.ended_posts.push(o);
            }
        }
        self.set(op, unit, None);
    }

    /// Hands a unit's sub-units, members and positions to its destination(s) and ends it. Units
    /// it led are led by its (first) destination.
    fn transfer(&mut self, op: usize, label: (&'static str, &'static str), src: &UnitCode, dest: &Dest<'_>) {
        let kids: Vec<UnitCode> = self.children.get(src).map(|s| s.iter().cloned().collect()).unwrap_or_default();
        let members = std::mem::take(self.members_of(src));
        let posts = std::mem::take(self.posts_of(src));
        let first = match dest {
            Dest::One(t) => t.clone(),
            Dest::Parts(parts) => match parts.first() {
                Some(p) => p.target.clone(),
                None => return,
            },
        };
        // Who goes where.
        let (kid_to, member_to, post_to) = match dest {
            Dest::One(_) => (vec![0; kids.len()], vec![0; members.len()], vec![0; posts.len()]),
            Dest::Parts(parts) => {
                let kid_keys: Vec<String> = kids.iter().map(|k| k.as_str().to_string()).collect();
                let member_keys: Vec<String> = members.iter().map(|m| m.m.person.clone()).collect();
                let post_keys: Vec<String> = posts.iter().map(|p| p.a.person.clone()).collect();
                let k = self.share_out(op, label, src, parts, &kid_keys, What::SubUnits);
                let m = self.share_out(op, label, src, parts, &member_keys, What::Members);
                let p = self.share_out(op, label, src, parts, &post_keys, What::Staff);
                match (k, m, p) {
                    (Some(k), Some(m), Some(p)) => (k, m, p),
                    _ => return,
                }
            }
        };
        let target_of = |i: usize| -> UnitCode {
            match dest {
                Dest::One(t) => t.clone(),
                Dest::Parts(parts) => parts.get(i).map_or_else(|| first.clone(), |p| p.target.clone()),
            }
        };
        for (kid, to) in kids.iter().zip(kid_to) {
            if !self.check_date(op, label, kid) {
                continue;
            }
            if let Some(mut v) = self.get(kid).cloned() {
                v.parent = Some(target_of(to));
                let prior = self.touched.get(kid).copied();
                self.set(op, kid, Some(v));
                // A sub-unit carried along is not claimed by the operation.
                if let Some(p) = prior {
                    self.touched.insert(kid.clone(), p);
                }
            }
        }
        let mut stranded = Vec::new();
        for (m, to) in members.into_iter().zip(member_to) {
            let target = target_of(to);
            if self.get(&target).is_some_and(|v| v.kind.holds_members()) {
                let mut m = m;
                m.m.unit = target.clone();
                self.report.members_moved += 1;
                self.members_of(&target).push(m);
                self.touched.insert(target, op);
            } else {
                stranded.push(m);
            }
        }
        *self.members_of(src) = stranded;
        for (p, to) in posts.into_iter().zip(post_to) {
            let target = target_of(to);
            self.receive_post(op, &target, p);
        }
        let led: Vec<UnitCode> = self.led.get(src).map(|s| s.iter().cloned().collect()).unwrap_or_default();
        for l in led {
            if !self.check_date(op, label, &l) {
                continue;
            }
            if let Some(mut v) = self.get(&l).cloned() {
                v.led_by = Some(first.clone());
                let prior = self.touched.get(&l).copied();
                self.set(op, &l, Some(v));
                if let Some(p) = prior {
                    self.touched.insert(l.clone(), p);
                }
            }
        }
        self.set(op, src, None);
        self.touched.insert(first, op);
    }

    /// A position arriving in a unit. A head arriving where there is already a head becomes a
    /// deputy ("Phó …"): merging makes deputies, and the surplus is what the caps judge.
    fn receive_post(&mut self, op: usize, target: &UnitCode, mut p: PostW) {
        let (held, has_head) = {
            let list = self.posts_of(target);
            (
                list.iter().any(|q| q.a.person == p.a.person && fold(&q.a.title) == fold(&p.a.title)),
                list.iter().any(|q| q.a.rank == Rank::Head && q.a.primary == p.a.primary),
            )
        };
        if held {
            // The person already holds it there (a concurrent title): one position.
            if let Some(o) = p.origin {
                self.ended_posts.push(o);
            }
            return;
        }
        if p.a.rank == Rank::Head && has_head {
            p.a.rank = Rank::Deputy;
            if !fold(&p.a.title).starts_with("pho ") {
                p.a.title = format!("Phó {}", p.a.title);
            }
        }
        p.a.unit = target.clone();
        if p.a.primary {
            self.report.staff_moved += 1;
        }
        self.posts_of(target).push(p);
        self.touched.insert(target.clone(), op);
    }

    /// Assigns each item (sub-unit codes or person codes, in code order) to a part: listed items
    /// first, then percentages of what is left, then the rest. `None` (with an error) when the
    /// parts do not cover every item.
    fn share_out(
        &mut self,
        op: usize,
        label: (&'static str, &'static str),
        src: &UnitCode,
        parts: &[Part],
        keys: &[String],
        what: What,
    ) -> Option<Vec<usize>> {
        let mut out: Vec<Option<usize>> = vec![None; keys.len()];
        let mut pos: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, k) in keys.iter().enumerate() {
            pos.entry(k.as_str()).or_default().push(i);
        }
        for (pi, part) in parts.iter().enumerate() {
            if let Share::Listed { units, people } = &part.share {
                let listed: Vec<String> = match what {
                    What::SubUnits => units.iter().map(|u| u.as_str().to_string()).collect(),
                    What::Members | What::Staff => people.iter().map(|p| p.trim().to_string()).collect(),
                };
                for item in listed {
                    match pos.get(item.as_str()) {
                        Some(at) => {
                            for i in at {
                                if let Some(slot) = out.get_mut(*i) {
                                    *slot = Some(pi);
                                }
                            }
                        }
                        None if what == What::SubUnits => {
                            self.err(PlanError::NotInSource { op, label, unit: src.clone(), item });
                            return None;
                        }
                        None => {}
                    }
                }
            }
        }
        let left: Vec<usize> = out.iter().enumerate().filter(|(_, o)| o.is_none()).map(|(i, _)| i).collect();
        let percents: Vec<(usize, u32)> = parts
            .iter()
            .enumerate()
            .filter_map(|(i, p)| match p.share {
                Share::Percent { basis_points } => Some((i, basis_points)),
                _ => None,
            })
            .collect();
        let rest = parts.iter().position(|p| p.share == Share::Rest);
        let total: u32 = percents.iter().map(|(_, b)| *b).sum();
        if !percents.is_empty() && (total > 10_000 || (total < 10_000 && rest.is_none())) {
            if what == What::SubUnits {
                self.err(PlanError::SharesTotal { op, label, unit: src.clone(), basis_points: total });
            }
            return None;
        }
        // Largest remainder over what the lists left.
        let n = left.len() as u64;
        let mut counts: Vec<(usize, u64, u64)> =
            percents.iter().map(|(i, b)| (*i, n * u64::from(*b) / 10_000, n * u64::from(*b) % 10_000)).collect();
        if rest.is_none() {
            let mut spare = n - counts.iter().map(|c| c.1).sum::<u64>();
            let mut order: Vec<usize> = (0..counts.len()).collect();
            order.sort_by_key(|i| std::cmp::Reverse(counts.get(*i).map_or(0, |c| c.2)));
            for i in order {
                if spare == 0 {
                    break;
                }
                if let Some(c) = counts.get_mut(i) {
                    c.1 += 1;
                    spare -= 1;
                }
            }
        }
        let mut cursor = left.into_iter();
        for (part, count, _) in counts {
            for _ in 0..count {
                if let Some(slot) = cursor.next().and_then(|i| out.get_mut(i)) {
                    *slot = Some(part);
                }
            }
        }
        for i in cursor {
            if let (Some(r), Some(slot)) = (rest, out.get_mut(i)) {
                *slot = Some(r);
            }
        }
        let missing: Vec<String> = out.iter().zip(keys).filter(|(o, _)| o.is_none()).map(|(_, k)| k.clone()).collect();
        if !missing.is_empty() {
            self.err(PlanError::SharesUncovered {
                op,
                label,
                unit: src.clone(),
                what,
                missing: missing.len(),
                examples: missing.into_iter().take(5).collect(),
            });
            return None;
        }
        Some(out.into_iter().map(|o| o.unwrap_or(0)).collect())
    }

    /// Members of a cell after the plan (from the plan's own lists where it loaded them).
    fn count_after(&self, cell: &UnitCode) -> Count {
        match self.members.get(cell) {
            Some(ms) => Count {
                official: ms.iter().filter(|m| m.m.status == MemberStatus::Official).count() as u32,
                all: ms.len() as u32,
            },
            None => self.snap.cell_counts.get(cell).copied().unwrap_or_default(),
        }
    }

    fn subtree_members(&self, code: &UnitCode, depth: u32) -> u32 {
        let own = match self.get(code) {
            Some(v) if v.kind.holds_members() => self.count_after(code).all,
            _ => 0,
        };
        if depth > 64 {
            return own;
        }
        own + self.children.get(code).into_iter().flatten().map(|c| self.subtree_members(c, depth + 1)).sum::<u32>()
    }

    fn finish(mut self, rules: &RuleBook) -> Outcome {
        let eff = self.eff;
        let mut findings = Vec::new();
        let name_of = |w: &Work<'_>, code: &UnitCode| -> String {
            w.get(code)
                .or_else(|| w.snap.units.get(code).map(|u| &u.version))
                .map(|v| v.name.clone())
                .unwrap_or_default()
        };
        let mut touched: Vec<(UnitCode, usize)> = self.touched.iter().map(|(c, o)| (c.clone(), *o)).collect();
        touched.sort();
        // Ended units must leave nothing behind.
        for (code, op) in &touched {
            if self.get(code).is_some() {
                continue;
            }
            let members = self.members.get(code).map_or(0, |m| m.len()) as u32;
            let units = self.children.get(code).map_or(0, |c| c.len()) as u32;
            if members > 0 || units > 0 {
                findings.push(Finding {
                    op: Some(*op),
                    unit: code.clone(),
                    name: name_of(&self, code),
                    breach: Breach::NoDestination { members, units },
                });
            }
            let people = self.posts.get(code).map_or(0, |p| p.len()) as u32;
            if people > 0 {
                findings.push(Finding {
                    op: Some(*op),
                    unit: code.clone(),
                    name: name_of(&self, code),
                    breach: Breach::PositionInEndedUnit { people },
                });
            }
        }
        // Party rules on the cells and committees whose members changed.
        let min = rules.value(RuleKey::CellMinOfficial, eff);
        let threshold = rules.value(RuleKey::GrassrootsCommitteeMin, eff);
        let mut committees: BTreeSet<UnitCode> = BTreeSet::new();
        for (code, op) in &touched {
            let Some(v) = self.get(code) else { continue };
            let kind = v.kind;
            if kind.holds_members() && self.members.contains_key(code) {
                let c = self.count_after(code);
                if let Some(min) = min {
                    if i64::from(c.official) < min {
                        findings.push(Finding {
                            op: Some(*op),
                            unit: code.clone(),
                            name: v.name.clone(),
                            breach: Breach::CellBelowMinimum { official: c.official, min: min as u32 },
                        });
                    }
                }
                if let (UnitKind::PartyGrassrootsCell, Some(t)) = (kind, threshold) {
                    if i64::from(c.all) >= t {
                        findings.push(Finding {
                            op: Some(*op),
                            unit: code.clone(),
                            name: v.name.clone(),
                            breach: Breach::GrassrootsCellTooLarge { members: c.all, threshold: t as u32 },
                        });
                    }
                }
            }
            // The grassroots committee above (or at) a touched unit.
            let mut cur = Some(code.clone());
            let mut steps = 0;
            while let (Some(c), true) = (cur, steps < 64) {
                match self.get(&c) {
                    Some(u) if u.kind == UnitKind::PartyGrassrootsCommittee => {
                        committees.insert(c.clone());
                        break;
                    }
                    Some(u) => cur = u.parent.clone(),
                    None => break,
                }
                steps += 1;
            }
        }
        if let Some(t) = threshold {
            for c in &committees {
                let members = self.subtree_members(c, 0);
                if i64::from(members) < t {
                    findings.push(Finding {
                        op: self.touched.get(c).copied(),
                        unit: c.clone(),
                        name: name_of(&self, c),
                        breach: Breach::GrassrootsCommitteeTooSmall { members, threshold: t as u32 },
                    });
                }
            }
        }
        // Deputies against caps, staffing against quotas, where positions were loaded.
        let deadline = add_years(eff, self.plan.surplus_years);
        for (code, op) in &touched {
            let Some(v) = self.get(code).cloned() else { continue };
            if !self.posts.contains_key(code) && !self.snap.posts.contains_key(code) {
                continue;
            }
            let (deputies, staff) = self.post_counts(code);
            if let Some(cap) = rules.deputy_cap(v.kind, staff, eff) {
                if deputies > cap {
                    findings.push(Finding {
                        op: Some(*op),
                        unit: code.clone(),
                        name: v.name.clone(),
                        breach: Breach::DeputiesAboveCap { deputies, cap },
                    });
                    self.report.surplus.push(Surplus {
                        unit: code.clone(),
                        name: v.name.clone(),
                        kind: v.kind,
                        deputies,
                        cap,
                        deadline,
                    });
                }
            }
            if v.kind.has_staffing() {
                let before =
                    self.snap.posts.get(code).map_or(0, |ps| ps.iter().filter(|p| p.assignment.primary).count() as u32);
                let quota = self
                    .quotas
                    .iter()
                    .rev()
                    .find(|q| &q.unit == code && q.year == eff.year())
                    .or_else(|| self.snap.quotas.get(code).and_then(|qs| qs.iter().find(|q| q.year == eff.year())))
                    .map(|q| q.quota);
                self.report.staffing.push(Staffing {
                    unit: code.clone(),
                    name: v.name.clone(),
                    quota,
                    before,
                    after: staff,
                });
            }
        }
        self.coverage();
        findings.sort_by(|a, b| (a.op, &a.unit).cmp(&(b.op, &b.unit)));
        let changes = self.changes();
        self.report_units(&touched);
        Outcome { changes, findings, report: self.report }
    }

    /// Deputies (distinct people) and primary staff of a unit after the plan.
    fn post_counts(&self, code: &UnitCode) -> (u32, u32) {
        let posts = self.posts_after(code);
        let deputies: HashSet<&str> =
            posts.iter().filter(|a| a.rank == Rank::Deputy).map(|a| a.person.as_str()).collect();
        (deputies.len() as u32, posts.iter().filter(|a| a.primary).count() as u32)
    }

    /// Concurrent-title coverage over the party committees the plan touches that lead a people's
    /// council: how many have their secretary chairing it.
    fn coverage(&mut self) {
        let mut by_kind: HashMap<UnitKind, Coverage> = HashMap::new();
        let mut council_before: HashMap<&UnitCode, &UnitCode> = HashMap::new();
        for (code, u) in &self.snap.units {
            if let (UnitKind::PeoplesCouncil, Some(l)) = (u.version.kind, &u.version.led_by) {
                council_before.entry(l).or_insert(code);
            }
        }
        let codes: BTreeSet<&UnitCode> =
            self.touched.keys().chain(self.snap.posts.keys()).filter(|c| self.wanted_party(c)).collect();
        for code in codes {
            let blank = |kind| Coverage { kind, before: (0, 0), after: (0, 0) };
            // Before: the register's own links and posts.
            if let (Some(u), Some(council)) = (self.snap.units.get(code), council_before.get(code)) {
                let sec = heads(self.snap.posts.get(code).into_iter().flatten().map(|p| &p.assignment));
                let chair = heads(self.snap.posts.get(*council).into_iter().flatten().map(|p| &p.assignment));
                let e = by_kind.entry(u.version.kind).or_insert_with(|| blank(u.version.kind));
                e.before.1 += 1;
                if !sec.is_disjoint(&chair) {
                    e.before.0 += 1;
                }
            }
            // After: the plan's world.
            let Some(v) = self.get(code) else { continue };
            let council = self
                .led
                .get(code)
                .into_iter()
                .flatten()
                .find(|c| self.get(c).is_some_and(|u| u.kind == UnitKind::PeoplesCouncil));
            if let Some(council) = council {
                let sec = heads(self.posts_after(code).into_iter());
                let chair = heads(self.posts_after(council).into_iter());
                let e = by_kind.entry(v.kind).or_insert_with(|| blank(v.kind));
                e.after.1 += 1;
                if !sec.is_disjoint(&chair) {
                    e.after.0 += 1;
                }
            }
        }
        let mut list: Vec<Coverage> = by_kind.into_values().collect();
        list.sort_by_key(|c| c.kind);
        self.report.coverage = list;
    }

    fn wanted_party(&self, code: &UnitCode) -> bool {
        let kind = self.get(code).or_else(|| self.snap.units.get(code).map(|u| &u.version)).map(|v| v.kind);
        matches!(
            kind,
            Some(
                UnitKind::PartyProvincial
                    | UnitKind::PartyDistrict
                    | UnitKind::PartyCommune
                    | UnitKind::PartyGrassrootsCommittee
            )
        )
    }

    fn posts_after(&self, code: &UnitCode) -> Vec<&Assignment> {
        match self.posts.get(code) {
            Some(ps) => ps.iter().map(|p| &p.a).collect(),
            None => self.snap.posts.get(code).into_iter().flatten().map(|p| &p.assignment).collect(),
        }
    }

    /// The difference between the register and the plan's world, as rows to write.
    fn changes(&mut self) -> Changeset {
        let eff = self.eff;
        let decision = Some(self.plan.decision.clone());
        let mut out = Changeset::default();
        let mut codes: Vec<&UnitCode> = self.units.keys().collect();
        codes.sort();
        for code in codes {
            let row = self.snap.units.get(code).map(|u| u.row);
            let before = self.snap.units.get(code).map(|u| u.version.clone());
            let after = self.units.get(code).cloned().flatten();
            let same = match (&before, &after) {
                (Some(b), Some(a)) => {
                    (&b.name, b.kind, &b.parent, &b.led_by, b.sector, b.ownership)
                        == (&a.name, a.kind, &a.parent, &a.led_by, a.sector, a.ownership)
                }
                (None, None) => true,
                _ => false,
            };
            if same {
                continue;
            }
            let after = after.map(|mut a| {
                a.validity = Validity::open(eff);
                a.decision = decision.clone();
                a
            });
            match (&before, &after) {
                (Some(_), Some(_)) => self.report.changed += 1,
                (Some(_), None) => self.report.ended += 1,
                _ => {}
            }
            out.units.push(UnitChange { row, before, after });
        }
        let mut cells: Vec<&UnitCode> = self.members.keys().collect();
        cells.sort();
        for cell in cells {
            for m in self.members.get(cell).into_iter().flatten() {
                if let Some((row, old)) = &m.origin {
                    if old.unit != m.m.unit {
                        let mut after = m.m.clone();
                        after.validity = Validity::open(eff);
                        after.decision = decision.clone();
                        out.members.push(MemberChange { row: *row, before: old.clone(), after });
                    }
                }
            }
        }
        let mut units: Vec<&UnitCode> = self.posts.keys().collect();
        units.sort();
        for unit in units {
            for p in self.posts.get(unit).into_iter().flatten() {
                let moved = match &p.origin {
                    Some((_, o)) => {
                        (&o.unit, &o.title, o.rank, o.primary) != (&p.a.unit, &p.a.title, p.a.rank, p.a.primary)
                    }
                    None => true,
                };
                if moved {
                    let mut after = p.a.clone();
                    after.validity = Validity::open(eff);
                    after.decision = decision.clone();
                    out.posts.push(PostChange { before: p.origin.clone(), after: Some(after) });
                }
            }
        }
        for o in self.ended_posts.drain(..) {
            out.posts.push(PostChange { before: Some(o), after: None });
        }
        out.quotas = std::mem::take(&mut self.quotas);
        out.members.sort_by_key(|m| m.row);
        self.report.by_kind = self.by_kind(&out);
        let active: u64 = self.snap.cell_counts.values().map(|c| u64::from(c.all)).sum();
        let stranded: u64 = self
            .units
            .iter()
            .filter(|(_, v)| v.is_none())
            .map(|(c, _)| self.members.get(c).map_or(0, |m| m.len() as u64))
            .sum();
        self.report.members = (active, active - stranded.min(active));
        out
    }

    fn by_kind(&self, changes: &Changeset) -> Vec<KindCount> {
        let mut counts: HashMap<UnitKind, KindCount> = HashMap::new();
        for u in self.snap.units.values() {
            let e = counts.entry(u.version.kind).or_insert(KindCount { kind: u.version.kind, before: 0, after: 0 });
            e.before += 1;
            e.after += 1;
        }
        for c in &changes.units {
            if let Some(b) = &c.before {
                if let Some(e) = counts.get_mut(&b.kind) {
                    e.after -= 1;
                }
            }
            if let Some(a) = &c.after {
                counts.entry(a.kind).or_insert(KindCount { kind: a.kind, before: 0, after: 0 }).after += 1;
            }
        }
        let mut list: Vec<KindCount> = counts.into_values().collect();
        list.sort_by_key(|k| k.kind);
        list
    }

    fn report_units(&mut self, touched: &[(UnitCode, usize)]) {
        for (code, op) in touched {
            let before = self.snap.units.get(code).map(|u| &u.version);
            let after = self.get(code);
            let Some(kind) = after.or(before).map(|v| v.kind) else { continue };
            let members_before =
                if kind.holds_members() { self.snap.cell_counts.get(code).map_or(0, |c| c.all) } else { 0 };
            let members_after = match after {
                Some(v) if v.kind.holds_members() => self.count_after(code).all,
                _ => 0,
            };
            let staff_before =
                self.snap.posts.get(code).map_or(0, |ps| ps.iter().filter(|p| p.assignment.primary).count() as u32);
            let staff_after = match after {
                Some(_) => self.posts_after(code).iter().filter(|a| a.primary).count() as u32,
                None => 0,
            };
            self.report.units.push(UnitLine {
                code: code.clone(),
                kind,
                name_before: before.map(|v| v.name.clone()),
                name_after: after.map(|v| v.name.clone()),
                parent_before: before.and_then(|v| v.parent.clone()),
                parent_after: after.and_then(|v| v.parent.clone()),
                members_before,
                members_after,
                staff_before,
                staff_after,
                op: Some(*op),
            });
        }
    }
}

fn heads<'x>(posts: impl Iterator<Item = &'x Assignment>) -> HashSet<&'x str> {
    posts.filter(|a| a.rank == Rank::Head).map(|a| a.person.as_str()).collect()
}

/// The same day `years` later (28 February for 29 February).
pub fn add_years(d: Date, years: u32) -> Date {
    let (y, m, day) = d.ymd();
    let y = y + years as i32;
    Date::from_ymd(y, m, day).or_else(|| Date::from_ymd(y, m, day.saturating_sub(1))).unwrap_or(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::DocumentNumber;

    fn code(s: &str) -> UnitCode {
        UnitCode::parse(s).unwrap()
    }

    fn day(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    /// Two commune committees A and B under T, each with two cells of four members, a secretary
    /// and a deputy secretary, and a village.
    fn snapshot() -> Snapshot {
        let mut s = Snapshot::default();
        let mut unit = |c: &str, kind: UnitKind, parent: Option<&str>| {
            let v = UnitVersion {
                code: code(c),
                name: format!("Đơn vị {c}"),
                kind,
                parent: parent.map(code),
                led_by: None,
                sector: kind.is_grassroots().then_some(Sector::Commune),
                ownership: None,
                validity: Validity::open(day("2015-01-01")),
                decision: None,
            };
            s.units.insert(code(c), UnitNow { row: 0, version: v, last_change: day("2015-01-01") });
        };
        unit("T", UnitKind::PartyProvincial, None);
        let mut row = 0;
        for a in ["A", "B"] {
            unit(a, UnitKind::PartyCommune, Some("T"));
            unit(&format!("{a}.V"), UnitKind::Village, Some(a));
            for c in 1..=2 {
                let cell = format!("{a}.C{c}");
                unit(&cell, UnitKind::PartyGrassrootsCell, Some(a));
                let mut ms = Vec::new();
                for k in 0..4 {
                    row += 1;
                    ms.push(MemberNow {
                        row,
                        membership: Membership {
                            person: format!("{cell}.P{k}"),
                            unit: code(&cell),
                            status: MemberStatus::Official,
                            admitted_on: day("2010-01-01"),
                            recognized_on: Some(day("2011-01-01")),
                            validity: Validity::open(day("2015-01-01")),
                            decision: None,
                        },
                    });
                }
                s.cell_counts.insert(code(&cell), Count { official: 4, all: 4 });
                s.members.insert(code(&cell), ms);
            }
            let post = |row: i64, person: &str, title: &str, rank: Rank| PostNow {
                row,
                assignment: Assignment {
                    person: person.into(),
                    unit: code(a),
                    title: title.into(),
                    rank,
                    primary: false,
                    validity: Validity::open(day("2015-01-01")),
                    decision: None,
                },
            };
            s.posts.insert(
                code(a),
                vec![
                    post(100 + row, &format!("{a}.C1.P0"), "Bí thư Đảng ủy", Rank::Head),
                    post(200 + row, &format!("{a}.C1.P1"), "Phó Bí thư Đảng ủy", Rank::Deputy),
                ],
            );
        }
        s
    }

    fn plan(ops: Vec<Op>) -> Plan {
        Plan {
            name: "Đề án thử".into(),
            decision: Decision { number: DocumentNumber::parse("1-QĐ/TU").unwrap(), date: day("2025-06-01") },
            effective: day("2025-07-01"),
            surplus_years: 3,
            baseline_year: None,
            target_cut: None,
            ops,
        }
    }

    fn new_unit(c: &str, kind: UnitKind, parent: &str) -> NewUnit {
        NewUnit {
            code: code(c),
            name: format!("Đơn vị {c}"),
            kind,
            parent: Some(code(parent)),
            led_by: None,
            sector: None,
            ownership: None,
        }
    }

    #[test]
    fn merging_moves_everything_and_demotes_the_second_head() {
        let s = snapshot();
        let p = plan(vec![Op::Merge {
            sources: vec![code("A"), code("B")],
            into: new_unit("N", UnitKind::PartyCommune, "T"),
        }]);
        let out = run(&p, &s, &RuleBook::new(crate::rules::defaults())).unwrap();
        // A and B end, N begins; their four cells and two villages move under N.
        let ended: Vec<&str> = out
            .changes
            .units
            .iter()
            .filter(|u| u.after.is_none())
            .filter_map(|u| u.before.as_ref())
            .map(|v| v.code.as_str())
            .collect();
        assert_eq!(ended, ["A", "B"]);
        let moved: Vec<&UnitVersion> =
            out.changes.units.iter().filter(|u| u.before.is_some()).filter_map(|u| u.after.as_ref()).collect();
        assert_eq!(moved.len(), 6);
        assert!(moved.iter().all(|v| v.parent == Some(code("N")) && v.validity.from == day("2025-07-01")));
        // Cells move whole: no member changes cell.
        assert!(out.changes.members.is_empty());
        assert_eq!(out.report.members, (16, 16));
        // A's secretary heads N; B's becomes a third deputy.
        let titles: Vec<(String, Rank)> =
            out.changes.posts.iter().filter_map(|p| p.after.as_ref()).map(|a| (a.title.clone(), a.rank)).collect();
        assert!(titles.contains(&("Bí thư Đảng ủy".into(), Rank::Head)));
        assert!(titles.contains(&("Phó Bí thư Đảng ủy".into(), Rank::Deputy)));
        assert!(titles.contains(&("Phó Bí thư Đảng ủy".into(), Rank::Deputy)));
        assert_eq!(titles.iter().filter(|t| t.1 == Rank::Head).count(), 1);
        let kinds: Vec<(UnitKind, u32, u32)> = out.report.by_kind.iter().map(|k| (k.kind, k.before, k.after)).collect();
        assert!(kinds.contains(&(UnitKind::PartyCommune, 2, 1)), "{kinds:?}");
    }

    #[test]
    fn merging_cells_moves_members_and_flags_the_thresholds() {
        let s = snapshot();
        let p = plan(vec![Op::Absorb { sources: vec![code("A.C2"), code("B.C1"), code("B.C2")], into: code("A.C1") }]);
        let out = run(&p, &s, &RuleBook::new(crate::rules::defaults())).unwrap();
        assert_eq!(out.changes.members.len(), 12);
        assert!(out.changes.members.iter().all(|m| m.after.unit == code("A.C1") && m.before.unit != code("A.C1")));
        assert_eq!(out.report.members_moved, 12);
        assert!(out.findings.is_empty(), "16 members is under 30: {:?}", out.findings);
        // Splitting one cell's four members in half leaves two cells of two: below the minimum of three.
        let p = plan(vec![
            Op::Establish {
                unit: NewUnit { sector: Some(Sector::Commune), ..new_unit("A.C3", UnitKind::PartyGrassrootsCell, "A") },
            },
            Op::Split {
                source: code("A.C1"),
                parts: vec![
                    Part { target: code("A.C2"), share: Share::Percent { basis_points: 5000 } },
                    Part { target: code("A.C3"), share: Share::Rest },
                ],
            },
        ]);
        let out = run(&p, &s, &RuleBook::new(crate::rules::defaults())).unwrap();
        let small: Vec<&str> = out
            .findings
            .iter()
            .filter(|f| matches!(f.breach, Breach::CellBelowMinimum { official: 2, min: 3 }))
            .map(|f| f.unit.as_str())
            .collect();
        assert_eq!(small, ["A.C3"], "{:?}", out.findings);
        assert_eq!(out.changes.members.len(), 4);
    }

    #[test]
    fn bad_plans_are_refused_naming_the_operation() {
        let s = snapshot();
        let rules = RuleBook::new(crate::rules::defaults());
        let errs = |ops: Vec<Op>| run(&plan(ops), &s, &rules).err().unwrap_or_default();

        let e = errs(vec![Op::Move { unit: code("A"), parent: code("A.C1") }]);
        assert!(matches!(e.as_slice(), [PlanError::Cycle { op: 1, .. }]), "{e:?}");
        assert!(e[0].vi().contains("Thao tác 1 (chuyển giao)"), "{}", e[0].vi());

        let e = errs(vec![Op::Dissolve { unit: code("Z"), to: None }]);
        assert!(matches!(e.as_slice(), [PlanError::UnknownUnit { op: 1, .. }]), "{e:?}");

        let e =
            errs(vec![Op::Move { unit: code("A.V"), parent: code("B") }, Op::Dissolve { unit: code("A.V"), to: None }]);
        assert!(matches!(e.as_slice(), [PlanError::Claimed { op: 2, first: 1, .. }]), "{e:?}");

        let e = errs(vec![Op::Split {
            source: code("A.C1"),
            parts: vec![
                Part { target: code("A.C2"), share: Share::Percent { basis_points: 5000 } },
                Part { target: code("B.C1"), share: Share::Percent { basis_points: 3000 } },
            ],
        }]);
        assert!(matches!(e.as_slice(), [PlanError::SharesTotal { op: 1, basis_points: 8000, .. }]), "{e:?}");
        assert!(e[0].vi().contains("80%"), "{}", e[0].vi());

        let e = errs(vec![Op::Split {
            source: code("A.C1"),
            parts: vec![Part {
                target: code("A.C2"),
                share: Share::Listed { units: vec![], people: vec!["A.C1.P0".into(), "A.C1.P1".into()] },
            }],
        }]);
        assert!(
            e.iter().any(|e| matches!(e, PlanError::SharesUncovered { op: 1, what: What::Members, missing: 2, .. })),
            "{e:?}"
        );

        let mut late = s.clone();
        if let Some(u) = late.units.get_mut(&code("B")) {
            u.last_change = day("2025-08-01");
        }
        let e =
            run(&plan(vec![Op::Absorb { sources: vec![code("B")], into: code("A") }]), &late, &rules).err().unwrap();
        assert!(matches!(e.as_slice(), [PlanError::ChangedAfter { op: 1, .. }]), "{e:?}");
    }

    #[test]
    fn a_dissolved_unit_with_nowhere_to_send_its_cells_blocks_the_plan() {
        let s = snapshot();
        let out = run(&plan(vec![Op::Dissolve { unit: code("A"), to: None }]), &s, &RuleBook::default()).unwrap();
        let blocking: Vec<&Breach> = out.blocking().map(|f| &f.breach).collect();
        assert_eq!(blocking, [&Breach::NoDestination { members: 0, units: 3 }]);
        assert_eq!(out.report.positions_abolished, 2);
    }

    #[test]
    fn concurrent_titles_replace_the_holder() {
        let mut s = snapshot();
        s.people.insert("A.C1.P0".into());
        let p = plan(vec![Op::Concurrent {
            person: "A.C1.P0".into(),
            posts: vec![Post { unit: code("B"), title: "Bí thư Đảng ủy".into(), rank: Rank::Head }],
        }]);
        // A party post is a party member's.
        let e = run(&p, &s, &RuleBook::default()).err().unwrap();
        assert!(matches!(e.as_slice(), [PlanError::NotAMember { op: 1, .. }]), "{e:?}");
        s.active_members.insert("A.C1.P0".into());
        let out = run(&p, &s, &RuleBook::default()).unwrap();
        let ended: Vec<&str> = out
            .changes
            .posts
            .iter()
            .filter(|c| c.after.is_none())
            .filter_map(|c| c.before.as_ref())
            .map(|b| b.1.person.as_str())
            .collect();
        assert_eq!(ended, ["B.C1.P0"]);
        let new: Vec<&str> =
            out.changes.posts.iter().filter_map(|c| c.after.as_ref()).map(|a| a.person.as_str()).collect();
        assert_eq!(new, ["A.C1.P0"]);
    }
}
