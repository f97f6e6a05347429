//! Coverage on the wire: a subject's window cut into covered stretches and gaps, overall, per
//! side and per funder, with the funding records behind every covered stretch.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use crate::coverage::{self, Award, Interval, Timeline};
use crate::db::models::coverage::{CoveringFunding, Subject, SubjectKind};
use crate::domain::country::{CHINA, RUSSIA};
use crate::domain::project::FundingStatus;
use crate::error::ApiError;
use crate::text_enum;

pub const DEFAULT_HORIZON_DAYS: u32 = 180;

text_enum! {
    /// The side a funding record pays: Russia, China, or any other country.
    Side {
        Russia => "RU",
        China => "CN",
        Other => "other",
    }
}

impl Side {
    /// The side a laboratory in `country` is on.
    pub fn of(country: &str) -> Side {
        match country {
            RUSSIA => Side::Russia,
            CHINA => Side::China,
            _ => Side::Other,
        }
    }
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CoverageQuery {
    /// Where an open end stops: today plus this many days (default 180).
    #[validate(range(min = 1, max = 3650))]
    #[param(minimum = 1, maximum = 3650, example = 180)]
    pub horizon_days: Option<u32>,
    /// Start the window on this day instead of the subject's first day.
    #[param(example = "2025-01-01")]
    pub from: Option<NaiveDate>,
    /// End the window on this day instead of the subject's last day.
    #[param(example = "2027-12-31")]
    pub to: Option<NaiveDate>,
}

/// Days from `starts_on` to `ends_on`, both included.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"starts_on": "2027-01-01", "ends_on": "2027-03-31", "days": 90}))]
pub struct Span {
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub days: i64,
}

impl From<Interval> for Span {
    fn from(interval: Interval) -> Self {
        Span { starts_on: interval.start, ends_on: interval.end, days: interval.days() }
    }
}

/// A stretch of days over which the same funding covers (or nothing does: a gap).
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"starts_on": "2026-01-01", "ends_on": "2026-12-31", "days": 365, "covered": true, "funding_ids": ["01a21f73-9c00-7000-8000-000000000801"]}))]
pub struct Stretch {
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub days: i64,
    /// Whether at least one funding record covers every day of it.
    pub covered: bool,
    /// The funding records covering every day of it (empty in a gap); see `funding`.
    #[schema(value_type = Vec<uuid::Uuid>)]
    pub funding_ids: Vec<String>,
}

/// A window cut into stretches: together they are exactly the window, in order, never overlapping.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "covered_days": 365, "gap_days": 90,
    "stretches": [
        {"starts_on": "2026-01-01", "ends_on": "2026-12-31", "days": 365, "covered": true, "funding_ids": ["01a21f73-9c00-7000-8000-000000000801"]},
        {"starts_on": "2027-01-01", "ends_on": "2027-03-31", "days": 90, "covered": false, "funding_ids": []}
    ],
    "gaps": [{"starts_on": "2027-01-01", "ends_on": "2027-03-31", "days": 90}]
}))]
pub struct CoverageTimeline {
    pub covered_days: i64,
    pub gap_days: i64,
    pub stretches: Vec<Stretch>,
    /// The uncovered stretches, merged.
    pub gaps: Vec<Span>,
}

impl From<Timeline> for CoverageTimeline {
    fn from(timeline: Timeline) -> Self {
        let covered = timeline.covered.iter().map(|c| (c.interval, c.award_ids.clone()));
        let mut stretches: Vec<Stretch> = covered
            .chain(timeline.gaps.iter().map(|g| (*g, Vec::new())))
            .map(|(interval, funding_ids)| Stretch {
                starts_on: interval.start,
                ends_on: interval.end,
                days: interval.days(),
                covered: !funding_ids.is_empty(),
                funding_ids,
            })
            .collect();
        stretches.sort_by_key(|s| s.starts_on);
        CoverageTimeline {
            covered_days: timeline.covered.iter().map(|c| c.interval.days()).sum(),
            gap_days: timeline.gaps.iter().map(Interval::days).sum(),
            gaps: timeline.gaps.into_iter().map(Span::from).collect(),
            stretches,
        }
    }
}

