//! Operations on the register that every interface shares: parse rows into domain records, check
//! them against the register, and write them in one transaction with their change-log entries.
//! The command line's import, the API's POSTs and (later) the web forms all come through here.

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use tinhgon_domain::catalog::{
    Education, Gender, MemberStatus, Ownership, Rank, Sector, StaffCategory, Theory, UnitKind, UnknownCode,
};
use tinhgon_domain::register::{Assignment, Membership, Person, Quota, RegisterError, Span, Timeline, UnitVersion};
use tinhgon_domain::text::PersonName;
use tinhgon_domain::{Date, Decision, DocumentNumber, UnitCode, Validity};
use tinhgon_store::{people, units, Store, StoreError, Tx, Writer};

use crate::files::Table;

/// What a bad row is and where: line, column, reason in Vietnamese and English.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct RowError {
    pub line: usize,
    pub column: String,
    pub vi: String,
    pub en: String,
}

/// Why an import (or a single write) did not happen. Nothing is written in either case.
#[derive(Debug)]
pub enum WriteError {
    Rows(Vec<RowError>),
    Store(StoreError),
}

impl From<StoreError> for WriteError {
    fn from(e: StoreError) -> Self {
        WriteError::Store(e)
    }
}

/// The kinds of file the register reads and writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum FileKind {
    Units,
    People,
    Members,
    Positions,
    Quotas,
}

impl FileKind {
    pub fn columns(self) -> (&'static [&'static str], &'static [&'static str]) {
        match self {
            FileKind::Units => (
                &["code", "name", "kind", "valid_from"],
                &["parent", "led_by", "sector", "ownership", "valid_to", "decision_no", "decision_date"],
            ),
            FileKind::People => (
                &["code", "full_name", "gender", "birth_date"],
                &["ethnicity", "education", "theory", "staff_category"],
            ),
            FileKind::Members => (
                &["person", "unit", "status", "admitted_on"],
                &[
                    "recognized_on",
                    "valid_from",
                    "valid_to",
                    "decision_no",
                    "decision_date",
                    "full_name",
                    "gender",
                    "birth_date",
                    "ethnicity",
                    "education",
                    "theory",
                    "staff_category",
                ],
            ),
            FileKind::Positions => (
                &["person", "unit", "title", "rank", "valid_from"],
                &["primary", "valid_to", "decision_no", "decision_date"],
            ),
            FileKind::Quotas => (&["unit", "year", "category", "quota"], &["decision_no", "decision_date"]),
        }
    }
}

/// Reads one row's cells by column name, collecting errors with their line and column.
pub(crate) struct Cells<'a> {
    pub(crate) table: &'a Table,
    pub(crate) line: usize,
    pub(crate) cells: &'a [String],
    pub(crate) errors: &'a mut Vec<RowError>,
}

