//! What the services' unit tests share: a small register on a real SQLite file and the guards of
//! scoped accounts over it.

use tinhgon_domain::access::Role;
use tinhgon_domain::catalog::UnitKind;
use tinhgon_domain::register::UnitVersion;
use tinhgon_domain::{Date, UnitCode, Validity};
use tinhgon_store::accounts::Account;
use tinhgon_store::Store;

use super::lock::{Guard, ScopeCache};
use super::register::units;
use super::Ctx;

pub(crate) fn code(c: &str) -> UnitCode {
    UnitCode::parse(c).unwrap_or_else(|e| panic!("{e}"))
}

pub(crate) fn day(d: &str) -> Date {
    Date::parse(d).unwrap_or_else(|e| panic!("{e}"))
}

/// A province with two communes, each with a cell.
pub(crate) fn register(name: &str) -> (Store, std::path::PathBuf) {
    let path = std::env::temp_dir().join(format!("tinhgon-services-{name}-{}.sqlite3", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let mut s = Store::open(&format!("sqlite://{}", path.display())).unwrap_or_else(|e| panic!("{e}"));
    let unit = |c: &str, kind: UnitKind, parent: Option<&str>| UnitVersion {
        code: code(c),
        name: format!("Đơn vị {c}"),
        kind,
        parent: parent.map(code),
        led_by: None,
        sector: None,
        ownership: None,
        validity: Validity { from: day("2020-01-01"), to: None },
        decision: None,
    };
    let rows = vec![
        (1, unit("P", UnitKind::PartyProvincial, None)),
        (2, unit("P.A", UnitKind::PartyCommune, Some("P"))),
        (3, unit("P.A.C1", UnitKind::PartyCell, Some("P.A"))),
        (4, unit("P.B", UnitKind::PartyCommune, Some("P"))),
        (5, unit("P.B.C1", UnitKind::PartyCell, Some("P.B"))),
    ];
    let cx = Ctx::operator(day("2026-12-07"), "2026-12-07T08:00:00Z".into());
    units::create(&mut s, &cx, &rows, false).unwrap_or_else(|e| panic!("{}", e.messages().1));
    (s, path)
}

pub(crate) fn scoped(s: &mut Store, role: Role, scope: &str) -> Guard {
    let account = Account {
        id: 1,
        name: "tochuc".into(),
        display_name: "Cán bộ tổ chức".into(),
        role,
        scope: Some(code(scope)),
        person: None,
        password_hash: String::new(),
        created_at: "2026-12-07T08:00:00Z".into(),
        disabled_at: None,
    };
    let cache = ScopeCache::default();
    s.read(|tx| {
        let seq = tinhgon_store::last_seq(tx)?;
        Guard::new(tx, &cache, seq, account)
    })
    .unwrap_or_else(|e| panic!("{e}"))
}
