//! From the rows collected in an [`IndexBuilder`] to an [`Index`].

use super::index::{Block, Quotas, UnitRows, Units, BLOCK};
use super::*;

impl IndexBuilder {
    pub fn build(self) -> Index {
        let units = Units::new(self.codes, self.versions);
        let mut spellings: Vec<(Box<str>, u16)> = self.spellings.into_iter().collect();
        // Spellings that fold alike ("Tày", "tày") are one group, named by the first of its
        // spellings in sorted order.
        spellings.sort();
        let mut groups = Groups::default();
        let group_of = groups.join_all(&spellings);
        let rows = UnitRows::collect(&units, self.members, self.posts, &group_of);
        let quotas = Quotas::new(&units, self.quotas);
        let (ethnicities, majority) = groups.into_names();
        Index {
            blocks: blocks(rows),
            units: Arc::new(units),
            quotas: Arc::new(quotas),
            ethnicities,
            majority,
            answers: Mutex::new(Vec::new()),
        }
    }
}

/// The units' rows in blocks, each unit's own lists dropped once copied into its block.
pub(super) fn blocks(rows: Vec<UnitRows>) -> Vec<Arc<Block>> {
    let mut out = Vec::with_capacity(rows.len().div_ceil(BLOCK));
    let mut rows = rows.into_iter();
    loop {
        let chunk: Vec<UnitRows> = rows.by_ref().take(BLOCK).collect();
        if chunk.is_empty() {
            return out;
        }
        out.push(Arc::new(Block::of(&chunk)));
    }
}

impl Units {
    /// The unit tables from every unit and every version.
    pub(super) fn new(codes: HashMap<i64, UnitCode>, versions: Vec<VersionRow>) -> Units {
        // Units are numbered in code order, so that children filled in unit order are already in
        // code order and no tree build needs to sort.
        let mut ids: Vec<i64> = codes.keys().copied().collect();
        ids.sort_unstable_by(|a, b| codes.get(a).cmp(&codes.get(b)));
        let by_id: HashMap<i64, u32> = ids.iter().enumerate().map(|(i, id)| (*id, i as u32)).collect();
        let n = ids.len();
        let idx = |id: i64| by_id.get(&id).copied().unwrap_or(NONE);
        let end = |d: Option<Date>| d.map_or(OPEN, Date::days);

        let mut versions = versions;
        versions.sort_by_cached_key(|v| (idx(v.unit_id), v.from));
        let ver_off = offsets(n, versions.iter().map(|v| idx(v.unit_id)));
        let mut boundaries: Vec<i32> = Vec::with_capacity(versions.len() * 2);
        let mut names = Vec::with_capacity(versions.len());
        let vers: Vec<Version> = versions
            .into_iter()
            .map(|v| {
                boundaries.push(v.from.days());
                if let Some(t) = v.to {
                    boundaries.push(t.days());
                }
                names.push(v.name.into_boxed_str());
                Version {
                    from: v.from.days(),
                    to: end(v.to),
                    parent: v.parent_id.map_or(NONE, idx),
                    kind: v.kind,
                    sector: v.sector,
                }
            })
            .collect();
        boundaries.sort_unstable();
        boundaries.dedup();
        let codes: Vec<UnitCode> = ids.iter().filter_map(|id| codes.get(id).cloned()).collect();
        let by_code = codes.iter().enumerate().map(|(i, c)| (c.clone(), i as u32)).collect();
        Units { ids, by_id, codes, by_code, ver_off, vers, names, boundaries, trees: Mutex::new(Vec::new()) }
    }
}

impl Quotas {
    pub(super) fn new(units: &Units, mut rows: Vec<QuotaRow>) -> Quotas {
        let idx = |id: i64| units.by_id.get(&id).copied().unwrap_or(NONE);
        rows.sort_by_cached_key(|q| idx(q.unit_id));
        let off = offsets(units.ids.len(), rows.iter().map(|q| idx(q.unit_id)));
        Quotas { off, rows }
    }
}

