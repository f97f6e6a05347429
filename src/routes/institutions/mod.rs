//! `/api/v1/institutions`: universities, academy institutes, funders, ministries and companies.

pub mod wire;

use actix_web::http::header;
use actix_web::web::{Data, Path};
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post};

use crate::auth::caller::Caller;
use crate::auth::policy;
use crate::db::Db;
use crate::db::models::idempotency::StoredResponse;
use crate::db::models::institution::{After, Institution, InstitutionChanges, InstitutionFields, ListFilter};
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
use wire::{CreateInstitution, InstitutionPage, InstitutionResponse, ListInstitutionsQuery, UpdateInstitution};

const COLLECTION: &str = "/api/v1/institutions";

fn with_etag(mut response: actix_web::HttpResponseBuilder, record: Institution) -> HttpResponse {
    response.insert_header((header::ETAG, etag(record.version)));
    response.json(InstitutionResponse::from(record))
}

/// Register an institution.
#[utoipa::path(
    tag = "institutions",
    security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 255, pattern = "^[!-~]+$", example = "5f0c7a52-1d9e-4c8b-9a3f-2e6d8b4c1a01", description = "Makes the create safe to retry: the same key and body within 24 h return the first answer")),
    request_body(content = CreateInstitution, content_type = "application/json"),
    responses(
        (status = 201, description = "Created", body = InstitutionResponse,
            headers(("Location" = String, description = "URL of the new institution"), ("ETag" = String, description = "Version tag for If-Match"))),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed (only coordinators and administrators write institutions)", body = Problem, content_type = "application/problem+json"),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The ROR id belongs to another institution, or a request with this Idempotency-Key is still running", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or an Idempotency-Key used with another body", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable; see Retry-After", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "Internal error; quote the request id", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/institutions")]
pub async fn create_institution(
    db: Data<Db>,
    caller: Caller,
    key: IdempotencyKey,
    body: ApiJson<CreateInstitution>,
) -> Result<HttpResponse, ApiError> {
    policy::write_institutions(&caller)?;
    let (input, fingerprint) = body.into_parts();
    let fields = InstitutionFields::from(input);
    let actor = caller.actor();
    create_once(&db, &caller, key, fingerprint, move |conn| {
        let record = Institution::insert(conn, fields, &actor)?;
        let location = format!("{COLLECTION}/{}", record.id);
        StoredResponse::created(location, etag(record.version), &InstitutionResponse::from(record))
    })
    .await
}

/// Read one institution.
#[utoipa::path(
    tag = "institutions",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, format = Uuid, example = "01a21f73-9c00-7000-8000-000000000001", description = "Institution id"),
        ("If-None-Match" = Option<String>, Header, example = "\"3\"", description = "ETag of a cached copy: 304 when it is current"),
    ),
    responses(
        (status = 200, description = "The institution", body = InstitutionResponse,
            headers(("ETag" = String, description = "Version tag for If-Match"))),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 304, description = "Not modified since the ETag in If-None-Match"),
        (status = 404, description = "No such institution", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable; see Retry-After", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "Internal error; quote the request id", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/institutions/{id}")]
pub async fn get_institution(
    db: Data<Db>,
    caller: Caller,
    id: Path<String>,
    cached: IfNoneMatch,
) -> Result<HttpResponse, ApiError> {
    policy::read_institutions(&caller)?;
    let id = record_id(&id)?;
    let record = db.run(move |conn| Institution::find(conn, &id)).await?;
    if cached.matches(record.version) {
        return Ok(HttpResponse::NotModified().insert_header((header::ETAG, etag(record.version))).finish());
    }
    Ok(with_etag(HttpResponse::Ok(), record))
}

/// List institutions, with search, filters, sorting and cursor paging.
#[utoipa::path(
    tag = "institutions",
    security(("bearer" = [])),
    params(ListInstitutionsQuery),
    responses(
        (status = 200, description = "One page; or, with `Accept: text/csv`, every match as CSV",
            headers(("Link" = String, description = "`<next page URL>; rel=\"next\"` when there is one")),
            content((InstitutionPage = "application/json"), (String = "text/csv"))),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid parameter", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable; see Retry-After", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "Internal error; quote the request id", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/institutions")]
pub async fn list_institutions(
    req: HttpRequest,
    db: Data<Db>,
    caller: Caller,
    query: ApiQuery<ListInstitutionsQuery>,
) -> Result<HttpResponse, ApiError> {
    policy::read_institutions(&caller)?;
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
            Institution::list(conn, &db_filter, sort, after.as_ref(), i64::from(limit) + 1)
        })
        .await?;
    let params = [
        ("q", query.q.clone()),
        ("country", filter.country.clone()),
        ("kind", filter.kind.map(|k| k.as_str().to_owned())),
        ("sort", Some(sort.as_str().to_owned())),
        ("limit", Some(limit.to_string())),
    ];
    let page = NextPage::after(&mut items, limit, COLLECTION, &params, |last| {
        Cursor::new(sort.as_str(), sort.by_name().then(|| last.sort_key.clone()), last.id.clone())
    });
    Ok(page.respond(&InstitutionPage {
        items: items.into_iter().map(InstitutionResponse::from).collect(),
        total,
        next: page.next.clone(),
        next_cursor: page.next_cursor.clone(),
    }))
}

