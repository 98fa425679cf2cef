//! Small pieces every page uses: a percent-encoded query value, and a table partial. Every value
//! goes through the templates, which escape it.

use std::fmt::Write;

use maud::{html, Markup};

/// Percent-encodes a query-string value.
pub fn url(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A table: a caption, header cells and rows; the first cell of a row heads it.
pub fn table(caption: &str, head: &[String], rows: &[Vec<Markup>], class: &str) -> Markup {
    html! {
        div.scroll {
            table class=(class) {
                caption { (caption) }
                thead { tr { @for h in head { th scope="col" { (h) } } } }
                tbody {
                    @for r in rows {
                        tr {
                            @for (i, c) in r.iter().enumerate() {
                                @if i == 0 { th scope="row" { (c) } } @else { td { (c) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_data_is_shown_as_text() {
        let t = table("<b>", &["\"h\"".into()], &[vec![html! { ("<script>alert('x')</script> & q") }]], "c");
        let s = t.into_string();
        assert!(s.contains("&lt;script&gt;alert('x')&lt;/script&gt; &amp; q"), "{s}");
        assert!(s.contains("<caption>&lt;b&gt;</caption>") && s.contains("&quot;h&quot;"), "{s}");
        assert_eq!(url("Hà Tĩnh & 42"), "H%C3%A0%20T%C4%A9nh%20%26%2042");
    }
}
