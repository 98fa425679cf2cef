//! Statistics of the register for any unit at any date.
//!
//! The [`Index`] holds the register in columns by unit. For a date it builds the unit tree in force
//! (cached: the tree only changes where some unit version begins or ends), numbered in pre-order so
//! that a subtree is a contiguous range of positions. A question about a unit then walks that range
//! once, reading each unit's memberships, positions and quotas from contiguous slices: no
//! recursion, no per-row lookups.
//!
//! Each unit's rows are shared behind their own reference count, so that an index patched after a
//! change ([`Index::patched`]) copies only the units the change touched and shares the rest, and
//! the unit tables (with their cached trees) until a unit itself changes.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock};

use serde::Serialize;

use crate::catalog::{Education, Gender, MemberStatus, Rank, Sector, StaffCategory, Theory, UnitKind};
use crate::codes::UnitCode;
use crate::date::Date;

pub(super) const NONE: u32 = u32::MAX;
/// A member whose ethnic group is not recorded.
pub(super) const NO_ETHNICITY: u8 = u8::MAX;
/// The ethnic groups the index tells apart; any beyond the last share it (Vietnam has 54).
pub(super) const GROUPS: usize = 128;
/// The name of the group that gathers any beyond [`GROUPS`].
pub(super) const OTHER_GROUPS: &str = "(khác / other)";
/// A spelling not recorded, in the builder.
pub(super) const NO_SPELLING: u16 = u16::MAX;
/// The majority group: members of every other recorded group count as ethnic minorities.
pub(super) const MAJORITY: &str = "kinh";
/// Open-ended intervals end at the end of days.
pub(super) const OPEN: i32 = i32::MAX;

/// A unit version as the index stores it.
#[derive(Clone, Debug)]
pub struct VersionRow {
    pub unit_id: i64,
    pub parent_id: Option<i64>,
    pub name: String,
    pub kind: UnitKind,
    pub sector: Option<Sector>,
    pub from: Date,
    pub to: Option<Date>,
}

/// A membership period with the person's attributes the statistics group by.
#[derive(Clone, Copy, Debug)]
pub struct MemberRow {
    pub unit_id: i64,
    pub person_id: i64,
    pub from: Date,
    pub to: Option<Date>,
    pub status: MemberStatus,
    pub gender: Gender,
    pub birth_date: Date,
    pub education: Education,
    pub theory: Theory,
}

#[derive(Clone, Copy, Debug)]
pub struct AssignmentRow {
    pub unit_id: i64,
    pub person_id: i64,
    pub from: Date,
    pub to: Option<Date>,
    pub rank: Rank,
    pub primary: bool,
    pub category: Option<StaffCategory>,
}

#[derive(Clone, Copy, Debug)]
pub struct QuotaRow {
    pub unit_id: i64,
    pub year: i32,
    pub category: StaffCategory,
    pub quota: u32,
}

#[derive(Clone, Copy)]
pub(super) struct Version {
    pub(super) from: i32,
    pub(super) to: i32,
    pub(super) parent: u32,
    pub(super) kind: UnitKind,
    pub(super) sector: Option<Sector>,
}

#[derive(Clone, Copy)]
pub(super) struct Member {
    pub(super) from: i32,
    pub(super) to: i32,
    pub(super) birth: i32,
    /// The member's ethnic group, numbered by [`Index::ethnicities`]; [`NO_ETHNICITY`] when not recorded.
    pub(super) ethnicity: u8,
    pub(super) status: MemberStatus,
    pub(super) gender: Gender,
    pub(super) education: Education,
    pub(super) theory: Theory,
}

#[derive(Clone, Copy)]
pub(super) struct Post {
    pub(super) from: i32,
    pub(super) to: i32,
    pub(super) person: u32,
    pub(super) rank: Rank,
    pub(super) primary: bool,
    pub(super) category: Option<StaffCategory>,
}

/// A person's id as the index keeps it; ids beyond the range cannot be refreshed one by one (see
/// [`Index::patched`]).
pub(super) fn person_key(id: i64) -> u32 {
    u32::try_from(id).unwrap_or(u32::MAX)
}

