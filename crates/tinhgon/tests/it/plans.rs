//! Restructuring plans: imported from files, simulated without writing, applied in one
//! transaction that conserves members and staff, reverted exactly, refused with the operation
//! named, and never half-applied when the process dies.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use crate::support::{backends, json, request, stderr, stdout, Reply, TempDir, TestApp, TestDb};

/// Every row of the register's effective-dated tables, in id order: equal dumps mean equal
/// registers as of every date.
fn dump(db: &TestDb) -> String {
    let mut store = db.store();
    let mut out = String::new();
    for (table, cols) in [
        ("unit", "id, code"),
        ("unit_version", "id, unit_id, name, kind, parent_id, led_by_id, sector, ownership, valid_from, valid_to, decision_no, decision_date, log_seq"),
        ("membership", "id, person_id, unit_id, status, admitted_on, recognized_on, valid_from, valid_to, decision_no, decision_date, log_seq"),
        ("assignment", "id, person_id, unit_id, title, rank, is_primary, valid_from, valid_to, decision_no, decision_date, log_seq"),
        ("quota", "id, unit_id, year, category, quota, decision_no, decision_date, log_seq"),
    ] {
        let rows = store
            .read(|tx| tx.query(&format!("SELECT {cols} FROM {table} ORDER BY id"), &[]))
            .unwrap_or_else(|e| panic!("dump {table}: {e}"));
        out.push_str(&format!("{table}: {}\n", rows.len()));
        for r in rows {
            out.push_str(&format!("{:?}\n", r.0));
        }
    }
    out
}

/// Members, staff and communes of the demo province on a date.
fn figures(db: &TestDb, at: &str) -> (i64, i64, i64) {
    let s = json(&db.ok(&["stats", "--unit", "42", "--at", at, "--json"]));
    (
        s["members"]["total"].as_i64().unwrap_or(-1),
        s["staffing"]["actual"].as_i64().unwrap_or(-1),
        s["units_by_kind"]["commune"].as_i64().unwrap_or(-1),
    )
}

use crate::support::THANH_SEN_MERGE as MERGE;

fn import(db: &TestDb, dir: &TempDir, name: &str, csv: &str, effective: &str) -> std::process::Output {
    let file = dir.put(name, csv);
    db.run(&[
        "plan",
        "import",
        &file,
        "--name",
        "Sắp xếp phường thử",
        "--decision",
        "1/2026/NQ-UBTVQH15",
        "--decision-date",
        "2026-11-10",
        "--effective",
        effective,
    ])
}

#[test]
fn a_plan_conserves_members_and_staff_and_reverts_exactly() {
    let dir = TempDir::new("plan-apply");
    for b in backends() {
        let db = TestDb::tiny(b, "plan-apply");
        let out = import(&db, &dir, "merge.csv", MERGE, "2026-12-01");
        assert!(out.status.success(), "{b:?}: {}{}", stdout(&out), stderr(&out));
        let before = dump(&db);
        let (members, staff, communes) = figures(&db, "2026-12-01");

        // Simulation reports the effect and writes nothing.
        let sim = json(&db.ok(&["plan", "simulate", "1", "--json"]));
        assert_eq!(dump(&db), before, "{b:?}: a simulation writes nothing");
        let moved = sim["report"]["members_moved"].as_i64().unwrap_or(-1);
        assert_eq!(moved, 22 + 21, "{b:?}: one cell's members join another, one cell's are shared out");
        let report = &sim["report"];
        assert_eq!(report["members"], serde_json::json!([250, 250]), "{b:?}");
        let kinds = report["by_kind"].as_array().cloned().unwrap_or_default();
        let commune = kinds.iter().find(|k| k["kind"] == "commune").cloned().unwrap_or_default();
        assert_eq!((commune["before"].as_i64(), commune["after"].as_i64()), (Some(3321), Some(3320)), "{b:?}");

        let applied = db.ok(&["plan", "apply", "1"]);
        assert!(applied.contains("Đã thực hiện đề án 1"), "{b:?}: {applied}");
        let (m, s, c) = figures(&db, "2026-12-01");
        assert_eq!((m, s, c), (members, staff, communes - 1), "{b:?}: members and staff conserved, one commune fewer");
        assert_eq!(figures(&db, "2026-11-30"), (members, staff, communes), "{b:?}: the day before is untouched");
        assert!(db.ok(&["verify"]).contains("không có lỗi"), "{b:?}");
        // Every change carries the plan's decision.
        let cited = db
            .store()
            .read(|tx| {
                tx.query_one(
                    "SELECT COUNT(*) FROM change_log WHERE decision_no = '1/2026/NQ-UBTVQH15' AND entity <> 'plan'",
                    &[],
                )?
                .int(0)
            })
            .unwrap_or(0);
        assert!(cited > 100, "{b:?}: {cited} entries cite the decision");
        // Applied once, not twice.
        let again = db.run(&["plan", "apply", "1"]);
        assert!(!again.status.success(), "{b:?}");
        let text = stderr(&again);
        assert!(text.contains("đã được thực hiện") && text.contains("already applied"), "{b:?}: {text}");

        db.ok(&["plan", "revert", "1"]);
        assert_eq!(dump(&db), before, "{b:?}: the revert restores every row exactly");
        assert_eq!(figures(&db, "2026-12-01"), (members, staff, communes), "{b:?}");
        assert!(db.ok(&["verify"]).contains("không có lỗi"), "{b:?}");
        assert!(db.ok(&["plan", "list"]).contains("Đã hoàn tác"), "{b:?}");
    }
}

