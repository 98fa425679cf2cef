//! End-to-end journeys in a real Chromium, driven through ChromeDriver (WebDriver over HTTP).
//! Skipped with a notice where Chromium is absent, unless TINHGON_REQUIRE_BROWSER=1 (as in CI).
//! Screenshots go to target/e2e-screenshots/.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{json, Value};

use crate::support::{backends, request, TempDir, TestApp, TestDb};

const CHROMIUM: &str = "/usr/bin/chromium";
const DRIVER: &str = "/usr/bin/chromedriver";
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

fn available() -> bool {
    let present = Path::new(CHROMIUM).exists() && Path::new(DRIVER).exists();
    if !present {
        assert!(
            std::env::var("TINHGON_REQUIRE_BROWSER").map_or(true, |v| v != "1"),
            "TINHGON_REQUIRE_BROWSER=1 but {CHROMIUM} or {DRIVER} is missing (apt-get install chromium chromium-driver)"
        );
        eprintln!("NOTICE: browser tests skipped: Chromium or ChromeDriver is not installed");
    }
    present
}

struct Driver {
    child: Child,
    addr: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_driver() -> Driver {
    let port =
        std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).unwrap_or(9515);
    let child = Command::new(DRIVER)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("start {DRIVER}: {e}"));
    // From here on the driver is stopped by Drop, whatever happens.
    let driver = Driver { child, addr: format!("127.0.0.1:{port}") };
    for _ in 0..100 {
        if std::net::TcpStream::connect(&driver.addr).is_ok() {
            return driver;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("ChromeDriver did not start");
}

/// One browser session.
struct Browser<'d> {
    driver: &'d Driver,
    id: String,
    base: String,
    shots: PathBuf,
}

impl<'d> Browser<'d> {
    fn open(driver: &'d Driver, base: &str, profile: &Path) -> Browser<'d> {
        let caps = json!({"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": CHROMIUM,
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                     "--no-first-run", "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", "--window-size=1280,1000", format!("--user-data-dir={}", profile.display())]
        }}}});
        let v = call(&driver.addr, "POST", "/session", Some(&caps));
        let id = v["sessionId"].as_str().map(String::from).unwrap_or_else(|| panic!("no session: {v}"));
        let shots = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/e2e-screenshots");
        let _ = std::fs::create_dir_all(&shots);
        Browser { driver, id, base: base.to_string(), shots }
    }

    fn cmd(&self, method: &str, path: &str, body: Option<&Value>) -> Value {
        call(&self.driver.addr, method, &format!("/session/{}{path}", self.id), body)
    }

    fn go(&self, path: &str) {
        self.cmd("POST", "/url", Some(&json!({"url": format!("http://{}{path}", self.base)})));
    }

    fn find(&self, css: &str) -> String {
        for _ in 0..50 {
            let v = self.cmd("POST", "/element", Some(&json!({"using": "css selector", "value": css})));
            if let Some(id) = v[ELEMENT].as_str() {
                return id.to_string();
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("no element {css} on {}: {}", self.url(), self.source());
    }

    fn type_into(&self, css: &str, text: &str) {
        let e = self.find(css);
        self.cmd("POST", &format!("/element/{e}/clear"), Some(&json!({})));
        self.cmd("POST", &format!("/element/{e}/value"), Some(&json!({"text": text})));
    }

    fn click(&self, css: &str) {
        let e = self.find(css);
        self.cmd("POST", &format!("/element/{e}/click"), Some(&json!({})));
    }

    fn source(&self) -> String {
        self.cmd("GET", "/source", None).as_str().unwrap_or_default().to_string()
    }

    fn url(&self) -> String {
        self.cmd("GET", "/url", None).as_str().unwrap_or_default().to_string()
    }

    /// Waits until the page holds the text.
    fn wait_for(&self, text: &str) {
        for _ in 0..100 {
            if self.source().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("'{text}' never appeared on {}: {}", self.url(), self.source());
    }

    fn screenshot(&self, name: &str) {
        let v = self.cmd("GET", "/screenshot", None);
        let png = base64(v.as_str().unwrap_or_default());
        assert!(png.starts_with(b"\x89PNG"), "not a PNG screenshot");
        let _ = std::fs::write(self.shots.join(format!("{name}.png")), png);
    }

    /// Runs a script in the page and returns its value.
    fn script(&self, body: &str) -> Value {
        self.cmd("POST", "/execute/sync", Some(&json!({"script": body, "args": []})))
    }

    fn resize(&self, width: u32, height: u32) {
        self.cmd("POST", "/window/rect", Some(&json!({"width": width, "height": height})));
    }

    fn sign_in(&self, name: &str) {
        self.go("/login");
        self.type_into("#name", name);
        self.type_into("#password", "tinhgon-demo");
        self.click("form[action='/login'] button[type=submit]");
        self.wait_for("Đăng xuất");
    }
}

impl Drop for Browser<'_> {
    fn drop(&mut self) {
        call(&self.driver.addr, "DELETE", &format!("/session/{}", self.id), None);
    }
}

fn call(addr: &str, method: &str, path: &str, body: Option<&Value>) -> Value {
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let r = request(addr, method, path, &[("Content-Type", "application/json")], body.as_bytes());
    let v: Value = serde_json::from_slice(&r.body).unwrap_or(Value::Null);
    v["value"].clone()
}

fn base64(text: &str) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let digits: Vec<u8> = text.bytes().filter_map(val).collect();
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let n = chunk.iter().enumerate().fold(0u32, |acc, (i, d)| acc | (u32::from(*d) << (18 - 6 * i)));
        out.push((n >> 16) as u8);
        if chunk.len() > 2 {
            out.push((n >> 8) as u8);
        }
        if chunk.len() > 3 {
            out.push(n as u8);
        }
    }
    out
}

