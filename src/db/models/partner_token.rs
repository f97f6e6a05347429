//! Partner API tokens: read-only credentials for a partner institution's systems.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use serde_json::json;

use crate::auth::tokens::{self, PARTNER_PREFIX};
use crate::db::DbConn;
use crate::db::models::history::{self, Actor};
use crate::db::schema::partner_tokens::{self, dsl};
use crate::error::ApiError;

/// How many characters of a token are kept to recognise it in lists.
const SHOWN_PREFIX: usize = PARTNER_PREFIX.len() + 6;
/// `last_used_at` is written at most this often, so reads do not all become writes.
const USE_RESOLUTION: TimeDelta = TimeDelta::minutes(1);

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = partner_tokens)]
pub struct PartnerToken {
    pub id: String,
    pub institution_id: String,
    pub name: String,
    pub prefix: String,
    pub token_hash: String,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub expires_at: Option<NaiveDateTime>,
    pub last_used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

impl PartnerToken {
    /// Issues a token; returns the record and the secret, which is shown once and never stored.
    pub fn issue(
        conn: &mut DbConn,
        institution_id: &str,
        name: String,
        expires_at: Option<NaiveDateTime>,
        created_by: &str,
        actor: &Actor,
    ) -> Result<(Self, String), ApiError> {
        let secret = tokens::generate(PARTNER_PREFIX);
        let token = PartnerToken {
            id: super::new_id(),
            institution_id: institution_id.into(),
            name,
            prefix: secret[..SHOWN_PREFIX].to_owned(),
            token_hash: tokens::hash(&secret),
            created_by: created_by.into(),
            created_at: super::now(),
            expires_at,
            last_used_at: None,
            revoked_at: None,
        };
        diesel::insert_into(partner_tokens::table).values(&token).execute(conn)?;
        let view = json!({"institution_id": token.institution_id, "name": token.name, "prefix": token.prefix, "expires_at": token.expires_at});
        history::record(conn, actor, "partner_token", &token.id, "create", history::diff(&json!({}), &view))?;
        Ok((token, secret))
    }

    /// The token with this hash if it may be used now.
    pub fn find_usable(conn: &mut DbConn, token_hash: &str) -> Result<Option<Self>, ApiError> {
        let now = super::now();
        Ok(dsl::partner_tokens
            .filter(dsl::token_hash.eq(token_hash))
            .filter(dsl::revoked_at.is_null())
            .filter(dsl::expires_at.is_null().or(dsl::expires_at.gt(now)))
            .first(conn)
            .optional()?)
    }

    /// Records that the token was just used (to the minute).
    pub fn note_use(conn: &mut DbConn, token: &Self) -> Result<(), ApiError> {
        let now = super::now();
        if token.last_used_at.is_some_and(|at| now - at < USE_RESOLUTION) {
            return Ok(());
        }
        diesel::update(dsl::partner_tokens.find(&token.id)).set(dsl::last_used_at.eq(now)).execute(conn)?;
        Ok(())
    }

    pub fn find(conn: &mut DbConn, id: &str) -> Result<Self, ApiError> {
        Ok(dsl::partner_tokens.find(id).first(conn)?)
    }

    pub fn list_for_institution(conn: &mut DbConn, institution_id: &str) -> Result<Vec<Self>, ApiError> {
        Ok(dsl::partner_tokens.filter(dsl::institution_id.eq(institution_id)).order(dsl::id.asc()).load(conn)?)
    }

    /// Revokes the token; revoking twice is harmless.
    pub fn revoke(&self, conn: &mut DbConn, actor: &Actor) -> Result<(), ApiError> {
        if self.revoked_at.is_some() {
            return Ok(());
        }
        let now = super::now();
        diesel::update(dsl::partner_tokens.find(&self.id)).set(dsl::revoked_at.eq(now)).execute(conn)?;
        let changes = json!({"revoked_at": {"before": null, "after": now}});
        history::record(conn, actor, "partner_token", &self.id, "revoke", changes)
    }
}
