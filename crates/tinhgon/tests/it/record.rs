//! The member record: particulars checked, the citizen ID checked against the birth date and sex,
//! masked for those who may not edit the member, never in the change log, exported only when
//! asked for by name, and kept when an export without it is imported back.

use crate::support::{backends, json, stderr, TempDir, TestApp, TestDb};

#[test]
fn the_citizen_id_is_checked_masked_never_logged_and_exported_only_by_name() {
    let dir = TempDir::new("record");
    for b in backends() {
        let db = TestDb::new(b, "record");
        db.ok(&["demo", "--scale", "tiny"]);
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
            let p = dir.path(name);
            std::fs::write(
                &p,
                format!("person,place_of_birth,home_town,religion,general_education,party_card_no,party_record_no,citizen_id\n{code},Thạch Hà,Can Lộc,Không,12/12,12345678,012345HT,{citizen}\n"),
            )
            .unwrap_or_else(|e| panic!("{e}"));
            p.to_string_lossy().into_owned()
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