#[test]
fn a_revert_is_refused_when_later_changes_build_on_the_plan() {
    let dir = TempDir::new("plan-dependents");
    for b in backends() {
        let db = TestDb::tiny(b, "plan-dependents");
        assert!(import(&db, &dir, "merge.csv", MERGE, "2026-12-01").status.success());
        db.ok(&["plan", "apply", "1"]);
        // A new cell under the committee the plan created.
        let cell = dir.put("cell.csv", "code,name,kind,parent,sector,valid_from\n42901.DU.C99,Chi bộ mới,party_grassroots_cell,42901.DU,commune,2026-12-15\n");
        db.ok(&["import", "units", &cell]);
        let after = dump(&db);
        let out = db.run(&["plan", "revert", "1"]);
        assert!(!out.status.success(), "{b:?}");
        let text = stderr(&out);
        assert!(text.contains("Không hoàn tác được") && text.contains("Cannot revert"), "{b:?}: {text}");
        assert!(text.contains("unit_version"), "{b:?}: the dependent row is named: {text}");
        assert_eq!(dump(&db), after, "{b:?}: nothing written");
    }
}

#[test]
fn bad_plans_are_refused_naming_the_operation_and_nothing_is_applied() {
    let dir = TempDir::new("plan-bad");
    for b in backends() {
        let db = TestDb::tiny(b, "plan-bad");
        let before = dump(&db);
        // A unit that does not exist is refused when the plan is stored, naming the operation.
        let out = import(&db, &dir, "nope.csv", "op,unit,target\ngiai_the,42.NOPE,\n", "2026-12-01");
        assert!(!out.status.success(), "{b:?}");
        let text = stderr(&out);
        assert!(text.contains("Thao tác 1") && text.contains("không có đơn vị 42.NOPE"), "{b:?}: {text}");
        assert!(text.contains("there is no unit 42.NOPE"), "{b:?}: {text}");
        assert_eq!(db.count("plan"), 0, "{b:?}: nothing stored");
        let cases: &[(&str, &str, &str)] = &[
            ("op,unit,parent\nchuyen_giao,18073.DU,18073.DU.C01\n", "2026-12-01", "nằm trong chính 18073.DU"),
            (
                "op,unit,target,share\nchia_tach,18073.DU.C01,18073.DU.C02,40%\nchia_tach,18073.DU.C01,18073.DU.C03,40%\n",
                "2026-12-01",
                "cộng lại 80%",
            ),
            (
                "op,unit,target,people\nchia_tach,18073.DU.C01,18073.DU.C02,42.0000001\n",
                "2026-12-01",
                "bỏ sót",
            ),
            (
                "op,unit,target,parent\nchuyen_giao,18073.T01,,18100\ngiai_the,18073.T01,18100,\n",
                "2026-12-01",
                "đã thuộc thao tác 1",
            ),
            ("op,unit,target\nsap_nhap,18073.DU.C02,18073.DU.C01\n", "2020-01-01", "không trước ngày hiệu lực"),
        ];
        for (i, (csv, effective, expected)) in cases.iter().enumerate() {
            let out = import(&db, &dir, &format!("bad{i}.csv"), csv, effective);
            assert!(out.status.success(), "{b:?} case {i}: {}", stderr(&out));
            let id = (i + 1).to_string();
            for cmd in ["simulate", "apply"] {
                let out = db.run(&["plan", cmd, &id]);
                assert!(!out.status.success(), "{b:?} case {i} {cmd}: {}", stdout(&out));
                let text = stderr(&out);
                assert!(text.contains("Thao tác") && text.contains(expected), "{b:?} case {i} {cmd}: {text}");
                assert!(text.contains("Operation"), "{b:?} case {i}: English too: {text}");
            }
        }
        // A file naming an unknown operation is refused at import, with its line.
        let out = import(&db, &dir, "badop.csv", "op,unit\nxoa_so,18073\n", "2026-12-01");
        assert!(!out.status.success());
        assert!(stderr(&out).contains("dòng 2, cột op"), "{b:?}: {}", stderr(&out));
        // Only the plans themselves were stored; the register is as it was.
        let after = dump(&db);
        assert_eq!(after, before, "{b:?}: nothing applied");
    }
}

