//! Plan files: operations (one per row) or a mapping of old codes to new ones, from which the
//! operations are derived; and a plan's operations written back as an operations file.

use std::collections::{BTreeMap, HashMap, HashSet};
use tinhgon_domain::msg::Msg;

use tinhgon_domain::catalog::{Rank, Sector, StaffCategory, UnitKind};
use tinhgon_domain::plan::{NewUnit, Op, Part, Post, Share};
use tinhgon_domain::register::UnitVersion;
use tinhgon_domain::UnitCode;

use crate::files::Table;
use crate::services::register::rows::{Cells, RowError};

/// The operations named in a file's `op` column, in Vietnamese or English.
fn op_kind(text: &str) -> Option<&'static str> {
    let t = tinhgon_domain::text::fold(text).replace([' ', '-'], "_");
    Some(match t.as_str() {
        "establish" | "thanh_lap" => "establish",
        "merge" | "hop_nhat" => "merge",
        "absorb" | "sap_nhap" => "absorb",
        "split" | "chia_tach" => "split",
        "dissolve" | "giai_the" => "dissolve",
        "move" | "chuyen_giao" => "move",
        "change" | "rename" | "doi_ten" => "change",
        "abolish_position" | "bai_bo_chuc_danh" => "abolish_position",
        "create_position" | "bo_tri_chuc_danh" => "create_position",
        "concurrent" | "nhat_the_hoa" => "concurrent",
        "quota" | "bien_che" => "quota",
        _ => return None,
    })
}

/// The columns of an operations file.
pub const OP_COLUMNS: &[&str] = &[
    "op", "unit", "target", "name", "kind", "parent", "led_by", "sector", "share", "units", "people", "person",
    "title", "rank", "primary", "year", "category", "quota",
];

/// The columns of a mapping file.
pub const MAPPING_COLUMNS: &[&str] =
    &["old_code", "new_code", "new_name", "new_kind", "new_parent", "new_led_by", "new_sector", "share"];

/// Whether a table is a mapping (old code → new code) rather than a list of operations.
pub fn is_mapping(table: &Table) -> bool {
    table.col("old_code").is_some() && table.col("new_code").is_some()
}

fn codes(c: &mut Cells<'_>, col: &str) -> Option<Vec<UnitCode>> {
    let text = c.text(col).to_string();
    let mut out = Vec::new();
    for part in text.split([';', ',', ' ']).map(str::trim).filter(|p| !p.is_empty()) {
        out.push(c.parse_unit(col, part)?);
    }
    Some(out)
}

fn share(c: &mut Cells<'_>) -> Option<Share> {
    let units = codes(c, "units")?;
    let people: Vec<String> =
        c.text("people").split([';', ',', ' ']).map(str::trim).filter(|p| !p.is_empty()).map(String::from).collect();
    if !units.is_empty() || !people.is_empty() {
        return Some(Share::Listed { units, people });
    }
    parse_share(c, "share")
}

fn parse_share(c: &mut Cells<'_>, col: &str) -> Option<Share> {
    let t = c.text(col).to_string();
    let f = tinhgon_domain::text::fold(&t);
    if f.is_empty() || f == "rest" || f == "con lai" {
        return Some(Share::Rest);
    }
    let number = t.trim_end_matches('%').trim().replace(',', ".");
    match number.parse::<f64>() {
        Ok(p) if p > 0.0 && p <= 100.0 => Some(Share::Percent { basis_points: (p * 100.0).round() as u32 }),
        _ => {
            c.fail_said(col, Msg::new("file-not-share-such-as-rest").text("t", &t));
            None
        }
    }
}

fn new_unit(c: &mut Cells<'_>, code: UnitCode, prefix: &str) -> Option<NewUnit> {
    let name = c.required(&format!("{prefix}name"))?;
    let kind = c.code(&format!("{prefix}kind"), UnitKind::parse)?;
    let parent = c.opt_unit_code(&format!("{prefix}parent")).ok()?;
    let led_by = c.opt_unit_code(&format!("{prefix}led_by")).ok()?;
    let sector = c.opt_code(&format!("{prefix}sector"), Sector::parse).ok()?;
    Some(NewUnit { code, name, kind, parent, led_by, sector, ownership: None })
}

