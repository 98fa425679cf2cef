//! Browser sessions: rows by the hash of their cookie. They are not facts of the register, so
//! they are written outside the change log and the writer's lock.

use crate::sql::Tx;
use crate::{Store, StoreError};

/// A stored session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionRow {
    pub account_id: i64,
    /// Seconds since 1970, UTC.
    pub started: i64,
    pub seen: i64,
}

impl Store {
    pub fn session_insert(&mut self, hash: &str, account_id: i64, now: i64) -> Result<(), StoreError> {
        self.untracked(|tx| {
            tx.exec(
                "INSERT INTO session (token_hash, account_id, started_at, seen_at) VALUES ($1, $2, $3, $3)",
                &[hash.into(), account_id.into(), now.into()],
            )?;
            Ok(())
        })
    }

    pub fn session_seen(&mut self, hash: &str, now: i64) -> Result<(), StoreError> {
        self.untracked(|tx| {
            tx.exec("UPDATE session SET seen_at = $1 WHERE token_hash = $2", &[now.into(), hash.into()])?;
            Ok(())
        })
    }

    /// Ends one session, and any that have lapsed: seen last before `seen_before`, or begun before
    /// `started_before`.
    pub fn session_end(&mut self, hash: &str, (seen_before, started_before): (i64, i64)) -> Result<(), StoreError> {
        self.untracked(|tx| {
            tx.exec(
                "DELETE FROM session WHERE token_hash = $1 OR seen_at < $2 OR started_at < $3",
                &[hash.into(), seen_before.into(), started_before.into()],
            )?;
            Ok(())
        })
    }
}

/// The session of a cookie's hash, read inside a caller's transaction.
pub fn session(tx: &mut Tx<'_>, hash: &str) -> Result<Option<SessionRow>, StoreError> {
    tx.query_opt("SELECT account_id, started_at, seen_at FROM session WHERE token_hash = $1", &[hash.into()])?
        .map(|r| Ok(SessionRow { account_id: r.int(0)?, started: r.int(1)?, seen: r.int(2)? }))
        .transpose()
}

/// Ends every session of an account, inside the write that changes its password or disables it.
pub(crate) fn end_all(tx: &mut Tx<'_>, account_id: i64) -> Result<u64, StoreError> {
    tx.exec("DELETE FROM session WHERE account_id = $1", &[account_id.into()])
}
