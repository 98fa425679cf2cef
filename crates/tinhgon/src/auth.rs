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
        return Some((
            format!("Mật khẩu phải có ít nhất {MIN_PASSWORD} ký tự."),
            format!("A password needs at least {MIN_PASSWORD} characters."),
        ));
    }
    if n > MAX_PASSWORD {
        return Some((
            format!("Mật khẩu dài quá {MAX_PASSWORD} ký tự."),
            format!("A password may have at most {MAX_PASSWORD} characters."),
        ));
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
    pub csrf: String,
    pub started: u64,
    pub seen: u64,
}

/// Sessions end after this much idleness…
pub const IDLE_SECS: u64 = 60 * 60;
/// …and at the latest after this long.
pub const MAX_SECS: u64 = 12 * 60 * 60;

/// The sessions of the running server, by the hash of their cookie.
#[derive(Default)]
pub struct Sessions {
    by_hash: Mutex<HashMap<String, Session>>,
}

impl Sessions {
    /// Starts a session; returns the cookie value (only its hash is kept).
    pub fn start(&self, account_id: i64) -> anyhow::Result<(String, Session)> {
        let id = secret()?;
        let now = unix_secs();
        let s = Session { account_id, csrf: secret()?, started: now, seen: now };
        if let Ok(mut map) = self.by_hash.lock() {
            map.retain(|_, s| alive(s, now));
            map.insert(secret_hash(&id), s.clone());
        }
        Ok((id, s))
    }

    /// The live session of a cookie value, marking it seen.
    pub fn get(&self, cookie: &str) -> Option<Session> {
        let now = unix_secs();
        let mut map = self.by_hash.lock().ok()?;
        let key = secret_hash(cookie);
        let s = map.get_mut(&key)?;
        if !alive(s, now) {
            map.remove(&key);
            return None;
        }
        s.seen = now;
        Some(s.clone())
    }

    pub fn end(&self, cookie: &str) {
        if let Ok(mut map) = self.by_hash.lock() {
            map.remove(&secret_hash(cookie));
        }
    }

    /// Ends every session of an account (after it is disabled or its password changes).
    pub fn end_all(&self, account_id: i64) {
        if let Ok(mut map) = self.by_hash.lock() {
            map.retain(|_, s| s.account_id != account_id);
        }
    }

    /// Ages a session, as if it had been idle for `secs` (for the expiry test).
    #[cfg(test)]
    fn age(&self, cookie: &str, secs: u64) {
        if let Ok(mut map) = self.by_hash.lock() {
            if let Some(s) = map.get_mut(&secret_hash(cookie)) {
                s.seen = s.seen.saturating_sub(secs);
                s.started = s.started.saturating_sub(secs);
            }
        }
    }
}

fn alive(s: &Session, now: u64) -> bool {
    now.saturating_sub(s.seen) < IDLE_SECS && now.saturating_sub(s.started) < MAX_SECS
}

/// Failed sign-ins allowed per key within the window before sign-in is refused.
pub const MAX_FAILURES: usize = 5;
/// Failed sign-ins allowed from one address (an office shares one) within the window.
pub const MAX_ADDRESS_FAILURES: usize = 30;
pub const FAILURE_WINDOW_SECS: u64 = 15 * 60;

/// Counts failed sign-ins per account name and per client address.
#[derive(Default)]
pub struct Throttle {
    failures: Mutex<HashMap<String, Vec<u64>>>,
}

impl Throttle {
    /// Seconds to wait before another attempt is accepted for any of the keys, or None.
    pub fn blocked(&self, keys: &[String]) -> Option<u64> {
        let now = unix_secs();
        let map = self.failures.lock().ok()?;
        keys.iter()
            .filter_map(|k| {
                let recent: Vec<u64> =
                    map.get(k)?.iter().copied().filter(|t| now.saturating_sub(*t) < FAILURE_WINDOW_SECS).collect();
                let oldest = *recent.first()?;
                let limit = if k.starts_with("ip:") { MAX_ADDRESS_FAILURES } else { MAX_FAILURES };
                (recent.len() >= limit).then(|| FAILURE_WINDOW_SECS.saturating_sub(now.saturating_sub(oldest)))
            })
            .max()
    }

    pub fn fail(&self, keys: &[String]) {
        let now = unix_secs();
        if let Ok(mut map) = self.failures.lock() {
            if map.len() > 100_000 {
                map.retain(|_, v| v.iter().any(|t| now.saturating_sub(*t) < FAILURE_WINDOW_SECS));
            }
            for k in keys {
                let v = map.entry(k.clone()).or_default();
                v.retain(|t| now.saturating_sub(*t) < FAILURE_WINDOW_SECS);
                v.push(now);
            }
        }
    }

    pub fn clear(&self, key: &str) {
        if let Ok(mut map) = self.failures.lock() {
            map.remove(key);
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
    fn sessions_expire_when_idle_and_end_on_sign_out() {
        let s = Sessions::default();
        let (cookie, session) = s.start(7).unwrap();
        assert_eq!(s.get(&cookie).map(|x| x.account_id), Some(7));
        assert_eq!(s.get(&cookie).map(|x| x.csrf), Some(session.csrf));
        assert!(s.get("forged").is_none());
        s.age(&cookie, IDLE_SECS + 1);
        assert!(s.get(&cookie).is_none(), "idle session must be gone");
        let (again, _) = s.start(7).unwrap();
        s.end(&again);
        assert!(s.get(&again).is_none());
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
}