impl Cells<'_> {
    pub(crate) fn text(&self, col: &str) -> &str {
        self.table.col(col).and_then(|i| self.cells.get(i)).map_or("", |s| s.trim())
    }

    pub(crate) fn fail(&mut self, col: &str, vi: String, en: String) {
        self.errors.push(RowError { line: self.line, column: col.to_string(), vi, en });
    }

    pub(crate) fn required(&mut self, col: &str) -> Option<String> {
        let t = self.text(col).to_string();
        if t.is_empty() {
            self.fail(col, format!("cột {col} bị trống"), format!("column {col} is empty"));
            None
        } else {
            Some(t)
        }
    }

    pub(crate) fn date(&mut self, col: &str) -> Option<Date> {
        let t = self.required(col)?;
        self.parse_date(col, &t)
    }

    pub(crate) fn opt_date(&mut self, col: &str) -> Result<Option<Date>, ()> {
        let t = self.text(col).to_string();
        if t.is_empty() {
            return Ok(None);
        }
        self.parse_date(col, &t).map(Some).ok_or(())
    }

    fn parse_date(&mut self, col: &str, t: &str) -> Option<Date> {
        match Date::parse(t) {
            Ok(d) => Some(d),
            Err(e) => {
                self.fail(col, e.vi(), e.to_string());
                None
            }
        }
    }

    pub(crate) fn code<T>(&mut self, col: &str, parse: impl Fn(&str) -> Result<T, UnknownCode>) -> Option<T> {
        let t = self.required(col)?;
        self.parse_code(col, &t, parse)
    }

    pub(crate) fn opt_code<T>(
        &mut self,
        col: &str,
        parse: impl Fn(&str) -> Result<T, UnknownCode>,
    ) -> Result<Option<T>, ()> {
        let t = self.text(col).to_string();
        if t.is_empty() {
            return Ok(None);
        }
        self.parse_code(col, &t, parse).map(Some).ok_or(())
    }

    fn parse_code<T>(&mut self, col: &str, t: &str, parse: impl Fn(&str) -> Result<T, UnknownCode>) -> Option<T> {
        match parse(t) {
            Ok(v) => Some(v),
            Err(e) => {
                self.fail(col, e.vi(), e.to_string());
                None
            }
        }
    }

    pub(crate) fn unit_code(&mut self, col: &str) -> Option<UnitCode> {
        let t = self.required(col)?;
        self.parse_unit(col, &t)
    }

    pub(crate) fn opt_unit_code(&mut self, col: &str) -> Result<Option<UnitCode>, ()> {
        let t = self.text(col).to_string();
        if t.is_empty() {
            return Ok(None);
        }
        self.parse_unit(col, &t).map(Some).ok_or(())
    }

    pub(crate) fn parse_unit(&mut self, col: &str, t: &str) -> Option<UnitCode> {
        match UnitCode::parse(t) {
            Ok(c) => Some(c),
            Err(e) => {
                self.fail(col, e.vi(), e.to_string());
                None
            }
        }
    }

    /// A decision needs both its number and its date, or neither.
    pub(crate) fn decision(&mut self) -> Result<Option<Decision>, ()> {
        let no = self.text("decision_no").to_string();
        let date = self.opt_date("decision_date")?;
        match (no.is_empty(), date) {
            (true, None) => Ok(None),
            (false, Some(date)) => match DocumentNumber::parse(&no) {
                Ok(number) => Ok(Some(Decision { number, date })),
                Err(e) => {
                    self.fail("decision_no", e.vi(), e.to_string());
                    Err(())
                }
            },
            (true, Some(_)) => {
                self.fail(
                    "decision_no",
                    "có ngày quyết định nhưng thiếu số quyết định".into(),
                    "a decision date needs a decision number".into(),
                );
                Err(())
            }
            (false, None) => {
                self.fail(
                    "decision_date",
                    "có số quyết định nhưng thiếu ngày quyết định".into(),
                    "a decision number needs its date".into(),
                );
                Err(())
            }
        }
    }

    fn register(&mut self, col: &str, e: &RegisterError) {
        self.fail(col, e.vi(), e.to_string());
    }
}

fn gender(text: &str) -> Result<Gender, UnknownCode> {
    match tinhgon_domain::text::fold(text).as_str() {
        "nam" => Ok(Gender::Male),
        "nu" => Ok(Gender::Female),
        _ => Gender::parse(text),
    }
}

/// The column a register error is about.
fn column_of(e: &RegisterError) -> &'static str {
    match e {
        RegisterError::ParentMissing { .. } | RegisterError::Cycle { .. } => "parent",
        RegisterError::Overlap { .. } | RegisterError::EmptyInterval { .. } => "valid_from",
        RegisterError::SectorRequired { .. } | RegisterError::SectorNotAllowed { .. } => "sector",
        RegisterError::OwnershipNotAllowed { .. } => "ownership",
        RegisterError::UnitName { .. } => "name",
        RegisterError::RecognizedBeforeAdmitted { .. } | RegisterError::RecognitionRequired => "recognized_on",
        RegisterError::NotACell { .. } | RegisterError::UnitNotInForce { .. } | RegisterError::UnknownUnit { .. } => {
            "unit"
        }
        RegisterError::UnknownPerson { .. } | RegisterError::MembershipOverlap { .. } => "person",
        RegisterError::DuplicateCode { .. } | RegisterError::PersonCode => "code",
        RegisterError::Title => "title",
        RegisterError::Ethnicity => "ethnicity",
    }
}

fn row_error(line: usize, e: &RegisterError) -> RowError {
    RowError { line, column: column_of(e).into(), vi: e.vi(), en: e.to_string() }
}

// ---------------------------------------------------------------- units

