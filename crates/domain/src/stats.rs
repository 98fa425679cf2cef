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

const NONE: u32 = u32::MAX;
/// A member whose ethnic group is not recorded.
const NO_ETHNICITY: u8 = u8::MAX;
/// The ethnic groups the index tells apart; any beyond the last share it (Vietnam has 54).
const GROUPS: usize = 128;
/// The name of the group that gathers any beyond [`GROUPS`].
const OTHER_GROUPS: &str = "(khác / other)";
/// A spelling not recorded, in the builder.
const NO_SPELLING: u16 = u16::MAX;
/// The majority group: members of every other recorded group count as ethnic minorities.
const MAJORITY: &str = "kinh";
/// Open-ended intervals end at the end of days.
const OPEN: i32 = i32::MAX;

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
struct Version {
    from: i32,
    to: i32,
    parent: u32,
    kind: UnitKind,
    sector: Option<Sector>,
}

#[derive(Clone, Copy)]
struct Member {
    from: i32,
    to: i32,
    birth: i32,
    /// The member's ethnic group, numbered by [`Index::ethnicities`]; [`NO_ETHNICITY`] when not recorded.
    ethnicity: u8,
    status: MemberStatus,
    gender: Gender,
    education: Education,
    theory: Theory,
}

#[derive(Clone, Copy)]
struct Post {
    from: i32,
    to: i32,
    person: u32,
    rank: Rank,
    primary: bool,
    category: Option<StaffCategory>,
}

/// A person's id as the index keeps it; ids beyond the range cannot be refreshed one by one (see
/// [`Index::patched`]).
fn person_key(id: i64) -> u32 {
    u32::try_from(id).unwrap_or(u32::MAX)
}

/// Whether [`Index::patched`] can replace the rows of these people.
pub fn patchable(people: &HashSet<i64>) -> bool {
    people.iter().all(|&id| (0..i64::from(u32::MAX)).contains(&id))
}

/// Collects rows in any order; [`IndexBuilder::build`] sorts them into columns.
#[derive(Default)]
pub struct IndexBuilder {
    versions: Vec<VersionRow>,
    /// Memberships by unit id, with the number of their ethnicity's spelling and the person.
    members: Vec<(i64, Member, u16, u32)>,
    /// Each spelling of an ethnic group as recorded, numbered in order of first sight.
    spellings: HashMap<Box<str>, u16>,
    posts: Vec<(i64, Post)>,
    quotas: Vec<QuotaRow>,
    codes: HashMap<i64, UnitCode>,
}

impl IndexBuilder {
    pub fn unit(&mut self, id: i64, code: UnitCode) {
        self.codes.insert(id, code);
    }
    pub fn version(&mut self, v: VersionRow) {
        self.versions.push(v);
    }
    fn spelling(&mut self, ethnicity: &str) -> u16 {
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
fn offsets(n: usize, units: impl Iterator<Item = u32>) -> Vec<u32> {
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

fn slice<'a, T>(rows: &'a [T], off: &[u32], u: u32) -> &'a [T] {
    let u = u as usize;
    match (off.get(u), off.get(u + 1)) {
        (Some(&a), Some(&b)) => rows.get(a as usize..b as usize).unwrap_or(&[]),
        _ => &[],
    }
}

/// The unit tree in force on one date, in pre-order.
struct TreeAt {
    /// Unit at each position.
    order: Vec<u32>,
    /// Position of each unit, or NONE if not in force.
    pos: Vec<u32>,
    /// End (exclusive) of the subtree starting at each position.
    end: Vec<u32>,
    /// Version index of the unit at each position.
    version: Vec<u32>,
    /// Sector of the nearest grassroots organization at or above each position.
    grassroots: Vec<Option<Sector>>,
}

/// The register in columns, ready for statistics.
pub struct Index {
    /// The register's id of each unit.
    ids: Vec<i64>,
    codes: Vec<UnitCode>,
    by_code: HashMap<UnitCode, u32>,
    ver_off: Vec<u32>,
    vers: Vec<Version>,
    names: Vec<Box<str>>,
    mem_off: Vec<u32>,
    mems: Vec<Member>,
    /// The person of each membership row, beside [`Index::mems`] so the counting loop does not read it.
    mem_person: Vec<u32>,
    post_off: Vec<u32>,
    posts: Vec<Post>,
    quota_off: Vec<u32>,
    quotas: Vec<QuotaRow>,
    boundaries: Vec<i32>,
    /// The ethnic groups recorded, by number.
    ethnicities: Vec<Box<str>>,
    /// The number of the majority group, or [`NO_ETHNICITY`].
    majority: u8,
    trees: Mutex<Vec<(usize, Arc<TreeAt>)>>,
}

/// Why figures cannot be given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StatsError {
    #[error("there is no unit {0}")]
    UnknownUnit(UnitCode),
    #[error("unit {0} is not in force on {1}")]
    NotInForce(UnitCode, Date),
}

