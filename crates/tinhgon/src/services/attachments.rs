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

#[cfg(test)]
mod tests {
    //! A record's files on a real register: the kinds a record takes, the size, a file served only
    //! to whoever sees its record, and a withdrawn file kept but no longer served.

    use super::*;
    use crate::services::party::meetings::{self, Plan};
    use crate::services::testing::{code, day, register, scoped};
    use tinhgon_domain::access::Role;
    use tinhgon_domain::party::meeting::Kind;

    fn ctx(s: &mut Store, role: Role, scope: &str) -> Ctx {
        Ctx::new(scoped(s, role, scope), day("2026-12-07"), "2026-12-07T09:00:00Z".into())
    }

    fn said(e: Error) -> String {
        e.messages().1
    }

    #[test]
    fn minutes_take_their_kinds_of_file_and_only_those_who_see_the_meeting_get_one() {
        let (mut s, path) = register("attachments");
        let secretary = ctx(&mut s, Role::Secretary, "P.A");
        let cell = code("P.A.C1");
        let plan =
            Plan { unit: &cell, kind: Kind::Regular, planned_on: Some(day("2026-12-10")), topic: None, agenda: None };
        let id = meetings::plan(&mut s, &secretary, &plan).unwrap_or_else(|e| panic!("{}", said(e)));

        let pdf = b"%PDF-1.4\n% bien ban\n";
        let file =
            meetings::attach(&mut s, &secretary, id, "bien-ban.pdf", pdf).unwrap_or_else(|e| panic!("{}", said(e)));
        let exe = meetings::attach(&mut s, &secretary, id, "x.exe", b"MZ\x90\x00");
        assert!(matches!(exe, Err(Error::Invalid(_))), "a kind the minutes do not take");
        let empty = meetings::attach(&mut s, &secretary, id, "trong.pdf", b"");
        assert!(matches!(empty, Err(Error::Invalid(_))), "an empty file");
        let path_name = meetings::attach(&mut s, &secretary, id, "../bien-ban.pdf", pdf);
        assert!(matches!(path_name, Err(Error::Invalid(_))), "a name with a path");

        let served = meetings::file(&mut s, &secretary, id, file).unwrap_or_else(|e| panic!("{}", said(e)));
        assert_eq!(served, ("bien-ban.pdf".to_string(), "application/pdf".to_string(), pdf.to_vec()));
        let other_commune = ctx(&mut s, Role::Secretary, "P.B");
        let hidden = meetings::file(&mut s, &other_commune, id, file).map(|_| ());
        let absent = meetings::file(&mut s, &secretary, id, file + 1000).map(|_| ());
        assert!(matches!(hidden, Err(Error::NotFound(_))), "a meeting out of sight serves no file");
        assert!(matches!(absent, Err(Error::NotFound(_))));
        let withdrawn = meetings::withdraw_file(&mut s, &other_commune, id, file);
        assert!(matches!(withdrawn, Err(Error::NotFound(_))), "nor is it withdrawn from out of reach");

        meetings::withdraw_file(&mut s, &secretary, id, file).unwrap_or_else(|e| panic!("{}", said(e)));
        assert!(matches!(meetings::file(&mut s, &secretary, id, file), Err(Error::NotFound(_))));
        assert!(matches!(meetings::withdraw_file(&mut s, &secretary, id, file), Err(Error::NotFound(_))));
        let kept: i64 = s
            .read(|tx| tx.query_one("SELECT COUNT(*) FROM meeting_file WHERE withdrawn_seq IS NOT NULL", &[])?.int(0))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(kept, 1, "a withdrawn file is kept");
        let _ = std::fs::remove_file(path);
    }
}
