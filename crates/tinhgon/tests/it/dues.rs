//! Party dues: the rule of the month paid, exemptions, payments one by one and from a file (all or
//! nothing), and the members who did not pay for three months in a year.

use crate::support::{backends, json, TempDir, TestDb};

#[test]
fn dues_follow_the_rule_of_the_month_and_three_unpaid_months_are_listed() {
    let dir = TempDir::new("dues");
    for b in backends() {
        let db = TestDb::new(b, "dues");
        db.ok(&["import", "units", &dir.put("units.csv", "code,name,kind,parent,valid_from,sector\nR,Tỉnh,province,,2015-01-01,\nG,Đảng bộ,party_grassroots_committee,R,2015-01-01,commune\nC,Chi bộ,party_cell,G,2015-01-01,\n")]);
        db.ok(&["import", "members", &dir.put("members.csv", "person,full_name,gender,birth_date,unit,status,admitted_on,recognized_on,valid_from\nD1,Võ Văn Một,nam,01/01/1985,C,official,01/01/2010,01/01/2011,01/01/2015\nD50,Đỗ Thị Năm,nữ,01/01/1945,C,official,01/01/1970,01/01/1971,01/01/2015\n")]);
        db.ok(&["dues", "basis", "--person", "D1", "--from", "01/2025", "--category", "insured", "--base", "8500000"]);
        db.ok(&[
            "dues",
            "basis",
            "--person",
            "D50",
            "--from",
            "01/2025",
            "--category",
            "pensioner",
            "--base",
            "7000000",
        ]);
        db.refused(
            &[
                "dues",
                "basis",
                "--person",
                "D1",
                "--from",
                "02/2026",
                "--category",
                "insured",
                "--base",
                "8500000",
                "--reduction",
                "40",
                "--until",
                "06/2026",
            ],
            "mức giảm là 30, 50 hoặc 70%",
        );

        let mut file = String::from("person,month,amount,paid_on\n");
        for m in 1..=9 {
            file.push_str(&format!("D1,{m:02}/2026,85.000,05/{m:02}/2026\n"));
        }
        // The same month twice in one file: refused, with its line, and nothing written.
        let twice = format!("{file}D1,09/2026,85000,06/09/2026\n");
        db.refused(
            &["dues", "import", &dir.put("twice.csv", &twice)],
            "dòng 11, cột month: đảng phí tháng 09/2026 của D1 đã được ghi nộp",
        );
        db.ok(&["dues", "import", &dir.put("paid.csv", &file)]);
        db.refused(
            &["dues", "pay", "--person", "D1", "--month", "03/2026", "--amount", "85000", "--on", "10/03/2026"],
            "đã được ghi nộp",
        );
        db.refused(
            &["dues", "pay", "--person", "D1", "--month", "01/2027", "--amount", "85000", "--on", "10/11/2026"],
            "còn ở tương lai",
        );

        let ledger = json(&db.ok(&["dues", "ledger", "--person", "D1", "--year", "2026", "--json"]));
        assert_eq!(ledger["months"][0]["amount"], 85_000, "{b:?}: 1% of 8,500,000 under 342 in January");
        assert_eq!(ledger["months"][2]["amount"], 85_000, "{b:?}: and under 01-QĐ/TW from February");
        let unpaid: Vec<String> = ledger["unpaid"]
            .as_array()
            .map(|a| a.iter().filter_map(|m| m.as_str().map(String::from)).collect())
            .unwrap_or_default();
        assert_eq!(unpaid, ["2026-10", "2026-11", "2026-12"], "{b:?}");
        let d50 = json(&db.ok(&["dues", "ledger", "--person", "D50", "--year", "2026", "--json"]));
        assert_eq!(d50["months"][5]["reason"], "exempt_party_age", "{b:?}: fifty years of party age");

        let list = json(&db.ok(&["dues", "unpaid", "--unit", "R", "--year", "2026", "--json"]));
        let who: Vec<&str> =
            list.as_array().map(|a| a.iter().filter_map(|u| u["person"].as_str()).collect()).unwrap_or_default();
        assert_eq!(who, ["D1"], "{b:?}: three months unpaid; the exempt member is not listed");
        db.ok(&["verify"]);
    }
}
