//! Accounts and API tokens. Secrets never reach the change log: it records who was created,
//! changed, disabled or given a token, never a password hash or a token.

use serde::Deserialize;
use serde_json::json;
use tinhgon_domain::access::Role;
use tinhgon_domain::{Date, UnitCode};

use crate::log::Entry;
use crate::sql::{Row, Tx, Value};
use crate::{StoreError, Writer};

/// An account as stored.
#[derive(Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Account {
    pub id: i64,
    pub name: String,
    pub display_name: String,
    pub role: Role,
    /// The unit whose subtree a scoped role reaches.
    pub scope: Option<UnitCode>,
    /// The person record of a member's account.
    pub person: Option<String>,
    pub password_hash: String,
    pub created_at: String,
    pub disabled_at: Option<String>,
}

/// What it takes to create an account.
pub struct NewAccount<'a> {
    pub name: &'a str,
    pub display_name: &'a str,
    pub role: Role,
    pub scope: Option<&'a UnitCode>,
    pub person: Option<&'a str>,
    pub password_hash: &'a str,
}

/// A token as listed (never the token itself).
#[derive(Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct TokenLine {
    pub id: i64,
    pub account: String,
    pub label: String,
    pub created_at: String,
    pub expires_on: Option<Date>,
    pub revoked_at: Option<String>,
}

const SELECT_ACCOUNT: &str = "SELECT a.id, a.name, a.display_name, a.role, u.code, p.code, a.password_hash,
        a.created_at, a.disabled_at
    FROM account a LEFT JOIN unit u ON u.id = a.scope_unit_id LEFT JOIN person p ON p.id = a.person_id";

fn account_from_row(r: &Row) -> Result<Account, StoreError> {
    r.decode()
}

pub fn account(tx: &mut Tx<'_>, name: &str) -> Result<Option<Account>, StoreError> {
    let sql = format!("{SELECT_ACCOUNT} WHERE a.name = $1");
    tx.query_opt(&sql, &[name.into()])?.as_ref().map(account_from_row).transpose()
}

pub fn account_by_id(tx: &mut Tx<'_>, id: i64) -> Result<Option<Account>, StoreError> {
    let sql = format!("{SELECT_ACCOUNT} WHERE a.id = $1");
    tx.query_opt(&sql, &[id.into()])?.as_ref().map(account_from_row).transpose()
}

pub fn accounts(tx: &mut Tx<'_>) -> Result<Vec<Account>, StoreError> {
    let sql = format!("{SELECT_ACCOUNT} ORDER BY a.name");
    tx.query(&sql, &[])?.iter().map(account_from_row).collect()
}

/// The enabled account a token belongs to, if the token is known, not revoked and not expired on `today`.
pub fn account_by_token(tx: &mut Tx<'_>, token_hash: &str, today: Date) -> Result<Option<Account>, StoreError> {
    let sql = format!(
        "{SELECT_ACCOUNT} JOIN api_token t ON t.account_id = a.id
         WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_on IS NULL OR t.expires_on > $2)
           AND a.disabled_at IS NULL"
    );
    tx.query_opt(&sql, &[token_hash.into(), today.into()])?.as_ref().map(account_from_row).transpose()
}

pub fn tokens(tx: &mut Tx<'_>, account: Option<&str>) -> Result<Vec<TokenLine>, StoreError> {
    let rows = tx.query(
        "SELECT t.id, a.name, t.label, t.created_at, t.expires_on, t.revoked_at
         FROM api_token t JOIN account a ON a.id = t.account_id
         WHERE $1 = '' OR a.name = $1 ORDER BY t.id",
        &[account.unwrap_or("").into()],
    )?;
    rows.iter().map(Row::decode).collect()
}

impl Writer<'_, '_> {
    fn require_account(&mut self, name: &str) -> Result<Account, StoreError> {
        account(self.tx, name)?.ok_or_else(|| StoreError::Conflict(format!("unknown account {name}")))
    }

