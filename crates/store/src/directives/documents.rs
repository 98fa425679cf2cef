//! Party documents as recorded: the document, the units that must implement it, its files, and
//! the congresses of the issuers.

use serde::{Deserialize, Serialize};
use tinhgon_domain::directives::document::{DocKind, DocStatus};
use tinhgon_domain::{Date, UnitCode};

use crate::log::Entry;
use crate::sql::{Row, Tx, Value};
use crate::{StoreError, Writer};

/// A document as recorded.
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DocumentRow {
    pub id: i64,
    pub issuer: String,
    #[serde(deserialize_with = "crate::decode::or_empty")]
    pub issuer_name: String,
    pub kind: DocKind,
    pub status: DocStatus,
    pub number: Option<i64>,
    /// The number and sign, `06-CTr/HU`; none for a draft.
    pub sign: Option<String>,
    pub issued_on: Option<Date>,
    pub title: String,
    /// The higher document it implements.
    pub implements: Option<i64>,
    pub implements_sign: Option<String>,
    /// The day by which the units named must issue their implementing documents.
    pub implement_by: Option<Date>,
    pub valid_from: Option<Date>,
    pub valid_to: Option<Date>,
    pub place: Option<String>,
    pub body: Option<String>,
    /// "T/M BAN THƯỜNG VỤ", "T/M CHI BỘ"…
    pub signing_for: Option<String>,
    pub signer_title: Option<String>,
    pub signer_name: Option<String>,
    /// One recipient a line.
    pub recipients: Option<String>,
}

/// A document to record.
pub struct NewDocument<'a> {
    pub issuer: &'a UnitCode,
    pub kind: DocKind,
    pub status: DocStatus,
    pub number: Option<i64>,
    pub sign: Option<&'a str>,
    pub issued_on: Option<Date>,
    pub title: &'a str,
    pub implements: Option<i64>,
    pub implement_by: Option<Date>,
    pub valid: (Option<Date>, Option<Date>),
    pub place: Option<&'a str>,
    pub body: Option<&'a str>,
    pub signing_for: Option<&'a str>,
    pub signer_title: Option<&'a str>,
    pub signer_name: Option<&'a str>,
    pub recipients: Option<&'a str>,
    /// The units that must implement it.
    pub targets: &'a [UnitCode],
}

/// What issuing a draft records.
pub struct Issue<'a> {
    pub number: i64,
    pub sign: &'a str,
    pub issued_on: Date,
}

const SELECT: &str = "SELECT d.id, u.code, (SELECT v.name FROM unit_version v WHERE v.unit_id = u.id
        ORDER BY v.valid_from DESC LIMIT 1), d.kind, d.status, d.number, d.sign, d.issued_on, d.title,
        d.implements_id, p.sign, d.implement_by, d.valid_from, d.valid_to, d.place, d.body, d.signing_for,
        d.signer_title, d.signer_name, d.recipients
    FROM party_document d JOIN unit u ON u.id = d.issuer_id LEFT JOIN party_document p ON p.id = d.implements_id";

fn many(tx: &mut Tx<'_>, sql: &str, params: &[Value]) -> Result<Vec<DocumentRow>, StoreError> {
    tx.query(sql, params)?.iter().map(Row::decode).collect()
}

pub fn get(tx: &mut Tx<'_>, id: i64) -> Result<Option<DocumentRow>, StoreError> {
    tx.query_opt(&format!("{SELECT} WHERE d.id = $1"), &[id.into()])?.as_ref().map(Row::decode).transpose()
}

/// The documents a unit issued (and its drafts), newest first.
pub fn issued_by(tx: &mut Tx<'_>, unit: &UnitCode) -> Result<Vec<DocumentRow>, StoreError> {
    many(
        tx,
        &format!("{SELECT} WHERE u.code = $1 ORDER BY COALESCE(d.issued_on, '9999') DESC, d.id DESC"),
        &[unit.as_str().into()],
    )
}

/// The documents a unit is named to implement, newest first.
pub fn addressed_to(tx: &mut Tx<'_>, unit: &UnitCode) -> Result<Vec<DocumentRow>, StoreError> {
    many(
        tx,
        &format!(
            "{SELECT} WHERE d.id IN (SELECT t.document_id FROM document_target t JOIN unit tu ON tu.id = t.unit_id
                 WHERE tu.code = $1) ORDER BY d.issued_on DESC, d.id DESC"
        ),
        &[unit.as_str().into()],
    )
}

