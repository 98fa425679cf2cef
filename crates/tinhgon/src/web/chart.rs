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

/// The chart's own units: a label above each bar keeps the text at the page's size whatever the
/// width of the screen (the stylesheet caps how far a chart grows).
const WIDTH: i64 = 400;
/// Room to the right of the longest bar for its value.
const VALUE_SPACE: i64 = 70;
const SPAN: i64 = WIDTH - VALUE_SPACE;

/// A horizontal bar chart with a title and an accessible description.
pub fn bars(id: &str, title: &str, bars: &[Bar], legend: Option<(&str, &str)>) -> Markup {
    let max = bars.iter().map(|b| b.value.max(b.other.unwrap_or(0))).max().unwrap_or(0).max(1);
    let paired = bars.iter().any(|b| b.other.is_some());
    let row = if paired { 60 } else { 44 };
    let top = if legend.is_some() { 30 } else { 4 };
    let height = top + row * bars.len() as i64 + 4;
    let title_id = format!("{id}-t");
    html! {
        figure.chart {
            svg id=(id) viewBox=(format!("0 0 {WIDTH} {height}")) width="100%" role="img" aria-labelledby=(title_id) {
                title id=(title_id) { (title) }
                @if let Some((now, then)) = legend {
                    rect x="0" y="6" width="14" height="12" class="bar-now" {}
                    text x="20" y="17" class="legend" { (now) }
                    rect x="180" y="6" width="14" height="12" class="bar-then" {}
                    text x="200" y="17" class="legend" { (then) }
                }
                @for (i, b) in bars.iter().enumerate() {
                    @let y = top + i as i64 * row;
                    @let w = b.value * SPAN / max;
                    text x="0" y=(y + 15) class="label" { (b.label) }
                    rect x="0" y=(y + 21) width=(w) height="14" class="bar-now" {}
                    text x=(w + 6) y=(y + 33) class="value" { (b.shown) }
                    @if let Some(o) = b.other {
                        @let w2 = o * SPAN / max;
                        rect x="0" y=(y + 38) width=(w2) height="12" class="bar-then" {}
                        text x=(w2 + 6) y=(y + 49) class="value then" { (b.other_shown) }
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
        assert!(svg.contains(&format!("width=\"{}\"", SPAN / 2)), "{svg}");
        assert!(svg.contains(&format!("width=\"{SPAN}\"")), "{svg}");
        assert!(svg.starts_with("<figure") && svg.contains("role=\"img\""));
    }
}