#[test]
fn journeys_of_the_organization_officer_secretary_and_member_in_chromium() {
    if !available() {
        return;
    }
    let db = TestDb::tiny(backends()[0], "browser");
    let app = TestApp::start(&db.url);
    let driver = start_driver();
    let tmp = TempDir::new("browser-profiles");

    // Organization officer: sign in, find a unit typing without diacritics, dashboard, compare.
    let b = Browser::open(&driver, &app.addr, &tmp.path("tochuc"));
    b.sign_in("tochuc");
    b.screenshot("01-tochuc-home");
    b.type_into("#top-q", "thanh sen");
    b.click("form.search button[type=submit]");
    b.wait_for("Đảng bộ phường Thành Sen");
    b.screenshot("02-search-without-diacritics");
    b.click("a[href='/units/18073.DU']");
    b.wait_for("Chi bộ Tổ dân phố 1");
    // The lazy tree opens a sub-unit's children in place.
    b.click("button.toggle[data-src^='/units/18073.DU.C01/tree']");
    b.wait_for("Không có đơn vị trực thuộc");
    b.click("a.button[href^='/units/18073.DU/dashboard']");
    b.wait_for("Bảng số liệu: Đảng bộ phường Thành Sen");
    b.type_into("#compare", "01/01/2016");
    b.click("form.dates button[type=submit]");
    b.wait_for("so với ngày 01/01/2016");
    assert!(b.source().contains("class=\"delta"), "differences are highlighted");
    assert!(b.source().contains("<svg"), "charts are drawn");
    assert!(b.source().contains("Đảng viên theo dân tộc") && b.source().contains("Kinh"), "members by ethnic group");
    b.screenshot("03-dashboard-compare");
    // The comparison is readable on a laptop and on a phone: every table keeps its difference
    // column in view (no scroll bar hides it) and the charts' labels are of a readable size.
    for (width, name) in [(1366, "03a-dashboard-laptop"), (390, "03b-dashboard-phone")] {
        b.resize(width, 1000);
        let v = b.script(
            "const cells = [...document.querySelectorAll('table.figures tr > :last-child')];\
             const hidden = cells.filter(c => c.getBoundingClientRect().right > c.closest('.scroll').getBoundingClientRect().right + 1).length;\
             const label = document.querySelector('svg text.label').getBoundingClientRect().height;\
             const row = document.querySelector('table.figures th[scope=row]').getBoundingClientRect().width;\
             return [cells.length, hidden, label, row];",
        );
        let got = &v;
        assert!(got[0].as_u64().unwrap_or(0) > 10, "{width}: {got}");
        assert_eq!(got[1].as_u64(), Some(0), "{width}: difference cells out of view: {got}");
        assert!(got[2].as_f64().unwrap_or(0.0) >= 12.0, "{width}: chart labels too small: {got}");
        assert!(got[3].as_f64().unwrap_or(0.0) >= 70.0, "{width}: row labels squeezed: {got}");
        b.screenshot(name);
    }
    b.resize(1280, 1000);

    // Edit a unit citing a decision.
    b.go("/units/18073.DU.C02/edit");
    b.type_into("#edit-name", "Chi bộ Tổ dân phố Hai");
    b.type_into("#edit-valid_from", "01/04/2026");
    b.type_into("#edit-decision_no", "35-QĐ/ĐU");
    b.type_into("#edit-decision_date", "28/03/2026");
    b.click("form[action$='/edit'] button[type=submit]");
    b.wait_for("Quyết định số 35-QĐ/ĐU");
    b.screenshot("04-unit-edited");

    // End a position from the link beside it on the unit page, citing a decision.
    let positions = db.count("assignment");
    b.go("/units/18073.DU");
    b.click("a[href^='/units/18073.DU/positions/end?person=']");
    b.wait_for("Kết thúc chức vụ");
    b.type_into("#end-valid_to", "15/11/2026");
    b.type_into("#end-decision_no", "46-QĐ/ĐU");
    b.type_into("#end-decision_date", "14/11/2026");
    b.click("form[action$='/positions/end'] button[type=submit]");
    b.wait_for("Đã lưu thay đổi.");
    assert_eq!(db.count("assignment"), positions, "the position ends; its row stays in the history");
    let ended = db
        .store()
        .read(|tx| {
            tx.query_one("SELECT COUNT(*) FROM change_log WHERE entity = 'assignment' AND action = 'end'", &[])?.int(0)
        })
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ended, 1, "the ending is in the change log");
    b.screenshot("04b-position-ended");

    // Import a file with errors: every bad row shown, nothing written.
    let file = tmp.put("bad-units.csv", "code,name,kind,parent,valid_from\n42.DUK.G950,,party_cell,42.DUK.G004,31/02/2026\n01.ZZ,Chi bộ,party_cell,01,01/02/2026\n");
    let versions = db.count("unit_version");
    b.go("/import");
    let input = b.find("#file");
    b.cmd("POST", &format!("/element/{input}/value"), Some(&json!({"text": file.clone()})));
    b.click("#import button[type=submit]");
    b.wait_for("Không nhập gì: ");
    assert!(b.source().contains("<th scope=\"row\">2</th>") && b.source().contains("<th scope=\"row\">3</th>"));
    assert_eq!(db.count("unit_version"), versions);
    b.screenshot("05-import-errors");

    // Out of reach: another province's unit is simply not there.
    b.go("/units/01");
    b.wait_for("Không tìm thấy");
    b.screenshot("06-out-of-reach");

    // English by the switch.
    b.click("a.lang");
    b.wait_for("Sign out");
    drop(b);

    // The secretary of Thành Sen ward reaches the ward and not its neighbour.
    let s = Browser::open(&driver, &app.addr, &tmp.path("bithu"));
    s.sign_in("bithu");
    s.wait_for("Đảng bộ phường Thành Sen");
    s.go("/units/18100.DU");
    s.wait_for("Không tìm thấy");
    drop(s);

    // A member sees their own record only.
    let mut m = Browser::open(&driver, &app.addr, &tmp.path("dangvien"));
    m.sign_in("dangvien");
    m.wait_for("Quá trình sinh hoạt đảng");
    m.screenshot("07-member-own-record");
    m.go("/units/18073.DU.C01");
    m.wait_for("Không tìm thấy");

    // A restart of the server keeps the browser signed in: sessions live in the database (the
    // new server listens on another port; cookies belong to the host).
    drop(app);
    let app = TestApp::start(&db.url);
    m.base = app.addr.clone();
    m.go("/");
    m.wait_for("Quá trình sinh hoạt đảng");
    assert!(!m.url().contains("/login"), "still signed in after the restart: {}", m.url());
    m.screenshot("08-signed-in-after-restart");
}

