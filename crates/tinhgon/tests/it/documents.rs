//! The document register: a central resolution, the province's programme implementing it, the
//! district's, and the communes' plans, some on time, one late, one missing; the numbering rules
//! refuse a bad or reused sign and an implementing document dated before its source, writing
//! nothing; a congress opens a new term where the numbers start again; the reach shows a document
//! to those who reach its issuer or a unit named to implement it; the Word file carries the header
//! elements of Hướng dẫn 36-HD/VPTW, and a real office suite converts it to PDF.

use std::io::Read as _;

use crate::support::{backends, can_loc, request, TempDir, TestApp, TestDb};

fn register(db: &TestDb, dir: &TempDir) {
    let more = "P.TU.H.X3,Đảng bộ xã Kim Song Trường,party_commune,P.TU.H,2010-01-01,
P.TU.K,Đảng bộ huyện Nghi Xuân,party_district,P.TU,2010-01-01,
";
    let users: [&[&str]; 4] = [
        &["admin", "--role", "admin"],
        &["huyen", "--role", "organization", "--unit", "P.TU.H"],
        &["xa3", "--role", "secretary", "--unit", "P.TU.H.X3"],
        &["khac", "--role", "organization", "--unit", "P.TU.K"],
    ];
    can_loc(db, dir, more, &users);
}

fn created(app: &TestApp, body: &str) -> i64 {
    let (status, _, v) = app.post("/api/documents", body);
    assert_eq!(status, 201, "{body}: {v}");
    v["id"].as_i64().unwrap_or_default()
}

/// A refused document: 422 naming the field, in both languages, and nothing written.
fn refused(db: &TestDb, app: &TestApp, body: &str, field: &str, words: &str) {
    let before = db.count("change_log");
    let (status, _, v) = app.post("/api/documents", body);
    assert_eq!(status, 422, "{body}: {v}");
    let text = v.to_string();
    assert!(text.contains(field) && text.contains(words), "{body}: expected {field} / {words}: {text}");
    assert!(v["errors"][0]["field"] == field && v["errors"][0]["message_en"].is_string(), "{text}");
    assert_eq!(db.count("change_log"), before, "a refused document wrote: {body}");
}

fn entry(docx: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap_or_else(|e| panic!("not a zip: {e}"));
    let mut f = zip.by_name(name).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut s = String::new();
    f.read_to_string(&mut s).unwrap_or_else(|e| panic!("{e}"));
    s
}

