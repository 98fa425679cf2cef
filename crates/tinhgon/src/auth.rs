//! Authentication: argon2id passwords, random secrets for sessions and API tokens (kept only as
//! SHA-256 hashes), in-memory sessions with CSRF tokens, and sign-in throttling.
//!
//! Authorization — who may see and change what — is `authz.rs`.

use std::collections::HashMap;
use std::sync::Mutex;

use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use sha2::{Digest, Sha256};

use crate::clock::unix_secs;

/// The shortest password accepted.
pub const MIN_PASSWORD: usize = 10;
/// The longest password accepted (argon2 takes any length; this bounds the work per request).
pub const MAX_PASSWORD: usize = 256;

/// Why a password is refused, in both languages.
pub fn password_problem(password: &str) -> Option<(String, String)> {
    let n = password.chars().count();
    if n < MIN_PASSWORD {
        return Some(crate::i18n::both("password-too-short", &[("min", MIN_PASSWORD.to_string())]));
    }
    if n > MAX_PASSWORD {
        return Some(crate::i18n::both("password-too-long", &[("max", MAX_PASSWORD.to_string())]));
    }
    None
}

/// An argon2id hash in PHC string form, with a fresh random salt.
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let hash = Argon2::default().hash_password(password.as_bytes()).map_err(|e| anyhow::anyhow!("argon2: {e}"))?;
    Ok(hash.to_string())
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    Argon2::default().verify_password(password.as_bytes(), hash).is_ok()
}

/// A hash that verifies no password, checked against when the account does not exist, so that
/// a wrong name costs as much time as a wrong password.
pub fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password("tinhgon decoy password, never used").unwrap_or_default())
}

/// 32 random bytes as hex: session ids, CSRF tokens, API tokens.
pub fn secret() -> anyhow::Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("random source: {e}"))?;
    Ok(hex::encode(bytes))
}

/// What is stored of a secret: its SHA-256.
pub fn secret_hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// API tokens carry a prefix so that they are recognizable in a leaked file.
pub const TOKEN_PREFIX: &str = "tg_";

/// A signed-in browser.
#[derive(Clone, Debug)]
pub struct Session {
    pub account_id: i64,
    /// The token its forms carry, derived from the cookie so that the database keeps no secret.
    pub csrf: String,
}

/// The CSRF token of a session: a hash of its cookie under another label, so that it neither
/// reveals the cookie nor needs storing.
pub fn csrf_of(cookie: &str) -> String {
    secret_hash(&format!("csrf:{cookie}"))
}

/// How long sessions live.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionPolicy {
    /// A session ends after this much idleness (30 minutes unless the server is told otherwise)…
    pub idle_secs: i64,
    /// …and at the latest this long after sign-in.
    pub max_secs: i64,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        SessionPolicy { idle_secs: 30 * 60, max_secs: 12 * 60 * 60 }
    }
}

impl SessionPolicy {
    pub fn alive(&self, started: i64, seen: i64, now: i64) -> bool {
        now.saturating_sub(seen) < self.idle_secs && now.saturating_sub(started) < self.max_secs
    }
}

/// Failed sign-ins allowed for one account from one client within the window.
pub const MAX_FAILURES: usize = 5;
/// Failed sign-ins allowed from one client (whatever the accounts) within the window.
pub const MAX_ADDRESS_FAILURES: usize = 30;
/// Failed sign-ins allowed for one account from all clients within the window; past it, only the
/// clients that signed in to it before may still try.
pub const MAX_ACCOUNT_FAILURES: usize = 100;
pub const FAILURE_WINDOW_SECS: u64 = 15 * 60;
/// How long a client that signed in to an account is remembered as one of its own.
const KNOWN_SECS: u64 = 30 * 24 * 3600;

