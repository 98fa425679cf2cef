//! Statistics of the register for any unit at any date.
//!
//! The [`Index`] holds the register in flat, unit-ordered columns. For a date it builds the unit tree
//! in force (cached: the tree only changes where some unit version begins or ends), numbered in
//! pre-order so that a subtree is a contiguous range of positions. A question about a unit then
//! walks that range once, reading each unit's memberships, positions and quotas from contiguous
//! slices: no recursion, no per-row lookups.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex};

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

    pub fn build(self) -> Index {
        // Units are numbered in code order, so that children filled in unit order are already in
        // code order and no tree build needs to sort.
        let mut ids: Vec<i64> = self.codes.keys().copied().collect();
        ids.sort_unstable_by(|a, b| self.codes.get(a).cmp(&self.codes.get(b)));
        let dense: HashMap<i64, u32> = ids.iter().enumerate().map(|(i, id)| (*id, i as u32)).collect();
        let n = ids.len();
        let idx = |id: i64| dense.get(&id).copied().unwrap_or(NONE);
        let day = |d: Date| d.days();
        let end = |d: Option<Date>| d.map_or(OPEN, Date::days);

        let mut versions = self.versions;
        versions.sort_by_cached_key(|v| (idx(v.unit_id), v.from));
        let ver_off = offsets(n, versions.iter().map(|v| idx(v.unit_id)));
        let mut boundaries: Vec<i32> = Vec::with_capacity(versions.len() * 2);
        let mut names = Vec::with_capacity(versions.len());
        let vers: Vec<Version> = versions
            .into_iter()
            .map(|v| {
                boundaries.push(day(v.from));
                if let Some(t) = v.to {
                    boundaries.push(day(t));
                }
                names.push(v.name.into_boxed_str());
                Version {
                    from: day(v.from),
                    to: end(v.to),
                    parent: v.parent_id.map_or(NONE, idx),
                    kind: v.kind,
                    sector: v.sector,
                }
            })
            .collect();
        boundaries.sort_unstable();
        boundaries.dedup();

        // Spellings that fold alike ("Tày", "tày") are one group, named by the first of its
        // spellings in sorted order; groups past the last the index tells apart share it.
        let mut spellings: Vec<(Box<str>, u16)> = self.spellings.into_iter().collect();
        spellings.sort();
        let mut groups: Vec<(String, Box<str>)> = Vec::new();
        let mut group_of = vec![NO_ETHNICITY; spellings.len()];
        for (spelling, id) in &spellings {
            let key = crate::text::fold(spelling);
            let g = match groups.iter().position(|(k, _)| *k == key) {
                Some(g) => g,
                None if groups.len() < GROUPS - 1 => {
                    groups.push((key, spelling.clone()));
                    groups.len() - 1
                }
                None => {
                    if groups.len() < GROUPS {
                        groups.push((String::new(), OTHER_GROUPS.into()));
                    }
                    GROUPS - 1
                }
            };
            if let Some(slot) = group_of.get_mut(usize::from(*id)) {
                *slot = g as u8;
            }
        }
        let majority = groups.iter().position(|(k, _)| k == MAJORITY).map_or(NO_ETHNICITY, |g| g as u8);
        let ethnicities: Vec<Box<str>> = groups.into_iter().map(|(_, name)| name).collect();

        // Each row's unit number is looked up once, then rows are sorted by it.
        let mut members: Vec<_> = self.members.into_iter().map(|(u, m, s, p)| (idx(u), m, s, p)).collect();
        members.sort_by_key(|(u, ..)| *u);
        let mem_off = offsets(n, members.iter().map(|(u, ..)| *u));
        let mem_person = members.iter().map(|(.., person)| *person).collect();
        let mems = members
            .into_iter()
            .map(|(_, m, spelling, _)| Member {
                ethnicity: group_of.get(usize::from(spelling)).copied().unwrap_or(NO_ETHNICITY),
                ..m
            })
            .collect();

        let mut posts: Vec<_> = self.posts.into_iter().map(|(u, p)| (idx(u), p)).collect();
        posts.sort_by_key(|(u, _)| *u);
        let post_off = offsets(n, posts.iter().map(|(u, _)| *u));
        let posts = posts.into_iter().map(|(_, p)| p).collect();

        let mut quotas = self.quotas;
        quotas.sort_by_cached_key(|q| idx(q.unit_id));
        let quota_off = offsets(n, quotas.iter().map(|q| idx(q.unit_id)));

        let codes: Vec<UnitCode> = ids.iter().filter_map(|id| self.codes.get(id).cloned()).collect();
        let by_code = codes.iter().enumerate().map(|(i, c)| (c.clone(), i as u32)).collect();
        Index {
            ids,
            codes,
            by_code,
            ver_off,
            vers,
            names,
            mem_off,
            mems,
            mem_person,
            post_off,
            posts,
            quota_off,
            quotas,
            boundaries,
            ethnicities,
            majority,
            trees: Mutex::new(Vec::new()),
        }
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

mod counters;
mod figures;
mod index;
#[cfg(test)]
mod tests;

pub use counters::{AGE_BANDS, UNCLASSIFIED_CODE};
pub use figures::*;
pub use index::{Index, StatsError};
