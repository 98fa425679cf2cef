//! `tinhgon demo`: a deterministic register with the real territories and a synthetic apparatus,
//! people and history from 2015, at three scales.
//!
//! What it builds in each populated province (codes in brackets, `pp` the province code):
//! the provincial party organization [`pp.TU`] with its commissions; the bloc of provincial agencies
//! and enterprises, merged in 2019 from two blocs as Hà Tĩnh's was by 865-QĐ/TU [`pp.DUK`]; the
//! military and police party organizations; the people's council and committee with departments
//! (six of them merged away on 01/03/2025), divisions and public service units; enterprises; the
//! Fatherland Front and mass organizations; and for every commune its party committee with a
//! grassroots cell per village, its council, committee, mass organizations and villages. Members,
//! officers, staff and quotas are drawn with plausible distributions; admissions, recognitions,
//! removals, deaths and transfers run from 2015 to the demo's end date.
//!
//! The territories are those in force since 01/07/2025 for the whole history: the demo shows the
//! register's own history; the 2025 reorganization itself is a separate replay.

pub mod names;
pub mod replay;
pub mod rng;
pub mod territory;

use std::collections::HashMap;

use anyhow::Context as _;
use tinhgon_domain::catalog::{
    Education, Gender, MemberStatus, Ownership, Rank, Sector, StaffCategory, Theory, UnitKind,
};
use tinhgon_domain::register::{Assignment, Membership, Person, Quota, UnitVersion};
use tinhgon_domain::text::PersonName;
use tinhgon_domain::{Date, Decision, DocumentNumber, UnitCode, Validity};
use tinhgon_store::Rows;

use rng::Rng;
use territory::Province;

/// How much of the country the demo populates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
pub enum Scale {
    /// One province with two communes and a few hundred people: for tests.
    Tiny,
    /// Hà Tĩnh fully populated (about 165,000 members), the other 33 provinces as territories.
    Province,
    /// All 34 provinces, about 5.6 million members.
    National,
}

/// The province the smaller scales populate: Hà Tĩnh, the province of seeds 000 and 002.
pub const DEMO_PROVINCE: &str = "42";
pub const NATIONAL_MEMBERS: u64 = 5_600_000;
pub const PROVINCE_MEMBERS: u64 = 165_000;

fn day(y: i32, m: u32, d: u32) -> Date {
    Date::from_ymd(y, m, d).unwrap_or(Date::EPOCH)
}

/// The register's history starts here.
pub fn start() -> Date {
    day(2015, 1, 1)
}
/// The two provincial blocs are merged (865-QĐ/TU of 18/01/2019 in Hà Tĩnh).
pub fn bloc_merge() -> Date {
    day(2019, 1, 18)
}
/// Six departments are merged into others.
pub fn department_merge() -> Date {
    day(2025, 3, 1)
}
/// The last day the demo's history reaches.
pub fn end() -> Date {
    day(2026, 10, 31)
}
/// The last day of the apparatus before the 2025 reorganization, where its replay's history stops.
pub fn eve_of_2025() -> Date {
    day(2025, 6, 30)
}

/// What was generated.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Summary {
    pub units: u64,
    pub unit_versions: u64,
    pub people: u64,
    pub memberships: u64,
    pub assignments: u64,
    pub quotas: u64,
    pub provinces_populated: u64,
}

struct Shape {
    communes: usize,
    villages: (i64, i64),
    departments: usize,
    divisions: (i64, i64),
    psus: usize,
    enterprises: usize,
    bloc_grassroots: usize,
    armed_grassroots: usize,
    members: u64,
}

impl Shape {
    fn tiny() -> Shape {
        Shape {
            communes: 2,
            villages: (3, 4),
            departments: 3,
            divisions: (1, 2),
            psus: 1,
            enterprises: 1,
            bloc_grassroots: 4,
            armed_grassroots: 0,
            members: 250,
        }
    }

    /// A populated province; `grassroots_for` is its number of communes after 2025, which the
    /// size of its bloc follows.
    fn full(p: &Province, members: u64, grassroots_for: usize) -> Shape {
        let n = grassroots_for;
        Shape {
            communes: p.communes.len(),
            // Communes before 2025 were a third the size of today's.
            villages: if p.districts.is_empty() { (8, 20) } else { (4, 10) },
            departments: 20,
            divisions: (3, 6),
            psus: 12,
            enterprises: 15,
            // Hà Tĩnh's bloc had 105 grassroots organizations for 69 communes (seed 002).
            bloc_grassroots: (105 * n).div_ceil(69),
            armed_grassroots: 15,
            members,
        }
    }
}

