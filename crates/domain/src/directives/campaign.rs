//! Review campaigns (sơ kết, tổng kết): a committee asks the organizations of its subtree for a
//! report on a document or a topic, with an outline of text sections and figure fields; pilot
//! units report first; steering teams follow the units; each unit's figures are pre-filled from
//! the register as of the campaign's reference date and may be corrected only with a note.
//!
//! The figure fields are a catalog of counts the register holds, each additive over a subtree, so
//! that the figures of the units that make up a subtree add up to the subtree's own.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::catalog::{Sector, UnknownCode};
use crate::date::Date;
use crate::msg::Msg;
use crate::stats::Figures;

code_list! {
    /// A review at mid-term (sơ kết) or at the end (tổng kết).
    CampaignKind, "campaign kind", "campaign-kind" { Interim = "so_ket"; Final = "tong_ket"; }

    /// The figures a report can be asked for, each a count of the register on the reference date
    /// (or, for party work, in its year).
    FigureKey, "figure field", "figure-field" {
        MembersTotal = "members_total"; MembersOfficial = "members_official";
        MembersProbationary = "members_probationary"; MembersWomen = "members_women";
        GrassrootsOrganizations = "grassroots_organizations"; OrgsAdminAgency = "orgs_admin_agency";
        MembersAdminAgency = "members_admin_agency"; OrgsPublicService = "orgs_public_service";
        MembersPublicService = "members_public_service"; OrgsSoe100 = "orgs_soe_100";
        MembersSoe100 = "members_soe_100"; OrgsStateMajority = "orgs_state_majority";
        MembersStateMajority = "members_state_majority"; OrgsStateMinority = "orgs_state_minority";
        MembersStateMinority = "members_state_minority"; OrgsPrivate = "orgs_private";
        MembersPrivate = "members_private"; StaffingQuota = "staffing_quota"; StaffingActual = "staffing_actual";
        Admissions = "admissions"; Recognitions = "recognitions"; MeetingsHeld = "meetings_held";
        Inspections = "inspections"; Supervisions = "supervisions"; MembersDisciplined = "members_disciplined";
        MembersRated = "members_rated";
    }
}

impl FigureKey {
    /// Whether the figure is of the year's party work rather than of the register on the day.
    pub fn is_party_work(self) -> bool {
        self.is_membership_change()
            || matches!(
                self,
                FigureKey::MeetingsHeld
                    | FigureKey::Inspections
                    | FigureKey::Supervisions
                    | FigureKey::MembersDisciplined
                    | FigureKey::MembersRated
            )
    }

    /// Whether the figure counts the year's admissions or recognitions (from the first of January
    /// to the reference date).
    pub fn is_membership_change(self) -> bool {
        matches!(self, FigureKey::Admissions | FigureKey::Recognitions)
    }

    /// The figure from the register's figures of a unit on a day; `None` for party work.
    pub fn of(self, f: &Figures) -> Option<u64> {
        let sector = |s: Sector, members: bool| {
            f.grassroots_by_sector.get(s.code()).map_or(0, |g| if members { g.members } else { g.organizations })
        };
        Some(match self {
            FigureKey::MembersTotal => f.members.total,
            FigureKey::MembersOfficial => f.members.official,
            FigureKey::MembersProbationary => f.members.probationary,
            FigureKey::MembersWomen => f.members.women,
            FigureKey::GrassrootsOrganizations => f.grassroots_by_sector.values().map(|g| g.organizations).sum(),
            FigureKey::OrgsAdminAgency => sector(Sector::AdminAgency, false),
            FigureKey::MembersAdminAgency => sector(Sector::AdminAgency, true),
            FigureKey::OrgsPublicService => sector(Sector::PublicService, false),
            FigureKey::MembersPublicService => sector(Sector::PublicService, true),
            FigureKey::OrgsSoe100 => sector(Sector::Soe100, false),
            FigureKey::MembersSoe100 => sector(Sector::Soe100, true),
            FigureKey::OrgsStateMajority => sector(Sector::StateMajority, false),
            FigureKey::MembersStateMajority => sector(Sector::StateMajority, true),
            FigureKey::OrgsStateMinority => sector(Sector::StateMinority, false),
            FigureKey::MembersStateMinority => sector(Sector::StateMinority, true),
            FigureKey::OrgsPrivate => sector(Sector::Private, false),
            FigureKey::MembersPrivate => sector(Sector::Private, true),
            FigureKey::StaffingQuota => f.staffing.quota,
            FigureKey::StaffingActual => f.staffing.actual,
            _ => return None,
        })
    }
}