impl StatsError {
    pub fn vi(&self) -> String {
        match self {
            StatsError::UnknownUnit(c) => format!("không có đơn vị mã {c}"),
            StatsError::NotInForce(c, d) => {
                format!("đơn vị {c} không có hiệu lực vào ngày {}", d.vn())
            }
        }
    }
}

const TREE_CACHE: usize = 64;

/// Subtrees with more units than this are counted on two threads.
const PARALLEL_FROM: u32 = 20_000;

impl Index {
    pub fn unit_count(&self) -> usize {
        self.codes.len()
    }

    pub fn member_rows(&self) -> usize {
        self.mems.len()
    }

    /// A new index from this one after a few changes, without reading the whole register again:
    /// `fresh` holds the current rows of the people in `people` (all of whose old rows are
    /// dropped), and, when `units` or `quotas` is set, every unit with its versions or every
    /// quota. Everything else is carried over. Check [`patchable`] first.
    pub fn patched(&self, mut fresh: IndexBuilder, people: &HashSet<i64>, units: bool, quotas: bool) -> Index {
        let id_of = |u: u32| self.ids.get(u as usize).copied();
        let date = |days: i32| Date::from_days(days).unwrap_or(Date::EPOCH);
        if !units {
            for (u, code) in self.codes.iter().enumerate() {
                let Some(id) = id_of(u as u32) else { continue };
                fresh.unit(id, code.clone());
                let (a, b) = (self.ver_off.get(u).copied().unwrap_or(0), self.ver_off.get(u + 1).copied().unwrap_or(0));
                for vi in a..b {
                    let (Some(v), Some(name)) = (self.vers.get(vi as usize), self.names.get(vi as usize)) else {
                        continue;
                    };
                    fresh.version(VersionRow {
                        unit_id: id,
                        parent_id: if v.parent == NONE { None } else { id_of(v.parent) },
                        name: name.to_string(),
                        kind: v.kind,
                        sector: v.sector,
                        from: date(v.from),
                        to: (v.to != OPEN).then(|| date(v.to)),
                    });
                }
            }
        }
        if !quotas {
            fresh.quotas.extend(self.quotas.iter().copied());
        }
        let spellings: Vec<u16> = self.ethnicities.iter().map(|name| fresh.spelling(name)).collect();
        // One person or a few: a sorted list is quicker to ask than a hash set, millions of times.
        let mut replaced: Vec<i64> = people.iter().copied().collect();
        replaced.sort_unstable();
        let kept = |person: u32| replaced.binary_search(&i64::from(person)).is_err();
        for u in 0..self.codes.len() as u32 {
            let Some(id) = id_of(u) else { continue };
            let rows = slice(&self.mems, &self.mem_off, u).iter().zip(slice(&self.mem_person, &self.mem_off, u));
            for (m, &person) in rows.filter(|(_, p)| kept(**p)) {
                let spelling = spellings.get(usize::from(m.ethnicity)).copied().unwrap_or(NO_SPELLING);
                fresh.members.push((id, *m, spelling, person));
            }
            for p in slice(&self.posts, &self.post_off, u).iter().filter(|p| kept(p.person)) {
                fresh.posts.push((id, *p));
            }
        }
        fresh.build()
    }

    /// The number of distinct trees the register has had: the epoch of a date is how many unit
    /// versions began or ended on or before it.
    fn epoch(&self, at: i32) -> usize {
        self.boundaries.partition_point(|&b| b <= at)
    }

    fn tree(&self, at: i32) -> Arc<TreeAt> {
        let epoch = self.epoch(at);
        if let Ok(cache) = self.trees.lock() {
            if let Some((_, t)) = cache.iter().find(|(e, _)| *e == epoch) {
                return Arc::clone(t);
            }
        }
        let tree = Arc::new(self.build_tree(at));
        if let Ok(mut cache) = self.trees.lock() {
            if cache.len() >= TREE_CACHE {
                cache.remove(0);
            }
            cache.push((epoch, Arc::clone(&tree)));
        }
        tree
    }

    fn version_at(&self, u: u32, at: i32) -> Option<u32> {
        let (a, b) = (self.ver_off.get(u as usize)?, self.ver_off.get(u as usize + 1)?);
        (*a..*b).find(|&i| self.vers.get(i as usize).is_some_and(|v| v.from <= at && at < v.to))
    }