/// Every document implementing a document, directly or down the chain, in the order of the chain.
pub fn chain(tx: &mut Tx<'_>, id: i64) -> Result<Vec<DocumentRow>, StoreError> {
    many(
        tx,
        &format!(
            "WITH RECURSIVE down(id) AS (
                 SELECT id FROM party_document WHERE implements_id = $1
                 UNION SELECT c.id FROM party_document c JOIN down ON c.implements_id = down.id
             ) {SELECT} WHERE d.id IN (SELECT id FROM down) ORDER BY d.issued_on, d.id"
        ),
        &[id.into()],
    )
}

/// The units a document names to implement it: code and name.
pub fn targets(tx: &mut Tx<'_>, id: i64) -> Result<Vec<(String, String)>, StoreError> {
    tx.query(
        "SELECT u.code, (SELECT v.name FROM unit_version v WHERE v.unit_id = u.id ORDER BY v.valid_from DESC LIMIT 1)
         FROM document_target t JOIN unit u ON u.id = t.unit_id WHERE t.document_id = $1 ORDER BY u.code",
        &[id.into()],
    )?
    .iter()
    .map(|r| Ok((r.text(0)?, r.opt_text(1)?.unwrap_or_default())))
    .collect()
}

/// The issue days of an issuer's documents of a kind with a number (to find one reused in a term).
pub fn numbered(
    tx: &mut Tx<'_>,
    issuer: &UnitCode,
    kind: DocKind,
    number: i64,
) -> Result<Vec<(i64, Date)>, StoreError> {
    tx.query(
        "SELECT d.id, d.issued_on FROM party_document d JOIN unit u ON u.id = d.issuer_id
         WHERE u.code = $1 AND d.kind = $2 AND d.number = $3 AND d.issued_on IS NOT NULL",
        &[issuer.as_str().into(), kind.code().into(), number.into()],
    )?
    .iter()
    .map(|r| Ok((r.int(0)?, r.date(1)?)))
    .collect()
}

/// The numbers an issuer gave its documents of a kind issued on or after a day.
pub fn numbers_since(tx: &mut Tx<'_>, issuer: &UnitCode, kind: DocKind, since: Date) -> Result<Vec<i64>, StoreError> {
    tx.query(
        "SELECT d.number FROM party_document d JOIN unit u ON u.id = d.issuer_id
         WHERE u.code = $1 AND d.kind = $2 AND d.number IS NOT NULL AND d.issued_on >= $3",
        &[issuer.as_str().into(), kind.code().into(), since.into()],
    )?
    .iter()
    .map(|r| r.int(0))
    .collect()
}

/// A congress of a party organization: the day it closed and its name.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct CongressRow {
    pub closed_on: Date,
    pub label: String,
}

/// The congresses of a unit, oldest first.
pub fn congresses(tx: &mut Tx<'_>, unit: &UnitCode) -> Result<Vec<CongressRow>, StoreError> {
    tx.query(
        "SELECT c.closed_on, c.label FROM congress c JOIN unit u ON u.id = c.unit_id WHERE u.code = $1
         ORDER BY c.closed_on",
        &[unit.as_str().into()],
    )?
    .iter()
    .map(|r| Ok(CongressRow { closed_on: r.date(0)?, label: r.text(1)? }))
    .collect()
}

pub use crate::attachments::FileRow;

/// The files of a document that are not withdrawn.
pub fn files(tx: &mut Tx<'_>, document: i64) -> Result<Vec<FileRow>, StoreError> {
    crate::attachments::list(tx, crate::attachments::DOCUMENT, document)
}