/// The days of a campaign, checked for their order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Days {
    /// The figures are the register's as of this day.
    pub reference_on: Date,
    /// The pilot units report by this day.
    pub pilot_by: Option<Date>,
    /// The other units report by this day.
    pub report_by: Date,
    /// No report is taken after this day.
    pub closes_on: Date,
}

/// Why a campaign's days do not hold together.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DaysError {
    #[error("the pilot units' deadline falls after the others'")]
    PilotAfterReport,
    #[error("the deadline falls before the reference date")]
    ReportBeforeReference,
    #[error("the campaign closes before its deadline")]
    ClosesBeforeReport,
}

impl crate::msg::Said for DaysError {
    fn msg(&self) -> Msg {
        Msg::new(match self {
            DaysError::PilotAfterReport => "campaign-days-pilot-after-report",
            DaysError::ReportBeforeReference => "campaign-days-report-before-reference",
            DaysError::ClosesBeforeReport => "campaign-days-closes-before-report",
        })
    }
}

impl DaysError {
    /// The field the error is about.
    pub fn field(&self) -> &'static str {
        match self {
            DaysError::PilotAfterReport => "pilot_by",
            DaysError::ReportBeforeReference => "report_by",
            DaysError::ClosesBeforeReport => "closes_on",
        }
    }
}

impl Days {
    pub fn check(&self) -> Result<(), DaysError> {
        if self.report_by < self.reference_on || self.pilot_by.is_some_and(|p| p < self.reference_on) {
            return Err(DaysError::ReportBeforeReference);
        }
        if self.pilot_by.is_some_and(|p| p > self.report_by) {
            return Err(DaysError::PilotAfterReport);
        }
        if self.closes_on < self.report_by {
            return Err(DaysError::ClosesBeforeReport);
        }
        Ok(())
    }
}

/// Why a report's day of submission is not taken.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SubmissionError {
    #[error("a unit submits on the day it submits ({today}); another day is recorded by the launcher")]
    NotToday { today: Date },
    #[error("the day of submission lies between the reference date and today")]
    OutsideCampaign,
    #[error("the campaign closed on {closes_on}; a report submitted on {on} is not taken")]
    AfterClose { closes_on: Date, on: Date },
}

impl crate::msg::Said for SubmissionError {
    fn msg(&self) -> Msg {
        match self {
            SubmissionError::NotToday { today } => Msg::new("campaign-submission-not-today").date("today", *today),
            SubmissionError::OutsideCampaign => Msg::new("campaign-submission-outside"),
            SubmissionError::AfterClose { closes_on, on } => {
                Msg::new("campaign-submission-after-close").date("closes_on", *closes_on).date("on", *on)
            }
        }
    }
}

impl Days {
    /// The day a report is saved or submitted on: a unit submits on the day it submits (`given`
    /// empty or today); only the launching committee (`by_launcher`) records a report received on
    /// paper on an earlier day. Refused: another day from a unit, a day before the reference date or
    /// after today, and a submission after the campaign closed.
    pub fn submission(
        &self,
        given: Option<Date>,
        today: Date,
        by_launcher: bool,
        submit: bool,
    ) -> Result<Date, SubmissionError> {
        let on = given.unwrap_or(today);
        if on != today && !by_launcher {
            return Err(SubmissionError::NotToday { today });
        }
        if on > today || on < self.reference_on {
            return Err(SubmissionError::OutsideCampaign);
        }
        if submit && on > self.closes_on {
            return Err(SubmissionError::AfterClose { closes_on: self.closes_on, on });
        }
        Ok(on)
    }
}

/// Why a figure of a report is not taken.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FigureError {
    #[error("{0}: a figure is not negative")]
    Negative(FigureKey),
    #[error("{key}: changing the register's figure ({register}) to {value} needs a note")]
    NoteNeeded { key: FigureKey, register: i64, value: i64 },
}

impl crate::msg::Said for FigureError {
    fn msg(&self) -> Msg {
        match self {
            FigureError::Negative(key) => Msg::new("figure-negative").label("figure", *key),
            FigureError::NoteNeeded { key, register, value } => {
                Msg::new("figure-note-needed").label("figure", *key).int("register", *register).int("value", *value)
            }
        }
    }
}

impl FigureError {
    /// The field the error is about.
    pub fn field(&self) -> String {
        match self {
            FigureError::Negative(key) | FigureError::NoteNeeded { key, .. } => format!("figure.{}", key.code()),
        }
    }
}

/// A figure reported beside the register's: never negative, and a value other than the register's
/// only with the note that explains it.
pub fn check_figure(key: FigureKey, register: i64, value: i64, note: Option<&str>) -> Result<(), FigureError> {
    if value < 0 {
        return Err(FigureError::Negative(key));
    }
    if value != register && note.is_none_or(|n| n.trim().is_empty()) {
        return Err(FigureError::NoteNeeded { key, register, value });
    }
    Ok(())
}

