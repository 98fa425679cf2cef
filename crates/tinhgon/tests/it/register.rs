//! What the register never accepts (person codes that are not codes, impossible birth dates, a
//! second main job, a party post held by a non-member) and figures that add up: every main job
//! counted once, classified or not; `verify` finds what was written behind the checks.

use crate::support::{backends, json, stderr, stdout, Backend, TempDir, TestApp, TestDb};

/// The tiny demo (for its accounts) and beside it a province with a grassroots committee, a cell,
/// two departments, and two people: P1 a party member since 2016, P2 not a member and with no
/// staff category.
fn register(db: &TestDb, dir: &TempDir) {
    db.ok(&["demo", "--scale", "tiny"]);
    let put = |name: &str, body: &str| dir.put(name, body);
    let units = put(
        "units.csv",
        "code,name,kind,parent,valid_from,sector\nR,Tỉnh,province,,2015-01-01,\nG,Đảng bộ cơ sở,party_grassroots_committee,R,2015-01-01,admin_agency\nC,Chi bộ,party_cell,G,2015-01-01,\nS,Sở,department,R,2015-01-01,\nS2,Sở khác,department,R,2015-01-01,\n",
    );
    db.ok(&["import", "units", &units]);
    let people = put(
        "people.csv",
        "code,full_name,gender,birth_date,staff_category\nP1,Lê Văn Tám,nam,01/01/1980,civil_servant\nP2,Phạm Thị Lan,nữ,02/02/1985,\n",
    );
    db.ok(&["import", "people", &people]);
    let members = put("members.csv", "person,unit,status,admitted_on\nP1,C,probationary,01/03/2016\n");
    db.ok(&["import", "members", &members]);
}

fn file(dir: &TempDir, name: &str, body: &str) -> String {
    dir.put(name, body)
}

fn refused(db: &TestDb, args: &[&str], expect: &[&str]) {
    let before = db.count("change_log");
    let out = db.run(args);
    assert!(!out.status.success(), "{args:?} should be refused: {}", stdout(&out));
    for e in expect {
        assert!(stderr(&out).contains(e), "expected «{e}» in:\n{}", stderr(&out));
    }
    assert_eq!(db.count("change_log"), before, "{args:?}: nothing is written");
}

