//! Yearly ratings of party organizations, members and leading collectives: entered one at a time,
//! for a whole organization's list at once, or from a file — each on the scale in force that year,
//! the member's grade bounded by a discipline of the same year and by their civil-service grade,
//! and the top grade among members capped within each grassroots organization — and counted as
//! counts and shares of the rated, by kind of organization, with two years compared.

use crate::i18n::Label;
use crate::services::scope::{Reached, Scope};
use std::collections::{BTreeMap, BTreeSet};
use tinhgon_domain::msg::Msg;

use serde::Serialize;
use tinhgon_domain::access::Action;
use tinhgon_domain::catalog::UnitKind;
use tinhgon_domain::party::rating::{self, Check, Grade, Stage, Subject};
use tinhgon_domain::party::Share;
use tinhgon_domain::{Date, UnitCode};
use tinhgon_store::party::ratings::{self as store, NewRating};
use tinhgon_store::{people, units, Store, StoreError, Tx, Writer};

pub use tinhgon_store::party::ratings::RatingRow;

use crate::services::{Ctx, Error, RowError};

/// One rating to record.
#[derive(Clone, Debug)]
pub struct Rate {
    pub year: i32,
    pub subject: Subject,
    /// The organization or collective rated; for a member, left empty (their cell is found).
    pub unit: Option<UnitCode>,
    pub person: Option<String>,
    pub stage: Stage,
    pub grade: Grade,
    pub civil_service: Option<Grade>,
    pub score: Option<i64>,
    pub note: Option<String>,
}

fn bad(line: usize, column: &str, vi: String, en: String) -> RowError {
    RowError { line, column: column.into(), vi, en }
}

fn year_end(year: i32) -> Date {
    super::year_bounds(year).1
}

/// The cell a person belonged to as a member in a year: the last membership of the year.
fn cell_in_year(tx: &mut Tx<'_>, person: &str, year: i32) -> Result<Option<(UnitCode, Date)>, StoreError> {
    let (start, end) = super::year_bounds(year);
    let found = people::memberships_of_person(tx, person)?
        .into_iter()
        .filter(|m| m.status.is_active() && m.validity.from <= end && m.validity.to.is_none_or(|t| t > start))
        .max_by_key(|m| m.validity.from);
    Ok(found.and_then(|m| {
        let last = m.validity.to.map_or(end, |t| t.add_days(-1).min(end));
        UnitCode::parse(&m.unit).ok().map(|u| (u, last))
    }))
}

