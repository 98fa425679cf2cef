//! Review campaigns as recorded: the campaign and its outline, the units that report, the steering
//! teams, and the reports with their figures.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use tinhgon_domain::directives::campaign::{CampaignKind, FigureKey};
use tinhgon_domain::{Date, UnitCode};

use crate::corrupt;
use crate::log::Entry;
use crate::sql::{Row, Tx};
use crate::{StoreError, Writer};

const NAME: &str = "(SELECT v.name FROM unit_version v WHERE v.unit_id = u.id ORDER BY v.valid_from DESC LIMIT 1)";

/// A campaign as recorded.
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CampaignRow {
    pub id: i64,
    pub launcher: String,
    #[serde(deserialize_with = "crate::decode::or_empty")]
    pub launcher_name: String,
    pub kind: CampaignKind,
    pub title: String,
    /// The document reviewed, and the guidance of the campaign.
    pub reviews: Option<i64>,
    pub guidance: Option<i64>,
    pub reference_on: Date,
    pub pilot_by: Option<Date>,
    pub report_by: Date,
    pub closes_on: Date,
    pub conference_on: Option<Date>,
    /// The outline: the titles of the text sections, and the figure fields.
    #[serde(deserialize_with = "crate::decode::json")]
    pub sections: Vec<String>,
    #[serde(deserialize_with = "crate::decode::json")]
    pub fields: Vec<FigureKey>,
}

/// A campaign to record.
pub struct NewCampaign<'a> {
    pub launcher: &'a UnitCode,
    pub kind: CampaignKind,
    pub title: &'a str,
    pub reviews: Option<i64>,
    pub guidance: Option<i64>,
    pub reference_on: Date,
    pub pilot_by: Option<Date>,
    pub report_by: Date,
    pub closes_on: Date,
    pub conference_on: Option<Date>,
    pub sections: &'a [String],
    pub fields: &'a [FigureKey],
    /// The units that report: each, whether it goes first, and its deadline.
    pub units: &'a [(UnitCode, bool, Date)],
}

/// A unit that reports in a campaign.
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ParticipantRow {
    pub unit: String,
    #[serde(deserialize_with = "crate::decode::or_empty")]
    pub name: String,
    pub pilot: bool,
    pub report_by: Date,
    pub team: Option<i64>,
}

/// A steering team.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct TeamRow {
    pub id: i64,
    pub name: String,
    pub members: String,
}

/// One figure of a report: the register's value on the reference date, the value reported, and
/// the note that explains a difference.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct FigureRow {
    pub key: FigureKey,
    pub register: i64,
    pub value: i64,
    pub note: Option<String>,
}

/// A unit's report.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ReportRow {
    pub id: i64,
    pub unit: String,
    pub submitted: bool,
    pub texts: Vec<String>,
    pub conference_on: Option<Date>,
    pub saved_by: String,
    pub saved_at: String,
    pub submitted_on: Option<Date>,
    pub figures: Vec<FigureRow>,
}

/// What saving a report records.
pub struct SaveReport<'a> {
    pub unit: &'a UnitCode,
    pub texts: &'a [String],
    pub conference_on: Option<Date>,
    pub figures: &'a [FigureRow],
    /// Submitted on this day, or kept as a draft.
    pub submitted_on: Option<Date>,
}

const SELECT: &str = "SELECT c.id, u.code, (SELECT v.name FROM unit_version v WHERE v.unit_id = u.id ORDER BY v.valid_from DESC LIMIT 1),
        c.kind, c.title, c.reviews_id, c.guidance_id, c.reference_on, c.pilot_by, c.report_by, c.closes_on,
        c.conference_on, c.sections, c.fields
    FROM campaign c JOIN unit u ON u.id = c.launcher_id";

pub fn get(tx: &mut Tx<'_>, id: i64) -> Result<Option<CampaignRow>, StoreError> {
    tx.query_opt(&format!("{SELECT} WHERE c.id = $1"), &[id.into()])?.as_ref().map(Row::decode).transpose()
}

/// The campaigns a unit launched, and those it reports in, newest first.
pub fn of_unit(tx: &mut Tx<'_>, unit: &UnitCode) -> Result<Vec<CampaignRow>, StoreError> {
    tx.query(
        &format!(
            "{SELECT} WHERE u.code = $1 OR c.id IN (SELECT cu.campaign_id FROM campaign_unit cu
                 JOIN unit pu ON pu.id = cu.unit_id WHERE pu.code = $1)
             ORDER BY c.reference_on DESC, c.id DESC"
        ),
        &[unit.as_str().into()],
    )?
    .iter()
    .map(Row::decode)
    .collect()
}