#[test]
fn person_codes_and_birth_dates_the_register_never_accepts() {
    let dir = TempDir::new("input");
    let db = TestDb::new(Backend::Sqlite, "input");
    register(&db, &dir);
    let bad = file(
        &dir,
        "bad-people.csv",
        "code,full_name,gender,birth_date\n../x,Một,nam,01/01/1980\na b,Hai,nam,01/01/1980\nx\u{202e}y,Ba,nam,01/01/1980\n<b>,Bốn,nam,01/01/1980\nP9,Năm,nam,31/12/1899\nP10,Sáu,nam,01/01/2999\n",
    );
    refused(
        &db,
        &["import", "people", &bad],
        &[
            "dòng 2, cột code: mã người gồm 1 đến 40 ký tự",
            "dòng 3, cột code",
            "dòng 4, cột code",
            "dòng 5, cột code",
            "dòng 6, cột birth_date: ngày sinh 31/12/1899 phải từ 01/01/1900",
            "dòng 7, cột birth_date",
            "line 7, column birth_date",
        ],
    );
    // The same through the API, with a control character answered 422, never 500.
    let app = TestApp::with_token(&db, "admin");
    for code in ["../x", "a\\u0007b", "a/b"] {
        let body = format!(r#"{{"code":"{code}","full_name":"Một Hai","gender":"nam","birth_date":"1980-01-01"}}"#);
        let (status, _, v) = app.post("/api/people", &body);
        assert_eq!(status, 422, "{code}: {v}");
        assert_eq!(v["errors"][0]["field"], "code", "{v}");
    }
}

#[test]
fn one_main_job_at_a_time_and_party_posts_for_members() {
    let dir = TempDir::new("posts");
    for b in backends() {
        let db = TestDb::new(b, "posts");
        register(&db, &dir);
        let first = file(&dir, "p1.csv", "person,unit,title,rank,valid_from\nP1,S,Chuyên viên,staff,01/01/2020\n");
        db.ok(&["import", "positions", &first]);
        let second = file(&dir, "p2.csv", "person,unit,title,rank,valid_from\nP1,S2,Phó Giám đốc,deputy,01/06/2021\n");
        refused(
            &db,
            &["import", "positions", &second],
            &["dòng 2, cột primary: P1 đã giữ công việc chính «Chuyên viên» tại S"],
        );
        // Two main jobs in one file are refused too; a concurrent post is not a main job.
        let twice = file(&dir, "p3.csv", "person,unit,title,rank,valid_from,primary\nP2,S,Chuyên viên,staff,01/01/2020,1\nP2,S2,Chuyên viên,staff,01/01/2021,1\n");
        refused(
            &db,
            &["import", "positions", &twice],
            &["dòng 3, cột primary: P2 đã giữ công việc chính «Chuyên viên» tại S"],
        );
        let concurrent =
            file(&dir, "p4.csv", "person,unit,title,rank,valid_from,primary\nP1,S2,Phó Giám đốc,deputy,01/06/2021,0\n");
        db.ok(&["import", "positions", &concurrent]);

        // A post in a party organization needs a member for the whole term.
        let secretary =
            file(&dir, "p5.csv", "person,unit,title,rank,valid_from,primary\nP2,C,Bí thư Chi bộ,head,01/01/2022,0\n");
        refused(
            &db,
            &["import", "positions", &secretary],
            &["dòng 2, cột person: chức vụ trong tổ chức đảng chỉ do đảng viên đảm nhiệm; P2"],
        );
        let early =
            file(&dir, "p6.csv", "person,unit,title,rank,valid_from,primary\nP1,C,Bí thư Chi bộ,head,01/01/2016,0\n");
        refused(
            &db,
            &["import", "positions", &early],
            &["P1 không là đảng viên trong suốt thời gian giữ chức vụ từ ngày 01/01/2016"],
        );
        let ok =
            file(&dir, "p7.csv", "person,unit,title,rank,valid_from,primary\nP1,C,Bí thư Chi bộ,head,01/04/2016,0\n");
        db.ok(&["import", "positions", &ok]);

        // The same rules through a form and a plan.
        let app = TestApp::with_token(&db, "admin");
        let auth = format!("Bearer {}", app.token);
        let form = "person=P1&title=Gi%C3%A1m+%C4%91%E1%BB%91c&rank=head&valid_from=01%2F01%2F2025&primary=1\
                    &decision_no=7-Q%C4%90%2FUBND&decision_date=01%2F12%2F2024";
        let r = crate::support::request(
            &app.addr,
            "POST",
            "/units/S2/positions/new",
            &[("Authorization", &auth), ("Content-Type", "application/x-www-form-urlencoded")],
            form.as_bytes(),
        );
        assert_eq!(r.status, 422, "{b:?}");
        assert!(r.text().contains("công việc chính"), "{}", r.text());
        let ops = file(&dir, "plan.csv", "op,unit,person,title,rank,primary\ncreate_position,S2,P1,Giám đốc,head,1\ncreate_position,G,P2,Phó Bí thư,deputy,0\n");
        db.ok(&[
            "plan",
            "import",
            &ops,
            "--name",
            "Bố trí",
            "--decision",
            "5-QĐ/TU",
            "--decision-date",
            "01/01/2026",
            "--effective",
            "01/02/2026",
        ]);
        let out = db.run(&["plan", "simulate", "1"]);
        assert!(!out.status.success(), "{b:?}");
        let err = stderr(&out);
        assert!(err.contains("Thao tác 1") && err.contains("P1 đã có công việc chính tại S"), "{err}");
        assert!(err.contains("Thao tác 2") && err.contains("P2 không là đảng viên"), "{err}");
    }
}

#[test]
fn every_main_job_is_counted_once_classified_or_not() {
    let dir = TempDir::new("staffing");
    for b in backends() {
        let db = TestDb::new(b, "staffing");
        register(&db, &dir);
        let posts = file(&dir, "p.csv", "person,unit,title,rank,valid_from\nP1,S,Chuyên viên,staff,01/01/2020\nP2,S2,Chuyên viên,staff,01/01/2020\n");
        db.ok(&["import", "positions", &posts]);
        let v = json(&db.ok(&["stats", "--unit", "R", "--at", "01/01/2024", "--json"]));
        assert_eq!(v["staffing"]["actual"], 2, "{b:?}: {}", v["staffing"]);
        assert_eq!(v["staffing"]["by_category"]["civil_servant"]["actual"], 1);
        assert_eq!(v["staffing"]["by_category"]["unclassified"]["actual"], 1, "P2 has no staff category");
        let text = db.ok(&["stats", "--unit", "R", "--at", "01/01/2024"]);
        assert!(text.contains("Chưa phân loại — có mặt"), "{text}");
    }
}

#[test]
fn verify_reports_two_main_jobs_and_party_posts_of_non_members() {
    let dir = TempDir::new("verify-posts");
    for b in backends() {
        let db = TestDb::new(b, "verify-posts");
        register(&db, &dir);
        let posts = file(&dir, "p.csv", "person,unit,title,rank,valid_from\nP1,S,Chuyên viên,staff,01/01/2020\n");
        db.ok(&["import", "positions", &posts]);
        let clean = db.ok(&["verify"]);
        assert!(clean.contains("không có lỗi"), "{clean}");
        // Rows written behind the checks, as an older tinhgon or a hand edit could have.
        let seq = "(SELECT MAX(seq) FROM change_log)";
        let sql = format!(
            "INSERT INTO assignment (id, person_id, unit_id, title, rank, is_primary, valid_from, log_seq)
             SELECT (SELECT MAX(id) + 1 FROM assignment), p.id, u.id, 'Phó Giám đốc', 'deputy', 1, '2021-01-01', {seq}
             FROM person p, unit u WHERE p.code = 'P1' AND u.code = 'S2';
             INSERT INTO assignment (id, person_id, unit_id, title, rank, is_primary, valid_from, log_seq)
             SELECT (SELECT MAX(id) + 1 FROM assignment), p.id, u.id, 'Bí thư Chi bộ', 'head', 0, '2022-01-01', {seq}
             FROM person p, unit u WHERE p.code = 'P2' AND u.code = 'C';"
        );
        db.store().read(|tx| tx.batch(&sql)).unwrap_or_else(|e| panic!("{e}"));
        let out = db.run(&["verify"]);
        assert!(!out.status.success(), "{b:?}");
        let text = stdout(&out);
        assert!(text.contains("P1 có hai công việc chính cùng lúc từ ngày 01/01/2021"), "{text}");
        assert!(text.contains("P2 giữ chức vụ «Bí thư Chi bộ» tại tổ chức đảng C"), "{text}");
    }
}

#[test]
fn a_members_file_may_repeat_the_particulars_of_a_known_person() {
    let dir = TempDir::new("repeat");
    for b in backends() {
        let db = TestDb::new(b, "repeat");
        register(&db, &dir);
        let people = db.count("person");
        let same = file(
            &dir,
            "same.csv",
            "person,full_name,gender,birth_date,staff_category,unit,status,admitted_on,valid_to\nP2,Phạm Thị Lan,nữ,02/02/1985,,C,probationary,01/03/2016,01/03/2017\n",
        );
        db.ok(&["import", "members", &same]);
        let other = file(
            &dir,
            "other.csv",
            "person,full_name,gender,birth_date,unit,status,admitted_on\nP2,Phạm Thị Lan,nữ,03/02/1985,C,probationary,01/03/2018\n",
        );
        refused(
            &db,
            &["import", "members", &other],
            &["dòng 2, cột birth_date: người mã P2 đã có trong sổ với thông tin khác ở cột birth_date"],
        );
        assert_eq!(db.count("person"), people, "{b:?}: the person was recognized, not added");
    }
}