/// Where the client's address is read: the connection's peer, or — behind a reverse proxy, whose
/// connections all come from one address — the header the proxy sets (`TINHGON_PROXY_HEADER`,
/// e.g. `X-Forwarded-For`), believed only when the peer is one of the trusted proxies
/// (`TINHGON_TRUSTED_PROXIES`, default the loopback addresses).
#[derive(Clone, Debug)]
pub struct ClientSource {
    header: Option<axum::http::HeaderName>,
    trusted: Vec<std::net::IpAddr>,
}

impl Default for ClientSource {
    fn default() -> Self {
        ClientSource { header: None, trusted: loopback() }
    }
}

fn loopback() -> Vec<std::net::IpAddr> {
    vec![std::net::Ipv4Addr::LOCALHOST.into(), std::net::Ipv6Addr::LOCALHOST.into()]
}

impl ClientSource {
    /// A header naming the client, believed from the trusted proxies.
    pub fn new(header: Option<&str>, trusted: Option<&str>) -> Result<ClientSource, String> {
        let header = header
            .map(str::trim)
            .filter(|h| !h.is_empty())
            .map(|h| {
                axum::http::HeaderName::from_bytes(h.as_bytes()).map_err(|_| format!("'{h}' is not a header name"))
            })
            .transpose()?;
        let trusted = match trusted.map(str::trim).filter(|t| !t.is_empty()) {
            None => loopback(),
            Some(list) => list
                .split(',')
                .map(|a| a.trim().parse().map_err(|_| format!("'{}' is not an IP address", a.trim())))
                .collect::<Result<_, _>>()?,
        };
        Ok(ClientSource { header, trusted })
    }

    /// The configured source (`TINHGON_PROXY_HEADER`, `TINHGON_TRUSTED_PROXIES`), read once at
    /// start; a value that does not read is refused then.
    pub fn from_env() -> Result<ClientSource, String> {
        let var = |k: &str| std::env::var(k).ok();
        ClientSource::new(var("TINHGON_PROXY_HEADER").as_deref(), var("TINHGON_TRUSTED_PROXIES").as_deref())
    }

    /// The client of a request: behind a trusted proxy, the nearest address of the header that is
    /// not itself a trusted proxy; otherwise the peer.
    pub fn client(
        &self,
        peer: Option<std::net::SocketAddr>,
        headers: &axum::http::HeaderMap,
    ) -> Option<std::net::IpAddr> {
        let peer = peer?.ip();
        let Some(header) = self.header.as_ref().filter(|_| self.trusted.contains(&peer)) else { return Some(peer) };
        let named: Vec<std::net::IpAddr> = headers
            .get_all(header)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|a| {
                let a = a.trim();
                a.parse().ok().or_else(|| a.parse::<std::net::SocketAddr>().ok().map(|s| s.ip()))
            })
            .collect();
        Some(named.into_iter().rev().find(|a| !self.trusted.contains(a)).unwrap_or(peer))
    }
}

/// Counts failed sign-ins per account and client, per client and per account. A correct password
/// is never kept out by what others did elsewhere: an account's own limit holds only for clients
/// that never signed in to it, and the others count the failing client alone.
#[derive(Default)]
pub struct Throttle {
    failures: Mutex<HashMap<String, Vec<u64>>>,
    /// `account|client` → when it last signed in.
    known: Mutex<HashMap<String, u64>>,
    pub source: ClientSource,
}

impl Throttle {
    pub fn new(source: ClientSource) -> Throttle {
        Throttle { source, ..Throttle::default() }
    }

    /// The keys an attempt for `account` from `client` counts against.
    pub fn keys(&self, account: &str, client: Option<std::net::IpAddr>) -> Vec<String> {
        let client = client.map_or_else(|| "-".to_string(), |c| c.to_string());
        let mut keys = vec![format!("pair:{account}|{client}"), format!("ip:{client}")];
        let now = unix_secs();
        let known = self
            .known
            .lock()
            .ok()
            .and_then(|k| k.get(&format!("{account}|{client}")).copied())
            .is_some_and(|t| now.saturating_sub(t) < KNOWN_SECS);
        if !known {
            keys.push(format!("account:{account}"));
        }
        keys
    }

