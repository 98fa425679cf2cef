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
    pub(super) units: Arc<Units>,
    pub(super) quotas: Arc<Quotas>,
    /// The memberships and positions of the units, [`BLOCK`] units to a block, by unit number.
    pub(super) blocks: Vec<Arc<Block>>,
    /// The ethnic groups recorded, by number.
    pub(super) ethnicities: Vec<Box<str>>,
    /// The number of the majority group, or [`NO_ETHNICITY`].
    pub(super) majority: u8,
    /// The figures asked most recently, by unit number and day: the same question of the same
    /// index always has the same answer, and a dashboard is asked many times between two changes.
    /// Requests asking at once what is not yet known wait for the one that counts it.
    pub(super) answers: Mutex<Vec<Answer>>,
}

/// A remembered answer: the figures of a unit number on a day, once counted.
pub(super) type Answer = ((u32, i32), Arc<OnceLock<Result<Figures, StatsError>>>);

/// How many answers an index keeps.
pub(super) const ANSWERS: usize = 256;

/// The units and their versions, numbered in code order: what the tree of any date is built from.
pub(super) struct Units {
    /// The register's id of each unit.
    pub(super) ids: Vec<i64>,
    pub(super) by_id: HashMap<i64, u32>,
    pub(super) codes: Vec<UnitCode>,
    pub(super) by_code: HashMap<UnitCode, u32>,
    pub(super) ver_off: Vec<u32>,
    pub(super) vers: Vec<Version>,
    pub(super) names: Vec<Box<str>>,
    pub(super) boundaries: Vec<i32>,
    pub(super) trees: Mutex<Vec<(usize, Arc<TreeAt>)>>,
}

/// The staffing quotas, by unit.
pub(super) struct Quotas {
    pub(super) off: Vec<u32>,
    pub(super) rows: Vec<QuotaRow>,
}

/// Units to a [`Block`]: a patch copies the blocks it touches, and a question walking a subtree
/// (mostly consecutive unit numbers) reads one block's contiguous rows after another.
pub(super) const BLOCK: usize = 64;

/// One unit's membership periods and positions, while an index is built or patched.
#[derive(Default)]
pub(super) struct UnitRows {
    pub(super) mems: Vec<Member>,
    pub(super) mem_person: Vec<u32>,
    pub(super) posts: Vec<Post>,
}

/// The rows of [`BLOCK`] consecutive units (fewer in the last block), in CSR columns.
#[derive(Default)]
pub(super) struct Block {
    pub(super) mem_off: Vec<u32>,
    pub(super) mems: Vec<Member>,
    /// The person of each membership row, beside [`Block::mems`] so the counting loop does not read it.
    pub(super) mem_person: Vec<u32>,
    pub(super) post_off: Vec<u32>,
    pub(super) posts: Vec<Post>,
}

impl Block {
    pub(super) fn of(units: &[UnitRows]) -> Block {
        let mut b = Block {
            mem_off: Vec::with_capacity(units.len() + 1),
            mems: Vec::with_capacity(units.iter().map(|u| u.mems.len()).sum()),
            mem_person: Vec::new(),
            post_off: Vec::with_capacity(units.len() + 1),
            posts: Vec::with_capacity(units.iter().map(|u| u.posts.len()).sum()),
        };
        b.mem_person.reserve_exact(b.mems.capacity());
        b.mem_off.push(0);
        b.post_off.push(0);
        for u in units {
            b.mems.extend_from_slice(&u.mems);
            b.mem_person.extend_from_slice(&u.mem_person);
            b.posts.extend_from_slice(&u.posts);
            b.mem_off.push(b.mems.len() as u32);
            b.post_off.push(b.posts.len() as u32);
        }
        b
    }

    /// The number of units in the block.
    pub(super) fn len(&self) -> usize {
        self.mem_off.len().saturating_sub(1)
    }

    pub(super) fn mems(&self, i: u32) -> &[Member] {
        slice(&self.mems, &self.mem_off, i)
    }

    pub(super) fn posts(&self, i: u32) -> &[Post] {
        slice(&self.posts, &self.post_off, i)
    }

    /// The rows of the block's unit `i`, without those `keep` refuses.
    pub(super) fn unit(&self, i: u32, keep: impl Fn(u32) -> bool) -> UnitRows {
        let mut out = UnitRows::default();
        for (m, &person) in self.mems(i).iter().zip(slice(&self.mem_person, &self.mem_off, i)) {
            if keep(person) {
                out.mems.push(*m);
                out.mem_person.push(person);
            }
        }
        out.posts.extend(self.posts(i).iter().filter(|p| keep(p.person)).copied());
        out
    }
}

/// Why figures cannot be given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StatsError {
    #[error("there is no unit {0}")]
    UnknownUnit(UnitCode),
    #[error("unit {0} is not in force on {1}")]
    NotInForce(UnitCode, Date),
}