/// The secretary of Thành Sen ward opens an admission, records its first step and sends a member
/// to another cell; the member reads their own page on a 360-pixel phone: party age, the transfer
/// under way with its deadline.
#[test]
fn a_secretary_records_party_work_and_the_member_reads_it_on_a_phone() {
    if !available() {
        return;
    }
    let db = TestDb::tiny(backends()[0], "browser-party");
    let dir = TempDir::new("browser-party");
    let people = dir.put("people.csv", "code,full_name,gender,birth_date\nUV2,Hồ Thị Ưu,nữ,05/05/2000\n");
    db.ok(&["import", "people", &people]);
    let member = db.person_of("dangvien");
    let app = TestApp::start(&db.url);
    let driver = start_driver();
    let tmp = TempDir::new("browser-party-profiles");

    let s = Browser::open(&driver, &app.addr, &tmp.path("bithu"));
    s.sign_in("bithu");
    s.go("/admissions");
    s.wait_for("Mở hồ sơ kết nạp");
    s.type_into("#admissions-person", "UV2");
    s.type_into("#admissions-cell", "18073.DU.C01");
    s.type_into("#admissions-on", "02/11/2026");
    s.type_into("#admissions-general_education", "12/12");
    s.click("form[action='/admissions'] button[type=submit]");
    s.wait_for("Hồ sơ kết nạp số 1");
    s.type_into("#steps-on", "05/11/2026");
    s.type_into("#steps-document", "7-GCN/TTCT");
    s.click("form[action='/admissions/1/steps'] button[type=submit]");
    s.wait_for("Đã lưu");
    s.wait_for("7-GCN/TTCT");
    s.screenshot("09-secretary-admission-step");
    // A step out of order is refused beside its field, and nothing is written.
    let logged = db.count("change_log");
    s.script("document.querySelector('#steps-step').value = 'decision'; return true;");
    s.type_into("#steps-on", "06/11/2026");
    s.type_into("#steps-document", "1-QĐ/ĐU");
    s.click("form[action='/admissions/1/steps'] button[type=submit]");
    s.wait_for("chỉ ghi sau bước");
    assert_eq!(db.count("change_log"), logged);

    s.go("/transfers");
    s.wait_for("Chuyển sinh hoạt một đảng viên");
    s.type_into("#transfers-person", &member);
    s.type_into("#transfers-to_cell", "18073.DU.C02");
    s.type_into("#transfers-on", "20/11/2026");
    s.type_into("#transfers-letter", "12-GGT/ĐU");
    s.click("form[action='/transfers'] button[type=submit]");
    s.wait_for("Đã lưu");
    s.wait_for("đang chuyển");
    s.screenshot("10-secretary-transfer-sent");
    // The member's dues for October, recorded on the ward's dues page.
    s.go("/units/18073.DU/dues?month=10/2026");
    s.wait_for("Ghi nộp đảng phí");
    s.type_into("#dues-person", &member);
    s.type_into("#dues-amount", "50000");
    s.type_into("#dues-paid_on", "05/10/2026");
    s.click("form[method='post'][action='/units/18073.DU/dues'] button[type=submit]");
    s.wait_for("Đã lưu");
    s.wait_for("50.000 đ — 05/10/2026");
    drop(s);

    let m = Browser::open(&driver, &app.addr, &tmp.path("dangvien"));
    m.resize(360, 800);
    m.sign_in("dangvien");
    m.go(&format!("/people/{member}"));
    m.wait_for("Tuổi đảng");
    m.wait_for("Đang chuyển sinh hoạt");
    m.wait_for("Giấy giới thiệu 12-GGT/ĐU; hạn 04/01/2027");
    m.wait_for("đã nộp ngày 05/10/2026");
    let inner = m.script("return window.innerWidth;").as_i64().unwrap_or_default();
    let wide = m.script("return document.documentElement.scrollWidth;").as_i64().unwrap_or_default();
    assert!(inner <= 360, "the window is a phone's: {inner}");
    assert!(wide <= inner, "nothing runs off a {inner}-pixel screen: the page is {wide} wide");
    m.screenshot("11-member-own-page-360px");
}

