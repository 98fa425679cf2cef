//! Files of party work: admission steps, transfers, badges, dues bases and payments, leavings and
//! dated particulars, imported all or
//! nothing through the same operations as one record (every bad row with its line, column and
//! reason), and exported in the same columns so that an export imports back.

use tinhgon_domain::msg::Msg;
use tinhgon_domain::party::admission::Step;
use tinhgon_domain::party::transfer::Kind;
use tinhgon_domain::{Date, Decision, DocumentNumber};
use tinhgon_store::party::{admissions as adm_store, badges as badge_store, dues as dues_store, transfers as tr_store};
use tinhgon_store::{Store, Writer};

use super::{admissions, badges, dues, leaving, transfers};
use crate::files::Table;
use crate::services::register::people::Change;
use crate::services::register::rows::{Cells, RowError};
use crate::services::{Ctx, Error};
use tinhgon_domain::catalog::{Education, Theory};
use tinhgon_domain::party::dues::{Basis, Category, Exemption, Month};
use tinhgon_domain::party::leaving::Ground;

/// The kinds of party-work file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum PartyFile {
    AdmissionSteps,
    Transfers,
    Badges,
    DuesPayments,
    DuesBases,
    Leavings,
    Particulars,
    Ratings,
}

impl PartyFile {
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            PartyFile::AdmissionSteps => {
                &["person", "cell", "step", "on", "document", "note", "sponsors", "general_education"]
            }
            PartyFile::Transfers => {
                &["person", "kind", "to_cell", "destination", "on", "returns_on", "letter", "reason", "received_on"]
            }
            PartyFile::Badges => &["person", "years", "on", "decision_no", "decision_date", "early"],
            PartyFile::DuesPayments => &["person", "month", "amount", "paid_on"],
            PartyFile::DuesBases => &["person", "from", "category", "base", "exemption", "reduction", "until"],
            PartyFile::Leavings => &["person", "ground", "on", "decision_no", "decision_date", "note"],
            PartyFile::Particulars => &["person", "from", "ethnicity", "education", "theory", "occupation"],
            PartyFile::Ratings => {
                &["year", "subject", "unit", "person", "stage", "grade", "civil_service_grade", "score", "note"]
            }
        }
    }

    fn required(self) -> &'static [&'static str] {
        match self {
            PartyFile::AdmissionSteps => &["person", "cell", "step", "on"],
            PartyFile::Transfers => &["person", "on", "letter"],
            PartyFile::Badges => &["person", "years", "on", "decision_no", "decision_date"],
            PartyFile::DuesPayments => &["person", "month", "amount", "paid_on"],
            PartyFile::DuesBases => &["person", "from", "category"],
            PartyFile::Leavings => &["person", "ground", "on", "decision_no", "decision_date"],
            PartyFile::Particulars => &["person", "from"],
            PartyFile::Ratings => &["year", "subject", "grade"],
        }
    }
}

/// A service's refusal of one row, as that row's errors.
fn row_errors(line: usize, e: Error) -> Result<Vec<RowError>, Error> {
    match e {
        Error::Invalid(rows) => Ok(rows.into_iter().map(|r| RowError { line, ..r }).collect()),
        Error::NotFound(a) => {
            let (vi, en) = a.messages();
            Ok(vec![RowError { line, column: String::new(), vi, en }])
        }
        Error::Conflict { vi, en } => Ok(vec![RowError { line, column: String::new(), vi, en }]),
        other => Err(other),
    }
}

fn opt(c: &Cells<'_>, col: &str) -> Option<String> {
    Some(c.text(col).to_string()).filter(|t| !t.is_empty())
}

/// One row's operations: the write they join, the caller, and the errors they leave, with the
/// row's line.
struct Op<'a, 'w, 't> {
    w: &'a mut Writer<'w, 't>,
    cx: &'a Ctx,
    line: usize,
    errors: Vec<RowError>,
}

impl Op<'_, '_, '_> {
    /// Runs one of the row's operations, keeping its refusal with the row's line.
    fn run<T>(&mut self, f: impl FnOnce(&mut Writer<'_, '_>, &Ctx) -> Result<T, Error>) -> Result<Option<T>, Error> {
        match f(self.w, self.cx) {
            Ok(v) => Ok(Some(v)),
            Err(e) => {
                self.errors.extend(row_errors(self.line, e)?);
                Ok(None)
            }
        }
    }
}