/// Reads an operations file: one operation per row; the parts of a split (and the posts of a
/// concurrent-title arrangement) are consecutive rows with the same unit (person).
pub fn parse_ops(table: &Table, errors: &mut Vec<RowError>) -> Vec<Op> {
    let mut ops: Vec<Op> = Vec::new();
    for (line, cells) in &table.rows {
        let mut c = Cells { table, line: *line, cells, errors };
        let Some(kind_text) = c.required("op") else { continue };
        let Some(kind) = op_kind(&kind_text) else {
            c.fail_said("op", Msg::new("file-not-operation-use-establish-merge").text("kind_text", &kind_text));
            continue;
        };
        let op = match kind {
            "establish" => {
                c.unit_code("unit").and_then(|code| new_unit(&mut c, code, "")).map(|unit| Op::Establish { unit })
            }
            "merge" => {
                let sources = codes(&mut c, "unit");
                let into = c.unit_code("target").and_then(|code| new_unit(&mut c, code, ""));
                sources.zip(into).map(|(sources, into)| Op::Merge { sources, into })
            }
            "absorb" => {
                codes(&mut c, "unit").zip(c.unit_code("target")).map(|(sources, into)| Op::Absorb { sources, into })
            }
            "split" => {
                let source = c.unit_code("unit");
                let target = c.unit_code("target");
                let share = share(&mut c);
                if let (Some(source), Some(target), Some(share)) = (source, target, share) {
                    let part = Part { target, share };
                    match ops.last_mut() {
                        Some(Op::Split { source: s, parts }) if *s == source => {
                            parts.push(part);
                            continue;
                        }
                        _ => Some(Op::Split { source, parts: vec![part] }),
                    }
                } else {
                    None
                }
            }
            "dissolve" => {
                let unit = c.unit_code("unit");
                let to = c.opt_unit_code("target").ok();
                unit.zip(to).map(|(unit, to)| Op::Dissolve { unit, to })
            }
            "move" => {
                let unit = c.unit_code("unit");
                let parent = if c.text("parent").is_empty() { c.unit_code("target") } else { c.unit_code("parent") };
                unit.zip(parent).map(|(unit, parent)| Op::Move { unit, parent })
            }
            "change" => {
                let unit = c.unit_code("unit");
                let name = Some(c.text("name").to_string()).filter(|n| !n.is_empty());
                let kind = c.opt_code("kind", UnitKind::parse).ok();
                let sector = c.opt_code("sector", Sector::parse).ok();
                match (unit, kind, sector) {
                    (Some(unit), Some(kind), Some(sector)) => Some(Op::Change { unit, name, kind, sector }),
                    _ => None,
                }
            }
            "abolish_position" => {
                c.unit_code("unit").zip(c.required("title")).map(|(unit, title)| Op::AbolishPosition { unit, title })
            }
            "create_position" => {
                let unit = c.unit_code("unit");
                let person = c.required("person");
                let title = c.required("title");
                let rank = c.code("rank", Rank::parse);
                let primary =
                    matches!(tinhgon_domain::text::fold(c.text("primary")).as_str(), "1" | "yes" | "co" | "true" | "x");
                match (unit, person, title, rank) {
                    (Some(unit), Some(person), Some(title), Some(rank)) => {
                        Some(Op::CreatePosition { unit, person, title, rank, primary })
                    }
                    _ => None,
                }
            }
            "concurrent" => {
                let person = c.required("person");
                let unit = c.unit_code("unit");
                let title = c.required("title");
                let rank = c.opt_code("rank", Rank::parse).ok();
                if let (Some(person), Some(unit), Some(title), Some(rank)) = (person, unit, title, rank) {
                    let post = Post { unit, title, rank: rank.unwrap_or(Rank::Head) };
                    match ops.last_mut() {
                        Some(Op::Concurrent { person: p, posts }) if *p == person => {
                            posts.push(post);
                            continue;
                        }
                        _ => Some(Op::Concurrent { person, posts: vec![post] }),
                    }
                } else {
                    None
                }
            }
            _ => {
                let unit = c.unit_code("unit");
                let year = c.required("year").and_then(|y| match y.parse::<i32>() {
                    Ok(y) if (1945..=2200).contains(&y) => Some(y),
                    _ => {
                        c.fail_said("year", Msg::new("file-not-year").text("y", &y));
                        None
                    }
                });
                let category = c.code("category", StaffCategory::parse);
                let quota = c.required("quota").and_then(|q| match q.parse::<u32>() {
                    Ok(q) => Some(q),
                    Err(_) => {
                        c.fail_said("quota", Msg::new("file-not-number").text("q", &q));
                        None
                    }
                });
                match (unit, year, category, quota) {
                    (Some(unit), Some(year), Some(category), Some(quota)) => {
                        Some(Op::Quota { unit, year, category, quota })
                    }
                    _ => None,
                }
            }
        };
        if let Some(op) = op {
            ops.push(op);
        }
    }
    ops
}