/// A cell that will receive members.
struct CellSpec {
    id: i64,
    code: UnitCode,
    start: Date,
    weight: u32,
    staff: Option<StaffCategory>,
    /// Officer titles: secretary, deputy.
    titles: (&'static str, &'static str),
}

/// A party committee whose officers are drawn from its cells' members.
struct CommitteeSpec {
    id: i64,
    code: UnitCode,
    start: Date,
    cells: Vec<usize>,
    secretary: &'static str,
    deputy: &'static str,
    member: &'static str,
    /// The people's council whose chair the secretary also holds (nhất thể hóa).
    concurrent: Option<(i64, UnitCode)>,
}

/// A unit with staff and a quota.
struct StaffSpec {
    id: i64,
    code: UnitCode,
    from: Date,
    to: Option<Date>,
    base: u32,
    category: StaffCategory,
    head: &'static str,
    deputy: &'static str,
    deputies: i64,
}

struct Gen<'a> {
    l: &'a mut Rows,
    /// The last day of the generated history.
    end: Date,
    ids: HashMap<String, i64>,
    seed: u64,
    sum: Summary,
    person_seq: u64,
    pool: HashMap<StaffCategory, Vec<(i64, String)>>,
    cells: Vec<CellSpec>,
    committees: Vec<CommitteeSpec>,
    staffed: Vec<StaffSpec>,
}

fn decision(number: &str, date: Date) -> Option<Decision> {
    DocumentNumber::parse(number).ok().map(|number| Decision { number, date })
}

fn version(code: &UnitCode, name: String, kind: UnitKind, parent: Option<&UnitCode>, from: Date) -> UnitVersion {
    UnitVersion {
        code: code.clone(),
        name,
        kind,
        parent: parent.cloned(),
        led_by: None,
        sector: None,
        ownership: None,
        validity: Validity::open(from),
        decision: None,
    }
}

const SECTORS_OF_BLOC: &[(Sector, u32)] = &[
    (Sector::AdminAgency, 49),
    (Sector::PublicService, 17),
    (Sector::Soe100, 16),
    (Sector::StateMajority, 15),
    (Sector::StateMinority, 1),
    (Sector::Private, 7),
];

const DEPARTMENTS: &[&str] = &[
    "Sở Nội vụ",
    "Sở Tài chính",
    "Sở Tư pháp",
    "Sở Công Thương",
    "Sở Nông nghiệp và Môi trường",
    "Sở Xây dựng",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Khoa học và Công nghệ",
    "Thanh tra tỉnh",
    "Văn phòng Ủy ban nhân dân tỉnh",
    "Sở Dân tộc và Tôn giáo",
    "Sở Ngoại vụ",
    // Merged away on 01/03/2025:
    "Sở Kế hoạch và Đầu tư",
    "Sở Giao thông vận tải",
    "Sở Lao động - Thương binh và Xã hội",
    "Sở Thông tin và Truyền thông",
    "Sở Tài nguyên và Môi trường",
    "Ban Dân tộc",
];
const KEPT_DEPARTMENTS: usize = 14;

const MASS_ORGS: &[(&str, &str, UnitKind)] = &[
    ("MTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam", UnitKind::FatherlandFront),
    ("DTN", "Đoàn Thanh niên Cộng sản Hồ Chí Minh", UnitKind::YouthUnion),
    ("HPN", "Hội Liên hiệp Phụ nữ", UnitKind::WomensUnion),
    ("HND", "Hội Nông dân", UnitKind::FarmersUnion),
    ("CCB", "Hội Cựu chiến binh", UnitKind::VeteransUnion),
];

