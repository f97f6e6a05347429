//! `/api/v1/outputs`: what joint projects produced. An output is read through its projects: one
//! none of whose projects the caller may read is 404 here, absent from lists, counts and CSV.
//! Lab heads record the outputs of projects their laboratories take part in.

mod export;
pub mod list;
pub mod wire;

use actix_web::{HttpResponse, delete, get, patch, post};

use crate::auth::caller::Caller;
use crate::auth::policy;
use crate::db::DbConn;
use crate::db::models::output::{Output, OutputChanges, OutputFields, OutputView, readable_projects};
use crate::db::models::project_access::{Involvement, ReadScope, involvement};
use crate::db::models::versioned;
use crate::error::{ApiError, Problem};
use crate::http::creation::Creation;
use crate::http::etag::{IfMatch, IfNoneMatch, OptionalIfMatch};
use crate::http::exchange::{Context, Public};
use crate::http::record::{Change, Reading, RecordId};
use crate::http::responses::{
    Anyone, Changed, Created, Current, Deleted, InvalidQuery, JsonBody, NotModified, NotReadable, SignedIn, Versioned,
};
use crate::routes::deletion::{self, Deletion};
use crate::routes::history::{HistoryPage, HistoryQuery, HistoryRequest};
use wire::{CreateOutput, OutputResponse, UpdateOutput};

pub use list::page_of_outputs;

const COLLECTION: &str = "/api/v1/outputs";

/// Whether `caller` may record outputs for the projects of an output as it is (`before`, none
/// for a new one) and as it would be (`after`): every project it had, and every readable one it
/// gets. A project the caller may not read is not refused here: validation reports it as a field
/// that names no project, exactly as if it did not exist.
fn may_record(
    conn: &mut DbConn,
    caller: &Caller,
    scope: &ReadScope,
    before: Option<&OutputFields>,
    after: &OutputFields,
) -> Result<(), ApiError> {
    let before: &[String] = before.map_or(&[], |b| &b.project_ids);
    let added: Vec<String> = after.project_ids.iter().filter(|id| !before.contains(id)).cloned().collect();
    let readable = readable_projects(conn, scope, &added)?;
    for project_id in before.iter().chain(added.iter().filter(|id| readable.contains(*id))) {
        policy::write_outputs(caller, &involvement(conn, caller, project_id)?)?;
    }
    Ok(())
}

/// Refuses at once those who never record outputs (partner tokens and accounts), before any
/// field is looked at; the project-by-project decision comes in [`may_record`].
fn may_record_any(caller: &Caller) -> Result<(), ApiError> {
    policy::write_outputs(caller, &Involvement { heads_any: true, ..Involvement::none() })
}

/// Record an output. Coordinators and administrators record any; a lab head, outputs of projects
/// their laboratories take part in.
#[utoipa::path(
    tag = "outputs",
    security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, nullable = false, min_length = 1, max_length = 255, pattern = "^[!-~]+$", description = "Makes the create safe to retry: the same key and body within 24 h return the first answer", example = "b2d4f6a8-1c3e-4a5b-9d7f-6e8c0a2b4d61")),
    request_body(content = CreateOutput, content_type = "application/json"),
    responses(
        Created<OutputResponse>,
        (status = 403, description = "A partner, or a lab head none of whose laboratories takes part in one of the projects", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The DOI is already registered (`errors` names `doi`), or a request with this Idempotency-Key is still running", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields or references (a project you may not read names no project), or an Idempotency-Key used with another body", body = Problem, content_type = "application/problem+json"),
        JsonBody, SignedIn,
    )
)]
#[post("/outputs")]
pub async fn create_output(creation: Creation<CreateOutput>) -> Result<HttpResponse, ApiError> {
    creation.respond(COLLECTION, create, |view, _| OutputResponse::new(view)).await
}

/// Records an output, as `POST /api/v1/outputs` does (the console's form too).
pub fn create(conn: &mut DbConn, context: &Context, fields: OutputFields) -> Result<OutputView, ApiError> {
    let (caller, scope) = (context.caller()?, context.scope());
    may_record_any(caller)?;
    may_record(conn, caller, &scope, None, &fields)?;
    let output = Output::insert(conn, &scope, fields, &context.actor()?)?;
    Output::view(conn, &scope, output)
}

/// Whether the caller may record outputs of project `project_id` (the console offers its form
/// then, and the project among those an output may link; the record is decided by [`create`]).
pub fn may_record_on(conn: &mut DbConn, context: &Context, project_id: &str) -> Result<bool, ApiError> {
    let caller = context.caller()?;
    Ok(may_record_any(caller).is_ok() && policy::write_outputs(caller, &involvement(conn, caller, project_id)?).is_ok())
}

