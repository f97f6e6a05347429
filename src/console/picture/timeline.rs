//! A joint centre's story on one picture: its laboratories' status periods, the mirror links
//! between them, each side's funding coverage, and the dated events that explain the changes.

use chrono::NaiveDate;

use super::frame::{self, CoverageLayout, Ids, LABEL_X, MUTED, PLOT_LEFT, PLOT_RIGHT, SMALL, TEXT, dates, halo};
use super::scale::{Scale, lanes};
use super::svg::{Svg, fit, num, text_width};
use super::{CoverageRow, Today};
use crate::coverage::Interval;
use crate::domain::lab::{LabStatus, MirrorKind};

/// Everything the timeline shows, with every visible word already translated.
#[derive(Debug, Clone)]
pub struct CentreTimeline {
    /// Makes the picture's ids unique on a page (sanitised to `[A-Za-z0-9_-]`).
    pub id_prefix: String,
    pub title: String,
    pub description: String,
    /// The days shown, both ends included.
    pub window: Interval,
    pub labs: Vec<LabRow>,
    pub links: Vec<LinkBar>,
    /// Heading over the coverage rows; empty for none.
    pub coverage_heading: String,
    /// Coverage per side ("RU", "CN", "other"), in the order given.
    pub sides: Vec<CoverageRow>,
    pub events: Vec<Event>,
    pub today: Option<Today>,
}

#[derive(Debug, Clone)]
pub struct LabRow {
    pub name: String,
    /// ISO 3166-1 alpha-2, shown as is.
    pub country: String,
    pub periods: Vec<StatusPeriod>,
}

#[derive(Debug, Clone)]
pub struct StatusPeriod {
    pub from: NaiveDate,
    /// The last day of the period (included); `None` while it lasts.
    pub to: Option<NaiveDate>,
    pub status: LabStatus,
    /// The status's translated name, drawn on the bar.
    pub label: String,
    pub reason: String,
}

/// A mirror link between the labs at rows `a` and `b` of [`CentreTimeline::labs`].
#[derive(Debug, Clone)]
pub struct LinkBar {
    pub a: usize,
    pub b: usize,
    pub kind: MirrorKind,
    /// The kind's translated name, drawn on the connector.
    pub label: String,
    pub starts_on: NaiveDate,
    /// The last day in force: the connector ends where the next day begins.
    pub ends_on: Option<NaiveDate>,
    pub end_reason: Option<String>,
}

/// A dated mark, drawn at the start of its day with a number that the legend explains.
#[derive(Debug, Clone)]
pub struct Event {
    pub on: NaiveDate,
    pub label: String,
    pub reason: String,
}

const LAB_ROW: f64 = 40.0;
const BAR_TOP: f64 = 4.0;
const BAR_H: f64 = 20.0;
const BADGE_LANE: f64 = 22.0;
const BADGE_R: f64 = 9.0;
const LEGEND_LINE: f64 = 18.0;
/// Country codes in the label column, then names up to the plot.
const NAME_X: f64 = LABEL_X + 30.0;

