//! `tinhgon verify`: the change-log chain and the register's invariants.

use serde::Serialize;
use std::collections::HashMap;

use tinhgon_domain::register::{covered, Timeline};
use tinhgon_domain::Validity;

use crate::log::{from_row, hash_of, GENESIS, SELECT};
use crate::sql::Tx;
use crate::units::spans;
use crate::StoreError;

/// One thing found wrong.
#[derive(Clone, Debug, Serialize)]
pub struct Finding {
    pub what: String,
    pub vi: String,
    pub en: String,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct VerifyReport {
    pub log_entries: i64,
    pub units: usize,
    pub findings: Vec<Finding>,
}

impl VerifyReport {
    pub fn ok(&self) -> bool {
        self.findings.is_empty()
    }
}

/// At most this many findings of one kind are listed; the count says the rest.
const MAX_LISTED: usize = 50;

pub(crate) fn run(tx: &mut Tx<'_>) -> Result<VerifyReport, StoreError> {
    let mut report = VerifyReport::default();
    check_chain(tx, &mut report)?;
    check_tree(tx, &mut report)?;
    check_memberships(tx, &mut report)?;
    check_positions(tx, &mut report)?;
    Ok(report)
}

fn check_chain(tx: &mut Tx<'_>, report: &mut VerifyReport) -> Result<(), StoreError> {
    let mut expected_seq = 1i64;
    let mut prev = GENESIS.to_string();
    let mut broken = 0usize;
    tx.for_each(&format!("{SELECT} ORDER BY seq"), &[], |r| {
        let e = from_row(&r)?;
        report.log_entries += 1;
        let mut problems = Vec::new();
        if e.seq != expected_seq {
            problems.push((
                format!("nhật ký thiếu mục {expected_seq} (gặp mục {})", e.seq),
                format!("change-log entry {expected_seq} is missing (found {})", e.seq),
            ));
        }
        if e.prev_hash != prev {
            problems.push((
                format!("mục {} không nối với mục trước (chuỗi băm bị đứt)", e.seq),
                format!("entry {} does not follow from the previous one (hash chain broken)", e.seq),
            ));
        }
        if hash_of(&e) != e.hash {
            problems.push((
                format!("nội dung mục {} đã bị sửa sau khi ghi", e.seq),
                format!("entry {} was altered after it was written", e.seq),
            ));
        }
        for (vi, en) in problems {
            broken += 1;
            if broken <= MAX_LISTED {
                report.findings.push(Finding { what: "change_log".into(), vi, en });
            }
        }
        expected_seq = e.seq + 1;
        prev = e.hash;
        Ok(())
    })?;
    if broken > MAX_LISTED {
        report.findings.push(Finding {
            what: "change_log".into(),
            vi: format!("… và {} lỗi khác trong nhật ký", broken - MAX_LISTED),
            en: format!("… and {} more change-log problems", broken - MAX_LISTED),
        });
    }
    // Rows must cite an entry that exists.
    for table in ["unit_version", "person", "membership", "assignment", "quota"] {
        let orphans = tx
            .query_one(
                &format!(
                    "SELECT COUNT(*) FROM {table} t WHERE NOT EXISTS (SELECT 1 FROM change_log c WHERE c.seq = t.log_seq)"
                ),
                &[],
            )?
            .int(0)?;
        if orphans > 0 {
            report.findings.push(Finding {
                what: table.into(),
                vi: format!("{orphans} dòng của bảng {table} không có mục nhật ký đã ghi ra nó"),
                en: format!("{orphans} rows of {table} cite no change-log entry"),
            });
        }
    }
    Ok(())
}

fn check_tree(tx: &mut Tx<'_>, report: &mut VerifyReport) -> Result<(), StoreError> {
    let timeline = Timeline::new(spans(tx)?);
    report.units = tx.query_one("SELECT COUNT(*) FROM unit", &[])?.int(0)? as usize;
    for (code, e) in timeline.check_all().into_iter().take(MAX_LISTED) {
        report.findings.push(Finding { what: format!("unit {code}"), vi: e.vi(), en: e.to_string() });
    }
    Ok(())
}

fn check_memberships(tx: &mut Tx<'_>, report: &mut VerifyReport) -> Result<(), StoreError> {
    let bad_recognition = tx
        .query_one(
            "SELECT COUNT(*) FROM membership WHERE recognized_on IS NOT NULL AND recognized_on < admitted_on",
            &[],
        )?
        .int(0)?;
    if bad_recognition > 0 {
        report.findings.push(Finding {
            what: "membership".into(),
            vi: format!("{bad_recognition} đảng viên có ngày công nhận chính thức trước ngày kết nạp"),
            en: format!("{bad_recognition} memberships are recognized before admission"),
        });
    }
    // Two periods of one person that overlap: membership is one cell at a time.
    let overlaps = tx
        .query_one(
            "SELECT COUNT(*) FROM membership a JOIN membership b
               ON a.person_id = b.person_id AND a.id < b.id
              AND a.valid_from < COALESCE(b.valid_to, '9999-12-31')
              AND b.valid_from < COALESCE(a.valid_to, '9999-12-31')",
            &[],
        )?
        .int(0)?;
    if overlaps > 0 {
        report.findings.push(Finding {
            what: "membership".into(),
            vi: format!("{overlaps} cặp giai đoạn sinh hoạt đảng của cùng một người chồng lên nhau"),
            en: format!("{overlaps} pairs of one person's membership periods overlap"),
        });
    }
    // Every person's given name must be in the list the search walks, or the search would miss them.
    let unlisted = tx
        .query_one(
            "SELECT COUNT(*) FROM person p WHERE NOT EXISTS
               (SELECT 1 FROM given_name g WHERE g.given_fold = p.given_fold)",
            &[],
        )?
        .int(0)?;
    if unlisted > 0 {
        report.findings.push(Finding {
            what: "given_name".into(),
            vi: format!("{unlisted} người có tên gọi không có trong danh sách tên dùng để tìm kiếm"),
            en: format!("{unlisted} people have a given name missing from the search's list"),
        });
    }
    let bad_interval = ["membership", "assignment", "unit_version"]
        .iter()
        .map(|t| {
            tx.query_one(
                &format!("SELECT COUNT(*) FROM {t} WHERE valid_to IS NOT NULL AND valid_to <= valid_from"),
                &[],
            )
            .and_then(|r| r.int(0))
        })
        .sum::<Result<i64, _>>()?;
    if bad_interval > 0 {
        report.findings.push(Finding {
            what: "validity".into(),
            vi: format!("{bad_interval} dòng có ngày kết thúc không sau ngày bắt đầu"),
            en: format!("{bad_interval} rows end on or before they begin"),
        });
    }
    Ok(())
}

/// A person holds one main job at a time, and a post in a party organization is held by a member.
fn check_positions(tx: &mut Tx<'_>, report: &mut VerifyReport) -> Result<(), StoreError> {
    let mut listed = 0usize;
    let mut overlapping = 0usize;
    tx.for_each(
        "SELECT p.code, ua.code, a.title, ub.code, b.title, b.valid_from
         FROM assignment a JOIN assignment b
           ON a.person_id = b.person_id AND a.id < b.id AND a.is_primary = 1 AND b.is_primary = 1
          AND a.valid_from < COALESCE(b.valid_to, '9999-12-31')
          AND b.valid_from < COALESCE(a.valid_to, '9999-12-31')
         JOIN person p ON p.id = a.person_id JOIN unit ua ON ua.id = a.unit_id JOIN unit ub ON ub.id = b.unit_id
         ORDER BY p.code",
        &[],
        |r| {
            overlapping += 1;
            if listed < MAX_LISTED {
                listed += 1;
                let (person, from) = (r.str(0).to_string(), r.date(5)?);
                let (ua, ta, ub, tb) =
                    (r.str(1).to_string(), r.str(2).to_string(), r.str(3).to_string(), r.str(4).to_string());
                report.findings.push(Finding {
                    what: format!("person {person}"),
                    vi: format!(
                        "{person} có hai công việc chính cùng lúc từ ngày {}: «{ta}» tại {ua} và «{tb}» tại {ub}",
                        from.vn()
                    ),
                    en: format!("{person} holds two main jobs at once from {from}: '{ta}' in {ua} and '{tb}' in {ub}"),
                });
            }
            Ok(())
        },
    )?;
    if overlapping > listed {
        report.findings.push(Finding {
            what: "assignment".into(),
            vi: format!("… và {} cặp công việc chính chồng lên nhau khác", overlapping - listed),
            en: format!("… and {} more pairs of overlapping main jobs", overlapping - listed),
        });
    }
    // Posts above staff in party organizations (not their commissions), by person.
    let mut posts: HashMap<i64, Vec<(String, String, String, Validity)>> = HashMap::new();
    tx.for_each(
        "SELECT a.person_id, p.code, u.code, a.title, a.valid_from, a.valid_to
         FROM assignment a JOIN person p ON p.id = a.person_id JOIN unit u ON u.id = a.unit_id
         JOIN unit_version v ON v.unit_id = a.unit_id AND v.valid_from <= a.valid_from
          AND (v.valid_to IS NULL OR v.valid_to > a.valid_from)
         WHERE v.kind LIKE 'party_%' AND v.kind <> 'party_commission' AND a.rank <> 'staff'",
        &[],
        |r| {
            let v = Validity { from: r.date(4)?, to: r.opt_date(5)? };
            posts.entry(r.int(0)?).or_default().push((
                r.str(1).to_string(),
                r.str(2).to_string(),
                r.str(3).to_string(),
                v,
            ));
            Ok(())
        },
    )?;
    let mut active: HashMap<i64, Vec<Validity>> = HashMap::new();
    tx.for_each(
        "SELECT person_id, valid_from, valid_to FROM membership WHERE status IN ('probationary', 'official')",
        &[],
        |r| {
            let person = r.int(0)?;
            if posts.contains_key(&person) {
                active.entry(person).or_default().push(Validity { from: r.date(1)?, to: r.opt_date(2)? });
            }
            Ok(())
        },
    )?;
    let mut bad: Vec<&(String, String, String, Validity)> = posts
        .iter()
        .flat_map(|(person, list)| {
            let periods = active.get(person).map_or(&[][..], Vec::as_slice);
            list.iter().filter(move |(_, _, _, v)| !covered(periods, v))
        })
        .collect();
    bad.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    for (person, unit, title, v) in bad.iter().take(MAX_LISTED) {
        report.findings.push(Finding {
            what: format!("person {person}"),
            vi: format!(
                "{person} giữ chức vụ «{title}» tại tổ chức đảng {unit} từ ngày {} mà không là đảng viên suốt thời gian đó",
                v.from.vn()
            ),
            en: format!("{person} holds '{title}' in the party organization {unit} from {} without being a member throughout", v.from),
        });
    }
    if bad.len() > MAX_LISTED {
        report.findings.push(Finding {
            what: "assignment".into(),
            vi: format!("… và {} chức vụ đảng khác do người không là đảng viên giữ", bad.len() - MAX_LISTED),
            en: format!("… and {} more party posts held by non-members", bad.len() - MAX_LISTED),
        });
    }
    Ok(())
}
