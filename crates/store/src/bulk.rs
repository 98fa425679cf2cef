//! Loading many rows at once (the demo, large imports): rows are buffered per table and written in
//! reference order through the backend's fast path, and the whole load is one change-log entry that
//! carries a SHA-256 digest of every row per table.

use sha2::{Digest, Sha256};
use tinhgon_domain::register::{Assignment, Membership, Person, Quota, UnitVersion};
use tinhgon_domain::text::PersonName;
use tinhgon_domain::UnitCode;

use crate::log::Entry;
use crate::people::{
    assignment_values, membership_values, person_values, quota_values, ASSIGNMENT_COLUMNS, MEMBERSHIP_COLUMNS,
    PERSON_COLUMNS, QUOTA_COLUMNS,
};
use crate::sql::Value;
use crate::{StoreError, Writer};

const UNIT_COLUMNS: &[&str] = &["id", "code"];
const VERSION_COLUMNS: &[&str] = &[
    "id",
    "unit_id",
    "name",
    "kind",
    "parent_id",
    "led_by_id",
    "sector",
    "ownership",
    "valid_from",
    "valid_to",
    "decision_no",
    "decision_date",
    "log_seq",
];

/// Tables in the order their references require.
const TABLES: [(&str, &[&str]); 6] = [
    ("unit", UNIT_COLUMNS),
    ("unit_version", VERSION_COLUMNS),
    ("person", PERSON_COLUMNS),
    ("membership", MEMBERSHIP_COLUMNS),
    ("assignment", ASSIGNMENT_COLUMNS),
    ("quota", QUOTA_COLUMNS),
];

const FLUSH_ROWS: usize = 100_000;

struct Table {
    rows: Vec<Vec<Value>>,
    count: u64,
    digest: Sha256,
    next_id: i64,
}

/// A load in progress inside a [`Writer`]'s transaction.
pub struct BulkLoader<'w, 't, 'c> {
    w: &'w mut Writer<'t, 'c>,
    seq: i64,
    tables: Vec<Table>,
    buffered: usize,
    /// Whether the secondary indexes were dropped for this load and must be rebuilt.
    reindex: bool,
    /// Given names met in this load, and those not yet recorded.
    given_seen: std::collections::HashSet<String>,
    given_new: Vec<PersonName>,
}

impl<'w, 't, 'c> BulkLoader<'w, 't, 'c> {
    pub fn new(w: &'w mut Writer<'t, 'c>) -> Result<Self, StoreError> {
        let seq = w.head.0 + 1;
        // Into an empty register, building the indexes once at the end is several times faster
        // than keeping them current row by row. It happens inside the load's transaction, so a
        // failed load leaves the indexes as they were.
        let empty = w.tx.query_one("SELECT COUNT(*) FROM unit", &[])?.int(0)? == 0
            && w.tx.query_one("SELECT COUNT(*) FROM person", &[])?.int(0)? == 0;
        if empty {
            for (name, _) in crate::INDEXES {
                w.tx.batch(&format!("DROP INDEX IF EXISTS {name}"))?;
            }
        }
        let mut tables = Vec::with_capacity(TABLES.len());
        for (name, _) in TABLES {
            tables.push(Table { rows: Vec::new(), count: 0, digest: Sha256::new(), next_id: w.next_id(name)? });
        }
        Ok(BulkLoader {
            w,
            seq,
            tables,
            buffered: 0,
            reindex: empty,
            given_seen: Default::default(),
            given_new: Vec::new(),
        })
    }

    /// The change-log sequence number the loaded rows will cite.
    pub fn seq(&self) -> i64 {
        self.seq
    }

    fn push(&mut self, table: usize, row: Vec<Value>) -> Result<(), StoreError> {
        let Some(t) = self.tables.get_mut(table) else {
            return Err(StoreError::Corrupt(format!("no table {table}")));
        };
        for v in &row {
            match v {
                Value::Null => t.digest.update(b"\x00"),
                Value::Int(i) => t.digest.update(i.to_le_bytes()),
                Value::Text(s) => t.digest.update(s.as_bytes()),
                Value::Bytes(b) => t.digest.update(b),
            }
            t.digest.update(b"\x1f");
        }
        t.digest.update(b"\x1e");
        t.rows.push(row);
        t.count += 1;
        self.buffered += 1;
        if self.buffered >= FLUSH_ROWS {
            self.flush()?;
        }
        Ok(())
    }