/// Why an outline is not taken.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OutlineError {
    #[error("an outline holds up to 50 sections of up to 300 characters each")]
    TooLong,
    #[error("an outline needs a section or a figure field")]
    Empty,
}

impl crate::msg::Said for OutlineError {
    fn msg(&self) -> Msg {
        match self {
            OutlineError::TooLong => Msg::new("campaign-up-sections-up-characters"),
            OutlineError::Empty => Msg::new("campaign-outline-needs-section-figure-field"),
        }
    }
}

impl OutlineError {
    /// The field the error is about.
    pub fn field(&self) -> &'static str {
        match self {
            OutlineError::TooLong => "sections",
            OutlineError::Empty => "fields",
        }
    }
}

/// A campaign's outline: the titles of its text sections and its figure fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outline {
    pub sections: Vec<String>,
    pub fields: Vec<FigureKey>,
}

impl Outline {
    /// The sections as given, trimmed, the empty ones left out (up to 50 of up to 300 characters);
    /// each field once, in the order first given; a section or a field at least.
    pub fn new(sections: &[String], fields: &[FigureKey]) -> Result<Outline, OutlineError> {
        let sections: Vec<String> = sections.iter().map(|x| x.trim().to_string()).filter(|x| !x.is_empty()).collect();
        if sections.len() > 50 || sections.iter().any(|x| x.chars().count() > 300) {
            return Err(OutlineError::TooLong);
        }
        if fields.is_empty() && sections.is_empty() {
            return Err(OutlineError::Empty);
        }
        let mut once = Vec::new();
        for f in fields {
            if !once.contains(f) {
                once.push(*f);
            }
        }
        Ok(Outline { sections, fields: once })
    }
}

/// A figure of a unit's report: what the register counts, the value reported, and the note that
/// explains a difference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Figure {
    pub key: FigureKey,
    pub register: i64,
    pub value: i64,
    pub note: Option<String>,
}

/// Why a report is not taken.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReportError {
    #[error("one text per section of the outline, of up to 100,000 characters")]
    Texts,
    #[error(transparent)]
    Figure(#[from] FigureError),
}

impl crate::msg::Said for ReportError {
    fn msg(&self) -> Msg {
        match self {
            ReportError::Texts => Msg::new("campaign-one-text-per-section-outline"),
            ReportError::Figure(e) => e.msg(),
        }
    }
}

impl ReportError {
    /// The field the error is about.
    pub fn field(&self) -> String {
        match self {
            ReportError::Texts => "texts".to_string(),
            ReportError::Figure(e) => e.field(),
        }
    }
}