/// One side's coverage over the whole window.
#[derive(Debug, Serialize, ToSchema)]
pub struct SideCoverage {
    pub side: Side,
    pub coverage: CoverageTimeline,
}

/// One funder's coverage over the whole window.
#[derive(Debug, Serialize, ToSchema)]
pub struct FunderCoverage {
    #[schema(format = Uuid)]
    pub funder_id: String,
    pub funder_code: String,
    /// The funder has closed: coverage resting on it is a `funder_lapsed` finding.
    pub funder_closed: bool,
    pub coverage: CoverageTimeline,
}

/// A funding record behind the coverage.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "01a21f73-9c00-7000-8000-000000000801", "project_id": "01a21f73-9c00-7000-8000-000000000701", "funder_id": "01a21f73-9c00-7000-8000-000000000003", "funder_code": "RSF", "award_number": "24-45-00012", "status": "active", "side": "RU", "lab_id": "01a21f73-9c00-7000-8000-000000000601", "starts_on": "2024-01-01", "ends_on": "2026-12-31"}))]
pub struct CoveringFundingResponse {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(format = Uuid)]
    pub project_id: String,
    #[schema(format = Uuid)]
    pub funder_id: String,
    pub funder_code: String,
    pub award_number: Option<String>,
    /// `awarded` or `active`; or `ended`, which covers the days before today only.
    pub status: FundingStatus,
    /// The country of the lab paid.
    pub side: String,
    #[schema(format = Uuid)]
    pub lab_id: Option<String>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

impl From<CoveringFunding> for CoveringFundingResponse {
    fn from(f: CoveringFunding) -> Self {
        CoveringFundingResponse {
            id: f.id,
            project_id: f.project_id,
            funder_id: f.funder_id,
            funder_code: f.funder_code,
            award_number: f.award_number,
            status: f.status,
            side: f.side,
            lab_id: f.lab_id,
            starts_on: f.starts_on,
            ends_on: f.ends_on,
        }
    }
}

/// Whose coverage this is.
#[derive(Debug, Serialize, ToSchema)]
pub struct SubjectRef {
    pub kind: SubjectKind,
    #[schema(format = Uuid)]
    pub id: String,
    pub name: String,
}

