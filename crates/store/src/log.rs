//! The change log: one entry per change, in the same transaction as the change, chained by
//! SHA-256 so that any edited or deleted entry breaks every hash after it.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tinhgon_domain::Decision;

use crate::sql::{Tx, Value};
use crate::StoreError;

/// What a writer says about one change.
pub struct Entry<'a> {
    /// `create`, `end`, `update`, `bulk_load`…
    pub action: &'a str,
    /// `unit`, `person`, `membership`, `assignment`, `quota`, `register`.
    pub entity: &'a str,
    /// The natural key of what changed (a unit code, a person code…).
    pub key: &'a str,
    pub decision: Option<&'a Decision>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

impl<'a> Entry<'a> {
    /// An entry of `action` on `entity` `key`, by no decision, with neither state yet.
    pub fn new(action: &'a str, entity: &'a str, key: &'a str) -> Entry<'a> {
        Entry { action, entity, key, decision: None, before: None, after: None }
    }

    /// The decision the change was made by.
    pub fn by(self, decision: Option<&'a Decision>) -> Entry<'a> {
        Entry { decision, ..self }
    }

    /// What was there before the change.
    pub fn before(self, before: Option<serde_json::Value>) -> Entry<'a> {
        Entry { before, ..self }
    }

    /// What is there after it.
    pub fn after(self, after: Option<serde_json::Value>) -> Entry<'a> {
        Entry { after, ..self }
    }
}

