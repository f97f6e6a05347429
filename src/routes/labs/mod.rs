//! `/api/v1/labs`: laboratories, with their status over time.

pub mod wire;

use actix_web::web::{Data, Path};
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post};
use chrono::Utc;

use crate::auth::caller::Caller;
use crate::auth::policy;
use crate::db::Db;
use crate::db::models::idempotency::StoredResponse;
use crate::db::models::lab::{InitialStatus, Lab, LabChanges, LabView, ListFilter};
use crate::domain::lab::LabStatus;
use crate::domain::{country, search_key};
use crate::error::{ApiError, Problem};
use crate::http::csv;
use crate::http::etag::{IfMatch, IfNoneMatch, OptionalIfMatch, etag};
use crate::http::idempotency::{IdempotencyKey, create_once};
use crate::http::json::ApiJson;
use crate::http::pagination::{Cursor, DEFAULT_LIMIT, NextPage};
use crate::http::query::ApiQuery;
use crate::http::record_id;
use crate::routes::history::{self, HistoryPage, HistoryQuery};
use wire::{CreateLab, LabPage, LabResponse, ListLabsQuery, StatusChange, StatusEntryResponse, UpdateLab};

const COLLECTION: &str = "/api/v1/labs";

fn respond(status: actix_web::http::StatusCode, response: LabResponse) -> HttpResponse {
    HttpResponse::build(status).insert_header((actix_web::http::header::ETAG, etag(response.version))).json(response)
}

