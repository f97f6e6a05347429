//! Which running projects lose coverage soon, and which alert threshold each has reached. Pure.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};

use crate::findings::engine::{Finding, FindingKind, ProjectInput};

/// Days before the loss of coverage at which a lab head is told first…
pub const FIRST_NOTICE_DAYS: i64 = 90;
/// …and again.
pub const LAST_NOTICE_DAYS: i64 = 30;

/// A project whose coverage ends soon with nothing lined up after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverageLoss {
    pub project_id: String,
    pub title: String,
    /// The first day no funding covers.
    pub first_uncovered: NaiveDate,
    pub days_left: i64,
    /// `"90"` or `"30"`.
    pub threshold: &'static str,
    pub lab_ids: Vec<String>,
}

impl CoverageLoss {
    /// What the alert is about: one loss of coverage of one project. If funding is added and
    /// later ends on another day, that is a new subject, alerted afresh.
    pub fn subject(&self) -> String {
        format!("coverage_loss:{}:{}", self.project_id, self.first_uncovered)
    }
}

/// The threshold reached `days_left` days before coverage is lost: the nearest one only, so a
/// loss first found 20 days ahead (funding ended early, or was recorded late) gets the 30-day
/// alert alone: a "90 days" message would be wrong on its face.
pub fn threshold(days_left: i64) -> Option<&'static str> {
    match days_left {
        1..=LAST_NOTICE_DAYS => Some("30"),
        d if d > LAST_NOTICE_DAYS && d <= FIRST_NOTICE_DAYS => Some("90"),
        _ => None,
    }
}

/// The first loss of coverage after `today` of each running project, within 90 days: the start
/// of a `gap` that has not begun yet, or the day after an `expiring` coverage ends, whichever is
/// earlier. Coverage that ends with the project itself is no loss: the day after it is outside
/// the project's period, and gaps are only ever inside it.
pub fn coverage_losses(today: NaiveDate, findings: &[Finding], projects: &[ProjectInput]) -> Vec<CoverageLoss> {
    let mut first: BTreeMap<&str, NaiveDate> = BTreeMap::new();
    for finding in findings {
        let Some(project_id) = finding.project_id.as_deref() else { continue };
        let day = match finding.kind {
            FindingKind::Gap if finding.interval.start > today => finding.interval.start,
            FindingKind::Expiring => match finding.interval.end.checked_add_days(Days::new(1)) {
                Some(day) => day,
                None => continue,
            },
            _ => continue,
        };
        first.entry(project_id).and_modify(|d| *d = (*d).min(day)).or_insert(day);
    }
    let mut losses = Vec::new();
    for project in projects.iter().filter(|p| p.running) {
        let Some(&day) = first.get(project.id.as_str()) else { continue };
        if project.ends_on.is_some_and(|end| day > end) {
            continue;
        }
        let days_left = (day - today).num_days();
        let Some(threshold) = threshold(days_left) else { continue };
        losses.push(CoverageLoss {
            project_id: project.id.clone(),
            title: project.title.clone(),
            first_uncovered: day,
            days_left,
            threshold,
            lab_ids: project.lab_ids.clone(),
        });
    }
    losses
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coverage::Interval;
    use crate::findings::engine::{FundingInput, find};

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn project(end: Option<&str>) -> ProjectInput {
        ProjectInput {
            id: "p".into(),
            title: "Systemic pathology".into(),
            starts_on: d("2024-01-01"),
            ends_on: end.map(d),
            running: true,
            active: true,
            sides: ["RU".to_owned()].into(),
            lab_ids: vec!["ru".into()],
        }
    }

    fn award(start: &str, end: &str) -> FundingInput {
        FundingInput {
            id: format!("a-{start}"),
            project_id: "p".into(),
            funder_id: "rsf".into(),
            funder_code: "RSF".into(),
            funder_closed: false,
            successor_code: None,
            side: "RU".into(),
            period: Interval::new(d(start), d(end)).unwrap(),
        }
    }

    fn losses(today: &str, projects: &[ProjectInput], funding: &[FundingInput]) -> Vec<(NaiveDate, i64, &'static str)> {
        let found = find(d(today), 180, projects, funding, &[], &[]);
        coverage_losses(d(today), &found, projects)
            .into_iter()
            .map(|l| (l.first_uncovered, l.days_left, l.threshold))
            .collect()
    }

    #[test]
    fn thresholds_are_the_nearest_one_reached() {
        assert_eq!(threshold(91), None);
        assert_eq!(threshold(90), Some("90"));
        assert_eq!(threshold(31), Some("90"));
        assert_eq!(threshold(30), Some("30"));
        assert_eq!(threshold(20), Some("30"), "found late: only the 30-day alert");
        assert_eq!(threshold(1), Some("30"));
        assert_eq!(threshold(0), None);
    }

    #[test]
    fn expiring_funding_is_lost_the_day_after_it_ends() {
        let projects = [project(Some("2027-12-31"))];
        let funding = [award("2024-01-01", "2026-12-31")];
        assert!(losses("2026-10-02", &projects, &funding).is_empty(), "91 days ahead: not yet");
        assert_eq!(losses("2026-10-03", &projects, &funding), [(d("2027-01-01"), 90, "90")]);
        assert_eq!(losses("2026-12-02", &projects, &funding), [(d("2027-01-01"), 30, "30")]);
    }

    #[test]
    fn coverage_ending_with_the_project_is_no_loss() {
        let projects = [project(Some("2026-12-31"))];
        let funding = [award("2024-01-01", "2026-12-31")];
        assert!(losses("2026-12-02", &projects, &funding).is_empty());
    }

    #[test]
    fn a_future_gap_after_future_funding_is_a_loss_and_the_earliest_loss_counts() {
        // Today uncovered (a running gap, which is not a loss to come), then funded, then a gap.
        let projects = [project(Some("2027-12-31"))];
        let funding = [award("2026-12-01", "2027-01-31")];
        assert_eq!(losses("2026-11-28", &projects, &funding), [(d("2027-02-01"), 65, "90")]);
    }

    #[test]
    fn finished_projects_are_not_alerted() {
        let mut done = project(Some("2027-12-31"));
        done.running = false;
        assert!(losses("2026-12-02", &[done], &[award("2024-01-01", "2026-12-31")]).is_empty());
    }
}