#[test]
fn killing_the_process_during_apply_leaves_the_register_untouched_or_fully_applied() {
    let dir = TempDir::new("plan-kill");
    for b in backends() {
        let db = TestDb::tiny(b, "plan-kill");
        // Every commune of the country merged in pairs: thousands of rows to write.
        let units = db
            .store()
            .read(|tx| {
                tx.query(
                    "SELECT u.code FROM unit u JOIN unit_version v ON v.unit_id = u.id
                     WHERE v.kind = 'commune' AND v.valid_to IS NULL AND u.code NOT IN ('18073', '18100') ORDER BY u.code",
                    &[],
                )
            })
            .unwrap_or_else(|e| panic!("{e}"));
        let codes: Vec<String> = units.iter().map(|r| r.str(0).to_string()).collect();
        let mut csv = String::from("op,unit,target,name,kind,parent\n");
        for (i, pair) in codes.chunks(2).enumerate() {
            let parent = db
                .store()
                .read(|tx| {
                    tx.query_one(
                        "SELECT p.code FROM unit_version v JOIN unit u ON u.id = v.unit_id JOIN unit p ON p.id = v.parent_id
                         WHERE u.code = $1 AND v.valid_to IS NULL",
                        &[pair[0].as_str().into()],
                    )?
                    .text(0)
                })
                .unwrap_or_else(|e| panic!("{e}"));
            csv.push_str(&format!("hop_nhat,{},M{i:05},Xã hợp nhất {i},commune,{parent}\n", pair.join(";")));
        }
        assert!(import(&db, &dir, "all.csv", &csv, "2026-12-01").status.success());
        let before = dump(&db);
        let mut child = Command::new(env!("CARGO_BIN_EXE_tinhgon"))
            .args(["plan", "apply", "1"])
            .env("TINHGON_DB", &db.url)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("{e}"));
        // Kill it once it has started writing and reported progress.
        let err = child.stderr.take().unwrap_or_else(|| panic!("no stderr"));
        let mut seen = Vec::new();
        for line in BufReader::new(err).lines().map_while(Result::ok) {
            seen.push(line.clone());
            let progress: Vec<&str> = line.trim().split('/').collect();
            if let [done, total] = progress.as_slice() {
                if done.parse::<u64>().is_ok() && done != total {
                    break;
                }
            }
        }
        child.kill().unwrap_or_else(|e| panic!("kill: {e}"));
        let status = child.wait().unwrap_or_else(|e| panic!("{e}"));
        let in_force = |db: &TestDb| {
            db.store()
                .read(|tx| {
                    tx.query_one(
                        "SELECT COUNT(*) FROM unit_version WHERE kind = 'commune' AND valid_from <= '2026-12-01'
                           AND (valid_to IS NULL OR valid_to > '2026-12-01')",
                        &[],
                    )?
                    .int(0)
                })
                .unwrap_or(-1)
        };
        let merged = 2 + codes.chunks(2).count() as i64;
        if status.success() {
            // It finished before the signal landed: then it is whole.
            assert_eq!(in_force(&db), merged, "{b:?}");
        } else {
            assert!(seen.iter().any(|l| l.contains('/')), "{b:?}: it was writing when killed: {seen:?}");
            assert_eq!(dump(&db), before, "{b:?}: a killed apply leaves the register untouched");
            assert_eq!(in_force(&db), 3321, "{b:?}");
            // And it can still be applied whole.
            db.ok(&["plan", "apply", "1"]);
            assert_eq!(in_force(&db), merged, "{b:?}");
        }
        assert!(db.ok(&["verify"]).contains("không có lỗi"), "{b:?}");
    }
}