/// Records one rating inside a caller's write; returns the grassroots organization whose cap it
/// counts in (for a member rated at the decision stage).
pub(crate) fn rate_in(w: &mut Writer<'_, '_>, cx: &Ctx, r: &Rate, line: usize) -> Result<Option<UnitCode>, Error> {
    let fail = |column: &str, vi: String, en: String| Error::Invalid(vec![bad(line, column, vi, en)]);
    if !(1990..=cx.today.year()).contains(&r.year) {
        return Err(Error::said(
            "year",
            Msg::new("rating-year-not-valid").text("year", r.year).text("year2", cx.today.year()),
        ));
    }
    if r.score.is_some_and(|s| !(0..=100).contains(&s)) {
        return Err(Error::said("score", Msg::new("rating-score-from")));
    }
    let (unit, person, on) = match r.subject {
        Subject::Member => {
            let Some(person) = r.person.as_deref().map(str::trim).filter(|p| !p.is_empty()) else {
                return Err(Error::said("person", Msg::new("rating-give-member-s-code")));
            };
            if cx.guard.person(w.tx(), person).is_err() {
                return Err(Error::said("person", Msg::new("due-there-no-person").text("person", person)));
            }
            let Some((cell, last)) = cell_in_year(w.tx(), person, r.year)? else {
                return Err(Error::said(
                    "person",
                    Msg::new("rating-not-member").text("person", person).text("year", r.year),
                ));
            };
            if cx.guard.unit(w.tx(), &cell).is_err() {
                return Err(Error::said("person", Msg::new("due-there-no-person").text("person", person)));
            }
            (cell, Some(person.to_string()), last)
        }
        Subject::Organization | Subject::Collective => {
            let Some(unit) = r.unit.clone() else {
                return Err(Error::said("unit", Msg::new("rating-give-party-organization-s-code")));
            };
            if cx.guard.unit(w.tx(), &unit).is_err() {
                return Err(Error::said("unit", Msg::new("programme-there-no-unit").text("unit", &unit)));
            }
            let end = year_end(r.year);
            let start = Date::from_ymd(r.year, 1, 1).unwrap_or(end);
            let v = match units::at(w.tx(), &unit, end)? {
                Some(v) => Some((v, end)),
                None => units::history(w.tx(), &unit)?
                    .into_iter()
                    .rfind(|v| v.validity.from <= end && v.validity.to.is_none_or(|t| t > start))
                    .map(|v| {
                        let on = v.validity.to.map_or(end, |t| t.add_days(-1));
                        (v, on)
                    }),
            };
            let Some((v, on)) = v else {
                return Err(Error::said("unit", Msg::new("rating-not-force").text("unit", &unit).text("year", r.year)));
            };
            if !v.kind.is_party_organization() {
                return Err(Error::said(
                    "unit",
                    Msg::new("meeting-not-party-organization").text("unit", &unit).label("kind", v.kind),
                ));
            }
            (unit, None, on)
        }
    };
    let disciplined = match (r.subject, person.as_deref()) {
        (Subject::Member, Some(p)) => super::disciplines::member_disciplined(w.tx(), p, r.year, cx.today)?,
        _ => super::disciplines::organization_disciplined(w.tx(), &unit, r.year, cx.today)?,
    };
    let rules = tinhgon_store::plans::rules(w.tx())?;
    let check = Check { subject: r.subject, year: r.year, grade: r.grade, disciplined, civil_service: r.civil_service };
    let scale = rating::check(&check, &rules).map_err(|e| fail("grade", crate::i18n::vi(&e), crate::i18n::en(&e)))?;
    let note = r.note.as_deref().map(str::trim).filter(|n| !n.is_empty());
    if note.is_some_and(|n| n.chars().count() > 2_000) {
        return Err(Error::said("note", Msg::new("rating-note-up-characters")));
    }
    w.put_rating(&NewRating {
        year: r.year,
        subject: r.subject,
        unit: &unit,
        person: person.as_deref(),
        stage: r.stage,
        grade: r.grade,
        scale: scale.code,
        civil_service_grade: r.civil_service,
        score: r.score,
        note,
    })?;
    if r.subject == Subject::Member && r.stage == Stage::Decision {
        return Ok(super::transfers::grassroots_of(w.tx(), &unit, on)?);
    }
    Ok(None)
}

/// The members of one grassroots organization rated at the decision stage in a year, by grade.
fn member_grades(tx: &mut Tx<'_>, grassroots: &UnitCode, year: i32) -> Result<BTreeMap<Grade, i64>, StoreError> {
    let mut out = BTreeMap::new();
    for r in store::of_subtree(tx, grassroots, year)? {
        if r.subject == Subject::Member && r.stage == Stage::Decision {
            *out.entry(r.grade).or_default() += 1;
        }
    }
    Ok(out)
}

/// Checks the cap on the top grade among members in each grassroots organization named, after the
/// ratings are written; `lines` says which line to blame for each.
pub(crate) fn check_caps(
    w: &mut Writer<'_, '_>,
    year: i32,
    lines: &BTreeMap<UnitCode, usize>,
) -> Result<Vec<RowError>, Error> {
    let rules = tinhgon_store::plans::rules(w.tx())?;
    let mut errors = Vec::new();
    for (g, line) in lines {
        let grades = member_grades(w.tx(), g, year)?;
        let top = grades.get(&Grade::Excellent).copied().unwrap_or(0);
        let good = grades.get(&Grade::Good).copied().unwrap_or(0);
        if let Some(cap) = rating::top_cap(good, year, &rules) {
            if top > cap {
                errors.push(RowError::said(
                    *line,
                    "grade",
                    Msg::new("rating-members-rated-excellent-over-cap")
                        .text("g", g)
                        .text("top", top)
                        .text("year", year)
                        .text("cap", cap)
                        .text("good", good),
                ));
            }
        }
    }
    Ok(errors)
}