    fn build_tree(&self, at: i32) -> TreeAt {
        let n = self.codes.len();
        let mut version = vec![NONE; n];
        let mut child_count = vec![0u32; n + 1];
        let mut roots = Vec::new();
        for u in 0..n as u32 {
            let Some(vi) = self.version_at(u, at) else {
                continue;
            };
            if let Some(v) = version.get_mut(u as usize) {
                *v = vi;
            }
        }
        let parent_of = |u: u32| -> u32 {
            let vi = version.get(u as usize).copied().unwrap_or(NONE);
            let p = self.vers.get(vi as usize).map_or(NONE, |v| v.parent);
            // A parent not in force on the date cannot hold the child; treat the child as a root.
            if p != NONE && version.get(p as usize).is_some_and(|&x| x != NONE) {
                p
            } else {
                NONE
            }
        };
        for u in 0..n as u32 {
            if version.get(u as usize).is_some_and(|&x| x == NONE) {
                continue;
            }
            match parent_of(u) {
                NONE => roots.push(u),
                p => {
                    if let Some(c) = child_count.get_mut(p as usize + 1) {
                        *c += 1;
                    }
                }
            }
        }
        for i in 1..child_count.len() {
            let prev = child_count.get(i - 1).copied().unwrap_or(0);
            if let Some(c) = child_count.get_mut(i) {
                *c += prev;
            }
        }
        let child_off = child_count.clone();
        let mut fill = child_count;
        let mut children = vec![0u32; child_off.last().copied().unwrap_or(0) as usize];
        for u in 0..n as u32 {
            if version.get(u as usize).is_some_and(|&x| x == NONE) {
                continue;
            }
            let p = parent_of(u);
            if p == NONE {
                continue;
            }
            if let Some(f) = fill.get_mut(p as usize) {
                if let Some(slot) = children.get_mut(*f as usize) {
                    *slot = u;
                }
                *f += 1;
            }
        }
        // Children and roots are in code order already: units are numbered in code order.
        let mut order = Vec::with_capacity(n);
        let mut pos = vec![NONE; n];
        let mut end = Vec::with_capacity(n);
        let mut grassroots = Vec::with_capacity(n);
        let mut vers_at = Vec::with_capacity(n);
        // Iterative DFS over (unit, next child index, inherited grassroots sector).
        let mut stack: Vec<(u32, u32, Option<Sector>)> = Vec::new();
        for root in roots {
            let mut visit = Some((root, None));
            loop {
                if let Some((u, inherited)) = visit.take() {
                    let vi = version.get(u as usize).copied().unwrap_or(NONE);
                    let own = self.vers.get(vi as usize).filter(|v| v.kind.is_grassroots()).and_then(|v| v.sector);
                    let g = own.or(inherited);
                    if let Some(p) = pos.get_mut(u as usize) {
                        *p = order.len() as u32;
                    }
                    order.push(u);
                    end.push(NONE);
                    grassroots.push(g);
                    vers_at.push(vi);
                    stack.push((u, child_off.get(u as usize).copied().unwrap_or(0), g));
                }
                let Some(top) = stack.last_mut() else { break };
                let (u, next, g) = *top;
                let last = child_off.get(u as usize + 1).copied().unwrap_or(0);
                if next < last {
                    top.1 += 1;
                    visit = children.get(next as usize).map(|&child| (child, g));
                } else {
                    stack.pop();
                    let p = pos.get(u as usize).copied().unwrap_or(NONE);
                    if let Some(e) = end.get_mut(p as usize) {
                        *e = order.len() as u32;
                    }
                }
            }
        }
        TreeAt { order, pos, end, version: vers_at, grassroots }
    }

    /// The figures of one unit and its subtree on one date.
    pub fn figures(&self, code: &UnitCode, at: Date) -> Result<Figures, StatsError> {
        let u = *self.by_code.get(code).ok_or_else(|| StatsError::UnknownUnit(code.clone()))?;
        let d = at.days();
        let tree = self.tree(d);
        let start = tree.pos.get(u as usize).copied().unwrap_or(NONE);
        if start == NONE {
            return Err(StatsError::NotInForce(code.clone(), at));
        }
        let stop = tree.end.get(start as usize).copied().unwrap_or(start + 1);
        let year = at.year();
        let bands = AgeBands::on(at);
        // Large subtrees are counted on two threads, each over half of the range; the counters
        // simply add up.
        let c = if stop - start > PARALLEL_FROM {
            let mid = start + (stop - start) / 2;
            std::thread::scope(|scope| {
                let upper = scope.spawn(|| self.count(&tree, mid..stop, start, d, year, &bands));
                let mut lower = self.count(&tree, start..mid, start, d, year, &bands);
                if let Ok(upper) = upper.join() {
                    lower.add(&upper);
                }
                lower
            })
        } else {
            self.count(&tree, start..stop, start, d, year, &bands)
        };
        let vi = tree.version.get(start as usize).copied().unwrap_or(NONE);
        let kind = self.vers.get(vi as usize).map_or(UnitKind::Nation, |v| v.kind);
        let name = self.names.get(vi as usize).map_or_else(String::new, |n| n.to_string());
        Ok(c.into_figures(UnitRef { code: code.clone(), name, kind }, at, (&self.ethnicities, self.majority)))
    }

