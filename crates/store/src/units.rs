//! Units and their versions.

use tinhgon_domain::catalog::{Ownership, Sector, UnitKind};
use tinhgon_domain::register::{Span, UnitVersion};
use tinhgon_domain::{Date, Decision, DocumentNumber, UnitCode, Validity};

use crate::corrupt;
use crate::log::Entry;
use crate::sql::{Row, Tx, Value};
use crate::{StoreError, Writer};

pub(crate) const SELECT_VERSION: &str = "SELECT u.code, v.name, v.kind, p.code, l.code, v.sector, v.ownership,
        v.valid_from, v.valid_to, v.decision_no, v.decision_date, v.id
    FROM unit_version v
    JOIN unit u ON u.id = v.unit_id
    LEFT JOIN unit p ON p.id = v.parent_id
    LEFT JOIN unit l ON l.id = v.led_by_id";

pub(crate) fn decision_from(no: Option<String>, date: Option<Date>) -> Option<Decision> {
    match (no, date) {
        (Some(n), Some(d)) => DocumentNumber::parse(&n).ok().map(|number| Decision { number, date: d }),
        _ => None,
    }
}

pub(crate) fn version_from_row(r: &Row) -> Result<UnitVersion, StoreError> {
    let code = |i: usize| -> Result<Option<UnitCode>, StoreError> {
        r.opt_text(i)?.map(|c| UnitCode::parse(&c).map_err(corrupt)).transpose()
    };
    Ok(UnitVersion {
        code: UnitCode::parse(r.str(0)).map_err(corrupt)?,
        name: r.text(1)?,
        kind: UnitKind::parse(r.str(2)).map_err(corrupt)?,
        parent: code(3)?,
        led_by: code(4)?,
        sector: r.opt_text(5)?.map(|s| Sector::parse(&s).map_err(corrupt)).transpose()?,
        ownership: r.opt_text(6)?.map(|s| Ownership::parse(&s).map_err(corrupt)).transpose()?,
        validity: Validity { from: r.date(7)?, to: r.opt_date(8)? },
        decision: decision_from(r.opt_text(9)?, r.opt_date(10)?),
    })
}

/// The id of a unit by code.
pub fn unit_id(tx: &mut Tx<'_>, code: &UnitCode) -> Result<Option<i64>, StoreError> {
    tx.query_opt("SELECT id FROM unit WHERE code = $1", &[code.as_str().into()])?.map(|r| r.int(0)).transpose()
}

/// Every version of every unit, enough for the tree checks of an import or an edit.
/// The ids of the given unit codes that exist, asked in batches.
pub fn ids_of(tx: &mut Tx<'_>, codes: &[&str]) -> Result<Vec<(String, i64)>, StoreError> {
    let mut out = Vec::new();
    for batch in codes.chunks(500) {
        let sql = format!("SELECT code, id FROM unit WHERE code IN ({})", crate::sql::marks(batch.len()));
        let params: Vec<crate::sql::Value> = batch.iter().map(|c| (*c).into()).collect();
        for r in tx.query(&sql, &params)? {
            out.push((r.text(0)?, r.int(1)?));
        }
    }
    Ok(out)
}

pub fn spans(tx: &mut Tx<'_>) -> Result<Vec<Span>, StoreError> {
    Ok(spans_by_id(tx)?.into_iter().map(|(_, s)| s).collect())
}

/// Every version's span with its unit's id, so that a caller can keep those in its reach.
pub fn spans_by_id(tx: &mut Tx<'_>) -> Result<Vec<(i64, Span)>, StoreError> {
    let mut out = Vec::new();
    tx.for_each(
        "SELECT u.code, v.kind, p.code, v.valid_from, v.valid_to, u.id
         FROM unit_version v JOIN unit u ON u.id = v.unit_id LEFT JOIN unit p ON p.id = v.parent_id",
        &[],
        |r| {
            let span = Span {
                code: UnitCode::parse(r.str(0)).map_err(corrupt)?,
                kind: UnitKind::parse(r.str(1)).map_err(corrupt)?,
                parent: r.opt_text(2)?.map(|c| UnitCode::parse(&c).map_err(corrupt)).transpose()?,
                validity: Validity { from: r.date(3)?, to: r.opt_date(4)? },
            };
            out.push((r.int(5)?, span));
            Ok(())
        },
    )?;
    Ok(out)
}

