//! Reviews of funding findings: append-only; the latest one per finding is its current review.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::json;

use crate::db::models::history::{self, Actor};
use crate::db::schema::finding_reviews::{self, dsl};
use crate::db::schema::users;
use crate::db::{DbConn, transaction};
use crate::domain::role::UserStatus;
use crate::error::ApiError;
use crate::text_enum;

text_enum! {
    /// Where a coordinator left a finding: seen, something planned, or settled outside the
    /// registry. None of them closes the finding: only coverage does.
    ReviewState {
        Acknowledged => "acknowledged",
        ActionPlanned => "action_planned",
        ResolvedExternally => "resolved_externally",
    }
}

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = finding_reviews)]
pub struct FindingReview {
    pub id: String,
    pub finding_key: String,
    pub state: String,
    pub note: String,
    pub owner_user_id: Option<String>,
    pub reviewed_by: Option<String>,
    pub reviewed_at: NaiveDateTime,
}

impl FindingReview {
    pub fn state(&self) -> Result<ReviewState, ApiError> {
        ReviewState::stored(&self.state, &self.id)
    }

    /// Records a review; the owner must be an active account. History names the finding's key.
    pub fn add(
        conn: &mut DbConn,
        key: &str,
        state: ReviewState,
        note: &str,
        owner_user_id: Option<&str>,
        actor: &Actor,
    ) -> Result<Self, ApiError> {
        transaction::write(conn, |conn| {
            if let Some(owner) = owner_user_id {
                let status: Option<String> = users::table.find(owner).select(users::status).first(conn).optional()?;
                if status.as_deref() != Some(UserStatus::Active.as_str()) {
                    return Err(ApiError::field("owner_user_id", "unknown_user", "names no active account"));
                }
            }
            let review = FindingReview {
                id: super::new_id(),
                finding_key: key.to_owned(),
                state: state.as_str().to_owned(),
                note: note.to_owned(),
                owner_user_id: owner_user_id.map(str::to_owned),
                reviewed_by: actor.id.clone(),
                reviewed_at: super::now(),
            };
            diesel::insert_into(finding_reviews::table).values(&review).execute(conn)?;
            let changes = json!({
                "state": {"before": null, "after": review.state},
                "note": {"before": null, "after": review.note},
                "owner_user_id": {"before": null, "after": review.owner_user_id},
            });
            history::record(conn, actor, "finding", key, "review", changes)?;
            Ok(review)
        })
    }

    /// Every review of a finding, oldest first.
    pub fn for_key(conn: &mut DbConn, key: &str) -> Result<Vec<Self>, ApiError> {
        Ok(dsl::finding_reviews
            .filter(dsl::finding_key.eq(key))
            .order((dsl::reviewed_at.asc(), dsl::id.asc()))
            .load(conn)?)
    }

    /// The latest review of each of `keys`: one query per 500 keys (a page needs one).
    pub fn latest(conn: &mut DbConn, keys: &[&str]) -> Result<HashMap<String, Self>, ApiError> {
        let mut latest = HashMap::new();
        for chunk in keys.chunks(500) {
            let rows: Vec<Self> = dsl::finding_reviews
                .filter(dsl::finding_key.eq_any(chunk))
                .order((dsl::reviewed_at.asc(), dsl::id.asc()))
                .load(conn)?;
            for review in rows {
                latest.insert(review.finding_key.clone(), review);
            }
        }
        Ok(latest)
    }
}