/// The coverage of a project, laboratory or centre over a window of days.
///
/// A day is **covered** when at least one funding record with status `awarded` or `active`
/// contains it (an `ended` record counts for the days before today: it covered the days it ran); a **gap** is a stretch of the window that none covers. A project's window is its
/// own period (start to end, or to today + `horizon_days` when the end is open). A laboratory's
/// or centre's window runs from the first start of its projects to the later of their last end
/// and today + `horizon_days`, and it is covered on a day when any of its projects is: so the
/// gaps ahead are the days no project of it is funded. `by_side` splits the window by the side
/// each record pays (Russia, China, other), each side from the start of its first project (one
/// with a laboratory on that side or a record paying it), so a side that joined later shows no
/// gap before it joined: a joint project covered on one side only is **one-sided** there.
/// `by_funder` splits the window by funder.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "subject": {"kind": "project", "id": "01a21f73-9c00-7000-8000-000000000701", "name": "Systemic pathology of chronic inflammation"},
    "as_of": "2026-11-28", "horizon_days": 180,
    "starts_on": "2026-01-01", "ends_on": "2027-03-31", "open_ended": false,
    "coverage": {"covered_days": 365, "gap_days": 90,
        "stretches": [
            {"starts_on": "2026-01-01", "ends_on": "2026-12-31", "days": 365, "covered": true, "funding_ids": ["01a21f73-9c00-7000-8000-000000000801"]},
            {"starts_on": "2027-01-01", "ends_on": "2027-03-31", "days": 90, "covered": false, "funding_ids": []}],
        "gaps": [{"starts_on": "2027-01-01", "ends_on": "2027-03-31", "days": 90}]},
    "by_side": [
        {"side": "RU", "coverage": {"covered_days": 365, "gap_days": 90,
            "stretches": [
                {"starts_on": "2026-01-01", "ends_on": "2026-12-31", "days": 365, "covered": true, "funding_ids": ["01a21f73-9c00-7000-8000-000000000801"]},
                {"starts_on": "2027-01-01", "ends_on": "2027-03-31", "days": 90, "covered": false, "funding_ids": []}],
            "gaps": [{"starts_on": "2027-01-01", "ends_on": "2027-03-31", "days": 90}]}},
        {"side": "CN", "coverage": {"covered_days": 0, "gap_days": 455,
            "stretches": [{"starts_on": "2026-01-01", "ends_on": "2027-03-31", "days": 455, "covered": false, "funding_ids": []}],
            "gaps": [{"starts_on": "2026-01-01", "ends_on": "2027-03-31", "days": 455}]}}],
    "by_funder": [
        {"funder_id": "01a21f73-9c00-7000-8000-000000000003", "funder_code": "RSF", "funder_closed": false,
         "coverage": {"covered_days": 365, "gap_days": 90,
            "stretches": [
                {"starts_on": "2026-01-01", "ends_on": "2026-12-31", "days": 365, "covered": true, "funding_ids": ["01a21f73-9c00-7000-8000-000000000801"]},
                {"starts_on": "2027-01-01", "ends_on": "2027-03-31", "days": 90, "covered": false, "funding_ids": []}],
            "gaps": [{"starts_on": "2027-01-01", "ends_on": "2027-03-31", "days": 90}]}}],
    "funding": [{"id": "01a21f73-9c00-7000-8000-000000000801", "project_id": "01a21f73-9c00-7000-8000-000000000701", "funder_id": "01a21f73-9c00-7000-8000-000000000003", "funder_code": "RSF", "award_number": "24-45-00012", "status": "active", "side": "RU", "lab_id": "01a21f73-9c00-7000-8000-000000000601", "starts_on": "2026-01-01", "ends_on": "2026-12-31"}],
    "project_ids": ["01a21f73-9c00-7000-8000-000000000701"]
}))]
pub struct CoverageResponse {
    pub subject: SubjectRef,
    /// Today (UTC): open ends are counted from it.
    pub as_of: NaiveDate,
    pub horizon_days: u32,
    /// The window.
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// The window ends on today + `horizon_days`: a project's end is open, or a laboratory or
    /// centre is looked at that far ahead.
    pub open_ended: bool,
    pub coverage: CoverageTimeline,
    /// Every side that a laboratory of its projects is on, or that a record pays, from that
    /// side's first project; a side whose first project starts after the window is left out.
    pub by_side: Vec<SideCoverage>,
    pub by_funder: Vec<FunderCoverage>,
    /// The records that cover days of the window, by start.
    pub funding: Vec<CoveringFundingResponse>,
    /// The projects behind it that you may read, by start.
    #[schema(value_type = Vec<uuid::Uuid>)]
    pub project_ids: Vec<String>,
}

/// The window, and whether it ends on `horizon`: the subject's own, unless `from` or `to` move
/// it; open ends stop at `horizon`.
fn window(
    subject: &Subject,
    query: &CoverageQuery,
    today: NaiveDate,
    horizon: NaiveDate,
) -> Result<(Interval, bool), ApiError> {
    let first = subject.projects.iter().map(|p| p.starts_on).min().unwrap_or(today);
    let last = subject.projects.iter().map(|p| p.ends_on.unwrap_or(horizon)).max().unwrap_or(horizon);
    let last = match subject.kind {
        SubjectKind::Project => last,
        SubjectKind::Lab | SubjectKind::Centre => last.max(horizon),
    };
    let start = query.from.unwrap_or(first);
    let end = query.to.unwrap_or(last);
    let interval = Interval::new(start, end).ok_or_else(|| {
        let field = if query.to.is_some() { "to" } else { "from" };
        ApiError::field(field, "window_reversed", format!("the window would end ({end}) before it starts ({start})"))
    })?;
    Ok((interval, query.to.is_none() && end == horizon))
}

