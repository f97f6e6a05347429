//! Stored answers to creates, so that a retried POST with the same `Idempotency-Key` gets the
//! first answer instead of a second record.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::Connection;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::idempotency_keys::{self, dsl};
use crate::error::ApiError;

/// Keys are forgotten after a day.
pub const RETENTION: TimeDelta = TimeDelta::hours(24);
/// A claim without an answer older than this is taken to have died. Claims now commit only with
/// their answer, so only rows written by versions that committed claims first can be like that.
pub const ABANDONED_AFTER: TimeDelta = TimeDelta::seconds(60);

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = idempotency_keys)]
struct Row {
    caller: String,
    key: String,
    fingerprint: String,
    created_at: NaiveDateTime,
    completed_at: Option<NaiveDateTime>,
    status: Option<i32>,
    location: Option<String>,
    etag: Option<String>,
    body: Option<String>,
}

/// The answer a create gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredResponse {
    pub status: u16,
    pub location: Option<String>,
    pub etag: Option<String>,
    pub body: String,
}

pub enum Claim {
    /// The key is new (or its earlier use expired or died): go ahead.
    Fresh,
    /// The same request was answered before: answer the same.
    Replay(StoredResponse),
    /// The same key with a different request.
    Mismatch,
    /// The first request with this key is still running.
    InProgress,
}

/// Claims `key` for `caller`; call in the create's own write transaction, so the claim commits
/// (or vanishes) with the record and its stored answer.
pub fn claim(conn: &mut DbConn, caller: &str, key: &str, fingerprint: &str) -> Result<Claim, ApiError> {
    let now = super::now();
    let existing: Option<Row> = dsl::idempotency_keys.find((caller, key)).first(conn).optional()?;
    if let Some(row) = &existing {
        let expired = row.created_at <= now - RETENTION;
        let abandoned = row.completed_at.is_none() && row.created_at <= now - ABANDONED_AFTER;
        if !expired {
            if row.fingerprint != fingerprint {
                return Ok(Claim::Mismatch);
            }
            if let (Some(_), Some(status), Some(body)) = (row.completed_at, row.status, &row.body) {
                return Ok(Claim::Replay(StoredResponse {
                    status: u16::try_from(status).unwrap_or(200),
                    location: row.location.clone(),
                    etag: row.etag.clone(),
                    body: body.clone(),
                }));
            }
            if !abandoned {
                return Ok(Claim::InProgress);
            }
        }
        diesel::delete(dsl::idempotency_keys.find((caller, key))).execute(conn)?;
    }
    // Forget expired keys while here, so the table stays small.
    diesel::delete(dsl::idempotency_keys.filter(dsl::created_at.le(now - RETENTION))).execute(conn)?;
    let row = Row {
        caller: caller.into(),
        key: key.into(),
        fingerprint: fingerprint.into(),
        created_at: now,
        completed_at: None,
        status: None,
        location: None,
        etag: None,
        body: None,
    };
    // A concurrent first use of the same key (PostgreSQL) loses the race on the primary key; the
    // savepoint keeps the outer transaction usable.
    let inserted = conn.transaction(|conn| diesel::insert_into(idempotency_keys::table).values(&row).execute(conn));
    match inserted {
        Ok(_) => Ok(Claim::Fresh),
        Err(diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)) => {
            Ok(Claim::InProgress)
        }
        Err(other) => Err(other.into()),
    }
}

/// Stores the answer; call in the same transaction as the create itself.
pub fn complete(conn: &mut DbConn, caller: &str, key: &str, response: &StoredResponse) -> Result<(), ApiError> {
    diesel::update(dsl::idempotency_keys.find((caller, key)))
        .set((
            dsl::completed_at.eq(super::now()),
            dsl::status.eq(i32::from(response.status)),
            dsl::location.eq(&response.location),
            dsl::etag.eq(&response.etag),
            dsl::body.eq(&response.body),
        ))
        .execute(conn)?;
    Ok(())
}
