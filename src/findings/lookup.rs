//! The two questions every reader of findings asks — "the most urgent ones I may see" and "this
//! one, if it is open and mine to see" — for the API and the console alike.

use chrono::NaiveDate;

use super::engine::Finding;
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

/// The finding with `key`, if it is open on `today` and `scope` may see it.
pub fn open_finding(conn: &mut DbConn, scope: &FindingScope, key: &str, today: NaiveDate) -> Result<Finding, ApiError> {
    let registry = load::registry(conn, today)?;
    let unfiltered = FindingFilter::default();
    let selector = Selector::new(&registry, scope, &unfiltered);
    let mut found = None;
    scan(conn, &registry, today, LONGEST_HORIZON_DAYS, |finding, project, records| {
        if finding.key == key && selector.accepts(&finding, project, records) {
            found = Some(finding);
        }
    })?;
    found.ok_or(ApiError::NotFound)
}