/// The days `record` covers, seen on `today`.
fn covered_part(record: &CoveringFunding, today: NaiveDate) -> Option<Interval> {
    record.status.covered_part(Interval::new(record.starts_on, record.ends_on)?, today)
}

/// The covering days of each record, keyed by `key`.
fn awards<K>(funding: &[CoveringFunding], today: NaiveDate, key: impl Fn(&CoveringFunding) -> K) -> Vec<Award<K>> {
    let periods = funding.iter().filter_map(|f| Some((f, covered_part(f, today)?)));
    periods.map(|(f, period)| Award { id: f.id.clone(), period, key: key(f) }).collect()
}

/// The first day each side takes part in the subject: the earliest start of a project with a
/// laboratory on that side or a record paying it.
fn side_starts(subject: &Subject) -> BTreeMap<Side, NaiveDate> {
    let starts: HashMap<&str, NaiveDate> = subject.projects.iter().map(|p| (p.id.as_str(), p.starts_on)).collect();
    let labs = subject.lab_countries.iter().map(|(project, country)| (project, Side::of(country)));
    let paid = subject.funding.iter().map(|f| (&f.project_id, Side::of(&f.side)));
    let mut firsts: BTreeMap<Side, NaiveDate> = BTreeMap::new();
    for (project, side) in labs.chain(paid) {
        if let Some(&start) = starts.get(project.as_str()) {
            firsts.entry(side).and_modify(|first| *first = (*first).min(start)).or_insert(start);
        }
    }
    firsts
}

impl CoverageResponse {
    pub fn build(mut subject: Subject, query: &CoverageQuery, today: NaiveDate) -> Result<Self, ApiError> {
        let horizon_days = query.horizon_days.unwrap_or(DEFAULT_HORIZON_DAYS);
        let horizon = today.checked_add_days(Days::new(horizon_days.into())).unwrap_or(today);
        let (within, open_ended) = window(&subject, query, today, horizon)?;
        subject.funding.retain(|f| covered_part(f, today).is_some_and(|p| p.intersect(&within).is_some()));
        let funding = &subject.funding;
        let coverage = coverage::timeline(within, &awards(funding, today, |_| ())).into();

        let paid = awards(funding, today, |f| Side::of(&f.side));
        let by_side = side_starts(&subject)
            .into_iter()
            .filter_map(|(side, first)| {
                let part = Interval::new(first.max(within.start), within.end)?;
                let awards: Vec<Award<Side>> = paid.iter().filter(|a| a.key == side).cloned().collect();
                Some(SideCoverage { side, coverage: coverage::timeline(part, &awards).into() })
            })
            .collect();

        let funders: BTreeSet<(String, String, bool)> =
            subject.funding.iter().map(|f| (f.funder_id.clone(), f.funder_code.clone(), f.funder_closed)).collect();
        let mut per_funder = coverage::timelines_by(within, &awards(funding, today, |f| f.funder_id.clone()));
        let by_funder = funders
            .into_iter()
            .filter_map(|(funder_id, funder_code, funder_closed)| {
                let timeline = per_funder.remove(&funder_id)?;
                Some(FunderCoverage { funder_id, funder_code, funder_closed, coverage: timeline.into() })
            })
            .collect();

        Ok(CoverageResponse {
            subject: SubjectRef { kind: subject.kind, id: subject.id, name: subject.name },
            as_of: today,
            horizon_days,
            starts_on: within.start,
            ends_on: within.end,
            open_ended,
            coverage,
            by_side,
            by_funder,
            project_ids: subject.projects.into_iter().map(|p| p.id).collect(),
            funding: subject.funding.into_iter().map(CoveringFundingResponse::from).collect(),
        })
    }
}
