//! Transfers that lose no one: a thousand members sent from one province to another with random
//! delays, counted exactly once at every date, with the members in transit counted apart.

use tinhgon::services::party::transfers::{self, Send};
use tinhgon::services::Ctx;
use tinhgon_domain::party::transfer::Kind;
use tinhgon_domain::{Date, UnitCode};

use crate::support::{backends, TempDir, TestDb};

const MEMBERS: usize = 1_000;

fn code(s: &str) -> UnitCode {
    UnitCode::parse(s).unwrap_or_else(|e| panic!("{e}"))
}

fn day(s: &str) -> Date {
    Date::parse(s).unwrap_or_else(|e| panic!("{e}"))
}

/// The nation, provinces A and B, each with a grassroots committee and five cells; a thousand
/// full members in A's cells.
fn register(db: &TestDb, dir: &TempDir) {
    let mut units = String::from("code,name,kind,parent,valid_from,sector\nVN,Việt Nam,nation,,2015-01-01,\n");
    for p in ["A", "B"] {
        units.push_str(&format!("{p},Tỉnh {p},province,VN,2015-01-01,\n{p}.G,Đảng bộ xã {p},party_grassroots_committee,{p},2015-01-01,commune\n"));
        for c in 1..=5 {
            units.push_str(&format!("{p}.G.C{c},Chi bộ {c},party_cell,{p}.G,2015-01-01,\n"));
        }
    }
    db.ok(&["import", "units", &dir.put("units.csv", &units)]);
    let mut members =
        String::from("person,full_name,gender,birth_date,unit,status,admitted_on,recognized_on,valid_from\n");
    for i in 0..MEMBERS {
        members.push_str(&format!(
            "M{i:04},Nguyễn Văn An,nam,01/01/1980,A.G.C{},official,01/01/2010,01/01/2011,01/01/2015\n",
            i % 5 + 1
        ));
    }
    db.ok(&["import", "members", &dir.put("members.csv", &members)]);
}

/// A small deterministic generator (the same delays on both databases).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

