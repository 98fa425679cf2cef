//! Storage for tinhgon: one contract over two backends.
//!
//! Embedded SQLite (`sqlite://path`) keeps a whole province in one file; PostgreSQL
//! (`postgres://…`) serves national deployments. Both run the same statements through [`sql::Tx`];
//! only the schema text and the bulk path (prepared statements or `COPY`) differ.
//!
//! Every write goes through a [`Writer`], which takes the single writer lock, appends to the
//! hash-chained change log in the same transaction, and commits or rolls back as a whole.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

pub mod accounts;
pub mod attachments;
mod bulk;
pub mod checkpoints;
pub mod copy;
mod decode;
pub mod directives;
mod import;
mod index;
mod log;
pub mod party;
pub mod people;
pub mod plans;
mod replica;
mod schema;
mod sessions;
pub mod sql;
pub mod units;
mod verify;
pub mod versions;

use std::time::Duration;

pub use bulk::{BulkLoader, Rows};
pub use import::IMPORT_CHUNK;
pub use index::Refresh;
pub use log::{history, tree_changed, Entry, LogEntry};
pub use sessions::{session, SessionRow};
pub use sql::{Row, Tx, Value};
use tinhgon_domain::stats::Index;
use tinhgon_domain::Date;
pub use verify::{Finding, Trust, VerifyReport};

/// A value the database gave back that the register's types do not read.
pub(crate) fn corrupt<E: std::fmt::Display>(e: E) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

/// What went wrong in storage.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the database URL '{0}' is not understood: use sqlite://PATH or postgres://…")]
    Url(String),
    #[error("SQLite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("PostgreSQL: {}", pg_message(.0))]
    Postgres(#[from] postgres::Error),
    #[error("the database holds something unexpected: {0}")]
    Corrupt(String),
    #[error("the database schema is version {found}, newer than this tinhgon ({known})")]
    SchemaTooNew { found: i64, known: i64 },
    #[error("{0}")]
    Conflict(String),
    /// A file outside the database (a key, a checkpoint file) cannot be read or written.
    #[error("{path}: {reason}")]
    File { path: String, reason: String },
    /// A copy's target already holds rows of a table.
    #[error("the target database already holds {rows} rows of {table}")]
    NotEmpty { table: String, rows: i64 },
    /// The database given to read from is not a streaming replica of this register.
    #[error("{0}")]
    Replica(replica::Mismatch),
    /// A text holds a control character (NUL and the like), which neither database is given.
    #[error("a text holds the control character U+{0:04X}")]
    ControlCharacter(u32),
}

impl StoreError {
    /// Whether the error is a uniqueness or reference violation the caller can explain to people.
    pub fn is_constraint(&self) -> bool {
        match self {
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(e, _)) => {
                e.code == rusqlite::ErrorCode::ConstraintViolation
            }
            StoreError::Postgres(e) => e.code().is_some_and(|c| c.code().starts_with("23")),
            StoreError::Conflict(_) => true,
            _ => false,
        }
    }
}

/// PostgreSQL's own message (the driver's Display says only "db error").
fn pg_message(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!("{} ({})", db.message(), db.code().code()),
        None => e.to_string(),
    }
}

/// Which database a store talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

enum Conn {
    Sqlite(rusqlite::Connection),
    Pg(Box<postgres::Client>),
}

/// A connection to the register.
pub struct Store {
    conn: Conn,
    /// The key that signs a checkpoint after every write, when the register is signed.
    signer: Option<std::sync::Arc<checkpoints::Signer>>,
    /// A streaming replica that serves reads once it has replayed everything committed.
    replica: Option<replica::Replica>,
    /// Transactions begun on this connection, reads and writes, for the tests that count a
    /// request's.
    transactions: (u64, u64),
}

use schema::SCHEMA_VERSION;