/// The timeline of a joint centre as a self-contained SVG document.
pub fn centre_timeline(t: &CentreTimeline) -> String {
    let ids = Ids::new(&t.id_prefix);
    let scale = Scale::new(t.window, PLOT_LEFT, PLOT_RIGHT);
    // Events in date order, numbered left to right; badges of nearby events stack in lanes.
    let mut events: Vec<&Event> = t.events.iter().filter(|e| scale.contains(e.on)).collect();
    events.sort_by_key(|e| e.on);
    let badge_lane = lanes(&events.iter().map(|e| (scale.x(e.on) - BADGE_R, 2.0 * BADGE_R)).collect::<Vec<_>>(), 3.0);
    let badge_lanes = badge_lane.iter().max().map_or(0, |m| m + 1);

    // Vertical layout, top to bottom.
    let badges_top = frame::TOP;
    let axis_y = badges_top + badge_lanes as f64 * BADGE_LANE + 22.0;
    let labs_top = axis_y + 6.0;
    let coverage_top = labs_top + t.labs.len() as f64 * LAB_ROW + 4.0;
    let heading = !t.coverage_heading.trim().is_empty();
    let rows_top = coverage_top + if heading { 20.0 } else { 0.0 };
    let layouts: Vec<CoverageLayout> = t.sides.iter().map(|row| CoverageLayout::new(&scale, row)).collect();
    let plot_bottom = rows_top + layouts.iter().map(CoverageLayout::height).sum::<f64>();
    let today_shown = t.today.as_ref().is_some_and(|today| scale.contains(today.on));
    let legend_top = plot_bottom + if today_shown { 22.0 } else { 8.0 };
    let height = legend_top + events.len() as f64 * LEGEND_LINE + frame::BOTTOM;

    let mut svg = Svg::default();
    frame::open(&mut svg, &ids, "picture-timeline", height, &t.title, &t.description);
    frame::axis(&mut svg, &scale, axis_y - 8.0, axis_y, plot_bottom);
    // Event lines behind the bars, so that they never cross a status's name; their badges sit
    // above the axis, where nothing covers them.
    for (n, (event, lane)) in events.iter().zip(&badge_lane).enumerate() {
        let badge_y = badges_top + *lane as f64 * BADGE_LANE + BADGE_R + 1.0;
        draw_event(&mut svg, &scale, n + 1, event, badge_y, plot_bottom);
    }
    let row_top = |i: usize| labs_top + i as f64 * LAB_ROW;
    // Links first, so that a connector passing rows between its two labs runs behind their bars.
    for link in &t.links {
        draw_link(&mut svg, &ids, &scale, t, link, &row_top);
    }
    for (i, lab) in t.labs.iter().enumerate() {
        draw_lab(&mut svg, &ids, &scale, lab, row_top(i));
    }
    if heading {
        let (x, y) = (num(LABEL_X), num(coverage_top + 14.0));
        let attrs = [("class", "section-heading"), ("x", &x), ("y", &y), ("font-weight", "bold")];
        svg.text("text", &attrs, &t.coverage_heading);
    }
    let mut y = rows_top;
    for layout in &layouts {
        layout.draw(&mut svg, &ids, &scale, y, "row-side");
        y += layout.height();
    }
    if let Some(today) = &t.today {
        frame::today(&mut svg, &scale, today, axis_y, plot_bottom, plot_bottom + 14.0);
    }
    for (n, event) in events.iter().enumerate() {
        legend_item(&mut svg, n + 1, event, legend_top + n as f64 * LEGEND_LINE);
    }
    svg.close("svg");
    svg.finish()
}

fn draw_lab(svg: &mut Svg, ids: &Ids, scale: &Scale, lab: &LabRow, top: f64) {
    svg.open("g", &[("class", "lab-row"), ("data-country", &lab.country)]);
    let full = format!("{} ({})", lab.name, lab.country);
    svg.open("g", &[("class", "row-label")]);
    svg.title(&full);
    let baseline = num(top + BAR_TOP + BAR_H - 6.0);
    let code = [("class", "lab-country"), ("x", &num(LABEL_X)), ("y", &baseline), ("font-weight", "bold")];
    svg.text("text", &code, &lab.country);
    let name = fit(&lab.name, PLOT_LEFT - NAME_X - 12.0, frame::FONT).map(|(s, _)| s).unwrap_or_default();
    svg.text("text", &[("class", "lab-name"), ("x", &num(NAME_X)), ("y", &baseline)], &name);
    svg.close("g");
    // Neighbouring bars bound where a label that does not fit inside may go beside.
    let mut spans: Vec<(f64, f64, &StatusPeriod)> =
        lab.periods.iter().filter_map(|p| scale.span(p.from, p.to).map(|(l, r)| (l, r, p))).collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    for (i, (left, right, period)) in spans.iter().enumerate() {
        let before = if i > 0 { spans[i - 1].1 } else { scale.left() };
        let after = spans.get(i + 1).map_or(scale.right(), |next| next.0);
        draw_period(svg, ids, period, (*left, *right), (before, after), top + BAR_TOP);
    }
    svg.close("g");
}

