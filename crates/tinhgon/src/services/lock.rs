//! The lock every operation turns before it reads or writes: the caller's [`Guard`] (their account
//! and the units they reach) and [`Names`], everything an operation names, asked of the reach at
//! once. Anything outside the reach is reported as absent ([`Denied::NotFound`]), so that a
//! refusal does not reveal that it exists.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use tinhgon_domain::msg::Msg;

use tinhgon_domain::access::{Action, Reach, Role};
use tinhgon_domain::register::Timeline;
use tinhgon_domain::UnitCode;
use tinhgon_store::accounts::{self, Account};
use tinhgon_store::sql::Tx;
use tinhgon_store::{people, units, StoreError};

use super::Absent;

/// What a confidential case names, for [`Guard::case`].
pub struct CaseSubject<'a> {
    pub id: i64,
    /// The committee or inspection commission that handles it.
    pub handler: &'a str,
    /// The organization it is about (or the member's cell).
    pub unit: Option<&'a str>,
    /// The member it is about.
    pub person: Option<&'a str>,
    /// Whether its decision has been announced (on or before today).
    pub announced: bool,
}

/// How a confidential case stands to a caller who may see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaseSight {
    /// A handler: everything, the sender of a denunciation included.
    Handler,
    /// The decision is announced and the caller reaches its subject: the case without its sender.
    Announced,
}

/// Why a request is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Denied {
    /// Outside the caller's reach, or absent: the same answer for both.
    NotFound(Absent),
}

/// The units of one subtree, as of one change-log sequence number.
type ScopeSet = Arc<HashSet<i64>>;

/// Subtree sets by root, reused until the unit tree changes.
#[derive(Default)]
pub struct ScopeCache {
    entries: Mutex<Vec<(UnitCode, i64, ScopeSet)>>,
}

const SCOPE_CACHE: usize = 32;

impl ScopeCache {
    /// The subtree of `root` as of `seq`: a set made at an earlier sequence is still the one when
    /// no entry since could have changed the unit tree (people's changes do not), and is then
    /// carried forward to `seq`.
    fn get(&self, tx: &mut Tx<'_>, root: &UnitCode, seq: i64) -> Result<ScopeSet, StoreError> {
        let cached =
            self.entries.lock().ok().and_then(|e| {
                e.iter().find(|(r, s, _)| r == root && *s <= seq).map(|(_, s, set)| (*s, Arc::clone(set)))
            });
        if let Some((at, set)) = cached {
            if at == seq || !tinhgon_store::tree_changed(tx, at, seq)? {
                if at != seq {
                    if let Ok(mut e) = self.entries.lock() {
                        for entry in e.iter_mut().filter(|(r, s, _)| r == root && *s < seq) {
                            entry.1 = seq;
                        }
                    }
                }
                return Ok(set);
            }
        }
        let set: ScopeSet = Arc::new(accounts::subtree_ids(tx, root)?.into_iter().collect());
        if let Ok(mut e) = self.entries.lock() {
            e.retain(|(r, _, _)| r != root);
            if e.len() >= SCOPE_CACHE {
                e.remove(0);
            }
            e.push((root.clone(), seq, Arc::clone(&set)));
        }
        Ok(set)
    }
}

/// The signed-in account and what it reaches.
#[derive(Clone)]
pub struct Guard {
    pub account: Account,
    /// The units a subtree-scoped account reaches; None for the whole register.
    units: Option<ScopeSet>,
    /// Whether the caller handles the confidential cases of the units they reach (when their role
    /// reads cases); off for figures stored for others to read ([`Guard::as_reader`]).
    handles_cases: bool,
    /// The reach checks asked of this guard (a unit, a person, a batch of names), shared by its
    /// copies: the tests count a request's.
    checks: Arc<std::sync::atomic::AtomicU64>,
}

/// How a named unit or person stands to the caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seen {
    /// It exists and lies in reach.
    Reached,
    /// A person who exists but belongs to no unit yet (just added): only an operation that
    /// attaches them to a unit in reach may name them.
    Unattached,
    /// It exists, out of reach: to be answered exactly like an absent one.
    Hidden,
}

/// What an operation names, gathered before anything is read or written.
#[derive(Default)]
pub struct Names<'a> {
    units: Vec<&'a str>,
    people: Vec<&'a str>,
}