/// Records ratings all or nothing, each with its line, every line's errors with it; returns how
/// many were recorded.
pub fn rate_all(s: &mut Store, cx: &Ctx, rows: &[(usize, Rate)], dry_run: bool) -> Result<usize, Error> {
    cx.require(Action::EditMembers)?;
    let outcome = s.write(cx.actor(), &cx.now, |w| {
        let (errors, caps) = rate_rows(w, cx, rows.iter().map(|(l, r)| (*l, r)))?;
        let mut errors = errors;
        for (year, lines) in caps {
            errors.extend(check_caps(w, year, &lines)?);
        }
        if !errors.is_empty() {
            errors.sort_by_key(|e| e.line);
            return Err(Error::Invalid(errors));
        }
        if dry_run {
            return Err(Error::Invalid(Vec::new()));
        }
        Ok(rows.len())
    });
    match outcome {
        Err(Error::Invalid(e)) if e.is_empty() && dry_run => Ok(rows.len()),
        other => other,
    }
}

type Caps = BTreeMap<i32, BTreeMap<UnitCode, usize>>;

/// Writes each row, gathering every row's errors, and the grassroots organizations whose cap each
/// year must be checked in.
pub(crate) fn rate_rows<'r>(
    w: &mut Writer<'_, '_>,
    cx: &Ctx,
    rows: impl Iterator<Item = (usize, &'r Rate)>,
) -> Result<(Vec<RowError>, Caps), Error> {
    let mut errors = Vec::new();
    let mut caps: Caps = BTreeMap::new();
    let mut seen = BTreeSet::new();
    for (line, r) in rows {
        let key = (r.year, r.subject, r.unit.clone(), r.person.clone(), r.stage);
        if !seen.insert(key) {
            errors.push(RowError::said(line, "person", Msg::new("rating-this-subject-rated-earlier-line")));
            continue;
        }
        match rate_in(w, cx, r, line) {
            Ok(Some(g)) => {
                caps.entry(r.year).or_default().insert(g, line);
            }
            Ok(None) => {}
            Err(Error::Invalid(e)) => errors.extend(e),
            Err(Error::NotFound(a)) => {
                let (vi, en) = a.messages();
                errors.push(bad(line, "", vi, en));
            }
            Err(e) => return Err(e),
        }
    }
    Ok((errors, caps))
}

/// The ratings of a year given at or under a unit in reach.
pub fn list(s: &mut Store, cx: &Ctx, unit: &UnitCode, year: i32) -> Result<Vec<RatingRow>, Error> {
    cx.read_unit(s, unit, |sc, unit| list_in(sc, unit, year))
}

/// [`list`] inside a scope, of a unit in reach.
pub(crate) fn list_in(sc: &mut Scope<'_, '_>, unit: &Reached<UnitCode>, year: i32) -> Result<Vec<RatingRow>, Error> {
    sc.cx().require(Action::Read)?;
    Ok(store::of_subtree(sc.tx(), unit, year)?)
}

/// The decided ratings of one kind of subject: how many were rated, by grade, the share of the top
/// grade and of "well or better".
#[derive(Clone, Debug, Default, Serialize, utoipa::ToSchema)]
pub struct Tally {
    pub rated: i64,
    pub by_grade: BTreeMap<&'static str, i64>,
    /// The top grade of the year's scale: "trong sạch vững mạnh" before 2019, then excellent.
    pub top: Option<Share>,
    pub good_or_better: Option<Share>,
}

/// A year's decided ratings at or under a unit: organizations by kind, members, collectives.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct RatingFigures {
    pub unit: String,
    pub year: i32,
    pub organizations: BTreeMap<&'static str, Tally>,
    pub members: Tally,
    pub collectives: Tally,
}

fn tally(grades: &[(Subject, Grade)], year: i32) -> Tally {
    let mut t = Tally::default();
    for (_, g) in grades {
        t.rated += 1;
        *t.by_grade.entry(g.code()).or_default() += 1;
    }
    if let Some((subject, _)) = grades.first() {
        if let Some(scale) = rating::scale(*subject, year) {
            let top = grades.iter().filter(|(_, g)| *g == scale.top()).count() as i64;
            let good = grades.iter().filter(|(_, g)| scale.good_or_better(*g)).count() as i64;
            t.top = Some(Share::of(top, t.rated));
            t.good_or_better = Some(Share::of(good, t.rated));
        }
    }
    t
}

