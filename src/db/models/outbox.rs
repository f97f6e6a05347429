//! The mail outbox as stored: queued messages, exclusive claims, and delivery outcomes.
//!
//! A message is claimed by setting `locked_until` with a conditional UPDATE, so of two workers
//! (two servers on one PostgreSQL) exactly one gets it: on PostgreSQL the loser's UPDATE waits for
//! the winner's row lock, then re-checks its WHERE against the new row and matches nothing; SQLite
//! runs one write transaction at a time.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;

use crate::db::schema::outbox::{self, dsl};
use crate::db::{DbConn, transaction};

/// Due messages looked at per claim: enough to step past those another worker just took.
const CLAIM_CANDIDATES: i64 = 8;

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Insertable)]
#[diesel(table_name = outbox)]
pub struct OutboxMessage {
    pub id: String,
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    /// Emptied once delivered: it may carry a one-time link.
    pub body_text: String,
    pub created_at: NaiveDateTime,
    pub attempts: i64,
    pub next_attempt_at: NaiveDateTime,
    /// Until when a worker holds the message; a claim past this time has lapsed.
    pub locked_until: Option<NaiveDateTime>,
    pub sent_at: Option<NaiveDateTime>,
    pub last_error: Option<String>,
}

/// Unsent, due, and not held by a live claim.
#[diesel::dsl::auto_type]
fn claimable(now: NaiveDateTime) -> _ {
    dsl::sent_at
        .is_null()
        .and(dsl::next_attempt_at.le(now))
        .and(dsl::locked_until.is_null().or(dsl::locked_until.lt(now)))
}

impl OutboxMessage {
    /// A message due at once.
    pub fn new(kind: &str, recipient: &str, subject: &str, body: &str) -> Self {
        let now = super::now();
        OutboxMessage {
            id: super::new_id(),
            kind: kind.to_owned(),
            recipient: recipient.to_owned(),
            subject: subject.to_owned(),
            body_text: body.to_owned(),
            created_at: now,
            attempts: 0,
            next_attempt_at: now,
            locked_until: None,
            sent_at: None,
            last_error: None,
        }
    }

    /// Inserts on `conn` as it is: inside the caller's transaction, if one is open.
    pub fn insert(&self, conn: &mut DbConn) -> QueryResult<()> {
        diesel::insert_into(outbox::table).values(self).execute(conn).map(drop)
    }

    /// Claims the most overdue claimable message for `lease`, or returns `None` when none is due.
    pub fn claim_next(conn: &mut DbConn, lease: TimeDelta) -> QueryResult<Option<Self>> {
        transaction::write(conn, |conn| {
            let now = super::now();
            let candidates: Vec<String> = dsl::outbox
                .filter(claimable(now))
                .order((dsl::next_attempt_at.asc(), dsl::id.asc()))
                .select(dsl::id)
                .limit(CLAIM_CANDIDATES)
                .load(conn)?;
            for id in candidates {
                let claimed = diesel::update(dsl::outbox.filter(dsl::id.eq(&id)).filter(claimable(now)))
                    .set(dsl::locked_until.eq(Some(now + lease)))
                    .execute(conn)?;
                if claimed == 1 {
                    return dsl::outbox.find(&id).first(conn).map(Some);
                }
            }
            Ok(None)
        })
    }

    /// Records a delivery and forgets the body. Returns false if the message was already recorded
    /// as sent (a lapsed claim that another worker also delivered).
    pub fn mark_sent(conn: &mut DbConn, id: &str) -> QueryResult<bool> {
        let updated = diesel::update(dsl::outbox.filter(dsl::id.eq(id)).filter(dsl::sent_at.is_null()))
            .set((
                dsl::sent_at.eq(Some(super::now())),
                dsl::locked_until.eq(None::<NaiveDateTime>),
                dsl::attempts.eq(dsl::attempts + 1),
                dsl::body_text.eq(""),
            ))
            .execute(conn)?;
        Ok(updated == 1)
    }

    /// Records a failed attempt and when to try again; releases the claim.
    pub fn mark_failed(conn: &mut DbConn, id: &str, error: &str, retry_at: NaiveDateTime) -> QueryResult<bool> {
        let updated = diesel::update(dsl::outbox.filter(dsl::id.eq(id)).filter(dsl::sent_at.is_null()))
            .set((
                dsl::attempts.eq(dsl::attempts + 1),
                dsl::last_error.eq(Some(error)),
                dsl::next_attempt_at.eq(retry_at),
                dsl::locked_until.eq(None::<NaiveDateTime>),
            ))
            .execute(conn)?;
        Ok(updated == 1)
    }
}
