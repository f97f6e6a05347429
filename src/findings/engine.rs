//! The open findings of a registry, computed in one pass over projects and their funding sorted
//! by project: no query per project. Pure: the caller loads the inputs and filters the output.
//!
//! The words are those of docs/DOMAIN.md ("Funding continuity: the words"):
//! - `gap`: days inside a project's own period (start..end, or start..today+horizon when the end
//!   is open) that no funding covers: `awarded` or `active`, or `ended` for the days before
//!   today (see `FundingStatus::covered_part`);
//! - `expiring`: coverage running today that ends within the horizon with nothing lined up after;
//! - `one_sided`: in a project with laboratories in Russia and in China, days where one side's
//!   funding covers it and the other's does not;
//! - `funder_lapsed`: coverage from today on that rests on a funder that has closed;
//! - `lab_at_risk` / `centre_at_risk`: an active laboratory (or centre) none of whose active
//!   projects is covered on every day of the next 90.
//!
//! A finding is open while its stretch has not ended; it bites on its first day (`bites_on`).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::{Days, NaiveDate};

use crate::coverage::{self, Award, Interval};
use crate::domain::country::{CHINA, RUSSIA};
use crate::text_enum;

/// Days ahead that make a laboratory or centre at risk when nothing covers them.
pub const AT_RISK_DAYS: u64 = 90;

text_enum! {
    FindingKind {
        Gap => "gap",
        Expiring => "expiring",
        OneSided => "one_sided",
        FunderLapsed => "funder_lapsed",
        LabAtRisk => "lab_at_risk",
        CentreAtRisk => "centre_at_risk",
    }
}

#[derive(Debug, Clone)]
pub struct ProjectInput {
    pub id: String,
    pub title: String,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    /// Planned, active or suspended: completed and cancelled projects need no funding.
    pub running: bool,
    /// Active (status `active`): what keeps a lab or centre from being at risk.
    pub active: bool,
    /// The countries of its laboratories.
    pub sides: BTreeSet<String>,
    pub lab_ids: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct FundingInput {
    pub id: String,
    pub project_id: String,
    pub funder_id: String,
    pub funder_code: String,
    /// The funder has closed; `successor_code` names who took its role, if anyone.
    pub funder_closed: bool,
    pub successor_code: Option<String>,
    pub side: String,
    pub period: Interval,
}

#[derive(Debug, Clone)]
pub struct LabInput {
    pub id: String,
    pub name: String,
    pub centre_id: Option<String>,
    /// Its status in effect today is `active`.
    pub active: bool,
}

#[derive(Debug, Clone)]
pub struct CentreInput {
    pub id: String,
    pub name: String,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Stable while the situation lasts: reviews are attached to it.
    pub key: String,
    pub kind: FindingKind,
    pub explanation: String,
    /// The stretch it is about (lab and centre findings: the next 90 days).
    pub interval: Interval,
    /// The first day it bites: today when it already does.
    pub bites_on: NaiveDate,
    pub project_id: Option<String>,
    pub lab_id: Option<String>,
    pub centre_id: Option<String>,
    pub funding_ids: Vec<String>,
    pub funder_ids: Vec<String>,
    /// The side that is uncovered (one-sided findings).
    pub side: Option<String>,
}

fn plus(day: NaiveDate, days: u64) -> NaiveDate {
    day.checked_add_days(Days::new(days)).unwrap_or(day)
}

/// Everything open on `today`, looking `horizon_days` ahead, most urgent first. `funding` holds
/// only funding that covers, each with the days it covers (see `FundingStatus::covered_part`).
/// For inputs in memory; the registry itself is scanned as it streams (`findings::scan`).
pub fn find(
    today: NaiveDate,
    horizon_days: u64,
    projects: &[ProjectInput],
    funding: &[FundingInput],
    labs: &[LabInput],
    centres: &[CentreInput],
) -> Vec<Finding> {
    let mut by_project: HashMap<&str, Vec<FundingInput>> = HashMap::new();
    for record in funding {
        by_project.entry(record.project_id.as_str()).or_default().push(record.clone());
    }
    let mut findings = Vec::new();
    let mut scan = Scan::new(today, horizon_days);
    for project in projects {
        let records = by_project.get(project.id.as_str()).map(Vec::as_slice).unwrap_or_default();
        scan.project(project, records, &mut |f| findings.push(f));
    }
    scan.finish(labs, centres, &mut |f| findings.push(f));
    findings.sort_by(by_urgency);
    findings
}

/// The order findings are listed in: the first to bite first, then by key.
pub fn by_urgency(a: &Finding, b: &Finding) -> std::cmp::Ordering {
    a.bites_on.cmp(&b.bites_on).then_with(|| a.key.cmp(&b.key))
}

/// The engine over one project at a time, so a registry's funding never has to be held at once:
/// each project's findings come out as it is fed; lab and centre findings, which depend on every
/// project, at the end.
pub struct Scan {
    today: NaiveDate,
    horizon: NaiveDate,
    /// The next 90 days: a lab is safe when an active project of it is covered on all of them.
    next_days: Interval,
    secured_labs: HashSet<String>,
}

impl Scan {
    pub fn new(today: NaiveDate, horizon_days: u64) -> Self {
        Scan {
            today,
            horizon: plus(today, horizon_days),
            next_days: Interval { start: today, end: plus(today, AT_RISK_DAYS) },
            secured_labs: HashSet::new(),
        }
    }

