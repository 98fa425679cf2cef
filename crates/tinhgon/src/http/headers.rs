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
