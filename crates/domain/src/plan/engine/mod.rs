//! Plays a plan on a snapshot of the register, operation by operation, in memory: the units,
//! members and posts as the plan leaves them, every refusal naming its operation.

mod finish;
pub use finish::add_years;
mod moves;

use super::*;

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
    fn require(&mut self, op: usize, label: &'static str, code: &UnitCode) -> Option<UnitVersion> {
        match self.get(code) {
            Some(v) => Some(v.clone()),
            None => {
                let gone_by = self.gone_by.get(code).copied();
                self.err(PlanError::UnknownUnit { op, label, code: code.clone(), gone_by });
                None
            }
        }
    }

    fn claim(&mut self, op: usize, label: &'static str, code: &UnitCode) -> bool {
        if let Some(first) = self.claims.get(code).copied() {
            self.err(PlanError::Claimed { op, label, code: code.clone(), first });
            return false;
        }
        self.claims.insert(code.clone(), op);
        true
    }

    /// Refuses a unit whose recorded history reaches the effective date: ending its version there
    /// would cut a change already recorded.
    fn check_date(&mut self, op: usize, label: &'static str, code: &UnitCode) -> bool {
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
    fn establish(&mut self, op: usize, label: &'static str, n: &NewUnit) -> bool {
        if self.get(&n.code).is_some() || self.gone_by.contains_key(&n.code) || self.snap.units.contains_key(&n.code) {
            self.err(PlanError::UnitExists { op, label, code: n.code.clone() });
            return false;
        }
        let v = self.new_version(n);
        if let Err(e) = v.check() {
            self.err(PlanError::Invalid { op, label, reason: e });
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
        let label = op.key();
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
                    self.err(PlanError::NoParts { op: i, label });
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
                            Err(e) => self.err(PlanError::Invalid { op: i, label, reason: e }),
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

    fn person_ok(&mut self, op: usize, label: &'static str, person: &str) -> bool {
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
        label: &'static str,
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

    fn post_unit_ok(&mut self, op: usize, label: &'static str, unit: &UnitCode) -> bool {
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
}
