//! The 2025 reorganization, replayed: the apparatus as it stood on 30 June 2025 (63 provinces,
//! their districts and communes, with party committees, councils, people's committees, members
//! and staff), and the merger table turned into a plan mapping old units to new ones.

use std::collections::HashMap;

use tinhgon_domain::register::UnitVersion;
use tinhgon_domain::UnitCode;
use tinhgon_store::Rows;

use super::territory::{self, Before2025, Province};
use super::{eve_of_2025, lower_first, Scale, Summary, MASS_ORGS};
use crate::files::Table;

/// Generates the apparatus of 30 June 2025; `progress` hears one line per populated province.
pub fn generate(
    l: &mut Rows,
    before: &Before2025,
    scale: Scale,
    seed: u64,
    progress: &mut dyn FnMut(String),
) -> anyhow::Result<Summary> {
    // Each old province's bloc is sized by the new communes its communes went to.
    let sizes: Vec<usize> = before
        .provinces
        .iter()
        .map(|p| {
            let mut to: Vec<&String> =
                p.communes.iter().filter_map(|c| before.went.get(&c.code)).flat_map(|w| &w.communes).collect();
            to.sort_unstable();
            to.dedup();
            to.len()
        })
        .collect();
    super::generate_in(l, &before.provinces, &sizes, scale, seed, eve_of_2025(), progress)
}

const HEADERS: [&str; 6] = ["old_code", "new_code", "new_name", "new_kind", "new_parent", "new_led_by"];

/// A new unit as the mapping describes it: code, name, kind, superior, leading party body.
struct New<'a> {
    code: String,
    name: String,
    kind: &'a str,
    parent: String,
    led_by: String,
}

struct Mapping {
    rows: Vec<(usize, Vec<String>)>,
}

impl Mapping {
    fn row(&mut self, old: &str, new: Option<&New<'_>>) {
        let cells = match new {
            Some(n) => vec![
                old.to_string(),
                n.code.clone(),
                n.name.clone(),
                n.kind.to_string(),
                n.parent.clone(),
                n.led_by.clone(),
            ],
            None => vec![old.to_string(), String::new(), String::new(), String::new(), String::new(), String::new()],
        };
        let line = self.rows.len() + 2;
        self.rows.push((line, cells));
    }
}

/// The bodies every populated commune has, and what each becomes in the new commune `code`
/// named `name` of province `province`.
fn commune_bodies<'a>(code: &str, name: &str, province: &str) -> Vec<(&'static str, New<'a>)> {
    let lower = lower_first(name);
    let du = format!("{code}.DU");
    let mut out = vec![
        (
            "DU",
            New {
                code: du.clone(),
                name: format!("Đảng bộ {lower}"),
                kind: "party_commune",
                parent: format!("{province}.TU"),
                led_by: String::new(),
            },
        ),
        (
            "HDND",
            New {
                code: format!("{code}.HDND"),
                name: format!("Hội đồng nhân dân {lower}"),
                kind: "peoples_council",
                parent: code.to_string(),
                led_by: du.clone(),
            },
        ),
        (
            "UBND",
            New {
                code: format!("{code}.UBND"),
                name: format!("Ủy ban nhân dân {lower}"),
                kind: "peoples_committee",
                parent: code.to_string(),
                led_by: du.clone(),
            },
        ),
    ];
    for (suffix, title, kind) in MASS_ORGS {
        out.push((
            suffix,
            New {
                code: format!("{code}.{suffix}"),
                name: format!("{title} {lower}"),
                kind: kind.code(),
                parent: code.to_string(),
                led_by: du.clone(),
            },
        ));
    }
    out
}

/// Provincial bodies that merge into their counterparts when provinces merge, and whether their
/// name carries the province's (and so changes when the surviving province takes a new name).
const PROVINCE_BODIES: &[(&str, bool)] = &[
    ("TU", true),
    ("TU.BTC", false),
    ("TU.UBKT", false),
    ("TU.BTG", false),
    ("TU.VP", false),
    ("DUK", false),
    ("QS", false),
    ("CA", false),
    ("HDND", true),
    ("UBND", true),
    ("MTTQ", true),
    ("DTN", true),
    ("HPN", true),
    ("HND", true),
    ("CCB", true),
    ("LDLD", true),
];

