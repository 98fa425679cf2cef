//! Sign-in that holds: sessions kept in the database survive a restart and are shared by two
//! servers, end when the password changes or after the idle timeout; the throttle holds under
//! parallel attempts; redirect targets stay on the site; refused sign-ins are logged without
//! the password.

use std::sync::{Arc, Mutex, OnceLock};

use crate::support::{backends, request, stderr, TestApp, TestDb};
use crate::web::{Browser, PASSWORD};

#[test]
fn a_session_survives_a_restart_is_shared_and_ends_with_the_password() {
    for b in backends() {
        let db = TestDb::tiny(b, "sessions");
        let first = TestApp::start(&db.url);
        let mut browser = Browser::new(&first);
        assert_eq!(browser.sign_in("tochuc", PASSWORD).status, 303, "{b:?}");
        let cookie = browser.cookie_header();
        let page = |app: &TestApp| request(&app.addr, "GET", "/units/42", &[("Cookie", &cookie)], b"").status;
        assert_eq!(page(&first), 200, "{b:?}");
        // A second server on the same database knows the session; so does the first one's
        // successor after a restart.
        let second = TestApp::start(&db.url);
        assert_eq!(page(&second), 200, "{b:?}: shared by two servers");
        drop(first);
        let restarted = TestApp::start(&db.url);
        assert_eq!(page(&restarted), 200, "{b:?}: kept across a restart");
        let stored: String = db
            .store()
            .read(|tx| tx.query_one("SELECT token_hash FROM session", &[])?.text(0))
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(!cookie.contains(&stored), "only the cookie's hash is stored");

        // A token of the same account, then a new password: both end.
        let token = db.ok(&["token", "create", "--user", "tochuc"]).trim().to_string();
        let auth = format!("Bearer {token}");
        assert_eq!(request(&restarted.addr, "GET", "/api/units/42", &[("Authorization", &auth)], b"").status, 200);
        let out = db.run_with_input(&["user", "passwd", "tochuc"], "một mật khẩu mới dài\n");
        assert!(out.status.success(), "{}", stderr(&out));
        let after = request(&restarted.addr, "GET", "/units/42", &[("Cookie", &cookie)], b"");
        assert_eq!(after.status, 303, "{b:?}: the session ended with the old password");
        assert!(after.header("location").unwrap_or_default().starts_with("/login"));
        assert_eq!(request(&second.addr, "GET", "/units/42", &[("Cookie", &cookie)], b"").status, 303);
        assert_eq!(request(&restarted.addr, "GET", "/api/units/42", &[("Authorization", &auth)], b"").status, 401);
        assert_eq!(Browser::new(&restarted).sign_in("tochuc", "một mật khẩu mới dài").status, 303);
    }
}

#[test]
fn an_idle_session_ends_after_the_configured_time() {
    let db = TestDb::tiny(backends()[0], "idle");
    let app = TestApp::start(&db.url);
    let mut browser = Browser::new(&app);
    assert_eq!(browser.sign_in("tochuc", PASSWORD).status, 303);
    let cookie = browser.cookie_header();
    let idle = |minutes: i64| {
        db.store()
            .read(|tx| {
                tx.exec(
                    "UPDATE session SET seen_at = seen_at - $1, started_at = started_at - $1",
                    &[(minutes * 60).into()],
                )
            })
            .unwrap_or_else(|e| panic!("{e}"));
    };
    idle(20);
    // A server told to end sessions after 10 idle minutes has ended this one; the default 30
    // minutes have not passed.
    let strict = TestApp::start_with(&db.url, 10);
    assert_eq!(request(&strict.addr, "GET", "/units/42", &[("Cookie", &cookie)], b"").status, 303);
    assert_eq!(request(&app.addr, "GET", "/units/42", &[("Cookie", &cookie)], b"").status, 200, "20 idle minutes");
    idle(31);
    let r = request(&app.addr, "GET", "/units/42", &[("Cookie", &cookie)], b"");
    assert_eq!(r.status, 303, "past the default 30 minutes");
    assert!(r.header("location").unwrap_or_default().contains("expired=1"));
    // The next sign-in clears the lapsed session away: only the new one is kept.
    assert_eq!(Browser::new(&app).sign_in("kiemtra", PASSWORD).status, 303);
    assert_eq!(db.count("session"), 1, "lapsed sessions are removed");
    // The command line refuses a timeout it cannot honour.
    let out = db.run(&["--session-idle-minutes", "0", "serve"]);
    assert!(!out.status.success());
}

