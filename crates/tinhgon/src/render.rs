//! Figures as people read them: Vietnamese labels first, numbers as `17.852`, shares as `24,07%`.

use crate::i18n::Label;
use std::fmt::Write as _;

use tinhgon_domain::catalog::{Education, Rank, Sector, StaffCategory, Theory, UnitKind};
use tinhgon_domain::stats::{Comparison, Figures};
use tinhgon_domain::text::{format_delta, format_int, format_percent};

fn age_label(code: &str) -> &str {
    match code {
        "under_30" => "Dưới 30 tuổi",
        "30_40" => "Từ 30 đến 40 tuổi",
        "41_50" => "Từ 41 đến 50 tuổi",
        "51_60" => "Từ 51 đến 60 tuổi",
        "61_70" => "Từ 61 đến 70 tuổi",
        _ => "Trên 70 tuổi",
    }
}

struct Table<'a> {
    out: &'a mut String,
    compare: bool,
}

impl Table<'_> {
    fn line(&mut self, name: &str, now: i64, then: Option<i64>, extra: &str) {
        let _ = write!(self.out, "  {name:<52} {:>12}", format_int(now));
        if self.compare {
            let then = then.unwrap_or(0);
            let _ = write!(self.out, " {:>12} {:>10}", format_int(then), format_delta(now - then));
        }
        let _ = writeln!(self.out, "{extra}");
    }
}

fn get(map: &std::collections::BTreeMap<&'static str, u64>, key: &str) -> i64 {
    map.get(key).copied().unwrap_or(0) as i64
}

