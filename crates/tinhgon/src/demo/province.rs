//! A populated province: its bodies, blocs, grassroots organizations, armed forces and communes.

use super::people::{members, staff};
use super::*;

pub(super) fn populate(g: &mut Gen<'_>, p: &Province, shape: &Shape) -> anyhow::Result<()> {
    let mut rng = Rng::new(g.seed, &p.code);
    g.person_seq = 0;
    g.cells.clear();
    g.committees.clear();
    g.staffed.clear();
    g.pool.clear();
    let pp = p.code.as_str();
    let short = p.name.trim_start_matches("Tỉnh ").trim_start_matches("Thành phố ").to_string();
    let nation = g.code("VN")?;
    let pc = g.code(pp)?;
    g.unit(&version(&pc, p.name.clone(), UnitKind::Province, Some(&nation), start()))?;

    // The provincial party organization and its commissions.
    let tu = g.code(&format!("{pp}.TU"))?;
    let mut v =
        version(&tu, format!("Đảng bộ {}", lower_first(&p.name)), UnitKind::PartyProvincial, Some(&pc), start());
    v.led_by = Some(g.code("TW")?);
    g.unit(&v)?;
    for (suffix, name, base) in [
        ("BTC", "Ban Tổ chức Tỉnh ủy", 24),
        ("UBKT", "Ủy ban Kiểm tra Tỉnh ủy", 22),
        ("BTG", "Ban Tuyên giáo và Dân vận Tỉnh ủy", 26),
        ("VP", "Văn phòng Tỉnh ủy", 40),
    ] {
        let c = g.code(&format!("{pp}.TU.{suffix}"))?;
        let v = version(&c, name.to_string(), UnitKind::PartyCommission, Some(&tu), start());
        g.staffed(&v, base, StaffCategory::CivilServant, "Trưởng ban", "Phó Trưởng ban", 3)?;
    }

    // The blocs: agencies and enterprises until 2019, then one bloc (seed 002).
    bloc(g, &mut rng, pp, &short, &tu, shape)?;
    armed(g, &mut rng, pp, &tu, shape)?;

    // People's council and committee, departments, divisions, public service units.
    let hdnd = g.code(&format!("{pp}.HDND"))?;
    let mut v = version(
        &hdnd,
        format!("Hội đồng nhân dân {}", lower_first(&p.name)),
        UnitKind::PeoplesCouncil,
        Some(&pc),
        start(),
    );
    v.led_by = Some(tu.clone());
    g.staffed(&v, 12, StaffCategory::Cadre, "Chủ tịch Hội đồng nhân dân", "Phó Chủ tịch Hội đồng nhân dân", 2)?;
    let ubnd = g.code(&format!("{pp}.UBND"))?;
    let mut v = version(
        &ubnd,
        format!("Ủy ban nhân dân {}", lower_first(&p.name)),
        UnitKind::PeoplesCommittee,
        Some(&pc),
        start(),
    );
    v.led_by = Some(tu.clone());
    g.staffed(&v, 6, StaffCategory::Cadre, "Chủ tịch Ủy ban nhân dân", "Phó Chủ tịch Ủy ban nhân dân", 3)?;
    let mut kept = Vec::new();
    let mut ended = Vec::new();
    for (i, name) in DEPARTMENTS.iter().take(shape.departments).enumerate() {
        let c = g.code(&format!("{pp}.UBND.S{:02}", i + 1))?;
        let mut v = version(&c, (*name).to_string(), UnitKind::Department, Some(&ubnd), start());
        let ends = i >= KEPT_DEPARTMENTS.min(shape.departments.saturating_sub(1));
        if ends {
            v.validity.to = Some(department_merge());
        }
        g.staffed(&v, rng.range(8, 14) as u32, StaffCategory::CivilServant, "Giám đốc", "Phó Giám đốc", 3)?;
        for j in 0..rng.range(shape.divisions.0, shape.divisions.1) {
            let dc = g.code(&format!("{}.P{}", c, j + 1))?;
            let mut dv = version(&dc, division_name(j), UnitKind::Division, Some(&c), start());
            dv.validity.to = v.validity.to;
            g.staffed(
                &dv,
                rng.range(6, 12) as u32,
                StaffCategory::CivilServant,
                "Trưởng phòng",
                "Phó Trưởng phòng",
                2,
            )?;
        }
        if ends {
            ended.push(c)
        } else {
            kept.push(c)
        }
    }
    for i in 0..shape.psus {
        let c = g.code(&format!("{pp}.DV{:02}", i + 1))?;
        let parent = kept.get(i % kept.len().max(1)).cloned().unwrap_or_else(|| ubnd.clone());
        let name = [
            "Bệnh viện Đa khoa",
            "Trường Cao đẳng",
            "Trung tâm Kiểm soát bệnh tật",
            "Trung tâm Dịch vụ nông nghiệp",
            "Đài Phát thanh và Truyền hình",
            "Trung tâm Lưu trữ lịch sử",
        ]
        .get(i % 6)
        .copied()
        .unwrap_or("Trung tâm");
        let v = version(
            &c,
            format!("{name} {short} số {}", i / 6 + 1),
            UnitKind::PublicServiceUnit,
            Some(&parent),
            start(),
        );
        g.staffed(&v, rng.range(25, 70) as u32, StaffCategory::PublicEmployee, "Giám đốc", "Phó Giám đốc", 2)?;
    }
    for i in 0..shape.enterprises {
        let c = g.code(&format!("{pp}.DN{:02}", i + 1))?;
        let mut v = version(
            &c,
            format!(
                "Công ty {} {short} {}",
                [
                    "TNHH MTV Xổ số kiến thiết",
                    "Cổ phần Môi trường đô thị",
                    "Cổ phần Cấp nước",
                    "TNHH MTV Thủy lợi",
                    "Cổ phần Lâm nghiệp"
                ]
                .get(i % 5)
                .copied()
                .unwrap_or("Cổ phần"),
                i / 5 + 1
            ),
            UnitKind::Enterprise,
            Some(&pc),
            start(),
        );
        v.ownership = Some(
            *rng.weighted(&[
                (Ownership::State100, 4),
                (Ownership::StateMajority, 3),
                (Ownership::StateMinority, 1),
                (Ownership::Private, 2),
            ])
            .unwrap_or(&Ownership::Private),
        );
        g.unit(&v)?;
    }
    for (suffix, name, kind) in MASS_ORGS.iter().chain([("LDLD", "Liên đoàn Lao động", UnitKind::TradeUnion)].iter())
    {
        let c = g.code(&format!("{pp}.{suffix}"))?;
        let mut v = version(&c, format!("{name} {}", lower_first(&p.name)), *kind, Some(&pc), start());
        v.led_by = Some(tu.clone());
        g.staffed(&v, rng.range(10, 20) as u32, StaffCategory::Cadre, "Chủ tịch", "Phó Chủ tịch", 2)?;
    }

    // Districts (before 2025) and communes.
    let districts = district_territories(g, p, &pc)?;
    let mut committees = Vec::new();
    for d in &p.districts {
        committees.push(district_bodies(g, d, &tu)?);
    }
    for c in p.communes.iter().take(shape.communes) {
        let territory = c.district.and_then(|d| districts.get(d)).unwrap_or(&pc);
        let party = c.district.and_then(|d| committees.get(d)).unwrap_or(&tu);
        commune(g, &mut rng, c, territory, party, shape)?;
    }
    // Communes the shape leaves unpopulated are still territories of the province.
    for c in p.communes.iter().skip(shape.communes) {
        let cc = g.code(&c.code)?;
        let territory = c.district.and_then(|d| districts.get(d)).unwrap_or(&pc);
        g.unit(&version(&cc, c.name.clone(), UnitKind::Commune, Some(territory), start()))?;
    }

    members(g, &mut rng, pp, shape)?;
    staff(g, &mut rng, pp, &kept, &ended)?;
    Ok(())
}