/// A plan's operations as an operations file (CSV with the columns of [`OP_COLUMNS`]) that
/// [`parse_ops`] reads back to the same operations: how a draft is edited as text.
pub fn ops_to_csv(ops: &[Op]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(OP_COLUMNS);
    let col = |name: &str| OP_COLUMNS.iter().position(|c| *c == name).unwrap_or(0);
    let code = |c: &Option<UnitCode>| c.as_ref().map_or(String::new(), |c| c.as_str().to_string());
    let list = |codes: &[UnitCode]| codes.iter().map(UnitCode::as_str).collect::<Vec<_>>().join(";");
    for op in ops {
        let mut rows: Vec<Vec<(&str, String)>> = Vec::new();
        let unit_cells = |u: &NewUnit| {
            vec![
                ("name", u.name.clone()),
                ("kind", u.kind.code().to_string()),
                ("parent", code(&u.parent)),
                ("led_by", code(&u.led_by)),
                ("sector", u.sector.map_or(String::new(), |s| s.code().to_string())),
            ]
        };
        match op {
            Op::Establish { unit } => {
                let mut r = vec![("op", "establish".into()), ("unit", unit.code.to_string())];
                r.extend(unit_cells(unit));
                rows.push(r);
            }
            Op::Merge { sources, into } => {
                let mut r = vec![("op", "merge".into()), ("unit", list(sources)), ("target", into.code.to_string())];
                r.extend(unit_cells(into));
                rows.push(r);
            }
            Op::Absorb { sources, into } => {
                rows.push(vec![("op", "absorb".into()), ("unit", list(sources)), ("target", into.to_string())]);
            }
            Op::Split { source, parts } => {
                for p in parts {
                    let mut r =
                        vec![("op", "split".into()), ("unit", source.to_string()), ("target", p.target.to_string())];
                    match &p.share {
                        Share::Percent { basis_points } => {
                            r.push(("share", format!("{}%", f64::from(*basis_points) / 100.0)));
                        }
                        Share::Listed { units, people } => {
                            r.push(("units", list(units)));
                            r.push(("people", people.join(";")));
                        }
                        Share::Rest => r.push(("share", "rest".into())),
                    }
                    rows.push(r);
                }
            }
            Op::Dissolve { unit, to } => {
                rows.push(vec![("op", "dissolve".into()), ("unit", unit.to_string()), ("target", code(to))]);
            }
            Op::Move { unit, parent } => {
                rows.push(vec![("op", "move".into()), ("unit", unit.to_string()), ("parent", parent.to_string())]);
            }
            Op::Change { unit, name, kind, sector } => rows.push(vec![
                ("op", "change".into()),
                ("unit", unit.to_string()),
                ("name", name.clone().unwrap_or_default()),
                ("kind", kind.map_or(String::new(), |k| k.code().to_string())),
                ("sector", sector.map_or(String::new(), |s| s.code().to_string())),
            ]),
            Op::AbolishPosition { unit, title } => {
                rows.push(vec![
                    ("op", "abolish_position".into()),
                    ("unit", unit.to_string()),
                    ("title", title.clone()),
                ]);
            }
            Op::CreatePosition { unit, person, title, rank, primary } => rows.push(vec![
                ("op", "create_position".into()),
                ("unit", unit.to_string()),
                ("person", person.clone()),
                ("title", title.clone()),
                ("rank", rank.code().to_string()),
                ("primary", if *primary { "1" } else { "" }.to_string()),
            ]),
            Op::Concurrent { person, posts } => {
                for p in posts {
                    rows.push(vec![
                        ("op", "concurrent".into()),
                        ("unit", p.unit.to_string()),
                        ("person", person.clone()),
                        ("title", p.title.clone()),
                        ("rank", p.rank.code().to_string()),
                    ]);
                }
            }
            Op::Quota { unit, year, category, quota } => rows.push(vec![
                ("op", "quota".into()),
                ("unit", unit.to_string()),
                ("year", year.to_string()),
                ("category", category.code().to_string()),
                ("quota", quota.to_string()),
            ]),
        }
        for r in rows {
            let mut record = vec![String::new(); OP_COLUMNS.len()];
            for (name, value) in r {
                if let Some(cell) = record.get_mut(col(name)) {
                    *cell = value;
                }
            }
            let _ = w.write_record(&record);
        }
    }
    w.into_inner().map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default()
}

