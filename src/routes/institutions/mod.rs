//! `/api/v1/institutions`: universities, academy institutes, funders, ministries and companies.

pub mod export;
pub mod wire;

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post};

use crate::auth::policy;
use crate::db::DbConn;
use crate::db::models::institution::{Institution, InstitutionChanges, InstitutionFields, ListFilter};
use crate::db::models::versioned::{self, Precondition};
use crate::domain::{country, ror, search_key};
use crate::error::{ApiError, Problem};
use crate::http::creation::Creation;
use crate::http::csv;
use crate::http::etag::{IfMatch, IfNoneMatch, OptionalIfMatch};
use crate::http::exchange::{Context, Exchange};
use crate::http::pagination::{Cursor, DEFAULT_LIMIT, NextPage, PageLink};
use crate::http::query::ApiQuery;
use crate::http::record::{Change, Reading, RecordId};
use crate::http::responses::{
    Changed, Created, Current, Deleted, InvalidFields, InvalidQuery, JsonBody, Listed, NoSuchRecord, NotModified,
    SignedIn, StaffOnly, Versioned,
};
use crate::http::spreadsheet::Spreadsheet;
use crate::routes::deletion::Deletion;
use crate::routes::history::{History, HistoryQuery, HistoryRequest};
use wire::{CreateInstitution, InstitutionPage, InstitutionResponse, ListInstitutionsQuery, UpdateInstitution};

const COLLECTION: &str = "/api/v1/institutions";

/// Why a deletion is refused while other records refer to the institution.
const STILL_REFERENCED: &str = "Other records refer to this institution, so it cannot be deleted; `errors` lists them.";

/// Register an institution.
#[utoipa::path(
    tag = "institutions",
    security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, nullable = false, min_length = 1, max_length = 255, pattern = "^[!-~]+$", example = "5f0c7a52-1d9e-4c8b-9a3f-2e6d8b4c1a01", description = "Makes the create safe to retry: the same key and body within 24 h return the first answer")),
    request_body(content = CreateInstitution, content_type = "application/json"),
    responses(
        Created<InstitutionResponse>,
        (status = 409, description = "The ROR id belongs to another institution, or a request with this Idempotency-Key is still running", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or an Idempotency-Key used with another body", body = Problem, content_type = "application/problem+json"),
        StaffOnly, JsonBody, SignedIn,
    )
)]
#[post("/institutions")]
pub async fn create_institution(creation: Creation<CreateInstitution>) -> Result<HttpResponse, ApiError> {
    creation.respond(COLLECTION, create, |record, _| InstitutionResponse::new(record)).await
}

/// Read one institution.
#[utoipa::path(
    tag = "institutions",
    security(("bearer" = [])),
    params(RecordId, IfNoneMatch),
    responses(
        Current<InstitutionResponse>,
        NoSuchRecord, NotModified, SignedIn,
    )
)]
#[get("/institutions/{id}")]
pub async fn get_institution(request: Reading) -> Result<HttpResponse, ApiError> {
    request.respond(read, |record| record.version, InstitutionResponse::new).await
}

/// Registers an institution, as `POST /api/v1/institutions` does (the console's form too).
pub fn create(conn: &mut DbConn, context: &Context, fields: InstitutionFields) -> Result<Institution, ApiError> {
    policy::write_institutions(context.caller()?)?;
    Institution::insert(conn, fields, &context.actor()?)
}

/// Changes institution `id` if it is still the version `expected` names, as `PATCH` does.
pub fn update(
    conn: &mut DbConn,
    context: &Context,
    id: &str,
    expected: &impl Precondition,
    changes: InstitutionChanges,
) -> Result<Institution, ApiError> {
    let record = Institution::find(conn, id)?;
    policy::write_institutions(context.caller()?)?;
    versioned::update(conn, &context.actor()?, record, expected, |conn, r| changes.apply(conn, r))
}

/// Institution `id`, as `GET /api/v1/institutions/{id}` reads it.
pub fn read(conn: &mut DbConn, context: &Context, id: &str) -> Result<Institution, ApiError> {
    policy::read_institutions(context.caller()?)?;
    Institution::find(conn, id)
}