/// The units that report in a campaign, by code.
pub fn participants(tx: &mut Tx<'_>, campaign: i64) -> Result<Vec<ParticipantRow>, StoreError> {
    tx.query(
        &format!(
            "SELECT u.code, {NAME}, cu.pilot, cu.report_by, cu.team_id FROM campaign_unit cu JOIN unit u ON u.id = cu.unit_id
             WHERE cu.campaign_id = $1 ORDER BY u.code"
        ),
        &[campaign.into()],
    )?
    .iter()
    .map(Row::decode)
    .collect()
}

pub fn teams(tx: &mut Tx<'_>, campaign: i64) -> Result<Vec<TeamRow>, StoreError> {
    tx.query("SELECT id, name, members FROM campaign_team WHERE campaign_id = $1 ORDER BY id", &[campaign.into()])?
        .iter()
        .map(|r| Ok(TeamRow { id: r.int(0)?, name: r.text(1)?, members: r.text(2)? }))
        .collect()
}

const REPORT: &str = "SELECT r.id, u.code, r.status, r.texts, r.conference_on, r.saved_by, r.saved_at, r.submitted_on
    FROM campaign_report r JOIN unit u ON u.id = r.unit_id";

/// The reports of a campaign with their figures, by unit (one query for the reports, one for the
/// figures).
pub fn reports(tx: &mut Tx<'_>, campaign: i64) -> Result<Vec<ReportRow>, StoreError> {
    let mut out: Vec<ReportRow> = tx
        .query(&format!("{REPORT} WHERE r.campaign_id = $1 ORDER BY u.code"), &[campaign.into()])?
        .iter()
        .map(|r| {
            Ok(ReportRow {
                id: r.int(0)?,
                unit: r.text(1)?,
                submitted: r.str(2) == "submitted",
                texts: serde_json::from_str(r.str(3)).map_err(corrupt)?,
                conference_on: r.opt_date(4)?,
                saved_by: r.text(5)?,
                saved_at: r.text(6)?,
                submitted_on: r.opt_date(7)?,
                figures: Vec::new(),
            })
        })
        .collect::<Result<_, StoreError>>()?;
    let index: HashMap<i64, usize> = out.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
    let rows = tx.query(
        "SELECT f.report_id, f.key, f.register_value, f.value, f.note FROM campaign_figure f
         JOIN campaign_report r ON r.id = f.report_id WHERE r.campaign_id = $1 ORDER BY f.id",
        &[campaign.into()],
    )?;
    for r in &rows {
        let Some(i) = index.get(&r.int(0)?) else { continue };
        let f = FigureRow {
            key: FigureKey::parse(r.str(1)).map_err(corrupt)?,
            register: r.int(2)?,
            value: r.int(3)?,
            note: r.opt_text(4)?,
        };
        if let Some(report) = out.get_mut(*i) {
            report.figures.push(f);
        }
    }
    Ok(out)
}

/// A unit's report in a campaign.
pub fn report(tx: &mut Tx<'_>, campaign: i64, unit: &str) -> Result<Option<ReportRow>, StoreError> {
    Ok(reports(tx, campaign)?.into_iter().find(|r| r.unit == unit))
}