    /// Takes an attempt for the keys: counted as a failure from now on (cleared if it succeeds),
    /// so that attempts made at the same moment cannot slip past the limit together. Returns the
    /// seconds to wait, and counts nothing, when a key is at its limit already.
    pub fn attempt(&self, keys: &[String]) -> Result<(), u64> {
        let now = unix_secs();
        let Ok(mut map) = self.failures.lock() else { return Err(FAILURE_WINDOW_SECS) };
        if let Some(wait) = Self::wait(&map, keys, now) {
            return Err(wait);
        }
        Self::record(&mut map, keys, now);
        Ok(())
    }

    /// Seconds to wait before another attempt is accepted for any of the keys, or None.
    pub fn blocked(&self, keys: &[String]) -> Option<u64> {
        let map = self.failures.lock().ok()?;
        Self::wait(&map, keys, unix_secs())
    }

    fn limit(key: &str) -> usize {
        if key.starts_with("ip:") {
            MAX_ADDRESS_FAILURES
        } else if key.starts_with("account:") {
            MAX_ACCOUNT_FAILURES
        } else {
            MAX_FAILURES
        }
    }

    fn wait(map: &HashMap<String, Vec<u64>>, keys: &[String], now: u64) -> Option<u64> {
        keys.iter()
            .filter_map(|k| {
                let recent: Vec<u64> =
                    map.get(k)?.iter().copied().filter(|t| now.saturating_sub(*t) < FAILURE_WINDOW_SECS).collect();
                let oldest = *recent.first()?;
                (recent.len() >= Self::limit(k)).then(|| FAILURE_WINDOW_SECS.saturating_sub(now.saturating_sub(oldest)))
            })
            .max()
    }

    pub fn fail(&self, keys: &[String]) {
        if let Ok(mut map) = self.failures.lock() {
            Self::record(&mut map, keys, unix_secs());
        }
    }

    fn record(map: &mut HashMap<String, Vec<u64>>, keys: &[String], now: u64) {
        if map.len() > 100_000 {
            map.retain(|_, v| v.iter().any(|t| now.saturating_sub(*t) < FAILURE_WINDOW_SECS));
        }
        for k in keys {
            let v = map.entry(k.clone()).or_default();
            v.retain(|t| now.saturating_sub(*t) < FAILURE_WINDOW_SECS);
            v.push(now);
        }
    }

    pub fn clear(&self, key: &str) {
        if let Ok(mut map) = self.failures.lock() {
            map.remove(key);
        }
    }