/// List institutions, with search, filters, sorting and cursor paging.
#[utoipa::path(
    tag = "institutions",
    security(("bearer" = [])),
    params(ListInstitutionsQuery),
    responses(
        Listed<InstitutionPage>, InvalidQuery, SignedIn,
    )
)]
#[get("/institutions")]
pub async fn list_institutions(
    req: HttpRequest,
    exchange: Exchange,
    query: ApiQuery<ListInstitutionsQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let link = PageLink::of(&req);
    let sort = query.page.sort.unwrap_or_default();
    let filter = ListFilter {
        query: query.q.as_deref().map(search_key::normalise).filter(|q| !q.is_empty()),
        country: query.country.as_deref().map(country::normalise),
        kind: query.kind,
        ror_id: query.ror.as_deref().and_then(|ror| ror::parse(ror).ok()),
        updated_since: query.page.updated_since.map(|t| t.naive_utc()),
    };
    if let Some(sheet) = Spreadsheet::wanted(&req) {
        let records = exchange
            .read(move |conn, context| {
                policy::read_institutions(context.caller()?)?;
                csv::read_all(|last: Option<&Institution>, n| {
                    let after = last.map(|l| (l.sort_key.clone(), l.id.clone()));
                    Ok(Institution::list(conn, &filter, sort, after, n)?.0)
                })
            })
            .await?;
        return export::respond(sheet, records).await;
    }
    let after = Cursor::from_param(query.page.cursor.as_deref(), sort.as_str())?;
    let limit = query.page.limit.unwrap_or(DEFAULT_LIMIT);
    let (mut records, total) = exchange
        .read(move |conn, context| {
            policy::read_institutions(context.caller()?)?;
            // One extra row says whether another page exists.
            Institution::list(conn, &filter, sort, after.map(Cursor::position), i64::from(limit) + 1)
        })
        .await?;
    let page =
        NextPage::after(&mut records, limit, &link, |last| Cursor::in_name_order(sort, &last.sort_key, &last.id));
    Ok(InstitutionPage::respond(
        records.into_iter().map(InstitutionResponse::new).collect::<Result<_, _>>()?,
        total,
        page,
    ))
}

/// Change an institution (JSON merge patch). Requires `If-Match` with the current ETag.
#[utoipa::path(
    tag = "institutions",
    security(("bearer" = [])),
    params(RecordId, IfMatch),
    request_body(content = UpdateInstitution, content_type = "application/merge-patch+json",
        description = "Also accepted as application/json."),
    responses(
        Changed<InstitutionResponse>,
        (status = 409, description = "The ROR id belongs to another institution", body = Problem, content_type = "application/problem+json"),
        StaffOnly, NoSuchRecord, InvalidFields, Versioned, JsonBody, SignedIn,
    )
)]
#[patch("/institutions/{id}")]
pub async fn update_institution(change: Change<UpdateInstitution>) -> Result<HttpResponse, ApiError> {
    change.respond(update, |record| record.version, InstitutionResponse::new).await
}

/// Delete an institution nothing refers to (administrators). `If-Match` is optional; when sent it
/// must be current. Its history stays.
#[utoipa::path(
    tag = "institutions",
    security(("bearer" = [])),
    params(RecordId, OptionalIfMatch),
    responses(
        (status = 409, description = "Other records refer to this institution; `errors` lists them", body = Problem, content_type = "application/problem+json"),
        NoSuchRecord, Deleted, SignedIn,
    )
)]
#[delete("/institutions/{id}")]
pub async fn delete_institution(deletion: Deletion) -> Result<HttpResponse, ApiError> {
    deletion.run(|conn, _, id| Institution::find(conn, id), Institution::references, STILL_REFERENCED).await
}

/// The history of an institution, newest first (also after it was deleted).
#[utoipa::path(
    tag = "institutions",
    security(("bearer" = [])),
    params(RecordId, HistoryQuery),
    responses(
        NoSuchRecord, History, SignedIn,
    )
)]
#[get("/institutions/{id}/history")]
pub async fn institution_history(request: HistoryRequest) -> Result<HttpResponse, ApiError> {
    request.of_registry_record("institution", COLLECTION, |conn, id| Institution::find(conn, id).map(|_| ())).await
}