    fn id(&mut self, table: usize) -> i64 {
        match self.tables.get_mut(table) {
            Some(t) => {
                let id = t.next_id;
                t.next_id += 1;
                id
            }
            None => 0,
        }
    }

    fn flush(&mut self) -> Result<(), StoreError> {
        for (i, (name, cols)) in TABLES.iter().enumerate() {
            let Some(t) = self.tables.get_mut(i) else {
                continue;
            };
            if t.rows.is_empty() {
                continue;
            }
            let rows = std::mem::take(&mut t.rows);
            self.w.tx.bulk_insert(name, cols, rows)?;
        }
        for name in std::mem::take(&mut self.given_new) {
            crate::people::record_given_name(self.w.tx, &name)?;
        }
        self.buffered = 0;
        Ok(())
    }

    pub fn unit(&mut self, code: &UnitCode) -> Result<i64, StoreError> {
        let id = self.id(0);
        self.push(0, vec![id.into(), code.as_str().into()])?;
        Ok(id)
    }

    pub fn unit_version(
        &mut self,
        unit: i64,
        parent: Option<i64>,
        led_by: Option<i64>,
        v: &UnitVersion,
    ) -> Result<i64, StoreError> {
        let id = self.id(1);
        let row = vec![
            id.into(),
            unit.into(),
            v.name.trim().into(),
            v.kind.code().into(),
            parent.into(),
            led_by.into(),
            v.sector.map(|s| s.code()).into(),
            v.ownership.map(|s| s.code()).into(),
            v.validity.from.into(),
            v.validity.to.into(),
            v.decision.as_ref().map(|d| d.number.to_string()).into(),
            v.decision.as_ref().map(|d| d.date).into(),
            self.seq.into(),
        ];
        self.push(1, row)?;
        Ok(id)
    }

    pub fn person(&mut self, p: &Person, name: &PersonName) -> Result<i64, StoreError> {
        let id = self.id(2);
        let row = person_values(id, p, name, self.seq);
        if !self.given_seen.contains(name.given()) {
            self.given_seen.insert(name.given().to_string());
            self.given_new.push(name.clone());
        }
        self.push(2, row)?;
        Ok(id)
    }

    pub fn membership(&mut self, person: i64, unit: i64, m: &Membership) -> Result<(), StoreError> {
        let id = self.id(3);
        let row = membership_values(id, person, unit, m, self.seq);
        self.push(3, row)
    }

    pub fn assignment(&mut self, person: i64, unit: i64, a: &Assignment) -> Result<(), StoreError> {
        let id = self.id(4);
        let row = assignment_values(id, person, unit, a, self.seq);
        self.push(4, row)
    }

    pub fn quota(&mut self, unit: i64, q: &Quota) -> Result<(), StoreError> {
        let id = self.id(5);
        let row = quota_values(id, unit, q, self.seq);
        self.push(5, row)
    }

    /// Writes what is buffered and the one change-log entry describing the load.
    pub fn finish(mut self, source: &str) -> Result<i64, StoreError> {
        self.flush()?;
        if self.reindex {
            crate::create_indexes(self.w.tx)?;
            // Fresh statistics for the query planners, which choose between the name indexes.
            if self.w.tx.is_postgres() {
                self.w.tx.batch("ANALYZE")?;
            } else {
                self.w.tx.batch("PRAGMA analysis_limit = 1000; ANALYZE;")?;
            }
        }
        let mut tables = serde_json::Map::new();
        for ((name, _), t) in TABLES.iter().zip(std::mem::take(&mut self.tables)) {
            if t.count > 0 {
                tables.insert(
                    (*name).to_string(),
                    serde_json::json!({"rows": t.count, "sha256": hex::encode(t.digest.finalize())}),
                );
            }
        }
        self.w.log(Entry {
            action: "bulk_load",
            entity: "register",
            key: source,
            decision: None,
            before: None,
            after: Some(serde_json::json!({ "source": source, "tables": tables })),
        })
    }
}
