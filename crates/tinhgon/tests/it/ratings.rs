//! Yearly ratings: seed 004's figures rebuilt from an import — Lai Châu's 108 commune party
//! committees, 26 of them clean and strong in 2018 (24,07%) — reported by `stats --json` beside
//! 2019 on Quy định 132's scale; and the rules that refuse a rating, each naming its line and
//! column with nothing written.

use crate::support::{backends, json, TempDir, TestApp, TestDb};

/// The provincial party organization, its 108 commune party committees, and one grassroots
/// committee with two cells of members.
fn register(db: &TestDb, dir: &TempDir) {
    let mut units = String::from(
        "code,name,kind,parent,valid_from,sector\nLC,Đảng bộ tỉnh Lai Châu,party_provincial,,2008-01-01,\n",
    );
    for i in 1..=108 {
        units.push_str(&format!("LC.X{i:03},Đảng bộ xã số {i},party_commune,LC,2008-01-01,\n"));
    }
    units.push_str("LC.G,Đảng bộ Sở Nội vụ,party_grassroots_committee,LC,2008-01-01,admin_agency\n");
    units.push_str("LC.G.C1,Chi bộ Văn phòng,party_cell,LC.G,2008-01-01,\nLC.G.C2,Chi bộ Phòng Công chức,party_cell,LC.G,2008-01-01,\n");
    db.ok(&["import", "units", &dir.put("units.csv", &units)]);
    let given =
        ["An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hạnh", "Hoa", "Hùng", "Lan", "Linh", "Minh", "Nam", "Nga"];
    let mut members =
        String::from("person,full_name,gender,birth_date,unit,status,admitted_on,recognized_on,valid_from\n");
    for (i, g) in given.iter().enumerate() {
        let cell = if i % 2 == 0 { "LC.G.C1" } else { "LC.G.C2" };
        members
            .push_str(&format!("M{i:02},Lò Văn {g},nam,01/01/1980,{cell},official,01/01/2010,01/01/2011,01/01/2012\n"));
    }
    db.ok(&["import", "members", &dir.put("members.csv", &members)]);
}

/// The 108 committees of a year: `top` of the top grade, then the rest well, completed, weak.
fn committees(year: i32, top: usize, grades: [&str; 4]) -> String {
    let mut out = String::new();
    for i in 1..=108 {
        let g = match i {
            i if i <= top => grades[0],
            i if i <= top + 60 => grades[1],
            i if i <= 106 => grades[2],
            _ => grades[3],
        };
        out.push_str(&format!("{year},organization,LC.X{i:03},,decision,{g},,,\n"));
    }
    out
}

const HEAD: &str = "year,subject,unit,person,stage,grade,civil_service_grade,score,note\n";

