//! Accounts: who a session or a token belongs to and what they reach; and their management —
//! accounts, passwords and API tokens — by the administrator.

use crate::i18n::Label;
use crate::i18n::{both, both_each};
use tinhgon_domain::access::{Action, Reach, Role};
use tinhgon_domain::{Date, UnitCode};
use tinhgon_store::accounts::{self, Account, NewAccount, TokenLine};
use tinhgon_store::{people, units, Store, StoreError};

use super::{Absent, Ctx, Error, Guard, ScopeCache};
use crate::auth::{self, Session, SessionPolicy};

/// How a request proves who it is.
pub enum Via {
    /// An API token, by its hash.
    Token(String),
    /// A browser session, by its cookie.
    Session(String),
}

/// A session's last-seen time is written at most this often, so that reading pages does not
/// write to the database on every request.
const SEEN_EVERY_SECS: i64 = 60;

/// The account behind a token or a live session, with its reach and, for a browser, its
/// session; None if it is unknown, expired, lapsed or disabled.
pub fn resolve(
    s: &mut Store,
    scopes: &ScopeCache,
    via: &Via,
    (today, now, policy): (Date, i64, SessionPolicy),
) -> Result<Option<(Guard, Option<Session>)>, StoreError> {
    // One read for the session, the account and its reach: this runs before every request.
    let found = s.read(|tx| {
        let (account, session) = match via {
            Via::Token(hash) => (accounts::account_by_token(tx, hash, today)?, None),
            Via::Session(cookie) => match tinhgon_store::session(tx, &auth::secret_hash(cookie))? {
                Some(row) if policy.alive(row.started, row.seen, now) => {
                    let account = accounts::account_by_id(tx, row.account_id)?.filter(|a| a.disabled_at.is_none());
                    (account, Some((row, Session { account_id: row.account_id, csrf: auth::csrf_of(cookie) })))
                }
                _ => (None, None),
            },
        };
        let Some(account) = account else { return Ok(None) };
        let seq = tinhgon_store::last_seq(tx)?;
        let guard = Guard::new(tx, scopes, seq, account)?;
        Ok(Some((guard, session)))
    })?;
    let Some((guard, session)) = found else { return Ok(None) };
    if let (Some((row, _)), Via::Session(cookie)) = (&session, via) {
        if now - row.seen >= SEEN_EVERY_SECS {
            s.session_seen(&auth::secret_hash(cookie), now)?;
        }
    }
    Ok(Some((guard, session.map(|(_, sess)| sess))))
}

/// Starts a session for an account that has just signed in, clearing away the sessions that have
/// lapsed; returns the cookie's value, of which only the hash is stored.
pub fn start_session(s: &mut Store, account_id: i64, (now, policy): (i64, SessionPolicy)) -> Result<String, Error> {
    let cookie = auth::secret().map_err(|e| refused("account-no-session", &[("error", e.to_string())]))?;
    s.session_end("", (now - policy.idle_secs, now - policy.max_secs))?;
    s.session_insert(&auth::secret_hash(&cookie), account_id, now)?;
    Ok(cookie)
}

/// Ends a session (signing out), and clears away any that have lapsed.
pub fn end_session(s: &mut Store, cookie: &str, (now, policy): (i64, SessionPolicy)) -> Result<(), StoreError> {
    s.session_end(&auth::secret_hash(cookie), (now - policy.idle_secs, now - policy.max_secs))
}

// ---------------------------------------------------------------- managing accounts

/// What an account is to be.
pub struct AccountSpec<'a> {
    pub name: &'a str,
    pub display_name: &'a str,
    pub role: Role,
    pub unit: Option<&'a str>,
    pub person: Option<&'a str>,
    pub password: &'a str,
}

fn refused(key: &str, args: &[(&str, String)]) -> Error {
    let (vi, en) = both(key, args);
    Error::Conflict { vi, en }
}

fn valid_name(name: &str) -> bool {
    (2..=40).contains(&name.len())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
}

fn unknown_account(name: &str) -> Error {
    refused("account-absent", &[("name", name.to_string())])
}

fn hashed(password: &str) -> Result<String, Error> {
    if let Some((vi, en)) = auth::password_problem(password) {
        return Err(Error::Conflict { vi, en });
    }
    auth::hash_password(password).map_err(|e| refused("account-no-hash", &[("error", e.to_string())]))
}

