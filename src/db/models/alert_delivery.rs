//! Alerts already sent, one row per (subject, threshold): the claim that makes an alert go out
//! exactly once.
//!
//! The claim is an `INSERT … ON CONFLICT DO NOTHING`, made in the transaction that queues the
//! alert's mail: one row inserted means this transaction owns the alert; none means it was sent
//! before (or by a concurrent run that committed first). On PostgreSQL a second inserter of the
//! same key waits for the first transaction and then inserts nothing (or inserts, if the first
//! rolled back); a plain INSERT would instead fail with a unique violation that aborts the whole
//! transaction. SQLite runs one write transaction at a time (`BEGIN IMMEDIATE`), so the second
//! run sees the committed row.
//!
//! diesel's `MultiConnection` backend does not support `ON CONFLICT`, so the statement is built
//! for the backend underneath; both PostgreSQL and SQLite (3.24+) support it.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::alert_deliveries;

#[derive(Debug, Clone, PartialEq, Eq, Insertable, Queryable)]
#[diesel(table_name = alert_deliveries)]
pub struct AlertDelivery {
    pub subject: String,
    pub threshold: String,
    pub sent_at: NaiveDateTime,
}

impl AlertDelivery {
    /// Claims `(subject, threshold)` on `conn` (inside the caller's transaction). True when this
    /// call made the claim; false when the alert was already claimed.
    pub fn claim(conn: &mut DbConn, subject: &str, threshold: &str) -> QueryResult<bool> {
        let row = AlertDelivery { subject: subject.to_owned(), threshold: threshold.to_owned(), sent_at: super::now() };
        let insert = diesel::insert_into(alert_deliveries::table).values(&row).on_conflict_do_nothing();
        let inserted = match conn {
            DbConn::Pg(pg) => insert.execute(pg)?,
            DbConn::Sqlite(sqlite) => insert.execute(sqlite)?,
        };
        Ok(inserted == 1)
    }
}
