//! The statistics index's tests.
use super::*;

use crate::date::day;

use crate::codes::code;

#[expect(clippy::too_many_arguments, reason = "a test helper that spells out a unit version")]
fn unit(
    b: &mut IndexBuilder,
    id: i64,
    c: &str,
    parent: Option<i64>,
    kind: UnitKind,
    sector: Option<Sector>,
    from: &str,
    to: Option<&str>,
) {
    b.unit(id, code(c));
    b.version(VersionRow {
        unit_id: id,
        parent_id: parent,
        name: c.to_string(),
        kind,
        sector,
        from: day(from),
        to: to.map(day),
    });
}

fn member(
    b: &mut IndexBuilder,
    (person, unit): (i64, i64),
    from: &str,
    to: Option<&str>,
    status: MemberStatus,
    gender: Gender,
) {
    b.member(
        MemberRow {
            unit_id: unit,
            person_id: person,
            from: day(from),
            to: to.map(day),
            status,
            gender,
            birth_date: day("1980-01-01"),
            education: Education::Bachelor,
            theory: Theory::Intermediate,
        },
        if gender == Gender::Female { "Tày" } else { "Kinh" },
    );
}

/// A bloc with two grassroots organizations; in 2019 the second moves under the first.
fn sample() -> Index {
    let mut b = IndexBuilder::default();
    sample_units(&mut b);
    member(&mut b, (1, 3), "2015-01-01", None, MemberStatus::Official, Gender::Female);
    member(&mut b, (2, 3), "2016-01-01", Some("2017-01-01"), MemberStatus::Probationary, Gender::Male);
    member(&mut b, (2, 3), "2017-01-01", None, MemberStatus::Official, Gender::Male);
    member(&mut b, (3, 4), "2015-01-01", Some("2019-01-18"), MemberStatus::Official, Gender::Male);
    member(&mut b, (3, 5), "2019-01-18", None, MemberStatus::Official, Gender::Male);
    b.build()
}

fn sample_units(b: &mut IndexBuilder) {
    unit(b, 1, "BLOC", None, UnitKind::PartyBloc, None, "2015-01-01", None);
    unit(b, 2, "G1", Some(1), UnitKind::PartyGrassrootsCommittee, Some(Sector::AdminAgency), "2015-01-01", None);
    unit(b, 3, "G1.C1", Some(2), UnitKind::PartyCell, None, "2015-01-01", None);
    unit(b, 4, "G2", Some(1), UnitKind::PartyGrassrootsCell, Some(Sector::Soe100), "2015-01-01", Some("2019-01-18"));
    unit(b, 5, "G1.C2", Some(2), UnitKind::PartyCell, None, "2019-01-18", None);
}

/// Person 3's later life: in C2 until a death on 01/06/2020.
fn person_three_dies(b: &mut IndexBuilder) {
    member(b, (3, 4), "2015-01-01", Some("2019-01-18"), MemberStatus::Official, Gender::Male);
    member(b, (3, 5), "2019-01-18", Some("2020-06-01"), MemberStatus::Official, Gender::Male);
    member(b, (3, 5), "2020-06-01", None, MemberStatus::Deceased, Gender::Male);
}

