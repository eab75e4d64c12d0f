//! Charts drawn on the server as SVG: ranked bars, a line over time, an age
//! pyramid and a donut. No script and nothing fetched: a chart is markup the
//! page embeds, so it prints, scales with large text (its text is in the
//! viewBox's units, which follow the chart's width) and follows the page's
//! colours (`currentColor`, and classes a dark theme restyles). Each chart's
//! numbers also stand in a table beside it (the template's), for screen
//! readers and for reading exact values.

use std::fmt::Write;

/// Drawn SVG markup, escaped where it holds text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Svg(String);

impl std::fmt::Display for Svg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Svg {
    /// The markup.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Fills the series take in turn: distinguishable in colour-blind vision and
/// in greyscale print (light to dark alternate).
const PALETTE: [&str; 8] = ["#2f6fb0", "#e08a1e", "#3b9a5a", "#c2413b", "#7b5ea7", "#8c6d3f", "#d16ba5", "#5f6b73"];

/// Escapes text for SVG (the same rules as HTML text and attributes).
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The opening tag: sized by its viewBox, named for assistive technology by
/// its title (the table beside it carries the numbers).
fn open(out: &mut String, class: &str, title: &str, width: u32, height: u32) {
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart {class}" viewBox="0 0 {width} {height}" role="img" aria-label="{t}" font-size="14" font-family="inherit"><title>{t}</title>"#,
        t = esc(title)
    );
}

/// A round top for an axis: 1, 2 or 5 times a power of ten, at least `max`.
fn nice_top(max: i64) -> i64 {
    if max <= 0 {
        return 1;
    }
    let mut step = 1i64;
    loop {
        for m in [1, 2, 5] {
            if step.saturating_mul(m) >= max {
                return step * m;
            }
        }
        step = step.saturating_mul(10);
    }
}

/// Shortens a label to `chars` characters (the full one is in the table).
fn short(label: &str, chars: usize) -> String {
    if label.chars().count() <= chars {
        return label.to_owned();
    }
    let mut s: String = label.chars().take(chars.saturating_sub(1)).collect();
    s.push('…');
    s
}

/// Horizontal bars, one per item, in the order given (rank them first).
pub fn bars(title: &str, items: &[(String, i64)]) -> Svg {
    let (width, label_w, row) = (400u32, 120u32, 24u32);
    let height = row * items.len().max(1) as u32 + 8;
    let mut out = String::new();
    open(&mut out, "bars", title, width, height);
    let top = nice_top(items.iter().map(|(_, n)| *n).max().unwrap_or(0));
    let span = f64::from(width - label_w - 50);
    for (i, (label, n)) in items.iter().enumerate() {
        let y = 4 + row * i as u32;
        let w = span * (*n).max(0) as f64 / top as f64;
        let _ = write!(
            out,
            r#"<text x="{lx}" y="{ty}" text-anchor="end" fill="currentColor">{l}</text><rect x="{label_w}" y="{y}" width="{w:.1}" height="{h}" fill="{c}"/><text x="{vx:.1}" y="{ty}" fill="currentColor">{n}</text>"#,
            lx = label_w - 6,
            ty = y + 15,
            l = esc(&short(label, 10)),
            h = row - 6,
            c = PALETTE[0],
            vx = f64::from(label_w) + w + 4.0,
        );
    }
    out.push_str("</svg>");
    Svg(out)
}

