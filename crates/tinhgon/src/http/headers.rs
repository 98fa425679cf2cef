//! Headers every response carries, whichever handler — or the framework itself — made it: no
//! content sniffing, no referrer beyond the site, no framing, and nothing with personal data
//! kept in a cache.

use axum::http::{header, HeaderValue, Response};

/// The policy of anything that is not a page (JSON, fragments, files): it loads nothing.
const NOT_A_PAGE: &str = "default-src 'none'; frame-ancestors 'none'";

pub async fn secure<B>(mut r: Response<B>) -> Response<B> {
    let h = r.headers_mut();
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    h.entry(header::CACHE_CONTROL).or_insert(HeaderValue::from_static("no-store"));
    h.entry(header::CONTENT_SECURITY_POLICY).or_insert(HeaderValue::from_static(NOT_A_PAGE));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    r
}

/// Whether a path and query string carry a control character, raw or percent-encoded.
pub fn has_control(raw: &str) -> bool {
    let b = raw.as_bytes();
    let hex = |k: usize| b.get(k).and_then(|c| (*c as char).to_digit(16));
    b.iter().enumerate().any(|(i, c)| {
        c.is_ascii_control()
            || (*c == b'%'
                && matches!((hex(i + 1), hex(i + 2)), (Some(h), Some(l)) if h * 16 + l < 0x20 || h * 16 + l == 0x7f))
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn control_characters_are_found_raw_or_encoded() {
        for bad in ["/units?q=%00", "/login?next=/%09/evil.example", "/a%0d%0ab", "/x%7F"] {
            assert!(super::has_control(bad), "{bad}");
        }
        for good in ["/units?q=thanh%20sen", "/people/42.0027808", "/units?q=%C4%90%E1%BB%A9c", "/x%2F"] {
            assert!(!super::has_control(good), "{good}");
        }
    }
}