/// Status bars: active solid, planned an outline, suspended dotted, closed cross-hatched, so
/// that none is told apart by colour alone; each names its status in text.
fn draw_period(svg: &mut Svg, ids: &Ids, p: &StatusPeriod, (left, right): (f64, f64), room: (f64, f64), y: f64) {
    let (key, fill, stroke, text_fill) = match p.status {
        LabStatus::Active => ("active", "#2e7d32".to_string(), "#2e7d32", "#ffffff"),
        LabStatus::Planned => ("planned", "#ffffff".to_string(), "#1565c0", TEXT),
        LabStatus::Suspended => ("suspended", ids.url("dots-suspended"), "#a15c00", TEXT),
        LabStatus::Closed => ("closed", ids.url("hatch-closed"), "#616161", TEXT),
    };
    svg.open("g", &[("class", &format!("status status-{key}"))]);
    let mut title = format!("{}: {}", p.label, dates(p.from, p.to));
    if !p.reason.is_empty() {
        title.extend(["\n", p.reason.as_str()]);
    }
    svg.title(&title);
    let (x, w, top, h) = (num(left), num(right - left), num(y), num(BAR_H));
    let mut bar = vec![("class", "status-bar"), ("x", &*x), ("y", &*top), ("width", &*w), ("height", &*h)];
    bar.extend([("fill", fill.as_str()), ("stroke", stroke), ("stroke-width", "1.5")]);
    if p.status == LabStatus::Planned {
        bar.push(("stroke-dasharray", "5 3"));
    }
    svg.empty("rect", &bar);

    // Inside when at least a few letters fit, else beside (right, then left) when the whole
    // word fits there, else under the bar (over any link band, with a halo): a status is always
    // named in text, and the <title> has it all.
    let inside = fit(&p.label, right - left - 8.0, SMALL);
    let whole = text_width(&p.label, SMALL);
    let baseline = y + BAR_H - 6.0;
    let (text, tx, ty, anchor, on_bar) = match inside {
        Some((text, cut)) if !cut || text.chars().count() >= 4 => (text, left + 4.0, baseline, "start", true),
        _ if room.1 - right - 6.0 >= whole => (p.label.clone(), right + 3.0, baseline, "start", false),
        _ if left - room.0 - 6.0 >= whole => (p.label.clone(), left - 3.0, baseline, "end", false),
        _ => (p.label.clone(), left.min(PLOT_RIGHT - whole), y + BAR_H + 12.0, "start", false),
    };
    let (tx, ty) = (num(tx), num(ty));
    let attrs = [("class", "status-label"), ("x", &*tx), ("y", &*ty), ("text-anchor", anchor)];
    let fill = [("font-size", "11"), ("fill", if on_bar { text_fill } else { TEXT })];
    let attrs = [&attrs[..], &fill[..]].concat();
    // White text on the solid bar needs no halo; dark text over a pattern or a line does.
    let attrs = if on_bar && text_fill != TEXT { attrs } else { halo(&attrs) };
    svg.text("text", &attrs, &text);
    svg.close("g");
}

