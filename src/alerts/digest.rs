//! The coordinators' weekly digest: open findings nobody has reviewed. Pure.
//!
//! "New" is not tracked apart from "unreviewed": a finding stays in every digest until a
//! coordinator reviews it, which is what makes it leave the list.

use std::collections::HashSet;

use chrono::{Datelike, NaiveDate};

use crate::findings::engine::Finding;

/// Findings listed in one message; the rest are counted, and found through the API.
pub const LISTED: usize = 200;

/// The week a digest is for: `digest:2026-W48` (ISO 8601 year and week, Monday to Sunday).
pub fn subject(today: NaiveDate) -> String {
    let week = today.iso_week();
    format!("digest:{}-W{:02}", week.year(), week.week())
}

/// The findings with no review, newest first: by the first day of the stretch they are about,
/// latest first (a gap that opens next month before one running since last year), then by key.
pub fn unreviewed<'a>(findings: &'a [Finding], reviewed: &HashSet<String>) -> Vec<&'a Finding> {
    let mut open: Vec<&Finding> = findings.iter().filter(|f| !reviewed.contains(&f.key)).collect();
    open.sort_by(|a, b| b.interval.start.cmp(&a.interval.start).then_with(|| a.key.cmp(&b.key)));
    open
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coverage::Interval;
    use crate::findings::engine::FindingKind;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn finding(key: &str, start: &str) -> Finding {
        let interval = Interval::new(d(start), d("2027-12-31")).unwrap();
        Finding {
            key: key.into(),
            kind: FindingKind::Gap,
            explanation: String::new(),
            interval,
            bites_on: interval.start,
            project_id: None,
            lab_id: None,
            centre_id: None,
            funding_ids: vec![],
            funder_ids: vec![],
            side: None,
        }
    }

    #[test]
    fn weeks_are_iso_weeks() {
        assert_eq!(subject(d("2026-11-28")), "digest:2026-W48");
        assert_eq!(subject(d("2026-11-23")), "digest:2026-W48", "Monday starts the week");
        assert_eq!(subject(d("2026-11-29")), "digest:2026-W48", "Sunday ends it");
        assert_eq!(subject(d("2027-01-01")), "digest:2026-W53", "the ISO year, not the calendar year");
    }

    #[test]
    fn reviewed_findings_are_left_out_and_the_newest_come_first() {
        let findings = [finding("gap:a", "2025-01-01"), finding("gap:b", "2027-03-01"), finding("gap:c", "2026-06-01")];
        let reviewed: HashSet<String> = ["gap:c".to_owned()].into();
        let keys: Vec<&str> = unreviewed(&findings, &reviewed).iter().map(|f| f.key.as_str()).collect();
        assert_eq!(keys, ["gap:b", "gap:a"]);
    }
}