/// A ward's secretary plans a cell meeting, then records it with the whole attendance list at
/// once — one member excused with a reason, an official of the ward attending; an inspection
/// officer opens a case about a member, concludes it and records the discipline decision, which
/// the member's record then shows.
#[test]
fn a_secretary_records_a_meeting_and_an_inspection_officer_a_decision() {
    if !available() {
        return;
    }
    let db = TestDb::tiny(backends()[0], "browser-work");
    let member = db.person_of("dangvien");
    let app = TestApp::start(&db.url);
    let driver = start_driver();
    let tmp = TempDir::new("browser-work-profiles");

    let s = Browser::open(&driver, &app.addr, &tmp.path("bithu"));
    s.sign_in("bithu");
    s.go("/units/18073.DU.C01/meetings");
    s.wait_for("Lập cuộc sinh hoạt");
    s.type_into("#meetings-planned_on", "03/11/2026");
    s.type_into("#meetings-topic", "Sinh hoạt thường kỳ tháng 11");
    s.click("form[method='post'][action='/units/18073.DU.C01/meetings'] button[type=submit]");
    s.wait_for("Ghi kết quả cuộc sinh hoạt");
    let called =
        s.script("return document.querySelectorAll('select[name^=\"presence.\"]').length;").as_i64().unwrap_or(0);
    assert!(called >= 3, "the cell's members are called: {called}");
    s.script("document.querySelector('#m-presence-1').value = 'excused'; document.querySelectorAll('input[name^=\"reason.\"]')[1].value = 'Đi công tác'; return true;");
    s.type_into("#m-guests", "Lê Văn Khách; Phó Bí thư Đảng ủy; Đảng ủy phường Thành Sen");
    s.type_into("#m-minutes", "Chi bộ đánh giá công việc tháng 10, đề ra nhiệm vụ tháng 11.");
    s.type_into("#m-resolutions", "05-NQ/CB: Nghị quyết chi bộ tháng 11");
    s.click("form[action$='/held'] button[type=submit]");
    s.wait_for("Đã lưu");
    s.wait_for("đủ số lượng theo quy định");
    s.wait_for("Đi công tác");
    s.wait_for("Lê Văn Khách");
    s.screenshot("12-secretary-meeting-recorded");
    drop(s);

    let k = Browser::open(&driver, &app.addr, &tmp.path("kiemtra"));
    k.sign_in("kiemtra");
    k.go("/cases?unit=42.TU");
    k.wait_for("Mở vụ việc");
    k.type_into("#cases-handler", "42.TU");
    k.type_into("#cases-opened_on", "04/11/2026");
    k.type_into("#cases-title", "Kiểm tra khi có dấu hiệu vi phạm");
    k.type_into("#cases-subject_person", &member);
    k.type_into("#cases-team", "Tổ kiểm tra số 1");
    k.click("form[method='post'][action='/cases'] button[type=submit]");
    k.wait_for("Kết luận, trả lời");
    k.type_into("#conclusion-concluded_on", "10/11/2026");
    k.type_into("#conclusion-conclusion", "Đảng viên có vi phạm, đề nghị khiển trách");
    k.type_into("#conclusion-announced_on", "12/11/2026");
    k.click("form[action$='/conclusion'] button[type=submit]");
    k.wait_for("Đã kết luận ngày 10/11/2026");
    k.type_into("#discipline-breach_on", "01/10/2026");
    k.type_into("#discipline-decided_by", "42.TU");
    k.type_into("#discipline-decided_on", "10/11/2026");
    k.type_into("#discipline-decision_no", "21-QĐ/UBKTTU");
    k.click("form[action$='/discipline'] button[type=submit]");
    k.wait_for("Đã lưu");
    k.wait_for("21-QĐ/UBKTTU");
    // Recorded without its announcement, the decision is the handlers' alone: the member does not
    // read it yet. The officer then records the announcement from the case's page.
    k.wait_for("chưa công bố");
    let m = Browser::open(&driver, &app.addr, &tmp.path("dangvien-before"));
    m.sign_in("dangvien");
    m.go(&format!("/people/{member}"));
    m.wait_for(&member);
    assert!(!m.source().contains("21-QĐ/UBKTTU"), "the member reads a decision before its announcement");
    drop(m);
    k.screenshot("13a-decision-not-announced");
    k.type_into("form[action$='/announcement'] input[name=announced_on]", "12/11/2026");
    k.click("form[action$='/announcement'] button[type=submit]");
    k.wait_for("công bố 12/11/2026");
    k.screenshot("13-inspection-officer-decision");
    // A breach past its statute of limitations is refused beside its field, nothing written.
    let logged = db.count("change_log");
    k.type_into("#discipline-breach_on", "01/10/2015");
    k.type_into("#discipline-decided_by", "42.TU");
    k.type_into("#discipline-decided_on", "11/11/2026");
    k.type_into("#discipline-decision_no", "22-QĐ/UBKTTU");
    k.click("form[action$='/discipline'] button[type=submit]");
    k.wait_for("hết thời hiệu");
    assert_eq!(db.count("change_log"), logged);
    drop(k);

    // The member reads the announced decision on their own record.
    let m = Browser::open(&driver, &app.addr, &tmp.path("dangvien-work"));
    m.sign_in("dangvien");
    m.go(&format!("/people/{member}"));
    m.wait_for("Quyết định kỷ luật");
    m.wait_for("21-QĐ/UBKTTU");
}