/// A connector between two lab rows over the link's days: a band of vertical strokes (solid for
/// `mirror`, dashed for `third_country`) between the bars, with start and end lines and the
/// kind's name written on it.
fn draw_link(
    svg: &mut Svg,
    ids: &Ids,
    scale: &Scale,
    t: &CentreTimeline,
    link: &LinkBar,
    row_top: &dyn Fn(usize) -> f64,
) {
    let (Some(a), Some(b)) = (t.labs.get(link.a), t.labs.get(link.b)) else { return };
    if link.a == link.b {
        return;
    }
    let Some((left, right)) = scale.span(link.starts_on, link.ends_on) else { return };
    let (key, colour, dash) = match link.kind {
        MirrorKind::Mirror => ("mirror", "#1f4e9c", None),
        MirrorKind::ThirdCountry => ("third-country", "#7b1fa2", Some("6 3")),
    };
    let top = row_top(link.a.min(link.b)) + BAR_TOP + BAR_H;
    let bottom = row_top(link.a.max(link.b)) + BAR_TOP;
    svg.open("g", &[("class", &format!("link link-{key}"))]);
    let mut title = format!("{}: {} ↔ {}, {}", link.label, a.name, b.name, dates(link.starts_on, link.ends_on));
    if let Some(reason) = link.end_reason.as_deref().filter(|r| !r.is_empty()) {
        title.extend(["\n", reason]);
    }
    svg.title(&title);
    let (x, y, w, h, fill) =
        (num(left), num(top), num(right - left), num(bottom - top), ids.url(&format!("link-{key}")));
    svg.empty("rect", &[("class", "link-band"), ("x", &x), ("y", &y), ("width", &w), ("height", &h), ("fill", &fill)]);
    let (y1, y2) = (num(top), num(bottom));
    let mut edge = |class: &str, x: f64| {
        let x = num(x);
        let mut attrs = vec![("class", class), ("x1", &*x), ("x2", &*x), ("y1", &*y1), ("y2", &*y2)];
        attrs.extend([("stroke", colour), ("stroke-width", "2.5")]);
        if let Some(dash) = dash {
            attrs.push(("stroke-dasharray", dash));
        }
        svg.empty("line", &attrs);
    };
    if scale.contains(link.starts_on) {
        edge("link-start", left);
    }
    if link.ends_on.is_some_and(|end| scale.contains(end)) {
        edge("link-end", right);
    }
    if let Some((text, _)) = fit(&link.label, right - left - 10.0, 10.0) {
        let (x, y) = (num(left + 6.0), num(top + 13.0));
        let attrs = [("class", "link-label"), ("x", &*x), ("y", &*y), ("font-size", "10"), ("fill", colour)];
        svg.text("text", &halo(&[&attrs[..], &[("font-weight", "bold")]].concat()), &text);
    }
    svg.close("g");
}

fn badge(svg: &mut Svg, n: usize, x: f64, y: f64) {
    let (cx, cy) = (num(x), num(y));
    let circle = [("class", "event-badge"), ("cx", &*cx), ("cy", &*cy), ("r", "9"), ("fill", MUTED)];
    svg.empty("circle", &circle);
    let ty = num(y + 4.0);
    let attrs = [("class", "event-number"), ("x", &*cx), ("y", &*ty), ("text-anchor", "middle"), ("font-size", "11")];
    svg.text("text", &[&attrs[..], &[("fill", "#ffffff"), ("font-weight", "bold")]].concat(), &n.to_string());
}

/// A numbered badge above the axis and a dashed line down through the rows.
fn draw_event(svg: &mut Svg, scale: &Scale, n: usize, event: &Event, badge_y: f64, bottom: f64) {
    let x = scale.x(event.on);
    svg.open("g", &[("class", "event")]);
    svg.title(&format!("{n}. {} {}: {}", event.on, event.label, event.reason));
    let (lx, y1, y2) = (num(x), num(badge_y + BADGE_R), num(bottom));
    let line = [("class", "event-line"), ("x1", &*lx), ("x2", &*lx), ("y1", &*y1), ("y2", &*y2)];
    svg.empty(
        "line",
        &[&line[..], &[("stroke", MUTED), ("stroke-width", "1.5"), ("stroke-dasharray", "2 3")]].concat(),
    );
    badge(svg, n, x, badge_y);
    svg.close("g");
}

/// `(n) date label` under the picture; the reason in its `<title>`.
fn legend_item(svg: &mut Svg, n: usize, event: &Event, y: f64) {
    svg.open("g", &[("class", "event-legend")]);
    svg.title(&format!("{} {}: {}", event.on, event.label, event.reason));
    badge(svg, n, LABEL_X + BADGE_R, y + BADGE_R);
    let line = format!("{}  {} — {}", event.on, event.label, event.reason);
    let text = fit(&line, frame::WIDTH - LABEL_X - 40.0, SMALL).map(|(s, _)| s).unwrap_or_default();
    let (x, ty) = (num(LABEL_X + 2.0 * BADGE_R + 8.0), num(y + BADGE_R + 4.0));
    svg.text("text", &[("class", "event-text"), ("x", &x), ("y", &ty), ("font-size", "11")], &text);
    svg.close("g");
}