#[test]
fn a_patched_index_answers_as_a_fresh_one() {
    let mut fresh = IndexBuilder::default();
    person_three_dies(&mut fresh);
    let patched = sample().patched(fresh, &HashSet::from([3]), false, false);

    let mut b = IndexBuilder::default();
    sample_units(&mut b);
    member(&mut b, (1, 3), "2015-01-01", None, MemberStatus::Official, Gender::Female);
    member(&mut b, (2, 3), "2016-01-01", Some("2017-01-01"), MemberStatus::Probationary, Gender::Male);
    member(&mut b, (2, 3), "2017-01-01", None, MemberStatus::Official, Gender::Male);
    person_three_dies(&mut b);
    let expected = b.build();
    for at in ["2016-06-01", "2019-06-01", "2021-01-01"] {
        let (p, e) = (patched.figures(&code("BLOC"), day(at)), expected.figures(&code("BLOC"), day(at)));
        assert_eq!(p, e, "{at}");
    }
    let after = patched.figures(&code("BLOC"), day("2021-01-01")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((after.members.total, after.members.deceased), (2, 1));

    // Fresh units replace the old ones: a new cell under G1 appears.
    let mut units = IndexBuilder::default();
    sample_units(&mut units);
    unit(&mut units, 6, "G1.C3", Some(2), UnitKind::PartyCell, None, "2020-01-01", None);
    let grown = patched.patched(units, &HashSet::new(), true, false);
    let kids = grown.children(&code("G1"), day("2021-01-01")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(kids.iter().map(|k| k.code.as_str()).collect::<Vec<_>>(), ["G1.C1", "G1.C2", "G1.C3"]);
    assert_eq!(
        grown.figures(&code("BLOC"), day("2021-01-01")),
        patched.figures(&code("BLOC"), day("2021-01-01")).map(|mut f| {
            f.units_by_kind.insert("party_cell", 3);
            f
        })
    );
}

#[test]
fn figures_follow_the_tree_in_force_on_the_date() {
    let idx = sample();
    let before = idx.figures(&code("BLOC"), day("2018-06-01")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(before.units_by_kind.get("party_grassroots_committee"), Some(&1));
    assert_eq!(before.units_by_kind.get("party_grassroots_cell"), Some(&1));
    assert_eq!(before.units_by_kind.get("party_cell"), Some(&1));
    assert_eq!(before.grassroots_by_sector.get("admin_agency"), Some(&SectorFigures { organizations: 1, members: 2 }));
    assert_eq!(before.grassroots_by_sector.get("soe_100"), Some(&SectorFigures { organizations: 1, members: 1 }));
    assert_eq!((before.members.total, before.members.women), (3, 1));
    assert_eq!(before.members.by_ethnicity.get("Tày"), Some(&1));
    assert_eq!(before.members.by_ethnicity.get("Kinh"), Some(&2));
    assert_eq!(before.members.ethnic_minority, 1);

    let after = idx.figures(&code("BLOC"), day("2019-01-18")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(after.units_by_kind.get("party_grassroots_cell"), None);
    assert_eq!(after.units_by_kind.get("party_cell"), Some(&2));
    assert_eq!(after.grassroots_by_sector.get("admin_agency"), Some(&SectorFigures { organizations: 1, members: 3 }));
    assert_eq!(after.grassroots_by_sector.get("soe_100"), None);
}

#[test]
fn status_changes_count_on_the_right_side_of_the_date() {
    let idx = sample();
    let f = idx.figures(&code("G1"), day("2016-06-01")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((f.members.official, f.members.probationary), (1, 1));
    let f = idx.figures(&code("G1"), day("2017-01-01")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((f.members.official, f.members.probationary), (2, 0));
}

#[test]
fn comparison_subtracts_the_other_date() {
    let idx = sample();
    let (main, cmp) =
        idx.compare(&code("BLOC"), day("2020-01-01"), day("2015-06-01")).unwrap_or_else(|e| panic!("{e}"));
    let then = &cmp.figures;
    assert_eq!(cmp.at, day("2015-06-01"));
    assert_eq!(main.members.total as i64 - then.members.total as i64, 1);
    let kinds = |f: &Figures, k: &str| f.units_by_kind.get(k).copied().unwrap_or(0) as i64;
    assert_eq!(kinds(&main, "party_grassroots_cell") - kinds(then, "party_grassroots_cell"), -1);
    assert_eq!(kinds(&main, "party_cell") - kinds(then, "party_cell"), 1);
}

#[test]
fn units_outside_their_validity_are_refused() {
    let idx = sample();
    assert_eq!(idx.figures(&code("G2"), day("2020-01-01")), Err(StatsError::NotInForce(code("G2"), day("2020-01-01"))));
    assert_eq!(idx.figures(&code("NOPE"), day("2020-01-01")), Err(StatsError::UnknownUnit(code("NOPE"))));
    let kids = idx.children(&code("BLOC"), day("2016-01-01")).unwrap_or_else(|e| panic!("{e}"));
    let codes: Vec<&str> = kids.iter().map(|k| k.code.as_str()).collect();
    assert_eq!(codes, ["G1", "G2"]);
}

fn post(b: &mut IndexBuilder, (person, unit): (i64, i64), primary: bool) {
    b.assignment(AssignmentRow {
        unit_id: unit,
        person_id: person,
        from: day("2015-01-01"),
        to: None,
        rank: Rank::Head,
        primary,
        category: Some(StaffCategory::CivilServant),
    });
}

/// The sample with positions and a quota, so that a patch must carry them over.
fn staffed(b: &mut IndexBuilder) {
    post(b, (1, 3), true);
    post(b, (2, 5), false);
    b.quota(QuotaRow { unit_id: 3, year: 2021, category: StaffCategory::CivilServant, quota: 4 });
}

#[test]
fn a_patch_of_several_people_and_a_new_unit_keeps_positions_quotas_and_groups() {
    let mut b = IndexBuilder::default();
    sample_units(&mut b);
    staffed(&mut b);
    member(&mut b, (1, 3), "2015-01-01", None, MemberStatus::Official, Gender::Female);
    member(&mut b, (2, 3), "2017-01-01", None, MemberStatus::Official, Gender::Male);
    member(&mut b, (3, 5), "2019-01-18", None, MemberStatus::Official, Gender::Male);
    let old = b.build();

    // People 1 and 2 change: 1 moves to C2 with a new spelling of her group, 2 leaves his post.
    let mut fresh = IndexBuilder::default();
    let moved = |b: &mut IndexBuilder, ethnicity| {
        let row = MemberRow {
            unit_id: 5,
            person_id: 1,
            from: day("2015-01-01"),
            to: None,
            status: MemberStatus::Official,
            gender: Gender::Female,
            birth_date: day("1980-01-01"),
            education: Education::Bachelor,
            theory: Theory::Intermediate,
        };
        b.member(row, ethnicity);
    };
    moved(&mut fresh, "Mường");
    post(&mut fresh, (1, 3), true);
    member(&mut fresh, (2, 3), "2017-01-01", None, MemberStatus::Official, Gender::Male);
    let patched = old.patched(fresh, &HashSet::from([1, 2]), false, false);

    let mut b = IndexBuilder::default();
    sample_units(&mut b);
    post(&mut b, (1, 3), true);
    b.quota(QuotaRow { unit_id: 3, year: 2021, category: StaffCategory::CivilServant, quota: 4 });
    moved(&mut b, "Mường");
    member(&mut b, (2, 3), "2017-01-01", None, MemberStatus::Official, Gender::Male);
    member(&mut b, (3, 5), "2019-01-18", None, MemberStatus::Official, Gender::Male);
    let expected = b.build();
    let at = day("2021-06-01");
    let got = patched.figures(&code("BLOC"), at).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(Ok(&got), expected.figures(&code("BLOC"), at).as_ref());
    assert_eq!(got.members.by_ethnicity.get("Mường"), Some(&1));
    assert_eq!((got.staffing.quota, got.staffing.actual), (4, 1));
    assert_eq!(got.positions_by_rank.values().sum::<u64>(), 1);
    // The old index is untouched.
    let before = old.figures(&code("BLOC"), at).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((before.positions_by_rank.values().sum::<u64>(), before.members.by_ethnicity.get("Mường")), (2, None));

    // A unit that sorts before the others renumbers every unit; rows and quotas follow their unit.
    let mut units = IndexBuilder::default();
    sample_units(&mut units);
    unit(&mut units, 7, "A0", Some(1), UnitKind::PartyCell, None, "2020-01-01", None);
    let grown = patched.patched(units, &HashSet::new(), true, false);
    let after = grown.figures(&code("G1"), at).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(Ok(after), patched.figures(&code("G1"), at));
}

#[test]
fn a_patch_across_blocks_of_units_answers_as_a_fresh_index() {
    // 200 cells span four blocks; person 7 moves from a cell of the first (C014) to one of the
    // third (C150, where person 75 is).
    let cells = |b: &mut IndexBuilder| {
        unit(b, 1, "BLOC", None, UnitKind::PartyBloc, None, "2015-01-01", None);
        for c in 0..200 {
            unit(
                b,
                10 + c,
                &format!("BLOC.C{c:03}"),
                Some(1),
                UnitKind::PartyGrassrootsCell,
                Some(Sector::Private),
                "2015-01-01",
                None,
            );
        }
    };
    let everyone = |b: &mut IndexBuilder, skip: i64| {
        for p in (1..100).filter(|&p| p != skip) {
            member(b, (p, 10 + p * 2), "2015-01-01", None, MemberStatus::Official, Gender::Male);
        }
    };
    let mut b = IndexBuilder::default();
    cells(&mut b);
    everyone(&mut b, 0);
    let old = b.build();
    let mut fresh = IndexBuilder::default();
    member(&mut fresh, (7, 10 + 150), "2015-01-01", None, MemberStatus::Official, Gender::Female);
    let patched = old.patched(fresh, &HashSet::from([7]), false, false);
    let mut b = IndexBuilder::default();
    cells(&mut b);
    everyone(&mut b, 7);
    member(&mut b, (7, 10 + 150), "2015-01-01", None, MemberStatus::Official, Gender::Female);
    let expected = b.build();
    let at = day("2020-01-01");
    for c in ["BLOC", "BLOC.C004", "BLOC.C014", "BLOC.C150"] {
        assert_eq!(patched.figures(&code(c), at), expected.figures(&code(c), at), "{c}");
    }
    let moved = |i: &Index, c: &str| i.figures(&code(c), at).map(|f| f.members.total).unwrap_or(99);
    assert_eq!((moved(&patched, "BLOC.C014"), moved(&patched, "BLOC.C150")), (0, 2));
    assert_eq!((moved(&old, "BLOC.C014"), moved(&old, "BLOC.C150")), (1, 1));
}

#[test]
fn a_remembered_answer_is_the_counted_one_for_its_unit_and_day() {
    let idx = sample();
    for (c, at) in [("BLOC", "2016-06-01"), ("BLOC", "2021-01-01"), ("G1", "2021-01-01"), ("BLOC", "2016-06-01")] {
        let (asked, again) = (idx.figures(&code(c), day(at)), idx.figures(&code(c), day(at)));
        assert_eq!(asked, idx.figures_counted(&code(c), day(at)), "{c} {at}");
        assert_eq!(asked, again, "{c} {at}");
    }
    let (then, now) = (idx.figures(&code("BLOC"), day("2016-06-01")), idx.figures(&code("BLOC"), day("2021-01-01")));
    assert_ne!(then.map(|f| f.members), now.map(|f| f.members), "another day, another answer");
}
