//! Copying a whole register from one database to another — a backup into a SQLite file, a
//! restore from one, a move between SQLite and PostgreSQL — and the canonical dump of every table
//! that proves two copies identical.
//!
//! The source is read in one snapshot (a read transaction on SQLite's write-ahead log, a
//! repeatable-read transaction on PostgreSQL), so writers go on while it is copied and the copy is
//! the register as of one moment. The target is written in one transaction: all of it or nothing.

use std::collections::BTreeMap;

use crate::sql::{Tx, Value};
use crate::{Backend, Store, StoreError, WRITER_LOCK};

/// Every table of the register, in an order where each comes after the tables it refers to (the
/// order the migrations create them). `schema_version` is the target's own.
pub const TABLES: &[&str] = &[
    "code_list",
    "unit",
    "unit_version",
    "person",
    "given_name",
    "membership",
    "assignment",
    "quota",
    "change_log",
    "account",
    "api_token",
    "plan",
    "plan_op",
    "plan_row",
    "plan_surplus",
    "rule_value",
    "session",
    "admission",
    "admission_step",
    "admission_sponsor",
    "transfer",
    "badge",
    "dues_basis",
    "dues_payment",
    "leaving",
    "member_record",
    "person_version",
    "checkpoint",
    "meeting",
    "meeting_attendance",
    "meeting_guest",
    "meeting_resolution",
    "meeting_file",
    "rating",
    "party_case",
    "discipline",
    "congress",
    "party_document",
    "document_target",
    "document_file",
    "programme",
    "task",
    "campaign",
    "campaign_team",
    "campaign_unit",
    "campaign_report",
    "campaign_figure",
];

/// Tables a new register is created with rows in (code lists, the shipped rules): a restore
/// replaces them with the source's.
const SEEDED: &[&str] = &["code_list", "rule_value"];

/// Rows copied per statement batch.
const BATCH: usize = 5_000;

/// How a copy is getting on: the table, rows copied of it, and its row count.
#[derive(Clone, Debug)]
pub struct Progress<'a> {
    pub table: &'a str,
    pub done: u64,
    pub total: u64,
}

/// The column names of a table, in the order the database holds them.
pub fn columns(tx: &mut Tx<'_>, table: &str) -> Result<Vec<String>, StoreError> {
    let rows = if tx.is_postgres() {
        tx.query(
            "SELECT column_name::text FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
            &[table.into()],
        )?
    } else {
        tx.query("SELECT name FROM pragma_table_info($1) ORDER BY cid", &[table.into()])?
    };
    let names: Vec<String> = rows.iter().map(|r| r.text(0)).collect::<Result<_, _>>()?;
    if names.is_empty() {
        return Err(StoreError::Corrupt(format!("the database has no table {table}")));
    }
    Ok(names)
}

/// The tables the database holds (to check [`TABLES`] against the schema).
pub fn tables_in_schema(tx: &mut Tx<'_>) -> Result<Vec<String>, StoreError> {
    let rows = if tx.is_postgres() {
        tx.query(
            "SELECT table_name::text FROM information_schema.tables
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1",
            &[],
        )?
    } else {
        tx.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1", &[])?
    };
    rows.iter().map(|r| r.text(0)).collect()
}

/// The statement that reads a table in a fixed order: by its integer key where it has one.
fn select(table: &str, cols: &[String]) -> String {
    let list = cols.join(", ");
    match cols.first().map(String::as_str) {
        Some("id" | "seq") => format!("SELECT {list} FROM {table} ORDER BY 1"),
        _ => format!("SELECT {list} FROM {table}"),
    }
}