pub fn parse_units(table: &Table, errors: &mut Vec<RowError>) -> Vec<(usize, UnitVersion)> {
    let mut out = Vec::new();
    for (line, cells) in table.rows.iter().map(|(l, c)| (*l, c.as_slice())) {
        let before = errors.len();
        let mut c = Cells { table, line, cells, errors };
        let code = c.unit_code("code");
        let name = c.required("name");
        let kind = c.code("kind", UnitKind::parse);
        let parent = c.opt_unit_code("parent");
        let led_by = c.opt_unit_code("led_by");
        let sector = c.opt_code("sector", Sector::parse);
        let ownership = c.opt_code("ownership", Ownership::parse);
        let from = c.date("valid_from");
        let to = c.opt_date("valid_to");
        let decision = c.decision();
        let (
            Some(code),
            Some(name),
            Some(kind),
            Ok(parent),
            Ok(led_by),
            Ok(sector),
            Ok(ownership),
            Some(from),
            Ok(to),
            Ok(decision),
        ) = (code, name, kind, parent, led_by, sector, ownership, from, to, decision)
        else {
            continue;
        };
        let v = UnitVersion {
            code,
            name,
            kind,
            parent,
            led_by,
            sector,
            ownership,
            validity: Validity { from, to },
            decision,
        };
        if let Err(e) = v.check() {
            c.register(column_of(&e), &e);
        }
        if errors.len() == before {
            out.push((line, v));
        }
    }
    out
}

/// Checks unit versions against the register and each other, then writes them all or none.
pub fn write_units(
    store: &mut Store,
    actor: &str,
    at: &str,
    rows: &[(usize, UnitVersion)],
    dry_run: bool,
) -> Result<usize, WriteError> {
    store.write(actor, at, |w| insert_units_checked(w, rows, dry_run))
}

/// The checks and inserts of [`write_units`], inside a write that may have changed the register already.
fn insert_units_checked(
    w: &mut Writer<'_, '_>,
    rows: &[(usize, UnitVersion)],
    dry_run: bool,
) -> Result<usize, WriteError> {
    {
        let mut timeline = Timeline::new(units::spans(w.tx())?);
        let spans: Vec<Span> = rows.iter().map(|(_, v)| Span::from(v)).collect();
        let mut errors: Vec<RowError> = timeline
            .add_checked(&spans)
            .iter()
            .filter_map(|(i, e)| rows.get(*i).map(|(line, _)| row_error(*line, e)))
            .collect();
        for (line, v) in rows {
            if let Some(l) = &v.led_by {
                if !timeline.contains(l) {
                    let e = RegisterError::UnknownUnit { code: l.clone() };
                    errors.push(RowError { line: *line, column: "led_by".into(), vi: e.vi(), en: e.to_string() });
                }
            }
        }
        if !errors.is_empty() {
            errors.sort_by_key(|e| e.line);
            return Err(WriteError::Rows(errors));
        }
        if dry_run {
            return Ok(rows.len());
        }
        // Every unit's identity first, so that parents and leading organizations resolve
        // whatever the order of the file.
        for (_, v) in rows {
            w.unit_id_or_create(&v.code)?;
        }
        for (_, v) in rows {
            w.insert_unit_version(v)?;
        }
        Ok(rows.len())
    }
}

fn form_error(column: &str, vi: String, en: String) -> WriteError {
    WriteError::Rows(vec![RowError { line: 1, column: column.into(), vi, en }])
}

/// Changes a unit from a date on, citing a decision: the version in force then ends that day and
/// `new` (whose `validity.from` is the date) begins, until the old version's own end if it had one.
/// Every check of an import applies to the new version.
pub fn edit_unit(store: &mut Store, actor: &str, at: &str, new: &UnitVersion) -> Result<(), WriteError> {
    let on = new.validity.from;
    store.write(actor, at, |w| {
        let Some(current) = units::at(w.tx(), &new.code, on)? else {
            return Err(form_error(
                "valid_from",
                format!("đơn vị {} không có hiệu lực vào ngày {}", new.code, on.vn()),
                format!("unit {} is not in force on {on}", new.code),
            ));
        };
        if current.validity.from >= on {
            return Err(form_error(
                "valid_from",
                format!("ngày hiệu lực phải sau ngày {} (bắt đầu của phiên bản hiện tại)", current.validity.from.vn()),
                format!("the effective date must be after {} (when the current version began)", current.validity.from),
            ));
        }
        w.end_unit_version(&new.code, on, new.decision.as_ref())?;
        let mut next = new.clone();
        next.validity.to = current.validity.to;
        insert_units_checked(w, &[(1, next)], false)?;
        Ok(())
    })
}