/// Whether [`Index::patched`] can replace the rows of these people.
pub fn patchable(people: &HashSet<i64>) -> bool {
    people.iter().all(|&id| (0..i64::from(u32::MAX)).contains(&id))
}

/// Collects rows in any order; [`IndexBuilder::build`] sorts them into columns.
#[derive(Default)]
pub struct IndexBuilder {
    pub(super) versions: Vec<VersionRow>,
    /// Memberships by unit id, with the number of their ethnicity's spelling and the person.
    pub(super) members: Vec<(i64, Member, u16, u32)>,
    /// Each spelling of an ethnic group as recorded, numbered in order of first sight.
    pub(super) spellings: HashMap<Box<str>, u16>,
    pub(super) posts: Vec<(i64, Post)>,
    pub(super) quotas: Vec<QuotaRow>,
    pub(super) codes: HashMap<i64, UnitCode>,
}

impl IndexBuilder {
    pub fn unit(&mut self, id: i64, code: UnitCode) {
        self.codes.insert(id, code);
    }
    pub fn version(&mut self, v: VersionRow) {
        self.versions.push(v);
    }
    pub(super) fn spelling(&mut self, ethnicity: &str) -> u16 {
        let e = ethnicity.trim();
        if e.is_empty() {
            NO_SPELLING
        } else if let Some(&id) = self.spellings.get(e) {
            id
        } else {
            let id = self.spellings.len().min(usize::from(NO_SPELLING - 1)) as u16;
            self.spellings.insert(e.into(), id);
            id
        }
    }
    /// A membership period, with the ethnic group recorded for the person (empty when unknown).
    pub fn member(&mut self, m: MemberRow, ethnicity: &str) {
        let spelling = self.spelling(ethnicity);
        self.members.push((
            m.unit_id,
            Member {
                from: m.from.days(),
                to: m.to.map_or(OPEN, Date::days),
                birth: m.birth_date.days(),
                ethnicity: NO_ETHNICITY,
                status: m.status,
                gender: m.gender,
                education: m.education,
                theory: m.theory,
            },
            spelling,
            person_key(m.person_id),
        ));
    }
    pub fn assignment(&mut self, a: AssignmentRow) {
        self.posts.push((
            a.unit_id,
            Post {
                from: a.from.days(),
                to: a.to.map_or(OPEN, Date::days),
                person: person_key(a.person_id),
                rank: a.rank,
                primary: a.primary,
                category: a.category,
            },
        ));
    }
    pub fn quota(&mut self, q: QuotaRow) {
        self.quotas.push(q);
    }

    /// Room for about `n` membership rows, ahead of reading them.
    pub fn reserve_members(&mut self, n: usize) {
        self.members.reserve(n);
    }
}

/// CSR offsets: `off[u]..off[u+1]` are the rows of unit `u`, given rows sorted by unit.
pub(super) fn offsets(n: usize, units: impl Iterator<Item = u32>) -> Vec<u32> {
    let mut counts = vec![0u32; n + 1];
    for u in units {
        if (u as usize) < n {
            if let Some(c) = counts.get_mut(u as usize + 1) {
                *c += 1;
            }
        }
    }
    for i in 1..counts.len() {
        let prev = counts.get(i - 1).copied().unwrap_or(0);
        if let Some(c) = counts.get_mut(i) {
            *c += prev;
        }
    }
    counts
}

pub(super) fn slice<'a, T>(rows: &'a [T], off: &[u32], u: u32) -> &'a [T] {
    let u = u as usize;
    match (off.get(u), off.get(u + 1)) {
        (Some(&a), Some(&b)) => rows.get(a as usize..b as usize).unwrap_or(&[]),
        _ => &[],
    }
}

mod build;
mod counters;
mod figures;
mod index;
mod patch;
#[cfg(test)]
mod tests;

pub use counters::{AGE_BANDS, UNCLASSIFIED_CODE};
pub use figures::*;
pub use index::{Index, StatsError};
