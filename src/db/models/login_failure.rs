//! Failed sign-ins, counted per identifier (whether or not the account exists) and per client
//! address, to slow down password guessing without revealing which accounts exist.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use sha2::{Digest, Sha256};

use crate::db::schema::login_failures::{self, dsl};
use crate::db::{DbConn, MultiBackend};
use crate::error::ApiError;

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub per_identifier: u32,
    pub per_client: u32,
    pub window: std::time::Duration,
}

#[derive(Queryable, Insertable)]
#[diesel(table_name = login_failures)]
struct LoginFailure {
    id: String,
    identifier_key: String,
    client_ip: String,
    failed_at: NaiveDateTime,
}

/// The stored form of a sign-in identifier: the folded email, hashed (the table holds no addresses).
pub fn identifier_key(email: &str) -> String {
    hex::encode(Sha256::digest(crate::db::models::user::email_key(email).as_bytes()))
}

/// When `failures()` reached `limit`: the time of the failure that did, or `None` while they are
/// fewer.
fn limit_reached_at<'a>(
    conn: &mut DbConn,
    failures: impl Fn() -> login_failures::BoxedQuery<'a, MultiBackend>,
    limit: u32,
) -> Result<Option<NaiveDateTime>, ApiError> {
    if failures().count().get_result::<i64>(conn)? < i64::from(limit) {
        return Ok(None);
    }
    let nth_newest = failures().select(dsl::failed_at).order(dsl::failed_at.desc()).offset(i64::from(limit) - 1);
    Ok(nth_newest.first(conn).optional()?)
}

fn window_start(limits: Limits) -> NaiveDateTime {
    super::now() - TimeDelta::from_std(limits.window).unwrap_or(TimeDelta::MAX)
}

/// Seconds to wait when either limit is reached, else `None`.
pub fn retry_after(
    conn: &mut DbConn,
    identifier: &str,
    client_ip: &str,
    limits: Limits,
) -> Result<Option<u64>, ApiError> {
    let since = window_start(limits);
    let recent = || dsl::login_failures.into_boxed().filter(dsl::failed_at.gt(since));
    let by_identifier = || recent().filter(dsl::identifier_key.eq(identifier));
    let by_client = || recent().filter(dsl::client_ip.eq(client_ip));
    let mut oldest = limit_reached_at(conn, by_identifier, limits.per_identifier)?;
    if oldest.is_none() {
        oldest = limit_reached_at(conn, by_client, limits.per_client)?;
    }
    Ok(oldest.map(|at| {
        // The limit lifts when the failure that reached it leaves the window.
        let lifts = at - since;
        lifts.num_seconds().max(1) as u64
    }))
}

/// Records a failure and forgets those that left the window.
pub fn record(conn: &mut DbConn, identifier: &str, client_ip: &str, limits: Limits) -> Result<(), ApiError> {
    diesel::delete(dsl::login_failures.filter(dsl::failed_at.le(window_start(limits)))).execute(conn)?;
    let failure = LoginFailure {
        id: super::new_id(),
        identifier_key: identifier.into(),
        client_ip: client_ip.into(),
        failed_at: super::now(),
    };
    diesel::insert_into(login_failures::table).values(&failure).execute(conn)?;
    Ok(())
}

/// A successful sign-in clears the identifier's failures.
pub fn clear(conn: &mut DbConn, identifier: &str) -> Result<(), ApiError> {
    diesel::delete(dsl::login_failures.filter(dsl::identifier_key.eq(identifier))).execute(conn)?;
    Ok(())
}
