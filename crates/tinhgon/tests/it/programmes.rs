//! Programmes and their tasks: a province's programme implementing a central resolution gives the
//! district and its communes tasks; their progress rolls up the task tree and the unit tree by the
//! method the programme chose (equal weights, weights, or a value set by hand, with who and when);
//! bad deadlines and progress are refused with nothing written; the overdue tasks are in the
//! communes' work due; and the district's own plan on the same subject for the same commune, in an
//! overlapping period, is pointed out on both documents' pages and on the commune's.

use crate::support::{backends, can_loc, json, TempDir, TestApp, TestDb};

fn register(db: &TestDb, dir: &TempDir) {
    let users: [&[&str]; 3] = [
        &["admin", "--role", "admin"],
        &["huyen", "--role", "organization", "--unit", "P.TU.H"],
        &["xa1", "--role", "secretary", "--unit", "P.TU.H.X1"],
    ];
    can_loc(db, dir, "", &users);
}

fn id_of(app: &TestApp, path: &str, body: &str) -> i64 {
    let (status, _, v) = app.post(path, body);
    assert_eq!(status, 201, "{path} {body}: {v}");
    v["id"].as_i64().unwrap_or_default()
}

fn refused(db: &TestDb, app: &TestApp, path: &str, body: &str, field: &str) {
    let before = db.count("change_log");
    let (status, _, v) = app.post(path, body);
    assert_eq!(status, 422, "{path} {body}: {v}");
    assert_eq!(v["errors"][0]["field"], field, "{path} {body}: {v}");
    assert!(v["errors"][0]["message"].is_string() && v["errors"][0]["message_en"].is_string(), "{v}");
    assert_eq!(db.count("change_log"), before, "a refused write wrote: {path} {body}");
}