/// One row of a mapping file, parsed.
struct MapRow {
    line: usize,
    old: Option<UnitCode>,
    new: Option<UnitCode>,
    unit: Option<NewUnit>,
    share: Option<Share>,
}

/// Derives operations from a mapping of old codes to new ones, given the units in force on the
/// plan's date (`current`): a new code no unit has yet is established by merging the old codes
/// that go only to it; an existing one absorbs them (and takes the row's name and superior if they
/// differ); an old code going to several new ones is split among them (by the `share` column, or
/// equally); an old code going nowhere is dissolved; a row with no old code establishes a unit.
/// Operations come in that order, new units after their superiors.
pub fn derive_from_mapping(
    table: &Table,
    errors: &mut Vec<RowError>,
    current: &dyn Fn(&UnitCode) -> Option<UnitVersion>,
) -> Vec<Op> {
    let mut rows = Vec::new();
    for (line, cells) in &table.rows {
        let mut c = Cells { table, line: *line, cells, errors };
        let Ok(old) = c.opt_unit_code("old_code") else { continue };
        let Ok(new) = c.opt_unit_code("new_code") else { continue };
        if old.is_none() && new.is_none() {
            c.fail_said("old_code", Msg::new("file-row-neither-old-nor-new"));
            continue;
        }
        let named = !c.text("new_name").is_empty() || !c.text("new_kind").is_empty();
        let unit = match &new {
            Some(code) if named => match new_unit(&mut c, code.clone(), "new_") {
                Some(u) => Some(u),
                None => continue,
            },
            _ => None,
        };
        let share = if c.text("share").is_empty() { None } else { parse_share(&mut c, "share") };
        rows.push(MapRow { line: *line, old, new, unit, share });
    }
    // Targets of each old code, sources of each new code, and what the new units are.
    let mut targets: BTreeMap<UnitCode, Vec<(UnitCode, Option<Share>)>> = BTreeMap::new();
    let mut sources: HashMap<UnitCode, Vec<UnitCode>> = HashMap::new();
    let mut order: Vec<UnitCode> = Vec::new();
    let mut seen: HashSet<UnitCode> = HashSet::new();
    let mut described: HashMap<UnitCode, NewUnit> = HashMap::new();
    let mut dissolved: Vec<UnitCode> = Vec::new();
    for r in &rows {
        if let Some(n) = &r.new {
            if seen.insert(n.clone()) {
                order.push(n.clone());
            }
            if let Some(u) = &r.unit {
                described.entry(n.clone()).or_insert_with(|| u.clone());
            }
        }
        match (&r.old, &r.new) {
            (Some(o), Some(n)) => {
                targets.entry(o.clone()).or_default().push((n.clone(), r.share.clone()));
                sources.entry(n.clone()).or_default().push(o.clone());
            }
            (Some(o), None) => dissolved.push(o.clone()),
            _ => {}
        }
    }
    let whole = |o: &UnitCode| targets.get(o).is_some_and(|t| t.len() == 1);
    let mut ops = Vec::new();
    // New units, superiors first.
    let new_codes: Vec<&UnitCode> = order.iter().filter(|n| current(n).is_none()).collect();
    let is_new: HashSet<&UnitCode> = new_codes.iter().copied().collect();
    let mut placed: HashSet<&UnitCode> = HashSet::new();
    let mut pending: Vec<&UnitCode> = new_codes.clone();
    while !pending.is_empty() {
        let before = pending.len();
        let mut rest = Vec::new();
        for n in pending {
            // A new unit comes after the new units it sits under or is led by.
            let waits = described.get(n).is_some_and(|u| {
                [&u.parent, &u.led_by].into_iter().flatten().any(|s| is_new.contains(s) && !placed.contains(s))
            });
            if waits {
                rest.push(n);
                continue;
            }
            placed.insert(n);
            let Some(unit) = described.get(n).cloned() else {
                let line = rows.iter().find(|r| r.new.as_ref() == Some(n)).map_or(0, |r| r.line);
                errors.push(RowError::said(line, "new_name", Msg::new("file-new-unit-needs-new-name").text("n", n)));
                continue;
            };
            let from: Vec<UnitCode> = sources.get(n).into_iter().flatten().filter(|o| whole(o)).cloned().collect();
            ops.push(if from.is_empty() { Op::Establish { unit } } else { Op::Merge { sources: from, into: unit } });
        }
        if rest.len() == before {
            // Superiors that never get placed: a loop among the new units. The run reports it.
            for n in &rest {
                if let Some(unit) = described.get(*n).cloned() {
                    ops.push(Op::Establish { unit });
                }
            }
            break;
        }
        pending = rest;
    }
    // Existing units: absorb what goes only to them; take a new name or superior.
    for n in order.iter().filter(|n| current(n).is_some()) {
        let from: Vec<UnitCode> =
            sources.get(n).into_iter().flatten().filter(|o| *o != n && whole(o)).cloned().collect();
        if !from.is_empty() {
            ops.push(Op::Absorb { sources: from, into: n.clone() });
        }
        if let (Some(now), Some(u)) = (current(n), described.get(n)) {
            if u.parent.is_some() && u.parent != now.parent {
                if let Some(parent) = u.parent.clone() {
                    ops.push(Op::Move { unit: n.clone(), parent });
                }
            }
            let name = Some(u.name.clone()).filter(|name| *name != now.name);
            let kind = Some(u.kind).filter(|k| *k != now.kind);
            if name.is_some() || kind.is_some() {
                ops.push(Op::Change { unit: n.clone(), name, kind, sector: u.sector });
            }
        }
    }
    // Splits: the parts take the shares given, or equal ones.
    for (old, to) in &targets {
        if to.len() < 2 {
            continue;
        }
        let given = to.iter().any(|(_, s)| s.is_some());
        let n = to.len() as u32;
        let parts = to
            .iter()
            .enumerate()
            .map(|(i, (target, s))| {
                let share = match (given, s) {
                    (true, Some(s)) => s.clone(),
                    (true, None) => Share::Rest,
                    (false, _) if i as u32 + 1 == n => Share::Rest,
                    (false, _) => Share::Percent { basis_points: 10_000 / n },
                };
                Part { target: target.clone(), share }
            })
            .collect();
        ops.push(Op::Split { source: old.clone(), parts });
    }
    for d in dissolved {
        ops.push(Op::Dissolve { unit: d, to: None });
    }
    ops
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::services::testing::code;

    #[test]
    fn a_draft_written_out_as_text_reads_back_as_the_same_operations() {
        let unit = |c: &str| NewUnit {
            code: code(c),
            name: format!("Đơn vị {c}, mới"),
            kind: UnitKind::Commune,
            parent: Some(code("42")),
            led_by: None,
            sector: None,
            ownership: None,
        };
        let ops = vec![
            Op::Establish { unit: unit("N1") },
            Op::Merge { sources: vec![code("A"), code("B")], into: unit("N2") },
            Op::Absorb { sources: vec![code("C")], into: code("N2") },
            Op::Split {
                source: code("D"),
                parts: vec![
                    Part { target: code("N1"), share: Share::Percent { basis_points: 3_333 } },
                    Part {
                        target: code("N2"),
                        share: Share::Listed { units: vec![code("D.T01")], people: vec!["42.0000001".into()] },
                    },
                    Part { target: code("C"), share: Share::Rest },
                ],
            },
            Op::Dissolve { unit: code("E"), to: Some(code("N1")) },
            Op::Dissolve { unit: code("F"), to: None },
            Op::Move { unit: code("G"), parent: code("N1") },
            Op::Change {
                unit: code("H"), name: Some("Tên \"mới\"".into()), kind: None, sector: Some(Sector::Commune)
            },
            Op::AbolishPosition { unit: code("H"), title: "Phó Chủ tịch".into() },
            Op::CreatePosition {
                unit: code("H"),
                person: "42.0000002".into(),
                title: "Chủ tịch".into(),
                rank: Rank::Head,
                primary: true,
            },
            Op::Concurrent {
                person: "42.0000003".into(),
                posts: vec![
                    Post { unit: code("N1.DU"), title: "Bí thư Đảng ủy".into(), rank: Rank::Head },
                    Post {
                        unit: code("N1.HDND"), title: "Chủ tịch Hội đồng nhân dân".into(), rank: Rank::Head
                    },
                ],
            },
            Op::Quota { unit: code("H"), year: 2026, category: StaffCategory::CivilServant, quota: 12 },
        ];
        let text = ops_to_csv(&ops);
        let table = crate::files::read_bytes(text.clone().into_bytes()).unwrap_or_else(|e| panic!("{}", e.en()));
        let mut errors = Vec::new();
        let back = parse_ops(&table, &mut errors);
        assert!(errors.is_empty(), "{text}\n{:?}", errors.iter().map(|e| &e.en).collect::<Vec<_>>());
        assert_eq!(back, ops, "{text}");
    }
}