/// A unit's report as it is kept: one text per section of the outline (trimmed, the missing ones
/// empty), and a figure for each field of the outline — the value given, or the register's when
/// none is — each checked against the register's.
pub fn report(
    outline: &Outline,
    register: &std::collections::BTreeMap<FigureKey, i64>,
    texts: &[String],
    given: &[(FigureKey, Option<i64>, Option<String>)],
) -> Result<(Vec<String>, Vec<Figure>), ReportError> {
    if texts.len() > outline.sections.len().max(1) || texts.iter().any(|t| t.chars().count() > 100_000) {
        return Err(ReportError::Texts);
    }
    let mut figures = Vec::new();
    for key in &outline.fields {
        let reg = register.get(key).copied().unwrap_or(0);
        let given = given.iter().find(|(k, _, _)| k == key);
        let value = given.and_then(|(_, v, _)| *v).unwrap_or(reg);
        let note = given.and_then(|(_, _, n)| n.as_deref()).map(str::trim).filter(|n| !n.is_empty());
        check_figure(*key, reg, value, note)?;
        figures.push(Figure { key: *key, register: reg, value, note: note.map(str::to_string) });
    }
    let mut texts: Vec<String> = texts.iter().map(|t| t.trim().to_string()).collect();
    texts.resize(outline.sections.len(), String::new());
    Ok((texts, figures))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::date::on as d;

    #[test]
    fn a_campaigns_days_keep_their_order() {
        let ok = Days {
            reference_on: d(2016, 12, 31),
            pilot_by: Some(d(2017, 2, 17)),
            report_by: d(2017, 2, 28),
            closes_on: d(2017, 3, 15),
        };
        assert!(ok.check().is_ok());
        assert_eq!(Days { pilot_by: Some(d(2017, 3, 1)), ..ok }.check(), Err(DaysError::PilotAfterReport));
        assert_eq!(
            Days { report_by: d(2016, 12, 1), pilot_by: None, ..ok }.check(),
            Err(DaysError::ReportBeforeReference)
        );
        assert_eq!(Days { closes_on: d(2017, 2, 1), ..ok }.check(), Err(DaysError::ClosesBeforeReport));
        assert!(FigureKey::MeetingsHeld.is_party_work() && !FigureKey::MembersTotal.is_party_work());
    }

    #[test]
    fn a_unit_submits_today_and_only_the_launcher_records_an_earlier_day() {
        let days =
            Days { reference_on: d(2026, 1, 31), pilot_by: None, report_by: d(2026, 2, 28), closes_on: d(2026, 3, 15) };
        let (in_time, today) = (d(2026, 2, 20), d(2026, 3, 1));
        assert_eq!(days.submission(None, today, false, true), Ok(today));
        assert_eq!(days.submission(Some(in_time), today, false, true), Err(SubmissionError::NotToday { today }));
        assert_eq!(days.submission(Some(in_time), today, true, true), Ok(in_time), "a paper report");
        let late = d(2026, 3, 20);
        assert_eq!(
            days.submission(None, late, false, true),
            Err(SubmissionError::AfterClose { closes_on: d(2026, 3, 15), on: late })
        );
        assert_eq!(days.submission(None, late, false, false), Ok(late), "a draft is saved after the close");
        assert_eq!(days.submission(Some(d(2026, 1, 1)), today, true, false), Err(SubmissionError::OutsideCampaign));
        assert_eq!(days.submission(Some(d(2026, 3, 2)), today, true, false), Err(SubmissionError::OutsideCampaign));
    }

    #[test]
    fn a_corrected_figure_needs_its_note() {
        let k = FigureKey::MembersTotal;
        assert_eq!(check_figure(k, 10, 10, None), Ok(()));
        assert_eq!(check_figure(k, 10, 9, Some("một đảng viên chuyển đi")), Ok(()));
        assert_eq!(check_figure(k, 10, 9, Some("  ")), Err(FigureError::NoteNeeded { key: k, register: 10, value: 9 }));
        assert_eq!(check_figure(k, 10, -1, Some("x")), Err(FigureError::Negative(k)));
        assert!(
            crate::msg::Said::msg(&FigureError::NoteNeeded { key: k, register: 10, value: 9 }).key
                == "figure-note-needed"
        );
        assert_eq!(FigureError::Negative(k).field(), "figure.members_total");
    }

    #[test]
    fn an_outline_trims_its_sections_keeps_each_field_once_and_is_never_empty() {
        let (m, t) = (FigureKey::MembersTotal, FigureKey::MeetingsHeld);
        let o = Outline::new(&["  Tình hình ".into(), " ".into(), "Kết quả".into()], &[m, t, m]).unwrap();
        assert_eq!(o, Outline { sections: vec!["Tình hình".into(), "Kết quả".into()], fields: vec![m, t] });
        assert_eq!(Outline::new(&[" ".into()], &[]), Err(OutlineError::Empty));
        assert_eq!(Outline::new(&["x".repeat(301)], &[m]), Err(OutlineError::TooLong));
        assert_eq!(Outline::new(&vec!["mục".to_string(); 51], &[]), Err(OutlineError::TooLong));
        assert!(Outline::new(&vec!["mục".to_string(); 50], &[]).is_ok());
        assert_eq!(OutlineError::Empty.field(), "fields");
    }

    #[test]
    fn a_report_takes_the_registers_figure_unless_another_is_given_with_its_note() {
        let (m, t) = (FigureKey::MembersTotal, FigureKey::MeetingsHeld);
        let o = Outline::new(&["Tình hình".into(), "Kết quả".into()], &[m, t]).unwrap();
        let register = std::collections::BTreeMap::from([(m, 40), (t, 12)]);
        let given = [(t, Some(12), None), (m, None, Some("  ".into()))];
        let (texts, figures) = report(&o, &register, &[" Tốt ".into()], &given).unwrap();
        assert_eq!(texts, ["Tốt", ""], "trimmed, and one per section");
        assert_eq!(
            figures,
            [
                Figure { key: m, register: 40, value: 40, note: None },
                Figure { key: t, register: 12, value: 12, note: None },
            ]
        );
        assert!(matches!(
            report(&o, &register, &[], &[(m, Some(39), None)]),
            Err(ReportError::Figure(FigureError::NoteNeeded { register: 40, value: 39, .. }))
        ));
        let kept = report(&o, &register, &[], &[(m, Some(39), Some(" một đảng viên chuyển đi ".into()))]).unwrap().1;
        assert_eq!(kept[0], Figure { key: m, register: 40, value: 39, note: Some("một đảng viên chuyển đi".into()) });
        assert_eq!(report(&o, &register, &vec![String::new(); 3], &[]), Err(ReportError::Texts));
        assert_eq!(ReportError::Texts.field(), "texts");
    }
}