impl Writer<'_, '_> {
    /// Records a document with the units that must implement it; returns its id.
    pub fn insert_document(&mut self, d: &NewDocument<'_>) -> Result<i64, StoreError> {
        let issuer = self.require_unit(d.issuer)?;
        let mut targets = Vec::with_capacity(d.targets.len());
        for t in d.targets {
            targets.push(self.require_unit(t)?);
        }
        let id = self.next_id("party_document")?;
        let key = d.sign.map_or_else(|| format!("{}#{id}", d.issuer), str::to_string);
        let seq = self.log(Entry::new("create", "document", &key).after(Some(serde_json::json!({
            "id": id, "issuer": d.issuer.as_str(), "kind": d.kind.code(), "status": d.status.code(),
            "number": d.number, "sign": d.sign, "issued_on": d.issued_on, "title": d.title,
            "implements": d.implements, "implement_by": d.implement_by, "valid_from": d.valid.0,
            "valid_to": d.valid.1, "place": d.place, "body": d.body, "signing_for": d.signing_for,
            "signer_title": d.signer_title, "signer_name": d.signer_name, "recipients": d.recipients,
            "targets": d.targets.iter().map(UnitCode::as_str).collect::<Vec<_>>(),
        }))))?;
        self.tx.exec(
            "INSERT INTO party_document (id, issuer_id, kind, status, number, sign, issued_on, title, implements_id,
                 implement_by, valid_from, valid_to, place, body, signing_for, signer_title, signer_name, recipients,
                 log_seq)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)",
            &[
                id.into(),
                issuer.into(),
                d.kind.code().into(),
                d.status.code().into(),
                d.number.into(),
                d.sign.into(),
                d.issued_on.into(),
                d.title.into(),
                d.implements.into(),
                d.implement_by.into(),
                d.valid.0.into(),
                d.valid.1.into(),
                d.place.into(),
                d.body.into(),
                d.signing_for.into(),
                d.signer_title.into(),
                d.signer_name.into(),
                d.recipients.into(),
                seq.into(),
            ],
        )?;
        for unit in targets {
            let t = self.next_id("document_target")?;
            self.tx.exec(
                "INSERT INTO document_target (id, document_id, unit_id, log_seq) VALUES ($1, $2, $3, $4)",
                &[t.into(), id.into(), unit.into(), seq.into()],
            )?;
        }
        Ok(id)
    }

    /// Issues a draft: its number, sign and day.
    pub fn issue_document(&mut self, d: &DocumentRow, i: &Issue<'_>) -> Result<(), StoreError> {
        let seq = self.log(Entry::new("issue", "document", i.sign).before(serde_json::to_value(d).ok()).after(
            Some(serde_json::json!({ "id": d.id, "number": i.number, "sign": i.sign, "issued_on": i.issued_on })),
        ))?;
        self.tx.exec(
            "UPDATE party_document SET status = $1, number = $2, sign = $3, issued_on = $4, log_seq = $5 WHERE id = $6",
            &[
                DocStatus::Issued.code().into(),
                i.number.into(),
                i.sign.into(),
                i.issued_on.into(),
                seq.into(),
                d.id.into(),
            ],
        )?;
        Ok(())
    }

    /// Records that an issued document is no longer in force from a day.
    pub fn expire_document(&mut self, d: &DocumentRow, on: Date) -> Result<(), StoreError> {
        let key = d.sign.clone().unwrap_or_else(|| format!("{}#{}", d.issuer, d.id));
        let seq = self.log(
            Entry::new("expire", "document", &key)
                .before(serde_json::to_value(d).ok())
                .after(Some(serde_json::json!({ "id": d.id, "status": DocStatus::Expired.code(), "valid_to": on }))),
        )?;
        self.tx.exec(
            "UPDATE party_document SET status = $1, valid_to = $2, log_seq = $3 WHERE id = $4",
            &[DocStatus::Expired.code().into(), on.into(), seq.into(), d.id.into()],
        )?;
        Ok(())
    }

    /// Records the congress of a party organization that closed on a day.
    pub fn insert_congress(&mut self, unit: &UnitCode, closed_on: Date, label: &str) -> Result<i64, StoreError> {
        let unit_id = self.require_unit(unit)?;
        let id = self.next_id("congress")?;
        let seq = self.log(
            Entry::new("create", "congress", unit.as_str())
                .after(Some(serde_json::json!({ "id": id, "closed_on": closed_on, "label": label }))),
        )?;
        self.tx.exec(
            "INSERT INTO congress (id, unit_id, closed_on, label, log_seq) VALUES ($1, $2, $3, $4, $5)",
            &[id.into(), unit_id.into(), closed_on.into(), label.into(), seq.into()],
        )?;
        Ok(id)
    }
}
