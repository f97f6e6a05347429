//! What both pictures share: the `<svg>` element and its accessible name, the patterns, the
//! year axis, coverage rows with their labelled gaps, and the today marker.
//!
//! Colours are written as presentation attributes (the palette in `mod.rs`), so a picture reads
//! even where no stylesheet reaches it (a PNG export, a feed reader); CSS rules on the documented
//! classes override them, since presentation attributes lose to any stylesheet rule.

use chrono::NaiveDate;

use super::scale::{Scale, lanes, year_ticks};
use super::svg::{Svg, fit, id_prefix, num, text_width};
use super::{CoverageRow, Today};

pub const WIDTH: f64 = 960.0;
pub const PLOT_LEFT: f64 = 250.0;
pub const PLOT_RIGHT: f64 = 940.0;
pub const TOP: f64 = 10.0;
pub const BOTTOM: f64 = 12.0;
/// The row label column: from here to `PLOT_LEFT - 12`.
pub const LABEL_X: f64 = 8.0;
pub const FONT: f64 = 12.0;
pub const SMALL: f64 = 11.0;

pub const TEXT: &str = "#212121";
pub const MUTED: &str = "#5f6368";
pub const RULE: &str = "#d6d6d6";
pub const COVERED: &str = "#00695c";
pub const GAP: &str = "#c62828";
pub const TODAY: &str = "#d84315";

const COVERAGE_BAR: f64 = 16.0;
const GAP_LANE: f64 = 14.0;
const COVERAGE_PAD: f64 = 10.0;

/// The ids of one picture, all under one prefix so that two pictures on a page never clash.
pub struct Ids(String);

impl Ids {
    pub fn new(raw_prefix: &str) -> Ids {
        Ids(id_prefix(raw_prefix))
    }

    pub fn id(&self, name: &str) -> String {
        format!("{}-{name}", self.0)
    }

    pub fn url(&self, name: &str) -> String {
        format!("url(#{}-{name})", self.0)
    }
}

/// `from – to`, or `from –` when open-ended: ISO dates read the same in every language.
pub fn dates(from: NaiveDate, to: Option<NaiveDate>) -> String {
    match to {
        Some(to) => format!("{from} – {to}"),
        None => format!("{from} –"),
    }
}

/// A white outline behind text drawn over patterns and lines, so that it stays legible.
pub fn halo<'a>(attrs: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut all = attrs.to_vec();
    all.extend([("stroke", "#ffffff"), ("stroke-width", "3"), ("stroke-linejoin", "round"), ("paint-order", "stroke")]);
    all
}

/// Opens `<svg>` with its title and description (its accessible name), a white background (the
/// palette's contrast is measured against white) and the patterns.
pub fn open(svg: &mut Svg, ids: &Ids, class: &str, height: f64, title: &str, description: &str) {
    let (w, h) = (num(WIDTH), num(height));
    let labelled_by = format!("{} {}", ids.id("title"), ids.id("desc"));
    let view_box = format!("0 0 {w} {h}");
    svg.open(
        "svg",
        &[
            ("xmlns", "http://www.w3.org/2000/svg"),
            ("class", &format!("picture {class}")),
            ("role", "img"),
            ("aria-labelledby", &labelled_by),
            ("viewBox", &view_box),
            ("width", &w),
            ("height", &h),
            ("font-family", "system-ui, 'Segoe UI', 'Noto Sans', 'DejaVu Sans', sans-serif"),
            ("font-size", &num(FONT)),
            ("fill", TEXT),
        ],
    );
    svg.text("title", &[("id", &ids.id("title"))], title);
    svg.text("desc", &[("id", &ids.id("desc"))], description);
    svg.empty("rect", &[("class", "picture-bg"), ("width", &w), ("height", &h), ("fill", "#ffffff")]);
    patterns(svg, ids);
}

