//! The coverage picture.

use roxmltree::Document;

use super::fixtures::{day, demo_coverage};
use super::{check_frame, child, with_class, x_of};
use crate::console::picture::frame::{PLOT_LEFT, PLOT_RIGHT};
use crate::console::picture::scale::Scale;
use crate::console::picture::*;

#[test]
fn coverage_shows_rows_gaps_and_today() {
    let input = demo_coverage();
    let svg = coverage(&input);
    let doc = Document::parse(&svg).unwrap();
    check_frame(&doc, "cov", &input.title);
    let scale = Scale::new(input.window, PLOT_LEFT, PLOT_RIGHT);
    let rows = with_class(&doc, "coverage-row");
    assert_eq!(rows.len(), 5);
    let group = |class| with_class(&doc, class).len();
    assert_eq!((group("row-overall"), group("row-side"), group("row-funder")), (1, 2, 2));
    let gap = with_class(&doc, "gap")[0];
    assert_eq!(child(gap, "gap-label").unwrap().text(), Some("gap · 547 days"));
    assert_eq!(child(gap, "gap-bar").unwrap().attribute("fill"), Some("url(#cov-hatch-gap)"));
    let covered = with_class(&doc, "covered");
    let rsf = covered[1].first_element_child().unwrap().text().unwrap();
    assert_eq!(rsf, "2020-09-01 – 2022-06-30\nRSF 20-45-08002 · 6 000 000 RUB");
    // Covered through the end of 2022-06-30.
    let bar = child(covered[1], "covered-bar").unwrap();
    let right: f64 =
        bar.attribute("x").unwrap().parse::<f64>().unwrap() + bar.attribute("width").unwrap().parse::<f64>().unwrap();
    assert!((right - scale.x(day("2022-07-01"))).abs() < 0.11);
    let today = with_class(&doc, "today-line");
    assert_eq!(today.len(), 1);
    assert_eq!(today[0].attribute("x1"), Some(&*x_of(&scale, "2024-03-01")));
    assert_eq!(with_class(&doc, "today-label")[0].text(), Some("today"));
}

#[test]
fn coverage_without_today_in_the_window_has_no_marker() {
    let mut input = demo_coverage();
    input.today = Some(Today { on: day("2030-01-01"), label: "today".into() });
    input.sides.clear();
    let doc_text = coverage(&input);
    let doc = Document::parse(&doc_text).unwrap();
    assert!(with_class(&doc, "today").is_empty());
    assert_eq!(with_class(&doc, "coverage-row").len(), 3);
    assert_eq!(with_class(&doc, "group-rule").len(), 1);
}
