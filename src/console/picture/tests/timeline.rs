//! The centre timeline.

use roxmltree::Document;

use super::fixtures::{FUNDING_ENDED, day, demo_centre, demo_coverage, period};
use super::{check_frame, child, with_class, x_of};
use crate::console::picture::frame::{PLOT_LEFT, PLOT_RIGHT};
use crate::console::picture::scale::Scale;
use crate::console::picture::*;
use crate::domain::lab::LabStatus;

#[test]
fn the_demo_centre_reads_at_a_glance() {
    let input = demo_centre();
    let svg = centre_timeline(&input);
    if let Ok(dir) = std::env::var("PICTURE_DEMO_OUT") {
        std::fs::write(format!("{dir}/demo-centre.svg"), &svg).unwrap();
        std::fs::write(format!("{dir}/demo-coverage.svg"), coverage(&demo_coverage())).unwrap();
    }
    let doc = Document::parse(&svg).unwrap();
    check_frame(&doc, "demo", &input.title);
    let scale = Scale::new(input.window, PLOT_LEFT, PLOT_RIGHT);

    // Seven lab rows: the six of the three RU–CN pairs and the Almaty site.
    let rows = with_class(&doc, "lab-row");
    let countries: Vec<&str> = rows.iter().filter_map(|r| r.attribute("data-country")).collect();
    assert_eq!(countries, ["RU", "CN", "KZ", "RU", "CN", "RU", "CN"]);
    assert_eq!(countries.iter().filter(|c| matches!(**c, "RU" | "CN")).count(), 6);

    // Three mirror connectors; two end where 2023-01-01 begins (the day after their last day).
    let mirrors = with_class(&doc, "link-mirror");
    assert_eq!(mirrors.len(), 3);
    let ends: Vec<&str> = mirrors.iter().filter_map(|m| child(*m, "link-end")?.attribute("x1")).collect();
    assert_eq!(ends, [x_of(&scale, "2023-01-01"), x_of(&scale, "2023-01-01")]);
    assert_ne!(x_of(&scale, "2023-01-01"), x_of(&scale, "2022-12-31"));
    for mirror in &mirrors {
        assert_eq!(child(*mirror, "link-start").unwrap().attribute("x1"), Some(&*x_of(&scale, "2020-09-01")));
        assert_eq!(child(*mirror, "link-label").unwrap().text(), Some("mirror"));
        assert!(mirror.children().any(|c| c.has_tag_name("title")));
    }
    // One third-country connector, dashed and named, from 2023-03-01 and still in force.
    let [third] = with_class(&doc, "link-third-country")[..] else { panic!("one third-country link") };
    let start = child(third, "link-start").unwrap();
    assert_eq!(start.attribute("x1"), Some(&*x_of(&scale, "2023-03-01")));
    assert!(start.attribute("stroke-dasharray").is_some());
    assert!(child(third, "link-end").is_none());
    assert_eq!(child(third, "link-label").unwrap().text(), Some("third country"));

    // Four closed periods from 2023-01-01, cross-hatched (not told by colour alone) and named.
    let closed = with_class(&doc, "status-closed");
    assert_eq!(closed.len(), 4);
    for period in &closed {
        let bar = child(*period, "status-bar").unwrap();
        assert_eq!(bar.attribute("fill"), Some("url(#demo-hatch-closed)"));
        assert_eq!(bar.attribute("x"), Some(&*x_of(&scale, "2023-01-01")));
        assert_eq!(child(*period, "status-label").unwrap().text(), Some("closed"));
        let title = period.first_element_child().unwrap();
        assert!(title.has_tag_name("title") && title.text().unwrap().contains(FUNDING_ENDED));
    }
    assert_eq!(with_class(&doc, "status-active").len(), 7);

    // Gaps hatched and labelled in text.
    let gaps = with_class(&doc, "gap");
    assert_eq!(gaps.len(), 3);
    let first = gaps[0];
    assert_eq!(child(first, "gap-bar").unwrap().attribute("fill"), Some("url(#demo-hatch-gap)"));
    assert_eq!(child(first, "gap-label").unwrap().text(), Some("gap · 59 days"));
    assert!(first.first_element_child().unwrap().text().unwrap().contains("2023-01-01 – 2023-02-28"));
    assert!(doc.descendants().any(|n| n.has_tag_name("pattern") && n.attribute("id") == Some("demo-hatch-gap")));

    // Events numbered in date order, with a line at each date and a legend.
    let events = with_class(&doc, "event");
    assert_eq!(events.len(), 3);
    assert_eq!(child(events[1], "event-line").unwrap().attribute("x1"), Some(&*x_of(&scale, "2023-01-01")));
    assert_eq!(child(events[1], "event-number").unwrap().text(), Some("2"));
    assert_eq!(with_class(&doc, "event-legend").len(), 3);
    assert_eq!(with_class(&doc, "today").len(), 1);

    // A year axis: one label per year of the window.
    let years: Vec<&str> = with_class(&doc, "axis-label").iter().filter_map(|n| n.text()).collect();
    assert_eq!(years, ["2020", "2021", "2022", "2023", "2024", "2025", "2026"]);
}

