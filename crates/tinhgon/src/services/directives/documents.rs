//! Party documents: recorded as drafts or as issued, their number and sign checked against the
//! rules of Hướng dẫn 36-HD/VPTW (the pattern, the type and issuer codes, numbers from 01 per type
//! within the issuer's committee term), the higher document each implements, and the units that
//! must implement it by a deadline.
//!
//! A document is in the caller's sight when its issuer, a unit it names to implement it or a unit
//! it gives a task to is in reach; when it comes from a committee above the caller's own unit; and
//! when it is the Central Committee's. Otherwise it is absent.

use crate::i18n::Label;
use crate::i18n::{both, both_each};
use crate::services::attachments::{self, Holder};
use crate::services::scope::row_in_reach;
use serde::Serialize;
use tinhgon_domain::access::Action;
use tinhgon_domain::catalog::UnitKind;
use tinhgon_domain::directives::document::{self as rules, DocKind, DocStatus, Sign};
use tinhgon_domain::{Date, UnitCode};
use tinhgon_store::directives::documents::{self as store, Issue, NewDocument};
pub use tinhgon_store::directives::documents::{CongressRow, DocumentRow, FileRow};
use tinhgon_store::{units, Store, StoreError, Tx, Writer};

use crate::services::{Absent, Ctx, Error};

/// What recording a document names. Without `sign` and `issued_on` it is a draft.
#[derive(Default)]
pub struct Draft {
    pub issuer: Option<UnitCode>,
    pub kind: Option<DocKind>,
    pub sign: Option<String>,
    pub issued_on: Option<Date>,
    pub title: Option<String>,
    /// The id of the higher document it implements.
    pub implements: Option<i64>,
    pub implement_by: Option<Date>,
    pub valid_from: Option<Date>,
    pub valid_to: Option<Date>,
    pub place: Option<String>,
    pub body: Option<String>,
    pub signing_for: Option<String>,
    pub signer_title: Option<String>,
    pub signer_name: Option<String>,
    pub recipients: Option<String>,
    /// The units that must implement it; when none are named and a deadline is, the party
    /// organizations directly under the issuer on the day.
    pub targets: Vec<UnitCode>,
}

/// How a unit named to implement a document stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[schema(as = DocumentProgress)]
#[serde(rename_all = "snake_case")]
pub enum Progress {
    /// Issued its implementing document by the deadline (or with no deadline).
    OnTime,
    /// Issued it after the deadline.
    Late,
    /// Has not issued it, and the deadline has passed.
    Overdue,
    /// Has not issued it yet; the deadline has not passed.
    Pending,
}

/// A unit named to implement a document, and its implementing document if any.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Target {
    pub unit: String,
    pub name: String,
    pub progress: Progress,
    pub document: Option<i64>,
    pub sign: Option<String>,
    pub issued_on: Option<Date>,
}

/// A document with its files, the units named to implement it and the chain below it.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = DocumentDetail)]
pub struct Detail {
    #[serde(flatten)]
    pub document: DocumentRow,
    pub files: Vec<FileRow>,
    pub targets: Vec<Target>,
    /// Units that had issued their implementing document by the deadline (or by today when none).
    pub implemented: usize,
    /// Units that had not by the deadline: overdue, or late.
    pub not_by_deadline: usize,
    /// Every document implementing it, down the tree, that the caller sees.
    pub chain: Vec<DocumentRow>,
    /// Whether the caller may write to it (its issuer's officers): the page offers its forms.
    #[serde(skip)]
    pub writable: bool,
}

/// A unit's documents: those it issued and those it is named to implement, with its own
/// implementing document for each.
#[derive(Serialize, utoipa::ToSchema)]
pub struct UnitDocuments {
    pub issued: Vec<DocumentRow>,
    pub to_implement: Vec<(DocumentRow, Target)>,
    pub congresses: Vec<CongressRow>,
}

/// A field refused, in both languages from the catalogs.
fn keyed(name: &str, key: &str, args: &[(&str, String)]) -> Error {
    let (vi, en) = both(key, args);
    Error::field(name, vi, en)
}

/// A field refused about a unit on a day, the day written in each language's way.
fn on_day(name: &str, key: &str, unit: &str, on: Date) -> Error {
    let unit = ("unit", unit.to_string());
    let (vi, en) = both_each(key, &[unit.clone(), ("on", on.vn())], &[unit, ("on", on.to_string())]);
    Error::field(name, vi, en)
}