/// Ends a unit on a date, citing a decision, once nothing depends on it: no sub-unit, member or
/// position of it may still be in force then.
pub fn end_unit(
    store: &mut Store,
    actor: &str,
    at: &str,
    code: &UnitCode,
    on: Date,
    decision: &Decision,
) -> Result<(), WriteError> {
    store.write(actor, at, |w| {
        let Some(current) = units::at(w.tx(), code, on)? else {
            return Err(form_error(
                "valid_to",
                format!("đơn vị {code} không có hiệu lực vào ngày {}", on.vn()),
                format!("unit {code} is not in force on {on}"),
            ));
        };
        if current.validity.from >= on {
            return Err(form_error(
                "valid_to",
                format!("ngày kết thúc phải sau ngày {}", current.validity.from.vn()),
                format!("the end date must be after {}", current.validity.from),
            ));
        }
        let children = units::children(w.tx(), code, on)?.len();
        let members = people::members_of_unit(w.tx(), code, on)?.len();
        let positions = people::positions_of_unit(w.tx(), code, on)?.len();
        if children + members + positions > 0 {
            return Err(form_error(
                "valid_to",
                format!(
                    "vào ngày {} đơn vị còn {children} đơn vị trực thuộc, {members} đảng viên và {positions} chức vụ; hãy chuyển hoặc kết thúc trước",
                    on.vn()
                ),
                format!("on {on} the unit still has {children} sub-units, {members} members and {positions} positions; move or end them first"),
            ));
        }
        w.end_unit_version(code, on, Some(decision))?;
        Ok(())
    })
}

// ---------------------------------------------------------------- people

fn person_from(c: &mut Cells<'_>, code_col: &str) -> Option<(Person, PersonName)> {
    let code = c.required(code_col);
    let name = c.required("full_name");
    let name = name.and_then(|n| match PersonName::parse(&n) {
        Ok(p) => Some(p),
        Err(e) => {
            c.fail("full_name", e.vi(), e.to_string());
            None
        }
    });
    let gender = c.code("gender", gender);
    let birth = c.date("birth_date");
    let education = c.opt_code("education", Education::parse);
    let theory = c.opt_code("theory", Theory::parse);
    let category = c.opt_code("staff_category", StaffCategory::parse);
    let ethnicity = c.text("ethnicity").to_string();
    let (Some(code), Some(name), Some(gender), Some(birth_date), Ok(education), Ok(theory), Ok(staff_category)) =
        (code, name, gender, birth, education, theory, category)
    else {
        return None;
    };
    let p = Person {
        code,
        name: name.as_str().to_string(),
        gender,
        birth_date,
        ethnicity,
        education: education.unwrap_or(Education::None),
        theory: theory.unwrap_or(Theory::None),
        staff_category,
    };
    if let Err(e) = p.check() {
        c.register(column_of(&e), &e);
        return None;
    }
    Some((p, name))
}

pub fn parse_people(table: &Table, errors: &mut Vec<RowError>) -> Vec<(usize, Person, PersonName)> {
    let mut out = Vec::new();
    for (line, cells) in table.rows.iter().map(|(l, c)| (*l, c.as_slice())) {
        let mut c = Cells { table, line, cells, errors };
        if let Some((p, n)) = person_from(&mut c, "code") {
            out.push((line, p, n));
        }
    }
    out
}

pub fn write_people(
    store: &mut Store,
    actor: &str,
    at: &str,
    rows: &[(usize, Person, PersonName)],
    dry_run: bool,
) -> Result<usize, WriteError> {
    store.write(actor, at, |w| {
        let mut errors = Vec::new();
        let mut seen = HashSet::new();
        for (line, p, _) in rows {
            if !seen.insert(p.code.as_str()) || people::person_id(w.tx(), &p.code)?.is_some() {
                errors.push(row_error(*line, &RegisterError::DuplicateCode { code: p.code.clone() }));
            }
        }
        if !errors.is_empty() {
            return Err(WriteError::Rows(errors));
        }
        if !dry_run {
            for (_, p, n) in rows {
                w.insert_person(p, n)?;
            }
        }
        Ok(rows.len())
    })
}