/// The figures of one unit, with the other date's and the difference when comparing.
pub fn figures(f: &Figures, cmp: Option<&Comparison>) -> String {
    let mut out = String::new();
    let then = cmp.map(|c| &c.figures);
    let _ = writeln!(out, "Đơn vị / Unit: {} — {} ({})", f.unit.code, f.unit.name, f.unit.kind.label_vi());
    match cmp {
        Some(c) => {
            let _ = writeln!(out, "Ngày / Date: {}   so với / compared with {}", f.at.vn(), c.at.vn());
            let _ = writeln!(out, "  {:<52} {:>12} {:>12} {:>10}", "", f.at.vn(), c.at.vn(), "Chênh lệch");
        }
        None => {
            let _ = writeln!(out, "Ngày / Date: {}", f.at.vn());
        }
    }
    let mut t = Table { out: &mut out, compare: cmp.is_some() };

    let _ = writeln!(t.out, "\nĐơn vị trực thuộc theo loại / Units below, by kind");
    let total_now: u64 = f.units_by_kind.values().sum();
    let total_then: Option<u64> = then.map(|t| t.units_by_kind.values().sum());
    for k in UnitKind::ALL {
        let (n, p) = (get(&f.units_by_kind, k.code()), then.map(|t| get(&t.units_by_kind, k.code())));
        if n != 0 || p.unwrap_or(0) != 0 {
            t.line(&k.label_vi(), n, p, "");
        }
    }
    t.line("Tổng số đầu mối / All units", total_now as i64, total_then.map(|v| v as i64), "");

    let _ = writeln!(t.out, "\nTổ chức cơ sở đảng theo loại hình / Grassroots party organizations by sector");
    let mut orgs = (0i64, 0i64);
    for s in Sector::ALL {
        let now = f.grassroots_by_sector.get(s.code()).copied();
        let old = then.and_then(|t| t.grassroots_by_sector.get(s.code()).copied());
        if now.is_none() && old.is_none() {
            continue;
        }
        let (o, m) = now.map_or((0, 0), |x| (x.organizations as i64, x.members as i64));
        orgs = (orgs.0 + o, orgs.1 + m);
        t.line(&format!("{} — tổ chức", s.label_vi()), o, old.map(|x| x.organizations as i64), "");
        t.line(&format!("{} — đảng viên", s.label_vi()), m, old.map(|x| x.members as i64), "");
    }
    let old_orgs = then.map(|t| {
        t.grassroots_by_sector
            .values()
            .fold((0i64, 0i64), |a, x| (a.0 + x.organizations as i64, a.1 + x.members as i64))
    });
    t.line("Cộng — tổ chức cơ sở đảng", orgs.0, old_orgs.map(|x| x.0), "");
    t.line("Cộng — đảng viên", orgs.1, old_orgs.map(|x| x.1), "");

    let m = &f.members;
    let pm = then.map(|t| &t.members);
    let share = |part: u64, whole: u64| {
        format_percent(part as i64, whole as i64).map_or_else(String::new, |p| format!("  ({p})"))
    };
    let _ = writeln!(t.out, "\nĐảng viên / Party members");
    t.line("Tổng số đảng viên (đảng số)", m.total as i64, pm.map(|x| x.total as i64), "");
    t.line("Đảng viên chính thức", m.official as i64, pm.map(|x| x.official as i64), &share(m.official, m.total));
    t.line(
        "Đảng viên dự bị",
        m.probationary as i64,
        pm.map(|x| x.probationary as i64),
        &share(m.probationary, m.total),
    );
    t.line("Nữ", m.women as i64, pm.map(|x| x.women as i64), &share(m.women, m.total));
    t.line(
        "Người dân tộc thiểu số",
        m.ethnic_minority as i64,
        pm.map(|x| x.ethnic_minority as i64),
        &share(m.ethnic_minority, m.total),
    );
    for band in tinhgon_domain::stats::AGE_BANDS {
        let n = get(&m.by_age_band, band);
        t.line(age_label(band), n, pm.map(|x| get(&x.by_age_band, band)), &share(n as u64, m.total));
    }
    for e in Education::ALL {
        let n = get(&m.by_education, e.code());
        t.line(
            &format!("Trình độ: {}", e.label_vi()),
            n,
            pm.map(|x| get(&x.by_education, e.code())),
            &share(n as u64, m.total),
        );
    }
    for e in Theory::ALL {
        let n = get(&m.by_theory, e.code());
        t.line(
            &format!("Lý luận chính trị: {}", e.label_vi()),
            n,
            pm.map(|x| get(&x.by_theory, e.code())),
            &share(n as u64, m.total),
        );
    }
    t.line("Xóa tên (lũy kế)", m.removed as i64, pm.map(|x| x.removed as i64), "");
    t.line("Khai trừ (lũy kế)", m.expelled as i64, pm.map(|x| x.expelled as i64), "");
    t.line("Từ trần (lũy kế)", m.deceased as i64, pm.map(|x| x.deceased as i64), "");
    t.line("Chuyển sinh hoạt đi (lũy kế)", m.transferred_out as i64, pm.map(|x| x.transferred_out as i64), "");
    t.line("Cho ra khỏi Đảng (lũy kế)", m.resigned as i64, pm.map(|x| x.resigned as i64), "");
    t.line("Đang chuyển sinh hoạt (chưa nhận)", m.in_transit as i64, pm.map(|x| x.in_transit as i64), "");

    let _ = writeln!(t.out, "\nChức vụ theo cấp / Positions by rank");
    for r in Rank::ALL {
        t.line(
            &r.label_vi(),
            get(&f.positions_by_rank, r.code()),
            then.map(|x| get(&x.positions_by_rank, r.code())),
            "",
        );
    }

    let s = &f.staffing;
    let _ = writeln!(t.out, "\nBiên chế năm {} / Staffing", s.year);
    t.line("Biên chế được giao", s.quota as i64, then.map(|x| x.staffing.quota as i64), "");
    t.line("Có mặt", s.actual as i64, then.map(|x| x.staffing.actual as i64), &share(s.actual, s.quota));
    let categories = StaffCategory::ALL
        .iter()
        .map(|c| (c.code(), c.label_vi()))
        .chain([(tinhgon_domain::stats::UNCLASSIFIED_CODE, "Chưa phân loại".to_string())]);
    for (code, label) in categories {
        let now = s.by_category.get(code).copied();
        let old = then.and_then(|x| x.staffing.by_category.get(code).copied());
        if now.is_none() && old.is_none() {
            continue;
        }
        let (q, a) = now.map_or((0, 0), |x| (x.quota as i64, x.actual as i64));
        t.line(&format!("{label} — biên chế"), q, old.map(|x| x.quota as i64), "");
        t.line(&format!("{label} — có mặt"), a, old.map(|x| x.actual as i64), "");
    }
    out
}

/// The JSON object of `stats --json`: the figures, plus `compare` with the other date's figures
/// and the differences.
pub fn figures_json(f: &Figures, cmp: Option<&Comparison>) -> serde_json::Value {
    let mut v = serde_json::to_value(f).unwrap_or_default();
    if let (Some(c), serde_json::Value::Object(map)) = (cmp, &mut v) {
        let mut compare = serde_json::to_value(c).unwrap_or_default();
        if let serde_json::Value::Object(m) = &mut compare {
            m.insert("difference".into(), difference(f, &c.figures));
        }
        map.insert("compare".into(), compare);
    }
    v
}

/// Every count of the main figures minus the same count on the other date, recursively; keys
/// present on either date appear; names, codes and dates are left out.
fn difference(now: &Figures, then: &Figures) -> serde_json::Value {
    let a = serde_json::to_value(now).unwrap_or_default();
    let b = serde_json::to_value(then).unwrap_or_default();
    let mut out = diff_values(&a, &b).unwrap_or_default();
    if let serde_json::Value::Object(map) = &mut out {
        map.remove("unit");
        map.remove("at");
        if let Some(serde_json::Value::Object(s)) = map.get_mut("staffing") {
            s.remove("year");
        }
    }
    out
}