    /// Counts the units at positions `range` of the tree (the unit at `root` itself is not counted
    /// among the units below it).
    fn count(
        &self,
        tree: &TreeAt,
        range: std::ops::Range<u32>,
        root: u32,
        d: i32,
        year: i32,
        bands: &AgeBands,
    ) -> Counters {
        let mut c = Counters::default();
        for p in range {
            let unit = tree.order.get(p as usize).copied().unwrap_or(NONE);
            let Some(v) = tree.version.get(p as usize).and_then(|&vi| self.vers.get(vi as usize)) else {
                continue;
            };
            if p != root {
                bump(&mut c.kinds, v.kind.index(), 1);
            }
            let g = tree.grassroots.get(p as usize).copied().flatten();
            if v.kind.is_grassroots() {
                if let Some(s) = v.sector {
                    bump(&mut c.sector_orgs, s.index(), 1);
                }
            }
            for m in slice(&self.mems, &self.mem_off, unit) {
                if m.from <= d && d < m.to {
                    c.add_member(m, bands, g);
                }
            }
            for post in slice(&self.posts, &self.post_off, unit) {
                if post.from <= d && d < post.to {
                    bump(&mut c.ranks, post.rank.index(), 1);
                    if post.primary {
                        // A main job whose holder has no staff category is counted as not
                        // classified, so that `actual` is every main job in the subtree.
                        bump(&mut c.actual, post.category.map_or(UNCLASSIFIED, |cat| cat.index()), 1);
                    }
                }
            }
            for q in slice(&self.quotas, &self.quota_off, unit) {
                if q.year == year {
                    bump(&mut c.quota, q.category.index(), u64::from(q.quota));
                }
            }
        }
        c
    }

    /// The figures on two dates and their difference (`at` minus `other`).
    pub fn compare(&self, code: &UnitCode, at: Date, other: Date) -> Result<(Figures, Comparison), StatsError> {
        let main = self.figures(code, at)?;
        let then = self.figures(code, other)?;
        let difference = difference(&main, &then);
        Ok((main, Comparison { at: other, figures: then, difference }))
    }

    /// The direct sub-units of a unit on a date, in code order.
    pub fn children(&self, code: &UnitCode, at: Date) -> Result<Vec<UnitRef>, StatsError> {
        let u = *self.by_code.get(code).ok_or_else(|| StatsError::UnknownUnit(code.clone()))?;
        let tree = self.tree(at.days());
        let start = tree.pos.get(u as usize).copied().unwrap_or(NONE);
        if start == NONE {
            return Err(StatsError::NotInForce(code.clone(), at));
        }
        let stop = tree.end.get(start as usize).copied().unwrap_or(start + 1);
        let mut out = Vec::new();
        let mut p = start + 1;
        while p < stop {
            let unit = tree.order.get(p as usize).copied().unwrap_or(NONE);
            let vi = tree.version.get(p as usize).copied().unwrap_or(NONE);
            if let (Some(code), Some(v), Some(name)) =
                (self.codes.get(unit as usize), self.vers.get(vi as usize), self.names.get(vi as usize))
            {
                out.push(UnitRef { code: code.clone(), name: name.to_string(), kind: v.kind });
            }
            p = tree.end.get(p as usize).copied().unwrap_or(stop).max(p + 1);
        }
        Ok(out)
    }
}

fn count(counts: &[u64], i: usize) -> u64 {
    counts.get(i).copied().unwrap_or(0)
}

/// Adds to a counter. The arrays' lengths are powers of two and the index is reduced modulo the
/// length, so the compiler drops the bounds check in the hot loop.
/// The slot of the staffing counters for main jobs whose holder has no staff category.
const UNCLASSIFIED: usize = 7;
/// Its key in `staffing.by_category`.
pub const UNCLASSIFIED_CODE: &str = "unclassified";

fn bump<const N: usize>(counts: &mut [u64; N], i: usize, by: u64) {
    if let Some(c) = counts.get_mut(i % N) {
        *c += by;
    }
}

/// Counts by ethnic group (an array too long for the standard `Default`).
#[derive(Clone)]
struct EthnicCounts([u64; GROUPS]);

