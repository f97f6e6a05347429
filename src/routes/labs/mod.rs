//! `/api/v1/labs`: laboratories, with their status over time.

pub mod export;
pub mod wire;

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post};

use crate::auth::policy;
use crate::db::DbConn;
use crate::db::models::idempotency::StoredResponse;
use crate::db::models::lab::{InitialStatus, Lab, LabChanges, LabView, ListFilter};
use crate::db::models::lab_status::LabStatusEntry;
use crate::db::models::versioned::{self, Precondition};
use crate::domain::lab::LabStatus;
use crate::domain::{country, search_key};
use crate::error::{ApiError, Problem};
use crate::http::creation::Creation;
use crate::http::csv;
use crate::http::etag::{IfMatch, IfNoneMatch, OptionalIfMatch};
use crate::http::exchange::{Context, Exchange};
use crate::http::idempotency::IdempotencyKey;
use crate::http::json::ApiJson;
use crate::http::pagination::{Cursor, DEFAULT_LIMIT, NextPage, PageLink};
use crate::http::query::ApiQuery;
use crate::http::record::{Change, Reading, RecordId, RecordRequest};
use crate::http::responses::{
    Changed, Created, Current, Deleted, Idempotent, InvalidQuery, JsonBody, Listed, NoSuchRecord, NotModified,
    SignedIn, StaffOnly, Versioned,
};
use crate::http::spreadsheet::Spreadsheet;
use crate::routes::deletion::Deletion;
use crate::routes::history::{History, HistoryQuery, HistoryRequest};
use wire::{CreateLab, LabPage, LabResponse, ListLabsQuery, StatusChange, StatusEntryResponse, UpdateLab};

const COLLECTION: &str = "/api/v1/labs";

/// Why a deletion is refused while other records refer to the laboratory.
const STILL_REFERENCED: &str =
    "Other records refer to this laboratory, so it cannot be deleted; close it instead (POST …/status).";

/// Register a laboratory (coordinators and administrators).
#[utoipa::path(
    tag = "labs",
    security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, nullable = false, min_length = 1, max_length = 255, pattern = "^[!-~]+$", example = "5f0c7a52-1d9e-4c8b-9a3f-2e6d8b4c1a04", description = "Makes the create safe to retry: the same key and body within 24 h return the first answer")),
    request_body(content = CreateLab, content_type = "application/json"),
    responses(
        Created<LabResponse>,
        (status = 422, description = "Invalid fields or references, or an Idempotency-Key used with another body", body = Problem, content_type = "application/problem+json"),
        StaffOnly, Idempotent, JsonBody, SignedIn,
    )
)]
#[post("/labs")]
pub async fn create_lab(creation: Creation<CreateLab>) -> Result<HttpResponse, ApiError> {
    creation.respond(COLLECTION, create, |view, context| LabResponse::new(view, true, context.today)).await
}

/// Registers a laboratory, as `POST /api/v1/labs` does (the console's form too): by default
/// `planned` from today, "registered".
pub fn create(conn: &mut DbConn, context: &Context, input: CreateLab) -> Result<LabView, ApiError> {
    policy::write_registry(context.caller()?)?;
    let (fields, status) = input.into_parts();
    let initial = match status {
        Some(change) => InitialStatus {
            status: change.status,
            effective_on: change.effective_on,
            reason: change.reason.trim().to_owned(),
        },
        None => InitialStatus { status: LabStatus::Planned, effective_on: context.today, reason: "registered".into() },
    };
    let lab = Lab::insert(conn, fields, initial, &context.actor()?)?;
    Lab::view(conn, lab)
}

/// Changes laboratory `id` if it is still the version `expected` names, as `PATCH` does: its
/// head changes all but its institution and head.
pub fn update(
    conn: &mut DbConn,
    context: &Context,
    id: &str,
    expected: &impl Precondition,
    changes: LabChanges,
) -> Result<LabView, ApiError> {
    let lab = Lab::find(conn, id)?;
    policy::edit_lab(context.caller()?, lab.head_user_id.as_deref(), changes.reassigns(&lab))?;
    let lab = versioned::update(conn, &context.actor()?, lab, expected, |conn, lab| changes.apply(conn, lab))?;
    Lab::view(conn, lab)
}

