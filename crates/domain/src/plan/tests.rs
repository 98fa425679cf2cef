//! The plan engine's tests.
use super::*;
use crate::codes::DocumentNumber;

use crate::codes::code;

use crate::date::day;

/// Two commune committees A and B under T, each with two cells of four members, a secretary
/// and a deputy secretary, and a village.
fn snapshot() -> Snapshot {
    let mut s = Snapshot::default();
    let mut unit = |c: &str, kind: UnitKind, parent: Option<&str>| {
        let v = UnitVersion {
            code: code(c),
            name: format!("Đơn vị {c}"),
            kind,
            parent: parent.map(code),
            led_by: None,
            sector: kind.is_grassroots().then_some(Sector::Commune),
            ownership: None,
            validity: Validity::open(day("2015-01-01")),
            decision: None,
        };
        s.units.insert(code(c), UnitNow { row: 0, version: v, last_change: day("2015-01-01") });
    };
    unit("T", UnitKind::PartyProvincial, None);
    let mut row = 0;
    for a in ["A", "B"] {
        unit(a, UnitKind::PartyCommune, Some("T"));
        unit(&format!("{a}.V"), UnitKind::Village, Some(a));
        for c in 1..=2 {
            let cell = format!("{a}.C{c}");
            unit(&cell, UnitKind::PartyGrassrootsCell, Some(a));
            let mut ms = Vec::new();
            for k in 0..4 {
                row += 1;
                ms.push(MemberNow {
                    row,
                    membership: Membership {
                        person: format!("{cell}.P{k}"),
                        unit: code(&cell),
                        status: MemberStatus::Official,
                        admitted_on: day("2010-01-01"),
                        recognized_on: Some(day("2011-01-01")),
                        validity: Validity::open(day("2015-01-01")),
                        decision: None,
                    },
                });
            }
            s.cell_counts.insert(code(&cell), Count { official: 4, all: 4 });
            s.members.insert(code(&cell), ms);
        }
        let post = |row: i64, person: &str, title: &str, rank: Rank| PostNow {
            row,
            assignment: Assignment {
                person: person.into(),
                unit: code(a),
                title: title.into(),
                rank,
                primary: false,
                validity: Validity::open(day("2015-01-01")),
                decision: None,
            },
        };
        s.posts.insert(
            code(a),
            vec![
                post(100 + row, &format!("{a}.C1.P0"), "Bí thư Đảng ủy", Rank::Head),
                post(200 + row, &format!("{a}.C1.P1"), "Phó Bí thư Đảng ủy", Rank::Deputy),
            ],
        );
    }
    s
}

fn plan(ops: Vec<Op>) -> Plan {
    Plan {
        name: "Đề án thử".into(),
        decision: Decision { number: DocumentNumber::parse("1-QĐ/TU").unwrap(), date: day("2025-06-01") },
        effective: day("2025-07-01"),
        surplus_years: 3,
        baseline_year: None,
        target_cut: None,
        ops,
    }
}

fn new_unit(c: &str, kind: UnitKind, parent: &str) -> NewUnit {
    NewUnit {
        code: code(c),
        name: format!("Đơn vị {c}"),
        kind,
        parent: Some(code(parent)),
        led_by: None,
        sector: None,
        ownership: None,
    }
}

#[test]
fn merging_moves_everything_and_demotes_the_second_head() {
    let s = snapshot();
    let p =
        plan(vec![Op::Merge { sources: vec![code("A"), code("B")], into: new_unit("N", UnitKind::PartyCommune, "T") }]);
    let out = run(&p, &s, &RuleBook::new(crate::rules::defaults())).unwrap();
    // A and B end, N begins; their four cells and two villages move under N.
    let ended: Vec<&str> = out
        .changes
        .units
        .iter()
        .filter(|u| u.after.is_none())
        .filter_map(|u| u.before.as_ref())
        .map(|v| v.code.as_str())
        .collect();
    assert_eq!(ended, ["A", "B"]);
    let moved: Vec<&UnitVersion> =
        out.changes.units.iter().filter(|u| u.before.is_some()).filter_map(|u| u.after.as_ref()).collect();
    assert_eq!(moved.len(), 6);
    assert!(moved.iter().all(|v| v.parent == Some(code("N")) && v.validity.from == day("2025-07-01")));
    // Cells move whole: no member changes cell.
    assert!(out.changes.members.is_empty());
    assert_eq!(out.report.members, (16, 16));
    // A's secretary heads N; B's becomes a third deputy.
    let titles: Vec<(String, Rank)> =
        out.changes.posts.iter().filter_map(|p| p.after.as_ref()).map(|a| (a.title.clone(), a.rank)).collect();
    assert!(titles.contains(&("Bí thư Đảng ủy".into(), Rank::Head)));
    assert!(titles.contains(&("Phó Bí thư Đảng ủy".into(), Rank::Deputy)));
    assert!(titles.contains(&("Phó Bí thư Đảng ủy".into(), Rank::Deputy)));
    assert_eq!(titles.iter().filter(|t| t.1 == Rank::Head).count(), 1);
    let kinds: Vec<(UnitKind, u32, u32)> = out.report.by_kind.iter().map(|k| (k.kind, k.before, k.after)).collect();
    assert!(kinds.contains(&(UnitKind::PartyCommune, 2, 1)), "{kinds:?}");
}

