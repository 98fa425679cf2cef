//! Rows of the register's files (units, people, members, positions, quotas) as the command line's
//! import, the import page, the API's POSTs and the forms all read them: each cell parsed into a
//! domain value, every bad cell reported with its line and column in Vietnamese and English.

use serde::Serialize;
use tinhgon_domain::catalog::{Gender, UnknownCode};
use tinhgon_domain::msg::{Msg, Said};
use tinhgon_domain::register::RegisterError;
use tinhgon_domain::{Date, Decision, DocumentNumber, UnitCode};

use crate::files::Table;

/// What a bad row is and where: line, column, reason in Vietnamese and English.
#[derive(Clone, Debug, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct RowError {
    pub line: usize,
    pub column: String,
    pub vi: String,
    pub en: String,
}

impl RowError {
    /// A bad row, said by key.
    pub fn said(line: usize, column: impl Into<String>, m: Msg) -> RowError {
        let (vi, en) = crate::i18n::said(&m);
        RowError { line, column: column.into(), vi, en }
    }
}

/// How many bad rows a refusal lists; the count says how many there are in all. A file of
/// 40,000 bad rows is refused with its first 200, not 40,000 lines.
pub const SHOWN_ERRORS: usize = 200;

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
    /// What writing a file of this kind takes.
    pub fn action(self) -> tinhgon_domain::access::Action {
        use tinhgon_domain::access::Action;
        match self {
            FileKind::Units | FileKind::Quotas => Action::EditUnits,
            FileKind::People => Action::EditPeople,
            FileKind::Members => Action::EditMembers,
            FileKind::Positions => Action::EditPositions,
        }
    }

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

    /// A bad cell of the row, said by key.
    pub(crate) fn fail_said(&mut self, col: &str, m: Msg) {
        self.errors.push(RowError::said(self.line, col, m));
    }

    pub(crate) fn required(&mut self, col: &str) -> Option<String> {
        let t = self.text(col).to_string();
        if t.is_empty() {
            self.fail_said(col, Msg::new("row-column-empty").text("col", col));
            None
        } else {
            Some(t)
        }
    }

    /// A cell read by `parse`: its value, or its refusal kept with the cell.
    pub(crate) fn read<T, E: Said>(&mut self, col: &str, parsed: Result<T, E>) -> Option<T> {
        parsed.map_err(|e| self.fail_said(col, e.msg())).ok()
    }

    /// An optional cell: none when empty, else read by `parse`; `Err` when it does not read.
    fn optional<T>(&mut self, col: &str, parse: impl FnOnce(&mut Self, &str) -> Option<T>) -> Result<Option<T>, ()> {
        let t = self.text(col).to_string();
        if t.is_empty() {
            return Ok(None);
        }
        parse(self, &t).map(Some).ok_or(())
    }

    /// A person's code, checked as codes are.
    pub(crate) fn person_code(&mut self, col: &str) -> Option<String> {
        let t = self.required(col)?;
        let checked = tinhgon_domain::register::check_person_code(&t);
        self.read(col, checked).map(|()| t)
    }

    pub(crate) fn date(&mut self, col: &str) -> Option<Date> {
        let t = self.required(col)?;
        self.read(col, Date::parse(&t))
    }

    pub(crate) fn opt_date(&mut self, col: &str) -> Result<Option<Date>, ()> {
        self.optional(col, |c, t| c.read(col, Date::parse(t)))
    }

    pub(crate) fn code<T>(&mut self, col: &str, parse: impl Fn(&str) -> Result<T, UnknownCode>) -> Option<T> {
        let t = self.required(col)?;
        self.read(col, parse(&t))
    }

    pub(crate) fn opt_code<T>(
        &mut self,
        col: &str,
        parse: impl Fn(&str) -> Result<T, UnknownCode>,
    ) -> Result<Option<T>, ()> {
        self.optional(col, |c, t| c.read(col, parse(t)))
    }

    pub(crate) fn unit_code(&mut self, col: &str) -> Option<UnitCode> {
        let t = self.required(col)?;
        self.parse_unit(col, &t)
    }

    pub(crate) fn opt_unit_code(&mut self, col: &str) -> Result<Option<UnitCode>, ()> {
        self.optional(col, |c, t| c.parse_unit(col, t))
    }

    pub(crate) fn parse_unit(&mut self, col: &str, t: &str) -> Option<UnitCode> {
        self.read(col, UnitCode::parse(t))
    }

    /// A decision needs both its number and its date, or neither.
    pub(crate) fn decision(&mut self) -> Result<Option<Decision>, ()> {
        let no = self.text("decision_no").to_string();
        let date = self.opt_date("decision_date")?;
        match (no.is_empty(), date) {
            (true, None) => Ok(None),
            (false, Some(date)) => match self.read("decision_no", DocumentNumber::parse(&no)) {
                Some(number) => Ok(Some(Decision { number, date })),
                None => Err(()),
            },
            (true, Some(_)) => {
                self.fail_said("decision_no", Msg::new("row-decision-date-needs-decision-number"));
                Err(())
            }
            (false, None) => {
                self.fail_said("decision_date", Msg::new("row-decision-number-needs-date"));
                Err(())
            }
        }
    }

    pub(crate) fn register(&mut self, col: &str, e: &RegisterError) {
        self.fail_said(col, e.msg());
    }
}

pub(crate) fn gender(text: &str) -> Result<Gender, UnknownCode> {
    match tinhgon_domain::text::fold(text).as_str() {
        "nam" => Ok(Gender::Male),
        "nu" => Ok(Gender::Female),
        _ => Gender::parse(text),
    }
}

/// The column a register error is about.
pub(crate) fn column_of(e: &RegisterError) -> &'static str {
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

pub(crate) fn row_error(line: usize, e: &RegisterError) -> RowError {
    RowError::said(line, column_of(e), tinhgon_domain::msg::Said::msg(&e))
}

/// The answer for a unit out of the caller's reach, named in a row: exactly the one for a unit
/// that does not exist.
pub(crate) fn unknown_unit(line: usize, column: &str, code: &UnitCode) -> RowError {
    let e = RegisterError::UnknownUnit { code: code.clone() };
    RowError::said(line, column, tinhgon_domain::msg::Said::msg(&e))
}

/// The answer for a person out of the caller's reach, named in a row: exactly the one for a
/// person who does not exist.
pub(crate) fn unknown_person(line: usize, column: &str, code: &str) -> RowError {
    let e = RegisterError::UnknownPerson { code: code.trim().to_string() };
    RowError::said(line, column, tinhgon_domain::msg::Said::msg(&e))
}

/// The rows' errors, in line order, or nothing.
pub(crate) fn refuse(mut errors: Vec<RowError>) -> Result<(), super::super::Error> {
    if errors.is_empty() {
        return Ok(());
    }
    errors.sort_by_key(|e| e.line);
    errors.dedup();
    Err(super::super::Error::Invalid(errors))
}
