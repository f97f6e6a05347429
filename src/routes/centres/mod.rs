//! `/api/v1/centres`: joint centres hosted by institutions on both sides, e.g. the Joint
//! Russian–Chinese Center for Systemic Pathology (South Ural State University + Wuhan University).
//! Every signed-in caller reads them (the `Caller` extractor is the check); staff write them.

pub mod wire;

use actix_web::http::header;
use actix_web::web::{Data, Path};
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post};

use crate::auth::caller::Caller;
use crate::auth::policy;
use crate::db::Db;
use crate::db::models::centre::{After, Centre, CentreChanges, CentreFields, CentreWithHosts, ListFilter};
use crate::db::models::idempotency::StoredResponse;
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
use wire::{CentrePage, CentreResponse, CreateCentre, ListCentresQuery, UpdateCentre};

const COLLECTION: &str = "/api/v1/centres";

fn with_etag(mut response: actix_web::HttpResponseBuilder, record: CentreWithHosts) -> HttpResponse {
    response.insert_header((header::ETAG, etag(record.centre.version)));
    response.json(CentreResponse::from(record))
}

/// Register a joint centre.
#[utoipa::path(
    tag = "centres",
    security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 255, pattern = "^[!-~]+$", example = "5f0c7a52-1d9e-4c8b-9a3f-2e6d8b4c1a03", description = "Makes the create safe to retry: the same key and body within 24 h return the first answer")),
    request_body(content = CreateCentre, content_type = "application/json"),
    responses(
        (status = 201, description = "Created", body = CentreResponse,
            headers(("Location" = String, description = "URL of the new centre"), ("ETag" = String, description = "Version tag for If-Match"))),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed (only coordinators and administrators write centres)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A request with this Idempotency-Key is still running", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields (including host institutions that do not exist or are all in one country), or an Idempotency-Key used with another body", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable; see Retry-After", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "Internal error; quote the request id", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/centres")]
pub async fn create_centre(
    db: Data<Db>,
    caller: Caller,
    key: IdempotencyKey,
    body: ApiJson<CreateCentre>,
) -> Result<HttpResponse, ApiError> {
    policy::write_registry(&caller)?;
    let (input, fingerprint) = body.into_parts();
    let fields = CentreFields::from(input);
    let actor = caller.actor();
    create_once(&db, &caller, key, fingerprint, move |conn| {
        let record = Centre::insert(conn, fields, &actor)?;
        let location = format!("{COLLECTION}/{}", record.centre.id);
        StoredResponse::created(location, etag(record.centre.version), &CentreResponse::from(record))
    })
    .await
}