/// All versions of a unit, oldest first.
pub fn history(tx: &mut Tx<'_>, code: &UnitCode) -> Result<Vec<UnitVersion>, StoreError> {
    let sql = format!("{SELECT_VERSION} WHERE u.code = $1 ORDER BY v.valid_from");
    tx.query(&sql, &[code.as_str().into()])?.iter().map(version_from_row).collect()
}

/// The version of a unit in force on a date.
pub fn at(tx: &mut Tx<'_>, code: &UnitCode, on: Date) -> Result<Option<UnitVersion>, StoreError> {
    let sql = format!(
        "{SELECT_VERSION} WHERE u.code = $1 AND v.valid_from <= $2 AND (v.valid_to IS NULL OR v.valid_to > $2)"
    );
    tx.query_opt(&sql, &[code.as_str().into(), on.into()])?.as_ref().map(version_from_row).transpose()
}

/// The units directly under a unit on a date, in code order.
pub fn children(tx: &mut Tx<'_>, code: &UnitCode, on: Date) -> Result<Vec<UnitVersion>, StoreError> {
    let sql = format!(
        "{SELECT_VERSION} WHERE p.code = $1 AND v.valid_from <= $2 AND (v.valid_to IS NULL OR v.valid_to > $2)
         ORDER BY u.code"
    );
    tx.query(&sql, &[code.as_str().into(), on.into()])?.iter().map(version_from_row).collect()
}

/// Units in force on a date whose name or code matches, for pickers and lists.
pub fn search(tx: &mut Tx<'_>, text: &str, on: Date, limit: i64) -> Result<Vec<UnitVersion>, StoreError> {
    let folded = tinhgon_domain::text::fold(text);
    let mut rows = Vec::new();
    let sql = format!(
        "{SELECT_VERSION} WHERE v.valid_from <= $1 AND (v.valid_to IS NULL OR v.valid_to > $1) ORDER BY u.code"
    );
    // Names are folded in Rust (the databases cannot strip Vietnamese tones alike); the unit table
    // is small enough (hundreds of thousands) to scan for an interactive search.
    tx.for_each(&sql, &[on.into()], |r| {
        if (rows.len() as i64) < limit {
            let name = tinhgon_domain::text::fold(r.str(1));
            if name.contains(&folded) || r.str(0).eq_ignore_ascii_case(text.trim()) {
                rows.push(r);
            }
        }
        Ok(())
    })?;
    rows.iter().map(version_from_row).collect()
}

/// Every unit version, in code and date order (for exports).
pub fn all_versions(
    tx: &mut Tx<'_>,
    mut f: impl FnMut(UnitVersion) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    let sql = format!("{SELECT_VERSION} ORDER BY u.code, v.valid_from");
    tx.for_each(&sql, &[], |r| f(version_from_row(&r)?))
}

pub(crate) const VERSION_COLUMNS: &[&str] = &[
    "id",
    "unit_id",
    "name",
    "kind",
    "parent_id",
    "led_by_id",
    "sector",
    "ownership",
    "valid_from",
    "valid_to",
    "decision_no",
    "decision_date",
    "log_seq",
];