fn absent(id: i64) -> Error {
    Error::NotFound(Absent::Said {
        vi: both("document-absent", &[("id", id.to_string())]).0,
        en: both("document-absent", &[("id", id.to_string())]).1,
    })
}

fn field(name: &str, vi: impl Into<String>, en: impl Into<String>) -> Error {
    Error::field(name, vi.into(), en.into())
}

/// Whether the caller sees a document: its issuer, a unit named to implement it or a unit it
/// gives a task to is in reach.
pub(crate) fn sees(tx: &mut Tx<'_>, cx: &Ctx, d: &DocumentRow) -> Result<bool, StoreError> {
    let issuer_in_reach = cx.guard.reaches(tx, &d.issuer);
    // A draft is its issuer's officers' alone: nobody below or named in it reads it before it is
    // issued.
    if d.status == DocStatus::Draft {
        return Ok(issuer_in_reach && cx.guard.may(Action::Direct));
    }
    if issuer_in_reach {
        return Ok(true);
    }
    if cx.guard.home_unit().is_some() && from_above(tx, cx, d)? {
        return Ok(true);
    }
    let named = store::targets(tx, d.id)?.into_iter().map(|(t, _)| t);
    let given = tinhgon_store::directives::tasks::units_of(tx, d.id)?;
    for t in named.chain(given) {
        if UnitCode::parse(&t).is_ok_and(|u| cx.guard.unit(tx, &u).is_ok()) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Whether a document comes from above the caller: the Central Committee's (published to every
/// party organization), or a committee's above the caller's own unit, whose documents its
/// organizations receive.
fn from_above(tx: &mut Tx<'_>, cx: &Ctx, d: &DocumentRow) -> Result<bool, StoreError> {
    let Ok(issuer) = UnitCode::parse(&d.issuer) else { return Ok(false) };
    if units::history(tx, &issuer)?.last().is_some_and(|v| v.kind == UnitKind::PartyCentral) {
        return Ok(true);
    }
    let mut at = cx.guard.home_unit().and_then(|h| units::history(tx, h).ok()?.pop()).and_then(|v| v.parent);
    for _ in 0..16 {
        let Some(code) = at else { break };
        if code == issuer {
            return Ok(true);
        }
        at = units::at(tx, &code, cx.today)?.or(units::history(tx, &code)?.pop()).and_then(|v| v.parent);
    }
    Ok(false)
}

/// A document in the caller's sight, or none.
pub(crate) fn seen(tx: &mut Tx<'_>, cx: &Ctx, id: i64) -> Result<Option<DocumentRow>, StoreError> {
    match store::get(tx, id)? {
        Some(d) if sees(tx, cx, &d)? => Ok(Some(d)),
        _ => Ok(None),
    }
}

/// The first day of the issuer's term holding a day.
fn term_of(tx: &mut Tx<'_>, issuer: &UnitCode, on: Date) -> Result<Date, StoreError> {
    let closings: Vec<Date> = store::congresses(tx, issuer)?.into_iter().map(|c| c.closed_on).collect();
    let founded = units::history(tx, issuer)?.first().map_or(on, |v| v.validity.from);
    Ok(rules::term_start(&closings, founded, on))
}

/// Checks a number and sign for an issuer and day: the pattern, the type and issuer codes, and
/// that no other document of the type has the number in the same term. Returns the sign.
fn check_sign(
    tx: &mut Tx<'_>,
    issuer: &UnitCode,
    issuer_kind: UnitKind,
    kind: DocKind,
    text: &str,
    on: Date,
) -> Result<Sign, Error> {
    let sign = Sign::parse(text).map_err(|e| field("sign", crate::i18n::vi(&e), crate::i18n::en(&e)))?;
    sign.check(kind, issuer.as_str(), issuer_kind)
        .map_err(|e| field("sign", crate::i18n::vi(&e), crate::i18n::en(&e)))?;
    let term = term_of(tx, issuer, on)?;
    for (_, other_on) in store::numbered(tx, issuer, kind, i64::from(sign.number))? {
        if term_of(tx, issuer, other_on)? == term {
            let (number, next) = (format!("{:02}", sign.number), format!("{:02}", next_in(tx, issuer, kind, term)?));
            let common = [("issuer", issuer.to_string()), ("number", number), ("next", next)];
            let (vi, en) = both_each(
                "document-number-used",
                &[&common[..], &[("kind", kind.label_vi().to_lowercase()), ("term", term.vn()), ("on", other_on.vn())]]
                    .concat(),
                &[
                    &common[..],
                    &[
                        ("kind", kind.label_en().to_lowercase()),
                        ("term", term.to_string()),
                        ("on", other_on.to_string()),
                    ],
                ]
                .concat(),
            );
            return Err(Error::field("sign", vi, en));
        }
    }
    Ok(sign)
}

fn next_in(tx: &mut Tx<'_>, issuer: &UnitCode, kind: DocKind, term: Date) -> Result<i64, StoreError> {
    // Numbers given later than the term's start belong to it or to a later term; a later term
    // starts after today's documents, so the highest is this term's.
    Ok(store::numbers_since(tx, issuer, kind, term)?.into_iter().max().unwrap_or(0) + 1)
}

/// The next free number of a type for an issuer on a day, and the sign it would carry.
pub fn next_sign(s: &mut Store, cx: &Ctx, issuer: &UnitCode, kind: DocKind, on: Date) -> Result<String, Error> {
    cx.require(Action::Read)?;
    crate::services::read(s, |tx| {
        cx.guard.unit(tx, issuer)?;
        let v = units::at(tx, issuer, on)?.ok_or_else(|| Error::NotFound(Absent::Unit(issuer.to_string())))?;
        let term = term_of(tx, issuer, on)?;
        let n = next_in(tx, issuer, kind, term)?;
        let code = rules::issuer_codes(v.kind).and_then(|c| c.first().copied()).unwrap_or("");
        let kind_code = kind.sign_codes().first().copied().unwrap_or("");
        Ok(format!("{n:02}-{kind_code}/{code}"))
    })
}

const MAX_TITLE: usize = 500;
const MAX_TEXT: usize = 200_000;

fn clean(t: &Option<String>) -> Option<String> {
    t.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_string)
}

fn check_length(name: &str, t: &Option<String>, max: usize) -> Result<(), Error> {
    if t.as_deref().is_some_and(|t| t.chars().count() > max) {
        return Err(keyed(name, "document-too-long", &[("name", name.to_string()), ("max", max.to_string())]));
    }
    Ok(())
}

/// Records a document, a draft or issued; returns its id. Nothing is written when any field is
/// refused.
pub fn create(s: &mut Store, cx: &Ctx, d: &Draft) -> Result<i64, Error> {
    cx.require(Action::Direct)?;
    s.write(cx.actor(), &cx.now, |w| create_in(w, cx, d))
}

fn create_in(w: &mut Writer<'_, '_>, cx: &Ctx, d: &Draft) -> Result<i64, Error> {
    let issuer = d.issuer.as_ref().ok_or_else(|| keyed("issuer", "document-issuer-missing", &[]))?;
    if cx.guard.unit(w.tx(), issuer).is_err() {
        return Err(keyed("issuer", "document-no-unit", &[("code", issuer.to_string())]));
    }
    let kind = d.kind.ok_or_else(|| keyed("kind", "document-kind-missing", &[]))?;
    let title = clean(&d.title).ok_or_else(|| keyed("title", "document-title-missing", &[]))?;
    check_length("title", &d.title, MAX_TITLE)?;
    for (name, t) in [("body", &d.body), ("recipients", &d.recipients)] {
        check_length(name, t, MAX_TEXT)?;
    }
    for (name, t) in [
        ("place", &d.place),
        ("signing_for", &d.signing_for),
        ("signer_title", &d.signer_title),
        ("signer_name", &d.signer_name),
    ] {
        check_length(name, t, 200)?;
    }
    let issued = match (&d.sign, d.issued_on) {
        (None, None) => None,
        (Some(s), Some(on)) => Some((s.clone(), on)),
        (Some(_), None) => return Err(keyed("issued_on", "document-day-missing", &[])),
        (None, Some(_)) => return Err(keyed("sign", "document-sign-missing", &[])),
    };
    let on = issued.as_ref().map_or(cx.today, |(_, on)| *on);
    if on > cx.today {
        return Err(keyed("issued_on", "document-day-to-come", &[]));
    }
    let Some(v) = units::at(w.tx(), issuer, on)? else {
        let name = if issued.is_some() { "issued_on" } else { "issuer" };
        return Err(on_day(name, "document-issuer-not-then", issuer.as_str(), on));
    };
    if !v.kind.is_party() {
        return Err(keyed("issuer", "document-issuer-not-party", &[("issuer", issuer.to_string())]));
    }
    let sign = match &issued {
        Some((text, on)) => Some(check_sign(w.tx(), issuer, v.kind, kind, text, *on)?),
        None => None,
    };
    let parent = match d.implements {
        None => None,
        Some(id) => {
            let p = seen(w.tx(), cx, id)?
                .ok_or_else(|| keyed("implements", "document-implements-absent", &[("id", id.to_string())]))?;
            let Some(p_on) = p.issued_on else {
                return Err(keyed("implements", "document-implements-draft", &[]));
            };
            if on < p_on {
                let sign = ("sign", p.sign.clone().unwrap_or_default());
                let (vi, en) = both_each(
                    "document-before-implemented",
                    &[sign.clone(), ("on", p_on.vn())],
                    &[sign, ("on", p_on.to_string())],
                );
                return Err(Error::field("issued_on", vi, en));
            }
            Some(p)
        }
    };
    if let Some(by) = d.implement_by {
        if by < on {
            return Err(keyed("implement_by", "document-deadline-before", &[]));
        }
    }
    if let (Some(from), Some(to)) = (d.valid_from, d.valid_to) {
        if to < from {
            return Err(keyed("valid_to", "document-end-before-start", &[]));
        }
    }
    let targets = targets_of(w, cx, d, issuer, on)?;
    let (place, body) = (clean(&d.place), clean(&d.body));
    let (signing_for, signer_title, signer_name) =
        (clean(&d.signing_for), clean(&d.signer_title), clean(&d.signer_name));
    let recipients = clean(&d.recipients);
    let sign_text = sign.as_ref().map(Sign::to_string);
    Ok(w.insert_document(&NewDocument {
        issuer,
        kind,
        status: if sign.is_some() { DocStatus::Issued } else { DocStatus::Draft },
        number: sign.as_ref().map(|s| i64::from(s.number)),
        sign: sign_text.as_deref(),
        issued_on: issued.map(|(_, on)| on),
        title: &title,
        implements: parent.map(|p| p.id),
        implement_by: d.implement_by,
        valid: (d.valid_from, d.valid_to),
        place: place.as_deref(),
        body: body.as_deref(),
        signing_for: signing_for.as_deref(),
        signer_title: signer_title.as_deref(),
        signer_name: signer_name.as_deref(),
        recipients: recipients.as_deref(),
        targets: &targets,
    })?)
}

/// The units named to implement: each in reach, existing on the day and a party organization
/// other than the issuer; by default, with a deadline, the party organizations under the issuer.
fn targets_of(
    w: &mut Writer<'_, '_>,
    cx: &Ctx,
    d: &Draft,
    issuer: &UnitCode,
    on: Date,
) -> Result<Vec<UnitCode>, Error> {
    if d.targets.is_empty() {
        if d.implement_by.is_none() {
            return Ok(Vec::new());
        }
        return Ok(units::children(w.tx(), issuer, on)?
            .into_iter()
            .filter(|c| c.kind.is_party_organization())
            .map(|c| c.code)
            .collect());
    }
    let mut out: Vec<UnitCode> = Vec::new();
    for t in &d.targets {
        if cx.guard.unit(w.tx(), t).is_err() {
            return Err(keyed("targets", "document-no-unit", &[("code", t.to_string())]));
        }
        match units::at(w.tx(), t, on)? {
            Some(v) if v.kind.is_party() && t != issuer => {}
            _ => return Err(on_day("targets", "document-target-not-below", t.as_str(), on)),
        }
        if !out.contains(t) {
            out.push(t.clone());
        }
    }
    Ok(out)
}

/// Issues a draft with its number and sign on a day.
pub fn issue(s: &mut Store, cx: &Ctx, id: i64, sign: &str, on: Option<Date>) -> Result<(), Error> {
    cx.require(Action::Direct)?;
    s.write(cx.actor(), &cx.now, |w| {
        let d = written(w.tx(), cx, id)?;
        let issuer = UnitCode::parse(&d.issuer).map_err(|_| absent(id))?;
        if d.status != DocStatus::Draft {
            let (vi, en) = both("document-issued-already", &[("sign", d.sign.clone().unwrap_or_default())]);
            return Err(Error::Conflict { vi, en });
        }
        let on = on.ok_or_else(|| keyed("issued_on", "document-day-missing", &[]))?;
        if on > cx.today {
            return Err(keyed("issued_on", "document-day-to-come", &[]));
        }
        let v = units::at(w.tx(), &issuer, on)?
            .ok_or_else(|| on_day("issued_on", "document-issuer-not-then", issuer.as_str(), on))?;
        if let Some(p) = d.implements.map(|p| store::get(w.tx(), p)).transpose()?.flatten() {
            if p.issued_on.is_some_and(|p_on| on < p_on) {
                let sign = p.sign.clone().unwrap_or_default();
                return Err(keyed("issued_on", "document-before-sign", &[("sign", sign)]));
            }
        }
        let sign = check_sign(w.tx(), &issuer, v.kind, d.kind, sign, on)?;
        let text = sign.to_string();
        w.issue_document(&d, &Issue { number: i64::from(sign.number), sign: &text, issued_on: on })?;
        Ok(())
    })
}

/// Records that an issued document is no longer in force from a day.
pub fn expire(s: &mut Store, cx: &Ctx, id: i64, on: Option<Date>) -> Result<(), Error> {
    cx.require(Action::Direct)?;
    s.write(cx.actor(), &cx.now, |w| {
        let d = written(w.tx(), cx, id)?;
        let on = on.unwrap_or(cx.today);
        match d.issued_on {
            Some(i) if d.status == DocStatus::Issued && on >= i => Ok(w.expire_document(&d, on)?),
            _ => Err(keyed("valid_to", "document-expire-issued-only", &[])),
        }
    })
}

/// How the units named stand against a document's deadline, as of today.
fn standing(tx: &mut Tx<'_>, d: &DocumentRow, today: Date) -> Result<Vec<Target>, StoreError> {
    let children: Vec<DocumentRow> =
        store::chain(tx, d.id)?.into_iter().filter(|c| c.implements == Some(d.id) && c.issued_on.is_some()).collect();
    Ok(store::targets(tx, d.id)?
        .into_iter()
        .map(|(unit, name)| {
            let own = children.iter().filter(|c| c.issuer == unit).min_by_key(|c| c.issued_on);
            let progress = match (own.and_then(|c| c.issued_on), d.implement_by) {
                (Some(i), Some(by)) if i > by => Progress::Late,
                (Some(_), _) => Progress::OnTime,
                (None, Some(by)) if today > by => Progress::Overdue,
                (None, _) => Progress::Pending,
            };
            Target {
                unit,
                name,
                progress,
                document: own.map(|c| c.id),
                sign: own.and_then(|c| c.sign.clone()),
                issued_on: own.and_then(|c| c.issued_on),
            }
        })
        .collect())
}

/// A document the caller may write to: in sight, its issuer in reach, and the role may direct;
/// otherwise absent, as one that does not exist.
fn written(tx: &mut Tx<'_>, cx: &Ctx, id: i64) -> Result<DocumentRow, Error> {
    row_in_reach(tx, cx, |tx| seen(tx, cx, id))?.ok_or_else(|| absent(id))
}

/// A document in sight with its files, the units named and how each stands, and the chain of
/// implementing documents below it that the caller sees.
pub fn get(s: &mut Store, cx: &Ctx, id: i64) -> Result<Detail, Error> {
    cx.require(Action::Read)?;
    crate::services::read(s, |tx| {
        let d = seen(tx, cx, id)?.ok_or_else(|| absent(id))?;
        // How each named unit stands is shown only for the units the caller reaches, and a unit's
        // implementing document only to whoever sees it.
        let mut targets = Vec::new();
        for mut t in standing(tx, &d, cx.today)? {
            if !cx.guard.reaches(tx, &t.unit) {
                continue;
            }
            if let Some(own) = t.document {
                if seen(tx, cx, own)?.is_none() {
                    (t.document, t.sign, t.issued_on) = (None, None, None);
                }
            }
            targets.push(t);
        }
        let mut chain = Vec::new();
        for c in store::chain(tx, id)? {
            if sees(tx, cx, &c)? {
                chain.push(c);
            }
        }
        let files = store::files(tx, id)?;
        let implemented = targets.iter().filter(|t| t.progress == Progress::OnTime).count();
        let not_by_deadline =
            targets.iter().filter(|t| matches!(t.progress, Progress::Late | Progress::Overdue)).count();
        let writable = cx.guard.may(Action::Direct) && cx.guard.reaches(tx, &d.issuer);
        Ok(Detail { document: d, files, targets, implemented, not_by_deadline, chain, writable })
    })
}

/// A unit's documents in reach: those it issued, those it is named to implement, its congresses.
pub fn of_unit(s: &mut Store, cx: &Ctx, unit: &UnitCode) -> Result<UnitDocuments, Error> {
    cx.require(Action::Read)?;
    crate::services::read(s, |tx| {
        cx.guard.unit(tx, unit)?;
        let issued = store::issued_by(tx, unit)?;
        let mut to_implement = Vec::new();
        for d in store::addressed_to(tx, unit)? {
            let mine = standing(tx, &d, cx.today)?.into_iter().find(|t| t.unit == unit.as_str());
            if let Some(t) = mine {
                to_implement.push((d, t));
            }
        }
        let congresses = store::congresses(tx, unit)?;
        Ok(UnitDocuments { issued, to_implement, congresses })
    })
}

/// Records the congress of a party organization in reach that closed on a day: the term it opens
/// starts the day after, and the documents of the term are numbered from 01 again.
pub fn congress(s: &mut Store, cx: &Ctx, unit: &UnitCode, closed_on: Option<Date>, label: &str) -> Result<i64, Error> {
    cx.write(s, |ws| {
        // The unit named in the address first: out of reach is absent, whatever the role.
        let unit = &ws.scope().unit(unit)?;
        cx.require(Action::Direct)?;
        let w = ws.writer();
        let on = closed_on.ok_or_else(|| keyed("closed_on", "congress-day-missing", &[]))?;
        match units::at(w.tx(), unit, on)? {
            Some(v) if v.kind.is_party_organization() => {}
            _ => return Err(on_day("closed_on", "congress-not-party", unit.as_str(), on)),
        }
        if store::congresses(w.tx(), unit)?.iter().any(|c| c.closed_on == on) {
            return Err(keyed("closed_on", "congress-recorded", &[]));
        }
        let label = label.trim();
        if label.is_empty() || label.chars().count() > 200 {
            return Err(keyed("label", "congress-label", &[]));
        }
        Ok(w.insert_congress(unit, on, label)?)
    })
}

/// The files of a document: its issuer's officers attach and withdraw them (seeing it is not
/// enough), a PDF or a Word file, recognized by its first bytes.
const FILES: Holder<DocumentRow> = Holder {
    owner: tinhgon_store::attachments::DOCUMENT,
    write: Action::Direct,
    seen: |tx, cx, id| Ok(seen(tx, cx, id)?),
    written,
    key: |d| (d.id, d.sign.clone().unwrap_or_else(|| format!("{}#{}", d.issuer, d.id))),
    kind: |content, name| {
        if content.starts_with(b"%PDF-") {
            Some("application/pdf")
        } else if content.starts_with(b"PK\x03\x04") && name.to_lowercase().ends_with(".docx") {
            Some(crate::docx::MEDIA_TYPE)
        } else {
            None
        }
    },
    wrong_kind: "document-file-kind",
    no_file: "document-no-file",
};

/// Attaches a file to a document; returns its id.
pub fn attach(s: &mut Store, cx: &Ctx, id: i64, name: &str, content: &[u8]) -> Result<i64, Error> {
    attachments::attach(&FILES, s, cx, id, name, content)
}

/// Withdraws a file of a document.
pub fn withdraw_file(s: &mut Store, cx: &Ctx, id: i64, file: i64) -> Result<(), Error> {
    attachments::withdraw(&FILES, s, cx, id, file)
}

/// A file of a document in sight: its name, type and content.
pub fn file(s: &mut Store, cx: &Ctx, id: i64, file: i64) -> Result<(String, String, Vec<u8>), Error> {
    attachments::file(&FILES, s, cx, id, file)
}

/// The place a unit's documents are dated at: the province above it, without "Tỉnh" or
/// "Thành phố".
fn place_of(tx: &mut Tx<'_>, unit: &UnitCode, on: Date) -> Result<Option<String>, StoreError> {
    let mut at = Some(unit.clone());
    for _ in 0..12 {
        let Some(code) = at else { break };
        let Some(v) = units::at(tx, &code, on)? else { break };
        if v.kind == UnitKind::Province {
            let name = v.name.trim();
            let short = ["Tỉnh ", "tỉnh ", "Thành phố ", "thành phố "].iter().find_map(|p| name.strip_prefix(p));
            return Ok(Some(short.unwrap_or(name).to_string()));
        }
        at = v.parent;
    }
    Ok(None)
}

/// What the header of a unit's document shows: the unit on the day, the name of the party
/// organization above it, and the place it dates its documents at.
pub(crate) type Head = (Option<tinhgon_domain::register::UnitVersion>, Option<String>, Option<String>);

pub(crate) fn head_of(tx: &mut Tx<'_>, issuer: &UnitCode, on: Date) -> Result<Head, StoreError> {
    let v = units::at(tx, issuer, on)?.or(units::history(tx, issuer)?.pop());
    let superior = match v.as_ref().and_then(|v| v.parent.clone()) {
        Some(p) => units::at(tx, &p, on)?.filter(|p| p.kind.is_party()).map(|p| p.name),
        None => None,
    };
    Ok((v, superior, place_of(tx, issuer, on)?))
}

/// The Word file of a document in sight, laid out per 36-HD/VPTW; returns its file name too.
pub fn word(s: &mut Store, cx: &Ctx, id: i64) -> Result<(String, Vec<u8>), Error> {
    cx.require(Action::Read)?;
    let letter = crate::services::read(s, |tx| {
        let d = seen(tx, cx, id)?.ok_or_else(|| absent(id))?;
        letter_of(tx, &d, cx.today)
    })?;
    let bytes = crate::docx::write(&letter).map_err(|e| Error::Store(StoreError::Corrupt(e.to_string())))?;
    let name = format!("van-ban-{id}.docx");
    Ok((name, bytes))
}

/// The letterhead and body of a document: superior and issuing bodies, number, place and date,
/// type and subject, body, signature and recipients.
pub(crate) fn letter_of(tx: &mut Tx<'_>, d: &DocumentRow, today: Date) -> Result<crate::docx::Letter, Error> {
    use crate::docx::{Block, Letter};
    let issuer = UnitCode::parse(&d.issuer).map_err(|_| absent(d.id))?;
    let on = d.issued_on.unwrap_or(today);
    let (v, superior, place) = head_of(tx, &issuer, on)?;
    let place = d.place.clone().or(place);
    let number = match &d.sign {
        Some(s) => format!("Số {s}"),
        None => {
            let kind_code = d.kind.sign_codes().first().copied().unwrap_or("");
            let code =
                v.as_ref().and_then(|v| rules::issuer_codes(v.kind)).and_then(|c| c.first().copied()).unwrap_or("");
            format!("Số     -{kind_code}/{code}")
        }
    };
    let place_date = match d.issued_on {
        Some(on) => rules::place_and_date(place.as_deref().unwrap_or(""), on),
        None => format!("{}, ngày     tháng     năm {}", place.as_deref().unwrap_or(""), today.ymd().0),
    };
    let mut body = Vec::new();
    if let Some(b) = &d.body {
        for part in b.split("\n\n") {
            body.push(Block::Para(part.to_string()));
        }
    }
    Ok(Letter {
        superior,
        issuer: v.map_or_else(|| d.issuer_name.clone(), |v| v.name),
        number,
        place_date,
        heading: d.kind.heading(&d.kind.label_vi()),
        subject: if d.kind == DocKind::Letter { format!("V/v {}", d.title) } else { d.title.clone() },
        body,
        signing_for: d.signing_for.clone(),
        signer_title: d.signer_title.clone(),
        signer_name: d.signer_name.clone(),
        recipients: d
            .recipients
            .as_deref()
            .unwrap_or("")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect(),
        draft: d.status == DocStatus::Draft,
    })
}