#[test]
fn words_are_escaped_and_long_names_cut_with_the_full_name_kept() {
    let mut input = demo_centre();
    input.title = r#"<script>alert("x")</script> & 'co'"#.into();
    input.labs[0].name = r#"A&B <"Lab"> of very long and descriptive name, Chelyabinsk"#.into();
    let svg = centre_timeline(&input);
    assert!(!svg.contains("<script>"));
    let doc = Document::parse(&svg).unwrap();
    check_frame(&doc, "demo", &input.title);
    let label = with_class(&doc, "row-label")[0];
    let shown = child(label, "lab-name").unwrap().text().unwrap();
    assert!(shown.starts_with("A&B <\"Lab\">") && shown.ends_with('…'), "{shown}");
    assert_eq!(label.first_element_child().unwrap().text(), Some(&*format!("{} (RU)", input.labs[0].name)));
}

#[test]
fn two_pictures_on_one_page_share_no_id() {
    let a = centre_timeline(&demo_centre());
    let mut other = demo_centre();
    other.id_prefix = "second centre".into();
    let b = centre_timeline(&other);
    let (a, b) = (Document::parse(&a).unwrap(), Document::parse(&b).unwrap());
    check_frame(&b, "second-centre", &other.title);
    let ids_b: Vec<&str> = b.descendants().filter_map(|n| n.attribute("id")).collect();
    assert!(a.descendants().filter_map(|n| n.attribute("id")).all(|id| !ids_b.contains(&id)));
}

#[test]
fn a_link_between_distant_rows_spans_between_their_bars_and_bad_rows_are_skipped() {
    let mut input = demo_centre();
    input.links = vec![input.links[0].clone(), input.links[0].clone(), input.links[0].clone()];
    (input.links[0].a, input.links[0].b) = (6, 0);
    (input.links[1].a, input.links[1].b) = (0, 7);
    (input.links[2].a, input.links[2].b) = (2, 2);
    let doc_text = centre_timeline(&input);
    let doc = Document::parse(&doc_text).unwrap();
    let [link] = with_class(&doc, "link")[..] else { panic!("only the valid link is drawn") };
    let bars: Vec<f64> = with_class(&doc, "lab-row")
        .iter()
        .map(|r| child(*r, "status-bar").unwrap().attribute("y").unwrap().parse().unwrap())
        .collect();
    let band = child(link, "link-band").unwrap();
    let y: f64 = band.attribute("y").unwrap().parse().unwrap();
    let h: f64 = band.attribute("height").unwrap().parse().unwrap();
    assert_eq!(y, bars[0] + 20.0);
    assert_eq!(y + h, bars[6]);
}

#[test]
fn the_picture_grows_with_its_rows() {
    let height = |t: &CentreTimeline| -> f64 {
        let svg = centre_timeline(t);
        Document::parse(&svg).unwrap().root_element().attribute("height").unwrap().parse().unwrap()
    };
    let mut input = demo_centre();
    let full = height(&input);
    input.labs.truncate(2);
    input.links.truncate(1);
    assert!(height(&input) < full);
    assert!(centre_timeline(&input).contains("viewBox=\"0 0 960 "));
}

#[test]
fn every_status_is_named_and_textured_however_short() {
    let mut input = demo_centre();
    input.labs[0].periods = vec![
        period("2020-01-01", Some("2020-08-31"), LabStatus::Planned, "Agreement signed"),
        period("2020-09-01", Some("2021-05-31"), LabStatus::Active, ""),
        period("2021-06-01", Some("2021-06-10"), LabStatus::Suspended, "Equipment move"),
        period("2021-06-11", None, LabStatus::Active, ""),
    ];
    let svg = centre_timeline(&input);
    if let Ok(dir) = std::env::var("PICTURE_DEMO_OUT") {
        std::fs::write(format!("{dir}/demo-statuses.svg"), &svg).unwrap();
    }
    let doc = Document::parse(&svg).unwrap();
    let row = with_class(&doc, "lab-row")[0];
    let planned = child(row, "status-planned").unwrap();
    let bar = child(planned, "status-bar").unwrap();
    assert_eq!((bar.attribute("fill"), bar.attribute("stroke-dasharray")), (Some("#ffffff"), Some("5 3")));
    assert_eq!(child(planned, "status-label").unwrap().text(), Some("planned"));
    // Ten days are too narrow to name inside and hemmed in on both sides: named under the bar.
    let suspended = child(row, "status-suspended").unwrap();
    let bar = child(suspended, "status-bar").unwrap();
    assert_eq!(bar.attribute("fill"), Some("url(#demo-dots-suspended)"));
    let label = child(suspended, "status-label").unwrap();
    assert_eq!(label.text(), Some("suspended"));
    let (bar_y, label_y): (f64, f64) =
        (bar.attribute("y").unwrap().parse().unwrap(), label.attribute("y").unwrap().parse().unwrap());
    assert!(label_y > bar_y + 20.0);
    assert!(
        suspended.first_element_child().unwrap().text().unwrap().contains("2021-06-01 – 2021-06-10\nEquipment move")
    );
}

#[test]
fn an_empty_centre_on_a_one_day_window_is_still_a_picture() {
    let mut input = demo_centre();
    input.window = crate::coverage::Interval::new(day("2024-02-29"), day("2024-02-29")).unwrap();
    (input.labs, input.links, input.sides, input.events, input.coverage_heading) =
        (vec![], vec![], vec![], vec![], String::new());
    let svg = centre_timeline(&input);
    let doc = Document::parse(&svg).unwrap();
    check_frame(&doc, "demo", &input.title);
    assert!(with_class(&doc, "lab-row").is_empty());
    // The one day fills the plot, and its year is named.
    let years: Vec<&str> = with_class(&doc, "axis-label").iter().filter_map(|n| n.text()).collect();
    assert_eq!(years, ["2024"]);
}
