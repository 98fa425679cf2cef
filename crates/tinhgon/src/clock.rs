//! The one place that reads the system clock. Everything below the command line and the HTTP
//! handlers takes dates and times as parameters.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tinhgon_domain::Date;

fn since_epoch() -> Duration {
    #[expect(clippy::disallowed_methods, reason = "this is the edge that reads the clock")]
    let now = SystemTime::now();
    now.duration_since(UNIX_EPOCH).unwrap_or_default()
}

/// Today's date (UTC+7, Vietnam's time zone, since that is the date people there mean).
pub fn today() -> Date {
    let secs = since_epoch().as_secs() as i64 + 7 * 3600;
    Date::from_days((secs / 86_400) as i32).unwrap_or(Date::EPOCH)
}

/// The current time as ISO 8601 UTC, for the change log.
pub fn now_iso() -> String {
    let d = since_epoch();
    let secs = d.as_secs() as i64;
    let date = Date::from_days((secs / 86_400) as i32).unwrap_or(Date::EPOCH);
    let rem = secs % 86_400;
    format!("{date}T{:02}:{:02}:{:02}.{:03}Z", rem / 3600, rem % 3600 / 60, rem % 60, d.subsec_millis())
}

/// A stopwatch for progress lines and the benchmark.
pub struct Stopwatch(std::time::Instant);

impl Stopwatch {
    pub fn start() -> Stopwatch {
        #[expect(clippy::disallowed_methods, reason = "timing is measured at the edge")]
        let now = std::time::Instant::now();
        Stopwatch(now)
    }

    pub fn elapsed(&self) -> Duration {
        self.0.elapsed()
    }
}

/// Seconds since 1970, for session expiry and sign-in throttling.
pub fn unix_secs() -> u64 {
    since_epoch().as_secs()
}