/// Provinces, districts and communes in force on a date, active members, and people holding a
/// position.
fn country(db: &TestDb, at: &str) -> [i64; 5] {
    let mut store = db.store();
    let q = |store: &mut tinhgon_store::Store, sql: &str| {
        store.read(|tx| tx.query_one(sql, &[at.into()])?.int(0)).unwrap_or_else(|e| panic!("{sql}: {e}"))
    };
    let in_force = "valid_from <= $1 AND (valid_to IS NULL OR valid_to > $1)";
    let kinds = |kind: &str| format!("SELECT COUNT(*) FROM unit_version WHERE kind = '{kind}' AND {in_force}");
    [
        q(&mut store, &kinds("province")),
        q(&mut store, &kinds("district")),
        q(&mut store, &kinds("commune")),
        q(
            &mut store,
            &format!("SELECT COUNT(*) FROM membership WHERE status IN ('probationary', 'official') AND {in_force}"),
        ),
        q(&mut store, &format!("SELECT COUNT(DISTINCT person_id) FROM assignment WHERE {in_force}")),
    ]
}

#[test]
fn the_2025_reorganization_replays_with_everyone_accounted_for_and_reverts_exactly() {
    for b in backends() {
        let db = TestDb::new(b, "replay-2025");
        let built = db.run(&["demo", "--scale", "tiny", "--replay-2025", "--no-apply"]);
        assert!(built.status.success(), "{b:?}: {}", stderr(&built));
        // The simulation reports the country before and after without writing anything.
        let report = stdout(&built);
        assert!(report.contains("63 →       34"), "{b:?}: {report}");
        assert!(report.contains("10.038 →    3.321"), "{b:?}: {report}");
        let before = dump(&db);
        let eve = country(&db, "2025-06-30");
        assert_eq!(&eve[..3], &[63, 696, 10_038], "{b:?}: the apparatus of 30 June 2025");
        assert!(eve[3] > 100 && eve[4] > 100, "{b:?}: members and staff on the eve: {eve:?}");
        assert_eq!(country(&db, "2025-07-01"), eve, "{b:?}: nothing changes before the plan is applied");

        let applied = db.run(&["plan", "apply", "1"]);
        assert!(applied.status.success(), "{b:?}: {}", stderr(&applied));
        let day_one = country(&db, "2025-07-01");
        assert_eq!(&day_one[..3], &[34, 0, 3_321], "{b:?}: provinces, districts, communes from 1 July 2025");
        assert_eq!(&day_one[3..], &eve[3..], "{b:?}: every member and every position holder accounted for");
        assert_eq!(country(&db, "2025-06-30"), eve, "{b:?}: the eve is still queryable as it was");
        // Every new commune cites the resolution.
        let cited = db
            .store()
            .read(|tx| {
                tx.query_one(
                    "SELECT COUNT(*) FROM unit_version WHERE kind = 'commune' AND valid_from = '2025-07-01' \
                     AND decision_no = '202/2025/QH15'",
                    &[],
                )?
                .int(0)
            })
            .unwrap_or(-1);
        assert_eq!(cited, 3_321, "{b:?}");

        let reverted = db.run(&["plan", "revert", "1"]);
        assert!(reverted.status.success(), "{b:?}: {}", stderr(&reverted));
        assert_eq!(dump(&db), before, "{b:?}: the register after the revert equals the one before the plan");
    }
}

/// A form post with a bearer token (no session, so no CSRF token is needed).
fn form(app: &TestApp, token: &str, path: &str, body: &str) -> Reply {
    let auth = format!("Bearer {token}");
    request(
        &app.addr,
        "POST",
        path,
        &[("Authorization", &auth), ("Content-Type", "application/x-www-form-urlencoded")],
        body.as_bytes(),
    )
}