/// The decided ratings of a year at or under a unit in reach.
pub fn figures(s: &mut Store, cx: &Ctx, unit: &UnitCode, year: i32) -> Result<RatingFigures, Error> {
    cx.read_unit(s, unit, |sc, unit| figures_in(sc, unit, year))
}

/// [`figures`] inside a scope, of a unit in reach.
pub(crate) fn figures_in(sc: &mut Scope<'_, '_>, unit: &Reached<UnitCode>, year: i32) -> Result<RatingFigures, Error> {
    let rows = list_in(sc, unit, year)?;
    let mut kinds: BTreeMap<String, UnitKind> = BTreeMap::new();
    for r in rows.iter().filter(|r| r.subject == Subject::Organization) {
        if kinds.contains_key(&r.unit) {
            continue;
        }
        if let Ok(code) = UnitCode::parse(&r.unit) {
            let v = units::history(sc.tx(), &code)?.into_iter().rfind(|v| v.validity.from <= year_end(year));
            if let Some(v) = v {
                kinds.insert(r.unit.clone(), v.kind);
            }
        }
    }
    let decided: Vec<&RatingRow> = rows.iter().filter(|r| r.stage == Stage::Decision).collect();
    let mut orgs: BTreeMap<&'static str, Vec<(Subject, Grade)>> = BTreeMap::new();
    let (mut members, mut collectives) = (Vec::new(), Vec::new());
    for r in decided {
        match r.subject {
            Subject::Organization => {
                let kind = kinds.get(&r.unit).map_or("unknown", |k| k.code());
                orgs.entry(kind).or_default().push((r.subject, r.grade));
            }
            Subject::Member => members.push((r.subject, r.grade)),
            Subject::Collective => collectives.push((r.subject, r.grade)),
        }
    }
    Ok(RatingFigures {
        unit: unit.to_string(),
        year,
        organizations: orgs.into_iter().map(|(k, g)| (k, tally(&g, year))).collect(),
        members: tally(&members, year),
        collectives: tally(&collectives, year),
    })
}

/// The rows of a file of ratings: year, subject, unit (an organization's), person (a member's),
/// stage (default the decision), grade, civil_service_grade, score, note.
pub(crate) fn parse(table: &crate::files::Table, errors: &mut Vec<RowError>) -> Vec<(usize, Rate)> {
    use crate::services::register::rows::Cells;
    let mut out = Vec::new();
    for (line, cells) in table.rows.iter().map(|(l, c)| (*l, c.as_slice())) {
        let mut c = Cells { table, line, cells, errors };
        let year = c.required("year").and_then(|t| match t.parse::<i32>() {
            Ok(y) => Some(y),
            Err(_) => {
                c.fail_said("year", Msg::new("rating-not-year").text("t", &t));
                None
            }
        });
        let subject = c.code("subject", Subject::parse);
        let unit = c.opt_unit_code("unit");
        let person = Some(c.text("person").to_string()).filter(|p| !p.is_empty());
        let stage = c.opt_code("stage", Stage::parse).map(|s| s.unwrap_or(Stage::Decision));
        let grade = c.code("grade", |t| Grade::read(t, Label::label_vi));
        let civil = c.opt_code("civil_service_grade", |t| Grade::read(t, Label::label_vi));
        let score = match c.text("score") {
            "" => Ok(None),
            t => t.parse::<i64>().map(Some).map_err(|_| t.to_string()),
        };
        let score = match score {
            Ok(s) => Some(s),
            Err(t) => {
                c.fail_said("score", Msg::new("rating-not-score").text("t", &t));
                None
            }
        };
        let note = Some(c.text("note").to_string()).filter(|n| !n.is_empty());
        if let (Some(year), Some(subject), Ok(unit), Ok(stage), Some(grade), Ok(civil_service), Some(score)) =
            (year, subject, unit, stage, grade, civil, score)
        {
            out.push((line, Rate { year, subject, unit, person, stage, grade, civil_service, score, note }));
        }
    }
    out
}

