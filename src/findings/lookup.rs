//! The two questions every reader of findings asks — "the most urgent ones I may see" and "this
//! one, if it is open and mine to see" — for the API and the console alike.

use chrono::NaiveDate;

use std::collections::BTreeMap;

use super::engine::{Finding, FindingKind};
use super::load;
use super::report::{FindingFilter, FindingScope, MostUrgent, Selector};
use super::scan::scan;
use crate::db::DbConn;
use crate::error::ApiError;

/// How far ahead a finding may lie and still be reviewed or have its reviews read.
pub const LONGEST_HORIZON_DAYS: u64 = 3650;

/// The open findings `scope` may see on `today` that match `filter`: the `keep` most urgent
/// after `after`, and how many match in all.
pub fn most_urgent(
    conn: &mut DbConn,
    today: NaiveDate,
    horizon_days: u64,
    (scope, filter): (&FindingScope, &FindingFilter),
    after: Option<(NaiveDate, String)>,
    keep: usize,
) -> Result<(Vec<Finding>, usize), ApiError> {
    let registry = load::registry(conn, today)?;
    let selector = Selector::new(&registry, scope, filter);
    let mut urgent = MostUrgent::new(after, keep);
    scan(conn, &registry, today, horizon_days, |finding, project, records| {
        if selector.accepts(&finding, project, records) {
            urgent.offer(finding);
        }
    })?;
    Ok(urgent.finish())
}

/// What a findings overview shows: the page of most urgent findings and how many of each kind
/// match (every filter but the kind applied to the counts, so they say what choosing a kind gives).
pub struct Overview {
    pub findings: Vec<Finding>,
    /// How many match every filter, the kind included.
    pub total: usize,
    pub by_kind: BTreeMap<FindingKind, usize>,
}

/// [`most_urgent`] with counts by kind, in the same single scan.
pub fn overview(
    conn: &mut DbConn,
    today: NaiveDate,
    horizon_days: u64,
    (scope, filter): (&FindingScope, &FindingFilter),
    after: Option<(NaiveDate, String)>,
    keep: usize,
) -> Result<Overview, ApiError> {
    let registry = load::registry(conn, today)?;
    let any_kind = FindingFilter { kind: None, ..filter.clone() };
    let selector = Selector::new(&registry, scope, &any_kind);
    let mut urgent = MostUrgent::new(after, keep);
    let mut by_kind = BTreeMap::new();
    scan(conn, &registry, today, horizon_days, |finding, project, records| {
        if selector.accepts(&finding, project, records) {
            *by_kind.entry(finding.kind).or_insert(0) += 1;
            if filter.kind.is_none_or(|kind| kind == finding.kind) {
                urgent.offer(finding);
            }
        }
    })?;
    let (findings, total) = urgent.finish();
    Ok(Overview { findings, total, by_kind })
}

/// The finding with `key`, if it is open on `today` and `scope` may see it, as a report looking
/// `horizon_days` ahead gives it (the stretch of an open-ended project's gap ends at the horizon).
pub fn open_finding(
    conn: &mut DbConn,
    scope: &FindingScope,
    key: &str,
    today: NaiveDate,
    horizon_days: u64,
) -> Result<Finding, ApiError> {
    let registry = load::registry(conn, today)?;
    let unfiltered = FindingFilter::default();
    let selector = Selector::new(&registry, scope, &unfiltered);
    let mut found = None;
    scan(conn, &registry, today, horizon_days, |finding, project, records| {
        if finding.key == key && selector.accepts(&finding, project, records) {
            found = Some(finding);
        }
    })?;
    found.ok_or(ApiError::NotFound)
}