#[test]
fn a_programmes_tasks_roll_up_by_its_method_and_an_overlapping_plan_is_pointed_out() {
    let dir = TempDir::new("programmes");
    for b in backends() {
        let db = TestDb::new(b, "programmes");
        register(&db, &dir);
        let admin = TestApp::with_token(&db, "admin");
        let nq = id_of(
            &admin,
            "/api/documents",
            r#"{"issuer":"TW","kind":"nghi_quyet","sign":"18-NQ/TW","issued_on":"2017-10-25","title":"Một số vấn đề về tiếp tục đổi mới, sắp xếp tổ chức bộ máy của hệ thống chính trị tinh gọn, hoạt động hiệu lực, hiệu quả"}"#,
        );
        let ctr = id_of(
            &admin,
            "/api/documents",
            &format!(
                r#"{{"issuer":"P.TU","kind":"chuong_trinh","sign":"05-CTr/TU","issued_on":"2018-01-10","valid_from":"2018-01-10","valid_to":"2020-12-31","title":"Chương trình hành động thực hiện Nghị quyết 18-NQ/TW","implements":{nq}}}"#
            ),
        );
        let tasks = format!("/api/documents/{ctr}/tasks");
        // A: the district's task, weight 2, in two parts for its communes; B: the first commune's own.
        let a = id_of(
            &admin,
            &tasks,
            r#"{"unit":"P.TU.H","title":"Sắp xếp các cơ quan cấp huyện","topic":"Sắp xếp tổ chức bộ máy","starts_on":"2018-01-10","deadline":"2018-12-31","weight":2}"#,
        );
        let a1 = id_of(
            &admin,
            &tasks,
            &format!(r#"{{"unit":"P.TU.H.X1","title":"Hợp nhất văn phòng","deadline":"2018-06-30","parent":{a}}}"#),
        );
        let a2 = id_of(
            &admin,
            &tasks,
            &format!(r#"{{"unit":"P.TU.H.X2","title":"Hợp nhất văn phòng","deadline":"2018-06-30","parent":{a}}}"#),
        );
        let b_task = id_of(
            &admin,
            &tasks,
            r#"{"unit":"P.TU.H.X1","title":"Sắp xếp các tổ chức của xã","topic":"sắp xếp tổ chức bộ máy","starts_on":"2018-01-10","deadline":"2018-12-31"}"#,
        );

        // Bad tasks and progress write nothing.
        refused(
            &db,
            &admin,
            &tasks,
            r#"{"unit":"P.TU.H","title":"Quá hạn chương trình","deadline":"2021-01-31"}"#,
            "deadline",
        );
        refused(
            &db,
            &admin,
            &tasks,
            r#"{"unit":"P.TU.H","title":"Trước khi bắt đầu","starts_on":"2018-05-01","deadline":"2018-04-01"}"#,
            "deadline",
        );
        refused(
            &db,
            &admin,
            &tasks,
            r#"{"unit":"P.TU.H","title":"Trọng số","deadline":"2018-04-01","weight":5000}"#,
            "weight",
        );
        let xa1 = TestApp::with_token(&db, "xa1");
        refused(&db, &xa1, &format!("/api/tasks/{a1}/progress"), r#"{"progress":150}"#, "progress");
        refused(&db, &xa1, &format!("/api/tasks/{a1}/progress"), r#"{"progress":-1}"#, "progress");
        refused(&db, &admin, &format!("/api/documents/{ctr}/rollup"), r#"{"rollup":"manual"}"#, "progress");
        // The commune's secretary reports its own tasks, not the other commune's.
        assert_eq!(xa1.post(&format!("/api/tasks/{a1}/progress"), r#"{"progress":100,"note":"Xong"}"#).0, 200, "{b:?}");
        assert_eq!(xa1.post(&format!("/api/tasks/{b_task}/progress"), r#"{"progress":20}"#).0, 200, "{b:?}");
        assert_eq!(xa1.post(&format!("/api/tasks/{a2}/progress"), r#"{"progress":10}"#).0, 404, "{b:?}");

        // Equal weights: A = (100 + 0) / 2 = 50, then (50 + 20) / 2 = 35.
        let (_, _, t) = admin.get(&tasks);
        assert_eq!((t["rollup"].as_str(), t["progress"].as_i64()), (Some("equal"), Some(35)), "{b:?}: {t}");
        let node = |t: &serde_json::Value, id: i64| {
            t["tasks"].as_array().into_iter().flatten().find(|n| n["id"] == id).cloned().unwrap_or_default()
        };
        assert_eq!(
            (node(&t, a)["rolled"].as_i64(), node(&t, a1)["progress_by"].as_str()),
            (Some(50), Some("xa1")),
            "{b:?}: {t}"
        );
        assert_eq!(node(&t, a1)["depth"], 1, "{b:?}");
        // By unit: the first commune has its part of A (100) and B (20); the district A and B.
        let unit = |t: &serde_json::Value, u: &str| {
            t["by_unit"].as_array().into_iter().flatten().find(|x| x["unit"] == u).map(|x| x["progress"].as_i64())
        };
        assert_eq!(unit(&t, "P.TU.H.X1"), Some(Some(60)), "{b:?}: {t}");
        assert_eq!(unit(&t, "P.TU.H.X2"), Some(Some(0)), "{b:?}: {t}");
        assert_eq!(unit(&t, "P.TU.H"), Some(Some(35)), "{b:?}: {t}");
        // Weights: (2 × 50 + 1 × 20) / 3 = 40.
        assert_eq!(admin.post(&format!("/api/documents/{ctr}/rollup"), r#"{"rollup":"weighted"}"#).0, 200);
        assert_eq!(admin.get(&tasks).2["progress"], 40, "{b:?}");
        // By hand: 70, with who set it and when.
        assert_eq!(admin.post(&format!("/api/documents/{ctr}/rollup"), r#"{"rollup":"manual","progress":70}"#).0, 200);
        let (_, _, t) = admin.get(&tasks);
        assert_eq!((t["progress"].as_i64(), t["set_by"].as_str()), (Some(70), Some("admin")), "{b:?}: {t}");
        assert!(t["set_at"].as_str().is_some_and(|s| !s.is_empty()), "{b:?}: {t}");

        // The district's own plan gives the first commune a task on the same subject in an
        // overlapping period: pointed out on both documents and on the commune's page.
        let huyen = TestApp::with_token(&db, "huyen");
        let kh = id_of(
            &huyen,
            "/api/documents",
            &format!(
                r#"{{"issuer":"P.TU.H","kind":"ke_hoach","sign":"02-KH/HU","issued_on":"2018-03-01","valid_to":"2019-12-31","title":"Kế hoạch thực hiện Nghị quyết 18-NQ/TW","implements":{nq}}}"#
            ),
        );
        id_of(
            &huyen,
            &format!("/api/documents/{kh}/tasks"),
            r#"{"unit":"P.TU.H.X1","title":"Rà soát, sắp xếp bộ máy xã","topic":"Sắp xếp tổ chức bộ máy","starts_on":"2018-03-01","deadline":"2018-09-30"}"#,
        );
        let (_, _, mine) = huyen.get(&format!("/api/documents/{kh}/tasks"));
        assert_eq!(mine["overlaps"].as_array().map(Vec::len), Some(1), "{b:?}: {mine}");
        assert_eq!(mine["overlaps"][0]["other_sign"], "05-CTr/TU", "{b:?}: {mine}");
        let (_, _, theirs) = admin.get(&tasks);
        assert_eq!(theirs["overlaps"][0]["other_sign"], "02-KH/HU", "{b:?}: {theirs}");
        assert_eq!(theirs["overlaps"][0]["task"], b_task, "{b:?}: {theirs}");
        let (status, _, x1) = xa1.get("/api/units/P.TU.H.X1/tasks");
        assert_eq!(status, 200, "{b:?}: {x1}");
        assert_eq!(x1["overlaps"].as_array().map(Vec::len), Some(1), "{b:?}: {x1}");
        let page = xa1.fetch("/units/P.TU.H.X1/documents");
        assert!(
            page.text().contains("Chỉ đạo chồng chéo") && page.text().contains("02-KH/HU"),
            "{b:?}: {}",
            page.text()
        );

        // The unfinished tasks past their deadline are in the communes' work due.
        let due = json(&db.ok(&["due", "--unit", "P.TU.H.X2", "--json"]));
        let items: Vec<&serde_json::Value> =
            due.as_array().into_iter().flatten().filter(|i| i["work"] == "task_overdue").collect();
        assert_eq!(items.len(), 1, "{b:?}: {due}");
        assert_eq!(items[0]["name"], "Hợp nhất văn phòng", "{b:?}");
        let due = json(&db.ok(&["due", "--unit", "P.TU.H.X1", "--json"]));
        let titles: Vec<&str> = due
            .as_array()
            .into_iter()
            .flatten()
            .filter(|i| i["work"] == "task_overdue")
            .filter_map(|i| i["name"].as_str())
            .collect();
        assert_eq!(
            titles,
            ["Rà soát, sắp xếp bộ máy xã", "Sắp xếp các tổ chức của xã"],
            "{b:?}: the done part is not due"
        );
    }
}
