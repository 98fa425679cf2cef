//! Sentences of a report written from the register's figures, the way the committees write them:
//! seed 002's "hiện có hơn 7.800 đảng viên sinh hoạt tại 105 tổ chức cơ sở đảng; với đa dạng loại
//! hình (49 tổ chức đảng trong cơ quan hành chính, 2.978 đảng viên; …)".

use crate::catalog::Sector;
use crate::stats::Figures;
use crate::text::format_int;

/// How a sector is named after "tổ chức đảng trong"; `label` is its Vietnamese label.
fn sector_phrase(s: Sector, label: &dyn Fn(Sector) -> String) -> String {
    match s {
        Sector::Commune => "xã, phường, đặc khu".into(),
        Sector::ArmedForces => "lực lượng vũ trang".into(),
        Sector::Other => "loại hình khác".into(),
        // The labels of the enterprise and agency sectors read as the reports write them once
        // their first letter is lower case ("cơ quan hành chính", "doanh nghiệp 100% vốn Nhà nước").
        s => {
            let l = label(s);
            let mut c = l.chars();
            c.next().map_or_else(String::new, |f| f.to_lowercase().chain(c).collect())
        }
    }
}

/// A count of members as a report rounds it: "hơn 7.800" for 7,841, exact under a thousand or on a
/// round hundred.
pub fn about(n: u64) -> String {
    if n < 1_000 || n.is_multiple_of(100) {
        format_int(n as i64)
    } else {
        format!("hơn {}", format_int((n / 100 * 100) as i64))
    }
}

/// The paragraph of a unit's grassroots party organizations and members by sector, from its
/// figures: "<unit> hiện có hơn 7.800 đảng viên sinh hoạt tại 105 tổ chức cơ sở đảng; với đa dạng
/// loại hình (49 tổ chức đảng trong cơ quan hành chính, 2.978 đảng viên; …)."
/// `label` gives a sector's Vietnamese label, from the catalogs.
pub fn sectors_paragraph(unit_name: &str, f: &Figures, label: &dyn Fn(Sector) -> String) -> String {
    let parts: Vec<String> = Sector::ALL
        .iter()
        .filter_map(|s| {
            let g = f.grassroots_by_sector.get(s.code())?;
            (g.organizations > 0).then(|| {
                format!(
                    "{} tổ chức đảng trong {}, {} đảng viên",
                    format_int(g.organizations as i64),
                    sector_phrase(*s, label),
                    format_int(g.members as i64)
                )
            })
        })
        .collect();
    let orgs: u64 = f.grassroots_by_sector.values().map(|g| g.organizations).sum();
    let mut text = format!(
        "{unit_name} hiện có {} đảng viên sinh hoạt tại {} tổ chức cơ sở đảng",
        about(f.members.total),
        format_int(orgs as i64)
    );
    match parts.len() {
        0 => {}
        1 => text.push_str(&format!(" ({})", parts.join("; "))),
        _ => text.push_str(&format!("; với đa dạng loại hình ({})", parts.join("; "))),
    }
    text.push('.');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The labels the tests name, as the Vietnamese catalog has them.
    fn label(s: Sector) -> String {
        match s {
            Sector::Soe100 => "Doanh nghiệp 100% vốn Nhà nước",
            Sector::Private => "Doanh nghiệp cổ phần, doanh nghiệp tư nhân",
            _ => "",
        }
        .to_string()
    }

    #[test]
    fn members_are_rounded_as_a_report_rounds_them() {
        assert_eq!(about(7_841), "hơn 7.800");
        assert_eq!(about(7_800), "7.800");
        assert_eq!(about(331), "331");
        assert_eq!(sector_phrase(Sector::Soe100, &label), "doanh nghiệp 100% vốn Nhà nước");
        assert_eq!(sector_phrase(Sector::Private, &label), "doanh nghiệp cổ phần, doanh nghiệp tư nhân");
    }
}