impl<'a> Names<'a> {
    pub fn new() -> Names<'a> {
        Names::default()
    }

    pub fn unit(&mut self, code: &'a UnitCode) -> &mut Self {
        self.units.push(code.as_str());
        self
    }

    pub fn person(&mut self, code: &'a str) -> &mut Self {
        self.people.push(code.trim());
        self
    }
}

/// How each named unit and person stands to the caller; a code missing here does not exist.
pub struct Sight {
    units: HashMap<String, Seen>,
    people: HashMap<String, Seen>,
}

impl Sight {
    /// None when the unit does not exist.
    pub fn unit(&self, code: &UnitCode) -> Option<Seen> {
        self.units.get(code.as_str()).copied()
    }

    pub fn person(&self, code: &str) -> Option<Seen> {
        self.people.get(code.trim()).copied()
    }

    /// The unit exists but is out of reach: the operation must answer as if it did not exist.
    pub fn hides_unit(&self, code: &UnitCode) -> bool {
        self.unit(code) == Some(Seen::Hidden)
    }

    /// The person exists but may not be named here; `attaching` operations (a new membership or
    /// position in a unit in reach) may name a person who belongs to no unit yet.
    pub fn hides_person(&self, code: &str, attaching: bool) -> bool {
        match self.person(code) {
            Some(Seen::Hidden) => true,
            Some(Seen::Unattached) => !attaching,
            _ => false,
        }
    }
}

impl Guard {
    /// Resolves the account's reach as of the register's current state.
    pub fn new(tx: &mut Tx<'_>, cache: &ScopeCache, seq: i64, account: Account) -> Result<Guard, StoreError> {
        let units = match account.role.reach() {
            Reach::Everything => None,
            Reach::OwnRecord => Some(Arc::new(HashSet::new())),
            Reach::Subtree => match &account.scope {
                Some(root) => Some(cache.get(tx, root, seq)?),
                // A scoped role without a unit reaches nothing.
                None => Some(Arc::new(HashSet::new())),
            },
        };
        Ok(Guard { account, units, handles_cases: true, checks: Arc::default() })
    }

    /// The operator of the command line: the administrator's rights over the whole register,
    /// logged under `actor`.
    pub fn operator(actor: &str) -> Guard {
        let account = Account {
            id: 0,
            name: actor.into(),
            display_name: "tinhgon (dòng lệnh / command line)".into(),
            role: Role::Admin,
            scope: None,
            person: None,
            password_hash: String::new(),
            created_at: String::new(),
            disabled_at: None,
        };
        Guard { account, units: None, handles_cases: true, checks: Arc::default() }
    }

    /// The same reach without the handling of confidential cases: what a reader who handles no
    /// case sees — cases and decisions only once announced. Figures computed to be stored and read
    /// by others (a campaign's pre-filled reports) are computed so.
    pub fn as_reader(&self) -> Guard {
        Guard { handles_cases: false, ..self.clone() }
    }

    pub fn role(&self) -> Role {
        self.account.role
    }

    /// The unit a scoped account starts from.
    pub fn home_unit(&self) -> Option<&UnitCode> {
        self.account.scope.as_ref()
    }

    pub fn may(&self, action: Action) -> bool {
        self.account.role.may(action)
    }

    /// How many reach checks this guard (and its copies) has asked.
    pub fn checks(&self) -> u64 {
        self.checks.load(std::sync::atomic::Ordering::Relaxed)
    }

