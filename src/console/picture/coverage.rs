//! Funding coverage of one laboratory or project: overall, per side and per funder, each row
//! with its covered stretches and its labelled gaps, and a line at today.

use super::frame::{self, CoverageLayout, Ids, PLOT_LEFT, PLOT_RIGHT, RULE};
use super::scale::Scale;
use super::svg::{Svg, num};
use super::{CoverageRow, Today};
use crate::coverage::Interval;

/// Everything the coverage picture shows, with every visible word already translated.
#[derive(Debug, Clone)]
pub struct Coverage {
    /// Makes the picture's ids unique on a page (sanitised to `[A-Za-z0-9_-]`).
    pub id_prefix: String,
    pub title: String,
    pub description: String,
    /// The days shown, both ends included.
    pub window: Interval,
    pub today: Option<Today>,
    /// Covered by any funding.
    pub overall: CoverageRow,
    /// One row per side ("RU", "CN", "other").
    pub sides: Vec<CoverageRow>,
    /// One row per funder ("RSF", "NSFC").
    pub funders: Vec<CoverageRow>,
}

/// Space between the groups of rows, where a rule separates them.
const GROUP_GAP: f64 = 8.0;

/// The coverage picture as a self-contained SVG document.
pub fn coverage(c: &Coverage) -> String {
    let ids = Ids::new(&c.id_prefix);
    let scale = Scale::new(c.window, PLOT_LEFT, PLOT_RIGHT);
    let groups: Vec<(&str, Vec<CoverageLayout>)> = [
        ("row-overall", std::slice::from_ref(&c.overall)),
        ("row-side", c.sides.as_slice()),
        ("row-funder", c.funders.as_slice()),
    ]
    .into_iter()
    .filter(|(_, rows)| !rows.is_empty())
    .map(|(class, rows)| (class, rows.iter().map(|row| CoverageLayout::new(&scale, row)).collect()))
    .collect();

    let axis_y = frame::TOP + 22.0;
    let rows_top = axis_y + 8.0;
    let rows_height: f64 = groups.iter().flat_map(|(_, rows)| rows.iter().map(CoverageLayout::height)).sum();
    let plot_bottom = rows_top + rows_height + groups.len().saturating_sub(1) as f64 * GROUP_GAP;
    let today_shown = c.today.as_ref().is_some_and(|today| scale.contains(today.on));
    let height = plot_bottom + if today_shown { 18.0 } else { 0.0 } + frame::BOTTOM;

    let mut svg = Svg::default();
    frame::open(&mut svg, &ids, "picture-coverage", height, &c.title, &c.description);
    frame::axis(&mut svg, &scale, axis_y - 8.0, axis_y, plot_bottom);
    let mut y = rows_top;
    for (g, (class, rows)) in groups.iter().enumerate() {
        if g > 0 {
            let (x1, x2, ry) = (num(frame::LABEL_X), num(PLOT_RIGHT), num(y - 1.0));
            let rule = [("class", "group-rule"), ("x1", &x1), ("x2", &x2), ("y1", &ry), ("y2", &ry), ("stroke", RULE)];
            svg.empty("line", &rule);
            y += GROUP_GAP;
        }
        for row in rows {
            row.draw(&mut svg, &ids, &scale, y, class);
            y += row.height();
        }
    }
    if let Some(today) = &c.today {
        frame::today(&mut svg, &scale, today, axis_y, plot_bottom, plot_bottom + 14.0);
    }
    svg.close("svg");
    svg.finish()
}