/// Output `id` with the links the caller may read, as `GET /api/v1/outputs/{id}` reads it.
pub fn read(conn: &mut DbConn, context: &Context, id: &str) -> Result<OutputView, ApiError> {
    let scope = context.scope();
    let output = Output::find_visible(conn, &scope, id)?;
    Output::view(conn, &scope, output)
}

/// Read one output. Anyone may read an output of a `public` project, signed in or not; the
/// project and funding ids shown are those you may read.
#[utoipa::path(
    tag = "outputs",
    security((), ("bearer" = [])),
    params(RecordId, IfNoneMatch),
    responses(
        Current<OutputResponse>,
        (status = 404, description = "No such output, or none of its projects is one you may read", body = Problem, content_type = "application/problem+json"),
        NotModified, Anyone,
    )
)]
#[get("/outputs/{id}")]
pub async fn get_output(request: Reading<Public>) -> Result<HttpResponse, ApiError> {
    request.respond(read, |view| view.output.version, OutputResponse::new).await
}

/// Change an output (JSON merge patch; `If-Match` required). You need the right to record outputs
/// for every project it belongs to, before and after the change.
#[utoipa::path(
    tag = "outputs",
    security(("bearer" = [])),
    params(RecordId, IfMatch),
    request_body(content = UpdateOutput, content_type = "application/merge-patch+json", description = "Also accepted as application/json."),
    responses(
        Changed<OutputResponse>,
        (status = 403, description = "You may read this output but not record outputs for all of its projects (before or after the change)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The DOI is already registered for another output", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields or references", body = Problem, content_type = "application/problem+json"),
        NotReadable, Versioned, JsonBody, SignedIn,
    )
)]
#[patch("/outputs/{id}")]
pub async fn update_output(change: Change<UpdateOutput>) -> Result<HttpResponse, ApiError> {
    let update = |conn: &mut DbConn, context: &Context, id: &str, if_match: &IfMatch, changes: OutputChanges| {
        let (caller, scope) = (context.caller()?, context.scope());
        let output = Output::find_visible(conn, &scope, id)?;
        // Every link, also those the caller cannot read: the rights are checked on all of them.
        let current = Output::view(conn, &ReadScope::Everything, output)?;
        let before = current.fields()?;
        let after = changes.apply(before.clone());
        may_record(conn, caller, &scope, Some(&before), &after)?;
        let changed = versioned::update(conn, &context.actor()?, current, if_match, |conn, view| {
            view.rewrite(conn, &scope, after)
        })?;
        Output::view(conn, &scope, changed.output)
    };
    change.respond(update, |view| view.output.version, OutputResponse::new).await
}

/// Delete an output (administrators). Nothing refers to outputs, so any may go; its history stays.
#[utoipa::path(
    tag = "outputs",
    security(("bearer" = [])),
    params(RecordId, OptionalIfMatch),
    responses(
        NotReadable, Deleted, SignedIn,
    )
)]
#[delete("/outputs/{id}")]
pub async fn delete_output(deletion: Deletion) -> Result<HttpResponse, ApiError> {
    deletion
        .run(
            |conn, context, id| {
                let output = Output::find_visible(conn, &context.scope(), id)?;
                Output::view(conn, &ReadScope::Everything, output)
            },
            deletion::unreferenced,
            "",
        )
        .await
}

/// The history of an output, newest first, for anyone signed in who may read the output. Links to
/// projects and funding records you may not read are left out of it; coordinators and
/// administrators also read the history of a deleted output.
#[utoipa::path(
    tag = "outputs",
    security(("bearer" = [])),
    params(RecordId, HistoryQuery),
    responses(
        (status = 200, description = "One page of changes", body = HistoryPage,
            headers(("Link" = String, description = "`<next page URL>; rel=\"next\"` when there is one")),
            example = json!({
                "items": [{
                    "id": "01935d33-1f0e-7a64-b2d8-3c9e5a7f1b20",
                    "action": "update",
                    "actor_kind": "user",
                    "actor_id": "01935d20-88c4-7b19-9e3a-6d1f2c0b4e55",
                    "request_id": "4f1c2e8a-9b3d-4e6f-8a1b-2c3d4e5f6a7b",
                    "at": "2026-11-29T14:05:00Z",
                    "changes": {"author_countries": {"before": ["CN", "RU"], "after": ["CN", "KZ", "RU"]}}
                }],
                "next": null,
                "next_cursor": null
            })),
        NotReadable, InvalidQuery, SignedIn,
    )
)]
#[get("/outputs/{id}/history")]
pub async fn output_history(request: HistoryRequest) -> Result<HttpResponse, ApiError> {
    request.of_visible_record("output", COLLECTION, Output::find_visible).await
}