fn page(app: &TestApp, token: &str, path: &str) -> Reply {
    let auth = format!("Bearer {token}");
    request(&app.addr, "GET", path, &[("Authorization", &auth)], b"")
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[test]
fn plans_are_drafted_simulated_applied_and_reverted_in_the_browser_by_those_with_the_right() {
    for b in backends() {
        let db = TestDb::tiny(b, "plan-web");
        let app = TestApp::start(&db.url);
        let token = |user: &str| db.ok(&["token", "create", "--user", user]).trim().to_string();
        let (tochuc, kiemtra, bithu) = (token("tochuc"), token("kiemtra"), token("bithu"));

        // A draft with a bad row is refused naming the line; nothing is stored.
        let fields = |ops: &str| {
            format!(
                "name={}&decision={}&decision_date=2026-11-10&effective=2026-12-01&surplus_years=3\
                 &baseline_year=2015&target_cut=4&ops={}",
                urlencode("Sắp xếp phường thử"),
                urlencode("1/2026/NQ-UBTVQH15"),
                urlencode(ops)
            )
        };
        let bad = form(&app, &tochuc, "/plans/new", &fields("op,unit,target\nnhập_bừa,18073,\n"));
        assert_eq!(bad.status, 422, "{b:?}: {}", bad.text());
        assert!(bad.text().contains("nhập_bừa"), "{b:?}: {}", bad.text());
        assert_eq!(db.count("plan"), 0, "{b:?}");

        // The organization officer of the province drafts the merger of two wards.
        let made = form(&app, &tochuc, "/plans/new", &fields(MERGE));
        assert_eq!(made.status, 303, "{b:?}: {}", made.text());
        assert_eq!(made.header("location"), Some("/plans/1"), "{b:?}");
        let shown = page(&app, &tochuc, "/plans/1");
        assert_eq!(shown.status, 200, "{b:?}");
        let html = shown.text();
        assert!(html.contains("Mô phỏng") && html.contains("Thực hiện đề án"), "{b:?}: {html}");
        // The draft's operations come back as the text they were written from.
        let edit = page(&app, &tochuc, "/plans/1/edit").text();
        assert!(edit.contains("18073.DU;18100.DU"), "{b:?}: {edit}");

        // The inspection officer of the provincial party organization does not reach the wards'
        // people's committees: the plan is absent to them; the ward secretary may not read plans.
        assert_eq!(page(&app, &kiemtra, "/plans/1").status, 404, "{b:?}");
        assert_eq!(page(&app, &bithu, "/plans").status, 403, "{b:?}");
        assert_eq!(form(&app, &bithu, "/plans/1/apply", "").status, 403, "{b:?}");

        let before = dump(&db);
        let applied = form(&app, &tochuc, "/plans/1/apply", "");
        assert_eq!(applied.status, 303, "{b:?}: {}", applied.text());
        let (_, _, communes) = figures(&db, "2026-12-01");
        assert_eq!(communes, figures(&db, "2026-11-30").2 - 1, "{b:?}: two wards became one");
        let shown = page(&app, &tochuc, "/plans/1").text();
        assert!(shown.contains("Hoàn tác đề án"), "{b:?}");
        // The staffing cut of the merged wards' councils and committees since the baseline year,
        // against the target of 4, as the seeds report it.
        let quota = |unit: &str, at: &str| {
            json(&db.ok(&["stats", "--unit", unit, "--at", at, "--json"]))["staffing"]["quota"].as_i64().unwrap_or(-1)
        };
        let bodies = ["18073.UBND", "18100.UBND", "18073.HDND", "18100.HDND"];
        let then: i64 = bodies.iter().map(|u| quota(u, "2015-12-31")).sum();
        let now: i64 = bodies.iter().map(|u| quota(u, "2026-11-30")).sum();
        let cut = then - now;
        assert!(cut > 0, "{b:?}: {then} → {now}");
        let percent = format!("{},", cut * 100 / 4);
        assert!(
            shown.contains(&format!("giảm {cut} biên chế so với năm 2015, đạt {percent}")),
            "{b:?}: {then} → {now}: {shown}"
        );
        // An applied plan cannot be edited or applied again.
        assert_eq!(page(&app, &tochuc, "/plans/1/edit").status, 409, "{b:?}");
        assert_eq!(form(&app, &tochuc, "/plans/1/apply", "").status, 409, "{b:?}");

        let reverted = form(&app, &tochuc, "/plans/1/revert", "");
        assert_eq!(reverted.status, 303, "{b:?}: {}", reverted.text());
        assert_eq!(dump(&db), before, "{b:?}: reverted from the browser exactly");

        // Rules: everyone who reads plans sees them; only the administrator sets a new value.
        let rules = page(&app, &kiemtra, "/rules").text();
        assert!(rules.contains("Nghị định 107/2020"), "{b:?}: {rules}");
        let admin = token("admin");
        let set = form(&app, &admin, "/rules", "rule=cell_min_official&value=5&from=2027-01-01&source=Test");
        assert_eq!(set.status, 303, "{b:?}: {}", set.text());
        assert!(db.ok(&["rules", "list"]).contains("01/01/2027"), "{b:?}");
        assert_eq!(
            form(&app, &tochuc, "/rules", "rule=cell_min_official&value=5&from=2027-02-01&source=Test").status,
            403,
            "{b:?}"
        );
    }
}
