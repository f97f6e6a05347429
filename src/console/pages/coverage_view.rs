//! A coverage answer (`GET …/coverage`, the same `CoverageResponse`) as the record pages show
//! it: the picture's rows, with every word translated, and the same data as table rows.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::naming;
use crate::console::picture::{self, CoverageRow, Covered, Gap, Today};
use crate::coverage::Interval;
use crate::i18n::Texts;
use crate::routes::coverage::wire::{CoverageResponse, CoverageTimeline, Side, Stretch};

/// The picture (an inline SVG document) and the table beneath it.
pub struct CoverageView {
    pub svg: String,
    pub caption: String,
    pub table_caption: String,
    pub rows: Vec<CoverageTableRow>,
    /// No readable project stands behind the coverage: the page says so instead.
    pub empty: bool,
}

/// One row of the coverage table: overall, a side, or a funder.
pub struct CoverageTableRow {
    pub label: String,
    pub covered_days: String,
    /// Covered periods, adjacent stretches merged.
    pub covered: Vec<String>,
    pub gaps: Vec<String>,
}

/// The picture and table of `coverage`, titled after `name`; `id_prefix` keeps the picture's ids
/// apart from any other picture on the page.
pub fn view(texts: &Texts, coverage: &CoverageResponse, name: &str, id_prefix: &str) -> CoverageView {
    let details = funding_details(coverage);
    let overall_label = texts.text("records-coverage-overall");
    let sides: Vec<(String, &CoverageTimeline)> =
        coverage.by_side.iter().map(|s| (texts.label(s.side), &s.coverage)).collect();
    let funders: Vec<(String, &CoverageTimeline)> = coverage
        .by_funder
        .iter()
        .map(|f| (funder_label(texts, &f.funder_code, f.funder_closed), &f.coverage))
        .collect();
    let row = |(label, timeline): &(String, &CoverageTimeline)| picture_row(texts, label, timeline, &details);
    let title = texts.text_with("records-coverage-title", &[("name", name.into())]);
    let summary = summary(texts, coverage);
    let svg = match Interval::new(coverage.starts_on, coverage.ends_on) {
        Some(window) => picture::coverage(&picture::Coverage {
            id_prefix: id_prefix.to_owned(),
            title: title.clone(),
            description: summary.clone(),
            window,
            today: Some(today(texts, coverage.as_of)),
            overall: row(&(overall_label.clone(), &coverage.coverage)),
            sides: sides.iter().map(row).collect(),
            funders: funders.iter().map(row).collect(),
        }),
        None => String::new(),
    };
    let mut rows = vec![table_row(texts, overall_label, &coverage.coverage)];
    rows.extend(sides.into_iter().chain(funders).map(|(label, timeline)| table_row(texts, label, timeline)));
    CoverageView {
        svg,
        caption: format!("{title}. {summary}"),
        table_caption: texts.text("records-coverage-caption"),
        rows,
        empty: coverage.project_ids.is_empty(),
    }
}

/// The per-side rows of `coverage`, for a centre's timeline.
pub fn side_rows(texts: &Texts, coverage: &CoverageResponse) -> Vec<CoverageRow> {
    let details = funding_details(coverage);
    coverage.by_side.iter().map(|s| picture_row(texts, &texts.label(s.side), &s.coverage, &details)).collect()
}

/// The per-side table rows of `coverage`, for a centre's timeline.
pub fn side_table(texts: &Texts, coverage: &CoverageResponse) -> Vec<CoverageTableRow> {
    let mut rows = vec![table_row(texts, texts.text("records-coverage-overall"), &coverage.coverage)];
    rows.extend(coverage.by_side.iter().map(|s| table_row(texts, texts.label(s.side), &s.coverage)));
    rows
}

/// "From 1 Sep 2020 to 31 Dec 2027: 2,000 days covered, 59 days in gaps."
pub fn summary(texts: &Texts, coverage: &CoverageResponse) -> String {
    let (from, to) = (texts.date(coverage.starts_on), texts.date(coverage.ends_on));
    texts.text_with(
        "records-coverage-summary",
        &[
            ("from", (&from).into()),
            ("to", (&to).into()),
            ("covered", coverage.coverage.covered_days.into()),
            ("gaps", coverage.coverage.gap_days.into()),
        ],
    )
}

pub fn today(texts: &Texts, on: NaiveDate) -> Today {
    Today { on, label: texts.text("days-today") }
}

/// A side's label for a funding record paying `country` (its code beside "other countries").
pub fn side_label(texts: &Texts, country: &str) -> String {
    match Side::of(country) {
        Side::Other => format!("{} ({country})", texts.label(Side::Other)),
        side => texts.label(side),
    }
}

fn funder_label(texts: &Texts, code: &str, closed: bool) -> String {
    if closed { texts.text_with("records-funder-closed", &[("code", code.into())]) } else { code.to_owned() }
}

/// "RSF 20-45-08001" for each funding record behind the coverage, by id.
fn funding_details(coverage: &CoverageResponse) -> HashMap<&str, String> {
    coverage
        .funding
        .iter()
        .map(|f| {
            let text = match &f.award_number {
                Some(number) => format!("{} {number}", f.funder_code),
                None => f.funder_code.clone(),
            };
            (f.id.as_str(), text)
        })
        .collect()
}

fn picture_row(
    texts: &Texts,
    label: &str,
    timeline: &CoverageTimeline,
    details: &HashMap<&str, String>,
) -> CoverageRow {
    let covered = timeline
        .stretches
        .iter()
        .filter(|s| s.covered)
        .filter_map(|s| {
            let days = Interval::new(s.starts_on, s.ends_on)?;
            let details = s.funding_ids.iter().filter_map(|id| details.get(id.as_str()).cloned()).collect();
            Some(Covered { days, details })
        })
        .collect();
    let gaps = timeline
        .gaps
        .iter()
        .filter_map(|g| {
            let days = Interval::new(g.starts_on, g.ends_on)?;
            let label = texts.text_with("records-gap-label", &[("days", g.days.into())]);
            Some(Gap { days, label, details: Vec::new() })
        })
        .collect();
    CoverageRow { label: label.to_owned(), covered, gaps }
}

fn table_row(texts: &Texts, label: String, timeline: &CoverageTimeline) -> CoverageTableRow {
    let covered = merged(&timeline.stretches).into_iter().map(|(from, to)| naming::period(texts, from, Some(to)));
    let gaps = timeline.gaps.iter().map(|g| {
        let period = naming::period(texts, g.starts_on, Some(g.ends_on));
        texts.text_with("records-gap-period", &[("period", (&period).into()), ("days", g.days.into())])
    });
    CoverageTableRow {
        label,
        covered_days: texts.number(timeline.covered_days),
        covered: covered.collect(),
        gaps: gaps.collect(),
    }
}

/// The covered stretches as periods, those that follow each other merged.
fn merged(stretches: &[Stretch]) -> Vec<(NaiveDate, NaiveDate)> {
    let mut periods: Vec<(NaiveDate, NaiveDate)> = Vec::new();
    for s in stretches.iter().filter(|s| s.covered) {
        match periods.last_mut() {
            Some((_, end)) if end.succ_opt() == Some(s.starts_on) => *end = s.ends_on,
            _ => periods.push((s.starts_on, s.ends_on)),
        }
    }
    periods
}