/// Corrects a person's particulars; the code names the person and stays.
pub fn edit_person(store: &mut Store, actor: &str, at: &str, p: &Person, name: &PersonName) -> Result<(), WriteError> {
    store.write(actor, at, |w| {
        if people::person_id(w.tx(), &p.code)?.is_none() {
            return Err(WriteError::Rows(vec![row_error(1, &RegisterError::UnknownPerson { code: p.code.clone() })]));
        }
        w.update_person(p, name)?;
        Ok(())
    })
}

// ---------------------------------------------------------------- members

/// One row of a members file: maybe a new person, and the membership periods it stands for.
pub struct MemberRow {
    pub line: usize,
    pub person: Option<(Person, PersonName)>,
    pub periods: Vec<Membership>,
}

pub fn parse_members(table: &Table, errors: &mut Vec<RowError>) -> Vec<MemberRow> {
    let mut out = Vec::new();
    for (line, cells) in table.rows.iter().map(|(l, c)| (*l, c.as_slice())) {
        let before = errors.len();
        let mut c = Cells { table, line, cells, errors };
        let person = if c.text("full_name").is_empty() { None } else { person_from(&mut c, "person") };
        let code = c.required("person");
        let unit = c.unit_code("unit");
        let status = c.code("status", MemberStatus::parse);
        let admitted = c.date("admitted_on");
        let recognized = c.opt_date("recognized_on");
        let from = c.opt_date("valid_from");
        let to = c.opt_date("valid_to");
        let decision = c.decision();
        let (Some(code), Some(unit), Some(status), Some(admitted), Ok(recognized), Ok(from), Ok(to), Ok(decision)) =
            (code, unit, status, admitted, recognized, from, to, decision)
        else {
            continue;
        };
        let from = from.unwrap_or(admitted);
        let m = Membership {
            person: code,
            unit,
            status,
            admitted_on: admitted,
            recognized_on: recognized,
            validity: Validity { from, to },
            decision,
        };
        if let Err(e) = m.check() {
            c.register(column_of(&e), &e);
        }
        if errors.len() != before {
            continue;
        }
        // An official member recognized after the period began was probationary until then: the
        // register keeps both periods.
        let periods = match (status, recognized) {
            (MemberStatus::Official, Some(r)) if r > from && to.is_none_or(|t| r < t) => vec![
                Membership {
                    status: MemberStatus::Probationary,
                    validity: Validity { from, to: Some(r) },
                    ..m.clone()
                },
                Membership { validity: Validity { from: r, to }, ..m },
            ],
            _ => vec![m],
        };
        out.push(MemberRow { line, person, periods });
    }
    out
}

fn periods_of(tx: &mut Tx<'_>, person: &str) -> Result<Vec<Validity>, StoreError> {
    Ok(people::memberships_of_person(tx, person)?.into_iter().map(|m| m.validity).collect())
}

pub fn write_members(
    store: &mut Store,
    actor: &str,
    at: &str,
    rows: &[MemberRow],
    dry_run: bool,
) -> Result<usize, WriteError> {
    store.write(actor, at, |w| {
        let timeline = Timeline::new(units::spans(w.tx())?);
        let mut errors = Vec::new();
        let mut new_people: HashSet<&str> = HashSet::new();
        let mut taken: HashMap<String, Vec<Validity>> = HashMap::new();
        for row in rows {
            let Some(first) = row.periods.first() else {
                continue;
            };
            let code = first.person.as_str();
            let exists = people::person_id(w.tx(), code)?.is_some();
            if row.person.is_some() && (exists || new_people.contains(code)) {
                errors.push(row_error(row.line, &RegisterError::DuplicateCode { code: code.to_string() }));
            } else if row.person.is_some() {
                new_people.insert(code);
            } else if !exists && !new_people.contains(code) {
                errors.push(row_error(row.line, &RegisterError::UnknownPerson { code: code.to_string() }));
            }
            // The cell must hold members and be in force for the row's whole span.
            let span = Validity { from: first.validity.from, to: row.periods.last().and_then(|m| m.validity.to) };
            match timeline.at(&first.unit, span.from) {
                None if !timeline.contains(&first.unit) => {
                    errors.push(row_error(row.line, &RegisterError::UnknownUnit { code: first.unit.clone() }))
                }
                None => errors.push(row_error(
                    row.line,
                    &RegisterError::UnitNotInForce { code: first.unit.clone(), at: span.from },
                )),
                Some(s) if !s.kind.holds_members() => errors
                    .push(row_error(row.line, &RegisterError::NotACell { code: first.unit.clone(), kind: s.kind })),
                Some(_) if !timeline.covers(&first.unit, &span) => {
                    let at = span.to.unwrap_or(span.from);
                    errors.push(row_error(row.line, &RegisterError::UnitNotInForce { code: first.unit.clone(), at }))
                }
                Some(_) => {}
            }
            for m in &row.periods {
                if !taken.contains_key(code) {
                    let existing = if exists { periods_of(w.tx(), code)? } else { Vec::new() };
                    taken.insert(code.to_string(), existing);
                }
                let periods = taken.entry(code.to_string()).or_default();
                if periods.iter().any(|p| p.overlaps(&m.validity)) {
                    errors.push(row_error(
                        row.line,
                        &RegisterError::MembershipOverlap { person: code.to_string(), at: m.validity.from },
                    ));
                } else {
                    periods.push(m.validity);
                }
            }
        }
        if !errors.is_empty() {
            errors.sort_by_key(|e| e.line);
            errors.dedup();
            return Err(WriteError::Rows(errors));
        }
        if dry_run {
            return Ok(rows.len());
        }
        for row in rows {
            if let Some((p, n)) = &row.person {
                w.insert_person(p, n)?;
            }
            for m in &row.periods {
                w.insert_membership(m)?;
            }
        }
        Ok(rows.len())
    })
}