impl Gen<'_> {
    fn code(&self, s: &str) -> anyhow::Result<UnitCode> {
        UnitCode::parse(s).with_context(|| format!("demo code {s}"))
    }

    fn unit(&mut self, v: &UnitVersion) -> anyhow::Result<i64> {
        let id = match self.ids.get(v.code.as_str()) {
            Some(id) => *id,
            None => {
                let id = self.l.unit(&v.code)?;
                self.ids.insert(v.code.as_str().to_string(), id);
                self.sum.units += 1;
                id
            }
        };
        let parent = v.parent.as_ref().and_then(|p| self.ids.get(p.as_str()).copied());
        let led_by = v.led_by.as_ref().and_then(|p| self.ids.get(p.as_str()).copied());
        self.l.unit_version(id, parent, led_by, v)?;
        self.sum.unit_versions += 1;
        Ok(id)
    }

    fn person(
        &mut self,
        rng: &mut Rng,
        prov: &str,
        female: bool,
        birth: Date,
        cat: Option<StaffCategory>,
    ) -> anyhow::Result<(i64, String)> {
        self.person_seq += 1;
        let code = format!("{prov}.{:07}", self.person_seq);
        let name = PersonName::parse(&names::name(rng, female))?;
        let education = *rng
            .weighted(&[
                (Education::None, 12),
                (Education::Secondary, 20),
                (Education::College, 10),
                (Education::Bachelor, 48),
                (Education::Master, 8),
                (Education::Doctor, 2),
            ])
            .unwrap_or(&Education::Bachelor);
        let theory = *rng
            .weighted(&[
                (Theory::None, 15),
                (Theory::Elementary, 50),
                (Theory::Intermediate, 30),
                (Theory::Advanced, 5),
            ])
            .unwrap_or(&Theory::Elementary);
        let p = Person {
            code: code.clone(),
            name: name.as_str().to_string(),
            gender: if female { Gender::Female } else { Gender::Male },
            birth_date: birth,
            ethnicity: names::ethnicity(rng).to_string(),
            education,
            theory,
            staff_category: cat,
        };
        let id = self.l.person(&p, &name)?;
        self.sum.people += 1;
        Ok((id, code))
    }

    fn assign(
        &mut self,
        person: (i64, &str),
        unit: (i64, &UnitCode),
        title: &str,
        rank: Rank,
        primary: bool,
        v: Validity,
    ) -> anyhow::Result<()> {
        let a = Assignment {
            person: person.1.to_string(),
            unit: unit.1.clone(),
            title: title.to_string(),
            rank,
            primary,
            validity: v,
            decision: None,
        };
        self.l.assignment(person.0, unit.0, &a)?;
        self.sum.assignments += 1;
        Ok(())
    }

    fn cell(
        &mut self,
        v: &UnitVersion,
        weight: u32,
        staff: Option<StaffCategory>,
        titles: (&'static str, &'static str),
    ) -> anyhow::Result<usize> {
        let id = self.unit(v)?;
        self.cells.push(CellSpec { id, code: v.code.clone(), start: v.validity.from, weight, staff, titles });
        Ok(self.cells.len() - 1)
    }

    fn staffed(
        &mut self,
        v: &UnitVersion,
        base: u32,
        category: StaffCategory,
        head: &'static str,
        deputy: &'static str,
        deputies: i64,
    ) -> anyhow::Result<i64> {
        let id = self.unit(v)?;
        self.staffed.push(StaffSpec {
            id,
            code: v.code.clone(),
            from: v.validity.from,
            to: v.validity.to,
            base,
            category,
            head,
            deputy,
            deputies,
        });
        Ok(id)
    }
}

/// Builds the demo register through a bulk loader; `progress` hears one line per province.
pub fn generate(l: &mut Rows, scale: Scale, seed: u64, progress: &mut dyn FnMut(String)) -> anyhow::Result<Summary> {
    let provinces = territory::provinces()?;
    let sizes: Vec<usize> = provinces.iter().map(|p| p.communes.len()).collect();
    generate_in(l, &provinces, &sizes, scale, seed, end(), progress)
}

/// Builds a register over the given provinces with history up to `end`; `sizes` gives each
/// province's communes after 2025.
fn generate_in(
    l: &mut Rows,
    provinces: &[Province],
    sizes: &[usize],
    scale: Scale,
    seed: u64,
    end: Date,
    progress: &mut dyn FnMut(String),
) -> anyhow::Result<Summary> {
    let mut g = Gen {
        l,
        end,
        ids: HashMap::new(),
        seed,
        sum: Summary::default(),
        person_seq: 0,
        pool: HashMap::new(),
        cells: Vec::new(),
        committees: Vec::new(),
        staffed: Vec::new(),
    };
    let nation = g.code("VN")?;
    g.unit(&version(&nation, "Nước Cộng hòa xã hội chủ nghĩa Việt Nam".into(), UnitKind::Nation, None, start()))?;
    let central = g.code("TW")?;
    g.unit(&version(&central, "Ban Chấp hành Trung ương Đảng".into(), UnitKind::PartyCentral, Some(&nation), start()))?;
    let total_communes: u64 = provinces.iter().map(|p| p.communes.len() as u64).sum();
    for (p, size) in provinces.iter().zip(sizes) {
        let shape = match scale {
            Scale::Tiny if p.code == DEMO_PROVINCE => Some(Shape::tiny()),
            Scale::Province if p.code == DEMO_PROVINCE => Some(Shape::full(p, PROVINCE_MEMBERS, *size)),
            Scale::National => {
                Some(Shape::full(p, NATIONAL_MEMBERS * p.communes.len() as u64 / total_communes.max(1), *size))
            }
            _ => None,
        };
        match shape {
            Some(shape) => {
                populate(&mut g, p, &shape)?;
                g.sum.provinces_populated += 1;
                progress(format!(
                    "{} ({}): {} người, {} đơn vị / people, units",
                    p.name,
                    p.code,
                    tinhgon_domain::text::format_int(g.sum.people as i64),
                    tinhgon_domain::text::format_int(g.sum.units as i64)
                ));
            }
            None => territories(&mut g, p, &nation)?,
        }
    }
    Ok(g.sum)
}