pub(super) fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

pub(super) fn division_name(j: i64) -> String {
    [
        "Văn phòng",
        "Phòng Tổ chức - Hành chính",
        "Phòng Kế hoạch - Tài chính",
        "Phòng Nghiệp vụ",
        "Phòng Quản lý",
        "Phòng Thanh tra - Pháp chế",
    ]
    .get(j as usize)
    .map_or_else(|| format!("Phòng {}", j + 1), |s| (*s).to_string())
}

pub(super) fn bloc(
    g: &mut Gen<'_>,
    rng: &mut Rng,
    pp: &str,
    short: &str,
    tu: &UnitCode,
    shape: &Shape,
) -> anyhow::Result<()> {
    let merge_decision = if pp == "42" { "865-QĐ/TU".to_string() } else { format!("{}-QĐ/TU", 800 + rng.below(150)) };
    let merged = decision(&merge_decision, bloc_merge());
    let cq = g.code(&format!("{pp}.DUKCQ"))?;
    let mut v = version(&cq, format!("Đảng bộ Khối các cơ quan tỉnh {short}"), UnitKind::PartyBloc, Some(tu), start());
    v.validity.to = Some(bloc_merge());
    g.unit(&v)?;
    let dn = g.code(&format!("{pp}.DUKDN"))?;
    let mut v = version(&dn, format!("Đảng bộ Khối doanh nghiệp tỉnh {short}"), UnitKind::PartyBloc, Some(tu), start());
    v.validity.to = Some(bloc_merge());
    g.unit(&v)?;
    let duk = g.code(&format!("{pp}.DUK"))?;
    let mut v = version(
        &duk,
        format!("Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh {short}"),
        UnitKind::PartyBloc,
        Some(tu),
        bloc_merge(),
    );
    v.decision = merged.clone();
    g.unit(&v)?;

    for i in 0..shape.bloc_grassroots {
        let sector = *rng.weighted(SECTORS_OF_BLOC).unwrap_or(&Sector::AdminAgency);
        let code = g.code(&format!("{pp}.DUK.G{:03}", i + 1))?;
        // One in ten was established after 2015.
        let since = if rng.chance(0.1) { start().add_days(rng.range(200, 3400) as i32) } else { start() };
        let committee = rng.chance(0.45);
        let kind = if committee { UnitKind::PartyGrassrootsCommittee } else { UnitKind::PartyGrassrootsCell };
        let host = match sector {
            Sector::AdminAgency => "cơ quan",
            Sector::PublicService => "đơn vị sự nghiệp",
            _ => "công ty",
        };
        let name = format!("{} {host} số {}", if committee { "Đảng bộ" } else { "Chi bộ" }, i + 1);
        let old_bloc = if matches!(sector, Sector::AdminAgency | Sector::PublicService) { &cq } else { &dn };
        let staff = match sector {
            Sector::AdminAgency => Some(StaffCategory::CivilServant),
            Sector::PublicService => Some(StaffCategory::PublicEmployee),
            _ => None,
        };
        let mut versions = Vec::new();
        if since < bloc_merge() {
            let mut v1 = version(&code, name.clone(), kind, Some(old_bloc), since);
            v1.sector = Some(sector);
            v1.validity.to = Some(bloc_merge());
            versions.push(v1);
            let mut v2 = version(&code, name, kind, Some(&duk), bloc_merge());
            v2.sector = Some(sector);
            v2.decision = merged.clone();
            versions.push(v2);
        } else {
            let mut v1 = version(&code, name, kind, Some(&duk), since);
            v1.sector = Some(sector);
            versions.push(v1);
        }
        grassroots(g, rng, &code, &versions, committee, staff, 3)?;
    }
    Ok(())
}