/// Read one laboratory with its status history.
#[utoipa::path(
    tag = "labs",
    security(("bearer" = [])),
    params(RecordId, IfNoneMatch),
    responses(
        Current<LabResponse>,
        NoSuchRecord, NotModified, SignedIn,
    )
)]
#[get("/labs/{id}")]
pub async fn get_lab(request: Reading) -> Result<HttpResponse, ApiError> {
    let read_on_day = |conn: &mut DbConn, context: &Context, id: &str| Ok((read(conn, context, id)?, context.today));
    request
        .respond(read_on_day, |(view, _)| view.lab.version, |(view, today)| LabResponse::new(view, true, today))
        .await
}

/// Laboratory `id` with its country and statuses, as `GET /api/v1/labs/{id}` reads it.
pub fn read(conn: &mut DbConn, context: &Context, id: &str) -> Result<LabView, ApiError> {
    policy::read_registry(context.caller()?)?;
    let lab = Lab::find(conn, id)?;
    Lab::view(conn, lab)
}

/// List laboratories, with filters, search in three scripts, sorting and cursor paging;
/// `Accept: text/csv` gives every match as CSV.
#[utoipa::path(
    tag = "labs",
    security(("bearer" = [])),
    params(ListLabsQuery),
    responses(
        Listed<LabPage>, InvalidQuery, SignedIn,
    )
)]
#[get("/labs")]
pub async fn list_labs(
    req: HttpRequest,
    exchange: Exchange,
    query: ApiQuery<ListLabsQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let link = PageLink::of(&req);
    let sort = query.page.sort.unwrap_or_default();
    let after = Cursor::from_param(query.page.cursor.as_deref(), sort.as_str())?;
    let mut filter = ListFilter {
        query: query.q.as_deref().map(search_key::normalise).filter(|q| !q.is_empty()),
        centre_id: query.centre_id.clone(),
        institution_id: query.institution_id.clone(),
        country: query.country.as_deref().map(country::normalise),
        head_user_id: query.head_user_id.clone(),
        status: query.status,
        today: None,
        updated_since: query.page.updated_since.map(|t| t.naive_utc()),
    };
    if let Some(sheet) = Spreadsheet::wanted(&req) {
        let rows = exchange
            .read(move |conn, context| {
                policy::read_registry(context.caller()?)?;
                filter.today = Some(context.today);
                let views = csv::read_all(|last: Option<&LabView>, n| {
                    let after = last.map(|l| (l.lab.sort_key.clone(), l.lab.id.clone()));
                    let (labs, _) = Lab::list(conn, &filter, sort, after, n)?;
                    Lab::views(conn, labs)
                })?;
                let items = views
                    .into_iter()
                    .map(|v| LabResponse::new(v, false, context.today))
                    .collect::<Result<Vec<_>, _>>()?;
                export::rows(conn, sheet, items)
            })
            .await?;
        return export::respond(sheet, rows).await;
    }
    let limit = query.page.limit.unwrap_or(DEFAULT_LIMIT);
    let (items, total, page) = exchange
        .read(move |conn, context| {
            policy::read_registry(context.caller()?)?;
            filter.today = Some(context.today);
            let (mut labs, total) = Lab::list(conn, &filter, sort, after.map(Cursor::position), i64::from(limit) + 1)?;
            let page =
                NextPage::after(&mut labs, limit, &link, |last| Cursor::in_name_order(sort, &last.sort_key, &last.id));
            let items = Lab::views(conn, labs)?
                .into_iter()
                .map(|v| LabResponse::new(v, false, context.today))
                .collect::<Result<Vec<_>, _>>()?;
            Ok((items, total, page))
        })
        .await?;
    Ok(LabPage::respond(items, total, page))
}