fn territories(g: &mut Gen<'_>, p: &Province, nation: &UnitCode) -> anyhow::Result<()> {
    let pc = g.code(&p.code)?;
    g.unit(&version(&pc, p.name.clone(), UnitKind::Province, Some(nation), start()))?;
    let districts = district_territories(g, p, &pc)?;
    for c in &p.communes {
        let cc = g.code(&c.code)?;
        let parent = c.district.and_then(|d| districts.get(d)).unwrap_or(&pc);
        g.unit(&version(&cc, c.name.clone(), UnitKind::Commune, Some(parent), start()))?;
    }
    Ok(())
}

/// The districts of a province before 2025, as territories.
fn district_territories(g: &mut Gen<'_>, p: &Province, pc: &UnitCode) -> anyhow::Result<Vec<UnitCode>> {
    let mut out = Vec::new();
    for d in &p.districts {
        let dc = g.code(&d.code)?;
        g.unit(&version(&dc, d.name.clone(), UnitKind::District, Some(pc), start()))?;
        out.push(dc);
    }
    Ok(out)
}

/// A district's party committee, council and people's committee, the levels the 2025
/// reorganization abolished; returns the party committee.
fn district_bodies(g: &mut Gen<'_>, d: &territory::District, tu: &UnitCode) -> anyhow::Result<UnitCode> {
    let dc = g.code(&d.code)?;
    let lower = lower_first(&d.name);
    let hu = g.code(&format!("{dc}.HU"))?;
    let v = version(&hu, format!("Đảng bộ {lower}"), UnitKind::PartyDistrict, Some(tu), start());
    g.staffed(&v, 10, StaffCategory::CivilServant, "Bí thư Huyện ủy", "Phó Bí thư Huyện ủy", 2)?;
    let hdnd = g.code(&format!("{dc}.HDND"))?;
    let mut v = version(&hdnd, format!("Hội đồng nhân dân {lower}"), UnitKind::PeoplesCouncil, Some(&dc), start());
    v.led_by = Some(hu.clone());
    g.staffed(&v, 4, StaffCategory::Cadre, "Chủ tịch Hội đồng nhân dân", "Phó Chủ tịch Hội đồng nhân dân", 2)?;
    let ubnd = g.code(&format!("{dc}.UBND"))?;
    let mut v = version(&ubnd, format!("Ủy ban nhân dân {lower}"), UnitKind::PeoplesCommittee, Some(&dc), start());
    v.led_by = Some(hu.clone());
    g.staffed(&v, 24, StaffCategory::CivilServant, "Chủ tịch Ủy ban nhân dân", "Phó Chủ tịch Ủy ban nhân dân", 3)?;
    Ok(hu)
}