fn admission_row(op: &mut Op<'_, '_, '_>, c: &mut Cells<'_>) -> Result<(), Error> {
    let person = c.person_code("person");
    let cell = c.unit_code("cell");
    let step = c.code("step", Step::parse);
    let on = c.date("on");
    let mut sponsors = Vec::new();
    let given = c.text("sponsors").to_string();
    for part in given.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        match part.split_once(':').map(|(p, d)| (p.trim().to_string(), Date::parse(d.trim()))) {
            Some((p, Ok(d))) => sponsors.push((p, d)),
            _ => c.fail_said("sponsors", Msg::new("file-not-code-date").text("part", part)),
        }
    }
    let (Some(person), Some(cell), Some(step), Some(on)) = (person, cell, step, on) else { return Ok(()) };
    let input = admissions::StepInput { document: opt(c, "document"), note: opt(c, "note"), sponsors };
    let education = opt(c, "general_education");
    // The person's open admission in that cell, or a new one from its first step.
    let open = adm_store::of_person(op.w.tx(), &person)?.into_iter().find(|a| {
        a.cell == cell.as_str() && !a.steps.iter().any(|s| matches!(s.step, Step::Recognition | Step::Removal))
    });
    let id = match open {
        Some(a) => Some(a.id),
        None => op.run(|w, cx| {
            admissions::open_in(
                w,
                cx,
                &admissions::Opening { person: &person, cell: &cell, general_education: education.as_deref(), on },
            )
        })?,
    };
    if let Some(id) = id {
        op.run(|w, cx| admissions::record_in(w, cx, id, step, on, &input))?;
    }
    Ok(())
}

fn transfer_row(op: &mut Op<'_, '_, '_>, c: &mut Cells<'_>) -> Result<(), Error> {
    let person = c.person_code("person");
    let kind = match opt(c, "kind") {
        None => Some(Kind::Official),
        Some(_) => c.code("kind", Kind::parse),
    };
    let to = opt(c, "to_cell").and_then(|_| c.unit_code("to_cell"));
    let on = c.date("on");
    let returns = c.opt_date("returns_on");
    let received = c.opt_date("received_on");
    let letter = c.required("letter");
    let (Some(person), Some(kind), Some(on), Ok(returns), Ok(received), Some(letter)) =
        (person, kind, on, returns, received, letter)
    else {
        return Ok(());
    };
    let destination = opt(c, "destination");
    let reason = opt(c, "reason");
    let (to_cell, sent_on, returns_on) = (to, on, returns);
    let send = transfers::Send { person, kind, to_cell, destination, sent_on, returns_on, letter, reason };
    let Some(id) = op.run(|w, cx| transfers::send_in(w, cx, &send))? else { return Ok(()) };
    // A transfer within one grassroots organization is received as it is sent.
    let done = tr_store::get(op.w.tx(), id)?.and_then(|t| t.received_on).is_some();
    if let (Some(r), false) = (received, done) {
        op.run(|w, cx| transfers::receive_in(w, cx, id, r))?;
    }
    Ok(())
}

fn badge_row(op: &mut Op<'_, '_, '_>, c: &mut Cells<'_>) -> Result<(), Error> {
    let person = c.person_code("person");
    let years = c.required("years").and_then(|t| match t.parse::<i32>() {
        Ok(y) => Some(y),
        Err(_) => {
            c.fail_said("years", Msg::new("file-not-number-years").text("t", &t));
            None
        }
    });
    let on = c.date("on");
    let decision = decision(c);
    let ill = opt(c, "early").is_some_and(|e| e == "serious_illness");
    if let (Some(person), Some(years), Some(on), Some(decision)) = (person, years, on, decision) {
        op.run(|w, cx| {
            badges::award_in(w, cx, &badges::Award { person: &person, years, decision: &decision, on, ill })
        })?;
    }
    Ok(())
}

fn decision(c: &mut Cells<'_>) -> Option<Decision> {
    let number = c.required("decision_no").and_then(|t| match DocumentNumber::parse(&t) {
        Ok(n) => Some(n),
        Err(e) => {
            c.fail("decision_no", crate::i18n::vi(&e), crate::i18n::en(&e));
            None
        }
    });
    let date = c.date("decision_date");
    Some(Decision { number: number?, date: date? })
}

fn month(c: &mut Cells<'_>, col: &str) -> Option<Month> {
    let t = opt(c, col)?;
    let m = Month::parse(&t);
    if m.is_none() {
        c.fail_said(col, Msg::new("file-not-month-write-mm-yyyy").text("t", &t));
    }
    m
}