/// Register a laboratory (coordinators and administrators).
#[utoipa::path(
    tag = "labs",
    security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 255, pattern = "^[!-~]+$", example = "5f0c7a52-1d9e-4c8b-9a3f-2e6d8b4c1a04", description = "Makes the create safe to retry: the same key and body within 24 h return the first answer")),
    request_body(content = CreateLab, content_type = "application/json"),
    responses(
        (status = 201, description = "Created", body = LabResponse,
            headers(("Location" = String, description = "URL of the new laboratory"), ("ETag" = String, description = "Version tag for If-Match"))),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a coordinator or administrator", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A request with this Idempotency-Key is still running", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields or references, or an Idempotency-Key used with another body", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable; see Retry-After", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "Internal error; quote the request id", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/labs")]
pub async fn create_lab(
    db: Data<Db>,
    caller: Caller,
    key: IdempotencyKey,
    body: ApiJson<CreateLab>,
) -> Result<HttpResponse, ApiError> {
    policy::write_registry(&caller)?;
    let (input, fingerprint) = body.into_parts();
    let (fields, status) = input.into_parts();
    let initial = match status {
        Some(change) => InitialStatus {
            status: change.status,
            effective_on: change.effective_on,
            reason: change.reason.trim().to_owned(),
        },
        None => InitialStatus {
            status: LabStatus::Planned,
            effective_on: Utc::now().date_naive(),
            reason: "registered".into(),
        },
    };
    let actor = caller.actor();
    create_once(&db, &caller, key, fingerprint, move |conn| {
        let lab = Lab::insert(conn, fields, initial, &actor)?;
        let view = Lab::view(conn, lab)?;
        let location = format!("{COLLECTION}/{}", view.lab.id);
        let version = view.lab.version;
        StoredResponse::created(location, etag(version), &LabResponse::new(view, true))
    })
    .await
}

/// Read one laboratory with its status history.
#[utoipa::path(
    tag = "labs",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, format = Uuid, example = "01a21f73-9c00-7000-8000-000000000301", description = "Laboratory id"),
        ("If-None-Match" = Option<String>, Header, example = "\"3\"", description = "ETag of a cached copy: 304 when it is current"),
    ),
    responses(
        (status = 200, description = "The laboratory", body = LabResponse, headers(("ETag" = String, description = "Version tag for If-Match"))),
        (status = 304, description = "Not modified since the ETag in If-None-Match"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such laboratory", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable; see Retry-After", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "Internal error; quote the request id", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/labs/{id}")]
pub async fn get_lab(
    db: Data<Db>,
    caller: Caller,
    id: Path<String>,
    cached: IfNoneMatch,
) -> Result<HttpResponse, ApiError> {
    policy::read_registry(&caller)?;
    let id = record_id(&id)?;
    let view = db
        .run(move |conn| {
            let lab = Lab::find(conn, &id)?;
            Lab::view(conn, lab)
        })
        .await?;
    if cached.matches(view.lab.version) {
        return Ok(HttpResponse::NotModified()
            .insert_header((actix_web::http::header::ETAG, etag(view.lab.version)))
            .finish());
    }
    Ok(respond(actix_web::http::StatusCode::OK, LabResponse::new(view, true)))
}

/// List laboratories, with filters, search in three scripts, sorting and cursor paging;
/// `Accept: text/csv` gives every match as CSV.
#[utoipa::path(
    tag = "labs",
    security(("bearer" = [])),
    params(ListLabsQuery),
    responses(
        (status = 200, description = "One page; or, with `Accept: text/csv`, every match as CSV",
            headers(("Link" = String, description = "`<next page URL>; rel=\"next\"` when there is one")),
            content((LabPage = "application/json"), (String = "text/csv"))),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid parameter", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable; see Retry-After", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "Internal error; quote the request id", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/labs")]
pub async fn list_labs(
    req: HttpRequest,
    db: Data<Db>,
    caller: Caller,
    query: ApiQuery<ListLabsQuery>,
) -> Result<HttpResponse, ApiError> {
    policy::read_registry(&caller)?;
    let query = query.into_inner();
    let sort = query.sort.unwrap_or_default();
    let after = Cursor::from_param(query.cursor.as_deref(), sort.as_str())?;
    let filter = ListFilter {
        query: query.q.as_deref().map(search_key::normalise).filter(|q| !q.is_empty()),
        centre_id: query.centre_id.clone(),
        institution_id: query.institution_id.clone(),
        country: query.country.as_deref().map(country::normalise),
        head_user_id: query.head_user_id.clone(),
        status: query.status,
        today: Some(Utc::now().date_naive()),
    };
    if csv::wanted(&req) {
        let views = db
            .run(move |conn| {
                csv::read_all(|last: Option<&LabView>, n| {
                    let after = last.map(|l| (l.lab.sort_key.clone(), l.lab.id.clone()));
                    let (labs, _) = Lab::list(conn, &filter, sort, after, n)?;
                    Lab::views(conn, labs)
                })
            })
            .await?;
        return export(views.into_iter().map(|v| LabResponse::new(v, false)).collect());
    }
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
    let params = [
        ("q", query.q.clone()),
        ("centre_id", query.centre_id.clone()),
        ("institution_id", query.institution_id.clone()),
        ("country", query.country.clone()),
        ("head_user_id", query.head_user_id.clone()),
        ("status", query.status.map(|s| s.as_str().to_owned())),
        ("sort", Some(sort.as_str().to_owned())),
        ("limit", Some(limit.to_string())),
    ];
    let (views, total, page) = db
        .run(move |conn| {
            let after = after.map(|c| (c.key.unwrap_or_default(), c.id));
            let (mut labs, total) = Lab::list(conn, &filter, sort, after, i64::from(limit) + 1)?;
            let page = NextPage::after(&mut labs, limit, COLLECTION, &params, |last| {
                Cursor::new(sort.as_str(), sort.by_name().then(|| last.sort_key.clone()), last.id.clone())
            });
            let views = Lab::views(conn, labs)?;
            Ok((views, total, page))
        })
        .await?;
    let items: Vec<LabResponse> = views.into_iter().map(|v| LabResponse::new(v, false)).collect();
    Ok(page.respond(&LabPage { items, total, next: page.next.clone(), next_cursor: page.next_cursor.clone() }))
}

fn export(items: Vec<LabResponse>) -> Result<HttpResponse, ApiError> {
    let columns = [
        "id",
        "name_en",
        "name_ru",
        "name_zh",
        "institution_id",
        "country",
        "centre_id",
        "head_user_id",
        "research_line",
        "status",
        "status_since",
    ];
    let rows = items.into_iter().map(|l| {
        vec![
            l.id,
            l.names.en,
            csv::optional(&l.names.ru),
            csv::optional(&l.names.zh),
            l.institution_id,
            l.country,
            csv::optional(&l.centre_id),
            csv::optional(&l.head_user_id),
            csv::optional(&l.research_line),
            l.status.map(|s| s.as_str().to_owned()).unwrap_or_default(),
            l.status_since.map(|d| d.to_string()).unwrap_or_default(),
        ]
    });
    csv::response("labs", &columns, rows)
}

/// Change a laboratory (JSON merge patch; `If-Match` required). Coordinators and administrators
/// change anything; the lab's head changes everything but the head.
#[utoipa::path(
    tag = "labs",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, format = Uuid, example = "01a21f73-9c00-7000-8000-000000000301", description = "Laboratory id"),
        ("If-Match" = String, Header, example = "\"3\"", description = "ETag of the version being changed"),
    ),
    request_body(content = UpdateLab, content_type = "application/merge-patch+json", description = "Also accepted as application/json."),
    responses(
        (status = 200, description = "The changed laboratory", body = LabResponse, headers(("ETag" = String, description = "The new version tag"))),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not this lab's head, a coordinator or an administrator; or a lab head changing the head", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such laboratory", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale If-Match", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields or references", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match missing", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable; see Retry-After", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "Internal error; quote the request id", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/labs/{id}")]
pub async fn update_lab(
    db: Data<Db>,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
    body: ApiJson<UpdateLab>,
) -> Result<HttpResponse, ApiError> {
    let id = record_id(&id)?;
    let changes = LabChanges::from(body.into_inner());
    let view = db
        .run(move |conn| {
            let lab = Lab::find(conn, &id)?;
            policy::edit_lab(&caller, lab.head_user_id.as_deref(), changes.touches_head())?;
            let lab = Lab::update(conn, &id, |v| if_match.matches(v), changes, &caller.actor())?;
            Lab::view(conn, lab)
        })
        .await?;
    Ok(respond(actix_web::http::StatusCode::OK, LabResponse::new(view, true)))
}

/// Record a status change (coordinators, administrators, or the lab's head). Entries are never
/// edited or removed: a mistake is corrected by a newer entry.
#[utoipa::path(
    tag = "labs",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, format = Uuid, example = "01a21f73-9c00-7000-8000-000000000301", description = "Laboratory id"),
        ("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 255, pattern = "^[!-~]+$", example = "5f0c7a52-1d9e-4c8b-9a3f-2e6d8b4c1a05", description = "Makes the request safe to retry: the same key and body within 24 h return the first answer"),
    ),
    request_body(content = StatusChange, content_type = "application/json"),
    responses(
        (status = 201, description = "Recorded", body = StatusEntryResponse),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not this lab's head, a coordinator or an administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such laboratory", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A request with this Idempotency-Key is still running", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or an Idempotency-Key used with another body", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable; see Retry-After", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "Internal error; quote the request id", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/labs/{id}/status")]
pub async fn record_lab_status(
    db: Data<Db>,
    caller: Caller,
    key: IdempotencyKey,
    id: Path<String>,
    body: ApiJson<StatusChange>,
) -> Result<HttpResponse, ApiError> {
    let id = record_id(&id)?;
    let (change, fingerprint) = body.into_parts();
    let who = caller.clone();
    create_once(&db, &caller, key, fingerprint, move |conn| {
        let lab = Lab::find(conn, &id)?;
        policy::record_lab_status(&who, lab.head_user_id.as_deref())?;
        let entry =
            Lab::record_status(conn, &id, change.status, change.effective_on, change.reason.trim(), &who.actor())?;
        StoredResponse::json(201, &StatusEntryResponse::from(entry))
    })
    .await
}

/// Delete a laboratory nothing refers to (administrators); otherwise close it. Its history stays.
#[utoipa::path(
    tag = "labs",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, format = Uuid, example = "01a21f73-9c00-7000-8000-000000000301", description = "Laboratory id"),
        ("If-Match" = Option<String>, Header, example = "\"3\"", description = "ETag of the version being deleted"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such laboratory", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Mirror links refer to it; close it instead", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale If-Match", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable; see Retry-After", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "Internal error; quote the request id", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/labs/{id}")]
pub async fn delete_lab(
    db: Data<Db>,
    caller: Caller,
    id: Path<String>,
    if_match: OptionalIfMatch,
) -> Result<HttpResponse, ApiError> {
    policy::delete_records(&caller)?;
    let id = record_id(&id)?;
    let actor = caller.actor();
    db.run(move |conn| Lab::delete(conn, &id, |v| if_match.0.as_ref().is_none_or(|m| m.matches(v)), &actor)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The history of a laboratory, newest first (also after it was deleted).
#[utoipa::path(
    tag = "labs",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, example = "01a21f73-9c00-7000-8000-000000000301", description = "Laboratory id"), HistoryQuery),
    responses(
        (status = 200, description = "One page of changes", body = HistoryPage,
            headers(("Link" = String, description = "`<next page URL>; rel=\"next\"` when there is one"))),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such laboratory", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid parameter", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable; see Retry-After", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "Internal error; quote the request id", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/labs/{id}/history")]
pub async fn lab_history(
    db: Data<Db>,
    caller: Caller,
    id: Path<String>,
    query: ApiQuery<HistoryQuery>,
) -> Result<HttpResponse, ApiError> {
    policy::read_registry(&caller)?;
    let id = record_id(&id)?;
    history::page(&db, "lab", COLLECTION, id, query.into_inner(), |conn, id| match Lab::find(conn, id) {
        Err(ApiError::NotFound) if crate::db::models::history::exists_for(conn, "lab", id)? => Ok(()),
        other => other.map(|_| ()),
    })
    .await
}
