//! Single-use tokens sent by mail: invitations (72 h) and password resets (1 h).

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;

use crate::auth::tokens::{self, ONE_TIME_PREFIX};
use crate::db::DbConn;
use crate::db::schema::one_time_tokens::{self, dsl};
use crate::error::ApiError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Invitation,
    PasswordReset,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::Invitation => "invitation",
            Purpose::PasswordReset => "password_reset",
        }
    }

    pub fn lifetime(self) -> TimeDelta {
        match self {
            Purpose::Invitation => TimeDelta::hours(72),
            Purpose::PasswordReset => TimeDelta::hours(1),
        }
    }
}

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = one_time_tokens)]
pub struct OneTimeToken {
    pub id: String,
    pub user_id: String,
    pub purpose: String,
    pub token_hash: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
}

/// Issues a token for `user_id`, ending any unused earlier one for the same purpose.
pub fn issue(conn: &mut DbConn, user_id: &str, purpose: Purpose) -> Result<String, ApiError> {
    let now = super::now();
    diesel::update(
        dsl::one_time_tokens
            .filter(dsl::user_id.eq(user_id))
            .filter(dsl::purpose.eq(purpose.as_str()))
            .filter(dsl::used_at.is_null()),
    )
    .set(dsl::used_at.eq(now))
    .execute(conn)?;
    let secret = tokens::generate(ONE_TIME_PREFIX);
    let token = OneTimeToken {
        id: super::new_id(),
        user_id: user_id.into(),
        purpose: purpose.as_str().into(),
        token_hash: tokens::hash(&secret),
        created_at: now,
        expires_at: now + purpose.lifetime(),
        used_at: None,
    };
    diesel::insert_into(one_time_tokens::table).values(&token).execute(conn)?;
    Ok(secret)
}

/// The account a valid token is for, without spending it; `None` when unknown, used or expired.
pub fn find_usable(conn: &mut DbConn, presented: &str, purpose: Purpose) -> Result<Option<String>, ApiError> {
    Ok(dsl::one_time_tokens
        .filter(dsl::token_hash.eq(tokens::hash(presented)))
        .filter(dsl::purpose.eq(purpose.as_str()))
        .filter(dsl::used_at.is_null())
        .filter(dsl::expires_at.gt(super::now()))
        .select(dsl::user_id)
        .first(conn)
        .optional()?)
}

/// Spends a valid token and returns the account it is for; `None` when unknown, used or expired.
pub fn consume(conn: &mut DbConn, presented: &str, purpose: Purpose) -> Result<Option<String>, ApiError> {
    let now = super::now();
    let Some(token) = dsl::one_time_tokens
        .filter(dsl::token_hash.eq(tokens::hash(presented)))
        .filter(dsl::purpose.eq(purpose.as_str()))
        .first::<OneTimeToken>(conn)
        .optional()?
    else {
        return Ok(None);
    };
    if token.expires_at <= now {
        return Ok(None);
    }
    let spent = diesel::update(dsl::one_time_tokens.filter(dsl::id.eq(&token.id)).filter(dsl::used_at.is_null()))
        .set(dsl::used_at.eq(now))
        .execute(conn)?;
    Ok((spent == 1).then_some(token.user_id))
}

/// How many tokens of `purpose` were issued for `user_id` since `since`.
pub fn issued_since(conn: &mut DbConn, user_id: &str, purpose: Purpose, since: NaiveDateTime) -> Result<i64, ApiError> {
    Ok(dsl::one_time_tokens
        .filter(dsl::user_id.eq(user_id))
        .filter(dsl::purpose.eq(purpose.as_str()))
        .filter(dsl::created_at.gt(since))
        .count()
        .get_result(conn)?)
}
