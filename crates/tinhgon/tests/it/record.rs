//! The member record: particulars checked, the citizen ID checked against the birth date and sex,
//! masked for those who may not edit the member, never in the change log, exported only when
//! asked for by name, and kept when an export without it is imported back.

use crate::support::{backends, json, stderr, TempDir, TestApp, TestDb};

#[test]
fn the_citizen_id_is_checked_masked_never_logged_and_exported_only_by_name() {
    let dir = TempDir::new("record");
    for b in backends() {
        let db = TestDb::tiny(b, "record");
        let (code, birth, gender) = db
            .store()
            .read(|tx| {
                let r = tx.query_one(
                    "SELECT p.code, p.birth_date, p.gender FROM account a JOIN person p ON p.id = a.person_id WHERE a.name = 'dangvien'",
                    &[],
                )?;
                Ok((r.text(0)?, r.text(1)?, r.text(2)?))
            })
            .unwrap_or_else(|e| panic!("{e}"));
        let year: i32 = birth[..4].parse().unwrap_or_default();
        let digit = (year - 1900) / 100 * 2 + i32::from(gender == "female");
        let id = format!("042{digit}{:02}987654", year % 100);
        let wrong = format!("042{}{:02}987654", (digit + 1) % 10, year % 100);
        let file = |name: &str, citizen: &str| {
            let p = dir.put(name, format!("person,place_of_birth,home_town,religion,general_education,party_card_no,party_record_no,citizen_id\n{code},Thạch Hà,Can Lộc,Không,12/12,12345678,012345HT,{citizen}\n"));
            p
        };
        let before = db.count("change_log");
        let out = db.run(&["record", "import", &file("short.csv", "04208512345")]);
        assert!(
            !out.status.success()
                && stderr(&out).contains("dòng 2, cột citizen_id: số định danh cá nhân (căn cước) gồm 12 chữ số"),
            "{b:?}: {}",
            stderr(&out)
        );
        let out = db.run(&["record", "import", &file("wrong.csv", &wrong)]);
        assert!(
            !out.status.success() && stderr(&out).contains("cột citizen_id: chữ số thứ tư"),
            "{b:?}: {}",
            stderr(&out)
        );
        assert_eq!(db.count("change_log"), before, "{b:?}: nothing written");
        db.ok(&["record", "import", &file("good.csv", &id)]);

        // Never in the change log.
        let logged = db
            .store()
            .read(|tx| {
                tx.query_one(
                    "SELECT COUNT(*) FROM change_log WHERE after_json LIKE $1 OR before_json LIKE $1",
                    &[format!("%{id}%").into()],
                )?
                .int(0)
            })
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(logged, 0, "{b:?}: the citizen ID is in the change log");

        // In full to the organization officer, masked to the member themselves.
        let officer = TestApp::with_token(&db, "tochuc");
        let (status, _, full) = officer.get(&format!("/api/people/{code}/record"));
        assert_eq!((status, full["citizen_id"].as_str()), (200, Some(id.as_str())), "{b:?}: {full}");
        let member = TestApp::with_token(&db, "dangvien");
        let (_, _, masked) = member.get(&format!("/api/people/{code}/record"));
        let shown = masked["citizen_id"].as_str().unwrap_or_default().to_string();
        assert!(shown.starts_with("042") && shown.contains('•') && !shown.contains(&id[3..10]), "{b:?}: {shown}");
        assert_eq!(masked["home_town"], "Can Lộc", "{b:?}");

        // Exported only when asked for by name; an export without it imports back keeping it.
        let plain = dir.path("records.csv");
        db.ok(&["record", "export", &plain.to_string_lossy()]);
        let text = std::fs::read_to_string(&plain).unwrap_or_default();
        assert!(!text.contains(&id) && text.contains("012345HT"), "{b:?}: {text}");
        let named = dir.path("records-with-ids.csv");
        db.ok(&["record", "export", &named.to_string_lossy(), "--with", "citizen_id"]);
        assert!(std::fs::read_to_string(&named).unwrap_or_default().contains(&id), "{b:?}");
        db.ok(&["record", "import", &plain.to_string_lossy()]);
        let (_, _, again) = officer.get(&format!("/api/people/{code}/record"));
        assert_eq!(again["citizen_id"].as_str(), Some(id.as_str()), "{b:?}: kept");
        let shown = json(&db.ok(&["record", "show", "--person", &code, "--json"]));
        assert_eq!(shown["party_card_no"], "12345678", "{b:?}");
    }
}

/// Particulars that change are dated: the statistics of a date before the change count the
/// particulars of that date, after it the new ones — read whole and patched by a running server.
#[test]
fn the_statistics_of_an_earlier_date_use_the_particulars_of_that_date() {
    let dir = TempDir::new("versions");
    for b in backends() {
        let db = TestDb::tiny(b, "versions");
        let put = |name: &str, body: &str| dir.put(name, body);
        db.ok(&["import", "units", &put("units.csv", "code,name,kind,parent,valid_from,sector\nR9,Tỉnh thử,province,,2015-01-01,\nG9,Đảng bộ,party_grassroots_committee,R9,2015-01-01,commune\nC9,Chi bộ,party_cell,G9,2015-01-01,\n")]);
        db.ok(&["import", "members", &put("members.csv", "person,full_name,gender,birth_date,ethnicity,education,theory,unit,status,admitted_on,recognized_on,valid_from\nV1,Lò Văn Một,nam,01/01/1980,Kinh,secondary,elementary,C9,official,01/01/2005,01/01/2006,01/01/2015\n")]);
        let app = TestApp::with_token(&db, "admin");
        let before = |app: &TestApp| app.get("/api/units/R9/stats?at=2025-01-01").2["members"].clone();
        let after = |app: &TestApp| app.get("/api/units/R9/stats?at=2026-01-01").2["members"].clone();
        assert_eq!(after(&app)["by_education"]["secondary"], 1, "{b:?}");
        db.ok(&[
            "particulars",
            "--person",
            "V1",
            "--from",
            "01/06/2025",
            "--education",
            "bachelor",
            "--ethnicity",
            "Tày",
        ]);
        // The running server patches its index with the change.
        let (old, new) = (before(&app), after(&app));
        assert_eq!(
            (&old["by_education"]["secondary"], &old["ethnic_minority"]),
            (&1.into(), &0.into()),
            "{b:?}: {old}"
        );
        assert_eq!(
            (&new["by_education"]["bachelor"], &new["by_ethnicity"]["Tày"]),
            (&1.into(), &1.into()),
            "{b:?}: {new}"
        );
        assert_eq!((&new["total"], &old["total"]), (&1.into(), &1.into()), "{b:?}: counted once on each side");
        // And a fresh read says the same.
        let fresh = json(&db.ok(&["stats", "--unit", "R9", "--at", "01/01/2025", "--json"]));
        assert_eq!(fresh["members"]["by_education"]["secondary"], 1, "{b:?}: {fresh}");
        let out = db.run(&["particulars", "--person", "V1", "--from", "01/05/2025", "--theory", "advanced"]);
        assert!(!out.status.success() && stderr(&out).contains("đã ghi thay đổi từ ngày 01/06/2025"), "{b:?}");
        db.ok(&["verify"]);
    }
}