#[test]
fn seed_004s_ratings_of_2018_are_rebuilt_from_an_import_and_compared_with_2019() {
    let dir = TempDir::new("ratings");
    for b in backends() {
        let db = TestDb::new(b, "ratings");
        register(&db, &dir);
        // 2018 in the old wording, as the province's files write it; 2019 on Quy định 132's scale.
        let mut file = String::from(HEAD);
        file.push_str(&committees(
            2018,
            26,
            ["Trong sạch vững mạnh", "Hoàn thành tốt nhiệm vụ", "Hoàn thành nhiệm vụ", "Yếu kém"],
        ));
        file.push_str(&committees(2019, 30, ["HTXSNV", "HTTNV", "HTNV", "KHTNV"]));
        // Members of 2019: 12 rated well, 2 excellent (the cap: 20% of 12 is 2).
        for i in 0..14 {
            let g = if i < 2 { "htxsnv" } else { "httnv" };
            file.push_str(&format!("2019,member,,M{i:02},decision,{g},,,\n"));
        }
        let out = db.ok(&["party", "import", "ratings", &dir.put("ratings.csv", &file)]);
        assert!(out.contains("230"), "{b:?}: {out}");
        let v = json(&db.ok(&[
            "stats",
            "--unit",
            "LC",
            "--at",
            "31/12/2019",
            "--year",
            "2019",
            "--compare",
            "31/12/2018",
            "--json",
        ]));
        let then = &v["compare"]["party_work"]["ratings"]["organizations"]["party_commune"];
        assert_eq!(then["rated"], 108, "{b:?}: {v}");
        assert_eq!(
            (then["top"]["count"].as_i64(), then["top"]["percent"].as_str()),
            (Some(26), Some("24,07%")),
            "{b:?}: {then}"
        );
        assert_eq!(then["by_grade"]["tsvm"], 26, "{b:?}");
        assert_eq!(then["good_or_better"]["percent"], "79,63%", "{b:?}: 86 of 108");
        let now = &v["party_work"]["ratings"];
        assert_eq!(now["organizations"]["party_commune"]["top"]["percent"], "27,78%", "{b:?}: 30 of 108");
        assert_eq!(now["members"]["rated"], 14, "{b:?}");
        assert_eq!(now["members"]["good_or_better"]["percent"], "100,00%", "{b:?}");
        assert_eq!(v["compare"]["party_work"]["year"], 2018, "{b:?}");
        let text = db.ok(&["stats", "--unit", "LC", "--at", "31/12/2019", "--year", "2019", "--compare", "31/12/2018"]);
        assert!(text.contains("26 (24,07%)") && text.contains("30 (27,78%)"), "{b:?}: {text}");

        // The export imports back, row for row.
        let exported = dir.path("ratings-out.csv");
        db.ok(&["party", "export", "ratings", &exported.to_string_lossy()]);
        let back = std::fs::read_to_string(&exported).unwrap_or_default();
        assert_eq!(back.lines().count(), 231, "{b:?}");

        // The API and its report: the same shares; an officer of another province sees nothing.
        let pass = "một mật khẩu dài cho thử\n";
        db.run_with_input(&["user", "add", "admin", "--role", "admin"], pass);
        let admin = TestApp::with_token(&db, "admin");
        let (status, _, w) = admin.get("/api/units/LC/party-work?year=2018&compare=2019");
        assert_eq!(status, 200, "{b:?}: {w}");
        assert_eq!(w["ratings"]["organizations"]["party_commune"]["top"]["percent"], "24,07%", "{b:?}");
        assert_eq!(w["compare"]["ratings"]["organizations"]["party_commune"]["top"]["count"], 30, "{b:?}");

        // The same figures as a workbook, counts as numbers and the share as a percentage.
        let r = admin.fetch("/units/LC/party-work.xlsx?year=2018&compare=2019");
        assert_eq!(r.status, 200, "{b:?}");
        std::fs::write(dir.path(&format!("party-work-{b:?}.xlsx")), &r.body).unwrap_or_else(|e| panic!("{e}"));
        crate::office::converts_to_pdf(&dir, &format!("party-work-{b:?}.xlsx"));
        let sheet = tinhgon::files::read_bytes(r.body.clone()).unwrap_or_else(|e| panic!("{}", e.en()));
        let top = sheet
            .rows
            .iter()
            .find(|(_, cells)| {
                cells.first().is_some_and(|c| c.starts_with("Tổ chức đảng đạt mức cao nhất — Đảng bộ xã"))
            })
            .map(|(_, cells)| cells.clone())
            .unwrap_or_default();
        assert_eq!(
            top.get(1..4).map(|c| c.to_vec()),
            Some(vec!["26".to_string(), "30".into(), "0.2407".into()]),
            "{b:?}: {:?}",
            sheet.rows
        );

        // Refusals, each with its line and column; nothing written.
        let before = db.count("change_log");
        let bad = [
            // The old scale is not the one of 2020.
            ("2020,organization,LC.X001,,decision,tsvm,,,\n", "grade", "thang xếp loại 132"),
            // Three excellent of eleven well: over the cap of 2.
            (
                &*(0..14)
                    .map(|i| format!("2020,member,,M{i:02},decision,{},,,\n", if i < 3 { "htxsnv" } else { "httnv" }))
                    .collect::<String>(),
                "grade",
                "quá mức 2",
            ),
            // A civil servant rated well as such may not be excellent as a member.
            ("2020,member,,M00,decision,htxsnv,httnv,,\n", "grade", "công chức"),
            ("2020,member,,M99,decision,httnv,,,\n", "person", "M99"),
            ("2020,organization,LC.X001,,decision,giỏi,,,\n", "grade", "giỏi"),
            ("2020,organization,LC.X001,,decision,htnv,,120,\n", "score", "0 đến 100"),
            (
                "2020,organization,LC.X001,,decision,htnv,,,\n2020,organization,LC.X001,,decision,httnv,,,\n",
                "person",
                "dòng trước",
            ),
        ];
        for (rows, column, words) in bad {
            let path = dir.put("bad.csv", format!("{HEAD}{rows}"));
            let o = db.run(&["party", "import", "ratings", &path]);
            let err = crate::support::stderr(&o);
            assert!(!o.status.success(), "{b:?} {column}: accepted");
            assert!(err.contains(&format!("cột {column}")) && err.contains(words), "{b:?} {column} «{words}»: {err}");
            assert!(err.contains(&format!("column {column}")), "{b:?}: English too: {err}");
        }
        let (status, _, p) =
            admin.post("/api/ratings", r#"{"year":2021,"subject":"member","person":"M01","grade":"weekly"}"#);
        assert_eq!(status, 422, "{b:?}: {p}");
        assert_eq!(db.count("change_log"), before, "{b:?}: a refused rating wrote");
    }
}