/// Read one joint centre, with its hosts.
#[utoipa::path(
    tag = "centres",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, format = Uuid, example = "01a21f73-9c00-7000-8000-000000000201", description = "Centre id"),
        ("If-None-Match" = Option<String>, Header, example = "\"3\"", description = "ETag of a cached copy: 304 when it is current"),
    ),
    responses(
        (status = 200, description = "The centre", body = CentreResponse,
            headers(("ETag" = String, description = "Version tag for If-Match"))),
        (status = 304, description = "Not modified since the ETag in If-None-Match"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such centre", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable; see Retry-After", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "Internal error; quote the request id", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/centres/{id}")]
pub async fn get_centre(
    db: Data<Db>,
    caller: Caller,
    id: Path<String>,
    cached: IfNoneMatch,
) -> Result<HttpResponse, ApiError> {
    policy::read_registry(&caller)?;
    let id = record_id(&id)?;
    let record = db.run(move |conn| Centre::find_with_hosts(conn, &id)).await?;
    if cached.matches(record.centre.version) {
        return Ok(HttpResponse::NotModified().insert_header((header::ETAG, etag(record.centre.version))).finish());
    }
    Ok(with_etag(HttpResponse::Ok(), record))
}

/// List joint centres, with search, filters, sorting and cursor paging.
#[utoipa::path(
    tag = "centres",
    security(("bearer" = [])),
    params(ListCentresQuery),
    responses(
        (status = 200, description = "One page; or, with `Accept: text/csv`, every match as CSV (hosts `;`-joined)",
            headers(("Link" = String, description = "`<next page URL>; rel=\"next\"` when there is one")),
            content((CentrePage = "application/json"), (String = "text/csv"))),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid parameter", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable; see Retry-After", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "Internal error; quote the request id", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/centres")]
pub async fn list_centres(
    req: HttpRequest,
    db: Data<Db>,
    caller: Caller,
    query: ApiQuery<ListCentresQuery>,
) -> Result<HttpResponse, ApiError> {
    policy::read_registry(&caller)?;
    let query = query.into_inner();
    if csv::wanted(&req) {
        return export(&db, &query).await;
    }
    let sort = query.sort.unwrap_or_default();
    let after = Cursor::from_param(query.cursor.as_deref(), sort.as_str())?;
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
    let filter = list_filter(&query);
    let db_filter = filter.clone();
    let (mut items, total) = db
        .run(move |conn| {
            let after = after.map(|c| After { key: c.key, id: c.id });
            // One extra row says whether another page exists.
            Centre::list(conn, &db_filter, sort, after.as_ref(), i64::from(limit) + 1)
        })
        .await?;
    let params = [
        ("q", query.q.clone()),
        ("country", filter.country.clone()),
        ("status", filter.status.map(|s| s.as_str().to_owned())),
        ("institution_id", filter.institution_id.clone()),
        ("sort", Some(sort.as_str().to_owned())),
        ("limit", Some(limit.to_string())),
    ];
    let page = NextPage::after(&mut items, limit, COLLECTION, &params, |last| {
        Cursor::new(sort.as_str(), sort.by_name().then(|| last.centre.sort_key.clone()), last.centre.id.clone())
    });
    Ok(page.respond(&CentrePage {
        items: items.into_iter().map(CentreResponse::from).collect(),
        total,
        next: page.next.clone(),
        next_cursor: page.next_cursor.clone(),
    }))
}

/// Change a joint centre (JSON merge patch); `host_institution_ids` replaces all hosts. Requires
/// `If-Match` with the current ETag.
#[utoipa::path(
    tag = "centres",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, format = Uuid, example = "01a21f73-9c00-7000-8000-000000000201", description = "Centre id"),
        ("If-Match" = String, Header, example = "\"3\"", description = "ETag of the version being changed"),
    ),
    request_body(content = UpdateCentre, content_type = "application/merge-patch+json",
        description = "Also accepted as application/json."),
    responses(
        (status = 200, description = "The changed centre", body = CentreResponse,
            headers(("ETag" = String, description = "The new version tag"))),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed (only coordinators and administrators write centres)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such centre", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale If-Match: the centre changed since it was read", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match missing", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable; see Retry-After", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "Internal error; quote the request id", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/centres/{id}")]
pub async fn update_centre(
    db: Data<Db>,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
    body: ApiJson<UpdateCentre>,
) -> Result<HttpResponse, ApiError> {
    policy::write_registry(&caller)?;
    let id = record_id(&id)?;
    let changes = CentreChanges::from(body.into_inner());
    let actor = caller.actor();
    let record = db.run(move |conn| Centre::update(conn, &id, |v| if_match.matches(v), changes, &actor)).await?;
    Ok(with_etag(HttpResponse::Ok(), record))
}

/// Delete a centre nothing refers to (administrators); a centre with laboratories is closed
/// instead. `If-Match` is optional; when sent it must be current. Its history stays.
#[utoipa::path(
    tag = "centres",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, format = Uuid, example = "01a21f73-9c00-7000-8000-000000000201", description = "Centre id"),
        ("If-Match" = Option<String>, Header, example = "\"3\"", description = "ETag of the version being deleted"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed (only administrators delete)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such centre", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Laboratories refer to the centre; `errors` lists them. Close it instead", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale If-Match", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable; see Retry-After", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "Internal error; quote the request id", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/centres/{id}")]
pub async fn delete_centre(
    db: Data<Db>,
    caller: Caller,
    id: Path<String>,
    if_match: OptionalIfMatch,
) -> Result<HttpResponse, ApiError> {
    policy::delete_records(&caller)?;
    let id = record_id(&id)?;
    let actor = caller.actor();
    db.run(move |conn| Centre::delete(conn, &id, |v| if_match.0.as_ref().is_none_or(|m| m.matches(v)), &actor)).await?;
    Ok(HttpResponse::NoContent().finish())
}

fn list_filter(query: &ListCentresQuery) -> ListFilter {
    ListFilter {
        query: query.q.as_deref().map(search_key::normalise).filter(|q| !q.is_empty()),
        country: query.country.as_deref().map(country::normalise),
        status: query.status,
        institution_id: query.institution_filter(),
    }
}

/// Every centre matching the filters, in the requested order, as CSV; hosts as `;`-joined
/// columns (ids for machines, "name (country)" for people).
async fn export(db: &Db, query: &ListCentresQuery) -> Result<HttpResponse, ApiError> {
    let filter = list_filter(query);
    let sort = query.sort.unwrap_or_default();
    let records = db
        .run(move |conn| {
            csv::read_all(|last: Option<&CentreWithHosts>, n| {
                let after = last.map(|l| After { key: Some(l.centre.sort_key.clone()), id: l.centre.id.clone() });
                Ok(Centre::list(conn, &filter, sort, after.as_ref(), n)?.0)
            })
        })
        .await?;
    let columns = [
        "id",
        "name_en",
        "name_ru",
        "name_zh",
        "founded_on",
        "status",
        "host_institution_ids",
        "hosts",
        "description",
        "version",
    ];
    let rows = records.into_iter().map(|CentreWithHosts { centre: c, hosts }| {
        let host_ids: Vec<&str> = hosts.iter().map(|h| h.id.as_str()).collect();
        let host_names: Vec<String> = hosts.iter().map(|h| format!("{} ({})", h.name_en, h.country)).collect();
        vec![
            c.id,
            c.name_en,
            csv::optional(&c.name_ru),
            csv::optional(&c.name_zh),
            c.founded_on.map(|d| d.to_string()).unwrap_or_default(),
            c.status,
            host_ids.join(";"),
            host_names.join("; "),
            csv::optional(&c.description),
            c.version.to_string(),
        ]
    });
    csv::response("centres", &columns, rows)
}

/// The history of a joint centre, newest first (also after it was deleted). Host changes show as
/// `host_institution_ids` before and after.
#[utoipa::path(
    tag = "centres",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, example = "01a21f73-9c00-7000-8000-000000000201", description = "Centre id"), HistoryQuery),
    responses(
        (status = 200, description = "One page of changes", body = HistoryPage,
            headers(("Link" = String, description = "`<next page URL>; rel=\"next\"` when there is one"))),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such centre, now or ever", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid parameter", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable; see Retry-After", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "Internal error; quote the request id", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/centres/{id}/history")]
pub async fn centre_history(
    db: Data<Db>,
    caller: Caller,
    id: Path<String>,
    query: ApiQuery<HistoryQuery>,
) -> Result<HttpResponse, ApiError> {
    policy::read_registry(&caller)?;
    let id = record_id(&id)?;
    // A deleted centre's history stays readable.
    history::page(&db, "centre", COLLECTION, id, query.into_inner(), |conn, id| match Centre::find(conn, id) {
        Err(ApiError::NotFound) if crate::db::models::history::exists_for(conn, "centre", id)? => Ok(()),
        other => other.map(|_| ()),
    })
    .await
}
