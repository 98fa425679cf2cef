//! Leaving and returning: removal on one of its grounds, leaving at one's own request, expulsion
//! refused for a probationary member, and re-admission allowed once.

use crate::support::{backends, json, TempDir, TestDb};

#[test]
fn members_leave_on_their_ground_and_return_once() {
    let dir = TempDir::new("leaving");
    for b in backends() {
        let db = TestDb::new(b, "leaving");
        db.ok(&["import", "units", &dir.put("units.csv", "code,name,kind,parent,valid_from,sector\nR,Tỉnh,province,,2015-01-01,\nG,Đảng bộ,party_grassroots_committee,R,2015-01-01,commune\nC,Chi bộ,party_cell,G,2015-01-01,\n")]);
        let members = "person,full_name,gender,birth_date,unit,status,admitted_on,recognized_on,valid_from,valid_to\n\
            L1,Hà Văn Một,nam,01/01/1980,C,official,01/01/2005,01/01/2006,01/01/2015,\n\
            L2,Hà Văn Hai,nam,01/01/1980,C,removed,01/01/2005,01/01/2006,01/01/2015,01/01/2017\n\
            L3,Hà Thị Ba,nữ,01/01/1982,C,official,01/01/2008,01/01/2009,01/01/2015,\n\
            P1,Hà Văn Dự,nam,01/01/1999,C,probationary,01/06/2024,,01/07/2024,\n";
        db.ok(&["import", "members", &dir.put("members.csv", members)]);
        // L2 was admitted twice already: removed in 2016, re-admitted in 2018, removed again in 2020.
        db.ok(&["import", "members", &dir.put("again.csv", "person,unit,status,admitted_on,valid_from,valid_to\nL2,C,probationary,01/01/2018,01/02/2018,01/02/2019\nL2,C,removed,01/01/2018,01/02/2019,\n")]);

        db.refused(
            &[
                "leave",
                "--person",
                "P1",
                "--ground",
                "expulsion",
                "--on",
                "01/03/2025",
                "--decision",
                "3-QĐ/ĐU",
                "--decision-date",
                "20/02/2025",
            ],
            "đảng viên dự bị chỉ bị khiển trách hoặc cảnh cáo, không bị khai trừ",
        );
        db.ok(&[
            "leave",
            "--person",
            "L1",
            "--ground",
            "skipped_activity_or_dues",
            "--on",
            "01/03/2024",
            "--decision",
            "3-QĐ/ĐU",
            "--decision-date",
            "20/02/2024",
        ]);
        db.ok(&[
            "leave",
            "--person",
            "L3",
            "--ground",
            "resignation",
            "--on",
            "01/05/2024",
            "--decision",
            "4-QĐ/ĐU",
            "--decision-date",
            "20/04/2024",
        ]);
        db.refused(
            &[
                "leave",
                "--person",
                "L3",
                "--ground",
                "death",
                "--on",
                "01/06/2024",
                "--decision",
                "5-QĐ/ĐU",
                "--decision-date",
                "20/05/2024",
            ],
            "không còn gì để kết thúc",
        );
        let f = json(&db.ok(&["stats", "--unit", "R", "--at", "01/06/2024", "--json"]));
        assert_eq!(
            (&f["members"]["removed"], &f["members"]["resigned"]),
            (&2.into(), &1.into()),
            "{b:?}: L1 and L2 removed, L3 resigned: {f}"
        );
        let p = json(&db.ok(&["party-stats", "--unit", "R", "--from", "01/01/2024", "--to", "01/01/2025", "--json"]));
        assert_eq!((&p["removals"], &p["resignations"]), (&1.into(), &1.into()), "{b:?}: {p}");
        let grounds = db
            .store()
            .read(|tx| tx.query_one("SELECT COUNT(*) FROM leaving", &[])?.int(0))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(grounds, 2, "{b:?}: each leaving with its ground");

        // L1 returns: re-admitted once, with a new probation. L2 cannot be admitted a third time.
        db.ok(&["admission", "open", "--person", "L1", "--cell", "C", "--on", "01/06/2025", "--education", "12/12"]);
        db.ok(&["admission", "step", "1", "course", "--on", "05/06/2025"]);
        db.ok(&["admission", "step", "1", "application", "--on", "10/06/2025"]);
        db.ok(&["admission", "open", "--person", "L2", "--cell", "C", "--on", "01/06/2025", "--education", "12/12"]);
        db.ok(&["admission", "step", "2", "course", "--on", "05/06/2025"]);
        db.refused(
            &["admission", "step", "2", "application", "--on", "10/06/2025"],
            "chỉ được kết nạp lại 1 lần; đây sẽ là lần kết nạp thứ 3",
        );
        db.ok(&["verify"]);
    }
}
