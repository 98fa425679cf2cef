//! Files of party work: admission steps, transfers, badges and dues payments imported all or
//! nothing (every bad row with its line), and exported so that the export imports back into another
//! register and exports again the same.

use crate::support::{backends, stderr, TempDir, TestDb};

/// Two grassroots organizations with a cell each; sponsors S1 and S2, an old member O30 (admitted
/// 1990), a member P10 and the candidate K.
fn base(db: &TestDb, dir: &TempDir) {
    db.ok(&["import", "units", &dir.put("units.csv", "code,name,kind,parent,valid_from,sector\nR,Tỉnh,province,,2015-01-01,\nG,Đảng bộ 1,party_grassroots_committee,R,2015-01-01,commune\nC,Chi bộ 1,party_cell,G,2015-01-01,\nG2,Đảng bộ 2,party_grassroots_committee,R,2015-01-01,commune\nC2,Chi bộ 2,party_cell,G2,2015-01-01,\n")]);
    db.ok(&["import", "members", &dir.put("members.csv", "person,full_name,gender,birth_date,unit,status,admitted_on,recognized_on,valid_from\nS1,Nguyễn Văn Bình,nam,01/01/1970,C,official,01/01/2000,01/01/2001,01/01/2015\nS2,Trần Thị Hoa,nữ,01/01/1975,C,official,01/01/2005,01/01/2006,01/01/2015\nO30,Lê Văn Lão,nam,01/01/1950,C,official,01/03/1990,01/03/1991,01/01/2015\nP10,Phan Văn Mười,nam,01/01/1990,C,official,01/03/2016,01/03/2017,01/03/2017\n")]);
    db.ok(&[
        "import",
        "people",
        &dir.put("people.csv", "code,full_name,gender,birth_date\nK,Lê Minh Khang,nam,15/03/2000\n"),
    ]);
}

const STEPS: &str = "person,cell,step,on,document,note,sponsors,general_education
K,C,course,05/09/2024,12-GCN/TTCT,,,12/12
K,C,application,10/09/2024,,,,
K,C,sponsors,12/09/2024,,,S1:01/01/2023;S2:01/06/2023,
K,C,verification,20/11/2024,,,,
K,C,cell_vote,10/12/2024,,,,
K,C,grassroots_resolution,20/12/2024,45-NQ/ĐU,,,
K,C,decision,15/01/2025,15-QĐ/ĐU,,,
K,C,ceremony,20/02/2025,,,,
K,C,recognition,10/03/2026,30-QĐ/ĐU,,,
";

#[test]
fn party_work_imports_all_or_nothing_and_its_export_imports_back() {
    let dir = TempDir::new("party-files");
    for b in backends() {
        let a = TestDb::new(b, "party-files-a");
        base(&a, &dir);
        // A ceremony before the decision: refused with its line, and nothing of the file written.
        let bad = STEPS.replace("K,C,ceremony,20/02/2025", "K,C,ceremony,14/01/2025");
        let before = a.count("change_log");
        let out = a.run(&["party", "import", "admission-steps", &dir.put("bad.csv", &bad)]);
        assert!(!out.status.success(), "{b:?}");
        assert!(
            stderr(&out)
                .contains("dòng 9, cột on: bước «Lễ kết nạp» ngày 14/01/2025 lại trước bước «Quyết định kết nạp»"),
            "{b:?}: {}",
            stderr(&out)
        );
        assert_eq!(a.count("change_log"), before, "{b:?}: nothing written");
        let checked = a.ok(&["party", "import", "admission-steps", &dir.put("steps.csv", STEPS), "--dry-run"]);
        assert!(checked.contains("Hợp lệ: 9 dòng"), "{b:?}: {checked}");
        assert_eq!(a.count("change_log"), before, "{b:?}: a dry run writes nothing");
        a.ok(&["party", "import", "admission-steps", &dir.put("steps.csv", STEPS)]);
        a.ok(&["party", "import", "transfers", &dir.put("transfers.csv", "person,kind,to_cell,destination,on,returns_on,letter,reason,received_on\nP10,official,C2,,01/10/2026,,8-GGT/ĐU,chuyển công tác,20/10/2026\n")]);
        a.ok(&[
            "party",
            "import",
            "badges",
            &dir.put(
                "badges.csv",
                "person,years,on,decision_no,decision_date,early\nO30,30,02/09/2020,5-QĐ/TU,20/08/2020,\n",
            ),
        ]);
        a.ok(&["dues", "basis", "--person", "S1", "--from", "01/2026", "--category", "insured", "--base", "6000000"]);
        a.ok(&[
            "party",
            "import",
            "dues-payments",
            &dir.put(
                "dues.csv",
                "person,month,amount,paid_on\nS1,01/2026,60000,05/01/2026\nS1,02/2026,60000,05/02/2026\n",
            ),
        ]);

        a.ok(&[
            "party",
            "import",
            "dues-bases",
            &dir.put(
                "bases.csv",
                "person,from,category,base,exemption,reduction,until\nS2,01/2026,pensioner,7000000,,50,06/2026\n",
            ),
        ]);
        a.ok(&[
            "party",
            "import",
            "particulars",
            &dir.put(
                "particulars.csv",
                "person,from,ethnicity,education,theory,occupation\nS1,01/06/2025,Tày,bachelor,advanced,giáo viên\n",
            ),
        ]);
        a.ok(&[
            "party",
            "import",
            "leavings",
            &dir.put(
                "leavings.csv",
                "person,ground,on,decision_no,decision_date,note\nO30,death,01/11/2026,9-QĐ/ĐU,05/11/2026,\n",
            ),
        ]);
        a.refused(
            &[
                "party",
                "import",
                "leavings",
                &dir.put(
                    "leavings2.csv",
                    "person,ground,on,decision_no,decision_date,note\nO30,death,02/11/2026,9-QĐ/ĐU,05/11/2026,\n",
                ),
            ],
            "dòng 2",
        );
        // Into another register with the same people: the exports import back and export the same.
        let other = TestDb::new(b, "party-files-b");
        base(&other, &dir);
        for kind in ["admission-steps", "transfers", "badges", "dues-payments", "dues-bases", "particulars", "leavings"]
        {
            let from_a = dir.path(&format!("{kind}-a.csv"));
            a.ok(&["party", "export", kind, &from_a.to_string_lossy()]);
            other.ok(&["party", "import", kind, &from_a.to_string_lossy()]);
            let from_b = dir.path(&format!("{kind}-b.csv"));
            other.ok(&["party", "export", kind, &from_b.to_string_lossy()]);
            let (ta, tb) = (
                std::fs::read_to_string(&from_a).unwrap_or_default(),
                std::fs::read_to_string(&from_b).unwrap_or_default(),
            );
            assert!(ta.lines().count() > 1, "{b:?} {kind}: {ta}");
            assert_eq!(ta, tb, "{b:?} {kind}: the export imports back");
        }
        for at in ["01/01/2025", "01/11/2026"] {
            let figures = |db: &TestDb| db.ok(&["stats", "--unit", "R", "--at", at, "--json"]);
            assert_eq!(figures(&a), figures(&other), "{b:?}: the same register on {at}");
        }
        other.ok(&["verify"]);
    }
}