#[test]
fn merging_cells_moves_members_and_flags_the_thresholds() {
    let s = snapshot();
    let p = plan(vec![Op::Absorb { sources: vec![code("A.C2"), code("B.C1"), code("B.C2")], into: code("A.C1") }]);
    let out = run(&p, &s, &RuleBook::new(crate::rules::defaults())).unwrap();
    assert_eq!(out.changes.members.len(), 12);
    assert!(out.changes.members.iter().all(|m| m.after.unit == code("A.C1") && m.before.unit != code("A.C1")));
    assert_eq!(out.report.members_moved, 12);
    assert!(out.findings.is_empty(), "16 members is under 30: {:?}", out.findings);
    // Splitting one cell's four members in half leaves two cells of two: below the minimum of three.
    let p = plan(vec![
        Op::Establish {
            unit: NewUnit { sector: Some(Sector::Commune), ..new_unit("A.C3", UnitKind::PartyGrassrootsCell, "A") },
        },
        Op::Split {
            source: code("A.C1"),
            parts: vec![
                Part { target: code("A.C2"), share: Share::Percent { basis_points: 5000 } },
                Part { target: code("A.C3"), share: Share::Rest },
            ],
        },
    ]);
    let out = run(&p, &s, &RuleBook::new(crate::rules::defaults())).unwrap();
    let small: Vec<&str> = out
        .findings
        .iter()
        .filter(|f| matches!(f.breach, Breach::CellBelowMinimum { official: 2, min: 3 }))
        .map(|f| f.unit.as_str())
        .collect();
    assert_eq!(small, ["A.C3"], "{:?}", out.findings);
    assert_eq!(out.changes.members.len(), 4);
}

#[test]
fn bad_plans_are_refused_naming_the_operation() {
    let s = snapshot();
    let rules = RuleBook::new(crate::rules::defaults());
    let errs = |ops: Vec<Op>| run(&plan(ops), &s, &rules).err().unwrap_or_default();

    let e = errs(vec![Op::Move { unit: code("A"), parent: code("A.C1") }]);
    assert!(matches!(e.as_slice(), [PlanError::Cycle { op: 1, .. }]), "{e:?}");
    let m = crate::msg::Said::msg(&e[0]);
    assert!(m.args.contains(&("operation".into(), crate::msg::Arg::Key("plan-op-move".into()))), "{m:?}");

    let e = errs(vec![Op::Dissolve { unit: code("Z"), to: None }]);
    assert!(matches!(e.as_slice(), [PlanError::UnknownUnit { op: 1, .. }]), "{e:?}");

    let e = errs(vec![Op::Move { unit: code("A.V"), parent: code("B") }, Op::Dissolve { unit: code("A.V"), to: None }]);
    assert!(matches!(e.as_slice(), [PlanError::Claimed { op: 2, first: 1, .. }]), "{e:?}");

    let e = errs(vec![Op::Split {
        source: code("A.C1"),
        parts: vec![
            Part { target: code("A.C2"), share: Share::Percent { basis_points: 5000 } },
            Part { target: code("B.C1"), share: Share::Percent { basis_points: 3000 } },
        ],
    }]);
    assert!(matches!(e.as_slice(), [PlanError::SharesTotal { op: 1, basis_points: 8000, .. }]), "{e:?}");
    let m = crate::msg::Said::msg(&e[0]);
    assert!(m.args.contains(&("total".into(), crate::msg::Arg::Text("80%".into()))), "{m:?}");

    let e = errs(vec![Op::Split {
        source: code("A.C1"),
        parts: vec![Part {
            target: code("A.C2"),
            share: Share::Listed { units: vec![], people: vec!["A.C1.P0".into(), "A.C1.P1".into()] },
        }],
    }]);
    assert!(
        e.iter().any(|e| matches!(e, PlanError::SharesUncovered { op: 1, what: What::Members, missing: 2, .. })),
        "{e:?}"
    );

    let mut late = s.clone();
    if let Some(u) = late.units.get_mut(&code("B")) {
        u.last_change = day("2025-08-01");
    }
    let e = run(&plan(vec![Op::Absorb { sources: vec![code("B")], into: code("A") }]), &late, &rules).err().unwrap();
    assert!(matches!(e.as_slice(), [PlanError::ChangedAfter { op: 1, .. }]), "{e:?}");
}

#[test]
fn a_dissolved_unit_with_nowhere_to_send_its_cells_blocks_the_plan() {
    let s = snapshot();
    let out = run(&plan(vec![Op::Dissolve { unit: code("A"), to: None }]), &s, &RuleBook::default()).unwrap();
    let blocking: Vec<&Breach> = out.blocking().map(|f| &f.breach).collect();
    assert_eq!(blocking, [&Breach::NoDestination { members: 0, units: 3 }]);
    assert_eq!(out.report.positions_abolished, 2);
}

#[test]
fn concurrent_titles_replace_the_holder() {
    let mut s = snapshot();
    s.people.insert("A.C1.P0".into());
    let p = plan(vec![Op::Concurrent {
        person: "A.C1.P0".into(),
        posts: vec![Post { unit: code("B"), title: "Bí thư Đảng ủy".into(), rank: Rank::Head }],
    }]);
    // A party post is a party member's.
    let e = run(&p, &s, &RuleBook::default()).err().unwrap();
    assert!(matches!(e.as_slice(), [PlanError::NotAMember { op: 1, .. }]), "{e:?}");
    s.active_members.insert("A.C1.P0".into());
    let out = run(&p, &s, &RuleBook::default()).unwrap();
    let ended: Vec<&str> = out
        .changes
        .posts
        .iter()
        .filter(|c| c.after.is_none())
        .filter_map(|c| c.before.as_ref())
        .map(|b| b.1.person.as_str())
        .collect();
    assert_eq!(ended, ["B.C1.P0"]);
    let new: Vec<&str> = out.changes.posts.iter().filter_map(|c| c.after.as_ref()).map(|a| a.person.as_str()).collect();
    assert_eq!(new, ["A.C1.P0"]);
}
