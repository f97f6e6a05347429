//! Records as stored, and the queries that read and write them.

pub mod alert_delivery;
pub mod centre;
pub mod coverage;
pub mod finding_review;
pub mod funder;
pub mod funding;
pub mod history;
pub mod idempotency;
pub mod institution;
pub mod lab;
pub mod lab_status;
pub mod login_failure;
pub mod mirror_link;
pub mod one_time_token;
pub mod outbox;
pub mod output;
pub mod partner_token;
pub mod project;
pub mod project_access;
pub mod refresh;
pub mod stats;
pub mod user;

/// Now, in UTC, cut to microseconds: PostgreSQL keeps no more, and both backends must agree.
pub fn now() -> chrono::NaiveDateTime {
    use chrono::{SubsecRound, Utc};
    Utc::now().naive_utc().trunc_subsecs(6)
}

/// A new record id: UUIDv7, so ids sort by creation time.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}
