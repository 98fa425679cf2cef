//! The real provinces and communes after 1 July 2025, from the statistics office's list shipped in
//! `data/admin-units-2025.csv`; and the 63 provinces, their districts and communes before it, with
//! where each went, from `data/admin-merger-2025.csv`.

pub struct Province {
    pub code: String,
    pub name: String,
    /// Districts, before 1 July 2025 only; communes name theirs by index.
    pub districts: Vec<District>,
    pub communes: Vec<Commune>,
}

pub struct District {
    pub code: String,
    pub name: String,
}

pub struct Commune {
    pub code: String,
    pub name: String,
    /// `xã`, `phường`, `thị trấn` or `đặc khu`.
    pub kind: String,
    /// Index into the province's districts.
    pub district: Option<usize>,
}

use std::collections::{HashMap, HashSet};

const UNITS_CSV: &str = include_str!("../../data/admin-units-2025.csv");

/// The 34 provinces with their communes, in code order.
pub fn provinces() -> anyhow::Result<Vec<Province>> {
    let mut reader = csv::Reader::from_reader(UNITS_CSV.as_bytes());
    let mut out: Vec<Province> = Vec::new();
    for row in reader.records() {
        let row = row?;
        let field = |i: usize| row.get(i).unwrap_or_default().to_string();
        let (pcode, mut pname) = (field(0), field(1));
        // The list names cities "Thành phố X" but provinces just "X": say "Tỉnh X" as documents do.
        if field(2) == "tỉnh" && !pname.starts_with("Tỉnh ") {
            pname = format!("Tỉnh {pname}");
        }
        let commune = Commune { code: field(3), name: field(4), kind: field(5), district: None };
        match out.iter_mut().find(|p| p.code == pcode) {
            Some(p) => p.communes.push(commune),
            None => out.push(Province { code: pcode, name: pname, districts: Vec::new(), communes: vec![commune] }),
        }
    }
    out.sort_by(|a, b| a.code.cmp(&b.code));
    for p in &mut out {
        p.communes.sort_by(|a, b| a.code.cmp(&b.code));
    }
    Ok(out)
}

const MERGER_CSV: &str = include_str!("../../data/admin-merger-2025.csv");

/// The statistics office's codes of the 63 provinces before 1 July 2025. Each of the 34 provinces
/// after it kept the code of one of those it was made of.
const OLD_CODES: [(&str, &str); 63] = [
    ("Hà Nội", "01"),
    ("Hà Giang", "02"),
    ("Cao Bằng", "04"),
    ("Bắc Kạn", "06"),
    ("Tuyên Quang", "08"),
    ("Lào Cai", "10"),
    ("Điện Biên", "11"),
    ("Lai Châu", "12"),
    ("Sơn La", "14"),
    ("Yên Bái", "15"),
    ("Hòa Bình", "17"),
    ("Thái Nguyên", "19"),
    ("Lạng Sơn", "20"),
    ("Quảng Ninh", "22"),
    ("Bắc Giang", "24"),
    ("Phú Thọ", "25"),
    ("Vĩnh Phúc", "26"),
    ("Bắc Ninh", "27"),
    ("Hải Dương", "30"),
    ("Hải Phòng", "31"),
    ("Hưng Yên", "33"),
    ("Thái Bình", "34"),
    ("Hà Nam", "35"),
    ("Nam Định", "36"),
    ("Ninh Bình", "37"),
    ("Thanh Hóa", "38"),
    ("Nghệ An", "40"),
    ("Hà Tĩnh", "42"),
    ("Quảng Bình", "44"),
    ("Quảng Trị", "45"),
    ("Huế", "46"),
    ("Đà Nẵng", "48"),
    ("Quảng Nam", "49"),
    ("Quảng Ngãi", "51"),
    ("Bình Định", "52"),
    ("Phú Yên", "54"),
    ("Khánh Hòa", "56"),
    ("Ninh Thuận", "58"),
    ("Bình Thuận", "60"),
    ("Kon Tum", "62"),
    ("Gia Lai", "64"),
    ("Đắk Lắk", "66"),
    ("Đắk Nông", "67"),
    ("Lâm Đồng", "68"),
    ("Bình Phước", "70"),
    ("Tây Ninh", "72"),
    ("Bình Dương", "74"),
    ("Đồng Nai", "75"),
    ("Bà Rịa-Vũng Tàu", "77"),
    ("Hồ Chí Minh", "79"),
    ("Long An", "80"),
    ("Tiền Giang", "82"),
    ("Bến Tre", "83"),
    ("Trà Vinh", "84"),
    ("Vĩnh Long", "86"),
    ("Đồng Tháp", "87"),
    ("An Giang", "89"),
    ("Kiên Giang", "91"),
    ("Cần Thơ", "92"),
    ("Hậu Giang", "93"),
    ("Sóc Trăng", "94"),
    ("Bạc Liêu", "95"),
    ("Cà Mau", "96"),
];

/// "Thành Phố Hà Nội" → "Thành phố Hà Nội": the table capitalizes every word of the kind.
fn tidy(name: &str) -> String {
    for kind in ["Thành Phố ", "Thị Xã ", "Thị Trấn ", "Đặc Khu "] {
        if let Some(rest) = name.strip_prefix(kind) {
            let mut words = kind.split(' ');
            let first = words.next().unwrap_or_default();
            let second = words.next().unwrap_or_default().to_lowercase();
            return format!("{first} {second} {rest}");
        }
    }
    name.to_string()
}