/// A grassroots organization: a committee with cells, or a grassroots cell holding members itself.
pub(super) fn grassroots(
    g: &mut Gen<'_>,
    rng: &mut Rng,
    code: &UnitCode,
    versions: &[UnitVersion],
    committee: bool,
    staff: Option<StaffCategory>,
    weight: u32,
) -> anyhow::Result<()> {
    let Some(first) = versions.first() else {
        return Ok(());
    };
    let since = first.validity.from;
    if committee {
        let mut id = 0;
        for v in versions {
            id = g.unit(v)?;
        }
        let mut cells = Vec::new();
        for k in 0..rng.range(3, 8) {
            let cc = g.code(&format!("{code}.C{:02}", k + 1))?;
            let v = version(&cc, format!("Chi bộ {}", k + 1), UnitKind::PartyCell, Some(code), since);
            cells.push(g.cell(&v, weight, staff, ("Bí thư Chi bộ", "Phó Bí thư Chi bộ"))?);
        }
        g.committees.push(CommitteeSpec {
            id,
            code: code.clone(),
            start: since,
            cells,
            secretary: "Bí thư Đảng ủy",
            deputy: "Phó Bí thư Đảng ủy",
            member: "Đảng ủy viên",
            concurrent: None,
        });
    } else {
        let (last, rest) = versions.split_last().unwrap_or((first, &[]));
        for v in rest {
            g.unit(v)?;
        }
        let idx = g.cell(last, weight, staff, ("Bí thư Chi bộ", "Phó Bí thư Chi bộ"))?;
        // The cell's start is its first version's, for members' dates.
        if let Some(c) = g.cells.get_mut(idx) {
            c.start = since;
        }
    }
    Ok(())
}

pub(super) fn armed(g: &mut Gen<'_>, rng: &mut Rng, pp: &str, tu: &UnitCode, shape: &Shape) -> anyhow::Result<()> {
    if shape.armed_grassroots == 0 {
        return Ok(());
    }
    for (suffix, name) in [("QS", "Đảng bộ Quân sự tỉnh"), ("CA", "Đảng bộ Công an tỉnh")] {
        let b = g.code(&format!("{pp}.{suffix}"))?;
        g.unit(&version(&b, name.to_string(), UnitKind::PartyBloc, Some(tu), start()))?;
        for i in 0..shape.armed_grassroots {
            let code = g.code(&format!("{b}.G{:02}", i + 1))?;
            let mut v = version(
                &code,
                format!("Đảng bộ cơ sở đơn vị {}", i + 1),
                UnitKind::PartyGrassrootsCommittee,
                Some(&b),
                start(),
            );
            v.sector = Some(Sector::ArmedForces);
            grassroots(g, rng, &code, &[v], true, None, 3)?;
        }
    }
    Ok(())
}

