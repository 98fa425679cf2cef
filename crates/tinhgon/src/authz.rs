//! The one authorization point. Every page, API call and export of the server asks a [`Guard`]
//! before it reads or writes: first whether the role may take the action at all, then whether
//! the unit or person asked for lies in the account's reach. Anything outside the reach is
//! reported as absent ([`Denied::NotFound`]), so that a refusal does not reveal that it exists.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use tinhgon_domain::access::{Action, Reach, Role};
use tinhgon_domain::UnitCode;
use tinhgon_store::accounts::{self, Account};
use tinhgon_store::sql::Tx;
use tinhgon_store::{units, StoreError};

/// Why a request is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Denied {
    /// Outside the caller's reach, or absent: the same answer for both.
    NotFound,
    /// Inside the reach, but the role may not take the action.
    Forbidden,
}

/// The units of one subtree, as of one change-log sequence number.
type ScopeSet = Arc<HashSet<i64>>;

/// Subtree sets by root, reused until the register changes.
#[derive(Default)]
pub struct ScopeCache {
    entries: Mutex<Vec<(UnitCode, i64, ScopeSet)>>,
}

const SCOPE_CACHE: usize = 32;

impl ScopeCache {
    fn get(&self, tx: &mut Tx<'_>, root: &UnitCode, seq: i64) -> Result<ScopeSet, StoreError> {
        if let Ok(e) = self.entries.lock() {
            if let Some((_, _, set)) = e.iter().find(|(r, s, _)| r == root && *s == seq) {
                return Ok(Arc::clone(set));
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
        Ok(Guard { account, units })
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

    fn action(&self, action: Action) -> Result<(), Denied> {
        if self.may(action) {
            Ok(())
        } else {
            Err(Denied::Forbidden)
        }
    }

    /// Whether the role may act at all, for operations that name no unit or person.
    pub fn require(&self, action: Action) -> Result<(), Denied> {
        self.action(action)
    }

    fn reaches_unit_id(&self, id: i64) -> bool {
        self.units.as_ref().is_none_or(|set| set.contains(&id))
    }

    /// May the caller take `action` on the unit? Unknown units and units out of reach are NotFound.
    pub fn unit(&self, tx: &mut Tx<'_>, code: &UnitCode, action: Action) -> Result<(), Denied> {
        let id = units::unit_id(tx, code).map_err(|_| Denied::NotFound)?.ok_or(Denied::NotFound)?;
        if !self.reaches_unit_id(id) {
            return Err(Denied::NotFound);
        }
        self.action(action)
    }

    /// May the caller take `action` on every unit named? A plan reaching outside the caller's
    /// subtree is absent to them (NotFound), as a unit out of reach is.
    pub fn units<'a>(
        &self,
        tx: &mut Tx<'_>,
        codes: impl IntoIterator<Item = &'a UnitCode>,
        action: Action,
    ) -> Result<(), Denied> {
        if let Some(set) = &self.units {
            let codes: Vec<&str> = codes.into_iter().map(UnitCode::as_str).collect();
            let found = units::ids_of(tx, &codes).map_err(|_| Denied::NotFound)?;
            // Codes the register does not know yet are units the plan creates: reached through
            // the superiors named with them.
            if found.iter().any(|(_, id)| !set.contains(id)) {
                return Err(Denied::NotFound);
            }
        }
        self.action(action)
    }

    /// Whether a unit is in reach, for filtering lists (no action check).
    pub fn sees_unit_id(&self, id: i64) -> bool {
        self.reaches_unit_id(id)
    }

    /// Whether the caller sees every unit (no filtering needed).
    pub fn sees_everything(&self) -> bool {
        self.units.is_none()
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

    /// May the caller take `action` on the person? A member reaches only their own record; a
    /// scoped officer reaches people who have ever belonged to or held a position in their subtree.
    pub fn person(&self, tx: &mut Tx<'_>, code: &str, action: Action) -> Result<(), Denied> {
        let exists = tinhgon_store::people::person_id(tx, code).map_err(|_| Denied::NotFound)?.is_some();
        if !exists {
            return Err(Denied::NotFound);
        }
        let reached = match self.account.role.reach() {
            Reach::Everything => true,
            Reach::OwnRecord => self.account.person.as_deref() == Some(code.trim()),
            Reach::Subtree => accounts::units_of_person(tx, code.trim())
                .map_err(|_| Denied::NotFound)?
                .into_iter()
                .any(|u| self.reaches_unit_id(u)),
        };
        if !reached {
            return Err(Denied::NotFound);
        }
        self.action(action)
    }
}
