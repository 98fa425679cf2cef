//! The files of a record of the register — a document's text, a meeting's minutes — attached,
//! served and withdrawn the same way for every kind of record: the record is found in the
//! caller's sight (to serve a file) or reach (to attach or withdraw one), the file is checked for
//! its name, size and kind, and the change log records its name, size and SHA-256, not its
//! content. A withdrawn file is kept, no longer listed or served.

use tinhgon_domain::access::Action;
use tinhgon_domain::msg::Msg;
use tinhgon_store::attachments::{self, Owner};
use tinhgon_store::{Store, Tx};

use crate::services::{Absent, Ctx, Error};

/// The most a file may hold.
pub const MAX_FILE: usize = 20 * 1024 * 1024;

/// A kind of record that holds files.
pub(crate) struct Holder<R: 'static> {
    /// Where the register keeps its files.
    pub owner: Owner,
    /// What the caller's role must allow to attach or withdraw one.
    pub write: Action,
    /// The record, if the caller sees it.
    pub seen: fn(&mut Tx<'_>, &Ctx, i64) -> Result<Option<R>, Error>,
    /// The record, if the caller may write to it; absent otherwise.
    pub written: fn(&mut Tx<'_>, &Ctx, i64) -> Result<R, Error>,
    /// The record's id and its key in the change log.
    pub key: fn(&R) -> (i64, String),
    /// The media type of a file the record takes, by its first bytes and name; `None` refuses it.
    pub kind: fn(&[u8], &str) -> Option<&'static str>,
    /// The message refusing a kind of file the record does not take.
    pub wrong_kind: &'static str,
    /// The message of a file the record does not hold (with `id` and `file`).
    pub no_file: &'static str,
}

/// The name of a file attached: up to 200 characters, without a path or a quote.
pub(crate) fn file_name(name: &str) -> Result<&str, Error> {
    let name = name.trim();
    let bad_name = name.is_empty()
        || name.chars().count() > 200
        || name.chars().any(|c| c.is_control() || matches!(c, '/' | '\\' | '"'));
    if bad_name {
        return Err(Error::said("name", Msg::new("meeting-give-file-s-name-up")));
    }
    Ok(name)
}

/// Attaches a file to a record the caller may write to; returns the file's id.
pub(crate) fn attach<R>(
    holder: &Holder<R>,
    s: &mut Store,
    cx: &Ctx,
    id: i64,
    name: &str,
    content: &[u8],
) -> Result<i64, Error> {
    use sha2::{Digest, Sha256};
    cx.require(holder.write)?;
    s.write(cx.actor(), &cx.now, |w| {
        let record = (holder.written)(w.tx(), cx, id)?;
        let name = file_name(name)?;
        if content.is_empty() || content.len() > MAX_FILE {
            return Err(Error::said("file", Msg::new("file-size").text("mb", MAX_FILE / 1024 / 1024)));
        }
        let Some(kind) = (holder.kind)(content, name) else {
            return Err(Error::said("file", Msg::new(holder.wrong_kind)));
        };
        let sha = hex::encode(Sha256::digest(content));
        let (id, key) = (holder.key)(&record);
        Ok(w.attach((holder.owner, id, &key), (name, kind, &sha), content)?)
    })
}

/// A file of a record in the caller's sight: its name, type and content.
pub(crate) fn file<R>(
    holder: &Holder<R>,
    s: &mut Store,
    cx: &Ctx,
    id: i64,
    file: i64,
) -> Result<(String, String, Vec<u8>), Error> {
    cx.require(Action::Read)?;
    let found = crate::services::read(s, |tx| match (holder.seen)(tx, cx, id)? {
        Some(_) => Ok(attachments::content(tx, holder.owner, id, file)?),
        None => Ok(None),
    })?;
    found.ok_or_else(|| no_file(holder, id, file))
}

/// Withdraws a file of a record the caller may write to.
pub(crate) fn withdraw<R>(holder: &Holder<R>, s: &mut Store, cx: &Ctx, id: i64, file: i64) -> Result<(), Error> {
    cx.require(holder.write)?;
    s.write(cx.actor(), &cx.now, |w| {
        let record = (holder.written)(w.tx(), cx, id)?;
        let (id, key) = (holder.key)(&record);
        if w.withdraw((holder.owner, id, &key), file)? {
            Ok(())
        } else {
            Err(no_file(holder, id, file))
        }
    })
}

fn no_file<R>(holder: &Holder<R>, id: i64, file: i64) -> Error {
    Error::NotFound(Absent::said(Msg::new(holder.no_file).text("id", id).text("file", file)))
}
