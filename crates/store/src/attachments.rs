//! The files attached to a row of the register — a document's text, a meeting's minutes — in one
//! shape: a table per owner (`document_file`, `meeting_file`) with the file's name, type, size,
//! SHA-256 and content. A file is never deleted: withdrawing it records the change-log entry that
//! withdrew it, and it is no longer listed or served.

use serde::Serialize;

use crate::log::Entry;
use crate::sql::{Tx, Value};
use crate::{StoreError, Writer};

/// Where one kind of attachment lives: its table, the column naming its owner and the change-log
/// entity of the owner.
#[derive(Clone, Copy, Debug)]
pub struct Owner {
    pub table: &'static str,
    pub key: &'static str,
    pub entity: &'static str,
}

/// The files of a document.
pub const DOCUMENT: Owner = Owner { table: "document_file", key: "document_id", entity: "document" };
/// The files of a meeting's minutes.
pub const MEETING: Owner = Owner { table: "meeting_file", key: "meeting_id", entity: "meeting" };

/// A file, without its content.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct FileRow {
    pub id: i64,
    pub name: String,
    pub media_type: String,
    pub size: i64,
    pub sha256: String,
}

/// The files of an owner that are not withdrawn, in the order attached.
pub fn list(tx: &mut Tx<'_>, owner: Owner, id: i64) -> Result<Vec<FileRow>, StoreError> {
    let Owner { table, key, .. } = owner;
    tx.query(
        &format!(
            "SELECT id, name, media_type, size, sha256 FROM {table} WHERE {key} = $1 AND withdrawn_seq IS NULL ORDER BY id"
        ),
        &[id.into()],
    )?
    .iter()
    .map(|r| {
        Ok(FileRow { id: r.int(0)?, name: r.text(1)?, media_type: r.text(2)?, size: r.int(3)?, sha256: r.text(4)? })
    })
    .collect()
}

/// A file's name, type and content, unless it is withdrawn.
pub fn content(
    tx: &mut Tx<'_>,
    owner: Owner,
    id: i64,
    file: i64,
) -> Result<Option<(String, String, Vec<u8>)>, StoreError> {
    let Owner { table, key, .. } = owner;
    let Some(r) = tx.query_opt(
        &format!(
            "SELECT name, media_type, content FROM {table} WHERE {key} = $1 AND id = $2 AND withdrawn_seq IS NULL"
        ),
        &[id.into(), file.into()],
    )?
    else {
        return Ok(None);
    };
    let content = match r.0.get(2) {
        Some(Value::Bytes(b)) => b.clone(),
        _ => return Err(StoreError::Corrupt(format!("{table} {file} holds no bytes"))),
    };
    Ok(Some((r.text(0)?, r.text(1)?, content)))
}

impl Writer<'_, '_> {
    /// Attaches a file to its owner; the change log records its name, size and SHA-256, not its
    /// content. `log_key` is the owner's key in the change log.
    pub fn attach(
        &mut self,
        (owner, id, log_key): (Owner, i64, &str),
        (name, media_type, sha256): (&str, &str, &str),
        content: &[u8],
    ) -> Result<i64, StoreError> {
        let Owner { table, key, entity } = owner;
        let file = self.next_id(table)?;
        let seq = self.log(Entry::new("attach", entity, log_key).after(Some(serde_json::json!({
            "id": id, "file": file, "name": name, "media_type": media_type, "size": content.len(), "sha256": sha256,
        }))))?;
        self.tx.exec(
            &format!(
                "INSERT INTO {table} (id, {key}, name, media_type, size, sha256, content, log_seq)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
            ),
            &[
                file.into(),
                id.into(),
                name.into(),
                media_type.into(),
                (content.len() as i64).into(),
                sha256.into(),
                content.to_vec().into(),
                seq.into(),
            ],
        )?;
        Ok(file)
    }

    /// Withdraws a file that is attached and not withdrawn; `false` when there is none such.
    pub fn withdraw(&mut self, (owner, id, log_key): (Owner, i64, &str), file: i64) -> Result<bool, StoreError> {
        let Owner { table, key, entity } = owner;
        let Some(r) = self.tx.query_opt(
            &format!("SELECT name, sha256 FROM {table} WHERE {key} = $1 AND id = $2 AND withdrawn_seq IS NULL"),
            &[id.into(), file.into()],
        )?
        else {
            return Ok(false);
        };
        let (name, sha256) = (r.text(0)?, r.text(1)?);
        let seq = self.log(
            Entry::new("withdraw", entity, log_key)
                .before(Some(serde_json::json!({ "id": id, "file": file, "name": name, "sha256": sha256 }))),
        )?;
        self.tx.exec(&format!("UPDATE {table} SET withdrawn_seq = $1 WHERE id = $2"), &[seq.into(), file.into()])?;
        Ok(true)
    }
}
