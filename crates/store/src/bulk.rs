//! Loading many rows at once (the demo, the benchmark): rows are built on a producer thread —
//! ids, values and a SHA-256 digest per table — and handed in batches through a bounded channel to
//! the thread that owns the transaction, which writes each batch in reference order through the
//! backend's fast path (prepared statements or `COPY`). The whole load is one change-log entry
//! carrying the digests, and one transaction: all of it or none.

use std::collections::HashSet;
use std::sync::mpsc::{sync_channel, SyncSender};

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
use crate::units::{version_values, VERSION_COLUMNS};
use crate::{StoreError, Writer};

const UNIT_COLUMNS: &[&str] = &["id", "code"];

/// Tables in the order their references require.
const TABLES: [(&str, &[&str]); 6] = [
    ("unit", UNIT_COLUMNS),
    ("unit_version", VERSION_COLUMNS),
    ("person", PERSON_COLUMNS),
    ("membership", MEMBERSHIP_COLUMNS),
    ("assignment", ASSIGNMENT_COLUMNS),
    ("quota", QUOTA_COLUMNS),
];

const FLUSH_ROWS: usize = 50_000;

/// Rows for every table, written together so that references resolve.
struct Batch {
    tables: Vec<Vec<Vec<Value>>>,
    given: Vec<PersonName>,
}

struct Tally {
    count: u64,
    digest: Sha256,
    next_id: i64,
}

/// The producer's side of a load: builds rows and sends them in batches.
pub struct Rows {
    seq: i64,
    tallies: Vec<Tally>,
    batch: Batch,
    buffered: usize,
    given_seen: HashSet<String>,
    out: SyncSender<Batch>,
}

/// A load in progress inside a [`Writer`]'s transaction.
pub struct BulkLoader<'w, 't, 'c> {
    w: &'w mut Writer<'t, 'c>,
    seq: i64,
    next_ids: Vec<i64>,
    /// Whether the secondary indexes were dropped for this load and must be rebuilt.
    reindex: bool,
    summary: Vec<(u64, String)>,
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
        let mut next_ids = Vec::with_capacity(TABLES.len());
        for (name, _) in TABLES {
            next_ids.push(w.next_id(name)?);
        }
        Ok(BulkLoader { w, seq, next_ids, reindex: empty, summary: Vec::new() })
    }

    /// Runs `produce` on a second thread, writing what it builds as it comes. If writing fails,
    /// the producer's next batch fails too and it stops; if the producer fails, its error is
    /// returned. Either way the caller's transaction is then rolled back.
    pub fn load<T, E>(&mut self, produce: impl FnOnce(&mut Rows) -> Result<T, E> + Send) -> Result<T, E>
    where
        T: Send,
        E: From<StoreError> + Send,
    {
        let (out, batches) = sync_channel::<Batch>(2);
        let mut rows = Rows {
            seq: self.seq,
            tallies: self.next_ids.iter().map(|&next_id| Tally { count: 0, digest: Sha256::new(), next_id }).collect(),
            batch: Batch { tables: vec![Vec::new(); TABLES.len()], given: Vec::new() },
            buffered: 0,
            given_seen: HashSet::new(),
            out,
        };
        let (produced, written) = std::thread::scope(|scope| {
            let producer = scope.spawn(move || {
                let result = produce(&mut rows).and_then(|v| {
                    rows.send()?;
                    Ok(v)
                });
                let tallies: Vec<(u64, String)> =
                    rows.tallies.into_iter().map(|t| (t.count, hex::encode(t.digest.finalize()))).collect();
                (result, tallies)
            });
            let mut written: Result<(), StoreError> = Ok(());
            while let Ok(batch) = batches.recv() {
                if let Err(e) = self.write(batch) {
                    written = Err(e);
                    break;
                }
            }
            // Stop a producer still sending after a failed write.
            drop(batches);
            (producer.join(), written)
        });
        let (result, tallies) = produced.map_err(|_| StoreError::Corrupt("the demo generator stopped".into()))?;
        written?;
        self.summary = tallies;
        result
    }

    fn write(&mut self, batch: Batch) -> Result<(), StoreError> {
        for ((name, cols), rows) in TABLES.iter().zip(batch.tables) {
            if !rows.is_empty() {
                self.w.tx.bulk_insert(name, cols, rows)?;
            }
        }
        for name in batch.given {
            crate::people::record_given_name(self.w.tx, &name)?;
        }
        Ok(())
    }

    /// Rebuilds what the load set aside and writes the one change-log entry describing it.
    pub fn finish(self, source: &str) -> Result<i64, StoreError> {
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
        for ((name, _), (count, digest)) in TABLES.iter().zip(&self.summary) {
            if *count > 0 {
                tables.insert((*name).to_string(), serde_json::json!({"rows": count, "sha256": digest}));
            }
        }
        self.w.log(
            Entry::new("bulk_load", "register", source)
                .after(Some(serde_json::json!({ "source": source, "tables": tables }))),
        )
    }
}

impl Rows {
    fn push(&mut self, table: usize, row: Vec<Value>) -> Result<(), StoreError> {
        let Some(t) = self.tallies.get_mut(table) else {
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
        t.count += 1;
        if let Some(rows) = self.batch.tables.get_mut(table) {
            rows.push(row);
        }
        self.buffered += 1;
        if self.buffered >= FLUSH_ROWS {
            self.send()?;
        }
        Ok(())
    }

    fn send(&mut self) -> Result<(), StoreError> {
        let batch =
            std::mem::replace(&mut self.batch, Batch { tables: vec![Vec::new(); TABLES.len()], given: Vec::new() });
        self.buffered = 0;
        self.out.send(batch).map_err(|_| StoreError::Conflict("the load was stopped by a failed write".into()))
    }

    fn id(&mut self, table: usize) -> i64 {
        match self.tallies.get_mut(table) {
            Some(t) => {
                let id = t.next_id;
                t.next_id += 1;
                id
            }
            None => 0,
        }
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
        let row = version_values([id, unit, self.seq], parent, led_by, v);
        self.push(1, row)?;
        Ok(id)
    }

    pub fn person(&mut self, p: &Person, name: &PersonName) -> Result<i64, StoreError> {
        let id = self.id(2);
        let row = person_values(id, p, name, self.seq);
        if !self.given_seen.contains(name.given()) {
            self.given_seen.insert(name.given().to_string());
            self.batch.given.push(name.clone());
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
}
