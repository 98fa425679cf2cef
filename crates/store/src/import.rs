//! Large imports. Their rows are held back and written table by table (`COPY` on PostgreSQL), and
//! the change log takes them a thousand to an entry: each `import` entry lists, in order, every
//! row's action, entity, key, decision and content, and the rows it created carry its sequence
//! number. Nothing is left out of the log; a file of 165,000 rows writes 165 entries, not 165,000.

use serde::Serialize;

use crate::log::{self, Entry};
use crate::{StoreError, Writer};

/// Rows of the change log per `import` entry.
pub const IMPORT_CHUNK: usize = 1_000;

/// The entry being gathered: its sequence number (given to the rows before it is written), how
/// many rows it holds and their JSON text so far.
pub(crate) struct ImportLog {
    name: String,
    seq: i64,
    rows: usize,
    /// JSON, read back as UTF-8 once the entry is complete.
    text: Vec<u8>,
}

impl ImportLog {
    fn new(name: String, seq: i64) -> ImportLog {
        ImportLog { name, seq, rows: 0, text: b"{\"rows\":[".to_vec() }
    }
}

/// One row of an `import` entry.
#[derive(Serialize, utoipa::ToSchema)]
struct GatheredRow<'a, T: Serialize> {
    action: &'a str,
    entity: &'a str,
    key: &'a str,
    decision_no: Option<String>,
    decision_date: Option<String>,
    before: &'a Option<serde_json::Value>,
    after: &'a T,
}

impl Writer<'_, '_> {
    /// Holds the rows of an import back until [`Writer::finish_import`]. From
    /// [`IMPORT_CHUNK`] rows on, their change-log entries are gathered into `import` entries
    /// named `name`; a smaller import logs each row on its own, as a single change does.
    pub fn begin_import(&mut self, name: &str, rows: usize) {
        self.defer();
        if rows >= IMPORT_CHUNK {
            self.import_log = Some(ImportLog::new(name.to_string(), self.head.0 + 1));
        }
    }

    /// Writes what [`Writer::begin_import`] held back, with the last `import` entry.
    pub fn finish_import(&mut self) -> Result<(), StoreError> {
        self.close_chunk()?;
        self.import_log = None;
        self.flush()
    }

    /// Logs the creation of a record: gathered as text when an import gathers (without building
    /// a JSON value first), else as an entry of its own.
    pub(crate) fn log_created<T: Serialize>(
        &mut self,
        entity: &str,
        key: &str,
        decision: Option<&tinhgon_domain::Decision>,
        after: &T,
    ) -> Result<i64, StoreError> {
        let entry = Entry::new("create", entity, key).by(decision);
        if let Some(seq) = self.gather_row(&entry, after)? {
            return Ok(seq);
        }
        self.log(Entry { after: serde_json::to_value(after).ok(), ..entry })
    }

    /// Adds one row's entry to the gathered one, if an import gathers; returns its sequence.
    pub(crate) fn gather(&mut self, e: &Entry<'_>) -> Result<Option<i64>, StoreError> {
        self.gather_row(e, &e.after)
    }

    fn gather_row<T: Serialize>(&mut self, e: &Entry<'_>, after: &T) -> Result<Option<i64>, StoreError> {
        let Some(chunk) = &mut self.import_log else { return Ok(None) };
        let row = GatheredRow {
            action: e.action,
            entity: e.entity,
            key: e.key,
            decision_no: e.decision.map(|d| d.number.to_string()),
            decision_date: e.decision.map(|d| d.date.to_string()),
            before: &e.before,
            after,
        };
        if chunk.rows > 0 {
            chunk.text.push(b',');
        }
        // Written straight onto the entry's text.
        serde_json::to_writer(&mut chunk.text, &row).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        chunk.rows += 1;
        let seq = chunk.seq;
        if chunk.rows >= IMPORT_CHUNK {
            self.close_chunk()?;
        }
        Ok(Some(seq))
    }

    fn close_chunk(&mut self) -> Result<(), StoreError> {
        let Some(mut chunk) = self.import_log.take() else { return Ok(()) };
        if chunk.rows == 0 {
            self.import_log = Some(chunk);
            return Ok(());
        }
        chunk.text.extend_from_slice(b"]}");
        let text = String::from_utf8(chunk.text).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let seq = self.head.0 + 1;
        if seq != chunk.seq {
            return Err(StoreError::Corrupt(format!("import entry {seq} written where {} was given", chunk.seq)));
        }
        let entry = Entry::new("import", "import", &chunk.name);
        let (values, hash) =
            log::row_with_texts(seq, (&self.head.1, &self.actor, &self.at), &entry, (None, Some(text)));
        self.insert_row("change_log", log::COLUMNS, &values)?;
        self.head = (seq, hash);
        self.import_log = Some(ImportLog::new(chunk.name, seq + 1));
        Ok(())
    }
}