impl Writer<'_, '_> {
    /// Records a campaign with the units that report; returns its id.
    pub fn insert_campaign(&mut self, c: &NewCampaign<'_>) -> Result<i64, StoreError> {
        let launcher = self.require_unit(c.launcher)?;
        let id = self.next_id("campaign")?;
        let fields: Vec<&str> = c.fields.iter().map(|f| f.code()).collect();
        let seq = self.log(Entry::new("create", "campaign", c.launcher.as_str()).after(Some(serde_json::json!({
                "id": id, "kind": c.kind.code(), "title": c.title, "reviews": c.reviews, "guidance": c.guidance,
                "reference_on": c.reference_on, "pilot_by": c.pilot_by, "report_by": c.report_by,
                "closes_on": c.closes_on, "conference_on": c.conference_on, "sections": c.sections, "fields": fields,
                "units": c.units.iter().map(|(u, p, by)| serde_json::json!({"unit": u.as_str(), "pilot": p, "report_by": by})).collect::<Vec<_>>(),
            }))))?;
        self.tx.exec(
            "INSERT INTO campaign (id, launcher_id, kind, title, reviews_id, guidance_id, reference_on, pilot_by, report_by,
                 closes_on, conference_on, sections, fields, log_seq)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
            &[
                id.into(),
                launcher.into(),
                c.kind.code().into(),
                c.title.into(),
                c.reviews.into(),
                c.guidance.into(),
                c.reference_on.into(),
                c.pilot_by.into(),
                c.report_by.into(),
                c.closes_on.into(),
                c.conference_on.into(),
                serde_json::to_string(c.sections).map_err(corrupt)?.into(),
                serde_json::to_string(&fields).map_err(corrupt)?.into(),
                seq.into(),
            ],
        )?;
        for (unit, pilot, by) in c.units {
            let unit_id = self.require_unit(unit)?;
            let row = self.next_id("campaign_unit")?;
            self.tx.exec(
                "INSERT INTO campaign_unit (id, campaign_id, unit_id, pilot, report_by, log_seq) VALUES ($1, $2, $3, $4, $5, $6)",
                &[row.into(), id.into(), unit_id.into(), i64::from(*pilot).into(), (*by).into(), seq.into()],
            )?;
        }
        Ok(id)
    }

    /// Forms a steering team following some of the campaign's units; returns its id.
    pub fn insert_team(
        &mut self,
        campaign: i64,
        name: &str,
        members: &str,
        units: &[UnitCode],
    ) -> Result<i64, StoreError> {
        let id = self.next_id("campaign_team")?;
        let seq = self.log(Entry::new("team", "campaign", &campaign.to_string()).after(Some(serde_json::json!({
            "campaign": campaign, "team": id, "name": name, "members": members,
            "units": units.iter().map(UnitCode::as_str).collect::<Vec<_>>(),
        }))))?;
        self.tx.exec(
            "INSERT INTO campaign_team (id, campaign_id, name, members, log_seq) VALUES ($1, $2, $3, $4, $5)",
            &[id.into(), campaign.into(), name.into(), members.into(), seq.into()],
        )?;
        for u in units {
            let unit_id = self.require_unit(u)?;
            self.tx.exec(
                "UPDATE campaign_unit SET team_id = $1, log_seq = $2 WHERE campaign_id = $3 AND unit_id = $4",
                &[id.into(), seq.into(), campaign.into(), unit_id.into()],
            )?;
        }
        Ok(id)
    }

    /// Saves a unit's report, as a draft or submitted, replacing the draft it had.
    pub fn save_report(&mut self, campaign: i64, r: &SaveReport<'_>) -> Result<i64, StoreError> {
        let unit_id = self.require_unit(r.unit)?;
        let before = report(self.tx, campaign, r.unit.as_str())?;
        let id = match &before {
            Some(b) => b.id,
            None => self.next_id("campaign_report")?,
        };
        let status = if r.submitted_on.is_some() { "submitted" } else { "draft" };
        let (actor, at) = (self.actor.clone(), self.at.clone());
        let seq = self.log(Entry::new(if r.submitted_on.is_some() { "submit" } else { "save" }, "report", r.unit.as_str()).before(before.as_ref().and_then(|b| serde_json::to_value(b).ok())).after(Some(serde_json::json!({
                "id": id, "campaign": campaign, "status": status, "texts": r.texts, "conference_on": r.conference_on,
                "submitted_on": r.submitted_on, "figures": r.figures,
            }))))?;
        let texts = serde_json::to_string(r.texts).map_err(corrupt)?;
        if before.is_some() {
            self.tx.exec("DELETE FROM campaign_figure WHERE report_id = $1", &[id.into()])?;
            self.tx.exec(
                "UPDATE campaign_report SET status = $1, texts = $2, conference_on = $3, saved_by = $4, saved_at = $5,
                     submitted_on = $6, log_seq = $7 WHERE id = $8",
                &[
                    status.into(),
                    texts.into(),
                    r.conference_on.into(),
                    actor.into(),
                    at.into(),
                    r.submitted_on.into(),
                    seq.into(),
                    id.into(),
                ],
            )?;
        } else {
            self.tx.exec(
                "INSERT INTO campaign_report (id, campaign_id, unit_id, status, texts, conference_on, saved_by, saved_at,
                     submitted_on, log_seq)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                &[id.into(), campaign.into(), unit_id.into(), status.into(), texts.into(), r.conference_on.into(), actor.into(), at.into(), r.submitted_on.into(), seq.into()],
            )?;
        }
        for f in r.figures {
            let row = self.next_id("campaign_figure")?;
            self.tx.exec(
                "INSERT INTO campaign_figure (id, report_id, key, register_value, value, note, log_seq)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
                &[
                    row.into(),
                    id.into(),
                    f.key.code().into(),
                    f.register.into(),
                    f.value.into(),
                    f.note.as_deref().into(),
                    seq.into(),
                ],
            )?;
        }
        Ok(id)
    }
}