    /// A sign-in that succeeded: the account starts afresh from that client, which is remembered
    /// as one of the account's own, and the attempt no longer counts against the others.
    pub fn succeeded(&self, keys: &[String]) {
        let now = unix_secs();
        if let Ok(mut map) = self.failures.lock() {
            for k in keys {
                if k.starts_with("pair:") {
                    map.remove(k);
                } else if let Some(v) = map.get_mut(k) {
                    v.pop();
                }
            }
        }
        if let (Some(pair), Ok(mut known)) = (keys.iter().find_map(|k| k.strip_prefix("pair:")), self.known.lock()) {
            if known.len() > 100_000 {
                known.retain(|_, t| now.saturating_sub(*t) < KNOWN_SECS);
            }
            known.insert(pair.to_string(), now);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_against_its_own_argon2id_hash_only() {
        let h = hash_password("mật khẩu đủ dài").unwrap();
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(verify_password("mật khẩu đủ dài", &h));
        assert!(!verify_password("mat khau du dai", &h));
        assert_ne!(h, hash_password("mật khẩu đủ dài").unwrap(), "salts differ");
        assert!(!verify_password("anything", decoy_hash()));
    }

    #[test]
    fn short_and_huge_passwords_are_refused() {
        assert!(password_problem("ngắn").is_some());
        assert!(password_problem(&"x".repeat(MAX_PASSWORD + 1)).is_some());
        assert!(password_problem("đủ mười ký tự rồi").is_none());
    }

    #[test]
    fn sessions_lapse_when_idle_or_old_and_their_csrf_is_their_own() {
        let p = SessionPolicy { idle_secs: 1800, max_secs: 43_200 };
        assert!(p.alive(1000, 1000, 1000 + 1799));
        assert!(!p.alive(1000, 1000, 1000 + 1800), "idle");
        assert!(!p.alive(0, 43_000, 43_200), "too old");
        assert_ne!(csrf_of("a"), csrf_of("b"));
        assert_ne!(csrf_of("a"), secret_hash("a"), "the stored hash does not give the CSRF token");
    }

    #[test]
    fn attempts_at_the_same_moment_share_the_limit() {
        let t = Throttle::default();
        let keys = t.keys("a", Some(std::net::Ipv4Addr::LOCALHOST.into()));
        let taken = (0..20).filter(|_| t.attempt(&keys).is_ok()).count();
        assert_eq!(taken, MAX_FAILURES);
    }

    #[test]
    fn the_sixth_failure_in_the_window_is_blocked() {
        let t = Throttle::default();
        let keys = vec!["user:a".to_string()];
        for _ in 0..MAX_FAILURES - 1 {
            t.fail(&keys);
        }
        assert_eq!(t.blocked(&keys), None);
        t.fail(&keys);
        assert!(t.blocked(&keys).is_some_and(|s| s > 0 && s <= FAILURE_WINDOW_SECS));
        assert_eq!(t.blocked(&["user:b".to_string()]), None);
        t.clear("user:a");
        assert_eq!(t.blocked(&keys), None);
    }

    #[test]
    fn failures_elsewhere_never_keep_a_correct_password_out() {
        let t = Throttle::default();
        let (attacker, office): (std::net::IpAddr, std::net::IpAddr) =
            ("10.0.0.9".parse().unwrap(), "10.0.0.1".parse().unwrap());
        // Made-up names from one client close that client only.
        for i in 0..MAX_ADDRESS_FAILURES {
            assert!(t.attempt(&t.keys(&format!("khong-co-{i}"), Some(attacker))).is_ok());
        }
        assert!(t.attempt(&t.keys("admin", Some(attacker))).is_err());
        assert!(t.attempt(&t.keys("admin", Some(office))).is_ok(), "the administrator from the office");
        // The account's own clients try on past its account-wide limit.
        t.succeeded(&t.keys("admin", Some(office)));
        for i in 0..MAX_ACCOUNT_FAILURES {
            let ip: std::net::IpAddr = format!("10.1.{}.{}", i / 200, i % 200 + 1).parse().unwrap();
            let _ = t.attempt(&t.keys("admin", Some(ip)));
        }
        assert!(t.attempt(&t.keys("admin", Some("10.9.9.9".parse().unwrap()))).is_err(), "a new client waits");
        assert!(t.attempt(&t.keys("admin", Some(office))).is_ok(), "a known client does not");
    }

    #[test]
    fn the_client_behind_a_trusted_proxy_is_read_from_its_header() {
        let mut h = axum::http::HeaderMap::new();
        h.insert("x-forwarded-for", "203.0.113.7, 10.0.0.2".parse().unwrap());
        let proxy: std::net::SocketAddr = "10.0.0.2:4000".parse().unwrap();
        let s = ClientSource::new(Some("X-Forwarded-For"), Some("10.0.0.2")).unwrap();
        assert_eq!(s.client(Some(proxy), &h), Some("203.0.113.7".parse().unwrap()));
        let stranger: std::net::SocketAddr = "198.51.100.1:4000".parse().unwrap();
        assert_eq!(s.client(Some(stranger), &h), Some(stranger.ip()), "a header from an untrusted peer is ignored");
        assert_eq!(ClientSource::default().client(Some(proxy), &h), Some(proxy.ip()), "no header configured");
        assert!(ClientSource::new(Some("X-Forwarded-For"), Some("not-an-ip")).is_err());
    }
}