fn diff_values(a: &serde_json::Value, b: &serde_json::Value) -> Option<serde_json::Value> {
    use serde_json::Value as V;
    match (a, b) {
        (V::Number(x), V::Number(y)) => Some(V::from(x.as_i64()? - y.as_i64()?)),
        (V::Number(x), V::Null) => Some(V::from(x.as_i64()?)),
        (V::Null, V::Number(y)) => Some(V::from(-y.as_i64()?)),
        (V::Object(x), V::Object(y)) => {
            let mut out = serde_json::Map::new();
            for k in x.keys().chain(y.keys()) {
                if out.contains_key(k) {
                    continue;
                }
                let d = match (x.get(k), y.get(k)) {
                    (Some(p), Some(q)) => diff_values(p, q),
                    (Some(p), None) => diff_values(p, &zero_like(p)),
                    (None, Some(q)) => diff_values(&zero_like(q), q),
                    (None, None) => None,
                };
                if let Some(d) = d {
                    out.insert(k.clone(), d);
                }
            }
            Some(V::Object(out))
        }
        _ => None,
    }
}

fn zero_like(v: &serde_json::Value) -> serde_json::Value {
    match v {
        serde_json::Value::Number(_) => serde_json::Value::from(0),
        serde_json::Value::Object(m) => {
            serde_json::Value::Object(m.iter().map(|(k, v)| (k.clone(), zero_like(v))).collect())
        }
        _ => serde_json::Value::Null,
    }
}

/// Adds a year's party work to the object of `stats --json` (and the compared year's to its
/// `compare`).
pub fn with_party_work(
    v: &mut serde_json::Value,
    now: &crate::services::party::report::YearReport,
    then: Option<&crate::services::party::report::YearReport>,
) {
    if let serde_json::Value::Object(map) = v {
        map.insert("party_work".into(), serde_json::to_value(now).unwrap_or_default());
        if let (Some(w), Some(serde_json::Value::Object(c))) = (then, map.get_mut("compare")) {
            c.insert("party_work".into(), serde_json::to_value(w).unwrap_or_default());
        }
    }
}

/// A year's party work as text: meetings and visits, then the decided ratings by kind of subject
/// with the share of the top grade and of "well or better", and the compared year beside it.
pub fn party_work(
    w: &crate::services::party::report::YearReport,
    other: Option<&crate::services::party::report::YearReport>,
) -> String {
    use crate::services::party::ratings::Tally;
    let mut out = String::new();
    let header = match other {
        Some(o) => format!("{} / so với / compared with {}", w.year, o.year),
        None => w.year.to_string(),
    };
    let _ = writeln!(out, "\nCông tác đảng năm / Party work of {header}");
    let m = &w.meetings;
    let _ = writeln!(
        out,
        "  Sinh hoạt đã họp / Meetings held: {}; dự họp / attendance {}; lượt cán bộ cấp trên dự / visits by higher-level officials: {}",
        m.held,
        m.attendance.vn(),
        m.visits
    );
    if let Some(o) = other {
        let _ =
            writeln!(out, "    {}: {}; {}; {}", o.year, o.meetings.held, o.meetings.attendance.vn(), o.meetings.visits);
    }
    let line = |out: &mut String, label: &str, t: &Tally, then: Option<&Tally>| {
        let share = |t: &Tally| {
            let top = t.top.map(|s| format!("{} ({})", s.count, s.vn())).unwrap_or_else(|| "—".into());
            let good = t.good_or_better.map(|s| s.vn()).unwrap_or_else(|| "—".into());
            format!("{} xếp loại / rated; mức cao nhất / top grade {top}; tốt trở lên / well or better {good}", t.rated)
        };
        let _ = writeln!(out, "  {label}: {}", share(t));
        if let Some(p) = then {
            let _ = writeln!(out, "    {}", share(p));
        }
    };
    let i = &w.inspection;
    let _ = writeln!(
        out,
        "  Kiểm tra / inspections {} (đã kết luận / concluded {}); giám sát / supervisions {} ({}); tố cáo / denunciations {} (đã giải quyết / settled {}); khiếu nại / complaints {} ({})",
        i.inspections.total,
        i.inspections.concluded,
        i.supervisions.total,
        i.supervisions.concluded,
        i.denunciations.total,
        i.denunciations.concluded,
        i.complaints.total,
        i.complaints.concluded
    );
    let forms: Vec<String> = i.members_disciplined.iter().map(|(f, n)| format!("{f} {n}")).collect();
    let _ = writeln!(
        out,
        "  Đảng viên bị kỷ luật / members disciplined: {}",
        if forms.is_empty() { "0".into() } else { forms.join(", ") }
    );
    for (kind, t) in &w.ratings.organizations {
        let label = &UnitKind::parse(kind).map_or_else(|_| kind.to_string(), |k| k.label_vi());
        line(&mut out, label, t, other.and_then(|o| o.ratings.organizations.get(kind)));
    }
    line(&mut out, "Đảng viên / Members", &w.ratings.members, other.map(|o| &o.ratings.members));
    line(
        &mut out,
        "Tập thể lãnh đạo / Leading collectives",
        &w.ratings.collectives,
        other.map(|o| &o.ratings.collectives),
    );
    out
}