/// The membership period of a person in force on a date, if any.
pub fn membership_on(tx: &mut Tx<'_>, person: &str, on: Date) -> Result<Option<people::MembershipLine>, StoreError> {
    Ok(people::memberships_of_person(tx, person)?.into_iter().find(|m| m.validity.contains(on)))
}

/// Ends a person's membership period in force on `on`, citing a decision. With `leaving`, the
/// member leaves the rolls that day with that status (removed, expelled, deceased, transferred
/// out), which the statistics count from then on; without it, the member moves to another cell,
/// whose membership is recorded next.
pub fn end_membership(
    store: &mut Store,
    actor: &str,
    at: &str,
    person: &str,
    on: Date,
    leaving: Option<MemberStatus>,
    decision: &Decision,
) -> Result<(), WriteError> {
    store.write(actor, at, |w| {
        let periods = people::memberships_of_person(w.tx(), person)?;
        let Some(current) = periods.iter().find(|m| m.validity.contains(on)) else {
            return Err(form_error(
                "valid_to",
                format!("đảng viên {person} không có giai đoạn sinh hoạt nào có hiệu lực vào ngày {}", on.vn()),
                format!("member {person} has no membership period in force on {on}"),
            ));
        };
        if !current.status.is_active() {
            return Err(form_error(
                "valid_to",
                format!(
                    "từ ngày {} đảng viên {person} đã ở tình trạng «{}»; không còn gì để kết thúc",
                    current.validity.from.vn(),
                    current.status.label_vi()
                ),
                format!(
                    "since {} member {person} has been '{}'; there is nothing to end",
                    current.validity.from,
                    current.status.label_en()
                ),
            ));
        }
        if current.validity.from >= on {
            return Err(form_error(
                "valid_to",
                format!("ngày kết thúc phải sau ngày {} (bắt đầu giai đoạn hiện tại)", current.validity.from.vn()),
                format!("the end date must be after {} (when the current period began)", current.validity.from),
            ));
        }
        if let Some(status) = leaving {
            if status.is_active() {
                return Err(form_error(
                    "reason",
                    format!("«{}» không phải lý do rời danh sách đảng viên", status.label_vi()),
                    format!("'{}' is not a reason for leaving the rolls", status.label_en()),
                ));
            }
            if let Some(later) = periods.iter().find(|m| m.validity.from > on) {
                return Err(form_error(
                    "reason",
                    format!(
                        "đã có giai đoạn sinh hoạt tại {} từ ngày {}; hãy kết thúc mà không ghi lý do rời danh sách",
                        later.unit,
                        later.validity.from.vn()
                    ),
                    format!(
                        "a later period in {} from {} is recorded; end without a reason for leaving",
                        later.unit, later.validity.from
                    ),
                ));
            }
        }
        let ended = w.end_membership(person, on, Some(decision))?;
        if let Some(status) = leaving {
            w.insert_membership(&Membership {
                status,
                validity: Validity::open(on),
                decision: Some(decision.clone()),
                ..ended
            })?;
        }
        Ok(())
    })
}