/// Hatching and textures that carry meaning besides colour: gaps are striped, closed periods
/// cross-hatched, suspended ones dotted, and the two kinds of mirror link differ in dashes.
fn patterns(svg: &mut Svg, ids: &Ids) {
    svg.open("defs", &[]);
    let pattern = |svg: &mut Svg, name: &str, w: &str, h: &str, rotate: bool, background: &str| {
        let mut attrs = vec![("class", "pattern"), ("patternUnits", "userSpaceOnUse"), ("width", w), ("height", h)];
        if rotate {
            attrs.push(("patternTransform", "rotate(45)"));
        }
        let id = ids.id(name);
        attrs.push(("id", &id));
        svg.open("pattern", &attrs);
        svg.empty("rect", &[("class", &format!("{name}-bg")), ("width", w), ("height", h), ("fill", background)]);
    };
    pattern(svg, "hatch-gap", "8", "8", true, "#fdecea");
    svg.empty("rect", &[("class", "hatch-gap-stripe"), ("width", "3"), ("height", "8"), ("fill", GAP)]);
    svg.close("pattern");
    pattern(svg, "hatch-closed", "7", "7", true, "#f2f2f2");
    svg.empty(
        "path",
        &[("class", "hatch-closed-line"), ("d", "M0 0H7M0 0V7"), ("stroke", "#757575"), ("fill", "none")],
    );
    svg.close("pattern");
    pattern(svg, "dots-suspended", "6", "6", false, "#fff3e0");
    svg.empty(
        "circle",
        &[("class", "dots-suspended-dot"), ("cx", "3"), ("cy", "3"), ("r", "1.4"), ("fill", "#a15c00")],
    );
    svg.close("pattern");
    pattern(svg, "link-mirror", "8", "4", false, "none");
    svg.empty(
        "rect",
        &[("class", "link-mirror-stroke"), ("x", "3.5"), ("width", "1"), ("height", "4"), ("fill", "#1f4e9c")],
    );
    svg.close("pattern");
    pattern(svg, "link-third-country", "8", "8", false, "none");
    let dash =
        [("class", "link-third-country-stroke"), ("x", "3.5"), ("width", "1"), ("height", "4"), ("fill", "#7b1fa2")];
    svg.empty("rect", &dash);
    svg.close("pattern");
    svg.close("defs");
}

/// Year labels at `label_y`, the axis line and ticks at `top`, and light grid lines at each
/// 1 January (and the plot's edges) down to `bottom`.
pub fn axis(svg: &mut Svg, scale: &Scale, label_y: f64, top: f64, bottom: f64) {
    svg.open("g", &[("class", "axis")]);
    let grid = |svg: &mut Svg, x: f64| {
        let (x, y1, y2) = (num(x), num(top), num(bottom));
        svg.empty("line", &[("class", "grid"), ("x1", &x), ("x2", &x), ("y1", &y1), ("y2", &y2), ("stroke", RULE)]);
    };
    grid(svg, scale.left());
    grid(svg, scale.right());
    let (y, tick_top) = (num(top), num(top - 5.0));
    for tick in year_ticks(scale, text_width("0000", SMALL)) {
        if let Some(x) = tick.tick {
            grid(svg, x);
            let x = num(x);
            let attrs =
                [("class", "axis-tick"), ("x1", &x), ("x2", &x), ("y1", &tick_top), ("y2", &y), ("stroke", MUTED)];
            svg.empty("line", &attrs);
        }
        if tick.labelled {
            let (x, ly) = (num(tick.label_x), num(label_y));
            let attrs =
                [("class", "axis-label"), ("x", &x), ("y", &ly), ("text-anchor", "middle"), ("font-size", "11")];
            svg.text("text", &attrs, &tick.year.to_string());
        }
    }
    let (x1, x2) = (num(scale.left()), num(scale.right()));
    svg.empty("line", &[("class", "axis-line"), ("x1", &x1), ("x2", &x2), ("y1", &y), ("y2", &y), ("stroke", MUTED)]);
    svg.close("g");
}

/// A row's label in the left column, cut to `max_px` with the full text kept in a `<title>`.
pub fn row_label(svg: &mut Svg, class: &str, x: f64, y: f64, max_px: f64, text: &str, full: &str) {
    let shown = fit(text, max_px, FONT).map(|(shown, _)| shown).unwrap_or_default();
    svg.open("g", &[("class", "row-label")]);
    svg.title(full);
    svg.text("text", &[("class", class), ("x", &num(x)), ("y", &num(y))], &shown);
    svg.close("g");
}

/// A coverage row measured before drawing: where each gap's label goes, stacked into lanes
/// under the bar when labels of nearby gaps would touch.
pub struct CoverageLayout<'a> {
    row: &'a CoverageRow,
    /// Per gap inside the window: its index, left, right, label text, label x and lane.
    gaps: Vec<(usize, f64, f64, String, f64, usize)>,
    lanes: usize,
}