impl UnitRows {
    /// Sorts membership and position rows into one list per unit of `units`.
    fn collect(
        units: &Units,
        members: Vec<(i64, Member, u16, u32)>,
        posts: Vec<(i64, Post)>,
        group_of: &[u8],
    ) -> Vec<UnitRows> {
        let n = units.ids.len();
        let idx = |id: i64| units.by_id.get(&id).map(|&u| u as usize);
        // Counted first so that every list is allocated once, at its size.
        let (mut mem_n, mut post_n) = (vec![0usize; n], vec![0usize; n]);
        for (u, ..) in &members {
            if let Some(c) = idx(*u).and_then(|u| mem_n.get_mut(u)) {
                *c += 1;
            }
        }
        for (u, _) in &posts {
            if let Some(c) = idx(*u).and_then(|u| post_n.get_mut(u)) {
                *c += 1;
            }
        }
        let mut rows: Vec<UnitRows> = (0..n)
            .map(|u| {
                let (m, p) = (mem_n.get(u).copied().unwrap_or(0), post_n.get(u).copied().unwrap_or(0));
                UnitRows {
                    mems: Vec::with_capacity(m),
                    mem_person: Vec::with_capacity(m),
                    posts: Vec::with_capacity(p),
                }
            })
            .collect();
        for (u, m, spelling, person) in members {
            if let Some(r) = idx(u).and_then(|u| rows.get_mut(u)) {
                let ethnicity = group_of.get(usize::from(spelling)).copied().unwrap_or(NO_ETHNICITY);
                r.mems.push(Member { ethnicity, ..m });
                r.mem_person.push(person);
            }
        }
        for (u, p) in posts {
            if let Some(r) = idx(u).and_then(|u| rows.get_mut(u)) {
                r.posts.push(p);
            }
        }
        rows
    }
}

/// The ethnic groups the index tells apart, each with the folded key its spellings share.
#[derive(Default)]
pub(super) struct Groups(Vec<(String, Box<str>)>);

impl Groups {
    /// The groups of an index's names, as [`Groups::into_names`] gave them.
    pub(super) fn of(names: &[Box<str>]) -> Groups {
        let key = |g: usize, name: &str| {
            if g == GROUPS - 1 && name == OTHER_GROUPS {
                String::new()
            } else {
                crate::text::fold(name)
            }
        };
        Groups(names.iter().enumerate().map(|(g, name)| (key(g, name), name.clone())).collect())
    }

    /// The group number of each spelling, by the spelling's number: spellings that fold alike
    /// join one group, named by the first of them in sorted order; groups past the last the index
    /// tells apart share one.
    pub(super) fn join_all(&mut self, spellings: &[(Box<str>, u16)]) -> Vec<u8> {
        let mut group_of = vec![NO_ETHNICITY; spellings.len()];
        for (spelling, id) in spellings {
            let g = self.join(spelling);
            if let Some(slot) = group_of.get_mut(usize::from(*id)) {
                *slot = g;
            }
        }
        group_of
    }

    fn join(&mut self, spelling: &str) -> u8 {
        let key = crate::text::fold(spelling);
        let groups = &mut self.0;
        match groups.iter().position(|(k, _)| *k == key) {
            Some(g) => {
                if let Some((_, name)) = groups.get_mut(g) {
                    if spelling < &**name {
                        *name = spelling.into();
                    }
                }
                g as u8
            }
            None if groups.len() < GROUPS - 1 => {
                groups.push((key, spelling.into()));
                (groups.len() - 1) as u8
            }
            None => {
                if groups.len() < GROUPS {
                    groups.push((String::new(), OTHER_GROUPS.into()));
                }
                (GROUPS - 1) as u8
            }
        }
    }

    /// The names by group number, and the number of the majority group or [`NO_ETHNICITY`].
    pub(super) fn into_names(self) -> (Vec<Box<str>>, u8) {
        let majority = self.0.iter().position(|(k, _)| k == MAJORITY).map_or(NO_ETHNICITY, |g| g as u8);
        (self.0.into_iter().map(|(_, name)| name).collect(), majority)
    }
}