fn populate(g: &mut Gen<'_>, p: &Province, shape: &Shape) -> anyhow::Result<()> {
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

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

fn division_name(j: i64) -> String {
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

fn bloc(g: &mut Gen<'_>, rng: &mut Rng, pp: &str, short: &str, tu: &UnitCode, shape: &Shape) -> anyhow::Result<()> {
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
fn grassroots(
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

fn armed(g: &mut Gen<'_>, rng: &mut Rng, pp: &str, tu: &UnitCode, shape: &Shape) -> anyhow::Result<()> {
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
fn commune(
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

/// Draws a date uniformly in `[lo, hi]`.
fn date_between(rng: &mut Rng, lo: Date, hi: Date) -> Date {
    lo.add_days(rng.range(0, i64::from((hi.days() - lo.days()).max(0))) as i32)
}

/// Members for every cell, by weight, with their history; then the cells' and committees' officers.
fn members(g: &mut Gen<'_>, rng: &mut Rng, pp: &str, shape: &Shape) -> anyhow::Result<()> {
    let total_weight: u64 = g.cells.iter().map(|c| u64::from(c.weight)).sum::<u64>().max(1);
    let n_cells = g.cells.len() as u64;
    let base_sizes: Vec<u64> = g.cells.iter().map(|c| shape.members * u64::from(c.weight) / total_weight).collect();
    let mut remainder = shape.members.saturating_sub(base_sizes.iter().sum());
    // Officers of each cell, for the committees above: (person, code, serving from).
    let mut officers: Vec<Vec<(i64, String, Date)>> = Vec::with_capacity(g.cells.len());
    for i in 0..g.cells.len() {
        let mut size = base_sizes.get(i).copied().unwrap_or(0);
        if remainder > 0 && (i as u64) < n_cells {
            size += 1;
            remainder -= 1;
        }
        let (cell_id, cell_code, cell_start, staff, titles) = match g.cells.get(i) {
            Some(c) => (c.id, c.code.clone(), c.start, c.staff, c.titles),
            None => continue,
        };
        let departed = size * 7 / 100;
        let mut active = Vec::new();
        for k in 0..size + departed {
            let leaves = k >= size;
            let (person, code, from) = member(g, rng, pp, (cell_id, &cell_code), cell_start, staff, leaves)?;
            if !leaves {
                active.push((person, code, from));
            }
        }
        // Secretary (and deputy from nine members), serving since they joined the cell.
        if let Some((p, code, from)) = active.first().cloned() {
            g.assign(
                (p, &code),
                (cell_id, &cell_code),
                titles.0,
                Rank::Head,
                false,
                Validity::open(from.max(cell_start)),
            )?;
        }
        if active.len() >= 9 {
            if let Some((p, code, from)) = active.get(1).cloned() {
                g.assign(
                    (p, &code),
                    (cell_id, &cell_code),
                    titles.1,
                    Rank::Deputy,
                    false,
                    Validity::open(from.max(cell_start)),
                )?;
            }
        }
        officers.push(active.into_iter().skip(2).take(6).collect());
    }
    let committees = std::mem::take(&mut g.committees);
    for c in &committees {
        let mut pool: Vec<(i64, String, Date)> =
            c.cells.iter().filter_map(|i| officers.get(*i)).flat_map(|o| o.iter().take(2).cloned()).collect();
        pool.truncate(3 + c.cells.len().min(8));
        for (k, (p, code, from)) in pool.iter().enumerate() {
            let (title, rank) = match k {
                0 => (c.secretary, Rank::Head),
                1 => (c.deputy, Rank::Deputy),
                _ => (c.member, Rank::Member),
            };
            let v = Validity::open((*from).max(c.start));
            g.assign((*p, code), (c.id, &c.code), title, rank, false, v)?;
            if k == 0 {
                if let Some((hid, hcode)) = &c.concurrent {
                    g.assign((*p, code), (*hid, hcode), "Chủ tịch Hội đồng nhân dân", Rank::Head, false, v)?;
                }
            }
        }
    }
    g.committees = committees;
    Ok(())
}

/// One member with their history in one cell; returns the person and the day they joined the cell.
fn member(
    g: &mut Gen<'_>,
    rng: &mut Rng,
    pp: &str,
    cell: (i64, &UnitCode),
    cell_start: Date,
    staff: Option<StaffCategory>,
    leaves: bool,
) -> anyhow::Result<(i64, String, Date)> {
    let female = rng.chance(0.36);
    let admitted = if rng.chance(0.28) {
        date_between(rng, start(), g.end.add_days(-60))
    } else {
        let u = rng.unit();
        let year = 2014 - (46.0 * u * u) as i32;
        date_between(rng, day(year, 1, 1), day(year, 12, 28))
    };
    let u = rng.unit();
    let age_at_admission = 18 + (22.0 * u * u) as i32;
    let birth = admitted.add_days(-(age_at_admission * 365 + rng.range(0, 364) as i32));
    let recognized = Some(admitted.add_days(365)).filter(|r| *r <= g.end);
    let from = admitted.max(cell_start);
    let leave = if leaves && from.add_days(30) < g.end {
        Some(date_between(rng, from.add_days(30).max(start()), g.end))
    } else {
        None
    };
    let cat = staff.filter(|_| leave.is_none());
    let (person, code) = g.person(rng, pp, female, birth, cat)?;
    if let Some(c) = cat {
        g.pool.entry(c).or_default().push((person, code.clone()));
    }
    let row = |status: MemberStatus, v: Validity, g: &mut Gen<'_>| -> anyhow::Result<()> {
        let m = Membership {
            person: code.clone(),
            unit: cell.1.clone(),
            status,
            admitted_on: admitted,
            recognized_on: recognized.filter(|r| *r <= v.from || status == MemberStatus::Official),
            validity: v,
            decision: None,
        };
        g.l.membership(person, cell.0, &m)?;
        g.sum.memberships += 1;
        Ok(())
    };
    let stop = leave;
    match recognized {
        Some(r) if r > from && stop.is_none_or(|s| r < s) => {
            row(MemberStatus::Probationary, Validity { from, to: Some(r) }, g)?;
            row(MemberStatus::Official, Validity { from: r, to: stop }, g)?;
        }
        Some(r) if r <= from => row(MemberStatus::Official, Validity { from, to: stop }, g)?,
        _ => row(MemberStatus::Probationary, Validity { from, to: stop }, g)?,
    }
    if let Some(s) = stop {
        let was_official = recognized.is_some_and(|r| r < s);
        let status = if !was_official {
            MemberStatus::Removed
        } else {
            *rng.weighted(&[
                (MemberStatus::Deceased, 55),
                (MemberStatus::Removed, 30),
                (MemberStatus::TransferredOut, 12),
                (MemberStatus::Expelled, 3),
            ])
            .unwrap_or(&MemberStatus::Deceased)
        };
        row(status, Validity::open(s), g)?;
    }
    Ok((person, code, from))
}

/// Staff, officers and quotas of the state units; staff of merged departments move on 01/03/2025.
fn staff(g: &mut Gen<'_>, rng: &mut Rng, pp: &str, kept: &[UnitCode], ended: &[UnitCode]) -> anyhow::Result<()> {
    let specs = std::mem::take(&mut g.staffed);
    let mut movers: Vec<(i64, String)> = Vec::new();
    for s in &specs {
        let last_year = s.to.map_or(g.end.year(), |t| t.year());
        for year in s.from.year().max(start().year())..=last_year {
            let shrink = 1.0 - 0.015 * f64::from(year - start().year());
            let q = Quota {
                unit: s.code.clone(),
                year,
                category: s.category,
                quota: (f64::from(s.base) * shrink).round().max(1.0) as u32,
                decision: None,
            };
            g.l.quota(s.id, &q)?;
            g.sum.quotas += 1;
        }
        let now = (f64::from(s.base) * (1.0 - 0.015 * 11.0) * (0.85 + 0.15 * rng.unit())).round().max(1.0) as i64;
        let retired = (f64::from(s.base) * 0.12).round() as i64;
        for k in 0..now + retired {
            let from_pool = g.pool.get_mut(&s.category).and_then(Vec::pop);
            let (pid, code) = match from_pool {
                Some(p) => p,
                None => {
                    let female = rng.chance(0.45);
                    let birth = date_between(rng, day(1965, 1, 1), day(1998, 12, 31));
                    g.person(rng, pp, female, birth, Some(s.category))?
                }
            };
            // Most of today's staff were there from the start; one in five was hired later. Those
            // who left (retired or moved) were there from the start too.
            let hired_later = k >= 3 && k < now && rng.chance(0.2);
            let since =
                if hired_later { date_between(rng, s.from, s.to.unwrap_or(g.end).add_days(-90)) } else { s.from };
            let until = if k >= now { Some(date_between(rng, since.add_days(365), day(2024, 12, 31))) } else { s.to };
            let (title, rank) = match k {
                0 => (s.head, Rank::Head),
                k if k <= s.deputies => (s.deputy, Rank::Deputy),
                _ => ("Chuyên viên", Rank::Staff),
            };
            g.assign((pid, &code), (s.id, &s.code), title, rank, true, Validity { from: since, to: until })?;
            if k < now && ended.contains(&s.code) && rng.chance(0.7) {
                movers.push((pid, code));
            }
        }
    }
    g.staffed = specs;
    // Staff of the merged departments continue in the departments that absorbed them.
    for (i, (pid, code)) in movers.into_iter().enumerate() {
        let Some(target) = kept.get(i % kept.len().max(1)) else {
            break;
        };
        let Some(tid) = g.ids.get(target.as_str()).copied() else {
            continue;
        };
        g.assign((pid, &code), (tid, target), "Chuyên viên", Rank::Staff, true, Validity::open(department_merge()))?;
    }
    Ok(())
}