impl Store {
    /// Runs reads in one snapshot that writers do not disturb: repeatable read on PostgreSQL.
    pub fn snapshot<T>(&mut self, f: impl FnOnce(&mut Tx<'_>) -> Result<T, StoreError>) -> Result<T, StoreError> {
        match &mut self.conn {
            crate::Conn::Pg(c) => {
                let t = c
                    .build_transaction()
                    .isolation_level(postgres::IsolationLevel::RepeatableRead)
                    .read_only(true)
                    .start()?;
                let mut tx = Tx::Pg(t);
                let out = f(&mut tx)?;
                if let Tx::Pg(t) = tx {
                    t.commit()?;
                }
                Ok(out)
            }
            crate::Conn::Sqlite(_) => self.read(f),
        }
    }

    /// Copies the whole register of `self` into `to`, which must hold none (a new SQLite file, an
    /// empty PostgreSQL database): every table, change log and checkpoints included, as of one
    /// moment of `self`. Returns the rows copied per table.
    pub fn copy_into(
        &mut self,
        to: &mut Store,
        progress: &mut dyn FnMut(Progress<'_>),
    ) -> Result<Vec<(&'static str, u64)>, StoreError> {
        let pg = to.backend() == Backend::Postgres;
        self.snapshot(|from| {
            to.transaction(true, |into| {
                if pg {
                    into.exec("SELECT pg_advisory_xact_lock($1)", &[WRITER_LOCK.into()])?;
                } else {
                    into.batch("PRAGMA defer_foreign_keys = ON")?;
                }
                for table in ["change_log", "unit", "person", "account"] {
                    let n = into.query_one(&format!("SELECT COUNT(*) FROM {table}"), &[])?.int(0)?;
                    if n > 0 {
                        return Err(StoreError::NotEmpty { table: table.to_string(), rows: n });
                    }
                }
                for table in SEEDED {
                    into.exec(&format!("DELETE FROM {table}"), &[])?;
                }
                for (name, _) in crate::INDEXES {
                    into.batch(&format!("DROP INDEX IF EXISTS {name}"))?;
                }
                let mut copied = Vec::with_capacity(TABLES.len());
                for table in TABLES {
                    let n = copy_table(from, into, table, progress)?;
                    copied.push((*table, n));
                }
                crate::create_indexes(into)?;
                into.batch(if pg { "ANALYZE" } else { "PRAGMA analysis_limit = 1000; ANALYZE;" })?;
                Ok(copied)
            })
        })
    }
}

fn copy_table(
    from: &mut Tx<'_>,
    into: &mut Tx<'_>,
    table: &str,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<u64, StoreError> {
    let cols = columns(from, table)?;
    let total = from.query_one(&format!("SELECT COUNT(*) FROM {table}"), &[])?.int(0)?.max(0) as u64;
    let names: Vec<&str> = cols.iter().map(String::as_str).collect();
    let mut batch: Vec<Vec<Value>> = Vec::with_capacity(BATCH);
    let mut done = 0u64;
    progress(Progress { table, done, total });
    from.for_each(&select(table, &cols), &[], |r| {
        batch.push(r.0);
        if batch.len() >= BATCH {
            done += into.bulk_insert(table, &names, std::mem::take(&mut batch))?;
            progress(Progress { table, done, total });
        }
        Ok(())
    })?;
    done += into.bulk_insert(table, &names, batch)?;
    progress(Progress { table, done, total });
    Ok(done)
}

/// Every table of a register as canonical text, one line per row in a fixed order: what two
/// copies must agree on byte for byte, whatever database holds them. Calls `each` per table with
/// its header and lines.
pub fn dump(tx: &mut Tx<'_>, each: &mut dyn FnMut(&str, &str, &[String])) -> Result<(), StoreError> {
    for table in TABLES {
        let cols = columns(tx, table)?;
        // Columns by name, so that two databases that added columns in another order agree.
        let mut order: Vec<usize> = (0..cols.len()).collect();
        order.sort_by(|a, b| cols.get(*a).cmp(&cols.get(*b)));
        let header = order.iter().filter_map(|i| cols.get(*i).map(String::as_str)).collect::<Vec<_>>().join(",");
        let mut lines = Vec::new();
        tx.for_each(&select(table, &cols), &[], |r| {
            let cells: Vec<String> = order.iter().map(|i| cell(r.0.get(*i).unwrap_or(&Value::Null))).collect();
            lines.push(cells.join(","));
            Ok(())
        })?;
        if !matches!(cols.first().map(String::as_str), Some("id" | "seq")) {
            lines.sort();
        }
        each(table, &header, &lines);
    }
    Ok(())
}

/// One value as dump text: JSON for text (quotes and escapes make it unambiguous), hex for bytes.
fn cell(v: &Value) -> String {
    match v {
        Value::Null => "NULL".into(),
        Value::Int(i) => i.to_string(),
        Value::Text(s) => serde_json::Value::String(s.clone()).to_string(),
        Value::Bytes(b) => format!("x{}", hex::encode(b)),
    }
}

/// The row counts of every table (for a copy's summary).
pub fn counts(tx: &mut Tx<'_>) -> Result<BTreeMap<&'static str, i64>, StoreError> {
    let mut out = BTreeMap::new();
    for table in TABLES {
        out.insert(*table, tx.query_one(&format!("SELECT COUNT(*) FROM {table}"), &[])?.int(0)?);
    }
    Ok(out)
}