/// Where one old unit went on 1 July 2025: new commune codes (several for a commune split
/// between them) and the new province's code.
pub struct Went {
    pub province: String,
    pub communes: Vec<String>,
}

/// The country on 30 June 2025: 63 provinces with their districts and communes (old codes are
/// made up — `pp.Hnn` for districts, `pp.Hnn.Xnnn` for communes — as the table has only names),
/// and where every district and commune went. A district with no communes in the table (the
/// island districts) went whole to a special zone.
pub struct Before2025 {
    pub provinces: Vec<Province>,
    /// By old code: provinces, districts and communes.
    pub went: HashMap<String, Went>,
    /// New communes that no old one went to (established new: Xã Suối Tọ).
    pub established: Vec<(String, String)>,
}

pub fn before_2025() -> anyhow::Result<Before2025> {
    let after = provinces()?;
    let mut reader = csv::Reader::from_reader(MERGER_CSV.as_bytes());
    let mut out: Vec<Province> = Vec::new();
    let mut went: HashMap<String, Went> = HashMap::new();
    let mut reached: HashSet<String> = HashSet::new();
    for row in reader.records() {
        let row = row?;
        let field = |i: usize| tidy(row.get(i).unwrap_or_default().trim());
        let (pname, dname, cname, new_p, new_c) = (field(0), field(1), field(2), field(5), field(6));
        let short = pname.trim_start_matches("Tỉnh ").trim_start_matches("Thành phố ");
        let Some((_, pcode)) = OLD_CODES.iter().find(|(n, _)| *n == short) else {
            anyhow::bail!("the merger table names an unknown old province {pname}");
        };
        let pi = match out.iter().position(|p| p.code == *pcode) {
            Some(i) => i,
            None => {
                out.push(Province {
                    code: (*pcode).to_string(),
                    name: pname.clone(),
                    districts: Vec::new(),
                    communes: Vec::new(),
                });
                out.len() - 1
            }
        };
        let Some(p) = out.get_mut(pi) else { continue };
        let di = match p.districts.iter().position(|d| d.name == dname) {
            Some(i) => i,
            None => {
                let code = format!("{}.H{:02}", p.code, p.districts.len() + 1);
                p.districts.push(District { code, name: dname.clone() });
                p.districts.len() - 1
            }
        };
        let dcode = p.districts.get(di).map(|d| d.code.clone()).unwrap_or_default();
        let code = if cname.is_empty() {
            dcode
        } else {
            match p.communes.iter().find(|c| c.district == Some(di) && c.name == cname) {
                Some(c) => c.code.clone(),
                None => {
                    let n = p.communes.iter().filter(|c| c.district == Some(di)).count();
                    let code = format!("{dcode}.X{:03}", n + 1);
                    let kind = if cname.starts_with("Phường") {
                        "phường"
                    } else if cname.starts_with("Thị trấn") {
                        "thị trấn"
                    } else {
                        "xã"
                    };
                    p.communes.push(Commune { code: code.clone(), name: cname, kind: kind.into(), district: Some(di) });
                    code
                }
            }
        };
        let w = went.entry(code).or_insert_with(|| Went { province: new_p.clone(), communes: Vec::new() });
        if !w.communes.contains(&new_c) {
            w.communes.push(new_c.clone());
        }
        went.entry(p.code.clone()).or_insert_with(|| Went { province: new_p.clone(), communes: Vec::new() });
        reached.insert(new_c);
    }
    out.sort_by(|a, b| a.code.cmp(&b.code));
    let established = after
        .iter()
        .flat_map(|p| p.communes.iter().map(move |c| (p.code.clone(), c)))
        .filter(|(_, c)| !reached.contains(&c.code))
        .map(|(p, c)| (p, c.code.clone()))
        .collect();
    Ok(Before2025 { provinces: out, went, established })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_shipped_list_has_34_provinces_and_3321_communes() {
        let ps = super::provinces().unwrap_or_default();
        assert_eq!(ps.len(), 34);
        assert_eq!(ps.iter().map(|p| p.communes.len()).sum::<usize>(), 3321);
        let ha_tinh = ps.iter().find(|p| p.code == "42").map(|p| p.name.as_str());
        assert_eq!(ha_tinh, Some("Tỉnh Hà Tĩnh"));
    }

    #[test]
    fn every_new_province_keeps_the_code_of_one_it_was_made_of() {
        let before = super::before_2025().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(before.provinces.len(), 63);
        let districts: usize = before.provinces.iter().map(|p| p.districts.len()).sum();
        let communes: usize = before.provinces.iter().map(|p| p.communes.len()).sum();
        assert_eq!((districts, communes), (696, 10_038));
        let mut new_codes: Vec<&str> =
            before.provinces.iter().filter_map(|p| before.went.get(&p.code)).map(|w| w.province.as_str()).collect();
        new_codes.sort_unstable();
        new_codes.dedup();
        assert_eq!(new_codes.len(), 34);
        for code in new_codes {
            let kept = before
                .provinces
                .iter()
                .any(|p| p.code == code && before.went.get(&p.code).is_some_and(|w| w.province == code));
            assert!(kept, "new province {code} keeps no old code");
        }
        assert_eq!(before.established, vec![("14".to_string(), "03901".to_string())]);
        let split = before
            .provinces
            .iter()
            .flat_map(|p| &p.communes)
            .filter(|c| before.went.get(&c.code).is_some_and(|w| w.communes.len() > 1))
            .count();
        assert_eq!(split, 297);
    }
}