#[test]
fn parallel_wrong_passwords_are_checked_at_most_five_times() {
    let db = TestDb::tiny(backends()[0], "parallel");
    let app = Arc::new(TestApp::start(&db.url));
    let statuses: Vec<u16> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..20)
            .map(|_| {
                let app = Arc::clone(&app);
                s.spawn(move || Browser::new(&app).sign_in("kiemtra", "sai mật khẩu rồi").status)
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or(0)).collect()
    });
    let checked = statuses.iter().filter(|s| **s == 401).count();
    let held = statuses.iter().filter(|s| **s == 429).count();
    assert!(checked <= 5 && checked + held == 20, "{statuses:?}");
}

#[test]
fn redirects_stay_on_the_site_and_control_characters_are_bad_requests() {
    for b in backends() {
        let db = TestDb::tiny(b, "redirects");
        let app = TestApp::start(&db.url);
        let sign_in = |next: &str| {
            let mut browser = Browser::new(&app);
            let page = browser.get("/login").text();
            let token = page
                .split("name=\"_login\" value=\"")
                .nth(1)
                .and_then(|r| r.split('"').next())
                .unwrap_or_default()
                .to_string();
            let r = browser
                .post_form("/login", &[("name", "tochuc"), ("password", PASSWORD), ("_login", &token), ("next", next)]);
            (r, browser)
        };
        for next in
            ["/\t/evil.example", "//evil.example", "/\\evil.example", "https://evil.example/", "/%09/evil.example"]
        {
            let (r, _) = sign_in(next);
            assert_eq!(r.status, 303, "{b:?} {next:?}");
            assert_eq!(r.header("location"), Some("/"), "{b:?} {next:?}");
        }
        let (good, browser) = sign_in("/units/42");
        assert_eq!(good.header("location"), Some("/units/42"));
        for path in [
            "/login?next=/%09/evil.example",
            "/lang/en?back=/%0d%0aSet-Cookie:%20x=1",
            "/units?q=%00",
            "/api/people?q=a%00b",
        ] {
            let c = browser.cookie_header();
            let r = request(&app.addr, "GET", path, &[("Cookie", &c)], b"");
            assert_eq!(r.status, 400, "{b:?} {path}: {}", r.text());
        }
        let back = request(&app.addr, "GET", "/lang/en?back=//evil.example", &[], b"");
        assert_eq!(back.header("location"), Some("/"));
    }
}

/// What the server logged, from a subscriber installed once for this test binary.
fn log_buffer() -> Arc<Mutex<Vec<u8>>> {
    static BUFFER: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    BUFFER
        .get_or_init(|| {
            let buf = Arc::new(Mutex::new(Vec::new()));
            let sink = Arc::clone(&buf);
            let writer = move || Sink(Arc::clone(&sink));
            let subscriber = tracing_subscriber::fmt().with_writer(writer).with_ansi(false).finish();
            let _ = tracing::subscriber::set_global_default(subscriber);
            buf
        })
        .clone()
}

struct Sink(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Sink {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut v) = self.0.lock() {
            v.extend_from_slice(b);
        }
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_refused_sign_in_is_logged_with_the_account_and_address_never_the_password() {
    let buffer = log_buffer();
    let db = TestDb::tiny(backends()[0], "sign-in-log");
    let app = TestApp::start(&db.url);
    let secret = "mat-khau-sai-rat-rieng";
    assert_eq!(Browser::new(&app).sign_in("noivu", secret).status, 401);
    let logged = String::from_utf8_lossy(&buffer.lock().map(|b| b.clone()).unwrap_or_default()).into_owned();
    let line = logged.lines().find(|l| l.contains("sign-in refused") && l.contains("noivu")).unwrap_or_default();
    assert!(line.contains("account=noivu") && line.contains("client=127.0.0.1"), "{logged}");
    assert!(!logged.contains(secret), "the password is never logged");
}