/// A position as a person holds it: the unit, the person's code and the title.
pub struct Held<'a> {
    pub unit: &'a UnitCode,
    pub person: &'a str,
    pub title: &'a str,
}

/// Ends a position in force on `on`, citing a decision.
pub fn end_position(
    store: &mut Store,
    actor: &str,
    at: &str,
    held: &Held<'_>,
    on: Date,
    decision: &Decision,
) -> Result<(), WriteError> {
    let Held { unit, person, title } = *held;
    store.write(actor, at, |w| {
        if people::person_id(w.tx(), person)?.is_none() {
            return Err(WriteError::Rows(vec![row_error(
                1,
                &RegisterError::UnknownPerson { code: person.to_string() },
            )]));
        }
        let held = people::assignments_of_person(w.tx(), person)?;
        let Some(current) =
            held.iter().find(|a| a.unit == unit.as_str() && a.title == title.trim() && a.validity.contains(on))
        else {
            return Err(form_error(
                "title",
                format!("vào ngày {} {person} không giữ chức vụ «{}» tại {unit}", on.vn(), title.trim()),
                format!("on {on} {person} holds no position '{}' in {unit}", title.trim()),
            ));
        };
        if current.validity.from >= on {
            return Err(form_error(
                "valid_to",
                format!("ngày kết thúc phải sau ngày {} (ngày bổ nhiệm)", current.validity.from.vn()),
                format!("the end date must be after {} (when the appointment began)", current.validity.from),
            ));
        }
        w.end_assignment(person, unit, title, on, Some(decision))?;
        Ok(())
    })
}

// ---------------------------------------------------------------- positions and quotas

pub fn parse_positions(table: &Table, errors: &mut Vec<RowError>) -> Vec<(usize, Assignment)> {
    let mut out = Vec::new();
    for (line, cells) in table.rows.iter().map(|(l, c)| (*l, c.as_slice())) {
        let before = errors.len();
        let mut c = Cells { table, line, cells, errors };
        let person = c.required("person");
        let unit = c.unit_code("unit");
        let title = c.required("title");
        let rank = c.code("rank", Rank::parse);
        let primary = match tinhgon_domain::text::fold(c.text("primary")).as_str() {
            "" | "1" | "true" | "yes" | "co" | "x" => Ok(true),
            "0" | "false" | "no" | "khong" => Ok(false),
            other => {
                let other = other.to_string();
                c.fail("primary", format!("'{other}' không phải có/không"), format!("'{other}' is not yes/no"));
                Err(())
            }
        };
        let from = c.date("valid_from");
        let to = c.opt_date("valid_to");
        let decision = c.decision();
        let (Some(person), Some(unit), Some(title), Some(rank), Ok(primary), Some(from), Ok(to), Ok(decision)) =
            (person, unit, title, rank, primary, from, to, decision)
        else {
            continue;
        };
        let a = Assignment { person, unit, title, rank, primary, validity: Validity { from, to }, decision };
        if let Err(e) = a.check() {
            c.register(column_of(&e), &e);
        }
        if errors.len() == before {
            out.push((line, a));
        }
    }
    out
}

pub fn write_positions(
    store: &mut Store,
    actor: &str,
    at: &str,
    rows: &[(usize, Assignment)],
    dry_run: bool,
) -> Result<usize, WriteError> {
    store.write(actor, at, |w| {
        let timeline = Timeline::new(units::spans(w.tx())?);
        let mut errors = Vec::new();
        for (line, a) in rows {
            if people::person_id(w.tx(), &a.person)?.is_none() {
                errors.push(row_error(*line, &RegisterError::UnknownPerson { code: a.person.clone() }));
            }
            if !timeline.contains(&a.unit) {
                errors.push(row_error(*line, &RegisterError::UnknownUnit { code: a.unit.clone() }));
            } else if !timeline.covers(&a.unit, &a.validity) {
                errors.push(row_error(
                    *line,
                    &RegisterError::UnitNotInForce { code: a.unit.clone(), at: a.validity.from },
                ));
            }
        }
        if !errors.is_empty() {
            return Err(WriteError::Rows(errors));
        }
        if !dry_run {
            for (_, a) in rows {
                w.insert_assignment(a)?;
            }
        }
        Ok(rows.len())
    })
}

