//! Bar charts drawn on the server as SVG: no script, no external library, legible on paper.

use maud::{html, Markup};

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
pub fn bars(id: &str, title: &str, bars: &[Bar], legend: Option<(&str, &str)>) -> Markup {
    let max = bars.iter().map(|b| b.value.max(b.other.unwrap_or(0))).max().unwrap_or(0).max(1);
    let paired = bars.iter().any(|b| b.other.is_some());
    let row = if paired { ROW + 12 } else { ROW };
    let top = if legend.is_some() { 28 } else { 6 };
    let height = top + row * bars.len() as i64 + 6;
    let span = WIDTH - LABEL - 80;
    let title_id = format!("{id}-t");
    html! {
        figure.chart {
            svg id=(id) viewBox=(format!("0 0 {WIDTH} {height}")) width="100%" role="img" aria-labelledby=(title_id) {
                title id=(title_id) { (title) }
                @if let Some((now, then)) = legend {
                    rect x=(LABEL) y="6" width="14" height="12" class="bar-now" {}
                    text x=(LABEL + 20) y="16" class="legend" { (now) }
                    rect x=(LABEL + 180) y="6" width="14" height="12" class="bar-then" {}
                    text x=(LABEL + 200) y="16" class="legend" { (then) }
                }
                @for (i, b) in bars.iter().enumerate() {
                    @let y = top + i as i64 * row;
                    @let w = b.value * span / max;
                    text x=(LABEL - 8) y=(y + 13) text-anchor="end" class="label" { (b.label) }
                    rect x=(LABEL) y=(y + 2) width=(w) height="16" class="bar-now" {}
                    text x=(LABEL + w + 6) y=(y + 14) class="value" { (b.shown) }
                    @if let Some(o) = b.other {
                        @let w2 = o * span / max;
                        rect x=(LABEL) y=(y + 20) width=(w2) height="10" class="bar-then" {}
                        text x=(LABEL + w2 + 6) y=(y + 29) class="value then" { (b.other_shown) }
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
        let svg = svg.into_string();
        assert!(svg.contains("&lt;theo&gt;") && !svg.contains("<theo>"));
        let span = WIDTH - LABEL - 80;
        assert!(svg.contains(&format!("width=\"{}\"", span / 2)), "{svg}");
        assert!(svg.contains(&format!("width=\"{span}\"")), "{svg}");
        assert!(svg.starts_with("<figure") && svg.contains("role=\"img\""));
    }
}