    /// Creates an account; a name already taken fails on the table's uniqueness constraint.
    pub fn insert_account(&mut self, a: &NewAccount<'_>) -> Result<i64, StoreError> {
        let scope = match a.scope {
            Some(code) => Some(self.require_unit(code)?),
            None => None,
        };
        let person = match a.person {
            Some(code) => Some(self.require_person(code)?),
            None => None,
        };
        self.log(Entry::new("create", "account", a.name).after(Some(json!({
            "display_name": a.display_name,
            "role": a.role,
            "scope": a.scope.map(UnitCode::as_str),
            "person": a.person,
        }))))?;
        let id = self.next_id("account")?;
        self.tx.exec(
            "INSERT INTO account (id, name, display_name, role, scope_unit_id, person_id, password_hash, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            &[
                id.into(),
                a.name.into(),
                a.display_name.into(),
                a.role.code().into(),
                Value::from(scope),
                Value::from(person),
                a.password_hash.into(),
                self.at.clone().into(),
            ],
        )?;
        Ok(id)
    }

    pub fn set_password(&mut self, name: &str, password_hash: &str) -> Result<(), StoreError> {
        let a = self.require_account(name)?;
        self.log(Entry::new("password", "account", name))?;
        self.tx.exec("UPDATE account SET password_hash = $1 WHERE id = $2", &[password_hash.into(), a.id.into()])?;
        // The old password's sessions and tokens end with it.
        crate::sessions::end_all(self.tx, a.id)?;
        let at = self.at.clone();
        self.tx.exec(
            "UPDATE api_token SET revoked_at = $1 WHERE account_id = $2 AND revoked_at IS NULL",
            &[at.into(), a.id.into()],
        )?;
        Ok(())
    }

    /// Disables an account and revokes its tokens; returns false if it was disabled already.
    pub fn disable_account(&mut self, name: &str) -> Result<bool, StoreError> {
        let a = self.require_account(name)?;
        if a.disabled_at.is_some() {
            return Ok(false);
        }
        self.log(Entry::new("disable", "account", name))?;
        let at = self.at.clone();
        self.tx.exec("UPDATE account SET disabled_at = $1 WHERE id = $2", &[at.clone().into(), a.id.into()])?;
        crate::sessions::end_all(self.tx, a.id)?;
        self.tx.exec(
            "UPDATE api_token SET revoked_at = $1 WHERE account_id = $2 AND revoked_at IS NULL",
            &[at.into(), a.id.into()],
        )?;
        Ok(true)
    }

    pub fn insert_token(
        &mut self,
        account: &str,
        token_hash: &str,
        label: &str,
        expires_on: Option<Date>,
    ) -> Result<i64, StoreError> {
        let a = self.require_account(account)?;
        let id = self.next_id("api_token")?;
        self.log(
            Entry::new("create", "api_token", &id.to_string())
                .after(Some(json!({ "account": account, "label": label, "expires_on": expires_on }))),
        )?;
        let at = self.at.clone();
        self.tx.exec(
            "INSERT INTO api_token (id, account_id, token_hash, label, created_at, expires_on)
             VALUES ($1, $2, $3, $4, $5, $6)",
            &[id.into(), a.id.into(), token_hash.into(), label.into(), at.into(), expires_on.into()],
        )?;
        Ok(id)
    }

    /// Revokes a token; returns false if there is no such live token.
    pub fn revoke_token(&mut self, id: i64) -> Result<bool, StoreError> {
        let at = self.at.clone();
        let n = self.tx.exec(
            "UPDATE api_token SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
            &[at.into(), id.into()],
        )?;
        if n == 0 {
            return Ok(false);
        }
        self.log(Entry::new("revoke", "api_token", &id.to_string()))?;
        Ok(true)
    }
}

/// Every unit that has at some date been at or below `root` (through any version's parent), by id.
/// A unit that moved keeps being visible to the officers of its old and its new superior.
pub fn subtree_ids(tx: &mut Tx<'_>, root: &UnitCode) -> Result<Vec<i64>, StoreError> {
    let rows = tx.query(
        "WITH RECURSIVE down(id) AS (
             SELECT id FROM unit WHERE code = $1
             UNION
             SELECT v.unit_id FROM down JOIN unit_version v ON v.parent_id = down.id
         ) SELECT id FROM down",
        &[root.as_str().into()],
    )?;
    rows.iter().map(|r| r.int(0)).collect()
}

/// The units a person has ever belonged to or held a position in, by id.
/// The units every one of `codes` has ever belonged to or held a position in, as (code, unit id)
/// pairs, asked in batches.
pub fn units_of_people(tx: &mut Tx<'_>, codes: &[&str]) -> Result<Vec<(String, i64)>, StoreError> {
    let mut out = Vec::new();
    for batch in codes.chunks(500) {
        let list = crate::sql::marks(batch.len());
        let sql = format!(
            "SELECT p.code, m.unit_id FROM membership m JOIN person p ON p.id = m.person_id WHERE p.code IN ({list})
             UNION
             SELECT p.code, a.unit_id FROM assignment a JOIN person p ON p.id = a.person_id WHERE p.code IN ({list})"
        );
        let params: Vec<crate::sql::Value> = batch.iter().map(|c| (*c).into()).collect();
        for r in tx.query(&sql, &params)? {
            out.push((r.text(0)?, r.int(1)?));
        }
    }
    Ok(out)
}

pub fn units_of_person(tx: &mut Tx<'_>, code: &str) -> Result<Vec<i64>, StoreError> {
    let rows = tx.query(
        "SELECT m.unit_id FROM membership m JOIN person p ON p.id = m.person_id WHERE p.code = $1
         UNION
         SELECT a.unit_id FROM assignment a JOIN person p ON p.id = a.person_id WHERE p.code = $1",
        &[code.into()],
    )?;
    rows.iter().map(|r| r.int(0)).collect()
}
