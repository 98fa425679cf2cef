//! Reach as a capability, counted: representative requests — a unit's page, its statistics, its year of
//! party work (alone and beside another year), its meetings, its party work over a period, and
//! saving a campaign report — each
//! read or write in one transaction of the caller's scope and ask the reach about a unit a known
//! number of times, as the province's organization officer and as a ward secretary. A reader
//! that opened its own transaction again, or asked about the same unit again, changes a count.

use tinhgon::services::directives::campaigns::{self, Input, Launch};
use tinhgon::services::party::{meetings, report, stats as party_stats};
use tinhgon::services::register::views;
use tinhgon::services::stats::{figures, IndexCache};
use tinhgon::services::{Ctx, Guard, ScopeCache, Store};
use tinhgon_domain::directives::campaign::{CampaignKind, FigureKey};
use tinhgon_domain::{Date, UnitCode};

use crate::support::{backends, TestDb};

fn day(t: &str) -> Date {
    Date::parse(t).unwrap_or_else(|e| panic!("{e}"))
}

fn code(t: &str) -> UnitCode {
    UnitCode::parse(t).unwrap_or_else(|e| panic!("{e}"))
}

fn ctx(s: &mut Store, name: &str) -> Ctx {
    let cache = ScopeCache::default();
    let guard = s
        .read(|tx| {
            let account = tinhgon_store::accounts::account(tx, name)?.unwrap_or_else(|| panic!("no account {name}"));
            let seq = tinhgon_store::last_seq(tx)?;
            Guard::new(tx, &cache, seq, account)
        })
        .unwrap_or_else(|e| panic!("{e}"));
    Ctx::new(guard, day("2026-12-07"), "2026-12-07T08:00:00Z".into())
}

/// What one request cost: read and write transactions, reach checks.
fn cost<T>(s: &mut Store, cx: &Ctx, f: impl FnOnce(&mut Store) -> T) -> ((u64, u64), u64, T) {
    let ((r0, w0), c0) = (s.transactions(), cx.guard.checks());
    let out = f(s);
    let ((r1, w1), c1) = (s.transactions(), cx.guard.checks());
    ((r1 - r0, w1 - w0), c1 - c0, out)
}

#[test]
fn each_request_reads_or_writes_in_one_transaction_and_asks_the_reach_a_known_number_of_times() {
    for b in backends() {
        let db = TestDb::tiny(b, "scope");
        let mut s = db.store();
        let cache = IndexCache::default();
        let ward = code("18073.DU");
        for who in ["tochuc", "bithu"] {
            let cx = ctx(&mut s, who);
            // The index is the statistics' cache: once loaded, a request reads only the head.
            figures(&mut s, &cx, &cache, &ward, day("2026-12-01"), None).unwrap_or_else(|e| panic!("{e:?}"));
            let (tx, checks, f) = cost(&mut s, &cx, |s| figures(s, &cx, &cache, &ward, day("2026-12-01"), None));
            assert!(f.is_ok(), "{b:?} {who}: {f:?}");
            assert_eq!((tx, checks), ((2, 0), 1), "{b:?} {who}: statistics — the index's head, then one scope");
            let (tx, checks, y) = cost(&mut s, &cx, |s| report::year(s, &cx, &ward, 2026));
            assert!(y.is_ok(), "{b:?} {who}: {:?}", y.err());
            assert_eq!(tx, (1, 0), "{b:?} {who}: a year of party work in one read");
            assert_eq!(checks, 1, "{b:?} {who}: a year of party work asks about its unit once");
            let (tx, checks, y) = cost(&mut s, &cx, |s| report::years(s, &cx, &ward, 2026, Some(2025)));
            assert!(y.is_ok(), "{b:?} {who}: {:?}", y.err());
            assert_eq!((tx, checks), ((1, 0), 1), "{b:?} {who}: two years side by side, one read");
            let (tx, checks, m) =
                cost(&mut s, &cx, |s| meetings::figures(s, &cx, &ward, day("2026-01-01"), day("2026-12-31")));
            assert!(m.is_ok(), "{b:?} {who}: {:?}", m.err());
            assert_eq!((tx, checks), ((1, 0), 1), "{b:?} {who}: meetings");
            let (tx, checks, p) =
                cost(&mut s, &cx, |s| party_stats::period(s, &cx, &ward, day("2026-01-01"), day("2026-12-01")));
            assert!(p.is_ok(), "{b:?} {who}: {:?}", p.err());
            assert_eq!((tx, checks), ((1, 0), 1), "{b:?} {who}: party work over a period");
            let (tx, checks, page) = cost(&mut s, &cx, |s| views::unit_page(s, &cx, &cache, &ward, day("2026-12-01")));
            assert!(page.is_ok(), "{b:?} {who}: {:?}", page.err());
            assert_eq!((tx, checks), ((2, 0), 1), "{b:?} {who}: a unit's page — one scope, then the index's head");
        }
        // A campaign of the ward's committee; its secretary saves the report of one of its cells.
        let cell = code("18073.DU.C01");
        let officer = ctx(&mut s, "tochuc");
        let launch = Launch {
            launcher: Some(ward.clone()),
            kind: Some(CampaignKind::parse("tong_ket").unwrap_or_else(|e| panic!("{e}"))),
            title: Some("Tổng kết công tác xây dựng Đảng năm 2026".into()),
            reviews: None,
            guidance: None,
            reference_on: Some(day("2026-11-30")),
            pilot_by: None,
            report_by: Some(day("2026-12-31")),
            closes_on: Some(day("2027-01-15")),
            conference_on: None,
            sections: vec!["Kết quả".into()],
            fields: [FigureKey::MembersTotal, FigureKey::Admissions, FigureKey::MeetingsHeld].to_vec(),
            units: vec![cell.clone()],
            pilots: Vec::new(),
        };
        let id = campaigns::launch(&mut s, &officer, &launch).unwrap_or_else(|e| panic!("{b:?}: {e:?}"));
        let secretary = ctx(&mut s, "bithu");
        let input = Input {
            texts: vec!["Chi bộ hoàn thành tốt nhiệm vụ.".into()],
            conference_on: None,
            figures: Vec::new(),
            submit: false,
            submitted_on: None,
        };
        campaigns::save(&mut s, &secretary, &cache, id, &cell, &input).unwrap_or_else(|e| panic!("{b:?}: {e:?}"));
        let (tx, checks, saved) =
            cost(&mut s, &secretary, |s| campaigns::save(s, &secretary, &cache, id, &cell, &input));
        assert!(saved.is_ok(), "{b:?}: {saved:?}");
        // The statistics index reads the register's head and catches up with the last save's
        // entries (a read each); the save itself is one write.
        assert_eq!(tx, (2, 1), "{b:?}: a report saved in one write, after the index's head");
        // The cell once (its figures, its meetings, ratings and party work read under that proof),
        // and whether the secretary reaches the launcher (who may record a day other than today).
        assert_eq!(checks, 2, "{b:?}: reach checks to save a report");
    }
}
