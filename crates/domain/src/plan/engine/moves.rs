//! Moving what a unit holds — sub-units, members, posts — to where an operation sends it, and
//! sharing it out between the parts of a split.

use super::*;

impl<'a> Work<'a> {
    /// Checks the units an operation ends or changes: they stand, they are claimed once, and
    /// their history is before the effective date. `new_parent` must not lie inside any of them.
    pub(super) fn sources_ok(
        &mut self,
        op: usize,
        label: &'static str,
        sources: &[UnitCode],
        new_parent: Option<&UnitCode>,
    ) -> bool {
        let mut ok = true;
        if sources.is_empty() {
            self.err(PlanError::NoUnits { op, label });
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
    pub(super) fn target_ok(&mut self, op: usize, label: &'static str, source: &UnitCode, target: &UnitCode) -> bool {
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
    pub(super) fn end_unit(&mut self, op: usize, unit: &UnitCode) {
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
    pub(super) fn transfer(&mut self, op: usize, label: &'static str, src: &UnitCode, dest: &Dest<'_>) {
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
    pub(super) fn receive_post(&mut self, op: usize, target: &UnitCode, mut p: PostW) {
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
    pub(super) fn share_out(
        &mut self,
        op: usize,
        label: &'static str,
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
    pub(super) fn count_after(&self, cell: &UnitCode) -> Count {
        match self.members.get(cell) {
            Some(ms) => Count {
                official: ms.iter().filter(|m| m.m.status == MemberStatus::Official).count() as u32,
                all: ms.len() as u32,
            },
            None => self.snap.cell_counts.get(cell).copied().unwrap_or_default(),
        }
    }

    pub(super) fn subtree_members(&self, code: &UnitCode, depth: u32) -> u32 {
        let own = match self.get(code) {
            Some(v) if v.kind.holds_members() => self.count_after(code).all,
            _ => 0,
        };
        if depth > 64 {
            return own;
        }
        own + self.children.get(code).into_iter().flatten().map(|c| self.subtree_members(c, depth + 1)).sum::<u32>()
    }
}
