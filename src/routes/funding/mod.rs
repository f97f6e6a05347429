//! `/api/v1/funding`: awards that pay for one side of a joint project — funder, call, award
//! number, amount, period and status. A record is readable exactly when its project is, so one of
//! a project the caller may not read is 404 here, absent from lists, counts and CSV.
//!
//! Who may write follows the project's laboratories: staff keep any record, the lead
//! laboratory's head every side of their project, a partner laboratory's head their own side.

pub mod export;
pub mod list;
pub mod wire;

use actix_web::{HttpResponse, delete, get, patch, post};

use crate::auth::caller::Caller;
use crate::auth::policy;
use crate::db::DbConn;
use crate::db::models::funding::{self, FundingChanges, FundingFields, FundingRecord, FundingView};
use crate::db::models::project_access::{Involvement, involvement};
use crate::db::models::versioned;
use crate::error::{ApiError, Problem};
use crate::http::creation::Creation;
use crate::http::etag::{IfMatch, IfNoneMatch, OptionalIfMatch};
use crate::http::exchange::{Context, Public};
use crate::http::record::{Change, Reading, RecordId};
use crate::http::responses::{
    Anyone, Changed, Created, Current, Deleted, InvalidQuery, JsonBody, NotModified, NotReadable, SignedIn, Versioned,
};
use crate::routes::deletion::Deletion;
use crate::routes::history::{HistoryPage, HistoryQuery, HistoryRequest};
use wire::{CreateFunding, FundingResponse, UpdateFunding};

pub use list::page_of_funding;

const COLLECTION: &str = "/api/v1/funding";

/// Whether the caller may keep funding of `side` (or, with no side named yet, of any side they
/// keep: the missing side is then a validation error, not a refusal).
fn may_write(caller: &Caller, involvement: &Involvement, side: Option<&str>) -> Result<(), ApiError> {
    let side = side.or_else(|| involvement.sides.iter().next().map(String::as_str)).unwrap_or("");
    policy::write_funding(caller, involvement, side)
}

/// Record an award. Coordinators and administrators record any; the head of the project's lead
/// laboratory any side; the head of a partner laboratory their own side (their lab's country).
#[utoipa::path(
    tag = "funding",
    security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, nullable = false, min_length = 1, max_length = 255, pattern = "^[!-~]+$", description = "Makes the create safe to retry: the same key and body within 24 h return the first answer", example = "7c1e9a40-3b2d-4f6a-8e51-0d9c2b7a4f13")),
    request_body(content = CreateFunding, content_type = "application/json"),
    responses(
        Created<FundingResponse>,
        (status = 403, description = "A partner, a partner token, or a lab head who does not keep this side of the project's funding", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The funder's award number is already on record (named in `errors`), or a request with this Idempotency-Key is still running", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields (a period ending before it starts, a fractional or negative amount, a side that disagrees with the laboratory, a laboratory not in the project, an unknown funder, an application to a closed funder), a project you may not read, or an Idempotency-Key used with another body", body = Problem, content_type = "application/problem+json"),
        JsonBody, SignedIn,
    )
)]
#[post("/funding")]
pub async fn create_funding(creation: Creation<CreateFunding>) -> Result<HttpResponse, ApiError> {
    creation.respond(COLLECTION, create, |view, _| FundingResponse::new(view)).await
}

/// Records an award, as `POST /api/v1/funding` does (the console's form too).
pub fn create(conn: &mut DbConn, context: &Context, fields: FundingFields) -> Result<FundingView, ApiError> {
    let caller = context.caller()?;
    // Partners and partner tokens never write funding, whatever the project: refuse them
    // before the project is looked up.
    policy::write_funding(caller, &Involvement { heads_lead: true, ..Involvement::none() }, "")?;
    let scope = context.scope();
    funding::readable_project(conn, &scope, &fields.project_id)?;
    let involvement = involvement(conn, caller, &fields.project_id)?;
    may_write(caller, &involvement, funding::claimed_side(conn, &fields)?.as_deref())?;
    let record = FundingRecord::insert(conn, &scope, fields, &context.actor()?)?;
    FundingRecord::view(conn, record)
}

/// Whether the caller keeps any side of project `project_id`'s funding (the console offers its
/// form then; the record itself is decided by [`create`]).
pub fn may_record_on(conn: &mut DbConn, context: &Context, project_id: &str) -> Result<bool, ApiError> {
    let caller = context.caller()?;
    let involvement = involvement(conn, caller, project_id)?;
    Ok(involvement.sides.iter().any(|side| may_write(caller, &involvement, Some(side)).is_ok())
        || may_write(caller, &involvement, None).is_ok())
}

/// Read one funding record. Anyone may read the funding of a `public` project, signed in or not.
#[utoipa::path(
    tag = "funding",
    security((), ("bearer" = [])),
    params(RecordId, IfNoneMatch),
    responses(
        Current<FundingResponse>,
        NotReadable, NotModified, Anyone,
    )
)]
#[get("/funding/{id}")]
pub async fn get_funding(request: Reading<Public>) -> Result<HttpResponse, ApiError> {
    let read = |conn: &mut DbConn, context: &Context, id: &str| {
        let record = FundingRecord::find_visible(conn, &context.scope(), id)?;
        FundingRecord::view(conn, record)
    };
    request.respond(read, |view| view.record.version, FundingResponse::new).await
}