impl Default for EthnicCounts {
    fn default() -> Self {
        EthnicCounts([0; GROUPS])
    }
}

#[derive(Default, Clone)]
struct Counters {
    kinds: [u64; 32],
    sector_orgs: [u64; 16],
    sector_members: [u64; 16],
    statuses: [u64; 8],
    women: u64,
    ages: [u64; 8],
    education: [u64; 8],
    theory: [u64; 8],
    ranks: [u64; 8],
    quota: [u64; 8],
    actual: [u64; 8],
    /// Active members by ethnic group number.
    ethnic: EthnicCounts,
}

// The counters' fixed sizes must hold every code of their lists.
const _: () = assert!(UnitKind::ALL.len() <= 32 && Sector::ALL.len() <= 16 && MemberStatus::ALL.len() <= 8);
const _: () = assert!(Education::ALL.len() <= 8 && Theory::ALL.len() <= 8 && Rank::ALL.len() <= 8);
const _: () = assert!(StaffCategory::ALL.len() <= 8);

pub const AGE_BANDS: [&str; 6] = ["under_30", "30_40", "41_50", "51_60", "61_70", "over_70"];

/// Birth-date cutoffs of the age bands on one date, computed once per question: a member is at
/// least `n` years old when born on or before the same day `n` years earlier.
struct AgeBands([i32; 5]);

impl AgeBands {
    fn on(at: Date) -> AgeBands {
        AgeBands([30, 41, 51, 61, 71].map(|n| at.years_before(n).days()))
    }

    fn band(&self, birth: i32) -> usize {
        self.0.iter().map(|&cutoff| usize::from(birth <= cutoff)).sum()
    }
}

impl Counters {
    fn add(&mut self, o: &Counters) {
        fn sum<const N: usize>(a: &mut [u64; N], b: &[u64; N]) {
            for (x, y) in a.iter_mut().zip(b) {
                *x += y;
            }
        }
        sum(&mut self.kinds, &o.kinds);
        sum(&mut self.sector_orgs, &o.sector_orgs);
        sum(&mut self.sector_members, &o.sector_members);
        sum(&mut self.statuses, &o.statuses);
        sum(&mut self.ages, &o.ages);
        sum(&mut self.education, &o.education);
        sum(&mut self.theory, &o.theory);
        sum(&mut self.ranks, &o.ranks);
        sum(&mut self.quota, &o.quota);
        sum(&mut self.actual, &o.actual);
        self.women += o.women;
        sum(&mut self.ethnic.0, &o.ethnic.0);
    }

    fn add_member(&mut self, m: &Member, bands: &AgeBands, grassroots: Option<Sector>) {
        bump(&mut self.statuses, m.status.index(), 1);
        if !m.status.is_active() {
            return;
        }
        if let Some(s) = grassroots {
            bump(&mut self.sector_members, s.index(), 1);
        }
        if m.gender == Gender::Female {
            self.women += 1;
        }
        let band = bands.band(m.birth);
        bump(&mut self.ages, band, 1);
        bump(&mut self.education, m.education.index(), 1);
        bump(&mut self.theory, m.theory.index(), 1);
        if m.ethnicity != NO_ETHNICITY {
            bump(&mut self.ethnic.0, usize::from(m.ethnicity), 1);
        }
    }

