//! Refresh-token families. A login starts a family; each refresh spends one token and adds the
//! next. A token presented twice means it was stolen: the whole family is revoked.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;

use crate::auth::tokens::{self, REFRESH_PREFIX};
use crate::db::DbConn;
use crate::db::models::user::User;
use crate::db::schema::{refresh_families as families, refresh_tokens as family_tokens};
use crate::domain::role::UserStatus;
use crate::error::ApiError;

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = families)]
pub struct RefreshFamily {
    pub id: String,
    pub user_id: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
    pub revoked_reason: Option<String>,
}

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = family_tokens)]
pub struct RefreshToken {
    pub id: String,
    pub family_id: String,
    pub token_hash: String,
    pub created_at: NaiveDateTime,
    pub idle_expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
}

/// How long logins live.
#[derive(Debug, Clone, Copy)]
pub struct Lifetimes {
    pub idle: std::time::Duration,
    pub absolute: std::time::Duration,
}

fn delta(duration: std::time::Duration) -> TimeDelta {
    TimeDelta::from_std(duration).unwrap_or(TimeDelta::MAX)
}

/// A sign-in: the session its access tokens name, and its current refresh token.
#[derive(Debug, Clone)]
pub struct Session {
    pub id: String,
    pub refresh_token: String,
}

/// Starts a login for `user_id`; returns the session with its first refresh token.
pub fn start_family(conn: &mut DbConn, user_id: &str, lifetimes: Lifetimes) -> Result<Session, ApiError> {
    let family = new_family(conn, user_id, lifetimes)?;
    let refresh_token = add_token(conn, &family, lifetimes)?;
    Ok(Session { id: family.id, refresh_token })
}

/// A new sign-in of `user_id`, without a refresh token yet (the console's sessions hold a cookie
/// secret instead).
pub fn new_family(conn: &mut DbConn, user_id: &str, lifetimes: Lifetimes) -> Result<RefreshFamily, ApiError> {
    let now = super::now();
    let family = RefreshFamily {
        id: super::new_id(),
        user_id: user_id.into(),
        created_at: now,
        expires_at: now + delta(lifetimes.absolute),
        revoked_at: None,
        revoked_reason: None,
    };
    diesel::insert_into(families::table).values(&family).execute(conn)?;
    Ok(family)
}

fn add_token(conn: &mut DbConn, family: &RefreshFamily, lifetimes: Lifetimes) -> Result<String, ApiError> {
    let now = super::now();
    let secret = tokens::generate(REFRESH_PREFIX);
    let token = RefreshToken {
        id: super::new_id(),
        family_id: family.id.clone(),
        token_hash: tokens::hash(&secret),
        created_at: now,
        idle_expires_at: (now + delta(lifetimes.idle)).min(family.expires_at),
        used_at: None,
    };
    diesel::insert_into(family_tokens::table).values(&token).execute(conn)?;
    Ok(secret)
}

/// The result of presenting a refresh token.
pub enum Rotation {
    /// The token was good: here is the account and the next token of the family.
    Rotated { user: Box<User>, session: Session },
    /// Unknown, expired, revoked or reused (then the family is now revoked).
    Refused,
}

/// Spends the presented token; call inside a write transaction, and commit even when refused,
/// so that a detected reuse stays revoked.
pub fn rotate(conn: &mut DbConn, presented: &str, lifetimes: Lifetimes) -> Result<Rotation, ApiError> {
    let now = super::now();
    let Some(token) = family_tokens::table
        .filter(family_tokens::token_hash.eq(tokens::hash(presented)))
        .first::<RefreshToken>(conn)
        .optional()?
    else {
        return Ok(Rotation::Refused);
    };
    let family: RefreshFamily = families::table.find(&token.family_id).first(conn)?;
    if family.revoked_at.is_some() {
        return Ok(Rotation::Refused);
    }
    // Spend it atomically: of concurrent presenters exactly one gets a row.
    let spent = diesel::update(
        family_tokens::table.filter(family_tokens::id.eq(&token.id)).filter(family_tokens::used_at.is_null()),
    )
    .set(family_tokens::used_at.eq(now))
    .execute(conn)?;
    if spent == 0 {
        revoke_family(conn, &family.id, "refresh token reused")?;
        return Ok(Rotation::Refused);
    }
    if family.expires_at <= now || token.idle_expires_at <= now {
        return Ok(Rotation::Refused);
    }
    let user = User::find(conn, &family.user_id)?;
    if user.status()? != UserStatus::Active {
        revoke_family(conn, &family.id, "account not active")?;
        return Ok(Rotation::Refused);
    }
    let refresh_token = add_token(conn, &family, lifetimes)?;
    Ok(Rotation::Rotated { user: Box::new(user), session: Session { id: family.id, refresh_token } })
}

/// Ends the login the presented token belongs to (logout). Unknown tokens are ignored.
pub fn revoke_family_of(conn: &mut DbConn, presented: &str) -> Result<(), ApiError> {
    let family_id: Option<String> = family_tokens::table
        .select(family_tokens::family_id)
        .filter(family_tokens::token_hash.eq(tokens::hash(presented)))
        .first(conn)
        .optional()?;
    match family_id {
        Some(id) => revoke_family(conn, &id, "logged out"),
        None => Ok(()),
    }
}

pub fn revoke_family(conn: &mut DbConn, family_id: &str, reason: &str) -> Result<(), ApiError> {
    diesel::update(families::table.filter(families::id.eq(family_id)).filter(families::revoked_at.is_null()))
        .set((families::revoked_at.eq(super::now()), families::revoked_reason.eq(reason)))
        .execute(conn)?;
    Ok(())
}

/// Ends every login of an account (password change or reset, disabling).
pub fn revoke_all_for_user(conn: &mut DbConn, user_id: &str, reason: &str) -> Result<(), ApiError> {
    diesel::update(families::table.filter(families::user_id.eq(user_id)).filter(families::revoked_at.is_null()))
        .set((families::revoked_at.eq(super::now()), families::revoked_reason.eq(reason)))
        .execute(conn)?;
    Ok(())
}

/// Whether a family is revoked (for tests and diagnostics).
pub fn family_revoked(conn: &mut DbConn, presented: &str) -> Result<Option<bool>, ApiError> {
    let revoked: Option<Option<NaiveDateTime>> = family_tokens::table
        .inner_join(families::table)
        .select(families::revoked_at)
        .filter(family_tokens::token_hash.eq(tokens::hash(presented)))
        .first(conn)
        .optional()?;
    Ok(revoked.map(|at| at.is_some()))
}
