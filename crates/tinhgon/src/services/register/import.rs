//! Whole files of one kind — the command line's `import`, the import page — read, checked and
//! written all or nothing, through the same operations as a single row, so that every row's units
//! and people are checked against the caller's reach before anything is written.

use tinhgon_store::Store;

use super::rows::{FileKind, RowError};
use super::{members, people, positions, quotas, units};
use crate::files::Table;
use crate::services::{Ctx, Error};

/// The kinds of file the caller's role may import, in the order of the list; refused when it may
/// import none.
pub fn kinds_for(cx: &Ctx) -> Result<Vec<FileKind>, Error> {
    let kinds: Vec<FileKind> = <FileKind as clap::ValueEnum>::value_variants()
        .iter()
        .copied()
        .filter(|k| cx.require(k.action()).is_ok())
        .collect();
    if kinds.is_empty() {
        Err(Error::Forbidden)
    } else {
        Ok(kinds)
    }
}

/// Whether the caller's role may import files of `kind`, asked before the file is read.
pub fn may_import(cx: &Ctx, kind: FileKind) -> Result<(), Error> {
    cx.require(kind.action())
}

/// One row of a file of `kind` (a body of the API), read for the caller: refused before anything
/// is read when the caller's role may not write that kind, then every column and cell checked as
/// an import checks them.
pub fn one_row<T>(
    cx: &Ctx,
    kind: FileKind,
    table: &Table,
    parse: fn(&Table, &mut Vec<RowError>) -> T,
) -> Result<T, Error> {
    cx.require(kind.action())?;
    let (required, _) = kind.columns();
    if let Err(e) = table.require(required) {
        return Err(Error::Invalid(vec![RowError { line: 1, column: String::new(), vi: e.vi(), en: e.en() }]));
    }
    let mut errors = Vec::new();
    let rows = parse(table, &mut errors);
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(Error::Invalid(errors))
    }
}

/// Parses and writes a whole file of one kind; returns the number of rows.
pub fn file(s: &mut Store, cx: &Ctx, kind: FileKind, table: &Table, dry_run: bool) -> Result<usize, Error> {
    cx.require(kind.action())?;
    let (required, _) = kind.columns();
    if let Err(e) = table.require(required) {
        return Err(Error::Invalid(vec![RowError { line: 1, column: String::new(), vi: e.vi(), en: e.en() }]));
    }
    // A large file on SQLite is written under the rollback journal, which copes with one
    // transaction of a hundred thousand rows far better than the write-ahead log; where another
    // connection holds the register open, the switch is refused and the import keeps the log.
    let large = table.rows.len() >= LARGE_FILE && s.bulk_mode(true).is_ok();
    let out = written(s, cx, kind, table, dry_run);
    if large {
        s.bulk_mode(false)?;
    }
    out
}

/// Rows from which a file counts as large.
const LARGE_FILE: usize = 10_000;

fn written(s: &mut Store, cx: &Ctx, kind: FileKind, table: &Table, dry_run: bool) -> Result<usize, Error> {
    let mut errors = Vec::new();
    // Rows that cannot be read are reported with what the register says of the rows that can:
    // those are checked too, without writing, so that one pass lists every bad row.
    macro_rules! checked {
        ($service:ident) => {{
            let rows = $service::parse(table, &mut errors);
            if errors.is_empty() {
                return $service::create(s, cx, &rows, dry_run);
            }
            match $service::create(s, cx, &rows, true) {
                Ok(_) => {}
                Err(Error::Invalid(more)) => errors.extend(more),
                Err(e) => return Err(e),
            }
            errors.sort_by_key(|e| e.line);
            Err(Error::Invalid(errors))
        }};
    }
    match kind {
        FileKind::Units => checked!(units),
        FileKind::People => checked!(people),
        FileKind::Members => checked!(members),
        FileKind::Positions => checked!(positions),
        FileKind::Quotas => checked!(quotas),
    }
}
