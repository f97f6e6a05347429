//! The findings engine over the registry as it streams from the database: one project's funding
//! in memory at a time, each finding handed on as it is found.

use chrono::NaiveDate;

use crate::db::DbConn;
use crate::error::ApiError;
use crate::findings::engine::{self, Finding, FundingInput, ProjectInput, Scan};
use crate::findings::load::{self, Registry};

/// Runs the engine over `registry` (read by [`load::registry`] on the same `today`) and hands
/// each finding to `sink` with its project and that project's covering funding; lab and centre
/// findings come last, with neither. Findings arrive in no particular order.
pub fn scan(
    conn: &mut DbConn,
    registry: &Registry,
    today: NaiveDate,
    horizon_days: u64,
    mut sink: impl FnMut(Finding, Option<&ProjectInput>, &[FundingInput]),
) -> Result<(), ApiError> {
    let mut engine = Scan::new(today, horizon_days);
    load::each_running_project(conn, registry, today, |project, records| {
        engine.project(project, records, &mut |finding| sink(finding, Some(project), records));
    })?;
    engine.finish(&registry.labs, &registry.centres, &mut |finding| sink(finding, None, &[]));
    crate::memory::release_free_memory();
    Ok(())
}

/// The registry and every open finding in it, most urgent first.
pub fn all(conn: &mut DbConn, today: NaiveDate, horizon_days: u64) -> Result<(Registry, Vec<Finding>), ApiError> {
    let registry = load::registry(conn, today)?;
    let mut findings = Vec::new();
    scan(conn, &registry, today, horizon_days, |finding, _, _| findings.push(finding))?;
    findings.sort_by(engine::by_urgency);
    Ok((registry, findings))
}