fn basis_row(op: &mut Op<'_, '_, '_>, c: &mut Cells<'_>) -> Result<(), Error> {
    let person = c.person_code("person");
    let from = month(c, "from");
    let category = c.code("category", Category::parse);
    let exemption = c.opt_code("exemption", Exemption::parse);
    let base = match opt(c, "base") {
        None => Some(0),
        Some(t) => match tinhgon_domain::text::whole_number(&t) {
            Some(b) => Some(b),
            None => {
                c.fail("base", format!("«{t}» không phải số đồng"), format!("'{t}' is not a number of đồng"));
                None
            }
        },
    };
    let reduction = match opt(c, "reduction").map(|t| t.parse::<i64>()) {
        None => Some(None),
        Some(Ok(p)) => month(c, "until").map(|u| Some((p, u))),
        Some(Err(_)) => {
            c.fail_said("reduction", Msg::new("file-reduction"));
            None
        }
    };
    if let (Some(person), Some(from), Some(category), Ok(exemption), Some(base), Some(reduction)) =
        (person, from, category, exemption, base, reduction)
    {
        let basis = Basis { from, category, base, exemption, reduction };
        op.run(|w, cx| dues::set_basis_in(w, cx, &person, &basis))?;
    }
    Ok(())
}

fn leaving_row(op: &mut Op<'_, '_, '_>, c: &mut Cells<'_>) -> Result<(), Error> {
    let person = c.person_code("person");
    let ground = c.code("ground", Ground::parse);
    let on = c.date("on");
    let decision = decision(c);
    let note = opt(c, "note");
    if let (Some(person), Some(ground), Some(on), Some(decision)) = (person, ground, on, decision) {
        op.run(|w, cx| {
            leaving::leave_in(
                w,
                cx,
                &leaving::Leave { person: &person, ground, on, decision: &decision, note: note.as_deref() },
            )
        })?;
    }
    Ok(())
}

fn particulars_row(op: &mut Op<'_, '_, '_>, c: &mut Cells<'_>) -> Result<(), Error> {
    let person = c.person_code("person");
    let from = c.date("from");
    let education = c.opt_code("education", Education::parse);
    let theory = c.opt_code("theory", Theory::parse);
    if let (Some(person), Some(from), Ok(education), Ok(theory)) = (person, from, education, theory) {
        let change = Change { ethnicity: opt(c, "ethnicity"), education, theory, occupation: opt(c, "occupation") };
        op.run(|w, cx| crate::services::register::people::change_particulars_in(w, cx, &person, from, &change))?;
    }
    Ok(())
}

/// Imports a file of party work, all or nothing; returns the number of rows.
pub fn import(s: &mut Store, cx: &Ctx, kind: PartyFile, table: &Table, dry_run: bool) -> Result<usize, Error> {
    // Every kind writes members' records; the operations below check the rest row by row.
    cx.require(tinhgon_domain::access::Action::EditMembers)?;
    if let Err(e) = table.require(kind.required()) {
        return Err(Error::Invalid(vec![RowError { line: 1, column: String::new(), vi: e.vi(), en: e.en() }]));
    }
    if kind == PartyFile::DuesPayments {
        let mut errors = Vec::new();
        let rows = dues::parse(table, &mut errors);
        return if errors.is_empty() { dues::pay(s, cx, &rows, dry_run) } else { Err(Error::Invalid(errors)) };
    }
    if kind == PartyFile::Ratings {
        let mut errors = Vec::new();
        let rows = super::ratings::parse(table, &mut errors);
        return if errors.is_empty() {
            super::ratings::rate_all(s, cx, &rows, dry_run)
        } else {
            Err(Error::Invalid(errors))
        };
    }
    let n = table.rows.len();
    let outcome = s.write(cx.actor(), &cx.now, |w| {
        let mut errors: Vec<RowError> = Vec::new();
        for (line, cells) in table.rows.iter().map(|(l, c)| (*l, c.as_slice())) {
            let mut read = Vec::new();
            let mut op = Op { w: &mut *w, cx, line, errors: Vec::new() };
            {
                let mut c = Cells { table, line, cells, errors: &mut read };
                let row = match kind {
                    PartyFile::AdmissionSteps => admission_row,
                    PartyFile::Transfers => transfer_row,
                    PartyFile::Badges => badge_row,
                    PartyFile::DuesBases => basis_row,
                    PartyFile::Leavings => leaving_row,
                    PartyFile::Particulars => particulars_row,
                    PartyFile::DuesPayments | PartyFile::Ratings => |_: &mut Op<'_, '_, '_>, _: &mut Cells<'_>| Ok(()),
                };
                row(&mut op, &mut c)?;
            }
            errors.extend(read);
            errors.extend(op.errors);
        }
        if !errors.is_empty() {
            errors.sort_by_key(|e| e.line);
            return Err(Error::Invalid(errors));
        }
        // A dry run checks everything and writes nothing: the write is rolled back.
        if dry_run {
            return Err(Error::Invalid(Vec::new()));
        }
        Ok(n)
    });
    match outcome {
        Err(Error::Invalid(e)) if e.is_empty() => Ok(n),
        other => other,
    }
}