/// Every rating as a file's rows, in the columns [`parse`] reads.
pub(crate) fn export_rows(tx: &mut Tx<'_>) -> Result<Vec<Vec<String>>, StoreError> {
    Ok(store::all(tx)?
        .into_iter()
        .map(|r| {
            vec![
                r.year.to_string(),
                r.subject.code().into(),
                if r.subject == Subject::Member { String::new() } else { r.unit.clone() },
                r.person.unwrap_or_default(),
                r.stage.code().into(),
                r.grade.code().into(),
                r.civil_service_grade.map(|g| g.code().to_string()).unwrap_or_default(),
                r.score.map(|s| s.to_string()).unwrap_or_default(),
                r.note.unwrap_or_default(),
            ]
        })
        .collect())
}

/// One line of an organization's rating sheet: a subject and the grade decided so far.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct SheetLine {
    pub subject: Subject,
    pub code: String,
    pub name: String,
    /// The member's cell, or the organization's kind.
    pub place: String,
    pub grade: Option<Grade>,
    pub civil_service: Option<Grade>,
}

/// What an organization rates for a year, on one page: itself and the party organizations
/// directly under it, and — for a grassroots organization or a cell — its members at the year's
/// end, each with the grade recorded at the stage asked.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Sheet {
    pub unit: String,
    pub year: i32,
    pub stage: Stage,
    pub organizations: Vec<SheetLine>,
    pub members: Vec<SheetLine>,
    /// The grades of the year's scale, for organizations and for members.
    pub organization_grades: Vec<Grade>,
    pub member_grades: Vec<Grade>,
}

/// The sheet of a unit for one who may record its grades: the unit's reach first (out of reach is
/// absent), then the role, then the sheet.
pub fn sheet_to_rate(s: &mut Store, cx: &Ctx, unit: &UnitCode, year: i32, stage: Stage) -> Result<Sheet, Error> {
    crate::services::register::unit_form(s, cx, unit, Action::EditMembers)?;
    sheet(s, cx, unit, year, stage)
}

/// The rating sheet of a unit in reach for a year and stage.
pub fn sheet(s: &mut Store, cx: &Ctx, unit: &UnitCode, year: i32, stage: Stage) -> Result<Sheet, Error> {
    let recorded = list(s, cx, unit, year)?;
    let on = year_end(year).min(cx.today);
    let grade_of = |subject: Subject, code: &str| {
        recorded
            .iter()
            .find(|r| {
                r.subject == subject
                    && r.stage == stage
                    && (r.person.as_deref() == Some(code) || (r.person.is_none() && r.unit == code))
            })
            .map(|r| (r.grade, r.civil_service_grade))
    };
    let (orgs, members) = s.read(|tx| {
        let mut orgs = Vec::new();
        let Some(me) = units::at(tx, unit, on)? else { return Ok((orgs, Vec::new())) };
        let mut cells = Vec::new();
        if me.kind.holds_members() {
            cells.push(me.code.clone());
        }
        orgs.push((me.code.to_string(), me.name.clone(), me.kind));
        for c in units::children(tx, unit, on)? {
            if c.kind.is_party_organization() {
                orgs.push((c.code.to_string(), c.name.clone(), c.kind));
                if me.kind.is_grassroots_level() && c.kind.holds_members() {
                    cells.push(c.code.clone());
                }
            }
        }
        let mut members = Vec::new();
        for cell in cells {
            for (p, status) in people::members_of_unit(tx, &cell, on)? {
                if status.is_active() {
                    members.push((p.code, p.name, cell.to_string()));
                }
            }
        }
        Ok((orgs, members))
    })?;
    let organizations = orgs
        .into_iter()
        .map(|(code, name, kind)| {
            let g = grade_of(Subject::Organization, &code);
            SheetLine {
                subject: Subject::Organization,
                grade: g.map(|g| g.0),
                civil_service: None,
                code,
                name,
                place: kind.code().into(),
            }
        })
        .collect();
    let members = members
        .into_iter()
        .map(|(code, name, cell)| {
            let g = grade_of(Subject::Member, &code);
            SheetLine {
                subject: Subject::Member,
                grade: g.map(|g| g.0),
                civil_service: g.and_then(|g| g.1),
                code,
                name,
                place: cell,
            }
        })
        .collect();
    let grades = |subject| rating::scale(subject, year).map(|s| s.grades.to_vec()).unwrap_or_default();
    Ok(Sheet {
        unit: unit.to_string(),
        year,
        stage,
        organizations,
        members,
        organization_grades: grades(Subject::Organization),
        member_grades: grades(Subject::Member),
    })
}