/// A stored entry, as the API and `verify` read it.
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct LogEntry {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub key: String,
    pub decision_no: Option<String>,
    pub decision_date: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

pub(crate) const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

pub(crate) fn head(tx: &mut Tx<'_>) -> Result<(i64, String), StoreError> {
    match tx.query_opt("SELECT seq, hash FROM change_log ORDER BY seq DESC LIMIT 1", &[])? {
        Some(r) => Ok((r.int(0)?, r.text(1)?)),
        None => Ok((0, GENESIS.to_string())),
    }
}

/// The hash of an entry given the previous hash: every field, in a fixed order, as JSON — written
/// straight into the hash, as `serde_json` writes a tuple (the same bytes as a JSON array).
pub(crate) fn hash_of(e: &LogEntry) -> String {
    struct Hashing(Sha256);
    impl std::io::Write for Hashing {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.update(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let canonical =
        (e.seq, &e.at, &e.actor, &e.action, &e.entity, &e.key, &e.decision_no, &e.decision_date, &e.before, &e.after);
    let mut h = Hashing(Sha256::new());
    h.0.update(e.prev_hash.as_bytes());
    h.0.update(b"\n");
    // Writing into a hash cannot fail, and every field serializes.
    let _ = serde_json::to_writer(&mut h, &canonical);
    hex::encode(h.0.finalize())
}

/// The columns of a change-log row, in the order [`row`] gives its values.
pub(crate) const COLUMNS: &[&str] = &[
    "seq",
    "at",
    "actor",
    "action",
    "entity",
    "entity_key",
    "decision_no",
    "decision_date",
    "before_json",
    "after_json",
    "prev_hash",
    "hash",
];

/// The values of the change-log row for an entry, chained to `prev_hash`, and its hash.
pub(crate) fn row(seq: i64, prev_hash: &str, actor: &str, at: &str, e: &Entry<'_>) -> (Vec<Value>, String) {
    let texts = (e.before.as_ref().map(ToString::to_string), e.after.as_ref().map(ToString::to_string));
    row_with_texts(seq, (prev_hash, actor, at), e, texts)
}

/// [`row`] for an entry whose before and after are JSON texts already (an import's gathered
/// entry, written as text so that its thousand rows are not built as values twice).
pub(crate) fn row_with_texts(
    seq: i64,
    (prev_hash, actor, at): (&str, &str, &str),
    e: &Entry<'_>,
    (before, after): (Option<String>, Option<String>),
) -> (Vec<Value>, String) {
    let mut row = LogEntry {
        seq,
        at: at.to_string(),
        actor: actor.to_string(),
        action: e.action.to_string(),
        entity: e.entity.to_string(),
        key: e.key.to_string(),
        decision_no: e.decision.map(|d| d.number.to_string()),
        decision_date: e.decision.map(|d| d.date.to_string()),
        before,
        after,
        prev_hash: prev_hash.to_string(),
        hash: String::new(),
    };
    row.hash = hash_of(&row);
    let LogEntry { seq, at, actor, action, entity, key, decision_no, decision_date, before, after, prev_hash, hash } =
        row;
    let values = vec![
        seq.into(),
        at.into(),
        actor.into(),
        action.into(),
        entity.into(),
        key.into(),
        decision_no.into(),
        decision_date.into(),
        before.into(),
        after.into(),
        prev_hash.into(),
        hash.clone().into(),
    ];
    (values, hash)
}

pub(crate) const SELECT: &str = "SELECT seq, at, actor, action, entity, entity_key, decision_no, decision_date,
        before_json, after_json, prev_hash, hash FROM change_log";

pub(crate) fn from_row(r: &crate::Row) -> Result<LogEntry, StoreError> {
    r.decode()
}

/// What an entry of the change log can change, for the caches kept of the register (the
/// statistics index, the reach of accounts).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Touches {
    /// A person's particulars, memberships or positions: the entry's key is the person's code.
    Person,
    /// A unit or its versions: the unit tree.
    Units,
    Quotas,
    /// Nothing the statistics count or the reach depends on (accounts, tokens, party work).
    Nothing,
    /// A kind of entry not known here: everything may have changed.
    Unknown,
}

pub(crate) fn touches(entity: &str) -> Touches {
    match entity {
        "person" | "membership" | "assignment" | "person_version" => Touches::Person,
        "unit" => Touches::Units,
        "quota" => Touches::Quotas,
        "account" | "api_token" | "plan" | "rule" | "admission" | "transfer" | "badge" | "dues_basis"
        | "dues_payment" | "meeting" | "rating" | "party_case" | "discipline" | "document" | "congress" | "task"
        | "programme" => Touches::Nothing,
        _ => Touches::Unknown,
    }
}

/// Past this many entries, [`tree_changed`] answers yes without looking.
const TREE_LOOK_LIMIT: i64 = 5_000;

/// Whether an entry after `after` up to `upto` may have changed the unit tree: a unit's entry, or
/// one of a kind not known here.
pub fn tree_changed(tx: &mut Tx<'_>, after: i64, upto: i64) -> Result<bool, StoreError> {
    if upto <= after {
        return Ok(false);
    }
    if upto - after > TREE_LOOK_LIMIT {
        return Ok(true);
    }
    let kinds =
        tx.query("SELECT DISTINCT entity FROM change_log WHERE seq > $1 AND seq <= $2", &[after.into(), upto.into()])?;
    Ok(kinds.iter().any(|r| matches!(touches(r.str(0)), Touches::Units | Touches::Unknown)))
}

/// The change-log entries about one entity, oldest first (a unit's timeline).
pub fn history(tx: &mut Tx<'_>, entity: &str, key: &str) -> Result<Vec<LogEntry>, StoreError> {
    let sql = format!("{SELECT} WHERE entity = $1 AND entity_key = $2 ORDER BY seq");
    tx.query(&sql, &[Value::from(entity), Value::from(key)])?.iter().map(from_row).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_is_that_of_the_entry_as_a_json_array() {
        let e = LogEntry {
            seq: 7,
            at: "2026-12-01T10:00:00Z".into(),
            actor: "tochuc".into(),
            action: "create".into(),
            entity: "person".into(),
            key: "42.0000001".into(),
            decision_no: Some("12-QĐ/TU".into()),
            decision_date: None,
            before: None,
            after: Some("{\"name\":\"Nguyễn \\\"An\\\"\\n\\t\"}".into()),
            prev_hash: GENESIS.into(),
            hash: String::new(),
        };
        let array = serde_json::json!([
            e.seq,
            e.at,
            e.actor,
            e.action,
            e.entity,
            e.key,
            e.decision_no,
            e.decision_date,
            e.before,
            e.after
        ]);
        let mut h = Sha256::new();
        h.update(format!("{}\n{array}", e.prev_hash).as_bytes());
        assert_eq!(hash_of(&e), hex::encode(h.finalize()));
    }
}
