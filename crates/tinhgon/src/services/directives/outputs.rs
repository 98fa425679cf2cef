//! What a review campaign produces for the office: a unit's report as a Word file laid out per
//! Hướng dẫn 36-HD/VPTW (its sections, then its figures in a table), and the table of every unit's
//! submitted figures, from which the workbook of the statistical forms is written.

use crate::i18n::Label;
use serde::Serialize;
use tinhgon_domain::directives::campaign::FigureKey;
use tinhgon_domain::directives::document::{issuer_codes, place_and_date};
use tinhgon_domain::msg::Msg;
use tinhgon_domain::{Date, UnitCode};
use tinhgon_store::directives::campaigns as store;
use tinhgon_store::StoreError;

use super::campaigns::{self, Standing};
use super::documents::head_of;
use crate::docx::{Block, Letter};
use crate::services::stats::IndexCache;
use crate::services::{Absent, Ctx, Error, Store};

/// Every unit of a campaign with its submitted figures, one per field of the outline.
#[derive(Serialize, utoipa::ToSchema)]
pub struct UnitTable {
    pub fields: Vec<FigureKey>,
    pub rows: Vec<(String, String, Standing, Vec<Option<i64>>)>,
}

/// The table of every unit's submitted figures of a campaign whose launcher is in reach.
pub fn table(s: &mut Store, cx: &Ctx, id: i64) -> Result<UnitTable, Error> {
    let view = campaigns::view(s, cx, id)?;
    if !view.launcher_in_reach {
        return Err(Error::NotFound(Absent::said(Msg::new("campaign-there-no-review-campaign").text("id", id))));
    }
    let reports = crate::services::read(s, |tx| Ok(store::reports(tx, id)?))?;
    let fields = view.campaign.fields.clone();
    let rows = view
        .units
        .iter()
        .map(|u| {
            let r = reports.iter().find(|r| r.unit == u.unit.unit && r.submitted);
            let values = fields
                .iter()
                .map(|k| r.and_then(|r| r.figures.iter().find(|f| f.key == *k)).map(|f| f.value))
                .collect();
            (u.unit.unit.clone(), u.unit.name.clone(), u.standing, values)
        })
        .collect();
    Ok(UnitTable { fields, rows })
}

/// A unit's report in a campaign as a Word file: "BÁO CÁO", the campaign's title as its subject,
/// each section of the outline with its text, then the figures beside the register's.
pub fn word(s: &mut Store, cx: &Ctx, cache: &IndexCache, id: i64, unit: &UnitCode) -> Result<(String, Vec<u8>), Error> {
    let d = campaigns::draft(s, cx, cache, id, unit)?;
    let on: Date = d.submitted_on.unwrap_or(cx.today);
    let (v, superior, place) = crate::services::read(s, |tx| head_of(tx, unit, on).map_err(Error::Store))?;
    let code = v.as_ref().and_then(|v| issuer_codes(v.kind)).and_then(|c| c.first().copied()).unwrap_or("");
    let cell = v.as_ref().is_some_and(|v| v.kind.holds_members());
    let mut body = Vec::new();
    let numerals = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"];
    for (i, section) in d.campaign.sections.iter().enumerate() {
        let n = numerals.get(i).map_or_else(|| (i + 1).to_string(), |s| (*s).to_string());
        body.push(Block::Heading(format!("{n}. {}", section.to_uppercase())));
        let text = d.texts.get(i).map(String::as_str).unwrap_or("");
        for part in text.split("\n\n").filter(|p| !p.trim().is_empty()) {
            body.push(Block::Para(part.to_string()));
        }
    }
    if !d.figures.is_empty() {
        body.push(Block::Heading(format!("SỐ LIỆU (đến ngày {})", d.campaign.reference_on.vn())));
        let rows = d
            .figures
            .iter()
            .map(|f| {
                vec![
                    f.key.label_vi().to_string(),
                    tinhgon_domain::text::format_int(f.value),
                    tinhgon_domain::text::format_int(f.register),
                    f.note.clone().unwrap_or_default(),
                ]
            })
            .collect();
        let headers = ["Chỉ tiêu", "Số liệu báo cáo", "Số liệu hệ thống", "Ghi chú"].map(str::to_string).to_vec();
        body.push(Block::Table { headers, rows });
    }
    let letter = Letter {
        superior,
        issuer: v.map_or_else(|| d.unit.name.clone(), |v| v.name),
        number: format!("Số     -BC/{code}"),
        place_date: match d.submitted_on {
            Some(on) => place_and_date(place.as_deref().unwrap_or(""), on),
            None => format!("{}, ngày     tháng     năm {}", place.as_deref().unwrap_or(""), on.ymd().0),
        },
        heading: Some("BÁO CÁO".into()),
        subject: d.campaign.title.clone(),
        body,
        signing_for: Some(if cell { "T/M Chi bộ".into() } else { "T/M Ban Thường vụ".into() }),
        signer_title: Some("Bí thư".into()),
        signer_name: None,
        recipients: vec![format!("{},", d.campaign.launcher_name), "Lưu.".into()],
        draft: d.submitted_on.is_none(),
    };
    let bytes = crate::docx::write(&letter).map_err(|e| Error::Store(StoreError::Corrupt(e.to_string())))?;
    Ok((format!("bao-cao-{id}-{}.docx", unit.as_str()), bytes))
}