impl<'a> CoverageLayout<'a> {
    pub fn new(scale: &Scale, row: &'a CoverageRow) -> CoverageLayout<'a> {
        let plot = scale.right() - scale.left();
        let mut gaps = Vec::new();
        let mut boxes = Vec::new();
        for (i, gap) in row.gaps.iter().enumerate() {
            let Some((left, right)) = scale.span(gap.days.start, Some(gap.days.end)) else { continue };
            let text = fit(&gap.label, plot, SMALL).map(|(text, _)| text).unwrap_or_default();
            let width = text_width(&text, SMALL);
            // Under the gap's start, pulled left when it would run past the plot's edge.
            let x = left.min(scale.right() - width).max(scale.left());
            boxes.push((x, width));
            gaps.push((i, left, right, text, x, 0));
        }
        let lane_of = lanes(&boxes, 6.0);
        for (gap, lane) in gaps.iter_mut().zip(&lane_of) {
            gap.5 = *lane;
        }
        let lanes = lane_of.iter().max().map_or(0, |max| max + 1);
        CoverageLayout { row, gaps, lanes }
    }

    pub fn height(&self) -> f64 {
        COVERAGE_BAR + self.lanes as f64 * GAP_LANE + COVERAGE_PAD
    }

    /// Draws the row with its bar's top at `y`: covered stretches solid, gaps hatched, outlined
    /// and labelled underneath.
    pub fn draw(&self, svg: &mut Svg, ids: &Ids, scale: &Scale, y: f64, class: &str) {
        let row = self.row;
        svg.open("g", &[("class", &format!("coverage-row {class}"))]);
        let (top, h) = (num(y), num(COVERAGE_BAR));
        row_label(svg, "row-name", LABEL_X, y + COVERAGE_BAR - 4.0, PLOT_LEFT - LABEL_X - 12.0, &row.label, &row.label);
        let (x0, plot) = (num(scale.left()), num(scale.right() - scale.left()));
        let track = [("class", "coverage-track"), ("x", &x0), ("y", &top), ("width", &plot), ("height", &h)];
        svg.empty("rect", &[&track[..], &[("fill", "#fafafa"), ("stroke", RULE)]].concat());
        for covered in &row.covered {
            let Some((left, right)) = scale.span(covered.days.start, Some(covered.days.end)) else { continue };
            svg.open("g", &[("class", "covered")]);
            let mut title = dates(covered.days.start, Some(covered.days.end));
            covered.details.iter().for_each(|line| title.extend(["\n", line.as_str()]));
            svg.title(&title);
            let (x, w) = (num(left), num(right - left));
            let attrs = [("class", "covered-bar"), ("x", &x), ("y", &top), ("width", &w), ("height", &h)];
            svg.empty("rect", &[&attrs[..], &[("fill", COVERED)]].concat());
            svg.close("g");
        }
        for (i, left, right, text, label_x, lane) in &self.gaps {
            let gap = &row.gaps[*i];
            svg.open("g", &[("class", "gap")]);
            let mut title = format!("{}: {}", gap.label, dates(gap.days.start, Some(gap.days.end)));
            gap.details.iter().for_each(|line| title.extend(["\n", line.as_str()]));
            svg.title(&title);
            let (x, w, fill) = (num(*left), num(right - left), ids.url("hatch-gap"));
            let attrs = [("class", "gap-bar"), ("x", &x), ("y", &top), ("width", &w), ("height", &h)];
            svg.empty("rect", &[&attrs[..], &[("fill", &fill), ("stroke", GAP)]].concat());
            let ty = num(y + COVERAGE_BAR + (*lane as f64 + 1.0) * GAP_LANE - 3.0);
            let attrs = [("class", "gap-label"), ("x", &num(*label_x)), ("y", &ty), ("font-size", "11"), ("fill", GAP)];
            svg.text("text", &[&attrs[..], &[("font-weight", "bold")]].concat(), text);
            svg.close("g");
        }
        svg.close("g");
    }
}

/// A line at the start of `today` from `top` to `bottom`, labelled under it at `label_y`.
pub fn today(svg: &mut Svg, scale: &Scale, today: &Today, top: f64, bottom: f64, label_y: f64) {
    if !scale.contains(today.on) {
        return;
    }
    let x = scale.x(today.on);
    svg.open("g", &[("class", "today")]);
    svg.title(&format!("{}: {}", today.label, today.on));
    let (lx, y1, y2) = (num(x), num(top), num(bottom));
    let line = [("class", "today-line"), ("x1", &lx), ("x2", &lx), ("y1", &y1), ("y2", &y2)];
    svg.empty("line", &[&line[..], &[("stroke", TODAY), ("stroke-width", "2")]].concat());
    // Centred under the line, but kept inside the picture near its edges.
    let half = text_width(&today.label, SMALL) / 2.0;
    let tx = num(x.clamp(half + 2.0, WIDTH - half - 2.0));
    let label = [("class", "today-label"), ("x", &tx), ("y", &num(label_y)), ("text-anchor", "middle")];
    svg.text(
        "text",
        &[&label[..], &[("font-size", "11"), ("font-weight", "bold"), ("fill", TODAY)]].concat(),
        &today.label,
    );
    svg.close("g");
}
