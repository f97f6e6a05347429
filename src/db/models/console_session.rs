//! The console's sessions: a signed-in browser holds a random secret in a cookie; the database
//! holds its SHA-256 and the refresh family it belongs to, so every way an API session ends
//! (signing out everywhere, a password change or reset, the account disabled, the absolute
//! lifetime) ends a console session too.

use std::time::Duration;

use chrono::TimeDelta;
use diesel::prelude::*;

use crate::auth::tokens;
use crate::db::DbConn;
use crate::db::models::refresh::{self, Lifetimes};
use crate::db::models::user::User;
use crate::db::schema::{console_sessions as sessions, refresh_families as families, users};
use crate::error::ApiError;

/// What a console session secret starts with (the others: `jrr_`, `jrp_`, `jro_`).
pub const SECRET_PREFIX: &str = "jrc_";

/// How often a session's last use is written down: idle expiry needs no finer clock.
const SEEN_RESOLUTION: TimeDelta = TimeDelta::minutes(1);

/// A new console session: its id (the refresh family's) and the secret for the cookie.
pub struct Started {
    pub session_id: String,
    pub secret: String,
}

/// Starts a console session for `user_id`; call in the sign-in's transaction.
pub fn start(conn: &mut DbConn, user_id: &str, lifetimes: Lifetimes) -> Result<Started, ApiError> {
    let family = refresh::new_family(conn, user_id, lifetimes)?;
    let secret = tokens::generate(SECRET_PREFIX);
    diesel::insert_into(sessions::table)
        .values((
            sessions::family_id.eq(&family.id),
            sessions::token_hash.eq(tokens::hash(&secret)),
            sessions::last_seen_at.eq(super::now()),
        ))
        .execute(conn)?;
    Ok(Started { session_id: family.id, secret })
}

/// The account and session id behind a cookie secret's hash, when the session is live: not
/// ended, within its absolute lifetime, and used within `idle`.
pub fn find_live(conn: &mut DbConn, token_hash: &str, idle: Duration) -> Result<Option<(User, String)>, ApiError> {
    let now = super::now();
    let idle = TimeDelta::from_std(idle).unwrap_or(TimeDelta::MAX);
    let row: Option<(User, String, chrono::NaiveDateTime)> = sessions::table
        .inner_join(families::table.inner_join(users::table))
        .filter(sessions::token_hash.eq(token_hash))
        .filter(families::revoked_at.is_null())
        .filter(families::expires_at.gt(now))
        .select((users::all_columns, families::id, sessions::last_seen_at))
        .first(conn)
        .optional()?;
    let Some((user, session_id, last_seen)) = row else { return Ok(None) };
    if now - last_seen > idle {
        return Ok(None);
    }
    if now - last_seen >= SEEN_RESOLUTION {
        diesel::update(sessions::table.find(&session_id)).set(sessions::last_seen_at.eq(now)).execute(conn)?;
    }
    Ok(Some((user, session_id)))
}

/// Ends the session a cookie secret belongs to (signing out); an unknown one is ignored.
pub fn end(conn: &mut DbConn, token_hash: &str) -> Result<(), ApiError> {
    let session: Option<String> = sessions::table
        .filter(sessions::token_hash.eq(token_hash))
        .select(sessions::family_id)
        .first(conn)
        .optional()?;
    match session {
        Some(id) => refresh::revoke_family(conn, &id, "signed out of the console"),
        None => Ok(()),
    }
}
