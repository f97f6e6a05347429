//! The demo centre and a demo coverage picture, as the console would build them.

use chrono::NaiveDate;

use super::super::*;
use crate::coverage::Interval;
use crate::domain::lab::{LabStatus, MirrorKind};

pub fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

pub fn days(from: &str, to: &str) -> Interval {
    Interval::new(day(from), day(to)).unwrap()
}

pub const FUNDING_ENDED: &str = "Targeted funding ended; the laboratory's staff joined the remaining pair";

pub fn period(from: &str, to: Option<&str>, status: LabStatus, reason: &str) -> StatusPeriod {
    let label = status.as_str().to_string();
    StatusPeriod { from: day(from), to: to.map(day), status, label, reason: reason.into() }
}

/// The demo centre: three RU–CN pairs from 2020-09-01; two pairs' links end 2022-12-31 and
/// their labs close from 2023-01-01; a third-country site in Almaty (KZ) is linked to the
/// remaining Chinese lab from 2023-03-01. Rows: each pair together, the KZ site beside its
/// partner.
pub fn demo_centre() -> CentreTimeline {
    let founded = "2020-09-01";
    let lab = |name: &str, country: &str, closes: bool| LabRow {
        name: name.into(),
        country: country.into(),
        periods: if closes {
            vec![
                period(founded, Some("2022-12-31"), LabStatus::Active, "Founding agreement"),
                period("2023-01-01", None, LabStatus::Closed, FUNDING_ENDED),
            ]
        } else {
            vec![period(founded, None, LabStatus::Active, "Founding agreement")]
        },
    };
    let labs = vec![
        lab("Laboratory of inflammation and immunopathology (Chelyabinsk)", "RU", false),
        lab("炎症与免疫病理实验室 (Wuhan)", "CN", false),
        lab("Inflammation and immunopathology (Almaty)", "KZ", false),
        lab("Laboratory of metabolic pathology", "RU", true),
        lab("代谢病理实验室", "CN", true),
        lab("Laboratory of oncopathology", "RU", true),
        lab("肿瘤病理实验室", "CN", true),
    ];
    let mut labs = labs;
    labs[2].periods = vec![period("2023-03-01", None, LabStatus::Active, "Third-country site opened")];
    let link = |a, b, kind: MirrorKind, from: &str, to: Option<&str>| LinkBar {
        a,
        b,
        kind,
        label: if kind == MirrorKind::Mirror { "mirror".into() } else { "third country".into() },
        starts_on: day(from),
        ends_on: to.map(day),
        end_reason: to.map(|_| FUNDING_ENDED.into()),
    };
    let links = vec![
        link(0, 1, MirrorKind::Mirror, founded, None),
        link(3, 4, MirrorKind::Mirror, founded, Some("2022-12-31")),
        link(5, 6, MirrorKind::Mirror, founded, Some("2022-12-31")),
        link(1, 2, MirrorKind::ThirdCountry, "2023-03-01", None),
    ];
    let covered = |from, to, award: &str| Covered { days: days(from, to), details: vec![award.into()] };
    let gap = |from, to, label: &str| Gap { days: days(from, to), label: label.into(), details: vec![] };
    let sides = vec![
        CoverageRow {
            label: "RU".into(),
            covered: vec![
                covered(founded, "2022-12-31", "RSF 20-45-08001 · 18 000 000 RUB"),
                covered("2023-03-01", "2025-12-31", "RSF 23-45-00012 · 15 000 000 RUB"),
            ],
            gaps: vec![
                gap("2023-01-01", "2023-02-28", "gap · 59 days"),
                gap("2026-01-01", "2026-12-31", "gap · 365 days"),
            ],
        },
        CoverageRow {
            label: "CN".into(),
            covered: vec![covered(founded, "2026-12-31", "NSFC 82061138001 · 3 000 000 CNY")],
            gaps: vec![],
        },
        CoverageRow {
            label: "other".into(),
            covered: vec![covered("2023-03-01", "2025-06-30", "KazNU grant AP19680001 · 40 000 000 KZT")],
            gaps: vec![gap("2025-07-01", "2026-12-31", "gap · 549 days")],
        },
    ];
    let events = vec![
        Event { on: day(founded), label: "3 mirror pairs founded".into(), reason: "Founding agreement".into() },
        Event { on: day("2023-01-01"), label: "2 mirror links ended".into(), reason: FUNDING_ENDED.into() },
        Event {
            on: day("2023-03-01"),
            label: "Third-country site (KZ)".into(),
            reason: "Placed in Almaty to reduce sanctions risk".into(),
        },
    ];
    CentreTimeline {
        id_prefix: "demo".into(),
        title: "Joint Russian–Chinese Center for Systemic Pathology".into(),
        description: "Three mirror pairs from 2020; two closed after targeted funding ended in 2022; \
                      a third-country site in Almaty from March 2023."
            .into(),
        window: days("2020-01-01", "2026-12-31"),
        labs,
        links,
        coverage_heading: "Funding coverage".into(),
        sides,
        events,
        today: Some(Today { on: day("2026-03-15"), label: "today".into() }),
    }
}

pub fn demo_coverage() -> Coverage {
    let covered = |from, to, award: &str| Covered { days: days(from, to), details: vec![award.into()] };
    let gap = |from, to, label: &str| Gap { days: days(from, to), label: label.into(), details: vec![] };
    let row = |label: &str, covered, gaps| CoverageRow { label: label.into(), covered, gaps };
    Coverage {
        id_prefix: "cov".into(),
        title: "Coverage: metabolic pathology".into(),
        description: "The Russian side covered until 2022-06-30, the Chinese until 2022-12-31; a gap since.".into(),
        window: days("2020-09-01", "2024-06-30"),
        today: Some(Today { on: day("2024-03-01"), label: "today".into() }),
        overall: row(
            "Overall",
            vec![covered("2020-09-01", "2022-12-31", "RSF 20-45-08002; NSFC 82061138002")],
            vec![gap("2023-01-01", "2024-06-30", "gap · 547 days")],
        ),
        sides: vec![
            row(
                "RU",
                vec![covered("2020-09-01", "2022-06-30", "RSF 20-45-08002 · 6 000 000 RUB")],
                vec![gap("2022-07-01", "2024-06-30", "gap · 731 days")],
            ),
            row(
                "CN",
                vec![covered("2020-09-01", "2022-12-31", "NSFC 82061138002 · 2 000 000 CNY")],
                vec![gap("2023-01-01", "2024-06-30", "gap · 547 days")],
            ),
        ],
        funders: vec![
            row("RSF", vec![covered("2020-09-01", "2022-06-30", "RSF 20-45-08002 · 6 000 000 RUB")], vec![]),
            row("NSFC", vec![covered("2020-09-01", "2022-12-31", "NSFC 82061138002 · 2 000 000 CNY")], vec![]),
        ],
    }
}