/// Change a laboratory (JSON merge patch; `If-Match` required). Coordinators and administrators
/// change anything; the lab's head changes everything but its institution and its head.
#[utoipa::path(
    tag = "labs",
    security(("bearer" = [])),
    params(RecordId, IfMatch),
    request_body(content = UpdateLab, content_type = "application/merge-patch+json", description = "Also accepted as application/json."),
    responses(
        Changed<LabResponse>,
        (status = 403, description = "Not this lab's head, a coordinator or an administrator; or a lab head changing the lab's institution or head", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields or references", body = Problem, content_type = "application/problem+json"),
        NoSuchRecord, Versioned, JsonBody, SignedIn,
    )
)]
#[patch("/labs/{id}")]
pub async fn update_lab(change: Change<UpdateLab>) -> Result<HttpResponse, ApiError> {
    let update_on_day = |conn: &mut DbConn, context: &Context, id: &str, if_match: &IfMatch, changes: LabChanges| {
        Ok((update(conn, context, id, if_match, changes)?, context.today))
    };
    change
        .respond(update_on_day, |(view, _)| view.lab.version, |(view, today)| LabResponse::new(view, true, today))
        .await
}

/// Record a status change (coordinators, administrators, or the lab's head). Entries are never
/// edited or removed: a mistake is corrected by a newer entry.
#[utoipa::path(
    tag = "labs",
    security(("bearer" = [])),
    params(
        RecordId,
        ("Idempotency-Key" = Option<String>, Header, nullable = false, min_length = 1, max_length = 255, pattern = "^[!-~]+$", example = "5f0c7a52-1d9e-4c8b-9a3f-2e6d8b4c1a05", description = "Makes the request safe to retry: the same key and body within 24 h return the first answer"),
    ),
    request_body(content = StatusChange, content_type = "application/json"),
    responses(
        (status = 201, description = "Recorded", body = StatusEntryResponse),
        (status = 403, description = "Not this lab's head, a coordinator or an administrator", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or an Idempotency-Key used with another body", body = Problem, content_type = "application/problem+json"),
        NoSuchRecord, Idempotent, JsonBody, SignedIn,
    )
)]
#[post("/labs/{id}/status")]
pub async fn record_lab_status(
    request: RecordRequest<(IdempotencyKey, ApiJson<StatusChange>)>,
) -> Result<HttpResponse, ApiError> {
    let (exchange, id, (key, body)) = request.into_parts()?;
    let (change, fingerprint) = body.into_parts();
    exchange
        .create(key, fingerprint, move |conn, context| {
            let entry = record_status(conn, context, &id, &change)?;
            StoredResponse::json(201, &StatusEntryResponse::new(entry)?)
        })
        .await
}

/// Records a status change of laboratory `id`, as `POST /api/v1/labs/{id}/status` does (the
/// console's form too).
pub fn record_status(
    conn: &mut DbConn,
    context: &Context,
    id: &str,
    change: &StatusChange,
) -> Result<LabStatusEntry, ApiError> {
    let lab = Lab::find(conn, id)?;
    policy::record_lab_status(context.caller()?, lab.head_user_id.as_deref())?;
    lab.record_status(conn, change.status, change.effective_on, change.reason.trim(), &context.actor()?)
}

/// Delete a laboratory nothing refers to (administrators); otherwise close it. Its history stays.
#[utoipa::path(
    tag = "labs",
    security(("bearer" = [])),
    params(RecordId, OptionalIfMatch),
    responses(
        (status = 409, description = "Mirror links, projects, funding or participants refer to it; close it instead", body = Problem, content_type = "application/problem+json"),
        NoSuchRecord, Deleted, SignedIn,
    )
)]
#[delete("/labs/{id}")]
pub async fn delete_lab(deletion: Deletion) -> Result<HttpResponse, ApiError> {
    deletion.run(|conn, _, id| Lab::find(conn, id), Lab::references, STILL_REFERENCED).await
}

/// The history of a laboratory, newest first (also after it was deleted).
#[utoipa::path(
    tag = "labs",
    security(("bearer" = [])),
    params(RecordId, HistoryQuery),
    responses(
        NoSuchRecord, History, SignedIn,
    )
)]
#[get("/labs/{id}/history")]
pub async fn lab_history(request: HistoryRequest) -> Result<HttpResponse, ApiError> {
    request.of_registry_record("lab", COLLECTION, |conn, id| Lab::find(conn, id).map(|_| ())).await
}
