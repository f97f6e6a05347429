//! The figures `/metrics` reads from the database: the outbox's depth and the open findings.

use chrono::NaiveDate;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::outbox;
use crate::error::ApiError;
use crate::findings::engine::FindingKind;
use crate::findings::{load, scan};

/// The horizon of the counted findings: the report's default (docs/DOMAIN.md).
const HORIZON_DAYS: u64 = 180;

pub struct OutboxDepth {
    pub queued: i64,
    pub retrying: i64,
}

pub fn outbox_depth(conn: &mut DbConn) -> Result<OutboxDepth, ApiError> {
    let unsent = || outbox::table.filter(outbox::sent_at.is_null());
    let queued = unsent().filter(outbox::attempts.eq(0)).count().get_result(conn)?;
    let retrying = unsent().filter(outbox::attempts.gt(0)).count().get_result(conn)?;
    Ok(OutboxDepth { queued, retrying })
}

/// Every kind with its count of open findings, 0 included, so a series never disappears.
pub type FindingCounts = Vec<(FindingKind, i64)>;

/// The open findings of `today`, counted by kind.
pub fn open_findings(conn: &mut DbConn, today: NaiveDate) -> Result<FindingCounts, ApiError> {
    let registry = load::registry(conn, today)?;
    let mut counts: FindingCounts = FindingKind::ALL.iter().map(|kind| (*kind, 0)).collect();
    scan::scan(conn, &registry, today, HORIZON_DAYS, |finding, _, _| {
        if let Some(slot) = counts.iter_mut().find(|(kind, _)| *kind == finding.kind) {
            slot.1 += 1;
        }
    })?;
    Ok(counts)
}