#[test]
fn a_secretary_submits_a_review_report_and_the_bloc_officer_sees_the_aggregate() {
    if !available() {
        return;
    }
    let db = TestDb::tiny(backends()[0], "browser-campaign");
    db.run_with_input(&["user", "add", "bithucs", "--role", "secretary", "--unit", "42.DUK.G001"], "tinhgon-demo\n");
    let app = TestApp::start(&db.url);
    let driver = start_driver();
    let tmp = TempDir::new("browser-campaign-profiles");

    // The bloc's organization officer launches the review on its page.
    let o = Browser::open(&driver, &app.addr, &tmp.path("tochuc"));
    o.sign_in("tochuc");
    o.go("/units/42.DUK/campaigns");
    o.wait_for("Phát động đợt sơ kết, tổng kết");
    o.type_into("#campaigns-title", "Tổng kết công tác xây dựng Đảng và thi hành Điều lệ Đảng");
    o.type_into("#campaigns-reference_on", "30/06/2026");
    o.type_into("#campaigns-pilot_by", "15/12/2026");
    o.type_into("#campaigns-report_by", "28/12/2026");
    o.type_into("#campaigns-closes_on", "31/12/2026");
    o.type_into("#campaigns-sections", "Kết quả thực hiện\nHạn chế, nguyên nhân\nKiến nghị");
    o.type_into("#campaigns-pilots", "42.DUK.G001");
    o.click("form[method='post'][action='/units/42.DUK/campaigns'] button[type=submit]");
    o.wait_for("Các đơn vị báo cáo");
    let url = o.url();
    let id: i64 = url.rsplit('/').next().and_then(|t| t.split('?').next()).and_then(|t| t.parse().ok()).unwrap_or(0);
    assert!(id > 0, "{url}");
    // The drafts of every unit, pre-filled in the background, with their progress on the page.
    o.click(&format!("form[action='/campaigns/{id}/prefill'] button[type=submit]"));
    o.wait_for("Đã soạn sẵn 4 báo cáo.");
    o.wait_for("4/4 đơn vị");
    drop(o);

    // The secretary of a pilot unit drafts the report: the figures come from the register; a
    // changed figure without a note is refused beside it and nothing is written.
    let s = Browser::open(&driver, &app.addr, &tmp.path("bithucs"));
    s.sign_in("bithucs");
    s.go(&format!("/campaigns/{id}/reports/42.DUK.G001"));
    s.wait_for("Số liệu lấy từ hệ thống đến ngày 30/06/2026");
    let register = s.script("return document.querySelector('#report-members_total').value;");
    let register: i64 = register.as_str().and_then(|t| t.parse().ok()).unwrap_or(-1);
    assert!(register > 0, "the members are pre-filled: {register}");
    s.type_into("#report-text-0", "Đảng bộ đã lãnh đạo hoàn thành tốt nhiệm vụ chính trị của cơ quan.");
    s.type_into("#report-members_total", &(register + 1).to_string());
    let logged = db.count("change_log");
    s.click("button[value=submit]");
    s.wait_for("phải ghi lý do");
    assert_eq!(db.count("change_log"), logged, "a changed figure without a note wrote");
    s.type_into("#report-note-members_total", "Một đảng viên chuyển đến chưa kịp ghi vào hệ thống");
    s.click("button[value=submit]");
    s.wait_for("Đã nộp ngày");
    s.screenshot("14-secretary-review-report-submitted");
    drop(s);

    // The officer sees who has submitted, and the aggregate beside the register, the difference
    // flagged.
    let o = Browser::open(&driver, &app.addr, &tmp.path("tochuc-2"));
    o.sign_in("tochuc");
    o.go(&format!("/campaigns/{id}"));
    o.wait_for("đơn vị đã nộp báo cáo");
    assert!(o.source().contains("1/"), "one report is in: {}", o.source());
    o.go(&format!("/campaigns/{id}/aggregate"));
    o.wait_for("Tổng hợp số liệu");
    o.wait_for("lệch 1");
    o.screenshot("15-bloc-officer-aggregate");
}