impl crate::msg::Said for StatsError {
    fn msg(&self) -> crate::msg::Msg {
        use crate::msg::Msg;
        match self {
            StatsError::UnknownUnit(c) => Msg::new("stats-unknown-unit").text("code", c),
            StatsError::NotInForce(c, d) => Msg::new("stats-not-in-force").text("code", c).date("on", *d),
        }
    }
}

pub(super) const TREE_CACHE: usize = 64;

/// Subtrees with more units than this are counted on two threads.
pub(super) const PARALLEL_FROM: u32 = 20_000;

impl Index {
    pub fn unit_count(&self) -> usize {
        self.units.codes.len()
    }

    pub fn member_rows(&self) -> usize {
        self.blocks.iter().map(|b| b.mems.len()).sum()
    }

    /// The number of distinct trees the register has had: the epoch of a date is how many unit
    /// versions began or ended on or before it.
    pub(super) fn epoch(&self, at: i32) -> usize {
        self.units.boundaries.partition_point(|&b| b <= at)
    }

    pub(super) fn tree(&self, at: i32) -> Arc<TreeAt> {
        let epoch = self.epoch(at);
        if let Ok(cache) = self.units.trees.lock() {
            if let Some((_, t)) = cache.iter().find(|(e, _)| *e == epoch) {
                return Arc::clone(t);
            }
        }
        let tree = Arc::new(self.build_tree(at));
        if let Ok(mut cache) = self.units.trees.lock() {
            if cache.len() >= TREE_CACHE {
                cache.remove(0);
            }
            cache.push((epoch, Arc::clone(&tree)));
        }
        tree
    }

    pub(super) fn version_at(&self, u: u32, at: i32) -> Option<u32> {
        let (a, b) = (self.units.ver_off.get(u as usize)?, self.units.ver_off.get(u as usize + 1)?);
        (*a..*b).find(|&i| self.units.vers.get(i as usize).is_some_and(|v| v.from <= at && at < v.to))
    }

    pub(super) fn build_tree(&self, at: i32) -> TreeAt {
        let n = self.units.codes.len();
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
            let p = self.units.vers.get(vi as usize).map_or(NONE, |v| v.parent);
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
                    let own =
                        self.units.vers.get(vi as usize).filter(|v| v.kind.is_grassroots()).and_then(|v| v.sector);
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
        let u = *self.units.by_code.get(code).ok_or_else(|| StatsError::UnknownUnit(code.clone()))?;
        let key = (u, at.days());
        let cell = self.answers.lock().ok().map(|mut a| match a.iter().find(|(k, _)| *k == key) {
            Some((_, cell)) => Arc::clone(cell),
            None => {
                if a.len() >= ANSWERS {
                    a.remove(0);
                }
                let cell = Arc::new(OnceLock::new());
                a.push((key, Arc::clone(&cell)));
                cell
            }
        });
        match cell {
            Some(cell) => cell.get_or_init(|| self.count_figures(u, code, at)).clone(),
            None => self.count_figures(u, code, at),
        }
    }

    /// [`Index::figures`] counted afresh, never from a remembered answer (what a benchmark of the
    /// counting measures).
    pub fn figures_counted(&self, code: &UnitCode, at: Date) -> Result<Figures, StatsError> {
        let u = *self.units.by_code.get(code).ok_or_else(|| StatsError::UnknownUnit(code.clone()))?;
        self.count_figures(u, code, at)
    }

    fn count_figures(&self, u: u32, code: &UnitCode, at: Date) -> Result<Figures, StatsError> {
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
        let kind = self.units.vers.get(vi as usize).map_or(UnitKind::Nation, |v| v.kind);
        let name = self.units.names.get(vi as usize).map_or_else(String::new, |n| n.to_string());
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
            let Some(v) = tree.version.get(p as usize).and_then(|&vi| self.units.vers.get(vi as usize)) else {
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
            let (block, i) = (self.blocks.get(unit as usize / BLOCK), unit % BLOCK as u32);
            for m in block.map_or(&[][..], |b| b.mems(i)) {
                if m.from <= d && d < m.to {
                    c.add_member(m, bands, g);
                }
            }
            for post in block.map_or(&[][..], |b| b.posts(i)) {
                if post.from <= d && d < post.to {
                    bump(&mut c.ranks, post.rank.index(), 1);
                    if post.primary {
                        // A main job whose holder has no staff category is counted as not
                        // classified, so that `actual` is every main job in the subtree.
                        bump(&mut c.actual, post.category.map_or(UNCLASSIFIED, |cat| cat.index()), 1);
                    }
                }
            }
            for q in slice(&self.quotas.rows, &self.quotas.off, unit) {
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
        let u = *self.units.by_code.get(code).ok_or_else(|| StatsError::UnknownUnit(code.clone()))?;
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
            if let (Some(code), Some(v), Some(name)) = (
                self.units.codes.get(unit as usize),
                self.units.vers.get(vi as usize),
                self.units.names.get(vi as usize),
            ) {
                out.push(UnitRef { code: code.clone(), name: name.to_string(), kind: v.kind });
            }
            p = tree.end.get(p as usize).copied().unwrap_or(stop).max(p + 1);
        }
        Ok(out)
    }
}