/// The secondary indexes, chosen for the queries that run: versions by unit and by parent (tree
/// reads) and by leading body (checked when a plan's units are deleted on revert), people by folded name and by given name with collation key or folded name (search), memberships and
/// positions by person and by unit, the change log by entity (a unit's timeline).
pub(crate) const INDEXES: &[(&str, &str)] = &[
    ("unit_version_unit", "unit_version (unit_id, valid_from)"),
    ("unit_version_parent", "unit_version (parent_id)"),
    ("unit_version_led_by", "unit_version (led_by_id)"),
    // Name, collation key, code and id: a search sorts its matches on the index alone.
    ("person_name_fold", "person (name_fold, sort_key, code, id)"),
    // Carries code (the tie-break of name order) and name_fold, so that a search walking one given
    // name in name order filters on the index alone and stops early, without a sort.
    ("person_given_sort", "person (given_fold, sort_key, code, name_fold)"),
    ("person_given_name", "person (given_fold, name_fold, sort_key, code, id)"),
    ("membership_person", "membership (person_id, valid_from)"),
    ("membership_unit", "membership (unit_id, valid_from)"),
    ("assignment_person", "assignment (person_id, valid_from)"),
    ("assignment_unit", "assignment (unit_id, valid_from)"),
    ("change_log_entity", "change_log (entity, entity_key)"),
];

pub(crate) fn create_indexes(tx: &mut Tx<'_>) -> Result<(), StoreError> {
    for (name, on) in INDEXES {
        tx.batch(&format!("CREATE INDEX IF NOT EXISTS {name} ON {on}"))?;
    }
    Ok(())
}
/// The advisory lock that serializes writers on PostgreSQL (SQLite's is BEGIN IMMEDIATE).
const WRITER_LOCK: i64 = 0x7469_6e68;

/// The newest change-log sequence number, inside a caller's transaction.
pub fn last_seq(tx: &mut Tx<'_>) -> Result<i64, StoreError> {
    Ok(log::head(tx)?.0)
}

impl Store {
    /// Opens (and creates, for SQLite) the database at a URL and brings its schema up to date.
    pub fn open(url: &str) -> Result<Store, StoreError> {
        let conn = if let Some(path) = url.strip_prefix("sqlite://") {
            if path.is_empty() {
                return Err(StoreError::Url(url.to_string()));
            }
            if let Some(dir) = std::path::Path::new(path).parent() {
                if !dir.as_os_str().is_empty() {
                    std::fs::create_dir_all(dir).map_err(|e| StoreError::Corrupt(format!("{}: {e}", dir.display())))?;
                }
            }
            let c = rusqlite::Connection::open(path)?;
            c.busy_timeout(Duration::from_secs(30))?;
            c.execute_batch(
                "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;
                 PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY; PRAGMA threads = 2;",
            )?;
            Conn::Sqlite(c)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Conn::Pg(Box::new(postgres::Client::connect(url, postgres::NoTls)?))
        } else {
            return Err(StoreError::Url(url.to_string()));
        };
        let mut store = Store { conn, signer: None, replica: None, transactions: (0, 0) };
        store.migrate()?;
        Ok(store)
    }

    pub fn backend(&self) -> Backend {
        match self.conn {
            Conn::Sqlite(_) => Backend::Sqlite,
            Conn::Pg(_) => Backend::Postgres,
        }
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        let pg = self.backend() == Backend::Postgres;
        self.transaction(true, |tx| schema::migrate(tx, pg))
    }

