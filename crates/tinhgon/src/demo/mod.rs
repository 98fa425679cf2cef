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

pub mod load;
pub mod names;
mod people;
mod province;
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

use province::{lower_first, populate};
