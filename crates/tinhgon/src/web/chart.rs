//! Bar charts drawn on the server as SVG: no script, no external library, legible on paper.

use std::fmt::Write;

use super::html::esc;

/// One bar (or pair of bars, when there is a comparison).
pub struct Bar {
    pub label: String,
    pub value: i64,
    /// The value on the comparison date.
    pub other: Option<i64>,
    /// The value as shown (formatted in the reader's convention).
    pub shown: String,
    pub other_shown: String,
}

const WIDTH: i64 = 640;
const LABEL: i64 = 220;
const ROW: i64 = 26;

/// A horizontal bar chart with a title and an accessible description.
pub fn bars(id: &str, title: &str, bars: &[Bar], legend: Option<(&str, &str)>) -> String {
    let max = bars.iter().map(|b| b.value.max(b.other.unwrap_or(0))).max().unwrap_or(0).max(1);
    let paired = bars.iter().any(|b| b.other.is_some());
    let row = if paired { ROW + 12 } else { ROW };
    let top = if legend.is_some() { 28 } else { 6 };
    let height = top + row * bars.len() as i64 + 6;
    let span = WIDTH - LABEL - 80;
    let mut s = format!(
        "<figure class=\"chart\"><svg id=\"{id}\" viewBox=\"0 0 {WIDTH} {height}\" width=\"100%\" role=\"img\" aria-labelledby=\"{id}-t\"><title id=\"{id}-t\">{}</title>",
        esc(title)
    );
    if let Some((now, then)) = legend {
        let _ = write!(
            s,
            "<rect x=\"{LABEL}\" y=\"6\" width=\"14\" height=\"12\" class=\"bar-now\"/><text x=\"{}\" y=\"16\" class=\"legend\">{}</text>\
             <rect x=\"{}\" y=\"6\" width=\"14\" height=\"12\" class=\"bar-then\"/><text x=\"{}\" y=\"16\" class=\"legend\">{}</text>",
            LABEL + 20,
            esc(now),
            LABEL + 180,
            LABEL + 200,
            esc(then)
        );
    }
    for (i, b) in bars.iter().enumerate() {
        let y = top + i as i64 * row;
        let w = b.value * span / max;
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"label\">{}</text>\
             <rect x=\"{LABEL}\" y=\"{}\" width=\"{w}\" height=\"16\" class=\"bar-now\"/>\
             <text x=\"{}\" y=\"{}\" class=\"value\">{}</text>",
            LABEL - 8,
            y + 13,
            esc(&b.label),
            y + 2,
            LABEL + w + 6,
            y + 14,
            esc(&b.shown)
        );
        if let Some(o) = b.other {
            let w2 = o * span / max;
            let _ = write!(
                s,
                "<rect x=\"{LABEL}\" y=\"{}\" width=\"{w2}\" height=\"10\" class=\"bar-then\"/>\
                 <text x=\"{}\" y=\"{}\" class=\"value then\">{}</text>",
                y + 20,
                LABEL + w2 + 6,
                y + 29,
                esc(&b.other_shown)
            );
        }
    }
    s.push_str("</svg></figure>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_are_proportional_and_labels_escaped() {
        let svg = bars(
            "c",
            "Đảng viên <theo> giới",
            &[
                Bar { label: "Nữ".into(), value: 50, other: None, shown: "50".into(), other_shown: String::new() },
                Bar { label: "Nam".into(), value: 100, other: None, shown: "100".into(), other_shown: String::new() },
            ],
            None,
        );
        assert!(svg.contains("&lt;theo&gt;") && !svg.contains("<theo>"));
        let span = WIDTH - LABEL - 80;
        assert!(svg.contains(&format!("width=\"{}\"", span / 2)), "{svg}");
        assert!(svg.contains(&format!("width=\"{span}\"")), "{svg}");
        assert!(svg.starts_with("<figure") && svg.contains("role=\"img\""));
    }
}
