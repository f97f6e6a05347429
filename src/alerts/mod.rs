//! Funding alerts by mail: a lab head is told 90 and again 30 days before a project of theirs
//! loses coverage with nothing lined up; coordinators get a weekly digest of unreviewed findings.
//!
//! Each alert is a (subject, threshold) pair sent exactly once, whoever runs it and however often:
//! the in-server scheduler ([`schedule`]) daily, `jointreg alerts run` from cron, two servers on
//! one PostgreSQL at once. What makes it once is the database, not memory: each alert claims its
//! `alert_deliveries` row and queues its mail in one write transaction
//! ([`AlertDelivery::claim`]), so an alert is either claimed with all its mail queued or not at
//! all, and a run that fails part-way leaves the rest for the next run.
//!
//! ```text
//! run:  load registry -> findings (180 days) -> for each alert:
//!       transaction { claim (subject, threshold) or skip; enqueue one message per recipient }
//! ```

pub mod coverage_loss;
pub mod digest;
mod messages;
pub mod schedule;

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;
use diesel::prelude::*;

use crate::db::models::alert_delivery::AlertDelivery;
use crate::db::schema::{finding_reviews, users};
use crate::db::{DbConn, transaction};
use crate::domain::role::{Role, UserStatus};
use crate::email::{self, OutgoingMessage};
use crate::error::ApiError;
use crate::findings::scan;

/// The horizon of the findings the alerts are drawn from (docs/DOMAIN.md's default).
pub const HORIZON_DAYS: u64 = 180;

/// What one run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AlertReport {
    /// Alerts claimed and queued by this run.
    pub sent: usize,
    /// Alerts due that an earlier (or a concurrent) run had already sent.
    pub already_sent: usize,
    /// Messages queued: an alert goes to every head of the project's labs, or every coordinator.
    pub messages: usize,
    /// Alerts due that nobody can receive (no active head, no active coordinator): not claimed,
    /// so they go out once someone can receive them.
    pub unaddressed: usize,
    /// Alerts that could not be queued; nothing of them was sent, the next run tries again.
    pub failed: usize,
}

/// An alert about to be claimed: its key, and one message per recipient.
struct Alert {
    subject: String,
    threshold: &'static str,
    messages: Vec<OutgoingMessage>,
}

/// Sends the alerts due on `today` that have not been sent. Call [`crate::email::Outbox::wake`]
/// afterwards when a delivery worker runs in this process. Errors only when the registry cannot
/// be read; an alert that fails is logged, counted in `failed`, and left for the next run.
pub fn run(conn: &mut DbConn, today: NaiveDate, public_url: &str) -> Result<AlertReport, ApiError> {
    let (registry, findings) = scan::all(conn, today, HORIZON_DAYS)?;
    let mut alerts = Vec::new();

    let losses = coverage_loss::coverage_losses(today, &findings, &registry.projects);
    let head_ids: Vec<&str> = losses
        .iter()
        .flat_map(|l| &l.lab_ids)
        .filter_map(|lab| registry.lab_places.get(lab)?.head_user_id.as_deref())
        .collect();
    let heads = active_users_by_id(conn, &head_ids)?;
    for loss in &losses {
        // One message per head, even one heading several of the project's labs.
        let mut recipients: BTreeMap<&str, &(String, String)> = BTreeMap::new();
        for lab in &loss.lab_ids {
            let head = registry.lab_places.get(lab).and_then(|p| p.head_user_id.as_deref());
            if let Some(user) = head.and_then(|id| heads.get(id)) {
                recipients.insert(user.0.as_str(), user);
            }
        }
        alerts.push(Alert {
            subject: loss.subject(),
            threshold: loss.threshold,
            messages: recipients
                .values()
                .map(|(email, name)| messages::coverage_loss(public_url, email, name, loss, today))
                .collect(),
        });
    }

    let reviewed: HashSet<String> = finding_reviews::table
        .select(finding_reviews::finding_key)
        .distinct()
        .load::<String>(conn)?
        .into_iter()
        .collect();
    let open = digest::unreviewed(&findings, &reviewed);
    if !open.is_empty() {
        let subject = digest::subject(today);
        let week = subject.trim_start_matches("digest:").to_owned();
        let coordinators = active_coordinators(conn)?;
        alerts.push(Alert {
            subject,
            threshold: "weekly",
            messages: coordinators
                .iter()
                .map(|(email, name)| messages::digest(public_url, email, name, &week, &open))
                .collect(),
        });
    }

    let mut report = AlertReport::default();
    for alert in alerts {
        if alert.messages.is_empty() {
            report.unaddressed += 1;
            continue;
        }
        match send_once(conn, &alert) {
            Ok(true) => {
                report.sent += 1;
                report.messages += alert.messages.len();
            }
            Ok(false) => report.already_sent += 1,
            Err(error) => {
                tracing::error!(subject = %alert.subject, threshold = alert.threshold, %error, "alert not sent; the next run tries again");
                report.failed += 1;
            }
        }
    }
    Ok(report)
}

/// Claims the alert and queues its mail in one write transaction. False when it was already
/// claimed: then nothing is queued.
fn send_once(conn: &mut DbConn, alert: &Alert) -> Result<bool, ApiError> {
    transaction::write(conn, |conn| {
        if !AlertDelivery::claim(conn, &alert.subject, alert.threshold)? {
            return Ok(false);
        }
        for message in &alert.messages {
            email::enqueue(conn, message)?;
        }
        Ok(true)
    })
}

/// Active accounts among `ids`: id → (email, display name).
fn active_users_by_id(conn: &mut DbConn, ids: &[&str]) -> Result<BTreeMap<String, (String, String)>, ApiError> {
    let mut found = BTreeMap::new();
    let mut unique: Vec<&str> = ids.to_vec();
    unique.sort_unstable();
    unique.dedup();
    // In slices, to stay under SQLite's limit on bound parameters.
    for chunk in unique.chunks(500) {
        let rows: Vec<(String, String, String)> = users::table
            .filter(users::id.eq_any(chunk))
            .filter(users::status.eq(UserStatus::Active.as_str()))
            .select((users::id, users::email, users::display_name))
            .load(conn)?;
        found.extend(rows.into_iter().map(|(id, email, name)| (id, (email, name))));
    }
    Ok(found)
}

/// Every active coordinator: (email, display name), by email.
fn active_coordinators(conn: &mut DbConn) -> Result<Vec<(String, String)>, ApiError> {
    Ok(users::table
        .filter(users::role.eq(Role::Coordinator.as_str()))
        .filter(users::status.eq(UserStatus::Active.as_str()))
        .order(users::email)
        .select((users::email, users::display_name))
        .load(conn)?)
}