/// The merger as a mapping table (the format `tinhgon plan import` reads): every old province,
/// district and commune with where it went, and for the units that exist (`current`), their party
/// committees, councils, people's committees and mass organizations with their new counterparts.
/// District bodies go to the new commune their district's first commune went to.
pub fn mapping(before: &Before2025, current: &dyn Fn(&str) -> Option<UnitVersion>) -> anyhow::Result<Table> {
    let after = territory::provinces()?;
    let communes: HashMap<&str, &territory::Commune> =
        after.iter().flat_map(|p| p.communes.iter()).map(|c| (c.code.as_str(), c)).collect();
    let provinces: HashMap<&str, &Province> = after.iter().map(|p| (p.code.as_str(), p)).collect();
    let mut m = Mapping { rows: Vec::new() };
    let commune_unit = |code: &str, province: &str| -> anyhow::Result<New<'static>> {
        let c =
            communes.get(code).ok_or_else(|| anyhow::anyhow!("the merger table names an unknown commune {code}"))?;
        Ok(New {
            code: code.to_string(),
            name: c.name.clone(),
            kind: "commune",
            parent: province.to_string(),
            led_by: String::new(),
        })
    };
    for p in &before.provinces {
        let went = before.went.get(&p.code).ok_or_else(|| anyhow::anyhow!("no destination for province {}", p.code))?;
        let np = provinces
            .get(went.province.as_str())
            .ok_or_else(|| anyhow::anyhow!("unknown new province {}", went.province))?;
        let province = New {
            code: np.code.clone(),
            name: np.name.clone(),
            kind: "province",
            parent: "VN".into(),
            led_by: String::new(),
        };
        m.row(&p.code, Some(&province));
        for (suffix, named) in PROVINCE_BODIES {
            let old = format!("{}.{suffix}", p.code);
            let new = format!("{}.{suffix}", np.code);
            let (Some(v), Some(_)) = (current(&old), current(&new)) else { continue };
            if old != new {
                let into =
                    New { code: new, name: String::new(), kind: "", parent: String::new(), led_by: String::new() };
                m.row(&old, Some(&into));
            } else if *named && p.name != np.name {
                // The surviving province's own bodies take its new name.
                let code = |c: Option<UnitCode>| c.map(|c| c.as_str().to_string()).unwrap_or_default();
                let renamed = New {
                    code: new,
                    name: v.name.replace(&lower_first(&p.name), &lower_first(&np.name)),
                    kind: v.kind.code(),
                    parent: code(v.parent),
                    led_by: code(v.led_by),
                };
                m.row(&old, Some(&renamed));
            }
        }
        for (di, d) in p.districts.iter().enumerate() {
            let first = p.communes.iter().find(|c| c.district == Some(di)).map_or(d.code.as_str(), |c| c.code.as_str());
            let seat = before.went.get(first).and_then(|w| w.communes.first()).cloned().unwrap_or_default();
            match before.went.get(&d.code) {
                // An island district with no communes becomes a special zone.
                Some(w) if !w.communes.is_empty() => m.row(&d.code, Some(&commune_unit(&seat, &np.code)?)),
                _ => m.row(&d.code, None),
            }
            for (suffix, new_suffix) in [("HU", "DU"), ("HDND", "HDND"), ("UBND", "UBND")] {
                let old = format!("{}.{suffix}", d.code);
                if current(&old).is_none() {
                    continue;
                }
                let bodies = commune_bodies(&seat, &commune_unit(&seat, &np.code)?.name, &np.code);
                if let Some((_, body)) = bodies.iter().find(|(s, _)| *s == new_suffix) {
                    m.row(&old, Some(body));
                }
            }
        }
        for c in &p.communes {
            let Some(w) = before.went.get(&c.code) else { continue };
            for target in &w.communes {
                let unit = commune_unit(target, &np.code)?;
                m.row(&c.code, Some(&unit));
                for (suffix, body) in commune_bodies(target, &unit.name, &np.code) {
                    let old = format!("{}.{suffix}", c.code);
                    if current(&old).is_some() {
                        m.row(&old, Some(&body));
                    }
                }
            }
        }
    }
    for (province, code) in &before.established {
        let unit = commune_unit(code, province)?;
        m.row("", Some(&unit));
    }
    Ok(Table { headers: HEADERS.iter().map(|h| (*h).to_string()).collect(), rows: m.rows })
}