/// A commune with its party committee (under `party`: the province's, or the district's before
/// 2025), council, committee, mass organizations, villages and cells.
pub(super) fn commune(
    g: &mut Gen<'_>,
    rng: &mut Rng,
    c: &territory::Commune,
    pc: &UnitCode,
    tu: &UnitCode,
    shape: &Shape,
) -> anyhow::Result<()> {
    let cc = g.code(&c.code)?;
    g.unit(&version(&cc, c.name.clone(), UnitKind::Commune, Some(pc), start()))?;
    let du = g.code(&format!("{cc}.DU"))?;
    let du_id =
        g.unit(&version(&du, format!("Đảng bộ {}", lower_first(&c.name)), UnitKind::PartyCommune, Some(tu), start()))?;
    let hdnd = g.code(&format!("{cc}.HDND"))?;
    let mut v = version(
        &hdnd,
        format!("Hội đồng nhân dân {}", lower_first(&c.name)),
        UnitKind::PeoplesCouncil,
        Some(&cc),
        start(),
    );
    v.led_by = Some(du.clone());
    let hdnd_id =
        g.staffed(&v, 2, StaffCategory::Cadre, "Chủ tịch Hội đồng nhân dân", "Phó Chủ tịch Hội đồng nhân dân", 1)?;
    let ubnd = g.code(&format!("{cc}.UBND"))?;
    let mut v = version(
        &ubnd,
        format!("Ủy ban nhân dân {}", lower_first(&c.name)),
        UnitKind::PeoplesCommittee,
        Some(&cc),
        start(),
    );
    v.led_by = Some(du.clone());
    g.staffed(
        &v,
        rng.range(12, 20) as u32,
        StaffCategory::CivilServant,
        "Chủ tịch Ủy ban nhân dân",
        "Phó Chủ tịch Ủy ban nhân dân",
        2,
    )?;
    for (suffix, name, kind) in MASS_ORGS {
        let m = g.code(&format!("{cc}.{suffix}"))?;
        let mut v = version(&m, format!("{name} {}", lower_first(&c.name)), *kind, Some(&cc), start());
        v.led_by = Some(du.clone());
        g.staffed(&v, 1, StaffCategory::Cadre, "Chủ tịch", "Phó Chủ tịch", 0)?;
    }
    let (village_kind, village_word) = if c.kind == "phường" || c.kind == "thị trấn" {
        (UnitKind::ResidentialGroup, "Tổ dân phố")
    } else {
        (UnitKind::Village, "Thôn")
    };
    let mut cells = Vec::new();
    for k in 0..rng.range(shape.villages.0, shape.villages.1) {
        let vc = g.code(&format!("{cc}.T{:02}", k + 1))?;
        g.unit(&version(&vc, format!("{village_word} {}", k + 1), village_kind, Some(&cc), start()))?;
        let cell = g.code(&format!("{du}.C{:02}", k + 1))?;
        let mut v = version(
            &cell,
            format!("Chi bộ {village_word} {}", k + 1),
            UnitKind::PartyGrassrootsCell,
            Some(&du),
            start(),
        );
        v.sector = Some(Sector::Commune);
        cells.push(g.cell(&v, 8, None, ("Bí thư Chi bộ", "Phó Bí thư Chi bộ"))?);
    }
    for (suffix, name, sector, weight, cat) in [
        ("CQ", "Chi bộ Cơ quan", Sector::AdminAgency, 3, Some(StaffCategory::CivilServant)),
        ("GD", "Chi bộ Trường học", Sector::PublicService, 2, Some(StaffCategory::PublicEmployee)),
    ] {
        let cell = g.code(&format!("{du}.{suffix}"))?;
        let mut v = version(
            &cell,
            format!("{name} {}", lower_first(&c.name)),
            UnitKind::PartyGrassrootsCell,
            Some(&du),
            start(),
        );
        v.sector = Some(sector);
        cells.push(g.cell(&v, weight, cat, ("Bí thư Chi bộ", "Phó Bí thư Chi bộ"))?);
    }
    let concurrent = rng.chance(0.6).then(|| (hdnd_id, hdnd.clone()));
    g.committees.push(CommitteeSpec {
        id: du_id,
        code: du,
        start: start(),
        cells,
        secretary: "Bí thư Đảng ủy",
        deputy: "Phó Bí thư Đảng ủy",
        member: "Ủy viên Ban Chấp hành Đảng bộ",
        concurrent,
    });
    Ok(())
}