    fn checked(&self) {
        self.checks.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    fn reaches_unit_id(&self, id: i64) -> bool {
        self.units.as_ref().is_none_or(|set| set.contains(&id))
    }

    /// Whether the caller sees every unit (no filtering needed).
    pub fn sees_everything(&self) -> bool {
        self.units.is_none()
    }

    /// How every named unit and person stands to the caller, asked in one go.
    pub fn sight(&self, tx: &mut Tx<'_>, names: &Names<'_>) -> Result<Sight, StoreError> {
        self.checked();
        let units = units::ids_of(tx, &names.units)?
            .into_iter()
            .map(|(code, id)| {
                let seen = if self.reaches_unit_id(id) { Seen::Reached } else { Seen::Hidden };
                (code, seen)
            })
            .collect();
        let existing = people::codes_existing(tx, &names.people)?;
        let people = match self.account.role.reach() {
            Reach::Everything => existing.into_iter().map(|c| (c, Seen::Reached)).collect(),
            Reach::OwnRecord => {
                let own = self.account.person.as_deref();
                existing
                    .into_iter()
                    .map(|c| {
                        let seen = if Some(c.as_str()) == own { Seen::Reached } else { Seen::Hidden };
                        (c, seen)
                    })
                    .collect()
            }
            Reach::Subtree => {
                let codes: Vec<&str> = existing.iter().map(String::as_str).collect();
                let mut attached: HashMap<String, bool> = HashMap::new();
                for (person, unit) in accounts::units_of_people(tx, &codes)? {
                    *attached.entry(person).or_default() |= self.reaches_unit_id(unit);
                }
                existing
                    .into_iter()
                    .map(|c| {
                        let seen = match attached.get(&c) {
                            None => Seen::Unattached,
                            Some(true) => Seen::Reached,
                            Some(false) => Seen::Hidden,
                        };
                        (c, seen)
                    })
                    .collect()
            }
        };
        Ok(Sight { units, people })
    }

    /// The register's units as the caller sees them: those out of reach are left out, so that
    /// every check of a row that names one answers exactly as for a unit that does not exist.
    pub fn timeline(&self, tx: &mut Tx<'_>) -> Result<Timeline, StoreError> {
        let spans: Vec<_> = units::spans_by_id(tx)?
            .into_iter()
            .filter(|(id, _)| self.reaches_unit_id(*id))
            .map(|(_, span)| span)
            .collect();
        Ok(Timeline::new(spans))
    }

    /// The unit, if it exists and lies in reach; otherwise absent.
    pub fn unit(&self, tx: &mut Tx<'_>, code: &UnitCode) -> Result<(), Denied> {
        self.checked();
        let absent = || Denied::NotFound(Absent::Unit(code.to_string()));
        let id = units::unit_id(tx, code).map_err(|_| absent())?.ok_or_else(absent)?;
        if self.reaches_unit_id(id) {
            Ok(())
        } else {
            Err(absent())
        }
    }

    /// Whether a unit named by its code exists and lies in reach (a code that does not read is no
    /// unit).
    pub fn reaches(&self, tx: &mut Tx<'_>, code: &str) -> bool {
        UnitCode::parse(code).is_ok_and(|u| self.unit(tx, &u).is_ok())
    }

    /// The person, if they exist and lie in reach (a member reaches only their own record; a
    /// scoped officer the people who have ever belonged to or held a position in their subtree).
    pub fn person(&self, tx: &mut Tx<'_>, code: &str) -> Result<(), Denied> {
        let absent = || Denied::NotFound(Absent::Person(code.trim().to_string()));
        let mut names = Names::new();
        names.person(code);
        let sight = self.sight(tx, &names).map_err(|_| absent())?;
        match sight.person(code) {
            Some(Seen::Reached) => Ok(()),
            _ => Err(absent()),
        }
    }

    /// How a confidential case (an inspection, a denunciation, a complaint, a discipline) stands to
    /// the caller: its handlers — a role that reads cases, with the handling unit in reach, and not
    /// the person the case is about — see all of it at any time; before its decision is announced
    /// nobody else sees it at all (answered as absent); after, whoever reaches its subject sees the
    /// decision, never who sent a denunciation or complaint.
    pub fn case(&self, tx: &mut Tx<'_>, case: &CaseSubject<'_>) -> Result<CaseSight, Denied> {
        let absent = || Denied::NotFound(Absent::said(Msg::new("lock-there-no-case").text("id", case.id)));
        let handles = self.may(Action::ReadCases)
            && self.handles_cases
            && self.reaches(tx, case.handler)
            && !case.person.is_some_and(|p| self.is_about(tx, p.trim()));
        if handles {
            return Ok(CaseSight::Handler);
        }
        if !case.announced {
            return Err(absent());
        }
        let reaches_subject = match (case.person, case.unit) {
            (Some(p), _) => self.person(tx, p).is_ok(),
            (None, Some(u)) => self.reaches(tx, u),
            (None, None) => false,
        };
        if reaches_subject {
            Ok(CaseSight::Announced)
        } else {
            Err(absent())
        }
    }

    /// Whether a case about `person` may be about the caller: their own record, or — for an
    /// account not linked to a record — a person of the account's own name (an officer's account
    /// is named after the officer). On the safe side: a namesake's case is kept from them too.
    fn is_about(&self, tx: &mut Tx<'_>, person: &str) -> bool {
        match self.account.person.as_deref() {
            Some(own) => own == person,
            None => people::person(tx, person).ok().flatten().is_some_and(|p| {
                let fold = |t: &str| tinhgon_domain::text::fold(t).split_whitespace().collect::<Vec<_>>().join(" ");
                fold(&p.name) == fold(&self.account.display_name)
            }),
        }
    }

    /// The units of a list the caller may read, in the list's order, asked in one go.
    pub fn readable_units<T>(
        &self,
        tx: &mut Tx<'_>,
        list: Vec<T>,
        code: impl Fn(&T) -> &str,
    ) -> Result<Vec<T>, StoreError> {
        if self.sees_everything() {
            return Ok(list);
        }
        let codes: Vec<&str> = list.iter().map(&code).collect();
        let reached: HashSet<String> = units::ids_of(tx, &codes)?
            .into_iter()
            .filter(|(_, id)| self.reaches_unit_id(*id))
            .map(|(c, _)| c)
            .collect();
        Ok(list.into_iter().filter(|u| reached.contains(code(u))).collect())
    }

    /// The people of a list the caller may read, in the list's order: one question to the
    /// register for the whole list rather than one per person.
    pub fn readable_people<T>(
        &self,
        tx: &mut Tx<'_>,
        list: Vec<T>,
        code: impl Fn(&T) -> &str,
    ) -> Result<Vec<T>, StoreError> {
        match self.account.role.reach() {
            Reach::Everything => Ok(list),
            Reach::OwnRecord => {
                let own = self.account.person.as_deref();
                Ok(list.into_iter().filter(|p| Some(code(p)) == own).collect())
            }
            Reach::Subtree => {
                let codes: Vec<&str> = list.iter().map(&code).collect();
                let reached: HashSet<String> = accounts::units_of_people(tx, &codes)?
                    .into_iter()
                    .filter(|(_, unit)| self.reaches_unit_id(*unit))
                    .map(|(person, _)| person)
                    .collect();
                Ok(list.into_iter().filter(|p| reached.contains(code(p))).collect())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    //! The lock's decisions on a real register (SQLite in a temporary file): a scoped account
    //! reaches its unit and what lies under it, never a sibling or a parent, and a unit out of reach
    //! is refused exactly as one that does not exist.

    use super::*;
    use tinhgon_domain::access::Role;

    use crate::services::testing::{code, register, scoped};

    #[test]
    fn a_scoped_account_reaches_its_subtree_and_nothing_else_and_out_of_reach_reads_as_absent() {
        let (mut s, path) = register("reach");
        let g = scoped(&mut s, Role::Organization, "P.A");
        let answers = s
            .read(|tx| {
                let reached: Vec<bool> =
                    ["P.A", "P.A.C1", "P.B", "P.B.C1", "P"].iter().map(|c| g.reaches(tx, c)).collect();
                let hidden = format!("{:?}", g.unit(tx, &code("P.B.C1")).err());
                let absent = format!("{:?}", g.unit(tx, &code("P.KHONGCO")).err());
                let mut names = Names::new();
                let (mine, other) = (code("P.A.C1"), code("P.B"));
                names.unit(&mine).unit(&other);
                let sight = g.sight(tx, &names)?;
                Ok((reached, hidden, absent, sight.unit(&mine), sight.unit(&other), sight.hides_unit(&other)))
            })
            .unwrap_or_else(|e| panic!("{e}"));
        let (reached, hidden, absent, mine, other, hides) = answers;
        assert_eq!(reached, [true, true, false, false, false], "P.A, P.A.C1 | P.B, P.B.C1, P");
        assert!(hidden.starts_with("Some(NotFound") && absent.starts_with("Some(NotFound"), "{hidden} / {absent}");
        assert_eq!(
            hidden.replace("P.B.C1", "<code>"),
            absent.replace("P.KHONGCO", "<code>"),
            "out of reach answers as absent"
        );
        assert_eq!((mine, other, hides), (Some(Seen::Reached), Some(Seen::Hidden), true));
        let everything = Guard::operator("tinhgon");
        assert!(s.read(|tx| Ok(everything.reaches(tx, "P.B.C1"))).unwrap_or(false), "the operator reaches all");
        drop(s);
        let _ = std::fs::remove_file(&path);
    }
}