#[test]
fn a_thousand_members_between_two_provinces_are_each_counted_once_at_every_date() {
    let dir = TempDir::new("transfers");
    for b in backends() {
        let db = TestDb::new(b, "transfers");
        register(&db, &dir);
        let mut store = db.store();
        let cx = Ctx::operator_as("test", day("2026-12-01"), "2026-12-01T10:00:00Z".into());
        let mut rng = Lcg(12);
        let first = day("2025-01-01");
        // (sent, received) for each member; one in ten is never received.
        let mut moves: Vec<(Date, Option<Date>)> = Vec::new();
        for i in 0..MEMBERS {
            let sent = first.add_days(rng.below(330) as i32);
            let to = code(&format!("B.G.C{}", rng.below(5) + 1));
            let person = format!("M{i:04}");
            let letter = format!("{}-GGT/ĐU", i + 1);
            let send = Send {
                person: person.clone(),
                kind: Kind::Official,
                to_cell: Some(to),
                destination: None,
                sent_on: sent,
                returns_on: None,
                letter,
                reason: Some("chuyển công tác".into()),
            };
            let id = transfers::send(&mut store, &cx, &send)
                .unwrap_or_else(|e| panic!("{b:?} {person}: {:?}", e.messages()));
            let received = (rng.below(10) > 0).then(|| sent.add_days(1 + rng.below(60) as i32));
            if let Some(on) = received {
                transfers::receive(&mut store, &cx, id, on)
                    .unwrap_or_else(|e| panic!("{b:?} {person}: {:?}", e.messages()));
            }
            moves.push((sent, received));
        }
        let index = store.load_index().unwrap_or_else(|e| panic!("{e}"));
        let mut d = day("2024-12-25");
        // Every day from before the first transfer to after the last receipt.
        while d <= day("2026-02-01") {
            let expected = moves.iter().filter(|(s, r)| *s <= d && r.is_none_or(|r| r > d)).count() as u64;
            let figures = |u: &str| index.figures(&code(u), d).unwrap_or_else(|e| panic!("{e}")).members;
            let (all, a, bb) = (figures("VN"), figures("A"), figures("B"));
            assert_eq!(all.in_transit, expected, "{b:?} on {d}: in transit");
            assert_eq!(all.total + all.in_transit, MEMBERS as u64, "{b:?} on {d}: everyone once");
            assert_eq!(a.total + bb.total + a.in_transit + bb.in_transit, MEMBERS as u64, "{b:?} on {d}");
            assert_eq!(bb.in_transit, 0, "{b:?} on {d}: the sending side counts the transit");
            // In the register itself: one membership period in force per member, neither none nor two.
            let (none, twice) = store
                .read(|tx| {
                    let at = d.to_string();
                    let counts = "SELECT p.id, (SELECT COUNT(*) FROM membership m WHERE m.person_id = p.id AND m.valid_from <= $1
                                   AND (m.valid_to IS NULL OR m.valid_to > $1)) AS n FROM person p";
                    let none = tx.query_one(&format!("SELECT COUNT(*) FROM ({counts}) c WHERE c.n = 0"), &[at.as_str().into()])?.int(0)?;
                    let twice = tx.query_one(&format!("SELECT COUNT(*) FROM ({counts}) c WHERE c.n > 1"), &[at.as_str().into()])?.int(0)?;
                    Ok((none, twice))
                })
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!((none, twice), (0, 0), "{b:?} on {d}");
            d = d.add_days(1);
        }
        // The figures of the year: every member sent out of A, those received into B.
        let party =
            tinhgon::services::party::stats::period(&mut store, &cx, &code("A"), day("2025-01-01"), day("2026-01-01"))
                .unwrap_or_else(|e| panic!("{:?}", e.messages()));
        assert_eq!(party.counts.transfers_out, MEMBERS as i64, "{b:?}");
        let received = moves.iter().filter(|(_, r)| r.is_some_and(|r| r < day("2026-01-01"))).count() as i64;
        let into_b =
            tinhgon::services::party::stats::period(&mut store, &cx, &code("B"), day("2025-01-01"), day("2026-01-01"))
                .unwrap_or_else(|e| panic!("{:?}", e.messages()));
        assert_eq!(into_b.counts.transfers_in, received, "{b:?}");
        let in_transit_end =
            moves.iter().filter(|(s, r)| *s <= day("2025-12-31") && r.is_none_or(|r| r > day("2025-12-31"))).count()
                as i64;
        assert_eq!(party.in_transit, in_transit_end, "{b:?}: the sending side holds the transits");
        // Both sides see the transits; those past their 30 working days are overdue.
        let listed = transfers::list(&mut store, &cx).unwrap_or_else(|e| panic!("{:?}", e.messages()));
        let waiting = listed.iter().filter(|v| v.standing == transfers::Standing::InTransit).count();
        assert_eq!(waiting, moves.iter().filter(|(_, r)| r.is_none()).count(), "{b:?}");
        assert!(listed.iter().filter(|v| v.standing == transfers::Standing::InTransit).all(|v| v.overdue), "{b:?}");
        drop(store);

        // Bad transfers: to a unit that holds no members, a receipt never sent, one received twice.
        db.refused(
            &["transfer", "send", "--person", "M0000", "--to", "A.G", "--on", "01/06/2026", "--letter", "9-GGT/ĐU"],
            "không có đảng viên sinh hoạt; hãy chọn một chi bộ",
        );
        db.refused(&["transfer", "receive", "99999", "--on", "01/06/2026"], "Không có lần chuyển sinh hoạt số 99999");
        db.refused(&["transfer", "receive", "1", "--on", "01/06/2026"], "đã được nhận ngày");
        // Within one grassroots organization a transfer is one step: no transit.
        let moved = db.ok(&[
            "transfer",
            "send",
            "--person",
            "M0000",
            "--to",
            "B.G.C2",
            "--on",
            "01/06/2026",
            "--letter",
            "10-GGT/ĐU",
        ]);
        assert!(moved.contains("Đã chuyển sinh hoạt"), "{b:?}: {moved}");
        let last = db
            .store()
            .read(|tx| {
                let r = tx.query_one(
                    "SELECT u.code, m.status, m.valid_from FROM membership m JOIN person p ON p.id = m.person_id
                     JOIN unit u ON u.id = m.unit_id WHERE p.code = 'M0000' ORDER BY m.valid_from DESC LIMIT 1",
                    &[],
                )?;
                Ok(format!("{} {} {}", r.text(0)?, r.text(1)?, r.text(2)?))
            })
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(last, "B.G.C2 official 2026-06-01", "{b:?}: moved the same day, never in transit");
        db.ok(&["verify"]);
    }
}
