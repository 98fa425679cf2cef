//! The real provinces and communes after 1 July 2025, from the statistics office's list shipped in
//! `data/admin-units-2025.csv`.

pub struct Province {
    pub code: String,
    pub name: String,
    pub communes: Vec<Commune>,
}

pub struct Commune {
    pub code: String,
    pub name: String,
    /// `xã`, `phường` or `đặc khu`.
    pub kind: String,
}

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
        let commune = Commune { code: field(3), name: field(4), kind: field(5) };
        match out.iter_mut().find(|p| p.code == pcode) {
            Some(p) => p.communes.push(commune),
            None => out.push(Province { code: pcode, name: pname, communes: vec![commune] }),
        }
    }
    out.sort_by(|a, b| a.code.cmp(&b.code));
    for p in &mut out {
        p.communes.sort_by(|a, b| a.code.cmp(&b.code));
    }
    Ok(out)
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
}
