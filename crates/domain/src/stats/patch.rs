//! An index brought up to date after a few changes, sharing what they did not touch.

use super::build::{blocks, Groups};
use super::index::{Block, Quotas, UnitRows, Units, BLOCK};
use super::*;

/// The people whose rows are replaced, asked millions of times per patch.
enum Replaced {
    None,
    One(u32),
    Many(Vec<u64>),
}

impl Replaced {
    fn new(people: &HashSet<i64>) -> Replaced {
        let keys: Vec<u32> = people.iter().map(|&id| person_key(id)).collect();
        match keys.as_slice() {
            [] => Replaced::None,
            [one] => Replaced::One(*one),
            _ => {
                let top = keys.iter().copied().max().unwrap_or(0) as usize;
                let mut bits = vec![0u64; top / 64 + 1];
                for k in keys {
                    if let Some(w) = bits.get_mut(k as usize / 64) {
                        *w |= 1 << (k % 64);
                    }
                }
                Replaced::Many(bits)
            }
        }
    }

    fn has(&self, person: u32) -> bool {
        match self {
            Replaced::None => false,
            Replaced::One(p) => *p == person,
            Replaced::Many(bits) => bits.get(person as usize / 64).is_some_and(|w| w >> (person % 64) & 1 == 1),
        }
    }

    /// Whether any of these rows is a replaced person's. Written as a fold without an early exit
    /// so that the comparison runs over the whole slice in vector instructions.
    fn any(&self, persons: impl Iterator<Item = u32>) -> bool {
        match self {
            Replaced::None => false,
            Replaced::One(p) => persons.fold(false, |hit, q| hit | (q == *p)),
            Replaced::Many(_) => persons.fold(false, |hit, q| hit | self.has(q)),
        }
    }

    fn touches(&self, b: &Block) -> bool {
        self.any(b.mem_person.iter().copied()) || self.any(b.posts.iter().map(|p| p.person))
    }
}

impl Index {
    /// A new index from this one after a few changes, without reading the whole register again:
    /// `fresh` holds the current rows of the people in `people` (all of whose old rows are
    /// dropped), and, when `units` or `quotas` is set, every unit with its versions or every
    /// quota. Only the blocks of units whose rows change are copied; the others, and the unit
    /// tables with their cached trees while no unit changed, are shared with this index. After a
    /// unit change the units are numbered anew and every block is rebuilt, each unit taking its
    /// old rows by id. Check [`patchable`] first.
    pub fn patched(&self, fresh: IndexBuilder, people: &HashSet<i64>, units: bool, quotas: bool) -> Index {
        let IndexBuilder { versions, members, spellings, posts, quotas: fresh_quotas, codes } = fresh;
        let tables = if units { Arc::new(Units::new(codes, versions)) } else { Arc::clone(&self.units) };

        let mut groups = Groups::of(&self.ethnicities);
        let mut spellings: Vec<(Box<str>, u16)> = spellings.into_iter().collect();
        spellings.sort();
        let group_of = groups.join_all(&spellings);
        let (ethnicities, majority) = groups.into_names();

        let replaced = Replaced::new(people);
        let keep = |person: u32| !replaced.has(person);
        // The fresh rows, by unit number.
        let mut fresh: BTreeMap<u32, UnitRows> = BTreeMap::new();
        let unit_of = |id: i64| tables.by_id.get(&id).copied();
        for (unit_id, m, spelling, person) in members {
            let Some(u) = unit_of(unit_id) else { continue };
            let r = fresh.entry(u).or_default();
            r.mems
                .push(Member { ethnicity: group_of.get(usize::from(spelling)).copied().unwrap_or(NO_ETHNICITY), ..m });
            r.mem_person.push(person);
        }
        for (unit_id, p) in posts {
            let Some(u) = unit_of(unit_id) else { continue };
            fresh.entry(u).or_default().posts.push(p);
        }
        let with_fresh = |u: u32, mut rows: UnitRows| {
            if let Some(f) = fresh.get(&u) {
                rows.mems.extend_from_slice(&f.mems);
                rows.mem_person.extend_from_slice(&f.mem_person);
                rows.posts.extend_from_slice(&f.posts);
            }
            rows
        };

        let blocks = if units {
            let old = |id: &i64| {
                let u = *self.units.by_id.get(id)?;
                let b = self.blocks.get(u as usize / BLOCK)?;
                Some(b.unit(u % BLOCK as u32, keep))
            };
            let rows = tables.ids.iter().enumerate().map(|(u, id)| with_fresh(u as u32, old(id).unwrap_or_default()));
            blocks(rows.collect())
        } else {
            let mut blocks = self.blocks.clone();
            let mut touched: BTreeSet<usize> =
                self.blocks.iter().enumerate().filter(|(_, b)| replaced.touches(b)).map(|(i, _)| i).collect();
            touched.extend(fresh.keys().map(|&u| u as usize / BLOCK));
            for bi in touched {
                let Some(old) = self.blocks.get(bi) else { continue };
                let first = (bi * BLOCK) as u32;
                let units: Vec<UnitRows> =
                    (0..old.len() as u32).map(|i| with_fresh(first + i, old.unit(i, keep))).collect();
                if let Some(slot) = blocks.get_mut(bi) {
                    *slot = Arc::new(Block::of(&units));
                }
            }
            blocks
        };

        let quotas = match (quotas, units) {
            (true, _) => Arc::new(Quotas::new(&tables, fresh_quotas)),
            (false, true) => Arc::new(Quotas::new(&tables, self.quotas.rows.clone())),
            (false, false) => Arc::clone(&self.quotas),
        };
        Index { units: tables, quotas, blocks, ethnicities, majority, answers: Mutex::new(Vec::new()) }
    }
}