/// Checks and creates an account in one write (the administrator's).
pub fn create(s: &mut Store, cx: &Ctx, spec: &AccountSpec<'_>) -> Result<(), Error> {
    cx.require(Action::Administer)?;
    if !valid_name(spec.name) {
        return Err(refused("account-bad-name", &[("name", spec.name.to_string())]));
    }
    let unit = spec
        .unit
        .map(|u| {
            UnitCode::parse(u).map_err(|e| {
                let (vi, en) =
                    both_each("account-bad-unit", &[("error", crate::i18n::vi(&e))], &[("error", e.to_string())]);
                Error::Conflict { vi, en }
            })
        })
        .transpose()?;
    match (spec.role.reach(), &unit, spec.person) {
        (Reach::Subtree, None, _) => {
            let (vi, en) = both_each(
                "account-needs-unit",
                &[("role", spec.role.label_vi().to_string())],
                &[("role", spec.role.label_en().to_string())],
            );
            return Err(Error::Conflict { vi, en });
        }
        (Reach::OwnRecord, _, None) => return Err(refused("account-needs-person", &[])),
        _ => {}
    }
    let hash = hashed(spec.password)?;
    s.write(cx.actor(), &cx.now, |w| {
        if let Some(u) = &unit {
            if units::unit_id(w.tx(), u)?.is_none() {
                return Err(Error::NotFound(Absent::Unit(u.to_string())));
            }
        }
        if let Some(p) = spec.person {
            if people::person_id(w.tx(), p)?.is_none() {
                return Err(Error::NotFound(Absent::Person(p.to_string())));
            }
        }
        if accounts::account(w.tx(), spec.name)?.is_some() {
            return Err(refused("account-exists", &[("name", spec.name.to_string())]));
        }
        w.insert_account(&NewAccount {
            name: spec.name,
            display_name: spec.display_name,
            role: spec.role,
            scope: if spec.role.reach() == Reach::Subtree { unit.as_ref() } else { None },
            person: spec.person,
            password_hash: &hash,
        })?;
        Ok(())
    })
}

fn named<T>(name: &str, r: Result<T, StoreError>) -> Result<T, Error> {
    r.map_err(|e| match e {
        StoreError::Conflict(_) => unknown_account(name),
        e => Error::Store(e),
    })
}

/// Sets a new password; the account's sessions and tokens end with the old one.
pub fn set_password(s: &mut Store, cx: &Ctx, name: &str, password: &str) -> Result<(), Error> {
    cx.require(Action::Administer)?;
    let hash = hashed(password)?;
    named(name, s.write(cx.actor(), &cx.now, |w| w.set_password(name, &hash)))
}

/// Disables an account (its tokens are revoked with it); false if it was disabled already.
pub fn disable(s: &mut Store, cx: &Ctx, name: &str) -> Result<bool, Error> {
    cx.require(Action::Administer)?;
    named(name, s.write(cx.actor(), &cx.now, |w| w.disable_account(name)))
}

/// Every account, by name.
pub fn list(s: &mut Store, cx: &Ctx) -> Result<Vec<Account>, Error> {
    cx.require(Action::Administer)?;
    Ok(s.read(accounts::accounts)?)
}

/// Creates an API token for an active account; returns its id and the token, which is never
/// stored (only its hash).
pub fn create_token(
    s: &mut Store,
    cx: &Ctx,
    user: &str,
    expires_in_days: Option<u32>,
    label: &str,
) -> Result<(i64, String, Option<Date>), Error> {
    cx.require(Action::Administer)?;
    let account = s.read(|tx| accounts::account(tx, user))?.ok_or_else(|| unknown_account(user))?;
    if account.disabled_at.is_some() {
        return Err(refused("account-disabled", &[("name", user.to_string())]));
    }
    let expires_on = expires_in_days.map(|d| cx.today.add_days(d as i32));
    let secret = auth::secret().map_err(|e| refused("account-no-token", &[("error", e.to_string())]))?;
    let token = format!("{}{secret}", auth::TOKEN_PREFIX);
    let id = s.write(cx.actor(), &cx.now, |w| w.insert_token(user, &auth::secret_hash(&token), label, expires_on))?;
    Ok((id, token, expires_on))
}

/// The tokens, of one account or all.
pub fn tokens(s: &mut Store, cx: &Ctx, user: Option<&str>) -> Result<Vec<TokenLine>, Error> {
    cx.require(Action::Administer)?;
    Ok(s.read(|tx| accounts::tokens(tx, user))?)
}

/// Revokes a live token; false if there is none with that id.
pub fn revoke_token(s: &mut Store, cx: &Ctx, id: i64) -> Result<bool, Error> {
    cx.require(Action::Administer)?;
    Ok(s.write(cx.actor(), &cx.now, |w| w.revoke_token(id))?)
}

/// The account signing in, by name, if it exists.
pub fn by_name(s: &mut Store, name: &str) -> Result<Option<Account>, StoreError> {
    s.read(|tx| accounts::account(tx, name))
}
