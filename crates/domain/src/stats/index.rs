//! The index: the register in flat columns sorted by unit, and the questions asked of it.

use super::counters::*;
use super::*;

/// The unit tree in force on one date, in pre-order.
pub(super) struct TreeAt {
    /// Unit at each position.
    pub(super) order: Vec<u32>,
    /// Position of each unit, or NONE if not in force.
    pub(super) pos: Vec<u32>,
    /// End (exclusive) of the subtree starting at each position.
    pub(super) end: Vec<u32>,
    /// Version index of the unit at each position.
    pub(super) version: Vec<u32>,
    /// Sector of the nearest grassroots organization at or above each position.
    pub(super) grassroots: Vec<Option<Sector>>,
}

/// The register in columns, ready for statistics.
pub struct Index {
    /// The register's id of each unit.
    pub(super) ids: Vec<i64>,
    pub(super) codes: Vec<UnitCode>,
    pub(super) by_code: HashMap<UnitCode, u32>,
    pub(super) ver_off: Vec<u32>,
    pub(super) vers: Vec<Version>,
    pub(super) names: Vec<Box<str>>,
    pub(super) mem_off: Vec<u32>,
    pub(super) mems: Vec<Member>,
    /// The person of each membership row, beside [`Index::mems`] so the counting loop does not read it.
    pub(super) mem_person: Vec<u32>,
    pub(super) post_off: Vec<u32>,
    pub(super) posts: Vec<Post>,
    pub(super) quota_off: Vec<u32>,
    pub(super) quotas: Vec<QuotaRow>,
    pub(super) boundaries: Vec<i32>,
    /// The ethnic groups recorded, by number.
    pub(super) ethnicities: Vec<Box<str>>,
    /// The number of the majority group, or [`NO_ETHNICITY`].
    pub(super) majority: u8,
    pub(super) trees: Mutex<Vec<(usize, Arc<TreeAt>)>>,
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

pub(super) const TREE_CACHE: usize = 64;

/// Subtrees with more units than this are counted on two threads.
pub(super) const PARALLEL_FROM: u32 = 20_000;

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
    pub(super) fn epoch(&self, at: i32) -> usize {
        self.boundaries.partition_point(|&b| b <= at)
    }

    pub(super) fn tree(&self, at: i32) -> Arc<TreeAt> {
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

    pub(super) fn version_at(&self, u: u32, at: i32) -> Option<u32> {
        let (a, b) = (self.ver_off.get(u as usize)?, self.ver_off.get(u as usize + 1)?);
        (*a..*b).find(|&i| self.vers.get(i as usize).is_some_and(|v| v.from <= at && at < v.to))
    }

    pub(super) fn build_tree(&self, at: i32) -> TreeAt {
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
    pub(super) fn count(
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
        Ok((main, Comparison { at: other, figures: then }))
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
