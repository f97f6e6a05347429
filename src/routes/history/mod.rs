//! `GET /api/v1/<resource>/{id}/history`: every change of a record, newest first.

mod redaction;

use actix_web::HttpResponse;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, IntoResponses, ToSchema};
use validator::Validate;

use crate::auth::policy;
use crate::db::DbConn;
use crate::db::models::history::{self, HistoryEntry};
use crate::db::models::project_access::ReadScope;
use crate::error::{ApiError, Problem};
use crate::http::exchange::Context;
use crate::http::pagination::{Cursor, DEFAULT_LIMIT, NextPage, PageLink};
use crate::http::query::ApiQuery;
use crate::http::record::RecordRequest;

/// One change in a record's history.
#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryEntryResponse {
    #[schema(format = Uuid)]
    pub id: String,
    /// `create`, `update`, `activate`, `password_reset`, `password_change`, `revoke`, …
    pub action: String,
    /// `user`, `partner_token` or `system`.
    pub actor_kind: String,
    /// The user or partner token that made the change (`null` for the system).
    #[schema(format = Uuid)]
    pub actor_id: Option<String>,
    pub request_id: Option<String>,
    pub at: DateTime<Utc>,
    /// The changed fields: `{field: {before, after}}` (secrets are never recorded).
    #[schema(value_type = Object)]
    pub changes: serde_json::Value,
}

impl HistoryEntryResponse {
    pub fn new(entry: HistoryEntry) -> Result<Self, ApiError> {
        let changes = serde_json::from_str(&entry.changes).map_err(|e| {
            ApiError::internal_message(format!("history entry {} holds changes that are not JSON: {e}", entry.id))
        })?;
        Ok(HistoryEntryResponse {
            changes,
            id: entry.id,
            action: entry.action,
            actor_kind: entry.actor_kind,
            actor_id: entry.actor_id,
            request_id: entry.request_id,
            at: entry.at.and_utc(),
        })
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
    /// Link to the next page (same filters); `null` on the last page.
    #[schema(required = true)]
    pub next: Option<String>,
    /// The cursor inside `next`, for clients that build their own URLs; `null` on the last page.
    #[schema(required = true)]
    pub next_cursor: Option<String>,
}

/// The answers of a history route but its 404, which says there what is not found.
#[derive(IntoResponses)]
#[allow(dead_code)]
pub enum History {
    #[response(
        status = 200,
        description = "One page of changes",
        headers(("Link" = String, description = "`<next page URL>; rel=\"next\"` when there is one"))
    )]
    Page(HistoryPage),
    #[response(status = 422, description = "Invalid parameter", content_type = "application/problem+json")]
    Invalid(Problem),
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

/// What every history route takes from its request: who asks, about which record, which page.
pub type HistoryRequest = RecordRequest<ApiQuery<HistoryQuery>>;

impl HistoryRequest {
    /// One page of the history of `resource` `id` (under `collection`), after `visible` has
    /// checked, in the same trip, that the record exists for this caller (404 otherwise).
    /// References in it to projects and funding the caller may not read are redacted.
    pub async fn page(
        self,
        resource: &'static str,
        collection: &str,
        visible: impl FnOnce(&mut DbConn, &Context, &str) -> Result<(), ApiError> + Send + 'static,
    ) -> Result<HttpResponse, ApiError> {
        let (exchange, id, query) = self.into_parts()?;
        let query = query.into_inner();
        let before = Cursor::from_param(query.cursor.as_deref(), "-at")?;
        let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
        let record_id = id.clone();
        let mut entries = exchange
            .read(move |conn, context| {
                visible(conn, context, &record_id)?;
                let before = before.as_ref().map(|c| c.id.as_str());
                read(conn, context, resource, &record_id, before, i64::from(limit) + 1)
            })
            .await?;
        let path = format!("{collection}/{id}/history");
        let link = PageLink::new(&path, &[("limit", Some(limit.to_string()))]);
        let page = NextPage::after(&mut entries, limit, &link, |last| Cursor::new("-at", None, last.id.clone()));
        Ok(page.respond(&HistoryPage {
            items: entries,
            next: page.next.clone(),
            next_cursor: page.next_cursor.clone(),
        }))
    }

    /// The history of a record of the shared registry (institutions, funders, centres,
    /// laboratories, mirror links): every signed-in caller reads it, also after the record was
    /// deleted; `exists` says whether it still does.
    pub async fn of_registry_record(
        self,
        resource: &'static str,
        collection: &str,
        exists: fn(&mut DbConn, &str) -> Result<(), ApiError>,
    ) -> Result<HttpResponse, ApiError> {
        self.page(resource, collection, move |conn, context, id| {
            registry_record_visible(conn, context, resource, id, exists)
        })
        .await
    }

    /// The history of a record that `find` reads as the caller may see it (projects, funding,
    /// outputs): coordinators and administrators also read it after the record was deleted.
    pub async fn of_visible_record<T: 'static>(
        self,
        resource: &'static str,
        collection: &str,
        find: fn(&mut DbConn, &ReadScope, &str) -> Result<T, ApiError>,
    ) -> Result<HttpResponse, ApiError> {
        self.page(resource, collection, move |conn, context, id| readable_or_deleted(conn, context, resource, id, find))
            .await
    }
}

/// Up to `limit` entries of `resource` `id`, newest first, after the entry `before` (an id), as
/// the caller may see them: references to projects and funding they may not read are redacted.
/// Call after checking that the record exists for the caller.
pub fn read(
    conn: &mut DbConn,
    context: &Context,
    resource: &str,
    id: &str,
    before: Option<&str>,
    limit: i64,
) -> Result<Vec<HistoryEntryResponse>, ApiError> {
    let entries = history::for_record(conn, resource, id, before, limit)?;
    redaction::redact(conn, &context.scope(), entries)
}

/// Whether coordinators and administrators may read the history of a record that is gone: a
/// deleted project, funding record or output (everyone else sees it as never having been).
fn deleted_but_recorded(conn: &mut DbConn, scope: &ReadScope, resource: &str, id: &str) -> Result<bool, ApiError> {
    Ok(*scope == ReadScope::Everything && history::exists_for(conn, resource, id)?)
}

/// Whether the caller may read the history of `resource` `id`, which `find` reads as a caller
/// with `scope` sees it: a record they may read, or (staff) one that was deleted; 404 otherwise.
fn readable_or_deleted<T>(
    conn: &mut DbConn,
    context: &Context,
    resource: &str,
    id: &str,
    find: fn(&mut DbConn, &ReadScope, &str) -> Result<T, ApiError>,
) -> Result<(), ApiError> {
    let scope = ReadScope::of(Some(context.caller()?));
    match find(conn, &scope, id) {
        Ok(_) => Ok(()),
        Err(ApiError::NotFound) if deleted_but_recorded(conn, &scope, resource, id)? => Ok(()),
        Err(other) => Err(other),
    }
}

/// Whether the caller may read the history of a record of the shared registry: every signed-in
/// caller, also after the record was deleted; 404 when it never existed.
fn registry_record_visible(
    conn: &mut DbConn,
    context: &Context,
    resource: &str,
    id: &str,
    exists: fn(&mut DbConn, &str) -> Result<(), ApiError>,
) -> Result<(), ApiError> {
    policy::read_registry(context.caller()?)?;
    match exists(conn, id) {
        Err(ApiError::NotFound) if history::exists_for(conn, resource, id)? => Ok(()),
        other => other,
    }
}