fn date(d: Option<Date>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// A whole file of one kind of party work, for those who reach the whole register.
pub fn export(s: &mut Store, cx: &Ctx, kind: PartyFile) -> Result<Vec<Vec<String>>, Error> {
    cx.require(tinhgon_domain::access::Action::Read)?;
    if !cx.guard.sees_everything() {
        return Err(Error::Forbidden);
    }
    Ok(s.read(|tx| {
        let mut out = Vec::new();
        match kind {
            PartyFile::AdmissionSteps => {
                let mut all = adm_store::all(tx)?;
                all.reverse();
                for a in all {
                    for (i, st) in a.steps.iter().enumerate() {
                        let sponsors = if st.step == Step::Sponsors {
                            a.sponsors.iter().map(|(p, d)| format!("{p}:{d}")).collect::<Vec<_>>().join(";")
                        } else {
                            String::new()
                        };
                        out.push(vec![
                            a.person.clone(),
                            a.cell.clone(),
                            st.step.code().into(),
                            st.on.to_string(),
                            st.document.clone().unwrap_or_default(),
                            st.note.clone().unwrap_or_default(),
                            sponsors,
                            if i == 0 { a.general_education.clone().unwrap_or_default() } else { String::new() },
                        ]);
                    }
                }
            }
            PartyFile::Transfers => {
                let mut all = tr_store::all(tx)?;
                all.reverse();
                for t in all {
                    out.push(vec![
                        t.person,
                        t.kind.code().into(),
                        t.to_cell.unwrap_or_default(),
                        t.destination.unwrap_or_default(),
                        t.sent_on.to_string(),
                        date(t.returns_on),
                        t.letter,
                        t.reason.unwrap_or_default(),
                        date(t.received_on),
                    ]);
                }
            }
            PartyFile::Badges => {
                for b in badge_store::all(tx)? {
                    out.push(vec![
                        b.person,
                        b.years.to_string(),
                        b.awarded_on.to_string(),
                        b.decision_no,
                        b.decision_date.to_string(),
                        b.early.unwrap_or_default(),
                    ]);
                }
            }
            PartyFile::DuesPayments => {
                for (person, p) in dues_store::all_payments(tx)? {
                    out.push(vec![person, p.month.to_string(), p.amount.to_string(), p.paid_on.to_string()]);
                }
            }
            PartyFile::DuesBases => {
                for (person, b) in dues_store::all_bases(tx)? {
                    out.push(vec![
                        person,
                        b.from.to_string(),
                        b.category.code().into(),
                        b.base.to_string(),
                        b.exemption.map(|e| e.code().to_string()).unwrap_or_default(),
                        b.reduction.map(|(p, _)| p.to_string()).unwrap_or_default(),
                        b.reduction.map(|(_, u)| u.to_string()).unwrap_or_default(),
                    ]);
                }
            }
            PartyFile::Leavings => {
                for (person, l) in tinhgon_store::party::leaving::all(tx)? {
                    out.push(vec![
                        person,
                        l.ground.code().into(),
                        l.left_on.to_string(),
                        l.decision_no,
                        l.decision_date.to_string(),
                        l.note.unwrap_or_default(),
                    ]);
                }
            }
            PartyFile::Particulars => {
                for (person, v) in tinhgon_store::versions::all_changes(tx)? {
                    out.push(vec![
                        person,
                        v.validity.from.to_string(),
                        v.ethnicity,
                        v.education.code().into(),
                        v.theory.code().into(),
                        v.occupation.unwrap_or_default(),
                    ]);
                }
            }
            PartyFile::Ratings => out = super::ratings::export_rows(tx)?,
        }
        Ok(out)
    })?)
}