#[test]
fn a_resolution_is_implemented_down_the_tree_and_the_units_that_have_not_are_named() {
    let dir = TempDir::new("documents");
    for b in backends() {
        let db = TestDb::new(b, "documents");
        register(&db, &dir);
        let admin = TestApp::with_token(&db, "admin");
        let nq = created(
            &admin,
            r#"{"issuer":"TW","kind":"nghi_quyet","sign":"39-NQ/TW","issued_on":"2015-04-17","title":"Về tinh giản biên chế và cơ cấu lại đội ngũ cán bộ, công chức, viên chức"}"#,
        );
        let ctr_tu = created(
            &admin,
            &format!(
                r#"{{"issuer":"P.TU","kind":"chuong_trinh","sign":"06-CTr/TU","issued_on":"2015-06-01","title":"Chương trình hành động thực hiện Nghị quyết 39-NQ/TW","implements":{nq},"implement_by":"2015-08-31","targets":["P.TU.H"]}}"#
            ),
        );
        let huyen = TestApp::with_token(&db, "huyen");
        let ctr = created(
            &huyen,
            &format!(
                r#"{{"issuer":"P.TU.H","kind":"chuong_trinh","sign":"06-CTr/HU","issued_on":"2015-07-15","title":"Chương trình hành động thực hiện Chương trình 06-CTr/TU","implements":{ctr_tu},"implement_by":"2015-09-30","body":"I. MỤC ĐÍCH, YÊU CẦU\n\nQuán triệt sâu sắc Nghị quyết.","signing_for":"T/M Ban Thường vụ","signer_title":"Bí thư","signer_name":"Nguyễn Văn An","recipients":"Ban Thường vụ Tỉnh ủy,\nCác đảng ủy xã,\nLưu Văn phòng Huyện ủy."}}"#
            ),
        );
        created(
            &admin,
            &format!(
                r#"{{"issuer":"P.TU.H.X1","kind":"ke_hoach","sign":"01-KH/ĐU","issued_on":"2015-09-01","title":"Kế hoạch thực hiện","implements":{ctr}}}"#
            ),
        );
        created(
            &admin,
            &format!(
                r#"{{"issuer":"P.TU.H.X2","kind":"ke_hoach","sign":"01-KH/ĐU","issued_on":"2015-10-10","title":"Kế hoạch thực hiện","implements":{ctr}}}"#
            ),
        );

        // The district's programme: three communes named by default, one on time, one late, one
        // that has not issued its plan.
        let (status, _, d) = huyen.get(&format!("/api/documents/{ctr}"));
        assert_eq!(status, 200, "{b:?}: {d}");
        assert_eq!(d["targets"].as_array().map(Vec::len), Some(3), "{b:?}: {d}");
        let progress: Vec<(String, String)> = d["targets"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|t| (t["unit"].as_str().unwrap_or("").to_string(), t["progress"].as_str().unwrap_or("").to_string()))
            .collect();
        let expect = [("P.TU.H.X1", "on_time"), ("P.TU.H.X2", "late"), ("P.TU.H.X3", "overdue")];
        assert_eq!(progress, expect.map(|(u, p)| (u.to_string(), p.to_string())), "{b:?}");
        assert_eq!((d["implemented"].as_i64(), d["not_by_deadline"].as_i64()), (Some(1), Some(2)), "{b:?}");
        // The chain from the central resolution down: the province's, the district's, two communes'.
        let (_, _, top) = admin.get(&format!("/api/documents/{nq}"));
        let chain: Vec<&str> =
            top["chain"].as_array().into_iter().flatten().filter_map(|c| c["sign"].as_str()).collect();
        assert_eq!(chain, ["06-CTr/TU", "06-CTr/HU", "01-KH/ĐU", "01-KH/ĐU"], "{b:?}");
        // The commune that has not implemented it sees it among what it must implement, overdue.
        let xa3 = TestApp::with_token(&db, "xa3");
        let (status, _, mine) = xa3.get("/api/units/P.TU.H.X3/documents");
        assert_eq!(status, 200, "{b:?}: {mine}");
        assert_eq!(mine["to_implement"][0][0]["sign"], "06-CTr/HU", "{b:?}: {mine}");
        assert_eq!(mine["to_implement"][0][1]["progress"], "overdue", "{b:?}: {mine}");
        // Documents from above are received: the commune reads the province's programme, the
        // other district the central resolution and the province's programme; the other district
        // does not see this district's programme, nor the communes' plans (absent, as out of reach).
        let khac = TestApp::with_token(&db, "khac");
        assert_eq!(xa3.get(&format!("/api/documents/{ctr_tu}")).0, 200, "{b:?}");
        assert_eq!(khac.get(&format!("/api/documents/{nq}")).0, 200, "{b:?}");
        assert_eq!(khac.get(&format!("/api/documents/{ctr_tu}")).0, 200, "{b:?}");
        assert_eq!(khac.get(&format!("/api/documents/{ctr}")).0, 404, "{b:?}");
        let (_, _, top_seen) = khac.get(&format!("/api/documents/{nq}"));
        let seen: Vec<&str> =
            top_seen["chain"].as_array().into_iter().flatten().filter_map(|c| c["sign"].as_str()).collect();
        assert_eq!(seen, ["06-CTr/TU"], "{b:?}: the other district sees only what is above it in the chain");
        // The pages say the same.
        let page = huyen.fetch(&format!("/documents/{ctr}"));
        assert_eq!(page.status, 200, "{b:?}");
        let html = page.text();
        assert!(
            html.contains("1/3 đơn vị") && html.contains("Đảng bộ xã Kim Song Trường") && html.contains("Quá hạn"),
            "{b:?}: {html}"
        );

        // Bad signs and dates: 422 naming the field, nothing written.
        let base = |sign: &str, on: &str| {
            format!(
                r#"{{"issuer":"P.TU.H","kind":"chuong_trinh","sign":"{sign}","issued_on":"{on}","title":"Chương trình","implements":{ctr_tu}}}"#
            )
        };
        refused(&db, &huyen, &base("6-CTr/HU", "2015-08-01"), "sign", "hai chữ số");
        refused(&db, &huyen, &base("06/CTr-HU", "2015-08-01"), "sign", "<số>-<loại>/<cơ quan ban hành>");
        refused(&db, &huyen, &base("07-KH/HU", "2015-08-01"), "sign", "CTr");
        refused(&db, &huyen, &base("07-CTr/ĐUK", "2015-08-01"), "sign", "HU");
        refused(&db, &huyen, &base("06-CTr/HU", "2016-03-01"), "sign", "số tiếp theo là 07");
        refused(&db, &huyen, &base("07-CTr/HU", "2015-05-01"), "issued_on", "06-CTr/TU");
        refused(
            &db,
            &khac,
            &format!(r#"{{"issuer":"P.TU.K","kind":"chuong_trinh","title":"Chương trình","implements":{ctr}}}"#),
            "implements",
            "không có văn bản",
        );
        refused(&db, &huyen, r#"{"issuer":"P.TU","kind":"chuong_trinh","title":"Chương trình"}"#, "issuer", "P.TU");
        refused(
            &db,
            &huyen,
            r#"{"issuer":"P.TU.H","kind":"chuong_trinh","sign":"08-CTr/HU","issued_on":"2015-08-01","title":"Chương trình","implement_by":"2015-07-01"}"#,
            "implement_by",
            "trước ngày ban hành",
        );

        // A congress closes the term: number 06 may be given again in the new one.
        let (status, _, v) = huyen.post(
            "/api/units/P.TU.H/congresses",
            r#"{"closed_on":"2020-08-20","label":"Đại hội lần thứ XXV, nhiệm kỳ 2020–2025"}"#,
        );
        assert_eq!(status, 201, "{b:?}: {v}");
        created(&huyen, &base("06-CTr/HU", "2020-09-01"));
        refused(&db, &huyen, &base("06-CTr/HU", "2020-10-01"), "sign", "2020");

        // A draft has no number; issuing it checks its sign like any other.
        let draft = created(&huyen, r#"{"issuer":"P.TU.H","kind":"ke_hoach","title":"Kế hoạch sơ kết"}"#);
        let (status, _, v) =
            huyen.post(&format!("/api/documents/{draft}/issue"), r#"{"sign":"01-KH/ĐUK","issued_on":"2021-03-01"}"#);
        assert_eq!(status, 422, "{b:?}: {v}");
        let (status, _, v) =
            huyen.post(&format!("/api/documents/{draft}/issue"), r#"{"sign":"01-KH/HU","issued_on":"2021-03-01"}"#);
        assert_eq!(status, 200, "{b:?}: {v}");
        assert_eq!(huyen.get(&format!("/api/documents/{draft}")).2["status"], "issued", "{b:?}");

        // The Word file: the header elements of 36-HD/VPTW, in their sizes and styles.
        let r = huyen.fetch(&format!("/documents/{ctr}/word.docx"));
        assert_eq!(r.status, 200, "{b:?}");
        assert!(r.content_type().contains("wordprocessingml"), "{b:?}");
        let xml = entry(&r.body, "word/document.xml");
        for part in [
            "ĐẢNG CỘNG SẢN VIỆT NAM",
            "ĐẢNG BỘ TỈNH HÀ TĨNH",
            "ĐẢNG BỘ HUYỆN CAN LỘC",
            "Số 06-CTr/HU",
            "Hà Tĩnh, ngày 15 tháng 7 năm 2015",
            "CHƯƠNG TRÌNH",
            "Chương trình hành động thực hiện Chương trình 06-CTr/TU",
            "Quán triệt sâu sắc Nghị quyết.",
            "T/M BAN THƯỜNG VỤ",
            "BÍ THƯ",
            "Nguyễn Văn An",
            "Nơi nhận:",
            "- Các đảng ủy xã,",
        ] {
            assert!(xml.contains(part), "{b:?}: the Word file lacks {part}");
        }
        // The header: bold, underlined, 15 points; the place and date in italics, 14 points.
        assert!(xml.contains(r#"<w:b/><w:u w:val="single"/><w:sz w:val="30"/><w:szCs w:val="30"/></w:rPr><w:t xml:space="preserve">ĐẢNG CỘNG SẢN VIỆT NAM"#), "{b:?}");
        assert!(
            xml.contains(
                r#"<w:i/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr><w:t xml:space="preserve">Hà Tĩnh, ngày 15"#
            ),
            "{b:?}"
        );
        assert!(entry(&r.body, "word/styles.xml").contains("Times New Roman"), "{b:?}");
        std::fs::write(dir.path(&format!("chuong-trinh-{b:?}.docx")), &r.body).unwrap_or_else(|e| panic!("{e}"));
        crate::office::converts_to_pdf(&dir, &format!("chuong-trinh-{b:?}.docx"));

        // The document's own file, a PDF, is kept byte for byte; a text file is refused.
        let pdf = b"%PDF-1.4\n% tinhgon\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n";
        let auth = format!("Bearer {}", huyen.token);
        let up = request(
            &huyen.addr,
            "POST",
            &format!("/api/documents/{ctr}/files?name=06-CTr-HU.pdf"),
            &[("Authorization", &auth), ("Content-Type", "application/octet-stream")],
            pdf,
        );
        assert_eq!(up.status, 201, "{b:?}: {}", up.text());
        let file = crate::support::json(&up.text())["id"].as_i64().unwrap_or_default();
        let down = huyen.fetch(&format!("/api/documents/{ctr}/files/{file}"));
        assert_eq!(down.body, pdf.to_vec(), "{b:?}");
        let bad = request(
            &huyen.addr,
            "POST",
            &format!("/api/documents/{ctr}/files?name=a.txt"),
            &[("Authorization", &auth), ("Content-Type", "application/octet-stream")],
            b"text",
        );
        assert_eq!(bad.status, 422, "{b:?}");
    }
}

/// A request with a token and a body.
fn send(app: &TestApp, method: &str, path: &str, body: &[u8]) -> crate::support::Reply {
    let auth = format!("Bearer {}", app.token);
    request(&app.addr, method, path, &[("Authorization", &auth), ("Content-Type", "application/octet-stream")], body)
}

#[test]
fn a_write_on_a_document_needs_its_issuer_in_reach_and_drafts_stay_with_their_issuer() {
    let dir = TempDir::new("documents-writes");
    for b in backends() {
        let db = TestDb::new(b, "documents-writes");
        register(&db, &dir);
        let admin = TestApp::with_token(&db, "admin");
        let huyen = TestApp::with_token(&db, "huyen");
        let (xa3, khac) = (TestApp::with_token(&db, "xa3"), TestApp::with_token(&db, "khac"));
        let ctr = created(
            &huyen,
            r#"{"issuer":"P.TU.H","kind":"chuong_trinh","sign":"06-CTr/HU","issued_on":"2015-07-15","title":"Chương trình hành động","implement_by":"2015-09-30"}"#,
        );
        created(
            &admin,
            &format!(
                r#"{{"issuer":"P.TU.H.X1","kind":"ke_hoach","sign":"01-KH/ĐU","issued_on":"2015-09-01","title":"Kế hoạch thực hiện","implements":{ctr}}}"#
            ),
        );
        // A commune named in the programme reads it, but writes nothing to it: attaching a file is
        // answered as for a document that does not exist, and nothing is written.
        let pdf = b"%PDF-1.4\n% tinhgon\n%%EOF\n";
        let before = db.count("change_log");
        let theirs = send(&xa3, "POST", &format!("/api/documents/{ctr}/files?name=a.pdf"), pdf);
        let none = send(&xa3, "POST", "/api/documents/999999/files?name=a.pdf", pdf);
        assert_eq!(theirs.status, 404, "{b:?}: {}", theirs.text());
        assert_eq!(theirs.text().replace(&ctr.to_string(), "N"), none.text().replace("999999", "N"), "{b:?}");
        assert_eq!(db.count("change_log"), before, "{b:?}");
        // The issuer's officer attaches; the commune downloads; only the issuer withdraws it, and
        // the withdrawn file is kept, logged, and no longer served or listed.
        let up = send(&huyen, "POST", &format!("/api/documents/{ctr}/files?name=a.pdf"), pdf);
        assert_eq!(up.status, 201, "{b:?}: {}", up.text());
        let file = crate::support::json(&up.text())["id"].as_i64().unwrap_or_default();
        let path = format!("/api/documents/{ctr}/files/{file}");
        assert_eq!(send(&xa3, "GET", &path, b"").status, 200, "{b:?}");
        assert_eq!(send(&xa3, "DELETE", &path, b"").status, 404, "{b:?}");
        assert_eq!(send(&khac, "DELETE", &path, b"").status, 404, "{b:?}");
        // On the page, the issuer's officer is offered the withdrawal, the commune is not.
        let page = |app: &TestApp| send(app, "GET", &format!("/documents/{ctr}"), b"").text();
        assert!(page(&huyen).contains(&format!("/documents/{ctr}/files/{file}/withdraw")), "{b:?}");
        assert!(!page(&xa3).contains("/withdraw"), "{b:?}");
        assert_eq!(send(&huyen, "DELETE", &path, b"").status, 204, "{b:?}");
        assert_eq!(send(&huyen, "DELETE", &path, b"").status, 404, "{b:?}: withdrawn once");
        assert_eq!(send(&xa3, "GET", &path, b"").status, 404, "{b:?}");
        assert_eq!(huyen.get(&format!("/api/documents/{ctr}")).2["files"], serde_json::json!([]), "{b:?}");
        let up = send(&huyen, "POST", &format!("/api/documents/{ctr}/files?name=b.pdf"), pdf);
        let second = crate::support::json(&up.text())["id"].as_i64().unwrap_or_default();
        let form = |app: &TestApp, body: &str| {
            let auth = format!("Bearer {}", app.token);
            let kind = ("Content-Type", "application/x-www-form-urlencoded");
            let path = format!("/documents/{ctr}/files/{second}/withdraw");
            request(&app.addr, "POST", &path, &[("Authorization", &auth), kind], body.as_bytes()).status
        };
        assert_eq!(form(&xa3, "confirm=1"), 404, "{b:?}");
        assert_eq!(form(&huyen, ""), 422, "{b:?}: not confirmed");
        assert_eq!(form(&huyen, "confirm=1"), 303, "{b:?}");
        assert_eq!(huyen.get(&format!("/api/documents/{ctr}")).2["files"], serde_json::json!([]), "{b:?}");
        assert_eq!(db.count("document_file"), 2, "{b:?}: the files are kept");
        let withdrawn: i64 = db
            .store()
            .read(|tx| tx.query_one("SELECT COUNT(*) FROM change_log WHERE action = 'withdraw'", &[])?.int(0))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(withdrawn, 2, "{b:?}");

        // How the communes stand: each shown only to whoever reaches it.
        let (_, _, seen) = xa3.get(&format!("/api/documents/{ctr}"));
        let units: Vec<&str> =
            seen["targets"].as_array().into_iter().flatten().filter_map(|t| t["unit"].as_str()).collect();
        assert_eq!(units, ["P.TU.H.X3"], "{b:?}: {seen}");
        assert!(!seen.to_string().contains("01-KH/ĐU"), "{b:?}: another commune's plan: {seen}");
        assert_eq!(huyen.get(&format!("/api/documents/{ctr}")).2["targets"].as_array().map(Vec::len), Some(3), "{b:?}");

        // Drafts are their issuer's officers' alone, the Central Committee's included.
        let draft = created(&huyen, r#"{"issuer":"P.TU.H","kind":"ke_hoach","title":"Kế hoạch dự thảo"}"#);
        let central = created(&admin, r#"{"issuer":"TW","kind":"nghi_quyet","title":"Dự thảo nghị quyết"}"#);
        assert_eq!(huyen.get(&format!("/api/documents/{draft}")).0, 200, "{b:?}");
        for (who, app) in [("xa3", &xa3), ("khac", &khac), ("huyen", &huyen)] {
            for id in [draft, central] {
                if who == "huyen" && id == draft {
                    continue;
                }
                for path in
                    [format!("/api/documents/{id}"), format!("/api/documents/{id}/docx"), format!("/documents/{id}")]
                {
                    assert_eq!(send(app, "GET", &path, b"").status, 404, "{b:?} {who}: {path}");
                }
            }
        }
        let (_, _, listed) = xa3.get("/api/units/P.TU.H.X3/documents");
        assert!(!listed.to_string().contains("dự thảo"), "{b:?}: {listed}");
    }
}