    fn transaction<T>(
        &mut self,
        write: bool,
        f: impl FnOnce(&mut Tx<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        if write {
            self.transactions.1 += 1;
        } else {
            self.transactions.0 += 1;
        }
        transaction(&mut self.conn, write, f)
    }

    /// How many read and write transactions this connection has begun: a request's share is the
    /// difference across it.
    pub fn transactions(&self) -> (u64, u64) {
        self.transactions
    }

    /// A write that is not a change of the register (a session): no change-log entry, no writer lock.
    fn untracked<T>(&mut self, f: impl FnOnce(&mut Tx<'_>) -> Result<T, StoreError>) -> Result<T, StoreError> {
        self.transaction(true, f)
    }

    /// Runs reads in one consistent snapshot: on the replica when one is attached and has
    /// replayed everything the register had committed when the read began, otherwise here.
    pub fn read<T>(&mut self, f: impl FnOnce(&mut Tx<'_>) -> Result<T, StoreError>) -> Result<T, StoreError> {
        if let Conn::Pg(primary) = &mut self.conn {
            if let Some(conn) = replica::ready(&mut self.replica, primary) {
                self.transactions.0 += 1;
                return transaction(conn, false, f);
            }
        }
        self.transaction(false, f)
    }

    /// Runs a change as one transaction: all of it, with its change-log entries, or none of it.
    /// `at` is the wall-clock time of the change (ISO 8601), passed in by the caller.
    pub fn write<T, E: From<StoreError>>(
        &mut self,
        actor: &str,
        at: &str,
        f: impl FnOnce(&mut Writer<'_, '_>) -> Result<T, E>,
    ) -> Result<T, E> {
        let pg = self.backend() == Backend::Postgres;
        let signer = self.signer.clone();
        let mut result: Option<Result<T, E>> = None;
        let outcome = self.transaction(true, |tx| {
            if pg {
                tx.exec("SELECT pg_advisory_xact_lock($1)", &[WRITER_LOCK.into()])?;
            }
            let head = log::head(tx)?;
            let start = head.0;
            let mut w = Writer {
                tx,
                actor: actor.to_string(),
                at: at.to_string(),
                head,
                ids: Default::default(),
                deferred: None,
                import_log: None,
            };
            match f(&mut w) {
                Ok(v) => {
                    result = Some(Ok(v));
                    if let Some(signer) = &signer {
                        if w.head.0 > start {
                            let head = w.head.clone();
                            signer.sign(w.tx, (head.0, &head.1), at)?;
                        }
                    }
                    Ok(())
                }
                Err(e) => {
                    result = Some(Err(e));
                    // Roll back by failing the transaction; the caller's error is returned below.
                    Err(StoreError::Conflict("rolled back".into()))
                }
            }
        });
        match (outcome, result) {
            (_, Some(Err(e))) => Err(e),
            (Ok(()), Some(Ok(v))) => {
                // The write is committed: a checkpoint file that cannot be written now is caught
                // up by the next write or checkpoint, which report the failure.
                let _ = self.append_checkpoints();
                Ok(v)
            }
            (Err(e), _) => Err(e.into()),
            (Ok(()), None) => Err(StoreError::Corrupt("write produced no result".into()).into()),
        }
    }

    /// Signs a checkpoint after every write from now on, with the signer's key, and appends it to
    /// the signer's file (catching up on what the file lacks).
    pub fn sign_with(&mut self, signer: std::sync::Arc<checkpoints::Signer>) -> Result<(), StoreError> {
        self.signer = Some(signer);
        self.append_checkpoints()
    }

    /// The signer of this connection's writes, if the register is signed.
    pub fn signer(&self) -> Option<std::sync::Arc<checkpoints::Signer>> {
        self.signer.clone()
    }

    /// Signs the head of the change log now (the server does so hourly, and at start, so that
    /// entries written without the key are covered); `None` when the register is not signed.
    pub fn checkpoint(&mut self, at: &str) -> Result<Option<checkpoints::Checkpoint>, StoreError> {
        let Some(signer) = self.signer.clone() else { return Ok(None) };
        let pg = self.backend() == Backend::Postgres;
        let c = self.transaction(true, |tx| {
            if pg {
                tx.exec("SELECT pg_advisory_xact_lock($1)", &[WRITER_LOCK.into()])?;
            }
            let (seq, hash) = log::head(tx)?;
            signer.sign(tx, (seq, &hash), at)
        })?;
        self.append_checkpoints()?;
        Ok(Some(c))
    }

    /// The checkpoints kept in the database, oldest first.
    pub fn checkpoints(&mut self) -> Result<Vec<checkpoints::Checkpoint>, StoreError> {
        self.read(|tx| checkpoints::all(tx, None))
    }

    fn append_checkpoints(&mut self) -> Result<(), StoreError> {
        let Some(signer) = self.signer.clone() else { return Ok(()) };
        self.read(|tx| signer.append(tx))
    }

    /// For loading a whole register into an empty SQLite file: a rollback journal instead of the
    /// write-ahead log, which copes badly with one transaction of millions of rows. The load stays
    /// one atomic transaction either way; `false` returns to the write-ahead log. No effect on
    /// PostgreSQL.
    pub fn bulk_mode(&mut self, on: bool) -> Result<(), StoreError> {
        if let Conn::Sqlite(c) = &mut self.conn {
            let mode = if on { "DELETE" } else { "WAL" };
            c.query_row(&format!("PRAGMA journal_mode = {mode}"), [], |_| Ok(()))?;
        }
        Ok(())
    }

    /// The sequence number of the newest change-log entry (0 for an empty register).
    pub fn last_seq(&mut self) -> Result<i64, StoreError> {
        self.read(last_seq)
    }

    /// Loads the statistics index.
    pub fn load_index(&mut self) -> Result<Index, StoreError> {
        self.read(index::load)
    }

    /// Brings a statistics index built when the change log ended at `since` up to date, reading
    /// only what changed since; returns the sequence the answer reflects.
    pub fn refresh_index(&mut self, old: &Index, since: i64) -> Result<(i64, index::Refresh), StoreError> {
        self.read(|tx| {
            let seq = log::head(tx)?.0;
            Ok((seq, index::refresh(tx, old, since)?))
        })
    }

    /// Checks the change-log chain, its checkpoints and the register's invariants.
    pub fn verify(&mut self) -> Result<VerifyReport, StoreError> {
        self.verify_with(&verify::Trust::default())
    }

    /// [`Store::verify`], trusting a public key and a checkpoint file kept outside the database.
    pub fn verify_with(&mut self, trust: &verify::Trust) -> Result<VerifyReport, StoreError> {
        self.read(|tx| verify::run(tx, trust))
    }
}

fn transaction<T>(
    conn: &mut Conn,
    write: bool,
    f: impl FnOnce(&mut Tx<'_>) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    match conn {
        Conn::Sqlite(c) => {
            let behavior =
                if write { rusqlite::TransactionBehavior::Immediate } else { rusqlite::TransactionBehavior::Deferred };
            let mut tx = Tx::Sqlite(c.transaction_with_behavior(behavior)?);
            let out = f(&mut tx)?;
            if let Tx::Sqlite(t) = tx {
                t.commit()?;
            }
            Ok(out)
        }
        Conn::Pg(c) => {
            let mut tx = Tx::Pg(c.transaction()?);
            let out = f(&mut tx)?;
            if let Tx::Pg(t) = tx {
                t.commit()?;
            }
            Ok(out)
        }
    }
}

/// A write in progress: the transaction, who is writing, when, and the head of the change log.
pub struct Writer<'t, 'c> {
    pub(crate) tx: &'t mut Tx<'c>,
    pub(crate) actor: String,
    pub(crate) at: String,
    pub(crate) head: (i64, String),
    ids: std::collections::HashMap<&'static str, i64>,
    /// Rows held back while a large write is deferred (see [`Writer::defer`]).
    deferred: Option<Deferred>,
    /// The change-log entry a large import gathers its rows' entries into.
    import_log: Option<import::ImportLog>,
}

/// Rows held back for one table: its name, columns and the rows' values.
type HeldRows = (String, Vec<&'static str>, Vec<Vec<Value>>);

/// Inserts, row ends and deletions held back to be written together: inserts by `COPY` on
/// PostgreSQL (one cached statement on SQLite), the rest in batches of a few hundred rows. Nothing
/// read during the deferral may depend on them.
#[derive(Default)]
pub(crate) struct Deferred {
    /// Per table, in first-use order.
    inserts: Vec<HeldRows>,
    /// Rows given a new end (NULL: open again): table, row id, valid_to, the change-log entry
    /// that set it.
    ends: Vec<(String, i64, Value, i64)>,
    /// Rows deleted, per table in first-use order.
    deletes: Vec<(String, Vec<i64>)>,
    /// Ids of the people and units the deferred rows name, by code: a person inserted under the
    /// deferral is not in the table yet, and asking once per row is what made imports slow.
    pub(crate) person_ids: std::collections::HashMap<String, i64>,
    pub(crate) unit_ids: std::collections::HashMap<String, i64>,
    /// Given names of the people inserted, written once each at the flush.
    pub(crate) given: std::collections::HashMap<String, tinhgon_domain::text::PersonName>,
}

impl<'c> Writer<'_, 'c> {
    /// The transaction, for reads that must see the write's own changes.
    pub fn tx(&mut self) -> &mut Tx<'c> {
        self.tx
    }

    /// The next free id of a table; ids are allocated under the writer lock, so they are unique.
    pub(crate) fn next_id(&mut self, table: &'static str) -> Result<i64, StoreError> {
        if let Some(id) = self.ids.get_mut(table) {
            *id += 1;
            return Ok(*id);
        }
        let id_col = if table == "change_log" { "seq" } else { "id" };
        let max = self.tx.query_one(&format!("SELECT COALESCE(MAX({id_col}), 0) FROM {table}"), &[])?.int(0)?;
        self.ids.insert(table, max + 1);
        Ok(max + 1)
    }

    /// [`Writer::insert_row`] for values the caller gives away (no copy while deferred).
    pub(crate) fn insert_owned(
        &mut self,
        table: &str,
        columns: &[&'static str],
        values: Vec<Value>,
    ) -> Result<(), StoreError> {
        let Some(d) = &mut self.deferred else {
            return self.insert_row(table, columns, &values);
        };
        match d.inserts.iter_mut().find(|(t, c, _)| t == table && c.as_slice() == columns) {
            Some((_, _, rows)) => rows.push(values),
            None => d.inserts.push((table.to_string(), columns.to_vec(), vec![values])),
        }
        Ok(())
    }

    /// Inserts one row of `values` into the named columns of a table (held back while deferred).
    pub(crate) fn insert_row(
        &mut self,
        table: &str,
        columns: &[&'static str],
        values: &[Value],
    ) -> Result<(), StoreError> {
        if let Some(d) = &mut self.deferred {
            match d.inserts.iter_mut().find(|(t, c, _)| t == table && c.as_slice() == columns) {
                Some((_, _, rows)) => rows.push(values.to_vec()),
                None => d.inserts.push((table.to_string(), columns.to_vec(), vec![values.to_vec()])),
            }
            return Ok(());
        }
        let sql = format!("INSERT INTO {table} ({}) VALUES ({})", columns.join(", "), sql::marks(columns.len()));
        self.tx.exec(&sql, values)?;
        Ok(())
    }

    /// Ends a row on `on` under change-log entry `seq` (held back while deferred).
    pub(crate) fn end_row(&mut self, table: &str, row: i64, on: Date, seq: i64) -> Result<(), StoreError> {
        self.set_end(table, row, on.into(), seq)
    }

    /// Sets a row's end (NULL reopens it) and its change-log entry (held back while deferred).
    pub(crate) fn set_end(&mut self, table: &str, row: i64, valid_to: Value, seq: i64) -> Result<(), StoreError> {
        if let Some(d) = &mut self.deferred {
            d.ends.push((table.to_string(), row, valid_to, seq));
            return Ok(());
        }
        self.tx.exec(
            &format!("UPDATE {table} SET valid_to = $1, log_seq = $2 WHERE id = $3"),
            &[valid_to, seq.into(), row.into()],
        )?;
        Ok(())
    }

    /// Deletes a row (held back while deferred; deletions then run table by table in first-use
    /// order, so rows go before the rows they refer to when deleted in that order).
    pub(crate) fn delete_row(&mut self, table: &str, row: i64) -> Result<(), StoreError> {
        if let Some(d) = &mut self.deferred {
            match d.deletes.iter_mut().find(|(t, _)| t == table) {
                Some((_, rows)) => rows.push(row),
                None => d.deletes.push((table.to_string(), vec![row])),
            }
            return Ok(());
        }
        self.tx.exec(&format!("DELETE FROM {table} WHERE id = $1"), &[row.into()])?;
        Ok(())
    }

    /// Holds inserts, ends and deletions back until [`Writer::flush`]: for writes of hundreds of
    /// thousands of rows, which one statement each would make slow on PostgreSQL.
    pub(crate) fn defer(&mut self) {
        self.deferred.get_or_insert_with(Deferred::default);
    }

    /// Writes what was held back: inserts table by table in first-use order, then the ends, then
    /// the deletions.
    pub(crate) fn flush(&mut self) -> Result<(), StoreError> {
        let Some(d) = self.deferred.take() else { return Ok(()) };
        for name in d.given.values() {
            people::record_given_name(self.tx, name)?;
        }
        for (table, columns, rows) in d.inserts {
            // What an import holds back is people's text as much as any other write.
            for row in &rows {
                sql::plain_text(row)?;
            }
            self.tx.bulk_insert(&table, &columns, rows)?;
        }
        let mut ends = d.ends;
        ends.sort_by(|a, b| a.0.cmp(&b.0));
        for group in ends.chunk_by(|a, b| a.0 == b.0) {
            let Some((table, ..)) = group.first() else { continue };
            for chunk in group.chunks(300) {
                let mut params: Vec<Value> = Vec::new();
                let (mut to, mut seqs, mut ids) = (String::new(), String::new(), Vec::new());
                for (_, row, valid_to, seq) in chunk {
                    let i = params.len();
                    to.push_str(&format!(" WHEN ${} THEN ${}", i + 1, i + 2));
                    seqs.push_str(&format!(" WHEN ${} THEN CAST(${} AS BIGINT)", i + 1, i + 3));
                    ids.push(format!("${}", i + 1));
                    params.extend([(*row).into(), valid_to.clone(), (*seq).into()]);
                }
                self.tx.exec(
                    &format!(
                        "UPDATE {table} SET valid_to = CASE id{to} END, log_seq = CASE id{seqs} END WHERE id IN ({})",
                        ids.join(", ")
                    ),
                    &params,
                )?;
            }
        }
        for (table, rows) in d.deletes {
            for chunk in rows.chunks(500) {
                let params: Vec<Value> = chunk.iter().map(|r| (*r).into()).collect();
                self.tx.exec(&format!("DELETE FROM {table} WHERE id IN ({})", sql::marks(chunk.len())), &params)?;
            }
        }
        Ok(())
    }

    /// Appends one entry to the change log.
    pub fn log(&mut self, entry: Entry<'_>) -> Result<i64, StoreError> {
        if let Some(seq) = self.gather(&entry)? {
            return Ok(seq);
        }
        let seq = self.head.0 + 1;
        let (values, hash) = log::row(seq, &self.head.1, &self.actor, &self.at, &entry);
        self.insert_row("change_log", log::COLUMNS, &values)?;
        self.head = (seq, hash);
        Ok(seq)
    }
}

fn seed_code_lists(tx: &mut Tx<'_>) -> Result<(), StoreError> {
    use tinhgon_domain::catalog::*;
    use tinhgon_domain::msg::Labelled;
    let mut rows: Vec<(&str, &str, String, String)> = Vec::new();
    let label = |catalog: &str, key: &str| tinhgon_domain::catalog::plain(catalog, key).unwrap_or_default();
    macro_rules! list {
        ($name:literal, $t:ty) => {
            for k in <$t>::ALL {
                rows.push(($name, k.code(), label(VI_FTL, k.key()), label(EN_FTL, k.key())));
            }
        };
    }
    list!("unit_kind", UnitKind);
    list!("sector", Sector);
    list!("ownership", Ownership);
    list!("member_status", MemberStatus);
    list!("rank", Rank);
    list!("staff_category", StaffCategory);
    list!("gender", Gender);
    list!("education", Education);
    list!("theory", Theory);
    for (list, code, vi, en) in rows {
        tx.exec(
            "INSERT INTO code_list (list, code, label_vi, label_en) VALUES ($1, $2, $3, $4)",
            &[list.into(), code.into(), vi.into(), en.into()],
        )?;
    }
    Ok(())
}
