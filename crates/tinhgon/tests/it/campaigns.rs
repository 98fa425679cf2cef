//! Seed 000's review campaign on the province demo: the bloc of provincial agencies launches the
//! final review with an outline of figure fields, picks two pilot units that report first, forms
//! six steering teams for its units; every grassroots organization drafts its report with the
//! figures pre-filled from the register as of the reference date and submits it, one late, one
//! refused after the campaign closed; the bloc's aggregate of the submitted figures equals the
//! register's statistics for the reference date.

use std::io::Read as _;

use calamine::Reader as _;

use crate::support::{backends, json, TempDir, TestApp, TestDb};

const FIELDS: [&str; 11] = [
    "members_total",
    "members_official",
    "members_probationary",
    "members_women",
    "grassroots_organizations",
    "orgs_admin_agency",
    "members_admin_agency",
    "orgs_public_service",
    "members_public_service",
    "admissions",
    "recognitions",
];

fn codes(v: &serde_json::Value) -> Vec<String> {
    v.as_array().into_iter().flatten().filter_map(|u| u["code"].as_str().map(str::to_string)).collect()
}

#[test]
fn seed_000s_campaign_runs_on_the_demo_and_the_blocs_aggregate_equals_the_register() {
    let dir = TempDir::new("campaigns");
    for b in backends() {
        // Minutes of writes to the shared server: not while the replica's reads are measured.
        let _quiet = (b == crate::support::Backend::Postgres).then(crate::support::quiet_server);
        let db = TestDb::new(b, "campaigns");
        db.ok(&["demo", "--scale", "province"]);
        let officer = TestApp::with_token(&db, "tochuc");
        // The bloc of provincial agencies on the reference date, before the 2019 merger.
        let (_, _, children) = officer.get("/api/units/42.DUKCQ/children?at=2016-12-31");
        let grassroots = codes(&children);
        assert!(grassroots.len() > 20, "{b:?}: {children}");
        let (pilot1, pilot2) = (grassroots[0].clone(), grassroots[1].clone());
        let body = serde_json::json!({
            "launcher": "42.DUKCQ", "kind": "tong_ket",
            "title": "Tổng kết việc đổi mới phương thức lãnh đạo của Đảng, xây dựng tổ chức bộ máy của hệ thống chính trị tinh gọn, hoạt động hiệu lực, hiệu quả",
            "reference_on": "2016-12-31", "pilot_by": "2017-02-17", "report_by": "2017-02-28", "closes_on": "2017-03-15",
            "conference_on": "2017-02-21",
            "sections": ["Kết quả thực hiện", "Hạn chế, nguyên nhân", "Bài học kinh nghiệm", "Kiến nghị, đề xuất"],
            "fields": FIELDS, "pilots": [pilot1, pilot2],
        });
        // Bad campaigns write nothing: the pilots' deadline after the others', a unit outside.
        let before = db.count("change_log");
        let mut bad = body.clone();
        bad["pilot_by"] = "2017-03-01".into();
        let (status, _, v) = officer.post("/api/campaigns", &bad.to_string());
        assert_eq!((status, v["errors"][0]["field"].as_str()), (422, Some("pilot_by")), "{b:?}: {v}");
        let mut bad = body.clone();
        bad["pilots"] = serde_json::json!(["18073.DU"]);
        assert_eq!(officer.post("/api/campaigns", &bad.to_string()).0, 422, "{b:?}");
        assert_eq!(db.count("change_log"), before, "{b:?}");

        let (status, _, v) = officer.post("/api/campaigns", &body.to_string());
        assert_eq!(status, 201, "{b:?}: {v}");
        let id = v["id"].as_i64().unwrap_or_default();
        let (_, _, view) = officer.get(&format!("/api/campaigns/{id}"));
        let units: Vec<String> = view["units"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|u| u["unit"].as_str().map(str::to_string))
            .collect();
        let mut expected = grassroots.clone();
        expected.sort();
        assert_eq!(units, expected, "{b:?}: every grassroots organization of the bloc reports");
        let pilots: Vec<&serde_json::Value> =
            view["units"].as_array().into_iter().flatten().filter(|u| u["pilot"] == true).collect();
        assert_eq!(pilots.len(), 2, "{b:?}");
        assert!(pilots.iter().all(|p| p["report_by"] == "2017-02-17"), "{b:?}: {view}");

        // Six steering teams share the units.
        for t in 0..6 {
            let follows: Vec<&String> = units.iter().skip(t).step_by(6).collect();
            let body = serde_json::json!({"name": format!("Tổ chỉ đạo số {}", t + 1), "members": "Đồng chí Phó Bí thư; Ủy viên Ban Thường vụ", "units": follows});
            assert_eq!(officer.post(&format!("/api/campaigns/{id}/teams"), &body.to_string()).0, 201, "{b:?}");
        }
        let (_, _, view) = officer.get(&format!("/api/campaigns/{id}"));
        assert_eq!(view["teams"].as_array().map(Vec::len), Some(6), "{b:?}");
        assert!(
            view["units"].as_array().into_iter().flatten().all(|u| u["team"].is_i64()),
            "{b:?}: every unit is followed"
        );

        // The command line drafts every unit's report from the register, telling its progress.
        let out = db.run(&["campaign", "prefill", &id.to_string()]);
        let (said, told) = (crate::support::stdout(&out), crate::support::stderr(&out));
        assert!(
            out.status.success() && said.contains(&format!("Đã soạn sẵn {} báo cáo", units.len())),
            "{b:?}: {said}{told}"
        );
        assert!(told.contains(&format!("{n}/{n} đơn vị", n = units.len())), "{b:?}: {told}");

        // A pilot's draft is pre-filled from the register as of the reference date.
        let (status, _, draft) = officer.get(&format!("/api/campaigns/{id}/reports/{pilot1}"));
        assert_eq!(status, 200, "{b:?}: {draft}");
        let own = json(&db.ok(&["stats", "--unit", &pilot1, "--at", "31/12/2016", "--json"]));
        assert_eq!(draft["figures"][0]["key"], "members_total", "{b:?}");
        assert_eq!(draft["figures"][0]["register"], own["members"]["total"], "{b:?}: {draft}");
        assert_eq!(draft["figures"][0]["value"], own["members"]["total"], "{b:?}");
        assert_eq!(draft["figures"][4]["value"], 1, "{b:?}: a grassroots organization counts itself");
        // A figure changed without a note is refused, naming it; nothing is written.
        let before = db.count("change_log");
        let changed = serde_json::json!({"texts": ["Kết quả"], "figures": [{"key": "members_total", "value": 1}], "submit": true, "submitted_on": "2017-02-16"});
        let (status, _, v) = officer.post(&format!("/api/campaigns/{id}/reports/{pilot1}"), &changed.to_string());
        assert_eq!((status, v["errors"][0]["field"].as_str()), (422, Some("figure.members_total")), "{b:?}: {v}");
        assert!(v["errors"][0]["message"].as_str().is_some_and(|m| m.contains("lý do")), "{b:?}: {v}");
        assert_eq!(db.count("change_log"), before, "{b:?}");

        // The pilots submit first, the others in time, one late; one refused after the close.
        let submit = |unit: &str, on: &str| {
            let body = serde_json::json!({"texts": ["Kết quả thực hiện", "Hạn chế", "Bài học", "Kiến nghị"], "conference_on": on, "submit": true, "submitted_on": on});
            officer.post(&format!("/api/campaigns/{id}/reports/{unit}"), &body.to_string())
        };
        for p in [&pilot1, &pilot2] {
            assert_eq!(submit(p, "2017-02-17").0, 200, "{b:?}");
        }
        let late = units.last().cloned().unwrap_or_default();
        for u in units.iter().filter(|u| **u != pilot1 && **u != pilot2 && **u != late) {
            let (status, _, v) = submit(u, "2017-02-24");
            assert_eq!(status, 200, "{b:?} {u}: {v}");
        }
        let (status, _, v) = submit(&late, "2017-03-20");
        assert_eq!((status, v["errors"][0]["field"].as_str()), (422, Some("submitted_on")), "{b:?}: {v}");
        assert_eq!(submit(&late, "2017-03-06").0, 200, "{b:?}");
        assert_eq!(submit(&late, "2017-03-07").0, 409, "{b:?}: a submitted report is not changed");

        let (_, _, view) = officer.get(&format!("/api/campaigns/{id}"));
        assert_eq!(
            (view["submitted"].as_u64(), view["late"].as_u64()),
            (Some(units.len() as u64), Some(1)),
            "{b:?}: {view}"
        );
        let late_units: Vec<&str> = view["units"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|u| u["late"] == true)
            .filter_map(|u| u["unit"].as_str())
            .collect();
        assert_eq!(late_units, [late.as_str()], "{b:?}");

        // The bloc's aggregate equals the register's statistics for the reference date.
        let (status, _, agg) = officer.get(&format!("/api/campaigns/{id}/aggregate"));
        assert_eq!(status, 200, "{b:?}: {agg}");
        let bloc = json(&db.ok(&["stats", "--unit", "42.DUKCQ", "--at", "31/12/2016", "--json"]));
        let line = |k: &str| {
            agg["lines"].as_array().into_iter().flatten().find(|l| l["key"] == k).cloned().unwrap_or_default()
        };
        assert_eq!(line("members_total")["submitted"], bloc["members"]["total"], "{b:?}: {agg}");
        assert_eq!(line("members_women")["submitted"], bloc["members"]["women"], "{b:?}");
        assert_eq!(
            line("orgs_admin_agency")["submitted"],
            bloc["grassroots_by_sector"]["admin_agency"]["organizations"],
            "{b:?}"
        );
        assert_eq!(
            line("members_public_service")["submitted"],
            bloc["grassroots_by_sector"]["public_service"]["members"],
            "{b:?}"
        );
        assert_eq!(line("grassroots_organizations")["submitted"], units.len(), "{b:?}");
        for l in agg["lines"].as_array().into_iter().flatten() {
            assert_eq!(l["differs"], false, "{b:?}: {l}");
            assert_eq!(l["submitted"], l["register"], "{b:?}: {l}");
        }
        assert_eq!(
            (agg["submitted"].as_u64(), agg["of"].as_u64()),
            (Some(units.len() as u64), Some(units.len() as u64)),
            "{b:?}"
        );

        // The year's admissions and recognitions, as the party statistics of the year count them.
        let year = json(&db.ok(&[
            "party-stats",
            "--unit",
            "42.DUKCQ",
            "--from",
            "01/01/2016",
            "--to",
            "01/01/2017",
            "--json",
        ]));
        assert_eq!(line("admissions")["submitted"], year["admissions"], "{b:?}: {year}");
        assert_eq!(line("recognitions")["submitted"], year["recognitions"], "{b:?}");
        let cli = json(&db.ok(&["campaign", "aggregate", &id.to_string(), "--json"]));
        assert_eq!(cli["lines"], agg["lines"], "{b:?}: the command line adds up the same");
        assert!(agg["lines"].as_array().into_iter().flatten().all(|l| l["corrected"] == false), "{b:?}");

        // The same on the page, and as the workbook of the statistical forms: the units' sheet adds
        // up to the register's figures in its row of totals, and a real office suite opens it.
        let page = officer.fetch(&format!("/campaigns/{id}/aggregate"));
        assert!(page.text().contains(&format!("{n}/{n} báo cáo", n = units.len())), "{b:?}: {}", page.text());
        let r = officer.fetch(&format!("/campaigns/{id}/aggregate.xlsx"));
        assert_eq!(r.status, 200, "{b:?}");
        let file = format!("tong-hop-{b:?}.xlsx");
        std::fs::write(dir.path(&file), &r.body).unwrap_or_else(|e| panic!("{e}"));
        let mut wb: calamine::Xlsx<_> = calamine::open_workbook(dir.path(&file)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(wb.sheet_names(), ["Tổng hợp", "Theo đơn vị"], "{b:?}");
        let sheet = wb.worksheet_range("Theo đơn vị").unwrap_or_else(|e| panic!("{e}"));
        let rows: Vec<Vec<calamine::Data>> = sheet.rows().map(<[calamine::Data]>::to_vec).collect();
        assert_eq!(rows.len(), units.len() + 2, "{b:?}: the header, a row per unit, the totals");
        let total = rows.last().cloned().unwrap_or_default();
        assert_eq!(total.first().map(ToString::to_string).as_deref(), Some("Tổng cộng"), "{b:?}");
        let number = |c: Option<&calamine::Data>| match c {
            Some(calamine::Data::Float(f)) => *f as i64,
            Some(calamine::Data::Int(i)) => *i,
            other => panic!("{b:?}: not a number: {other:?}"),
        };
        // Column 3 is the first field, the members.
        let sum: i64 = rows.iter().skip(1).take(units.len()).map(|r| number(r.get(3))).sum();
        assert_eq!(number(total.get(3)), sum, "{b:?}");
        assert_eq!(serde_json::json!(sum), bloc["members"]["total"], "{b:?}");
        crate::office::converts_to_pdf(&dir, &file);
        // Any unit's statistics as a workbook of the forms: the totals add up to the register's.
        let r = officer.fetch("/units/42.DUKCQ/stats.xlsx?at=31/12/2016");
        assert_eq!(r.status, 200, "{b:?}");
        let file = format!("thong-ke-{b:?}.xlsx");
        std::fs::write(dir.path(&file), &r.body).unwrap_or_else(|e| panic!("{e}"));
        let mut wb: calamine::Xlsx<_> = calamine::open_workbook(dir.path(&file)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(wb.sheet_names(), ["Đảng viên", "Tổ chức cơ sở đảng", "Biên chế", "Đơn vị trực thuộc"], "{b:?}");
        let last = |wb: &mut calamine::Xlsx<_>, name: &str| -> Vec<calamine::Data> {
            let range = wb.worksheet_range(name).unwrap_or_else(|e| panic!("{e}"));
            range.rows().next_back().map(<[calamine::Data]>::to_vec).unwrap_or_default()
        };
        let members = last(&mut wb, "Đảng viên");
        assert_eq!(members.first().map(ToString::to_string).as_deref(), Some("Tổng số đảng viên"), "{b:?}");
        assert_eq!(serde_json::json!(number(members.get(1))), bloc["members"]["total"], "{b:?}");
        let orgs = last(&mut wb, "Tổ chức cơ sở đảng");
        assert_eq!(
            (number(orgs.get(1)), serde_json::json!(number(orgs.get(2)))),
            (units.len() as i64, bloc["members"]["total"].clone()),
            "{b:?}"
        );
        crate::office::converts_to_pdf(&dir, &file);

        // A unit's report as a Word file: the header, "BÁO CÁO", its sections and figures.
        let r = officer.fetch(&format!("/campaigns/{id}/reports/{pilot1}/word.docx"));
        assert_eq!(r.status, 200, "{b:?}");
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(r.body.clone())).unwrap_or_else(|e| panic!("{e}"));
        let mut xml = String::new();
        zip.by_name("word/document.xml")
            .unwrap_or_else(|e| panic!("{e}"))
            .read_to_string(&mut xml)
            .unwrap_or_else(|e| panic!("{e}"));
        for part in [
            "ĐẢNG CỘNG SẢN VIỆT NAM",
            "BÁO CÁO",
            "Tổng kết việc đổi mới phương thức lãnh đạo",
            "I. KẾT QUẢ THỰC HIỆN",
            "SỐ LIỆU (đến ngày 31/12/2016)",
            "Tổng số đảng viên",
            "ngày 17 tháng 02 năm 2017",
            "Nơi nhận:",
        ] {
            assert!(xml.contains(part), "{b:?}: the report's Word file lacks {part}");
        }
        let word = format!("bao-cao-{b:?}.docx");
        std::fs::write(dir.path(&word), &r.body).unwrap_or_else(|e| panic!("{e}"));
        crate::office::converts_to_pdf(&dir, &word);

        // A unit's secretary sees the campaign with its own unit only, not another's report, nor
        // the aggregate.
        db.run_with_input(
            &["user", "add", "bithu1", "--role", "secretary", "--unit", &pilot1],
            "một mật khẩu dài cho thử\n",
        );
        let secretary = TestApp::with_token(&db, "bithu1");
        let (status, _, mine) = secretary.get(&format!("/api/campaigns/{id}"));
        assert_eq!(status, 200, "{b:?}: {mine}");
        assert_eq!(mine["units"].as_array().map(Vec::len), Some(1), "{b:?}: {mine}");
        assert_eq!(secretary.get(&format!("/api/campaigns/{id}/reports/{pilot2}")).0, 404, "{b:?}");
        assert_eq!(secretary.get(&format!("/api/campaigns/{id}/aggregate")).0, 404, "{b:?}");
    }
}