/// The values of a unit-version row (`[id, unit, log_seq]` and the version), shared by the single
/// and the bulk insert.
pub(crate) fn version_values(
    [id, unit, seq]: [i64; 3],
    parent: Option<i64>,
    led_by: Option<i64>,
    v: &UnitVersion,
) -> Vec<Value> {
    vec![
        id.into(),
        unit.into(),
        v.name.trim().into(),
        v.kind.code().into(),
        parent.into(),
        led_by.into(),
        v.sector.map(|s| s.code()).into(),
        v.ownership.map(|s| s.code()).into(),
        v.validity.from.into(),
        v.validity.to.into(),
        v.decision.as_ref().map(|d| d.number.to_string()).into(),
        v.decision.as_ref().map(|d| d.date).into(),
        seq.into(),
    ]
}

impl Writer<'_, '_> {
    /// The id of a unit, creating its identity row (code only) when it is new.
    pub fn unit_id_or_create(&mut self, code: &UnitCode) -> Result<i64, StoreError> {
        if let Some(id) = unit_id(self.tx, code)? {
            return Ok(id);
        }
        let id = self.next_id("unit")?;
        self.tx.exec("INSERT INTO unit (id, code) VALUES ($1, $2)", &[id.into(), code.as_str().into()])?;
        Ok(id)
    }

    fn existing_unit(&mut self, code: &UnitCode) -> Result<i64, StoreError> {
        unit_id(self.tx, code)?.ok_or_else(|| StoreError::Conflict(format!("unknown unit {code}")))
    }

    /// Records a version of a unit (creating the unit on its first version). The caller has checked
    /// it against the register with [`tinhgon_domain::register::Timeline`].
    pub fn insert_unit_version(&mut self, v: &UnitVersion) -> Result<i64, StoreError> {
        let unit = self.unit_id_or_create(&v.code)?;
        let parent = v.parent.as_ref().map(|p| self.existing_unit(p)).transpose()?;
        let led_by = v.led_by.as_ref().map(|p| self.existing_unit(p)).transpose()?;
        let seq = self.log(
            Entry::new("create", "unit", v.code.as_str()).by(v.decision.as_ref()).after(serde_json::to_value(v).ok()),
        )?;
        let id = self.next_id("unit_version")?;
        self.insert_row("unit_version", VERSION_COLUMNS, &version_values([id, unit, seq], parent, led_by, v))?;
        Ok(id)
    }

    /// Ends the version of a unit in force on `on` at that date (the unit is dissolved, or a new
    /// version follows). History stays: the version keeps its start, and the log keeps both states.
    pub fn end_unit_version(
        &mut self,
        code: &UnitCode,
        on: Date,
        decision: Option<&Decision>,
    ) -> Result<(), StoreError> {
        let Some(before) = at(self.tx, code, on)? else {
            return Err(StoreError::Conflict(format!("unit {code} is not in force on {on}")));
        };
        if before.validity.from == on {
            return Err(StoreError::Conflict(format!("unit {code} begins on {on}; it cannot also end then")));
        }
        let mut after = before.clone();
        after.validity.to = Some(on);
        self.log(
            Entry::new("end", "unit", code.as_str())
                .by(decision)
                .before(serde_json::to_value(&before).ok())
                .after(serde_json::to_value(&after).ok()),
        )?;
        self.tx.exec(
            "UPDATE unit_version SET valid_to = $1
             WHERE unit_id = (SELECT id FROM unit WHERE code = $2) AND valid_from = $3",
            &[on.into(), code.as_str().into(), before.validity.from.into()],
        )?;
        Ok(())
    }
}

/// The codes of the units with no superior on a date, in code order.
pub fn roots(tx: &mut Tx<'_>, on: Date, limit: i64) -> Result<Vec<UnitCode>, StoreError> {
    let rows = tx.query(
        "SELECT u.code FROM unit_version v JOIN unit u ON u.id = v.unit_id
         WHERE v.parent_id IS NULL AND v.valid_from <= $1 AND (v.valid_to IS NULL OR v.valid_to > $1)
         ORDER BY u.code LIMIT $2",
        &[on.into(), limit.into()],
    )?;
    rows.iter().map(|r| UnitCode::parse(r.str(0)).map_err(corrupt)).collect()
}