pub fn parse_quotas(table: &Table, errors: &mut Vec<RowError>) -> Vec<(usize, Quota)> {
    let mut out = Vec::new();
    for (line, cells) in table.rows.iter().map(|(l, c)| (*l, c.as_slice())) {
        let mut c = Cells { table, line, cells, errors };
        let unit = c.unit_code("unit");
        let year = c.required("year").and_then(|y| match y.parse::<i32>() {
            Ok(v) if (1945..=2200).contains(&v) => Some(v),
            _ => {
                c.fail("year", format!("'{y}' không phải là năm"), format!("'{y}' is not a year"));
                None
            }
        });
        let category = c.code("category", StaffCategory::parse);
        let quota = c.required("quota").and_then(|q| match q.parse::<u32>() {
            Ok(v) => Some(v),
            Err(_) => {
                c.fail(
                    "quota",
                    format!("'{q}' không phải là số nguyên không âm"),
                    format!("'{q}' is not a whole number"),
                );
                None
            }
        });
        let decision = c.decision();
        if let (Some(unit), Some(year), Some(category), Some(quota), Ok(decision)) =
            (unit, year, category, quota, decision)
        {
            out.push((line, Quota { unit, year, category, quota, decision }));
        }
    }
    out
}

pub fn write_quotas(
    store: &mut Store,
    actor: &str,
    at: &str,
    rows: &[(usize, Quota)],
    dry_run: bool,
) -> Result<usize, WriteError> {
    store.write(actor, at, |w| {
        let mut errors = Vec::new();
        for (line, q) in rows {
            if units::unit_id(w.tx(), &q.unit)?.is_none() {
                errors.push(row_error(*line, &RegisterError::UnknownUnit { code: q.unit.clone() }));
            }
        }
        if !errors.is_empty() {
            return Err(WriteError::Rows(errors));
        }
        if !dry_run {
            for (_, q) in rows {
                w.set_quota(q)?;
            }
        }
        Ok(rows.len())
    })
}

// ---------------------------------------------------------------- whole files

/// What a row of a file would change, for a reach check before anything is written.
pub enum Touches<'a> {
    /// A unit version (its code and its superior).
    Unit(&'a UnitVersion),
    /// Something recorded in an existing unit: a membership, a position, a quota.
    In(&'a UnitCode),
}

/// Parses and writes a whole file of one kind, all or nothing. `reach` is asked about every row
/// that touches a unit and answers with the row's error if it may not; the command line allows all.
pub fn import(
    store: &mut Store,
    actor: &str,
    at: &str,
    kind: FileKind,
    table: &Table,
    dry_run: bool,
    reach: &mut dyn FnMut(&mut Store, usize, Touches<'_>) -> Option<RowError>,
) -> Result<usize, WriteError> {
    let mut errors = Vec::new();
    macro_rules! checked {
        ($rows:expr, $touch:expr) => {{
            let rows = $rows;
            for (line, t) in rows.iter().flat_map($touch) {
                errors.extend(reach(store, line, t));
            }
            if !errors.is_empty() {
                return Err(WriteError::Rows(errors));
            }
            rows
        }};
    }
    match kind {
        FileKind::Units => {
            let rows =
                checked!(parse_units(table, &mut errors), |(l, u): &(usize, UnitVersion)| [(*l, Touches::Unit(u))]);
            write_units(store, actor, at, &rows, dry_run)
        }
        FileKind::People => {
            let rows = checked!(parse_people(table, &mut errors), |_: &(usize, Person, PersonName)| []);
            write_people(store, actor, at, &rows, dry_run)
        }
        FileKind::Members => {
            let rows = checked!(parse_members(table, &mut errors), |r: &MemberRow| r
                .periods
                .iter()
                .map(|m| (r.line, Touches::In(&m.unit)))
                .collect::<Vec<_>>());
            write_members(store, actor, at, &rows, dry_run)
        }
        FileKind::Positions => {
            let rows = checked!(parse_positions(table, &mut errors), |(l, a): &(usize, Assignment)| [(
                *l,
                Touches::In(&a.unit)
            )]);
            write_positions(store, actor, at, &rows, dry_run)
        }
        FileKind::Quotas => {
            let rows =
                checked!(parse_quotas(table, &mut errors), |(l, q): &(usize, Quota)| [(*l, Touches::In(&q.unit))]);
            write_quotas(store, actor, at, &rows, dry_run)
        }
    }
}