/// A line over periods (oldest first), with a dot per period, the top of
/// the scale, and every few periods' labels under the axis.
pub fn line(title: &str, points: &[(String, i64)]) -> Svg {
    let (width, height, left, bottom, top_pad) = (400u32, 200u32, 36.0, 28.0, 12.0);
    let mut out = String::new();
    open(&mut out, "line", title, width, height);
    let top = nice_top(points.iter().map(|(_, n)| *n).max().unwrap_or(0));
    let plot_w = f64::from(width) - left - 12.0;
    let plot_h = f64::from(height) - bottom - top_pad;
    let x =
        |i: usize| left + if points.len() > 1 { plot_w * i as f64 / (points.len() - 1) as f64 } else { plot_w / 2.0 };
    let y = |n: i64| top_pad + plot_h - plot_h * n.max(0) as f64 / top as f64;
    let _ = write!(
        out,
        r#"<line x1="{left}" y1="{b:.1}" x2="{r:.1}" y2="{b:.1}" stroke="currentColor" stroke-opacity="0.4"/><line x1="{left}" y1="{t:.1}" x2="{r:.1}" y2="{t:.1}" stroke="currentColor" stroke-opacity="0.15"/><text x="{lx}" y="{ty:.1}" text-anchor="end" fill="currentColor">{top}</text><text x="{lx}" y="{by:.1}" text-anchor="end" fill="currentColor">0</text>"#,
        b = y(0),
        r = left + plot_w,
        t = y(top),
        lx = left - 4.0,
        ty = y(top) + 4.0,
        by = y(0) + 4.0,
    );
    if !points.is_empty() {
        let path: Vec<String> =
            points.iter().enumerate().map(|(i, (_, n))| format!("{:.1},{:.1}", x(i), y(*n))).collect();
        let _ = write!(
            out,
            r#"<polyline points="{}" fill="none" stroke="{}" stroke-width="2"/>"#,
            path.join(" "),
            PALETTE[0]
        );
        // About six labels, whatever the number of periods.
        let every = points.len().div_ceil(6).max(1);
        for (i, (label, n)) in points.iter().enumerate() {
            let _ = write!(out, r#"<circle cx="{:.1}" cy="{:.1}" r="2.5" fill="{}"/>"#, x(i), y(*n), PALETTE[0]);
            // The last period is always named; a regular label too close to it is left out.
            let last = points.len() - 1;
            if (i % every == 0 && i + every / 2 < last) || i == last {
                let _ = write!(
                    out,
                    r#"<text x="{:.1}" y="{}" text-anchor="middle" fill="currentColor">{}</text>"#,
                    x(i),
                    height - 8,
                    esc(label)
                );
            }
        }
    }
    out.push_str("</svg>");
    Svg(out)
}

/// An age pyramid: bands from the youngest (bottom) up, men to the left and
/// women to the right of the middle, each side on the same scale.
pub fn pyramid(title: &str, bands: &[(String, i64, i64)], men: &str, women: &str) -> Svg {
    let (width, row, middle_w) = (400u32, 20u32, 56.0);
    let height = row * bands.len().max(1) as u32 + 26;
    let mut out = String::new();
    open(&mut out, "pyramid", title, width, height);
    let top = nice_top(bands.iter().map(|(_, m, w)| (*m).max(*w)).max().unwrap_or(0));
    let half = (f64::from(width) - middle_w) / 2.0 - 30.0;
    let centre = f64::from(width) / 2.0;
    let _ = write!(
        out,
        r#"<text x="{:.1}" y="12" text-anchor="end" fill="currentColor">{}</text><text x="{:.1}" y="12" fill="currentColor">{}</text>"#,
        centre - middle_w / 2.0 - 4.0,
        esc(men),
        centre + middle_w / 2.0 + 4.0,
        esc(women)
    );
    for (i, (band, m, w)) in bands.iter().rev().enumerate() {
        let y = 20 + row * i as u32;
        let mw = half * (*m).max(0) as f64 / top as f64;
        let ww = half * (*w).max(0) as f64 / top as f64;
        let left_edge = centre - middle_w / 2.0;
        let right_edge = centre + middle_w / 2.0;
        let _ = write!(
            out,
            r#"<rect x="{mx:.1}" y="{y}" width="{mw:.1}" height="{h}" fill="{c0}"/><rect x="{right_edge:.1}" y="{y}" width="{ww:.1}" height="{h}" fill="{c1}"/><text x="{centre:.1}" y="{ty}" text-anchor="middle" fill="currentColor">{b}</text><text x="{mtx:.1}" y="{ty}" text-anchor="end" fill="currentColor">{m}</text><text x="{wtx:.1}" y="{ty}" fill="currentColor">{w}</text>"#,
            mx = left_edge - mw,
            h = row - 4,
            c0 = PALETTE[0],
            c1 = PALETTE[1],
            ty = y + 11,
            b = esc(band),
            mtx = left_edge - mw - 3.0,
            wtx = right_edge + ww + 3.0,
        );
    }
    out.push_str("</svg>");
    Svg(out)
}

/// A donut of parts of a whole, with a legend; the whole in the middle.
pub fn donut(title: &str, parts: &[(String, i64)]) -> Svg {
    let (width, height, r, cx, cy) = (400u32, 170u32, 60.0f64, 85.0f64, 85.0f64);
    let mut out = String::new();
    open(&mut out, "donut", title, width, height);
    let whole: i64 = parts.iter().map(|(_, n)| (*n).max(0)).sum();
    let round = 2.0 * std::f64::consts::PI * r;
    let _ = write!(
        out,
        r#"<circle cx="{cx}" cy="{cy}" r="{r}" fill="none" stroke="currentColor" stroke-opacity="0.12" stroke-width="24"/>"#
    );
    let mut done = 0.0;
    for (i, (label, n)) in parts.iter().enumerate() {
        let colour = PALETTE[i % PALETTE.len()];
        if whole > 0 && *n > 0 {
            let len = round * *n as f64 / whole as f64;
            // Each part is a dash of the circle's stroke, started where the
            // one before ended (from twelve o'clock, clockwise).
            let _ = write!(
                out,
                r#"<circle cx="{cx}" cy="{cy}" r="{r}" fill="none" stroke="{colour}" stroke-width="24" stroke-dasharray="{len:.2} {gap:.2}" stroke-dashoffset="{off:.2}" transform="rotate(-90 {cx} {cy})"/>"#,
                gap = round - len,
                off = -done,
            );
            done += len;
        }
        let ly = 20 + 20 * i as u32;
        let _ = write!(
            out,
            r#"<rect x="180" y="{ry}" width="12" height="12" fill="{colour}"/><text x="198" y="{ty}" fill="currentColor">{l}　{n}</text>"#,
            ry = ly - 10,
            ty = ly,
            l = esc(&short(label, 14)),
        );
    }
    let _ = write!(
        out,
        r#"<text x="{cx}" y="{:.1}" text-anchor="middle" font-size="18" fill="currentColor">{whole}</text>"#,
        cy + 6.0
    );
    out.push_str("</svg>");
    Svg(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(svg: &Svg, what: &str) -> usize {
        svg.as_str().matches(what).count()
    }

    #[test]
    fn scales_end_on_round_numbers_at_or_above_the_largest_value() {
        assert_eq!([0, 1, 3, 7, 10, 11, 240, 1001].map(nice_top), [1, 1, 5, 10, 10, 20, 500, 2000]);
    }

    #[test]
    fn bars_draw_one_rect_per_item_in_order_and_escape_labels() {
        let items = vec![("<b>交通路</b>".to_owned(), 30), ("生态园".to_owned(), 10), ("空".to_owned(), 0)];
        let svg = bars("各社区 & 网格", &items);
        assert_eq!(count(&svg, "<rect"), 3);
        assert!(svg.as_str().contains("&lt;b&gt;"), "{svg}");
        assert!(!svg.as_str().contains("<b>"));
        assert!(svg.as_str().contains("<title>各社区 &amp; 网格</title>"));
        // The largest bar spans the scale (30 of a 50 top: three fifths of 230); the empty one has no width.
        assert!(svg.as_str().contains(r#"width="138.0""#), "{svg}");
        assert!(svg.as_str().contains(r#"width="0.0""#));
        assert!(svg.as_str().find("交通路").unwrap() < svg.as_str().find("生态园").unwrap());
    }

    #[test]
    fn a_line_has_a_dot_per_period_and_a_few_labels() {
        let points: Vec<(String, i64)> = (1..=30).map(|d| (format!("{d}日"), d % 7)).collect();
        let svg = line("近30天", &points);
        assert_eq!(count(&svg, "<circle"), 30);
        let labels = count(&svg, "日</text>");
        assert!((5..=8).contains(&labels), "{labels} labels");
        assert!(!svg.as_str().contains("NaN"));
        let one = line("一个", &[("12月".to_owned(), 0)]);
        assert_eq!(count(&one, "<circle"), 1);
        assert!(!one.as_str().contains("NaN") && !one.as_str().contains("inf"));
        let none = line("无", &[]);
        assert_eq!(count(&none, "<circle"), 0);
    }

    #[test]
    fn a_pyramid_puts_the_youngest_at_the_bottom_with_both_sides_on_one_scale() {
        let bands = vec![("0–9".to_owned(), 10, 5), ("90+".to_owned(), 1, 4)];
        let svg = pyramid("年龄结构", &bands, "男", "女");
        assert_eq!(count(&svg, "<rect"), 4);
        let s = svg.as_str();
        assert!(s.find("90+").unwrap() < s.find("0–9").unwrap(), "oldest drawn first, at the top");
        // Top of the scale is 10: men 0–9 fill the half, women 0–9 half of it.
        assert!(s.contains(r#"width="142.0""#) && s.contains(r#"width="71.0""#), "{s}");
    }

    #[test]
    fn a_donut_divides_its_circle_among_the_parts_and_shows_the_whole() {
        let parts = vec![("户籍".to_owned(), 3), ("流动".to_owned(), 1), ("境外".to_owned(), 0)];
        let svg = donut("户籍/流动", &parts);
        let s = svg.as_str();
        // Two drawn parts (a zero part draws no arc) over the track circle.
        assert_eq!(count(&svg, "stroke-dasharray"), 2);
        assert!(s.contains(">4</text>"), "{s}");
        let round = 2.0 * std::f64::consts::PI * 60.0;
        assert!(s.contains(&format!("stroke-dasharray=\"{:.2} {:.2}\"", round * 0.75, round * 0.25)), "{s}");
        let empty = donut("空", &[]);
        assert_eq!(count(&empty, "stroke-dasharray"), 0);
        assert!(empty.as_str().contains(">0</text>"));
    }
}
