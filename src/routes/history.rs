//! `GET /api/v1/<resource>/{id}/history`: every change of a record, newest first.

use actix_web::HttpResponse;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use crate::db::models::history::{self, HistoryEntry};
use crate::db::{Db, DbConn};
use crate::error::ApiError;
use crate::http::pagination::{Cursor, DEFAULT_LIMIT, NextPage};

/// One change in a record's history.
#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryEntryResponse {
    #[schema(format = Uuid)]
    pub id: String,
    /// `create`, `update`, `activate`, `password_reset`, `password_change`, `revoke`, …
    pub action: String,
    /// `user`, `partner_token` or `system`.
    pub actor_kind: String,
    pub actor_id: Option<String>,
    pub request_id: Option<String>,
    pub at: DateTime<Utc>,
    /// The changed fields: `{field: {before, after}}` (secrets are never recorded).
    #[schema(value_type = Object)]
    pub changes: serde_json::Value,
}

impl From<HistoryEntry> for HistoryEntryResponse {
    fn from(entry: HistoryEntry) -> Self {
        HistoryEntryResponse {
            changes: serde_json::from_str(&entry.changes).unwrap_or(serde_json::Value::Null),
            id: entry.id,
            action: entry.action,
            actor_kind: entry.actor_kind,
            actor_id: entry.actor_id,
            request_id: entry.request_id,
            at: entry.at.and_utc(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "items": [
        {
            "id": "01a21f73-9c00-7000-8000-000000000801",
            "action": "update",
            "actor_kind": "user",
            "actor_id": "01a21f73-9c00-7000-8000-000000000502",
            "request_id": "01a21f73-9c00-7000-8000-00000000a001",
            "at": "2026-02-03T14:05:09Z",
            "changes": {"city": {"before": null, "after": "Wuhan"}}
        }
    ],
    "next": "/api/v1/institutions/01a21f73-9c00-7000-8000-000000000001/history?limit=1&cursor=eyJzb3J0IjoiLWF0IiwiaWQiOiIwMWEyMWY3My05YzAwLTcwMDAtODAwMC0wMDAwMDAwMDA4MDEifQ",
    "next_cursor": "eyJzb3J0IjoiLWF0IiwiaWQiOiIwMWEyMWY3My05YzAwLTcwMDAtODAwMC0wMDAwMDAwMDA4MDEifQ"
}))]
pub struct HistoryPage {
    /// Newest first.
    pub items: Vec<HistoryEntryResponse>,
    pub next: Option<String>,
    pub next_cursor: Option<String>,
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct HistoryQuery {
    /// Items per page, 1–100 (default 25).
    #[validate(range(min = 1, max = 100))]
    #[param(minimum = 1, maximum = 100, example = 25)]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    #[param(example = "eyJzb3J0IjoiLWF0IiwiaWQiOiIwMWEyMWY3My05YzAwLTcwMDAtODAwMC0wMDAwMDAwMDA4MDEifQ")]
    pub cursor: Option<String>,
}

/// One page of the history of `resource` `id`, after checking with `visible` that the record
/// exists for this caller (404 otherwise).
pub async fn page(
    db: &Db,
    resource: &'static str,
    collection: &str,
    id: String,
    query: HistoryQuery,
    visible: impl FnOnce(&mut DbConn, &str) -> Result<(), ApiError> + Send + 'static,
) -> Result<HttpResponse, ApiError> {
    let before = Cursor::from_param(query.cursor.as_deref(), "-at")?;
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
    let record_id = id.clone();
    let mut entries = db
        .run(move |conn| {
            visible(conn, &record_id)?;
            history::for_record(
                conn,
                resource,
                &record_id,
                before.as_ref().map(|c| c.id.as_str()),
                i64::from(limit) + 1,
            )
        })
        .await?;
    let path = format!("{collection}/{id}/history");
    let params = [("limit", Some(limit.to_string()))];
    let page = NextPage::after(&mut entries, limit, &path, &params, |last| Cursor::new("-at", None, last.id.clone()));
    Ok(page.respond(&HistoryPage {
        items: entries.into_iter().map(HistoryEntryResponse::from).collect(),
        next: page.next.clone(),
        next_cursor: page.next_cursor.clone(),
    }))
}