/// Change a funding record (JSON merge patch; `If-Match` required). The caller must keep the
/// record's side both as it is and as it would be; the project cannot change.
#[utoipa::path(
    tag = "funding",
    security(("bearer" = [])),
    params(RecordId, IfMatch),
    request_body(content = UpdateFunding, content_type = "application/merge-patch+json", description = "Also accepted as application/json."),
    responses(
        Changed<FundingResponse>,
        (status = 403, description = "You may read this record but not keep its side (as it is, or as it would be)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The funder's award number is already on record (named in `errors`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields or references, or a field that cannot change (`project_id`)", body = Problem, content_type = "application/problem+json"),
        NotReadable, Versioned, JsonBody, SignedIn,
    )
)]
#[patch("/funding/{id}")]
pub async fn update_funding(change: Change<UpdateFunding>) -> Result<HttpResponse, ApiError> {
    let update = |conn: &mut DbConn, context: &Context, id: &str, if_match: &IfMatch, changes: FundingChanges| {
        let (caller, scope) = (context.caller()?, context.scope());
        let record = FundingRecord::find_visible(conn, &scope, id)?;
        let new_application = changes.touches_application();
        let after = changes.apply(record.fields()?);
        // The caller must keep the record's side both as it is and as it would be.
        let involvement = involvement(conn, caller, &record.project_id)?;
        policy::write_funding(caller, &involvement, &record.side)?;
        may_write(caller, &involvement, funding::claimed_side(conn, &after)?.as_deref())?;
        let record = versioned::update(conn, &context.actor()?, record, if_match, |conn, record| {
            record.rewrite(conn, &scope, &after, new_application)
        })?;
        FundingRecord::view(conn, record)
    };
    change.respond(update, |view| view.record.version, FundingResponse::new).await
}

/// Delete a funding record no output names (administrators); one that outputs acknowledge is
/// set to `withdrawn` instead. `If-Match` is optional; when sent it must be current. Its history
/// stays.
#[utoipa::path(
    tag = "funding",
    security(("bearer" = [])),
    params(RecordId, OptionalIfMatch),
    responses(
        (status = 409, description = "Outputs name it (`errors` field `outputs`); set its status to `withdrawn` instead", body = Problem, content_type = "application/problem+json"),
        NotReadable, Deleted, SignedIn,
    )
)]
#[delete("/funding/{id}")]
pub async fn delete_funding(deletion: Deletion) -> Result<HttpResponse, ApiError> {
    deletion
        .run(
            |conn, context, id| FundingRecord::find_visible(conn, &context.scope(), id),
            FundingRecord::references,
            funding::STILL_REFERENCED,
        )
        .await
}

/// The history of a funding record, newest first. Coordinators and administrators also read the
/// history of a deleted record.
#[utoipa::path(
    tag = "funding",
    security(("bearer" = [])),
    params(RecordId, HistoryQuery),
    responses(
        (status = 200, description = "One page of changes", body = HistoryPage,
            headers(("Link" = String, description = "`<next page URL>; rel=\"next\"` when there is one")),
            example = json!({
                "items": [
                    {
                        "id": "0193b0d4-6a5b-7c3d-8e2f-9a0b1c2d3e04",
                        "action": "update",
                        "actor_kind": "user",
                        "actor_id": "0193a4f0-3b2a-7d6c-9e8f-0a1b2c3d4e05",
                        "request_id": "6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f",
                        "at": "2024-07-01T08:15:00Z",
                        "changes": {"status": {"before": "active", "after": "ended"}}
                    },
                    {
                        "id": "0193a5c8-1e2d-7a4b-9c3e-5f6a7b8c9d03",
                        "action": "create",
                        "actor_kind": "user",
                        "actor_id": "0193a4f0-3b2a-7d6c-9e8f-0a1b2c3d4e05",
                        "request_id": "2b3c4d5e-6f70-4a81-9b2c-3d4e5f6a7b8c",
                        "at": "2021-07-05T09:30:00Z",
                        "changes": {
                            "award_number": {"before": null, "after": "21-45-00012"},
                            "amount_minor": {"before": null, "after": 600000000},
                            "currency": {"before": null, "after": "RUB"},
                            "status": {"before": null, "after": "active"},
                            "side": {"before": null, "after": "RU"}
                        }
                    }
                ],
                "next": null,
                "next_cursor": null
            })),
        NotReadable, InvalidQuery, SignedIn,
    )
)]
#[get("/funding/{id}/history")]
pub async fn funding_history(request: HistoryRequest) -> Result<HttpResponse, ApiError> {
    request.of_visible_record(funding::RESOURCE, COLLECTION, FundingRecord::find_visible).await
}