    /// One project with all of its covering funding (`records`, in any order).
    pub fn project(&mut self, project: &ProjectInput, records: &[FundingInput], out: &mut impl FnMut(Finding)) {
        if !project.running {
            return;
        }
        let end = project.ends_on.unwrap_or(self.horizon);
        let Some(period) = Interval::new(project.starts_on, end) else { return };
        let awards: Vec<Award<String>> =
            records.iter().map(|r| Award { id: r.id.clone(), period: r.period, key: r.side.clone() }).collect();
        let timeline = coverage::timeline(period, &awards);
        project_findings(project, records, &awards, &timeline, self.today, self.horizon, out);
        if project.active && covers_all(&timeline, period, self.next_days) {
            self.secured_labs.extend(project.lab_ids.iter().cloned());
        }
    }

    /// The labs and centres at risk, once every project has been fed.
    pub fn finish(self, labs: &[LabInput], centres: &[CentreInput], out: &mut impl FnMut(Finding)) {
        at_risk(&self.secured_labs, labs, centres, self.next_days, out);
    }
}

/// Whether every day of `window` inside the project's `period` is covered.
fn covers_all(timeline: &coverage::Timeline, period: Interval, window: Interval) -> bool {
    match period.intersect(&window) {
        Some(needed) => !timeline.gaps.iter().any(|g| g.intersect(&needed).is_some()),
        None => false,
    }
}

fn open(interval: Interval, today: NaiveDate, horizon: NaiveDate) -> bool {
    interval.end >= today && interval.start <= horizon
}

fn project_findings(
    project: &ProjectInput,
    records: &[FundingInput],
    awards: &[Award<String>],
    timeline: &coverage::Timeline,
    today: NaiveDate,
    horizon: NaiveDate,
    out: &mut impl FnMut(Finding),
) {
    let base = |kind: FindingKind, key: String, interval: Interval, explanation: String| Finding {
        key,
        kind,
        explanation,
        interval,
        bites_on: interval.start.max(today),
        project_id: Some(project.id.clone()),
        lab_id: None,
        centre_id: None,
        funding_ids: Vec::new(),
        funder_ids: Vec::new(),
        side: None,
    };
    for gap in timeline.gaps.iter().filter(|g| open(**g, today, horizon)) {
        let explanation = format!(
            "No funding covers project “{}” from {} to {} ({} days).",
            project.title,
            gap.start,
            gap.end,
            gap.days()
        );
        out(base(FindingKind::Gap, format!("gap:{}:{}", project.id, gap.start), *gap, explanation));
    }
    let covered = timeline.covered_days();
    if let Some(last) = coverage::expiring(&covered, today, (horizon - today).num_days().max(0) as u64) {
        let ending: Vec<&FundingInput> = records.iter().filter(|r| r.period.end == last).collect();
        let mut finding = base(
            FindingKind::Expiring,
            format!("expiring:{}:{last}", project.id),
            Interval { start: last, end: last },
            format!("Funding of project “{}” ends on {last} and nothing is lined up after it.", project.title),
        );
        finding.bites_on = last;
        finding.funding_ids = ending.iter().map(|r| r.id.clone()).collect();
        finding.funder_ids = ending.iter().map(|r| r.funder_id.clone()).collect();
        out(finding);
    }
    if project.sides.contains(RUSSIA) && project.sides.contains(CHINA) {
        let Some(period) = Interval::new(project.starts_on, project.ends_on.unwrap_or(horizon)) else { return };
        let sides = coverage::timelines_by(period, awards);
        let empty = coverage::Timeline { covered: vec![], gaps: vec![period] };
        let russia = sides.get(RUSSIA).unwrap_or(&empty);
        let china = sides.get(CHINA).unwrap_or(&empty);
        let (only_russia, only_china) = coverage::one_sided(russia, china);
        for (uncovered_side, covered_side, stretches) in [(CHINA, RUSSIA, only_russia), (RUSSIA, CHINA, only_china)] {
            for stretch in stretches.into_iter().filter(|s| open(*s, today, horizon)) {
                let explanation = format!(
                    "Project “{}” is one-sided from {} to {}: the {} side is funded, the {} side is not.",
                    project.title,
                    stretch.start,
                    stretch.end,
                    side_name(covered_side),
                    side_name(uncovered_side)
                );
                let key = format!("one_sided:{}:{uncovered_side}:{}", project.id, stretch.start);
                let mut finding = base(FindingKind::OneSided, key, stretch, explanation);
                finding.side = Some(uncovered_side.to_owned());
                finding.funding_ids = records
                    .iter()
                    .filter(|r| r.side == covered_side && r.period.intersect(&stretch).is_some())
                    .map(|r| r.id.clone())
                    .collect();
                out(finding);
            }
        }
    }
    for record in records.iter().filter(|r| r.funder_closed && r.period.end >= today) {
        let Some(stretch) = Interval::new(record.period.start.max(today), record.period.end) else { continue };
        let successor = match &record.successor_code {
            Some(code) => format!("; its role passed to {code}"),
            None => String::new(),
        };
        let explanation = format!(
            "Project “{}” is funded until {} by {}, which has closed{successor}: nothing will renew it.",
            project.title, record.period.end, record.funder_code
        );
        let mut finding = base(FindingKind::FunderLapsed, format!("funder_lapsed:{}", record.id), stretch, explanation);
        finding.bites_on = record.period.end;
        finding.funding_ids = vec![record.id.clone()];
        finding.funder_ids = vec![record.funder_id.clone()];
        out(finding);
    }
}

fn side_name(country: &str) -> &str {
    match country {
        RUSSIA => "Russian",
        CHINA => "Chinese",
        other => other,
    }
}

fn at_risk(
    secured_labs: &HashSet<String>,
    labs: &[LabInput],
    centres: &[CentreInput],
    window: Interval,
    out: &mut impl FnMut(Finding),
) {
    let mut centre_labs: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for lab in labs.iter().filter(|l| l.active) {
        let safe = secured_labs.contains(&lab.id);
        if let Some(centre) = &lab.centre_id {
            let entry = centre_labs.entry(centre.as_str()).or_default();
            entry.0 += 1;
            entry.1 += usize::from(safe);
        }
        if safe {
            continue;
        }
        out(Finding {
            key: format!("lab_at_risk:{}", lab.id),
            kind: FindingKind::LabAtRisk,
            explanation: format!(
                "Laboratory “{}” is active, but none of its active projects is funded on every day until {}.",
                lab.name, window.end
            ),
            interval: window,
            bites_on: window.start,
            project_id: None,
            lab_id: Some(lab.id.clone()),
            centre_id: lab.centre_id.clone(),
            funding_ids: Vec::new(),
            funder_ids: Vec::new(),
            side: None,
        });
    }
    for centre in centres.iter().filter(|c| c.active) {
        let (active_labs, safe_labs) = centre_labs.get(centre.id.as_str()).copied().unwrap_or_default();
        if safe_labs > 0 {
            continue;
        }
        out(Finding {
            key: format!("centre_at_risk:{}", centre.id),
            kind: FindingKind::CentreAtRisk,
            explanation: format!(
                "Joint centre “{}” has {active_labs} active laboratories and none has a project funded on every day \
                 until {}.",
                centre.name, window.end
            ),
            interval: window,
            bites_on: window.start,
            project_id: None,
            lab_id: None,
            centre_id: Some(centre.id.clone()),
            funding_ids: Vec::new(),
            funder_ids: Vec::new(),
            side: None,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coverage::tests::{d, iv};

    fn project(id: &str, start: &str, end: Option<&str>, sides: &[&str], labs: &[&str]) -> ProjectInput {
        ProjectInput {
            id: id.into(),
            title: format!("Project {id}"),
            starts_on: d(start),
            ends_on: end.map(d),
            running: true,
            active: true,
            sides: sides.iter().map(|s| (*s).to_owned()).collect(),
            lab_ids: labs.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    fn award(id: &str, project: &str, side: &str, start: &str, end: &str) -> FundingInput {
        FundingInput {
            id: id.into(),
            project_id: project.into(),
            funder_id: format!("funder-{side}"),
            funder_code: if side == RUSSIA { "RSF".into() } else { "NSFC".into() },
            funder_closed: false,
            successor_code: None,
            side: side.into(),
            period: iv(start, end),
        }
    }

    fn kinds(findings: &[Finding]) -> Vec<(&str, Interval)> {
        findings.iter().map(|f| (f.kind.as_str(), f.interval)).collect()
    }

    const TODAY: &str = "2026-11-28";

    #[test]
    fn a_joint_call_with_a_russian_award_ending_a_year_early() {
        let projects = [project("p", "2024-01-01", Some("2027-12-31"), &[RUSSIA, CHINA], &["ru", "cn"])];
        let funding = [
            award("rsf", "p", RUSSIA, "2024-01-01", "2026-12-31"),
            award("nsfc", "p", CHINA, "2024-01-01", "2027-12-31"),
        ];
        let found = find(d(TODAY), 180, &projects, &funding, &[], &[]);
        assert_eq!(kinds(&found), [("one_sided", iv("2027-01-01", "2027-12-31"))]);
        assert_eq!(found[0].side.as_deref(), Some(RUSSIA));
        assert_eq!(found[0].funding_ids, ["nsfc"]);
        assert_eq!(found[0].key, "one_sided:p:RU:2027-01-01");
    }

    #[test]
    fn expiring_coverage_and_the_gap_after_it() {
        let projects = [project("p", "2024-01-01", Some("2027-06-30"), &[RUSSIA], &["ru"])];
        let funding = [award("rsf", "p", RUSSIA, "2024-01-01", "2026-12-31")];
        let found = find(d(TODAY), 180, &projects, &funding, &[], &[]);
        assert_eq!(
            kinds(&found),
            [("expiring", iv("2026-12-31", "2026-12-31")), ("gap", iv("2027-01-01", "2027-06-30"))]
        );
        assert_eq!(found[0].funding_ids, ["rsf"]);
        assert_eq!(found[1].bites_on, d("2027-01-01"));
    }

    #[test]
    fn an_unfunded_open_ended_project_is_a_gap_to_the_horizon_and_leaves_its_lab_at_risk() {
        let projects = [project("p", "2026-03-01", None, &["KZ", CHINA], &["almaty", "wuhan"])];
        let labs = [
            LabInput { id: "almaty".into(), name: "Almaty".into(), centre_id: Some("c".into()), active: true },
            LabInput { id: "wuhan".into(), name: "Wuhan".into(), centre_id: Some("c".into()), active: true },
        ];
        let centres = [CentreInput { id: "c".into(), name: "Centre".into(), active: true }];
        let found = find(d(TODAY), 180, &projects, &[], &labs, &centres);
        assert_eq!(
            kinds(&found),
            [
                ("centre_at_risk", iv(TODAY, "2027-02-26")),
                ("gap", iv("2026-03-01", "2027-05-27")),
                ("lab_at_risk", iv(TODAY, "2027-02-26")),
                ("lab_at_risk", iv(TODAY, "2027-02-26")),
            ]
        );
        assert_eq!(found[1].bites_on, d(TODAY), "a gap already running bites today");
    }

    #[test]
    fn a_closed_funder_under_current_coverage_is_a_lapse_naming_the_successor() {
        let projects = [project("p", "2021-01-01", Some("2026-12-31"), &[RUSSIA], &["ru"])];
        let mut rfbr = award("rfbr", "p", RUSSIA, "2021-01-01", "2026-12-31");
        rfbr.funder_closed = true;
        rfbr.funder_code = "RFBR".into();
        rfbr.successor_code = Some("RSF".into());
        let found = find(d(TODAY), 30, &projects, &[rfbr], &[], &[]);
        assert_eq!(kinds(&found), [("funder_lapsed", iv(TODAY, "2026-12-31"))]);
        assert!(found[0].explanation.contains("RFBR") && found[0].explanation.contains("RSF"));
    }

    #[test]
    fn fully_covered_projects_secure_their_labs_and_past_gaps_are_not_open() {
        let projects = [project("p", "2020-01-01", Some("2028-12-31"), &[RUSSIA], &["ru"])];
        let funding = [
            award("old", "p", RUSSIA, "2020-06-01", "2024-12-31"),
            award("new", "p", RUSSIA, "2025-01-01", "2028-12-31"),
        ];
        let labs = [LabInput { id: "ru".into(), name: "RU".into(), centre_id: None, active: true }];
        let found = find(d(TODAY), 180, &projects, &funding, &labs, &[]);
        assert!(found.is_empty(), "{found:?}");
    }
}