    /// The figures from the counts; `ethnic` names the ethnic groups and says which is the majority.
    fn into_figures(self, unit: UnitRef, at: Date, ethnic: (&[Box<str>], u8)) -> Figures {
        let (groups, majority) = ethnic;
        let mut by_ethnicity = BTreeMap::new();
        let mut ethnic_minority = 0;
        for (g, (n, name)) in self.ethnic.0.iter().zip(groups).enumerate() {
            if *n > 0 {
                by_ethnicity.insert(name.to_string(), *n);
                if g != usize::from(majority) {
                    ethnic_minority += n;
                }
            }
        }
        let nonzero = |codes: &[&'static str], counts: &[u64]| -> BTreeMap<&'static str, u64> {
            codes.iter().zip(counts).filter(|(_, n)| **n > 0).map(|(c, n)| (*c, *n)).collect()
        };
        let kind_codes: Vec<&str> = UnitKind::ALL.iter().map(|k| k.code()).collect();
        let mut grassroots_by_sector = BTreeMap::new();
        for s in Sector::ALL {
            let (o, m) = (count(&self.sector_orgs, s.index()), count(&self.sector_members, s.index()));
            if o > 0 || m > 0 {
                grassroots_by_sector.insert(s.code(), SectorFigures { organizations: o, members: m });
            }
        }
        let st = |s: MemberStatus| count(&self.statuses, s.index());
        let official = st(MemberStatus::Official);
        let probationary = st(MemberStatus::Probationary);
        let total = official + probationary;
        let mut by_category = BTreeMap::new();
        for c in StaffCategory::ALL {
            let (q, a) = (count(&self.quota, c.index()), count(&self.actual, c.index()));
            if q > 0 || a > 0 {
                by_category.insert(c.code(), QuotaActual { quota: q, actual: a });
            }
        }
        let unclassified = count(&self.actual, UNCLASSIFIED);
        if unclassified > 0 {
            by_category.insert(UNCLASSIFIED_CODE, QuotaActual { quota: 0, actual: unclassified });
        }
        Figures {
            unit,
            at,
            units_by_kind: nonzero(&kind_codes, &self.kinds),
            grassroots_by_sector,
            members: MemberFigures {
                total,
                official,
                probationary,
                women: self.women,
                men: total - self.women,
                removed: st(MemberStatus::Removed),
                expelled: st(MemberStatus::Expelled),
                deceased: st(MemberStatus::Deceased),
                transferred_out: st(MemberStatus::TransferredOut),
                by_age_band: nonzero(&AGE_BANDS, &self.ages),
                by_education: nonzero(&Education::ALL.iter().map(|e| e.code()).collect::<Vec<_>>(), &self.education),
                by_theory: nonzero(&Theory::ALL.iter().map(|e| e.code()).collect::<Vec<_>>(), &self.theory),
                ethnic_minority,
                by_ethnicity,
            },
            positions_by_rank: nonzero(&Rank::ALL.iter().map(|r| r.code()).collect::<Vec<_>>(), &self.ranks),
            staffing: Staffing {
                year: at.year(),
                quota: self.quota.iter().sum(),
                actual: self.actual.iter().sum(),
                by_category,
            },
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UnitRef {
    pub code: UnitCode,
    pub name: String,
    pub kind: UnitKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct SectorFigures {
    pub organizations: u64,
    pub members: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MemberFigures {
    /// Probationary plus full members: the membership count (đảng số).
    pub total: u64,
    pub official: u64,
    pub probationary: u64,
    pub women: u64,
    pub men: u64,
    /// Cumulative to the date: removals, expulsions, deaths and transfers out recorded in the subtree.
    pub removed: u64,
    pub expelled: u64,
    pub deceased: u64,
    pub transferred_out: u64,
    pub by_age_band: BTreeMap<&'static str, u64>,
    pub by_education: BTreeMap<&'static str, u64>,
    pub by_theory: BTreeMap<&'static str, u64>,
    /// Members of a recorded ethnic group other than the Kinh majority (người dân tộc thiểu số).
    pub ethnic_minority: u64,
    /// Members by recorded ethnic group (members without one are left out).
    pub by_ethnicity: BTreeMap<String, u64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct QuotaActual {
    pub quota: u64,
    pub actual: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Staffing {
    pub year: i32,
    pub quota: u64,
    pub actual: u64,
    pub by_category: BTreeMap<&'static str, QuotaActual>,
}

/// What the register says of a unit's subtree on one date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Figures {
    pub unit: UnitRef,
    pub at: Date,
    /// Units below the unit (not counting itself), by kind code.
    pub units_by_kind: BTreeMap<&'static str, u64>,
    /// Grassroots party organizations at or below the unit and their members, by sector code.
    pub grassroots_by_sector: BTreeMap<&'static str, SectorFigures>,
    pub members: MemberFigures,
    pub positions_by_rank: BTreeMap<&'static str, u64>,
    pub staffing: Staffing,
}

/// The other date's figures and the difference from them.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    pub at: Date,
    pub figures: Figures,
    /// Every count of the main figures minus the same count on the other date; keys present on
    /// either date appear.
    pub difference: serde_json::Value,
}

/// Subtracts every number in `then` from the same number in `now`, recursively; strings and dates
/// are left out.
pub fn difference(now: &Figures, then: &Figures) -> serde_json::Value {
    let a = serde_json::to_value(now).unwrap_or_default();
    let b = serde_json::to_value(then).unwrap_or_default();
    let mut out = diff_values(&a, &b).unwrap_or_default();
    if let serde_json::Value::Object(map) = &mut out {
        map.remove("unit");
        map.remove("at");
        if let Some(serde_json::Value::Object(s)) = map.get_mut("staffing") {
            s.remove("year");
        }
    }
    out
}

fn diff_values(a: &serde_json::Value, b: &serde_json::Value) -> Option<serde_json::Value> {
    use serde_json::Value as V;
    match (a, b) {
        (V::Number(x), V::Number(y)) => Some(V::from(x.as_i64()? - y.as_i64()?)),
        (V::Number(x), V::Null) => Some(V::from(x.as_i64()?)),
        (V::Null, V::Number(y)) => Some(V::from(-y.as_i64()?)),
        (V::Object(x), V::Object(y)) => {
            let mut out = serde_json::Map::new();
            for k in x.keys().chain(y.keys()) {
                if out.contains_key(k) {
                    continue;
                }
                let d = match (x.get(k), y.get(k)) {
                    (Some(p), Some(q)) => diff_values(p, q),
                    (Some(p), None) => diff_values(p, &zero_like(p)),
                    (None, Some(q)) => diff_values(&zero_like(q), q),
                    (None, None) => None,
                };
                if let Some(d) = d {
                    out.insert(k.clone(), d);
                }
            }
            Some(V::Object(out))
        }
        _ => None,
    }
}

fn zero_like(v: &serde_json::Value) -> serde_json::Value {
    match v {
        serde_json::Value::Number(_) => serde_json::Value::from(0),
        serde_json::Value::Object(m) => {
            serde_json::Value::Object(m.iter().map(|(k, v)| (k.clone(), zero_like(v))).collect())
        }
        _ => serde_json::Value::Null,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Date {
        Date::parse(s).unwrap_or_else(|e| panic!("{e}"))
    }

    fn code(s: &str) -> UnitCode {
        UnitCode::parse(s).unwrap_or_else(|e| panic!("{e}"))
    }

    #[expect(clippy::too_many_arguments, reason = "a test helper that spells out a unit version")]
    fn unit(
        b: &mut IndexBuilder,
        id: i64,
        c: &str,
        parent: Option<i64>,
        kind: UnitKind,
        sector: Option<Sector>,
        from: &str,
        to: Option<&str>,
    ) {
        b.unit(id, code(c));
        b.version(VersionRow {
            unit_id: id,
            parent_id: parent,
            name: c.to_string(),
            kind,
            sector,
            from: day(from),
            to: to.map(day),
        });
    }

    fn member(
        b: &mut IndexBuilder,
        (person, unit): (i64, i64),
        from: &str,
        to: Option<&str>,
        status: MemberStatus,
        gender: Gender,
    ) {
        b.member(
            MemberRow {
                unit_id: unit,
                person_id: person,
                from: day(from),
                to: to.map(day),
                status,
                gender,
                birth_date: day("1980-01-01"),
                education: Education::Bachelor,
                theory: Theory::Intermediate,
            },
            if gender == Gender::Female { "Tày" } else { "Kinh" },
        );
    }

    /// A bloc with two grassroots organizations; in 2019 the second moves under the first.
    fn sample() -> Index {
        let mut b = IndexBuilder::default();
        sample_units(&mut b);
        member(&mut b, (1, 3), "2015-01-01", None, MemberStatus::Official, Gender::Female);
        member(&mut b, (2, 3), "2016-01-01", Some("2017-01-01"), MemberStatus::Probationary, Gender::Male);
        member(&mut b, (2, 3), "2017-01-01", None, MemberStatus::Official, Gender::Male);
        member(&mut b, (3, 4), "2015-01-01", Some("2019-01-18"), MemberStatus::Official, Gender::Male);
        member(&mut b, (3, 5), "2019-01-18", None, MemberStatus::Official, Gender::Male);
        b.build()
    }

    fn sample_units(b: &mut IndexBuilder) {
        unit(b, 1, "BLOC", None, UnitKind::PartyBloc, None, "2015-01-01", None);
        unit(b, 2, "G1", Some(1), UnitKind::PartyGrassrootsCommittee, Some(Sector::AdminAgency), "2015-01-01", None);
        unit(b, 3, "G1.C1", Some(2), UnitKind::PartyCell, None, "2015-01-01", None);
        unit(
            b,
            4,
            "G2",
            Some(1),
            UnitKind::PartyGrassrootsCell,
            Some(Sector::Soe100),
            "2015-01-01",
            Some("2019-01-18"),
        );
        unit(b, 5, "G1.C2", Some(2), UnitKind::PartyCell, None, "2019-01-18", None);
    }

    /// Person 3's later life: in C2 until a death on 01/06/2020.
    fn person_three_dies(b: &mut IndexBuilder) {
        member(b, (3, 4), "2015-01-01", Some("2019-01-18"), MemberStatus::Official, Gender::Male);
        member(b, (3, 5), "2019-01-18", Some("2020-06-01"), MemberStatus::Official, Gender::Male);
        member(b, (3, 5), "2020-06-01", None, MemberStatus::Deceased, Gender::Male);
    }

    #[test]
    fn a_patched_index_answers_as_a_fresh_one() {
        let mut fresh = IndexBuilder::default();
        person_three_dies(&mut fresh);
        let patched = sample().patched(fresh, &HashSet::from([3]), false, false);

        let mut b = IndexBuilder::default();
        sample_units(&mut b);
        member(&mut b, (1, 3), "2015-01-01", None, MemberStatus::Official, Gender::Female);
        member(&mut b, (2, 3), "2016-01-01", Some("2017-01-01"), MemberStatus::Probationary, Gender::Male);
        member(&mut b, (2, 3), "2017-01-01", None, MemberStatus::Official, Gender::Male);
        person_three_dies(&mut b);
        let expected = b.build();
        for at in ["2016-06-01", "2019-06-01", "2021-01-01"] {
            let (p, e) = (patched.figures(&code("BLOC"), day(at)), expected.figures(&code("BLOC"), day(at)));
            assert_eq!(p, e, "{at}");
        }
        let after = patched.figures(&code("BLOC"), day("2021-01-01")).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((after.members.total, after.members.deceased), (2, 1));

        // Fresh units replace the old ones: a new cell under G1 appears.
        let mut units = IndexBuilder::default();
        sample_units(&mut units);
        unit(&mut units, 6, "G1.C3", Some(2), UnitKind::PartyCell, None, "2020-01-01", None);
        let grown = patched.patched(units, &HashSet::new(), true, false);
        let kids = grown.children(&code("G1"), day("2021-01-01")).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(kids.iter().map(|k| k.code.as_str()).collect::<Vec<_>>(), ["G1.C1", "G1.C2", "G1.C3"]);
        assert_eq!(
            grown.figures(&code("BLOC"), day("2021-01-01")),
            patched.figures(&code("BLOC"), day("2021-01-01")).map(|mut f| {
                f.units_by_kind.insert("party_cell", 3);
                f
            })
        );
    }

    #[test]
    fn figures_follow_the_tree_in_force_on_the_date() {
        let idx = sample();
        let before = idx.figures(&code("BLOC"), day("2018-06-01")).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(before.units_by_kind.get("party_grassroots_committee"), Some(&1));
        assert_eq!(before.units_by_kind.get("party_grassroots_cell"), Some(&1));
        assert_eq!(before.units_by_kind.get("party_cell"), Some(&1));
        assert_eq!(
            before.grassroots_by_sector.get("admin_agency"),
            Some(&SectorFigures { organizations: 1, members: 2 })
        );
        assert_eq!(before.grassroots_by_sector.get("soe_100"), Some(&SectorFigures { organizations: 1, members: 1 }));
        assert_eq!((before.members.total, before.members.women), (3, 1));
        assert_eq!(before.members.by_ethnicity.get("Tày"), Some(&1));
        assert_eq!(before.members.by_ethnicity.get("Kinh"), Some(&2));
        assert_eq!(before.members.ethnic_minority, 1);

        let after = idx.figures(&code("BLOC"), day("2019-01-18")).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(after.units_by_kind.get("party_grassroots_cell"), None);
        assert_eq!(after.units_by_kind.get("party_cell"), Some(&2));
        assert_eq!(
            after.grassroots_by_sector.get("admin_agency"),
            Some(&SectorFigures { organizations: 1, members: 3 })
        );
        assert_eq!(after.grassroots_by_sector.get("soe_100"), None);
    }

    #[test]
    fn status_changes_count_on_the_right_side_of_the_date() {
        let idx = sample();
        let f = idx.figures(&code("G1"), day("2016-06-01")).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((f.members.official, f.members.probationary), (1, 1));
        let f = idx.figures(&code("G1"), day("2017-01-01")).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((f.members.official, f.members.probationary), (2, 0));
    }

    #[test]
    fn comparison_subtracts_the_other_date() {
        let idx = sample();
        let (_, cmp) =
            idx.compare(&code("BLOC"), day("2020-01-01"), day("2015-06-01")).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(cmp.difference["members"]["total"], 1);
        assert_eq!(cmp.difference["units_by_kind"]["party_grassroots_cell"], -1);
        assert_eq!(cmp.difference["units_by_kind"]["party_cell"], 1);
    }

    #[test]
    fn units_outside_their_validity_are_refused() {
        let idx = sample();
        assert_eq!(
            idx.figures(&code("G2"), day("2020-01-01")),
            Err(StatsError::NotInForce(code("G2"), day("2020-01-01")))
        );
        assert_eq!(idx.figures(&code("NOPE"), day("2020-01-01")), Err(StatsError::UnknownUnit(code("NOPE"))));
        let kids = idx.children(&code("BLOC"), day("2016-01-01")).unwrap_or_else(|e| panic!("{e}"));
        let codes: Vec<&str> = kids.iter().map(|k| k.code.as_str()).collect();
        assert_eq!(codes, ["G1", "G2"]);
    }
}