/// Change an institution (JSON merge patch). Requires `If-Match` with the current ETag.
#[utoipa::path(
    tag = "institutions",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, format = Uuid, example = "01a21f73-9c00-7000-8000-000000000001", description = "Institution id"),
        ("If-Match" = String, Header, example = "\"3\"", description = "ETag of the version being changed"),
    ),
    request_body(content = UpdateInstitution, content_type = "application/merge-patch+json",
        description = "Also accepted as application/json."),
    responses(
        (status = 200, description = "The changed institution", body = InstitutionResponse,
            headers(("ETag" = String, description = "The new version tag"))),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed (only coordinators and administrators write institutions)", body = Problem, content_type = "application/problem+json"),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such institution", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The ROR id belongs to another institution", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale If-Match: the institution changed since it was read", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match missing", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable; see Retry-After", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "Internal error; quote the request id", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/institutions/{id}")]
pub async fn update_institution(
    db: Data<Db>,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
    body: ApiJson<UpdateInstitution>,
) -> Result<HttpResponse, ApiError> {
    policy::write_institutions(&caller)?;
    let id = record_id(&id)?;
    let changes = InstitutionChanges::from(body.into_inner());
    let actor = caller.actor();
    let record = db.run(move |conn| Institution::update(conn, &id, |v| if_match.matches(v), changes, &actor)).await?;
    Ok(with_etag(HttpResponse::Ok(), record))
}

/// Delete an institution nothing refers to (administrators). `If-Match` is optional; when sent it
/// must be current. Its history stays.
#[utoipa::path(
    tag = "institutions",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, format = Uuid, example = "01a21f73-9c00-7000-8000-000000000001", description = "Institution id"),
        ("If-Match" = Option<String>, Header, example = "\"3\"", description = "ETag of the version being deleted"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such institution", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Other records refer to this institution; `errors` lists them", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale If-Match", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable; see Retry-After", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "Internal error; quote the request id", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/institutions/{id}")]
pub async fn delete_institution(
    db: Data<Db>,
    caller: Caller,
    id: Path<String>,
    if_match: OptionalIfMatch,
) -> Result<HttpResponse, ApiError> {
    policy::delete_records(&caller)?;
    let id = record_id(&id)?;
    let actor = caller.actor();
    db.run(move |conn| Institution::delete(conn, &id, |v| if_match.0.as_ref().is_none_or(|m| m.matches(v)), &actor))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

fn list_filter(query: &ListInstitutionsQuery) -> ListFilter {
    ListFilter {
        query: query.q.as_deref().map(search_key::normalise).filter(|q| !q.is_empty()),
        country: query.country.as_deref().map(country::normalise),
        kind: query.kind,
    }
}

/// Every institution matching the filters, in the requested order, as CSV.
async fn export(db: &Db, query: &ListInstitutionsQuery) -> Result<HttpResponse, ApiError> {
    let filter = list_filter(query);
    let sort = query.sort.unwrap_or_default();
    let records = db
        .run(move |conn| {
            csv::read_all(|last: Option<&Institution>, n| {
                let after = last.map(|l| After { key: Some(l.sort_key.clone()), id: l.id.clone() });
                Ok(Institution::list(conn, &filter, sort, after.as_ref(), n)?.0)
            })
        })
        .await?;
    let columns = ["id", "name_en", "name_ru", "name_zh", "country", "city", "ror_id", "kind", "website", "version"];
    let rows = records.into_iter().map(|r| {
        vec![
            r.id,
            r.name_en,
            csv::optional(&r.name_ru),
            csv::optional(&r.name_zh),
            r.country,
            csv::optional(&r.city),
            csv::optional(&r.ror_id),
            r.kind,
            csv::optional(&r.website),
            r.version.to_string(),
        ]
    });
    csv::response("institutions", &columns, rows)
}

/// The history of an institution, newest first (also after it was deleted).
#[utoipa::path(
    tag = "institutions",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, example = "01a21f73-9c00-7000-8000-000000000001", description = "Institution id"), HistoryQuery),
    responses(
        (status = 200, description = "One page of changes", body = HistoryPage,
            headers(("Link" = String, description = "`<next page URL>; rel=\"next\"` when there is one"))),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such institution", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid parameter", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable; see Retry-After", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "Internal error; quote the request id", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/institutions/{id}/history")]
pub async fn institution_history(
    db: Data<Db>,
    caller: Caller,
    id: Path<String>,
    query: ApiQuery<HistoryQuery>,
) -> Result<HttpResponse, ApiError> {
    policy::read_institutions(&caller)?;
    let id = record_id(&id)?;
    // A deleted institution's history stays readable.
    history::page(&db, "institution", COLLECTION, id, query.into_inner(), |conn, id| {
        match Institution::find(conn, id) {
            Err(ApiError::NotFound) if crate::db::models::history::exists_for(conn, "institution", id)? => Ok(()),
            other => other.map(|_| ()),
        }
    })
    .await
}
