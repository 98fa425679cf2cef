//! After the last operation: the rows to write, the rules the result breaks, and the report.

use super::*;

impl<'a> Work<'a> {
    pub(super) fn finish(mut self, rules: &RuleBook) -> Outcome {
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
    pub(super) fn post_counts(&self, code: &UnitCode) -> (u32, u32) {
        let posts = self.posts_after(code);
        let deputies: HashSet<&str> =
            posts.iter().filter(|a| a.rank == Rank::Deputy).map(|a| a.person.as_str()).collect();
        (deputies.len() as u32, posts.iter().filter(|a| a.primary).count() as u32)
    }

    /// Concurrent-title coverage over the party committees the plan touches that lead a people's
    /// council: how many have their secretary chairing it.
    pub(super) fn coverage(&mut self) {
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

    pub(super) fn wanted_party(&self, code: &UnitCode) -> bool {
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

    pub(super) fn posts_after(&self, code: &UnitCode) -> Vec<&Assignment> {
        match self.posts.get(code) {
            Some(ps) => ps.iter().map(|p| &p.a).collect(),
            None => self.snap.posts.get(code).into_iter().flatten().map(|p| &p.assignment).collect(),
        }
    }

    /// The difference between the register and the plan's world, as rows to write.
    pub(super) fn changes(&mut self) -> Changeset {
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

    pub(super) fn by_kind(&self, changes: &Changeset) -> Vec<KindCount> {
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

    pub(super) fn report_units(&mut self, touched: &[(UnitCode, usize)]) {
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

pub(super) fn heads<'x>(posts: impl Iterator<Item = &'x Assignment>) -> HashSet<&'x str> {
    posts.filter(|a| a.rank == Rank::Head).map(|a| a.person.as_str()).collect()
}

/// The same day `years` later (28 February for 29 February).
pub fn add_years(d: Date, years: u32) -> Date {
    let (y, m, day) = d.ymd();
    let y = y + years as i32;
    Date::from_ymd(y, m, day).or_else(|| Date::from_ymd(y, m, day.saturating_sub(1))).unwrap_or(d)
}
